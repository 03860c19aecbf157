//! Phrase automata that grow with the run. An NFA builds in a fraction of a DFA's time and
//! searches a few times slower: an editor's save or a pre-commit hook reads a few postings
//! and should not wait for a DFA, while a postings repository reads megabytes and repays the
//! DFA many times. So each automaton starts as the NFA, built on first use, and the search
//! that passes `upgrade_after` bytes builds the DFA, which later searches use (other threads
//! go on with the NFA meanwhile). The NFA is aho-corasick's noncontiguous one, the form its
//! other kinds are built from: over the trigger literals it builds in 1.18 ms against the
//! contiguous form's 1.37 ms, and searches a posting in 0.19 ms against 0.13 ms.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// States this close to the start keep a full row of transitions, the rest a sparse list.
/// The start state and its children hold most of the branching of a phrase list; with the
/// library's default of 3, the trigger automaton (about 1,700 literals) built in 1.57 ms
/// and searched a posting in 0.142 ms, with 2 in 1.37 ms and 0.133 ms.
pub const DENSE_DEPTH: usize = 2;

#[derive(Debug)]
pub struct Upgrading {
    match_kind: MatchKind,
    patterns: Vec<String>,
    upgrade_after: usize,
    nfa: OnceLock<AhoCorasick>,
    searched: AtomicUsize,
    upgrading: AtomicBool,
    dfa: OnceLock<AhoCorasick>,
}

impl Upgrading {
    /// `patterns`, lower-case, matched case-sensitively (the caller lower-cases the text it
    /// searches, ASCII only, so offsets do not move: half the transitions of an ASCII
    /// case-insensitive automaton, half the build); built when first needed.
    pub fn new(match_kind: MatchKind, patterns: Vec<String>, upgrade_after: usize) -> Self {
        Upgrading {
            match_kind,
            patterns,
            upgrade_after,
            nfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
            upgrading: AtomicBool::new(false),
            dfa: OnceLock::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    fn build(&self, kind: AhoCorasickKind) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .match_kind(self.match_kind)
            .kind(Some(kind))
            .dense_depth(DENSE_DEPTH)
            .build(&self.patterns)
            .expect("phrases are checked non-empty and short, and form a valid automaton")
    }

    /// The DFA once built, or else the NFA (built now if it is not).
    pub fn automaton(&self) -> &AhoCorasick {
        self.dfa.get().unwrap_or_else(|| {
            self.nfa
                .get_or_init(|| self.build(AhoCorasickKind::NoncontiguousNFA))
        })
    }

    /// The automaton to search `bytes` bytes of text with; the search that passes
    /// `upgrade_after` builds the DFA first.
    pub fn for_search(&self, bytes: usize) -> &AhoCorasick {
        self.note_searched(bytes);
        self.automaton()
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

    /// Counts `bytes` more text searched; the call that passes `upgrade_after` builds the
    /// DFA.
    /// An automaton of no patterns is never searched, and counts nothing.
    pub fn note_searched(&self, bytes: usize) {
        if self.patterns.is_empty()
            || self.searched.fetch_add(bytes, Ordering::Relaxed) + bytes < self.upgrade_after
            || self.upgrading.swap(true, Ordering::Relaxed)
        {
            return;
        }
        // Only the thread that flipped `upgrading` gets here: `set` cannot fail.
        let _ = self.dfa.set(self.build(AhoCorasickKind::DFA));
    }

    /// Whether the NFA, the DFA, is built (for tests).
    pub fn built(&self) -> (bool, bool) {
        (self.nfa.get().is_some(), self.dfa.get().is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nfa_serves_until_the_searches_pass_the_threshold_then_the_dfa() {
        let phrases = Upgrading::new(
            MatchKind::Standard,
            vec!["equal opportunity".into(), "gdpr".into()],
            100,
        );
        assert_eq!(phrases.built(), (false, false), "built on first use");
        let text = "an equal opportunity employer";
        assert_eq!(
            phrases.for_search(60).find(text).map(|m| m.start()),
            Some(3)
        );
        assert_eq!(phrases.built(), (true, false));
        assert!(!phrases.is_long_run());
        let found = phrases.for_search(60).find(text);
        assert_eq!(phrases.built(), (true, true));
        assert!(phrases.is_long_run());
        assert_eq!(phrases.automaton().kind(), AhoCorasickKind::DFA);
        assert_eq!(found.map(|m| m.start()), Some(3), "the DFA finds the same");
    }

    #[test]
    fn a_run_marked_long_builds_the_dfa_at_its_first_search() {
        let phrases = Upgrading::new(MatchKind::Standard, vec!["gdpr".into()], 1 << 20);
        phrases.mark_long_run();
        assert!(phrases.is_long_run());
        assert_eq!(phrases.built(), (false, false), "marking builds nothing");
        let found = phrases.for_search(10).find("per gdpr");
        assert_eq!(phrases.built(), (false, true), "no NFA on the way");
        assert_eq!(found.map(|m| m.start()), Some(4));
    }
}
