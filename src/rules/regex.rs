//! A pattern's compiled forms, made on first use and shared by every pattern of the same
//! source in the process. Compiling is most of what a posting on its own costs, so each text
//! gets only what it needs. A text that is all ASCII (most segments of most postings) is
//! searched with the source read as ASCII, whose automata are a fraction of the size (see
//! `Compiled`), and, when the source names no upper-case letter, case-sensitively over the
//! text lower-cased (`Reading::AsciiLowered`). Any other text is searched with the source as
//! written, and that too is case-sensitive over the text lower-cased wherever this finds the
//! same (`Reading::UnicodeLowered`, see `lowered`). In each reading:
//!
//! - `find_all` needs where each match starts and ends: the full regex (`regex_automata`'s
//!   meta engine, which `regex::Regex` wraps), with its reverse automaton;
//! - `is_match` (exceptions, titles, `unless`) needs only a yes or no: a `Tester`, a forward
//!   lazy DFA with a backtracker and a PikeVM for the texts the DFA gives up on (one such
//!   set for each windowed alternative of an alternation, see `Tester`). It compiles in about
//!   60% of the full regex's time (the reverse automaton is the rest). A posting on its own
//!   asks it first for its searches too, and compiles the full regex only for a text that
//!   matches.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::Hir;

mod lowered;
mod window;
use window::Windowed;

/// The largest compiled automaton a rule's pattern may make, in bytes.
const NFA_SIZE_LIMIT: usize = 1 << 24;

/// The lazy DFA's cache per regex and thread: past it the DFA starts over, and after a few
/// such restarts with little progress it gives up on the text.
const DFA_CACHE: usize = 1 << 20;

/// The compiled forms of one source, each made when first needed, in two readings: as
/// written (Unicode), and read as ASCII for texts that are all ASCII, or made so by
/// `BeyondAscii`. On such a text the two readings match alike: every class of the Unicode reading that a match can use there is
/// its ASCII part, and case folding, `\w`, `\s`, `\d`, `.` and `\b` agree on ASCII. The
/// ASCII reading's automata are a fraction of the size (`[^.;]`, `\w` and a case-folded `k`
/// or `s` carry multi-byte branches in Unicode), so they compile in about half the time. Most
/// segments of most postings are ASCII.
///
/// As written, a source whose letters read alike lower-cased (most rules' sources) is read
/// case-sensitively over its texts lower-cased (`Reading::UnicodeLowered`): the same matches,
/// compiled in about 60% of the time. A text with the Kelvin sign or the long s, which fold
/// into `k` and `s`, is searched with the source as written all the same (`as_written`).
#[derive(Debug, Default)]
pub struct Compiled {
    unicode: Forms,
    /// The lowered reading, when the source reads so (`lowered_source`).
    lowered: Forms,
    /// How the source reads lowered (`lowered::lowered_source`), worked out on first use.
    lowers: OnceLock<Lowers>,
    /// Made for the first text of a posting on its own that the ASCII reading can search, and
    /// let go for good once the cell is used in a long run or its full regex as written is
    /// compiled, which answers every text from then on.
    ascii: Mutex<Option<AsciiReading>>,
    ascii_retired: AtomicBool,
    /// How the source meets characters beyond ASCII (see `BeyondAscii`); worked out for the
    /// first text of a posting on its own that is not all ASCII.
    beyond_ascii: OnceLock<Option<BeyondAscii>>,
}

/// Which readings a search may use. A long run reads every text as written: it compiles each
/// pattern once for good, and a second reading would only add automata and caches (on bulk,
/// 8 MB of peak memory and no time saved). A posting on its own pays for every compile, so
/// its texts are read as ASCII wherever that matches alike (`Compiled::ascii_text`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Readings {
    #[default]
    AsWritten,
    AsciiWhenAscii,
}

/// How a source is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// As written: Unicode classes and case folding, UTF-8.
    Unicode,
    /// As written but case-sensitive, over the text with its ASCII letters lower-cased: for a
    /// source that finds so what it finds as written, or rewritten so (`lowered`).
    UnicodeLowered,
    /// With Unicode off: for texts that are all ASCII or made so (`BeyondAscii`), and on the
    /// source with the characters beyond ASCII of its classes left out (`ascii_source`). A
    /// source that cannot be read so (a `\pL`) is searched in its Unicode reading.
    Ascii,
    /// With Unicode off and case-sensitive, over the text lower-cased: for a source whose
    /// letters are all lower-case (`reads_lowered`). Every letter is then one byte to match,
    /// not a class of two, and the automaton compiles in about 70% of the time.
    AsciiLowered,
}

impl Reading {
    /// The text this reading searches: `text` lower-cased for `AsciiLowered` (ASCII only,
    /// so every offset stays; copied only when it has a capital), else `text`. (The
    /// `UnicodeLowered` reading's texts are lower-cased by `Compiled::as_written`.)
    fn text(self, text: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Reading::AsciiLowered if text.bytes().any(|b| b.is_ascii_uppercase()) => {
                text.to_ascii_lowercase().into()
            }
            _ => text.into(),
        }
    }

    /// The ASCII reading of `source`.
    fn ascii(source: &str) -> Reading {
        if reads_lowered(source) {
            Reading::AsciiLowered
        } else {
            Reading::Ascii
        }
    }
}

