//! The real terminal: set-up, the event loop, and restoring the terminal on
//! every way out (quit, panic, SIGTERM, SIGHUP, the terminal going away).
//!
//! Input and signals arrive on one channel from two threads that block, so
//! the loop sleeps until something happens and draws only after a change.

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use super::action::Action;
use super::app::Model;
use super::keymap::Key;
use super::loading::{self, Loading};
use crate::dossier::Diagnostic;
use crate::dossier::progress::Progress;
use crate::search::Hit;

enum Msg {
    Input(Event),
    /// The terminal cannot be read any more (closed, hung up).
    InputGone,
    /// SIGTERM or SIGHUP.
    Signal,
    /// A background find finished.
    Search(u64, Vec<Hit>),
    /// The background load finished.
    Loaded(Result<Box<Model>, Vec<Diagnostic>>),
}

/// Runs the explorer until the user quits or the terminal goes away.
pub fn run(model: Model) -> io::Result<()> {
    let mut session = Session::start()?;
    let result = session.explore(model);
    session.end();
    result
}

/// How a run that started with a load ended.
pub enum Outcome {
    /// The chart was explored, or the terminal went away.
    Done,
    /// The user quit during the load.
    Quit,
    /// The load failed; its problems were on screen, and are for stderr too.
    Failed(Vec<Diagnostic>),
}

/// Shows the loading screen at once, runs `load` on a thread, and explores
/// what it loads. The screen follows `progress` (the chart's `name`, the
/// step, files and bytes, time so far); `q` and Ctrl-c quit at any moment,
/// and a failed load shows its problems until the user quits.
pub fn run_loading<F>(name: String, progress: Arc<Progress>, load: F) -> io::Result<Outcome>
where
    F: FnOnce() -> Result<Model, Vec<Diagnostic>> + Send + 'static,
{
    let mut session = Session::start()?;
    let result = match session.load(name, progress, load) {
        Ok(Loaded::Model(model)) => session.explore(*model).map(|()| Outcome::Done),
        Ok(Loaded::Not(outcome)) => Ok(outcome),
        Err(e) => Err(e),
    };
    session.end();
    result
}

enum Loaded {
    Model(Box<Model>),
    Not(Outcome),
}

/// The terminal in raw mode, and the threads that feed the event loop.
struct Session {
    terminal: ratatui::DefaultTerminal,
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    sig_handle: signal_hook::iterator::Handle,
}

/// How often the loading screen is redrawn.
const TICK: Duration = Duration::from_millis(100);

impl Session {
    fn start() -> io::Result<Session> {
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
        let terminal = ratatui::try_init()?;
        std::panic::set_hook(Box::new(move |info| {
            let _ = ratatui::try_restore();
            default_hook(info);
        }));
        spawn_hangup_watch(tx.clone());
        {
            let tx = tx.clone();
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
        }
        Ok(Session {
            terminal,
            tx,
            rx,
            sig_handle,
        })
    }

    /// The loading screen, until the load ends or the user quits.
    fn load<F>(&mut self, name: String, progress: Arc<Progress>, load: F) -> io::Result<Loaded>
    where
        F: FnOnce() -> Result<Model, Vec<Diagnostic>> + Send + 'static,
    {
        let started = Instant::now();
        {
            let tx = self.tx.clone();
            let name = name.clone();
            thread::spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(load)).unwrap_or_else(|_| {
                    Err(vec![Diagnostic::error(
                        &name,
                        "the load stopped on an internal error (a bug in linkchart)",
                    )])
                });
                let _ = tx.send(Msg::Loaded(result.map(Box::new)));
            });
        }
        let mut screen = Loading::new(name, progress);
        let mut problems = None;
        loop {
            self.terminal.draw(|f| f.render_widget(&screen, f.area()))?;
            let event = match self.rx.recv_timeout(TICK) {
                Ok(Msg::Input(Event::Key(k))) => match Key::from_event(k) {
                    Some(key) => loading::Event::Key(key),
                    None => continue,
                },
                Ok(Msg::Input(_)) | Ok(Msg::Search(..)) => loading::Event::Tick(started.elapsed()),
                Ok(Msg::Loaded(Ok(model))) => return Ok(Loaded::Model(model)),
                Ok(Msg::Loaded(Err(diags))) => {
                    problems = Some(diags.clone());
                    loading::Event::Failed(diags)
                }
                Ok(Msg::InputGone | Msg::Signal) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    screen.quit = true;
                    loading::Event::Tick(started.elapsed())
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if problems.is_some() {
                        continue; // nothing moves on a failure
                    }
                    loading::Event::Tick(started.elapsed())
                }
            };
            if problems.is_none() {
                screen.update(loading::Event::Tick(started.elapsed()));
            }
            screen.update(event);
            if screen.quit {
                return Ok(Loaded::Not(match problems {
                    Some(p) => Outcome::Failed(p),
                    None => Outcome::Quit,
                }));
            }
        }
    }

    /// The explorer, until the user quits or the terminal goes away.
    fn explore(&mut self, mut model: Model) -> io::Result<()> {
        let (terminal, rx) = (&mut self.terminal, &self.rx);
        {
            let tx = self.tx.clone();
            model.search_in_background(move |generation, hits| {
                let _ = tx.send(Msg::Search(generation, hits));
            });
        }
        // Find's index is built while the analyst reads the first screen.
        model.search.build_in_background();
        let size = terminal.size()?;
        model.update(Action::Resize(size.width, size.height));
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
                Msg::Input(_) | Msg::Loaded(_) => continue,
                Msg::InputGone => return Ok(()),
                Msg::Signal => return Ok(()),
            }
            if model.quit {
                return Ok(());
            }
            terminal.draw(|f| f.render_widget(&model, f.area()))?;
        }
        Ok(())
    }

    fn end(self) {
        self.sig_handle.close();
        // Restoring a terminal that has gone away fails harmlessly. The
        // terminal is not dropped: its Drop would show the cursor, and report a
        // failure to with eprintln!, which panics when stderr is gone too.
        let mut terminal = self.terminal;
        let _ = terminal.show_cursor();
        let _ = ratatui::try_restore();
        std::mem::forget(terminal);
    }
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
