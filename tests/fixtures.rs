//! Fixture postings in, diagnostics out: one human and one JSON snapshot per posting in
//! `fixtures/`. Snapshots are reviewed (`cargo insta review`), never accepted blindly.

use std::path::PathBuf;
use std::sync::OnceLock;

use hirelint::classify::RoleTable;
use hirelint::rules::RuleSet;

use hirelint::cli::OutputFormat;
use hirelint::emit::{self, EmitOptions};
use hirelint::{discover, lint, load_data};

fn render(path: &str, format: OutputFormat) -> String {
    // Compiled once for the whole test binary, as in a run.
    static DATA: OnceLock<(RuleSet, RoleTable)> = OnceLock::new();
    let (rules, roles) = DATA.get_or_init(|| load_data(&[]).expect("built-in data loads"));
    let found = discover::discover(&[PathBuf::from(path)]).expect("fixture exists");
    let reports = lint::lint_all(&found.files, rules, roles);
    let mut out = Vec::new();
    emit::emit(
        &mut out,
        &reports,
        EmitOptions {
            format,
            color: false,
            quiet: false,
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

#[test]
fn human_output_per_fixture() {
    for path in fixture_paths() {
        let name = path
            .trim_start_matches("fixtures/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("human__{name}"), render(&path, OutputFormat::Human));
    }
}

#[test]
fn json_output_per_fixture() {
    for path in fixture_paths() {
        let name = path
            .trim_start_matches("fixtures/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("json__{name}"), render(&path, OutputFormat::Json));
    }
}

#[test]
fn short_output_for_all_fixtures() {
    insta::assert_snapshot!("short__all", render("fixtures", OutputFormat::Short));
}
