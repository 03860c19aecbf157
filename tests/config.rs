//! Configuration as users meet it: hirelint.toml discovery, levels, select/ignore, exclude,
//! overrides, rule folders, suppressions, init, test-lints and config errors. Each test
//! builds a small postings repository in a temp folder.

use std::path::Path;

mod support;
use support::{TEAM_RULE, run_in as run, temp_repo as repo};

const PHD_POSTING: &str = "# Machine Learning Engineer\n\n## Requirements\n\n- A PhD is required.\n\nBase salary: $150,000–$180,000 per year.\n";

/// `check --format short --quiet` lines.
fn short(dir: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["check", "--format", "short", "--quiet"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(dir, &args);
    assert!(code != 2, "exit 2: {err}");
    (code, out.lines().map(str::to_string).collect())
}

#[test]
fn the_nearest_config_applies_to_each_file_from_any_working_folder() {
    let dir = repo(
        "nested",
        &[
            (
                "hirelint.toml",
                "[rules]\nphd-required-for-engineer = \"error\"\n",
            ),
            ("jobs/ml.md", PHD_POSTING),
            (
                "jobs/interns/hirelint.toml",
                "[rules]\nphd-required-for-engineer = \"info\"\n",
            ),
            ("jobs/interns/ml.md", PHD_POSTING),
        ],
    );
    let (code, lines) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "jobs/interns/ml.md:5:5: info[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"",
            "jobs/ml.md:5:5: error[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD is required\"",
        ]
    );
    // From inside the nested folder, naming the file: its own config still wins.
    let (_, lines) = short(&dir.join("jobs/interns"), &["ml.md"]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("ml.md:5:5: info["), "{lines:?}");
    // From a folder without a config, the nearest one above the file is found.
    let (_, lines) = short(&dir.join("jobs"), &["ml.md"]);
    assert!(lines[0].starts_with("ml.md:5:5: error["), "{lines:?}");
    // --no-config: defaults; --config: that file for every posting.
    let (_, lines) = short(&dir, &["--no-config", "jobs/ml.md"]);
    assert!(lines[0].contains(": warning["), "{lines:?}");
    let (_, lines) = short(
        &dir,
        &["--config", "jobs/interns/hirelint.toml", "jobs/ml.md"],
    );
    assert!(lines[0].contains(": info["), "{lines:?}");
}

#[test]
fn a_dot_config_is_found_too() {
    let dir = repo(
        "dot",
        &[
            (
                ".hirelint.toml",
                "[rules]\nphd-required-for-engineer = \"off\"\n",
            ),
            ("ml.md", PHD_POSTING),
        ],
    );
    assert_eq!(short(&dir, &[]), (0, vec![]));
}

