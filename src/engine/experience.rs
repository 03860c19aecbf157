//! The `experience` kind: "N years of X" statements judged by a condition.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Rule;
use crate::rules::compile::ExperienceCondition;

use super::{Context, Fill, diagnostic, squash};

pub(super) fn check(
    doc: &Document,
    rule: &Rule,
    condition: ExperienceCondition,
    min_years: f64,
    ctx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let title = doc.title_text().unwrap_or("untitled posting");
    for (index, statement) in &doc.experience {
        let Some(segment) = doc.segments.get(*index) else {
            continue;
        };
        if !rule.searches(segment) {
            continue;
        }
        match condition {
            ExperienceCondition::ExceedsTechnologyAge => {
                let subject = &segment.text[statement.subject.clone()];
                let Some((tech, at)) = ctx.technologies.find(subject) else {
                    continue;
                };
                // The years must be of the technology: named first, not in a qualifier
                // ("7+ years in data engineering with a focus on AI, particularly LLMs").
                let lead = subject[..at.start].to_ascii_lowercase();
                if at.start > 40
                    || lead.contains(" with ") && !with_the_technology(&lead)
                    || [
                        "including",
                        "focus",
                        "particularly",
                        "such as",
                        "e.g",
                        " like ",
                    ]
                    .iter()
                    .any(|w| lead.contains(w))
                {
                    continue;
                }
                let age = ctx.date.years_since(tech.released);
                if statement.years <= age {
                    continue;
                }
                // The words from the count to the technology ("10+ years of Kubernetes"), or
                // from the technology to the years ("Next.js App Router 5 years"), which must
                // then stand right before the count.
                let words = if statement.subject.start < statement.range.start {
                    if !subject[at.end..].trim().is_empty() {
                        continue;
                    }
                    statement.subject.start + at.start..statement.range.end
                } else {
                    statement.range.start..statement.subject.start + at.end
                };
                let text = squash(&segment.text[words.clone()]);
                // A colon, not "was": many names are plural ("Large language models", "GitHub
                // Actions").
                let whole_years =
                    crate::diagnostic::plural(age.floor().max(0.0) as usize, "year", "years");
                let detail = format!(
                    "{}: first released in {}, {whole_years} before {}; source: {}",
                    tech.name, tech.released.year, ctx.date, tech.source
                );
                let fill = Fill::new(title, &text).with_detail(&detail);
                out.push(diagnostic(
                    rule,
                    &fill,
                    segment.map.to_source(words),
                    Vec::new(),
                ));
            }
            ExperienceCondition::EntryLevel => {
                if statement.years < min_years {
                    continue;
                }
                // Years of study are not experience ("three years of college coursework"); years
                // of experience at a school are ("3 years' experience supporting IT in a school").
                // (The subject may come before the years: "College coursework: 3 years".)
                let text = &segment.text;
                let whole = text[statement.range.start.min(statement.subject.start)
                    ..statement.range.end.max(statement.subject.end)]
                    .to_ascii_lowercase();
                let subject = text[statement.subject.clone()].to_ascii_lowercase();
                // ("coursework" is study: "work" counts as a word of its own)
                let of_work = whole.contains("experience")
                    || whole.contains("employment")
                    || whole
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(|w| matches!(w, "work" | "working" | "worked"));
                if !of_work
                    && [
                        "coursework",
                        "college",
                        "university",
                        "school",
                        "study",
                        "studies",
                        "degree",
                        "education",
                        "program",
                    ]
                    .iter()
                    .any(|w| subject.contains(w))
                {
                    continue;
                }
                let text = squash(&segment.text[statement.range.clone()]);
                let fill = Fill::new(title, &text);
                out.push(diagnostic(
                    rule,
                    &fill,
                    segment.map.to_source(statement.range.clone()),
                    Vec::new(),
                ));
            }
        }
    }
}

/// Whether the words before a technology end in an experience with it: "production experience
/// with Deno", "experience building applications with GPT-4", a few plain words and then "with"
/// right before the name. Not a qualifier ("data engineering with a focus on AI, particularly
/// LLMs", "software engineering with exposure to LangChain") nor a list ("Python and Go with
/// Kubernetes").
fn with_the_technology(lead: &str) -> bool {
    let Some(before) = lead
        .strip_suffix("with ")
        .or_else(|| lead.strip_suffix("with the "))
    else {
        return false;
    };
    let words: Vec<&str> = before.split_whitespace().collect();
    words.len() <= 4
        && words.iter().all(|word| {
            word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !matches!(
                    *word,
                    "with"
                        | "and"
                        | "or"
                        | "exposure"
                        | "focus"
                        | "emphasis"
                        | "including"
                        | "particularly"
                        | "especially"
                        | "plus"
                        | "some"
                        | "familiarity"
                        | "knowledge"
                        | "interest"
                        | "understanding"
                        | "awareness"
                )
        })
}