/// Whether `source`, matched case-sensitively on ASCII text lower-cased, matches where it
/// matches case-insensitively on the text. It does when every letter it names is lower-case:
/// no upper-case letter but as an escape (`\S`, `\B` name no letter), no `\x`/`\u` escape
/// or `[:upper:]`/`[:lower:]` class (which can name one), no flag group turning case folding
/// on or off, and no class range but between two lower-case letters or two digits (`[0-_]`
/// holds the upper-case letters without naming them).
fn reads_lowered(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut escaped = false;
    // Where each open class's items start (after `[` or `[^`), innermost last.
    let mut classes: Vec<usize> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            if matches!(b, b'x' | b'u' | b'U') {
                return false;
            }
            continue;
        }
        let first = classes.last().copied();
        match b {
            b'\\' => escaped = true,
            b'A'..=b'Z' => return false,
            b'(' if first.is_none() && bytes.get(i + 1) == Some(&b'?') => {
                let mut flags = bytes[i + 2..]
                    .iter()
                    .take_while(|f| f.is_ascii_alphabetic() || **f == b'-');
                if flags.any(|&f| f == b'i') {
                    return false;
                }
            }
            b'[' => {
                // A class's items start after `[`, or after `[^`.
                classes.push(if bytes.get(i + 1) == Some(&b'^') {
                    i + 2
                } else {
                    i + 1
                });
            }
            // A `]` first in a class is one of its items.
            b']' if first.is_some_and(|first| i > first) => {
                classes.pop();
            }
            b':' if first.is_some() && {
                let name = source[i + 1..].trim_start_matches('^');
                name.starts_with("upper:") || name.starts_with("lower:")
            } =>
            {
                return false;
            }
            // A range: `-` between two items (first or last in a class, it is one).
            b'-' if first.is_some_and(|first| i > first) && bytes.get(i + 1) != Some(&b']') => {
                let (before, after) = (bytes[i - 1], bytes[i + 1]);
                let escaped_before = i >= 2 && bytes[i - 2] == b'\\';
                let letters = before.is_ascii_lowercase() && after.is_ascii_lowercase();
                let digits = before.is_ascii_digit() && after.is_ascii_digit();
                if escaped_before || !(letters || digits) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Non-ASCII code points the classes of a source may hold at most for its texts beyond ASCII
/// to be searched as they are (`BeyondAscii::few`): Unicode's `\s` has 19, the case-fold
/// partners of `k` and `s` two.
const FEW_BEYOND_ASCII: u32 = 256;

/// ASCII bytes that can stand for a character beyond ASCII (see `BeyondAscii::stand_in`): a
/// control byte (what `[^.;]` and `.` hold and nothing else does: a dash, a bullet), a
/// vertical tab (what `\s` holds: a no-break space), `_` (what `\w` holds: a letter where no
/// word boundary is asked for), and the ASCII kin of what sources name in classes: `'` for a
/// curly apostrophe (`don['’]t`), `"`, `-`, a space.
const STAND_INS: [u8; 7] = [0x01, 0x0b, b'_', b'\'', b'"', b'-', b' '];

/// How a source read as written meets characters beyond ASCII, for reading a text that is
/// not all ASCII with the source's ASCII reading, which compiles at a fraction of the cost
/// (the reading as written of a windowed exception took 2 to 3 ms). The two readings agree
/// on ASCII; beyond it, the source as written can match a character only through a class
/// (`[^.;]`, `\w`, `\s`, a case-folded `k` or `s`) or a literal that names it, and its word
/// boundaries are ASCII ones (`(?-u:\b)`, for which such a character is not a word
/// character). So a text is read as ASCII, exactly:
/// - as it is, when none of its characters beyond ASCII is in a class (`few`): such a
///   character can take no part in a match (a literal that names it is the same bytes in
///   both readings, or the ASCII reading cannot compile the source and the reading as
///   written answers);
/// - else with each of its characters beyond ASCII replaced by an ASCII stand-in that every
///   class holds or leaves out as it does the character, that no literal names, and that is
///   no word character where the source has word boundaries; one character for one byte, so
///   the matches are the same, at offsets mapped back.
///
/// `None` for a source with a Unicode word boundary, or that cannot be read.
#[derive(Debug)]
struct BeyondAscii {
    /// The classes' code points beyond ASCII, when they are few.
    few: Option<Vec<(char, char)>>,
    classes: Vec<regex_syntax::hir::ClassUnicode>,
    literal_chars: Vec<char>,
    literal_ascii: [bool; 128],
    word_boundaries: bool,
    /// The stand-in found for each character met so far.
    stand_ins: Mutex<Vec<(char, Option<u8>)>>,
}

impl BeyondAscii {
    fn new(source: &str) -> Option<BeyondAscii> {
        let ast = regex_syntax::ast::parse::Parser::new().parse(source).ok()?;
        let hir = translator(Reading::Unicode).translate(source, &ast).ok()?;
        let mut beyond = BeyondAscii {
            few: None,
            classes: Vec::new(),
            literal_chars: Vec::new(),
            literal_ascii: [false; 128],
            word_boundaries: false,
            stand_ins: Mutex::default(),
        };
        if !beyond.read(&hir) {
            return None;
        }
        let mut ranges: Vec<(char, char)> = beyond
            .classes
            .iter()
            .flat_map(|class| class.ranges())
            .filter(|range| range.end() > '\u{7f}')
            .map(|range| (range.start().max('\u{80}'), range.end()))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(char, char)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        let count: u64 = merged
            .iter()
            .map(|&(lo, hi)| u64::from(hi as u32 - lo as u32) + 1)
            .sum();
        beyond.few = (count <= u64::from(FEW_BEYOND_ASCII)).then_some(merged);
        Some(beyond)
    }

    /// Gathers the classes, literals and word boundaries of `hir`; `false` for a Unicode word
    /// boundary, or a byte class or literal beyond ASCII that is not UTF-8.
    fn read(&mut self, hir: &Hir) -> bool {
        use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind, Look};
        match hir.kind() {
            HirKind::Empty => true,
            HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
                Ok(text) => {
                    for c in text.chars() {
                        if c.is_ascii() {
                            self.literal_ascii[c as usize] = true;
                        } else if !self.literal_chars.contains(&c) {
                            self.literal_chars.push(c);
                        }
                    }
                    true
                }
                Err(_) => false,
            },
            HirKind::Class(Class::Unicode(class)) => {
                if !self.classes.contains(class) {
                    self.classes.push(class.clone());
                }
                true
            }
            HirKind::Class(Class::Bytes(class)) => {
                if class.ranges().iter().any(|r| r.end() > 0x7f) {
                    return false;
                }
                let class =
                    ClassUnicode::new(class.ranges().iter().map(|r| {
                        ClassUnicodeRange::new(char::from(r.start()), char::from(r.end()))
                    }));
                if !self.classes.contains(&class) {
                    self.classes.push(class);
                }
                true
            }
            HirKind::Look(look) => match look {
                Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode => false,
                Look::WordAscii
                | Look::WordAsciiNegate
                | Look::WordStartAscii
                | Look::WordEndAscii
                | Look::WordStartHalfAscii
                | Look::WordEndHalfAscii => {
                    self.word_boundaries = true;
                    true
                }
                _ => true,
            },
            HirKind::Repetition(repetition) => self.read(&repetition.sub),
            HirKind::Capture(capture) => self.read(&capture.sub),
            HirKind::Concat(parts) | HirKind::Alternation(parts) => {
                parts.iter().all(|part| self.read(part))
            }
        }
    }

    /// Whether `text` can be searched as it is (see the type).
    fn searched_as_is(&self, text: &str) -> bool {
        let Some(few) = &self.few else {
            return false;
        };
        !text
            .chars()
            .any(|c| !c.is_ascii() && few.iter().any(|&(lo, hi)| lo <= c && c <= hi))
    }

    /// The ASCII byte that stands for `c` (see the type), if one does.
    fn stand_in(&self, c: char) -> Option<u8> {
        let mut known = self
            .stand_ins
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&(_, found)) = known.iter().find(|(of, _)| *of == c) {
            return found;
        }
        let holds = |class: &regex_syntax::hir::ClassUnicode, c: char| {
            class
                .ranges()
                .binary_search_by(|range| {
                    if range.end() < c {
                        std::cmp::Ordering::Less
                    } else if range.start() > c {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
        };
        let found = if self.literal_chars.contains(&c) {
            None
        } else {
            STAND_INS.iter().copied().find(|&b| {
                !self.literal_ascii[usize::from(b)]
                    && !(self.word_boundaries && (b == b'_' || b.is_ascii_alphanumeric()))
                    && self
                        .classes
                        .iter()
                        .all(|class| holds(class, c) == holds(class, char::from(b)))
            })
        };
        known.push((c, found));
        found
    }

    /// `text` with each character beyond ASCII replaced by its stand-in, and where each of
    /// its bytes starts in `text` (one more: the end); `None` when a character has none.
    fn stood_in(&self, text: &str) -> Option<(String, Vec<usize>)> {
        let mut bytes = Vec::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            bytes.push(if c.is_ascii() {
                c as u8
            } else {
                self.stand_in(c)?
            });
            starts.push(at);
        }
        starts.push(text.len());
        Some((String::from_utf8(bytes).ok()?, starts))
    }
}

/// The ASCII reading of a source: how it reads, what it has compiled, and the source it
/// compiles (see `ascii_source`).
#[derive(Debug, Clone)]
struct AsciiReading {
    reading: Reading,
    forms: Arc<Forms>,
    source: Arc<str>,
}

impl AsciiReading {
    fn new(source: &str) -> AsciiReading {
        let source = ascii_source(source);
        AsciiReading {
            reading: Reading::ascii(&source),
            forms: Arc::default(),
            source,
        }
    }
}

/// `source` as its ASCII reading compiles it: with the characters beyond ASCII of its
/// bracketed classes left out (`['’]` reads `[']`), which that reading cannot compile (a
/// class of bytes holds no character beyond ASCII). The ASCII reading only ever searches
/// texts that hold none of them: an all-ASCII text, one with stand-ins (all ASCII), or one
/// searched as it is, which holds no character of any class (see `BeyondAscii`). So it
/// matches alike. The source itself when it has no such class, or when leaving them out is
/// not that simple (a class left empty, a range from ASCII beyond it, a class operation):
/// the ASCII reading then fails to compile and the reading as written answers, as before.
fn ascii_source(source: &str) -> Arc<str> {
    if source.is_ascii() {
        return source.into();
    }
    let Ok(mut ast) = regex_syntax::ast::parse::Parser::new().parse(source) else {
        return source.into();
    };
    match ascii_classes(&mut ast) {
        Ok(true) => {
            let mut printed = String::new();
            match regex_syntax::ast::print::Printer::new().print(&ast, &mut printed) {
                Ok(()) => printed.into(),
                Err(_) => source.into(),
            }
        }
        _ => source.into(),
    }
}

/// Leaves out the characters beyond ASCII of `ast`'s bracketed classes; whether it left out
/// any, or `Err` when a class cannot simply lose them (see `ascii_source`).
fn ascii_classes(ast: &mut regex_syntax::ast::Ast) -> Result<bool, ()> {
    use regex_syntax::ast::{Ast, ClassSet};
    match ast {
        Ast::ClassBracketed(class) => {
            let ClassSet::Item(item) = &mut class.kind else {
                return if class_set_is_ascii(&class.kind) {
                    Ok(false)
                } else {
                    Err(())
                };
            };
            // Negated too: `[^’x]` reads `[^x]`, alike on ASCII, and a text searched as it is
            // holds no character such a class holds (nearly all of them).
            ascii_items(item)
        }
        Ast::Repetition(repetition) => ascii_classes(&mut repetition.ast),
        Ast::Group(group) => ascii_classes(&mut group.ast),
        Ast::Alternation(alternation) => ascii_classes_of(&mut alternation.asts),
        Ast::Concat(concat) => ascii_classes_of(&mut concat.asts),
        _ => Ok(false),
    }
}

/// `ascii_classes` of each of `asts`.
fn ascii_classes_of(asts: &mut [regex_syntax::ast::Ast]) -> Result<bool, ()> {
    let mut changed = false;
    for ast in asts {
        changed |= ascii_classes(ast)?;
    }
    Ok(changed)
}

/// Whether a class operation (`&&`, `--`, `~~`) names only ASCII characters.
fn class_set_is_ascii(set: &regex_syntax::ast::ClassSet) -> bool {
    use regex_syntax::ast::{ClassSet, ClassSetItem};
    fn item_is_ascii(item: &ClassSetItem) -> bool {
        match item {
            ClassSetItem::Literal(literal) => literal.c.is_ascii(),
            ClassSetItem::Range(range) => range.end.c.is_ascii(),
            ClassSetItem::Union(union) => union.items.iter().all(item_is_ascii),
            ClassSetItem::Bracketed(class) => class_set_is_ascii(&class.kind),
            _ => true,
        }
    }
    match set {
        ClassSet::Item(item) => item_is_ascii(item),
        ClassSet::BinaryOp(op) => class_set_is_ascii(&op.lhs) && class_set_is_ascii(&op.rhs),
    }
}

/// Leaves out the characters beyond ASCII of one class item; `Err` when that would empty it
/// or split a range, or for a nested class that names one.
fn ascii_items(item: &mut regex_syntax::ast::ClassSetItem) -> Result<bool, ()> {
    use regex_syntax::ast::ClassSetItem;
    let beyond = |item: &ClassSetItem| -> Result<bool, ()> {
        match item {
            ClassSetItem::Literal(literal) => Ok(!literal.c.is_ascii()),
            ClassSetItem::Range(range) if !range.end.c.is_ascii() => {
                if range.start.c.is_ascii() {
                    Err(())
                } else {
                    Ok(true)
                }
            }
            ClassSetItem::Bracketed(class) if !class_set_is_ascii(&class.kind) => Err(()),
            _ => Ok(false),
        }
    };
    match item {
        ClassSetItem::Union(union) => {
            let mut leave = Vec::with_capacity(union.items.len());
            for item in &union.items {
                leave.push(beyond(item)?);
            }
            if !leave.contains(&true) {
                return Ok(false);
            }
            if leave.iter().all(|&l| l) {
                return Err(());
            }
            let mut leave = leave.into_iter();
            union.items.retain(|_| !leave.next().unwrap_or(false));
            Ok(true)
        }
        // A class of one character beyond ASCII would be left empty.
        item => match beyond(item)? {
            true => Err(()),
            false => Ok(false),
        },
    }
}

/// A text as the ASCII reading searches it: the text itself, or the text with stand-ins and
/// where each of its bytes starts in the text.
enum AsciiText<'t> {
    AsIs(&'t str),
    StoodIn(String, Vec<usize>),
}

impl AsciiText<'_> {
    fn text(&self) -> &str {
        match self {
            AsciiText::AsIs(text) => text,
            AsciiText::StoodIn(text, _) => text,
        }
    }

    /// `range` of the searched text, in the text.
    fn range_in_text(&self, range: Range<usize>) -> Range<usize> {
        match self {
            AsciiText::AsIs(_) => range,
            AsciiText::StoodIn(_, starts) => starts[range.start]..starts[range.end],
        }
    }
}

/// One reading's compiled forms. The tester is let go once the full regex is compiled, which
/// answers everything: a long run holds one automaton and one set of caches per reading.
#[derive(Debug, Default)]
struct Forms {
    regex: OnceLock<Result<Regex, String>>,
    /// The full regex's cache that the threads share (see `SharedCache`).
    cache: SharedCache<meta::Cache>,
    tester: Mutex<Option<Arc<Result<Tester, String>>>>,
}

/// A lazy DFA's cache shared by the threads: whichever thread searches builds the states the
/// other's next search then finds. With a cache per thread (the regex's own pool), each of a
/// long run's two threads built every state again, a third more states over bulk, and
/// building a state costs thousands of instructions. A thread that finds the cache in use
/// searches with its own from the pool instead, so no search waits for another; the
/// answers are the same with either cache.
///
/// Boxed, made on first use: every pattern of the catalogue has its cell from the start,
/// compiled or not, and inline the full regex's cache made a cell 1,760 bytes (a meta
/// engine's cache is 1,400), written for each of the catalogue's 79 cells as the rules load
/// (one posting: 40 of its 810 page faults, 0.965 of its wall time).
#[derive(Debug)]
struct SharedCache<C> {
    cache: OnceLock<Box<Mutex<C>>>,
}

impl<C> Default for SharedCache<C> {
    fn default() -> Self {
        SharedCache {
            cache: OnceLock::new(),
        }
    }
}

impl<C> SharedCache<C> {
    /// The shared cache, made by `make` on first use, when no other thread holds it.
    fn try_take(&self, make: impl FnOnce() -> C) -> Option<std::sync::MutexGuard<'_, C>> {
        self.cache
            .get_or_init(|| Box::new(Mutex::new(make())))
            .try_lock()
            .ok()
    }

    /// Runs `search` with the shared cache, made by `make` on first use, or with one of
    /// `pool`'s while another thread holds it.
    fn with<R, F: Fn() -> C>(
        &self,
        pool: &Pool<C, F>,
        make: impl FnOnce() -> C,
        search: impl FnOnce(&mut C) -> R,
    ) -> R
    where
        C: Send,
    {
        match self.try_take(make) {
            Some(mut cache) => search(&mut cache),
            None => search(&mut pool.get()),
        }
    }
}

/// What a cell is compiled for: finding matches, or telling whether there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Find,
    Test,
}

impl Forms {
    fn regex(&self, source: &str, reading: Reading) -> Result<&Regex, &str> {
        let regex = self.regex.get_or_init(|| {
            let regex = compile(source, reading);
            self.tester().take();
            regex
        });
        regex.as_ref().map_err(String::as_str)
    }

    fn tester(&self) -> std::sync::MutexGuard<'_, Option<Arc<Result<Tester, String>>>> {
        self.tester
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The tester, built on first use; `None` once the full regex is compiled.
    fn tester_for(&self, source: &str, reading: Reading) -> Option<Arc<Result<Tester, String>>> {
        let mut tester = self.tester();
        if self.regex.get().is_some() {
            return None;
        }
        Some(Arc::clone(tester.get_or_insert_with(|| {
            Arc::new(Tester::new(source, reading))
        })))
    }

    /// Whether the source matches in `text`: with the full regex when it is compiled
    /// already, else with the tester; `None` when this reading cannot compile the source.
    fn is_match(&self, source: &str, reading: Reading, text: &str) -> Option<bool> {
        if let Some(regex) = self.regex.get() {
            return regex.as_ref().ok().map(|r| self.regex_is_match(r, text));
        }
        match self.tester_for(source, reading) {
            Some(tester) => tester.as_ref().as_ref().ok().map(|t| t.is_match(text)),
            // The full regex was compiled meanwhile.
            None => self
                .regex(source, reading)
                .ok()
                .map(|r| self.regex_is_match(r, text)),
        }
    }

    fn regex_is_match(&self, regex: &Regex, text: &str) -> bool {
        match self.cache.try_take(|| regex.create_cache()) {
            Some(mut cache) => regex.is_match_with(&mut cache, &Input::new(text)),
            None => regex.is_match(text),
        }
    }

    /// Every non-empty match of `regex` in `text`, as `find_iter` finds them.
    fn regex_find_all(&self, regex: &Regex, text: &str) -> Vec<Range<usize>> {
        let Some(mut cache) = self.cache.try_take(|| regex.create_cache()) else {
            return regex
                .find_iter(text)
                .map(|m| m.range())
                .filter(|r| !r.is_empty())
                .collect();
        };
        let mut searcher = regex_automata::util::iter::Searcher::new(Input::new(text));
        std::iter::from_fn(|| searcher.advance(|input| Ok(regex.search_with(&mut cache, input))))
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
            .collect()
    }

