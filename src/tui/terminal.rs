//! The real terminal: set-up, the event loop, and restoring the terminal on
//! every way out (quit, panic, SIGTERM, SIGHUP, the terminal going away).
//!
//! Input and signals arrive on one channel from two threads that block, so
//! the loop sleeps until something happens and draws only after a change.
//!
//! One file, though long: the loop, its threads, the editor hand-over and the
//! restoring all share the session's terminal and must be read together.

use std::io::{self, Write};
use std::os::unix::net::UnixStream;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;

use super::editor::editor_command;
use super::model::effect::CaptureJob;
use super::model::keymap::Key;
use super::model::live::{BUNDLED_NOTE, ChartLoader, EditTarget, Reloaded};
use super::model::loading::{self, Failed, Loading};
use super::model::{Action, Effect, Model};
use super::modes;
use crate::dossier::Diagnostic;
use crate::dossier::progress::Progress;
use crate::dossier::watch::{Reload, Reloader};
use crate::export::capture::{Capture, Refused};
use crate::search::Hit;

enum Msg {
    Input(Event),
    /// The terminal cannot be read any more (closed, hung up).
    InputGone,
    /// SIGTERM or SIGHUP.
    Signal,
    /// SIGWINCH: the terminal was resized.
    Resized,
    /// A background find finished.
    Search(u64, Vec<Hit>),
    /// The background load finished.
    Loaded(Result<Box<Model>, Failed>),
    /// A background reload finished.
    Reloaded(Reload<Reloaded>),
    /// The background searches for betweenness and closeness: progress
    /// (`None`) or their scores.
    Measures(u64, Option<crate::analysis::Paths>),
    /// A load again of files that were broken at start finished.
    Opened(Box<Reload<Result<Model, Failed>>>),
    /// A form's item was written into its file (or refused); the time is
    /// its `Ctrl-s`'s.
    Saved(Box<Result<Capture, Refused>>, SystemTime),
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
/// step, files and bytes, time so far); `q` and Ctrl-c quit at any moment.
/// A load that fails on the command line shows its problems until the user
/// quits; one that fails on the files shows what it gave to wait with (the
/// problems list, see `Model::unopened`) and runs `load` again on every save
/// (or `R`) until it succeeds, then explores that.
pub fn run_loading<F>(name: String, progress: Arc<Progress>, load: F) -> io::Result<Outcome>
where
    F: Fn() -> Result<Model, Failed> + Send + Sync + 'static,
{
    let mut session = Session::start()?;
    let result = session.run(name, progress, Arc::new(load));
    session.end();
    result
}

enum Loaded {
    Model(Box<Model>),
    /// The files are broken: this to show until a load succeeds.
    Waiting(Box<Model>),
    Not(Outcome),
}

/// How a run of the explorer ended.
enum Explored {
    /// Quit, or the terminal went away; with the problems when the chart
    /// had not opened.
    Ended(Option<Vec<Diagnostic>>),
    /// Files broken at start loaded: this is the chart.
    Opened(Box<Model>),
}

impl Explored {
    fn outcome(self) -> Outcome {
        match self {
            Explored::Ended(Some(problems)) => Outcome::Failed(problems),
            Explored::Ended(None) | Explored::Opened(_) => Outcome::Done,
        }
    }
}

/// The terminal in raw mode, and the threads that feed the event loop.
struct Session {
    terminal: ratatui::DefaultTerminal,
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    sig_handle: signal_hook::iterator::Handle,
    /// Pauses the input thread while an editor has the terminal.
    gate: Arc<Gate>,
}

/// How often the loading screen is redrawn.
const TICK: Duration = Duration::from_millis(100);

impl Session {
    fn start() -> io::Result<Session> {
        let (tx, rx) = mpsc::channel();
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGWINCH])?;
        let sig_handle = signals.handle();
        {
            let tx = tx.clone();
            thread::spawn(move || {
                for sig in signals.forever() {
                    let msg = if sig == SIGWINCH {
                        Msg::Resized
                    } else {
                        Msg::Signal
                    };
                    if tx.send(msg).is_err() {
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
        // Pastes arrive whole (Event::Paste), not as keys that would each
        // be a command; forms and find take them.
        let _ = execute!(io::stdout(), EnableBracketedPaste);
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableBracketedPaste);
            let _ = ratatui::try_restore();
            default_hook(info);
        }));
        spawn_hangup_watch(tx.clone());
        let gate = Gate::new()?;
        spawn_input(tx.clone(), Arc::clone(&gate));
        Ok(Session {
            terminal,
            tx,
            rx,
            sig_handle,
            gate,
        })
    }

