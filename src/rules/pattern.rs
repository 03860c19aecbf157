//! Matchers shared by the rule kinds: literal word lists (one Aho-Corasick automaton, whole
//! words checked with Unicode-aware neighbours) and regexes (case-insensitive, with `\b` read
//! as an ASCII word boundary so the fast DFA keeps working on non-ASCII postings).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};

/// Rewrites `\b` and `\B` outside character classes to their ASCII forms `(?-u:\b)`.
///
/// A Unicode `\b` makes the regex crate leave its lazy DFA at the first non-ASCII byte, which
/// is 30× slower on German or French postings; hirelint's patterns document `\b` as ASCII.
pub fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if class_depth == 0 => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compiles one hirelint pattern: case-insensitive, ASCII `\b`.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

/// Compiles several patterns into one leftmost-first alternation.
pub fn compile_alternation<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
) -> Result<Option<Regex>, regex::Error> {
    let parts: Vec<String> = patterns
        .into_iter()
        .map(|p| format!("(?:{})", ascii_boundaries(p)))
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    RegexBuilder::new(&parts.join("|"))
        .case_insensitive(true)
        .size_limit(1 << 24)
        .build()
        .map(Some)
}

/// The line of a regex error that says what is wrong: regex errors are multi-line drawings
/// ending in `error: unclosed group`.
pub fn regex_reason(error: &str) -> String {
    let last = error
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(error)
        .trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// The longest word or phrase a word list may hold, in bytes: the automaton's build time grows
/// with the square of a long repetitive word, and no posting phrase is this long.
pub const MAX_WORD_LEN: usize = 100;

/// Words and phrases matched on word boundaries with ASCII case folded, in one automaton. A
/// word ending in `*` is a stem: `analy*` matches "analyst" and "analytical", and the match
/// runs to the end of the word.
#[derive(Debug, Clone)]
pub struct WordList {
    automaton: AhoCorasick,
    stems: Vec<bool>,
    literals: Vec<String>,
    /// Match only as written ("Github" but not "github").
    case_sensitive: bool,
}

impl WordList {
    /// `None` for an empty list; an error names a word that is empty or too long.
    pub fn new(words: &[String]) -> Result<Option<WordList>, String> {
        WordList::with_case(words, false)
    }

    /// A list matched case-insensitively (ASCII) or only as written.
    pub fn with_case(words: &[String], case_sensitive: bool) -> Result<Option<WordList>, String> {
        if words.is_empty() {
            return Ok(None);
        }
        let mut literals = Vec::with_capacity(words.len());
        let mut stems = Vec::with_capacity(words.len());
        for word in words {
            let stem = word.strip_suffix('*');
            let literal = stem.unwrap_or(word).trim();
            if literal.is_empty() {
                return Err(format!("empty word `{word}`"));
            }
            if literal.len() > MAX_WORD_LEN {
                return Err(format!(
                    "a word of {} bytes (at most {MAX_WORD_LEN}): `{}…`",
                    literal.len(),
                    literal.chars().take(24).collect::<String>()
                ));
            }
            literals.push(literal.to_string());
            stems.push(stem.is_some());
        }
        // Standard semantics, searched with overlaps: a long match that is not a whole word
        // must not hide a shorter one that is.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(!case_sensitive)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .map_err(|e| e.to_string())?;
        Ok(Some(WordList {
            automaton,
            stems,
            literals,
            case_sensitive,
        }))
    }

    /// Every whole-word match, overlaps included: the index of the word in the list and the
    /// matched range (a stem's match runs to the end of the word).
    pub fn find_overlapping(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        self.automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let index = m.pattern().as_usize();
                let starts_word = text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                if !starts_word {
                    return None;
                }
                if self.stems[index] {
                    let rest = &text[m.end()..];
                    let tail = rest
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(rest.len());
                    Some((index, m.start()..m.end() + tail))
                } else {
                    is_whole_word(text, &m.range()).then(|| (index, m.range()))
                }
            })
            .filter(|(index, r)| {
                !self.case_sensitive || text[r.start..].starts_with(&self.literals[*index])
            })
            .collect()
    }

    /// Every whole-word match without overlaps: at each place the longest.
    pub fn find_iter(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut all = self.find_overlapping(text);
        all.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
        let mut kept: Vec<(usize, Range<usize>)> = Vec::with_capacity(all.len());
        for (index, r) in all {
            if kept.last().is_none_or(|(_, last)| r.start >= last.end) {
                kept.push((index, r));
            }
        }
        kept
    }

    /// Whether the whole of `word` is one of the list's words (or starts with one of its
    /// stems).
    pub fn covers(&self, word: &str) -> bool {
        self.find_overlapping(word)
            .iter()
            .any(|(_, r)| *r == (0..word.len()))
    }

    /// Whether the list matches only as written.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }
}

/// Finds words (a `WordList`) and regex matches.
#[derive(Debug, Clone)]
pub struct Matcher {
    words: Option<WordList>,
    regex: Option<Regex>,
}

impl Matcher {
    pub fn new(words: &[String], regex: Option<Regex>) -> Result<Matcher, String> {
        Matcher::with_case(words, regex, false)
    }

