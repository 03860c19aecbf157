//! A parsed posting: its title, front-matter fields and prose segments, each segment with a
//! `SpanMap` back to the original bytes.
//!
//! Formats plug in here: `Format::detect` picks a parser from the file name, and each parser
//! turns a `SourceFile` into the same `Document`. JSON (schema.org `JobPosting`) comes next and
//! only needs a new variant and a parser module.

pub mod boilerplate;
pub mod csv;
pub mod directives;
pub mod export;
pub mod frontmatter;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod runin;
pub mod sections;
pub mod sentence;
pub mod simple_markdown;
pub mod span;
pub mod structured;
pub mod text;
pub mod xml;
pub mod yaml;

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use directives::{Directive, DirectiveKind};
pub use frontmatter::{FrontMatter, FrontMatterField};
pub use sections::SectionKind;
pub use span::{SpanMap, TextBuilder};
pub use text::SegmentText;

use crate::extract::date::Date;
use crate::extract::experience;
use crate::extract::salary::{self, Bound, Pay};
use crate::source::SourceFile;

/// Input formats hirelint can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
    Html,
    /// One posting, an array of them, or an export holding them at any depth.
    Json,
    /// One JSON value per line.
    #[serde(rename = "jsonl")]
    JsonLines,
    /// A job feed: RSS items, Indeed-style `<job>` elements, an export holding postings at any
    /// depth.
    Xml,
    /// A spreadsheet export (`.csv`, `.tsv`): one posting per row under a header row.
    Csv,
    /// A YAML data file (`.yml`, `.yaml`): one posting, or a list of them.
    Yaml,
}