    /// The loading screen, then the explorer: over the chart, or over the
    /// problems until a load succeeds.
    fn run<F>(&mut self, name: String, progress: Arc<Progress>, load: Arc<F>) -> io::Result<Outcome>
    where
        F: Fn() -> Result<Model, Failed> + Send + Sync + 'static,
    {
        let waiting = match self.load(name, progress, Arc::clone(&load))? {
            Loaded::Model(model) => {
                return self.explore(*model, None::<Arc<F>>).map(Explored::outcome);
            }
            Loaded::Not(outcome) => return Ok(outcome),
            Loaded::Waiting(model) => model,
        };
        match self.explore(*waiting, Some(load))? {
            Explored::Opened(model) => self.explore(*model, None::<Arc<F>>).map(Explored::outcome),
            ended => Ok(ended.outcome()),
        }
    }

    /// The loading screen, until the load ends or the user quits.
    fn load<F>(&mut self, name: String, progress: Arc<Progress>, load: Arc<F>) -> io::Result<Loaded>
    where
        F: Fn() -> Result<Model, Failed> + Send + Sync + 'static,
    {
        let started = Instant::now();
        {
            let tx = self.tx.clone();
            let name = name.clone();
            thread::spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(|| load())).unwrap_or_else(|_| {
                    Err(Failed::usage(vec![Diagnostic::error(
                        &name,
                        "the load stopped on an internal error (a bug in linkchart)",
                    )]))
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
                Ok(
                    Msg::Input(_)
                    | Msg::Resized
                    | Msg::Search(..)
                    | Msg::Reloaded(_)
                    | Msg::Measures(..)
                    | Msg::Opened(_)
                    | Msg::Saved(..),
                ) => loading::Event::Tick(started.elapsed()),
                Ok(Msg::Loaded(Ok(model))) => return Ok(Loaded::Model(model)),
                Ok(Msg::Loaded(Err(Failed {
                    waiting: Some(model),
                    ..
                }))) => return Ok(Loaded::Waiting(model)),
                Ok(Msg::Loaded(Err(Failed {
                    problems: diags, ..
                }))) => {
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
                modes::loading::update(&mut screen, loading::Event::Tick(started.elapsed()));
            }
            modes::loading::update(&mut screen, event);
            if screen.quit {
                return Ok(Loaded::Not(match problems {
                    Some(p) => Outcome::Failed(p),
                    None => Outcome::Quit,
                }));
            }
        }
    }

    /// The explorer, until the user quits or the terminal goes away. With
    /// `open`, `model` is what stands in for a chart whose files were broken
    /// at start: on every save (or `R`) `open` runs again, and the chart it
    /// gives ends this run, to be explored in turn.
    fn explore<F>(&mut self, mut model: Model, open: Option<Arc<F>>) -> io::Result<Explored>
    where
        F: Fn() -> Result<Model, Failed> + Send + Sync + 'static,
    {
        let (terminal, rx, gate) = (&mut self.terminal, &self.rx, &self.gate);
        let reloader = (!model.live.files.is_empty()).then(|| {
            let tx = self.tx.clone();
            let files = &model.live.files;
            let (r, status) = match &open {
                Some(open) => {
                    let open = Arc::clone(open);
                    Reloader::spawn(
                        files,
                        model.live.watch,
                        move |_: &[std::path::PathBuf]| open(),
                        move |reload| {
                            let _ = tx.send(Msg::Opened(Box::new(reload)));
                        },
                    )
                }
                None => Reloader::spawn(
                    files,
                    model.live.watch,
                    ChartLoader::new(files, Arc::clone(&model.chart)),
                    move |reload| {
                        let _ = tx.send(Msg::Reloaded(reload));
                    },
                ),
            };
            if let Err(e) = status {
                model.message = Some(format!("{e}; R reloads by hand"));
            }
            // Saved between the first read and the start of watching.
            if model.live.watch && model.live.changed_since_read() {
                r.reload_now();
            }
            r
        });
        let mut trace = Trace::from_env();
        {
            let tx = self.tx.clone();
            model.search_in_background(move |generation, hits| {
                let _ = tx.send(Msg::Search(generation, hits));
            });
        }
        {
            let tx = self.tx.clone();
            let done: crate::tui::model::measures::MeasuresDone =
                Arc::new(move |generation, paths| {
                    let _ = tx.send(Msg::Measures(generation, paths));
                });
            model.measurer = Some(crate::tui::model::measures::MeasuresDoneFn(done));
        }
        // Find's index is built while the analyst reads the first screen.
        model.search.build_in_background();
        let size = terminal.size()?;
        model.update(Action::Resize(size.width, size.height));
        terminal.draw(|f| f.render_widget(&model, f.area()))?;
        // Saves under way: waited for before the explorer ends, so that
        // quitting during one leaves no temporary file behind.
        let mut saves: Vec<thread::JoinHandle<()>> = Vec::new();
        while let Ok(msg) = rx.recv() {
            let mut cause = None;
            match msg {
                Msg::Input(Event::Key(k)) => {
                    if let Some(key) = Key::from_event(k) {
                        debug_panic_trigger(key);
                        let received = Trace::now();
                        model.handle_key(key);
                        cause = Some(("key", received));
                        for effect in take_edit_effects(&mut model) {
                            match effect {
                                Effect::Edit(target) => {
                                    edit(terminal, gate, &mut model, &target);
                                    if !model.live.watch
                                        && let Some(r) = &reloader
                                    {
                                        r.reload_now();
                                    }
                                }
                                _ => match &reloader {
                                    Some(r) => {
                                        r.reload_now();
                                        model.message = Some("reloading…".into());
                                    }
                                    None => {
                                        model.message =
                                            Some(BUNDLED_NOTE.replace(
                                                "cannot be edited",
                                                "has no file to reload",
                                            ))
                                    }
                                },
                            }
                        }
                        for job in take_capture_jobs(&mut model) {
                            saves.retain(|h| !h.is_finished());
                            saves.push(spawn_save(self.tx.clone(), job, received));
                        }
                        if !model.effects.is_empty() {
                            // A file put back: reload it now when no
                            // watcher will.
                            let wrote = model.effects.iter().any(|e| matches!(e, Effect::Undo));
                            let backend = terminal.backend_mut();
                            super::effects::run(&mut model, Path::new("."), &mut |text| {
                                // OSC 52: the terminal (or tmux with
                                // set-clipboard on) sets the clipboard, over SSH too.
                                execute!(backend, CopyToClipboard::to_clipboard_from(text))
                            });
                            if wrote
                                && !model.live.watch
                                && let Some(r) = &reloader
                            {
                                r.reload_now();
                            }
                        }
                    }
                }
                Msg::Input(Event::Resize(w, h)) => model.update(Action::Resize(w, h)),
                Msg::Input(Event::Paste(text)) => model.paste(&text),
                Msg::Resized => {
                    let size = terminal.size()?;
                    model.update(Action::Resize(size.width, size.height));
                }
                Msg::Search(generation, hits) => model.search_done(generation, hits),
                Msg::Measures(generation, paths) => {
                    if !model.measures_done(generation, paths) {
                        continue;
                    }
                }
                Msg::Reloaded(r) => {
                    let swap = Trace::now();
                    model.reloaded(&r.changed, r.result);
                    trace.span("swap", swap);
                    trace.span("work", swap - r.work);
                    cause = Some(("reload", r.at));
                }
                Msg::Opened(r) => match r.result {
                    Ok(mut opened) => {
                        let names = crate::dossier::watch::dossier_names(&r.changed);
                        opened.message = Some(format!("{names}: fixed · the chart is open"));
                        saves.into_iter().for_each(|h| drop(h.join()));
                        return Ok(Explored::Opened(Box::new(opened)));
                    }
                    Err(failed) => {
                        model.reloaded(&r.changed, Err(failed.problems));
                        cause = Some(("reload", r.at));
                    }
                },
                Msg::Saved(result, pressed) => {
                    let wrote = result.is_ok();
                    model.message = Some(model.captured(*result));
                    // A file written: reload it now when no watcher will.
                    if wrote
                        && !model.live.watch
                        && let Some(r) = &reloader
                    {
                        r.reload_now();
                    }
                    cause = Some(("saved", pressed));
                }
                Msg::Input(_) | Msg::Loaded(_) => continue,
                Msg::InputGone | Msg::Signal => break,
            }
            if model.quit {
                break;
            }
            terminal.draw(|f| f.render_widget(&model, f.area()))?;
            trace.frame(cause);
        }
        saves.into_iter().for_each(|h| drop(h.join()));
        Ok(Explored::Ended(
            model.live.unopened.then_some(model.live.broken),
        ))
    }

    fn end(self) {
        self.sig_handle.close();
        // Restoring a terminal that has gone away fails harmlessly. The
        // terminal is not dropped: its Drop would show the cursor, and report a
        // failure to with eprintln!, which panics when stderr is gone too.
        let mut terminal = self.terminal;
        let _ = terminal.show_cursor();
        let _ = execute!(io::stdout(), DisableBracketedPaste);
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

/// Pulls the effects the loop itself carries out (the editor, reloads) out
/// of the model's queue, leaving the others to [`super::effects::run`].
fn take_edit_effects(model: &mut Model) -> Vec<Effect> {
    let (ours, rest) = std::mem::take(&mut model.effects)
        .into_iter()
        .partition(|e| matches!(e, Effect::Edit(_) | Effect::Reload));
    model.effects = rest;
    ours
}

/// Pulls a form's saves out of the model's queue: they run on a thread of
/// their own ([`spawn_save`]), so that a large file's read, check and write
/// do not hold the screen.
fn take_capture_jobs(model: &mut Model) -> Vec<CaptureJob> {
    let mut jobs = Vec::new();
    for effect in std::mem::take(&mut model.effects) {
        match effect {
            Effect::Capture(job) => jobs.push(*job),
            other => model.effects.push(other),
        }
    }
    jobs
}

/// Writes a form's item on a thread, and sends the outcome back to the
/// loop, which hands it to the model. A panic in the save is reported as a
/// refusal rather than leaving the form waiting.
fn spawn_save(
    tx: mpsc::Sender<Msg>,
    job: CaptureJob,
    pressed: SystemTime,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| {
            crate::export::capture::save(&job.target, &job.addition, job.stamp)
        }))
        .unwrap_or_else(|_| {
            Err(Refused(format!(
                "the save stopped on an internal error: check {} before saving again",
                job.target.name
            )))
        });
        let _ = tx.send(Msg::Saved(Box::new(result), pressed));
    })
}

