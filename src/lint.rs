//! One file through the pipe: read → parse → classify → lint. Runs per file on rayon threads,
//! sharing one `&RuleSet` and one `&RoleTable`; a long run takes its files a few at a time,
//! each stage over all of them before the next, and their rules rule by rule.

use rayon::prelude::*;

use std::path::Path;
use std::sync::Arc;

use crate::classify::Role;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, MetaRule};
use crate::discover::Candidate;
use crate::document::{Document, Format, PayFact};
use crate::engine;
use crate::source::{Origin, Part, ReadError, SourceFile};
use crate::suppress;

/// What happened to one posting (a file, or one posting of a JSON file).
#[derive(Debug)]
pub struct FileReport {
    /// The file, shared by all the postings of a JSON file.
    pub source: Arc<SourceFile>,
    /// Where the posting is in a JSON file (`[3]`, `jobs[2]`, `line 7`).
    pub posting: Option<String>,
    pub format: Format,
    /// `None` when the file could not be read.
    pub role: Option<Role>,
    pub title: Option<String>,
    /// The pay statements read in the posting.
    pub pay: Vec<PayFact>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be linted (it still has an `unreadable-file` diagnostic).
    pub error: Option<String>,
    /// A binary file found by walking, or JSON without a posting: dropped from output.
    pub skipped: bool,
    /// Why a file named on the command line was skipped (said on stderr).
    pub skip_reason: Option<String>,
    /// What the posting says of the directives its file's postings share, to be said once
    /// for the file (see `suppress::SharedSettler`).
    pub shared: Vec<suppress::SharedFinding>,
}

/// A file to lint and the settings that apply to it.
#[derive(Debug, Clone)]
pub struct Job {
    pub candidate: Candidate,
    pub settings: Arc<Settings>,
    /// Lines of the file already read (a JSON Lines feed is read in parts); `None` to read
    /// the whole file.
    pub part: Option<Part>,
}

impl Job {
    pub fn new(candidate: Candidate, settings: Arc<Settings>) -> Job {
        Job {
            candidate,
            settings,
            part: None,
        }
    }

    /// The bytes this job holds in memory before it runs.
    pub fn bytes_held(&self) -> usize {
        self.part
            .as_ref()
            .and_then(|p| p.bytes.as_ref().ok())
            .map_or(0, Vec::len)
    }
}

/// Lints one job: its file from disk, or the part of a file it holds.
pub fn lint_job(mut job: Job) -> Vec<FileReport> {
    let part = job.part.take();
    lint_steps(job_steps(&job, part))
}

/// What one job reads (`part`, or else its file from disk), parsed into postings.
fn job_steps(job: &Job, part: Option<Part>) -> Vec<Step<'_>> {
    let Some(part) = part else {
        let read = crate::source::read_posting(&job.candidate.path);
        return read_steps(&job.candidate, read, &job.settings, Origin::default());
    };
    let whole = part.whole;
    let mut steps = read_steps(&job.candidate, part.bytes, &job.settings, part.origin);
    if !whole {
        // A part without a posting says nothing: the other parts of the file may have some.
        steps.retain(|step| !matches!(step, Step::Done(report) if report.skipped));
    }
    // A feed's records are named by their place in the whole file.
    if let Some(numbering) = &part.numbering {
        for step in &mut steps {
            if let Step::Parsed(Parsed {
                posting: Some(path),
                ..
            }) = step
            {
                *path = numbering.renumber(path);
            }
        }
    }
    steps
}

