//! Files of many postings read in parts of whole records, so that a file of any size is
//! read in flat memory: a JSON Lines feed in lines, a spreadsheet export in rows, an XML feed
//! in job elements, each part after the first read under a copy of what opens the file.

use super::{BOM, Origin, ReadError, SNIFF_BYTES, line_breaks, open_regular, refused};
use crate::document::export::Cut;

/// Bytes per part of a file read in parts: a few postings, enough to be worth a thread's
/// time, few enough that a batch of parts takes little memory.
pub const PART_BYTES: usize = 64 << 10;

/// Whole records (lines, a spreadsheet's rows, a feed's job elements) of a file read in
/// parts, or why they could not be read.
#[derive(Debug, Clone)]
pub struct Part {
    pub bytes: Result<Vec<u8>, ReadError>,
    pub origin: Origin,
    /// The part is the whole file.
    pub whole: bool,
    /// A part of a feed cut between its records: how to number them as in the whole file.
    pub numbering: Option<Numbering>,
    /// Bytes at the end that are not the file's: the brackets closing a JSON export's array
    /// in a part cut inside it.
    pub footer: usize,
}

/// The records of a part of a feed or an export, numbered within the part by the reader, and
/// `before` records of the file before it.
#[derive(Debug, Clone)]
pub struct Numbering {
    pub before: usize,
    record: Record,
}

/// What a record of a file read in parts is.
#[derive(Debug, Clone)]
enum Record {
    /// An XML feed's element named `name` with `depth` elements open around it, numbered from
    /// 1 (`job[1]`, or `job` for a lone one).
    Element { depth: usize, name: String },
    /// An element of a JSON export's array (see `json::ValueEnds`), numbered from 0.
    Item(crate::document::json::ValueEnds),
}

impl Numbering {
    /// An XML feed's records: the elements named `name` with `depth` elements around them.
    pub fn elements(depth: usize, name: &str, before: usize) -> Numbering {
        let name = name.to_string();
        Numbering {
            before,
            record: Record::Element { depth, name },
        }
    }

    /// A posting's path in the part (`source/job[2]`, `jobs[2]`) as the whole file's
    /// (`source/job[302]`, `jobs[302]`).
    pub fn renumber(&self, path: &str) -> String {
        let (depth, name) = match &self.record {
            Record::Element { depth, name } => (*depth, name),
            Record::Item(ends) => return ends.renumber(path, self.before),
        };
        let mut steps: Vec<String> = path.split('/').map(str::to_string).collect();
        if let Some(step) = steps.get_mut(depth) {
            let (own, nth) = match step.split_once('[') {
                Some((own, rest)) => (own, rest.trim_end_matches(']').parse().unwrap_or(1)),
                None => (step.as_str(), 1),
            };
            if own == name {
                *step = format!("{name}[{}]", nth + self.before);
            }
        }
        steps.join("/")
    }
}

impl Part {
    /// Lines at `origin` that could not be read.
    fn failed(error: ReadError, origin: Origin) -> Part {
        Part {
            bytes: Err(error),
            origin,
            whole: false,
            numbering: None,
            footer: 0,
        }
    }
}

/// Reads a file of many postings in parts of whole records, about `PART_BYTES` each, so that
/// a file of any size is read in flat memory: a JSON Lines feed in lines, a spreadsheet export
/// in rows (a quoted cell may hold line breaks), each part after the first read under a copy
/// of the header row that names its columns. The posting limit (`--max-file-size`) holds for
/// each record rather than for the file: a longer one is reported and skipped, and the
/// reading goes on after it.
#[derive(Debug)]
pub struct Parts {
    /// `None` once the file has ended (or failed).
    file: Option<std::fs::File>,
    /// Bytes read and not yet handed out; they start at `origin`.
    buffer: Vec<u8>,
    origin: Origin,
    /// Skipping the rest of a record over the limit.
    skipping: bool,
    /// A read that failed, reported after the records read before it.
    failed: Option<ReadError>,
    /// The longest record read, in bytes.
    limit: u64,
    /// How records end.
    records: Records,
}

