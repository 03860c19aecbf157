//! Every occurrence of a set of literals in a text, by hashing each position's first four
//! bytes. An Aho-Corasick NFA over the catalogue's 1,700 trigger literals takes about 1.3 ms
//! to build, the longest single step of linting one posting in an editor; this table builds
//! in a few hundredths of that, and reads text more slowly (2.6 times the NFA's time over
//! the triggers), so it serves a few postings: a run that reads more builds the NFA, and a
//! long one the DFA (see `automaton`).
//!
//! It finds what aho-corasick's overlapping search finds, in the same order (by end; at one
//! end, longer first; at one length, by index), and what its leftmost-first and
//! leftmost-longest searches find, so either can serve a posting.

use crate::work::Loop;

/// The places of `text` where a word may start: its start, and each character after one
/// that is not alphanumeric (Unicode). A caller that keeps only matches starting a word
/// probes these (`LiteralScan::find_overlapping_at`).
pub fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut previous_alphanumeric = false;
    text.char_indices().filter_map(move |(at, c)| {
        let starts = !previous_alphanumeric;
        previous_alphanumeric = c.is_alphanumeric();
        starts.then_some(at)
    })
}

/// Literals of four bytes or more, found through a hash table keyed by their first four;
/// shorter ones by their first byte.
#[derive(Debug, Clone)]
pub struct LiteralScan {
    /// Every literal, by index (see `Literals`).
    literals: Literals,
    /// Open addressing over the first four bytes of the long literals (a power of two in
    /// length, at most half full): which literals start with each key.
    slots: Vec<Slot>,
    /// The literals of each bucket (a slot's, or a first byte's), bucket after bucket.
    ids: Vec<u32>,
    /// The lengths of the literals of each large bucket, ascending, bucket after bucket.
    lengths: Vec<u32>,
    /// `32 - log2(slots.len())`: the hash's top bits pick a slot.
    shift: u32,
    /// The literals of one to three bytes, by their first byte.
    short: Vec<Bucket>,
    /// The bytes a literal starts with: a place whose byte is none of them is passed over.
    starts: [bool; 256],
    /// Those bytes, when there are at most three: `memchr` finds the places to look at.
    few_starts: Option<[u8; 3]>,
    /// ASCII case folded: the literals are kept lower-case, and text is compared folded.
    fold_case: bool,
    /// A bit for each pair of first two bytes a literal may start with (hashed to
    /// `PAIR_BITS`): most places of a text with a letter a literal starts with are ruled out
    /// here, before the table is read.
    pairs: Box<[u64]>,
}

/// Literals in one buffer, one after another: a table is built for every armed word list and
/// for the catalogue's 1,800 triggers, and an allocation per literal was a tenth of the build.
#[derive(Debug, Clone)]
struct Literals {
    bytes: Box<[u8]>,
    /// Where each literal starts in `bytes`, and then where the last one ends.
    bounds: Box<[u32]>,
}

impl Literals {
    /// `literals`, lower-cased (ASCII) when `fold_case`; `None` past 4 GB.
    fn new<S: AsRef<[u8]>>(literals: &[S], fold_case: bool) -> Option<Literals> {
        let total: usize = literals.iter().map(|l| l.as_ref().len()).sum();
        u32::try_from(total).ok()?;
        let mut bytes = Vec::with_capacity(total);
        let mut bounds = Vec::with_capacity(literals.len() + 1);
        bounds.push(0);
        for literal in literals {
            bytes.extend_from_slice(literal.as_ref());
            bounds.push(bytes.len() as u32);
        }
        if fold_case {
            bytes.make_ascii_lowercase();
        }
        Some(Literals {
            bytes: bytes.into(),
            bounds: bounds.into(),
        })
    }

    fn get(&self, index: u32) -> &[u8] {
        let index = index as usize;
        &self.bytes[self.bounds[index] as usize..self.bounds[index + 1] as usize]
    }

    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len() as u32).map(|index| self.get(index))
    }
}

/// The pair filter's size: 1 KB.
const PAIR_BITS: u32 = 13;

