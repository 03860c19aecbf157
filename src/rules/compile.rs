//! Loading and compiling rule files into a `RuleSet`: parsed, validated and compiled once per
//! run, then shared read-only by every thread.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::LoadError;
use super::finder::Finder;
use super::pattern::{Matcher, compile_alternation, compile_pattern, regex_reason};
use super::schema::{CheckSpec, Docs, Level, RuleFile, RuleTest};
use crate::classify::Family;
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
    },
    /// Report (on the job title) when the finder finds nothing in scope.
    Requires { finder: Finder },
}

/// Patterns that silence a rule when they occur in the given sections (all when empty).
#[derive(Debug, Clone)]
pub struct Unless {
    pub regex: Regex,
    pub sections: Vec<SectionKind>,
}

impl Check {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Check::Pattern { .. } => "pattern",
            Check::Requires { .. } => "requires",
        }
    }
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub category: String,
    pub level: Level,
    pub families: Vec<Family>,
    pub sections: Vec<SectionKind>,
    pub scope: Vec<SegmentKind>,
    pub unless_title: Option<Regex>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub docs: Docs,
    pub check: Check,
    /// Where the rule came from (a path under `lints/` for built-ins).
    pub origin: String,
    /// The rule file's text, so that test failures can point into it.
    pub source: String,
    /// Embedded tests with their span in `source`.
    pub tests: Vec<(Range<usize>, RuleTest)>,
    /// Span of the `name` value in `source`.
    pub name_span: Range<usize>,
    /// The built-in rule file this one replaces, if any.
    pub replaces: Option<String>,
}

impl Rule {
    /// Shipped with hirelint (its origin is under `lints/`).
    pub fn is_builtin(&self) -> bool {
        super::builtin::RULES.iter().any(|b| b.path == self.origin)
    }

    /// Whether the rule applies to a document of this family with this title.
    pub fn applies(&self, family: Family, title: Option<&str>) -> bool {
        let family_ok = self.families.is_empty() || self.families.contains(&family);
        let title_ok = match (&self.unless_title, title) {
            (Some(regex), Some(title)) => !regex.is_match(title),
            _ => true,
        };
        family_ok && title_ok
    }

    /// Whether a segment is searched by this rule.
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

/// A rule file waiting to be loaded: its path (for messages), category and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub category: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    description: String,
}

/// Every loaded rule, by name (a `BTreeMap` keeps output order stable), and the categories.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: BTreeMap<String, Rule>,
    categories: BTreeMap<String, String>,
}

