//! The subcommands: `check`, `rules`, `explain`, `test-lints` and `init`.

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::cli::{CheckArgs, ConfigOptions, ListFormat, RulesArgs, TestLintsArgs};
use crate::config::{Builtins, Resolver, STARTER, Settings};
use crate::diagnostic::MetaRule;
use crate::discover::{self, display_path};
use crate::document::Format;
use crate::emit::{self, EmitOptions};
use crate::exit::ExitStatus;
use crate::lint::{self, Job};
use crate::rules::{LoadError, RuleSet, selftest};
use crate::source::{Parts, SourceDb, SourceFile};
use crate::{explain as docs, finish, stdout_color, write_load_error};

/// Where a command writes.
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stderr_color: bool,
}

impl Io<'_> {
    /// Reports a load error; returns exit 2.
    fn fail(&mut self, error: &LoadError) -> ExitStatus {
        let _ = write_load_error(self.stderr, error, self.stderr_color);
        ExitStatus::Error
    }

    fn warn_all<'s>(&mut self, settings: impl Iterator<Item = &'s std::sync::Arc<Settings>>) {
        for s in settings {
            for warning in &s.warnings {
                let _ = write_load_error(self.stderr, warning, self.stderr_color);
            }
        }
    }
}

fn resolver(options: &ConfigOptions) -> Result<Resolver, LoadError> {
    Ok(Resolver::new(Builtins::load()?, options.to_args()))
}

/// The resolver of a command that only lints (see `Builtins::load_for_linting`).
fn linting_resolver(options: &ConfigOptions) -> Result<Resolver, LoadError> {
    Ok(Resolver::new(
        Builtins::load_for_linting()?,
        options.to_args(),
    ))
}

/// `hirelint check`.
pub fn check(args: &CheckArgs, io: &mut Io<'_>) -> ExitStatus {
    crate::source::set_max_file_bytes(args.max_file_size);
    // Never freed: a check ends the process, and taking apart the compiled catalogue (its
    // automata and regexes) would cost an editor's save a few milliseconds for nothing.
    let mut resolver = match linting_resolver(&args.config) {
        Ok(r) => std::mem::ManuallyDrop::new(r),
        Err(e) => return io.fail(&e),
    };
    let stdin = Path::new("-");
    let reads_stdin = args.paths.iter().any(|p| p == stdin)
        || (args.paths.is_empty() && args.stdin_filename.is_some());
    if reads_stdin {
        if args.paths.len() > 1 {
            let _ = writeln!(
                io.stderr,
                "error: `-` (stdin) cannot be combined with other paths"
            );
            return ExitStatus::Error;
        }
        let (candidate, bytes, settings) = match read_stdin(args, &mut resolver, io) {
            Ok(Some(input)) => input,
            // An excluded name: nothing to say.
            Ok(None) => return emit_and_exit(args, io, &[], false, &[]),
            Err(status) => return status,
        };
        let named = args.stdin_filename.is_some();
        if args.fix || args.diff {
            return fix_stdin(args, io, &candidate, bytes, &settings);
        }
        // Built on the pool while this thread parses the posting (see `lint::lint_in_order`).
        settings.rules.warm_on_pool();
        let reports = lint::lint_bytes(&candidate, bytes, &settings, named);
        let catalogue = catalogue(&resolver);
        return emit_and_exit(args, io, &reports, false, &catalogue);
    }
    let walk = match discover::walk(&args.paths) {
        Ok(w) => w,
        Err(discover::MissingPath(path)) => {
            let _ = writeln!(
                io.stderr,
                "error: no such file or directory: {}",
                path.display()
            );
            return ExitStatus::Error;
        }
    };
    let mut walking = Walking::new(args, &mut resolver);
    // The configs where the walk starts (and `--config`, `--lints`, `--select`) load before
    // any output, even with nothing to lint: their errors leave stdout empty and fail the
    // run. Only a config deeper in a folder can stop a run that has begun.
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut root_rules = Vec::new();
    for root in &roots {
        match walking.resolver.settings_for(Some(root)) {
            Ok(settings) => root_rules.push(std::sync::Arc::clone(&settings.rules)),
            Err(e) => return io.fail(&e),
        }
    }
    walking.warn_new(io);
    if args.fix || args.diff {
        let mut jobs = Vec::new();
        for found in walk {
            match walking.job(found, io) {
                Ok(Some(job)) => jobs.push(job),
                Ok(None) => {}
                Err(e) => return io.fail(&e),
            }
        }
        let catalogue = catalogue(walking.resolver);
        return check_fixes(args, io, &jobs, walking.walk_errors, &catalogue);
    }
    let reporter = match reporter(args, io) {
        Ok(r) => r,
        Err(status) => return status,
    };
    // A folder whose own listing is large holds hundreds of postings or more: the run will be
    // long, and while this thread reads and sorts that listing (bulk's 6,672 names: about 5
    // ms) the pool has nothing else to do.
    if roots.iter().any(|root| discover::has_large_listing(root)) {
        lint::build_long_run_readers(root_rules);
    }
    let mut run = StreamedRun {
        walk,
        walking,
        reporter,
        io,
        config_error: None,
        feed: None,
    };
    lint::lint_in_order(&mut run);
    let StreamedRun {
        walking,
        io,
        reporter,
        config_error,
        ..
    } = run;
    let walk_errors = walking.walk_errors;
    let catalogue = catalogue(walking.resolver);
    let status = reporter.finish(walk_errors, &catalogue, io.stdout, io.stderr);
    match config_error {
        Some(e) => io.fail(&e),
        None => status,
    }
}

