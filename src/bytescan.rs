//! Byte scans eight bytes at a time, for the loops that read every byte of every posting
//! (line ends, characters, the capitals where run-in glue can start, the digits where pay can
//! start). Most bytes of a posting are none of these, and the words between are skipped
//! without looking at each byte.

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// Per byte of `word`, the high bit set where the byte is an ASCII byte in `lo..=hi`: adding
/// `0x80 - lo` to the low seven bits sets it from `lo` up, adding `0x7f - hi` from above `hi`;
/// no addition carries into the next byte.
fn in_range(word: u64, lo: u8, hi: u8) -> u64 {
    let low = word & !HIGH;
    let from_lo = low + ONES * u64::from(0x80 - lo);
    let above_hi = low + ONES * u64::from(0x7f - hi);
    from_lo & !above_hi & !word & HIGH
}

/// Bytes whose hits are looked for together before any is placed: the compiler turns a
/// block's "any byte in a range?" into a few vector compares and one mask test (about half an
/// instruction a byte), so the words between hits cost less than the eight-byte steps.
const BLOCK: usize = 32;

/// Whether a byte of `block` falls in one of `ranges`.
#[inline(always)]
fn block_has<const N: usize>(block: &[u8; BLOCK], ranges: &[(u8, u8); N]) -> bool {
    block.iter().fold(0u8, |any, &b| {
        ranges.iter().fold(any, |any, &(lo, hi)| {
            any | u8::from(b.wrapping_sub(lo) <= hi - lo)
        })
    }) != 0
}

/// The positions from `from` on of the ASCII bytes of `bytes` that fall in one of the
/// inclusive `ranges` (each within ASCII), in order.
pub fn positions<const N: usize>(
    bytes: &[u8],
    from: usize,
    ranges: [(u8, u8); N],
) -> impl Iterator<Item = usize> + '_ {
    let mut chunk = from;
    let mut mask = 0u64;
    std::iter::from_fn(move || {
        loop {
            if mask != 0 {
                let at = chunk - 8 + (mask.trailing_zeros() / 8) as usize;
                mask &= mask - 1;
                return Some(at);
            }
            // Blocks without a hit are passed over whole.
            while let Some(block) = bytes.get(chunk..).and_then(<[u8]>::first_chunk::<BLOCK>) {
                if block_has(block, &ranges) {
                    break;
                }
                chunk += BLOCK;
            }
            if chunk >= bytes.len() {
                return None;
            }
            let word = match bytes.get(chunk..chunk + 8) {
                // Whole words are read straight; only the last, short one is copied out.
                Some(whole) => u64::from_le_bytes(whole.try_into().unwrap_or_default()),
                None => {
                    let mut word = [0u8; 8];
                    word[..bytes.len() - chunk].copy_from_slice(&bytes[chunk..]);
                    u64::from_le_bytes(word)
                }
            };
            mask = ranges
                .iter()
                .fold(0, |mask, &(lo, hi)| mask | in_range(word, lo, hi));
            chunk += 8;
        }
    })
}

/// Appends `text` to `out` with its ASCII letters lower-cased (other bytes as they are, so
/// offsets do not move): a copy, then an in-place pass that the compiler vectorises, where
/// mapping byte by byte into the vector was a few instructions a byte.
pub fn push_lowered(out: &mut Vec<u8>, text: &str) {
    let start = out.len();
    out.extend_from_slice(text.as_bytes());
    out[start..].make_ascii_lowercase();
}

/// `text` lower-cased (ASCII letters only, so offsets do not move) into `buffer`, which the
/// caller keeps on its stack; `None` when it does not fit. Short texts on hot paths (a word
/// before a figure, the letters after one, the window around a match) were each lower-cased
/// into a `String` of their own.
#[inline]
pub fn lowered_in<'b>(text: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    let lowered = buffer.get_mut(..text.len())?;
    lowered.copy_from_slice(text.as_bytes());
    lowered.make_ascii_lowercase();
    // ASCII lower-casing keeps a `str` a `str`.
    std::str::from_utf8(lowered).ok()
}

/// Whether `bytes` hold a template tag's opening, `{` followed by one of `seconds` (`{%`,
/// `{{`): one vectorised search for `{`, which prose seldom has, where a substring search
/// per tag read the whole text each.
pub fn holds_tag_opening(bytes: &[u8], seconds: &[u8]) -> bool {
    memchr::memchr_iter(b'{', bytes)
        .any(|at| bytes.get(at + 1).is_some_and(|b| seconds.contains(b)))
}

