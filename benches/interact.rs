//! One keystroke → updated model → rendered 120×40 frame, and fuzzy find
//! while typing, as distributions (p50, p99) from per-iteration timings.
//!
//! `cargo bench --bench interact` (scripts/bench.sh runs it with the rest).
//! Each sample is `Model::handle_key(key)` followed by `render_buffer(&model)`,
//! timed with `Instant`; keys that only set up the next sample (going back to
//! the top of the list, opening the sources overlay before a Space, …) are
//! pressed outside the timing. Criterion times the one-shot search (its
//! median is the anchor for `fzf --filter`, which scripts/bench.sh runs on
//! the candidate lines written here). Figures go to `results.tsv`.
//!
//! Everything goes through the public API (`handle_key`, `render_buffer`,
//! `SearchIndex::search`, `search_in_background`/`search_done`). Find is
//! measured both ways: answered at once, as headless (no background
//! searcher: every keystroke scans every candidate), and as the terminal
//! runs it, off the input path ([`find_in_background`]).

mod support;

use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use linkchart::search::{Hit, MAX_MATCH_CHARS};
use linkchart::tui::Model;
use linkchart::tui::keymap::Key;
use linkchart::tui::model::{FIND_LIMIT, Overlay, Pane};
use linkchart::tui::render::render_buffer;

use support::{Size, record, record_secs};

/// A realistic query present in the data (6–7k actors are governments at
/// 100k claims), and the same word with two letters swapped, which only the
/// typo-tolerant pass can match.
const QUERIES: [(&str, &str); 2] = [("government", "government"), ("typo", "govrenment")];

fn main() {
    if let Some(scenario) = support::profile_scenario() {
        profile(&scenario);
        return;
    }
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
        let text = support::read(&support::ensure_ron(size));
        let mut model = support::ready_model(&text);
        drop(text);
        // Sample counts: p99 needs a distribution; the slow keys at 1M get
        // fewer (the run must stay within minutes on two cores).
        let scale = match (benchmarking, size.name) {
            (false, _) => Scale {
                keys: 20,
                slow_keys: 5,
                find_reps: 1,
                engine_reps: 1,
                oneshot: 1,
            },
            (_, "1m") => Scale {
                keys: 1000,
                slow_keys: 300,
                find_reps: 2,
                engine_reps: 0,
                oneshot: 3,
            },
            (_, "100k") => Scale {
                keys: 2000,
                slow_keys: 2000,
                find_reps: 5,
                engine_reps: 5,
                oneshot: 20,
            },
            _ => Scale {
                keys: 2000,
                slow_keys: 2000,
                find_reps: 20,
                engine_reps: 20,
                oneshot: 50,
            },
        };
        keystrokes(size, &mut model, &scale);
        timeline(size, &mut model, &scale);
        find_typing(size, &mut model, &scale);
        write_candidates(size, &model);
        if benchmarking {
            oneshot(&mut c, size, &model, &scale);
        }
        // Last: it gives the model its background searcher for good.
        find_in_background(size, &mut model, &scale);
    }
    c.final_summary();
}

struct Scale {
    /// Samples of the cheap keys (`j`, `Tab`, `Esc`, …).
    keys: usize,
    /// Samples of the keys that recompute per claim (`Space`, `Enter`).
    slow_keys: usize,
    /// Times each query is typed.
    find_reps: usize,
    /// Times the search alone is run for each prefix.
    engine_reps: usize,
    /// Runs of the one-shot search at 1M, where criterion would take long.
    oneshot: usize,
}

fn key(name: &str) -> Key {
    Key::parse(name).expect("a key name")
}

/// A sample: wall-clock time, and the thread's CPU time over the same span
/// (`None` where the platform does not give it).
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Option<Duration>,
}

/// Times `f` by the wall clock and by the thread's CPU clock.
fn timed<T>(f: impl FnOnce() -> T) -> (Sample, T) {
    let c = support::thread_cpu_time();
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed();
    let cpu = support::thread_cpu_time()
        .zip(c)
        .map(|(after, before)| after.saturating_sub(before));
    (Sample { wall, cpu }, out)
}

