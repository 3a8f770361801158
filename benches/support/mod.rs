//! Shared by the benchmarks: the dossier sizes, where their files are, the
//! ready model, percentiles, and the results file `scripts/bench.sh` turns
//! into the table of BENCHMARKS.md.
//!
//! Environment:
//! - `LINKCHART_BENCH_DATA`: directory of the generated dossiers
//!   (`d10k.ron`, `d10k.json`, …); default `target/bench-data`.
//! - `LINKCHART_BENCH_OUT`: where results go (`results.tsv`, criterion's
//!   reports under `criterion/`); default `target/bench-results`.
//! - `LINKCHART_BENCH_SIZES`: which sizes to run, e.g. `100k` or
//!   `10k,100k,1m` (the default).
//! - `LINKCHART_BENCH_PROFILE`: run one scenario once, without timing, for a
//!   profiler (see each bench's `profile`).

#![allow(dead_code)] // Each bench uses part of this module.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use linkchart::dossier::{Dossier, load_str};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::theme::Theme;

/// One dossier size: what the generator is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// `10k`, `100k`, `1m`: claims, and the name used in file and result keys.
    pub name: &'static str,
    pub actors: u32,
    pub relations: u32,
    pub claims: u32,
}

pub const SIZES: [Size; 3] = [
    Size {
        name: "10k",
        actors: 1_000,
        relations: 3_000,
        claims: 10_000,
    },
    Size {
        name: "100k",
        actors: 10_000,
        relations: 30_000,
        claims: 100_000,
    },
    Size {
        name: "1m",
        actors: 100_000,
        relations: 300_000,
        claims: 1_000_000,
    },
];

/// The screen every interactive figure is measured at.
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 40;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

pub fn data_dir() -> PathBuf {
    std::env::var_os("LINKCHART_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench-data"))
}

pub fn out_dir() -> PathBuf {
    let dir = std::env::var_os("LINKCHART_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench-results"));
    fs::create_dir_all(&dir).expect("cannot create the results directory");
    dir
}

/// The sizes asked for in `LINKCHART_BENCH_SIZES`, or `default` (names).
pub fn sizes(default: &[&str]) -> Vec<Size> {
    let wanted: Vec<String> = match std::env::var("LINKCHART_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => s.split(',').map(|w| w.trim().to_lowercase()).collect(),
        _ => default.iter().map(|s| s.to_string()).collect(),
    };
    SIZES
        .into_iter()
        .filter(|s| wanted.iter().any(|w| w == s.name))
        .collect()
}

pub fn ron_path(size: Size) -> PathBuf {
    data_dir().join(format!("d{}.ron", size.name))
}

pub fn json_path(size: Size) -> PathBuf {
    data_dir().join(format!("d{}.json", size.name))
}

/// The dossier of `size` as RON, generating it when missing (scripts/bench.sh
/// generates every file first; this is for a bare `cargo bench`).
pub fn ensure_ron(size: Size) -> PathBuf {
    let path = ron_path(size);
    if !path.exists() {
        generate(size, &[], &path);
    }
    path
}

/// The dossier of `size` with warnings: `UNRELATED` more actors that no
/// relation names (`w100k.ron`, …), generated when missing.
pub fn ensure_warnings_ron(size: Size) -> PathBuf {
    let path = data_dir().join(format!("w{}.ron", size.name));
    if !path.exists() {
        generate(size, &["--unrelated", UNRELATED], &path);
    }
    path
}

/// The dossier of `size` as a folder of `FILES` files (`f100k/`), generated
/// when missing.
pub fn ensure_folder(size: Size) -> PathBuf {
    let path = data_dir().join(format!("f{}", size.name));
    if !path.exists() {
        let tmp = data_dir().join(format!("f{}.tmp", size.name));
        let _ = fs::remove_dir_all(&tmp);
        generate(
            size,
            &["--split", FILES, "--out", &tmp.display().to_string()],
            &tmp,
        );
        fs::rename(&tmp, &path).expect("cannot move the folder into place");
    }
    path
}

