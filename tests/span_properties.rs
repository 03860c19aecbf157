//! Properties of the span map, over random postings built from fragments that have broken
//! readers before (Markdown, front matter, Liquid, entities, multi-byte text, CRLF and bare
//! CR): every reported range lies inside the file, on UTF-8 boundaries, at the line and
//! column that counting gives, and the words a finding names are the words its range slices.
//! proptest shrinks a failure to the fewest fragments that still fail.

use std::sync::{Arc, OnceLock};

use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::document::Format;
use hirelint::lint::lint_source;
use hirelint::source::SourceFile;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    // Markdown
    "# ",
    "## Requirements\n",
    "**About us**\n",
    "- ",
    "* ",
    "1. ",
    "**",
    "_",
    "`",
    "```\n",
    "> ",
    "[link](https://github.com/acme)",
    "<https://example.com/ninja>",
    "| a | b |\n|---|---|\n",
    "<!-- a comment -->",
    // Front matter, at the start or not
    "---\ntitle: Backend Engineer\n---\n",
    "+++\ntitle = \"Dev\"\n+++\n",
    "title: Github ninja\n",
    // Liquid
    "{% comment %}Github rockstar{% endcomment %}",
    "{{ page.title }}",
    "{% if remote %}",
    "{%",
    "{{",
    // HTML and entities
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<li>",
    "&amp;",
    "&nbsp;",
    "&#x2F;",
    "&eacute;",
    // Multi-byte text
    "Zürich",
    "🚀",
    "—",
    "\u{a0}",
    "日本語",
    // Line ends and spaces
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    " ",
    ". ",
    ", ",
    // The words two rules find, which the checks below follow
    "Github",
    "rockstar",
    "Ninja",
    "We use Github daily.",
    "We want a rockstar.",
    "Senior Ninja",
    // Prose
    "Build our billing platform",
    "PhD required",
    "competitive salary",
    "$120k–$150k",
];

fn settings() -> &'static Arc<Settings> {
    static SETTINGS: OnceLock<Arc<Settings>> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let builtins = Builtins::load().unwrap();
        Arc::new(Settings::defaults(&builtins, &ConfigArgs::default()).unwrap())
    })
}

fn posting() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..40).prop_map(|parts| parts.concat())
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![Format::Markdown, Format::Text, Format::Html])
}

/// The strings between double quotes in a message.
fn quoted(message: &str) -> Vec<&str> {
    message.split('"').skip(1).step_by(2).collect()
}

/// The source text of a range with the HTML tags inside it removed: `<b>rock</b>star` is the
/// word "rockstar" to a reader.
fn without_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Line breaks before `end`: each `\n`, and each `\r` not followed by `\n`.
fn line_and_column(text: &str, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let breaks: Vec<usize> = (0..end)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .collect();
    let line_start = breaks.last().map_or(0, |&i| i + 1);
    (breaks.len() + 1, text[line_start..end].chars().count() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_range_lies_in_the_file_and_slices_to_the_words_it_names(
        text in posting(),
        format in format(),
    ) {
        let source = SourceFile::new("posting", text.clone());
        let reports = lint_source(source, format, settings(), None);
        for report in &reports {
            let file = report.source.text.as_str();
            for d in &report.diagnostics {
                let fixes = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.range));
                let secondary = d.secondary.iter().map(|s| &s.range);
                for range in std::iter::once(&d.range).chain(secondary).chain(fixes) {
                    prop_assert!(range.start <= range.end && range.end <= file.len(),
                        "{}: {range:?} outside {} bytes", d.rule, file.len());
                    prop_assert!(file.is_char_boundary(range.start) && file.is_char_boundary(range.end),
                        "{}: {range:?} splits a character", d.rule);
                }
                prop_assert_eq!(report.source.line_col(d.range.start), line_and_column(file, d.range.start));
                prop_assert_eq!(report.source.line_col(d.range.end), line_and_column(file, d.range.end));

                let words = without_tags(&file[d.range.clone()]);
                match d.rule.as_str() {
                    // `write "GitHub", the project's own spelling, not "Github"`
                    "tech-term-spelling" => {
                        prop_assert_eq!(quoted(&d.message).last().copied(), Some(words.as_str()));
                    }
                    // `"Ninja" is a jargon job title: say "Specialist"`
                    "hyperbolic-job-title" => {
                        prop_assert_eq!(quoted(&d.message).first().copied(), Some(words.as_str()));
                    }
                    _ => {}
                }
            }
        }
    }
}