/// How a file read in parts is cut into records.
#[derive(Debug)]
enum Records {
    /// At each line break.
    Lines,
    /// At the end of each row of a spreadsheet.
    Rows(Sheet),
    /// After the end tag of each record of an XML feed, or each element of a JSON export's
    /// array of postings.
    Elements(Feed),
}

/// An XML feed or a JSON export read in parts.
#[derive(Debug, Default)]
struct Feed {
    /// A JSON export, not an XML feed.
    json: bool,
    /// Where its records end, once the feed's first bytes have said what a record is.
    ends: Option<Ends>,
    /// Places after records, not handed out yet.
    cuts: std::collections::VecDeque<Cut>,
    /// What every part after the first is read under (see `RecordEnds::header`), and its line
    /// breaks.
    header: Option<(Vec<u8>, usize)>,
    /// How long the copy of the feed's prolog at the header's start is, and where the prolog
    /// is in the file.
    prolog: (usize, usize),
    /// Records handed out so far.
    records: usize,
    /// No record found within the limit, or a feed the cutting cannot follow: the rest is one
    /// part.
    whole_rest: bool,
}

/// Where the records of a feed or an export end.
#[derive(Debug)]
enum Ends {
    Xml(crate::document::xml::RecordEnds),
    Json(crate::document::json::ValueEnds),
}

impl Ends {
    /// What a record is, from the file's first bytes; `None` while they do not say, or when
    /// they hold no record to cut after.
    fn of(json: bool, file_start: &[u8]) -> Option<Ends> {
        if json {
            return crate::document::json::ValueEnds::of(file_start).map(Ends::Json);
        }
        // Their valid UTF-8 (a part may end inside a character).
        let valid = match std::str::from_utf8(file_start) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&file_start[..e.valid_up_to()]).unwrap_or(""),
        };
        let (depth, name) = crate::document::xml::record_of(valid)?;
        Some(Ends::Xml(crate::document::xml::RecordEnds::new(
            depth, name,
        )))
    }

    fn read(&mut self, bytes: &[u8], from: usize, ended: bool, cuts: &mut Vec<Cut>) {
        match self {
            Ends::Xml(ends) => ends.read(bytes, from, ended, cuts),
            Ends::Json(ends) => ends.read(bytes, from, cuts),
        }
    }

    /// What every part after the first is read under, how long the copy of the file's
    /// prolog at its start is (findings there point at the file's own), and where that is.
    fn header(&self, file_start: &[u8]) -> Option<(Vec<u8>, usize, usize)> {
        match self {
            Ends::Xml(ends) => ends.header(file_start),
            Ends::Json(ends) => Some((ends.header(), 0, 0)),
        }
    }

    fn records(&self) -> usize {
        match self {
            Ends::Xml(ends) => ends.records(),
            Ends::Json(ends) => ends.records(),
        }
    }

    fn at(&self) -> usize {
        match self {
            Ends::Xml(ends) => ends.at(),
            Ends::Json(ends) => ends.at(),
        }
    }

    fn is_broken(&self) -> bool {
        match self {
            Ends::Xml(ends) => ends.is_broken(),
            Ends::Json(ends) => ends.is_broken(),
        }
    }

    /// How the records of a part after `before` records are named as in the whole file.
    fn numbering(&self, before: usize) -> Numbering {
        match self {
            Ends::Xml(ends) => Numbering::elements(ends.depth(), ends.name(), before),
            Ends::Json(ends) => Numbering {
                before,
                record: Record::Item(ends.clone()),
            },
        }
    }
}

/// A spreadsheet export read in parts.
#[derive(Debug)]
struct Sheet {
    /// The header row, once read: its bytes (without a byte-order mark) and line breaks.
    header: Option<(Vec<u8>, usize)>,
    /// Where its rows end (its separator is the header row's).
    ends: crate::document::csv::RowEnds,
}

impl Parts {
    /// A JSON Lines feed: a regular file (never a device or a FIFO: those could be read
    /// forever) whose lines are read up to `limit` bytes each (`max_file_bytes()` in a run).
    pub fn lines(path: &std::path::Path, limit: u64) -> Result<Parts, ReadError> {
        Parts::open(path, limit, Records::Lines)
    }

