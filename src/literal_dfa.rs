//! Every occurrence of a set of literals, overlapping ones too, with one table lookup a byte.
//!
//! A long run reads every segment of every posting through the trigger automaton (the
//! catalogue's 3,237 literals), and Aho-Corasick's own DFA spent about 21 instructions a
//! byte there: its overlapping search keeps its place in a state struct and returns to the
//! caller at each match. This is the same automaton (a trie whose missing transitions follow
//! the failure links), with the states renumbered so that one comparison tells a match
//! state, searched in one tight loop of about 11 instructions a byte. It is built once a run
//! is long (see `automaton`): for the catalogue 19,369 states of 58 byte classes, 4.5 MB,
//! in 6-10 ms on a core of its own while the run starts, never an editor's wait (for the
//! 1,744 literals of 2026-12-02: 2.2 MB in about 4 ms, where Aho-Corasick's DFA took 2.5 MB
//! in 6-7 ms). The trigger literals that must start a word are found only where one starts
//! (`with_word_starts`: 17,281 states of 57 classes without that). The table's size is not
//! what a pass waits on: built over the literals cut to their first 8 bytes (1.97 MB), the
//! pass over bulk took 74.4 ms against 78.8 (bench/README.md, stop 87).

use crate::literal_scan::Found;

/// The most transitions a DFA may have (16 MiB of table): past it the caller keeps
/// Aho-Corasick's own DFA, which merges more bytes into one class.
const MAX_TRANSITIONS: usize = 1 << 22;

/// No state: the end of a dictionary-link chain.
const NONE: u32 = u32::MAX;

/// How many lanes `LiteralDfa::find_overlapping_in_lanes` reads side by side: over bulk's
/// segments (`cargo bench --bench trigger_pass`) two took 80 ms, four 68-72, six 83-89 and
/// eight 91-99 (their states no longer fit in registers, and shorter lanes leave longer
/// tails).
pub const LANES: usize = 4;

#[derive(Debug)]
pub struct LiteralDfa {
    /// The class of each byte: every byte a literal holds has one of its own, the others
    /// share class 0.
    classes: [u16; 256],
    /// A state's row from its id: division by the stride, the classes (the width of a row of
    /// `transitions`), without a `div` (see `ExactDivisor`).
    rows: ExactDivisor,
    /// `transitions[state + class]`: the next state. State ids are premultiplied by the stride
    /// (the start state is 0), and the match states come last.
    transitions: Vec<u32>,
    /// The first match state's id: a state at or past it ends at least one literal.
    first_match: u32,
    /// Per match state (numbered from 0 in id order): the literals it ends itself, as
    /// `ends[own[k]..own[k + 1]]`, and the next match state down its chain of failure links
    /// (shorter literals that end at the same place), or `NONE`.
    own: Vec<u32>,
    next: Vec<u32>,
    /// (literal, length), by match state, each state's in literal order.
    ends: Vec<(u32, u32)>,
    /// The bytes a lane reads before its own part (see `find_overlapping_in_lanes`): the
    /// longest literal's length and one.
    run_in: usize,
}

/// One lane of `LiteralDfa::find_overlapping_in_lanes`: it reads `start..end` and keeps the
/// matches that end past `own_from`.
#[derive(Debug, Clone, Copy, Default)]
struct Lane {
    start: usize,
    own_from: usize,
    end: usize,
}

/// Whether a byte can be inside a word (ASCII letters and digits): the one definition the
/// trigger pass's boundary check (`rules::trigger::at_boundary`) and this DFA's word starts
/// share, so that the DFA drops only what the check would.
pub fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// `is_word_byte` as a table: one load where the test took five instructions (the trigger
/// pass asks it twice for most of its matches).
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether `literal`, marked as one that must start a word, is found only where one starts:
/// when it starts with a letter or digit (one that starts with another byte starts no word
/// inside one). The one rule of this DFA and of `literal_scan::SplitScan`.
pub fn held_to_word_starts(literal: &[u8], marked: bool) -> bool {
    marked && literal.first().copied().is_some_and(is_word_byte)
}

