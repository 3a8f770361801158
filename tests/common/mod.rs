//! What the tests that run the binary share: it runs from the crate root
//! (so paths in messages are the ones the tests write), with standard input
//! closed, and never with the real user's keymap, theme, NO_COLOR or cache
//! folder (its parsed cache goes under target/).
#![allow(dead_code)] // each test file uses some of it

use std::process::{Command, Output, Stdio};

/// `linkchart ARGS…`; a panic is a test failure whatever else is asserted.
pub fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_program(env!("CARGO_BIN_EXE_linkchart"), args)
}

/// `PROGRAM ARGS…` the same way (a wrapper that then runs linkchart).
pub fn run_program<P, I, S>(program: P, args: I) -> Output
where
    P: AsRef<std::ffi::OsStr>,
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_program_env(program, args, &[])
}

/// `linkchart ARGS…` with the variables `env` set as well.
pub fn run_env<I, S>(args: I, env: &[(&str, &std::ffi::OsStr)]) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_program_env(env!("CARGO_BIN_EXE_linkchart"), args, env)
}

pub fn run_program_env<P, I, S>(program: P, args: I, env: &[(&str, &std::ffi::OsStr)]) -> Output
where
    P: AsRef<std::ffi::OsStr>,
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(program)
        .args(args)
        .env_remove("LINKCHART_CONFIG")
        .env_remove("LINKCHART_CACHE_SIZE")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent/linkchart-tests")
        .env(
            "XDG_CACHE_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/target/xdg-cache"),
        )
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "panic:\n{stderr}");
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A copy of the test chart (tests/data/chart) in a new folder `chart`
/// under `dir`; returns the folder.
pub fn copy_chart(dir: &std::path::Path) -> std::path::PathBuf {
    let folder = dir.join("chart");
    std::fs::create_dir(&folder).unwrap();
    for e in std::fs::read_dir("tests/data/chart").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), folder.join(e.file_name())).unwrap();
    }
    folder
}

/// Every file of `folder` and its bytes, by name. A file gone between the
/// listing and its reading (a save's temporary file, renamed over its
/// target meanwhile) is left out: it is no longer there.
pub fn files(folder: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            match std::fs::read(e.path()) {
                Ok(bytes) => Some((name, bytes)),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
                Err(err) => panic!("{}: {err}", e.path().display()),
            }
        })
        .collect();
    out.sort();
    out
}

/// `after` is `before` with one run of bytes inserted; returns that run.
pub fn inserted(before: &[u8], after: &[u8]) -> String {
    let pre = before.iter().zip(after).take_while(|(a, b)| a == b).count();
    let post = before[pre..]
        .iter()
        .rev()
        .zip(after[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        pre + post,
        before.len(),
        "bytes of the file were changed, not only added"
    );
    String::from_utf8(after[pre..after.len() - post].to_vec()).unwrap()
}

/// Cases for a property test: `PROPTEST_CASES` when set, else `n`.
pub fn proptest_cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

/// An import's report (`said`) counts the one warning that `check` gives
/// the file it wrote (`checked`), and says it word for word; the warning
/// is about `about`.
pub fn says_the_one_warning_check_gives(said: &str, checked: &str, about: &str) {
    assert!(checked.ends_with(", 1 warning\n"), "{checked}");
    assert!(said.contains(", 1 warning;"), "{said}");
    let warning = checked.lines().next().unwrap();
    assert!(warning.contains(about), "{checked}");
    assert!(said.contains(warning), "import:\n{said}\ncheck:\n{checked}");
}
