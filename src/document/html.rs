//! HTML: html5gum's spec-compliant tokenizer with byte positions, one segment per block
//! (paragraph, list item, table cell, heading, `<br>`-separated line). Inline elements join, so
//! phrases that cross markup (`<b>rock</b>star`) still match. Scripts, styles, the `<head>`,
//! navigation, footers, code, templates and form controls are not prose; the page `<title>` is
//! the title when no heading is. `<!-- hirelint-… -->` comments are directives.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};

use super::directives::{Directive, scan_comments};
use super::sections::{SectionTracker, classify_heading, looks_like_heading_line};
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder, runin};
use crate::bytescan::{ceil_char_boundary, floor_char_boundary};

/// Parses the HTML body (a whole page or a fragment) that starts at `body_start` in `text`.
/// Every range in the result is an offset into `text`.
pub fn parse(text: &str, body_start: usize) -> Body {
    let Some(input) = text.get(body_start..) else {
        return Body::default();
    };
    let pieces = Rc::new(RefCell::new(Pieces::default()));
    let mut inner = DefaultEmitter::<usize>::new_with_span();
    // Without a tree builder, this is what keeps `if (a<b)` in a script or `</p>` in a style
    // sheet from being read as tags.
    inner.naively_switch_states(true);
    let recorder = Recorder {
        inner,
        position: 0,
        pieces: Rc::clone(&pieces),
    };
    let mut walker = Walker::new(text);
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    let mut runs = Vec::new();
    // Where the content of an open `<script type="application/ld+json">` starts.
    let mut structured_start = None;
    let mut structured = Vec::new();
    for token in Tokenizer::new_with_emitter(input, recorder) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let hidden = tag.attributes.contains_key(b"hidden".as_slice());
                let span = shift(tag.span.start..tag.span.end, body_start);
                if tag.name.as_slice() == b"script"
                    && tag.attributes.get(b"type".as_slice()).is_some_and(|t| {
                        t.trim_ascii().eq_ignore_ascii_case(b"application/ld+json")
                    })
                {
                    structured_start = Some(span.end);
                }
                walker.start_tag(&tag.name, tag.self_closing, hidden, span);
            }
            Token::EndTag(tag) => {
                let span = shift(tag.span.start..tag.span.end, body_start);
                if tag.name.as_slice() == b"script"
                    && let Some(start) = structured_start.take()
                {
                    structured.push(start..span.start.max(start));
                }
                walker.end_tag(&tag.name, span);
            }
            Token::String(string) => {
                pieces
                    .borrow_mut()
                    .take_until(string.span.end, &mut bytes, &mut ends);
                decode_runs(input, string.span.start, &bytes, &ends, &mut runs);
                walker.text(&bytes, &runs, body_start);
            }
            Token::Comment(comment) => {
                let span = shift(comment.span.start..comment.span.end, body_start);
                scan_comments(text, span, &mut walker.directives);
            }
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    Body {
        structured,
        ..walker.finish()
    }
}

fn shift(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// The text html5gum emitted since the last string token, in the pieces it emitted it: a run
/// of plain characters, or the decoding of one character reference (`&amp;` → `&`) or one
/// normalised line break. A string token folds all of them into one decoded value; the pieces
/// say which input bytes each part of that value came from.
#[derive(Debug, Default)]
struct Pieces {
    bytes: Vec<u8>,
    /// For each piece: where it ends in `bytes`, and where it ends in the input.
    ends: Vec<(usize, usize)>,
}

impl Pieces {
    /// Moves the pieces that end by input offset `end` (one string token's) into `bytes` and
    /// `ends`, replacing what they held.
    fn take_until(&mut self, end: usize, bytes: &mut Vec<u8>, ends: &mut Vec<(usize, usize)>) {
        bytes.clear();
        ends.clear();
        let n = self.ends.partition_point(|&(_, at)| at <= end);
        if n == self.ends.len() {
            std::mem::swap(bytes, &mut self.bytes);
            std::mem::swap(ends, &mut self.ends);
            return;
        }
        let cut = n.checked_sub(1).map_or(0, |last| self.ends[last].0);
        bytes.extend(self.bytes.drain(..cut));
        ends.extend(self.ends.drain(..n));
        for piece in &mut self.ends {
            piece.0 -= cut;
        }
    }
}

/// The default emitter, plus a record of every piece of text it is given and the input
/// position at that moment, which is where the piece's source bytes end.
#[derive(Debug)]
struct Recorder {
    inner: DefaultEmitter<usize>,
    position: usize,
    pieces: Rc<RefCell<Pieces>>,
}

impl ForwardingEmitter for Recorder {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Token<usize>> {
        &mut self.inner
    }

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
        Emitter::move_position(&mut self.inner, offset);
    }

    fn emit_string(&mut self, s: &[u8]) {
        if !s.is_empty() {
            let mut pieces = self.pieces.borrow_mut();
            pieces.bytes.extend_from_slice(s);
            let end = pieces.bytes.len();
            pieces.ends.push((end, self.position));
        }
        Emitter::emit_string(&mut self.inner, s);
    }
}

/// One stretch of a string token's decoded text (`text`, a range of its bytes) and the input
/// bytes it came from. Offsets are relative to the tokenizer's input.
#[derive(Debug, Clone)]
struct TextRun {
    text: Range<usize>,
    src: Range<usize>,
    verbatim: bool,
}

