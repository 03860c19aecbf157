//! A pattern's compiled forms, made on first use and shared by every pattern of the same
//! source in the process. Compiling is most of what a posting on its own costs, so each use
//! gets only what it needs:
//!
//! - `find_all` needs where each match starts and ends: the full regex (`regex_automata`'s
//!   meta engine, which `regex::Regex` wraps), with its reverse automaton;
//! - `is_match` (exceptions, titles, `unless`) needs only a yes or no: a `Tester`, a forward
//!   lazy DFA with a backtracker and a PikeVM for the texts the DFA gives up on. It compiles
//!   in about 60% of the full regex's time (the reverse automaton is the rest). A posting on
//!   its own asks it first for its searches too, and compiles the full regex only for a text
//!   that matches.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

/// The largest compiled automaton a rule's pattern may make, in bytes.
const NFA_SIZE_LIMIT: usize = 1 << 24;

/// The lazy DFA's cache per regex and thread: past it the DFA starts over, and after a few
/// such restarts with little progress it gives up on the text.
const DFA_CACHE: usize = 1 << 20;

/// The compiled forms of one source, each made when first needed. The tester is let go once
/// the full regex is compiled, which answers everything: a long run holds one automaton and
/// one set of caches per pattern.
#[derive(Debug, Default)]
pub struct Compiled {
    regex: OnceLock<Result<Regex, String>>,
    tester: Mutex<Option<Arc<Result<Tester, String>>>>,
}

/// What a cell is compiled for: finding matches, or telling whether there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Find,
    Test,
}

impl Compiled {
    /// The full regex, or why the source cannot be compiled.
    pub fn regex(&self, source: &str) -> Result<&Regex, &str> {
        let regex = self.regex.get_or_init(|| {
            let regex = compile(source);
            self.tester().take();
            regex
        });
        regex.as_ref().map_err(String::as_str)
    }

    fn tester(&self) -> std::sync::MutexGuard<'_, Option<Arc<Result<Tester, String>>>> {
        self.tester
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The tester, built on first use; `None` once the full regex is compiled.
    fn tester_for(&self, source: &str) -> Option<Arc<Result<Tester, String>>> {
        let mut tester = self.tester();
        if self.regex.get().is_some() {
            return None;
        }
        Some(Arc::clone(
            tester.get_or_insert_with(|| Arc::new(Tester::new(source))),
        ))
    }

    /// Whether the source matches in `text`: with the full regex when it is compiled
    /// already, else with the tester. `false` for a source that cannot be compiled.
    pub fn is_match(&self, source: &str, text: &str) -> bool {
        if let Some(regex) = self.regex.get() {
            return regex.as_ref().is_ok_and(|r| r.is_match(text));
        }
        match self.tester_for(source) {
            Some(tester) => tester.as_ref().as_ref().is_ok_and(|t| t.is_match(text)),
            // The full regex was compiled meanwhile.
            None => self.regex(source).is_ok_and(|r| r.is_match(text)),
        }
    }

