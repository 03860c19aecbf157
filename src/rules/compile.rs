//! Loading and compiling rule files into a `RuleSet`: parsed, validated and compiled once per
//! run, then shared read-only by every thread.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::finder::Finder;
use super::pattern::{Matcher, Pattern, WordList};
use super::regex::Readings;
use super::schema::{CheckSpec, Docs, LawSpec, Level, Regex, RuleFile, RuleTest, Spanned, Word};
use super::trigger::LazyTriggers;
use super::{LoadError, RuleSource};
use crate::classify::Family;
use crate::diagnostic::Applicability;
use crate::document::{SectionKind, SegmentKind};

/// How a `pattern` rule reports its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// One diagnostic per match.
    Each,
    /// One diagnostic per document: the first match is primary, the others secondary.
    Once,
}

/// A rule's compiled check. New kinds (counts, numbers, substitutions) are new variants.
#[derive(Debug, Clone)]
pub enum Check {
    /// Report what the finder finds; silent when an `unless` pattern occurs.
    Pattern {
        finder: Finder,
        unless: Option<Unless>,
        report: Report,
        /// Silent when the posting states pay as figures.
        unless_pay: bool,
    },
    /// Report (on the job title) when the finder finds nothing in scope.
    Requires { finder: Finder },
    /// Report each match with the word to write instead, as a fix.
    Substitution {
        finder: Finder,
        /// Word (lower-cased unless `exact`) → replacement: asked for every candidate the
        /// word list finds (on bulk, 18,194 for tech-term-spelling), so hashed.
        swap: crate::fxhash::FxHashMap<String, String>,
        applicability: Applicability,
        /// Keys match as written and replacements are used as written.
        exact: bool,
        unless: Option<Unless>,
    },
    /// Count the finder's words against a second list; report once when they outnumber it by
    /// `min_difference` (gender-coded wording).
    Balance {
        finder: Finder,
        against: Box<Finder>,
        min_difference: usize,
        word_label: String,
        against_label: String,
    },
    /// Report a section that holds more than `max` list items; an item that matches
    /// `optional` ("… is a plus", "(Preferred)") is not counted.
    Count {
        max: usize,
        optional: Option<SegmentTest>,
        /// A paragraph among the items that matches ends the list. (Asked only of the few
        /// paragraphs inside a long list, it needs no trigger entry, whose common words
        /// cost the trigger pass more.)
        stop: Option<Pattern>,
        /// An item that matches is a duty, not a must-have, and is not counted. (Asked only
        /// of the items of a long list, and anchored at the item's start, it needs no
        /// trigger entry either: its verbs, "design", "build", "support", are in most
        /// postings, and as `optional`'s literals they cost the trigger pass 3% of bulk.)
        duties: Option<Pattern>,
    },
    /// Report pay statements (or their absence) by a condition.
    Salary {
        condition: SalaryCondition,
        max_ratio: f64,
        /// Silent when one of these occurs (a gig writing training data for AI models is
        /// not AI engineering, whatever its duties say of models).
        unless: Option<Unless>,
        /// For `outside-band`: a duty or requirement item one of these matches ("Machine
        /// learning experience is a plus") does not say what the role is.
        optional: Option<Pattern>,
    },
    /// Report "N years of X" statements by a condition.
    Experience {
        condition: ExperienceCondition,
        min_years: f64,
    },
    /// Report what a schema.org `JobPosting` (JSON, JSON-LD) gets wrong, by a condition.
    Structured {
        condition: StructuredCondition,
        /// `missing-property`: the properties every posting must have.
        properties: Vec<String>,
    },
}

/// What a `structured` check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructuredCondition {
    /// A required property is absent or empty (`jobLocation` is not needed for a
    /// `TELECOMMUTE` posting that says where applicants may live).
    MissingProperty,
    /// `validThrough` is before the day the posting is judged at.
    Expired,
    /// `baseSalary` is absent, has no figure, or disagrees with the pay the text states.
    Salary,
    /// The markup's `title` is not the title the page shows.
    TitleMismatch,
}

/// What a `salary` check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalaryCondition {
    /// No pay figure anywhere in the posting (reported on the title).
    Missing,
    /// A statement with one bound only: "up to $X", "from $X", "$X+".
    OpenEnded,
    /// A range whose max is more than `max-ratio` times its min.
    TooWide,
    /// A range whose min is above its max.
    Inverted,
    /// A yearly US-dollar range wholly below or above the band of the posting's family.
    OutsideBand,
}

/// What an `experience` check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExperienceCondition {
    /// More years of a technology than it has existed at the posting's date.
    ExceedsTechnologyAge,
    /// `min-years` or more asked of an entry-level posting (see `if-title`).
    EntryLevel,
}

/// Patterns that silence a rule when they occur in the given sections (all when empty).
#[derive(Debug, Clone)]
pub struct Unless {
    pub regex: Pattern,
    pub sections: Vec<SectionKind>,
    /// `unless-exceptions`: a match whose sentence one of these matches does not count.
    pub exceptions: Option<Pattern>,
    /// `unless-scope = "match"`: a match of `regex` silences only the rule's matches whose
    /// words it names, not the rule for the posting.
    pub per_match: bool,
    /// Its number among the rule set's trigger entries, after the finders' (set when the rule
    /// joins a set): the trigger pass reads its literals, so that it is asked only of the
    /// segments that hold one (missing-salary-range's is asked of most postings, and reading
    /// every segment of each with its regex was 6% of a run).
    pub id: usize,
}

/// A pattern a check asks of one segment at a time (a count's optional items), with its
/// number among the rule set's trigger entries (set when the rule joins a set): the trigger
/// pass reads its literals, so that it is asked only of the segments that hold one.
/// too-many-requirements asked every item of every long list, 1.6% of a long run's
/// instructions.
#[derive(Debug, Clone)]
pub struct SegmentTest {
    pub regex: Pattern,
    pub id: usize,
}

