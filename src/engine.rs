//! The lint step: compiled rules × the segments in scope for the document's role. Ranges go
//! through each segment's `SpanMap` before they leave this module.

use std::ops::Range;

use crate::classify::{Family, Role, RoleSource};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Segment};
use crate::rules::{Check, Level, Report, Rule, RuleSet};

/// Runs every applicable rule over one document, at the level `level_of` gives each rule
/// (`None`: the rule is off and does not run).
pub fn lint(
    doc: &Document,
    role: &Role,
    rules: &RuleSet,
    level_of: &dyn Fn(&Rule) -> Option<Level>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let title = job_title(doc, role);
    for rule in rules.rules() {
        if !rule.applies(role.family, title.as_ref().map(|(t, _)| t.as_str())) {
            continue;
        }
        if let Some(level) = level_of(rule) {
            let first = out.len();
            check_rule(doc, title.as_ref(), rule, &mut out);
            let context = (!rule.families.is_empty()).then(|| role_context(role));
            for d in &mut out[first..] {
                d.level = level;
                d.role_context.clone_from(&context);
            }
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    out
}

/// The job title and its source range: the role part the classifier read, else the
/// document's title.
fn job_title(doc: &Document, role: &Role) -> Option<(String, Range<usize>)> {
    role.title.clone().or_else(|| {
        doc.title
            .as_ref()
            .map(|t| (t.text.trim().to_string(), t.source_range()))
    })
}

fn check_rule(
    doc: &Document,
    job_title: Option<&(String, Range<usize>)>,
    rule: &Rule,
    out: &mut Vec<Diagnostic>,
) {
    let title = job_title.map_or("untitled posting", |(t, _)| t.as_str());
    let in_scope = |s: &Segment| rule.in_scope(s.kind, s.section);
    match &rule.check {
        Check::Pattern {
            finder,
            unless,
            report,
        } => {
            if let Some(unless) = unless {
                let everywhere = doc.title.iter().chain(doc.segments.iter());
                let silenced = everywhere
                    .filter(|s| unless.sections.is_empty() || unless.sections.contains(&s.section))
                    .any(|s| unless.regex.is_match(&s.text));
                if silenced {
                    return;
                }
            }
            let hits: Vec<(Range<usize>, String)> = finder
                .find(doc, &in_scope)
                .iter()
                .map(|hit| (hit.source_range(), squash(hit.text())))
                .collect();
            match report {
                Report::Each => out.extend(
                    hits.into_iter()
                        .map(|(range, words)| diagnostic(rule, title, range, &words, Vec::new())),
                ),
                Report::Once => {
                    if let Some(((first, words), rest)) = hits.split_first() {
                        let secondary = rest.iter().map(|(r, _)| r.clone()).collect();
                        out.push(diagnostic(rule, title, first.clone(), words, secondary));
                    }
                }
            }
        }
        Check::Requires { finder } => {
            if finder.any(doc, &in_scope) {
                return;
            }
            let (range, words) = match job_title {
                Some((text, range)) => (range.clone(), text.clone()),
                None => (
                    doc.segments
                        .first()
                        .map(|s| s.source_range())
                        .unwrap_or(0..0),
                    String::new(),
                ),
            };
            out.push(diagnostic(rule, title, range, &words, Vec::new()));
        }
    }
}

fn diagnostic(
    rule: &Rule,
    title: &str,
    range: Range<usize>,
    words: &str,
    secondary: Vec<Range<usize>>,
) -> Diagnostic {
    let fill = |template: &str| template.replace("{match}", words).replace("{title}", title);
    Diagnostic {
        rule: rule.name.clone(),
        category: rule.category.clone(),
        level: rule.level,
        message: fill(&rule.message),
        range,
        label: rule
            .label
            .as_deref()
            .map(fill)
            .unwrap_or_else(|| words.to_string()),
        secondary,
        note: Some(rule.docs.why.trim().to_string()),
        help: rule.help.clone(),
        role_context: None,
    }
}

/// How the posting's family was decided, in words.
pub fn role_context(role: &Role) -> String {
    let family = role.family;
    let how = match (role.source, &role.evidence) {
        (RoleSource::Title, Some(words)) => format!(" from the words \"{words}\" in its title"),
        (RoleSource::Body, Some(words)) => {
            format!(" from the words \"{words}\" in its text (no title names a role)")
        }
        (RoleSource::FrontMatter, Some(value)) => format!(" from its front matter (role: {value})"),
        _ => String::new(),
    };
    let roles = if role.roles.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = role
            .roles
            .iter()
            .map(|r| format!("{} \"{}\"", r.family, r.words))
            .collect();
        format!(" ({}): role rules stay silent on it", list.join(", "))
    };
    format!(
        "read as a{} {family} posting{how}{roles}; if that is wrong, set `role:` in the front matter",
        if matches!(family, Family::Engineer | Family::Other) {
            "n"
        } else {
            ""
        }
    )
}

/// Whitespace runs (line breaks inside a match) as single spaces, for messages.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
