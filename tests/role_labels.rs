//! The role rules measured on real postings: precision and recall of each rule, and the role
//! family's agreement with people's labels, on the labeled set in `tests/labels/roles.tsv`.
//!
//! The labels are facts about each posting (family, how a PhD is asked, whether publications
//! are expected, what the duties are), written by people who read the postings, never by
//! running hirelint. The postings themselves live in `../shared/corpus/` and are not ours to
//! republish, so only the labels are in the repository; the test skips itself when the corpus
//! is absent. `bench/score-roles.sh` prints the whole report (confusion matrix and every miss).
//!
//! Anthropic's Greenhouse fragments carry no title (the job board shows it above the text);
//! the test puts the manifest's title in an `<h1>` in front, as the careers page does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use hirelint::classify::Family;
use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::document::Format;
use hirelint::lint::lint_source;
use hirelint::source::SourceFile;

const CORPUS: &str = "../shared/corpus";
const LABELS: &str = "tests/labels/roles.tsv";

/// One labeled posting.
#[derive(Debug)]
struct Label {
    path: String,
    family: String,
    phd: String,
    pubs: String,
    duties: String,
    bachelors_only: String,
    grad_math: String,
}

impl Label {
    /// Whether `rule` should fire on this posting, from the facts.
    fn expects(&self, rule: &str) -> bool {
        let (engineer, researcher) = (self.family == "engineer", self.family == "researcher");
        match rule {
            "phd-required-for-engineer" => engineer && self.phd == "required",
            "researcher-without-publications" => researcher && self.pubs == "no",
            "researcher-for-engineering-work" => researcher && self.duties == "engineering",
            "researcher-with-bachelors-only" => {
                researcher && self.bachelors_only == "yes" && self.pubs == "no"
            }
            "graduate-math-for-engineer" => engineer && self.grad_math == "yes",
            other => panic!("no label maps to rule {other}"),
        }
    }
}

const RULES: [&str; 5] = [
    "phd-required-for-engineer",
    "researcher-without-publications",
    "researcher-for-engineering-work",
    "researcher-with-bachelors-only",
    "graduate-math-for-engineer",
];

fn read_labels(path: &str) -> Vec<Label> {
    let text = std::fs::read_to_string(path).expect("labels are in the repository");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (path, family, phd, pubs, duties, bachelors, math) = (
        col("path"),
        col("family"),
        col("phd"),
        col("pubs"),
        col("duties"),
        col("bachelors_only"),
        col("grad_math"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Label {
                path: f[path].to_string(),
                family: f[family].to_string(),
                phd: f[phd].to_string(),
                pubs: f[pubs].to_string(),
                duties: f[duties].to_string(),
                bachelors_only: f[bachelors].to_string(),
                grad_math: f[math].to_string(),
            }
        })
        .collect()
}

/// Titles of the files that do not carry their own (manifest column `title`).
fn manifest_titles() -> BTreeMap<String, String> {
    let mut titles = BTreeMap::new();
    for split in ["open", "bulk"] {
        let Ok(text) = std::fs::read_to_string(format!("{CORPUS}/{split}/MANIFEST.tsv")) else {
            continue;
        };
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let (Some(file), Some(title)) = (
            header.iter().position(|h| *h == "file"),
            header.iter().position(|h| *h == "title"),
        ) else {
            continue;
        };
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            if let (Some(path), Some(t)) = (f.get(file), f.get(title)) {
                titles.insert(format!("{split}/{path}"), t.trim().to_string());
            }
        }
    }
    titles
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What hirelint says about one posting: its family and the role rules that fired.
struct Verdict {
    family: Family,
    fired: Vec<String>,
}

fn lint(
    settings: &Settings,
    root: &Path,
    label: &Label,
    titles: &BTreeMap<String, String>,
) -> Verdict {
    let path = root.join(&label.path);
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if label.path.contains("anthropic-ai-job-watch/")
        && let Some(title) = titles.get(&label.path)
    {
        text = format!("<h1>{}</h1>\n{text}", escape_html(title));
    }
    let format = Format::detect(&path).unwrap_or(Format::Text);
    let report = lint_source(SourceFile::new(&label.path, text), format, settings, None).remove(0);
    Verdict {
        family: report.role.map_or(Family::Other, |r| r.family),
        fired: report.diagnostics.into_iter().map(|d| d.rule).collect(),
    }
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    misses: Vec<String>,
}