/// A check's searches, in a fixed order: one match for the shared and the mutable borrow
/// (`as_ref` or `as_mut` on the balance's boxed second finder). An iterator, not a vector:
/// a posting asks every rule for its searches, and a vector each was 40 allocations a
/// posting.
macro_rules! finders_of {
    ($check:expr, $unbox:ident) => {{
        let (first, second) = match $check {
            Check::Pattern { finder, .. }
            | Check::Requires { finder }
            | Check::Substitution { finder, .. } => (Some(finder), None),
            Check::Balance {
                finder, against, ..
            } => (Some(finder), Some(against.$unbox())),
            Check::Count { .. }
            | Check::Salary { .. }
            | Check::Experience { .. }
            | Check::Structured { .. } => (None, None),
        };
        first.into_iter().chain(second)
    }};
}

impl Check {
    /// The check's `unless`, if it has one.
    pub fn unless(&self) -> Option<&Unless> {
        match self {
            Check::Pattern { unless, .. }
            | Check::Substitution { unless, .. }
            | Check::Salary { unless, .. } => unless.as_ref(),
            _ => None,
        }
    }

    fn unless_mut(&mut self) -> Option<&mut Unless> {
        match self {
            Check::Pattern { unless, .. }
            | Check::Substitution { unless, .. }
            | Check::Salary { unless, .. } => unless.as_mut(),
            _ => None,
        }
    }

    /// The check's segment test (see `SegmentTest`), if it has one.
    fn segment_test(&self) -> Option<&SegmentTest> {
        match self {
            Check::Count { optional, .. } => optional.as_ref(),
            _ => None,
        }
    }

    /// `segment_test`, to number it.
    fn segment_test_mut(&mut self) -> Option<&mut SegmentTest> {
        match self {
            Check::Count { optional, .. } => optional.as_mut(),
            _ => None,
        }
    }

    /// How many entries of the trigger pass the check has: its finders', its `unless`, then
    /// its segment test.
    fn trigger_entries(&self) -> usize {
        self.finders().count()
            + usize::from(self.unless().is_some())
            + usize::from(self.segment_test().is_some())
    }

    /// The check's searches, in a fixed order.
    pub fn finders(&self) -> impl Iterator<Item = &Finder> {
        finders_of!(self, as_ref)
    }

    /// The check's searches, in the order of `finders`.
    pub fn finders_mut(&mut self) -> impl Iterator<Item = &mut Finder> {
        finders_of!(self, as_mut)
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Check::Pattern { .. } => "pattern",
            Check::Requires { .. } => "requires",
            Check::Substitution { .. } => "substitution",
            Check::Balance { .. } => "balance",
            Check::Count { .. } => "count",
            Check::Salary { .. } => "salary",
            Check::Experience { .. } => "experience",
            Check::Structured { .. } => "structured",
        }
    }
}

/// The check kinds and the `[check]` keys each one takes (besides `kind`).
const KINDS: &[(&str, &[&str])] = &[
    (
        "pattern",
        &[
            "words",
            "patterns",
            "patterns-in",
            "not-words",
            "not-phrases",
            "exceptions",
            "exceptions-next",
            "unless",
            "unless-sections",
            "unless-exceptions",
            "unless-scope",
            "report",
            "unless-pay",
            "case-sensitive",
        ],
    ),
    (
        "requires",
        &[
            "words",
            "patterns",
            "patterns-in",
            "not-words",
            "not-phrases",
            "exceptions",
            "exceptions-next",
            "case-sensitive",
        ],
    ),
    (
        "substitution",
        &[
            "swap",
            "fix",
            "case-sensitive",
            "unless",
            "unless-sections",
            "unless-exceptions",
            "unless-scope",
            "not-words",
            "not-phrases",
            "exceptions",
            "exceptions-next",
        ],
    ),
    (
        "balance",
        &[
            "words",
            "against",
            "min-difference",
            "word-label",
            "against-label",
            "not-words",
            "not-phrases",
            "exceptions",
        ],
    ),
    ("count", &["max", "exceptions", "stop-at", "duties"]),
    (
        "salary",
        &[
            "condition",
            "max-ratio",
            "unless",
            "unless-sections",
            "unless-exceptions",
            "exceptions",
        ],
    ),
    ("experience", &["condition", "min-years"]),
    ("structured", &["condition", "properties"]),
];

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub category: String,
    pub level: Level,
    pub families: Vec<Family>,
    pub sections: Vec<SectionKind>,
    pub scope: Vec<SegmentKind>,
    pub unless_title: Option<Pattern>,
    /// The rule applies only when the job title matches.
    pub if_title: Option<Pattern>,
    /// Also searches equal-opportunity, diversity and legal statements.
    pub boilerplate: bool,
    /// `false`: opt-in (see `Settings::rule_level`).
    pub enabled: bool,
    /// Raised (or enabled) where a configured jurisdiction's law requires something.
    pub law: Option<LawSpec>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub docs: Docs,
    /// `docs.why`, trimmed and shared by the rule's findings (their note).
    pub why: std::sync::Arc<str>,
    pub check: Check,
    /// Where the rule came from (a path under `lints/` for built-ins).
    pub origin: String,
    /// Shipped with hirelint (see `RuleSource::builtin`).
    builtin: bool,
    /// The rule file's text, so that test failures can point into it.
    pub source: std::borrow::Cow<'static, str>,
    /// Embedded tests with their span in `source`.
    pub tests: Vec<(Range<usize>, RuleTest)>,
    /// Span of the `name` value in `source`.
    pub name_span: Range<usize>,
    /// The built-in rule file this one replaces, if any.
    pub replaces: Option<String>,
}

impl Rule {
    /// Shipped with hirelint, not read from a rule folder.
    pub fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// Whether the rule applies to a document of this family with this title (its title
    /// patterns read as `readings` allows).
    pub fn applies(&self, family: Family, title: Option<&str>, readings: Readings) -> bool {
        let family_ok = self.families.is_empty() || self.families.contains(&family);
        let title_ok = match (&self.unless_title, title) {
            (Some(regex), Some(title)) => !regex.is_match_as(title, readings),
            _ => true,
        };
        let wanted_title = match &self.if_title {
            Some(regex) => title.is_some_and(|t| regex.is_match_as(t, readings)),
            None => true,
        };
        family_ok && title_ok && wanted_title
    }

