//! Source files as read from disk or stdin, and the store that codespan renders from.
//!
//! A `SourceFile` keeps the file's text exactly as it is on disk, minus a UTF-8 byte-order mark.
//! Every range in hirelint is a byte range into that text; `file_offset` adds the BOM back when
//! a range leaves the program (JSON), so offsets stay true to the bytes on disk.

use std::ops::Range;

mod parts;
pub use parts::{Numbering, PART_BYTES, Part, Parts};

use codespan_reporting::files::{self, Files};

const BOM: &str = "\u{feff}";

/// A name or message for a terminal: control characters written as escapes (`\u{1b}`), as
/// ripgrep and rustc show them.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls_but(text, &['\t'])
}

/// `escape_controls`, leaving the characters of `keep` as they are (a format that escapes
/// line breaks its own way keeps them).
pub fn escape_controls_but<'t>(text: &'t str, keep: &[char]) -> std::borrow::Cow<'t, str> {
    let escaped = |c: char| c.is_control() && !keep.contains(&c);
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `bytes` as text, each byte that is not part of valid UTF-8 replaced by `?` (one byte for
/// one byte, unlike U+FFFD, so offsets do not move).
fn with_placeholders(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    text
}

/// Where lines start: after `\n`, and after a `\r` that is not part of `\r\n` (old Mac
/// files end lines with CR alone, and the readers break lines there too).
pub fn line_starts(text: &str) -> Vec<usize> {
    // Room for a line in every 48 bytes (a posting's lines run 40–80), so that the list is
    // seldom copied to grow; pages it does not reach are not memory the process holds.
    let mut starts = Vec::with_capacity(1 + text.len() / 48);
    starts.push(0);
    #[cfg(target_arch = "x86_64")]
    if crate::bytescan::wide_blocks() {
        // SAFETY: the processor has AVX2.
        unsafe { push_line_breaks_avx2(text.as_bytes(), &mut starts) };
        return starts;
    }
    starts.extend(line_breaks(text.as_bytes()));
    starts
}

/// The offsets just after each line end of `bytes` (see `line_starts`), with a SIMD search
/// for each.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| is_line_end(bytes, i))
        .map(|i| i + 1)
}

/// Whether the `\n` or `\r` at `i` ends a line: a `\r` before a `\n` does not.
fn is_line_end(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')
}

/// `line_breaks` pushed onto `starts`, 32 bytes compared at a time and the line ends taken
/// off the block's mask in one loop: every file is read here, and a search call for each
/// line (memchr's) cost about 70 instructions a line, 1.5% of a run over bulk.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn push_line_breaks_avx2(bytes: &[u8], starts: &mut Vec<usize>) {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    let (lf, cr) = (_mm256_set1_epi8(b'\n' as i8), _mm256_set1_epi8(b'\r' as i8));
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + 32) {
        // SAFETY: an unaligned load of the 32 bytes of `block`.
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast()) };
        let mut mask = _mm256_movemask_epi8(_mm256_or_si256(
            _mm256_cmpeq_epi8(v, lf),
            _mm256_cmpeq_epi8(v, cr),
        )) as u32;
        while mask != 0 {
            let i = at + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if is_line_end(bytes, i) {
                starts.push(i + 1);
            }
        }
        at += 32;
    }
    starts.extend(line_breaks(&bytes[at..]).map(|i| at + i));
}

/// A UTF-16 byte-order mark or a NUL byte in `bytes`: text hirelint does not read.
fn refused(bytes: &[u8]) -> Option<ReadError> {
    if is_utf16(bytes) {
        Some(ReadError::Utf16)
    } else if memchr::memchr(0, bytes).is_some() {
        Some(ReadError::Binary)
    } else {
        None
    }
}