impl Format {
    /// The format for a path, from its extension; `None` for files hirelint does not lint.
    pub fn detect(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            // MDX (Next.js, Docusaurus and Astro careers pages) is Markdown with components.
            "md" | "markdown" | "mdx" => Some(Format::Markdown),
            // Lightweight markup is read as text (see `plain`): reStructuredText, AsciiDoc, Org.
            "txt" | "text" | "rst" | "adoc" | "asciidoc" | "org" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" | "jsonld" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "xml" | "rss" => Some(Format::Xml),
            "csv" | "tsv" => Some(Format::Csv),
            "yml" | "yaml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// Whether a file of this format holds many postings (an export, a feed), each linted on
    /// its own.
    pub fn holds_many(self) -> bool {
        matches!(
            self,
            Format::Json | Format::JsonLines | Format::Xml | Format::Csv | Format::Yaml
        )
    }

    /// The format of text without a file name (stdin): `{` or `[` first is JSON, an XML
    /// declaration or `<rss` XML, `<` HTML, front matter (`---`, `+++`) or a Markdown heading
    /// (`# `) Markdown, anything else plain text.
    pub fn sniff(text: &str) -> Format {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with(['{', '[']) {
            Format::Json
        } else if text.starts_with("<?xml") || text.starts_with("<rss") {
            Format::Xml
        } else if text.starts_with('<') {
            Format::Html
        } else if text.starts_with("---") || text.starts_with("+++") || text.starts_with("# ") {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// What a piece of text is in the posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    /// The posting's title (front matter `title`, else the first heading or line).
    Title,
    /// A heading or heading-like line (bold-only line, `Requirements:`).
    Heading,
    /// A paragraph, list item or table cell of prose.
    Body,
    /// A front-matter value other than the title (location, salary, ...).
    Field,
}

/// A run of prose (one block: a paragraph, a list item, a heading) in decoded form.
#[derive(Debug, Clone)]
pub struct Segment {
    pub kind: SegmentKind,
    pub section: SectionKind,
    pub text: SegmentText,
    pub map: SpanMap,
    /// The start of a list item (a bullet), for rules that count items.
    pub item: bool,
    /// Part of an equal-opportunity, diversity or legal statement, which uses words such as
    /// "women", "age" and "disability" legitimately: lexical rules skip it.
    pub boilerplate: bool,
}

impl Segment {
    pub fn new(kind: SegmentKind, section: SectionKind, builder: TextBuilder) -> Segment {
        let (text, map) = builder.finish();
        Segment::of_text(kind, section, text.into(), map)
    }

    /// Cuts the segment at `at` (a character boundary of its text): it keeps the text before,
    /// and the rest is returned as a segment of the same kind and section, which starts no
    /// list item.
    pub fn split_off(&mut self, at: usize) -> Segment {
        let len = self.text.len();
        let rest = Segment {
            kind: self.kind,
            section: self.section,
            text: self.text.split_off(at),
            map: self.map.slice(at..len),
            item: false,
            boilerplate: self.boilerplate,
        };
        self.map = self.map.slice(0..at);
        rest
    }

    /// A segment of `text`, mapped by `map`: no list item, no statement.
    fn of_text(
        kind: SegmentKind,
        section: SectionKind,
        text: SegmentText,
        map: SpanMap,
    ) -> Segment {
        Segment {
            kind,
            section,
            text,
            map,
            item: false,
            boilerplate: false,
        }
    }

    /// A segment of the text `block` holds, shared with `file` when it is a verbatim stretch
    /// of it; the builder keeps its buffers for the next block (a heading moved into its
    /// segment and then shared had its text shrunk, freed and its buffers made again).
    pub fn of_block(
        kind: SegmentKind,
        section: SectionKind,
        block: &TextBuilder,
        file: Option<&Arc<SourceFile>>,
    ) -> Segment {
        let map = block.map();
        let text = file
            .and_then(|file| SegmentText::verbatim_in(file, block.text(), &map))
            .unwrap_or_else(|| block.text().into());
        Segment::of_text(kind, section, text, map)
    }

    /// A segment whose text is the exact source slice at `range`.
    pub fn verbatim(
        kind: SegmentKind,
        section: SectionKind,
        source: &str,
        range: Range<usize>,
    ) -> Segment {
        let mut b = TextBuilder::new();
        b.push_verbatim(&source[range.clone()], range.start);
        Segment::new(kind, section, b)
    }

    /// The source range the whole segment covers.
    pub fn source_range(&self) -> Range<usize> {
        self.map.source_extent()
    }

    /// Shares the text with `file` when it is a verbatim stretch of it (the text the parser
    /// read may differ from the file: masked template tags, a decoded JSON string).
    pub fn share(&mut self, file: &Arc<SourceFile>) {
        if self.text.is_shared() {
            return;
        }
        if let Some(shared) = SegmentText::verbatim_in(file, &self.text, &self.map) {
            self.text = shared;
        }
    }
}

/// What a format parser returns: the body's segments and which one is the title candidate.
#[derive(Debug, Default)]
pub struct Body {
    pub segments: Vec<Segment>,
    pub title: Option<usize>,
    pub directives: Vec<Directive>,
    /// Source ranges of inline code: not prose, but job boards put pay there (`💰 USD
    /// $74,000~$80,000`), so pay is read from it.
    pub code: Vec<Range<usize>>,
    /// Source ranges of JSON-LD blocks (`<script type="application/ld+json">`) in HTML.
    pub structured: Vec<Range<usize>>,
}

/// A posting, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    pub front_matter: FrontMatter,
    pub title: Option<Segment>,
    /// Headings and body segments in document order (the title segment is not repeated here
    /// unless it is also a heading of the body).
    pub segments: Vec<Segment>,
    /// Suppression directives, in document order.
    pub directives: Vec<Directive>,
    /// Pay statements, in document order (front matter first).
    pub pay: Vec<PayFact>,
    /// "N years of X" statements: the index of their segment and where they are in it.
    pub experience: Vec<(usize, experience::Statement)>,
    /// The posting's date, from its front matter (`date`, `posted`, `opens`, …).
    pub date: Option<Date>,
    /// A schema.org `JobPosting` as written (a JSON file, or JSON-LD in a page).
    pub structured: Option<structured::StructuredData>,
    /// `narrowing_text`, made on first use.
    narrowing_text: OnceLock<Option<String>>,
}

/// The longest posting whose text `Document::narrowing_text` copies: a posting that long is a
/// run of its own, which soon needs whole alternations, and a copy of it is memory it should
/// not cost.
const NARROWING_MAX_BYTES: usize = 1 << 20;

/// Front-matter keys that date a posting, in order of preference.
const DATE_KEYS: &[&str] = &[
    "date_posted",
    "dateposted",
    "posting_date",
    "posted",
    "date",
    "published",
    // RSS's `<pubDate>`.
    "pubdate",
    "opens",
    "created",
    // Personio's `<createdAt>`.
    "createdat",
];

/// A pay statement and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayFact {
    #[serde(flatten)]
    pub pay: Pay,
    /// `body`, `front-matter` or `template`.
    pub origin: PayOrigin,
    /// Byte range in the source text.
    #[serde(skip)]
    pub source_range: Range<usize>,
}

/// Where a pay statement was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PayOrigin {
    Body,
    FrontMatter,
    /// A site template renders it (`{% include salary_range.html %}`).
    Template,
}

