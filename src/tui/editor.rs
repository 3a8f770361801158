//! Which editor `e` starts, and how it is told the place: pure rules, so
//! that every editor family is tested without starting one.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, else `vi`. The variable may hold
//! arguments (`code -w`, `emacs -nw`); it is split as a shell would split
//! it, but never run through a shell.

use std::path::Path;

/// A program and its arguments, ready for `std::process::Command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<String>,
}

/// How an editor family takes a file and a place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `+LINE FILE`: vi, vim, nvim, nano, emacs, micro, kak and most others.
    PlusLine,
    /// `FILE:LINE:COL`: helix, Sublime Text, Zed.
    Colon,
    /// `-g FILE:LINE:COL`: VS Code and VSCodium.
    Goto,
}

fn style(program: &str) -> Style {
    // Recognised by its file name, also when given with a path.
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    match name {
        "hx" | "helix" | "subl" | "sublime_text" | "zed" | "zeditor" => Style::Colon,
        "code" | "code-insiders" | "codium" | "vscodium" => Style::Goto,
        _ => Style::PlusLine,
    }
}

/// The command that opens `file` at `line` and `col` (1-based) in the
/// analyst's editor, from the values of `$VISUAL` and `$EDITOR`.
pub fn editor_command(
    visual: Option<&str>,
    editor: Option<&str>,
    file: &Path,
    line: usize,
    col: usize,
) -> Result<EditorCommand, String> {
    let (var, value) = [("VISUAL", visual), ("EDITOR", editor)]
        .into_iter()
        .find_map(|(n, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (n, v)))
        .unwrap_or(("", "vi"));
    let mut words = shell_words::split(value)
        .map_err(|e| format!("cannot read ${var} ({value}): {e}"))?
        .into_iter();
    let Some(program) = words.next().filter(|p| !p.is_empty()) else {
        return Err(format!("${var} names no program"));
    };
    let mut args: Vec<String> = words.collect();
    // A relative name starting with `-` or `+` would read as an option.
    let file = if file.is_relative() && file.to_string_lossy().starts_with(['-', '+']) {
        Path::new(".").join(file)
    } else {
        file.to_path_buf()
    };
    let file = file.to_string_lossy().into_owned();
    let (line, col) = (line.max(1), col.max(1));
    match style(&program) {
        Style::PlusLine => args.extend([format!("+{line}"), file]),
        Style::Colon => args.push(format!("{file}:{line}:{col}")),
        Style::Goto => args.extend(["-g".to_string(), format!("{file}:{line}:{col}")]),
    }
    Ok(EditorCommand { program, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(visual: Option<&str>, editor: Option<&str>) -> (String, Vec<String>) {
        let c = editor_command(visual, editor, Path::new("a b/x.ron"), 12, 7).unwrap();
        (c.program, c.args)
    }

    fn v(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn visual_then_editor_then_vi() {
        assert_eq!(cmd(Some("nvim"), Some("nano")).0, "nvim");
        assert_eq!(cmd(None, Some("nano")).0, "nano");
        assert_eq!(cmd(Some(""), Some("nano")).0, "nano");
        assert_eq!(cmd(Some("  "), None).0, "vi");
        assert_eq!(cmd(None, None), ("vi".into(), v(&["+12", "a b/x.ron"])));
    }

    #[test]
    fn plus_line_family() {
        for e in [
            "vi", "vim", "nvim", "nano", "emacs", "micro", "kak", "ed-like",
        ] {
            assert_eq!(
                cmd(None, Some(e)),
                (e.into(), v(&["+12", "a b/x.ron"])),
                "{e}"
            );
        }
    }

    #[test]
    fn colon_family() {
        for e in ["hx", "helix", "subl"] {
            assert_eq!(
                cmd(None, Some(e)),
                (e.into(), v(&["a b/x.ron:12:7"])),
                "{e}"
            );
        }
    }

    #[test]
    fn goto_family() {
        for e in ["code", "codium"] {
            assert_eq!(
                cmd(None, Some(e)),
                (e.into(), v(&["-g", "a b/x.ron:12:7"])),
                "{e}"
            );
        }
    }

    #[test]
    fn arguments_and_paths_in_the_variable() {
        assert_eq!(
            cmd(Some("code -w"), None),
            ("code".into(), v(&["-w", "-g", "a b/x.ron:12:7"]))
        );
        assert_eq!(
            cmd(None, Some("emacs -nw")),
            ("emacs".into(), v(&["-nw", "+12", "a b/x.ron"]))
        );
        assert_eq!(
            cmd(None, Some("/usr/local/bin/hx")),
            ("/usr/local/bin/hx".into(), v(&["a b/x.ron:12:7"]))
        );
        // Quoted as a shell would: a program path with a space, an argument
        // with a space; nothing is expanded.
        assert_eq!(
            cmd(
                None,
                Some(r#"'/opt/My Editors/nvim' -c "set ft=ron" $HOME"#)
            ),
            (
                "/opt/My Editors/nvim".into(),
                v(&["-c", "set ft=ron", "$HOME", "+12", "a b/x.ron"])
            )
        );
        assert_eq!(
            cmd(
                None,
                Some(r#""/Applications/Visual Studio Code/bin/code" --wait"#)
            ),
            (
                "/Applications/Visual Studio Code/bin/code".into(),
                v(&["--wait", "-g", "a b/x.ron:12:7"])
            )
        );
    }

    #[test]
    fn bad_variables_are_errors_that_name_them() {
        let e = editor_command(None, Some("vim 'x"), Path::new("x.ron"), 1, 1).unwrap_err();
        assert!(e.contains("$EDITOR"), "{e}");
        let e = editor_command(Some("\"\""), None, Path::new("x.ron"), 1, 1).unwrap_err();
        assert!(e.contains("$VISUAL"), "{e}");
    }

    #[test]
    fn a_file_that_looks_like_an_option_is_made_a_path() {
        let c = editor_command(None, Some("vim"), Path::new("-x.ron"), 3, 1).unwrap();
        assert_eq!(c.args, v(&["+3", "./-x.ron"]));
        let c = editor_command(None, Some("vim"), Path::new("x.ron"), 0, 0).unwrap();
        assert_eq!(c.args, v(&["+1", "x.ron"]));
    }
}