/// Opens a regular file, and its size: never reads a device or a FIFO, which could be read
/// forever. On Unix the file is opened first, without waiting (a FIFO's open would wait for a
/// writer), then asked what it is: asked by its path first, each file's path was looked up
/// twice, and bulk took 1.02 times the time.
fn open_regular(path: &std::path::Path) -> Result<(std::fs::File, u64), ReadError> {
    #[cfg(unix)]
    let (file, metadata) = {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .map_err(|error| match std::fs::metadata(path) {
                // A socket cannot be opened: it is no regular file all the same.
                Ok(metadata) if !metadata.is_file() => ReadError::NotAFile,
                _ => error.into(),
            })?;
        let metadata = file.metadata()?;
        (file, metadata)
    };
    #[cfg(not(unix))]
    let (file, metadata) = {
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(ReadError::NotAFile);
        }
        (std::fs::File::open(path)?, metadata)
    };
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    Ok((file, metadata.len()))
}

/// The text as a terminal may be shown it: control characters (ESC, a bare CR, C1 controls)
/// replaced by a visible character of the same UTF-8 length, so that a posting cannot move the
/// cursor, set the title or clear the screen of whoever lints it, and every byte range still
/// lands on the same characters.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    crate::work::count(crate::work::Loop::Shown, text.len());
    let unsafe_char = |(i, c): (usize, char)| {
        c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && text[i + 1..].starts_with('\n'))
    };
    if !may_hold_controls(text) || !text.char_indices().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if !unsafe_char((i, c)) {
            out.push(c);
        } else if c == '\r' {
            // A line end of its own: shown as a space at the end of the line.
            out.push(' ');
        } else if c.len_utf8() == 1 {
            out.push('?');
        } else {
            // C1 controls (U+0080–U+009F) are two bytes: a two-byte placeholder.
            out.push('\u{b7}');
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `text` may hold a character `printable` replaces: a byte below 0x20 but tab and
/// line feed (a CR is one when bare), DEL, or 0xC2 (the lead byte of the C1 controls). Read
/// in blocks of 64 bytes, which the compiler vectorises: most texts hold none, and the exact
/// check goes character by character.
fn may_hold_controls(text: &str) -> bool {
    text.as_bytes().chunks(64).any(|block| {
        block.iter().fold(false, |seen, &b| {
            seen | (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7f) | (b == 0xc2)
        })
    })
}

/// One input file: its display name and its text (BOM removed, everything else verbatim).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Length of the byte-order mark removed from the front of the file (0 or 3).
    pub bom_len: usize,
    line_starts: Vec<usize>,
    /// How many characters precede each `CHAR_BLOCK`-byte block: a column on a long line is
    /// then counted from the nearest block, not from the line's start, so many findings on
    /// one long line cost what they cost on short ones.
    block_chars: Vec<usize>,
    /// Where the text starts in the file: 0 and 0, unless it is a part of a file read in
    /// parts (a JSON Lines feed), whose lines and offsets continue from there.
    origin: Origin,
    /// The text as a terminal is shown it (`printable`), made the first time a finding is
    /// drawn and kept: every posting of an export shares its file, and making it per posting
    /// read the whole file once for each (60,000 rows of a 14 MB CSV took 8 minutes); `None`
    /// when it is the text itself.
    shown: std::sync::OnceLock<Option<String>>,
}

/// Where a part of a file starts in it: the byte offset and the 0-based line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    pub byte: usize,
    pub line: usize,
    /// Rows of a spreadsheet before the part's first, its header row not counted (see
    /// `Parts::rows`).
    pub rows_before: usize,
    /// The part's first bytes that are a copy of the file's first ones (an XML feed's
    /// prolog, with its directive comments, read before each part's jobs), and where they
    /// are in the file (past a byte-order mark): a finding there points at the file's own.
    pub prolog: usize,
    pub prolog_at: usize,
}

/// Bytes per block of `SourceFile::block_chars`.
const CHAR_BLOCK: usize = 1024;

