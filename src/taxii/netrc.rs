//! The `~/.netrc` file, as curl and Python's `netrc` read it: `machine`
//! entries (and one `default`) with `login`, `password` and `account`;
//! `macdef` macros are skipped. Words may be quoted (`"two words"`, with
//! `\"` and `\\` inside); `#` starts a comment.
//!
//! The file holds secrets, so an error names the file and the line but never
//! the words on it.

use std::path::{Path, PathBuf};

/// One `machine` (or `default`) entry.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The host, or `None` for the `default` entry.
    pub machine: Option<String>,
    pub login: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("machine", &self.machine)
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .finish()
    }
}

/// A parsed netrc file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Netrc {
    pub entries: Vec<Entry>,
}

/// Splits the text into words with the line each starts on, skipping
/// comments; `macdef` bodies are returned as one word `\n` so the parser
/// can skip them.
fn words(text: &str) -> Result<Vec<(String, usize)>, (usize, &'static str)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    let mut after_macdef = 0u8; // 2: expect the name; 1: the body follows
    let mut value_next = false; // the word before was a keyword taking a value
    while let Some(&c) = chars.peek() {
        if c == '\n' {
            line += 1;
            chars.next();
            if after_macdef == 1 {
                // The body runs to the first empty line.
                let mut empty = true;
                let start = line;
                loop {
                    match chars.next() {
                        None => break,
                        Some('\n') => {
                            line += 1;
                            if empty {
                                break;
                            }
                            empty = true;
                        }
                        Some(c) if !c.is_whitespace() => empty = false,
                        Some(_) => {}
                    }
                }
                out.push(("\n".to_string(), start));
                after_macdef = 0;
            }
            continue;
        }
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '#' {
            while chars.peek().is_some_and(|&c| c != '\n') {
                chars.next();
            }
            continue;
        }
        let start = line;
        let mut word = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err((start, "a quoted word is not closed")),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(e) => word.push(e),
                        None => return Err((start, "a quoted word is not closed")),
                    },
                    Some('\n') => {
                        line += 1;
                        word.push('\n');
                    }
                    Some(c) => word.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        // A keyword's value is never a keyword itself (a password may be
        // the word `macdef`).
        after_macdef = match (after_macdef, value_next, word.as_str()) {
            (0, false, "macdef") => 2,
            (2, _, _) => 1,
            (n, _, _) => n,
        };
        value_next = !value_next
            && matches!(
                word.as_str(),
                "machine" | "login" | "user" | "password" | "account" | "macdef"
            );
        out.push((word, start));
    }
    Ok(out)
}

impl Netrc {
    /// Parses netrc text; the error gives the line and what is wrong, never
    /// the words themselves.
    pub fn parse(text: &str) -> Result<Netrc, (usize, String)> {
        let words = words(text).map_err(|(l, m)| (l, m.to_string()))?;
        let mut entries: Vec<Entry> = Vec::new();
        let mut it = words.into_iter();
        let mut current: Option<Entry> = None;
        while let Some((word, line)) = it.next() {
            let mut value = |what: &str| {
                it.next()
                    .filter(|(w, _)| w != "\n")
                    .map(|(w, _)| w)
                    .ok_or_else(|| (line, format!("`{what}` is not followed by a value")))
            };
            match word.as_str() {
                "machine" => {
                    entries.extend(current.take());
                    current = Some(Entry {
                        machine: Some(value("machine")?),
                        ..Entry::default()
                    });
                }
                "default" => {
                    entries.extend(current.take());
                    current = Some(Entry::default());
                }
                "macdef" => {
                    entries.extend(current.take());
                    value("macdef")?;
                    // The body, as one word (absent at the end of the file).
                    let _ = it.next();
                }
                "login" | "user" | "password" | "account" => {
                    let v = value(&word)?;
                    let Some(e) = current.as_mut() else {
                        return Err((line, format!("`{word}` before any `machine` or `default`")));
                    };
                    match word.as_str() {
                        "password" => e.password = Some(v),
                        "account" => {}
                        _ => e.login = Some(v),
                    }
                }
                _ => {
                    return Err((
                        line,
                        "unexpected word; expected machine, default, login, password, account or macdef"
                            .to_string(),
                    ));
                }
            }
        }
        entries.extend(current);
        Ok(Netrc { entries })
    }

