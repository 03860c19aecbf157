//! One pass over a posting decides which searches can find anything in which segment.
//!
//! Every finder's words and patterns reduce to literals one of which each of its matches
//! contains ("phd" for a doctorate pattern, the words of a word list). All of them go into one
//! automaton, so a catalogue of forty rules reads each segment once, and a finder then searches
//! only the segments that hold one of its literals; its patterns compile the first time that
//! happens. A finder without such literals (a pattern that starts and ends with `\w+`) searches
//! every segment. Literals fold ASCII case only: the Kelvin sign and the long s, which a
//! case-insensitive regex folds to `k` and `s`, do not trigger.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::MatchKind;

use super::pattern::{Narrowing, Trigger};
use crate::automaton::{Reader, Upgrading};
use crate::document::span::narrow;
use crate::literal_dfa::LANES;
use crate::literal_scan::Found;

/// `Triggers` built on first use, from the finders' literals gathered when the rules were
/// loaded: a check builds them on a pool thread (`warm`) while the first posting is read
/// and parsed, which need none of them, where building them before the load returned kept
/// an editor's save waiting about 0.4 ms. Shared by a rule set's clones.
#[derive(Debug)]
pub struct LazyTriggers {
    built: OnceLock<Triggers>,
    /// The finders' literals until `built` takes them: shared with the sets narrowed from
    /// this one (`narrowed`), and copied by a build only while they are.
    literals: Mutex<Option<Arc<FinderLiterals>>>,
    /// The finders whose literals the build reads (`None`: all); the others are never armed.
    live: Option<Vec<bool>>,
    /// Counted long (`mark_long_run`), maybe before they were built.
    long_run: AtomicBool,
}

/// Each finder's literals, or `None` for a finder that must search everywhere.
type FinderLiterals = Vec<Option<Vec<Trigger>>>;

impl LazyTriggers {
    /// The triggers of finders `0..finders.len()` (see `Triggers::new`), not built yet.
    pub fn new(finders: FinderLiterals) -> LazyTriggers {
        LazyTriggers {
            built: OnceLock::new(),
            literals: Mutex::new(Some(Arc::new(finders))),
            live: None,
            long_run: AtomicBool::new(false),
        }
    }

