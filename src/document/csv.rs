//! Spreadsheet exports, `.csv` and `.tsv`: one posting per row, its columns named by the
//! header row. Applicant-tracking systems export job posts so, and so do the datasets of
//! scraped postings (LinkedIn, Indeed, Glassdoor) that teams keep in repositories. A row is a
//! posting when it has a title (a `title`, `Job Title` or `position` column, as a JSON export's
//! keys) and prose (`description`, `Job Description`, `requirements`, …); its other short
//! cells are its fields (`min_salary`, `pay_period`, `currency`, `location`), read as front
//! matter is, so that pay in its own columns counts.
//!
//! Cells are read as RFC 4180 writes them, and as leniently as spreadsheets read them: quoted
//! or not, `""` for a quote inside quotes, line breaks inside quotes, CRLF or LF between rows,
//! and comma, semicolon (Excel's separator where the comma is the decimal point) or tab,
//! whichever the header row holds most of. Every decoded byte maps to the file, through the
//! quotes and their escapes. A file whose header names no title or no prose column (a
//! manifest, a table of figures) is not read past its header.

use std::ops::Range;

use super::export::{
    ParseError, Posting, TEXT_KEYS, TITLE_KEYS, field, is_one_line, normalise_key, read_prose,
    rendering,
};
use super::frontmatter::FrontMatter;
use super::{Body, SectionKind, Segment, SegmentKind, TextBuilder};

/// A cell as written: its bytes in the file (quotes included) and whether it is quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    range: Range<usize>,
    quoted: bool,
}

/// A row's cells.
#[derive(Debug)]
struct Row {
    cells: Vec<Cell>,
}

/// Every posting of a spreadsheet export, and why the rest of the file could not be read
/// (a quoted cell that never ends) when it could not: the rows before it are still postings.
pub fn postings(text: &str) -> (Vec<Posting>, Vec<ParseError>) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let separator = separator(&text[start..]);
    let mut rows = Rows {
        text,
        separator,
        at: start,
    };
    let header = match rows.next() {
        Some(Ok(row)) => row,
        Some(Err(error)) => return (Vec::new(), vec![error]),
        None => return (Vec::new(), Vec::new()),
    };
    let keys: Vec<String> = header
        .cells
        .iter()
        .map(|cell| normalise_key(&decode(text, cell, 0).finish().0))
        .collect();
    let columns = Columns::of(&keys);
    if columns.titles.is_empty() || columns.prose.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut out = Vec::new();
    // Rows are numbered as a spreadsheet numbers them: the header is row 1.
    for (number, row) in (2..).zip(rows) {
        match row {
            Ok(row) => {
                if let Some(posting) = columns.posting(text, &keys, &row, number) {
                    out.push(posting);
                }
            }
            Err(error) => return (out, vec![error]),
        }
    }
    (out, Vec::new())
}

/// The separator the header row (the text up to its first line break) holds most of: comma,
/// semicolon or tab, a comma when none.
fn separator(text: &str) -> u8 {
    let line = &text.as_bytes()[..memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len())];
    let mut counts = [(b',', 0), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(s, _)| *s == b) {
            count.1 += 1;
        }
    }
    // The first of the most frequent, in the order above.
    counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best })
        .0
}

