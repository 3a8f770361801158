//! Issue 6: hostile input and flaky links.
//!
//! 1. Untrusted text is inert everywhere: one hostile dossier (built here)
//!    with every class of dangerous character in every string field, and no
//!    such character reaching any screen, message, export, clipboard copy or
//!    briefing.
//! 3. Every terminal size renders every view without a panic.
//! 5. Files are safe: the dossier is never written, briefings and exports
//!    never overwrite or leave partial files, and unusable FILEs get clear
//!    errors.
//! 6. Bounded resources: a 200 MB claim, a 10-million-character line and
//!    100,000 relations on one actor stay responsive.
//!
//! (Item 4, the terminal coming back, is covered by tests/pty.rs; item 2's
//! property tests are in tests/props.rs and its fuzz targets under fuzz/.)

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use linkchart::dossier::load::MAX_FILE_BYTES;
use linkchart::dossier::{self, BUNDLED, BUNDLED_NAME, Loaded};
use linkchart::export::{self, Scope};
use linkchart::filter::{Counts, Filter};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::action::Action;
use linkchart::tui::keymap::{Mode, parse_keys};
use linkchart::tui::model::{Effect, Overlay, Pane};
use linkchart::tui::render::{render_buffer, render_text};
use linkchart::tui::theme::Theme;

const SECOND: &str = include_str!("data/second.ron");
const DATE: &str = "2024-05-01";

// ═════════════════════════ 1. untrusted text is inert ═════════════════════════

/// Every class of dangerous character, after a tag that tells the fields
/// apart. The first line holds the escape sequences (find matches the first
/// line of a text only); the second line follows a real newline.
const PAYLOAD: &str = concat!(
    " \x1b]0;pwned-title\x07", // OSC 0: window title
    " \x1b[2J\x1b[H",          // CSI: clear screen, home
    " \x1b]52;c;ZXZpbA==\x07", // OSC 52: clipboard write
    " \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\", // OSC 8: hyperlink
    " \u{9b}31m",              // C1 CSI, one code point
    " \u{0}\u{1}\u{8}\u{b}\u{c}\u{e}\u{1f}\u{7f}", // other C0, DEL
    " \u{80}\u{85}\u{90}\u{9c}\u{9d}\u{9f}", // other C1: NEL, DCS, ST, OSC, APC
    " \u{202a}\u{202b}\u{202c}\u{202d}\u{202e}", // bidi embeddings, overrides
    " \u{2066}\u{2067}\u{2068}\u{2069}", // bidi isolates
    " \u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{2060}\u{feff}\u{ad}\u{61c}", // invisible
    " \u{2028}\u{2029}",       // line/paragraph separators
    " tab\there\rcr",
    "\nsecond line",
);

/// True for a character that must never reach a terminal or a file raw.
fn dangerous(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n')
        || u == 0x7f
        || (0x80..=0x9f).contains(&u)
        || u == 0xad
        || u == 0x61c
        || (0x200b..=0x200f).contains(&u)
        || u == 0x2028
        || u == 0x2029
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x206f).contains(&u)
        || u == 0xfeff
}

/// Fails with the place and its surroundings when `text` holds a dangerous
/// character (a tab counts: tabs are expanded).
#[track_caller]
fn assert_inert(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| dangerous(c)) {
        let from = text.floor_char_boundary(i.saturating_sub(60));
        let to = text.ceil_char_boundary((i + 60).min(text.len()));
        panic!(
            "{what}: raw U+{:04X} at byte {i}: {:?}",
            c as u32,
            &text[from..to]
        );
    }
}

#[track_caller]
fn assert_inert_bytes(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.contains(&0x1b) && !bytes.contains(&0x07),
        "{what}: raw ESC or BEL byte"
    );
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    assert_inert(what, text);
}

