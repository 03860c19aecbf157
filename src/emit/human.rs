//! `human` (rustc-style, via codespan-reporting) and `short` (`path:line:col: level[rule]:
//! message`, codespan's Short style) output.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config, DisplayStyle};

use super::{Counts, EmitOptions};
use crate::bytescan::floor_char_boundary;
use crate::cli::OutputFormat;
use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::rules::Level;
use crate::source::{SourceDb, escape_controls};

/// `human` and `short`: each report's findings as it comes, the summary line at the end.
pub struct Human {
    options: EmitOptions,
    config: Config,
}

impl Human {
    pub fn new(options: EmitOptions) -> Human {
        Human {
            options,
            config: Config {
                display_style: DisplayStyle::Rich,
                ..Config::default()
            },
        }
    }

    fn buffer(&self) -> Buffer {
        if self.options.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    }
}

impl super::Sink for Human {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        // Made only when a finding is drawn on the whole file (short lines); its text is
        // the file's, shown once for all its postings.
        let mut db = None;
        let mut buffer = self.buffer();
        for diagnostic in &report.diagnostics {
            if self.options.format == OutputFormat::Short {
                writeln!(
                    buffer,
                    "{}",
                    short_line(report, diagnostic, self.options.byte_columns)
                )?;
            } else if let Some(window) = Window::of(report, diagnostic) {
                // A long line is shown around its labels only, as rustc does.
                let cs = window.diagnostic(diagnostic);
                term::emit_to_write_style(&mut buffer, &self.config, &window, &cs)
                    .map_err(std::io::Error::other)?;
            } else {
                let cs = to_codespan(0, diagnostic);
                let db = db.get_or_insert_with(|| SourceDb::new(vec![&*report.source]));
                term::emit_to_write_style(&mut buffer, &self.config, &*db, &cs)
                    .map_err(std::io::Error::other)?;
            }
        }
        out.write_all(buffer.as_slice())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &Counts,
        _: &[super::ci::RuleDoc],
    ) -> std::io::Result<()> {
        if self.options.quiet {
            return Ok(());
        }
        let mut buffer = self.buffer();
        if self.options.format == OutputFormat::Human && counts.files_with_findings > 0 {
            buffer
                .set_color(codespan_reporting::term::termcolor::ColorSpec::new().set_bold(true))?;
        }
        write!(buffer, "{}", counts.summary())?;
        buffer.reset()?;
        writeln!(buffer)?;
        out.write_all(buffer.as_slice())
    }
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

/// Lines longer than this are shown around the labels only.
const LONG_LINE: usize = 240;

/// How much of a long line is shown on each side of the labels, in bytes.
const WINDOW_CONTEXT: usize = 80;

/// A piece of one long line, for a diagnostic whose labels all lie on it: `…` + the piece +
/// `…`, with the line's real number and columns, so that a finding on a 64 KB line prints a
/// few hundred bytes, not the line.
struct Window {
    name: String,
    text: String,
    /// Where the piece starts in the file, and how many bytes of `…` come before it.
    start: usize,
    lead: usize,
    line_number: usize,
    /// Columns before the piece on its line.
    columns_before: usize,
}

impl Window {
    fn of(report: &FileReport, d: &Diagnostic) -> Option<Window> {
        let source = &report.source;
        let line = source.line_around(d.range.start);
        if line.len() <= LONG_LINE {
            return None;
        }
        let ranges: Vec<&std::ops::Range<usize>> = std::iter::once(&d.range)
            .chain(d.secondary.iter().map(|s| &s.range))
            .collect();
        if ranges
            .iter()
            .any(|r| r.start < line.start || r.end > line.end)
        {
            return None;
        }
        let text = &source.text;
        let floor = |at: usize| floor_char_boundary(text, at);
        let first = ranges.iter().map(|r| r.start).min()?;
        let last = ranges.iter().map(|r| r.end).max()?;
        let start = floor(first.saturating_sub(WINDOW_CONTEXT).max(line.start));
        let end = floor((last + WINDOW_CONTEXT).min(line.end));
        let piece = crate::source::printable(&text[start..end]);
        let lead = if start > line.start { "\u{2026}" } else { "" };
        let tail = if end < line.end && !piece.ends_with('\n') {
            "\u{2026}"
        } else {
            ""
        };
        let (line_number, column) = source.line_col(start);
        Some(Window {
            name: escape_controls(&source.name).into_owned(),
            text: format!("{lead}{}{tail}", piece.trim_end_matches(['\n', '\r'])),
            start,
            lead: lead.len(),
            line_number,
            columns_before: column - 1 - lead.chars().count(),
        })
    }

    /// The diagnostic with its ranges moved into the window.
    fn diagnostic(&self, d: &Diagnostic) -> CsDiagnostic<usize> {
        let shift = |r: &std::ops::Range<usize>| {
            let at = |x: usize| (x - self.start + self.lead).min(self.text.len());
            at(r.start)..at(r.end)
        };
        let mut moved = d.clone();
        moved.range = shift(&d.range);
        for s in &mut moved.secondary {
            s.range = shift(&s.range);
        }
        to_codespan(0, &moved)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: usize, _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(
        &'a self,
        _: usize,
        _: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line_number)
    }

    fn column_number(
        &'a self,
        _: usize,
        _: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let byte_index = byte_index.min(self.text.len());
        Ok(self.columns_before + self.text[..byte_index].chars().count() + 1)
    }

    fn line_range(
        &'a self,
        _: usize,
        _: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Ok(0..self.text.len())
    }
}
