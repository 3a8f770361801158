//! The parsed cache's binary form, measured: the 100k-claim chart's
//! dossier encoded and decoded by `bitcode` (its own derive, what the cache
//! uses), by `postcard` (through serde) and by serde_json, with the size
//! each writes. Medians of alternating runs in this one process.
//!
//! ```text
//! cache_formats d100k.ron [RUNS]
//! ```
//!
//! Prints `format<TAB>encode s<TAB>decode s<TAB>bytes` lines; a format
//! that cannot give the dossier back whole prints why instead. (The
//! dossier's serde form leaves out the options that are `None`, as the
//! format's JSON must: a format that writes no field names cannot read
//! such a form back, which is why the cache does not go through serde.)

use std::process::ExitCode;
use std::time::{Duration, Instant};

use linkchart::dossier::{Dossier, load_str};

type Encode = fn(&Dossier) -> Vec<u8>;
type Decode = fn(&[u8]) -> Result<Dossier, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, runs) = match args.as_slice() {
        [p] => (p, 7),
        [p, n] => match n.parse::<usize>() {
            Ok(n) if n > 0 => (p, n),
            _ => return usage(),
        },
        _ => return usage(),
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cache_formats: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(loaded) = load_str(path, &text) else {
        eprintln!("cache_formats: {path}: does not load");
        return ExitCode::FAILURE;
    };
    drop(text);
    let d = loaded.dossier;
    let formats: [(&str, Encode, Decode); 3] = [
        ("bitcode", bitcode::encode, |b| {
            bitcode::decode(b).map_err(|e| e.to_string())
        }),
        (
            "postcard",
            |d| postcard::to_allocvec(d).unwrap_or_default(),
            |b| postcard::from_bytes(b).map_err(|e| e.to_string()),
        ),
        (
            "serde_json",
            |d| serde_json::to_vec(d).unwrap_or_default(),
            |b| serde_json::from_slice(b).map_err(|e| e.to_string()),
        ),
    ];
    let mut enc: Vec<Vec<Duration>> = vec![Vec::new(); formats.len()];
    let mut dec: Vec<Vec<Duration>> = vec![Vec::new(); formats.len()];
    let mut sizes = vec![0; formats.len()];
    let mut wrong: Vec<Option<String>> = vec![None; formats.len()];
    for _ in 0..runs {
        for (k, (_, encode, decode)) in formats.iter().enumerate() {
            if wrong[k].is_some() {
                continue;
            }
            let t = Instant::now();
            let bytes = encode(&d);
            enc[k].push(t.elapsed());
            sizes[k] = bytes.len();
            let t = Instant::now();
            let back = decode(&bytes);
            dec[k].push(t.elapsed());
            match back {
                Ok(b) if b == d => {}
                Ok(_) => wrong[k] = Some("decodes to another dossier".into()),
                Err(e) => wrong[k] = Some(format!("cannot decode what it encoded: {e}")),
            }
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64()
    };
    for (k, (name, _, _)) in formats.iter().enumerate() {
        match &wrong[k] {
            Some(why) => println!("{name}\t-\t-\t{}\t{why}", sizes[k]),
            None => println!(
                "{name}\t{:.6}\t{:.6}\t{}",
                median(&mut enc[k]),
                median(&mut dec[k]),
                sizes[k]
            ),
        }
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: cache_formats FILE.ron [RUNS]");
    ExitCode::from(2)
}