/// A RON string literal for `s`: raw (only `"` and `\` escaped, every other
/// character written as itself) or with `\u{…}` escapes for all but
/// printable ASCII. The loader must treat both alike.
fn lit(s: &str, raw: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if raw => out.push(c),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// The hostile dossier's text. Every string field holds the payload behind
/// its own tag, alternately written raw and escaped. `broken` adds unknown
/// ids and a bad date (hostile too), so that `check` must echo them.
fn hostile_ron(broken: bool) -> String {
    let mut n = 0;
    let mut s = |tag: &str| {
        n += 1;
        lit(&format!("{tag}{PAYLOAD}"), n % 2 == 0)
    };
    let (rep, s1, s2) = (s("REPORT"), s("SRCone"), s("SRCtwo"));
    let (a1, a2, a3, a4) = (s("ACTone"), s("ACTtwo"), s("ACTthree"), s("ACTfour"));
    let mut t = String::new();
    let _ = write!(
        t,
        r#"Dossier(
    title: {title},
    summary: {summary},
    reports: [
        Report(id: {rep}, title: {rtitle}, publisher: {rpub}, date: "2024-01", url: {rurl}),
    ],
    sources: [
        Source(id: {s1}, name: {s1name}, kind: Other({s1kind}), reliability: A, report: {rep}, note: {s1note}),
        Source(id: {s2}, name: {s2name}, kind: Human, reliability: C, note: {s2note}),
    ],
    actors: [
        Actor(id: {a1}, name: {a1name}, kind: Other({a1kind}), aliases: [{al1}, {al2}], note: {a1note}),
        Actor(id: {a2}, name: {a2name}, kind: Government, aliases: [{al3}]),
        Actor(id: {a3}, name: {a3name}, kind: Person, note: {a3note}),
        Actor(id: {a4}, name: {a4name}, kind: Group),
    ],
    relations: [
        Relation(from: {a1}, to: {a2}, label: {l1}, claims: [
            Claim(text: {c1}, sources: [{s1}, {s2}], credibility: 2, confidence: Likely,
                  quote: {q1}, cite: {cite1}, date: "2024-02-03"),
            Claim(text: "first line\nsecond\tline", sources: [{s2}]),
        ]),
        Relation(from: {a2}, to: {a3}, label: {l2}, claims: [
            Claim(text: {c2}, sources: [{s1}], quote: {q2}, cite: {cite2}),
        ]),
        Relation(from: {a3}, to: {a3}, label: {l3}, claims: [
            Claim(text: {c3}, sources: [{s2}]),
        ]),
"#,
        title = s("TITLE"),
        summary = s("SUMMARY"),
        rtitle = s("RTITLE"),
        rpub = s("RPUB"),
        rurl = s("RURL"),
        s1name = s("SNAMEone"),
        s1kind = s("SKIND"),
        s1note = s("SNOTEone"),
        s2name = s("SNAMEtwo"),
        s2note = s("SNOTEtwo"),
        a1name = s("Alpha"),
        a1kind = s("AKIND"),
        al1 = s("ALIASone"),
        al2 = s("ALIAStwo"),
        a1note = s("ANOTE"),
        a2name = s("Bravo"),
        al3 = s("ALIASthree"),
        a3name = s("Charlie"),
        a3note = s("CNOTE"),
        a4name = s("Delta"),
        l1 = s("LABELone"),
        c1 = s("CLAIMone"),
        q1 = s("QUOTEone"),
        cite1 = s("CITEone"),
        l2 = s("LABELtwo"),
        c2 = s("CLAIMtwo"),
        q2 = s("QUOTEtwo"),
        cite2 = s("CITEtwo"),
        l3 = s("LABELthree"),
        c3 = s("CLAIMthree"),
    );
    if broken {
        let _ = write!(
            t,
            "        Relation(from: {a1}, to: {nope}, label: \"broken\", claims: [\n            \
             Claim(text: \"x\", sources: [{nosrc}], date: {baddate}),\n        ]),\n",
            nope = s("NOPEactor"),
            nosrc = s("NOPEsource"),
            baddate = s("BADdate"),
        );
    }
    t.push_str("    ],\n)\n");
    t
}

fn hostile_loaded() -> Loaded {
    dossier::load_str("hostile.ron", &hostile_ron(false)).unwrap_or_else(|d| {
        panic!(
            "the hostile dossier is valid: {}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn hostile_model(w: u16, h: u16) -> Model {
    let mut m = Model::new(
        Chart::new(hostile_loaded().dossier),
        None,
        Theme::mono(),
        w,
        h,
    );
    m.today = DATE.into();
    m
}

fn press(m: &mut Model, keys: &str) {
    for k in parse_keys(keys).unwrap_or_else(|e| panic!("{keys}: {e}")) {
        m.handle_key(k);
    }
}

/// Every view, as the keys that open it from the first screen. The find
/// query matches the escape sequences' text; the path goes to `Charlie`
/// (two hops) and the last pick to `Delta`, which has no relations, so the
/// status bar reports the names.
const VIEWS: &[(&str, &str)] = &[
    ("main", ""),
    ("relations", "Tab"),
    ("claims", "Tab Tab"),
    ("claims with details", "Tab Tab i"),
    ("claims scrolled", "Tab Tab j PageDown"),
    ("find", "/ZXZpbA"),
    ("find moved", "/pwned Down Down"),
    ("find jumped", "/QUOTEtwo Enter"),
    ("sources", "s"),
    ("sources filtered", "s Space Esc"),
    ("help", "?"),
    ("path pick", "p Charl"),
    ("path", "p Charlie Enter"),
    ("path walked", "p Charlie Enter Enter"),
    ("no path", "p Delta Enter"),
    ("neighbourhood", "v"),
    ("neighbourhood depth 3", "v + +"),
    ("followed", "Tab Enter"),
    ("kind filter", "K"),
];

/// Sizes that give the wide, medium and narrow layouts.
const LAYOUT_SIZES: &[(u16, u16)] = &[(200, 60), (100, 30), (50, 20)];

#[test]
fn hostile_dossier_loads_with_every_string_sanitised() {
    let loaded = hostile_loaded();
    // One warning (`Delta` has no relations), which names Delta inertly.
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert_inert("the warning", &loaded.warnings[0].to_string());
    let json = export::json(&loaded.dossier);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    // Every tag arrived, each with the payload made visible.
    for tag in [
        "TITLE", "SUMMARY", "REPORT", "RURL", "SKIND", "AKIND", "ALIAStwo", "CITEtwo",
    ] {
        let s = strings
            .iter()
            .find(|s| s.starts_with(tag))
            .unwrap_or_else(|| panic!("{tag} missing"));
        assert!(s.contains("␛]52;c;ZXZpbA==␇"), "{tag}: {s:?}");
        assert!(s.contains("\\u{9b}31m"), "{tag}: {s:?}");
        assert!(s.contains("\\u{202e}"), "{tag}: {s:?}");
        // The tab became spaces; the lone CR a picture; the newline stayed.
        let (before, _) = s
            .split_once("here␍cr\nsecond line")
            .unwrap_or_else(|| panic!("{tag}: {s:?}"));
        assert!(
            before.trim_end_matches(' ').ends_with(" tab"),
            "{tag}: {s:?}"
        );
        assert!(before.ends_with(' '), "{tag}: {s:?}");
    }
    for s in &strings {
        assert_inert("a loaded string", s);
    }
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            collect_strings(v, out)
        }),
        _ => {}
    }
}

/// Every view at every layout: nothing dangerous on screen, and the
/// hostile text is there, visibly.
#[test]
fn hostile_text_is_inert_on_every_screen() {
    for &(w, h) in LAYOUT_SIZES {
        for &(name, keys) in VIEWS {
            let mut m = hostile_model(w, h);
            press(&mut m, keys);
            let text = render_text(&m);
            assert_inert(&format!("{name} at {w}x{h}"), &text);
            // The buffer's cells themselves, not just the joined text.
            let buf = render_buffer(&m);
            for cell in &buf.content {
                // A cell never holds a line break either: the terminal
                // would move the cursor.
                let sym = cell.symbol();
                assert_inert(&format!("{name} at {w}x{h}: a cell"), sym);
                assert!(
                    !sym.contains('\n'),
                    "{name} at {w}x{h}: a newline in a cell"
                );
            }
            if (w, h) == (200, 60) {
                assert!(text.contains('␛'), "{name}: the escapes are shown:\n{text}");
            }
        }
    }
    // The views really are what they claim to be.
    let mut m = hostile_model(200, 60);
    press(&mut m, "/ZXZpbA");
    let Overlay::Find(f) = &m.overlay else {
        panic!("find")
    };
    assert!(f.hits.len() > 10, "the query matches the hostile text");
    let mut m = hostile_model(200, 60);
    press(&mut m, "p Charlie Enter");
    assert!(m.path.as_ref().is_some_and(|p| !p.rows.is_empty()));
    let mut m = hostile_model(200, 60);
    press(&mut m, "p Delta Enter");
    let msg = m.message.clone().expect("no path message");
    assert!(msg.contains("Delta ␛]0;pwned-title␇"), "{msg}");
    assert_inert("the no-path message", &msg);
}

/// What the analyst types into find is shown inert too (the keymap turns
/// control keys into no text, but format characters such as U+202E are
/// printable keys).
#[test]
fn typed_query_is_inert() {
    let mut m = hostile_model(100, 30);
    press(&mut m, "/");
    for c in [
        'a', '\u{202e}', '\u{200b}', '\u{2066}', 'b', '\u{feff}', '\u{ad}',
    ] {
        m.handle_key(linkchart::tui::keymap::Key::char(c));
    }
    // Control characters sent as input anyway (a paste, say) are shown inert.
    for c in ['\x1b', '\u{9b}', '\x07', '\t'] {
        m.update(Action::Input(c));
    }
    assert_eq!(m.mode(), Mode::Find);
    let text = render_text(&m);
    assert_inert("find with a hostile query", &text);
    assert!(text.contains("\\u{202e}"), "{text}");
}

/// Tabs are expanded and newlines kept as line breaks in a claim card.
#[test]
fn tabs_expand_and_newlines_break_lines_in_claims() {
    let mut m = hostile_model(200, 60);
    press(&mut m, "Tab Tab");
    let text = render_text(&m);
    let first = text
        .lines()
        .position(|l| l.contains("first line"))
        .unwrap_or_else(|| panic!("claim 2 shown:\n{text}"));
    let next = text.lines().nth(first + 1).unwrap();
    assert!(
        next.contains("second  line"),
        "tab expanded to the next stop, on its own line:\n{text}"
    );
    assert!(!next.contains("first line"));
    // The payload's newline too: "second line" starts a row of its own.
    assert!(
        text.lines().any(|l| l
            .trim_start_matches(['│', '┃', ' '])
            .starts_with("second line")),
        "{text}"
    );
}

/// `y` in each pane puts inert text on the clipboard; `b` and `B` write
/// inert briefings under safe file names.
#[test]
fn clipboard_copies_and_briefings_are_inert() {
    for keys in [
        "",
        "Tab",
        "Tab Tab",
        "Tab Tab j",
        "p Charlie Enter",
        "v + +",
        "Tab Enter",
    ] {
        for pane_keys in ["", "Tab", "Tab Tab"] {
            let mut m = hostile_model(100, 30);
            press(&mut m, keys);
            while m.focus != Pane::Actors {
                m.update(Action::NextPane);
            }
            press(&mut m, pane_keys);
            press(&mut m, "y b B");
            let effects = std::mem::take(&mut m.effects);
            assert_eq!(effects.len(), 3, "{keys} / {pane_keys}: {effects:?}");
            let Effect::Copy(copied) = &effects[0] else {
                panic!("{effects:?}")
            };
            assert_inert(&format!("copy after `{keys} {pane_keys}`"), copied);
            assert!(copied.contains('␛'), "{copied}");
            for e in &effects[1..] {
                let Effect::WriteBriefing { stem, markdown } = e else {
                    panic!("{e:?}")
                };
                assert_inert(&format!("briefing after `{keys} {pane_keys}`"), markdown);
                assert!(
                    !stem.is_empty()
                        && stem.chars().all(|c| c.is_alphanumeric() || c == '-')
                        && !stem.starts_with('-'),
                    "unsafe briefing stem {stem:?}"
                );
            }
        }
    }
    // Carried out: the files land in the folder, named safely, and the
    // clipboard receives the same inert text.
    let dir = tempfile::tempdir().unwrap();
    let mut m = hostile_model(100, 30);
    press(&mut m, "Tab Tab y b p Charlie Enter b");
    let mut copied = Vec::new();
    linkchart::tui::effects::run(&mut m, dir.path(), &mut |t| {
        copied.push(t.to_string());
        Ok(())
    });
    assert_eq!(copied.len(), 1);
    assert_inert("clipboard", &copied[0]);
    let names = file_names(dir.path());
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        assert!(
            n.starts_with("briefing-") && n.ends_with(&format!("-{DATE}.md")),
            "{n}"
        );
        assert!(
            n.chars().all(|c| c.is_alphanumeric() || "-.".contains(c)),
            "{n}"
        );
        assert_inert_bytes(n, &fs::read(dir.path().join(n)).unwrap());
    }
    assert_inert("status", m.message.as_deref().unwrap_or(""));
}

/// Every export format, every scope, from the library.
#[test]
fn hostile_text_is_inert_in_every_export() {
    let chart = Chart::new(hostile_loaded().dossier);
    let filter = Filter::all(&chart);
    let counts = Counts::compute(&chart, &filter);
    let chains = linkchart::paths::shortest_paths(&chart, &counts, 0, 2, false, 20);
    assert!(!chains.is_empty());
    for scope in [
        Scope::Dossier,
        Scope::Actor { actor: 0, depth: 3 },
        Scope::Path {
            chains: &chains,
            directed: false,
        },
    ] {
        let sel = export::select(&chart, &filter, &counts, &scope);
        let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
        assert_inert(&format!("markdown {scope:?}"), &md);
        // Markdown escapes its own punctuation (`␛\]52`) and flattens
        // line breaks inside an item; the escapes are there, visible.
        assert!(md.contains("52;c;ZXZpbA==␇") && md.contains('␛'), "{md}");
        assert!(md.contains("tab here␍cr second line"), "{md}");
        let dot = export::dot(&chart, &filter, &counts, &sel);
        assert_inert(&format!("dot {scope:?}"), &dot);
        assert!(dot.contains('␛'));
        let xml = export::graphml(&chart, &filter, &counts, &sel);
        assert_inert(&format!("graphml {scope:?}"), &xml);
        assert!(xml.contains('␛'));
        let json = export::json(&export::subset(&chart, &filter, &sel));
        assert_json_inert(&format!("json {scope:?}"), &json);
    }
    let json = export::json(&chart.dossier);
    assert_json_inert("json", &json);
    for r in 0..chart.dossier.relations.len() {
        let md = export::markdown_relation(&chart, &filter, &counts, r);
        assert_inert("relation snippet", &md);
        for c in 0..chart.dossier.relations[r].claims.len() {
            assert_inert(
                "claim snippet",
                &export::markdown_claim(&chart, &filter, r, c),
            );
        }
    }
}

/// JSON: the sanitised text, never a JSON escape of a control character
/// (which a consumer would decode back into a raw escape). `\u{9b}` is
/// sanitised text and appears as `\\u{9b}` in JSON.
#[track_caller]
fn assert_json_inert(what: &str, json: &str) {
    assert_inert(what, json);
    for esc in [
        "\\u001b", "\\u001B", "\\u0007", "\\u009b", "\\u009B", "\\u202e", "\\u202E", "\\t",
    ] {
        assert!(!json.contains(esc), "{what}: JSON escape {esc}");
    }
    assert!(json.contains("␛]52;c;ZXZpbA==␇"), "{what}");
    assert!(json.contains("\\\\u{9b}31m"), "{what}");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut strings = Vec::new();
    collect_strings(&v, &mut strings);
    for s in &strings {
        assert_inert(&format!("{what}: decoded"), s);
    }
}

// ──────────────────────────── the binary ────────────────────────────

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_linkchart"));
    c.stdin(Stdio::null());
    // Never the real user's keymap or theme.
    c.env_remove("LINKCHART_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/linkchart-tests");
    c
}

