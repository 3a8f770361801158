//! Watching a chart's files and reloading it when they change, in the
//! background: the explorer and `check --watch` both use it.
//!
//! Editors save in several ways: write to a temporary file and rename it over
//! the dossier (vim, VS Code, `sed -i`), truncate and rewrite it in place
//! (nano), several writes in a burst, or delete and re-create it. So each
//! file's *folder* is watched (a rename over the file replaces the inode a
//! watch on the file itself would follow), and events are kept when they name
//! a file of the chart, or, for a folder of the chart, any `*.ron` below it.
//!
//! The debounce is written here rather than taken from a debouncer crate:
//! those wake on a timer even when nothing happens, and an idle explorer must
//! use no CPU at all. Here the thread blocks on a channel until an event
//! comes, then waits for a quiet spell of [`DEBOUNCE`] (at most [`MAX_WAIT`]
//! from the first event) and reloads once.
//!
//! Long as one file: the watcher thread, the debounce and the partial reload share one state.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::chart::{assemble, expand, files_of, parse_chart_files};
use super::diag::Diagnostic;
use super::parse::parse_files;
use super::types::{Loaded, Parsed};

/// Quiet time after the last event before a reload.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// A steady stream of events still reloads this often.
pub const MAX_WAIT: Duration = Duration::from_millis(500);
/// A file missing at reload time gets this long to come back (an editor
/// that deletes and re-creates it) before it is reported gone.
pub const MISSING_GRACE: Duration = Duration::from_millis(150);

/// The outcome of one reload.
#[derive(Debug)]
pub struct Reload<T = Result<Loaded, Vec<Diagnostic>>> {
    /// The chart's files that changed (all of them for a reload by hand).
    pub changed: Vec<PathBuf>,
    pub result: T,
    /// When the first event of this reload arrived (or `R` was pressed).
    pub since: Instant,
    /// Set for a reload asked for by hand.
    pub manual: bool,
    /// `since`, on the wall clock (for tracing against outside clocks).
    pub at: std::time::SystemTime,
    /// How long the load itself took (after the debounce).
    pub work: Duration,
}

enum Trigger {
    /// Paths that changed; empty when the watcher lost track (reload all).
    Changed(Vec<PathBuf>),
    Manual,
}

/// The triggers gathered for one reload.
struct Batch {
    since: Instant,
    at: std::time::SystemTime,
    changed: BTreeSet<PathBuf>,
    manual: bool,
    everything: bool,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            since: Instant::now(),
            at: std::time::SystemTime::now(),
            changed: BTreeSet::new(),
            manual: false,
            everything: false,
        }
    }

    fn take(&mut self, t: Trigger) {
        match t {
            Trigger::Manual => self.manual = true,
            Trigger::Changed(p) if p.is_empty() => self.everything = true,
            Trigger::Changed(p) => self.changed.extend(p),
        }
    }
}

/// What to watch: the chart's files and folders, absolute.
#[derive(Debug, Clone)]
pub struct Targets {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Targets {
    pub fn new(paths: &[PathBuf]) -> Targets {
        let mut t = Targets {
            files: Vec::new(),
            folders: Vec::new(),
        };
        for p in paths {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            if abs.is_dir() {
                t.folders.push(abs);
            } else {
                t.files.push(abs);
            }
        }
        t
    }

    /// Whether an event on `path` concerns the chart.
    pub fn concerns(&self, path: &Path) -> bool {
        self.files.iter().any(|f| f == path)
            || self.folders.iter().any(|d| {
                path.strip_prefix(d).is_ok_and(|rest| {
                    let hidden = rest
                        .components()
                        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                    // A folder added or removed below may hold dossiers.
                    let dossier_or_folder = path.extension().is_none_or(|e| e == "ron");
                    !hidden && dossier_or_folder
                })
            })
    }

