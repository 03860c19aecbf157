//! The lint step: compiled rules × the segments in scope for the document's role. Ranges go
//! through each segment's `SpanMap` before they leave this module.

use std::borrow::Cow;
use std::ops::Range;

use crate::classify::{Family, Role, RoleSource};
use crate::config::Settings;
use crate::config::bands::SalaryBands;
use crate::config::laws::Laws;
use crate::config::technologies::Technologies;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Secondary};
use crate::document::{Document, Segment, SegmentKind};
use crate::extract::date::Date;
use crate::rules::finder::{Finder, Segments};
use crate::rules::pattern::{Narrowing, Pattern, WordList};
use crate::rules::regex::Readings;
use crate::rules::trigger::Armed;
use crate::rules::{Check, Level, Report, Rule, RuleSet, Unless};

mod experience;
mod salary;
mod structured;

/// What the rules need to know beyond the document: the data tables, and where and when the
/// posting is published.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub bands: &'a SalaryBands,
    pub technologies: &'a Technologies,
    pub laws: &'a Laws,
    /// `jurisdictions` from the config.
    pub jurisdictions: &'a [String],
    /// The date the posting is judged at: its own, else the config's `posting-date`, else
    /// today.
    pub date: Date,
    /// The day of the run: the config's `posting-date`, else today (an expired posting is
    /// one whose `validThrough` is before it).
    pub today: Date,
}

impl<'a> Context<'a> {
    /// The context of a document under these settings.
    pub fn new(settings: &'a Settings, doc: &Document) -> Context<'a> {
        let today = settings
            .posting_date
            .as_deref()
            .and_then(Date::parse)
            .unwrap_or_else(Date::today);
        let date = doc.date.unwrap_or(today);
        Context {
            today,
            bands: &settings.bands,
            technologies: &settings.technologies,
            laws: &settings.laws,
            jurisdictions: &settings.jurisdictions,
            date,
        }
    }
}

/// Compiles, together and on every core, what the rules will need on this posting, each of
/// which would otherwise be compiled in turn when its rule comes: the title patterns of the
/// enabled rules (when there is a title), then the search patterns and word lists of the
/// finders that the trigger pass armed in a rule that runs. (Compiling the armed finders'
/// exceptions too, before any match needs one, costs a seventh more work for no time saved
/// on two cores.) Returns the level each rule of `rules` runs at on this posting, in their
/// order: `None` for a rule that is off (`levels`, one per rule of `rules`, in their order)
/// or does not apply to the posting's role and title (asked once here, not again by each
/// rule's run).
fn compile_armed(
    doc: &Document,
    role: &Role,
    title: Option<&(String, Range<usize>)>,
    rules: &RuleSet,
    armed: &mut Armed,
    levels: &[Option<Level>],
) -> Vec<Option<Level>> {
    let readings = rules.readings();
    if let Some((title, _)) = title {
        // A posting on its own only those that may match its title (see `Pattern::may_match`).
        let alone = readings != Readings::AsWritten;
        Pattern::compile_all(
            rules
                .rules()
                .zip(levels)
                .filter(|(_, level)| level.is_some())
                .flat_map(|(rule, _)| rule.unless_title.iter().chain(&rule.if_title))
                .filter(|pattern| !alone || pattern.may_match(title)),
            readings,
        );
    }
    let title_text = title.map(|(t, _)| t.as_str());
    let runs: Vec<Option<Level>> = rules
        .rules()
        .zip(levels)
        .map(|(rule, &level)| level.filter(|_| rule.applies(role.family, title_text, readings)))
        .collect();
    let finders: Vec<&Finder> = rules
        .rules()
        .zip(&runs)
        .filter(|(_, level)| level.is_some())
        .flat_map(|(rule, _)| rule.check.finders())
        .filter(|finder| armed.is_armed_anywhere(finder.id))
        .collect();
    // Read off the finders where they are needed, not gathered into lists for every posting
    // of a long run, which reads them once or twice.
    let searches = || finders.iter().flat_map(|f| f.search_patterns());
    let exceptions = || finders.iter().flat_map(|f| f.exception_patterns());
    // A posting on its own compiles only the alternatives its text can match, of its
    // searches and of their exceptions (compiled on a first match); a long run compiles
    // whole alternations, which it soon needs.
    let narrowing = if readings == Readings::AsWritten {
        Narrowing::default()
    } else {
        let mut narrowing =
            Narrowing::for_posting(searches().chain(exceptions()), || doc.narrowing_text());
        for finder in &finders {
            if let (Some(list), Some(narrowed)) =
                (&finder.not_phrases, finder.narrowed_phrases(armed))
            {
                narrowing.insert_phrases(list, narrowed);
            }
        }
        narrowing
    };
    armed.set_narrowing(narrowing);
    let armed = &*armed;
    // A posting on its own compiles only the searches that may match in a segment that arms
    // them, as their literals tell (`Pattern::may_match`): most that are armed cannot. The
    // others compile when a text needs them, if one does.
    let to_compile: Option<Vec<&Pattern>> = armed.narrowing().alone().then(|| {
        let all = Segments::of(doc);
        finders
            .iter()
            .flat_map(|finder| {
                // One compiled already (an editor's earlier save) needs no filter.
                finder.search_patterns().filter(move |pattern| {
                    !pattern.is_compiled_in(armed.narrowing())
                        && armed
                            .segments_of(finder.id, all.len())
                            .any(|i| pattern.may_match(&all.get(i).text))
                })
            })
            .collect()
    });
    // The regexes and the word lists, side by side: neither waits for the other. A long run
    // compiles every armed search (it soon has them all compiled).
    rayon::join(
        || match &to_compile {
            Some(patterns) => Pattern::compile_all_in(patterns.iter().copied(), armed.narrowing()),
            None => Pattern::compile_all_in(searches(), armed.narrowing()),
        },
        || WordList::build_all(finders.iter().flat_map(|f| f.word_lists(armed))),
    );
    for pattern in searches().chain(exceptions()) {
        pattern.release_narrowed();
    }
    runs
}

/// Runs every applicable rule over one document, at the level `levels` gives each rule of
/// `rules`, in their order (`None`: the rule is off and does not run).
pub fn lint(
    doc: &Document,
    role: &Role,
    rules: &RuleSet,
    ctx: &Context<'_>,
    levels: &[Option<Level>],
) -> Vec<Diagnostic> {
    lint_armed(doc, role, rules, rules.arm(doc), ctx, levels)
}

/// `lint`, with the trigger pass over `doc` already made (`RuleSet::arm`): it needs only
/// the document, so a posting on its own makes it beside classifying its role.
pub fn lint_armed(
    doc: &Document,
    role: &Role,
    rules: &RuleSet,
    mut armed: Armed,
    ctx: &Context<'_>,
    levels: &[Option<Level>],
) -> Vec<Diagnostic> {
    let title = job_title(doc, role);
    let runs = compile_armed(doc, role, title.as_ref(), rules, &mut armed, levels);
    let read_as: std::sync::Arc<str> = role_context(role, doc.format).into();
    let posting = Posting {
        doc,
        role,
        title: title.as_ref(),
        ctx,
        armed: &armed,
        read_as,
    };
    let running: Vec<(&Rule, Level)> = rules
        .rules()
        .zip(runs)
        .filter_map(|(rule, level)| Some((rule, level?)))
        .collect();
    // A posting on its own has both cores to itself: its rules (and the exceptions they
    // compile on a first match) run side by side. A long run's threads each lint their own
    // postings already.
    let mut out: Vec<Diagnostic> = if armed.narrowing().alone() {
        use rayon::prelude::*;
        let scope = crate::work::scope();
        running
            .par_iter()
            .flat_map_iter(|&(rule, level)| {
                crate::work::within(scope, || posting.diagnostics(rule, level))
            })
            .collect()
    } else {
        running
            .iter()
            .flat_map(|&(rule, level)| posting.diagnostics(rule, level))
            .collect()
    };
    sort_findings(&mut out);
    out
}

/// A posting of a long run that the trigger pass has read, ready for its rules (see
/// `lint_together`): the document, its role, what the pass armed, its context, and the
/// level of each rule for its file (`None`: off).
pub struct ArmedPosting<'a> {
    pub doc: &'a Document,
    pub role: &'a Role,
    pub armed: Armed,
    pub ctx: Context<'a>,
    pub levels: &'a [Option<Level>],
}