    /// The entry for `host` (with `login`, when given): the first `machine`
    /// that matches, else the `default` entry.
    pub fn find(&self, host: &str, login: Option<&str>) -> Option<&Entry> {
        let login_ok = |e: &Entry| login.is_none() || e.login.as_deref() == login;
        self.entries
            .iter()
            .find(|e| {
                e.machine
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(host))
                    && login_ok(e)
            })
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|e| e.machine.is_none() && login_ok(e))
            })
    }
}

/// The netrc file to read: `$NETRC`, else `~/.netrc`; `None` without a home.
pub fn default_path(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = var("NETRC").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    var("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| Path::new(&h).join(".netrc"))
}

/// Reads and parses the netrc file at `path`: `Ok(None)` when there is none.
pub fn read(path: &Path) -> Result<Option<Netrc>, String> {
    let shown = crate::sanitize::sanitize(&path.display().to_string()).into_owned();
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{shown}: cannot read: {e}")),
    };
    let text = String::from_utf8(text).map_err(|_| format!("{shown}: not UTF-8 text"))?;
    Netrc::parse(&text)
        .map(Some)
        .map_err(|(line, why)| format!("{shown}, line {line}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_default_and_lookup() {
        let n = Netrc::parse(
            "# the team's platform\n\
             machine cti.example.org login alice password 's3cret'\n\
             machine CTI.example.org\n  login bob\n  password \"two words\"\n\
             default login anonymous password guest\n",
        )
        .unwrap();
        assert_eq!(n.entries.len(), 3);
        let a = n.find("cti.example.org", None).unwrap();
        assert_eq!(a.login.as_deref(), Some("alice"));
        assert_eq!(a.password.as_deref(), Some("'s3cret'"));
        let b = n.find("cti.example.org", Some("bob")).unwrap();
        assert_eq!(b.password.as_deref(), Some("two words"));
        let d = n.find("other.example.org", None).unwrap();
        assert_eq!(d.machine, None);
        assert_eq!(d.login.as_deref(), Some("anonymous"));
        assert_eq!(n.find("other.example.org", Some("carol")), None);
    }

    #[test]
    fn macdef_is_skipped_and_quotes_escape() {
        let n = Netrc::parse(
            "macdef init\ncd /pub\nbinary\n\nmachine h login \"a\\\"b\" password p#q\n",
        )
        .unwrap();
        assert_eq!(n.entries.len(), 1);
        let e = n.find("h", None).unwrap();
        assert_eq!(e.login.as_deref(), Some("a\"b"));
        // `#` inside a word is part of it.
        assert_eq!(e.password.as_deref(), Some("p#q"));
        // Keywords as values.
        let n = Netrc::parse("machine macdef login password password macdef\n").unwrap();
        let e = n.find("macdef", None).unwrap();
        assert_eq!(e.login.as_deref(), Some("password"));
        assert_eq!(e.password.as_deref(), Some("macdef"));
        // A macro at the very end, without its empty line.
        let n = Netrc::parse("machine h password p\nmacdef m\nls\n").unwrap();
        assert_eq!(n.entries.len(), 1);
        assert!(Netrc::parse("").unwrap().entries.is_empty());
    }

    #[test]
    fn errors_name_the_line_not_the_secret() {
        let (line, why) =
            Netrc::parse("machine h\n login alice\n password hunter2 extra\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(!why.contains("hunter2") && !why.contains("extra"), "{why}");
        let (line, why) = Netrc::parse("machine h login alice password").unwrap_err();
        assert_eq!(line, 1);
        assert!(why.contains("password"), "{why}");
        let (line, _) = Netrc::parse("\n\npassword x\n").unwrap_err();
        assert_eq!(line, 3);
        let (line, why) = Netrc::parse("machine h password \"open\n").unwrap_err();
        assert_eq!((line, why.as_str()), (1, "a quoted word is not closed"));
        let e = Netrc::parse("machine h login a password hunter2").unwrap();
        assert!(!format!("{e:?}").contains("hunter2"));
    }

    #[test]
    fn path_from_the_environment() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            default_path(&env(&[("NETRC", "/x/netrc"), ("HOME", "/home/a")])),
            Some(PathBuf::from("/x/netrc"))
        );
        assert_eq!(
            default_path(&env(&[("HOME", "/home/a")])),
            Some(PathBuf::from("/home/a/.netrc"))
        );
        assert_eq!(default_path(&env(&[])), None);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(&dir.path().join("none")), Ok(None));
        let p = dir.path().join("netrc");
        std::fs::write(&p, "machine h login a password topsecret junk").unwrap();
        let err = read(&p).unwrap_err();
        assert!(
            err.contains("line 1") && !err.contains("topsecret"),
            "{err}"
        );
    }
}
