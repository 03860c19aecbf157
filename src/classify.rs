//! Role families: which kind of job a posting is, from its title or its front matter.
//!
//! The title patterns are data (`lints/_roles.toml`), compiled once into a `RoleTable`.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Serialize};

use crate::bytescan::floor_char_boundary;
use crate::document::{Document, SectionKind, Segment, SegmentKind};
use crate::rules::LoadError;
use crate::rules::pattern::{Narrowing, Pattern};

/// The families of RULES.md §1, and `multi` for a posting that hires several roles of
/// different families at once ("Founding Engineer + Founding Research Scientist"): role rules
/// cannot tell which role a requirement is for, so they stay silent on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Engineer,
    Researcher,
    Hybrid,
    Other,
    Multi,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Engineer,
        Family::Researcher,
        Family::Hybrid,
        Family::Other,
        Family::Multi,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Engineer => "engineer",
            Family::Researcher => "researcher",
            Family::Hybrid => "hybrid",
            Family::Other => "other",
            Family::Multi => "multi",
        }
    }

    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a document's family came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleSource {
    /// A front-matter `role:` or `family:` field.
    FrontMatter,
    /// A title pattern from the role table, matched in the job title.
    Title,
    /// No title names a role; a hiring sentence in the text does ("We're hiring a …").
    Body,
    /// Nothing matched (or there was no title): `other`.
    Default,
    /// Set by the caller (rule self-tests, a future `--role`).
    Forced,
}

/// The family of one document and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub family: Family,
    pub source: RoleSource,
    /// The words that decided it: the matched part of the title, or the front-matter value.
    pub evidence: Option<String>,
    /// For a multi-role posting, each role's family and words, in title order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleWords>,
    /// The job title as read, when it is not the document's title as parsed: the role part
    /// of a header line ("Acme | Research Scientist | NYC"), a later heading, a `Position:`
    /// line or a hiring sentence. Its source range is where title findings are labelled.
    #[serde(skip)]
    pub title: Option<(String, Range<usize>)>,
}

/// One role named in a multi-role title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleWords {
    pub family: Family,
    pub words: String,
}

impl Role {
    pub fn forced(family: Family) -> Role {
        Role {
            family,
            source: RoleSource::Forced,
            evidence: None,
            roles: Vec::new(),
            title: None,
        }
    }

    fn default_other() -> Role {
        Role {
            family: Family::Other,
            source: RoleSource::Default,
            evidence: None,
            roles: Vec::new(),
            title: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    #[serde(rename = "match")]
    entries: Vec<RoleEntry>,
}

/// One `[[match]]` entry: a family and the title patterns that select it. Also the shape of
/// `[[roles.match]]` in `hirelint.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    pub family: toml::Spanned<String>,
    pub patterns: Vec<toml::Spanned<String>>,
}

/// Title patterns compiled once, tried in order.
#[derive(Debug, Clone)]
pub struct RoleTable {
    entries: Vec<(Family, Pattern)>,
    /// Titles read before, with what they said: a postings repository repeats its titles
    /// (bulk's 6,875 title reads are 4,402 distinct texts), and a title's reading depends on
    /// its text and this table only. Shared by the table's clones, which have its entries.
    read: Arc<Mutex<TitleReads>>,
}

type TitleReads = crate::fxhash::FxHashMap<Box<str>, Option<TitleRead>>;

/// Titles `RoleTable::read` keeps before it starts again: about a megabyte.
const TITLE_READS: usize = 8192;

/// The built-in role table's source.
pub const BUILTIN_ROLES: &str = include_str!("../lints/_roles.toml");

impl RoleTable {
    fn of(entries: Vec<(Family, Pattern)>) -> RoleTable {
        RoleTable {
            entries,
            read: Arc::default(),
        }
    }

    /// The table shipped with hirelint.
    pub fn builtin() -> Result<RoleTable, LoadError> {
        RoleTable::parse("lints/_roles.toml", BUILTIN_ROLES)
    }

    /// Parses and compiles a role table; errors point into the file.
    pub fn parse(path: &str, text: &str) -> Result<RoleTable, LoadError> {
        let file: RoleFile =
            toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        Ok(RoleTable::of(compile_entries(path, text, &file.entries)?))
    }

    /// This table with `entries` (from a config file at `path`) tried first.
    pub fn with_first(
        &self,
        path: &str,
        text: &str,
        entries: &[RoleEntry],
    ) -> Result<RoleTable, LoadError> {
        let mut first = compile_entries(path, text, entries)?;
        first.extend(self.entries.iter().cloned());
        Ok(RoleTable::of(first))
    }

    /// The family for a title, and the words that decided it (a range of `title`).
    pub fn classify_title(&self, title: &str) -> Option<(Family, Range<usize>)> {
        let whole = Narrowing::default();
        self.compile(&whole, None);
        self.read_title(title, || &whole)
            .map(|read| (read.family, read.evidence))
    }

    /// Classifies a document: a front-matter `role:`/`family:` wins; then the job title, read
    /// as a recruiter would (see `title_candidates`); then a hiring sentence in the text.
    pub fn classify(&self, doc: &Document) -> Role {
        self.classify_narrowed(doc, true)
    }