    /// Every pattern of the rule.
    pub fn patterns(&self) -> Vec<&Pattern> {
        let mut all: Vec<&Pattern> = self.unless_title.iter().chain(&self.if_title).collect();
        for finder in self.check.finders() {
            all.extend(finder.patterns());
        }
        match &self.check {
            Check::Pattern { unless, .. }
            | Check::Substitution { unless, .. }
            | Check::Salary { unless, .. } => {
                all.extend(unless.as_ref().map(|u| &u.regex));
            }
            Check::Count {
                optional,
                stop,
                duties,
                ..
            } => {
                all.extend(
                    optional
                        .iter()
                        .map(|test| &test.regex)
                        .chain(stop)
                        .chain(duties),
                );
            }
            _ => {}
        }
        if let Check::Salary { optional, .. } = &self.check {
            all.extend(optional);
        }
        all
    }

    /// Whether a segment is searched by this rule.
    pub fn searches(&self, segment: &crate::document::Segment) -> bool {
        (self.boilerplate || !segment.boilerplate) && self.in_scope(segment.kind, segment.section)
    }

    /// Whether a kind of segment in a section is searched by this rule.
    pub fn in_scope(&self, kind: SegmentKind, section: SectionKind) -> bool {
        let kind_ok = if self.scope.is_empty() {
            kind == SegmentKind::Body
        } else {
            self.scope.contains(&kind)
        };
        kind_ok
            && (self.sections.is_empty()
                || self.sections.contains(&section)
                || kind == SegmentKind::Title)
    }

    /// The first sentence of `docs.what`, for rule lists.
    pub fn summary(&self) -> &str {
        let what = self.docs.what.trim();
        match what.find(". ") {
            Some(i) => &what[..=i],
            None => what,
        }
    }
}

/// Every loaded rule, in name order (which keeps output order stable), and the categories.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// In name order. A vector, not a map: every posting walks the rules several times (a
    /// map's steps were 0.5% of bulk's instructions), and a few dozen names are found by
    /// binary search.
    rules: Vec<Rule>,
    categories: BTreeMap<String, String>,
    /// The literals of every finder, numbered by `Finder::id` (see `rules::trigger`).
    triggers: Option<Arc<LazyTriggers>>,
}

/// Whether `source` is a built-in rule file, whole or without its tests. Its regexes are
/// known to compile (the tests compile them), so loading it compiles none.
fn is_builtin_source(source: &RuleSource) -> bool {
    super::builtin::RULES.iter().any(|b| {
        b.path == source.path && (b.text == source.text || b.without_tests() == source.text)
    })
}

impl RuleSet {
    /// The rules shipped in `lints/`.
    pub fn builtin() -> Result<RuleSet, LoadError> {
        RuleSet::builtin_with(|file| file.text)
    }

    /// The rules shipped in `lints/` without their embedded tests, for commands that only
    /// lint (`check`, the language server).
    pub fn builtin_for_linting() -> Result<RuleSet, LoadError> {
        RuleSet::builtin_with(super::builtin::BuiltinFile::without_tests)
    }

    fn builtin_with(
        text: impl Fn(&super::builtin::BuiltinFile) -> &'static str,
    ) -> Result<RuleSet, LoadError> {
        let sources = super::builtin::RULES.iter().map(|file| RuleSource {
            path: file.path.to_string(),
            category: file.category().to_string(),
            text: text(file).into(),
            builtin: true,
        });
        RuleSet::load(
            super::builtin::CATEGORIES_PATH,
            super::builtin::CATEGORIES,
            sources,
        )
    }

    /// Parses the categories file, then every rule file; the first error stops the load.
    pub fn load(
        categories_path: &str,
        categories_text: &str,
        sources: impl IntoIterator<Item = RuleSource>,
    ) -> Result<RuleSet, LoadError> {
        let mut set = RuleSet::default();
        set.add_categories(categories_path, categories_text)?;
        set.add_rules(sources)?;
        set.index_finders();
        Ok(set)
    }

    /// This set plus every rule file in `dirs` (`DIR/<category>/<name>.toml`, with an optional
    /// `DIR/_categories.toml` for new categories). A folder's rule with the name of a built-in
    /// replaces it; two folder rules with one name are an error.
    pub fn with_dirs(&self, dirs: &[std::path::PathBuf]) -> Result<RuleSet, LoadError> {
        let mut set = self.clone();
        // Nothing added: the finders and their trigger automaton stay as they are.
        if dirs.is_empty() {
            return Ok(set);
        }
        for dir in dirs {
            let (categories, sources) = super::folder::read(dir)?;
            if let Some((path, text)) = categories {
                set.add_categories(&path, &text)?;
            }
            set.add_rules(sources)?;
        }
        set.index_finders();
        Ok(set)
    }

    /// Numbers every finder and gathers their literals for the trigger automaton (built on
    /// first use); run whenever the rules change.
    fn index_finders(&mut self) {
        let mut literals = Vec::new();
        for rule in &mut self.rules {
            for finder in rule.check.finders_mut() {
                finder.id = literals.len();
                literals.push(finder.take_triggers());
            }
            if let Some(unless) = rule.check.unless_mut() {
                unless.id = literals.len();
                literals.push(unless.regex.literals().map(<[_]>::to_vec));
            }
            if let Some(test) = rule.check.segment_test_mut() {
                test.id = literals.len();
                literals.push(test.regex.literals().map(<[_]>::to_vec));
            }
        }
        self.triggers = Some(Arc::new(LazyTriggers::new(literals)));
    }

