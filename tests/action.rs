//! The GitHub Action's shell steps, run here as the runner runs them: the install step finds a
//! cached binary and puts it on the PATH, and the lint step prints annotations, writes SARIF
//! when asked and exits as hirelint does.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::temp_dir;

/// Held by each test that copies the binary and then runs it. Another test's child process,
/// between its fork and its exec, holds every file this process has open for writing, and
/// running the copy then fails with "Text file busy" (ETXTBSY): tests here must not fork
/// while a copy is being written.
static COPY_THEN_RUN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A folder holding `bin/hirelint`, as the cache restores it.
fn cached_install(dir: &Path) -> PathBuf {
    let root = dir.join("hirelint");
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::copy(
        assert_cmd::cargo::cargo_bin("hirelint"),
        root.join("bin/hirelint"),
    )
    .unwrap();
    root
}

#[test]
fn the_action_names_its_steps_and_they_exist() {
    let action = std::fs::read_to_string("action.yml").unwrap();
    for script in [".github/action/install.sh", ".github/action/run.sh"] {
        assert!(
            action.contains(&format!("$GITHUB_ACTION_PATH/{script}")),
            "{script}"
        );
        assert!(Path::new(script).is_file(), "{script}");
    }
    for input in ["paths:", "args:", "sarif-file:"] {
        assert!(action.contains(input), "{input}");
    }
}

#[test]
fn install_uses_the_cached_binary_and_puts_it_on_the_path() {
    let _alone = COPY_THEN_RUN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir("install");
    let root = cached_install(&dir);
    let github_path = dir.join("github_path");
    let out = Command::new("bash")
        .arg(".github/action/install.sh")
        .env("HIRELINT_SOURCE", ".")
        .env("HIRELINT_ROOT", &root)
        .env("GITHUB_PATH", &github_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("hirelint: cached hirelint "), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap(),
        format!("{}\n", root.join("bin").display())
    );
}

#[test]
fn the_lint_step_annotates_writes_sarif_and_fails_on_findings() {
    let _alone = COPY_THEN_RUN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_dir("run");
    let root = cached_install(&dir);
    let postings = dir.join("postings");
    std::fs::create_dir_all(&postings).unwrap();
    std::fs::write(
        postings.join("bad.md"),
        "# Rockstar Engineer\n\nShip the checkout. Pay: $120,000 - $150,000 per year.\n",
    )
    .unwrap();
    std::fs::write(
        postings.join("good.md"),
        "# Barista\n\nPay: $19 - $22 per hour, with health insurance.\n",
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        root.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |paths: &str, sarif: &str| {
        Command::new("bash")
            .arg(Path::new(".github/action/run.sh").canonicalize().unwrap())
            .current_dir(&dir)
            .env("PATH", &path)
            .env("INPUT_PATHS", paths)
            .env("INPUT_ARGS", "--no-config")
            .env("INPUT_SARIF_FILE", sarif)
            .output()
            .unwrap()
    };
    let out = run("postings/", "report.sarif");
    assert_eq!(out.status.code(), Some(1));
    let annotations = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        annotations,
        "::warning file=postings/bad.md,line=1,endLine=1,col=3,endColumn=11,title=hirelint (hyperbolic-job-title)::postings/bad.md:1:3: \"Rockstar\" is a jargon job title: say \"Specialist\"\n"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.sarif")).unwrap()).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "hyperbolic-job-title"
    );
    // A clean posting passes the step, with nothing to say.
    let out = run("postings/good.md", "");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}
