//! Small git repositories in temporary folders, made with the `git`
//! command, for the tests of reading charts at a revision.
#![allow(dead_code)] // each test file uses some of it

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// An empty repository on branch `main`, its configuration isolated
    /// from the user's.
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the work tree.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file of the work tree (its folders made as needed).
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("folders");
        std::fs::write(p, text).expect("written");
    }

    /// Commits everything in the work tree.
    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Commits everything, author and committer dated `date` (also the
    /// date of the reflog entry), e.g. `2 days ago`.
    pub fn commit_dated(&self, message: &str, date: &str) {
        self.git(&["add", "-A"]);
        self.git_env(
            &["commit", "-q", "-m", message],
            &[("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)],
        );
    }

    /// `git ARGS…` in the repository; its standard output. Fails the test
    /// when git fails.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_env(args, &[])
    }

    fn git_env(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .envs(env.iter().copied())
            .output()
            .expect("git runs (the tests need the git command)");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("git's output is UTF-8")
    }
}