/// Where the pair `first`, `second` is in the filter.
fn pair_bit(first: u8, second: u8) -> usize {
    ((u32::from(first) << 8 | u32::from(second)).wrapping_mul(0x9e37_79b1) >> (32 - PAIR_BITS))
        as usize
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    /// Empty for an empty slot.
    bucket: Bucket,
}

/// Literals that start alike: `ids[start..start + len]`. A large bucket (more than `MANY`)
/// is sorted by the literals' bytes and read one length at a time (`lengths[lengths]`), by
/// binary search: a place costs at most one search per length, however many literals start
/// alike (a list of a thousand phrases starting "senior" would otherwise make every "senior"
/// in a text cost a thousand comparisons).
#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    start: u32,
    len: u32,
    lengths: (u32, u32),
}

/// Buckets larger than this are searched by length (the built-in triggers' largest holds 37;
/// small in tests, so that both ways are).
const MANY: usize = if cfg!(test) { 2 } else { 64 };

/// A table of literals of which some count only where a word starts (at the text's start or
/// after a byte that is not an ASCII letter or digit; see `LiteralDfa::with_word_starts`,
/// whose rule this is): those are looked for only there, in a table of their own, and the
/// others everywhere. The trigger pass keeps nine in ten of the catalogue's literals only at
/// word starts, and probing every place for all of them was most of arming one posting.
/// It finds what `LiteralScan::find_overlapping` finds but those occurrences, in its order.
#[derive(Debug, Clone)]
pub struct SplitScan {
    /// Each part's table and the index of each of its literals in the whole list.
    anywhere: Option<(LiteralScan, Box<[u32]>)>,
    at_word_starts: Option<(LiteralScan, Box<[u32]>)>,
}

impl SplitScan {
    /// The table of `literals`, literal `i` found only where a word starts when
    /// `word_start[i]` and it starts with a letter or digit; `None` as for `LiteralScan::new`.
    pub fn new<S: AsRef<[u8]>>(literals: &[S], word_start: &[bool]) -> Option<SplitScan> {
        let at_word_starts = |i: usize| {
            crate::literal_dfa::held_to_word_starts(
                literals[i].as_ref(),
                word_start.get(i).copied().unwrap_or(false),
            )
        };
        let part = |word_starts: bool| -> Option<Option<(LiteralScan, Box<[u32]>)>> {
            let ids: Vec<u32> = (0..literals.len())
                .filter(|&i| at_word_starts(i) == word_starts)
                .map(|i| u32::try_from(i).ok())
                .collect::<Option<_>>()?;
            if ids.is_empty() {
                return Some(None);
            }
            let own: Vec<&[u8]> = ids.iter().map(|&i| literals[i as usize].as_ref()).collect();
            Some(Some((LiteralScan::new(&own)?, ids.into())))
        };
        Some(SplitScan {
            anywhere: part(false)?,
            at_word_starts: part(true)?,
        })
    }

    /// Every occurrence of every literal in `text` (but those of a word-start literal inside
    /// a word), in `LiteralScan::find_overlapping`'s order.
    pub fn find_overlapping(&self, text: &[u8], found: &mut Vec<Found>) {
        found.clear();
        let mut part = Vec::new();
        let mut add = |part: &[Found], ids: &[u32]| {
            found.extend(part.iter().map(|f| Found {
                literal: ids[f.literal as usize],
                ..*f
            }));
        };
        if let Some((scan, ids)) = &self.anywhere {
            scan.find_overlapping(text, &mut part);
            add(&part, ids);
        }
        if let Some((scan, ids)) = &self.at_word_starts {
            let word = crate::literal_dfa::is_word_byte;
            let starts = (0..text.len()).filter(|&i| i == 0 || !word(text[i - 1]));
            scan.find_overlapping_at(text, starts, &mut part);
            add(&part, ids);
        }
        found.sort_unstable_by_key(|f| (f.end, f.start, f.literal));
    }
}

/// One occurrence: the literal's index, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub literal: u32,
    pub start: usize,
    pub end: usize,
}

impl LiteralScan {
    /// The table of `literals`, matched as written; `None` when one is empty (it would match
    /// at every place: the caller keeps an automaton for that) or there are more than `u32`
    /// can number.
    pub fn new<S: AsRef<[u8]>>(literals: &[S]) -> Option<LiteralScan> {
        LiteralScan::build(literals, false)
    }

