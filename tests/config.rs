//! The user's configuration folder (keymap.ron, theme.ron), `linkchart
//! keys`, shell completions and the man page, through the binary as a user
//! runs them and through the library where styles must be read.
//!
//! Every run here names its configuration folder (a temporary one) or
//! passes `--no-config`: the real user's files are never read.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use linkchart::config::{Config, Origin};
use linkchart::dossier::{BUNDLED, BUNDLED_NAME, load_str};
use linkchart::graph::Chart;
use linkchart::tui::Model;
use linkchart::tui::keymap::parse_keys;
use linkchart::tui::layout;
use linkchart::tui::render::render_buffer;
use linkchart::tui::theme::Theme;
use ratatui::style::{Color, Modifier};
use tempfile::TempDir;

mod common;
use common::{run, stderr, stdout};

const KEYMAP: &str = r#"// Down on z, Up on x
(
    main: [
        (action: Down, keys: ["z", "Down"]),
        (action: Up, keys: ["x", "Up"], help: "up one"),
    ],
)
"#;

/// A configuration folder holding `files`.
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn path(dir: &TempDir) -> &str {
    dir.path().to_str().unwrap()
}

/// All of a screen but its status bar (which shows the keys in effect).
fn above_status(screen: &str) -> &str {
    let body = screen.trim_end_matches('\n');
    &body[..body.rfind('\n').unwrap_or(0)]
}

