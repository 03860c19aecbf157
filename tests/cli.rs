//! The binary as users run it: exit codes, formats, colour, rule-file errors, unreadable
//! files, byte-exact spans, determinism and the real corpus.

use std::path::Path;

mod support;
use support::{
    Scratch, TEAM_RULE, hirelint, json, outcome as stdout_of, run_in, temp_dir, temp_repo,
};

#[test]
fn fixtures_exit_1_with_rustc_style_diagnostics() {
    let (code, out, _) = stdout_of(hirelint().args(["check", "fixtures/"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("warning[phd-required-for-engineer]: a PhD as a hard requirement"),
        "{out}"
    );
    assert!(
        out.contains("┌─ fixtures/postings/software-engineer-plain.txt:23:3"),
        "{out}"
    );
    assert!(out.contains("= help: "), "{out}");
    assert!(
        out.trim_end()
            .ends_with("149 errors, 1111 warnings, 579 info in 494 files (655 checked)"),
        "{out}"
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    let clean = "fixtures/postings/ml-researcher-override.md";
    assert_eq!(
        hirelint()
            .args(["check", clean])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    // The role rules have only warnings and info in the fixtures: none is an error.
    let out = hirelint()
        .args([
            "check",
            "--select",
            "role",
            "--fail-on",
            "error",
            "fixtures/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // ml-engineer-phd-required has info findings (graduate-math) besides its warnings.
    let info_only = temp_dir("info-only");
    std::fs::write(
        info_only.join("a.md"),
        "# ML Engineer\n\n## Requirements\n\n- Graduate-level statistics\n",
    )
    .unwrap();
    assert_eq!(
        hirelint()
            .args(["check", "--select", "role"])
            .arg(&info_only)
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    let out = hirelint()
        .args(["check", "--fail-on", "info"])
        .arg(&info_only)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn short_format_is_one_line_per_finding() {
    let (code, out, _) = stdout_of(hirelint().args([
        "check",
        "--format",
        "short",
        "--quiet",
        "fixtures/postings/software-engineer-plain.txt",
    ]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "fixtures/postings/software-engineer-plain.txt:23:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"Requires a PhD in Electrical Engineering\"\n"
    );
}

#[test]
fn quiet_drops_the_summary() {
    let (_, out, _) = stdout_of(hirelint().args([
        "check",
        "--quiet",
        "fixtures/postings/ml-researcher-override.md",
    ]));
    assert_eq!(out, "");
    let (_, out, _) =
        stdout_of(hirelint().args(["check", "fixtures/postings/ml-researcher-override.md"]));
    assert_eq!(out, "no findings in 1 file\n");
}

#[test]
fn a_missing_path_is_a_usage_error_naming_it() {
    let (code, out, err) =
        stdout_of(hirelint().args(["check", "fixtures/postings", "no/such/posting.md"]));
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("no/such/posting.md"), "{err}");
}

#[test]
fn unknown_flags_are_usage_errors() {
    assert_eq!(
        hirelint()
            .args(["check", "--format", "xml"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hirelint()
            .args(["--version"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

fn rule_dir(name: &str, rule_text: &str) -> Scratch {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("role")).unwrap();
    std::fs::write(dir.join("role/code-monkey.toml"), rule_text).unwrap();
    dir
}

#[test]
fn a_user_rule_folder_loads_like_the_builtins() {
    let dir = rule_dir("user-rule", TEAM_RULE);
    let posting = dir.join("posting.md");
    std::fs::write(
        &posting,
        "# Backend Engineer\n\nNo code monkey work here.\n",
    )
    .unwrap();
    let (code, out, err) = stdout_of(
        hirelint()
            .args(["check", "--format", "short", "--lints"])
            .arg(&dir)
            .arg(&posting),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(":3:4: warning[code-monkey]: say \"engineer\", not \"code monkey\""),
        "{out}"
    );
}

#[test]
fn a_bad_regex_in_a_rule_file_points_at_its_line() {
    let text = TEAM_RULE.replace("words = [\"code monkey\"]", "patterns = ['code (monkey']");
    let dir = rule_dir("bad-regex", &text);
    let (code, out, err) = stdout_of(
        hirelint()
            .args(["check", "--color", "never", "--lints"])
            .arg(&dir)
            .arg("fixtures/postings"),
    );
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.contains("error: invalid regex: unclosed group"),
        "{err}"
    );
    assert!(err.contains("role/code-monkey.toml:6:13"), "{err}");
    assert!(err.contains("6 │ patterns = ['code (monkey']"), "{err}");
}

#[test]
fn an_unknown_key_in_a_rule_file_points_at_the_key() {
    let text = TEAM_RULE.replace(
        "level = \"warning\"",
        "level = \"warning\"\nseverity = \"high\"",
    );
    let dir = rule_dir("unknown-key", &text);
    let (code, _, err) = stdout_of(
        hirelint()
            .args(["check", "--color", "never", "--lints"])
            .arg(&dir)
            .arg("fixtures/postings"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `severity`"), "{err}");
    assert!(err.contains("role/code-monkey.toml:3:1"), "{err}");
    assert!(err.contains("3 │ severity = \"high\""), "{err}");
}

#[test]
fn invalid_utf8_is_reported_and_the_other_files_are_still_linted() {
    let dir = temp_dir("bad-utf8");
    std::fs::write(
        dir.join("a-latin1.md"),
        b"# ML Engineer\n\nZ\xfcrich. A PhD is required.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b-good.md"),
        "# ML Engineer\n\nA PhD is required.\n",
    )
    .unwrap();
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--select", "role,meta", "--format", "json"])
            .arg(&dir),
    );
    assert_eq!(code, 2);
    let report = json(&out);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0]["rule"], "unreadable-file");
    assert_eq!(diags[0]["level"], "error");
    // The bad byte itself, one byte wide.
    assert_eq!(diags[0]["range"]["start"], 16);
    assert_eq!(diags[0]["range"]["end"], 17);
    assert_eq!(diags[0]["start"]["line"], 3);
    assert_eq!(diags[1]["rule"], "phd-required-for-engineer");
    assert!(diags[1]["path"].as_str().unwrap().ends_with("b-good.md"));
}

#[test]
fn binary_files_are_skipped_when_walking_and_reported_when_named() {
    let dir = temp_dir("binary");
    std::fs::write(dir.join("blob.md"), b"\x00\x01binary").unwrap();
    std::fs::write(
        dir.join("ok.md"),
        "# Engineer\n\nHello. Pay: $120k-$140k a year, with health insurance.\n",
    )
    .unwrap();
    let (code, out, _) = stdout_of(hirelint().arg("check").arg(&dir));
    assert_eq!((code, out.as_str()), (0, "no findings in 1 file\n"));
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--format", "short"])
            .arg(dir.join("blob.md")),
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("error[unreadable-file]: file looks binary"),
        "{out}"
    );
}

#[test]
fn html_is_linted_and_json_without_a_posting_is_skipped_saying_so_when_named() {
    let dir = temp_dir("html");
    std::fs::write(
        dir.join("p.html"),
        "<h1>Engineer</h1><p>A PhD is <b>required</b>.</p>",
    )
    .unwrap();
    std::fs::write(dir.join("p.json"), "{\"title\": \"Engineer\"}").unwrap();
    let (code, out, _) = stdout_of(hirelint().args(["check", "--format", "short"]).arg(&dir));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("p.html:1:23: warning[phd-required-for-engineer]"),
        "{out}"
    );
    // A JSON file without a posting (no description) is skipped quietly while walking, and
    // with a reason when named.
    let (code, _, err) = stdout_of(hirelint().args(["check", "--format", "short"]).arg(&dir));
    assert_eq!(code, 1);
    assert_eq!(err, "");
    let (code, out, err) = stdout_of(hirelint().arg("check").arg(dir.join("p.json")));
    assert_eq!((code, out.as_str()), (0, "no findings in 0 files\n"));
    assert!(err.contains("p.json: no job posting in it"), "{err}");
}

#[test]
fn files_of_other_formats_are_skipped_while_walking_and_listed_with_verbose() {
    let dir = temp_dir("verbose");
    std::fs::write(dir.join("ml.md"), "# ML Engineer\n\nA PhD is required.\n").unwrap();
    std::fs::write(dir.join("logo.png"), b"\x89PNG").unwrap();
    std::fs::write(
        dir.join("notes.tex"),
        "Machine Learning Engineer\n\nA PhD is required.\n",
    )
    .unwrap();
    let (code, out, err) = stdout_of(hirelint().args(["check", "--format", "short"]).arg(&dir));
    assert_eq!(
        (code, out.lines().count(), err.as_str()),
        (1, 3, ""),
        "{out}"
    );
    let (_, _, err) = stdout_of(hirelint().args(["check", "-q", "--verbose"]).arg(&dir));
    let listed: Vec<&str> = err.lines().collect();
    assert_eq!(listed.len(), 2, "{err}");
    assert!(
        listed[0].ends_with("logo.png: not a posting format"),
        "{err}"
    );
    assert!(
        listed[1].ends_with("notes.tex: not a posting format"),
        "{err}"
    );
    // Named on the command line, an unknown extension is linted as text.
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--format", "short", "--select", "role"])
            .arg(dir.join("notes.tex")),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("notes.tex:3:3: warning[phd-required-for-engineer]"),
        "{out}"
    );
}

#[test]
fn hidden_target_and_node_modules_folders_are_not_walked() {
    let dir = temp_dir("pruned");
    for sub in [".git", "target", "node_modules", "postings"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(
            dir.join(sub).join("p.md"),
            "# ML Engineer\n\nA PhD is required.\n",
        )
        .unwrap();
    }
    let (_, out, _) = stdout_of(hirelint().args(["check", "--format", "json"]).arg(&dir));
    let files: Vec<String> = json(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("postings/p.md"), "{files:?}");
}

/// Byte ranges slice the file on disk to the flagged words; lines and columns count Unicode
/// scalar values, with CRLF line ends, tabs, a BOM and multi-byte characters before the match.
#[test]
fn spans_are_byte_exact_through_bom_crlf_tabs_and_multibyte() {
    for (path, line, column) in [
        ("fixtures/edge/bom-crlf-tabs.md", 5, 52),
        ("fixtures/postings/ai-engineer-crlf.md", 3, 33),
    ] {
        let bytes = std::fs::read(path).unwrap();
        let (_, out, _) = stdout_of(hirelint().args([
            "check",
            "--select",
            "phd-required-for-engineer",
            "--format",
            "json",
            path,
        ]));
        let report = json(&out);
        let d = &report["diagnostics"][0];
        let (start, end) = (
            d["range"]["start"].as_u64().unwrap() as usize,
            d["range"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[start..end], "PhD is required".as_bytes(), "{path}");
        assert_eq!(
            (
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap()
            ),
            (line, column),
            "{path}"
        );
        assert_eq!(d["end"]["column"].as_u64().unwrap(), column + 15, "{path}");
        // The line the editor shows, counted by hand: chars before the match on that line.
        let text = String::from_utf8(bytes.clone()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let line_text = text.split('\n').nth(line as usize - 1).unwrap();
        let col = line_text
            .find("PhD is required")
            .map(|b| line_text[..b].chars().count() + 1)
            .unwrap();
        assert_eq!(col as u64, column, "{path}");
    }
}

#[test]
fn color_is_off_for_pipes_and_no_color_and_on_when_forced() {
    let path = "fixtures/postings/software-engineer-plain.txt";
    let (_, plain, _) = stdout_of(hirelint().args(["check", path]));
    assert!(!plain.contains('\x1b'));
    let (_, forced, _) = stdout_of(hirelint().args(["check", "--color", "always", path]));
    assert!(forced.contains("\x1b["));
    let (_, never, _) = stdout_of(
        hirelint()
            .args(["check", "--color", "never", path])
            .env("NO_COLOR", "1"),
    );
    assert_eq!(never, plain);
}

#[test]
fn output_is_identical_at_any_thread_count() {
    let run = |threads: &str| {
        stdout_of(
            hirelint()
                .args(["check", "--format", "json", "fixtures"])
                .env("RAYON_NUM_THREADS", threads),
        )
        .1
    };
    assert_eq!(run("1"), run("4"));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_docs() {
    let (code, out, _) = stdout_of(hirelint().arg("rules"));
    assert_eq!(code, 0);
    for name in [
        "phd-required-for-engineer",
        "researcher-without-publications",
        "researcher-for-engineering-work",
        "researcher-with-bachelors-only",
        "graduate-math-for-engineer",
        "unreadable-file",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} missing from:\n{out}"
        );
    }
    let (code, out, _) = stdout_of(hirelint().args(["explain", "phd-required-for-engineer"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("phd-required-for-engineer (role, warning)\napplies to: engineer postings"),
        "{out}"
    );
    assert!(
        out.contains("## Why\nEngineering roles are about shipping"),
        "{out}"
    );
    assert!(
        out.contains("## Example (fires)\n    # Machine Learning Engineer"),
        "{out}"
    );
    let (code, _, err) = stdout_of(hirelint().args(["explain", "no-such-rule"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `no-such-rule`"), "{err}");
}

/// The real postings in ../shared/corpus/open (read-only, not ours to copy). Skipped with a
/// message when the corpus is not beside the checkout.
#[test]
fn the_open_corpus_lints_without_a_panic_and_every_posting_gets_a_family() {
    let corpus = Path::new("../shared/corpus/open");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let (code, out, err) = stdout_of(hirelint().args(["check", "--format", "json"]).arg(corpus));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    let postings = walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "html")
        })
        .count();
    assert_eq!(
        files.len(),
        postings,
        "every .md and .html posting is linted"
    );
    for file in files {
        let family = file["role"]["family"].as_str().unwrap_or_default();
        assert!(
            ["engineer", "researcher", "hybrid", "other", "multi"].contains(&family),
            "{file}"
        );
    }
}

/// `hirelint check | head` ends with a closed pipe: a clean exit 0, no panic, no message.
#[test]
fn a_closed_pipe_is_a_clean_exit() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = temp_dir("pipe");
    for i in 0..1500 {
        std::fs::write(
            dir.join(format!("p{i:04}.md")),
            "# ML Engineer\n\nA PhD is required.\n",
        )
        .unwrap();
    }
    for format in ["short", "json"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hirelint"))
            .args(["check", "--format", format])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here, while more than a pipe buffer is still to come.
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// `(posting, rule, the file's bytes at the range)` of every finding of one file.
fn slices(path: &str) -> Vec<(String, String, String)> {
    let (_, out, _) =
        stdout_of(hirelint().args(["check", "--no-config", "--format", "json", path]));
    let file = std::fs::read(path).unwrap();
    json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = d["range"]["start"].as_u64().unwrap() as usize;
            let end = d["range"]["end"].as_u64().unwrap() as usize;
            (
                d["posting"].as_str().unwrap_or("").to_string(),
                d["rule"].as_str().unwrap().to_string(),
                String::from_utf8(file[start..end].to_vec()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn json_postings_point_at_the_bytes_of_the_file_through_escapes_and_markup() {
    let found = |list: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
        list.iter()
            .map(|(p, r, t)| (p.to_string(), r.to_string(), t.to_string()))
            .collect()
    };
    // schema.org JobPosting: HTML inside a JSON string.
    assert_eq!(
        slices("fixtures/postings/ml-engineer-jobposting.json"),
        found(&[
            (
                "",
                "phd-required-for-engineer",
                "A PhD in Computer Science is required"
            ),
            ("", "hyperbolic-job-title", "rock</b>star"),
        ])
    );
    // An export whose HTML is escaped once more (`&lt;li&gt;`), postings at `jobs[i]`.
    assert_eq!(
        slices("fixtures/postings/ats-export-jobs.json"),
        found(&[
            (
                "jobs[0]",
                "missing-salary-range",
                "Senior Backend Engineer (Payments)"
            ),
            ("jobs[0]", "phd-required-for-engineer", "Ph.D. is a must"),
            ("jobs[0]", "vague-salary", "Competitive salary"),
            (
                "jobs[1]",
                "researcher-without-publications",
                "Research Scientist, Forecasting"
            ),
        ])
    );
    // JSON Lines: plain text with `\n` escapes, one posting per line.
    assert_eq!(
        slices("fixtures/postings/job-feed.jsonl"),
        found(&[
            ("line 1", "gendered-pronoun", "He will"),
            ("line 2", "hyperbolic-job-title", "Ninja"),
            ("line 2", "bro-culture", "work hard, play hard"),
        ])
    );
    // A careers page's JSON-LD: its salary is read, the visible text is linted.
    assert_eq!(
        slices("fixtures/postings/careers-page-jsonld.html"),
        found(&[("", "age-preference", "young and dynamic")])
    );
    // A page rendered by script shows nothing: the JSON-LD title and description are the
    // posting, mapped through `\u003c` escapes and the HTML inside.
    assert_eq!(
        slices("fixtures/edge/script-rendered-page-jsonld.html"),
        found(&[
            ("", "jobposting-missing-property", r#""@type":"JobPosting""#),
            ("", "jobposting-salary", r#""@type":"JobPosting""#),
            ("", "missing-salary-range", "Senior iOS Engineer"),
            ("", "hyperbolic-job-title", "ninja"),
            ("", "ramp-up-pressure", "hit the ground running"),
        ])
    );
    // Pay read through `\u00a3` escapes maps to the escaped bytes.
    let (_, out, _) = stdout_of(hirelint().args([
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/postings/job-feed.jsonl",
    ]));
    let report = json(&out);
    let pay = &report["files"][1]["pay"][0];
    let file = std::fs::read_to_string("fixtures/postings/job-feed.jsonl").unwrap();
    let range = pay["range"]["start"].as_u64().unwrap() as usize
        ..pay["range"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&file[range], r"\u00a352,000 - \u00a360,000 per year");
    assert_eq!(pay["currency"], "GBP");
}

#[test]
fn invalid_json_is_an_error_where_parsing_failed_and_the_run_goes_on() {
    let dir = temp_dir("bad-json");
    std::fs::write(
        dir.join("a.json"),
        "{\"title\": \"ML Engineer\",\n \"description\": \"A PhD is required.\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.json"),
        "{\"title\": \"ML Engineer\", \"description\": \"A PhD is required.\"}",
    )
    .unwrap();
    let (code, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--select",
                "role,meta",
                "--format",
                "short",
            ])
            .arg(&dir),
    );
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0]
            .ends_with("a.json:2:37: error[unreadable-file]: invalid JSON: Unterminated object"),
        "{out}"
    );
    assert!(
        lines[1].ends_with("b.json:1:44: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\""),
        "{out}"
    );
}

#[test]
fn every_format_reads_the_same_posting_the_same_way() {
    // One posting, written as each format writes it: the title is read from the Markdown
    // heading, the HTML <h1> (or <title>), the JSON `title` and the first line of text, and
    // the role rules judge all of them alike.
    let dir = temp_dir("formats");
    let duties = "We build the search ranking for a marketplace of 40,000 independent sellers.";
    let need = "A PhD in Computer Science is required.";
    let files = [
        (
            "p.md",
            format!("# Machine Learning Engineer\n\n{duties}\n\n## Requirements\n\n- {need}\n"),
        ),
        (
            "p.txt",
            format!("Machine Learning Engineer\n\n{duties}\n\nRequirements:\n- {need}\n"),
        ),
        (
            "p.html",
            format!(
                "<html><head><title>Careers</title></head><body><h1>Machine Learning Engineer</h1><p>{duties}</p><h2>Requirements</h2><ul><li>{need}</li></ul></body></html>"
            ),
        ),
        (
            "q.html",
            format!(
                "<html><head><title>Machine Learning Engineer | Acme Careers</title></head><body><p>{duties}</p><h2>Requirements</h2><ul><li>{need}</li></ul></body></html>"
            ),
        ),
        (
            "p.json",
            format!(
                r#"{{"@type": "JobPosting", "title": "Machine Learning Engineer", "description": "<p>{duties}</p><h2>Requirements</h2><ul><li>{need}</li></ul>"}}"#
            ),
        ),
        (
            "p.jsonl",
            format!(
                r#"{{"title": "Machine Learning Engineer", "description": "{duties}\n\nRequirements:\n- {need}"}}"#
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (_, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--select",
                "role",
                "--format",
                "json",
            ])
            .arg(&dir),
    );
    let report = json(&out);
    let read: Vec<(String, String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            (
                path.rsplit('/').next().unwrap().to_string(),
                f["title"].as_str().unwrap_or("").to_string(),
                f["role"]["family"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let names = ["p.html", "p.json", "p.jsonl", "p.md", "p.txt", "q.html"];
    assert_eq!(read.len(), names.len(), "{read:?}");
    for ((name, title, family), expected) in read.iter().zip(names) {
        assert_eq!(name, expected);
        assert_eq!(title, "Machine Learning Engineer", "{name}");
        assert_eq!(family, "engineer", "{name}");
    }
    let fired: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                path.rsplit('/').next().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.to_string(), "phd-required-for-engineer".to_string()))
        .collect();
    assert_eq!(fired, expected);
}

#[test]
fn a_broken_config_or_select_fails_the_run_even_with_nothing_to_lint() {
    let dir = temp_dir("nothing");
    for args in [
        &["--config", "/nonexistent/hirelint.toml"][..],
        &["--select", "nosuchrule"],
        &["--lints", "/nonexistent-lints"],
    ] {
        let (code, out, err) = stdout_of(hirelint().arg("check").args(args).arg(&dir));
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    // The same file named twice is linted and counted once.
    std::fs::write(dir.join("ml.md"), "# ML Engineer\n\nA PhD is required.\n").unwrap();
    let file = dir.join("ml.md");
    let (_, out, _) = stdout_of(
        hirelint()
            .args(["check", "--select", "role", "--format", "short"])
            .arg(&file)
            .arg(&file)
            .arg(&dir),
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.ends_with("1 warning in 1 file (1 checked)\n"), "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_says_why() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("hirelint"))
        .args(["check", "fixtures/postings/job-feed.jsonl"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: cannot write the report: "), "{err}");
}

#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_terminal_and_a_bare_cr_ends_a_line() {
    let dir = temp_dir("controls");
    let posting = "# Rockstar Engineer\u{1b}]0;pwned\u{7}\n\nWe want a ninja \u{1b}[2J here.\rAnd a guru\u{85} too.\n";
    let name = "x\u{1b}[2J.md";
    std::fs::write(dir.join(name), posting).unwrap();
    for format in ["human", "short", "github"] {
        let (code, out, _) = stdout_of(
            hirelint()
                .args([
                    "check",
                    "--no-config",
                    "--color",
                    "never",
                    "--format",
                    format,
                ])
                .arg(&dir),
        );
        assert_eq!(code, 1, "{format}");
        let bad: Vec<char> = out
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?} in {out}");
        assert!(out.contains("x\\u{1b}[2J.md"), "{format}: {out}");
    }
    // The line after a bare CR is line 4: "guru" is there, at column 7.
    let (_, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--format",
                "short",
                "--select",
                "hyperbolic-job-title",
            ])
            .arg(dir.join(name)),
    );
    assert!(
        out.contains(".md:4:7: warning[hyperbolic-job-title]: \"guru\""),
        "{out}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn unbounded_inputs_are_refused_before_they_are_read() {
    let dir = temp_dir("unbounded");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).unwrap();
    let sparse = std::fs::File::create(dir.join("sparse.md")).unwrap();
    sparse.set_len(4 << 30).unwrap();
    std::fs::write(dir.join("ok.md"), "# ML Engineer\n\nA PhD is required.\n").unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.md"))
            .status()
            .unwrap()
            .success()
    );
    // Walking: the link and the FIFO are not regular files and are passed by; the sparse
    // file is reported with its size, and the others are still linted.
    let (code, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--select",
                "role,meta",
                "--format",
                "short",
                "-q",
            ])
            .arg(&dir),
    );
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].ends_with("ok.md:3:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\""), "{out}");
    assert!(lines[1].ends_with("sparse.md:1:1: error[unreadable-file]: file is 4294967296 bytes, above the limit of 10485760 bytes (--max-file-size); not read"), "{out}");
    // A socket cannot be opened at all: it is still said to be no regular file.
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.md")).unwrap();
    // Named: a device, FIFO or socket is reported, never read.
    for name in ["zero.md", "pipe.md", "socket.md"] {
        let (code, out, _) = stdout_of(
            hirelint()
                .args(["check", "--no-config", "--format", "short", "-q"])
                .arg(dir.join(name)),
        );
        assert_eq!(code, 2, "{name}");
        assert!(
            out.ends_with(
                "error[unreadable-file]: not a regular file (a device, FIFO or socket); not read\n"
            ),
            "{out}"
        );
    }
    // A config that is a device is an error, not an endless read.
    let (code, _, err) = stdout_of(
        hirelint()
            .args(["check", "--config", "/dev/zero"])
            .arg(dir.join("ok.md")),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read config file: not a regular file"),
        "{err}"
    );
    // The limit is the user's to set, and applies to stdin too.
    let (code, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--format",
                "short",
                "-q",
                "--max-file-size",
                "16",
            ])
            .arg(dir.join("ok.md")),
    );
    assert_eq!(code, 2);
    assert!(out.contains("above the limit of 16 bytes"), "{out}");
    let out = hirelint()
        .args(["check", "--no-config", "--max-file-size", "1K", "-"])
        .write_stdin(vec![b'a'; 4096])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin holds more than 1024 bytes"));
}

#[test]
fn a_long_line_is_shown_around_its_labels_only() {
    let dir = temp_dir("long-line");
    let line = format!(
        "{}We want a rockstar here. {}",
        "We build things. ".repeat(4000),
        "More text follows. ".repeat(4000)
    );
    std::fs::write(dir.join("p.md"), format!("# Engineer\n\n{line}\n")).unwrap();
    let args = [
        "check",
        "--no-config",
        "--select",
        "hyperbolic-job-title",
        "--color",
        "never",
    ];
    let (_, human, _) = stdout_of(hirelint().args(args).arg(dir.join("p.md")));
    let (_, short, _) = stdout_of(
        hirelint()
            .args(args)
            .args(["--format", "short"])
            .arg(dir.join("p.md")),
    );
    // The same place in both formats, and no printed line near the 140 KB of the source line.
    let place = short
        .split(": warning")
        .next()
        .unwrap()
        .rsplit("p.md:")
        .next()
        .unwrap();
    assert_eq!(place, "3:68011");
    assert!(human.contains(&format!("p.md:{place}")), "{human}");
    assert!(
        human
            .lines()
            .filter(|l| l.contains('│'))
            .all(|l| l.chars().count() < 400),
        "{human}"
    );
    let source_line = human.lines().find(|l| l.contains("rockstar here")).unwrap();
    let marks = human.lines().find(|l| l.contains("^^^^^^^^")).unwrap();
    let column = |l: &str, pat: &str| l.find(pat).map(|b| l[..b].chars().count());
    assert_eq!(column(source_line, "rockstar"), column(marks, "^^^^^^^^"));
}

#[test]
fn bad_inputs_get_a_clear_word_and_the_others_are_still_linted() {
    let dir = temp_dir("bad-inputs");
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "# Rockstar Engineer\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.join("a-utf16.md"), utf16).unwrap();
    std::fs::write(dir.join("b-empty.md"), "").unwrap();
    std::fs::write(
        dir.join("c-deep.json"),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    std::fs::write(
        dir.join("d-quotes.md"),
        format!("{}a rockstar\n", "> ".repeat(100_000)),
    )
    .unwrap();
    std::fs::write(dir.join("e-ok.md"), "# ML Engineer\n\nA PhD is required.\n").unwrap();
    let (code, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--format",
                "short",
                "-q",
                "--select",
                "role,meta,hyperbolic-job-title",
            ])
            .arg(&dir),
    );
    assert_eq!(code, 2, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let expected = [
        "a-utf16.md:1:1: error[unreadable-file]: file is UTF-16 text; hirelint reads UTF-8",
        "c-deep.json:1:513: error[unreadable-file]: invalid JSON: Maximum nesting depth exceeded",
        "d-quotes.md:1:200003: warning[hyperbolic-job-title]: \"rockstar\" is a jargon job title: say \"specialist\"",
        "e-ok.md:3:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"",
    ];
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(line.ends_with(want), "{line}\n  wanted {want}");
    }
    // An empty posting hides no pay: nothing to say about it.
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--no-config"])
            .arg(dir.join("b-empty.md")),
    );
    assert_eq!((code, out.as_str()), (0, "no findings in 1 file\n"));
}

#[test]
fn front_matter_that_never_closes_is_said_and_read_as_text() {
    let dir = temp_dir("unclosed");
    std::fs::write(
        dir.join("p.md"),
        "---\ntitle: Rockstar Engineer\nsalary: $120,000 - $140,000\n\nWe ship the checkout.\n",
    )
    .unwrap();
    let (code, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--format",
                "short",
                "-q",
                "--select",
                "meta,hyperbolic-job-title",
            ])
            .arg(dir.join("p.md")),
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("p.md:1:1: warning[unclosed-front-matter]: the front matter never closes, so the whole posting is read as text"), "{out}");
    // Read as text: the title line's words are still linted.
    assert!(lines[1].ends_with("p.md:2:8: warning[hyperbolic-job-title]: \"Rockstar\" is a jargon job title: say \"Specialist\""), "{out}");
    // A closed block says nothing.
    std::fs::write(dir.join("q.md"), "---\ntitle: Engineer\n---\n\nWe ship.\n").unwrap();
    let (_, out, _) = stdout_of(
        hirelint()
            .args([
                "check",
                "--no-config",
                "--format",
                "short",
                "-q",
                "--select",
                "meta",
            ])
            .arg(dir.join("q.md")),
    );
    assert_eq!(out, "");
}

/// The jargon titles (and unreadable files) found walking `dir`, as one line each: the exit
/// code and the short output.
fn jargon_titles_in(dir: &Path) -> (i32, String) {
    let args = [
        "check",
        "--no-config",
        "--format",
        "short",
        "--select",
        "hyperbolic-job-title,meta",
        ".",
    ];
    let (code, out, _) = run_in(dir, &args);
    (code, out)
}

#[test]
fn xml_feeds_are_found_in_folders_and_a_broken_one_does_not_stop_the_run() {
    let dir = temp_repo(
        "xml-walk",
        &[
            (
                "feeds/jobs.xml",
                "<source><job><title>Backend Engineer</title>\
                 <description>We want a ninja.</description></job></source>\n",
            ),
            // A build file: XML without postings, passed over in silence.
            (
                "pom.xml",
                "<project><modelVersion>4.0.0</modelVersion></project>\n",
            ),
            (
                "feeds/broken.xml",
                "<source><job><title>Cook</title><description><![CDATA[never closed\n",
            ),
        ],
    );
    let (code, out) = jargon_titles_in(&dir);
    // A file that cannot be read is exit 2, as for JSON; the others are still linted.
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "feeds/broken.xml:1:46: error[unreadable-file]: invalid XML: a CDATA section that never ends",
            "feeds/jobs.xml:1:68: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\"",
        ],
        "{out}"
    );
    assert!(!out.contains("pom.xml"), "{out}");
}

