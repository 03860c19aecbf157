//! Command-line interface (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::ConfigArgs;
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
    /// List every rule with its effective level under the current config, and where it came from.
    Rules(RulesArgs),
    /// Print a rule's documentation and examples, or a topic: `configuration`, `suppressions`.
    Explain {
        /// A rule name (e.g. phd-required-for-engineer), `configuration` or `suppressions`.
        rule: String,
    },
    /// Run the [[tests]] embedded in rule files: a rule folder, or the built-in rules and the
    /// config's `lints` folders.
    TestLints(TestLintsArgs),
    /// Write a commented starter hirelint.toml (never over an existing file).
    Init {
        /// Where to write it.
        #[arg(default_value = "hirelint.toml")]
        path: PathBuf,
    },
    /// Serve the Language Server Protocol on stdin and stdout, for editors: findings as you
    /// type, quick fixes, and comments that disable a rule for a line.
    Lsp(ConfigOptions),
}

/// Options that choose the configuration, shared by `check`, `rules` and `test-lints`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigOptions {
    /// Use this config file for every posting instead of discovering hirelint.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every hirelint.toml: defaults only.
    #[arg(long)]
    pub no_config: bool,

    /// Run only these rules or categories (comma-separated; `all` for every rule). Replaces
    /// the config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Do not run these rules or categories (comma-separated). Added to the config's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Extra rule folder, laid out like the built-in `lints/` (`DIR/<category>/<name>.toml`).
    /// Repeatable; added to the config's `lints`.
    #[arg(long = "lints", value_name = "DIR")]
    pub lints: Vec<PathBuf>,
}

impl ConfigOptions {
    pub fn to_args(&self) -> ConfigArgs {
        ConfigArgs {
            config: self.config.clone(),
            no_config: self.no_config,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            lints: self.lints.clone(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to lint. Folders are walked (.md, .markdown, .txt, .html, .htm,
    /// .json, .jsonl, .ndjson), skipping hidden folders, target/ and node_modules/. `-` reads
    /// one posting from stdin.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// The name of the posting read from stdin: its format, its config, its per-path
    /// settings and the name in the output (for editors). Implies reading stdin when no path
    /// is given. Without it the format is sniffed from the text.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// When to colour human output. `auto` colours a terminal only, and honours NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Exit 1 when there is a finding at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// Apply the safe fixes in place (written atomically), then report what is left. With
    /// `-` (stdin), print the fixed posting instead.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// With `--fix` or `--diff`, also apply fixes that may change the meaning (jargon titles,
    /// gendered terms).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing; exit 1 when there is something
    /// to fix.
    #[arg(long)]
    pub diff: bool,

    /// Exit 0 even when there are findings (2 still means a usage, config or read error).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each rule has, instead of the findings (human and short).
    #[arg(long)]
    pub statistics: bool,

    /// Write the report in `--format` to this file (replaced whole), and print the findings
    /// to the terminal as `human` output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// The largest posting read (`512K`, `10M`, `1G`); a larger file is reported as
    /// `unreadable-file` and not read (at most 4G). A JSON Lines feed is read line by line, a
    /// spreadsheet export row by row, an XML feed job by job and a JSON array of postings
    /// element by element: the limit holds for each.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = crate::source::parse_size)]
    pub max_file_size: u64,

    /// What a `short` column counts: characters (default, as rustc) or bytes (Vim, Neovim).
    #[arg(long, value_enum, default_value_t = ColumnUnit::CodePoint)]
    pub column_unit: ColumnUnit,

    /// Print findings only, no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Also list, on stderr, the files a folder walk skipped because their extension is not a
    /// posting format.
    #[arg(long, short)]
    pub verbose: bool,

    /// Apply the config's `exclude` to files named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,

    #[command(flatten)]
    pub config: ConfigOptions,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Show the levels that apply to this file or folder (config discovery and overrides);
    /// default: the current folder.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    #[command(flatten)]
    pub config: ConfigOptions,
}

#[derive(Debug, clap::Args)]
pub struct TestLintsArgs {
    /// A rule folder (`DIR/<category>/<name>.toml`). Default: the built-in rules and the
    /// config's `lints` folders.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// When to colour the failures.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(flatten)]
    pub config: ConfigOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style diagnostics with the source underlined.
    Human,
    /// One line per finding: `path:line:col: level[rule]: message`.
    Short,
    /// One JSON document (schema in README.md).
    Json,
    /// One JSON object per finding, one per line (the `diagnostics` entries of `json`).
    JsonLines,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitLab Code Quality report.
    Gitlab,
    /// One self-contained HTML page for the people who write postings: each posting's
    /// findings in its own words, the words marked.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColumnUnit {
    /// Unicode scalar values, 1-based (rustc, VS Code's text, SARIF).
    CodePoint,
    /// UTF-8 bytes from the line's start, 1-based (Vim's quickfix, Neovim).
    Byte,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Human,
    /// JSON, for tools.
    Json,
    /// A Markdown table of every rule with its default level (README.md's rule table).
    Md,
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