/// Lets the input thread be paused while an editor owns the terminal: a
/// reader blocked on the terminal would otherwise take the editor's keys.
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
    /// Written to wake the input thread from its wait on the terminal.
    wake_tx: UnixStream,
    wake_rx: UnixStream,
}

#[derive(Default)]
struct GateState {
    paused: bool,
    /// The input thread has seen the pause and reads nothing.
    parked: bool,
}

impl Gate {
    fn new() -> io::Result<Arc<Gate>> {
        let (wake_tx, wake_rx) = UnixStream::pair()?;
        wake_rx.set_nonblocking(true)?;
        Ok(Arc::new(Gate {
            state: Mutex::new(GateState::default()),
            changed: Condvar::new(),
            wake_tx,
            wake_rx,
        }))
    }

    /// Stops the input thread reading; returns once it has stopped (or
    /// after a bound, should it be stuck in a read).
    fn pause(&self) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.paused = true;
        let _ = (&self.wake_tx).write_all(b"p");
        let _ = self
            .changed
            .wait_timeout_while(st, Duration::from_millis(500), |s| !s.parked);
    }

    fn resume(&self) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.paused = false;
        self.changed.notify_all();
    }

    /// In the input thread: waits while paused.
    fn wait_resumed(&self) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while st.paused {
            st.parked = true;
            self.changed.notify_all();
            st = self.changed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.parked = false;
    }

    fn drain_wake(&self) {
        let mut buf = [0u8; 64];
        while let Ok(n) = io::Read::read(&mut &self.wake_rx, &mut buf) {
            if n == 0 {
                break;
            }
        }
    }
}