#[test]
fn spreadsheet_exports_are_linted_row_by_row_and_a_broken_one_does_not_stop_the_run() {
    let dir = temp_repo(
        "csv-walk",
        &[
            (
                "exports/jobs.csv",
                "Job Title,Location,Job Description\r\n\
                 Backend Engineer,\"Austin, TX\",\"We want a \"\"ninja\"\".\"\r\n\
                 Cook,Reno,Breakfast shift.\r\n",
            ),
            (
                "exports/jobs.tsv",
                "title\tdescription\nData Guru\tBuild the dashboards.\n",
            ),
            // A manifest: a title column but no prose, passed over in silence.
            ("MANIFEST.tsv", "file\ttitle\tbytes\na.md\tEngineer\t12\n"),
            (
                "exports/broken.csv",
                "title,description\nSRE,On call.\nCook,\"never closed\n",
            ),
        ],
    );
    let (code, out) = jargon_titles_in(&dir);
    // A file that cannot be read is exit 2, as for JSON; its rows before the break and the
    // other files are still linted.
    assert_eq!(code, 2);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "exports/broken.csv:3:6: error[unreadable-file]: invalid CSV: a quoted cell that never ends",
            "exports/jobs.csv:2:44: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\"",
            "exports/jobs.tsv:2:6: warning[hyperbolic-job-title]: \"Guru\" is a jargon job title: say \"Specialist\"",
            "1 error, 2 warnings in 3 files (5 checked)",
        ],
        "{out}"
    );
}

