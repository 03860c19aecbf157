//! Any bytes, read as a posting in this format, through the whole pipe.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hirelint_fuzz::lint_checked(
        hirelint::document::Format::Yaml,
        data,
        hirelint_fuzz::defaults(),
    );
});
