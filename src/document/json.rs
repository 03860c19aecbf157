//! JSON postings: schema.org `JobPosting` objects (alone, in `@graph`, in arrays), job-board and
//! applicant-tracking exports (an object with a title-like and a description-like key, at any
//! depth), and JSON Lines (one posting per line).
//!
//! jsonc-parser gives every node its byte range. Strings are decoded again here, run by run,
//! so that each decoded character maps back through its escape (`\n`, `\"`, `\u00e9`, a
//! surrogate pair); HTML inside a string is parsed as HTML and mapped through both layers,
//! and so is HTML that an export escaped once more (`&lt;p&gt;`).

use std::ops::Range;

use jsonc_parser::ast::{Object, ObjectPropName, StringLit, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::export::{
    Cut, FIELD_MAX_BYTES, HEADING_KEYS, ParseError, Posting, SECTION_TEXT_KEYS, TEXT_KEYS,
    TITLE_KEYS, is_one_line, normalise_key, read_prose, rendering,
};
use super::frontmatter::{FrontMatter, FrontMatterField};
use super::sections::classify_heading;
use super::structured::{Property, StructuredData};
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder};

fn options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// The postings of a JSON file.
pub fn postings(text: &str) -> Result<Vec<Posting>, ParseError> {
    let mut out = Vec::new();
    read_value(text, 0, &mut out)?;
    Ok(out)
}

/// The postings of the JSON at `range` of `text` (a JSON-LD block of a page), mapped to
/// `text`.
pub fn postings_in(text: &str, range: Range<usize>) -> Result<Vec<Posting>, ParseError> {
    let mut out = Vec::new();
    let slice = text.get(range.clone()).ok_or_else(|| ParseError {
        message: "invalid JSON: not a text range".to_string(),
        range: range.clone(),
    })?;
    read_value(slice, range.start, &mut out)?;
    Ok(out)
}

