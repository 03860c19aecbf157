//! What the exports of job boards and applicant-tracking systems share, in JSON and in XML: a
//! posting found in a file of many, the keys (or element names) that hold a job's title and
//! prose, and the reading of a prose value (HTML, HTML escaped once more, or plain text) into
//! segments mapped to the file.

use std::ops::Range;

use super::frontmatter::{FrontMatter, FrontMatterField};
use super::span::SpanMap;
use super::structured::StructuredData;
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder, html, plain};

/// One posting found in a file of many (a JSON export, an XML feed).
#[derive(Debug)]
pub struct Posting {
    /// Where it is in the file (`[3]`, `jobs[2]`, `@graph[0]`); `None` when the whole file is
    /// the posting.
    pub path: Option<String>,
    /// Its short scalar properties, flattened (`baseSalary.value.minValue` becomes
    /// `basesalary_value_minvalue`), as front matter is.
    pub front_matter: FrontMatter,
    pub title: Option<Segment>,
    pub body: Body,
    /// The object as written, for the structured-data rules: schema.org `JobPosting` only.
    pub structured: Option<StructuredData>,
}

/// An export that does not parse: what is wrong and where (a range of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub range: Range<usize>,
}

/// A key, a column or an element name as the readers compare it: lower case, `_` for
/// spaces and hyphens, no JSON-LD `@` (`Job Title` and `job-title` are `job_title`, `@type`
/// is `type`), as front-matter keys are.
pub fn normalise_key(raw: &str) -> String {
    raw.trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
        .trim_start_matches('@')
        .to_string()
}

/// Keys that name the job, in order of preference (normalised: lower case, `_` for spaces
/// and hyphens). `name` counts only in a `JobPosting` or next to a description.
pub const TITLE_KEYS: &[&str] = &[
    "title",
    "job_title",
    "jobtitle",
    "position",
    "position_title",
    "name",
];

/// Keys whose values are the posting's prose, and the section a value without headings of
/// its own belongs to.
pub const TEXT_KEYS: &[(&str, SectionKind)] = &[
    ("description", SectionKind::Summary),
    ("job_description", SectionKind::Summary),
    ("jobdescription", SectionKind::Summary),
    ("content", SectionKind::Summary),
    ("description_html", SectionKind::Summary),
    ("descriptionhtml", SectionKind::Summary),
    ("description_plain", SectionKind::Summary),
    ("descriptionplain", SectionKind::Summary),
    ("body", SectionKind::Summary),
    ("text", SectionKind::Summary),
    ("summary", SectionKind::Summary),
    ("about_the_role", SectionKind::Summary),
    ("about_the_job", SectionKind::Summary),
    ("job_summary", SectionKind::Summary),
    ("responsibilities", SectionKind::Responsibilities),
    ("job_responsibilities", SectionKind::Responsibilities),
    ("duties", SectionKind::Responsibilities),
    ("qualifications", SectionKind::Requirements),
    ("requirements", SectionKind::Requirements),
    ("job_requirements", SectionKind::Requirements),
    // The columns of the public Google and Amazon job datasets.
    ("minimum_qualifications", SectionKind::Requirements),
    ("basic_qualifications", SectionKind::Requirements),
    ("skills", SectionKind::Requirements),
    ("educationrequirements", SectionKind::Requirements),
    ("education_requirements", SectionKind::Requirements),
    ("experiencerequirements", SectionKind::Requirements),
    ("experience_requirements", SectionKind::Requirements),
    ("preferred_qualifications", SectionKind::Preferred),
    ("jobbenefits", SectionKind::Compensation),
    ("benefits", SectionKind::Compensation),
    // Lever's closing text: benefits, pay, the equal-opportunity notice.
    ("additional", SectionKind::Summary),
    ("additionalplain", SectionKind::Summary),
];

