//! Times the analysis measures on a chart, for scripts/bench-analysis.sh.
//!
//! ```text
//! cargo run --release --example measures -- CHART [--threads T] [--repeat R]
//!     [--edges FILE] [--scores FILE] [--rustworkx] [--paths-only]
//! ```
//!
//! Prints one line per step, tab-separated: `step  median_ms  min_ms  runs
//! cpu_ms` (CPU time per run, every thread),
//! then the memory lines (`memory  what  bytes`) and the groups' modularity
//! (`modularity  q  groups`). Quick steps (counts, graph, degree, pagerank,
//! eigenvector) run 31 times; the shortest-path searches R times (default
//! 3), on T threads (default: all). `--edges` writes the measure graph as
//! a plain edge list (first line: the node count; then `a b` per edge) for
//! igraph and networkx; `--scores` writes each node's betweenness,
//! closeness, degree, eigenvector and pagerank, one node a line.
//! `--rustworkx` also times rustworkx-core's betweenness and closeness on
//! the same graph. `--paths-only` times betweenness and closeness alone.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use linkchart::analysis::{self, Control, MeasureGraph};
use linkchart::filter::{Counts, Filter};
use linkchart::graph::Chart;

struct Args {
    chart: PathBuf,
    threads: usize,
    repeat: usize,
    edges: Option<PathBuf>,
    scores: Option<PathBuf>,
    rustworkx: bool,
    paths_only: bool,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut args = Args {
        chart: PathBuf::new(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        repeat: 3,
        edges: None,
        scores: None,
        rustworkx: false,
        paths_only: false,
    };
    let number = |v: Option<String>, what: &str| {
        v.and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .ok_or(format!("{what} needs a positive number"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => args.threads = number(it.next(), "--threads")?,
            "--repeat" => args.repeat = number(it.next(), "--repeat")?,
            "--edges" => args.edges = Some(it.next().ok_or("--edges needs a file")?.into()),
            "--scores" => args.scores = Some(it.next().ok_or("--scores needs a file")?.into()),
            "--rustworkx" => args.rustworkx = true,
            "--paths-only" => args.paths_only = true,
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => args.chart = a.into(),
        }
    }
    if args.chart.as_os_str().is_empty() {
        return Err("usage: measures CHART [--threads T] [--repeat R] [--edges FILE] [--scores FILE] [--rustworkx] [--paths-only]".into());
    }
    Ok(args)
}

/// Runs `f` `runs` times; prints and returns the median. The last column
/// is the CPU time of the whole process (every thread) per run, from
/// /proc/self/stat (10 ms ticks): on a shared machine it says what the
/// work cost when wall time says how long it waited.
fn time<T>(step: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut ms = Vec::with_capacity(runs);
    let mut last = None;
    let cpu_before = cpu_ms();
    for _ in 0..runs {
        let t = Instant::now();
        let out = std::hint::black_box(f());
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        last = Some(out);
    }
    let cpu = (cpu_ms() - cpu_before) / runs as f64;
    ms.sort_by(f64::total_cmp);
    println!(
        "{step}\t{:.3}\t{:.3}\t{runs}\t{cpu:.0}",
        ms[runs / 2],
        ms[0]
    );
    last.expect("at least one run")
}

/// User and system time of this process so far, in milliseconds.
fn cpu_ms() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line: 11 and 12 here.
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) * 10.0
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("measures: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = match linkchart::dossier::load_paths(std::slice::from_ref(&args.chart)) {
        Ok(l) => l,
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            return ExitCode::FAILURE;
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .expect("a thread pool");
    pool.install(|| run(&args, Chart::from_loaded(loaded)));
    ExitCode::SUCCESS
}

fn run(args: &Args, chart: Chart) {
    const QUICK: usize = 31;
    if args.paths_only {
        let g = MeasureGraph::new(&chart, &Counts::compute(&chart, &Filter::all(&chart)));
        time(
            &format!("betweenness+closeness ({} threads)", args.threads),
            args.repeat,
            || analysis::shortest_paths(&g, &Control::new()).expect("not cancelled"),
        );
        return;
    }
    let filter = Filter::all(&chart);
    let counts = time("counts (with corroboration)", QUICK, || {
        Counts::compute(&chart, &filter)
    });
    // The minimum of sources set and cleared again: only relations whose
    // origins lie between the two minimums are counted again.
    let two = Filter {
        min_sources: Some(2),
        ..filter.clone()
    };
    let mut c = counts.clone();
    time("min-sources 1 -> 2 (incremental)", QUICK, || {
        c.update(&chart, &filter, &two);
        c.update(&chart, &two, &filter);
    });
    let g = time("graph", QUICK, || MeasureGraph::new(&chart, &counts));
    println!("graph\tnodes {}\tedges {}", g.node_count(), g.edge_count());
    let degree = time("degree", QUICK, || analysis::degree(&g));
    let pagerank = time("pagerank", QUICK, || analysis::pagerank(&g));
    let eigen = time("eigenvector", QUICK, || analysis::eigenvector(&g));
    let paths = time(
        &format!("betweenness+closeness ({} threads)", args.threads),
        args.repeat,
        || analysis::shortest_paths(&g, &Control::new()).expect("not cancelled"),
    );
    let groups = time("groups (louvain)", 3, || analysis::groups(&g));
    println!(
        "modularity\t{:.6}\t{}",
        groups.modularity,
        groups.groups.len()
    );
    if args.rustworkx {
        let pg = g.to_petgraph();
        time(
            &format!("rustworkx-core betweenness ({} threads)", args.threads),
            args.repeat,
            || rustworkx_core::centrality::betweenness_centrality(&pg, false, true, 50),
        );
        time(
            &format!("rustworkx-core closeness ({} threads)", args.threads),
            args.repeat,
            || rustworkx_core::centrality::closeness_centrality(&pg, true, 50),
        );
    }
    let scores = analysis::Scores {
        degree,
        betweenness: paths.betweenness,
        closeness: paths.closeness,
        eigenvector: eigen,
        pagerank,
    };
    println!("memory\tgraph\t{}", g.memory_bytes());
    println!("memory\tscores\t{}", scores.memory_bytes());
    println!(
        "memory\tsearches ({} threads)\t{}",
        args.threads,
        analysis::shortest_paths_memory(&g, args.threads)
    );
    let counts_bytes = counts.rel_origins.capacity() * 4;
    println!("memory\tcorroboration counts\t{counts_bytes}");
    if let Some(path) = &args.edges {
        let mut w = BufWriter::new(fs::File::create(path).expect("edge list file"));
        writeln!(w, "{}", g.node_count()).unwrap();
        for (a, b) in g.edges() {
            writeln!(w, "{a} {b}").unwrap();
        }
    }
    if let Some(path) = &args.scores {
        let mut w = BufWriter::new(fs::File::create(path).expect("scores file"));
        for v in 0..g.node_count() {
            let eig = scores.eigenvector.as_ref().map_or(f64::NAN, |e| e[v]);
            writeln!(
                w,
                "{} {} {} {} {}",
                scores.betweenness[v],
                scores.closeness[v],
                scores.degree[v],
                eig,
                scores.pagerank[v]
            )
            .unwrap();
        }
    }
}