    /// This set, its trigger pass reading the literals of the rules `on` marks alone (a rule
    /// off wherever the set is used is never run, and its words need not be found).
    /// `None` when most finders are on (a copy of the set costs an editor's save a tenth of a
    /// millisecond, more than a few rules' literals cost the pass), or the pass is built
    /// already.
    pub fn with_rules_on(&self, on: &[bool]) -> Option<RuleSet> {
        let live: Vec<bool> = self
            .rules
            .iter()
            .zip(on)
            .flat_map(|(rule, &on)| std::iter::repeat_n(on, rule.check.trigger_entries()))
            .collect();
        if 2 * live.iter().filter(|&&on| on).count() > live.len() {
            return None;
        }
        let narrowed = self.triggers.as_ref()?.narrowed(live)?;
        Some(RuleSet {
            triggers: Some(Arc::new(narrowed)),
            ..self.clone()
        })
    }

    /// Builds the trigger automaton now (see `Triggers::warm`).
    pub fn warm(&self) {
        if let Some(triggers) = &self.triggers {
            triggers.warm();
        }
    }

    /// Builds what a long run reads postings with, ahead of it.
    pub fn build_long_run_readers(&self) {
        if let Some(triggers) = &self.triggers {
            triggers.build_long_run_reader();
        }
    }

    /// `warm`, on a pool thread, while the caller goes on.
    pub fn warm_on_pool(self: &Arc<Self>) {
        let rules = Arc::clone(self);
        rayon::spawn(move || rules.warm());
    }

    /// Whether the run has read enough text to pay for whole automata (see `Triggers`).
    pub fn is_long_run(&self) -> bool {
        self.triggers.as_ref().is_some_and(|t| t.is_long_run())
    }

    /// Counts the run as long from its start: whole automata and whole alternations from the
    /// first posting on (see `lint::expect_long_run`).
    pub fn mark_long_run(&self) {
        if let Some(triggers) = &self.triggers {
            triggers.mark_long_run();
        }
    }

    /// How this run reads texts with its regexes: a posting on its own reads its ASCII texts
    /// as ASCII, a long run every text as written (see `rules::regex`).
    pub fn readings(&self) -> Readings {
        if self.is_long_run() {
            Readings::AsWritten
        } else {
            Readings::AsciiWhenAscii
        }
    }

    /// Which finders may match in which segment of `doc`.
    pub fn arm(&self, doc: &crate::document::Document) -> super::trigger::Armed {
        match &self.triggers {
            Some(triggers) => {
                let triggers = triggers.get();
                let segments = super::finder::Segments::of(doc);
                // Every rule's finders search only the segments `Rule::searches`: when no rule
                // reads equal-opportunity and legal statements, their text arms nothing, and
                // is not read (about 6% of the pass's bytes on bulk).
                let skip_boilerplate = !self.rules().any(|rule| rule.boilerplate);
                triggers.scan(
                    segments.len(),
                    segments
                        .iter()
                        .map(|s| match s.boilerplate && skip_boilerplate {
                            true => "",
                            false => s.text.as_str(),
                        }),
                )
            }
            None => super::trigger::Armed::everywhere(),
        }
    }

    fn add_categories(&mut self, path: &str, text: &str) -> Result<(), LoadError> {
        // The built-in file was read when the parsed table was made: reading its TOML here
        // held up every rule file's compiling.
        if let Some(table) = super::builtin::preparsed_categories(text) {
            self.categories.extend(
                table
                    .iter()
                    .map(|&(name, description)| (name.to_string(), description.to_string())),
            );
            return Ok(());
        }
        let categories: BTreeMap<String, super::builtin::CategoryEntry> =
            toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        self.categories
            .extend(categories.into_iter().map(|(k, v)| (k, v.description)));
        Ok(())
    }

    fn add_rules(
        &mut self,
        sources: impl IntoIterator<Item = RuleSource>,
    ) -> Result<(), LoadError> {
        let sources: Vec<RuleSource> = sources.into_iter().collect();
        let compiled = self.compile_all(&sources);
        // Checked in the files' order, then sorted by name where they are: put in the set one
        // by one, each moved the rules after its place, into memory touched for the first
        // time.
        let mut added: Vec<Rule> = Vec::with_capacity(sources.len());
        // Where each name is in `added`: a later rule of that name takes its place.
        let mut named: std::collections::HashMap<String, usize> = Default::default();
        for (source, rule) in sources.iter().zip(compiled) {
            let mut rule = rule?;
            let earlier = named.get(&rule.name).copied();
            let existing = match earlier {
                Some(at) => Some(&added[at]),
                None => self.get(&rule.name),
            };
            if let Some(existing) = existing {
                if !existing.is_builtin() || rule.is_builtin() {
                    let msg = format!(
                        "duplicate rule name `{}` (also defined in {})",
                        rule.name, existing.origin
                    );
                    let at = rule.name_span.clone();
                    return Err(LoadError::new(&source.path, &source.text, Some(at), msg));
                }
                rule.replaces = Some(existing.origin.clone());
            }
            match earlier {
                Some(at) => added[at] = rule,
                None => {
                    named.insert(rule.name.clone(), added.len());
                    added.push(rule);
                }
            }
        }
        // The names are distinct now.
        added.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        if self.rules.is_empty() {
            self.rules = added;
        } else {
            for rule in added {
                self.put(rule);
            }
        }
        Ok(())
    }

    /// Adds `rule` in its place by name, replacing a rule of the same name.
    fn put(&mut self, rule: Rule) {
        match self.position(&rule.name) {
            Ok(at) => self.rules[at] = rule,
            Err(at) => self.rules.insert(at, rule),
        }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.rules.binary_search_by(|r| r.name.as_str().cmp(name))
    }

