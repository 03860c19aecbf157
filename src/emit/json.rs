//! `--format json`: one JSON document with a stable, versioned schema (documented in
//! README.md). Byte ranges are offsets into the file on disk (a BOM counts); lines and
//! columns are 1-based, columns in Unicode scalar values.

use std::io::Write;

use serde::Serialize;

use super::Counts;
#[cfg(test)]
use crate::classify::Role;
use crate::diagnostic::{Applicability, Diagnostic};
#[cfg(test)]
use crate::document::{Format, PayFact};
use crate::lint::FileReport;
use crate::rules::Level;
use crate::source::SourceFile;

/// Bumped on any incompatible change to the schema.
pub const SCHEMA_VERSION: u32 = 1;

/// A file's entry as serde writes it: the schema `write_file_entry` writes by hand, which a
/// test holds it to.
#[cfg(test)]
#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    /// Where the posting is inside a JSON file (`[3]`, `jobs[2]`, `line 7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    posting: Option<&'a str>,
    format: Format,
    title: Option<&'a str>,
    role: Option<&'a Role>,
    /// The pay statements read, so a user sees what was understood.
    pay: Vec<PayEntry<'a>>,
    diagnostics: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[cfg(test)]
#[derive(Serialize)]
struct PayEntry<'a> {
    #[serde(flatten)]
    fact: &'a PayFact,
    #[serde(flatten)]
    span: Span,
}

#[derive(Serialize)]
struct DiagnosticEntry<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    posting: Option<&'a str>,
    rule: &'a str,
    category: &'a str,
    level: Level,
    message: &'a str,
    label: &'a str,
    note: Option<&'a str>,
    help: Option<&'a str>,
    family: Option<&'static str>,
    /// How the family was decided, for rules that depend on it.
    role_context: Option<&'a str>,
    #[serde(flatten)]
    span: Span,
    secondary: Vec<Span>,
    /// The edits of a fix, for editors and `--fix`.
    fix: Option<FixEntry>,
}

#[derive(Serialize)]
struct Span {
    range: ByteRange,
    start: Position,
    end: Position,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
}

#[derive(Serialize)]
struct FixEntry {
    applicability: Applicability,
    edits: Vec<EditEntry>,
}

#[derive(Serialize)]
struct EditEntry {
    #[serde(flatten)]
    span: Span,
    replacement: String,
}

#[derive(Serialize)]
struct ByteRange {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_with_findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    help: usize,
}

fn span(source: &SourceFile, range: &std::ops::Range<usize>) -> Span {
    let file = source.file_range(range);
    let (line, column) = source.line_col(range.start);
    let (end_line, end_column) = source.line_col(range.end);
    Span {
        range: ByteRange {
            start: file.start,
            end: file.end,
        },
        start: Position { line, column },
        end: Position {
            line: end_line,
            column: end_column,
        },
        label: None,
    }
}

#[cfg(test)]
fn file_entry(report: &FileReport) -> FileEntry<'_> {
    FileEntry {
        path: &report.source.name,
        posting: report.posting.as_deref(),
        format: report.format,
        title: report.title.as_deref(),
        role: report.role.as_ref(),
        pay: report
            .pay
            .iter()
            .map(|fact| PayEntry {
                fact,
                span: span(&report.source, &fact.source_range),
            })
            .collect(),
        diagnostics: report.diagnostics.len(),
        error: report.error.as_deref(),
    }
}

fn entry<'a>(report: &'a FileReport, d: &'a Diagnostic) -> DiagnosticEntry<'a> {
    DiagnosticEntry {
        path: &report.source.name,
        posting: report.posting.as_deref(),
        rule: &d.rule,
        category: &d.category,
        level: d.level,
        message: &d.message,
        label: &d.label,
        note: d.note.as_deref(),
        help: d.help.as_deref(),
        family: report.role.as_ref().map(|r| r.family.name()),
        role_context: d.role_context.as_deref(),
        span: span(&report.source, &d.range),
        secondary: d
            .secondary
            .iter()
            .map(|s| Span {
                label: s.label.clone(),
                ..span(&report.source, &s.range)
            })
            .collect(),
        fix: d.fix.as_ref().map(|fix| FixEntry {
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| EditEntry {
                    span: span(&report.source, &e.range),
                    replacement: e.replacement.clone(),
                })
                .collect(),
        }),
    }
}

