//! Phrase automata that grow with the run. An editor's save or a pre-commit hook reads a few
//! postings and should not wait for an automaton, while a postings repository reads
//! megabytes and repays a DFA many times. So each starts as a hash table of its phrases
//! (`literal_scan`: it builds in a few hundredths of an Aho-Corasick NFA's time, 0.05 ms
//! against 1.3 ms over the 1,700 trigger literals), built on first use; past `NFA_AFTER`
//! bytes the NFA takes over, and the search that passes `upgrade_after` bytes builds the DFA,
//! which later searches use (other threads go on meanwhile): for every occurrence (standard
//! semantics) a `LiteralDfa`, which reads a byte with one table lookup, else Aho-Corasick's.
//! A set with an empty phrase, which the table cannot hold, starts as aho-corasick's
//! noncontiguous NFA.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::literal_dfa::{LANES, LiteralDfa};
use crate::literal_scan::{Found, LiteralScan, SplitScan};

/// Text searched with the table before the NFA is built: the table builds in a few hundredths
/// of the NFA's time but reads the catalogue's triggers 2.6 times as slowly, so a session that
/// lints the same posting again and again (the language server) pays for the NFA after a few
/// postings, where one posting never does.
const NFA_AFTER: usize = 64 << 10;

/// States this close to the start keep a full row of transitions, the rest a sparse list.
/// The start state and its children hold most of the branching of a phrase list; with the
/// library's default of 3, the trigger automaton (about 1,700 literals) built in 1.57 ms
/// and searched a posting in 0.142 ms, with 2 in 1.37 ms and 0.133 ms.
pub const DENSE_DEPTH: usize = 2;

#[derive(Debug)]
pub struct Upgrading {
    match_kind: MatchKind,
    /// Borrowed where they are static (the statement phrases, the trigger literals of the
    /// built-in regexes).
    patterns: Vec<Cow<'static, str>>,
    upgrade_after: usize,
    /// `None` inside when a pattern is empty.
    table: OnceLock<Option<Table>>,
    nfa: OnceLock<AhoCorasick>,
    searched: AtomicUsize,
    /// Set by the search that passes `upgrade_after`: the count stops there.
    upgrading: AtomicBool,
    /// Set by whoever builds the DFA: that search, or `build_dfa_now` ahead of it.
    dfa_claimed: AtomicBool,
    dfa: OnceLock<Dfa>,
    /// Per pattern: whether the caller keeps its occurrences only where a word starts (see
    /// `with_word_starts`); empty for none.
    word_start: Vec<bool>,
}

/// What the first searches read with.
#[derive(Debug)]
enum Table {
    Whole(Box<LiteralScan>),
    /// Every occurrence, the word-start patterns' only where a word starts.
    Split(Box<SplitScan>),
}

/// What a long run reads with.
#[derive(Debug)]
enum Dfa {
    /// Every occurrence: about 11 instructions a byte on the trigger literals, where
    /// Aho-Corasick's overlapping search spent about 21 (a ninth of bulk's).
    Overlapping(Box<LiteralDfa>),
    /// Leftmost semantics, or a set the table cannot hold.
    AhoCorasick(AhoCorasick),
}

