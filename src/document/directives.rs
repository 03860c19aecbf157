//! Suppression directives written in a posting: HTML comments in Markdown
//! (`<!-- hirelint-disable-next-line rule -->`), `hirelint: disable-next-line rule` lines in
//! plain text, and `hirelint: { allow: [rule] }` in front matter. The document layer only
//! finds them; `suppress.rs` applies them.

use std::ops::Range;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Suppresses findings on the next non-blank line.
    DisableNextLine,
    /// Suppresses findings from here to the matching `Enable` (or the end of the file).
    Disable,
    /// Ends a `Disable`.
    Enable,
    /// Suppresses findings in the whole file.
    DisableFile,
}

/// One directive: its kind, the rules or categories it names (none: every rule), and where
/// it is, so that an unused or unknown name can be reported on the exact words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub names: Vec<(String, Range<usize>)>,
    pub range: Range<usize>,
    /// Shared by every posting of its file (a feed's comment above its root): whether it
    /// suppresses nothing, or names no rule, is said once for the file (see
    /// `suppress::SharedSettler`).
    pub shared: bool,
}

fn kind_of(word: &str) -> Option<DirectiveKind> {
    match word {
        "disable-next-line" => Some(DirectiveKind::DisableNextLine),
        "disable" => Some(DirectiveKind::Disable),
        "enable" => Some(DirectiveKind::Enable),
        "disable-file" => Some(DirectiveKind::DisableFile),
        _ => None,
    }
}

/// Rule names after the directive word: kebab-case words separated by white space (any,
/// multi-byte included) or commas, each with its range in the source.
fn names_in(text: &str, start: usize) -> Vec<(String, Range<usize>)> {
    let mut names = Vec::new();
    let mut word: Option<usize> = None;
    let is_separator = |c: char| c.is_whitespace() || c == ',';
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (word, is_separator(c)) {
            (None, false) => word = Some(i),
            (Some(w), true) => {
                names.push((text[w..i].to_string(), start + w..start + i));
                word = None;
            }
            _ => {}
        }
    }
    names
}

/// Finds `<!-- hirelint-… -->` comments in `source[range]`.
pub fn scan_comments(source: &str, range: Range<usize>, out: &mut Vec<Directive>) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let open = from + open;
        let Some(close) = text[open + 4..].find("-->") else {
            return;
        };
        let close = open + 4 + close;
        let inner = &text[open + 4..close];
        let lead = inner.len() - inner.trim_start().len();
        let body = inner.trim();
        if let Some(rest) = body.strip_prefix("hirelint-") {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if let Some(kind) = kind_of(&rest[..word_end]) {
                let names_start = range.start + open + 4 + lead + "hirelint-".len() + word_end;
                let names = names_in(&rest[word_end..], names_start);
                out.push(Directive {
                    kind,
                    names,
                    range: range.start + open..range.start + close + 3,
                    shared: false,
                });
            }
        }
        from = close + 3;
    }
}

/// A plain-text directive line: `hirelint: disable-next-line rule-a rule-b`.
pub fn parse_line(line: &str, line_start: usize) -> Option<Directive> {
    let lead = line.len() - line.trim_start().len();
    let rest = line.trim_start().strip_prefix("hirelint:")?;
    let word_lead = rest.len() - rest.trim_start().len();
    let rest_trimmed = rest.trim_start();
    let word_end = rest_trimmed
        .find(char::is_whitespace)
        .unwrap_or(rest_trimmed.len());
    let kind = kind_of(&rest_trimmed[..word_end])?;
    let names_start = line_start + lead + "hirelint:".len() + word_lead + word_end;
    let content = line.trim_end();
    Some(Directive {
        kind,
        names: names_in(
            rest_trimmed[word_end..].trim_end_matches(['\r', '\n']),
            names_start,
        ),
        range: line_start + lead..line_start + content.len(),
        shared: false,
    })
}

/// A `#` comment line of a YAML file (`line` starts at its `#`): `# hirelint-disable-next-line
/// rule` or `# hirelint: disable-next-line rule`.
pub fn parse_hash_comment(line: &str, line_start: usize) -> Option<Directive> {
    let after_hash = line.strip_prefix('#')?;
    let body = after_hash.trim_start();
    let lead = 1 + after_hash.len() - body.len();
    let range = line_start..line_start + line.trim_end().len();
    if body.starts_with("hirelint:") {
        return parse_line(body, line_start + lead).map(|d| Directive { range, ..d });
    }
    let rest = body.strip_prefix("hirelint-")?;
    let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let kind = kind_of(&rest[..word_end])?;
    let names_start = line_start + lead + "hirelint-".len() + word_end;
    Some(Directive {
        kind,
        names: names_in(rest[word_end..].trim_end(), names_start),
        range,
        shared: false,
    })
}

