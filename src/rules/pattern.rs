//! Matchers shared by the rule kinds: literal word lists (one Aho-Corasick automaton, whole
//! words checked with Unicode-aware neighbours) and regexes (case-insensitive, with `\b` read
//! as an ASCII word boundary so the fast DFA keeps working on non-ASCII postings).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use regex_automata::meta::Regex;

use super::regex::{Compiled, Readings, Use, build_all, cell as compiled_cell, regex_reason};
use super::schema::{Spanned, Word};
use crate::automaton::Upgrading;
use crate::bytescan::{ceil_char_boundary, floor_char_boundary};
use crate::literal_scan::{Found, LiteralScan};

/// Rewrites `\b`, `\B`, `\w`, `\W`, `\d` and `\D` to their ASCII forms: `(?-u:\b)`, and
/// `[[:word:]]` and `[0-9]` and their complements. hirelint's patterns document them as ASCII.
///
/// A Unicode `\b` makes the regex crate leave its lazy DFA at the first non-ASCII byte, which
/// is 30× slower on German or French postings. A Unicode `\w` is some 300 automaton states, a
/// copy for each count of `(?:\w+\s+){0,3}`: compiling the catalogue's regexes took a third
/// longer with them. A word character that a word boundary does not count as one would only
/// surprise.
///
/// In a class (`[\w-]`) they become POSIX classes (`[[:word:]-]`), which are ASCII too. Out
/// of one, `\W` keeps its case (`(?-i:...)`): folded, `[^a-z]` would leave out the Kelvin
/// sign and the long s, which fold to `k` and `s`, and "all but ASCII's word characters" would
/// no longer be the cheap class `any_beyond_ascii_as_bytes` makes of it.
///
/// Start-up rewrites every built-in regex, so the text between the bytes that matter
/// (`\\`, `[`, `]`, all ASCII and never part of a longer character) is copied whole.
pub fn ascii_escapes(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut class_depth = 0usize;
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = memchr::memchr3(b'\\', b'[', b']', &bytes[at..]) {
        let i = at + found;
        at = i + 1;
        match bytes[i] {
            b'\\' => {
                if let Some(ascii) = bytes
                    .get(i + 1)
                    .and_then(|&b| ascii_escape(b, class_depth > 0))
                {
                    out.push_str(&pattern[copied..i]);
                    out.push_str(ascii);
                    copied = i + 2;
                }
                // The escaped byte is never a class bracket or another escape.
                at = (i + 2).min(bytes.len());
            }
            b'[' => class_depth += 1,
            _ => class_depth = class_depth.saturating_sub(1),
        }
    }
    out.push_str(&pattern[copied..]);
    out
}

/// The ASCII form of the escape `\\` `letter`, in a class or out of one, if it has one.
fn ascii_escape(letter: u8, in_class: bool) -> Option<&'static str> {
    Some(match (letter, in_class) {
        (b'b', false) => "(?-u:\\b)",
        (b'B', false) => "(?-u:\\B)",
        (b'w', false) => "(?-u:\\w)",
        (b'W', false) => "(?-i:[^0-9A-Za-z_])",
        (b'd', false) => "(?-u:\\d)",
        (b'D', false) => "[^0-9]",
        (b'w', true) => "[:word:]",
        (b'W', true) => "[:^word:]",
        (b'd', true) => "[:digit:]",
        (b'D', true) => "[:^digit:]",
        _ => return None,
    })
}

/// Regexes compiled on first use. Loading only parses them, so that a bad pattern is still
/// reported at load with its place in the rule file; compiling a whole catalogue's patterns
/// costs more than linting a posting, and most of them never meet a posting that could match
/// them (see `rules::trigger`).
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The alternation of the patterns, `\b` made ASCII.
    source: String,
    /// Literals one of which every match contains (ASCII case folded), if the patterns have
    /// such a set: the trigger that lets a search skip text that cannot match.
    literals: Option<Vec<Trigger>>,
    /// Shared by every pattern of the same source in the process: a balance rule's two
    /// finders share their exceptions, and a pattern is compiled once however many rules
    /// or reloaded configurations hold it.
    compiled: Arc<Compiled>,
    /// Each alternative (when there are several) and the literals one of which its every
    /// match holds (`None`: no such set), for `narrowed_for`.
    alternatives: Vec<Alternative>,
    /// How many narrowed alternations this pattern has compiled, and the last one (kept
    /// alive, so that the next posting that can match the same alternatives, an editor's
    /// next save, reuses it), shared by its clones.
    narrowings: Arc<AtomicUsize>,
    last_narrowed: Arc<Mutex<Option<Narrowed>>>,
    /// Tells, before anything is compiled, that a text cannot hold a match.
    filter: Arc<Filter>,
    /// For a posting on its own: the alternations of the alternatives that may match one
    /// tested text, when they are fewer than its narrowing holds (see `is_match_in`).
    tested_parts: Arc<Mutex<Vec<TestedPart>>>,
    /// A long run's answers for the texts it has tested (see `is_match_in`), shared by clones.
    verdicts: Arc<Mutex<Verdicts>>,
}

/// Texts a long run has tested a pattern on, with the answers: about half of bulk's
/// exception tests repeat an earlier one (companies and job boards repeat their sentences).
/// At most `VERDICTS` texts of at most `VERDICT_TEXT` bytes each, forgotten all at once when
/// full, so that memory stays flat however long the run.
type Verdicts = crate::fxhash::FxHashMap<Box<str>, bool>;
const VERDICTS: usize = 1024;
const VERDICT_TEXT: usize = 400;

/// One regex of a pattern list as its alternation holds it (`alternative_of`; borrowed from
/// the literal table for a built-in regex), and its trigger literals, if it has a set.
type Alternative = (Cow<'static, str>, Option<Vec<Cow<'static, str>>>);

/// The alternatives a text may match, their alternation, and its compiled cell.
type TestedPart = (Vec<bool>, String, Arc<Compiled>);

/// Alternations of a text's alternatives a pattern keeps (`Pattern::tested_parts`); past
/// them, its narrowed alternation is compiled whole.
const TESTED_PARTS: usize = 4;

/// The factors of one alternative (see `required_factors`).
#[derive(Debug, Clone)]
enum Factors {
    /// A built-in regex's, from the table made ahead of time.
    Known(&'static [&'static [(&'static str, bool, bool)]]),
    Found(Vec<Vec<FactorLiteral>>),
}

impl Factors {
    fn len(&self) -> usize {
        match self {
            Factors::Known(sets) => sets.len(),
            Factors::Found(sets) => sets.len(),
        }
    }

    /// How many literals the sets hold together, repeats counted.
    fn literal_count(&self) -> usize {
        match self {
            Factors::Known(sets) => sets.iter().map(|set| set.len()).sum(),
            Factors::Found(sets) => sets.iter().map(Vec::len).sum(),
        }
    }

    /// Set `at` as triggers (each arming alone: `group` 0).
    fn set(&self, at: usize) -> Vec<Trigger> {
        let trigger = |literal: Cow<'static, str>, starts_word: bool, ends_word: bool| Trigger {
            literal,
            starts_word,
            ends_word,
            word: None,
            group: 0,
        };
        match self {
            Factors::Known(sets) => sets[at]
                .iter()
                .map(|&(literal, starts, ends)| trigger(Cow::Borrowed(literal), starts, ends))
                .collect(),
            Factors::Found(sets) => sets[at]
                .iter()
                .map(|(literal, starts, ends)| trigger(Cow::Owned(literal.clone()), *starts, *ends))
                .collect(),
        }
    }
}

/// Says that a pattern cannot match a text, without compiling it: for every alternative, the
/// text lacks every literal of one of its factors. A posting on its own tests exceptions on
/// the sentence around each match, and most sentences that arm a pattern cannot match it: of
/// the 19 testers a 14 KB posting compiled, 17 never matched (2 of its 10 ms of CPU).
#[derive(Debug)]
struct Filter {
    alternatives: Vec<Factors>,
    /// Built on first use; `None` inside when no alternative has a factor (any text may
    /// match each).
    table: OnceLock<Option<FilterTable>>,
    /// Texts asked about so far: past `FILTER_BUDGET`, the filter stops answering and the
    /// pattern compiles (see `alternatives_for`).
    asked: AtomicUsize,
}

/// Texts a pattern's filter answers for. A posting's searches ask it once per segment that
/// arms them, and that pays; the language server asks it again at every change, and after a
/// few changes compiling the pattern once costs less than reading each text for its
/// literals (the filter was a fifth of a 41-lint session's instructions).
const FILTER_BUDGET: usize = 64;

#[derive(Debug)]
struct FilterTable {
    /// Every literal of every factor, ASCII case folded.
    scan: LiteralScan,
    /// Whether each literal must start and end a word where it stands.
    edges: Vec<(bool, bool)>,
    /// For each alternative, each factor's literals (indices into `scan`).
    alternatives: Vec<Vec<Vec<u32>>>,
}

impl Filter {
    fn new(alternatives: Vec<Factors>) -> Filter {
        Filter {
            alternatives,
            table: OnceLock::new(),
            asked: AtomicUsize::new(0),
        }
    }

    /// Whether the pattern may match in `text`: `false` only when it cannot.
    fn may_match(&self, text: &str) -> bool {
        self.alternatives_for(text)
            .is_none_or(|kept| kept.iter().any(|&k| k))
    }

    /// Which alternatives may match in `text` (`false` only for one that cannot); `None`
    /// when the filter cannot tell for any.
    fn alternatives_for(&self, text: &str) -> Option<Vec<bool>> {
        if self.asked.fetch_add(1, Ordering::Relaxed) >= FILTER_BUDGET {
            return None;
        }
        let table = self
            .table
            .get_or_init(|| FilterTable::new(&self.alternatives))
            .as_ref()?;
        // A case-insensitive regex folds the Kelvin sign to `k` and the long s to `s`, which
        // the table, folding ASCII only, does not.
        if crate::bytescan::folds_into_ascii(text) {
            return None;
        }
        let mut found = Vec::new();
        table.scan.find_overlapping(text.as_bytes(), &mut found);
        let mut present = vec![false; table.edges.len()];
        for occurrence in &found {
            let (starts_word, ends_word) = table.edges[occurrence.literal as usize];
            if (!starts_word || super::trigger::at_boundary(text.as_bytes(), occurrence.start))
                && (!ends_word || super::trigger::at_boundary(text.as_bytes(), occurrence.end))
            {
                present[occurrence.literal as usize] = true;
            }
        }
        Some(
            table
                .alternatives
                .iter()
                .map(|factors| {
                    factors
                        .iter()
                        .all(|set| set.iter().any(|&literal| present[literal as usize]))
                })
                .collect(),
        )
    }
}

impl FilterTable {
    fn new<'a>(alternatives: &'a [Factors]) -> Option<FilterTable> {
        type Literal<'a> = (&'a str, bool, bool);
        // Sized for every literal the factors hold: grown from empty, the index was rehashed
        // 18 times as one posting's filters were made.
        let held: usize = alternatives.iter().map(Factors::literal_count).sum();
        let mut index: crate::fxhash::FxHashMap<Literal<'a>, u32> =
            crate::fxhash::FxHashMap::with_capacity_and_hasher(held, Default::default());
        let mut literals: Vec<Literal<'a>> = Vec::with_capacity(held);
        let mut id = |literal: Literal<'a>| -> u32 {
            *index.entry(literal).or_insert_with(|| {
                literals.push(literal);
                (literals.len() - 1) as u32
            })
        };
        let mut sets_of = Vec::with_capacity(alternatives.len());
        for factors in alternatives {
            // An alternative without a factor (`(?-i)^[^a-z]*$`) may match any text: it is
            // always kept (no factor to ask), its literals are not looked for, and the others
            // are still told apart (one such exception made tech-term-spelling compile its
            // whole list, 0.4 ms, for a sentence with no web address in it).
            let any_text = match factors {
                Factors::Known(known) => known.is_empty() || known.iter().any(|s| s.is_empty()),
                Factors::Found(found) => found.is_empty() || found.iter().any(Vec::is_empty),
            };
            if any_text {
                sets_of.push(Vec::new());
                continue;
            }
            let sets: Vec<Vec<u32>> = match factors {
                Factors::Known(known) => known
                    .iter()
                    .map(|set| set.iter().map(|&literal| id(literal)).collect())
                    .collect(),
                Factors::Found(found) => found
                    .iter()
                    .map(|set| {
                        set.iter()
                            .map(|(l, s, e)| id((l.as_str(), *s, *e)))
                            .collect()
                    })
                    .collect(),
            };
            sets_of.push(sets);
        }
        if sets_of.iter().all(Vec::is_empty) {
            return None;
        }
        let strings: Vec<&str> = literals.iter().map(|&(l, ..)| l).collect();
        Some(FilterTable {
            scan: LiteralScan::ascii_case_insensitive(&strings)?,
            edges: literals.iter().map(|&(_, s, e)| (s, e)).collect(),
            alternatives: sets_of,
        })
    }
}

/// How many narrowed alternations a pattern compiles before it compiles its whole one: a
/// posting on its own (an editor's save) compiles only what it can match, and a run of many
/// postings, which soon needs most alternatives, compiles the whole once.
const NARROWINGS: usize = 1;

/// The alternatives of a pattern that one posting can match, when they are fewer than all:
/// an alternative none of whose literals the posting holds cannot match in it, and leaving
/// it out changes no leftmost-first match (it never wins at any place).
#[derive(Debug, Clone)]
pub enum Narrowed {
    /// No alternative can match.
    Nothing,
    /// The alternation of those that can, in their order.
    Regex {
        source: String,
        compiled: Arc<Compiled>,
    },
}

/// What each narrowed pattern searches with on one posting, keyed by the pattern's address
/// (the rule set outlives the posting's lint), and whether the posting is linted on its own
/// (`for_posting`) rather than in a long run (`default`).
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    narrowed: HashMap<usize, Narrowed>,
    /// The phrases of a `not-phrases` list (keyed by its address) that can cover a match in
    /// the posting; `None`: none can (see `Finder::narrowed_phrases`).
    phrases: HashMap<usize, Option<Arc<WordList>>>,
    alone: bool,
}

impl Narrowing {
    /// What each of `patterns` searches with on a posting whose text, lower-cased, `lowered`
    /// gives (see `Document::narrowing_text`); called only when a pattern may narrow, and
    /// `None` leaves every pattern whole.
    pub fn for_posting<'p, 't>(
        patterns: impl IntoIterator<Item = &'p Pattern>,
        lowered: impl FnOnce() -> Option<&'t str>,
    ) -> Narrowing {
        let mut narrowing = Narrowing {
            alone: true,
            ..Narrowing::default()
        };
        let patterns: Vec<&Pattern> = patterns.into_iter().filter(|p| p.may_narrow()).collect();
        if let Some(lowered) = (!patterns.is_empty()).then(lowered).flatten() {
            // Whether the posting holds each literal, asked once: the alternatives of a
            // posting's patterns share many ("engineer", "lead"), and each answer is a search
            // of the whole posting.
            let mut held: crate::fxhash::FxHashMap<&str, bool> = Default::default();
            let mut holds = |literal: &'p str| {
                *held.entry(literal).or_insert_with(|| {
                    memchr::memmem::find(lowered.as_bytes(), literal.as_bytes()).is_some()
                })
            };
            for pattern in patterns {
                if let Some(narrowed) = pattern.narrowed_with(&mut holds) {
                    narrowing.insert(pattern, narrowed);
                }
            }
        }
        narrowing
    }

    pub fn insert(&mut self, pattern: &Pattern, narrowed: Narrowed) {
        self.narrowed
            .insert(pattern as *const Pattern as usize, narrowed);
    }

    /// Searches the posting with the phrases of `list` that `narrowed` keeps.
    pub fn insert_phrases(&mut self, list: &WordList, narrowed: Option<WordList>) {
        self.phrases
            .insert(list as *const WordList as usize, narrowed.map(Arc::new));
    }

    /// The phrase list to search the posting with in place of `list`: `list` itself, or the
    /// phrases of it that can cover a match here; `None` when none can.
    pub fn phrases<'a>(&'a self, list: &'a WordList) -> Option<&'a WordList> {
        match self.phrases.get(&(list as *const WordList as usize)) {
            Some(narrowed) => narrowed.as_deref(),
            None => Some(list),
        }
    }

    /// Whether the posting is linted on its own (`for_posting`), not in a long run.
    pub fn alone(&self) -> bool {
        self.alone
    }

    /// The readings a search may use: a posting on its own reads its ASCII texts as ASCII
    /// (see `rules::regex`).
    pub fn readings(&self) -> Readings {
        if self.alone {
            Readings::AsciiWhenAscii
        } else {
            Readings::AsWritten
        }
    }

    fn get(&self, pattern: &Pattern) -> Option<&Narrowed> {
        self.narrowed.get(&(pattern as *const Pattern as usize))
    }
}