    /// Every non-empty match in `text`, or `None` when this reading cannot compile the
    /// source. Until the full regex is compiled, the tester is asked first: most texts a
    /// posting's armed patterns meet hold one of their literals but no match, and then the
    /// full regex, with its reverse automaton, is never compiled.
    fn find_all(&self, source: &str, reading: Reading, text: &str) -> Option<Vec<Range<usize>>> {
        if self.regex.get().is_none() && !self.is_match(source, reading, text)? {
            return Some(Vec::new());
        }
        let regex = self.regex(source, reading).ok()?;
        Some(self.regex_find_all(regex, text))
    }

    fn is_built(&self) -> bool {
        // The tester is let go only once the full regex is compiled.
        self.regex.get().is_some() || self.tester().is_some()
    }
}

/// How a source reads lowered (`lowered::lowered_source`).
#[derive(Debug)]
enum Lowers {
    /// It does not: it is read with case folded.
    No,
    /// As it is written.
    AsWritten,
    /// Rewritten so.
    Rewritten(Box<str>),
}

impl Compiled {
    /// The full regex as the source is written, or why the source cannot be compiled.
    /// Lowered when the source reads so (`lowered_source`): it then matches texts
    /// lower-cased.
    pub fn regex(&self, source: &str) -> Result<&Regex, &str> {
        let (forms, compiled, reading) = self.written(source);
        let regex = forms.regex(compiled, reading);
        self.retire_ascii();
        regex
    }

    /// The forms that read `source` as written, the source they compile and their reading:
    /// the lowered reading where the source reads so, else the source with case folded.
    fn written<'c: 'x, 's: 'x, 'x>(&'c self, source: &'s str) -> (&'c Forms, &'x str, Reading) {
        match self.lowered_source(source) {
            Some(lowered) => (&self.lowered, lowered, Reading::UnicodeLowered),
            None => (&self.unicode, source, Reading::Unicode),
        }
    }

    /// The source the lowered reading compiles (`source`, or `source` rewritten), or `None`
    /// when it is read with case folded; worked out once, before the first compile, which
    /// takes the syntax tree parsed here (`syntax_tree`).
    fn lowered_source<'s>(&'s self, source: &'s str) -> Option<&'s str> {
        let lowers = self.lowers.get_or_init(|| {
            let Ok(ast) = regex_syntax::ast::parse::Parser::new().parse(source) else {
                return Lowers::No;
            };
            let lowers = match lowered::lowered_source(source, &ast) {
                None => Lowers::No,
                Some(std::borrow::Cow::Borrowed(_)) => Lowers::AsWritten,
                // The tree is the source's, not the rewritten one's.
                Some(std::borrow::Cow::Owned(rewritten)) => {
                    return Lowers::Rewritten(rewritten.into());
                }
            };
            PARSED.with(|parsed| *parsed.borrow_mut() = Some((source.into(), ast)));
            lowers
        });
        match lowers {
            Lowers::No => None,
            Lowers::AsWritten => Some(source),
            Lowers::Rewritten(rewritten) => Some(rewritten),
        }
    }

    /// `search` run with the forms that search `text` as the source is written, the source
    /// they compile, their reading, and the text as they search it: for the lowered reading,
    /// lower-cased into this thread's buffer (a long run searches hundreds of thousands of
    /// texts, most of them once for each of a few sources).
    fn as_written<R>(
        &self,
        source: &str,
        text: &str,
        search: impl FnOnce(&Forms, &str, Reading, &str) -> R,
    ) -> R {
        let (forms, compiled, reading) = self.written(source);
        if reading != Reading::UnicodeLowered || crate::bytescan::folds_into_ascii(text) {
            return search(&self.unicode, source, Reading::Unicode, text);
        }
        // Taken out while in use, so a search within a search would only make its own.
        let mut lowered = LOWERED_TEXT.take();
        lowered.clear();
        lowered.push_str(text);
        lowered.make_ascii_lowercase();
        let found = search(forms, compiled, reading, &lowered);
        // A huge text's buffer is not kept.
        if lowered.capacity() <= LOWERED_TEXT_KEPT {
            LOWERED_TEXT.set(lowered);
        }
        found
    }

    fn ascii_slot(&self) -> std::sync::MutexGuard<'_, Option<AsciiReading>> {
        self.ascii
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Lets the ASCII reading go for good (once: later calls only read the flag, which a
    /// long run's every search does).
    fn retire_ascii(&self) {
        if !self.ascii_retired.load(Ordering::Relaxed)
            && !self.ascii_retired.swap(true, Ordering::Relaxed)
        {
            self.ascii_slot().take();
        }
    }

    /// Whether the ASCII reading has anything compiled.
    fn ascii_built(&self) -> bool {
        self.ascii_slot()
            .as_ref()
            .is_some_and(|ascii| ascii.forms.is_built())
    }

    /// The ASCII reading of `source` for `text` under `readings` and the text as it
    /// searches it, or `None`: read it as written.
    fn ascii_for<'t>(
        &self,
        source: &str,
        text: &'t str,
        readings: Readings,
    ) -> Option<(AsciiReading, AsciiText<'t>)> {
        match readings {
            Readings::AsWritten => {
                self.retire_ascii();
                None
            }
            Readings::AsciiWhenAscii => {
                if self.ascii_retired.load(Ordering::Relaxed) {
                    return None;
                }
                let text = self.ascii_text(source, text)?;
                let mut slot = self.ascii_slot();
                // Checked again under the lock: `retire_ascii` sets the flag, then takes.
                if self.ascii_retired.load(Ordering::Relaxed) {
                    return None;
                }
                let ascii = slot.get_or_insert_with(|| AsciiReading::new(source));
                Some((ascii.clone(), text))
            }
        }
    }

    /// `text` as the ASCII reading of `source` searches it (see `BeyondAscii`), or `None`:
    /// read it as written. A posting on its own compiled about half its testers as written
    /// before (over 60 corpus postings, 3 ms of CPU a posting), mostly for a curly
    /// apostrophe, a dash or a bullet in the text.
    fn ascii_text<'t>(&self, source: &str, text: &'t str) -> Option<AsciiText<'t>> {
        if text.is_ascii() {
            return Some(AsciiText::AsIs(text));
        }
        let beyond = self
            .beyond_ascii
            .get_or_init(|| BeyondAscii::new(source))
            .as_ref()?;
        if beyond.searched_as_is(text) {
            return Some(AsciiText::AsIs(text));
        }
        let (stood_in, starts) = beyond.stood_in(text)?;
        Some(AsciiText::StoodIn(stood_in, starts))
    }

    /// Whether the source matches in `text`. `false` for a source that cannot be compiled.
    pub fn is_match(&self, source: &str, text: &str, readings: Readings) -> bool {
        #[cfg(feature = "regex-timing")]
        let _timed = timing::Timed::start(source, text.len());
        if let Some((ascii, searched)) = self.ascii_for(source, text, readings)
            && let Some(found) = ascii.forms.is_match(
                &ascii.source,
                ascii.reading,
                &ascii.reading.text(searched.text()),
            )
        {
            return found;
        }
        self.as_written(source, text, |forms, source, reading, searched| {
            forms.is_match(source, reading, searched).unwrap_or(false)
        })
    }

    /// Every non-empty match in `text`.
    pub fn find_all(&self, source: &str, text: &str, readings: Readings) -> Vec<Range<usize>> {
        #[cfg(feature = "regex-timing")]
        let _timed = timing::Timed::start(source, text.len());
        if let Some((ascii, searched)) = self.ascii_for(source, text, readings)
            && let Some(found) = ascii.forms.find_all(
                &ascii.source,
                ascii.reading,
                &ascii.reading.text(searched.text()),
            )
        {
            return found
                .into_iter()
                .map(|range| searched.range_in_text(range))
                .collect();
        }
        self.as_written(source, text, |forms, source, reading, searched| {
            forms
                .find_all(source, reading, searched)
                .unwrap_or_default()
        })
    }

    /// Whether anything is compiled for this source.
    pub fn is_built(&self) -> bool {
        self.unicode.is_built() || self.lowered.is_built() || self.ascii_built()
    }

    /// The forms as written that a text without the Kelvin sign or the long s is searched
    /// with, once it is known which they are.
    fn written_forms(&self) -> Option<&Forms> {
        match self.lowers.get()? {
            Lowers::No => Some(&self.unicode),
            Lowers::AsWritten | Lowers::Rewritten(_) => Some(&self.lowered),
        }
    }

    /// Whether what `purpose` needs under `readings` is compiled.
    pub(super) fn is_built_for(&self, purpose: Use, readings: Readings) -> bool {
        match (purpose, readings) {
            (Use::Find, Readings::AsWritten) => self
                .written_forms()
                .is_some_and(|forms| forms.regex.get().is_some()),
            (Use::Find, Readings::AsciiWhenAscii) => {
                self.ascii_retired.load(Ordering::Relaxed)
                    || self
                        .ascii_slot()
                        .as_ref()
                        .is_some_and(|ascii| ascii.forms.regex.get().is_some())
            }
            (Use::Test, Readings::AsWritten) => self.written_forms().is_some_and(Forms::is_built),
            (Use::Test, Readings::AsciiWhenAscii) => {
                self.ascii_retired.load(Ordering::Relaxed) || self.ascii_built()
            }
        }
    }

    /// Finding compiles the full regex as written (a long run). Testing compiles a tester;
    /// under `AsciiWhenAscii`, the ASCII reading's, and the other when a text needs it.
    fn build_for(&self, purpose: Use, readings: Readings, source: &str) {
        match (purpose, readings) {
            (Use::Find, Readings::AsWritten) => {
                let _ = self.regex(source);
            }
            (Use::Find, Readings::AsciiWhenAscii) => {
                if let Some((ascii, _)) = self.ascii_for(source, "", readings) {
                    let _ = ascii.forms.regex(&ascii.source, ascii.reading);
                }
            }
            (Use::Test, Readings::AsWritten) => {
                let (forms, compiled, reading) = self.written(source);
                let _ = forms.tester_for(compiled, reading);
            }
            (Use::Test, Readings::AsciiWhenAscii) => {
                // An empty text is ASCII: it asks for the ASCII reading.
                if let Some((ascii, _)) = self.ascii_for(source, "", readings) {
                    let _ = ascii.forms.tester_for(&ascii.source, ascii.reading);
                }
            }
        }
    }
}

/// The cell of a source, shared while any pattern holds it (a regex no rule holds any more,
/// after a configuration reload, is freed).
pub fn cell(source: &str) -> Arc<Compiled> {
    static CELLS: OnceLock<Mutex<super::Cells<String, Compiled>>> = OnceLock::new();
    super::shared_cell(&CELLS, source)
}

/// Compiles what `purpose` needs under `readings` of the cells not compiled yet, each once,
/// on every core. The cells are looked at before any is gathered: a long run asks this of
/// every posting's armed patterns, and soon has them all compiled.
pub fn build_all<'c>(
    cells: impl IntoIterator<Item = (&'c str, &'c Arc<Compiled>)>,
    purpose: Use,
    readings: Readings,
) {
    use rayon::prelude::*;
    let mut cells: Vec<(&str, &Arc<Compiled>)> = cells
        .into_iter()
        .filter(|(_, cell)| !cell.is_built_for(purpose, readings))
        .collect();
    cells.sort_by_key(|(_, cell)| Arc::as_ptr(cell));
    cells.dedup_by_key(|(_, cell)| Arc::as_ptr(cell));
    match cells.as_slice() {
        [] => {}
        [(source, cell)] => cell.build_for(purpose, readings, source),
        _ => cells
            .par_iter()
            .for_each(|(source, cell)| cell.build_for(purpose, readings, source)),
    }
}