    /// An XML feed, read record by record (each `<job>`, RSS `<item>` or Atom `<entry>`)
    /// as `Parts::lines` reads lines.
    pub fn elements(path: &std::path::Path, limit: u64) -> Result<Parts, ReadError> {
        Parts::open(path, limit, Records::Elements(Feed::default()))
    }

    /// A JSON export whose postings are an array (`[{…}, …]`, `{"jobs": [{…}, …]}`), read a
    /// few elements at a time where it is written one element or more a line (see
    /// `json::ValueEnds`); any other JSON, and an array on one line, is read whole as before.
    pub fn values(path: &std::path::Path, limit: u64) -> Result<Parts, ReadError> {
        let feed = Feed {
            json: true,
            ..Feed::default()
        };
        Parts::open(path, limit, Records::Elements(feed))
    }

    /// A spreadsheet export (`.csv`, `.tsv`), read row by row as `Parts::lines` reads lines.
    pub fn rows(path: &std::path::Path, limit: u64) -> Result<Parts, ReadError> {
        let sheet = Sheet {
            header: None,
            ends: crate::document::csv::RowEnds::new(b','),
        };
        Parts::open(path, limit, Records::Rows(sheet))
    }

    fn open(path: &std::path::Path, limit: u64, records: Records) -> Result<Parts, ReadError> {
        Ok(Parts {
            file: Some(open_regular(path)?.0),
            buffer: Vec::with_capacity(2 * PART_BYTES),
            origin: Origin::default(),
            skipping: false,
            failed: None,
            limit,
            records,
        })
    }

    /// Hands out the first `len` bytes of the buffer, which hold `rows` rows of a spreadsheet
    /// past its header.
    fn part(&mut self, len: usize, rows: usize) -> Part {
        let bytes: Vec<u8> = self.buffer.drain(..len).collect();
        let origin = self.origin;
        let rows = match self.records {
            Records::Lines => 0,
            Records::Rows(_) | Records::Elements(_) => rows,
        };
        self.origin = Origin {
            byte: origin.byte + len,
            line: origin.line + line_breaks(&bytes).count(),
            rows_before: origin.rows_before + rows,
            ..origin
        };
        let first = origin.byte == 0;
        let whole = first && self.file.is_none() && self.buffer.is_empty();
        // A binary (or UTF-16) file is told from its start, and nothing more is read.
        let sniffed = &bytes[..bytes.len().min(SNIFF_BYTES)];
        if let Some(error) = refused(sniffed).filter(|_| first) {
            self.file = None;
            self.buffer.clear();
            return Part {
                bytes: Err(error),
                origin,
                whole: true,
                numbering: None,
                footer: 0,
            };
        }
        let numbering = match &self.records {
            Records::Elements(Feed {
                ends: Some(ends), ..
            }) if !whole => Some(ends.numbering(origin.rows_before)),
            _ => None,
        };
        let (header, (prolog, prolog_at)) = match &self.records {
            Records::Rows(Sheet { header, .. }) => (header.as_ref(), (0, 0)),
            Records::Elements(Feed { header, prolog, .. }) => (header.as_ref(), *prolog),
            Records::Lines => (None, (0, 0)),
        };
        // A part of a JSON export cut inside its array ends as a document does: its last
        // element's comma a space, then the brackets that close the array.
        let last = self.file.is_none() && self.buffer.is_empty();
        let footer = match &self.records {
            Records::Elements(Feed {
                ends: Some(Ends::Json(ends)),
                ..
            }) if !last => Some(ends.footer()),
            _ => None,
        };
        let mut part = match header {
            // Records after the first part's are read under a copy of the header: the part
            // then starts that many bytes and lines before its records.
            Some((header, header_lines)) if !first => {
                // Said at the rows' own start, not at the header's copy.
                if let Some(error) = refused(&bytes) {
                    return Part::failed(error, origin);
                }
                let mut with_header = Vec::with_capacity(header.len() + bytes.len());
                with_header.extend_from_slice(header);
                with_header.extend_from_slice(&bytes);
                Part {
                    bytes: Ok(with_header),
                    origin: Origin {
                        byte: origin.byte - header.len(),
                        line: origin.line - header_lines,
                        rows_before: origin.rows_before,
                        prolog,
                        prolog_at,
                    },
                    whole,
                    numbering,
                    footer: 0,
                }
            }
            _ => Part {
                bytes: Ok(bytes),
                origin,
                whole,
                numbering,
                footer: 0,
            },
        };
        if let (Some(footer), Ok(bytes)) = (footer, &mut part.bytes) {
            if let Some(comma) = bytes.iter().rposition(|&b| b == b',') {
                bytes[comma] = b' ';
            }
            bytes.extend_from_slice(&footer);
            part.footer = footer.len();
        }
        part
    }