/// `lint_armed` for several postings of a long run at once, rule by rule: each rule runs over
/// every posting before the next rule starts. A rule's automata (its lazy DFAs' states, its
/// word lists' tables) are then read from the processor's caches, not memory: run posting
/// by posting, the forty-odd rules of the catalogue evicted each other's, and a search cost
/// several times what the same search costs again at once. The findings are each posting's,
/// in the order `lint_armed` gives them.
pub fn lint_together(postings: Vec<ArmedPosting<'_>>, rules: &RuleSet) -> Vec<Vec<Diagnostic>> {
    let ready: Vec<_> = postings
        .into_iter()
        .map(|mut posting| {
            let title = job_title(posting.doc, posting.role);
            let runs = compile_armed(
                posting.doc,
                posting.role,
                title.as_ref(),
                rules,
                &mut posting.armed,
                posting.levels,
            );
            let read_as: std::sync::Arc<str> =
                role_context(posting.role, posting.doc.format).into();
            (posting, title, read_as, runs)
        })
        .collect();
    let views: Vec<Posting<'_>> = ready
        .iter()
        .map(|(posting, title, read_as, _)| Posting {
            doc: posting.doc,
            role: posting.role,
            title: title.as_ref(),
            ctx: &posting.ctx,
            armed: &posting.armed,
            read_as: std::sync::Arc::clone(read_as),
        })
        .collect();
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); views.len()];
    for (i, rule) in rules.rules().enumerate() {
        for ((view, (_, _, _, runs)), found) in views.iter().zip(&ready).zip(&mut out) {
            if let Some(level) = runs[i] {
                found.extend(view.diagnostics(rule, level));
            }
        }
    }
    for found in &mut out {
        sort_findings(found);
    }
    out
}

/// Findings in the order of the text: by start, then end, then rule.
fn sort_findings(found: &mut [Diagnostic]) {
    found.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
}

/// What every rule run over one posting shares.
struct Posting<'a> {
    doc: &'a Document,
    role: &'a Role,
    title: Option<&'a (String, Range<usize>)>,
    ctx: &'a Context<'a>,
    armed: &'a Armed,
    /// How the posting was read: one text for every role finding.
    read_as: std::sync::Arc<str>,
}

