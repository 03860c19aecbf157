//! Structure that lost its line breaks. A paragraph can hold a run-in heading ("Requirements:
//! PhD in Computer Science."), and text exported from an applicant-tracking system or a CSV
//! cell is often flattened into one block: "…our companyMinimum Skill Requirements:Ph.D in CS
//! or related fields…". Read as one block, such text is one section and one endless sentence,
//! so scoping and sentence context fail. This module splits a block back into the pieces a
//! reader sees: run-in headings, and, in flattened text, the lines that were glued together.

use std::ops::Range;
use std::sync::Arc;

use super::sections::{SectionKind, SectionTracker, classify_heading, looks_like_heading_line};
use super::{Segment, SegmentKind, SegmentText, SpanMap, TextBuilder};
use crate::bytescan::floor_char_boundary;
use crate::source::SourceFile;

/// A block shorter than this is never treated as flattened: a real paragraph can hold a
/// camel-cased name or two ("spaCy", "useState") without having lost its line breaks.
const FLATTENED_MIN_LEN: usize = 200;

/// Glue points needed before a block is read as flattened.
const FLATTENED_MIN_GLUES: usize = 2;

/// A run-in label has at most this many words before its colon ("Minimum Skill
/// Requirements:", "What you will bring:").
const LABEL_MAX_WORDS: usize = 7;

/// Where run-in glue can start: a capital or a digit.
const GLUE_STARTS: crate::bytescan::ByteSet<2> =
    crate::bytescan::ByteSet::new([(b'A', b'Z'), (b'0', b'9')]);

/// Files one body block: splits it into run-in headings and body pieces, and pushes them as
/// segments. A run-in heading in an ordinary paragraph scopes only the rest of that paragraph
/// (a bullet "Skills: Rust" under *Nice to have* does not end that section); in a flattened
/// block, which is usually a whole posting, its headings move the section tracker as real
/// headings do.
///
/// `file`, when given, is the file the block was read from: a piece that is a verbatim stretch
/// of it shares its text rather than copying it.
pub fn push_block(
    segments: &mut Vec<Segment>,
    sections: &mut SectionTracker,
    text: &str,
    map: &SpanMap,
    item: bool,
    file: Option<&Arc<SourceFile>>,
) {
    push_lines(segments, sections, text, &[], map, item, file);
}

/// `push_block` for a block whose text joins lines of the file: `breaks` are where its line
/// breaks were (their offsets in `text`, in order; each is read as a space). A run-in label
/// starts a line or follows text on its own line, and never reaches back past a break: in
/// "Salary: Competitive + bonus" then "Clearance: SC" on the next line, "Clearance:" is the
/// label, not "Competitive + bonus Clearance:".
pub fn push_lines(
    segments: &mut Vec<Segment>,
    sections: &mut SectionTracker,
    text: &str,
    breaks: &[usize],
    map: &SpanMap,
    item: bool,
    file: Option<&Arc<SourceFile>>,
) {
    let mut item = item;
    // Short blocks are never flattened text: their glue is not looked for.
    let glues = if text.len() >= FLATTENED_MIN_LEN {
        glue_points(text)
    } else {
        Vec::new()
    };
    let flattened = glues.len() >= FLATTENED_MIN_GLUES;
    // Each glue point is a lost line break; an ordinary block is one line, unless its lines
    // open with bullet glyphs (a list pasted as text, which Markdown reads as one paragraph).
    let whole = 0..text.len();
    let glued;
    let bulleted;
    let (lines, bullets): (&[Range<usize>], &[bool]) = if flattened {
        glued = split_at(text, &glues);
        (&glued, &[])
    } else if let Some(found) = glyph_bullets(text, breaks) {
        bulleted = found;
        (&bulleted.0, &bulleted.1)
    } else {
        (std::slice::from_ref(&whole), &[])
    };
    let mut local: Option<SectionKind> = None;
    let first = segments.len();
    for (at, line) in lines.iter().enumerate() {
        // Each bullet line starts an item, as the plain-text reader reads "• Go".
        if bullets.get(at) == Some(&true) {
            item = true;
        }
        split_line(
            text,
            line.clone(),
            flattened,
            breaks,
            &mut |piece: Piece| {
                let section = match piece.heading {
                    Some(kind) if flattened => {
                        sections.heading(SectionTracker::LINE_RANK, &text[piece.range.clone()]);
                        // Unknown heading-shaped lines end a section, as in plain text.
                        kind.unwrap_or(sections.current())
                    }
                    Some(Some(kind)) => {
                        local = Some(kind);
                        kind
                    }
                    _ => local.unwrap_or(sections.current()),
                };
                let kind = if piece.heading.is_some() {
                    SegmentKind::Heading
                } else {
                    SegmentKind::Body
                };
                // The first body piece of a list item starts the item; a label that opens the
                // item is marked too, as part of it: in "- Hands-on experience with QMS:
                // deviations, CAPA" the label is a heading piece inside the list, and the item is
                // the text after it.
                let item = if kind == SegmentKind::Body {
                    std::mem::take(&mut item)
                } else {
                    item
                };
                push_piece(
                    segments,
                    (kind, section, item),
                    text,
                    map,
                    piece.range,
                    file,
                );
            },
        );
    }
    // A label alone in its bullet ("* **Technical Skills:**") heads the bullets after it: only
    // a label with its item's text after it is part of the item.
    for label in segments[first..]
        .iter_mut()
        .rev()
        .take_while(|s| s.kind == SegmentKind::Heading)
    {
        label.item = false;
    }
}