    /// A matcher whose words match only as written.
    pub fn with_case(
        words: &[String],
        regex: Option<Regex>,
        case_sensitive: bool,
    ) -> Result<Matcher, String> {
        Ok(Matcher {
            words: WordList::with_case(words, case_sensitive)?,
            regex,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_none() && self.regex.is_none()
    }

    /// The word list, if any (substitution rules look up a match's replacement by its index).
    pub fn words(&self) -> Option<&WordList> {
        self.words.as_ref()
    }

    /// All matches in `text`, sorted by start, overlaps between words and regexes removed.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if let Some(words) = &self.words {
            found.extend(words.find_iter(text).into_iter().map(|(_, r)| r));
        }
        if let Some(regex) = &self.regex {
            found.extend(
                regex
                    .find_iter(text)
                    .map(|m| m.range())
                    .filter(|r| !r.is_empty()),
            );
        }
        super::finder::without_overlaps(found)
    }

    /// Whether anything matches in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.words
            .as_ref()
            .is_some_and(|w| !w.find_overlapping(text).is_empty())
            || self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// A hit is a whole word when the characters on both sides are not letters or digits
/// (Unicode-aware, O(1) per hit).
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// How far a sentence reaches on each side of a match, in bytes. Text that lost its line
/// breaks can hold a "sentence" of thousands of characters, and a word far away ("bonus",
/// "preferred") must not change what a requirement means; the cap also keeps the search for
/// sentence ends linear in the number of matches.
pub const SENTENCE_REACH: usize = 240;

/// The sentence around `range` in `text`: from the end of the previous sentence to the end of
/// the one holding `range.end`, at most `SENTENCE_REACH` bytes either side. A `.` ends a
/// sentence only after a word with no other dot, so "Ph.D." and "e.g." do not split one.
pub fn sentence_around(text: &str, range: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let is_end = |i: usize| -> bool {
        let c = bytes[i];
        let followed_by_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if !followed_by_space {
            return false;
        }
        match c {
            b'!' | b'?' | b';' => true,
            b'.' => {
                let word_start = text[..i]
                    .char_indices()
                    .rfind(|(_, c)| c.is_whitespace())
                    .map_or(0, |(w, c)| w + c.len_utf8());
                !text[word_start..i].contains('.')
            }
            _ => false,
        }
    };
    let floor = ceil_boundary(text, range.start.saturating_sub(SENTENCE_REACH));
    let ceiling = floor_boundary(
        text,
        range.end.saturating_add(SENTENCE_REACH).min(text.len()),
    );
    let start = (floor..range.start)
        .rev()
        .find(|&i| is_end(i))
        .map_or(floor, |i| i + 1);
    let end = (range.end.max(range.start + 1).min(ceiling)..ceiling)
        .find(|&i| is_end(i))
        .map_or(ceiling, |i| i + 1);
    start..end.max(range.end)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii_boundaries(r"\bphd\b"), r"(?-u:\b)phd(?-u:\b)");
        assert_eq!(ascii_boundaries(r"a\\b[\b]"), r"a\\b[\b]");
        assert_eq!(ascii_boundaries(r"\Bx\."), r"(?-u:\B)x\.");
    }

    #[test]
    fn stems_match_to_the_end_of_the_word() {
        let list = WordList::new(&["analy*".to_string(), "lead".to_string()])
            .unwrap()
            .unwrap();
        let text = "Analytical leaders lead; we analyse. Paralysis, lead-time.";
        let found: Vec<&str> = list
            .find_iter(text)
            .into_iter()
            .map(|(_, r)| &text[r])
            .collect();
        assert_eq!(found, ["Analytical", "lead", "analyse", "lead"]);
        assert!(list.covers("analytics"));
        assert!(!list.covers("leadership"));
        assert!(WordList::new(&["x".repeat(101)]).is_err());
        assert!(WordList::new(&["*".to_string()]).is_err());
    }

    #[test]
    fn words_are_whole_words_even_next_to_non_ascii() {
        let m = Matcher::new(&["ninja".to_string()], None).unwrap();
        assert_eq!(m.find_all("a Ninja, not éninja or ninjas"), vec![2..7]);
    }

    #[test]
    fn sentences_do_not_split_at_abbreviations() {
        let text = "We ship. A Ph.D. is required, e.g. in CS; or not. Done";
        // Multi-byte white space before an abbreviation must not split a character.
        let nbsp = "A\u{2003}Ph.D. is required.";
        assert_eq!(sentence_around(nbsp, &(5..9)), 0..nbsp.len());
        let at = text.find("required").unwrap();
        let s = sentence_around(text, &(at..at + 8));
        assert_eq!(&text[s], " A Ph.D. is required, e.g. in CS;");
    }

    #[test]
    fn a_sentence_reaches_only_so_far() {
        // A flattened posting: one "sentence" of thousands of bytes.
        let long = format!("{} PhD required {}", "word ".repeat(400), "é".repeat(400));
        let at = long.find("PhD").unwrap();
        let s = sentence_around(&long, &(at..at + 3));
        assert!(s.start >= at - SENTENCE_REACH && s.end <= at + 3 + SENTENCE_REACH);
        assert!(long.is_char_boundary(s.start) && long.is_char_boundary(s.end));
    }
}