/// Lints the jobs of a long run, in order: each is read and parsed, the postings are
/// classified and read by the trigger pass one after the other, and their rules run rule by
/// rule over them all (`engine::lint_together`), a few postings at a time.
pub fn lint_jobs_together(mut jobs: Vec<Job>) -> Vec<FileReport> {
    let parts: Vec<Option<Part>> = jobs.iter_mut().map(|job| job.part.take()).collect();
    let steps: Vec<Step<'_>> = jobs
        .iter()
        .zip(parts)
        .flat_map(|(job, part)| job_steps(job, part))
        .collect();
    let mut reports = Vec::with_capacity(steps.len());
    let mut pending: Vec<Parsed<'_>> = Vec::new();
    for step in steps {
        match step {
            Step::Parsed(parsed) => {
                // Postings linted together share a rule set.
                if pending.len() == TOGETHER
                    || pending.first().is_some_and(|first| {
                        !Arc::ptr_eq(&first.settings.rules, &parsed.settings.rules)
                    })
                {
                    reports.extend(lint_parsed_together(std::mem::take(&mut pending)));
                }
                pending.push(parsed);
            }
            Step::Done(report) => {
                reports.extend(lint_parsed_together(std::mem::take(&mut pending)));
                reports.push(report);
            }
        }
    }
    reports.extend(lint_parsed_together(pending));
    reports
}

/// Postings whose rules run rule by rule over them all, and files a unit of work: enough that
/// a rule's automata are read from the processor's caches for most of them, and that the
/// thread writing the reports wakes seldom, few enough that their texts stay in the caches
/// beside. Bulk took 0.973 and 0.978 of the wall time with 32 as with 16 (two rounds of 50
/// alternating runs), and the same again with 64.
const TOGETHER: usize = 32;

/// Lints every job in parallel; the reports come back in the order of `jobs` (the postings
/// of a JSON file in file order).
pub fn lint_all(jobs: Vec<Job>) -> Vec<FileReport> {
    expect_long_run(&jobs);
    suppress::settle(jobs.into_par_iter().flat_map_iter(lint_job).collect())
}

/// Both ends of a streamed run: where the jobs come from and where the reports go. Both are
/// called on the thread that calls `lint_in_order`, in turn.
pub trait Pipe {
    /// Up to `max` more jobs; none when there are no more.
    fn next_jobs(&mut self, max: usize) -> Vec<Job>;
    /// One report, in the order of the jobs; `false` to stop the run (the output was closed).
    fn report(&mut self, report: FileReport) -> bool;
}

/// Lints the jobs of `pipe` on the rayon pool and hands it the reports in the order of the
/// jobs, as each is done with those before it; the walk, the linting and the output overlap,
/// and memory stays flat however many files a run has. A run whose first batch makes it long
/// (`expect_long_run`) goes as units of work (`lint_units_in_order`); a short one (a hook's or
/// an editor's few files) lints its postings one by one, each posting's own work on both
/// cores.
pub fn lint_in_order(pipe: &mut impl Pipe) {
    let mut settling = Settling {
        pipe,
        settler: suppress::SharedSettler::default(),
        open: true,
    };
    lint_settled_in_order(&mut settling);
    if let (Some(report), true) = (settling.settler.finish(), settling.open) {
        settling.pipe.report(report);
    }
}

/// A pipe whose reports pass through a `SharedSettler` on their way out.
struct Settling<'p, P: Pipe> {
    pipe: &'p mut P,
    settler: suppress::SharedSettler,
    /// The pipe still takes reports.
    open: bool,
}

impl<P: Pipe> Pipe for Settling<'_, P> {
    fn next_jobs(&mut self, max: usize) -> Vec<Job> {
        self.pipe.next_jobs(max)
    }

    fn report(&mut self, report: FileReport) -> bool {
        for ready in self.settler.pass(report) {
            self.open = self.open && self.pipe.report(ready);
        }
        self.open
    }
}

