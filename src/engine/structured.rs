//! The `structured` kind: what a schema.org `JobPosting` (a JSON file, or JSON-LD in a page)
//! gets wrong for Google for Jobs. Findings point at the JSON key concerned, or at the
//! object's `"@type"` when the key is missing.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Secondary};
use crate::document::structured::{Property, StructuredData};
use crate::document::{Document, PayFact, PayOrigin};
use crate::extract::date::Date;
use crate::extract::salary::Period;
use crate::rules::Rule;
use crate::rules::compile::StructuredCondition;

use super::{Context, Fill, diagnostic};

/// Builds a finding: the words, the detail, where, and further labels.
type Report<'a> = dyn Fn(&str, &str, Range<usize>, Vec<Secondary>) -> Diagnostic + 'a;

/// Two figures agree when they differ by no more than this share (rounding, "$150k").
const PAY_TOLERANCE: f64 = 0.02;

pub(super) fn check(
    doc: &Document,
    rule: &Rule,
    condition: StructuredCondition,
    properties: &[String],
    ctx: &Context<'_>,
    job_title: Option<&(String, Range<usize>)>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(data) = &doc.structured else {
        return;
    };
    let title = job_title.map_or("untitled posting", |(t, _)| t.as_str());
    let report = |words: &str, detail: &str, range: Range<usize>, secondary: Vec<Secondary>| {
        diagnostic(
            rule,
            &Fill::new(title, words).with_detail(detail),
            range,
            secondary,
        )
    };
    match condition {
        StructuredCondition::MissingProperty => {
            for name in properties {
                if has(data, name) || (name == "jobLocation" && is_remote(data)) {
                    continue;
                }
                // An empty value is pointed at; a missing key, at the object's type.
                let range = data
                    .get(name)
                    .map_or(data.type_range.clone(), |p| p.key_range.clone());
                out.push(report(name, name, range, Vec::new()));
            }
        }
        StructuredCondition::Expired => {
            let Some(valid) = data.get("validThrough") else {
                return;
            };
            let Some(until) = valid.text.as_deref().and_then(Date::parse) else {
                return;
            };
            if until < ctx.today {
                let detail = format!("{until}, before {}", ctx.today);
                out.push(report(
                    valid.text.as_deref().unwrap_or(""),
                    &detail,
                    valid.key_range.start..valid.value_range.end,
                    Vec::new(),
                ));
            }
        }
        StructuredCondition::Salary => salary(doc, data, &report, out),
        StructuredCondition::TitleMismatch => {
            let (Some(marked), Some(shown)) = (data.get("title"), doc.title.as_ref()) else {
                return;
            };
            let Some(marked_text) = marked.text.as_deref() else {
                return;
            };
            // The markup's title is the document's own title when the page shows none.
            if shown.source_range().start >= marked.value_range.start
                && shown.source_range().end <= marked.value_range.end
            {
                return;
            }
            if words(marked_text) == words(&shown.text) {
                return;
            }
            let detail = format!("the page shows \"{}\"", shown.text.trim());
            out.push(report(
                marked_text,
                &detail,
                marked.value_range.clone(),
                vec![Secondary {
                    range: shown.source_range(),
                    label: Some("the title on the page".to_string()),
                }],
            ));
        }
    }
}

/// Whether the posting has property `name` with something in it.
fn has(data: &StructuredData, name: &str) -> bool {
    data.get(name).is_some_and(|p| !p.is_empty())
}

/// A remote posting needs no `jobLocation` when it says where applicants may live.
fn is_remote(data: &StructuredData) -> bool {
    data.get("jobLocationType")
        .and_then(|p| p.text.as_deref())
        .is_some_and(|t| t.eq_ignore_ascii_case("TELECOMMUTE"))
        && has(data, "applicantLocationRequirements")
}