/// The glyphs that open a bullet line in text that is not a Markdown list ("• Go", "· SQL").
const BULLET_GLYPHS: [&str; 4] = ["\u{2022} ", "\u{00b7} ", "\u{25aa} ", "\u{25e6} "];

/// A block's lines when it opens with a bullet glyph (`BULLET_GLYPHS`) or two of its lines do:
/// the text before the first bullet, each bullet without its glyph and with the lines after it
/// that open with none (a bullet wrapped onto the next line), and a line between bullets that
/// ends with a colon ("Preferred qualifications:", a label the bullets after it come under);
/// and which of them are bullets. `None` for any other block. `breaks` are where the block's
/// line breaks were, each read as a space.
fn glyph_bullets(text: &str, breaks: &[usize]) -> Option<(Vec<Range<usize>>, Vec<bool>)> {
    let bytes = text.as_bytes();
    // Where a line's glyph ends, if it opens with one: its first byte after the indent is
    // asked first, as most lines open with a letter (every line of every paragraph is asked).
    let glyph_at = |at: usize| -> Option<usize> {
        let line = bytes.get(at..)?;
        let indent = line.iter().take_while(|&&c| c == b' ').count();
        if !matches!(line.get(indent), Some(0xC2 | 0xE2)) {
            return None;
        }
        BULLET_GLYPHS
            .iter()
            .find(|glyph| line[indent..].starts_with(glyph.as_bytes()))
            .map(|glyph| at + indent + glyph.len())
    };
    // A break is a space, so the byte after it starts a character.
    let starts = || std::iter::once(0).chain(breaks.iter().map(|&b| b + 1));
    let opens = glyph_at(0).is_some();
    let glyph_lines = starts()
        .filter(|&at| glyph_at(at).is_some())
        .take(2)
        .count();
    if !opens && glyph_lines < 2 {
        return None;
    }
    let mut lines = Vec::new();
    let mut bullets = Vec::new();
    let (mut from, mut bullet) = (0, false);
    let line_starts: Vec<usize> = starts().collect();
    for (i, &at) in line_starts.iter().enumerate() {
        let end = line_starts.get(i + 1).map_or(text.len(), |&next| next - 1);
        let glyph_end = glyph_at(at);
        let label = glyph_end.is_none() && bullet && text[at..end].trim_end().ends_with(':');
        if glyph_end.is_some() || label {
            if at > from {
                lines.push(from..at);
                bullets.push(bullet);
            }
            (from, bullet) = (glyph_end.unwrap_or(at), glyph_end.is_some());
        }
    }
    lines.push(from..text.len());
    bullets.push(bullet);
    Some((lines, bullets))
}

/// Files `range` of a block's `text` as a segment of its own (`kind`, `section`, whether it
/// starts a list item), sharing the file's text when it is a verbatim stretch of it. (Inlined:
/// every piece of every block is filed here, and as a call of its own it cost 1% of a run.)
#[inline(always)]
fn push_piece(
    segments: &mut Vec<Segment>,
    (kind, section, item): (SegmentKind, SectionKind, bool),
    text: &str,
    map: &SpanMap,
    range: Range<usize>,
    file: Option<&Arc<SourceFile>>,
) {
    let piece_map = map.slice(range.clone());
    let piece_text = &text[range];
    let piece_text = file
        .and_then(|file| SegmentText::verbatim_in(file, piece_text, &piece_map))
        .unwrap_or_else(|| piece_text.into());
    segments.push(Segment {
        kind,
        section,
        text: piece_text,
        map: piece_map,
        item,
        boilerplate: false,
    });
}