    /// The folders to give the watcher: each file's parent, each folder.
    fn watch_list(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut v: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for f in &self.files {
            let parent = f.parent().unwrap_or(Path::new("/")).to_path_buf();
            if !v.iter().any(|(p, _)| *p == parent) {
                v.push((parent, RecursiveMode::NonRecursive));
            }
        }
        for d in &self.folders {
            v.retain(|(p, _)| p != d);
            v.push((d.clone(), RecursiveMode::Recursive));
        }
        v
    }

    fn any_missing(&self) -> bool {
        self.files.iter().any(|f| !f.exists()) || self.folders.iter().any(|d| !d.exists())
    }
}

/// What the reload thread runs on each change.
pub trait Load: Send + 'static {
    type Output: Send + 'static;
    /// Loads again; `changed` holds the absolute paths that changed (every
    /// path of the chart for a reload by hand).
    fn load(&mut self, changed: &[PathBuf]) -> Self::Output;
    /// Work for the next reload, done after this one is handed over.
    fn between(&mut self) {}
}

impl<T: Send + 'static, F: FnMut(&[PathBuf]) -> T + Send + 'static> Load for F {
    type Output = T;
    fn load(&mut self, changed: &[PathBuf]) -> T {
        self(changed)
    }
}

/// Reloads a chart in a background thread, when its files change (if
/// watching) or when asked. Dropping it stops watching; the thread ends once
/// the watcher and every handle are gone.
pub struct Reloader {
    tx: mpsc::Sender<Trigger>,
    _watcher: Option<RecommendedWatcher>,
}

impl Reloader {
    /// Starts the reload thread for `paths`; `load` gets the changed files
    /// (absolute; every path of the chart for a reload by hand).
    /// With `watch`, the files are watched too; a watcher that cannot start
    /// is reported in the error and reloads by hand still work.
    pub fn spawn<L: Load>(
        paths: &[PathBuf],
        watch: bool,
        mut load: L,
        mut done: impl FnMut(Reload<L::Output>) + Send + 'static,
    ) -> (Reloader, Result<(), String>) {
        let (tx, rx) = mpsc::channel::<Trigger>();
        let targets = Targets::new(paths);
        let mut status = Ok(());
        let watcher = if watch {
            match start_watcher(&targets, tx.clone()) {
                Ok(w) => Some(w),
                Err(e) => {
                    status = Err(e);
                    None
                }
            }
        } else {
            None
        };
        let all: Vec<PathBuf> = paths
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect();
        thread::spawn(move || {
            load.between();
            // Blocks here, using no CPU, until something happens.
            while let Ok(first) = rx.recv() {
                let mut batch = Batch::new();
                batch.take(first);
                if !batch.manual {
                    // Wait for a quiet spell: a save is often several events.
                    loop {
                        let left = MAX_WAIT.saturating_sub(batch.since.elapsed());
                        match rx.recv_timeout(DEBOUNCE.min(left)) {
                            Ok(t) => batch.take(t),
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                        if left.is_zero() {
                            break;
                        }
                    }
                    if targets.any_missing() {
                        thread::sleep(MISSING_GRACE);
                        while let Ok(t) = rx.try_recv() {
                            batch.take(t);
                        }
                    }
                }
                let Batch {
                    since,
                    at,
                    changed,
                    manual,
                    everything,
                } = batch;
                let changed: Vec<PathBuf> = if manual || everything {
                    all.clone()
                } else {
                    changed.into_iter().collect()
                };
                let started = Instant::now();
                let result = load.load(&changed);
                let work = started.elapsed();
                done(Reload {
                    work,
                    changed,
                    result,
                    since,
                    manual,
                    at,
                });
                load.between();
            }
        });
        (
            Reloader {
                tx,
                _watcher: watcher,
            },
            status,
        )
    }

    /// Reloads every file now (the `R` key).
    pub fn reload_now(&self) {
        let _ = self.tx.send(Trigger::Manual);
    }
}

/// The dossiers among `changed`, for messages: `a.ron, b.ron`, `a.ron, b.ron
/// and 3 more`; `the chart` when none is named (an editor's temporary files
/// and folders are left out).
pub fn dossier_names(changed: &[PathBuf]) -> String {
    let names: Vec<String> = changed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    match names.len() {
        0 => "the chart".into(),
        1..=3 => names.join(", "),
        n => format!("{} and {} more", names[..2].join(", "), n - 2),
    }
}

/// A chart's files, kept parsed between reloads so that a reload parses
/// again only the files that changed (and files new to the chart). They
/// go through the parsed cache when one is in use: the files kept are
/// found there (the chart was just opened through it), and a file parsed
/// again is stored, so the next start finds it too.
pub struct ChartFiles {
    paths: Vec<PathBuf>,
    /// Each file's last parse, by absolute path.
    cache: HashMap<PathBuf, Parsed>,
    /// Copies of `cache` made ahead (see [`ChartFiles::prepare`]): the
    /// chart is assembled from owned files, and copying a large chart's
    /// files takes longer than parsing the one that changed.
    spare: HashMap<PathBuf, Parsed>,
}

impl ChartFiles {
    pub fn new(paths: &[PathBuf]) -> ChartFiles {
        ChartFiles {
            paths: paths.to_vec(),
            cache: HashMap::new(),
            spare: HashMap::new(),
        }
    }