    /// `new`, matching ASCII letters whatever their case (as aho-corasick's
    /// `ascii_case_insensitive`).
    pub fn ascii_case_insensitive<S: AsRef<[u8]>>(literals: &[S]) -> Option<LiteralScan> {
        LiteralScan::build(literals, true)
    }

    fn build<S: AsRef<[u8]>>(literals: &[S], fold_case: bool) -> Option<LiteralScan> {
        if literals.iter().any(|l| l.as_ref().is_empty()) || u32::try_from(literals.len()).is_err()
        {
            return None;
        }
        let literals = Literals::new(literals, fold_case)?;
        // (key, index) as one integer, key high: sorted as integers, not as pairs (each
        // table is built as a run starts, and the pairs' sort was most of the build).
        let mut long: Vec<u64> = Vec::with_capacity(literals.len());
        let mut short: Vec<u64> = Vec::new();
        for (index, bytes) in literals.iter().enumerate() {
            let index = index as u64;
            match bytes.first_chunk::<4>() {
                Some(head) => long.push(u64::from(u32::from_le_bytes(*head)) << 32 | index),
                None => short.push(u64::from(bytes[0]) << 32 | index),
            }
        }
        long.sort_unstable();
        short.sort_unstable();
        let key = |packed: &u64| (packed >> 32) as u32;
        let index = |&packed: &u64| packed as u32;
        let keys = long.chunk_by(|a, b| key(a) == key(b)).count();
        // At most half full. A quarter made the triggers' table of word starts 80 KB (4,096
        // slots of 20 bytes for 1,007 keys), written whole as a posting starts; at half, the
        // longer probes cost less than the writing and the page faults saved (one posting:
        // 17.73 -> 17.67 M instructions, 0.96 of the wall time).
        let size = (keys * 2).next_power_of_two().max(16);
        let shift = 32 - size.trailing_zeros();
        let mut slots = vec![Slot::default(); size];
        let mut ids = Vec::with_capacity(literals.len());
        let mut lengths = Vec::new();
        // A bucket's literals, sorted by their bytes when it is large.
        let mut bucket = |group: &mut dyn Iterator<Item = u32>| {
            let start = ids.len();
            ids.extend(group);
            let members = &mut ids[start..];
            let mut lengths_of = (lengths.len() as u32, 0);
            if members.len() > MANY {
                members.sort_by(|&a, &b| literals.get(a).cmp(literals.get(b)));
                let mut all: Vec<u32> = members
                    .iter()
                    .map(|&i| literals.get(i).len() as u32)
                    .collect();
                all.sort_unstable();
                all.dedup();
                lengths_of.1 = all.len() as u32;
                lengths.extend(all);
            }
            Bucket {
                start: start as u32,
                len: members.len() as u32,
                lengths: lengths_of,
            }
        };
        for group in long.chunk_by(|a, b| key(a) == key(b)) {
            let key = key(&group[0]);
            let mut at = slot_of(key, shift);
            while slots[at].bucket.len != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = Slot {
                key,
                bucket: bucket(&mut group.iter().map(index)),
            };
        }
        let mut by_first = vec![Bucket::default(); 256];
        for group in short.chunk_by(|a, b| key(a) == key(b)) {
            by_first[key(&group[0]) as usize] = bucket(&mut group.iter().map(index));
        }
        let mut starts = [false; 256];
        let mut pairs = vec![0u64; (1 << PAIR_BITS) / 64].into_boxed_slice();
        let mut set_pair = |first: u8, second: u8| {
            let bit = pair_bit(first, second);
            pairs[bit / 64] |= 1 << (bit % 64);
        };
        for literal in literals.iter() {
            starts[literal[0] as usize] = true;
            if fold_case {
                starts[literal[0].to_ascii_uppercase() as usize] = true;
            }
            match literal.get(1) {
                Some(&second) => set_pair(literal[0], second),
                // A literal of one byte may be followed by anything, or end the text (0).
                None => (0..=255).for_each(|second| set_pair(literal[0], second)),
            }
        }
        let first: Vec<u8> = (0..=255u8).filter(|&b| starts[b as usize]).collect();
        let few_starts = match first[..] {
            [] => None,
            [a] => Some([a; 3]),
            [a, b] => Some([a, b, b]),
            [a, b, c] => Some([a, b, c]),
            _ => None,
        };
        Some(LiteralScan {
            starts,
            few_starts,
            fold_case,
            pairs,
            literals,
            slots,
            ids,
            lengths,
            shift,
            short: by_first,
        })
    }