/// Files a line read as a heading that is a run-in label and its value ("Salary: Competitive
/// salary + bonus + benefits", "Nice to have: Rust"): the label as the heading, which opens
/// its section, and the value as body text in that section. Read whole, the value's words
/// chose the section ("bonus" a nice-to-have heading's) and no rule read the value. A label
/// that names no section leaves the line to be read whole: returns `false`, having filed
/// nothing. A value that leads into the list below ("Good to have: Experience with") stays in
/// the section that list is in, as the whole line's heading was. `breaks` are where the
/// line's text had line breaks (see `push_lines`); its map is made only for a label.
pub fn push_label_line(
    segments: &mut Vec<Segment>,
    sections: &mut SectionTracker,
    rank: u8,
    block: &TextBuilder,
    breaks: &[usize],
    file: Option<&Arc<SourceFile>>,
) -> bool {
    let text = block.text();
    let start = text.len() - text.trim_start().len();
    let Some(colon) = text.find(": ") else {
        return false;
    };
    if breaks.iter().any(|&b| start < b && b < colon) {
        return false;
    }
    let value = trim_range(text, colon + 1..text.len());
    if !text[value.clone()]
        .trim_matches(['*', '_'])
        .chars()
        .any(char::is_alphanumeric)
        || !is_label(text, start, colon)
    {
        return false;
    }
    let label = &text[start..colon];
    if classify_heading(label).is_none() {
        return false;
    }
    sections.heading(rank, label);
    let section = sections.current();
    let map = &block.map();
    push_piece(
        segments,
        (SegmentKind::Heading, section, false),
        text,
        map,
        start..colon + 1,
        file,
    );
    let value_map = map.slice(value.clone());
    let value_breaks: Vec<usize> = breaks
        .iter()
        .filter(|&&b| value.start < b && b < value.end)
        .map(|&b| b - value.start)
        .collect();
    push_lines(
        segments,
        sections,
        &text[value],
        &value_breaks,
        &value_map,
        false,
        file,
    );
    true
}

/// A piece of a block: its range in the block's text, and whether it is a heading (with the
/// section it opens, if its words say).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    range: Range<usize>,
    heading: Option<Option<SectionKind>>,
}

/// Splits one line (the whole block, or one line of a flattened block) into a heading line,
/// or run-in labels and the text after each, handed to `piece` in order (not gathered: most
/// blocks are one piece, and a vector for it was made and freed for every block).
fn split_line(
    text: &str,
    line: Range<usize>,
    flattened: bool,
    breaks: &[usize],
    piece: &mut impl FnMut(Piece),
) {
    let line = trim_range(text, line);
    if line.is_empty() {
        return;
    }
    let content = &text[line.clone()];
    // A line of a flattened block that reads as a heading on its own ("Benefits", "In
    // addition, the following would be an advantage:").
    if flattened && looks_like_heading_line(content) {
        piece(Piece {
            heading: Some(classify_heading(content)),
            range: line,
        });
        return;
    }
    // A run-in label ends at a colon, or before the first of the bullets it heads when they
    // were joined into one line ("Minimum Qualifications • PhD in CS • 3+ years of Go"): a
    // line with neither is body text, and its sentence ends and bullets are not looked for
    // (most lines of most postings).
    let colons = memchr::memchr(b':', content.as_bytes()).is_some();
    // A heading and two joined bullets make a line of some length: the short lines (most
    // list items) are not scanned for them.
    let bullets = if colons || line.len() < JOINED_LIST_MIN_LEN {
        Vec::new()
    } else {
        joined_bullets(text, line.clone())
    };
    let joined = bullets.len() >= 2;
    if !colons && !joined {
        push_body(text, piece, line);
        return;
    }
    let mut body_start = line.start;
    for start in label_starts(text, line.clone()) {
        if start < body_start {
            continue;
        }
        if joined {
            if let Some((end, body, kind)) = label_before_bullets(text, start, &bullets) {
                push_body(text, piece, body_start..start);
                piece(Piece {
                    range: start..end,
                    heading: Some(Some(kind)),
                });
                body_start = body;
            }
            continue;
        }
        let Some(colon) = colon_within_reach(text, start, line.end) else {
            continue;
        };
        // A label starts its line at the earliest: from a start on an earlier line, the label
        // is looked for from the last line break before the colon.
        let start = match breaks.iter().rev().find(|&&b| start < b && b < colon) {
            Some(&b) => skip_spaces(text, b, colon),
            None => start,
        };
        // The heading glued to the text before it ("… vendor teams Required Qualifications:")
        // first, so that the text stays body; else the words from the start ("What you'll
        // Need:").
        let heading = glued_heading(text, start, colon).or_else(|| {
            is_label(text, start, colon)
                .then(|| classify_heading(&text[start..colon]))
                .flatten()
                .map(|kind| (start, kind))
        });
        let Some((start, kind)) = heading else {
            continue;
        };
        push_body(text, piece, body_start..start);
        piece(Piece {
            range: start..colon + 1,
            heading: Some(Some(kind)),
        });
        body_start = colon + 1;
    }
    push_body(text, piece, body_start..line.end);
}

fn push_body(text: &str, piece: &mut impl FnMut(Piece), range: Range<usize>) {
    let range = trim_range(text, range);
    if text[range.clone()].chars().any(char::is_alphanumeric) {
        piece(Piece {
            range,
            heading: None,
        });
    }
}

