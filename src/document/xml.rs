//! XML job feeds: the feeds job boards take and give (Indeed's and ZipRecruiter's `<job>`, an
//! RSS `<item>`, an Atom `<entry>`, applicant-tracking exports). An element with a title-like
//! and a description-like child is a posting, at any depth, as in a JSON export; its other
//! short children are its fields (`<salary>`, `<city>`, `<salary><min>` as `salary_min`).
//!
//! The reader is small and forgiving, since feeds are often hand-rolled: it knows elements,
//! text, entities, CDATA sections, comments, processing instructions and a DOCTYPE, skips
//! attributes, closes what a feed leaves open, and ignores an end tag that closes nothing.
//! Only a construct that never ends (a comment, a CDATA section, a tag) is an error. A
//! description is decoded once (entities, CDATA) and read as HTML when it is HTML, escaped
//! or not, so each finding maps back through both layers to the file's bytes.

use std::ops::Range;

use super::directives::scan_comments;
use super::export::{
    Cut, HEADING_KEYS, ParseError, Posting, SECTION_TEXT_KEYS, TEXT_KEYS, TITLE_KEYS, field,
    is_one_line, push_unescaped, read_prose, rendering,
};
use super::frontmatter::{FrontMatter, FrontMatterField};
use super::sections::classify_heading;
use super::span::SpanMap;
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder};
use crate::fxhash::FxHashMap;

/// Elements nested deeper than this are read as their parent's text: a feed is shallow, and a
/// hostile file of a million open tags must not make a tree a million deep.
const MAX_DEPTH: usize = 64;

/// RSS's full text (`<content:encoded>`): read instead of the item's `<description>`, which
/// is then its summary.
const FULL_TEXT: &str = "encoded";

/// One element: its name, where its content is, its child elements and its own text.
#[derive(Debug, Default)]
struct Element {
    /// Local name (any `prefix:` dropped), lower case, `-` as `_`.
    name: String,
    /// From its start tag's `<` to the end of its end tag (or the file).
    range: Range<usize>,
    /// Between its start tag and its end tag.
    inner: Range<usize>,
    children: Vec<Element>,
    /// Its own text, in order: character data and CDATA sections.
    pieces: Vec<Piece>,
}

/// A section of a posting written as an element: its heading and text children, and the
/// posting's child it is in.
struct Section<'e> {
    top: &'e Element,
    heading: &'e Element,
    text: &'e Element,
}

#[derive(Debug, Clone)]
enum Piece {
    /// Character data, entities still escaped.
    Text(Range<usize>),
    /// A CDATA section's content, verbatim.
    Cdata(Range<usize>),
}

/// The postings of an XML file.
pub fn postings(text: &str) -> Result<Vec<Posting>, ParseError> {
    let (root, comments) = read_tree(text)?;
    let mut out = Vec::new();
    let root_start = root.children.first().map_or(0, |e| e.range.start);
    let reader = Reader {
        text,
        prolog: comments.partition_point(|c| c.start < root_start),
        comments,
    };
    for (name, child) in indexed(&root.children) {
        reader.collect(child, name, &mut out);
    }
    Ok(out)
}

/// `job[2]` for the second `<job>` among its siblings (counted from 1, as XPath does), `job`
/// for an only one.
fn indexed(children: &[Element]) -> impl Iterator<Item = (String, &Element)> {
    // Counted first: a feed holds thousands of `<job>` siblings.
    let mut totals: FxHashMap<&str, usize> = FxHashMap::default();
    for child in children {
        *totals.entry(child.name.as_str()).or_default() += 1;
    }
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    children.iter().map(move |child| {
        let nth = seen.entry(child.name.as_str()).or_default();
        *nth += 1;
        if totals.get(child.name.as_str()) == Some(&1) {
            (child.name.clone(), child)
        } else {
            (format!("{}[{nth}]", child.name), child)
        }
    })
}

fn error(message: &str, range: Range<usize>) -> ParseError {
    ParseError {
        message: format!("invalid XML: {message}"),
        range,
    }
}

/// The element tree of `text` under a nameless root, and the ranges of its comments.
fn read_tree(text: &str) -> Result<(Element, Vec<Range<usize>>), ParseError> {
    read_tree_of(text, false)
}

