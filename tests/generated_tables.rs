//! Two tables made from `lints/` ahead of time, so that start-up does less:
//! `src/rules/literal_table.rs` holds the trigger literals of every regex of the built-in
//! rules and role table (start-up parses no regex), `src/rules/parsed_table.rs` the rule
//! files parsed (start-up reads JSON rather than TOML). These tests make each table again
//! and fail when the committed one differs; `HIRELINT_BLESS=1` writes them.

use hirelint::classify::BUILTIN_ROLES;
use hirelint::rules::builtin::{RULES, parsed_table_source};
use hirelint::rules::pattern::literal_table_source;

/// The keys of a rule file whose values are regexes (lists, or tables of lists).
const REGEX_KEYS: &[&str] = &[
    "patterns",
    "patterns-in",
    "exceptions",
    "exceptions-next",
    "unless",
    "unless-title",
    "if-title",
];

fn collect<'a>(value: &'a toml::Value, under_regex_key: bool, out: &mut Vec<&'a str>) {
    match value {
        toml::Value::String(s) if under_regex_key => out.push(s),
        toml::Value::Array(items) => items.iter().for_each(|v| collect(v, under_regex_key, out)),
        toml::Value::Table(table) => {
            for (key, v) in table {
                collect(
                    v,
                    under_regex_key || REGEX_KEYS.contains(&key.as_str()),
                    out,
                );
            }
        }
        _ => {}
    }
}

#[test]
fn the_literal_table_holds_every_builtin_regex_and_is_current() {
    let mut patterns = Vec::new();
    // The rule files, and the role table's title patterns.
    let files: Vec<toml::Value> = RULES
        .iter()
        .map(|file| file.text)
        .chain([BUILTIN_ROLES])
        .map(|text| toml::from_str(text).expect("a built-in data file parses"))
        .collect();
    for file in &files {
        collect(file, false, &mut patterns);
    }
    assert!(
        patterns.len() > 100,
        "only {} regexes found",
        patterns.len()
    );
    let fresh = literal_table_source(patterns.iter().copied());
    check_current("src/rules/literal_table.rs", &fresh);
}

/// Writes `fresh` to the committed table at `relative` when blessing; fails when they differ.
fn check_current(relative: &str, fresh: &str) {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("HIRELINT_BLESS").is_some() {
        std::fs::write(&path, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == fresh,
        "{relative} is out of date: run `HIRELINT_BLESS=1 cargo test --test generated_tables`"
    );
}

#[test]
fn the_parsed_table_holds_every_builtin_rule_file_and_is_current() {
    let fresh = parsed_table_source();
    assert_eq!(fresh.matches("\n    (\"lints/").count(), RULES.len());
    check_current("src/rules/parsed_table.rs", &fresh);
}