/// The section a prose key (normalised) names: a known prose key's, a heading's, or the
/// one its words point to (`key_objectives` are duties, `qualifications` requirements).
pub fn section_of_key(key: &str) -> SectionKind {
    if let Some((_, section)) = TEXT_KEYS.iter().find(|(k, _)| *k == key) {
        return *section;
    }
    let words = key.replace(['_', '-'], " ");
    super::sections::classify_heading(&words).unwrap_or_else(|| {
        let words = words.to_ascii_lowercase();
        if ["objective", "duties", "responsib", "what you will do"]
            .iter()
            .any(|w| words.contains(w))
        {
            SectionKind::Responsibilities
        } else if ["qualification", "requirement", "skills"]
            .iter()
            .any(|w| words.contains(w))
        {
            SectionKind::Requirements
        } else {
            SectionKind::Summary
        }
    })
}

/// Keys that name a section in an object holding one (Lever's `lists`: `text` and `content`;
/// SmartRecruiters' `jobAd.sections`: `title` and `text`), and keys that hold its text.
pub const HEADING_KEYS: &[&str] = &["title", "text", "heading", "name", "label"];
pub const SECTION_TEXT_KEYS: &[&str] = &["content", "text", "body", "description"];

/// A title or a heading is one line of at most this many bytes.
const HEADING_MAX_BYTES: usize = 150;

/// Whether a decoded value is one short line, as a title or a heading is (prose is not).
pub fn is_one_line(text: &str) -> bool {
    let line = text.trim();
    !line.is_empty() && line.len() <= HEADING_MAX_BYTES && !line.contains('\n')
}

/// Scalar values longer than this are prose, not fields.
pub const FIELD_MAX_BYTES: usize = 200;

/// A decoded value as a field under `key`, without its surrounding white space and mapped to
/// the file by `map`: `None` when it is empty, or prose (longer than `FIELD_MAX_BYTES`).
pub fn field(key: String, text: &str, map: &SpanMap) -> Option<FrontMatterField> {
    let value = text.trim();
    if value.is_empty() || value.len() > FIELD_MAX_BYTES {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    Some(FrontMatterField {
        key,
        value: value.to_string(),
        value_range: map.to_source(lead..lead + value.len()),
    })
}

/// Which rendering of a text a key holds, for texts an export writes twice
/// (`descriptionHtml` and `descriptionPlain`, Lever's `additional` and `additionalPlain`):
/// the key without its suffix, and a rank (HTML first: it keeps the headings and the lists).
pub fn rendering(key: &str) -> (&str, u8) {
    if let Some(base) = key.strip_suffix("html") {
        (base.trim_end_matches('_'), 0)
    } else if let Some(base) = key.strip_suffix("plain") {
        (base.trim_end_matches('_'), 2)
    } else {
        (key, 1)
    }
}

/// How a prose value that is not HTML is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// As plain text: an export's description.
    Text,
    /// As Markdown: a YAML block that a site generator renders with Markdown.
    Markdown,
}

/// Parses a decoded prose value (HTML, HTML escaped once more, or plain text) into `body`,
/// every map reaching the file through `map`, `text`'s own map. A value without headings of
/// its own is in `section`, the one its key or element names.
pub fn read_prose(text: &str, map: &SpanMap, section: SectionKind, body: &mut Body) {
    read_prose_as(text, map, section, body, Plain::Text);
}

/// `read_prose`, with a value that is not HTML read as `plain` says.
pub fn read_prose_as(
    text: &str,
    map: &SpanMap,
    section: SectionKind,
    body: &mut Body,
    plain: Plain,
) {
    let (mut parsed, map) = if looks_like_html(text) {
        (html::parse(text, 0), map.clone())
    } else if text.contains("&lt;") && looks_like_html(&text.replace("&lt;", "<")) {
        let (unescaped, entity_map) = decode_entities(text);
        (html::parse(&unescaped, 0), entity_map.through(map))
    } else if plain == Plain::Markdown {
        (markdown_prose(text), map.clone())
    } else {
        (plain::parse(text, 0), map.clone())
    };
    // A value of one short line ("Doctoral degree in Computer Science (required)") reads like
    // a heading, but nothing follows it in the field: it is the field's text.
    if let [only] = parsed.segments.as_mut_slice()
        && only.kind == SegmentKind::Heading
    {
        only.kind = SegmentKind::Body;
        only.section = SectionKind::Summary;
    }
    let own_headings = parsed
        .segments
        .iter()
        .any(|s| s.kind == SegmentKind::Heading && s.section != SectionKind::Summary);
    for mut segment in parsed.segments {
        segment.map = segment.map.through(&map);
        if !own_headings && segment.section == SectionKind::Summary {
            segment.section = section;
        }
        body.segments.push(segment);
    }
    // Its suppression comments (`<!-- hirelint-disable-next-line … -->` in a YAML block, a
    // JSON string of HTML), at their place in the file.
    for directive in parsed.directives {
        body.directives.push(super::Directive {
            range: map.to_source(directive.range.clone()),
            names: (directive.names.into_iter())
                .map(|(name, range)| (name, map.to_source(range)))
                .collect(),
            ..directive
        });
    }
}