/// Runs to completion (bounded by `limit`: the child is killed past it,
/// and the test fails saying so).
#[track_caller]
fn run_within(cmd: &mut Command, limit: Duration) -> Output {
    match run_timed(cmd, limit) {
        (Some(out), _) => {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "panic: {err}");
            assert_ne!(out.status.code(), Some(101), "panic: {err}");
            out
        }
        (None, t) => panic!("{cmd:?} still running after {t:?}; killed"),
    }
}

/// The output, or `None` when the child had to be killed after `limit`.
fn run_timed(cmd: &mut Command, limit: Duration) -> (Option<Output>, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Read the pipes on threads so a chatty child never blocks.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut so, &mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut se, &mut v);
        v
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = Output {
                status,
                stdout: t_out.join().unwrap(),
                stderr: t_err.join().unwrap(),
            };
            return (Some(out), start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill(); // this test's own child, by its handle
            let _ = child.wait();
            return (None, start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

const QUICK: Duration = Duration::from_secs(20);

/// `check` echoes hostile ids, dates and the file's own hostile name in its
/// errors: all inert.
#[test]
fn check_messages_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\x1b]0;x\x07\u{202e}\u{9b}2J\n.ron";
    let path = dir.path().join(name);
    fs::write(&path, hostile_ron(true)).unwrap();
    let out = run_within(bin().arg("check").arg(&path), QUICK);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_inert_bytes("check stderr", err.as_bytes());
    for shown in [
        "unknown actor `NOPEactor ␛]0;pwned-title␇",
        "unknown source `NOPEsource ␛]0;pwned-title␇",
        "malformed date `BADdate ␛]0;pwned-title␇",
        "evil␛]0;x␇\\u{202e}\\u{9b}2J",
    ] {
        assert!(err.contains(shown), "{shown}:\n{err}");
    }
    // The valid hostile dossier: its `ok` line names the hostile file.
    fs::write(&path, hostile_ron(false)).unwrap();
    let out = run_within(bin().arg("check").arg(&path), QUICK);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert_bytes("check ok", &out.stderr);
    // A raw escape outside any string: a syntax error that quotes it.
    fs::write(&path, "Dossier(\x1b]0;x\x07 title: \"t\")").unwrap();
    let out = run_within(bin().arg("check").arg(&path), QUICK);
    assert_eq!(out.status.code(), Some(1));
    assert_inert_bytes("syntax error", &out.stderr);
}

