//! A finding, as plain data: which rule, how serious, and byte ranges into the source file.
//! Every output format renders this one type.

use std::ops::Range;

use serde::Serialize;

use crate::rules::Level;

/// "1 posting", "2 postings": a count in a finding's or a summary's words.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One finding in one file. Ranges are byte ranges into `SourceFile::text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub category: String,
    pub level: Level,
    pub message: String,
    /// The exact words the finding is about.
    pub range: Range<usize>,
    /// Text under the primary underline.
    pub label: String,
    /// Further words that support the finding (`report = "once"` rules, counted words).
    pub secondary: Vec<Secondary>,
    /// Why it matters (shared: every finding of a rule carries the same text).
    pub note: Option<std::sync::Arc<str>>,
    /// What to do instead.
    pub help: Option<String>,
    /// For rules that depend on the role family: how the posting was classified, so a wrong
    /// family is visible and fixable (`role:` in the front matter).
    pub role_context: Option<std::sync::Arc<str>>,
    /// A replacement for the words, for `--fix` (substitution rules).
    pub fix: Option<Fix>,
}

/// A further labelled span of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secondary {
    pub range: Range<usize>,
    pub label: Option<String>,
}

impl Secondary {
    pub fn new(range: Range<usize>) -> Secondary {
        Secondary { range, label: None }
    }
}

/// How safe a fix is to apply without a person reading it (as ruff and rustc say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The replacement keeps the meaning: `--fix` applies it.
    Safe,
    /// The replacement may change the meaning: only `--unsafe-fixes` applies it.
    Unsafe,
}

/// Edits that resolve a finding: byte ranges of the source file and their replacement text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// Replace the bytes at `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// Rules that are not data files: problems with the run itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MetaRule {
    /// A file that could not be read or decoded.
    UnreadableFile,
    /// A suppression comment that suppresses nothing.
    UnusedSuppression,
    /// A suppression comment naming no known rule or category.
    UnknownRule,
    /// Front matter whose opening fence never closes.
    UnclosedFrontMatter,
}

impl MetaRule {
    pub const ALL: [MetaRule; 4] = [
        MetaRule::UnclosedFrontMatter,
        MetaRule::UnknownRule,
        MetaRule::UnreadableFile,
        MetaRule::UnusedSuppression,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MetaRule::UnreadableFile => "unreadable-file",
            MetaRule::UnusedSuppression => "unused-suppression",
            MetaRule::UnknownRule => "unknown-rule",
            MetaRule::UnclosedFrontMatter => "unclosed-front-matter",
        }
    }

    pub fn level(self) -> Level {
        match self {
            MetaRule::UnreadableFile => Level::Error,
            MetaRule::UnusedSuppression => Level::Info,
            MetaRule::UnknownRule => Level::Warning,
            MetaRule::UnclosedFrontMatter => Level::Warning,
        }
    }

    /// A diagnostic of this meta rule (category `meta`).
    pub fn diagnostic(
        self,
        level: Level,
        message: String,
        range: Range<usize>,
        label: &str,
    ) -> Diagnostic {
        Diagnostic {
            rule: self.name().to_string(),
            category: "meta".to_string(),
            level,
            message,
            range,
            label: label.to_string(),
            secondary: Vec::new(),
            note: None,
            help: None,
            role_context: None,
            fix: None,
        }
    }

    /// Docs in the same four sections as data rules, for `hirelint explain`.
    pub fn docs(self) -> crate::rules::Docs {
        match self {
            MetaRule::UnreadableFile => crate::rules::Docs {
                what: "Reports a file that could not be read or is not valid UTF-8.".into(),
                why: "A posting hirelint cannot read is a posting nobody checked; the run goes on with the other files and exits 2.".into(),
                example: "A file saved as Latin-1 or UTF-16 (\"Zürich\" as the single byte 0xFC).".into(),
                instead: "Save the posting as UTF-8.".into(),
            },
            MetaRule::UnusedSuppression => crate::rules::Docs {
                what: "Reports a suppression comment (`hirelint-disable…`, `hirelint: disable…`, front-matter `allow`) that suppresses nothing.".into(),
                why: "A stale suppression hides the next real finding of that rule on that line, and says something about the posting that is no longer true.".into(),
                example: "<!-- hirelint-disable-next-line phd-required-for-engineer -->\nA PhD or equivalent experience is welcome.".into(),
                instead: "Delete the comment once the finding it silenced is gone.".into(),
            },
            MetaRule::UnclosedFrontMatter => crate::rules::Docs {
                what: "Reports front matter whose opening `---` (or `+++`) is never closed, so the whole posting is read as text.".into(),
                why: "Without its closing fence, the title, salary and dates of the front matter are not read as such: the posting is judged without them, and the site that renders it probably breaks too.".into(),
                example: "---\ntitle: Data Engineer\nsalary: $120,000 - $140,000\n\nWe build the data platform.".into(),
                instead: "---\ntitle: Data Engineer\nsalary: $120,000 - $140,000\n---\n\nWe build the data platform.".into(),
            },
            MetaRule::UnknownRule => crate::rules::Docs {
                what: "Reports a suppression comment that names no known rule or category.".into(),
                why: "A misspelt rule name suppresses nothing, so the finding it was meant to silence still fails CI, and nobody can tell why.".into(),
                example: "<!-- hirelint-disable-next-line phd-required -->".into(),
                instead: "<!-- hirelint-disable-next-line phd-required-for-engineer --> (see `hirelint rules`)".into(),
            },
        }
    }
}