/// `read_tree`; of a feed's first bytes (`prefix`), whose last construct may be cut short
/// (a CDATA section, a comment or a tag not ended yet): the reading stops there.
fn read_tree_of(text: &str, prefix: bool) -> Result<(Element, Vec<Range<usize>>), ParseError> {
    // Inside the loop: an error, or in a prefix the end of what is read.
    macro_rules! or_stop {
        ($read:expr) => {
            match $read {
                Ok(value) => value,
                Err(_) if prefix => break,
                Err(e) => return Err(e),
            }
        };
    }
    let bytes = text.as_bytes();
    let mut stack = vec![Element::default()];
    let mut comments = Vec::new();
    let mut i = 0;
    let mut elements = 0;
    while i < bytes.len() {
        let Some(offset) = memchr::memchr(b'<', &bytes[i..]) else {
            push_piece(&mut stack, Piece::Text(i..bytes.len()));
            break;
        };
        let at = i + offset;
        if offset > 0 {
            push_piece(&mut stack, Piece::Text(i..at));
        }
        let rest = &text[at..];
        let until = |close: &str, from: usize, what: &str| {
            memchr::memmem::find(&bytes[from..], close.as_bytes())
                .map(|end| from + end)
                .ok_or_else(|| error(&format!("{what} that never ends"), at..bytes.len()))
        };
        if rest.starts_with("<!--") {
            let end = or_stop!(until("-->", at + 4, "a comment"));
            comments.push(at..end + 3);
            i = end + 3;
        } else if rest.starts_with("<![CDATA[") {
            let end = or_stop!(until("]]>", at + 9, "a CDATA section"));
            push_piece(&mut stack, Piece::Cdata(at + 9..end));
            i = end + 3;
        } else if rest.starts_with("<?") {
            i = or_stop!(until("?>", at + 2, "a processing instruction")) + 2;
        } else if rest.starts_with("<!") {
            i = or_stop!(
                declaration_end(bytes, at)
                    .ok_or_else(|| error("a declaration that never ends", at..bytes.len()))
            );
        } else if let Some(name) = rest.strip_prefix("</") {
            let gt = or_stop!(until(">", at + 2, "an end tag"));
            let name = local_name(&name[..gt - at - 2]);
            close(&mut stack, &name, at, gt + 1);
            i = gt + 1;
        } else {
            let name_len = rest[1..]
                .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                .unwrap_or(rest.len() - 1);
            let raw_name = &rest[1..1 + name_len];
            if !raw_name.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == ':') {
                // A lone `<` ("salary < 100k") is text.
                push_piece(&mut stack, Piece::Text(at..at + 1));
                i = at + 1;
                continue;
            }
            let gt = or_stop!(
                tag_end(bytes, at + 1 + name_len)
                    .ok_or_else(|| error("a tag that never ends", at..bytes.len()))
            );
            let self_closing = bytes[gt - 1] == b'/';
            i = gt + 1;
            elements += 1;
            if stack.len() > MAX_DEPTH {
                continue;
            }
            let element = Element {
                name: local_name(raw_name),
                range: at..i,
                inner: i..i,
                ..Element::default()
            };
            if self_closing {
                push_child(&mut stack, element);
            } else {
                stack.push(element);
            }
        }
    }
    // What the file leaves open ends with it.
    while stack.len() > 1 {
        let mut open = stack.pop().unwrap_or_default();
        open.inner.end = bytes.len();
        open.range.end = bytes.len();
        push_child(&mut stack, open);
    }
    if elements == 0 {
        return Err(error("no element in the file", 0..0));
    }
    Ok((stack.pop().unwrap_or_default(), comments))
}

/// `Job-Title` and `ns:title` as `job_title` and `title`.
fn local_name(raw: &str) -> String {
    let raw = raw.trim();
    let local = raw.rsplit(':').next().unwrap_or(raw);
    local.to_lowercase().replace('-', "_")
}

fn push_piece(stack: &mut [Element], piece: Piece) {
    if let Some(top) = stack.last_mut() {
        top.pieces.push(piece);
    }
}

fn push_child(stack: &mut [Element], child: Element) {
    if let Some(top) = stack.last_mut() {
        top.children.push(child);
    }
}

/// Closes the innermost open element named `name` (and any left open inside it) with the end
/// tag at `start..end`; an end tag that closes nothing open nearby is ignored.
fn close(stack: &mut Vec<Element>, name: &str, start: usize, end: usize) {
    // Looked for among the innermost few only, so that a run of stray end tags stays linear.
    let Some(depth) = stack
        .iter()
        .enumerate()
        .skip(1)
        .rev()
        .take(8)
        .find(|(_, e)| e.name == name)
        .map(|(depth, _)| depth)
    else {
        return;
    };
    while stack.len() > depth {
        let mut element = stack.pop().unwrap_or_default();
        element.inner.end = start;
        element.range.end = end;
        push_child(stack, element);
    }
}

/// The end of a start tag's `>` from `from`, quotes in attribute values skipped.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    tag_end_or_why(bytes, from).ok()
}

/// `tag_end`, or why there is none: `Err(true)` for a `<` before the `>` (the feed is broken
/// there), `Err(false)` for bytes that end first.
fn tag_end_or_why(bytes: &[u8], from: usize) -> Result<usize, bool> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Ok(i),
            // A new tag before this one closed: the feed is broken here.
            (None, b'<') => return Err(true),
            _ => {}
        }
    }
    Err(false)
}

