//! The `linkchart` binary: parses the command line and dispatches.

use std::process::ExitCode;

use clap::Parser;
use linkchart::cli::{Cli, run};

// Loading a chart makes millions of small strings on every core at once;
// mimalloc's per-thread heaps make that cheaper than the system allocator
// does (`floor` against `floor_mimalloc` in BENCHMARKS.md, issue 21).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    run(Cli::parse())
}
