//! The loading screen's model: what is being opened, how far the load has
//! got, and the problems when it failed. The terminal shows it at once and
//! until the chart is ready; `modes/loading/` changes and draws it.

use std::sync::Arc;
use std::time::Duration;

use super::keymap::Key;
use super::state::Model;
use crate::dossier::Diagnostic;
use crate::dossier::progress::{Progress, Snapshot};

pub struct Loading {
    /// The chart's name, as far as it is known before loading.
    pub name: String,
    pub progress: Arc<Progress>,
    /// The counters when last looked at.
    pub seen: Snapshot,
    pub elapsed: Duration,
    pub failure: Option<Failure>,
    pub quit: bool,
}

/// A load that failed: its problems, one line each, scrolled.
pub struct Failure {
    pub problems: Vec<Diagnostic>,
    pub scroll: usize,
}

/// A load that gave no chart.
pub struct Failed {
    pub problems: Vec<Diagnostic>,
    /// What to show while waiting for the files to be fixed (see
    /// `Model::unopened`); `None` when no change to the files can fix it (a
    /// mistake on the command line): the problems are shown until the user
    /// quits.
    pub waiting: Option<Box<Model>>,
}

impl Failed {
    /// A failure no edit of the files can mend.
    pub fn usage(problems: Vec<Diagnostic>) -> Failed {
        Failed {
            problems,
            waiting: None,
        }
    }
}

pub enum Event {
    /// Time passed: look at the counters again.
    Tick(Duration),
    Key(Key),
    Failed(Vec<Diagnostic>),
}

impl Loading {
    pub fn new(name: String, progress: Arc<Progress>) -> Loading {
        Loading {
            name,
            seen: progress.snapshot(),
            progress,
            elapsed: Duration::ZERO,
            failure: None,
            quit: false,
        }
    }
}