/// A pattern that does not parse: its index in the list and what is wrong.
#[derive(Debug)]
pub struct PatternError {
    pub index: usize,
    pub reason: String,
}

impl Pattern {
    /// One leftmost-first alternation of `patterns`, case-insensitive with ASCII `\b`;
    /// `None` for an empty list.
    pub fn parse<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<Option<Pattern>, PatternError> {
        Pattern::parse_known(patterns.into_iter().map(|pattern| (pattern, None)))
    }

    /// `parse`, with each regex's place in the literal table when the caller knows it (the
    /// pre-parsed catalogue's regexes, `schema::Regex`).
    pub fn parse_known<'a>(
        patterns: impl IntoIterator<Item = (&'a str, Option<usize>)>,
    ) -> Result<Option<Pattern>, PatternError> {
        let mut alternatives: Vec<Alternative> = Vec::new();
        // Each regex's literals (and its confirming set) as a list, joined once at the end:
        // grown as they came, the catalogue's lists of triggers were copied as they doubled.
        let mut lists: Option<Vec<Vec<Trigger>>> = Some(Vec::new());
        let mut factors = Vec::new();
        let mut conjuncts = 0;
        for (index, (pattern, known)) in patterns.into_iter().enumerate() {
            // The built-in rules' regexes were parsed and rewritten when the table was made.
            let (found, factors_of, alternative, confirming) = match known_literals(pattern, known)
            {
                Some(known) => known,
                None => {
                    let (found, factors) = literals_and_factors_of(pattern)
                        .map_err(|reason| PatternError { index, reason })?;
                    let factors = Factors::Found(factors);
                    let confirming = found
                        .as_deref()
                        .and_then(|found| confirming_factor(found, &factors));
                    (
                        found,
                        factors,
                        Cow::Owned(alternative_of(pattern)),
                        confirming,
                    )
                }
            };
            let part_literals: Option<Vec<Cow<'static, str>>> = found
                .as_ref()
                .map(|found| found.iter().map(|t| t.literal.clone()).collect());
            let found = found.map(|mut found| {
                let mut confirming_set = Vec::new();
                if conjuncts < MAX_CONJUNCTS
                    && let Some(confirming) = confirming.map(|at| factors_of.set(at))
                {
                    let k = u32::try_from(conjuncts).unwrap_or(u32::MAX);
                    conjuncts += 1;
                    for trigger in &mut found {
                        trigger.group = 2 * k + 1;
                    }
                    confirming_set = confirming;
                    for trigger in &mut confirming_set {
                        trigger.group = 2 * k + 2;
                    }
                }
                (found, confirming_set)
            });
            factors.push(factors_of);
            lists = match (lists, found) {
                (Some(mut all), Some((found, confirming))) => {
                    all.push(found);
                    all.push(confirming);
                    Some(all)
                }
                _ => None,
            };
            alternatives.push((alternative, part_literals));
        }
        if alternatives.is_empty() {
            return Ok(None);
        }
        let mut literals = lists.map(|lists| {
            let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
            for list in lists {
                all.extend(list);
            }
            all
        });
        if let Some(list) = &mut literals {
            drop_repeated_triggers(list);
        }
        let source = alternatives
            .iter()
            .map(|(part, _)| part.as_ref())
            .collect::<Vec<_>>()
            .join("|");
        if alternatives.len() < 2 {
            alternatives.clear();
        }
        Ok(Some(Pattern {
            compiled: compiled_cell(&source),
            source,
            literals,
            alternatives,
            narrowings: Arc::default(),
            last_narrowed: Arc::default(),
            filter: Arc::new(Filter::new(factors)),
            tested_parts: Arc::default(),
            verdicts: Arc::default(),
        }))
    }

    /// Compiles, on every core, what `is_match` will test `patterns` with (those not
    /// compiled yet): the regexes a posting arms cost more than linting it, and they do not
    /// depend on each other.
    pub fn compile_all<'p>(patterns: impl IntoIterator<Item = &'p Pattern>, readings: Readings) {
        build_all(
            patterns
                .into_iter()
                .map(|p| (p.source.as_str(), &p.compiled)),
            Use::Test,
            readings,
        );
    }

    /// Compiles, on every core, the full regexes `find_all_in` will search `patterns` with
    /// under `narrowing`: each one's narrowed alternation, or its whole one. A posting on its
    /// own passes only the patterns its text may match (see `Pattern::may_match`), and for
    /// those a tester is no saving: it took as long to build as the full regex or longer
    /// (the doctorate pattern: 2.2 ms against 1.6 ms, one thread), and a posting whose search
    /// matched built both. Over 353 postings linted one by one, compiling went from 537 to
    /// 446 ms, and a labelled engineering posting from 43.7 to 34.3 M instructions.
    pub fn compile_all_in<'p>(
        patterns: impl IntoIterator<Item = &'p Pattern>,
        narrowing: &'p Narrowing,
    ) {
        Pattern::compile_searched(patterns, narrowing, Use::Find);
    }

    /// Compiles for `purpose`, on every core, what each of `patterns` is searched with under
    /// `narrowing`.
    fn compile_searched<'p>(
        patterns: impl IntoIterator<Item = &'p Pattern>,
        narrowing: &'p Narrowing,
        purpose: Use,
    ) {
        build_all(
            patterns
                .into_iter()
                .filter_map(|p| p.searched_with(narrowing)),
            purpose,
            narrowing.readings(),
        );
    }

    /// Whether `narrowed_for` may narrow this pattern: it has alternatives, its whole
    /// alternation is not compiled, and it has narrowings left or one to reuse.
    pub fn may_narrow(&self) -> bool {
        !self.alternatives.is_empty()
            && !self.compiled.is_built()
            && (self.narrowings.load(Ordering::Relaxed) < NARROWINGS
                || self.last_narrowed().is_some())
    }

    /// Lets the last narrowed alternation go once the whole one is compiled: a run of many
    /// postings holds each pattern's regex once.
    pub fn release_narrowed(&self) {
        if self.compiled.is_built() && !self.alternatives.is_empty() {
            self.last_narrowed().take();
        }
    }

    fn last_narrowed(&self) -> std::sync::MutexGuard<'_, Option<Narrowed>> {
        self.last_narrowed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The alternatives that a posting whose text, lower-cased (ASCII), is `lowered` can
    /// match, when they are fewer than all and this pattern has narrowings left; `None`:
    /// search with the whole alternation.
    pub fn narrowed_for(&self, lowered: &str) -> Option<Narrowed> {
        // memchr's vectorised search: `str::contains` over the whole posting, once per
        // literal, was a tenth of a 500-posting run.
        self.narrowed_with(&mut |literal: &str| {
            memchr::memmem::find(lowered.as_bytes(), literal.as_bytes()).is_some()
        })
    }

    /// `narrowed_for`, with `holds` saying whether the posting holds a literal.
    fn narrowed_with<'p>(&'p self, holds: &mut impl FnMut(&'p str) -> bool) -> Option<Narrowed> {
        if !self.may_narrow() {
            return None;
        }
        let kept: Vec<&str> = self
            .alternatives
            .iter()
            .filter(|(_, literals)| {
                literals
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|literal| holds(literal)))
            })
            .map(|(source, _)| source.as_ref())
            .collect();
        if kept.len() == self.alternatives.len() {
            return None;
        }
        let source = kept.join("|");
        let mut last = self.last_narrowed();
        match &*last {
            Some(Narrowed::Nothing) if kept.is_empty() => return last.clone(),
            Some(Narrowed::Regex { source: same, .. }) if *same == source => return last.clone(),
            _ => {}
        }
        if self.narrowings.fetch_add(1, Ordering::Relaxed) >= NARROWINGS {
            return None;
        }
        let narrowed = if kept.is_empty() {
            Narrowed::Nothing
        } else {
            Narrowed::Regex {
                compiled: compiled_cell(&source),
                source,
            }
        };
        *last = Some(narrowed.clone());
        Some(narrowed)
    }

    /// The compiled regex, or why it could not be compiled (a pattern that parses can still
    /// be too large: `\pL{1,5000}`).
    pub fn regex(&self) -> Result<&Regex, &str> {
        self.compiled.regex(&self.source)
    }

    /// The source and cell this pattern searches with under `narrowing`: its narrowed
    /// alternation, or its whole one; `None` when no alternative can match.
    fn searched_with<'a>(
        &'a self,
        narrowing: &'a Narrowing,
    ) -> Option<(&'a str, &'a Arc<Compiled>)> {
        match narrowing.get(self) {
            None => Some((&self.source, &self.compiled)),
            Some(Narrowed::Nothing) => None,
            Some(Narrowed::Regex { source, compiled }) => Some((source, compiled)),
        }
    }

    /// Every non-empty match, searched with what `narrowing` holds for this pattern.
    pub fn find_all_in(&self, text: &str, narrowing: &Narrowing) -> Vec<Range<usize>> {
        // A long run compiles what it arms ahead, and soon has it all: it asks no filter.
        match self.searched_with(narrowing) {
            Some((source, cell))
                if !narrowing.alone() || cell.is_built() || self.filter.may_match(text) =>
            {
                cell.find_all(source, text, narrowing.readings())
            }
            _ => Vec::new(),
        }
    }

    /// Whether what this pattern searches with under `narrowing` is compiled (or nothing
    /// can match).
    pub fn is_compiled_in(&self, narrowing: &Narrowing) -> bool {
        self.searched_with(narrowing)
            .is_none_or(|(_, cell)| cell.is_built())
    }

    /// Whether this pattern may match in `text`, as its literals tell without compiling it:
    /// `false` only when it cannot.
    pub fn may_match(&self, text: &str) -> bool {
        self.filter.may_match(text)
    }

    /// Whether anything matches in `text` (tested without finding where, unless the full
    /// regex is compiled already).
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_as(text, Readings::AsWritten)
    }

    /// `is_match`, with the readings the posting's run allows (see `rules::regex`).
    pub fn is_match_as(&self, text: &str, readings: Readings) -> bool {
        // A long run (which reads as written) asks no filter: see `find_all_in`.
        (readings == Readings::AsWritten || self.compiled.is_built() || self.filter.may_match(text))
            && self.compiled.is_match(&self.source, text, readings)
    }

    /// Whether anything matches in `text`, searched with what `narrowing` holds for this
    /// pattern.
    pub fn is_match_in(&self, text: &str, narrowing: &Narrowing) -> bool {
        let Some((source, cell)) = self.searched_with(narrowing) else {
            return false;
        };
        let readings = narrowing.readings();
        if !narrowing.alone() {
            return self.remembered(text, || cell.is_match(source, text, readings));
        }
        if cell.is_built() {
            return cell.is_match(source, text, readings);
        }
        let Some(kept) = self.filter.alternatives_for(text) else {
            return cell.is_match(source, text, readings);
        };
        if !kept.iter().any(|&k| k) {
            return false;
        }
        // A posting on its own tests an exception on the sentences around its matches, and
        // a sentence can match few of its alternatives: those, as their own alternation,
        // compile in a fraction of the narrowed whole (gender-coded-wording's exceptions:
        // 0.85 ms for a posting's narrowed alternation). Alternatives that cannot match in
        // the text change no answer there.
        if kept.len() == self.alternatives.len()
            && kept.iter().any(|&k| !k)
            && let Some((part, compiled)) = self.tested_part(kept)
        {
            return compiled.is_match(&part, text, readings);
        }
        cell.is_match(source, text, readings)
    }

    /// `test`'s answer for `text`, remembered for the next time a long run tests the same
    /// text (a short one: see `Verdicts`).
    fn remembered(&self, text: &str, test: impl FnOnce() -> bool) -> bool {
        if text.len() > VERDICT_TEXT {
            return test();
        }
        let lock = || {
            self.verdicts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(&verdict) = lock().get(text) {
            return verdict;
        }
        let verdict = test();
        let mut verdicts = lock();
        if verdicts.len() >= VERDICTS {
            verdicts.clear();
        }
        verdicts.insert(text.into(), verdict);
        verdict
    }

    /// The alternation of the `kept` alternatives, compiled for tests, while fewer than
    /// `TESTED_PARTS` are kept.
    fn tested_part(&self, kept: Vec<bool>) -> Option<(String, Arc<Compiled>)> {
        let mut parts = self
            .tested_parts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, source, compiled)) = parts.iter().find(|(k, ..)| *k == kept) {
            return Some((source.clone(), Arc::clone(compiled)));
        }
        if parts.len() >= TESTED_PARTS {
            return None;
        }
        let source = self
            .alternatives
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|((source, _), _)| source.as_ref())
            .collect::<Vec<_>>()
            .join("|");
        let compiled = compiled_cell(&source);
        parts.push((kept, source.clone(), Arc::clone(&compiled)));
        Some((source, compiled))
    }

    /// Every non-empty match.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.compiled
            .find_all(&self.source, text, Readings::AsWritten)
    }

    /// Literals one of which every match contains, lower-cased ASCII, with where they must
    /// stand; `None` when the patterns have no such set.
    pub fn literals(&self) -> Option<&[Trigger]> {
        self.literals.as_deref()
    }
}

/// The shortest trigger worth its place in the automaton: shorter ones occur in every text.
const MIN_TRIGGER_LEN: usize = 2;

/// A literal one of a search's matches must contain, lower-cased ASCII, and whether it must
/// stand at the start or the end of a word there (the words of a word list do).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Trigger {
    /// Borrowed from the table made ahead of time for a built-in rule's regex (see
    /// `known_literals`): the catalogue holds about 1,800, and copying each was start-up work.
    pub literal: Cow<'static, str>,
    pub starts_word: bool,
    pub ends_word: bool,
    /// The index of the word in the finder's word list, when the literal is one: the trigger
    /// pass then hands the finder every occurrence, and the list is not searched again.
    pub word: Option<usize>,
    /// 0: the literal arms its finder alone. Otherwise it arms with others (see
    /// `Pattern::parse_known`): `2k + 1` for the trigger set of a finder's conjunct `k`,
    /// `2k + 2` for the set that confirms it, and the conjunct arms where a literal of
    /// each occurs.
    pub group: u32,
}

/// What stands right before and after a part of a pattern: a word boundary (`\b`, or a
/// character that is not a word character) makes its literals whole-word ends, which are far
/// rarer in prose than the same letters inside words ("he" in "the").
#[derive(Debug, Clone, Copy, Default)]
struct Bounds {
    before: bool,
    after: bool,
}

/// Sorted by start, longest first; a match inside an earlier one is dropped.
pub fn without_overlaps(mut found: Vec<Range<usize>>) -> Vec<Range<usize>> {
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    drop_overlapped(&mut found, |r| r);
    found
}

/// Drops, from `sorted` (by start, longest first), each item whose range overlaps the last
/// one kept. In place: every segment's matches of every finder pass here.
fn drop_overlapped<T>(sorted: &mut Vec<T>, range: impl Fn(&T) -> &Range<usize>) {
    drop_overlapped_from(sorted, 0, range);
}

