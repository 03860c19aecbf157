//! The rule files shipped with hirelint, embedded at build time. `tests/rules.rs` checks that
//! this list and the files under `lints/` agree, so a new rule file cannot be forgotten.

use super::schema::Docs;

/// One embedded rule file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinFile {
    pub path: &'static str,
    pub text: &'static str,
}

impl BuiltinFile {
    /// The category: the folder under `lints/`.
    pub fn category(&self) -> &'static str {
        self.path.split('/').nth(1).unwrap_or("")
    }

    /// The file up to its first `[[tests]]` table: what linting needs. A built-in file keeps
    /// its tests last (a test in `compile.rs` checks that this part reads as the whole file
    /// without its tests); a third of the catalogue's TOML is tests, which every check
    /// would otherwise parse at start-up.
    pub fn without_tests(&self) -> &'static str {
        // Where the parsed table says the tests start, when a `[[tests]]` line is still there
        // (reading the file's lines to find it cost a tenth of loading the catalogue).
        if let Some(&(_, cut, ..)) = parsed_entry(self.path) {
            let text = self.text;
            if text
                .get(cut..)
                .is_some_and(|rest| rest.starts_with("[[tests]]"))
                && (cut == 0 || text.as_bytes()[cut - 1] == b'\n')
            {
                return &text[..cut];
            }
        }
        self.scan_without_tests()
    }

    /// `without_tests`, by reading the lines.
    pub fn scan_without_tests(&self) -> &'static str {
        let text = self.text;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.starts_with("[[tests]]") {
                return &text[..at];
            }
            at += line.len();
        }
        text
    }
}

/// The linting part of built-in rule file `path`, parsed ahead of time (`rules::parsed_table`):
/// its `RuleFile` as JSON with empty docs, and the docs, when `text` is the part the table was
/// made from. Reading TOML was a third of start-up; the same file as JSON reads in a fraction
/// of the time. The docs are the executable's own text: a third of the JSON, mostly escaped
/// prose, was read and copied at every start for the few findings that show it. `None` (then
/// the TOML is read) for a file edited since, a file with its tests, or another file.
pub fn preparsed(path: &str, text: &str) -> Option<(&'static str, Docs)> {
    let &(_, _, hash, json, [what, why, example, instead]) = parsed_entry(path)?;
    (text_hash(text) == hash).then(|| {
        let docs = Docs {
            what: what.into(),
            why: why.into(),
            example: example.into(),
            instead: instead.into(),
        };
        (json, docs)
    })
}

/// The parsed table's entry for built-in rule file `path`.
fn parsed_entry(path: &str) -> Option<&'static super::parsed_table::Parsed> {
    let table = super::parsed_table::PARSED;
    let at = table
        .binary_search_by(|(known, ..)| (*known).cmp(path))
        .ok()?;
    table.get(at)
}

/// A hash of a rule file's text, to tell whether the parsed table was made from it: eight
/// bytes a step (FxHash's mix), so checking the catalogue costs a small part of reading it.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = crate::fxhash::FxHasher::default();
    hasher.write_usize(text.len());
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The source of `rules/parsed_table.rs`: every built-in rule file's linting part as JSON.
pub fn parsed_table_source() -> String {
    // Each regex is written as its place in the literal table made from the same files.
    let regexes = builtin_regexes();
    let entries = super::pattern::literal_table_entries(regexes.iter().map(String::as_str));
    let place = |regex: &str| entries.binary_search(&regex).ok();
    let mut out = String::from(
        "//! The built-in rule files without their tests, parsed ahead of time so that start-up \
         reads\n\
         //! JSON rather than TOML (`rules::builtin::preparsed`). Generated: run\n\
         //! `HIRELINT_BLESS=1 cargo test --test generated_tables` after changing a rule file.\n\n\
         /// (path, where its tests start, `text_hash` of the file without its tests, its\n\
         /// `RuleFile` as JSON with empty docs, its docs: what, why, example, instead)\n\
         pub type Parsed = (&'static str, usize, u64, &'static str, [&'static str; 4]);\n\n\
         #[rustfmt::skip]\n\
         pub const PARSED: &[Parsed] = &[\n",
    );
    for file in RULES {
        let part = file.scan_without_tests();
        let mut parsed: super::schema::RuleFile = toml::from_str(part).expect(file.path);
        let docs = std::mem::take(&mut parsed.docs);
        let docs = [&docs.what, &docs.why, &docs.example, &docs.instead].map(|text| {
            assert!(!text.contains("\"#####"), "{}", file.path);
            format!("r#####\"{text}\"#####")
        });
        let mut value = serde_json::to_value(&parsed).expect("a rule file serialises");
        strip_spans(&mut value);
        regexes_as_places(&mut value, false, &place);
        drop_defaults(&mut value);
        let json = value.to_string();
        assert!(!json.contains("\"#####"), "{}", file.path);
        out.push_str(&format!(
            "    ({:?}, {}, {:#018x}, r#####\"{json}\"#####, [{}]),\n",
            file.path,
            part.len(),
            text_hash(part),
            docs.join(", ")
        ));
    }
    out.push_str("];\n");
    let categories: std::collections::BTreeMap<String, CategoryEntry> =
        toml::from_str(CATEGORIES).expect(CATEGORIES_PATH);
    out.push_str(&format!(
        "\n/// `lints/_categories.toml` (its `text_hash`, then each category and its description),\n\
         /// which start-up read as TOML before any rule file.\n\
         pub const CATEGORIES_HASH: u64 = {:#018x};\n\n\
         #[rustfmt::skip]\n\
         pub const CATEGORIES: &[(&str, &str)] = &[\n",
        text_hash(CATEGORIES)
    ));
    for (name, entry) in &categories {
        out.push_str(&format!("    ({name:?}, {:?}),\n", entry.description));
    }
    out.push_str("];\n");
    out
}

