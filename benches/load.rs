//! Load + validate + index to a ready model, against serde_json parsing the
//! same dossier (exported as JSON) into the same types: the practical floor.
//!
//! `cargo bench --bench load` (scripts/bench.sh runs it with the rest). For
//! 10k and 100k claims criterion measures both sides (medians); at 1M claims a
//! load takes seconds, so each side is run three times and the median kept.
//! A stage breakdown (ron parse, sanitise, validate, chart, model, counts,
//! search index) is timed for every size; it is what the profile section of
//! BENCHMARKS.md starts from. Figures go to `results.tsv` (see `support`).
//!
//! At 100k claims, `charts` sets the load of `check` (read, parse, sanitise,
//! validate and place the diagnostics) against ron's own typed parse of the
//! same text, for the clean dossier and for one with warnings (issue 10).
//! `LINKCHART_BENCH_CHARTS=only` runs that alone. Its load is timed on
//! every core (a large file is cut in pieces) and on one thread, and
//! re-opening the file through the parsed cache (issue 21) at the end.

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use linkchart::dossier::load::parse_str;
use linkchart::dossier::locate::{Seg, find_many};
use linkchart::dossier::{Dossier, load_str};
use linkchart::dossier::{FileInfo, ParsedFile, Pieces, expand, files_of, merge, parse_files};
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
    let charts_only = std::env::var("LINKCHART_BENCH_CHARTS").is_ok_and(|v| v == "only");
    for size in support::sizes(default) {
        if size.name == "100k" && benchmarking {
            charts(&mut c, size);
        }
        if charts_only {
            continue;
        }
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

/// `check`'s load against ron's typed parse, clean and with warnings.
fn charts(c: &mut Criterion, size: Size) {
    let clean = support::read(&support::ensure_ron(size));
    let warned = support::read(&support::ensure_warnings_ron(size));
    let json = support::read(&support::ensure_json(size));
    let loaded = load_str("w.ron", &warned).expect("the dossier with warnings loads");
    assert_eq!(
        loaded.warnings.len(),
        support::UNRELATED.parse::<usize>().unwrap(),
        "one warning per unrelated actor"
    );
    assert!(loaded.warnings.iter().all(|w| w.line.is_some()), "placed");
    drop(loaded);
    let group_name = format!("charts_{}", size.name);
    {
        let mut g = c.benchmark_group(&group_name);
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(6));
        g.bench_function("serde_json", |b| {
            b.iter_with_large_drop(|| json_floor(black_box(&json)))
        });
        for (name, text) in [("clean", &clean), ("warnings", &warned)] {
            g.bench_function(format!("ron_parse_{name}"), |b| {
                b.iter_with_large_drop(|| ron_only(black_box(text)))
            });
            // A large file is parsed in pieces on every core.
            g.bench_function(format!("check_{name}"), |b| {
                b.iter_with_large_drop(|| load_str("bench.ron", black_box(text)))
            });
            g.bench_function(format!("check_one_{name}"), |b| {
                b.iter_with_large_drop(|| load_one(black_box(text)))
            });
        }
        g.finish();
    }
    if let Some(m) = support::criterion_median(&group_name, "serde_json") {
        record_secs(
            &format!("charts.serde_json.{}", size.name),
            m,
            "criterion median",
        );
    }
    for name in ["clean", "warnings"] {
        for what in ["ron_parse", "check", "check_one"] {
            let function = format!("{what}_{name}");
            if let Some(m) = support::criterion_median(&group_name, &function) {
                record_secs(
                    &format!("charts.{function}.{}", size.name),
                    m,
                    "criterion median",
                );
            }
        }
    }
    // The same four loads in CPU time of the thread, alternating, 7 runs
    // each: on a shared machine, the time a load waited for a core is not
    // the load's, and the ratio to ron's parse is what the target is about.
    // The load on one thread, so that the thread's time is all of it.
    {
        let mut cpu: [Vec<Duration>; 4] = Default::default();
        for _ in 0..7 {
            for (k, text) in [&clean, &clean, &warned, &warned].into_iter().enumerate() {
                let t = support::thread_cpu_time();
                if k % 2 == 0 {
                    drop(black_box(ron_only(text)));
                } else {
                    drop(black_box(load_one(text)));
                }
                if let (Some(a), Some(b)) = (t, support::thread_cpu_time()) {
                    cpu[k].push(b - a);
                }
            }
        }
        let names = [
            "ron_parse_clean",
            "check_clean",
            "ron_parse_warnings",
            "check_warnings",
        ];
        for (name, mut v) in names.into_iter().zip(cpu) {
            if !v.is_empty() {
                record_secs(
                    &format!("charts.cpu.{name}.{}", size.name),
                    median(&mut v),
                    "thread CPU time, median of 7",
                );
            }
        }
    }

    // One file against the same chart as 50, from disk: reading and
    // parsing (on every core, file by file) and then the merge and the
    // checks of the whole chart (on one).
    let folder = support::ensure_folder(size);
    for (name, path) in [("file", support::ensure_ron(size)), ("folder", folder)] {
        let paths = [path];
        let (mut parse, mut assemble, mut total) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..5 {
            let t = Instant::now();
            let entries = expand(&paths);
            let parsed = parse_files(&files_of(&entries));
            let parsed_at = t.elapsed();
            let loaded = black_box(linkchart::dossier::assemble(&paths, entries, parsed));
            let e = t.elapsed();
            assert!(loaded.is_ok(), "the chart loads");
            parse.push(parsed_at);
            assemble.push(e - parsed_at);
            total.push(e);
            drop(loaded);
        }
        for (stage, v) in [
            ("read_parse", parse),
            ("assemble", assemble),
            ("total", total),
        ] {
            let mut v = v;
            record_secs(
                &format!("charts.load_paths.{stage}.{name}.{}", size.name),
                median(&mut v),
                "median of 5",
            );
        }
    }

    // The worst case of placing diagnostics: a problem in the last claim,
    // so that the walk reads the whole file.
    let d = parse_str("bench.ron", &clean).expect("the dossier parses");
    let (r, rel) = (d.relations.len() - 1, d.relations.last().unwrap());
    let last = [
        Seg::Field("relations"),
        Seg::Index(r),
        Seg::Field("claims"),
        Seg::Index(rel.claims.len() - 1),
        Seg::Field("text"),
    ];
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            let p = black_box(find_many(&clean, &[&last]));
            let e = t.elapsed();
            assert!(p[0].is_some_and(|p| p.line > 1));
            e
        })
        .collect();
    record_secs(
        &format!("charts.find_many_whole_file.{}", size.name),
        median(&mut times),
        "median of 7",
    );
    cached(size);
}

