//! Two tables made from `lints/` ahead of time, so that start-up does less:
//! `src/rules/literal_table.rs` holds the trigger literals of every regex of the built-in
//! rules and role table (start-up parses no regex), `src/rules/parsed_table.rs` the rule
//! files parsed (start-up reads JSON rather than TOML). These tests make each table again
//! and fail when the committed one differs; `HIRELINT_BLESS=1` writes them.

use hirelint::rules::builtin::{RULES, builtin_regexes, parsed_table_source};
use hirelint::rules::pattern::literal_table_source;

#[test]
fn the_literal_table_holds_every_builtin_regex_and_is_current() {
    // The rule files, and the role table's title patterns.
    let patterns = builtin_regexes();
    assert!(
        patterns.len() > 100,
        "only {} regexes found",
        patterns.len()
    );
    let fresh = literal_table_source(patterns.iter().map(String::as_str));
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
