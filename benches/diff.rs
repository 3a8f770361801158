//! The diff of two versions of a chart against loading both: the 100k-claim
//! dossier of examples/gen and its variant with 1% of the claims edited
//! (`support::variant_of`: regraded, reworded, removed, added). Issue 19
//! sets the target: the diff at most 1.2× the time of loading both.
//!
//! `cargo bench --bench diff` (scripts/bench-diff.sh runs it, then times
//! the whole `linkchart diff` process against two `linkchart check`s).
//! Measured, each a criterion median:
//! - `load_both`: both files read, parsed, validated and merged, one after
//!   the other (`load_paths`, as `check` does);
//! - `diff_total`: what `linkchart diff` does in process: both loaded (in
//!   parallel, as the command does), indexed (`Chart`), compared, and the
//!   Markdown briefing written;
//! - `compare`: `diff` alone on two loaded dossiers; `briefing`: the
//!   report and its Markdown alone.
//!
//! The edits are checked against what the diff finds, so that a fast wrong
//! answer cannot pass.

mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use linkchart::dossier::diff::{ChartDiff, diff};
use linkchart::dossier::{Loaded, load_paths};
use linkchart::export::{DiffReport, Side};
use linkchart::filter::Filter;
use linkchart::graph::Chart;

use support::{Size, record, record_secs, variant_of};

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    support::set_recording(benchmarking);
    let mut c = Criterion::default()
        .output_directory(&support::out_dir().join("criterion"))
        .configure_from_args();
    let default: &[&str] = if benchmarking { &["100k"] } else { &["10k"] };
    for size in support::sizes(default) {
        bench(&mut c, size, benchmarking);
    }
    c.final_summary();
}

fn load(p: &Path) -> Loaded {
    load_paths(&[p.to_path_buf()]).expect("the dossier loads")
}

/// Both loaded at once, on two threads, as `linkchart diff` loads them.
fn load_pair(old: &Path, new: &Path) -> (Loaded, Loaded) {
    std::thread::scope(|s| {
        let o = s.spawn(|| load(old));
        let n = load(new);
        (o.join().expect("the old side loads"), n)
    })
}

/// Everything `linkchart diff OLD NEW` does but printing; the two sides
/// loaded at once (as the command does) or one after the other. The charts
/// are returned, so that dropping them is left out of the time, as it is
/// for `load_both` (a process frees its memory at exit).
fn diff_total(old: &Path, new: &Path, parallel: bool) -> (String, Chart, Chart) {
    let (o, n) = if parallel {
        load_pair(old, new)
    } else {
        (load(old), load(new))
    };
    let (o, n) = (Chart::from_loaded(o), Chart::from_loaded(n));
    let d = diff(&o.dossier, &n.dossier);
    let md = report(d, &o, &n);
    (md, o, n)
}

fn report(d: ChartDiff, o: &Chart, n: &Chart) -> String {
    let (fo, fnew) = (Filter::all(o), Filter::all(n));
    let side = |chart, filter| Side {
        chart,
        filter,
        label: "x",
        commit: None,
    };
    DiffReport::new(d, side(o, &fo), side(n, &fnew)).markdown("2026-01-01")
}

fn bench(c: &mut Criterion, size: Size, benchmarking: bool) {
    let old: PathBuf = support::ensure_ron(size);
    let new: PathBuf = support::ensure_variant(size);
    let (_, edits) = variant_of(&support::read(&old));

    // The answer first.
    let (o, n) = (load(&old), load(&new));
    let d = diff(&o.dossier, &n.dossier);
    let t = d.tallies();
    let claims = o
        .dossier
        .relations
        .iter()
        .map(|r| r.claims.len())
        .sum::<usize>();
    println!(
        "diff {}: {claims} claims; edits {edits:?}; found {} changed, {} added, {} removed",
        size.name, t.claims.changed, t.claims.added, t.claims.removed
    );
    assert_eq!(
        t.claims.changed,
        edits.regraded + edits.reworded,
        "{edits:?} {t:?}"
    );
    assert_eq!(
        (t.claims.added, t.claims.removed),
        (edits.added, edits.removed)
    );
    assert_eq!(
        t.relations.total() + t.actors.total() + t.sources.total(),
        0
    );
    if !benchmarking {
        black_box(diff_total(&old, &new, true));
        return;
    }
    record(
        &format!("diff.edits.{}", size.name),
        (edits.regraded + edits.reworded + edits.removed + edits.added) as f64,
        "claims",
        "edited",
    );

    let group_name = format!("diff_{}", size.name);
    {
        let mut g = c.benchmark_group(&group_name);
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(10));
        g.bench_function("load_both", |b| {
            b.iter_with_large_drop(|| (load(black_box(&old)), load(black_box(&new))))
        });
        g.bench_function("diff_total", |b| {
            b.iter_with_large_drop(|| diff_total(black_box(&old), black_box(&new), true))
        });
        g.bench_function("diff_total_sequential", |b| {
            b.iter_with_large_drop(|| diff_total(black_box(&old), black_box(&new), false))
        });
        g.bench_function("compare", |b| {
            b.iter_with_large_drop(|| diff(black_box(&o.dossier), black_box(&n.dossier)))
        });
        let (oc, nc) = (Chart::new(o.dossier.clone()), Chart::new(n.dossier.clone()));
        g.bench_function("briefing", |b| {
            b.iter_with_setup(|| d.clone(), |d| report(d, &oc, &nc))
        });
        g.finish();
    }
    let mut figures = Vec::new();
    for function in [
        "load_both",
        "diff_total",
        "diff_total_sequential",
        "compare",
        "briefing",
    ] {
        if let Some(m) = support::criterion_median(&group_name, function) {
            record_secs(
                &format!("diff.{function}.{}", size.name),
                m,
                "criterion median",
            );
            figures.push((function, m));
        }
    }
    if let [(_, both), (_, total), (_, seq), ..] = figures[..] {
        let ratio = |t: Duration| t.as_secs_f64() / both.as_secs_f64();
        record(
            &format!("diff.ratio.{}", size.name),
            ratio(total),
            "×",
            "diff_total / load_both",
        );
        record(
            &format!("diff.ratio_sequential.{}", size.name),
            ratio(seq),
            "×",
            "diff_total_sequential / load_both",
        );
        println!(
            "diff {}: load both {}, diff total {} ({:.2}×), sequential {} ({:.2}×); target ≤ 1.2×",
            size.name,
            support::pretty(both),
            support::pretty(total),
            ratio(total),
            support::pretty(seq),
            ratio(seq),
        );
    }
}