/// The line of a regex error that says what is wrong: regex errors are multi-line drawings
/// ending in `error: unclosed group`.
pub fn regex_reason(error: &str) -> String {
    let last = error
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(error)
        .trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// How a rule's pattern is read: case-insensitive, UTF-8 (or, for ASCII texts, bytes with
/// Unicode off: no match can meet a non-ASCII byte there, so none can split a character).
fn syntax(reading: Reading) -> syntax::Config {
    let config = syntax::Config::new().case_insensitive(true);
    match reading {
        Reading::Unicode => config.utf8(true),
        Reading::UnicodeLowered => config.utf8(true).case_insensitive(false),
        Reading::Ascii => config.utf8(false).unicode(false),
        Reading::AsciiLowered => config.utf8(false).unicode(false).case_insensitive(false),
    }
}

/// Compiles a source: case-insensitive, and within the limits users' rules are held to. It is
/// `regex::Regex::new` (leftmost-first, UTF-8, no empty match inside a character) with two
/// costs left out. No capture groups: rules ask where a pattern matches, never for its
/// groups. No prefilter: a posting's regexes are compiled for it, and extracting the literals
/// a prefilter needs took a third of that time; the trigger pass has already found one of the
/// pattern's literals in every segment it is run on, so a prefilter would mostly look for it
/// again.
fn compile(source: &str, reading: Reading) -> Result<Regex, String> {
    let ast = syntax_tree(source)?;
    let hir = translator(reading)
        .translate(source, &ast)
        .map_err(|e| build_error(None, &e))?;
    meta::Builder::new()
        .configure(meta_config())
        .build_from_hir(&any_beyond_ascii_as_bytes(hir))
        .map_err(|e| build_error(e.size_limit(), &e))
}

fn meta_config() -> meta::Config {
    meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .which_captures(WhichCaptures::Implicit)
        .auto_prefilter(false)
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_CACHE)
}

/// `hir` with every class that holds all characters beyond ASCII (`[^.;]`, `.`) made bytes:
/// its ASCII part, or a leading byte and as many continuation bytes as it announces. On UTF-8
/// text that is one character, as before; but the UTF-8 automaton of "every character but a
/// few" checks the ranges of each length's second byte too, a dozen states copied for each
/// count of a bounded repeat (`[^.;,:\n]{1,60}`): the doctorate rule's regex as written
/// compiles in 2.7 ms instead of 3.9. Each branch takes a whole character, so a match starts
/// and ends between characters, the earliest one of a test (`is_match`) too. (A leading byte
/// and then any continuation bytes was smaller still, but a test stopped after the leading
/// byte, and a pattern that may match nothing then took that end for no match.)
fn any_beyond_ascii_as_bytes(hir: Hir) -> Hir {
    use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, HirKind, Repetition};
    // Only the branches that hold such a class are rebuilt: rebuilding a word list's
    // alternation cost more than its automaton saved.
    if !holds_all_beyond_ascii(&hir) {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) if class.ranges().iter().any(is_beyond_ascii) => {
            let ascii = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8));
            let bytes = |from: u8, to: u8| {
                Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(
                    from, to,
                )])))
            };
            // A leading byte of 2, 3 or 4 bytes, then the rest of its character.
            let character = |lead: Hir, length: usize| {
                let mut bytes_of = vec![lead];
                bytes_of.resize_with(length, || bytes(0x80, 0xbf));
                Hir::concat(bytes_of)
            };
            Hir::alternation(vec![
                Hir::class(Class::Bytes(ClassBytes::new(ascii))),
                character(bytes(0xc2, 0xdf), 2),
                character(bytes(0xe0, 0xef), 3),
                character(bytes(0xf0, 0xf4), 4),
            ])
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(any_beyond_ascii_as_bytes(*repetition.sub)),
            ..repetition
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(any_beyond_ascii_as_bytes(*capture.sub)),
            ..capture
        }),
        HirKind::Concat(hirs) => {
            Hir::concat(hirs.into_iter().map(any_beyond_ascii_as_bytes).collect())
        }
        HirKind::Alternation(hirs) => {
            Hir::alternation(hirs.into_iter().map(any_beyond_ascii_as_bytes).collect())
        }
        HirKind::Class(class) => Hir::class(class),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Look(look) => Hir::look(look),
    }
}

/// Whether a range of a class holds every character beyond ASCII.
fn is_beyond_ascii(range: &regex_syntax::hir::ClassUnicodeRange) -> bool {
    range.start() <= '\u{80}' && range.end() == char::MAX
}

/// Whether `hir` has a class that holds every character beyond ASCII (see
/// `any_beyond_ascii_as_bytes`).
fn holds_all_beyond_ascii(hir: &Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(is_beyond_ascii),
        HirKind::Repetition(repetition) => holds_all_beyond_ascii(&repetition.sub),
        HirKind::Capture(capture) => holds_all_beyond_ascii(&capture.sub),
        HirKind::Concat(hirs) | HirKind::Alternation(hirs) => {
            hirs.iter().any(holds_all_beyond_ascii)
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// Why a source cannot be compiled, worded as `regex::Regex::new` words it.
fn build_error(size_limit: Option<usize>, error: &dyn std::fmt::Display) -> String {
    match size_limit {
        Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        None => regex_reason(&error.to_string()),
    }
}

type Caches = (Option<hybrid::dfa::Cache>, backtrack::Cache, pikevm::Cache);

/// A set of caches for one automaton's engines.
fn create_caches(
    dfa: Option<&hybrid::dfa::DFA>,
    backtracker: &BoundedBacktracker,
    vm: &PikeVM,
) -> Caches {
    (
        dfa.map(hybrid::dfa::DFA::create_cache),
        backtracker.create_cache(),
        vm.create_cache(),
    )
}
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync>;

/// Tells whether a source matches, without finding where. An alternation with windowed
/// alternatives (`a[^.;]{0,50}b`) is tested one such alternative at a time, with the rest
/// together: in one automaton each window's count of characters multiplies the others'
/// states, and the DFA's cache, filled over and over, was rebuilt about 50 times a run on
/// bulk (gender-coded-wording's exceptions). A windowed alternative is then tested piece by
/// piece where it splits at its windows (see `window`). A match of any part is a match of the
/// whole.
pub struct Tester {
    parts: Vec<Part>,
    gate: Option<Gate>,
}

/// One part of a tester: a windowed alternative tested piece by piece where it splits into
/// pieces (see `window`), with its whole automaton built only for a text the pieces' automata
/// give up on; else the whole automaton, built with the tester.
struct Part {
    windowed: Option<Windowed>,
    whole: OnceLock<Result<Automata, String>>,
    /// The syntax tree the whole automaton is built from, let go once it is built: a tree of
    /// case-folded classes is larger than its automaton, and the testers' trees held 3 MB of
    /// a long run's peak.
    hir: Mutex<Option<Hir>>,
    cache: usize,
}

impl Part {
    /// The whole part's automaton, built on first use, or why it cannot be.
    fn whole(&self) -> &Result<Automata, String> {
        self.whole.get_or_init(|| {
            let hir = self
                .hir
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            // Only the first build takes the tree (it is gone for a second only if the first
            // panicked).
            hir.map_or_else(
                || Err("the syntax tree was let go".to_string()),
                |hir| Automata::new(&hir, self.cache),
            )
        })
    }

    fn is_match(&self, text: &str) -> bool {
        if let Some(found) = self.windowed.as_ref().and_then(|w| w.is_match(text)) {
            return found;
        }
        self.whole()
            .as_ref()
            .is_ok_and(|whole| whole.is_match(text))
    }
}

impl std::fmt::Debug for Tester {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tester")
            .field("parts", &self.parts.len())
            .finish_non_exhaustive()
    }
}

impl Tester {
    fn new(source: &str, reading: Reading) -> Result<Tester, String> {
        // Parsed once, for the split and for every part's automaton: parsing was a third of
        // what compiling a posting's testers cost, and it was done twice.
        let ast = syntax_tree(source)?;
        let mut translator = translator(reading);
        let split = tested_parts(&ast);
        let parts = split
            .iter()
            .map(|alternatives| {
                let hirs = alternatives
                    .iter()
                    .map(|a| translator.translate(source, a))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| regex_reason(&e.to_string()))?;
                // As the parser joins the alternatives of `a|b`; one stays as it is.
                Ok(Hir::alternation(hirs))
            })
            .collect::<Result<Vec<_>, String>>()?;
        // The parts share one tester's cache budget (each at least a quarter of it): with a
        // full cache each, bulk's peak memory grew by 6 MB for the same time.
        let cache = (DFA_CACHE / parts.len()).max(DFA_CACHE / 4);
        let parts = parts
            .into_iter()
            .map(|hir| {
                let windowed = Windowed::new(&hir, cache, any_beyond_ascii_as_bytes);
                let part = Part {
                    windowed,
                    whole: OnceLock::new(),
                    hir: Mutex::new(Some(any_beyond_ascii_as_bytes(hir))),
                    cache,
                };
                if part.windowed.is_none() {
                    part.whole().as_ref().map_err(Clone::clone)?;
                }
                Ok(part)
            })
            .collect::<Result<_, String>>()?;
        let gate = Gate::new(source, &split, reading);
        Ok(Tester { parts, gate })
    }

    fn is_match(&self, text: &str) -> bool {
        // The Kelvin sign and the long s fold to `k` and `s` in a case-insensitive regex,
        // which the gate, folding ASCII only, does not: such a text is not gated.
        let admitted = self
            .gate
            .as_ref()
            .filter(|_| !crate::bytescan::folds_into_ascii(text))
            .map(|gate| gate.admitted(text));
        self.parts.iter().enumerate().any(|(i, part)| {
            admitted.as_ref().is_none_or(|admitted| admitted[i]) && part.is_match(text)
        })
    }
}

/// The most literals one side of a part's gate holds: a part that can start (or end) with
/// more is not gated on that side.
const GATE_LITERALS: usize = 64;

/// What a text must hold for each windowed part of a tester to match: one of the literals
/// every match of the part starts with and one of those every match ends with, ASCII case
/// folded. A windowed part such as gender-coded-wording's "competitive … within 50
/// characters … salary" makes a lazy DFA of many states, which new sentences keep extending,
/// and most sentences hold no "competitive". One scan of the text for every part's literals
/// decides which parts are searched at all. Parts without a window are not gated: their DFA
/// soon holds every state a text needs, and a scan first would only add to it.
#[derive(Debug)]
struct Gate {
    /// The literals, lower-cased, looked for in the text lower-cased (ASCII only): a table
    /// for a posting on its own, a `LiteralDfa` once the gate has read `GATE_DFA_AFTER` bytes.
    /// Aho-Corasick's overlapping search, folding ASCII case itself, read about 14 ns a byte
    /// here (0.7% of a run over bulk).
    literals: crate::automaton::Upgrading,
    /// Per part: the literals (indices into `literals`) one of which starts its matches, and
    /// those one of which ends them; `None` for a side (or a part) that is not gated.
    sides: Vec<[Option<Vec<u32>>; 2]>,
}

