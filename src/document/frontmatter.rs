//! Front matter: a YAML block between `---` lines or a TOML block between `+++` lines at the
//! top of a Markdown or text file.
//!
//! hirelint needs only the top-level scalar fields (title, role/family, level, location,
//! salary, date) and needs each value's exact byte range, so this is a small line reader rather
//! than a full YAML parser: comments, nested maps and lists are skipped, quoted values are
//! unquoted with their range narrowed to the inside of the quotes.

use std::ops::Range;

/// Which front-matter syntax a file used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    Yaml,
    Toml,
}

/// One top-level `key: value` (YAML) or `key = value` (TOML) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterField {
    /// Lowercased, with spaces and hyphens as underscores (`Salary-Min` → `salary_min`).
    pub key: String,
    pub value: String,
    /// Range of the value in the source, inside any quotes.
    pub value_range: Range<usize>,
}

/// The front matter of a document (empty when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub kind: Option<FrontMatterKind>,
    pub fields: Vec<FrontMatterField>,
    /// The opening fence of a block that never closes (the text is then read as body).
    pub unclosed: Option<Range<usize>>,
}

impl FrontMatter {
    /// The first field with this (normalised) key.
    pub fn get(&self, key: &str) -> Option<&FrontMatterField> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Splits front matter off the text: returns it and the offset where the body starts.
pub fn parse(text: &str) -> (FrontMatter, usize) {
    let mut lines = lines_with_offsets(text);
    let (kind, fence) = match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => (FrontMatterKind::Yaml, "---"),
        Some((_, first)) if first.trim_end() == "+++" => (FrontMatterKind::Toml, "+++"),
        _ if is_unfenced_yaml(text) => {
            return parse_fields(
                lines_with_offsets(text),
                FrontMatterKind::Yaml,
                "---",
                false,
            );
        }
        _ => return (FrontMatter::default(), 0),
    };
    parse_fields(lines, kind, fence, true)
}

/// Reads `key: value` lines up to the closing fence.
fn parse_fields<'t>(
    lines: impl Iterator<Item = (usize, &'t str)>,
    kind: FrontMatterKind,
    fence: &str,
    opened: bool,
) -> (FrontMatter, usize) {
    let mut fields = Vec::new();
    let mut in_toml_table = false;
    for (start, line) in lines {
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.trim_end() == fence
            || (kind == FrontMatterKind::Yaml && trimmed.trim_end() == "...")
        {
            let body_start = start + line.len();
            return (
                FrontMatter {
                    kind: Some(kind),
                    fields,
                    unclosed: None,
                },
                body_start,
            );
        }
        if kind == FrontMatterKind::Toml && trimmed.starts_with('[') {
            in_toml_table = true;
        }
        if in_toml_table || trimmed.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some(field) = parse_line(trimmed, start, kind) {
            fields.push(field);
        }
    }
    // No closing fence: read as body, and say where the fence opened (only for a real
    // opening fence; a block that lost its opening fence is front matter only if it closes).
    let unclosed = opened.then_some(0..fence.len());
    (
        FrontMatter {
            unclosed,
            ..FrontMatter::default()
        },
        0,
    )
}

/// Jekyll sites sometimes lose the opening `---` while keeping the closing one. Such a block
/// is front matter when every line before the first `---` is YAML-shaped (blank, `#` comment,
/// indented, a list item or `key: value`) and one of them is `title:`; a Markdown heading
/// followed by a rule has no `title:` line and stays Markdown.
fn is_unfenced_yaml(text: &str) -> bool {
    let mut has_title = false;
    for (_, line) in lines_with_offsets(text).take(400) {
        let line = line.trim_end();
        if line == "---" {
            return has_title;
        }
        let key = yaml_key(line);
        has_title |= key == Some("title");
        let yaml_shaped =
            line.is_empty() || line.starts_with(['#', ' ', '\t', '-']) || key.is_some();
        if !yaml_shaped {
            return false;
        }
    }
    false
}

/// The key of a `key: value` line: the text before its first colon, when that is not empty
/// and holds only letters, digits, spaces, `_` and `-`. Read up to the first other byte, so
/// that a line of prose (the first body line of most postings) is not read to its end.
fn yaml_key(line: &str) -> Option<&str> {
    let end = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b' ' | b'_' | b'-')))?;
    (end > 0 && line.as_bytes()[end] == b':').then(|| &line[..end])
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line)
    })
}