/// Turns a string token's pieces into runs: a piece whose bytes end exactly where it ends in
/// the input is verbatim; anything else (an entity, a CR LF read as LF) is decoded from all
/// the input since the previous piece.
fn decode_runs(
    input: &str,
    start: usize,
    bytes: &[u8],
    ends: &[(usize, usize)],
    runs: &mut Vec<TextRun>,
) {
    runs.clear();
    let mut prev_src = floor_char_boundary(input, start);
    let mut from = 0;
    for &(to, src_end) in ends {
        let Some(piece) = bytes.get(from..to) else {
            continue;
        };
        // A character split over two pieces (`<é` emits `<` and each byte of `é` apart) is
        // handled once its last byte has arrived.
        let Ok(text) = std::str::from_utf8(piece) else {
            continue;
        };
        let src_end = ceil_char_boundary(input, src_end.max(prev_src));
        let verbatim_start = src_end
            .checked_sub(text.len())
            .filter(|&s| s >= prev_src && input.get(s..src_end) == Some(text));
        match verbatim_start {
            Some(s) => {
                // Input the tokenizer skipped without emitting (the LF of a CR LF, a `</>`)
                // belongs to the decoded piece before it, if any.
                if let Some(last) = runs.last_mut().filter(|r| !r.verbatim) {
                    last.src.end = s;
                }
                runs.push(TextRun {
                    text: from..to,
                    src: s..src_end,
                    verbatim: true,
                });
            }
            None => runs.push(TextRun {
                text: from..to,
                src: prev_src..src_end,
                verbatim: false,
            }),
        }
        prev_src = src_end;
        from = to;
    }
}

/// What an element does to the flow of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Joins the current block (`<b>`, `<a>`, `<span>`, unknown elements).
    Inline,
    /// Ends the current block and starts a new one.
    Block,
    /// A heading of this level.
    Heading(u8),
    /// `<br>`: ends the current line; inside a heading it is only a space.
    Break,
    /// Separates words without ending the block (`<img>`, `<code>`, `<button>`).
    Separator,
}

fn role(name: &[u8]) -> Role {
    match name {
        b"h1" => Role::Heading(1),
        b"h2" => Role::Heading(2),
        b"h3" => Role::Heading(3),
        b"h4" => Role::Heading(4),
        b"h5" => Role::Heading(5),
        b"h6" => Role::Heading(6),
        b"br" => Role::Break,
        b"address" | b"article" | b"aside" | b"blockquote" | b"body" | b"caption" | b"center"
        | b"dd" | b"details" | b"dialog" | b"dir" | b"div" | b"dl" | b"dt" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"form" | b"frameset" | b"header" | b"hgroup"
        | b"hr" | b"html" | b"legend" | b"li" | b"listing" | b"main" | b"menu" | b"nav" | b"ol"
        | b"p" | b"plaintext" | b"pre" | b"search" | b"section" | b"summary" | b"table"
        | b"tbody" | b"td" | b"template" | b"tfoot" | b"th" | b"thead" | b"tr" | b"ul" | b"xmp" => {
            Role::Block
        }
        b"audio" | b"button" | b"canvas" | b"code" | b"embed" | b"iframe" | b"img" | b"input"
        | b"math" | b"noscript" | b"object" | b"script" | b"select" | b"style" | b"svg"
        | b"textarea" | b"video" => Role::Separator,
        _ => Role::Inline,
    }
}

/// Elements whose content is not prose.
fn hides(name: &[u8]) -> bool {
    matches!(
        name,
        b"audio"
            | b"button"
            | b"canvas"
            | b"code"
            | b"datalist"
            | b"footer"
            | b"iframe"
            | b"math"
            | b"nav"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"object"
            | b"pre"
            | b"script"
            | b"select"
            | b"style"
            | b"svg"
            | b"template"
            | b"textarea"
            | b"title"
            | b"video"
            | b"xmp"
    )
}

/// Elements that never have content, so are never closed.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"br"
            | b"col"
            | b"embed"
            | b"frame"
            | b"hr"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Elements that may appear in `<head>`; any other start tag begins the body.
fn is_head_content(name: &[u8]) -> bool {
    matches!(
        name,
        b"base"
            | b"basefont"
            | b"bgsound"
            | b"html"
            | b"link"
            | b"meta"
            | b"noscript"
            | b"script"
            | b"style"
            | b"template"
            | b"title"
    )
}

/// Elements that close an open sibling of their own kind (`<li>a<li>b`), as HTML's implied end
/// tags do; the value names the kind.
fn sibling_kind(name: &[u8]) -> Option<&'static [u8]> {
    match name {
        b"li" => Some(b"li"),
        b"p" => Some(b"p"),
        b"dt" | b"dd" => Some(b"dd"),
        b"td" | b"th" => Some(b"td"),
        b"tr" => Some(b"tr"),
        b"option" => Some(b"option"),
        _ => None,
    }
}

/// An element that is open, with what it changes while it is.
#[derive(Debug)]
struct Open {
    name: Vec<u8>,
    hides: bool,
    strong: bool,
    heading: bool,
    list_item: bool,
}

