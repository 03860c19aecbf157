//! The catalogue's rules against ten blind labeled sets: `fixtures/labeled/catalogue/`,
//! `catalogue2/` to `catalogue10/`, 40 postings each, written to a brief by
//! people who had seen neither the rules nor the corpus, with the wording they planted
//! (`expect` = `fire`) and the look-alikes that must stay silent (`silent`: an
//! equal-opportunity sentence naming age, "competitive salary" beside a figure, "support
//! engineer", "vision insurance"...), each by its exact words, in `labels.tsv`.
//!
//! A label agrees when a finding of its rule covers its words (for rules about the whole
//! posting, such as `missing-salary-range`, when the rule fires on the posting at all) and it
//! was to fire, or none does and it was to stay silent. Where hirelint and the writer differ
//! on purpose, `disagreements.tsv` says why, as does every finding that no label is about.
//! The test holds the two to each other: a new miss or false positive fails it, and so does a
//! fix that leaves a listed disagreement behind (take it off the list). `cargo test --test
//! catalogue_labels -- --nocapture` prints the score of each rule.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::diagnostic::Diagnostic;
use hirelint::document::Format;
use hirelint::lint::lint_source;
use hirelint::source::SourceFile;

/// Rules about the posting as a whole: a label of theirs names no words. (A list too long is
/// reported at its heading, which its label names.)
const WHOLE_POSTING: [&str; 4] = [
    "missing-salary-range",
    "missing-benefits",
    "physical-requirement-without-accommodation",
    "gender-coded-wording",
];

struct Label {
    file: String,
    rule: String,
    fire: bool,
    phrase: String,
}

