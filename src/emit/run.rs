//! A run's output as it happens: each report goes to the chosen format as soon as it is in
//! order, then is dropped, and what the exit code needs is counted on the way.

use std::io::Write;
use std::path::PathBuf;

use super::{Counts, EmitOptions, RuleCounts, Sink, ci::RuleDoc};
use crate::cli::OutputFormat;
use crate::exit::ExitStatus;
use crate::fix::AtomicFile;
use crate::lint::FileReport;
use crate::rules::Level;

/// What a run writes where: the format on stdout, or in `--output-file` with the findings in
/// `human` (or the statistics) on stdout.
#[derive(Debug, Clone)]
pub struct RunOutput {
    pub options: EmitOptions,
    pub output_file: Option<PathBuf>,
    /// `--statistics`: counts per rule instead of the findings, on stdout.
    pub statistics: bool,
    /// Findings at or above this level fail the run (exit 1)…
    pub fail_level: Level,
    /// …unless `--exit-zero`.
    pub exit_zero: bool,
    /// Flush stdout after each file with findings (a person is watching a terminal).
    pub flush_each_file: bool,
}

/// Receives a run's reports in order and writes them.
pub struct Reporter {
    output: RunOutput,
    /// The format, to stdout or to the output file.
    format: Option<Box<dyn Sink>>,
    file: Option<AtomicFile>,
    /// `human` on stdout beside the output file.
    terminal: Option<Box<dyn Sink>>,
    /// Findings per rule, for `--statistics`.
    per_rule: RuleCounts,
    counts: Counts,
    failing: bool,
    unreadable: bool,
    /// The first failed write to stdout, and to the output file.
    stdout_error: Option<std::io::Error>,
    file_error: Option<std::io::Error>,
}

impl Reporter {
    /// Fails when the output file cannot be created: nothing is linted for a report that
    /// cannot be written.
    pub fn new(output: RunOutput) -> std::io::Result<Reporter> {
        let file = output
            .output_file
            .as_deref()
            .map(AtomicFile::create)
            .transpose()?;
        let format = (file.is_some() || !output.statistics).then(|| super::sink(output.options));
        let terminal = (file.is_some() && !output.statistics).then(|| {
            super::sink(EmitOptions {
                format: OutputFormat::Human,
                ..output.options
            })
        });
        Ok(Reporter {
            output,
            format,
            file,
            terminal,
            per_rule: RuleCounts::default(),
            counts: Counts::default(),
            failing: false,
            unreadable: false,
            stdout_error: None,
            file_error: None,
        })
    }

    /// Writes one report; `false` when the output is gone (a closed pipe, a failed write)
    /// and the run should stop.
    pub fn add(
        &mut self,
        report: &FileReport,
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> bool {
        if let Some(why) = &report.skip_reason {
            let _ = writeln!(stderr, "hirelint: skipping {}: {why}", report.source.name);
        }
        if report.skipped {
            return true;
        }
        self.counts.add(report);
        self.unreadable |= report.error.is_some();
        for d in &report.diagnostics {
            self.failing |= d.level >= self.output.fail_level;
            if self.output.statistics {
                self.per_rule.add(d);
            }
        }
        let healthy = self.healthy();
        let written = match (
            &mut self.format,
            destination(&mut self.file, stdout, healthy),
        ) {
            (Some(format), Some(out)) => format.report(out, report),
            _ => Ok(()),
        };
        if let Err(e) = written {
            self.fail(e);
        }
        if let Some(terminal) = &mut self.terminal
            && self.stdout_error.is_none()
            && let Err(e) = terminal.report(stdout, report)
        {
            self.stdout_error = Some(e);
        }
        if self.output.flush_each_file
            && !report.diagnostics.is_empty()
            && self.stdout_error.is_none()
            && let Err(e) = stdout.flush()
        {
            self.stdout_error = Some(e);
        }
        self.stdout_error.is_none() && self.file_error.is_none()
    }

    /// Whether the output file, then stdout, can still be written: (file, stdout).
    fn healthy(&self) -> (bool, bool) {
        (self.file_error.is_none(), self.stdout_error.is_none())
    }

    fn fail(&mut self, error: std::io::Error) {
        if self.file.is_some() {
            self.file_error.get_or_insert(error);
        } else {
            self.stdout_error.get_or_insert(error);
        }
    }

    /// Closes the format, commits the output file, prints the summary or the statistics and
    /// gives the exit status. `other_errors`: a path could not be walked or a fix failed.
    /// `catalogue`: the documentation of the rules the run knew (SARIF describes them).
    pub fn finish(
        mut self,
        other_errors: bool,
        catalogue: &[RuleDoc],
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> ExitStatus {
        let counts = self.counts;
        let healthy = self.healthy();
        let closed = match (
            &mut self.format,
            destination(&mut self.file, stdout, healthy),
        ) {
            (Some(format), Some(out)) => format.finish(out, &counts, catalogue),
            _ => Ok(()),
        };
        if let Err(e) = closed {
            self.fail(e);
        }
        if let Some(file) = self.file.take()
            && self.file_error.is_none()
            && let Err(e) = file.commit(None)
        {
            self.file_error = Some(e);
        }
        if self.stdout_error.is_none() {
            let terminal = match &mut self.terminal {
                Some(terminal) => terminal.finish(stdout, &counts, catalogue),
                None if self.output.statistics => self.write_statistics(stdout),
                None => Ok(()),
            };
            if let Err(e) = terminal {
                self.stdout_error = Some(e);
            }
        }

        let status = if other_errors || self.unreadable {
            ExitStatus::Error
        } else if self.failing && !self.output.exit_zero {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        };
        if let Some(e) = &self.file_error {
            let path = self
                .output
                .output_file
                .as_deref()
                .unwrap_or(std::path::Path::new(""));
            let _ = writeln!(stderr, "error: cannot write {}: {e}", path.display());
            return ExitStatus::Error;
        }
        match self.stdout_error {
            // A closed pipe (`hirelint check | head`) is a normal end, as in ripgrep.
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
            Some(e) => {
                if self.output.output_file.is_none() {
                    let _ = writeln!(stderr, "error: cannot write the report: {e}");
                }
                ExitStatus::Error
            }
            None => status,
        }
    }

    /// The count per rule, most frequent first, and the summary.
    fn write_statistics(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for (rule, level, count) in self.per_rule.rows() {
            writeln!(out, "{count:>6}  {rule:<44} {level}")?;
        }
        if !self.output.options.quiet {
            writeln!(out, "{}", self.counts.summary())?;
        }
        Ok(())
    }
}

/// Where the format goes: the output file when there is one, else stdout; `None` once that
/// has failed (the rest of the run is not written there).
fn destination<'w>(
    file: &'w mut Option<AtomicFile>,
    stdout: &'w mut dyn Write,
    (file_ok, stdout_ok): (bool, bool),
) -> Option<&'w mut dyn Write> {
    match file {
        Some(file) => file_ok.then_some(file as &mut dyn Write),
        None => stdout_ok.then_some(stdout),
    }
}
