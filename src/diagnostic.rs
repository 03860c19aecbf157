//! A finding, as plain data: which rule, how serious, and byte ranges into the source file.
//! Every output format renders this one type.

use std::ops::Range;

use serde::Serialize;

use crate::rules::Level;

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
    /// Further words that support the finding (for `report = "once"` rules).
    pub secondary: Vec<Range<usize>>,
    /// Why it matters.
    pub note: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
}

/// Rules that are not data files: problems with the run itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MetaRule {
    /// A file that could not be read or decoded.
    UnreadableFile,
}

impl MetaRule {
    pub const ALL: [MetaRule; 1] = [MetaRule::UnreadableFile];

    pub fn name(self) -> &'static str {
        match self {
            MetaRule::UnreadableFile => "unreadable-file",
        }
    }

    pub fn level(self) -> Level {
        Level::Error
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
        }
    }
}