/// A place a feed or an export read in parts can be cut: the offset of the line after a
/// record (an XML feed's job, a JSON array's element), and how many records end before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub at: usize,
    pub records: usize,
}

/// Markdown prose, whose first heading is a section's, not a title ("## Requirements" opens
/// the requirements, as every later heading does).
fn markdown_prose(text: &str) -> Body {
    let mut body = super::markdown::parse(text, 0);
    if let Some(first) = body.title.take()
        && let Some(section) = super::sections::classify_heading(body.segments[first].text.trim())
    {
        for segment in body.segments[first..]
            .iter_mut()
            .enumerate()
            .take_while(|(i, s)| *i == 0 || s.kind != SegmentKind::Heading)
            .map(|(_, s)| s)
        {
            segment.section = section;
        }
    }
    body
}

/// A posting as the readers' tests compare it: its place, title, body texts and fields
/// (`key = value`).
#[cfg(test)]
pub type Described = (Option<String>, String, Vec<String>, Vec<String>);

#[cfg(test)]
pub fn described(postings: Vec<Posting>) -> Vec<Described> {
    postings
        .into_iter()
        .map(|p| {
            (
                p.path,
                p.title.map(|t| t.text.to_string()).unwrap_or_default(),
                p.body.segments.iter().map(|s| s.text.to_string()).collect(),
                p.front_matter
                    .fields
                    .iter()
                    .map(|f| format!("{} = {}", f.key, f.value))
                    .collect(),
            )
        })
        .collect()
}

/// Each body segment of a posting with the section it was read into.
#[cfg(test)]
pub fn sections_of(posting: &Posting) -> Vec<(&str, SectionKind)> {
    posting
        .body
        .segments
        .iter()
        .map(|s| (s.text.as_ref(), s.section))
        .collect()
}

/// Whether a decoded string is HTML rather than text that mentions a `<`.
fn looks_like_html(text: &str) -> bool {
    [
        "</", "<br", "<p>", "<p ", "<li", "<ul", "<div", "<h1", "<h2", "<h3", "<strong", "<b>",
    ]
    .iter()
    .any(|tag| text.contains(tag))
}

/// HTML escaped once more (`&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;`) unescaped once, with
/// each entity a decoded run: the result is HTML for the HTML reader. (XML text is unescaped
/// so, once.)
pub fn decode_entities(text: &str) -> (String, SpanMap) {
    let mut builder = TextBuilder::new();
    push_unescaped(&mut builder, text, 0);
    builder.finish()
}

/// `text`, which starts at `base`, unescaped once into `builder`.
pub fn push_unescaped(builder: &mut TextBuilder, text: &str, base: usize) {
    let mut plain = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find('&') {
        let at = i + found;
        // An entity is short: its `;` is looked for in the next few bytes only, so that a text
        // of `&`s without one stays linear.
        let Some(len) = text.as_bytes()[at..]
            .iter()
            .take(11)
            .position(|&b| b == b';')
        else {
            i = at + 1;
            continue;
        };
        let entity = &text[at + 1..at + len];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        let Some(decoded) = decoded else {
            i = at + 1;
            continue;
        };
        builder.push_verbatim(&text[plain..at], base + plain);
        builder.push_decoded(&decoded.to_string(), base + at..base + at + len + 1);
        i = at + len + 1;
        plain = i;
    }
    builder.push_verbatim(&text[plain..], base + plain);
}