fn parse_line(line: &str, line_start: usize, kind: FrontMatterKind) -> Option<FrontMatterField> {
    let sep = match kind {
        FrontMatterKind::Yaml => line
            .find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))?,
        FrontMatterKind::Toml => line.find('=')?,
    };
    let key = line[..sep].trim().trim_matches(['"', '\'']);
    if key.is_empty() {
        return None;
    }
    let key = key.to_ascii_lowercase().replace([' ', '-'], "_");
    let raw_start = sep + 1;
    let raw = &line[raw_start..];
    let lead = raw.len() - raw.trim_start().len();
    let value_start = raw_start + lead;
    let value = raw.trim_start();
    let (value, offset) = unquote_or_strip_comment(value);
    let value = value.trim_end();
    // Block scalars, nested maps and lists carry no top-level scalar we need.
    if value.is_empty()
        || value == "|"
        || value == ">"
        || value.starts_with(['|', '>', '[', '{', '&', '*'])
    {
        return None;
    }
    let start = line_start + value_start + offset;
    Some(FrontMatterField {
        key,
        value: value.to_string(),
        value_range: start..start + value.len(),
    })
}

/// For `"quoted"` values, the inside of the quotes and its offset (1); otherwise the value up
/// to a ` #` comment.
fn unquote_or_strip_comment(value: &str) -> (&str, usize) {
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote)
            && let Some(end) = rest.find(quote)
        {
            return (&rest[..end], 1);
        }
    }
    match value.find(" #") {
        Some(i) => (&value[..i], 0),
        None => (value, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `yaml_key` reads a line as splitting it at its first colon and checking the key's
        /// characters would.
        #[test]
        fn a_key_is_what_comes_before_the_first_colon(line in "[a-zA-Z0-9 _:.#é\t-]{0,16}") {
            let split = line.split_once(':').map(|(k, _)| k).filter(|k| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-'))
            });
            proptest::prop_assert_eq!(yaml_key(&line), split);
        }
    }

    #[test]
    fn an_opening_fence_that_never_closes_is_remembered() {
        let (fm, body) = parse("---\ntitle: Engineer\n\nWe ship.\n");
        assert_eq!((fm.unclosed, fm.fields.len(), body), (Some(0..3), 0, 0));
        let (fm, _) = parse("+++\ntitle = \"Engineer\"\n");
        assert_eq!(fm.unclosed, Some(0..3));
        let (fm, body) = parse("---\ntitle: Engineer\n---\nWe ship.\n");
        assert_eq!((fm.unclosed, body), (None, 24));
        // No fence at all: nothing to say.
        assert_eq!(parse("We ship.\n").0.unclosed, None);
    }

    #[test]
    fn yaml_fields_with_exact_ranges() {
        let text = "---\n# a comment\ntitle: \"Research Scientist\"\nsalary_min: 150000 # USD\nkey objectives:\n  - ship\n---\nBody";
        let (fm, body) = parse(text);
        assert_eq!(&text[body..], "Body");
        let title = fm.get("title").unwrap();
        assert_eq!(title.value, "Research Scientist");
        assert_eq!(&text[title.value_range.clone()], "Research Scientist");
        assert_eq!(fm.get("salary_min").unwrap().value, "150000");
        assert!(fm.get("key_objectives").is_none());
    }

    #[test]
    fn toml_fields_and_tables() {
        let text = "+++\r\ntitle = 'ML Engineer'\r\nrole = \"engineer\"\r\n[extra]\r\nlevel = 3\r\n+++\r\nBody";
        let (fm, body) = parse(text);
        assert_eq!(&text[body..], "Body");
        assert_eq!(fm.get("title").unwrap().value, "ML Engineer");
        assert_eq!(fm.get("role").unwrap().value, "engineer");
        assert!(fm.get("level").is_none());
    }

    #[test]
    fn front_matter_that_lost_its_opening_fence() {
        let text = "# A template comment\ntitle: \"Login: Deputy Director\"\nopens: 2023-04-03\n---\n\nBody";
        let (fm, body) = parse(text);
        assert_eq!(fm.get("title").unwrap().value, "Login: Deputy Director");
        assert_eq!(&text[body..], "\nBody");
        // A Markdown heading and a thematic break without `title:` stay Markdown.
        assert_eq!(parse("# Engineer\n\nLocation: Remote\n---\nMore").1, 0);
    }

    #[test]
    fn an_unclosed_fence_is_not_front_matter() {
        let (fm, body) = parse("---\ntitle: x\nno end");
        assert_eq!(body, 0);
        assert!(fm.fields.is_empty());
    }
}