/// The rows of a file, one after another from `at`: each read in one pass, so that reading a
/// file of any shape is linear in its length.
struct Rows<'t> {
    text: &'t str,
    separator: u8,
    at: usize,
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        if self.at >= bytes.len() {
            return None;
        }
        let mut cells = Vec::new();
        loop {
            let cell_start = self.at;
            let quoted = bytes.get(cell_start) == Some(&b'"');
            // After a quoted cell's closing quote, anything up to the separator is the cell's
            // too (`"a"b` is `ab`, as spreadsheets read it).
            let mut from = cell_start;
            if quoted {
                match closing_quote(bytes, cell_start + 1) {
                    Some(close) => from = close + 1,
                    None => {
                        self.at = bytes.len();
                        return Some(Err(ParseError {
                            message: "invalid CSV: a quoted cell that never ends".to_string(),
                            range: cell_start..cell_start + 1,
                        }));
                    }
                }
            }
            let end = memchr::memchr2(self.separator, b'\n', &bytes[from..])
                .map_or(bytes.len(), |i| from + i);
            crate::work::count(crate::work::Loop::CsvBytes, end + 1 - from);
            // A CRLF row end: the CR is not the cell's.
            let cell_end =
                if bytes.get(end) == Some(&b'\n') && end > from && bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
            cells.push(Cell {
                range: cell_start..cell_end,
                quoted,
            });
            self.at = end + 1;
            if bytes.get(end) != Some(&self.separator) {
                break;
            }
        }
        Some(Ok(Row { cells }))
    }
}

/// The closing quote of a quoted cell whose text starts at `from`: the first `"` that is not
/// one of a pair (`""` is a quote in the text).
fn closing_quote(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let Some(found) = memchr::memchr(b'"', &bytes[from..]) else {
            crate::work::count(crate::work::Loop::CsvBytes, bytes.len() - from);
            return None;
        };
        let quote = from + found;
        crate::work::count(crate::work::Loop::CsvBytes, found + 1);
        if bytes.get(quote + 1) == Some(&b'"') {
            from = quote + 2;
        } else {
            return Some(quote);
        }
    }
}

/// A cell's text from the file's byte `from` on (its words' start, for a title), its quotes
/// taken off and each `""` read as `"`, every byte mapped to the file.
fn decode(text: &str, cell: &Cell, from: usize) -> TextBuilder {
    let mut builder = TextBuilder::new();
    let Range { start, end } = cell.range;
    if !cell.quoted {
        let from = from.clamp(start, end);
        builder.push_verbatim(&text[from..end], from);
        return builder;
    }
    let bytes = text.as_bytes();
    let close = closing_quote(bytes, start + 1).unwrap_or(end).min(end);
    let mut plain = from.clamp(start + 1, close);
    let mut i = plain;
    while let Some(found) = memchr::memchr(b'"', &bytes[i..close]) {
        let quote = i + found;
        builder.push_verbatim(&text[plain..quote], plain);
        builder.push_decoded("\"", quote..quote + 2);
        i = quote + 2;
        plain = i;
    }
    builder.push_verbatim(&text[plain..close], plain);
    // Text after the closing quote, up to the separator.
    if close + 1 < end {
        builder.push_verbatim(&text[close + 1..end], close + 1);
    }
    builder
}

/// What the header says of its columns: which may hold the title (in the order of
/// `TITLE_KEYS`), and which hold prose, with the section each names.
struct Columns {
    titles: Vec<usize>,
    prose: Vec<(usize, SectionKind)>,
}

