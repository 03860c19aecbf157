//! Output: every format renders the same `FileReport`s. Each format is one small module.

pub mod ci;
pub mod html;
pub mod human;
pub mod json;
pub mod run;

use std::io::Write;

use crate::cli::OutputFormat;
use crate::lint::FileReport;
use crate::rules::Level;

pub use crate::diagnostic::plural;

/// Output options shared by the formats.
#[derive(Debug, Clone, Copy)]
pub struct EmitOptions {
    pub format: OutputFormat,
    pub color: bool,
    pub quiet: bool,
    /// `short` columns in bytes rather than characters (`--column-unit byte`).
    pub byte_columns: bool,
}

/// A format written one report at a time, in run order: a run's memory then does not grow
/// with the number of files, and the first findings show while the rest are linted.
pub trait Sink {
    /// One report, skipped ones excluded (the caller filters them).
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()>;
    /// After the last report: summaries and closing brackets. `catalogue`: the
    /// documentation of the rules the run knew, for the formats that describe them (SARIF).
    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &Counts,
        catalogue: &[ci::RuleDoc],
    ) -> std::io::Result<()> {
        let _ = (out, counts, catalogue);
        Ok(())
    }
}

/// Writes `value` pretty-printed with every line after the first indented `depth` levels
/// (two spaces a level): JSON strings hold no raw line breaks, so indenting after each one is
/// exact. The first line goes where the writer stands.
fn write_pretty(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    depth: usize,
) -> std::io::Result<()> {
    out.write_all(&pretty(value, "", depth)?)
}

/// `write_pretty` as an element nested `depth` levels deep: its first line indented too.
fn write_nested(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    depth: usize,
) -> std::io::Result<()> {
    out.write_all(&pretty(value, indent(depth), depth)?)
}

/// `value` pretty-printed after `first`, indented `depth` levels after each line break. It is
/// serialised into memory and indented there, then written with one call: serde_json writes
/// each token on its own, and through the output's dynamic writer that cost more than the
/// serialising itself (a run's report of 12,000 findings).
fn pretty(value: &impl serde::Serialize, first: &str, depth: usize) -> std::io::Result<Vec<u8>> {
    let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::from)?;
    let indent = indent(depth).as_bytes();
    let mut indented = Vec::with_capacity(first.len() + json.len() + json.len() / 4);
    indented.extend_from_slice(first.as_bytes());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', &json) {
        indented.extend_from_slice(&json[from..=at]);
        indented.extend_from_slice(indent);
        from = at + 1;
    }
    indented.extend_from_slice(&json[from..]);
    Ok(indented)
}

fn indent(depth: usize) -> &'static str {
    &"                "[..2 * depth]
}

/// The elements of a JSON array written as they come: `first` before the first one (the
/// array's opening, or a line break), `,` and a line break before each later one.
#[derive(Debug, Default)]
struct Elements {
    written: usize,
}

impl Elements {
    fn next(&mut self, out: &mut dyn Write, first: &[u8]) -> std::io::Result<()> {
        out.write_all(if self.written == 0 { first } else { b",\n" })?;
        self.written += 1;
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.written == 0
    }
}

/// The sink of a format.
pub fn sink(options: EmitOptions) -> Box<dyn Sink> {
    match options.format {
        OutputFormat::Human | OutputFormat::Short => Box::new(human::Human::new(options)),
        OutputFormat::Json => Box::new(json::Json::default()),
        OutputFormat::JsonLines => Box::new(json::JsonLines),
        OutputFormat::Github => Box::new(ci::Github::from_env()),
        OutputFormat::Sarif => Box::new(ci::Sarif::default()),
        OutputFormat::Gitlab => Box::new(ci::Gitlab::default()),
        OutputFormat::Html => Box::new(html::Html::default()),
    }
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
    let mut sink = sink(options);
    for report in reports.iter().filter(|r| !r.skipped) {
        sink.report(out, report)?;
    }
    sink.finish(out, &Counts::of(reports), catalogue)
}

