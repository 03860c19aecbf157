//! What a check looks for in a document, and what it ignores: the part every check kind
//! shares. Words and patterns are searched in the segments a rule covers; `patterns-in` only
//! in the named sections; a match is dropped when its sentence holds an exception, or when the
//! sentence or list item after it starts with one (`exceptions-next`: "PhD in physics" then
//! "Or a Master's and 5 years of industry work").

use std::ops::Range;

use super::pattern::{
    Matcher, Narrowing, Pattern, Trigger, WordList, sentence_around, without_overlaps,
};
use super::trigger::Armed;
use crate::bytescan::ceil_char_boundary;
use crate::document::{Document, SectionKind, Segment, SegmentKind};
use crate::fxhash::{FxHashMap, FxHashSet};

/// How far the text after a match is read for `exceptions-next`, in bytes.
const NEXT_CONTEXT: usize = 300;

/// A compiled search: the `[check]` keys that say what counts as a match.
#[derive(Debug, Clone)]
pub struct Finder {
    /// Its number in the rule set, for `Armed` (set when the rule joins a set).
    pub id: usize,
    /// `words` and `patterns`: matched in every segment the rule searches.
    pub matcher: Matcher,
    /// `patterns-in`: matched only in segments of that section.
    pub in_sections: Vec<(SectionKind, Matcher)>,
    /// A match whose whole word is one of these is dropped.
    pub not_words: Option<WordList>,
    /// A match inside one of these phrases is dropped.
    pub not_phrases: Option<WordList>,
    /// A match whose sentence matches this is dropped.
    pub exceptions: Option<Pattern>,
    /// A match is dropped when the sentence or item after its sentence matches this.
    pub exceptions_next: Option<Pattern>,
    /// `triggers`, made where the rule compiles, until the rule set's index takes them.
    pub(super) made_triggers: Option<Option<Vec<Trigger>>>,
}

/// A finder's matches before the exceptions (see `Finder::candidates`).
pub struct Candidates<'d> {
    /// The title, then the segments.
    all: Segments<'d>,
    /// Per segment with matches: its index in `all`, and the ranges in order.
    found_in: Vec<(usize, Vec<Range<usize>>)>,
    /// Whether the matches inside addresses, `not-words` and `not-phrases` are dropped
    /// already (see `Finder::screen`).
    screened: bool,
}

impl Candidates<'_> {
    /// How many there are, repeated segments counted each time: no fewer than
    /// `distinct_count`, and counted without reading a text.
    pub fn count(&self) -> usize {
        self.found_in.iter().map(|(_, found)| found.len()).sum()
    }

    /// How many there are, a segment whose text repeats an earlier one's counted once (as
    /// the checks count survivors): no fewer than the survivors so counted.
    pub fn distinct_count(&self) -> usize {
        let matches = self.found_in.iter().map(|(_, found)| found.len()).sum();
        let mut distinct = Distinct::with_capacity(self.found_in.len(), matches);
        for (i, found) in &self.found_in {
            for range in found {
                distinct.insert(&self.all.get(*i).text, range.start);
            }
        }
        distinct.len()
    }

    /// Keeps only the matches whose words `keep` keeps, before anything costlier is asked of
    /// them (a substitution's matches that are already written as their replacement).
    pub fn retain_words(&mut self, keep: impl Fn(&str) -> bool) {
        let all = &self.all;
        for (i, found) in &mut self.found_in {
            let text = &all.get(*i).text;
            found.retain(|range| keep(&text[range.clone()]));
        }
        self.found_in.retain(|(_, found)| !found.is_empty());
    }
}

/// Matches counted once each, a match at the same place in a segment whose text repeats an
/// earlier one's counted as that one (job boards duplicate paragraphs).
#[derive(Default)]
pub struct Distinct<'d> {
    /// The content of each segment text met, by the text's address: a text is compared
    /// with the others once, not at every match in it. (Keys of text and place compared the
    /// whole text whenever two keys' hashes met, and a long paragraph of many matches was
    /// quadratic: 2.6 MB of gender-coded sentences took 1.2 s, four times that 4.9 s.)
    ids: FxHashMap<(usize, usize), usize>,
    contents: FxHashMap<Content<'d>, usize>,
    seen: FxHashSet<(usize, usize)>,
}

