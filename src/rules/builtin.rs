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
    "lints/role/graduate-math-for-engineer.toml",
    "lints/role/phd-required-for-engineer.toml",
    "lints/role/researcher-for-engineering-work.toml",
    "lints/role/researcher-with-bachelors-only.toml",
    "lints/role/researcher-without-publications.toml",
];