/// Findings per rule and level, for `--statistics` and the GitHub job summary.
#[derive(Debug, Default)]
pub struct RuleCounts(std::collections::BTreeMap<(String, &'static str), usize>);

impl RuleCounts {
    pub fn add(&mut self, d: &crate::diagnostic::Diagnostic) {
        *self.0.entry((d.rule.clone(), d.level.name())).or_default() += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (rule, level, findings), the most frequent first, then by rule.
    pub fn rows(&self) -> Vec<(&str, &'static str, usize)> {
        let mut rows: Vec<_> = self
            .0
            .iter()
            .map(|((rule, level), &n)| (rule.as_str(), *level, n))
            .collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
        rows
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
        reports.iter().for_each(|r| c.add(r));
        c
    }

    /// Counts one more report (nothing for a skipped one).
    pub fn add(&mut self, report: &FileReport) {
        if report.skipped {
            return;
        }
        self.files_checked += 1;
        if !report.diagnostics.is_empty() {
            self.files_with_findings += 1;
        }
        for d in &report.diagnostics {
            match d.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Info => self.info += 1,
                Level::Help => self.help += 1,
            }
        }
    }

    /// "2 warnings, 1 info in 2 files (9 checked)" or "no findings in 9 files".
    pub fn summary(&self) -> String {
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

/// Bytes kept for the end of a document: in memory up to `Spill::IN_MEMORY`, then in an
/// unnamed temporary file, so that a run over a whole repository keeps flat memory. Without a
/// usable temporary folder it stays in memory: output is never lost for want of one.
#[derive(Default)]
pub struct Spill {
    /// Blocks of `Spill::BLOCK` bytes, each full but the last: one vector grown by doubling
    /// left its old copies in the heap (bulk's peak 41.3 MB against 40.5).
    memory: Vec<Vec<u8>>,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl Write for Spill {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.keep(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Spill {
    /// 1 MiB: bulk's 6,672 file entries of the JSON format (3.6 MB) had stayed in memory at 4
    /// MiB, a sixteenth of the run's peak; written to the file instead, the peak is 3.3 MiB
    /// lower in the same time.
    const IN_MEMORY: usize = 1 << 20;
    const BLOCK: usize = 64 << 10;

    /// A new file in the temporary folder, already unlinked (it vanishes with the process,
    /// even a killed one).
    fn temporary() -> std::io::Result<std::fs::File> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hirelint-{}-{}.spill",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        // Elsewhere an open file cannot be unlinked: the bytes stay in memory.
        if !cfg!(unix) {
            return Err(std::io::ErrorKind::Unsupported.into());
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(file)
    }

    fn keep(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.file.is_none()
            && self.held() + bytes.len() > Spill::IN_MEMORY
            && let Ok(file) = Spill::temporary()
        {
            let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
            for block in std::mem::take(&mut self.memory) {
                file.write_all(&block)?;
            }
            self.file = Some(file);
        }
        if let Some(file) = &mut self.file {
            return file.write_all(bytes);
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            let block = match self.memory.last_mut() {
                Some(block) if block.len() < Spill::BLOCK => block,
                _ => {
                    self.memory.push(Vec::with_capacity(Spill::BLOCK));
                    self.memory.last_mut().expect("a block was just pushed")
                }
            };
            let (now, later) = rest.split_at(rest.len().min(Spill::BLOCK - block.len()));
            block.extend_from_slice(now);
            rest = later;
        }
        Ok(())
    }

    /// Bytes held in memory.
    fn held(&self) -> usize {
        self.memory.last().map_or(0, |last| {
            (self.memory.len() - 1) * Spill::BLOCK + last.len()
        })
    }

    /// Writes everything kept to `out`.
    pub fn copy_to(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        match self.file.take() {
            None => self
                .memory
                .iter()
                .try_for_each(|block| out.write_all(block)),
            Some(file) => {
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.seek(SeekFrom::Start(0))?;
                std::io::copy(&mut file, out).map(drop)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spill_gives_back_what_it_kept_in_memory_or_in_its_file() {
        for size in [10, Spill::BLOCK + 7, Spill::IN_MEMORY + 12_345] {
            let mut spill = Spill::default();
            let mut expected = Vec::new();
            let mut n = 0u32;
            while expected.len() < size {
                let piece = format!("entry {n},\n");
                spill.write_all(piece.as_bytes()).unwrap();
                expected.extend_from_slice(piece.as_bytes());
                n += 1;
            }
            assert_eq!(spill.file.is_some(), cfg!(unix) && size > Spill::IN_MEMORY);
            // In whole blocks, none past its size.
            assert!(spill.memory.iter().all(|b| b.capacity() == Spill::BLOCK));
            if spill.file.is_none() {
                assert_eq!(spill.held(), expected.len());
            }
            let mut out = Vec::new();
            spill.copy_to(&mut out).unwrap();
            assert_eq!(out, expected);
        }
    }
}
