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
    postings_after(text, 0)
}

/// `postings` of a part of a large export read in parts (`source::Parts::rows`): its header
/// row, then rows that follow `rows_before` rows of the file (the header's not counted), so
/// that each is named by its number in the whole file.
pub fn postings_after(text: &str, rows_before: usize) -> (Vec<Posting>, Vec<ParseError>) {
    let (mut rows, header) = match header_of(text) {
        Some(Ok(found)) => found,
        Some(Err(error)) => return (Vec::new(), vec![error]),
        None => return (Vec::new(), Vec::new()),
    };
    let keys = keys_of(text, &header);
    let columns = Columns::of(&keys);
    if !columns.name_postings() {
        return (Vec::new(), Vec::new());
    }
    let mut out = Vec::new();
    // Rows are numbered as a spreadsheet numbers them: the header is row 1.
    for (number, row) in (2 + rows_before..).zip(rows.by_ref()) {
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

/// The rows after the header row of `text`, and the header row; `None` for an empty text.
fn header_of(text: &str) -> Option<Result<(Rows<'_>, Row), ParseError>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut rows = Rows {
        text,
        separator: separator(&text[start..]),
        at: start,
    };
    Some(rows.next()?.map(|header| (rows, header)))
}

/// The header row's cells as keys (`Job Title` is `job_title`).
fn keys_of(text: &str, header: &Row) -> Vec<String> {
    header
        .cells
        .iter()
        .map(|cell| normalise_key(&decode(text, cell, 0).finish().0))
        .collect()
}

/// The header row of an export read in parts (`source::Parts::rows`): where it ends in
/// `bytes` (the file's first bytes), its separator, and whether it names a title and a prose
/// column, without which no row is read. `None` while no row has ended in `bytes` and more
/// of the file is to come (`ended`: it is all there).
pub fn header_row(bytes: &[u8], ended: bool) -> Option<HeaderRow> {
    let start = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    // The separator is told from the first line, as `separator` tells it.
    let first_line = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
    if first_line.is_none() && !ended {
        return None;
    }
    let line = &bytes[start..first_line.unwrap_or(bytes.len())];
    let separator = separator(&String::from_utf8_lossy(line));
    let end = match RowEnds::new(separator).next_end(&bytes[start..]) {
        Some(end) => start + end,
        None if ended => bytes.len(),
        None => return None,
    };
    // A header that is not UTF-8 names nothing: the file is read no further, and its first
    // part says why.
    let names_postings = match std::str::from_utf8(&bytes[..end]).ok().and_then(header_of) {
        Some(Ok((rows, header))) => Columns::of(&keys_of(rows.text, &header)).name_postings(),
        _ => false,
    };
    Some(HeaderRow {
        start,
        end,
        separator,
        names_postings,
    })
}

/// What `header_row` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderRow {
    /// Past a byte-order mark.
    pub start: usize,
    /// Past its line break.
    pub end: usize,
    pub separator: u8,
    pub names_postings: bool,
}

/// Where a spreadsheet's rows end, read as `Rows` reads them (a quoted cell may hold line
/// breaks; `""` is a quote inside one; after its closing quote a cell runs to the separator),
/// fed the file's bytes in pieces as they are read: for a large export read in parts.
#[derive(Debug, Clone, Copy)]
pub struct RowEnds {
    separator: u8,
    state: RowState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    /// At the start of a cell: a quote here opens a quoted cell.
    CellStart,
    /// In a cell's text outside quotes.
    Plain,
    /// Inside a quoted cell.
    Quoted,
    /// A quote inside a quoted cell: a second one makes it a quote of the text, anything
    /// else means it closed the cell.
    QuoteInQuoted,
}

impl RowEnds {
    pub fn new(separator: u8) -> RowEnds {
        RowEnds {
            separator,
            state: RowState::CellStart,
        }
    }

    /// The same separator, at the start of a row.
    pub fn restarted(self) -> RowEnds {
        RowEnds::new(self.separator)
    }

