//! One file through the pipe: read → parse → classify → lint. Runs per file on rayon threads,
//! sharing one `&RuleSet` and one `&RoleTable`.

use rayon::prelude::*;

use std::path::Path;
use std::sync::Arc;

use crate::classify::Role;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, MetaRule};
use crate::discover::Candidate;
use crate::document::{Document, Format, PayFact};
use crate::engine;
use crate::rules::Rule;
use crate::source::{ReadError, SourceFile};
use crate::suppress;

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub format: Format,
    /// `None` when the file could not be read.
    pub role: Option<Role>,
    pub title: Option<String>,
    /// The pay statements read in the posting.
    pub pay: Vec<PayFact>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be linted (it still has an `unreadable-file` diagnostic).
    pub error: Option<String>,
    /// A binary file found by walking: dropped from output.
    pub skipped: bool,
}

/// A file to lint and the settings that apply to it.
#[derive(Debug, Clone)]
pub struct Job {
    pub candidate: Candidate,
    pub settings: Arc<Settings>,
}

/// Lints every job in parallel; the reports come back in the order of `jobs`.
pub fn lint_all(jobs: &[Job]) -> Vec<FileReport> {
    jobs.par_iter()
        .map(|job| lint_one(&job.candidate, &job.settings))
        .collect()
}

/// Lints one file from disk.
pub fn lint_one(candidate: &Candidate, settings: &Settings) -> FileReport {
    match std::fs::read(&candidate.path) {
        Ok(bytes) => lint_bytes(candidate, bytes, settings, true),
        Err(e) => unreadable(candidate, ReadError::Io(e.to_string()), settings),
    }
}

/// Lints the bytes of `candidate` (read from disk, or stdin). `by_path`: the candidate's
/// path names the file, for per-path levels.
pub fn lint_bytes(
    candidate: &Candidate,
    bytes: Vec<u8>,
    settings: &Settings,
    by_path: bool,
) -> FileReport {
    let file = by_path.then_some(candidate.path.as_path());
    match SourceFile::from_bytes(candidate.display.clone(), bytes) {
        Ok(source) => lint_source(source, candidate.format, settings, file),
        Err(ReadError::Binary) if !candidate.named => FileReport {
            source: SourceFile::new(candidate.display.clone(), ""),
            format: candidate.format,
            role: None,
            title: None,
            pay: Vec::new(),
            diagnostics: Vec::new(),
            error: None,
            skipped: true,
        },
        Err(error) => unreadable(candidate, error, settings),
    }
}

/// Lints text already in memory; `file` is its path on disk, for per-path levels.
pub fn lint_source(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    file: Option<&Path>,
) -> FileReport {
    let doc = Document::parse(&source, format);
    let role = settings.roles.classify(&doc);
    let level_of = |rule: &Rule| settings.rule_level(rule, file).level;
    let ctx = engine::Context::new(settings, &doc);
    let diagnostics = engine::lint(&doc, &role, &settings.rules, &ctx, &level_of);
    let diagnostics = suppress::apply(&source, &doc.directives, diagnostics, settings, file);
    let title = role
        .title
        .as_ref()
        .map(|(title, _)| title.clone())
        .or_else(|| doc.title_text().map(str::to_string));
    FileReport {
        pay: doc.pay,
        title,
        source,
        format,
        role: Some(role),
        diagnostics,
        error: None,
        skipped: false,
    }
}

fn unreadable(candidate: &Candidate, error: ReadError, settings: &Settings) -> FileReport {
    // Show invalid UTF-8 in context, from the bytes already read: the file is never read
    // twice (it may have changed in between).
    let (source, at) = match &error {
        ReadError::InvalidUtf8 { valid_up_to, shown } => {
            SourceFile::undecodable(candidate.display.clone(), shown, *valid_up_to)
        }
        _ => (SourceFile::new(candidate.display.clone(), ""), 0..0),
    };
    let rule = MetaRule::UnreadableFile;
    let message = error.to_string();
    // The file still makes the run exit 2 when the rule is off; only the finding goes.
    let diagnostic = settings
        .meta_level(rule, Some(&candidate.path))
        .map(|level| Diagnostic {
            note: Some("the file was skipped; the other files were still linted".to_string()),
            help: matches!(error, ReadError::InvalidUtf8 { .. })
                .then(|| "save the posting as UTF-8".to_string()),
            ..rule.diagnostic(level, message.clone(), at, "cannot be decoded")
        });
    FileReport {
        source,
        format: candidate.format,
        role: None,
        title: None,
        pay: Vec::new(),
        diagnostics: diagnostic.into_iter().collect(),
        error: Some(message),
        skipped: false,
    }
}
