//! Byte scans a block or a word at a time, for the loops that read every byte of every
//! posting (line ends, characters, the capitals where run-in glue can start, the digits where
//! pay can start). Most bytes of a posting are none of these, and the words between are
//! skipped without looking at each byte. With AVX2, a set of bytes is looked up 32 bytes at a
//! time by two table shuffles (`ByteSet`); elsewhere eight-byte words compare ranges.

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

/// A set of ASCII bytes, given as inclusive ranges (above NUL, with which a scan pads the
/// last block), and as two tables a vector shuffle looks up sixteen bytes at a time: a byte is
/// in the set when the entry of its low four bits and that of its high four share a bit
/// (a bit per high half, 0 to 7: bytes beyond ASCII find none).
#[derive(Debug)]
pub struct ByteSet<const N: usize> {
    ranges: [(u8, u8); N],
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    low: [u8; 16],
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    high: [u8; 16],
}

impl<const N: usize> ByteSet<N> {
    /// Whether `b` is in the set (a byte at a time, where blocks are not looked up whole).
    pub fn contains(&self, b: u8) -> bool {
        self.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&b))
    }

    pub const fn new(ranges: [(u8, u8); N]) -> Self {
        let mut low = [0u8; 16];
        let mut high = [0u8; 16];
        let mut half = 0;
        while half < 8 {
            high[half] = 1 << half;
            half += 1;
        }
        let mut r = 0;
        while r < N {
            let (lo, hi) = ranges[r];
            assert!(0 < lo && lo <= hi && hi < 0x80, "ASCII ranges above NUL");
            let mut b = lo;
            while b <= hi {
                low[(b & 0x0f) as usize] |= 1 << (b >> 4);
                b += 1;
            }
            r += 1;
        }
        ByteSet { ranges, low, high }
    }
}

/// The positions from `from` on of the bytes of `bytes` in `set`, in order.
pub fn positions<'a, const N: usize>(
    bytes: &'a [u8],
    from: usize,
    set: &'a ByteSet<N>,
) -> Positions<'a, N> {
    Positions {
        bytes,
        set,
        next: from,
        base: from,
        mask: 0,
        wide: wide_blocks(),
    }
}

/// Whether this processor has AVX2: a block's bytes are then looked up in a `ByteSet` with one
/// shuffle, and lower-cased 32 at a time (`lower_in_place`).
pub fn wide_blocks() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The iterator of `positions`. With AVX2 a block of 32 bytes is looked up at once and its
/// hits come off a bit per byte; elsewhere a block is tested for any hit, and eight-byte
/// words place them (a bit per byte's high bit).
#[derive(Debug)]
pub struct Positions<'a, const N: usize> {
    bytes: &'a [u8],
    set: &'a ByteSet<N>,
    /// The first byte not looked at yet.
    next: usize,
    /// Where the hits in `mask` are counted from.
    base: usize,
    mask: u64,
    wide: bool,
}

impl<const N: usize> Iterator for Positions<'_, N> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.mask != 0 {
            let bit = self.mask.trailing_zeros() as usize;
            self.mask &= self.mask - 1;
            return Some(self.base + if self.wide { bit } else { bit / 8 });
        }
        if self.wide {
            self.next_block()
        } else {
            self.next_word()
        }
    }
}

impl<const N: usize> Positions<'_, N> {
    /// The first hit from `next` on, a block at a time.
    fn next_block(&mut self) -> Option<usize> {
        let (base, mask) = next_block_hits(self.bytes, self.next, self.set)?;
        self.base = base;
        self.next = (base + BLOCK).min(self.bytes.len());
        self.mask = u64::from(mask & (mask - 1));
        Some(base + mask.trailing_zeros() as usize)
    }

    /// The first hit from `next` on: blocks without one passed over whole, then a word at
    /// a time.
    fn next_word(&mut self) -> Option<usize> {
        let (bytes, ranges) = (self.bytes, &self.set.ranges);
        loop {
            while let Some(block) = bytes
                .get(self.next..)
                .and_then(<[u8]>::first_chunk::<BLOCK>)
            {
                if block_has(block, ranges) {
                    break;
                }
                self.next += BLOCK;
            }
            if self.next >= bytes.len() {
                return None;
            }
            let word = match bytes.get(self.next..self.next + 8) {
                // Whole words are read straight; only the last, short one is copied out.
                Some(whole) => u64::from_le_bytes(whole.try_into().unwrap_or_default()),
                None => {
                    let mut word = [0u8; 8];
                    word[..bytes.len() - self.next].copy_from_slice(&bytes[self.next..]);
                    u64::from_le_bytes(word)
                }
            };
            self.base = self.next;
            self.next += 8;
            let mask = ranges
                .iter()
                .fold(0, |mask, &(lo, hi)| mask | in_range(word, lo, hi));
            if mask != 0 {
                self.mask = mask & (mask - 1);
                return Some(self.base + mask.trailing_zeros() as usize / 8);
            }
        }
    }
}