/// One keystroke to a rendered frame. The frame is dropped after the clock
/// stops: an app keeps its buffers.
fn keystroke(model: &mut Model, k: Key) -> Sample {
    let (sample, frame) = timed(|| {
        model.handle_key(k);
        black_box(render_buffer(model))
    });
    drop(frame);
    sample
}

/// Presses keys without timing them.
fn press(model: &mut Model, keys: &str) {
    for k in keys.split_whitespace() {
        model.handle_key(key(k));
    }
}

fn close_overlays(model: &mut Model) {
    while !matches!(model.overlay, Overlay::None) {
        model.handle_key(key("Esc"));
    }
}

/// Records p50, p99 and mean of the wall-clock times, and p50 and p99 of
/// the CPU times (the wall-clock figures are the ones the targets are about;
/// the CPU ones tell the code's own tail from waiting for a core).
fn report(size: Size, name: &str, samples: &[Sample]) {
    let n = samples.len();
    let mut wall: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut cpu: Vec<Duration> = samples.iter().filter_map(|s| s.cpu).collect();
    let mean = wall.iter().sum::<Duration>() / n as u32;
    let (p50, p99, max) = support::summary(&mut wall);
    let note = format!("n={n}");
    record_secs(&format!("{name}.p50.{}", size.name), p50, &note);
    record_secs(&format!("{name}.p99.{}", size.name), p99, &note);
    record_secs(&format!("{name}.mean.{}", size.name), mean, &note);
    let mut cpu_text = String::new();
    if cpu.len() == n {
        let (c50, c99, _) = support::summary(&mut cpu);
        record_secs(&format!("{name}.cpu_p50.{}", size.name), c50, &note);
        record_secs(&format!("{name}.cpu_p99.{}", size.name), c99, &note);
        cpu_text = format!(
            "  cpu p50 {:>9}  p99 {:>9}",
            support::pretty(c50),
            support::pretty(c99)
        );
    }
    println!(
        "{:<28} {:>5}  p50 {:>9}  p99 {:>9}  max {:>9}{cpu_text}  (n={n})",
        name,
        size.name,
        support::pretty(p50),
        support::pretty(p99),
        support::pretty(max),
    );
}

fn keystrokes(size: Size, model: &mut Model, scale: &Scale) {
    let actors = model.chart.dossier.actors.len();
    close_overlays(model);

    // The frame alone, no key: the floor under every keystroke.
    let frame: Vec<Sample> = (0..scale.keys)
        .map(|_| {
            let (sample, f) = timed(|| black_box(render_buffer(model)));
            drop(f);
            sample
        })
        .collect();
    report(size, "frame", &frame);

    // `j` down the actor list (back to the top, untimed, near its end).
    press(model, "g");
    let mut j = Vec::with_capacity(scale.keys);
    for _ in 0..scale.keys {
        if model.actors.sel + 2 >= actors {
            press(model, "g");
        }
        j.push(keystroke(model, key("j")));
    }
    report(size, "key.j", &j);

    // Following a relation: `Tab` to the relations pane, `Enter` to follow
    // it to the actor at its other end (focus stays in relations, so the
    // next Enter follows on: a walk through the graph).
    press(model, "g");
    let mut tab = Vec::with_capacity(scale.slow_keys);
    let mut enter = Vec::with_capacity(scale.slow_keys);
    for i in 0..scale.slow_keys {
        // Back to the actor list every so often, so that Tab is measured
        // from there as the analyst presses it.
        if i % 20 == 0 || model.focus != Pane::Relations {
            while model.focus != Pane::Actors {
                press(model, "Tab");
            }
            tab.push(keystroke(model, key("Tab")));
        }
        if model.rels.is_empty() {
            // An actor with no relation: move on to the next one.
            while model.focus != Pane::Actors {
                press(model, "Tab");
            }
            press(model, "j Tab");
        }
        enter.push(keystroke(model, key("Enter")));
    }
    report(size, "key.tab", &tab);
    report(size, "key.enter_follow", &enter);

    // Toggling a source: `s` opens the sources overlay, `Space` toggles the
    // selected source (recounting every claim), `Esc` closes it. Cycles
    // toggle sources 0–4 in turn, so the filter keeps changing.
    while model.focus != Pane::Actors {
        press(model, "Tab");
    }
    press(model, "g");
    let (mut s, mut space, mut esc) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..scale.slow_keys {
        s.push(keystroke(model, key("s")));
        for _ in 0..i % 5 {
            press(model, "j");
        }
        space.push(keystroke(model, key("Space")));
        esc.push(keystroke(model, key("Esc")));
    }
    report(size, "key.s_open", &s);
    report(size, "key.space_toggle", &space);
    report(size, "key.esc_close", &esc);
    // Every source back on.
    let all = linkchart::filter::Filter::all(&model.chart);
    model.set_filter(all);
    close_overlays(model);
}

