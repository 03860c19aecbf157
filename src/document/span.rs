//! `SpanMap`: the one translator from offsets in a segment's decoded text to byte ranges in the
//! source file. Nothing else computes `segment_start + offset`.

use std::ops::Range;

/// One stretch of decoded text and the source bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    text_start: u32,
    text_end: u32,
    src_start: u32,
    src_end: u32,
    /// Bytes copied 1:1; otherwise the text is a decoding of the whole `src` (an escape, an
    /// entity, a line break joined into a space) and offsets inside it widen to all of `src`.
    verbatim: bool,
}

/// Offsets in a posting fit in 32 bits (`--max-file-size` is below 4 GiB): a huge posting
/// holds millions of runs, and 20 bytes a run instead of 40 is a fifth of its memory.
pub fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Run {
    fn new(text: Range<usize>, src: Range<usize>, verbatim: bool) -> Run {
        Run {
            text_start: narrow(text.start),
            text_end: narrow(text.end),
            src_start: narrow(src.start),
            src_end: narrow(src.end),
            verbatim,
        }
    }

    /// The run's bytes in the decoded text.
    fn text(&self) -> Range<usize> {
        self.text_start as usize..self.text_end as usize
    }

    /// The source bytes it came from.
    fn src(&self) -> Range<usize> {
        self.src_start as usize..self.src_end as usize
    }
}

/// Maps offsets in a segment's text back to the original source.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    runs: Runs,
}

/// Most segments are one run (a paragraph with no markup): it is kept inline, not in an
/// allocation of its own, which a huge posting would pay for hundreds of thousands of times.
#[derive(Debug, Clone)]
enum Runs {
    One(Run),
    Many(Box<[Run]>),
}

impl Default for Runs {
    fn default() -> Runs {
        Runs::Many(Box::default())
    }
}

impl PartialEq for SpanMap {
    fn eq(&self, other: &SpanMap) -> bool {
        self.runs() == other.runs()
    }
}

impl Eq for SpanMap {}

impl SpanMap {
    fn from_runs(mut runs: Vec<Run>) -> SpanMap {
        match runs.len() {
            1 => SpanMap::of_one(runs.pop().expect("one run")),
            _ => SpanMap {
                runs: Runs::Many(runs.into_boxed_slice()),
            },
        }
    }

    fn of_one(run: Run) -> SpanMap {
        SpanMap {
            runs: Runs::One(run),
        }
    }

    fn runs(&self) -> &[Run] {
        match &self.runs {
            Runs::One(run) => std::slice::from_ref(run),
            Runs::Many(runs) => runs,
        }
    }