    /// These triggers for the finders `live` marks alone: the others' literals stay out of
    /// the automaton, and they are never armed (their rules are off: `--select` one rule, and
    /// the pass reads that rule's words, not the catalogue's). `None` once these are built
    /// (their literals are in the automaton), and then these serve.
    pub fn narrowed(&self, live: Vec<bool>) -> Option<LazyTriggers> {
        let literals = self.lock().as_ref().map(Arc::clone)?;
        Some(LazyTriggers {
            built: OnceLock::new(),
            literals: Mutex::new(Some(literals)),
            live: Some(live),
            long_run: AtomicBool::new(self.long_run.load(Ordering::Relaxed)),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<FinderLiterals>>> {
        self.literals
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The triggers, built now if they are not (a caller that comes while another thread
    /// builds them waits for it).
    pub fn get(&self) -> &Triggers {
        let triggers = self.built.get_or_init(|| {
            let shared = self
                .lock()
                .take()
                .expect("the literals are taken once, by the build");
            let finders = match &self.live {
                None => Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone()),
                // A finder that is never armed: literals that nothing holds.
                Some(live) => shared
                    .iter()
                    .zip(live)
                    .map(|(literals, &live)| match live {
                        true => literals.clone(),
                        false => Some(Vec::new()),
                    })
                    .collect(),
            };
            Triggers::new(finders)
        });
        // A mark made while they were being built; once it holds, nothing is written (this
        // runs for every posting).
        if self.long_run.load(Ordering::Relaxed) && !triggers.is_long_run() {
            triggers.mark_long_run();
        }
        triggers
    }

    /// Builds the triggers and what the first posting will be read with (`Triggers::warm`).
    pub fn warm(&self) {
        self.get().warm();
    }

    /// Whether the run is long (`Triggers::is_long_run`); asking does not build them.
    pub fn is_long_run(&self) -> bool {
        self.long_run.load(Ordering::Relaxed) || self.built.get().is_some_and(Triggers::is_long_run)
    }

    /// Builds the triggers and the DFA a long run reads them with.
    pub fn build_long_run_reader(&self) {
        self.get().automata.build_dfa_now();
    }

    /// Counts the run as long from its start (`Triggers::mark_long_run`), now or when they
    /// are built.
    pub fn mark_long_run(&self) {
        self.long_run.store(true, Ordering::Relaxed);
        if let Some(triggers) = self.built.get() {
            triggers.mark_long_run();
        }
    }
}

/// The literals of every finder of a rule set, in one automaton.
#[derive(Debug, Clone)]
pub struct Triggers {
    /// Over the literals, lower-cased, case-sensitive: `scan` lower-cases the text it reads
    /// (ASCII only, so offsets do not move). A hash table of them until a run is long
    /// enough to pay for the DFA (an editor's save waited 1.3 ms for an NFA); built on
    /// first use (or by `warm` beside other start-up work), and shared by a rule set's
    /// clones.
    automata: Arc<Upgrading>,
    /// For each literal of the automaton: where it must stand, and the finders it arms.
    literals: Vec<Literal>,
    /// The finders of each literal, literal after literal (see `Literal::owners`).
    owners: Vec<u32>,
    /// The listed words of each literal, literal after literal (see `Literal::words`).
    words: Vec<(u32, u32)>,
    /// (finder, group) of each literal's grouped finders, literal after literal (see
    /// `Literal::grouped`).
    grouped: Vec<(u32, u32)>,
    /// Finders without literals: armed in every segment.
    always: Vec<usize>,
    /// Finders whose word lists are read by the pass.
    word_lists: Vec<bool>,
    finders: usize,
}

/// Which finders may match in which segment of one document (segments numbered title first,
/// as `Finder::find` walks them), and the occurrences of their listed words.
#[derive(Debug, Clone)]
pub struct Armed {
    /// `u64` words per finder: a bit per segment, so that a finder's segments are read off a
    /// word or two (most of a posting's finders are armed in few of its segments).
    stride: usize,
    bits: Vec<u64>,
    /// The finders armed in any segment (a bit per finder).
    anywhere: Vec<u64>,
    everywhere: bool,
    /// Every occurrence of a listed word, segment by segment: one flat list and where each
    /// segment's part starts (a huge posting has hundreds of thousands of segments, most with
    /// none, and a list per segment would cost more than the text).
    words: Vec<Occurrence>,
    /// `words[word_starts[s]..word_starts[s + 1]]` are segment `s`'s.
    word_starts: Vec<u32>,
    /// Finders whose word lists the pass read.
    word_lists: Vec<bool>,
    /// The narrowed alternations the posting's searches use (see `Pattern::narrowed_for`).
    narrowing: Narrowing,
}

impl Armed {
    /// Every finder in every segment: for callers that do not prefilter.
    pub fn everywhere() -> Armed {
        Armed {
            stride: 0,
            bits: Vec::new(),
            anywhere: Vec::new(),
            everywhere: true,
            words: Vec::new(),
            word_starts: Vec::new(),
            word_lists: Vec::new(),
            narrowing: Narrowing::default(),
        }
    }

    /// What the posting's searches use.
    pub fn narrowing(&self) -> &Narrowing {
        &self.narrowing
    }

    pub fn set_narrowing(&mut self, narrowing: Narrowing) {
        self.narrowing = narrowing;
    }

    /// Whether the pass found the occurrences of finder `finder`'s listed words (`words`
    /// gives them), so that its own word automaton is not needed.
    pub fn reads_words(&self, finder: usize) -> bool {
        self.word_lists.get(finder).copied().unwrap_or(false)
    }

    /// The indices of finder `finder`'s listed words that occur anywhere in the posting (each
    /// once, unfiltered: the edges of a word are not checked).
    pub fn words_anywhere(&self, finder: usize) -> std::collections::BTreeSet<usize> {
        self.words
            .iter()
            .filter(|found| found.finder as usize == finder)
            .map(|found| found.word as usize)
            .collect()
    }

    /// `words_into`, as a vector of its own, or `None` for `false`.
    #[cfg(test)]
    pub fn words(&self, finder: usize, segment: usize) -> Option<Vec<(usize, Range<usize>)>> {
        let mut words = Vec::new();
        self.words_into(finder, segment, &mut words)
            .then_some(words)
    }

    /// Every occurrence of finder `finder`'s listed words in segment `segment` (word index and
    /// range, unfiltered), into `words` (cleared first), which the caller keeps from segment
    /// to segment; `false` when the pass did not read them and the finder must search itself.
    pub fn words_into(
        &self,
        finder: usize,
        segment: usize,
        words: &mut Vec<(usize, Range<usize>)>,
    ) -> bool {
        words.clear();
        let (true, Some(&start), Some(&end)) = (
            self.reads_words(finder),
            self.word_starts.get(segment),
            self.word_starts.get(segment + 1),
        ) else {
            return false;
        };
        words.extend(
            self.words[start as usize..end as usize]
                .iter()
                .filter(|found| found.finder as usize == finder)
                .map(|found| {
                    (
                        found.word as usize,
                        found.start as usize..found.end as usize,
                    )
                }),
        );
        true
    }

    /// Whether finder `finder` may match in segment `segment`.
    pub fn is_armed(&self, finder: usize, segment: usize) -> bool {
        if self.everywhere {
            return true;
        }
        segment / 64 < self.stride
            && self
                .bits
                .get(finder * self.stride + segment / 64)
                .is_some_and(|word| word & (1 << (segment % 64)) != 0)
    }

    /// The segments, of the first `count`, where finder `finder` may match, in order.
    pub fn segments_of(&self, finder: usize, count: usize) -> impl Iterator<Item = usize> + '_ {
        let words = match self.everywhere {
            true => &[][..],
            false => self
                .bits
                .get(finder * self.stride..(finder + 1) * self.stride)
                .unwrap_or(&[]),
        };
        let set_bits = words.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    w * 64 + bit
                })
            })
        });
        let all = self.everywhere.then_some(0..count).into_iter().flatten();
        all.chain(set_bits.take_while(move |&segment| segment < count))
    }

    /// Whether finder `finder` may match in some segment.
    pub fn is_armed_anywhere(&self, finder: usize) -> bool {
        self.everywhere
            || self
                .anywhere
                .get(finder / 64)
                .is_some_and(|word| word & (1 << (finder % 64)) != 0)
    }

    fn arm(&mut self, finder: usize, segment: usize) {
        self.bits[finder * self.stride + segment / 64] |= 1 << (segment % 64);
        self.anywhere[finder / 64] |= 1 << (finder % 64);
    }
}