/// The actor with the most claims on its relations: the timeline's worst
/// case among actors.
fn hub(model: &Model) -> (usize, usize) {
    let chart = &model.chart;
    (0..chart.dossier.actors.len())
        .map(|a| {
            let n: usize = chart
                .incident(a)
                .map(|i| chart.claim_range(i.rel).len())
                .sum();
            (a, n)
        })
        .max_by_key(|&(_, n)| n)
        .expect("at least one actor")
}

/// The timeline of the hub actor: `t` opens it (every claim of every
/// relation gathered, sorted by date, the strip chart counted), `j` and
/// `PageDown` move in it, each to its rendered frame; `Esc` closes it,
/// untimed.
fn timeline(size: Size, model: &mut Model, scale: &Scale) {
    close_overlays(model);
    let (hub, claims) = hub(model);
    model.jump(linkchart::search::Target::Actor(hub));
    record(
        &format!("timeline.hub_claims.{}", size.name),
        claims as f64,
        "claims",
        "on the hub actor's relations",
    );
    let mut open = Vec::with_capacity(scale.slow_keys);
    for _ in 0..scale.slow_keys {
        open.push(keystroke(model, key("t")));
        press(model, "Esc");
    }
    report(size, "key.t_open_hub", &open);
    press(model, "t");
    let dated = model
        .timeline
        .as_ref()
        .map_or(0, |t| t.chronology.dated.len());
    record(
        &format!("timeline.hub_dated.{}", size.name),
        dated as f64,
        "claims",
        "dated, in the hub's timeline",
    );
    let (mut j, mut pgdn) = (Vec::with_capacity(scale.keys), Vec::new());
    for i in 0..scale.keys {
        let at_end = model
            .timeline
            .as_ref()
            .is_some_and(|t| t.cur.sel + 2 >= t.rows.len());
        if at_end {
            press(model, "g");
        }
        if i % 10 == 0 {
            pgdn.push(keystroke(model, key("PageDown")));
        } else {
            j.push(keystroke(model, key("j")));
        }
    }
    report(size, "key.timeline_j", &j);
    report(size, "key.timeline_pgdn", &pgdn);
    press(model, "Esc g");
    while model.focus != Pane::Actors {
        press(model, "Tab");
    }
    println!("  timeline of the hub actor: {claims} claims, {dated} dated");
}

