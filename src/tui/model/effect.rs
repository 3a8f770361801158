//! Work the model asks for but does not do itself.

use super::live::EditTarget;
use crate::export::capture::{Addition, Stamp, Target};

/// What a form's save asks to be written: the item, its file, and that
/// file's fingerprint when the form opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureJob {
    pub addition: Addition,
    pub target: Target,
    pub stamp: Stamp,
}

/// Work for the runner (terminal loop or headless render) that the model
/// asks for but does not do itself: it touches the world outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write this Markdown as `briefing-<stem>-<date>.md`, never overwriting.
    WriteBriefing { stem: String, markdown: String },
    /// Hand the terminal to the analyst's editor at this place.
    Edit(EditTarget),
    /// Reload the chart's files now.
    Reload,
    /// Write a form's item into its file ([`crate::export::capture::save`]),
    /// then hand the outcome to `Model::captured`.
    Capture(Box<CaptureJob>),
    /// Undo the last capture, then hand the outcome to `Model::undone`.
    Undo,
}