impl<'d> Distinct<'d> {
    /// Room for the matches of `segments` segments, `matches` in all: the sets were grown
    /// from empty, rehashed a few times for every count of every posting.
    fn with_capacity(segments: usize, matches: usize) -> Distinct<'d> {
        Distinct {
            ids: FxHashMap::with_capacity_and_hasher(segments, Default::default()),
            contents: FxHashMap::with_capacity_and_hasher(segments, Default::default()),
            seen: FxHashSet::with_capacity_and_hasher(matches, Default::default()),
        }
    }

    /// Whether the match at `start` of a segment with `text` is new.
    pub fn insert(&mut self, text: &'d str, start: usize) -> bool {
        let address = (text.as_ptr() as usize, text.len());
        let id = match self.ids.get(&address) {
            Some(&id) => {
                crate::work::count(crate::work::Loop::DistinctMatches, 1);
                id
            }
            None => {
                // Hashed by its ends, compared whole with a text of the same hash.
                crate::work::count(crate::work::Loop::DistinctMatches, text.len());
                let next = self.contents.len();
                let id = *self.contents.entry(Content(text)).or_insert(next);
                self.ids.insert(address, id);
                id
            }
        };
        self.seen.insert((id, start))
    }

    fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// A segment's text as a map key: hashed by its length and ends (equal keys still compare
/// the whole text), so that a long segment is not hashed whole (SipHash over every
/// paragraph with a match was 1.6% of a long run).
#[derive(PartialEq, Eq)]
struct Content<'d>(&'d str);

impl std::hash::Hash for Content<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let bytes = self.0.as_bytes();
        const ENDS: usize = 16;
        state.write_usize(bytes.len());
        state.write(&bytes[..bytes.len().min(ENDS)]);
        state.write(&bytes[bytes.len().saturating_sub(ENDS)..]);
    }
}

/// One match: the segment it is in and its range in that segment's text.
#[derive(Debug, Clone)]
pub struct Hit<'d> {
    pub segment: &'d Segment,
    pub range: Range<usize>,
}

impl Hit<'_> {
    /// The matched text.
    pub fn text(&self) -> &str {
        &self.segment.text[self.range.clone()]
    }

    /// Its byte range in the source file.
    pub fn source_range(&self) -> Range<usize> {
        self.segment.map.to_source(self.range.clone())
    }

    /// Whether the source bytes are exactly the matched text (no markup, escape or joined
    /// line break inside), so that replacing them is a clean edit.
    pub fn is_verbatim(&self) -> bool {
        let range = self.source_range();
        range.len() == self.range.len() && self.segment.map.is_verbatim(self.range.clone())
    }
}

/// The highest `Trigger::group` the trigger pass reads: two bits of a `u64` per conjunct.
pub const MAX_GROUP: u32 = 64;