/// Bytes scanned before the DFA is built. The DFA of the whole catalogue (`LiteralDfa`, 4.5
/// MB of table) takes 6-10 ms to build and scans several times as fast as the NFA, so it
/// pays after a few megabytes: a whole postings repository, not a save in an editor.
const UPGRADE_AFTER: usize = 4 << 20;

#[derive(Debug, Clone)]
struct Literal {
    starts_word: bool,
    ends_word: bool,
    /// Its finders: `Triggers::owners[owners]`.
    owners: Range<u32>,
    /// (finder, index in its word list) of each list that holds this word:
    /// `Triggers::words[words]`.
    words: Range<u32>,
    /// The finders it arms only with others, and in which group: `Triggers::grouped[grouped]`
    /// (see `Trigger::group`).
    grouped: Range<u32>,
}

impl Triggers {
    /// The triggers of finders `0..finders.len()`: each one's literals, or `None` for a finder
    /// that must search everywhere.
    pub fn new(mut finders: Vec<Option<Vec<Trigger>>>) -> Triggers {
        // Sized for half the triggers, as most are distinct (the catalogue's 3,768 hold 3,237
        // literals): the table rounds up to 4,096 buckets, which hold 3,584. Sized for all of
        // them it took 8,192 buckets, 256 KB that the inserts spread over: 61 of a posting's
        // 850 page faults. A rule set with more literals grows it once. (A bucket stays 32
        // bytes with a `u32` number too: the key tuple is padded to 24 on its own.)
        let count: usize = finders.iter().flatten().map(Vec::len).sum();
        let mut index: crate::fxhash::FxHashMap<(&str, bool, bool), u32> =
            crate::fxhash::FxHashMap::with_capacity_and_hasher(count / 2, Default::default());
        let mut word_lists = vec![false; finders.len()];
        // Where each literal is first held (finder, trigger): moved out into the automaton
        // once the index is done with them.
        let mut first_held: Vec<(u32, u32)> = Vec::with_capacity(count);
        let mut literals: Vec<Literal> = Vec::with_capacity(count);
        // (literal, finder, word) for every trigger, gathered per literal below: one vector
        // for all, where a vector per literal made two allocations for each.
        let mut links: Vec<(u32, u32, Option<u32>, u32)> = Vec::with_capacity(count);
        let mut always = Vec::new();
        for (finder, triggers) in finders.iter().enumerate() {
            let Some(triggers) = triggers else {
                always.push(finder);
                continue;
            };
            let finder_id = narrow(finder);
            for (held, trigger) in triggers.iter().enumerate() {
                let key = (
                    trigger.literal.as_ref(),
                    trigger.starts_word,
                    trigger.ends_word,
                );
                let at = *index.entry(key).or_insert_with(|| {
                    first_held.push((finder_id, narrow(held)));
                    literals.push(Literal {
                        starts_word: trigger.starts_word,
                        ends_word: trigger.ends_word,
                        owners: 0..0,
                        words: 0..0,
                        grouped: 0..0,
                    });
                    narrow(literals.len() - 1)
                });
                links.push((at, finder_id, trigger.word.map(narrow), trigger.group));
                if trigger.word.is_some() {
                    word_lists[finder] = true;
                }
            }
        }
        // Stable: each literal's finders stay in order. Counted into place, as the literals
        // are numbered densely: a stable sort of the catalogue's 3,768 links was 4% of the
        // instructions of a posting's run.
        let links = sorted_by_key(links, literals.len(), |&(literal, ..)| literal as usize);
        let mut owners: Vec<u32> = Vec::with_capacity(links.len());
        let mut words: Vec<(u32, u32)> = Vec::new();
        let mut grouped: Vec<(u32, u32)> = Vec::new();
        for group in links.chunk_by(|a, b| a.0 == b.0) {
            let literal = &mut literals[group[0].0 as usize];
            let (owners_from, words_from, grouped_from) =
                (owners.len(), words.len(), grouped.len());
            for &(_, finder, word, in_group) in group {
                if in_group != 0 {
                    if grouped.len() == grouped_from || grouped.last() != Some(&(finder, in_group))
                    {
                        grouped.push((finder, in_group));
                    }
                } else if owners.len() == owners_from || owners.last() != Some(&finder) {
                    owners.push(finder);
                }
                if let Some(word) = word {
                    words.push((finder, word));
                }
            }
            literal.owners = narrow(owners_from)..narrow(owners.len());
            literal.words = narrow(words_from)..narrow(words.len());
            literal.grouped = narrow(grouped_from)..narrow(grouped.len());
        }
        drop(index);
        let finder_count = finders.len();
        let patterns = first_held
            .into_iter()
            .map(|(finder, held)| {
                let triggers = finders[finder as usize]
                    .as_mut()
                    .expect("a literal's finder has triggers");
                std::mem::take(&mut triggers[held as usize].literal)
            })
            .collect();
        // Two in three of the pass's hits over bulk were inside a word ("he" in "the"), which
        // the check in `read_found` drops: the long run's DFA does not find them.
        let word_start = literals.iter().map(|l| l.starts_word).collect();
        Triggers {
            automata: Arc::new(
                Upgrading::new(MatchKind::Standard, patterns, UPGRADE_AFTER)
                    .with_word_starts(word_start),
            ),
            literals,
            owners,
            words,
            grouped,
            word_lists,
            always,
            finders: finder_count,
        }
    }

