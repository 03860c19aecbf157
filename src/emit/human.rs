//! `human` (rustc-style, via codespan-reporting) and `short` (`path:line:col: level[rule]:
//! message`, codespan's Short style) output.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config, DisplayStyle};

use super::{Counts, EmitOptions};
use crate::cli::OutputFormat;
use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::rules::Level;
use crate::source::{SourceDb, escape_controls};

pub fn emit(
    out: &mut dyn Write,
    reports: &[FileReport],
    options: EmitOptions,
) -> std::io::Result<()> {
    let db = SourceDb::new(reports.iter().map(|r| &*r.source).collect());
    let config = Config {
        display_style: DisplayStyle::Rich,
        ..Config::default()
    };
    let mut buffer = if options.color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for (file_id, report) in reports.iter().enumerate() {
        for diagnostic in &report.diagnostics {
            if options.format == OutputFormat::Short {
                writeln!(
                    buffer,
                    "{}",
                    short_line(report, diagnostic, options.byte_columns)
                )?;
            } else {
                let cs = to_codespan(file_id, diagnostic);
                term::emit_to_write_style(&mut buffer, &config, &db, &cs)
                    .map_err(std::io::Error::other)?;
            }
        }
    }
    if !options.quiet {
        let counts = Counts::of(reports);
        if options.format == OutputFormat::Human && counts.files_with_findings > 0 {
            buffer
                .set_color(codespan_reporting::term::termcolor::ColorSpec::new().set_bold(true))?;
        }
        write!(buffer, "{}", counts.summary())?;
        buffer.reset()?;
        writeln!(buffer)?;
    }
    out.write_all(buffer.as_slice())
}

/// `path:line:col: level[rule]: message`, one line, for editors and grep. Written here rather
/// than by codespan's Short style so that the level reads `info`, as in every other format.
/// `byte_columns`: the column counts bytes (Vim, Neovim) instead of characters.
pub fn short_line(report: &FileReport, d: &Diagnostic, byte_columns: bool) -> String {
    let (line, col) = if byte_columns {
        report.source.line_byte_col(d.range.start)
    } else {
        report.source.line_col(d.range.start)
    };
    let message = escape_controls(&d.message.replace(['\n', '\r'], " ")).into_owned();
    format!(
        "{}:{line}:{col}: {}[{}]: {message}",
        escape_controls(&report.source.name),
        d.level.name(),
        d.rule
    )
}

/// The codespan form of a diagnostic: code = rule name, primary label on the exact words,
/// `note:` on why, `help:` on what to write instead.
pub fn to_codespan(file_id: usize, d: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match d.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Note,
        Level::Help => Severity::Help,
    };
    // Messages quote the posting's words: no control character reaches the terminal.
    let safe = |text: &str| escape_controls(text).into_owned();
    let mut labels = vec![Label::primary(file_id, d.range.clone()).with_message(safe(&d.label))];
    labels.extend(d.secondary.iter().map(|s| {
        let label = Label::secondary(file_id, s.range.clone());
        match &s.label {
            Some(text) => label.with_message(safe(text)),
            None => label,
        }
    }));
    let mut notes = Vec::new();
    if let Some(note) = &d.note {
        notes.push(format!("note: {}", safe(note)));
    }
    if let Some(context) = &d.role_context {
        notes.push(format!("note: {}", safe(context)));
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", safe(help)));
    }
    CsDiagnostic::new(severity)
        .with_code(d.rule.clone())
        .with_message(safe(&d.message))
        .with_labels(labels)
        .with_notes(notes)
}