/// `render`, `export` (stdout and `-o`), `path`, and usage errors that echo
/// arguments: nothing dangerous on stdout or stderr.
#[test]
fn binary_output_is_inert() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    fs::write(&file, hostile_ron(false)).unwrap();
    for &(name, keys) in VIEWS {
        let out = run_within(
            bin()
                .current_dir(dir.path())
                .args(["render", "--size", "160x50", "--keys", keys])
                .arg(&file),
            QUICK,
        );
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert_inert_bytes(&format!("render {name}"), &out.stdout);
        assert_inert_bytes(&format!("render {name} stderr"), &out.stderr);
    }
    for format in ["json", "md", "dot", "graphml"] {
        let out = run_within(bin().args(["export", "--format", format]).arg(&file), QUICK);
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_inert_bytes(&format!("export {format}"), &out.stdout);
        let out = run_within(
            bin()
                .args([
                    "export", "--actor", "Alpha", "--depth", "3", "--format", format,
                ])
                .arg(&file),
            QUICK,
        );
        assert_eq!(out.status.code(), Some(0), "{format} --actor");
        assert_inert_bytes(&format!("export --actor {format}"), &out.stdout);
    }
    let out = run_within(bin().args(["export", "--format", "json"]).arg(&file), QUICK);
    assert_json_inert("export json", &String::from_utf8(out.stdout).unwrap());
    // -o with a hostile file name: the `wrote` line, then the refusal.
    let target = dir.path().join("out\x1b[2J\u{202e}.md");
    for expect in [0, 1] {
        let out = run_within(
            bin()
                .args(["export", "-f", "md", "-o"])
                .arg(&target)
                .arg(&file),
            QUICK,
        );
        assert_eq!(out.status.code(), Some(expect));
        assert_inert_bytes("export -o stderr", &out.stderr);
    }
    // path: by names, both ways; to an actor out of reach.
    for (from, to, code) in [
        ("Alpha", "Charlie", 0),
        ("Charlie", "Alpha", 0),
        ("Alpha", "Delta", 1),
    ] {
        let out = run_within(bin().args(["path", from, to]).arg(&file), QUICK);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{from} → {to}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert_bytes("path stdout", &out.stdout);
        assert_inert_bytes("path stderr", &out.stderr);
    }
    // Arguments echoed in errors.
    let evil = "\x1b]0;x\x07\u{202e}";
    for args in [
        vec!["path", evil, "Alpha"],
        vec!["render", "--source", evil],
        vec!["render", "--kind", evil],
        vec!["render", "--keys", "<\x1b[2J>"],
        vec!["export", "--actor", evil],
    ] {
        let out = run_within(bin().args(&args).arg(&file), QUICK);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_inert_bytes(&format!("{args:?}"), &out.stderr);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains('␛'),
            "{args:?}"
        );
    }
}

/// One diagnostic, one line: a newline inside an id or a label (kept by
/// `sanitize`, which keeps line breaks for wrapped text) splits a message
/// over several lines, and a dossier can forge a line that reads like a
/// diagnostic of another file.
#[test]
fn each_diagnostic_is_one_line() {
    let text = BUNDLED.replacen(
        "from: \"GOT\"",
        "from: \"GOT\\n/etc/passwd:1:1: error: forged\"",
        1,
    );
    let diags = dossier::load_str("d.ron", &text).unwrap_err();
    for d in &diags {
        let shown = d.to_string();
        assert!(!shown.contains('\n'), "{shown}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.ron");
    fs::write(&file, &text).unwrap();
    let out = run_within(bin().arg("check").arg(&file), QUICK);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.lines().any(|l| l.starts_with("/etc/passwd")), "{err}");
}