    /// How many bytes of whole records the buffer holds from its start before the first
    /// record over the limit, how many records that is past `from` (the first part's header
    /// row), and whether the record after them is over the limit. At the file's end, the
    /// last record needs no line end.
    fn records_to_hand_out(&self, ended: bool, from: usize) -> (usize, usize, bool) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let (mut record_start, mut count) = (from, 0);
        match &self.records {
            Records::Lines => {
                for i in memchr::memchr_iter(b'\n', &self.buffer[from..]).map(|i| from + i) {
                    if i - record_start > limit {
                        return (record_start, count, true);
                    }
                    record_start = i + 1;
                    count += 1;
                }
            }
            // Cut where `next_element_part` says.
            Records::Elements(_) => return (0, 0, false),
            Records::Rows(sheet) => {
                let mut ends = sheet.ends;
                while let Some(end) = ends.next_end(&self.buffer[record_start..]) {
                    // A row's length without its line break, as a line's.
                    if end - 1 > limit {
                        return (record_start, count, true);
                    }
                    record_start += end;
                    count += 1;
                }
            }
        }
        let tail = self.buffer.len() - record_start;
        if tail > limit {
            (record_start, count, true)
        } else if ended && tail > 0 {
            (self.buffer.len(), count + 1, false)
        } else {
            (record_start, count, false)
        }
    }

    /// Drops the bytes of a record over the limit, up to its end if it is in the buffer.
    fn skip_long_record(&mut self) {
        let end = match &mut self.records {
            Records::Lines => memchr::memchr(b'\n', &self.buffer).map(|i| i + 1),
            Records::Rows(sheet) => sheet.ends.next_end(&self.buffer),
            Records::Elements(_) => None,
        };
        let skipped = end.unwrap_or(self.buffer.len());
        self.origin.byte += skipped;
        self.origin.line += line_breaks(&self.buffer[..skipped]).count();
        self.buffer.drain(..skipped);
        if end.is_some() {
            if let Records::Rows(_) = self.records {
                self.origin.rows_before += 1;
            }
            self.skipping = false;
        }
    }

    /// For a spreadsheet, before its first part: reads its header row, and tells whether
    /// the part to hand out is that row alone (it names no title or prose column, so no row
    /// under it is a posting and the rest is not read); `None` while the row has not ended.
    fn read_header(&mut self, ended: bool) -> Option<bool> {
        let Records::Rows(sheet) = &mut self.records else {
            return Some(false);
        };
        if sheet.header.is_some() || self.origin.byte > 0 {
            return Some(false);
        }
        let found = crate::document::csv::header_row(&self.buffer, ended)?;
        let header = self.buffer[found.start..found.end].to_vec();
        let lines = line_breaks(&header).count();
        sheet.header = Some((header, lines));
        sheet.ends = crate::document::csv::RowEnds::new(found.separator);
        Some(!found.names_postings)
    }

    /// Where the first part's records start: past its header row.
    fn records_start(&self) -> usize {
        match &self.records {
            Records::Rows(Sheet {
                header: Some((header, _)),
                ..
            }) if self.origin.byte == 0 => {
                header.len() + usize::from(self.buffer.starts_with(BOM.as_bytes())) * BOM.len()
            }
            _ => 0,
        }
    }
}

