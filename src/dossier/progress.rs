//! How far a load has got: counters the loader bumps from any thread, and a
//! loading screen or progress bar reads.

use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering::Relaxed};

/// The stage a load is in. Files are read and parsed on several threads at
/// once, so the step shown is the furthest any of them has reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Reading,
    /// Reading the parsed cache: the chart, or some of its files.
    Cache,
    Parsing,
    Checking,
    Indexing,
}

impl Step {
    const ALL: [Step; 5] = [
        Step::Reading,
        Step::Cache,
        Step::Parsing,
        Step::Checking,
        Step::Indexing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::Reading => "reading",
            Step::Cache => "reading the cache",
            Step::Parsing => "parsing",
            Step::Checking => "checking",
            Step::Indexing => "indexing",
        }
    }
}

/// The counters of one load. `Progress::default()` when nobody watches.
#[derive(Debug, Default)]
pub struct Progress {
    files_total: AtomicUsize,
    files_done: AtomicUsize,
    bytes_total: AtomicU64,
    bytes_read: AtomicU64,
    step: AtomicU8,
}

/// The counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub files_total: usize,
    pub files_done: usize,
    pub bytes_total: u64,
    pub bytes_read: u64,
    pub step: Option<Step>,
}

impl Progress {
    /// `n` more files to load, of `bytes` bytes in all (as far as known).
    pub fn add_files(&self, n: usize, bytes: u64) {
        self.files_total.fetch_add(n, Relaxed);
        self.bytes_total.fetch_add(bytes, Relaxed);
    }

    /// One file read and parsed (or failed).
    pub fn file_done(&self) {
        self.files_done.fetch_add(1, Relaxed);
    }

    /// `n` more bytes read.
    pub fn read(&self, n: u64) {
        self.bytes_read.fetch_add(n, Relaxed);
    }

    /// The load has reached `step` (a step already passed is kept).
    pub fn step(&self, step: Step) {
        self.step.fetch_max(step as u8 + 1, Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        let step = self.step.load(Relaxed);
        Snapshot {
            files_total: self.files_total.load(Relaxed),
            files_done: self.files_done.load(Relaxed),
            bytes_total: self.bytes_total.load(Relaxed),
            bytes_read: self.bytes_read.load(Relaxed),
            step: step.checked_sub(1).map(|s| Step::ALL[s as usize]),
        }
    }
}

/// "23.4 MB": a byte count for people (decimal units, like `ls -h --si`).
pub fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_keeps_the_furthest_step() {
        let p = Progress::default();
        assert_eq!(p.snapshot(), Snapshot::default());
        p.add_files(2, 300);
        p.step(Step::Parsing);
        p.step(Step::Reading); // another thread still reading
        p.read(5);
        p.file_done();
        let s = p.snapshot();
        assert_eq!(
            (s.files_done, s.files_total, s.bytes_read, s.bytes_total),
            (1, 2, 5, 300)
        );
        assert_eq!(s.step, Some(Step::Parsing));
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(49_096_964), "49.1 MB");
    }
}
