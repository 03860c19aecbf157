//! Applies a document's suppression directives to its findings, and reports directives that
//! suppress nothing (`unused-suppression`) or name no known rule (`unknown-rule`), as ruff
//! does with unused `noqa` comments.

use std::ops::Range;

use crate::config::{Selector, Settings};
use crate::diagnostic::{Diagnostic, MetaRule};
use crate::document::{Directive, DirectiveKind};
use crate::source::SourceFile;

/// One name of one directive (or the directive itself when it names nothing): the unit that
/// is used or unused.
struct Use<'d> {
    directive: &'d Directive,
    name: Option<&'d (String, Range<usize>)>,
    selector: Option<Selector>,
    /// Byte range of text it covers.
    covers: Range<usize>,
    used: bool,
}

impl Use<'_> {
    fn covers(&self, d: &Diagnostic) -> bool {
        let in_range = self.covers.contains(&d.range.start);
        let rule_ok = match (&self.name, &self.selector) {
            (None, _) => true,
            (Some(_), Some(Selector::All)) => true,
            (Some(_), Some(Selector::Category(c))) => *c == d.category,
            (Some(_), Some(Selector::Rule(r))) => *r == d.rule,
            (Some(_), None) => false,
        };
        in_range && rule_ok
    }
}

/// Drops suppressed findings and adds the meta findings about the directives themselves.
pub fn apply(
    source: &SourceFile,
    directives: &[Directive],
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    file: Option<&std::path::Path>,
) -> Vec<Diagnostic> {
    if directives.is_empty() {
        return diagnostics;
    }
    let mut uses = build_uses(source, directives, settings);
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let mut suppressed = false;
        for u in uses.iter_mut().filter(|u| u.covers(&d)) {
            u.used = true;
            suppressed = true;
        }
        if !suppressed {
            kept.push(d);
        }
    }
    let unused_level = settings.meta_level(MetaRule::UnusedSuppression, file);
    let unknown_level = settings.meta_level(MetaRule::UnknownRule, file);
    for u in uses.iter().filter(|u| !u.used) {
        match (u.name, &u.selector) {
            (Some((name, range)), None) => {
                if let Some(level) = unknown_level {
                    let message =
                        format!("`{name}` is not a rule or category, so nothing is suppressed");
                    kept.push(MetaRule::UnknownRule.diagnostic(
                        level,
                        message,
                        range.clone(),
                        "unknown name",
                    ));
                }
            }
            (Some((name, range)), Some(_)) => {
                if let Some(level) = unused_level {
                    let message = format!("unused suppression: `{name}` reports nothing here");
                    kept.push(MetaRule::UnusedSuppression.diagnostic(
                        level,
                        message,
                        range.clone(),
                        "suppresses nothing",
                    ));
                }
            }
            (None, _) => {
                if let Some(level) = unused_level {
                    let message = "unused suppression: no finding here to suppress".to_string();
                    kept.push(MetaRule::UnusedSuppression.diagnostic(
                        level,
                        message,
                        u.directive.range.clone(),
                        "suppresses nothing",
                    ));
                }
            }
        }
    }
    kept.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    kept
}

fn build_uses<'d>(
    source: &SourceFile,
    directives: &'d [Directive],
    settings: &Settings,
) -> Vec<Use<'d>> {
    let end_of_file = source.text.len();
    let mut uses: Vec<Use<'d>> = Vec::new();
    // Open `disable` regions: index into `uses`.
    let mut open: Vec<usize> = Vec::new();
    for directive in directives {
        let covers = match directive.kind {
            DirectiveKind::DisableFile => 0..end_of_file,
            DirectiveKind::DisableNextLine => next_line(source, directive.range.end),
            DirectiveKind::Disable => directive.range.end..end_of_file,
            DirectiveKind::Enable => {
                let closes = |u: &Use<'_>| {
                    directive.names.is_empty()
                        || u.name
                            .is_some_and(|(n, _)| directive.names.iter().any(|(m, _)| m == n))
                };
                open.retain(|&i| {
                    if closes(&uses[i]) {
                        uses[i].covers.end = directive.range.start;
                        false
                    } else {
                        true
                    }
                });
                continue;
            }
        };
        let start = uses.len();
        if directive.names.is_empty() {
            uses.push(Use {
                directive,
                name: None,
                selector: Some(Selector::All),
                covers,
                used: false,
            });
        } else {
            for name in &directive.names {
                let selector = settings.knows(&name.0);
                uses.push(Use {
                    directive,
                    name: Some(name),
                    selector,
                    covers: covers.clone(),
                    used: false,
                });
            }
        }
        if directive.kind == DirectiveKind::Disable {
            open.extend(start..uses.len());
        }
    }
    uses
}

/// The byte range of the first non-blank line after `offset`'s line.
fn next_line(source: &SourceFile, offset: usize) -> Range<usize> {
    let text = &source.text;
    let mut line_start = text[offset.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        if !text[line_start..line_end].trim().is_empty() {
            return line_start..line_end;
        }
        line_start = line_end;
    }
    text.len()..text.len()
}