    /// `classify`, compiling only the alternatives the posting can match when `narrow` (a
    /// posting on its own; a long run compiles whole alternations, which it soon needs).
    pub fn classify_narrowed(&self, doc: &Document, narrow: bool) -> Role {
        // The texts titles are read from, found before any is read, for the narrowing. The
        // hiring sentence is looked for up front only then: it is read last, seldom.
        let candidates = title_candidates(doc);
        let hiring = narrow.then(|| hiring_sentence(doc));
        // Made when the first title is read: a posting with none compiles nothing.
        let narrowing = std::cell::OnceCell::new();
        let narrowing = || {
            narrowing.get_or_init(|| {
                let (narrowing, read) = match &hiring {
                    Some(hiring) => {
                        let (narrowing, read) = self.narrowing(doc, &candidates, hiring.clone());
                        (narrowing, Some(read))
                    }
                    None => (Narrowing::default(), None),
                };
                self.compile(&narrowing, read.as_deref());
                narrowing
            })
        };
        for key in ["role", "family"] {
            if let Some(field) = doc.front_matter.get(key) {
                let value = field.value.trim();
                let family = Family::from_name(value)
                    .or_else(|| self.read_title(value, narrowing).map(|read| read.family));
                if let Some(family) = family {
                    return Role {
                        family,
                        source: RoleSource::FrontMatter,
                        evidence: Some(value.to_string()),
                        roles: Vec::new(),
                        title: None,
                    };
                }
            }
        }
        if let Some(role) = self.numbered_roles(doc, narrowing) {
            return role;
        }
        let is_doc_title =
            |segment: &Segment| doc.title.as_ref().is_some_and(|t| std::ptr::eq(t, segment));
        for candidate in &candidates {
            let (segment, range, lead) =
                (candidate.segment, candidate.range.clone(), candidate.lead);
            let text = &segment.text[range.clone()];
            let read = self.read_title(text, narrowing).and_then(|read| {
                if !lead {
                    return Some(read);
                }
                // The start of a run-on text: a role named right at the start is the title.
                // Title words before the role are capitalised ("Staff Platform Engineer"); a
                // sentence ("Fennel is hiring a Research Scientist") is the hiring sentence's.
                let title_words = text[..read.evidence.start]
                    .split_whitespace()
                    .all(|w| !w.starts_with(|c: char| c.is_lowercase()));
                (read.noun && read.evidence.start <= 30 && title_words && read.roles.is_empty())
                    .then(|| {
                        // From the first letter: a CSV export may open with a quote.
                        let from = text.find(char::is_alphanumeric).unwrap_or(0);
                        TitleRead {
                            part: from.min(read.evidence.start)
                                ..run_on_title_end(text, read.evidence.end),
                            ..read
                        }
                    })
            });
            if let Some(read) = read {
                let narrowed = !is_doc_title(segment)
                    || range != (0..segment.text.len())
                    || read.part != (0..text.len());
                let title = narrowed.then(|| {
                    let part = range.start + read.part.start..range.start + read.part.end;
                    (
                        segment.text[part.clone()].trim().to_string(),
                        segment.map.to_source(part),
                    )
                });
                return read.into_role(text, RoleSource::Title, title);
            }
        }
        if let Some((segment, phrase)) = hiring.clone().unwrap_or_else(|| hiring_sentence(doc)) {
            let text = &segment.text[phrase.clone()];
            if let Some(read) = self.read_title(text, narrowing).filter(|r| r.noun) {
                let title = Some((
                    segment.text[phrase.clone()].to_string(),
                    segment.map.to_source(phrase),
                ));
                return read.into_role(text, RoleSource::Body, title);
            }
        }
        Role::default_other()
    }

    /// A posting that numbers its openings ("Role 1: Research Scientist", "Role 2: Machine
    /// Learning Engineer", each heading its own part) hires for several roles: multi-role
    /// when they are of different families. `None` when it numbers fewer than two, or all of
    /// one family (the title then says which).
    fn numbered_roles<'n>(
        &self,
        doc: &Document,
        narrowing: impl Fn() -> &'n Narrowing,
    ) -> Option<Role> {
        let mut roles: Vec<RoleWords> = Vec::new();
        for segment in &doc.segments {
            let Some(range) = numbered_role(&segment.text) else {
                continue;
            };
            let text = &segment.text[range];
            if let Some(read) = self
                .read_title(text, &narrowing)
                .filter(|read| read.noun && read.roles.is_empty())
            {
                roles.push(RoleWords {
                    family: read.family,
                    words: text[with_qualifiers(text, &read.evidence)]
                        .trim()
                        .to_string(),
                });
            }
        }
        let first = roles.first()?.family;
        roles.iter().any(|role| role.family != first).then(|| {
            let words: Vec<&str> = roles.iter().map(|role| role.words.as_str()).collect();
            Role {
                family: Family::Multi,
                source: RoleSource::Title,
                evidence: Some(words.join(", ")),
                roles,
                title: None,
            }
        })
    }

    /// Every role the table finds in `text`, without overlaps: where two matches overlap,
    /// the entry tried first wins ("Research Engineer" over "Engineer"). In text order.
    fn role_matches(&self, text: &str, narrowing: &Narrowing) -> Vec<RoleMatch> {
        let mut all: Vec<RoleMatch> = Vec::new();
        for (priority, (family, pattern)) in self.entries.iter().enumerate() {
            for range in pattern.find_all_in(text, narrowing) {
                all.push(RoleMatch {
                    family: *family,
                    priority,
                    noun: is_role_noun(&text[range.clone()]) && ends_a_role(&text[range.end..]),
                    range,
                });
            }
        }
        all.sort_by_key(|m| (m.priority, m.range.start));
        let mut kept: Vec<RoleMatch> = Vec::new();
        for m in all {
            if kept
                .iter()
                .all(|k| m.range.end <= k.range.start || m.range.start >= k.range.end)
            {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.range.start);
        kept
    }

    /// Every title is read with every entry: compiled together, on every core, each as
    /// `narrowing` holds it, once per posting before its first title is read; with `read`
    /// (the texts titles are read from), only the entries that may match it (see
    /// `Pattern::may_match`: the others compile if a text needs them).
    fn compile(&self, narrowing: &Narrowing, read: Option<&str>) {
        let entries = self.entries.iter().map(|(_, pattern)| pattern);
        Pattern::compile_all_in(
            entries.filter(|pattern| read.is_none_or(|read| pattern.may_match(read))),
            narrowing,
        );
    }

    /// The entries' alternatives that the texts `classify_narrowed` reads titles from can
    /// match (see `Pattern::narrowed_for`): the `role` and `family` fields, the title
    /// candidates and the hiring phrase. They are a few short lines, where the whole posting
    /// named most roles somewhere and kept most alternatives, whose compiling was most of
    /// classifying a posting. With those texts, one per line, lower-cased.
    fn narrowing(
        &self,
        doc: &Document,
        candidates: &[Candidate<'_>],
        hiring: Option<(&Segment, Range<usize>)>,
    ) -> (Narrowing, String) {
        let mut read = String::new();
        for key in ["role", "family"] {
            if let Some(field) = doc.front_matter.get(key) {
                read.push_str(&field.value);
                read.push('\n');
            }
        }
        for candidate in candidates {
            read.push_str(&candidate.segment.text[candidate.range.clone()]);
            read.push('\n');
        }
        if let Some((segment, phrase)) = hiring {
            read.push_str(&segment.text[phrase]);
        }
        read.make_ascii_lowercase();
        let narrowing =
            Narrowing::for_posting(self.entries.iter().map(|(_, p)| p), || Some(read.as_str()));
        (narrowing, read)
    }

    /// Reads one title: picks the part that names the role in a header line ("Acme | ML
    /// Engineer | Remote | $150k"), and tells one role from several.
    /// `narrowing` is asked for only when the title is read afresh: a posting whose titles
    /// were all read before compiles nothing.
    fn read_title<'n>(
        &self,
        title: &str,
        narrowing: impl FnOnce() -> &'n Narrowing,
    ) -> Option<TitleRead> {
        let read = || self.read.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = read().get(title) {
            return known.clone();
        }
        // Read unlocked: another thread may read the same title meanwhile, to the same end.
        let answer = self.read_title_afresh(title, narrowing());
        let mut read = read();
        if read.len() >= TITLE_READS {
            read.clear();
        }
        read.insert(title.into(), answer.clone());
        answer
    }

    fn read_title_afresh(&self, title: &str, narrowing: &Narrowing) -> Option<TitleRead> {
        let parts = header_parts(title);
        let found: Vec<(Range<usize>, Vec<RoleMatch>)> = parts
            .into_iter()
            .map(|part| {
                let matches = self
                    .role_matches(&title[part.clone()], narrowing)
                    .into_iter()
                    .map(|m| RoleMatch {
                        range: part.start + m.range.start..part.start + m.range.end,
                        ..m
                    })
                    .collect();
                (part, matches)
            })
            .filter(|(_, m): &(Range<usize>, Vec<RoleMatch>)| !m.is_empty())
            .collect();
        // The part that names a person ("Senior ML Engineer") over one that names a field
        // ("Engineering"); the first such part otherwise.
        let (part, _) = found
            .iter()
            .find(|(_, m)| m.iter().any(|m| m.noun))
            .or(found.first())?;
        let nouns: Vec<&RoleMatch> = found
            .iter()
            .flat_map(|(_, m)| m.iter().filter(|m| m.noun))
            .collect();
        let best = found
            .iter()
            .filter(|(p, _)| p == part)
            .flat_map(|(_, m)| m.iter())
            .min_by_key(|m| m.priority)?;
        let mut read = TitleRead {
            family: best.family,
            evidence: best.range.clone(),
            part: part.clone(),
            noun: best.noun,
            roles: Vec::new(),
        };
        let mut combined = false;
        for pair in nouns.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.family == b.family {
                continue;
            }
            let between = &title[a.range.end..b.range.start.max(a.range.end)];
            let bare_second = !title[b.range.clone()].trim().contains(' ');
            let research_and_engineering = [a.family, b.family]
                .iter()
                .any(|f| matches!(f, Family::Researcher | Family::Hybrid))
                && [a.family, b.family]
                    .iter()
                    .any(|f| matches!(f, Family::Engineer | Family::Hybrid));
            let joined = between.contains('/')
                || [" - ", " \u{2013} ", " \u{2014} "]
                    .iter()
                    .any(|dash| between.contains(dash));
            if joined || (bare_second && (between.contains('&') || between.contains(" and "))) {
                // One person, two names: "ML Researcher / Engineer" is both by design.
                combined |= research_and_engineering;
            } else if between.contains(['+', '&', ';', '|']) || between.contains(" and ") {
                read.roles = distinct_roles(title, &nouns);
            } else if between.contains(',')
                && is_strong_noun(&title[a.range.clone()])
                && is_strong_noun(&title[b.range.clone()])
            {
                // "Backend Engineer, ML Researcher" names two jobs; "QA Engineer, Automation
                // Specialist" and "Director, Solutions Engineer" name one job twice.
                read.roles = distinct_roles(title, &nouns);
            }
        }
        if !read.roles.is_empty() {
            read.family = Family::Multi;
            let first = with_qualifiers(title, &nouns[0].range);
            let last = nouns[nouns.len() - 1].range.end;
            read.evidence = first.start..last;
            // The parts from the first role to the last.
            let parts = header_parts(title);
            let part_of = |at: usize| parts.iter().find(|p| p.contains(&at)).cloned();
            read.part = match (part_of(first.start), part_of(last - 1)) {
                (Some(a), Some(b)) => a.start..b.end,
                _ => first.start..last,
            };
        } else if combined {
            read.family = Family::Hybrid;
            read.evidence = nouns[0].range.start..nouns[nouns.len() - 1].range.end;
        }
        Some(read)
    }
}

