//! The Markdown most postings are written in, read in one pass: ATX and setext headings,
//! paragraphs, bullet and ordered lists (empty `*` and `+` bullets too), thematic breaks,
//! one-line block quotes, `*` and `_` emphasis, inline links, images with a plain alt text,
//! code spans, backslash escapes, the common entities, line breaks, and tildes that strike
//! nothing through ("~50 people"), the shapes job boards and HTML-to-Markdown converters write.
//! It hands over the events pulldown-cmark yields for what the segment reader looks at (blocks,
//! text, code, breaks, links, images and strong emphasis, with the same source ranges), and
//! stops at any construct outside that set: raw HTML, tables, other block quotes, code blocks,
//! other images and empty items, link titles, reference definitions, strikethrough, other
//! entities, tabs, carriage returns. The reader then hands the body to pulldown-cmark.
//!
//! Why: pulldown-cmark builds a tree of the whole body, then walks it for the events; on bulk
//! that was a fifth of the run's instructions, and this reader takes about half of it. The
//! tests read every posting of the corpus and the fixtures, and thousands of generated
//! bodies, both ways and assert the same segments; it reads 98% of those postings.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// Hands the events of the Markdown body that starts at `body_start` in `text` to `sink`, in
/// order, or stops with `None` when it meets a construct this reader leaves to
/// pulldown-cmark (the events handed over until then are to be dropped).
///
/// `line_starts`, when given, are where `text`'s lines start (a file's `line_starts`, of this
/// text or of one with its line ends in the same places): the lines are then not searched for
/// again, a search call for each line of every posting.
pub fn read<'a>(
    text: &'a str,
    body_start: usize,
    line_starts: Option<&[usize]>,
    sink: impl FnMut(Event<'a>, Range<usize>),
) -> Option<()> {
    // Tabs and carriage returns change what a line's indentation or end is; pulldown-cmark
    // replaces NUL; a vertical tab or a form feed is white space where this reader does not
    // look for it ("-\u{b}" underlines a heading).
    let body_bytes = &text.as_bytes()[body_start..];
    if memchr::memchr3(b'\t', b'\r', 0, body_bytes).is_some()
        || memchr::memchr2(0x0b, 0x0c, body_bytes).is_some()
    {
        return None;
    }
    // A table needs a delimiter row (`|---|:--|`); without one a `|` is text.
    let body = &text[body_start..];
    if memchr::memchr(b'|', body.as_bytes()).is_some() && body.lines().any(is_delimiter_row) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        sink,
        lists: Vec::new(),
        paragraph: None,
        scratch: Scratch {
            runs: Vec::with_capacity(16),
            pieces: Vec::with_capacity(64),
            ..Scratch::default()
        },
    };
    // The body has no `\r` (above): past its start, each line start but the first follows a
    // `\n`.
    let mut line_ends = line_starts.map(|starts| {
        starts[starts.partition_point(|&s| s <= body_start)..]
            .iter()
            .map(|&next| next - 1)
    });
    let mut start = body_start;
    while start < text.len() {
        let end = match &mut line_ends {
            Some(ends) => ends.next().unwrap_or(text.len()),
            None => memchr::memchr(b'\n', &reader.bytes[start..]).map_or(text.len(), |i| start + i),
        };
        reader.line(start, end)?;
        start = end + 1;
    }
    reader.close_paragraph()?;
    reader.close_lists(0);
    Some(())
}

/// An open list: its marker (the bullet, or the `.` or `)` after an ordered item's number)
/// and the column its item's content starts at.
struct List {
    marker: u8,
    content: usize,
}

struct Reader<'a, F> {
    text: &'a str,
    bytes: &'a [u8],
    sink: F,
    /// Open lists, outermost first; each has one open item.
    lists: Vec<List>,
    /// The open paragraph: where its text starts and where its last line ends.
    paragraph: Option<(usize, usize)>,
    scratch: Scratch,
}

/// The inline reader's buffers, kept from block to block: made for each block, they were
/// about half of its allocations.
#[derive(Default)]
struct Scratch {
    runs: Vec<Run>,
    pieces: Vec<Piece>,
    brackets: Vec<usize>,
    outer: Vec<usize>,
    inner: Vec<usize>,
    openers: Vec<Opener>,
}