#[test]
fn yaml_data_files_are_linted_job_by_job_and_settings_are_passed_over() {
    let dir = temp_repo(
        "yaml-walk",
        &[
            (
                "_data/jobs.yml",
                "- title: Backend Engineer\n  location: Remote\n  description: |\n    \
                 We want a ninja.\n- title: Cook\n  location: Reno\n  description: Breakfast shift.\n",
            ),
            // A site's settings and a compose file: a title and a description, or neither.
            (
                "_config.yml",
                "title: Careers\ndescription: >-\n  Our open roles.\nbaseurl: \"\"\n",
            ),
            (
                "docker-compose.yaml",
                "services:\n  web:\n    image: nginx\n",
            ),
        ],
    );
    let (code, out) = jargon_titles_in(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "_data/jobs.yml:4:15: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\"",
            "1 warning in 1 file (2 checked)",
        ],
        "{out}"
    );
}

#[test]
fn front_matter_lists_are_prose_and_the_body_keeps_its_title() {
    // No `title:` in the front matter: the body's first heading is still the title, after the
    // front matter's prose is read ahead of it.
    let text = "---\nkey objectives:\n  - Lead our ninjas\nqualifications: |\n  A PhD is required.\n---\n# Data Engineer\n\nWe build pipelines.\n";
    let dir = temp_repo("front-matter-prose", &[("jobs/data.md", text)]);
    let (_, out, _) = run_in(
        &dir,
        &["check", "--no-config", "--format", "json", "jobs/data.md"],
    );
    let report = json(&out);
    assert_eq!(report["files"][0]["title"], "Data Engineer");
    let found: Vec<(String, usize)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let at = |words: &str| text.find(words).unwrap();
    assert!(
        found.contains(&("hyperbolic-job-title".to_string(), at("ninjas"))),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "phd-required-for-engineer".to_string(),
            at("PhD is required")
        )),
        "{found:?}"
    );
}