/// A category of `_categories.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub description: String,
}

/// The categories of categories file `text` when it is the built-in one, read ahead of time
/// (`rules::parsed_table`); `None` (then the TOML is read) for another text.
pub fn preparsed_categories(text: &str) -> Option<&'static [(&'static str, &'static str)]> {
    let table = super::parsed_table::CATEGORIES;
    (text_hash(text) == super::parsed_table::CATEGORIES_HASH).then_some(table)
}

/// The keys of a rule file whose values are regexes (lists, or tables of lists).
pub const REGEX_KEYS: &[&str] = &[
    "patterns",
    "patterns-in",
    "exceptions",
    "exceptions-next",
    "unless",
    "unless-exceptions",
    "unless-title",
    "if-title",
    "stop-at",
    "duties",
];

/// Every regex of the built-in rule files and of the role table's titles: what the literal
/// table (`rules::literal_table`) is made from.
pub fn builtin_regexes() -> Vec<String> {
    fn collect(value: &toml::Value, under_regex_key: bool, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) if under_regex_key => out.push(s.clone()),
            toml::Value::Array(items) => {
                items.iter().for_each(|v| collect(v, under_regex_key, out));
            }
            toml::Value::Table(table) => {
                for (key, v) in table {
                    let under = under_regex_key || REGEX_KEYS.contains(&key.as_str());
                    collect(v, under, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for text in RULES
        .iter()
        .map(|file| file.text)
        .chain([crate::classify::BUILTIN_ROLES])
    {
        let file: toml::Value = toml::from_str(text).expect("a built-in data file parses");
        collect(&file, false, &mut out);
    }
    out
}

/// Replaces each regex under `value` (a string under one of `REGEX_KEYS`) by its place in the
/// literal table, which `schema::Regex` reads back.
fn regexes_as_places(
    value: &mut serde_json::Value,
    under_regex_key: bool,
    place: &dyn Fn(&str) -> Option<usize>,
) {
    use serde_json::Value;
    match value {
        Value::String(regex) if under_regex_key => {
            if let Some(at) = place(regex) {
                *value = Value::from(at);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| regexes_as_places(v, under_regex_key, place)),
        Value::Object(fields) => {
            for (key, v) in fields.iter_mut() {
                let under = under_regex_key || REGEX_KEYS.contains(&key.as_str());
                regexes_as_places(v, under, place);
            }
        }
        _ => {}
    }
}

/// Leaves out every field that reads back as its default when absent (`null`, an empty list
/// or table; not `false`, since `enabled` is on by default): half the catalogue's fields,
/// each a key to match against the struct's names at every start.
fn drop_defaults(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(fields) => {
            fields.retain(|_, v| match v {
                Value::Null => false,
                Value::Array(items) => !items.is_empty(),
                Value::Object(inner) => !inner.is_empty(),
                _ => true,
            });
            fields.values_mut().for_each(drop_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_defaults),
        _ => {}
    }
}

/// Replaces each spanned value `[start, end, value]` under `value` by the bare value (read
/// back by `schema::read_bare`).
fn strip_spans(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            if let [Value::Number(start), Value::Number(end), _] = &items[..]
                && start.is_u64()
                && end.is_u64()
            {
                let bare = items.pop().expect("three items");
                *value = bare;
                strip_spans(value);
            } else {
                items.iter_mut().for_each(strip_spans);
            }
        }
        Value::Object(fields) => fields.values_mut().for_each(strip_spans),
        _ => {}
    }
}

pub const CATEGORIES_PATH: &str = "lints/_categories.toml";
pub const CATEGORIES: &str = include_str!("../../lints/_categories.toml");

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(BuiltinFile { path: $path, text: include_str!(concat!("../../", $path)) }),*]
    };
}