/// The postings of a JSON Lines file, one value per line; a line that does not parse is an
/// error of its own and the other lines are still read. `text` starts at the 0-based line
/// `first_line` of its file (a feed is read in parts).
pub fn postings_in_lines(text: &str, first_line: usize) -> (Vec<Posting>, Vec<ParseError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut start = 0;
    for (index, line) in (first_line..).zip(text.split_inclusive('\n')) {
        let base = start;
        start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let mut found = Vec::new();
        match read_value(line, base, &mut found) {
            Ok(()) => {
                for mut posting in found {
                    // A line is a record: name it by its number, then its inner path.
                    posting.path = Some(match posting.path {
                        Some(inner) if inner.starts_with('[') => {
                            format!("line {}{inner}", index + 1)
                        }
                        Some(inner) => format!("line {}.{inner}", index + 1),
                        None => format!("line {}", index + 1),
                    });
                    out.push(posting);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

/// Parses `text` (which starts at `base` in the file) and collects its postings.
fn read_value(text: &str, base: usize, out: &mut Vec<Posting>) -> Result<(), ParseError> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options()).map_err(|e| {
        let message = e.kind().to_string();
        // The parser names the bracket that was never closed; parsing failed at the end.
        let range = if message.starts_with("Unterminated") {
            let end = text.trim_end().len();
            end..end
        } else {
            let range = e.range();
            range.start..range.end.max(range.start)
        };
        ParseError {
            message: format!("invalid JSON: {message}"),
            range: base + range.start..base + range.end,
        }
    })?;
    let Some(value) = parsed.value else {
        return Err(ParseError {
            message: "invalid JSON: the file holds no value".to_string(),
            range: base..base,
        });
    };
    let reader = Reader { text, base };
    reader.collect(&value, String::new(), out);
    Ok(())
}

/// The array of postings of a large JSON export read in parts (`source::Parts::values`): the
/// file's root array (`[{…}, {…}]`), or the first array of postings under the root object's
/// keys, at any depth (`{"jobs": [{…}, …]}`, `{"offset": 0, "content": [{…}, …]}`; see
/// `array_of_objects`). Cut after an element whose comma ends its line, so that a
/// pretty-printed export is read a few postings at a time; each part after the first is read
/// under the keys that lead to the array, and each but the last ends with the brackets that
/// close it (its last comma made a space), so that every part is a JSON document of its own.
#[derive(Debug, Clone)]
pub struct ValueEnds {
    /// The keys leading to the array (`data`, `jobs`), none for a root array: plain keys (no
    /// escapes).
    keys: Vec<String>,
    /// The offset in the file read up to.
    at: usize,
    /// Brackets open, the array's own counted: its elements are at `array_depth()`.
    depth: usize,
    strings: Strings,
    /// Right after an element's comma (white space aside): a line break there is a cut.
    after_comma: bool,
    /// Elements ended so far (by their commas).
    records: usize,
    /// The array has closed: the rest is one part.
    closed: bool,
    broken: bool,
}

impl ValueEnds {
    /// The array of postings the file's first bytes open, if they open one as said above.
    pub fn of(file_start: &[u8]) -> Option<ValueEnds> {
        let bom = if file_start.starts_with("\u{feff}".as_bytes()) {
            3
        } else {
            0
        };
        let mut keys = Vec::new();
        let header_end = array_of_objects(file_start, skip_space(file_start, bom), &mut keys)?;
        Some(ValueEnds {
            depth: 1 + keys.len(),
            keys,
            at: header_end,
            strings: Strings::default(),
            after_comma: false,
            records: 0,
            closed: false,
            broken: false,
        })
    }

    /// The offset in the file read up to.
    pub fn at(&self) -> usize {
        self.at
    }

    /// How many brackets are open around the array's elements: its own and its objects'.
    fn array_depth(&self) -> usize {
        1 + self.keys.len()
    }

    /// Elements ended (by their commas) so far.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Whether the file went where the cutting cannot follow (a bracket closed that was not
    /// open): the rest is read as one part.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// What every part after the first is read under: what opens the array (the objects
    /// around it with only the keys leading to it, `{"data":{"jobs":[`), and a line break.
    pub fn header(&self) -> Vec<u8> {
        let mut header = Vec::new();
        for key in &self.keys {
            header.extend_from_slice(format!("{{\"{key}\":").as_bytes());
        }
        header.extend_from_slice(b"[\n");
        header
    }

    /// What closes a part cut inside the array: its bracket, and the objects' around it.
    pub fn footer(&self) -> Vec<u8> {
        let mut footer = b"]".to_vec();
        footer.extend(std::iter::repeat_n(b'}', self.keys.len()));
        footer.push(b'\n');
        footer
    }

    /// A posting's path in a part (`jobs[2]`, `[2].job`) as in the whole file, `before`
    /// elements of the array in parts before it.
    pub fn renumber(&self, path: &str, before: usize) -> String {
        let prefix = format!("{}[", self.keys.join("."));
        let Some(rest) = path.strip_prefix(&prefix) else {
            return path.to_string();
        };
        let Some((nth, tail)) = rest.split_once(']') else {
            return path.to_string();
        };
        match nth.parse::<usize>() {
            Ok(nth) => format!("{prefix}{}]{tail}", nth + before),
            Err(_) => path.to_string(),
        }
    }

    /// Reads on from where it stopped through `bytes`, which start at offset `from` of the
    /// file, and adds to `cuts` the places after elements whose comma ends their line.
    pub fn read(&mut self, bytes: &[u8], from: usize, cuts: &mut Vec<Cut>) {
        let Some(unread) = self.at.checked_sub(from).and_then(|i| bytes.get(i..)) else {
            return;
        };
        let start = self.at;
        self.at = from + bytes.len();
        if self.closed || self.broken {
            return;
        }
        let array_depth = self.array_depth();
        for (i, &b) in unread.iter().enumerate() {
            match b {
                _ if self.strings.holds(b) => {}
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    let Some(depth) = self.depth.checked_sub(1) else {
                        self.broken = true;
                        return;
                    };
                    self.depth = depth;
                    if depth < array_depth {
                        self.closed = true;
                        return;
                    }
                }
                b',' if self.depth == array_depth => {
                    self.records += 1;
                    self.after_comma = true;
                    continue;
                }
                b'\n' if self.after_comma => cuts.push(Cut {
                    at: start + i + 1,
                    records: self.records,
                }),
                b' ' | b'\t' | b'\r' => continue,
                _ => {}
            }
            self.after_comma = false;
        }
    }
}

/// The keys exports hold their postings under (normalised): a list under any other key is
/// not cut.
const COLLECTION_KEYS: &[&str] = &[
    "jobs",
    "job",
    "job_postings",
    "jobpostings",
    "postings",
    "positions",
    "openings",
    "vacancies",
    "requisitions",
    "listings",
    "opportunities",
    "offers",
    "roles",
    "careers",
    "data",
    "content",
    "results",
    "items",
    "records",
    "entries",
    "hits",
];

/// Where a byte of JSON read in order stands: in a string (its quotes included, escapes
/// followed) or not.
#[derive(Debug, Clone, Copy, Default)]
struct Strings {
    inside: bool,
    escaped: bool,
}

impl Strings {
    /// Whether `b`, the next byte, is part of a string.
    fn holds(&mut self, b: u8) -> bool {
        if !self.inside {
            self.inside = b == b'"';
            return self.inside;
        }
        match (self.escaped, b) {
            (true, _) => self.escaped = false,
            (false, b'\\') => self.escaped = true,
            (false, b'"') => self.inside = false,
            _ => {}
        }
        true
    }
}

/// Past the white space from `at`.
fn skip_space(bytes: &[u8], at: usize) -> usize {
    at + bytes.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_whitespace()).count()
    })
}

/// Where the first element of the first array of postings in the value at `at` may start
/// (past its `[`), with the keys leading to it added to `keys`: the value itself, or a value
/// of an object's, depth first; `None` when there is none, or `bytes` end before it shows. An
/// array of postings is one whose first element is an object with a title-like key, under a
/// name for a collection of jobs (`COLLECTION_KEYS`), in objects with no title or prose
/// before it (they are not postings themselves, whose lists of sections or locations must not
/// be cut).
fn array_of_objects(bytes: &[u8], at: usize, keys: &mut Vec<String>) -> Option<usize> {
    match bytes.get(at)? {
        b'[' => {
            let first = skip_space(bytes, at + 1);
            let mut titled = false;
            members(bytes, first, |key, _| {
                titled |= TITLE_KEYS.contains(&normalise_key(key).as_str());
                false
            });
            titled.then_some(at + 1)
        }
        b'{' => {
            let mut found = None;
            members(bytes, at, |key, value| {
                // A title or prose written as a string: the object is a posting.
                let named = normalise_key(key);
                if bytes.get(value) == Some(&b'"')
                    && (TITLE_KEYS.contains(&named.as_str())
                        || TEXT_KEYS.iter().any(|(k, _)| *k == named))
                {
                    return true;
                }
                // A list is cut only under a name for a collection of jobs: never a list of a
                // posting's own (its sections, locations) that comes before its title.
                if bytes.get(value) == Some(&b'[') && !COLLECTION_KEYS.contains(&named.as_str()) {
                    return false;
                }
                keys.push(key.to_string());
                found = array_of_objects(bytes, value, keys);
                if found.is_none() {
                    keys.pop();
                }
                found.is_some()
            });
            found
        }
        _ => None,
    }
}