/// What a search reads a text with: the table, or an automaton.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    Table(&'a LiteralScan, MatchKind),
    /// Every occurrence, overlapping ones too, of patterns some of which count only where a
    /// word starts (`Upgrading::with_word_starts`).
    Split(&'a SplitScan),
    Automaton(&'a AhoCorasick),
    /// Every occurrence, overlapping ones too.
    Dfa(&'a LiteralDfa),
}

impl Reader<'_> {
    /// `matches` of `haystack`, in lanes: the DFA reads it in `LANES` lanes side by side,
    /// each lane's matches into its own vector (see `LiteralDfa::find_overlapping_in_lanes`);
    /// the others read the whole into the first. Either way the lanes in order are
    /// `matches`' order.
    pub fn matches_in_lanes(&self, haystack: &[u8], found: &mut [Vec<Found>; LANES]) {
        match *self {
            Reader::Dfa(dfa) => dfa.find_overlapping_in_lanes(haystack, found),
            _ => {
                for lane in &mut found[1..] {
                    lane.clear();
                }
                self.matches(haystack, &mut found[0]);
            }
        }
    }

    /// The matches of the match kind in `haystack`: every occurrence, overlapping ones too,
    /// for standard semantics (by end; at one end, longer first); else the leftmost ones
    /// without overlaps.
    pub fn matches(&self, haystack: &[u8], found: &mut Vec<Found>) {
        match *self {
            Reader::Table(table, MatchKind::Standard) => table.find_overlapping(haystack, found),
            Reader::Table(table, MatchKind::LeftmostLongest) => {
                table.find_leftmost(haystack, true, found);
            }
            Reader::Table(table, _) => table.find_leftmost(haystack, false, found),
            Reader::Split(table) => table.find_overlapping(haystack, found),
            Reader::Dfa(dfa) => dfa.find_overlapping(haystack, found),
            Reader::Automaton(automaton) => {
                found.clear();
                let found_at = |m: aho_corasick::Match| Found {
                    literal: m.pattern().as_u32(),
                    start: m.start(),
                    end: m.end(),
                };
                if automaton.match_kind() == MatchKind::Standard {
                    found.extend(automaton.find_overlapping_iter(haystack).map(found_at));
                } else {
                    found.extend(automaton.find_iter(haystack).map(found_at));
                }
            }
        }
    }
}

impl Upgrading {
    /// `patterns`, lower-case, matched case-sensitively (the caller lower-cases the text it
    /// searches, ASCII only, so offsets do not move: half the transitions of an ASCII
    /// case-insensitive automaton, half the build); built when first needed.
    pub fn new(
        match_kind: MatchKind,
        patterns: Vec<Cow<'static, str>>,
        upgrade_after: usize,
    ) -> Self {
        Upgrading {
            match_kind,
            patterns,
            upgrade_after,
            table: OnceLock::new(),
            nfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
            upgrading: AtomicBool::new(false),
            dfa_claimed: AtomicBool::new(false),
            dfa: OnceLock::new(),
            word_start: Vec::new(),
        }
    }

    /// These patterns, where the caller keeps an occurrence of pattern `i` with
    /// `word_start[i]` only where a word starts: the table (`SplitScan`) and the DFA a long
    /// run builds (`LiteralDfa::with_word_starts`) then do not find it elsewhere (the NFA
    /// still does, and the caller's check drops those).
    pub fn with_word_starts(mut self, word_start: Vec<bool>) -> Self {
        self.word_start = word_start;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// How many patterns: a match's `literal` is below it.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// `read` of the matches in `haystack` (see `Reader::matches`), counted as searched. They
    /// are gathered in a vector this thread keeps (taken while in use, so a nested call gets
    /// one of its own): the word lists' `covers_range` alone searches 48,700 times over bulk,
    /// and a vector each was an allocation.
    pub fn with_matches<R>(&self, haystack: &[u8], read: impl FnOnce(&[Found]) -> R) -> R {
        thread_local! {
            static FOUND: std::cell::Cell<Vec<Found>> = const { std::cell::Cell::new(Vec::new()) };
        }
        crate::kept::with_kept(&FOUND, |found| {
            self.for_search(haystack.len()).matches(haystack, found);
            read(found)
        })
    }

    /// `with_matches` over `text` lower-cased (ASCII only, so offsets do not move; the
    /// patterns are lower-case): on the stack when short, as most texts searched so are (a
    /// word, a sentence, a heading's subject).
    pub fn with_matches_lowered<R>(&self, text: &str, read: impl FnOnce(&[Found]) -> R) -> R {
        let mut stack = [0u8; 256];
        match crate::bytescan::lowered_in(text, &mut stack) {
            Some(lowered) => self.with_matches(lowered.as_bytes(), read),
            None => self.with_matches(&text.as_bytes().to_ascii_lowercase(), read),
        }
    }

    fn build(&self, kind: AhoCorasickKind) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .match_kind(self.match_kind)
            .kind(Some(kind))
            .dense_depth(DENSE_DEPTH)
            .build(self.pattern_bytes())
            .expect("phrases are checked non-empty and short, and form a valid automaton")
    }

    /// The DFA once built; else the table for the first `NFA_AFTER` bytes (or the NFA when
    /// the table cannot hold the patterns), then the NFA; built now if it is not.
    pub fn reader(&self) -> Reader<'_> {
        match self.dfa.get() {
            Some(Dfa::Overlapping(dfa)) => return Reader::Dfa(dfa),
            Some(Dfa::AhoCorasick(dfa)) => return Reader::Automaton(dfa),
            None => {}
        }
        if self.searched.load(Ordering::Relaxed) < NFA_AFTER
            && let Some(table) = self.table.get_or_init(|| self.build_table())
        {
            return match table {
                Table::Whole(table) => Reader::Table(table, self.match_kind),
                Table::Split(table) => Reader::Split(table),
            };
        }
        Reader::Automaton(
            self.nfa
                .get_or_init(|| self.build(AhoCorasickKind::NoncontiguousNFA)),
        )
    }

    /// Builds what the first search will use now, so that it does not wait.
    pub fn warm(&self) {
        let _ = self.reader();
    }

    /// What to search `bytes` bytes of text with; the search that passes `upgrade_after`
    /// builds the DFA first.
    pub fn for_search(&self, bytes: usize) -> Reader<'_> {
        self.note_searched(bytes);
        self.reader()
    }

    /// Whether the searches have read `upgrade_after` bytes: a long run.
    pub fn is_long_run(&self) -> bool {
        self.searched.load(Ordering::Relaxed) >= self.upgrade_after
    }

    /// Counts the run as long from now, when it is known to be before it has read much (a
    /// folder of many postings): the next search builds the DFA.
    pub fn mark_long_run(&self) {
        self.searched
            .fetch_max(self.upgrade_after, Ordering::Relaxed);
    }

    /// Builds the DFA now, unless it is built or being built: what a long run reads with,
    /// built on a thread with nothing else to do before the run needs it. Searches go on
    /// with the table or the NFA meanwhile, and still count what they read: the DFA says
    /// nothing of whether the run is long.
    pub fn build_dfa_now(&self) {
        if !self.patterns.is_empty() && !self.dfa_claimed.swap(true, Ordering::Relaxed) {
            let _ = self.dfa.set(self.build_dfa());
        }
    }

    /// Whether the DFA is built and is the `LiteralDfa`, not Aho-Corasick's (for tests).
    #[cfg(test)]
    pub(crate) fn reads_with_literal_dfa(&self) -> bool {
        matches!(self.dfa.get(), Some(Dfa::Overlapping(_)))
    }

    /// Counts `bytes` more text searched; the call that passes `upgrade_after` builds the
    /// DFA.
    /// An automaton of no patterns is never searched, and counts nothing.
    pub fn note_searched(&self, bytes: usize) {
        // Once upgraded, nothing is counted: the count is shared by every thread, and an
        // atomic add to it from both cores moves its cache line back and forth.
        if self.patterns.is_empty()
            || self.upgrading.load(Ordering::Relaxed)
            || self.searched.fetch_add(bytes, Ordering::Relaxed) + bytes < self.upgrade_after
            || self.upgrading.swap(true, Ordering::Relaxed)
        {
            return;
        }
        // Only the thread that flipped `upgrading` gets here; the DFA may be built already.
        self.build_dfa_now();
    }

    fn build_table(&self) -> Option<Table> {
        let patterns = self.pattern_bytes();
        if self.match_kind == MatchKind::Standard && self.word_start.contains(&true) {
            return SplitScan::new(&patterns, &self.word_start).map(|t| Table::Split(Box::new(t)));
        }
        LiteralScan::new(&patterns).map(|t| Table::Whole(Box::new(t)))
    }

    fn build_dfa(&self) -> Dfa {
        if self.match_kind == MatchKind::Standard
            && let Some(dfa) = LiteralDfa::with_word_starts(&self.pattern_bytes(), &self.word_start)
        {
            return Dfa::Overlapping(Box::new(dfa));
        }
        Dfa::AhoCorasick(self.build(AhoCorasickKind::DFA))
    }

    fn pattern_bytes(&self) -> Vec<&[u8]> {
        self.patterns.iter().map(|p| p.as_bytes()).collect()
    }

    /// Whether the table or the NFA, the DFA, is built (for tests).
    pub fn built(&self) -> (bool, bool) {
        (
            self.table.get().is_some() || self.nfa.get().is_some(),
            self.dfa.get().is_some(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(reader: Reader<'_>, text: &str) -> Option<(u32, usize, usize)> {
        let mut found = Vec::new();
        reader.matches(text.as_bytes(), &mut found);
        found.first().map(|f| (f.literal, f.start, f.end))
    }

    fn two_phrases_upgrading_after_100_bytes() -> Upgrading {
        Upgrading::new(
            MatchKind::Standard,
            vec!["equal opportunity".into(), "gdpr".into()],
            100,
        )
    }

    #[test]
    fn the_table_serves_until_the_searches_pass_the_threshold_then_the_dfa() {
        let phrases = two_phrases_upgrading_after_100_bytes();
        assert_eq!(phrases.built(), (false, false), "built on first use");
        let text = "an equal opportunity employer";
        let reader = phrases.for_search(60);
        assert!(matches!(reader, Reader::Table(..)));
        assert_eq!(first(reader, text), Some((0, 3, 20)));
        assert_eq!(phrases.built(), (true, false));
        assert!(!phrases.is_long_run());
        let reader = phrases.for_search(60);
        assert_eq!(phrases.built(), (true, true));
        assert!(phrases.is_long_run());
        assert!(matches!(reader, Reader::Dfa(_)));
        assert_eq!(
            first(reader, text),
            Some((0, 3, 20)),
            "the DFA finds the same"
        );
    }

    /// A DFA built ahead of the run is read at once, finds what the table finds, and leaves
    /// the count of text read (whether the run is long) to the searches.
    #[test]
    fn a_dfa_built_ahead_is_read_at_once_and_the_run_is_still_counted() {
        let phrases = two_phrases_upgrading_after_100_bytes();
        let text = "an equal opportunity employer (gdpr)";
        let mut by_table = Vec::new();
        phrases
            .for_search(10)
            .matches(text.as_bytes(), &mut by_table);
        assert_eq!(phrases.built(), (true, false));
        phrases.build_dfa_now();
        assert_eq!(phrases.built(), (true, true));
        let reader = phrases.for_search(10);
        assert!(matches!(reader, Reader::Dfa(_)));
        let mut by_dfa = Vec::new();
        reader.matches(text.as_bytes(), &mut by_dfa);
        assert_eq!(by_dfa, by_table);
        assert_eq!(by_dfa.len(), 2);
        assert!(!phrases.is_long_run(), "20 bytes read of 100");
        phrases.for_search(80);
        assert!(phrases.is_long_run(), "the searches passed 100 bytes");
        // Built once: the search that passed the threshold found it built.
        phrases.build_dfa_now();
        assert!(matches!(phrases.reader(), Reader::Dfa(_)));
    }

    #[test]
    fn a_leftmost_longest_set_reads_the_same_from_the_table_and_the_dfa() {
        let phrases = Upgrading::new(
            MatchKind::LeftmostLongest,
            vec![
                "equal".into(),
                "equal opportunity".into(),
                "employer".into(),
            ],
            10,
        );
        let text = "an equal opportunity employer";
        let mut table = Vec::new();
        phrases.for_search(5).matches(text.as_bytes(), &mut table);
        let mut dfa = Vec::new();
        let reader = phrases.for_search(5);
        assert!(
            matches!(reader, Reader::Automaton(a) if a.kind() == AhoCorasickKind::DFA),
            "leftmost semantics keep Aho-Corasick's DFA"
        );
        reader.matches(text.as_bytes(), &mut dfa);
        assert_eq!(phrases.built(), (true, true));
        assert_eq!(table, dfa);
        assert_eq!(
            table
                .iter()
                .map(|f| (f.literal, f.start))
                .collect::<Vec<_>>(),
            [(1, 3), (2, 21)]
        );
    }

    #[test]
    fn the_nfa_takes_over_from_the_table_after_a_few_postings() {
        let phrases = Upgrading::new(MatchKind::Standard, vec!["gdpr".into()], 1 << 30);
        assert!(matches!(
            phrases.for_search(NFA_AFTER - 1),
            Reader::Table(..)
        ));
        let reader = phrases.for_search(1);
        assert!(
            matches!(reader, Reader::Automaton(a) if a.kind() == AhoCorasickKind::NoncontiguousNFA)
        );
        assert_eq!(first(reader, "per gdpr"), Some((0, 4, 8)));
        assert_eq!(phrases.built(), (true, false));
    }

    #[test]
    fn a_set_with_an_empty_phrase_starts_with_the_nfa() {
        let phrases = Upgrading::new(MatchKind::Standard, vec!["".into(), "a".into()], 100);
        let reader = phrases.reader();
        assert!(
            matches!(reader, Reader::Automaton(a) if a.kind() == AhoCorasickKind::NoncontiguousNFA)
        );
        assert_eq!(first(reader, "ba"), Some((0, 0, 0)));
    }

    #[test]
    fn a_run_marked_long_builds_the_dfa_at_its_first_search() {
        let phrases = Upgrading::new(MatchKind::Standard, vec!["gdpr".into()], 1 << 20);
        phrases.mark_long_run();
        assert!(phrases.is_long_run());
        assert_eq!(phrases.built(), (false, false), "marking builds nothing");
        let reader = phrases.for_search(10);
        assert_eq!(phrases.built(), (false, true), "no table on the way");
        assert_eq!(first(reader, "per gdpr"), Some((0, 4, 8)));
    }
}
