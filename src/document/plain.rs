//! Plain text: paragraphs separated by blank lines, one segment per bullet, heading-like lines
//! ("Requirements:", "What you'll do") open sections, and the first line is the title candidate.
//! Lightweight markup read as text (reStructuredText, AsciiDoc, Org) keeps its words: a
//! heading's marker (`== Requirements`) and an Org title's (`#+TITLE: …`) are left out of the
//! heading, and attribute lines (`:toc:`, `#+OPTIONS: …`) are not prose.

use super::sections::{SectionTracker, looks_like_heading_line};
use super::{Body, Segment, SegmentKind, TextBuilder, directives, runin};

/// Parses the plain-text body that starts at `body_start` in `text`.
pub fn parse(text: &str, body_start: usize) -> Body {
    let mut body = Body::default();
    let mut sections = SectionTracker::default();
    let mut block = TextBuilder::new();
    let mut offset = body_start;
    // Whether the block being read is a bullet.
    let mut item = false;
    let flush = |block: &mut TextBuilder,
                 body: &mut Body,
                 sections: &mut SectionTracker,
                 item: &mut bool| {
        let is_item = std::mem::take(item);
        if !block.is_blank() {
            let map = block.map();
            runin::push_block(
                &mut body.segments,
                sections,
                block.text(),
                &map,
                is_item,
                None,
            );
        }
        // Kept for the next block, its buffers with it.
        block.clear();
    };
    for raw in text[body_start..].split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let mut indent = line.len() - trimmed.len();
        let mut content = trimmed.trim_end();
        let marked = if indent == 0 { markup(content) } else { None };
        match marked {
            Some(Markup::Setting) => continue,
            Some(Markup::Heading(marker) | Markup::Title(marker)) => {
                indent += marker;
                content = &content[marker..];
            }
            None => {}
        }
        if let Some(directive) = directives::parse_line(line, start) {
            body.directives.push(directive);
            continue;
        }
        if content.contains("<!--") {
            directives::scan_comments(text, start..start + line.len(), &mut body.directives);
        }
        if content.is_empty() {
            flush(&mut block, &mut body, &mut sections, &mut item);
            continue;
        }
        // An export's one long line: "job_id: 88213 | title: Applied Scientist | … |
        // description: About us…". Its header fields are the title candidate; the description
        // is the body.
        if body.title.is_none()
            && body.segments.is_empty()
            && block.is_blank()
            && let Some(header) = export_header(content)
        {
            let header_start = start + indent;
            body.title = Some(body.segments.len());
            body.segments.push(Segment::verbatim(
                SegmentKind::Heading,
                sections.current(),
                text,
                header_start..header_start + header.trimmed,
            ));
            block.push_verbatim(&content[header.rest..], header_start + header.rest);
            continue;
        }
        // The first line is the title candidate, unless it is a blurb ("We're hiring!", a
        // sentence about the company); its words say nothing about sections.
        let is_title = (body.title.is_none()
            && block.is_blank()
            && title_shaped(content)
            && body.segments.iter().all(|s| hiring_shout(&s.text)))
            || (body.title.is_none() && matches!(marked, Some(Markup::Title(_))));
        let heading = matches!(marked, Some(Markup::Heading(_)));
        // A bullet wrapped onto the next line, indented or in lower case ("- Lift 30 lbs, with
        // or without reasonable" then "  accommodation"), goes on with the bullet: a short
        // line there is no heading.
        let continues_item = item
            && !block.is_blank()
            && bullet_len(content) == 0
            && (indent > 0 || content.starts_with(char::is_lowercase) && !content.ends_with(':'));
        if !continues_item && (is_title || heading || looks_like_heading_line(content)) {
            flush(&mut block, &mut body, &mut sections, &mut item);
            if !is_title && !heading {
                // A run-in label and its value ("Salary: Competitive + bonus"): the label
                // heads the value (see `runin::push_label_line`).
                block.push_verbatim(content, start + indent);
                let filed = runin::push_label_line(
                    &mut body.segments,
                    &mut sections,
                    SectionTracker::LINE_RANK,
                    &block,
                    &[],
                    None,
                );
                block.clear();
                if filed {
                    continue;
                }
            }
            if is_title {
                body.title = Some(body.segments.len());
            } else {
                sections.heading(SectionTracker::LINE_RANK, content);
            }
            let range = start + indent..start + indent + content.len();
            body.segments.push(Segment::verbatim(
                SegmentKind::Heading,
                sections.current(),
                text,
                range,
            ));
            continue;
        }
        let marker = bullet_len(content);
        if marker > 0 {
            flush(&mut block, &mut body, &mut sections, &mut item);
            item = true;
        } else if !block.is_blank() {
            // A line break inside a paragraph reads as a space.
            let prev_end = start.saturating_sub(if text[..start].ends_with("\r\n") {
                2
            } else {
                1
            });
            block.push_decoded(" ", prev_end..start + indent);
        }
        let item = &content[marker..];
        let item_start = start + indent + marker;
        block.push_verbatim(item, item_start);
    }
    flush(&mut block, &mut body, &mut sections, &mut item);
    body
}