/// Hands the members of the object at `at` to `member` (its key, plain, and where its value
/// starts), in order, until it says to stop or `bytes` end.
fn members(bytes: &[u8], at: usize, mut member: impl FnMut(&str, usize) -> bool) {
    if bytes.get(at) != Some(&b'{') {
        return;
    }
    let mut at = skip_space(bytes, at + 1);
    while bytes.get(at) == Some(&b'"') {
        let Some(len) = bytes[at + 1..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
        else {
            return;
        };
        let Ok(key) = std::str::from_utf8(&bytes[at + 1..at + 1 + len]) else {
            return;
        };
        if bytes[at + 1 + len] != b'"' {
            return;
        }
        at = skip_space(bytes, at + 2 + len);
        if bytes.get(at) != Some(&b':') {
            return;
        }
        let value = skip_space(bytes, at + 1);
        if member(key, value) {
            return;
        }
        let Some(end) = value_end(bytes, value) else {
            return;
        };
        at = skip_space(bytes, end);
        if bytes.get(at) != Some(&b',') {
            return;
        }
        at = skip_space(bytes, at + 1);
    }
}

/// The end of the value at `at` (a string, an object or an array matched bracket for bracket,
/// or a number or word up to what ends it); `None` when `bytes` end first.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    let (mut depth, mut strings) = (0usize, Strings::default());
    for (i, &b) in bytes.get(at..)?.iter().enumerate() {
        if strings.holds(b) {
            // A string's closing quote ends it, when it is the value.
            if depth == 0 && !strings.inside {
                return Some(at + i + 1);
            }
            continue;
        }
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(at + i),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + i + 1);
                }
            }
            b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => return Some(at + i),
            _ => {}
        }
    }
    None
}

struct Reader<'t> {
    text: &'t str,
    base: usize,
}

/// A property's key, normalised as front-matter keys are.
fn key_of(name: &ObjectPropName<'_>) -> String {
    let raw = match name {
        ObjectPropName::String(lit) => lit.value.as_ref(),
        ObjectPropName::Word(lit) => lit.value,
    };
    normalise_key(raw)
}

fn raw_key(name: &ObjectPropName<'_>) -> String {
    match name {
        ObjectPropName::String(lit) => lit.value.to_string(),
        ObjectPropName::Word(lit) => lit.value.to_string(),
    }
}

fn is_job_posting(object: &Object<'_>) -> bool {
    object.properties.iter().any(|p| {
        key_of(&p.name) == "type"
            && match &p.value {
                Value::StringLit(s) => s.value == "JobPosting",
                Value::Array(a) => a
                    .elements
                    .iter()
                    .any(|e| matches!(e, Value::StringLit(s) if s.value == "JobPosting")),
                _ => false,
            }
    })
}

/// The string value of `object`'s property `key` (normalised), when it has words.
fn words_of<'a>(object: &'a Object<'a>, key: &str) -> Option<&'a StringLit<'a>> {
    object.properties.iter().find_map(|p| match &p.value {
        Value::StringLit(s) if key_of(&p.name) == key && !s.value.trim().is_empty() => Some(s),
        _ => None,
    })
}

/// Whether a string is one short line: a title or a heading, not prose.
fn is_line(lit: &StringLit<'_>) -> bool {
    // A `<` is HTML: a value of markup is prose.
    is_one_line(&lit.value) && !lit.value.contains('<')
}

/// Whether `object` has prose under a text key other than `except`.
fn has_prose(object: &Object<'_>, except: &str) -> bool {
    object.properties.iter().any(|p| {
        let key = key_of(&p.name);
        key != except
            && TEXT_KEYS.iter().any(|(k, _)| *k == key)
            && matches!(&p.value, Value::StringLit(s) if !s.value.trim().is_empty())
    })
}

/// The job's title and its key: a title key's value, or else Lever's `text`, a short line
/// beside a description.
fn title_of<'a>(object: &'a Object<'a>) -> Option<(&'static str, &'a StringLit<'a>)> {
    TITLE_KEYS
        .iter()
        .find_map(|key| Some((*key, words_of(object, key)?)))
        .or_else(|| {
            let text = words_of(object, "text").filter(|lit| is_line(lit))?;
            (has_prose(object, "text") || !sections(object).is_empty()).then_some(("text", text))
        })
}

