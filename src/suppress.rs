//! Applies a document's suppression directives to its findings, and reports directives that
//! suppress nothing (`unused-suppression`) or name no known rule (`unknown-rule`), as ruff
//! does with unused `noqa` comments.

use std::ops::Range;

use crate::config::{Selector, Settings};
use crate::diagnostic::{Diagnostic, MetaRule};
use crate::document::{Directive, DirectiveKind};
use crate::lint::FileReport;
use crate::source::SourceFile;
use crate::work::{self, Loop};
use std::collections::HashMap;

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

#[cfg(test)]
impl Use<'_> {
    /// Whether this use covers `d`: the definition `sweep` must agree with.
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

/// Drops suppressed findings and adds the meta findings about the directives themselves;
/// those about directives the file's postings share are handed back apart, to be said once
/// for the file (`SharedSettler`).
pub fn apply(
    source: &SourceFile,
    directives: &[Directive],
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    file: Option<&std::path::Path>,
) -> (Vec<Diagnostic>, Vec<SharedFinding>) {
    if directives.is_empty() {
        return (diagnostics, Vec::new());
    }
    let mut uses = build_uses(source, directives, settings);
    let mut kept = sweep(&mut uses, diagnostics);
    let levels = MetaLevels {
        unused: settings.meta_level(MetaRule::UnusedSuppression, file),
        unknown: settings.meta_level(MetaRule::UnknownRule, file),
    };
    let mut shared = Vec::new();
    for u in &uses {
        let finding = (!u.used).then(|| levels.finding(u)).flatten();
        if u.directive.shared {
            shared.push(SharedFinding {
                at: u
                    .name
                    .map_or(u.directive.range.clone(), |(_, range)| range.clone()),
                used: u.used,
                finding,
            });
        } else {
            kept.extend(finding);
        }
    }
    sort_by_place(&mut kept);
    (kept, shared)
}

fn sort_by_place(found: &mut [Diagnostic]) {
    found.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
}

/// The levels of the meta rules about directives, for one file.
struct MetaLevels {
    unused: Option<crate::rules::Level>,
    unknown: Option<crate::rules::Level>,
}

impl MetaLevels {
    /// What to say of a use that suppressed nothing: its name is unknown, or it is unused.
    fn finding(&self, u: &Use<'_>) -> Option<Diagnostic> {
        match (u.name, &u.selector) {
            (Some((name, range)), None) => self.unknown.map(|level| {
                MetaRule::UnknownRule.diagnostic(
                    level,
                    format!("`{name}` is not a rule or category, so nothing is suppressed"),
                    range.clone(),
                    "unknown name",
                )
            }),
            (Some((name, range)), Some(_)) => self.unused.map(|level| {
                MetaRule::UnusedSuppression.diagnostic(
                    level,
                    format!("unused suppression: `{name}` reports nothing here"),
                    range.clone(),
                    "suppresses nothing",
                )
            }),
            (None, _) => self.unused.map(|level| {
                MetaRule::UnusedSuppression.diagnostic(
                    level,
                    "unused suppression: no finding here to suppress".to_string(),
                    u.directive.range.clone(),
                    "suppresses nothing",
                )
            }),
        }
    }
}

/// What one posting says of one name of a directive its file's postings share (or of the
/// directive, naming none): whether it suppressed a finding there, and what to report if no
/// posting's use of it does.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedFinding {
    /// The name's place in the file (or the directive's): the same in every posting.
    at: Range<usize>,
    used: bool,
    finding: Option<Diagnostic>,
}

/// Says once for a file what its postings' shared directives come to: a feed's comment above
/// its root is a directive of each of its jobs, and said job by job, a name it does not know
/// was reported once a job, and a suppression that one job used, as unused by every other.
/// Reports pass through in order; the last of a file is held until the next file's comes (or
/// the run ends, `finish`), and then carries each finding once: an unknown name, and an
/// unused suppression that no posting of the file used.
#[derive(Debug, Default)]
pub struct SharedSettler {
    held: Option<FileReport>,
    findings: Vec<SharedFinding>,
}