/// `lint_in_order`, its reports given to `pipe` as they come.
fn lint_settled_in_order(pipe: &mut impl Pipe) {
    let first = pipe.next_jobs(BATCH);
    if expect_long_run(&first) {
        lint_units_in_order(pipe, first);
        return;
    }
    let mut batch = first;
    while !batch.is_empty() {
        // On the pool's threads, so that a lone posting's own parallel work (compiling what
        // it arms) has both cores rather than waiting on this thread. What the trigger pass
        // reads with (the first batch's; once built, nothing) is built by the other thread
        // meanwhile, if it is awake, and else by the pass when it comes: queued before the
        // postings (when the rules had loaded), it held up their reading for 0.6 ms in a third
        // of the runs on one posting; built on this thread, beside both of the pool's, it
        // slowed the posting by a tenth.
        let rules = batch.first().map(|job| Arc::clone(&job.settings.rules));
        let mut reports: Vec<FileReport> = Vec::new();
        let linted = &mut reports;
        rayon::in_place_scope(|scope| {
            scope.spawn(move |_| *linted = batch.into_par_iter().flat_map_iter(lint_job).collect());
            if let Some(rules) = rules {
                scope.spawn(move |_| rules.warm());
            }
        });
        for report in reports {
            if !pipe.report(report) {
                return;
            }
        }
        batch = pipe.next_jobs(BATCH);
    }
}

/// Units of work handed to the pool and not yet written: enough that the threads rarely wait
/// while this one writes, few enough that their texts take little memory.
const IN_FLIGHT: usize = 16;

/// Lints a long run's jobs (`first`, then the rest of `pipe`'s) as units of `TOGETHER` files
/// (a feed's part alone: it holds many postings), each a task of its own on the pool
/// (`lint_jobs_together`), and writes the reports in order as each unit and every one before
/// it are done. Each thread takes the next unit as soon as it is free: batches linted to the
/// last before the next began left a core idle at the end of each.
fn lint_units_in_order(pipe: &mut impl Pipe, first: Vec<Job>) {
    type Done = std::thread::Result<Vec<FileReport>>;
    let (done_in, done_out) = std::sync::mpsc::channel::<(usize, Done)>();
    let mut first = Some(first);
    let (mut handed_out, mut written) = (0, 0);
    let mut more = true;
    let mut done: std::collections::BTreeMap<usize, Vec<FileReport>> = Default::default();
    loop {
        while more && handed_out - written < IN_FLIGHT {
            let jobs = first.take().unwrap_or_else(|| pipe.next_jobs(TOGETHER));
            if jobs.is_empty() {
                more = false;
                break;
            }
            // A later batch can bring the rule set of a config found deeper in the walk.
            mark_long_run(&jobs);
            for unit in units(jobs) {
                let (done_in, seq) = (done_in.clone(), handed_out);
                rayon::spawn(move || {
                    // A panic comes back to this thread, which raises it again, as a scope
                    // would; the pool's own handler would abort the process.
                    let reports = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        lint_jobs_together(unit)
                    }));
                    // The run may have stopped writing (its output was closed).
                    let _ = done_in.send((seq, reports));
                });
                handed_out += 1;
            }
        }
        if written == handed_out {
            return;
        }
        // This thread holds a sender: a receive ends only with a unit done.
        let Ok((seq, reports)) = done_out.recv() else {
            return;
        };
        done.insert(
            seq,
            reports.unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        while let Some(reports) = done.remove(&written) {
            written += 1;
            for report in reports {
                if !pipe.report(report) {
                    // The output was closed: the units still out finish unwritten.
                    return;
                }
            }
        }
    }
}

/// The jobs of a long run as units of work: files `TOGETHER` at a time, each part of a feed
/// alone.
fn units(jobs: Vec<Job>) -> Vec<Vec<Job>> {
    let mut units: Vec<Vec<Job>> = Vec::new();
    for job in jobs {
        match units.last_mut() {
            // A unit that starts with a part holds only it.
            Some(unit) if job.part.is_none() && unit.len() < TOGETHER && unit[0].part.is_none() => {
                unit.push(job);
            }
            _ => units.push(vec![job]),
        }
    }
    units
}

/// A run that starts with this many jobs (a batch holds up to `BATCH`) is long from its start.
const LONG_RUN_JOBS: usize = 32;

