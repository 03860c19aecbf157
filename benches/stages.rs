//! Where a long run's time goes, stage by stage, on one thread: reading the files, parsing them
//! into documents, classifying their roles, the trigger pass, and the rules, over a folder of
//! Markdown postings (default `../shared/corpus/bulk`), in units of 32 postings as a long run
//! lints them (`lint::lint_parsed_together`). The reports (`--format json`) are left out.
//!
//! `cargo bench --bench stages [-- FOLDER] [--by-rule]`, and `cargo bench --bench stages
//! --features regex-timing -- --by-regex` for the regex searches by source.
//!
//! The postings are split in two halves, every other one. The first half is read cold: it
//! compiles what its postings arm, builds the trigger DFA and fills the lazy DFAs' caches.
//! The second half is new text read warm: twice its time is what the whole folder costs
//! beyond what a run pays once, and the first half's excess over the second is that once.
//! (The same postings read again would understate it: the role table and the exception
//! tests remember the texts they have answered, which is also why ten copies of a folder
//! cost less than ten times the folder.) A profile counts instructions; this counts time,
//! which is what the ratio to `cat` is made of. With `--by-rule`, each rule's time in the rules
//! stage, the rule selected alone (the rules on by default).

use std::sync::Arc;
use std::time::{Duration, Instant};

use hirelint::classify::Role;
use hirelint::config::{Builtins, ConfigArgs, Settings};
use hirelint::document::{Document, Format};
use hirelint::engine::{ArmedPosting, Context, lint_together};
use hirelint::source::SourceFile;

/// The allocator a run has (mimalloc's once a run is long): with the system's, `malloc` and
/// `free` took a tenth of this bench's time, and a run's far less.
#[global_allocator]
static ALLOCATOR: hirelint::alloc::RunAllocator = hirelint::alloc::RunAllocator;

/// Postings linted together, as `lint::TOGETHER`.
const UNIT: usize = 32;

const STAGES: [&str; 5] = ["read", "parse", "classify", "trigger pass", "rules"];

fn main() {
    let folder = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "../shared/corpus/bulk".to_string());
    let mut paths: Vec<_> = walkdir::WalkDir::new(&folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    if paths.len() < 2 {
        eprintln!("fewer than two Markdown postings under {folder}");
        std::process::exit(2);
    }
    // Read once before the clock, as `bench/run.sh` warms the files: the stages are timed
    // on files in the page cache, as `cat` is.
    for path in &paths {
        std::hint::black_box(std::fs::read(path).ok());
    }
    let first: Vec<_> = paths.iter().step_by(2).cloned().collect();
    let second: Vec<_> = paths.iter().skip(1).step_by(2).cloned().collect();
    // One thread: the stages' times add up to the run's CPU time, not its wall time.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");
    let builtins = pool.install(|| Builtins::load_for_linting().expect("the built-in rules load"));
    let args = ConfigArgs {
        no_config: true,
        ..ConfigArgs::default()
    };
    let settings = Settings::defaults(&builtins, &args).expect("the defaults resolve");
    // A long run from its start, as one of bulk's size is.
    hirelint::alloc::use_for_long_run();
    settings.rules.mark_long_run();
    let cold = pool.install(|| one_pass(&first, &settings));
    let warm = pool.install(|| one_pass(&second, &settings));
    report(paths.len(), &cold, &warm);
    if std::env::args().any(|a| a == "--by-regex") {
        by_regex();
    }
    if std::env::args().any(|a| a == "--by-rule") {
        by_rule(&pool, &builtins, &settings, &first, &second, warm.0[4]);
    }
}