/// A block being read: its decoded text and where each run of it came from. Runs are kept
/// (rather than pushed straight into a `TextBuilder`) so that a page title can be cut short.
#[derive(Debug, Default)]
struct Block {
    text: String,
    runs: Vec<TextRun>,
    /// White space read since the last word, not yet written: a space is written only between
    /// two words, so a block never starts or ends with one.
    space: Option<Range<usize>>,
    /// Bytes of words read inside and outside `<b>`/`<strong>`.
    strong_bytes: usize,
    plain_bytes: usize,
    /// Whether text was read inside an `<li>` (known here because `</li>` closes the item
    /// before the block is filed).
    list_item: bool,
    /// A top-level list item (not one of a nested list): counted as an item.
    top_item: bool,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Adds decoded text that came from `src`, splitting verbatim text into words and spaces.
    fn add(&mut self, text: &str, src: Range<usize>, verbatim: bool, strong: bool, source: &str) {
        if !verbatim {
            if text.chars().all(char::is_whitespace) {
                self.space(src);
            } else {
                self.word(text, src, false, strong, source);
            }
            return;
        }
        let mut start = 0;
        let mut in_space: Option<bool> = None;
        let emit = |block: &mut Block, range: Range<usize>, is_space: bool| {
            let at = src.start + range.start..src.start + range.end;
            if is_space {
                block.space(at);
            } else {
                block.word(&text[range], at, true, strong, source);
            }
        };
        for (i, c) in text.char_indices() {
            let is_space = c.is_whitespace();
            match in_space {
                Some(prev) if prev != is_space => {
                    emit(self, start..i, prev);
                    start = i;
                    in_space = Some(is_space);
                }
                None => in_space = Some(is_space),
                _ => {}
            }
        }
        if let Some(prev) = in_space {
            emit(self, start..text.len(), prev);
        }
    }

    /// Notes white space (or anything that separates words, such as an image) at `src`.
    fn space(&mut self, src: Range<usize>) {
        self.space = Some(match self.space.take() {
            Some(open) => open.start..src.end.max(open.end),
            None => src,
        });
    }

    fn word(&mut self, text: &str, src: Range<usize>, verbatim: bool, strong: bool, source: &str) {
        if let Some(space) = self.space.take().filter(|_| !self.text.is_empty()) {
            // One plain space stays verbatim; a line break, `&nbsp;` or markup between the
            // words becomes one decoded space covering all of it.
            let plain = source.get(space.clone()) == Some(" ");
            self.push(" ", space, plain);
        }
        self.push(text, src, verbatim);
        if strong {
            self.strong_bytes += text.len();
        } else {
            self.plain_bytes += text.len();
        }
    }

    fn push(&mut self, text: &str, src: Range<usize>, verbatim: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        self.runs.push(TextRun {
            text: start..self.text.len(),
            src,
            verbatim,
        });
    }

    /// The block's text up to `cut` (a run boundary), with its span map.
    fn builder(&self, cut: usize) -> TextBuilder {
        let mut b = TextBuilder::new();
        for run in &self.runs {
            if run.text.start >= cut {
                break;
            }
            let Some(text) = self.text.get(run.text.clone()) else {
                continue;
            };
            if run.verbatim {
                let keep = cut.min(run.text.end) - run.text.start;
                b.push_verbatim(text.get(..keep).unwrap_or(text), run.src.start);
            } else {
                b.push_decoded(text, run.src.clone());
            }
        }
        b
    }
}

/// Follows the token stream: which elements are open, which block is being read, and the
/// segments so far.
#[derive(Debug)]
struct Walker<'a> {
    source: &'a str,
    segments: Vec<Segment>,
    directives: Vec<Directive>,
    title: Option<usize>,
    /// Whether `title` is an `<h1>`, which no later heading replaces.
    title_is_h1: bool,
    /// Whether a real heading (`<h1>`–`<h6>`) has been read.
    heading_seen: bool,
    sections: SectionTracker,
    block: Block,
    /// Level of the heading being read, if the current block is one.
    heading: Option<u8>,
    open: Vec<Open>,
    /// How many elements of each name are open, so that a stray end tag is found (or not) in
    /// constant time.
    open_names: HashMap<Vec<u8>, usize>,
    /// Open elements whose content is not prose.
    hidden: usize,
    strong: usize,
    headings: usize,
    list_items: usize,
    in_head: bool,
    body_seen: bool,
    /// The first `<title>`, and whether it is being read.
    page_title: Option<Block>,
    reading_title: bool,
}

impl<'a> Walker<'a> {
    fn new(source: &'a str) -> Self {
        Walker {
            source,
            segments: Vec::new(),
            directives: Vec::new(),
            title: None,
            title_is_h1: false,
            heading_seen: false,
            sections: SectionTracker::default(),
            block: Block::default(),
            heading: None,
            open: Vec::new(),
            open_names: HashMap::new(),
            hidden: 0,
            strong: 0,
            headings: 0,
            list_items: 0,
            in_head: false,
            body_seen: false,
            page_title: None,
            reading_title: false,
        }
    }

    fn visible(&self) -> bool {
        self.hidden == 0 && !self.in_head
    }

    fn start_tag(&mut self, name: &[u8], self_closing: bool, hidden: bool, span: Range<usize>) {
        match name {
            b"head" => {
                self.in_head = !self.body_seen;
                return;
            }
            b"body" => {
                self.in_head = false;
                self.body_seen = true;
            }
            _ if self.in_head && !is_head_content(name) => {
                self.in_head = false;
                self.body_seen = true;
            }
            _ => {}
        }
        let void = self_closing || is_void(name);
        if name == b"title" && !void && self.page_title.is_none() && self.hidden == 0 {
            self.page_title = Some(Block::default());
            self.reading_title = true;
        }
        let role = role(name);
        if self.visible() {
            match role {
                Role::Block => self.flush(),
                Role::Heading(level) => {
                    self.flush();
                    self.heading = Some(level);
                }
                Role::Break if self.heading.is_some() => self.block.space(span),
                Role::Break => self.flush(),
                Role::Separator => self.block.space(span),
                Role::Inline => {}
            }
        }
        if void {
            return;
        }
        self.close_implied(name, role);
        let open = Open {
            name: name.to_vec(),
            hides: hidden || hides(name),
            strong: matches!(name, b"b" | b"strong"),
            heading: matches!(role, Role::Heading(_)),
            list_item: name == b"li",
        };
        self.hidden += usize::from(open.hides);
        self.strong += usize::from(open.strong);
        self.headings += usize::from(open.heading);
        self.list_items += usize::from(open.list_item);
        *self.open_names.entry(open.name.clone()).or_default() += 1;
        self.open.push(open);
    }