impl Iterator for Parts {
    type Item = Part;

    fn next(&mut self) -> Option<Part> {
        if let Records::Elements(_) = self.records {
            return self.next_element_part();
        }
        loop {
            if self.skipping {
                self.skip_long_record();
            }
            let ended = self.file.is_none();
            if !self.skipping
                && !self.buffer.is_empty()
                && (ended || self.buffer.len() >= PART_BYTES)
            {
                match self.read_header(ended) {
                    // The header row alone: nothing under it is read.
                    Some(true) => {
                        let len = self.records_start().min(self.buffer.len());
                        self.file = None;
                        self.buffer.truncate(len);
                        return Some(self.part(len, 0));
                    }
                    Some(false) => {
                        let from = self.records_start();
                        let (whole_records, count, too_long) =
                            self.records_to_hand_out(ended, from);
                        // The first part of an export holds a row past its header unless the
                        // row is over the limit or there is none: a part that starts right
                        // after the header would seem to start the file.
                        if whole_records > 0 && (count > 0 || too_long || ended) {
                            return Some(self.part(whole_records, count));
                        }
                        if whole_records == 0 && too_long {
                            self.skipping = true;
                            let error = match &mut self.records {
                                Records::Lines => ReadError::LineTooLarge { limit: self.limit },
                                Records::Elements(_) => {
                                    ReadError::ElementTooLarge { limit: self.limit }
                                }
                                Records::Rows(sheet) => {
                                    sheet.ends = sheet.ends.restarted();
                                    ReadError::RowTooLarge { limit: self.limit }
                                }
                            };
                            return Some(Part::failed(error, self.origin));
                        }
                    }
                    // A header row past the limit: no row can be read under it.
                    None if self.buffer.len() as u64 > self.limit => {
                        self.file = None;
                        self.buffer.clear();
                        let error = ReadError::RowTooLarge { limit: self.limit };
                        return Some(Part::failed(error, self.origin));
                    }
                    // A header row not ended yet: read on.
                    None => {}
                }
                // One record longer than a part: read on to its end, up to the limit.
            }
            if let Some(end) = self.read_more() {
                return end;
            }
        }
    }
}

