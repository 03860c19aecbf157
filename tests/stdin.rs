//! The editor-on-save flow: one posting on stdin (`check -`), named by `--stdin-filename`
//! for its format, its config and the name in the output; without a name, the format is
//! sniffed from the text.

use std::path::Path;

mod support;
use support::{hirelint, json, outcome, temp_repo};

const PHD_POSTING: &str = "# ML Engineer\n\nA PhD is required.\n";

/// Runs `hirelint ARGS` in `dir` with `input` on stdin: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str], input: &[u8]) -> (i32, String, String) {
    outcome(hirelint().current_dir(dir).args(args).write_stdin(input))
}

#[test]
fn a_posting_on_stdin_is_linted_under_its_given_name_and_config() {
    let config =
        "[[overrides]]\npaths = [\"senior/*.md\"]\n[overrides.categories]\nrole = \"error\"\n";
    let dir = temp_repo("named", &[("hirelint.toml", config)]);
    let short = ["check", "--select", "role", "--format", "short", "-q"];
    // Without a name: `<stdin>`, the defaults of the config found from the working folder.
    let (code, out, _) = run(&dir, &[&short[..], &["-"]].concat(), PHD_POSTING.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "<stdin>:3:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"\n"
    );
    // Named: the override for senior/*.md applies, and the name is what the editor parses.
    // The file does not need to exist (an unsaved buffer).
    let (code, out, _) = run(
        &dir,
        &[&short[..], &["--stdin-filename", "senior/ml.md", "-"]].concat(),
        PHD_POSTING.as_bytes(),
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "senior/ml.md:3:3: error[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"\n"
    );
    // `--stdin-filename` alone reads stdin too.
    let (_, named_only, _) = run(
        &dir,
        &[&short[..], &["--stdin-filename", "senior/ml.md"]].concat(),
        PHD_POSTING.as_bytes(),
    );
    assert_eq!(named_only, out);
}

#[test]
fn an_excluded_name_is_skipped_only_with_force_exclude() {
    let dir = temp_repo(
        "exclude",
        &[("hirelint.toml", "exclude = [\"drafts/**\"]\n")],
    );
    let args = ["check", "--select", "role", "--format", "short", "-q"];
    let named = ["--stdin-filename", "drafts/ml.md", "-"];
    let (code, out, _) = run(
        &dir,
        &[&args[..], &named, &["--force-exclude"]].concat(),
        PHD_POSTING.as_bytes(),
    );
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(&dir, &[&args[..], &named].concat(), PHD_POSTING.as_bytes());
    assert_eq!(code, 1);
    assert!(out.starts_with("drafts/ml.md:3:3: warning["), "{out}");
}

#[test]
fn without_a_name_the_format_is_sniffed_and_spans_are_exact() {
    let dir = temp_repo("sniff", &[]);
    let args = [
        "check",
        "--no-config",
        "--select",
        "role",
        "--format",
        "json",
        "-",
    ];
    let html = "<h1>ML Engineer</h1>\n<p>A <b>PhD</b> is required.</p>\n";
    let (code, out, _) = run(&dir, &args, html.as_bytes());
    assert_eq!(code, 1);
    let report = json(&out);
    assert_eq!(report["files"][0]["format"], "html");
    assert_eq!(report["files"][0]["title"], "ML Engineer");
    let diag = &report["diagnostics"][0];
    assert_eq!(diag["rule"], "phd-required-for-engineer");
    let start = diag["range"]["start"].as_u64().unwrap() as usize;
    let end = diag["range"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&html[start..end], "PhD</b> is required");

    for (text, format) in [
        (
            "---\ntitle: ML Engineer\n---\nA PhD is required.\n",
            "markdown",
        ),
        (PHD_POSTING, "markdown"),
        ("ML Engineer\n\nA PhD is required.\n", "text"),
    ] {
        let (code, out, _) = run(&dir, &args, text.as_bytes());
        assert_eq!(code, 1, "{text}");
        let report = json(&out);
        assert_eq!(report["files"][0]["format"], format, "{text}");
        assert_eq!(
            report["diagnostics"][0]["rule"],
            "phd-required-for-engineer"
        );
    }

    // JSON: a posting object, its title read as a heading is.
    let posting = br#"{"title": "ML Engineer", "description": "<p>A PhD is required.</p>"}"#;
    let (code, out, _) = run(&dir, &args, posting);
    assert_eq!(code, 1);
    let report = json(&out);
    assert_eq!(report["files"][0]["format"], "json");
    assert_eq!(report["files"][0]["role"]["family"], "engineer");
    assert_eq!(
        report["diagnostics"][0]["rule"],
        "phd-required-for-engineer"
    );
}

#[test]
fn undecodable_stdin_points_at_the_bad_byte() {
    let dir = temp_repo("utf8", &[]);
    let mut input = "# ML Engineer\n\nZ".as_bytes().to_vec();
    input.push(0xfc);
    input.extend_from_slice("rich. A PhD is required.\n".as_bytes());
    let (code, out, _) = run(
        &dir,
        &["check", "--no-config", "--format", "json", "-"],
        &input,
    );
    assert_eq!(code, 2);
    let report = json(&out);
    let diag = &report["diagnostics"][0];
    assert_eq!(diag["rule"], "unreadable-file");
    assert_eq!(diag["range"]["start"], 16);
    assert_eq!(diag["range"]["end"], 17);
    assert_eq!(input[16], 0xfc);
}

#[test]
fn stdin_is_one_posting_on_its_own() {
    let dir = temp_repo("mixed", &[("ml.md", PHD_POSTING)]);
    let (code, out, err) = run(&dir, &["check", "-", "ml.md"], PHD_POSTING.as_bytes());
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("`-` (stdin) cannot be combined with other paths"),
        "{err}"
    );
}

#[test]
fn short_columns_count_characters_or_bytes_for_vim() {
    let dir = temp_repo("columns", &[]);
    let args = [
        "check",
        "--no-config",
        "--select",
        "hyperbolic-job-title",
        "--format",
        "short",
        "-q",
    ];
    let text = "# Café 🚀 Rockstar\n".as_bytes();
    let (_, out, _) = run(&dir, &[&args[..], &["-"]].concat(), text);
    assert!(
        out.starts_with("<stdin>:1:10: warning[hyperbolic-job-title]"),
        "{out}"
    );
    let (_, out, _) = run(
        &dir,
        &[&args[..], &["--column-unit", "byte", "-"]].concat(),
        text,
    );
    assert!(
        out.starts_with("<stdin>:1:14: warning[hyperbolic-job-title]"),
        "{out}"
    );
}

#[test]
fn a_feed_on_stdin_is_sniffed_as_xml() {
    let dir = temp_repo("xml-feed", &[]);
    let feed = "<?xml version=\"1.0\"?>\n<jobs><job><title>ML Engineer</title>\
                <description><![CDATA[<p>A PhD is required.</p>]]></description></job></jobs>\n";
    let args = ["check", "--select", "role", "--format", "short", "-q", "-"];
    let (code, out, _) = run(&dir, &args, feed.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "<stdin>:2:65: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"\n"
    );
}

#[test]
fn a_spreadsheet_export_on_stdin_is_read_as_its_name_says() {
    let dir = temp_repo("csv-stdin", &[]);
    let export = "title;description\nML Engineer;\"A PhD is required; so is Go.\"\n";
    let args = [
        "check",
        "--select",
        "role",
        "--format",
        "short",
        "-q",
        "--stdin-filename",
        "exports/jobs.csv",
    ];
    let (code, out, _) = run(&dir, &args, export.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "exports/jobs.csv:2:16: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"\n"
    );
}