/// Turns what the walk finds into jobs: the settings of each file, excluded files left out,
/// walk errors said on stderr.
struct Walking<'r> {
    args: &'r CheckArgs,
    resolver: &'r mut Resolver,
    walk_errors: bool,
    /// Configs already warned about.
    warned: std::collections::HashSet<*const Settings>,
}

impl<'r> Walking<'r> {
    fn new(args: &'r CheckArgs, resolver: &'r mut Resolver) -> Walking<'r> {
        Walking {
            args,
            resolver,
            walk_errors: false,
            warned: std::collections::HashSet::new(),
        }
    }

    /// The job for `found`, if it is a file to lint.
    fn job(&mut self, found: discover::Found, io: &mut Io<'_>) -> Result<Option<Job>, LoadError> {
        let candidate = match found {
            discover::Found::File(candidate) => candidate,
            discover::Found::Unknown(path) => {
                if self.args.verbose {
                    let _ = writeln!(io.stderr, "hirelint: skipping {path}: not a posting format");
                }
                return Ok(None);
            }
            discover::Found::Error(path, why) => {
                let _ = writeln!(io.stderr, "error: cannot read {path}: {why}");
                self.walk_errors = true;
                return Ok(None);
            }
        };
        let settings = self.resolver.settings_for(Some(&candidate.path))?;
        self.warn_new(io);
        if settings.is_excluded(&candidate.path) && (!candidate.named || self.args.force_exclude) {
            return Ok(None);
        }
        Ok(Some(Job::new(candidate, settings)))
    }

    /// Warnings of configs loaded since the last call, once each.
    fn warn_new(&mut self, io: &mut Io<'_>) {
        let new: Vec<_> = self
            .resolver
            .resolved()
            .filter(|s| self.warned.insert(std::sync::Arc::as_ptr(s)))
            .cloned()
            .collect();
        io.warn_all(new.iter());
    }
}

/// A `check` over files, streamed: the walk feeds the jobs, the reporter writes each report as
/// soon as it is in order.
struct StreamedRun<'a, 'r, 'o, W> {
    walk: W,
    walking: Walking<'r>,
    reporter: emit::run::Reporter,
    io: &'a mut Io<'o>,
    /// A config that failed to load on the way: the run stops, exit 2.
    config_error: Option<LoadError>,
    /// A JSON Lines feed or a spreadsheet export being read in parts, and its job.
    feed: Option<(Parts, Job)>,
}

