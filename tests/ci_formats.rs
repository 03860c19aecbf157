//! The CI outputs as their readers read them: GitHub annotations decoded as the runner does,
//! SARIF and GitLab Code Quality with their required fields, JSON Lines, and the same exit
//! codes in every format.

use serde_json::Value;

mod support;
use support::{json as json_of, run_in as run, temp_dir};

/// A posting with five findings.
const POSTING: &str = "# Senior Rockstar Engineer\n\nWe want a ninja who can work hard, play hard.\n\nA PhD is required.\n";

/// A workflow command's name, properties and message.
type WorkflowCommand = (String, Vec<(String, String)>, String);

/// One decoded workflow command (the runner's `TryParseV2`).
fn decode(line: &str) -> Option<WorkflowCommand> {
    let unescape = |s: &str, property: bool| {
        let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
        if property {
            s = s.replace("%3A", ":").replace("%2C", ",");
        }
        s.replace("%25", "%")
    };
    let rest = line.trim_start().strip_prefix("::")?;
    let end = rest.find("::")?;
    let (command, data) = (&rest[..end], &rest[end + 2..]);
    let (name, properties) = command.split_once(' ').unwrap_or((command, ""));
    let properties = properties
        .split(',')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), unescape(v, true)))
        .collect();
    Some((name.to_string(), properties, unescape(data, false)))
}

#[test]
fn github_annotations_decode_to_the_short_output() {
    let dir = temp_dir("github");
    std::fs::write(dir.join("a,b:c 50%.md"), POSTING).unwrap();
    let (code, short, _) = run(
        &dir,
        &["check", "--no-config", "--format", "short", "-q", "."],
    );
    let (github_code, github, _) = run(&dir, &["check", "--no-config", "--format", "github", "."]);
    assert_eq!((code, github_code), (1, 1));
    let decoded: Vec<_> = github.lines().filter_map(decode).collect();
    assert_eq!(decoded.len(), short.lines().count(), "{github}");
    for ((name, properties, data), line) in decoded.iter().zip(short.lines()) {
        // short: `path:line:col: level[rule]: message`
        let (location, rest) = line.split_once(": ").unwrap();
        let (level_rule, message) = rest.split_once(": ").unwrap();
        let rule = level_rule.split_once('[').unwrap().1.trim_end_matches(']');
        assert_eq!(name, "warning");
        let get = |key: &str| {
            properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("file"), Some("a,b:c 50%.md"));
        assert_eq!(get("title"), Some(format!("hirelint ({rule})").as_str()));
        let mut parts = location.rsplitn(3, ':');
        let col = parts.next().unwrap();
        let line_no = parts.next().unwrap();
        assert_eq!(get("line"), Some(line_no));
        assert_eq!(get("col"), Some(col));
        assert_eq!(data, &format!("{location}: {message}"));
    }
}

/// Twelve postings titled `title`, two more than GitHub annotates of one kind.
fn twelve_postings(name: &str, title: &str) -> support::Scratch {
    let dir = temp_dir(name);
    for i in 0..12 {
        let text = format!("# {title}\n\nShip it.\n");
        std::fs::write(dir.join(format!("p{i:02}.md")), text).unwrap();
    }
    dir
}

#[test]
fn github_says_how_many_findings_it_could_not_annotate() {
    let dir = twelve_postings("github-limit", "Rockstar Engineer");
    let (_, out, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "hyperbolic-job-title",
            "--format",
            "github",
            ".",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning ")).count(),
        10
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("warning[")).count(),
        2
    );
    assert_eq!(
        lines.last().unwrap(),
        &"::notice::hirelint: 2 more findings not annotated (GitHub shows 10 per kind per step); see the log above"
    );
}

#[test]
fn in_a_github_step_every_finding_is_appended_to_the_job_summary() {
    let dir = twelve_postings("github-summary", "Rockstar | Engineer");
    // The runner's file lives outside the checkout.
    let runner = temp_dir("github-summary-runner");
    let summary = runner.join("step_summary.md");
    std::fs::write(&summary, "# An earlier step\n").unwrap();
    let (code, out, _) = support::outcome(
        support::hirelint()
            .current_dir(&dir)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", "--no-config", "--select", "hyperbolic-job-title"])
            .args(["--format", "github", "."]),
    );
    assert_eq!(code, 1);
    assert!(
        out.ends_with("see the log above or the job summary\n"),
        "{out}"
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    // What earlier steps wrote stays; the counts, then every finding, pipes escaped.
    assert_eq!(
        lines[..9],
        [
            "# An earlier step",
            "## hirelint",
            "",
            "12 warnings in 12 files (12 checked)",
            "",
            "| rule | level | findings |",
            "|---|---|---|",
            "| `hyperbolic-job-title` | warning | 12 |",
            "",
        ]
    );
    let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with("| p")).collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(
        *rows[0],
        "| p00.md | 1:3 | warning | `hyperbolic-job-title` | \"Rockstar\" is a jargon job title: say \"Specialist\" |"
    );

    // Outside a GitHub step nothing is written.
    let (_, _, _) = run(&dir, &["check", "--no-config", "--format", "github", "."]);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), written);
}