/// A posting's prose properties in order, each with the section its key names: the title's
/// key left out, and of a text written twice only its best rendering, so that nothing is
/// read, and found, twice.
fn prose_of<'a>(
    object: &'a Object<'a>,
    title_key: Option<&str>,
) -> Vec<(&'a StringLit<'a>, SectionKind)> {
    let texts: Vec<(String, &StringLit<'_>, SectionKind)> = object
        .properties
        .iter()
        .filter_map(|p| {
            let key = key_of(&p.name);
            let (_, section) = TEXT_KEYS.iter().find(|(k, _)| *k == key)?;
            match &p.value {
                Value::StringLit(lit) if Some(key.as_str()) != title_key => {
                    Some((key, lit, *section))
                }
                _ => None,
            }
        })
        .collect();
    let best = |key: &str| {
        let (base, rank) = rendering(key);
        !texts.iter().any(|(other, lit, _)| {
            let (other_base, other_rank) = rendering(other);
            other_base == base && other_rank < rank && !lit.value.trim().is_empty()
        })
    };
    texts
        .iter()
        .filter(|(key, ..)| best(key))
        .map(|(_, lit, section)| (*lit, *section))
        .collect()
}

/// A section held as an object: its heading and its text, when both are there.
fn section_pair<'a>(value: &'a Value<'a>) -> Option<(&'a StringLit<'a>, &'a StringLit<'a>)> {
    let Value::Object(object) = value else {
        return None;
    };
    let (heading_key, heading) = HEADING_KEYS.iter().find_map(|key| {
        let lit = words_of(object, key).filter(|lit| is_line(lit))?;
        Some((*key, lit))
    })?;
    let text = SECTION_TEXT_KEYS
        .iter()
        .filter(|key| **key != heading_key)
        .find_map(|key| {
            words_of(object, key).filter(|lit| {
                let prose = lit.value.trim();
                prose.len() >= 20 && prose.contains([' ', '<'])
            })
        })?;
    Some((heading, text))
}

/// Whether an object names a section (it has a heading key), with or without a text.
fn names_a_section(value: &Value<'_>) -> bool {
    matches!(value, Value::Object(object)
        if HEADING_KEYS.iter().any(|key| words_of(object, key).is_some_and(|lit| is_line(lit))))
}

/// The sections a posting object holds below its own properties: an array of sections
/// (Lever's `lists`), or an object whose objects are sections (SmartRecruiters'
/// `jobAd.sections`), up to three objects down; sections whose text is empty are skipped.
fn sections<'a>(object: &'a Object<'a>) -> Vec<(&'a StringLit<'a>, &'a StringLit<'a>)> {
    let mut out = Vec::new();
    for property in &object.properties {
        sections_in(&property.value, 2, &mut out);
    }
    out
}

fn sections_in<'a>(
    value: &'a Value<'a>,
    depth: usize,
    out: &mut Vec<(&'a StringLit<'a>, &'a StringLit<'a>)>,
) {
    let members: Vec<&Value<'_>> = match value {
        Value::Array(array) => array.elements.iter().collect(),
        Value::Object(object) if section_pair(value).is_none() => object
            .properties
            .iter()
            .map(|p| &p.value)
            .filter(|v| matches!(v, Value::Object(_)))
            .collect(),
        _ => return,
    };
    let all_sections = !members.is_empty() && members.iter().all(|m| names_a_section(m));
    let pairs: Vec<_> = members.iter().filter_map(|m| section_pair(m)).collect();
    if all_sections && !pairs.is_empty() {
        out.extend(pairs);
    } else if depth > 0
        && let Value::Object(object) = value
    {
        for property in &object.properties {
            sections_in(&property.value, depth - 1, out);
        }
    }
}

