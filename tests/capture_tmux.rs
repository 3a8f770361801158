//! Capture in a real terminal: the explorer runs in tmux (80×24 and 100×30)
//! on a copy of the test chart (a folder of four files); the claim form is
//! typed with `send-keys -l` and its quote pasted with `paste-buffer -p`
//! (bracketed paste, a line break and an escape sequence in it). The files
//! are checked byte for byte after the save (one insertion into one file,
//! loading back exactly) and after `u` (every file as it was); the watcher's
//! reload shows the new claim selected. A relation to an actor found by a
//! fuzzy query goes the same way, into the file of its first source; the
//! line-editing keys work as a terminal sends them, and a cancelled form
//! writes nothing.
//!
//! Each test runs its own tmux server (`-L`, a socket of its own, no user
//! configuration), in a session named `capture`. Without tmux the tests say so
//! and pass, except under CI=true, where they fail (.ci/run installs it).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use linkchart::dossier::load_paths;
use linkchart::graph::Chart;

mod common;

const SESSION: &str = "capture";
/// How long to wait for a screen or a file, on a busy machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// Typed into the claim's text: quotes, a backslash, `$` and Arabic.
const TEXT: &str = "They met \"quietly\" in C:\\Tunis, for $5m — التقى الوفدان";
/// Pasted into the quote: a line break, a tab, a right-to-left mark and an
/// escape sequence.
const PASTED: &str = "\u{200f}« نص » \"verbatim\"\nsecond\tline \\ $x\u{1b}[31m";
/// What the quote holds after the paste: breaks and tabs as spaces, the
/// mark and the escape left out (the `[31m` after it is plain text).
const QUOTE: &str = "« نص » \"verbatim\" second line \\ $x[31m";

/// False (with a note on stderr) when tmux is missing, outside CI.
fn tmux_present() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is missing under CI: .ci/run installs it"
        );
        eprintln!("skipped: tmux is missing (apt-get install tmux)");
    }
    ok
}

/// The explorer in a tmux server of its own, on a copy of the test chart.
struct Term {
    socket: String,
    dir: tempfile::TempDir,
    folder: PathBuf,
}

impl Term {
    fn open(cols: u16, rows: u16) -> Term {
        let dir = tempfile::tempdir().unwrap();
        let folder = common::copy_chart(dir.path());
        // A server of its own for each terminal, even two of one size.
        static OPENED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("capture-{}-{n}-{cols}x{rows}", std::process::id());
        let t = Term {
            socket,
            dir,
            folder,
        };
        // The server inherits this environment, and the explorer the
        // server's: no user keymap or theme, the mono theme (so that the
        // selection is marked with a character, not only reversed).
        let out = Command::new("tmux")
            .args(["-L", &t.socket, "-f", "/dev/null", "new-session", "-d"])
            .args([
                "-s",
                SESSION,
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
            ])
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_linkchart"))
            .arg(&t.folder)
            .env_remove("LINKCHART_CONFIG")
            .env_remove("TMUX")
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", "/nonexistent/linkchart-tests")
            .env("XDG_CACHE_HOME", t.dir.path().join("cache"))
            .current_dir(t.dir.path())
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t.wait_screen("the first frame", |s| s.contains("Actors"));
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        out
    }