impl Parts {
    /// Reads more of the file into the buffer; at its end, `Some` of the failure to report,
    /// if any.
    fn read_more(&mut self) -> Option<Option<Part>> {
        use std::io::Read;
        {
            let Some(file) = self.file.as_mut() else {
                let origin = self.origin;
                return Some(self.failed.take().map(|error| Part::failed(error, origin)));
            };
            let start = self.buffer.len();
            // A long record is read in ever larger reads, so that it is scanned a few times
            // rather than once per part's worth of bytes.
            let more = PART_BYTES.max(start.min(usize::try_from(self.limit).unwrap_or(start)));
            self.buffer.resize(start + more, 0);
            let read = file.read(&mut self.buffer[start..]);
            self.buffer.truncate(start + *read.as_ref().unwrap_or(&0));
            match read {
                Ok(0) => self.file = None,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // The records read before are still linted; then the failure is reported.
                    self.file = None;
                    self.failed = Some(e.into());
                }
            }
        }
        None
    }

    /// Drops the buffer's first `len` bytes, which are not handed out.
    fn drop_front(&mut self, len: usize) {
        self.origin.line += line_breaks(&self.buffer[..len]).count();
        self.origin.byte += len;
        self.buffer.drain(..len);
    }

    /// The next part of an XML feed: its records up to the last place after one that the
    /// buffer holds, once the feed's first bytes have said what a record is.
    fn next_element_part(&mut self) -> Option<Part> {
        loop {
            let ended = self.file.is_none();
            let from = self.origin.byte;
            let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
            // Cut once a part's worth is read (or the limit, if it is smaller).
            let enough = ended || self.buffer.len() >= PART_BYTES.min(limit.max(1));
            let Records::Elements(feed) = &mut self.records else {
                return None;
            };
            if feed.ends.is_none() && !feed.whole_rest && enough {
                // What a record is, from the first bytes.
                match Ends::of(feed.json, &self.buffer) {
                    Some(ends) => feed.ends = Some(ends),
                    // No posting: the file is read whole, as any other (within the limit).
                    None if ended || self.buffer.len() > limit => feed.whole_rest = true,
                    None => {}
                }
            }
            if let Some(ends) = &mut feed.ends
                && !feed.whole_rest
            {
                let mut cuts = Vec::new();
                ends.read(&self.buffer, from, ended, &mut cuts);
                if feed.header.is_none() && !cuts.is_empty() {
                    // The first cut comes before any part is handed out: the buffer holds
                    // the file's start.
                    feed.header = ends.header(&self.buffer).map(|(header, prolog, at)| {
                        feed.prolog = (prolog, at);
                        let lines = line_breaks(&header).count();
                        (header, lines)
                    });
                }
                feed.cuts.extend(cuts);
                // A feed the cutting cannot follow is read on as one part.
                if ends.is_broken() || (feed.header.is_none() && !feed.cuts.is_empty()) {
                    feed.whole_rest = true;
                    feed.cuts.clear();
                }
            }
            let records = feed.ends.as_ref().map_or(0, Ends::records);
            if self.skipping {
                // A record over the limit: its bytes go, up to the place after it.
                if let Some(cut) = feed.cuts.pop_front() {
                    feed.records = cut.records;
                    self.origin.rows_before = cut.records;
                    self.drop_front(cut.at - from);
                    self.skipping = false;
                    continue;
                }
                // What the cutting has read through goes; it reads on from there.
                let read = feed
                    .ends
                    .as_ref()
                    .map_or(self.buffer.len(), |e| e.at() - from)
                    .min(self.buffer.len());
                self.drop_front(read);
                if ended {
                    self.drop_front(self.buffer.len());
                    return self.read_more().flatten();
                }
            } else if ended {
                // The rest: its last records and the feed's closing tags.
                let rows = records.saturating_sub(feed.records);
                feed.records = records;
                feed.cuts.clear();
                if self.buffer.iter().all(u8::is_ascii_whitespace) && from > 0 {
                    self.drop_front(self.buffer.len());
                }
                if self.buffer.is_empty() {
                    return self.read_more().flatten();
                }
                let len = self.buffer.len();
                return Some(self.part(len, rows));
            } else if let Some(last) = feed.cuts.back().copied().filter(|_| enough) {
                feed.cuts.clear();
                let rows = last.records - feed.records;
                feed.records = last.records;
                return Some(self.part(last.at - from, rows));
            } else if self.buffer.len() > limit {
                let error = if feed.ends.is_none() || feed.whole_rest || feed.header.is_none() {
                    // Nothing to cut at within the limit: the file is refused, as one read
                    // whole would be.
                    self.file = None;
                    self.buffer.clear();
                    feed.ends = None;
                    feed.whole_rest = true;
                    ReadError::NoRecordWithin { limit: self.limit }
                } else {
                    // A record over the limit: reported, and skipped to the place after it.
                    self.skipping = true;
                    ReadError::ElementTooLarge { limit: self.limit }
                };
                return Some(Part::failed(error, self.origin));
            }
            if let Some(end) = self.read_more() {
                return end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, line_starts};

    /// The parts `open` reads `text` in, from a file of its own.
    fn read_in_parts(
        text: &[u8],
        open: impl Fn(&std::path::Path) -> Result<Parts, ReadError>,
    ) -> Vec<Part> {
        static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("hirelint-parts-{}-{n}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let parts = open(&path).unwrap().collect();
        std::fs::remove_file(&path).unwrap();
        parts
    }

    fn parts_of(text: &[u8], limit: u64) -> Vec<Part> {
        read_in_parts(text, |path| Parts::lines(path, limit))
    }

    #[test]
    fn a_feed_is_read_in_parts_of_whole_lines_that_know_where_they_start() {
        // Lines of every length from 0 to 999 bytes, some ending in CRLF: about 8 parts.
        let mut text = String::new();
        for n in 0..1000 {
            text.push_str(&"é".repeat(n / 2));
            text.push_str(if n % 7 == 0 { "\r\n" } else { "\n" });
        }
        text.push_str("last line without an end");
        let parts = parts_of(text.as_bytes(), 1 << 20);
        assert!(parts.len() > 4, "{} parts", parts.len());
        let mut joined = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let bytes = part.bytes.as_ref().unwrap();
            assert_eq!(part.origin.byte, joined.len());
            let before = String::from_utf8(joined.clone()).unwrap();
            assert_eq!(part.origin.line, line_starts(&before).len() - 1);
            assert!(!part.whole);
            if i + 1 < parts.len() {
                assert_eq!(bytes.last(), Some(&b'\n'), "part {i} ends a line");
                assert!(bytes.len() >= PART_BYTES - 1000 && bytes.len() < 2 * PART_BYTES);
            }
            joined.extend_from_slice(bytes);
        }
        assert_eq!(joined, text.as_bytes());
        // A part's lines and columns are those of the whole file.
        let last = parts.last().unwrap();
        let source = SourceFile::from_bytes("f", last.bytes.clone().unwrap())
            .unwrap()
            .at(last.origin);
        let whole = SourceFile::new("f", text.clone());
        let end = source.text.len();
        assert_eq!(source.line_col(end), whole.line_col(text.len()));
        assert_eq!(source.file_range(&(0..end)), last.origin.byte..text.len());
    }

    #[test]
    fn a_line_over_the_limit_is_reported_and_the_lines_after_it_are_read() {
        let long = "x".repeat(3 * PART_BYTES);
        let text = format!("first\n{long}\nafter\n");
        let parts = parts_of(text.as_bytes(), 2 * PART_BYTES as u64);
        let read: Vec<(Result<String, ReadError>, Origin)> = parts
            .into_iter()
            .map(|p| (p.bytes.map(|b| String::from_utf8(b).unwrap()), p.origin))
            .collect();
        let limit = 2 * PART_BYTES as u64;
        assert_eq!(
            read,
            vec![
                (Ok("first\n".to_string()), Origin::default()),
                (
                    Err(ReadError::LineTooLarge { limit }),
                    Origin {
                        byte: 6,
                        line: 1,
                        ..Origin::default()
                    }
                ),
                (
                    Ok("after\n".to_string()),
                    Origin {
                        byte: 6 + long.len() + 1,
                        line: 2,
                        ..Origin::default()
                    }
                ),
            ]
        );
    }

    fn rows_of(text: &[u8], limit: u64) -> Vec<Part> {
        read_in_parts(text, |path| Parts::rows(path, limit))
    }

    #[test]
    fn an_export_is_read_in_parts_of_whole_rows_each_under_a_copy_of_its_header() {
        // Rows whose quoted cells hold line breaks (CRLF too), separators and `""`: about 6
        // parts.
        let header = "Title,\"Work\r\nSite\",Description\r\n";
        let mut text = format!("{BOM}{header}");
        for n in 0..3000 {
            text.push_str(&format!(
                "Engineer {n},Austin,\"{}, \"\"quoted\"\"\n{}\"\r\n",
                "é".repeat(n % 40),
                "x".repeat(n % 50)
            ));
        }
        let parts = rows_of(text.as_bytes(), 1 << 20);
        assert!(parts.len() > 4, "{} parts", parts.len());
        let mut joined = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let bytes = part.bytes.as_ref().unwrap();
            assert!(!part.whole);
            // Past the first part, the rows follow a copy of the header, and the part's
            // origin is where that copy would start for the rows to be where they are.
            let rows = if i == 0 {
                assert_eq!(part.origin, Origin::default());
                &bytes[..]
            } else {
                assert!(bytes.starts_with(header.as_bytes()), "part {i}");
                assert_eq!(part.origin.byte + header.len(), joined.len());
                let before = String::from_utf8(joined.clone()).unwrap();
                assert_eq!(part.origin.line + 2, line_starts(&before).len() - 1);
                assert_eq!(part.origin.rows_before, before.matches("Engineer").count());
                &bytes[header.len()..]
            };
            assert!(rows.ends_with(b"\"\r\n"), "part {i} ends a row");
            joined.extend_from_slice(rows);
        }
        assert_eq!(joined, text.as_bytes());
    }

    #[test]
    fn an_export_whose_header_names_no_postings_is_read_no_further_than_it() {
        let mut text = String::from("file\ttitle\tbytes\n");
        for n in 0..20_000 {
            text.push_str(&format!("p{n}.md\tEngineer {n}\t{n}\n"));
        }
        assert!(text.len() > 4 * PART_BYTES);
        let parts = rows_of(text.as_bytes(), 1 << 20);
        assert_eq!(parts.len(), 1);
        assert!(parts[0].whole);
        assert_eq!(parts[0].bytes.as_deref(), Ok(&b"file\ttitle\tbytes\n"[..]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(60))]

        /// Whatever a file holds, reading it in parts of any kind ends, without a panic, and
        /// what the parts hold past their header copies is the file, but for what was skipped.
        #[test]
        fn any_file_read_in_parts_ends_and_hands_out_its_bytes_in_order(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "<job><title>Cook</title><description>Cook breakfast for the guests.</description></job>\n",
                    "<job>", "</job>", "</job>\n", "\n", "<![CDATA[", "]]>", "<!--", "-->", "<",
                    "\"", ",", "title,description\n", "a,\"b\nc\"\n", "\u{0}", "é", "<source>\n",
                    "<?xml version=\"1.0\"?>\n",
                    "[\n", "{\"jobs\": [\n", "{\"title\": \"Cook\", \"description\": \"Cook.\"},\n",
                    "{", "}", "[", "]", "\\", "},\n",
                ][..]),
                1000..12_000,
            ),
            limit in 256u64..(256 << 10),
            kind in 0usize..4,
        ) {
            let text = pieces.concat();
            let parts = read_in_parts(text.as_bytes(), |path| match kind {
                0 => Parts::lines(path, limit),
                1 => Parts::rows(path, limit),
                2 => Parts::values(path, limit),
                _ => Parts::elements(path, limit),
            });
            let mut last_end = 0;
            for (n, part) in parts.into_iter().enumerate() {
                proptest::prop_assert!(n <= text.len() + 2, "the parts never end");
                if let Ok(bytes) = &part.bytes {
                    // A part's origin moves back by its header copy, so its end (before any
                    // closing brackets) is where its records end in the file: after the part
                    // before, within the file.
                    let end = part.origin.byte + bytes.len() - part.footer;
                    proptest::prop_assert!(end > last_end && end <= text.len(), "{} after {}", end, last_end);
                    last_end = end;
                }
            }
        }
    }

    #[test]
    fn a_record_of_a_feed_read_in_parts_is_named_by_its_place_in_the_file() {
        let numbering = Numbering::elements(2, "item", 300);
        assert_eq!(
            numbering.renumber("rss/channel/item[2]"),
            "rss/channel/item[302]"
        );
        // A part's lone record, and a posting inside one.
        assert_eq!(
            numbering.renumber("rss/channel/item"),
            "rss/channel/item[301]"
        );
        assert_eq!(
            numbering.renumber("rss/channel/item[1]/job"),
            "rss/channel/item[301]/job"
        );
        // Another element at that depth is not a record.
        assert_eq!(
            numbering.renumber("rss/channel/entry[2]"),
            "rss/channel/entry[2]"
        );
    }

    #[test]
    fn a_small_feed_is_one_whole_part_and_a_binary_one_is_refused_at_once() {
        let parts = parts_of(b"{\"title\": \"A\"}\n", 1 << 20);
        assert_eq!(parts.len(), 1);
        assert!(parts[0].whole);
        let mut binary = vec![0u8; 10];
        binary.extend(std::iter::repeat_n(b'a', 3 * PART_BYTES));
        let parts = parts_of(&binary, 1 << 20);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].bytes, Err(ReadError::Binary));
    }
}
