//! Pay-transparency laws by jurisdiction (`lints/_jurisdictions.toml`): what a posting must
//! contain where `hirelint.toml` says the postings are published, and since when.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::on_first_use::OnFirstUse;
use crate::extract::date::Date;
use crate::rules::LoadError;

pub const BUILTIN_PATH: &str = "lints/_jurisdictions.toml";
pub const BUILTIN: &str = include_str!("../../lints/_jurisdictions.toml");

/// What a law requires of a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// A minimum and a maximum (or a fixed rate where allowed) in the posting.
    PayRange,
    /// A general description of benefits and other compensation.
    Benefits,
    /// No questions about pay history.
    NoSalaryHistory,
}

/// One jurisdiction's law.
#[derive(Debug, Clone)]
pub struct Law {
    pub code: String,
    pub name: String,
    pub in_force: Date,
    pub requires: Vec<Requirement>,
    pub single_rate_ok: bool,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Entry {
    name: String,
    in_force: toml::value::Datetime,
    requires: Vec<Requirement>,
    #[serde(default)]
    single_rate_ok: bool,
    source: String,
}

/// Laws by jurisdiction code, read the first time a run names a jurisdiction: without one
/// (most runs, and every editor save without a config that names one) no law applies, and
/// reading the table's TOML was a twentieth of start-up.
#[derive(Debug, Clone, Default)]
pub struct Laws {
    table: OnFirstUse<ByCode>,
}

type ByCode = BTreeMap<String, Law>;

impl Laws {
    /// The built-in table, read on first use; the tests read it whole (`parse`).
    pub fn builtin() -> Result<Laws, LoadError> {
        Ok(Laws {
            table: OnFirstUse::new(BUILTIN_PATH, BUILTIN),
        })
    }

    /// Reads the table in `text` now, or says why it cannot be read.
    pub fn parse(path: &'static str, text: &'static str) -> Result<Laws, LoadError> {
        Ok(Laws {
            table: OnFirstUse::read_now(path, text, Laws::read_table)?,
        })
    }

    /// The laws by code; none if there is no table or it does not read.
    fn by_code(&self) -> &ByCode {
        static NONE: ByCode = BTreeMap::new();
        self.table.get(Laws::read_table).unwrap_or(&NONE)
    }

    fn read_table(path: &str, text: &str) -> Result<ByCode, LoadError> {
        let raw: BTreeMap<String, toml::Spanned<Entry>> =
            toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        let mut by_code = BTreeMap::new();
        for (code, spanned) in raw {
            let span = spanned.span();
            let entry = spanned.into_inner();
            let in_force = Date::parse(&entry.in_force.to_string()).ok_or_else(|| {
                LoadError::new(path, text, Some(span), "`in-force` must be a date")
            })?;
            by_code.insert(
                code.clone(),
                Law {
                    code,
                    name: entry.name,
                    in_force,
                    requires: entry.requires,
                    single_rate_ok: entry.single_rate_ok,
                    source: entry.source,
                },
            );
        }
        Ok(by_code)
    }

    /// The laws in force on `date` in the `configured` jurisdictions that require
    /// `requirement`. A configured city falls under its state's and its country's laws.
    pub fn requiring<'l>(
        &'l self,
        configured: &[String],
        date: Date,
        requirement: Requirement,
    ) -> Vec<&'l Law> {
        if configured.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&Law> = self
            .by_code()
            .values()
            .filter(|law| law.in_force <= date && law.requires.contains(&requirement))
            .filter(|law| {
                configured.iter().any(|c| {
                    c == &law.code
                        || c.strip_prefix(law.code.as_str())
                            .is_some_and(|rest| rest.starts_with('-'))
                })
            })
            .collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found
    }

    /// Whether some law of the table covers `code` (the code itself or a place inside it).
    pub fn knows(&self, code: &str) -> bool {
        self.by_code().keys().any(|k| {
            k == code
                || code
                    .strip_prefix(k.as_str())
                    .is_some_and(|r| r.starts_with('-'))
                || k.strip_prefix(code).is_some_and(|r| r.starts_with('-'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_is_read_when_a_jurisdiction_is_named() {
        let laws = Laws::builtin().unwrap();
        let day = Date::parse("2025-06-01").unwrap();
        assert!(laws.requiring(&[], day, Requirement::PayRange).is_empty());
        assert!(!laws.table.is_read(), "no jurisdiction, no table");
        let found = laws.requiring(&["US-CO".to_string()], day, Requirement::PayRange);
        assert_eq!(
            found.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
            ["US-CO"]
        );
        assert!(laws.knows("US-NY-NYC") && !laws.knows("XX"));
    }

    #[test]
    fn laws_apply_in_their_places_from_their_dates() {
        let laws = Laws::parse(BUILTIN_PATH, BUILTIN).unwrap();
        let day = |s| Date::parse(s).unwrap();
        let codes = |found: Vec<&Law>| found.iter().map(|l| l.code.clone()).collect::<Vec<_>>();
        let nyc = vec!["US-NY-NYC".to_string()];
        assert_eq!(
            codes(laws.requiring(&nyc, day("2024-01-01"), Requirement::PayRange)),
            ["US-NY", "US-NY-NYC"]
        );
        assert!(
            laws.requiring(&nyc, day("2022-01-01"), Requirement::PayRange)
                .is_empty()
        );
        let il = vec!["US-IL".to_string()];
        assert!(
            laws.requiring(&il, day("2024-12-31"), Requirement::Benefits)
                .is_empty()
        );
        assert_eq!(
            codes(laws.requiring(&il, day("2025-01-01"), Requirement::Benefits)),
            ["US-IL"]
        );
        assert!(laws.knows("US-CO-DEN") && laws.knows("US") && !laws.knows("US-TX"));
    }
}