impl<W: Iterator<Item = discover::Found>> lint::Pipe for StreamedRun<'_, '_, '_, W> {
    fn next_jobs(&mut self, max: usize) -> Vec<Job> {
        // Room for all `max` (a unit's 32, or a batch's 128): grown from empty, the jobs were
        // copied three times a unit.
        let mut jobs = Vec::with_capacity(max);
        let mut held = 0;
        while self.config_error.is_none() && jobs.len() < max && held < lint::BATCH_BYTES {
            if let Some((parts, job)) = &mut self.feed {
                match parts.next() {
                    Some(part) => {
                        let job = Job {
                            part: Some(part),
                            ..job.clone()
                        };
                        held += job.bytes_held();
                        jobs.push(job);
                    }
                    None => self.feed = None,
                }
                continue;
            }
            let Some(found) = self.walk.next() else {
                break;
            };
            match self.walking.job(found, self.io) {
                // A feed or an export is read in parts, so that it takes flat memory whatever
                // its size.
                Ok(Some(job))
                    if matches!(
                        job.candidate.format,
                        Format::JsonLines | Format::Csv | Format::Xml | Format::Json
                    ) =>
                {
                    let (path, limit) = (&job.candidate.path, crate::source::max_file_bytes());
                    let parts = match job.candidate.format {
                        Format::Csv => Parts::rows(path, limit),
                        Format::Xml => Parts::elements(path, limit),
                        Format::Json => Parts::values(path, limit),
                        _ => Parts::lines(path, limit),
                    };
                    match parts {
                        Ok(parts) => self.feed = Some((parts, job)),
                        // Read whole, which reports why it cannot be.
                        Err(_) => jobs.push(job),
                    }
                }
                Ok(Some(job)) => jobs.push(job),
                Ok(None) => {}
                Err(e) => self.config_error = Some(e),
            }
        }
        jobs
    }

    fn report(&mut self, report: lint::FileReport) -> bool {
        self.reporter.add(&report, self.io.stdout, self.io.stderr)
    }
}

/// The documentation of every rule the run's configs know, for SARIF.
fn catalogue(resolver: &Resolver) -> Vec<emit::ci::RuleDoc> {
    let mut docs: std::collections::BTreeMap<String, emit::ci::RuleDoc> =
        std::collections::BTreeMap::new();
    for settings in resolver.resolved() {
        for rule in settings.rules.rules() {
            docs.entry(rule.name.clone())
                .or_insert_with(|| emit::ci::RuleDoc {
                    name: rule.name.clone(),
                    category: rule.category.clone(),
                    level: rule.level,
                    help: rule.help.clone(),
                    docs: rule.docs.clone(),
                });
        }
    }
    for meta in MetaRule::ALL {
        docs.entry(meta.name().to_string())
            .or_insert_with(|| emit::ci::RuleDoc {
                name: meta.name().to_string(),
                category: "meta".to_string(),
                level: meta.level(),
                help: None,
                docs: meta.docs(),
            });
    }
    docs.into_values().collect()
}

/// What stdin holds: the posting under the name `--stdin-filename` gives (or `<stdin>`), its
/// bytes and its settings; `None` for a name the config excludes under `--force-exclude`.
type StdinPosting = (discover::Candidate, Vec<u8>, std::sync::Arc<Settings>);