/// Whether `text` holds a character beyond ASCII that a case-insensitive regex folds to an
/// ASCII letter (the Kelvin sign to `k`, the long s to `s`): literals compared with ASCII case
/// folding cannot say that such a text lacks them.
#[inline]
pub fn folds_into_ascii(text: &str) -> bool {
    text.contains(['\u{212a}', '\u{17f}'])
}

/// Characters in `bytes`: the bytes that do not continue a multi-byte character (any byte
/// range, not only one on character boundaries). A continuation byte is 0b10xx_xxxx, its high
/// bit set and the next one clear.
pub fn count_chars(bytes: &[u8]) -> usize {
    let blocks = bytes.chunks_exact(BLOCK);
    let rest = blocks.remainder();
    let continuations: usize = blocks
        // Most blocks are ASCII (one vector test each) and continue nothing.
        .filter(|block| block.iter().fold(0, |any, &b| any | b) >= 0x80)
        .map(continuations_in_words)
        .sum();
    bytes.len() - continuations - continuations_in_words(rest)
}

/// The continuation bytes of `bytes`, eight at a time.
fn continuations_in_words(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8);
    let rest = words.remainder();
    let in_words: usize = words
        .map(|word| {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let high = (word & !(word << 1)) >> 7 & ONES;
            // The eight 0-or-1 bytes summed into the top byte.
            (high.wrapping_mul(ONES) >> 56) as usize
        })
        .sum();
    in_words + rest.iter().filter(|&&b| (b as i8) < -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_opening_is_a_brace_then_one_of_the_given_bytes() {
        let holds = |text: &str, seconds: &[u8]| holds_tag_opening(text.as_bytes(), seconds);
        assert!(holds("pay {% include pay.html %}", b"%"));
        assert!(holds("{{ salary }}", b"%{"));
        assert!(!holds("{{ salary }}", b"%"));
        assert!(!holds("a { % b", b"%{"));
        assert!(!holds("ends with {", b"%{"));
        assert!(!holds("", b"%{"));
    }

    #[test]
    fn lowered_text_keeps_its_offsets() {
        let mut out = b"ab".to_vec();
        push_lowered(&mut out, "ÉTÉ Rust-2025 ÄÖ x");
        assert_eq!(out, "abÉtÉ rust-2025 ÄÖ x".as_bytes());
    }

    proptest::proptest! {
        /// The bytes in the ranges are found, and nothing else, whatever the bytes around
        /// them (multi-byte characters, the ranges' ends and their neighbours) and where the
        /// scan starts.
        #[test]
        fn the_bytes_in_the_ranges_are_found_a_block_at_a_time(
            text in "[a-zA-Z0-9 @\\[`{/:.\\u{e9}\\u{2022}\\u{1F600}]{0,100}",
            from in 0usize..105,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let expected = |ranges: &[(u8, u8)]| -> Vec<usize> {
                (from..bytes.len())
                    .filter(|&i| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&bytes[i])))
                    .collect()
            };
            let two = [(b'A', b'Z'), (b'0', b'9')];
            proptest::prop_assert_eq!(positions(bytes, from, two).collect::<Vec<_>>(), expected(&two));
            let digits = [(b'0', b'9')];
            proptest::prop_assert_eq!(positions(bytes, from, digits).collect::<Vec<_>>(), expected(&digits));
            let around = [(b'@', b'`')];
            proptest::prop_assert_eq!(positions(bytes, from, around).collect::<Vec<_>>(), expected(&around));
        }

        /// Any byte range holds as many characters as bytes that do not continue one.
        #[test]
        fn characters_are_counted_as_byte_by_byte(
            text in "[a-z \\t\\r\\n\\u{e9}\\u{2022}\\u{1F600}]{0,60}",
            from in 0usize..60,
            to in 0usize..60,
        ) {
            let bytes = text.as_bytes();
            let (from, to) = (from.min(bytes.len()), to.min(bytes.len()));
            let part = &bytes[from.min(to)..to.max(from)];
            proptest::prop_assert_eq!(
                count_chars(part),
                part.iter().filter(|&&b| !(0x80..0xc0).contains(&b)).count()
            );
        }
    }
}