/// The byte after a `<!DOCTYPE …>` (its internal subset in brackets included).
fn declaration_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(at + 2) {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The record of a large feed read in parts (`source::Parts::elements`): the outermost posting
/// element of the feed's first bytes, as the number of elements open around it and its name
/// (`<source><job>` is 1 and `job`, an RSS `<rss><channel><item>` 2 and `item`); `None` when
/// those bytes hold no posting.
pub fn record_of(text: &str) -> Option<(usize, String)> {
    let (root, _) = read_tree_of(text, true).ok()?;
    let mut level: Vec<&Element> = root.children.iter().collect();
    let reader = Reader {
        text,
        comments: Vec::new(),
        prolog: 0,
    };
    // Breadth first: the shallowest posting, as `Reader::collect` finds postings (an RSS
    // `<channel>` has a title and a description, and its items are the postings).
    for depth in 0..MAX_DEPTH {
        let record = |e: &&&Element| {
            reader.is_posting(e) && !e.children.iter().any(|c| reader.is_posting(c))
        };
        if let Some(found) = level.iter().find(record) {
            return Some((depth, found.name.clone()));
        }
        level = level.iter().flat_map(|e| e.children.iter()).collect();
        if level.is_empty() {
            break;
        }
    }
    None
}

/// Where the records of a feed read in parts end: after the end tag of an element named as
/// the record, as deep, inside the same ancestors, with nothing but white space after it on
/// its line (so that each part starts at a line's start). Fed the file's bytes as they are
/// read, each once, with `read_tree`'s reading of tags, comments, CDATA sections, processing
/// instructions and declarations; a feed it cannot follow (a tag that never ends) is not cut
/// further.
#[derive(Debug)]
pub struct RecordEnds {
    depth: usize,
    name: String,
    /// The offset in the file read up to.
    at: usize,
    /// Open elements: their names, and their start tags while they may be ancestors.
    stack: Vec<(String, Vec<u8>)>,
    /// Where the root element's start tag starts.
    root_start: Option<usize>,
    /// The ancestors of the first record: their names, and their start tags one after another.
    ancestors: Option<(Vec<String>, Vec<u8>)>,
    /// Records closed so far.
    records: usize,
    broken: bool,
}

impl RecordEnds {
    pub fn new(depth: usize, name: String) -> RecordEnds {
        RecordEnds {
            depth,
            name,
            at: 0,
            stack: Vec::new(),
            root_start: None,
            ancestors: None,
            records: 0,
            broken: false,
        }
    }

    /// How many elements are open around a record.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// A record's element name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset in the file read up to.
    pub fn at(&self) -> usize {
        self.at
    }

    /// Records closed so far.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Whether the feed went where the cutting cannot follow (a tag that never ends).
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// The header every part after the first is read under: what comes before the root
    /// element (its declaration, comments, DOCTYPE) without a byte-order mark, the start tags
    /// of the record's ancestors, and a line break; `None` before the first record.
    /// With it, how long the prolog's copy at its start is and where the prolog is in the
    /// file (past the byte-order mark).
    pub fn header(&self, file_start: &[u8]) -> Option<(Vec<u8>, usize, usize)> {
        let (_, tags) = self.ancestors.as_ref()?;
        let root = self.root_start?;
        let prolog = file_start.get(..root)?;
        let bom = "\u{feff}".as_bytes();
        let at = if prolog.starts_with(bom) {
            bom.len()
        } else {
            0
        };
        let mut header = prolog[at..].to_vec();
        header.extend_from_slice(tags);
        header.push(b'\n');
        Some((header, root - at, at))
    }

    /// Reads on from where it stopped through `bytes`, which start at offset `from` of the
    /// file and run to its end when `ended`, and adds to `cuts` the places after records. A
    /// token not ended in `bytes` is read again with the bytes after it.
    pub fn read(&mut self, bytes: &[u8], from: usize, ended: bool, cuts: &mut Vec<Cut>) {
        while !self.broken {
            // Bytes that do not go on from where the reading stopped are not read.
            let Some(unread) = self.at.checked_sub(from).and_then(|i| bytes.get(i..)) else {
                return;
            };
            let i = bytes.len() - unread.len();
            let Some(offset) = memchr::memchr(b'<', unread) else {
                self.at = from + bytes.len();
                return;
            };
            let at = i + offset;
            let rest = &bytes[at..];
            let find = |close: &[u8], skip: usize| {
                memchr::memmem::find(&bytes[at + skip..], close).map(|end| at + skip + end)
            };
            let next = if rest.starts_with(b"<!--") {
                find(b"-->", 4).map(|end| end + 3)
            } else if rest.starts_with(b"<![CDATA[") {
                find(b"]]>", 9).map(|end| end + 3)
            } else if rest.starts_with(b"<?") {
                find(b"?>", 2).map(|end| end + 2)
            } else if rest.starts_with(b"<!") {
                declaration_end(bytes, at)
            } else if rest.starts_with(b"</") {
                match memchr::memchr(b'>', &bytes[at + 2..]) {
                    Some(gt) => {
                        let gt = at + 2 + gt;
                        let raw = String::from_utf8_lossy(&bytes[at + 2..gt]);
                        match self.close(&local_name(&raw), bytes, gt + 1, ended) {
                            Some(cut) => {
                                if let Some(cut) = cut {
                                    cuts.push(Cut {
                                        at: from + cut,
                                        records: self.records,
                                    });
                                }
                                Some(gt + 1)
                            }
                            // The rest of the line is not read yet.
                            None => None,
                        }
                    }
                    None => None,
                }
            } else {
                let name_end = rest[1..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
                let name_len = name_end.unwrap_or(rest.len() - 1);
                let raw = String::from_utf8_lossy(&rest[1..1 + name_len]);
                if name_end.is_none() && !ended {
                    // The name may go on past these bytes.
                    None
                } else if !raw.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == ':') {
                    Some(at + 1)
                } else {
                    match tag_end_or_why(bytes, at + 1 + name_len) {
                        Ok(gt) => {
                            if bytes[gt - 1] != b'/' && self.stack.len() < MAX_DEPTH {
                                if self.stack.is_empty() {
                                    self.root_start = Some(from + at);
                                }
                                // Only an ancestor's start tag is kept.
                                let tag = if self.stack.len() < self.depth {
                                    bytes[at..=gt].to_vec()
                                } else {
                                    Vec::new()
                                };
                                self.stack.push((local_name(&raw), tag));
                            }
                            Some(gt + 1)
                        }
                        Err(broken) => {
                            // A `<` before the `>`: the reader would stop here.
                            self.broken |= broken;
                            None
                        }
                    }
                }
            };
            match next {
                Some(next) => self.at = from + next,
                None => {
                    if ended {
                        self.broken = true;
                    }
                    self.at = from + at;
                    return;
                }
            }
        }
    }

    /// Closes the innermost open element named `name` among the innermost few, as the
    /// reader does. `Some(Some(cut))` for a record whose line ends at `cut` in `bytes`,
    /// `Some(None)` for any other end tag, `None` when the rest of its line is not read yet.
    fn close(
        &mut self,
        name: &str,
        bytes: &[u8],
        after: usize,
        ended: bool,
    ) -> Option<Option<usize>> {
        let Some(open) = self
            .stack
            .iter()
            .enumerate()
            .rev()
            .take(8)
            .find(|(_, (n, _))| n == name)
            .map(|(i, _)| i)
        else {
            return Some(None);
        };
        let is_record = open == self.depth && name == self.name;
        if !is_record {
            self.stack.truncate(open);
            return Some(None);
        }
        // The rest of the line: white space only, and its end read.
        let line_end = memchr::memchr(b'\n', &bytes[after..]).map(|i| after + i + 1);
        if line_end.is_none() && !ended {
            return None;
        }
        self.stack.truncate(open);
        match &self.ancestors {
            None => {
                let names = self.stack.iter().map(|(n, _)| n.clone()).collect();
                let tags = self
                    .stack
                    .iter()
                    .flat_map(|(_, tag)| tag.iter().copied())
                    .collect();
                self.ancestors = Some((names, tags));
            }
            // Compared in place: a feed closes a record every few hundred bytes.
            Some((first, _)) if !first.iter().eq(self.stack.iter().map(|(n, _)| n)) => {
                return Some(None);
            }
            Some(_) => {}
        }
        self.records += 1;
        let end = line_end.unwrap_or(bytes.len());
        Some(
            bytes[after..end]
                .iter()
                .all(u8::is_ascii_whitespace)
                .then_some(end),
        )
    }
}

struct Reader<'t> {
    text: &'t str,
    /// Every comment, in the file's order.
    comments: Vec<Range<usize>>,
    /// How many of them come before the root element: they speak for the whole file
    /// (`<!-- hirelint-disable … -->` above the feed).
    prolog: usize,
}