impl<'a, F: FnMut(Event<'a>, Range<usize>)> Reader<'a, F> {
    fn line(&mut self, start: usize, end: usize) -> Option<()> {
        let line = &self.bytes[start..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if indent == line.len() {
            // A blank line ends a paragraph; lists stay open until a line that does not
            // belong to them.
            return self.close_paragraph();
        }
        let continued = self
            .lists
            .iter()
            .take_while(|list| indent >= list.content)
            .count();
        let base = continued
            .checked_sub(1)
            .map_or(0, |level| self.lists[level].content);
        let relative = indent - base;
        let rest = &line[indent..];
        let block = if relative >= 4 {
            None
        } else {
            block_start(rest)?
        };
        // Whether the line is inside every container the open paragraph is in: only then
        // can it underline the paragraph, and only then may an ordered item that does not
        // start at 1 not interrupt it.
        let current = continued == self.lists.len();
        match block {
            Some(Block::Underline { level, .. }) if self.paragraph.is_some() && current => {
                // The paragraph above, underlined, is a heading.
                let (from, to) = self.paragraph.take()?;
                self.heading(level, from..to, from..to)
            }
            Some(Block::Underline { level: 2, count }) if count >= 3 => {
                self.close_paragraph()?;
                self.close_lists(continued);
                (self.sink)(Event::Rule, start..end);
                Some(())
            }
            // A lone `-` is an empty item; `=` and `--` under no paragraph are text.
            Some(Block::Underline { level: 2, count: 1 }) => None,
            Some(Block::Underline { .. }) => self.text_line(continued, start + indent, end),
            Some(Block::Item { number, .. })
                if self.paragraph.is_some() && current && number.is_some_and(|n| n != 1) =>
            {
                self.text_line(continued, start + indent, end)
            }
            None if relative >= 4 && self.paragraph.is_none() => None,
            None => self.text_line(continued, start + indent, end),
            Some(Block::Rule) => {
                self.close_paragraph()?;
                self.close_lists(continued);
                (self.sink)(Event::Rule, start..end);
                Some(())
            }
            Some(Block::Heading(level)) => {
                self.close_paragraph()?;
                self.close_lists(continued);
                self.atx_heading(level, start + indent, end)
            }
            Some(Block::EmptyItem { marker }) => self.empty_item(continued, marker, start, end),
            Some(Block::Quote) => self.quote(continued, start + indent, end),
            Some(Block::Item {
                content,
                marker,
                number,
            }) => {
                self.close_paragraph()?;
                let list = List {
                    marker,
                    content: indent + content,
                };
                self.open_item(continued, list, number, start..end);
                self.paragraph = Some((start + indent + content, end));
                Some(())
            }
        }
    }

    /// Opens an item of `list` on the line `line`, `continued` lists in: the next item of the
    /// open list with its marker there (ending the lists inside it), else the first of a new
    /// list, `number` its start if ordered.
    fn open_item(&mut self, continued: usize, list: List, number: Option<u64>, line: Range<usize>) {
        let sibling = self.is_sibling(continued, list.marker);
        if sibling {
            self.close_lists(continued + 1);
            (self.sink)(Event::End(TagEnd::Item), line.end..line.end);
            self.lists[continued].content = list.content;
        } else {
            self.close_lists(continued);
            (self.sink)(Event::Start(Tag::List(number)), line.start..line.start);
            self.lists.push(list);
        }
        (self.sink)(Event::Start(Tag::Item), line.start..line.start);
    }

    /// Whether a bullet of `marker`, `continued` lists in, goes on the open list there.
    fn is_sibling(&self, continued: usize, marker: u8) -> bool {
        self.lists
            .get(continued)
            .is_some_and(|list| list.marker == marker)
    }

    /// An empty item (`marker` alone on the line from `start` to `end`), `continued` lists
    /// in. Only the shapes whose reading is plain are read: a sibling of an open item or, with
    /// no paragraph open, an item of a new list; and the next line blank (or none), so that
    /// nothing is the item's text. After that blank line the item takes no more lines: its
    /// content column is out of reach.
    fn empty_item(&mut self, continued: usize, marker: u8, start: usize, end: usize) -> Option<()> {
        if !self.next_line_is_blank(end) {
            return None;
        }
        // An empty item cannot interrupt a paragraph: "foo\n*" is one paragraph.
        if self.paragraph.is_some() && !self.is_sibling(continued, marker) {
            return None;
        }
        self.close_paragraph()?;
        let list = List {
            marker,
            content: usize::MAX,
        };
        self.open_item(continued, list, None, start..end);
        Some(())
    }

    /// A block quote whose `>` is at `at`, `continued` lists in, on a line that ends at `end`.
    /// Only a quote of one line of paragraph text, with a blank line (or none) after it, is
    /// read, as the benefit lists of some postings are written ("> 🩺 Health coverage"): a
    /// quote of more lines goes on with lazy lines and quotes its own blocks.
    fn quote(&mut self, continued: usize, at: usize, end: usize) -> Option<()> {
        if !self.next_line_is_blank(end) {
            return None;
        }
        // One space after the `>` belongs to it.
        let from = at + 1 + usize::from(self.bytes.get(at + 1) == Some(&b' '));
        let text = skip_spaces(self.bytes, from, end);
        // An empty quote, indented code or another block inside it.
        if text == end || text - from >= 4 || block_start(&self.bytes[text..end])?.is_some() {
            return None;
        }
        self.close_paragraph()?;
        self.close_lists(continued);
        (self.sink)(Event::Start(Tag::BlockQuote(None)), at..end);
        (self.sink)(Event::Start(Tag::Paragraph), text..end);
        self.inlines(text, end)?;
        (self.sink)(Event::End(TagEnd::Paragraph), text..end);
        (self.sink)(Event::End(TagEnd::BlockQuote(None)), at..end);
        Some(())
    }

    /// Whether the line after the one that ends at `end` is blank, or there is none.
    fn next_line_is_blank(&self, end: usize) -> bool {
        let next = self.bytes.get(end + 1..).unwrap_or_default();
        next[..memchr::memchr(b'\n', next).unwrap_or(next.len())]
            .iter()
            .all(|&b| b == b' ')
    }

    /// A line of paragraph text from `start`: it goes on the open paragraph (lazily, when it
    /// is outside some of its lists) or starts one after the lists it is outside of end.
    fn text_line(&mut self, continued: usize, start: usize, end: usize) -> Option<()> {
        match &mut self.paragraph {
            Some(paragraph) => paragraph.1 = end,
            None => {
                self.close_lists(continued);
                self.paragraph = Some((start, end));
            }
        }
        Some(())
    }

    /// A heading of `level` over the source `block`, whose text is `text`.
    fn heading(&mut self, level: usize, block: Range<usize>, text: Range<usize>) -> Option<()> {
        let level = HeadingLevel::try_from(level).ok()?;
        let tag = Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        };
        (self.sink)(Event::Start(tag), block.clone());
        if !text.is_empty() {
            self.inlines(text.start, text.end)?;
        }
        (self.sink)(Event::End(TagEnd::Heading(level)), block);
        Some(())
    }

    /// Ends the lists from `level` on, innermost first.
    fn close_lists(&mut self, level: usize) {
        while self.lists.len() > level {
            self.lists.pop();
            (self.sink)(Event::End(TagEnd::Item), 0..0);
            (self.sink)(Event::End(TagEnd::List(false)), 0..0);
        }
    }

    fn close_paragraph(&mut self) -> Option<()> {
        if let Some((start, end)) = self.paragraph.take() {
            (self.sink)(Event::Start(Tag::Paragraph), start..end);
            self.inlines(start, end)?;
            (self.sink)(Event::End(TagEnd::Paragraph), start..end);
        }
        Some(())
    }

    /// An ATX heading (`## Benefits ##`) on the line from `start` to `end`.
    fn atx_heading(&mut self, level: usize, start: usize, end: usize) -> Option<()> {
        let line = &self.bytes[start..end];
        let hashes = line.iter().take_while(|&&b| b == b'#').count();
        let from = skip_spaces(self.bytes, start + hashes, end);
        let mut to = trim_spaces(self.bytes, from, end);
        // A closing sequence of `#`s after a space (or alone) is not text.
        let closing = self.bytes[from..to]
            .iter()
            .rev()
            .take_while(|&&b| b == b'#')
            .count();
        if closing > 0 {
            let before = to - closing;
            if before == from || self.bytes[before - 1] == b' ' {
                to = trim_spaces(self.bytes, from, before);
            }
        }
        if to > from && self.bytes[to - 1] == b'\\' {
            // `# Title \#`-like endings: left to pulldown-cmark.
            return None;
        }
        self.heading(level, start..end, from..to)
    }

    /// The inline events of the text from `start` to `end` (lines after the first keep their
    /// indentation, which is not text).
    fn inlines(&mut self, start: usize, end: usize) -> Option<()> {
        self.scratch.runs.clear();
        self.scratch.pieces.clear();
        let bytes = &self.bytes[..end];
        // The end of the last line's text: trailing spaces are not text.
        let last = trim_spaces(bytes, start, end);
        let mut text_from = start;
        let mut pos = start;
        // Open brackets (the piece that holds each); those below `open_from` may no longer
        // open a link (one formed after them).
        let mut brackets = std::mem::take(&mut self.scratch.brackets);
        brackets.clear();
        let mut open_from = 0;
        // Backtick run lengths no closing run of follows from where it was looked for:
        // looked for once, so a text of unmatched runs is not searched again and again.
        let mut unmatched = [usize::MAX; MAX_BACKTICKS + 1];
        // Whether a run of one or of two tildes that can open a strikethrough has been read.
        let mut tilde_openers = [false; 3];
        // The block's last `>`, looked for once at its first `<`: looked for after each `<`,
        // a paragraph of them took time in the square of its length.
        let mut last_gt: Option<Option<usize>> = None;
        for at in crate::bytescan::positions(bytes, start, &SPECIAL) {
            if at < pos {
                continue;
            }
            let b = bytes[at];
            match b {
                b'\n' => {
                    let text_end = trim_spaces(bytes, text_from, at);
                    self.push_text(text_from, text_end);
                    // Two spaces or more before the line end make a hard break.
                    let hard = at - text_end >= 2;
                    let break_start = if hard { text_end } else { at };
                    pos = self.line_break(hard, break_start..at + 1, end);
                    text_from = pos;
                }
                b'\\' => {
                    let next = bytes.get(at + 1).copied();
                    match next {
                        Some(b'\n') if at + 1 < end => {
                            self.push_text(text_from, at);
                            pos = self.line_break(true, at..at + 2, end);
                            text_from = pos;
                        }
                        Some(c) if c.is_ascii_punctuation() && at + 1 < last => {
                            if matches!(c, b'<' | b'~') {
                                return None;
                            }
                            // The backslash is dropped; the character is text.
                            self.push_text(text_from, at);
                            text_from = at + 1;
                            pos = at + 2;
                        }
                        _ => pos = at + 1,
                    }
                }
                b'`' => {
                    let n = run_length(bytes, at, b'`');
                    if n > MAX_BACKTICKS {
                        return None;
                    }
                    let close = if at >= unmatched[n] {
                        None
                    } else {
                        closing_backticks(bytes, at + n, end, n)
                    };
                    if close.is_none() {
                        unmatched[n] = unmatched[n].min(at);
                    }
                    match close {
                        Some(close) => {
                            self.push_text(text_from, at);
                            self.scratch.pieces.push(Piece::Code(at..close + n));
                            pos = close + n;
                            text_from = pos;
                        }
                        None => pos = at + n,
                    }
                }
                b'*' | b'_' => {
                    let n = run_length(bytes, at, b);
                    let before = char_before(self.text, at);
                    let after = if at + n < last {
                        char_at(self.text, at + n)
                    } else {
                        None
                    };
                    let (before, after) = (class_of(before)?, class_of(after)?);
                    let (can_open, can_close) = flanking(b, before, after);
                    if can_open || can_close {
                        self.push_text(text_from, at);
                        self.scratch.runs.push(Run {
                            delimiter: b,
                            length: n,
                            can_open,
                            can_close,
                            lo: at,
                            hi: at + n,
                            opens: 0,
                            closes: 0,
                        });
                        self.scratch
                            .pieces
                            .push(Piece::Delimiters(self.scratch.runs.len() - 1));
                        text_from = at + n;
                    }
                    pos = at + n;
                }
                b'[' => {
                    if bytes.get(at + 1) == Some(&b'^') {
                        return None;
                    }
                    self.push_text(text_from, at);
                    brackets.push(self.scratch.pieces.len());
                    self.scratch.pieces.push(Piece::Bracket(at));
                    text_from = at + 1;
                    pos = at + 1;
                }
                b']' => {
                    if bytes.get(at + 1) == Some(&b':') {
                        return None;
                    }
                    pos = at + 1;
                    let Some(opener) = brackets.pop() else {
                        continue;
                    };
                    if brackets.len() < open_from {
                        open_from = brackets.len();
                        continue;
                    }
                    let Some(link_end) = inline_link(bytes, at + 1, last)? else {
                        continue;
                    };
                    self.push_text(text_from, at);
                    self.scratch.pieces[opener] = Piece::LinkStart;
                    self.scratch.pieces.push(Piece::LinkEnd);
                    // Links do not contain links: the brackets before this one no longer
                    // open any.
                    open_from = brackets.len();
                    pos = link_end;
                    text_from = pos;
                }
                b'&' => {
                    pos = at + 1;
                    if let Some((len, decoded)) = entity(&bytes[at..])? {
                        self.push_text(text_from, at);
                        self.scratch
                            .pieces
                            .push(Piece::Decoded(at..at + len, decoded));
                        pos = at + len;
                        text_from = pos;
                    }
                }
                b'!' => {
                    pos = at + 1;
                    if bytes.get(at + 1) == Some(&b'[') {
                        // An image is not prose: its alt text is hidden.
                        let image_end = image(bytes, at, last)?;
                        self.push_text(text_from, at);
                        self.scratch.pieces.push(Piece::Image);
                        pos = image_end;
                        text_from = pos;
                    }
                }
                b'<' => {
                    // Raw HTML and autolinks start right after the `<` and end at a `>`:
                    // without both ("< 2 years", "<5%"), it is text.
                    pos = at + 1;
                    let spaced = matches!(bytes.get(at + 1), None | Some(b' ' | b'\n'));
                    let last_gt = *last_gt.get_or_insert_with(|| {
                        crate::work::count(crate::work::Loop::Markup, end - start);
                        memchr::memrchr(b'>', &bytes[start..end]).map(|i| start + i)
                    });
                    if !spaced && last_gt.is_some_and(|gt| gt > at) {
                        return None;
                    }
                }
                b'~' => {
                    // Tildes stay text ("~50 people", "10~20%") unless a run that can open a
                    // strikethrough is followed by one of its length that can close it: that
                    // is left to pulldown-cmark. Runs of three or more are always text.
                    let n = run_length(bytes, at, b'~');
                    pos = at + n;
                    if n <= 2 {
                        let after = if at + n < last {
                            char_at(self.text, at + n)
                        } else {
                            None
                        };
                        let before = class_of(char_before(self.text, at))?;
                        let (can_open, can_close) = tilde_flanking(n, before, class_of(after)?);
                        if can_close && tilde_openers[n] {
                            return None;
                        }
                        tilde_openers[n] |= can_open;
                    }
                }
                _ => return None,
            }
        }
        self.push_text(text_from, last);
        self.scratch.brackets = brackets;
        self.emphasis();
        self.emit();
        Some(())
    }

    fn push_text(&mut self, from: usize, to: usize) {
        if from < to {
            self.scratch.pieces.push(Piece::Text(from..to));
        }
    }

    /// A line break over `range`; where the next line's text starts (its indentation is not
    /// text), at most `end`.
    fn line_break(&mut self, hard: bool, range: Range<usize>, end: usize) -> usize {
        let next = skip_spaces(self.bytes, range.end, end);
        self.scratch.pieces.push(Piece::Break { hard, range });
        next
    }

    /// Matches the delimiter runs of each level (the text outside links, and each link's
    /// text) as pulldown-cmark does.
    fn emphasis(&mut self) {
        let Scratch {
            runs,
            pieces,
            outer,
            inner,
            openers,
            ..
        } = &mut self.scratch;
        outer.clear();
        inner.clear();
        let mut in_link = false;
        for piece in pieces.iter() {
            match piece {
                Piece::LinkStart => in_link = true,
                Piece::LinkEnd => {
                    in_link = false;
                    match_runs(runs, inner, openers);
                    inner.clear();
                }
                Piece::Delimiters(run) if in_link => inner.push(*run),
                Piece::Delimiters(run) => outer.push(*run),
                _ => {}
            }
        }
        match_runs(runs, outer, openers);
    }

    fn emit(&mut self) {
        let text = self.text;
        let borrowed = |range: &Range<usize>| Event::Text(CowStr::Borrowed(&text[range.clone()]));
        for piece in &self.scratch.pieces {
            match piece {
                Piece::Text(range) => (self.sink)(borrowed(range), range.clone()),
                Piece::Break { hard, range } => {
                    let event = if *hard {
                        Event::HardBreak
                    } else {
                        Event::SoftBreak
                    };
                    (self.sink)(event, range.clone());
                }
                Piece::Code(range) => (self.sink)(
                    Event::Code(CowStr::Borrowed(&text[range.clone()])),
                    range.clone(),
                ),
                Piece::Decoded(range, decoded) => {
                    (self.sink)(Event::Text((*decoded).into()), range.clone());
                }
                Piece::Bracket(at) => (self.sink)(borrowed(&(*at..at + 1)), *at..at + 1),
                Piece::LinkStart => (self.sink)(
                    Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::Borrowed(""),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }),
                    0..0,
                ),
                Piece::LinkEnd => (self.sink)(Event::End(TagEnd::Link), 0..0),
                Piece::Image => {
                    (self.sink)(
                        Event::Start(Tag::Image {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::Borrowed(""),
                            title: CowStr::Borrowed(""),
                            id: CowStr::Borrowed(""),
                        }),
                        0..0,
                    );
                    (self.sink)(Event::End(TagEnd::Image), 0..0);
                }
                Piece::Delimiters(run) => {
                    let run = &self.scratch.runs[*run];
                    for _ in 0..run.closes {
                        (self.sink)(Event::End(TagEnd::Strong), 0..0);
                    }
                    if run.lo < run.hi {
                        let range = run.lo..run.hi;
                        (self.sink)(borrowed(&range), range);
                    }
                    for _ in 0..run.opens {
                        (self.sink)(Event::Start(Tag::Strong), 0..0);
                    }
                }
            }
        }
    }
}

