//! The `salary` kind: pay statements (or their absence) judged by a condition.

use std::ops::Range;

use crate::classify::Role;
use crate::diagnostic::{Diagnostic, Secondary};
use crate::document::{Document, PayFact};
use crate::extract::salary::Bound;
use crate::rules::Rule;
use crate::rules::compile::SalaryCondition;

use super::{Context, Fill, diagnostic};

#[expect(
    clippy::too_many_arguments,
    reason = "one call site, each argument a different fact"
)]
pub(super) fn check(
    doc: &Document,
    role: &Role,
    rule: &Rule,
    condition: SalaryCondition,
    max_ratio: f64,
    optional: &dyn Fn(&str) -> bool,
    ctx: &Context<'_>,
    job_title: Option<&(String, Range<usize>)>,
    out: &mut Vec<Diagnostic>,
) {
    let title = job_title.map_or("untitled posting", |(t, _)| t.as_str());
    let figures = doc.pay.iter().filter(|p| p.pay.bound != Bound::Template);
    // The same pay stated again (a job board's pay line above the body that states it too)
    // is one finding, with the repeats labelled, not one for each place.
    let report = |pay: &PayFact, detail: &str, out: &mut Vec<Diagnostic>| {
        let mut again = doc
            .pay
            .iter()
            .filter(|other| other.pay.same_terms(&pay.pay))
            .map(|other| other.source_range.clone());
        if again.next() != Some(pay.source_range.clone()) {
            // Reported at the first place it is stated.
            return;
        }
        let fill = Fill::new(title, &pay.pay.text).with_detail(detail);
        let secondary = again
            .map(|range| Secondary {
                range,
                label: Some("the same pay again".to_string()),
            })
            .collect();
        out.push(diagnostic(rule, &fill, pay.source_range.clone(), secondary));
    };
    match condition {
        SalaryCondition::Missing => {
            // An empty file is not a posting that hides its pay.
            let empty =
                doc.title.is_none() && doc.segments.iter().all(|s| s.text.trim().is_empty());
            if !doc.pay.is_empty() || empty {
                return;
            }
            let range = job_title
                .map(|(_, r)| r.clone())
                .or_else(|| doc.segments.first().map(|s| s.source_range()))
                .unwrap_or(0..0);
            out.push(diagnostic(
                rule,
                &Fill::new(title, title),
                range,
                Vec::new(),
            ));
        }
        SalaryCondition::OpenEnded => {
            for pay in figures.filter(|p| matches!(p.pay.bound, Bound::UpTo | Bound::From)) {
                let detail = match pay.pay.bound {
                    Bound::UpTo => "a maximum with no minimum",
                    _ => "a minimum with no maximum",
                };
                report(pay, detail, out);
            }
        }
        SalaryCondition::TooWide => {
            for pay in figures.filter(|p| p.pay.bound == Bound::Range) {
                if let (Some(min), Some(max)) = (pay.pay.min, pay.pay.max)
                    && min > 0.0
                    && max / min > max_ratio
                {
                    report(pay, &width_over(max / min, max_ratio), out);
                }
            }
        }
        SalaryCondition::Inverted => {
            for pay in figures.filter(|p| p.pay.bound == Bound::Range) {
                if let (Some(min), Some(max)) = (pay.pay.min, pay.pay.max)
                    && min > max
                {
                    // Ten times over is a figure mistyped (digits or separators), not a range
                    // written the wrong way round: "$145,000,000 and $190,000".
                    let detail = if max > 0.0 && min / max >= 10.0 {
                        format!(
                            ": the minimum is {:.0}× the maximum, a mistyped figure more likely than a swapped order",
                            min / max
                        )
                    } else {
                        String::new()
                    };
                    report(pay, &detail, out);
                }
            }
        }
        SalaryCondition::OutsideBand => {
            let Some(band) = ctx.bands.get(&role.family) else {
                return;
            };
            if band.currency != "USD" {
                return;
            }
            let (floor, ceiling) = (band.min as f64, band.max as f64);
            // The posting's pay as a whole: postings list pay by zone, level or country, and
            // only pay wholly outside the band (every statement on one side) is a finding.
            let judged: Vec<(&PayFact, f64, f64)> = figures
                .filter(|p| matches!(p.pay.bound, Bound::Range | Bound::Exact))
                .filter_map(|p| match p.pay.annual_usd() {
                    Some((Some(lo), Some(hi))) => Some((p, lo.min(hi), lo.max(hi))),
                    _ => None,
                })
                .collect();
            let Some((first, _, _)) = judged.first() else {
                return;
            };
            let lo = judged
                .iter()
                .map(|(_, lo, _)| *lo)
                .fold(f64::INFINITY, f64::min);
            let hi = judged.iter().map(|(_, _, hi)| *hi).fold(0.0, f64::max);
            let side = if hi < floor {
                "below"
            } else if lo > ceiling {
                "above"
            } else {
                return;
            };
            // An AI band judges AI postings only (asked last: most pay is inside the band),
            // by what the role itself is: a company that "uses machine learning" in its blurb
            // does not make its QA engineer an AI engineer.
            let job = job_title.map(|(t, _)| t.as_str());
            let texts = doc.segments.iter().map(|segment| segment.text.as_str());
            if !band.may_describe(job, texts) || !band.describes(job, role_texts(doc, optional)) {
                return;
            }
            let source = band
                .source
                .as_deref()
                .map_or(String::new(), |s| format!("; {s}"));
            let detail = format!(
                "{side} the {} band of {}–{} a year ({}{source})",
                band.label(role.family),
                dollars(floor),
                dollars(ceiling),
                band.year
            );
            let fill = Fill::new(title, &first.pay.text).with_detail(&detail);
            let secondary = judged[1..]
                .iter()
                .map(|(p, _, _)| Secondary::new(p.source_range.clone()))
                .collect();
            out.push(diagnostic(
                rule,
                &fill,
                first.source_range.clone(),
                secondary,
            ));
        }
    }
}

