//! Command-line interface (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::rules::Level;

/// A fast, configurable linter for job postings.
#[derive(Debug, Parser)]
#[command(name = "hirelint", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint postings (files or folders; default: the current folder).
    Check(CheckArgs),
    /// List every rule: name, category, default level and summary.
    Rules,
    /// Print a rule's documentation and examples.
    Explain {
        /// The rule's name, e.g. phd-required-for-engineer.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to lint. Folders are walked (.md, .markdown, .txt), skipping hidden
    /// folders, target/ and node_modules/.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// When to colour human output. `auto` colours a terminal only, and honours NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Exit 1 when there is a finding at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// Extra rule folder, laid out like the built-in `lints/` (`DIR/<category>/<name>.toml`).
    /// Repeatable.
    #[arg(long = "lints", value_name = "DIR")]
    pub lints: Vec<PathBuf>,

    /// Print findings only, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style diagnostics with the source underlined.
    Human,
    /// One line per finding: `path:line:col: level[rule]: message`.
    Short,
    /// One JSON document (schema in README.md).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn level(self) -> Level {
        match self {
            FailOn::Error => Level::Error,
            FailOn::Warning => Level::Warning,
            FailOn::Info => Level::Info,
        }
    }
}
