//! The README cannot drift from the program: its key table lists exactly the
//! keymap's bindings, its sections come in the agreed order, the images it
//! shows exist, and every `linkchart` command in its shell blocks parses.
//!
//! (Transcripts, `$ linkchart …` with their output, are re-run by
//! tests/cli.rs; the ```ron example is loaded by tests/load.rs.)

use std::path::Path;

use clap::Parser;
use linkchart::cli::Cli;
use linkchart::tui::keymap::{Keymap, Mode};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md exists")
}

/// The lines of the `## {title}` section, up to the next `## ` heading.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!("## {title}");
    let mut lines = text.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "README has no `{heading}` section");
    lines.take_while(|l| !l.starts_with("## ")).collect()
}

/// The rows of the table under `### {title}` in `lines`: the keys (each in
/// backticks) and the text of the second column.
fn table(lines: &[&str], title: &str) -> Vec<(Vec<String>, String)> {
    let heading = format!("### {title}");
    let start = lines
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("README's key section has no `{heading}` table"));
    lines[start + 1..]
        .iter()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and rule
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 2, "two columns in `{row}`");
            let keys = cells[0]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            (keys, cells[1].to_string())
        })
        .collect()
}

/// The table as it should read, for the failure message.
fn expected_table(mode: Mode, rows: &[(Vec<String>, String)]) -> String {
    let mut out = format!(
        "### {}\n\n| Keys | What they do |\n|------|--------------|\n",
        mode.title()
    );
    for (keys, help) in rows {
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        out.push_str(&format!("| {} | {help} |\n", keys.join(" ")));
    }
    out
}

#[test]
fn key_table_lists_exactly_the_keymap() {
    let text = readme();
    let keys = section(&text, "Keys");
    let keymap = Keymap::default();
    let mut wrong = Vec::new();
    for mode in Mode::ALL {
        let want: Vec<(Vec<String>, String)> = keymap
            .bindings(mode)
            .iter()
            .map(|b| (b.keys.iter().map(|k| k.pretty()).collect(), b.help.clone()))
            .collect();
        if table(&keys, mode.title()) != want {
            wrong.push(expected_table(mode, &want));
        }
    }
    assert!(
        wrong.is_empty(),
        "README's key table differs from src/tui/model/keymap.ron; it should read:\n\n{}",
        wrong.join("\n")
    );
}

#[test]
fn sections_come_in_order() {
    let text = readme();
    let headings: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let order = [
        "Set up",
        "First two minutes",
        "Keys",
        "The dossier format",
        "Command line",
        "When",
        "Who matters, how solid",
        "Briefings and the clipboard over SSH",
        "Safety",
        "Performance",
        "Writing a dossier from a new report",
        "How the code is laid out",
    ];
    assert_eq!(headings, order, "README's sections");
    // Before them: the title, one paragraph, the screenshot.
    let intro: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(intro[0].starts_with("# linkchart"), "{intro:?}");
    assert!(
        intro
            .last()
            .is_some_and(|l| l.contains("](screenshots/01-explorer.png)")),
        "the screenshot closes the introduction: {intro:?}"
    );
}

#[test]
fn set_up_is_two_commands() {
    let text = readme();
    let lines = section(&text, "Set up");
    let commands: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(commands, ["cargo run --release", "cargo test --release"]);
}

#[test]
fn images_exist() {
    let text = readme();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for part in text.split("](").skip(1) {
        let target = &part[..part.find(')').expect("link closed")];
        if target.ends_with(".png") {
            assert!(
                root.join(target).is_file(),
                "README shows {target}, which is missing"
            );
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn performance_points_to_the_benchmarks() {
    let text = readme();
    let lines = section(&text, "Performance").join("\n");
    assert!(lines.contains("BENCHMARKS.md"), "{lines}");
}

/// Splits a shell command line into words: quotes ('…', "…") and
/// backslashes as a POSIX shell reads them; stops at a pipe, a redirection,
/// `;`, `&&` or a comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            '|' | '>' | '<' | ';' | '&' => break,
            '#' if word.is_none() => break,
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn shell_words_reads_quotes() {
    assert_eq!(
        shell_words("linkchart path 'dubai businessman' US -o \"a b.md\" | jq . # x"),
        [
            "linkchart",
            "path",
            "dubai businessman",
            "US",
            "-o",
            "a b.md"
        ]
    );
    assert_eq!(
        shell_words("linkchart render --keys '/dubai<Enter>'")[3],
        "/dubai<Enter>"
    );
}

#[test]
fn every_linkchart_command_parses() {
    let text = readme();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut in_shell = false;
    let mut n = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            in_shell = line == "```sh";
            continue;
        }
        if !in_shell {
            continue;
        }
        let words = shell_words(line);
        if words.first().map(String::as_str) != Some("linkchart") {
            continue;
        }
        if let Err(e) = Cli::try_parse_from(&words) {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            if !matches!(e.kind(), DisplayHelp | DisplayVersion) {
                panic!("README: `{line}` does not parse:\n{e}");
            }
        }
        // Files of this repository that a command reads are there.
        for w in &words[1..] {
            if (w.starts_with("data/") || w.starts_with("tests/")) && w.ends_with(".ron") {
                assert!(root.join(w).is_file(), "README: `{line}`: {w} is missing");
            }
        }
        n += 1;
    }
    assert!(n >= 10, "{n} linkchart commands in ```sh blocks");
}