/// A run that starts with this many bytes of a feed's lines is long from its start.
const LONG_RUN_BYTES: usize = 256 << 10;

/// Counts the run long from its first posting when the jobs it starts with say it will be:
/// `LONG_RUN_JOBS` files or more, or `LONG_RUN_BYTES` of a feed. A posting on its own (an
/// editor's save, a hook's few files) builds automata that are quick to build and compiles
/// only the alternatives its own text can match; a run of many postings would redo that work
/// for each, where whole automata and alternations, built once, serve them all. A run found
/// long only once it had read 4 MB (the threshold that stays, for one huge posting) paid the
/// posting's way for its first 800 postings. Starting long, bulk took 0.90 times as long,
/// 100 postings 0.85, 30 postings 0.94 of the wall time but 1.14 of the CPU, and 20 postings
/// 1.16 (whole-process medians): the mark sits between.
pub fn expect_long_run(jobs: &[Job]) -> bool {
    let held: usize = jobs.iter().map(Job::bytes_held).sum();
    if jobs.len() < LONG_RUN_JOBS && held < LONG_RUN_BYTES {
        return false;
    }
    crate::alloc::use_for_long_run();
    build_long_run_readers(mark_long_run(jobs));
    true
}

/// Counts the rule sets of `jobs` and the reading of postings long from now on; returns the
/// rule sets.
fn mark_long_run(jobs: &[Job]) -> Vec<Arc<crate::rules::RuleSet>> {
    let mut marked: Vec<Arc<crate::rules::RuleSet>> = Vec::new();
    for job in jobs {
        let rules = &job.settings.rules;
        if !marked.iter().any(|m| Arc::ptr_eq(m, rules)) {
            marked.push(Arc::clone(rules));
            rules.mark_long_run();
        }
    }
    crate::document::mark_long_run();
    marked
}

/// Builds, as a task of its own on the pool, what a long run reads postings with: the
/// trigger pass's DFA for each of `rule_sets` and the statement headings' DFA. Built by the
/// first search that needed them, they held up that search's unit of 32 postings by about 5
/// ms while the other thread went on, and the run ended with one thread still at work. Built
/// ahead, 40 postings took 0.89 of the time and the 113 fixtures 0.90 (medians of 30 pairs of
/// whole runs); bulk 0.99, within its noise. What is built or being built already is not
/// built again.
pub fn build_long_run_readers(rule_sets: Vec<Arc<crate::rules::RuleSet>>) {
    rayon::spawn(move || {
        for rules in &rule_sets {
            rules.build_long_run_readers();
        }
        crate::document::build_long_run_readers();
    });
}

/// Jobs asked of the walk at first, which decide whether the run is long (`LONG_RUN_JOBS`),
/// and at a time in a short run.
const BATCH: usize = 128;

/// Bytes of parts held by a batch's jobs at most (parts of a JSON Lines feed are read before
/// they are linted): 64 parts.
pub const BATCH_BYTES: usize = 64 * crate::source::PART_BYTES;

/// Lints one file from disk.
pub fn lint_one(candidate: &Candidate, settings: &Settings) -> Vec<FileReport> {
    let read = crate::source::read_posting(&candidate.path);
    suppress::settle(lint_read(candidate, read, settings, Origin::default()))
}

/// Lints what was read from the file of `candidate`, starting at `origin` in it.
fn lint_read(
    candidate: &Candidate,
    read: Result<Vec<u8>, ReadError>,
    settings: &Settings,
    origin: Origin,
) -> Vec<FileReport> {
    lint_steps(read_steps(candidate, read, settings, origin))
}

