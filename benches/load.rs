//! Load + validate + index to a ready model, against serde_json parsing the
//! same dossier (exported as JSON) into the same types: the practical floor.
//!
//! `cargo bench --bench load` (scripts/bench.sh runs it with the rest). For
//! 10k and 100k claims criterion measures both sides (medians); at 1M claims a
//! load takes seconds, so each side is run three times and the median kept.
//! A stage breakdown (ron parse, sanitise, validate, chart, model, counts,
//! search index) is timed for every size; it is what the profile section of
//! BENCHMARKS.md starts from. Figures go to `results.tsv` (see `support`).

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use linkchart::dossier::Dossier;
use linkchart::dossier::{FileInfo, ParsedFile, merge};
use linkchart::filter::{Counts, Filter};
use linkchart::graph::Chart;
use linkchart::search::SearchIndex;
use linkchart::tui::Model;
use linkchart::tui::theme::Theme;
use ron::extensions::Extensions;

use support::{Size, json_floor, ready_model, record_secs};

fn main() {
    if let Some(scenario) = support::profile_scenario() {
        profile(&scenario);
        return;
    }
    // `cargo test --benches` runs bench targets without `--bench`: then only
    // check that everything runs, on the smallest size, once.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    support::set_recording(benchmarking);
    let mut c = Criterion::default()
        .output_directory(&support::out_dir().join("criterion"))
        .configure_from_args();
    let default: &[&str] = if benchmarking {
        &["10k", "100k", "1m"]
    } else {
        &["10k"]
    };
    for size in support::sizes(default) {
        let ron = support::read(&support::ensure_ron(size));
        let json = support::read(&support::ensure_json(size));
        let stage_runs = match (benchmarking, size.name) {
            (false, _) => 1,
            (_, "1m") => 3,
            (_, "100k") => 5,
            _ => 10,
        };
        stages(size, &ron, stage_runs);
        if !benchmarking {
            black_box(json_floor(&json));
            continue;
        }
        if size.name == "1m" {
            // Seconds a run: a few runs of each side, not criterion's ten
            // samples. Drops are left out, as with criterion below.
            // The two sides alternate, so that both meet the same noise.
            let runs = 3;
            let (mut ready, mut floor, mut first) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..runs {
                let t = Instant::now();
                let m = black_box(ready_model(&ron));
                ready.push(t.elapsed());
                drop(m);
                let t = Instant::now();
                let m = black_box(support::first_screen_model(&ron));
                first.push(t.elapsed());
                drop(m);
                let t = Instant::now();
                let d = black_box(json_floor(&json));
                floor.push(t.elapsed());
                drop(d);
            }
            let (ready, floor) = (median(&mut ready), median(&mut floor));
            record_secs(
                &format!("load.first_screen.{}", size.name),
                median(&mut first),
                &format!("median of {runs} runs"),
            );
            record_secs(
                &format!("load.ready.{}", size.name),
                ready,
                &format!("median of {runs} runs"),
            );
            record_secs(
                &format!("load.json_floor.{}", size.name),
                floor,
                &format!("median of {runs} runs"),
            );
            println!(
                "load {}: ready model {}, serde_json floor {}",
                size.name,
                support::pretty(ready),
                support::pretty(floor)
            );
        } else {
            criterion_load(&mut c, size, &ron, &json);
        }
    }
    c.final_summary();
}

fn criterion_load(c: &mut Criterion, size: Size, ron: &str, json: &str) {
    let group_name = format!("load_{}", size.name);
    {
        let mut g = c.benchmark_group(&group_name);
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if size.name == "10k" { 3 } else { 6 }));
        // Dropping the result is left out on both sides: an app drops its
        // model once, at exit.
        g.bench_function("ready_model", |b| {
            b.iter_with_large_drop(|| ready_model(black_box(ron)))
        });
        g.bench_function("first_screen_model", |b| {
            b.iter_with_large_drop(|| support::first_screen_model(black_box(ron)))
        });
        g.bench_function("serde_json_floor", |b| {
            b.iter_with_large_drop(|| json_floor(black_box(json)))
        });
        g.finish();
    }
    for (function, key) in [
        ("ready_model", "ready"),
        ("first_screen_model", "first_screen"),
        ("serde_json_floor", "json_floor"),
    ] {
        if let Some(m) = support::criterion_median(&group_name, function) {
            record_secs(&format!("load.{key}.{}", size.name), m, "criterion median");
        }
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// The ron parser alone, with the options the loader uses.
fn ron_only(text: &str) -> Dossier {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(linkchart::dossier::load::MAX_NESTING)
        .from_str(text)
        .expect("the dossier parses")
}

/// Times each stage of a load `runs` times and records the medians.
fn stages(size: Size, text: &str, runs: usize) {
    let names = [
        "ron_parse",
        "parse_sanitise",
        "validate",
        "chart",
        "model_new",
        "counts",
        "search_index",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    for _ in 0..runs {
        let t = Instant::now();
        let d = black_box(ron_only(text));
        times[0].push(t.elapsed());
        drop(d);

        let t = Instant::now();
        let file = ParsedFile::from_text(FileInfo::memory("bench.ron"), text.into())
            .expect("the dossier parses");
        times[1].push(t.elapsed());
        // Validation and the merge (of a single file: repeated relations).
        let t = Instant::now();
        let loaded = merge(vec![file]).expect("the dossier is valid");
        times[2].push(t.elapsed());
        let t = Instant::now();
        let chart = Chart::from_loaded(loaded);
        times[3].push(t.elapsed());
        // `Model::new` computes the counts; the find index is lazy (timed
        // below, on its own).
        let t = Instant::now();
        let model = Model::new(chart, None, Theme::mono(), support::WIDTH, support::HEIGHT);
        times[4].push(t.elapsed());

        let filter = Filter::all(&model.chart);
        let t = Instant::now();
        black_box(Counts::compute(&model.chart, &filter));
        times[5].push(t.elapsed());
        let t = Instant::now();
        let index = black_box(SearchIndex::new(&model.chart));
        times[6].push(t.elapsed());
        drop(index);
        drop(model);
    }
    let mut line = format!("stages {} (median of {runs}):", size.name);
    for (name, v) in names.iter().zip(&mut times) {
        let m = median(v);
        record_secs(
            &format!("load.stage.{name}.{}", size.name),
            m,
            &format!("median of {runs}"),
        );
        line.push_str(&format!(" {name} {}", support::pretty(m)));
    }
    println!("{line}");
}

/// One load under a profiler: `LINKCHART_BENCH_PROFILE=load` (or `json`),
/// size from `LINKCHART_BENCH_SIZES` (first listed; default 10k). Only
/// `profiled_*` is of interest: run callgrind with
/// `--collect-atstart=no --toggle-collect='*profiled_*'`.
fn profile(scenario: &str) {
    let size = support::sizes(&["10k"])[0];
    match scenario {
        "load" => {
            let ron = support::read(&support::ensure_ron(size));
            let m = profiled_load(&ron);
            black_box(&m);
        }
        "json" => {
            let json = support::read(&support::ensure_json(size));
            black_box(profiled_json(&json));
        }
        other => panic!("unknown scenario `{other}` (load, json)"),
    }
}

#[inline(never)]
fn profiled_load(text: &str) -> Model {
    ready_model(text)
}

#[inline(never)]
fn profiled_json(text: &str) -> Dossier {
    json_floor(text)
}