impl Posting<'_> {
    /// One rule's findings at `level`, with the law that raises or enables it noted (none
    /// when the rule applies only where a law requires it and none does).
    fn diagnostics(&self, rule: &Rule, mut level: Level) -> Vec<Diagnostic> {
        let ctx = self.ctx;
        // A law in force where the posting is published raises the rule, or enables it.
        let mut law_note = None;
        if let Some(law) = &rule.law {
            let laws = ctx
                .laws
                .requiring(ctx.jurisdictions, ctx.date, law.requirement);
            if laws.is_empty() && law.only_where_required {
                return Vec::new();
            }
            if !laws.is_empty() {
                level = level.max(law.level.unwrap_or(level));
                let names: Vec<String> = laws
                    .iter()
                    .map(|l| format!("{} ({}, in force {})", l.name, l.code, l.in_force))
                    .collect();
                law_note = Some(format!(
                    "required where this posting is published: {}",
                    names.join("; ")
                ));
            }
        }
        let mut out = Vec::new();
        check_rule(
            self.doc, self.role, self.title, rule, ctx, self.armed, &mut out,
        );
        let context = (!rule.families.is_empty()).then(|| std::sync::Arc::clone(&self.read_as));
        for d in &mut out {
            d.level = level;
            d.role_context.clone_from(&context);
            if let Some(note) = &law_note {
                d.note = Some(match d.note.take() {
                    Some(why) => format!("{note}. {why}").into(),
                    None => note.as_str().into(),
                });
            }
        }
        out
    }
}

/// The job title and its source range: the role part the classifier read, else the
/// document's title.
fn job_title(doc: &Document, role: &Role) -> Option<(String, Range<usize>)> {
    role.title.clone().or_else(|| {
        doc.title
            .as_ref()
            .map(|t| (t.text.trim().to_string(), t.source_range()))
    })
}

/// What a finding's text is made of: the rule's templates filled in.
pub(crate) struct Fill<'a> {
    title: &'a str,
    words: &'a str,
    replacement: &'a str,
    count: usize,
    against: usize,
    /// `{detail}`: what a numeric check found ("the engineer band, $120,000–$350,000 a year").
    detail: &'a str,
}

