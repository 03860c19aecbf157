//! Markdown: pulldown-cmark's offset iterator, one segment per block, inline events joined so
//! phrases that cross markup (`We are *rockstars*`) still match. Code, raw HTML (comments
//! included), link URLs, images and Liquid/Jekyll template tags are not prose.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::directives::{Directive, scan_comments};
use super::sections::{SectionTracker, looks_like_heading_line};
use super::{Body, Segment, SegmentKind, TextBuilder, runin};

/// Parses the Markdown body that starts at `body_start` in `text`.
pub fn parse(text: &str, body_start: usize) -> Body {
    // Template tags are blanked with spaces of the same byte length, so every offset the
    // parser reports is still an offset into the original text, and the blanked text is read
    // as the source: the words around a tag keep their exact spans.
    let masked = mask_templates(text, body_start);
    let parser = Parser::new_ext(
        &masked[body_start..],
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut state = State::default();
    for (event, range) in parser.into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        state.event(event, range, &masked);
    }
    state.flush();
    Body {
        segments: state.segments,
        title: state.title,
        directives: state.directives,
        code: state.code,
        structured: Vec::new(),
    }
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
}

impl State {
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
                    self.plain_bytes += t.trim().len();
                }
                self.block.push_from(&t, source, range);
            }
            // Inline code is not prose, but it separates words.
            Event::Code(_) if self.hidden == 0 => {
                self.code.push(range.clone());
                self.block.push_decoded(" ", range);
            }
            Event::SoftBreak | Event::HardBreak if self.hidden == 0 => {
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
            TagEnd::Paragraph
            | TagEnd::Item
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
        let block = std::mem::take(&mut self.block);
        let heading = self.heading.take();
        let (strong, plain) = (
            std::mem::take(&mut self.strong_bytes),
            std::mem::take(&mut self.plain_bytes),
        );
        if block.is_blank() {
            return;
        }
        let item = std::mem::take(&mut self.item_start);
        let text = block.text().trim();
        let bold_line =
            strong > 0 && plain == 0 && text.chars().count() <= 80 && !text.contains('\n');
        let rank = match heading {
            Some(rank) => Some(rank),
            // A list item is prose ("- Candidates must be under 30" is not a heading), unless it
            // is bold only.
            None if bold_line
                || (self.lists == 0 && !text.contains(". ") && looks_like_heading_line(text)) =>
            {
                Some(SectionTracker::LINE_RANK)
            }
            None => None,
        };
        match rank {
            Some(rank) => {
                // The first real heading is the title candidate; its words ("Developer
                // Experience") say nothing about sections.
                if self.title.is_none() && heading.is_some() {
                    self.title = Some(self.segments.len());
                } else {
                    self.sections.heading(rank, text);
                }
                self.segments.push(Segment::new(
                    SegmentKind::Heading,
                    self.sections.current(),
                    block,
                ));
            }
            None => {
                let (text, map) = block.finish();
                runin::push_block(&mut self.segments, &mut self.sections, text, map, item);
            }
        }
    }
}

/// `text` with the Liquid/Jekyll template syntax (`{% comment %}…{% endcomment %}`,
/// `{% tag %}`, `{{ value }}`) of its body (from `body_start`) blanked with spaces, keeping
/// newlines and byte length; borrowed when there is none.
fn mask_templates(text: &str, body_start: usize) -> std::borrow::Cow<'_, str> {
    let body = &text[body_start..];
    if !body.contains("{%") && !body.contains("{{") {
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
