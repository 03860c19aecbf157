//! `--fix`, `--unsafe-fixes` and `--diff` as users run them: files fixed in place and
//! atomically, nothing touched that has nothing to fix, read-only files refused, and the
//! editor flow on stdin.

use std::path::{Path, PathBuf};

mod support;
use support::{Scratch, hirelint, outcome, temp_dir};

const FIXTURE: &str = "fixtures/fix/tech-stack-typos.md";

fn temp_copy(name: &str) -> (Scratch, PathBuf) {
    let dir = temp_dir(&format!("fix-{name}"));
    let file = dir.join("posting.md");
    std::fs::copy(FIXTURE, &file).unwrap();
    (dir, file)
}

fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    outcome(
        hirelint()
            .current_dir(dir)
            .args(["check", "--no-config", "--format", "short"])
            .args(args)
            .write_stdin(stdin),
    )
}

#[test]
fn safe_fixes_are_applied_in_place_and_a_second_run_finds_nothing_to_fix() {
    let (dir, file) = temp_copy("safe");
    let (code, out, err) = run(&dir, &["--fix", "posting.md"], b"");
    assert_eq!(err, "hirelint: fixed 6 findings in 1 file\n");
    // What is left: the jargon title, whose fix is unsafe.
    assert_eq!(
        out,
        "posting.md:15:19: warning[hyperbolic-job-title]: \"guru\" is a jargon job title: say \"specialist\"\n1 warning in 1 file (1 checked)\n"
    );
    assert_eq!(code, 1);
    let fixed = std::fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!("safe_fixes", fixed);
    // Idempotent, and a file with nothing to fix is not written at all.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (_, _, err) = run(&dir, &["--fix", "posting.md"], b"");
    assert_eq!(err, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["posting.md"]);
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let (dir, file) = temp_copy("unsafe");
    let (code, out, err) = run(&dir, &["--fix", "--unsafe-fixes", "-q", "posting.md"], b"");
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(err, "hirelint: fixed 7 findings in 1 file\n");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("- Be the payments specialist the support team can call on."));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_a_read_only_file_is_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = temp_copy("modes");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    run(&dir, &["--fix", "posting.md"], b"");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    let (dir, file) = temp_copy("read-only");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, out, err) = run(&dir, &["--fix", "posting.md"], b"");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: cannot fix posting.md: the file is read-only; it was left unchanged\n"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(FIXTURE).unwrap()
    );
    // Its findings are still reported, as found in the file.
    assert!(
        out.contains("posting.md:9:10: info[tech-term-spelling]"),
        "{out}"
    );
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let (dir, file) = temp_copy("diff");
    let (code, out, err) = run(&dir, &["--diff", "posting.md"], b"");
    assert_eq!(code, 1);
    assert_eq!(err, "hirelint: 6 fixes would be applied in 1 file\n");
    assert!(
        out.starts_with("--- a/posting.md\n+++ b/posting.md\n@@ -6,15 +6,15 @@\n"),
        "{out}"
    );
    assert!(
        out.contains("\n-- Own the settlement service and its Github Actions pipelines.\n"),
        "{out}"
    );
    assert!(
        out.contains("\n+- Own the settlement service and its GitHub Actions pipelines.\n"),
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .count(),
        5
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        std::fs::read_to_string(FIXTURE).unwrap()
    );
    // Nothing to fix: no diff, exit 0.
    run(&dir, &["--fix", "posting.md"], b"");
    let (code, out, _) = run(&dir, &["--diff", "posting.md"], b"");
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn stdin_with_fix_prints_the_fixed_posting_for_the_editor() {
    let (dir, _) = temp_copy("stdin");
    let text = "# Data Engineer\n\nWe ship on Github with java script.\n";
    let (code, out, _) = run(
        &dir,
        &["--fix", "--stdin-filename", "jobs/data.md", "-"],
        text.as_bytes(),
    );
    assert_eq!(
        out,
        "# Data Engineer\n\nWe ship on GitHub with JavaScript.\n"
    );
    // What is left (no pay range) still sets the exit code.
    assert_eq!(code, 1);
    // Nothing to fix: the buffer comes back as it was.
    let clean = "# Data Engineer\n\nWe ship on GitHub. Pay: $120,000 - $140,000 per year.\n";
    let (code, out, _) = run(&dir, &["--fix", "-"], clean.as_bytes());
    assert_eq!((code, out.as_str()), (0, clean));
    // A byte-order mark and CRLF survive a fix.
    let crlf = "\u{feff}# Data Engineer\r\n\r\nWe ship on Github.\r\n";
    let (_, out, _) = run(
        &dir,
        &["--fix", "--stdin-filename", "a.md", "-"],
        crlf.as_bytes(),
    );
    assert_eq!(out, "\u{feff}# Data Engineer\r\n\r\nWe ship on GitHub.\r\n");
}

/// `tech-term-spelling`'s fixes written into an export `name` holding `text`: what `--fix`
/// said, and the file after it. Every "Github" and "Javascript" of these exports is fixable.
fn spelling_fixed(name: &str, text: &str) -> (String, String) {
    let dir = temp_dir(&format!("fix-{name}"));
    std::fs::write(dir.join(name), text).unwrap();
    let (_, _, err) = run(
        &dir,
        &["--select", "tech-term-spelling", "--fix", name],
        b"",
    );
    (err, std::fs::read_to_string(dir.join(name)).unwrap())
}

/// `text` as the fixes above leave it.
fn spelled(text: &str) -> String {
    text.replace("Github", "GitHub")
        .replace("Javascript", "JavaScript")
}

#[test]
fn fixes_in_a_feed_go_into_each_job_through_cdata_and_entities() {
    let feed = "<?xml version=\"1.0\"?>\n<jobs><job><title>Backend Engineer</title>\n\
                <description><![CDATA[<p>We use Github and Javascript daily.</p>]]></description></job>\n\
                <job><title>Frontend Engineer</title>\n\
                <description>&lt;p&gt;Our stack: Javascript &amp;amp; Github.&lt;/p&gt;</description></job></jobs>\n";
    let (err, fixed) = spelling_fixed("feed.xml", feed);
    assert_eq!(err, "hirelint: fixed 4 findings in 1 file\n");
    assert_eq!(fixed, spelled(feed));
}

#[test]
fn fixes_in_a_spreadsheet_export_go_into_each_row_through_its_quotes() {
    let export = "Job Title,Job Description\r\n\
                  Backend Engineer,\"We use \"\"Github\"\", Javascript\r\nand Go.\"\r\n\
                  Frontend Engineer,Our stack: Javascript and Github.\r\n";
    let (err, fixed) = spelling_fixed("jobs.csv", export);
    assert_eq!(err, "hirelint: fixed 4 findings in 1 file\n");
    assert_eq!(fixed, spelled(export));
}

#[test]
fn fixes_in_a_yaml_data_file_go_into_its_blocks_and_quotes() {
    let jobs = "- title: Backend Engineer\n  location: Remote\n  description: |\n    \
                We use Github\n    and Javascript daily.\n  requirements:\n    \
                - 'Javascript, and it''s Github too'\n";
    let (err, fixed) = spelling_fixed("jobs.yml", jobs);
    assert_eq!(err, "hirelint: fixed 4 findings in 1 file\n");
    assert_eq!(fixed, spelled(jobs));
}