    /// The rules, in name order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Rule> {
        self.position(name).ok().map(|at| &self.rules[at])
    }

    pub fn categories(&self) -> &BTreeMap<String, String> {
        &self.categories
    }

    /// The same categories, no rules: the base for testing one rule folder on its own.
    pub fn categories_only(&self) -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            categories: self.categories.clone(),
            triggers: None,
        }
    }

    /// Adds one already-compiled rule (rule self-tests lint with a set of one).
    pub fn insert_for_test(&mut self, rule: Rule) {
        self.put(rule);
        self.index_finders();
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Compiles every source on every core, in their order: parsing the patterns of a
    /// catalogue is most of start-up. The calling thread starts at once and each pool thread
    /// joins in as it comes free, taking the next source from a shared counter: from outside
    /// the pool, a parallel iterator left the calling thread idle until a pool thread woke to
    /// take the work.
    fn compile_all(
        &self,
        sources: &[RuleSource],
    ) -> impl Iterator<Item = Result<Rule, LoadError>> + use<> {
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let slots: Vec<OnceLock<Result<Rule, LoadError>>> =
            sources.iter().map(|_| OnceLock::new()).collect();
        let work = || {
            let mut at = next.fetch_add(1, Ordering::Relaxed);
            while let Some(source) = sources.get(at) {
                let _ = slots[at].set(self.compile(source));
                at = next.fetch_add(1, Ordering::Relaxed);
            }
        };
        rayon::in_place_scope(|scope| {
            for _ in 0..rayon::current_num_threads() {
                scope.spawn(|_| work());
            }
            work();
        });
        // Taken from their slots as the caller checks them: collected first, the rules were
        // copied once more, into memory touched for the first time.
        slots.into_iter().map(|slot| {
            slot.into_inner()
                .expect("every source is compiled before the scope ends")
        })
    }

    fn compile(&self, source: &RuleSource) -> Result<Rule, LoadError> {
        let builtin = is_builtin_source(source);
        let ctx = RuleFileCtx {
            path: &source.path,
            text: &source.text,
            compile_now: !builtin,
        };
        let preparsed = builtin
            .then(|| super::builtin::preparsed(ctx.path, ctx.text))
            .flatten();
        let file: RuleFile = match preparsed {
            Some((json, docs)) => super::schema::read_bare(json)
                .map(|read: RuleFile| RuleFile { docs, ..read })
                .map_err(|e| ctx.err(None, format!("the parsed table does not read: {e}")))?,
            None => toml::from_str(ctx.text)
                .map_err(|e| LoadError::from_toml(ctx.path, ctx.text, &e))?,
        };

        let name = file.name.get_ref();
        let at_name = Some(file.name.span());
        if !is_kebab_case(name) {
            return Err(ctx.err(
                at_name,
                format!("rule name `{name}` is not kebab-case (a-z, 0-9, single hyphens)"),
            ));
        }
        let stem = std::path::Path::new(ctx.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if stem != name {
            return Err(ctx.err(
                at_name,
                format!("rule name `{name}` must equal the file name `{stem}`"),
            ));
        }
        if !self.categories.contains_key(&source.category) {
            let msg = format!(
                "unknown category `{}` (the folder the rule file is in)",
                source.category
            );
            return Err(ctx.err(at_name, msg));
        }
        if self.categories.contains_key(name.as_str()) {
            return Err(ctx.err(
                at_name,
                format!("rule name `{name}` is also a category name"),
            ));
        }

        Ok(Rule {
            name: name.clone(),
            category: source.category.clone(),
            level: file.level,
            families: file.families,
            sections: file.sections,
            scope: file.scope,
            unless_title: ctx.regexes(&file.unless_title)?,
            if_title: ctx.regexes(&file.if_title)?,
            boilerplate: file.boilerplate,
            enabled: file.enabled,
            law: file.law,
            message: file.message,
            label: file.label,
            help: file.help,
            why: file.docs.why.trim().into(),
            docs: file.docs,
            check: ctx.check(&file.check)?,
            origin: ctx.path.to_string(),
            builtin: source.builtin,
            source: source.text.clone(),
            name_span: file.name.span(),
            replaces: None,
            tests: file
                .tests
                .into_iter()
                .map(|t| (t.span(), t.into_inner()))
                .collect(),
        })
    }
}

/// The rule file being compiled, so that every error can point into it.
struct RuleFileCtx<'a> {
    path: &'a str,
    text: &'a str,
    /// Compile the regexes at load rather than on first use: a user's pattern that parses
    /// but is too large to compile (`\pL{1,5000}`) is then a load error, not a rule that
    /// silently finds nothing. The built-in ones are compiled by the tests.
    compile_now: bool,
}