impl LiteralDfa {
    /// The DFA of `literals`; `None` when one is empty (it would match at every place) or
    /// its table would pass `MAX_TRANSITIONS` (a state for each distinct prefix of the
    /// literals, a column for each byte class).
    pub fn new(literals: &[impl AsRef<[u8]>]) -> Option<LiteralDfa> {
        LiteralDfa::build(literals, &[])
    }

    /// `new`, where literal `i` with `word_start[i]` that starts with a letter or digit is
    /// found only where a word starts: at the text's start or after a byte that is not a
    /// letter or digit. The trigger pass keeps no other (two in three of its hits over bulk
    /// were inside words: "he" in "the"), and none of them is now looked at.
    ///
    /// It is the DFA of the text with a mark (a symbol no byte is) at its start and after
    /// every byte that is not a letter or digit, where such a literal starts with the mark,
    /// and every literal has the mark after each such byte of its own; the mark is read in
    /// the same step as the byte before it, so the table still has one row per state and
    /// one column per byte class.
    pub fn with_word_starts(
        literals: &[impl AsRef<[u8]>],
        word_start: &[bool],
    ) -> Option<LiteralDfa> {
        LiteralDfa::build(literals, word_start)
    }

    fn build(literals: &[impl AsRef<[u8]>], word_start: &[bool]) -> Option<LiteralDfa> {
        let marked = |i: usize| {
            held_to_word_starts(
                literals[i].as_ref(),
                word_start.get(i).copied().unwrap_or(false),
            )
        };
        // With no literal that must start a word, the mark changes nothing: not added.
        let marking = (0..literals.len()).any(marked);
        let mut classes = [0u16; 256];
        for literal in literals {
            if literal.as_ref().is_empty() {
                return None;
            }
            for &b in literal.as_ref() {
                classes[usize::from(b)] = 1;
            }
        }
        let mut stride = 1;
        for class in &mut classes {
            if *class != 0 {
                *class = u16::try_from(stride).ok()?;
                stride += 1;
            }
        }
        // Marking, class 0 holds only bytes that are not in words; the letters and digits no
        // literal holds share a class of their own.
        if marking && (0..=255u8).any(|b| classes[usize::from(b)] == 0 && is_word_byte(b)) {
            let word_others = u16::try_from(stride).ok()?;
            for b in (0..=255u8).filter(|&b| is_word_byte(b)) {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = word_others;
                }
            }
            stride += 1;
        }
        let mut word_class = vec![false; stride];
        for b in 0..=255u8 {
            word_class[usize::from(classes[usize::from(b)])] = is_word_byte(b);
        }
        // The mark's class, past the bytes' while the trie is built.
        let mark = stride;
        let real_stride = stride;
        let stride = if marking { stride + 1 } else { stride };
        // A literal as the trie holds it: marked at its start if it must start a word, and
        // after each of its bytes that is not in a word. (A class or the mark is at most 257:
        // two bytes a symbol.)
        let mark_symbol = u16::try_from(mark).ok()?;
        let symbols = |i: usize| -> Vec<u16> {
            let literal = literals[i].as_ref();
            let mut out = Vec::with_capacity(literal.len() + 1);
            if marking && marked(i) {
                out.push(mark_symbol);
            }
            for &b in literal {
                out.push(classes[usize::from(b)]);
                if marking && !is_word_byte(b) {
                    out.push(mark_symbol);
                }
            }
            out
        };

