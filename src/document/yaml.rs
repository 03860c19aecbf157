//! YAML data files, `.yml` and `.yaml`: the postings a site generator renders from data
//! (Jekyll's `_data/jobs.yml`, Hugo's `data/`, a headless CMS's collection), one posting per
//! file or a list of them. A mapping with a title (`title`, `job_title`, `position`) and
//! prose (a `description` block, `responsibilities` and `requirements` lists, any block
//! scalar or list of sentences) that reads like a job is a posting; its other short scalars
//! are its fields (a nested `salary: {min, max, currency}` is `salary_min` …), as a JSON
//! export's are. Files that are not postings (CI workflows, a site's `_config.yml`, which has
//! a `title` and a one-line `description`) are passed over.
//!
//! The reader takes the YAML such files are written in, block style: mappings, sequences
//! (`- ` items, `- key: value` maps), plain, single- and double-quoted scalars (escapes
//! decoded), literal `|` and folded `>` block scalars, comments (a `# hirelint-…` comment
//! line is a suppression directive, see `with_directives`) and `---` documents. Flow
//! collections (`[a, b]`, `{a: b}`) are read as text, and anchors, aliases and tags are not
//! resolved. Every decoded byte maps to the file.

use super::directives::{Directive, parse_hash_comment};
use super::export::{
    Plain, Posting, TEXT_KEYS, TITLE_KEYS, field, is_one_line, normalise_key, read_prose_as,
    section_of_key,
};
use super::frontmatter::{FrontMatter, FrontMatterField};
use super::span::SpanMap;
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder};

/// A node of the document, each scalar decoded with its map to the file.
#[derive(Debug)]
enum Node {
    Scalar(Scalar),
    /// Keys as written, with the node of each, and where the mapping is.
    Map(Vec<(String, Node)>, Extent),
    Seq(Vec<Node>),
}

/// Where a mapping is in the file: from its first key to the end of its last line.
type Extent = std::ops::Range<usize>;

#[derive(Debug)]
struct Scalar {
    text: String,
    map: SpanMap,
    /// A block scalar (`|`, `>`): prose, whatever its length.
    block: bool,
}

impl Scalar {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One line of the file: where its content starts (past the indentation) and ends (before
/// the line break and any trailing spaces), its indentation, and whether it is a comment
/// (text in a block scalar, nothing elsewhere).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    comment: bool,
}

/// Every posting of a YAML data file.
pub fn postings(text: &str) -> Vec<Posting> {
    let documents = documents(text);
    let many = documents.len() > 1;
    let mut out = Vec::new();
    for (i, lines) in documents.into_iter().enumerate() {
        let mut reader = Reader::new(text, lines);
        let path = if many {
            format!("document {}", i + 1)
        } else {
            String::new()
        };
        // Each top-level node (a line indented where no node expects one starts another).
        let mut found = Vec::new();
        while let Some(node) = reader.node(0) {
            collect(&node, path.clone(), &mut found);
        }
        out.extend(with_directives(&reader, found));
    }
    out
}

/// The postings of a document with their suppression directives (`# hirelint-disable-next-line
/// rule`, `# hirelint: disable rule`, on lines of their own): the comments inside a posting and
/// those right above it are its own; those above the document's first line are every
/// posting's, and what they come to is said once for the file (`Directive::shared`).
fn with_directives(reader: &Reader<'_>, found: Vec<(Posting, Extent)>) -> Vec<Posting> {
    let directives = reader.directives();
    if directives.is_empty() {
        return found.into_iter().map(|(posting, _)| posting).collect();
    }
    let lines = &reader.lines;
    let first_content = (0..lines.len())
        .find(|&i| !reader.is_comment(i))
        .unwrap_or(lines.len());
    let (header, own) =
        directives.split_at(directives.partition_point(|(i, _)| *i < first_content));
    found
        .into_iter()
        .map(|(mut posting, extent)| {
            let first = lines.partition_point(|l| l.end < extent.start);
            let above = (0..first)
                .rev()
                .find(|&i| !reader.is_comment(i))
                .map_or(0, |i| i + 1);
            let last = lines.partition_point(|l| l.start < extent.end);
            let shared = header.iter().map(|(_, d)| Directive {
                shared: true,
                ..d.clone()
            });
            let inside = own
                .iter()
                .filter(|(i, _)| (above..last).contains(i))
                .map(|(_, d)| d.clone());
            posting.body.directives.extend(shared.chain(inside));
            posting
        })
        .collect()
}

/// How deep nodes nest before the rest of a line is read as text: a line of a million `- `
/// must not take a million frames of the stack.
const MAX_DEPTH: usize = 64;

/// The lines of each `---` document, blank lines left out (a block scalar's blank lines are
/// told by the gap between the lines kept).
fn documents(text: &str) -> Vec<Vec<Line>> {
    let mut documents = vec![Vec::new()];
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while start < text.len() {
        let next =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        let raw = text[start..next].trim_end();
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        if indent == 0 && (raw == "---" || raw.starts_with("--- ") || raw == "...") {
            if documents.last().is_some_and(|d| !d.is_empty()) {
                documents.push(Vec::new());
            }
        } else if !content.is_empty() {
            documents.last_mut().expect("one document").push(Line {
                start: start + indent,
                end: start + raw.len(),
                indent,
                comment: content.starts_with('#'),
            });
        }
        start = next;
    }
    documents.retain(|d| !d.is_empty());
    documents
}

/// How a line was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineUse {
    /// A node's first line (a key, a list item, a scalar's first line), or a comment.
    Node,
    /// A line of a block scalar (`|`, `>`).
    Block,
    /// A later line of a plain or quoted scalar.
    Continued,
}