impl Gate {
    /// The gate of a tester's parts (each a list of alternatives of `source`), read as
    /// `reading` reads them but case-sensitively (a case-insensitive reading spells each
    /// literal in every case); `None` when no part is gated. A side is not gated when its literals are
    /// too many, empty (anything can start a match) or beyond ASCII (ASCII case folding would
    /// miss their other cases).
    fn new(source: &str, parts: &[Vec<&regex_syntax::ast::Ast>], reading: Reading) -> Option<Gate> {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let config = syntax(reading);
        let mut as_written = regex_syntax::hir::translate::TranslatorBuilder::new()
            .case_insensitive(false)
            .utf8(config.get_utf8())
            .unicode(config.get_unicode())
            .build();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut side_of = |hir: &Hir, kind: ExtractKind| -> Option<Vec<u32>> {
            let seq = Extractor::new().kind(kind).extract(hir);
            let found = seq.literals()?;
            if found.is_empty()
                || found.len() > GATE_LITERALS
                || found
                    .iter()
                    .any(|l| l.as_bytes().is_empty() || !l.as_bytes().is_ascii())
            {
                return None;
            }
            let mut ids: Vec<u32> = found
                .iter()
                .map(|l| {
                    let lowered = l.as_bytes().to_ascii_lowercase();
                    let at = literals.iter().position(|known| *known == lowered);
                    let at = at.unwrap_or_else(|| {
                        literals.push(lowered);
                        literals.len() - 1
                    });
                    u32::try_from(at).unwrap_or(u32::MAX)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            Some(ids)
        };
        let sides: Vec<[Option<Vec<u32>>; 2]> = parts
            .iter()
            .map(|alternatives| {
                if alternatives.iter().all(|a| max_repeat(a) < WINDOW_MIN) {
                    return [None, None];
                }
                let Ok(hirs) = alternatives
                    .iter()
                    .map(|a| as_written.translate(source, a))
                    .collect::<Result<Vec<_>, _>>()
                else {
                    return [None, None];
                };
                let hir = Hir::alternation(hirs);
                [
                    side_of(&hir, ExtractKind::Prefix),
                    side_of(&hir, ExtractKind::Suffix),
                ]
            })
            .collect();
        if literals.is_empty() {
            return None;
        }
        // Lower-cased ASCII: each is a `str`.
        let literals = literals
            .into_iter()
            .map(|l| String::from_utf8(l).map(std::borrow::Cow::Owned))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        let literals = crate::automaton::Upgrading::new(
            aho_corasick::MatchKind::Standard,
            literals,
            GATE_DFA_AFTER,
        );
        Some(Gate { literals, sides })
    }

    /// Which parts may match in `text` (`false` only for one that cannot).
    fn admitted(&self, text: &str) -> Vec<bool> {
        let mut present = vec![false; self.literals.len()];
        self.literals.with_matches_lowered(text, |found| {
            for f in found {
                present[f.literal as usize] = true;
            }
        });
        self.sides
            .iter()
            .map(|sides| {
                sides.iter().all(|side| {
                    side.as_ref()
                        .is_none_or(|ids| ids.iter().any(|&id| present[id as usize]))
                })
            })
            .collect()
    }
}

/// Bytes a gate reads with its table before it builds its DFA: a posting's sentences are a
/// few kilobytes, a long run's megabytes.
const GATE_DFA_AFTER: usize = 32 << 10;

/// The repeat count from which an alternative counts as windowed: `{0,8}` and wider.
const WINDOW_MIN: u32 = 8;

/// What `Tester` tests a source (parsed to `ast`) with, each part a list of alternatives:
/// each windowed alternative on its own (one is enough: it may then be tested piece by piece)
/// and the others as one alternation, or the whole.
/// Only an alternation as `Pattern::parse` writes one is split, `(?:a)|(?:b)`: each
/// alternative a group without flags, so that no flag reaches from one alternative into the
/// next, and each translates alone as it does within the alternation.
fn tested_parts(ast: &regex_syntax::ast::Ast) -> Vec<Vec<&regex_syntax::ast::Ast>> {
    use regex_syntax::ast::{Ast, GroupKind};
    let whole = || vec![vec![ast]];
    let Ast::Alternation(alternation) = ast else {
        return whole();
    };
    let grouped = alternation.asts.iter().all(|a| {
        matches!(a, Ast::Group(group)
            if matches!(&group.kind, GroupKind::NonCapturing(flags) if flags.items.is_empty()))
    });
    let (windowed, rest): (Vec<&Ast>, Vec<&Ast>) = alternation
        .asts
        .iter()
        .partition(|a| max_repeat(a) >= WINDOW_MIN);
    if !grouped || windowed.is_empty() {
        return whole();
    }
    let mut parts: Vec<Vec<&Ast>> = windowed.into_iter().map(|a| vec![a]).collect();
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts
}

/// The largest buffer `Compiled::as_written` keeps for the next text.
const LOWERED_TEXT_KEPT: usize = 64 << 10;

thread_local! {
    /// A text lower-cased for the lowered reading (`Compiled::as_written`).
    static LOWERED_TEXT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };

    /// The syntax tree of the source whose reading was last worked out on this thread
    /// (`Compiled::lowered_source`), for the compile that follows it: parsing is about a
    /// seventh of compiling (42 of 290 M instructions over bulk), and was done twice.
    static PARSED: std::cell::RefCell<Option<(Box<str>, regex_syntax::ast::Ast)>> =
        const { std::cell::RefCell::new(None) };
}

/// `source`'s syntax tree: the one `Compiled::lowered_source` left on this thread, or parsed
/// now; or why it does not parse.
fn syntax_tree(source: &str) -> Result<regex_syntax::ast::Ast, String> {
    let left = PARSED.with(|parsed| {
        parsed
            .borrow_mut()
            .take_if(|(parsed, _)| **parsed == *source)
    });
    match left {
        Some((_, ast)) => Ok(ast),
        None => regex_syntax::ast::parse::Parser::new()
            .parse(source)
            .map_err(|e| regex_reason(&e.to_string())),
    }
}

/// Translates syntax trees as `syntax(reading)` has the parser do.
fn translator(reading: Reading) -> regex_syntax::hir::translate::Translator {
    let config = syntax(reading);
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .case_insensitive(config.get_case_insensitive())
        .utf8(config.get_utf8())
        .unicode(config.get_unicode())
        .build()
}

/// The largest bound of a counted repeat in `ast` (`{2,50}`: 50; `{3,}`: 3; `*`: none), where
/// a repeat of any character (`.+`, `.*`) counts as a window: an alternative such as
/// gender-coded-wording's "two function words of another language in one sentence" widens
/// every state of the automaton it shares with the others (on bulk their part of the exception
/// tests took 26 ms on one thread, against 17 ms for the two apart).
fn max_repeat(ast: &regex_syntax::ast::Ast) -> u32 {
    use regex_syntax::ast::{Ast, RepetitionKind, RepetitionRange};
    match ast {
        Ast::Repetition(repetition) => {
            let bound = match &repetition.op.kind {
                RepetitionKind::Range(
                    RepetitionRange::Exactly(n)
                    | RepetitionRange::AtLeast(n)
                    | RepetitionRange::Bounded(_, n),
                ) => *n,
                _ if matches!(*repetition.ast, Ast::Dot(_)) => WINDOW_MIN,
                _ => 0,
            };
            bound.max(max_repeat(&repetition.ast))
        }
        Ast::Group(group) => max_repeat(&group.ast),
        Ast::Concat(concat) => concat.asts.iter().map(max_repeat).max().unwrap_or(0),
        Ast::Alternation(alternation) => alternation.asts.iter().map(max_repeat).max().unwrap_or(0),
        _ => 0,
    }
}

/// One automaton's engines: a forward lazy DFA, as the meta engine runs it (the same cache
/// and the same rule for giving up), and for a text it gives up on, the engines the meta
/// engine falls back to (a bounded backtracker on short texts, else a PikeVM).
struct Automata {
    dfa: Option<hybrid::dfa::DFA>,
    backtracker: BoundedBacktracker,
    vm: PikeVM,
    /// The caches the threads share, and each thread's own for when they are in use.
    shared: SharedCache<Caches>,
    caches: Pool<Caches, MakeCaches>,
}

impl Automata {
    fn new(hir: &Hir, cache: usize) -> Result<Automata, String> {
        let nfa = NFA::compiler()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .build_from_hir(hir)
            .map_err(|e| build_error(e.size_limit(), &e))?;
        // A DFA that cannot be built (its cache would not hold a few states of this NFA)
        // leaves the other engines to answer.
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true)
                    .cache_capacity(cache)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let backtracker = BoundedBacktracker::new_from_nfa(nfa.clone())
            .map_err(|e| regex_reason(&e.to_string()))?;
        let vm = PikeVM::new_from_nfa(nfa).map_err(|e| regex_reason(&e.to_string()))?;
        let (d, b, v) = (dfa.clone(), backtracker.clone(), vm.clone());
        let make: MakeCaches = Box::new(move || create_caches(d.as_ref(), &b, &v));
        Ok(Automata {
            dfa,
            backtracker,
            vm,
            shared: SharedCache::default(),
            caches: Pool::new(make),
        })
    }

    fn is_match(&self, text: &str) -> bool {
        let make = || create_caches(self.dfa.as_ref(), &self.backtracker, &self.vm);
        self.shared.with(&self.caches, make, |caches| {
            self.is_match_with(caches, text)
        })
    }

    fn is_match_with(&self, caches: &mut Caches, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        let (dfa_cache, backtrack_cache, vm_cache) = caches;
        if let (Some(dfa), Some(cache)) = (&self.dfa, dfa_cache.as_mut())
            && let Ok(found) = dfa.try_search_fwd(cache, &input)
        {
            return found.is_some();
        }
        // The DFA gave up (its cache kept filling) or met what it cannot decide (a Unicode
        // word boundary next to a non-ASCII byte).
        if text.len() <= self.backtracker.max_haystack_len()
            && let Ok(found) = self
                .backtracker
                .try_is_match(backtrack_cache, input.clone())
        {
            return found;
        }
        self.vm.is_match(vm_cache, input)
    }
}

/// Every search's time, by source, for the stages bench's `--by-regex`: where a run's regex
/// time goes is in few calls (the lazy DFAs building states for text they have not seen, on
/// bulk three quarters of it in the tenth of the calls over 3 µs or so), which a total by rule
/// does not show. Compiled only with the `regex-timing` feature.
#[cfg(feature = "regex-timing")]
pub mod timing {
    use std::sync::Mutex;
    use std::time::Instant;

    /// One source's searches: the source, and each call's time in nanoseconds and text length.
    #[derive(Debug, Clone, Default)]
    pub struct SourceCost {
        pub source: String,
        pub calls: Vec<(u64, usize)>,
    }

    /// By the address of the source's text (a cell's source lives as long as the cell), as
    /// hashing a source of kilobytes at every call would cost far more than the search; the
    /// patterns that hold copies of one source are put together by `take`.
    static COSTS: Mutex<Vec<(usize, SourceCost)>> = Mutex::new(Vec::new());