impl Finder {
    /// Whether the finder has anything to look for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_empty() && self.in_sections.is_empty()
    }

    /// Literals one of which every match contains, or `None` when the finder must search
    /// every segment (see `rules::trigger`).
    pub fn triggers(&self) -> Option<Vec<Trigger>> {
        let mut all = self.matcher.triggers()?;
        for (_, matcher) in &self.in_sections {
            // Each matcher numbers its conjuncts from 0: the next ones follow the last.
            let offset = 2 * all.iter().map(|t| t.group.div_ceil(2)).max().unwrap_or(0);
            all.extend(matcher.triggers()?.into_iter().filter_map(|t| {
                let group = if t.group == 0 { 0 } else { t.group + offset };
                match group {
                    // Past the pass's 32 conjuncts a finder: its trigger set arms alone,
                    // and the set that confirmed it is left out.
                    g if g > MAX_GROUP && !g.is_multiple_of(2) => Some(Trigger { group: 0, ..t }),
                    g if g > MAX_GROUP => None,
                    g => Some(Trigger { group: g, ..t }),
                }
            }));
        }
        Some(all)
    }

    /// Makes `triggers` now, where the rule compiles (on every core, at start-up), for the
    /// rule set's index to take (`take_triggers`): made when the index was built, they kept
    /// both cores idle for 0.1 ms of an editor's save.
    pub fn make_triggers(&mut self) {
        self.made_triggers = Some(self.triggers());
    }

    /// The triggers `make_triggers` made, taken; made now when they were taken before (a
    /// rule set indexed again).
    pub fn take_triggers(&mut self) -> Option<Vec<Trigger>> {
        self.made_triggers.take().unwrap_or_else(|| self.triggers())
    }

    /// Every pattern the finder holds.
    pub fn patterns(&self) -> Vec<&Pattern> {
        let mut all: Vec<&Pattern> = self.matcher.pattern().into_iter().collect();
        all.extend(self.in_sections.iter().filter_map(|(_, m)| m.pattern()));
        all.extend(self.exception_patterns());
        all
    }

    /// The patterns that drop a match: run on the sentence of a match, and on what follows it.
    pub fn exception_patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.exceptions.iter().chain(&self.exceptions_next)
    }

    /// The patterns every search of an armed finder runs (the exceptions run only on a
    /// match).
    pub fn search_patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.matcher
            .pattern()
            .into_iter()
            .chain(self.in_sections.iter().filter_map(|(_, m)| m.pattern()))
    }

    /// The word lists an armed finder searches with: its words, unless the trigger pass
    /// found their occurrences (`armed`), the words that drop a match, and the phrases that
    /// drop one (those of them that the posting's narrowing keeps).
    pub fn word_lists<'f>(&'f self, armed: &'f Armed) -> impl Iterator<Item = &'f WordList> {
        self.matcher
            .words()
            .filter(|_| !armed.reads_words(self.id))
            .into_iter()
            .chain(&self.not_words)
            .chain(
                self.not_phrases
                    .as_ref()
                    .and_then(|list| armed.narrowing().phrases(list)),
            )
    }

    /// For a posting on its own: the `not-phrases` that can cover one of this finder's
    /// matches in it, when the finder matches only its word list and the trigger pass found
    /// where its words are (`None` otherwise: the list stays whole). Such a match is an
    /// occurrence of one of the list's words, and a phrase covers it only if the phrase holds
    /// that word, or is a stem (which runs on past its letters): the phrases holding none of
    /// the words the posting has can be left out. gender-coded-wording's 518 phrases were
    /// most of the automata a posting built.
    pub fn narrowed_phrases(&self, armed: &Armed) -> Option<Option<WordList>> {
        let phrases = self.not_phrases.as_ref()?;
        let words = self.matcher.words()?;
        if self.matcher.pattern().is_some()
            || !self.in_sections.is_empty()
            || !armed.reads_words(self.id)
            || !phrases.take_narrowing()
        {
            return None;
        }
        let present: Vec<&str> = armed
            .words_anywhere(self.id)
            .into_iter()
            .filter_map(|i| words.word(i))
            .collect();
        // The few words the posting has, looked for in each phrase at once.
        let holds_one = crate::literal_scan::LiteralScan::ascii_case_insensitive(&present)?;
        let keep: Vec<bool> = phrases
            .words()
            .map(|(phrase, stem)| stem || holds_one.is_match(phrase.as_bytes()))
            .collect();
        if keep.iter().all(|&k| k) {
            return None;
        }
        Some(phrases.subset(|i| keep[i]))
    }

    /// Every match that survives the exceptions, in document order. `in_scope` says which
    /// segments the rule searches; segments where the finder is not `armed` cannot match.
    pub fn find<'d>(
        &self,
        doc: &'d Document,
        in_scope: &dyn Fn(&Segment) -> bool,
        armed: &Armed,
    ) -> Vec<Hit<'d>> {
        self.survivors(self.candidates(doc, in_scope, armed), armed.narrowing())
    }

    /// The matches before anything drops one (addresses, `not-words`, `not-phrases`,
    /// exceptions), per segment, in document order: what `survivors` then filters. A check
    /// that needs a number of matches can stop here when there are too few.
    pub fn candidates<'d>(
        &self,
        doc: &'d Document,
        in_scope: &dyn Fn(&Segment) -> bool,
        armed: &Armed,
    ) -> Candidates<'d> {
        let all = Segments::of(doc);
        let mut found_in = Vec::new();
        let mut raw_words = Vec::new();
        for i in armed.segments_of(self.id, all.len()) {
            let segment = all.get(i);
            if !in_scope(segment) {
                continue;
            }
            let read = armed.words_into(self.id, i, &mut raw_words);
            let mut found = self.matcher.find_all_with(
                &segment.text,
                read.then_some(&raw_words[..]),
                armed.narrowing(),
            );
            for (section, matcher) in &self.in_sections {
                if *section == segment.section && segment.kind != SegmentKind::Title {
                    found.extend(matcher.find_all_with(&segment.text, None, armed.narrowing()));
                }
            }
            if !found.is_empty() {
                found_in.push((i, without_overlaps(found)));
            }
        }
        Candidates {
            all,
            found_in,
            screened: false,
        }
    }

    /// The `candidates` that survive the exceptions, in document order.
    pub fn survivors<'d>(&self, candidates: Candidates<'d>, narrowing: &Narrowing) -> Vec<Hit<'d>> {
        self.survivors_up_to(candidates, narrowing, usize::MAX)
    }

    /// `survivors`, stopping at the first that makes more than `max` distinct ones (a
    /// segment whose text repeats an earlier one's counts once, as `distinct_count`): a check
    /// that only needs to know whether there are at most `max` does not test the rest.
    pub fn survivors_up_to<'d>(
        &self,
        candidates: Candidates<'d>,
        narrowing: &Narrowing,
        max: usize,
    ) -> Vec<Hit<'d>> {
        let Candidates {
            all,
            found_in,
            screened,
        } = candidates;
        let mut distinct = Distinct::default();
        let mut hits = Vec::new();
        let mut next_bodies = None;
        for (i, mut found) in found_in {
            let segment = all.get(i);
            if !screened {
                self.screen_segment(segment, &mut found, narrowing);
            }
            let next_segment = next_body(&mut next_bodies, all, i);
            // Matches in one sentence share its verdict: the exceptions run once per sentence.
            let mut last: Option<(Range<usize>, bool)> = None;
            for range in found {
                let sentence = sentence_around(&segment.text, &range);
                let excepted = match &last {
                    Some((seen, verdict)) if *seen == sentence => *verdict,
                    _ => {
                        let verdict = self.is_excepted(segment, &sentence, next_segment, narrowing);
                        last = Some((sentence, verdict));
                        verdict
                    }
                };
                if excepted {
                    continue;
                }
                let start = range.start;
                hits.push(Hit { segment, range });
                if max != usize::MAX
                    && distinct.insert(&segment.text, start)
                    && distinct.len() > max
                {
                    return hits;
                }
            }
        }
        hits
    }

    /// `candidates` without the matches that need no exception tested to be dropped: those
    /// inside a web or e-mail address, a `not-words` word or a `not-phrases` phrase. Their
    /// `distinct_count` is then a tighter bound on the survivors, which lets a balance check
    /// end before testing any sentence (on bulk, 1,876 of the 4,262 postings whose
    /// gender-coded words were tested against the exceptions).
    pub fn screen<'d>(&self, candidates: Candidates<'d>, narrowing: &Narrowing) -> Candidates<'d> {
        let Candidates {
            all, mut found_in, ..
        } = candidates;
        for (i, found) in &mut found_in {
            self.screen_segment(all.get(*i), found, narrowing);
        }
        found_in.retain(|(_, found)| !found.is_empty());
        Candidates {
            all,
            found_in,
            screened: true,
        }
    }

    /// Drops from `found`, matches in `segment`, those `screen` drops.
    fn screen_segment(
        &self,
        segment: &Segment,
        found: &mut Vec<Range<usize>>,
        narrowing: &Narrowing,
    ) {
        // A word inside a web address or an e-mail address is not prose, nor one quoted as a
        // word ("titles such as \"rockstar\"", "an internal project called \"Hustle\"").
        found.retain(|r| !in_address(&segment.text, r) && !in_quoted_mention(&segment.text, r));
        if let Some(not_words) = &self.not_words {
            found.retain(|r| !not_words.covers(&segment.text[r.clone()]));
        }
        if let Some(not_phrases) = self
            .not_phrases
            .as_ref()
            .and_then(|list| narrowing.phrases(list))
        {
            found.retain(|r| !not_phrases.covers_range(&segment.text, r));
        }
    }

    /// Whether anything survives in the segments the rule searches.
    pub fn any(&self, doc: &Document, in_scope: &dyn Fn(&Segment) -> bool, armed: &Armed) -> bool {
        // The first survivor answers: the exceptions are not tested on the rest.
        !self
            .survivors_up_to(self.candidates(doc, in_scope, armed), armed.narrowing(), 0)
            .is_empty()
    }

    /// Whether a match in `sentence` (a range of the segment's text) is dropped.
    fn is_excepted(
        &self,
        segment: &Segment,
        sentence: &Range<usize>,
        next_segment: Option<&Segment>,
        narrowing: &Narrowing,
    ) -> bool {
        let text = &segment.text;
        if let Some(exceptions) = &self.exceptions
            && exceptions.is_match_in(&text[sentence.clone()], narrowing)
        {
            return true;
        }
        let Some(next) = &self.exceptions_next else {
            return false;
        };
        let after = text[sentence.end..].trim_start();
        let after = if after.is_empty() {
            next_segment.map_or("", |s| s.text.trim_start())
        } else {
            after
        };
        next.is_match_in(prefix(after, NEXT_CONTEXT), narrowing)
    }
}

