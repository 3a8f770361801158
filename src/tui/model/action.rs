//! Everything the explorer can be asked to do: keys map to these through the
//! keymap, and the modes' `update` functions are the only things that act
//! on them.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Action {
    /// Move the cursor in the focused list.
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    /// Change the focused pane.
    NextPane,
    PrevPane,
    PaneLeft,
    PaneRight,
    /// Follow the selected relation to the actor at its other end.
    Follow,
    /// Go back to where the last follow or jump came from.
    Back,
    HistoryBack,
    HistoryForward,
    /// Open overlays.
    Find,
    Sources,
    Help,
    /// In overlays: accept (jump, close) or cancel.
    Confirm,
    Cancel,
    /// In the sources panel: toggle the selected source, or all/none.
    Toggle,
    ToggleAll,
    /// In find: delete the last character of the query.
    DeleteChar,
    /// In find: clear the query.
    ClearQuery,
    /// Shortest chains from the selected actor to one picked by name.
    PathTo,
    /// In the path view: follow relation direction, or ignore it.
    ToggleDirection,
    /// In the path view: also chains one hop longer than the shortest (up
    /// to [`MAX_LONGER`](super::path::MAX_LONGER)), or one hop fewer again.
    LongerPaths,
    ShorterPaths,
    /// Show or hide the neighbourhood drawing; change its depth.
    Neighbourhood,
    DepthUp,
    DepthDown,
    /// Filters beyond sources.
    CycleReliability,
    CycleCredibility,
    ToggleAssessments,
    CycleKind,
    /// The fewest independent origins a relation needs: 1, 2, 3, any.
    CycleMinSources,
    ClearFilters,
    /// Show grade meanings and confidence ranges in claim cards.
    ToggleDetails,
    /// Write a Markdown briefing of what is on screen, or of the whole dossier.
    Briefing,
    BriefingAll,
    /// Copy the selected claim, relation or briefing to the clipboard.
    Copy,
    /// The timeline of the selected actor (or the open path), or of the
    /// whole chart; in it, start or end the date range at the selected
    /// claim's date.
    Timeline,
    TimelineAll,
    RangeStart,
    RangeEnd,
    Quit,
    ForceQuit,
    /// The edit loop: open the editor at the selected thing (or problem),
    /// list the chart's problems, reload its files now.
    Edit,
    Problems,
    Reload,
    /// Capture: add a claim to the selected relation, a relation from the
    /// selected actor, an actor or a source, in forms that write into the
    /// chart's files; undo the last capture.
    AddClaim,
    AddRelation,
    AddActor,
    AddSource,
    Undo,
    /// In forms: move between fields, save, make a new item for a picker
    /// (a source, an actor) in a form of its own.
    NextField,
    PrevField,
    Save,
    NewItem,
    /// In forms' text fields: move the cursor by a character, a word, to
    /// either end; delete the character after the cursor, the word before
    /// it, everything before or after it.
    CharLeft,
    CharRight,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    DeleteForward,
    DeleteWord,
    DeleteToStart,
    DeleteToEnd,
    /// The measures view: actors ranked by a centrality measure; in it,
    /// rank by the next measure.
    Measures,
    NextMeasure,
    /// With `--changed-since`: show only the actors and relations with
    /// changes, or everything again.
    ToggleChanged,
    /// Not bound to keys: typed text and terminal events.
    #[serde(skip)]
    Input(char),
    #[serde(skip)]
    Resize(u16, u16),
}

/// What a mode's `update` did with an action: took it, or left it to the
/// main panes beneath (as the timeline does with the keys it has not got).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Yes,
    No,
}
