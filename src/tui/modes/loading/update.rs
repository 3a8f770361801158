//! The loading screen's `update`: time passing, the load failing, and its
//! keys (quit, or scroll the problems). Its state is `model::loading`.

use ratatui::crossterm::event::KeyCode;

use crate::tui::model::loading::{Event, Failure, Loading};

/// The loading screen's one mutator.
pub fn update(l: &mut Loading, event: Event) {
    match event {
        Event::Tick(elapsed) => {
            l.elapsed = elapsed;
            l.seen = l.progress.snapshot();
        }
        Event::Failed(mut problems) => {
            // What stopped the load first; the warnings after.
            problems.sort_by_key(|d| !d.is_error());
            l.failure = Some(Failure {
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
                l.quit = true;
                return;
            }
            if let Some(f) = &mut l.failure {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::dossier::Diagnostic;
    use crate::dossier::progress::{Progress, Step};
    use crate::tui::model::keymap::Key;

    #[test]
    fn keys_quit_or_scroll_the_problems() {
        let p = Arc::new(Progress::default());
        let mut l = Loading::new("chart".into(), p.clone());
        p.add_files(3, 10);
        p.step(Step::Parsing);
        update(&mut l, Event::Tick(Duration::from_millis(1500)));
        assert_eq!(l.seen.files_total, 3);
        assert_eq!(l.seen.step, Some(Step::Parsing));
        update(&mut l, Event::Key(Key::char('j'))); // nothing to scroll yet
        assert!(!l.quit && l.failure.is_none());
        let d = |m: &str| Diagnostic::error("a.ron", m);
        update(&mut l, Event::Failed(vec![d("one"), d("two"), d("three")]));
        update(&mut l, Event::Key(Key::char('j')));
        update(&mut l, Event::Key(Key::plain(KeyCode::End)));
        update(&mut l, Event::Key(Key::char('j')));
        assert_eq!(l.failure.as_ref().map(|f| f.scroll), Some(2));
        update(
            &mut l,
            Event::Key(Key {
                code: KeyCode::Char('c'),
                ctrl: true,
                alt: false,
            }),
        );
        assert!(l.quit);
    }
}
