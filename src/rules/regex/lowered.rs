//! Whether a source, read case-sensitively, finds over a text with its ASCII letters
//! lower-cased what it finds case-insensitively over the text (`lowered_source`). Most
//! rules' sources name only lower-case letters: read so, each letter is one byte to match
//! rather than a class of its cases, the case folding's tables are never consulted, and the
//! `k` and `s` of every word no longer carry the Kelvin sign's and the long s's multi-byte
//! branches. Compiling such a source takes about 60% of the time; lower-casing a text is a
//! copy.
//!
//! The two readings agree where every part of the source treats an ASCII letter as it treats
//! its lower case (the text's letters are all lower case then) and treats every other
//! character alike in both readings:
//! - a letter in a case-insensitive part must be lower-case, and a character beyond ASCII
//!   there must have no other case (`é` would miss `É`); outside a class, such a letter is
//!   rewritten so (`S` as `s`, `é` as `(?i:é)`, which the lowered text leaves alone);
//! - a case-sensitive part (`(?-i:…)`) must name no ASCII letter but in a class that holds
//!   both its cases (`[Dd]`, `[^0-9A-Za-z_]`);
//! - a class, in either part, must hold a character where it holds its ASCII lower case, as
//!   written and as read (read from its items where they are plain, else compiled both
//!   ways and compared), so `\w`, `[a-z]`, `[^.;]` and `\pN` pass and `[A-Z]`, `\p{Lu}`
//!   and `[[:upper:]]` do not (nor `\pL`, which folded holds a combining mark too).
//!
//! Two characters beyond ASCII fold into ASCII letters: the Kelvin sign into `k` and the long
//! s into `s`. A text that holds either is searched as written (`Compiled::as_written`), so
//! the lowered reading never meets them. Whitespace-ignoring sources (`(?x)`) are read as
//! written: their classes cannot be compiled apart from them.

use std::borrow::Cow;
use std::ops::Range;

use regex_syntax::ast::{Ast, ClassAsciiKind, ClassSet, ClassSetItem, Flag, Flags, Literal, Span};
use regex_syntax::hir::{Class, ClassBytes, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// The source that, read case-sensitively over a text whose ASCII letters are lower-cased,
/// finds what `source` finds read case-insensitively (as rules are) over the text, for every
/// text without the Kelvin sign or the long s: `source` itself, or with a few letters
/// rewritten where case is folded (an upper-case ASCII letter lower-cased, a letter beyond
/// ASCII with another case in a case-insensitive group of its own, `É` as `(?i:É)`); `None`
/// when it cannot be read so. `ast` is the source parsed.
pub(super) fn lowered_source<'s>(source: &'s str, ast: &Ast) -> Option<Cow<'s, str>> {
    let mut scope = Scope {
        folds: true,
        unicode: true,
    };
    let mut check = Check {
        source,
        edits: Vec::new(),
    };
    if !check.agrees(ast, &mut scope) {
        return None;
    }
    if check.edits.is_empty() {
        return Some(Cow::Borrowed(source));
    }
    let mut lowered = String::with_capacity(source.len() + 8 * check.edits.len());
    let mut from = 0;
    for (range, replacement) in &check.edits {
        lowered.push_str(&source[from..range.start]);
        lowered.push_str(replacement);
        from = range.end;
    }
    lowered.push_str(&source[from..]);
    Some(Cow::Owned(lowered))
}

/// A source's walk: the source, and the rewrites of its letters so far, in order.
struct Check<'s> {
    source: &'s str,
    edits: Vec<(Range<usize>, String)>,
}

/// The flags a part of a source is read under.
#[derive(Debug, Clone, Copy)]
struct Scope {
    /// Case-insensitive (`i`).
    folds: bool,
    /// Unicode (`u`).
    unicode: bool,
}

impl Scope {
    /// Applies `flags`; `false` for whitespace-ignoring ones.
    fn apply(&mut self, flags: &Flags) -> bool {
        if let Some(folds) = flags.flag_state(Flag::CaseInsensitive) {
            self.folds = folds;
        }
        if let Some(unicode) = flags.flag_state(Flag::Unicode) {
            self.unicode = unicode;
        }
        flags.flag_state(Flag::IgnoreWhitespace) != Some(true)
    }
}