/// What was read from the file of `candidate` (from `origin` on), parsed into postings.
fn read_steps<'s>(
    candidate: &'s Candidate,
    read: Result<Vec<u8>, ReadError>,
    settings: &'s Settings,
    origin: Origin,
) -> Vec<Step<'s>> {
    match read {
        Ok(bytes) => bytes_steps(candidate, bytes, settings, true, origin),
        Err(error) => vec![Step::Done(not_read(candidate, error, settings, origin))],
    }
}

/// A posting read and parsed, waiting for its rules.
struct Parsed<'s> {
    source: Arc<SourceFile>,
    /// Where the posting is in a JSON file.
    posting: Option<String>,
    doc: Document,
    format: Format,
    settings: &'s Settings,
    /// The file on disk, for per-path levels.
    file: Option<&'s Path>,
}

/// What reading a file gives, in the order of its reports: a report made already (a file
/// that cannot be read or parsed, or one left out), or a posting to lint.
enum Step<'s> {
    Done(FileReport),
    Parsed(Parsed<'s>),
}

/// Lints the postings of `steps`, one by one; the reports in order.
fn lint_steps(steps: Vec<Step<'_>>) -> Vec<FileReport> {
    steps
        .into_iter()
        .map(|step| match step {
            Step::Done(report) => report,
            Step::Parsed(parsed) => lint_document(parsed),
        })
        .collect()
}

/// What could not be read or decoded: a binary file found by walking is left out quietly,
/// anything else is reported.
fn not_read(
    candidate: &Candidate,
    error: ReadError,
    settings: &Settings,
    origin: Origin,
) -> FileReport {
    match error {
        ReadError::Binary if !candidate.named && origin.byte == 0 => skipped_binary(candidate),
        error => unreadable(candidate, error, settings, origin),
    }
}

/// Lints the bytes of `candidate` (read from disk, or stdin). `by_path`: the candidate's
/// path names the file, for per-path levels.
pub fn lint_bytes(
    candidate: &Candidate,
    bytes: Vec<u8>,
    settings: &Settings,
    by_path: bool,
) -> Vec<FileReport> {
    suppress::settle(lint_bytes_at(
        candidate,
        bytes,
        settings,
        by_path,
        Origin::default(),
    ))
}

/// `lint_bytes` for bytes that start at `origin` in their file.
fn lint_bytes_at(
    candidate: &Candidate,
    bytes: Vec<u8>,
    settings: &Settings,
    by_path: bool,
    origin: Origin,
) -> Vec<FileReport> {
    lint_steps(bytes_steps(candidate, bytes, settings, by_path, origin))
}

/// The bytes of `candidate` from `origin` on, parsed into postings.
fn bytes_steps<'s>(
    candidate: &'s Candidate,
    bytes: Vec<u8>,
    settings: &'s Settings,
    by_path: bool,
    origin: Origin,
) -> Vec<Step<'s>> {
    let file = by_path.then_some(candidate.path.as_path());
    match SourceFile::from_bytes(candidate.display.clone(), bytes) {
        Ok(source) => {
            let mut steps = source_steps(source.at(origin), candidate.format, settings, file);
            // Only a file the user named deserves a word about why it was left out.
            if !candidate.named {
                for step in &mut steps {
                    if let Step::Done(report) = step {
                        report.skip_reason = None;
                    }
                }
            }
            steps
        }
        Err(error) => vec![Step::Done(not_read(candidate, error, settings, origin))],
    }
}

impl FileReport {
    /// A report of `source` with nothing read from it yet.
    pub(crate) fn bare(source: Arc<SourceFile>, format: Format) -> FileReport {
        FileReport {
            source,
            posting: None,
            format,
            role: None,
            title: None,
            pay: Vec::new(),
            diagnostics: Vec::new(),
            error: None,
            skipped: false,
            skip_reason: None,
            shared: Vec::new(),
        }
    }

    /// A file (or a line of JSON Lines) that could not be read or parsed: the run exits 2,
    /// with its `unreadable-file` finding unless that rule is off.
    fn failed(
        source: Arc<SourceFile>,
        format: Format,
        diagnostic: Option<Diagnostic>,
        error: String,
    ) -> FileReport {
        FileReport {
            diagnostics: diagnostic.into_iter().collect(),
            error: Some(error),
            ..FileReport::bare(source, format)
        }
    }

