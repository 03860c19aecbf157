//! The rule-file schema: what a `lints/<category>/<name>.toml` may say. Unknown keys are
//! errors, so a typo in a rule never makes it silently do nothing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::classify::Family;
use crate::document::{SectionKind, SegmentKind};

/// How serious a finding is. Ordered: `Help < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Help,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Help => "help",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One rule file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// kebab-case, equal to the file stem.
    pub name: Spanned<String>,
    pub level: Level,
    /// Role families the rule applies to; empty means every family.
    #[serde(default)]
    pub families: Vec<Family>,
    /// Sections searched; empty means every section.
    #[serde(default)]
    pub sections: Vec<SectionKind>,
    /// Kinds of text searched; default: body text only.
    #[serde(default)]
    pub scope: Vec<SegmentKind>,
    /// The rule does not apply when the title matches one of these (internships, residencies).
    #[serde(default)]
    pub unless_title: Vec<Spanned<Regex>>,
    /// The rule applies only when the job title matches one of these (entry-level rules).
    #[serde(default)]
    pub if_title: Vec<Spanned<Regex>>,
    /// Also search equal-opportunity, diversity and legal statements (default: no; they use
    /// words such as "women" and "age" legitimately).
    #[serde(default)]
    pub boilerplate: bool,
    /// `false`: an opt-in rule, run only when the config gives it a level by name or `select`
    /// names it (default: true).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Ties the rule to pay-transparency laws (`lints/_jurisdictions.toml`).
    #[serde(default)]
    pub law: Option<LawSpec>,
    /// The diagnostic's headline; `{match}` is replaced by the matched words.
    pub message: String,
    /// The text under the underline; defaults to a short form of the message.
    #[serde(default)]
    pub label: Option<String>,
    /// One line on what to do instead, shown as `help:`.
    #[serde(default)]
    pub help: Option<String>,
    pub check: CheckSpec,
    pub docs: Docs,
    #[serde(default)]
    pub tests: Vec<Spanned<RuleTest>>,
}

/// `[law]`: where a configured jurisdiction's law in force requires something of the posting,
/// the rule is raised to `level` (and with `only-where-required`, runs only there).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LawSpec {
    pub requirement: crate::config::laws::Requirement,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub only_where_required: bool,
}

fn yes() -> bool {
    true
}

