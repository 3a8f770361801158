//! The loading screen's model: what is being opened, how far the load has
//! got, and the problems when it failed. The terminal shows it at once and
//! until the chart is ready (`view::loading` draws it); `update` is the only
//! place it changes.

use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;

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

    pub fn update(&mut self, event: Event) {
        match event {
            Event::Tick(elapsed) => {
                self.elapsed = elapsed;
                self.seen = self.progress.snapshot();
            }
            Event::Failed(mut problems) => {
                // What stopped the load first; the warnings after.
                problems.sort_by_key(|d| !d.is_error());
                self.failure = Some(Failure {
                    problems,
                    scroll: 0,
                })
            }
            Event::Key(k) => {
                // As in the explorer: `q` and Ctrl-c quit, Esc does not.
                let quit = matches!(
                    (k.code, k.ctrl),
                    (KeyCode::Char('q'), false) | (KeyCode::Char('c'), true)
                );
                if quit {
                    self.quit = true;
                    return;
                }
                if let Some(f) = &mut self.failure {
                    let last = f.problems.len().saturating_sub(1);
                    f.scroll = match k.code {
                        KeyCode::Char('j') | KeyCode::Down => f.scroll + 1,
                        KeyCode::Char('k') | KeyCode::Up => f.scroll.saturating_sub(1),
                        KeyCode::PageDown | KeyCode::Char(' ') => f.scroll + 10,
                        KeyCode::PageUp => f.scroll.saturating_sub(10),
                        KeyCode::Home | KeyCode::Char('g') => 0,
                        KeyCode::End | KeyCode::Char('G') => last,
                        _ => f.scroll,
                    }
                    .min(last);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::progress::Step;

    #[test]
    fn keys_quit_or_scroll_the_problems() {
        let p = Arc::new(Progress::default());
        let mut l = Loading::new("chart".into(), p.clone());
        p.add_files(3, 10);
        p.step(Step::Parsing);
        l.update(Event::Tick(Duration::from_millis(1500)));
        assert_eq!(l.seen.files_total, 3);
        assert_eq!(l.seen.step, Some(Step::Parsing));
        l.update(Event::Key(Key::char('j'))); // nothing to scroll yet
        assert!(!l.quit && l.failure.is_none());
        let d = |m: &str| Diagnostic::error("a.ron", m);
        l.update(Event::Failed(vec![d("one"), d("two"), d("three")]));
        l.update(Event::Key(Key::char('j')));
        l.update(Event::Key(Key::plain(KeyCode::End)));
        l.update(Event::Key(Key::char('j')));
        assert_eq!(l.failure.as_ref().map(|f| f.scroll), Some(2));
        l.update(Event::Key(Key {
            code: KeyCode::Char('c'),
            ctrl: true,
            alt: false,
        }));
        assert!(l.quit);
    }
}
