//! Equal-opportunity statements, diversity statements and legal notices. They use words such
//! as "women", "age", "disability", "veterans" and "race" legitimately, and older job linters
//! flag them as gendered or ageist wording. A segment is boilerplate when it holds one of the
//! phrases such statements are made of, or when it sits under a heading that opens one
//! ("Equal Opportunity", "Our commitment to diversity"); lexical rules skip such segments.

use std::ops::Range;
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
    // Not "irrespective of" alone: "tools for every firm irrespective of its size" is the
    // product.
    "irrespective of race",
    "irrespective of age",
    "irrespective of gender",
    "irrespective of sex",
    "irrespective of religion",
    "irrespective of disability",
    "irrespective of sexual",
    "irrespective of national",
    "irrespective of ethnicity",
    "irrespective of caste",
    "irrespective of colour",
    "irrespective of color",
    "irrespective of background",
    "irrespective of their race",
    "irrespective of their age",
    "irrespective of their gender",
    "irrespective of their ethnicity",
    "irrespective of their religion",
    "irrespective of their sexual",
    "irrespective of their disability",
    "irrespective of their background",
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
    // The GDPR named by a notice about the applicant's data ("Due to GDPR, we only accept
    // applications through our site", "your data is kept according to GDPR guidelines"), not
    // by a requirement or a duty ("Knowledge of GDPR and CCPA", "keep our systems GDPR
    // compliant"), which the rules read like the rest of the posting (a requirement that
    // named the GDPR had dropped out of too-many-requirements' count). "In accordance with
    // GDPR" and "rights under the GDPR" are left out: duties and requirements say them too.
    "gdpr clause",
    "due to gdpr",
    "under the uk and eu gdpr",
    "full compliance with the gdpr",
    "gdpr guidelines",
    "gdpr provisions",
    "2016/679 (gdpr)",
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

/// Parts of words of which every phrase holds one (a test checks it), few and rare enough for
/// one SIMD pass over a posting's body text to find where a phrase can be: each phrase is
/// compared in place around every anchor it holds, so no automaton reads the segments (one
/// did, every segment with an anchor, for 2.8% of bulk's time). None is the start of another,
/// so at most one starts at a position (a test checks it).
///
/// The SIMD pass (Teddy) compares each position's next four bytes, a nibble at a time, with
/// those of the anchors in each of its 16 buckets, and looks closer wherever they could be
/// one. So each anchor starts with four bytes that are rare in postings ("rotected", not
/// "protected"; "fied applicants", not "qualified") and goes on as far as every phrase that
/// holds those four bytes agrees. Their order puts them in buckets (the `k`th shares one
/// with the `k ± 16`th): anchors whose first bytes share nibbles go together, so that the
/// nibbles of one do not let another's near misses through. Both were chosen by a search
/// over 800 of bulk's postings: 9,076 positions to look closer at in their 4.1 MB, where the
/// anchors before (43, rare in their first three bytes, in phrase order) had 65,847. When
/// `PHRASES` changes, `bench/choose_anchors.py` proposes anchors and an order again.
const ANCHORS: &[&str] = &[
    "fccp",
    "fraud",
    "at-will",
    "tance with the application",
    "-represented",
    "drome",
    "unsolicited r",
    "mmodation",
    "rotected",
    "fied applicants",
    "gdpr",
    "et every",
    " ori",
    "ardless of ",
    "d ch",
    "air chance",
    "usive",
    "vacy",
    "atus",
    "uitment ",
    "rrepresented ",
    " ask",
    "marginalized",
    "decision",
    "irmative action",
    "fees",
    "ut regard ",
    "e-verify",
    "rimina",
    "nviction",
    "ht to work",
    "c information",
    "rsity",
    "le qualification",
    "irrespective of",
    "ustments",
    "urage",
    "ernment",
    "equal ",
    "gender",
];

/// The phrases too short to hold an anchor of four bytes (the SIMD pass compares four bytes
/// when every anchor has them, and three let through about one position in nine). Both hold
/// `SHORT_CORE`: one SIMD search finds it, and its neighbours tell which they are.
const SHORT_ANCHORS: &[&str] = &["eeo", "eoe"];
const SHORT_CORE: &[u8] = b"eo";