/// The first block from `from` on with a byte in `set`: where it starts, and a bit per byte
/// set for those in `set` (with AVX2 only).
#[inline]
fn next_block_hits<const N: usize>(
    bytes: &[u8],
    from: usize,
    set: &ByteSet<N>,
) -> Option<(usize, u32)> {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: `Positions` looks up blocks this way only when the processor has AVX2
        // (`wide_blocks`).
        unsafe { next_block_hits_avx2(bytes, from, &set.low, &set.high) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (bytes, from, set);
        unreachable!("blocks are looked up whole only with AVX2")
    }
}

/// A `ByteSet`'s two tables in vector registers, for looking up 32 bytes at once.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct SetLookup {
    low: std::arch::x86_64::__m256i,
    high: std::arch::x86_64::__m256i,
}

#[cfg(target_arch = "x86_64")]
impl SetLookup {
    #[target_feature(enable = "avx2")]
    fn new(low: &[u8; 16], high: &[u8; 16]) -> SetLookup {
        use std::arch::x86_64::{_mm_loadu_si128, _mm256_broadcastsi128_si256};
        let table = |t: &[u8; 16]| {
            // SAFETY: an unaligned load of 16 bytes from an array of that size.
            _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(t.as_ptr().cast()) })
        };
        SetLookup {
            low: table(low),
            high: table(high),
        }
    }

    /// Per byte of `text`, all ones where it is not in the set. A byte with its high bit set
    /// looks up 0 in `low` (the shuffle's rule), and its high half (8 to 15) 0 in `high`:
    /// never in the set. The bytes whose two entries share no bit are not in it either.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn outside(self, text: std::arch::x86_64::__m256i) -> std::arch::x86_64::__m256i {
        use std::arch::x86_64::{
            _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_set1_epi8, _mm256_setzero_si256,
            _mm256_shuffle_epi8, _mm256_srli_epi16,
        };
        let halves = _mm256_set1_epi8(0x0f);
        let both = _mm256_and_si256(
            _mm256_shuffle_epi8(self.low, text),
            _mm256_shuffle_epi8(
                self.high,
                _mm256_and_si256(_mm256_srli_epi16::<4>(text), halves),
            ),
        );
        _mm256_cmpeq_epi8(both, _mm256_setzero_si256())
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn next_block_hits_avx2(
    bytes: &[u8],
    from: usize,
    low: &[u8; 16],
    high: &[u8; 16],
) -> Option<(usize, u32)> {
    use std::arch::x86_64::{_mm256_loadu_si256, _mm256_movemask_epi8};
    let set = SetLookup::new(low, high);
    let hits = |text| -> u32 { !(_mm256_movemask_epi8(set.outside(text)) as u32) };
    let mut at = from;
    while let Some(block) = bytes.get(at..).and_then(<[u8]>::first_chunk::<BLOCK>) {
        // SAFETY: an unaligned load of 32 bytes from an array of that size.
        let mask = hits(unsafe { _mm256_loadu_si256(block.as_ptr().cast()) });
        if mask != 0 {
            return Some((at, mask));
        }
        at += BLOCK;
    }
    if at >= bytes.len() {
        return None;
    }
    // The last, short block: the last 32 bytes, their hits before `at` dropped, or (in a
    // text shorter than a block) the text padded with NUL, which is in no set.
    let mask = match bytes.len().checked_sub(BLOCK) {
        Some(last) => {
            // SAFETY: an unaligned load of the 32 bytes from `last` on, all in `bytes`.
            hits(unsafe { _mm256_loadu_si256(bytes[last..].as_ptr().cast()) }) >> (at - last)
        }
        None => {
            let mut block = [0u8; BLOCK];
            block[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            // SAFETY: as above.
            hits(unsafe { _mm256_loadu_si256(block.as_ptr().cast()) })
        }
    };
    (mask != 0).then_some((at, mask))
}

/// Whether `bytes` has, at some `i`, a byte in `first` followed by one in `second`, where
/// `at(i)` then holds: `at` is asked at each such `i` in order, until it says yes. With AVX2
/// 32 pairs are looked up at once, so that a common first byte ("y" of "year" in "you",
/// "any") costs nothing unless the second follows.
pub fn any_pair<const N: usize, const M: usize>(
    bytes: &[u8],
    first: &ByteSet<N>,
    second: &ByteSet<M>,
    at: impl FnMut(usize) -> bool,
) -> bool {
    any_pair_looked_up(wide_blocks(), bytes, first, second, at)
}

/// `any_pair`, with AVX2 (`wide`) or a byte at a time.
fn any_pair_looked_up<const N: usize, const M: usize>(
    wide: bool,
    bytes: &[u8],
    first: &ByteSet<N>,
    second: &ByteSet<M>,
    mut at: impl FnMut(usize) -> bool,
) -> bool {
    if !wide {
        return bytes
            .windows(2)
            .enumerate()
            .any(|(i, pair)| first.contains(pair[0]) && second.contains(pair[1]) && at(i));
    }
    #[cfg(target_arch = "x86_64")]
    {
        let mut from = 0;
        // SAFETY: the processor has AVX2 (`wide` says so only when `wide_blocks` does).
        while let Some((base, mut mask)) =
            unsafe { next_pair_block_avx2(bytes, from, first, second) }
        {
            while mask != 0 {
                if at(base + mask.trailing_zeros() as usize) {
                    return true;
                }
                mask &= mask - 1;
            }
            from = base + BLOCK;
        }
    }
    false
}

/// The first block of pairs from `from` on with a byte in `first` before one in `second`:
/// where it starts, and a bit per pair set for those.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn next_pair_block_avx2<const N: usize, const M: usize>(
    bytes: &[u8],
    from: usize,
    first: &ByteSet<N>,
    second: &ByteSet<M>,
) -> Option<(usize, u32)> {
    use std::arch::x86_64::{_mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256};
    let (first, second) = (
        SetLookup::new(&first.low, &first.high),
        SetLookup::new(&second.low, &second.high),
    );
    let pairs = |block: &[u8; BLOCK + 1]| -> u32 {
        // SAFETY: unaligned loads of 32 bytes from 0 and from 1 of an array of 33.
        let (this, next) = unsafe {
            (
                _mm256_loadu_si256(block.as_ptr().cast()),
                _mm256_loadu_si256(block.as_ptr().add(1).cast()),
            )
        };
        let neither = _mm256_or_si256(first.outside(this), second.outside(next));
        !(_mm256_movemask_epi8(neither) as u32)
    };
    let mut at = from;
    while let Some(block) = bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<{ BLOCK + 1 }>)
    {
        let mask = pairs(block);
        if mask != 0 {
            return Some((at, mask));
        }
        at += BLOCK;
    }
    // The last pairs, padded with NUL, which is in no set.
    let rest = bytes.get(at..).filter(|rest| rest.len() >= 2)?;
    let mut block = [0u8; BLOCK + 1];
    block[..rest.len()].copy_from_slice(rest);
    let mask = pairs(&block);
    (mask != 0).then_some((at, mask))
}

