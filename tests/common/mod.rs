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
