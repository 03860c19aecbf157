//! Technologies and their first public release (`lints/_technologies.toml`), for the rule that
//! flags more years of experience than a technology has existed.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use aho_corasick::MatchKind;
use serde::Deserialize;

use super::on_first_use::OnFirstUse;
use crate::automaton::Upgrading;
use crate::extract::date::Date;
use crate::rules::LoadError;

/// Statements' subjects searched with the names' table before their automaton becomes a DFA
/// (see `automaton`): a run of a few postings never builds it; a long run does within its
/// first few hundred statements, after which a subject is read in one pass instead of being
/// probed at every letter (bulk's 7,227 subjects were 367,000 probes, about 1% of the run).
const UPGRADE_AFTER: usize = 16 << 10;

pub const BUILTIN_PATH: &str = "lints/_technologies.toml";
pub const BUILTIN: &str = include_str!("../../lints/_technologies.toml");

/// One technology.
#[derive(Debug, Clone)]
pub struct Technology {
    pub name: String,
    pub released: Date,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    technology: Vec<toml::Spanned<Entry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Entry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    released: toml::value::Datetime,
    source: String,
    /// The name matches only as written ("Go", not "go-to-market"); aliases never are.
    #[serde(default)]
    case_sensitive: bool,
}

/// The technology table, read the first time a posting states years of experience: most runs
/// of one posting never need it, and reading its TOML was an eighth of start-up.
#[derive(Debug, Clone)]
pub struct Technologies {
    table: OnFirstUse<Read>,
}

/// Every technology, with its names and aliases in one automaton (`automaton`), built on
/// first use too.
#[derive(Debug, Clone)]
struct Read {
    list: Vec<Technology>,
    /// The names and aliases lower-cased (ASCII), each once, in the table's order.
    words: Vec<String>,
    /// For each of `words`: its first pattern (a later name or alias spelled alike is never
    /// the leftmost-longest match's pattern).
    pattern_of: Vec<usize>,
    automaton: Arc<OnceLock<Upgrading>>,
    /// For each pattern: the technology, and the exact spelling it must have if any.
    patterns: Vec<(usize, Option<String>)>,
}

impl Technologies {
    /// The built-in table, read on first use; the tests read it whole (`parse`).
    pub fn builtin() -> Result<Technologies, LoadError> {
        Ok(Technologies {
            table: OnFirstUse::new(BUILTIN_PATH, BUILTIN),
        })
    }

    /// Reads the table in `text` now, or says why it cannot be read.
    pub fn parse(path: &'static str, text: &'static str) -> Result<Technologies, LoadError> {
        Ok(Technologies {
            table: OnFirstUse::read_now(path, text, Read::parse)?,
        })
    }

    fn read(&self) -> Option<&Read> {
        self.table.get(Read::parse)
    }

    /// The first technology named in `text` as whole words, and where.
    pub fn find(&self, text: &str) -> Option<(&Technology, Range<usize>)> {
        self.read()?.find(text)
    }