/// `drop_overlapped` of `items[from..]`, which is sorted so; the items before stay.
fn drop_overlapped_from<T>(items: &mut Vec<T>, from: usize, range: impl Fn(&T) -> &Range<usize>) {
    let mut kept = from;
    for i in from..items.len() {
        if kept == from || range(&items[i]).start >= range(&items[kept - 1]).end {
            items.swap(kept, i);
            kept += 1;
        }
    }
    items.truncate(kept);
}

/// The trigger literals of one regex: one of them is in every match (`None`: no such set), or
/// why the regex does not parse.
pub fn literals_of(pattern: &str) -> Result<Option<Vec<Trigger>>, String> {
    Ok(literals_and_factors_of(pattern)?.0)
}

/// `literals_of`, and the regex's factors (see `required_factors`).
fn literals_and_factors_of(pattern: &str) -> Result<LiteralsAndFactors, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| regex_reason(&e.to_string()))?;
    Ok((
        required_literals(&hir, Bounds::default()),
        required_factors(&hir, Bounds::default()),
    ))
}

type LiteralsAndFactors = (Option<Vec<Trigger>>, Vec<Vec<FactorLiteral>>);

/// Sets of literals (lower-cased ASCII) such that every match of `hir` holds one literal of
/// each set, with whether it stands at a word's start or end there (as `Trigger`): each part
/// of a concatenation adds its own (`\bcompetitive\b[^.]{0,50}(?:salary|\$)` needs the word
/// "competitive" and one of "salary", "$"), an alternation one set of a set from each branch.
/// A text that lacks every literal of one set cannot match, and the regex need not be
/// compiled to say so (see `Filter`). Characters beyond ASCII are left out of the literals
/// (the runs of ASCII between them are each required): the filter folds ASCII case only.
fn required_factors(hir: &regex_syntax::hir::Hir, bounds: Bounds) -> Vec<Vec<FactorLiteral>> {
    use regex_syntax::hir::HirKind;
    let bounds = Bounds {
        before: bounds.before || starts_with_non_word(hir),
        after: bounds.after || ends_in_non_word(hir),
    };
    let word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    match hir.kind() {
        HirKind::Literal(literal) => {
            let bytes = &literal.0;
            let mut runs = Vec::new();
            let mut start = 0;
            for (at, b) in bytes.iter().enumerate().chain([(bytes.len(), &0x80)]) {
                if b.is_ascii() {
                    continue;
                }
                if start < at {
                    let run = &bytes[start..at];
                    runs.push(vec![(
                        String::from_utf8_lossy(run).to_ascii_lowercase(),
                        start == 0 && bounds.before && word(run.first()),
                        at == bytes.len() && bounds.after && word(run.last()),
                    )]);
                }
                start = at + 1;
            }
            runs
        }
        HirKind::Concat(parts) => parts
            .iter()
            .enumerate()
            .flat_map(|(i, part)| required_factors(part, part_bounds(parts, i, bounds)))
            .collect(),
        HirKind::Capture(capture) => required_factors(&capture.sub, bounds),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            required_factors(&repetition.sub, Bounds::default())
        }
        HirKind::Alternation(branches) => {
            // From each branch the set whose shortest literal is longest (the rarest).
            let chosen: Option<Vec<Vec<FactorLiteral>>> = branches
                .iter()
                .map(|branch| {
                    required_factors(branch, bounds)
                        .into_iter()
                        .max_by_key(|set| set.iter().map(|(l, ..)| l.len()).min())
                })
                .collect();
            chosen
                .map(|sets| {
                    let mut union = sets.concat();
                    union.sort();
                    union.dedup();
                    union
                })
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A literal of a factor: lower-cased ASCII, and whether it starts and ends a word.
type FactorLiteral = (String, bool, bool);

/// The most conjuncts one pattern arms with (see `Trigger::group`); its later alternatives
/// arm with their trigger sets alone. Two groups each, as many as the trigger pass's mask of
/// a finder's groups has bits for.
const MAX_CONJUNCTS: usize = 32;
const _: () = assert!(2 * MAX_CONJUNCTS <= u64::BITS as usize);

/// The least rarity (`rarity`'s first key) a confirming set must have: a set of words every
/// posting holds would cost the trigger pass a hit on every line and confirm everything.
const CONFIRMING_RARITY: usize = 2;

/// Which of an alternative's factors (`required_factors`: sets of literals its every match
/// holds one of each of) confirms its trigger set `triggers`: the rarest that shares no
/// words with the trigger set. The trigger pass then arms the alternative only where a
/// literal of each occurs. The factors of "current … salary" are {current, present,
/// previous, …} and {salary, pay, compensation, …}: either alone is in most postings, both
/// in one segment in few. Worked out when the literal table is made for the built-in rules
/// (at start-up it cost a third of a posting's instructions).
fn confirming_factor(triggers: &[Trigger], factors: &Factors) -> Option<usize> {
    let sets: Vec<Vec<Trigger>> = (0..factors.len()).map(|at| factors.set(at)).collect();
    // A set one of whose literals a trigger literal holds (or the other way round) is met
    // by the same words as the trigger set, in part: "linux" arms, and confirms.
    let implied = |set: &[Trigger]| {
        triggers.iter().any(|t| {
            set.iter().any(|c| {
                t.literal.contains(c.literal.as_ref()) || c.literal.contains(t.literal.as_ref())
            })
        })
    };
    sets.iter()
        .enumerate()
        .filter(|(_, set)| {
            !set.is_empty()
                && set.iter().all(|t| t.literal.len() >= MIN_TRIGGER_LEN)
                && !implied(set)
        })
        .map(|(at, set)| (rarity(set), at))
        // Of equally rare sets, the last (the part nearer the match's end).
        .max_by_key(|&(rarity, at)| (rarity, at))
        .filter(|(rarity, _)| rarity.0 >= CONFIRMING_RARITY)
        .map(|(_, at)| at)
}

/// Drops the triggers that repeat an earlier one, keeping the order: the trigger automaton
/// numbers its literals itself, so the order only has to be the same from run to run. (A
/// sort, for the literals of every pattern of the catalogue, was 7% of start-up.)
fn drop_repeated_triggers(list: &mut Vec<Trigger>) {
    let first: Vec<bool> = {
        let mut seen: crate::fxhash::FxHashSet<(&str, bool, bool, u32)> =
            crate::fxhash::FxHashSet::with_capacity_and_hasher(list.len(), Default::default());
        list.iter()
            .map(|t| seen.insert((t.literal.as_ref(), t.starts_word, t.ends_word, t.group)))
            .collect()
    };
    let mut first = first.into_iter();
    list.retain(|_| first.next().unwrap_or(true));
}

/// A regex as an alternative of its list's alternation: in a group of its own, with
/// `\b`, `\w` and `\d` in their ASCII forms (`ascii_escapes`).
fn alternative_of(pattern: &str) -> String {
    format!("(?:{})", ascii_escapes(pattern))
}

/// A regex's trigger literals, factors, alternative (`alternative_of`) and confirming
/// factor (`confirming_factor`).
type Known = (
    Option<Vec<Trigger>>,
    Factors,
    Cow<'static, str>,
    Option<usize>,
);

/// The literals, factors and alternative (`alternative_of`) of a built-in rule's regex, from
/// the table made ahead of time (parsing every regex and extracting its literals was most of
/// the start-up, and rewriting it a tenth of the rest); `None` for another regex. `known`:
/// its place in the table, when the caller has it.
fn known_literals(pattern: &str, known: Option<usize>) -> Option<Known> {
    let table = super::literal_table::BUILTIN_LITERALS;
    let at = match known {
        Some(at) if table.get(at).is_some_and(|(text, ..)| *text == pattern) => at,
        _ => table
            .binary_search_by(|(text, ..)| (*text).cmp(pattern))
            .ok()?,
    };
    let (_, literals, factors, alternative, confirming) = table[at];
    let literals = literals.map(|literals| {
        literals
            .iter()
            .map(|&(literal, starts_word, ends_word)| Trigger {
                literal: Cow::Borrowed(literal),
                starts_word,
                ends_word,
                word: None,
                group: 0,
            })
            .collect()
    });
    Some((
        literals,
        Factors::Known(factors),
        Cow::Borrowed(alternative),
        confirming,
    ))
}

/// The regexes of `rules/literal_table.rs` made from these, in its order: sorted, each once,
/// without those whose literals cannot be read (which do not compile either).
pub fn literal_table_entries<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let sorted: std::collections::BTreeSet<&str> = patterns.into_iter().collect();
    sorted
        .into_iter()
        .filter(|pattern| literals_and_factors_of(pattern).is_ok())
        .collect()
}

/// The source of `rules/literal_table.rs` for these regexes (see `literal_table_entries`).
pub fn literal_table_source<'a>(patterns: impl IntoIterator<Item = &'a str>) -> String {
    let sorted = literal_table_entries(patterns);
    let mut out = String::from(
        "//! The trigger literals of every regex of the built-in rules, made ahead of time so that\n\
         //! start-up does not parse them (`rules::pattern::known_literals`). Generated: run\n\
         //! `HIRELINT_BLESS=1 cargo test --test generated_tables` after changing a rule's regexes.\n\n\
         /// A regex of the built-in rules, its trigger literals: (literal, starts a word, ends a\n\
         /// word), or `None` when no set is in every match; and its factors: sets of literals\n\
         /// every match holds one of each of (`rules::pattern::required_factors`); and the regex\n\
         /// as its list's alternation holds it (`rules::pattern::alternative_of`); and which factor\n\
         /// confirms the trigger literals (`rules::pattern::confirming_factor`).\n\
         pub type KnownLiterals = (\n\
         \x20   &'static str,\n\
         \x20   Option<&'static [(&'static str, bool, bool)]>,\n\
         \x20   &'static [&'static [(&'static str, bool, bool)]],\n\
         \x20   &'static str,\n\
         \x20   Option<usize>,\n\
         );\n\n\
         #[rustfmt::skip]\n\
         pub const BUILTIN_LITERALS: &[KnownLiterals] = &[\n",
    );
    for pattern in sorted {
        let (found, factors) =
            literals_and_factors_of(pattern).expect("`literal_table_entries` keeps these only");
        let confirming = found
            .as_deref()
            .and_then(|found| confirming_factor(found, &Factors::Found(factors.clone())));
        let factors: Vec<String> = factors
            .iter()
            .map(|set| {
                let items: Vec<String> = set
                    .iter()
                    .map(|(l, starts, ends)| format!("({l:?}, {starts}, {ends})"))
                    .collect();
                format!("&[{}]", items.join(", "))
            })
            .collect();
        let found = match found {
            None => "None".to_string(),
            Some(list) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|t| format!("({:?}, {}, {})", t.literal, t.starts_word, t.ends_word))
                    .collect();
                format!("Some(&[{}])", items.join(", "))
            }
        };
        out.push_str(&format!(
            "    ({pattern:?}, {found}, &[{}], {:?}, {confirming:?}),\n",
            factors.join(", "),
            alternative_of(pattern)
        ));
    }
    out.push_str("];\n");
    out
}

/// Literals one of which every match of `hir` contains, the rarest set found: the prefixes
/// of the whole pattern, its suffixes, or those of a part every match goes through
/// (`bachelor|master` in `^\s*(?:an?\s+)?(?:bachelor|master)\s+in\s+[^.]+`).
fn required_literals(hir: &regex_syntax::hir::Hir, bounds: Bounds) -> Option<Vec<Trigger>> {
    use regex_syntax::hir::HirKind;
    use regex_syntax::hir::literal::ExtractKind;
    // What holds no literal of a trigger's length is not worth the extraction: a class
    // matches one character, a look-around none, an optional part may be absent.
    match hir.kind() {
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => return None,
        HirKind::Repetition(repetition) if repetition.min == 0 => return None,
        _ => {}
    }
    let mut best: Option<Vec<Trigger>> = None;
    let mut consider = |found: Option<Vec<Trigger>>| {
        if let Some(found) = found
            && best.as_ref().is_none_or(|b| rarity(&found) > rarity(b))
        {
            best = Some(found);
        }
    };
    // A pattern that itself starts with `\b` bounds its own prefixes.
    let bounds = Bounds {
        before: bounds.before || starts_with_non_word(hir),
        after: bounds.after || ends_in_non_word(hir),
    };
    consider(literal_set(hir, ExtractKind::Prefix, bounds));
    consider(literal_set(hir, ExtractKind::Suffix, bounds));
    match hir.kind() {
        HirKind::Concat(parts) => {
            for (i, part) in parts.iter().enumerate() {
                consider(required_literals(part, part_bounds(parts, i, bounds)));
            }
        }
        HirKind::Capture(capture) => consider(required_literals(&capture.sub, bounds)),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            consider(required_literals(&repetition.sub, Bounds::default()));
        }
        // Every branch needs its own set; together they are one.
        HirKind::Alternation(branches) => consider(
            branches
                .iter()
                .map(|branch| required_literals(branch, bounds))
                .collect::<Option<Vec<Vec<Trigger>>>>()
                .map(|sets| sets.concat()),
        ),
        _ => {}
    }
    best
}

/// What stands around part `i` of a concatenation that `bounds` stands around. A part that
/// may match nothing (`(?:completed\s+)?`, `\s*`) is looked past: what stands before `ph` in
/// `^\s*(?:completed\s+)?ph` is the end of "completed ", whitespace or the text's start,
/// a word's edge each time; taken for no edge, "ph" armed the doctorate rules in every
/// segment with "graph" or "alpha" in it.
fn part_bounds(parts: &[regex_syntax::hir::Hir], i: usize, bounds: Bounds) -> Bounds {
    Bounds {
        before: edge_of_neighbours(parts[..i].iter().rev(), false, bounds.before),
        after: edge_of_neighbours(parts[i + 1..].iter(), true, bounds.after),
    }
}

/// Whether the parts next to a part (nearest first) put a word's edge beside it: the
/// nearest one that always matches something decides (its edge toward the part, `start`:
/// its start), those between it and the part may match nothing but otherwise have such an
/// edge too, and with none that always matches, what stands around the whole (`outer`).
fn edge_of_neighbours<'h>(
    neighbours: impl Iterator<Item = &'h regex_syntax::hir::Hir>,
    start: bool,
    outer: bool,
) -> bool {
    for part in neighbours {
        if may_match_nothing(part) {
            if !edge_when_not_empty(part, start) {
                return false;
            }
        } else {
            return edge_is_non_word(part, start);
        }
    }
    outer
}

/// Whether `hir` can match the empty string without asserting anything there (a
/// look-around asserts: `\b` or `^` is an edge itself, and decides as a part that matches).
fn may_match_nothing(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Look(_) | HirKind::Literal(_) | HirKind::Class(_) => false,
        HirKind::Repetition(repetition) => {
            repetition.min == 0 || may_match_nothing(&repetition.sub)
        }
        HirKind::Capture(capture) => may_match_nothing(&capture.sub),
        HirKind::Concat(parts) => parts.iter().all(may_match_nothing),
        HirKind::Alternation(branches) => branches.iter().any(may_match_nothing),
    }
}

/// Whether every match of `hir` that is not empty starts (`start`) or ends with a word's
/// edge or a character that is not a word character.
fn edge_when_not_empty(hir: &regex_syntax::hir::Hir, start: bool) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Repetition(repetition) => edge_when_not_empty(&repetition.sub, start),
        HirKind::Capture(capture) => edge_when_not_empty(&capture.sub, start),
        HirKind::Alternation(branches) => branches.iter().all(|b| edge_when_not_empty(b, start)),
        // The first part that matches something, looked for from that end; all of them
        // empty is no match to ask about.
        HirKind::Concat(parts) if start => edge_of_neighbours(parts.iter(), start, true),
        HirKind::Concat(parts) => edge_of_neighbours(parts.iter().rev(), start, true),
        _ => edge_is_non_word(hir, start),
    }
}

