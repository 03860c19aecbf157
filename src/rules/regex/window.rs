//! A windowed alternative tested piece by piece. In one automaton, `a[^.;]{0,50}b` counts the
//! characters after each `a` while it follows `b`'s progress, so its lazy DFA has a state for
//! each count with each partial `b`, and new sentences keep making new ones (a test of a new
//! sentence could take tens of microseconds). Apart, `a` and `b` are small automata that soon
//! hold every state a text needs. `a`'s matches end at some set of places, `b`'s start at
//! another, and the whole matches when some start follows some end across at most 50
//! characters none of which is `.` or `;`: a walk over the text between them says that.
//! Only a count makes the states multiply: `a.+b` stays whole (apart it took longer).
//!
//! This is exact. A concatenation matches where its parts match one after another, and
//! assertions (`\b`, `^`) look at the whole text, not at the part's span, so each part is
//! searched over the whole text. The automata are built for every match (`MatchKind::All`),
//! so that every end (and every start) is found, not only the leftmost-first ones.

use regex_automata::hybrid::dfa::{self, DFA, OverlappingState};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::{NFA_SIZE_LIMIT, SharedCache, WINDOW_MIN};

/// `hir` split at its windows: pieces `p0 w1 p1 … wn pn`, each piece searched with its own
/// automata. The first piece's forward DFA finds where its matches end; every later piece's
/// reverse DFA finds where its matches start, and a middle piece's forward DFA, anchored at
/// such a start, where those end.
pub(super) struct Windowed {
    pieces: Vec<Piece>,
    windows: Vec<Window>,
    shared: SharedCache<Vec<PieceCaches>>,
    caches: Pool<Vec<PieceCaches>, MakeCaches>,
}

type MakeCaches = Box<dyn Fn() -> Vec<PieceCaches> + Send + Sync>;

#[derive(Clone)]
struct Piece {
    forward: Option<DFA>,
    reverse: Option<DFA>,
}

pub(super) struct PieceCaches {
    forward: Option<dfa::Cache>,
    reverse: Option<dfa::Cache>,
}

fn create_caches(pieces: &[Piece]) -> Vec<PieceCaches> {
    pieces
        .iter()
        .map(|piece| PieceCaches {
            forward: piece.forward.as_ref().map(DFA::create_cache),
            reverse: piece.reverse.as_ref().map(DFA::create_cache),
        })
        .collect()
}

/// A run of `min` to `max` (`None`: any number) characters of a class between two pieces;
/// bytes rather than characters for a class of bytes (the ASCII reading).
#[derive(Debug, Clone, PartialEq)]
struct Window {
    class: WindowClass,
    min: u32,
    max: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
enum WindowClass {
    /// Characters: the ASCII ones by table, the rest by range.
    Chars {
        ascii: [bool; 128],
        ranges: Vec<(char, char)>,
    },
    Bytes([bool; 256]),
}

impl WindowClass {
    fn of(class: &Class) -> WindowClass {
        match class {
            Class::Unicode(class) => {
                let mut ascii = [false; 128];
                for (c, slot) in ascii.iter_mut().enumerate() {
                    let c = char::from(c as u8);
                    *slot = class
                        .ranges()
                        .iter()
                        .any(|r| r.start() <= c && c <= r.end());
                }
                let ranges = class
                    .ranges()
                    .iter()
                    .map(|r| (r.start(), r.end()))
                    .collect();
                WindowClass::Chars { ascii, ranges }
            }
            Class::Bytes(class) => {
                let mut bytes = [false; 256];
                for range in class.ranges() {
                    for b in range.start()..=range.end() {
                        bytes[usize::from(b)] = true;
                    }
                }
                WindowClass::Bytes(bytes)
            }
        }
    }

