//! The formats CI systems read: GitHub workflow-command annotations, SARIF 2.1.0 for code
//! scanning, GitLab Code Quality, and JSON Lines. Exact shapes: ../shared/INTEGRATIONS.md §2–4.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
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

/// Every finding with its report, in output order (errors first for GitHub is done there).
fn findings(reports: &[FileReport]) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
    reports
        .iter()
        .filter(|r| !r.skipped)
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
}

/// `%`, CR and LF escaped, as the runner expects in a command's message; other control
/// characters written as `\u{..}`, so that none reaches the log viewer.
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

/// Workflow-command annotations, errors first; past GitHub's ten per kind, the findings are
/// printed as plain lines and one notice says how many were not annotated.
pub fn github(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut all: Vec<(&FileReport, &Diagnostic)> = findings(reports).collect();
    all.sort_by_key(|(_, d)| std::cmp::Reverse(d.level));
    let overflow = ["error", "warning", "notice"].iter().any(|kind| {
        all.iter()
            .filter(|(_, d)| github_kind(d.level) == *kind)
            .count()
            > GITHUB_PER_KIND
    });
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut left_out = 0;
    for (report, d) in &all {
        let (line, col) = report.source.line_col(d.range.start);
        let (end_line, end_col) = report.source.line_col(d.range.end);
        let path = &report.source.name;
        let kind = github_kind(d.level);
        // One notice is kept for the count of what was left out.
        let room = if overflow && kind == "notice" {
            GITHUB_PER_KIND - 1
        } else {
            GITHUB_PER_KIND
        };
        let count = shown.entry(kind).or_default();
        let message = format!("{path}:{line}:{col}: {}", d.message);
        if *count >= room {
            left_out += 1;
            let plain =
                crate::source::escape_controls(&message.replace(['\r', '\n'], " ")).into_owned();
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
    if left_out > 0 {
        writeln!(
            out,
            "::notice::hirelint: {left_out} more findings not annotated (GitHub shows {GITHUB_PER_KIND} per kind per step); see the log above"
        )?;
    }
    Ok(())
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

/// SARIF 2.1.0 for GitHub code scanning: the rules that have results, and the results with
/// code-point columns (`partialFingerprints` are left to upload-sarif, which computes them).
pub fn sarif(
    out: &mut dyn Write,
    reports: &[FileReport],
    catalogue: &[RuleDoc],
) -> std::io::Result<()> {
    let mut used: Vec<&str> = findings(reports).map(|(_, d)| d.rule.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let docs: Vec<&RuleDoc> = used
        .iter()
        .filter_map(|name| catalogue.iter().find(|r| r.name == *name))
        .collect();
    let rules: Vec<Value> = docs
        .iter()
        .map(|rule| {
            let help = rule
                .help
                .clone()
                .unwrap_or_else(|| rule.docs.instead.clone());
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
    let results: Vec<Value> = findings(reports)
        .map(|(report, d)| {
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
            if let Some(index) = docs.iter().position(|r| r.name == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hirelint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/hirelint/hirelint",
                "rules": rules,
            }},
            "automationDetails": {"id": "hirelint/"},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
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
pub fn gitlab(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let items: Vec<Value> = findings(reports)
        .map(|(report, d)| {
            let (line, col) = report.source.line_col(d.range.start);
            let (end_line, end_col) = report.source.line_col(d.range.end);
            let path = &report.source.name;
            let words = report
                .source
                .text
                .get(d.range.clone())
                .unwrap_or("")
                .to_string();
            let posting = report.posting.clone().unwrap_or_default();
            let occurrence = seen
                .entry((d.rule.clone(), format!("{path}{posting}"), words.clone()))
                .or_default();
            *occurrence += 1;
            let fingerprint =
                fingerprint(&[&d.rule, path, &posting, &words, &occurrence.to_string()]);
            json!({
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
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