/// A line of lightweight markup that is not text as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    /// A heading after a marker of this many bytes, its spaces included: `== Requirements`
    /// (AsciiDoc), `## Benefits` (Markdown in a text file).
    Heading(usize),
    /// An Org title after `#+TITLE:` and its spaces.
    Title(usize),
    /// An AsciiDoc attribute (`:toc:`, `:author: …`) or an Org setting (`#+OPTIONS: …`).
    Setting,
}

/// What a line that starts at the margin marks, if anything.
fn markup(line: &str) -> Option<Markup> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    if first == b'=' || first == b'#' {
        let run = bytes.iter().take_while(|&&b| b == first).count();
        let spaces = bytes[run..].iter().take_while(|&&b| b == b' ').count();
        if (1..=6).contains(&run) && spaces > 0 && run + spaces < bytes.len() {
            return Some(Markup::Heading(run + spaces));
        }
    }
    if let Some(setting) = line.strip_prefix("#+") {
        let (key, rest) = setting.split_once(':')?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        if key.eq_ignore_ascii_case("title") && !rest.trim().is_empty() {
            let spaces = rest.len() - rest.trim_start().len();
            return Some(Markup::Title(2 + key.len() + 1 + spaces));
        }
        return Some(Markup::Setting);
    }
    // `:name:` or `:name: value`, and `:name!:` to unset one.
    let attribute = line.strip_prefix(':')?;
    let (name, rest) = attribute.split_once(':')?;
    let name = name.strip_suffix('!').unwrap_or(name);
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (is_name && (rest.is_empty() || rest.starts_with(' '))).then_some(Markup::Setting)
}

/// A line that announces a vacancy before its title ("WE ARE HIRING!", "Now hiring:"): the
/// title is the line after it.
fn hiring_shout(line: &str) -> bool {
    // A heading's normal form (lower case, straight quotes, no markup), without the shout's
    // marks and emoji at either end.
    let mut buffer = String::new();
    let words = super::sections::normalise_into(line, &mut buffer);
    matches!(
        words.trim_matches(|c: char| !c.is_alphanumeric()),
        "we're hiring"
            | "we are hiring"
            | "we're hiring now"
            | "now hiring"
            | "hiring"
            | "hiring now"
            | "urgent hiring"
            | "urgently hiring"
            | "urgent vacancy"
            | "job opening"
            | "job vacancy"
            | "vacancy"
            | "join our team"
            | "join us"
    )
}

/// A line that can be a title: short, and not a sentence. A header line with `|`
/// separators ("Acme | ML Engineer | Remote | $150k") is one too.
fn title_shaped(line: &str) -> bool {
    (line.contains('|') && line.len() <= 240)
        || (line.len() <= 160
            && line.split_whitespace().count() <= 16
            && !line.ends_with(['.', '!', '?', ':', ',', ';']))
}

/// Where the header fields of a long `|`-separated line end.
struct ExportHeader {
    /// Length of the header without its last separator.
    trimmed: usize,
    /// Where the rest (the long field) starts.
    rest: usize,
}