impl<'a> Fill<'a> {
    pub(crate) fn new(title: &'a str, words: &'a str) -> Fill<'a> {
        Fill {
            title,
            words,
            replacement: "",
            count: 0,
            against: 0,
            detail: "",
        }
    }

    pub(crate) fn with_detail(self, detail: &'a str) -> Fill<'a> {
        Fill { detail, ..self }
    }

    /// `template` with each placeholder filled in, in one pass: a filled-in text that
    /// holds a placeholder's name (a posting's words can) stays as written.
    fn apply(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + self.words.len());
        let mut rest = template;
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            let Some(close) = memchr::memchr(b'}', rest.as_bytes()) else {
                break;
            };
            match &rest[1..close] {
                "detail" => out.push_str(self.detail),
                "match" => out.push_str(self.words),
                "title" => out.push_str(self.title),
                "replacement" => out.push_str(self.replacement),
                "count" => out.push_str(&self.count.to_string()),
                "against" => out.push_str(&self.against.to_string()),
                // Not a placeholder: the brace is text.
                _ => {
                    out.push('{');
                    rest = &rest[1..];
                    continue;
                }
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn check_rule(
    doc: &Document,
    role: &Role,
    job_title: Option<&(String, Range<usize>)>,
    rule: &Rule,
    ctx: &Context<'_>,
    armed: &Armed,
    out: &mut Vec<Diagnostic>,
) {
    let title = job_title.map_or("untitled posting", |(t, _)| t.as_str());
    let in_scope = |s: &Segment| rule.searches(s);
    match &rule.check {
        Check::Pattern {
            finder,
            unless,
            report,
            unless_pay,
        } => {
            // A template include counts: the page it renders states the pay.
            if *unless_pay && !doc.pay.is_empty() {
                return;
            }
            let mut hits: Vec<(Range<usize>, String)> = finder
                .find(doc, &in_scope, armed)
                .iter()
                .map(|hit| (hit.source_range(), squash(hit.text())))
                .collect();
            drop_silenced(doc, unless.as_ref(), armed, &mut hits, |(_, words)| words);
            if hits.is_empty() {
                return;
            }
            match report {
                Report::Each => out.extend(hits.into_iter().map(|(range, words)| {
                    diagnostic(rule, &Fill::new(title, &words), range, Vec::new())
                })),
                Report::Once => {
                    if let Some(((first, words), rest)) = hits.split_first() {
                        let secondary = rest
                            .iter()
                            .map(|(r, _)| Secondary::new(r.clone()))
                            .collect();
                        out.push(diagnostic(
                            rule,
                            &Fill::new(title, words),
                            first.clone(),
                            secondary,
                        ));
                    }
                }
            }
        }
        Check::Requires { finder } => {
            if finder.any(doc, &in_scope, armed) {
                return;
            }
            let (range, words) = match job_title {
                Some((text, range)) => (range.clone(), text.clone()),
                None => (
                    doc.segments
                        .first()
                        .map(|s| s.source_range())
                        .unwrap_or(0..0),
                    String::new(),
                ),
            };
            out.push(diagnostic(
                rule,
                &Fill::new(title, &words),
                range,
                Vec::new(),
            ));
        }
        Check::Substitution {
            finder,
            swap,
            applicability,
            exact,
            unless,
        } => {
            // Words already written as their replacement ("JavaScript" for a rule that
            // corrects "Javascript") are fine: the word list matches case-insensitively, and
            // most of its matches are such words (on bulk, 14,227 of 18,194). They are
            // dropped before their sentences are tested against the exceptions.
            let mut candidates = finder.candidates(doc, &in_scope, armed);
            candidates.retain_words(|words| substitute(words, swap, *exact).is_some());
            let mut hits = finder.survivors(candidates, armed.narrowing());
            drop_silenced(doc, unless.as_ref(), armed, &mut hits, |hit| hit.text());
            if hits.is_empty() {
                return;
            }
            for hit in hits {
                let Some((words, replacement)) = substitute(hit.text(), swap, *exact) else {
                    continue;
                };
                let range = hit.source_range();
                let fill = Fill {
                    replacement: &replacement,
                    ..Fill::new(title, &words)
                };
                let mut d = diagnostic(rule, &fill, range.clone(), Vec::new());
                // A fix replaces exactly the source bytes of the words; a match that crosses
                // markup or escapes ("java<b>script</b>") is reported but not fixed, and so is
                // one whose replacement the file would need escaped (a user's replacement
                // with a quote, inside a JSON string or a CSV cell).
                if hit.is_verbatim() && fits_as_written(doc.format, &replacement) {
                    // "workforce manpower" would read "workforce workforce": the sentence
                    // needs rewording, which only the writer can do.
                    let applicability =
                        if repeats_a_neighbour(hit.segment, &hit.range, &replacement) {
                            Applicability::Unsafe
                        } else {
                            *applicability
                        };
                    d.fix = Some(Fix {
                        edits: vec![Edit {
                            range,
                            replacement: replacement.into_owned(),
                        }],
                        applicability,
                    });
                }
                out.push(d);
            }
        }
        Check::Balance {
            finder,
            against,
            min_difference,
            word_label,
            against_label,
        } => {
            // A paragraph repeated word for word (job boards duplicate them) counts once.
            // Exceptions only drop matches, and they cost most of the check
            // (gender-coded-wording's were a tenth of a long run): the candidates bound the
            // count, so too few of them end the check, and once more words `against`
            // survive than that bound allows, neither list needs testing further. The
            // bound is taken after the drops that test no sentence (`Finder::screen`).
            let narrowing = armed.narrowing();
            // Each bound is first counted as found, which bounds the distinct count: most
            // postings have too few for that to matter, and the distinct count hashes texts.
            let candidates = finder.candidates(doc, &in_scope, armed);
            if candidates.count() < *min_difference || candidates.distinct_count() < *min_difference
            {
                return;
            }
            let candidates = finder.screen(candidates, narrowing);
            if candidates.count() < *min_difference {
                return;
            }
            let at_most = candidates.distinct_count();
            if at_most < *min_difference {
                return;
            }
            let allowed = at_most - min_difference;
            let other = distinct(against.survivors_up_to(
                against.candidates(doc, &in_scope, armed),
                narrowing,
                allowed,
            ));
            if other.len() > allowed {
                return;
            }
            let counted = distinct(finder.survivors(candidates, narrowing));
            if counted.len() < other.len() + min_difference {
                return;
            }
            let Some((first, rest)) = counted.split_first() else {
                return;
            };
            let labelled = |hits: &[crate::rules::Hit<'_>], label: &str| -> Vec<Secondary> {
                hits.iter()
                    .map(|h| Secondary {
                        range: h.source_range(),
                        label: Some(label.to_string()),
                    })
                    .collect()
            };
            let mut secondary = labelled(rest, word_label);
            secondary.extend(labelled(&other, against_label));
            secondary.sort_by_key(|s| (s.range.start, s.range.end));
            let words = squash(first.text());
            let fill = Fill {
                count: counted.len(),
                against: other.len(),
                ..Fill::new(title, &words)
            };
            let mut d = diagnostic(rule, &fill, first.source_range(), secondary);
            d.note = Some(
                format!(
                    "{} {word_label} and {} {against_label} words; {}",
                    counted.len(),
                    other.len(),
                    rule.docs.why.trim()
                )
                .into(),
            );
            out.push(d);
        }
        Check::Count {
            max,
            optional,
            stop,
            duties,
        } => {
            let readings = armed.narrowing().readings();
            // An item is asked whether it is optional only where the trigger pass found one of
            // the test's literals, or when it is a statement, which the pass may not have read
            // (see `RuleSet::arm`).
            let places = Segments::of(doc);
            let optional = |segment: &Segment| {
                optional.as_ref().is_some_and(|test| {
                    (segment.boilerplate
                        || places
                            .place_of(segment)
                            .is_none_or(|i| armed.is_armed(test.id, i)))
                        && test.regex.is_match_as(&segment.text, readings)
                })
            };
            // Asked of the few paragraphs and items of a long list, with no trigger entry.
            let asks = |pattern: &Option<Pattern>, segment: &Segment| {
                pattern
                    .as_ref()
                    .is_some_and(|p| p.is_match_as(&segment.text, readings))
            };
            let stop = |segment: &Segment| asks(stop, segment);
            let duty = |segment: &Segment| asks(duties, segment);
            let list = CountedList {
                max: *max,
                optional: &optional,
                stop: &stop,
                duty: &duty,
            };
            count_items(doc, rule, &list, title, out);
        }
        Check::Salary {
            condition,
            max_ratio,
            unless,
            optional,
        } => {
            // `unless` is asked only of a posting the rule would report: most have nothing to
            // report, and the question reads the whole posting.
            let before = out.len();
            let readings = armed.narrowing().readings();
            let optional = |item: &str| {
                optional
                    .as_ref()
                    .is_some_and(|p| p.is_match_as(item, readings))
            };
            salary::check(
                doc, role, rule, *condition, *max_ratio, &optional, ctx, job_title, out,
            );
            if out.len() > before && unless.as_ref().is_some_and(|u| silenced(doc, u, armed)) {
                out.truncate(before);
            }
        }
        Check::Experience {
            condition,
            min_years,
        } => experience::check(doc, rule, *condition, *min_years, ctx, out),
        Check::Structured {
            condition,
            properties,
        } => structured::check(doc, rule, *condition, properties, ctx, job_title, out),
    }
}

/// Whether `replacement`, put at `range` of the segment's text, would repeat the word just
/// before or just after it ("workforce manpower" → "workforce workforce").
fn repeats_a_neighbour(segment: &Segment, range: &Range<usize>, replacement: &str) -> bool {
    let text = segment.text.as_str();
    let in_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}');
    let before = text[..range.start].trim_end();
    let word_before = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or("", |(at, _)| &before[at..]);
    let after = text[range.end..].trim_start();
    let word_after = &after[..after.find(|c: char| !in_word(c)).unwrap_or(after.len())];
    let first = replacement.split_whitespace().next().unwrap_or("");
    let last = replacement.split_whitespace().next_back().unwrap_or("");
    (!word_before.is_empty() && word_before.eq_ignore_ascii_case(first))
        || (!word_after.is_empty() && word_after.eq_ignore_ascii_case(last))
}

/// Hits without those of a segment whose text repeats an earlier segment's.
fn distinct(hits: Vec<crate::rules::Hit<'_>>) -> Vec<crate::rules::Hit<'_>> {
    let mut seen = crate::rules::finder::Distinct::default();
    hits.into_iter()
        .filter(|h| seen.insert(&h.segment.text, h.range.start))
        .collect()
}

/// Drops the `hits` an `unless` silences: all of them when it occurs anywhere it looks
/// (`unless-scope = "posting"`), or those whose words one of its matches names (`"match"`:
/// the same letters and digits, case, spaces and punctuation aside, so that "retired our
/// Windows XP workstations" names "Windows XP" and not "VB6").
fn drop_silenced<T>(
    doc: &Document,
    unless: Option<&Unless>,
    armed: &Armed,
    hits: &mut Vec<T>,
    words: impl Fn(&T) -> &str,
) {
    let Some(unless) = unless.filter(|_| !hits.is_empty()) else {
        return;
    };
    if !unless.per_match {
        if silenced(doc, unless, armed) {
            hits.clear();
        }
        return;
    }
    let named: Vec<String> = unless_segments(doc, unless, armed)
        .flat_map(|s| {
            (unless.regex.find_all(&s.text).into_iter())
                .filter(|found| counts(&s.text, found, unless, armed))
                .map(|found| letters_and_digits(&s.text[found]))
        })
        .collect();
    hits.retain(|hit| {
        let key = letters_and_digits(words(hit));
        key.is_empty() || !named.iter().any(|n| n.contains(&key))
    });
}

/// `text`'s letters and digits, lower-cased: what `unless-scope = "match"` compares.
fn letters_and_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The segments an `unless` is asked of: those where the trigger pass found one of its
/// literals, and statements, which the pass may not read (see `RuleSet::arm`), in the sections
/// it looks at (the title included).
fn unless_segments<'d>(
    doc: &'d Document,
    unless: &'d Unless,
    armed: &'d Armed,
) -> impl Iterator<Item = &'d Segment> {
    Segments::of(doc)
        .iter()
        .enumerate()
        .filter(|(i, s)| s.boilerplate || armed.is_armed(unless.id, *i))
        .filter(|(_, s)| unless.sections.is_empty() || unless.sections.contains(&s.section))
        .map(|(_, s)| s)
}

