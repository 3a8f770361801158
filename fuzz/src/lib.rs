//! The checks behind the fuzz targets, shared by the libFuzzer build and
//! the plain one.
//!
//! - [`load`]: bytes → text (exact when UTF-8, and lossy) → `load_str`. It
//!   must return a result, never panic; an error's every diagnostic lies
//!   within the text and prints inert; a dossier that loads is sanitised
//!   throughout, and the explorer opens on it and draws it.
//! - [`keys`]: bytes → text (lossy) → `parse_keys`. A result, never a
//!   panic; every key parsed shows as a name that parses back to it.
//! - [`capture`]: bytes → text → a claim, relation, actor and source
//!   inserted by capture's text edit. A result, never a panic, and never
//!   the refusal that says the edit went wrong (the edit checks itself that
//!   the result reads back as the old contents plus the item); an insertion
//!   is the old text with its edits inserted and nothing else.
//!
//! Without libFuzzer each target's `main` calls [`main_without_libfuzzer`]:
//! `TARGET [--mutate N] [--seconds T] [--seed S] FILE|DIR…` replays every
//! input given and then, with `--mutate` or `--seconds`, runs N random
//! mutations of them or mutates for T seconds (a crude fuzzer that needs
//! no nightly compiler). A failing input is written to
//! `crash-<target>-<n>` in the current folder before the panic goes on.

use linkchart::dossier::{self, Diagnostic};
use linkchart::graph::Chart;
use linkchart::sanitize::sanitize;
use linkchart::tui::Model;
use linkchart::tui::keymap::{Key, parse_keys};
use linkchart::tui::render::render_buffer;
use linkchart::tui::theme::Theme;

/// The loader and validator on one input.
pub fn load(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        load_text(text);
    } else {
        load_text(&String::from_utf8_lossy(data));
    }
}

fn load_text(text: &str) {
    match dossier::load_str("fuzz.ron", text) {
        Err(diags) => check_diagnostics(text, &diags),
        Ok(loaded) => {
            let json = linkchart::export::json(&loaded.dossier);
            let v: serde_json::Value = serde_json::from_str(&json).expect("the JSON export parses");
            check_sanitised(&v);
            let mut m = Model::new(Chart::new(loaded.dossier), None, Theme::mono(), 100, 30);
            let _ = render_buffer(&m);
            for k in parse_keys("Tab j Tab j PageDown / a Enter v + y b").expect("keys parse") {
                m.handle_key(k);
            }
            let _ = render_buffer(&m);
        }
    }
}

fn check_diagnostics(text: &str, diags: &[Diagnostic]) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = body.split('\n').collect();
    assert!(
        diags.iter().any(Diagnostic::is_error),
        "an error without an error diagnostic"
    );
    for d in diags {
        if let Some(line) = d.line {
            assert!(
                line >= 1 && line <= lines.len(),
                "line {line} of {}: {d}",
                lines.len()
            );
            let col = d.col.expect("a line without a column");
            let len = lines[line - 1].chars().count();
            assert!(col >= 1 && col <= len + 1, "column {col} of {len}: {d}");
        }
        let shown = d.to_string();
        assert!(
            !shown
                .chars()
                .any(|c| (c < ' ' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c)),
            "a control character in {shown:?}"
        );
    }
}

fn check_sanitised(v: &serde_json::Value) {
    match v {
        serde_json::Value::String(s) => assert_eq!(&*sanitize(s), s, "an unsanitised string"),
        serde_json::Value::Array(a) => a.iter().for_each(check_sanitised),
        serde_json::Value::Object(o) => o.values().for_each(check_sanitised),
        _ => {}
    }
}

/// The key notation parser on one input.
pub fn keys(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(keys) = parse_keys(&text) {
        for k in keys {
            // Known: parse_keys takes a control character inside a token
            // as a key, which no name denotes (tests/props.rs,
            // `parse_keys_refuses_control_characters`, ignored). Skipped
            // here so the fuzzer looks further.
            if k.to_string().chars().any(char::is_control) {
                continue;
            }
            assert_eq!(Key::parse(&k.to_string()), Ok(k), "{k} does not read back");
        }
    }
}

/// Capture's text edit on one input: each kind of item, with text that is
/// hard to write down.
pub fn capture(data: &[u8]) {
    use linkchart::dossier::{Actor, ActorKind, Claim, Relation, Source, SourceKind};
    use linkchart::export::capture::{Addition, InsertError, insert};
    let text = String::from_utf8_lossy(data);
    let odd = "a \"q\" \\ $x عربي \u{202e} */ ) ] \n\u{1b}";
    let claim = Claim {
        text: odd.to_string(),
        sources: vec!["s".to_string()],
        credibility: Some(3),
        confidence: None,
        quote: Some(odd.to_string()),
        cite: None,
        date: None,
    };
    // A claim on the file's first relation, if it has one.
    let first = dossier::load::parse_str("fuzz.ron", &text)
        .ok()
        .and_then(|d| d.relations.into_iter().next());
    let mut additions = vec![
        Addition::Relation(Relation {
            from: "A".into(),
            to: odd.into(),
            label: odd.into(),
            claims: vec![claim.clone()],
        }),
        Addition::Actor(Actor {
            id: odd.into(),
            name: odd.into(),
            kind: ActorKind::Other(odd.into()),
            aliases: Some(vec![odd.into()]),
            note: None,
        }),
        Addition::Source(Source {
            id: odd.into(),
            name: odd.into(),
            kind: SourceKind::Human,
            reliability: None,
            report: None,
            note: Some(odd.into()),
        }),
    ];
    if let Some(r) = first {
        additions.push(Addition::Claim {
            from: r.from,
            to: r.to,
            label: r.label,
            claim,
        });
    }
    for add in &additions {
        // A file that reads may refuse a claim whose relation it lacks,
        // never an edit that went wrong.
        let ins = match insert("fuzz.ron", &text, add) {
            Ok(ins) => ins,
            Err(InsertError::Mismatch(m)) => panic!("the edit went wrong: {m}"),
            Err(_) => continue,
        };
        let mut rebuilt = String::new();
        let mut at = 0;
        for (off, s) in &ins.edits {
            rebuilt.push_str(&text[at..*off]);
            rebuilt.push_str(s);
            at = *off;
        }
        rebuilt.push_str(&text[at..]);
        assert_eq!(rebuilt, ins.text, "the edits are not the whole change");
    }
}

