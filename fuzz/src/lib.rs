//! What every fuzz target checks, beyond "no panic": the whole pipe runs on the input
//! (read, parse, classify, lint, suppress, fix, emit), and every range it reports lies in
//! the text, on character boundaries, at the line and column that counting gives.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use hirelint::cli::OutputFormat;
use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::discover::Candidate;
use hirelint::document::Format;
use hirelint::emit::{self, EmitOptions};
use hirelint::lint::{self, FileReport};

/// The built-in rules and role table, loaded once per fuzzing process.
pub fn builtins() -> &'static Builtins {
    static BUILTINS: OnceLock<Builtins> = OnceLock::new();
    BUILTINS.get_or_init(|| Builtins::load().expect("the built-in rules load"))
}

/// Every rule at its default level, as a run without a config file.
pub fn defaults() -> &'static Arc<Settings> {
    static SETTINGS: OnceLock<Arc<Settings>> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        Arc::new(Settings::defaults(builtins(), &ConfigArgs::default()).expect("defaults resolve"))
    })
}

/// Lints `data` as a posting of `format` with `settings`, applies every fix, emits the
/// reports in each format, and checks what came out.
pub fn lint_checked(format: Format, data: &[u8], settings: &Settings) {
    let extension = match format {
        Format::Markdown => "md",
        Format::Text => "txt",
        Format::Html => "html",
        Format::Json => "json",
        Format::JsonLines => "jsonl",
        Format::Xml => "xml",
        Format::Csv => "csv",
        Format::Yaml => "yml",
    };
    let candidate = Candidate {
        path: PathBuf::from(format!("posting.{extension}")),
        display: format!("posting.{extension}"),
        format,
        named: true,
    };
    let reports = lint::lint_bytes(&candidate, data.to_vec(), settings, false);
    reports.iter().for_each(check_report);

    for output in [
        OutputFormat::Human,
        OutputFormat::Short,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Gitlab,
        OutputFormat::Html,
    ] {
        let mut out = Vec::new();
        let options = EmitOptions {
            format: output,
            color: false,
            quiet: false,
            byte_columns: false,
        };
        emit::emit(&mut out, &reports, options).expect("writing to memory succeeds");
        if matches!(
            output,
            OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Gitlab
        ) {
            serde_json::from_slice::<serde_json::Value>(&out).expect("the output is valid JSON");
        }
        if output == OutputFormat::Html {
            // The posting's text never opens markup in the report.
            let page = String::from_utf8(out).expect("the report is UTF-8");
            assert!(!page.contains("<script"), "{page}");
        }
    }

    let fixed = lint::lint_and_fix(&candidate, data.to_vec(), settings, false, true);
    fixed.reports.iter().for_each(check_report);
}

/// Writes `data` to a file and reads it in parts of `format`'s records (JSON Lines' lines, a
/// spreadsheet's rows, an XML feed's jobs, a JSON export's array elements) with `limit` as the posting limit, as a run over a
/// folder does; lints each part and checks its reports. The parts must end, each after the
/// one before and within the file.
pub fn lint_in_parts(format: Format, data: &[u8], limit: u64) {
    use hirelint::source::Parts;
    let path = std::env::temp_dir().join(format!("hirelint-fuzz-parts-{}", std::process::id()));
    std::fs::write(&path, data).expect("the temporary file is written");
    let parts = match format {
        Format::Csv => Parts::rows(&path, limit),
        Format::Xml => Parts::elements(&path, limit),
        Format::Json => Parts::values(&path, limit),
        _ => Parts::lines(&path, limit),
    }
    .expect("a regular file opens");
    let candidate = Candidate {
        path: path.clone(),
        display: "feed".to_string(),
        format,
        named: true,
    };
    let mut last_end = 0;
    for (n, part) in parts.enumerate() {
        assert!(n <= data.len() + 2, "the parts never end");
        if let Ok(bytes) = &part.bytes {
            // A part's origin moves back by a header copied before its records.
            let end = part.origin.byte + bytes.len() - part.footer;
            assert!(
                end > last_end && end <= data.len(),
                "a part ends at {end}, after {last_end}"
            );
            last_end = end;
        }
        let job = lint::Job {
            candidate: candidate.clone(),
            settings: Arc::clone(defaults()),
            part: Some(part),
        };
        lint::lint_job(job).iter().for_each(check_report);
    }
}

/// Every range of every finding is inside the text and on character boundaries, and its line
/// and column are those that counting the text before it gives.
fn check_report(report: &FileReport) {
    let source = &report.source;
    let text = source.text.as_str();
    for d in &report.diagnostics {
        let fix_ranges = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.range));
        let secondary = d.secondary.iter().map(|s| &s.range);
        for range in std::iter::once(&d.range).chain(secondary).chain(fix_ranges) {
            assert!(
                range.start <= range.end && range.end <= text.len(),
                "{}: range {range:?} outside a text of {} bytes",
                d.rule,
                text.len()
            );
            assert!(
                text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
                "{}: range {range:?} splits a character",
                d.rule
            );
        }
        let breaks = line_breaks(text, d.range.start);
        let line_start = breaks.last().map_or(0, |&i| i + 1);
        // A part of a file counts its lines from the part's start in the file, but for a
        // copy of the file's first lines (an XML feed's prolog), which are the file's own.
        let origin = source.origin();
        let before = if line_start < origin.prolog {
            0
        } else {
            origin.line
        };
        let line = 1 + before + breaks.len();
        let column = 1 + text[line_start..d.range.start].chars().count();
        assert_eq!(
            source.line_col(d.range.start),
            (line, column),
            "{}: line and column of byte {}",
            d.rule,
            d.range.start
        );
    }
}

/// The line breaks before byte `end` of `text`: each `\n`, and each `\r` not followed by
/// `\n` (in the whole text: a CR LF split by `end` is one break, after the LF).
fn line_breaks(text: &str, end: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..end)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .collect()
}