/// A role found in a title.
#[derive(Debug, Clone)]
struct RoleMatch {
    family: Family,
    /// Index of the table entry: lower is tried first.
    priority: usize,
    range: Range<usize>,
    /// Ends with a word for a person ("Engineer", "Scientist"), not a field ("Engineering").
    noun: bool,
}

/// What a title says, in ranges of the title text.
#[derive(Debug, Clone)]
struct TitleRead {
    family: Family,
    evidence: Range<usize>,
    /// The part of a header line that names the role.
    part: Range<usize>,
    noun: bool,
    roles: Vec<RoleWords>,
}

impl TitleRead {
    fn into_role(
        self,
        text: &str,
        source: RoleSource,
        title: Option<(String, Range<usize>)>,
    ) -> Role {
        Role {
            family: self.family,
            source,
            evidence: Some(text[self.evidence].trim().to_string()),
            roles: self.roles,
            title,
        }
    }
}

fn distinct_roles(title: &str, nouns: &[&RoleMatch]) -> Vec<RoleWords> {
    nouns
        .iter()
        .map(|m| RoleWords {
            family: m.family,
            words: title[with_qualifiers(title, &m.range)].trim().to_string(),
        })
        .collect()
}

/// Where a title that opens a run-on text ends: past its role's words, over the capitalised
/// words that go on naming the job ("Research Scientist Intern, NLP (Summer 2026) - Kelpbridge
/// …" is "Research Scientist Intern, NLP"), up to a separator, a bracket or a lower-case word.
fn run_on_title_end(text: &str, role_end: usize) -> usize {
    let mut end = role_end;
    loop {
        let rest = &text[end..];
        let gap = if rest.starts_with(", ") {
            2
        } else if rest.starts_with(' ') {
            1
        } else {
            return end;
        };
        let word = rest[gap..].split([' ', ',']).next().unwrap_or_default();
        if !word.starts_with(char::is_uppercase) {
            return end;
        }
        // A line break lost before the next line ("PlatformTallyho Games"): the title ends
        // at it.
        if let Some(glue) = lost_line_break(word) {
            return end + gap + glue;
        }
        // The location on the next line: "Research Scientist II Austin, TX (Hybrid)".
        if is_us_state_after(&rest[gap + word.len()..]) {
            return end;
        }
        end += gap + word.len();
    }
}

/// Whether `rest` opens with ", " and a US state's code ("…Austin, TX"): the word before it
/// is a city.
fn is_us_state_after(rest: &str) -> bool {
    const STATES: &str = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI \
        MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY";
    let Some(code) = rest.strip_prefix(", ").and_then(|r| r.get(..2)) else {
        return false;
    };
    let ends = !rest[4..].starts_with(|c: char| c.is_alphanumeric());
    ends && code.bytes().all(|b| b.is_ascii_uppercase()) && STATES.split(' ').any(|s| s == code)
}

/// Where a word is two glued together ("PlatformTallyho"): a capitalised word after five or
/// more lower-case letters. Names ("JavaScript", "PowerPoint", "PostgreSQL", "LinkedIn") are
/// not.
fn lost_line_break(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let mut lower = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_lowercase() {
            lower += 1;
            continue;
        }
        let capitalised_word = b.is_ascii_uppercase()
            && bytes[i + 1..]
                .iter()
                .take(2)
                .filter(|b| b.is_ascii_lowercase())
                .count()
                == 2;
        if lower >= 5 && capitalised_word {
            return Some(i);
        }
        lower = 0;
    }
    None
}

/// A role's words with the qualifiers before them, back to the previous separator:
/// "Founding Engineer" in "Quarry | Founding Engineer + Founding Research Scientist".
fn with_qualifiers(title: &str, role: &Range<usize>) -> Range<usize> {
    let before = &title[..role.start];
    let start = before
        .rfind([',', '+', '&', ';', '/', '|', '(', '\u{b7}', '\u{2022}'])
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .max(before.rfind(" and ").map(|i| i + 5))
        .unwrap_or(0);
    let words = &title[start..role.end];
    let lead = words.len() - words.trim_start().len();
    start + lead..role.end
}