    /// HTML's implied end tags, for the current element only: a new `<li>` closes an open
    /// `<li>`, a block closes a `<p>`. Without them, unclosed list items would pile up.
    fn close_implied(&mut self, name: &[u8], role: Role) {
        let Some(current) = self.open.last() else {
            return;
        };
        let same_kind = sibling_kind(name).is_some_and(|k| sibling_kind(&current.name) == Some(k));
        let block_in_p = current.name == b"p" && matches!(role, Role::Block | Role::Heading(_));
        if same_kind || block_in_p {
            self.pop();
        }
    }

    fn end_tag(&mut self, name: &[u8], span: Range<usize>) {
        match name {
            b"head" => {
                self.in_head = false;
                return;
            }
            // Browsers read `</br>` as `<br>`.
            b"br" => {
                self.start_tag(name, true, false, span);
                return;
            }
            b"title" => self.reading_title = false,
            _ => {}
        }
        let was_visible = self.visible();
        let role = role(name);
        if matches!(role, Role::Heading(_)) {
            // Any heading end tag closes whichever heading is open (`<h3>…</h4>`).
            if self.headings > 0 {
                while let Some(open) = self.pop() {
                    if open.heading {
                        break;
                    }
                }
            }
        } else if self.open_names.get(name).is_some_and(|&n| n > 0) {
            while let Some(open) = self.pop() {
                if open.name == name {
                    break;
                }
            }
        }
        if self.visible() {
            match role {
                Role::Block | Role::Break => self.flush(),
                Role::Heading(_) => {
                    self.flush();
                    self.heading = None;
                }
                // `<code>x</code>` separates the words around it: one space covering it all.
                Role::Separator if !was_visible => self.block.space(span),
                Role::Separator | Role::Inline => {}
            }
        }
    }

    fn pop(&mut self) -> Option<Open> {
        let open = self.open.pop()?;
        self.hidden -= usize::from(open.hides);
        self.strong -= usize::from(open.strong);
        self.headings -= usize::from(open.heading);
        self.list_items -= usize::from(open.list_item);
        if let Some(n) = self.open_names.get_mut(&open.name) {
            *n = n.saturating_sub(1);
        }
        Some(open)
    }

    /// A string token's runs; offsets are relative to the tokenizer input at `base`.
    fn text(&mut self, bytes: &[u8], runs: &[TextRun], base: usize) {
        let source = self.source;
        let strong = self.strong > 0 && !self.reading_title;
        if !self.reading_title {
            if self.hidden > 0 {
                return;
            }
            let all_space = runs.iter().all(|r| {
                bytes
                    .get(r.text.clone())
                    .is_some_and(|b| b.iter().all(u8::is_ascii_whitespace))
            });
            if self.in_head {
                // Text in the head ends it, as in a browser; white space does not.
                if all_space {
                    return;
                }
                self.in_head = false;
                self.body_seen = true;
            }
            // Only words say where the block is: the white space between `<ul>` and a nested
            // `<li>` is read at the outer item's depth, and it made the nested item a top one.
            if !all_space {
                self.block.list_item |= self.list_items > 0;
                // A nested list's items are details of an item, not items of their own.
                self.block.top_item |= self.list_items == 1;
            }
        }
        let block = match self.page_title.as_mut() {
            Some(title) if self.reading_title => title,
            _ => &mut self.block,
        };
        for run in runs {
            let Some(text) = bytes
                .get(run.text.clone())
                .and_then(|b| std::str::from_utf8(b).ok())
            else {
                continue;
            };
            block.add(
                text,
                shift(run.src.clone(), base),
                run.verbatim,
                strong,
                source,
            );
        }
    }

    /// Ends the current block and files it as a heading or body segment, as the Markdown
    /// reader does.
    fn flush(&mut self) {
        if self.block.is_empty() {
            // Nothing read yet: a heading whose text is still to come stays a heading.
            self.block.space = None;
            return;
        }
        let block = std::mem::take(&mut self.block);
        let heading = self.heading.take();
        let text = block.text.as_str();
        let bold_line =
            block.strong_bytes > 0 && block.plain_bytes == 0 && text.chars().count() <= 80;
        // A list item is always prose: "Experience with Rust" is a requirement, not a heading.
        let line_heading = !block.list_item
            && (bold_line || (!text.contains(". ") && looks_like_heading_line(text)));
        let rank = match heading {
            Some(rank) => Some(rank),
            None if line_heading => Some(SectionTracker::LINE_RANK),
            None => None,
        };
        let builder = block.builder(block.text.len());
        match rank {
            Some(rank) => {
                if heading.is_some() && self.takes_title(rank, text) {
                    self.title = Some(self.segments.len());
                } else {
                    self.sections.heading(rank, text);
                }
                self.segments.push(Segment::new(
                    SegmentKind::Heading,
                    self.sections.current(),
                    builder,
                ));
            }
            None => {
                let (text, map) = builder.finish();
                runin::push_block(
                    &mut self.segments,
                    &mut self.sections,
                    &text,
                    &map,
                    block.top_item,
                    None,
                );
            }
        }
    }