impl SharedSettler {
    /// Takes the next report of a run; gives back those ready to be written, in order.
    pub fn pass(&mut self, mut report: FileReport) -> impl Iterator<Item = FileReport> + use<> {
        let continues = self
            .held
            .as_ref()
            .is_some_and(|held| held.source.name == report.source.name);
        // A report dropped from the output must not carry the findings: it goes out after
        // the file before it, and the one held of its own file stays held.
        if report.skipped {
            let before = self.held.take_if(|_| !continues).map(|h| self.settled(h));
            return [before, Some(report)].into_iter().flatten();
        }
        let before = self.held.take().map(|held| match continues {
            true => held,
            false => self.settled(held),
        });
        if report.shared.is_empty() && !continues {
            return [before, Some(report)].into_iter().flatten();
        }
        for finding in std::mem::take(&mut report.shared) {
            match self.findings.iter_mut().find(|f| f.at == finding.at) {
                Some(known) => {
                    known.used |= finding.used;
                    if known.finding.is_none() {
                        known.finding = finding.finding;
                    }
                }
                None => self.findings.push(finding),
            }
        }
        self.held = Some(report);
        [before, None].into_iter().flatten()
    }

    /// The report held back, with its file's findings.
    pub fn finish(&mut self) -> Option<FileReport> {
        let held = self.held.take()?;
        Some(self.settled(held))
    }

    fn settled(&mut self, mut report: FileReport) -> FileReport {
        let findings = std::mem::take(&mut self.findings);
        let before = report.diagnostics.len();
        report.diagnostics.extend(
            findings
                .into_iter()
                .filter(|f| !f.used)
                .filter_map(|f| f.finding),
        );
        if report.diagnostics.len() > before {
            sort_by_place(&mut report.diagnostics);
        }
        report
    }
}

/// The reports of whole files, their shared directives' findings settled (see
/// `SharedSettler`).
pub fn settle(reports: Vec<FileReport>) -> Vec<FileReport> {
    if reports.iter().all(|r| r.shared.is_empty()) {
        return reports;
    }
    let mut settler = SharedSettler::default();
    let mut out: Vec<FileReport> = reports.into_iter().flat_map(|r| settler.pass(r)).collect();
    out.extend(settler.finish());
    out
}

/// What a use applies to: every rule, a category or a rule (an unknown name: nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    All,
    Category(String),
    Rule(String),
}

fn key_of(u: &Use<'_>) -> Option<Key> {
    match (&u.name, &u.selector) {
        (None, _) | (Some(_), Some(Selector::All)) => Some(Key::All),
        (Some(_), Some(Selector::Category(c))) => Some(Key::Category(c.clone())),
        (Some(_), Some(Selector::Rule(r))) => Some(Key::Rule(r.clone())),
        (Some(_), None) => None,
    }
}

