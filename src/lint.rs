//! One file through the pipe: read → parse → classify → lint. Runs per file on rayon threads,
//! sharing one `&RuleSet` and one `&RoleTable`.

use rayon::prelude::*;

use crate::classify::{Role, RoleTable};
use crate::diagnostic::{Diagnostic, MetaRule};
use crate::discover::Candidate;
use crate::document::{Document, Format};
use crate::engine;
use crate::rules::RuleSet;
use crate::source::{ReadError, SourceFile};

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub format: Format,
    /// `None` when the file could not be read.
    pub role: Option<Role>,
    pub title: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be linted (it still has an `unreadable-file` diagnostic).
    pub error: Option<String>,
    /// A binary file found by walking: dropped from output.
    pub skipped: bool,
}

/// Lints every candidate in parallel; the reports come back in discovery order.
pub fn lint_all(files: &[Candidate], rules: &RuleSet, roles: &RoleTable) -> Vec<FileReport> {
    files
        .par_iter()
        .map(|c| lint_one(c, rules, roles))
        .collect()
}

/// Lints one file from disk.
pub fn lint_one(candidate: &Candidate, rules: &RuleSet, roles: &RoleTable) -> FileReport {
    match SourceFile::read(&candidate.path, candidate.display.clone()) {
        Ok(source) => lint_source(source, candidate.format, rules, roles),
        Err(ReadError::Binary) if !candidate.named => FileReport {
            source: SourceFile::new(candidate.display.clone(), ""),
            format: candidate.format,
            role: None,
            title: None,
            diagnostics: Vec::new(),
            error: None,
            skipped: true,
        },
        Err(error) => unreadable(candidate, error),
    }
}

/// Lints text already in memory.
pub fn lint_source(
    source: SourceFile,
    format: Format,
    rules: &RuleSet,
    roles: &RoleTable,
) -> FileReport {
    let doc = Document::parse(&source, format);
    let role = roles.classify(&doc);
    let diagnostics = engine::lint(&doc, &role, rules);
    FileReport {
        title: doc.title_text().map(str::to_string),
        source,
        format,
        role: Some(role),
        diagnostics,
        error: None,
        skipped: false,
    }
}

fn unreadable(candidate: &Candidate, error: ReadError) -> FileReport {
    // Show invalid UTF-8 in context: decode lossily, so the label lands on the first bad byte.
    let (source, at) = match &error {
        ReadError::InvalidUtf8 { valid_up_to } => {
            let bytes = std::fs::read(&candidate.path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let at = *valid_up_to;
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            (SourceFile::new(candidate.display.clone(), text), at..end)
        }
        _ => (SourceFile::new(candidate.display.clone(), ""), 0..0),
    };
    let rule = MetaRule::UnreadableFile;
    let message = error.to_string();
    let diagnostic = Diagnostic {
        rule: rule.name().to_string(),
        category: "meta".to_string(),
        level: rule.level(),
        message: message.clone(),
        range: at,
        label: "cannot be decoded".to_string(),
        secondary: Vec::new(),
        note: Some("the file was skipped; the other files were still linted".to_string()),
        help: matches!(error, ReadError::InvalidUtf8 { .. })
            .then(|| "save the posting as UTF-8".to_string()),
    };
    FileReport {
        source,
        format: candidate.format,
        role: None,
        title: None,
        diagnostics: vec![diagnostic],
        error: Some(message),
        skipped: false,
    }
}
