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
}

#[cfg(test)]
const LOOPS: usize = 5;

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<[u64; LOOPS]> = const { std::cell::Cell::new([0; LOOPS]) };
}

/// Adds `steps` to the count of `what` (in test builds only).
#[inline(always)]
pub fn count(what: Loop, steps: usize) {
    #[cfg(test)]
    STEPS.with(|s| {
        let mut all = s.get();
        all[what as usize] += steps as u64;
        s.set(all);
    });
    #[cfg(not(test))]
    let _ = (what, steps);
}

/// The steps `f` took in `what`, on this thread.
#[cfg(test)]
pub fn steps_of(what: Loop, f: impl FnOnce()) -> u64 {
    STEPS.with(|s| s.set([0; LOOPS]));
    f();
    STEPS.with(|s| s.get()[what as usize])
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
    fn the_segment_after_a_match_is_found_in_steps_linear_in_the_segments() {
        // Headings only: the body segment after each match is far away, or nowhere.
        let make = |n: usize| "## Rockstar wanted\n\n".repeat(n);
        assert_linear(Loop::NextSegment, Format::Markdown, make, 500);
    }
}
