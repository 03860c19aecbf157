//! Fixes: the edits of findings applied to a posting's text. `check --fix` (and the rule
//! self-tests' `fixed` expectations) go through here.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// The text with every edit of `diagnostics` at or below `applicability` applied. Edits are
/// applied in source order; one that overlaps an earlier edit is left for a second run, so a
/// fix never corrupts the text.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut edits: Vec<&Edit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .flat_map(|fix| fix.edits.iter())
        .filter(|e| e.range.start <= e.range.end && text.get(e.range.clone()).is_some())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, MetaRule};
    use crate::rules::Level;

    fn with_fix(
        range: std::ops::Range<usize>,
        to: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        let mut d = MetaRule::UnknownRule.diagnostic(Level::Info, String::new(), range.clone(), "");
        d.fix = Some(Fix {
            edits: vec![Edit {
                range,
                replacement: to.to_string(),
            }],
            applicability,
        });
        d
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let text = "We want a rockstar ninja.";
        let found = [
            with_fix(19..24, "expert", Applicability::Safe),
            with_fix(10..18, "engineer", Applicability::Safe),
            with_fix(10..24, "person", Applicability::Safe),
            with_fix(0..2, "You", Applicability::Unsafe),
        ];
        assert_eq!(
            apply(text, &found, false),
            ("We want a engineer expert.".to_string(), 2)
        );
        assert_eq!(apply(text, &found, true).0, "You want a engineer expert.");
    }
}