fn render(config: &[&str], keys: &str) -> String {
    let mut args = vec!["render", "--size", "100x30", "--keys", keys];
    args.extend_from_slice(config);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

// ------------------------------------------------------------- keymap

#[test]
fn render_with_a_user_keymap_moves_on_the_users_keys() {
    let dir = folder(&[("keymap.ron", KEYMAP)]);
    let user = |keys: &str| render(&["--config", path(&dir)], keys);
    let builtin = |keys: &str| render(&["--no-config"], keys);
    let with_z = user("z z");
    let with_j = builtin("j j");
    assert_eq!(
        above_status(&with_z),
        above_status(&with_j),
        "`z z` moves down twice, as `j j` does"
    );
    assert_ne!(above_status(&with_z), above_status(&builtin("")), "moved");
    // `j` no longer moves; the arrows still do.
    assert_eq!(above_status(&user("j j")), above_status(&builtin("")));
    assert_eq!(above_status(&user("Down Down")), above_status(&with_j));
    // `x` moves back up.
    assert_eq!(above_status(&user("z z x")), above_status(&builtin("j")));
}

#[test]
fn the_help_screen_and_status_bar_show_the_users_keys() {
    let dir = folder(&[("keymap.ron", KEYMAP)]);
    let help = render(&["--config", path(&dir)], "?");
    let line = |what: &str| {
        help.lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no `{what}` in help:\n{help}"))
            .to_string()
    };
    assert!(line("next item").contains("z ↓"), "{}", line("next item"));
    assert!(line("up one").contains("x ↑"), "{}", line("up one"));
    let screen = render(&["--config", path(&dir)], "");
    let status = screen.lines().last().unwrap();
    assert!(status.contains("z/x move"), "{status}");
    assert!(!status.contains("j/k"), "{status}");
}

#[test]
fn the_config_folder_comes_from_the_environment_too() {
    let dir = folder(&[("keymap.ron", KEYMAP)]);
    let env_run = |var: &str, value: &Path| {
        Command::new(env!("CARGO_BIN_EXE_linkchart"))
            .args(["render", "--keys", "z z"])
            .env_remove("LINKCHART_CONFIG")
            .env("XDG_CONFIG_HOME", "/nonexistent/linkchart-tests")
            .env(var, value)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let moved = render(&["--config", path(&dir)], "z z");
    assert_eq!(
        stdout(&env_run("LINKCHART_CONFIG", dir.path())),
        moved,
        "LINKCHART_CONFIG"
    );
    let xdg = tempfile::tempdir().unwrap();
    fs::create_dir(xdg.path().join("linkchart")).unwrap();
    fs::write(xdg.path().join("linkchart/keymap.ron"), KEYMAP).unwrap();
    assert_eq!(
        stdout(&env_run("XDG_CONFIG_HOME", xdg.path())),
        moved,
        "XDG_CONFIG_HOME"
    );
    // --no-config wins over both.
    let out = Command::new(env!("CARGO_BIN_EXE_linkchart"))
        .args(["render", "--keys", "j j", "--no-config"])
        .env("LINKCHART_CONFIG", dir.path())
        .env("XDG_CONFIG_HOME", xdg.path())
        .output()
        .unwrap();
    assert_eq!(stdout(&out), render(&["--no-config"], "j j"));
    assert_ne!(stdout(&out), moved, "the status bar says j/k");
}

#[test]
fn keymap_mistakes_are_usage_errors_naming_their_place() {
    let cases: &[(&str, &str)] = &[
        (
            "(main: [\n    (action: Dwon, keys: [\"n\"]),\n])",
            "keymap.ron:2:14: error: unknown action `Dwon` in main; did you mean `Down`?",
        ),
        (
            "(main: [(action: Down, keys: [\"n\", \"PgDn\"])])",
            "keymap.ron:1:36: error: unknown key `PgDn`; a key is one character",
        ),
        (
            "(\n  mian: [],\n)",
            "keymap.ron:2:3: error: unknown mode `mian`; did you mean `main`?",
        ),
        (
            "(main: [\n    (action: Down, keys: [\"j\", \"k\"]),\n])",
            "keymap.ron:2:32: error: key `k` is bound to both Down and Up in main",
        ),
    ];
    usage_errors("keymap.ron", cases);
}

/// Each of `cases` (the text of `file`, the start of the message): exit 2,
/// one line naming the file's place, nothing on stdout, the file untouched;
/// the explorer reports it before looking for a terminal.
fn usage_errors(name: &str, cases: &[(&str, &str)]) {
    for (text, want) in cases {
        let dir = folder(&[(name, text)]);
        let file = dir.path().join(name);
        for args in [
            vec!["render", "--config", path(&dir)],
            vec!["--config", path(&dir)],
            vec!["keys", "--config", path(&dir)],
        ] {
            let out = run(&args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.starts_with(&format!("{}/{want}", dir.path().display())),
                "{args:?}:\n{err}\nwanted {want}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(out.stdout.is_empty());
            assert_eq!(fs::read_to_string(&file).unwrap(), *text, "left as it was");
        }
    }
}

#[test]
fn a_named_config_folder_must_exist() {
    let out = run(["render", "--config", "/nonexistent/linkchart-conf"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "/nonexistent/linkchart-conf: error: no such folder; the configuration folder given by --config\n"
    );
    // The default folder need not.
    assert_eq!(run(["render"]).status.code(), Some(0));
}

#[test]
fn keys_prints_the_effective_keymap_marking_the_users_changes() {
    let dir = folder(&[("keymap.ron", KEYMAP)]);
    let out = run(["keys", "--config", path(&dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    let head: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(head, ["MODE", "KEYS", "ACTION", "HELP"]);
    let row = |mode: &str, action: &str| -> Vec<&str> {
        lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| {
                let w = if w.first() == Some(&"*") {
                    &w[1..]
                } else {
                    &w[..]
                };
                w.first() == Some(&mode) && w.contains(&action)
            })
            .unwrap_or_else(|| panic!("no {mode} {action} row:\n{table}"))
    };
    assert_eq!(
        row("main", "Down"),
        ["*", "main", "z", "Down", "Down", "next", "item"]
    );
    assert_eq!(
        row("main", "Up"),
        ["*", "main", "x", "Up", "Up", "up", "one"]
    );
    assert_eq!(
        row("main", "Top"),
        ["main", "g", "Home", "Top", "first", "item"]
    );
    assert_eq!(
        row("sources", "Down")[..4],
        ["sources", "j", "Down", "Down"]
    );
    let rows = lines.iter().take_while(|l| !l.is_empty());
    let marked = rows.filter(|l| l.starts_with('*')).count();
    assert_eq!(marked, 2, "{table}");
    assert!(
        table.ends_with(&format!(
            "* 2 bindings changed by {}/keymap.ron\n",
            path(&dir)
        )),
        "{table}"
    );
    // Without a file: every binding of the built-in keymap, none marked.
    let plain = stdout(&run(["keys", "--no-config"]));
    assert!(!plain.lines().any(|l| l.starts_with('*')), "{plain}");
    assert!(plain.ends_with("All built-in: no configuration folder is read.\n"));
}

// -------------------------------------------------------------- theme

const THEME: &str = r##"(
    border_focused: "magenta",
    cursor: (fg: "black", bg: "#5fafd7", bold: true),
    grade: 214,
)"##;

fn model_with(config: &Config, no_color: bool, keys: &str) -> Model {
    let loaded = load_str(BUNDLED_NAME, BUNDLED).unwrap();
    let mut m = Model::new(
        Chart::new(loaded.dossier),
        None,
        config.theme(no_color),
        100,
        30,
    );
    m.keymap = config.keymap.clone();
    for k in parse_keys(keys).unwrap() {
        m.handle_key(k);
    }
    m
}

#[test]
fn the_buffers_styles_follow_the_users_theme() {
    let dir = folder(&[("theme.ron", THEME)]);
    let config = Config::load_from(Some((dir.path().to_path_buf(), Origin::Flag))).unwrap();
    let m = model_with(&config, false, "j");
    let buf = render_buffer(&m);
    let actors = m.areas().unwrap().actors.unwrap();
    // The focused pane's border: magenta, still bold (a colour keeps the
    // role's modifiers).
    let corner = &buf[(actors.x, actors.y)];
    assert_eq!(corner.fg, Color::Magenta);
    assert!(corner.modifier.contains(Modifier::BOLD));
    // The cursor row: exactly the style written, no longer reversed.
    let inner = layout::inner(actors);
    let y = inner.y + 1;
    for x in inner.x..inner.x + inner.width {
        let c = &buf[(x, y)];
        assert_eq!(c.bg, Color::Rgb(0x5f, 0xaf, 0xd7), "cursor bg at {x}");
        assert!(c.modifier.contains(Modifier::BOLD));
        assert!(!c.modifier.contains(Modifier::REVERSED));
    }
    // A role the file does not name keeps its built-in colour.
    let quote = Theme::color().quote.fg.unwrap();
    let m = model_with(&config, false, "Tab Tab");
    let buf = render_buffer(&m);
    assert!(
        buf.content.iter().any(|c| c.fg == quote),
        "quotes keep their colour"
    );
    assert!(
        buf.content.iter().any(|c| c.fg == Color::Indexed(214)),
        "grades are in colour 214"
    );
}

#[test]
fn no_color_wins_over_the_theme() {
    let dir = folder(&[("theme.ron", THEME)]);
    let config = Config::load_from(Some((dir.path().to_path_buf(), Origin::Flag))).unwrap();
    assert_eq!(config.theme(true), Theme::mono());
    let buf = render_buffer(&model_with(&config, true, "j"));
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour at all under NO_COLOR"
    );
}

#[test]
fn theme_mistakes_are_usage_errors_naming_their_place() {
    let cases: &[(&str, &str)] = &[
        (
            "(\n  cursr: \"red\",\n)",
            "theme.ron:2:3: error: unknown role `cursr`; did you mean `cursor`?",
        ),
        (
            "(border: \"cyna\")",
            "theme.ron:1:11: error: unknown colour `cyna`; did you mean `cyan`?",
        ),
    ];
    usage_errors("theme.ron", cases);
}

#[test]
fn the_example_themes_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/config");
    let mut n = 0;
    for entry in fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let config =
            Config::load_from(Some((dir.clone(), Origin::Flag))).unwrap_or_else(|d| panic!("{d}"));
        assert!(
            config.theme_file.is_some(),
            "{} has a theme.ron",
            dir.display()
        );
        assert_ne!(config.theme(false), Theme::color(), "{}", dir.display());
        let out = run(["render", "--config", dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        n += 1;
    }
    assert!(n >= 2, "a light theme and a 16-colour one");
}

// ------------------------------------------------- completions and man

#[test]
fn bash_completion_loads() {
    let bin = env!("CARGO_BIN_EXE_linkchart");
    let Ok(out) = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source <('{bin}' completions bash) && complete -p linkchart"
        ))
        .output()
    else {
        eprintln!("no bash: skipped");
        return;
    };
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("linkchart"), "{}", stdout(&out));
    let script = stdout(&run(["completions", "bash"]));
    for value in [
        "json md dot graphml",
        "A B C D E F",
        "bash elvish fish powershell zsh",
    ] {
        assert!(script.contains(value), "bash completes {value}");
    }
}

#[test]
fn completion_scripts_name_the_subcommands_and_values() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        let script = stdout(&out);
        for word in [
            "check",
            "render",
            "path",
            "export",
            "keys",
            "completions",
            "man",
            "--min-reliability",
            "--config",
            "--no-config",
        ] {
            let word = if shell == "fish" {
                word.trim_start_matches("--")
            } else {
                word
            };
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    // The enum values, where the shell's script lists them.
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&run(["completions", shell]));
        for value in ["graphml", "powershell"] {
            assert!(script.contains(value), "{shell} script lacks {value}");
        }
    }
    assert_eq!(run(["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_man_page_has_every_command_the_keys_files_and_exit_status() {
    let dir = folder(&[("keymap.ron", KEYMAP)]);
    let out = run(["man", "--config", path(&dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.is_ascii(), "plain ASCII, other characters escaped");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH KEYS",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    use clap::CommandFactory;
    for sub in linkchart::cli::Cli::command().get_subcommands() {
        if sub.get_name() != "help" {
            assert!(
                page.contains(&format!(".SS \"linkchart {}\"", sub.get_name())),
                "no section for {}",
                sub.get_name()
            );
        }
    }
    // The keys are the ones in effect: `z` moves down, `j` does nothing.
    assert!(
        page.contains("\\fBz  \\[u2193]\\fR\nnext item\n"),
        "z ↓ for next item"
    );
    assert!(!page.contains("\\fBj  \\[u2193]\\fR\nnext item\n"));
    assert!(page.contains("keymap.ron") && page.contains("theme.ron"));
    assert!(page.contains("LINKCHART_CONFIG") && page.contains("NO_COLOR"));

    // Valid roff: groff renders it without a warning.
    let file = dir.path().join("linkchart.1");
    fs::write(&file, &page).unwrap();
    match Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
    {
        Ok(g) => {
            assert!(g.status.success());
            assert_eq!(stderr(&g), "", "groff warns");
        }
        Err(_) => eprintln!("no groff: the page was not rendered (CI installs it)"),
    }
}

// ------------------------------------------------------------- README

/// The README's example `keymap.ron` and `theme.ron`, and the mistakes it
/// shows, are what the program reads and says.
#[test]
fn the_readmes_examples_are_read_as_shown() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = |info: &str| -> String {
        let fence = format!("```ron {info}\n");
        let start = readme.find(&fence).unwrap_or_else(|| panic!("no {fence}")) + fence.len();
        let len = readme[start..].find("```").unwrap();
        readme[start..start + len].to_string()
    };
    let keymap = block("keymap.ron");
    let dir = folder(&[("keymap.ron", &keymap), ("theme.ron", &block("theme.ron"))]);
    let config = Config::load_from(Some((dir.path().to_path_buf(), Origin::Flag))).unwrap();
    assert!(config.keymap_file.is_some() && config.theme_file.is_some());
    assert_ne!(config.theme(false), Theme::color());
    let user = render(&["--config", path(&dir)], "z z");
    assert_eq!(
        above_status(&user),
        above_status(&render(&["--no-config"], "j j"))
    );

    let line4 = keymap.lines().nth(3).unwrap();
    for (replacement, shown) in [
        (
            "(action: Dwon, keys: [\"z\", \"Down\"]),",
            "keymap.ron:4:18: error: unknown action `Dwon` in main; did you mean `Down`?",
        ),
        (
            "(action: Down, keys: [\"j\", \"k\"]),",
            "keymap.ron:4:36: error: key `k` is bound to both Down and Up in main",
        ),
    ] {
        let wrong = keymap.replacen(line4.trim(), replacement, 1);
        // Up keeps `k` in the second case.
        let wrong = wrong.replacen("(action: Up, keys: [\"x\", \"Up\"]),\n", "", 1);
        let dir = folder(&[("keymap.ron", &wrong)]);
        let err = stderr(&run(["keys", "--config", path(&dir)]));
        assert!(
            readme.contains(&format!("    ~/.config/linkchart/{shown}\n")),
            "README shows {shown}"
        );
        assert_eq!(err, format!("{}/{shown}\n", dir.path().display()));
    }
}