#[test]
fn mdx_pages_are_found_in_folders_and_read_as_markdown() {
    let page = "---\ntitle: Backend Engineer\n---\nimport { Apply } from '../components/Apply'\n\nWe want a ninja.\n\n<Apply href=\"/apply\" />\n";
    let dir = temp_repo("mdx-walk", &[("careers/backend.mdx", page)]);
    let (_, out, _) = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "short",
            "--select",
            "hyperbolic-job-title",
            ".",
        ],
    );
    assert_eq!(
        out.lines().next(),
        Some(
            "careers/backend.mdx:6:11: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\""
        ),
        "{out}"
    );
}

/// `check --no-config --format short PATHS` in `dir`: the exit code and the output's lines.
fn short_lines(dir: &Path, paths: &[&str]) -> (i32, Vec<String>) {
    let args = ["check", "--no-config", "--format", "short"];
    let (code, out, _) = run_in(dir, &[&args[..], paths].concat());
    (code, out.lines().map(str::to_string).collect())
}

/// A feed's comments above its root are directives of every job in it: what they come to is
/// said once for the file, whether the feed is read whole or from stdin. A name no rule has
/// is reported once (not once a job), a suppression one job uses is not unused for the
/// others, and one that no job uses is unused once.
#[test]
fn directives_above_a_feed_are_judged_once_for_the_whole_feed() {
    let job = |title: &str| {
        format!(
            "<job><title>{title}</title><description>Build our billing services in Rust and \
             mentor the team. Salary 80000 EUR per year.</description></job>\n"
        )
    };
    let feed = format!(
        "<?xml version=\"1.0\"?>\n\
         <!-- hirelint-disable hyperbolic-job-title no-such-rule -->\n\
         <!-- hirelint-disable-file bro-culture -->\n\
         <source>\n{}{}{}</source>\n",
        job("Rockstar Developer"),
        job("Backend Developer"),
        job("Platform Developer"),
    );
    let dir = temp_repo("feed-directives", &[("feed.xml", &feed)]);
    let (code, out) = short_lines(&dir, &["feed.xml"]);
    assert_eq!(code, 1, "{out:?}");
    assert_eq!(
        out,
        [
            "feed.xml:2:44: warning[unknown-rule]: `no-such-rule` is not a rule or category, so nothing is suppressed",
            "feed.xml:3:28: info[unused-suppression]: unused suppression: `bro-culture` reports nothing here",
            "1 warning, 1 info in 1 file (3 checked)",
        ],
        "{out:?}"
    );
    let (_, whole, _) = stdout_of(
        hirelint()
            .current_dir(&dir)
            .args(["check", "--no-config", "--format", "short"])
            .args(["--stdin-filename", "feed.xml", "-"])
            .write_stdin(feed.clone()),
    );
    assert_eq!(whole.lines().collect::<Vec<_>>(), out);
}