fn read_stdin(
    args: &CheckArgs,
    resolver: &mut Resolver,
    io: &mut Io<'_>,
) -> Result<Option<StdinPosting>, ExitStatus> {
    use std::io::Read;
    let name = args.stdin_filename.as_deref();
    let settings = resolver.settings_for(name).map_err(|e| io.fail(&e))?;
    io.warn_all(resolver.resolved());
    if let Some(path) = name
        && args.force_exclude
        && settings.is_excluded(path)
    {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    let limit = args.max_file_size;
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
    {
        let _ = writeln!(io.stderr, "error: cannot read stdin: {e}");
        return Err(ExitStatus::Error);
    }
    if bytes.len() as u64 > limit {
        let _ = writeln!(
            io.stderr,
            "error: stdin holds more than {limit} bytes (--max-file-size); not linted"
        );
        return Err(ExitStatus::Error);
    }
    let display = name.map_or_else(|| "<stdin>".to_string(), display_path);
    let format = match name {
        Some(path) => Format::detect(path).unwrap_or(Format::Text),
        None => Format::sniff(&String::from_utf8_lossy(&bytes[..bytes.len().min(64)])),
    };
    let candidate = discover::Candidate {
        path: name.map_or_else(|| PathBuf::from("-"), Path::to_path_buf),
        display,
        format,
        named: true,
    };
    Ok(Some((candidate, bytes, settings)))
}

/// `--fix` or `--diff` on stdin: the fixed posting (or the diff) on stdout, for an editor to
/// put back into the buffer. The exit code says what is left.
fn fix_stdin(
    args: &CheckArgs,
    io: &mut Io<'_>,
    candidate: &discover::Candidate,
    bytes: Vec<u8>,
    settings: &Settings,
) -> ExitStatus {
    let named = args.stdin_filename.is_some();
    let original = bytes.clone();
    let outcome = lint::lint_and_fix(candidate, bytes, settings, named, args.unsafe_fixes);
    let written = match (&outcome.change, args.diff) {
        (Some((before, after)), true) => io
            .stdout
            .write_all(crate::fix::unified_diff(&candidate.display, before, after).as_bytes()),
        (None, true) => Ok(()),
        (Some((_, after)), false) => io.stdout.write_all(after.as_bytes()),
        (None, false) => io.stdout.write_all(&original),
    };
    let status = if outcome.reports.iter().any(|r| r.error.is_some()) {
        ExitStatus::Error
    } else if args.diff {
        if outcome.change.is_some() {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    } else {
        remaining_status(args, &outcome.reports)
    };
    finish(written, status)
}

/// `--fix` and `--diff` over files: fix each in memory, then write it in place (or print its
/// diff), and report what is left.
fn check_fixes(
    args: &CheckArgs,
    io: &mut Io<'_>,
    jobs: &[Job],
    walk_errors: bool,
    catalogue: &[emit::ci::RuleDoc],
) -> ExitStatus {
    let outcomes = lint::fix_all(jobs, args.unsafe_fixes);
    let (mut files, mut edits, mut failed) = (0, 0, false);
    let mut reports = Vec::new();
    let mut written = Ok(());
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let Some((before, after)) = &outcome.change else {
            reports.extend(outcome.reports);
            continue;
        };
        if args.diff {
            files += 1;
            edits += outcome.applied;
            let diff = crate::fix::unified_diff(&job.candidate.display, before, after);
            written = written.and_then(|()| io.stdout.write_all(diff.as_bytes()));
            reports.extend(outcome.reports);
            continue;
        }
        match crate::fix::write_in_place(&job.candidate.path, after.as_bytes()) {
            Ok(()) => {
                files += 1;
                edits += outcome.applied;
                reports.extend(outcome.reports);
            }
            Err(e) => {
                let _ = writeln!(
                    io.stderr,
                    "error: cannot fix {}: {e}; it was left unchanged",
                    job.candidate.display
                );
                failed = true;
                reports.extend(lint::lint_one(&job.candidate, &job.settings));
            }
        }
    }
    let plural = |n: usize, one: &str| {
        if n == 1 {
            one.to_string()
        } else {
            format!("{one}s")
        }
    };
    if args.diff {
        if edits > 0 {
            let _ = writeln!(
                io.stderr,
                "hirelint: {edits} {} would be applied in {files} {}",
                if edits == 1 { "fix" } else { "fixes" },
                plural(files, "file")
            );
        }
        let status = if failed || walk_errors || reports.iter().any(|r| r.error.is_some()) {
            ExitStatus::Error
        } else if edits > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        };
        return finish(written, status);
    }
    if edits > 0 {
        let _ = writeln!(
            io.stderr,
            "hirelint: fixed {edits} {} in {files} {}",
            plural(edits, "finding"),
            plural(files, "file")
        );
    }
    emit_and_exit(args, io, &reports, walk_errors || failed, catalogue)
}

/// The exit code for the findings left: 1 at or above `--fail-on` (0 with `--exit-zero`).
fn remaining_status(args: &CheckArgs, reports: &[lint::FileReport]) -> ExitStatus {
    let fail_level = args.fail_on.level();
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.level >= fail_level);
    if failing && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// How `check` writes its reports, from its flags.
fn run_output(args: &CheckArgs) -> emit::run::RunOutput {
    emit::run::RunOutput {
        options: EmitOptions {
            format: args.format,
            color: stdout_color(args.color),
            quiet: args.quiet,
            byte_columns: args.column_unit == crate::cli::ColumnUnit::Byte,
        },
        output_file: args.output_file.clone(),
        statistics: args.statistics,
        fail_level: args.fail_on.level(),
        exit_zero: args.exit_zero,
        flush_each_file: std::io::IsTerminal::is_terminal(&std::io::stdout()),
    }
}

