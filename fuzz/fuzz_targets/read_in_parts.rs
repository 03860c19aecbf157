//! Any bytes, read in parts as a large feed, export or XML feed is, each part through the
//! whole pipe. The first byte picks the kind of records and the posting limit (64 bytes to
//! 8 KB, so that even a short input is cut).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let format = match choice % 4 {
        0 => hirelint::document::Format::JsonLines,
        1 => hirelint::document::Format::Csv,
        2 => hirelint::document::Format::Json,
        _ => hirelint::document::Format::Xml,
    };
    let limit = 64u64 << (choice / 4 % 8);
    hirelint_fuzz::lint_in_parts(format, bytes, limit);
});