/// Where a label may start in a line: its start, after a sentence end (". "), after a bullet
/// that lost its line break ("• ", and " - " or " – " between spaces, as an
/// applicant-tracking system's export joins its lines), and after a label's colon, where the
/// label's value may run into the next label ("Employment Type: Full Time About Us:").
fn label_starts(text: &str, line: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let bytes = &text.as_bytes()[..line.end];
    let after = sentence_or_bullet_bytes(bytes, line.start).filter_map(move |i| {
        let c = bytes[i];
        // A dash between spaces: a bullet, not a hyphen ("full-time").
        let spaced_dash = |width: usize| {
            i > line.start && bytes[i - 1] == b' ' && bytes.get(i + width) == Some(&b' ')
        };
        let next = if matches!(c, b'.' | b'!' | b'?' | b';' | b':')
            && i + 1 < line.end
            && bytes[i + 1] == b' '
            || c == b'-' && spaced_dash(1)
        {
            skip_spaces(text, i + 1, line.end)
        } else if c == 0xE2
            && (bytes[i..].starts_with("\u{2022}".as_bytes())
                || bytes[i..].starts_with("\u{25aa}".as_bytes())
                || bytes[i..].starts_with("\u{2013}".as_bytes()) && spaced_dash(3))
        {
            skip_spaces(text, i + 3, line.end)
        } else {
            return None;
        };
        (next < line.end).then_some(next)
    });
    std::iter::once(line.start).chain(after)
}

/// How an applicant-tracking system's export joins a list's bullets into one line.
const JOINED_BULLETS: [&str; 5] = [
    " \u{2022} ",
    " - ",
    " \u{2013} ",
    " \u{00b7} ",
    " \u{25aa} ",
];

/// The shortest line read for a heading over joined bullets ("Benefits - Dental - Vision").
const JOINED_LIST_MIN_LEN: usize = 40;

/// The bullets joined into `line` of `text` (`JOINED_BULLETS`): where each starts (its
/// space) and which it is, in order. Most lines have hyphens only inside words, which are
/// passed over at their first byte.
fn joined_bullets(text: &str, line: Range<usize>) -> Vec<(usize, u8)> {
    let bytes = &text.as_bytes()[..line.end];
    let mut found = Vec::new();
    for i in memchr::memchr3_iter(b'-', 0xE2, 0xC2, &bytes[line.clone()]) {
        let at = line.start + i;
        if at == line.start || bytes[at - 1] != b' ' {
            continue;
        }
        if let Some(kind) = JOINED_BULLETS
            .iter()
            .position(|bullet| bytes[at - 1..].starts_with(bullet.as_bytes()))
        {
            found.push((at - 1, kind as u8));
        }
    }
    found
}

/// A label without a colon that heads bullets joined into its line: the known heading from
/// `start` to the first joined bullet of `bullets` (`joined_bullets`) after it ("What You'll
/// Do - Maintain the services - Fix tickets"), when that bullet has another of its kind after
/// it (a list, not "Senior Analyst - Chicago") and no word of the label ends a job title
/// ("Benefits Analyst - Remote - Full time" is a title). Returns where the label ends, where
/// the text after its bullet starts, and the section it opens.
fn label_before_bullets(
    text: &str,
    start: usize,
    bullets: &[(usize, u8)],
) -> Option<(usize, usize, SectionKind)> {
    let next = bullets.partition_point(|&(at, _)| at < start);
    let &(at, glyph) = bullets.get(next)?;
    let label = text.get(start..at).filter(|l| l.len() <= LABEL_MAX_BYTES)?;
    // A colon label's shape (`is_label`), capitalised, with no colon or bar in it.
    let shaped = is_label(text, start, at)
        && label.starts_with(char::is_uppercase)
        && !label.contains([':', '|'])
        && !label.split_whitespace().any(is_role_word)
        && bullets[next + 1..].iter().any(|&(_, g)| g == glyph);
    let section = shaped.then(|| classify_heading(label)).flatten()?;
    Some((at, at + JOINED_BULLETS[usize::from(glyph)].len(), section))
}

/// The ASCII bytes that can end a sentence (`.`, `!`, `?`, `;`) or a label (`:`), or start a
/// bullet (`-`).
const SENTENCE_OR_BULLET: crate::bytescan::ByteSet<4> =
    crate::bytescan::ByteSet::new([(b'!', b'!'), (b'-', b'.'), (b':', b';'), (b'?', b'?')]);

/// The positions from `from` on of the bytes that can end a sentence or a label, or start a
/// bullet (`SENTENCE_OR_BULLET`, and 0xE2, the lead byte of "•", "▪" and "–"), in order. Every
/// block with a colon is read here, so the bytes are found with two SIMD searches, merged.
fn sentence_or_bullet_bytes(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let mut ascii = crate::bytescan::positions(bytes, from, &SENTENCE_OR_BULLET).peekable();
    let mut leads = memchr::memchr_iter(0xE2, &bytes[from..])
        .map(move |at| from + at)
        .peekable();
    std::iter::from_fn(move || match (ascii.peek(), leads.peek()) {
        (Some(a), Some(b)) if b < a => leads.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => leads.next(),
    })
}