/// The reporter of a run, or exit 2 when its output file cannot be created.
fn reporter(args: &CheckArgs, io: &mut Io<'_>) -> Result<emit::run::Reporter, ExitStatus> {
    emit::run::Reporter::new(run_output(args)).map_err(|e| {
        let path = args.output_file.as_deref().unwrap_or(Path::new(""));
        let _ = writeln!(io.stderr, "error: cannot write {}: {e}", path.display());
        ExitStatus::Error
    })
}

/// Prints reports already in hand and chooses the exit code.
fn emit_and_exit(
    args: &CheckArgs,
    io: &mut Io<'_>,
    reports: &[lint::FileReport],
    other_errors: bool,
    catalogue: &[emit::ci::RuleDoc],
) -> ExitStatus {
    let mut reporter = match reporter(args, io) {
        Ok(r) => r,
        Err(status) => return status,
    };
    for report in reports {
        if !reporter.add(report, io.stdout, io.stderr) {
            break;
        }
    }
    reporter.finish(other_errors, catalogue, io.stdout, io.stderr)
}

/// One row of `hirelint rules`.
#[derive(Debug, Serialize)]
struct RuleRow<'a> {
    name: &'a str,
    category: &'a str,
    /// Effective level, or `off`.
    level: &'static str,
    default_level: &'static str,
    /// Where the level came from: default, config, config (category), override, ignored, not selected.
    source: &'static str,
    /// `built-in`, or the rule file's path.
    origin: String,
    /// The built-in rule file this one replaces.
    replaces: Option<&'a str>,
    summary: String,
}

/// `hirelint rules`.
pub fn rules(args: &RulesArgs, io: &mut Io<'_>) -> ExitStatus {
    let mut resolver = match resolver(&args.config) {
        Ok(r) => r,
        Err(e) => return io.fail(&e),
    };
    let target = args.path.clone();
    let settings = match resolver.settings_for(target.as_deref()) {
        Ok(s) => s,
        Err(e) => return io.fail(&e),
    };
    io.warn_all(resolver.resolved());
    let file = target.as_deref().filter(|p| p.is_file());
    let mut rows: Vec<RuleRow<'_>> = settings
        .rules
        .rules()
        .map(|rule| {
            let eff = settings.rule_level(rule, file);
            RuleRow {
                name: &rule.name,
                category: &rule.category,
                level: eff.level.map_or("off", |l| l.name()),
                default_level: rule.level.name(),
                source: eff.source.name(),
                origin: if rule.is_builtin() {
                    "built-in".to_string()
                } else {
                    rule.origin.clone()
                },
                replaces: rule.replaces.as_deref(),
                summary: rule.summary().to_string(),
            }
        })
        .collect();
    for meta in MetaRule::ALL {
        let eff = settings.effective(meta.name(), "meta", meta.level(), file);
        rows.push(RuleRow {
            name: meta.name(),
            category: "meta",
            level: eff.level.map_or("off", |l| l.name()),
            default_level: meta.level().name(),
            source: eff.source.name(),
            origin: "built-in".to_string(),
            replaces: None,
            summary: meta.docs().what.into_owned(),
        });
    }
    let config = settings
        .path
        .as_deref()
        .map_or("none (defaults)".to_string(), display_path);
    let written = match args.format {
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Listing<'a> {
                config: Option<String>,
                rules: Vec<RuleRow<'a>>,
            }
            let listing = Listing {
                config: settings.path.as_deref().map(display_path),
                rules: rows,
            };
            serde_json::to_vec_pretty(&listing)
                .map_err(std::io::Error::other)
                .and_then(|text| io.stdout.write_all(&text))
                .and_then(|()| writeln!(io.stdout))
        }
        ListFormat::Md => io
            .stdout
            .write_all(docs::markdown_table(&settings.rules).as_bytes()),
        ListFormat::Human => {
            let mut out = format!("config: {config}\n\n");
            out.push_str(&format!(
                "{:<34} {:<9} {:<8} {:<18} {:<10} SUMMARY\n",
                "RULE", "CATEGORY", "LEVEL", "SOURCE", "ORIGIN"
            ));
            for row in &rows {
                let origin = match row.replaces {
                    Some(_) => format!("{} (replaces built-in)", row.origin),
                    None => row.origin.clone(),
                };
                out.push_str(&format!(
                    "{:<34} {:<9} {:<8} {:<18} {:<10} {}\n",
                    row.name, row.category, row.level, row.source, origin, row.summary
                ));
            }
            io.stdout.write_all(out.as_bytes())
        }
    };
    finish(written, ExitStatus::Success)
}