/// The longest backtick run this reader reads (pulldown-cmark reads any).
const MAX_BACKTICKS: usize = 16;

/// The bytes the inline reader stops at: line ends, escapes, code, emphasis, brackets,
/// entities, images (`!`), tildes and `<`, and tabs and CR, which are left to
/// pulldown-cmark.
const SPECIAL: crate::bytescan::ByteSet<8> = crate::bytescan::ByteSet::new([
    (b'\t', b'\r'),
    (b'!', b'!'),
    (b'&', b'&'),
    (b'*', b'*'),
    (b'<', b'<'),
    (b'[', b']'),
    (b'_', b'`'),
    (b'~', b'~'),
]);

enum Block {
    Heading(usize),
    /// A list item; `content` is where its text starts, from the marker.
    Item {
        content: usize,
        marker: u8,
        number: Option<u64>,
    },
    Rule,
    /// A `*` or `+` bullet with nothing after it: an empty list item.
    EmptyItem {
        marker: u8,
    },
    /// A `>`: a block quote.
    Quote,
    /// A line of `count` `=` (level 1) or `-` (level 2) only: a setext heading's underline
    /// under a paragraph, else a thematic break (three `-` or more), an empty item (one `-`)
    /// or text.
    Underline {
        level: usize,
        count: usize,
    },
}

