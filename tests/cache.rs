//! The parsed cache, from outside: the binary run with its cache folder in
//! a temporary directory (`XDG_CACHE_HOME`). A hit is seen in the entry it
//! reads (a read marks the entry used: its mtime moves to now), and every
//! load, hit or not, must print what a load without the cache prints.

mod common;
mod gitrepo;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{run_env, stderr, stdout};
use linkchart::dossier::BUNDLED;

/// A temporary cache folder (`XDG_CACHE_HOME`) and data folder.
struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn xdg(&self) -> PathBuf {
        self.tmp.path().join("xdg")
    }

    /// Where the cache is: `$XDG_CACHE_HOME/linkchart`.
    fn cache(&self) -> PathBuf {
        self.xdg().join("linkchart")
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.tmp.path().join("data").join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }

    fn run(&self, args: &[&OsStr]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&OsStr], more: &[(&str, &OsStr)]) -> Output {
        let xdg = self.xdg();
        let mut env = vec![("XDG_CACHE_HOME", xdg.as_os_str())];
        env.extend_from_slice(more);
        run_env(args, &env)
    }

    fn check(&self, files: &[&Path]) -> Output {
        let mut args: Vec<&OsStr> = vec![OsStr::new("check")];
        args.extend(files.iter().map(|f| f.as_os_str()));
        self.run(&args)
    }

    /// The cache's entries of one kind (`c`, `f` or `s`), by name.
    fn entries(&self, kind: char) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(self.cache())
            .map(|l| {
                l.flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        let n = p.file_name().unwrap().to_string_lossy().into_owned();
                        n.starts_with(&format!("{kind}-"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The one chart entry there is.
    fn chart_entry(&self) -> PathBuf {
        let c = self.entries('c');
        assert_eq!(c.len(), 1, "one chart entry: {c:?}");
        c[0].clone()
    }
}

fn set_mtime(path: &Path, t: SystemTime) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

/// Marks `entry` as used long ago, so that a read of it shows.
fn age(entry: &Path) {
    set_mtime(entry, UNIX_EPOCH + Duration::from_secs(1_000_000));
}

fn was_read(entry: &Path) -> bool {
    let m = fs::metadata(entry).unwrap().modified().unwrap();
    m > UNIX_EPOCH + Duration::from_secs(2_000_000)
}

/// The bundled dossier with an actor in no relation: one warning.
fn with_warning() -> String {
    BUNDLED.replacen(
        "actors: [",
        "actors: [\n        Actor(id: \"LONELY\", name: \"Nobody at all\", kind: Person),",
        1,
    )
}

/// Files the cache trusts by their stat must be older than that: it hashes
/// again a file hashed within two seconds of its last change.
fn settle() {
    std::thread::sleep(Duration::from_millis(2200));
}

#[test]
fn an_unchanged_chart_is_read_from_the_cache_with_the_same_warnings() {
    let env = Env::new();
    let f = env.file("w.ron", &with_warning());
    settle();
    let first = env.check(&[&f]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("Nobody at all has no relations"));
    let entry = env.chart_entry();
    assert_eq!(env.entries('s').len(), 1, "the file's hash is recorded");
    assert!(
        env.entries('f').is_empty(),
        "one file: the chart entry is enough"
    );
    age(&entry);
    let second = env.check(&[&f]);
    assert!(was_read(&entry), "the second check read the chart entry");
    assert_eq!(stderr(&second), stderr(&first));
    assert_eq!(second.status.code(), first.status.code());
    // The same file as a path written otherwise is another chart (names
    // in messages are the paths as given), loaded rightly too.
    let other = env.tmp.path().join("data/../data/w.ron");
    let third = env.check(&[&other]);
    assert!(
        stderr(&third).contains("data/../data/w.ron:"),
        "{}",
        stderr(&third)
    );
    assert_eq!(env.entries('c').len(), 2);
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_seen() {
    let env = Env::new();
    let f = env.file("d.ron", BUNDLED);
    settle();
    assert!(env.check(&[&f]).status.success());
    let mtime = fs::metadata(&f).unwrap().modified().unwrap();
    // Same size, same mtime, another actor: as `touch -d` after an edit,
    // or a checkout, leaves it.
    let edited = BUNDLED.replacen("from: \"TN-PUB\"", "from: \"TN-PUQ\"", 1);
    assert_eq!(edited.len(), BUNDLED.len());
    fs::write(&f, &edited).unwrap();
    set_mtime(&f, mtime);
    assert_eq!(fs::metadata(&f).unwrap().modified().unwrap(), mtime);
    let out = env.check(&[&f]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown actor `TN-PUQ`"),
        "{}",
        stderr(&out)
    );
    // And back: the first version is found again in the cache.
    let entry = env.chart_entry();
    age(&entry);
    fs::write(&f, BUNDLED).unwrap();
    assert!(env.check(&[&f]).status.success());
    assert!(was_read(&entry));
}

#[test]
fn a_touched_file_is_hashed_again_and_still_a_hit() {
    let env = Env::new();
    let f = env.file("d.ron", BUNDLED);
    settle();
    assert!(env.check(&[&f]).status.success());
    let entry = env.chart_entry();
    age(&entry);
    // A new mtime and ctime, the same bytes.
    set_mtime(&f, SystemTime::now());
    assert!(env.check(&[&f]).status.success());
    assert!(was_read(&entry), "same content: the chart entry serves");
}

#[test]
fn corrupt_truncated_and_foreign_entries_are_ignored_and_replaced() {
    let env = Env::new();
    let f = env.file("w.ron", &with_warning());
    let g = env.file("second.ron", include_str!("data/second.ron"));
    let first = env.check(&[&f]);
    let entry = env.chart_entry();
    let good = fs::read(&entry).unwrap();
    assert!(env.check(&[&g]).status.success());
    let foreign = env.entries('c').into_iter().find(|e| *e != entry).unwrap();
    let foreign = fs::read(foreign).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    let mut bad_header = good.clone();
    bad_header[2] ^= 1;
    // A header that checks out (magic, version, kind, key, size, checksum)
    // over a payload that is no chart: what another build's encoder might
    // have written.
    let mut forged = good[..45].to_vec();
    let junk = b"no chart at all, but its checksum is right".repeat(3);
    forged[29..37].copy_from_slice(&(junk.len() as u64).to_le_bytes());
    forged[37..45].copy_from_slice(&xxhash_rust::xxh3::xxh3_64(&junk).to_le_bytes());
    forged.extend_from_slice(&junk);
    let cases: [(&str, Vec<u8>, &str); 7] = [
        (
            "a sound header over a payload that is no chart",
            forged,
            "does not decode",
        ),
        ("a flipped bit in the payload", flipped, "corrupt"),
        ("truncated", good[..good.len() - 100].to_vec(), "truncated"),
        ("only a header's worth", good[..40].to_vec(), "truncated"),
        ("empty", Vec::new(), "truncated"),
        ("a wrong magic", bad_header, "foreign"),
        ("another chart's entry", foreign, "foreign"),
    ];
    let name = entry.file_name().unwrap().to_string_lossy().into_owned();
    for (what, bytes, why) in cases {
        fs::write(&entry, &bytes).unwrap();
        let out = env.check(&[&f]);
        assert!(out.status.success(), "{what}");
        // One note that says which entry and what was wrong, then exactly
        // what the load without the cache prints.
        let err = stderr(&out);
        let (note, rest) = err.split_once('\n').unwrap();
        assert_eq!(rest, stderr(&first), "{what}");
        assert!(
            note.starts_with(&format!(
                "linkchart: note: the parsed cache's entry {name} was "
            )) && note.contains(why)
                && note.contains("ignored and removed"),
            "{what}: {note}"
        );
        assert_eq!(fs::read(&entry).unwrap(), good, "{what}: written anew");
        // Written anew, it serves again, with no note.
        age(&entry);
        let again = env.check(&[&f]);
        assert_eq!(stderr(&again), stderr(&first), "{what}");
        assert!(was_read(&entry), "{what}");
    }
    // An entry of another version of the cache's layout (what an upgrade
    // leaves behind) is replaced without a note.
    let mut older = good.clone();
    let version = linkchart::dossier::cache::FORMAT_VERSION + 1;
    older[8..12].copy_from_slice(&version.to_le_bytes());
    assert_ne!(older, good);
    fs::write(&entry, &older).unwrap();
    let out = env.check(&[&f]);
    assert_eq!(stderr(&out), stderr(&first), "another version");
    assert_eq!(
        fs::read(&entry).unwrap(),
        good,
        "another version: written anew"
    );
}

#[test]
fn a_folder_chart_parses_again_only_the_file_that_changed() {
    let env = Env::new();
    let dir = env.tmp.path().join("data/chart");
    for name in ["00-actors.ron", "01-coastal.ron", "02-ledger.ron"] {
        let text = fs::read_to_string(Path::new("tests/data/chart").join(name)).unwrap();
        env.file(&format!("chart/{name}"), &text);
    }
    settle();
    let first = env.check(&[&dir]);
    assert!(first.status.success(), "{}", stderr(&first));
    let files = env.entries('f');
    assert_eq!(files.len(), 3, "one entry a file");
    // One file changes: the chart entry no longer fits, the other two
    // files come from their entries, the changed one is parsed.
    let ledger = dir.join("02-ledger.ron");
    let text = fs::read_to_string(&ledger).unwrap();
    fs::write(&ledger, format!("{text}\n// a note\n")).unwrap();
    files.iter().for_each(|f| age(f));
    let second = env.check(&[&dir]);
    assert_eq!(stderr(&second), stderr(&first));
    let read: Vec<bool> = files.iter().map(|f| was_read(f)).collect();
    assert_eq!(read.iter().filter(|&&r| r).count(), 2, "{read:?}");
    assert_eq!(env.entries('f').len(), 4, "the changed file's new entry");
    assert_eq!(env.entries('c').len(), 2);
}

#[test]
fn the_explorer_s_reloader_keeps_its_files_through_the_cache() {
    use linkchart::dossier::cache::{Cache, use_for_this_process};
    use linkchart::dossier::watch::ChartFiles;
    // The only test here that loads in process (entries are keyed to the
    // executable, so this one fills and reads its own).
    let env = Env::new();
    let dir = env.tmp.path().join("data/chart");
    for name in ["00-actors.ron", "01-coastal.ron", "02-ledger.ron"] {
        let text = fs::read_to_string(Path::new("tests/data/chart").join(name)).unwrap();
        env.file(&format!("chart/{name}"), &text);
    }
    use_for_this_process(Cache::new(env.cache(), 1 << 30));
    // The first reloader parses its files and stores each.
    ChartFiles::new(std::slice::from_ref(&dir)).prepare();
    let files = env.entries('f');
    assert_eq!(files.len(), 3, "one entry a file");
    files.iter().for_each(|f| age(f));
    // The next (the explorer opened again) finds every file there.
    let mut chart = ChartFiles::new(std::slice::from_ref(&dir));
    chart.prepare();
    assert!(
        files.iter().all(|f| was_read(f)),
        "every file from its entry"
    );
    // A file changes: it alone is parsed, and stored for the next start.
    files.iter().for_each(|f| age(f));
    let ledger = dir.join("02-ledger.ron");
    let text = fs::read_to_string(&ledger).unwrap();
    fs::write(&ledger, format!("{text}\n// a note\n")).unwrap();
    let loaded = chart
        .load(&[std::path::absolute(&ledger).unwrap()])
        .ok()
        .unwrap();
    assert_eq!(loaded.provenance.files.len(), 3);
    assert!(files.iter().all(|f| !was_read(f)), "nothing else read");
    assert_eq!(env.entries('f').len(), 4, "the changed file's new entry");
}

#[test]
fn problems_are_never_cached() {
    let env = Env::new();
    let broken = BUNDLED.replacen("from: \"TN-PUB\"", "from: \"TN-PUQ\"", 1);
    let f = env.file("bad.ron", &broken);
    let first = env.check(&[&f]);
    assert_eq!(first.status.code(), Some(1));
    let second = env.check(&[&f]);
    assert_eq!(stderr(&second), stderr(&first));
    assert!(
        env.entries('c').is_empty(),
        "a chart with errors is not kept"
    );
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let env = Env::new();
    let f = env.file("d.ron", BUNDLED);
    let out = env.run(&[OsStr::new("check"), OsStr::new("--no-cache"), f.as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!env.cache().exists() || fs::read_dir(env.cache()).unwrap().next().is_none());
    // And with an entry there, it is not read.
    assert!(env.check(&[&f]).status.success());
    let entry = env.chart_entry();
    age(&entry);
    let out = env.run(&[
        OsStr::new("render"),
        OsStr::new("--no-cache"),
        OsStr::new("--size"),
        OsStr::new("40x10"),
        f.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!was_read(&entry));
}

#[test]
fn the_bundled_dossier_is_never_cached() {
    let env = Env::new();
    let out = env.run(&[
        OsStr::new("render"),
        OsStr::new("--size"),
        OsStr::new("40x10"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.entries('c').is_empty() && env.entries('f').is_empty());
}

#[test]
fn cache_clear_empties_it_and_info_says_where_it_is() {
    let env = Env::new();
    let f = env.file("d.ron", BUNDLED);
    assert!(env.check(&[&f]).status.success());
    assert!(!env.entries('c').is_empty());
    let info = env.run(&[OsStr::new("cache"), OsStr::new("info")]);
    let said = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(said.contains(&env.cache().display().to_string()), "{said}");
    assert!(said.contains("holds:  2 entries"), "{said}");
    let out = env.run(&[OsStr::new("cache"), OsStr::new("clear")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("removed 2 entries"),
        "{}",
        stderr(&out)
    );
    assert!(env.entries('c').is_empty() && env.entries('s').is_empty());
    // Clearing an empty or missing cache is no error.
    let out = env.run(&[OsStr::new("cache"), OsStr::new("clear")]);
    assert!(
        stderr(&out).starts_with("removed 0 entries"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_cache_folder_follows_xdg_cache_home_else_home() {
    let env = Env::new();
    let f = env.file("d.ron", BUNDLED);
    assert!(env.check(&[&f]).status.success());
    assert_eq!(env.entries('c').len(), 1, "under $XDG_CACHE_HOME/linkchart");
    // No XDG_CACHE_HOME (or a relative one): ~/.cache/linkchart.
    let home = env.tmp.path().join("home");
    for xdg in ["", "relative/cache"] {
        let out = run_env(
            ["check".as_ref(), f.as_os_str()],
            &[
                ("XDG_CACHE_HOME", OsStr::new(xdg)),
                ("HOME", home.as_os_str()),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(home.join(".cache/linkchart").is_dir(), "{xdg:?}");
    }
    assert!(!Path::new("relative").exists());
}

#[test]
fn a_folder_others_may_write_to_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    fs::create_dir_all(env.cache()).unwrap();
    fs::set_permissions(env.cache(), fs::Permissions::from_mode(0o777)).unwrap();
    let f = env.file("d.ron", BUNDLED);
    assert!(env.check(&[&f]).status.success());
    assert!(env.entries('c').is_empty());
}

#[test]
fn the_oldest_entries_go_when_the_cache_is_full() {
    let env = Env::new();
    let charts: Vec<PathBuf> = (0..6)
        .map(|k| {
            let text = BUNDLED.replacen("title: \"", &format!("title: \"{k} "), 1);
            env.file(&format!("d{k}.ron"), &text)
        })
        .collect();
    // Room for about three charts.
    assert!(env.check(&[&charts[0]]).status.success());
    let one = fs::metadata(env.chart_entry()).unwrap().len() + 1024;
    fs::remove_dir_all(env.cache()).unwrap();
    let limit = one * 3;
    let size = format!("{limit}");
    let size = OsStr::new(&size);
    let mut sizes = Vec::new();
    for c in &charts {
        let out = env.run_with(
            &[OsStr::new("check"), c.as_os_str()],
            &[("LINKCHART_CACHE_SIZE", size)],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let total: u64 = fs::read_dir(env.cache())
            .unwrap()
            .flatten()
            .map(|e| e.metadata().unwrap().len())
            .sum();
        sizes.push(total);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(sizes.iter().all(|&s| s <= limit), "{sizes:?} over {limit}");
    let kept = env.entries('c');
    assert!(kept.len() >= 2 && kept.len() <= 3, "{kept:?}");
    // The last chart is there: checking it again reads its entry.
    let newest = kept
        .iter()
        .max_by_key(|e| fs::metadata(e).unwrap().modified().unwrap())
        .unwrap()
        .clone();
    age(&newest);
    env.run_with(
        &[OsStr::new("check"), charts[5].as_os_str()],
        &[("LINKCHART_CACHE_SIZE", size)],
    );
    assert!(was_read(&newest));
    // A size that is no size is a usage error.
    let out = env.run_with(
        &[OsStr::new("check"), charts[0].as_os_str()],
        &[("LINKCHART_CACHE_SIZE", OsStr::new("lots"))],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("LINKCHART_CACHE_SIZE"));
}

#[test]
fn processes_at_once_do_no_harm() {
    let env = Env::new();
    let a = env.file("w.ron", &with_warning());
    let b = env.file("second.ron", include_str!("data/second.ron"));
    let alone = [env.check(&[&a]), env.check(&[&b])].map(|o| stderr(&o));
    fs::remove_dir_all(env.cache()).unwrap();
    // Eight processes on an empty cache, two charts, at the same moment.
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..8)
            .map(|k| {
                let (f, want) = if k % 2 == 0 {
                    (&a, &alone[0])
                } else {
                    (&b, &alone[1])
                };
                let env = &env;
                s.spawn(move || {
                    let out = env.check(&[f]);
                    assert_eq!(&stderr(&out), want);
                })
            })
            .collect();
        for r in runs {
            r.join().unwrap();
        }
    });
    let names: Vec<String> = fs::read_dir(env.cache())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("tmp-")), "{names:?}");
    assert_eq!(env.entries('c').len(), 2);
    // Both entries are sound: read, and the same result.
    for (f, want) in [(&a, &alone[0]), (&b, &alone[1])] {
        assert_eq!(&stderr(&env.check(&[f])), want);
    }
}

/// `with_warning()` with the lonely actor's id changed, the size kept: the
/// warning names the other id.
fn with_other_warning() -> String {
    with_warning().replacen("\"LONELY\"", "\"LONELX\"", 1)
}

#[test]
fn diffs_and_git_revisions_load_the_same_through_the_cache() {
    let env = Env::new();
    let repo = gitrepo::Repo::new();
    let (a, b) = (with_warning(), with_other_warning());
    assert_eq!(a.len(), b.len());
    repo.write("w.ron", &a);
    repo.commit("a");
    repo.write("w.ron", &b);
    repo.commit("b");
    let w = repo.path("w.ron");
    let old = format!("HEAD~1:{}", w.display());
    let diff = |extra: &[&str]| {
        let mut args: Vec<&OsStr> = vec![OsStr::new("diff")];
        args.extend(extra.iter().map(OsStr::new));
        args.extend([OsStr::new(&old), w.as_os_str()]);
        env.run(&args)
    };
    let bare = diff(&["--no-cache"]);
    assert!(bare.status.success(), "{}", stderr(&bare));
    assert!(stdout(&bare).contains("LONELX"), "{}", stdout(&bare));
    assert!(env.entries('c').is_empty(), "--no-cache wrote nothing");
    // The work tree's version through the cache: first parsed and kept,
    // then read from it; the revision's is never a file to keep.
    let first = diff(&[]);
    let entry = env.chart_entry();
    age(&entry);
    let second = diff(&[]);
    assert!(
        was_read(&entry),
        "the second diff read the work tree's chart"
    );
    for out in [&first, &second] {
        assert_eq!(stdout(out), stdout(&bare));
        assert_eq!(stderr(out), stderr(&bare));
    }
    // `git checkout` of the older version: same size; its mtime set back to
    // the newer one's, so only the content (and the ctime) tell.
    let mtime = fs::metadata(&w).unwrap().modified().unwrap();
    settle();
    repo.git(&["checkout", "-q", "HEAD~1", "--", "w.ron"]);
    set_mtime(&w, mtime);
    let check = env.check(&[&w]);
    assert!(stderr(&check).contains("LONELY"), "{}", stderr(&check));
    assert!(!stderr(&check).contains("LONELX"), "{}", stderr(&check));
    let same = diff(&[]);
    assert_eq!(stdout(&same), stdout(&diff(&["--no-cache"])));
    assert!(!stdout(&same).contains("LONELX"), "{}", stdout(&same));
    // And back: the first chart entry serves again.
    repo.git(&["checkout", "-q", "HEAD", "--", "w.ron"]);
    age(&entry);
    let back = diff(&[]);
    assert_eq!(stdout(&back), stdout(&bare));
    assert!(was_read(&entry), "the newer version's entry serves again");
}

#[test]
fn check_watch_reloads_through_the_cache() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let env = Env::new();
    let f = env.file("w.ron", &with_warning());
    settle();
    assert!(env.check(&[&f]).status.success());
    let entry = env.chart_entry();
    age(&entry);
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkchart"))
        .args([OsStr::new("check"), OsStr::new("--watch"), f.as_os_str()])
        .env("XDG_CACHE_HOME", env.xdg())
        .env_remove("LINKCHART_CACHE_SIZE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0
                || tx
                    .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                    .is_err()
            {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut wait = |needle: &str, times: usize| {
        let start = std::time::Instant::now();
        while seen.matches(needle).count() < times {
            let left = Duration::from_secs(10).saturating_sub(start.elapsed());
            match rx.recv_timeout(left) {
                Ok(s) => seen.push_str(&s),
                Err(_) => panic!("no `{needle}` (×{times}) in:\n{seen}"),
            }
        }
        seen.clone()
    };
    wait("1 warning", 1);
    assert!(was_read(&entry), "the first check came from the cache");
    // Saved with the same size, its mtime put back: within the two
    // seconds in which a stat is not trusted, and after.
    let mtime = fs::metadata(&f).unwrap().modified().unwrap();
    fs::write(&f, with_other_warning()).unwrap();
    set_mtime(&f, mtime);
    let seen_now = wait("1 warning", 2);
    let after = seen_now.rsplit("changed").next().unwrap();
    assert!(
        after.contains("LONELX") && !after.contains("LONELY"),
        "{seen_now}"
    );
    settle();
    fs::write(&f, with_warning()).unwrap();
    set_mtime(&f, mtime);
    let seen_now = wait("1 warning", 3);
    let after = seen_now.rsplit("changed").next().unwrap();
    assert!(
        after.contains("LONELY") && !after.contains("LONELX"),
        "{seen_now}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