/// Every pay statement of a document: front-matter fields, template includes, then the text
/// (headings and body, statements left out).
fn read_pay(
    text: &str,
    front_matter: &FrontMatter,
    title: Option<&Segment>,
    segments: &[Segment],
) -> Vec<PayFact> {
    let mut out = Vec::new();
    let fields = front_matter
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_str()));
    for salary::FieldPay { keys, pay } in salary::from_fields(fields) {
        let found: Vec<_> = keys.iter().filter_map(|k| front_matter.get(k)).collect();
        let source_range = match found.as_slice() {
            [field] => {
                let start = field.value_range.start;
                (start + pay.range.start).min(field.value_range.end)
                    ..(start + pay.range.end).min(field.value_range.end)
            }
            // A minimum and a maximum field: the span covers both values.
            [first, .., last] => {
                let start = first.value_range.start.min(last.value_range.start);
                start..first.value_range.end.max(last.value_range.end)
            }
            [] => continue,
        };
        out.push(PayFact {
            pay,
            origin: PayOrigin::FrontMatter,
            source_range,
        });
    }
    for range in salary::template_includes(text) {
        out.push(PayFact {
            pay: Pay {
                min: None,
                max: None,
                currency: None,
                period: None,
                bound: Bound::Template,
                text: text[range.clone()].to_string(),
                range: range.clone(),
            },
            origin: PayOrigin::Template,
            source_range: range,
        });
    }
    // The title too: a Hacker News header line ends with the pay. Statements count: the
    // range often closes the posting, under the same heading as the equal-opportunity notice.
    // A body segment right after a pay label ("**Compensation:**" read as a run-in heading)
    // is read as labelled. The paragraphs and items after a paragraph or heading that
    // announces ranges ("The base salary ranges for this position are:") are read as its list
    // while each holds pay: "Zone A: [132,400 - 196,950]" is a range without a currency there.
    let mut after_label = false;
    let mut announced = false;
    // The currency the announcement names ("The United States … ranges"), if any.
    let mut announced_in = None;
    for segment in title.into_iter().chain(segments).filter(|s| {
        matches!(
            s.kind,
            SegmentKind::Title | SegmentKind::Body | SegmentKind::Heading
        )
    }) {
        let labelled = std::mem::replace(
            &mut after_label,
            segment.kind == SegmentKind::Heading && salary::is_pay_label(&segment.text),
        );
        let body = segment.kind == SegmentKind::Body;
        let found = if labelled && body {
            salary::find_after_label(&segment.text)
        } else if announced && body {
            salary::find_announced(&segment.text, announced_in)
        } else {
            salary::find(&segment.text)
        };
        // The announcement may read as a heading ("… ranges for this position are:").
        let announces =
            segment.kind != SegmentKind::Title && salary::announces_ranges(&segment.text);
        if announces {
            announced_in = salary::announced_currency(&segment.text);
        }
        announced = announces || (announced && body && !found.is_empty());
        for pay in found {
            let source_range = segment.map.to_source(pay.range.clone());
            out.push(PayFact {
                pay,
                origin: PayOrigin::Body,
                source_range,
            });
        }
    }
    out
}

/// The postings of one file: a Markdown, text or HTML file is one; a JSON file may hold many,
/// each with its path in the file. JSON that does not parse is an error with its place (a
/// JSON Lines file keeps its good lines).
pub struct Postings {
    pub documents: Vec<(Option<String>, Document)>,
    pub errors: Vec<export::ParseError>,
}

/// Visible prose shorter than this (a page that renders its posting with script) is replaced
/// by the JSON-LD description.
const THIN_PAGE_BYTES: usize = 200;

/// What a page's JSON-LD adds to it.
type WithStructured = (
    FrontMatter,
    Option<Segment>,
    Body,
    Option<structured::StructuredData>,
);

/// A careers page with a schema.org `JobPosting` in JSON-LD: its fields (salary, dates, the
/// hiring organisation) join the front matter, where the page does not set them; its title and
/// description are the title and the prose when the page shows almost none (a page rendered
/// by script), and its title is the title when the page has none. Otherwise the visible text is what is linted: the description usually repeats
/// it. JSON-LD that does not parse is left alone.
fn with_structured_data(
    text: &str,
    mut front_matter: FrontMatter,
    mut body: Body,
) -> WithStructured {
    let posting = std::mem::take(&mut body.structured)
        .into_iter()
        .find_map(|range| json::postings_in(text, range).ok()?.into_iter().next());
    let Some(posting) = posting else {
        return (front_matter, None, body, None);
    };
    for field in posting.front_matter.fields {
        if front_matter.get(&field.key).is_none() {
            front_matter.fields.push(field);
        }
    }
    let visible: usize = body
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Body)
        .map(|s| s.text.len())
        .sum();
    let thin = visible < THIN_PAGE_BYTES;
    // A page that shows nothing has only a generic `<title>` ("Careers") at best.
    let untitled = body.title.is_none() && front_matter.get("title").is_none();
    let own_title = posting.title.filter(|_| untitled || thin);
    if thin {
        body.segments.extend(posting.body.segments);
    }
    (front_matter, own_title, body, posting.structured)
}