/// The characters before each block, and after the last: the end of a text whose length is
/// a multiple of the block starts a block of its own.
fn block_chars(text: &str) -> Vec<usize> {
    let mut total = 0;
    let mut out = Vec::with_capacity(text.len() / CHAR_BLOCK + 2);
    for block in text.as_bytes().chunks(CHAR_BLOCK) {
        out.push(total);
        total += crate::bytescan::count_chars(block);
    }
    out.push(total);
    out
}

/// Why a file could not become a `SourceFile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The OS refused the read (permissions, vanished file, ...).
    Io(String),
    /// The bytes are not UTF-8; `valid_up_to` is the offset of the first bad byte in the file.
    /// `shown` is the file with every byte that is not UTF-8 written as `?`: the same length,
    /// so that the finding can point at the bad byte without reading the file again.
    InvalidUtf8 { valid_up_to: usize, shown: String },
    /// A NUL byte: the file is binary.
    Binary,
    /// Not a regular file (a device such as /dev/zero, a FIFO, a socket): never read.
    NotAFile,
    /// Text in UTF-16 (a byte-order mark FF FE or FE FF): a posting saved in the wrong
    /// encoding, said as such rather than called binary.
    Utf16,
    /// Larger than the limit (`--max-file-size`): not read.
    TooLarge { size: u64, limit: u64 },
    /// A line of a file read in parts (JSON Lines) longer than the limit: skipped.
    LineTooLarge { limit: u64 },
    /// A row of a spreadsheet read in parts longer than the limit: skipped.
    RowTooLarge { limit: u64 },
    /// A record of an XML feed read in parts (a `<job>`), or an element of a JSON export's
    /// array, longer than the limit: skipped.
    ElementTooLarge { limit: u64 },
    /// An XML feed whose first bytes, up to the limit, hold no posting to read it by, or none
    /// whose end tag ends its line (a feed written on one line); a JSON array none of whose
    /// elements' commas ends a line within them.
    NoRecordWithin { limit: u64 },
}

/// An OS error reading a file, as the message it reports.
impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e.to_string())
    }
}

/// The largest posting read, in bytes (`--max-file-size`; 10 MiB by default). One setting
/// for the process: the command line sets it once, before any file is read.
static MAX_FILE_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(DEFAULT_MAX_FILE_BYTES);

/// 10 MiB: a thousand times a long posting.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 << 20;

/// Sets the largest posting read.
pub fn set_max_file_bytes(limit: u64) {
    MAX_FILE_BYTES.store(limit, std::sync::atomic::Ordering::Relaxed);
}

