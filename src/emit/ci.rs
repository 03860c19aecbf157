//! The formats CI systems read: GitHub workflow-command annotations, SARIF 2.1.0 for code
//! scanning, GitLab Code Quality, and JSON Lines. Exact shapes: ../shared/INTEGRATIONS.md §2–4.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};

use crate::lint::FileReport;
use crate::rules::{Docs, Level};

/// What the SARIF driver says about one rule.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub name: String,
    pub category: String,
    pub level: Level,
    pub help: Option<String>,
    pub docs: Docs,
}

/// GitHub shows this many annotations of each kind per step; the rest vanish silently.
const GITHUB_PER_KIND: usize = 10;

fn escape_data(text: &str) -> String {
    crate::source::escape_controls_but(text, &['\r', '\n', '\t'])
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escape_data`, plus `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github_kind(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Help => "notice",
    }
}

/// Workflow-command annotations in file order; past GitHub's ten per kind, the findings are
/// printed as plain lines and one notice at the end says how many were not annotated (one
/// notice is always kept for it). In a GitHub Actions step (`GITHUB_STEP_SUMMARY` names a
/// file), every finding also goes into the job summary as Markdown tables.
#[derive(Default)]
pub struct Github {
    shown: BTreeMap<&'static str, usize>,
    left_out: usize,
    summary: Option<StepSummary>,
}

impl Github {
    /// Annotations, and the job summary when the environment names its file.
    pub fn from_env() -> Github {
        Github {
            summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|path| !path.is_empty())
                .map(|path| StepSummary {
                    path: path.into(),
                    ..StepSummary::default()
                }),
            ..Github::default()
        }
    }
}

/// The findings of a run for `$GITHUB_STEP_SUMMARY`: counts per rule, then one row per
/// finding, as many as fit well under GitHub's 1 MiB per step.
#[derive(Default)]
struct StepSummary {
    path: std::path::PathBuf,
    per_rule: super::RuleCounts,
    rows: String,
    left_out: usize,
}

/// Bytes of finding rows in the job summary at most (GitHub rejects a step's summary above
/// 1 MiB).
const SUMMARY_ROW_BYTES: usize = 512 << 10;

impl StepSummary {
    fn add(&mut self, path: &str, line: usize, col: usize, d: &crate::diagnostic::Diagnostic) {
        self.per_rule.add(d);
        let row = format!(
            "| {} | {line}:{col} | {} | `{}` | {} |\n",
            markdown_cell(path),
            d.level.name(),
            d.rule,
            markdown_cell(&d.message)
        );
        if self.rows.len() + row.len() > SUMMARY_ROW_BYTES {
            self.left_out += 1;
        } else {
            self.rows.push_str(&row);
        }
    }

    fn markdown(&self, counts: &super::Counts) -> String {
        let mut out = format!("## hirelint\n\n{}\n", counts.summary());
        if self.per_rule.is_empty() {
            return out;
        }
        out.push_str("\n| rule | level | findings |\n|---|---|---|\n");
        for (rule, level, n) in self.per_rule.rows() {
            out.push_str(&format!("| `{rule}` | {level} | {n} |\n"));
        }
        out.push_str("\n| file | line:col | level | rule | message |\n|---|---|---|---|---|\n");
        out.push_str(&self.rows);
        if self.left_out > 0 {
            out.push_str(&format!(
                "\n{} more findings are in the log (the summary keeps to GitHub's size limit).\n",
                self.left_out
            ));
        }
        out
    }
}

/// Text for a Markdown table cell: one line, pipes escaped, control characters shown.
fn markdown_cell(text: &str) -> String {
    crate::source::escape_controls(&text.replace(['\r', '\n'], " ")).replace('|', "\\|")
}

