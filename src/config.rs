//! The user's configuration folder and the files read from it:
//! `keymap.ron` (changes to the built-in keymap) and `theme.ron` (colours).
//!
//! The folder is, first found: `--config DIR`, `$LINKCHART_CONFIG`,
//! `$XDG_CONFIG_HOME/linkchart`, `~/.config/linkchart`; `--no-config` reads
//! none. A folder named explicitly must exist; the default one need not.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::dossier::Diagnostic;
use crate::tui::keymap::Keymap;
use crate::tui::keymap_user;
use crate::tui::theme::Theme;
use crate::tui::theme_user::ThemeFile;

pub const KEYMAP_FILE: &str = "keymap.ron";
pub const THEME_FILE: &str = "theme.ron";

/// Configuration files larger than this are refused unread.
const MAX_BYTES: u64 = 1 << 20;

/// How the configuration folder was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Xdg,
    Home,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "--config",
            Origin::Env => "LINKCHART_CONFIG",
            Origin::Xdg => "XDG_CONFIG_HOME",
            Origin::Home => "~/.config",
        }
    }
}

/// The configuration folder, or `None` when there is none to read
/// (`--no-config`, or no `HOME` at all). `env` reads a variable.
pub fn config_dir(
    flag: Option<&Path>,
    no_config: bool,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Option<(PathBuf, Origin)> {
    if no_config {
        return None;
    }
    let set = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = flag {
        return Some((dir.to_path_buf(), Origin::Flag));
    }
    if let Some(dir) = set("LINKCHART_CONFIG") {
        return Some((dir, Origin::Env));
    }
    // The XDG rule: a relative XDG_CONFIG_HOME is ignored.
    if let Some(base) = set("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Some((base.join("linkchart"), Origin::Xdg));
    }
    set("HOME").map(|home| (home.join(".config").join("linkchart"), Origin::Home))
}

/// What the configuration folder holds, merged with the built-in defaults.
#[derive(Debug, Clone)]
pub struct Config {
    pub dir: Option<(PathBuf, Origin)>,
    /// The effective keymap.
    pub keymap: Keymap,
    /// The files that were read.
    pub keymap_file: Option<PathBuf>,
    pub theme_file: Option<PathBuf>,
    theme: Option<ThemeFile>,
}

impl Config {
    /// The built-in keymap and theme, no files.
    pub fn builtin() -> Config {
        Config {
            dir: None,
            keymap: Keymap::default(),
            keymap_file: None,
            theme_file: None,
            theme: None,
        }
    }

    /// Reads the folder `config_dir` chooses from the process's environment.
    pub fn load(flag: Option<&Path>, no_config: bool) -> Result<Config, Diagnostic> {
        Config::load_from(config_dir(flag, no_config, &|k| std::env::var_os(k)))
    }

    /// Reads `keymap.ron` and `theme.ron` from `dir` when they exist.
    pub fn load_from(dir: Option<(PathBuf, Origin)>) -> Result<Config, Diagnostic> {
        let mut config = Config::builtin();
        let Some((path, origin)) = dir else {
            return Ok(config);
        };
        let explicit = matches!(origin, Origin::Flag | Origin::Env);
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(dir_error(&path, origin, "is not a folder")),
            Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => {
                config.dir = Some((path, origin));
                return Ok(config);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(dir_error(&path, origin, "no such folder"));
            }
            Err(e) => return Err(dir_error(&path, origin, &format!("cannot read: {e}"))),
        }
        let keymap = path.join(KEYMAP_FILE);
        if let Some(text) = read(&keymap)? {
            let name = keymap.display().to_string();
            config.keymap = keymap_user::merge(&config.keymap, &name, &text)?;
            config.keymap_file = Some(keymap);
        }
        let theme = path.join(THEME_FILE);
        if let Some(text) = read(&theme)? {
            let name = theme.display().to_string();
            let file = ThemeFile::parse(&name, &text)?;
            config.theme = Some(file);
            config.theme_file = Some(theme);
        }
        config.dir = Some((path, origin));
        Ok(config)
    }

    /// The theme to draw with: the built-in colours changed by the user's
    /// file, or, when `no_color` (the `NO_COLOR` convention), modifiers only
    /// whatever the file says.
    pub fn theme(&self, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match &self.theme {
            Some(t) => t.apply(Theme::color()),
            None => Theme::color(),
        }
    }

    /// [`Config::theme`] with `NO_COLOR` read from the environment.
    pub fn theme_from_env(&self) -> Theme {
        self.theme(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
    }
}

fn dir_error(path: &Path, origin: Origin, what: &str) -> Diagnostic {
    Diagnostic::error(
        &path.display().to_string(),
        format!(
            "{what}; the configuration folder given by {}",
            origin.describe()
        ),
    )
}

/// The file's text, or `None` when it does not exist.
fn read(path: &Path) -> Result<Option<String>, Diagnostic> {
    let name = path.display().to_string();
    let err = |m: String| Diagnostic::error(&name, m);
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Err(err("permission denied: the file cannot be read".into()));
        }
        Err(e) => return Err(err(format!("cannot read: {e}"))),
    };
    let meta = file
        .metadata()
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(err("is not a regular file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(err(format!(
            "is {} bytes; a configuration file is at most {MAX_BYTES}",
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        err(format!(
            "is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_folder_is_chosen_in_order() {
        let all = [
            ("LINKCHART_CONFIG", "/env"),
            ("XDG_CONFIG_HOME", "/xdg"),
            ("HOME", "/home/u"),
        ];
        let dir = |flag: Option<&str>, no: bool, vars: &[(&str, &str)]| {
            config_dir(flag.map(Path::new), no, &env(vars))
                .map(|(p, o)| (p.display().to_string(), o))
        };
        assert_eq!(
            dir(Some("/flag"), false, &all),
            Some(("/flag".into(), Origin::Flag))
        );
        assert_eq!(dir(Some("/flag"), true, &all), None);
        assert_eq!(dir(None, false, &all), Some(("/env".into(), Origin::Env)));
        assert_eq!(
            dir(None, false, &all[1..]),
            Some(("/xdg/linkchart".into(), Origin::Xdg))
        );
        assert_eq!(
            dir(
                None,
                false,
                &[
                    ("LINKCHART_CONFIG", ""),
                    ("XDG_CONFIG_HOME", "rel"),
                    ("HOME", "/h")
                ]
            ),
            Some(("/h/.config/linkchart".into(), Origin::Home))
        );
        assert_eq!(dir(None, false, &[]), None);
    }

    #[test]
    fn a_missing_default_folder_is_no_configuration_but_a_named_one_is_an_error() {
        let tmp = std::env::temp_dir().join(format!("linkchart-no-such-{}", std::process::id()));
        let c = Config::load_from(Some((tmp.clone(), Origin::Xdg))).unwrap();
        assert!(c.keymap_file.is_none() && c.theme_file.is_none());
        let e = Config::load_from(Some((tmp.clone(), Origin::Flag))).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("error: no such folder; the configuration folder given by --config"),
            "{e}"
        );
    }
}