/// `text.trim()`, answered from the two end bytes when both are visible ASCII characters (no
/// whitespace, ASCII or not, starts with such a byte): the Markdown reader trims every block
/// and text run, and most need nothing taken off. (Taking ASCII whitespace off byte by byte
/// before `str::trim` was no faster over bulk.)
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Lower-cases the ASCII letters of `bytes` in place (other bytes as they are, so offsets do
/// not move), 32 bytes a step with AVX2: a long run lower-cases every segment's text twice
/// (the trigger pass, the statements' anchors), about 60 MB over bulk.
pub fn lower_in_place(bytes: &mut [u8]) {
    #[cfg(target_arch = "x86_64")]
    if wide_blocks() {
        // SAFETY: the processor has AVX2.
        unsafe { lower_in_place_avx2(bytes) };
        return;
    }
    bytes.make_ascii_lowercase();
}

/// `lower_in_place`'s loop, compiled for AVX2's 32-byte vectors.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn lower_in_place_avx2(bytes: &mut [u8]) {
    bytes.make_ascii_lowercase();
}

/// Appends `text` to `out` with its ASCII letters lower-cased (other bytes as they are, so
/// offsets do not move): a copy, then an in-place pass that the compiler vectorises, where
/// mapping byte by byte into the vector was a few instructions a byte. A short text's pass is
/// mostly the vector loop's byte-at-a-time tail: texts read one after another are better
/// copied first and lower-cased together (`lower_in_place`).
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
    // Their first bytes, looked for with `memchr` (an ASCII text is read 32 bytes a step),
    // where a search for the two characters decoded every character of the text.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xc5, 0xe2, bytes).any(|at| match bytes[at] {
        0xc5 => bytes.get(at + 1) == Some(&0xbf),
        _ => bytes.get(at + 1..at + 3) == Some(&[0x84, 0xaa]),
    })
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

