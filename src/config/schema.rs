//! The `hirelint.toml` schema. Unknown keys and wrong types are errors that point into the
//! file; every value that is checked later keeps its span.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::classify::RoleEntry;
use crate::rules::Level;

use super::bands::SalaryBand;

/// A level in a config: a rule level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelSetting {
    Off,
    Help,
    Info,
    Warning,
    Error,
}

impl LevelSetting {
    pub fn level(self) -> Option<Level> {
        match self {
            LevelSetting::Off => None,
            LevelSetting::Help => Some(Level::Help),
            LevelSetting::Info => Some(Level::Info),
            LevelSetting::Warning => Some(Level::Warning),
            LevelSetting::Error => Some(Level::Error),
        }
    }
}

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rules or categories to run (`all` for every one); default: all.
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules or categories not to run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Globs, relative to the config's folder, of files not to lint.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Extra rule folders, relative to the config's folder.
    #[serde(default)]
    pub lints: Vec<Spanned<String>>,
    /// Levels by rule name.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<LevelSetting>>,
    /// Levels by category.
    #[serde(default)]
    pub categories: BTreeMap<String, Spanned<LevelSetting>>,
    /// Levels for files matching globs.
    #[serde(default)]
    pub overrides: Vec<OverrideSpec>,
    /// Title patterns tried before the built-in ones.
    #[serde(default)]
    pub roles: Option<RolesSpec>,
    /// Pay bands per family, replacing the built-in band of that family.
    #[serde(default)]
    pub salary_bands: BTreeMap<String, Spanned<SalaryBand>>,
    /// Where the postings are published (`US-CA`, `US-NY-NYC`, `EU`): pay-transparency rules.
    #[serde(default)]
    pub jurisdictions: Vec<Spanned<String>>,
    /// The date postings are assumed to be published on when they do not say (YYYY-MM-DD).
    #[serde(default)]
    pub posting_date: Option<Spanned<toml::Value>>,
}

/// One `[[overrides]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideSpec {
    pub paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<LevelSetting>>,
    #[serde(default)]
    pub categories: BTreeMap<String, Spanned<LevelSetting>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
}

/// `[roles]`: `[[roles.match]]` entries like those of `lints/_roles.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesSpec {
    #[serde(rename = "match", default)]
    pub entries: Vec<RoleEntry>,
}