impl Reader<'_> {
    fn collect(&self, value: &Value<'_>, path: String, out: &mut Vec<Posting>) {
        match value {
            Value::Object(object) => {
                let schema = is_job_posting(object);
                let title = title_of(object);
                let titled_with_text = title
                    .is_some_and(|(key, _)| has_prose(object, key) || !sections(object).is_empty());
                if schema || titled_with_text {
                    out.push(self.posting(object, path));
                    return;
                }
                for property in &object.properties {
                    let key = raw_key(&property.name);
                    let inner = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    self.collect(&property.value, inner, out);
                }
            }
            Value::Array(array) => {
                for (i, element) in array.elements.iter().enumerate() {
                    self.collect(element, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    fn posting(&self, object: &Object<'_>, path: String) -> Posting {
        let mut front_matter = FrontMatter::default();
        self.fields(object, "", &mut front_matter.fields);
        let schema = is_job_posting(object);
        let found_title = title_of(object);
        let title =
            found_title.map(|(_, lit)| self.line(lit, SegmentKind::Title, SectionKind::Summary));
        let mut body = Body::default();
        let prose = prose_of(object, found_title.map(|(key, _)| key));
        // A JobPosting's nested objects are its schema's (the organisation, the place), not
        // sections.
        let sections = if schema { Vec::new() } else { sections(object) };
        // Both in the file's order, so that the segments are.
        let mut texts: Vec<(&StringLit<'_>, Option<&StringLit<'_>>, SectionKind)> = prose
            .into_iter()
            .map(|(lit, section)| (lit, None, section))
            .chain(sections.into_iter().map(|(heading, text)| {
                let section =
                    classify_heading(heading.value.trim()).unwrap_or(SectionKind::Summary);
                (text, Some(heading), section)
            }))
            .collect();
        texts.sort_by_key(|(lit, heading, _)| heading.map_or(lit.range.start, |h| h.range.start));
        for (lit, heading, section) in texts {
            if let Some(heading) = heading {
                body.segments
                    .push(self.line(heading, SegmentKind::Heading, section));
            }
            self.prose(lit.range.start, lit.range.end, section, &mut body);
        }
        let structured = schema.then(|| StructuredData {
            type_range: object
                .properties
                .iter()
                .find(|p| key_of(&p.name) == "type")
                .map_or(0..0, |p| self.base + p.range.start..self.base + p.range.end),
            properties: self.properties(object),
        });
        Posting {
            path: (!path.is_empty()).then_some(path),
            front_matter,
            title,
            body,
            structured,
        }
    }

    fn properties(&self, object: &Object<'_>) -> Vec<Property> {
        object
            .properties
            .iter()
            .map(|p| {
                let (key_start, key_end) = match &p.name {
                    ObjectPropName::String(lit) => (lit.range.start, lit.range.end),
                    ObjectPropName::Word(lit) => (lit.range.start, lit.range.end),
                };
                Property {
                    name: raw_key(&p.name),
                    key_range: self.base + key_start..self.base + key_end,
                    ..self.property_value(&p.value)
                }
            })
            .collect()
    }

    fn property_value(&self, value: &Value<'_>) -> Property {
        let range = |start: usize, end: usize| self.base + start..self.base + end;
        let (value_range, text) = match value {
            Value::StringLit(lit) => (
                range(lit.range.start, lit.range.end),
                Some(lit.value.to_string()),
            ),
            Value::NumberLit(n) => (range(n.range.start, n.range.end), Some(n.value.to_string())),
            Value::BooleanLit(b) => (range(b.range.start, b.range.end), Some(b.value.to_string())),
            Value::NullKeyword(n) => (range(n.range.start, n.range.end), None),
            Value::Object(o) => (range(o.range.start, o.range.end), None),
            Value::Array(a) => (range(a.range.start, a.range.end), None),
        };
        Property {
            name: String::new(),
            key_range: value_range.clone(),
            value_range,
            text,
            properties: match value {
                Value::Object(o) => self.properties(o),
                _ => Vec::new(),
            },
            elements: match value {
                Value::Array(a) => a
                    .elements
                    .iter()
                    .enumerate()
                    .map(|(i, e)| Property {
                        name: i.to_string(),
                        ..self.property_value(e)
                    })
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// Short scalar properties, nested objects flattened with `_`; prose and arrays are not
    /// fields.
    fn fields(&self, object: &Object<'_>, prefix: &str, out: &mut Vec<FrontMatterField>) {
        for property in &object.properties {
            let key = key_of(&property.name);
            // The title is read on its own, through its escapes.
            if key == "context"
                || key == "type"
                || TEXT_KEYS.iter().any(|(k, _)| *k == key)
                || (prefix.is_empty() && TITLE_KEYS.contains(&key.as_str()))
            {
                continue;
            }
            let key = if prefix.is_empty() {
                key
            } else {
                format!("{prefix}_{key}")
            };
            let (value, range) = match &property.value {
                Value::StringLit(lit) => (
                    lit.value.to_string(),
                    lit.range.start + 1..lit.range.end - 1,
                ),
                Value::NumberLit(n) => (n.value.to_string(), n.range.start..n.range.end),
                Value::BooleanLit(b) => (b.value.to_string(), b.range.start..b.range.end),
                Value::Object(inner) => {
                    self.fields(inner, &key, out);
                    continue;
                }
                _ => continue,
            };
            if value.len() > FIELD_MAX_BYTES {
                continue;
            }
            out.push(FrontMatterField {
                key,
                value,
                value_range: self.base + range.start..self.base + range.end,
            });
        }
    }

    /// A one-line string (a title, a heading) as a segment of `kind`, its trailing spaces left
    /// out.
    fn line(&self, lit: &StringLit<'_>, kind: SegmentKind, section: SectionKind) -> Segment {
        let builder = self.decode(lit.range.start, lit.range.end);
        let mut segment = Segment::new(kind, section, builder);
        let trimmed = segment.text.trim_end().len();
        segment.text.truncate(trimmed);
        segment
    }

    /// The string literal at `start..end` of `text` (quotes included), decoded, with the map
    /// of each decoded byte to the file.
    fn decode(&self, start: usize, end: usize) -> TextBuilder {
        let raw = &self.text[start + 1..end - 1];
        let at = self.base + start + 1;
        let mut builder = TextBuilder::new();
        let bytes = raw.as_bytes();
        let mut plain = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            builder.push_verbatim(&raw[plain..i], at + plain);
            let (decoded, len) = unescape(&raw[i..]);
            builder.push_decoded(&decoded, at + i..at + i + len);
            i += len;
            plain = i;
        }
        builder.push_verbatim(&raw[plain..], at + plain);
        builder
    }

    /// Parses a prose value into `body` (see `read_prose`).
    fn prose(&self, start: usize, end: usize, section: SectionKind, body: &mut Body) {
        let (text, json_map) = self.decode(start, end).finish();
        read_prose(&text, &json_map, section, body);
    }
}

/// One JSON escape at the start of `raw` (which starts with `\`): the text it stands for and
/// how many bytes it takes. A surrogate pair is one character; a lone surrogate is U+FFFD.
fn unescape(raw: &str) -> (String, usize) {
    let bytes = raw.as_bytes();
    let simple = |c: char| (c.to_string(), 2);
    match bytes.get(1) {
        Some(b'"') => simple('"'),
        Some(b'\\') => simple('\\'),
        Some(b'/') => simple('/'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'n') => simple('\n'),
        Some(b'r') => simple('\r'),
        Some(b't') => simple('\t'),
        Some(b'u') => {
            let unit = |at: usize| {
                raw.get(at..at + 4)
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            };
            let Some(first) = unit(2) else {
                return ("\u{fffd}".to_string(), 2);
            };
            if (0xD800..0xDC00).contains(&first)
                && raw.get(6..8) == Some("\\u")
                && let Some(second) = unit(8)
                && (0xDC00..0xE000).contains(&second)
            {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                let c = char::from_u32(c).unwrap_or('\u{fffd}');
                return (c.to_string(), 12);
            }
            (char::from_u32(first).unwrap_or('\u{fffd}').to_string(), 6)
        }
        // The parser accepted the string, so this is not reached; keep the bytes.
        _ => (raw.get(..1).unwrap_or("").to_string(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_cut_after_elements_whose_comma_ends_their_line() {
        let text = "\u{feff}{ \"jobs\" : [\n  {\"title\": \"a},\\n\\\"\", \"tags\": [1,\n 2]},\n  7 ,\r\n  \
                    {\"title\": \"b\"}\n  , {\"title\": \"c\"},\n  {}\n]}\n";
        let mut ends = ValueEnds::of(text.as_bytes()).expect("an array of objects");
        let mut cuts = Vec::new();
        // Read in two pieces, split inside the first element's string.
        let split = text.find("a},").unwrap() + 2;
        ends.read(&text.as_bytes()[..split], 0, &mut cuts);
        ends.read(&text.as_bytes()[split..], split, &mut cuts);
        let after = |line: &str| text.find(line).unwrap() + line.len();
        assert_eq!(
            cuts.iter().map(|c| (c.at, c.records)).collect::<Vec<_>>(),
            // Not inside the string, not inside the nested list, not where the comma comes at
            // the start of the next line; after the number too.
            [
                (after("2]},\n"), 1),
                (after("7 ,\r\n"), 2),
                (after("\"c\"},\n"), 4)
            ]
        );
        assert_eq!(ends.records(), 4);
        assert_eq!(ends.header(), b"{\"jobs\":[\n");
        assert_eq!(ends.footer(), b"]}\n");
        assert_eq!(ends.renumber("jobs[1]", 300), "jobs[301]");
        assert_eq!(ends.renumber("jobs[0].job", 300), "jobs[300].job");
        assert_eq!(ends.renumber("other[1]", 300), "other[1]");
    }

    #[test]
    fn only_an_array_of_postings_outside_a_posting_is_cut() {
        let job = "{\"id\": 1, \"Job Title\": \"Cook\"}";
        for (text, yes) in [
            (format!("[\n {job}"), true),
            (format!("  [ {job},"), true),
            (format!("{{\"data\": [{job}"), true),
            // SmartRecruiters' and Ashby's exports: the list after counts and versions.
            (
                format!("{{\"offset\": 0, \"totalFound\": 9, \"content\": [{job}"),
                true,
            ),
            (
                format!("{{\"meta\": {{\"tags\": [1, {{}}]}}, \"d\": {{\"jobs\": [{job}"),
                true,
            ),
            // Not postings.
            ("[1, 2]".to_string(), false),
            ("[{\"id\": 1}, {\"title\": 2}]".to_string(), false),
            // A posting's own lists, before its title or after.
            (
                format!("{{\"title\": \"Cook\", \"sections\": [{job}"),
                false,
            ),
            (
                format!("{{\"sections\": [{job}, \"title\": \"Cook\""),
                false,
            ),
            (
                format!("{{\"description\": \"Cook.\", \"x\": {{\"jobs\": [{job}"),
                false,
            ),
            // Not known yet: the first element has not shown its keys.
            ("{\"jobs\": [{".to_string(), false),
            (format!("{{\"a\\\"b\": [{job}"), false),
            (String::new(), false),
        ] {
            assert_eq!(ValueEnds::of(text.as_bytes()).is_some(), yes, "{text}");
        }
        let nested = ValueEnds::of(format!("{{\"d\": {{\"jobs\": [{job}").as_bytes()).unwrap();
        assert_eq!(nested.header(), b"{\"d\":{\"jobs\":[\n");
        assert_eq!(nested.footer(), b"]}}\n");
        assert_eq!(nested.renumber("d.jobs[7]", 3), "d.jobs[10]");
        let root = ValueEnds::of(format!("[{job}").as_bytes()).unwrap();
        assert_eq!(root.footer(), b"]\n");
        assert_eq!(root.renumber("[7]", 3), "[10]");
    }

    fn all(text: &str) -> Vec<Posting> {
        postings(text).unwrap()
    }

    #[test]
    fn a_schema_org_job_posting_with_escapes_maps_to_the_file() {
        let file = r#"{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "Ing\u00e9nieur ML \"Senior\"",
 "description": "<p>We need a <b>rock</b>star.</p>\n<h2>Requirements</h2><ul><li>A PhD is required \u2014 no exceptions</li></ul>",
 "datePosted": "2026-01-05",
 "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
   "value": {"@type": "QuantitativeValue", "minValue": 150000, "maxValue": 190000, "unitText": "YEAR"}}}"#;
        let found = all(file);
        assert_eq!(found.len(), 1);
        let posting = &found[0];
        assert_eq!(posting.path, None);
        let title = posting.title.as_ref().unwrap();
        assert_eq!(title.text, "Ingénieur ML \"Senior\"");
        assert_eq!(
            &file[title.map.to_source(0..title.text.len())],
            r#"Ing\u00e9nieur ML \"Senior\""#
        );
        let texts: Vec<&str> = posting
            .body
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "We need a rockstar.",
                "Requirements",
                "A PhD is required \u{2014} no exceptions"
            ]
        );
        let rockstar = &posting.body.segments[0];
        let at = rockstar.text.find("rock").unwrap();
        assert_eq!(&file[rockstar.map.to_source(at..at + 8)], "rock</b>star");
        let phd = &posting.body.segments[2];
        assert_eq!(phd.section, SectionKind::Requirements);
        assert_eq!(
            &file[phd.map.to_source(2..phd.text.len())],
            r#"PhD is required \u2014 no exceptions"#
        );
        let keys: Vec<&str> = posting
            .front_matter
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "dateposted",
                "basesalary_currency",
                "basesalary_value_minvalue",
                "basesalary_value_maxvalue",
                "basesalary_value_unittext"
            ]
        );
        let min = posting
            .front_matter
            .get("basesalary_value_minvalue")
            .unwrap();
        assert_eq!(&file[min.value_range.clone()], "150000");
    }

    #[test]
    fn a_field_of_one_short_line_is_text_in_its_section_not_a_heading() {
        // "Doctoral degree in Computer Science (required)" looks like a heading line, but
        // nothing follows it in its field: it is the requirement itself.
        let file = r#"{"@type": "JobPosting", "title": "ML Engineer",
 "qualifications": "Strong Python.\nSix years of production ML.",
 "educationRequirements": "Doctoral degree in Computer Science (required)"}"#;
        let found = all(file);
        let segments: Vec<(SegmentKind, SectionKind, &str)> = found[0]
            .body
            .segments
            .iter()
            .map(|s| (s.kind, s.section, s.text.as_str()))
            .collect();
        assert_eq!(
            segments.last(),
            Some(&(
                SegmentKind::Body,
                SectionKind::Requirements,
                "Doctoral degree in Computer Science (required)"
            ))
        );
    }

    #[test]
    fn arrays_graphs_and_exports_at_any_depth_are_postings_with_their_path() {
        let file = r#"{"data": {"jobs": [
  {"id": 1, "Job Title": "Data Engineer", "Job Description": "Build pipelines."},
  {"id": 2, "note": "not a posting"},
  {"@graph": [{"@type": "JobPosting", "title": "ML Engineer", "description": "Train models."}]}
]}}"#;
        let found = all(file);
        let paths: Vec<Option<&str>> = found.iter().map(|p| p.path.as_deref()).collect();
        assert_eq!(
            paths,
            [Some("data.jobs[0]"), Some("data.jobs[2].@graph[0]")]
        );
        assert_eq!(found[0].title.as_ref().unwrap().text, "Data Engineer");
        assert_eq!(found[1].body.segments[0].text, "Train models.");
    }

    #[test]
    fn html_escaped_twice_is_read_as_html() {
        // A Greenhouse `content` field: HTML escaped as entities inside the JSON string.
        let file = r#"{"title": "SRE", "content": "&lt;p&gt;Tom &amp;amp; a ninja&lt;/p&gt;&lt;ul&gt;&lt;li&gt;On call&lt;/li&gt;&lt;/ul&gt;"}"#;
        let found = all(file);
        let texts: Vec<&str> = found[0]
            .body
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, ["Tom & a ninja", "On call"]);
        let segment = &found[0].body.segments[0];
        let at = segment.text.find("ninja").unwrap();
        assert_eq!(&file[segment.map.to_source(at..at + 5)], "ninja");
        assert_eq!(&file[segment.map.to_source(0..5)], "Tom &amp;amp;");
    }

    /// Each body segment's section and text.
    fn outline(posting: &Posting) -> Vec<(SegmentKind, SectionKind, &str)> {
        posting
            .body
            .segments
            .iter()
            .map(|s| (s.kind, s.section, s.text.as_str()))
            .collect()
    }

    #[test]
    fn a_text_written_twice_is_read_once_in_its_html_rendering() {
        // An Ashby job board: `descriptionHtml` and `descriptionPlain` say the same.
        let file = r#"{"jobs": [{"title": "Platform Engineer",
 "descriptionHtml": "<p>Run our build farm.</p><h3>Requirements</h3><ul><li>Go or Rust</li></ul>",
 "descriptionPlain": "Run our build farm.\n\nRequirements\n\n- Go or Rust"}]}"#;
        let found = all(file);
        assert_eq!(found.len(), 1);
        assert_eq!(
            outline(&found[0]),
            [
                (
                    SegmentKind::Body,
                    SectionKind::Summary,
                    "Run our build farm."
                ),
                (
                    SegmentKind::Heading,
                    SectionKind::Requirements,
                    "Requirements"
                ),
                (SegmentKind::Body, SectionKind::Requirements, "Go or Rust"),
            ]
        );
        // The plain rendering alone is still read.
        let plain_only =
            r#"{"title": "Platform Engineer", "descriptionPlain": "Run our build farm."}"#;
        assert_eq!(
            outline(&all(plain_only)[0]),
            [(
                SegmentKind::Body,
                SectionKind::Summary,
                "Run our build farm."
            )]
        );
    }

    #[test]
    fn a_lever_posting_has_its_title_in_text_and_its_sections_in_lists() {
        let file = r#"[{"id": "5f1c", "text": "Data Engineer, Payments",
 "categories": {"team": "Data", "location": "Lisbon"},
 "descriptionPlain": "Own the pipelines behind our payouts.",
 "description": "<div>Own the pipelines behind our payouts.</div>",
 "lists": [
  {"text": "What you will do", "content": "<li>Keep the nightly ledger export on time</li>"},
  {"text": "What you bring", "content": "<li>Three years of SQL and Python</li>"},
  {"text": "Nice to have", "content": ""}],
 "additionalPlain": "We answer every application.",
 "additional": "<div>We answer every application.</div>",
 "hostedUrl": "https://jobs.example.com/5f1c"}]"#;
        let found = all(file);
        assert_eq!(found.len(), 1);
        let title = found[0].title.as_ref().unwrap();
        assert_eq!(title.text, "Data Engineer, Payments");
        assert_eq!(
            &file[title.map.to_source(0..title.text.len())],
            "Data Engineer, Payments"
        );
        assert_eq!(
            outline(&found[0]),
            [
                (
                    SegmentKind::Body,
                    SectionKind::Summary,
                    "Own the pipelines behind our payouts."
                ),
                (
                    SegmentKind::Heading,
                    SectionKind::Responsibilities,
                    "What you will do"
                ),
                (
                    SegmentKind::Body,
                    SectionKind::Responsibilities,
                    "Keep the nightly ledger export on time"
                ),
                (
                    SegmentKind::Heading,
                    SectionKind::Requirements,
                    "What you bring"
                ),
                (
                    SegmentKind::Body,
                    SectionKind::Requirements,
                    "Three years of SQL and Python"
                ),
                (
                    SegmentKind::Body,
                    SectionKind::Summary,
                    "We answer every application."
                ),
            ]
        );
        let heading = &found[0].body.segments[1];
        assert_eq!(
            &file[heading.map.to_source(0..heading.text.len())],
            "What you will do"
        );
    }

    #[test]
    fn a_smartrecruiters_posting_is_one_posting_with_its_sections() {
        let file = r#"{"id": "7440", "name": "Research Scientist",
 "company": {"identifier": "Tidewater", "name": "Tidewater Labs"},
 "jobAd": {"sections": {
  "companyDescription": {"title": "Company Description", "text": "<p>We model coastal flooding.</p>"},
  "jobDescription": {"title": "Job Description", "text": "<p>Publish and present new surge models.</p>"},
  "qualifications": {"title": "Qualifications", "text": "<ul><li>PhD in oceanography or a related field</li></ul>"},
  "additionalInformation": {"title": "Additional Information", "text": ""}}}}"#;
        let found = all(file);
        assert_eq!(found.len(), 1, "the sections are not postings of their own");
        assert_eq!(found[0].path, None);
        assert_eq!(found[0].title.as_ref().unwrap().text, "Research Scientist");
        let texts: Vec<&str> = outline(&found[0]).into_iter().map(|(.., t)| t).collect();
        assert_eq!(
            texts,
            [
                "Company Description",
                "We model coastal flooding.",
                "Job Description",
                "Publish and present new surge models.",
                "Qualifications",
                "PhD in oceanography or a related field",
            ]
        );
        assert_eq!(found[0].body.segments[5].section, SectionKind::Requirements);
    }

    #[test]
    fn named_objects_that_are_not_sections_stay_out_of_the_body() {
        // A Greenhouse job's metadata and departments name things, but hold no prose; a
        // JobPosting's organisation has a description of its own, which is not the job's.
        let file = r#"[{"title": "Support Engineer", "content": "<p>Answer hard tickets.</p>",
  "departments": [{"id": 4, "name": "Support"}],
  "metadata": [{"name": "Salary", "value": "Competitive salary and more words here"}]},
 {"@type": "JobPosting", "title": "Support Engineer", "description": "<p>Answer hard tickets.</p>",
  "hiringOrganization": {"@type": "Organization", "name": "Acme",
   "description": "We are a fast-paced company of rockstars."},
  "identifier": [{"@type": "PropertyValue", "name": "Acme", "value": "REQ-2291 in the careers system"}]}]"#;
        let found = all(file);
        assert_eq!(found.len(), 2);
        for posting in &found {
            let texts: Vec<&str> = outline(posting).into_iter().map(|(.., t)| t).collect();
            assert_eq!(texts, ["Answer hard tickets."]);
        }
    }

    #[test]
    fn json_lines_name_postings_by_line_and_keep_going_after_a_bad_line() {
        let file = "{\"title\": \"A\", \"description\": \"First.\"}\n{\"title\": \"B\", \n{\"title\": \"C\", \"description\": \"Caf\\u00e9 \\ud83d\\ude00 ninja\"}\n";
        let (found, errors) = postings_in_lines(file, 0);
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_deref().unwrap()).collect();
        assert_eq!(paths, ["line 1", "line 3"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.starts_with("invalid JSON"), "{errors:?}");
        let line2 = file.find("{\"title\": \"B\"").unwrap();
        assert!(errors[0].range.start >= line2 && errors[0].range.start <= line2 + 16);
        let segment = &found[1].body.segments[0];
        assert_eq!(segment.text, "Café 😀 ninja");
        let at = segment.text.find("ninja").unwrap();
        assert_eq!(&file[segment.map.to_source(at..at + 5)], "ninja");
        // The emoji is one character from a surrogate pair: twelve bytes of the file.
        let emoji = segment.text.find('😀').unwrap();
        assert_eq!(
            &file[segment.map.to_source(emoji..emoji + 4)],
            "\\ud83d\\ude00"
        );
    }

    #[test]
    fn invalid_json_says_where() {
        let error = postings("{\"title\": \"A\",\n \"description\": }").unwrap_err();
        assert!(error.message.starts_with("invalid JSON: "), "{error:?}");
        assert_eq!(
            error.range.start,
            "{\"title\": \"A\",\n \"description\": ".len()
        );
        assert!(postings("[{\"title\": \"A\"").is_err());
        assert!(postings("").is_err());
    }
}
