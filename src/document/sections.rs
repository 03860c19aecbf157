//! Section kinds and the heading vocabulary that recognises them.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use serde::Serialize;

use crate::fxhash::FxHasher;
use crate::literal_scan::{Found, LiteralScan};

/// The part of a posting a segment belongs to. Rules scope themselves to sections, so that
/// "PhD is a plus" under *Nice to have* is not read as a requirement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Summary,
    Responsibilities,
    Requirements,
    Preferred,
    Compensation,
    AboutCompany,
    Other,
}

impl SectionKind {
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Responsibilities => "responsibilities",
            SectionKind::Requirements => "requirements",
            SectionKind::Preferred => "preferred",
            SectionKind::Compensation => "compensation",
            SectionKind::AboutCompany => "about-company",
            SectionKind::Other => "other",
        }
    }
}

/// Heading phrases, checked in order: the first kind with a phrase contained in the
/// normalised heading wins. Order matters: "Preferred qualifications" is `Preferred` before
/// "qualifications" makes it `Requirements`; "About you" and "About the role" come before the
/// company's "About".
const VOCABULARY: &[(SectionKind, &[&str])] = &[
    // What the candidate gets to do is the job ("What You'll Get to Do"), before what they get.
    (
        SectionKind::Responsibilities,
        &["get to do", "get to work on", "get to build"],
    ),
    // What the candidate gets, said with a word the requirements use too: a line offering
    // "our benefits and experiences" opens perks, not a list of experience asked for.
    (
        SectionKind::Compensation,
        &[
            // "Working at Acme" over a list of perks
            "working at",
            "enjoy these benefits",
            "enjoy the benefits",
            "enjoy our benefits",
            "benefits and experiences",
            "what do you get",
            "what you get",
            "what will you get",
            "what you'll get",
            "what you will get",
        ],
    ),
    // Indian job boards' name for the requirements, whose "desired" is not the nice-to-haves.
    (
        SectionKind::Requirements,
        &[
            "desired candidate profile",
            "desired candidate",
            "desired profile",
        ],
    ),
    (
        SectionKind::Preferred,
        &[
            "nice to have",
            "nice-to-have",
            "preferred",
            "bonus",
            "pluses",
            "plus if",
            "a plus",
            "desired",
            "desirable",
            "ideally",
            "extra credit",
            "good to have",
            "would be great",
            "would be nice",
            "not required",
            "stand out",
            "standout",
            "stand-out",
            "set you apart",
            "sets you apart",
            "even better",
            "great to have",
            "strong candidates",
            "may also have",
            "strong plus",
            "need not",
            "bonus points",
            // plain lines that open the nice-to-haves: "Bonus Track!", "Bonus skills"
            "bonus track",
            "bonus skills",
            "bonus qualifications",
            "advantage",
            "advantageous",
            "an asset",
            "is a plus",
            "are a plus",
            "nice if",
            "optional",
            "might also have",
            "could also have",
            // Portuguese, Spanish, French and German: "Desejável", "Diferenciais", "Se
            // valorará", "Atouts", "Vous avez peut-être également", "Wünschenswert", "Von
            // Vorteil".
            "desejável",
            "desejáveis",
            "diferencia",
            "deseable",
            "valorable",
            "se valorará",
            "atouts",
            "vous avez peut-être",
            "wünschenswert",
            "von vorteil",
            // "Cherries on the cake", "Un plus si vous avez", "Ce serait un plus"
            "cherries on the cake",
            "cherry on the cake",
            "cherry on top",
            "un plus",
        ],
    ),
    (
        SectionKind::Requirements,
        &[
            "requirement",
            "qualification",
            "what you bring",
            "what you'll bring",
            "what you will bring",
            "you must bring",
            "need from you",
            "looking for",
            "what you'll need",
            "what you need",
            "what you will need",
            "who you are",
            "about you",
            "you have",
            "must have",
            "must-have",
            "skills",
            "your profile",
            "your background",
            "experience",
            "you bring",
            "you should have",
            "to succeed",
            "what it takes",
            "competenc",
            "we expect",
            "ideal candidate",
            "candidate profile",
            "good fit",
            "great fit",
            "candidates must",
            "might thrive",
            "you'll thrive",
            "you will thrive",
            "thrive in this role",
            "minimum skill",
            "prerequisite",
            "education",
            "what we're looking for",
            "what we are looking for",
            // British and Australian: "Essential criteria", "Person specification",
            // "Selection criteria"
            "essential criteria",
            "person specification",
            "selection criteria",
        ],
    ),
    (
        SectionKind::Responsibilities,
        &[
            "responsibilit",
            "what you'll do",
            "what you will do",
            "what you'd do",
            "what you will be doing",
            "what you'll be doing",
            "your role",
            "day to day",
            "day-to-day",
            "duties",
            "in this role",
            "your impact",
            "the work",
            "your mission",
            "key objectives",
            "tasks",
            "you will",
            "you'll",
            "what you'll work on",
            "the job",
            "representative projects",
            "sample projects",
            // United States HR wording: "Essential Functions", "Essential Job Functions"
            "essential functions",
            "essential job functions",
            "accountabilities",
        ],
    ),
    (
        SectionKind::Compensation,
        &[
            "compensation",
            "salary",
            "pay",
            "remuneration",
            "benefit",
            "perks",
            "what we offer",
            "we offer",
            "package",
            "rewards",
            "what's in it for you",
            // French, German, Spanish and Portuguese: "Nos avantages", "Ce que Devoteam vous
            // offre", "Rémunération", "Wir bieten", "Beneficios", "Benefícios".
            "avantages",
            "vous offre",
            "nous offrons",
            "rémunération",
            "wir bieten",
            "beneficios",
            "benefícios",
        ],
    ),
    (
        SectionKind::Summary,
        &[
            "summary",
            "overview",
            "about the role",
            "about this role",
            "about the job",
            "about the position",
            "about the opportunity",
            "the opportunity",
            "the role",
            "job description",
            "role description",
            "position description",
        ],
    ),
    (
        SectionKind::AboutCompany,
        &[
            "about us",
            "about the company",
            "about the team",
            "who we are",
            "our mission",
            "company description",
            "our company",
            "our team",
            "about",
            "why join",
            "why work",
            "why should i apply",
            "why should you apply",
            "why apply",
            "life at",
            "our culture",
            "our values",
            "core values",
            "core behaviors",
            "core behaviours",
            "how we're different",
            "come work with us",
        ],
    ),
    (
        SectionKind::Other,
        &[
            "equal opportunity",
            "eeo",
            "how to apply",
            "application process",
            "interview process",
            "hiring process",
            "recruitment process",
            "recruiting process",
            // "Notre process de recrutement", "Processus de recrutement", "Processo seletivo"
            "process de recrutement",
            "processus de recrutement",
            "processo seletivo",
            "proceso de selección",
            "diversity",
            "accommodation",
            "location",
            "logistics",
            "next steps",
            "disclaimer",
            // "What to expect" on a line of its own: the hours, the first months or the
            // interview ahead, none of them the job's duties or requirements
            "what to expect",
            // the team's tools, not what a candidate must know
            "tech stack",
            "our stack",
            "technology stack",
            "technologies we use",
            "tools we use",
        ],
    ),
];

