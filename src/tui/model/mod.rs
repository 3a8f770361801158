//! The explorer's state and its vocabulary: the bottom of `tui/`, which
//! imports nothing else of `tui/`. Its files import each other downward
//! only:
//!
//! - words: `action` (what can be asked), `keymap` (keys, modes and their
//!   bindings), `theme`, `pane` (the panes, a place), `cursor`, `text`
//!   (fitting text to columns), `layout` (where each pane goes);
//! - each mode's state: `overlay` (find, sources, help, problems), `path`,
//!   `timeline`, `live` (the edit loop), `loading` (the loading screen),
//!   `changes` (what changed since a git revision, and its marks);
//!   `effect`, the work the model asks the runner for; `keep`, matching a
//!   reloaded chart against the one shown;
//! - `state`: the [`Model`] itself and what it reads (selection, mode,
//!   areas); `cards`: claim cards laid out, which its scrolling measures;
//! - operations the modes share, each file using only those listed before
//!   it: `browse` (building the model, moving the selection, history, the
//!   path view, opening the timeline), `search` (find's queries), `filter`,
//!   `edit_loop` (the editor, swapping a reloaded chart in).
//!
//! The re-exports below are names for the rooms above; the files here use
//! each other's real paths.

pub mod action;
pub mod browse;
pub mod cards;
pub mod changes;
pub mod cursor;
pub mod edit_loop;
pub mod effect;
pub mod filter;
pub mod keep;
pub mod keymap;
pub mod layout;
pub mod live;
pub mod loading;
pub mod overlay;
pub mod pane;
pub mod path;
pub mod search;
pub mod state;
pub mod text;
pub mod theme;
pub mod timeline;

pub use action::{Action, Handled};
pub use cursor::Cursor;
pub use effect::Effect;
pub use overlay::{FIND_LIMIT, FindState, Overlay, ProblemsState, SourcesState};
pub use pane::{Pane, Place};
pub use path::{PATH_LIMIT, PathState};
pub use state::{MAX_DEPTH, Model};