    /// Builds what the first posting will be read with now, if it is not built: a check
    /// calls this beside its other start-up work, so that the first posting does not wait.
    pub fn warm(&self) {
        if !self.automata.is_empty() {
            self.automata.warm();
        }
    }

    /// Whether this run has read enough text (`UPGRADE_AFTER`) to pay for whole automata: a
    /// postings repository, not an editor's saves.
    pub fn is_long_run(&self) -> bool {
        self.automata.is_long_run()
    }

    /// Whether a long run reads the literals with the `LiteralDfa` (for tests).
    #[cfg(test)]
    pub(crate) fn reads_with_literal_dfa(&self) -> bool {
        self.automata.build_dfa_now();
        self.automata.reads_with_literal_dfa()
    }

    /// Counts the run as long from its start (see `Upgrading::mark_long_run`).
    pub fn mark_long_run(&self) {
        self.automata.mark_long_run();
    }

    /// Reads each of the `count` segment texts once and arms the finders whose literals it
    /// holds.
    pub fn scan<'t>(&self, count: usize, segments: impl Iterator<Item = &'t str>) -> Armed {
        let stride = count.div_ceil(64).max(1);
        let mut armed = Armed {
            stride,
            bits: vec![0; stride * self.finders],
            anywhere: vec![0; self.finders.div_ceil(64).max(1)],
            everywhere: false,
            words: Vec::new(),
            word_starts: Vec::with_capacity(count + 1),
            word_lists: self.word_lists.clone(),
            narrowing: Narrowing::default(),
        };
        // Owners already armed in this segment are skipped, so a literal that occurs a
        // hundred times costs one lookup per occurrence, not one per owner.
        let mut seen = SeenLiterals::take(self.literals.len(), self.finders);
        let mut bytes = 0;
        // Nothing is built for a posting with nothing to read.
        let reader = (count > 0 && !self.automata.is_empty()).then(|| self.automata.reader());
        let mut chunk = Chunk::take();
        for text in segments.take(count) {
            bytes += text.len();
            if reader.is_none() {
                self.start_segment(&mut armed, &mut seen);
                continue;
            }
            chunk.push(text);
            if chunk.lowered.len() >= CHUNK_BYTES {
                self.read_chunk(&mut chunk, reader.as_ref(), &mut armed, &mut seen);
            }
        }
        self.read_chunk(&mut chunk, reader.as_ref(), &mut armed, &mut seen);
        armed.word_starts.push(narrow(armed.words.len()));
        seen.give_back();
        chunk.give_back();
        self.automata.note_searched(bytes);
        armed
    }

    /// Searches the chunk's segments at once and arms for each in turn.
    fn read_chunk(
        &self,
        chunk: &mut Chunk,
        reader: Option<&Reader<'_>>,
        armed: &mut Armed,
        seen: &mut SeenLiterals,
    ) {
        let (Some(reader), false) = (reader, chunk.ranges.is_empty()) else {
            return;
        };
        chunk.lower();
        reader.matches_in_lanes(&chunk.lowered, &mut chunk.lanes);
        // The lanes one after another hold the chunk's matches by end, so each segment's come
        // before the next one's: one cursor walks them (an iterator of the lanes flattened,
        // peeked at for each match, cost about 40 M instructions on bulk).
        let (mut lane, mut next) = (0, 0);
        for range in &chunk.ranges {
            let segment = self.start_segment(armed, seen);
            let text = &chunk.lowered[range.clone()];
            loop {
                let Some(found) = chunk.lanes[lane].get(next) else {
                    if lane + 1 == LANES {
                        break;
                    }
                    (lane, next) = (lane + 1, 0);
                    continue;
                };
                if found.end > range.end {
                    break;
                }
                next += 1;
                let own = Found {
                    literal: found.literal,
                    start: found.start - range.start,
                    end: found.end - range.start,
                };
                self.read_found(armed, seen, segment, text, own);
            }
        }
        chunk.clear();
    }

    /// Starts the next segment: its first word occurrence, its stamp, the finders armed in
    /// every segment. Returns its number.
    fn start_segment(&self, armed: &mut Armed, seen: &mut SeenLiterals) -> usize {
        let segment = armed.word_starts.len();
        armed.word_starts.push(narrow(armed.words.len()));
        seen.next_segment();
        for &finder in &self.always {
            armed.arm(finder, segment);
        }
        segment
    }

    /// Reads a match in segment `segment`, whose lower-cased text is `text` (`found` is a
    /// range of it): notes the words it is and arms its literal's finders.
    fn read_found(
        &self,
        armed: &mut Armed,
        seen: &mut SeenLiterals,
        segment: usize,
        text: &[u8],
        found: Found,
    ) {
        let (at, start, end) = (found.literal as usize, found.start, found.end);
        let literal = &self.literals[at];
        if literal.starts_word && !at_boundary(text, start)
            || literal.ends_word && !at_boundary(text, end)
        {
            return;
        }
        for &(finder, word) in &self.words[literal.words.start as usize..literal.words.end as usize]
        {
            armed.words.push(Occurrence {
                finder,
                word,
                start: narrow(start),
                end: narrow(end),
            });
        }
        if !seen.first_time(at) {
            return;
        }
        for &finder in &self.owners[literal.owners.start as usize..literal.owners.end as usize] {
            armed.arm(finder as usize, segment);
        }
        for &(finder, group) in
            &self.grouped[literal.grouped.start as usize..literal.grouped.end as usize]
        {
            if seen.group_completes(finder, group) {
                armed.arm(finder as usize, segment);
            }
        }
    }
}