/// The rows of a TSV file with a header, as maps from column to value.
fn rows(path: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            header
                .iter()
                .zip(line.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn labels(folder: &str) -> Vec<Label> {
    rows(&format!("{folder}/labels.tsv"))
        .into_iter()
        .map(|row| Label {
            file: row["file"].clone(),
            rule: row["rule"].clone(),
            fire: match row["expect"].as_str() {
                "fire" => true,
                "silent" => false,
                other => panic!("labels.tsv: expect is fire or silent, not {other}"),
            },
            phrase: row.get("phrase").cloned().unwrap_or_default(),
        })
        .collect()
}

/// One disagreement: a label hirelint does not follow, or a finding no label is about.
type Disagreement = (String, String, String, &'static str);

fn listed_disagreements(folder: &str) -> BTreeSet<Disagreement> {
    rows(&format!("{folder}/disagreements.tsv"))
        .into_iter()
        .map(|row| {
            let outcome = match row["hirelint"].as_str() {
                "found" => "found",
                "silent" => "silent",
                other => panic!("disagreements.tsv: hirelint is found or silent, not {other}"),
            };
            assert!(
                !row.get("why").is_none_or(|w| w.trim().is_empty()),
                "disagreements.tsv: every row says why"
            );
            (
                row["file"].clone(),
                row["rule"].clone(),
                row["phrase"].clone(),
                outcome,
            )
        })
        .collect()
}

/// Every place `phrase` occurs in `text`.
fn occurrences(text: &str, phrase: &str) -> Vec<Range<usize>> {
    text.match_indices(phrase)
        .map(|(at, _)| at..at + phrase.len())
        .collect()
}

fn covers(d: &Diagnostic, places: &[Range<usize>]) -> bool {
    std::iter::once(&d.range)
        .chain(d.secondary.iter().map(|s| &s.range))
        .any(|r| places.iter().any(|p| r.start < p.end && p.start < r.end))
}

#[derive(Default)]
struct Score {
    found: usize,
    missed: usize,
    flagged: usize,
    silent: usize,
}

/// The first set: 34 Markdown postings and 6 HTML careers pages.
#[test]
fn catalogue_rules_agree_with_the_first_blind_set() {
    score("fixtures/labeled/catalogue");
}

/// The second, written by another writer after the first set's fixes: Markdown, plain text,
/// HTML and schema.org JobPosting JSON.
#[test]
fn catalogue_rules_agree_with_the_second_blind_set() {
    score("fixtures/labeled/catalogue2");
}

/// The third, by a third writer after the second set's fixes: councils, charities, farms,
/// hospitals, trades and offices from fourteen countries, in Markdown (some with front matter),
/// plain text (two with CRLF line ends), HTML and schema.org JobPosting JSON.
#[test]
fn catalogue_rules_agree_with_the_third_blind_set() {
    score("fixtures/labeled/catalogue3");
}

/// The fourth, by a fourth writer after the third set's fixes: hotels, airlines, ports, mines,
/// care homes, newsrooms, game studios and AI companies in nineteen countries and US states, in
/// Markdown (eight with front matter), plain text (three with CRLF line ends), HTML (two with
/// JSON-LD) and schema.org JobPosting JSON.
#[test]
fn catalogue_rules_agree_with_the_fourth_blind_set() {
    score("fixtures/labeled/catalogue4");
}

/// The fifth, by a fifth writer after the fourth set's fixes, leaning to what a technology
/// company's careers repository holds: 26 postings from software, AI labs, fintech, health
/// tech, chips, security and games (engineers, researchers, designers, interns, recruiters),
/// 14 from hospitals, schools, law, hotels, energy, farms and charities; twenty countries and
/// US states, the same four formats.
#[test]
fn catalogue_rules_agree_with_the_fifth_blind_set() {
    score("fixtures/labeled/catalogue5");
}

/// The sixth: what a job board or a staffing agency republishes, text pasted from many
/// employers. 26 from outside software (care homes, pharmacies, shops, kitchens, hotels, trades,
/// warehouses and drivers, plants, government, schools, charities, banks, salons and gyms),
/// five of them posted by an agency for a client; 14 from technology firms; the US states with
/// pay-transparency laws and fifteen other countries, among them Kenya, Nigeria, South Africa,
/// the Philippines, India, the UAE and Japan.
#[test]
fn catalogue_rules_agree_with_the_sixth_blind_set() {
    score("fixtures/labeled/catalogue6");
}

/// The seventh: what large employers' applicant-tracking systems export (requisition ids,
/// "Time Type", pay-range blocks, long legal footers) and what non-native writers and machine
/// translation produce ("salary of 3500 EUR brutto", "(m/w/d)", "minimum 3 years of practice").
/// 24 from outside software (hospitals, universities, city government, banks and insurers,
/// airlines, logistics, energy, hotels, retail offices, plants, law firms, NGOs), 16 from
/// technology firms; 25 countries and nine US pay-transparency states.
#[test]
fn catalogue_rules_agree_with_the_seventh_blind_set() {
    score("fixtures/labeled/catalogue7");
}

/// The eighth: words a linter might flag, used where they are legitimate (company, product,
/// game and film names, medicine, law, sport, trades and finance vocabulary, licence grades,
/// quotations that name words rather than use them, as an inclusive-language consultant's or
/// a linter company's posting does), with real problems hidden among them. 30 from outside
/// software (hospitals, law, trades, sport, film, airlines, utilities, farms, banks, schools,
/// government, an orchestra, restaurants), 10 from technology firms; 23 countries and twelve
/// US pay-transparency states.
#[test]
fn catalogue_rules_agree_with_the_eighth_blind_set() {
    score("fixtures/labeled/catalogue8");
}

/// The ninth: AI and software employers (20 postings: engineer, researcher, hybrid and other
/// titles) and 20 from anywhere else, with the problems mostly said in other words than the
/// textbook phrase (paraphrases, idioms, a problem split over a clause or a line, in a table
/// cell or after a run-in label); 21 countries and twelve US pay-transparency states.
#[test]
fn catalogue_rules_agree_with_the_ninth_blind_set() {
    score("fixtures/labeled/catalogue9");
}

/// The tenth: 15 postings from technology and AI employers and 25 from logistics, retail,
/// hospitals, law, schools, construction, kitchens, hotels, call centres, farms, factories,
/// city government, charities and media; fourteen countries and US pay-transparency states;
/// the problems in employers' own paraphrases, idioms and regional wording ("remuneration is
/// market-related", "current CTC", "grew up with a smartphone in hand").
#[test]
fn catalogue_rules_agree_with_the_tenth_blind_set() {
    score("fixtures/labeled/catalogue10");
}

fn score(folder: &str) {
    let builtins = Builtins::load().unwrap();
    let settings = Settings::defaults(&builtins, &ConfigArgs::default()).unwrap();
    let labels = labels(folder);
    assert!(labels.len() >= 280, "{folder}: {} labels", labels.len());
    let files: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    assert_eq!(files.len(), 40, "one posting a file, 40 files");

    let mut texts = BTreeMap::new();
    let mut findings: BTreeMap<&str, Vec<Diagnostic>> = BTreeMap::new();
    for file in &files {
        let path = Path::new(folder).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let format = Format::detect(&path).unwrap_or(Format::Text);
        let report = lint_source(
            SourceFile::new(*file, text.clone()),
            format,
            &settings,
            None,
        )
        .remove(0);
        findings.insert(file, report.diagnostics);
        texts.insert(*file, text);
    }

    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut disagreements = BTreeSet::new();
    // The findings some label is about, by file and index.
    let mut labelled: BTreeSet<(&str, usize)> = BTreeSet::new();
    for label in &labels {
        let file = label.file.as_str();
        let of_rule = findings[file]
            .iter()
            .enumerate()
            .filter(|(_, d)| d.rule == label.rule);
        let hits: Vec<usize> = if WHOLE_POSTING.contains(&label.rule.as_str()) {
            of_rule.map(|(i, _)| i).collect()
        } else {
            let places = occurrences(&texts[file], &label.phrase);
            assert!(
                !places.is_empty(),
                "{file}: the label's words {:?} are not in the posting",
                label.phrase
            );
            of_rule
                .filter(|(_, d)| covers(d, &places))
                .map(|(i, _)| i)
                .collect()
        };
        labelled.extend(hits.iter().map(|&i| (file, i)));
        let found = !hits.is_empty();
        let score = scores.entry(label.rule.as_str()).or_default();
        match (label.fire, found) {
            (true, true) => score.found += 1,
            (false, false) => score.silent += 1,
            (true, false) => score.missed += 1,
            (false, true) => score.flagged += 1,
        }
        if label.fire != found {
            let outcome = if found { "found" } else { "silent" };
            disagreements.insert((
                label.file.clone(),
                label.rule.clone(),
                label.phrase.clone(),
                outcome,
            ));
        }
    }
    for (file, diagnostics) in &findings {
        for (i, d) in diagnostics.iter().enumerate() {
            if !labelled.contains(&(*file, i)) {
                disagreements.insert((
                    file.to_string(),
                    d.rule.clone(),
                    // One line in the table: a finding across lines has its breaks as `\n`.
                    texts[file][d.range.clone()].replace('\n', "\\n"),
                    "found",
                ));
            }
        }
    }

    let mut table = format!(
        "{:<44} {:>5} {:>6} {:>7} {:>6}\n",
        "rule", "found", "missed", "flagged", "silent"
    );
    for (rule, s) in &scores {
        writeln!(
            table,
            "{rule:<44} {:>5} {:>6} {:>7} {:>6}",
            s.found, s.missed, s.flagged, s.silent
        )
        .unwrap();
    }
    eprintln!("{table}");

    let listed = listed_disagreements(folder);
    let describe = |set: BTreeSet<&Disagreement>| {
        set.iter()
            .map(|(file, rule, phrase, outcome)| format!("  {file}\t{rule}\t{phrase}\t{outcome}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let new: BTreeSet<&Disagreement> = disagreements.difference(&listed).collect();
    let gone: BTreeSet<&Disagreement> = listed.difference(&disagreements).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "disagreements with the labels that are not listed (a new miss, a new false positive or \
         an unlabelled finding):\n{}\nlisted disagreements that no longer hold (take them off \
         disagreements.tsv):\n{}\n{table}",
        describe(new),
        describe(gone)
    );
}