/// A YAML data file's `#` comments are its suppression directives: a comment in a job or right
/// above it silences the job's next line, and one above the file's first line is every job's,
/// judged once for the file.
#[test]
fn comments_in_a_yaml_data_file_suppress_findings_in_its_jobs() {
    let jobs = "# Open roles, rendered by the careers site.\n\
                # hirelint-disable-file bro-culture\n\
                # hirelint: disable no-such-rule\n\
                - title: Rockstar Developer\n  \
                  location: Berlin\n  \
                  # hirelint-disable-next-line hyperbolic-job-title\n  \
                  description: We want a rockstar engineer to build our backend services in Rust.\n  \
                  salary: 80000 EUR\n\
                # hirelint-disable-next-line hyperbolic-job-title\n\
                - title: Ninja Developer\n  \
                  location: Paris\n  \
                  description: |\n    \
                    # About the role\n    \
                    We want a developer to build our backend services in Go.\n  \
                  salary: 70000 EUR\n";
    let dir = temp_repo("yaml-directives", &[("_data/jobs.yml", jobs)]);
    let (code, out) = short_lines(&dir, &["_data"]);
    assert_eq!(code, 1, "{out:?}");
    assert_eq!(
        out,
        [
            "_data/jobs.yml:4:10: warning[hyperbolic-job-title]: \"Rockstar\" is a jargon job title: say \"Specialist\"",
            "_data/jobs.yml:2:25: info[unused-suppression]: unused suppression: `bro-culture` reports nothing here",
            "_data/jobs.yml:3:21: warning[unknown-rule]: `no-such-rule` is not a rule or category, so nothing is suppressed",
            "2 warnings, 1 info in 2 files (2 checked)",
        ],
        "{out:?}"
    );
}