    /// Keys by tmux's names (`Tab`, `C-s`, `l`), one argument each.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Text typed literally, character by character.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", SESSION, "-l", "--", text]);
    }

    /// `text` pasted as a terminal pastes it: in bracketed-paste markers,
    /// since the explorer asks for them (`-p`), line feeds sent as returns.
    fn paste(&self, text: &str) {
        let file = self.dir.path().join("paste.txt");
        fs::write(&file, text).unwrap();
        self.tmux(&["load-buffer", "-b", "capture", file.to_str().unwrap()]);
        self.tmux(&["paste-buffer", "-p", "-d", "-b", "capture", "-t", SESSION]);
    }

    fn screen(&self) -> String {
        String::from_utf8(self.tmux(&["capture-pane", "-p", "-t", SESSION]).stdout).unwrap()
    }

    /// The screen with its attributes, as SGR escape sequences.
    fn styled_screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-e", "-t", SESSION]);
        String::from_utf8(out.stdout).unwrap()
    }

    fn wait_screen(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no {what} after {PATIENCE:?}; the screen:\n{s}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every file of the chart's folder and its bytes.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        common::files(&self.folder)
    }

    fn wait_files(&self, what: &str, pred: impl Fn(&[(String, Vec<u8>)]) -> bool) {
        let start = Instant::now();
        while !pred(&self.files()) {
            assert!(
                start.elapsed() < PATIENCE,
                "{what}: not so after {PATIENCE:?}; the screen:\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for a save into `file` (written beside it, then renamed over
    /// it), and checks that it is one insertion holding one `item`, with
    /// every other file as `before`.
    fn wait_one_insertion(&self, before: &[(String, Vec<u8>)], file: &str, item: &str) {
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        self.wait_files(&format!("{file} written"), |f| {
            names(f) == names(before) && f != before
        });
        for ((name, a), (_, b)) in before.iter().zip(&self.files()) {
            if name == file {
                let added = common::inserted(a, b);
                assert_eq!(added.matches(item).count(), 1, "{added}");
            } else {
                assert_eq!(a, b, "{name} changed");
            }
        }
    }

    /// The chart as its files are now.
    fn chart(&self) -> Chart {
        Chart::from_loaded(load_paths(std::slice::from_ref(&self.folder)).unwrap())
    }

    fn running(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", SESSION])
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// In a line of `capture-pane -e`: where `needle` starts in the text shown,
/// if it is there and starts reversed, the reversed text from there on.
fn reversed_run(line: &str, needle: &str) -> Option<String> {
    // The line as runs of text, each with whether it is shown reversed.
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut reversed = false;
    let mut rest = line;
    while !rest.is_empty() {
        let plain = rest.find('\u{1b}').unwrap_or(rest.len());
        runs.push((rest[..plain].to_string(), reversed));
        rest = &rest[plain..];
        if rest.is_empty() {
            break;
        }
        // ESC [ params m; anything else ends the line's reading.
        let end = rest.find('m')?;
        for p in rest.get(2..end)?.split(';') {
            match p {
                "7" => reversed = true,
                "" | "0" | "27" => reversed = false,
                _ => {}
            }
        }
        rest = &rest[end + 1..];
    }
    let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let at = text.find(needle)?;
    let mut start = 0;
    for (t, rev) in &runs {
        let end = start + t.len();
        if (start..end).contains(&at) {
            return rev.then(|| t[at - start..].to_string());
        }
        start = end;
    }
    None
}

/// The claim typed and pasted, saved, checked in the files and on screen,
/// then undone.
fn claim_typed_pasted_saved_and_undone(cols: u16, rows: u16) {
    if !tmux_present() {
        return;
    }
    let t = Term::open(cols, rows);
    let before = t.files();

    // GOT's first relation, GOT → GOI, declared in three of the files.
    t.keys(&["l", "a"]);
    t.wait_screen("the claim form", |s| {
        s.contains("Add a claim") && s.contains("writes to 01-coastal.ron")
    });
    t.type_text(TEXT);
    t.keys(&["Tab"]);
    t.type_text("ledger");
    t.wait_screen("the source found", |s| s.contains("ledger-il"));
    t.keys(&["Enter", "Tab"]);
    t.type_text("2");
    t.keys(&["Tab"]);
    t.type_text("L");
    t.keys(&["Tab"]);
    t.paste(PASTED);
    // (The note is cut at 80 columns; the file shows what was left out.)
    t.wait_screen("the paste's note", |s| {
        s.contains("pasted: 2 line breaks or tabs became spaces")
    });
    t.keys(&["Tab"]);
    t.type_text("¶4");
    t.keys(&["Tab"]);
    t.type_text("2024-10");
    // The first source, ledger-il, is declared in 02-ledger.ron.
    t.wait_screen("the date typed", |s| {
        s.contains("2024-10") && s.contains("writes to 02-ledger.ron")
    });
    assert_eq!(t.files(), before, "written before Ctrl-s");
    t.keys(&["C-s"]);

    // One insertion into 02-ledger.ron, nothing else.
    t.wait_one_insertion(&before, "02-ledger.ron", "Claim(");
    // It loads back exactly as typed and pasted.
    let chart = t.chart();
    let claim = chart
        .dossier
        .relations
        .iter()
        .flat_map(|r| &r.claims)
        .find(|c| c.text == TEXT)
        .expect("the new claim loads, its text exact");
    assert_eq!(claim.quote.as_deref(), Some(QUOTE));
    assert_eq!(claim.sources, ["ledger-il"]);
    assert_eq!(claim.credibility, Some(2));
    assert_eq!(claim.cite.as_deref(), Some("¶4"));
    assert_eq!(claim.date.as_deref(), Some("2024-10"));

    // The watcher reloads; the claims pane shows the new claim, selected
    // (its number reversed: the third of the relation's claims in file
    // order), and no other.
    let screen = t.wait_screen("the reload", |s| s.contains("+1 claim · u undoes"));
    let styled = t.styled_screen();
    let selected: Vec<String> = styled
        .lines()
        .filter_map(|l| reversed_run(l, " 3. They met \"quietly\""))
        .collect();
    assert_eq!(selected, [" 3. "], "{screen}");
    assert!(
        styled.lines().all(|l| ["1.", "2."]
            .iter()
            .all(|n| reversed_run(l, &format!(" {n} ")).is_none())),
        "another claim is selected:\n{screen}"
    );

    // u: every file as it was, byte for byte.
    t.keys(&["u"]);
    t.wait_files("the files as before after u", |f| f == before.as_slice());
    t.wait_screen("the reload after u", |s| s.contains("1 claim removed"));
    t.keys(&["u"]);
    t.wait_screen("nothing more to undo", |s| s.contains("nothing to undo"));
    assert_eq!(t.files(), before);

    t.keys(&["q"]);
    let start = Instant::now();
    while t.running() {
        assert!(start.elapsed() < PATIENCE, "q did not quit");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_claim_typed_and_pasted_in_tmux_at_80_by_24() {
    claim_typed_pasted_saved_and_undone(80, 24);
}

#[test]
fn a_claim_typed_and_pasted_in_tmux_at_100_by_30() {
    claim_typed_pasted_saved_and_undone(100, 30);
}

/// A relation from the selected actor to one found by a fuzzy query, its
/// label and first claim typed, at 100×30: it goes into the file of its
/// first source, byte for byte the old file plus the relation, and `u`
/// takes it back.
#[test]
fn a_relation_to_an_actor_found_fuzzily_in_tmux() {
    if !tmux_present() {
        return;
    }
    let t = Term::open(100, 30);
    let before = t.files();
    // From GOT, the first actor.
    t.keys(&["n"]);
    t.wait_screen("the relation form", |s| s.contains("Add a relation"));
    t.type_text("emirat");
    t.wait_screen("the actor found", |s| s.contains("› UAE"));
    t.keys(&["Enter", "Tab"]);
    t.type_text("trade talks");
    t.keys(&["Tab"]);
    t.type_text("Trade talks resumed in Abu Dhabi.");
    t.keys(&["Tab"]);
    t.type_text("desk");
    t.wait_screen("the source found", |s| s.contains("› desk"));
    t.keys(&["Enter"]);
    t.wait_screen("the file of its source", |s| {
        s.contains("writes to analysis.ron")
    });
    t.keys(&["C-s"]);

    t.wait_one_insertion(&before, "analysis.ron", "Relation(");
    let chart = t.chart();
    let rel = chart
        .dossier
        .relations
        .iter()
        .find(|r| r.label == "trade talks")
        .expect("the new relation loads");
    assert_eq!((rel.from.as_str(), rel.to.as_str()), ("GOT", "UAE"));
    assert_eq!(rel.claims.len(), 1);
    assert_eq!(rel.claims[0].text, "Trade talks resumed in Abu Dhabi.");
    assert_eq!(rel.claims[0].sources, ["desk"]);
    t.wait_screen("the reload", |s| s.contains("u undoes"));

    t.keys(&["u"]);
    t.wait_files("the files as before after u", |f| f == before.as_slice());
}

/// The line-editing keys as a terminal sends them (tmux's Home, End,
/// C-Left, M-b, C-w), then Esc twice: the form asks first, since something
/// was typed, and nothing is written.
#[test]
fn line_editing_keys_and_a_cancel_in_tmux() {
    if !tmux_present() {
        return;
    }
    let t = Term::open(80, 24);
    let before = t.files();
    t.keys(&["l", "a"]);
    t.wait_screen("the claim form", |s| s.contains("Add a claim"));
    t.type_text("one two three");
    t.keys(&["C-w", "Home"]);
    t.type_text(">");
    t.keys(&["End"]);
    t.type_text("four");
    t.wait_screen("the edited line", |s| s.contains("text │ >one two four"));
    t.keys(&["M-b", "M-b", "C-k", "C-Left"]);
    t.type_text("<");
    t.wait_screen("the line cut and a word back", |s| {
        s.contains("text │ ><one")
    });
    t.keys(&["Escape"]);
    t.wait_screen("the question", |s| s.contains("Esc again discards"));
    t.keys(&["Escape"]);
    t.wait_screen("the form closed", |s| s.contains("nothing was written"));
    assert_eq!(t.files(), before);
}