/// Whether the words after a role noun leave it a person ("Engineer II", "Engineer, Search",
/// "Engineers (Remote)") rather than a modifier ("Developer Experience", "Designer UX").
fn ends_a_role(after: &str) -> bool {
    let after = after.trim_start();
    let Some(first) = after.chars().next() else {
        return true;
    };
    if !first.is_alphanumeric() {
        return true;
    }
    let word: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "i" | "ii"
            | "iii"
            | "iv"
            | "v"
            | "vi"
            | "1"
            | "2"
            | "3"
            | "4"
            | "5"
            | "intern"
            | "interns"
            | "internship"
            | "at"
            | "for"
            | "in"
            | "with"
            | "and"
            | "or"
            | "to"
            | "on"
            | "of"
            | "lead"
            | "remote"
            | "onsite"
            | "hybrid"
            | "contract"
            | "full"
            | "part"
            | "senior"
            | "staff"
            | "needed"
            | "wanted"
    )
}

/// A role noun that names a job of its own, not a level or a second name for one.
fn is_strong_noun(words: &str) -> bool {
    let last = words
        .trim()
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let singular = last.strip_suffix('s').unwrap_or(&last);
    matches!(
        singular,
        "engineer"
            | "developer"
            | "programmer"
            | "scientist"
            | "researcher"
            | "designer"
            | "manager"
            | "analyst"
            | "architect"
            | "recruiter"
            | "writer"
            | "marketer"
            | "postdoc"
            | "swe"
            | "sde"
            | "sre"
    )
}

/// Whether matched title words end with a word for a person.
fn is_role_noun(words: &str) -> bool {
    const NOUNS: &[&str] = &[
        "engineer",
        "developer",
        "programmer",
        "scientist",
        "researcher",
        "manager",
        "designer",
        "analyst",
        "architect",
        "recruiter",
        "sourcer",
        "lead",
        "director",
        "head",
        "fellow",
        "postdoc",
        "resident",
        "intern",
        "writer",
        "marketer",
        "consultant",
        "specialist",
        "coordinator",
        "staff",
        "swe",
        "sde",
        "sre",
        "mlops",
        "devops",
        "vp",
        "president",
        "chief",
        "trainer",
        "tutor",
        "annotator",
        "executive",
        "entwickler",
        "entwicklerin",
        "ingenieur",
        "ingénieur",
        "ingeniero",
        "engenheiro",
        "développeur",
        "desarrollador",
        "desenvolvedor",
        "eng",
        "dev",
        "modeler",
        "officer",
        "advocate",
    ];
    let last = words
        .trim()
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let singular = last.strip_suffix('s').unwrap_or(&last);
    NOUNS.contains(&last.as_str())
        || NOUNS.contains(&singular)
        || last.ends_with("entwickler")
        || last.ends_with("entwicklerin")
}

/// The parts of a header line: "Acme (YC W24) | Founding Engineer | NYC | $180k" has four.
/// A title without separators is one part.
fn header_parts(title: &str) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in title.char_indices() {
        if matches!(c, '|' | '\u{b7}' | '\u{2022}') {
            parts.push(start..i);
            start = i + c.len_utf8();
        }
    }
    parts.push(start..title.len());
    parts
        .into_iter()
        .map(|r| {
            // "Position: Research Lead" is a labelled part: the value is the role.
            let r = match labelled_title(&title[r.clone()]) {
                Some(value) => r.start + value.start..r.start + value.end,
                None => r,
            };
            let piece = &title[r.clone()];
            let lead = piece.len() - piece.trim_start().len();
            r.start + lead..r.start + piece.trim_end().len().max(lead)
        })
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
        .enumerate()
        // In a header line, a long part is a description, not a header field.
        .filter(|(i, r)| r.len() <= 100 || (*i == 0 && !title.contains('|')))
        .map(|(_, r)| r)
        .collect()
}

/// Where a job title may be, in order: the document's title; a `Position:`/`Job Title:`
/// line; early headings that are not section headings (a company name often comes first);
/// short lines at the top. Each candidate is a segment and a range of its text.
fn title_candidates(doc: &Document) -> Vec<Candidate<'_>> {
    let mut out: Vec<Candidate<'_>> = Vec::new();
    let mut push = |segment, range, lead| {
        out.push(Candidate {
            segment,
            range,
            lead,
        })
    };
    if let Some(title) = &doc.title {
        // "Job Title: …", "Fennel Robotics is hiring a Research Scientist": the role words.
        let range = labelled_title(&title.text)
            .or_else(|| hiring_phrase(&title.text))
            .unwrap_or(0..title.text.len());
        push(title, range, false);
    }
    let early = doc
        .segments
        .iter()
        .filter(|s| s.kind != SegmentKind::Field)
        .take(12);
    for segment in early.clone() {
        if let Some(range) = labelled_title(&segment.text) {
            push(segment, range, false);
        }
    }
    // Text that lost its line breaks starts with the title glued to what follows: "Research
    // Scientist, Reinforcement Learning Quarry Labs New York City …". Under a title that names
    // no role (an export's first line is often the company), the first paragraph may too:
    // read after the short lines at the top.
    let lead = doc.segments.iter().find(|s| s.kind == SegmentKind::Body);
    let lead = lead.map(|first| (first, 0..floor_char_boundary(&first.text, LEAD_TITLE_REACH)));
    if doc.title.is_none()
        && let Some((first, range)) = lead.clone()
    {
        push(first, range, true);
    }
    for segment in early.take(6) {
        let text = segment.text.trim();
        // A paragraph is no title: its words are not counted.
        if text.len() > 120 {
            continue;
        }
        let words = text.split_whitespace().count();
        let title_shaped = !text.ends_with(['.', '!', '?', ':'])
            && crate::document::sections::classify_heading(text).is_none();
        // A short line at the top can be the title; a short sentence about the team
        // ("Join our team of researchers") cannot.
        let heading = segment.kind == SegmentKind::Heading && words <= 14;
        let top_line = segment.section == SectionKind::Summary
            && words <= 8
            && !text.split_whitespace().any(|w| {
                matches!(
                    w.to_ascii_lowercase()
                        .trim_matches(|c: char| !c.is_alphanumeric()),
                    "we" | "our" | "you" | "your" | "join" | "are" | "is" | "us"
                )
            });
        if title_shaped && (heading || top_line) {
            push(segment, 0..segment.text.len(), false);
        }
    }
    if doc.title.is_some()
        && let Some((first, range)) = lead
    {
        push(first, range, true);
    }
    out
}

