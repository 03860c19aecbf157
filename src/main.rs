use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use hirelint::cli::Cli;
use hirelint::exit::ExitStatus;

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