/// The header of a long line of `|`-separated fields whose last field is a description
/// (longer than `title_shaped` allows): the fields before the first long one, when there are
/// at least two.
fn export_header(line: &str) -> Option<ExportHeader> {
    if !line.contains('|') {
        return None;
    }
    let mut start = 0;
    let mut fields = 0;
    let mut labelled = 0;
    for (i, _) in line.match_indices('|') {
        if i - start > 100 {
            break;
        }
        fields += 1;
        labelled += usize::from(is_labelled_field(&line[start..i]));
        start = i + 1;
    }
    // The rest must be the long field (no `|` within its first 100 bytes), and the header
    // must be an export's `key: value` fields: a flattened page's first line
    // ("Engineer, PlatformAcme | Remote | Full-timeAbout us…") is left to re-segmenting.
    (fields >= 2 && labelled >= 2 && line.len() - start > 100).then(|| ExportHeader {
        trimmed: line[..start - 1].trim_end().len(),
        rest: start,
    })
}

/// A `key: value` field of an export header ("job_id: 7", "Job Title: Applied Scientist").
fn is_labelled_field(field: &str) -> bool {
    field.split_once(':').is_some_and(|(key, value)| {
        let key = key.trim();
        !key.is_empty() && key.split_whitespace().count() <= 3 && !value.trim().is_empty()
    })
}