    /// A file left out of the output, with why when the user named it.
    fn skipped(source: Arc<SourceFile>, format: Format, reason: Option<String>) -> FileReport {
        FileReport {
            skipped: true,
            skip_reason: reason,
            ..FileReport::bare(source, format)
        }
    }
}

/// A binary file found by walking: left out of the output.
fn skipped_binary(candidate: &Candidate) -> FileReport {
    let source = Arc::new(SourceFile::new(candidate.display.clone(), ""));
    FileReport::skipped(source, candidate.format, None)
}

/// A file linted with its fixes applied (in memory: the caller writes or shows them).
#[derive(Debug)]
pub struct Fixed {
    /// The reports of the fixed text (of the text as read, when nothing was fixed).
    pub reports: Vec<FileReport>,
    /// How many edits were applied, over all passes.
    pub applied: usize,
    /// The file before and after, byte-order mark included, when something was fixed.
    pub change: Option<(String, String)>,
}

/// Most fix passes per file: a fix whose edit overlapped another's is applied in the next
/// pass, so the text settles in a few.
const MAX_FIX_PASSES: usize = 10;

/// Lints `bytes` and applies the fixes of the findings (safe ones, or all with
/// `unsafe_fixes`), linting again after each pass until nothing is left to fix.
pub fn lint_and_fix(
    candidate: &Candidate,
    bytes: Vec<u8>,
    settings: &Settings,
    by_path: bool,
    unsafe_fixes: bool,
) -> Fixed {
    let mut reports = lint_bytes(candidate, bytes, settings, by_path);
    let unchanged = |reports| Fixed {
        reports,
        applied: 0,
        change: None,
    };
    if reports.iter().any(|r| r.error.is_some() || r.skipped) || reports.is_empty() {
        return unchanged(reports);
    }
    let source = Arc::clone(&reports[0].source);
    let bom = &"\u{feff}"[..source.bom_len];
    let file = by_path.then_some(candidate.path.as_path());
    let mut text = source.text.clone();
    let mut applied = 0;
    for _ in 0..MAX_FIX_PASSES {
        let found: Vec<Diagnostic> = reports.iter().flat_map(|r| r.diagnostics.clone()).collect();
        let (next, n) = crate::fix::apply(&text, &found, unsafe_fixes);
        if n == 0 {
            break;
        }
        applied += n;
        text = next;
        reports = lint_source(
            SourceFile::new(candidate.display.clone(), format!("{bom}{text}")),
            candidate.format,
            settings,
            file,
        );
    }
    if applied == 0 {
        return unchanged(reports);
    }
    Fixed {
        reports,
        applied,
        change: Some((format!("{bom}{}", source.text), format!("{bom}{text}"))),
    }
}

/// `lint_and_fix` for every job from disk, in parallel, in the order of `jobs`.
pub fn fix_all(jobs: &[Job], unsafe_fixes: bool) -> Vec<Fixed> {
    jobs.par_iter()
        .map(
            |job| match crate::source::read_posting(&job.candidate.path) {
                Ok(bytes) => lint_and_fix(&job.candidate, bytes, &job.settings, true, unsafe_fixes),
                // Nothing to fix in what cannot be read: report it as a check does, from the
                // error in hand (the file is never read twice).
                Err(error) => Fixed {
                    reports: vec![not_read(
                        &job.candidate,
                        error,
                        &job.settings,
                        Origin::default(),
                    )],
                    applied: 0,
                    change: None,
                },
            },
        )
        .collect()
}

/// Lints text already in memory, one report per posting; `file` is its path on disk, for
/// per-path levels.
pub fn lint_source(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    file: Option<&Path>,
) -> Vec<FileReport> {
    suppress::settle(lint_steps(source_steps(source, format, settings, file)))
}

