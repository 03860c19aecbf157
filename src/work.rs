//! Step counters for the scaling tests. The loops that have taken time proportional to the
//! square of their input on hostile postings count their steps in test builds, so a test can
//! show that ten times the input costs about ten times the steps, without timing anything.
//! Outside tests `count` is empty and compiles to nothing.

/// A loop that is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loop {
    /// Applying suppression directives to findings.
    Suppressions,
    /// Bytes looked at to find the sentence around a match, and the address around it.
    Context,
    /// Bytes searched for the end of a template tag.
    Templates,
    /// Bytes counted for columns.
    Columns,
    /// Segments looked at to find the one after a match.
    NextSegment,
    /// Literals compared with a text's bytes by `literal_scan`.
    LiteralComparisons,
    /// Bytes read after a pay figure for its period, and after an experience statement for
    /// the end of its clause.
    AfterFigure,
    /// Bytes of segment texts read to tell repeated paragraphs apart, and matches counted.
    DistinctMatches,
    /// Bytes of a spreadsheet export read for its cells.
    CsvBytes,
    /// Bytes of a file made printable to draw its findings.
    Shown,
    /// Bytes the one-pass Markdown reader reads ahead for the end of inline markup.
    Markup,
}

#[cfg(test)]
const LOOPS: usize = 11;

