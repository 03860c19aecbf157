//! Markdown: the events of the one-pass reader (`simple_markdown`) for the Markdown most
//! postings are written in, or of pulldown-cmark's offset iterator for the rest; one segment
//! per block, inline events joined so phrases that cross markup (`We are *rockstars*`) still
//! match. Code, raw HTML (comments included), link URLs, images and Liquid/Jekyll template
//! tags are not prose.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::directives::{Directive, scan_comments};
use super::sections::{SectionTracker, looks_like_heading_line};
use super::{Body, Segment, SegmentKind, TextBuilder, runin, simple_markdown};
use crate::source::SourceFile;

/// Parses the Markdown body that starts at `body_start` in `file`, each segment that is a
/// verbatim stretch of the file sharing its text as soon as it is filed: a huge posting's
/// prose is never held twice.
pub fn parse_shared(file: &Arc<SourceFile>, body_start: usize) -> Body {
    read(&file.text, body_start, Some(file))
}

/// Parses the Markdown body that starts at `body_start` in `text`.
pub fn parse(text: &str, body_start: usize) -> Body {
    read(text, body_start, None)
}

/// pulldown-cmark builds a tree of the whole text before its first event, about one and a
/// half times the text: a body longer than this is read in chunks that end where a new
/// top-level block must start, so a huge posting costs a chunk's tree, not its own.
const CHUNK_BYTES: usize = 1 << 20;

/// Bytes of Markdown per segment, about: what the segments' room is reserved by.
const SEGMENT_BYTES: usize = 96;

fn read(text: &str, body_start: usize, file: Option<&Arc<SourceFile>>) -> Body {
    read_in_chunks(text, body_start, file, CHUNK_BYTES, Reader::Simple)
}

/// Which parser reads a body: the one-pass reader of the Markdown most postings are written
/// in (`simple_markdown`), falling back to pulldown-cmark for a body it declines, or
/// pulldown-cmark always (what the tests compare the first with).
#[derive(Clone, Copy, PartialEq)]
enum Reader {
    Simple,
    #[cfg(test)]
    Pulldown,
}

fn read_in_chunks(
    text: &str,
    body_start: usize,
    file: Option<&Arc<SourceFile>>,
    chunk_bytes: usize,
    reader: Reader,
) -> Body {
    // Template tags are blanked with spaces of the same byte length, so every offset the
    // parser reports is still an offset into the original text, and the blanked text is read
    // as the source: the words around a tag keep their exact spans.
    let masked = mask_templates(text, body_start);
    let new_state = || State {
        file: file.cloned(),
        // Room for a segment per `SEGMENT_BYTES` (bulk averages one per 120 bytes), capped
        // for a huge posting, whose segments grow as they are found: grown from empty, they
        // were copied five times a posting.
        segments: Vec::with_capacity(
            (text.len().saturating_sub(body_start) / SEGMENT_BYTES + 4).min(1024),
        ),
        ..State::default()
    };
    if reader == Reader::Simple && masked.len() - body_start <= chunk_bytes {
        // What the simple reader filed before it declined is dropped, and pulldown-cmark
        // starts afresh.
        let mut state = new_state();
        // Templates are blanked with their line ends kept: the file's lines are the text's.
        let line_starts = file.map(|f| f.line_starts());
        let read = simple_markdown::read(&masked, body_start, line_starts, |event, range| {
            state.event(event, range, &masked);
        });
        if read.is_some() {
            return state.finish();
        }
    }
    let mut state = new_state();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut start = body_start;
    'chunks: for end in chunk_ends(&masked, body_start, chunk_bytes) {
        let chunk = &masked[start..end];
        // A top-level code or raw HTML block is held until it ends: one that reaches the end
        // of the chunk was left open (closed, it would end before the blank line that comes
        // before the next chunk's heading) and may go on past it.
        let mut held: Vec<(Event<'_>, Range<usize>)> = Vec::new();
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(chunk, options).into_offset_iter() {
            let holds = !held.is_empty()
                || depth == 0 && matches!(event, Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock));
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            if !holds {
                state.event(event, range.start + start..range.end + start, &masked);
                continue;
            }
            let ends_block = depth == 0;
            let left_open = ends_block && range.end >= chunk.len() && end < masked.len();
            held.push((event, range));
            if left_open {
                // The rest of the body is read as one from the block's start, which is what
                // it would cost without chunks; the blocks before it were read already.
                let from = start + held[0].1.start;
                for (event, range) in Parser::new_ext(&masked[start..], options).into_offset_iter()
                {
                    if range.start + start >= from {
                        state.event(event, range.start + start..range.end + start, &masked);
                    }
                }
                break 'chunks;
            }
            if ends_block {
                for (event, range) in held.drain(..) {
                    state.event(event, range.start + start..range.end + start, &masked);
                }
            }
        }
        start = end;
    }
    state.finish()
}