/// `hirelint explain RULE`.
pub fn explain(rule: &str, io: &mut Io<'_>) -> ExitStatus {
    let mut resolver = match resolver(&ConfigOptions::default()) {
        Ok(r) => r,
        Err(e) => return io.fail(&e),
    };
    let settings = match resolver.settings_for(None) {
        Ok(s) => s,
        Err(e) => return io.fail(&e),
    };
    match docs::explain(&settings.rules, rule) {
        Some(text) => finish(io.stdout.write_all(text.as_bytes()), ExitStatus::Success),
        None => {
            let topics = docs::TOPICS.join(", ");
            let _ = writeln!(
                io.stderr,
                "error: unknown rule `{rule}` (see `hirelint rules`; topics: {topics})"
            );
            ExitStatus::Error
        }
    }
}

/// `hirelint test-lints [DIR]`.
pub fn test_lints(args: &TestLintsArgs, io: &mut Io<'_>) -> ExitStatus {
    let mut resolver = match resolver(&args.config) {
        Ok(r) => r,
        Err(e) => return io.fail(&e),
    };
    let settings = match resolver.settings_for(None) {
        Ok(s) => s,
        Err(e) => return io.fail(&e),
    };
    let rules = match &args.dir {
        Some(dir) => match RuleSet::builtin()
            .and_then(|b| b.categories_only().with_dirs(std::slice::from_ref(dir)))
        {
            Ok(set) => std::sync::Arc::new(set),
            Err(e) => return io.fail(&e),
        },
        None => std::sync::Arc::clone(&settings.rules),
    };
    let failures = selftest::run_all(&rules, &settings.roles);
    let color = stdout_color(args.color);
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for failure in &failures {
        let Some(rule) = rules.get(&failure.rule) else {
            continue;
        };
        let file = SourceFile::new(rule.origin.clone(), rule.source.clone());
        let db = SourceDb::new(vec![&file]);
        let span = if failure.span.is_empty() {
            rule.name_span.clone()
        } else {
            failure.span.clone()
        };
        let label = if failure.span.is_empty() {
            "in this rule".to_string()
        } else {
            format!("tests[{}]", failure.index)
        };
        let diag = CsDiagnostic::error()
            .with_code(rule.name.clone())
            .with_message(format!("rule test failed: {}", failure.message))
            .with_labels(vec![Label::primary(0, span).with_message(label)]);
        let _ = term::emit_to_write_style(&mut buffer, &Config::default(), &db, &diag);
    }
    let tests: usize = rules.rules().map(|r| r.tests.len()).sum();
    let summary = if failures.is_empty() {
        format!("{} rules, {tests} tests: all passed\n", rules.len())
    } else {
        format!(
            "{} rules, {tests} tests: {} failed\n",
            rules.len(),
            failures.len()
        )
    };
    let written = io
        .stdout
        .write_all(buffer.as_slice())
        .and_then(|()| io.stdout.write_all(summary.as_bytes()));
    finish(
        written,
        if failures.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        },
    )
}

/// `hirelint init [PATH]`.
pub fn init(path: &Path, io: &mut Io<'_>) -> ExitStatus {
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()));
    match created {
        Ok(()) => {
            let _ = writeln!(io.stdout, "wrote {}", display_path(path));
            ExitStatus::Success
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                io.stderr,
                "error: {} already exists; hirelint init never overwrites it",
                display_path(path)
            );
            ExitStatus::Error
        }
        Err(e) => {
            let _ = writeln!(io.stderr, "error: cannot write {}: {e}", display_path(path));
            ExitStatus::Error
        }
    }
}

/// For tests and tools: the settings `check` would use for a path.
pub fn settings_for(
    path: &Path,
    options: &ConfigOptions,
) -> Result<std::sync::Arc<Settings>, LoadError> {
    linting_resolver(options)?.settings_for(Some(&PathBuf::from(path)))
}