/// The `allow` list of a front-matter `hirelint` entry, in any of these shapes:
/// `hirelint: { allow: [a, b] }`, a YAML block with `allow:` and a list, or TOML's
/// `hirelint = { allow = ["a"] }` / `[hirelint]` table.
pub fn scan_front_matter(text: &str, range: Range<usize>) -> Option<Directive> {
    let block = text.get(range.clone())?;
    let mut offset = 0;
    let mut found: Option<Range<usize>> = None;
    for line in block.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        let is_key = ["hirelint:", "hirelint =", "hirelint=", "[hirelint]"]
            .iter()
            .any(|k| trimmed.starts_with(k));
        match &mut found {
            None if is_key => found = Some(start..start + trimmed.len()),
            // The entry goes on over indented lines (YAML) or until the next table (TOML).
            Some(r)
                if line.starts_with([' ', '\t'])
                    || (!trimmed.starts_with('[')
                        && block[r.clone()].starts_with("[hirelint]")
                        && !trimmed.is_empty()) =>
            {
                r.end = start + trimmed.len();
            }
            Some(_) => break,
            None => {}
        }
    }
    let found = found?;
    let entry = &block[found.clone()];
    let allow = entry.find("allow").or_else(|| entry.find("ignore"))?;
    let word = if entry[allow..].starts_with("allow") {
        "allow"
    } else {
        "ignore"
    };
    let list_start = allow + word.len();
    let mut names = Vec::new();
    let mut i = list_start;
    let bytes = entry.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit() {
            let end = (i..bytes.len())
                .find(|&j| !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-'))
                .unwrap_or(bytes.len());
            let at = range.start + found.start + i;
            names.push((entry[i..end].to_string(), at..at + (end - i)));
            i = end;
        } else {
            i += 1;
        }
    }
    Some(Directive {
        kind: DirectiveKind::DisableFile,
        names,
        range: range.start + found.start..range.start + found.end,
        shared: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The directive's names, after checking each one's range slices the text to it.
    fn names_at_their_ranges<'d>(text: &str, d: &'d Directive) -> Vec<&'d str> {
        d.names
            .iter()
            .map(|(n, r)| {
                assert_eq!(&text[r.clone()], n);
                n.as_str()
            })
            .collect()
    }

    #[test]
    fn comments_with_names_and_ranges() {
        let text = "a <!-- hirelint-disable-next-line phd-required-for-engineer, role --> b <!-- other -->";
        let mut out = Vec::new();
        scan_comments(text, 0..text.len(), &mut out);
        assert_eq!(out.len(), 1);
        let d = &out[0];
        assert_eq!(d.kind, DirectiveKind::DisableNextLine);
        let names = names_at_their_ranges(text, d);
        assert_eq!(names, ["phd-required-for-engineer", "role"]);
        assert_eq!(
            &text[d.range.clone()],
            "<!-- hirelint-disable-next-line phd-required-for-engineer, role -->"
        );
    }

    #[test]
    fn plain_text_lines() {
        let line = "  hirelint: disable-next-line gendered-term\r\n";
        let d = parse_line(line, 10).unwrap();
        assert_eq!(d.kind, DirectiveKind::DisableNextLine);
        assert_eq!(d.names, vec![("gendered-term".to_string(), 40..53)]);
        assert!(parse_line("hirelint: frobnicate x", 0).is_none());
    }

    #[test]
    fn front_matter_allow_lists() {
        for text in [
            "title: x\nhirelint: { allow: [phd-required-for-engineer, role] }\n",
            "title: x\nhirelint:\n  allow:\n    - phd-required-for-engineer\n    - role\nlevel: 2\n",
            "title = 'x'\n[hirelint]\nallow = [\"phd-required-for-engineer\", \"role\"]\n",
        ] {
            let d = scan_front_matter(text, 0..text.len()).unwrap();
            let names = names_at_their_ranges(text, &d);
            assert_eq!(names, ["phd-required-for-engineer", "role"], "{text}");
        }
    }
}
