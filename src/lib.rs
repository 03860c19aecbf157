//! hirelint: a linter for job postings.
//!
//! The pipe, one module per stage:
//! `discover` (paths → candidates) → `source` (bytes → `SourceFile`) → `document` (text →
//! `Document` with span maps) → `classify` (→ role family) → `engine` (compiled `rules` →
//! `Diagnostic`s) → `emit` (formats) → `exit` (status). `lint` runs the per-file part of the
//! pipe in parallel; `run` wires the command line to it.

pub mod classify;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod emit;
pub mod engine;
pub mod exit;
pub mod explain;
pub mod lint;
pub mod rules;
pub mod source;

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};

use classify::RoleTable;
use cli::{CheckArgs, Cli, ColorWhen, Command};
use emit::EmitOptions;
use exit::ExitStatus;
use rules::{LoadError, RuleSet};
use source::{SourceDb, SourceFile};

/// Runs a parsed command line; output goes to `stdout`, errors to `stderr`.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitStatus {
    let color_stderr = std::io::stderr().is_terminal() && no_color_unset();
    let lint_dirs = match &cli.command {
        Command::Check(args) => args.lints.clone(),
        _ => Vec::new(),
    };
    let (rules, roles) = match load_data(&lint_dirs) {
        Ok(data) => data,
        Err(e) => {
            let _ = write_load_error(stderr, &e, color_stderr);
            return ExitStatus::Error;
        }
    };
    let written = match cli.command {
        Command::Check(args) => return check(&args, &rules, &roles, stdout, stderr),
        Command::Rules => stdout.write_all(explain::list(&rules).as_bytes()),
        Command::Explain { rule } => match explain::explain(&rules, &rule) {
            Some(text) => stdout.write_all(text.as_bytes()),
            None => {
                let _ = writeln!(
                    stderr,
                    "error: unknown rule `{rule}` (see `hirelint rules`)"
                );
                return ExitStatus::Error;
            }
        },
    };
    finish(written, ExitStatus::Success)
}

/// Loads and compiles the rules (built-in plus extra folders) and the role table, once per run.
pub fn load_data(lint_dirs: &[std::path::PathBuf]) -> Result<(RuleSet, RoleTable), LoadError> {
    Ok((RuleSet::with_dirs(lint_dirs)?, RoleTable::builtin()?))
}

fn check(
    args: &CheckArgs,
    rules: &RuleSet,
    roles: &RoleTable,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> ExitStatus {
    let discovery = match discover::discover(&args.paths) {
        Ok(d) => d,
        Err(discover::MissingPath(path)) => {
            let _ = writeln!(
                stderr,
                "error: no such file or directory: {}",
                path.display()
            );
            return ExitStatus::Error;
        }
    };
    for (path, why) in &discovery.skipped {
        let _ = writeln!(stderr, "hirelint: skipping {path}: {why}");
    }
    for (path, why) in &discovery.errors {
        let _ = writeln!(stderr, "error: cannot read {path}: {why}");
    }
    let reports = lint::lint_all(&discovery.files, rules, roles);

    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stdout().is_terminal() && no_color_unset(),
    };
    let options = EmitOptions {
        format: args.format,
        color,
        quiet: args.quiet,
    };
    let written = emit::emit(stdout, &reports, options);

    let fail_level = args.fail_on.level();
    let status = if !discovery.errors.is_empty() || reports.iter().any(|r| r.error.is_some()) {
        ExitStatus::Error
    } else if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.level >= fail_level)
    {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    finish(written, status)
}

/// A closed pipe (`hirelint check | head`) is a normal way for output to end.
fn finish(written: std::io::Result<()>, status: ExitStatus) -> ExitStatus {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(_) => ExitStatus::Error,
    }
}

/// NO_COLOR set to anything non-empty turns colour off (no-color.org).
fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Renders a rule-file error as a codespan diagnostic pointing into that file.
pub fn write_load_error(
    out: &mut dyn Write,
    error: &LoadError,
    color: bool,
) -> std::io::Result<()> {
    let file = SourceFile::new(error.path.clone(), error.text.clone());
    let db = SourceDb::new(vec![&file]);
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    term::emit_to_write_style(
        &mut buffer,
        &Config::default(),
        &db,
        &error.to_diagnostic(0),
    )
    .map_err(std::io::Error::other)?;
    out.write_all(buffer.as_slice())
}
