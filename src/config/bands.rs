//! Salary bands per role family: data in `lints/_salary_bands.toml`, overridable per family in
//! `hirelint.toml` (`[salary-bands.engineer]`). Read by the salary rules.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::classify::Family;
use crate::rules::LoadError;

/// One family's annual pay band.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalaryBand {
    pub currency: String,
    pub min: u64,
    pub max: u64,
    /// The year the band describes.
    pub year: u16,
    #[serde(default)]
    pub source: Option<String>,
}

/// Bands by family.
pub type SalaryBands = BTreeMap<Family, SalaryBand>;

pub const BUILTIN_BANDS_PATH: &str = "lints/_salary_bands.toml";
pub const BUILTIN_BANDS: &str = include_str!("../../lints/_salary_bands.toml");

/// Parses a bands table (the built-in file or a config's `[salary-bands]`) and checks it.
pub fn parse(path: &str, text: &str) -> Result<SalaryBands, LoadError> {
    let raw: BTreeMap<String, toml::Spanned<SalaryBand>> =
        toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
    check(path, text, raw)
}

/// Checks family names and min ≤ max, with errors at the offending table.
pub fn check(
    path: &str,
    text: &str,
    raw: BTreeMap<String, toml::Spanned<SalaryBand>>,
) -> Result<SalaryBands, LoadError> {
    let mut bands = SalaryBands::new();
    for (family, band) in raw {
        let span = band.span();
        let family = Family::from_name(&family).ok_or_else(|| {
            LoadError::new(
                path,
                text,
                Some(span.clone()),
                format!("unknown family `{family}` in salary bands"),
            )
        })?;
        let band = band.into_inner();
        if band.min > band.max {
            return Err(LoadError::new(
                path,
                text,
                Some(span),
                "salary band has min above max",
            ));
        }
        bands.insert(family, band);
    }
    Ok(bands)
}

/// The bands shipped with hirelint.
pub fn builtin() -> Result<SalaryBands, LoadError> {
    parse(BUILTIN_BANDS_PATH, BUILTIN_BANDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_bands_are_the_rules_md_table() {
        let bands = builtin().unwrap();
        assert_eq!(
            (bands[&Family::Engineer].min, bands[&Family::Engineer].max),
            (120_000, 350_000)
        );
        assert_eq!(
            (
                bands[&Family::Researcher].min,
                bands[&Family::Researcher].max
            ),
            (200_000, 500_000)
        );
        assert!(!bands.contains_key(&Family::Hybrid));
    }

    #[test]
    fn an_inverted_band_is_an_error_at_its_table() {
        let text = "[engineer]\ncurrency = \"USD\"\nmin = 9\nmax = 1\nyear = 2025\n";
        let e = parse("c.toml", text).unwrap_err();
        assert!(e.message.contains("min above max"));
    }
}