/// The regex searches of both halves (the classifying and the rules stages), by source, with
/// how the time spreads over the calls: a search of text its lazy DFA has not seen builds
/// states, and those few calls hold most of the time.
#[cfg(feature = "regex-timing")]
fn by_regex() {
    let costs = hirelint::rules::regex::timing::take();
    let mut all: Vec<u64> = costs
        .iter()
        .flat_map(|c| c.calls.iter().map(|&(nanos, _)| nanos))
        .collect();
    all.sort_unstable();
    let total: u64 = all.iter().sum();
    let ms = |nanos: u64| nanos as f64 / 1e6;
    println!(
        "regex searches, both halves: {:.1} ms in {} calls over {:.1} MB of text",
        ms(total),
        all.len(),
        costs
            .iter()
            .flat_map(|c| c.calls.iter().map(|&(_, len)| len))
            .sum::<usize>() as f64
            / 1e6
    );
    for quantile in [0.5, 0.9, 0.99] {
        let at = ((all.len() as f64 * quantile) as usize).min(all.len().saturating_sub(1));
        let above: u64 = all[at..].iter().sum();
        println!(
            "  calls over the {:>4} quantile ({:>6} ns) hold {:>4.1}% of the time",
            format!("{}%", quantile * 100.0),
            all.get(at).copied().unwrap_or(0),
            100.0 * above as f64 / total.max(1) as f64
        );
    }
    let mut by_source: Vec<(u64, &hirelint::rules::regex::timing::SourceCost)> = costs
        .iter()
        .map(|c| (c.calls.iter().map(|&(nanos, _)| nanos).sum(), c))
        .collect();
    by_source.sort_by_key(|&(nanos, _)| std::cmp::Reverse(nanos));
    println!("      ms  calls bytes/call median ns   p90 ns  source");
    for (nanos, cost) in by_source.iter().take(25) {
        let mut times: Vec<u64> = cost.calls.iter().map(|&(nanos, _)| nanos).collect();
        times.sort_unstable();
        let bytes: usize = cost.calls.iter().map(|&(_, len)| len).sum();
        let source: String = cost.source.chars().take(70).collect();
        println!(
            "{:>8.1} {:>6} {:>10} {:>9} {:>8}  {source}",
            ms(*nanos),
            times.len(),
            bytes / times.len().max(1),
            times[times.len() / 2],
            times[times.len() * 9 / 10],
        );
    }
}

#[cfg(not(feature = "regex-timing"))]
fn by_regex() {
    println!(
        "--by-regex needs the searches timed: cargo bench --bench stages --features regex-timing -- --by-regex"
    );
}

/// Each rule's share of the rules stage: the stage again with that rule alone selected (the
/// trigger pass and the other stages as before), first half to compile it, second timed.
/// Alone, a rule's automata are not evicted by the others'; over bulk the rules' own times
/// still added up to the stage's (64.0 ms against 62.7), so they hardly slow each other.
fn by_rule(
    pool: &rayon::ThreadPool,
    builtins: &Builtins,
    defaults: &Settings,
    first: &[std::path::PathBuf],
    second: &[std::path::PathBuf],
    all: Duration,
) {
    // The rules a run has on by default (a rule off by default costs it nothing).
    let levels = defaults.levels(None);
    let names: Vec<String> = defaults
        .rules
        .rules()
        .zip(levels.iter())
        .filter(|(_, level)| level.is_some())
        .map(|(rule, _)| rule.name.clone())
        .collect();
    let mut times: Vec<(Duration, String)> = names
        .into_iter()
        .map(|name| {
            let args = ConfigArgs {
                no_config: true,
                select: Some(vec![name.clone()]),
                ..ConfigArgs::default()
            };
            let settings = Settings::defaults(builtins, &args).expect("one rule selects");
            pool.install(|| one_pass(first, &settings));
            let (spent, _) = pool.install(|| one_pass(second, &settings));
            (spent[4], name)
        })
        .collect();
    times.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    // The stage costs something with any one rule (each posting's title, context, levels):
    // the cheapest rule's time, taken off each rule's to leave what the rule itself costs.
    let base = times.last().map_or(0.0, |(t, _)| ms(*t));
    let own: f64 = times.iter().map(|(t, _)| ms(*t) - base).sum();
    println!(
        "rules alone, second half: the stage with the cheapest rule {base:.1} ms; each rule's \
         own time above it, {own:.1} ms together, against {:.1} ms for the stage with all",
        ms(all) - base
    );
    for (time, name) in &times {
        let above = ms(*time) - base;
        println!(
            "{name:<44} {:>7.1} ms {:>5.1}% of the stage",
            above,
            100.0 * above / (ms(all) - base)
        );
    }
}

