//! Front matter: a YAML block between `---` lines or a TOML block between `+++` lines at the
//! top of a Markdown or text file.
//!
//! hirelint needs the top-level scalar fields (title, role/family, level, location, salary,
//! date) and the prose some sites keep in lists and block scalars (`prose`), each with its
//! exact byte range, so this is a small line reader rather than a full YAML parser: comments
//! and nested maps are skipped, quoted values are unquoted with their range narrowed to the
//! inside of the quotes.

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

/// Prose held in YAML front matter under a top-level key: an item of a list of strings, or a
/// block scalar (`key: |`). Jekyll job sites keep a posting's duties there (`key objectives:`)
/// and render them into the page, so they are the posting's text too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterProse {
    /// The key, as written.
    pub key: Range<usize>,
    /// A list item (its lines are one paragraph) or a block scalar (its lines as written,
    /// an empty range for a blank line).
    pub block: bool,
    /// Where each line's text is in the file, indentation and `- ` left out.
    pub lines: Vec<Range<usize>>,
}

/// The prose in the YAML front matter that ends where the body starts (`body_start`): list
/// items that are text (not `key: value` maps), and block scalars' lines, in order.
pub fn prose(text: &str, front_matter: &FrontMatter, body_start: usize) -> Vec<FrontMatterProse> {
    if front_matter.kind != Some(FrontMatterKind::Yaml) {
        return Vec::new();
    }
    let mut out: Vec<FrontMatterProse> = Vec::new();
    // The key being read, and whether its value is a block scalar.
    let mut open: Option<(Range<usize>, bool)> = None;
    // The list item being read: its dash's column; or a map item's, whose lines are skipped.
    let mut item: Option<usize> = None;
    let mut map_item: Option<usize> = None;
    // A block scalar's indentation, from its first line.
    let mut block_indent: Option<usize> = None;
    for (start, raw) in lines_with_offsets(&text[..body_start]) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start();
        let indent = line.len() - content.len();
        let end = start + line.trim_end().len();
        if matches!(line.trim_end(), "---" | "...") {
            open = None;
            continue;
        }
        if let Some((key, true)) = &open {
            if content.is_empty() {
                if let Some(last) = out.last_mut().filter(|p| p.key == *key) {
                    last.lines.push(end..end);
                }
                continue;
            }
            let at = *block_indent.get_or_insert(indent);
            if indent > 0 && indent >= at {
                let range = start + at..end;
                match out.last_mut().filter(|p| p.key == *key) {
                    Some(last) => last.lines.push(range),
                    None => out.push(FrontMatterProse {
                        key: key.clone(),
                        block: true,
                        lines: std::iter::once(range).collect(),
                    }),
                }
                continue;
            }
        } else if let Some((key, false)) = &open {
            if content.is_empty() {
                item = None;
                continue;
            }
            if content.starts_with('#') {
                continue;
            }
            if indent > 0 || content.starts_with('-') {
                if let Some(rest) = content
                    .strip_prefix("- ")
                    .or((content == "-").then_some(""))
                {
                    item = None;
                    map_item = None;
                    let value = rest.trim();
                    // "- link: https://…": a map, not prose.
                    if yaml_key(value).is_some() || value.is_empty() {
                        map_item = Some(indent);
                        continue;
                    }
                    let lead = rest.len() - rest.trim_start().len();
                    let at = start + indent + (content.len() - rest.len()) + lead;
                    let (unquoted, offset) = unquote_or_strip_comment(value);
                    let unquoted = unquoted.trim_end();
                    if unquoted.is_empty() {
                        continue;
                    }
                    out.push(FrontMatterProse {
                        key: key.clone(),
                        block: false,
                        lines: std::iter::once(at + offset..at + offset + unquoted.len()).collect(),
                    });
                    item = Some(indent);
                } else if item.is_some_and(|dash| indent > dash)
                    && map_item.is_none_or(|dash| indent <= dash)
                    && let Some(last) = out.last_mut()
                {
                    // A plain scalar that runs on over the next lines.
                    last.lines.push(start + indent..end);
                }
                continue;
            }
        }
        // A top-level key: what follows is prose when its value is empty (a list may follow)
        // or a block scalar's indicator.
        open = None;
        item = None;
        map_item = None;
        block_indent = None;
        if indent == 0
            && let Some(key) = yaml_key(content)
        {
            let value = content[key.len() + 1..].trim();
            let value = value.split(" #").next().unwrap_or("").trim();
            let key = start..start + key.trim_end().len();
            if value.is_empty() {
                open = Some((key, false));
            } else if value.starts_with(['|', '>'])
                && value[1..]
                    .bytes()
                    .all(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
            {
                open = Some((key, true));
            }
        }
    }
    out
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
    fn prose_in_lists_and_block_scalars_with_exact_ranges() {
        let text = "---\ntitle: Director\n# a comment\nkey objectives:\n  - Leads the \"data\" team\n    - Sets the roadmap, and\n      reviews it each quarter\n  # not prose\n  - \"Hires engineers\"\ninfo sessions:\n  - link: https://example.com\n    date: 2023-11-28\nrole_summary: |\n  We build forms.\n\n  You will own them.\nsalary:\n  min: 1\ntags:\n- go\n---\nBody\n";
        let (fm, body_start) = parse(text);
        let found = prose(text, &fm, body_start);
        let shown: Vec<(&str, bool, Vec<&str>)> = found
            .iter()
            .map(|p| {
                let lines = p.lines.iter().map(|l| &text[l.clone()]).collect();
                (&text[p.key.clone()], p.block, lines)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("key objectives", false, vec!["Leads the \"data\" team"]),
                (
                    "key objectives",
                    false,
                    vec!["Sets the roadmap, and", "reviews it each quarter"]
                ),
                ("key objectives", false, vec!["Hires engineers"]),
                (
                    "role_summary",
                    true,
                    vec!["We build forms.", "", "You will own them."]
                ),
                ("tags", false, vec!["go"]),
            ]
        );
        // TOML front matter and no front matter: none.
        let toml = "+++\ntitle = 'x'\n+++\nBody";
        let (fm, body_start) = parse(toml);
        assert!(prose(toml, &fm, body_start).is_empty());
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