/// The role of a numbered opening's line, "Role 1: Research Scientist", "Position B - Data
/// Engineer", "Opening #2: …": the range after the number and its separator.
fn numbered_role(text: &str) -> Option<Range<usize>> {
    // Every segment of every posting comes here: most are answered by their first byte.
    if text.len() > 100 || !matches!(text.as_bytes().first()?, b'R' | b'P' | b'O' | b'J' | b'V') {
        return None;
    }
    let (word, _) = text.split_once(' ')?;
    if !["Role", "Position", "Opening", "Job", "Vacancy"].contains(&word) {
        return None;
    }
    // Offsets into `text` of what is left to read.
    let rest_from = |at: usize| text.len() - text[at..].trim_start().len();
    let at = rest_from(word.len());
    let at = at + usize::from(text[at..].starts_with('#'));
    let number = &text[at..at
        + text[at..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count()];
    let numbered = if number.bytes().all(|b| b.is_ascii_digit()) {
        (1..=2).contains(&number.len())
    } else {
        number.len() == 1 && number.bytes().all(|b| b.is_ascii_uppercase())
    };
    let at = rest_from(at + number.len());
    let separator = text[at..].chars().next()?;
    if !numbered || !matches!(separator, ':' | '.' | '-' | '\u{2013}' | '\u{2014}') {
        return None;
    }
    let start = rest_from(at + separator.len_utf8());
    let end = start + text[start..].trim_end().len();
    (start < end).then_some(start..end)
}

/// Where a job title may be: a range of a segment's text. `lead`: the start of a run-on text,
/// where only a role named right at the start counts.
struct Candidate<'d> {
    segment: &'d Segment,
    range: Range<usize>,
    lead: bool,
}

/// How much of a run-on text's start is read for its title.
const LEAD_TITLE_REACH: usize = 60;

/// "Job Title: Senior ML Engineer", "Position: …", "Role: …": the range after the colon.
fn labelled_title(text: &str) -> Option<Range<usize>> {
    // Every segment read for a title comes here: the colon found with `memchr`, the label
    // compared without a lower-cased copy.
    let colon = memchr::memchr(b':', text.as_bytes())?;
    let label = text[..colon].trim();
    const LABELS: &[&str] = &[
        "job title",
        "title",
        "position",
        "role",
        "position title",
        "job",
        "opening",
        "vacancy",
        "job role",
        "position name",
        "we're hiring",
        "we are hiring",
        "hiring",
        "now hiring",
    ];
    if !LABELS.iter().any(|known| known.eq_ignore_ascii_case(label)) {
        return None;
    }
    let rest = &text[colon + 1..];
    let lead = rest.len() - rest.trim_start().len();
    // The value ends at a separator or at the next label ("Role: ML Engineer Location: Oslo").
    let mut value = rest.trim_start();
    if let Some(end) = value.find(['|', '\n']) {
        value = &value[..end];
    }
    if let Some(next) = next_label(value) {
        value = &value[..next];
    }
    let value = value.trim_end();
    (!value.is_empty() && value.len() <= 120)
        .then(|| colon + 1 + lead..colon + 1 + lead + value.len())
}

/// Where a second "Label:" starts in a value: a capitalised word of a few words ending with
/// a colon ("Senior ML Engineer Location: Oslo" → at "Location").
fn next_label(value: &str) -> Option<usize> {
    let colon = value.find(':')?;
    let before = &value[..colon];
    let start = before.rfind(' ').map_or(0, |i| i + 1);
    let word = &before[start..];
    (start > 0 && word.chars().next().is_some_and(char::is_uppercase)).then_some(start)
}

/// A sentence near the top that says who is hired ("We're hiring a Research Scientist to …"),
/// for postings whose title names no role.
fn hiring_sentence(doc: &Document) -> Option<(&Segment, Range<usize>)> {
    doc.segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Body)
        .take(5)
        .find_map(|segment| {
            hiring_phrase(&segment.text)
                .or_else(|| role_opening(&segment.text))
                .map(|range| (segment, range))
        })
}

/// How far a sentence that opens with a role is read for the "you" that addresses the hire.
const OPENING_REACH: usize = 300;

/// How far into a paragraph sentences are looked for that open with a role.
const OPENING_HEAD: usize = 2000;

/// Where a role named at a sentence's start ends: where the sentence goes on to say where the
/// role sits ("on the Audio team"), what it does ("focused on evals") or whom it addresses.
const ROLE_PHRASE_STOPS: &[&str] = &[
    " at ",
    " on ",
    " in ",
    " for ",
    " with ",
    " within ",
    " to ",
    " who ",
    " that ",
    " based ",
    " focused ",
    " focusing ",
    " you",
];

/// The role a sentence opens by addressing the reader in, for a posting without a title (a
/// careers page's body): "Research Engineer" in "As a Research Engineer on the
/// Interpretability team, you will …". Only a capitalised phrase, at a paragraph's or
/// sentence's start, in a sentence that goes on to say "you": "As a team, we …" and "As a
/// Series B startup, we …" name no hire.
fn role_opening(text: &str) -> Option<Range<usize>> {
    // After a run-in label too: "About the role: As a Research Engineer …". The first eight
    // sentences are read, which start in the first few hundred bytes of a paragraph.
    let head = &text[..floor_char_boundary(text, OPENING_HEAD)];
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(head.match_indices(". ").map(|(at, _)| at + 2))
        .chain(head.match_indices(": ").map(|(at, _)| at + 2))
        .collect();
    starts.sort_unstable();
    starts.into_iter().take(8).find_map(|start| {
        let rest = &text[start..];
        // "As a member of …" first (it starts as "As a " does): the role comes later, "As a
        // member of the Applied AI team, you will be a Forward Deployed Engineer".
        let (cue, role_later) = [
            ("As a member of ", true),
            ("As a ", false),
            ("As an ", false),
            ("As the ", false),
            ("As our ", false),
        ]
        .into_iter()
        .find(|(cue, _)| rest.starts_with(cue))?;
        if role_later {
            return you_will_be(text, start + cue.len());
        }
        let from = start + cue.len();
        let from = from + title_start(&text[from..])?;
        let sentence = sentence_from(text, from);
        // The phrase ends where the sentence says where the role sits, or at a comma.
        let end = phrase_end(sentence, ROLE_PHRASE_MARKS, ROLE_PHRASE_STOPS);
        let says_you = sentence[end..]
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .any(|word| {
                ["you", "you'll", "you\u{2019}ll", "you're", "you\u{2019}re"]
                    .iter()
                    .any(|you| word.eq_ignore_ascii_case(you))
            });
        let phrase = sentence[..end].trim_end();
        (says_you && !phrase.is_empty() && phrase.len() <= 100).then(|| from..from + phrase.len())
    })
}

/// Where a job title starts in `text`: at its start when it is capitalised, or after one word
/// in lower case before a capitalised one ("a technical Product Engineer", "a senior
/// Research Scientist"); `None` when neither ("a team", "a result").
fn title_start(text: &str) -> Option<usize> {
    let capitalised = |text: &str| text.starts_with(|c: char| c.is_uppercase());
    if capitalised(text) {
        return Some(0);
    }
    let next = text.find(' ')? + 1;
    (text[..next - 1]
        .chars()
        .all(|c| c.is_lowercase() || c == '-')
        && capitalised(&text[next..]))
    .then_some(next)
}

