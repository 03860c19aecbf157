//! `--format json`: one JSON document with a stable, versioned schema (documented in
//! README.md). Byte ranges are offsets into the file on disk (a BOM counts); lines and
//! columns are 1-based, columns in Unicode scalar values.

use std::io::Write;

use serde::Serialize;

use super::Counts;
use crate::classify::Role;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::{Format, PayFact};
use crate::lint::FileReport;
use crate::rules::Level;
use crate::source::SourceFile;

/// Bumped on any incompatible change to the schema.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    /// Where the posting is inside a JSON file (`[3]`, `jobs[2]`, `line 7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    posting: Option<&'a str>,
    format: Format,
    title: Option<&'a str>,
    role: Option<&'a Role>,
    /// The pay statements read, so a user sees what was understood.
    pay: Vec<PayEntry<'a>>,
    diagnostics: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct PayEntry<'a> {
    #[serde(flatten)]
    fact: &'a PayFact,
    #[serde(flatten)]
    span: Span,
}

#[derive(Serialize)]
struct DiagnosticEntry<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    posting: Option<&'a str>,
    rule: &'a str,
    category: &'a str,
    level: Level,
    message: &'a str,
    label: &'a str,
    note: Option<&'a str>,
    help: Option<&'a str>,
    family: Option<&'static str>,
    /// How the family was decided, for rules that depend on it.
    role_context: Option<&'a str>,
    #[serde(flatten)]
    span: Span,
    secondary: Vec<Span>,
    /// The edits of a fix, for editors and `--fix`.
    fix: Option<FixEntry>,
}

#[derive(Serialize)]
struct Span {
    range: ByteRange,
    start: Position,
    end: Position,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
}

#[derive(Serialize)]
struct FixEntry {
    applicability: Applicability,
    edits: Vec<EditEntry>,
}

#[derive(Serialize)]
struct EditEntry {
    #[serde(flatten)]
    span: Span,
    replacement: String,
}

#[derive(Serialize)]
struct ByteRange {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_with_findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    help: usize,
}

fn span(source: &SourceFile, range: &std::ops::Range<usize>) -> Span {
    let file = source.file_range(range);
    let (line, column) = source.line_col(range.start);
    let (end_line, end_column) = source.line_col(range.end);
    Span {
        range: ByteRange {
            start: file.start,
            end: file.end,
        },
        start: Position { line, column },
        end: Position {
            line: end_line,
            column: end_column,
        },
        label: None,
    }
}

fn entry<'a>(report: &'a FileReport, d: &'a Diagnostic) -> DiagnosticEntry<'a> {
    DiagnosticEntry {
        path: &report.source.name,
        posting: report.posting.as_deref(),
        rule: &d.rule,
        category: &d.category,
        level: d.level,
        message: &d.message,
        label: &d.label,
        note: d.note.as_deref(),
        help: d.help.as_deref(),
        family: report.role.as_ref().map(|r| r.family.name()),
        role_context: d.role_context.as_deref(),
        span: span(&report.source, &d.range),
        secondary: d
            .secondary
            .iter()
            .map(|s| Span {
                label: s.label.clone(),
                ..span(&report.source, &s.range)
            })
            .collect(),
        fix: d.fix.as_ref().map(|fix| FixEntry {
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| EditEntry {
                    span: span(&report.source, &e.range),
                    replacement: e.replacement.clone(),
                })
                .collect(),
        }),
    }
}

/// `json-lines`: one line per finding, the `diagnostics` entries of the JSON document.
pub struct JsonLines;

impl super::Sink for JsonLines {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        for d in &report.diagnostics {
            // Serialised in memory and written whole (see `emit::pretty`).
            let mut line = serde_json::to_vec(&entry(report, d))?;
            line.push(b'\n');
            out.write_all(&line)?;
        }
        Ok(())
    }
}

/// `json`: one document, `{version, files, diagnostics, summary}`, pretty-printed. The file
/// entries are written as their reports come; the diagnostics wait in a `Spill` (memory,
/// then a temporary file) until the last file, so a run over any number of files holds
/// neither their texts nor their findings.
#[derive(Default)]
pub struct Json {
    files: super::Elements,
    diagnostics: super::Elements,
    spill: super::Spill,
}

impl super::Sink for Json {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        if self.files.is_empty() {
            write!(out, "{{\n  \"version\": {SCHEMA_VERSION},\n  \"files\": [")?;
        }
        let file = FileEntry {
            path: &report.source.name,
            posting: report.posting.as_deref(),
            format: report.format,
            title: report.title.as_deref(),
            role: report.role.as_ref(),
            pay: report
                .pay
                .iter()
                .map(|fact| PayEntry {
                    fact,
                    span: span(&report.source, &fact.source_range),
                })
                .collect(),
            diagnostics: report.diagnostics.len(),
            error: report.error.as_deref(),
        };
        self.files.next(out, b"\n")?;
        super::write_nested(out, &file, 2)?;
        for d in &report.diagnostics {
            self.diagnostics.next(&mut self.spill, b"\n")?;
            super::write_nested(&mut self.spill, &entry(report, d), 2)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &Counts,
        _: &[super::ci::RuleDoc],
    ) -> std::io::Result<()> {
        if self.files.is_empty() {
            write!(out, "{{\n  \"version\": {SCHEMA_VERSION},\n  \"files\": []")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b",\n  \"diagnostics\": [")?;
        if !self.diagnostics.is_empty() {
            self.spill.copy_to(out)?;
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"],\n  \"summary\": ")?;
        let summary = Summary {
            files: counts.files_checked,
            files_with_findings: counts.files_with_findings,
            errors: counts.errors,
            warnings: counts.warnings,
            info: counts.info,
            help: counts.help,
        };
        super::write_pretty(out, &summary, 1)?;
        out.write_all(b"\n}\n")
    }
}