#[derive(Default)]
struct State {
    segments: Vec<Segment>,
    directives: Vec<Directive>,
    title: Option<usize>,
    sections: SectionTracker,
    block: TextBuilder,
    /// Rank of the heading being read, if the current block is a heading.
    heading: Option<u8>,
    /// Depth inside code blocks, raw HTML blocks, images and autolinks: text there is skipped.
    hidden: usize,
    /// Open links, innermost last: `true` for autolinks.
    links: Vec<bool>,
    /// Bytes of text read inside and outside `**strong**` in the current block.
    strong_depth: usize,
    strong_bytes: usize,
    plain_bytes: usize,
    /// A list item has started and its first block is not filed yet.
    item_start: bool,
    /// Open lists: a nested list's items are details of an item, not items of their own.
    lists: usize,
    /// Source ranges of inline code spans.
    code: Vec<Range<usize>>,
    /// Where the current block's line breaks are in its text (each read as a space).
    breaks: Vec<usize>,
    /// The file whose text verbatim segments share.
    file: Option<Arc<SourceFile>>,
}

impl State {
    fn finish(mut self) -> Body {
        self.flush();
        Body {
            segments: self.segments,
            title: self.title,
            directives: self.directives,
            code: self.code,
            structured: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, source: &str) {
        match event {
            // Suppression comments live in raw HTML, never in code.
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                scan_comments(source, range.clone(), &mut self.directives);
                if let Event::Start(tag) = event {
                    self.start(tag);
                }
            }
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) if self.hidden == 0 => {
                if self.strong_depth > 0 {
                    self.strong_bytes += t.len();
                } else {
                    self.plain_bytes += crate::bytescan::trim(&t).len();
                }
                self.block.push_from(&t, source, range);
            }
            // Inline code is not prose, but it separates words.
            Event::Code(_) if self.hidden == 0 => {
                self.code.push(range.clone());
                self.block.push_decoded(" ", range);
            }
            Event::SoftBreak | Event::HardBreak if self.hidden == 0 => {
                self.breaks.push(self.block.text().len());
                self.block.push_decoded(" ", range);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Item => {
                self.flush();
                self.item_start = self.lists <= 1;
            }
            Tag::List(_) => {
                self.flush();
                self.lists += 1;
            }
            Tag::Paragraph
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::FootnoteDefinition(_) => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level as u8);
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. } => {
                self.hidden += 1;
            }
            Tag::Link { link_type, .. } => {
                // An autolink's text is its URL: not prose. A normal link's text is.
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.hidden += usize::from(autolink);
                self.links.push(autolink);
            }
            Tag::Strong => self.strong_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            // An item that ended with no text ("-" alone on its line) starts nothing: the
            // paragraph after the list is not an item.
            TagEnd::Item => {
                self.flush();
                self.item_start = false;
            }
            TagEnd::Paragraph
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::FootnoteDefinition
            | TagEnd::Heading(_) => self.flush(),
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            TagEnd::Link if self.links.pop() == Some(true) => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::List(_) => {
                self.flush();
                self.lists = self.lists.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// Ends the current block and files it as a heading or body segment.
    fn flush(&mut self) {
        let heading = self.heading.take();
        let (strong, plain) = (
            std::mem::take(&mut self.strong_bytes),
            std::mem::take(&mut self.plain_bytes),
        );
        // Trimmed once, for the blank test and the rest.
        let text = crate::bytescan::trim(self.block.text());
        if text.is_empty() {
            self.block.clear();
            self.breaks.clear();
            return;
        }
        let item = std::mem::take(&mut self.item_start);
        let bold_line =
            strong > 0 && plain == 0 && text.chars().count() <= 80 && !text.contains('\n');
        let rank = match heading {
            Some(rank) => Some(rank),
            // A list item is prose ("- Candidates must be under 30" is not a heading), unless it
            // is bold only.
            // (`looks_like_heading_line` turns down a long paragraph before it looks for ". ".)
            None if bold_line || (self.lists == 0 && looks_like_heading_line(text)) => {
                Some(SectionTracker::LINE_RANK)
            }
            None => None,
        };
        match rank {
            Some(rank)
                if heading.is_none()
                    && runin::push_label_line(
                        &mut self.segments,
                        &mut self.sections,
                        rank,
                        &self.block,
                        &self.breaks,
                        self.file.as_ref(),
                    ) =>
            {
                self.block.clear();
                self.breaks.clear();
            }
            Some(rank) => {
                // The first real heading is the title candidate; its words ("Developer
                // Experience") say nothing about sections.
                if self.title.is_none() && heading.is_some() {
                    self.title = Some(self.segments.len());
                } else {
                    self.sections.heading(rank, text);
                }
                self.segments.push(Segment::of_block(
                    SegmentKind::Heading,
                    self.sections.current(),
                    &self.block,
                    self.file.as_ref(),
                ));
                self.block.clear();
                self.breaks.clear();
            }
            None => {
                let map = self.block.map();
                runin::push_lines(
                    &mut self.segments,
                    &mut self.sections,
                    self.block.text(),
                    &self.breaks,
                    &map,
                    item,
                    self.file.as_ref(),
                );
                self.block.clear();
                self.breaks.clear();
            }
        }
    }
}

/// Where to end the chunks of the body that starts at `body_start`: each chunk but the last
/// is at least `chunk_bytes` long and ends before an ATX heading at the start of a line after
/// a blank line. Nothing open before such a heading goes on past it (a paragraph, list, quote,
/// table or indented code ends at the blank line or at the unindented heading) except a fence
/// or a raw HTML block (a comment, `<pre>`, ...) left open, which the reader finds in the
/// chunk's events. A reference link (`[text][ref]`) whose definition is in another chunk
/// reads as its text. The last end is `text.len()`; a body with no such place is one chunk.
fn chunk_ends(text: &str, body_start: usize, chunk_bytes: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    if text.len() - body_start > chunk_bytes {
        let mut chunk_start = body_start;
        let mut previous_blank = true;
        let mut at = body_start;
        for line in text[body_start..].split_inclusive('\n') {
            let line_start = at;
            at += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if previous_blank && line_start - chunk_start >= chunk_bytes && is_atx_heading(line) {
                ends.push(line_start);
                chunk_start = line_start;
            }
            previous_blank = line.trim().is_empty();
        }
    }
    ends.push(text.len());
    ends
}

/// `# Title` to `###### Title` (or a bare `#`) at the very start of the line.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// `text` with the Liquid/Jekyll template syntax (`{% comment %}…{% endcomment %}`,
/// `{% tag %}`, `{{ value }}`) of its body (from `body_start`) blanked with spaces, keeping
/// newlines and byte length; borrowed when there is none.
fn mask_templates(text: &str, body_start: usize) -> std::borrow::Cow<'_, str> {
    let body = &text[body_start..];
    // Two substring searches of the whole body were 0.6% of bulk.
    if !crate::bytescan::holds_tag_opening(body.as_bytes(), b"%{") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let mut blank = |range: Range<usize>| {
        for b in &mut out[body_start + range.start..body_start + range.end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    };
    // Once a closing `%}`, `}}` or `endcomment` is not found after some offset, it is not
    // found after any later one either: the rest of the text is not searched again, so a file
    // of unterminated tags costs one pass, not one pass per tag.
    let mut none_after: [Option<usize>; 3] = [None; 3];
    let mut find_from = |from: usize, which: usize| -> Option<usize> {
        let what = ["%}", "}}", "endcomment"][which];
        if none_after[which].is_some_and(|p| from >= p) {
            return None;
        }
        let found = body[from..].find(what).map(|e| from + e);
        crate::work::count(
            crate::work::Loop::Templates,
            found.map_or(body.len(), |e| e + what.len()) - from,
        );
        if found.is_none() {
            none_after[which] = Some(none_after[which].map_or(from, |p| p.min(from)));
        }
        found
    };
    let mut i = 0;
    while let Some(found) = body[i..].find('{') {
        let start = i + found;
        let rest = &body[start..];
        let end = if rest.starts_with("{%") && is_comment_tag(rest) {
            find_from(start, 2).and_then(|e| find_from(e, 0).map(|c| c + 2))
        } else if rest.starts_with("{%") {
            find_from(start, 0).map(|e| e + 2)
        } else if rest.starts_with("{{") {
            find_from(start, 1).map(|e| e + 2)
        } else {
            None
        };
        match end {
            Some(end) => {
                blank(start..end);
                i = end;
            }
            None => i = start + 1,
        }
    }
    // Blanked ranges start and end at ASCII braces, so they hold whole characters and the
    // result is UTF-8; the fallback only keeps this panic-free.
    match String::from_utf8(out) {
        Ok(masked) => std::borrow::Cow::Owned(masked),
        Err(_) => std::borrow::Cow::Borrowed(text),
    }
}

fn is_comment_tag(tag: &str) -> bool {
    tag[2..].trim_start().starts_with("comment")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Markdown posting under `dir`, recursively.
    fn postings_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
            .map(|entry| entry.into_path())
            .collect()
    }

