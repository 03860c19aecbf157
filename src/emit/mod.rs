//! Output: every format renders the same `FileReport`s. Each format is one small module.

pub mod ci;
pub mod human;
pub mod json;

use std::io::Write;

use crate::cli::OutputFormat;
use crate::lint::FileReport;
use crate::rules::Level;

/// Output options shared by the formats.
#[derive(Debug, Clone, Copy)]
pub struct EmitOptions {
    pub format: OutputFormat,
    pub color: bool,
    pub quiet: bool,
    /// `short` columns in bytes rather than characters (`--column-unit byte`).
    pub byte_columns: bool,
}

/// Writes all reports in the chosen format.
pub fn emit(
    out: &mut dyn Write,
    reports: &[FileReport],
    options: EmitOptions,
) -> std::io::Result<()> {
    emit_with(out, reports, options, &[])
}

/// `emit`, with the documentation of the rules for the formats that describe them (SARIF).
pub fn emit_with(
    out: &mut dyn Write,
    reports: &[FileReport],
    options: EmitOptions,
    catalogue: &[ci::RuleDoc],
) -> std::io::Result<()> {
    match options.format {
        OutputFormat::Human | OutputFormat::Short => human::emit(out, reports, options),
        OutputFormat::Json => json::emit(out, reports),
        OutputFormat::JsonLines => json::emit_lines(out, reports),
        OutputFormat::Github => ci::github(out, reports),
        OutputFormat::Sarif => ci::sarif(out, reports, catalogue),
        OutputFormat::Gitlab => ci::gitlab(out, reports),
    }
}

/// Counts per level across reports, and how many files have findings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub help: usize,
    pub files_with_findings: usize,
    pub files_checked: usize,
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut c = Counts::default();
        for report in reports.iter().filter(|r| !r.skipped) {
            c.files_checked += 1;
            if !report.diagnostics.is_empty() {
                c.files_with_findings += 1;
            }
            for d in &report.diagnostics {
                match d.level {
                    Level::Error => c.errors += 1,
                    Level::Warning => c.warnings += 1,
                    Level::Info => c.info += 1,
                    Level::Help => c.help += 1,
                }
            }
        }
        c
    }

    /// "2 warnings, 1 info in 2 files (9 checked)" or "no findings in 9 files".
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts: Vec<String> = [
            (self.errors, plural(self.errors, "error", "errors")),
            (self.warnings, plural(self.warnings, "warning", "warnings")),
            (self.info, format!("{} info", self.info)),
            (self.help, format!("{} help", self.help)),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, s)| s)
        .collect();
        let files = plural(self.files_checked, "file", "files");
        if parts.is_empty() {
            return format!("no findings in {files}");
        }
        format!(
            "{} in {} ({} checked)",
            parts.join(", "),
            plural(self.files_with_findings, "file", "files"),
            self.files_checked
        )
    }
}
