//! The real terminal: set-up, the event loop, and restoring the terminal on
//! every way out (quit, panic, SIGTERM, SIGHUP, the terminal going away).
//!
//! Input and signals arrive on one channel from two threads that block, so
//! the loop sleeps until something happens and draws only after a change.

use std::io;
use std::path::Path;
use std::sync::mpsc;
use std::thread;

use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use super::action::Action;
use super::app::Model;
use super::keymap::Key;
use crate::search::Hit;

enum Msg {
    Input(Event),
    /// The terminal cannot be read any more (closed, hung up).
    InputGone,
    /// SIGTERM or SIGHUP.
    Signal,
    /// A background find finished.
    Search(u64, Vec<Hit>),
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
    // ratatui::try_init enters raw mode and the alternate screen. Its panic
    // hook reports a failed restore with eprintln!, which itself panics (and
    // aborts) when the terminal is gone; ours restores quietly, then prints
    // the message with the default hook, which ignores write errors.
    let default_hook = std::panic::take_hook();
    let mut terminal = ratatui::try_init()?;
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::try_restore();
        default_hook(info);
    }));
    spawn_hangup_watch(tx.clone());
    {
        let tx = tx.clone();
        model.search_in_background(move |generation, hits| {
            let _ = tx.send(Msg::Search(generation, hits));
        });
    }
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
    // Find's index is built while the analyst reads the first screen.
    model.search.build_in_background();
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
                        if !model.effects.is_empty() {
                            let backend = terminal.backend_mut();
                            super::effects::run(&mut model, Path::new("."), &mut |text| {
                                // OSC 52: the terminal (or tmux with
                                // set-clipboard on) sets the clipboard, over SSH too.
                                execute!(backend, CopyToClipboard::to_clipboard_from(text))
                            });
                        }
                    }
                }
                Msg::Input(Event::Resize(w, h)) => model.update(Action::Resize(w, h)),
                Msg::Search(generation, hits) => model.search_done(generation, hits),
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
    // Restoring a terminal that has gone away fails harmlessly. The
    // terminal is not dropped: its Drop would show the cursor, and report a
    // failure to with eprintln!, which panics when stderr is gone too.
    let _ = terminal.show_cursor();
    let _ = ratatui::try_restore();
    std::mem::forget(terminal);
    result
}

/// Watches the terminal for a hang-up without reading from it. crossterm's
/// reader retries forever on a hung-up tty (spinning a core); when no SIGHUP
/// comes, as when the tty is not our controlling terminal, this is what
/// notices. `poll` with no requested events sleeps until HUP or an error.
fn spawn_hangup_watch(tx: mpsc::Sender<Msg>) {
    use rustix::event::{PollFd, PollFlags, poll};
    thread::spawn(move || {
        let stdin = rustix::stdio::stdin();
        loop {
            let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) => {
                    let r = fds[0].revents();
                    if r.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                        let _ = tx.send(Msg::InputGone);
                        return;
                    }
                }
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => {
                    let _ = tx.send(Msg::InputGone);
                    return;
                }
            }
        }
    });
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