#[test]
fn sarif_has_what_code_scanning_requires() {
    let dir = temp_dir("sarif");
    std::fs::create_dir_all(dir.join("jobs dir")).unwrap();
    std::fs::write(dir.join("jobs dir/ml.md"), POSTING).unwrap();
    let (code, out, _) = run(&dir, &["check", "--no-config", "--format", "sarif", "."]);
    assert_eq!(code, 1);
    let sarif = json_of(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "hirelint");
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(!text.is_empty() && text.chars().count() <= 1024, "{rule}");
        }
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 5, "{out}");
    let (_, json_out, _) = run(&dir, &["check", "--no-config", "--format", "json", "."]);
    let diagnostics = json_of(&json_out)["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    for (result, d) in results.iter().zip(&diagnostics) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], d["rule"]);
        assert_eq!(result["message"]["text"], d["message"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "jobs%20dir/ml.md");
        let region = &location["region"];
        assert_eq!(region["startLine"], d["start"]["line"]);
        assert_eq!(region["startColumn"], d["start"]["column"]);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
    }
}

#[test]
fn gitlab_items_have_the_required_fields_and_fingerprints_survive_an_edit_above() {
    let dir = temp_dir("gitlab");
    std::fs::write(dir.join("ml.md"), POSTING).unwrap();
    let (code, out, _) = run(&dir, &["check", "--no-config", "--format", "gitlab", "."]);
    assert_eq!(code, 1);
    assert!(!out.starts_with('\u{feff}'));
    let items = json_of(&out).as_array().unwrap().clone();
    assert_eq!(items.len(), 5);
    let mut fingerprints: Vec<&str> = items
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    for item in &items {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(item[field].is_string(), "{item}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&item["severity"].as_str().unwrap())
        );
        assert_eq!(item["location"]["path"], "ml.md");
        assert!(
            item["location"]["positions"]["begin"]["line"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 5);
    // A paragraph added above moves every line but no fingerprint.
    std::fs::write(
        dir.join("ml.md"),
        POSTING.replacen("\n\n", "\n\nWe are a team of twelve in Leeds.\n\n", 1),
    )
    .unwrap();
    let (_, moved, _) = run(&dir, &["check", "--no-config", "--format", "gitlab", "."]);
    let moved = json_of(&moved);
    let before: Vec<&Value> = items.iter().map(|i| &i["fingerprint"]).collect();
    let after: Vec<&Value> = moved
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["fingerprint"])
        .collect();
    assert_eq!(before, after);
    assert_ne!(
        items[3]["location"]["positions"]["begin"]["line"],
        moved[3]["location"]["positions"]["begin"]["line"]
    );
}

#[test]
fn json_lines_are_the_json_diagnostics_one_per_line() {
    let dir = temp_dir("jsonl");
    std::fs::write(dir.join("ml.md"), POSTING).unwrap();
    let (_, lines, _) = run(
        &dir,
        &["check", "--no-config", "--format", "json-lines", "."],
    );
    let (_, whole, _) = run(&dir, &["check", "--no-config", "--format", "json", "."]);
    let from_lines: Vec<Value> = lines.lines().map(json_of).collect();
    assert_eq!(
        &from_lines,
        json_of(&whole)["diagnostics"].as_array().unwrap()
    );
}

#[test]
fn every_format_exits_0_1_2_alike_and_exit_zero_and_output_file_work() {
    let dir = temp_dir("exits");
    std::fs::write(
        dir.join("clean.md"),
        "# Barista\n\nPay: $19 - $22 per hour, with health insurance.\n",
    )
    .unwrap();
    std::fs::write(dir.join("ml.md"), POSTING).unwrap();
    std::fs::write(dir.join("bad.json"), "{\"title\": ").unwrap();
    for format in [
        "human",
        "short",
        "json",
        "json-lines",
        "github",
        "sarif",
        "gitlab",
        "html",
    ] {
        let base = ["check", "--no-config", "--format", format];
        assert_eq!(
            run(&dir, &[&base[..], &["clean.md"]].concat()).0,
            0,
            "{format}"
        );
        assert_eq!(
            run(&dir, &[&base[..], &["ml.md"]].concat()).0,
            1,
            "{format}"
        );
        assert_eq!(
            run(&dir, &[&base[..], &["bad.json"]].concat()).0,
            2,
            "{format}"
        );
        assert_eq!(
            run(&dir, &[&base[..], &["--exit-zero", "ml.md"]].concat()).0,
            0,
            "{format}"
        );
        assert_eq!(
            run(&dir, &[&base[..], &["--exit-zero", "bad.json"]].concat()).0,
            2,
            "{format}"
        );
    }
    // One run: SARIF to a file, the findings on the terminal.
    let (code, _, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--output-file",
            "out/../report.sarif",
            "--color",
            "never",
            "ml.md",
        ],
    );
    assert_eq!(
        code, 2,
        "the folder out/ does not exist: the report cannot be written"
    );
    assert!(!dir.join("report.sarif").exists());
    let (code, out2, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--output-file",
            "report.sarif",
            "--color",
            "never",
            "ml.md",
        ],
    );
    assert_eq!(code, 1);
    let sarif = json_of(&std::fs::read_to_string(dir.join("report.sarif")).unwrap());
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 5);
    assert!(
        out2.contains("warning[phd-required-for-engineer]"),
        "{out2}"
    );
    assert!(
        out2.trim_end()
            .ends_with("5 warnings in 1 file (1 checked)"),
        "{out2}"
    );
    // Statistics: the count per rule, then the summary.
    let (code, stats, _) = run(&dir, &["check", "--no-config", "--statistics", "ml.md"]);
    assert_eq!(code, 1);
    let rows: Vec<&str> = stats.lines().collect();
    assert_eq!(rows.len(), 5, "{stats}");
    assert!(
        rows.iter()
            .any(|r| r.trim_start().starts_with("1  phd-required-for-engineer")),
        "{stats}"
    );
    assert_eq!(rows[4], "5 warnings in 1 file (1 checked)");
}