#[test]
fn levels_by_rule_and_by_category() {
    let dir = repo(
        "levels",
        &[
            (
                "hirelint.toml",
                "[categories]\nrole = \"info\"\n[rules]\ngraduate-math-for-engineer = \"error\"\n",
            ),
            (
                "ml.md",
                "# ML Engineer\n\n## Requirements\n\n- A PhD is required.\n- Graduate-level statistics\n\nBase salary: $150,000–$180,000 per year.\n",
            ),
        ],
    );
    let (code, lines) = short(&dir, &[]);
    assert_eq!(code, 1, "the error-level rule fails the run");
    assert!(
        lines[0].contains("info[phd-required-for-engineer]"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("error[graduate-math-for-engineer]"),
        "{lines:?}"
    );
    // The category alone at info: nothing fails at the default --fail-on warning.
    std::fs::write(dir.join("hirelint.toml"), "[categories]\nrole = \"info\"\n").unwrap();
    let (code, lines) = short(&dir, &[]);
    assert_eq!((code, lines.len()), (0, 2));
}

#[test]
fn select_and_ignore_from_config_and_command_line() {
    let posting = "# Machine Learning Engineer\n\n## Requirements\n\n- A PhD is required.\n- Graduate-level statistics\n\nBase salary: $150,000–$180,000 per year.\n";
    let dir = repo(
        "select",
        &[
            (
                "hirelint.toml",
                "select = [\"graduate-math-for-engineer\"]\n",
            ),
            ("ml.md", posting),
        ],
    );
    let (_, lines) = short(&dir, &[]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("[graduate-math-for-engineer]"));
    // --select replaces the config's select; --ignore adds to its ignore.
    let (_, lines) = short(&dir, &["--select", "role"]);
    assert_eq!(lines.len(), 2);
    let (_, lines) = short(
        &dir,
        &["--select", "role", "--ignore", "phd-required-for-engineer"],
    );
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("[graduate-math-for-engineer]"));
    std::fs::write(dir.join("hirelint.toml"), "ignore = [\"role\"]\n").unwrap();
    assert_eq!(short(&dir, &[]), (0, vec![]));
    let (code, _, err) = run(&dir, &["check", "--select", "rol"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule or category `rol` in --select"),
        "{err}"
    );
}

#[test]
fn exclude_globs_skip_walked_files_and_force_exclude_named_ones() {
    let dir = repo(
        "exclude",
        &[
            ("hirelint.toml", "exclude = [\"drafts/**\", \"*.txt\"]\n"),
            ("drafts/ml.md", PHD_POSTING),
            ("ml.txt", PHD_POSTING),
            ("ml.md", PHD_POSTING),
        ],
    );
    let (_, lines) = short(&dir, &[]);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("ml.md:"), "{lines:?}");
    // A file named on the command line is linted (unless --force-exclude, as pre-commit uses).
    let (_, lines) = short(&dir, &["drafts/ml.md"]);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        short(&dir, &["--force-exclude", "drafts/ml.md"]),
        (0, vec![])
    );
}

#[test]
fn overrides_set_levels_for_matching_paths() {
    let config = "[[overrides]]\npaths = [\"internships/**\"]\n[overrides.rules]\nphd-required-for-engineer = \"off\"\n\n[[overrides]]\npaths = [\"senior/*.md\"]\n[overrides.categories]\nrole = \"error\"\n";
    let dir = repo(
        "overrides",
        &[
            ("hirelint.toml", config),
            ("internships/ml.md", PHD_POSTING),
            ("senior/ml.md", PHD_POSTING),
            ("ml.md", PHD_POSTING),
        ],
    );
    let (_, lines) = short(&dir, &[]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("ml.md:5:5: warning["), "{lines:?}");
    assert!(
        lines[1].starts_with("senior/ml.md:5:5: error["),
        "{lines:?}"
    );
    let (_, out, _) = run(&dir, &["rules", "internships/ml.md"]);
    let row = out
        .lines()
        .find(|l| l.starts_with("phd-required-for-engineer"))
        .unwrap();
    assert!(row.contains(" off ") && row.contains("override"), "{row}");
}

const REPLACEMENT: &str = r##"name = "phd-required-for-engineer"
level = "error"
families = ["engineer"]
message = "our policy: no PhD requirements for engineers (\"{match}\")"
[check]
kind = "pattern"
patterns = ['\bph\.?d\b[^.]*\brequired\b']
[docs]
what = "House version."
why = "Policy."
example = "# ML Engineer\n\nA PhD is required."
instead = "# ML Engineer\n\nA PhD is welcome."
[[tests]]
text = "# ML Engineer\n\nA PhD is required."
expect = ["PhD is required"]
[[tests]]
text = "# ML Engineer\n\nA PhD is welcome."
expect = []
"##;