/// Headings read before the heading table becomes a DFA (see `automaton`): the DFA takes a
/// few milliseconds to build, which a run of some thirty postings repays (an editor's save or
/// a hook's few files stay below).
const UPGRADE_AFTER: usize = 512 << 10;

fn automaton(list: &'static [&'static str]) -> Upgrading {
    // Case-sensitive over lower-case phrases, on text lower-cased by `holds` (ASCII only, so
    // offsets do not move): half the transitions of an ASCII case-insensitive automaton.
    Upgrading::new(
        MatchKind::LeftmostLongest,
        list.iter().map(|&p| p.into()).collect(),
        UPGRADE_AFTER,
    )
}

/// The anchors' searchers: SIMD (Teddy) where the processor has it, else an automaton; and
/// one SIMD substring search for the short anchors' core (two searches, one per short
/// anchor, read each posting's text twice for two three-letter words).
struct Anchors {
    long: LongAnchors,
    short_core: memchr::memmem::Finder<'static>,
    /// Where `SHORT_CORE` starts in each short anchor.
    short_offsets: [usize; SHORT_ANCHORS.len()],
}

enum LongAnchors {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

/// An anchor found: its index (the long anchors, then the short ones) and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct AnchorAt {
    start: usize,
    anchor: usize,
}

impl Anchors {
    /// Every anchor in `haystack`, overlapping ones too (a search goes on from the byte after
    /// a match's start, not from its end: an anchor inside another's match is the one some
    /// phrase holds), for each short anchor too; unordered.
    fn find_all(&self, haystack: &[u8], out: &mut Vec<AnchorAt>) {
        let mut from = 0;
        while from < haystack.len() {
            let found = match &self.long {
                LongAnchors::Packed(searcher) => searcher
                    .find_in(haystack, aho_corasick::Span::from(from..haystack.len()))
                    .map(|m| (m.start(), m.pattern().as_usize())),
                LongAnchors::Automaton(automaton) => automaton
                    .find(aho_corasick::Input::new(haystack).range(from..))
                    .map(|m| (m.start(), m.pattern().as_usize())),
            };
            let Some((start, anchor)) = found else { break };
            out.push(AnchorAt { start, anchor });
            from = start + 1;
        }
        // Each short anchor as a substring search finds it: every occurrence, but none that
        // overlaps the one found before it ("eoeoe" holds one "eoe").
        let mut next_start = [0; SHORT_ANCHORS.len()];
        for core in self.short_core.find_iter(haystack) {
            for (k, short) in SHORT_ANCHORS.iter().enumerate() {
                let Some(start) = core.checked_sub(self.short_offsets[k]) else {
                    continue;
                };
                if start >= next_start[k]
                    && haystack.get(start..start + short.len()) == Some(short.as_bytes())
                {
                    out.push(AnchorAt {
                        start,
                        anchor: ANCHORS.len() + k,
                    });
                    next_start[k] = start + short.len();
                }
            }
        }
    }
}

/// Where `SHORT_CORE` starts in a short anchor (every short anchor holds it: see the test).
fn short_core_offset(short: &str) -> usize {
    short
        .as_bytes()
        .windows(SHORT_CORE.len())
        .position(|w| w == SHORT_CORE)
        .unwrap_or_default()
}

/// Per anchor (the long ones, then the short ones): each phrase that holds it, with the
/// anchor's offset in it (every offset, should a phrase hold it twice). Found by the
/// anchors' own searcher over each phrase: a substring search for every anchor in every
/// phrase (5,000 of them) was a fifth of an empty posting's start-up.
fn phrases_by_anchor() -> &'static [Vec<(usize, &'static str)>] {
    static BY_ANCHOR: OnceLock<Vec<Vec<(usize, &'static str)>>> = OnceLock::new();
    BY_ANCHOR.get_or_init(|| {
        let mut by_anchor = vec![Vec::new(); ANCHORS.len() + SHORT_ANCHORS.len()];
        let mut found = Vec::new();
        for &phrase in PHRASES {
            found.clear();
            anchors().find_all(phrase.as_bytes(), &mut found);
            found.sort_unstable();
            for at in &found {
                by_anchor[at.anchor].push((at.start, phrase));
            }
        }
        by_anchor
    })
}

/// Whether `text[range]` stands as whole words: no letter or digit just before or after.
fn is_whole_words(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

fn anchors() -> &'static Anchors {
    static ANCHORS_SEARCHER: OnceLock<Anchors> = OnceLock::new();
    ANCHORS_SEARCHER.get_or_init(|| {
        let long = match aho_corasick::packed::Config::new()
            .builder()
            .extend(ANCHORS)
            .build()
        {
            Some(searcher) => LongAnchors::Packed(searcher),
            None => LongAnchors::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(ANCHORS)
                    .expect("the anchors are a few short words"),
            ),
        };
        Anchors {
            long,
            short_core: memchr::memmem::Finder::new(SHORT_CORE),
            short_offsets: std::array::from_fn(|k| short_core_offset(SHORT_ANCHORS[k])),
        }
    })
}

