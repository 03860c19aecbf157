//! `--format html`: a report for the people who write postings, recruiters and hiring
//! managers, not for a terminal. One self-contained page (its style inline, no script, nothing
//! fetched): each posting with findings under its title, with how its role and pay were read,
//! and each finding with the posting's own words marked, what to do instead, and why, folded
//! away. Written as the run goes, like the other formats; the summary, known only at the end,
//! is written last and shown first: what was found, rule by rule, the postings with findings
//! linked to their sections, and the postings with nothing to change, folded.

use std::io::Write;

use super::{Counts, Sink, plural};
use crate::bytescan::{ceil_char_boundary, floor_char_boundary};
use crate::diagnostic::Diagnostic;
use crate::lint::FileReport;
use crate::source::SourceFile;

#[derive(Debug, Default)]
pub struct Html {
    started: bool,
    /// Per rule: its level, what its findings' label says, its findings, and the postings it
    /// was found in (counted once each), for the summary's table.
    rules: Vec<RuleRow>,
    /// Postings written so far (each section's anchor is its number).
    written: usize,
    /// The contents: a line per posting with findings, linked to its section.
    contents: Listed,
    /// The postings with nothing to change, listed in the summary rather than given a
    /// section each (in a large repository they are most of the page).
    clean: Listed,
}

/// Lines of HTML for the summary, the first `LISTED_MAX` of them kept and the rest counted,
/// so that the page's writer holds little whatever the run's size.
#[derive(Debug, Default)]
struct Listed {
    lines: Vec<String>,
    more: usize,
}

/// Postings listed by name in the summary's contents and in its list of clean postings.
const LISTED_MAX: usize = 1000;

impl Listed {
    fn push(&mut self, line: impl FnOnce() -> String) {
        if self.lines.len() < LISTED_MAX {
            self.lines.push(line());
        } else {
            self.more += 1;
        }
    }

    fn len(&self) -> usize {
        self.lines.len() + self.more
    }

    /// The lines as a list (`ul` or `ol`), and how many more there were.
    fn write_into(&self, page: &mut String, list: &str) {
        page.push_str(&format!("<{list}>\n"));
        for line in &self.lines {
            page.push_str("<li>");
            page.push_str(line);
            page.push_str("</li>\n");
        }
        page.push_str(&format!("</{list}>\n"));
        if self.more > 0 {
            page.push_str(&format!("<p>and {} more.</p>\n", self.more));
        }
    }
}

#[derive(Debug)]
struct RuleRow {
    rule: String,
    level: &'static str,
    summary: String,
    findings: usize,
    postings: usize,
}