impl RuleFileCtx<'_> {
    fn err(&self, span: Option<Range<usize>>, message: impl Into<String>) -> LoadError {
        LoadError::new(self.path, self.text, span, message)
    }

    /// A check's `unless` patterns and the sections they are looked for in.
    fn unless(&self, spec: &CheckSpec) -> Result<Option<Unless>, LoadError> {
        let per_match = match &spec.unless_scope {
            None => false,
            Some(s) if s.get_ref() == "posting" => false,
            Some(s) if s.get_ref() == "match" => true,
            Some(s) => {
                return Err(self.err(
                    Some(s.span()),
                    "`unless-scope` must be \"posting\" or \"match\"",
                ));
            }
        };
        let exceptions = self.regexes(&spec.unless_exceptions)?;
        Ok(self.regexes(&spec.unless)?.map(|regex| Unless {
            regex,
            sections: spec.unless_sections.iter().map(|s| *s.get_ref()).collect(),
            exceptions,
            per_match,
            id: 0,
        }))
    }

    /// Parses a list of patterns into one alternation, compiled on first use; a bad one is
    /// reported at its span.
    fn regexes(&self, list: &[Spanned<Regex>]) -> Result<Option<Pattern>, LoadError> {
        let regexes = list
            .iter()
            .map(|p| (p.get_ref().as_str(), p.get_ref().known()));
        let pattern = Pattern::parse_known(regexes).map_err(|e| {
            self.err(
                Some(list[e.index].span()),
                format!("invalid regex: {}", e.reason),
            )
        })?;
        if self.compile_now
            && let Some(compiled) = &pattern
            && let Err(reason) = compiled.regex()
        {
            let span = list
                .first()
                .zip(list.last())
                .map(|(first, last)| first.span().start..last.span().end);
            return Err(self.err(span, format!("the patterns cannot be compiled: {reason}")));
        }
        Ok(pattern)
    }

    fn check(&self, spec: &CheckSpec) -> Result<Check, LoadError> {
        let at_kind = Some(spec.kind.span());
        let kind = spec.kind.get_ref().as_str();
        let Some((_, allowed)) = KINDS.iter().find(|(name, _)| *name == kind) else {
            let names: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
            return Err(self.err(
                at_kind,
                format!(
                    "unknown check kind `{kind}` (expected one of: {})",
                    names.join(", ")
                ),
            ));
        };
        if let Some((key, span)) = present_keys(spec)
            .into_iter()
            .find(|(key, _)| !allowed.contains(key))
        {
            return Err(self.err(
                span.or(at_kind.clone()),
                format!("`{key}` does not apply to `{kind}` checks"),
            ));
        }
        // The keys that say how `unless` is asked mean nothing without it.
        if spec.unless.is_empty() {
            let without = [
                (
                    "unless-sections",
                    spec.unless_sections.first().map(|s| s.span()),
                ),
                (
                    "unless-exceptions",
                    spec.unless_exceptions.first().map(|s| s.span()),
                ),
                ("unless-scope", spec.unless_scope.as_ref().map(|s| s.span())),
            ];
            if let Some((key, span)) = without.into_iter().find(|(_, span)| span.is_some()) {
                return Err(self.err(span, format!("`{key}` needs `unless` patterns")));
            }
        }
        match kind {
            "pattern" | "requires" => {
                let finder = self.finder(spec, &spec.words)?;
                if finder.is_empty() {
                    return Err(self.err(
                        at_kind,
                        "a check needs `words`, `patterns` or `patterns-in`",
                    ));
                }
                if kind == "requires" {
                    return Ok(Check::Requires { finder });
                }
                let report = match &spec.report {
                    None => Report::Each,
                    Some(r) if r.get_ref() == "each" => Report::Each,
                    Some(r) if r.get_ref() == "once" => Report::Once,
                    Some(r) => {
                        return Err(
                            self.err(Some(r.span()), "`report` must be \"each\" or \"once\"")
                        );
                    }
                };
                let unless = self.unless(spec)?;
                Ok(Check::Pattern {
                    finder,
                    unless,
                    report,
                    unless_pay: spec.unless_pay,
                })
            }
            "substitution" => {
                if spec.swap.is_empty() {
                    return Err(self.err(at_kind, "a substitution needs a `swap` table"));
                }
                let mut words = Vec::new();
                let mut swap = crate::fxhash::FxHashMap::default();
                for (word, replacement) in &spec.swap {
                    if word.ends_with('*') || word.trim().is_empty() {
                        return Err(self.err(
                            Some(replacement.span()),
                            format!("`{word}`: a swapped word is a literal word or phrase"),
                        ));
                    }
                    words.push(Spanned::new(replacement.span(), Word::from(word.as_str())));
                    let key = if spec.case_sensitive {
                        word.clone()
                    } else {
                        word.to_lowercase()
                    };
                    swap.insert(key, replacement.get_ref().clone());
                }
                let applicability = match spec.fix.as_ref().map(|f| f.get_ref().as_str()) {
                    None | Some("safe") => Applicability::Safe,
                    Some("unsafe") => Applicability::Unsafe,
                    Some(_) => {
                        let span = spec.fix.as_ref().map(|f| f.span());
                        return Err(self.err(span, "`fix` must be \"safe\" or \"unsafe\""));
                    }
                };
                Ok(Check::Substitution {
                    finder: self.finder(spec, &words)?,
                    swap,
                    applicability,
                    exact: spec.case_sensitive,
                    unless: self.unless(spec)?,
                })
            }
            "balance" => {
                if spec.words.is_empty() || spec.against.is_empty() {
                    return Err(self.err(at_kind, "a balance needs `words` and `against`"));
                }
                let min_difference = match &spec.min_difference {
                    Some(n) if *n.get_ref() >= 1 => *n.get_ref() as usize,
                    Some(n) => {
                        return Err(self.err(Some(n.span()), "`min-difference` must be 1 or more"));
                    }
                    None => return Err(self.err(at_kind, "a balance needs `min-difference`")),
                };
                Ok(Check::Balance {
                    finder: self.finder(spec, &spec.words)?,
                    against: Box::new(self.finder(spec, &spec.against)?),
                    min_difference,
                    word_label: spec.word_label.clone().unwrap_or_else(|| "counted".into()),
                    against_label: spec
                        .against_label
                        .clone()
                        .unwrap_or_else(|| "counted against".into()),
                })
            }
            "salary" => {
                let condition = match self.condition(spec)? {
                    "missing" => SalaryCondition::Missing,
                    "open-ended" => SalaryCondition::OpenEnded,
                    "too-wide" => SalaryCondition::TooWide,
                    "inverted" => SalaryCondition::Inverted,
                    "outside-band" => SalaryCondition::OutsideBand,
                    other => {
                        return Err(self.err(
                            spec.condition.as_ref().map(|c| c.span()),
                            format!("unknown salary condition `{other}` (expected missing, open-ended, too-wide, inverted or outside-band)"),
                        ));
                    }
                };
                let max_ratio = match &spec.max_ratio {
                    Some(r) if *r.get_ref() > 1.0 => *r.get_ref(),
                    Some(r) => return Err(self.err(Some(r.span()), "`max-ratio` must be above 1")),
                    None => 2.0,
                };
                let unless = self.unless(spec)?;
                let optional = self.regexes(&spec.exceptions)?;
                if optional.is_some() && condition != SalaryCondition::OutsideBand {
                    return Err(self.err(
                        spec.exceptions.first().map(|e| e.span()),
                        "`exceptions` of a salary check are for `outside-band` only",
                    ));
                }
                Ok(Check::Salary {
                    condition,
                    max_ratio,
                    unless,
                    optional,
                })
            }
            "structured" => {
                let condition = match self.condition(spec)? {
                    "missing-property" => StructuredCondition::MissingProperty,
                    "expired" => StructuredCondition::Expired,
                    "salary" => StructuredCondition::Salary,
                    "title-mismatch" => StructuredCondition::TitleMismatch,
                    other => {
                        return Err(self.err(
                            spec.condition.as_ref().map(|c| c.span()),
                            format!("unknown structured condition `{other}` (expected missing-property, expired, salary or title-mismatch)"),
                        ));
                    }
                };
                let properties: Vec<String> = spec
                    .properties
                    .iter()
                    .map(|p| p.get_ref().clone())
                    .collect();
                if condition == StructuredCondition::MissingProperty && properties.is_empty() {
                    return Err(self.err(at_kind, "a missing-property check needs `properties`"));
                }
                Ok(Check::Structured {
                    condition,
                    properties,
                })
            }
            "experience" => {
                let condition = match self.condition(spec)? {
                    "exceeds-technology-age" => ExperienceCondition::ExceedsTechnologyAge,
                    "entry-level" => ExperienceCondition::EntryLevel,
                    other => {
                        return Err(self.err(
                            spec.condition.as_ref().map(|c| c.span()),
                            format!("unknown experience condition `{other}` (expected exceeds-technology-age or entry-level)"),
                        ));
                    }
                };
                let min_years = match &spec.min_years {
                    Some(n) if *n.get_ref() > 0.0 => *n.get_ref(),
                    Some(n) => return Err(self.err(Some(n.span()), "`min-years` must be above 0")),
                    None => 2.0,
                };
                Ok(Check::Experience {
                    condition,
                    min_years,
                })
            }
            _ => {
                let max = match &spec.max {
                    Some(n) if *n.get_ref() >= 1 => *n.get_ref() as usize,
                    Some(n) => return Err(self.err(Some(n.span()), "`max` must be 1 or more")),
                    None => return Err(self.err(at_kind, "a count needs `max`")),
                };
                let segment_test = |regex| SegmentTest { regex, id: 0 };
                let optional = self.regexes(&spec.exceptions)?.map(segment_test);
                let stop = self.regexes(&spec.stop_at)?;
                let duties = self.regexes(&spec.duties)?;
                Ok(Check::Count {
                    max,
                    optional,
                    stop,
                    duties,
                })
            }
        }
    }

    /// The `condition` of a salary or experience check.
    fn condition<'s>(&self, spec: &'s CheckSpec) -> Result<&'s str, LoadError> {
        spec.condition
            .as_ref()
            .map(|c| c.get_ref().as_str())
            .ok_or_else(|| self.err(Some(spec.kind.span()), "this check needs a `condition`"))
    }

    /// The search of a check: `words` (or the given list), patterns and the filters.
    fn finder(&self, spec: &CheckSpec, words: &[Spanned<Word>]) -> Result<Finder, LoadError> {
        let at_kind = Some(spec.kind.span());
        // Each word is checked here, where its span is known; the lists read the words in
        // place (a catalogue holds thousands: a copy of each was a tenth of start-up).
        let check_words = |list: &[Spanned<Word>]| -> Result<(), LoadError> {
            for w in list {
                WordList::check_word(w.get_ref()).map_err(|e| self.err(Some(w.span()), e))?;
            }
            Ok(())
        };
        let word_list = |list: &[Spanned<Word>]| -> Result<Option<WordList>, LoadError> {
            check_words(list)?;
            WordList::new(list).map_err(|e| self.err(at_kind.clone(), e))
        };
        check_words(words)?;
        let matcher = Matcher::with_case(words, self.regexes(&spec.patterns)?, spec.case_sensitive)
            .map_err(|e| self.err(at_kind.clone(), e))?;
        let mut in_sections = Vec::new();
        for (section, patterns) in &spec.patterns_in {
            if let Some(regex) = self.regexes(patterns)? {
                let matcher = Matcher::new::<&str>(&[], Some(regex))
                    .map_err(|e| self.err(at_kind.clone(), e))?;
                in_sections.push((*section, matcher));
            }
        }
        let mut finder = Finder {
            id: 0,
            matcher,
            in_sections,
            not_words: word_list(&spec.not_words)?,
            not_phrases: word_list(&spec.not_phrases)?,
            exceptions: self.regexes(&spec.exceptions)?,
            exceptions_next: self.regexes(&spec.exceptions_next)?,
            made_triggers: None,
        };
        finder.make_triggers();
        Ok(finder)
    }
}