/// `items` ordered by `key` (below `keys`), those of one key in their order: a stable counting
/// sort.
fn sorted_by_key<T: Copy>(items: Vec<T>, keys: usize, key: impl Fn(&T) -> usize) -> Vec<T> {
    let mut starts = vec![0usize; keys + 1];
    for item in &items {
        starts[key(item) + 1] += 1;
    }
    for i in 0..keys {
        starts[i + 1] += starts[i];
    }
    let mut sorted = items.clone();
    for item in &items {
        let at = &mut starts[key(item)];
        sorted[*at] = *item;
        *at += 1;
    }
    sorted
}

/// How many bytes of segments one search of the trigger pass reads at most (past one
/// segment): most postings are one search, and a huge one is not copied whole.
const CHUNK_BYTES: usize = 32 << 10;

/// Put after each segment's text in a chunk: a byte that no UTF-8 text holds, so no literal
/// (a `str`) holds it, no match spans two segments, and a search starts afresh after it.
const SEPARATOR: u8 = 0xff;

/// Segments' texts one after another, each followed by `SEPARATOR`, lower-cased and searched
/// at once: one search per posting, not one per segment (a posting has dozens, most of them a
/// line long), and long enough to be read in lanes.
struct Chunk {
    /// The texts, lower-cased (`lower`) before they are searched.
    lowered: Vec<u8>,
    /// Each segment's text in `lowered`.
    ranges: Vec<Range<usize>>,
    /// The matches of each lane.
    lanes: [Vec<Found>; LANES],
}

thread_local! {
    static CHUNK: std::cell::Cell<Option<Chunk>> = const { std::cell::Cell::new(None) };
}

impl Chunk {
    /// The thread's chunk, empty: its buffers are kept from posting to posting (four
    /// allocations a posting, and their growth past a typical one, before).
    fn take() -> Chunk {
        CHUNK.take().unwrap_or_else(|| Chunk {
            // Room for a typical posting (bulk's average 5 KB, 43 segments), grown past it.
            lowered: Vec::with_capacity(8 << 10),
            ranges: Vec::with_capacity(64),
            lanes: std::array::from_fn(|_| Vec::with_capacity(128)),
        })
    }

    /// Returns the chunk to the thread for its next posting, unless a huge one grew it: a
    /// thread does not keep megabytes for a run's one long posting.
    fn give_back(mut self) {
        const KEPT_BYTES: usize = 1 << 20;
        if self.lowered.capacity() > KEPT_BYTES
            || self.lanes.iter().map(Vec::capacity).sum::<usize>() * std::mem::size_of::<Found>()
                > KEPT_BYTES
        {
            return;
        }
        self.clear();
        for lane in &mut self.lanes {
            lane.clear();
        }
        CHUNK.set(Some(self));
    }

    /// Adds a segment's text as it is: the chunk is lower-cased whole when it is searched
    /// (`lower`).
    fn push(&mut self, text: &str) {
        let start = self.lowered.len();
        self.lowered.extend_from_slice(text.as_bytes());
        self.ranges.push(start..self.lowered.len());
        self.lowered.push(SEPARATOR);
    }

    /// Lower-cases the chunk's texts (ASCII only, so offsets do not move; the separators are
    /// not letters) in one pass. Segment by segment, most of each short text was the
    /// vectorised loop's byte-at-a-time tail: 1.6 instructions a byte.
    fn lower(&mut self) {
        crate::bytescan::lower_in_place(&mut self.lowered);
    }

    fn clear(&mut self) {
        self.lowered.clear();
        self.ranges.clear();
    }
}

/// Which literals a segment has already armed for: a stamp per literal, the segment's stamp
/// when seen in it. The table is kept by the thread from posting to posting and stamps only
/// grow, so no posting pays for clearing one entry per literal of the catalogue.
#[derive(Default)]
struct SeenLiterals {
    stamps: Vec<u32>,
    stamp: u32,
    /// The groups seen in the current segment, by finder: the stamp of the segment they were
    /// seen in and a bit per group (`group - 1`). Looked up, not searched for: a segment's
    /// list of finders was searched at every match of a grouped literal, a million on bulk.
    groups: Vec<(u32, u64)>,
}

thread_local! {
    static SEEN_LITERALS: std::cell::RefCell<SeenLiterals> = const {
        std::cell::RefCell::new(SeenLiterals {
            stamps: Vec::new(),
            stamp: 0,
            groups: Vec::new(),
        })
    };
}

