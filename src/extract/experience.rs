//! Years of experience asked for: "5+ years of Kubernetes", "at least 8 years' experience with
//! PyTorch", "3-5 years in backend development", "ten years of Rust". Each statement has the
//! least number of years it asks for and the words it asks them of (the clause after "of",
//! "with", "in"…), where the experience rules look for a technology.

use crate::bytescan::floor_char_boundary;
use std::ops::Range;

/// One "N years of X" statement in a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The least number of years asked for ("3-5 years" → 3).
    pub years: f64,
    /// The words of the statement, "5+ years of Kubernetes".
    pub range: Range<usize>,
    /// What the years are of: the text after the preposition, to the end of the clause.
    pub subject: Range<usize>,
}

/// How far the subject of a statement reaches, in bytes.
const SUBJECT_REACH: usize = 90;

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
];

/// Every statement in `text`.
pub fn find(text: &str) -> Vec<Statement> {
    // Every statement has a year word ("year", "yr") where a word starts, and most segments
    // have none in any case: they cost no lower-cased copy. ("ye" alone let through every
    // "employee".)
    if !may_hold_year_word(text.as_bytes()) {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find_year_word(&lower, from) {
        from = at.end;
        let Some((years, start)) = count_before(&lower, at.start) else {
            continue;
        };
        // A span of time, not experience: "over the past 20 years", "in three years", "for
        // 7+ years", "founded 12 years ago".
        let lead = lower[..start].trim_end();
        // As words: at the text's start too ("Over two years you'll complete four rotations").
        let time_words = [
            "past", "last", "next", "over", "in", "for", "within", "since", "after", "than",
            "every", "each", "first", "the",
        ];
        // "ask for 2-4 years of experience" is experience whatever comes before.
        let after = lower[at.end..].trim_start();
        let experience_cue = [
            "of ",
            "experience",
            "'",
            "’",
            "in ",
            "with ",
            "working",
            "hands-on",
            "professional",
        ]
        .iter()
        .any(|c| after.starts_with(c));
        // "less than 2 years", "up to 3 years": a maximum, not a requirement.
        let at_most = [
            "less than",
            "fewer than",
            "under",
            "up to",
            "no more than",
            "maximum",
            "max",
            "at most",
        ]
        .iter()
        .any(|w| lead.ends_with(w));
        if at_most
            || (!experience_cue && time_words.iter().any(|w| super::ends_with_word(lead, w)))
            || in_a_works_title(text, lead, at.start)
            || lead.ends_with("in over")
            // An age asked for: "Age: 25-32 yrs", "aged 21 to 30 years".
            || {
                let label = lead.trim_end_matches([':', '-', '\u{2013}']).trim_end();
                ["age", "aged", "age limit", "age range", "age group"]
                    .iter()
                    .any(|w| super::ends_with_word(label, w))
            }
            || ["ago", "from now", "later"].iter().any(|w| after.starts_with(w))
            // An age: "at least 18 years of age", "25 years old" (not "of agency experience").
            || ["of age", "old"].iter().any(|w| {
                after
                    .strip_prefix(w)
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
            })
        {
            continue;
        }
        // "years of", "years' experience with", "yrs in": up to the subject.
        let rest = &lower[at.end..];
        let apostrophe = ["'s", "’s", "'", "’"]
            .iter()
            .find(|a| rest.starts_with(*a))
            .map_or(0, |a| a.len());
        let mut subject_start = at.end + apostrophe;
        for _ in 0..6 {
            let rest = &lower[subject_start..];
            let word_len = rest
                .trim_start()
                .split([' ', ','])
                .next()
                .unwrap_or("")
                .len();
            let lead = rest.len() - rest.trim_start().len();
            let word = rest.trim_start().get(..word_len).unwrap_or("");
            // "5 years or more." ends its clause at "more": nothing after it is the subject.
            if matches!(word, "more." | "more;" | "more:" | "more!") {
                subject_start += lead + word_len - 1;
                break;
            }
            if matches!(
                word,
                "of" | "experience"
                    | "with"
                    | "in"
                    | "using"
                    | "on"
                    | "building"
                    | "developing"
                    | "working"
                    | "hands-on"
                    | "professional"
                    | "commercial"
                    | "production"
                    | "industry"
                    | "practical"
                    | "proven"
                    | "solid"
                    | "relevant"
                    | "direct"
                    | "recent"
                    | "demonstrated"
                    | "strong"
                    | "programming"
                    | "coding"
                    | "development"
                    | "engineering"
                    | "at"
                    | "least"
                    | "+"
                    | "plus"
                    | "(or"
                    | "or"
                    | "more)"
                    | "more"
                    | "experience,"
                    | "minimum"
            ) {
                subject_start += lead + word_len;
            } else {
                break;
            }
        }
        let subject_start = subject_start
            + (lower[subject_start..].len() - lower[subject_start..].trim_start().len());
        // Looked for only as far as a subject reaches: a paragraph of statements with no
        // clause end was read to its end once for each of them (quadratic: 1.3 MB of them
        // took 78 s). The marks are ASCII, so a byte search finds them.
        let clause = &lower.as_bytes()[subject_start..];
        let reach = &clause[..clause.len().min(SUBJECT_REACH)];
        crate::work::count(crate::work::Loop::AfterFigure, reach.len());
        // ("10+ years of Node.js" was once cut at its dot, a statement about "Node".)
        let clause_end = (0..reach.len())
            .find(|&i| {
                is_full_stop(reach, i)
                    || matches!(reach[i], b';' | b':' | b'!' | b'?' | b'\n' | b'(')
            })
            .unwrap_or(reach.len());
        let subject_end = floor_char_boundary(text, subject_start + clause_end);
        let subject_end = subject_start + text[subject_start..subject_end].trim_end().len();
        // Nothing after the years ("Next.js App Router 5 years or more", "Java: 5 years"): the
        // words before the count are what the years are of.
        let subject = if subject_end > subject_start {
            subject_start..subject_end
        } else {
            subject_before(text, start).unwrap_or(subject_start..subject_start)
        };
        out.push(Statement {
            years,
            range: start..at.end,
            subject,
        });
    }
    out
}

/// The words before a count at `count_at` that name what its years are of, when nothing after
/// them does: back from the count past a colon or dash ("Java: 5 years", "React – 3+ years"),
/// to the start of the clause, at most `SUBJECT_REACH` bytes back.
fn subject_before(text: &str, count_at: usize) -> Option<Range<usize>> {
    let before = text[..count_at].trim_end_matches([' ', ':', '-', '\u{2013}', '\u{2014}']);
    let from = floor_char_boundary(before, before.len().saturating_sub(SUBJECT_REACH));
    let bytes = before.as_bytes();
    let clause_start = (from..before.len())
        .rev()
        .find(|&i| {
            is_full_stop(bytes, i)
                || matches!(
                    bytes[i],
                    b';' | b':' | b'!' | b'?' | b'\n' | b'(' | b')' | b',' | b'|'
                )
        })
        .map_or(from, |i| i + 1);
    let words = before[clause_start..].trim_start_matches([' ', '-', '*', '\u{2022}']);
    let start = before.len() - words.len();
    (!words.is_empty()).then_some(start..before.len())
}

/// Whether `bytes[i]` is a full stop, which ends a clause: a dot with no letter or digit right
/// after it, not one inside a name ("Node.js", ".NET MAUI", "Next.js App Router").
fn is_full_stop(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'.'
        && bytes
            .get(i + 1)
            .is_none_or(|next| !next.is_ascii_alphanumeric())
}

/// Words that name a work before its title: "the essay collection *Damn the Deadline: Twenty
/// Years on the City Beat*", "her memoir Ten Years in the Kitchen".
const WORK_WORDS: &[&str] = &[
    "book",
    "novel",
    "memoir",
    "essay",
    "collection",
    "anthology",
    "film",
    "documentary",
    "album",
    "podcast",
    "series",
    "titled",
    "called",
    "author of",
];

/// Whether the year word at `year_at` (a capital "Years") is part of a work's title, named as
/// one a few words before: "Twenty Years on the City Beat" is a book, not experience asked for.
fn in_a_works_title(text: &str, lead: &str, year_at: usize) -> bool {
    const REACH: usize = 60;
    if !text.as_bytes()[year_at].is_ascii_uppercase() {
        return false;
    }
    let from = floor_char_boundary(lead, lead.len().saturating_sub(REACH));
    let before = &lead[from..];
    // Within the sentence: a work named in an earlier one names nothing here.
    let before = before
        .rsplit(['.', ';', '!', '?', '\n'])
        .next()
        .unwrap_or(before);
    WORK_WORDS
        .iter()
        .any(|w| crate::config::bands::has_word(before, w))
}

/// Whether `bytes` may hold a year word (`find_year_word`): "year" or "yr" in any case, not
/// after an ASCII letter or digit. (A character beyond ASCII before it is let through: the
/// full check tells.) Every segment of a posting's body is asked, and "y" is common ("you",
/// "any"): the words are looked for where a "y" comes before an "e" or an "r" (a search
/// for "y" alone stopped at each one).
fn may_hold_year_word(bytes: &[u8]) -> bool {
    use crate::bytescan::{ByteSet, any_pair};
    const Y: ByteSet<2> = ByteSet::new([(b'Y', b'Y'), (b'y', b'y')]);
    const E_OR_R: ByteSet<4> =
        ByteSet::new([(b'E', b'E'), (b'R', b'R'), (b'e', b'e'), (b'r', b'r')]);
    any_pair(bytes, &Y, &E_OR_R, |i| {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        starts_word
            && YEAR_WORDS.iter().any(|word| {
                bytes
                    .get(i..i + word.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
            })
    })
}

/// The words a count of years ends with, longest of each first.
const YEAR_WORDS: [&str; 4] = ["years", "year", "yrs", "yr"];

/// The next "year"/"years"/"yr"/"yrs" as a whole word at or after `from`.
fn find_year_word(lower: &str, from: usize) -> Option<Range<usize>> {
    let mut i = from;
    while let Some(pos) = lower[i..].find('y') {
        let at = i + pos;
        for word in YEAR_WORDS {
            if lower[at..].starts_with(word) {
                let end = at + word.len();
                let before_ok = lower[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = lower[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok {
                    return Some(at..end);
                }
            }
        }
        i = at + 1;
    }
    None
}

/// The count before a year word: "5+", "3-5", "3 to 5", "8 plus", "ten", "(5)"; its value
/// and where it starts.
fn count_before(lower: &str, year_at: usize) -> Option<(f64, usize)> {
    let before = lower[..year_at].trim_end();
    let before = before.strip_suffix("plus").map_or(before, str::trim_end);
    let before = before.trim_end_matches(['+', ')']).trim_end();
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (value, start) = if digits > 0 && digits <= 2 {
        let start = before.len() - digits;
        let value: f64 = before[start..].parse().ok()?;
        // "3-5 years", "3 to 5 years": the least is the first number.
        let lead = before[..start].trim_end();
        let lead = lead
            .strip_suffix('-')
            .or_else(|| lead.strip_suffix('–'))
            .or_else(|| lead.strip_suffix(" to"))
            .map(str::trim_end);
        match lead {
            Some(lead) => {
                let d = lead.bytes().rev().take_while(u8::is_ascii_digit).count();
                if d > 0 && d <= 2 {
                    let s = lead.len() - d;
                    (lead[s..].parse().ok()?, s)
                } else {
                    (value, start)
                }
            }
            None => (value, start),
        }
    } else {
        let word_start = before
            .char_indices()
            .rfind(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        let value = NUMBER_WORDS.iter().find(|(w, _)| *w == word)?.1;
        (value, word_start)
    };
    // A year number ("2019 years"?) or an age ("18 years old") is not experience.
    let after = &lower[year_at..];
    if after.starts_with("years old") || after.starts_with("year old") || value == 0.0 {
        return None;
    }
    let start = if lower[..start].ends_with('(') {
        start - 1
    } else {
        start
    };
    Some((value, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(f64, &str, &str)> {
        find(text)
            .into_iter()
            .map(|s| (s.years, &text[s.range], &text[s.subject]))
            .collect()
    }

    #[test]
    fn the_gate_lets_through_every_year_word_and_no_employee() {
        for text in [
            "5 years of Rust",
            "5 Years of Rust",
            "3-5 YRS in Go",
            "(5+ yr.) backend",
            "year",
            "\u{2019}Year",
        ] {
            assert!(may_hold_year_word(text.as_bytes()), "{text}");
        }
        for text in ["our employees and players", "yet you", "slayer Eyre", "kyr"] {
            assert!(!may_hold_year_word(text.as_bytes()), "{text}");
        }
        // What the gate turns away, the full reading finds nothing in.
        assert!(find("Employees with 5 yearly reviews").is_empty());
    }

    #[test]
    fn statements_and_their_subjects() {
        assert_eq!(
            read("You have 10+ years of Kubernetes in production."),
            [(10.0, "10+ years", "Kubernetes in production")]
        );
        assert_eq!(
            read("At least 8 years' experience with PyTorch; 3-5 yrs in Go."),
            [(8.0, "8 years", "PyTorch"), (3.0, "3-5 yrs", "Go")]
        );
        assert_eq!(
            read("Ten years of hands-on Rust experience (or more)."),
            [(10.0, "Ten years", "Rust experience")]
        );
        assert_eq!(
            read("5 plus years of professional experience building LLM apps"),
            [(5.0, "5 plus years", "LLM apps")]
        );
        assert!(
            read("Founded 12 years ago, we are 18 years old and 2024 was our year.")
                .iter()
                .all(|(n, _, _)| *n == 12.0)
        );
        assert!(read("Our mission for the next years").is_empty());
        // An age is not experience.
        assert!(read("Must be at least 18 years of age; drivers 25 years old or over.").is_empty());
        assert!(read("Age: 25-32 yrs. Age limit - 30 years; aged 21 to 28 years.").is_empty());
        assert_eq!(
            read("Average tenure aside, 3 years of Go"),
            [(3.0, "3 years", "Go")]
        );
        assert_eq!(
            read("2+ years of agency experience"),
            [(2.0, "2+ years", "agency experience")]
        );
        assert!(read("Less than 2 years of professional experience").is_empty());
        assert!(read(
            "Over the past 20 years, in over 35 years, in three years, for 7+ years, 12 years ago."
        )
        .is_empty());
        // Nothing after the years: what comes before them is their subject.
        assert_eq!(
            read("Next.js App Router 5 years or more; Java: 3 years."),
            [
                (5.0, "5 years", "Next.js App Router"),
                (3.0, "3 years", "Java")
            ]
        );
        assert_eq!(
            read("- React \u{2013} 3+ years"),
            [(3.0, "3+ years", "React")]
        );
        // A work's title, named as one: no experience asked for.
        assert!(
            read(
                "She wrote the essay collection *Damn the Deadline: Twenty Years on the City Beat*."
            )
            .is_empty()
        );
        assert!(read("Read her memoir Ten Years in the Kitchen before you start.").is_empty());
        assert_eq!(
            read("Our book club meets weekly. Two Years of Retail Experience Required."),
            [(2.0, "Two Years", "Retail Experience Required")]
        );
        // A span of time at the text's start, and a time word inside another word.
        assert!(read("Over two years you'll complete four six-month rotations.").is_empty());
        assert_eq!(
            read("Moreover 3 years of Java."),
            [(3.0, "3 years", "Java")]
        );
    }
}
