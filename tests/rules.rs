//! Every rule file's embedded `[[tests]]`, run by one harness, plus the checks that keep the
//! built-in list honest.

use std::collections::BTreeSet;

use hirelint::classify::RoleTable;
use hirelint::rules::selftest;
use hirelint::rules::{RuleSet, builtin};

#[test]
fn every_builtin_rule_passes_its_embedded_tests() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let roles = RoleTable::builtin().expect("built-in role table loads");
    let failures = selftest::run_all(&rules, &roles);
    let report: Vec<String> = failures
        .iter()
        .map(|f| format!("{}: tests[{}]: {}", f.origin, f.index, f.message))
        .collect();
    assert!(
        report.is_empty(),
        "rule self-tests failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn builtin_list_matches_the_lints_folder() {
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new("lints")
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| e.path().to_string_lossy().replace('\\', "/"))
        .collect();
    let embedded: BTreeSet<String> = builtin::RULES.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(
        embedded, on_disk,
        "src/rules/builtin.rs must list every file under lints/<category>/"
    );
}

#[test]
fn every_rule_has_tests_that_fire_and_tests_that_stay_silent() {
    let rules = RuleSet::builtin().unwrap();
    assert_eq!(rules.len(), builtin::RULES.len());
    for rule in rules.rules() {
        let positive = rule
            .tests
            .iter()
            .filter(|(_, t)| !t.expect.is_empty())
            .count();
        let negative = rule
            .tests
            .iter()
            .filter(|(_, t)| t.expect.is_empty())
            .count();
        assert!(
            positive >= 2 && negative >= 2,
            "{}: {positive} firing and {negative} silent tests",
            rule.name
        );
        // A role restriction needs a test showing it holds.
        if !rule.families.is_empty() {
            assert!(
                rule.tests.iter().any(|(_, t)| t.expect.is_empty()
                    && t.role.is_some_and(|r| !rule.families.contains(&r)))
                    || rule
                        .tests
                        .iter()
                        .any(|(_, t)| t.expect.is_empty() && t.role.is_none()),
                "{}: no silent test for another family",
                rule.name
            );
        }
    }
}

#[test]
fn the_rule_set_is_shared_across_threads() {
    // Compiled once per run and passed by reference into rayon's workers.
    fn assert_shareable<T: Send + Sync>() {}
    assert_shareable::<RuleSet>();
    assert_shareable::<RoleTable>();
}

#[test]
fn a_broken_embedded_test_is_reported_with_its_expectation() {
    let rules = RuleSet::builtin().unwrap();
    let roles = RoleTable::builtin().unwrap();
    let mut rule = rules.get("phd-required-for-engineer").unwrap().clone();
    rule.tests[0].1.expect = vec!["not what fires".to_string()];
    let failures = selftest::run_rule(&rule, &roles);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].index, 0);
    assert!(
        failures[0]
            .message
            .starts_with("expected [\"not what fires\"], got [\"PhD in Computer Science\""),
        "{}",
        failures[0].message
    );
    assert!(rule.source[failures[0].span.clone()].starts_with("[[tests]]"));
}

#[test]
fn the_readme_rule_table_is_the_generated_one() {
    // Regenerate with `hirelint rules --no-config --format md` and paste it into README.md.
    let readme = std::fs::read_to_string("README.md").unwrap();
    let rules = RuleSet::builtin().unwrap();
    let table = hirelint::explain::markdown_table(&rules);
    assert!(
        readme.contains(&table),
        "README.md's rule table is out of date; paste this in:\n{table}"
    );
    assert!(rules.len() >= 40, "{} rules", rules.len());
    let categories: BTreeSet<&str> = rules.rules().map(|r| r.category.as_str()).collect();
    assert!(categories.len() >= 5, "{categories:?}");
}