        // The trie's states are the distinct prefixes of the literals' symbols: counted in
        // sorted order, where each literal adds those it does not share with the one before
        // it. The table is made that size, so it is never copied to grow, and a set is turned
        // down only when its own table would pass `MAX_TRANSITIONS`. (A bound of a state for
        // each symbol would have turned down the catalogue's literals, whose trie is a quarter
        // of the limit, past about 35.5 KB of them (they were 35,486 bytes); the trigger pass
        // then read with Aho-Corasick's DFA and cost a run a tenth more.)
        let sequences: Vec<Vec<u16>> = (0..literals.len()).map(symbols).collect();
        let mut sorted: Vec<&[u16]> = sequences.iter().map(Vec::as_slice).collect();
        sorted.sort_unstable();
        let mut states = 1;
        let mut previous: &[u16] = &[];
        for sequence in sorted {
            let shared = sequence
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            states += sequence.len() - shared;
            previous = sequence;
        }
        if states.saturating_mul(stride) > MAX_TRANSITIONS {
            return None;
        }
        // The trie: state `s`'s row is `trie[s * stride..]`; 0 is "no child" (the root is
        // nobody's child).
        let mut trie: Vec<u32> = Vec::with_capacity(states * stride);
        trie.resize(stride, 0);
        // (state, literal, length) for each literal's last state.
        let mut ending: Vec<(u32, u32, u32)> = Vec::with_capacity(literals.len());
        for (id, literal) in literals.iter().enumerate() {
            let mut state = 0usize;
            for &class in &sequences[id] {
                let at = state * stride + usize::from(class);
                if trie[at] == 0 {
                    let child = trie.len() / stride;
                    trie[at] = u32::try_from(child).ok()?;
                    trie.resize(trie.len() + stride, 0);
                }
                state = trie[at] as usize;
            }
            ending.push((
                u32::try_from(state).ok()?,
                u32::try_from(id).ok()?,
                u32::try_from(literal.as_ref().len()).ok()?,
            ));
        }
        debug_assert_eq!(trie.len(), states * stride);
        // Stable: a state's literals stay in literal order.
        ending.sort_by_key(|&(state, ..)| state);
        let mut own_start = vec![0u32; states + 1];
        for &(state, ..) in &ending {
            own_start[state as usize + 1] += 1;
        }
        for s in 0..states {
            own_start[s + 1] += own_start[s];
        }
        let owns = |s: usize| own_start[s] < own_start[s + 1];

        // Failure links, breadth first: a missing transition goes where the failure state's
        // goes; `dict[s]` is the nearest state down the failure links that ends a literal.
        let mut fail = vec![0u32; states];
        let mut dict = vec![NONE; states];
        let mut queue: Vec<u32> = Vec::with_capacity(states);
        // The root's children first; they fail to the root (`fail` starts at 0).
        queue.extend(trie[..stride].iter().copied().filter(|&t| t != 0));
        let mut next_in_queue = 0;
        while let Some(&s) = queue.get(next_in_queue) {
            next_in_queue += 1;
            let s = s as usize;
            let f = fail[s] as usize;
            // Row by row, not cell by cell: the table's 1.1 million cells for the catalogue
            // were each indexed (and bounds-checked) twice.
            // (A state fails to a shallower one: never to itself.)
            let [row, failing] = trie
                .get_disjoint_mut([s * stride..(s + 1) * stride, f * stride..(f + 1) * stride])
                .ok()?;
            for (slot, &through_fail) in row.iter_mut().zip(&*failing) {
                let child = *slot;
                if child == 0 {
                    *slot = through_fail;
                    continue;
                }
                fail[child as usize] = through_fail;
                dict[child as usize] = if owns(through_fail as usize) {
                    through_fail
                } else {
                    dict[through_fail as usize]
                };
                queue.push(child);
            }
        }

