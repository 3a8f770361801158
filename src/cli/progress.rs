//! A progress bar on standard error while a command loads a chart or
//! computes a long measure: only when standard error is a terminal and the
//! work lasts longer than half a second. Otherwise nothing is drawn, so scripts and tests see no change.

use std::io::{self, IsTerminal};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::dossier::progress::{Progress, Snapshot};

/// How long a load runs before a bar appears.
const DELAY: Duration = Duration::from_millis(500);
/// How often the bar follows the counters.
const TICK: Duration = Duration::from_millis(100);

/// Runs `work` with a `Progress` it reports to; draws a bar from it when
/// standard error is a terminal and `work` takes longer than `DELAY`.
pub fn with_bar<T>(work: impl FnOnce(&Progress) -> T) -> T {
    let progress = Progress::default();
    drawing(
        "{spinner} {msg} {elapsed:>3} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes}",
        |bar| show(bar, progress.snapshot()),
        || work(&progress),
    )
}

/// Runs `work`, drawing `label` and a bar of `done()` out of `total` when
/// standard error is a terminal and `work` takes longer than `DELAY`.
pub fn with_count<T>(
    label: &str,
    total: usize,
    done: impl Fn() -> usize + Sync,
    work: impl FnOnce() -> T,
) -> T {
    drawing(
        "{spinner} {msg} {elapsed:>3} [{wide_bar}] {human_pos}/{human_len}",
        |bar| {
            bar.set_length(total as u64);
            bar.set_position(done() as u64);
            bar.set_message(label.to_string());
            bar.tick();
        },
        work,
    )
}

/// Runs `work` while a thread draws a bar in `template`, which `update`
/// brings up to date every `TICK`, once `DELAY` has passed.
fn drawing<T>(template: &str, update: impl Fn(&ProgressBar) + Sync, work: impl FnOnce() -> T) -> T {
    if !io::stderr().is_terminal() {
        return work();
    }
    let (done, wait) = mpsc::channel::<()>();
    thread::scope(|s| {
        let update = &update;
        s.spawn(move || {
            if wait.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                return; // finished (or gave up) in time
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            loop {
                update(&bar);
                if wait.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        let out = work();
        drop(done);
        out
    })
}

fn show(bar: &ProgressBar, s: Snapshot) {
    bar.set_length(s.bytes_total.max(s.bytes_read));
    bar.set_position(s.bytes_read);
    let step = s.step.map_or("starting", |s| s.label());
    bar.set_message(match s.files_total {
        0 | 1 => step.to_string(),
        n => format!("{step} · {} of {n} files", s.files_done),
    });
    bar.tick();
}