/// The longest run-in label, colon included, in bytes.
const LABEL_MAX_BYTES: usize = 120;

fn skip_spaces(text: &str, from: usize, end: usize) -> usize {
    let rest = &text[from.min(end)..end];
    end - rest.trim_start().len()
}

/// The first colon after `start`, as far as a label reaches: a long paragraph is not read to
/// its end once for every sentence in it.
fn colon_within_reach(text: &str, start: usize, end: usize) -> Option<usize> {
    let rest = &text[start..end];
    let reach = floor_char_boundary(rest, LABEL_MAX_BYTES);
    memchr::memchr(b':', &rest.as_bytes()[..reach]).map(|colon| start + colon)
}

/// Whether the words from `start` to the colon read as a label: at most `LABEL_MAX_WORDS`
/// words, no sentence punctuation, a label-like first character.
fn is_label(text: &str, start: usize, colon: usize) -> bool {
    let label = &text[start..colon];
    let after = &text[colon + 1..];
    label.starts_with(char::is_alphabetic)
        && !label.contains(['.', '!', '?', ';', ',', '(', ')', '"'])
        && label.split_whitespace().count() <= LABEL_MAX_WORDS
        // "https://…", "10:30": not a label.
        && !after.starts_with("//")
        && !(after.starts_with(|c: char| c.is_ascii_digit())
            && label.ends_with(|c: char| c.is_ascii_digit()))
}

/// Words that a heading may hold in lower case between its capitalised ones ("Nice to Have",
/// "Skills and Experience").
const HEADING_SMALL_WORDS: [&str; 11] = [
    "to", "of", "and", "or", "the", "for", "in", "on", "with", "a", "&",
];

/// A run of more capitalised words than this that starts a label or a bullet may be the end
/// of a bullet glued to a heading ("- Familiarity with Kubernetes and Terraform Benefits:"):
/// its heading is looked for among its last words.
const GLUED_RUN_MIN_WORDS: usize = 5;

/// Why the run of capitalised words before a colon stops (see `glued_heading`).
#[derive(PartialEq)]
enum RunStop {
    /// At the label's start: the label is the run.
    Start,
    /// At a bullet dash.
    Bullet,
    /// At a word that is not a heading's: text glued to the heading.
    Text,
    /// At the label's start, right after another label's colon: the run starts with that
    /// label's value ("Employment Type: Full Time About Us:").
    Value,
}

/// The heading that ends at `colon` among the words from `start`, and the section it opens,
/// when the words before it are text glued to it: the run of capitalised words (small words
/// between them) right before the colon, after a word that is not one or a bullet dash ("…
/// vendor teams Required Qualifications:", "… skills Nice to Have:", "- Nice to Have:"),
/// longest first; but when the run is long and starts the label or a bullet, or starts after
/// another label's colon (its value), the fewest last words that open the section the most
/// of them open ("- Familiarity with Kubernetes and Terraform Benefits:", "Employment Type:
/// Full Time About Us:"). `None` leaves the label to be read whole.
fn glued_heading(text: &str, start: usize, colon: usize) -> Option<(usize, SectionKind)> {
    let label = &text[start..colon];
    // Where the run's capitalised words start, last word first.
    let mut capitalised = Vec::new();
    let mut words = 0;
    let mut end = label.len();
    let stop = loop {
        let word_start = label[..end].rfind(' ').map_or(0, |space| space + 1);
        let word = &label[word_start..end];
        if word.starts_with(char::is_uppercase) {
            capitalised.push(start + word_start);
        } else if matches!(word, "-" | "\u{2013}") {
            break RunStop::Bullet;
        } else if !HEADING_SMALL_WORDS.contains(&word) {
            break RunStop::Text;
        }
        words += 1;
        if word_start == 0 {
            break if text[..start].trim_end().ends_with(':') {
                RunStop::Value
            } else {
                RunStop::Start
            };
        }
        end = word_start - 1;
    };
    // A short label that is all heading words is read whole by the caller: no suffix of it is
    // asked about (every capitalised label of every block comes here).
    if stop == RunStop::Start && words < GLUED_RUN_MIN_WORDS {
        return None;
    }
    let heading_from = |from: &usize| {
        is_label(text, *from, colon)
            .then(|| classify_heading(&text[*from..colon]))
            .flatten()
            .map(|kind| (*from, kind))
    };
    let longest = capitalised.iter().rev().find_map(heading_from);
    // A value's capitalised words ("Full Time", "Remote") are not the heading's, however
    // few: the fewest last words that open the section, as after a long run.
    if stop == RunStop::Value || words >= GLUED_RUN_MIN_WORDS && stop != RunStop::Text {
        let (_, kind) = longest?;
        return capitalised
            .iter()
            .filter_map(heading_from)
            .find(|&(_, found)| found == kind);
    }
    longest
}