#[test]
fn lint_folders_add_rules_and_replace_builtins() {
    let dir = repo(
        "lint-folders",
        &[
            ("hirelint.toml", "lints = [\"team-lints\"]\n"),
            (
                "team-lints/_categories.toml",
                "[culture]\ndescription = \"Team culture words\"\n",
            ),
            ("team-lints/culture/code-monkey.toml", TEAM_RULE),
            (
                "team-lints/role/phd-required-for-engineer.toml",
                REPLACEMENT,
            ),
            (
                "ml.md",
                "# ML Engineer\n\nNo code monkey work. A PhD is required.\n\nBase salary: $150,000–$180,000 per year.\n",
            ),
        ],
    );
    let (code, lines) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ml.md:3:4: warning[code-monkey]: say \"engineer\", not \"code monkey\"",
            "ml.md:3:24: error[phd-required-for-engineer]: our policy: no PhD requirements for engineers (\"PhD is required\")",
        ]
    );
    let (_, out, _) = run(&dir, &["rules"]);
    assert!(out.starts_with("config: hirelint.toml\n"), "{out}");
    let row = out
        .lines()
        .find(|l| l.starts_with("phd-required-for-engineer"))
        .unwrap();
    assert!(
        row.contains("team-lints/role/phd-required-for-engineer.toml (replaces built-in)"),
        "{row}"
    );
    let (_, out, _) = run(&dir, &["rules", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rule = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "code-monkey")
        .unwrap();
    assert_eq!(rule["category"], "culture");
    assert_eq!(rule["level"], "warning");
    assert_eq!(rule["source"], "default");
    // The team's folder is tested like the built-ins.
    let (code, out, _) = run(&dir, &["test-lints", "team-lints"]);
    assert_eq!((code, out.as_str()), (0, "2 rules, 4 tests: all passed\n"));
}

/// A rule folder whose paths read like the built-ins' (`lints/…`: a checkout of hirelint
/// itself, where a rule writer tries an edited rule without rebuilding) is the team's own: an
/// edited file replaces its built-in, a copy word for word changes nothing, and neither is
/// "a duplicate rule name" (both were, when a rule counted as built-in by its path).
#[test]
fn a_rule_folder_named_lints_replaces_builtins_by_name() {
    let profanity = include_str!("../lints/culture/profanity.toml");
    let dir = repo(
        "lints-named-folder",
        &[
            ("hirelint.toml", "lints = [\"lints\"]\n"),
            ("lints/role/phd-required-for-engineer.toml", REPLACEMENT),
            ("lints/culture/profanity.toml", profanity),
            (
                "ml.md",
                "# ML Engineer\n\nA PhD is required. No bullshit.\n\nBase salary: $150,000–$180,000 per year.\n",
            ),
        ],
    );
    let (code, lines) = short(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ml.md:3:3: error[phd-required-for-engineer]: our policy: no PhD requirements for engineers (\"PhD is required\")",
            "ml.md:3:23: warning[profanity]: profanity in a job posting: \"bullshit\"",
        ]
    );
    let (_, out, _) = run(&dir, &["rules"]);
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_string()
    };
    assert!(
        row("phd-required-for-engineer")
            .contains("lints/role/phd-required-for-engineer.toml (replaces built-in)"),
        "{out}"
    );
    assert!(
        row("profanity").contains("lints/culture/profanity.toml (replaces built-in)"),
        "{out}"
    );
}