/// Bytes of a long line shown on each side of a finding's words.
const CONTEXT_BYTES: usize = 160;

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hirelint">
<title>hirelint report</title>
<style>
body { display: flex; flex-direction: column; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; }
.summary { order: -1; border-bottom: 1px solid #ccc; margin-bottom: 1rem; }
.posting { border: 1px solid #ddd; border-radius: 6px; padding: 0 1rem 0.5rem; margin: 0 0 1rem; }
.posting h2 { margin: 0.75rem 0 0; font-size: 1.25rem; }
.where, .facts { margin: 0.25rem 0; color: #555; font-size: 0.9rem; }
.finding { margin: 0.75rem 0; }
.finding p { margin: 0.25rem 0; }
.level { display: inline-block; min-width: 4.5rem; padding: 0 0.4rem; border-radius: 4px; font-size: 0.8rem; font-weight: 600; text-transform: uppercase; text-align: center; color: #fff; }
.error .level { background: #b3261e; } .warning .level { background: #9a6700; } .info .level, .help .level { background: #3b6fb6; }
.rule { font-family: ui-monospace, monospace; font-size: 0.85rem; color: #555; }
blockquote { margin: 0.25rem 0; padding: 0.25rem 0.75rem; border-left: 3px solid #ccc; background: #fafafa; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffe08a; padding: 0 1px; }
.line { color: #777; font-size: 0.8rem; }
.instead { color: #1a5d1a; }
.also { font-size: 0.9rem; color: #444; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.2rem 0.75rem 0.2rem 0; border-bottom: 1px solid #eee; }
details { color: #444; font-size: 0.9rem; }
.clean summary { color: #1a5d1a; cursor: pointer; }
.summary ol, .summary ul { padding-left: 1.5rem; }
.summary li { margin: 0.15rem 0; }
</style>
</head>
<body>
"#;

impl Sink for Html {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        self.start(out)?;
        self.written += 1;
        let title = report.title.as_deref().unwrap_or("untitled posting");
        let mut place = String::new();
        escape_into(&mut place, &report.source.name);
        if let Some(posting) = &report.posting {
            place.push_str(" · ");
            escape_into(&mut place, posting);
        }
        if report.diagnostics.is_empty() && report.error.is_none() {
            self.clean.push(|| {
                let mut line = String::new();
                escape_into(&mut line, title);
                line.push_str(&format!(" <span class=\"where\">{place}</span>"));
                if let Some(facts) = facts(report) {
                    line.push_str(" <span class=\"facts\">");
                    line.push_str(&facts);
                    line.push_str("</span>");
                }
                line
            });
            return Ok(());
        }
        let anchor = format!("posting-{}", self.written);
        self.contents.push(|| {
            let mut line = format!("<a href=\"#{anchor}\">");
            escape_into(&mut line, title);
            line.push_str(&format!(
                "</a> <span class=\"where\">{place} · {}</span>",
                findings_count(report)
            ));
            line
        });
        let mut page = format!("<section class=\"posting\" id=\"{anchor}\">\n<h2>");
        escape_into(&mut page, title);
        page.push_str("</h2>\n<p class=\"where\">");
        page.push_str(&place);
        page.push_str("</p>\n");
        if let Some(facts) = facts(report) {
            page.push_str("<p class=\"facts\">");
            page.push_str(&facts);
            page.push_str("</p>\n");
        }
        if let Some(error) = &report.error {
            page.push_str("<p class=\"where\">Not read: ");
            escape_into(&mut page, error);
            page.push_str("</p>\n");
        }
        for d in &report.diagnostics {
            finding(&mut page, &report.source, d);
        }
        self.count(report);
        page.push_str("</section>\n");
        out.write_all(page.as_bytes())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &Counts,
        _catalogue: &[super::ci::RuleDoc],
    ) -> std::io::Result<()> {
        self.start(out)?;
        let found = by_level(counts.errors, counts.warnings, counts.info);
        let summary = if found.is_empty() {
            format!(
                "No findings in {}.",
                plural(counts.files_checked, "posting", "postings")
            )
        } else {
            format!(
                "{} in {} (of {} checked).",
                found.join(", "),
                plural(counts.files_with_findings, "posting", "postings"),
                counts.files_checked
            )
        };
        let mut table = String::new();
        if !self.rules.is_empty() {
            // Most postings first: what a team fixes once for every posting.
            self.rules.sort_by(|a, b| {
                b.postings
                    .cmp(&a.postings)
                    .then(b.findings.cmp(&a.findings))
            });
            table.push_str(
                "<table>\n<tr><th>Found</th><th>Level</th><th>Postings</th><th>Findings</th></tr>\n",
            );
            for row in &self.rules {
                table.push_str("<tr><td>");
                escape_into(&mut table, &row.summary);
                if !row.summary.is_empty() {
                    table.push(' ');
                }
                table.push_str("<span class=\"rule\">");
                escape_into(&mut table, &row.rule);
                table.push_str(&format!(
                    "</span></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    row.level, row.postings, row.findings
                ));
            }
            table.push_str("</table>\n");
        }
        let mut lists = String::new();
        if self.contents.len() > 0 {
            lists.push_str("<h2>Postings with findings</h2>\n");
            self.contents.write_into(&mut lists, "ol");
        }
        if self.clean.len() > 0 {
            lists.push_str(&format!(
                "<details class=\"clean\"><summary>{} with no findings</summary>\n",
                plural(self.clean.len(), "posting", "postings")
            ));
            self.clean.write_into(&mut lists, "ul");
            lists.push_str("</details>\n");
        }
        writeln!(
            out,
            "<header class=\"summary\">\n<h1>Job posting review</h1>\n<p>{summary}</p>\n\
             {table}<p>Each finding quotes the posting's own words, says what to write instead, \
             and, under “Why”, why it matters.</p>\n{lists}</header>\n</body>\n</html>"
        )
    }
}

/// How the posting's role and pay were read, as HTML text; `None` when its role was not
/// read (a file that could not be).
fn facts(report: &FileReport) -> Option<String> {
    let role = report.role.as_ref()?;
    let mut facts = String::from("Read as: ");
    escape_into(&mut facts, &format!("{} posting", role.family));
    if let Some(words) = &role.evidence {
        facts.push_str(" (from “");
        escape_into(&mut facts, words);
        facts.push_str("”)");
    }
    facts.push_str(" · Pay: ");
    if report.pay.is_empty() {
        facts.push_str("none stated");
        return Some(facts);
    }
    // A figure stated twice (in a field and in the text) is listed once.
    let mut stated: Vec<&crate::extract::salary::Pay> = Vec::new();
    for fact in &report.pay {
        let pay = &fact.pay;
        let same = |p: &&crate::extract::salary::Pay| {
            (p.min, p.max, p.currency, p.period) == (pay.min, pay.max, pay.currency, pay.period)
        };
        if !stated.iter().any(same) {
            stated.push(pay);
        }
    }
    let texts: Vec<&str> = stated.iter().map(|p| p.text.as_str()).collect();
    escape_into(&mut facts, &texts.join("; "));
    Some(facts)
}

/// "1 error, 2 warnings": a posting's findings by level, for the contents.
fn findings_count(report: &FileReport) -> String {
    let mut counts = Counts::default();
    counts.add(report);
    let found = by_level(counts.errors, counts.warnings, counts.info + counts.help);
    if found.is_empty() && report.error.is_some() {
        return "not read".to_string();
    }
    found.join(", ")
}

/// "1 error", "2 warnings", "3 notes": the levels with findings, most severe first.
fn by_level(errors: usize, warnings: usize, notes: usize) -> Vec<String> {
    [
        (errors, "error", "errors"),
        (warnings, "warning", "warnings"),
        (notes, "note", "notes"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect()
}

impl Html {
    /// Adds a report's findings to the rules' rows.
    fn count(&mut self, report: &FileReport) {
        let mut seen: Vec<&str> = Vec::new();
        for d in &report.diagnostics {
            let index = match self.rules.iter().position(|r| r.rule == d.rule) {
                Some(index) => index,
                None => {
                    self.rules.push(RuleRow {
                        rule: d.rule.clone(),
                        level: d.level.name(),
                        summary: d.label.clone(),
                        findings: 0,
                        postings: 0,
                    });
                    self.rules.len() - 1
                }
            };
            let row = &mut self.rules[index];
            // A label that differs from finding to finding (one naming the figures) says
            // nothing of the rule: the row keeps the rule's name alone.
            if row.summary != d.label {
                row.summary.clear();
            }
            row.findings += 1;
            if !seen.contains(&d.rule.as_str()) {
                seen.push(&d.rule);
                row.postings += 1;
            }
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            out.write_all(HEAD.as_bytes())?;
        }
        Ok(())
    }
}

/// One finding: its level, rule and message, the words in their line, what to write instead,
/// and why.
fn finding(page: &mut String, source: &SourceFile, d: &Diagnostic) {
    let level = d.level.name();
    page.push_str("<div class=\"finding ");
    page.push_str(level);
    page.push_str("\">\n<p><span class=\"level\">");
    page.push_str(level);
    page.push_str("</span> ");
    escape_into(page, &d.message);
    page.push_str(" <span class=\"rule\">");
    escape_into(page, &d.rule);
    page.push_str("</span></p>\n");
    excerpt(page, source, d);
    also(page, source, d);
    if let Some(help) = &d.help {
        page.push_str("<p class=\"instead\">Instead: ");
        escape_into(page, help);
        page.push_str("</p>\n");
    }
    if d.note.is_some() || d.role_context.is_some() {
        page.push_str("<details><summary>Why</summary>\n");
        for text in d.note.iter().chain(&d.role_context) {
            page.push_str("<p>");
            escape_into(page, text);
            page.push_str("</p>\n");
        }
        page.push_str("</details>\n");
    }
    page.push_str("</div>\n");
}

/// The lines a finding's words are on, the words marked: a long line is cut to
/// `CONTEXT_BYTES` on each side.
fn excerpt(page: &mut String, source: &SourceFile, d: &Diagnostic) {
    let text = source.text.as_str();
    let range = d.range.start.min(text.len())..d.range.end.min(text.len());
    let first = source.line_around(range.start);
    let last = source.line_around(range.end.saturating_sub(1).max(range.start));
    let from = floor_char_boundary(
        text,
        first.start.max(range.start.saturating_sub(CONTEXT_BYTES)),
    );
    let to = ceil_char_boundary(text, last.end.min(range.end + CONTEXT_BYTES));
    let (line, _) = source.line_col(range.start);
    page.push_str("<blockquote><span class=\"line\">line ");
    page.push_str(&line.to_string());
    page.push_str("</span>\n");
    if from > first.start {
        page.push('…');
    }
    escape_into(page, text[from..range.start].trim_start());
    page.push_str("<mark>");
    escape_into(page, &text[range.clone()]);
    page.push_str("</mark>");
    escape_into(page, text[range.end..to].trim_end());
    if to < last.end && !text[to..last.end].trim().is_empty() {
        page.push('…');
    }
    page.push_str("</blockquote>\n");
}

/// Secondary words shown past the first.
const ALSO_MAX: usize = 40;

/// A finding's further words (the words a balance counted on each side, a repeated phrase),
/// each with its label and line.
fn also(page: &mut String, source: &SourceFile, d: &Diagnostic) {
    if d.secondary.is_empty() {
        return;
    }
    page.push_str("<p class=\"also\">Also: ");
    let text = source.text.as_str();
    for (i, secondary) in d.secondary.iter().take(ALSO_MAX).enumerate() {
        if i > 0 {
            page.push_str(", ");
        }
        let range = secondary.range.start.min(text.len())..secondary.range.end.min(text.len());
        page.push_str("<mark>");
        escape_into(page, text.get(range.clone()).unwrap_or(""));
        page.push_str("</mark> (");
        if let Some(label) = &secondary.label {
            escape_into(page, label);
            page.push_str(", ");
        }
        page.push_str(&format!("line {})", source.line_col(range.start).0));
    }
    if d.secondary.len() > ALSO_MAX {
        page.push_str(&format!(" and {} more", d.secondary.len() - ALSO_MAX));
    }
    page.push_str("</p>\n");
}

/// `text` as HTML text: the five characters that could open markup or end an attribute
/// written as entities, and control characters other than tab and line breaks left out.
fn escape_into(page: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => page.push_str("&amp;"),
            '<' => page.push_str("&lt;"),
            '>' => page.push_str("&gt;"),
            '"' => page.push_str("&quot;"),
            '\'' => page.push_str("&#39;"),
            '\t' | '\n' | '\r' => page.push(c),
            c if c.is_control() => {}
            c => page.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::document::Format;

    fn clean(n: usize) -> FileReport {
        let source = Arc::new(SourceFile::new(format!("jobs/{n}.md"), "# Cook\n"));
        FileReport {
            title: Some(format!("Cook {n}")),
            ..FileReport::bare(source, Format::Markdown)
        }
    }

    #[test]
    fn a_long_run_lists_its_first_thousand_clean_postings_and_counts_the_rest() {
        let mut html = Html::default();
        let mut page = Vec::new();
        for n in 0..LISTED_MAX + 5 {
            html.report(&mut page, &clean(n)).unwrap();
        }
        let counts = Counts {
            files_checked: LISTED_MAX + 5,
            ..Counts::default()
        };
        html.finish(&mut page, &counts, &[]).unwrap();
        let page = String::from_utf8(page).unwrap();
        // No section for a posting with nothing to change: one line each, folded.
        assert!(!page.contains("<section"), "{page}");
        assert!(page.contains("<summary>1005 postings with no findings</summary>"));
        assert_eq!(page.matches("<li>Cook ").count(), LISTED_MAX);
        assert!(page.contains("<li>Cook 999 <span class=\"where\">jobs/999.md</span></li>"));
        assert!(
            page.contains("</ul>\n<p>and 5 more.</p>\n</details>"),
            "{page}"
        );
        assert!(!page.contains("Postings with findings"));
    }
}