/// Offsets where a line break was lost: a lower-case word glued to a capitalised one
/// ("companyMinimum", "skillsPhD"), or a sentence end glued to the next sentence
/// ("fields.Requirements"). Camel-cased names ("JavaScript", "PyTorch") start with a capital
/// and are not glue; short prefixes ("iPhone", "eBay", "pgAdmin") are too short to count.
fn glue_points(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut points = Vec::new();
    // Start of the run of ASCII letters that ends before `i`, or the last glue point in it,
    // kept up to date as far as `known` (each byte is looked at once: linear in the block).
    let mut word_start = 0;
    let mut known = 1;
    // Glue starts only at a capital or a digit: the bytes between are skipped in words.
    for i in crate::bytescan::positions(bytes, 1, &GLUE_STARTS) {
        // Every kind of glue below has a letter or a sentence end right before it: a capital
        // or a digit after a space (most of them) starts a word. The word start is found
        // from `known` on at the next place looked at, so each byte is still read once.
        if !bytes[i - 1].is_ascii_alphabetic()
            && !matches!(bytes[i - 1], b'.' | b'!' | b'?' | b')' | b':')
        {
            continue;
        }
        if let Some(last) = bytes[known - 1..i]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
        {
            word_start = known + last;
        }
        known = i;
        let prev = bytes[i - 1];
        let c = bytes[i];
        if c.is_ascii_digit() && prev.is_ascii_lowercase() && glued_number(text, word_start, i) {
            points.push(i);
            continue;
        }
        let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        if !c.is_ascii_uppercase() || !next_lower {
            continue;
        }
        let word = &text[word_start..i];
        let starts_word = word_start == 0
            || !bytes[word_start - 1].is_ascii_alphanumeric()
            || points.last() == Some(&word_start);
        let rest_lower = word.len() >= 3 && word[1..].bytes().all(|b| b.is_ascii_lowercase());
        let glued_words = starts_word
            && rest_lower
            && if word.as_bytes()[0].is_ascii_lowercase() {
                !is_camel_case_name(word, &text[i..])
            } else {
                // A capitalised word glues only when it is a heading word ("BenefitsHealth")
                // or ends a job title ("Data EngineerOstrava Mobility"); otherwise it is a
                // name ("JavaScript", "GitHub", "PowerPoint").
                word.len() >= 5 && (classify_heading(word).is_some() || is_role_word(word))
            };
        let glued_sentence = matches!(prev, b'.' | b'!' | b'?' | b')' | b':')
            && i >= 3
            && bytes[i - 2].is_ascii_lowercase()
            && bytes[i - 3].is_ascii_alphabetic()
            && !dotted_word_before(text, i - 1);
        // A heading word glued to anything before it: "GoBenefits", "SQLRequirements".
        let glued_heading = prev.is_ascii_alphabetic() && {
            let right = &text[i..];
            let right_word = &right[..1 + right[1..]
                .find(|c: char| !c.is_ascii_lowercase())
                .unwrap_or(right.len() - 1)];
            [
                "requirements",
                "responsibilities",
                "qualifications",
                "benefits",
                "perks",
                "compensation",
                "preferred",
                "skills",
                "duties",
                "about",
            ]
            .iter()
            .any(|h| right_word.eq_ignore_ascii_case(h))
        };
        if glued_words || glued_sentence || glued_heading {
            points.push(i);
            word_start = i;
        }
    }
    points
}

/// A lower-case word glued to a count of years ("fields3+ years"): a lost line break before
/// the next requirement. Names with digits ("python3", "log4j", "web3") do not match.
fn glued_number(text: &str, word_start: usize, at: usize) -> bool {
    let word = &text[word_start..at];
    let starts_word = word_start == 0 || !text.as_bytes()[word_start - 1].is_ascii_alphanumeric();
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    let after = text[at + digits..].trim_start_matches(['+', ' ']);
    starts_word
        && word.len() >= 3
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && digits <= 2
        && (after.starts_with("year") || after.starts_with("yr"))
}

/// Words that end a job title.
fn is_role_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "engineer"
            | "engineers"
            | "developer"
            | "developers"
            | "scientist"
            | "scientists"
            | "researcher"
            | "researchers"
            | "manager"
            | "designer"
            | "analyst"
            | "architect"
    )
}

/// Lower-case-first names that are not glue.
fn is_camel_case_name(left: &str, right: &str) -> bool {
    const NAMES: &[(&str, &str)] = &[
        ("spa", "Cy"),
        ("fast", "Text"),
        ("own", "Cloud"),
        ("use", "State"),
        ("use", "Effect"),
        ("use", "Context"),
        ("use", "Memo"),
        ("use", "Ref"),
        ("get", "Element"),
        ("java", "Script"),
        ("type", "Script"),
    ];
    NAMES
        .iter()
        .any(|(l, r)| left.eq_ignore_ascii_case(l) && right.starts_with(r))
}