        // Marking, the mark is read in the same step as each byte not in a word, and the
        // search starts past the mark at the text's start. (No literal ends at the state
        // before such a mark: every such byte of a literal has the mark after it.)
        let (trie, stride, start) = if marking {
            // Composed in place, row after row, each written no further on than it is read
            // (a second table beside this one was megabytes more peak memory); the mark's
            // column is kept apart first, as rows before the one being read are rewritten.
            let after_mark: Vec<u32> = (0..states).map(|s| trie[s * stride + mark]).collect();
            // Each row moved to its place whole, then only the columns of bytes not in a
            // word (a few of the catalogue's 59) read through the mark.
            let not_in_word: Vec<usize> = (0..real_stride).filter(|&c| !word_class[c]).collect();
            let mut trie = trie;
            for s in 0..states {
                trie.copy_within(s * stride..s * stride + real_stride, s * real_stride);
                let row = &mut trie[s * real_stride..(s + 1) * real_stride];
                for &c in &not_in_word {
                    row[c] = after_mark[row[c] as usize];
                }
            }
            trie.truncate(states * real_stride);
            (trie, real_stride, after_mark[0] as usize)
        } else {
            (trie, stride, 0)
        };

        // Renumbered: the start state first (id 0), the other states that end no literal,
        // then the match states; ids premultiplied.
        let is_match = |s: usize| owns(s) || dict[s] != NONE;
        let mut renumbered = vec![0u32; states];
        let mut order: Vec<usize> = std::iter::once(start)
            .chain((0..states).filter(|&s| s != start && !is_match(s)))
            .collect();
        let first_match = order.len();
        order.extend((0..states).filter(|&s| is_match(s)));
        for (new, &old) in order.iter().enumerate() {
            renumbered[old] = u32::try_from(new * stride).ok()?;
        }
        // The rows moved to their new places in the table itself, one cycle of the
        // renumbering at a time: a second table of the same size, made beside it, was
        // 1.7 MB more peak memory on bulk.
        let mut transitions = trie;
        let mut placed = vec![false; states];
        let mut carried = vec![0u32; stride];
        for start in 0..states {
            if placed[start] {
                continue;
            }
            carried.copy_from_slice(&transitions[start * stride..(start + 1) * stride]);
            let mut at = start;
            loop {
                let to = renumbered[at] as usize / stride;
                transitions[to * stride..(to + 1) * stride].swap_with_slice(&mut carried);
                placed[to] = true;
                at = to;
                if at == start {
                    break;
                }
            }
        }
        for target in &mut transitions {
            *target = renumbered[*target as usize];
        }
        // Not shrunk to its length: that copied the whole table (4.5 MB for the catalogue),
        // and the room past it was never written, so it holds no memory.
        let match_index = |old: usize| renumbered[old] as usize / stride - first_match;
        let mut own = Vec::with_capacity(states - first_match + 1);
        let mut next = Vec::with_capacity(states - first_match);
        let mut ends = Vec::with_capacity(ending.len());
        own.push(0);
        let own_ends = |s: usize| {
            ending[own_start[s] as usize..own_start[s + 1] as usize]
                .iter()
                .map(|&(_, id, len)| (id, len))
        };
        for &old in &order[first_match..] {
            if marking {
                // A marked literal's state is a symbol deeper than an unmarked one of its
                // length: a state's literals and its chain's are held together, longer
                // first, then in literal order (Aho-Corasick's order at one end).
                let start = ends.len();
                let mut s = old;
                loop {
                    ends.extend(own_ends(s));
                    match dict[s] {
                        NONE => break,
                        d => s = d as usize,
                    }
                }
                ends[start..].sort_unstable_by_key(|&(id, len)| (std::cmp::Reverse(len), id));
                own.push(u32::try_from(ends.len()).ok()?);
                next.push(NONE);
                continue;
            }
            ends.extend(own_ends(old));
            own.push(u32::try_from(ends.len()).ok()?);
            next.push(match dict[old] {
                NONE => NONE,
                d => u32::try_from(match_index(d as usize)).ok()?,
            });
        }
        Some(LiteralDfa {
            classes,
            rows: ExactDivisor::new(u32::try_from(stride).ok()?),
            transitions,
            first_match: u32::try_from(first_match * stride).ok()?,
            own,
            next,
            ends,
            run_in: literals.iter().map(|l| l.as_ref().len()).max().unwrap_or(0) + 1,
        })
    }

    /// Every occurrence of every literal in `haystack`, by end, and at one end longer first
    /// (then in literal order): the order of Aho-Corasick's overlapping search.
    pub fn find_overlapping(&self, haystack: &[u8], found: &mut Vec<Found>) {
        found.clear();
        self.find_from(haystack, 0, 0, found);
    }

    /// `find_overlapping` of `haystack` read in `LANES` lanes side by side, lane `k`'s matches
    /// into `found[k]`: the lanes in order are `find_overlapping`'s order. Each byte's lookup
    /// waits for the one before it, so one lane leaves the core idle between loads;
    /// independent lanes fill that time (four read bulk's postings in two thirds of the time
    /// two took). The lanes are as long as each other (see `lanes`), so they step together
    /// to their ends: split where segments start, as they were, a ninth of the bytes were
    /// left to one lane alone.
    pub fn find_overlapping_in_lanes(&self, haystack: &[u8], found: &mut [Vec<Found>; LANES]) {
        for lane in found.iter_mut() {
            lane.clear();
        }
        let Some(lanes) = self.lanes(haystack.len()) else {
            self.find_from(haystack, 0, 0, &mut found[0]);
            return;
        };
        // The lanes step together over the shortest one's length (the last: the others are
        // a few bytes longer at most); the others finish alone.
        let steps = lanes.iter().map(|l| l.end - l.start).min().unwrap_or(0);
        let texts: [&[u8]; LANES] =
            std::array::from_fn(|k| &haystack[lanes[k].start..lanes[k].start + steps]);
        let mut states = [0u32; LANES];
        let mut i = 0;
        while i < steps {
            i = self.step_lanes(&texts, i, &mut states);
            for k in 0..LANES {
                let end = lanes[k].start + i;
                if states[k] >= self.first_match && end > lanes[k].own_from {
                    self.push_ends(states[k], end, &mut found[k]);
                }
            }
        }
        // The steps took every lane past its run-in (a lane is four run-ins long at least).
        for (k, lane) in lanes.iter().enumerate() {
            self.find_from(
                &haystack[..lane.end],
                lane.start + steps,
                states[k],
                &mut found[k],
            );
        }
    }

    /// Steps the lanes in `states` over `texts` (each as long as the others) from `i` until
    /// one enters a match state, or to their end; returns where they stopped. A function of
    /// its own, with nothing else in its loop: inlined into the trigger pass, its states and
    /// texts were kept on the stack, and every step waited for a state to be stored and read
    /// back before its next transition could be loaded.
    #[inline(never)]
    fn step_lanes(&self, texts: &[&[u8]; LANES], from: usize, states: &mut [u32; LANES]) -> usize {
        let (classes, transitions, first_match) =
            (&self.classes, &self.transitions[..], self.first_match);
        let steps = texts[0].len();
        let texts: [&[u8]; LANES] = std::array::from_fn(|k| &texts[k][..steps]);
        let mut s = *states;
        let mut i = from;
        while i < steps {
            for k in 0..LANES {
                s[k] = transitions[s[k] as usize + usize::from(classes[usize::from(texts[k][i])])];
            }
            i += 1;
            if s.iter().fold(0, |m, &x| m.max(x)) >= first_match {
                break;
            }
        }
        *states = s;
        i
    }

    /// The lanes of a text of `len` bytes, as long as each other (the last up to three
    /// bytes shorter); `None` for a text too short to be worth them. Each lane but the first
    /// starts `run_in` bytes before its own part, the end of the lane before, and keeps only
    /// the matches that end in its own part. By the end of the run-in its search is in the
    /// state a search from the text's start is in: that state is the longest end of the text
    /// read that the literals start with, with whether a word starts before it, and so
    /// depends on the last `run_in` bytes only. What it finds in the run-in (the lane
    /// before's, or one a lane start as a text start makes up) it drops.
    fn lanes(&self, len: usize) -> Option<[Lane; LANES]> {
        let lane_len = (len + (LANES - 1) * self.run_in).div_ceil(LANES);
        // Most of a short text would be run-ins.
        if lane_len < 4 * self.run_in {
            return None;
        }
        let mut lanes = [Lane::default(); LANES];
        for k in 0..LANES {
            if k > 0 {
                lanes[k].own_from = lanes[k - 1].end;
                lanes[k].start = lanes[k - 1].end - self.run_in;
            }
            lanes[k].end = (lanes[k].start + lane_len).min(len);
        }
        Some(lanes)
    }

    /// The matches in `haystack[at..]` of a search in `state` at `at`, into `found`.
    fn find_from(&self, haystack: &[u8], at: usize, state: u32, found: &mut Vec<Found>) {
        let (mut at, mut state) = (at, state);
        while let Some((end, matched)) = self.next_match(haystack, at, state) {
            self.push_ends(matched, end, found);
            (at, state) = (end, matched);
        }
    }

    /// The next match state the search enters from `state` reading `haystack[at..]`, and
    /// where (the end of the byte that entered it). The loop is kept apart from the matches'
    /// bookkeeping so that its few values stay in registers (not inlined: inlined, they were
    /// spilled to the stack and a byte cost 14 instructions instead of 11).
    #[inline(never)]
    fn next_match(&self, haystack: &[u8], at: usize, state: u32) -> Option<(usize, u32)> {
        let (classes, transitions, first_match) =
            (&self.classes, &self.transitions[..], self.first_match);
        let mut state = state;
        for (i, &b) in haystack[at..].iter().enumerate() {
            state = transitions[state as usize + usize::from(classes[usize::from(b)])];
            if state >= first_match {
                return Some((at + i + 1, state));
            }
        }
        None
    }

    /// The literals match state `state` ends, and those down its chain.
    fn push_ends(&self, state: u32, end: usize, found: &mut Vec<Found>) {
        let mut k = self.rows.divide(state - self.first_match) as usize;
        loop {
            for &(literal, len) in &self.ends[self.own[k] as usize..self.own[k + 1] as usize] {
                found.push(Found {
                    literal,
                    start: end - len as usize,
                    end,
                });
            }
            match self.next[k] {
                NONE => return,
                n => k = n as usize,
            }
        }
    }
}