/// Builds the vocabulary's table now, so that the first posting read does not wait for it.
pub fn warm() {
    vocabulary();
}

/// Every phrase of the vocabulary in one hash table (`literal_scan`), with the kind and
/// priority (position in `VOCABULARY`) of each phrase. Built once per process.
/// A phrase of the vocabulary: its priority (its kind's place in `VOCABULARY`), the section
/// it opens, and whether it opens it only as the heading's first word.
type Entry = (usize, SectionKind, bool);

/// Phrases that open their section only as a heading's first word: "About Acme:" is about
/// the company, "Someone who is OCD about docs:" (a bullet's run-in sentence) is no heading.
const FIRST_WORD_ONLY: [&str; 1] = ["about"];

fn vocabulary() -> &'static (LiteralScan, Vec<Entry>) {
    static AUTOMATON: OnceLock<(LiteralScan, Vec<Entry>)> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for (priority, (kind, list)) in VOCABULARY.iter().enumerate() {
            for phrase in *list {
                phrases.push(*phrase);
                kinds.push((priority, *kind, FIRST_WORD_ONLY.contains(phrase)));
            }
        }
        let automaton =
            LiteralScan::new(&phrases).expect("the heading vocabulary has no empty phrase");
        (automaton, kinds)
    })
}

/// Headings a thread keeps the answer for, at most, and the bytes of their text: the table
/// starts over when either is full. Bulk holds about 15,800 distinct headings and run-in
/// label candidates; with room for 4,096 a thread classified 26,800 afresh, with room for
/// all of them 15,800.
const KNOWN_HEADINGS: usize = 16_384;
const KNOWN_HEADING_BYTES: usize = 512 << 10;

