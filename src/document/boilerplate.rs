//! Equal-opportunity statements, diversity statements and legal notices. They use words such
//! as "women", "age", "disability", "veterans" and "race" legitimately, and older job linters
//! flag them as gendered or ageist wording. A segment is boilerplate when it holds one of the
//! phrases such statements are made of, or when it sits under a heading that opens one
//! ("Equal Opportunity", "Our commitment to diversity"); lexical rules skip such segments.

use std::sync::OnceLock;

use aho_corasick::MatchKind;

use crate::automaton::Upgrading;
use crate::literal_scan::Found;

use super::{Segment, SegmentKind};

/// Phrases that mark a statement, not the posting's own voice. Lower case; matched on word
/// boundaries, ASCII case folded.
const PHRASES: &[&str] = &[
    // Equal-opportunity statements (US EEO, UK Equality Act, EU).
    "equal opportunity",
    "equal opportunities",
    "equal employment opportunity",
    "eeo",
    "eoe",
    "without regard to",
    "without regard for",
    "regardless of race",
    "regardless of age",
    "regardless of gender",
    "regardless of sex",
    "regardless of religion",
    "regardless of disability",
    "regardless of sexual",
    "regardless of national",
    "regardless of ethnicity",
    "irrespective of",
    "protected veteran",
    "protected veterans",
    "protected characteristic",
    "protected characteristics",
    "protected class",
    "protected status",
    "protected by law",
    "protected under",
    "legally protected",
    "affirmative action",
    "e-verify",
    "ofccp",
    "pay transparency nondiscrimination",
    "discriminate against",
    "does not discriminate",
    "do not discriminate",
    "not discriminate",
    "discrimination and harassment",
    "free from discrimination",
    "sexual orientation",
    "gender identity",
    "gender expression",
    "marital status",
    "national origin",
    "genetic information",
    "veteran status",
    "disability status",
    // Accommodation and accessibility notices.
    "reasonable accommodation",
    "reasonable accommodations",
    "reasonable adjustments",
    "accommodation during the application",
    "accommodations during the",
    "assistance with the application",
    // Diversity statements.
    "underrepresented groups",
    "underrepresented backgrounds",
    "under-represented",
    "historically marginalized",
    "encourage women",
    "encourage people from",
    "encourage applications from",
    "encourage candidates from",
    "encourage applicants from",
    "strongly encourage",
    "all qualified applicants",
    "qualified applicants will receive",
    "diverse and inclusive",
    "diversity, equity",
    "diversity and inclusion",
    "diversity & inclusion",
    "diversity, inclusion",
    "commitment to diversity",
    "committed to diversity",
    "hiring decisions based",
    "automated employment decision",
    "official website of the united states government",
    "recruitment scam",
    "recruitment fraud",
    "fraudulent job",
    "fraudulent offers",
    "never ask for payment",
    "will never ask",
    "inclusive workplace",
    "impostor syndrome",
    "imposter syndrome",
    "don't meet every",
    "do not meet every",
    "meet every single",
    "every single qualification",
    // Legal and privacy notices.
    "fair chance",
    "arrest or conviction",
    "conviction records",
    "criminal histories",
    "background check",
    "right to work",
    "privacy notice",
    "privacy policy",
    "applicant privacy",
    "gdpr",
    "recruitment agencies",
    "unsolicited resumes",
    "unsolicited résumés",
    "agency fees",
    "employment is at-will",
    "at-will employment",
];

/// Headings that open a statement: every segment under them is boilerplate.
const HEADINGS: &[&str] = &[
    "equal opportunity",
    "equal employment",
    "eeo",
    "diversity",
    "inclusion",
    "our commitment",
    "accommodation",
    "accessibility",
    "legal notice",
    "disclaimer",
    "privacy",
    "fraud",
    "recruitment scam",
    "notice to",
];

/// Text marked before the phrase tables become DFAs (see `automaton`). Every body segment
/// of every posting is searched: on bulk an NFA cost about 7 ns a byte more than the DFA,
/// which takes 2 to 3 ms to build, so the DFA pays after about 400 KB (some thirty postings;
/// an editor's save or a hook's few files stay below).
const UPGRADE_AFTER: usize = 512 << 10;

fn automaton(list: &'static [&'static str]) -> Upgrading {
    // Case-sensitive over lower-case phrases, on text lower-cased by `holds` (ASCII only, so
    // offsets do not move): half the transitions of an ASCII case-insensitive automaton.
    Upgrading::new(
        MatchKind::LeftmostLongest,
        list.iter().map(|p| p.to_string()).collect(),
        UPGRADE_AFTER,
    )
}