    /// The source range for a range of decoded text. An end that falls inside a decoded run
    /// widens to the whole run, so a label never splits an escape.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        let Some(last) = self.runs().last() else {
            return 0..0;
        };
        let start = match self.run_at(range.start) {
            Some(run) if run.verbatim => run.src().start + (range.start - run.text().start),
            Some(run) => run.src().start,
            None => last.src().end,
        };
        if range.end <= range.start {
            return start..start;
        }
        let end = match self.run_at(range.end - 1) {
            Some(run) if run.verbatim => run.src().start + (range.end - run.text().start),
            Some(run) => run.src().end,
            None => last.src().end,
        };
        start..end.max(start)
    }

    /// Whether `range` of the text lies in one verbatim run: its source bytes are the text.
    pub fn is_verbatim(&self, range: Range<usize>) -> bool {
        match self.run_at(range.start) {
            Some(run) => run.verbatim && range.end <= run.text().end,
            None => false,
        }
    }

    /// The source range of a text that is one verbatim run from its start: the text is
    /// those source bytes.
    pub fn verbatim_source(&self) -> Option<Range<usize>> {
        match self.runs() {
            [run] if run.verbatim && run.text_start == 0 => Some(run.src()),
            _ => None,
        }
    }

    /// The source range that the whole segment covers.
    pub fn source_extent(&self) -> Range<usize> {
        match (self.runs().first(), self.runs().last()) {
            (Some(first), Some(last)) => first.src().start..last.src().end,
            _ => 0..0,
        }
    }

    /// The map of a piece of the text (`range` of the decoded text), with offsets starting at
    /// 0 again: how a block split into sentences or run-in headings keeps exact spans. A
    /// decoded run cut by the range keeps its whole source range (it cannot be split).
    pub fn slice(&self, range: Range<usize>) -> SpanMap {
        let first = self
            .runs()
            .partition_point(|run| run.text().end <= range.start);
        // Exactly the runs the range meets: a huge posting holds millions of them.
        let last = self
            .runs()
            .partition_point(|run| run.text().start < range.end);
        let piece = |run: &Run| -> Option<Run> {
            let start = run.text().start.max(range.start);
            let end = run.text().end.min(range.end);
            if start >= end {
                return None;
            }
            let src = if run.verbatim {
                let skip = start - run.text().start;
                run.src().start + skip..run.src().start + skip + (end - start)
            } else {
                run.src()
            };
            Some(Run::new(
                start - range.start..end - range.start,
                src,
                run.verbatim,
            ))
        };
        // Most pieces lie in one run: their map is kept inline, with no vector on the way
        // (every block of every posting is sliced here).
        if last == first + 1
            && let Some(run) = piece(&self.runs()[first])
        {
            return SpanMap::of_one(run);
        }
        let mut runs = Vec::with_capacity(last.saturating_sub(first));
        for run in &self.runs()[first..] {
            if run.text().start >= range.end {
                break;
            }
            runs.extend(piece(run));
        }
        SpanMap::from_runs(runs)
    }

    /// This map read through `outer`: for text decoded from a string that was itself decoded
    /// (HTML inside a JSON string), `self` maps into the inner string and `outer` maps that
    /// string into the file. Verbatim runs stay verbatim where `outer` is; an escape of
    /// `outer` inside a run becomes a decoded run of its own.
    pub fn through(&self, outer: &SpanMap) -> SpanMap {
        let mut runs = Vec::new();
        for run in self.runs() {
            if !run.verbatim {
                runs.push(Run::new(run.text(), outer.to_source(run.src()), false));
                continue;
            }
            // A verbatim run's bytes are the inner string's bytes at `run.src`: walk the
            // outer runs that cover them.
            let first = outer
                .runs()
                .partition_point(|o| o.text().end <= run.src().start);
            for o in &outer.runs()[first..] {
                if o.text().start >= run.src().end {
                    break;
                }
                let start = o.text().start.max(run.src().start);
                let end = o.text().end.min(run.src().end);
                let text = run.text().start + (start - run.src().start)
                    ..run.text().start + (end - run.src().start);
                let (src, verbatim) = if o.verbatim {
                    let at = o.src().start + (start - o.text().start);
                    (at..at + (end - start), true)
                } else {
                    (o.src(), false)
                };
                // Several pieces of one escape (a multi-byte character cut in two) share its
                // source range: keep them one run.
                if let Some(last) = runs.last_mut()
                    && !verbatim
                    && !last.verbatim
                    && last.src() == src
                    && last.text().end == text.start
                {
                    last.text_end = narrow(text.end);
                    continue;
                }
                runs.push(Run::new(text, src, verbatim));
            }
        }
        SpanMap::from_runs(runs)
    }

    fn run_at(&self, offset: usize) -> Option<&Run> {
        let i = self.runs().partition_point(|run| run.text().end <= offset);
        self.runs().get(i).filter(|run| run.text().start <= offset)
    }
}

/// The bytes a text being built starts with: a typical paragraph or list item.
const TEXT_START_CAPACITY: usize = 256;

/// Builds a segment's text and its `SpanMap` together, so the two cannot drift apart.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    /// The first run apart: most texts are one run, and their map then needs no vector
    /// (a vector made and freed for every block of every posting).
    first: Option<Run>,
    rest: Vec<Run>,
}

impl TextBuilder {
    pub fn new() -> Self {
        TextBuilder::default()
    }

    /// Appends text that appears byte for byte in the source at `src_start`.
    pub fn push_verbatim(&mut self, text: &str, src_start: usize) {
        self.push_run(text, src_start..src_start + text.len(), true);
    }

    /// Appends text decoded from `src` (an escape, an entity, a joined line break).
    pub fn push_decoded(&mut self, text: &str, src: Range<usize>) {
        self.push_run(text, src, false);
    }

    /// Appends `text`, verbatim when it equals the source slice, decoded otherwise.
    pub fn push_from(&mut self, text: &str, source: &str, src: Range<usize>) {
        // A parser's text is mostly a slice of the source itself: then it is the same
        // bytes without comparing them.
        let verbatim = source
            .get(src.clone())
            .is_some_and(|slice| std::ptr::eq(slice, text) || slice == text);
        self.push_run(text, src, verbatim);
    }