/// Prose read as Markdown or HTML inside a data file (a YAML block, a JSON string, a feed's
/// XHTML description) keeps its suppression comments, at their place in the file: a next line
/// in a YAML block, a region in a JSON string. A feed's comment inside a job's XHTML is one
/// directive, not two.
#[test]
fn suppression_comments_in_prose_inside_data_files_hold_at_their_place() {
    let yaml = "- title: Backend Developer\n  \
                location: Berlin\n  \
                salary: 80000 EUR\n  \
                description: |\n    \
                  ## About the role\n    \
                  <!-- hirelint-disable-next-line hyperbolic-job-title -->\n    \
                  We want a rockstar engineer to build our backend services in Rust.\n    \
                  Another line about a ninja.\n";
    let json = "{\"title\": \"Developer\", \"description\": \"<p>We want a developer to build our \
                backend services in Rust.</p><!-- hirelint-disable hyperbolic-job-title --><p>Be a \
                rockstar.</p><!-- hirelint-enable hyperbolic-job-title --><p>Or a ninja. Salary \
                80000 EUR per year.</p>\"}\n";
    let xml = "<?xml version=\"1.0\"?>\n<source>\n<job><title>Developer</title><description>\n\
               <p>We want a developer to build our backend services in Rust.</p>\n\
               <!-- hirelint-disable-next-line hyperbolic-job-title -->\n\
               <p>Be a rockstar. Salary 80000 EUR per year.</p>\n\
               <!-- hirelint-disable-next-line bro-culture -->\n\
               <p>Nothing here.</p>\n</description></job>\n</source>\n";
    let dir = temp_repo(
        "prose-directives",
        &[("jobs.yml", yaml), ("job.json", json), ("feed.xml", xml)],
    );
    let (code, out) = short_lines(&dir, &["."]);
    assert_eq!(code, 1, "{out:?}");
    assert_eq!(
        out,
        [
            "feed.xml:7:33: info[unused-suppression]: unused suppression: `bro-culture` reports nothing here",
            "job.json:1:225: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\"",
            "jobs.yml:8:26: warning[hyperbolic-job-title]: \"ninja\" is a jargon job title: say \"specialist\"",
            "2 warnings, 1 info in 3 files (3 checked)",
        ],
        "{out:?}"
    );
}

