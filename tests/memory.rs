//! Memory per posting: a huge Markdown posting costs a small multiple of its size, not the
//! fourteen times it once did (the parser's tree of the whole text, every segment's copy of
//! its words, a list per segment for the words found). Measured in bytes allocated, counted by
//! this test binary's allocator, so the figure does not depend on the machine; the cost of a
//! posting is the growth in peak bytes between two sizes, so the constant part (compiled
//! rules, regex caches) cancels.
//!
//! One test in its own binary: nothing else allocates while it counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::document::Format;
use hirelint::lint::lint_source;
use hirelint::source::SourceFile;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            if size >= layout.size() {
                let live = LIVE.fetch_add(size - layout.size(), Ordering::Relaxed)
                    + (size - layout.size());
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A posting of about `bytes` bytes: the bundled Markdown postings (front matter dropped)
/// over and over, each under a heading of its own, with lists, links, bold text and a
/// suppression comment, as a careers page exported to one file would be.
fn posting(bytes: usize) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings");
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/postings")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| std::fs::read_to_string(p).expect("a fixture"))
        .map(|text| match text.strip_prefix("---\n") {
            Some(rest) => rest
                .split_once("\n---\n")
                .map_or(rest, |(_, body)| body)
                .to_string(),
            None => text,
        })
        .collect();
    parts.sort();
    let mut out = String::from("# Open roles\n\n");
    let mut n = 0;
    while out.len() < bytes {
        let part = &parts[n % parts.len()];
        out.push_str(&format!(
            "\n## Role {n}\n\n<!-- hirelint-disable-next-line jargon -->\n{part}\n"
        ));
        n += 1;
    }
    out
}

/// Peak bytes allocated while linting `text`, above what was live before.
fn peak_of(text: String, settings: &Settings) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let reports = lint_source(
        SourceFile::new("big.md", text),
        Format::Markdown,
        settings,
        None,
    );
    assert_eq!(reports.len(), 1);
    assert!(
        !reports[0].diagnostics.is_empty(),
        "the posting has findings"
    );
    drop(reports);
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn a_huge_posting_costs_a_small_multiple_of_its_size() {
    let builtins = Builtins::load().expect("built-in rules");
    let settings = Settings::defaults(&builtins, &ConfigArgs::default()).expect("settings");
    // A first run compiles the regexes and fills their caches: that is not per posting. It
    // reads past 4 MB, so that both measured postings are read as in a long run (a posting
    // on its own compiles lighter testers first, and the full regexes when a text matches).
    peak_of(posting(5 << 20), &settings);
    let (small, large) = (3 << 20, 6 << 20);
    let text = posting(small);
    let small_len = text.len();
    let small_peak = peak_of(text, &settings);
    let text = posting(large);
    let large_len = text.len();
    let large_peak = peak_of(text, &settings);
    let per_byte = (large_peak - small_peak) as f64 / (large_len - small_len) as f64;
    let whole = large_peak as f64 / large_len as f64;
    eprintln!(
        "peak {small_peak} B for {small_len} B, {large_peak} B for {large_len} B: {per_byte:.2} B per byte"
    );
    assert!(
        per_byte <= 3.0,
        "each byte of a posting costs {per_byte:.2} bytes at the peak (≤ 3 expected)"
    );
    assert!(
        whole <= 3.5,
        "the large posting's peak is {whole:.2}× its size"
    );
}
