//! A schema.org `JobPosting` as written, property by property with its place in the file: what
//! Google for Jobs reads, and what the `structured` rules check.

use std::ops::Range;

/// A schema.org `JobPosting` as written: what Google for Jobs reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuredData {
    /// The `"@type": "JobPosting"` property: where a finding about the whole object points.
    pub type_range: Range<usize>,
    pub properties: Vec<Property>,
}

/// One property of a structured object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The key as written (`baseSalary`).
    pub name: String,
    /// The key, quotes included.
    pub key_range: Range<usize>,
    /// The whole value.
    pub value_range: Range<usize>,
    /// A string, number or boolean value as text; `None` for objects, arrays and null.
    pub text: Option<String>,
    /// An object value's properties.
    pub properties: Vec<Property>,
    /// An array value's elements, as properties named by index.
    pub elements: Vec<Property>,
}

impl StructuredData {
    /// The top-level property `name`.
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

impl Property {
    /// The property `name` of an object value.
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Whether the value says nothing: null, `""`, `{}` or `[]`.
    pub fn is_empty(&self) -> bool {
        match &self.text {
            Some(text) => text.trim().is_empty(),
            None => self.properties.is_empty() && self.elements.is_empty(),
        }
    }
}
