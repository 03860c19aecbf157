//! The rule files shipped with hirelint, embedded at build time. `tests/rules.rs` checks that
//! this list and the files under `lints/` agree, so a new rule file cannot be forgotten.

/// One embedded rule file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinFile {
    pub path: &'static str,
    pub text: &'static str,
}

impl BuiltinFile {
    /// The category: the folder under `lints/`.
    pub fn category(&self) -> &'static str {
        self.path.split('/').nth(1).unwrap_or("")
    }
}

pub const CATEGORIES_PATH: &str = "lints/_categories.toml";
pub const CATEGORIES: &str = include_str!("../../lints/_categories.toml");

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(BuiltinFile { path: $path, text: include_str!(concat!("../../", $path)) }),*]
    };
}

/// Every built-in rule file, sorted by path.
pub const RULES: &[BuiltinFile] = builtin![
    "lints/culture/bro-culture.toml",
    "lints/culture/competitive-culture.toml",
    "lints/culture/hollow-perks.toml",
    "lints/culture/hyperbolic-job-title.toml",
    "lints/culture/meritocracy.toml",
    "lints/culture/overwork-expectation.toml",
    "lints/culture/profanity.toml",
    "lints/culture/ramp-up-pressure.toml",
    "lints/culture/suspicious-reassurance.toml",
    "lints/culture/unpaid-or-equity-only.toml",
    "lints/culture/visionary-hyperbole.toml",
    "lints/inclusive/ableist-language.toml",
    "lints/inclusive/age-preference.toml",
    "lints/inclusive/appearance-wording.toml",
    "lints/inclusive/derogatory-gendered-term.toml",
    "lints/inclusive/gender-coded-wording.toml",
    "lints/inclusive/gendered-pronoun.toml",
    "lints/inclusive/gendered-term.toml",
    "lints/inclusive/physical-requirement-without-accommodation.toml",
    "lints/inclusive/sexualized-language.toml",
    "lints/pay/inverted-salary-range.toml",
    "lints/pay/missing-benefits.toml",
    "lints/pay/missing-salary-range.toml",
    "lints/pay/open-ended-salary.toml",
    "lints/pay/salary-history-question.toml",
    "lints/pay/salary-range-too-wide.toml",
    "lints/pay/vague-salary.toml",
    "lints/requirements/degree-required-without-alternative.toml",
    "lints/requirements/entry-level-requires-experience.toml",
    "lints/requirements/experience-exceeds-technology-age.toml",
    "lints/requirements/too-many-requirements.toml",
    "lints/role/graduate-math-for-engineer.toml",
    "lints/role/phd-required-for-engineer.toml",
    "lints/role/researcher-for-engineering-work.toml",
    "lints/role/researcher-with-bachelors-only.toml",
    "lints/role/researcher-without-publications.toml",
    "lints/role/salary-outside-band.toml",
    "lints/structured/jobposting-expired.toml",
    "lints/structured/jobposting-missing-property.toml",
    "lints/structured/jobposting-salary.toml",
    "lints/structured/jobposting-title-mismatch.toml",
    "lints/technology/legacy-technology.toml",
    "lints/technology/mandated-dev-environment.toml",
    "lints/technology/tech-term-spelling.toml",
];