pub fn max_file_bytes() -> u64 {
    MAX_FILE_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// How much is read first to tell a binary file (a NUL byte) from text.
const SNIFF_BYTES: usize = 8 << 10;

/// Reads a posting from disk with bounds: only a regular file, no larger than the limit
/// (checked before reading, and again while reading, for a file that grows), and a binary
/// file is told from its first block (past `ONE_READ_BYTES`, without reading the rest).
pub fn read_posting(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let (file, size) = open_regular(path)?;
    let limit = max_file_bytes();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut reader = file.take(limit + 1);
    if size < ONE_READ_BYTES {
        return read_small(reader, size as usize, limit);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The first bytes read straight into the posting's buffer (a buffer of their own was
    // zeroed for every file, then copied).
    let n = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut bytes)?;
    if let Some(error) = refused(&bytes[..n]) {
        return Err(error);
    }
    // A first block short of `SNIFF_BYTES` ended at the end of the file (or past the limit):
    // asking again would cost a read that returns nothing (a third of a run's reads).
    if n == SNIFF_BYTES {
        reader.read_to_end(&mut bytes)?;
    }
    within_limit(bytes, limit)
}

/// The bytes of a file that may have grown past the limit while it was read.
fn within_limit(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, ReadError> {
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// A posting smaller than this is read in one call (see `read_small`) and told binary from its
/// first block after: reading a megabyte more of a binary file costs less than a second read
/// of every posting.
const ONE_READ_BYTES: u64 = 1 << 20;

/// Reads a file of `size` bytes (its size before opening) with one `read` where the OS allows:
/// asking for one byte more than `size` and getting `size` says the file ended, without the
/// read that returns nothing which `read_to_end` makes (a second system call a posting, a
/// fifth of a long run's). A short read goes on reading; a file that grew reads to its end.
fn read_small(
    mut reader: std::io::Take<std::fs::File>,
    size: usize,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size + 1);
    loop {
        match read_into_spare(&mut reader, &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
        if bytes.len() >= size {
            break;
        }
    }
    let grew = bytes.len() > size;
    if grew {
        reader.read_to_end(&mut bytes)?;
    }
    if let Some(error) = refused(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        return Err(error);
    }
    within_limit(bytes, limit)
}

/// Reads once into `bytes`' spare capacity, at most `reader`'s limit, and returns how many
/// bytes came. On Unix the capacity is not zeroed first: zeroing every posting's buffer before
/// the kernel wrote over it was 1% of bulk's instructions.
fn read_into_spare(
    reader: &mut std::io::Take<std::fs::File>,
    bytes: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let spare = bytes.capacity() - bytes.len();
    let want = spare.min(usize::try_from(reader.limit()).unwrap_or(usize::MAX));
    if want == 0 {
        return Ok(0);
    }
    #[cfg(unix)]
    let read = {
        use std::os::fd::AsRawFd;
        let fd = reader.get_ref().as_raw_fd();
        let into = bytes.spare_capacity_mut().as_mut_ptr().cast();
        // SAFETY: `read` writes at most `want` bytes at `into`, the start of the spare
        // capacity, which is at least that long; `set_len` below covers only what it wrote.
        let read = unsafe { libc::read(fd, into, want) };
        if read < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let read = read as usize;
        // SAFETY: the kernel initialised these `read` bytes, within the capacity.
        unsafe { bytes.set_len(bytes.len() + read) };
        read
    };
    #[cfg(not(unix))]
    let read = {
        use std::io::Read;
        let start = bytes.len();
        bytes.resize(start + want, 0);
        let read = reader.get_mut().read(&mut bytes[start..]);
        bytes.truncate(start + read.as_ref().map_or(0, |&n| n));
        read?
    };
    reader.set_limit(reader.limit() - read as u64);
    Ok(read)
}

/// The most a config or rule file may hold: they are a few kilobytes.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads a config or rule file: a regular file of at most `MAX_CONFIG_BYTES` (so that
/// `--config /dev/zero` is an error, not a read that never ends).
pub fn read_config_text(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {MAX_CONFIG_BYTES} bytes"),
        ));
    }
    Ok(text)
}

/// A UTF-16 byte-order mark (little or big endian) at the start.
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

/// `1048576`, `512K`, `10M`, `1G` (powers of 1,024) as bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 10M"))?;
    let factor = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("`{text}`: the unit is K, M or G")),
    };
    let size = number
        .checked_mul(factor)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))?;
    if size > MAX_POSTING_BYTES + 1 {
        return Err(format!(
            "`{text}` is above the largest posting hirelint reads, 4G"
        ));
    }
    Ok(size.min(MAX_POSTING_BYTES))
}

/// The largest posting of all: offsets inside a posting are 32-bit (`document::span`).
pub const MAX_POSTING_BYTES: u64 = u32::MAX as u64;