// Which count the steps of this thread go to: `steps_of` opens one, and a task that work is
// handed to on another thread enters the one it was handed from (`within`). Steps outside
// any (0) are not counted.
#[cfg(test)]
thread_local! {
    static SCOPE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
static COUNTS: std::sync::Mutex<std::collections::BTreeMap<u64, [u64; LOOPS]>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// Adds `steps` to the count of `what` (in test builds only).
#[inline(always)]
pub fn count(what: Loop, steps: usize) {
    #[cfg(test)]
    {
        let scope = SCOPE.with(std::cell::Cell::get);
        if scope != 0 {
            let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
            counts.entry(scope).or_insert([0; LOOPS])[what as usize] += steps as u64;
        }
    }
    #[cfg(not(test))]
    let _ = (what, steps);
}

/// The count this thread's steps go to, for work handed to another thread.
#[derive(Debug, Clone, Copy)]
pub struct Scope(#[cfg(test)] u64);

/// This thread's count.
#[inline(always)]
pub fn scope() -> Scope {
    Scope(
        #[cfg(test)]
        SCOPE.with(std::cell::Cell::get),
    )
}

/// Runs `f` with its steps counted in `scope`.
#[inline(always)]
pub fn within<R>(scope: Scope, f: impl FnOnce() -> R) -> R {
    #[cfg(test)]
    {
        let outer = SCOPE.with(|s| s.replace(scope.0));
        let result = f();
        SCOPE.with(|s| s.set(outer));
        result
    }
    #[cfg(not(test))]
    {
        let _ = scope;
        f()
    }
}

/// The steps `f` took in `what`, on this thread and in the work it handed to others.
#[cfg(test)]
pub fn steps_of(what: Loop, f: impl FnOnce()) -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let scope = Scope(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    within(scope, f);
    let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
    counts.remove(&scope.0).unwrap_or([0; LOOPS])[what as usize]
}

#[cfg(test)]
mod tests {
    //! One test per class of input that once took quadratic time: the same posting at two
    //! sizes, ten times apart, must cost at most eleven times the steps (a quadratic loop
    //! costs a hundred times), and the loop must have run at all.

    use super::*;
    use crate::config::{Builtins, ConfigArgs, Settings};
    use crate::document::Format;
    use crate::source::SourceFile;

    fn settings() -> &'static Settings {
        static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
        SETTINGS.get_or_init(|| {
            let builtins = Builtins::load().unwrap();
            Settings::defaults(&builtins, &ConfigArgs::default()).unwrap()
        })
    }

    /// The steps of `what` to lint the posting `make(n)` makes, and to find the line and
    /// column of each finding, as every output format does.
    fn steps(what: Loop, format: Format, text: String) -> u64 {
        steps_of(what, || {
            let reports = crate::lint::lint_source(
                SourceFile::new("scaling.md", text),
                format,
                settings(),
                None,
            );
            for r in &reports {
                for d in &r.diagnostics {
                    r.source.line_col(d.range.start);
                    r.source.line_col(d.range.end);
                }
            }
        })
    }

    fn assert_linear(what: Loop, format: Format, make: impl Fn(usize) -> String, n: usize) {
        let small = steps(what, format, make(n));
        let large = steps(what, format, make(10 * n));
        assert!(small > 0, "{what:?}: the loop did not run");
        assert!(
            large <= 11 * small,
            "{what:?}: {small} steps for {n}, {large} for {} ({:.1}×)",
            10 * n,
            large as f64 / small as f64
        );
    }

    #[test]
    fn drawing_the_findings_of_an_export_reads_its_file_once() {
        use crate::cli::OutputFormat;
        use crate::emit::EmitOptions;
        // A row a posting, each with a finding, and CRLF line ends (a CR is read character
        // by character to tell a bare one): every posting's report shares the file.
        let make = |n: usize| {
            format!(
                "title,description\r\n{}",
                "Engineer,We want a rockstar.\r\n".repeat(n)
            )
        };
        let steps = |text: String| {
            steps_of(Loop::Shown, || {
                let reports = crate::lint::lint_source(
                    SourceFile::new("scaling.csv", text),
                    Format::Csv,
                    settings(),
                    None,
                );
                let options = EmitOptions {
                    format: OutputFormat::Human,
                    color: false,
                    quiet: false,
                    byte_columns: false,
                };
                crate::emit::emit(&mut Vec::new(), &reports, options).unwrap();
            })
        };
        let (small, large) = (steps(make(100)), steps(make(1000)));
        assert!(small > 0, "nothing was drawn");
        assert!(
            large <= 11 * small,
            "{small} steps for 100 rows, {large} for 1,000"
        );
    }

    #[test]
    fn suppressions_cost_steps_linear_in_directives_and_findings() {
        let make = |n: usize| {
            "<!-- hirelint-disable-next-line hyperbolic-job-title -->\nWe want a rockstar.\n\n"
                .repeat(n)
        };
        assert_linear(Loop::Suppressions, Format::Markdown, make, 500);
        // Regions left open while others close: each `enable` looks only at what it names.
        let regions = |n: usize| {
            format!(
                "{}We want a rockstar.\n\n{}",
                "<!-- hirelint-disable hyperbolic-job-title -->\n".repeat(n),
                "<!-- hirelint-enable gendered-term -->\n".repeat(n)
            )
        };
        assert_linear(Loop::Suppressions, Format::Markdown, regions, 500);
        // Many directives on one line, then many blank lines.
        let one_line = |n: usize| {
            format!(
                "{}\n{}We want a rockstar.\n",
                "<!-- hirelint-disable-next-line hyperbolic-job-title -->".repeat(n),
                "\n".repeat(n)
            )
        };
        assert_linear(Loop::Suppressions, Format::Markdown, one_line, 500);
    }

    #[test]
    fn many_matches_in_one_long_sentence_cost_steps_linear_in_the_matches() {
        // No sentence end, no white space between the matches: one long sentence, one long
        // token around every match.
        let sentence = |n: usize| format!("We want a {}.", "rockstar;".repeat(n));
        assert_linear(Loop::Context, Format::Markdown, sentence, 500);
        let spaced = |n: usize| format!("We want a {}.", "rockstar, ninja and guru ".repeat(n));
        assert_linear(Loop::Context, Format::Text, spaced, 500);
        // One long word before each dot.
        let long_words = |n: usize| format!("{} rockstar. ", "x".repeat(2000)).repeat(n);
        assert_linear(Loop::Context, Format::Text, long_words, 50);
    }

    #[test]
    fn unterminated_template_tags_cost_steps_linear_in_the_file() {
        let make = |n: usize| "Build our {% data and {{ models with a rockstar.\n".repeat(n);
        assert_linear(Loop::Templates, Format::Markdown, make, 500);
    }

    #[test]
    fn columns_on_one_long_line_cost_steps_linear_in_the_findings() {
        let make = |n: usize| format!("# Engineer\n\n{}\n", "rockstar é ".repeat(n));
        assert_linear(Loop::Columns, Format::Text, make, 500);
    }

    #[test]
    fn many_figures_in_one_paragraph_cost_steps_linear_in_the_figures() {
        // No sentence or clause end anywhere: the rest of the paragraph after each figure is
        // long, and was read (lower-cased, searched) whole for each.
        let pay = |n: usize| {
            let items: String = (0..n)
                .map(|i| format!("item ${i} and more words, "))
                .collect();
            format!("# Engineer\n\n{items}\n")
        };
        assert_linear(Loop::AfterFigure, Format::Markdown, pay, 200);
        let experience = |n: usize| {
            format!(
                "# Engineer\n\n{}\n",
                "5+ years of Python and 3 years of Rust, ".repeat(n)
            )
        };
        assert_linear(Loop::AfterFigure, Format::Markdown, experience, 200);
    }

    #[test]
    fn many_less_than_signs_in_one_paragraph_cost_steps_linear_in_the_paragraph() {
        // "<5" starts no tag, and no `>` follows: the end of markup was looked for after each.
        let signs = |n: usize| format!("# Engineer\n\n{}\n", "<5% travel, ".repeat(n));
        assert_linear(Loop::Markup, Format::Markdown, signs, 200);
    }

    #[test]
    fn many_matches_in_one_paragraph_are_told_apart_in_steps_linear_in_the_matches() {
        let make = |n: usize| {
            format!(
                "# Engineer\n\n{}\n\n{}\n",
                "We need a strong, competitive and dominant leader who is supportive. ".repeat(n),
                "We want a rockstar and a ninja. ".repeat(n)
            )
        };
        assert_linear(Loop::DistinctMatches, Format::Markdown, make, 200);
    }

    #[test]
    fn the_segment_after_a_match_is_found_in_steps_linear_in_the_segments() {
        // Headings only: the body segment after each match is far away, or nowhere.
        let make = |n: usize| "## Rockstar wanted\n\n".repeat(n);
        assert_linear(Loop::NextSegment, Format::Markdown, make, 500);
    }
}