impl Reader<'_> {
    /// A posting is the outermost element with a title and prose, unless its children are
    /// postings themselves (an RSS `<channel>` has a title and a description too).
    fn collect(&self, element: &Element, path: String, out: &mut Vec<Posting>) {
        let child_postings = element.children.iter().any(|c| self.is_posting(c));
        if self.is_posting(element) && !child_postings {
            out.push(self.posting(element, path));
            return;
        }
        for (name, child) in indexed(&element.children) {
            self.collect(child, format!("{path}/{name}"), out);
        }
    }

    fn is_posting(&self, element: &Element) -> bool {
        self.title(element).is_some()
            && (!self.prose(element).is_empty() || !self.sections(element).is_empty())
    }

    /// The title child: the first of the title names that the element has, on one line.
    fn title<'e>(&self, element: &'e Element) -> Option<&'e Element> {
        TITLE_KEYS
            .iter()
            .find_map(|key| self.line_child(element, key))
    }

    /// The child `name` when it is one short line of text.
    fn line_child<'e>(&self, element: &'e Element, name: &str) -> Option<&'e Element> {
        element
            .children
            .iter()
            .find(|c| c.name == name && c.children.is_empty() && is_one_line(&self.decode(c).0))
    }

    /// A section written as an element: its heading child and its text child (Personio's
    /// `<jobDescription><name>Your tasks</name><value>…</value></jobDescription>`).
    fn section_pair<'e>(&self, element: &'e Element) -> Option<(&'e Element, &'e Element)> {
        let heading = HEADING_KEYS
            .iter()
            .find_map(|key| self.line_child(element, key))?;
        let text = SECTION_TEXT_KEYS
            .iter()
            .chain(&["value"])
            .filter_map(|key| element.children.iter().find(|c| c.name == *key))
            .find(|c| {
                !std::ptr::eq(*c, heading) && {
                    let (text, _) = self.decode(c);
                    let prose = text.trim();
                    prose.len() >= 20 && prose.contains([' ', '<'])
                }
            })?;
        Some((heading, text))
    }

    /// The sections below a posting element: the children of an element whose children all
    /// name a section (a heading child each) and include one with text, up to three elements
    /// down (`<jobDescriptions><jobDescription>`); each with the child of the posting it is in.
    fn sections<'e>(&self, element: &'e Element) -> Vec<Section<'e>> {
        let mut out = Vec::new();
        for child in &element.children {
            self.sections_in(child, child, 2, &mut out);
        }
        out
    }

    fn sections_in<'e>(
        &self,
        top: &'e Element,
        element: &'e Element,
        depth: usize,
        out: &mut Vec<Section<'e>>,
    ) {
        let members = &element.children;
        let names_sections = !members.is_empty()
            && members.iter().all(|m| {
                HEADING_KEYS
                    .iter()
                    .any(|key| self.line_child(m, key).is_some())
            });
        let pairs: Vec<_> = members
            .iter()
            .filter_map(|m| self.section_pair(m))
            .collect();
        if names_sections && !pairs.is_empty() {
            out.extend(
                pairs
                    .into_iter()
                    .map(|(heading, text)| Section { top, heading, text }),
            );
        } else if depth > 0 {
            for child in members {
                self.sections_in(top, child, depth - 1, out);
            }
        }
    }

    /// The prose children in order, each with the section its name says; of a text given
    /// twice (`<description>` and `<content:encoded>`, `descriptionHtml` and
    /// `descriptionPlain`) only the fuller one.
    fn prose<'e>(&self, element: &'e Element) -> Vec<(&'e Element, SectionKind)> {
        let texts: Vec<(&Element, SectionKind)> = element
            .children
            .iter()
            .filter_map(|c| {
                let section = TEXT_KEYS
                    .iter()
                    .find(|(k, _)| *k == c.name)
                    .map(|(_, s)| *s)
                    .or((c.name == FULL_TEXT).then_some(SectionKind::Summary))?;
                let has_words = !c.children.is_empty() || self.has_words(c);
                has_words.then_some((c, section))
            })
            .collect();
        let full_text = texts.iter().any(|(c, _)| c.name == FULL_TEXT);
        texts
            .iter()
            .filter(|(c, _)| !(full_text && c.name == "description"))
            .filter(|(c, _)| {
                let (base, rank) = rendering(&c.name);
                !texts.iter().any(|(other, _)| {
                    let (other_base, other_rank) = rendering(&other.name);
                    other_base == base && other_rank < rank
                })
            })
            .copied()
            .collect()
    }

    fn posting(&self, element: &Element, path: String) -> Posting {
        let title_element = self.title(element);
        let title = title_element.map(|t| {
            let mut segment = Segment::new(
                SegmentKind::Title,
                SectionKind::Summary,
                self.builder_from(t, self.words_start(t)),
            );
            let trimmed = segment.text.trim_end().len();
            segment.text.truncate(trimmed);
            segment
        });
        let prose = self.prose(element);
        let sections = self.sections(element);
        // Prose and sections in the file's order, so that the segments are.
        let mut texts: Vec<(&Element, Option<&Element>, SectionKind)> = prose
            .iter()
            .map(|(child, section)| (*child, None, *section))
            .chain(sections.iter().map(|s| {
                let (words, _) = self.decode(s.heading);
                let section = classify_heading(words.trim()).unwrap_or(SectionKind::Summary);
                (s.text, Some(s.heading), section)
            }))
            .collect();
        texts.sort_by_key(|(text, heading, _)| heading.map_or(text.range.start, |h| h.range.start));
        let mut body = Body::default();
        for (child, heading, section) in texts {
            if let Some(heading) = heading {
                let mut segment = Segment::new(
                    SegmentKind::Heading,
                    section,
                    self.builder_from(heading, self.words_start(heading)),
                );
                let trimmed = segment.text.trim_end().len();
                segment.text.truncate(trimmed);
                body.segments.push(segment);
            }
            let (text, map) = if child.children.is_empty() {
                self.decode(child)
            } else {
                // XHTML written as elements: the content as written is HTML.
                let inner = child.inner.clone();
                let mut builder = TextBuilder::new();
                builder.push_verbatim(&self.text[inner.clone()], inner.start);
                builder.finish()
            };
            read_prose(&text, &map, section, &mut body);
        }
        // The file's opening comments, then those inside the element.
        let first = self
            .comments
            .partition_point(|c| c.start < element.range.start);
        let inside = self.comments[first..]
            .iter()
            .take_while(|c| c.end <= element.range.end);
        // The feed's are every job's: what they come to is said once for the file.
        for comment in &self.comments[..self.prolog] {
            let from = body.directives.len();
            scan_comments(self.text, comment.clone(), &mut body.directives);
            for directive in &mut body.directives[from..] {
                directive.shared = true;
            }
        }
        for comment in inside {
            scan_comments(self.text, comment.clone(), &mut body.directives);
        }
        let mut front_matter = FrontMatter::default();
        // The title, the prose and the children holding sections are not fields.
        let skip: Vec<*const Element> = title_element
            .into_iter()
            .chain(prose.iter().map(|(c, _)| *c))
            .chain(sections.iter().map(|s| s.top))
            .map(|c| c as *const Element)
            .collect();
        for child in &element.children {
            if !skip.contains(&(child as *const Element)) {
                self.fields(child, "", &mut front_matter.fields);
            }
        }
        Posting {
            path: Some(path),
            front_matter,
            title,
            body,
            structured: None,
        }
    }

    /// A child's short text as a field, nested children flattened with `_`.
    fn fields(&self, element: &Element, prefix: &str, out: &mut Vec<FrontMatterField>) {
        let key = if prefix.is_empty() {
            element.name.clone()
        } else {
            format!("{prefix}_{}", element.name)
        };
        if !element.children.is_empty() {
            for child in &element.children {
                self.fields(child, &key, out);
            }
            return;
        }
        let (text, map) = self.decode(element);
        out.extend(field(key, &text, &map));
    }

    /// Whether an element's own text is more than white space (read without decoding it).
    fn has_words(&self, element: &Element) -> bool {
        element.pieces.iter().any(|piece| {
            let (Piece::Text(range) | Piece::Cdata(range)) = piece;
            !self.text[range.clone()].trim().is_empty()
        })
    }

    /// An element's own text, entities decoded and CDATA as written, with its map.
    fn decode(&self, element: &Element) -> (String, SpanMap) {
        self.builder(element).finish()
    }

    fn builder(&self, element: &Element) -> TextBuilder {
        self.builder_from(element, 0)
    }

    /// Where an element's words start in the file: its own text past any leading white space
    /// (`<title><![CDATA[ Baker ]]></title>`).
    fn words_start(&self, element: &Element) -> usize {
        element
            .pieces
            .iter()
            .find_map(|piece| {
                let (Piece::Text(range) | Piece::Cdata(range)) = piece;
                let text = &self.text[range.clone()];
                let words = text.trim_start();
                (!words.is_empty()).then(|| range.end - words.len())
            })
            .unwrap_or(0)
    }

    /// An element's own text from the file's byte `from` on.
    fn builder_from(&self, element: &Element, from: usize) -> TextBuilder {
        let mut builder = TextBuilder::new();
        for piece in &element.pieces {
            let (Piece::Text(range) | Piece::Cdata(range)) = piece;
            if range.end <= from {
                continue;
            }
            let range = range.start.max(from)..range.end;
            match piece {
                Piece::Cdata(_) => {
                    builder.push_verbatim(&self.text[range.clone()], range.start);
                }
                Piece::Text(_) => {
                    push_unescaped(&mut builder, &self.text[range.clone()], range.start);
                }
            }
        }
        builder
    }
}