/// Whether the word ending at the punctuation `at` holds another dot ("e.g.", "Ph.D.",
/// "Node.js."): abbreviations, not sentence ends.
fn dotted_word_before(text: &str, at: usize) -> bool {
    let word_start = text[..at]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    text[word_start..at].contains('.')
}

fn split_at(text: &str, points: &[usize]) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(points.len() + 1);
    let mut start = 0;
    for &p in points {
        ranges.push(start..p);
        start = p;
    }
    ranges.push(start..text.len());
    ranges
}

/// `range` without leading and trailing white space.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TextBuilder;

    #[test]
    fn sentence_and_bullet_bytes_come_in_order_from_both_searches() {
        let text = "Go. Now; really! • Why: ▪ Done.";
        let found: Vec<(usize, char)> = sentence_or_bullet_bytes(text.as_bytes(), 3)
            .map(|at| (at, text[at..].chars().next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                (7, ';'),
                (15, '!'),
                (17, '•'),
                (24, ':'),
                (26, '▪'),
                (34, '.')
            ]
        );
    }

    /// `pieces` with their texts borrowed, to compare with a table of literals.
    fn borrowed(
        got: &[(SegmentKind, SectionKind, String)],
    ) -> Vec<(SegmentKind, SectionKind, &str)> {
        got.iter().map(|(k, s, t)| (*k, *s, t.as_str())).collect()
    }

    fn pieces(text: &str) -> Vec<(SegmentKind, SectionKind, String)> {
        let mut b = TextBuilder::new();
        b.push_verbatim(text, 0);
        let (text, map) = b.finish();
        let mut segments = Vec::new();
        let mut sections = SectionTracker::default();
        push_block(&mut segments, &mut sections, &text, &map, false, None);
        for s in &segments {
            // Every piece maps back to exactly its own source bytes.
            assert_eq!(&text[s.source_range()], s.text);
        }
        segments
            .into_iter()
            .map(|s| (s.kind, s.section, s.text.to_string()))
            .collect()
    }

    #[test]
    fn a_run_in_label_scopes_the_rest_of_its_paragraph() {
        use SectionKind::*;
        use SegmentKind::*;
        assert_eq!(
            pieces("We build search. Requirements: PhD in Computer Science. Benefits: equity."),
            vec![
                (Body, Summary, "We build search.".into()),
                (Heading, Requirements, "Requirements:".into()),
                (Body, Requirements, "PhD in Computer Science.".into()),
                (Heading, Compensation, "Benefits:".into()),
                (Body, Compensation, "equity.".into()),
            ]
        );
        // Unknown labels, URLs and times are not headings.
        assert_eq!(
            pieces("Stack: Rust and Go. See https://example.com at 10:30."),
            vec![(
                Body,
                Summary,
                "Stack: Rust and Go. See https://example.com at 10:30.".into()
            )]
        );
    }

    #[test]
    fn a_label_after_another_labels_value_is_found() {
        use SectionKind::*;
        use SegmentKind::*;
        // An export of fields, one after another on a line: each value runs into the next
        // label, whose capitalised words follow the value's.
        let got = pieces(
            "Employment Type: Full Time About Us: We build search. Location: Remote \
             Requirements: Go and SQL.",
        );
        assert_eq!(
            borrowed(&got),
            vec![
                (Body, Summary, "Employment Type: Full Time"),
                (Heading, AboutCompany, "About Us:"),
                (Body, AboutCompany, "We build search."),
                (Heading, Other, "Location:"),
                (Body, Other, "Remote"),
                (Heading, Requirements, "Requirements:"),
                (Body, Requirements, "Go and SQL."),
            ]
        );
        // A value of capitalised words that opens no section stays the value.
        assert_eq!(
            pieces("Schedule: Monday to Friday: day shifts."),
            vec![(
                Body,
                Summary,
                "Schedule: Monday to Friday: day shifts.".into()
            )]
        );
    }

    #[test]
    fn an_export_that_joined_its_lines_with_dashes_is_split_at_its_headings() {
        use SectionKind::*;
        use SegmentKind::*;
        // An applicant-tracking system's export: every line joined with " - ", so a heading
        // follows the last bullet of the list before it, capitalised words and all.
        let flat = "Position Summary: We build search. Responsibilities: - Deploy services - \
                    Coordinate releases with informatics, security and vendor teams Required \
                    Qualifications: - PhD in Information Retrieval - Excellent written skills Nice \
                    to Have: - Experience with Rust - Familiarity with Kubernetes and Terraform \
                    Benefits: - Medical \u{2013} Essential Functions: none";
        let got = pieces(flat);
        let kinds = borrowed(&got);
        assert_eq!(
            kinds,
            vec![
                (Heading, Summary, "Position Summary:"),
                (Body, Summary, "We build search."),
                (Heading, Responsibilities, "Responsibilities:"),
                (
                    Body,
                    Responsibilities,
                    "- Deploy services - Coordinate releases with informatics, security and vendor teams"
                ),
                (Heading, Requirements, "Required Qualifications:"),
                (
                    Body,
                    Requirements,
                    "- PhD in Information Retrieval - Excellent written skills"
                ),
                (Heading, Preferred, "Nice to Have:"),
                (
                    Body,
                    Preferred,
                    "- Experience with Rust - Familiarity with Kubernetes and Terraform"
                ),
                (Heading, Compensation, "Benefits:"),
                (Body, Compensation, "- Medical \u{2013}"),
                (Heading, Responsibilities, "Essential Functions:"),
                (Body, Responsibilities, "none"),
            ]
        );
        // A hyphen inside a word is not a bullet, and a label of capitalised words is read
        // whole: "What We Offer" stays one heading.
        assert_eq!(
            pieces("A full-time role. What We Offer: equity."),
            vec![
                (Body, Summary, "A full-time role.".into()),
                (Heading, Compensation, "What We Offer:".into()),
                (Body, Compensation, "equity.".into()),
            ]
        );
    }

    #[test]
    fn a_heading_without_a_colon_over_joined_bullets_is_a_label() {
        use SectionKind::*;
        use SegmentKind::*;
        // An export that joined each list into its heading's line, with no colon.
        let joined = "We run the platform. Responsibilities \u{2022} Own CI/CD \u{2022} Join \
                      the on-call rotation";
        assert_eq!(
            pieces(joined),
            vec![
                (Body, Summary, "We run the platform.".into()),
                (Heading, Responsibilities, "Responsibilities".into()),
                (
                    Body,
                    Responsibilities,
                    "Own CI/CD \u{2022} Join the on-call rotation".into()
                ),
            ]
        );
        assert_eq!(
            borrowed(&pieces(
                "What You'll Bring - A BS in Statistics - Two years of SQL"
            )),
            vec![
                (Heading, Requirements, "What You'll Bring"),
                (Body, Requirements, "A BS in Statistics - Two years of SQL"),
            ]
        );
        // A job title over its location is no label, nor is one bullet a list.
        for line in [
            "Compensation Analyst - Chicago - Full time",
            "Benefits - we cover your health insurance.",
        ] {
            assert_eq!(
                borrowed(&pieces(line)),
                vec![(Body, Summary, line)],
                "{line}"
            );
        }
    }

    #[test]
    fn flattened_text_is_split_where_lines_were_glued() {
        use SectionKind::*;
        use SegmentKind::*;
        let flat = "Northwind builds route planning software for regional freight carriers across \
                    three continents and we are growing fast in every market we serve this yearMinimum Skill \
                    Requirements:Ph.D in CS or related fields3+ years of Python in productionPreferred \
                    Qualifications:Published work on routing problemsBenefitsHealth, dental and a learning budget";
        let got = pieces(flat);
        let kinds = borrowed(&got);
        assert_eq!(
            kinds,
            vec![
                (
                    Body,
                    Summary,
                    "Northwind builds route planning software for regional freight carriers across three continents and we are growing fast in every market we serve this year"
                ),
                (Heading, Requirements, "Minimum Skill Requirements:"),
                (Body, Requirements, "Ph.D in CS or related fields"),
                (Body, Requirements, "3+ years of Python in production"),
                (Heading, Preferred, "Preferred Qualifications:"),
                (Body, Preferred, "Published work on routing problems"),
                (Heading, Compensation, "Benefits"),
                (Body, Compensation, "Health, dental and a learning budget"),
            ]
        );
    }

    #[test]
    fn glue_is_found_after_a_run_of_words_and_after_an_earlier_glue_point() {
        // The word before a capital starts after the last non-letter, or at the glue point
        // before it: "yearMinimumRequirements" glues twice.
        assert_eq!(
            glue_points("in every market this yearMinimumRequirements"),
            vec![25, 32]
        );
        assert_eq!(glue_points("a b c d fields3+ years"), vec![14]);
        assert_eq!(glue_points("Xskills3 years"), Vec::<usize>::new());
    }

    #[test]
    fn camel_cased_names_are_not_glue() {
        let text = "We use JavaScript, PyTorch, iPhone apps, spaCy, useState and eBay data.";
        assert!(glue_points(text).is_empty(), "{:?}", glue_points(text));
        assert_eq!(glue_points("skillsPhD in ML"), vec![6]);
        assert_eq!(glue_points("related fields.Requirements"), vec![15]);
        assert!(glue_points("e.g.Python and Ph.D.Candidates").is_empty());
        assert_eq!(glue_points("Data EngineerOstrava Mobility"), vec![13]);
    }
}