#[test]
fn each_suppression_form_and_the_unused_and_unknown_ones() {
    let markdown = "\
# Machine Learning Engineer

## Requirements

<!-- hirelint-disable-next-line phd-required-for-engineer -->
- A PhD is required.
- Requires a PhD in Physics

<!-- hirelint-disable role -->
- You must have a PhD in Statistics.
<!-- hirelint-enable role -->
- A doctorate is mandatory.

<!-- hirelint-disable-next-line graduate-math-for-engineer -->
- Python

<!-- hirelint-disable-next-line phd-requird -->
- PhD required
";
    let text = "Software Engineer\n\nRequirements:\nhirelint: disable-next-line phd-required-for-engineer\n- A PhD is required.\n- Requires a PhD\n";
    let whole = "<!-- hirelint-disable-file phd-required-for-engineer -->\n# ML Engineer\n\nA PhD is required. A PhD is required.\n";
    let yaml = "---\ntitle: ML Engineer\nhirelint: { allow: [phd-required-for-engineer] }\n---\nA PhD is required.\n";
    let toml = "+++\ntitle = \"ML Engineer\"\n[hirelint]\nallow = [\"role\", \"graduate-math-for-engineer\"]\n+++\nA PhD is required.\n";
    let dir = repo(
        "suppress",
        &[
            ("a.md", markdown),
            ("b.txt", text),
            ("c.md", whole),
            ("d.md", yaml),
            ("e.md", toml),
        ],
    );
    // Pay rules are beside the point here and these postings state no pay.
    let (code, lines) = short(&dir, &["--ignore", "pay"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "a.md:7:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"Requires a PhD in Physics\"",
            "a.md:12:5: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"doctorate is mandatory\"",
            "a.md:14:33: info[unused-suppression]: unused suppression: `graduate-math-for-engineer` reports nothing here",
            "a.md:17:33: warning[unknown-rule]: `phd-requird` is not a rule or category, so nothing is suppressed",
            "a.md:18:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"PhD required\"",
            "b.txt:6:3: warning[phd-required-for-engineer]: a PhD as a hard requirement for an engineering role: \"Requires a PhD\"",
            "e.md:4:19: info[unused-suppression]: unused suppression: `graduate-math-for-engineer` reports nothing here",
        ]
    );
    // The meta rules are configured like any other.
    std::fs::write(
        dir.join("hirelint.toml"),
        "[rules]\nunused-suppression = \"off\"\nunknown-rule = \"error\"\n",
    )
    .unwrap();
    let (_, lines) = short(&dir, &[]);
    assert!(!lines.iter().any(|l| l.contains("unused-suppression")));
    assert!(lines.iter().any(|l| l.contains("error[unknown-rule]")));
}

#[test]
fn a_bad_config_is_exit_2_with_the_line_shown() {
    let cases = [
        (
            "selct = [\"role\"]\n",
            "unknown field `selct`",
            "1 │ selct = [\"role\"]",
        ),
        (
            "[rules]\nphd-required-for-engineer = \"loud\"\n",
            "unknown variant `loud`",
            "2 │ phd-required-for-engineer = \"loud\"",
        ),
        (
            "exclude = \"drafts\"\n",
            "invalid type",
            "1 │ exclude = \"drafts\"",
        ),
        (
            "exclude = [\"drafts/[\"]\n",
            "invalid glob",
            "1 │ exclude = [\"drafts/[\"]",
        ),
        (
            "jurisdictions = [\"California\"]\n",
            "not a jurisdiction code",
            "1 │ jurisdictions = [\"California\"]",
        ),
        (
            "[[roles.match]]\nfamily = \"boss\"\npatterns = ['x']\n",
            "unknown family",
            "2 │ family = \"boss\"",
        ),
        (
            "lints = [\"missing-folder\"]\n",
            "does not exist",
            "1 │ lints = [\"missing-folder\"]",
        ),
        // A typo in select would turn linting off and leave CI green: an error, not a warning.
        (
            "select = [\"rol\"]\n",
            "unknown rule or category `rol` in select",
            "1 │ select = [\"rol\"]",
        ),
    ];
    for (config, message, line) in cases {
        let dir = repo(
            "bad-config",
            &[("hirelint.toml", config), ("ml.md", PHD_POSTING)],
        );
        let (code, out, err) = run(&dir, &["check", "--color", "never"]);
        assert_eq!(code, 2, "{config}: {err}");
        assert_eq!(out, "", "{config}");
        assert!(err.contains(message), "{config}: {err}");
        assert!(err.contains("┌─ hirelint.toml:"), "{config}: {err}");
        assert!(err.contains(line), "{config}: {err}");
    }
}

