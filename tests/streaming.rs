//! A run over many files is written as it goes: reports in walking order whatever thread
//! linted them, every format still one valid document, and a closed pipe ends the run early.

use std::io::Read;
use std::process::Stdio;

mod support;
use support::{json, run_in, temp_dir};

/// More files than three batches of the pipe (128 each), a finding in every third.
fn many_postings(name: &str, count: usize) -> support::Scratch {
    let dir = temp_dir(name);
    for i in 0..count {
        let title = if i % 3 == 0 {
            "Rockstar Engineer"
        } else {
            "Backend Engineer"
        };
        let text = format!("# {title}\n\nPosting {i}: build the billing service in Rust.\n");
        std::fs::write(dir.join(format!("p{i:04}.md")), text).unwrap();
    }
    dir
}

fn check(dir: &std::path::Path, format: &str) -> (i32, String) {
    let args = ["check", "--no-config", "--select", "hyperbolic-job-title"];
    let (code, out, _) = run_in(dir, &[&args[..], &["--format", format, "."]].concat());
    (code, out)
}

#[test]
fn reports_come_in_walking_order_and_every_format_is_one_document() {
    let count = 500;
    let dir = many_postings("streaming-order", count);

    let (code, out) = check(&dir, "json");
    assert_eq!(code, 1);
    let report = json(&out);
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..count).map(|i| format!("p{i:04}.md")).collect();
    assert_eq!(files, expected);
    let flagged: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..count)
        .step_by(3)
        .map(|i| format!("p{i:04}.md"))
        .collect();
    assert_eq!(flagged, expected);
    assert_eq!(report["summary"]["warnings"], 167);

    let (_, sarif) = check(&dir, "sarif");
    let sarif = json(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 167);
    assert!(results.iter().all(|r| r["ruleIndex"] == 0));
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "hyperbolic-job-title"
    );

    let (_, gitlab) = check(&dir, "gitlab");
    assert_eq!(json(&gitlab).as_array().unwrap().len(), 167);

    let (_, short) = check(&dir, "short");
    let lines: Vec<&str> = short.lines().collect();
    assert_eq!(lines.len(), 168);
    assert!(lines[0].starts_with("p0000.md:1:3: warning[hyperbolic-job-title]"));
    assert!(lines[166].starts_with("p0498.md:1:3: "));
    assert_eq!(lines[167], "167 warnings in 167 files (500 checked)");
}

