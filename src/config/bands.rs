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
    /// What the band is called in a finding ("AI engineer"); the family's name by default.
    #[serde(default)]
    pub name: Option<String>,
    /// The postings the band describes: those whose title or text uses one of these words,
    /// whole (a word with a capital letter as written, "AI"; others in any case). Empty: every
    /// posting of the family. The built-in bands are AI roles' pay, which says nothing about a
    /// sales engineer's or a chemist's.
    #[serde(default)]
    pub terms: Vec<String>,
}

impl SalaryBand {
    /// The band's name in a finding.
    pub fn label(&self, family: Family) -> String {
        self.name.clone().unwrap_or_else(|| family.to_string())
    }

    /// Whether the band describes a posting with this title and these texts.
    pub fn describes<'t>(&self, title: Option<&str>, texts: impl Iterator<Item = &'t str>) -> bool {
        self.uses_a_term(title, texts, has_word)
    }

    /// Whether some term of the band occurs in `title` or `texts` at all, even inside a word:
    /// `describes` can only be true of texts drawn from these when it is. It reads the texts
    /// as they are, where `describes` is asked of the sentences that speak of the role, which
    /// cost far more to pick out. (It answers for a posting that uses none of the words, a
    /// sales engineer's; one with "HTML" or "EMAIL" in it passes on to `describes`.)
    pub fn may_describe<'t>(
        &self,
        title: Option<&str>,
        texts: impl Iterator<Item = &'t str>,
    ) -> bool {
        self.uses_a_term(title, texts, |text, term| text.contains(term))
    }

    /// Whether `occurs` finds a term in the title and texts joined: as written for a term with
    /// a capital letter, folded otherwise. True for a band without terms.
    fn uses_a_term<'t>(
        &self,
        title: Option<&str>,
        texts: impl Iterator<Item = &'t str>,
        occurs: impl Fn(&str, &str) -> bool,
    ) -> bool {
        if self.terms.is_empty() {
            return true;
        }
        // The texts joined, each term looked for once (a search per term and segment was 3%
        // of a bulk run's instructions).
        let mut all = String::from(title.unwrap_or(""));
        for text in texts {
            all.push('\n');
            all.push_str(text);
        }
        let folded = fold(&all);
        self.terms
            .iter()
            .filter(|term| !term.is_empty())
            .any(|term| {
                if term.chars().any(char::is_uppercase) {
                    occurs(&all, term)
                } else {
                    occurs(&folded, &fold(term))
                }
            })
    }
}

/// Lower case, a hyphen as a space: "Deep-Learning" is "deep learning".
fn fold(text: &str) -> String {
    text.to_ascii_lowercase().replace('-', " ")
}

/// Whether `text` holds `term` as a whole word: as written when the term has a capital letter
/// ("AI" is not the French "ai"), in any ASCII case and with hyphens as spaces otherwise.
#[cfg(test)]
fn uses_word(text: &str, term: &str) -> bool {
    if term.is_empty() {
        false
    } else if term.chars().any(char::is_uppercase) {
        has_word(text, term)
    } else {
        has_word(&fold(text), &fold(term))
    }
}

/// Whether `word` is in `text` with no letter or digit on either side.
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    // memchr's SIMD search: a posting's whole text is searched once for each term.
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).any(|at| {
        text.is_char_boundary(at)
            && crate::rules::pattern::is_whole_word(text, &(at..at + word.len()))
    })
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
    fn the_builtin_bands_describe_ai_postings_only() {
        let bands = builtin().unwrap();
        let engineer = &bands[&Family::Engineer];
        assert_eq!(engineer.label(Family::Engineer), "AI engineer");
        let describes =
            |title: &str, text: &str| engineer.describes(Some(title), [text].into_iter());
        assert!(describes(
            "Machine Learning Engineer",
            "Ship ranking models."
        ));
        assert!(describes("AI Engineer", ""));
        assert!(describes(
            "Backend Engineer",
            "Serve our LLMs to a million users."
        ));
        assert!(describes(
            "Software Engineer",
            "Work on deep-learning compilers."
        ));
        // Not AI roles: no band, whatever they pay.
        assert!(!describes("Sales Engineer", "Demo our billing software."));
        assert!(!describes(
            "Data Engineer",
            "J'ai besoin de pipelines (French: \"ai\" is a verb)."
        ));
        assert!(!describes(
            "Software Engineer",
            "Maintain our email platform."
        ));
        // A band without terms describes every posting of its family.
        let plain = SalaryBand {
            terms: Vec::new(),
            name: None,
            ..engineer.clone()
        };
        assert!(plain.describes(Some("Sales Engineer"), std::iter::empty()));
        assert_eq!(plain.label(Family::Engineer), "engineer");
    }

    #[test]
    fn a_band_may_describe_only_texts_that_hold_one_of_its_terms_somewhere() {
        let bands = builtin().unwrap();
        let engineer = &bands[&Family::Engineer];
        let may =
            |title: &str, texts: &[&str]| engineer.may_describe(Some(title), texts.iter().copied());
        let describes =
            |title: &str, texts: &[&str]| engineer.describes(Some(title), texts.iter().copied());
        // Where `describes` finds a term, `may_describe` does.
        for (title, texts) in [
            ("Backend Engineer", &["We use AI", "for search."][..]),
            (
                "Software Engineer",
                &["Work on deep-learning compilers."][..],
            ),
            ("AI Engineer", &[][..]),
        ] {
            assert!(describes(title, texts));
            assert!(may(title, texts));
        }
        // A term inside a word may: `describes` decides ("MAIL").
        assert!(may("Backend Engineer", &["Run our MAIL servers."]));
        assert!(!describes("Backend Engineer", &["Run our MAIL servers."]));
        // No term anywhere: neither.
        assert!(!may(
            "Sales Engineer",
            &["Demo our billing software.", "Travel 30%."]
        ));
        // A band without terms may describe and describes every posting.
        let plain = SalaryBand {
            terms: Vec::new(),
            ..engineer.clone()
        };
        assert!(plain.may_describe(None, std::iter::empty()));
    }

    #[test]
    fn a_word_is_matched_whole_and_acronyms_as_written() {
        assert!(uses_word("Build AI agents", "AI"));
        assert!(!uses_word("We said ai", "AI"));
        assert!(!uses_word("MAIL servers", "AI"));
        assert!(uses_word("Machine-Learning platform", "machine learning"));
        assert!(uses_word(
            "our Machine Learning platform",
            "machine learning"
        ));
        assert!(!uses_word("transformers", "transformer"));
        assert!(uses_word("(LLM)", "LLM"));
        assert!(!uses_word("anything", ""));
    }

    #[test]
    fn an_inverted_band_is_an_error_at_its_table() {
        let text = "[engineer]\ncurrency = \"USD\"\nmin = 9\nmax = 1\nyear = 2025\n";
        let e = parse("c.toml", text).unwrap_err();
        assert!(e.message.contains("min above max"));
    }
}