/// Text in memory parsed into its postings, and the reports of what does not parse.
fn source_steps<'s>(
    source: SourceFile,
    format: Format,
    settings: &'s Settings,
    file: Option<&'s Path>,
) -> Vec<Step<'s>> {
    let source = Arc::new(source);
    let parsed = |posting, doc| {
        Step::Parsed(Parsed {
            source: Arc::clone(&source),
            posting,
            doc,
            format,
            settings,
            file,
        })
    };
    if !format.holds_many() {
        let doc = Document::parse(&source, format);
        return vec![parsed(None, doc)];
    }
    let postings = Document::parse_all(&source, format);
    let mut steps: Vec<Step<'s>> = postings
        .documents
        .into_iter()
        .map(|(path, doc)| parsed(path, doc))
        .collect();
    for error in postings.errors {
        steps.push(Step::Done(unparsable(
            &source, error, format, settings, file,
        )));
    }
    if steps.is_empty() {
        // JSON or XML without a posting (a package manifest found while walking): nothing to
        // say.
        let why = if format == Format::Xml {
            "no job posting in it (an element with a title and a description)"
        } else if format == Format::Csv {
            "no job posting in it (a header row naming a title column and a description column)"
        } else if format == Format::Yaml {
            "no job posting in it (a mapping with a title, a description and a job's keys or words)"
        } else {
            "no job posting in it (a schema.org JobPosting, or an object with a title and a \
             description)"
        };
        steps.push(Step::Done(FileReport::skipped(
            source,
            format,
            Some(why.to_string()),
        )));
    }
    steps
}

/// JSON that does not parse: an `unreadable-file` error where parsing failed.
fn unparsable(
    source: &Arc<SourceFile>,
    error: crate::document::export::ParseError,
    format: Format,
    settings: &Settings,
    file: Option<&Path>,
) -> FileReport {
    let rule = MetaRule::UnreadableFile;
    let skipped = if format == Format::JsonLines {
        "the line was skipped; the other lines and files were still linted"
    } else {
        "the file was skipped; the other files were still linted"
    };
    let diagnostic = settings.meta_level(rule, file).map(|level| Diagnostic {
        note: Some(skipped.into()),
        ..rule.diagnostic(
            level,
            error.message.clone(),
            error.range,
            "cannot be parsed",
        )
    });
    FileReport::failed(Arc::clone(source), format, diagnostic, error.message)
}

/// Classifies and lints one parsed posting.
fn lint_document(parsed: Parsed<'_>) -> FileReport {
    let Parsed {
        doc,
        settings,
        file,
        ..
    } = &parsed;
    // A posting on its own has both cores: the trigger pass reads it while its role is
    // classified (neither needs the other). A long run's threads each lint their own.
    let classify = |narrow| settings.roles.classify_narrowed(doc, narrow);
    let (role, armed) = if settings.rules.is_long_run() {
        (classify(false), settings.rules.arm(doc))
    } else {
        rayon::join(|| classify(true), || settings.rules.arm(doc))
    };
    let levels = settings.levels(*file);
    let ctx = engine::Context::new(settings, doc);
    let diagnostics = engine::lint_armed(doc, &role, &settings.rules, armed, &ctx, &levels);
    posting_report(parsed, role, diagnostics)
}

