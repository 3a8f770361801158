//! The edit loop's commands: `linkchart new` writes a file to start from and
//! never replaces one; `check --watch` checks again on every save.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_linkchart");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn new_writes_a_template_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["new", "analysis.ron"]);
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("analysis.ron")).unwrap();
    assert_eq!(text, linkchart::dossier::TEMPLATE);
    // What the issue asks the template to hold, and the scales in comments.
    let d = linkchart::dossier::load_str("t", &text)
        .expect("the template loads")
        .dossier;
    assert_eq!(d.reports().len(), 1);
    assert_eq!(d.sources.len(), 2);
    assert_eq!(d.actors.len(), 2);
    assert_eq!(d.relations.len(), 1);
    assert_eq!(d.relations[0].claims.len(), 1);
    for scale in [
        "completely reliable",
        "confirmed by other",
        "RoughlyEvenChance",
    ] {
        assert!(text.contains(scale), "the comments explain `{scale}`");
    }
    let out = run(dir.path(), &["check", "analysis.ron"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ok: 2 actors, 1 relation, 1 claim"));

    // A second `new` to the same name fails and leaves the file alone.
    std::fs::write(dir.path().join("analysis.ron"), "my own work").unwrap();
    let out = run(dir.path(), &["new", "analysis.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    let out = run(dir.path(), &["new", "--bundled", "analysis.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("analysis.ron")).unwrap(),
        "my own work"
    );
}

#[test]
fn new_bundled_writes_the_bundled_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["new", "--bundled", "tunisia.ron"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tunisia.ron")).unwrap(),
        linkchart::dossier::BUNDLED
    );
    // Into a folder that does not exist: an error naming the file.
    let out = run(dir.path(), &["new", "no/such/dir/x.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create no/such/dir/x.ron"));
}

/// `check --watch` in the background, its stderr read on a thread.
struct Watching {
    child: Child,
    err: std::sync::mpsc::Receiver<String>,
    seen: String,
}

impl Watching {
    fn start(dir: &Path, file: &str) -> Watching {
        let mut child = Command::new(BIN)
            .args(["check", "--watch", file])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (tx, err) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0
                    || tx
                        .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                        .is_err()
                {
                    break;
                }
            }
        });
        Watching {
            child,
            err,
            seen: String::new(),
        }
    }

    /// Waits until `needle` has been printed `times` times in all.
    fn wait(&mut self, needle: &str, times: usize) {
        let start = Instant::now();
        while self.seen.matches(needle).count() < times {
            let left = Duration::from_secs(5).saturating_sub(start.elapsed());
            match self.err.recv_timeout(left) {
                Ok(s) => self.seen.push_str(&s),
                Err(_) => panic!("no `{needle}` (×{times}) in:\n{}", self.seen),
            }
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn check_watch_checks_again_on_every_save() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.ron");
    std::fs::write(&file, linkchart::dossier::BUNDLED).unwrap();
    let mut w = Watching::start(dir.path(), "t.ron");
    w.wait("t.ron: ok: 16 actors", 1);
    // A broken save (renamed over, as vim does): the problem with its place.
    let broken = linkchart::dossier::BUNDLED.replacen("kind: Human,", "kind: Humn,", 1);
    std::fs::write(dir.path().join("t.tmp"), &broken).unwrap();
    std::fs::rename(dir.path().join("t.tmp"), &file).unwrap();
    w.wait("t.ron:50:19: error: unknown value `Humn`", 1);
    w.wait("t.ron changed", 1);
    // Fixed in place, as nano does: ok again.
    std::fs::write(&file, linkchart::dossier::BUNDLED).unwrap();
    w.wait("t.ron: ok: 16 actors", 2);
    assert_eq!(w.child.try_wait().unwrap(), None, "still watching");
}

#[test]
fn nothing_linkchart_does_writes_to_the_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.ron");
    std::fs::write(&file, linkchart::dossier::BUNDLED).unwrap();
    let before = std::fs::read(&file).unwrap();
    // Every key of the edit loop and the ones that write files, headless.
    let keys = "e l e l e y b B R E / dubai Enter e s e Space a Esc p united Enter e R v + b q";
    let out = run(
        dir.path(),
        &["render", "--size", "100x30", "--keys", keys, "t.ron"],
    );
    assert!(out.status.success(), "{out:?}");
    for args in [
        &["check", "t.ron"][..],
        &["export", "--format", "md", "-o", "brief.md", "t.ron"],
        &["path", "TN-BIZ", "US", "t.ron"],
        &["new", "t.ron"],
        &["new", "--bundled", "t.ron"],
    ] {
        run(dir.path(), args);
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The briefings went beside it, under their own names.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("briefing-")),
        "{names:?}"
    );
}
