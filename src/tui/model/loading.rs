//! The loading screen's model: what is being opened, how far the load has
//! got, and the problems when it failed. The terminal shows it at once and
//! until the chart is ready; `modes/loading/` changes and draws it.

use std::sync::Arc;
use std::time::Duration;

use super::keymap::Key;
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