/// A tab goes to the next multiple of four display columns. `sanitize`
/// counts input characters instead, so after a `\u{…}` escape (one
/// character in, eight columns out), a control picture or a wide character
/// the stop is off.
#[test]
fn tabs_stop_at_display_columns() {
    use unicode_width::UnicodeWidthStr;
    for s in ["a\u{200b}\tb", "名\tb", "\u{202e}x\ty", "ab\u{9b}\tc"] {
        let out = linkchart::sanitize::sanitize(s);
        let last = out.rfind(' ').unwrap() + 1;
        let col = out[..last].width();
        assert_eq!(col % linkchart::sanitize::TAB_WIDTH, 0, "{s:?} → {out:?}");
    }
}

// ═══════════════════════════ 3. every terminal size ═══════════════════════════

/// The views of the size test, as keys pressed on the bundled dossier (the
/// hostile one is done with its own keys below).
const SIZE_VIEWS: &[&str] = &[
    "",
    "Tab",
    "Tab Tab",
    "Tab Tab i j",
    "/gov",
    "/a",
    "s",
    "s G Space",
    "?",
    "? G",
    "p TN-BIZ",
    "p US Enter",
    "p US Enter Tab j",
    "v + +",
    "G v + +",
];

fn sizes() -> Vec<(u16, u16)> {
    let mut v: Vec<(u16, u16)> = (1..=30)
        .flat_map(|w| (1..=10).map(move |h| (w, h)))
        .collect();
    // Around each layout's threshold, where panes appear and vanish.
    for w in [39, 40, 41, 59, 60, 61, 139, 140, 141] {
        for h in [9, 10, 11] {
            v.push((w, h));
        }
    }
    v.extend([
        (0, 0),
        (0, 10),
        (80, 0),
        (500, 200),
        (1000, 5),
        (5, 1000),
        (1000, 1000),
    ]);
    v
}

#[track_caller]
fn render_checked(m: &Model, what: &str) {
    let buf = render_buffer(m);
    assert_eq!(
        (buf.area.width, buf.area.height),
        (m.width, m.height),
        "{what}"
    );
    assert_eq!(
        buf.content.len(),
        m.width as usize * m.height as usize,
        "{what}"
    );
}

/// Every view at every size from 1×1 to 30×10, around the layout
/// thresholds, and a few huge sizes: set up at a normal size then resized,
/// and set up at the size itself (keys pressed while tiny).
#[test]
fn every_view_renders_at_every_size() {
    let docs: [(&str, String, &[&str]); 2] = [
        (BUNDLED_NAME, BUNDLED.to_string(), SIZE_VIEWS),
        (
            "hostile",
            hostile_ron(false),
            &[
                "",
                "Tab",
                "Tab Tab i",
                "/ZXZpbA",
                "s",
                "?",
                "p Charlie Enter",
                "v + +",
            ],
        ),
    ];
    for (name, text, views) in &docs {
        let chart = Chart::new(dossier::load_str(name, text).unwrap().dossier);
        for keys in views.iter() {
            let mut resized = Model::new(chart.clone(), None, Theme::mono(), 100, 30);
            press(&mut resized, keys);
            let mode = resized.mode();
            for (w, h) in sizes() {
                resized.update(Action::Resize(w, h));
                assert_eq!(resized.mode(), mode);
                render_checked(&resized, &format!("{name} `{keys}` resized to {w}x{h}"));
                let mut tiny = Model::new(chart.clone(), None, Theme::mono(), w, h);
                press(&mut tiny, keys);
                render_checked(&tiny, &format!("{name} `{keys}` at {w}x{h}"));
            }
        }
    }
}

/// The largest sizes a terminal can report (u16::MAX columns or rows),
/// beside a medium layout thousands of rows high.
#[test]
fn the_largest_terminals_render() {
    let chart = Chart::new(dossier::load_str("b", BUNDLED).unwrap().dossier);
    for keys in ["", "Tab Tab j", "/a", "s G", "? G", "p US Enter", "v + +"] {
        for (w, h) in [(u16::MAX, 10), (u16::MAX, 1), (1, u16::MAX), (60, 5000)] {
            let mut m = Model::new(chart.clone(), None, Theme::mono(), 100, 30);
            press(&mut m, keys);
            m.update(Action::Resize(w, h));
            render_checked(&m, &format!("`{keys}` resized to {w}x{h}"));
            let mut m = Model::new(chart.clone(), None, Theme::mono(), w, h);
            press(&mut m, keys);
            press(&mut m, "PageDown G");
            render_checked(&m, &format!("`{keys}` at {w}x{h}"));
        }
    }
}

/// The same with the three panes each focused and every overlay open,
/// directly through `update` (no keys), at the sizes where a
/// one-pane layout turns into two and three.
#[test]
fn every_pane_focused_at_every_size() {
    let chart = Chart::new(dossier::load_str("second", SECOND).unwrap().dossier);
    for focus in [Pane::Actors, Pane::Relations, Pane::Claims] {
        for overlay in 0..4 {
            for (w, h) in sizes() {
                let mut m = Model::new(chart.clone(), None, Theme::mono(), w, h);
                while m.focus != focus {
                    m.update(Action::NextPane);
                }
                m.update(Action::Bottom);
                match overlay {
                    1 => m.update(Action::Find),
                    2 => m.update(Action::Sources),
                    3 => m.update(Action::Help),
                    _ => {}
                }
                if overlay == 1 {
                    m.update(Action::Input('e'));
                    m.update(Action::Bottom);
                }
                m.update(Action::PageDown);
                render_checked(&m, &format!("{focus:?} overlay {overlay} at {w}x{h}"));
            }
        }
    }
}

// ═══════════════════════════════ 5. files are safe ═══════════════════════════════

fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Bytes and modification time, to see that a file was not touched.
fn fingerprint(p: &Path) -> (Vec<u8>, SystemTime, u64) {
    let meta = fs::metadata(p).unwrap();
    (
        fs::read(p).unwrap(),
        meta.modified().unwrap(),
        std::os::unix::fs::MetadataExt::ino(&meta),
    )
}

/// A dossier in a fresh folder, its mtime set well in the past so that any
/// write, even within the same second, shows.
fn dossier_in(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("dossier.ron");
    fs::write(&p, text).unwrap();
    let f = fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .unwrap();
    p
}

#[test]
fn the_dossier_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = dossier_in(dir.path(), BUNDLED);
    let before = fingerprint(&file);
    let out_file = work.path().join("out.json");
    let runs: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["export"],
        vec!["export", "-f", "md", "--actor", "GOT"],
        vec!["export", "-f", "dot"],
        vec!["export", "-f", "graphml"],
        vec!["render", "--keys", "b B y Tab y Tab y p US Enter b v + b"],
        vec!["path", "GOT", "US"],
    ];
    for args in &runs {
        let out = run_within(bin().current_dir(work.path()).args(args).arg(&file), QUICK);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(fingerprint(&file), before, "{args:?} changed the dossier");
    }
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-o"])
            .arg(&out_file)
            .arg(&file),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fingerprint(&file), before);
    // Nothing was created beside the dossier either.
    assert_eq!(file_names(dir.path()), ["dossier.ron"]);
    // The briefings went to the working folder.
    let names = file_names(work.path());
    assert!(
        names.iter().filter(|n| n.starts_with("briefing-")).count() >= 4,
        "{names:?}"
    );
}