/// Whether every match of `hir` starts with a word boundary or a character that is not a
/// word character (`\b`, `\s+`, `'`), so that what comes before it ends at a word's end.
fn starts_with_non_word(hir: &regex_syntax::hir::Hir) -> bool {
    edge_is_non_word(hir, true)
}

/// Whether every match of `hir` ends with a word boundary or a non-word character.
fn ends_in_non_word(hir: &regex_syntax::hir::Hir) -> bool {
    edge_is_non_word(hir, false)
}

fn edge_is_non_word(hir: &regex_syntax::hir::Hir, start: bool) -> bool {
    use regex_syntax::hir::{Class, HirKind, Look};
    // The trigger pass counts a place as a word's edge unless both sides are ASCII letters
    // or digits (see `rules::trigger`), so that is what "not a word character" means here.
    let non_word_char = |c: char| !c.is_ascii_alphanumeric();
    let word_ranges = [('0', '9'), ('A', 'Z'), ('a', 'z')];
    let misses_words =
        |start: char, end: char| word_ranges.iter().all(|&(lo, hi)| end < lo || hi < start);
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordEndAscii
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfAscii
                | Look::WordEndHalfAscii
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
                | Look::Start
                | Look::End
        ),
        HirKind::Literal(literal) => {
            let text = String::from_utf8_lossy(&literal.0);
            let edge = if start {
                text.chars().next()
            } else {
                text.chars().next_back()
            };
            edge.is_some_and(non_word_char)
        }
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .all(|r| misses_words(r.start(), r.end())),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| misses_words(char::from(r.start()), char::from(r.end()))),
        HirKind::Repetition(repetition) => {
            repetition.min >= 1 && edge_is_non_word(&repetition.sub, start)
        }
        HirKind::Capture(capture) => edge_is_non_word(&capture.sub, start),
        HirKind::Concat(parts) => {
            let edge = if start { parts.first() } else { parts.last() };
            edge.is_some_and(|part| edge_is_non_word(part, start))
        }
        HirKind::Alternation(branches) => branches.iter().all(|b| edge_is_non_word(b, start)),
        _ => false,
    }
}

/// How rarely a set of literals can be expected in prose: longer shortest literal first,
/// then fewer literals, then more word edges to check. A word every posting uses counts as
/// one byte long, a word most postings use as two; a literal that must start or end a word
/// counts two bytes longer for each. The edges decide between sets of the same words: the
/// suffixes of vague-salary's "competitive\s+(?:salary|pay|rates?…)" and the same words as
/// the part after `\s+`, which starts a word; "rate" taken without its start armed the rule
/// in every segment with "accurate" or "corporate".
fn rarity(set: &[Trigger]) -> (usize, std::cmp::Reverse<usize>, usize) {
    let length = |trigger: &Trigger| {
        let word = trigger
            .literal
            .trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if COMMON_WORDS.contains(&word) {
            1
        } else if POSTING_WORDS.contains(&word) {
            2
        } else {
            trigger.literal.len()
                + 2 * usize::from(trigger.starts_word)
                + 2 * usize::from(trigger.ends_word)
        }
    };
    let shortest = set.iter().map(length).min().unwrap_or(0);
    let edges = set
        .iter()
        .map(|t| usize::from(t.starts_word) + usize::from(t.ends_word))
        .sum();
    (shortest, std::cmp::Reverse(set.len()), edges)
}

/// Words nearly every posting holds: as triggers they arm a search almost everywhere.
const COMMON_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "do",
    "does",
    "done",
    "each",
    "for",
    "from",
    "get",
    "had",
    "has",
    "have",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "like",
    "make",
    "may",
    "more",
    "most",
    "must",
    "need",
    "new",
    "no",
    "not",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "should",
    "so",
    "some",
    "such",
    "take",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "up",
    "us",
    "use",
    "used",
    "using",
    "very",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
    // And the words of nearly every posting.
    "ability",
    "able",
    "based",
    "build",
    "code",
    "company",
    "develop",
    "development",
    "experience",
    "help",
    "knowledge",
    "required",
    "requires",
    "role",
    "skills",
    "strong",
    "support",
    "team",
    "work",
    "working",
    "years",
];

/// Words of most postings (each in at least 30% of the corpus's bulk postings, against all
/// but a few for `COMMON_WORDS`): rare beside those, common beside any other word. As
/// triggers, "lead" or "salary" armed searches in a third of all segments where the other
/// side of their pattern ("tech lead", "af" after an adjective) is rare.
const POSTING_WORDS: &[&str] = &[
    "age",
    "application",
    "benefits",
    "business",
    "cloud",
    "compensation",
    "competitive",
    "create",
    "culture",
    "customer",
    "customers",
    "data",
    "degree",
    "design",
    "disability",
    "drive",
    "driven",
    "employees",
    "engineer",
    "engineering",
    "engineers",
    "environment",
    "every",
    "excellent",
    "expertise",
    "first",
    "growth",
    "health",
    "high",
    "implement",
    "including",
    "industry",
    "infrastructure",
    "job",
    "lead",
    "level",
    "life",
    "looking",
    "maintain",
    "needs",
    "paid",
    "people",
    "platform",
    "position",
    "problem",
    "problems",
    "process",
    "product",
    "provide",
    "qualifications",
    "range",
    "related",
    "responsibilities",
    "salary",
    "science",
    "security",
    "senior",
    "software",
    "stack",
    "system",
    "teams",
    "technical",
    "time",
    "user",
    "web",
    "world",
];

/// The prefixes or suffixes of `hir` as a finite set of literals, cut to their ASCII part
/// (the triggers fold ASCII case only) and lower-cased; `None` when the set is infinite or
/// holds a literal too short to be worth it.
fn literal_set(
    hir: &regex_syntax::hir::Hir,
    kind: regex_syntax::hir::literal::ExtractKind,
    bounds: Bounds,
) -> Option<Vec<Trigger>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let prefix = matches!(kind, ExtractKind::Prefix);
    let mut extractor = Extractor::new();
    extractor.kind(kind).limit_total(1000);
    let seq = extractor.extract(hir);
    let found = seq.literals()?;
    let is_word_byte = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let cut: Vec<Trigger> = found
        .iter()
        .map(|lit| {
            let bytes = lit.as_bytes();
            let ascii = if prefix {
                &bytes[..foldless_prefix(bytes)]
            } else {
                &bytes[foldless_suffix_start(bytes)..]
            };
            // A literal that reaches the edge of the match is bounded there when the pattern
            // is; an exact literal reaches both edges.
            let whole = lit.is_exact() && ascii.len() == bytes.len();
            let at_start = prefix || whole;
            let at_end = !prefix || whole;
            Trigger {
                literal: Cow::Owned(String::from_utf8_lossy(ascii).to_ascii_lowercase()),
                starts_word: bounds.before && at_start && is_word_byte(ascii.first()),
                ends_word: bounds.after && at_end && is_word_byte(ascii.last()),
                word: None,
                group: 0,
            }
        })
        .collect();
    if cut.is_empty() || cut.iter().any(|l| l.literal.len() < MIN_TRIGGER_LEN) {
        return None;
    }
    Some(without_longer_spellings(cut))
}

/// `set` without the literals that start with another of it that asks nothing of its end
/// ("ph.d." beside "ph.d"): wherever the longer one stands, the shorter one does too, so the
/// set is found in the same places with fewer literals for the automata.
fn without_longer_spellings(set: Vec<Trigger>) -> Vec<Trigger> {
    let covered = |t: &Trigger| {
        set.iter().any(|shorter| {
            shorter.literal.len() < t.literal.len()
                && !shorter.ends_word
                && (!shorter.starts_word || t.starts_word)
                && t.literal.starts_with(shorter.literal.as_ref())
        })
    };
    let keep: Vec<bool> = set.iter().map(|t| !covered(t)).collect();
    set.into_iter()
        .zip(keep)
        .filter_map(|(t, keep)| keep.then_some(t))
        .collect()
}

/// How many bytes from the start of `bytes` read the same under ASCII case folding as under
/// the regexes' Unicode case folding: up to the first character beyond ASCII that has a case
/// partner (`é`, the Kelvin sign), or that is not a whole character of UTF-8. A character
/// without one (a no-break space, `’`, `–`) matches only itself, byte for byte, in the trigger
/// pass's lower-cased text, so the literal goes on past it.
fn foldless_prefix(bytes: &[u8]) -> usize {
    let valid = bytes.utf8_chunks().next().map_or("", |chunk| chunk.valid());
    valid
        .char_indices()
        .find(|&(_, c)| !is_foldless(c))
        .map_or(valid.len(), |(at, _)| at)
}

/// Where the longest such run at the end of `bytes` starts (see `foldless_prefix`).
fn foldless_suffix_start(bytes: &[u8]) -> usize {
    let Some(last) = bytes.utf8_chunks().last() else {
        return 0;
    };
    if !last.invalid().is_empty() {
        return bytes.len();
    }
    let valid = last.valid();
    let base = bytes.len() - valid.len();
    base + valid
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_foldless(c))
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// Whether case folding leaves `c` alone beyond ASCII case: an ASCII character, or one
/// without a case partner.
fn is_foldless(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut class =
        regex_syntax::hir::ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges() == [regex_syntax::hir::ClassUnicodeRange::new(c, c)]
}