impl Columns {
    fn of(keys: &[String]) -> Columns {
        let titles = TITLE_KEYS
            .iter()
            .flat_map(|title| (0..keys.len()).filter(move |&i| keys[i] == *title))
            .collect();
        let prose = keys
            .iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let (_, section) = TEXT_KEYS.iter().find(|(k, _)| k == key)?;
                Some((i, *section))
            })
            .collect();
        Columns { titles, prose }
    }

    /// Row `number` as a posting: `None` unless it has a title on one line and prose.
    fn posting(&self, text: &str, keys: &[String], row: &Row, number: usize) -> Option<Posting> {
        let cell_text = |i: usize| row.cells.get(i).map(|cell| decode(text, cell, 0).finish());
        let (title_column, title) = self.titles.iter().find_map(|&i| {
            let (value, map) = cell_text(i)?;
            let line = value.trim();
            if !is_one_line(line) || line.contains('<') {
                return None;
            }
            // From the first word, its trailing spaces left out.
            let lead = value.len() - value.trim_start().len();
            let words = map.to_source(lead..lead + 1).start;
            let mut segment = Segment::new(
                SegmentKind::Title,
                SectionKind::Summary,
                decode(text, &row.cells[i], words),
            );
            segment.text.truncate(segment.text.trim_end().len());
            Some((i, segment))
        })?;
        // The prose cells with words; of a text written twice (`description_html` and
        // `description_plain`), the best rendering only.
        let written: Vec<(usize, SectionKind)> = self
            .prose
            .iter()
            .copied()
            .filter(|&(i, _)| {
                row.cells.get(i).is_some_and(|cell| {
                    !text[cell.range.clone()]
                        .trim_matches(|c: char| c.is_whitespace() || c == '"')
                        .is_empty()
                })
            })
            .collect();
        let best = |i: usize| {
            let (base, rank) = rendering(&keys[i]);
            !written.iter().any(|&(other, _)| {
                let (other_base, other_rank) = rendering(&keys[other]);
                other_base == base && other_rank < rank
            })
        };
        let mut body = Body::default();
        for &(i, section) in written.iter().filter(|(i, _)| best(*i)) {
            let (value, map) = cell_text(i)?;
            read_prose(&value, &map, section, &mut body);
        }
        if body.segments.is_empty() {
            return None;
        }
        let mut front_matter = FrontMatter::default();
        for (i, cell) in row.cells.iter().enumerate() {
            let Some(key) = keys.get(i) else { break };
            let is_text = TEXT_KEYS.iter().any(|(k, _)| k == key);
            if i == title_column || key.is_empty() || is_text || TITLE_KEYS.contains(&key.as_str())
            {
                continue;
            }
            let (value, map) = decode(text, cell, 0).finish();
            front_matter.fields.extend(field(key.clone(), &value, &map));
        }
        Some(Posting {
            path: Some(format!("row {number}")),
            front_matter,
            title: Some(title),
            body,
            structured: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::export::{Described, described};

    /// Each posting's row, title, body texts and fields (key = value).
    fn read(text: &str) -> Vec<Described> {
        let (found, errors) = postings(text);
        assert!(errors.is_empty(), "{errors:?}");
        described(found)
    }

    #[test]
    fn rows_with_a_title_and_prose_are_postings_and_their_short_cells_fields() {
        let text = "Job Title,Company,Salary Estimate,Job Description\n\
                    ML Engineer,Acme,$140K-$180K,Build the ranking models.\n\
                    ,Acme,,A row without a title is not a posting.\n\
                    Data Analyst,Beta,,\n";
        assert_eq!(
            read(text),
            [(
                Some("row 2".to_string()),
                "ML Engineer".to_string(),
                vec!["Build the ranking models.".to_string()],
                vec![
                    "company = Acme".to_string(),
                    "salary_estimate = $140K-$180K".to_string()
                ],
            )]
        );
    }

    #[test]
    fn quoted_cells_hold_separators_line_breaks_and_doubled_quotes() {
        let text = "title,description\r\n\
                    \"Engineer, Search\",\"We ship \"\"fast\"\".\r\n\r\n- Go, Rust\"\r\n";
        let (found, _) = postings(text);
        let posting = &found[0];
        assert_eq!(
            posting.title.as_ref().unwrap().text.as_ref(),
            "Engineer, Search"
        );
        let texts: Vec<&str> = posting
            .body
            .segments
            .iter()
            .map(|s| s.text.as_ref())
            .collect();
        assert_eq!(texts, ["We ship \"fast\".", "Go, Rust"]);
        // "fast" sits between two doubled quotes: its span is its bytes in the file.
        let segment = &posting.body.segments[0];
        let at = segment.text.find("fast").unwrap();
        let source = segment.map.to_source(at..at + 4);
        assert_eq!(&text[source], "fast");
        // The decoded quote maps to the two quotes that stand for it.
        let quote = segment.map.to_source(8..9);
        assert_eq!(&text[quote], "\"\"");
        let go = posting.body.segments[1].map.to_source(0..2);
        assert_eq!(&text[go], "Go");
    }

    #[test]
    fn the_separator_is_the_one_the_header_holds_most_of() {
        assert_eq!(separator("title;description;salary_min\n"), b';');
        assert_eq!(separator("title\tdescription\n"), b'\t');
        assert_eq!(separator("\"title; the job\",description\n"), b',');
        assert_eq!(separator("title\n"), b',');
        let semicolons = "title;description;salary_min;currency\n\
                          Backend Engineer;\"Build APIs; run them.\";50000;EUR\n";
        assert_eq!(
            read(semicolons)[0].3,
            ["salary_min = 50000", "currency = EUR"]
        );
        let tabs = "\u{feff}Title\tDescription\nNinja Developer\tBuild APIs in Go.\n";
        assert_eq!(read(tabs)[0].1, "Ninja Developer");
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_numbers_them() {
        let text = "title,description\n\nBackend Engineer,\"Two\nlines\"\nSRE,On call.";
        let rows: Vec<Option<String>> = read(text).into_iter().map(|r| r.0).collect();
        assert_eq!(rows, [Some("row 3".into()), Some("row 4".into())]);
    }

    #[test]
    fn the_qualification_columns_of_job_datasets_are_requirements() {
        // Google's: Title, Responsibilities, Minimum and Preferred Qualifications.
        let text = "Company,Title,Responsibilities,Minimum Qualifications,Preferred Qualifications\n\
                    Acme,ML Engineer,Train models.,BS in CS or equivalent practical experience.,PhD.\n";
        let (found, _) = postings(text);
        let sections: Vec<(&str, SectionKind)> = found[0]
            .body
            .segments
            .iter()
            .map(|s| (s.text.as_ref(), s.section))
            .collect();
        assert_eq!(
            sections,
            [
                ("Train models.", SectionKind::Responsibilities),
                (
                    "BS in CS or equivalent practical experience.",
                    SectionKind::Requirements
                ),
                ("PhD.", SectionKind::Preferred),
            ]
        );
    }

    #[test]
    fn of_a_text_written_twice_only_the_html_is_read() {
        let text = "title,descriptionPlain,descriptionHtml\n\
                    Engineer,Build things.,<p>Build things.</p>\n";
        assert_eq!(read(text)[0].2, ["Build things."]);
    }

    #[test]
    fn a_quoted_cell_that_never_ends_is_an_error_at_its_quote_after_the_rows_before_it() {
        let text = "title,description\nEngineer,Build things.\nAnalyst,\"Read data.\n";
        let (found, errors) = postings(text);
        assert_eq!(found.len(), 1);
        let quote = text.rfind('"').unwrap();
        assert_eq!(
            errors,
            [ParseError {
                message: "invalid CSV: a quoted cell that never ends".to_string(),
                range: quote..quote + 1,
            }]
        );
    }

    #[test]
    fn a_file_whose_header_names_no_title_or_no_prose_is_not_read_past_it() {
        // A manifest: a title column, but no prose; the broken quote below is never read.
        let (found, errors) = postings("file,title,bytes\na.md,Engineer,12\n\"broken\n");
        assert!(found.is_empty() && errors.is_empty());
        let (found, errors) = postings("");
        assert!(found.is_empty() && errors.is_empty());
    }

    #[test]
    fn each_byte_is_read_a_few_times_whatever_the_quotes_and_separators() {
        use crate::work::{Loop, steps_of};
        // Rows of quotes, separators and line breaks only, and a quote that never ends.
        for unit in [
            "\"\"",
            ",",
            "\n",
            "\r\n",
            ",\"\",",
            "a,\"b\"\"c\"\n",
            "\"x\"y,",
        ] {
            for tail in ["", "\""] {
                let text = format!("title,description\n{}{tail}", unit.repeat(20_000));
                let steps = steps_of(Loop::CsvBytes, || {
                    let _ = postings(&text);
                });
                // The rows once, the quoted cells' text again to decode them.
                assert!(
                    steps > 0 && steps <= 3 * text.len() as u64,
                    "{unit:?}{tail:?}: {steps} steps for {} bytes",
                    text.len()
                );
            }
        }
    }
}
