//! The check kinds, each driven by a small rule file written the way users write them: text in,
//! the exact findings (words, labels, fixes, notes) out.

use hirelint::classify::{Role, RoleTable};
use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::diagnostic::{Applicability, Diagnostic};
use hirelint::document::{Document, Format};
use hirelint::engine;
use hirelint::rules::RuleSet;
use hirelint::rules::RuleSource;
use hirelint::source::SourceFile;

const CATEGORIES: &str = "[culture]\ndescription = \"c\"\n";

/// Lints `text` (Markdown) with one rule whose `[check]` table is `check`.
fn lint(check: &str, extra: &str, text: &str) -> (std::sync::Arc<SourceFile>, Vec<Diagnostic>) {
    lint_as(check, extra, text, Format::Markdown)
}

/// `lint`, with `text` read as `format`.
fn lint_as(
    check: &str,
    extra: &str,
    text: &str,
    format: Format,
) -> (std::sync::Arc<SourceFile>, Vec<Diagnostic>) {
    let rule = format!(
        "name = \"probe\"\nlevel = \"warning\"\n{extra}\nmessage = \"{{match}} → {{replacement}} ({{count}}/{{against}})\"\n{check}\n[docs]\nwhat = \"w\"\nwhy = \"because\"\nexample = \"e\"\ninstead = \"i\"\n"
    );
    let set = load(rule).unwrap_or_else(|e| panic!("{}", e.message));
    let source = std::sync::Arc::new(SourceFile::new("p.md", text));
    let doc = Document::parse(&source, format);
    let role = RoleTable::builtin().unwrap().classify(&doc);
    let builtins = Builtins::load().unwrap();
    let settings = Settings::defaults(&builtins, &ConfigArgs::default()).unwrap();
    let ctx = engine::Context::new(&settings, &doc);
    let levels: Vec<_> = set.rules().map(|r| Some(r.level)).collect();
    let found = engine::lint(&doc, &role, &set, &ctx, &levels);
    (source, found)
}

/// One whole rule file, loaded as `lints/culture/probe.toml`.
fn load(rule: String) -> Result<RuleSet, hirelint::rules::LoadError> {
    RuleSet::load(
        "_categories.toml",
        CATEGORIES,
        [RuleSource {
            path: "lints/culture/probe.toml".into(),
            category: "culture".into(),
            text: rule.into(),
            builtin: false,
        }],
    )
}

/// A whole rule file named `probe` around one `[check]` table (written with its header).
fn probe_rule(check: &str) -> String {
    format!(
        "name = \"probe\"\nlevel = \"warning\"\nmessage = \"m\"\n{check}\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nexample = \"e\"\ninstead = \"i\"\n"
    )
}

/// The error that loading one whole rule file gives.
fn load_error(rule: &str) -> hirelint::rules::LoadError {
    load(rule.to_string()).unwrap_err()
}

fn words(source: &SourceFile, found: &[Diagnostic]) -> Vec<String> {
    found
        .iter()
        .map(|d| source.text[d.range.clone()].to_string())
        .collect()
}

