//! The trigger pass over a folder of Markdown postings (default `../shared/corpus/bulk`), one
//! thread, as a long run reads it (with the catalogue's trigger DFA): the best of 9 passes.
//! `cargo bench --bench trigger_pass [-- FOLDER]`. The postings are read and parsed first, so
//! the figure is the pass alone.

use std::sync::Arc;
use std::time::Instant;

use hirelint::document::{Document, Format};
use hirelint::rules::compile::RuleSet;
use hirelint::source::SourceFile;

fn main() {
    let folder = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "../shared/corpus/bulk".to_string());
    let rules = RuleSet::builtin_for_linting().expect("the built-in rules load");
    let mut postings = Vec::new();
    for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md")
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            let source = Arc::new(SourceFile::new(entry.path().display().to_string(), text));
            postings.push(Document::parse(&source, Format::Markdown));
        }
    }
    if postings.is_empty() {
        eprintln!("no Markdown postings under {folder}");
        std::process::exit(2);
    }
    let bytes: usize = postings
        .iter()
        .flat_map(|d| d.title.iter().chain(&d.segments))
        .map(|s| s.text.len())
        .sum();
    // A long run's automaton (the DFA), built by the first passes.
    rules.mark_long_run();
    for _ in 0..2 {
        for posting in &postings {
            std::hint::black_box(rules.arm(posting));
        }
    }
    let mut best = f64::MAX;
    for _ in 0..9 {
        let start = Instant::now();
        for posting in &postings {
            std::hint::black_box(rules.arm(posting));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "trigger pass: {} postings, {:.1} MB of segment text, best of 9: {:.1} ms ({:.0} MB/s)",
        postings.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
}