/// The `[check]` table: a kind and its parameters. Kept flat (not a serde enum) so every
/// value carries its span for error messages; `compile.rs` checks which keys a kind allows.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckSpec {
    /// `pattern`, `requires`, `substitution`, `balance`, `count` (see compile.rs).
    pub kind: Spanned<String>,
    /// Literal words or phrases: case-insensitive, whole words; `analy*` is a stem.
    #[serde(default)]
    pub words: Vec<Spanned<Word>>,
    /// Matched words dropped whatever matched them ("analyst" for `analy*`); stems allowed.
    #[serde(default)]
    pub not_words: Vec<Spanned<Word>>,
    /// A match inside one of these phrases is dropped ("git commit", "support engineer").
    #[serde(default)]
    pub not_phrases: Vec<Spanned<Word>>,
    /// `substitution`: each word or phrase and what to write instead.
    #[serde(default)]
    pub swap: BTreeMap<String, Spanned<String>>,
    /// `words`, `swap` keys and `against` match only as written ("Github", not "github"); a
    /// substitution then uses its replacement exactly as written.
    #[serde(default)]
    pub case_sensitive: bool,
    /// `substitution`: `safe` (the default: `--fix` applies it) or `unsafe`.
    #[serde(default)]
    pub fix: Option<Spanned<String>>,
    /// `balance`: the second word list, counted against `words`.
    #[serde(default)]
    pub against: Vec<Spanned<Word>>,
    /// `balance`: report when `words` outnumber `against` by at least this much.
    #[serde(default)]
    pub min_difference: Option<Spanned<i64>>,
    /// `balance`: the label on each word of `words`, and of `against`.
    #[serde(default)]
    pub word_label: Option<String>,
    #[serde(default)]
    pub against_label: Option<String>,
    /// `count`: the most list items one section may hold.
    #[serde(default)]
    pub max: Option<Spanned<i64>>,
    /// `count`: regexes; a paragraph among the items that one matches ("How we will support
    /// you", a heading written as a plain line) ends the list: the items after it, up to the
    /// next heading, are not counted.
    #[serde(default)]
    pub stop_at: Vec<Spanned<Regex>>,
    /// `count`: regexes; an item that one matches opens with a duty, what the hire will do
    /// ("Collaborate with product …"), not a must-have: it is not counted.
    #[serde(default)]
    pub duties: Vec<Spanned<Regex>>,
    /// `salary` and `experience`: which condition reports (see compile.rs).
    #[serde(default)]
    pub condition: Option<Spanned<String>>,
    /// `salary`, condition `too-wide`: the largest max/min ratio of a good-faith range.
    #[serde(default)]
    pub max_ratio: Option<Spanned<f64>>,
    /// `experience`, condition `entry-level`: the fewest years that are too many.
    #[serde(default)]
    pub min_years: Option<Spanned<f64>>,
    /// `structured`, condition `missing-property`: the properties a `JobPosting` must have.
    #[serde(default)]
    pub properties: Vec<Spanned<String>>,
    /// `pattern`: silent when the posting states pay as figures ("competitive salary" is vague
    /// only when no range is given).
    #[serde(default)]
    pub unless_pay: bool,
    /// Regexes: case-insensitive; `\b`, `\w` and `\d` are ASCII (`rules::pattern::ascii_escapes`).
    #[serde(default)]
    pub patterns: Vec<Spanned<Regex>>,
    /// Regexes matched only in segments of the named section (`[check.patterns-in]`,
    /// `requirements = [...]`): "PhD in physics" is a requirement under *Requirements* and
    /// nothing in particular elsewhere.
    #[serde(default)]
    pub patterns_in: BTreeMap<SectionKind, Vec<Spanned<Regex>>>,
    /// Regexes; a match whose sentence contains one of these is dropped.
    #[serde(default)]
    pub exceptions: Vec<Spanned<Regex>>,
    /// Regexes; a match is dropped when the sentence or list item after its sentence matches
    /// one of these (anchor them with `^`): an alternative offered in the next bullet.
    #[serde(default)]
    pub exceptions_next: Vec<Spanned<Regex>>,
    /// Regexes; if any matches in the document, the rule is silent (`pattern`, `substitution`
    /// and `salary`).
    #[serde(default)]
    pub unless: Vec<Spanned<Regex>>,
    /// The sections `unless` is looked for in (default: everywhere, title included): what
    /// cancels "engineering duties" is a research duty, not a wish about the candidate.
    #[serde(default)]
    pub unless_sections: Vec<Spanned<SectionKind>>,
    /// Regexes; an `unless` match whose sentence contains one of these does not count: the
    /// company's own papers ("our lab has published 40 papers") are no research duty.
    #[serde(default)]
    pub unless_exceptions: Vec<Spanned<Regex>>,
    /// What an `unless` match silences: `posting` (default: the rule, for the whole posting)
    /// or `match` (only the matches whose words it names: a posting that migrates its
    /// Silverlight portal still asks for VB6 elsewhere) (`pattern` and `substitution`).
    #[serde(default)]
    pub unless_scope: Option<Spanned<String>>,
    /// `each` (one diagnostic per match, default) or `once` (one per document, every match
    /// labelled) (`pattern` only).
    #[serde(default)]
    pub report: Option<Spanned<String>>,
}

/// Documentation, shown by `hirelint explain` and in notes and help lines. A built-in rule's
/// docs are the executable's own text (`rules::builtin::preparsed`); a rule file's are read.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the rule checks.
    pub what: Cow<'static, str>,
    /// Why it matters, for the people who write postings.
    pub why: Cow<'static, str>,
    /// A posting excerpt that fires.
    pub example: Cow<'static, str>,
    /// What to write instead (must not fire).
    pub instead: Cow<'static, str>,
}

/// An embedded test: the text must produce exactly the `expect`ed matches.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub text: String,
    /// The source text under each primary label, in order; `[]` means the rule stays silent.
    pub expect: Vec<String>,
    /// Forces the role family instead of classifying the text.
    #[serde(default)]
    pub role: Option<Family>,
    /// `markdown` (default), `text` or `html`.
    #[serde(default)]
    pub format: Option<String>,
    /// The text after every fix of the rule is applied (substitution rules).
    #[serde(default)]
    pub fixed: Option<String>,
    /// The jurisdictions the posting is published in (as `jurisdictions` in hirelint.toml).
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// The date the posting is judged at (default: 2025-06-01, so tests do not age).
    #[serde(default)]
    pub date: Option<String>,
}

/// A value and where it stands in its rule file. Read from TOML it is `toml::Spanned`'s
/// protocol (the deserializer hands the span over as a map); the pre-parsed catalogue
/// (`rules::parsed_table`) writes it as `[start, end, value]`, which reads back the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Spanned<T> {
        Spanned { span, value }
    }

    /// The byte range of the value in its file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