/// The segments of front-matter prose: a list item is one item segment (its lines joined by
/// spaces), a block scalar is read as text (or HTML); each in the section its key names
/// (`key objectives` are duties, `qualifications` requirements).
fn front_matter_prose(text: &str, prose: &[frontmatter::FrontMatterProse]) -> Vec<Segment> {
    let mut out = Vec::new();
    for entry in prose {
        let section = export::section_of_key(&export::normalise_key(&text[entry.key.clone()]));
        let mut builder = TextBuilder::new();
        let mut last: Option<Range<usize>> = None;
        for line in &entry.lines {
            if let Some(last) = &last {
                let join = if entry.block { "\n" } else { " " };
                builder.push_decoded(join, last.end..line.start);
            }
            builder.push_verbatim(&text[line.clone()], line.start);
            last = Some(line.clone());
        }
        if entry.block {
            let (block, map) = builder.finish();
            let mut read = Body::default();
            export::read_prose(&block, &map, section, &mut read);
            out.append(&mut read.segments);
        } else {
            let mut segment = Segment::new(SegmentKind::Body, section, builder);
            segment.item = true;
            out.push(segment);
        }
    }
    out
}

/// Counts the run as long from its start (see `lint::expect_long_run`): the statement
/// automata become DFAs at the next search.
pub fn mark_long_run() {
    boilerplate::mark_long_run();
}

/// Builds the DFAs a long run reads headings and statements with, ahead of it.
pub fn build_long_run_readers() {
    boilerplate::build_long_run_readers();
}

/// Builds the automata every posting's reading uses (headings, statements), so that the first
/// posting read does not wait for them.
pub fn warm() {
    sections::warm();
    boilerplate::warm();
}

impl Document {
    /// Every posting of a source file.
    pub fn parse_all(source: &Arc<SourceFile>, format: Format) -> Postings {
        let text = source.text.as_str();
        let (found, errors) = match format {
            Format::Json => match json::postings(text) {
                Ok(found) => (found, Vec::new()),
                Err(e) => (Vec::new(), vec![e]),
            },
            Format::JsonLines => json::postings_in_lines(text, source.origin().line),
            Format::Csv => csv::postings_after(text, source.origin().rows_before),
            Format::Yaml => (yaml::postings(text), Vec::new()),
            Format::Xml => match xml::postings(text) {
                Ok(found) => (found, Vec::new()),
                Err(e) => (Vec::new(), vec![e]),
            },
            _ => {
                return Postings {
                    documents: vec![(None, Document::parse(source, format))],
                    errors: Vec::new(),
                };
            }
        };
        let documents = found
            .into_iter()
            .map(|posting| {
                let mut doc = Document::assemble(
                    "",
                    format,
                    posting.front_matter,
                    0,
                    posting.title,
                    posting.body,
                );
                doc.structured = posting.structured;
                (posting.path, doc)
            })
            .collect();
        Postings { documents, errors }
    }

    /// Parses a source file in the given format. Parsing never fails: text that is not
    /// well-formed is still prose. A JSON file gives its first posting (see `parse_all`).
    pub fn parse(source: &Arc<SourceFile>, format: Format) -> Document {
        let text = source.text.as_str();
        let (front_matter, body_start) = frontmatter::parse(text);
        let mut body = match format {
            Format::Markdown => markdown::parse_shared(source, body_start),
            Format::Text => plain::parse(text, body_start),
            Format::Html => html::parse(text, body_start),
            Format::Json | Format::JsonLines | Format::Xml | Format::Csv | Format::Yaml => {
                return Document::parse_all(source, format)
                    .documents
                    .into_iter()
                    .next()
                    .map_or_else(|| Document::empty(format), |(_, doc)| doc);
            }
        };
        // A page renders its front matter's lists itself: only Markdown and text read them.
        if matches!(format, Format::Markdown | Format::Text) {
            let prose = frontmatter::prose(text, &front_matter, body_start);
            if !prose.is_empty() {
                let mut read = front_matter_prose(text, &prose);
                body.title = body.title.map(|i| i + read.len());
                read.append(&mut body.segments);
                body.segments = read;
            }
        }
        for segment in &mut body.segments {
            segment.share(source);
        }
        let (front_matter, own_title, body, structured) =
            with_structured_data(text, front_matter, body);
        let mut doc = Document::assemble(text, format, front_matter, body_start, own_title, body);
        doc.structured = structured;
        doc
    }