impl Score {
    fn positives(&self) -> usize {
        self.tp + self.fn_
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores every labeled posting under `root`; returns the report and panics below the bar
/// (`min_agreement` of the families, and the rules' precision and recall).
fn score(
    root: &Path,
    labels: &[Label],
    titles: &BTreeMap<String, String>,
    min_agreement: f64,
) -> String {
    let builtins = Builtins::load().unwrap();
    let settings = Settings::defaults(&builtins, &ConfigArgs::default()).unwrap();
    let mut scores: BTreeMap<&str, Score> = RULES.iter().map(|r| (*r, Score::default())).collect();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut family_misses = Vec::new();
    for label in labels {
        let verdict = lint(&settings, root, label, titles);
        let got = verdict.family.name().to_string();
        *confusion
            .entry((label.family.clone(), got.clone()))
            .or_default() += 1;
        if got != label.family {
            family_misses.push(format!(
                "  {} labeled {}, read {got}",
                label.path, label.family
            ));
        }
        for rule in RULES {
            let expected = label.expects(rule);
            let fired = verdict.fired.iter().any(|r| r == rule);
            let score = scores.get_mut(rule).unwrap();
            match (expected, fired) {
                (true, true) => score.tp += 1,
                (false, true) => {
                    score.fp += 1;
                    score
                        .misses
                        .push(format!("  false positive: {}", label.path));
                }
                (true, false) => {
                    score.fn_ += 1;
                    score.misses.push(format!("  missed: {}", label.path));
                }
                (false, false) => {}
            }
        }
    }

    let mut report = String::new();
    let agreement = ratio(labels.len() - family_misses.len(), labels.len());
    let _ = writeln!(
        report,
        "{}: {} labeled postings; family agrees on {} ({:.1}%)",
        root.display(),
        labels.len(),
        labels.len() - family_misses.len(),
        agreement * 100.0
    );
    let _ = writeln!(
        report,
        "\nfamily confusion (rows: label, columns: hirelint)"
    );
    let names = ["engineer", "researcher", "hybrid", "other", "multi"];
    let _ = writeln!(
        report,
        "{:>12} {}",
        "",
        names.map(|n| format!("{n:>11}")).join("")
    );
    for row in names {
        let cells: String = names
            .iter()
            .map(|col| {
                format!(
                    "{:>11}",
                    confusion
                        .get(&(row.to_string(), col.to_string()))
                        .unwrap_or(&0)
                )
            })
            .collect();
        let _ = writeln!(report, "{row:>12} {cells}");
    }
    let _ = writeln!(
        report,
        "\n{:<34} {:>4} {:>4} {:>4} {:>10} {:>7}",
        "rule", "TP", "FP", "FN", "precision", "recall"
    );
    for (rule, s) in &scores {
        let _ = writeln!(
            report,
            "{rule:<34} {:>4} {:>4} {:>4} {:>10.2} {:>7.2}",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall()
        );
    }
    let _ = writeln!(
        report,
        "\nfamily disagreements:\n{}",
        family_misses.join("\n")
    );
    for (rule, s) in &scores {
        if !s.misses.is_empty() {
            let _ = writeln!(report, "\n{rule}:\n{}", s.misses.join("\n"));
        }
    }
    println!("{report}");

    assert!(
        agreement >= min_agreement,
        "family agreement below {:.0}%\n{report}",
        min_agreement * 100.0
    );
    for (rule, s) in &scores {
        if s.positives() >= 5 {
            assert!(
                s.precision() >= 0.9 && s.recall() >= 0.8,
                "{rule}: precision {:.2}, recall {:.2} on {} positives\n{report}",
                s.precision(),
                s.recall(),
                s.positives()
            );
        }
    }
    report
}

/// The real postings of `../shared/corpus`, labeled by reading them.
#[test]
fn role_rules_agree_with_the_labeled_postings() {
    if !Path::new(CORPUS).is_dir() {
        eprintln!("skipped: {CORPUS} is not here");
        return;
    }
    score(
        Path::new(CORPUS),
        &read_labels(LABELS),
        &manifest_titles(),
        0.95,
    );
}

/// The careers-page postings (`anthropic-ai-job-watch`) as their files are, without the title
/// their board shows above them: the role is read from the body ("As a Research Engineer on
/// the … team, you will …"), and where it names none the posting is read as `other`. Below
/// the bar of titled postings, since some bodies name no role at all.
#[test]
fn role_rules_read_untitled_careers_pages_from_their_body() {
    if !Path::new(CORPUS).is_dir() {
        eprintln!("skipped: {CORPUS} is not here");
        return;
    }
    let labels: Vec<Label> = read_labels(LABELS)
        .into_iter()
        .filter(|label| label.path.contains("anthropic-ai-job-watch/"))
        .collect();
    assert!(labels.len() >= 80, "{} labels", labels.len());
    score(Path::new(CORPUS), &labels, &BTreeMap::new(), 0.75);
}

/// Postings the team wrote for the causes of the role rules' misses (Hacker News headers,
/// ATS exports that lost their line breaks, careers pages in HTML, degree ladders, multi-role
/// posts), each folder with the labels it was written to; and three blind sets (`blind/`,
/// `blind2/`, `blind3/`), written to the labelling brief by people who had not seen the
/// rules. Always runs.
#[test]
fn role_rules_agree_with_the_written_postings() {
    for folder in [
        "fixtures/labeled/engineering",
        "fixtures/labeled/research",
        "fixtures/labeled/blind",
        "fixtures/labeled/blind2",
        "fixtures/labeled/blind3",
    ] {
        let labels = read_labels(&format!("{folder}/labels.tsv"));
        assert!(labels.len() >= 40, "{folder}: {} labels", labels.len());
        score(Path::new(folder), &labels, &BTreeMap::new(), 0.95);
    }
}