    /// Gets the next reload ready: parses the chart's files if that was
    /// not done yet, and copies them, so that the reload need not. Only for
    /// a chart of several files: one file is read again whole anyway.
    pub fn prepare(&mut self) {
        if self.cache.is_empty() {
            let entries = expand(&self.paths);
            let files = files_of(&entries);
            if files.len() < 2 {
                return;
            }
            for (f, p) in files.iter().zip(parse_chart_files(&files)) {
                let abs = std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf());
                self.cache.insert(abs, p);
            }
        }
        for (k, v) in &self.cache {
            if !self.spare.contains_key(k) {
                self.spare.insert(k.clone(), v.clone());
            }
        }
    }

    /// Loads the chart again; `changed` holds absolute paths of files, or
    /// of folders whose every file is to be read again.
    pub fn load(&mut self, changed: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
        let entries = expand(&self.paths);
        let files: Vec<&Path> = files_of(&entries);
        if files.len() < 2 {
            // One file: read again whole, nothing kept between reloads.
            self.cache.clear();
            self.spare.clear();
            let parsed = parse_files(&files);
            return assemble(&self.paths, entries, parsed);
        }
        let abs: Vec<PathBuf> = files
            .iter()
            .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.to_path_buf()))
            .collect();
        let stale: Vec<usize> = (0..files.len())
            .filter(|&i| {
                !self.cache.contains_key(&abs[i]) || changed.iter().any(|c| abs[i].starts_with(c))
            })
            .collect();
        let parsed = parse_chart_files(&stale.iter().map(|&i| files[i]).collect::<Vec<_>>());
        for (&i, p) in stale.iter().zip(parsed) {
            self.spare.insert(abs[i].clone(), p.clone());
            self.cache.insert(abs[i].clone(), p);
        }
        // Files no longer in the chart are forgotten.
        self.cache.retain(|k, _| abs.contains(k));
        self.spare.retain(|k, _| abs.contains(k));
        let parsed: Vec<Parsed> = abs
            .iter()
            .map(|a| {
                self.spare
                    .remove(a)
                    .unwrap_or_else(|| self.cache[a].clone())
            })
            .collect();
        assemble(&self.paths, entries, parsed)
    }
}