/// How a suppression comment goes above a line of a YAML data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentPlace {
    /// `# hirelint-disable-next-line …`: above a key or a list item.
    Hash,
    /// `<!-- hirelint-disable-next-line … -->`: inside a block scalar, which is read as
    /// Markdown or HTML and where a `#` line is text.
    Html,
    /// Nowhere: a comment inside a scalar running over lines would end it, or be its text.
    None,
}

/// How a suppression comment goes above the line starting at `line_start` of `text` (the
/// language server's "disable for this line").
pub fn comment_place(text: &str, line_start: usize) -> CommentPlace {
    for lines in documents(text) {
        let mut reader = Reader::new(text, lines);
        while reader.node(0).is_some() {}
        // A line's start is past its indentation (and a list item's dash).
        if let Some(i) = (0..reader.lines.len()).find(|&i| {
            let line = reader.lines[i];
            line.start - line.indent == line_start
        }) {
            return match reader.uses[i] {
                LineUse::Node => CommentPlace::Hash,
                LineUse::Block => CommentPlace::Html,
                LineUse::Continued => CommentPlace::None,
            };
        }
    }
    CommentPlace::None
}

struct Reader<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// How each line was read: a `#` in a scalar's text is not a comment.
    uses: Vec<LineUse>,
    /// The next line to read.
    at: usize,
    /// Nodes open around the one being read.
    depth: usize,
}