/// The automaton cell of a list of `words` with this case rule: one per distinct list in the
/// process, freed when no list holds it.
fn shared_word_automaton(
    words: &Arc<[Cow<'static, str>]>,
    case_sensitive: bool,
) -> Arc<OnceLock<Upgrading>> {
    type Cells = super::Cells<(bool, Arc<[Cow<'static, str>]>), OnceLock<Upgrading>>;
    static CELLS: OnceLock<Mutex<Cells>> = OnceLock::new();
    // The key holds the list itself (shared, not copied): equal lists share an automaton.
    super::shared_cell(&CELLS, &(case_sensitive, Arc::clone(words)))
}

/// Bytes a word list reads with its table before it builds its DFA: past what a posting's
/// searches read (bulk's `not-phrases` windows read megabytes), and short of the automaton's
/// switch to its NFA (64 KB), so that a thread searching while another builds the DFA keeps
/// the table.
const WORD_LIST_DFA_AFTER: usize = 32 << 10;

/// The longest word or phrase a word list may hold, in bytes: the automaton's build time grows
/// with the square of a long repetitive word, and no posting phrase is this long.
pub const MAX_WORD_LEN: usize = 100;

/// Words and phrases matched on word boundaries with ASCII case folded, in one automaton. A
/// word ending in `*` is a stem: `analy*` matches "analyst" and "analytical", and the match
/// runs to the end of the word.
#[derive(Debug, Clone)]
pub struct WordList {
    /// Built on first use, like `Pattern`'s regex, and shared by every list of the same words
    /// and case (a balance rule's two sides share their `not-phrases`).
    automaton: OnceLock<Arc<OnceLock<Upgrading>>>,
    stems: Vec<bool>,
    /// Shared by the list's clones and, as its key, by the automaton's cell; a built-in
    /// list's words are the executable's own text (`schema::Word`).
    literals: Arc<[Cow<'static, str>]>,
    /// The longest word's length: how far a match can be covered from (`covers_range`).
    longest: usize,
    /// Match only as written ("Github" but not "github").
    case_sensitive: bool,
    /// How many postings have searched a part of this list (`Finder::narrowed_phrases`),
    /// shared by its clones: after the first, a run builds the whole list's automaton once.
    narrowings: Arc<AtomicUsize>,
    /// The words as sets, for `covers`; shared by the list's clones.
    whole_words: Arc<BuiltAfterAsks<WholeWords>>,
    /// The words by their tokens, for `covers_range`; shared by the list's clones. `None`
    /// inside for a list with a stem.
    tokens: Arc<BuiltAfterAsks<Option<WordTokens>>>,
}

/// A list's lookup, built once it has been asked for `LOOKUP_AFTER` times.
#[derive(Debug)]
struct BuiltAfterAsks<T> {
    built: OnceLock<T>,
    asked: AtomicUsize,
}

impl<T> Default for BuiltAfterAsks<T> {
    fn default() -> Self {
        BuiltAfterAsks {
            built: OnceLock::new(),
            asked: AtomicUsize::new(0),
        }
    }
}

impl<T> BuiltAfterAsks<T> {
    /// The lookup, built by `build` at the ask that passes `LOOKUP_AFTER`; `None` before it:
    /// the caller searches.
    fn get(&self, build: impl FnOnce() -> T) -> Option<&T> {
        if let Some(built) = self.built.get() {
            return Some(built);
        }
        (self.asked.fetch_add(1, Ordering::Relaxed) >= LOOKUP_AFTER)
            .then(|| self.built.get_or_init(build))
    }
}

/// How many times `WordList::covers` and `covers_range` search before they build the list's
/// sets or tokens: a posting on its own asks up to about twenty times (of the narrowed list
/// it makes for itself), and building the tokens of gender-coded-wording's 831 `not-phrases`
/// cost it 0.9 M instructions (5% of an editor's save), the sets of its 60 `not-words` 0.05 M;
/// a long run asks tens of thousands of times. Searching 512 times first cost bulk 15 M.
const LOOKUP_AFTER: usize = 64;

/// A list's words by each of their tokens (runs of letters and digits) with the tokens beside
/// it, so that `WordList::covers_range` compares only the words that hold the text's token
/// where a match starts, between the same tokens, where it searched the bytes around the
/// match with the list's automaton (gender-coded-wording's 831 `not-phrases`, asked of each
/// coded word of a long run: 1.5% of its instructions). A word that covers a match is a
/// whole-word match in the text, so its first byte starts a token and its end ends one: it
/// holds the text's token around the match's start (or, for a match that starts outside a
/// token, the first token in the match) whole, as one of its own tokens, with the text's
/// tokens before and after that one as its own neighbours where it has them. The token
/// alone was not enough: "lead" is a token of 101 of those phrases. A stem's last token is
/// only a prefix of the text's, so a list with a stem keeps the search.
#[derive(Debug)]
struct WordTokens {
    /// (word, offset of the token in the word) by the hash of the token and its neighbours
    /// in the word (`neighbours_hash`), ASCII case folded unless the list is case-sensitive;
    /// a hash's words are compared whole, so hashes that collide only cost a comparison.
    by_neighbours: crate::fxhash::FxHashMap<u64, Vec<(u32, u32)>>,
}

/// What stands for no token before or after one (a word's start or end) in
/// `neighbours_hash`.
const NO_TOKEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl WordTokens {
    fn new(literals: &[Cow<'static, str>], case_sensitive: bool) -> WordTokens {
        let fold = !case_sensitive;
        let mut by_neighbours: crate::fxhash::FxHashMap<u64, Vec<(u32, u32)>> =
            crate::fxhash::FxHashMap::default();
        for (index, literal) in literals.iter().enumerate() {
            let held: Vec<(usize, u64)> = tokens(literal)
                .map(|(at, token)| (at, token_hash(token.as_bytes(), fold)))
                .collect();
            for (i, &(at, token)) in held.iter().enumerate() {
                let before = i.checked_sub(1).map_or(NO_TOKEN, |b| held[b].1);
                let after = held.get(i + 1).map_or(NO_TOKEN, |a| a.1);
                by_neighbours
                    .entry(neighbours_hash(before, token, after))
                    .or_default()
                    .push((index as u32, at as u32));
            }
        }
        WordTokens { by_neighbours }
    }
}

/// The token that ends last before `at`, if it starts at or after `limit`: one that runs on
/// past it is no neighbour of a word that reaches no further.
fn token_before(text: &str, at: usize, limit: usize) -> Option<Range<usize>> {
    let mut token: Option<Range<usize>> = None;
    for (i, c) in text[..at].char_indices().rev() {
        if c.is_alphanumeric() {
            if i < limit {
                return None;
            }
            token = Some(i..token.map_or(i + c.len_utf8(), |t| t.end));
        } else if token.is_some() {
            return token;
        } else if i < limit {
            return None;
        }
    }
    token
}

/// The token that starts first at or after `at`, if it ends at or before `limit`.
fn token_after(text: &str, at: usize, limit: usize) -> Option<Range<usize>> {
    let mut start = None;
    for (i, c) in text[at..].char_indices() {
        let i = at + i;
        if c.is_alphanumeric() {
            if i + c.len_utf8() > limit {
                return None;
            }
            start.get_or_insert(i);
        } else if let Some(start) = start {
            return Some(start..i);
        } else if i >= limit {
            return None;
        }
    }
    start.map(|start| start..text.len())
}

/// The hash of a token's bytes, ASCII case folded when `fold`.
fn token_hash(token: &[u8], fold: bool) -> u64 {
    token.iter().fold(0u64, |hash, &b| {
        let b = if fold { b.to_ascii_lowercase() } else { b };
        crate::fxhash::mix(hash, u64::from(b))
    })
}

/// The hash of a token between two others (each `NO_TOKEN` where there is none).
fn neighbours_hash(before: u64, token: u64, after: u64) -> u64 {
    crate::fxhash::mix(crate::fxhash::mix(before, token), after)
}

/// The tokens of `text` (its runs of letters and digits) and where each starts.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// A list's words as a set and its stems by their first byte, so that `WordList::covers`
/// looks a word up: gender-coded-wording asks its `not-words` of every coded word of a long
/// run (38,908 on bulk), and searching each with the list's automaton took 0.3% of a run's
/// instructions more than the lookup (bulk, one thread: 3,832.5 against 3,820.8 M).
#[derive(Debug)]
struct WholeWords {
    /// The words that are not stems, lower-cased (ASCII) unless the list is case-sensitive
    /// (borrowed when they are already: a built-in list's words are the executable's text).
    words: crate::fxhash::FxHashSet<Cow<'static, str>>,
    /// Whether a word of `words` starts with each byte: most words asked start with none.
    word_starts: [bool; 256],
    /// The stems, likewise, by their first byte.
    stems: Vec<Vec<Cow<'static, str>>>,
}

impl WholeWords {
    fn new(literals: &[Cow<'static, str>], stems: &[bool], case_sensitive: bool) -> WholeWords {
        let mut whole = WholeWords {
            words: crate::fxhash::FxHashSet::default(),
            word_starts: [false; 256],
            stems: vec![Vec::new(); 256],
        };
        for (literal, &stem) in literals.iter().zip(stems) {
            let key = match case_sensitive {
                true => literal.clone(),
                false => ascii_lowercase(literal),
            };
            // A list's words are never empty (`WordList::with_case`).
            let first = usize::from(key.as_bytes()[0]);
            if stem {
                whole.stems[first].push(key);
            } else {
                whole.word_starts[first] = true;
                whole.words.insert(key);
            }
        }
        whole
    }

    /// Whether `word` (lower-cased as the sets are) is one of the words, or a stem and then
    /// letters and digits to its end, as a stem's match runs to the end of its word.
    fn cover(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return false;
        };
        self.stems[usize::from(first)].iter().any(|stem| {
            word.strip_prefix(stem.as_ref())
                .is_some_and(|rest| rest.chars().all(char::is_alphanumeric))
        }) || (self.word_starts[usize::from(first)] && self.words.contains(word))
    }
}

impl WordList {
    /// `None` for an empty list; an error names a word that is empty or too long.
    pub fn new<S: ListWord>(words: &[S]) -> Result<Option<WordList>, String> {
        WordList::with_case(words, false)
    }

    /// A list matched case-insensitively (ASCII) or only as written.
    pub fn with_case<S: ListWord>(
        words: &[S],
        case_sensitive: bool,
    ) -> Result<Option<WordList>, String> {
        if words.is_empty() {
            return Ok(None);
        }
        let mut literals = Vec::with_capacity(words.len());
        let mut stems = Vec::with_capacity(words.len());
        for word in words {
            let word = word.list_word();
            let (range, stem) = WordList::literal_range(&word)?;
            // The literal is the word itself, but for a stem's `*` and spaces around it.
            literals.push(match word {
                Cow::Borrowed(word) => Cow::Borrowed(&word[range]),
                Cow::Owned(word) if range.len() == word.len() => Cow::Owned(word),
                Cow::Owned(word) => Cow::Owned(word[range].to_string()),
            });
            stems.push(stem);
        }
        Ok(Some(WordList {
            automaton: OnceLock::new(),
            narrowings: Arc::default(),
            whole_words: Arc::default(),
            tokens: Arc::default(),
            stems,
            longest: literals.iter().map(|w| w.len()).max().unwrap_or(0),
            literals: literals.into(),
            case_sensitive,
        }))
    }

    /// A word's literal and whether it is a stem (`analy*`), or why it cannot be one.
    pub fn check_word(word: &str) -> Result<(&str, bool), String> {
        WordList::literal_range(word).map(|(range, stem)| (&word[range], stem))
    }

    /// `check_word`, with the literal as a range of `word`.
    fn literal_range(word: &str) -> Result<(Range<usize>, bool), String> {
        let stem = word.strip_suffix('*');
        let base = stem.unwrap_or(word);
        // Nearly every word starts and ends with a letter: nothing to trim, and no need to
        // decode its characters to know.
        let untrimmed =
            |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace());
        let bytes = base.as_bytes();
        let (start, end) = if untrimmed(bytes.first()) && untrimmed(bytes.last()) {
            (0, base.len())
        } else {
            let start = base.len() - base.trim_start().len();
            (start, base.trim_end().len().max(start))
        };
        let literal = &base[start..end];
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
        Ok((start..end, stem.is_some()))
    }

    /// Builds the automata of `lists` not built yet, on every core.
    pub fn build_all<'l>(lists: impl IntoIterator<Item = &'l WordList>) {
        use rayon::prelude::*;
        let waiting: Vec<&WordList> = lists
            .into_iter()
            .filter(|list| list.automaton.get().is_none())
            .collect();
        if waiting.len() > 1 {
            waiting.par_iter().for_each(|list| list.automaton().warm());
        }
    }

    fn automaton(&self) -> &Upgrading {
        self.automaton
            .get_or_init(|| shared_word_automaton(&self.literals, self.case_sensitive))
            .get_or_init(|| {
                // Every occurrence, overlaps included: a long match that is not a whole word
                // must not hide a shorter one that is. A hash table of the words builds in a
                // few hundredths of an Aho-Corasick NFA's time (see `literal_scan`), and reads
                // a posting's text; a list that has read `WORD_LIST_DFA_AFTER` bytes (a long
                // run's, not an editor's) builds its DFA, which reads a byte with one lookup
                // where the table took about 35 instructions. A list that folds case holds its
                // words lower-cased and reads text lower-cased (ASCII only, so offsets do not
                // move).
                let words: Vec<Cow<'static, str>> = self
                    .literals
                    .iter()
                    .map(|w| match self.case_sensitive {
                        true => w.clone(),
                        false => ascii_lowercase(w),
                    })
                    .collect();
                Upgrading::new(
                    aho_corasick::MatchKind::Standard,
                    words,
                    WORD_LIST_DFA_AFTER,
                )
            })
    }

    /// `read` of the occurrences of the list's words in `text`, lower-cased first when the
    /// list folds case (see `Upgrading::with_matches`).
    fn with_raw_matches<R>(&self, text: &str, read: impl FnOnce(&[Found]) -> R) -> R {
        let automaton = self.automaton();
        if self.case_sensitive {
            automaton.with_matches(text.as_bytes(), read)
        } else {
            automaton.with_matches_lowered(text, read)
        }
    }

    /// Every whole-word match, overlaps included: the index of the word in the list and the
    /// matched range (a stem's match runs to the end of the word).
    pub fn find_overlapping(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        self.with_raw_matches(text, |raw| {
            raw.iter()
                .filter_map(|m| self.accept(text, m.literal as usize, m.start..m.end))
                .collect()
        })
    }

    /// Whether one of the list's words or phrases (a whole-word match in `text`) covers
    /// `range`. Only the bytes a covering phrase can reach are searched, so checking each
    /// match of a rule costs the same in a long segment as in a short one.
    pub fn covers_range(&self, text: &str, range: &Range<usize>) -> bool {
        let index = self
            .tokens
            .get(|| {
                (!self.stems.contains(&true))
                    .then(|| WordTokens::new(&self.literals, self.case_sensitive))
            })
            .and_then(Option::as_ref);
        match index.and_then(|index| self.covers_by_token(index, text, range)) {
            Some(covered) => covered,
            None => self.covers_range_by_search(text, range),
        }
    }

    /// `covers_range` from the words that hold the text's token at the start of `range` (see
    /// `WordTokens`); `None` where that does not tell (an empty range, or one without a
    /// letter or digit).
    fn covers_by_token(
        &self,
        index: &WordTokens,
        text: &str,
        range: &Range<usize>,
    ) -> Option<bool> {
        if range.is_empty() {
            return None;
        }
        let first = text[range.start..].chars().next()?;
        // The token the range starts in (back to its start) or the first in it, if no longer
        // than a word can be: a longer token is no word's.
        let token_start = if first.is_alphanumeric() {
            let through = range.start + first.len_utf8();
            match token_before(text, through, range.start.saturating_sub(self.longest)) {
                Some(token) => token.start,
                None => return Some(false),
            }
        } else {
            range.start
                + text[range.start..range.end]
                    .char_indices()
                    .find(|(_, c)| c.is_alphanumeric())?
                    .0
        };
        let Some(Range { end: token_end, .. }) =
            token_after(text, token_start, token_start + self.longest)
        else {
            return Some(false);
        };
        let fold = !self.case_sensitive;
        let token = token_hash(&text.as_bytes()[token_start..token_end], fold);
        // The tokens beside it, where a word that holds this one could reach them.
        let hash_of = |r: Range<usize>| token_hash(&text.as_bytes()[r], fold);
        let before =
            token_before(text, token_start, token_end.saturating_sub(self.longest)).map(hash_of);
        let after = token_after(text, token_end, token_start + self.longest).map(hash_of);
        let mut keys = [NO_TOKEN; 4];
        let mut held = 0;
        for b in [before, None] {
            for a in [after, None] {
                let key = neighbours_hash(b.unwrap_or(NO_TOKEN), token, a.unwrap_or(NO_TOKEN));
                if !keys[..held].contains(&key) {
                    keys[held] = key;
                    held += 1;
                }
            }
        }
        Some(keys[..held].iter().any(|key| {
            index.by_neighbours.get(key).is_some_and(|words| {
                words.iter().any(|&(word, offset)| {
                    let literal = self.literals[word as usize].as_bytes();
                    let Some(start) = token_start.checked_sub(offset as usize) else {
                        return false;
                    };
                    let held = text.as_bytes().get(start..start + literal.len());
                    let same = held.is_some_and(|held| match self.case_sensitive {
                        true => held == literal,
                        false => held.eq_ignore_ascii_case(literal),
                    });
                    same && text.is_char_boundary(start)
                        && text.is_char_boundary(start + literal.len())
                        && self
                            .accept(text, word as usize, start..start + literal.len())
                            .is_some_and(|(_, p)| p.start <= range.start && range.end <= p.end)
                })
            })
        }))
    }

    /// `covers_range` by a search of the bytes a covering word can reach.
    fn covers_range_by_search(&self, text: &str, range: &Range<usize>) -> bool {
        let reach = self.longest;
        let start = ceil_char_boundary(text, range.start.saturating_sub(reach));
        let end = floor_char_boundary(text, range.start.saturating_add(reach).min(text.len()))
            .max(range.end);
        self.with_raw_matches(&text[start..end], |raw| {
            raw.iter()
                .filter_map(|m| {
                    let found = start + m.start..start + m.end;
                    self.accept(text, m.literal as usize, found)
                })
                .any(|(_, p)| p.start <= range.start && range.end <= p.end)
        })
    }

    /// A raw occurrence of word `index` at `range` as a match: a whole word (a stem to the
    /// end of its word), written as listed when the list is case-sensitive.
    fn accept(
        &self,
        text: &str,
        index: usize,
        range: Range<usize>,
    ) -> Option<(usize, Range<usize>)> {
        let starts_word = text[..range.start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !starts_word {
            return None;
        }
        let range = if self.stems[index] {
            let rest = &text[range.end..];
            let tail = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            range.start..range.end + tail
        } else if is_whole_word(text, &range) {
            range
        } else {
            return None;
        };
        (!self.case_sensitive || text[range.start..].starts_with(&*self.literals[index]))
            .then_some((index, range))
    }

    /// Every whole-word match without overlaps: at each place the longest.
    pub fn find_iter(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        longest_first(self.find_overlapping(text))
    }

    /// The ranges of `find_iter`, pushed onto `found`; from `raw`, the raw occurrences of the
    /// list's words that the trigger pass already found in `text` (see `rules::trigger`),
    /// without searching again, when given. Every segment a word list is armed in comes here:
    /// pushed onto the caller's vector, they cost no vector of their own.
    pub fn push_ranges(
        &self,
        text: &str,
        raw: Option<&[(usize, Range<usize>)]>,
        found: &mut Vec<Range<usize>>,
    ) {
        let start = found.len();
        match raw {
            Some(raw) => found.extend(
                raw.iter()
                    .filter_map(|(index, range)| self.accept(text, *index, range.clone()))
                    .map(|(_, range)| range),
            ),
            None => found.extend(self.find_overlapping(text).into_iter().map(|(_, r)| r)),
        }
        // `longest_first` of the pushed ranges: the word indices it also sorts by only
        // choose between equal ranges.
        found[start..].sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        drop_overlapped_from(found, start, |r| r);
    }

    /// Whether the whole of `word` is one of the list's words (or starts with one of its
    /// stems).
    pub fn covers(&self, word: &str) -> bool {
        let whole = self
            .whole_words
            .get(|| WholeWords::new(&self.literals, &self.stems, self.case_sensitive));
        match whole {
            Some(whole) => self.covers_by_lookup(whole, word),
            None => self.covers_by_search(word),
        }
    }

    /// `covers` from the list's sets.
    fn covers_by_lookup(&self, whole: &WholeWords, word: &str) -> bool {
        if self.case_sensitive {
            return whole.cover(word);
        }
        let mut buffer = [0u8; 64];
        match crate::bytescan::lowered_in(word, &mut buffer) {
            Some(lowered) => whole.cover(lowered),
            None => whole.cover(&word.to_ascii_lowercase()),
        }
    }

    /// `covers` as a search of `word` finds it.
    fn covers_by_search(&self, word: &str) -> bool {
        self.find_overlapping(word)
            .iter()
            .any(|(_, r)| *r == (0..word.len()))
    }

    /// Whether the list matches only as written.
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Word `index` of the list, as written.
    pub fn word(&self, index: usize) -> Option<&str> {
        self.literals.get(index).map(|w| w.as_ref())
    }

    /// The list's words, as written, and whether each is a stem.
    pub fn words(&self) -> impl Iterator<Item = (&str, bool)> {
        self.literals
            .iter()
            .map(|w| w.as_ref())
            .zip(self.stems.iter().copied())
    }

    /// Whether a posting may search a part of this list rather than the whole: the whole
    /// list's automaton is not built, and no posting has searched a part yet. (Each part is
    /// an automaton of its own: a run of many postings builds the whole once instead.)
    pub fn take_narrowing(&self) -> bool {
        let built = self
            .automaton
            .get()
            .is_some_and(|cell| cell.get().is_some());
        !built && self.narrowings.fetch_add(1, Ordering::Relaxed) < NARROWINGS
    }

    /// The words of this list that `keep` keeps (by index), or `None` when it keeps none.
    pub fn subset(&self, keep: impl Fn(usize) -> bool) -> Option<WordList> {
        let kept: Vec<usize> = (0..self.literals.len()).filter(|&i| keep(i)).collect();
        let literals: Vec<Cow<'static, str>> =
            kept.iter().map(|&i| self.literals[i].clone()).collect();
        (!kept.is_empty()).then(|| WordList {
            automaton: OnceLock::new(),
            narrowings: Arc::default(),
            whole_words: Arc::default(),
            tokens: Arc::default(),
            stems: kept.iter().map(|&i| self.stems[i]).collect(),
            longest: literals.iter().map(|w| w.len()).max().unwrap_or(0),
            literals: literals.into(),
            case_sensitive: self.case_sensitive,
        })
    }
}

/// A word of a word list, as the list keeps it (`WordList::with_case`).
pub trait ListWord {
    /// The word, borrowed when it is the executable's own text.
    fn list_word(&self) -> Cow<'static, str>;
}

impl ListWord for Spanned<Word> {
    fn list_word(&self) -> Cow<'static, str> {
        self.get_ref().0.clone()
    }
}

impl ListWord for String {
    fn list_word(&self) -> Cow<'static, str> {
        Cow::Owned(self.clone())
    }
}

impl ListWord for &'static str {
    fn list_word(&self) -> Cow<'static, str> {
        Cow::Borrowed(self)
    }
}