impl super::Sink for Github {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        for d in &report.diagnostics {
            let (line, col) = report.source.line_col(d.range.start);
            let (end_line, end_col) = report.source.line_col(d.range.end);
            let path = &report.source.name;
            let kind = github_kind(d.level);
            let room = if kind == "notice" {
                GITHUB_PER_KIND - 1
            } else {
                GITHUB_PER_KIND
            };
            if let Some(summary) = &mut self.summary {
                summary.add(path, line, col, d);
            }
            let count = self.shown.entry(kind).or_default();
            let message = format!("{path}:{line}:{col}: {}", d.message);
            if *count >= room {
                self.left_out += 1;
                let plain = crate::source::escape_controls(&message.replace(['\r', '\n'], " "))
                    .into_owned();
                writeln!(out, "{kind}[{}]: {plain}", d.rule)?;
                continue;
            }
            *count += 1;
            let columns = if line == end_line {
                format!(",col={col},endColumn={}", end_col.max(col))
            } else {
                String::new()
            };
            writeln!(
                out,
                "::{kind} file={},line={line},endLine={end_line}{columns},title={}::{}",
                escape_property(path),
                escape_property(&format!("hirelint ({})", d.rule)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &super::Counts,
        _: &[RuleDoc],
    ) -> std::io::Result<()> {
        if self.left_out > 0 {
            let more = match &self.summary {
                Some(_) => "see the log above or the job summary",
                None => "see the log above",
            };
            writeln!(
                out,
                "::notice::hirelint: {} more findings not annotated (GitHub shows {GITHUB_PER_KIND} per kind per step); {more}",
                self.left_out
            )?;
        }
        if let Some(summary) = &self.summary {
            // The summary file is GitHub's, appended to by every step: a failure to write it
            // is a warning, not a failed lint.
            let written = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&summary.path)
                .and_then(|mut file| file.write_all(summary.markdown(counts).as_bytes()));
            if let Err(e) = written {
                writeln!(
                    out,
                    "::warning::hirelint: cannot write the job summary: {}",
                    escape_data(&e.to_string())
                )?;
            }
        }
        Ok(())
    }
}

/// A rule name in PascalCase (`missing-salary-range` → `MissingSalaryRange`).
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// At most 1,024 characters (GitHub's limit on rule descriptions), cut at a character.
fn at_most_1024(text: &str) -> String {
    text.trim().chars().take(1024).collect()
}

/// A path as a URI reference: `/` separators, everything outside the unreserved set and `/`
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Help => "note",
    }
}

/// SARIF 2.1.0 for GitHub code scanning: the results as they come, then the tool with the
/// rules that have results, in the order of their first result (`ruleIndex` points there).
/// Code-point columns; `partialFingerprints` are left to upload-sarif, which computes them.
#[derive(Default)]
pub struct Sarif {
    /// The rules with results, in the order of their first.
    used: Vec<String>,
    results: super::Elements,
}

impl Sarif {
    fn rule_index(&mut self, name: &str) -> usize {
        match self.used.iter().position(|r| r == name) {
            Some(index) => index,
            None => {
                self.used.push(name.to_string());
                self.used.len() - 1
            }
        }
    }
}

/// The `runs[0]` keys before `results` (in the key order serde_json gives maps).
const SARIF_HEAD: &str = r#"{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "automationDetails": {
        "id": "hirelint/"
      },
      "columnKind": "unicodeCodePoints",
      "results": ["#;

impl super::Sink for Sarif {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        for d in &report.diagnostics {
            let (line, col) = report.source.line_col(d.range.start);
            let (end_line, end_col) = report.source.line_col(d.range.end);
            let mut result = json!({
                "ruleId": d.rule,
                "level": sarif_level(d.level),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&report.source.name), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": line,
                        "startColumn": col,
                        "endLine": end_line,
                        "endColumn": if end_line == line { end_col.max(col + 1) } else { end_col },
                    },
                }}],
            });
            result["ruleIndex"] = json!(self.rule_index(&d.rule));
            if self.results.is_empty() {
                out.write_all(SARIF_HEAD.as_bytes())?;
            }
            self.results.next(out, b"\n")?;
            super::write_nested(out, &result, 4)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        _: &super::Counts,
        catalogue: &[RuleDoc],
    ) -> std::io::Result<()> {
        if self.results.is_empty() {
            out.write_all(SARIF_HEAD.as_bytes())?;
            out.write_all(b"],\n")?;
        } else {
            out.write_all(b"\n      ],\n")?;
        }
        let rules: Vec<Value> = self
            .used
            .iter()
            .map(|name| {
                // A rule the catalogue does not know still gets an entry: `ruleIndex` counts.
                let Some(rule) = catalogue.iter().find(|r| &r.name == name) else {
                    return json!({"id": name, "name": pascal_case(name)});
                };
                let help = rule
                    .help
                    .clone()
                    .unwrap_or_else(|| rule.docs.instead.to_string());
                json!({
                    "id": rule.name,
                    "name": pascal_case(&rule.name),
                    "shortDescription": {"text": at_most_1024(first_sentence(&rule.docs.what))},
                    "fullDescription": {"text": at_most_1024(&rule.docs.why)},
                    "help": {"text": at_most_1024(&help)},
                    "defaultConfiguration": {"level": sarif_level(rule.level)},
                    "properties": {"tags": [rule.category]},
                })
            })
            .collect();
        let tool = json!({"driver": {
            "name": "hirelint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/hirelint/hirelint",
            "rules": rules,
        }});
        out.write_all(b"      \"tool\": ")?;
        super::write_pretty(out, &tool, 3)?;
        out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")
    }
}

fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    text.find(". ").map_or(text, |i| &text[..=i])
}

fn gitlab_severity(level: Level) -> &'static str {
    match level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Info | Level::Help => "info",
    }
}

/// 128 bits of FNV-1a (two 64-bit lanes): a fingerprint stable across runs and machines.
fn fingerprint(parts: &[&str]) -> String {
    let mut lanes = [0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64];
    for (lane, seed) in lanes.iter_mut().zip([0u8, 1]) {
        for byte in std::iter::once(seed).chain(parts.join("\u{1f}").bytes()) {
            *lane ^= u64::from(byte);
            *lane = lane.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{:016x}{:016x}", lanes[0], lanes[1])
}

/// GitLab Code Quality: a JSON array. A fingerprint hashes the rule, the path, the flagged
/// words and their occurrence, not the line, so that an edit above a finding does not make it
/// a new one.
#[derive(Default)]
pub struct Gitlab {
    items: super::Elements,
}

impl super::Sink for Gitlab {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        // Occurrences count within one posting: the path is part of every key.
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        let path = &report.source.name;
        let posting = report.posting.clone().unwrap_or_default();
        for d in &report.diagnostics {
            let (line, col) = report.source.line_col(d.range.start);
            let (end_line, end_col) = report.source.line_col(d.range.end);
            let words = report.source.text.get(d.range.clone()).unwrap_or("");
            let occurrence = seen.entry((&d.rule, words)).or_default();
            *occurrence += 1;
            let fingerprint =
                fingerprint(&[&d.rule, path, &posting, words, &occurrence.to_string()]);
            let item = json!({
                "description": d.message,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": gitlab_severity(d.level),
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": line, "column": col},
                        "end": {"line": end_line, "column": end_col},
                    },
                },
            });
            self.items.next(out, b"[\n")?;
            super::write_nested(out, &item, 1)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        _: &super::Counts,
        _: &[RuleDoc],
    ) -> std::io::Result<()> {
        out.write_all(if self.items.is_empty() {
            b"[]\n"
        } else {
            b"\n]\n"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_summary_cell_is_one_line_with_its_pipes_escaped() {
        assert_eq!(markdown_cell("a | b\r\nc\u{1b}[2J"), "a \\| b  c\\u{1b}[2J");
    }

    #[test]
    fn github_escapes_data_and_properties_as_the_runner_reverses_them() {
        assert_eq!(
            escape_data("50% of \"pay\" missing,\nsee docs: x"),
            "50%25 of \"pay\" missing,%0Asee docs: x"
        );
        assert_eq!(
            escape_property("missing-salary-range: pay, comp"),
            "missing-salary-range%3A pay%2C comp"
        );
        assert_eq!(
            escape_property("postings/a,b:c.md"),
            "postings/a%2Cb%3Ac.md"
        );
    }

    #[test]
    fn sarif_names_and_uris() {
        assert_eq!(pascal_case("missing-salary-range"), "MissingSalaryRange");
        assert_eq!(uri("postings/ml jobs/ö.md"), "postings/ml%20jobs/%C3%B6.md");
    }

    #[test]
    fn fingerprints_are_stable_and_differ_by_part() {
        let a = fingerprint(&["rule", "a.md", "", "rockstar", "1"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint(&["rule", "a.md", "", "rockstar", "1"]));
        assert_ne!(a, fingerprint(&["rule", "a.md", "", "rockstar", "2"]));
    }
}
