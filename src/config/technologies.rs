//! Technologies and their first public release (`lints/_technologies.toml`), for the rule that
//! flags more years of experience than a technology has existed.

use std::ops::Range;

use serde::Deserialize;

use crate::extract::date::Date;
use crate::literal_scan::LiteralScan;
use crate::rules::LoadError;

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

/// Every technology, with its names and aliases in one hash table (`literal_scan`), built the
/// first time a posting states years of experience (most runs of one posting never need it).
#[derive(Debug, Clone)]
pub struct Technologies {
    list: Vec<Technology>,
    words: Vec<String>,
    automaton: std::sync::OnceLock<LiteralScan>,
    /// For each pattern: the technology, and the exact spelling it must have if any.
    patterns: Vec<(usize, Option<String>)>,
}

impl Technologies {
    pub fn builtin() -> Result<Technologies, LoadError> {
        Technologies::parse(BUILTIN_PATH, BUILTIN)
    }

    pub fn parse(path: &str, text: &str) -> Result<Technologies, LoadError> {
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
        Ok(Technologies {
            list,
            words,
            automaton: std::sync::OnceLock::new(),
            patterns,
        })
    }

    fn automaton(&self) -> &LiteralScan {
        self.automaton.get_or_init(|| {
            LiteralScan::ascii_case_insensitive(&self.words)
                .expect("technology names are checked non-empty")
        })
    }

    /// The first technology named in `text` as whole words, and where.
    pub fn find(&self, text: &str) -> Option<(&Technology, Range<usize>)> {
        let mut found = Vec::new();
        self.automaton()
            .find_leftmost(text.as_bytes(), true, &mut found);
        found.into_iter().find_map(|m| {
            let (index, exact) = &self.patterns[m.literal as usize];
            let before = text[..m.start].chars().next_back();
            let after = text[m.end..].chars().next();
            let word = before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric());
            // An ordinary word spelled as the name: "Go" but not "go" or "Go-to-market".
            let exact_ok = exact.as_ref().is_none_or(|name| {
                &text[m.start..m.end] == name && after != Some('-') && before != Some('-')
            });
            (word && exact_ok).then(|| (&self.list[*index], m.start..m.end))
        })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_ordinary_words() {
        let table = Technologies::builtin().unwrap();
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
}