/// The texts that say what the role is: the duties and requirements (not the nice-to-haves,
/// nor an item that `optional` says is one), and elsewhere the sentences that speak to the
/// candidate or of the hire ("you will serve our LLMs", "we are looking for an ML engineer");
/// not the company's blurb, its pay and benefits, nor its statements.
fn role_texts<'d>(
    doc: &'d Document,
    optional: &'d dyn Fn(&str) -> bool,
) -> impl Iterator<Item = &'d str> {
    use crate::document::SectionKind;
    doc.segments
        .iter()
        .filter(|segment| !segment.boilerplate)
        .flat_map(move |segment| {
            let text = segment.text.as_str();
            let sentences: Box<dyn Iterator<Item = &str>> = match segment.section {
                // An item marked optional is a nice-to-have inside the list.
                SectionKind::Responsibilities | SectionKind::Requirements if optional(text) => {
                    Box::new(std::iter::empty())
                }
                SectionKind::Responsibilities | SectionKind::Requirements => {
                    Box::new(std::iter::once(text))
                }
                SectionKind::Summary | SectionKind::Other => {
                    Box::new(sentences(text).filter(|sentence| speaks_of_the_role(sentence)))
                }
                // A nice-to-have ("LLM experience is a plus") does not make the role an AI one.
                SectionKind::Preferred | SectionKind::Compensation | SectionKind::AboutCompany => {
                    Box::new(std::iter::empty())
                }
            };
            sentences
        })
}

/// A text's sentences, as the rules' exceptions read them (`sentence_around`: "Ph.D." ends
/// none).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let sentence = crate::rules::pattern::sentence_around(text, &(at..at));
        let end = sentence
            .end
            .max(crate::bytescan::ceil_char_boundary(text, at + 1));
        let found = &text[at..end];
        at = end;
        Some(found)
    })
}

/// Whether a sentence speaks to the candidate or of the hire.
fn speaks_of_the_role(sentence: &str) -> bool {
    const WORDS: [&str; 14] = [
        "you",
        "your",
        "you'll",
        "you're",
        "you’ll",
        "you’re",
        "looking for",
        "hiring a",
        "hiring an",
        "to hire",
        "seeking",
        "this role",
        "the role",
        "this position",
    ];
    let lower = sentence.to_ascii_lowercase();
    WORDS
        .iter()
        .any(|word| crate::config::bands::has_word(&lower, word))
}

/// "$120,000".
fn dollars(value: f64) -> String {
    let whole = value.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("${out}")
}

/// How wide a range is, as "2.7×", with as many decimals as it takes to read over `limit`: a
/// range 2.0058 times its bottom is "2.01×", not "2.0×", which reads as the twice that the
/// limit allows.
fn width_over(ratio: f64, limit: f64) -> String {
    (1..=3)
        .map(|decimals| format!("{ratio:.decimals$}"))
        .find(|shown| shown.parse::<f64>().is_ok_and(|shown| shown > limit))
        .map_or_else(
            || format!("just over {limit}×"),
            |shown| format!("{shown}×"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_width_just_over_the_limit_reads_over_it() {
        for (ratio, shown) in [
            (3.0, "3.0×"),
            (2.25, "2.2×"),
            (2.0058, "2.01×"),
            (2.0006, "2.001×"),
            (2.00004, "just over 2×"),
        ] {
            assert_eq!(width_over(ratio, 2.0), shown, "{ratio}");
        }
    }

    #[test]
    fn sentences_are_cut_as_the_rules_read_them() {
        let text = "We build robots. You will hold a Ph.D. in physics! Is that you? Apply";
        assert_eq!(
            sentences(text).collect::<Vec<_>>(),
            [
                "We build robots.",
                " You will hold a Ph.D. in physics!",
                " Is that you?",
                " Apply"
            ]
        );
        assert!(speaks_of_the_role(" You will hold a Ph.D. in physics!"));
        assert!(!speaks_of_the_role("Our platform is used by youths"));
    }
}
