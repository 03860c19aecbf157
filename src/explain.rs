//! `hirelint rules` and `hirelint explain RULE`: the docs in the rule files, printed.

use std::fmt::Write as _;

use crate::diagnostic::MetaRule;
use crate::rules::{Rule, RuleSet};

/// One line per rule: name, category, default level, summary.
pub fn list(rules: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<34} {:<9} {:<8} SUMMARY",
        "RULE", "CATEGORY", "LEVEL"
    );
    for rule in rules.rules() {
        let _ = writeln!(
            out,
            "{:<34} {:<9} {:<8} {}",
            rule.name,
            rule.category,
            rule.level.name(),
            rule.summary()
        );
    }
    for meta in MetaRule::ALL {
        let _ = writeln!(
            out,
            "{:<34} {:<9} {:<8} {}",
            meta.name(),
            "meta",
            meta.level().name(),
            meta.docs().what
        );
    }
    out
}

/// Every rule as a Markdown table row, by category: name, default level, the families it
/// applies to, and the first sentence of `docs.what`. README.md's rule table is this output.
pub fn markdown_table(rules: &RuleSet) -> String {
    let mut out = String::from(
        "| rule | category | level | applies to | what it flags |\n|---|---|---|---|---|\n",
    );
    let mut sorted: Vec<&Rule> = rules.rules().collect();
    sorted.sort_by(|a, b| (&a.category, &a.name).cmp(&(&b.category, &b.name)));
    for rule in sorted {
        let families = families(rule);
        let level = if rule.enabled {
            rule.level.name().to_string()
        } else {
            format!("{} (opt-in)", rule.level.name())
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {level} | {families} | {} |",
            rule.name,
            rule.category,
            rule.summary().replace('|', "\\|")
        );
    }
    for meta in MetaRule::ALL {
        let _ = writeln!(
            out,
            "| `{}` | meta | {} | all | {} |",
            meta.name(),
            meta.level().name(),
            meta.docs().what
        );
    }
    out
}

/// How to silence one finding, for `hirelint explain suppressions`.
pub const SUPPRESSIONS: &str = "\
Suppressions: silence a finding where a person decided it is fine.

In Markdown (HTML comments; name rules or categories, or none for every rule):
    <!-- hirelint-disable-next-line phd-required-for-engineer -->
    <!-- hirelint-disable role -->  ...  <!-- hirelint-enable role -->
    <!-- hirelint-disable-file researcher-with-bachelors-only -->

In plain text, a line of its own:
    hirelint: disable-next-line phd-required-for-engineer
    (also disable, enable and disable-file)

In front matter, for the whole file:
    hirelint: { allow: [phd-required-for-engineer] }        (YAML)
    [hirelint]                                             (TOML)
    allow = [\"phd-required-for-engineer\"]

In a YAML data file (_data/jobs.yml), a comment line in a job or right above it:
    # hirelint-disable-next-line hyperbolic-job-title
    # hirelint: disable-next-line hyperbolic-job-title
In an XML feed, HTML-style comments inside a job. Comments above a file's first posting are
every posting's, and what they come to is said once for the file.

A suppression that suppresses nothing is reported as unused-suppression (info); one that
names no known rule or category as unknown-rule (warning). Both are rules like any other:
set their level in hirelint.toml. For whole folders, use [[overrides]] in hirelint.toml.
";

/// Topics beside rule names.
pub const TOPICS: [&str; 2] = ["configuration", "suppressions"];

/// A rule's documentation or a topic's, or `None` for an unknown name.
pub fn explain(rules: &RuleSet, name: &str) -> Option<String> {
    match name {
        "configuration" | "config" => return Some(crate::config::STARTER.to_string()),
        "suppressions" | "suppression" => return Some(SUPPRESSIONS.to_string()),
        _ => {}
    }
    if let Some(rule) = rules.get(name) {
        return Some(explain_rule(rule));
    }
    let meta = MetaRule::ALL.into_iter().find(|m| m.name() == name)?;
    let docs = meta.docs();
    Some(format!(
        "{name} (meta, {})\n\n## What it does\n{}\n\n## Why\n{}\n\n## Example\n{}\n\n## Instead\n{}\n",
        meta.level().name(),
        docs.what,
        docs.why,
        docs.example,
        docs.instead
    ))
}

/// The families a rule applies to, or `all`.
fn families(rule: &Rule) -> String {
    if rule.families.is_empty() {
        return "all".to_string();
    }
    let names: Vec<&str> = rule.families.iter().map(|f| f.name()).collect();
    names.join(", ")
}

fn explain_rule(rule: &Rule) -> String {
    let mut out = String::new();
    let families = families(rule);
    let sections = if rule.sections.is_empty() {
        "all".to_string()
    } else {
        rule.sections
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "{} ({}, {})",
        rule.name,
        rule.category,
        rule.level.name()
    );
    let _ = writeln!(
        out,
        "applies to: {families} postings; sections: {sections}; check: {}",
        rule.check.kind_name()
    );
    let _ = writeln!(out, "defined in: {}", rule.origin);
    let indent = |text: &str| {
        text.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let _ = write!(
        out,
        "\n## What it does\n{}\n\n## Why\n{}\n\n## Example (fires)\n{}\n\n## Instead (silent)\n{}\n",
        rule.docs.what.trim(),
        rule.docs.why.trim(),
        indent(rule.docs.example.trim()),
        indent(rule.docs.instead.trim())
    );
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "\nhelp: {help}");
    }
    out
}