/// `word` with ASCII letters lower-cased: the same word, not a copy, when it has no capital
/// (nearly every word of the catalogue).
#[allow(clippy::ptr_arg)] // The `Cow` itself is what a word without capitals clones.
fn ascii_lowercase(word: &Cow<'static, str>) -> Cow<'static, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        word.clone()
    }
}

/// Matches without overlaps: at each place the longest (then the first listed).
fn longest_first(mut all: Vec<(usize, Range<usize>)>) -> Vec<(usize, Range<usize>)> {
    all.sort_by_key(|(index, r)| (r.start, std::cmp::Reverse(r.end), *index));
    drop_overlapped(&mut all, |(_, r)| r);
    all
}

/// Finds words (a `WordList`) and regex matches.
#[derive(Debug, Clone)]
pub struct Matcher {
    words: Option<WordList>,
    regex: Option<Pattern>,
}

impl Matcher {
    pub fn new<S: ListWord>(words: &[S], regex: Option<Pattern>) -> Result<Matcher, String> {
        Matcher::with_case(words, regex, false)
    }

    /// A matcher whose words match only as written.
    pub fn with_case<S: ListWord>(
        words: &[S],
        regex: Option<Pattern>,
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

    /// The patterns, if any.
    pub fn pattern(&self) -> Option<&Pattern> {
        self.regex.as_ref()
    }

    /// The word list, if any (substitution rules look up a match's replacement by its index).
    pub fn words(&self) -> Option<&WordList> {
        self.words.as_ref()
    }

    /// All matches in `text`, sorted by start, overlaps between words and regexes removed.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.find_all_with(text, None, &Narrowing::default())
    }

    /// `find_all`, with the raw occurrences of the word list's words in `text` when the
    /// trigger pass found them, and the regex searched with what `narrowing` holds for it.
    pub fn find_all_with(
        &self,
        text: &str,
        raw_words: Option<&[(usize, Range<usize>)]>,
        narrowing: &Narrowing,
    ) -> Vec<Range<usize>> {
        // The regex's matches, then the words' (each without overlaps), in one vector.
        let mut found = match &self.regex {
            Some(regex) => regex.find_all_in(text, narrowing),
            None => Vec::new(),
        };
        if let Some(words) = &self.words {
            words.push_ranges(text, raw_words, &mut found);
        }
        without_overlaps(found)
    }