/// Division by a divisor of the dividend: a shift and a multiplication instead of a `div`,
/// which the trigger pass paid at every match state it entered (a twentieth of its loop's
/// time). With `divisor` = 2^`shift` × `odd`, `x / divisor` is `(x >> shift) × odd⁻¹` modulo
/// 2^32, when the division leaves nothing over.
#[derive(Debug, Clone, Copy)]
struct ExactDivisor {
    shift: u32,
    inverse: u32,
}

impl ExactDivisor {
    fn new(divisor: u32) -> ExactDivisor {
        let divisor = divisor.max(1);
        let shift = divisor.trailing_zeros();
        let odd = divisor >> shift;
        // Newton's iteration doubles the correct low bits each step: an odd number is its own
        // inverse to 3 bits, so four steps give 48 and more.
        let mut inverse = odd;
        for _ in 0..4 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        ExactDivisor { shift, inverse }
    }

    /// `x / divisor`, for `x` a multiple of the divisor.
    fn divide(self, x: u32) -> u32 {
        (x >> self.shift).wrapping_mul(self.inverse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

    #[test]
    fn exact_division_by_every_stride() {
        // Strides up to 257 (256 byte classes and the mark), and the ids of a table of up to
        // `MAX_TRANSITIONS` transitions.
        for divisor in 1..=257u32 {
            let by = ExactDivisor::new(divisor);
            for row in [
                0,
                1,
                2,
                3,
                7,
                100,
                10_657,
                (MAX_TRANSITIONS as u32) / divisor,
            ] {
                assert_eq!(by.divide(row * divisor), row, "{row} * {divisor}");
            }
        }
    }

    /// `haystack` read in lanes; each lane's matches end in its own part.
    fn in_lanes(dfa: &LiteralDfa, haystack: &str) -> Vec<Found> {
        let mut found = std::array::from_fn(|_| {
            vec![Found {
                literal: 9,
                start: 0,
                end: 0,
            }]
        });
        dfa.find_overlapping_in_lanes(haystack.as_bytes(), &mut found);
        match dfa.lanes(haystack.len()) {
            Some(lanes) => {
                for (lane, found) in lanes.iter().zip(&found) {
                    assert!(
                        found
                            .iter()
                            .all(|f| f.end > lane.own_from && f.end <= lane.end)
                    );
                }
            }
            None => assert!(found[1..].iter().all(Vec::is_empty)),
        }
        found.concat()
    }

    /// Aho-Corasick's overlapping search, for comparison.
    fn reference(literals: &[&str], haystack: &str) -> Vec<Found> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(literals)
            .unwrap();
        automaton
            .find_overlapping_iter(haystack)
            .map(|m| Found {
                literal: m.pattern().as_u32(),
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    fn found(literals: &[&str], haystack: &str) -> Vec<Found> {
        let mut found = Vec::new();
        LiteralDfa::new(literals)
            .unwrap()
            .find_overlapping(haystack.as_bytes(), &mut found);
        found
    }

    #[test]
    fn finds_every_occurrence_overlaps_and_repeats_included_in_aho_corasick_order() {
        let literals = ["he", "she", "his", "hers", "he", "e"];
        let haystack = "ushers said he, hishe";
        let dfa = found(&literals, haystack);
        assert_eq!(dfa, reference(&literals, haystack));
        let spans: Vec<(u32, usize, usize)> =
            dfa.iter().map(|f| (f.literal, f.start, f.end)).collect();
        assert_eq!(
            &spans[..5],
            [(1, 1, 4), (0, 2, 4), (4, 2, 4), (5, 3, 4), (3, 2, 6)],
            "at one end the longer first, a repeated literal under each of its ids"
        );
    }

    #[test]
    fn bytes_beyond_ascii_and_bytes_no_literal_holds() {
        let literals = ["café", "é", "naïve approach", "\u{2022} "];
        let haystack = "\u{2022} a café, a naïve approach\u{0}\u{ff}; é";
        assert_eq!(found(&literals, haystack), reference(&literals, haystack));
    }

    /// `reference`, keeping of each marked literal that starts with a letter or digit only
    /// the occurrences that start a word.
    fn reference_at_word_starts(literals: &[&str], marked: &[bool], haystack: &str) -> Vec<Found> {
        let bytes = haystack.as_bytes();
        let mut all = reference(literals, haystack);
        all.retain(|f| {
            let literal = literals[f.literal as usize].as_bytes();
            !(marked[f.literal as usize] && is_word_byte(literal[0]))
                || f.start == 0
                || !is_word_byte(bytes[f.start - 1])
        });
        all
    }

    fn found_at_word_starts(literals: &[&str], marked: &[bool], haystack: &str) -> Vec<Found> {
        let mut found = Vec::new();
        LiteralDfa::with_word_starts(literals, marked)
            .unwrap()
            .find_overlapping(haystack.as_bytes(), &mut found);
        found
    }

    #[test]
    fn a_literal_marked_to_start_a_word_is_found_only_where_one_starts() {
        let literals = ["he", "she", "c++", "he said", ".net", "e.g. he", "a b"];
        let marked = [true, true, true, false, true, true, false];
        let haystack = "he said the shell, then she (he) c++ c++he .net asp.net e.g. he: ta b";
        let dfa = found_at_word_starts(&literals, &marked, haystack);
        assert_eq!(dfa, reference_at_word_starts(&literals, &marked, haystack));
        let spans: Vec<&str> = dfa.iter().map(|f| &haystack[f.start..f.end]).collect();
        assert_eq!(
            spans,
            [
                "he", "he said", "she", "she", "he", "c++", "c++", "he", ".net", ".net", "e.g. he",
                "he", "a b"
            ],
            "not the \"he\" of \"the\" or \"then\"; \"she\" of \"shell\" starts a word; \"he\" after \"+\"; \".net\" anywhere"
        );
    }

    #[test]
    fn an_empty_literal_has_no_dfa() {
        assert!(LiteralDfa::new(&["", "a"]).is_none());
    }

    #[test]
    fn a_set_whose_table_would_pass_the_limit_has_no_dfa() {
        // 250 distinct literals of 100 bytes over 200 byte values, which share only their
        // first byte in pairs: 24,951 states of 200 classes, past `MAX_TRANSITIONS`; the
        // caller keeps Aho-Corasick's DFA.
        let literal = |i: u32| -> Vec<u8> {
            let mut bytes = vec![(32 + i % 200) as u8, (32 + i / 200) as u8];
            bytes.extend((2..100u32).map(|j| (32 + (i + j) % 200) as u8));
            bytes
        };
        let literals: Vec<Vec<u8>> = (0..250).map(literal).collect();
        assert!(LiteralDfa::new(&literals).is_none());
        assert!(LiteralDfa::new(&literals[..10]).is_some());
    }

    #[test]
    fn the_limit_counts_the_states_a_set_makes_not_its_bytes() {
        // 40,000 literals of 100 bytes, 4 MB, that share their first 99 bytes and are 200
        // literals repeated: a trie of 300 states. A state for each byte (4,000,001 states of
        // 200 classes) would be far past `MAX_TRANSITIONS`.
        let literals: Vec<Vec<u8>> = (0..40_000u32)
            .map(|i| {
                let mut bytes = vec![b'a'; 99];
                bytes.push((32 + i % 200) as u8);
                bytes
            })
            .collect();
        let dfa = LiteralDfa::new(&literals).expect("a table of 300 states");
        let mut found = Vec::new();
        let haystack = [vec![b'a'; 99], vec![b'z']].concat();
        dfa.find_overlapping(&haystack, &mut found);
        // "z" ends the literals 90, 290, …, 39,890.
        assert_eq!(found.len(), 200);
        assert!(found.iter().all(|f| f.literal % 200 == 90 && f.start == 0));
    }

    proptest::proptest! {
        #[test]
        fn finds_what_aho_corasick_finds(
            literals in proptest::collection::vec("[abc ]{1,4}", 1..12),
            haystack in "[abcd ]{0,60}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(found(&literals, &haystack), reference(&literals, &haystack));
        }

        /// Read in four lanes (texts of up to 64 bytes in one, as too short for more): the
        /// matches of the whole, each in the lane whose part it ends in.
        #[test]
        fn lanes_find_what_one_finds(
            literals in proptest::collection::vec("[abc ]{1,4}", 1..12),
            haystack in "[abcd ]{0,400}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let dfa = LiteralDfa::new(&literals).unwrap();
            proptest::prop_assert_eq!(in_lanes(&dfa, &haystack), reference(&literals, &haystack));
        }

        /// Letters, digits, spaces, punctuation and bytes beyond ASCII, in literals that
        /// must start a word and in those that need not.
        #[test]
        fn finds_at_word_starts_what_aho_corasick_finds_there(
            literals in proptest::collection::vec("[ab1 .é]{1,4}", 1..12),
            marked in proptest::collection::vec(proptest::bool::ANY, 12),
            head in "[ab1c .é]{0,50}",
            tail in "[ab1c .é]{0,50}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                found_at_word_starts(&literals, &marked, &head),
                reference_at_word_starts(&literals, &marked, &head)
            );
            // In lanes, which may start inside a word.
            let haystack = [head.as_str(), tail.as_str(), head.as_str()].concat();
            let dfa = LiteralDfa::with_word_starts(&literals, &marked).unwrap();
            proptest::prop_assert_eq!(
                in_lanes(&dfa, &haystack),
                reference_at_word_starts(&literals, &marked, &haystack)
            );
        }
    }
}
