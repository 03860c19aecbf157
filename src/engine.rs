//! The lint step: compiled rules × the segments in scope for the document's role. Ranges go
//! through each segment's `SpanMap` before they leave this module.

use std::ops::Range;

use crate::classify::{Family, Role, RoleSource};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Segment};
use crate::rules::pattern::sentence_around;
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
    let title = doc.title_text();
    for rule in rules.rules() {
        if !rule.applies(role.family, title) {
            continue;
        }
        if let Some(level) = level_of(rule) {
            let first = out.len();
            check_rule(doc, rule, &mut out);
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

/// Segments a rule searches: the title (when in scope), then the body in order.
fn segments_in_scope<'d>(doc: &'d Document, rule: &'d Rule) -> impl Iterator<Item = &'d Segment> {
    doc.title
        .iter()
        .chain(doc.segments.iter())
        .filter(|s| rule.in_scope(s.kind, s.section))
}

fn check_rule(doc: &Document, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let title = doc.title_text().unwrap_or("untitled posting");
    match &rule.check {
        Check::Pattern {
            matcher,
            exceptions,
            unless,
            report,
        } => {
            if let Some(unless) = unless {
                let everywhere = doc.title.iter().chain(doc.segments.iter());
                if everywhere.clone().any(|s| unless.is_match(&s.text)) {
                    return;
                }
            }
            let mut hits: Vec<(Range<usize>, String)> = Vec::new();
            for segment in segments_in_scope(doc, rule) {
                for found in matcher.find_all(&segment.text) {
                    let excepted = exceptions.as_ref().is_some_and(|ex| {
                        let sentence = sentence_around(&segment.text, &found);
                        ex.is_match(&segment.text[sentence])
                    });
                    if !excepted {
                        hits.push((
                            segment.map.to_source(found.clone()),
                            squash(&segment.text[found]),
                        ));
                    }
                }
            }
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
        Check::Requires { matcher } => {
            if segments_in_scope(doc, rule).any(|s| matcher.is_match(&s.text)) {
                return;
            }
            let (range, words) = match &doc.title {
                Some(title) => (title.source_range(), title.text.trim().to_string()),
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
fn role_context(role: &Role) -> String {
    let family = role.family;
    let how = match (role.source, &role.evidence) {
        (RoleSource::Title, Some(words)) => format!(" from the words \"{words}\" in its title"),
        (RoleSource::FrontMatter, Some(value)) => format!(" from its front matter (role: {value})"),
        _ => String::new(),
    };
    format!(
        "read as a{} {family} posting{how}; if that is wrong, set `role:` in the front matter",
        if family == Family::Engineer || family == Family::Other {
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