    /// How far into `bytes` the row being read ends (past its `\n`), reading on from the
    /// bytes fed before; `None` when it does not end in them. The next call reads the next
    /// row from there.
    pub fn next_end(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            match self.state {
                RowState::Quoted => match memchr::memchr(b'"', &bytes[i..]) {
                    Some(quote) => {
                        i += quote + 1;
                        self.state = RowState::QuoteInQuoted;
                    }
                    None => return None,
                },
                RowState::QuoteInQuoted if bytes[i] == b'"' => {
                    i += 1;
                    self.state = RowState::Quoted;
                }
                RowState::CellStart if bytes[i] == b'"' => {
                    i += 1;
                    self.state = RowState::Quoted;
                }
                // Outside quotes, up to the next separator or line break.
                _ => match memchr::memchr2(self.separator, b'\n', &bytes[i..]) {
                    Some(found) => {
                        i += found + 1;
                        if bytes[i - 1] == b'\n' {
                            self.state = RowState::CellStart;
                            return Some(i);
                        }
                        self.state = RowState::CellStart;
                    }
                    None => {
                        self.state = RowState::Plain;
                        return None;
                    }
                },
            }
        }
        None
    }
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

    /// Whether rows under this header can be postings: it names a title and a prose column.
    fn name_postings(&self) -> bool {
        !self.titles.is_empty() && !self.prose.is_empty()
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

    /// Where `Rows` ends each row of `text` that ends (past its `\n`), read whole.
    fn row_ends_read_whole(text: &str, separator: u8) -> Vec<usize> {
        let mut rows = Rows {
            text,
            separator,
            at: 0,
        };
        let mut ends = Vec::new();
        while let Some(Ok(_)) = rows.next() {
            if rows.at <= text.len() && text.as_bytes()[rows.at - 1] == b'\n' {
                ends.push(rows.at);
            }
        }
        ends
    }

    /// Where `RowEnds` ends the rows of `text` fed in pieces of `piece` bytes.
    fn row_ends_in_pieces(text: &str, separator: u8, piece: usize) -> Vec<usize> {
        let mut reader = RowEnds::new(separator);
        let mut ends = Vec::new();
        let bytes = text.as_bytes();
        let mut fed = 0;
        let mut at = 0;
        while at < bytes.len() {
            let to = (fed + piece).min(bytes.len()).max(at + 1);
            match reader.next_end(&bytes[at..to]) {
                Some(end) => {
                    at += end;
                    ends.push(at);
                    fed = at;
                }
                None => {
                    at = to;
                    fed = to;
                }
            }
        }
        ends
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Fed in pieces of any size, the row ends of an export read in parts are those of
        /// the reader of whole files: quotes, `""`, separators and line breaks anywhere.
        #[test]
        fn rows_end_where_the_whole_file_reader_ends_them(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "\"", "\"\"", ",", ";", "\n", "\r\n", "é", " "][..]),
                0..60,
            ),
            piece in 1usize..9,
            semicolon in proptest::bool::ANY,
        ) {
            let text: String = pieces.concat();
            let separator = if semicolon { b';' } else { b',' };
            proptest::prop_assert_eq!(
                row_ends_in_pieces(&text, separator, piece),
                row_ends_read_whole(&text, separator),
                "{:?}", text
            );
        }
    }

    #[test]
    fn the_header_row_of_an_export_read_in_parts_says_whether_rows_are_postings() {
        let text = "\u{feff}Title;Description;\"Pay\nRange\"\nEngineer;Build.;1\n";
        let found = header_row(text.as_bytes(), false).unwrap();
        assert_eq!(
            found,
            HeaderRow {
                start: 3,
                end: text.find("Engineer").unwrap(),
                separator: b';',
                names_postings: true,
            }
        );
        // A manifest names no prose column; a header still being read says nothing yet.
        let manifest = header_row(b"file\ttitle\tbytes\na.md\tEngineer\t12\n", false).unwrap();
        assert!(!manifest.names_postings);
        assert_eq!(header_row(b"title,descrip", false), None);
        assert_eq!(header_row(b"title,description", true).unwrap().end, 17);
        // Rows under a header numbered from their place in the file.
        let (found, _) = postings_after("title,description\nGuru,Build.\n", 41);
        assert_eq!(found[0].path.as_deref(), Some("row 43"));
    }

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
        assert_eq!(
            crate::document::export::sections_of(&found[0]),
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