/// Length of a list marker at the start of a line (`- `, `* `, `• `, `1. `, `2) `), or 0.
fn bullet_len(line: &str) -> usize {
    for marker in ["- ", "* ", "+ ", "\u{2022} ", "\u{2013} ", "\u{00b7} "] {
        if line.starts_with(marker) {
            return marker.len();
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return digits + 2;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SectionKind;

    /// Each segment's text, kind and section.
    fn read_as(body: &Body) -> Vec<(&str, SegmentKind, SectionKind)> {
        body.segments
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.section))
            .collect()
    }

    #[test]
    fn a_bullet_wrapped_onto_the_next_line_goes_on_with_the_bullet() {
        use SectionKind::Requirements;
        use SegmentKind::{Body as Text, Heading};
        let txt = "Store Lead\n\nREQUIREMENTS\n- Lift 30 lbs, with or without reasonable\n  accommodation\n- Stock shelves and keep the floor\nclean\n- Two years of retail\nBenefits\n- Dental\n";
        let body = parse(txt, 0);
        assert_eq!(
            read_as(&body)[1..5],
            [
                ("REQUIREMENTS", Heading, Requirements),
                (
                    "Lift 30 lbs, with or without reasonable accommodation",
                    Text,
                    Requirements
                ),
                ("Stock shelves and keep the floor clean", Text, Requirements),
                ("Two years of retail", Text, Requirements),
            ]
        );
        // A capitalised line that starts at the margin still heads what follows.
        assert_eq!(
            read_as(&body)[5],
            ("Benefits", Heading, SectionKind::Compensation)
        );
    }

    #[test]
    fn a_label_line_heads_its_value_and_the_value_is_read() {
        // Read whole as a heading, the value's "bonus" made it a nice-to-have heading, the
        // section ran on under it, and no rule read the value.
        let txt =
            "Company Driver\n\nSalary: Competitive salary + bonus + benefits\n\nDrive the MD.\n";
        let body = parse(txt, 0);
        assert_eq!(
            read_as(&body),
            [
                ("Company Driver", SegmentKind::Heading, SectionKind::Summary),
                ("Salary:", SegmentKind::Heading, SectionKind::Compensation),
                (
                    "Competitive salary + bonus + benefits",
                    SegmentKind::Body,
                    SectionKind::Compensation
                ),
                // The label opens its section, as the line read whole did.
                (
                    "Drive the MD.",
                    SegmentKind::Body,
                    SectionKind::Compensation
                ),
            ]
        );
        for s in &body.segments {
            assert_eq!(&txt[s.source_range()], s.text);
        }
        // A label that names no section leaves a heading line whole.
        let other = parse("Driver\n\nShift pattern: Days & Benefits\n", 0);
        assert_eq!(
            other.segments.last().unwrap().text,
            "Shift pattern: Days & Benefits"
        );
    }

    #[test]
    fn an_export_line_keeps_its_header_fields_as_the_title() {
        let description = "About us: we run the marketplace behind thousands of independent shops and want someone to rank search results. ";
        let txt = format!(
            "job_id: 7 | title: Applied Scientist II | location: Seattle, WA | description: {description}Requirements: a PhD."
        );
        let body = parse(&txt, 0);
        let title = &body.segments[body.title.unwrap()];
        assert_eq!(
            title.text,
            "job_id: 7 | title: Applied Scientist II | location: Seattle, WA"
        );
        assert_eq!(&txt[title.source_range()], title.text);
        // The description field's value opens with a label of its own.
        let rest = &body.segments[body.title.unwrap() + 1..];
        let read: Vec<_> = rest
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.section))
            .collect();
        assert_eq!(
            read[..2],
            [
                ("description:", SegmentKind::Body, SectionKind::Summary),
                ("About us:", SegmentKind::Heading, SectionKind::AboutCompany),
            ]
        );
        for segment in rest {
            assert_eq!(&txt[segment.source_range()], segment.text);
        }
        // A short header line is the title as it is.
        let body = parse("Acme | ML Engineer | Remote\n\nWe build.", 0);
        assert_eq!(
            body.segments[body.title.unwrap()].text,
            "Acme | ML Engineer | Remote"
        );
    }

    #[test]
    fn a_hiring_shout_before_the_title_leaves_the_title_to_the_line_after_it() {
        let txt =
            "WE ARE HIRING!\n\nENTRY-LEVEL CUSTOMER SERVICE REPRESENTATIVE\n\nJoin our team.\n";
        let body = parse(txt, 0);
        let title = &body.segments[body.title.unwrap()];
        assert_eq!(title.text, "ENTRY-LEVEL CUSTOMER SERVICE REPRESENTATIVE");
        // A sentence first is a blurb: no line after it is the title.
        let blurb = parse("We build tools for clinics!\n\nSenior Engineer\n", 0);
        assert_eq!(blurb.title, None);
    }

    #[test]
    fn lightweight_markup_keeps_its_words_and_drops_its_markers_and_settings() {
        let adoc = "= ML Engineer\n:toc:\n:author: Jo Doe\n\nWe route trucks.\n\n\
                    == Nice to have\n* A PhD\n";
        let body = parse(adoc, 0);
        let got = read_as(&body);
        assert_eq!(
            got,
            [
                ("ML Engineer", SegmentKind::Heading, SectionKind::Summary),
                ("We route trucks.", SegmentKind::Body, SectionKind::Summary),
                ("Nice to have", SegmentKind::Heading, SectionKind::Preferred),
                ("A PhD", SegmentKind::Body, SectionKind::Preferred),
            ]
        );
        assert_eq!(body.title, Some(0));
        let heading = &body.segments[2];
        assert_eq!(&adoc[heading.source_range()], "Nice to have");
        // Org: the title after `#+TITLE:`, other settings left out.
        let org = "#+OPTIONS: toc:nil\n#+TITLE:  Data Engineer\nWe build pipelines.\n";
        let body = parse(org, 0);
        let title = &body.segments[body.title.unwrap()];
        assert_eq!(title.text.as_str(), "Data Engineer");
        assert_eq!(&org[title.source_range()], "Data Engineer");
        // Not markup: a bare marker, a line of `=`, a time, a hashtag.
        for line in [
            "=",
            "======",
            "# ",
            ":10:30 start",
            "#hiring",
            "#+: x",
            ":: x",
        ] {
            assert_eq!(markup(line), None, "{line}");
        }
    }

    #[test]
    fn lines_bullets_and_heading_lines() {
        let txt = "Data Scientist\r\n\r\nWe are a small team\r\nin Berlin.\r\n\r\nRequirements:\r\n- A PhD is required\r\n\t* Python\r\nNice to have:\r\n1. Rust\r\n";
        let body = parse(txt, 0);
        let got = read_as(&body);
        assert_eq!(
            got,
            vec![
                ("Data Scientist", SegmentKind::Heading, SectionKind::Summary),
                (
                    "We are a small team in Berlin.",
                    SegmentKind::Body,
                    SectionKind::Summary
                ),
                (
                    "Requirements:",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "A PhD is required",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                ("Python", SegmentKind::Body, SectionKind::Requirements),
                (
                    "Nice to have:",
                    SegmentKind::Heading,
                    SectionKind::Preferred
                ),
                ("Rust", SegmentKind::Body, SectionKind::Preferred),
            ]
        );
        assert_eq!(body.title, Some(0));
        let python = &body.segments[4];
        assert_eq!(&txt[python.source_range()], "Python");
        let joined = &body.segments[1];
        let at = joined.text.find("team in").unwrap();
        assert_eq!(&txt[joined.map.to_source(at..at + 7)], "team\r\nin");
    }
}