/// Headings longer than this (in bytes) are classified afresh each time: they seldom repeat.
const KNOWN_HEADING_LEN: usize = 96;

/// The headings a thread has classified, and the answers. Their texts sit one after another
/// in one string, found through the hash of each: a `Box<str>` per heading was an allocation
/// each and about twice the memory.
#[derive(Default)]
struct KnownHeadings {
    texts: String,
    /// By the heading's hash: where its text is in `texts`, and the answer. Two headings of
    /// one hash keep the first; the other is classified afresh each time.
    answers: crate::fxhash::FxHashMap<u64, (u32, u8, Option<SectionKind>)>,
    /// The short headings asked about again, text and answer in one slot each (see
    /// `RepeatedHeadings`).
    repeated: RepeatedHeadings,
}

/// Slots of `RepeatedHeadings` (32 bytes each: 16 KB, which stays near the core; with 1,024
/// and 2,048 slots `classify_heading` took longer).
const REPEATED_SLOTS: usize = 512;

/// The longest heading a slot of `RepeatedHeadings` holds, in bytes (most headings and run-in
/// labels asked about are 15 bytes or so).
const REPEATED_LEN: usize = 30;

/// A small table in front of `KnownHeadings::answers`, a slot per hash, for the headings asked
/// about more than once ("Requirements", "About the role"). In the large table an answer
/// found was two cache misses, its slot and then its text elsewhere (`classify_heading` was
/// a fortieth of a long run's time for a two-hundredth of its instructions); here the text
/// sits in the slot. A heading comes in when the large table answers it, so that the many
/// asked about once do not push out the common ones.
struct RepeatedHeadings {
    slots: Box<[RepeatedSlot; REPEATED_SLOTS]>,
}

// A slot is half a cache line, so that none straddles two.
const _: () = assert!(std::mem::size_of::<RepeatedSlot>() == 32);

#[derive(Clone, Copy)]
struct RepeatedSlot {
    /// The text's length; 0 for an empty slot (an empty heading is never held).
    len: u8,
    kind: Option<SectionKind>,
    text: [u8; REPEATED_LEN],
}

impl Default for RepeatedHeadings {
    fn default() -> Self {
        let empty = RepeatedSlot {
            len: 0,
            kind: None,
            text: [0; REPEATED_LEN],
        };
        RepeatedHeadings {
            slots: Box::new([empty; REPEATED_SLOTS]),
        }
    }
}

impl RepeatedHeadings {
    fn slot(hash: u64) -> usize {
        // FxHash's high bits are its best mixed: as many as index a slot.
        const BITS: u32 = REPEATED_SLOTS.trailing_zeros();
        const _: () = assert!(REPEATED_SLOTS.is_power_of_two());
        (hash >> (64 - BITS)) as usize
    }

    fn get(&self, hash: u64, heading: &str) -> Option<Option<SectionKind>> {
        let slot = &self.slots[Self::slot(hash)];
        let len = usize::from(slot.len);
        (len != 0 && slot.text.get(..len) == Some(heading.as_bytes())).then_some(slot.kind)
    }

    fn insert(&mut self, hash: u64, heading: &str, kind: Option<SectionKind>) {
        if heading.is_empty() || heading.len() > REPEATED_LEN {
            return;
        }
        let slot = &mut self.slots[Self::slot(hash)];
        slot.len = heading.len() as u8;
        slot.kind = kind;
        slot.text[..heading.len()].copy_from_slice(heading.as_bytes());
    }
}

impl KnownHeadings {
    fn hash(heading: &str) -> u64 {
        use std::hash::Hasher;
        let mut hasher = FxHasher::default();
        hasher.write(heading.as_bytes());
        hasher.finish()
    }