/// The names by which the `toml` deserializer recognises a spanned value and hands over its
/// span (serde_spanned's protocol, which `toml::Spanned` reads too).
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPAN_START: &str = "$__serde_spanned_private_start";
const SPAN_END: &str = "$__serde_spanned_private_end";
const SPAN_VALUE: &str = "$__serde_spanned_private_value";

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.span.start, self.span.end, &self.value).serialize(serializer)
    }
}

thread_local! {
    /// The pre-parsed JSON this thread reads (`read_bare`), if any: its spanned values are
    /// bare, its `Word`s borrow from it and its `Regex`es are places in the literal table.
    static READING: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Reads JSON whose spanned values are bare (see `strip_spans` in `rules::builtin`): their
/// spans read as `0..0`. Its `Word`s written without escapes are borrowed from `json`.
pub fn read_bare<T: serde::de::DeserializeOwned>(json: &'static str) -> serde_json::Result<T> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            READING.set(None);
        }
    }
    READING.set(Some(json));
    let _reset = Reset;
    serde_json::from_str(json)
}

/// A word or phrase of a word list. Read from the pre-parsed catalogue it borrows the
/// executable's own text (the catalogue's 1,300 words were each copied twice at every
/// start: read, then kept by their list); read from a rule file it is its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Word(pub Cow<'static, str>);