#[test]
fn a_reader_that_stops_early_ends_the_run_with_success() {
    let dir = many_postings("streaming-pipe", 600);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hirelint"))
        .current_dir(&dir)
        .args(["check", "--no-config", "--format", "short", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let read = stdout.read(&mut first).unwrap();
    assert!(read > 0);
    drop(stdout);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

/// A JSON Lines feed of `count` postings with escapes and multi-byte text, a jargon title in
/// every fifth.
fn feed(count: usize) -> String {
    (0..count)
        .map(|i| {
            let title = if i % 5 == 0 {
                "Rockstar Engineer"
            } else {
                "Backend Engineer"
            };
            format!(
                "{{\"title\": \"{title}\", \"description\": \"Posting {i}: caf\\u00e9 \u{1F680} \
                 team,\\nbuild the billing service in Rust for 40 clients in Zürich.\"}}\n"
            )
        })
        .collect()
}

/// Lints `text` as the file `name` (read in parts) and on stdin (read whole) for jargon
/// titles, asserts that both say the same, and returns the report.
fn read_in_parts_and_whole(dir_name: &str, name: &str, text: &str) -> serde_json::Value {
    read_in_parts_and_whole_for(dir_name, name, text, "hyperbolic-job-title")
}

/// `read_in_parts_and_whole` for the rules `select` names.
fn read_in_parts_and_whole_for(
    dir_name: &str,
    name: &str,
    text: &str,
    select: &str,
) -> serde_json::Value {
    let dir = temp_dir(dir_name);
    std::fs::write(dir.join(name), text).unwrap();
    let args = ["check", "--no-config", "--select", select];
    let (code, in_parts, _) = run_in(&dir, &[&args[..], &["--format", "json", name]].concat());
    assert_eq!(code, 1, "{name}");
    // stdin is read whole.
    let (_, whole, _) = support::outcome(
        support::hirelint()
            .current_dir(&dir)
            .args(args)
            .args(["--format", "json", "--stdin-filename", name, "-"])
            .write_stdin(text.to_string()),
    );
    assert_eq!(in_parts, whole, "{name}");
    json(&in_parts)
}

#[test]
fn a_feed_read_in_parts_is_reported_as_if_it_were_read_whole() {
    // About 700 KB: eleven parts of 64 KB, each linted on its own.
    let text = feed(5000);
    assert!(text.len() > 10 * 64 * 1024);
    let report = read_in_parts_and_whole("streaming-feed", "feed.jsonl", &text);
    assert_eq!(report["summary"]["files"], 5000);
    let found = report["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1000);
    let last = &found[999];
    assert_eq!(last["posting"], "line 4996");
    assert_eq!(last["start"]["line"], 4996);
    let (start, end) = (
        last["range"]["start"].as_u64().unwrap() as usize,
        last["range"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "Rockstar");
}

/// Lints `text`, written as the file `name` in a folder of its own, for jargon titles and
/// unreadable parts, with the posting limit at 256 KB, in `format`: the exit code and output.
fn lint_with_a_256k_limit(name: &str, text: &str, format: &str) -> (i32, String) {
    let dir = temp_dir(&format!("streaming-limit-{format}-{name}"));
    std::fs::write(dir.join(name), text).unwrap();
    let args = [
        "check",
        "--no-config",
        "--select",
        "hyperbolic-job-title,unreadable-file",
        "--max-file-size",
        "256K",
        "--format",
        format,
        name,
    ];
    let (code, out, _) = run_in(&dir, &args);
    (code, out)
}

#[test]
fn a_feed_over_the_size_limit_is_read_line_by_line_and_a_longer_line_is_reported() {
    let mut text = feed(2000);
    let long_line = format!("{{\"title\": \"{}\"}}\n", "x".repeat(300 * 1024));
    let at = text.match_indices('\n').nth(999).unwrap().0 + 1;
    text.insert_str(at, &long_line);
    let (code, out) = lint_with_a_256k_limit("feed.jsonl", &text, "short");
    // The file is far above 256 KB; only the line above it is left out, with exit 2.
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(
        &"feed.jsonl:1001:1: error[unreadable-file]: line is longer than the limit of 262144 \
          bytes (--max-file-size); not read"
    ));
    // The postings after it are linted, numbered by their lines in the file.
    assert_eq!(
        lines[lines.len() - 2],
        "feed.jsonl:1997:12: warning[hyperbolic-job-title]: \"Rockstar\" is a jargon job title: \
         say \"Specialist\""
    );
    assert_eq!(
        lines.last(),
        Some(&"1 error, 400 warnings in 401 files (2001 checked)")
    );
}

/// A spreadsheet export of `count` rows under a header (with a byte-order mark and CRLF row
/// ends), a jargon title in every fifth: quoted cells, some holding line breaks and `""`
/// quotes, and multi-byte text.
fn export(count: usize) -> String {
    let mut text = String::from("\u{feff}Job Title,Location,Job Description\r\n");
    for i in 0..count {
        let title = if i % 5 == 0 {
            "Rockstar Engineer"
        } else {
            "Backend Engineer"
        };
        let description = match i % 3 {
            0 => format!(
                "\"Posting {i}: the \"\"billing\"\" team,\r\nin Zürich \u{1F680}.\n\nRust.\""
            ),
            1 => format!("\"Posting {i}, caf\u{e9}: build the billing service.\""),
            _ => format!("Posting {i}: build the billing service in Rust."),
        };
        text.push_str(&format!("{title},\"Austin, TX\",{description}\r\n"));
    }
    text
}

#[test]
fn an_export_read_in_parts_is_reported_as_if_it_were_read_whole() {
    // About 450 KB: seven parts of 64 KB, each read under a copy of the header row.
    let text = export(5000);
    assert!(text.len() > 6 * 64 * 1024);
    let report = read_in_parts_and_whole("streaming-export", "jobs.csv", &text);
    assert_eq!(report["summary"]["files"], 5000);
    let found = report["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1000);
    // Row 4997 of the file (the header is row 1) starts on line 1 + 4995 + 1665 * 3: each
    // row before it whose description holds three line breaks adds three lines.
    let last = &found[999];
    assert_eq!(last["posting"], "row 4997");
    assert_eq!(last["start"]["line"], 1 + 4995 + 1665 * 3 + 1);
    let (start, end) = (
        last["range"]["start"].as_u64().unwrap() as usize,
        last["range"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "Rockstar");
}

#[test]
fn an_export_over_the_size_limit_is_read_row_by_row_and_a_longer_row_is_reported() {
    let mut text = export(2000);
    // A quoted cell of 300 KB, with line breaks in it, in the row after row 1001.
    let long_row = format!(
        "Rockstar Engineer,Reno,\"{}\"\r\n",
        "Build it.\n".repeat(30 * 1024)
    );
    let at = text.match_indices("\r\n").nth(1000).unwrap().0 + 2;
    text.insert_str(at, &long_row);
    let long_row_line = text[..at].matches('\n').count() + 1;
    let (code, out) = lint_with_a_256k_limit("jobs.csv", &text, "short");
    // The file is far above 256 KB; only the row above it is left out, with exit 2.
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    let error = format!(
        "jobs.csv:{long_row_line}:1: error[unreadable-file]: row is longer than the limit of \
         262144 bytes (--max-file-size); not read"
    );
    assert!(lines.contains(&error.as_str()), "{out}");
    // The rows after it are linted, numbered by their place in the file: the last jargon
    // title is in row 1997 of the export, row 1998 of the file with the long one in it.
    let report = json(&lint_with_a_256k_limit("jobs.csv", &text, "json").1);
    let found = report["diagnostics"].as_array().unwrap();
    let last = found.last().unwrap();
    assert_eq!(last["posting"], "row 1998");
    let start = last["range"]["start"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..start + 8], "Rockstar");
    assert_eq!(
        lines.last(),
        Some(&"1 error, 400 warnings in 401 files (2001 checked)")
    );
}

/// A job board's XML feed of `count` jobs (a byte-order mark, CRLF line ends, a comment above
/// the feed and in jobs, CDATA holding markup and `</job>` as text, attributes with `>` in
/// their quotes, self-closing elements, multi-byte text), a jargon title in every fifth; in
/// every seventh a directive silences it, and every eleventh shares its line with the next
/// (no part starts there).
fn xml_feed(count: usize) -> String {
    let mut text = String::from(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n\
         <!-- hirelint-disable-file tech-term-spelling -->\r\n\
         <source>\r\n<publisher>Acme Jobs</publisher>\r\n",
    );
    for i in 0..count {
        let title = if i % 5 == 0 {
            "Rockstar Engineer"
        } else {
            "Backend Engineer"
        };
        let directive = if i % 7 == 0 {
            "<!-- hirelint-disable-next-line hyperbolic-job-title -->\r\n"
        } else {
            ""
        };
        let end = if i % 11 == 0 { "" } else { "\r\n" };
        text.push_str(&format!(
            "<job id=\"{i}\" note=\"a > b\">\r\n{directive}<title><![CDATA[{title}]]></title>\r\n\
             <logo src=\"x.png\"/>\r\n<city>Zürich</city>\r\n<description><![CDATA[<p>Posting {i}: \
             build the billing service in Rust; close a deal with </job> in the text.</p>\r\n\
             <ul><li>5 years</li></ul>]]></description>\r\n</job>{end}"
        ));
    }
    text.push_str("</source>\r\n");
    text
}

/// An RSS feed of `count` items: the channel has a title and a description of its own.
fn rss_feed(count: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Acme careers</title>\n\
         <description>Every open role at Acme, updated daily.</description>\n",
    );
    for i in 0..count {
        let title = if i % 5 == 0 {
            "Data Ninja"
        } else {
            "Data Analyst"
        };
        text.push_str(&format!(
            "<item>\n<title>{title}</title>\n<description>&lt;p&gt;Item {i}: read the data and \
             tell the team what it says.&lt;/p&gt;</description>\n</item>\n"
        ));
    }
    text.push_str("</channel>\n</rss>\n");
    text
}

#[test]
fn a_large_xml_feed_read_in_parts_is_reported_as_if_it_were_read_whole() {
    for (name, text, postings, found) in [
        ("jobs.xml", xml_feed(3000), 3000, 600 - 86),
        ("items.rss", rss_feed(4000), 4000, 800),
    ] {
        // 700 KB and 600 KB: ten parts or more of 64 KB, each read under a copy of what
        // opens the feed.
        assert!(text.len() > 8 * 64 * 1024, "{name}: {}", text.len());
        // The directive above the feed silences a rule that finds nothing in any job: said
        // once for the file (not once a job), at the directive in the file, not at its copy
        // in a part.
        let report = read_in_parts_and_whole_for(
            &format!("streaming-{name}"),
            name,
            &text,
            "hyperbolic-job-title,unused-suppression",
        );
        assert_eq!(report["summary"]["files"], postings, "{name}");
        let (unused, diagnostics): (Vec<_>, Vec<_>) = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .partition(|d| d["rule"] == "unused-suppression");
        assert_eq!(diagnostics.len(), found, "{name}");
        if name == "jobs.xml" {
            // (And the next-line directives of the jobs whose title is not jargon.)
            let named = text.find("tech-term-spelling").unwrap();
            let at_the_top: Vec<_> = unused.iter().filter(|d| d["start"]["line"] == 2).collect();
            assert_eq!(at_the_top.len(), 1, "{name}");
            assert!(
                at_the_top.iter().all(|d| d["range"]["start"] == named),
                "{}",
                at_the_top[0]
            );
        }
        let last = diagnostics.last().unwrap();
        let start = last["range"]["start"].as_u64().unwrap() as usize;
        let words = if name == "jobs.xml" {
            "Rockstar"
        } else {
            "Ninja"
        };
        assert_eq!(&text[start..start + words.len()], words, "{name}");
    }
}

#[test]
fn a_job_element_over_the_size_limit_is_reported_and_the_jobs_after_it_are_read() {
    let mut text = xml_feed(2000);
    let long_job = format!(
        "<job>\r\n<title>Rockstar Engineer</title>\r\n<description>{}</description>\r\n</job>\r\n",
        "Build it. ".repeat(30 * 1024)
    );
    let at = text.match_indices("</job>\r\n").nth(999).unwrap().0 + 8;
    text.insert_str(at, &long_job);
    let long_job_line = text[..at].matches('\n').count() + 1;
    let (code, out) = lint_with_a_256k_limit("jobs.xml", &text, "short");
    assert_eq!(code, 2);
    let error = format!(
        "jobs.xml:{long_job_line}:1: error[unreadable-file]: job element is longer than the \
         limit of 262144 bytes (--max-file-size); not read"
    );
    assert!(out.lines().any(|l| l == error), "{out}");
    // The jobs after it are linted and named by their place in the file: the last jargon
    // title left unsilenced is job 1990's (1995 is silenced), the 1992nd `<job>` with the
    // long one before it.
    let report = json(&lint_with_a_256k_limit("jobs.xml", &text, "json").1);
    let last = report["diagnostics"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["posting"], "source/job[1992]");
    let start = last["range"]["start"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..start + 8], "Rockstar");
}

#[test]
fn a_feed_on_one_line_is_read_whole_within_the_limit_and_refused_past_it() {
    let text = xml_feed(300).replace("\r\n", "");
    assert!(!text.contains('\n') && text.len() > 64 * 1024);
    let dir = temp_dir("streaming-xml-one-line");
    std::fs::write(dir.join("jobs.xml"), &text).unwrap();
    let args = [
        "check",
        "--no-config",
        "--select",
        "hyperbolic-job-title",
        "--format",
        "short",
    ];
    let (code, out, _) = run_in(&dir, &[&args[..], &["jobs.xml"]].concat());
    assert_eq!(code, 1);
    // Every fifth title is jargon (on one line, a next-line directive has no line to cover).
    assert_eq!(
        out.lines().last(),
        Some("60 warnings in 60 files (300 checked)")
    );
    let args = [
        "check",
        "--no-config",
        "--select",
        "unreadable-file",
        "--format",
        "short",
        "--max-file-size",
        "64K",
        "jobs.xml",
    ];
    let (code, out, _) = run_in(&dir, &args);
    assert_eq!(code, 2);
    assert_eq!(
        out.lines().next(),
        Some(
            "jobs.xml:1:1: error[unreadable-file]: no job element ending a line in the feed's \
             first 65536 bytes (--max-file-size); not read"
        )
    );
}

/// An ATS export of `count` postings as one JSON array, pretty-printed (one key a line; CRLF
/// line ends when `crlf`): a jargon title in every fifth, escapes and multi-byte text in the
/// prose, a string holding `},` and a line break escaped, a nested list, and every ninth
/// element not a posting (a number), which still counts in the others' places.
fn json_export(count: usize, crlf: bool) -> String {
    let mut items = Vec::new();
    for i in 0..count {
        if i % 9 == 4 {
            items.push(format!("  {i}"));
            continue;
        }
        let title = if i % 5 == 0 {
            "Rockstar Engineer"
        } else {
            "Backend Engineer"
        };
        items.push(format!(
            "  {{\n    \"title\": \"{title}\",\n    \"description\": \"Posting {i}: caf\\u00e9 \u{1F680} \
             team, \\\"billing\\\" in Rust}},\\nfor 40 clients in Zürich.\",\n    \
             \"tags\": [\"rust\", \"{{x}}\"]\n  }}"
        ));
    }
    let text = format!("[\n{}\n]\n", items.join(",\n"));
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

#[test]
fn a_large_json_export_read_in_parts_is_reported_as_if_it_were_read_whole() {
    let export = json_export(4000, true);
    let wrapped = format!("{{\"jobs\": {}}}\n", json_export(4000, false).trim_end());
    // An API page: counts, then its list of jobs inside an object, then more.
    let page = format!(
        "{{\"offset\": 0, \"meta\": {{\"tags\": [\"a\", {{\"b\": \"],\\n\"}}]}},\n\"data\": {{\"content\": \
         {}, \"total\": 4000}}}}\n",
        json_export(4000, false).trim_end()
    );
    for (name, text, path) in [
        ("jobs.json", &export, "[3995]"),
        ("wrapped.json", &wrapped, "jobs[3995]"),
        ("page.json", &page, "data.content[3995]"),
    ] {
        // Ten parts or more of 64 KB, each read under what opens the array.
        assert!(text.len() > 8 * 64 * 1024, "{name}: {}", text.len());
        let report = read_in_parts_and_whole(&format!("streaming-{name}"), name, text);
        // Every element but the numbers is a posting; every fifth title is jargon, but
        // for one in nine of them, a number.
        assert_eq!(report["summary"]["files"], 4000 - 444, "{name}");
        let found = report["diagnostics"].as_array().unwrap();
        assert_eq!(found.len(), 800 - 88, "{name}");
        let last = found.last().unwrap();
        assert_eq!(last["posting"], path, "{name}");
        let start = last["range"]["start"].as_u64().unwrap() as usize;
        assert_eq!(&text[start..start + 8], "Rockstar", "{name}");
        // Read in parts, not whole: past a limit the whole file is over, nothing is refused.
        let (code, out) = lint_with_a_256k_limit(name, text, "short");
        assert_eq!(code, 1, "{name}: {}", out.lines().next().unwrap_or(""));
    }
}

#[test]
fn a_json_export_over_the_size_limit_is_read_element_by_element() {
    let text = json_export(20000, false);
    assert!(text.len() > 2 * 1024 * 1024);
    let (code, out) = lint_with_a_256k_limit("jobs.json", &text, "short");
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().last(),
        Some("3556 warnings in 3556 files (17778 checked)")
    );
    // On one line it cannot be cut: read whole within the limit, and refused past it.
    let one_line: String = text.lines().map(str::trim).collect();
    let (code, out) = lint_with_a_256k_limit("jobs.json", &one_line, "short");
    assert_eq!(code, 2);
    assert_eq!(
        out.lines().next(),
        Some(
            "jobs.json:1:1: error[unreadable-file]: no job element ending a line in the feed's \
             first 262144 bytes (--max-file-size); not read"
        )
    );
}

/// Settings of their own (no rule set shared with another test), as a run loads them.
fn fresh_settings() -> std::sync::Arc<hirelint::config::Settings> {
    use hirelint::config::{Builtins, ConfigArgs, Settings};
    let builtins = Builtins::load().expect("built-in data loads");
    std::sync::Arc::new(Settings::defaults(&builtins, &ConfigArgs::default()).unwrap())
}

fn jobs(
    settings: &std::sync::Arc<hirelint::config::Settings>,
    count: usize,
) -> Vec<hirelint::lint::Job> {
    (0..count)
        .map(|i| {
            let candidate = hirelint::discover::Candidate {
                path: format!("p{i}.md").into(),
                display: format!("p{i}.md"),
                format: hirelint::document::Format::Markdown,
                named: false,
            };
            hirelint::lint::Job::new(candidate, std::sync::Arc::clone(settings))
        })
        .collect()
}

#[test]
fn a_run_that_starts_with_many_files_is_long_from_its_first_posting() {
    use hirelint::lint::expect_long_run;
    use hirelint::source::{Origin, Part};

    // A hook's few files: each posting compiles what its own text arms.
    let few = fresh_settings();
    assert!(!expect_long_run(&jobs(&few, 31)));
    assert!(!few.rules.is_long_run());

    // A folder: whole automata and alternations from the first posting on.
    let many = fresh_settings();
    assert!(expect_long_run(&jobs(&many, 32)));
    assert!(many.rules.is_long_run());
    assert!(
        !few.rules.is_long_run(),
        "another run's rules are not marked"
    );

    // A feed starts with a few large parts.
    let feed = fresh_settings();
    let mut parts = jobs(&feed, 4);
    for job in &mut parts {
        job.part = Some(Part {
            bytes: Ok(vec![b'\n'; 64 << 10]),
            origin: Origin::default(),
            whole: false,
            numbering: None,
            footer: 0,
        });
    }
    assert!(expect_long_run(&parts));
    assert!(feed.rules.is_long_run());
}

/// Batches of jobs handed out in turn, reports counted.
struct Batches {
    batches: std::collections::VecDeque<Vec<hirelint::lint::Job>>,
    reports: usize,
}

impl hirelint::lint::Pipe for Batches {
    fn next_jobs(&mut self, _max: usize) -> Vec<hirelint::lint::Job> {
        self.batches.pop_front().unwrap_or_default()
    }

    fn report(&mut self, _report: hirelint::lint::FileReport) -> bool {
        self.reports += 1;
        true
    }
}

#[test]
fn a_rule_set_that_joins_a_long_run_late_is_long_too() {
    // The first batch makes the run long; a later batch brings the rules of another config
    // (a folder deeper in the walk with its own rules).
    let first = fresh_settings();
    let deeper = fresh_settings();
    let mut pipe = Batches {
        batches: [jobs(&first, 32), jobs(&deeper, 1)].into(),
        reports: 0,
    };
    hirelint::lint::lint_in_order(&mut pipe);
    assert_eq!(
        pipe.reports, 33,
        "each job is reported (the files do not exist)"
    );
    assert!(first.rules.is_long_run());
    assert!(deeper.rules.is_long_run());

    // A short run marks nothing, whatever comes after its first batch.
    let short = fresh_settings();
    let mut pipe = Batches {
        batches: [jobs(&short, 2), jobs(&short, 31)].into(),
        reports: 0,
    };
    hirelint::lint::lint_in_order(&mut pipe);
    assert_eq!(pipe.reports, 33);
    assert!(!short.rules.is_long_run());
}

/// Every fixture (Markdown, text, HTML, JSON, JSON Lines, front matter, CRLF) and a file that
/// is not there, `times` over, every fifth job under the `second` rule set: postings of both
/// sets, and reports made before linting, sit between postings linted together.
fn fixture_jobs(
    first: &std::sync::Arc<hirelint::config::Settings>,
    second: &std::sync::Arc<hirelint::config::Settings>,
    times: usize,
) -> Vec<hirelint::lint::Job> {
    let mut paths: Vec<std::path::PathBuf> = ["fixtures/postings", "fixtures/edge"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(dir)
                .expect("fixtures")
                .map(|e| e.unwrap().path())
        })
        .collect();
    paths.sort();
    paths.insert(3, "fixtures/postings/not-there.md".into());
    std::iter::repeat_n(&paths, times)
        .flatten()
        .enumerate()
        .map(|(i, path)| {
            let candidate = hirelint::discover::Candidate {
                path: path.clone(),
                display: path.display().to_string(),
                format: hirelint::document::Format::detect(path)
                    .unwrap_or(hirelint::document::Format::Markdown),
                named: true,
            };
            let settings = if i % 5 == 0 { second } else { first };
            hirelint::lint::Job::new(candidate, std::sync::Arc::clone(settings))
        })
        .collect()
}

/// What a report says, for comparing two ways of linting.
fn facts(
    r: &hirelint::lint::FileReport,
) -> (
    String,
    Option<String>,
    String,
    Vec<hirelint::diagnostic::Diagnostic>,
    Option<String>,
    bool,
) {
    (
        r.source.name.clone(),
        r.posting.clone(),
        format!("{:?} {:?} {:?}", r.role, r.title, r.pay),
        r.diagnostics.clone(),
        r.error.clone(),
        r.skipped,
    )
}

#[test]
fn postings_linted_together_rule_by_rule_find_what_they_find_one_by_one() {
    use hirelint::lint::{expect_long_run, lint_job, lint_jobs_together};

    let (first, second) = (fresh_settings(), fresh_settings());
    let jobs = fixture_jobs(&first, &second, 2);
    assert!(expect_long_run(&jobs), "{} jobs", jobs.len());
    let one_by_one: Vec<_> = jobs.clone().into_iter().flat_map(lint_job).collect();
    let together = lint_jobs_together(jobs);
    assert_eq!(together.len(), one_by_one.len());
    assert!(
        one_by_one
            .iter()
            .map(|r| r.diagnostics.len())
            .sum::<usize>()
            > 50
    );
    assert!(one_by_one.iter().any(|r| r.error.is_some()));
    for (a, b) in together.iter().zip(&one_by_one) {
        assert_eq!(facts(a), facts(b));
    }
}

/// Jobs handed out as many at a time as asked for; the reports kept, or, for a pipe that
/// `breaks`, a panic at the first one (a writer that fails).
struct Handed {
    jobs: std::collections::VecDeque<hirelint::lint::Job>,
    asked: usize,
    reports: Vec<hirelint::lint::FileReport>,
    breaks: bool,
}

impl Handed {
    fn new(jobs: Vec<hirelint::lint::Job>, breaks: bool) -> Handed {
        Handed {
            jobs: jobs.into(),
            asked: 0,
            reports: Vec::new(),
            breaks,
        }
    }
}

impl hirelint::lint::Pipe for Handed {
    fn next_jobs(&mut self, max: usize) -> Vec<hirelint::lint::Job> {
        self.asked += 1;
        let n = max.min(self.jobs.len());
        self.jobs.drain(..n).collect()
    }

    fn report(&mut self, report: hirelint::lint::FileReport) -> bool {
        assert!(!self.breaks, "the writer broke");
        self.reports.push(report);
        true
    }
}

#[test]
fn a_long_run_of_several_batches_reports_in_order_what_linting_one_by_one_finds() {
    use hirelint::lint::{lint_in_order, lint_job};

    let (first, second) = (fresh_settings(), fresh_settings());
    // More jobs than a batch (128), so the walk is asked again while the first is linted.
    let jobs = fixture_jobs(&first, &second, 6);
    assert!(jobs.len() > 128, "{} jobs", jobs.len());
    let mut pipe = Handed::new(jobs.clone(), false);
    lint_in_order(&mut pipe);
    assert!(first.rules.is_long_run() && second.rules.is_long_run());
    assert!(pipe.asked > 2, "asked {} times", pipe.asked);
    // Linted one by one once the run is long, as the run lints them sixteen at a time.
    let one_by_one: Vec<_> = jobs.into_iter().flat_map(lint_job).collect();
    assert_eq!(pipe.reports.len(), one_by_one.len());
    assert!(one_by_one.iter().any(|r| r.error.is_some()));
    for (a, b) in pipe.reports.iter().zip(&one_by_one) {
        assert_eq!(facts(a), facts(b));
    }
}

#[test]
fn one_thread_lints_a_long_run_as_two_do() {
    let dir = many_postings("streaming-one-thread", 300);
    let run = |threads: &str| {
        support::outcome(
            support::hirelint()
                .current_dir(&dir)
                .env("RAYON_NUM_THREADS", threads)
                .args(["check", "--no-config", "--format", "json", "."]),
        )
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.0, 1);
    assert_eq!(one, two);
    assert_eq!(json(&one.1)["summary"]["files"], 300);
}

#[test]
fn a_writer_that_panics_in_a_long_run_ends_it_rather_than_leaving_the_linting_waiting() {
    let settings = fresh_settings();
    let mut pipe = Handed::new(fixture_jobs(&settings, &settings, 6), true);
    // On a thread of its own, so that a run that hangs fails the test instead of stalling it.
    let (ended, end) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            hirelint::lint::lint_in_order(&mut pipe)
        }));
        let _ =
            ended.send(run.map_err(|panic| panic.downcast_ref::<&str>().map(|s| s.to_string())));
    });
    let run = end
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the run ends");
    assert_eq!(run, Err(Some("the writer broke".to_string())));
    assert!(settings.rules.is_long_run());
}
