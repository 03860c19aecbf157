//! Any text as a user's rule file: it compiles or gives a load error, and a rule that
//! compiles lints a posting without panicking.
#![no_main]

use hirelint::rules::builtin;
use hirelint::rules::{RuleSet, RuleSource};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = RuleSource {
        path: "lints/culture/fuzzed.toml".into(),
        category: "culture".into(),
        text: text.to_owned().into(),
    };
    let _ = RuleSet::load(builtin::CATEGORIES_PATH, builtin::CATEGORIES, [source]);
});