/// The sentence from `from`: up to its ". ", at most `OPENING_REACH` bytes.
fn sentence_from(text: &str, from: usize) -> &str {
    let end = text[from..]
        .find(". ")
        .map_or(text.len(), |end| from + end)
        .min(floor_char_boundary(text, from + OPENING_REACH));
    &text[from..end]
}

/// The marks that end a role phrase read at a sentence's start.
const ROLE_PHRASE_MARKS: &[char] = &[',', ';', ':', '('];

/// Where a phrase at the start of `text` ends: at the first of `marks`, or at the first of
/// `stops` before it (each looked for before the mark, not before the last stop found, so
/// that a stop that runs over another, " focused " over " on ", is still found).
fn phrase_end(text: &str, marks: &[char], stops: &[&str]) -> usize {
    let mark = text.find(marks).unwrap_or(text.len());
    stops
        .iter()
        .filter_map(|stop| text[..mark].find(stop))
        .fold(mark, usize::min)
}

/// The capitalised role after "you will be a" in the sentence from `from` ("…, you will be
/// a Forward Deployed Engineer (FDE) who …"), cut where `role_opening` cuts.
fn you_will_be(text: &str, from: usize) -> Option<Range<usize>> {
    let sentence = sentence_from(text, from);
    let at = [
        "you will be an ",
        "you will be a ",
        "you'll be an ",
        "you'll be a ",
        "you\u{2019}ll be an ",
        "you\u{2019}ll be a ",
    ]
    .into_iter()
    .find_map(|cue| sentence.find(cue).map(|at| at + cue.len()))?;
    let at = at + title_start(&sentence[at..])?;
    let phrase = &sentence[at..];
    let end = phrase_end(phrase, ROLE_PHRASE_MARKS, ROLE_PHRASE_STOPS);
    let role = phrase[..end].trim_end();
    (!role.is_empty() && role.len() <= 100).then(|| from + at..from + at + role.len())
}

/// How far past a hiring cue its phrase is read: the phrase is at most 100 bytes, and a stop
/// word (" who ") is found within it.
const HIRING_REACH: usize = 110;

/// The noun phrase after a hiring cue, without its article: "Research Scientist" in "We're
/// hiring a Research Scientist to join our team of engineers".
fn hiring_phrase(text: &str) -> Option<Range<usize>> {
    const CUES: &[&str] = &[
        "hiring",
        "looking for",
        "seeking",
        "searching for",
        "recruiting",
        "join us as",
        "join our team as",
        "opening for",
        "position of",
        "role of",
    ];
    // The first cue, then only the words after it lower-cased: the search covers the first
    // body segments of every posting read on its own.
    static CUE_FINDER: OnceLock<crate::literal_scan::LiteralScan> = OnceLock::new();
    let finder = CUE_FINDER.get_or_init(|| {
        crate::literal_scan::LiteralScan::ascii_case_insensitive(CUES).expect("ten short cues")
    });
    let cue = finder.find_first_leftmost(text.as_bytes(), false)?;
    let start = cue.end;
    // Lower-case from the cue's start, as far as the phrase and a stop word after it reach.
    let window = floor_char_boundary(text, (start + HIRING_REACH).min(text.len()));
    let rest = text[start..window].to_ascii_lowercase();
    // At most 100 bytes; "a Site Engineer in to the team" ends at " in " (see `phrase_end`).
    let end = phrase_end(
        &rest[..floor_char_boundary(&rest, 100)],
        &['.', ';', '!', '?', '\n', ',', '(', ':', '|'],
        &[
            " to ", " who ", " that ", " with ", " for ", " in ", " at ", " on ", " - ",
        ],
    );
    let end = floor_char_boundary(text, start + end);
    let phrase = &rest[..end - start];
    let mut skip = phrase.len() - phrase.trim_start().len();
    for article in ["a ", "an ", "the ", "our ", "two ", "several ", "multiple "] {
        if phrase[skip..].starts_with(article) {
            skip += article.len();
            break;
        }
    }
    let start = (start + skip).min(end);
    let end = start + text[start..end].trim_end().len();
    (start < end).then_some(start..end)
}