/// The plain harness: replay, then optionally mutate. See the module docs.
pub fn main_without_libfuzzer(name: &str, target: fn(&[u8])) {
    let mut args = std::env::args().skip(1);
    let mut rounds = 0u64;
    let mut seconds = 0f64;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mutate" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--mutate N")
            }
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--seconds T")
            }
            "--seed" => seed = args.next().and_then(|n| n.parse().ok()).expect("--seed S"),
            path => collect(std::path::Path::new(path), &mut inputs),
        }
    }
    if inputs.is_empty() {
        inputs.push(Vec::new());
    }
    let start = std::time::Instant::now();
    for (i, input) in inputs.iter().enumerate() {
        run_one(name, target, input, i as u64);
    }
    let mut rng = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    if seconds > 0.0 {
        rounds = u64::MAX;
    }
    let mut done = 0;
    for n in 0..rounds {
        if seconds > 0.0 && n % 64 == 0 && start.elapsed().as_secs_f64() >= seconds {
            break;
        }
        done += 1;
        let mut data = inputs[(rng() % inputs.len() as u64) as usize].clone();
        for _ in 0..1 + rng() % 8 {
            mutate(&mut data, &mut rng, &inputs);
        }
        run_one(name, target, &data, inputs.len() as u64 + n);
    }
    let total = inputs.len() as u64 + done;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{name}: {total} inputs in {secs:.1} s ({:.0} exec/s), no failure",
        total as f64 / secs.max(1e-9)
    );
}

fn run_one(name: &str, target: fn(&[u8]), data: &[u8], n: u64) {
    if std::panic::catch_unwind(|| target(data)).is_err() {
        let file = format!("crash-{name}-{n}");
        let _ = std::fs::write(&file, data);
        eprintln!("{name}: failure on input {n}, written to {file}");
        std::process::exit(101);
    }
}

fn collect(path: &std::path::Path, out: &mut Vec<Vec<u8>>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|e| e.expect("a folder entry").path())
            .collect();
        entries.sort();
        for p in entries {
            collect(&p, out);
        }
    } else {
        out.push(std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
}

/// Byte-level mutations, plus splicing in a piece of another input.
fn mutate(data: &mut Vec<u8>, rng: &mut impl FnMut() -> u64, inputs: &[Vec<u8>]) {
    const TOKENS: &[&[u8]] = &[
        b"(",
        b")",
        b"[",
        b"]",
        b"{",
        b"}",
        b",",
        b":",
        b"\"",
        b"'",
        b"#",
        b"r#\"",
        b"\"#",
        b"/*",
        b"*/",
        b"//",
        b"\\",
        b"\\u{",
        b"Some(",
        b"None",
        b"#![enable(implicit_some)]",
        b"\n",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\x1b[2J",
        b"-",
        b".",
        b"0",
        b"256",
        b"1e999",
        b"Other(",
        b"<",
        b">",
        b"<Enter>",
        b"C-",
        b"A-",
        b"F12",
        b" ",
        b"Space",
    ];
    let len = data.len() as u64;
    let at = |r: u64| {
        if len == 0 {
            0
        } else {
            (r % (len + 1)) as usize
        }
    };
    match rng() % 7 {
        0 if len > 0 => {
            let s = at(rng());
            let e = (s + 1 + (rng() % 16) as usize).min(data.len());
            data.drain(s..e);
        }
        1 => {
            let s = at(rng());
            let b = (rng() & 0xff) as u8;
            data.insert(s, b);
        }
        2 if len > 0 => {
            let s = (rng() % len) as usize;
            data[s] = (rng() & 0xff) as u8;
        }
        3 => {
            let s = at(rng());
            let t = TOKENS[(rng() % TOKENS.len() as u64) as usize];
            data.splice(s..s, t.iter().copied());
        }
        4 if len > 0 => {
            let s = at(rng());
            data.truncate(s);
        }
        5 => {
            let other = &inputs[(rng() % inputs.len() as u64) as usize];
            if !other.is_empty() {
                let a = (rng() % other.len() as u64) as usize;
                let b = (a + 1 + (rng() % 64) as usize).min(other.len());
                let s = at(rng());
                data.splice(s..s, other[a..b].iter().copied());
            }
        }
        _ if len > 1 => {
            // Duplicate a slice in place.
            let a = (rng() % len) as usize;
            let b = (a + 1 + (rng() % 32) as usize).min(data.len());
            let piece = data[a..b].to_vec();
            let s = at(rng());
            data.splice(s..s, piece);
        }
        _ => data.push(b'('),
    }
}