/// What the line `rest` (from its first non-space byte, at most three spaces in) starts:
/// `Some(None)` for paragraph text, `None` for a construct left to pulldown-cmark.
fn block_start(rest: &[u8]) -> Option<Option<Block>> {
    let first = rest[0];
    match first {
        b'#' => {
            let hashes = rest.iter().take_while(|&&b| b == b'#').count();
            if hashes <= 6 && matches!(rest.get(hashes), None | Some(b' ')) {
                return Some(Some(Block::Heading(hashes)));
            }
            Some(None)
        }
        b'>' => Some(Some(Block::Quote)),
        // Raw HTML and fences (even where a code span seems to hide them); a `<` that no
        // tag, comment or declaration can follow ("< 2 years") starts a paragraph.
        b'<' if !matches!(
            rest.get(1),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'/' | b'!' | b'?')
        ) =>
        {
            Some(None)
        }
        b'<' => None,
        b'`' if rest.starts_with(b"```") => None,
        b'~' if rest.starts_with(b"~~~") => None,
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let ordered = digits <= 9
                && matches!(rest.get(digits), Some(b'.' | b')'))
                && matches!(rest.get(digits + 1), None | Some(b' '));
            if !ordered {
                return Some(None);
            }
            let number = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
            item(rest, digits + 1, rest[digits], Some(number))
        }
        b'-' | b'*' | b'+' | b'_' | b'=' => {
            if rest.iter().all(|&b| b == first || b == b' ') {
                let count = rest.iter().filter(|&&b| b == first).count();
                let spaced = rest
                    [..rest.len() - rest.iter().rev().take_while(|&&b| b == b' ').count()]
                    .contains(&b' ');
                if matches!(first, b'-' | b'=') && !spaced {
                    return Some(Some(Block::Underline {
                        level: if first == b'=' { 1 } else { 2 },
                        count,
                    }));
                }
                if matches!(first, b'-' | b'*' | b'_') && count >= 3 {
                    return Some(Some(Block::Rule));
                }
                if count == 1 && !spaced && matches!(first, b'*' | b'+') {
                    return Some(Some(Block::EmptyItem { marker: first }));
                }
                // Other empty items (a lone `-` may underline a heading), and items that hold
                // one.
                if spaced || count == 1 && first != b'_' && first != b'=' {
                    return None;
                }
                return Some(None);
            }
            if first == b'_' || first == b'=' || rest.get(1) != Some(&b' ') {
                return Some(None);
            }
            item(rest, 1, first, None)
        }
        _ => Some(None),
    }
}