impl SeenLiterals {
    /// The thread's table, with room for `literals` and `finders` (entries added are unseen:
    /// stamp 0).
    fn take(literals: usize, finders: usize) -> SeenLiterals {
        let mut seen = SEEN_LITERALS.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        if seen.stamps.len() < literals {
            seen.stamps.resize(literals, 0);
        }
        if seen.groups.len() < finders {
            seen.groups.resize(finders, (0, 0));
        }
        seen
    }

    /// A new segment: nothing is seen in it yet.
    fn next_segment(&mut self) {
        if self.stamp == u32::MAX {
            // Once in four billion segments, the stamps start again from a clean table.
            self.stamps.fill(0);
            self.groups.fill((0, 0));
            self.stamp = 0;
        }
        self.stamp += 1;
    }

    /// Notes group `group` of `finder` as seen in the current segment, and tells whether a
    /// conjunct of the finder now has both its sets (see `Trigger::group`).
    fn group_completes(&mut self, finder: u32, group: u32) -> bool {
        let bit = 1u64 << (group - 1);
        let (stamp, seen) = &mut self.groups[finder as usize];
        if *stamp != self.stamp {
            (*stamp, *seen) = (self.stamp, 0);
        }
        *seen |= bit;
        let groups = *seen;
        // A conjunct's trigger set is bit 2k, its confirming set bit 2k + 1.
        groups & (groups >> 1) & 0x5555_5555_5555_5555 != 0
    }

    /// Whether literal `at` is seen for the first time in the current segment (it is
    /// seen from now on).
    fn first_time(&mut self, at: usize) -> bool {
        let first = self.stamps[at] != self.stamp;
        self.stamps[at] = self.stamp;
        first
    }

    /// Returns the table to the thread for its next posting.
    fn give_back(self) {
        SEEN_LITERALS.with(|cell| *cell.borrow_mut() = self);
    }
}

/// One occurrence of a listed word: finder, the word's index in its list, and where it is
/// in its segment (offsets in a posting fit in 32 bits: `--max-file-size` is below 4 GiB).
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    finder: u32,
    word: u32,
    start: u32,
    end: u32,
}