/// Reads the terminal on its own thread: it sleeps in `poll` until the
/// terminal has input (or the gate wakes it to pause), then reads every
/// event crossterm has.
fn spawn_input(tx: mpsc::Sender<Msg>, gate: Arc<Gate>) {
    use rustix::event::{PollFd, PollFlags, poll};
    thread::spawn(move || {
        loop {
            gate.wait_resumed();
            let stdin = rustix::stdio::stdin();
            let mut fds = [
                PollFd::new(&stdin, PollFlags::IN),
                PollFd::new(&gate.wake_rx, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => {
                    let _ = tx.send(Msg::InputGone);
                    return;
                }
            }
            if !fds[1].revents().is_empty() {
                gate.drain_wake();
                continue;
            }
            if fds[0].revents().is_empty() {
                continue;
            }
            // Readable, or hung up: `read` tells which.
            loop {
                match event::read() {
                    Ok(ev) => {
                        if tx.send(Msg::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Msg::InputGone);
                        return;
                    }
                }
                // Events crossterm read ahead, without waiting.
                if !event::poll(Duration::ZERO).unwrap_or(false) {
                    break;
                }
            }
        }
    });
}

/// Hands the terminal to the analyst's editor at `target`, then takes it
/// back and redraws everything. Whatever goes wrong is said in the status
/// bar; nothing else changes.
fn edit(
    terminal: &mut ratatui::DefaultTerminal,
    gate: &Gate,
    model: &mut Model,
    target: &EditTarget,
) {
    use ratatui::crossterm::cursor::Show;
    use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
    let place = match model.live.resolve(&model.chart, target) {
        Ok(p) => p,
        Err(e) => {
            model.message = Some(e);
            return;
        }
    };
    let var = |k: &str| std::env::var(k).ok();
    let cmd = match editor_command(
        var("VISUAL").as_deref(),
        var("EDITOR").as_deref(),
        &place.path,
        place.line,
        place.col,
    ) {
        Ok(c) => c,
        Err(e) => {
            model.message = Some(e);
            return;
        }
    };
    gate.pause();
    // The editor gets the terminal as the shell would give it: main screen,
    // cooked mode, cursor shown, pastes as typed.
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
    let status = std::process::Command::new(&cmd.program)
        .args(&cmd.args)
        .status();
    let _ = enable_raw_mode();
    let _ = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    );
    let _ = terminal.hide_cursor();
    // The screen is blank now, but ratatui remembers the last frame and
    // would draw only what differs from it: a blank frame first makes the
    // next one whole. (`Terminal::clear` would do it, but it asks the
    // terminal where the cursor is and waits for the answer.)
    let _ = terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()));
    gate.resume();
    // The terminal may have been resized meanwhile.
    if let Ok(size) = terminal.size() {
        model.update(Action::Resize(size.width, size.height));
    }
    let name = crate::sanitize::sanitize(&cmd.program);
    model.message = Some(match status {
        Ok(s) if s.success() => format!(
            "edited {}:{}",
            crate::sanitize::sanitize(&place.path.display().to_string()),
            place.line
        ),
        Ok(s) => match s.code() {
            Some(code) => format!("the editor ({name}) exited with status {code}"),
            None => format!("the editor ({name}) was stopped by a signal"),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            format!("cannot start the editor `{name}`: not found; set $VISUAL or $EDITOR")
        }
        Err(e) => format!("cannot start the editor `{name}`: {e}"),
    });
}

/// With `LINKCHART_TRACE=FILE`, each frame drawn after a key or a reload is
/// logged as `key|reload START_NS DRAWN_NS` (Unix time in nanoseconds), and
/// the time the input thread spends swapping a reloaded chart in as `swap
/// START_NS END_NS` (and the reload thread's work before it, read, parse,
/// check, index and match, as `work`, ending when the swap starts), for `scripts/bench-reload.sh` to measure from outside;
/// otherwise nothing is done.
struct Trace(Option<std::fs::File>);

impl Trace {
    fn from_env() -> Trace {
        let file = std::env::var_os("LINKCHART_TRACE").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Trace(file)
    }

    fn now() -> SystemTime {
        SystemTime::now()
    }

    fn frame(&mut self, cause: Option<(&str, SystemTime)>) {
        if let Some((what, start)) = cause {
            self.span(what, start);
        }
    }

    /// Logs `what START_NS NOW_NS`.
    fn span(&mut self, what: &str, start: SystemTime) {
        let Some(f) = &mut self.0 else {
            return;
        };
        let ns = |t: SystemTime| {
            t.duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        };
        let _ = writeln!(f, "{what} {} {}", ns(start), ns(SystemTime::now()));
    }
}