/// A range written the wrong way round says so; one whose minimum is many times its maximum
/// says a figure is mistyped, not the order.
#[test]
fn an_inverted_range_tells_a_swapped_order_from_a_mistyped_figure() {
    let posting = "# Staff Engineer\n\nThe base salary range for this role is between $145,000,000 CAD and $190,000 CAD.\n\nJuniors: $150,000 - $120,000.\n";
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--no-config", "--select", "inverted-salary-range"])
            .args(["--format", "short", "--stdin-filename", "p.md", "-"])
            .write_stdin(posting),
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "p.md:3:48: error[inverted-salary-range]: the range \"$145,000,000 CAD and $190,000 CAD\" has its minimum above its maximum: the minimum is 763× the maximum, a mistyped figure more likely than a swapped order",
            "p.md:5:10: error[inverted-salary-range]: the range \"$150,000 - $120,000\" has its minimum above its maximum",
            "2 errors in 1 file (1 checked)",
        ]
    );
}

/// The one finding of `rule` in a posting of `text` linted on its own (no configuration),
/// from the JSON report.
fn only_finding(name: &str, text: &str, rule: &str) -> serde_json::Value {
    let repo = temp_repo(name, &[("posting.md", text)]);
    let (code, out, _) = stdout_of(
        hirelint()
            .args(["check", "--no-config", "--select", rule, "--format", "json"])
            .arg(repo.join("posting.md")),
    );
    assert_eq!(code, 1, "{out}");
    let report = json(&out);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{out}");
    assert_eq!(diags[0]["rule"], rule);
    diags[0].clone()
}