fn headings() -> &'static Upgrading {
    static AUTOMATON: OnceLock<Upgrading> = OnceLock::new();
    AUTOMATON.get_or_init(|| automaton(HEADINGS))
}

/// Counts the run as long from its start: the next search builds the DFAs.
pub fn mark_long_run() {
    headings().mark_long_run();
}

/// Builds the DFA a long run reads statement headings with, ahead of it.
pub fn build_long_run_readers() {
    headings().build_dfa_now();
}

/// Builds the automata now, so that the first posting read does not wait for them.
pub fn warm() {
    headings().warm();
    anchors();
    phrases_by_anchor();
}

/// Whether `text` holds one of `automaton`'s phrases as whole words, ASCII case folded:
/// `lowered` is `text` lower-cased (ASCII only, so offsets do not move).
fn holds(automaton: &Upgrading, text: &str, lowered: &[u8], found: &mut Vec<Found>) -> bool {
    automaton.for_search(text.len()).matches(lowered, found);
    found.iter().any(|m| is_whole_words(text, m.start..m.end))
}

/// Marks the segments that belong to a statement. A paragraph whose statement starts after a
/// sentence of its own ("Field work can involve lifting; we will gladly make reasonable
/// accommodations") is cut there: the sentences before the statement are the posting's own
/// words, which the lexical rules read.
pub fn mark(segments: &mut Vec<Segment>) {
    let mut under_statement_heading = false;
    let mut found = Vec::new();
    let mut heading = Vec::new();
    // The body segments not under a statement heading, lower-cased one after the other (a
    // line break between), with their index and range there.
    let body = segments.iter().filter(|s| s.kind == SegmentKind::Body);
    let (count, bytes) = body.fold((0, 0), |(n, b), s| (n + 1, b + s.text.len() + 1));
    let mut lowered = Vec::with_capacity(bytes);
    let mut searched: Vec<(usize, Range<usize>)> = Vec::with_capacity(count);
    for (i, segment) in segments.iter_mut().enumerate() {
        match segment.kind {
            SegmentKind::Heading => {
                heading.clear();
                crate::bytescan::push_lowered(&mut heading, &segment.text);
                under_statement_heading = holds(headings(), &segment.text, &heading, &mut found);
                segment.boilerplate = under_statement_heading;
            }
            SegmentKind::Body if under_statement_heading => segment.boilerplate = true,
            SegmentKind::Body => {
                let start = lowered.len();
                lowered.extend_from_slice(segment.text.as_bytes());
                searched.push((i, start..lowered.len()));
                lowered.push(b'\n');
            }
            _ => {}
        }
    }
    // In one pass: segment by segment, most of each short text was the vectorised loop's
    // byte-at-a-time tail.
    crate::bytescan::lower_in_place(&mut lowered);
    // A phrase is where one of its anchors is: each anchor found is looked around for the
    // phrases that hold it. (No phrase holds a line break, so none spans two segments.)
    let mut found_anchors = Vec::new();
    anchors().find_all(&lowered, &mut found_anchors);
    found_anchors.sort_unstable();
    let by_anchor = phrases_by_anchor();
    // The segments cut before their statement: (index, where the statement's sentence starts).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for AnchorAt { start, anchor } in found_anchors {
        let k = searched.partition_point(|(_, range)| range.end <= start);
        let (i, range) = &searched[k];
        let segment = &mut segments[*i];
        if segment.boilerplate {
            continue;
        }
        let phrase_at = by_anchor[anchor].iter().find_map(|&(offset, phrase)| {
            let phrase_start = start.checked_sub(offset).filter(|&s| s >= range.start)?;
            let phrase_end = phrase_start + phrase.len();
            (lowered.get(phrase_start..phrase_end) == Some(phrase.as_bytes())
                && is_whole_words(
                    &segment.text,
                    phrase_start - range.start..phrase_end - range.start,
                ))
            .then_some(phrase_start - range.start)
        });
        if let Some(at) = phrase_at {
            segment.boilerplate = true;
            if let Some(cut) = own_sentences_before(&segment.text, at) {
                cuts.push((*i, cut));
            }
        }
    }
    if cuts.is_empty() {
        return;
    }
    let mut cut = cuts.into_iter().peekable();
    let mut all = Vec::with_capacity(segments.len() + cut.len());
    for (i, mut segment) in std::mem::take(segments).into_iter().enumerate() {
        match cut.next_if(|&(index, _)| index == i) {
            Some((_, sentence_start)) => {
                let statement = segment.split_off(sentence_start);
                segment.boilerplate = false;
                all.push(segment);
                all.push(statement);
            }
            None => all.push(segment),
        }
    }
    *segments = all;
}