#[test]
fn an_unknown_rule_name_in_a_config_is_a_warning_not_an_error() {
    let dir = repo(
        "unknown-name",
        &[
            ("hirelint.toml", "[rules]\ngendred-term = \"off\"\n"),
            ("ml.md", PHD_POSTING),
        ],
    );
    let (code, _, err) = run(&dir, &["check", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("warning: unknown rule `gendred-term`"),
        "{err}"
    );
    assert!(err.contains("2 │ gendred-term = \"off\""), "{err}");
}

#[test]
fn init_writes_a_starter_config_and_never_overwrites() {
    let dir = repo("init", &[("ml.md", PHD_POSTING)]);
    let (code, out, _) = run(&dir, &["init"]);
    assert_eq!((code, out.as_str()), (0, "wrote hirelint.toml\n"));
    let written = std::fs::read_to_string(dir.join("hirelint.toml")).unwrap();
    assert!(written.contains("# exclude = []") && written.contains("# [[overrides]]"));
    // The starter is all defaults: linting gives exactly what no config gives.
    assert_eq!(run(&dir, &["check"]), run(&dir, &["check", "--no-config"]));
    let (code, _, err) = run(&dir, &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("hirelint.toml")).unwrap(),
        written
    );
}

#[test]
fn test_lints_passes_the_bundled_team_rules_and_catches_a_rule_that_cannot_match() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, _) = run(root, &["test-lints", "fixtures/custom-lints"]);
    assert_eq!((code, out.as_str()), (0, "2 rules, 6 tests: all passed\n"));

    let never = TEAM_RULE.replace(
        "words = [\"code monkey\"]",
        "patterns = ['code\\s+monkeys\\b']",
    );
    let dir = repo(
        "never-matches",
        &[
            ("lints/culture/code-monkey.toml", &never),
            ("lints/_categories.toml", "[culture]\ndescription = \"c\"\n"),
        ],
    );
    let (code, out, _) = run(&dir, &["test-lints", "--color", "never", "lints"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[code-monkey]: rule test failed: expected [\"code monkey\"], got []"),
        "{out}"
    );
    assert!(
        out.contains("┌─ lints/culture/code-monkey.toml:12:1"),
        "{out}"
    );
    assert!(out.contains("docs.example does not fire the rule"), "{out}");
    assert!(out.ends_with("1 rules, 2 tests: 2 failed\n"), "{out}");
}

#[test]
fn role_patterns_and_salary_bands_are_overridable_data() {
    let config = "[[roles.match]]\nfamily = \"researcher\"\npatterns = ['\\bmember of technical staff\\b']\n\n[salary-bands.engineer]\ncurrency = \"EUR\"\nmin = 60000\nmax = 110000\nyear = 2025\n";
    let dir = repo(
        "roles",
        &[
            ("hirelint.toml", config),
            (
                "mts.md",
                "# Member of Technical Staff\n\nYou will train models.\n",
            ),
        ],
    );
    let (_, out, _) = run(&dir, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["role"]["family"], "researcher");
    let rules: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["missing-salary-range", "researcher-without-publications"]
    );
    let settings =
        hirelint::commands::settings_for(&dir.join("mts.md"), &Default::default()).unwrap();
    let band = &settings.bands[&hirelint::classify::Family::Engineer];
    assert_eq!(
        (band.currency.as_str(), band.min, band.max),
        ("EUR", 60_000, 110_000)
    );
    assert_eq!(
        settings.bands[&hirelint::classify::Family::Researcher].min,
        200_000
    );
}

#[test]
fn jurisdictions_and_posting_date_are_read() {
    let dir = repo(
        "jurisdictions",
        &[
            (
                "hirelint.toml",
                "jurisdictions = [\"US-CA\", \"US-NY-NYC\", \"EU\"]\nposting-date = 2025-06-01\n",
            ),
            ("a.md", "# x\n"),
        ],
    );
    let settings =
        hirelint::commands::settings_for(&dir.join("a.md"), &Default::default()).unwrap();
    assert_eq!(settings.jurisdictions, ["US-CA", "US-NY-NYC", "EU"]);
    assert_eq!(settings.posting_date.as_deref(), Some("2025-06-01"));
}