/// The messages of the findings of one rule whose `[check]` table is `check` on `text`.
fn messages(check: &str, text: &str) -> Vec<String> {
    let (_, found) = lint(check, "", text);
    found.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn stems_not_words_and_not_phrases() {
    let check = "[check]\nkind = \"pattern\"\nwords = [\"analy*\", \"commit*\", \"support*\"]\nnot-words = [\"analyst\", \"analytics\"]\nnot-phrases = [\"git commit\", \"support engineer\"]";
    let text = "# Data Engineer\n\nAn analytical mind, committed to the team. Our analysts use analytics. Run git commit daily; join as a support engineer and support us.";
    let (source, found) = lint(check, "", text);
    assert_eq!(
        words(&source, &found),
        ["analytical", "committed", "analysts", "support"]
    );
}

/// A posting linted on its own searches only the phrases that hold a word it has; a phrase
/// in other letter case, and a stem phrase that runs on past the word ("self-driv*" over
/// "self-driven"), still cover their matches.
#[test]
fn not_phrases_narrowed_to_a_posting_still_cover_their_matches() {
    let check = "[check]\nkind = \"pattern\"\nwords = [\"lead\", \"driven\"]\nnot-phrases = [\"TECH LEAD\", \"self-driv*\", \"team player\", \"lead generation\"]";
    let text = "# Staff Engineer\n\nOur tech lead is self-driven, and driven to lead.";
    let (source, found) = lint(check, "", text);
    assert_eq!(words(&source, &found), ["driven", "lead"]);
    let starts: Vec<usize> = found.iter().map(|d| d.range.start).collect();
    assert_eq!(
        starts,
        [text.rfind("driven").unwrap(), text.rfind("lead").unwrap()]
    );
}

#[test]
fn substitution_carries_a_fix_in_the_case_of_the_words() {
    let check = "[check]\nkind = \"substitution\"\nfix = \"safe\"\n[check.swap]\nrockstar = \"expert\"\n\"java script\" = \"JavaScript\"";
    let text =
        "# Frontend Engineer\n\nWe want a Rockstar who knows java script. ROCKSTAR energy only.";
    let (source, found) = lint(check, "", text);
    assert_eq!(
        words(&source, &found),
        ["Rockstar", "java script", "ROCKSTAR"]
    );
    let fixes: Vec<(&str, Applicability)> = found
        .iter()
        .map(|d| {
            let fix = d.fix.as_ref().unwrap();
            (fix.edits[0].replacement.as_str(), fix.applicability)
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("Expert", Applicability::Safe),
            ("JavaScript", Applicability::Safe),
            ("EXPERT", Applicability::Safe)
        ]
    );
    assert_eq!(found[0].message, "Rockstar → Expert (0/0)");
    // Words written as the replacement already are not reported.
    let (_, none) = lint(check, "", "# Frontend Engineer\n\nWe write JavaScript.");
    assert!(none.is_empty());
    let (fixed, applied) = hirelint::fix::apply(&source.text, &found, false);
    assert_eq!(applied, 3);
    assert_eq!(
        fixed,
        "# Frontend Engineer\n\nWe want a Expert who knows JavaScript. EXPERT energy only."
    );
}

#[test]
fn a_replacement_the_file_would_need_escaped_is_reported_but_not_fixed() {
    // A user's replacement with quotes and a comma: fine in Markdown, not inside a JSON
    // string or a CSV cell, where it would end the string or the cell.
    let check = "[check]\nkind = \"substitution\"\nfix = \"safe\"\n[check.swap]\nguru = '\"go-to\" person, senior'";
    let fixes = |text: &str, format: Format| {
        let (_, found) = lint_as(check, "", text, format);
        assert_eq!(found.len(), 1, "{format:?}");
        found[0]
            .fix
            .as_ref()
            .map(|f| f.edits[0].replacement.clone())
    };
    assert_eq!(
        fixes("# Engineer\n\nWe want a guru.", Format::Markdown).as_deref(),
        Some("\"go-to\" person, senior")
    );
    assert_eq!(
        fixes(
            "{\"title\": \"Engineer\", \"description\": \"We want a guru.\"}",
            Format::Json
        ),
        None
    );
    assert_eq!(
        fixes("title,description\nEngineer,We want a guru.\n", Format::Csv),
        None
    );
}

#[test]
fn case_sensitive_lists_match_as_written_and_keep_their_replacement() {
    let check = "[check]\nkind = \"substitution\"\ncase-sensitive = true\n[check.swap]\nGithub = \"GitHub\"\n\"Scikit Learn\" = \"scikit-learn\"";
    let (source, found) = lint(
        check,
        "",
        "# Engineer\n\nOn Github and github, with Scikit Learn. See www.Github.com/acme.",
    );
    assert_eq!(words(&source, &found), ["Github", "Scikit Learn"]);
    let (fixed, _) = hirelint::fix::apply(&source.text, &found, false);
    assert_eq!(
        fixed,
        "# Engineer\n\nOn GitHub and github, with scikit-learn. See www.Github.com/acme."
    );
}

#[test]
fn a_match_across_markup_is_reported_but_not_fixed() {
    let check = "[check]\nkind = \"substitution\"\n[check.swap]\n\"rock star\" = \"expert\"";
    let (source, found) = lint(check, "", "# Engineer\n\nA **rock** star.");
    assert_eq!(words(&source, &found), ["rock** star"]);
    assert!(found[0].fix.is_none());
}

#[test]
fn balance_fires_once_with_every_counted_word_labelled() {
    let check = "[check]\nkind = \"balance\"\nwords = [\"compet*\", \"dominant\", \"driven\"]\nagainst = [\"support*\", \"together*\"]\nmin-difference = 3\nword-label = \"masculine-coded\"\nagainst-label = \"feminine-coded\"";
    let text = "# Sales Engineer\n\nA competitive, dominant, driven closer who competes and supports the team.";
    let (source, found) = lint(check, "", text);
    assert_eq!(words(&source, &found), ["competitive"]);
    let d = &found[0];
    assert_eq!(d.message, "competitive →  (4/1)");
    let secondary: Vec<(&str, Option<&str>)> = d
        .secondary
        .iter()
        .map(|s| (&source.text[s.range.clone()], s.label.as_deref()))
        .collect();
    assert_eq!(
        secondary,
        [
            ("dominant", Some("masculine-coded")),
            ("driven", Some("masculine-coded")),
            ("competes", Some("masculine-coded")),
            ("supports", Some("feminine-coded")),
        ]
    );
    assert_eq!(
        d.note.as_deref(),
        Some("4 masculine-coded and 1 feminine-coded words; because")
    );
    // Three against one is under the bar of three more.
    let (_, found) = lint(
        check,
        "",
        "# Engineer\n\nCompetitive, driven and supportive.",
    );
    assert!(found.is_empty());
}

/// Exceptions drop words from either side of the balance: one excepted word `against` can be
/// what lets the rule fire, and excepted words of its own what keeps it silent.
#[test]
fn balance_counts_the_words_that_survive_the_exceptions() {
    let check = "[check]\nkind = \"balance\"\nwords = [\"compet*\", \"dominant\", \"driven\"]\nagainst = [\"support*\", \"together*\"]\nmin-difference = 3\nword-label = \"m\"\nagainst-label = \"f\"\nexceptions = ['\\bboard games?\\b']";
    let fired = |text: &str| messages(check, text);
    // Four against two, one of the two in a sentence the exception drops: four against one.
    assert_eq!(
        fired(
            "# Closer\n\nA competitive, dominant, driven closer who competes and supports us. We play board games together."
        ),
        ["competitive →  (4/1)"]
    );
    // Four against two is under the bar.
    assert!(fired("# Closer\n\nA competitive, dominant, driven closer who competes and supports us. We work together.").is_empty());
    // Four words, two of them dropped: two against none is under the bar.
    assert!(fired("# Closer\n\nA competitive and dominant closer. Driven to win board games and competing at board games.").is_empty());
}

/// A word in a `not-phrases` phrase, a `not-words` word or a web address counts on neither
/// side, before or after the exceptions are tested.
#[test]
fn balance_counts_no_word_that_not_phrases_not_words_or_an_address_drop() {
    let check = "[check]\nkind = \"balance\"\nwords = [\"compet*\", \"dominant\", \"driven\"]\nagainst = [\"support*\", \"together*\"]\nmin-difference = 3\nword-label = \"m\"\nagainst-label = \"f\"\nnot-words = [\"competence\"]\nnot-phrases = [\"competitive salary\", \"support engineer\"]\nexceptions = ['\\bboard games?\\b']";
    let fired = |text: &str| messages(check, text);
    // Seven masculine candidates, four of them dropped without a sentence tested: three
    // against none.
    assert_eq!(
        fired(
            "# Closer\n\nA competitive salary and another competitive salary. Competence matters; see https://compete.example. A dominant, driven closer who competes."
        ),
        ["dominant →  (3/0)"]
    );
    // The support engineer is no feminine word, the supportive team is one: three against one.
    assert_eq!(
        fired("# Closer\n\nA dominant, driven closer who competes, with a support engineer.").len(),
        1
    );
    assert!(
        fired("# Closer\n\nA dominant, driven closer who competes, in a supportive team.")
            .is_empty()
    );
    // Three left after the drops, one of them in an excepted sentence: two against none.
    assert!(
        fired(
            "# Closer\n\nA competitive salary. A dominant, driven closer. Competing at board games."
        )
        .is_empty()
    );
    assert_eq!(
        fired("# Closer\n\nA competitive salary. A dominant, driven closer. Competing at chess.")
            .len(),
        1
    );
}

#[test]
fn count_reports_a_section_with_too_many_items() {
    let check = "[check]\nkind = \"count\"\nmax = 3";
    let text = "# Engineer\n\n## Requirements\n\n- a\n- b\n\n### Also\n\n- c\n- d\n- e\n\n## Benefits\n\n- x\n- y\n- z\n- w\n";
    let (source, found) = lint(check, "sections = [\"requirements\"]", text);
    assert_eq!(words(&source, &found), ["Requirements"]);
    assert_eq!(found[0].message, "Requirements →  (5/3)");
    assert_eq!(found[0].secondary.len(), 2);
}

#[test]
fn count_leaves_out_the_items_its_exceptions_match() {
    let check = "[check]\nkind = \"count\"\nmax = 3\nexceptions = ['\\ba plus\\W*$']";
    let text = "# Engineer\n\n## Requirements\n\n- a\n- b\n- c\n- Rust is a plus\n- Go is a plus\n";
    let (_, found) = lint(check, "sections = [\"requirements\"]", text);
    assert!(found.is_empty(), "{found:?}");
    let (source, found) = lint(
        check,
        "sections = [\"requirements\"]",
        &format!("{text}- d\n"),
    );
    assert_eq!(words(&source, &found), ["Requirements"]);
    assert_eq!(found[0].message, "Requirements →  (4/3)");
    // The item past the limit is labelled, the optional ones are not.
    let labelled: Vec<&str> = found[0]
        .secondary
        .iter()
        .map(|s| &source.text[s.range.clone()])
        .collect();
    assert_eq!(labelled, ["d"]);
}

#[test]
fn the_same_pay_stated_twice_is_one_finding_with_the_repeat_labelled() {
    // A job board's pay line above the body, and the body saying it again; a different
    // range further on is a finding of its own.
    let check = "[check]\nkind = \"salary\"\ncondition = \"too-wide\"\nmax-ratio = 2.0";
    let text = "# Engineer\n\nPay: $50,000 - $150,000 a year\n\nYou build the platform.\n\nThe salary is $50,000 - $150,000 a year.\n\nIn London: £40,000 - £100,000 a year.";
    let (source, found) = lint(check, "", text);
    assert_eq!(
        words(&source, &found),
        ["$50,000 - $150,000 a year", "£40,000 - £100,000 a year"]
    );
    let again: Vec<(&str, Option<&str>)> = found[0]
        .secondary
        .iter()
        .map(|s| (&source.text[s.range.clone()], s.label.as_deref()))
        .collect();
    assert_eq!(
        again,
        [("$50,000 - $150,000 a year", Some("the same pay again"))]
    );
    assert_eq!(found[0].range.start, text.find("$50").unwrap());
    assert!(found[1].secondary.is_empty());
}

#[test]
fn a_pay_tag_without_a_period_is_the_same_pay_as_the_body_that_states_one() {
    let check = "[check]\nkind = \"salary\"\ncondition = \"too-wide\"\nmax-ratio = 2.0";
    let text = "# Engineer\n\n`💰 USD $2,800~$6,000` `🌎 Remote`\n\nThe salary range is $2,800 - $6,000 per month.\n\nOr $2,800 - $6,500 per month with the bonus.";
    let (source, found) = lint(check, "", text);
    assert_eq!(
        words(&source, &found),
        ["USD $2,800~$6,000", "$2,800 - $6,500 per month"]
    );
    let again: Vec<&str> = found[0]
        .secondary
        .iter()
        .map(|s| &source.text[s.range.clone()])
        .collect();
    assert_eq!(again, ["$2,800 - $6,000 per month"]);
}

#[test]
fn statements_are_skipped_unless_the_rule_asks_for_them() {
    let check = "[check]\nkind = \"pattern\"\nwords = [\"women\", \"age\"]";
    let text = "# Engineer\n\nWomen wanted, any age.\n\nWe are an equal opportunity employer and welcome women of any age.";
    let (source, found) = lint(check, "", text);
    assert_eq!(words(&source, &found), ["Women", "age"]);
    let (_, found) = lint(check, "boilerplate = true", text);
    assert_eq!(found.len(), 4);
}

#[test]
fn a_fix_that_would_repeat_the_next_word_is_unsafe() {
    // "workforce manpower" fixed would read "workforce workforce": the writer rewords it.
    let check =
        "[check]\nkind = \"substitution\"\nfix = \"safe\"\n[check.swap]\nmanpower = \"workforce\"";
    let text = "# Planner\n\nYou plan workforce manpower, the manpower of each shift and the manpower workforce levels.";
    let (source, found) = lint(check, "", text);
    assert_eq!(words(&source, &found), ["manpower", "manpower", "manpower"]);
    let fixes: Vec<Applicability> = found
        .iter()
        .map(|d| d.fix.as_ref().unwrap().applicability)
        .collect();
    assert_eq!(
        fixes,
        [
            Applicability::Unsafe,
            Applicability::Safe,
            Applicability::Unsafe
        ]
    );
}

#[test]
fn unless_is_found_in_any_segment_and_in_statements() {
    // The trigger pass arms an `unless` where its literals are, and does not read statements
    // when no rule asks for them: an `unless` is still looked for there.
    let check = "[check]\nkind = \"pattern\"\nwords = [\"rockstar\"]\nunless = ['\\bmusic (?:label|industry)\\b']";
    let cases = [
        (
            "# Engineer\n\nA rockstar engineer.\n\nWe ship code.",
            vec!["rockstar"],
        ),
        (
            "# Engineer\n\nA rockstar engineer.\n\nWe are a music label.",
            vec![],
        ),
        (
            "# Engineer at a Music Label\n\nA rockstar engineer.",
            vec![],
        ),
        (
            "# Engineer\n\nA rockstar engineer.\n\nWe are an equal opportunity employer, and as a music label we welcome everyone.",
            vec![],
        ),
    ];
    for (text, expected) in cases {
        let (source, found) = lint(check, "", text);
        assert_eq!(words(&source, &found), expected, "{text}");
    }
}

#[test]
fn an_unless_that_its_clause_negates_does_not_silence() {
    // "not to develop new methods" is no research duty: the finding stays. A negation in an
    // earlier clause, or "with or without", leaves the `unless` standing.
    let check = "[check]\nkind = \"pattern\"\nwords = [\"on-call\"]\nunless = ['\\bnew methods\\b', '\\breasonable accommodation\\b']";
    let cases = [
        (
            "# R\n\nJoin the on-call rota. We develop new methods.",
            vec![],
        ),
        (
            "# R\n\nJoin the on-call rota. The team is here to run models, not to develop new methods.",
            vec!["on-call"],
        ),
        (
            "# R\n\nJoin the on-call rota. This role won't involve new methods.",
            vec!["on-call"],
        ),
        (
            "# R\n\nJoin the on-call rota. We never stop, and we develop new methods.",
            vec![],
        ),
        (
            "# R\n\nJoin the on-call rota, with or without reasonable accommodation.",
            vec![],
        ),
    ];
    for (text, expected) in cases {
        let (source, found) = lint(check, "", text);
        assert_eq!(words(&source, &found), expected, "{text}");
    }
}

#[test]
fn an_unless_scoped_to_the_match_silences_only_the_words_it_names() {
    // `unless-scope = "match"`: "we migrate off Flash" is honest about Flash, not about the
    // VB6 asked for elsewhere; a negated `unless` names nothing; words compare by their
    // letters and digits ("VB 6" is "VB6"). A substitution is scoped the same way.
    let check = "[check]\nkind = \"pattern\"\nwords = [\"flash\", \"vb6\", \"vb 6\"]\nunless-scope = \"match\"\nunless = ['\\bmigrat\\w*[^.]{0,40}\\b(?:flash|vb\\s?6)\\b']";
    let cases = [
        (
            "# Developer\n\nWe are migrating our apps off Flash.\n\nYou know Flash and VB6.",
            vec!["VB6"],
        ),
        (
            "# Developer\n\nWe are migrating the VB6 tools and the Flash games.\n\nYou know Flash and VB 6.",
            vec![],
        ),
        (
            "# Developer\n\nWe are not migrating off Flash.\n\nYou know Flash and VB6.",
            vec!["Flash", "Flash", "VB6"],
        ),
    ];
    for (text, expected) in cases {
        let (source, found) = lint(check, "", text);
        assert_eq!(words(&source, &found), expected, "{text}");
    }
    let swap = "[check]\nkind = \"substitution\"\nswap = { \"java script\" = \"JavaScript\", \"git hub\" = \"GitHub\" }\nunless-scope = \"match\"\nunless = ['\\bthe \"java script\" typo\\b']";
    let (source, found) = lint(
        swap,
        "",
        "# Developer\n\nWe fixed the \"java script\" typo.\n\nYou know java script and git hub.",
    );
    assert_eq!(words(&source, &found), vec!["git hub"]);
}

#[test]
fn unless_scope_is_posting_or_match_and_needs_unless() {
    let rule = |check: &str| {
        probe_rule(&format!(
            "[check]\nkind = \"pattern\"\nwords = [\"x\"]\n{check}"
        ))
    };
    let without = rule("unless-scope = \"match\"");
    let err = load_error(&without);
    assert_eq!(err.message, "`unless-scope` needs `unless` patterns");
    assert_eq!(&without[err.span.unwrap()], "\"match\"");
    let wrong = rule("unless-scope = \"sentence\"\nunless = ['y']");
    let err = load_error(&wrong);
    assert_eq!(
        err.message,
        "`unless-scope` must be \"posting\" or \"match\""
    );
    assert_eq!(&wrong[err.span.unwrap()], "\"sentence\"");
    assert!(load(rule("unless-scope = \"posting\"\nunless = ['y']")).is_ok());
}

#[test]
fn unless_exceptions_need_unless_and_drop_the_matches_whose_sentence_they_match() {
    let rule = |check: &str| {
        probe_rule(&format!(
            "[check]\nkind = \"pattern\"\nwords = [\"deploy\"]\n{check}"
        ))
    };
    let without = rule("unless-exceptions = ['\\bour\\b']");
    let err = load_error(&without);
    assert_eq!(err.message, "`unless-exceptions` needs `unless` patterns");
    assert_eq!(&without[err.span.unwrap()], "'\\bour\\b'");
    // The lab's papers do not silence the rule; the hire's do.
    let check = "[check]\nkind = \"pattern\"\nwords = [\"deploy\"]\nunless = ['\\bpapers\\b']\nunless-exceptions = ['\\bour lab\\b']";
    let (_, lab) = lint(
        check,
        "",
        "# Scientist\n\nOur lab writes papers. You will deploy models.",
    );
    let (_, hire) = lint(
        check,
        "",
        "# Scientist\n\nYou will write papers and deploy models.",
    );
    assert_eq!((lab.len(), hire.len()), (1, 0));
}

#[test]
fn a_key_of_another_kind_is_an_error_at_its_line() {
    let rule = &probe_rule("[check]\nkind = \"count\"\nmax = 3\nwords = [\"x\"]");
    let err = load_error(rule);
    assert_eq!(err.message, "`words` does not apply to `count` checks");
    assert_eq!(&rule[err.span.unwrap()], "\"x\"");
    let _ = Role::forced;
}

#[test]
fn a_salary_checks_exceptions_are_for_the_band_only() {
    let rule = &probe_rule(
        "[check]\nkind = \"salary\"\ncondition = \"too-wide\"\nexceptions = ['\\ba plus\\b']",
    );
    let err = load_error(rule);
    assert_eq!(
        err.message,
        "`exceptions` of a salary check are for `outside-band` only"
    );
    assert_eq!(&rule[err.span.unwrap()], "'\\ba plus\\b'");
}