/// Whether an `unless` pattern occurs where it looks (`unless_segments`). A match that its
/// clause negates does not count: "not to develop new methods" is no research duty, "this
/// role won't involve writing papers" no publication record; nor does one whose sentence
/// an `unless-exceptions` pattern matches.
fn silenced(doc: &Document, unless: &Unless, armed: &Armed) -> bool {
    let readings = armed.narrowing().readings();
    unless_segments(doc, unless, armed).any(|s| {
        // Where it is, only for a segment where it is at all and that holds a negation or
        // has exceptions to ask (seldom: finding where compiles the full regex).
        unless.regex.is_match_as(&s.text, readings)
            && (!holds_negation(&s.text) && unless.exceptions.is_none()
                || (unless.regex.find_all(&s.text))
                    .iter()
                    .any(|found| counts(&s.text, found, unless, armed)))
    })
}

/// Whether an `unless` match at `found` in `text` counts: its clause does not negate it and
/// no `unless-exceptions` pattern matches its sentence.
fn counts(text: &str, found: &Range<usize>, unless: &Unless, armed: &Armed) -> bool {
    !negated_before(text, found.start)
        && unless.exceptions.as_ref().is_none_or(|exceptions| {
            let sentence = crate::document::sentence::sentence_around(text, found);
            !exceptions.is_match_in(&text[sentence], armed.narrowing())
        })
}

/// How far back a negation can reach, in bytes: "not", "no", "never" or an "n't" in the same
/// clause, a few words before ("without" is not one: "with or without reasonable
/// accommodation" offers it).
const NEGATION_REACH: usize = 40;

