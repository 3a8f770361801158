//! `linkchart man`: one manual page with every command, the keys in effect
//! (generated from the keymap, as the help screen is), the files read, the
//! environment and the exit status.

use std::process::ExitCode;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::common::write_stdout;
use crate::config::{Config, KEYMAP_FILE, THEME_FILE};
use crate::tui::keymap::Mode;

/// `cmd`: the whole command line's definition.
pub fn man(config: &Config, cmd: clap::Command) -> ExitCode {
    write_stdout(page(config, cmd).as_bytes())
}

/// The page, as roff; its examples are the command line's own (`--help`).
pub fn page(config: &Config, mut cmd: clap::Command) -> String {
    cmd.build();
    let examples = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let top = Man::new(cmd.clone());
    let mut out = Vec::new();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        render(&top, &mut out).expect("writing to a Vec cannot fail");
    }
    let mut page = String::from_utf8(out).expect("roff is UTF-8");

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    page.push_str(&roff.to_roff());
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        page.push_str(&subcommand(sub));
    }
    page.push_str(&keys(config));
    page.push_str(&files_environment_exit_status(&examples));
    ascii(&page)
}

/// The page in ASCII: other characters (arrows, dashes) as groff's `\[uXXXX]`
/// escapes, which every roff reads without a preprocessor.
fn ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

/// One command: its synopsis, description and options, under `.SS`.
fn subcommand(sub: &clap::Command) -> String {
    // The global options are described once, at the top.
    let mut sub = sub.clone();
    let globals: Vec<clap::Id> = sub
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().clone())
        .collect();
    for id in globals {
        sub = sub.mut_arg(id, |a| a.hide(true));
    }
    let man = Man::new(sub.clone());
    let mut roff = Roff::new();
    let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    roff.control("SS", [name]);
    let mut text = roff.to_roff();
    let mut parts = Vec::new();
    for render in [
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        let mut out = Vec::new();
        render(&man, &mut out).expect("writing to a Vec cannot fail");
        parts.push(String::from_utf8(out).expect("roff is UTF-8"));
    }
    for (i, part) in parts.into_iter().enumerate() {
        if i == 1 {
            text.push_str(".PP\n");
        }
        // Each part opens with its own `.SH`; inside a command's `.SS` the
        // synopsis and description need none, and options get a paragraph.
        for line in part.lines() {
            if line.starts_with(".SH OPTIONS") {
                text.push_str(".PP\nOptions:\n");
            } else if !line.starts_with(".SH") {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text
}

/// The keys in effect, mode by mode, as the help screen lists them.
fn keys(config: &Config) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["KEYS"]);
    roff.text([roman(format!(
        "The explorer's keys, as in effect when this page was written \
         (the built-in ones, changed by {KEYMAP_FILE} if there is one); \
         ? shows them in the explorer."
    ))]);
    for mode in Mode::ALL {
        roff.control("SS", [mode.title()]);
        for b in config.keymap.bindings(mode) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.pretty()).collect();
            roff.control("TP", []);
            if keys.is_empty() {
                roff.text([italic("(no key)")]);
            } else {
                roff.text([bold(keys.join("  "))]);
            }
            roff.text([roman(crate::sanitize::sanitize(&b.help))]);
        }
    }
    roff.to_roff()
}

fn files_environment_exit_status(examples: &str) -> String {
    let mut roff = Roff::new();
    let entry = |roff: &mut Roff, term: &str, text: &str| {
        roff.control("TP", []);
        roff.text([bold(term)]);
        roff.text([roman(text)]);
    };
    roff.control("SH", ["FILES"]);
    roff.text([roman(
        "The configuration folder is the first of: --config DIR; $LINKCHART_CONFIG; \
         $XDG_CONFIG_HOME/linkchart; ~/.config/linkchart. --no-config reads none. \
         A folder given by --config or LINKCHART_CONFIG must exist; the default one need not, \
         nor need the files in it.",
    )]);
    entry(
        &mut roff,
        &format!("~/.config/linkchart/{KEYMAP_FILE}"),
        "Changes to the keymap: for each mode (main, find, sources, help, …), entries \
         (action: Down, keys: [\"n\", \"Down\"]) whose keys replace the built-in keys of that \
         action; help and status may be given too. `linkchart keys` shows the result.",
    );
    entry(
        &mut roff,
        &format!("~/.config/linkchart/{THEME_FILE}"),
        "Colours of the explorer's roles (title, border, border_focused, cursor, dim, quote, \
         grade, warn, …): a colour (a name such as \"cyan\", \"#rrggbb\", or 0 to 255) for the \
         foreground, or a style (fg: …, bg: …, bold: true, italic, reversed, underlined, dim).",
    );
    roff.control("SH", ["ENVIRONMENT"]);
    entry(
        &mut roff,
        "LINKCHART_CONFIG",
        "The configuration folder, unless --config or --no-config is given.",
    );
    entry(
        &mut roff,
        "XDG_CONFIG_HOME",
        "The configuration folder is $XDG_CONFIG_HOME/linkchart (default ~/.config).",
    );
    entry(
        &mut roff,
        "NO_COLOR",
        "When set and not empty, the explorer uses no colour at all, whatever theme.ron says.",
    );
    roff.control("SH", ["EXIT STATUS"]);
    entry(&mut roff, "0", "Success.");
    entry(
        &mut roff,
        "1",
        "A dossier is invalid (check), no path exists under the filters (path), \
         or a file cannot be read or written.",
    );
    entry(
        &mut roff,
        "2",
        "A usage error: bad arguments, a mistake in keymap.ron or theme.ron (reported as \
         FILE:LINE:COL before the terminal is touched), or no terminal for the explorer.",
    );
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in examples.lines().skip(1) {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.to_roff()
}