/// `json-lines`: one line per finding, the `diagnostics` entries of the JSON document.
pub struct JsonLines;

impl super::Sink for JsonLines {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        for d in &report.diagnostics {
            // Serialised in memory and written whole (see `emit::pretty`).
            let mut line = serde_json::to_vec(&entry(report, d))?;
            line.push(b'\n');
            out.write_all(&line)?;
        }
        Ok(())
    }
}

/// `json`: one document, `{version, diagnostics, files, summary}`, pretty-printed. The
/// findings are written as their reports come; the file entries wait in a `Spill` (memory,
/// then a temporary file) until the last file, so a run over any number of files holds
/// neither their texts nor their findings. Findings first: they are most of a report (bulk's
/// 20 MB, its file entries 2.3 MB), and spilled they were written to a file, read back and
/// dropped with it at the end, a serial tail after the last file (0.96 of bulk's wall time
/// without it).
#[derive(Default)]
pub struct Json {
    files: super::Elements,
    diagnostics: super::Elements,
    spill: super::Spill,
    /// One diagnostic's entry, reused.
    written: Vec<u8>,
    notes: EscapedNotes,
}

/// Each rule's note as a JSON string, escaped once: every finding carries its rule's note (a
/// paragraph of evidence; 5.7 MB of bulk's report), and escaping it again for each finding
/// was most of the report's escaping.
#[derive(Default)]
struct EscapedNotes {
    /// By the address of the note's text; the note is kept, so no other text takes that
    /// address while it is here.
    by_address: crate::fxhash::FxHashMap<usize, (std::sync::Arc<str>, Box<[u8]>)>,
}

impl EscapedNotes {
    fn get(&mut self, note: &std::sync::Arc<str>) -> &[u8] {
        let address = note.as_ptr() as usize;
        &self
            .by_address
            .entry(address)
            .or_insert_with(|| {
                let mut text = Vec::with_capacity(note.len() + 2);
                escaped(&mut text, note);
                (std::sync::Arc::clone(note), text.into_boxed_slice())
            })
            .1
    }
}

/// A diagnostic's entry as `write_nested(out, &entry(report, d), depth)` writes it, byte
/// for byte, written by hand: a run's report is mostly its findings (bulk's: 14 MB), and
/// serde's pretty printer, then indenting its lines again, took 6% of the run's work.
fn write_diagnostic(
    out: &mut Vec<u8>,
    report: &FileReport,
    d: &Diagnostic,
    depth: usize,
    notes: &mut EscapedNotes,
) {
    let mut entry = Object::open(out, depth);
    entry.string("path", &report.source.name);
    if let Some(posting) = report.posting.as_deref() {
        entry.string("posting", posting);
    }
    entry.string("rule", &d.rule);
    entry.string("category", &d.category);
    entry.string("level", d.level.name());
    entry.string("message", &d.message);
    entry.string("label", &d.label);
    match &d.note {
        Some(note) => {
            entry.key("note");
            entry.out.extend_from_slice(notes.get(note));
        }
        None => entry.optional("note", None),
    }
    entry.optional("help", d.help.as_deref());
    entry.optional("family", report.role.as_ref().map(|r| r.family.name()));
    entry.optional("role_context", d.role_context.as_deref());
    entry.span(&report.source, &d.range, None);
    entry.objects("secondary", &d.secondary, |span, secondary| {
        span.span(&report.source, &secondary.range, secondary.label.as_deref());
    });
    entry.key("fix");
    match &d.fix {
        None => entry.out.extend_from_slice(b"null"),
        Some(fix) => {
            let mut object = Object::nested(entry.out, entry.depth + 1);
            object.string(
                "applicability",
                match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                },
            );
            object.objects("edits", &fix.edits, |entry, edit| {
                entry.span(&report.source, &edit.range, None);
                entry.string("replacement", &edit.replacement);
            });
            object.close();
        }
    }
    entry.close();
}