impl Reader<'_> {
    fn new(text: &str, lines: Vec<Line>) -> Reader<'_> {
        Reader {
            text,
            uses: vec![LineUse::Node; lines.len()],
            lines,
            at: 0,
            depth: 0,
        }
    }

    /// Whether line `i` is a comment, not text.
    fn is_comment(&self, i: usize) -> bool {
        self.lines[i].comment && self.uses[i] == LineUse::Node
    }

    /// The suppression directives of the document's comments, each with the line it is on
    /// (see `with_directives`).
    fn directives(&self) -> Vec<(usize, Directive)> {
        (0..self.lines.len())
            .filter(|&i| self.is_comment(i))
            .filter_map(|i| {
                let line = self.lines[i];
                parse_hash_comment(&self.text[line.start..line.end], line.start).map(|d| (i, d))
            })
            .collect()
    }

    /// The next line that is not a comment, passing the comments by.
    fn peek(&mut self) -> Option<Line> {
        while self.lines.get(self.at)?.comment {
            self.at += 1;
        }
        self.lines.get(self.at).copied()
    }

    /// The node whose first line is the next one, if it is indented at least `min`.
    fn node(&mut self, min: usize) -> Option<Node> {
        let line = self.peek()?;
        if line.indent < min {
            return None;
        }
        let content = &self.text[line.start..line.end];
        let node = if self.depth >= MAX_DEPTH {
            None
        } else if content == "-" || content.starts_with("- ") {
            self.depth += 1;
            Some(self.seq(line.indent))
        } else if key_of(content).is_some() {
            self.depth += 1;
            Some(self.map(line.indent))
        } else {
            None
        };
        if node.is_some() {
            self.depth -= 1;
            return node;
        }
        // Text, which runs on over the lines indented past the node's parent.
        self.at += 1;
        Some(Node::Scalar(self.scalar(line.start, line.end, min.max(1))))
    }

    /// The items of a sequence whose dashes are at column `indent`.
    fn seq(&mut self, indent: usize) -> Node {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            let content = &self.text[line.start..line.end];
            if line.indent != indent || !(content == "-" || content.starts_with("- ")) {
                break;
            }
            let rest = content[1..].trim_start();
            if rest.is_empty() {
                self.at += 1;
                items.push(self.node(indent + 1).unwrap_or(Node::Map(Vec::new(), 0..0)));
                continue;
            }
            // The item's content starts on the dash's line: read as if that line began there
            // (`- title: …` is a map whose keys are at the column of `title`).
            let start = line.end - rest.len();
            let column = indent + (start - line.start);
            self.lines[self.at] = Line {
                start,
                indent: column,
                ..line
            };
            items.push(self.node(column).unwrap_or(Node::Map(Vec::new(), 0..0)));
        }
        Node::Seq(items)
    }

    /// The entries of a mapping whose keys are at column `indent`.
    fn map(&mut self, indent: usize) -> Node {
        let mut entries = Vec::new();
        let start = self.peek().map_or(0, |line| line.start);
        while let Some(line) = self.peek() {
            if line.indent != indent {
                break;
            }
            let content = &self.text[line.start..line.end];
            let Some(key) = key_of(content) else {
                break;
            };
            self.at += 1;
            let value = content[key.len() + 1..].trim_start();
            let value_start = line.end - value.len();
            let node = if value.is_empty() || value.starts_with('#') {
                // A nested block: more indented, or a sequence at the key's own column.
                let next = self.peek();
                let nested = next.is_some_and(|next| {
                    next.indent > indent
                        || next.indent == indent && self.text[next.start..next.end].starts_with('-')
                });
                if let (true, Some(next)) = (nested, next) {
                    self.node(next.indent.max(indent))
                        .unwrap_or(Node::Map(Vec::new(), 0..0))
                } else {
                    Node::Scalar(self.scalar(value_start, value_start, indent + 1))
                }
            } else if is_block_indicator(value) {
                Node::Scalar(self.block(indent, value.starts_with('>')))
            } else {
                Node::Scalar(self.scalar(value_start, line.end, indent + 1))
            };
            entries.push((unquote_key(key), node));
        }
        let end = (0..self.at)
            .rev()
            .find(|&i| !self.is_comment(i))
            .map_or(start, |i| self.lines[i].end);
        Node::Map(entries, start..end)
    }

    /// A flow scalar that starts at `start` (its first line ends at `end`), plain or quoted,
    /// running on over the next lines indented at least `min_next` (a quoted one up to its
    /// closing quote); its lines are folded into one.
    fn scalar(&mut self, start: usize, end: usize, min_next: usize) -> Scalar {
        let quote = self.text[start..end]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''));
        // The lines it runs on: a plain scalar's continuation lines, or a quoted scalar's lines
        // up to its closing quote.
        let mut last = end;
        let first_line_closes =
            quote.is_some_and(|q| closing_quote(self.text, start + 1, end, q).is_some());
        if !first_line_closes {
            while let Some(&next) = self.lines.get(self.at) {
                if quote.is_none() && next.indent < min_next {
                    break;
                }
                let content = &self.text[next.start..next.end];
                if quote.is_none()
                    && (next.comment || key_of(content).is_some() || content.starts_with("- "))
                {
                    break;
                }
                self.uses[self.at] = LineUse::Continued;
                self.at += 1;
                last = next.end;
                if quote
                    .is_some_and(|q| closing_quote(self.text, next.start, next.end, q).is_some())
                {
                    break;
                }
            }
        }
        let mut builder = TextBuilder::new();
        match quote {
            Some(q) => self.push_quoted(&mut builder, start + 1, last, q),
            None => self.push_folded(&mut builder, start, last, true),
        }
        let (text, map) = builder.finish();
        Scalar {
            text,
            map,
            block: false,
        }
    }

    /// A block scalar after its key's line: the lines indented more than `indent`, each from
    /// the first line's indentation, joined by line breaks (`|`) or folded (`>`).
    fn block(&mut self, indent: usize, folded: bool) -> Scalar {
        let first = self.at;
        let Some(block_indent) = self
            .lines
            .get(first)
            .map(|l| l.indent)
            .filter(|&i| i > indent)
        else {
            return Scalar {
                text: String::new(),
                map: SpanMap::default(),
                block: true,
            };
        };
        while self
            .lines
            .get(self.at)
            .is_some_and(|l| l.indent >= block_indent)
        {
            self.uses[self.at] = LineUse::Block;
            self.at += 1;
        }
        let mut builder = TextBuilder::new();
        let lines = &self.lines[first..self.at];
        for (i, line) in lines.iter().enumerate() {
            // A line's own indentation past the block's is its text (`|` keeps it).
            let from = line.start - (line.indent - block_indent);
            builder.push_verbatim(&self.text[from..line.end], from);
            if let Some(next) = lines.get(i + 1) {
                // The line break, and the blank lines between. A literal block keeps each; a
                // folded one reads a single break as a space (between lines of its own
                // indentation) and a run of them as one break fewer.
                let gap = line.end..next.start - (next.indent - block_indent);
                let breaks = self.text[line.end..next.start].matches('\n').count().max(1);
                let join = match (folded, breaks) {
                    (true, 1) if line.indent == block_indent => " ".to_string(),
                    (true, _) => "\n".repeat((breaks - 1).max(1)),
                    (false, _) => "\n".repeat(breaks),
                };
                builder.push_decoded(&join, gap);
            }
        }
        let (text, map) = builder.finish();
        Scalar {
            text,
            map,
            block: true,
        }
    }

    /// A plain scalar's text from `start` to `end`, its lines folded into one and a comment
    /// after ` #` left out.
    fn push_folded(&self, builder: &mut TextBuilder, start: usize, end: usize, plain: bool) {
        let mut line_start = start;
        for line in self.text[start..end].split_inclusive('\n') {
            let line_end = line_start + line.len();
            let mut text = line.trim();
            let lead = line.len() - line.trim_start().len();
            if plain && let Some(comment) = text.find(" #") {
                text = text[..comment].trim_end();
            }
            if !text.is_empty() {
                if !builder.text().is_empty() {
                    builder.push_decoded(" ", line_start..line_start + lead);
                }
                builder.push_verbatim(text, line_start + lead);
            }
            line_start = line_end;
        }
    }

    /// A quoted scalar's text between `start` (past the opening quote) and its closing quote
    /// (at most `end`): `''` is a quote in single quotes, and double quotes take backslash
    /// escapes; line breaks fold into spaces.
    fn push_quoted(&self, builder: &mut TextBuilder, start: usize, end: usize, quote: char) {
        let close = closing_quote(self.text, start, end, quote).unwrap_or(end);
        let bytes = self.text.as_bytes();
        let mut plain = start;
        let mut i = start;
        while i < close {
            let b = bytes[i];
            let (decoded, len): (String, usize) = if quote == '\'' && b == b'\'' {
                ("'".to_string(), 2)
            } else if quote == '"' && b == b'\\' {
                unescape(&self.text[i..close])
            } else if b == b'\n' || b == b'\r' {
                // A line break and the next line's indentation: one space.
                let rest = &self.text[i..close];
                let run = rest.len() - rest.trim_start().len();
                (" ".to_string(), run.max(1))
            } else {
                i += 1;
                continue;
            };
            builder.push_verbatim(&self.text[plain..i], plain);
            builder.push_decoded(&decoded, i..(i + len).min(close));
            i += len;
            plain = i.min(close);
        }
        builder.push_verbatim(&self.text[plain..close], plain);
    }
}