    /// The length of the unit (character or byte) at `at` and whether the class holds it;
    /// `None` where `at` is not the start of a character.
    fn unit_at(&self, text: &str, at: usize) -> Option<(usize, bool)> {
        match self {
            WindowClass::Bytes(bytes) => Some((1, bytes[usize::from(text.as_bytes()[at])])),
            WindowClass::Chars { ascii, ranges } => {
                let c = text.get(at..)?.chars().next()?;
                let held = match c {
                    c if c.is_ascii() => ascii[c as usize],
                    c => ranges
                        .binary_search_by(|&(start, end)| {
                            if end < c {
                                std::cmp::Ordering::Less
                            } else if start > c {
                                std::cmp::Ordering::Greater
                            } else {
                                std::cmp::Ordering::Equal
                            }
                        })
                        .is_ok(),
                };
                Some((c.len_utf8(), held))
            }
        }
    }
}

impl Window {
    /// The window `hir` is, if it is one: a repeat of one class, at most `WINDOW_MIN` or more
    /// times.
    fn of(hir: &Hir) -> Option<Window> {
        let HirKind::Repetition(repetition) = hir.kind() else {
            return None;
        };
        let HirKind::Class(class) = repetition.sub.kind() else {
            return None;
        };
        let wide = repetition.max.is_some_and(|max| max >= WINDOW_MIN);
        wide.then(|| Window {
            class: WindowClass::of(class),
            min: repetition.min,
            max: repetition.max,
        })
    }

