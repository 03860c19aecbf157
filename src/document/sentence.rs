//! Sentences as the rules read them: where the sentence around a match starts and ends. The
//! statement marking reads them too, to cut a paragraph where its statement starts.

use std::ops::Range;

use crate::bytescan::{ceil_char_boundary, floor_char_boundary};

/// How far a sentence reaches on each side of a match, in bytes. Text that lost its line
/// breaks can hold a "sentence" of thousands of characters, and a word far away ("bonus",
/// "preferred") must not change what a requirement means; the cap also keeps the search for
/// sentence ends linear in the number of matches.
pub const SENTENCE_REACH: usize = 240;

/// The sentence around `range` in `text`: from the end of the previous sentence to the end of
/// the one holding `range.end`, at most `SENTENCE_REACH` bytes either side. A `.` ends a
/// sentence unless the word before it is dotted letter by letter, so "Ph.D." and "e.g." do not
/// split one, and an e-mail address or "Node.js" at a sentence's end does.
pub fn sentence_around(text: &str, range: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let floor = ceil_char_boundary(text, range.start.saturating_sub(SENTENCE_REACH));
    let is_end = |i: usize| -> bool {
        let c = bytes[i];
        // Most bytes end nothing: the byte itself rules them out before its neighbour is read.
        if !matches!(c, b'!' | b'?' | b';' | b'.') {
            return false;
        }
        let followed_by_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if !followed_by_space {
            return false;
        }
        match c {
            b'!' | b'?' | b';' => true,
            b'.' => {
                // The word before the dot, no further back than the reach.
                let from = floor.min(i);
                crate::work::count(crate::work::Loop::Context, i - from);
                let word_start = text[from..i]
                    .char_indices()
                    .rfind(|(_, c)| c.is_whitespace())
                    .map_or(from, |(w, c)| from + w + c.len_utf8());
                // "e.g.", "U.S." and "Ph.D." end no sentence, but an address, a domain or a
                // name with a dot in it does: "to jobs@acme.example. Tell us", "Node.js. You"
                let word = &text[word_start..i];
                word.rfind('.').is_none_or(|dot| word.len() - dot > 2)
            }
            _ => false,
        }
    };
    let ceiling = floor_char_boundary(
        text,
        range.end.saturating_add(SENTENCE_REACH).min(text.len()),
    );
    // Only the four bytes that can end a sentence are looked at, found with memchr: the
    // bytes between are skipped (looked at one by one, they were 2% of a long run).
    let mut before = range.start;
    let start = loop {
        let window = &bytes[floor..before];
        crate::work::count(crate::work::Loop::Context, window.len());
        let last = memchr::memrchr3(b'.', b'!', b'?', window).max(memchr::memrchr(b';', window));
        match last.map(|at| floor + at) {
            Some(at) if is_end(at) => break at + 1,
            Some(at) => before = at,
            None => break floor,
        }
    };
    let mut after = range.end.max(range.start + 1).min(ceiling);
    let end = loop {
        let window = &bytes[after..ceiling];
        crate::work::count(crate::work::Loop::Context, window.len());
        let first = match (
            memchr::memchr3(b'.', b'!', b'?', window),
            memchr::memchr(b';', window),
        ) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match first.map(|at| after + at) {
            Some(at) if is_end(at) => break at + 1,
            Some(at) => after = at + 1,
            None => break ceiling,
        }
    };
    start..end.max(range.end)
}
