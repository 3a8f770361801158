//! The floors a load is measured against, each as a whole process:
//! serde_json parsing the dossier as JSON, and ron's own typed parse of
//! the RON, on one thread, into the same types (no sanitising, no checks).
//!
//! ```text
//! cargo run --release --example floor -- json d100k.json
//! cargo run --release --example floor -- ron d100k.ron
//! ```
//!
//! scripts/bench.sh times them with hyperfine beside `linkchart check`.
//! The dossier is left to the operating system at exit, as `check` leaves
//! its chart.

use std::process::ExitCode;

use linkchart::dossier::Dossier;
use linkchart::dossier::load::MAX_NESTING;
use ron::extensions::Extensions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [how, path] = args.as_slice() else {
        eprintln!("usage: floor json|ron FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("floor: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parsed: Result<Dossier, String> = match how.as_str() {
        "json" => serde_json::from_str(&text).map_err(|e| e.to_string()),
        "ron" => ron::Options::default()
            .with_default_extension(Extensions::IMPLICIT_SOME)
            .with_recursion_limit(MAX_NESTING)
            .from_str(&text)
            .map_err(|e| e.to_string()),
        _ => Err(format!("`{how}`: json or ron")),
    };
    match parsed {
        Ok(d) => {
            println!("{} relations", d.relations.len());
            std::mem::forget(d);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