    fn empty(format: Format) -> Document {
        Document::assemble("", format, FrontMatter::default(), 0, None, Body::default())
    }

    /// A document from its parts. `text` is the file (for front-matter directives and
    /// template includes; empty for JSON, whose parts map to the file themselves); `title`
    /// is a title read apart from the body (a JSON `title`), which wins over front matter.
    fn assemble(
        text: &str,
        format: Format,
        front_matter: FrontMatter,
        body_start: usize,
        own_title: Option<Segment>,
        body: Body,
    ) -> Document {
        let Body {
            mut segments,
            title,
            directives: body_directives,
            code,
            structured: _,
        } = body;
        let front_title = if own_title.is_some() {
            None
        } else {
            front_matter.get("title")
        };
        let title = match front_title {
            // A front-matter title wins; the first heading stays a heading of the body.
            Some(field) => Some(Segment::verbatim(
                SegmentKind::Title,
                SectionKind::Summary,
                text,
                field.value_range.clone(),
            )),
            None if own_title.is_some() => own_title,
            None => title.map(|i| {
                let mut seg = segments.remove(i);
                seg.kind = SegmentKind::Title;
                seg
            }),
        };
        for field in &front_matter.fields {
            if field.key != "title" && !field.value_range.is_empty() {
                // JSON fields are not in `text`: their value is the decoded text.
                let mut b = TextBuilder::new();
                b.push_from(&field.value, text, field.value_range.clone());
                segments.push(Segment::new(SegmentKind::Field, SectionKind::Other, b));
            }
        }
        // Grown by doubling while parsing: a huge posting's list would be up to twice its size.
        segments.shrink_to_fit();
        boilerplate::mark(&mut segments);
        let mut directives: Vec<Directive> = directives::scan_front_matter(text, 0..body_start)
            .into_iter()
            .collect();
        directives.extend(body_directives);
        // In file order, each once: an XML feed's comment inside a job's XHTML description is
        // the job's comment and a comment of the description's HTML too.
        directives.sort_by_key(|d| d.range.start);
        directives.dedup_by(|later, earlier| later.range == earlier.range);
        let mut pay = read_pay(text, &front_matter, title.as_ref(), &segments);
        for range in code {
            if let Some(inside) = text.get(range.clone()) {
                pay.extend(salary::find(inside).into_iter().map(|p| PayFact {
                    source_range: range.start + p.range.start..range.start + p.range.end,
                    pay: p,
                    origin: PayOrigin::Body,
                }));
            }
        }
        pay.sort_by_key(|p| (p.origin != PayOrigin::FrontMatter, p.source_range.start));
        let experience = segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == SegmentKind::Body && !s.boilerplate)
            .flat_map(|(i, s)| experience::find(&s.text).into_iter().map(move |e| (i, e)))
            .collect();
        let date = DATE_KEYS.iter().find_map(|key| {
            front_matter
                .get(key)
                .and_then(|f| Date::parse_posted(&f.value))
        });
        Document {
            pay,
            experience,
            date,
            format,
            front_matter,
            title,
            segments,
            directives,
            structured: None,
            narrowing_text: OnceLock::new(),
        }
    }

    /// Every text the rules and the role table read (title, segments, front-matter values),
    /// lower-cased (ASCII) in one string, for `Pattern::narrowed_for`; made once, and `None`
    /// past `NARROWING_MAX_BYTES`.
    pub fn narrowing_text(&self) -> Option<&str> {
        self.narrowing_text
            .get_or_init(|| {
                let texts = || {
                    self.title
                        .iter()
                        .chain(&self.segments)
                        .map(|s| s.text.as_str())
                        .chain(self.front_matter.fields.iter().map(|f| f.value.as_str()))
                };
                let len: usize = texts().map(|t| t.len() + 1).sum();
                (len <= NARROWING_MAX_BYTES).then(|| {
                    let mut lowered = String::with_capacity(len);
                    for text in texts() {
                        lowered.push_str(text);
                        lowered.push('\n');
                    }
                    lowered.make_ascii_lowercase();
                    lowered
                })
            })
            .as_deref()
    }

    /// The title text, if any.
    pub fn title_text(&self) -> Option<&str> {
        self.title.as_ref().map(|t| t.text.trim())
    }
}