    /// Times a search until dropped.
    pub struct Timed<'s> {
        source: &'s str,
        len: usize,
        start: Instant,
    }

    impl<'s> Timed<'s> {
        pub fn start(source: &'s str, len: usize) -> Timed<'s> {
            Timed {
                source,
                len,
                start: Instant::now(),
            }
        }
    }

    impl Drop for Timed<'_> {
        fn drop(&mut self) {
            let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let key = self.source.as_ptr() as usize;
            let mut costs = COSTS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = match costs.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    costs.push((
                        key,
                        SourceCost {
                            source: self.source.to_string(),
                            calls: Vec::new(),
                        },
                    ));
                    costs.len() - 1
                }
            };
            costs[at].1.calls.push((nanos, self.len));
        }
    }

    /// The searches timed so far, one entry a source, which are then forgotten.
    pub fn take() -> Vec<SourceCost> {
        let taken = std::mem::take(
            &mut *COSTS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut by_source: std::collections::BTreeMap<String, Vec<(u64, usize)>> =
            std::collections::BTreeMap::new();
        for (_, cost) in taken {
            by_source.entry(cost.source).or_default().extend(cost.calls);
        }
        by_source
            .into_iter()
            .map(|(source, calls)| SourceCost { source, calls })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_while_the_shared_cache_is_in_use_answers_alike_from_the_pool() {
        let source = r"(?i)(?-u:\b)competitive(?-u:\b)[^.;]{0,50}(?-u:\b)(?:salary|pay)(?-u:\b)";
        let text = "A competitive salary. Then COMPETITIVE base pay; competitive spirit only.";
        let forms = Forms::default();
        let regex = forms.regex(source, Reading::Unicode).unwrap();
        let with_shared = forms.regex_find_all(regex, text);
        assert_eq!(with_shared, [2..20, 27..47]);
        assert!(forms.regex_is_match(regex, text));
        // Another search holds the shared cache: this one takes its own from the pool.
        let held = forms
            .cache
            .try_take(|| unreachable!("made by the first search"));
        assert!(held.is_some());
        assert_eq!(forms.regex_find_all(regex, text), with_shared);
        assert!(forms.regex_is_match(regex, text));
        assert!(!forms.regex_is_match(regex, "Competitive spirit; no pay."));
        drop(held);

        let tester = Tester::new(source, Reading::Unicode).unwrap();
        assert!(tester.is_match(text));
        // The windowed part's pieces hold their caches, as the whole automaton does.
        assert!(tester.parts.iter().all(|part| part.windowed.is_some()));
        let held: Vec<_> = tester
            .parts
            .iter()
            .filter_map(|part| part.windowed.as_ref())
            .map(Windowed::hold_shared)
            .collect();
        assert!(held.iter().all(Option::is_some));
        assert!(tester.is_match(text));
        assert!(!tester.is_match("Competitive spirit; no pay."));
    }

    #[test]
    fn threads_searching_at_once_find_what_one_finds() {
        let source = r"(?-u:\b)(?:rock ?stars?|ninjas?|gurus?)(?-u:\b)";
        let texts: Vec<String> = (0..400)
            .map(|i| match i % 4 {
                0 => format!("We want a rockstar, #{i}, and a ninja."),
                1 => format!("No match in text {i} at all — café."),
                2 => format!("Gurus {i}: rock stars welcome"),
                _ => format!("ninjas{i} are not ninjas"),
            })
            .collect();
        let forms = Forms::default();
        let regex = forms.regex(source, Reading::Unicode).unwrap();
        let alone: Vec<Vec<Range<usize>>> = texts.iter().map(|t| ranges(regex, t)).collect();
        let together: Vec<Vec<Vec<Range<usize>>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        texts
                            .iter()
                            .map(|t| forms.regex_find_all(regex, t))
                            .collect()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for found in together {
            assert_eq!(found, alone);
        }
    }

    #[test]
    fn the_tester_answers_as_the_full_regex() {
        let sources = [
            r"(?-u:\b)competitive(?-u:\b)[^.;]{0,50}(?-u:\b)(?:salary|pay)(?-u:\b)",
            r"(?-i:(?-u:\b)[A-Z][a-z]+ Leads?(?-u:\b))",
            r"\bcafé\b",
            r"^\s*or\b",
        ];
        let texts = [
            "Competitive pay and equity",
            "a competitive, fast-moving market. Pay is fair",
            "The Design Lead reviews",
            "the design lead reviews",
            "Un café au lait",
            "Un caféine",
            "  or an MSc",
            "",
        ];
        for source in sources {
            let tester = Tester::new(source, Reading::Unicode).unwrap();
            let regex = compile(source, Reading::Unicode).unwrap();
            for text in texts {
                assert_eq!(
                    tester.is_match(text),
                    regex.is_match(text),
                    "{source} on {text:?}"
                );
            }
        }
    }

    /// Two windowed parts gated on both sides, one gated on its last literals only (its first
    /// is beyond ASCII), and one without a window, never gated.
    const GATED: &str = concat!(
        r"(?:(?-u:\b)competitive(?:ly)?(?-u:\b)[^.;:\n]{0,50}(?-u:\b)(?:salar|pay(?-u:\b)))",
        r"|(?:(?-u:\b)(?:salary|pay|benefits?)(?-u:\b)[^.;:\n]{0,50}(?-u:\b)competitive)",
        r"|(?:é\w*[^.]{0,20} noir)|(?:sumo logic)"
    );

    #[test]
    fn a_part_lets_go_of_its_syntax_tree_once_its_whole_automaton_is_built() {
        let tester = Tester::new(GATED, Reading::Unicode).unwrap();
        let holds_tree = |part: &Part| part.hir.lock().unwrap().is_some();
        // Three windowed parts keep their trees for a whole automaton they may never need;
        // the last, with no window, was built with the tester and has let its tree go.
        let held: Vec<bool> = tester.parts.iter().map(holds_tree).collect();
        assert_eq!(held, [true, true, true, false]);
        assert!(tester.parts[3].whole().is_ok());
        let first = &tester.parts[0];
        assert!(first.whole().is_ok());
        assert!(!holds_tree(first));
        // Built once: asked again, the automaton is there without its tree.
        assert!(
            first
                .whole()
                .as_ref()
                .is_ok_and(|whole| whole.is_match("competitive pay"))
        );
    }

    #[test]
    fn a_part_is_searched_only_in_texts_that_hold_one_of_its_first_and_one_of_its_last_literals() {
        let source = GATED;
        let tester = Tester::new(source, Reading::Unicode).unwrap();
        let gate = tester.gate.as_ref().unwrap();
        let gated: Vec<(bool, bool)> = gate
            .sides
            .iter()
            .map(|[starts, ends]| (starts.is_some(), ends.is_some()))
            .collect();
        // The third starts with "é" (beyond ASCII: not gated), and the last has no window.
        assert_eq!(
            gated,
            [(true, true), (true, true), (false, true), (false, false)]
        );
        let first = |text: &str| gate.admitted(text)[0];
        assert!(!first("We lead the market and pay well"));
        assert!(!first("A competitive market"), "no pay word at its end");
        assert!(first("COMPETITIVE base PAY"));
        assert_eq!(
            gate.admitted("Our benefits are competitive"),
            [false, true, false, true]
        );
        let regex = compile(source, Reading::Unicode).unwrap();
        for text in [
            "We lead the market and pay well",
            "Competitively paid",
            "competitive salary",
            "Salary: competitive",
            "benefits that are competitive",
            "a sumo logic shop",
            "un ÉTÉ NOIR",
            "",
        ] {
            assert_eq!(tester.is_match(text), regex.is_match(text), "{text:?}");
        }
    }

    #[test]
    fn a_gate_answers_alike_before_and_after_its_dfa_is_built() {
        let tester = Tester::new(GATED, Reading::Unicode).unwrap();
        let gate = tester.gate.as_ref().unwrap();
        // A gate tells which literals a text holds, not where: "pay" then "competitive" admits
        // both of the first parts. The long text is longer than is lower-cased on the stack.
        let long = format!("{} Competitive PAY.", "Ünïcode filler. ".repeat(40));
        let texts = [
            "We lead the market and pay well",
            "COMPETITIVE base PAY",
            "Our Benefits are Competitive",
            "competitivepay",
            long.as_str(),
            "un ÉTÉ NOIR",
            "",
        ];
        let with_table: Vec<Vec<bool>> = texts.iter().map(|t| gate.admitted(t)).collect();
        assert_eq!(gate.literals.built(), (true, false));
        gate.literals.build_dfa_now();
        assert!(gate.literals.built().1);
        let with_dfa: Vec<Vec<bool>> = texts.iter().map(|t| gate.admitted(t)).collect();
        assert_eq!(with_dfa, with_table);
        assert_eq!(
            with_dfa,
            [
                vec![false, false, false, true],
                vec![true, true, false, true],
                vec![false, true, false, true],
                vec![true, true, false, true],
                vec![true, true, false, true],
                vec![false, false, true, true],
                vec![false, false, false, true],
            ]
        );
    }

    #[test]
    fn a_text_with_a_kelvin_sign_or_a_long_s_is_not_gated() {
        // Case-insensitive, `k` matches the Kelvin sign and `s` the long s; folding ASCII
        // only, the gates would not see "backend" or "stack" in these texts.
        let source = r"(?:backend[^.]{0,20}work)|(?:work[^.]{0,20}stack)";
        let tester = Tester::new(source, Reading::Unicode).unwrap();
        let regex = compile(source, Reading::Unicode).unwrap();
        for text in [
            "BAC\u{212a}END work",
            "work on the \u{17f}tack",
            "backend work",
        ] {
            assert!(regex.is_match(text), "{text:?}");
            assert!(tester.is_match(text), "{text:?}");
        }
    }

    /// Pieces of patterns: the shapes the catalogue uses (ASCII and Unicode boundaries,
    /// bounded repeats of negated classes, lazy repeats, anchors, a case-sensitive group).
    const PATTERN_PIECES: &[&str] = &[
        r"(?-u:\b)",
        r"\b",
        r"lead",
        r"s?",
        r"(?:er|ing)",
        r"[^.;]{0,8}",
        r"\s+",
        r"(?:\w+\s+){0,2}?",
        r"ph\.?d",
        r"^\s*",
        r"$",
        r"(?-i:[A-Z][a-z]+)",
        r"é",
        r"\d+\+?",
        r"|",
    ];

    /// Windows between pieces: the counts, classes and widths a rule writes.
    const WINDOW_SHAPES: &[&str] = &[
        r"[^.;]{0,9}",
        r"[^.;]{2,12}",
        r"\w{0,10}",
        r"(?-u:[^.\n]){1,8}",
        r".{0,8}[^;]{0,30}",
        r"[^.;]{0,9}?",
    ];

    /// Pieces of texts: words the pieces match, near misses, punctuation, non-ASCII.
    const TEXT_PIECES: &[&str] = &[
        "lead", "Leads", "leading", "Ph.D", "phd", " ", "  ", ".", ";", "é", "café", "10+", "Team",
        "x", "\n", "über", "-",
    ];

    #[test]
    fn an_alternation_of_windowed_alternatives_is_tested_one_window_at_a_time() {
        // Each part as the text of its alternatives, joined as an alternation.
        let tested_parts = |source: &'static str| -> Vec<String> {
            let ast = regex_syntax::ast::parse::Parser::new()
                .parse(source)
                .unwrap();
            super::tested_parts(&ast)
                .iter()
                .map(|part| {
                    let texts: Vec<&str> = part
                        .iter()
                        .map(|a| &source[a.span().start.offset..a.span().end.offset])
                        .collect();
                    texts.join("|")
                })
                .collect()
        };
        let windows = r"(?:\bpay\b[^.;]{0,50}\bcompetitive)|(?:\bteam\b)|(?:\brobots?\b[^.;]{2,60}\bautonom)|(?:(?-i:[A-Z][a-z]+ Leads?))|(?:(?s)\b(?:le|la)\b.+\b(?:et|de)\b)";
        assert_eq!(
            tested_parts(windows),
            [
                r"(?:\bpay\b[^.;]{0,50}\bcompetitive)",
                r"(?:\brobots?\b[^.;]{2,60}\bautonom)",
                r"(?:(?s)\b(?:le|la)\b.+\b(?:et|de)\b)",
                r"(?:\bteam\b)|(?:(?-i:[A-Z][a-z]+ Leads?))",
            ]
        );
        // One window is apart too: it is tested piece by piece (see `window`).
        assert_eq!(
            tested_parts(r"(?:\bpay\b[^.;]{0,50}\bcompetitive)|(?:\bteam\b)"),
            [r"(?:\bpay\b[^.;]{0,50}\bcompetitive)", r"(?:\bteam\b)"]
        );
        // Short repeats, or alternatives that are not each one group (a flag outside a group
        // reaches into the next alternative): tested whole.
        for whole in [
            r"(?:a[^.]{0,7}b)|(?:c[^.]{0,7}d)",
            r"(?s)a.{0,50}b|c.{0,50}d",
            r"(?:a[|]{0,50}b|c.{0,50}d)",
            r"(?:a\|{0,50})(?:b.{0,50})",
        ] {
            assert_eq!(tested_parts(whole), [whole], "{whole}");
        }
        let ast = regex_syntax::ast::parse::Parser::new()
            .parse(r"a{2,50}b{3,}c\{90}[{]{9}(?:x*)")
            .unwrap();
        assert_eq!(max_repeat(&ast), 50);
        // Any character repeated is a window; a class or a letter repeated is not.
        for (source, bound) in [
            (r"a.*b", WINDOW_MIN),
            (r"(?:x.+)", WINDOW_MIN),
            (r"\w+\s*[^.]+", 0),
        ] {
            let ast = regex_syntax::ast::parse::Parser::new()
                .parse(source)
                .unwrap();
            assert_eq!(max_repeat(&ast), bound, "{source}");
        }
    }

    /// `got` is what the reference `expected`, for `source` on `text`.
    fn alike<T: PartialEq + std::fmt::Debug>(
        got: T,
        expected: T,
        source: &str,
        text: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(got, expected, "{} on {:?}", source, text);
        Ok(())
    }

    /// The tester of `source` answers as its full regex on each text (made of `TEXT_PIECES`);
    /// a source that does not compile is skipped.
    fn tests_as_the_full_regex(
        source: &str,
        texts: &[Vec<usize>],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let (Ok(tester), Ok(regex)) = (
            Tester::new(source, Reading::Unicode),
            compile(source, Reading::Unicode),
        ) else {
            return Ok(());
        };
        for text in texts {
            let text: String = text.iter().map(|&i| TEXT_PIECES[i]).collect();
            alike(tester.is_match(&text), regex.is_match(&text), source, &text)?;
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// An alternation as `Pattern::parse` writes one, windowed alternatives tested one at
        /// a time: the tester answers as the full regex.
        #[test]
        fn a_tester_split_by_windows_answers_as_the_full_regex(
            alternatives in proptest::collection::vec(
                proptest::collection::vec(0..PATTERN_PIECES.len() - 1, 1..5), 2..5),
            window in 0..3usize,
            texts in proptest::collection::vec(
                proptest::collection::vec(0..TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            let source = alternatives
                .iter()
                .enumerate()
                .map(|(n, pieces)| {
                    let body: String = pieces.iter().map(|&i| PATTERN_PIECES[i]).collect();
                    // Every alternative but `window` of them gets a window.
                    let widen = if n >= window { "[^.;]{0,9}e" } else { "" };
                    format!("(?:{body}{widen})")
                })
                .collect::<Vec<_>>()
                .join("|");
            tests_as_the_full_regex(&source, &texts)?;
        }

        /// Pieces joined by windows of every shape (a least count, a class of bytes, a window
        /// of `\w`, two windows in a row), in both readings: the tester, which tests them
        /// piece by piece, answers as the full regex.
        #[test]
        fn windows_tested_piece_by_piece_answer_as_the_full_regex(
            pieces in proptest::collection::vec(
                proptest::collection::vec(0..PATTERN_PIECES.len() - 1, 1..4), 2..4),
            windows in proptest::collection::vec(0..WINDOW_SHAPES.len(), 3),
            ascii: bool,
            texts in proptest::collection::vec(
                proptest::collection::vec(0..TEXT_PIECES.len(), 0..14), 1..6),
        ) {
            let mut source = String::new();
            for (n, piece) in pieces.iter().enumerate() {
                if n > 0 {
                    source.push_str(WINDOW_SHAPES[windows[n - 1]]);
                }
                source.extend(piece.iter().map(|&i| PATTERN_PIECES[i]));
            }
            let reading = if ascii { Reading::Ascii } else { Reading::Unicode };
            let (Ok(tester), Ok(regex)) = (Tester::new(&source, reading), compile(&source, reading))
            else {
                return Ok(());
            };
            for text in &texts {
                let text: String = text.iter().map(|&i| TEXT_PIECES[i]).collect();
                if ascii && !text.is_ascii() {
                    continue;
                }
                alike(tester.is_match(&text), regex.is_match(&text), &source, &text)?;
            }
        }

        /// Whatever the pattern and the text, the tester answers as the full regex.
        #[test]
        fn the_tester_answers_as_the_full_regex_on_generated_patterns(
            pattern in proptest::collection::vec(0..PATTERN_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            let source: String = pattern.iter().map(|&i| PATTERN_PIECES[i]).collect();
            tests_as_the_full_regex(&source, &texts)?;
        }
    }

    #[test]
    fn a_cell_tests_without_the_full_regex_and_uses_it_once_compiled() {
        let cell = Compiled::default();
        let source = r"(?-u:\b)ninja(?-u:\b)";
        assert!(cell.is_match(source, "a code Ninja", Readings::AsWritten));
        // The source reads lowered: only those forms are built.
        let forms = cell.written_forms().unwrap();
        assert!(std::ptr::eq(forms, &cell.lowered) && !cell.unicode.is_built());
        assert!(forms.tester().is_some() && forms.regex.get().is_none());
        assert!(cell.regex(source).is_ok());
        // The full regex answers from now on; the tester is let go.
        assert!(forms.tester().is_none() && cell.is_built());
        assert!(!cell.is_match(source, "ninjas", Readings::AsWritten));
        assert_eq!(
            cell.find_all(source, "ninja, Ninja", Readings::AsWritten),
            vec![0..5, 7..12]
        );
    }

    /// Whether the forms as written (lowered or not) have anything built.
    fn written_built(cell: &Compiled) -> bool {
        cell.written_forms().is_some_and(Forms::is_built)
    }

    fn ascii_reading(cell: &Compiled) -> Option<Arc<Forms>> {
        cell.ascii_slot()
            .as_ref()
            .map(|ascii| Arc::clone(&ascii.forms))
    }

    #[test]
    fn a_posting_on_its_own_reads_ascii_texts_as_ascii_and_the_rest_as_written() {
        let cell = Compiled::default();
        let source = r"(?-u:\b)autonom\w*(?-u:\b)[^.;]{0,20}(?-u:\b)robots?(?-u:\b)";
        let alone = Readings::AsciiWhenAscii;
        assert!(cell.is_match(source, "Autonomous delivery robots", alone));
        assert!(ascii_reading(&cell).is_some_and(|f| f.is_built()));
        assert!(
            !written_built(&cell),
            "an ASCII text needs only the ASCII reading"
        );
        assert_eq!(
            cell.find_all(source, "autonomous robots. Robots", alone),
            vec![0..17]
        );
        // `\w` and `[^.;]` take in "é" only as written.
        assert_eq!(
            cell.find_all(source, "autonomía — des robots", alone),
            vec![0..25]
        );
        assert!(written_built(&cell));
    }

    #[test]
    fn compiled_to_find_for_a_posting_on_its_own_the_ascii_reading_needs_no_tester() {
        let cell = Arc::new(Compiled::default());
        let source = r"(?-u:\b)(?:developers?|programmers?)(?-u:\b)";
        let alone = Readings::AsciiWhenAscii;
        build_all([(source, &cell)], Use::Find, alone);
        assert!(cell.is_built_for(Use::Find, alone));
        let ascii = ascii_reading(&cell).expect("the ASCII reading is made");
        assert!(ascii.regex.get().is_some() && ascii.tester().is_none());
        assert!(
            !written_built(&cell),
            "nothing is compiled as written for it"
        );
        assert_eq!(
            cell.find_all(source, "Senior Developer, Programmers", alone),
            vec![7..16, 18..29]
        );
        assert!(
            ascii.tester().is_none(),
            "the search asked the full regex, not a tester"
        );
    }

    #[test]
    fn a_long_run_lets_the_ascii_reading_go_and_reads_every_text_as_written() {
        let source = r"(?-u:\b)ninja(?-u:\b)";
        let used_in_a_long_run = Compiled::default();
        assert!(used_in_a_long_run.is_match(source, "a ninja", Readings::AsciiWhenAscii));
        assert!(used_in_a_long_run.is_match(source, "a ninja", Readings::AsWritten));
        assert!(ascii_reading(&used_in_a_long_run).is_none());
        // For good: a later posting on its own does not make it again.
        assert!(used_in_a_long_run.is_match(source, "a ninja", Readings::AsciiWhenAscii));
        assert!(ascii_reading(&used_in_a_long_run).is_none());

        let fully_compiled = Compiled::default();
        assert!(fully_compiled.is_match(source, "a ninja", Readings::AsciiWhenAscii));
        assert!(fully_compiled.regex(source).is_ok());
        assert!(ascii_reading(&fully_compiled).is_none());
    }

    #[test]
    fn a_source_the_ascii_reading_cannot_take_is_read_as_written() {
        let alone = Readings::AsciiWhenAscii;
        for (source, text) in [(r"\p{Lu}\w+", "Hello"), (r"tea|\pL{3}", "Tea")] {
            assert!(compile(source, Reading::Ascii).is_err(), "{source}");
            let cell = Compiled::default();
            assert!(cell.is_match(source, text, alone), "{source}");
            assert_eq!(cell.find_all(source, text, alone).len(), 1, "{source}");
        }
    }

    #[test]
    fn a_source_reads_lowered_only_when_it_names_no_upper_case_letter() {
        for source in [
            r"(?-u:\b)ph\.?d(?-u:\b)",
            r"[a-z-]+\s+\S\W\B\D",
            r"[^.;:\n]{0,50}[- ][0-9]",
            r"(?s)(?:x|y)[[:alpha:]]",
        ] {
            assert!(reads_lowered(source), "{source}");
        }
        for source in [
            "GitHub",
            r"(?-i:[a-z])",
            r"(?i)x",
            r"\x41",
            r"[0-_]",
            r"[ -~]",
            r"[\s-x]",
            r"[[:upper:]]",
            r"[[:^lower:]]",
            r"[x[^a]0-_]",
        ] {
            assert!(!reads_lowered(source), "{source}");
        }
    }

    /// ASCII-only pieces of texts: letters the Unicode case folding maps beyond ASCII (`k`,
    /// `s`), word and non-word bytes, punctuation the catalogue's windows stop at.
    const ASCII_TEXT_PIECES: &[&str] = &[
        "lead", "Leads", "leading", "Ph.D", "phd", " ", "  ", ".", ";", "10+", "Team", "x", "\n",
        "-", "K", "ks", "S", "_", "\t", "Kelvin", "a1",
    ];

    /// Pieces of patterns whose Unicode and ASCII readings differ beyond ASCII: Unicode
    /// classes, Perl classes, `.`, Unicode word boundaries, case folding.
    const READING_PIECES: &[&str] = &[
        r"(?-u:\b)",
        r"\b",
        r"\B",
        r"lead",
        r"s?",
        r"k",
        r"[^.;]{0,8}",
        r"\s+",
        r"\w+",
        r"\d",
        r"(?:\w+\s+){0,2}?",
        r".",
        r"(?s:.)",
        r"ph\.?d",
        r"^\s*",
        r"$",
        r"(?-i:[A-Z][a-z]+)",
        r"[[:alpha:]]",
        r"|",
    ];

    /// Pieces of patterns for the lower-cased reading: letters of both cases, ranges that
    /// hold upper-case letters without naming them, case-sensitive groups, upper-case escapes.
    const LOWERED_PIECES: &[&str] = &[
        r"(?-u:\b)",
        r"lead",
        r"s?",
        r"k",
        r"Ks",
        r"[a-z]+",
        r"[^a-z]",
        r"[A-Z]",
        r"[0-_]",
        r"[ -~]{2}",
        r"(?-i:[A-Z][a-z]+)",
        r"\S+",
        r"\W",
        r"[[:alpha:]]",
        r"[[:upper:]]",
        r"[^.;]{0,8}",
        r"|",
    ];

    /// That `reading` of `source` finds, on each ASCII text (made of `ASCII_TEXT_PIECES`) as
    /// the reading searches it, what `written` (the source as written) finds on the text, and
    /// that its tester answers alike.
    fn reads_as_written(
        source: &str,
        written: &Regex,
        reading: Reading,
        texts: &[Vec<usize>],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let regex = compile(source, reading).expect("every piece reads so");
        let tester = Tester::new(source, reading).expect("and tests so");
        for text in texts {
            let text: String = text.iter().map(|&i| ASCII_TEXT_PIECES[i]).collect();
            let searched = reading.text(&text);
            alike(
                ranges(&regex, &searched),
                ranges(written, &text),
                source,
                &text,
            )?;
            alike(
                tester.is_match(&searched),
                written.is_match(&text),
                source,
                &text,
            )?;
        }
        Ok(())
    }

    /// `reads_as_written` for the source made of `pattern`'s `pieces`, when it compiles and
    /// `reading` is the ASCII reading it gets.
    fn generated_reads_as_written(
        pieces: &[&str],
        pattern: &[usize],
        reading: Reading,
        texts: &[Vec<usize>],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let source: String = pattern.iter().map(|&i| pieces[i]).collect();
        let Ok(written) = compile(&source, Reading::Unicode) else {
            return Ok(());
        };
        if reading == Reading::AsciiLowered && Reading::ascii(&source) != reading {
            return Ok(());
        }
        reads_as_written(&source, &written, reading, texts)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A source that reads lowered finds, on an ASCII text lower-cased, what it finds as
        /// written on the text.
        #[test]
        fn the_lowered_reading_matches_as_written_on_ascii_texts(
            pattern in proptest::collection::vec(0..LOWERED_PIECES.len(), 1..7),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..ASCII_TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            generated_reads_as_written(LOWERED_PIECES, &pattern, Reading::AsciiLowered, &texts)?;
        }

        /// On an ASCII text, the ASCII reading finds what the source as written finds, and
        /// its tester answers alike.
        #[test]
        fn the_ascii_reading_matches_as_written_on_ascii_texts(
            pattern in proptest::collection::vec(0..READING_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..ASCII_TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            generated_reads_as_written(READING_PIECES, &pattern, Reading::Ascii, &texts)?;
        }
    }

    /// Pieces of texts beyond ASCII: what most postings hold (curly apostrophes, dashes,
    /// bullets, accented letters, a no-break space) and what the Unicode reading folds or
    /// counts as a space (the long s, the Kelvin sign, a thin space).
    const NON_ASCII_TEXT_PIECES: &[&str] = &[
        "\u{2019}",
        "\u{2014}",
        "\u{2022} ",
        "caf\u{e9}",
        "\u{c9}T\u{c9}",
        "\u{a0}",
        "\u{17f}",
        "\u{212a}s",
        "\u{2009}",
        "stra\u{df}e",
        "\u{1F600}",
        // The stand-ins themselves, in the text.
        "\u{1}",
        "\u{b}",
        "_",
    ];

    /// Pieces of patterns that name characters beyond ASCII, or the stand-ins, besides
    /// `READING_PIECES`.
    const NON_ASCII_PATTERN_PIECES: &[&str] = &[
        r"['\u{2019}]",
        "\u{2019}",
        "\u{e9}",
        r"[\s\u{2014}-]",
        r"\x01",
        r"_",
        r"\v",
        r"[^.;]{0,3}",
        r"\S",
        r"\W",
        r"'",
        r"[ -]",
        // Classes that name characters beyond ASCII, which the ASCII reading leaves out.
        "[^\u{2019}x]",
        "[x\u{e9}]",
        "[\u{2014}]",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]

        /// A posting on its own reads a text that is not all ASCII as ASCII when the text
        /// holds none of the characters beyond ASCII the source can match: it then finds
        /// what the source as written finds, and tells a match alike.
        #[test]
        fn a_text_beyond_ascii_is_read_as_ascii_only_where_that_finds_the_same(
            pattern in proptest::collection::vec(
                0..READING_PIECES.len() + NON_ASCII_PATTERN_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    0..ASCII_TEXT_PIECES.len() + NON_ASCII_TEXT_PIECES.len(), 0..12),
                1..6),
        ) {
            let piece = |i: usize| {
                READING_PIECES.get(i).copied()
                    .unwrap_or_else(|| NON_ASCII_PATTERN_PIECES[i - READING_PIECES.len()])
            };
            let source: String = pattern.iter().map(|&i| piece(i)).collect();
            a_cell_finds_as_written(&source, &texts, Readings::AsciiWhenAscii)?;
        }
    }

    /// That a cell, searching under `readings`, finds on each text (made of
    /// `ASCII_TEXT_PIECES` and `NON_ASCII_TEXT_PIECES`) what `source` as written finds, and
    /// tells a match alike.
    fn a_cell_finds_as_written(
        source: &str,
        texts: &[Vec<usize>],
        readings: Readings,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let Ok(written) = compile(source, Reading::Unicode) else {
            return Ok(());
        };
        let cell = Compiled::default();
        for text in texts {
            let text: String = text
                .iter()
                .map(|&i| {
                    ASCII_TEXT_PIECES
                        .get(i)
                        .copied()
                        .unwrap_or_else(|| NON_ASCII_TEXT_PIECES[i - ASCII_TEXT_PIECES.len()])
                })
                .collect();
            let expected: Vec<Range<usize>> = written
                .find_iter(&text)
                .map(|m| m.range())
                .filter(|r| !r.is_empty())
                .collect();
            alike(
                cell.find_all(source, &text, readings),
                expected,
                source,
                &text,
            )?;
            alike(
                cell.is_match(source, &text, readings),
                written.is_match(&text),
                source,
                &text,
            )?;
        }
        Ok(())
    }

    /// Pieces of patterns for the lowered reading as written: letters of both cases in and
    /// out of case-sensitive parts, classes that hold one case or both, letters beyond ASCII
    /// with and without another case, the Kelvin sign, and flags set without a group.
    const WRITTEN_LOWERED_PIECES: &[&str] = &[
        r"(?-u:\b)",
        r"\b",
        r"lead",
        r"s?",
        r"k",
        r"Ks",
        r"[a-z]+",
        r"[^a-z]",
        r"[A-Z]",
        r"[0-_]",
        r"[^.;]{0,8}",
        r"\w+",
        r"\s",
        r"(?-i:[A-Z][a-z]+)",
        r"(?-i:[Kk])",
        r"(?-i)",
        r"(?i:x)",
        r"[[:alpha:]]",
        r"[[:upper:]]",
        "\u{e9}",
        "[\u{e9}\u{2019}]",
        "\u{2019}",
        "\u{212a}",
        r"\pN",
        r"(?:",
        r")",
        r"|",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]

        /// A cell reading a source lowered as written finds on every text, the Kelvin sign's
        /// and the long s's included, what the source as written finds, and tells a match
        /// alike; the texts it lowers are the others.
        #[test]
        fn a_source_read_lowered_finds_what_it_finds_as_written(
            pattern in proptest::collection::vec(0..WRITTEN_LOWERED_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    0..ASCII_TEXT_PIECES.len() + NON_ASCII_TEXT_PIECES.len(), 0..12),
                1..6),
        ) {
            let source: String = pattern.iter().map(|&i| WRITTEN_LOWERED_PIECES[i]).collect();
            a_cell_finds_as_written(&source, &texts, Readings::AsWritten)?;
        }
    }

    #[test]
    fn a_source_reads_lowered_where_it_can_and_folds_for_the_kelvin_sign() {
        let cell = Compiled::default();
        let source = r"(?-u:\b)ninja(?-u:\b)";
        assert_eq!(
            cell.find_all(source, "NINJA, ninja", Readings::AsWritten),
            vec![0..5, 7..12]
        );
        assert!(cell.lowered.is_built() && !cell.unicode.is_built());
        // "\u{212a}" is a `k` to a case-insensitive regex; the lowered text would not say so.
        let source = r"kelvin(?-u:\b)";
        let cell = Compiled::default();
        assert_eq!(
            cell.find_all(source, "\u{212a}elvin", Readings::AsWritten),
            vec![0..8]
        );
        assert!(cell.unicode.is_built() && !cell.lowered.is_built());
        // A case-sensitive part is read as written.
        let source = r"(?-i:Lead)s?";
        let cell = Compiled::default();
        assert_eq!(
            cell.find_all(source, "LEAD Leads", Readings::AsWritten),
            vec![5..10]
        );
        assert!(cell.unicode.is_built() && !cell.lowered.is_built());
    }

    #[test]
    fn a_text_beyond_ascii_is_read_as_ascii_as_it_is_or_with_stand_ins() {
        let alone = Readings::AsciiWhenAscii;
        // Either form as written, lowered or not.
        let unicode_built = |cell: &Compiled| cell.unicode.is_built() || cell.lowered.is_built();
        let source = r"(?-u:\b)competitive\s+(?:salary|pay)(?-u:\b)";
        // The Unicode spaces of `\s` and the long s, a case-fold partner of `s`; no `k`, so
        // no Kelvin sign.
        let few = BeyondAscii::new(source).and_then(|b| b.few).expect("few");
        assert_eq!(few.len(), 9, "{few:?}");
        assert!(few.contains(&('\u{a0}', '\u{a0}')) && few.contains(&('\u{17f}', '\u{17f}')));
        assert!(
            !few.iter()
                .any(|&(lo, hi)| lo <= '\u{212a}' && '\u{212a}' <= hi)
        );

        let cell = Compiled::default();
        // A dash and a curly apostrophe: in no class, so the text is searched as it is.
        let text = "We offer a competitive salary \u{2014} and more\u{2019}s to come";
        assert_eq!(
            cell.find_all(source, text, alone),
            vec![Range { start: 11, end: 29 }]
        );
        assert!(!unicode_built(&cell) && ascii_reading(&cell).is_some());
        // A no-break space is a space as written: a vertical tab stands for it.
        let text = "a competitive\u{a0}salary";
        assert_eq!(
            cell.find_all(source, text, alone),
            vec![Range { start: 2, end: 21 }]
        );
        assert!(!unicode_built(&cell));
        // The long s is an `s` as written, and nothing in ASCII is: read as written, and
        // with case folded, not lowered.
        let text = "a competitive \u{17f}alary";
        assert_eq!(
            cell.find_all(source, text, alone),
            vec![Range { start: 2, end: 21 }]
        );
        assert!(cell.unicode.is_built() && !cell.lowered.is_built());

        // A window counts characters: a control byte stands for the dash, one for one.
        let source = r"(?-u:\b)competitive(?-u:\b)[^.;:\n]{0,6}(?-u:\b)pay";
        let cell = Compiled::default();
        let text = "competitive \u{2014}\u{2014}\u{2014} pay";
        assert_eq!(cell.find_all(source, text, alone).len(), 1);
        assert!(!unicode_built(&cell));

        // An accented letter is a word character for `\w` but not for `(?-u:\b)`: no byte
        // stands for it in a source with both.
        let source = r"(?-u:\b)caf\w+";
        let cell = Compiled::default();
        assert_eq!(
            cell.find_all(source, "un caf\u{e9}!", alone),
            vec![Range { start: 3, end: 8 }]
        );
        assert!(unicode_built(&cell));

        for source in [r"\w+", r"[^.;]{0,8}x", r".x", r"x\pL"] {
            let beyond = BeyondAscii::new(source).expect("read");
            assert_eq!(beyond.few, None, "{source}");
        }
        assert!(
            BeyondAscii::new(r"\bx").is_none(),
            "a Unicode word boundary"
        );
    }

    #[test]
    fn the_ascii_reading_leaves_out_the_characters_beyond_ascii_of_its_classes() {
        assert_eq!(&*ascii_source("(?:don['\u{2019}]?t)"), "(?:don[']?t)");
        assert_eq!(&*ascii_source("x[a\u{e9}-\u{ff}b]"), "x[ab]");
        assert_eq!(&*ascii_source("[^\u{2019}x]"), "[^x]");
        assert!(compile(&ascii_source("don['\u{2019}]t"), Reading::Ascii).is_ok());
        // Left as written, for the reading as written to answer: a class left empty, a range
        // from ASCII beyond it.
        for source in ["[\u{2019}]", "[^\u{2019}]", "[a-\u{e9}]", "plain"] {
            assert_eq!(&*ascii_source(source), source);
        }
    }

    #[test]
    fn a_source_too_large_is_an_error_for_both() {
        let source = r"\pL{1,5000}";
        assert!(
            compile(source, Reading::Unicode)
                .unwrap_err()
                .contains("exceeds size limit")
        );
        assert!(
            Tester::new(source, Reading::Unicode)
                .unwrap_err()
                .contains("exceeds size limit")
        );
        assert!(!Compiled::default().is_match(source, "words", Readings::AsWritten));
    }

    /// The regex of `source` as the parser reads it, no class made bytes: what `compile`
    /// must match alike (see `any_beyond_ascii_as_bytes`).
    fn compile_as_parsed(source: &str) -> Regex {
        meta::Builder::new()
            .configure(meta_config())
            .syntax(syntax(Reading::Unicode))
            .build(source)
            .unwrap()
    }

    fn ranges(regex: &Regex, text: &str) -> Vec<Range<usize>> {
        regex.find_iter(text).map(|m| m.range()).collect()
    }

    #[test]
    fn a_class_of_all_but_a_few_characters_takes_whole_characters_beyond_ascii() {
        for (source, text, expected) in [
            // A window that ends the match takes whole characters, up to its bound.
            (
                r"\bph\.?d\s+in\s+[^.;,:\n]{1,8}",
                "A PhD in Ünïcödé-日本語 studies",
                2..21,
            ),
            (r"in\s+[^.;]{1,3}", "in 日本語🙂", 0..12),
            (r"in\s+[^.;]{1,3}?$", "in ü🙂", 0..9),
            // A lazy window before a word, the dot, and a class that leaves out a character
            // beyond ASCII (not made bytes).
            (
                r"doctorate\s+in\s+[^.;,:\n]{1,80}?\s+required",
                "doctorate in Mathématiques – 数学 required",
                0..47,
            ),
            (r"a.{2}b", "xaé🙂b aéb", 1..9),
            (r"a[^é]+b", "aéb aüb", 5..9),
            (r"(?s)x.+?y", "x\u{a0}\u{202f}y", 0..7),
            // A test stops at its earliest match: the end of the character, not of its first
            // byte, which a pattern that may match nothing took for no match.
            (r"[^.;]|(?-u:\b)", "é", 0..2),
        ] {
            let regex = compile(source, Reading::Unicode).unwrap();
            assert_eq!(ranges(&regex, text), [expected], "{source} on {text:?}");
            assert_eq!(
                ranges(&regex, text),
                ranges(&compile_as_parsed(source), text),
                "{source} on {text:?}"
            );
            let tester = Tester::new(source, Reading::Unicode).unwrap();
            assert!(tester.is_match(text), "{source} on {text:?}");
            assert!(regex.is_match(text), "{source} on {text:?}");
        }
    }

    /// Pieces of patterns around classes of all but a few characters.
    const WIDE_CLASS_PIECES: &[&str] = &[
        r"a",
        r"b",
        r"[^.;]{0,3}",
        r"[^.;,:\n]{1,4}?",
        r".",
        r"(?s:.)+?",
        r"[^a]*",
        r"\W",
        r"\s+",
        r"(?-u:\b)",
        r"\b",
        r"é",
        r"$",
        r"|",
    ];

    /// Pieces of texts: characters of one to four bytes, and the pieces' letters.
    const WIDE_TEXT_PIECES: &[&str] = &[
        "a", "b", "ab", " ", ".", ";", "\n", "é", "Ü", "日本", "🙂", "\u{a0}", "ß", "x",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A source compiled with its classes of all but a few characters made bytes finds
        /// what it finds as the parser reads it, and its tester answers alike.
        #[test]
        fn classes_made_bytes_match_as_written(
            pattern in proptest::collection::vec(0..WIDE_CLASS_PIECES.len(), 1..7),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..WIDE_TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            let source: String = pattern.iter().map(|&i| WIDE_CLASS_PIECES[i]).collect();
            let (Ok(regex), Ok(tester)) =
                (compile(&source, Reading::Unicode), Tester::new(&source, Reading::Unicode))
            else {
                return Ok(());
            };
            let reference = compile_as_parsed(&source);
            for text in &texts {
                let text: String = text.iter().map(|&i| WIDE_TEXT_PIECES[i]).collect();
                alike(ranges(&regex, &text), ranges(&reference, &text), &source, &text)?;
                alike(regex.is_match(&text), reference.is_match(&text), &source, &text)?;
                alike(tester.is_match(&text), reference.is_match(&text), &source, &text)?;
            }
        }
    }
}
