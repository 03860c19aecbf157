//! Bad input never panics and every range stays on the source's character boundaries.
//! Thousands of postings are built from pieces that have broken parsers before (multi-byte
//! whitespace, CRLF, markup, escapes, template tags, suppression comments, front matter) with
//! a fixed pseudo-random sequence, so a failure is reproducible. Every output format renders
//! every report.

use std::sync::Arc;

use hirelint::cli::OutputFormat;
use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::document::Format;
use hirelint::emit::{self, EmitOptions};
use hirelint::lint::lint_source;
use hirelint::source::SourceFile;

const PIECES: &[&str] = &[
    "PhD",
    " required",
    " is required",
    "Ph.D.",
    " in Computer Science",
    ", ",
    ".",
    ". ",
    ";",
    "\u{a0}",
    "\u{2003}",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    " ",
    "# ",
    "## Requirements\n",
    "Requirements:\n",
    "**Nice to have**\n",
    "- ",
    "* ",
    "1. ",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "<!-- ",
    " -->",
    "hirelint-disable-next-line ",
    "hirelint-disable ",
    "hirelint-enable ",
    "hirelint-disable-file ",
    "phd-required-for-engineer",
    "role",
    "nope-rule",
    "hirelint: ",
    "disable-next-line ",
    "{% comment %}",
    "{% endcomment %}",
    "{{ page.title }}",
    "{%",
    "%}",
    "---\n",
    "+++\n",
    "title: ",
    "title = ",
    "role: researcher\n",
    "hirelint: { allow: [role] }\n",
    "[",
    "]",
    "(",
    ")",
    "](https://x.y)",
    "<https://a.b>",
    "&amp;",
    "&nbsp;",
    "\\*",
    "Zürich",
    "—",
    "🇨🇭",
    "€",
    "é",
    "Research Scientist",
    "ML Engineer",
    "Bachelor's degree",
    "deploy to production",
    "on-call",
    "Graduate-level mathematics",
    "| a | b |\n|---|---|\n",
    "> ",
    "\u{feff}",
    "Research Engineer",
    "Data Scientist",
    "publications",
    "10+ years’ experience with Kubernetes",
    " years",
    "$120k–$150k",
    "€60.000",
    "£45,000 per annum",
    "up to $200k",
    "Benefits",
    "companyRequirements:",
    "•",
    " 181 000 PLN",
    "\r",
    "\u{1b}[2J",
    "\u{85}",
    "rockstar",
    "Github",
    "<b>rock</b>star",
    "<p>",
    "</p>",
    "<li>",
    "\\u00e9",
    "\\\"",
];

/// A fixed linear congruential sequence: the same postings on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// JSON text with every non-ASCII character written as `\uXXXX` (a surrogate pair above
/// U+FFFF), as many exporters write it.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[test]
fn generated_postings_never_panic_and_ranges_stay_on_char_boundaries() {
    let builtins = Builtins::load().unwrap();
    let settings = Arc::new(Settings::defaults(&builtins, &ConfigArgs::default()).unwrap());
    let mut rng = Lcg(20251126);
    let mut findings = 0;
    for case in 0..3000 {
        let len = 1 + rng.next() % 60;
        let text: String = (0..len)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        let formats = [
            Format::Markdown,
            Format::Text,
            Format::Html,
            Format::Json,
            Format::Xml,
            Format::Csv,
            Format::Yaml,
        ];
        for format in formats {
            let text = match format {
                // The same text inside a JSON posting, every non-ASCII character escaped.
                Format::Json => ascii_json(&format!(
                    r#"{{"title": {}, "description": {}}}"#,
                    serde_json::to_string(PIECES[case % PIECES.len()]).unwrap(),
                    serde_json::to_string(&text).unwrap()
                )),
                // Inside a feed's job, as written (markup, `<`, `&` and all) or in a CDATA
                // section.
                Format::Xml if case % 2 == 0 => format!(
                    "<?xml version=\"1.0\"?><jobs><job><title>{}</title>\
                     <description><![CDATA[{text}]]></description></job></jobs>",
                    PIECES[case % PIECES.len()]
                ),
                Format::Xml => format!(
                    "<jobs><job><title>{}</title><description>{text}</description></job>",
                    PIECES[case % PIECES.len()]
                ),
                // A spreadsheet row's quoted description, every quote doubled; or, every
                // other case, unquoted, as hand-made exports leave a cell.
                Format::Csv if case % 2 == 0 => format!(
                    "Job Title,Job Description\r\n{},\"{}\"\r\n",
                    PIECES[case % PIECES.len()].replace([',', '"', '\n'], " "),
                    text.replace('"', "\"\"")
                ),
                Format::Csv => format!(
                    "title,description\n{},{text}\n",
                    PIECES[case % PIECES.len()]
                ),
                // A data file's job: the text as a literal block, every line indented.
                Format::Yaml => format!(
                    "- title: {}\n  location: Remote\n  description: |\n{}\n",
                    serde_json::to_string(PIECES[case % PIECES.len()]).unwrap(),
                    text.lines()
                        .map(|line| format!("    {line}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                _ => text.clone(),
            };
            let source = SourceFile::new(format!("case-{case}"), text.clone());
            let stripped = source.text.clone();
            let reports = lint_source(source, format, &settings, None);
            assert!(!reports.is_empty());
            for report in &reports {
                for d in &report.diagnostics {
                    findings += 1;
                    for range in
                        std::iter::once(&d.range).chain(d.secondary.iter().map(|s| &s.range))
                    {
                        assert!(
                            range.start <= range.end && range.end <= stripped.len(),
                            "case {case} {format:?}: {range:?} in {text:?}"
                        );
                        assert!(
                            stripped.is_char_boundary(range.start)
                                && stripped.is_char_boundary(range.end),
                            "case {case} {format:?}: {range:?} splits a character in {text:?}"
                        );
                    }
                    // Line and column agree with the byte offset: lines end at LF, and at a CR
                    // that is not part of CR LF; columns count characters.
                    let before = &stripped[..d.range.start];
                    let bytes = before.as_bytes();
                    let breaks: Vec<usize> = (0..bytes.len())
                        .filter(|&i| {
                            bytes[i] == b'\n'
                                || (bytes[i] == b'\r'
                                    && stripped.as_bytes().get(i + 1) != Some(&b'\n'))
                        })
                        .collect();
                    let line_start = breaks.last().map_or(0, |&i| i + 1);
                    let expected = (breaks.len() + 1, before[line_start..].chars().count() + 1);
                    assert_eq!(
                        report.source.line_col(d.range.start),
                        expected,
                        "case {case} {format:?}: {range:?} in {text:?}",
                        range = d.range
                    );
                }
                for format in [OutputFormat::Human, OutputFormat::Short, OutputFormat::Json] {
                    let options = EmitOptions {
                        format,
                        color: false,
                        quiet: false,
                        byte_columns: false,
                    };
                    emit::emit(&mut Vec::new(), std::slice::from_ref(report), options).unwrap();
                }
            }
        }
    }
    // The generator reaches the rules, so the boundary checks above are exercised.
    assert!(findings > 100, "only {findings} findings");
}