/// A list item whose marker (`marker`, the last byte of it) takes `marker_len` bytes of
/// `rest`.
fn item(rest: &[u8], marker_len: usize, marker: u8, number: Option<u64>) -> Option<Option<Block>> {
    let spaces = rest[marker_len..]
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    let content = &rest[marker_len + spaces..];
    // Five spaces or more start indented code; an empty item, or one that starts with
    // another block, is left to pulldown-cmark.
    if spaces == 0 || spaces > 4 || content.is_empty() || block_start(content)?.is_some() {
        return None;
    }
    Some(Some(Block::Item {
        content: marker_len + spaces,
        marker,
        number,
    }))
}

/// A delimiter run of `*` or `_`: what is left of it as text is `lo..hi`; `closes` and
/// `opens` count the strong emphasis it ends (before `lo`) and starts (after `hi`).
struct Run {
    delimiter: u8,
    length: usize,
    can_open: bool,
    can_close: bool,
    lo: usize,
    hi: usize,
    opens: u16,
    closes: u16,
}

enum Piece {
    Text(Range<usize>),
    Break {
        hard: bool,
        range: Range<usize>,
    },
    Code(Range<usize>),
    /// An entity or numeric character reference.
    Decoded(Range<usize>, char),
    /// A `[` that opened no link.
    Bracket(usize),
    LinkStart,
    LinkEnd,
    /// An image whose alt text is plain text: hidden as a whole.
    Image,
    Delimiters(usize),
}