    fn get(&mut self, hash: u64, heading: &str) -> Option<Option<SectionKind>> {
        if let Some(kind) = self.repeated.get(hash, heading) {
            return Some(kind);
        }
        let &(start, len, kind) = self.answers.get(&hash)?;
        let start = start as usize;
        let found = self.texts.get(start..start + usize::from(len)) == Some(heading);
        if found {
            self.repeated.insert(hash, heading, kind);
        }
        found.then_some(kind)
    }

    fn insert(&mut self, hash: u64, heading: &str, kind: Option<SectionKind>) {
        if self.answers.len() >= KNOWN_HEADINGS || self.texts.len() >= KNOWN_HEADING_BYTES {
            self.answers.clear();
            self.texts.clear();
        }
        let (Ok(start), Ok(len)) = (u32::try_from(self.texts.len()), u8::try_from(heading.len()))
        else {
            return;
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = self.answers.entry(hash) {
            self.texts.push_str(heading);
            slot.insert((start, len, kind));
        }
    }
}

/// The section a heading opens, if its wording says. Headings repeat from posting to posting
/// ("Requirements", "About the role"), and each is asked about several times (reading, run-in
/// labels, the role, the bullet count), so each thread keeps the answers it has found: on bulk,
/// classifying a heading afresh cost about 2,300 instructions (lower-casing a copy, an
/// overlapping search), 4% of the run.
pub fn classify_heading(heading: &str) -> Option<SectionKind> {
    thread_local! {
        static KNOWN: RefCell<KnownHeadings> = RefCell::default();
    }
    if heading.len() > KNOWN_HEADING_LEN {
        return classify_afresh(heading);
    }
    let hash = KnownHeadings::hash(heading);
    KNOWN.with(|known| {
        if let Some(kind) = known.borrow_mut().get(hash, heading) {
            return kind;
        }
        let kind = classify_afresh(heading);
        known.borrow_mut().insert(hash, heading, kind);
        kind
    })
}

fn classify_afresh(heading: &str) -> Option<SectionKind> {
    // The normalised text and the matches go in buffers this thread keeps: every run-in
    // label candidate of every block comes here (45,000 on bulk), two allocations each.
    thread_local! {
        static BUFFERS: Cell<(String, Vec<Found>)> = const { Cell::new((String::new(), Vec::new())) };
    }
    crate::kept::with_kept(&BUFFERS, |(buffer, found)| {
        let normalised = normalise_into(heading, buffer);
        if normalised.is_empty() || normalised.len() > 80 {
            return None;
        }
        let (automaton, kinds) = vocabulary();
        // A phrase counts only where it starts a word (`is_phrase_at`): only word starts are
        // probed, not every byte.
        automaton.find_overlapping_at(
            normalised.as_bytes(),
            crate::literal_scan::word_starts(normalised),
            found,
        );
        found
            .iter()
            .map(|m| (m, kinds[m.literal as usize]))
            .filter(|&(m, (_, _, first_word_only))| {
                (m.start == 0 || !first_word_only) && is_phrase_at(normalised, m.start, m.end)
            })
            .min_by_key(|(_, (priority, _, _))| *priority)
            .map(|(_, (_, kind, _))| kind)
    })
    .or_else(|| why_the_company(heading))
}

/// "Why Acme", "**Why Binance**": a heading that asks why the company, by its capitalised
/// name (at most three words), over what it offers (the vocabulary's "why join", "why apply"
/// are the company's; "why you'll love it" names no company).
fn why_the_company(heading: &str) -> Option<SectionKind> {
    // Every heading the vocabulary does not know comes here: most are answered by their
    // first word.
    let name = heading
        .trim_matches(|c: char| !c.is_alphanumeric())
        .strip_prefix("Why ")?;
    let mut words = name.split_whitespace();
    let named = (1..=3).contains(&words.clone().count())
        && words.all(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() || "&.-".contains(c))
        });
    named.then_some(SectionKind::Compensation)
}

/// Lowercase, curly apostrophes straightened, markup and trailing colons dropped.
#[cfg(test)]
fn normalise(heading: &str) -> String {
    normalise_into(heading, &mut String::new()).to_string()
}