impl ReadError {
    /// What went wrong, for bytes that start at `origin` in their file.
    pub fn describe(&self, origin: Origin) -> String {
        match self {
            ReadError::InvalidUtf8 { valid_up_to, .. } => format!(
                "file is not valid UTF-8 (first invalid byte at offset {})",
                origin.byte + valid_up_to
            ),
            _ => self.to_string(),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
            ReadError::InvalidUtf8 { .. } => f.write_str(&self.describe(Origin::default())),
            ReadError::Binary => write!(f, "file looks binary (it contains a NUL byte)"),
            ReadError::Utf16 => write!(f, "file is UTF-16 text; hirelint reads UTF-8"),
            ReadError::NotAFile => {
                write!(f, "not a regular file (a device, FIFO or socket); not read")
            }
            ReadError::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes, above the limit of {limit} bytes (--max-file-size); not read"
            ),
            ReadError::LineTooLarge { limit } => write!(
                f,
                "line is longer than the limit of {limit} bytes (--max-file-size); not read"
            ),
            ReadError::RowTooLarge { limit } => write!(
                f,
                "row is longer than the limit of {limit} bytes (--max-file-size); not read"
            ),
            ReadError::ElementTooLarge { limit } => write!(
                f,
                "job element is longer than the limit of {limit} bytes (--max-file-size); not read"
            ),
            ReadError::NoRecordWithin { limit } => write!(
                f,
                "no job element ending a line in the feed's first {limit} bytes (--max-file-size); \
                 not read"
            ),
        }
    }
}

impl SourceFile {
    /// Builds a source file from text already in memory (stdin, tests, rule self-tests).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        let bom_len = if text.starts_with(BOM) {
            text.drain(..BOM.len());
            BOM.len()
        } else {
            0
        };
        let line_starts = line_starts(&text);
        let block_chars = block_chars(&text);
        SourceFile {
            name: name.into(),
            text,
            bom_len,
            line_starts,
            block_chars,
            origin: Origin::default(),
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The text as a terminal may be shown it (see `printable`), made once.
    pub fn shown(&self) -> &str {
        self.shown
            .get_or_init(|| match printable(&self.text) {
                std::borrow::Cow::Borrowed(_) => None,
                std::borrow::Cow::Owned(text) => Some(text),
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// The same text as a part of a larger file that starts at `origin`: lines, columns and
    /// file offsets are then those of the whole file.
    pub fn at(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// Where the text starts in its file.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Decodes raw bytes: NUL means binary, anything but UTF-8 is an error.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, ReadError> {
        if let Some(error) = refused(&bytes) {
            return Err(error);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, text)),
            Err(e) => Err(ReadError::InvalidUtf8 {
                valid_up_to: e.utf8_error().valid_up_to(),
                shown: with_placeholders(e.as_bytes()),
            }),
        }
    }

    /// A source for an undecodable file: its text with placeholders, and the range of the
    /// first bad byte in that text.
    pub fn undecodable(
        name: impl Into<String>,
        shown: &str,
        valid_up_to: usize,
    ) -> (Self, Range<usize>) {
        let source = SourceFile::new(name, shown);
        // `valid_up_to` counts the byte-order mark; the text does not hold it.
        let at = valid_up_to
            .saturating_sub(source.bom_len)
            .min(source.text.len());
        let end = (at + 1).min(source.text.len());
        (source, at..end)
    }

    /// Reads (within the limits of `read_posting`) and decodes a file from disk.
    pub fn read(path: &std::path::Path, name: impl Into<String>) -> Result<Self, ReadError> {
        SourceFile::from_bytes(name, read_posting(path)?)
    }

    /// Where the lines of `text` start (see `line_starts`).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The byte range in the file on disk for a range in `text`.
    pub fn file_range(&self, range: &Range<usize>) -> Range<usize> {
        let shift = if range.start < self.origin.prolog {
            self.origin.prolog_at
        } else {
            self.bom_len + self.origin.byte
        };
        range.start + shift..range.end + shift
    }

    /// The 1-based line in the file of `text`'s 0-based line `line`.
    fn file_line(&self, line: usize) -> usize {
        match self.line_starts.get(line) {
            Some(&start) if start < self.origin.prolog => line + 1,
            _ => self.origin.line + line + 1,
        }
    }

    /// 1-based line and column (in Unicode scalar values, as codespan counts) of a byte offset.
    /// The BOM is not a column: editors do not show it.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        // Within a block, the line's characters are counted directly: one short count
        // instead of two counts from the block starts.
        let chars = if offset - start <= CHAR_BLOCK {
            crate::work::count(crate::work::Loop::Columns, 1 + offset - start);
            crate::bytescan::count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        (self.file_line(line), chars + 1)
    }

    /// The 0-based line holding byte `offset` (at most the text's length).
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .binary_search(&offset)
            .unwrap_or_else(|next| next - 1)
    }

    /// Characters before byte `offset`, from the block index.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        crate::work::count(crate::work::Loop::Columns, 1 + offset.saturating_sub(from));
        self.block_chars.get(block).copied().unwrap_or(0)
            + crate::bytescan::count_chars(&self.text.as_bytes()[from.min(offset)..offset])
    }

    /// 1-based line and column of a byte offset, the column in bytes from the line's start
    /// (Vim's quickfix `%c`, Neovim).
    pub fn line_byte_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        (self.file_line(line), offset - self.line_starts[line] + 1)
    }

    /// The byte range of the line holding `offset`, line end included.
    pub fn line_around(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        self.line_range(line).unwrap_or(offset..offset)
    }

    fn line_range(&self, line_index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line_index)?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// The files of a run, borrowed and indexed by position; implements codespan's `Files` so