impl RuleSet {
    /// The rules shipped in `lints/`.
    pub fn builtin() -> Result<RuleSet, LoadError> {
        let sources = super::builtin::RULES.iter().map(|file| RuleSource {
            path: file.path.to_string(),
            category: file.category().to_string(),
            text: file.text.to_string(),
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
        Ok(set)
    }

    /// This set plus every rule file in `dirs` (`DIR/<category>/<name>.toml`, with an optional
    /// `DIR/_categories.toml` for new categories). A folder's rule with the name of a built-in
    /// replaces it; two folder rules with one name are an error.
    pub fn with_dirs(&self, dirs: &[std::path::PathBuf]) -> Result<RuleSet, LoadError> {
        let mut set = self.clone();
        for dir in dirs {
            let (categories, sources) = super::folder::read(dir)?;
            if let Some((path, text)) = categories {
                set.add_categories(&path, &text)?;
            }
            set.add_rules(sources)?;
        }
        Ok(set)
    }

    fn add_categories(&mut self, path: &str, text: &str) -> Result<(), LoadError> {
        let categories: BTreeMap<String, CategoryEntry> =
            toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        self.categories
            .extend(categories.into_iter().map(|(k, v)| (k, v.description)));
        Ok(())
    }

    fn add_rules(
        &mut self,
        sources: impl IntoIterator<Item = RuleSource>,
    ) -> Result<(), LoadError> {
        for source in sources {
            let mut rule = self.compile(&source)?;
            if let Some(existing) = self.rules.get(&rule.name) {
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
            self.rules.insert(rule.name.clone(), rule);
        }
        Ok(())
    }

    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.values()
    }

    pub fn get(&self, name: &str) -> Option<&Rule> {
        self.rules.get(name)
    }

    pub fn categories(&self) -> &BTreeMap<String, String> {
        &self.categories
    }

    /// The same categories, no rules: the base for testing one rule folder on its own.
    pub fn categories_only(&self) -> RuleSet {
        RuleSet {
            rules: BTreeMap::new(),
            categories: self.categories.clone(),
        }
    }

    /// Adds one already-compiled rule (rule self-tests lint with a set of one).
    pub fn insert_for_test(&mut self, rule: Rule) {
        self.rules.insert(rule.name.clone(), rule);
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn compile(&self, source: &RuleSource) -> Result<Rule, LoadError> {
        let ctx = RuleFileCtx {
            path: &source.path,
            text: &source.text,
        };
        let file: RuleFile =
            toml::from_str(ctx.text).map_err(|e| LoadError::from_toml(ctx.path, ctx.text, &e))?;

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
            message: file.message,
            label: file.label,
            help: file.help,
            docs: file.docs,
            check: ctx.check(&file.check)?,
            origin: ctx.path.to_string(),
            source: ctx.text.to_string(),
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
}

impl RuleFileCtx<'_> {
    fn err(&self, span: Option<Range<usize>>, message: impl Into<String>) -> LoadError {
        LoadError::new(self.path, self.text, span, message)
    }

    /// Compiles a list of patterns into one alternation; a bad one is reported at its span.
    fn regexes(&self, list: &[toml::Spanned<String>]) -> Result<Option<Regex>, LoadError> {
        for p in list {
            compile_pattern(p.get_ref()).map_err(|e| {
                self.err(
                    Some(p.span()),
                    format!("invalid regex: {}", regex_reason(&e.to_string())),
                )
            })?;
        }
        compile_alternation(list.iter().map(|p| p.get_ref().as_str())).map_err(|e| {
            self.err(
                None,
                format!("invalid regex: {}", regex_reason(&e.to_string())),
            )
        })
    }

    fn check(&self, spec: &CheckSpec) -> Result<Check, LoadError> {
        let at_kind = Some(spec.kind.span());
        if let Some(empty) = spec.words.iter().find(|w| w.get_ref().trim().is_empty()) {
            return Err(self.err(Some(empty.span()), "empty word"));
        }
        let words: Vec<String> = spec.words.iter().map(|w| w.get_ref().clone()).collect();
        let matcher = Matcher::new(&words, self.regexes(&spec.patterns)?)
            .map_err(|e| self.err(at_kind.clone(), e))?;
        let mut in_sections = Vec::new();
        for (section, patterns) in &spec.patterns_in {
            if let Some(regex) = self.regexes(patterns)? {
                let matcher =
                    Matcher::new(&[], Some(regex)).map_err(|e| self.err(at_kind.clone(), e))?;
                in_sections.push((*section, matcher));
            }
        }
        let finder = Finder {
            matcher,
            in_sections,
            exceptions: self.regexes(&spec.exceptions)?,
            exceptions_next: self.regexes(&spec.exceptions_next)?,
        };
        if finder.is_empty() {
            return Err(self.err(
                at_kind,
                "a check needs `words`, `patterns` or `patterns-in`",
            ));
        }
        if let (Some(first), None) = (spec.unless_sections.first(), spec.unless.first()) {
            return Err(self.err(
                Some(first.span()),
                "`unless-sections` needs `unless` patterns",
            ));
        }
        match spec.kind.get_ref().as_str() {
            "pattern" => {
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
                let unless = self.regexes(&spec.unless)?.map(|regex| Unless {
                    regex,
                    sections: spec.unless_sections.iter().map(|s| *s.get_ref()).collect(),
                });
                Ok(Check::Pattern {
                    finder,
                    unless,
                    report,
                })
            }
            "requires" => {
                let misplaced = spec
                    .unless
                    .first()
                    .map(|s| s.span())
                    .or(spec.report.as_ref().map(|r| r.span()));
                match misplaced {
                    Some(span) => Err(self.err(
                        Some(span),
                        "`unless` and `report` apply to `pattern` checks only",
                    )),
                    None => Ok(Check::Requires { finder }),
                }
            }
            other => Err(self.err(
                at_kind,
                format!("unknown check kind `{other}` (expected \"pattern\" or \"requires\")"),
            )),
        }
    }
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

    const CATEGORIES: &str = "[role]\ndescription = \"r\"\n";

    fn load(text: &str) -> Result<RuleSet, LoadError> {
        let source = RuleSource {
            path: "lints/role/my-rule.toml".into(),
            category: "role".into(),
            text: text.into(),
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
                .contains("`pattern` checks only")
        );
    }
}
