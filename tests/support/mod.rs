//! Shared by the integration tests: scratch folders, JSON output, and a team rule file
//! written the way users write them.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// hirelint, with `NO_COLOR` unset (tests ask for colour, or not, with `--color`).
pub fn hirelint() -> Command {
    let mut cmd = Command::cargo_bin("hirelint").unwrap();
    cmd.env_remove("NO_COLOR");
    // A test run inside GitHub Actions must not write the job's summary.
    cmd.env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// Runs `cmd`: (exit code, stdout, stderr).
pub fn outcome(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs hirelint in `dir` with `args`: (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(hirelint().current_dir(dir).args(args))
}

/// A scratch folder for one test, removed when the test is done with it; a failing test
/// leaves it behind, to be looked at.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A fresh scratch folder for one test (the process id keeps test binaries apart).
pub fn temp_dir(name: &str) -> Scratch {
    temp_repo(name, &[])
}

/// A fresh scratch folder holding `files` (path, text).
pub fn temp_repo(name: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = std::env::temp_dir().join(format!("hirelint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Scratch(dir)
}

/// JSON output, parsed.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("valid JSON")
}

/// A user rule in category `culture`, with one test that fires and one that must not.
pub const TEAM_RULE: &str = r#"name = "code-monkey"
level = "warning"
message = "say \"engineer\", not \"{match}\""
[check]
kind = "pattern"
words = ["code monkey"]
[docs]
what = "Flags code monkey."
why = "It demeans the job."
example = "We need a code monkey."
instead = "We need an engineer."
[[tests]]
text = "We need a code monkey."
expect = ["code monkey"]
[[tests]]
text = "We need an engineer."
expect = []
"#;