fn phrases() -> &'static Upgrading {
    static AUTOMATON: OnceLock<Upgrading> = OnceLock::new();
    AUTOMATON.get_or_init(|| automaton(PHRASES))
}

fn headings() -> &'static Upgrading {
    static AUTOMATON: OnceLock<Upgrading> = OnceLock::new();
    AUTOMATON.get_or_init(|| automaton(HEADINGS))
}

/// Counts the run as long from its start: the next search builds the DFAs.
pub fn mark_long_run() {
    phrases().mark_long_run();
    headings().mark_long_run();
}

/// Builds the automata now, so that the first posting read does not wait for them.
pub fn warm() {
    phrases().warm();
    headings().warm();
}

/// Whether `text` holds one of `automaton`'s phrases as whole words, ASCII case folded;
/// `scratch` holds the lower-cased text and the matches.
fn holds(automaton: &Upgrading, text: &str, scratch: &mut (Vec<u8>, Vec<Found>)) -> bool {
    let (lowered, found) = scratch;
    lowered.clear();
    lowered.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
    automaton.for_search(text.len()).matches(lowered, found);
    found.iter().any(|m| {
        let before = text[..m.start].chars().next_back();
        let after = text[m.end..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Marks the segments that belong to a statement.
pub fn mark(segments: &mut [Segment]) {
    let mut under_statement_heading = false;
    let mut scratch = (Vec::new(), Vec::new());
    for segment in segments.iter_mut() {
        if segment.kind == SegmentKind::Heading {
            under_statement_heading = holds(headings(), &segment.text, &mut scratch);
            segment.boilerplate = under_statement_heading;
            continue;
        }
        if segment.kind != SegmentKind::Body {
            continue;
        }
        segment.boilerplate =
            under_statement_heading || holds(phrases(), &segment.text, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SectionKind, TextBuilder};

    fn segment(kind: SegmentKind, text: &str) -> Segment {
        let mut b = TextBuilder::new();
        b.push_verbatim(text, 0);
        Segment::new(kind, SectionKind::Other, b)
    }

    #[test]
    fn statements_are_marked_and_the_posting_is_not() {
        let mut segments = vec![
            segment(SegmentKind::Body, "We want a rockstar who works hard."),
            segment(
                SegmentKind::Body,
                "Acme is an equal opportunity employer. We do not discriminate on the basis of age, disability or veteran status.",
            ),
            segment(
                SegmentKind::Body,
                "We strongly encourage women and people from underrepresented groups to apply.",
            ),
            segment(SegmentKind::Heading, "Our commitment to diversity"),
            segment(
                SegmentKind::Body,
                "Everyone belongs here, whatever their age.",
            ),
            segment(SegmentKind::Heading, "Benefits"),
            segment(SegmentKind::Body, "A young, energetic team and free lunch."),
            segment(
                SegmentKind::Body,
                "Applicants who need a reasonable accommodation can write to us.",
            ),
            segment(
                SegmentKind::Body,
                "$212,000 salary regardless of your location.",
            ),
            segment(
                SegmentKind::Body,
                "Research shows women apply only if they meet every single qualification.",
            ),
        ];
        mark(&mut segments);
        let marked: Vec<bool> = segments.iter().map(|s| s.boilerplate).collect();
        assert_eq!(
            marked,
            [
                false, true, true, true, true, false, false, true, false, true
            ]
        );
        // "eeo" is a whole word only.
        let mut one = vec![segment(SegmentKind::Body, "Geeon and peeoo")];
        mark(&mut one);
        assert!(!one[0].boilerplate);
    }

    #[test]
    fn phrases_are_lower_case_and_matched_whatever_the_case() {
        // The automata are case-sensitive over lower-cased text: a phrase with a capital
        // would never match.
        for phrase in PHRASES.iter().chain(HEADINGS) {
            assert_eq!(*phrase, phrase.to_ascii_lowercase(), "{phrase}");
        }
        let mut shouting = vec![
            segment(SegmentKind::Heading, "EQUAL OPPORTUNITY"),
            segment(SegmentKind::Body, "Anyone, Of Any Age."),
            segment(SegmentKind::Heading, "Perks"),
            segment(SegmentKind::Body, "WE ARE AN EQUAL OPPORTUNITY EMPLOYER."),
        ];
        mark(&mut shouting);
        let marked: Vec<bool> = shouting.iter().map(|s| s.boilerplate).collect();
        assert_eq!(marked, [true, true, false, true]);
    }
}