/// Whether the file's first markup is an XML declaration or a feed's root (for text without
/// a file name).
pub fn looks_like_xml(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<?xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The places `RecordEnds` cuts `text` at, fed in pieces of `piece` bytes as a file is read
    /// (each piece with the bytes not read through yet before it).
    fn cuts_in_pieces(text: &str, depth: usize, name: &str, piece: usize) -> Vec<Cut> {
        let mut ends = RecordEnds::new(depth, name.to_string());
        let mut cuts = Vec::new();
        let bytes = text.as_bytes();
        let mut read = 0;
        while read < bytes.len() {
            read = (read + piece).min(bytes.len());
            let from = ends.at();
            ends.read(&bytes[from..read], from, read == bytes.len(), &mut cuts);
        }
        cuts
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Fed in pieces of any size, a feed is cut where it is cut read at once.
        #[test]
        fn a_feed_is_cut_in_the_same_places_whatever_the_pieces_it_is_read_in(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "<job>", "</job>", "\n", "\r\n", "<title>T</title>", "<![CDATA[</job>\n]]>",
                    "<!-- </job> -->", "<?pi </job>?>", "<a href=\"x>y\"/>", "text", "<", "é",
                    "<!DOCTYPE x [<!ENTITY a \"b\">]>", "</feed>", " ",
                ][..]),
                0..60,
            ),
            piece in 1usize..12,
        ) {
            let text = format!("<feed>\n{}", parts.concat());
            let whole = cuts_in_pieces(&text, 1, "job", text.len().max(1));
            proptest::prop_assert_eq!(cuts_in_pieces(&text, 1, "job", piece), whole, "{:?}", text);
        }
    }

    #[test]
    fn a_feed_is_cut_after_its_records_at_the_start_of_a_line() {
        let text = "<?xml version=\"1.0\"?>\n<!-- top -->\n<source>\n<publisher>Acme</publisher>\n\
                    <job><title>A</title></job>\n<job><title>B</title></job><job>\n\
                    <title>C</title></job>  \r\n</source>\n";
        let cuts = cuts_in_pieces(text, 1, "job", text.len());
        let after = |s: &str| text.find(s).unwrap() + s.len();
        // Not after B's: C's start tag is on its line.
        assert_eq!(
            cuts,
            [
                Cut {
                    at: after("<title>A</title></job>\n"),
                    records: 1
                },
                Cut {
                    at: after("<title>C</title></job>  \r\n"),
                    records: 3
                },
            ]
        );
        let mut ends = RecordEnds::new(1, "job".to_string());
        ends.read(text.as_bytes(), 0, true, &mut Vec::new());
        let prolog = "<?xml version=\"1.0\"?>\n<!-- top -->\n";
        assert_eq!(
            ends.header(text.as_bytes()),
            Some((format!("{prolog}<source>\n").into_bytes(), prolog.len(), 0))
        );
    }

    #[test]
    fn a_feed_s_record_is_its_outermost_posting_element() {
        let job = "<job><title>Cook</title><description>Cook breakfast for the guests of the inn.</description></job>";
        assert_eq!(
            record_of(&format!(
                "<source><publisher>Acme</publisher>{job}{job}</source>"
            )),
            Some((1, "job".to_string()))
        );
        // An RSS channel has a title and a description, and its items are the postings; a
        // feed cut short is read as far as it goes.
        let rss = "<rss><channel><title>Acme</title><description>All our open roles, daily.</description>\
                   <item><title>Cook</title><description>Cook breakfast for the guests.</description></item>\
                   <item><title>Chef</title><description><![CDATA[<p>Run the kit";
        assert_eq!(record_of(rss), Some((2, "item".to_string())));
        assert_eq!(record_of("<project><version>1</version></project>"), None);
    }

    fn all(text: &str) -> Vec<Posting> {
        postings(text).unwrap()
    }

    fn texts(posting: &Posting) -> Vec<&str> {
        posting
            .body
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect()
    }

    /// The source bytes of the first `word` in `posting`'s body.
    fn source_of<'f>(file: &'f str, posting: &Posting, word: &str) -> &'f str {
        let segment = posting
            .body
            .segments
            .iter()
            .find(|s| s.text.contains(word))
            .unwrap();
        let at = segment.text.find(word).unwrap();
        &file[segment.map.to_source(at..at + word.len())]
    }

    #[test]
    fn a_job_board_feed_has_a_posting_per_job_with_its_fields() {
        let file = r#"<?xml version="1.0" encoding="utf-8"?>
<source>
  <publisher>Hollow Oak Careers</publisher>
  <job>
    <title><![CDATA[ Senior Data Engineer ]]></title>
    <city><![CDATA[Tulsa]]></city>
    <salary><min>95000</min><max>120000</max><currency>USD</currency><period>year</period></salary>
    <description><![CDATA[<p>Keep our grain-price pipelines fast.</p><ul><li>We want a rockstar</li></ul>]]></description>
  </job>
  <job>
    <title>Line Cook &amp; Prep</title>
    <description>Plain text, with &quot;quotes&quot; &amp; an ampersand.</description>
  </job>
</source>"#;
        let found = all(file);
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_deref().unwrap()).collect();
        assert_eq!(paths, ["source/job[1]", "source/job[2]"]);
        let title = found[0].title.as_ref().unwrap();
        assert_eq!(title.text, "Senior Data Engineer");
        assert_eq!(
            &file[title.map.to_source(0..title.text.len())],
            "Senior Data Engineer"
        );
        assert_eq!(
            texts(&found[0]),
            ["Keep our grain-price pipelines fast.", "We want a rockstar"]
        );
        assert_eq!(source_of(file, &found[0], "rockstar"), "rockstar");
        let fields: Vec<(&str, &str)> = found[0]
            .front_matter
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("city", "Tulsa"),
                ("salary_min", "95000"),
                ("salary_max", "120000"),
                ("salary_currency", "USD"),
                ("salary_period", "year"),
            ]
        );
        let min = &found[0].front_matter.fields[1];
        assert_eq!(&file[min.value_range.clone()], "95000");
        // Entities decoded once, and each decoded character maps to its entity.
        assert_eq!(found[1].title.as_ref().unwrap().text, "Line Cook & Prep");
        assert_eq!(
            texts(&found[1]),
            ["Plain text, with \"quotes\" & an ampersand."]
        );
        assert_eq!(
            source_of(file, &found[1], "\"quotes\""),
            "&quot;quotes&quot;"
        );
    }

    #[test]
    fn rss_items_are_the_postings_not_their_channel() {
        let file = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Fernhill jobs</title><description>Every open role at Fernhill</description>
<item><title>QA Analyst</title><description>A summary only.</description>
<content:encoded><![CDATA[<h3>Requirements</h3><ul><li>Two years of test automation</li></ul>]]></content:encoded></item>
<item><title>Support Lead</title><description>&lt;p&gt;Lead a team of &lt;b&gt;ninjas&lt;/b&gt; &amp;amp; more.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let found = all(file);
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_deref().unwrap()).collect();
        assert_eq!(paths, ["rss/channel/item[1]", "rss/channel/item[2]"]);
        // The full text, not the summary beside it.
        assert_eq!(
            texts(&found[0]),
            ["Requirements", "Two years of test automation"]
        );
        assert_eq!(found[0].body.segments[1].section, SectionKind::Requirements);
        // HTML escaped as entities is read as HTML, mapped through both layers.
        assert_eq!(texts(&found[1]), ["Lead a team of ninjas & more."]);
        assert_eq!(source_of(file, &found[1], "ninjas"), "ninjas");
        assert_eq!(source_of(file, &found[1], "&"), "&amp;amp;");
    }

    #[test]
    fn sections_written_as_elements_are_headed_sections_of_their_posting() {
        // A Personio feed: the job's texts are named sections, not postings of their own.
        let file = "<workzag-jobs><position><id>88</id><name>Werkstudent Data (m/w/d)</name>\
                    <createdAt>2026-10-02T08:00:00+00:00</createdAt><jobDescriptions>\
                    <jobDescription><name>Deine Aufgaben</name>\
                    <value><![CDATA[<ul><li>Build our weekly sales dashboards</li></ul>]]></value>\
                    </jobDescription><jobDescription><name>Requirements</name>\
                    <value><![CDATA[<ul><li>Studies in statistics or a related field</li></ul>]]></value>\
                    </jobDescription></jobDescriptions></position></workzag-jobs>";
        let found = all(file);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.as_deref(), Some("workzag_jobs/position"));
        assert_eq!(
            found[0].title.as_ref().unwrap().text,
            "Werkstudent Data (m/w/d)"
        );
        let outline: Vec<(SegmentKind, SectionKind, &str)> = found[0]
            .body
            .segments
            .iter()
            .map(|s| (s.kind, s.section, s.text.as_str()))
            .collect();
        assert_eq!(outline[0].2, "Deine Aufgaben");
        assert_eq!(outline[1].2, "Build our weekly sales dashboards");
        assert_eq!(
            outline[2],
            (
                SegmentKind::Heading,
                SectionKind::Requirements,
                "Requirements"
            )
        );
        assert_eq!(
            outline[3],
            (
                SegmentKind::Body,
                SectionKind::Requirements,
                "Studies in statistics or a related field"
            )
        );
        assert_eq!(source_of(file, &found[0], "weekly"), "weekly");
        let keys: Vec<&str> = found[0]
            .front_matter
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(keys, ["id", "createdat"]);
    }

    #[test]
    fn xhtml_written_as_elements_is_read_as_html() {
        let file = "<jobs><job><title>Welder</title><description><p>Join our <b>night</b> shift.</p>\
                    <ul><li>Certified in MIG</li></ul></description></job></jobs>";
        let found = all(file);
        assert_eq!(
            texts(&found[0]),
            ["Join our night shift.", "Certified in MIG"]
        );
        assert_eq!(source_of(file, &found[0], "MIG"), "MIG");
    }

    #[test]
    fn a_hand_rolled_feed_is_read_as_far_as_it_goes() {
        // A DOCTYPE with a subset, a processing instruction, a stray end tag, a lone `<` in
        // text, and a job the file never closes.
        let file = "<!DOCTYPE feed [<!ENTITY co \"Acme\">]>\n<?app mode=\"x\"?>\n<feed></item>\
                    <job><title>Baker</title><description>Pay is < $20 an hour for now.\
                    </description></job><job><title>Driver</title><description>Nights, \
                    some weekends.";
        let found = all(file);
        let titles: Vec<&str> = found
            .iter()
            .map(|p| p.title.as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(titles, ["Baker", "Driver"]);
        assert_eq!(texts(&found[0]), ["Pay is < $20 an hour for now."]);
        assert_eq!(texts(&found[1]), ["Nights, some weekends."]);
    }

    #[test]
    fn what_never_ends_is_an_error_with_its_place() {
        for (file, message, start) in [
            (
                "<job><title>A</title><description><![CDATA[open",
                "a CDATA section",
                34,
            ),
            ("<job><!-- never closed <title>A</title>", "a comment", 5),
            ("<job><title>A</title><description x=\"1\"", "a tag", 21),
            ("just text, no markup", "no element", 0),
        ] {
            let error = postings(file).unwrap_err();
            assert!(error.message.starts_with("invalid XML: "), "{error:?}");
            assert!(error.message.contains(message), "{error:?}");
            assert_eq!(error.range.start, start, "{file}");
        }
    }

    #[test]
    fn a_file_without_postings_is_empty_and_deep_nesting_is_cut_short() {
        let manifest = "<project><modelVersion>4.0.0</modelVersion><name>app</name></project>";
        assert!(all(manifest).is_empty());
        let deep = format!(
            "{}<job><title>Deep</title><description>Too far down.</description></job>",
            "<a>".repeat(100_000)
        );
        // Past the depth limit elements are text of the innermost kept one: no posting, and
        // no stack a hundred thousand deep.
        assert!(all(&deep).is_empty());
    }

    #[test]
    fn comments_in_a_job_and_above_the_feed_are_its_directives() {
        let file = "<!-- hirelint-disable gendered-term -->\n<jobs>\n<job><title>A</title>\
                    <!-- hirelint-disable-next-line hyperbolic-job-title -->\n\
                    <description>We want a rockstar.</description></job>\n\
                    <job><title>B</title><description>Plain.</description></job>\n</jobs>";
        let found = all(file);
        let counts: Vec<usize> = found.iter().map(|p| p.body.directives.len()).collect();
        assert_eq!(counts, [2, 1]);
    }
}