/// Every built-in rule file, sorted by path.
pub const RULES: &[BuiltinFile] = builtin![
    "lints/culture/bro-culture.toml",
    "lints/culture/competitive-culture.toml",
    "lints/culture/hollow-perks.toml",
    "lints/culture/hyperbolic-job-title.toml",
    "lints/culture/meritocracy.toml",
    "lints/culture/overwork-expectation.toml",
    "lints/culture/profanity.toml",
    "lints/culture/ramp-up-pressure.toml",
    "lints/culture/suspicious-reassurance.toml",
    "lints/culture/unpaid-or-equity-only.toml",
    "lints/culture/visionary-hyperbole.toml",
    "lints/inclusive/ableist-language.toml",
    "lints/inclusive/age-preference.toml",
    "lints/inclusive/appearance-wording.toml",
    "lints/inclusive/derogatory-gendered-term.toml",
    "lints/inclusive/gender-coded-wording.toml",
    "lints/inclusive/gendered-pronoun.toml",
    "lints/inclusive/gendered-term.toml",
    "lints/inclusive/physical-requirement-without-accommodation.toml",
    "lints/inclusive/sexualized-language.toml",
    "lints/pay/inverted-salary-range.toml",
    "lints/pay/missing-benefits.toml",
    "lints/pay/missing-salary-range.toml",
    "lints/pay/open-ended-salary.toml",
    "lints/pay/salary-history-question.toml",
    "lints/pay/salary-range-too-wide.toml",
    "lints/pay/vague-salary.toml",
    "lints/requirements/degree-required-without-alternative.toml",
    "lints/requirements/entry-level-requires-experience.toml",
    "lints/requirements/experience-exceeds-technology-age.toml",
    "lints/requirements/too-many-requirements.toml",
    "lints/role/graduate-math-for-engineer.toml",
    "lints/role/phd-required-for-engineer.toml",
    "lints/role/researcher-for-engineering-work.toml",
    "lints/role/researcher-with-bachelors-only.toml",
    "lints/role/researcher-without-publications.toml",
    "lints/role/salary-outside-band.toml",
    "lints/structured/jobposting-expired.toml",
    "lints/structured/jobposting-missing-property.toml",
    "lints/structured/jobposting-salary.toml",
    "lints/structured/jobposting-title-mismatch.toml",
    "lints/technology/legacy-technology.toml",
    "lints/technology/mandated-dev-environment.toml",
    "lints/technology/tech-term-spelling.toml",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::schema::RuleFile;

    #[test]
    fn every_regex_of_the_catalogue_is_in_the_literal_table() {
        // A regex under a key `REGEX_KEYS` lacks is parsed again at every start-up
        // (too-many-requirements' `stop-at` was: 3.8 M of a posting's 18.4 M instructions).
        let table: Vec<String> = builtin_regexes();
        for file in RULES {
            let parsed: RuleFile = toml::from_str(file.scan_without_tests()).expect(file.path);
            crate::rules::schema::SERIALIZED_REGEXES.set(Some(Vec::new()));
            serde_json::to_value(&parsed).unwrap();
            let seen = crate::rules::schema::SERIALIZED_REGEXES.take().unwrap();
            for regex in seen {
                assert!(table.contains(&regex), "{}: {regex}", file.path);
            }
        }
    }

    #[test]
    fn the_preparsed_catalogue_reads_as_its_toml_but_for_the_spans() {
        let without_spans = |file: &RuleFile| {
            let mut value = serde_json::to_value(file).unwrap();
            strip_spans(&mut value);
            value
        };
        for file in RULES {
            let part = file.without_tests();
            let (json, docs) =
                preparsed(file.path, part).expect("every built-in file is pre-parsed");
            let mut read: RuleFile = crate::rules::schema::read_bare(json).unwrap();
            assert_eq!(
                read.docs.what, "",
                "{}: the JSON leaves the docs out",
                file.path
            );
            read.docs = docs;
            let parsed: RuleFile = toml::from_str(part).unwrap();
            assert_eq!(
                without_spans(&read),
                without_spans(&parsed),
                "{}",
                file.path
            );
            assert_eq!(read.name.span(), 0..0, "{}", file.path);
        }
        // Spanned values read with their spans again once the catalogue is read.
        let parsed: RuleFile = toml::from_str(RULES[0].without_tests()).unwrap();
        assert_ne!(parsed.name.span(), 0..0);
    }

    #[test]
    fn the_preparsed_categories_are_the_categories_file_and_only_for_it() {
        let parsed: std::collections::BTreeMap<String, CategoryEntry> =
            toml::from_str(CATEGORIES).unwrap();
        let parsed: Vec<(&str, &str)> = parsed
            .iter()
            .map(|(name, entry)| (name.as_str(), entry.description.as_str()))
            .collect();
        assert_eq!(preparsed_categories(CATEGORIES), Some(&parsed[..]));
        let edited = CATEGORIES.replace("[pay]", "[salary]");
        assert_eq!(preparsed_categories(&edited), None);
        // A rule set loaded from an edited file reads it.
        let sources: [crate::rules::RuleSource; 0] = [];
        let set = crate::rules::RuleSet::load(CATEGORIES_PATH, &edited, sources).unwrap();
        assert!(set.categories().contains_key("salary"));
        assert!(!set.categories().contains_key("pay"));
    }

    #[test]
    fn a_file_without_its_tests_reads_as_the_whole_file_without_them() {
        for file in RULES {
            let part = file.without_tests();
            assert_eq!(part, file.scan_without_tests(), "{}", file.path);
            assert!(part.len() < file.text.len(), "{} has tests", file.path);
            let mut whole: RuleFile = toml::from_str(file.text).expect(file.path);
            let cut: RuleFile = toml::from_str(part).expect(file.path);
            assert!(
                !whole.tests.is_empty() && cut.tests.is_empty(),
                "{}",
                file.path
            );
            whole.tests.clear();
            assert_eq!(format!("{whole:?}"), format!("{cut:?}"), "{}", file.path);
        }
    }

    #[test]
    fn an_edited_file_or_one_with_its_tests_is_read_from_its_toml() {
        let file = RULES[0];
        let part = file.without_tests();
        assert!(preparsed(file.path, part).is_some());
        assert!(preparsed(file.path, file.text).is_none(), "with its tests");
        let edited = part.replacen("level = ", "level  = ", 1);
        assert_ne!(edited, part);
        assert!(preparsed(file.path, &edited).is_none(), "edited");
        assert!(preparsed("lints/culture/unknown.toml", part).is_none());
    }

    #[test]
    fn the_cut_is_at_the_first_tests_table_only() {
        let file = BuiltinFile {
            path: "lints/culture/x.toml",
            text: "name = \"x\"\n# [[tests]] in a comment\n[docs]\nwhat = \"a\"\n[[tests]] # first\ntext = \"[[tests]]\"\n[[tests]]\n",
        };
        assert_eq!(
            file.without_tests(),
            "name = \"x\"\n# [[tests]] in a comment\n[docs]\nwhat = \"a\"\n"
        );
        let none = BuiltinFile {
            path: "lints/culture/y.toml",
            text: "name = \"y\"",
        };
        assert_eq!(none.without_tests(), "name = \"y\"");
        // A built-in's path over other text: the table's cut does not fit, the lines are read.
        let known = RULES[0];
        let cut = known.without_tests().len();
        let moved = format!("# a longer first line\n{}", known.text);
        let edited = BuiltinFile {
            path: known.path,
            text: Box::leak(moved.into_boxed_str()),
        };
        assert_eq!(
            edited.without_tests().len(),
            cut + "# a longer first line\n".len()
        );
        let short = BuiltinFile {
            path: known.path,
            text: "name = \"x\"\n[[tests]]\n",
        };
        assert_eq!(short.without_tests(), "name = \"x\"\n");
    }
}