#[test]
fn the_html_report_marks_each_finding_in_its_words_and_shows_the_posting_as_text() {
    let dir = temp_dir("html-report");
    // Markup in a plain-text posting is text: the report must show it, never run it.
    std::fs::write(
        dir.join("rockstar.txt"),
        "Rockstar Engineer <script>alert(1)</script>\n\nWe want a rockstar & a ninja.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("clean.md"),
        "# Backend Engineer\n\nBuild our APIs in Go. Pay: $140,000 - $160,000 per year.\n",
    )
    .unwrap();
    let (code, page, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "hyperbolic-job-title",
            "--format",
            "html",
            ".",
        ],
    );
    assert_eq!(code, 1);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.trim_end().ends_with("</html>"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("<h2>Rockstar Engineer &lt;script&gt;alert(1)&lt;/script&gt;</h2>"),
        "{page}"
    );
    // Each finding's words are marked in their line, with what to write instead.
    assert!(
        page.contains("We want a <mark>rockstar</mark> &amp; a ninja."),
        "{page}"
    );
    assert!(
        page.contains("We want a rockstar &amp; a <mark>ninja</mark>."),
        "{page}"
    );
    assert_eq!(
        page.matches("<div class=\"finding warning\">").count(),
        3,
        "{page}"
    );
    assert!(page.contains("<p class=\"instead\">Instead: "), "{page}");
    // The posting with findings is in the contents, linked to its section; the clean one is
    // listed, folded, with its pay read, and has no section of its own.
    let section = page
        .split("<section class=\"posting\" id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        page.contains(&format!(
            "<h2>Postings with findings</h2>\n<ol>\n<li><a href=\"#{section}\">Rockstar \
             Engineer &lt;script&gt;alert(1)&lt;/script&gt;</a> <span class=\"where\">"
        )),
        "{page}"
    );
    assert!(page.contains(" · 3 warnings</span></li>"), "{page}");
    assert_eq!(
        page.matches("<section class=\"posting\"").count(),
        1,
        "{page}"
    );
    assert!(
        page.contains(
            "<details class=\"clean\"><summary>1 posting with no findings</summary>\n<ul>\n\
             <li>Backend Engineer <span class=\"where\">clean.md</span> <span class=\"facts\">\
             Read as: "
        ),
        "{page}"
    );
    assert!(
        page.contains("Pay: $140,000 - $160,000 per year</span></li>"),
        "{page}"
    );
    assert!(
        page.contains("<p>3 warnings in 1 posting (of 2 checked).</p>"),
        "{page}"
    );
    // The summary's table: each rule found, in how many postings and how often.
    assert!(
        page.contains(
            "<tr><td>jargon title <span class=\"rule\">hyperbolic-job-title</span></td>\
             <td>warning</td><td>1</td><td>3</td></tr>"
        ),
        "{page}"
    );
    // A balance's counted words are listed after the first, each with its label and line.
    std::fs::write(
        dir.join("coded.md"),
        "# Sales Lead\n\nWe want an ambitious, assertive, competitive and decisive person.\n",
    )
    .unwrap();
    let (_, page, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "gender-coded-wording",
            "--format",
            "html",
            "coded.md",
        ],
    );
    assert!(
        page.contains(
            "<p class=\"also\">Also: <mark>assertive</mark> (masculine-coded, line 3), \
             <mark>competitive</mark> (masculine-coded, line 3), <mark>decisive</mark> \
             (masculine-coded, line 3)</p>"
        ),
        "{page}"
    );
}
