//! hirelint: a linter for job postings.
//!
//! The pipe, one module per stage:
//! `discover` (paths → candidates) → `config` (the settings for each file) → `source` (bytes →
//! `SourceFile`) → `document` (text → `Document` with span maps and suppression directives) →
//! `classify` (→ role family) → `engine` (compiled `rules` → `Diagnostic`s) → `suppress` →
//! `emit` (formats) → `exit` (status). `lint` runs the per-file part of the pipe in parallel;
//! `commands` wires each subcommand to it, and `lsp` serves it to an editor. `automaton` holds
//! the phrase automata that `document` and `rules` search with, and `bytescan` the byte scans
//! that read every byte of a posting.

pub mod alloc;
pub mod automaton;
pub mod bytescan;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod emit;
pub mod engine;
pub mod exit;
pub mod explain;
pub mod extract;
pub mod fix;
pub mod fxhash;
pub mod kept;
pub mod lint;
pub mod literal_dfa;
pub mod literal_scan;
pub mod lsp;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod work;

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};

use cli::{Cli, ColorWhen, Command};
use exit::ExitStatus;
use rules::LoadError;
use source::{SourceDb, SourceFile};

/// Runs a parsed command line; output goes to `stdout`, errors to `stderr`.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitStatus {
    let mut io = commands::Io {
        stdout,
        stderr,
        stderr_color: std::io::stderr().is_terminal() && no_color_unset(),
    };
    match cli.command {
        Command::Check(args) => commands::check(&args, &mut io),
        Command::Rules(args) => commands::rules(&args, &mut io),
        Command::Explain { rule } => commands::explain(&rule, &mut io),
        Command::TestLints(args) => commands::test_lints(&args, &mut io),
        Command::Init { path } => commands::init(&path, &mut io),
        Command::Lsp(options) => lsp::serve(&options, io.stderr),
    }
}

/// Whether to colour output going to stdout.
pub fn stdout_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stdout().is_terminal() && no_color_unset(),
    }
}

/// A closed pipe (`hirelint check | head`) is a normal way for output to end: exit 0, as
/// ripgrep does. Any other write error is exit 2.
pub fn finish(written: std::io::Result<()>, status: ExitStatus) -> ExitStatus {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}

/// NO_COLOR set to anything non-empty turns colour off (no-color.org).
fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Renders a rule-file or config error (or warning) as a codespan diagnostic pointing into
/// that file.
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