/// Each stage's time over every posting, and the bytes read.
fn one_pass(paths: &[std::path::PathBuf], settings: &Settings) -> ([Duration; 5], usize) {
    let mut spent = [Duration::ZERO; 5];
    let mut bytes = 0;
    for unit in paths.chunks(UNIT) {
        let clock = Instant::now();
        let sources: Vec<Arc<SourceFile>> = unit
            .iter()
            .filter_map(|path| {
                let raw = std::fs::read(path).ok()?;
                bytes += raw.len();
                let text = String::from_utf8(raw).ok()?;
                Some(Arc::new(SourceFile::new(path.display().to_string(), text)))
            })
            .collect();
        spent[0] += clock.elapsed();

        let clock = Instant::now();
        let docs: Vec<Document> = sources
            .iter()
            .map(|source| Document::parse(source, Format::Markdown))
            .collect();
        spent[1] += clock.elapsed();

        let clock = Instant::now();
        let roles: Vec<Role> = docs
            .iter()
            .map(|doc| settings.roles.classify_narrowed(doc, false))
            .collect();
        spent[2] += clock.elapsed();

        let clock = Instant::now();
        let armed: Vec<_> = docs.iter().map(|doc| settings.rules.arm(doc)).collect();
        spent[3] += clock.elapsed();

        let clock = Instant::now();
        let levels = settings.levels(None);
        let ready = docs
            .iter()
            .zip(&roles)
            .zip(armed)
            .map(|((doc, role), armed)| ArmedPosting {
                doc,
                role,
                armed,
                ctx: Context::new(settings, doc),
                levels: &levels,
            })
            .collect();
        std::hint::black_box(lint_together(ready, &settings.rules));
        spent[4] += clock.elapsed();
    }
    (spent, bytes)
}

fn report(postings: usize, cold: &([Duration; 5], usize), warm: &([Duration; 5], usize)) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ((cold, cold_bytes), (warm, warm_bytes)) = (cold, warm);
    let bytes = cold_bytes + warm_bytes;
    // The second half's time for the whole folder, in proportion to its bytes.
    let scale = bytes as f64 / *warm_bytes as f64;
    let per_folder: Vec<f64> = warm.iter().map(|&d| ms(d) * scale).collect();
    let total: f64 = per_folder.iter().sum();
    println!(
        "stages: {postings} postings, {:.1} MB, one thread; the first half cold ({:.1} MB), the second warm ({:.1} MB)",
        bytes as f64 / 1e6,
        *cold_bytes as f64 / 1e6,
        *warm_bytes as f64 / 1e6,
    );
    println!(
        "{:<13} {:>8} {:>8} {:>12} {:>6} {:>8} {:>8}",
        "stage", "cold ms", "warm ms", "folder ms", "share", "ns/byte", "once ms"
    );
    let row = |name: &str, cold: f64, warm: f64, folder: f64, once: f64| {
        println!(
            "{:<13} {:>8.1} {:>8.1} {:>12.1} {:>5.1}% {:>8.2} {:>8.1}",
            name,
            cold,
            warm,
            folder,
            100.0 * folder / total,
            folder * 1e6 / bytes as f64,
            once,
        );
    };
    let mut sums = (0.0, 0.0, 0.0);
    for (s, name) in STAGES.iter().enumerate() {
        // The first half's excess over the second, the halves' sizes evened out.
        let once = ms(cold[s]) - ms(warm[s]) * *cold_bytes as f64 / *warm_bytes as f64;
        row(name, ms(cold[s]), ms(warm[s]), per_folder[s], once);
        sums = (sums.0 + ms(cold[s]), sums.1 + ms(warm[s]), sums.2 + once);
    }
    row("all", sums.0, sums.1, total, sums.2);
}
