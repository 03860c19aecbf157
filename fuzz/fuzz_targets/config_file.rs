//! Any text as a hirelint.toml: it resolves or gives a load error, and settings that resolve
//! lint a posting without panicking.
#![no_main]

use hirelint::config::{ConfigArgs, Settings};

const POSTING: &[u8] = b"---\ntitle: Senior ML Engineer\n---\n# Senior ML Engineer\n\n\
    We want a rockstar ninja. PhD required. 10+ years of LLMs.\n\
    Salary: competitive. He will own the roadmap.\n";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::env::temp_dir().join("hirelint-fuzz-config/hirelint.toml");
    let builtins = hirelint_fuzz::builtins();
    if let Ok(settings) = Settings::from_text(&path, text, builtins, &ConfigArgs::default()) {
        hirelint_fuzz::lint_checked(hirelint::document::Format::Markdown, POSTING, &settings);
    }
});