/// An opener on the stack: its run and how many of its characters are left to match.
#[derive(Clone, Copy)]
struct Opener {
    run: usize,
    count: usize,
}

/// pulldown-cmark's emphasis matching (`handle_emphasis_and_hard_break` with its stack's
/// lower bounds), for `*` and `_`.
fn match_runs(runs: &mut [Run], level: &[usize], stack: &mut Vec<Opener>) {
    stack.clear();
    // Lower bounds: `_` not both, `*` not both, `*` by length mod 3, `_` by length mod 3.
    let mut bounds = [0usize; 8];
    let bound_index = |delimiter: u8, length: usize| -> (usize, usize) {
        if delimiter == b'_' {
            (0, 5 + length % 3)
        } else {
            (1, 2 + length % 3)
        }
    };
    for &index in level {
        let (delimiter, length, can_open, can_close) = {
            let run = &runs[index];
            (run.delimiter, run.length, run.can_open, run.can_close)
        };
        let both = can_open && can_close;
        let mut count = length;
        if can_close {
            loop {
                let (not_both, by_mod) = bound_index(delimiter, length);
                let lower = if both {
                    bounds[by_mod]
                } else {
                    bounds[by_mod].min(bounds[not_both])
                }
                .min(stack.len());
                let found = stack[lower..].iter().rposition(|opener| {
                    let other = &runs[opener.run];
                    let other_both = other.can_open && other.can_close;
                    // The rule of three: when either run can both open and close, their
                    // lengths may not sum to a multiple of three unless both are multiples.
                    other.delimiter == delimiter
                        && (!(both || other_both)
                            || !(length + other.length).is_multiple_of(3)
                            || length.is_multiple_of(3))
                });
                let Some(found) = found.map(|i| i + lower) else {
                    bounds[by_mod] = stack.len();
                    if !both {
                        bounds[not_both] = stack.len();
                    }
                    break;
                };
                let opener = stack[found];
                stack.truncate(found);
                for bound in &mut bounds {
                    *bound = (*bound).min(found);
                }
                let matched = count.min(opener.count);
                let strong = (matched / 2) as u16;
                runs[opener.run].hi -= matched;
                runs[opener.run].opens += strong;
                runs[index].lo += matched;
                runs[index].closes += strong;
                if opener.count > matched {
                    stack.push(Opener {
                        run: opener.run,
                        count: opener.count - matched,
                    });
                }
                count -= matched;
                if count == 0 {
                    break;
                }
            }
        }
        if count > 0 && can_open {
            stack.push(Opener { run: index, count });
        }
    }
}

/// Where a character is, for emphasis: `None` at a line or text edge.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Space,
    Punctuation,
    Other,
}

/// The class of `c` as pulldown-cmark reads it (`char::is_whitespace`, and Unicode
/// punctuation and symbols), or `None` for a character whose class this reader cannot tell
/// without Unicode's category tables (some marks and private-use characters).
fn class_of(c: Option<char>) -> Option<Class> {
    let Some(c) = c else {
        return Some(Class::Space);
    };
    if c.is_ascii() {
        return Some(if c.is_ascii_whitespace() || c == '\u{b}' {
            Class::Space
        } else if c.is_ascii_punctuation() {
            Class::Punctuation
        } else {
            Class::Other
        });
    }
    if c.is_whitespace() {
        return Some(Class::Space);
    }
    if c.is_alphanumeric() {
        return Some(Class::Other);
    }
    let code = u32::from(c);
    // Format characters and variation selectors that postings put next to a delimiter (a
    // zero-width space, an emoji's presentation selector, a byte-order mark): neither space
    // nor punctuation in pulldown-cmark's table.
    if matches!(code, 0x200b..=0x200f | 0x2060..=0x206f | 0xfe00..=0xfe0f | 0xfeff) {
        return Some(Class::Other);
    }
    let unsure = matches!(code,
        0x80..=0x9f | 0xad | 0x300..=0x36f | 0x483..=0x489 | 0x591..=0x5c7 | 0x600..=0x605
        | 0x610..=0x61c | 0x64b..=0x65f | 0x6dd | 0x70f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff
        | 0x202a..=0x202e | 0x20d0..=0x20ff | 0xd800..=0xf8ff | 0xfe20..=0xfe2f
        | 0xfff0..=0xfffb | 0xe0000..);
    if unsure || code > 0x1fbca {
        return None;
    }
    Some(Class::Punctuation)
}

