//! Role families: which kind of job a posting is, from its title or its front matter.
//!
//! The title patterns are data (`lints/_roles.toml`), compiled once into a `RoleTable`.

use std::fmt;
use std::ops::Range;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::rules::LoadError;
use crate::rules::pattern::{compile_alternation, compile_pattern, regex_reason};

/// The families of RULES.md §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Engineer,
    Researcher,
    Hybrid,
    Other,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::Engineer,
        Family::Researcher,
        Family::Hybrid,
        Family::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Engineer => "engineer",
            Family::Researcher => "researcher",
            Family::Hybrid => "hybrid",
            Family::Other => "other",
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
    /// A title pattern from the role table.
    Title,
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
}

impl Role {
    pub fn forced(family: Family) -> Role {
        Role {
            family,
            source: RoleSource::Forced,
            evidence: None,
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
    entries: Vec<(Family, Regex)>,
}

/// The built-in role table's source.
pub const BUILTIN_ROLES: &str = include_str!("../lints/_roles.toml");

impl RoleTable {
    /// The table shipped with hirelint.
    pub fn builtin() -> Result<RoleTable, LoadError> {
        RoleTable::parse("lints/_roles.toml", BUILTIN_ROLES)
    }

    /// Parses and compiles a role table; errors point into the file.
    pub fn parse(path: &str, text: &str) -> Result<RoleTable, LoadError> {
        let file: RoleFile =
            toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        Ok(RoleTable {
            entries: compile_entries(path, text, &file.entries)?,
        })
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
        Ok(RoleTable { entries: first })
    }

    /// The family for a title, and the words that decided it.
    pub fn classify_title(&self, title: &str) -> Option<(Family, Range<usize>)> {
        self.entries
            .iter()
            .find_map(|(family, regex)| regex.find(title).map(|m| (*family, m.range())))
    }

    /// Classifies a document: a front-matter `role:`/`family:` wins, then the title.
    pub fn classify(&self, doc: &Document) -> Role {
        for key in ["role", "family"] {
            if let Some(field) = doc.front_matter.get(key) {
                let value = field.value.trim();
                if let Some(family) = Family::from_name(value) {
                    return Role {
                        family,
                        source: RoleSource::FrontMatter,
                        evidence: Some(value.to_string()),
                    };
                }
                if let Some((family, _)) = self.classify_title(value) {
                    return Role {
                        family,
                        source: RoleSource::FrontMatter,
                        evidence: Some(value.to_string()),
                    };
                }
            }
        }
        match doc
            .title_text()
            .and_then(|t| self.classify_title(t).map(|(f, r)| (f, t[r].to_string())))
        {
            Some((family, words)) => Role {
                family,
                source: RoleSource::Title,
                evidence: Some(words),
            },
            None => Role {
                family: Family::Other,
                source: RoleSource::Default,
                evidence: None,
            },
        }
    }
}

/// Compiles entries; a bad family or regex is reported at its span in `text`.
fn compile_entries(
    path: &str,
    text: &str,
    entries: &[RoleEntry],
) -> Result<Vec<(Family, Regex)>, LoadError> {
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
            for p in &entry.patterns {
                compile_pattern(p.get_ref()).map_err(|e| {
                    err(
                        p.span(),
                        format!("invalid regex: {}", regex_reason(&e.to_string())),
                    )
                })?;
            }
            let regex = compile_alternation(entry.patterns.iter().map(|p| p.get_ref().as_str()))
                .map_err(|e| {
                    LoadError::new(
                        path,
                        text,
                        None,
                        format!("invalid regex: {}", regex_reason(&e.to_string())),
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
            ("Machine Learning Scientist II", Family::Researcher),
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
            ("Scientist, Machine Learning", Family::Researcher),
            ("Senior Food Scientist", Family::Other),
            ("Clinical Scientist II", Family::Other),
            ("Presidential Innovation Fellows", Family::Other),
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

    #[test]
    fn a_bad_pattern_points_into_the_file() {
        let text = "[[match]]\nfamily = \"engineer\"\npatterns = ['(unclosed']\n";
        let err = RoleTable::parse("roles.toml", text).unwrap_err();
        assert_eq!(&text[err.span.clone().unwrap()], "'(unclosed'");
    }
}
