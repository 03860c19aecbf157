//! Fixture postings in, diagnostics out: one human and one JSON snapshot per posting in
//! `fixtures/`. Snapshots are reviewed (`cargo insta review`), never accepted blindly.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::lint::Job;

use hirelint::cli::OutputFormat;
use hirelint::emit::{self, EmitOptions};
use hirelint::{discover, lint};

fn render(path: &str, format: OutputFormat) -> String {
    // Built once for the whole test binary, as in a run; no config file (defaults).
    static SETTINGS: OnceLock<Arc<Settings>> = OnceLock::new();
    let settings = SETTINGS.get_or_init(|| {
        let builtins = Builtins::load().expect("built-in data loads");
        let mut settings = Settings::defaults(&builtins, &ConfigArgs::default()).unwrap();
        // The run date is in some findings ("expired ... before 2026-11-29"): a snapshot
        // must not change at midnight.
        settings.posting_date = Some("2026-11-29".into());
        Arc::new(settings)
    });
    let Ok(found) = discover::walk(&[PathBuf::from(path)]) else {
        panic!("fixture {path} exists");
    };
    let jobs: Vec<Job> = found
        .filter_map(|found| match found {
            discover::Found::File(candidate) => Some(Job::new(candidate, Arc::clone(settings))),
            _ => None,
        })
        .collect();
    let reports = lint::lint_all(jobs);
    let mut out = Vec::new();
    emit::emit(
        &mut out,
        &reports,
        EmitOptions {
            format,
            color: false,
            quiet: false,
            byte_columns: false,
        },
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn fixture_paths() -> Vec<String> {
    let mut paths: Vec<String> = ["fixtures/postings", "fixtures/edge"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.is_file())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    paths
}

/// `fixtures/postings/a.md` → `postings_a_md`.
fn snapshot_name(path: &str) -> String {
    path.trim_start_matches("fixtures/")
        .replace(['/', '.'], "_")
}

#[test]
fn human_output_per_fixture() {
    for path in fixture_paths() {
        insta::assert_snapshot!(
            format!("human__{}", snapshot_name(&path)),
            render(&path, OutputFormat::Human)
        );
    }
}

#[test]
fn json_output_per_fixture() {
    for path in fixture_paths() {
        insta::assert_snapshot!(
            format!("json__{}", snapshot_name(&path)),
            render(&path, OutputFormat::Json)
        );
    }
}

#[test]
fn short_output_for_all_fixtures() {
    insta::assert_snapshot!("short__all", render("fixtures", OutputFormat::Short));
}