/// Whether a run of `delimiter` between `before` and `after` can open and can close
/// (pulldown-cmark's `delim_run_can_open` and `delim_run_can_close`).
fn flanking(delimiter: u8, before: Class, after: Class) -> (bool, bool) {
    let can_open = after != Class::Space
        && (delimiter == b'*' && after != Class::Punctuation || before != Class::Other);
    let can_close = before != Class::Space
        && (delimiter == b'*' && before != Class::Punctuation || after != Class::Other);
    (can_open, can_close)
}

/// Whether a run of `length` tildes between `before` and `after` can open and can close a
/// strikethrough (pulldown-cmark's flanking for `~`: a single tilde cannot be inside a word,
/// a double one can).
fn tilde_flanking(length: usize, before: Class, after: Class) -> (bool, bool) {
    let can_open = after != Class::Space && (length > 1 || before != Class::Other);
    let can_close =
        before != Class::Space && (after != Class::Other || length > 1 && before == Class::Other);
    (can_open, can_close)
}

/// `at` moved past the spaces after it, no further than `end`.
fn skip_spaces(bytes: &[u8], at: usize, end: usize) -> usize {
    at + bytes[at..end].iter().take_while(|&&b| b == b' ').count()
}

/// `to` moved back over the spaces before it, no further than `from`.
fn trim_spaces(bytes: &[u8], from: usize, to: usize) -> usize {
    to - bytes[from..to]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ')
        .count()
}

fn run_length(bytes: &[u8], at: usize, byte: u8) -> usize {
    bytes[at..].iter().take_while(|&&b| b == byte).count()
}

/// The start of the first run of exactly `n` backticks in `from..end`.
fn closing_backticks(bytes: &[u8], mut from: usize, end: usize, n: usize) -> Option<usize> {
    while let Some(i) = memchr::memchr(b'`', &bytes[from..end]) {
        let at = from + i;
        let length = run_length(&bytes[..end], at, b'`');
        if length == n {
            return Some(at);
        }
        from = at + length;
    }
    None
}

/// After a `]` at `from - 1`: `Some(Some(end))` for an inline link `(destination)` that ends
/// at `end`, `Some(None)` for none, `None` for a shape left to pulldown-cmark (a title, a
/// destination in pointy brackets, with escapes or across lines).
fn inline_link(bytes: &[u8], from: usize, last: usize) -> Option<Option<usize>> {
    if bytes.get(from) != Some(&b'(') {
        return Some(None);
    }
    let mut i = skip_spaces(bytes, from + 1, last);
    let mut nest = 0usize;
    while i < last {
        match bytes[i] {
            0..=0x20 => break,
            b'(' => {
                nest += 1;
                if nest > 8 {
                    return None;
                }
            }
            b')' if nest == 0 => break,
            b')' => nest -= 1,
            b'\\' | b'<' | b'`' => return None,
            _ => {}
        }
        i += 1;
    }
    if nest != 0 {
        return None;
    }
    let i = skip_spaces(bytes, i, last);
    if i < last && bytes[i] == b')' {
        return Some(Some(i + 1));
    }
    None
}

/// After a `![` at `at`: where the image `![alt](destination)` ends, or `None` for a shape
/// left to pulldown-cmark (an alt text with markup, brackets or a line break, no inline
/// destination).
fn image(bytes: &[u8], at: usize, last: usize) -> Option<usize> {
    let alt_start = at + 2;
    let close = alt_start
        + bytes[alt_start..last]
            .iter()
            .position(|&b| SPECIAL.contains(b))?;
    if bytes[close] != b']' {
        return None;
    }
    inline_link(bytes, close + 1, last)?
}

/// A `|---|:--:|`-like line, which makes the lines above it a table.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('-') && line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// The entities postings use (pulldown-cmark knows all of HTML's).
const ENTITIES: [(&[u8], char); 20] = [
    (b"amp", '&'),
    (b"apos", '\''),
    (b"bull", '\u{2022}'),
    (b"copy", '\u{a9}'),
    (b"euro", '\u{20ac}'),
    (b"gt", '>'),
    (b"hellip", '\u{2026}'),
    (b"ldquo", '\u{201c}'),
    (b"lsquo", '\u{2018}'),
    (b"lt", '<'),
    (b"mdash", '\u{2014}'),
    (b"middot", '\u{b7}'),
    (b"nbsp", '\u{a0}'),
    (b"ndash", '\u{2013}'),
    (b"pound", '\u{a3}'),
    (b"quot", '"'),
    (b"rdquo", '\u{201d}'),
    (b"reg", '\u{ae}'),
    (b"rsquo", '\u{2019}'),
    (b"trade", '\u{2122}'),
];