/// The dossier of `size` with 1% of its claims edited (`v100k.ron`, …),
/// made from `d100k.ron` by [`variant_of`] when missing.
pub fn ensure_variant(size: Size) -> PathBuf {
    let path = data_dir().join(format!("v{}.ron", size.name));
    if !path.exists() {
        let (text, _) = variant_of(&read(&ensure_ron(size)));
        fs::write(&path, text).expect("cannot write the variant");
    }
    path
}

/// What [`variant_of`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Edits {
    pub regraded: usize,
    pub reworded: usize,
    pub removed: usize,
    pub added: usize,
}

/// A deterministic edit of 1% of the claims of a dossier as examples/gen
/// writes it: of every hundred claims the 38th is, in turn, regraded
/// (credibility one step round 1–6, or 3 when it had none), reworded
/// (`reportedly` after its first word), removed (when another claim of its
/// relation comes before it; otherwise regraded) or followed by a new
/// claim. The rest of the text is left byte for byte.
pub fn variant_of(text: &str) -> (String, Edits) {
    const START: &str = "                Claim(";
    const END: &str = "                ),";
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    let mut edits = Edits::default();
    let mut lines = text.split_inclusive('\n');
    let mut g = 0usize;
    let mut first_in_relation = false;
    while let Some(line) = lines.next() {
        if line.trim_end() != START {
            first_in_relation |= line.trim_end() == "            claims: [";
            out.push_str(line);
            continue;
        }
        let mut block = vec![line.to_string()];
        for l in lines.by_ref() {
            block.push(l.to_string());
            if l.trim_end() == END {
                break;
            }
        }
        let first = std::mem::replace(&mut first_in_relation, false);
        if g % 100 == 37 {
            match (g / 100) % 4 {
                1 => {
                    let l = block
                        .iter_mut()
                        .find(|l| l.trim_start().starts_with("text: \""))
                        .expect("a text");
                    let at = l.find("text: \"").unwrap() + 7;
                    let space = at + l[at..].find(' ').expect("a text of several words");
                    l.insert_str(space, " reportedly");
                    edits.reworded += 1;
                }
                2 if !first => {
                    block.clear();
                    edits.removed += 1;
                }
                3 => {
                    let mut added = block.clone();
                    let l = added
                        .iter_mut()
                        .find(|l| l.trim_start().starts_with("text: \""))
                        .expect("a text");
                    let at = l.find("text: \"").unwrap() + 7;
                    l.insert_str(at, &format!("New in this version ({g}): "));
                    block.extend(added);
                    edits.added += 1;
                }
                _ => {
                    match block
                        .iter()
                        .position(|l| l.trim_start().starts_with("credibility: "))
                    {
                        Some(i) => {
                            let n: u8 = block[i]
                                .trim()
                                .trim_start_matches("credibility: ")
                                .trim_end_matches(',')
                                .parse()
                                .expect("a credibility");
                            block[i] = format!("                    credibility: {},\n", n % 6 + 1);
                        }
                        None => {
                            let i = block
                                .iter()
                                .position(|l| l.trim_start().starts_with("sources: "))
                                .expect("sources");
                            block
                                .insert(i + 1, "                    credibility: 3,\n".to_string());
                        }
                    }
                    edits.regraded += 1;
                }
            }
        }
        g += 1;
        for l in block {
            out.push_str(&l);
        }
    }
    (out, edits)
}

/// Actors in no relation in the dossier with warnings: as many as in the
/// 100k-claim dossier of issue 10 (10k actors, 118 warnings).
pub const UNRELATED: &str = "118";
/// Files of the folder: one registry and 49 of relations, as in issue 10.
pub const FILES: &str = "50";