impl Check<'_> {
    /// Whether `ast` (a part of the source) agrees in both readings, its letters rewritten
    /// where they can be. Flags set without a group (`(?-i)`) hold to the end of the
    /// enclosing group, across its later alternatives too: the walk goes in the source's
    /// order and restores the scope where a group ends.
    fn agrees(&mut self, ast: &Ast, scope: &mut Scope) -> bool {
        let source = self.source;
        match ast {
            Ast::Empty(_) | Ast::Dot(_) | Ast::Assertion(_) | Ast::ClassPerl(_) => true,
            Ast::Flags(set) => scope.apply(&set.flags),
            Ast::Literal(literal) => self.literal_agrees(literal, *scope),
            Ast::ClassUnicode(class) => class_agrees(source, &class.span, *scope),
            Ast::ClassBracketed(class) => {
                scope.folds && items_agree_folded(&class.kind, scope.unicode)
                    || class_agrees(source, &class.span, *scope)
            }
            Ast::Repetition(repetition) => self.agrees(&repetition.ast, scope),
            Ast::Group(group) => {
                let outer = *scope;
                let agreed = group.flags().is_none_or(|flags| scope.apply(flags))
                    && self.agrees(&group.ast, scope);
                *scope = outer;
                agreed
            }
            Ast::Alternation(alternation) => alternation.asts.iter().all(|a| self.agrees(a, scope)),
            Ast::Concat(concat) => concat.asts.iter().all(|a| self.agrees(a, scope)),
        }
    }

    /// A literal outside a class: as `literal_agrees`, or, where case is folded, rewritten
    /// so that it does (an upper-case ASCII letter as its lower case, a letter beyond ASCII
    /// with another case folded in a group).
    fn literal_agrees(&mut self, literal: &Literal, scope: Scope) -> bool {
        let c = literal.c;
        if literal_agrees(c, scope) {
            return true;
        }
        if !scope.folds {
            return false;
        }
        let rewritten = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase().to_string()
        } else {
            format!("(?i:{c})")
        };
        let span = literal.span.start.offset..literal.span.end.offset;
        self.edits.push((span, rewritten));
        true
    }
}

/// A literal character as written (in a class, or outside one): lower-case or caseless where
/// case is folded, no ASCII letter where it is not.
fn literal_agrees(c: char, scope: Scope) -> bool {
    if !scope.folds {
        return !c.is_ascii_alphabetic();
    }
    if c.is_ascii() || !scope.unicode {
        // Without Unicode, only ASCII letters fold.
        return !c.is_ascii_uppercase();
    }
    let mut cases = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    cases.case_fold_simple();
    cases.ranges() == [ClassUnicodeRange::new(c, c)]
}

/// Whether a class's items, where case is folded, agree as they are written: letters and
/// ranges of letters lower-case, the rest caseless, negated or not (a class that holds a
/// lower-case letter holds its upper case too where case is folded, and the lower-cased
/// text has no other). `false` for the items this cannot tell, which `class_agrees` compiles.
fn items_agree_folded(set: &ClassSet, unicode: bool) -> bool {
    match set {
        ClassSet::Item(item) => item_agrees_folded(item, unicode),
        ClassSet::BinaryOp(_) => false,
    }
}

fn item_agrees_folded(item: &ClassSetItem, unicode: bool) -> bool {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => true,
        ClassSetItem::Literal(literal) => literal_agrees(
            literal.c,
            Scope {
                folds: true,
                unicode,
            },
        ),
        ClassSetItem::Range(range) => {
            let (first, last) = (range.start.c, range.end.c);
            let letters = first.is_ascii_lowercase() && last.is_ascii_lowercase();
            let digits = first.is_ascii_digit() && last.is_ascii_digit();
            // No letter: below `A`, between `Z` and `a`, or past `z` within ASCII.
            let caseless =
                last < 'A' || ('Z' < first && last < 'a') || ('z' < first && last.is_ascii());
            letters || digits || caseless
        }
        ClassSetItem::Ascii(class) => class.kind != ClassAsciiKind::Upper,
        ClassSetItem::Unicode(_) => false,
        ClassSetItem::Bracketed(class) => items_agree_folded(&class.kind, unicode),
        ClassSetItem::Union(union) => union
            .items
            .iter()
            .all(|item| item_agrees_folded(item, unicode)),
    }
}

/// A class (the text of `span` in `source`), compiled as each reading compiles it: it agrees
/// when it holds an ASCII character as written where it holds the character's lower case as
/// read, and holds the same characters beyond ASCII (but the Kelvin sign and the long s).
fn class_agrees(source: &str, span: &Span, scope: Scope) -> bool {
    let Some(text) = source.get(span.start.offset..span.end.offset) else {
        return false;
    };
    let (Some(written), Some(read)) = (
        class_of(text, scope.folds, scope.unicode),
        class_of(text, false, scope.unicode),
    ) else {
        return false;
    };
    match (written, read) {
        (Class::Unicode(written), Class::Unicode(read)) => {
            let holds = |class: &ClassUnicode, c: char| {
                in_ranges(class.ranges().iter().map(|r| (r.start(), r.end())), c)
            };
            let ascii_agrees = (0u8..0x80).all(|b| {
                holds(&written, char::from(b)) == holds(&read, char::from(b.to_ascii_lowercase()))
            });
            // ASCII, the Kelvin sign and the long s left out, the rest must be the same.
            let left_out = ClassUnicode::new([
                ClassUnicodeRange::new('\0', '\u{7f}'),
                ClassUnicodeRange::new('\u{17f}', '\u{17f}'),
                ClassUnicodeRange::new('\u{212a}', '\u{212a}'),
            ]);
            let (mut written, mut read) = (written, read);
            written.difference(&left_out);
            read.difference(&left_out);
            ascii_agrees && written == read
        }
        (Class::Bytes(written), Class::Bytes(read)) => {
            let holds = |class: &ClassBytes, b: u8| {
                in_ranges(class.ranges().iter().map(|r| (r.start(), r.end())), b)
            };
            (0u8..=0xff).all(|b| holds(&written, b) == holds(&read, b.to_ascii_lowercase()))
        }
        _ => false,
    }
}