    /// Every occurrence of every literal in `text`, overlapping ones too, in aho-corasick's
    /// order: by end, then longer first, then by index.
    pub fn find_overlapping(&self, text: &[u8], found: &mut Vec<Found>) {
        found.clear();
        match self.few_starts {
            Some([a, b, c]) => {
                for start in memchr::memchr3_iter(a, b, c, text) {
                    self.find_at(text, start, found);
                }
            }
            None => {
                for (start, pair) in text.windows(2).enumerate() {
                    if self.starts[pair[0] as usize] && self.may_start(pair[0], pair[1]) {
                        self.find_at(text, start, found);
                    }
                }
                if let Some(&last) = text.last()
                    && self.starts[last as usize]
                {
                    self.find_at(text, text.len() - 1, found);
                }
            }
        }
        found.sort_unstable_by_key(|f| (f.end, f.start, f.literal));
    }

    /// `find_overlapping`'s matches that start at one of `starts` (distinct places of `text`;
    /// one past its end finds nothing): a caller that only keeps matches starting a word
    /// probes only word starts.
    pub fn find_overlapping_at(
        &self,
        text: &[u8],
        starts: impl Iterator<Item = usize>,
        found: &mut Vec<Found>,
    ) {
        found.clear();
        for start in starts {
            if text.get(start).is_some_and(|&b| self.starts[b as usize]) {
                self.find_at(text, start, found);
            }
        }
        found.sort_unstable_by_key(|f| (f.end, f.start, f.literal));
    }

    /// The matches of a leftmost search, without overlaps: at the leftmost place where a
    /// literal starts, the longest one there (`longest`) or else the first in the list; then
    /// on from its end.
    pub fn find_leftmost(&self, text: &[u8], longest: bool, found: &mut Vec<Found>) {
        found.clear();
        let mut here = Vec::new();
        let mut from = 0;
        while let Some(best) = self.leftmost_from(text, from, longest, &mut here) {
            found.push(best);
            from = best.end;
        }
    }

    /// The first match of a leftmost search (see `find_leftmost`).
    pub fn find_first_leftmost(&self, text: &[u8], longest: bool) -> Option<Found> {
        self.leftmost_from(text, 0, longest, &mut Vec::new())
    }

    /// The leftmost match from `from` on; `here` is a buffer.
    fn leftmost_from(
        &self,
        text: &[u8],
        mut from: usize,
        longest: bool,
        here: &mut Vec<Found>,
    ) -> Option<Found> {
        while let Some(start) = self.next_start(text, from) {
            here.clear();
            self.find_at(text, start, here);
            let best = if longest {
                here.iter()
                    .min_by_key(|f| (std::cmp::Reverse(f.end), f.literal))
            } else {
                here.iter().min_by_key(|f| f.literal)
            };
            if let Some(&best) = best {
                return Some(best);
            }
            from = start + 1;
        }
        None
    }

    /// Whether a literal occurs in `text`.
    pub fn is_match(&self, text: &[u8]) -> bool {
        self.find_first_leftmost(text, false).is_some()
    }

    /// The first place from `from` on whose byte a literal starts with.
    fn next_start(&self, text: &[u8], from: usize) -> Option<usize> {
        let rest = text.get(from..)?;
        match self.few_starts {
            Some([a, b, c]) => memchr::memchr3(a, b, c, rest),
            None => rest.iter().position(|&byte| self.starts[byte as usize]),
        }
        .map(|at| from + at)
    }