/// Where the sentence that holds a statement's phrase (at `phrase_at` of `text`) starts, as
/// the rules' exceptions read sentences, when a sentence of the posting's own comes before it
/// in the same paragraph. `None` when the phrase's sentence starts the paragraph, or runs
/// back further than a sentence is read.
fn own_sentences_before(text: &str, phrase_at: usize) -> Option<usize> {
    let sentence = super::sentence::sentence_around(text, &(phrase_at..phrase_at)).start;
    // A sentence read as far as its reach, not to an end: no cut.
    let own = &text[..sentence];
    if !own.ends_with(['.', '!', '?', ';']) {
        return None;
    }
    let start = sentence + (text[sentence..].len() - text[sentence..].trim_start().len());
    // Three words at least before it ("Apply now." is not the posting's prose).
    (start < phrase_at && own.split_whitespace().nth(2).is_some()).then_some(start)
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
    fn short_anchors_are_found_as_a_substring_search_finds_them() {
        assert!(
            SHORT_ANCHORS
                .iter()
                .all(|a| a.as_bytes().windows(2).any(|w| w == SHORT_CORE))
        );
        let mut found = Vec::new();
        // "eoeoe" holds one "eoe" for a search that goes on after each match, as before.
        anchors().find_all(b"eoeoe, eeo; geo eoe", &mut found);
        found.sort_unstable();
        let eeo = ANCHORS.len();
        let eoe = eeo + 1;
        assert_eq!(
            found,
            [
                AnchorAt {
                    start: 0,
                    anchor: eoe
                },
                AnchorAt {
                    start: 7,
                    anchor: eeo
                },
                AnchorAt {
                    start: 16,
                    anchor: eoe
                },
            ]
        );
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
            segment(
                SegmentKind::Body,
                "We consider everyone irrespective of their ethnicity or religion.",
            ),
            segment(
                SegmentKind::Body,
                "Our ledger serves every firm irrespective of its size, and you will lead its design.",
            ),
        ];
        mark(&mut segments);
        let marked: Vec<bool> = segments.iter().map(|s| s.boilerplate).collect();
        assert_eq!(
            marked,
            [
                false, true, true, true, true, false, false, true, false, true, true, false
            ]
        );
        // "eeo" is a whole word only.
        let mut one = vec![segment(SegmentKind::Body, "Geeon and peeoo")];
        mark(&mut one);
        assert!(!one[0].boilerplate);
    }

    #[test]
    fn a_paragraph_is_cut_where_its_statement_starts() {
        let paragraph = "Field work means lifting packs of up to 30 lbs. Stay reachable at night. \
                         We will gladly make reasonable accommodations for anyone who needs them.";
        let mut b = TextBuilder::new();
        b.push_verbatim(paragraph, 100);
        let mut segments = vec![
            Segment::new(SegmentKind::Body, SectionKind::Other, b),
            segment(
                SegmentKind::Body,
                "We are an equal opportunity employer. Apply by Friday.",
            ),
            segment(
                SegmentKind::Body,
                "Apply now. We are an equal opportunity employer.",
            ),
        ];
        segments[0].item = true;
        mark(&mut segments);
        let cut: Vec<(&str, bool, bool)> = segments
            .iter()
            .map(|s| (s.text.as_str(), s.boilerplate, s.item))
            .collect();
        assert_eq!(
            cut,
            [
                (
                    "Field work means lifting packs of up to 30 lbs. Stay reachable at night. ",
                    false,
                    true
                ),
                (
                    "We will gladly make reasonable accommodations for anyone who needs them.",
                    true,
                    false
                ),
                // The statement starts the paragraph: the sentence after it stays with it.
                (
                    "We are an equal opportunity employer. Apply by Friday.",
                    true,
                    false
                ),
                // Two words before it are no sentence of the posting's own.
                (
                    "Apply now. We are an equal opportunity employer.",
                    true,
                    false
                ),
            ]
        );
        // Each part maps to its own bytes of the file.
        let head_end = segments[0].text.len();
        assert_eq!(segments[0].map.to_source(0..5), 100..105);
        assert_eq!(
            segments[1].map.to_source(0..7),
            100 + head_end..100 + head_end + 7
        );
    }

    #[test]
    fn every_phrase_holds_an_anchor() {
        // A phrase without one would never be searched for.
        for phrase in PHRASES {
            assert!(
                ANCHORS
                    .iter()
                    .chain(SHORT_ANCHORS)
                    .any(|anchor| phrase.contains(anchor)),
                "{phrase}"
            );
        }
        // Four bytes each, or the SIMD pass compares only three.
        assert!(ANCHORS.iter().all(|anchor| anchor.len() >= 4));
        // Each phrase is listed under every anchor it holds, where it holds it.
        for (anchor, listed) in ANCHORS.iter().chain(SHORT_ANCHORS).zip(phrases_by_anchor()) {
            let expected: Vec<(usize, &str)> = PHRASES
                .iter()
                .flat_map(|&p| p.match_indices(anchor).map(move |(at, _)| (at, p)))
                .collect();
            assert_eq!(*listed, expected, "{anchor}");
        }
        // None starts another: a search reports one anchor at a position.
        for a in ANCHORS.iter().chain(SHORT_ANCHORS) {
            for b in ANCHORS.iter().chain(SHORT_ANCHORS) {
                assert!(a == b || !b.starts_with(a), "{a} starts {b}");
            }
        }
        // Anchors that are not phrases mark nothing, wherever they are.
        let mut segments = vec![
            segment(SegmentKind::Body, "Protected time for deep work."),
            segment(SegmentKind::Body, "Privacy engineering for our apps."),
            segment(SegmentKind::Body, "We value privacy policy work and GDPR."),
            segment(SegmentKind::Body, "Knowledge of GDPR and CCPA."),
            segment(
                SegmentKind::Body,
                "Your data is kept according to GDPR guidelines.",
            ),
        ];
        mark(&mut segments);
        let marked: Vec<bool> = segments.iter().map(|s| s.boilerplate).collect();
        assert_eq!(marked, [false, false, true, false, true]);
    }

    #[test]
    fn anchors_are_found_inside_each_other() {
        // "d ch" (which anchors "background check") starts inside "rotected": a search
        // going on from a match's end would miss it.
        let haystack = b"any protected characteristics";
        let mut found = Vec::new();
        anchors().find_all(haystack, &mut found);
        let at: Vec<(usize, &str)> = found
            .iter()
            .map(|a| {
                (
                    a.start,
                    ANCHORS.iter().chain(SHORT_ANCHORS).nth(a.anchor).unwrap(),
                )
            })
            .map(|(start, anchor)| (start, *anchor))
            .collect();
        assert_eq!(at, [(5, "rotected"), (12, "d ch")]);
        let mut segments = vec![segment(
            SegmentKind::Body,
            "Apply even without every single qualification.",
        )];
        mark(&mut segments);
        assert!(segments[0].boilerplate);
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