/// The reference `bytes` (from an `&`) starts with: `Some(Some((length, character)))`,
/// `Some(None)` when it is no reference (the `&` is text), `None` for one this reader does
/// not know.
fn entity(bytes: &[u8]) -> Option<Option<(usize, char)>> {
    let name = bytes[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if bytes.get(1) == Some(&b'#') {
        let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
        let from = if hex { 3 } else { 2 };
        let (radix, most) = if hex { (16, 6) } else { (10, 7) };
        let digits = bytes[from..]
            .iter()
            .take(most)
            .take_while(|b| b.is_ascii_hexdigit() && (hex || b.is_ascii_digit()))
            .count();
        if digits == 0 || bytes.get(from + digits) != Some(&b';') {
            return Some(None);
        }
        let code = u32::from_str_radix(
            std::str::from_utf8(&bytes[from..from + digits]).ok()?,
            radix,
        )
        .ok()?;
        let decoded = char::from_u32(code).filter(|&c| c != '\0')?;
        return Some(Some((from + digits + 1, decoded)));
    }
    if bytes.get(1 + name) != Some(&b';') {
        return Some(None);
    }
    let decoded = ENTITIES
        .iter()
        .find(|(known, _)| *known == &bytes[1..1 + name])?
        .1;
    Some(Some((name + 2, decoded)))
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(markdown: &str) -> bool {
        read(markdown, 0, None, |_, _| {}).is_some()
    }

    #[test]
    fn reads_the_shapes_postings_are_written_in() {
        for markdown in [
            "# [Data Engineer](https://jobs.test/apply/1)  \n### Acme  \n#### `\u{1f30e} Remote`  \n",
            "### **Company Description**\n\n **Who We Are**\n\nWe build *tools*.\n",
            "  * Design, develop and deploy\n  * 5+ years of Python\n    * nested\n",
            "1. Apply\n2. Interview\n",
            "Benefits\n--------\n\n* * *\n",
            "R&D, Q&A &amp; \\*escaped\\* text; a | b; snake_case_name",
            // Images with a plain alt text, before a heading's words or alone on a line.
            "## ![](https://img.test/logo.png) About us\n\n****![team](https://img.test/t.jpg)  \n",
            // Tildes that cannot strike anything through: approximations and ranges.
            "~50 people, ~$150k - ~$180k, 10~20% ~~ \u{200b}**Remote**\u{fe0f}",
            // A `<` that starts no tag: "less than".
            "<5% travel\n\n- < 2 years of experience\n- Pay < $90k > $70k\n",
            // Benefits written as one-line quotes.
            "**Health**\n\n> \u{1fa7a} Health coverage\n\n>Dental and *vision*\n\n- Go\n  > Rust\n",
            // An empty bullet closing a list, and one opening a list, before a blank line.
            "  * Go\n  * Rust\n  * \n\n## Apply\n\n*\n\nText.\n",
        ] {
            assert!(reads(markdown), "{markdown:?}");
        }
    }

    #[test]
    fn leaves_other_constructs_to_pulldown_cmark() {
        for markdown in [
            "| Role | Pay |\n|---|---|\n| SRE | $150k |\n",
            "<div>Apply</div>\n",
            "Apply <a href=\"/jobs\">here</a>\n",
            "> A quote\n> on two lines\n",
            "> A quote\nwith a lazy line\n",
            "> # A heading in a quote\n",
            ">\n",
            "```\ncode\n```\n",
            "    indented code\n",
            "![**logo**](logo.png)\n",
            "![logo]\n",
            "[Apply][form]\n\n[form]: https://jobs.test\n",
            "[link](https://jobs.test \"title\")\n",
            "~~old~~ new\n",
            "~old~ new\n",
            // Empty items with text on the next line, or under a paragraph, and a lone `-`.
            "*\n  Go\n",
            "Skills\n*\n",
            "-\n",
            "caf&eacute;\n",
            "a\tb\n",
            "line\r\n",
            // White space this reader does not look for: a vertical tab, a form feed.
            "`\n-\u{b}\n`",
            "page\u{c}break\n",
            "-\n",
        ] {
            assert!(!reads(markdown), "{markdown:?}");
        }
    }

    /// Given the line starts, the reader reads what it reads when it finds the lines itself:
    /// after front matter or not, from a line's start or inside one, with a last line ended
    /// or not.
    #[test]
    fn lines_given_are_lines_found() {
        let events = |text: &str, body_start: usize, starts: Option<&[usize]>| {
            let mut events = Vec::new();
            let read = read(text, body_start, starts, |event, range| {
                events.push(format!("{event:?} {range:?}"));
            });
            (read, events)
        };
        for (text, body_start) in [
            (
                "---\ntitle: x\n---\n# Engineer\n\n- Rust\n- Go\n\nWe ship.",
                17,
            ),
            // A body that starts inside a line.
            (
                "---\ntitle: x\n---\n# Engineer\n\n- Rust\n- Go\n\nWe ship.",
                19,
            ),
            (
                "# Engineer\n\nWe *ship*.\n\n## Requirements\n\n1. PhD\n2. Rust\n",
                0,
            ),
            ("\n\n", 0),
            ("one line", 0),
            ("", 0),
        ] {
            let starts = crate::source::line_starts(text);
            assert_eq!(
                events(text, body_start, Some(&starts)),
                events(text, body_start, None),
                "{text:?}"
            );
        }
    }

    #[test]
    fn text_strong_emphasis_and_breaks_keep_their_source_ranges() {
        let markdown = "We are **rock\\*stars**  \nin R&amp;D";
        let mut events = Vec::new();
        read(markdown, 0, None, |event, range| {
            events.push(match event {
                Event::Text(text) => format!("{:?} {range:?}", &*text),
                Event::HardBreak => format!("HardBreak {range:?}"),
                other => format!("{other:?}"),
            });
        })
        .expect("read");
        assert_eq!(
            events,
            [
                "Start(Paragraph)",
                "\"We are \" 0..7",
                "Start(Strong)",
                "\"rock\" 9..13",
                // The escaped star is text; its backslash is not.
                "\"*stars\" 14..20",
                "End(Strong)",
                "HardBreak 22..25",
                "\"in R\" 25..29",
                // An entity is its decoded text, mapped to the whole reference.
                "\"&\" 29..34",
                "\"D\" 34..35",
                "End(Paragraph)",
            ]
        );
    }
}