/// `lint_document` for postings of a long run that share a rule set, their rules run rule
/// by rule over them all (`engine::lint_together`).
fn lint_parsed_together(postings: Vec<Parsed<'_>>) -> Vec<FileReport> {
    let Some(first) = postings.first() else {
        return Vec::new();
    };
    let rules = Arc::clone(&first.settings.rules);
    // Each stage over every posting before the next: the role tables, then the trigger
    // automaton, stay in the processor's caches.
    let roles: Vec<Role> = postings
        .iter()
        .map(|p| p.settings.roles.classify_narrowed(&p.doc, false))
        .collect();
    let armed: Vec<_> = postings.iter().map(|p| rules.arm(&p.doc)).collect();
    let levels: Vec<_> = postings.iter().map(|p| p.settings.levels(p.file)).collect();
    let ready = postings
        .iter()
        .zip(&roles)
        .zip(armed)
        .zip(&levels)
        .map(|(((p, role), armed), levels)| engine::ArmedPosting {
            doc: &p.doc,
            role,
            armed,
            ctx: engine::Context::new(p.settings, &p.doc),
            levels,
        })
        .collect();
    let found = engine::lint_together(ready, &rules);
    // The levels borrow the postings' settings, and the postings go into their reports next.
    drop(levels);
    postings
        .into_iter()
        .zip(roles)
        .zip(found)
        .map(|((p, role), diagnostics)| posting_report(p, role, diagnostics))
        .collect()
}

/// The report of a posting linted: its findings with the front matter's own, suppressions
/// applied.
fn posting_report(parsed: Parsed<'_>, role: Role, mut diagnostics: Vec<Diagnostic>) -> FileReport {
    let Parsed {
        source,
        posting,
        doc,
        format,
        settings,
        file,
    } = parsed;
    if let Some(fence) = doc.front_matter.unclosed.clone()
        && let Some(level) = settings.meta_level(MetaRule::UnclosedFrontMatter, file)
    {
        diagnostics.insert(
            0,
            Diagnostic {
                help: Some(format!(
                    "close it with `{}` on a line of its own",
                    &source.text[fence.clone()]
                )),
                ..MetaRule::UnclosedFrontMatter.diagnostic(
                    level,
                    "the front matter never closes, so the whole posting is read as text".into(),
                    fence,
                    "opens here",
                )
            },
        );
    }
    let (diagnostics, shared) =
        suppress::apply(&source, &doc.directives, diagnostics, settings, file);
    let title = role
        .title
        .as_ref()
        .map(|(title, _)| title.clone())
        .or_else(|| doc.title_text().map(str::to_string));
    FileReport {
        pay: doc.pay,
        title,
        posting,
        role: Some(role),
        diagnostics,
        shared,
        ..FileReport::bare(source, format)
    }
}

/// A file, or the part of one at `origin`, that cannot be read or decoded.
fn unreadable(
    candidate: &Candidate,
    error: ReadError,
    settings: &Settings,
    origin: Origin,
) -> FileReport {
    // Show invalid UTF-8 in context, from the bytes already read: the file is never read
    // twice (it may have changed in between).
    let (source, at) = match &error {
        ReadError::InvalidUtf8 { valid_up_to, shown } => {
            SourceFile::undecodable(candidate.display.clone(), shown, *valid_up_to)
        }
        _ => (SourceFile::new(candidate.display.clone(), ""), 0..0),
    };
    let source = source.at(origin);
    let rule = MetaRule::UnreadableFile;
    let message = error.describe(origin);
    let skipped = if origin.byte > 0
        || matches!(
            error,
            ReadError::LineTooLarge { .. }
                | ReadError::RowTooLarge { .. }
                | ReadError::ElementTooLarge { .. }
        ) {
        "these lines were skipped; the rest of the file and the other files were still linted"
    } else {
        "the file was skipped; the other files were still linted"
    };
    // The file still makes the run exit 2 when the rule is off; only the finding goes.
    let diagnostic = settings
        .meta_level(rule, Some(&candidate.path))
        .map(|level| Diagnostic {
            note: Some(skipped.into()),
            help: matches!(error, ReadError::InvalidUtf8 { .. } | ReadError::Utf16)
                .then(|| "save the posting as UTF-8".to_string()),
            ..rule.diagnostic(level, message.clone(), at, "cannot be decoded")
        });
    FileReport::failed(Arc::new(source), candidate.format, diagnostic, message)
}
