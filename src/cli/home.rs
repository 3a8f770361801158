//! Making linkchart at home: the configuration options, `linkchart keys`
//! and `linkchart completions`.

use std::path::PathBuf;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::common::write_stdout;
use crate::config::{Config, KEYMAP_FILE};
use crate::dossier::Diagnostic;
use crate::sanitize::sanitize;
use crate::tui::keymap::{Keymap, Mode};

/// Where the user's keymap.ron and theme.ron are read from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Read keymap.ron and theme.ron from DIR [default: $LINKCHART_CONFIG,
    /// else $XDG_CONFIG_HOME/linkchart, else ~/.config/linkchart].
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub config: Option<PathBuf>,
    /// Read no configuration files: the built-in keys and colours.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
}

impl ConfigArgs {
    pub fn load(&self) -> Result<Config, Diagnostic> {
        Config::load(self.config.as_deref(), self.no_config)
    }
}

pub const COMPLETIONS_HELP: &str = "\
Install:
  bash        linkchart completions bash > ~/.local/share/bash-completion/completions/linkchart
  zsh         linkchart completions zsh > ~/.zfunc/_linkchart
              (with `fpath+=~/.zfunc; autoload -Uz compinit; compinit` in ~/.zshrc)
  fish        linkchart completions fish > ~/.config/fish/completions/linkchart.fish
  elvish      linkchart completions elvish >> ~/.config/elvish/rc.elv
  powershell  linkchart completions powershell >> $PROFILE";

/// `cmd`: the whole command line's definition.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command) -> ExitCode {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "linkchart", &mut out);
    write_stdout(&out)
}

/// `linkchart keys`: the keymap in effect as a table, rows the user's file
/// changed marked `*`.
pub fn keys(config: &Config) -> ExitCode {
    write_stdout(keys_table(config).as_bytes())
}

pub fn keys_table(config: &Config) -> String {
    let base = Keymap::default();
    let mut rows: Vec<[String; 5]> = vec![[
        String::new(),
        "MODE".into(),
        "KEYS".into(),
        "ACTION".into(),
        "HELP".into(),
    ]];
    let mut changed = 0;
    for mode in Mode::ALL {
        for (i, b) in config.keymap.bindings(mode).iter().enumerate() {
            let mark = if base.bindings(mode).get(i) != Some(b) {
                changed += 1;
                "*"
            } else {
                ""
            };
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            rows.push([
                mark.into(),
                mode.name(),
                if keys.is_empty() {
                    "(no key)".into()
                } else {
                    sanitize(&keys.join(" ")).into_owned()
                },
                format!("{:?}", b.action),
                sanitize(&b.help).into_owned(),
            ]);
        }
    }
    let width = |c: usize| rows.iter().map(|r| r[c].width()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    let mut out = String::new();
    for r in &rows {
        for (c, w) in widths.iter().enumerate() {
            out.push_str(&r[c]);
            out.push_str(&" ".repeat(w - r[c].width() + 2));
        }
        out.push_str(&r[4]);
        out.push('\n');
    }
    let file = config.keymap_file.as_ref().map(|p| p.display().to_string());
    let dir = config.dir.as_ref().map(|(p, _)| p.display().to_string());
    out.push('\n');
    out.push_str(&sanitize(&match (file, dir) {
        (Some(f), _) => format!(
            "* {changed} binding{} changed by {f}",
            if changed == 1 { "" } else { "s" }
        ),
        (None, Some(d)) => format!("All built-in: there is no {d}/{KEYMAP_FILE}."),
        (None, None) => "All built-in: no configuration folder is read.".to_string(),
    }));
    out.push('\n');
    out
}