    /// Whether a literal may start with bytes `first`, `second` (0 past the end).
    #[inline]
    fn may_start(&self, first: u8, second: u8) -> bool {
        let (first, second) = if self.fold_case {
            (first.to_ascii_lowercase(), second.to_ascii_lowercase())
        } else {
            (first, second)
        };
        let bit = pair_bit(first, second);
        self.pairs[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The literals that start at `start`.
    fn find_at(&self, text: &[u8], start: usize, found: &mut Vec<Found>) {
        let rest = &text[start..];
        let fold = |b: u8| {
            if self.fold_case {
                b.to_ascii_lowercase()
            } else {
                b
            }
        };
        if !self.may_start(rest[0], rest.get(1).copied().unwrap_or(0)) {
            return;
        }
        self.find_in(self.short[fold(rest[0]) as usize], rest, start, found);
        let Some(head) = rest.first_chunk::<4>() else {
            return;
        };
        let key = u32::from_le_bytes(head.map(fold));
        let mask = self.slots.len() - 1;
        let mut at = slot_of(key, self.shift);
        loop {
            let slot = self.slots[at];
            if slot.bucket.len == 0 {
                return;
            }
            if slot.key == key {
                self.find_in(slot.bucket, rest, start, found);
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// The literals of `bucket` that `rest` starts with.
    fn find_in(&self, bucket: Bucket, rest: &[u8], start: usize, found: &mut Vec<Found>) {
        let ids = &self.ids[bucket.start as usize..(bucket.start + bucket.len) as usize];
        let (from, count) = bucket.lengths;
        if count == 0 {
            for &index in ids {
                self.found_at(index, rest, start, found);
            }
            return;
        }
        for &len in &self.lengths[from as usize..(from + count) as usize] {
            let Some(probe) = rest.get(..len as usize) else {
                return;
            };
            let literal = |&index: &u32| self.literals.get(index);
            crate::work::count(Loop::LiteralComparisons, ids.len().ilog2() as usize + 1);
            let first = ids.partition_point(|i| self.compare(literal(i), probe).is_lt());
            for &index in &ids[first..] {
                if self.compare(literal(&index), probe).is_ne() {
                    break;
                }
                found.push(Found {
                    literal: index,
                    start,
                    end: start + probe.len(),
                });
            }
        }
    }

    /// How a literal sorts against text, folded when the table folds case.
    fn compare(&self, literal: &[u8], text: &[u8]) -> std::cmp::Ordering {
        if !self.fold_case {
            return literal.cmp(text);
        }
        let folded = text.iter().map(u8::to_ascii_lowercase);
        literal.iter().copied().cmp(folded)
    }

    fn found_at(&self, index: u32, rest: &[u8], start: usize, found: &mut Vec<Found>) {
        crate::work::count(Loop::LiteralComparisons, 1);
        let literal = self.literals.get(index);
        let here = if self.fold_case {
            rest.get(..literal.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(literal))
        } else {
            rest.starts_with(literal)
        };
        if here {
            found.push(Found {
                literal: index,
                start,
                end: start + literal.len(),
            });
        }
    }
}

/// The slot a key hashes to (Fibonacci hashing: the product's top bits).
fn slot_of(key: u32, shift: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> shift) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
    use proptest::prelude::*;

    fn scan(literals: &[&str], text: &str) -> Vec<(u32, usize, usize)> {
        let mut found = Vec::new();
        LiteralScan::new(literals)
            .expect("no empty literal")
            .find_overlapping(text.as_bytes(), &mut found);
        found.iter().map(|f| (f.literal, f.start, f.end)).collect()
    }

    fn scan_folded(
        literals: &[&str],
        text: &str,
        longest: Option<bool>,
    ) -> Vec<(u32, usize, usize)> {
        let scan = LiteralScan::ascii_case_insensitive(literals).expect("no empty literal");
        let mut found = Vec::new();
        match longest {
            None => scan.find_overlapping(text.as_bytes(), &mut found),
            Some(longest) => scan.find_leftmost(text.as_bytes(), longest, &mut found),
        }
        assert_eq!(scan.is_match(text.as_bytes()), !found.is_empty());
        if let Some(longest) = longest {
            let first = scan.find_first_leftmost(text.as_bytes(), longest);
            assert_eq!(first, found.first().copied());
        }
        found.iter().map(|f| (f.literal, f.start, f.end)).collect()
    }

    /// What aho-corasick finds: overlapping for standard semantics, else leftmost.
    fn automaton_matches(
        literals: &[String],
        text: &str,
        kind: MatchKind,
        fold: bool,
    ) -> Vec<(u32, usize, usize)> {
        let nfa = AhoCorasick::builder()
            .match_kind(kind)
            .ascii_case_insensitive(fold)
            .build(literals)
            .unwrap();
        let found: Vec<aho_corasick::Match> = if kind == MatchKind::Standard {
            nfa.find_overlapping_iter(text).collect()
        } else {
            nfa.find_iter(text).collect()
        };
        found
            .iter()
            .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
            .collect()
    }

    fn leftmost(literals: &[&str], text: &str, longest: bool) -> Vec<(u32, usize, usize)> {
        let mut found = Vec::new();
        LiteralScan::new(literals)
            .expect("no empty literal")
            .find_leftmost(text.as_bytes(), longest, &mut found);
        found.iter().map(|f| (f.literal, f.start, f.end)).collect()
    }

    fn automaton(literals: &[String], text: &str) -> Vec<(u32, usize, usize)> {
        let nfa = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(literals)
            .unwrap();
        nfa.find_overlapping_iter(text)
            .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
            .collect()
    }

    #[test]
    fn finds_every_occurrence_overlapping_ones_by_end_then_longest_first() {
        let literals = ["he", "her", "here", "ere", "e", "here"];
        assert_eq!(
            scan(&literals, "where"),
            vec![
                (0, 1, 3),
                (4, 2, 3),
                (1, 1, 4),
                (2, 1, 5),
                (5, 1, 5),
                (3, 2, 5),
                (4, 4, 5),
            ]
        );
        assert_eq!(scan(&literals, ""), vec![]);
        assert_eq!(scan(&["beer o’clock"], "a beer o’clock"), vec![(0, 2, 16)]);
    }

    #[test]
    fn a_leftmost_search_takes_the_longest_or_the_first_listed() {
        let literals = [
            "equal",
            "equal opportunity",
            "opportunity employer",
            "employer",
        ];
        let text = "an equal opportunity employer";
        assert_eq!(
            leftmost(&literals, text, true),
            vec![(1, 3, 20), (3, 21, 29)]
        );
        assert_eq!(
            leftmost(&literals, text, false),
            vec![(0, 3, 8), (2, 9, 29)]
        );
    }

    #[test]
    fn a_folding_table_matches_ascii_letters_of_either_case() {
        let literals = ["Go", "golang", "é"];
        assert_eq!(
            scan_folded(&literals, "GOLANG, go, É é", None),
            vec![(0, 0, 2), (1, 0, 6), (0, 8, 10), (2, 15, 17)]
        );
        assert_eq!(
            scan_folded(&literals, "GOLANG", Some(true)),
            vec![(1, 0, 6)]
        );
        assert_eq!(
            scan_folded(&literals, "GOLANG", Some(false)),
            vec![(0, 0, 2)]
        );
    }

    #[test]
    fn many_literals_that_start_alike_cost_a_search_per_length_not_a_comparison_each() {
        let steps = |titles: usize| {
            let literals: Vec<String> = (0..titles).map(|n| format!("senior title {n}")).collect();
            let scan = LiteralScan::new(&literals).unwrap();
            let text = "a senior title 7 or a senior staff engineer; ".repeat(200);
            let mut found = Vec::new();
            let steps = crate::work::steps_of(Loop::LiteralComparisons, || {
                scan.find_overlapping(text.as_bytes(), &mut found);
            });
            assert_eq!(found.len(), 200, "\"senior title 7\" each time");
            steps
        };
        let (hundred, thousand) = (steps(100), steps(1000));
        assert!(hundred > 0);
        // A comparison per literal would cost ten times as much.
        assert!(thousand < 3 * hundred, "{hundred} then {thousand} steps");
    }

    #[test]
    fn a_split_table_looks_for_word_start_literals_only_where_a_word_starts() {
        let literals = ["lead", "ead", "go", "star", "-go"];
        let split = SplitScan::new(&literals, &[true, false, true, true, true]).unwrap();
        let text = "leadership: we lead, go-go goal; rockstar stars";
        let mut found = Vec::new();
        split.find_overlapping(text.as_bytes(), &mut found);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (literals[f.literal as usize], &text[f.start..f.end]))
            .collect();
        // "ead" anywhere; "lead", "go" and "star" at word starts only ("go" inside "go-go"
        // starts a word after the hyphen; "star" in "rockstar" does not); "-go" starts
        // with no letter, so it is not held to word starts.
        assert_eq!(
            found,
            [
                ("lead", "lead"),
                ("ead", "ead"),
                ("lead", "lead"),
                ("ead", "ead"),
                ("go", "go"),
                ("-go", "-go"),
                ("go", "go"),
                ("go", "go"),
                ("star", "star"),
            ]
        );
    }

    #[test]
    fn an_empty_literal_is_left_to_an_automaton() {
        assert!(LiteralScan::new(&["a", ""]).is_none());
        assert!(LiteralScan::new::<&str>(&[]).is_some());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Short alphabets, so that literals share their first bytes, overlap and repeat.
        #[test]
        fn finds_what_the_automaton_finds_in_its_order(
            literals in proptest::collection::vec("[ab ’]{1,7}|[a-z]{1,3}", 0..24),
            text in "[ab c’]{0,40}",
        ) {
            let refs: Vec<&str> = literals.iter().map(String::as_str).collect();
            prop_assert_eq!(scan(&refs, &text), automaton(&literals, &text));
            prop_assert_eq!(
                leftmost(&refs, &text, true),
                automaton_matches(&literals, &text, MatchKind::LeftmostLongest, false)
            );
            prop_assert_eq!(
                leftmost(&refs, &text, false),
                automaton_matches(&literals, &text, MatchKind::LeftmostFirst, false)
            );
        }

        /// Probing some places finds exactly the matches that start at them.
        #[test]
        fn probing_some_places_finds_the_matches_that_start_there(
            literals in proptest::collection::vec("[ab ’]{1,7}|[a-z]{1,3}", 1..24),
            text in "[ab c’]{0,40}",
            every in 1usize..4,
        ) {
            let Some(table) = LiteralScan::new(&literals) else { return Ok(()) };
            let places: Vec<usize> = (0..text.len()).step_by(every).collect();
            let (mut all, mut some) = (Vec::new(), Vec::new());
            table.find_overlapping(text.as_bytes(), &mut all);
            table.find_overlapping_at(text.as_bytes(), places.iter().copied(), &mut some);
            all.retain(|f| places.contains(&f.start));
            prop_assert_eq!(some, all);
        }

        /// A split table finds what the whole one finds but a word-start literal's
        /// occurrences inside a word, in the same order.
        #[test]
        fn a_split_table_finds_the_whole_tables_matches_less_those_inside_words(
            literals in proptest::collection::vec("[ab1 ’]{1,7}|[a-z]{1,3}", 1..24),
            word_start in proptest::collection::vec(any::<bool>(), 24),
            text in "[ab1 c’-]{0,40}",
        ) {
            let Some(whole) = LiteralScan::new(&literals) else { return Ok(()) };
            let split = SplitScan::new(&literals, &word_start).expect("as the whole");
            let (bytes, word) = (text.as_bytes(), crate::literal_dfa::is_word_byte);
            let (mut all, mut kept) = (Vec::new(), Vec::new());
            whole.find_overlapping(bytes, &mut all);
            all.retain(|f| {
                let literal = literals[f.literal as usize].as_bytes();
                !(word_start[f.literal as usize]
                    && word(literal[0])
                    && f.start > 0
                    && word(bytes[f.start - 1]))
            });
            split.find_overlapping(bytes, &mut kept);
            prop_assert_eq!(kept, all);
        }

        #[test]
        fn a_folding_table_finds_what_a_folding_automaton_finds(
            literals in proptest::collection::vec("[aAb ’]{1,6}|[a-cA-C]{1,3}", 1..16),
            text in "[aAbB cC’]{0,40}",
        ) {
            let refs: Vec<&str> = literals.iter().map(String::as_str).collect();
            for (longest, kind) in [
                (None, MatchKind::Standard),
                (Some(true), MatchKind::LeftmostLongest),
                (Some(false), MatchKind::LeftmostFirst),
            ] {
                prop_assert_eq!(
                    scan_folded(&refs, &text, longest),
                    automaton_matches(&literals, &text, kind, true)
                );
            }
        }
    }
}
