//! Typed facts read out of a posting's text: pay, years of experience, dates. The document
//! stage keeps them; rules and output read them.

pub mod date;
pub mod experience;
pub mod salary;

/// Whether `text` ends with `word` (ASCII, any case) as a word of its own: "entre", not
/// "centre".
fn ends_with_word(text: &str, word: &str) -> bool {
    let Some(start) = text.len().checked_sub(word.len()) else {
        return false;
    };
    text.get(start..)
        .is_some_and(|end| end.eq_ignore_ascii_case(word))
        && !text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}
