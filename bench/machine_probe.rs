//! How fast the machine answers right now: a pointer chase over a block of each size given
//! (KiB), one load at a time, each depending on the one before, and the mean nanoseconds a
//! load; then a chain of dependent multiplications, which no cache or memory slows, and the
//! mean nanoseconds a step. `bench/run.sh` prints them before and after its runs: on a shared
//! machine the caches and memory slow down and speed up for minutes at a time (the 4 MiB chase
//! has measured 20 to 230 ns a load), and a ratio to `cat` means little without them; the
//! chain tells a slower processor (its clock, a busy sibling thread) from slower memory. By
//! default it chases 4 MiB, which the last-level cache (32 MiB here, shared with other
//! tenants) holds when it is not busy, and 64 MiB, which goes to memory.
//!
//! Built by `bench/run.sh` with `rustc -O` alone (no crate, no Cargo target): it is part of
//! the measurement, not of hirelint.
//!
//!   machine_probe [KIB ...]        default 4096 65536

use std::io::Write;
use std::time::Instant;

/// Loads timed per size, after one lap that brings the block in: a tenth of a second at
/// 20 ns a load, half a second at 100.
const LOADS: usize = 5_000_000;

/// One load per cache line, so that no two steps share a line.
const LINE_WORDS: usize = 64 / std::mem::size_of::<usize>();

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|arg| match arg.parse::<usize>() {
            Ok(kib) if kib >= 1 => kib,
            _ => {
                eprintln!("machine_probe: `{arg}` is not a size in KiB");
                std::process::exit(2);
            }
        })
        .collect();
    let sizes = if sizes.is_empty() {
        vec![4096, 65536]
    } else {
        sizes
    };
    // Written without `println!`, which panics once the reader has gone (`| head -1`).
    let mut out = std::io::stdout().lock();
    for kib in sizes {
        let _ = writeln!(out, "{kib:6} KiB: {:.1} ns a load", nanoseconds_a_load(kib));
    }
    let _ = writeln!(out, "compute: {:.2} ns a step", nanoseconds_a_step());
}

/// Steps of the multiplication chain.
const STEPS: u64 = 100_000_000;

fn nanoseconds_a_step() -> f64 {
    let mut x: u64 = std::hint::black_box(0x1234_5678);
    let start = Instant::now();
    for _ in 0..STEPS {
        // A multiplication and a shift that each wait for the step before: nothing to
        // vectorise, nothing to fold into a closed form.
        x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (x >> 29);
    }
    let elapsed = start.elapsed();
    std::hint::black_box(x);
    elapsed.as_nanos() as f64 / STEPS as f64
}

fn nanoseconds_a_load(kib: usize) -> f64 {
    let lines = (kib * 1024 / 64).max(2);
    let next = one_cycle(lines);
    let mut at = 0;
    for _ in 0..lines {
        at = next[at];
    }
    let start = Instant::now();
    for _ in 0..LOADS {
        at = next[at];
    }
    let elapsed = start.elapsed();
    // The chase's end is used, so that the loop is not optimised away.
    std::hint::black_box(at);
    elapsed.as_nanos() as f64 / LOADS as f64
}

/// A table in which following `next` from line 0 visits every line once, in a shuffled order
/// (each line points to the next one of the order, the last to the first), so that no
/// prefetcher can guess the next line.
fn one_cycle(lines: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..lines).rev() {
        // xorshift64*: any fixed, well-mixed sequence will do.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let j = (state.wrapping_mul(0x2545_f491_4f6c_dd1d) % i as u64) as usize;
        order.swap(i, j);
    }
    let mut next = vec![0; lines * LINE_WORDS];
    for k in 0..lines {
        next[order[k] * LINE_WORDS] = order[(k + 1) % lines] * LINE_WORDS;
    }
    next
}