/// `normalise`, written into `out` (cleared first): the normalised text is `out`'s start,
/// returned.
pub(super) fn normalise_into<'o>(heading: &str, out: &'o mut String) -> &'o str {
    out.clear();
    let heading = heading.trim();
    let markup = |c: char| matches!(c, '*' | '_' | '#' | '`');
    if heading.is_ascii() {
        // Every run-in label candidate of every block comes here: ASCII (nearly all of
        // them) is lower-cased a byte at a time, not through Unicode case mapping.
        out.extend(
            heading
                .bytes()
                .filter(|&b| !markup(char::from(b)))
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        for c in heading.chars() {
            match c {
                '\u{2019}' | '\u{2018}' => out.push('\''),
                c if markup(c) => {}
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    // Markup dropped from the ends may have left spaces there.
    let start = out.len() - out.trim_start().len();
    let len = out[start..]
        .trim_end()
        .trim_end_matches([':', '.', '!', '?'])
        .trim_end()
        .len();
    &out[start..start + len]
}

/// A phrase found at `start..end` counts when it starts a word (so "pay" is not found in
/// "repay"); short phrases must also end one ("pay" vs "paypal", "about" vs "abouts").
fn is_phrase_at(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let starts_word = before.is_none_or(|c| !c.is_alphanumeric());
    let ends_ok = end - start > 5 || after.is_none_or(|c| !c.is_alphanumeric());
    starts_word && ends_ok
}

/// The share of a line's letters that are heading-vocabulary phrases (0.0 when none is).
fn heading_coverage(line: &str) -> f64 {
    // Asked first: most lines asked about are no heading, and the answer is kept (a heading
    // normalised to nothing or past 80 bytes is none either).
    if classify_heading(line).is_none() {
        return 0.0;
    }
    let mut buffer = String::new();
    let normalised = normalise_into(line, &mut buffer);
    let (automaton, _) = vocabulary();
    let mut covered = vec![false; normalised.len()];
    let mut found = Vec::new();
    automaton.find_overlapping(normalised.as_bytes(), &mut found);
    for &Found { start, end, .. } in &found {
        if is_phrase_at(normalised, start, end) {
            covered[start..end].iter_mut().for_each(|c| *c = true);
        }
    }
    let letters = |keep: &dyn Fn(usize) -> bool| {
        normalised
            .char_indices()
            .filter(|&(i, c)| c.is_alphanumeric() && keep(i))
            .count()
    };
    let all = letters(&|_| true);
    if all == 0 {
        return 0.0;
    }
    // Filler words around a heading phrase ("Your", "Key", "Minimum", "& Perks") are free.
    const FILLER: &[&str] = &[
        "your",
        "our",
        "key",
        "the",
        "a",
        "an",
        "and",
        "of",
        "basic",
        "minimum",
        "required",
        "additional",
        "job",
        "core",
        "main",
        "primary",
        "general",
        "technical",
        "&",
        "you",
        "we",
        "us",
        "what",
        "who",
        "why",
    ];
    let mut offset = 0;
    let mut filler = vec![false; normalised.len()];
    for word in normalised.split(' ') {
        if FILLER.contains(&word) {
            filler[offset..offset + word.len()]
                .iter_mut()
                .for_each(|f| *f = true);
        }
        offset += word.len() + 1;
    }
    letters(&|i| covered[i] || filler[i]) as f64 / all as f64
}

/// Whether a short line of plain text reads like a heading ("Requirements:", "What you'll do").
pub fn looks_like_heading_line(line: &str) -> bool {
    let line = line.trim();
    // Emphasis markers that Markdown left as text ("** _Preferred Requirements:_**": a space
    // after `**` does not open bold) are not part of the words; a single `*` is a bullet.
    let line = if line.starts_with("**") || line.starts_with("__") {
        line.trim_matches(['*', '_']).trim()
    } else {
        line.trim_end_matches(['*', '_']).trim_end()
    };
    // Cheap shape checks first: this runs on every paragraph of every posting.
    if line.is_empty()
        || line.len() > 240
        || line.starts_with(['-', '*', '+', '\u{2022}'])
        || line.ends_with('.')
        // Counted only where it can pass: no line of 72 bytes holds more characters.
        || line.len() > 72 && line.chars().count() > 72
        || line.contains(". ")
    {
        return false;
    }
    // Counted no further than the largest count it is compared with.
    let words = line.split_whitespace().take(11).count();
    // A short line introducing what follows ("Tech stack:", "You may be a good fit if you:")
    // is a heading even when its words are not in the vocabulary: it ends the section above.
    if line.ends_with(':') {
        return words <= 10;
    }
    // Without a colon the heading words must be most of the line: "PhD in ML and 3 years of
    // industry experience" is a requirement that happens to contain "experience".
    if words <= 10 && heading_coverage(line) >= 0.6 {
        return true;
    }
    // An all-caps line of a few words ("BENEFITS") is a heading even if the vocabulary misses it.
    if words > 6 {
        return false;
    }
    let mut letters = line.chars().filter(|c| c.is_alphabetic());
    letters.clone().take(4).count() == 4 && letters.all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_normalised_alike_in_ascii_and_beyond() {
        assert_eq!(normalise("  **Requirements:**  "), "requirements");
        assert_eq!(normalise("## What You'll Do!"), "what you'll do");
        assert_eq!(normalise("What You\u{2019}ll Do:"), "what you'll do");
        assert_eq!(normalise("\u{dc}BER `UNS`."), "\u{fc}ber uns");
        assert_eq!(normalise("_Benefits_ :"), "benefits");
        assert_eq!(normalise("Benefits"), "benefits");
        assert_eq!(normalise(" :: "), "");
    }

    #[test]
    fn a_bare_about_opens_the_company_section_only_as_the_first_word() {
        assert_eq!(
            classify_heading("About Acme"),
            Some(SectionKind::AboutCompany)
        );
        assert_eq!(
            classify_heading("**About:**"),
            Some(SectionKind::AboutCompany)
        );
        assert_eq!(
            classify_heading("A bit about us"),
            Some(SectionKind::AboutCompany)
        );
        // A bullet's sentence up to a colon, or a heading that only mentions "about".
        assert_eq!(classify_heading("Someone who is OCD about docs"), None);
        assert_eq!(classify_heading("The Things We Really Care About"), None);
    }

    #[test]
    fn headings_read_afresh_one_after_another_share_no_text() {
        // Each reading reuses this thread's buffers: a long heading, a short one, one beyond
        // ASCII and one with nothing left must each be read as if alone.
        let asked = [
            (
                "**What you will be doing in this role, day to day:**",
                Some(SectionKind::Responsibilities),
            ),
            ("Perks", Some(SectionKind::Compensation)),
            (
                "What You\u{2019}ll Do:",
                Some(SectionKind::Responsibilities),
            ),
            (" ** ", None),
            ("Requirements", Some(SectionKind::Requirements)),
        ];
        for (heading, kind) in asked {
            assert_eq!(classify_afresh(heading), kind, "{heading}");
        }
    }

    #[test]
    fn the_repeated_headings_answer_only_the_text_they_hold() {
        let mut repeated = RepeatedHeadings::default();
        let hash = KnownHeadings::hash("Benefits");
        assert_eq!(repeated.get(hash, "Benefits"), None);
        repeated.insert(hash, "Benefits", Some(SectionKind::Compensation));
        assert_eq!(
            repeated.get(hash, "Benefits"),
            Some(Some(SectionKind::Compensation))
        );
        // The same slot asked with another text (a hash met by chance), or a prefix of it.
        assert_eq!(repeated.get(hash, "Overview"), None);
        assert_eq!(repeated.get(hash, "Benefit"), None);
        // Another heading of the slot takes it over; an answer of `None` is held too.
        repeated.insert(hash, "Acme Robotics", None);
        assert_eq!(repeated.get(hash, "Acme Robotics"), Some(None));
        assert_eq!(repeated.get(hash, "Benefits"), None);
        // Empty and longer headings are not held.
        let long = "Responsibilities and day-to-day work";
        assert!(long.len() > REPEATED_LEN);
        for text in ["", long] {
            let hash = KnownHeadings::hash(text);
            repeated.insert(hash, text, Some(SectionKind::Responsibilities));
            assert_eq!(repeated.get(hash, text), None, "{text:?}");
        }
    }

    #[test]
    fn a_thread_answers_a_heading_it_has_seen_as_it_did_the_first_time() {
        let asked = [
            // Same length, different sections; then each again, from the table.
            ("Benefits", Some(SectionKind::Compensation)),
            ("Overview", Some(SectionKind::Summary)),
            ("Our perks", Some(SectionKind::Compensation)),
            ("Benefits", Some(SectionKind::Compensation)),
            ("Overview", Some(SectionKind::Summary)),
            ("Our perks", Some(SectionKind::Compensation)),
            // A third time each, from the repeated headings.
            ("Benefits", Some(SectionKind::Compensation)),
            ("Overview", Some(SectionKind::Summary)),
            ("Our perks", Some(SectionKind::Compensation)),
        ];
        for (heading, kind) in asked {
            assert_eq!(classify_heading(heading), kind, "{heading}");
        }
        // Past a full table, and past the length it keeps.
        for i in 0..KNOWN_HEADINGS + 10 {
            assert_eq!(classify_heading(&format!("Item {i}")), None);
        }
        assert_eq!(
            classify_heading("Benefits"),
            Some(SectionKind::Compensation)
        );
        let long = format!("Requirements{}", " ".repeat(KNOWN_HEADING_LEN));
        assert_eq!(classify_heading(&long), Some(SectionKind::Requirements));
        assert_eq!(classify_heading(&long), Some(SectionKind::Requirements));
    }

    #[test]
    fn a_heading_whose_hash_another_holds_is_not_given_its_answer() {
        let mut known = KnownHeadings::default();
        known.insert(7, "Benefits", Some(SectionKind::Compensation));
        assert_eq!(
            known.get(7, "Benefits"),
            Some(Some(SectionKind::Compensation))
        );
        // Another heading of the same hash: not answered from the table, and not put in it.
        assert_eq!(known.get(7, "Overview"), None);
        known.insert(7, "Overview", Some(SectionKind::Summary));
        assert_eq!(known.get(7, "Overview"), None);
        assert_eq!(
            known.get(7, "Benefits"),
            Some(Some(SectionKind::Compensation))
        );
        // FxHash pads the last eight bytes with zeros: these two meet, and each is read alike.
        assert_eq!(KnownHeadings::hash("Perks"), KnownHeadings::hash("Perks\0"));
        assert_eq!(classify_heading("Perks"), Some(SectionKind::Compensation));
        assert_eq!(classify_heading("Perks\0"), classify_afresh("Perks\0"));
    }

    #[test]
    fn stray_emphasis_markers_do_not_hide_a_heading() {
        assert!(looks_like_heading_line("** _Preferred Requirements:_**"));
        assert_eq!(
            classify_heading("** _Preferred Requirements:_**"),
            Some(SectionKind::Preferred)
        );
        assert!(looks_like_heading_line("Nice to have:**"));
        // A bullet is not a heading.
        assert!(!looks_like_heading_line("* Requirements"));
    }

    #[test]
    fn headings_map_to_sections() {
        let cases = [
            ("Requirements", SectionKind::Requirements),
            ("Minimum Qualifications:", SectionKind::Requirements),
            ("Preferred Qualifications", SectionKind::Preferred),
            ("**Nice to have**", SectionKind::Preferred),
            ("What you\u{2019}ll do", SectionKind::Responsibilities),
            ("About the role", SectionKind::Summary),
            ("About you", SectionKind::Requirements),
            ("**What you must bring**", SectionKind::Requirements),
            ("WHAT WE NEED FROM YOU", SectionKind::Requirements),
            ("About Acme", SectionKind::AboutCompany),
            ("Benefits & Perks", SectionKind::Compensation),
            ("Strong candidates may also have:", SectionKind::Preferred),
            ("Candidates need not have:", SectionKind::Preferred),
            ("You may be a good fit if you:", SectionKind::Requirements),
            (
                "In addition, the following would be an advantage:",
                SectionKind::Preferred,
            ),
            (
                "You might thrive in this role if you:",
                SectionKind::Requirements,
            ),
            ("You might also have:", SectionKind::Preferred),
            ("Desejável:", SectionKind::Preferred),
            ("Vous avez peut-être également :", SectionKind::Preferred),
            ("Wünschenswert", SectionKind::Preferred),
            ("**Our Core Behaviors:**", SectionKind::AboutCompany),
            ("Our Tech Stack", SectionKind::Other),
            (
                "**[Cherries on the cake \u{1f352}]**",
                SectionKind::Preferred,
            ),
            (
                "Une connaissance des sujets suivants serait un plus :",
                SectionKind::Preferred,
            ),
            ("**\u{1f48e}Nos avantages** :", SectionKind::Compensation),
            (
                "Et qu\u{2019}est ce que Devoteam vous offre en \u{e9}change?",
                SectionKind::Compensation,
            ),
            ("Wir bieten", SectionKind::Compensation),
            ("\u{1f3af} Notre process de Recrutement", SectionKind::Other),
            ("Our Recruitment Process", SectionKind::Other),
            ("Bonus Track!", SectionKind::Preferred),
            ("What to expect", SectionKind::Other),
            ("What to expect in this role", SectionKind::Responsibilities),
            (
                "**Come and enjoy these benefits and experiences**",
                SectionKind::Compensation,
            ),
            ("What do you get in return?", SectionKind::Compensation),
            ("Why should I apply?", SectionKind::AboutCompany),
            ("**What You'll Get to Do:**", SectionKind::Responsibilities),
            ("What you'll get from us:", SectionKind::Compensation),
            ("Technologies we use every day", SectionKind::Other),
            (
                "Experience with the technologies we use",
                SectionKind::Requirements,
            ),
            // What the company offers: "Working at Acme" and "Why Acme" over the perks.
            ("**Working at Acme**", SectionKind::Compensation),
            ("**Why Acme Robotics**", SectionKind::Compensation),
        ];
        for (heading, kind) in cases {
            assert_eq!(classify_heading(heading), Some(kind), "{heading}");
        }
        assert_eq!(classify_heading("Acme Robotics"), None);
        assert_eq!(classify_heading("PayPal integrations"), None);
        // A question that names no company is left to the vocabulary.
        assert_eq!(why_the_company("Why you'll love it"), None);
        assert_eq!(why_the_company("Why"), None);
    }

    #[test]
    fn heading_lines_in_plain_text() {
        assert!(looks_like_heading_line("Requirements:"));
        assert!(looks_like_heading_line("What you'll do"));
        assert!(looks_like_heading_line("BENEFITS"));
        assert!(!looks_like_heading_line(
            "You will build pipelines with our team."
        ));
        assert!(!looks_like_heading_line("- 5 years of experience"));
        assert!(looks_like_heading_line("Tech stack:"));
        assert!(looks_like_heading_line("You May Be a Good Fit If You Have"));
        assert!(!looks_like_heading_line(
            "We offer a great team. Apply now:"
        ));
        // A requirement that contains a heading word is not a heading.
        assert!(!looks_like_heading_line(
            "PhD in ML and 3 years of industry experience"
        ));
        assert!(!looks_like_heading_line("Experience with Python and Go"));
        assert!(looks_like_heading_line("Skills & Experience"));
        assert!(looks_like_heading_line("Your Key Responsibilities"));
        assert!(looks_like_heading_line("Minimum qualifications"));
        // A plain line of its own: what follows it is not the pay above ("Expect nights and
        // weekends" under a founder's equity terms).
        assert!(looks_like_heading_line("What to expect"));
        assert!(!looks_like_heading_line("Expect nights and weekends"));
        assert!(looks_like_heading_line(
            "In addition, the following would be an advantage:"
        ));
    }
}

/// Follows headings through a document and says which section each block belongs to.
///
/// A recognised heading opens its section. An unrecognised heading at the same or a higher
/// rank than the one that opened the current section ends it (`Other`); a deeper one
/// ("### Technical" under "## Requirements") stays inside it.
#[derive(Debug)]
pub struct SectionTracker {
    current: SectionKind,
    /// Rank of the heading that opened `current`: 1–6 for `#`, 7 for a bold or plain heading
    /// line, `None` before any recognised heading.
    rank: Option<u8>,
}

impl Default for SectionTracker {
    fn default() -> Self {
        SectionTracker {
            current: SectionKind::Summary,
            rank: None,
        }
    }
}

impl SectionTracker {
    /// Rank used for headings that are bold-only or plain lines.
    pub const LINE_RANK: u8 = 7;

    pub fn current(&self) -> SectionKind {
        self.current
    }

    /// Updates the section for a heading of the given rank and text.
    pub fn heading(&mut self, rank: u8, text: &str) {
        match classify_heading(text) {
            Some(kind) => {
                self.current = kind;
                self.rank = Some(rank);
            }
            None => {
                if self.rank.is_some_and(|open| rank <= open) {
                    self.current = SectionKind::Other;
                    self.rank = Some(rank);
                }
            }
        }
    }
}