    /// The body both ways, as `Debug` prints it (every segment's text, kind, section and span
    /// map, the title, directives and code ranges); `None` when the simple reader declines.
    fn both_ways(text: &str) -> Option<(String, String)> {
        let body_start = crate::document::frontmatter::parse(text).1;
        // Accepted as the reader sees it: with template tags blanked.
        simple_markdown::read(
            &mask_templates(text, body_start),
            body_start,
            None,
            |_, _| {},
        )?;
        let simple = read_in_chunks(text, body_start, None, CHUNK_BYTES, Reader::Simple);
        let pulldown = read_in_chunks(text, body_start, None, CHUNK_BYTES, Reader::Pulldown);
        Some((format!("{simple:#?}"), format!("{pulldown:#?}")))
    }

    /// Pieces of Markdown that the simple reader reads or declines, and their neighbours:
    /// emphasis runs, brackets and links, images, code, escapes, entities, breaks, list
    /// markers and empty items, headings, underlines, quotes, tildes, `<` and `>` (tags,
    /// autolinks, comments, "less than"), and characters beyond ASCII on either side of a
    /// delimiter.
    const MARKDOWN_PIECES: &[&str] = &[
        "word",
        "We hire",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n  ",
        "\n    ",
        "*",
        "**",
        "***",
        "_",
        "__",
        "*a*",
        "**b**",
        "_c_",
        "a*b",
        "[",
        "]",
        "](https://x.test/a_b)",
        "](u)",
        "[l](u)",
        "`",
        "``",
        "`code`",
        "\\",
        "\\*",
        "\\_",
        "\\[",
        "\\\n",
        "&amp;",
        "&nbsp;",
        "&#39;",
        "&x;",
        "R&D",
        "# ",
        "## ",
        "#",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "---",
        "===",
        "- - -",
        "* * *",
        "  ",
        "\u{2019}",
        "\u{2014}",
        "\u{e9}",
        "\u{1f30e}",
        "\u{a0}",
        ".",
        "(",
        ")",
        "!",
        ":",
        "|",
        "#hashtag",
        "-",
        "=",
        "1.",
        "  * ",
        "    - ",
        "   ",
        "\n- ",
        "\n1. ",
        "\n## ",
        "\n\n  ",
        "a_b_c",
        "*\u{2019}",
        "\u{301}",
        "\u{200b}",
        "\u{fe0f}",
        "\u{feff}",
        "~",
        "~~",
        "~~~",
        "~50",
        "a~b",
        "~~x~~",
        "~y~",
        "\\~",
        "](https://x.test/~a)",
        "![",
        "![](https://x.test/i.png)",
        "![alt](u)",
        "![a*b](u)",
        "<",
        "< ",
        "<5",
        ">",
        "<a>",
        "<https://x.test>",
        "<a@b.test>",
        "<!-- c -->",
        "*",
        "+",
        "*\n",
        "*   \n\n",
        "\n* \n",
        "\n  *\n\n",
        "> ",
        ">",
        "> quote",
        "\n> x\n\n",
        ">  >",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// Whatever the simple reader accepts, it reads as pulldown-cmark does.
        #[test]
        fn the_simple_reader_reads_generated_markdown_as_pulldown_cmark_does(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(MARKDOWN_PIECES),
                    proptest::sample::select(FRAGMENTS),
                ],
                0..40,
            ),
        ) {
            let text = pieces.concat();
            if let Some((simple, pulldown)) = both_ways(&text) {
                proptest::prop_assert_eq!(simple, pulldown, "{:?}", text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Any text of printable ASCII, line breaks, other ASCII white space and a few
        /// characters beyond ASCII: the simple reader does not panic, and what it accepts it
        /// reads as pulldown-cmark does.
        #[test]
        fn the_simple_reader_agrees_with_pulldown_cmark_on_any_text(
            text in "[ -~\n\t\r\u{b}\u{c}\u{a0}\u{e9}\u{2019}\u{1f30e}\u{2028}]{0,120}",
        ) {
            if let Some((simple, pulldown)) = both_ways(&text) {
                proptest::prop_assert_eq!(simple, pulldown, "{:?}", text);
            }
        }
    }

    #[test]
    fn the_simple_reader_reads_postings_as_pulldown_cmark_does() {
        let roots = ["fixtures", "../shared/corpus/bulk", "../shared/corpus/open"];
        let mut read = 0;
        let mut accepted = 0;
        let mut differ = Vec::new();
        for root in roots {
            for path in postings_under(std::path::Path::new(root)) {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                read += 1;
                if let Some((simple, pulldown)) = both_ways(&text) {
                    accepted += 1;
                    if simple != pulldown {
                        differ.push((path, simple, pulldown));
                    }
                }
            }
        }
        eprintln!(
            "simple reader: {accepted} of {read} postings, {} differ",
            differ.len()
        );
        if let Some((path, simple, pulldown)) = differ.first() {
            let line = simple
                .lines()
                .zip(pulldown.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let around = |s: &str| {
                s.lines()
                    .skip(line.saturating_sub(12))
                    .take(24)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{} of {accepted} differ; first {}:\nsimple:\n{}\npulldown:\n{}",
                differ.len(),
                path.display(),
                around(simple),
                around(pulldown)
            );
        }
        assert!(read > 0, "no postings found");
    }

    /// A careers page of many roles, with every block that a blank line does not end.
    const PAGE: &str = "# Careers at Acme\n\nWe build *tools* for [teams](https://acme.test).\n\n\
## Backend Engineer\n\nRequirements:\n\n- Go or **Rust**\n- On-call one week a month\n  \
continued here\n\n> A quote\n\n```\ncode\n\n# not a heading: a fence\n```\n\n\
## Research Scientist\n\n<!-- a comment\n\n# not a heading: a comment\n-->\n\n\
| a | b |\n|---|---|\n| PhD | required |\n\n<pre>\n\n# not a heading: raw\n</pre>\n\n\
~~~~\n\n## not a heading: a longer fence\n~~~\n~~~~\n\n\
### Data Scientist\n\n<!-- hirelint-disable-next-line jargon -->\nBe a `ninja` rockstar.\n\n\
#hashtag is a paragraph\n\n####### seven is a paragraph\n\n#\n\nLast words.\n";

    /// Each segment's text, kind and section, read by the simple reader.
    fn read_as(text: &str) -> Vec<(String, SegmentKind, crate::document::SectionKind)> {
        let body = read_in_chunks(text, 0, None, usize::MAX, Reader::Simple);
        body.segments
            .iter()
            .map(|s| (s.text.to_string(), s.kind, s.section))
            .collect()
    }

    #[test]
    fn a_label_line_heads_its_value_and_labels_keep_to_their_lines() {
        use crate::document::SectionKind::{Compensation, Other, Preferred, Requirements};
        use SegmentKind::{Body, Heading};
        let owned = |v: &[(&str, SegmentKind, crate::document::SectionKind)]| {
            v.iter()
                .map(|&(t, k, s)| (t.to_string(), k, s))
                .collect::<Vec<_>>()
        };
        // A header block: one paragraph of label lines. Read whole, the first two lines were
        // one heading (the value's "bonus" a nice-to-have's word); then "Competitive salary +
        // bonus + benefits Clearance:" was read as a label reaching back over a line break.
        assert_eq!(
            read_as(
                "# Consultant\n\n**Location:** London\n**Salary:** Competitive salary + bonus + benefits\n**Clearance:** SC\n"
            ),
            owned(&[
                ("Consultant", Heading, crate::document::SectionKind::Summary),
                ("Location:", Heading, Other),
                ("London", Body, Other),
                ("Salary:", Heading, Compensation),
                (
                    "Competitive salary + bonus + benefits Clearance: SC",
                    Body,
                    Compensation
                ),
            ])
        );
        // A label whose value leads into the list below heads the list, as the whole line
        // did, and its value is read.
        assert_eq!(
            read_as(
                "# SRE\n\n## Requirements\n\n- Go\n\n**Good to have:** Experience with\n\n- Helm\n"
            ),
            owned(&[
                ("SRE", Heading, crate::document::SectionKind::Summary),
                ("Requirements", Heading, Requirements),
                ("Go", Body, Requirements),
                ("Good to have:", Heading, Preferred),
                ("Experience with", Body, Preferred),
                ("Helm", Body, Preferred),
            ])
        );
    }

    #[test]
    fn chunks_end_before_headings_after_a_blank_line() {
        let ends = chunk_ends(PAGE, 0, 1);
        let starts: Vec<&str> = ends[..ends.len() - 1]
            .iter()
            .map(|&end| PAGE[end..].lines().next().unwrap())
            .collect();
        assert_eq!(
            starts,
            [
                "## Backend Engineer",
                "# not a heading: a fence",
                "## Research Scientist",
                "# not a heading: a comment",
                "# not a heading: raw",
                "## not a heading: a longer fence",
                "### Data Scientist",
                "#"
            ]
        );
        assert_eq!(ends.last(), Some(&PAGE.len()));
        // A body within the chunk size is one chunk.
        assert_eq!(chunk_ends(PAGE, 0, PAGE.len()), [PAGE.len()]);
    }

    #[test]
    fn a_body_read_in_chunks_reads_as_the_whole() {
        let whole = read_in_chunks(PAGE, 0, None, usize::MAX, Reader::Pulldown);
        let chunked = read_in_chunks(PAGE, 0, None, 1, Reader::Pulldown);
        let view = |body: &Body| {
            body.segments
                .iter()
                .map(|s| (s.kind, s.section, s.text.to_string(), s.map.clone(), s.item))
                .collect::<Vec<_>>()
        };
        assert!(view(&whole).len() > 10);
        assert_eq!(view(&chunked), view(&whole));
        assert_eq!(chunked.title, whole.title);
        assert_eq!(chunked.directives, whole.directives);
        assert_eq!(chunked.code, whole.code);
    }

    /// Fragments of the blocks that decide where a chunk may end, and of those around them.
    const FRAGMENTS: &[&str] = &[
        "# ",
        "## Role\n",
        "###### Six\n",
        "####### Seven\n",
        "#tag\n",
        "#\n",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "   ",
        "    ",
        "\t",
        "- ",
        "1. ",
        "> ",
        "```\n",
        "~~~~\n",
        "~~~\n",
        "`",
        "<!-- ",
        " -->",
        "<pre>\n",
        "</pre>\n",
        "<script>",
        "</script>",
        "<?x ",
        "?>",
        "<![CDATA[",
        "]]>",
        "<div>\n",
        "</div>\n",
        "| a | b |\n|---|---|\n",
        "[text][ref]",
        "**bold**",
        "Setext\n===\n",
        "---\n",
        "Build it.",
        "Zürich",
        "🚀",
        "{% comment %}",
        "{% endcomment %}",
        "{{ x }}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Reading in chunks reads as the whole, wherever the chunks end. (A reference link
        /// defined in another chunk is the known exception: no fragment defines one.)
        #[test]
        fn chunks_read_as_the_whole(
            picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..60),
            chunk in 1usize..40,
        ) {
            let text: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
            let whole = read_in_chunks(&text, 0, None, usize::MAX, Reader::Pulldown);
            let chunked = read_in_chunks(&text, 0, None, chunk, Reader::Pulldown);
            let view = |body: &Body| {
                body.segments
                    .iter()
                    .map(|s| (s.kind, s.section, s.text.to_string(), s.map.clone(), s.item))
                    .collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(view(&chunked), view(&whole));
            proptest::prop_assert_eq!(chunked.title, whole.title);
            proptest::prop_assert_eq!(chunked.directives, whole.directives);
            proptest::prop_assert_eq!(chunked.code, whole.code);
        }
    }

    /// Asserts each segment's text of `markdown`, read as a file, and whether it shares the
    /// file's text.
    fn assert_sharing(markdown: &str, expected: &[(&str, bool)]) {
        let file = Arc::new(SourceFile::new("p.md", markdown));
        let body = parse_shared(&file, 0);
        let texts: Vec<(&str, bool)> = body
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.text.is_shared()))
            .collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn verbatim_segments_share_the_file_text() {
        assert_sharing(
            "# T\n\nWe hire.\n\nWe *hire*.\n",
            &[("T", true), ("We hire.", true), ("We hire.", false)],
        );
    }

    #[test]
    fn a_heading_that_is_not_verbatim_owns_its_text_and_the_next_block_starts_afresh() {
        // The heading's builder is cleared for the next block, not replaced.
        assert_sharing(
            "# T\n\n## Pay &amp; *perks*\n\nWe hire.\n\n### Benefits\n\nLunch.\n",
            &[
                ("T", true),
                ("Pay & perks", false),
                ("We hire.", true),
                ("Benefits", true),
                ("Lunch.", true),
            ],
        );
    }

    #[test]
    fn the_pieces_of_a_block_with_run_in_headings_share_the_file_text() {
        assert_sharing(
            "# T\n\nRequirements: Rust. Benefits: *free* lunch.\n",
            &[
                ("T", true),
                ("Requirements:", true),
                ("Rust.", true),
                ("Benefits:", true),
                ("free lunch.", false),
            ],
        );
    }

    #[test]
    fn templates_are_blanked_and_unterminated_tags_stay_text_in_one_pass() {
        let body = "a {{ x }} b {% if y %}c{% comment %} d {% endcomment %} e {% open f {{ g";
        let masked = mask_templates(body, 0);
        assert_eq!(masked.len(), body.len());
        assert_eq!(
            masked,
            "a         b           c                                 e {% open f {{ g"
        );
        // A close before the unterminated tag still closes an earlier one.
        let body = "{% a %} {% b {% c %} {% d";
        assert_eq!(mask_templates(body, 0), format!("{}{{% d", " ".repeat(21)));
        // Front matter before the body is left as it is.
        let text = "---\nt: {{ x }}\n---\n{{ y }} z";
        let body_start = text.find("{{ y").unwrap();
        assert_eq!(
            mask_templates(text, body_start),
            "---\nt: {{ x }}\n---\n        z"
        );
    }
    use crate::document::SectionKind;

    fn texts(body: &Body) -> Vec<(&str, SegmentKind, SectionKind)> {
        body.segments
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.section))
            .collect()
    }

    #[test]
    fn an_empty_bullet_does_not_make_the_paragraph_after_its_list_an_item() {
        // Converters leave a bullet with nothing after it. The table sends the second text
        // to pulldown-cmark rather than the simple reader: both hand over the same events.
        for md in [
            "## Requirements\n\n- Go\n-\n\nApply by Friday.\n\n- Rust\n* \n\nThanks.\n",
            "## Requirements\n\n- Go\n-\n\nApply by Friday.\n\n- Rust\n* \n\n| a |\n|---|\n",
        ] {
            let body = parse(md, 0);
            let items: Vec<_> = body
                .segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Body)
                .map(|s| (s.text.as_str(), s.item))
                .collect();
            assert_eq!(
                items[..3],
                [("Go", true), ("Apply by Friday.", false), ("Rust", true)],
                "{md:?}"
            );
            assert!(!items[3].1, "{md:?}");
        }
    }

    #[test]
    fn lines_that_open_with_a_bullet_glyph_are_list_items() {
        // A list pasted as text: Markdown reads its lines as one paragraph (or a paragraph
        // each); the plain-text reader already reads "• " as a bullet. The table sends the
        // second text to pulldown-cmark: both readers hand the same blocks to the same place.
        for md in [
            "## Requirements\n\nYou will need:\n\u{2022} Five years of Go,\n  wrapped here\n\u{00b7} SQL\n\n\u{2022} Kafka\n\nThanks \u{2022} bye.\n",
            "## Requirements\n\nYou will need:\n\u{2022} Five years of Go,\n  wrapped here\n\u{00b7} SQL\n\n\u{2022} Kafka\n\nThanks \u{2022} bye.\n\n| a |\n|---|\n",
        ] {
            let body = parse(md, 0);
            let items: Vec<_> = body
                .segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Body)
                .map(|s| (s.text.as_str(), s.item, &md[s.source_range()]))
                .collect();
            // ("You will need:" is a run-in label: a heading piece.)
            assert_eq!(
                items[..4],
                [
                    (
                        "Five years of Go, wrapped here",
                        true,
                        "Five years of Go,\n  wrapped here"
                    ),
                    ("SQL", true, "SQL"),
                    ("Kafka", true, "Kafka"),
                    // A glyph inside a line is no bullet.
                    ("Thanks \u{2022} bye.", false, "Thanks \u{2022} bye."),
                ],
                "{md:?}"
            );
        }
        // A label line between the bullets heads the bullets after it.
        let body = parse(
            "# Engineer\n\n## Requirements\n\n\u{2022} Go\n\u{2022} SQL\nPreferred qualifications:\n\u{2022} Rust\n",
            0,
        );
        let items: Vec<_> = body
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.section, s.item))
            .collect();
        assert_eq!(
            items[2..],
            [
                ("Go", SegmentKind::Body, SectionKind::Requirements, true),
                ("SQL", SegmentKind::Body, SectionKind::Requirements, true),
                (
                    "Preferred qualifications:",
                    SegmentKind::Heading,
                    SectionKind::Preferred,
                    false
                ),
                ("Rust", SegmentKind::Body, SectionKind::Preferred, true),
            ]
        );
    }

    #[test]
    fn blocks_headings_and_sections() {
        let md = "# ML Engineer\n\nWe build *fast* things.\n\n## Requirements\n\n- A PhD is required\n- Python\n\n**Nice to have**\n\n- PhD\n";
        let body = parse(md, 0);
        assert_eq!(body.title, Some(0));
        assert_eq!(
            texts(&body),
            vec![
                ("ML Engineer", SegmentKind::Heading, SectionKind::Summary),
                (
                    "We build fast things.",
                    SegmentKind::Body,
                    SectionKind::Summary
                ),
                (
                    "Requirements",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "A PhD is required",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                ("Python", SegmentKind::Body, SectionKind::Requirements),
                ("Nice to have", SegmentKind::Heading, SectionKind::Preferred),
                ("PhD", SegmentKind::Body, SectionKind::Preferred),
            ]
        );
        let fast = &body.segments[1];
        let at = fast.text.find("fast").unwrap();
        assert_eq!(&md[fast.map.to_source(at..at + 4)], "fast");
    }

    #[test]
    fn code_html_comments_and_urls_are_not_prose() {
        let md = "Intro [see docs](https://ninja.example) here.\n\n```\nrockstar\n```\n\n<!-- ninja -->\n\n<https://x.example/guru> and more\n";
        let body = parse(md, 0);
        let all: Vec<&str> = body.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, ["Intro see docs here.", "and more"]);
    }

    #[test]
    fn liquid_comments_are_masked_without_moving_offsets() {
        let md = "{% comment %}\nPhD required\n{% endcomment %}\nA PhD is required.\n";
        let body = parse(md, 0);
        assert_eq!(body.segments.len(), 1);
        let seg = &body.segments[0];
        assert_eq!(seg.text, "A PhD is required.");
        assert_eq!(&md[seg.source_range()], "A PhD is required.");
    }

    #[test]
    fn words_next_to_a_template_tag_keep_their_exact_spans() {
        // Found by the span-map property test: the run holding a tag was not verbatim, so
        // "Github" widened to the whole run and lost its fix.
        let md = "Github{{ page.x }} and {% if a %}PhD{% endif %} more";
        let body = parse(md, 0);
        let seg = &body.segments[0];
        let at = seg.text.find("PhD").unwrap();
        assert_eq!(&md[seg.map.to_source(0..6)], "Github");
        assert_eq!(&md[seg.map.to_source(at..at + 3)], "PhD");
    }

    #[test]
    fn entities_map_to_their_source_bytes() {
        let md = "R&amp;D \\*team\\*";
        let body = parse(md, 0);
        let seg = &body.segments[0];
        assert_eq!(seg.text, "R&D *team*");
        assert_eq!(&md[seg.map.to_source(0..3)], "R&amp;D");
    }
}
