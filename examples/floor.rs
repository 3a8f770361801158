//! The floors a load is measured against: serde_json parsing the dossier
//! as JSON, and ron's own typed parse of the RON on one thread, into the
//! same types (no sanitising, no checks).
//!
//! ```text
//! floor json d100k.json        # a whole process: read, parse, exit
//! floor ron d100k.ron
//! floor inproc d100k.ron d100k.json [RUNS]
//! floor to-json d100k.ron d100k.json
//! ```
//!
//! `json` and `ron` are whole processes, which scripts/bench-cache.sh times
//! with hyperfine beside `linkchart check`; the dossier is left to the
//! operating system at exit, as `check` leaves its chart. `inproc` times,
//! in this one process with the texts already in memory and alternating
//! runs (7 by default; what each makes is freed after its clock stops),
//! ron's typed parse, serde_json's parse, and
//! `check`'s load (parse, sanitise, merge and check) on one thread and in
//! pieces on every core; it prints `name<TAB>median seconds` lines.
//! `to-json` writes the dossier as the format's JSON (`export::json`), the
//! twin the JSON floor parses.

use std::borrow::Cow;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use linkchart::dossier::load::MAX_NESTING;
use linkchart::dossier::{Dossier, FileInfo, ParsedFile, Pieces, load_str, merge};
use ron::extensions::Extensions;

fn ron_parse(text: &str) -> Result<Dossier, String> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
        .from_str(text)
        .map_err(|e| e.to_string())
}

fn json_parse(text: &str) -> Result<Dossier, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let done = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [how @ ("json" | "ron"), path] => process(how, path),
        ["inproc", ron, json] => inproc(ron, json, 7),
        ["inproc", ron, json, runs] => match runs.parse() {
            Ok(n) if n > 0 => inproc(ron, json, n),
            _ => Err(format!("`{runs}`: a number of runs")),
        },
        ["to-json", ron, json] => to_json(ron, json),
        _ => Err("usage: floor json|ron FILE | inproc RON JSON [RUNS] | to-json RON JSON".into()),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads and parses the file, then exits without freeing the dossier.
fn process(how: &str, path: &str) -> Result<(), String> {
    let text = read(path)?;
    let d = if how == "json" {
        json_parse(&text)
    } else {
        ron_parse(&text)
    }
    .map_err(|e| format!("{path}: {e}"))?;
    println!("{} relations", d.relations.len());
    std::mem::forget(d);
    Ok(())
}

/// The in-process medians, every case run once a round, `runs` rounds.
fn inproc(ron: &str, json: &str, runs: usize) -> Result<(), String> {
    let ron_text = read(ron)?;
    let json_text = read(json)?;
    // Each case gives what it made, freed after the clock stops.
    type Made = Box<dyn std::any::Any>;
    type Case<'a> = (&'a str, Box<dyn Fn() -> Result<Made, String> + 'a>);
    let load = |pieces: Pieces| {
        let info = FileInfo::memory("floor.ron");
        let file = ParsedFile::from_text_in(info, Cow::Borrowed(ron_text.as_str()), pieces)
            .map_err(|d| format!("{} problems", d.len()))?;
        merge(vec![file]).map_err(|d| format!("{} problems", d.len()))
    };
    let cases: Vec<Case> = vec![
        (
            "ron_parse",
            Box::new(|| Ok(Box::new(ron_parse(&ron_text)?))),
        ),
        (
            "serde_json",
            Box::new(|| Ok(Box::new(json_parse(&json_text)?))),
        ),
        (
            "check_one_thread",
            Box::new(|| Ok(Box::new(load(Pieces::One)?))),
        ),
        (
            "check_every_core",
            Box::new(|| Ok(Box::new(load(Pieces::auto(ron_text.len()))?))),
        ),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for _ in 0..runs {
        for (k, (_, run)) in cases.iter().enumerate() {
            let t = Instant::now();
            let made = run()?;
            times[k].push(t.elapsed());
            drop(made);
        }
    }
    for ((name, _), mut t) in cases.iter().zip(times) {
        t.sort();
        println!("{name}\t{:.6}", t[t.len() / 2].as_secs_f64());
    }
    Ok(())
}

fn to_json(ron: &str, json: &str) -> Result<(), String> {
    let text = read(ron)?;
    let loaded = load_str(ron, &text).map_err(|d| format!("{ron}: {} problems", d.len()))?;
    std::fs::write(json, linkchart::export::json(&loaded.dossier))
        .map_err(|e| format!("{json}: {e}"))
}
