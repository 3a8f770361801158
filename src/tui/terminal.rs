//! The real terminal: set-up, the event loop, and restoring the terminal on
//! every way out (quit, panic, SIGTERM, SIGHUP, the terminal going away).
//!
//! Input and signals arrive on one channel from two threads that block, so
//! the loop sleeps until something happens and draws only after a change.

use std::io;
use std::sync::mpsc;
use std::thread;

use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use super::action::Action;
use super::app::Model;
use super::keymap::Key;

enum Msg {
    Input(Event),
    /// The terminal cannot be read any more (closed, hung up).
    InputGone,
    /// SIGTERM or SIGHUP.
    Signal,
}

/// Runs the explorer until the user quits or the terminal goes away.
pub fn run(mut model: Model) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut signals = Signals::new([SIGTERM, SIGHUP])?;
    let sig_handle = signals.handle();
    {
        let tx = tx.clone();
        thread::spawn(move || {
            for _ in signals.forever() {
                if tx.send(Msg::Signal).is_err() {
                    break;
                }
            }
        });
    }
    // ratatui::try_init enters raw mode and the alternate screen and
    // installs a panic hook that restores the terminal before the message.
    let mut terminal = ratatui::try_init()?;
    thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(Msg::Input(ev)).is_err() {
                        break;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Msg::InputGone);
                    break;
                }
            }
        }
    });
    let size = terminal.size()?;
    model.update(Action::Resize(size.width, size.height));
    let result = (|| -> io::Result<()> {
        terminal.draw(|f| f.render_widget(&model, f.area()))?;
        while let Ok(msg) = rx.recv() {
            match msg {
                Msg::Input(Event::Key(k)) => {
                    if let Some(key) = Key::from_event(k) {
                        debug_panic_trigger(key);
                        model.handle_key(key);
                    }
                }
                Msg::Input(Event::Resize(w, h)) => model.update(Action::Resize(w, h)),
                Msg::Input(_) => continue,
                Msg::InputGone => return Ok(()),
                Msg::Signal => return Ok(()),
            }
            if model.quit {
                return Ok(());
            }
            terminal.draw(|f| f.render_widget(&model, f.area()))?;
        }
        Ok(())
    })();
    sig_handle.close();
    // Restoring a terminal that has gone away fails harmlessly.
    let _ = ratatui::try_restore();
    result
}

/// A hidden trigger, in debug builds only, to test that a panic restores the
/// terminal before its message is printed: with `LINKCHART_DEBUG_PANIC` set,
/// the key `!` panics.
fn debug_panic_trigger(key: Key) {
    if cfg!(debug_assertions)
        && std::env::var_os("LINKCHART_DEBUG_PANIC").is_some()
        && key == Key::char('!')
    {
        panic!("debug panic requested with LINKCHART_DEBUG_PANIC");
    }
}