/// A file's entry as `write_nested(out, &file_entry(report), depth)` writes it, byte for byte,
/// written by hand as the diagnostics are: serde's pretty printer, its flattened pay
/// entries and indenting its lines again were 1.6% of a run's work over bulk.
fn write_file_entry(out: &mut Vec<u8>, report: &FileReport, depth: usize) {
    let mut entry = Object::open(out, depth);
    entry.string("path", &report.source.name);
    if let Some(posting) = report.posting.as_deref() {
        entry.string("posting", posting);
    }
    entry.scalar("format", &report.format);
    entry.optional("title", report.title.as_deref());
    entry.key("role");
    match &report.role {
        None => entry.out.extend_from_slice(b"null"),
        Some(role) => {
            let mut object = Object::nested(entry.out, entry.depth + 1);
            object.string("family", role.family.name());
            object.scalar("source", &role.source);
            object.optional("evidence", role.evidence.as_deref());
            if !role.roles.is_empty() {
                object.objects("roles", &role.roles, |entry, words| {
                    entry.string("family", words.family.name());
                    entry.string("words", &words.words);
                });
            }
            object.close();
        }
    }
    entry.objects("pay", &report.pay, |entry, fact| {
        let pay = &fact.pay;
        entry.scalar("min", &pay.min);
        entry.scalar("max", &pay.max);
        entry.optional("currency", pay.currency);
        entry.scalar("period", &pay.period);
        entry.scalar("bound", &pay.bound);
        entry.string("text", &pay.text);
        entry.scalar("origin", &fact.origin);
        entry.span(&report.source, &fact.source_range, None);
    });
    entry.number("diagnostics", report.diagnostics.len());
    if let Some(error) = report.error.as_deref() {
        entry.string("error", error);
    }
    entry.close();
}

/// A JSON object being written as serde_json's pretty printer writes it: two spaces a
/// level, `"key": value` a line.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    /// The level of the object's braces.
    depth: usize,
    fields: usize,
}

impl<'o> Object<'o> {
    /// An object at the start of a line `depth` levels deep.
    fn open(out: &'o mut Vec<u8>, depth: usize) -> Object<'o> {
        indent(out, depth);
        Object::nested(out, depth)
    }

    /// An object where the writer stands (a field's value), its closing brace `depth`
    /// levels deep.
    fn nested(out: &'o mut Vec<u8>, depth: usize) -> Object<'o> {
        out.push(b'{');
        Object {
            out,
            depth,
            fields: 0,
        }
    }

    #[inline(always)]
    fn key(&mut self, key: &str) {
        // The comma, line break and indent in one copy: a report writes half a million keys.
        let lead = line_lead(self.fields > 0, self.depth + 1);
        self.fields += 1;
        self.out.reserve(lead.len() + key.len() + 4);
        self.out.extend_from_slice(lead);
        // Keys are the schema's own names: nothing to escape.
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    #[inline(always)]
    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        escaped(self.out, value);
    }

    /// A field whose value is a number, a unit enum or `null`: written compact, which is
    /// how the pretty printer writes a value with nothing inside.
    fn scalar(&mut self, key: &str, value: &impl Serialize) {
        self.key(key);
        // Writing into a vector cannot fail, and these values always serialise.
        let _ = serde_json::to_writer(&mut *self.out, value);
    }

    #[inline(always)]
    fn optional(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.string(key, value),
            None => {
                self.key(key);
                self.out.extend_from_slice(b"null");
            }
        }
    }

    /// A field whose value is an array of objects, each written by `write`.
    fn objects<T>(&mut self, key: &str, items: &[T], mut write: impl FnMut(&mut Object, &T)) {
        self.key(key);
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            self.out
                .extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let mut object = Object::open(self.out, self.depth + 2);
            write(&mut object, item);
            object.close();
        }
        if !items.is_empty() {
            newline(self.out, self.depth + 1);
        }
        self.out.push(b']');
    }