/// Runs examples/gen for `size` with `extra` arguments; its output goes to
/// `path`, unless `extra` has it write a folder.
fn generate(size: Size, extra: &[&str], path: &Path) {
    fs::create_dir_all(data_dir()).expect("cannot create the data directory");
    eprintln!("generating {} …", path.display());
    let mut args = vec![
        "--actors".to_string(),
        size.actors.to_string(),
        "--relations".to_string(),
        size.relations.to_string(),
        "--claims".to_string(),
        size.claims.to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let built = target_dir().join("release/examples/gen");
    let out = if built.exists() {
        Command::new(&built).args(&args).output()
    } else {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--release", "--example", "gen", "--"])
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
    }
    .expect("cannot run the generator");
    assert!(
        out.status.success(),
        "the generator failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if !extra.contains(&"--out") {
        fs::write(path, out.stdout).expect("cannot write the dossier");
    }
}

/// The same dossier as the format's JSON (`export::json`: what
/// `linkchart export --format json` writes, less the effective dates it
/// adds to claims), generated when missing.
pub fn ensure_json(size: Size) -> PathBuf {
    let path = json_path(size);
    if path.exists() {
        return path;
    }
    let ron = ensure_ron(size);
    eprintln!("exporting {} …", path.display());
    let text = fs::read_to_string(&ron).expect("cannot read the dossier");
    let loaded = load_str(&ron.display().to_string(), &text).expect("the dossier is valid");
    fs::write(&path, linkchart::export::json(&loaded.dossier)).expect("cannot write the JSON");
    path
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Load and validate to the model the first screen needs: `load_str`,
/// `Chart::new`, `Model::new` (which computes the counts; the find index is
/// built lazily, in the terminal on a thread after the first frame).
pub fn first_screen_model(text: &str) -> Model {
    let loaded = load_str("bench.ron", text).expect("the dossier is valid");
    let chart = Chart::new(loaded.dossier);
    Model::new(chart, None, Theme::mono(), WIDTH, HEIGHT)
}

/// Load, validate and index to a ready model: the first-screen model with
/// the find index built too (`SearchIndex::new`), so that nothing is left.
pub fn ready_model(text: &str) -> Model {
    let model = first_screen_model(text);
    // Reading the index builds it when it is built lazily.
    std::hint::black_box(model.search.candidates.len());
    model
}

/// The floor: serde_json parsing the same dossier into the same types.
pub fn json_floor(text: &str) -> Dossier {
    serde_json::from_str(text).expect("the JSON export parses")
}

/// The `p`-th percentile (0–100) of `samples`, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    assert!(!sorted.is_empty());
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// p50, p99 and max of `samples`, which it sorts.
pub fn summary(samples: &mut [Duration]) -> (Duration, Duration, Duration) {
    samples.sort_unstable();
    (
        percentile(samples, 50.0),
        percentile(samples, 99.0),
        *samples.last().expect("samples"),
    )
}

static RECORDING: AtomicBool = AtomicBool::new(true);

/// Whether figures go to `results.tsv`: not when a bench only checks that it
/// runs (`cargo test --benches`).
pub fn set_recording(on: bool) {
    RECORDING.store(on, Ordering::Relaxed);
}

/// Appends one figure to `results.tsv`: key, value, unit, note.
pub fn record(key: &str, value: f64, unit: &str, note: &str) {
    if !RECORDING.load(Ordering::Relaxed) {
        return;
    }
    let path = out_dir().join("results.tsv");
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .expect("cannot open results.tsv");
    writeln!(f, "{key}\t{value}\t{unit}\t{note}").expect("cannot write results.tsv");
}

pub fn record_secs(key: &str, d: Duration, note: &str) {
    record(key, d.as_secs_f64(), "s", note);
}

/// A duration for people: `412 µs`, `3.10 ms`, `1.25 s`.
pub fn pretty(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// The median criterion estimated for `group/function`, read back from its
/// `estimates.json` (criterion writes it under `out_dir()/criterion`).
pub fn criterion_median(group: &str, function: &str) -> Option<Duration> {
    let path = out_dir()
        .join("criterion")
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
    let ns = v["median"]["point_estimate"].as_f64()?;
    Some(Duration::from_secs_f64(ns / 1e9))
}

/// CPU time of the calling thread, where the platform gives it (64-bit
/// Linux): a sample's CPU time leaves out the time the thread waited for a
/// core, which on a shared two-core machine is what fills the tail.
pub fn thread_cpu_time() -> Option<Duration> {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        #[repr(C)]
        struct Timespec {
            tv_sec: i64,
            tv_nsec: i64,
        }
        unsafe extern "C" {
            fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut ts = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec (two 64-bit fields on
        // 64-bit Linux), and the clock id is a constant the kernel knows.
        if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return Some(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32));
        }
    }
    None
}

/// The profiling scenario asked for, if any.
pub fn profile_scenario() -> Option<String> {
    std::env::var("LINKCHART_BENCH_PROFILE")
        .ok()
        .filter(|s| !s.is_empty())
}