/// Opening the file again through the parsed cache, in process: the
/// first load parses and writes the entry, the next ones decode it.
fn cached(size: Size) {
    use linkchart::dossier::cache::{self, Cache};
    let dir = support::out_dir().join("cache-in-process");
    let c = Cache::new(dir, 4 << 30);
    let _ = c.clear();
    cache::use_for_this_process(c);
    let paths = [support::ensure_ron(size)];
    // The cache trusts a file's stat only once it is two seconds old.
    std::thread::sleep(Duration::from_millis(2100));
    let t = Instant::now();
    let first = black_box(linkchart::dossier::load_paths(&paths));
    let miss = t.elapsed();
    assert!(first.is_ok());
    drop(first);
    let mut hits: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            let l = black_box(linkchart::dossier::load_paths(&paths));
            let e = t.elapsed();
            assert!(l.is_ok());
            std::mem::forget(l);
            e
        })
        .collect();
    record_secs(
        &format!("charts.cache.miss_in_process.{}", size.name),
        miss,
        "one run",
    );
    record_secs(
        &format!("charts.cache.hit_in_process.{}", size.name),
        median(&mut hits),
        "median of 7",
    );
}

/// `check`'s load on one thread: the file parsed whole, then merged.
fn load_one(text: &str) -> Result<linkchart::dossier::Loaded, Vec<linkchart::dossier::Diagnostic>> {
    let file = ParsedFile::from_text_in(FileInfo::memory("bench.ron"), text.into(), Pieces::One)?;
    merge(vec![file])
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