    #[inline(always)]
    fn number(&mut self, key: &str, value: usize) {
        self.key(key);
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[at..]);
    }

    /// The fields of a `Span`: range, start, end and its label when it has one.
    fn span(&mut self, source: &SourceFile, range: &std::ops::Range<usize>, label: Option<&str>) {
        let file = source.file_range(range);
        let start = source.line_col(range.start);
        let end = source.line_col(range.end);
        // Written out, not looped over: with its names constant, each key is copied whole.
        self.pair("range", ["start", "end"], (file.start, file.end));
        self.pair("start", ["line", "column"], start);
        self.pair("end", ["line", "column"], end);
        if let Some(label) = label {
            self.string("label", label);
        }
    }

    /// A field whose value is an object of two numbers.
    #[inline(always)]
    fn pair(&mut self, key: &str, names: [&str; 2], (a, b): (usize, usize)) {
        self.key(key);
        let mut pair = Object::nested(self.out, self.depth + 1);
        pair.number(names[0], a);
        pair.number(names[1], b);
        pair.close();
    }

    fn close(self) {
        if self.fields == 0 {
            self.out.push(b'}');
            return;
        }
        newline(self.out, self.depth);
        self.out.push(b'}');
    }
}

fn indent(out: &mut Vec<u8>, depth: usize) {
    out.extend_from_slice(&line_lead(false, depth)[1..]);
}

fn newline(out: &mut Vec<u8>, depth: usize) {
    out.extend_from_slice(line_lead(false, depth));
}

/// A line break, after a comma when `comma`, and the indent of `depth` levels.
fn line_lead(comma: bool, depth: usize) -> &'static [u8] {
    const LEADS: &[u8] = b",\n                    ";
    &LEADS[usize::from(!comma)..2 + 2 * depth]
}

/// Whether one of the eight bytes of `word` is a control character, `"` or `\\` (exact: the
/// zero-byte tests may point at the wrong byte, never at none).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES * 0x80;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    // Below 0x20: the byte minus 0x20 borrows into its high bit (a byte of 0x80 or more has
    // that bit set already and is masked out by `!word`).
    word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0
        || zero_in(word ^ (ONES * u64::from(b'"')))
        || zero_in(word ^ (ONES * u64::from(b'\\')))
}

/// `text` as a JSON string, escaped as serde_json escapes: `"`, `\\` and the control
/// characters, these as `\n`, `\t`, `\r`, `\b`, `\f` or `\u00XX`.
fn escaped(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    loop {
        let at = next_to_escape(bytes, copied);
        out.extend_from_slice(&bytes[copied..at]);
        let Some(&b) = bytes.get(at) else {
            break;
        };
        copied = at + 1;
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
                continue;
            }
        };
        out.extend_from_slice(escape);
    }
    out.push(b'"');
}

