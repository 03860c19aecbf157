//! A built-in data table read the first time it is asked for: a table only some postings
//! need (technologies, laws) should not cost every editor save its TOML.

use std::sync::OnceLock;

use crate::rules::LoadError;

/// Reads a table's text into a `T`, or says why it cannot.
pub type Reader<T> = fn(&str, &str) -> Result<T, LoadError>;

/// The text of a table (path and text) and what it reads into, once read. With no text (the
/// default) it holds nothing.
#[derive(Debug, Clone)]
pub struct OnFirstUse<T> {
    source: Option<(&'static str, &'static str)>,
    read: OnceLock<Option<T>>,
}

impl<T> Default for OnFirstUse<T> {
    fn default() -> Self {
        OnFirstUse {
            source: None,
            read: OnceLock::new(),
        }
    }
}

impl<T> OnFirstUse<T> {
    /// The table at `path`, read when first asked for.
    pub fn new(path: &'static str, text: &'static str) -> Self {
        OnFirstUse {
            source: Some((path, text)),
            read: OnceLock::new(),
        }
    }

    /// The table at `path`, read now, or why it cannot be read.
    pub fn read_now(
        path: &'static str,
        text: &'static str,
        reader: Reader<T>,
    ) -> Result<Self, LoadError> {
        let table = reader(path, text)?;
        Ok(OnFirstUse {
            source: Some((path, text)),
            read: Some(table).into(),
        })
    }

    /// The table, read now if it was not; `None` if it does not read (the tests read the
    /// built-in ones whole) or there is none.
    pub fn get(&self, reader: Reader<T>) -> Option<&T> {
        self.read
            .get_or_init(|| self.source.and_then(|(path, text)| reader(path, text).ok()))
            .as_ref()
    }

    /// Whether the table has been read.
    pub fn is_read(&self) -> bool {
        self.read.get().is_some()
    }
}