impl std::ops::Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Word {
    fn from(word: &str) -> Word {
        Word(Cow::Owned(word.to_string()))
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Word, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Word;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a word or phrase")
            }
            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<Word, E> {
                Ok(Word(match static_part(word) {
                    Some(part) => Cow::Borrowed(part),
                    None => Cow::Owned(word.to_string()),
                }))
            }
            fn visit_string<E: serde::de::Error>(self, word: String) -> Result<Word, E> {
                Ok(Word(Cow::Owned(word)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// A regex of a rule file. The pre-parsed catalogue writes each as its place in the literal
/// table (`rules::literal_table`), whose text it borrows: read as JSON strings, their
/// escapes (`\b`, `\s`, hundreds of them) were undone a character at a time at every start,
/// and then each regex was looked up in that table by its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Regex {
    text: Cow<'static, str>,
    /// Its place in the literal table, when it was read as one.
    known: Option<usize>,
}

impl Regex {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its place in the literal table, when the pre-parsed catalogue gave it as one.
    pub fn known(&self) -> Option<usize> {
        self.known
    }
}

impl Serialize for Regex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(test)]
        SERIALIZED_REGEXES.with_borrow_mut(|seen| {
            if let Some(seen) = seen {
                seen.push(self.text.to_string());
            }
        });
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
thread_local! {
    /// The regexes serialised on this thread while it is `Some`: a test finds every regex of
    /// a rule file through it, whatever key holds it.
    pub static SERIALIZED_REGEXES: std::cell::RefCell<Option<Vec<String>>> =
        const { std::cell::RefCell::new(None) };
}

impl<'de> Deserialize<'de> for Regex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Regex, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Regex;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a regex")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Regex, E> {
                self.visit_string(text.to_string())
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Regex, E> {
                Ok(Regex {
                    text: Cow::Owned(text),
                    known: None,
                })
            }
            /// Only in the pre-parsed catalogue: a rule file's regex is text.
            fn visit_u64<E: serde::de::Error>(self, at: u64) -> Result<Regex, E> {
                let table = super::literal_table::BUILTIN_LITERALS;
                let known = usize::try_from(at).ok().filter(|_| READING.get().is_some());
                match known.and_then(|at| Some((at, table.get(at)?.0))) {
                    Some((at, text)) => Ok(Regex {
                        text: Cow::Borrowed(text),
                        known: Some(at),
                    }),
                    None => Err(E::invalid_type(serde::de::Unexpected::Unsigned(at), &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `text` as a part of the JSON this thread reads (`READING`), when it is one: the same
/// bytes at the same place, found by offset (no `unsafe`), so a copy made while unescaping
/// is never mistaken for it.
fn static_part(text: &str) -> Option<&'static str> {
    let json = READING.get()?;
    let start = (text.as_ptr() as usize).checked_sub(json.as_ptr() as usize)?;
    let part = json.get(start..start.checked_add(text.len())?)?;
    (part.as_ptr() == text.as_ptr()).then_some(part)
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Spanned<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a spanned value")
            }

            /// From TOML: the span's ends and the value, by name.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Spanned<T>, A::Error> {
                use serde::de::Error;
                let (mut start, mut end, mut value) = (None, None, None);
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        SPAN_START => start = Some(map.next_value()?),
                        SPAN_END => end = Some(map.next_value()?),
                        SPAN_VALUE => value = Some(map.next_value()?),
                        other => {
                            return Err(A::Error::unknown_field(
                                other,
                                &[SPAN_START, SPAN_END, SPAN_VALUE],
                            ));
                        }
                    }
                }
                match (start, end, value) {
                    (Some(start), Some(end), Some(value)) => Ok(Spanned::new(start..end, value)),
                    _ => Err(A::Error::custom("a spanned value without its span")),
                }
            }

            /// From the pre-parsed catalogue: `[start, end, value]`.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Spanned<T>, A::Error> {
                use serde::de::Error;
                let missing = || A::Error::custom("a spanned value is [start, end, value]");
                let start = seq.next_element()?.ok_or_else(missing)?;
                let end = seq.next_element()?.ok_or_else(missing)?;
                let value = seq.next_element()?.ok_or_else(missing)?;
                Ok(Spanned::new(start..end, value))
            }
        }

        /// A value without its span, as the pre-parsed catalogue holds them: a built-in rule's
        /// spans only ever point at load errors, which its tests rule out, and reading
        /// thousands of `[start, end, value]` was a third of reading the catalogue.
        fn bare<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
            value: D,
        ) -> Result<Spanned<T>, D::Error> {
            T::deserialize(value).map(|value| Spanned::new(0..0, value))
        }

        if READING.get().is_some() {
            return bare(deserializer);
        }
        deserializer.deserialize_struct(
            SPANNED,
            &[SPAN_START, SPAN_END, SPAN_VALUE],
            Visitor(std::marker::PhantomData),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Words {
        words: Vec<Spanned<Word>>,
    }

    static JSON: &str = r#"{"words": ["rockstar", "guru*", "caf\u00e9 \"lead\""]}"#;

    #[test]
    fn words_of_the_preparsed_catalogue_borrow_its_text_unless_unescaped() {
        let read: Words = read_bare(JSON).unwrap();
        let words: Vec<&Cow<'static, str>> = read.words.iter().map(|w| &w.get_ref().0).collect();
        assert_eq!(words, ["rockstar", "guru*", "café \"lead\""]);
        assert!(matches!(words[0], Cow::Borrowed(_)));
        assert!(matches!(words[1], Cow::Borrowed(_)));
        // Unescaped into a buffer of its own: copied, never taken for a part of the JSON.
        assert!(matches!(words[2], Cow::Owned(_)));
        // Read again outside `read_bare`, the same text is the reader's own.
        let toml: Words = toml::from_str(r#"words = ["rockstar"]"#).unwrap();
        assert!(matches!(toml.words[0].get_ref().0, Cow::Owned(_)));
        assert_eq!(toml.words[0].get_ref().as_ref(), "rockstar");
    }

    #[derive(Deserialize)]
    struct Regexes {
        patterns: Vec<Spanned<Regex>>,
    }

    #[test]
    fn a_regex_of_the_preparsed_catalogue_is_its_place_in_the_literal_table() {
        let table = super::super::literal_table::BUILTIN_LITERALS;
        let read: Regexes = read_bare(r#"{"patterns": [2, "\\bninja\\b"]}"#).unwrap();
        let [known, text] = &read.patterns[..] else {
            panic!("two regexes")
        };
        assert_eq!(known.get_ref().as_str(), table[2].0);
        assert_eq!(known.get_ref().known(), Some(2));
        assert!(matches!(known.get_ref().text, Cow::Borrowed(_)));
        assert_eq!(text.get_ref().as_str(), r"\bninja\b");
        assert_eq!(text.get_ref().known(), None);
        // Past the table's end, and in a rule file, a number is no regex.
        assert!(table.len() < 1 << 20);
        assert!(read_bare::<Regexes>(r#"{"patterns": [1048576]}"#).is_err());
        let error = toml::from_str::<Regexes>("patterns = [2]").err().unwrap();
        assert!(error.to_string().contains("expected a regex"), "{error}");
    }

    #[test]
    fn a_part_of_the_json_is_found_by_place_not_by_content() {
        READING.set(Some(JSON));
        let inside = &JSON[12..20];
        let copy = inside.to_string();
        assert_eq!(static_part(inside), Some("rockstar"));
        assert_eq!(static_part(&copy), None);
        READING.set(None);
        assert_eq!(static_part(inside), None);
    }
}