/// The closing quote of a scalar quoted with `quote` whose text starts at `from`, before
/// `end`: a `'` not doubled, a `"` not escaped.
fn closing_quote(text: &str, from: usize, end: usize, quote: char) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < end {
        match bytes[i] {
            b'\\' if quote == '"' => i += 2,
            b'\'' if quote == '\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote as u8 => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// One backslash escape of a double-quoted scalar at the start of `raw`: the text it stands
/// for and its length.
fn unescape(raw: &str) -> (String, usize) {
    let mut chars = raw.chars();
    chars.next();
    let Some(c) = chars.next() else {
        return ("\\".to_string(), 1);
    };
    let hex = |len: usize| {
        raw.get(2..2 + len)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
            .map(|c| (c.to_string(), 2 + len))
    };
    let simple = match c {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '0' => "\0",
        ' ' => " ",
        '/' => "/",
        '"' => "\"",
        '\\' => "\\",
        'N' => "\u{85}",
        '_' => "\u{a0}",
        'x' => return hex(2).unwrap_or(("x".to_string(), 2)),
        'u' => return hex(4).unwrap_or(("u".to_string(), 2)),
        'U' => return hex(8).unwrap_or(("U".to_string(), 2)),
        // An escaped line break joins the lines.
        '\n' => return (String::new(), 2),
        other => return (other.to_string(), 1 + other.len_utf8()),
    };
    (simple.to_string(), 2)
}

/// The key of a `key: value` line: text before `: ` (or a final `:`) without flow or quote
/// characters, or a quoted key.
fn key_of(content: &str) -> Option<&str> {
    if content.starts_with(['"', '\'']) {
        let quote = content.as_bytes()[0] as char;
        let close = content[1..].find(quote)? + 1;
        let after = &content[close + 1..];
        return (after == ":" || after.starts_with(": ")).then_some(&content[..=close]);
    }
    let colon = content
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| content[i + 1..].is_empty() || content[i + 1..].starts_with([' ', '\t']))?;
    let key = &content[..colon];
    let ok = !key.is_empty()
        && !key.starts_with(['-', '[', '{', '#', '&', '*', '!', '|', '>', '%', '@', '`'])
        && !key.contains(" #");
    ok.then_some(key)
}

fn unquote_key(key: &str) -> String {
    key.trim_matches(['"', '\'']).trim().to_string()
}

/// Whether a value is a block scalar's indicator (`|`, `>-`, `|2+`), perhaps with a comment.
fn is_block_indicator(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or("").trim_end();
    value.starts_with(['|', '>'])
        && value[1..]
            .bytes()
            .all(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
}

/// Keys that say a mapping is a job, not a site's or a tool's settings (a key that starts
/// with one and `_` counts too: `salary_min`, `job_id`).
const JOB_KEYS: &[&str] = &[
    "job",
    "location",
    "salary",
    "pay",
    "compensation",
    "employment",
    "employment_type",
    "department",
    "responsibilities",
    "requirements",
    "qualifications",
    "skills",
    "benefits",
    "apply",
    "seniority",
    "hiring_manager",
];

/// Without such a key, prose of at least this many words with one of `JOB_WORDS` says so (a
/// tool's one-line description that names a "role" does not).
const JOB_PROSE_WORDS: usize = 30;

/// Words of a job's prose.
const JOB_WORDS: &[&str] = &[
    "experience",
    "you will",
    "you'll",
    "responsibilit",
    "requirement",
    "qualification",
    "apply",
    "role",
    "candidate",
    "hiring",
];

/// The postings under `node`, at `path` in the file.
fn collect(node: &Node, path: String, out: &mut Vec<(Posting, Extent)>) {
    match node {
        Node::Map(entries, extent) => {
            if let Some(job) = Job::of(entries).filter(|job| job.says_so) {
                out.push((job.posting(entries, &path), extent.clone()));
                return;
            }
            for (key, child) in entries {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect(child, inner, out);
            }
        }
        Node::Seq(items) => {
            // A list of jobs: once one item reads as a job, its siblings with a title and
            // prose are jobs too, though their words say less ("Read the data and tell the
            // team what it says").
            let read: Vec<Option<Job<'_>>> = items
                .iter()
                .map(|item| match item {
                    Node::Map(entries, _) => Job::of(entries),
                    _ => None,
                })
                .collect();
            let jobs = read.iter().flatten().any(|job| job.says_so);
            for ((i, item), job) in items.iter().enumerate().zip(read) {
                let path = format!("{path}[{i}]");
                match (item, job) {
                    (Node::Map(entries, extent), Some(job)) if jobs => {
                        out.push((job.posting(entries, &path), extent.clone()))
                    }
                    (Node::Map(..), _) if jobs => {}
                    _ => collect(item, path, out),
                }
            }
        }
        Node::Scalar(_) => {}
    }
}

/// The prose of a value: a block scalar, a scalar under a prose key, or a list of sentences.
fn prose_of<'n>(key: &str, node: &'n Node) -> Vec<&'n Scalar> {
    let is_text_key = TEXT_KEYS.iter().any(|(k, _)| *k == key);
    match node {
        Node::Scalar(s) if !s.is_blank() && (s.block || is_text_key) => vec![s],
        Node::Seq(items) => {
            let scalars: Vec<&Scalar> = items
                .iter()
                .filter_map(|item| match item {
                    Node::Scalar(s) if !s.is_blank() => Some(s),
                    _ => None,
                })
                .collect();
            let sentences = scalars.iter().any(|s| s.text.trim().contains(' '));
            if (is_text_key || sentences) && scalars.len() == items.len() {
                scalars
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// What makes a mapping a job: its normalised keys, a title on one line, and prose; and
/// whether a key or its words say it is a job (without, only a sibling's saying so makes it
/// one).
struct Job<'n> {
    keys: Vec<String>,
    title_at: usize,
    title: &'n Scalar,
    /// The prose values, by entry.
    prose: Vec<(usize, Vec<&'n Scalar>)>,
    says_so: bool,
}

impl<'n> Job<'n> {
    fn of(entries: &'n [(String, Node)]) -> Option<Job<'n>> {
        let keys: Vec<String> = entries.iter().map(|(k, _)| normalise_key(k)).collect();
        let (title_at, title) = TITLE_KEYS.iter().find_map(|title| {
            let i = keys.iter().position(|k| k == title)?;
            match &entries[i].1 {
                Node::Scalar(s) if is_one_line(&s.text) && !s.text.contains('<') && !s.block => {
                    Some((i, s))
                }
                _ => None,
            }
        })?;
        let prose: Vec<(usize, Vec<&Scalar>)> = entries
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != title_at)
            .map(|(i, (_, node))| (i, prose_of(&keys[i], node)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if prose.is_empty() {
            return None;
        }
        let job_key = keys.iter().any(|k| {
            JOB_KEYS
                .iter()
                .any(|j| k == j || k.starts_with(&format!("{j}_")))
        });
        let scalars = || prose.iter().flat_map(|(_, p)| p);
        let words: usize = scalars().map(|s| s.text.split_whitespace().count()).sum();
        let job_words = words >= JOB_PROSE_WORDS
            && scalars().any(|s| {
                let lower = s.text.to_ascii_lowercase();
                JOB_WORDS.iter().any(|w| lower.contains(w))
            });
        Some(Job {
            keys,
            title_at,
            title,
            prose,
            says_so: job_key || job_words,
        })
    }

    /// The posting at `path`: its title, its prose read into segments, its other values
    /// fields.
    fn posting(&self, entries: &[(String, Node)], path: &str) -> Posting {
        let mut body = Body::default();
        for (i, scalars) in &self.prose {
            let section = section_of_key(&self.keys[*i]);
            let list = matches!(entries[*i].1, Node::Seq(_));
            for scalar in scalars {
                // A list item of one line is an item of the section, as a bullet is.
                if list && !scalar.text.contains('\n') {
                    let mut segment = trimmed(scalar, SegmentKind::Body, section);
                    segment.item = true;
                    body.segments.push(segment);
                } else {
                    // A block is Markdown or HTML, as site generators render it.
                    read_prose_as(
                        &scalar.text,
                        &scalar.map,
                        section,
                        &mut body,
                        Plain::Markdown,
                    );
                }
            }
        }
        let mut front_matter = FrontMatter::default();
        for (i, (_, node)) in entries.iter().enumerate() {
            let key = &self.keys[i];
            let is_prose = self.prose.iter().any(|(p, _)| *p == i);
            if i == self.title_at || is_prose || TITLE_KEYS.contains(&key.as_str()) {
                continue;
            }
            fields(node, key, &mut front_matter.fields);
        }
        Posting {
            path: (!path.is_empty()).then(|| path.to_string()),
            front_matter,
            title: Some(trimmed(
                self.title,
                SegmentKind::Title,
                SectionKind::Summary,
            )),
            body,
            structured: None,
        }
    }
}

/// A scalar without its leading and trailing white space, as a segment.
fn trimmed(scalar: &Scalar, kind: SegmentKind, section: SectionKind) -> Segment {
    let text = scalar.text.trim();
    let lead = scalar.text.len() - scalar.text.trim_start().len();
    let map = scalar.map.slice(lead..lead + text.len());
    Segment::of_text(kind, section, text.to_string().into(), map)
}

/// A value's short scalars as fields, nested mappings flattened with `_`.
fn fields(node: &Node, key: &str, out: &mut Vec<FrontMatterField>) {
    match node {
        Node::Scalar(s) if !s.block => out.extend(field(key.to_string(), &s.text, &s.map)),
        Node::Scalar(_) => {}
        Node::Map(entries, _) => {
            for (inner, child) in entries {
                fields(child, &format!("{key}_{}", normalise_key(inner)), out);
            }
        }
        Node::Seq(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::export::{Described, described};

    /// Each posting's place, title, body texts and fields (key = value).
    fn read(text: &str) -> Vec<Described> {
        described(postings(text))
    }

    /// The file's bytes under the first posting's segment holding `words`, at them.
    fn source_of<'t>(text: &'t str, words: &str) -> &'t str {
        let posting = &postings(text)[0];
        let segment = posting
            .body
            .segments
            .iter()
            .chain(&posting.title)
            .find(|s| s.text.contains(words))
            .unwrap();
        let at = segment.text.find(words).unwrap();
        &text[segment.map.to_source(at..at + words.len())]
    }

    const JOBS: &str = "# Open positions\n\
- title: Senior ML Engineer\n  \
  location: \"Remote (US)\"\n  \
  salary:\n    min: 150000\n    max: 185000 # USD\n  \
  description: |\n    We build the models\n    that price loads.\n\n    You will own them.\n  \
  requirements:\n    - PhD in Computer Science required\n    - 'Go, or \"Rust\" at a pinch'\n\
- title: Data Analyst\n  \
  description: >\n    Read the data and\n    tell the team what it says.\n";

    #[test]
    fn a_list_of_jobs_is_a_posting_each_with_its_prose_and_fields() {
        assert_eq!(
            read(JOBS),
            [
                (
                    Some("[0]".to_string()),
                    "Senior ML Engineer".to_string(),
                    vec![
                        "We build the models that price loads.".to_string(),
                        "You will own them.".to_string(),
                        "PhD in Computer Science required".to_string(),
                        "Go, or \"Rust\" at a pinch".to_string(),
                    ],
                    vec![
                        "location = Remote (US)".to_string(),
                        "salary_min = 150000".to_string(),
                        "salary_max = 185000".to_string(),
                    ],
                ),
                (
                    Some("[1]".to_string()),
                    "Data Analyst".to_string(),
                    vec!["Read the data and tell the team what it says.".to_string()],
                    vec![],
                ),
            ]
        );
    }

    #[test]
    fn comments_in_a_job_and_right_above_it_are_its_directives_and_the_files_are_every_jobs() {
        let text = "# hirelint-disable-file bro-culture\n\
                    jobs:\n\
                    - title: Rockstar Developer\n  \
                      # hirelint-disable-next-line hyperbolic-job-title\n  \
                      description: We want a rockstar to build our services.\n  \
                      location: Berlin\n\
                    # hirelint: disable-next-line hyperbolic-job-title\n\
                    - title: Ninja Developer\n  \
                      description: |\n    \
                        # hirelint-disable gendered-term\n    \
                        A heading in the block, not a comment.\n  \
                      location: Paris\n";
        let said: Vec<Vec<(&str, bool)>> = postings(text)
            .iter()
            .map(|posting| {
                posting
                    .body
                    .directives
                    .iter()
                    .map(|d| (&text[d.range.clone()], d.shared))
                    .collect()
            })
            .collect();
        assert_eq!(
            said,
            [
                vec![
                    ("# hirelint-disable-file bro-culture", true),
                    ("# hirelint-disable-next-line hyperbolic-job-title", false),
                ],
                vec![
                    ("# hirelint-disable-file bro-culture", true),
                    ("# hirelint: disable-next-line hyperbolic-job-title", false),
                ],
            ]
        );
        let names = |posting: usize, directive: usize| -> Vec<&str> {
            postings(text)[posting].body.directives[directive]
                .names
                .iter()
                .map(|(_, range)| &text[range.clone()])
                .collect()
        };
        assert_eq!(names(0, 1), ["hyperbolic-job-title"]);
        assert_eq!(names(1, 1), ["hyperbolic-job-title"]);
    }

    #[test]
    fn a_comment_goes_above_a_key_as_yaml_and_in_a_block_as_html() {
        let text = "- title: Rockstar Developer\n  \
                    description: |\n    \
                      # About the role\n    \
                      We want a ninja.\n  \
                    summary: A plain scalar\n    \
                      that runs on.\n";
        let place = |line: &str| comment_place(text, text.find(line).unwrap());
        assert_eq!(place("- title"), CommentPlace::Hash);
        assert_eq!(place("  description"), CommentPlace::Hash);
        assert_eq!(place("    # About"), CommentPlace::Html);
        assert_eq!(place("    We want"), CommentPlace::Html);
        assert_eq!(place("  summary"), CommentPlace::Hash);
        assert_eq!(place("    that runs"), CommentPlace::None);
    }

    #[test]
    fn spans_go_back_through_blocks_quotes_and_escapes() {
        assert_eq!(source_of(JOBS, "price loads"), "price loads");
        assert_eq!(source_of(JOBS, "Senior ML"), "Senior ML");
        assert_eq!(source_of(JOBS, "\"Rust\""), "\"Rust\"");
        let text = "title: \"Ingénieur\\u00e9 \\\"ML\\\"\"\nlocation: Lyon\ndescription: 'It''s a role for you: apply.'\n";
        let posting = &postings(text)[0];
        assert_eq!(
            posting.title.as_ref().unwrap().text.as_ref(),
            "Ingénieuré \"ML\""
        );
        assert_eq!(source_of(text, "\"ML\""), "\\\"ML\\\"");
        assert_eq!(source_of(text, "It's"), "It''s");
        assert_eq!(source_of(text, "apply"), "apply");
    }

    #[test]
    fn one_job_per_file_or_per_document_or_under_a_key() {
        let single = "title: Backend Engineer\nlocation: Remote\ndescription: Run the APIs.\n";
        assert_eq!(read(single)[0].0, None);
        let documents = format!("---\n{single}---\n{single}");
        let paths: Vec<_> = read(&documents).into_iter().map(|p| p.0).collect();
        assert_eq!(
            paths,
            [
                Some("document 1".to_string()),
                Some("document 2".to_string())
            ]
        );
        let nested = "company: Northwind\njobs:\n- title: SRE\n  location: Berlin\n  description: On call.\n";
        assert_eq!(read(nested)[0].0.as_deref(), Some("jobs[0]"));
    }

    #[test]
    fn a_block_is_markdown_and_its_headings_open_sections() {
        let text = "title: ML Engineer\nlocation: Remote\ndescription: |\n  ## Requirements\n  - A PhD, required\n  - Python\n\n  ## Nice to have\n  - Rust\n";
        let posting = &postings(text)[0];
        assert_eq!(
            crate::document::export::sections_of(posting),
            [
                ("Requirements", SectionKind::Requirements),
                ("A PhD, required", SectionKind::Requirements),
                ("Python", SectionKind::Requirements),
                ("Nice to have", SectionKind::Preferred),
                ("Rust", SectionKind::Preferred),
            ]
        );
        assert_eq!(source_of(text, "PhD, required"), "PhD, required");
    }

    #[test]
    fn settings_with_a_title_and_a_description_are_not_postings() {
        // A Jekyll site's settings, a CI workflow, a compose file.
        for text in [
            "title: Northwind Careers\ndescription: >-\n  Jobs at Northwind Freight.\nbaseurl: \"\"\n",
            "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n",
            "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n",
            // pre-commit hooks, whose one-line description names a role.
            "- id: lint\n  name: lint\n  description: Lint postings for role coherence\n  entry: lint\n",
        ] {
            assert!(postings(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn deep_nesting_and_broken_yaml_are_read_without_failing() {
        let dashes = "- ".repeat(100_000) + "x\n";
        assert!(postings(&dashes).is_empty());
        let stairs: String = (0..5_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(postings(&stairs).is_empty());
        for text in [
            "title: \"never closed\ndescription: x",
            "- - -",
            ": :",
            "'",
            "|",
            "a: |\n",
        ] {
            let _ = postings(text);
        }
    }
}