/// A title's words, lower-cased: case, punctuation and spacing do not make two titles differ.
fn words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The figures of `baseSalary`: a minimum and a maximum (equal for a single `value`), and
/// the period of `unitText`.
fn base_salary(base: &Property) -> Option<(f64, f64, Option<Period>)> {
    let value = base.get("value")?;
    let number = |p: Option<&Property>| p?.text.as_deref()?.trim().parse::<f64>().ok();
    let (min, max) = match value.text.as_deref() {
        // `"value": 150000` directly.
        Some(text) => {
            let single = text.trim().parse::<f64>().ok()?;
            (single, single)
        }
        None => {
            let single = number(value.get("value"));
            let min = number(value.get("minValue")).or(single)?;
            let max = number(value.get("maxValue")).or(single).unwrap_or(min);
            (min, max)
        }
    };
    let unit = value
        .get("unitText")
        .or_else(|| base.get("unitText"))
        .and_then(|p| p.text.as_deref())
        .and_then(|u| match u.trim().to_ascii_uppercase().as_str() {
            "HOUR" => Some(Period::Hour),
            "DAY" => Some(Period::Day),
            "WEEK" => Some(Period::Week),
            "MONTH" => Some(Period::Month),
            "YEAR" => Some(Period::Year),
            _ => None,
        });
    Some((min, max, unit))
}

fn salary(doc: &Document, data: &StructuredData, report: &Report<'_>, out: &mut Vec<Diagnostic>) {
    let Some(base) = data.get("baseSalary").filter(|p| !p.is_empty()) else {
        out.push(report(
            "baseSalary",
            "no baseSalary",
            data.type_range.clone(),
            Vec::new(),
        ));
        return;
    };
    let Some((min, max, unit)) = base_salary(base) else {
        out.push(report(
            "baseSalary",
            "a baseSalary without a figure (value.minValue and value.maxValue, or value.value)",
            base.key_range.clone(),
            Vec::new(),
        ));
        return;
    };
    if max < min || min <= 0.0 {
        out.push(report(
            "baseSalary",
            "a baseSalary whose minValue is above its maxValue",
            base.key_range.clone(),
            Vec::new(),
        ));
        return;
    }
    let close = |a: f64, b: f64| (a - b).abs() <= PAY_TOLERANCE * a.max(b);
    let same_figures = |p: &&PayFact| {
        let low = p.pay.min.or(p.pay.max).unwrap_or_default();
        let high = p.pay.max.or(p.pay.min).unwrap_or_default();
        close(low, min) && close(high, max)
    };
    // The text's figures under another period: an export's unitText left at YEAR for an hourly
    // wage ("$21.50 - $24.00 per hour" in the text, 21.5-24 a YEAR in the markup) tells search
    // engines a pay of $24 a year.
    let body_pay = || {
        doc.pay
            .iter()
            .filter(|p| p.origin == PayOrigin::Body)
            .filter(|p| p.pay.min.or(p.pay.max).is_some())
    };
    if let Some(unit) = unit
        && !body_pay().any(|p| p.pay.period == Some(unit) && same_figures(&p))
        && let Some(other) =
            body_pay().find(|p| p.pay.period.is_some_and(|a| a != unit) && same_figures(p))
    {
        let detail = format!(
            "unitText {} in the markup for the text's figures, which are {} (\"{}\")",
            unit.unit_text(),
            other.pay.period.map_or("another period", Period::in_words),
            other.pay.text,
        );
        let unit_range = base
            .get("value")
            .and_then(|v| v.get("unitText"))
            .or_else(|| base.get("unitText"))
            .map_or(base.key_range.clone(), |u| u.key_range.clone());
        out.push(report(
            "baseSalary",
            &detail,
            unit_range,
            vec![Secondary {
                range: other.source_range.clone(),
                label: Some("the pay the text states".to_string()),
            }],
        ));
        return;
    }
    // The pay the text states: the markup must say the same.
    let stated: Vec<_> = body_pay()
        .filter(|p| match (p.pay.period, unit) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
        .collect();
    let agrees = stated.iter().any(same_figures);
    if let Some(first) = stated.first()
        && !agrees
    {
        let detail = format!(
            "{} in the markup, \"{}\" in the text",
            figures(min, max),
            first.pay.text
        );
        out.push(report(
            "baseSalary",
            &detail,
            base.key_range.clone(),
            vec![Secondary {
                range: first.source_range.clone(),
                label: Some("the pay the text states".to_string()),
            }],
        ));
    }
}

fn figures(min: f64, max: f64) -> String {
    if min == max {
        format!("{min}")
    } else {
        format!("{min}–{max}")
    }
}