    pub fn len(&self) -> usize {
        self.read().map_or(0, |read| read.list.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Read {
    fn parse(path: &str, text: &str) -> Result<Read, LoadError> {
        let file: File = toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        let mut list = Vec::new();
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for spanned in file.technology {
            let span = spanned.span();
            let entry = spanned.into_inner();
            let released = Date::parse(&entry.released.to_string()).ok_or_else(|| {
                LoadError::new(path, text, Some(span.clone()), "`released` must be a date")
            })?;
            let index = list.len();
            words.push(entry.name.clone());
            patterns.push((index, entry.case_sensitive.then(|| entry.name.clone())));
            for alias in &entry.aliases {
                words.push(alias.clone());
                patterns.push((index, None));
            }
            list.push(Technology {
                name: entry.name,
                released,
                source: entry.source,
            });
        }
        if let Some((at, _)) = words.iter().enumerate().find(|(_, w)| w.is_empty()) {
            return Err(LoadError::new(
                path,
                text,
                None,
                format!("technology {at}: an empty name"),
            ));
        }
        let mut lowered: Vec<String> = Vec::with_capacity(words.len());
        let mut pattern_of = Vec::with_capacity(words.len());
        let mut seen = std::collections::HashSet::new();
        for (pattern, word) in words.iter().enumerate() {
            let word = word.to_ascii_lowercase();
            if seen.insert(word.clone()) {
                lowered.push(word);
                pattern_of.push(pattern);
            }
        }
        Ok(Read {
            list,
            words: lowered,
            pattern_of,
            automaton: Arc::default(),
            patterns,
        })
    }

    fn automaton(&self) -> &Upgrading {
        self.automaton.get_or_init(|| {
            Upgrading::new(
                MatchKind::LeftmostLongest,
                self.words.iter().map(|w| Cow::Owned(w.clone())).collect(),
                UPGRADE_AFTER,
            )
        })
    }

    fn find(&self, text: &str) -> Option<(&Technology, Range<usize>)> {
        self.automaton()
            .with_matches_lowered(text, |found| self.first_whole_word(text, found))
    }

    /// The first of `found` (leftmost-longest matches, in order) that is a whole word spelled
    /// as its technology requires.
    fn first_whole_word(
        &self,
        text: &str,
        found: &[crate::literal_scan::Found],
    ) -> Option<(&Technology, Range<usize>)> {
        // The first name that is a whole word ends the search: a statement's subject runs to
        // the end of its sentence, and the name mostly comes first ("5+ years of Python").
        found.iter().find_map(|m| {
            self.whole_word(text, m.literal as usize, m.start..m.end)
                .or_else(|| {
                    // Only a name that runs on into a longer word can hold a shorter one that
                    // ends where a word does.
                    let runs_on = text[m.end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                    runs_on
                        .then(|| self.shorter_whole_word(text, m.start..m.end))
                        .flatten()
                })
        })
    }

    /// Technology `literal` at `range` of `text`, when it is a whole word there, spelled as its
    /// technology requires.
    fn whole_word(
        &self,
        text: &str,
        literal: usize,
        range: Range<usize>,
    ) -> Option<(&Technology, Range<usize>)> {
        let (index, exact) = &self.patterns[self.pattern_of[literal]];
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let word = before.is_none_or(|c| !c.is_alphanumeric())
            && after.is_none_or(|c| !c.is_alphanumeric());
        // An ordinary word spelled as the name: "Go" but not "go" or "Go-to-market".
        let exact_ok = exact.as_ref().is_none_or(|name| {
            &text[range.clone()] == name && after != Some('-') && before != Some('-')
        });
        (word && exact_ok).then(|| (&self.list[*index], range))
    }

    /// The longest name shorter than `longest` that starts where it does and is a whole word:
    /// the longest name is not always one ("Segment Anything models" holds the alias "Segment
    /// Anything Model" but is the name "Segment Anything"), and a leftmost-longest search
    /// reports only it.
    fn shorter_whole_word(
        &self,
        text: &str,
        longest: Range<usize>,
    ) -> Option<(&Technology, Range<usize>)> {
        let rest = &text.as_bytes()[longest.start..];
        self.words
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                w.len() < longest.len()
                    && rest
                        .get(..w.len())
                        .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
                    && text.is_char_boundary(longest.start + w.len())
            })
            .max_by_key(|(_, w)| w.len())
            .and_then(|(literal, w)| {
                self.whole_word(text, literal, longest.start..longest.start + w.len())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_ordinary_words() {
        let table = Technologies::parse(BUILTIN_PATH, BUILTIN).unwrap();
        assert!(table.len() >= 80);
        let name = |text: &str| table.find(text).map(|(t, _)| t.name.as_str());
        assert_eq!(name("kubernetes and Terraform"), Some("Kubernetes"));
        assert_eq!(name("k8s at scale"), Some("Kubernetes"));
        assert_eq!(name("Go and Python"), Some("Go"));
        assert_eq!(name("go-to-market work"), None);
        assert_eq!(name("Golang services"), Some("Go"));
        assert_eq!(name("LLMs in production"), Some("Large language models"));
        assert_eq!(name("Reactive systems"), None);
    }

    #[test]
    fn a_long_run_names_what_a_short_one_does() {
        let table = Technologies::parse(BUILTIN_PATH, BUILTIN).unwrap();
        let asked = [
            "kubernetes and Terraform",
            "k8s at scale",
            "Go and Python",
            "go-to-market work",
            "Golang services",
            "LLMs in production",
            "Reactive systems",
            "the JavaScript and TypeScript ecosystem",
            "",
        ];
        let names = |table: &Technologies| -> Vec<Option<(String, Range<usize>)>> {
            asked
                .iter()
                .map(|text| table.find(text).map(|(t, r)| (t.name.clone(), r)))
                .collect()
        };
        let short = names(&table);
        assert!(!table.read().unwrap().automaton().built().1);
        // Past `UPGRADE_AFTER` bytes of subjects the names are searched with a DFA.
        let long_subject = "years of building distributed systems ".repeat(16);
        while !table.read().unwrap().automaton().built().1 {
            assert!(table.find(&long_subject).is_none());
        }
        assert_eq!(names(&table), short);
    }

    #[test]
    fn a_name_spelled_like_an_earlier_one_is_the_earlier_ones() {
        // "go" is the first entry's name, which must be written "Go", and the second's alias:
        // as before the names were searched in one automaton, the first entry keeps it.
        let text = "[[technology]]\nname = \"Go\"\ncase-sensitive = true\nreleased = 2009-11-10\nsource = \"x\"\n\n[[technology]]\nname = \"Gopher\"\naliases = [\"go\"]\nreleased = 1991-01-01\nsource = \"y\"\n";
        let table = Technologies::parse("t.toml", text).unwrap();
        let name = |text: &str| table.find(text).map(|(t, _)| t.name.as_str());
        assert_eq!(name("Go services"), Some("Go"));
        assert_eq!(name("go services"), None);
        assert_eq!(name("gopher holes"), Some("Gopher"));
    }

    #[test]
    fn a_longer_name_that_is_no_word_there_leaves_the_shorter_one() {
        let text = "[[technology]]\nname = \"Segment Anything\"\naliases = [\"Segment Anything Model\"]\nreleased = 2023-04-05\nsource = \"x\"\n";
        let table = Technologies::parse("t.toml", text).unwrap();
        let found = |text: &str| table.find(text).map(|(t, at)| (t.name.as_str(), at));
        assert_eq!(
            found("Segment Anything models in production"),
            Some(("Segment Anything", 0..16))
        );
        assert_eq!(
            found("the Segment Anything Model"),
            Some(("Segment Anything", 4..26))
        );
        assert_eq!(found("Segment Anythingness"), None);
    }

    #[test]
    fn the_built_in_table_is_read_on_first_use() {
        let table = Technologies::builtin().unwrap();
        assert!(!table.table.is_read());
        assert_eq!(
            table.find("5 years of Rust").map(|(t, _)| t.name.as_str()),
            Some("Rust")
        );
        assert!(table.len() >= 80);
    }

    #[test]
    fn a_table_that_does_not_read_is_an_error_at_its_value() {
        let text = "[[technology]]\nname = \"Rust\"\nreleased = \"soon\"\nsource = \"x\"\n";
        let error = Technologies::parse("t.toml", text).unwrap_err();
        assert!(
            error.message.contains("expected a TOML datetime"),
            "{}",
            error.message
        );
        assert_eq!(&text[error.span.clone().unwrap()], "\"soon\"");
    }
}
