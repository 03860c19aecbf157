use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use hirelint::cli::Cli;
use hirelint::exit::ExitStatus;

#[global_allocator]
static ALLOCATOR: hirelint::alloc::RunAllocator = hirelint::alloc::RunAllocator;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors; everything else clap rejects is usage (2).
            return if e.use_stderr() {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    reserve_heap();
    // The language server writes stdout from its own thread: stdout is not locked for it.
    if let hirelint::cli::Command::Lsp(options) = &cli.command {
        return hirelint::lsp::serve(options, &mut std::io::stderr()).into();
    }
    // Block-buffered even on a terminal (the reporter flushes after each file there): a
    // line-buffered stdout costs a system call per line of a JSON report.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // stderr is not locked for the run: a worker thread that writes a line to it must not
    // wait for the end of the run.
    let status = hirelint::run(cli, &mut stdout, &mut std::io::stderr());
    let flushed = stdout.flush();
    if let Err(e) = &flushed
        && e.kind() != std::io::ErrorKind::BrokenPipe
        && status != ExitStatus::Error
    {
        eprintln!("error: cannot write the report: {e}");
    }
    hirelint::finish(flushed, status).into()
}

/// Readies the system's allocator, which serves every run until it is known to be long (see
/// `hirelint::alloc`), for a run that lasts a few milliseconds. glibc's malloc serves a
/// block above its mmap threshold (128 KB at first) with its own mapping and, when that is
/// freed, raises the threshold to the block's size and the trim threshold to twice that. It
/// grows a thread's heap a page or two at a time, a system call each (70 of them for one
/// posting), and hands the top of a heap back past the trim threshold, to fault it in again.
/// One megabyte freed at once, then a block under it on this thread and on each pool thread,
/// leaves every heap room for what a posting needs, made at once and kept below 2 MB: one
/// posting takes 0.92 of the time side by side (4.8 -> 4.6 ms, about 25 fewer page faults);
/// bulk's time and peak memory stay. Other allocators lend and take back the memory,
/// untouched.
fn reserve_heap() {
    fn lend(bytes: usize) {
        // Used, so that the compiler does not leave the allocation out.
        drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
    }
    lend(1 << 20);
    lend(768 << 10);
    // The pool starts here, where its first task would start it.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| lend(768 << 10))
        .build_global();
}