/// Whether the clause before `at` negates what follows ("not to develop new methods", "won't
/// involve writing papers", "no Master's needed"). The clause starts after the last sentence
/// or clause mark (`.`, `;`, `:`, `,`, `!`, `?`, a bracket, a line break), at most
/// `NEGATION_REACH` bytes back.
fn negated_before(text: &str, at: usize) -> bool {
    let from = crate::bytescan::floor_char_boundary(text, at.saturating_sub(NEGATION_REACH));
    let before = &text[from..at];
    let clause = before
        .rfind(['.', ';', ':', ',', '!', '?', '(', ')', '\n'])
        .map_or(before, |mark| &before[mark + 1..]);
    holds_negation(clause)
}

/// Whether `text` holds a negating word: "not", "no", "never", or one ending in "n't".
fn holds_negation(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .any(|word| {
            ["not", "no", "never"]
                .iter()
                .any(|negation| word.eq_ignore_ascii_case(negation))
                || ["n't", "n\u{2019}t"].iter().any(|ending| {
                    word.get(word.len().saturating_sub(ending.len())..)
                        .is_some_and(|end| end.eq_ignore_ascii_case(ending))
                })
        })
}

/// What a `count` check counts: more than `max` items is a finding; an `optional` item is not
/// counted, nor one that opens with a `duty`, and a paragraph among the items that `stop`
/// says ends the list.
struct CountedList<'a> {
    max: usize,
    optional: &'a dyn Fn(&Segment) -> bool,
    stop: &'a dyn Fn(&Segment) -> bool,
    duty: &'a dyn Fn(&Segment) -> bool,
}

/// The list items of one run of a section, and the paragraphs between them (each with the
/// count of items before it).
#[derive(Default)]
struct Run<'d> {
    items: Vec<&'d Segment>,
    paragraphs: Vec<(usize, &'d Segment)>,
    /// The items that follow a run-in label opening their bullet ("- Hands-on experience with
    /// QMS: deviations, CAPA"): each starts a bullet, even in lower case.
    labelled: Vec<usize>,
}

/// Reports each run of one section (across its sub-headings) that holds more than `max`
/// list items, on the heading that opened it (see `CountedList`).
fn count_items(
    doc: &Document,
    rule: &Rule,
    list: &CountedList<'_>,
    title: &str,
    out: &mut Vec<Diagnostic>,
) {
    let max = list.max;
    let mut run: Option<(crate::document::SectionKind, Option<&Segment>, Run<'_>)> = None;
    // A paragraph is asked whether it ends the list, and an item whether it is optional,
    // only in a list long enough to report: most lists are not, and each question is a
    // regex search.
    let finish = |run: Option<(_, Option<&Segment>, Run<'_>)>, out: &mut Vec<Diagnostic>| {
        if let Some((
            _,
            heading,
            Run {
                mut items,
                paragraphs,
                labelled,
            },
        )) = run
            && items.len() > max
            && {
                if let Some(&(before, _)) = paragraphs.iter().find(|(_, p)| (list.stop)(p)) {
                    items.truncate(before);
                }
                // A bullet repeated word for word in the list (a converter's or a board's
                // doubling) is one requirement.
                let mut seen = crate::fxhash::FxHashSet::default();
                items = bullets(&items, &labelled)
                    .into_iter()
                    .filter(|pieces| seen.insert(pieces[0].text.as_str()))
                    .filter(|pieces| !pieces.iter().any(|item| (list.optional)(item)))
                    // A duty opens its bullet: only the first piece says.
                    .filter(|pieces| !(list.duty)(pieces[0]))
                    .map(|pieces| pieces[0])
                    .collect();
                items.len() > max
            }
        {
            let at = heading.or(items.first().copied());
            if let Some(at) = at {
                let words = squash(&at.text);
                let fill = Fill {
                    count: items.len(),
                    against: max,
                    ..Fill::new(title, &words)
                };
                let secondary = items[max..]
                    .iter()
                    .map(|s| Secondary::new(s.source_range()))
                    .collect();
                out.push(diagnostic(rule, &fill, at.source_range(), secondary));
            }
        }
    };
    for segment in &doc.segments {
        // A heading that names a section ("Physical requirements:" after "Qualifications")
        // starts a list of its own; a sub-heading that names none ("Technical") does not, nor
        // does the run-in label that opens a bullet ("- Hands-on experience with QMS:
        // deviations, CAPA").
        // Asked only of a heading in the run's own section: another section ends the run
        // anyway (the question was about 60,000 heading lookups over bulk).
        let same = run
            .as_ref()
            .is_some_and(|(section, _, _)| *section == segment.section)
            && !(segment.kind == SegmentKind::Heading
                && !segment.item
                && crate::document::sections::classify_heading(&segment.text).is_some());
        if !same {
            finish(run.take(), out);
            run = Some((
                segment.section,
                (segment.kind == SegmentKind::Heading).then_some(segment),
                Run::default(),
            ));
        }
        let Some((_, _, counted)) = run.as_mut() else {
            continue;
        };
        if segment.item && segment.kind == SegmentKind::Heading {
            counted.labelled.push(counted.items.len());
        } else if segment.item && rule.searches(segment) {
            counted.items.push(segment);
        } else if segment.kind == SegmentKind::Body && !segment.item && !counted.items.is_empty() {
            // A statement too (a pay-law summary that opens the perks).
            counted.paragraphs.push((counted.items.len(), segment));
        }
    }
    finish(run, out);
}

/// A list's items grouped into the bullets they are: an item that carries on the one before
/// joins it (see `continues`).
fn bullets<'d>(items: &[&'d Segment], labelled: &[usize]) -> Vec<Vec<&'d Segment>> {
    let opens_upper = |item: &Segment| {
        item.text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let upper = items.iter().filter(|item| opens_upper(item)).count();
    let lower = items.iter().filter(|item| opens_lower(item)).count();
    // The list's own style: three in four of its bullets open with a capital.
    let capitalised = upper >= 3 * lower;
    let mut out: Vec<Vec<&Segment>> = Vec::with_capacity(items.len());
    for (at, &item) in items.iter().enumerate() {
        match out.last_mut() {
            Some(pieces)
                if !labelled.contains(&at)
                    && continues(
                        pieces[pieces.len() - 1],
                        item,
                        capitalised && opens_upper(pieces[0]),
                    ) =>
            {
                pieces.push(item);
            }
            _ => out.push(vec![item]),
        }
    }
    out
}