/// The `[check]` keys a rule file sets, with a span to point at.
fn present_keys(spec: &CheckSpec) -> Vec<(&'static str, Option<Range<usize>>)> {
    fn list<T>(
        name: &'static str,
        v: &[Spanned<T>],
    ) -> Option<(&'static str, Option<Range<usize>>)> {
        v.first().map(|s| (name, Some(s.span())))
    }
    [
        list("words", &spec.words),
        list("patterns", &spec.patterns),
        (!spec.patterns_in.is_empty()).then_some(("patterns-in", None)),
        list("not-words", &spec.not_words),
        list("not-phrases", &spec.not_phrases),
        list("exceptions", &spec.exceptions),
        list("exceptions-next", &spec.exceptions_next),
        list("unless", &spec.unless),
        spec.unless_sections
            .first()
            .map(|s| ("unless-sections", Some(s.span()))),
        list("unless-exceptions", &spec.unless_exceptions),
        spec.unless_scope
            .as_ref()
            .map(|s| ("unless-scope", Some(s.span()))),
        spec.report.as_ref().map(|r| ("report", Some(r.span()))),
        spec.swap.values().next().map(|s| ("swap", Some(s.span()))),
        spec.fix.as_ref().map(|f| ("fix", Some(f.span()))),
        list("against", &spec.against),
        spec.min_difference
            .as_ref()
            .map(|n| ("min-difference", Some(n.span()))),
        spec.word_label.as_ref().map(|_| ("word-label", None)),
        spec.against_label.as_ref().map(|_| ("against-label", None)),
        spec.max.as_ref().map(|n| ("max", Some(n.span()))),
        list("stop-at", &spec.stop_at),
        list("duties", &spec.duties),
        spec.condition
            .as_ref()
            .map(|c| ("condition", Some(c.span()))),
        spec.max_ratio
            .as_ref()
            .map(|n| ("max-ratio", Some(n.span()))),
        spec.min_years
            .as_ref()
            .map(|n| ("min-years", Some(n.span()))),
        list("properties", &spec.properties),
        spec.unless_pay.then_some(("unless-pay", None)),
        spec.case_sensitive.then_some(("case-sensitive", None)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_trigger_literals_are_read_with_the_literal_dfa() {
        // Past `literal_dfa::MAX_TRANSITIONS` a long run would read them with Aho-Corasick's
        // DFA, which took a run over bulk 11% more instructions: a rule's new literals must
        // not tip the catalogue over it unnoticed.
        let rules = RuleSet::builtin_for_linting().unwrap();
        let triggers = rules.triggers.as_ref().expect("the catalogue has triggers");
        assert!(triggers.get().reads_with_literal_dfa());
    }

    #[test]
    fn linting_loads_the_built_in_rules_without_tests_and_compiles_no_regex() {
        let full = RuleSet::builtin().unwrap();
        let linting = RuleSet::builtin_for_linting().unwrap();
        assert_eq!(linting.len(), full.len());
        for rule in linting.rules() {
            assert!(rule.is_builtin() && rule.tests.is_empty(), "{}", rule.name);
            assert!(!full.get(&rule.name).unwrap().tests.is_empty());
        }
        // Built-in regexes are known to compile: loading them compiles none. A file not
        // recognised as built-in would compile all of them, ten times the start-up.
        for file in crate::rules::builtin::RULES {
            for text in [file.text, file.without_tests()] {
                let source = RuleSource {
                    path: file.path.to_string(),
                    category: file.category().to_string(),
                    text: text.into(),
                    builtin: true,
                };
                assert!(is_builtin_source(&source), "{}", file.path);
            }
        }
        let edited = RuleSource {
            path: crate::rules::builtin::RULES[0].path.to_string(),
            category: "culture".to_string(),
            text: "name = \"edited\"".into(),
            builtin: false,
        };
        assert!(!is_builtin_source(&edited));
    }

    const CATEGORIES: &str = "[role]\ndescription = \"r\"\n";

    fn load(text: &str) -> Result<RuleSet, LoadError> {
        let source = RuleSource {
            path: "lints/role/my-rule.toml".into(),
            category: "role".into(),
            text: text.to_string().into(),
            builtin: false,
        };
        RuleSet::load("_categories.toml", CATEGORIES, [source])
    }

    const GOOD: &str = r#"name = "my-rule"
level = "warning"
message = "found {match}"
[check]
kind = "pattern"
words = ["ninja"]
[docs]
what = "w"
why = "y"
example = "ninja"
instead = "engineer"
"#;

    fn source(path: &str, text: &str) -> RuleSource {
        RuleSource {
            path: path.into(),
            category: "role".into(),
            text: text.to_string().into(),
            builtin: false,
        }
    }

    #[test]
    fn rules_are_kept_in_name_order_whatever_the_order_of_their_files() {
        let sources = ["zeta-rule", "alpha-rule", "my-rule"].map(|name| {
            source(
                &format!("lints/role/{name}.toml"),
                &GOOD.replace("my-rule", name),
            )
        });
        let set = RuleSet::load("_categories.toml", CATEGORIES, sources).unwrap();
        let names: Vec<&str> = set.rules().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["alpha-rule", "my-rule", "zeta-rule"]);
        assert_eq!(
            set.get("zeta-rule").unwrap().origin,
            "lints/role/zeta-rule.toml"
        );
    }

    #[test]
    fn a_second_rule_of_one_name_is_an_error_at_its_name() {
        let sources = [
            source("team/role/my-rule.toml", GOOD),
            source("more/role/my-rule.toml", GOOD),
        ];
        let e = RuleSet::load("_categories.toml", CATEGORIES, sources).unwrap_err();
        assert_eq!(e.path, "more/role/my-rule.toml");
        assert_eq!(
            e.message,
            "duplicate rule name `my-rule` (also defined in team/role/my-rule.toml)"
        );
        assert_eq!(&GOOD[e.span.unwrap()], "\"my-rule\"");
    }

    #[test]
    fn the_index_takes_the_triggers_made_at_compile_and_a_copy_makes_them_again() {
        let set = load(GOOD).unwrap();
        let finder = set.get("my-rule").unwrap().check.finders().next().unwrap();
        assert!(finder.made_triggers.is_none(), "the index took them");
        // A rule copied into another set (a rule's self-test) is indexed again.
        let again = finder
            .clone()
            .take_triggers()
            .expect("a word list has triggers");
        let literals: Vec<&str> = again.iter().map(|t| t.literal.as_ref()).collect();
        assert_eq!(literals, ["ninja"]);
    }

    #[test]
    fn a_good_rule_loads() {
        let set = load(GOOD).unwrap();
        assert_eq!(set.get("my-rule").unwrap().check.kind_name(), "pattern");
    }

    #[test]
    fn a_bad_regex_points_at_its_line() {
        let text = GOOD.replace("words = [\"ninja\"]", "patterns = ['(ninja']");
        let e = load(&text).unwrap_err();
        assert_eq!(&text[e.span.clone().unwrap()], "'(ninja'");
        assert!(e.message.starts_with("invalid regex"), "{}", e.message);
    }

    #[test]
    fn an_unknown_key_points_at_the_key() {
        let text = GOOD.replace("level = \"warning\"", "level = \"warning\"\nseverity = 3");
        let e = load(&text).unwrap_err();
        assert_eq!(&text[e.span.clone().unwrap()], "severity");
        assert!(e.message.contains("unknown field"), "{}", e.message);
    }

    #[test]
    fn name_must_match_the_file_and_be_kebab_case() {
        assert!(
            load(&GOOD.replace("\"my-rule\"", "\"other-rule\""))
                .unwrap_err()
                .message
                .contains("file name")
        );
        assert!(
            load(&GOOD.replace("\"my-rule\"", "\"My_Rule\""))
                .unwrap_err()
                .message
                .contains("kebab-case")
        );
    }

    #[test]
    fn requires_rejects_pattern_only_keys() {
        let text = GOOD.replace("kind = \"pattern\"", "kind = \"requires\"\nunless = ['x']");
        assert!(
            load(&text)
                .unwrap_err()
                .message
                .contains("does not apply to `requires` checks")
        );
    }
}
