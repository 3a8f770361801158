//! Work the model asks for but does not do itself.

use super::live::EditTarget;

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
}
