//! Carrying out what the model asks for: writing briefings and copying to
//! the clipboard. The terminal loop and the headless renderer both call
//! [`run`], each with its own clipboard.

use std::io;
use std::path::Path;

use super::model::{Effect, Model};
use crate::export::write::write_unique;

/// The most a copy puts on the clipboard.
pub const MAX_CLIPBOARD_BYTES: usize = 64 * 1024;

/// Performs and clears the model's pending effects, reporting each outcome
/// in the status bar. Briefings go to `dir`, never replacing a file.
pub fn run(model: &mut Model, dir: &Path, clipboard: &mut dyn FnMut(&str) -> io::Result<()>) {
    for effect in std::mem::take(&mut model.effects) {
        model.message = Some(match effect {
            Effect::Copy(text) => {
                // Terminals cap OSC 52 writes (often at a few hundred KB) and a
                // huge one would stall an SSH link: copy the start only.
                let cut = text.len() > MAX_CLIPBOARD_BYTES;
                let copied = if cut {
                    format!(
                        "{}\n… (cut: {} KB more; `b` writes the full briefing)\n",
                        crate::sanitize::head(&text, MAX_CLIPBOARD_BYTES),
                        (text.len() - MAX_CLIPBOARD_BYTES).div_ceil(1024)
                    )
                } else {
                    text
                };
                match clipboard(&copied) {
                    Ok(()) => format!(
                        "copied {}{} to the clipboard (OSC 52)",
                        crate::export::count(copied.lines().count() as u64, "line"),
                        if cut { ", cut to 64 KB" } else { "" }
                    ),
                    Err(e) => format!("copy failed: {e}"),
                }
            }
            Effect::WriteBriefing { stem, markdown } => {
                let name = format!("briefing-{stem}-{}", model.today);
                match write_unique(dir, &name, "md", markdown.as_bytes()) {
                    Ok(path) => format!("briefing written to {}", path.display()),
                    Err(e) => format!("cannot write the briefing: {e}"),
                }
            }
            // The terminal loop hands these to the editor and the reloader;
            // without a terminal, say what would happen.
            Effect::Edit(target) => match model.live.resolve(&model.chart, &target) {
                Ok(p) => format!(
                    "no terminal to edit in: would open {}:{}:{}",
                    p.path.display(),
                    p.line,
                    p.col
                ),
                Err(e) => e,
            },
            Effect::Reload => "nothing to reload: the files are read once here".into(),
        });
    }
}