/// Compiles entries; a bad family or regex is reported at its span in `text`.
fn compile_entries(
    path: &str,
    text: &str,
    entries: &[RoleEntry],
) -> Result<Vec<(Family, Pattern)>, LoadError> {
    let err = |span, msg: String| LoadError::new(path, text, Some(span), msg);
    entries
        .iter()
        .map(|entry| {
            let family = Family::from_name(entry.family.get_ref()).ok_or_else(|| {
                err(
                    entry.family.span(),
                    "unknown family (expected engineer, researcher, hybrid or other)".into(),
                )
            })?;
            let regex = Pattern::parse(entry.patterns.iter().map(|p| p.get_ref().as_str()))
                .map_err(|e| {
                    err(
                        entry.patterns[e.index].span(),
                        format!("invalid regex: {}", e.reason),
                    )
                })?
                .ok_or_else(|| {
                    err(
                        entry.family.span(),
                        "an entry needs at least one pattern".into(),
                    )
                })?;
            Ok((family, regex))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrase after the first hiring cue, in any letter case, cut at punctuation, at a
    /// stop word (in any case) or at 100 bytes, without its article.
    #[test]
    fn the_hiring_phrase_is_read_after_the_first_cue() {
        let long = format!("We are HIRING a {} engineer", "very ".repeat(30));
        let accented = format!("Seeking an {}ingénieure Who codes", "x".repeat(95));
        // 100 bytes from the cue's end, " a " included.
        let cut_long = format!("{}ve", "very ".repeat(19));
        let cut_accented = format!("{}i", "x".repeat(95));
        let cases: [(&str, Option<&str>); 11] = [
            (
                "We're hiring a Research Scientist to join our team",
                Some("Research Scientist"),
            ),
            (
                "We're HIRING A Research Scientist To join",
                Some("Research Scientist"),
            ),
            (
                "Acme is Seeking several ML Engineers, then hiring more",
                Some("ML Engineers"),
            ),
            (
                "Join Our Team As the Staff Engineer who leads",
                Some("Staff Engineer"),
            ),
            ("Looking for: nothing", None),
            (
                "An opening for Two Data Scientists in Berlin",
                Some("Data Scientists"),
            ),
            ("no cue at all", None),
            ("hiring", None),
            (
                "We're hiring a Site Engineer in to the team",
                Some("Site Engineer"),
            ),
            (long.as_str(), Some(cut_long.as_str())),
            (accented.as_str(), Some(cut_accented.as_str())),
        ];
        for (text, expected) in cases {
            assert_eq!(hiring_phrase(text).map(|r| &text[r]), expected, "{text}");
        }
    }

    /// A title that opens a run-on text runs over the capitalised words after its role, and
    /// stops at a separator, a bracket, a lower-case word or a lost line break.
    #[test]
    fn a_run_on_title_ends_after_the_words_that_name_the_job() {
        let cases = [
            (
                "Research Scientist Intern, NLP (Summer 2026) - Kelpbridge",
                "Research Scientist",
                "Research Scientist Intern, NLP",
            ),
            (
                "Software Engineer, Experimentation PlatformTallyho Games builds",
                "Software Engineer",
                "Software Engineer, Experimentation Platform",
            ),
            (
                "Data Engineer JavaScript Tools - Remote",
                "Data Engineer",
                "Data Engineer JavaScript Tools",
            ),
            ("Staff Engineer at Acme", "Staff Engineer", "Staff Engineer"),
            ("Staff Engineer", "Staff Engineer", "Staff Engineer"),
        ];
        for (text, role, title) in cases {
            assert_eq!(&text[..run_on_title_end(text, role.len())], title, "{text}");
        }
    }

    /// The German, French, Spanish and Portuguese titles' match runs to the end of the word,
    /// through letters beyond ASCII and combining accents, and stops at a dash or a space.
    #[test]
    fn a_title_in_another_language_names_the_whole_word() {
        let table = RoleTable::builtin().unwrap();
        let nfd = "Ge\u{0301}ra\u{0308}teentwickler (m/w/d)";
        let cases = [
            ("Softwareentwicklerin (m/w/d)", "Softwareentwicklerin"),
            ("Geräteentwickler:in", "Geräteentwickler"),
            (nfd, "Ge\u{0301}ra\u{0308}teentwickler"),
            ("Full-Stack-Entwickler_in", "Entwickler_in"),
            ("Ingénieure logiciel", "Ingénieure"),
            ("Desenvolvedora Sênior", "Desenvolvedora"),
        ];
        for (title, evidence) in cases {
            let (family, range) = table.classify_title(title).expect(title);
            assert_eq!(
                (family, &title[range]),
                (Family::Engineer, evidence),
                "{title}"
            );
        }
    }

    #[test]
    fn titles_map_to_families() {
        let table = RoleTable::builtin().unwrap();
        let cases = [
            ("Senior Machine Learning Engineer", Family::Engineer),
            ("ML Engineer, Ranking", Family::Engineer),
            ("Staff Software Engineer, Inference", Family::Engineer),
            ("AI Engineer", Family::Engineer),
            ("Backend Developer (Go)", Family::Engineer),
            ("Softwareentwickler (m/w/d)", Family::Engineer),
            ("Research Scientist, Interpretability", Family::Researcher),
            ("AI Researcher", Family::Researcher),
            ("Machine Learning Scientist II", Family::Hybrid),
            ("Deep Learning Scientist", Family::Hybrid),
            ("Computational Scientist, Genomics", Family::Hybrid),
            ("Research Lead, Pretraining", Family::Researcher),
            ("Applied Research Lead", Family::Hybrid),
            ("Member of Technical Staff", Family::Engineer),
            ("Member of Technical Staff, Research", Family::Researcher),
            ("MTS - Inference", Family::Engineer),
            ("Technical Lead, Payments", Family::Engineer),
            ("Sr. Backend Dev", Family::Engineer),
            ("Software Eng II", Family::Engineer),
            ("AI Resident", Family::Other),
            (
                "Quality Engineer (Software), Remote, Portugal Residents only",
                Family::Engineer,
            ),
            ("Research Residency 2026", Family::Other),
            ("Machine Learning Researcher / Engineer", Family::Hybrid),
            ("Senior Engineer or Scientist, Hardware", Family::Hybrid),
            ("Scientist/Engineer, Pretraining", Family::Hybrid),
            (
                "Senior Rust Developer - Protocol Researcher",
                Family::Hybrid,
            ),
            ("Quantitative Researcher", Family::Other),
            ("Policy Researcher, AI Governance", Family::Other),
            ("Leadership Researcher", Family::Other),
            ("Vulnerability Researcher", Family::Other),
            ("Staffing Researcher", Family::Other),
            ("Distinguished Scientist", Family::Researcher),
            ("Structural Engineer", Family::Other),
            (
                "Infrastructure Talent Pool (Storage Engineer, SRE)",
                Family::Engineer,
            ),
            ("Research Software Engineer", Family::Engineer),
            (
                "Research Scientist, Engineering Productivity",
                Family::Researcher,
            ),
            (
                "Founding Engineer + Founding Research Scientist",
                Family::Multi,
            ),
            (
                "Software Engineers, Data Scientists and Designers",
                Family::Multi,
            ),
            (
                "Acme AI | Founding ML Engineer | NYC | $180k-$220k",
                Family::Engineer,
            ),
            (
                "Acme (YC W24) | Research Scientist, Founding Engineer | SF",
                Family::Multi,
            ),
            ("Senior Data Scientist - ML Engineer", Family::Other),
            ("QA Engineer, Automation Specialist", Family::Engineer),
            ("Director, Solution Engineer", Family::Other),
            ("Developer Advocate, Developer Experience", Family::Other),
            ("Frontend Engineer, Designer UX", Family::Engineer),
            (
                "Acme | Senior Backend Engineer, ML Researcher | Remote",
                Family::Multi,
            ),
            ("Research Engineer, Pretraining", Family::Hybrid),
            ("Research Engineer / Scientist, Alignment", Family::Hybrid),
            ("Research Scientist/Engineer, Honesty", Family::Hybrid),
            ("Applied Scientist", Family::Hybrid),
            ("Senior Data Scientist", Family::Other),
            ("Engineering Manager, Platform", Family::Other),
            ("Recruiter, AI Research", Family::Other),
            ("Solutions Architect, Applied AI", Family::Other),
            ("Office Coordinator", Family::Other),
            ("Senior Software Engineer, Marketing", Family::Engineer),
            ("Sr Embedded Software Architect", Family::Engineer),
            ("Software Developer - AI Trainer", Family::Engineer),
            ("Senior UX Researcher", Family::Other),
            ("Threat Researcher", Family::Other),
            ("Threat Research Engineer (Web Security)", Family::Engineer),
            ("Anthropic AI Safety Fellow", Family::Researcher),
            ("Scientist, Machine Learning", Family::Hybrid),
            ("Scientist, Alignment", Family::Researcher),
            ("Scientist, Protein Machine Learning", Family::Hybrid),
            ("Scientist II, Machine Learning - Clinical", Family::Hybrid),
            ("Senior Food Scientist", Family::Other),
            ("Clinical Scientist II", Family::Other),
            ("Presidential Innovation Fellows", Family::Other),
            ("Frontend Wizard", Family::Engineer),
            ("Senior Python Ninja", Family::Engineer),
            ("Full-Stack JavaScript Guru", Family::Engineer),
            ("Backend Rockstar (Go)", Family::Engineer),
            ("Marketing Ninja", Family::Other),
            ("Data Wizard", Family::Other),
            ("Growth Hacker", Family::Other),
        ];
        for (title, family) in cases {
            assert_eq!(
                table
                    .classify_title(title)
                    .map(|(f, _)| f)
                    .unwrap_or(Family::Other),
                family,
                "{title}"
            );
        }
    }

    /// A title read before is answered from the table's memory, as it was read the first
    /// time, and a title never read is read afresh.
    #[test]
    fn a_title_read_again_is_answered_as_it_was_read_first() {
        let titles = [
            "Senior Software Engineer",
            "Research Scientist, LLM Pretraining",
            "Senior Software Engineer",
            "Senior Software Engineering Manager",
            "Acme | ML Researcher / Engineer | Remote",
            "Research Scientist, LLM Pretraining",
            "Acme | ML Researcher / Engineer | Remote",
        ];
        let shared = RoleTable::builtin().unwrap();
        for title in titles {
            let fresh = RoleTable::builtin().unwrap().classify_title(title);
            assert_eq!(shared.classify_title(title), fresh, "{title}");
        }
        // Four distinct titles, each kept once.
        assert_eq!(shared.read.lock().unwrap().len(), 4);
        // A clone shares what the table read; another table starts with nothing.
        assert_eq!(shared.clone().read.lock().unwrap().len(), 4);
        let first = shared.with_first("t.toml", "", &[]).unwrap();
        assert!(first.read.lock().unwrap().is_empty());
    }

    fn read(text: &str, format: crate::document::Format) -> (Family, Option<String>) {
        let table = RoleTable::builtin().unwrap();
        let source = std::sync::Arc::new(crate::source::SourceFile::new("t", text));
        let doc = Document::parse(&source, format);
        let role = table.classify(&doc);
        let title = role
            .title
            .as_ref()
            .map(|(t, range)| {
                assert_eq!(
                    &source.text[range.clone()],
                    t,
                    "the title's range is its words"
                );
                t.clone()
            })
            .or_else(|| doc.title_text().map(str::to_string));
        (role.family, title)
    }

    #[test]
    fn the_job_title_is_found_where_a_recruiter_looks() {
        use crate::document::Format::{Markdown, Text};
        let cases: &[(&str, crate::document::Format, Family, Option<&str>)] = &[
            // A header line: the role part.
            (
                "Acme Robotics (YC W24) | Founding ML Engineer | Boston | $160k-$200k\n\nWe build arms.",
                Text,
                Family::Engineer,
                Some("Founding ML Engineer"),
            ),
            // A company name first, the role in the next heading.
            (
                "# Acme Corp\n\n## Senior Research Scientist\n\nYou will study ranking.",
                Markdown,
                Family::Researcher,
                Some("Senior Research Scientist"),
            ),
            // A labelled title line.
            (
                "Job Title: Research Scientist, Speech\nLocation: Remote\n\nYou will train models.",
                Text,
                Family::Researcher,
                Some("Research Scientist, Speech"),
            ),
            // A blurb first: the hiring sentence names the role.
            (
                "We're a small lab in Lisbon building speech models for call centres.\nWe're hiring a Machine Learning Engineer to own our serving stack.\n",
                Text,
                Family::Engineer,
                Some("Machine Learning Engineer"),
            ),
            // A sentence about the team is not a title, and a chef is not an engineer.
            (
                "# Acme\n\nJoin our team of researchers\n\nWe're looking for a chef to join our team of engineers.",
                Markdown,
                Family::Other,
                Some("Acme"),
            ),
            // Several roles in the body, none in the title.
            (
                "Acme | SF | Onsite\n\nWe are hiring senior backend engineers and research scientists.",
                Text,
                Family::Multi,
                Some("senior backend engineers and research scientists"),
            ),
            // A careers page's body without a title: the sentence that opens by addressing
            // the hire names the role.
            (
                "<h2>About us</h2>\n<p>We build safe speech models.</p>\n<h2>About the role</h2>\n<p>As a Research Engineer on the Audio team, you will train and ship our models.</p>",
                crate::document::Format::Html,
                Family::Hybrid,
                Some("Research Engineer"),
            ),
            (
                "<h2>About the role:&nbsp;</h2>\n<p>As a Research Scientist/Engineer focused on honesty, you\u{2019}ll lead our evals.</p>",
                crate::document::Format::Html,
                Family::Hybrid,
                Some("Research Scientist/Engineer"),
            ),
            (
                "<p>We are a lab. As an ML Systems Engineer, you'll own our training cluster.</p>",
                crate::document::Format::Html,
                Family::Engineer,
                Some("ML Systems Engineer"),
            ),
            (
                "<p>About the role: As a member of the Field team, you will be a Forward Deployed Engineer (FDE) who works with customers.</p>",
                crate::document::Format::Html,
                Family::Engineer,
                Some("Forward Deployed Engineer"),
            ),
            (
                "<p>As a member of the Applied team, you will be a technical Product Engineer who advises customers.</p>",
                crate::document::Format::Html,
                Family::Engineer,
                Some("Product Engineer"),
            ),
            // Not the hire: the company, a team, a lower-case phrase, no "you".
            (
                "<p>As a Series B startup, we move fast. As a team we ship weekly. As a research engineer you will code.</p>",
                crate::document::Format::Html,
                Family::Other,
                None,
            ),
            // An export whose first line is the company: the title opens the next lines,
            // up to the city ("Austin, TX").
            (
                "Ironbark Analytics\nResearch Scientist II\nAustin, TX (Hybrid)\nFull-time | Job ID R-10388\n\nWe estimate foot traffic.",
                Text,
                Family::Researcher,
                Some("Research Scientist II"),
            ),
            // Numbered openings of different families: several roles.
            (
                "# Two openings on the Models team\n\nWe are hiring for two roles.\n\n## Role 1: Research Scientist\n\n- Publish.\n\n## Role 2: Machine Learning Engineer\n\n- Deploy.",
                Markdown,
                Family::Multi,
                Some("Two openings on the Models team"),
            ),
            // Numbered openings of one family: the title says which.
            (
                "# Platform openings\n\n## Position A - Backend Engineer\n\n- Go.\n\n## Position B - Site Reliability Engineer\n\n- On-call.",
                Markdown,
                Family::Engineer,
                Some("Position A - Backend Engineer"),
            ),
            // A hyphenated title names both.
            (
                "# Research Scientist-Engineer, Multimodal\n\nYou will train and ship models.",
                Markdown,
                Family::Hybrid,
                Some("Research Scientist-Engineer, Multimodal"),
            ),
        ];
        for (text, format, family, title) in cases {
            let (got_family, got_title) = read(text, *format);
            assert_eq!(
                (got_family, got_title.as_deref()),
                (*family, *title),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bad_pattern_points_into_the_file() {
        let text = "[[match]]\nfamily = \"engineer\"\npatterns = ['(unclosed']\n";
        let err = RoleTable::parse("roles.toml", text).unwrap_err();
        assert_eq!(&text[err.span.clone().unwrap()], "'(unclosed'");
    }
}