    /// Every non-empty match in `text`. Until the full regex is compiled, the tester is
    /// asked first: most texts a posting's armed patterns meet hold one of their literals
    /// but no match, and then the full regex, with its reverse automaton, is never compiled.
    pub fn find_all(&self, source: &str, text: &str) -> Vec<Range<usize>> {
        if self.regex.get().is_none() && !self.is_match(source, text) {
            return Vec::new();
        }
        match self.regex(source) {
            Ok(regex) => regex
                .find_iter(text)
                .map(|m| m.range())
                .filter(|r| !r.is_empty())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Whether anything is compiled for this source.
    pub fn is_built(&self) -> bool {
        // The tester is let go only once the full regex is compiled.
        self.regex.get().is_some() || self.tester().is_some()
    }

    /// Whether what `purpose` needs is compiled.
    fn is_built_for(&self, purpose: Use) -> bool {
        match purpose {
            Use::Find => self.regex.get().is_some(),
            Use::Test => self.is_built(),
        }
    }

    fn build_for(&self, purpose: Use, source: &str) {
        match purpose {
            Use::Find => {
                let _ = self.regex(source);
            }
            Use::Test => {
                let _ = self.tester_for(source);
            }
        }
    }
}

/// The cell of a source, shared while any pattern holds it (a regex no rule holds any more,
/// after a configuration reload, is freed).
pub fn cell(source: &str) -> Arc<Compiled> {
    static CELLS: OnceLock<Mutex<HashMap<String, Weak<Compiled>>>> = OnceLock::new();
    let mut cells = CELLS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(cell) = cells.get(source).and_then(Weak::upgrade) {
        return cell;
    }
    let cell = Arc::new(Compiled::default());
    cells.insert(source.to_string(), Arc::downgrade(&cell));
    cell
}

/// Compiles what `purpose` needs of the cells not compiled yet, each once, on every core.
pub fn build_all(mut cells: Vec<(&str, &Arc<Compiled>)>, purpose: Use) {
    use rayon::prelude::*;
    cells.retain(|(_, cell)| !cell.is_built_for(purpose));
    cells.sort_by_key(|(_, cell)| Arc::as_ptr(cell));
    cells.dedup_by_key(|(_, cell)| Arc::as_ptr(cell));
    match cells.as_slice() {
        [] => {}
        [(source, cell)] => cell.build_for(purpose, source),
        _ => cells
            .par_iter()
            .for_each(|(source, cell)| cell.build_for(purpose, source)),
    }
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

/// How a rule's pattern is read: case-insensitive, UTF-8.
fn syntax() -> syntax::Config {
    syntax::Config::new().utf8(true).case_insensitive(true)
}

/// Compiles a source: case-insensitive, and within the limits users' rules are held to. It is
/// `regex::Regex::new` (leftmost-first, UTF-8, no empty match inside a character) with two
/// costs left out. No capture groups: rules ask where a pattern matches, never for its
/// groups. No prefilter: a posting's regexes are compiled for it, and extracting the literals
/// a prefilter needs took a third of that time; the trigger pass has already found one of the
/// pattern's literals in every segment it is run on, so a prefilter would mostly look for it
/// again.
fn compile(source: &str) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .which_captures(WhichCaptures::Implicit)
                .auto_prefilter(false)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_CACHE),
        )
        .syntax(syntax())
        .build(source)
        .map_err(|e| match e.syntax_error() {
            Some(syntax) => build_error(e.size_limit(), &syntax),
            None => build_error(e.size_limit(), &e),
        })
}

/// Why a source cannot be compiled, worded as `regex::Regex::new` words it.
fn build_error(size_limit: Option<usize>, error: &dyn std::fmt::Display) -> String {
    match size_limit {
        Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        None => regex_reason(&error.to_string()),
    }
}

type Caches = (Option<hybrid::dfa::Cache>, backtrack::Cache, pikevm::Cache);
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync>;

/// Tells whether a source matches, without finding where: a forward lazy DFA, as the meta
/// engine runs it (the same cache and the same rule for giving up), and for a text it gives
/// up on, the engines the meta engine falls back to (a bounded backtracker on short texts,
/// else a PikeVM).
pub struct Tester {
    dfa: Option<hybrid::dfa::DFA>,
    backtracker: BoundedBacktracker,
    vm: PikeVM,
    caches: Pool<Caches, MakeCaches>,
}

impl std::fmt::Debug for Tester {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tester").finish_non_exhaustive()
    }
}