/// Whether one of the inclusive `ranges` (a class's, as start and end) holds `x`: the two
/// kinds of class have no common trait for their ranges.
fn in_ranges<T: PartialOrd>(mut ranges: impl Iterator<Item = (T, T)>, x: T) -> bool {
    ranges.any(|(start, end)| start <= x && x <= end)
}

/// The class `text` compiles to, case-insensitively or not, with Unicode or not; `None` when
/// it compiles to something else than a class or one character.
fn class_of(text: &str, folds: bool, unicode: bool) -> Option<Class> {
    let flags = match (folds, unicode) {
        (true, true) => "(?iu)",
        (true, false) => "(?i-u)",
        (false, true) => "(?u-i)",
        (false, false) => "(?-iu)",
    };
    let hir: Hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(&format!("{flags}{text}"))
        .ok()?;
    match hir.kind() {
        HirKind::Class(class) => Some(class.clone()),
        // A class of one character compiles to its literal.
        HirKind::Literal(literal) if unicode => {
            let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
            let c = chars.next()?;
            chars
                .next()
                .is_none()
                .then(|| Class::Unicode(ClassUnicode::new([ClassUnicodeRange::new(c, c)])))
        }
        HirKind::Literal(literal) => match *literal.0 {
            [b] => Some(Class::Bytes(ClassBytes::new([
                regex_syntax::hir::ClassBytesRange::new(b, b),
            ]))),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// The source that reads lowered as `source` is written, if there is one; `None` too when
    /// `source` does not parse.
    fn lowered(source: &str) -> Option<String> {
        let ast = regex_syntax::ast::parse::Parser::new().parse(source).ok()?;
        super::lowered_source(source, &ast).map(|lowered| lowered.into_owned())
    }

    /// Whether `source` reads lowered as it is written.
    fn reads_as_written(source: &str) -> bool {
        lowered(source).as_deref() == Some(source)
    }

    #[test]
    fn sources_that_name_lower_case_letters_and_caseless_characters_read_lowered() {
        for source in [
            r"\bsalary\b",
            r"(?-u:\b)(?:must|will have to)\s+use(?-u:\b)",
            r"[a-z]+[^.;\n]{0,60}\w",
            r"ph\.?[ \t\x{a0}\x{202f}]?d",
            r"(?-i:[Dd])igital[- ]natives?",
            r"(?-i:[^0-9A-Za-z_])*lead",
            r"you(?:['’]re| are)",
            r"\pN+\d",
            r"[[:alpha:]][^[:alpha:]]",
            r"(?-u:[a-z]\w)",
            r"\x27s\b",
            r"[0-9]{2,3}k",
            r"caf\x{301}|[\u{2014}-]",
        ] {
            assert!(reads_as_written(source), "{source}");
        }
    }

    #[test]
    fn upper_case_letters_and_letters_beyond_ascii_are_rewritten_where_case_is_folded() {
        for (source, expected) in [
            (r"\bSalary\b", r"\bsalary\b"),
            (r"\x{41}I+", r"ai+"),
            (r"résumé", r"r(?i:é)sum(?i:é)"),
            (r"\x{c9}+", r"(?i:É)+"),
            (r"na\u{ef}ve|(?-i:\.)N", r"na(?i:ï)ve|(?-i:\.)n"),
            (r"(?:(?-i)[Aa])B", r"(?:(?-i)[Aa])b"),
        ] {
            assert_eq!(lowered(source).as_deref(), Some(expected), "{source}");
        }
    }

    #[test]
    fn sources_that_treat_a_case_apart_are_read_as_written() {
        for source in [
            // A class with an upper-case letter where case is folded.
            r"[A-Z]",
            r"[0-_]",
            r"[é]",
            // A letter where case is not folded, or a class that holds one case only.
            r"(?-i:Implement)",
            r"(?-i)^[^a-z]*$",
            r"(?-i:[a-z])",
            r"(?-i:[Dd]igital)",
            r"(?-i:x)|y",
            r"x(?-i)|y",
            r"[[:upper:]]",
            r"\p{Lu}",
            // A Unicode class folded holds more: `\pL` the combining ypogegrammeni (U+0345),
            // whose case partner is the letter iota.
            r"\pL",
            // Whitespace ignored: the classes cannot be compiled apart.
            r"(?x) a [b ]",
            // Not a source.
            r"(unclosed",
        ] {
            assert_eq!(lowered(source), None, "{source}");
        }
    }

    #[test]
    fn a_case_sensitive_part_ends_with_its_group() {
        assert!(reads_as_written(r"(?:(?-i)[Aa])b"));
        assert_eq!(lowered(r"(?:(?-i)[Aa]|b)"), None);
        assert!(reads_as_written(r"(?-i:(?i)b)"));
    }
}
