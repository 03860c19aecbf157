//! `SegmentText`: a segment's decoded text. Most segments are a verbatim stretch of the file
//! (a paragraph with no markup, entities or joined lines), so they share the file's text
//! instead of copying it: a huge posting then holds its prose once, not twice.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use super::SpanMap;
use crate::source::SourceFile;

/// Reads as a `&str` (`Deref`); either its own copy or a range of the file's text.
#[derive(Clone)]
pub struct SegmentText(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Box<str>),
    /// `file.text[start..end]`; offsets fit in 32 bits (`--max-file-size` is below 4 GiB).
    Shared {
        file: Arc<SourceFile>,
        start: u32,
        end: u32,
    },
}

impl SegmentText {
    /// `range` of the file's text, shared; `None` when the range is not a `str` slice of it
    /// or does not fit in 32-bit offsets.
    pub fn shared(file: &Arc<SourceFile>, range: Range<usize>) -> Option<SegmentText> {
        file.text.get(range.clone())?;
        Some(SegmentText(Repr::Shared {
            file: Arc::clone(file),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    /// `text`, whose map is `map`, shared with `file` when it is a verbatim stretch of it.
    pub fn verbatim_in(file: &Arc<SourceFile>, text: &str, map: &SpanMap) -> Option<SegmentText> {
        let range = map.verbatim_source()?;
        if file.text.get(range.clone()) != Some(text) {
            return None;
        }
        SegmentText::shared(file, range)
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { file, start, end } => &file.text[*start as usize..*end as usize],
        }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }

    /// Keeps the first `at` bytes (a character boundary) and returns the rest.
    pub fn split_off(&mut self, at: usize) -> SegmentText {
        let rest = match &self.0 {
            Repr::Owned(text) => Repr::Owned(text[at..].into()),
            Repr::Shared { file, start, end } => Repr::Shared {
                file: Arc::clone(file),
                start: (*start as usize + at).min(*end as usize) as u32,
                end: *end,
            },
        };
        self.truncate(at);
        SegmentText(rest)
    }

    /// Keeps the first `len` bytes (a character boundary).
    pub fn truncate(&mut self, len: usize) {
        match &mut self.0 {
            Repr::Owned(text) => *text = text[..len].into(),
            Repr::Shared { start, end, .. } => {
                debug_assert!(*start as usize + len <= *end as usize);
                *end = (*start as usize + len).min(*end as usize) as u32;
            }
        }
    }
}

impl Deref for SegmentText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SegmentText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for SegmentText {
    fn from(text: String) -> SegmentText {
        SegmentText(Repr::Owned(text.into_boxed_str()))
    }
}

impl From<&str> for SegmentText {
    fn from(text: &str) -> SegmentText {
        SegmentText(Repr::Owned(text.into()))
    }
}

impl fmt::Debug for SegmentText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SegmentText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for SegmentText {
    fn eq(&self, other: &SegmentText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SegmentText {}

impl PartialEq<str> for SegmentText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SegmentText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SegmentText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SegmentText> for str {
    fn eq(&self, other: &SegmentText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SegmentText> for &str {
    fn eq(&self, other: &SegmentText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SegmentText> for String {
    fn eq(&self, other: &SegmentText) -> bool {
        self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_reads_as_its_range_of_the_file() {
        let file = Arc::new(SourceFile::new("p.md", "# Title\n\nWe hire.\n"));
        let mut text = SegmentText::shared(&file, 9..17).expect("a str slice");
        assert_eq!(text, "We hire.");
        assert!(text.is_shared());
        text.truncate(7);
        assert_eq!(text, "We hire");
        assert!(SegmentText::shared(&file, 9..40).is_none());
    }

    #[test]
    fn a_range_inside_a_character_is_not_shared() {
        let file = Arc::new(SourceFile::new("p.md", "Zürich"));
        assert!(SegmentText::shared(&file, 0..2).is_none());
        assert_eq!(SegmentText::shared(&file, 0..3).unwrap(), "Zü");
    }
}