/// Types each query character by character into find (`/`), timing every
/// keystroke to its rendered frame; and, for the same prefixes, the search
/// alone (`SearchIndex::search`), which is what grows with the dossier.
fn find_typing(size: Size, model: &mut Model, scale: &Scale) {
    for (label, query) in QUERIES {
        let mut typed = Vec::new();
        let mut engine = Vec::new();
        let mut per_char: Vec<Vec<Duration>> = vec![Vec::new(); query.chars().count()];
        // (The search may scan on several threads: its CPU figures count
        // only this one.)
        let mut hits = 0;
        for _ in 0..scale.find_reps {
            close_overlays(model);
            press(model, "/");
            for (i, ch) in query.chars().enumerate() {
                let d = keystroke(model, Key::char(ch));
                typed.push(d);
                per_char[i].push(d.wall);
            }
            if let Overlay::Find(f) = &model.overlay {
                hits = f.hits.len();
            }
            close_overlays(model);
        }
        for _ in 0..scale.engine_reps {
            for (i, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
                let prefix = &query[..i];
                let (sample, h) = timed(|| {
                    black_box(model.search.search(
                        &model.chart,
                        &model.filter,
                        &model.counts,
                        prefix,
                        FIND_LIMIT,
                    ))
                });
                engine.push(sample);
                drop(h);
            }
        }
        report(size, &format!("find.key.{label}"), &typed);
        if !engine.is_empty() {
            report(size, &format!("find.search.{label}"), &engine);
        }
        let medians: Vec<String> = per_char
            .iter_mut()
            .zip(query.chars())
            .map(|(v, ch)| {
                let (p50, _, _) = support::summary(v);
                format!("{ch}:{}", support::pretty(p50))
            })
            .collect();
        println!("  per character (p50): {}", medians.join("  "));
        record(
            &format!("find.hits.{label}.{}", size.name),
            hits as f64,
            "n",
            query,
        );
    }
    record(
        &format!("find.candidates.{}", size.name),
        model.search.candidates.len() as f64,
        "n",
        "",
    );
}

/// Find as the terminal runs it: with `Model::search_in_background`, a
/// keystroke only sends the query to a worker thread (which narrows a
/// growing query to its prefix's matches and drops stale queries), and the
/// results come back through `Model::search_done`. Three figures per query:
/// - `find.async.key`: keystroke to its frame, not waiting for results (the
///   input path);
/// - `find.async.results`: keystroke to the frame showing that query's
///   results, typing one character at a time and waiting for each;
/// - `find.async.burst`: the whole query typed without waiting (each key
///   drawn, as in the terminal), then the last key to the frame with its
///   results: what a fast typist waits for.
fn find_in_background(size: Size, model: &mut Model, scale: &Scale) {
    let (tx, rx) = mpsc::channel::<(u64, Vec<Hit>)>();
    model.search_in_background(move |generation, hits| {
        let _ = tx.send((generation, hits));
    });
    // Hands results to the model until those of the newest query arrive.
    let settle = |model: &mut Model| {
        let want = model.search_generation;
        loop {
            let (generation, hits) = rx
                .recv_timeout(Duration::from_secs(300))
                .expect("the background searcher answers");
            model.search_done(generation, hits);
            if generation == want {
                return;
            }
        }
    };
    let frame_after = |model: &mut Model, t: Instant| {
        let f = black_box(render_buffer(model));
        let wall = t.elapsed();
        drop(f);
        Sample { wall, cpu: None }
    };
    for (label, query) in QUERIES {
        let (mut keys, mut results, mut burst) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..scale.find_reps {
            close_overlays(model);
            press(model, "/");
            for ch in query.chars() {
                let t = Instant::now();
                keys.push(keystroke(model, Key::char(ch)));
                settle(model);
                results.push(frame_after(model, t));
            }
            // Forget this query, so that the burst below is not narrowed
            // to its matches: the worker narrows from the last query only.
            close_overlays(model);
            press(model, "/ x");
            settle(model);
            close_overlays(model);
            press(model, "/");
            for ch in query.chars() {
                black_box(keystroke(model, Key::char(ch)));
            }
            let t = Instant::now();
            settle(model);
            burst.push(frame_after(model, t));
            close_overlays(model);
            press(model, "/ x");
            settle(model);
        }
        close_overlays(model);
        report(size, &format!("find.async.key.{label}"), &keys);
        report(size, &format!("find.async.results.{label}"), &results);
        report(size, &format!("find.async.burst.{label}"), &burst);
    }
}