    fn push_run(&mut self, text: &str, src: Range<usize>, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        // Room for a paragraph at once, not grown from 8 bytes through every power of two.
        if self.text.capacity() == 0 {
            self.text.reserve(text.len().max(TEXT_START_CAPACITY));
        }
        self.text.push_str(text);
        // Text that goes on where the last verbatim run ends, in the source too, extends it
        // (the Markdown parser splits a paragraph's text at quotes, brackets and the like):
        // a map of one run is kept inline and its text can share the file's.
        if verbatim
            && let Some(last) = self.rest.last_mut().or(self.first.as_mut())
            && last.verbatim
            && last.src_end as usize == src.start
            && last.text_end as usize == start
        {
            last.text_end = narrow(self.text.len());
            last.src_end = narrow(src.end);
            return;
        }
        let run = Run::new(start..self.text.len(), src, verbatim);
        if self.first.is_none() {
            self.first = Some(run);
        } else {
            self.rest.push(run);
        }
    }

    pub fn is_blank(&self) -> bool {
        // Asked of every block the Markdown reader ends: most start and end with a letter or
        // a mark, which `bytescan::trim` sees without decoding a character.
        crate::bytescan::trim(&self.text).is_empty()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The map of the text built so far, the builder kept: a reader that files one block
    /// after another reads each through the same builder, whose buffers are then made once
    /// (a text made and freed for every block, whose pieces mostly share the file's text
    /// anyway, was most of a run's allocations).
    pub fn map(&self) -> SpanMap {
        match (&self.first, &self.rest) {
            (Some(run), rest) if rest.is_empty() => SpanMap::of_one(run.clone()),
            (first, rest) => SpanMap::from_runs(first.iter().chain(rest).cloned().collect()),
        }
    }

    /// Empties the builder for the next text, keeping its buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.first = None;
        self.rest.clear();
    }