/// Whether an item opens with a word in lower case ("build relationships", not "gRPC" or
/// "iOS", which are written so).
fn opens_lower(item: &Segment) -> bool {
    let text = item.text.trim_start();
    let word = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_lowercase) && !word.chars().any(char::is_uppercase)
}

/// Whether `item` carries on `before`'s bullet: a converter wrapped a long bullet onto a new
/// "* " line ("Strong presentation skills and extraordinary ability to" / "build
/// relationships"). The item opens with a word in lower case, `before` ends without a
/// sentence's end, and either `before` breaks off on a comma or on a word no item ends on
/// ("to", "and", "of") after a few words, or it is as long as a wrapped line and the bullets
/// around open with capitals (`capitalised`: the list's style, and the bullet `before`
/// belongs to). A list written in lower case, or one that mixes short labels with sentences,
/// keeps its items.
fn continues(before: &Segment, item: &Segment, capitalised: bool) -> bool {
    const DANGLING: &[&str] = &[
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "including",
        "into",
        "of",
        "on",
        "or",
        "our",
        "such",
        "the",
        "their",
        "to",
        "via",
        "with",
        "your",
    ];
    /// Shorter than any line a converter wraps at, and than a line it wraps mid-phrase.
    const WRAPPED_LINE: usize = 50;
    const BROKEN_OFF: usize = 20;
    let before = before.text.trim_end();
    if !opens_lower(item) || before.ends_with(['.', '!', '?', ':', ';', ')']) {
        return false;
    }
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // A short item ("a", "Python,") is an item of its own, however it ends.
    let broken_off = before.len() >= BROKEN_OFF
        && (before.ends_with(',')
            || DANGLING
                .iter()
                .any(|word| last_word.eq_ignore_ascii_case(word)));
    broken_off || (capitalised && before.len() >= WRAPPED_LINE)
}

/// The replacement of `text`, a substitution's match, with the match's words (spaces
/// squashed): `None` when `swap` has none for them or `text` is written so already. Every
/// match of the list is asked (most are the right spelling), so the common answers borrow.
fn substitute<'t, 's>(
    text: &'t str,
    swap: &'s crate::fxhash::FxHashMap<String, String>,
    exact: bool,
) -> Option<(Cow<'t, str>, Cow<'s, str>)> {
    let words = squashed(text);
    let replacement = if exact {
        Cow::Borrowed(swap.get(words.as_ref())?.as_str())
    } else {
        // ASCII words are lower-cased on the stack; `to_lowercase` agrees with that on them.
        let mut buffer = [0u8; 64];
        let key = words
            .is_ascii()
            .then(|| crate::bytescan::lowered_in(&words, &mut buffer))
            .flatten()
            .map_or_else(|| Cow::Owned(words.to_lowercase()), Cow::Borrowed);
        match_case(text, swap.get(key.as_ref())?)
    };
    (text != replacement).then_some((words, replacement))
}

/// The replacement in the case of the words it replaces: "Rockstar" → "Expert", "NINJA" →
/// "EXPERT". A replacement with capitals of its own ("JavaScript") is kept as written.
fn match_case<'r>(original: &str, replacement: &'r str) -> Cow<'r, str> {
    if replacement.chars().any(char::is_uppercase) {
        return Cow::Borrowed(replacement);
    }
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return Cow::Owned(replacement.to_uppercase());
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = replacement.chars();
        return Cow::Owned(
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default(),
        );
    }
    Cow::Borrowed(replacement)
}

pub(crate) fn diagnostic(
    rule: &Rule,
    fill: &Fill<'_>,
    range: Range<usize>,
    secondary: Vec<Secondary>,
) -> Diagnostic {
    Diagnostic {
        rule: rule.name.clone(),
        category: rule.category.clone(),
        level: rule.level,
        message: fill.apply(&rule.message),
        range,
        label: rule
            .label
            .as_deref()
            .map(|l| fill.apply(l))
            .unwrap_or_else(|| fill.words.to_string()),
        secondary,
        note: Some(std::sync::Arc::clone(&rule.why)),
        help: rule.help.as_deref().map(|h| fill.apply(h)),
        role_context: None,
        fix: None,
    }
}

