//! Runs the `[[tests]]` embedded in rule files: each test's text is parsed and linted by that
//! one rule, and the words under the primary labels must equal `expect`. Used by
//! `tests/rules.rs` for the built-ins; the same harness serves users' rule folders.

use std::ops::Range;

use crate::classify::{Role, RoleTable};
use crate::config::bands::SalaryBands;
use crate::config::laws::Laws;
use crate::config::technologies::Technologies;
use crate::document::{Document, Format};
use crate::engine;
use crate::extract::date::Date;
use crate::source::SourceFile;
use std::sync::OnceLock;

use super::{Rule, RuleSet};

/// A test that did not produce what it expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    pub rule: String,
    pub origin: String,
    /// Span of the failing `[[tests]]` table in the rule file.
    pub span: Range<usize>,
    pub index: usize,
    pub message: String,
}

/// Runs every embedded test of every rule; returns all failures at once.
pub fn run_all(rules: &RuleSet, roles: &RoleTable) -> Vec<TestFailure> {
    rules
        .rules()
        .flat_map(|rule| run_rule(rule, roles))
        .collect()
}

/// Runs one rule's tests, plus the checks every rule must pass: at least one test that fires
/// and one that must not, `docs.example` fires and `docs.instead` does not.
pub fn run_rule(rule: &Rule, roles: &RoleTable) -> Vec<TestFailure> {
    let mut failures = Vec::new();
    let fail = |index: usize, span: Range<usize>, message: String| TestFailure {
        rule: rule.name.clone(),
        origin: rule.origin.clone(),
        span,
        index,
        message,
    };
    // A check compiles its patterns on first use and skips one that cannot be compiled (one
    // that parses but is too large: `\pL{1,5000}`); here every pattern is compiled.
    for reason in rule.patterns().into_iter().filter_map(|p| p.regex().err()) {
        failures.push(fail(
            0,
            0..0,
            format!("a pattern cannot be compiled: {reason}"),
        ));
    }
    for (index, (span, test)) in rule.tests.iter().enumerate() {
        let format = match test.format.as_deref() {
            None | Some("markdown") => Format::Markdown,
            Some("text") => Format::Text,
            Some("html") => Format::Html,
            Some("json") => Format::Json,
            Some(other) => {
                failures.push(fail(
                    index,
                    span.clone(),
                    format!("unknown format `{other}` (expected markdown, text, html or json)"),
                ));
                continue;
            }
        };
        let Some(setting) = Setting::of(test) else {
            failures.push(fail(
                index,
                span.clone(),
                "`date` must be a date such as 2025-06-01".to_string(),
            ));
            continue;
        };
        let (got, fixed) = run(
            rule,
            roles,
            &test.text,
            format,
            test.role.map(Role::forced),
            &setting,
        );
        if got != test.expect {
            failures.push(fail(
                index,
                span.clone(),
                format!("expected {:?}, got {:?}", test.expect, got),
            ));
        }
        if let Some(expected) = &test.fixed
            && *expected != fixed
        {
            failures.push(fail(
                index,
                span.clone(),
                format!("expected the fixed text {expected:?}, got {fixed:?}"),
            ));
        }
    }
    let whole = 0..0;
    if !rule.tests.iter().any(|(_, t)| !t.expect.is_empty()) {
        failures.push(fail(
            0,
            whole.clone(),
            "no test that fires (a [[tests]] entry with a non-empty `expect`)".into(),
        ));
    }
    if !rule.tests.iter().any(|(_, t)| t.expect.is_empty()) {
        failures.push(fail(
            0,
            whole.clone(),
            "no test that must stay silent (a [[tests]] entry with `expect = []`)".into(),
        ));
    }
    let forced = rule.families.first().copied().map(Role::forced);
    // Examples are Markdown, or JSON and HTML for the rules on structured data.
    let docs_format = |text: &str| match Format::sniff(text) {
        format @ (Format::Json | Format::Html) => format,
        _ => Format::Markdown,
    };
    if matches(
        rule,
        roles,
        &rule.docs.example,
        docs_format(&rule.docs.example),
        forced.clone(),
    )
    .is_empty()
        && rule.law.as_ref().is_none_or(|l| !l.only_where_required)
    {
        failures.push(fail(
            0,
            whole.clone(),
            "docs.example does not fire the rule".into(),
        ));
    }
    let instead_format = docs_format(&rule.docs.instead);
    if !matches(rule, roles, &rule.docs.instead, instead_format, forced).is_empty() {
        failures.push(fail(0, whole, "docs.instead fires the rule".into()));
    }
    failures
}

/// Where and when a test posting is published.
struct Setting {
    jurisdictions: Vec<String>,
    date: Date,
}

impl Setting {
    /// A test's `jurisdictions` and `date`; the default date keeps tests from ageing.
    fn of(test: &crate::rules::RuleTest) -> Option<Setting> {
        let date = match &test.date {
            Some(text) => Date::parse(text)?,
            None => DEFAULT_DATE,
        };
        Some(Setting {
            jurisdictions: test.jurisdictions.clone(),
            date,
        })
    }
}

/// The date rule tests are judged at unless they say.
const DEFAULT_DATE: Date = Date {
    year: 2025,
    month: 6,
    day: 1,
};

/// The built-in data tables, loaded once for every test.
fn tables() -> &'static (SalaryBands, Technologies, Laws) {
    static TABLES: OnceLock<(SalaryBands, Technologies, Laws)> = OnceLock::new();
    TABLES.get_or_init(|| {
        (
            crate::config::bands::builtin().unwrap_or_default(),
            Technologies::builtin().expect("the built-in technology table loads"),
            Laws::builtin().unwrap_or_default(),
        )
    })
}

/// The source words under each primary label when `rule` lints `text`.
fn matches(
    rule: &Rule,
    roles: &RoleTable,
    text: &str,
    format: Format,
    role: Option<Role>,
) -> Vec<String> {
    let setting = Setting {
        jurisdictions: Vec::new(),
        date: DEFAULT_DATE,
    };
    run(rule, roles, text, format, role, &setting).0
}

/// The source words under each primary label, and the text with every fix applied.
fn run(
    rule: &Rule,
    roles: &RoleTable,
    text: &str,
    format: Format,
    role: Option<Role>,
    setting: &Setting,
) -> (Vec<String>, String) {
    let source = std::sync::Arc::new(SourceFile::new("test", text));
    let doc = Document::parse(&source, format);
    let role = role.unwrap_or_else(|| roles.classify(&doc));
    let mut single = RuleSet::default();
    single.insert_for_test(rule.clone());
    let (bands, technologies, laws) = tables();
    let ctx = engine::Context {
        bands,
        technologies,
        laws,
        jurisdictions: &setting.jurisdictions,
        date: doc.date.unwrap_or(setting.date),
        today: setting.date,
    };
    let levels: Vec<_> = single.rules().map(|r| Some(r.level)).collect();
    let found = engine::lint(&doc, &role, &single, &ctx, &levels);
    let (fixed, _) = crate::fix::apply(&source.text, &found, true);
    let words = found
        .into_iter()
        .map(|d| source.text[d.range].to_string())
        .collect();
    (words, fixed)
}