/// Whether `at` is not between two ASCII letters or digits. It is a prefilter, so it may say
/// yes too often but never no wrongly: a word list's edge (no letter of any script on one
/// side) and a pattern's `\b` (no ASCII word character on one side) both pass.
pub(super) fn at_boundary(bytes: &[u8], at: usize) -> bool {
    let word = |b: Option<&u8>| b.copied().is_some_and(crate::literal_dfa::is_word_byte);
    !(at > 0 && word(bytes.get(at - 1)) && word(bytes.get(at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_ordered_by_literal_each_literals_in_their_order() {
        let links = vec![(2, 'a'), (0, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        let sorted = sorted_by_key(links, 3, |&(literal, _)| literal as usize);
        assert_eq!(sorted, [(0, 'b'), (0, 'e'), (1, 'd'), (2, 'a'), (2, 'c')]);
        assert!(sorted_by_key(Vec::<(u32, char)>::new(), 0, |_| 0).is_empty());
    }

    impl Triggers {
        fn scan_all<'t>(&self, texts: impl ExactSizeIterator<Item = &'t str>) -> Armed {
            self.scan(texts.len(), texts)
        }
    }

    fn words(list: &[&str]) -> Option<Vec<Trigger>> {
        Some(
            list.iter()
                .map(|w| Trigger {
                    literal: w.to_string().into(),
                    starts_word: false,
                    ends_word: false,
                    word: None,
                    group: 0,
                })
                .collect(),
        )
    }

    #[test]
    fn lazy_triggers_are_built_on_first_use_and_keep_a_run_counted_long_before() {
        let lazy = LazyTriggers::new(vec![words(&["phd"]), words(&["ninja"])]);
        assert!(!lazy.is_long_run());
        lazy.mark_long_run();
        assert!(lazy.is_long_run());
        assert!(lazy.built.get().is_none(), "asking does not build them");
        let triggers = lazy.get();
        assert!(
            triggers.is_long_run(),
            "the mark reaches the built automaton"
        );
        let armed = triggers.scan_all(["A PhD is required."].into_iter());
        assert!(armed.is_armed(0, 0));
        assert!(!armed.is_armed(1, 0));
    }

    #[test]
    fn narrowed_triggers_leave_out_the_literals_of_finders_that_are_off() {
        let lazy = LazyTriggers::new(vec![words(&["phd"]), words(&["ninja", "guru"]), None]);
        let narrowed = lazy
            .narrowed(vec![true, false, false])
            .expect("not built yet");
        let texts = ["A PhD", "a ninja guru", "Senior Engineer"];
        let triggers = narrowed.get();
        assert_eq!(triggers.literals.len(), 1, "only the live finder's literal");
        let armed = triggers.scan_all(texts.into_iter());
        assert_eq!(armed.segments_of(0, 3).collect::<Vec<_>>(), [0]);
        // Off: never armed, not even a finder without literals.
        assert_eq!(armed.segments_of(1, 3).count(), 0);
        assert_eq!(armed.segments_of(2, 3).count(), 0);
        // The whole set still reads every literal, its own copy untouched.
        let armed = lazy.get().scan_all(texts.into_iter());
        assert_eq!(armed.segments_of(1, 3).collect::<Vec<_>>(), [1]);
        assert_eq!(armed.segments_of(2, 3).collect::<Vec<_>>(), [0, 1, 2]);
        // Built, the literals are in its automaton: nothing is left to narrow.
        assert!(lazy.narrowed(vec![true, true, true]).is_none());
    }

    #[test]
    fn a_finder_is_armed_only_where_its_literals_occur() {
        let triggers = Triggers::new(vec![words(&["phd", "doctorate"]), words(&["ninja"]), None]);
        let armed = triggers
            .scan_all(["Senior Engineer", "A PhD is required.", "Be a coding NINJA"].into_iter());
        assert!(!armed.is_armed(0, 0));
        assert!(armed.is_armed(0, 1));
        assert!(!armed.is_armed(0, 2));
        assert!(!armed.is_armed(1, 1));
        assert!(armed.is_armed(1, 2));
        // No literals: every segment.
        assert!((0..3).all(|s| armed.is_armed(2, s)));
    }

    #[test]
    fn a_finder_lists_its_segments_in_order_past_a_word_of_bits() {
        let triggers = Triggers::new(vec![words(&["phd"]), words(&["ninja"]), None]);
        // 130 segments: three words of bits per finder.
        let texts: Vec<&str> = (0..130)
            .map(|i| match i {
                0 | 63 | 64 | 129 => "A PhD",
                5 => "a ninja, a PhD",
                _ => "Senior Engineer",
            })
            .collect();
        let armed = triggers.scan_all(texts.iter().copied());
        let of = |finder, count| armed.segments_of(finder, count).collect::<Vec<_>>();
        assert_eq!(of(0, 130), [0, 5, 63, 64, 129]);
        assert_eq!(of(1, 130), [5]);
        assert_eq!(of(2, 130), (0..130).collect::<Vec<_>>());
        // Only the first `count`; a segment past the posting is armed for no finder.
        assert_eq!(of(0, 64), [0, 5, 63]);
        assert!(!armed.is_armed(0, 192) && !armed.is_armed(1, 130));
        assert_eq!(
            Armed::everywhere().segments_of(0, 3).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn a_literal_arms_again_in_every_segment_and_every_posting() {
        // The table of literals seen in a segment is kept from posting to posting.
        let triggers = Triggers::new(vec![words(&["phd"]), words(&["phd", "ninja"])]);
        for _ in 0..3 {
            let armed = triggers.scan_all(["PhD, PhD", "ninja", "phd"].into_iter());
            assert_eq!(armed.segments_of(0, 3).collect::<Vec<_>>(), [0, 2]);
            assert_eq!(armed.segments_of(1, 3).collect::<Vec<_>>(), [0, 1, 2]);
        }
        let other = Triggers::new(vec![words(&["a", "b", "c", "phd"])]);
        let armed = other.scan_all(["phd"].into_iter());
        assert_eq!(armed.segments_of(0, 1).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn segments_read_together_arm_and_list_words_as_each_read_alone() {
        let word = |literal: &str, word| Trigger {
            literal: literal.to_string().into(),
            starts_word: true,
            ends_word: true,
            word: Some(word),
            group: 0,
        };
        let new = || {
            Triggers::new(vec![
                Some(vec![word("phd", 0), word("doctorate", 1)]),
                words(&["ninja"]),
            ])
        };
        // Read with the table a posting on its own uses, and with the DFA (in lanes) of
        // a long run.
        let long_run = new();
        long_run.mark_long_run();
        long_run.scan_all(["a PhD"].into_iter());
        assert!(long_run.automata.built().1);
        for triggers in [new(), long_run] {
            // Past two chunks, with literals at the segments' edges (a match may not join two),
            // and some segments empty.
            let filler = "Senior Engineer building data tools. ".repeat(100);
            let mut texts: Vec<String> = Vec::new();
            for i in 0..120 {
                texts.push(match i % 6 {
                    0 => "PhD".to_string(),
                    1 => format!("{filler}doctorate"),
                    2 => String::new(),
                    3 => "ninja PhD, a doctorate".to_string(),
                    4 => "ph".to_string(),
                    _ => "d nin".to_string(),
                });
            }
            assert!(texts.iter().map(String::len).sum::<usize>() > 2 * CHUNK_BYTES);
            let together = triggers.scan_all(texts.iter().map(String::as_str));
            for (i, text) in texts.iter().enumerate() {
                let alone = triggers.scan_all(std::iter::once(text.as_str()));
                for finder in 0..2 {
                    assert_eq!(
                        together.is_armed(finder, i),
                        alone.is_armed(finder, 0),
                        "{i}"
                    );
                }
                assert_eq!(together.words(0, i), alone.words(0, 0), "{i}");
            }
            assert_eq!(together.words(0, 3), Some(vec![(0, 6..9), (1, 13..22)]));
            assert!(
                !together.is_armed(0, 4) && !together.is_armed(0, 5) && !together.is_armed(1, 5)
            );
        }
    }

    #[test]
    fn no_match_joins_two_segments_whatever_bytes_they_hold() {
        // "ÿ" is two bytes in UTF-8, neither the separator; a NUL is text like any other.
        let triggers = Triggers::new(vec![words(&["a\0b"]), words(&["ab"]), words(&["\u{ff}"])]);
        let armed = triggers.scan_all(["xa\0b", "a", "b\u{ff}", "\u{ff}a", "b"].into_iter());
        assert_eq!(armed.segments_of(0, 5).collect::<Vec<_>>(), [0]);
        assert_eq!(
            armed.segments_of(1, 5).collect::<Vec<_>>(),
            [] as [usize; 0]
        );
        assert_eq!(armed.segments_of(2, 5).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn overlapping_literals_arm_every_owner() {
        let triggers = Triggers::new(vec![words(&["lead"]), words(&["leader"]), words(&["ad"])]);
        let armed = triggers.scan_all(["a natural leader"].into_iter());
        assert!(armed.is_armed(0, 0) && armed.is_armed(1, 0) && armed.is_armed(2, 0));
    }

    #[test]
    fn a_conjunct_arms_only_where_its_trigger_and_its_confirming_set_both_occur() {
        let grouped = |literal: &str, group| Trigger {
            literal: literal.to_string().into(),
            starts_word: true,
            ends_word: true,
            word: None,
            group,
        };
        // Finder 0: ("current" and "salary") or ("history" and "pay"); finder 1: "ninja" alone.
        let triggers = Triggers::new(vec![
            Some(vec![
                grouped("current", 1),
                grouped("salary", 2),
                grouped("history", 3),
                grouped("pay", 4),
            ]),
            Some(vec![grouped("ninja", 0)]),
        ]);
        // Twice: the groups seen are kept by the thread from posting to posting, and each
        // segment (of either posting) starts with none.
        for _ in 0..2 {
            let armed = triggers.scan_all(
                [
                    "Your current salary, please.",
                    "Our current team and a fair salary.",
                    "The current stack.",
                    "A competitive salary.",
                    "Pay history is not asked.",
                    "Current pay; salary history.",
                    "Salary history? No: the current role's pay.",
                    "A ninja.",
                ]
                .into_iter(),
            );
            let finder_0: Vec<usize> = (0..8).filter(|&s| armed.is_armed(0, s)).collect();
            // Segment 5 holds "current" and "history", "pay" and "salary": both conjuncts.
            assert_eq!(finder_0, [0, 1, 4, 5, 6]);
            let finder_1: Vec<usize> = (0..8).filter(|&s| armed.is_armed(1, s)).collect();
            assert_eq!(finder_1, [7]);
        }
    }

    #[test]
    fn a_word_trigger_needs_word_boundaries() {
        let he = Trigger {
            literal: "he".into(),
            starts_word: true,
            ends_word: true,
            word: None,
            group: 0,
        };
        let triggers = Triggers::new(vec![Some(vec![he])]);
        let armed =
            triggers.scan_all(["the help", "so he said", "He.", "_he", "\u{e7}he"].into_iter());
        assert!(!armed.is_armed(0, 0));
        assert!(armed.is_armed(0, 1) && armed.is_armed(0, 2));
        // A word list's edge holds next to "_", a pattern's ASCII `\b` next to "ç": the
        // prefilter lets both through.
        assert!(armed.is_armed(0, 3) && armed.is_armed(0, 4));
    }

    #[test]
    fn the_automaton_is_built_for_the_first_text_or_by_warm() {
        let triggers = Triggers::new(vec![words(&["ninja"])]);
        // An empty posting, a check with nothing to read: no automaton.
        let armed = triggers.scan_all(std::iter::empty());
        assert!(!armed.is_armed(0, 0));
        assert_eq!(triggers.automata.built(), (false, false));
        let armed = triggers.scan_all(["a coding ninja"].into_iter());
        assert!(armed.is_armed(0, 0));
        assert_eq!(triggers.automata.built(), (true, false));

        let warmed = Triggers::new(vec![words(&["ninja"])]);
        warmed.warm();
        assert_eq!(warmed.automata.built(), (true, false));
        // Literals of no finder: nothing to build.
        let none = Triggers::new(vec![None]);
        none.warm();
        assert_eq!(none.automata.built(), (false, false));
    }

    #[test]
    fn a_long_run_switches_to_the_dfa_and_arms_the_same() {
        let triggers = Triggers::new(vec![words(&["phd"]), words(&["ninja"])]);
        let texts = ["A PhD is required", "rockstar ninjas", "nothing here"];
        let before: Vec<bool> = (0..2)
            .flat_map(|f| {
                let armed = triggers.scan_all(texts.into_iter());
                (0..3).map(move |s| armed.is_armed(f, s))
            })
            .collect();
        assert_eq!(triggers.automata.built(), (true, false));
        let filler = "x".repeat(UPGRADE_AFTER);
        triggers.scan_all([filler.as_str()].into_iter());
        assert_eq!(triggers.automata.built(), (true, true));
        let after: Vec<bool> = (0..2)
            .flat_map(|f| {
                let armed = triggers.scan_all(texts.into_iter());
                (0..3).map(move |s| armed.is_armed(f, s))
            })
            .collect();
        assert_eq!(before, after);
        assert_eq!(before, [true, false, false, false, true, false]);
    }

    #[test]
    fn more_than_sixty_four_finders() {
        let mut finders = vec![words(&["zzz"]); 130];
        finders[129] = words(&["needle"]);
        let armed = Triggers::new(finders).scan_all(["hay", "a needle"].into_iter());
        assert!(armed.is_armed(129, 1));
        assert!(!armed.is_armed(129, 0));
        assert!(!armed.is_armed(128, 1));
    }
}