/// that every emitter renders from one store without copying or a mutable `SimpleFiles`.
#[derive(Debug, Default)]
pub struct SourceDb<'a> {
    files: Vec<&'a SourceFile>,
    /// Each file's text and name as printed: control characters made harmless.
    shown: Vec<(String, &'a str)>,
}

/// Index of a file in a `SourceDb`.
pub type FileId = usize;

impl<'a> SourceDb<'a> {
    pub fn new(files: Vec<&'a SourceFile>) -> Self {
        let shown = files
            .iter()
            .map(|f| (escape_controls(&f.name).into_owned(), f.shown()))
            .collect();
        SourceDb { files, shown }
    }
}

impl<'a> Files<'a> for SourceDb<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.shown
            .get(id)
            .map(|(name, _)| name.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.shown
            .get(id)
            .map(|(_, text)| *text)
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let file = self.files.get(id).ok_or(files::Error::FileMissing)?;
        Ok(file.line_of(byte_index.min(file.text.len())))
    }

    /// Line numbers of a part of a file continue from the part's origin.
    fn line_number(&'a self, id: FileId, line_index: usize) -> Result<usize, files::Error> {
        let file = self.files.get(id).ok_or(files::Error::FileMissing)?;
        Ok(file.file_line(line_index))
    }

    /// From the block index: the default counts from the line's start on every call.
    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let file = self.files.get(id).ok_or(files::Error::FileMissing)?;
        Ok(file.line_col(byte_index).1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.files.get(id).ok_or(files::Error::FileMissing)?;
        file.line_range(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts.len().saturating_sub(1),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The line starts are where the line ends are, found with a SIMD search.
        #[test]
        fn line_starts_are_found_as_byte_by_byte(text in "[a-z \\t\\r\\n\\u{e9}\\u{2022}]{0,100}") {
            let bytes = text.as_bytes();
            let expected: Vec<usize> = std::iter::once(0)
                .chain((0..bytes.len()).filter(|&i| {
                    bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
                }).map(|i| i + 1))
                .collect();
            proptest::prop_assert_eq!(&line_starts(&text), &expected);
            // The search for each line end, which processors without AVX2 take.
            let by_search: Vec<usize> = std::iter::once(0).chain(line_breaks(bytes)).collect();
            proptest::prop_assert_eq!(by_search, expected);
        }
    }

    /// A posting that grew after its size was asked is read to its end, within the limit; the
    /// first read goes into the buffer's spare capacity, the rest after it.
    #[test]
    fn a_posting_that_grew_after_it_was_measured_is_read_to_its_end_within_the_limit() {
        use std::io::Read;
        let dir = std::env::temp_dir().join(format!("hirelint-grew-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("grew.md");
        let text: Vec<u8> = (0..100).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let opened = |limit: u64| std::fs::File::open(&path).unwrap().take(limit + 1);
        // Measured at 40 bytes, 100 by the time it is read.
        assert_eq!(read_small(opened(1000), 40, 1000).unwrap(), text);
        assert_eq!(read_small(opened(100), 40, 100).unwrap(), text);
        assert!(matches!(
            read_small(opened(60), 40, 60),
            Err(ReadError::TooLarge {
                size: 61,
                limit: 60
            })
        ));
        // Measured right, and empty.
        assert_eq!(read_small(opened(1000), 100, 1000).unwrap(), text);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read_small(opened(1000), 0, 1000).unwrap(), b"");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_posting_is_read_whole_at_every_size_around_the_first_block() {
        let dir = std::env::temp_dir().join(format!("hirelint-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for size in [
            0,
            1,
            SNIFF_BYTES - 1,
            SNIFF_BYTES,
            SNIFF_BYTES + 1,
            3 * SNIFF_BYTES + 7,
            ONE_READ_BYTES as usize - 1,
            ONE_READ_BYTES as usize,
            ONE_READ_BYTES as usize + 1,
        ] {
            let text: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            let path = dir.join(format!("{size}.md"));
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_posting(&path).unwrap(), text, "{size} bytes");
        }
        // A NUL past the first block is text as far as the reader goes; one inside it is not.
        let mut late = vec![b'a'; SNIFF_BYTES + 10];
        late[SNIFF_BYTES + 5] = 0;
        std::fs::write(dir.join("late.md"), &late).unwrap();
        assert_eq!(read_posting(&dir.join("late.md")).unwrap(), late);
        std::fs::write(dir.join("early.md"), b"ab\0cd").unwrap();
        assert!(matches!(
            read_posting(&dir.join("early.md")),
            Err(ReadError::Binary)
        ));
        // Read in blocks (past `ONE_READ_BYTES`), the same two answers.
        let mut big = vec![b'a'; ONE_READ_BYTES as usize + 10];
        big[ONE_READ_BYTES as usize] = 0;
        std::fs::write(dir.join("big-late.md"), &big).unwrap();
        assert_eq!(read_posting(&dir.join("big-late.md")).unwrap(), big);
        big[3] = 0;
        std::fs::write(dir.join("big-early.md"), &big).unwrap();
        assert!(matches!(
            read_posting(&dir.join("big-early.md")),
            Err(ReadError::Binary)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bom_is_removed_but_counted_in_file_offsets() {
        let file = SourceFile::new("a.md", "\u{feff}PhD required");
        assert_eq!(file.text, "PhD required");
        assert_eq!(file.file_range(&(0..3)), 3..6);
        assert_eq!(file.line_col(0), (1, 1));
    }

    #[test]
    fn columns_count_scalar_values_and_tabs_as_one() {
        let file = SourceFile::new("a.md", "a\r\nZü\tPhD");
        let phd = file.text.find("PhD").unwrap();
        assert_eq!(file.line_col(phd), (2, 4));
        // In bytes, "ü" is two.
        assert_eq!(file.line_byte_col(phd), (2, 5));
    }

    #[test]
    fn columns_on_a_long_line_count_characters_from_the_block_index() {
        // Multi-byte characters straddle the block edges.
        let line: String = "é🚀a".repeat(2000);
        let text = format!("x\n{line}\ny");
        let file = SourceFile::new("a.md", text.clone());
        for (at, _) in text.char_indices().step_by(97) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..at].chars().count() + 1;
            assert_eq!(file.line_col(at).1, expected, "at {at}");
        }
        assert_eq!(file.line_col(text.len()), (3, 2));
    }

    #[test]
    fn the_end_of_a_text_a_whole_number_of_blocks_long_has_its_column() {
        // Found by fuzzing: the end offset fell in a block with no entry and counted as 0.
        let text = "a".repeat(CHAR_BLOCK);
        assert_eq!(
            SourceFile::new("a.md", text.clone()).line_col(CHAR_BLOCK),
            (1, CHAR_BLOCK + 1)
        );
        let mut bytes = "é".repeat(CHAR_BLOCK / 2 - 1).into_bytes();
        bytes.extend([b'x', 0xaa]);
        let Err(ReadError::InvalidUtf8 { valid_up_to, shown }) =
            SourceFile::from_bytes("a.md", bytes)
        else {
            panic!("not UTF-8");
        };
        let (source, at) = SourceFile::undecodable("a.md", &shown, valid_up_to);
        assert_eq!(at, CHAR_BLOCK - 1..CHAR_BLOCK);
        assert_eq!(source.line_col(at.end), (1, CHAR_BLOCK / 2 + 2));
    }

    #[test]
    fn sizes_read_as_powers_of_1024() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert!(parse_size("0").is_err());
        assert!(parse_size("10X").is_err());
        assert!(parse_size("M").is_err());
        assert_eq!(parse_size("4G"), Ok(MAX_POSTING_BYTES));
        assert!(parse_size("5G").is_err());
    }

    #[test]
    fn only_texts_with_a_possible_control_character_are_read_character_by_character() {
        assert!(!may_hold_controls("Caf\u{e9} \u{2014} tabs\tand\nlines"));
        for text in ["a\r\nb", "\u{1b}[2J", "x\u{7f}", "\u{85}", "\u{a0}"] {
            assert!(may_hold_controls(text), "{text:?}");
        }
        // 0xC2 also leads harmless characters (a no-break space): the exact check keeps them.
        assert!(matches!(
            printable("a\u{a0}b"),
            std::borrow::Cow::Borrowed(_)
        ));
        let long = format!("{}\u{1b}", "x".repeat(200));
        assert!(may_hold_controls(&long));
    }

    #[test]
    fn control_characters_are_shown_harmlessly_with_the_same_byte_length() {
        let text = "a\u{1b}[2Jb\r\nc\rd\u{85}e\tf\n";
        let shown = printable(text);
        assert_eq!(shown, "a?[2Jb\r\nc d\u{b7}e\tf\n");
        assert_eq!(shown.len(), text.len());
        assert_eq!(escape_controls("x\u{1b}]0;t\u{7}"), "x\\u{1b}]0;t\\u{7}");
        assert_eq!(escape_controls("plain\ttext"), "plain\ttext");
        // A bare CR ends a line; CR LF is one line end.
        assert_eq!(line_starts("a\rb\r\nc\nd"), [0, 2, 5, 7]);
    }

    #[test]
    fn nul_is_binary_and_bad_utf8_is_reported() {
        assert_eq!(
            SourceFile::from_bytes("b", vec![b'a', 0]).unwrap_err(),
            ReadError::Binary
        );
        assert_eq!(
            SourceFile::from_bytes("b", vec![b'a', 0xff, 0xfe, b'z']).unwrap_err(),
            ReadError::InvalidUtf8 {
                valid_up_to: 1,
                shown: "a??z".into()
            }
        );
    }

    #[test]
    fn an_undecodable_byte_is_pointed_at_exactly_even_after_a_bom() {
        let mut bytes = "\u{feff}Zu".as_bytes().to_vec();
        bytes.push(0xfc);
        bytes.extend_from_slice("rich \u{e9}t\u{e9}".as_bytes());
        let Err(ReadError::InvalidUtf8 { valid_up_to, shown }) =
            SourceFile::from_bytes("b", bytes.clone())
        else {
            panic!("not UTF-8")
        };
        assert_eq!(valid_up_to, 5);
        let (source, range) = SourceFile::undecodable("b", &shown, valid_up_to);
        assert_eq!(range, 2..3);
        // One byte wide, and the file range names the bad byte on disk.
        assert_eq!(bytes[source.file_range(&range)], [0xfc]);
        assert_eq!(source.text.len() + source.bom_len, bytes.len());
    }
}