/// Whether `replacement` can be written into a posting of `format` as it is, without an
/// escape the format would need there: a quote or a backslash in a JSON string, `<` or `&`
/// in markup, a separator, quote or line break in a CSV cell, a quote, `#` or `:` in a YAML
/// scalar. Markdown and text take any words.
fn fits_as_written(format: crate::document::Format, replacement: &str) -> bool {
    use crate::document::Format;
    let refused: &[char] = match format {
        Format::Markdown | Format::Text => return true,
        Format::Html | Format::Xml => &['<', '&'],
        Format::Json | Format::JsonLines => &['"', '\\'],
        Format::Csv => &['"', ',', ';', '\t'],
        Format::Yaml => &['"', '\'', '\\', '#', ':'],
    };
    !replacement.contains(refused) && !replacement.contains(char::is_control)
}

/// How the posting's family was decided, in words, and how to say otherwise in a posting of
/// `format`.
pub fn role_context(role: &Role, format: crate::document::Format) -> String {
    use crate::document::Format;
    let family = role.family;
    let how = match (role.source, &role.evidence) {
        (RoleSource::Title, Some(words)) => format!(" from the words \"{words}\" in its title"),
        (RoleSource::Body, Some(words)) => {
            format!(" from the words \"{words}\" in its text (no title names a role)")
        }
        // An export's postings carry fields of their own, not front matter.
        (RoleSource::FrontMatter, Some(value)) if format.holds_many() => {
            format!(" from its `role` field ({value})")
        }
        (RoleSource::FrontMatter, Some(value)) => format!(" from its front matter (role: {value})"),
        _ => String::new(),
    };
    let roles = if role.roles.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = role
            .roles
            .iter()
            .map(|r| format!("{} \"{}\"", r.family, r.words))
            .collect();
        format!(" ({}): role rules stay silent on it", list.join(", "))
    };
    // An export's or a data file's posting takes a field where a page takes front matter.
    let override_with = match format {
        Format::Markdown | Format::Text | Format::Html => "set `role:` in the front matter",
        Format::Csv => "give the row a `role` column",
        Format::Json | Format::JsonLines | Format::Xml | Format::Yaml => {
            "give the posting a `role` field"
        }
    };
    format!(
        "read as a{} {family} posting{how}{roles}; if that is wrong, {override_with}",
        if matches!(family, Family::Engineer | Family::Other) {
            "n"
        } else {
            ""
        }
    )
}

/// Whitespace runs (line breaks inside a match) as single spaces, for messages.
pub(crate) fn squash(text: &str) -> String {
    squashed(text).into_owned()
}

/// `squash`, borrowing `text` when it is squashed already (ASCII words, one space between):
/// most matches are.
fn squashed(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let plain = text.is_ascii()
        && bytes.first().is_none_or(|&b| b != b' ')
        && bytes.last().is_none_or(|&b| b != b' ')
        && !bytes.iter().any(|&b| b.is_ascii_whitespace() && b != b' ')
        && !text.contains("  ");
    if plain {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::Fill;

    /// Words are squashed to single spaces; words that are so already are borrowed.
    #[test]
    fn squashed_words_borrow_when_they_can() {
        use std::borrow::Cow;
        for (text, expected, borrowed) in [
            ("java script", "java script", true),
            ("Ruby on Rail", "Ruby on Rail", true),
            ("", "", true),
            ("java  script", "java script", false),
            ("java\nscript", "java script", false),
            (" java script\t", "java script", false),
            ("java\u{a0}script", "java script", false),
            ("Développeur  Java", "Développeur Java", false),
        ] {
            let squashed = super::squashed(text);
            assert_eq!(squashed, expected, "{text:?}");
            assert_eq!(matches!(squashed, Cow::Borrowed(_)), borrowed, "{text:?}");
        }
    }

    /// A match written as its replacement needs none; the others get theirs, in the case
    /// the match was written in when the replacement has no capital.
    #[test]
    fn a_substitution_is_needed_only_where_the_words_differ() {
        let swap: crate::fxhash::FxHashMap<String, String> = [
            ("javascript", "JavaScript"),
            ("java script", "JavaScript"),
            ("scikit learn", "scikit-learn"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let swapped = |text: &str| {
            super::substitute(text, &swap, false).map(|(w, r)| (w.into_owned(), r.into_owned()))
        };
        assert_eq!(swapped("JavaScript"), None);
        assert_eq!(swapped("Python"), None);
        assert_eq!(
            swapped("Javascript"),
            Some(("Javascript".into(), "JavaScript".into()))
        );
        assert_eq!(
            swapped("java  script"),
            Some(("java script".into(), "JavaScript".into()))
        );
        assert_eq!(
            swapped("Scikit Learn"),
            Some(("Scikit Learn".into(), "Scikit-learn".into()))
        );
        assert_eq!(swapped("scikit-learn"), None);
        // Exact lists match as written only.
        assert_eq!(
            super::substitute("javascript", &swap, true).map(|(_, r)| r),
            Some("JavaScript".into())
        );
        assert_eq!(super::substitute("Javascript", &swap, true), None);
    }

    #[test]
    fn a_template_is_filled_in_one_pass() {
        let fill = Fill {
            count: 3,
            against: 1,
            ..Fill::new("Data Engineer", "rockstar")
        };
        assert_eq!(
            fill.apply("\"{title}\" asks for a {match} ({count} against {against})"),
            "\"Data Engineer\" asks for a rockstar (3 against 1)"
        );
        // A posting's words that read like a placeholder are not filled in again, and braces
        // that are no placeholder stay as written.
        let odd = Fill::new("{match}", "{title}");
        assert_eq!(
            odd.apply("{title} / {match} / {json} / {unclosed"),
            "{match} / {title} / {json} / {unclosed"
        );
    }
}