/// Keeps the findings no use covers, and marks the uses that cover one. One pass over the
/// findings and the uses in order of position: a use is active from where its range starts
/// until it ends, active uses are counted by key, and each use is marked once, so the cost
/// grows with findings plus uses (times a logarithm), not their product: a long posting
/// with thousands of suppression comments stays fast.
fn sweep(uses: &mut [Use<'_>], mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    diagnostics.sort_by_key(|d| d.range.start);
    let keys: Vec<Option<Key>> = uses.iter().map(key_of).collect();
    let mut by_start: Vec<usize> = (0..uses.len()).filter(|&i| keys[i].is_some()).collect();
    by_start.sort_by_key(|&i| uses[i].covers.start);
    let mut next = 0;
    // Active uses: how many per key, the unmarked ones per key, and when each ends.
    let mut active: HashMap<Key, usize> = HashMap::new();
    let mut unmarked: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut ends: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let at = d.range.start;
        work::count(Loop::Suppressions, 1);
        while next < by_start.len() && uses[by_start[next]].covers.start <= at {
            let i = by_start[next];
            next += 1;
            work::count(Loop::Suppressions, 1);
            if uses[i].covers.end <= at {
                continue;
            }
            let key = keys[i].clone().expect("only uses with a key are swept");
            *active.entry(key.clone()).or_default() += 1;
            unmarked.entry(key).or_default().push(i);
            ends.push(Reverse((uses[i].covers.end, i)));
        }
        while let Some(&Reverse((end, i))) = ends.peek() {
            if end > at {
                break;
            }
            ends.pop();
            work::count(Loop::Suppressions, 1);
            let key = keys[i].as_ref().expect("only uses with a key are swept");
            if let Some(n) = active.get_mut(key) {
                *n -= 1;
            }
        }
        let mut suppressed = false;
        for key in [
            Key::All,
            Key::Category(d.category.clone()),
            Key::Rule(d.rule.clone()),
        ] {
            if active.get(&key).is_some_and(|&n| n > 0) {
                suppressed = true;
                // Every active use of this key covers the finding: mark them, once.
                for i in unmarked.remove(&key).unwrap_or_default() {
                    work::count(Loop::Suppressions, 1);
                    if uses[i].covers.contains(&at) {
                        uses[i].used = true;
                    } else if uses[i].covers.end > at {
                        unmarked.entry(key.clone()).or_default().push(i);
                    }
                }
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    kept
}

fn build_uses<'d>(
    source: &SourceFile,
    directives: &'d [Directive],
    settings: &Settings,
) -> Vec<Use<'d>> {
    let end_of_file = source.text.len();
    let mut uses: Vec<Use<'d>> = Vec::new();
    // Open `disable` regions (indices into `uses`) by the name they disable, `None` for every
    // rule: an `enable` closes the ones it names, each region once, without looking at the
    // others.
    let mut open: HashMap<Option<&'d str>, Vec<usize>> = HashMap::new();
    let mut next_lines = NextLines::default();
    for directive in directives {
        let covers = match directive.kind {
            DirectiveKind::DisableFile => 0..end_of_file,
            DirectiveKind::DisableNextLine => next_lines.after(source, directive.range.end),
            DirectiveKind::Disable => directive.range.end..end_of_file,
            DirectiveKind::Enable => {
                let closed: Vec<usize> = if directive.names.is_empty() {
                    open.drain().flat_map(|(_, ids)| ids).collect()
                } else {
                    directive
                        .names
                        .iter()
                        .flat_map(|(name, _)| open.remove(&Some(name.as_str())).unwrap_or_default())
                        .collect()
                };
                for i in closed {
                    work::count(Loop::Suppressions, 1);
                    uses[i].covers.end = directive.range.start;
                }
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
            for (i, added) in uses.iter().enumerate().skip(start) {
                let name = added.name.map(|(n, _)| n.as_str());
                open.entry(name).or_default().push(i);
            }
        }
    }
    uses
}

/// Finds the line a `disable-next-line` covers. Directives come in file order, and many on
/// one line share its answer, so the blank lines after a line are crossed once.
#[derive(Default)]
struct NextLines {
    /// The last offset asked about, the end of its line, and the line it got.
    last: Option<(usize, usize, Range<usize>)>,
}

impl NextLines {
    /// The byte range of the first non-blank line after `offset`'s line.
    fn after(&mut self, source: &SourceFile, offset: usize) -> Range<usize> {
        let text = &source.text;
        let offset = offset.min(text.len());
        // Between the last offset and its line's end there is no line break: same line.
        if let Some((from, end, next)) = &self.last
            && (*from..*end).contains(&offset)
        {
            return next.clone();
        }
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        work::count(Loop::Suppressions, line_end - offset);
        let next = first_filled_line(text, line_end);
        self.last = Some((offset, line_end, next.clone()));
        next
    }
}

/// The first line at or after `line_start` that is not blank, or the empty range at the end.
fn first_filled_line(text: &str, mut line_start: usize) -> Range<usize> {
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        work::count(Loop::Suppressions, line_end - line_start);
        if !text[line_start..line_end].trim().is_empty() {
            return line_start..line_end;
        }
        line_start = line_end;
    }
    text.len()..text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Level;

    /// A report of a posting of `file` with what it says of shared directives: each place
    /// with whether the posting used it there.
    fn report(file: &str, shared: &[(usize, bool)], skipped: bool) -> FileReport {
        let source = std::sync::Arc::new(SourceFile::new(file, "<!-- x -->\n<jobs/>\n"));
        FileReport {
            skipped,
            shared: shared
                .iter()
                .map(|&(at, used)| SharedFinding {
                    at: at..at + 1,
                    used,
                    finding: (!used).then(|| {
                        MetaRule::UnusedSuppression.diagnostic(
                            Level::Info,
                            format!("unused at {at}"),
                            at..at + 1,
                            "suppresses nothing",
                        )
                    }),
                })
                .collect(),
            ..FileReport::bare(source, crate::document::Format::Xml)
        }
    }

    #[test]
    fn a_files_shared_directives_are_judged_once_by_its_last_report() {
        let mut settler = SharedSettler::default();
        let mut out = Vec::new();
        for r in [
            // Place 1 is used by the second posting, place 5 by none.
            report("a.xml", &[(1, false), (5, false)], false),
            report("a.xml", &[(1, true), (5, false)], false),
            report("b.bin", &[], true),
            report("c.md", &[], false),
            report("d.xml", &[(3, false)], false),
        ] {
            out.extend(settler.pass(r));
        }
        out.extend(settler.finish());
        let said: Vec<(&str, Vec<&str>)> = out
            .iter()
            .map(|r| {
                let messages = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
                (r.source.name.as_str(), messages)
            })
            .collect();
        assert_eq!(
            said,
            [
                ("a.xml", vec![]),
                ("a.xml", vec!["unused at 5"]),
                ("b.bin", vec![]),
                ("c.md", vec![]),
                ("d.xml", vec!["unused at 3"]),
            ]
        );
    }

    /// A fixed pseudo-random sequence.
    fn next(state: &mut u64) -> usize {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 33) as usize
    }

    #[test]
    fn the_sweep_agrees_with_checking_every_use_against_every_finding() {
        let directive = Directive {
            kind: DirectiveKind::Disable,
            names: Vec::new(),
            range: 0..0,
            shared: false,
        };
        let names = [
            ("vague-salary".to_string(), 0..0),
            ("pay".to_string(), 0..0),
            ("nosuch".to_string(), 0..0),
        ];
        let rules = [("vague-salary", "pay"), ("bro-culture", "culture")];
        let mut state = 7;
        for _ in 0..200 {
            let mut uses: Vec<Use<'_>> = (0..next(&mut state) % 12)
                .map(|_| {
                    let start = next(&mut state) % 100;
                    let (name, selector) = match next(&mut state) % 5 {
                        0 => (None, Some(Selector::All)),
                        1 => (Some(&names[0]), Some(Selector::Rule("vague-salary".into()))),
                        2 => (Some(&names[1]), Some(Selector::Category("pay".into()))),
                        3 => (Some(&names[2]), None),
                        _ => (Some(&names[0]), Some(Selector::All)),
                    };
                    Use {
                        directive: &directive,
                        name,
                        selector,
                        covers: start..start + next(&mut state) % 40,
                        used: false,
                    }
                })
                .collect();
            let findings: Vec<Diagnostic> = (0..next(&mut state) % 15)
                .map(|_| {
                    let (rule, category) = rules[next(&mut state) % 2];
                    let at = next(&mut state) % 120;
                    Diagnostic {
                        rule: rule.into(),
                        category: category.into(),
                        ..MetaRule::UnknownRule.diagnostic(
                            Level::Warning,
                            String::new(),
                            at..at + 3,
                            "",
                        )
                    }
                })
                .collect();
            let expected_kept: Vec<usize> = findings
                .iter()
                .filter(|d| !uses.iter().any(|u| u.covers(d)))
                .map(|d| d.range.start)
                .collect();
            let expected_used: Vec<bool> = uses
                .iter()
                .map(|u| findings.iter().any(|d| u.covers(d)))
                .collect();
            let mut kept: Vec<usize> = sweep(&mut uses, findings)
                .iter()
                .map(|d| d.range.start)
                .collect();
            kept.sort_unstable();
            let mut expected_kept = expected_kept;
            expected_kept.sort_unstable();
            assert_eq!(kept, expected_kept);
            assert_eq!(
                uses.iter().map(|u| u.used).collect::<Vec<_>>(),
                expected_used
            );
        }
    }
}