/// `at`, or the nearest character boundary before it, within `text`: where a byte offset
/// counted back from a match may cut a character.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the nearest character boundary after it, within `text`.
pub fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kelvin_sign_and_the_long_s_are_found_among_their_neighbours() {
        for text in [
            "5 \u{212a}",
            "\u{17f}alary",
            "a\u{2019}b\u{212a}",
            "\u{142}\u{17f}",
        ] {
            assert!(folds_into_ascii(text), "{text:?}");
        }
        // Other characters with the same first byte, and one cut short.
        for text in [
            "",
            "ks",
            "\u{2019}\u{2014}\u{2122}",
            "\u{142}\u{15b}",
            "\u{2129}\u{212b}",
        ] {
            assert!(!folds_into_ascii(text), "{text:?}");
        }
    }

    #[test]
    fn char_boundaries_are_found_either_way_and_within_the_text() {
        let text = "aé€b";
        // a: 0, é: 1..3, €: 3..6, b: 6..7
        let floors: Vec<usize> = (0..=9).map(|at| floor_char_boundary(text, at)).collect();
        assert_eq!(floors, [0, 1, 1, 3, 3, 3, 6, 7, 7, 7]);
        let ceils: Vec<usize> = (0..=9).map(|at| ceil_char_boundary(text, at)).collect();
        assert_eq!(ceils, [0, 1, 3, 3, 6, 6, 6, 7, 7, 7]);
    }

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
    fn lowering_in_place_changes_the_ascii_capitals_only() {
        // Every byte value, at every offset from a vector's start and with tails of every
        // length: the AVX2 loop and its byte-at-a-time tail alike.
        let all: Vec<u8> = (0..=255u8).cycle().take(256 * 3 + 37).collect();
        for start in 0..40 {
            for end in [start, start + 1, start + 31, start + 129, all.len()] {
                let mut ours = all[start..end].to_vec();
                lower_in_place(&mut ours);
                let mut std = all[start..end].to_vec();
                std.make_ascii_lowercase();
                assert_eq!(ours, std, "{start}..{end}");
            }
        }
    }

    #[test]
    fn lowered_text_keeps_its_offsets() {
        let mut out = b"ab".to_vec();
        push_lowered(&mut out, "ÉTÉ Rust-2025 ÄÖ x");
        assert_eq!(out, "abÉtÉ rust-2025 ÄÖ x".as_bytes());
    }

    proptest::proptest! {
        /// `trim` takes off what `str::trim` takes off: ASCII and Unicode whitespace at either
        /// end, next to visible ASCII, other letters and symbols.
        #[test]
        fn trim_is_str_trim(text in "[ \t\r\n\u{b}\u{c}\u{1f}a.!~\u{a0}\u{2003}\u{3000}\u{85}\u{e9}\u{1F600}]{0,12}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

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
            let two = ByteSet::new([(b'A', b'Z'), (b'0', b'9')]);
            proptest::prop_assert_eq!(positions(bytes, from, &two).collect::<Vec<_>>(), expected(&two.ranges));
            let digits = ByteSet::new([(b'0', b'9')]);
            proptest::prop_assert_eq!(positions(bytes, from, &digits).collect::<Vec<_>>(), expected(&digits.ranges));
            let around = ByteSet::new([(b'@', b'`')]);
            proptest::prop_assert_eq!(positions(bytes, from, &around).collect::<Vec<_>>(), expected(&around.ranges));
            // Both ways of looking, whatever this processor has.
            for wide in [false, wide_blocks()] {
                let found: Vec<usize> = Positions { wide, ..positions(bytes, from, &two) }.collect();
                proptest::prop_assert_eq!(found, expected(&two.ranges));
            }
        }

        /// Every pair of a byte of one set before a byte of the other is asked about, in
        /// order, and nothing else, until one is accepted: across blocks, at the text's last
        /// byte (which starts no pair) and beside multi-byte characters.
        #[test]
        fn pairs_are_asked_about_in_order_a_block_at_a_time(
            text in "[yYeErRa \u{e9}\u{1F600}]{0,80}",
            accept in 0usize..20,
        ) {
            let bytes = text.as_bytes();
            let y = ByteSet::new([(b'Y', b'Y'), (b'y', b'y')]);
            let e_or_r = ByteSet::new([(b'E', b'E'), (b'R', b'R'), (b'e', b'e'), (b'r', b'r')]);
            let pairs: Vec<usize> = bytes
                .windows(2)
                .enumerate()
                .filter(|(_, p)| matches!(p[0], b'y' | b'Y') && matches!(p[1], b'e' | b'E' | b'r' | b'R'))
                .map(|(i, _)| i)
                .collect();
            for wide in [false, wide_blocks()] {
                let mut asked = Vec::new();
                let found = any_pair_looked_up(wide, bytes, &y, &e_or_r, |i| {
                    asked.push(i);
                    asked.len() > accept
                });
                let expected = &pairs[..pairs.len().min(accept + 1)];
                proptest::prop_assert_eq!(&asked, expected);
                proptest::prop_assert_eq!(found, pairs.len() > accept);
            }
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