impl Tester {
    fn new(source: &str) -> Result<Tester, String> {
        let nfa = NFA::compiler()
            .syntax(syntax())
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .build(source)
            .map_err(|e| build_error(e.size_limit(), &e))?;
        // A DFA that cannot be built (its cache would not hold a few states of this NFA)
        // leaves the other engines to answer.
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true)
                    .cache_capacity(DFA_CACHE)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let backtracker = BoundedBacktracker::new_from_nfa(nfa.clone())
            .map_err(|e| regex_reason(&e.to_string()))?;
        let vm = PikeVM::new_from_nfa(nfa).map_err(|e| regex_reason(&e.to_string()))?;
        let (d, b, v) = (dfa.clone(), backtracker.clone(), vm.clone());
        let make: MakeCaches = Box::new(move || {
            (
                d.as_ref().map(hybrid::dfa::DFA::create_cache),
                b.create_cache(),
                v.create_cache(),
            )
        });
        Ok(Tester {
            dfa,
            backtracker,
            vm,
            caches: Pool::new(make),
        })
    }

    fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        let mut caches = self.caches.get();
        let (dfa_cache, backtrack_cache, vm_cache) = &mut *caches;
        if let (Some(dfa), Some(cache)) = (&self.dfa, dfa_cache.as_mut())
            && let Ok(found) = dfa.try_search_fwd(cache, &input)
        {
            return found.is_some();
        }
        // The DFA gave up (its cache kept filling) or met what it cannot decide (a Unicode
        // word boundary next to a non-ASCII byte).
        if text.len() <= self.backtracker.max_haystack_len()
            && let Ok(found) = self
                .backtracker
                .try_is_match(backtrack_cache, input.clone())
        {
            return found;
        }
        self.vm.is_match(vm_cache, input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tester_answers_as_the_full_regex() {
        let sources = [
            r"(?-u:\b)competitive(?-u:\b)[^.;]{0,50}(?-u:\b)(?:salary|pay)(?-u:\b)",
            r"(?-i:(?-u:\b)[A-Z][a-z]+ Leads?(?-u:\b))",
            r"\bcafé\b",
            r"^\s*or\b",
        ];
        let texts = [
            "Competitive pay and equity",
            "a competitive, fast-moving market. Pay is fair",
            "The Design Lead reviews",
            "the design lead reviews",
            "Un café au lait",
            "Un caféine",
            "  or an MSc",
            "",
        ];
        for source in sources {
            let tester = Tester::new(source).unwrap();
            let regex = compile(source).unwrap();
            for text in texts {
                assert_eq!(
                    tester.is_match(text),
                    regex.is_match(text),
                    "{source} on {text:?}"
                );
            }
        }
    }

    /// Pieces of patterns: the shapes the catalogue uses (ASCII and Unicode boundaries,
    /// bounded repeats of negated classes, lazy repeats, anchors, a case-sensitive group).
    const PATTERN_PIECES: &[&str] = &[
        r"(?-u:\b)",
        r"\b",
        r"lead",
        r"s?",
        r"(?:er|ing)",
        r"[^.;]{0,8}",
        r"\s+",
        r"(?:\w+\s+){0,2}?",
        r"ph\.?d",
        r"^\s*",
        r"$",
        r"(?-i:[A-Z][a-z]+)",
        r"é",
        r"\d+\+?",
        r"|",
    ];

    /// Pieces of texts: words the pieces match, near misses, punctuation, non-ASCII.
    const TEXT_PIECES: &[&str] = &[
        "lead", "Leads", "leading", "Ph.D", "phd", " ", "  ", ".", ";", "é", "café", "10+", "Team",
        "x", "\n", "über", "-",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Whatever the pattern and the text, the tester answers as the full regex.
        #[test]
        fn the_tester_answers_as_the_full_regex_on_generated_patterns(
            pattern in proptest::collection::vec(0..PATTERN_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..TEXT_PIECES.len(), 0..12), 1..6),
        ) {
            let source: String = pattern.iter().map(|&i| PATTERN_PIECES[i]).collect();
            let (Ok(tester), Ok(regex)) = (Tester::new(&source), compile(&source)) else {
                return Ok(());
            };
            for text in texts {
                let text: String = text.iter().map(|&i| TEXT_PIECES[i]).collect();
                proptest::prop_assert_eq!(
                    tester.is_match(&text),
                    regex.is_match(&text),
                    "{} on {:?}",
                    source,
                    text
                );
            }
        }
    }

    #[test]
    fn a_cell_tests_without_the_full_regex_and_uses_it_once_compiled() {
        let cell = Compiled::default();
        let source = r"(?-u:\b)ninja(?-u:\b)";
        assert!(cell.is_match(source, "a code Ninja"));
        assert!(cell.tester().is_some() && cell.regex.get().is_none());
        assert!(cell.regex(source).is_ok());
        // The full regex answers from now on; the tester is let go.
        assert!(cell.tester().is_none() && cell.is_built());
        assert!(!cell.is_match(source, "ninjas"));
        assert_eq!(cell.find_all(source, "ninja, Ninja"), vec![0..5, 7..12]);
    }

    #[test]
    fn a_source_too_large_is_an_error_for_both() {
        let source = r"\w{1,5000}";
        assert!(compile(source).unwrap_err().contains("exceeds size limit"));
        assert!(
            Tester::new(source)
                .unwrap_err()
                .contains("exceeds size limit")
        );
        assert!(!Compiled::default().is_match(source, "words"));
    }
}