    pub fn finish(self) -> (String, SpanMap) {
        let map = self.map();
        (self.text, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_builder_cleared_for_the_next_text_maps_it_as_a_new_builder_would() {
        let source = "Ruby &amp; Rails. Go on";
        let build = |b: &mut TextBuilder| {
            b.push_verbatim("Ruby ", 0);
            b.push_decoded("&", 5..10);
            b.push_verbatim(" Rails.", 10);
        };
        let mut reused = TextBuilder::new();
        build(&mut reused);
        let (text, map) = {
            let mut fresh = TextBuilder::new();
            build(&mut fresh);
            fresh.finish()
        };
        assert_eq!(reused.text(), text);
        assert_eq!(reused.map(), map);
        assert_eq!(map.to_source(5..6), 5..10);
        reused.clear();
        assert!(reused.is_blank());
        reused.push_verbatim("Go on", 18);
        assert_eq!(reused.text(), "Go on");
        assert_eq!(reused.map().verbatim_source(), Some(18..23));
        assert_eq!(&source[18..23], "Go on");
    }

    #[test]
    fn verbatim_text_that_goes_on_in_the_source_extends_the_last_run() {
        let source = "Ruby on rails, &amp; more";
        let mut b = TextBuilder::new();
        b.push_verbatim("Ruby on ", 0);
        b.push_verbatim("rails", 8);
        b.push_verbatim(",", 13);
        let (_, map) = b.finish();
        assert_eq!(
            map.verbatim_source(),
            Some(0..14),
            "one run, the file's bytes"
        );
        let mut b = TextBuilder::new();
        b.push_verbatim("Ruby on rails", 0);
        b.push_decoded("&", 15..20);
        b.push_verbatim(" more", 20);
        let (text, map) = b.finish();
        assert_eq!(text, "Ruby on rails& more");
        assert_eq!(map.verbatim_source(), None, "a decoded run stays its own");
        assert_eq!(&source[map.to_source(13..14)], "&amp;");
        // Verbatim text from elsewhere in the source starts a run of its own.
        let mut b = TextBuilder::new();
        b.push_verbatim("Ruby", 0);
        b.push_verbatim(" more", 20);
        let (_, map) = b.finish();
        assert_eq!(map.verbatim_source(), None);
        assert_eq!(&source[map.to_source(2..6)], "by on rails, &amp; m");
    }

    #[test]
    fn verbatim_runs_map_offsets_one_to_one() {
        let source = "**We are** rock stars";
        let mut b = TextBuilder::new();
        b.push_verbatim("We are", 2);
        b.push_verbatim(" rock stars", 10);
        let (text, map) = b.finish();
        assert_eq!(text, "We are rock stars");
        let at = text.find("rock").unwrap();
        let src = map.to_source(at..at + 4);
        assert_eq!(&source[src], "rock");
        // A phrase crossing markup maps to the source bytes between, markup included.
        let src = map.to_source(3..11);
        assert_eq!(&source[src], "are** rock");
    }

    #[test]
    fn decoded_runs_widen_to_the_whole_escape() {
        let source = "R&amp;D team";
        let mut b = TextBuilder::new();
        b.push_verbatim("R", 0);
        b.push_decoded("&", 1..6);
        b.push_verbatim("D team", 6);
        let (text, map) = b.finish();
        assert_eq!(text, "R&D team");
        assert_eq!(&source[map.to_source(0..3)], "R&amp;D");
        assert_eq!(&source[map.to_source(1..2)], "&amp;");
        assert_eq!(&source[map.to_source(4..8)], "team");
    }

    #[test]
    fn a_map_through_another_reaches_the_file() {
        // A JSON string holding HTML: `"<b>R\u0026amp;D</b> \"rock\"star"`.
        let file = r#"{"d": "<b>R\u0026amp;D</b> \"rock\"star"}"#;
        let start = file.find('<').unwrap();
        // The JSON layer: `\u0026` is `&`, `\"` is `"`.
        let mut json = TextBuilder::new();
        let raw = &file[start..file.len() - 2];
        let amp = raw.find("\\u0026").unwrap();
        json.push_verbatim(&raw[..amp], start);
        json.push_decoded("&", start + amp..start + amp + 6);
        let rest = amp + 6;
        let quote = raw.find("\\\"").unwrap();
        json.push_verbatim(&raw[rest..quote], start + rest);
        json.push_decoded("\"", start + quote..start + quote + 2);
        let quote2 = quote + 2 + raw[quote + 2..].find("\\\"").unwrap();
        json.push_verbatim(&raw[quote + 2..quote2], start + quote + 2);
        json.push_decoded("\"", start + quote2..start + quote2 + 2);
        json.push_verbatim(&raw[quote2 + 2..], start + quote2 + 2);
        let (inner, outer) = json.finish();
        assert_eq!(inner, "<b>R&amp;D</b> \"rock\"star");
        // The HTML layer over the inner string: text "R&D \"rock\"star".
        let mut html = TextBuilder::new();
        html.push_verbatim("R", 3);
        html.push_decoded("&", 4..9);
        html.push_verbatim("D", 9);
        html.push_verbatim(" \"rock\"star", 14);
        let (text, map) = html.finish();
        let map = map.through(&outer);
        assert_eq!(text, "R&D \"rock\"star");
        // "R&D" spans the entity and the JSON escape inside it.
        assert_eq!(&file[map.to_source(0..3)], "R\\u0026amp;D");
        // "rock" is verbatim; the quotes before and after are escapes.
        let rock = text.find("rock").unwrap();
        assert_eq!(&file[map.to_source(rock..rock + 4)], "rock");
        assert_eq!(&file[map.to_source(rock - 1..rock + 4)], "\\\"rock");
        assert_eq!(&file[map.to_source(rock..text.len())], "rock\\\"star");
        assert!(map.is_verbatim(rock..rock + 4));
        assert!(!map.is_verbatim(rock - 1..rock + 4));
    }

    #[test]
    fn a_slice_keeps_exact_source_spans() {
        let source = "Our R&amp;D teamRequirements: PhD";
        let mut b = TextBuilder::new();
        b.push_verbatim("Our R", 0);
        b.push_decoded("&", 5..10);
        b.push_verbatim("D teamRequirements: PhD", 10);
        let (text, map) = b.finish();
        let at = text.find("Requirements").unwrap();
        let tail = map.slice(at..text.len());
        assert_eq!(&source[tail.to_source(0..12)], "Requirements");
        assert_eq!(&source[tail.source_extent()], "Requirements: PhD");
        let head = map.slice(0..at);
        assert_eq!(&source[head.to_source(4..7)], "R&amp;D");
        assert_eq!(&source[head.source_extent()], "Our R&amp;D team");
    }
}