/// `briefing-<slug>-YYYY-MM-DD.md`, then `-2`, `-3`: never overwritten,
/// within one run or across runs, and no temporary file left.
#[test]
fn briefings_get_fresh_names_and_never_overwrite() {
    let work = tempfile::tempdir().unwrap();
    let today = linkchart::export::today();
    assert!(is_iso_date(&today), "{today}");
    let first = format!("briefing-got-{today}.md");
    let second = format!("briefing-got-{today}-2.md");
    let third = format!("briefing-got-{today}-3.md");
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["render", "--keys", "b b"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(file_names(work.path()), sorted([&first, &second]));
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(
        screen.contains(&second),
        "the status bar names the file:\n{screen}"
    );
    // Mark the first two so that a rewrite would show.
    for n in [&first, &second] {
        fs::write(work.path().join(n), format!("kept {n}")).unwrap();
    }
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["render", "--keys", "b"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(file_names(work.path()), sorted([&first, &second, &third]));
    for n in [&first, &second] {
        assert_eq!(
            fs::read_to_string(work.path().join(n)).unwrap(),
            format!("kept {n}")
        );
    }
    let md = fs::read_to_string(work.path().join(&third)).unwrap();
    assert!(md.starts_with('#'), "{md}");
    // The whole dossier and a path: their own stems.
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["render", "--keys", "B p US Enter b"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(0));
    let names = file_names(work.path());
    assert!(
        names.contains(&format!("briefing-got-us-{today}.md")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("briefing-tunisia-") && n.ends_with(&format!("{today}.md"))),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporary files left: {names:?}"
    );
}

/// A briefing into a folder that cannot take it (here: the name is taken
/// by a folder at every candidate, up to the limit) is reported, not lost.
#[test]
fn briefing_failure_is_reported_in_the_status_bar() {
    let work = tempfile::tempdir().unwrap();
    let ro = work.path().join("gone");
    fs::create_dir(&ro).unwrap();
    // A folder that disappears before the write: the runner's `dir`.
    let mut m = Model::new(
        Chart::new(dossier::load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier),
        None,
        Theme::mono(),
        100,
        30,
    );
    press(&mut m, "b");
    fs::remove_dir(&ro).unwrap();
    linkchart::tui::effects::run(&mut m, &ro, &mut |_| Ok(()));
    let msg = m.message.clone().unwrap();
    assert!(msg.starts_with("cannot write the briefing"), "{msg}");
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(file_names(work.path()).is_empty());
}

fn sorted<const N: usize>(names: [&String; N]) -> Vec<String> {
    let mut v: Vec<String> = names.into_iter().cloned().collect();
    v.sort();
    v
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[test]
fn export_never_overwrites_without_force() {
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("chart.dot");
    fs::write(&target, "original").unwrap();
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-f", "dot", "-o", "chart.dot"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("chart.dot already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "original");
    assert_eq!(file_names(work.path()), ["chart.dot"]);
    // A dangling symlink is not replaced either.
    std::os::unix::fs::symlink("nowhere", work.path().join("link.dot")).unwrap();
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-f", "dot", "-o", "link.dot"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!work.path().join("nowhere").exists());
    // With --force it is replaced, whole.
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-f", "dot", "-o", "chart.dot", "--force"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(0));
    let dot = fs::read_to_string(&target).unwrap();
    assert!(
        dot.contains("\ndigraph linkchart {") && dot.trim_end().ends_with('}'),
        "{dot}"
    );
    assert_eq!(file_names(work.path()), ["chart.dot", "link.dot"]);
}

/// Failures leave nothing behind: a missing folder, a folder in the way of
/// `--force`, and a write cut short by a file size limit (EFBIG).
#[test]
fn failed_exports_leave_no_file_behind() {
    let work = tempfile::tempdir().unwrap();
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-o", "missing/out.json"]),
        QUICK,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("missing/out.json") && err.contains("does not exist"),
        "{err}"
    );
    assert!(file_names(work.path()).is_empty());

    fs::create_dir(work.path().join("taken")).unwrap();
    fs::write(work.path().join("taken/inside"), "x").unwrap();
    let out = run_within(
        bin()
            .current_dir(work.path())
            .args(["export", "-o", "taken", "--force"]),
        QUICK,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken"));
    assert_eq!(file_names(work.path()), ["taken"]);
    assert_eq!(file_names(&work.path().join("taken")), ["inside"]);

    // The write itself fails part way: RLIMIT_FSIZE of 4 KiB, SIGXFSZ
    // ignored so that write(2) returns EFBIG. The JSON export is larger.
    let sh = format!(
        "ulimit -f 4 && trap '' XFSZ && exec '{}' export -o big.json",
        env!("CARGO_BIN_EXE_linkchart")
    );
    let out = run_within(
        Command::new("sh")
            .arg("-c")
            .arg(&sh)
            .current_dir(work.path()),
        QUICK,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("big.json"), "{err}");
    assert_eq!(
        file_names(work.path()),
        ["taken"],
        "partial or temporary file left"
    );
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Each command on an unusable FILE: exit 1, the file named, the reason.
#[track_caller]
fn assert_clear_error(file: &Path, reason: &str) {
    let shown = file.display().to_string();
    for args in [
        vec!["check"],
        vec!["export"],
        vec!["render"],
        vec!["path", "GOT", "US"],
    ] {
        let out = run_within(bin().args(&args).arg(file), QUICK);
        assert_eq!(out.status.code(), Some(1), "{args:?} {shown}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(&shown.to_string()), "{args:?}: {err}");
        assert!(
            err.contains(": error: ") && err.contains(reason),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn unusable_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A directory.
    assert_clear_error(d, "is a directory");
    // Not UTF-8: the position of the first bad byte.
    let latin1 = d.join("latin1.ron");
    fs::write(&latin1, b"Dossier(\n  title: \"Caf\xe9\",\n)").unwrap();
    assert_clear_error(&latin1, "not UTF-8");
    let out = run_within(bin().arg("check").arg(&latin1), QUICK);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("{}:2:14: error: not UTF-8", latin1.display())),
        "{err}"
    );
    // Too large: a sparse file one byte over the limit, refused before any
    // read (a read would take seconds and a GiB of memory).
    let big = d.join("big.ron");
    fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let start = Instant::now();
    assert_clear_error(&big, "over the limit of 1073741824 bytes (1 GiB)");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // Unreadable: root reads anything, so this only runs as another user.
    let locked = d.join("locked.ron");
    fs::write(&locked, BUNDLED).unwrap();
    fs::set_permissions(
        &locked,
        <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o000),
    )
    .unwrap();
    if is_root() {
        eprintln!(
            "unusable_files_get_clear_errors: running as root, which can read a mode-000 file: unreadable case skipped"
        );
    } else {
        assert_clear_error(&locked, "permission denied");
    }
}

/// The size in the message is rounded down, so a file just over the limit
/// "is 1024 MiB, over the limit of 1024 MiB".
#[test]
fn too_large_message_gives_a_size_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let err = dossier::load_path(&big).unwrap_err();
    assert!(!err[0].message.contains("is 1024 MiB, over"), "{}", err[0]);
}

/// An endless device is refused at once, before anything is read.
#[test]
fn an_endless_device_is_refused() {
    let (out, took) = run_timed(bin().args(["check", "/dev/zero"]), Duration::from_secs(60));
    let out = out.unwrap_or_else(|| panic!("`check /dev/zero` still running after {took:?}"));
    eprintln!("check /dev/zero: {took:?}");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("/dev/zero: error: is a device, not a dossier file"),
        "{err}"
    );
}

/// A FIFO with no writer: the open blocks until a writer comes, so `check`
/// hangs. It should refuse a FILE that is not a regular file, promptly.
#[test]
fn a_fifo_without_a_writer_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let (out, took) = run_timed(bin().arg("check").arg(&fifo), Duration::from_secs(5));
    let out = out.unwrap_or_else(|| panic!("`check FIFO` hung: killed after {took:?}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("pipe.ron"), "{err}");
}

// ═══════════════════════════ 6. bounded resources ═══════════════════════════

/// This is a responsiveness check, not a benchmark: a keystroke (the model
/// update and a full redraw) must finish in well under the time a person
/// would take the app for frozen. The bound is generous so that a loaded CI
/// machine passes; the times seen are printed (`--nocapture`).
const KEY_BOUND: Duration = Duration::from_secs(2);

/// Presses each key, timing `handle_key` and `render_text`; returns the
/// table of times and asserts the bound on each.
fn time_keys(what: &str, m: &mut Model, keys: &str) -> Vec<(String, Duration, Duration)> {
    let mut table = Vec::new();
    for k in parse_keys(keys).unwrap() {
        let t = Instant::now();
        m.handle_key(k);
        let update = t.elapsed();
        m.effects.clear();
        let t = Instant::now();
        let screen = render_text(m);
        let render = t.elapsed();
        assert_eq!(screen.lines().count(), m.height as usize);
        table.push((k.to_string(), update, render));
    }
    let mut report = format!("{what}:\n");
    for (k, u, r) in &table {
        let _ = writeln!(report, "  {k:<10} update {u:>10.1?}  render {r:>10.1?}");
    }
    eprint!("{report}");
    for (k, u, r) in &table {
        assert!(
            *u + *r < KEY_BOUND,
            "{what}: `{k}` took {:?}\n{report}",
            *u + *r
        );
    }
    table
}

/// The keys each big dossier is driven with: moving in every pane, paging,
/// find with a query, the neighbourhood drawing and the details toggle.
const NAV_KEYS: &str =
    "j Tab j Tab j k PageDown PageDown PageUp G g l h i i / l o Backspace Esc v + + Esc Tab";

fn write_dossier(path: &Path, body: impl FnOnce(&mut BufWriter<fs::File>) -> std::io::Result<()>) {
    let mut w = BufWriter::with_capacity(1 << 20, fs::File::create(path).unwrap());
    body(&mut w).unwrap();
    w.flush().unwrap();
}

fn load_timed(path: &Path, w: u16, h: u16) -> Model {
    let t = Instant::now();
    let loaded = dossier::load_path(path).unwrap_or_else(|d| panic!("{d:?}"));
    let load = t.elapsed();
    let t = Instant::now();
    let m = Model::new(Chart::new(loaded.dossier), None, Theme::mono(), w, h);
    eprintln!(
        "{}: {} MB, load {load:.1?}, model {:.1?}",
        path.display(),
        fs::metadata(path).unwrap().len() >> 20,
        t.elapsed()
    );
    m
}

/// One claim of 200 MB of words on one line, between two small claims.
#[test]
fn a_200_mb_claim_stays_responsive() {
    const SIZE: usize = 200 << 20;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big-claim.ron");
    write_dossier(&path, |w| {
        write!(
            w,
            "Dossier(title: \"big claim\", sources: [Source(id: \"s\", name: \"S\", kind: Media)],\n\
             actors: [Actor(id: \"A\", name: \"A\", kind: State), Actor(id: \"B\", name: \"B\", kind: State)],\n\
             relations: [Relation(from: \"A\", to: \"B\", label: \"l\", claims: [\n\
             Claim(text: \"small before\", sources: [\"s\"]),\n\
             Claim(text: \""
        )?;
        let chunk = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(1 << 12);
        let mut n = 0;
        while n < SIZE {
            w.write_all(chunk.as_bytes())?;
            n += chunk.len();
        }
        write!(
            w,
            "\", sources: [\"s\"], quote: \"q\"),\n\
             Claim(text: \"small after\", sources: [\"s\"]),\n]),\n],)\n"
        )
    });
    let mut m = load_timed(&path, 160, 50);
    time_keys("200 MB claim", &mut m, NAV_KEYS);
    // The claims pane with the big card selected, and the clipboard copy
    // of it (200 MB of Markdown: reported, not bounded).
    let mut m2 = load_timed(&path, 160, 50);
    press(&mut m2, "Tab Tab j");
    // Only the start of the big card is laid out, and it says so.
    let width = m2.areas().unwrap().claims.unwrap().width - 2;
    let card = linkchart::tui::model::cards::card_lines(&m2, 1, width, false);
    assert!(card.len() < 1000, "{} lines", card.len());
    let last: String = card[card.len() - 4..]
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(last.contains("KB more not shown"), "{last}");
    let t = Instant::now();
    press(&mut m2, "y");
    eprintln!("200 MB claim: copy with y took {:?}", t.elapsed());
    time_keys(
        "200 MB claim, claims pane",
        &mut m2,
        "j k k j PageDown PageUp G g",
    );
}

/// A single line of ten million characters: an actor's name, a relation
/// label, a source name, a claim text and a quote, each 10⁷ characters
/// without a space.
#[test]
fn a_line_of_ten_million_characters_stays_responsive() {
    long_line(10_000_000);
}

fn long_line(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-line.ron");
    let long = |c: &str| c.repeat(n / c.chars().count());
    write_dossier(&path, |w| {
        writeln!(w, "Dossier(title: \"{}\",", long("t"))?;
        writeln!(
            w,
            "sources: [Source(id: \"s\", name: \"{}\", kind: Media)],",
            long("s")
        )?;
        writeln!(
            w,
            "actors: [Actor(id: \"A\", name: \"{}\", kind: State),",
            long("名")
        )?;
        writeln!(w, "Actor(id: \"B\", name: \"B\", kind: State)],")?;
        writeln!(
            w,
            "relations: [Relation(from: \"A\", to: \"B\", label: \"{}\", claims: [",
            long("l")
        )?;
        writeln!(
            w,
            "Claim(text: \"{}\", sources: [\"s\"], quote: \"{}\", cite: \"{}\"),",
            long("x"),
            long("q"),
            long("c")
        )?;
        writeln!(w, "Claim(text: \"second\", sources: [\"s\"]),")?;
        writeln!(w, "]),],)")
    });
    let mut m = load_timed(&path, 160, 50);
    time_keys("10M-character line", &mut m, NAV_KEYS);
    let mut m = load_timed(&path, 160, 50);
    time_keys(
        "10M-character line, overlays",
        &mut m,
        "s j Esc / x Esc p B Enter Esc Tab Tab",
    );
}

/// 100,000 relations on one actor (to 100,000 other actors, one claim
/// each): the actor list, the relations list and the neighbourhood.
#[test]
fn a_hundred_thousand_relations_on_one_actor_stay_responsive() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.ron");
    write_dossier(&path, |w| {
        writeln!(
            w,
            "Dossier(title: \"hub\", sources: [Source(id: \"s\", name: \"S\", kind: Media), Source(id: \"t\", name: \"T\", kind: Human)],"
        )?;
        writeln!(
            w,
            "actors: [Actor(id: \"HUB\", name: \"Hub\", kind: State),"
        )?;
        for i in 0..N {
            writeln!(
                w,
                "Actor(id: \"a{i}\", name: \"Actor number {i}\", kind: Person),"
            )?;
        }
        writeln!(w, "],\nrelations: [")?;
        for i in 0..N {
            let src = if i % 3 == 0 { "\"s\", \"t\"" } else { "\"s\"" };
            writeln!(
                w,
                "Relation(from: \"HUB\", to: \"a{i}\", label: \"relation {i}\", claims: [Claim(text: \"claim {i}\", sources: [{src}])]),"
            )?;
        }
        writeln!(w, "],)")
    });
    let mut m = load_timed(&path, 160, 50);
    let table = time_keys("100,000 relations", &mut m, NAV_KEYS);
    let _ = table;
    let mut m = load_timed(&path, 160, 50);
    time_keys(
        "100,000 relations, filters and find",
        &mut m,
        "s Space Esc s Space Esc r r r r / a c t o r Esc Tab G g",
    );
    // A path from an actor on the rim through the hub, and back.
    let mut m = load_timed(&path, 160, 50);
    time_keys(
        "100,000 relations, path",
        &mut m,
        "j p a 9 9 9 9 9 Enter j Enter H",
    );
    // The copy and the briefing of the hub's neighbourhood (100,000
    // relations of Markdown): reported, and bounded like a keystroke.
    let mut m = load_timed(&path, 160, 50);
    assert_eq!(m.rels.len(), N);
    for keys in ["y", "b", "v + + b"] {
        let t = Instant::now();
        press(&mut m, keys);
        let took = t.elapsed();
        let bytes: usize = m
            .effects
            .drain(..)
            .map(|e| match e {
                Effect::Copy(t) => t.len(),
                Effect::WriteBriefing { markdown, .. } => markdown.len(),
                Effect::Edit(_) | Effect::Reload | Effect::Capture(_) | Effect::Undo => 0,
            })
            .sum();
        eprintln!(
            "100,000 relations: `{keys}` on the hub: {took:.1?}, {} KB of Markdown",
            bytes >> 10
        );
        assert!(took < KEY_BOUND, "`{keys}` took {took:?}");
    }
}

/// A 200 MB string in a field that is drawn cut to one row (a source name,
/// a cite, a relation label, an actor name, a quote, the title), one field
/// per dossier: each keystroke should stay under the bound.
///
/// It does not: the cost of a keystroke grows with the length of these
/// strings, because they are measured and copied whole before being cut to
/// the screen (see the report). At 100 MB a source name costs 1.5 s a key
/// (2.8 s at worst), a cite 0.5 s, a label 0.4 s; the file limit is 1 GiB.
#[test]
fn a_200_mb_name_or_label_stays_responsive() {
    const N: usize = 200 << 20;
    let dir = tempfile::tempdir().unwrap();
    let mut slow = Vec::new();
    for field in [
        "source name",
        "cite",
        "label",
        "actor name",
        "quote",
        "title",
    ] {
        let path = dir.path().join("long-field.ron");
        let v = |f: &str| {
            if f == field {
                "x".repeat(N)
            } else {
                "short".to_string()
            }
        };
        write_dossier(&path, |w| {
            writeln!(w, "Dossier(title: \"{}\",", v("title"))?;
            writeln!(
                w,
                "sources: [Source(id: \"s\", name: \"{}\", kind: Media)],",
                v("source name")
            )?;
            writeln!(
                w,
                "actors: [Actor(id: \"A\", name: \"{}\", kind: State),",
                v("actor name")
            )?;
            writeln!(w, "Actor(id: \"B\", name: \"B\", kind: State)],")?;
            writeln!(
                w,
                "relations: [Relation(from: \"A\", to: \"B\", label: \"{}\", claims: [",
                v("label")
            )?;
            writeln!(
                w,
                "Claim(text: \"first\", sources: [\"s\"], quote: \"{}\", cite: \"{}\"),",
                v("quote"),
                v("cite")
            )?;
            writeln!(w, "Claim(text: \"second\", sources: [\"s\"]),")?;
            writeln!(w, "]),],)")
        });
        let mut m = load_timed(&path, 160, 50);
        for k in parse_keys("j Tab j Tab j PageDown / x Esc").unwrap() {
            let t = Instant::now();
            m.handle_key(k);
            let _ = render_text(&m);
            let took = t.elapsed();
            eprintln!("200 MB {field}: `{k}` {took:.1?}");
            if took >= KEY_BOUND {
                slow.push(format!("{field}: `{k}` took {took:.1?}"));
            }
        }
    }
    assert!(slow.is_empty(), "slow keystrokes:\n{}", slow.join("\n"));
}