#[test]
fn an_impossible_experience_requirement_says_when_the_technology_came_out_in_plain_words() {
    // A plural name, and one whole year between the release and the posting's date.
    let finding = only_finding(
        "technology-age",
        "---\ndate: 2021-09-01\n---\n# LLM Engineer\n\n## Requirements\n\n\
         - 3+ years of experience with LLMs\n",
        "experience-exceeds-technology-age",
    );
    assert_eq!(
        finding["message"],
        "\"3+ years of experience with LLMs\" asks for more years than the technology has existed"
    );
    let help = finding["help"].as_str().unwrap();
    assert!(
        help.starts_with(
            "Large language models: first released in 2020, 1 year before 2021-09-01; source: "
        ),
        "{help}"
    );
}

#[test]
fn a_balance_finding_counts_both_lists_in_plain_words() {
    // Five masculine-coded words and one feminine-coded word ("loyal"): "1 feminine-coded",
    // not "1 feminine-coded ones".
    let finding = only_finding(
        "balance-message",
        "# Backend Engineer\n\nWe want a dominant, assertive, ambitious, decisive and \
         headstrong engineer who is also loyal.\n",
        "gender-coded-wording",
    );
    assert_eq!(
        finding["message"],
        "strongly masculine-coded wording: 5 masculine-coded words against 1 feminine-coded, \
         starting with \"dominant\""
    );
    // "dominant" is the first counted word: the finding's span.
    assert_eq!(finding["start"]["line"], 3);
    assert_eq!(finding["start"]["column"], 11);
    assert_eq!(finding["end"]["column"], 19);
}