/// Where the next byte that JSON escapes (a control character, `"` or `\\`) is from `at` on,
/// or the text's end. Sixteen bytes a step with SSE2, which every x86-64 processor has (the
/// strings are half a report: 10.5 MB of bulk's 22), eight elsewhere.
fn next_to_escape(bytes: &[u8], mut at: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(block) = bytes.get(at..at + 16) {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of x86-64; the load reads the 16 bytes of `block`.
        let mask = unsafe {
            let v = _mm_loadu_si128(block.as_ptr().cast());
            // A byte is at most 0x1f when the unsigned minimum with 0x1f leaves it as it is.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
        };
        if mask != 0 {
            return at + mask.trailing_zeros() as usize;
        }
        at += 16;
    }
    while let Some(word) = bytes.get(at..at + 8) {
        if needs_escape(u64::from_le_bytes(word.try_into().unwrap_or_default())) {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map_or(bytes.len(), |i| at + i)
}

/// The document's start, up to its findings' opening bracket.
fn head(out: &mut dyn Write) -> std::io::Result<()> {
    write!(
        out,
        "{{\n  \"version\": {SCHEMA_VERSION},\n  \"diagnostics\": ["
    )
}

impl super::Sink for Json {
    fn report(&mut self, out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
        self.files.next(&mut self.spill, b"\n")?;
        self.written.clear();
        write_file_entry(&mut self.written, report, 2);
        self.spill.write_all(&self.written)?;
        for d in &report.diagnostics {
            if self.diagnostics.is_empty() {
                head(out)?;
            }
            self.diagnostics.next(out, b"\n")?;
            self.written.clear();
            write_diagnostic(&mut self.written, report, d, 2, &mut self.notes);
            out.write_all(&self.written)?;
        }
        Ok(())
    }

    fn finish(
        &mut self,
        out: &mut dyn Write,
        counts: &Counts,
        _: &[super::ci::RuleDoc],
    ) -> std::io::Result<()> {
        if self.diagnostics.is_empty() {
            head(out)?;
            out.write_all(b"]")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b",\n  \"files\": [")?;
        if !self.files.is_empty() {
            self.spill.copy_to(out)?;
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"],\n  \"summary\": ")?;
        let summary = Summary {
            files: counts.files_checked,
            files_with_findings: counts.files_with_findings,
            errors: counts.errors,
            warnings: counts.warnings,
            info: counts.info,
            help: counts.help,
        };
        super::write_pretty(out, &summary, 1)?;
        out.write_all(b"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Edit, Fix, Secondary};

    fn report(posting: Option<&str>, diagnostics: Vec<Diagnostic>) -> FileReport {
        let source = Arc::new(SourceFile::new(
            "jobs/a \"b\".json",
            "Line one\r\n\tcafé \"x\" \\ y\nthird line\n",
        ));
        FileReport {
            posting: posting.map(str::to_string),
            diagnostics,
            ..FileReport::bare(source, Format::Json)
        }
    }

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic {
            rule: "rule-name".into(),
            category: "culture".into(),
            level: Level::Warning,
            message: message.into(),
            range: 0..4,
            label: "label".into(),
            secondary: Vec::new(),
            note: None,
            help: None,
            role_context: None,
            fix: None,
        }
    }

    /// What serde's pretty printer writes for the same entry.
    fn by_serde(report: &FileReport, d: &Diagnostic) -> String {
        let mut out = Vec::new();
        crate::emit::write_nested(&mut out, &entry(report, d), 2).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn by_hand(report: &FileReport, d: &Diagnostic) -> String {
        let mut out = Vec::new();
        write_diagnostic(&mut out, report, d, 2, &mut EscapedNotes::default());
        String::from_utf8(out).unwrap()
    }

    /// A note is escaped once per rule: findings of the same rule, of another rule with the
    /// same words and of a rule whose note needs escapes each get their own note's text.
    #[test]
    fn each_finding_gets_its_own_rules_note_from_the_escaped_notes() {
        let shared: Arc<str> = "a \"quoted\" why\n".into();
        let same_words: Arc<str> = "a \"quoted\" why\n".into();
        let other: Arc<str> = "another why".into();
        let with = |note: &Arc<str>, message: &str| Diagnostic {
            note: Some(Arc::clone(note)),
            ..diagnostic(message)
        };
        let findings = [
            with(&shared, "one"),
            with(&other, "two"),
            with(&shared, "three"),
            with(&same_words, "four"),
            diagnostic("no note"),
        ];
        let report = report(None, Vec::new());
        let mut notes = EscapedNotes::default();
        for d in &findings {
            let mut out = Vec::new();
            write_diagnostic(&mut out, &report, d, 2, &mut notes);
            assert_eq!(String::from_utf8(out).unwrap(), by_serde(&report, d));
        }
        assert_eq!(notes.by_address.len(), 3);
        assert_eq!(
            notes.get(&other),
            br#""another why""#.as_slice(),
            "the note as a JSON string"
        );
    }

    #[test]
    fn a_diagnostic_is_written_byte_for_byte_as_serde_writes_it() {
        let bare = diagnostic("");
        let full = Diagnostic {
            level: Level::Info,
            message: "say \"you\" \\ not\u{1} \u{8}\u{c}\t\r\n\u{1f}\u{7f} é — 𝄞".into(),
            range: 12..19,
            secondary: vec![
                Secondary {
                    range: 20..24,
                    label: Some("counted \"word\"".into()),
                },
                Secondary::new(0..0),
            ],
            note: Some("why, at length".into()),
            help: Some("instead".into()),
            role_context: Some("family engineer, from the title".into()),
            fix: Some(Fix {
                applicability: Applicability::Safe,
                edits: vec![
                    Edit {
                        range: 12..19,
                        replacement: "\"café\"".into(),
                    },
                    Edit {
                        range: 30..30,
                        replacement: String::new(),
                    },
                ],
            }),
            ..diagnostic("x")
        };
        let no_edits = Diagnostic {
            fix: Some(Fix {
                applicability: Applicability::Unsafe,
                edits: Vec::new(),
            }),
            ..diagnostic("y")
        };
        for posting in [None, Some("jobs[2]")] {
            for d in [&bare, &full, &no_edits] {
                let report = report(posting, Vec::new());
                assert_eq!(by_hand(&report, d), by_serde(&report, d));
            }
        }
        // The escapes as serde_json writes them.
        let report = report(None, Vec::new());
        assert!(
            by_hand(&report, &full)
                .contains(r#""message": "say \"you\" \\ not\u0001 \b\f\t\r\n\u001f"#)
        );
    }

    fn file_by_serde(report: &FileReport) -> String {
        let mut out = Vec::new();
        crate::emit::write_nested(&mut out, &file_entry(report), 2).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn file_by_hand(report: &FileReport) -> String {
        let mut out = Vec::new();
        write_file_entry(&mut out, report, 2);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_file_entry_is_written_byte_for_byte_as_serde_writes_it() {
        use crate::classify::{Family, RoleSource, RoleWords};
        use crate::document::PayOrigin;
        use crate::extract::salary::{Bound, Pay, Period};

        let bare = report(None, Vec::new());
        let pay =
            |min, max, currency, period, bound, origin, range: std::ops::Range<usize>| PayFact {
                pay: Pay {
                    min,
                    max,
                    currency,
                    period,
                    bound,
                    text: "$120K \"to\" 150.5K — é".into(),
                    range: 0..0,
                },
                origin,
                source_range: range,
            };
        let full = FileReport {
            posting: Some("jobs[2]".into()),
            title: Some("Research \"Scientist\"\tII".into()),
            role: Some(Role {
                family: Family::Researcher,
                source: RoleSource::Title,
                evidence: Some("Research Scientist".into()),
                roles: vec![
                    RoleWords {
                        family: Family::Researcher,
                        words: "Research Scientist".into(),
                    },
                    RoleWords {
                        family: Family::Engineer,
                        words: "ML \"Engineer\"".into(),
                    },
                ],
                title: None,
            }),
            pay: vec![
                pay(
                    Some(120_000.0),
                    Some(150_500.5),
                    Some("USD"),
                    Some(Period::Year),
                    Bound::Range,
                    PayOrigin::Body,
                    12..19,
                ),
                pay(
                    None,
                    None,
                    None,
                    None,
                    Bound::Template,
                    PayOrigin::Template,
                    0..0,
                ),
                pay(
                    Some(55.0),
                    None,
                    Some("EUR"),
                    Some(Period::Hour),
                    Bound::From,
                    PayOrigin::FrontMatter,
                    20..24,
                ),
            ],
            diagnostics: vec![diagnostic("one"), diagnostic("two")],
            error: Some("cannot read \"it\"".into()),
            ..report(None, Vec::new())
        };
        let no_evidence = FileReport {
            role: Some(Role {
                family: Family::Other,
                source: RoleSource::Default,
                evidence: None,
                roles: Vec::new(),
                title: None,
            }),
            ..report(None, Vec::new())
        };
        for report in [&bare, &full, &no_evidence] {
            assert_eq!(file_by_hand(report), file_by_serde(report));
        }
        // The hand-written entry has every field the schema has.
        let written: serde_json::Value = serde_json::from_str(&file_by_hand(&full)).unwrap();
        assert_eq!(written["pay"][0]["min"], 120_000.0);
        assert_eq!(written["pay"][1]["bound"], "template");
        assert_eq!(written["role"]["roles"][1]["family"], "engineer");
        assert_eq!(written["error"], "cannot read \"it\"");
    }

    proptest::proptest! {
        #[test]
        fn a_string_is_escaped_as_serde_json_escapes_it(
            text in "[a-c\"\\\\\u{0}-\u{1f}\u{7f}\u{80}é€𝄞 ]{0,40}",
        ) {
            let mut out = Vec::new();
            escaped(&mut out, &text);
            proptest::prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&text).unwrap()
            );
        }
    }
}