    /// Of `starts` (ascending), those that some end of `ends` (ascending, not empty) reaches
    /// across this window; `None` when an end or a start is not at a unit's start.
    fn reached(&self, text: &str, ends: &[usize], starts: &[usize]) -> Option<Vec<usize>> {
        let from = ends[0];
        let starts = &starts[starts.partition_point(|&s| s < from)..];
        let mut reached = Vec::new();
        let Some(&to) = starts.last() else {
            return Some(reached);
        };
        // The ends passed, each with its count of units from `from`.
        let mut passed: Vec<(usize, u32)> = Vec::new();
        // The last end passed that is at least `min` units back.
        let mut nearest: Option<usize> = None;
        // A unit outside the class ends at `blocked`: no window reaches over it.
        let mut blocked = from;
        let (mut end, mut start) = (0, 0);
        let (mut at, mut count) = (from, 0u32);
        loop {
            if ends.get(end).is_some_and(|&e| e < at) || starts.get(start).is_some_and(|&s| s < at)
            {
                return None;
            }
            if ends.get(end) == Some(&at) {
                passed.push((at, count));
                end += 1;
            }
            if starts.get(start) == Some(&at) {
                start += 1;
                if let Some(least) = count.checked_sub(self.min) {
                    let mut i = nearest.map_or(0, |i| i + 1);
                    while i < passed.len() && passed[i].1 <= least {
                        nearest = Some(i);
                        i += 1;
                    }
                }
                let ok = nearest.is_some_and(|i| {
                    let (q, q_count) = passed[i];
                    q >= blocked && self.max.is_none_or(|max| q_count + max >= count)
                });
                if ok {
                    reached.push(at);
                }
            }
            if at >= to {
                return Some(reached);
            }
            let (len, held) = self.class.unit_at(text, at)?;
            at += len;
            count += 1;
            if !held {
                blocked = at;
            }
        }
    }
}

impl Windowed {
    /// `hir` split at its windows, each piece prepared by `prepare` and compiled; `None` when
    /// `hir` is not a concatenation with a window between two pieces, or a piece does not
    /// compile (the whole automaton then answers).
    pub(super) fn new(hir: &Hir, cache: usize, prepare: impl Fn(Hir) -> Hir) -> Option<Windowed> {
        let mut hir = hir;
        while let HirKind::Capture(capture) = hir.kind() {
            hir = &capture.sub;
        }
        let HirKind::Concat(items) = hir.kind() else {
            return None;
        };
        let mut pieces: Vec<Vec<Hir>> = vec![Vec::new()];
        let mut windows = Vec::new();
        for item in items {
            match Window::of(item) {
                Some(window) => {
                    windows.push(window);
                    pieces.push(Vec::new());
                }
                None => pieces.last_mut()?.push(item.clone()),
            }
        }
        if windows.is_empty() || pieces.iter().any(Vec::is_empty) {
            return None;
        }
        let last = pieces.len() - 1;
        // A middle piece is searched from each start a window reaches: of bounded length, that
        // stays linear in the text.
        let pieces: Vec<Hir> = pieces.into_iter().map(Hir::concat).collect();
        if pieces[1..last]
            .iter()
            .any(|piece| piece.properties().maximum_len().is_none())
        {
            return None;
        }
        let cache = (cache / (2 * pieces.len())).max(cache / 8);
        let pieces = pieces
            .into_iter()
            .enumerate()
            .map(|(i, piece)| {
                let hir = prepare(piece);
                Some(Piece {
                    forward: if i < last {
                        Some(build(&hir, false, cache)?)
                    } else {
                        None
                    },
                    reverse: if i > 0 {
                        Some(build(&hir, true, cache)?)
                    } else {
                        None
                    },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let made = pieces.clone();
        let make: MakeCaches = Box::new(move || create_caches(&made));
        Some(Windowed {
            pieces,
            windows,
            shared: SharedCache::default(),
            caches: Pool::new(make),
        })
    }

    /// The caches the threads share, for a test that holds them while another search runs.
    #[cfg(test)]
    pub(super) fn hold_shared(&self) -> Option<std::sync::MutexGuard<'_, Vec<PieceCaches>>> {
        self.shared.try_take(|| create_caches(&self.pieces))
    }

    /// Whether the whole matches in `text`; `None` when an automaton gave up (its cache kept
    /// filling, or it met a Unicode word boundary beside a byte beyond ASCII).
    pub(super) fn is_match(&self, text: &str) -> Option<bool> {
        let make = || create_caches(&self.pieces);
        self.shared.with(&self.caches, make, |caches| {
            self.is_match_with(caches, text)
        })
    }

    fn is_match_with(&self, caches: &mut [PieceCaches], text: &str) -> Option<bool> {
        let input = Input::new(text);
        let (first, first_caches) = (&self.pieces[0], &mut caches[0]);
        let mut ends = overlapping(
            first.forward.as_ref()?,
            first_caches.forward.as_mut()?,
            &input,
            false,
        )?;
        for (i, window) in self.windows.iter().enumerate() {
            let Some(&from) = ends.first() else {
                return Some(false);
            };
            let (piece, piece_caches) = (&self.pieces[i + 1], &mut caches[i + 1]);
            let starts = overlapping(
                piece.reverse.as_ref()?,
                piece_caches.reverse.as_mut()?,
                &input.clone().range(from..),
                true,
            )?;
            let reached = window.reached(text, &ends, &starts)?;
            if reached.is_empty() {
                return Some(false);
            }
            let Some(forward) = piece.forward.as_ref() else {
                return Some(true);
            };
            let cache = piece_caches.forward.as_mut()?;
            ends.clear();
            for start in reached {
                let anchored = input.clone().range(start..).anchored(Anchored::Yes);
                ends.extend(overlapping(forward, cache, &anchored, false)?);
            }
            ends.sort_unstable();
            ends.dedup();
        }
        // Every window joins two pieces: the loop answers at the last.
        Some(false)
    }
}

/// Builds a piece's DFA (reversed for finding starts), for every match.
fn build(hir: &Hir, reverse: bool, cache: usize) -> Option<DFA> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
        )
        .build_from_hir(hir)
        .ok()?;
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .unicode_word_boundary(true)
                .cache_capacity(cache)
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa)
        .ok()
}

/// Every place where a match in `input` ends (with `reverse`, a reverse DFA: where one
/// starts), ascending.
fn overlapping(
    dfa: &DFA,
    cache: &mut dfa::Cache,
    input: &Input<'_>,
    reverse: bool,
) -> Option<Vec<usize>> {
    let mut state = OverlappingState::start();
    let mut offsets = Vec::new();
    loop {
        let searched = if reverse {
            dfa.try_search_overlapping_rev(cache, input, &mut state)
        } else {
            dfa.try_search_overlapping_fwd(cache, input, &mut state)
        };
        searched.ok()?;
        match state.get_match() {
            Some(found) => offsets.push(found.offset()),
            None => break,
        }
    }
    // A reverse search finds them from the end.
    if reverse {
        offsets.reverse();
    }
    offsets.dedup();
    Some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(source: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(source)
            .unwrap()
    }

    fn windowed(source: &str) -> Windowed {
        Windowed::new(&hir(source), 1 << 20, |hir| hir).expect("splits at its window")
    }

    #[test]
    fn a_window_joins_an_end_to_a_later_start_within_its_count_and_class() {
        let pay = windowed(r"(?-u:\b)competitive(?-u:\b)[^.;]{0,12}(?-u:\b)(?:salary|pay)(?-u:\b)");
        assert_eq!(pay.is_match("a Competitive base salary"), Some(true));
        assert_eq!(pay.is_match("competitive pay; competitive"), Some(true));
        // Too far, across a full stop, in the other order, or inside a word.
        assert_eq!(
            pay.is_match("a competitive and fast-moving team, fair pay"),
            Some(false)
        );
        assert_eq!(pay.is_match("be competitive. Salary"), Some(false));
        assert_eq!(pay.is_match("pay is competitive"), Some(false));
        assert_eq!(pay.is_match("competitive prepay"), Some(false));
        assert_eq!(pay.is_match("competitiveness pay"), Some(false));
    }

    #[test]
    fn a_window_counts_characters_in_the_unicode_reading_and_bytes_in_the_ascii_one() {
        // " ééééééé " is 9 characters, 16 bytes.
        let text = "competitive ééééééé pay";
        assert_eq!(
            windowed(r"competitive[^.]{0,9}pay").is_match(text),
            Some(true)
        );
        assert_eq!(
            windowed(r"competitive[^.]{0,8}pay").is_match(text),
            Some(false)
        );
        let bytes = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(r"competitive[^.]{0,9}pay")
            .unwrap();
        let bytes = Windowed::new(&bytes, 1 << 20, |hir| hir).unwrap();
        // Nine bytes between, then ten.
        assert_eq!(bytes.is_match("competitive    paid pay"), Some(true));
        assert_eq!(bytes.is_match("competitive     paid pay"), Some(false));
    }

    #[test]
    fn a_least_count_and_two_windows_in_a_row_are_kept() {
        let least = windowed(r"\bbase\b[^.]{3,9}\bpay\b");
        assert_eq!(least.is_match("base pay"), Some(false));
        assert_eq!(least.is_match("base to pay"), Some(true));
        let chain = windowed(r"\bhelp\w*[^.]{0,20}\bteams?\b[^.]{0,20}\bdecisions?\b");
        assert_eq!(
            chain.is_match("It helps product teams make decisions"),
            Some(true)
        );
        assert_eq!(
            chain.is_match("It helps product teams. They make decisions"),
            Some(false)
        );
        assert_eq!(
            chain.is_match("It helps make decisions for teams"),
            Some(false)
        );
    }

    #[test]
    fn only_a_concatenation_with_a_window_between_two_pieces_splits() {
        for whole in [
            r"\bcompetitive\b",
            r"[^.]{0,20}\bpay\b",
            r"\bpay\b[^.]{0,20}",
            r"\bpay(?:\s+[^.]{0,20}\bday)?",
            r"\bpay\b[^.]{0,7}\bday",
            r"\bpay\b.*\bday",
            // A middle piece of any length would be searched from every start reached.
            r"\bpay\b[^.]{0,20}\w+[^.]{0,20}\bday",
        ] {
            assert!(
                Windowed::new(&hir(whole), 1 << 20, |hir| hir).is_none(),
                "{whole}"
            );
        }
    }

    #[test]
    fn the_reach_of_a_window_over_ends_and_starts() {
        let HirKind::Class(class) = hir(r"[^.]").into_kind() else {
            unreachable!("a class")
        };
        let window = Window {
            class: WindowClass::of(&class),
            min: 1,
            max: Some(3),
        };
        // "ab.cdefgh": ends at 1 and 4. Start 2 is reached from 1 (one character); 4 is not
        // (the full stop at 2 is between); 5 and 7 from 4 (one and three characters); 8 is
        // four characters from 4.
        let text = "ab.cdefgh";
        assert_eq!(
            window.reached(text, &[1, 4], &[2, 4, 5, 7, 8]),
            Some(vec![2, 5, 7])
        );
        // A start inside a character is no place to reach.
        assert_eq!(
            Window::of(&hir(r"[^.]{0,9}"))
                .unwrap()
                .reached("aé", &[1], &[2]),
            None
        );
    }
}