/// Whether `range` lies in a token that is a web or e-mail address ("www.github.com/acme",
/// "https://…", "jobs@acme.io", "acme.com/careers").
fn in_address(text: &str, range: &Range<usize>) -> bool {
    let is_space =
        |c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | ',');
    // The token around the match, no further than an address reaches: many matches in one
    // long token then cost steps in proportion to their number, not to the token's length.
    let floor = ceil_char_boundary(text, range.start.saturating_sub(ADDRESS_REACH));
    let ceiling = range.end + prefix(&text[range.end..], ADDRESS_REACH).len();
    crate::work::count(crate::work::Loop::Context, ceiling - floor);
    let start = text[floor..range.start]
        .char_indices()
        .rfind(|(_, c)| is_space(*c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let end = text[range.end..ceiling]
        .find(is_space)
        .map_or(ceiling, |i| range.end + i);
    let token = text[start..end].trim_end_matches(['.', ';', ':', '!', '?']);
    // Every address form below holds a dot or a colon; most words hold neither, and are
    // then not lower-cased and searched eleven times.
    if !token.contains(['.', ':']) {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || (lower.contains('@') && lower.contains('.'))
        || [".com/", ".io/", ".org/", ".net/", ".dev/", ".ai/", ".co/"]
            .iter()
            .any(|d| lower.contains(d))
        // A bare domain, unless the match is the whole token: "ASP.NET" is a term.
        || (!(range.start == start && range.end >= start + token.len())
            && [".com", ".io", ".org", ".net"]
                .iter()
                .any(|d| lower.ends_with(d) && !lower.starts_with('.') && token.len() > d.len() + 1))
}

/// How far before a match its opening quotation mark, and after it its closing one, may stand.
const QUOTE_REACH: usize = 80;

/// Whether `range` lies inside a short quotation that names words rather than uses them: one
/// brought in by "such as", "like", "words", "replace", "removed", "avoid", "instead of",
/// "called" and the like, or by what another page says ("whose careers page says \"we're a
/// meritocracy\""), alone or after other such quotations ("\"young and energetic\" or
/// \"digital native\""). A quotation without such words is the posting's own voice (`a
/// "rockstar" developer`, `our motto is "work hard, play hard"`). Double quotation marks,
/// straight or curly, and guillemets; single ones are too often apostrophes.
fn in_quoted_mention(text: &str, range: &Range<usize>) -> bool {
    // Most matches have no quotation mark before them within reach (`“` and `”` start with
    // 0xE2, `«` with 0xC2): one scan of those bytes, not of the segment, so that a long
    // segment's many matches each cost the same.
    let window = &text.as_bytes()[range.start.saturating_sub(QUOTE_REACH)..range.start];
    if memchr::memchr3(b'"', 0xe2, 0xc2, window).is_none() {
        return false;
    }
    let Some((open, inner_start)) = opening_quote(text, range.start) else {
        return false;
    };
    let Some(close) = closing_quote(text, range.end, &text[open..inner_start]) else {
        return false;
    };
    if close - open > QUOTE_REACH {
        return false;
    }
    introduces_mention(&text[..open])
}

/// How far back straight quotation marks are counted to tell an opening one from a closing one:
/// from the line's start, or this far back in a longer line, so that each match costs the same
/// however long its segment (a huge posting of one line is still read in linear time).
const QUOTE_PAIRING_REACH: usize = 1024;

/// The quotation mark that opens a quotation holding `at`, and where its text starts: the
/// nearest one before `at` within `QUOTE_REACH`, with straight marks counted from the line's
/// start (an odd count before `at` is inside a quotation).
fn opening_quote(text: &str, at: usize) -> Option<(usize, usize)> {
    let floor = ceil_char_boundary(text, at.saturating_sub(QUOTE_REACH));
    crate::work::count(crate::work::Loop::Context, at - floor);
    let (i, c) = text[floor..at]
        .char_indices()
        .rfind(|(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»' | '„'))?;
    let open = floor + i;
    let opens = match c {
        '“' | '«' | '„' => true,
        '"' => {
            // Counted from the line's start, or in a longer line from the first sentence's
            // start within reach: a short quotation does not cross a full stop.
            let reach = at.saturating_sub(QUOTE_PAIRING_REACH);
            let before = &text.as_bytes()[reach..at];
            let line = match memchr::memrchr(b'\n', before) {
                Some(i) => reach + i + 1,
                None if reach == 0 => 0,
                None => memchr::memmem::find(before, b". ").map_or(at, |i| reach + i + 2),
            };
            crate::work::count(crate::work::Loop::Context, at - reach);
            text.as_bytes()[line..at]
                .iter()
                .filter(|&&b| b == b'"')
                .count()
                % 2
                == 1
        }
        _ => false,
    };
    opens.then(|| (open, open + c.len_utf8()))
}

/// Where the quotation opened by `mark` closes after `at`, within `QUOTE_REACH`.
fn closing_quote(text: &str, at: usize, mark: &str) -> Option<usize> {
    let closers: &[char] = match mark {
        "\"" => &['"'],
        "«" => &['»'],
        _ => &['”', '“', '"'],
    };
    let rest = prefix(&text[at..], QUOTE_REACH);
    rest.find(closers).map(|i| at + i)
}

/// Whether the text before a quotation ends in words that bring in words as words: after
/// stepping back over the quotations and "or", "and" and commas before it.
fn introduces_mention(before: &str) -> bool {
    let mut lead = before.trim_end();
    // Earlier quotations of the same list: `such as "young and energetic" or "digital native"`.
    loop {
        let trimmed = lead
            .trim_end_matches([',', ';', '/'])
            .trim_end()
            .trim_end_matches(" or")
            .trim_end_matches(" and")
            .trim_end();
        let Some(last) = trimmed.chars().next_back() else {
            return false;
        };
        if !matches!(last, '"' | '”' | '»') {
            lead = trimmed;
            break;
        }
        let inner = &trimmed[..trimmed.len() - last.len_utf8()];
        let Some(open) = inner.rfind(['"', '“', '«']) else {
            return false;
        };
        if trimmed.len() - open > QUOTE_REACH {
            return false;
        }
        lead = inner[..open].trim_end();
    }
    let lower = prefix_back(lead, 60).to_ascii_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    // "versus a \"Young Professionals\" network": the article is not the cue.
    if matches!(words.last(), Some(&("a" | "an" | "the"))) {
        words.pop();
    }
    const CUES: [&str; 26] = [
        "like",
        "words",
        "word",
        "terms",
        "term",
        "phrases",
        "phrase",
        "wording",
        "replace",
        "replaced",
        "replacing",
        "remove",
        "removed",
        "removing",
        "avoid",
        "avoided",
        "avoiding",
        "banned",
        "ban",
        "e.g.",
        "called",
        "named",
        "titled",
        "dubbed",
        "versus",
        "vs.",
    ];
    let cue_at = |w: &str| CUES.contains(&w);
    let pairs = [
        ["such", "as"],
        ["instead", "of"],
        ["rather", "than"],
        ["known", "as"],
        ["for", "example"],
        ["for", "instance"],
    ];
    let ends_with_cue = |words: &[&str]| {
        words.last().is_some_and(|w| cue_at(w))
            || words.len() >= 2 && pairs.contains(&[words[words.len() - 2], words[words.len() - 1]])
    };
    if ends_with_cue(&words) {
        return true;
    }
    // A name given, a word or two before it: "an internal project called \"Hustle\"".
    if (1..=2).any(|gap| {
        words.len() > gap
            && matches!(
                words[words.len() - 1 - gap],
                "called" | "named" | "titled" | "dubbed"
            )
    }) {
        return true;
    }
    // What another page says: "whose careers page says \"we're a meritocracy\"".
    matches!(
        words.last(),
        Some(&("says" | "said" | "reads" | "read" | "claims"))
    ) && words.len() >= 2
        && matches!(
            words[words.len() - 2],
            "page"
                | "posting"
                | "ad"
                | "advert"
                | "listing"
                | "description"
                | "website"
                | "site"
                | "template"
                | "headline"
                | "title"
        )
}

/// The last `len` bytes of `text` or fewer, cut at a character boundary.
fn prefix_back(text: &str, len: usize) -> &str {
    &text[ceil_char_boundary(text, text.len().saturating_sub(len))..]
}

/// The first body segment after segment `i` of `all`. `i` only grows within one search, so
/// the last answer, "the first body after segment `after` is `body`", holds for every later
/// segment before `body`, and the segments are crossed once however many matches ask.
fn next_body<'d>(
    last: &mut Option<(usize, Option<usize>)>,
    all: Segments<'d>,
    i: usize,
) -> Option<&'d Segment> {
    let body = match *last {
        Some((after, body)) if after <= i && body.is_none_or(|j| j > i) => body,
        _ => {
            let from = i + 1;
            let body = (from..all.len()).find(|&j| all.get(j).kind == SegmentKind::Body);
            crate::work::count(
                crate::work::Loop::NextSegment,
                body.map_or(all.len(), |j| j + 1).saturating_sub(from),
            );
            *last = Some((i, body));
            body
        }
    };
    body.map(|j| all.get(j))
}

/// A document's title, then its segments: numbered as the trigger pass numbers them (`Armed`
/// and every search that reads it), without a list made for each search.
#[derive(Debug, Clone, Copy)]
pub struct Segments<'d> {
    title: Option<&'d Segment>,
    rest: &'d [Segment],
}

impl<'d> Segments<'d> {
    pub fn of(doc: &'d Document) -> Segments<'d> {
        Segments {
            title: doc.title.as_ref(),
            rest: &doc.segments,
        }
    }

    pub fn len(&self) -> usize {
        usize::from(self.title.is_some()) + self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// In their order.
    pub fn iter(&self) -> impl Iterator<Item = &'d Segment> + use<'d> {
        self.title.into_iter().chain(self.rest)
    }

    /// The place of `segment` among these (the title 0 when there is one), the inverse of
    /// `get`; `None` for a segment of another document.
    pub fn place_of(&self, segment: &Segment) -> Option<usize> {
        let titled = usize::from(self.title.is_some());
        if self.title.is_some_and(|title| std::ptr::eq(title, segment)) {
            return Some(0);
        }
        // The rest are one slice: the place follows from the address.
        let offset =
            (segment as *const Segment as usize).checked_sub(self.rest.as_ptr() as usize)?;
        let i = offset / std::mem::size_of::<Segment>();
        let is_it = self.rest.get(i).is_some_and(|s| std::ptr::eq(s, segment));
        is_it.then_some(i + titled)
    }

    /// Segment `i` (the title is 0 when there is one); panics past the end, as indexing does.
    pub fn get(&self, i: usize) -> &'d Segment {
        match (self.title, i) {
            (Some(title), 0) => title,
            (Some(_), i) => &self.rest[i - 1],
            (None, i) => &self.rest[i],
        }
    }
}

/// How far a web or e-mail address reaches on each side of a match, in bytes.
const ADDRESS_REACH: usize = 512;

/// At most `len` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::{Distinct, Segments, in_address, in_quoted_mention};

    /// A segment's place is its index among the segments the trigger pass read, the title
    /// first; a segment of another document has none.
    #[test]
    fn a_segment_is_placed_where_the_trigger_pass_read_it() {
        use crate::document::{Document, Format};
        use crate::source::SourceFile;
        let parse = |text: &str| {
            let file = std::sync::Arc::new(SourceFile::new("p.md", text.to_string()));
            Document::parse(&file, Format::Markdown)
        };
        let titled = parse("# Backend Engineer\n\n- Go\n- Rust preferred\n");
        let segments = Segments::of(&titled);
        assert_eq!(segments.place_of(titled.title.as_ref().unwrap()), Some(0));
        for (i, segment) in titled.segments.iter().enumerate() {
            let place = segments.place_of(segment).expect("one of its segments");
            assert_eq!(place, i + 1);
            assert!(std::ptr::eq(segments.get(place), segment));
        }
        let untitled = parse("- Go\n- Rust preferred\n");
        assert!(untitled.title.is_none());
        let untitled_segments = Segments::of(&untitled);
        assert_eq!(untitled_segments.place_of(&untitled.segments[1]), Some(1));
        assert_eq!(untitled_segments.place_of(&titled.segments[0]), None);
        assert_eq!(segments.place_of(&untitled.segments[0]), None);
    }

    #[test]
    fn a_match_in_a_repeated_paragraph_counts_once() {
        let paragraph = "We want a rockstar, a ninja and a rockstar again.".to_string();
        let repeated = paragraph.clone();
        // The same length and the same first and last sixteen bytes, another text.
        let other = "We want a rockstar, a guru! and a rockstar again.".to_string();
        assert_eq!(paragraph.len(), other.len());
        let mut distinct = Distinct::default();
        assert!(distinct.insert(&paragraph, 10));
        assert!(distinct.insert(&paragraph, 22));
        assert!(!distinct.insert(&paragraph, 10), "the same match again");
        assert!(
            !distinct.insert(&repeated, 10),
            "the same match in a repeated paragraph"
        );
        assert!(distinct.insert(&repeated, 34));
        assert!(
            distinct.insert(&other, 10),
            "another text at the same place"
        );
        assert!(
            !distinct.insert(&paragraph, 34),
            "found in the repeated paragraph first"
        );
        assert_eq!(distinct.len(), 4);
    }

    fn address_at(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap();
        in_address(text, &(start..start + word.len()))
    }

    #[test]
    fn words_inside_addresses_are_not_prose() {
        assert!(address_at(
            "Apply at https://ninja.example/jobs today",
            "ninja"
        ));
        assert!(address_at("Write to rockstar@example.org.", "rockstar"));
        assert!(address_at("See guru.com for more", "guru"));
        assert!(address_at("See www.hero.dev.", "hero"));
    }

    #[test]
    fn a_term_that_looks_like_a_domain_is_prose() {
        assert!(!address_at("We build on Asp.net and React.", "Asp.net"));
        assert!(!address_at("A .Net shop.", ".Net"));
        assert!(!address_at("Be a ninja at scale.", "ninja"));
    }

    fn mention_at(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap();
        in_quoted_mention(text, &(start..start + word.len()))
    }

    #[test]
    fn words_quoted_as_words_are_mentions() {
        for (text, word) in [
            (
                "Rewrite titles such as \"young and energetic\" or \"digital native\".",
                "digital native",
            ),
            (
                "Rewrite titles such as \"young and energetic\" or \"digital native\".",
                "young",
            ),
            (
                "Replace \"manpower\" with \"staffing\" in the templates.",
                "manpower",
            ),
            (
                "A founder whose careers page says \"we're a meritocracy\" asked us.",
                "meritocracy",
            ),
            (
                "A few years ago we removed “rockstar” from our own titles.",
                "rockstar",
            ),
            (
                "Our crew worked on films such as \"Rockstar\" and \"Court\".",
                "Rockstar",
            ),
            (
                "Our engine, internally called project \"Hustle\", underwrites loans.",
                "Hustle",
            ),
            ("Avoid words like «ninja» in titles.", "ninja"),
            (
                "\"young and dynamic\" as a requirement versus a \"Young Professionals\" network",
                "Young Professionals",
            ),
        ] {
            assert!(mention_at(text, word), "{text}");
        }
    }

    #[test]
    fn quotations_deep_in_a_long_line_are_paired_within_their_sentence() {
        // One line of many sentences, each with a quotation: the marks before the match's
        // sentence are not counted, so a long line costs each match the same.
        let line = "Avoid words like \"rockstar\" and hire well. ".repeat(100);
        let text = format!("{line}Avoid words like \"ninja\" too. We want a \"guru\".");
        let at = |word: &str| {
            let start = text.rfind(word).unwrap();
            in_quoted_mention(&text, &(start..start + word.len()))
        };
        assert!(at("ninja"));
        assert!(!at("guru"));
        assert!(at("rockstar"));
    }

    #[test]
    fn quotations_in_the_postings_own_voice_are_not_mentions() {
        for (text, word) in [
            ("We want a \"rockstar\" developer.", "rockstar"),
            ("Our motto is \"work hard, play hard\".", "work hard"),
            ("Our CEO says \"we only hire rockstars\".", "rockstars"),
            (
                "Words matter. We want a rockstar. \"Quoted\" later.",
                "rockstar",
            ),
            (
                "Titles such as \"Senior Engineer\" and a rockstar attitude.",
                "rockstar",
            ),
            (
                "He said: \"a ninja who ships fast and never sleeps, someone who lives for the work and will do whatever it takes to win\".",
                "ninja",
            ),
        ] {
            assert!(!mention_at(text, word), "{text}");
        }
    }
}