fn start_watcher(
    targets: &Targets,
    tx: mpsc::Sender<Trigger>,
) -> Result<RecommendedWatcher, String> {
    let keep = targets.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let trigger = match res {
            // Opening and reading (our own loads among them) change nothing.
            Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => return,
            Ok(ev) if ev.need_rescan() => Trigger::Changed(Vec::new()),
            Ok(ev) => {
                let paths: Vec<PathBuf> =
                    ev.paths.into_iter().filter(|p| keep.concerns(p)).collect();
                if paths.is_empty() {
                    return;
                }
                Trigger::Changed(paths)
            }
            // The watcher lost track (queue overflow): reload everything.
            Err(_) => Trigger::Changed(Vec::new()),
        };
        let _ = tx.send(trigger);
    })
    .map_err(|e| format!("cannot watch the files: {e}"))?;
    for (dir, mode) in targets.watch_list() {
        watcher
            .watch(&dir, mode)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_that_concern_the_chart() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("reports");
        std::fs::create_dir(&folder).unwrap();
        let file = dir.path().join("a.ron");
        let t = Targets::new(&[file.clone(), folder.clone()]);
        assert!(t.concerns(&file));
        assert!(!t.concerns(&dir.path().join("a.ron~")));
        assert!(!t.concerns(&dir.path().join(".a.ron.swp")));
        assert!(!t.concerns(&dir.path().join("4913")));
        assert!(t.concerns(&folder.join("b.ron")));
        assert!(t.concerns(&folder.join("2024")));
        assert!(t.concerns(&folder.join("2024/c.ron")));
        assert!(!t.concerns(&folder.join("b.ron.swp")));
        assert!(!t.concerns(&folder.join(".git/index")));
        assert!(!t.concerns(&folder.join(".hidden/c.ron")));
        let list = t.watch_list();
        assert_eq!(
            list,
            vec![
                (dir.path().to_path_buf(), RecursiveMode::NonRecursive),
                (folder, RecursiveMode::Recursive)
            ]
        );
    }

    /// A reloader over `paths` whose loads report the changed files.
    fn reloader(paths: &[PathBuf]) -> (Reloader, mpsc::Receiver<Vec<PathBuf>>) {
        let (tx, rx) = mpsc::channel();
        let (r, status) = Reloader::spawn(
            paths,
            true,
            |_: &[PathBuf]| (),
            move |r: Reload<()>| {
                let _ = tx.send(r.changed);
            },
        );
        status.expect("watching starts");
        (r, rx)
    }

    fn next(rx: &mpsc::Receiver<Vec<PathBuf>>) -> Vec<PathBuf> {
        rx.recv_timeout(Duration::from_secs(5)).expect("a reload")
    }

    fn quiet(rx: &mpsc::Receiver<Vec<PathBuf>>) {
        if let Ok(c) = rx.recv_timeout(DEBOUNCE * 4) {
            panic!("an extra reload: {c:?}");
        }
    }

    #[test]
    fn each_save_style_is_one_reload_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = std::path::absolute(dir.path().join("a.ron")).unwrap();
        std::fs::write(&file, "one").unwrap();
        let (r, rx) = reloader(std::slice::from_ref(&file));
        // Renamed over (vim, VS Code, sed -i).
        std::fs::write(dir.path().join("a.ron.tmp"), "two").unwrap();
        std::fs::rename(dir.path().join("a.ron.tmp"), &file).unwrap();
        assert_eq!(next(&rx), std::slice::from_ref(&file));
        quiet(&rx);
        // A burst of writes in place (nano, a formatter): one reload.
        for n in 0..10 {
            std::fs::write(&file, format!("v{n}")).unwrap();
            thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(next(&rx), std::slice::from_ref(&file));
        quiet(&rx);
        // Our own reads are not changes.
        let _ = std::fs::read(&file).unwrap();
        quiet(&rx);
        // Another file in the folder is none of our business.
        std::fs::write(dir.path().join("other.ron"), "x").unwrap();
        quiet(&rx);
        // Deleted, then written again: a reload for each.
        std::fs::remove_file(&file).unwrap();
        assert_eq!(next(&rx), std::slice::from_ref(&file));
        std::fs::write(&file, "back").unwrap();
        assert_eq!(next(&rx), std::slice::from_ref(&file));
        // By hand: every file.
        r.reload_now();
        assert_eq!(next(&rx), [file]);
    }

    #[test]
    fn files_added_to_a_watched_folder_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let folder = std::path::absolute(dir.path()).unwrap();
        std::fs::write(folder.join("a.ron"), "one").unwrap();
        let (_r, rx) = reloader(std::slice::from_ref(&folder));
        std::fs::write(folder.join("b.ron"), "new").unwrap();
        assert!(next(&rx).contains(&folder.join("b.ron")));
        std::fs::create_dir(folder.join("2024")).unwrap();
        let _ = next(&rx);
        std::fs::write(folder.join("2024/c.ron"), "deeper").unwrap();
        assert!(next(&rx).contains(&folder.join("2024/c.ron")));
        std::fs::remove_file(folder.join("a.ron")).unwrap();
        assert!(next(&rx).contains(&folder.join("a.ron")));
        // Editors' leftovers are not dossiers.
        std::fs::write(folder.join(".b.ron.swp"), "x").unwrap();
        std::fs::write(folder.join("b.ron~"), "x").unwrap();
        quiet(&rx);
    }

    /// A copy of tests/data/chart in a fresh folder.
    fn chart_copy() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let folder = std::path::absolute(dir.path().join("chart")).unwrap();
        std::fs::create_dir(&folder).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/chart");
        for e in std::fs::read_dir(src).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), folder.join(e.file_name())).unwrap();
        }
        (dir, folder)
    }

    #[test]
    fn a_reload_parses_again_only_the_changed_files() {
        let (_dir, folder) = chart_copy();
        let mut files = ChartFiles::new(std::slice::from_ref(&folder));
        let first = files.load(&[]).expect("the chart loads");
        assert_eq!(first.provenance.file_count(), 4);
        // Spoil a file without saying so: the reload that names another
        // file does not read it again, so the chart still loads.
        let ledger = folder.join("02-ledger.ron");
        let good = std::fs::read_to_string(&ledger).unwrap();
        std::fs::write(&ledger, "not a dossier").unwrap();
        let coastal = folder.join("01-coastal.ron");
        let text = std::fs::read_to_string(&coastal).unwrap();
        std::fs::write(
            &coastal,
            text.replace("share intelligence", "SHARE intelligence"),
        )
        .unwrap();
        let again = files
            .load(std::slice::from_ref(&coastal))
            .expect("the chart loads");
        assert!(again.dossier.relations.iter().any(|r| {
            r.claims
                .iter()
                .any(|c| c.text.contains("SHARE intelligence"))
        }));
        assert_eq!(again.dossier.relations.len(), first.dossier.relations.len());
        // Named, it is read again, and its problem reported.
        let err = files.load(std::slice::from_ref(&ledger)).unwrap_err();
        assert!(
            err.iter().any(|d| d.file.ends_with("02-ledger.ron")),
            "{err:?}"
        );
        std::fs::write(&ledger, good).unwrap();
        // A file added to the folder is read though not named; one removed
        // is dropped.
        std::fs::write(
            folder.join("03-extra.ron"),
            "Dossier(relations: [Relation(from: \"GOT\", to: \"GOI\", label: \"extra\", \
             claims: [Claim(text: \"An extra claim.\", sources: [\"cm-tn\"])])])",
        )
        .unwrap();
        let more = files
            .load(std::slice::from_ref(&ledger))
            .expect("the chart loads");
        assert_eq!(more.provenance.file_count(), 5);
        std::fs::remove_file(folder.join("03-extra.ron")).unwrap();
        let back = files
            .load(&[folder.join("03-extra.ron")])
            .expect("the chart loads");
        assert_eq!(back.provenance.file_count(), 4);
        // By hand (the folder named): everything read again.
        let all = files
            .load(std::slice::from_ref(&folder))
            .expect("the chart loads");
        assert_eq!(all.dossier, back.dossier);
    }
}