    /// Whether a real heading is the title candidate: the first `<h1>`, else the first heading
    /// if it does not name a section. A fragment from an applicant tracking system often opens
    /// with `<h2>About Acme</h2>`, which is a section, not the job's title.
    fn takes_title(&mut self, rank: u8, text: &str) -> bool {
        let first = !std::mem::replace(&mut self.heading_seen, true);
        if rank == 1 && !self.title_is_h1 {
            self.title_is_h1 = true;
            return true;
        }
        first && !text.ends_with(':') && classify_heading(text).is_none()
    }

    fn finish(mut self) -> Body {
        self.flush();
        if self.title.is_none()
            && let Some(title) = self.page_title.take().filter(|t| !t.is_empty())
        {
            let cut = title_cut(&title.text);
            let segment = Segment::new(
                SegmentKind::Heading,
                SectionKind::Summary,
                title.builder(cut),
            );
            self.segments.insert(0, segment);
            self.title = Some(0);
        }
        Body {
            segments: self.segments,
            title: self.title,
            directives: self.directives,
            code: Vec::new(),
            structured: Vec::new(),
        }
    }
}

/// Where a page title's site suffix starts: `Engineer | Acme` and `Engineer - Acme Careers`
/// lose the suffix; any other title is kept whole.
fn title_cut(title: &str) -> usize {
    if let Some(at) = title
        .find(" | ")
        .filter(|&at| !title[..at].trim().is_empty())
    {
        return at;
    }
    for separator in [" - ", " \u{2013} ", " \u{2014} "] {
        if let Some(at) = title.rfind(separator) {
            let tail = title[at + separator.len()..].to_lowercase();
            if at > 0 && (tail.contains("career") || tail.contains("jobs")) {
                return at;
            }
        }
    }
    title.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DirectiveKind;

    fn texts(body: &Body) -> Vec<(&str, SegmentKind, SectionKind)> {
        body.segments
            .iter()
            .map(|s| (s.text.as_str(), s.kind, s.section))
            .collect()
    }

    /// The source bytes behind the first `needle` in the segment whose text contains it.
    fn source_of<'s>(html: &'s str, body: &Body, needle: &str) -> &'s str {
        let seg = body
            .segments
            .iter()
            .find(|s| s.text.contains(needle))
            .unwrap_or_else(|| panic!("no segment contains {needle:?}"));
        let at = seg.text.find(needle).unwrap();
        &html[seg.map.to_source(at..at + needle.len())]
    }

    #[test]
    fn headings_open_sections_and_the_h1_is_the_title() {
        let html = "<!DOCTYPE html>\n<html><head><title>Jobs</title></head><body>\n\
            <h1>Senior Data Engineer</h1>\n\
            <p>Northwind Freight moves groceries\n  across the Baltic.</p>\n\
            <h2>Requirements</h2>\n<ul>\n  <li>Four years building data pipelines</li>\n  <li>SQL and Python</li>\n</ul>\n\
            <h2>Nice to have</h2>\n<ul><li>A PhD in statistics</li></ul>\n\
            <h3>Tooling</h3><p>Airflow and dbt.</p>\n\
            <h2>Benefits</h2><p>Thirty days of leave.</p>\n</body></html>\n";
        let body = parse(html, 0);
        assert_eq!(body.title, Some(0));
        assert_eq!(
            texts(&body),
            vec![
                (
                    "Senior Data Engineer",
                    SegmentKind::Heading,
                    SectionKind::Summary
                ),
                (
                    "Northwind Freight moves groceries across the Baltic.",
                    SegmentKind::Body,
                    SectionKind::Summary
                ),
                (
                    "Requirements",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "Four years building data pipelines",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                (
                    "SQL and Python",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                ("Nice to have", SegmentKind::Heading, SectionKind::Preferred),
                (
                    "A PhD in statistics",
                    SegmentKind::Body,
                    SectionKind::Preferred
                ),
                // A deeper unknown heading stays inside the section above it.
                ("Tooling", SegmentKind::Heading, SectionKind::Preferred),
                (
                    "Airflow and dbt.",
                    SegmentKind::Body,
                    SectionKind::Preferred
                ),
                ("Benefits", SegmentKind::Heading, SectionKind::Compensation),
                (
                    "Thirty days of leave.",
                    SegmentKind::Body,
                    SectionKind::Compensation
                ),
            ]
        );
        // The line break inside the paragraph is one decoded space over the break and indent.
        assert_eq!(
            source_of(html, &body, "groceries across"),
            "groceries\n  across"
        );
        let pipelines = &body.segments[3];
        assert_eq!(
            &html[pipelines.source_range()],
            "Four years building data pipelines"
        );
    }

    #[test]
    fn bold_only_blocks_are_headings_and_a_section_heading_is_not_the_title() {
        let html = "<div class=\"content-intro\"><h2><strong>About Lumen Labs</strong></h2>\
            <p>We build battery chemistry models.</p></div>\
            <p><strong>What you'll do</strong></p>\
            <ul><li>Train models on cell cycling data</li></ul>\
            <p><b>Who you are</b></p>\
            <ul><li><strong>Experience</strong> with PyTorch</li></ul>\
            <p><strong>Location:</strong> Oslo or remote</p>";
        let body = parse(html, 0);
        assert_eq!(body.title, None, "an About heading names a section");
        assert_eq!(
            texts(&body),
            vec![
                (
                    "About Lumen Labs",
                    SegmentKind::Heading,
                    SectionKind::AboutCompany
                ),
                (
                    "We build battery chemistry models.",
                    SegmentKind::Body,
                    SectionKind::AboutCompany
                ),
                (
                    "What you'll do",
                    SegmentKind::Heading,
                    SectionKind::Responsibilities
                ),
                (
                    "Train models on cell cycling data",
                    SegmentKind::Body,
                    SectionKind::Responsibilities
                ),
                (
                    "Who you are",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "Experience with PyTorch",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                // Bold text followed by plain text is not bold-only; the line still reads as
                // a heading line, as it would in Markdown.
                ("Location:", SegmentKind::Heading, SectionKind::Other),
                ("Oslo or remote", SegmentKind::Body, SectionKind::Other),
            ]
        );
    }

    #[test]
    fn line_breaks_separate_lines_but_not_inside_headings() {
        let html = "<h2>Platform Engineer<br>Berlin</h2>\
            <p><strong>Requirements</strong><br>\nKubernetes in production<br/>Terraform<BR>Go</p>\
            <p>Education: a degree or equivalent experience.<br><br><strong>Hybrid:</strong> two days in the office.</p>";
        let body = parse(html, 0);
        assert_eq!(body.title, Some(0));
        assert_eq!(
            texts(&body),
            vec![
                (
                    "Platform Engineer Berlin",
                    SegmentKind::Heading,
                    SectionKind::Summary
                ),
                (
                    "Requirements",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "Kubernetes in production",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                ("Terraform", SegmentKind::Body, SectionKind::Requirements),
                ("Go", SegmentKind::Body, SectionKind::Requirements),
                (
                    "Education:",
                    SegmentKind::Heading,
                    SectionKind::Requirements
                ),
                (
                    "a degree or equivalent experience.",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
                (
                    "Hybrid: two days in the office.",
                    SegmentKind::Body,
                    SectionKind::Requirements
                ),
            ]
        );
        assert_eq!(
            source_of(html, &body, "Engineer Berlin"),
            "Engineer<br>Berlin"
        );
    }

    #[test]
    fn plain_text_between_tags_maps_as_one_verbatim_stretch() {
        // One verbatim stretch is what lets a fix replace the words in place.
        let html = "<ul>\n  <li>Ruby on rails development</li>\n</ul>";
        let body = parse(html, 0);
        let item = &body.segments[0];
        assert_eq!(&*item.text, "Ruby on rails development");
        let at = html.find("Ruby").unwrap();
        assert_eq!(
            item.map.verbatim_source(),
            Some(at..at + "Ruby on rails development".len())
        );
    }

    #[test]
    fn every_list_item_is_its_own_body_segment() {
        let html = "<h2>Qualifications</h2><ol>\n<li>Experience with Rust</li>\n\
            <li>Requirements gathering with <em>customers</em>\n<li>BENEFITS ADMINISTRATION</ol>\
            <ul><li>Nested:<ul><li>Inner item</li></ul></li></ul>";
        let body = parse(html, 0);
        let items: Vec<_> = body.segments[1..]
            .iter()
            .map(|s| (s.text.as_str(), s.kind))
            .collect();
        assert_eq!(
            items,
            vec![
                ("Experience with Rust", SegmentKind::Body),
                ("Requirements gathering with customers", SegmentKind::Body),
                ("BENEFITS ADMINISTRATION", SegmentKind::Body),
                ("Nested:", SegmentKind::Body),
                ("Inner item", SegmentKind::Body),
            ]
        );
        assert!(
            body.segments
                .iter()
                .all(|s| s.section == SectionKind::Requirements)
        );
    }

    #[test]
    fn a_nested_list_s_items_are_details_however_the_tags_are_spaced() {
        // A federal posting's options, indented as people write HTML: the white space between
        // `<ul>` and the nested `<li>` is read inside the outer item, and the white space
        // before a `</li>` inside the item, before the paragraph after the list.
        let html = "<h2>Qualifications</h2>\n<ol>\n  <li>Experience advising clients. It must \
            include <strong>TWO</strong> of the following:\n    <ul>\n      <li>Running \
            workshops</li>\n      <li>Writing playbooks</li>\n    </ul>\n  </li>\n  \
            <li><p>Experience with Python</p>\n</li>\n</ol>\n<p>Apply by Friday.</p>";
        let body = parse(html, 0);
        let items: Vec<_> = body.segments[1..]
            .iter()
            .map(|s| (s.text.as_str(), s.item))
            .collect();
        assert_eq!(
            items,
            vec![
                (
                    "Experience advising clients. It must include TWO of the following:",
                    true
                ),
                ("Running workshops", false),
                ("Writing playbooks", false),
                ("Experience with Python", true),
                // The white space before `</li>` did not make the next paragraph an item.
                ("Apply by Friday.", false),
            ]
        );
    }

    #[test]
    fn entities_decode_and_map_to_their_exact_source_bytes() {
        let html = "<p>R&amp;D in Z\u{fc}rich&nbsp;or remote: CI&#x2F;CD, it&#39;s caf\u{e9}&rsquo;s &copy 2025 &bogus; x</p>";
        let body = parse(html, 0);
        let seg = &body.segments[0];
        assert_eq!(
            seg.text,
            "R&D in Z\u{fc}rich or remote: CI/CD, it's caf\u{e9}\u{2019}s \u{a9} 2025 &bogus; x"
        );
        assert_eq!(source_of(html, &body, "R&D"), "R&amp;D");
        assert_eq!(source_of(html, &body, "D in"), "D in");
        assert_eq!(source_of(html, &body, "&"), "&amp;");
        // `&nbsp;` is a plain space in the text, mapped to the whole entity.
        assert_eq!(source_of(html, &body, "rich or"), "rich&nbsp;or");
        assert_eq!(source_of(html, &body, " or "), "&nbsp;or ");
        assert_eq!(source_of(html, &body, "Z\u{fc}rich"), "Z\u{fc}rich");
        assert_eq!(source_of(html, &body, "CI/CD"), "CI&#x2F;CD");
        assert_eq!(source_of(html, &body, "it's"), "it&#39;s");
        assert_eq!(
            source_of(html, &body, "caf\u{e9}\u{2019}s"),
            "caf\u{e9}&rsquo;s"
        );
        assert_eq!(source_of(html, &body, "caf\u{e9}"), "caf\u{e9}");
        assert_eq!(source_of(html, &body, "\u{2019}"), "&rsquo;");
        // A legacy entity without its semicolon, and an unknown one that stays text.
        assert_eq!(source_of(html, &body, "\u{a9}"), "&copy");
        assert_eq!(source_of(html, &body, "&bogus;"), "&bogus;");
    }

    #[test]
    fn a_phrase_across_inline_tags_is_one_text_mapped_to_the_bytes_between() {
        let html =
            "<p>We want a <b>rock</b>star <a href=\"/team\">ninja\n  <em>coder</em></a>.</p>";
        let body = parse(html, 0);
        assert_eq!(body.segments.len(), 1);
        assert_eq!(body.segments[0].text, "We want a rockstar ninja coder.");
        assert_eq!(source_of(html, &body, "rockstar"), "rock</b>star");
        assert_eq!(source_of(html, &body, "star"), "star");
        assert_eq!(source_of(html, &body, "ninja coder"), "ninja\n  <em>coder");
        assert_eq!(source_of(html, &body, "coder."), "coder</em></a>.");
        // Block boundaries never glue words together.
        let body = parse(
            "<div>Senior</div><div>Engineer</div><td>Go</td><td>Rust</td>",
            0,
        );
        let got: Vec<_> = body.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["Senior", "Engineer", "Go", "Rust"]);
    }

    #[test]
    fn scripts_styles_navigation_footers_and_code_are_not_prose() {
        let html = "<html><head><meta charset=\"utf-8\"><title>Careers</title>\
            <style>p::before { content: \"</p>rockstar\"; }</style>\
            <script>if (a < b && c) { document.write('<p>ninja</p>'); }</script></head>\
            <body><nav><ul><li>Home</li><li>Jobs</li></ul></nav>\
            <header><h1>Backend Engineer</h1></header>\
            <main><p>Write <code>async fn</code> services and <button>Apply</button>review code.</p>\
            <pre>let guru = 1;</pre><noscript>Enable JavaScript, rockstar</noscript>\
            <template><p>hidden template</p></template><div hidden>hidden div</div>\
            <svg><title>icon</title><text>svg text</text></svg>\
            <select><option>Berlin</option></select><iframe>frame text</iframe></main>\
            <footer><p>&copy; Acme. Ninja legal text.</p></footer>\
            <p>After the footer</p></body></html>";
        let body = parse(html, 0);
        let got: Vec<_> = body.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "Backend Engineer",
                "Write services and review code.",
                "After the footer"
            ]
        );
        assert_eq!(body.title, Some(0));
        // The word gap left by `<code>` maps to the code it stands for.
        assert_eq!(
            source_of(html, &body, "Write services"),
            "Write <code>async fn</code> services"
        );
    }

    #[test]
    fn suppression_comments_become_directives() {
        let html = "<h1>ML Engineer</h1>\n<!-- hirelint-disable-next-line phd-required-for-engineer -->\n\
            <p>A PhD in chemistry is required.</p>\n<!-- a plain comment -->\n\
            <p>Ends <!--hirelint-disable role--> here.</p>";
        let body = parse(html, 0);
        let kinds: Vec<_> = body.directives.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [DirectiveKind::DisableNextLine, DirectiveKind::Disable]
        );
        let d = &body.directives[0];
        assert_eq!(
            &html[d.range.clone()],
            "<!-- hirelint-disable-next-line phd-required-for-engineer -->"
        );
        assert_eq!(d.names[0].0, "phd-required-for-engineer");
        assert_eq!(&html[d.names[0].1.clone()], "phd-required-for-engineer");
        assert_eq!(body.segments[2].text, "Ends here.");
    }

    #[test]
    fn the_page_title_is_the_title_when_no_heading_is() {
        let html = "<html><head><title>Staff ML Engineer, Search | Fjord Analytics</title></head>\
            <body><p><strong>About the role</strong></p><p>You will rank things.</p></body></html>";
        let body = parse(html, 0);
        assert_eq!(body.title, Some(0));
        let title = &body.segments[0];
        assert_eq!(
            (title.text.as_str(), title.kind),
            ("Staff ML Engineer, Search", SegmentKind::Heading)
        );
        assert_eq!(&html[title.source_range()], "Staff ML Engineer, Search");
        assert_eq!(body.segments[1].section, SectionKind::Summary);

        let careers =
            "<title>Research Scientist &ndash; Robotics - Fjord Careers</title><p>Hi.</p>";
        let body = parse(careers, 0);
        assert_eq!(
            body.segments[0].text,
            "Research Scientist \u{2013} Robotics"
        );
        let whole = "<title>Research Engineer - Robotics</title><p>Hi.</p>";
        assert_eq!(
            parse(whole, 0).segments[0].text,
            "Research Engineer - Robotics"
        );
        // A real heading wins over the page title.
        let heading = "<title>Jobs | Fjord</title><h2>Data Analyst</h2>";
        let body = parse(heading, 0);
        assert_eq!(body.segments.len(), 1);
        assert_eq!(body.segments[0].text, "Data Analyst");
    }

    #[test]
    fn offsets_are_absolute_after_front_matter() {
        let text = "---\ntitle: Data Analyst\n---\n<p>SQL &amp; dashboards</p>\r\n<p>Line one\r\nline two</p>";
        let body_start = text.find("<p>").unwrap();
        let body = parse(text, body_start);
        assert_eq!(
            source_of(text, &body, "SQL & dashboards"),
            "SQL &amp; dashboards"
        );
        assert_eq!(body.segments[1].text, "Line one line two");
        assert_eq!(source_of(text, &body, "one line"), "one\r\nline");
    }

    #[test]
    fn malformed_input_does_not_panic() {
        let inputs = [
            "",
            "<",
            "</",
            "<p",
            "<p>unclosed <b>bold <i>italic",
            "</div></p></li>stray end tags",
            "a < b > c <3 </ x </>",
            "&",
            "&#",
            "&#x;",
            "&#xFFFFFFFF; &#0; &#55296; &#x110000;",
            "&amp",
            "<!-- never closed",
            "<!DOCTYPE",
            "<script>never closed",
            "<nav>never closed <p>text",
            "<h2>heading <h3>inside</h4> text</h2>",
            "<<<<>>>>",
            "<a href='x>y</a>",
            "<p>\u{0}nul</p>",
            "<title>",
            "<li><li><li>",
            "<caf\u{e9}>tag</caf\u{e9}>",
            "a<\u{e9}b<\u{1f600}c",
            "<p>\r\n\r</p>\r",
            "<br></br><br/>",
            "<![CDATA[ x ]]>",
            "<svg/><p>after</p>",
            "<plaintext><p>raw",
        ];
        for html in inputs {
            let body = parse(html, 0);
            for seg in &body.segments {
                let range = seg.map.to_source(0..seg.text.len());
                assert!(html.get(range).is_some(), "{html:?}");
            }
        }
        let body = parse("<p>a<\u{e9}b</p>", 0);
        assert_eq!(body.segments[0].text, "a<\u{e9}b");
        let body = parse("<nav>never closed <p>text", 0);
        assert!(body.segments.is_empty());
        let body = parse("<h2>heading <h3>inside</h4> text</h2>", 0);
        let got: Vec<_> = body.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["heading", "inside", "text"]);
        // A body offset that is out of range or inside a character is no body.
        assert!(parse("abc", 10).segments.is_empty());
        assert!(parse("\u{e9}", 1).segments.is_empty());
    }

    /// A small deterministic generator, so the property test needs no crate.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize
        }
    }

    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<li>",
        "</li>",
        "<ul>",
        "<h2>",
        "</h2>",
        "<h1>",
        "<br>",
        "<strong>",
        "</strong>",
        "<script>",
        "</script>",
        "<nav>",
        "</nav>",
        "<code>",
        "</code>",
        "<title>",
        "</title>",
        "<!-- ",
        "-->",
        "<!-- hirelint-disable role -->",
        "<",
        ">",
        "&",
        "&amp;",
        "&nbsp;",
        "&#x2F;",
        "&#39;",
        "&rsquo;",
        "&copy",
        "&#",
        ";",
        " ",
        "\n",
        "\r\n",
        "\t",
        "\u{e9}",
        "\u{1f600}",
        "\u{a0}",
        "Requirements",
        "PhD",
        "rock",
        "star",
        "\"",
        "'",
        "=",
        "<a href=\"",
        "/",
        "x",
    ];

    #[test]
    fn generated_inputs_map_every_segment_inside_the_input_on_char_boundaries() {
        let mut rng = Lcg(0x5eed_1e55);
        for case in 0..2000 {
            let len = 1 + rng.next() % 40;
            let html: String = (0..len)
                .map(|_| PIECES[rng.next() % PIECES.len()])
                .collect();
            let body = parse(&html, 0);
            if let Some(title) = body.title {
                assert!(title < body.segments.len(), "case {case}: {html:?}");
            }
            for seg in &body.segments {
                assert!(!seg.text.is_empty(), "case {case}: {html:?}");
                let bounds: Vec<usize> = seg
                    .text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([seg.text.len()])
                    .collect();
                for (i, &start) in bounds.iter().enumerate() {
                    for &end in &bounds[i..] {
                        let range = seg.map.to_source(start..end);
                        assert!(
                            range.start <= range.end
                                && html.is_char_boundary(range.start)
                                && html.is_char_boundary(range.end)
                                && range.end <= html.len(),
                            "case {case}: {start}..{end} of {:?} -> {range:?} in {html:?}",
                            seg.text
                        );
                    }
                }
            }
            for d in &body.directives {
                assert!(html.get(d.range.clone()).is_some(), "case {case}: {html:?}");
            }
        }
    }

    #[test]
    fn a_huge_flat_input_is_read_in_linear_time() {
        let html = "<div><span>Rust &amp; Go</span>\n".repeat(50_000) + &"</b>".repeat(50_000);
        let start = std::time::Instant::now();
        let body = parse(&html, 0);
        assert_eq!(body.segments.len(), 50_000);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
