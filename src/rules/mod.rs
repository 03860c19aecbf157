//! Rules as data: TOML files under `lints/<category>/`, loaded and compiled once per run into
//! a `RuleSet` shared by every thread.

pub mod builtin;
pub mod compile;
pub mod finder;
pub mod folder;
pub mod literal_table;
pub mod parsed_table;
pub mod pattern;
pub mod regex;
pub mod schema;
pub mod selftest;
pub mod trigger;

use std::borrow::Borrow;
use std::hash::Hash;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};

pub use compile::{Check, Report, Rule, RuleSet, SegmentTest, Unless};
pub use finder::{Finder, Hit};
pub use schema::{Docs, Level, RuleTest};

/// The cell under `key` in `cells`, made (empty) if no one holds it: one per distinct key in
/// the process, freed with its last holder (a configuration reload drops a rule's regexes).
/// The compiled regexes and the word-list automata are shared this way.
/// The keys are hashed with FxHash: they are rule sources, not input, and SipHash over every
/// regex and word list of a catalogue was 2% of an editor's save.
type Cells<K, V> = crate::fxhash::FxHashMap<K, Weak<V>>;

fn shared_cell<K, Q, V>(cells: &OnceLock<Mutex<Cells<K, V>>>, key: &Q) -> Arc<V>
where
    K: Borrow<Q> + Hash + Eq,
    Q: ToOwned<Owned = K> + Hash + Eq + ?Sized,
    V: Default,
{
    let mut cells = cells
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(cell) = cells.get(key).and_then(Weak::upgrade) {
        return cell;
    }
    let cell = Arc::new(V::default());
    cells.insert(key.to_owned(), Arc::downgrade(&cell));
    cell
}

/// A rule file waiting to be loaded: its path (for messages), category and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub category: String,
    /// Borrowed for a built-in rule file: the catalogue's text is not copied at start-up.
    pub text: std::borrow::Cow<'static, str>,
    /// Shipped with hirelint, not read from a rule folder: a folder's file is the team's
    /// own even when its path reads like a built-in's (`lints/…`, a checkout of this
    /// repository) or its text is a built-in's.
    pub builtin: bool,
}

/// A rule or data file that cannot be loaded: where, and why. Rendered as a codespan
/// diagnostic pointing into that file; the run stops with exit 2.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub path: String,
    pub text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
    /// A problem worth reporting that does not stop the run (an unknown rule name in a config).
    pub is_warning: bool,
}

impl LoadError {
    pub fn new(
        path: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> LoadError {
        LoadError {
            path: path.to_string(),
            text: text.to_string(),
            span,
            message: message.into(),
            is_warning: false,
        }
    }

    /// The same problem, reported as a warning.
    pub fn as_warning(mut self) -> LoadError {
        self.is_warning = true;
        self
    }

    pub fn from_toml(path: &str, text: &str, error: &toml::de::Error) -> LoadError {
        LoadError::new(path, text, error.span(), error.message().trim().to_string())
    }

    /// The codespan diagnostic for this error, for a file registered under `file_id`.
    pub fn to_diagnostic(&self, file_id: usize) -> CsDiagnostic<usize> {
        let diag = if self.is_warning {
            CsDiagnostic::warning()
        } else {
            CsDiagnostic::error()
        };
        let diag = diag.with_message(self.message.clone());
        match &self.span {
            Some(span) => {
                let span = span.start.min(self.text.len())..span.end.min(self.text.len());
                diag.with_labels(vec![Label::primary(file_id, span)])
            }
            None if self.path.is_empty() => diag,
            None => diag.with_notes(vec![format!("in {}", self.path)]),
        }
    }
}
