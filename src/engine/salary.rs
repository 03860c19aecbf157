//! The `salary` kind: pay statements (or their absence) judged by a condition.

use std::ops::Range;

use crate::classify::Role;
use crate::diagnostic::Diagnostic;
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
    ctx: &Context<'_>,
    job_title: Option<&(String, Range<usize>)>,
    out: &mut Vec<Diagnostic>,
) {
    let title = job_title.map_or("untitled posting", |(t, _)| t.as_str());
    let report = |pay: &PayFact, detail: &str, out: &mut Vec<Diagnostic>| {
        let fill = Fill::new(title, &pay.pay.text).with_detail(detail);
        out.push(diagnostic(
            rule,
            &fill,
            pay.source_range.clone(),
            Vec::new(),
        ));
    };
    let figures = doc.pay.iter().filter(|p| p.pay.bound != Bound::Template);
    match condition {
        SalaryCondition::Missing => {
            if !doc.pay.is_empty() {
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
                    report(pay, &format!("{:.1}×", max / min), out);
                }
            }
        }
        SalaryCondition::Inverted => {
            for pay in figures.filter(|p| p.pay.bound == Bound::Range) {
                if let (Some(min), Some(max)) = (pay.pay.min, pay.pay.max)
                    && min > max
                {
                    report(pay, "", out);
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
            for pay in figures.filter(|p| matches!(p.pay.bound, Bound::Range | Bound::Exact)) {
                let Some((Some(lo), Some(hi))) = pay.pay.annual_usd() else {
                    continue;
                };
                let (lo, hi) = (lo.min(hi), lo.max(hi));
                let side = if hi < floor {
                    "below"
                } else if lo > ceiling {
                    "above"
                } else {
                    continue;
                };
                let source = band
                    .source
                    .as_deref()
                    .map_or(String::new(), |s| format!("; {s}"));
                let detail = format!(
                    "{side} the {} band of {}–{} a year ({}{source})",
                    role.family,
                    dollars(floor),
                    dollars(ceiling),
                    band.year
                );
                report(pay, &detail, out);
            }
        }
    }
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