/// On the real postings: a team rule folder finds its words, and turning its category off in
/// the config removes exactly those findings. Skipped when the corpus is not beside us.
#[test]
fn turning_a_category_off_changes_the_corpus_output_accordingly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/open");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let lints = root.join("fixtures/custom-lints");
    let on = format!("lints = [{:?}]\n", lints.display().to_string());
    let off = format!("{on}[categories]\nhouse-style = \"off\"\n");
    let dir = repo("corpus", &[("on.toml", &on), ("off.toml", &off)]);
    let corpus = corpus.to_string_lossy().to_string();
    let json_for = |config: &str| -> serde_json::Value {
        let (code, out, err) = run(
            &dir,
            &["check", "--format", "json", "--config", config, &corpus],
        );
        assert!(code == 0 || code == 1, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let (with, without) = (json_for("on.toml"), json_for("off.toml"));
    let rules_of = |v: &serde_json::Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let house: Vec<String> = rules_of(&with)
        .into_iter()
        .filter(|r| r == "fast-paced" || r == "internal-codename")
        .collect();
    assert!(
        house.len() >= 10,
        "the house rule finds fast-paced in the corpus: {}",
        house.len()
    );
    assert!(!rules_of(&without).iter().any(|r| r == "fast-paced"));
    assert_eq!(
        rules_of(&with).len() - house.len(),
        rules_of(&without).len(),
        "nothing else changes"
    );
    assert_eq!(with["files"], {
        // Per-file counts differ only by the house findings; the roles are the same.
        let mut files = without["files"].clone();
        for (a, b) in files
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .zip(with["files"].as_array().unwrap())
        {
            a["diagnostics"] = b["diagnostics"].clone();
        }
        files
    });
}

#[test]
fn the_readme_configuration_example_is_valid() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = repo(
        "readme-example",
        &[
            ("hirelint.toml", example),
            ("our-lints/.keep", ""),
            ("ml.md", PHD_POSTING),
        ],
    );
    let (code, out, err) = run(&dir, &["rules"]);
    assert_eq!((code, err.as_str()), (0, ""), "{err}");
    let row = out
        .lines()
        .find(|l| l.starts_with("researcher-with-bachelors-only"))
        .unwrap();
    assert!(row.contains(" off ") && row.contains("ignored"), "{row}");
    let (code, out, _) = run(&dir, &["check", "--format", "short", "-q"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("ml.md:5:5: error[phd-required-for-engineer]"),
        "{out}"
    );
}

/// A pattern can parse and still be too large to compile (`\pL{1,5000}`): a team's rule is
/// compiled when it loads, so that is a load error at the patterns, not a rule that finds
/// nothing without a word.
#[test]
fn a_pattern_too_large_to_compile_is_a_load_error_at_its_place() {
    let huge = TEAM_RULE.replace(
        "words = [\"code monkey\"]\n",
        "words = [\"code monkey\"]\npatterns = ['\\pL{1,5000}']\n",
    );
    assert_ne!(huge, TEAM_RULE, "the team rule has a words list");
    let dir = repo(
        "huge-pattern",
        &[
            ("hirelint.toml", "lints = [\"team-lints\"]\n"),
            ("team-lints/culture/code-monkey.toml", &huge),
            ("ml.md", PHD_POSTING),
        ],
    );
    for args in [
        &["check", "--color", "never"][..],
        &["test-lints", "team-lints", "--color", "never"],
    ] {
        let (code, out, err) = run(&dir, args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains("the patterns cannot be compiled: "),
            "{args:?}: {err}"
        );
        assert!(err.contains("code-monkey.toml:"), "{args:?}: {err}");
        assert!(err.contains("\\pL{1,5000}"), "{args:?}: {err}");
    }
}