    /// Literals one of which every match contains (lower-cased ASCII), or `None` when some
    /// pattern has no such set.
    pub fn triggers(&self) -> Option<Vec<Trigger>> {
        let from_regex = match &self.regex {
            Some(regex) => regex.literals()?,
            None => &[],
        };
        // Sized at once: grown for the regex's literals after the words', a list was copied
        // into a second allocation as the catalogue loaded.
        let words = self.words.as_ref().map_or(0, |words| words.literals.len());
        let mut all = Vec::with_capacity(words + from_regex.len());
        if let Some(words) = &self.words {
            all.extend(words.literals.iter().zip(&words.stems).enumerate().map(
                |(index, (word, stem))| Trigger {
                    literal: ascii_lowercase(word),
                    starts_word: true,
                    ends_word: !stem,
                    word: Some(index),
                    group: 0,
                },
            ));
        }
        all.extend(from_regex.iter().cloned());
        Some(all)
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
pub(crate) fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

pub use crate::document::sentence::{SENTENCE_REACH, sentence_around};

#[cfg(test)]
mod tests {
    use super::*;

    fn factors(pattern: &str) -> Vec<Vec<(String, bool, bool)>> {
        literals_and_factors_of(pattern).unwrap().1
    }

    fn set(literals: &[(&str, bool, bool)]) -> Vec<(String, bool, bool)> {
        literals
            .iter()
            .map(|&(l, s, e)| (l.to_string(), s, e))
            .collect()
    }

    #[test]
    fn every_confirmable_alternative_of_a_built_in_list_arms_with_its_confirming_set() {
        // Past `MAX_CONJUNCTS`, a list's later alternatives arm with their trigger sets alone,
        // in every segment with one of those words: age-preference's last five did (some
        // on "hiring" and "candidates") while the limit was 16.
        for file in crate::rules::builtin::RULES {
            let table: toml::Table = toml::from_str(file.text).expect("a built-in file parses");
            let Some(check) = table.get("check").and_then(toml::Value::as_table) else {
                continue;
            };
            let mut lists: Vec<&toml::Value> = check.get("patterns").into_iter().collect();
            if let Some(by_section) = check.get("patterns-in").and_then(toml::Value::as_table) {
                lists.extend(by_section.values());
            }
            for list in lists {
                let confirmable = list
                    .as_array()
                    .expect("a list of regexes")
                    .iter()
                    .filter_map(toml::Value::as_str)
                    .filter(|pattern| {
                        known_literals(pattern, None).is_some_and(|(found, _, _, confirming)| {
                            found.is_some() && confirming.is_some()
                        })
                    })
                    .count();
                assert!(
                    confirmable <= MAX_CONJUNCTS,
                    "{}: {confirmable} alternatives with a confirming set",
                    file.path
                );
            }
        }
    }

    #[test]
    fn every_part_of_a_concatenation_adds_a_factor_and_an_alternation_one_of_its_branches() {
        assert_eq!(
            factors(r"\bcompetitive(?:ly)?\b[^.;]{0,50}\b(?:salary|pay\b|\$)"),
            vec![
                set(&[("competitive", true, false)]),
                set(&[
                    ("$", false, false),
                    ("pay", true, true),
                    ("salary", true, false)
                ]),
            ]
        );
        // From each branch its rarest factor; an optional part and a class add none.
        assert_eq!(
            factors(r"(?:market[- ]rate|top)\s+pay(?:ing)?"),
            vec![
                set(&[("market", false, true), ("top", false, true)]),
                set(&[("pay", true, false)]),
            ]
        );
        // The runs of ASCII around a character beyond it, each required.
        assert_eq!(
            factors(r"\brésumé\b"),
            vec![set(&[("r", true, false)]), set(&[("sum", false, false)])]
        );
        // A branch without a factor leaves the alternation without one.
        assert_eq!(
            factors(r"(?:salary|\d+)k"),
            vec![set(&[("k", false, false)])]
        );
    }

    #[test]
    fn a_text_without_a_factor_of_any_alternative_is_answered_without_compiling() {
        let pattern = Pattern::parse([
            r"\bcompetitive\b[^.;]{0,50}\b(?:salary|pay)\b",
            r"\bhot\s+(?:chicks?|babes?)\b",
        ])
        .unwrap()
        .unwrap();
        // A posting on its own (a long run compiles what it arms ahead, and asks no filter).
        let narrowing = Narrowing {
            alone: true,
            ..Narrowing::default()
        };
        // "competitive" without pay, "hot" without the rest, "pay" inside a word.
        for text in [
            "A competitive market.",
            "A hot topic.",
            "Competitive repayment",
        ] {
            assert!(!pattern.may_match(text), "{text}");
            assert!(!pattern.is_match_in(text, &narrowing));
        }
        assert!(!pattern.compiled.is_built(), "nothing compiled for them");
        assert!(pattern.may_match("Competitive PAY and equity"));
        assert!(pattern.is_match_in("Competitive PAY and equity", &narrowing));
        // Tested with the one alternative that may match it.
        assert_eq!(pattern.tested_parts.lock().unwrap().len(), 1);
        assert!(!pattern.compiled.is_built());
    }

    #[test]
    fn a_posting_on_its_own_tests_a_sentence_with_the_alternatives_it_may_match() {
        let pattern = Pattern::parse([
            r"\bcompetitive\b[^.;]{0,50}\b(?:salary|pay)\b",
            r"\bautonom\w*\s+(?:robots?|vehicles?)\b",
            r"\bwork hard\b",
        ])
        .unwrap()
        .unwrap();
        let posting = "competitive pay. autonomous robots. we work hard.";
        let narrowing = Narrowing::for_posting([&pattern], || Some(posting));
        assert!(narrowing.alone());
        assert!(pattern.is_match_in("Autonomous robots, at scale", &narrowing));
        assert!(!pattern.is_match_in("Autonomous work, at home", &narrowing));
        assert!(pattern.is_match_in("We work hard", &narrowing));
        let parts = tested_sources(&pattern);
        assert_eq!(
            parts,
            [
                r"(?:(?-u:\b)autonom(?-u:\w)*\s+(?:robots?|vehicles?)(?-u:\b))",
                r"(?:(?-u:\b)work hard(?-u:\b))"
            ],
            "each sentence's own alternative, compiled alone"
        );
        let (_, cell) = pattern.searched_with(&narrowing).unwrap();
        assert!(
            !cell.is_built(),
            "the posting's narrowed alternation is not compiled"
        );
    }

    #[test]
    fn a_posting_on_its_own_compiles_the_full_regex_of_a_search_it_may_match() {
        // A tester took as long to build as the full regex or longer, and a search that
        // matched built both.
        let pattern = Pattern::parse([r"\bph\.?d\b[^.;]{0,40}\brequired\b", r"\bdoctorate\b"])
            .unwrap()
            .unwrap();
        let narrowing = Narrowing::for_posting([&pattern], || Some("a phd is required."));
        assert!(narrowing.alone());
        Pattern::compile_all_in([&pattern], &narrowing);
        let (_, cell) = pattern.searched_with(&narrowing).unwrap();
        assert!(cell.is_built_for(Use::Find, narrowing.readings()));
        assert_eq!(
            pattern.find_all_in("A PhD is required.", &narrowing),
            vec![(2..17)]
        );
    }

    /// The alternations a posting on its own has compiled for the texts it tested.
    fn tested_sources(pattern: &Pattern) -> Vec<String> {
        pattern
            .tested_parts
            .lock()
            .unwrap()
            .iter()
            .map(|(_, source, _)| source.clone())
            .collect()
    }

    #[test]
    fn an_alternative_that_any_text_may_match_leaves_the_others_to_the_filter() {
        // tech-term-spelling's exceptions: a line in capitals, or a name in a web address.
        let pattern = Pattern::parse([
            r"(?-i)^[^a-z]*$",
            r"(?:https?://|www\.)[^\s<>]*?(?:github|gitlab)",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            pattern.filter.alternatives_for("Code on Github"),
            Some(vec![true, false]),
            "the first has no literal to look for; the second's are not there"
        );
        let posting = "Code on Github, see https://github.com/acme.";
        let narrowing = Narrowing::for_posting([&pattern], || Some(posting));
        assert!(!pattern.is_match_in("Code on Github", &narrowing));
        assert!(pattern.is_match_in("CODE ON GITHUB", &narrowing));
        assert!(pattern.is_match_in("see https://github.com/acme", &narrowing));
        let parts = tested_sources(&pattern);
        assert_eq!(
            parts,
            [r"(?:(?-i)^[^a-z]*$)"],
            "a sentence without a web address compiles the first alone"
        );
    }

    #[test]
    fn the_kelvin_sign_and_the_long_s_leave_the_filter_to_the_regex() {
        // A case-insensitive regex folds them to `k` and `s`; the filter folds ASCII only.
        let pattern = Pattern::parse([r"salary"]).unwrap().unwrap();
        let text = "competitive \u{17f}alary";
        assert!(pattern.may_match(text));
        assert!(pattern.is_match(text));
        let pattern = Pattern::parse([r"401k"]).unwrap().unwrap();
        assert!(pattern.is_match("a 401\u{212a} plan"));
        assert!(pattern.may_match("a 401\u{212a} plan"));
    }

    const FILTER_PIECES: &[&str] = &[
        r"\b",
        r"pay",
        r"s?",
        r"(?:ing|ed)",
        r"[^.;]{0,8}",
        r"\s+",
        r"(?:\w+\s+){0,2}?",
        r"(?:salary|\$|bonus)",
        r"ph\.?d",
        r"é",
        r"\d+",
        r"(?:top|market[- ]rate)",
        r"x?",
        r"(?-i:[A-Z][a-z]+)",
        r"[ \x{a0}]?’",
        r"|",
    ];

    const FILTER_TEXTS: &[&str] = &[
        "pay",
        "PAY",
        "paying",
        "salary",
        "$",
        "Bonus",
        "phd",
        "Ph.D",
        " ",
        ".",
        "é",
        "É",
        "10",
        "top",
        "market-rate",
        "Market",
        "x",
        "\u{17f}",
        "\u{212a}",
        "repay",
        "_",
        "-",
        "\u{a0}",
        "’",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Neither prefilter rules out a text the regex matches: the filter says a text
        /// cannot match only where the regex finds nothing, and every match holds one of the
        /// pattern's trigger literals, standing where the trigger pass asks it to (at a
        /// word's edge when it must), so the pass never keeps a pattern from a segment it
        /// matches in. (The triggers not on texts with the Kelvin sign or the long s, which
        /// the pass, folding ASCII case only, does not read as `k` and `s`.)
        #[test]
        fn no_prefilter_rules_out_a_text_the_regex_matches(
            pattern in proptest::collection::vec(0..FILTER_PIECES.len(), 1..8),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..FILTER_TEXTS.len(), 0..10), 1..6),
        ) {
            let source: String = pattern.iter().map(|&i| FILTER_PIECES[i]).collect();
            let Ok(Some(parsed)) = Pattern::parse([source.as_str()]) else {
                return Ok(());
            };
            // The source as written, compiled apart from the pattern's cell (which may read it
            // lowered, over texts lower-cased).
            let Ok(regex) = Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(&parsed.source)
            else {
                return Ok(());
            };
            for text in &texts {
                let text: String = text.iter().map(|&i| FILTER_TEXTS[i]).collect();
                if regex.is_match(&text) {
                    proptest::prop_assert!(parsed.may_match(&text), "{source:?} on {text:?}");
                }
                let Some(triggers) = parsed.literals() else {
                    continue;
                };
                if text.contains(['\u{17f}', '\u{212a}']) {
                    continue;
                }
                let lowered = text.to_ascii_lowercase();
                let bytes = lowered.as_bytes();
                for found in regex.find_iter(&text).filter(|m| !m.is_empty()) {
                    let held = triggers.iter().any(|t| {
                        let literal = t.literal.as_bytes();
                        (found.start()..found.end().saturating_sub(literal.len() - 1)).any(|at| {
                            bytes[at..].starts_with(literal)
                                && at + literal.len() <= found.end()
                                && (!t.starts_word || crate::rules::trigger::at_boundary(bytes, at))
                                && (!t.ends_word
                                    || crate::rules::trigger::at_boundary(bytes, at + literal.len()))
                        })
                    });
                    proptest::prop_assert!(
                        held,
                        "{source:?} matches {:?} in {text:?} without a trigger",
                        &text[found.range()]
                    );
                }
            }
        }

        /// A posting on its own tests each text with the alternatives that may match it, and
        /// answers as the whole alternation. (Not on texts with the Kelvin sign or the long s:
        /// the posting's narrowing, like the trigger pass, folds ASCII case only, and leaves
        /// out an alternative whose literals the posting holds only so folded.)
        #[test]
        fn a_text_tested_with_its_alternatives_is_answered_as_by_the_whole(
            alternatives in proptest::collection::vec(
                proptest::collection::vec(0..FILTER_PIECES.len() - 1, 1..6), 2..5),
            texts in proptest::collection::vec(
                proptest::collection::vec(0..FILTER_TEXTS.len(), 0..10), 1..6),
        ) {
            let sources: Vec<String> = alternatives
                .iter()
                .map(|pieces| pieces.iter().map(|&i| FILTER_PIECES[i]).collect())
                .collect();
            let Ok(Some(parsed)) = Pattern::parse(sources.iter().map(String::as_str)) else {
                return Ok(());
            };
            // Compiled here, apart from the pattern's own cells.
            let Ok(whole) = Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(&parsed.source)
            else {
                return Ok(());
            };
            let texts: Vec<String> = texts
                .iter()
                .map(|t| t.iter().map(|&i| FILTER_TEXTS[i]).collect::<String>())
                .filter(|t| !t.contains(['\u{212a}', '\u{17f}']))
                .collect();
            let posting = texts.join("\n").to_ascii_lowercase();
            let fresh = Pattern::parse(sources.iter().map(String::as_str)).unwrap().unwrap();
            let narrowing = Narrowing::for_posting([&fresh], || Some(posting.as_str()));
            for text in &texts {
                proptest::prop_assert_eq!(
                    fresh.is_match_in(text, &narrowing),
                    whole.is_match(text),
                    "{:?} on {:?}", sources, text
                );
            }
        }
    }

    #[test]
    fn patterns_of_one_source_share_their_compiled_regex() {
        let parse = |p: &str| Pattern::parse([p]).unwrap().unwrap();
        let (a, b) = (
            parse(r"\bshared (?:once|twice)\b"),
            parse(r"\bshared (?:once|twice)\b"),
        );
        let other = parse(r"\bshared (?:thrice)\b");
        assert!(!a.compiled.is_built());
        assert_eq!(b.find_all("shared twice"), vec![(0..12)]);
        assert!(a.compiled.is_built(), "compiled through the other pattern");
        assert!(!other.compiled.is_built());
        Pattern::compile_all([&a, &other], Readings::AsWritten);
        assert!(other.compiled.is_built());
    }

    #[test]
    fn a_narrowed_pattern_finds_what_the_whole_finds() {
        // Leftmost-first: at one place the first alternative wins ("senior" over "senior
        // engineer"), whichever alternatives are left out.
        let sources = [
            r"\bsenior\b",
            r"\bsenior engineer\b",
            r"\bphd\b|\bdoctorate\b",
            r"\brockstar",
            r"\d+ years",
        ];
        for text in [
            "Senior Engineer, PhD preferred",
            "A rockstar senior engineer with 5 years",
            "doctorate",
            "nothing here",
        ] {
            let whole = Pattern::parse(sources).unwrap().unwrap();
            let narrowed = Pattern::parse(sources).unwrap().unwrap();
            let mut narrowing = Narrowing::default();
            if let Some(n) = narrowed.narrowed_for(&text.to_ascii_lowercase()) {
                narrowing.insert(&narrowed, n);
            }
            assert_eq!(
                narrowed.find_all_in(text, &narrowing),
                whole.find_all(text),
                "{text}"
            );
        }
    }

    #[test]
    fn narrowed_exceptions_answer_as_the_whole_on_every_sentence_of_the_posting() {
        let sources = [
            r"\bcompetitive\b[^.;]{0,50}\b(?:salary|pay)\b",
            r"\bautonom\w*\s+(?:robots?|vehicles?)\b",
            r"(?-i:\b[A-Z][a-z]+ Leads?\b)",
        ];
        let posting = "Competitive pay and equity. You lead the Design Lead reviews. We move fast.";
        let whole = Pattern::parse(sources).unwrap().unwrap();
        let narrowed = Pattern::parse(sources).unwrap().unwrap();
        let mut narrowing = Narrowing::default();
        let Some(n) = narrowed.narrowed_for(&posting.to_ascii_lowercase()) else {
            panic!("the autonomy alternative has no literal in the posting");
        };
        narrowing.insert(&narrowed, n);
        for sentence in posting.split_inclusive('.') {
            assert_eq!(
                narrowed.is_match_in(sentence, &narrowing),
                whole.is_match(sentence),
                "{sentence}"
            );
        }
        assert!(narrowed.is_match_in("Competitive pay and equity.", &narrowing));
        assert!(!narrowed.is_match_in(" We move fast.", &narrowing));
        // Nothing of a pattern in the posting: nothing matches, and nothing is compiled. (A
        // pattern whose whole alternation is compiled, as `whole`'s above, does not narrow.)
        let none = Pattern::parse([r"\bautonom\w*\s+drones?\b", r"\bsidewalk robots?\b"])
            .unwrap()
            .unwrap();
        let mut nothing = Narrowing::default();
        nothing.insert(&none, none.narrowed_for("we move fast").unwrap());
        assert!(!none.is_match_in("we move fast", &nothing));
        assert!(!none.compiled.is_built());
    }

    #[test]
    fn a_pattern_narrows_to_the_alternatives_a_posting_holds_and_only_once() {
        let pattern = Pattern::parse([r"\bninja\b", r"\bguru\b", r"\brockstars?\b"])
            .unwrap()
            .unwrap();
        let Some(Narrowed::Regex { source, .. }) = pattern.narrowed_for("a coding ninja") else {
            panic!("narrowed to one alternative");
        };
        assert_eq!(source, r"(?:(?-u:\b)ninja(?-u:\b))");
        // The same alternatives again (an editor's next save) reuse it; its one narrowing is
        // spent, so a posting that needs others searches with the whole alternation.
        assert!(pattern.may_narrow());
        assert!(matches!(
            pattern.narrowed_for("two ninjas, one ninja"),
            Some(Narrowed::Regex { .. })
        ));
        assert!(pattern.narrowed_for("a guru").is_none());
        // A posting that holds every alternative's literal does not spend one.
        let other = Pattern::parse([r"\bsre\b", r"\bdevops\b"])
            .unwrap()
            .unwrap();
        assert!(other.narrowed_for("sre and devops").is_none());
        assert!(matches!(
            other.narrowed_for("nothing"),
            Some(Narrowed::Nothing)
        ));
        let found = other.find_all_in("sre", &Narrowing::default());
        assert_eq!((found.len(), found.first()), (1, Some(&(0..3))));
    }

    #[test]
    fn boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii_escapes(r"\bphd\b"), r"(?-u:\b)phd(?-u:\b)");
        assert_eq!(ascii_escapes(r"a\\b[\b]"), r"a\\b[\b]");
        assert_eq!(ascii_escapes(r"\Bx\."), r"(?-u:\B)x\.");
        assert_eq!(ascii_escapes(r"[[a]\b]\b\é\"), r"[[a]\b](?-u:\b)\é\");
        assert_eq!(
            ascii_escapes(r"\w+\W\d\D[\w-][^\W\d]\\w"),
            r"(?-u:\w)+(?-i:[^0-9A-Za-z_])(?-u:\d)[^0-9][[:word:]-][^[:^word:][:digit:]]\\w"
        );
    }

    /// `\w` and `\d` are ASCII, as `\b` is: a letter beyond ASCII is not a word character,
    /// a digit beyond ASCII not a digit, and each is in `\W` and `\D`, in a class or out.
    #[test]
    fn word_and_digit_classes_are_ascii() {
        let matches = |pattern: &str, text: &str| {
            let source = alternative_of(pattern);
            let cell = compiled_cell(&source);
            let found = cell.find_all(&source, text, Readings::AsWritten);
            found.first().map(|m| text[m.clone()].to_string())
        };
        assert_eq!(matches(r"\w+", "café"), Some("caf".into()));
        assert_eq!(matches(r"[\w-]+", "co-op’s"), Some("co-op".into()));
        assert_eq!(matches(r"\W", "aé"), Some("é".into()));
        assert_eq!(matches(r"[\W]", "aé"), Some("é".into()));
        assert_eq!(matches(r"\d+", "٣12"), Some("12".into()));
        assert_eq!(matches(r"\D", "1٣"), Some("٣".into()));
        // Case-insensitive, the ASCII classes still hold both cases, and `\W` no letter.
        assert_eq!(matches(r"\w+", "ABc_9"), Some("ABc_9".into()));
        assert_eq!(matches(r"\W", "Kk\u{212A}"), Some("\u{212A}".into()));
    }

    /// `ascii_escapes` defined a character at a time.
    fn ascii_escapes_by_char(pattern: &str) -> String {
        let mut out = String::new();
        let mut chars = pattern.chars();
        let mut class_depth = 0usize;
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(next)
                        if let Some(ascii) = u8::try_from(next)
                            .ok()
                            .and_then(|b| ascii_escape(b, class_depth > 0)) =>
                    {
                        out.push_str(ascii);
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The rewrite that copies whole runs of text writes what the definition a
        /// character at a time writes.
        #[test]
        fn boundaries_are_rewritten_as_a_character_at_a_time(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\\", "b", "B", "w", "W", "d", "D", "[", "]", "é", "a", ".", "’",
                ]),
                0..24,
            ),
        ) {
            let pattern: String = pieces.concat();
            proptest::prop_assert_eq!(ascii_escapes(&pattern), ascii_escapes_by_char(&pattern));
        }
    }

    #[test]
    fn one_posting_searches_a_part_of_a_phrase_list_then_a_run_builds_the_whole() {
        let phrases = ["tech lead".to_string(), "team player".to_string()];
        let list = WordList::new(&phrases).unwrap().unwrap();
        let clone = list.clone();
        assert!(list.take_narrowing(), "the first posting searches a part");
        assert!(
            !clone.take_narrowing(),
            "the next one, of any clone, the whole"
        );
        let fresh = WordList::new(&phrases).unwrap().unwrap();
        assert_eq!(fresh.find_iter("a tech lead").len(), 1);
        assert!(
            !fresh.take_narrowing(),
            "a list whose automaton is built is searched whole"
        );
    }

    #[test]
    fn ranges_pushed_from_the_trigger_pass_are_those_a_search_finds() {
        let list = WordList::new(&["data", "data science", "science team", "lead*"])
            .unwrap()
            .unwrap();
        let text = "Data science team leads; metadata, leaders and a science team.";
        let searched: Vec<Range<usize>> =
            list.find_iter(text).into_iter().map(|(_, r)| r).collect();
        // The raw occurrences as the trigger pass hands them over: every occurrence, inside
        // words too, by end.
        let raw: Vec<(usize, Range<usize>)> = ["data", "data science", "science team", "lead"]
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                let lower = text.to_ascii_lowercase();
                lower
                    .match_indices(w)
                    .map(|(at, _)| (i, at..at + w.len()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for given in [None, Some(&raw[..])] {
            // Pushed after what the vector holds, which stays.
            let mut found = vec![0..1, 1..2];
            list.push_ranges(text, given, &mut found);
            assert_eq!(found[..2], [0..1, 1..2]);
            assert_eq!(found[2..], searched[..], "{given:?}");
        }
        let words: Vec<&str> = searched.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(words, ["Data science", "leads", "leaders", "science team"]);
    }

    /// Pieces of list words and of the words asked about: stems and their letters beyond,
    /// case, a hyphen, a space, a letter beyond ASCII.
    const COVER_PIECES: &[&str] = &["lead", "Lead", "er", "ship", "-", " ", "s", "é", "É", "x"];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// `covers` looks a word up in the list's sets and finds what a search of the word
        /// with the list's automaton finds covering it whole, in either case of the list.
        #[test]
        fn covers_looks_up_what_a_search_finds(
            words in proptest::collection::vec(
                (proptest::collection::vec(0..COVER_PIECES.len(), 1..4), proptest::bool::ANY),
                1..6),
            asked in proptest::collection::vec(
                proptest::collection::vec(0..COVER_PIECES.len(), 1..5), 1..12),
            case_sensitive in proptest::bool::ANY,
        ) {
            let listed: Vec<String> = words
                .iter()
                .map(|(pieces, stem)| {
                    let word: String = pieces.iter().map(|&i| COVER_PIECES[i]).collect();
                    if *stem { format!("{word}*") } else { word }
                })
                .collect();
            let Ok(Some(list)) = WordList::with_case(&listed, case_sensitive) else {
                return Ok(());
            };
            let whole = WholeWords::new(&list.literals, &list.stems, case_sensitive);
            for pieces in &asked {
                let word: String = pieces.iter().map(|&i| COVER_PIECES[i]).collect();
                proptest::prop_assert_eq!(
                    list.covers_by_lookup(&whole, &word),
                    list.covers_by_search(&word),
                    "{:?} (case-sensitive {}) asked {:?}", listed, case_sensitive, word
                );
            }
        }
    }

    /// Pieces of phrases and of the texts they are looked for in.
    const PHRASE_PIECES: &[&str] = &[
        "team", "Team", "lead", "er", " ", "-", "’", "é", "(", ".", "a", "support", "ive",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// `covers_range` answers from the words that hold the token a range starts in as a
        /// search of the bytes around the range does, for every range of a text: ranges
        /// starting inside a token, outside one, empty, and any case of the list.
        #[test]
        fn covers_range_by_token_answers_as_the_search(
            phrases in proptest::collection::vec(
                proptest::collection::vec(0..PHRASE_PIECES.len(), 1..5), 1..6),
            text in proptest::collection::vec(0..PHRASE_PIECES.len(), 0..14),
            case_sensitive in proptest::bool::ANY,
        ) {
            let listed: Vec<String> = phrases
                .iter()
                .map(|pieces| pieces.iter().map(|&i| PHRASE_PIECES[i]).collect())
                .collect();
            let Ok(Some(list)) = WordList::with_case(&listed, case_sensitive) else {
                return Ok(());
            };
            let text: String = text.iter().map(|&i| PHRASE_PIECES[i]).collect();
            let places: Vec<usize> = text
                .char_indices()
                .map(|(at, _)| at)
                .chain([text.len()])
                .collect();
            let index = WordTokens::new(&list.literals, case_sensitive);
            let stems = list.stems.contains(&true);
            for (i, &start) in places.iter().enumerate() {
                for &end in &places[i..] {
                    let searched = list.covers_range_by_search(&text, &(start..end));
                    if let (false, Some(by_token)) =
                        (stems, list.covers_by_token(&index, &text, &(start..end)))
                    {
                        proptest::prop_assert_eq!(
                            by_token, searched,
                            "{:?} (case-sensitive {}) in {:?} at {}..{}",
                            listed, case_sensitive, text, start, end
                        );
                    }
                    proptest::prop_assert_eq!(list.covers_range(&text, &(start..end)), searched);
                }
            }
        }
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
        let long = format!("analy{}", "s".repeat(80));
        // Searched at first, then looked up in the list's sets.
        for _ in 0..=LOOKUP_AFTER / 6 {
            assert!(list.covers("analytics"));
            assert!(list.covers("Analytics"), "the list folds case");
            assert!(!list.covers("leadership"));
            assert!(list.covers("LEAD"));
            assert!(
                !list.covers("analytics-team"),
                "a stem runs to the word's end only"
            );
            assert!(list.covers(&long), "a word longer than the stack buffer");
        }
        assert!(list.whole_words.built.get().is_some());
        assert!(WordList::new(&["x".repeat(101)]).is_err());
        assert!(WordList::new(&["*".to_string()]).is_err());
    }

    #[test]
    fn a_list_keeps_borrowed_words_borrowed_and_its_triggers_too_when_lower_case() {
        let list = WordList::new(&["guru*", " rock star ", "GitHub", "ninja"])
            .unwrap()
            .unwrap();
        let words: Vec<(&str, bool)> = list.words().collect();
        assert_eq!(
            words,
            [
                ("guru", true),
                ("rock star", false),
                ("GitHub", false),
                ("ninja", false)
            ]
        );
        assert!(list.literals.iter().all(|w| matches!(w, Cow::Borrowed(_))));
        let matcher = Matcher {
            words: Some(list),
            regex: None,
        };
        let triggers = matcher.triggers().unwrap();
        let literals: Vec<&str> = triggers.iter().map(|t| t.literal.as_ref()).collect();
        assert_eq!(literals, ["guru", "rock star", "github", "ninja"]);
        let borrowed: Vec<bool> = triggers
            .iter()
            .map(|t| matches!(t.literal, Cow::Borrowed(_)))
            .collect();
        assert_eq!(borrowed, [true, true, false, true]);
        // A word of its own (read from a rule file) is kept, not copied, when it is its
        // literal; trimmed otherwise.
        let owned = WordList::new(&["lead".to_string(), "tech lead ".to_string()])
            .unwrap()
            .unwrap();
        assert_eq!(owned.word(1), Some("tech lead"));
    }

    #[test]
    fn lists_of_the_same_words_share_one_automaton_and_each_keeps_its_case_rule() {
        let words = ["GitHub".to_string(), "Ruby on Rail".to_string()];
        let folding = WordList::new(&words).unwrap().unwrap();
        let same = WordList::new(&words).unwrap().unwrap();
        let as_written = WordList::with_case(&words, true).unwrap().unwrap();
        let text = "Ship to GITHUB, github and GitHub; RUBY ON RAIL.";
        let found = |list: &WordList| -> Vec<&str> {
            list.find_iter(text)
                .into_iter()
                .map(|(_, r)| &text[r])
                .collect()
        };
        assert_eq!(
            found(&folding),
            ["GITHUB", "github", "GitHub", "RUBY ON RAIL"]
        );
        assert_eq!(found(&as_written), ["GitHub"]);
        let cell = |list: &WordList| Arc::clone(list.automaton.get().unwrap());
        assert!(same.automaton.get().is_none());
        assert_eq!(found(&same), found(&folding));
        assert!(Arc::ptr_eq(&cell(&same), &cell(&folding)));
        assert!(!Arc::ptr_eq(&cell(&as_written), &cell(&folding)));
    }

    #[test]
    fn a_long_run_remembers_its_answers_within_bounds() {
        let pattern = Pattern::parse([r"\bboard games?\b"]).unwrap().unwrap();
        assert!(pattern.remembered("We play board games.", || true));
        // Asked again, the answer is remembered: the test does not run.
        assert!(pattern.remembered("We play board games.", || unreachable!()));
        // A long text is not remembered.
        let long = "x ".repeat(VERDICT_TEXT);
        assert!(pattern.remembered(&long, || true));
        assert!(!pattern.remembered(&long, || false));
        // When full, everything is forgotten at once.
        for i in 0..VERDICTS {
            pattern.remembered(&format!("sentence {i}"), || false);
        }
        assert!(!pattern.remembered("We play board games.", || false));
        assert!(pattern.verdicts.lock().unwrap().len() <= VERDICTS);
        // And a long run's test gives what the regex says.
        let narrowing = Narrowing::default();
        assert!(!narrowing.alone());
        assert!(pattern.is_match_in("Board games on Fridays", &narrowing));
        assert!(!pattern.is_match_in("Boards and games", &narrowing));
        assert!(pattern.is_match_in("Board games on Fridays", &narrowing));
    }

    #[test]
    fn a_phrase_covers_a_match_only_as_a_whole_phrase() {
        let phrases = WordList::new(&["tech lead".to_string(), "support team".to_string()])
            .unwrap()
            .unwrap();
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            start..start + word.len()
        };
        let long = format!("{} our tech lead and the support team", "x ".repeat(200));
        assert!(phrases.covers_range(&long, &at(&long, "lead")));
        assert!(phrases.covers_range(&long, &at(&long, "support")));
        // The phrase must start a word, even where the search window starts.
        let text = "biotech lead";
        assert!(!phrases.covers_range(text, &at(text, "lead")));
        // A phrase next to the match does not cover it.
        let text = "tech lead support";
        assert!(!phrases.covers_range(text, &at(text, "support")));
    }

    #[test]
    fn a_word_list_reads_alike_before_and_after_it_builds_its_dfa() {
        let text = "A Quokka Wrangler wrangles; quokkas, wranglers' WRANGLING, \
                    quokka-wrangler, ex-quokka wrangler and Githubbing on GitHub or Github.";
        let folded = WordList::new(&["quokka wrangler", "wrangl*", "quokka", "github"])
            .unwrap()
            .unwrap();
        let as_written = WordList::with_case(&["GitHub", "Quokka Wrangler"], true)
            .unwrap()
            .unwrap();
        let read = |list: &WordList| {
            let covered: Vec<bool> = [2..8, 9..17, 18..26, 113..119]
                .iter()
                .map(|r| list.covers_range(text, r))
                .collect();
            (list.find_overlapping(text), list.find_iter(text), covered)
        };
        for list in [&folded, &as_written] {
            let before = read(list);
            assert_eq!(list.automaton().built(), (true, false));
            // Each read searches the text about five times; 32 KB is a few hundred reads.
            for _ in 0..1000 {
                if list.automaton().built().1 {
                    break;
                }
                assert_eq!(read(list), before);
            }
            assert!(list.automaton().built().1);
            assert_eq!(read(list), before);
        }
        let (overlapping, _, covered) = read(&folded);
        let words: Vec<&str> = overlapping.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(
            words,
            // By where the raw match ends: a stem's ("wrangl") before the phrase's; the
            // hyphen is not the phrase's space, and "Githubbing" is not a whole word.
            [
                "Quokka",
                "Wrangler",
                "Quokka Wrangler",
                "wrangles",
                "wranglers",
                "WRANGLING",
                "quokka",
                "wrangler",
                "quokka",
                "wrangler",
                "quokka wrangler",
                "GitHub",
                "Github"
            ]
        );
        assert_eq!(covered, [true, true, true, true]);
        let (overlapping, _, covered) = read(&as_written);
        assert_eq!(overlapping, [(1, 2..17), (0, 113..119)]);
        assert_eq!(covered, [true, true, false, true]);
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
    fn an_address_or_a_dotted_name_ends_a_sentence() {
        let text = "Photos (not of you!) to jobs@acme.example. Tell us your pay. We use Node.js. \
                    It is fast.";
        let at = text.find("Tell").unwrap();
        assert_eq!(
            &text[sentence_around(text, &(at..at + 4))],
            " Tell us your pay."
        );
        let at = text.find("It is").unwrap();
        assert_eq!(&text[sentence_around(text, &(at..at + 5))], " It is fast.");
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

#[cfg(test)]
mod trigger_tests {
    use super::*;

    fn literals(patterns: &[&str]) -> Option<Vec<String>> {
        Some(
            triggers(patterns)?
                .into_iter()
                .filter(|t| !confirms(t))
                .map(|t| t.literal.into_owned())
                .collect(),
        )
    }

    /// Whether a trigger is in a set that confirms another (`Trigger::group`), not in a
    /// trigger set.
    fn confirms(trigger: &Trigger) -> bool {
        trigger.group != 0 && trigger.group.is_multiple_of(2)
    }

    /// The pattern's triggers, sorted by literal, then where they must stand (their order is
    /// not part of what they say).
    fn triggers(patterns: &[&str]) -> Option<Vec<Trigger>> {
        let mut list = Pattern::parse(patterns.iter().copied())
            .unwrap()
            .unwrap()
            .literals()
            .map(<[Trigger]>::to_vec)?;
        list.sort_by(|a, b| {
            (&a.literal, a.starts_word, a.ends_word).cmp(&(&b.literal, b.starts_word, b.ends_word))
        });
        Some(list)
    }

    /// The pattern's trigger literals with their groups (`Trigger::group`), in its order.
    fn groups(patterns: &[&str]) -> Vec<(String, u32)> {
        let pattern = Pattern::parse(patterns.iter().copied()).unwrap().unwrap();
        let literals = pattern.literals().unwrap();
        literals
            .iter()
            .map(|t| (t.literal.to_string(), t.group))
            .collect()
    }

    #[test]
    fn an_alternative_with_two_rare_factors_arms_on_both() {
        // "current … salary": the first words are the trigger set, the pay words confirm it.
        let shown = groups(&[
            r"\b(?:current|previous)\s+(?:salary|compensation)\b",
            r"\bninja\b",
        ]);
        let shown: Vec<(&str, u32)> = shown.iter().map(|(l, g)| (l.as_str(), *g)).collect();
        assert_eq!(
            shown,
            [
                ("current", 1),
                ("previous", 1),
                ("compensation", 2),
                ("salary", 2),
                ("ninja", 0)
            ]
        );
    }

    #[test]
    fn a_factor_that_shares_words_with_the_trigger_set_does_not_confirm_it() {
        // The OS names arm; the set after them holds "macs" and "windows" too, so it would
        // confirm wherever they occur: no conjunct.
        let groups = groups(&[r"\buse\s+(?:macs|windows|linux)\s+(?:macs|windows|laptops)\b"]);
        // Nor does the common word "use": it would be a hit on every other line.
        assert!(groups.iter().all(|&(_, group)| group == 0), "{groups:?}");
    }

    #[test]
    fn a_trigger_list_holds_each_literal_once_in_the_order_first_met() {
        let list = Pattern::parse([r"\b(?:she|he)\b", r"\bhe\b", r"\bhim\b"])
            .unwrap()
            .unwrap();
        let shown: Vec<&str> = list
            .literals()
            .unwrap()
            .iter()
            .map(|t| t.literal.as_ref())
            .collect();
        assert_eq!(shown, ["she", "he", "him"]);
    }

    #[test]
    fn a_pattern_needs_one_of_its_literals() {
        assert_eq!(
            literals(&[r"\b(?:PhD|doctorate)\s+(?:is\s+)?a\s+must"]).unwrap(),
            ["doctorate", "phd"]
        );
        // The prefix is common words, the suffix the rare ones: the suffix is taken.
        assert_eq!(
            literals(&[r"\b(?:must|is)\s+(?:use|work in)\s+(?:emacs|vim)\b"]).unwrap(),
            ["emacs", "vim"]
        );
    }

    #[test]
    fn a_word_most_postings_use_makes_its_set_common_but_less_so_than_an_everyday_word() {
        // "driven" is in a third of all postings: the short, rare "af" is taken.
        assert_eq!(
            literals(&[r"\b(?:smart|driven|hungry)\s+af\b"]).unwrap(),
            ["af"]
        );
        assert_eq!(
            literals(&[r"\b(?:tech|software|dev)\s+leads?\b"]).unwrap(),
            ["lead"]
        );
        // "your" is in nearly every posting, "customers" in a third of them.
        assert_eq!(
            literals(&[r"\byour\s+(?:customers|clients)\b"]).unwrap(),
            ["clients", "customers"]
        );
    }

    /// The patterns' triggers as literals marked where they must stand: `<` at a word's
    /// start, `>` at its end.
    fn shown(patterns: &[&str]) -> Vec<String> {
        triggers(patterns)
            .unwrap()
            .iter()
            .map(|t| {
                let start = if t.starts_word { "<" } else { "" };
                let end = if t.ends_word { ">" } else { "" };
                format!("{start}{}{end}", t.literal)
            })
            .collect()
    }

    #[test]
    fn literals_next_to_word_boundaries_must_stand_at_a_words_edge() {
        // "he" and "she" are whole words: `\b` before, white space after.
        assert_eq!(shown(&[r"\b(?:he|she)\s+\w+"]), ["<he>", "<she>"]);
        // Bounded on both sides by `\b` and by a non-word character.
        assert_eq!(
            shown(&[r"\bhis\b", r"\b(?:him|her)[,.]"]),
            ["<her>", "<him>", "<his>"]
        );
        // Without `\b` a literal may stand inside a word.
        assert_eq!(shown(&[r"(?:ninja|guru)s?"]), ["guru", "ninja"]);
        // A prefix cut before a non-ASCII letter does not reach the end of the match.
        assert_eq!(shown(&[r"\bcafé\b"]), ["<caf"]);
    }

    #[test]
    fn parts_that_may_match_nothing_are_looked_past_for_a_words_edge() {
        let shown = |pattern: &str| shown(&[pattern]);
        // The start of the text, white space or the end of "completed " comes before "ph";
        // "degree" or white space after "doctorate".
        assert_eq!(
            shown(r"^\s*(?:completed\s+)?(?:ph\.?\s?d|doctorate)(?:\s+degree)?\s+in"),
            ["<doctorate>", "<ph"]
        );
        // An optional part that may end in a letter leaves the edge open...
        assert_eq!(
            shown(r"\b(?:\w+)?(?:screening|vetting)\b"),
            ["screening>", "vetting>"]
        );
        // (one that ends in a hyphen does not).
        assert_eq!(
            shown(r"\b(?:\w+-)?(?:screening|vetting)\b"),
            ["<screening>", "<vetting>"]
        );
        // ...and so does a text edge not asked for: `(?:x\s+)?` may be empty at any place.
        assert_eq!(
            shown(r"(?:very\s+)?(?:rockstar|ninja)s?"),
            ["ninja", "rockstar"]
        );
        // A look-around decides as a part that matches: `\B` is no edge.
        assert_eq!(shown(r"\B(?:-\s*)?(?:guru|wizard)\b"), ["guru>", "wizard>"]);
    }

    #[test]
    fn a_part_every_match_goes_through_counts() {
        assert_eq!(
            literals(&[r"^\s*(?:an?\s+)?(?:bachelor|master)'?s?\s+in\s+[^.;\n]{1,60}"]).unwrap(),
            ["bachelor", "master"]
        );
    }

    #[test]
    fn without_a_literal_the_pattern_searches_everywhere() {
        assert_eq!(literals(&[r"\w+\s+\w+"]), None);
        // A literal inside is enough.
        assert_eq!(literals(&[r"\w+ly\s+\w+"]).unwrap(), ["ly"]);
        // One pattern of an alternation without literals: none for the whole.
        assert_eq!(literals(&[r"ninja", r"[a-z]{3,}"]), None);
    }

    #[test]
    fn literals_are_cut_before_non_ascii_and_lower_cased() {
        // The prefix "F" is too short once cut at "ü"; the suffix after it is kept.
        assert_eq!(literals(&["Führungskraft"]).unwrap(), ["hrungskraft"]);
        assert_eq!(literals(&["GitHub"]).unwrap(), ["github"]);
    }

    #[test]
    fn characters_without_a_case_partner_stay_in_a_literal() {
        // A no-break space and a curly apostrophe match only themselves, byte for byte;
        // "é" has "É", which the pass's ASCII folding would miss, so the literal stops there.
        assert_eq!(
            literals(&[r"\bph\.?[ \x{a0}]?d\b"]).unwrap(),
            ["ph d", "ph. d", "ph.d", "ph.\u{a0}d", "phd", "ph\u{a0}d"]
        );
        assert_eq!(
            literals(&["rock[’']n[’']roll"]).unwrap(),
            ["rock'n'roll", "rock'n’roll", "rock’n'roll", "rock’n’roll"]
        );
        assert_eq!(literals(&[r"\bcafé au lait\b"]).unwrap(), [" au lait"]);
        // A literal that only adds to another of its set ("ph.d." to "ph.d") is left out.
        assert_eq!(literals(&[r"\bph\.?d\.?"]).unwrap(), ["ph.d", "phd"]);
    }

    #[test]
    fn a_pattern_too_large_to_compile_parses_and_matches_nothing() {
        let pattern = Pattern::parse([r"\pL{1,5000}"]).unwrap().unwrap();
        assert!(pattern.regex().is_err());
        assert!(!pattern.is_match("words"));
        assert!(pattern.find_all("words").is_empty());
    }

    #[test]
    fn a_bad_pattern_is_reported_with_its_index() {
        let error = Pattern::parse(["fine", "(unclosed"]).unwrap_err();
        assert_eq!(error.index, 1);
        assert_eq!(error.reason, "unclosed group");
    }
}