/// The candidate lines, one a line, for `fzf --filter` (scripts/bench.sh):
/// what the index matches, in its order (actor names, ids, aliases; source
/// names; relation labels, claims, quotes), each its first line clipped to
/// `MAX_MATCH_CHARS`. Built from the dossier, not from the index's
/// internals, so that it does not depend on how the index stores them.
fn write_candidates(size: Size, model: &Model) {
    let d = &model.chart.dossier;
    let mut lines: Vec<&str> = Vec::new();
    for a in &d.actors {
        lines.push(&a.name);
        if a.id != a.name {
            lines.push(&a.id);
        }
        lines.extend(a.aliases().iter().map(String::as_str));
    }
    lines.extend(d.sources.iter().map(|s| s.name.as_str()));
    for r in &d.relations {
        lines.push(&r.label);
        for c in &r.claims {
            lines.push(&c.text);
            lines.extend(c.quote.as_deref());
        }
    }
    assert_eq!(
        lines.len(),
        model.search.candidates.len(),
        "the candidate lines are the index's candidates"
    );
    let path = support::data_dir().join(format!("candidates-{}.txt", size.name));
    let mut w = BufWriter::new(fs::File::create(&path).expect("cannot write the candidates"));
    for text in lines {
        let line = text.lines().next().unwrap_or("");
        let line = match line.char_indices().nth(MAX_MATCH_CHARS) {
            Some((b, _)) => &line[..b],
            None => line,
        };
        writeln!(w, "{line}").expect("cannot write the candidates");
    }
    w.flush().expect("cannot write the candidates");
}

/// The whole query at once: criterion's median, the anchor for fzf.
fn oneshot(c: &mut Criterion, size: Size, model: &Model, scale: &Scale) {
    let search = |q: &str| {
        model
            .search
            .search(&model.chart, &model.filter, &model.counts, q, FIND_LIMIT)
    };
    if size.name == "1m" {
        for (label, query) in QUERIES {
            let mut v: Vec<Duration> = (0..scale.oneshot)
                .map(|_| {
                    let t = Instant::now();
                    black_box(search(query));
                    t.elapsed()
                })
                .collect();
            v.sort_unstable();
            record_secs(
                &format!("find.oneshot.{label}.{}", size.name),
                v[v.len() / 2],
                &format!("median of {}", scale.oneshot),
            );
        }
        return;
    }
    let group_name = format!("find_{}", size.name);
    {
        let mut g = c.benchmark_group(&group_name);
        g.sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for (label, query) in QUERIES {
            g.bench_function(label, |b| b.iter(|| search(black_box(query))));
        }
        g.finish();
    }
    for (label, _) in QUERIES {
        if let Some(m) = support::criterion_median(&group_name, label) {
            record_secs(
                &format!("find.oneshot.{label}.{}", size.name),
                m,
                "criterion median",
            );
        }
    }
}

/// One scenario under a profiler: `LINKCHART_BENCH_PROFILE=space|find|enter|j|frame`,
/// size from `LINKCHART_BENCH_SIZES` (first listed; default 10k). The model is
/// built first; only `profiled_*` is of interest: run callgrind with
/// `--collect-atstart=no --toggle-collect='*profiled_*'`.
fn profile(scenario: &str) {
    let size = support::sizes(&["10k"])[0];
    let text = support::read(&support::ensure_ron(size));
    let mut model = support::ready_model(&text);
    drop(text);
    let n = 20;
    match scenario {
        "frame" => profiled_keys(&mut model, &[], n),
        "j" => profiled_keys(&mut model, &["j"], n),
        "enter" => {
            press(&mut model, "Tab");
            profiled_keys(&mut model, &["Enter"], n)
        }
        "space" => {
            press(&mut model, "s");
            profiled_keys(&mut model, &["Space"], n)
        }
        "find" => {
            press(&mut model, "/");
            let keys: Vec<String> = QUERIES[0].1.chars().map(String::from).collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            profiled_keys(&mut model, &keys, 1)
        }
        other => panic!("unknown scenario `{other}` (frame, j, enter, space, find)"),
    }
}

/// Presses `keys` (each followed by a frame) `times` times over; with no
/// keys, draws `times` frames.
#[inline(never)]
fn profiled_keys(model: &mut Model, keys: &[&str], times: usize) {
    for _ in 0..times {
        if keys.is_empty() {
            black_box(render_buffer(model));
        }
        for k in keys {
            black_box(keystroke(model, key(k)));
        }
    }
}
