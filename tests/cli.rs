//! The `linkchart` binary: exit codes, messages, export, and no panic on
//! any input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use linkchart::dossier::{BUNDLED, BUNDLED_NAME, load_path, load_str};

mod common;
use common::{run, stderr, stdout};

const SEED: &str = "data/tunisia-israel.ron";
const VALID: &str = "tests/data/valid/minimal.ron";
const VARIANTS: &str = "tests/data/valid/variants.ron";
const MISTAKES: &str = "tests/data/invalid/mistakes.ron";
const SYNTAX: &str = "tests/data/invalid/syntax.ron";
const TYPO: &str = "tests/data/invalid/typo-field.ron";

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed by a signal")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The exact report of `check` on tests/data/invalid/mistakes.ron. The
/// README shows it as the example of what an error looks like.
const MISTAKES_REPORT: &str = "\
tests/data/invalid/mistakes.ron:4:9: warning: source `jafaj-tn`: no claim cites this source
tests/data/invalid/mistakes.ron:8:9: warning: actor `GOI`: Government of Israel has no relations
tests/data/invalid/mistakes.ron:13:17: error: relation GOT → GOX \"intelligence cooperation\": unknown actor `GOX`; did you mean `GOT`?
tests/data/invalid/mistakes.ron:18:31: error: relation GOT → GOX \"intelligence cooperation\", claim 1: unknown source `jafaj-tm`; did you mean `jafaj-tn`?
tests/data/invalid/mistakes.ron:19:34: error: relation GOT → GOX \"intelligence cooperation\", claim 1: credibility 7 is out of range; expected 1 (confirmed) to 6 (cannot be judged)
tests/data/invalid/mistakes.ron:20:27: error: relation GOT → GOX \"intelligence cooperation\", claim 1: malformed date `June 2022`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD
4 errors, 2 warnings
";

// ---------------------------------------------------------------- check

#[test]
fn check_valid_file_exits_0() {
    let out = run(["check", VALID]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "tests/data/valid/minimal.ron: ok: 2 actors, 1 relation, 1 claim, 1 source, 0 warnings\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn check_valid_variants_exits_0() {
    let out = run(["check", VARIANTS]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn check_seed_dossier_exits_0() {
    let out = run(["check", SEED]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("data/tunisia-israel.ron: ok: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_other_dossiers_in_the_repository() {
    // Every dossier shipped in data/, and the second situation's dossier
    // when it is there, loads unchanged.
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    let second = root().join("tests/data/second.ron");
    if second.exists() {
        files.push(second);
    }
    files.sort();
    assert!(!files.is_empty());
    let out = run(["check", "--each"]
        .map(PathBuf::from)
        .into_iter()
        .chain(files.iter().cloned()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out)
            .lines()
            .filter(|l| l.contains(": ok: "))
            .count(),
        files.len()
    );
}

#[test]
fn check_invalid_file_exits_1_with_every_message() {
    let out = run(["check", MISTAKES]);
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), MISTAKES_REPORT);
    assert!(out.stdout.is_empty());
}

#[test]
fn check_syntax_and_typo_errors() {
    let out = run(["check", SYNTAX]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "tests/data/invalid/syntax.ron:5:9: error: Expected comma\n1 error, 0 warnings\n"
    );
    let out = run(["check", TYPO]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "tests/data/invalid/typo-field.ron:3:55: error: unknown field `reliabilty` in `Source`; \
         expected one of `id`, `name`, `kind`, `reliability`, `report`, `note`; \
         did you mean `reliability`?\n1 error, 0 warnings\n"
    );
}

#[test]
fn check_without_file_is_a_usage_error() {
    let out = run(["check"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
}

#[test]
fn check_several_files_reports_each() {
    // Several paths make one chart; `--each` checks each on its own.
    let out = run([
        "check",
        "--each",
        VALID,
        MISTAKES,
        SEED,
        SYNTAX,
        "tests/data/nowhere.ron",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("tests/data/valid/minimal.ron: ok: "), "{err}");
    assert!(err.contains(MISTAKES_REPORT), "{err}");
    assert!(err.contains("data/tunisia-israel.ron: ok: "), "{err}");
    assert!(
        err.contains("tests/data/invalid/syntax.ron:5:9: error: Expected comma\n"),
        "{err}"
    );
    assert!(
        err.contains("tests/data/nowhere.ron: error: no such file\n"),
        "{err}"
    );
    // In the order given.
    let at = |s: &str| err.find(s).unwrap();
    assert!(at("minimal.ron") < at("mistakes.ron"));
    assert!(at("mistakes.ron") < at("data/tunisia-israel.ron"));
    assert!(at("data/tunisia-israel.ron") < at("syntax.ron"));
    assert!(at("syntax.ron") < at("nowhere.ron"));
}

#[test]
fn check_several_valid_files_exits_0() {
    let out = run(["check", "--each", VALID, VARIANTS, SEED]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out).matches(": ok: ").count(), 3);
}

#[test]
fn check_a_directory_and_a_missing_file() {
    // A folder is a chart of the dossiers below it; one with none is an
    // error naming it.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "not a dossier").unwrap();
    let out = run([Path::new("check"), dir.path()]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        format!(
            "{}: error: is a directory with no dossier files (*.ron) in it\n1 error, 0 warnings\n",
            dir.path().display()
        )
    );
    let out = run(["check", "no/such/file.ron"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "no/such/file.ron: error: no such file\n1 error, 0 warnings\n"
    );
}

#[test]
fn a_missing_path_suggests_a_close_name_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(root().join(VALID), dir.path().join("tunisia.ron")).unwrap();
    fs::copy(root().join(VALID), dir.path().join("tunisia-israel.ron")).unwrap();
    let typo = dir.path().join("tunisa.ron");
    let meant = dir.path().join("tunisia.ron");
    let want = format!(
        "{}: error: no such file; did you mean `{}`?",
        typo.display(),
        meant.display()
    );
    for args in [
        vec!["check"],
        vec!["export", "--format", "md"],
        vec!["timeline"],
        vec!["path", "A", "B"],
        vec!["render"],
    ] {
        let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        args.push(typo.as_os_str());
        let out = run(&args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(&want), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Nothing close: no guess.
    let out = run([Path::new("check"), &dir.path().join("zzz.ron")]);
    assert!(!stderr(&out).contains("did you mean"), "{}", stderr(&out));
    // The one dossier whose name starts with what was typed.
    let other = tempfile::tempdir().unwrap();
    fs::copy(root().join(VALID), other.path().join("tunisia-israel.ron")).unwrap();
    let out = run([Path::new("check"), &other.path().join("tunisia.ron")]);
    assert!(
        stderr(&out).contains(&format!(
            "did you mean `{}`?",
            other.path().join("tunisia-israel.ron").display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn path_offers_longer_chains_and_says_when_it_is_directed() {
    let out = run(["path", "TN-BIZ", "US", "--longer", "1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(" in 3 to 4 hops by "),
        "{}",
        stdout(&out)
    );
    let out = run(["path", "TN-BIZ", "US"]);
    assert!(stdout(&out).contains(" in 3 hops by "), "{}", stdout(&out));
    let out = run(["path", "--directed", "GOT", "US"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("along a directed path"),
        "{}",
        stdout(&out)
    );
    let out = run(["path", "TN-BIZ", "US", "--longer", "4"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn check_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.ron");
    let bytes = fs::read(root().join(VARIANTS)).unwrap();
    fs::write(&path, &bytes).unwrap();
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(code(&run([Path::new("check"), &path])), 0);
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn messages_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\x1b[2J.ron");
    let text = fs::read_to_string(root().join(VALID))
        .unwrap()
        .replace(r#"to: "B""#, r#"to: "\u{1b}]52;c;ZXZpbA==\u{7}""#);
    fs::write(&path, text).unwrap();
    let out = run([Path::new("check"), &path]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(err.contains("evil␛[2J.ron:"), "{err}");
    assert!(err.contains("unknown actor `␛]52;c;ZXZpbA==␇`"), "{err}");
}

// ---------------------------------------------------------------- help, version, usage

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let out = run([flag]);
        assert_eq!(code(&out), 0);
        let help = stdout(&out);
        assert!(help.contains("Usage: linkchart"), "{help}");
        // Each command is listed with a one-line description.
        for cmd in ["check", "export"] {
            let line = help
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{cmd} ")) || l.trim() == cmd)
                .unwrap_or_else(|| panic!("`{cmd}` is not listed:\n{help}"));
            assert!(
                line.trim().len() > cmd.len(),
                "`{cmd}` has no description:\n{help}"
            );
        }
    }
    for args in [["check", "--help"], ["export", "--help"], ["help", "check"]] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(stdout(&out).contains("Usage: linkchart"), "{args:?}");
    }
    for flag in ["--version", "-V"] {
        let out = run([flag]);
        assert_eq!(code(&out), 0);
        assert_eq!(
            stdout(&out),
            format!("linkchart {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["--no-such-flag"],
        vec!["frobnicate", "x", "y"],
        vec!["check", "--no-such-flag", VALID],
        vec!["export", "--format", "xml", VALID],
        vec!["export", "--format"],
        vec!["path", "GOT"],
    ] {
        let out = run(&args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn open_without_a_terminal_or_a_good_file_fails_cleanly() {
    // `linkchart FILE` is the explorer; with stdin closed there is no
    // terminal, so it must stop with an error (1 or 2), never a panic and
    // never pretending to succeed.
    for args in [
        vec!["tests/data/nowhere.ron"],
        vec![MISTAKES],
        vec![VALID],
        vec![],
    ] {
        let out = run(&args);
        assert!(
            matches!(code(&out), 1 | 2),
            "{args:?}: {}\n{}",
            code(&out),
            stderr(&out)
        );
        assert!(stderr(&out).contains("linkchart") || stderr(&out).contains(": error: "));
    }
}

// ---------------------------------------------------------------- export

fn claims(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    v["relations"]
        .as_array()
        .expect("relations is an array")
        .iter()
        .flat_map(|r| r["claims"].as_array().expect("claims is an array"))
        .collect()
}

#[test]
fn export_json_of_the_seed_dossier() {
    let out = run(["export", "--format", "json", SEED]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let model = load_path(&root().join(SEED)).unwrap().dossier;
    let model_claims: usize = model.relations.iter().map(|r| r.claims.len()).sum();
    let claims = claims(&v);
    assert_eq!(claims.len(), model_claims);
    assert!(model_claims > 0);
    for (i, c) in claims.iter().enumerate() {
        let cite = c["cite"].as_str();
        assert!(
            cite.is_some_and(|s| !s.trim().is_empty()),
            "claim {i} has no cite: {c}"
        );
    }
    assert_eq!(v["actors"].as_array().unwrap().len(), model.actors.len());
    assert_eq!(v["title"], model.title.as_str());
    // The JSON is the model, with each claim's effective date added.
    let back: linkchart::dossier::Dossier = serde_json::from_value(without_dates(v)).unwrap();
    assert_eq!(back, model);
}

/// The JSON export less the effective dates it adds to claims, after
/// checking them: a claim's own date when it has one, else (marked) its
/// report's; and less the corroboration count it adds to relations. What
/// is left is the format's JSON.
fn without_dates(mut v: serde_json::Value) -> serde_json::Value {
    let reports: Vec<String> = v["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["date"].as_str().map(String::from))
        .collect();
    for rel in v["relations"].as_array_mut().unwrap() {
        let origins = rel.as_object_mut().unwrap().remove("corroboration");
        assert!(origins.is_some_and(|o| o.is_u64()));
        for c in rel["claims"].as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            let date = c.remove("effective_date");
            let from_report = c.remove("date_from_report");
            match (c.get("date"), &date) {
                (Some(own), Some(d)) => {
                    assert_eq!(own, d);
                    assert_eq!(from_report, Some(false.into()));
                }
                (None, Some(d)) => {
                    assert!(reports.iter().any(|r| r == d), "{d} is a report's date");
                    assert_eq!(from_report, Some(true.into()));
                }
                (_, None) => assert_eq!(from_report, None),
            }
        }
    }
    v
}

#[test]
fn export_format_defaults_to_json_and_short_flag() {
    let long = run(["export", "--format", "json", VALID]);
    let short = run(["export", "-f", "json", VALID]);
    let default = run(["export", VALID]);
    assert_eq!(code(&long), 0);
    assert_eq!(long.stdout, short.stdout);
    assert_eq!(long.stdout, default.stdout);
}

#[test]
fn export_without_file_is_the_bundled_dossier() {
    let out = run(["export", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let back: linkchart::dossier::Dossier = serde_json::from_value(without_dates(v)).unwrap();
    assert_eq!(back, load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier);
}

#[test]
fn export_of_an_invalid_file_exits_1_and_prints_nothing() {
    let out = run(["export", "--format", "json", MISTAKES]);
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out), MISTAKES_REPORT);
}

#[test]
fn export_is_inert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("escapes.ron");
    let text = fs::read_to_string(root().join(VALID)).unwrap().replace(
        "Alpha sells grain to Bravo.",
        r"Alpha\u{1b}]0;owned\u{7} sells \u{1b}[2Jgrain.",
    );
    fs::write(&path, text).unwrap();
    let out = run([Path::new("export"), &path]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json = stdout(&out);
    assert!(
        !json.contains('\x1b') && !json.contains("\\u001b"),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["relations"][0]["claims"][0]["text"],
        "Alpha␛]0;owned␇ sells ␛[2Jgrain."
    );
}

// ---------------------------------------------------------------- hostile input

fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let n = 200_000;
    let valid = fs::read_to_string(root().join(VALID)).unwrap();
    let garbage: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t\r\n  ".to_vec()),
        ("bom only", "\u{feff}".into()),
        ("nul bytes", vec![0; 4096]),
        ("garbage bytes", garbage),
        ("invalid utf-8", vec![0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xff, 0xfe]),
        ("utf-16", "\u{feff}Dossier(".encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("opening brackets", "[".repeat(n).into()),
        ("opening parens", "(".repeat(n).into()),
        ("opening braces", "{".repeat(n).into()),
        ("balanced brackets", format!("{}{}", "[".repeat(n), "]".repeat(n)).into()),
        ("balanced parens", format!("{}{}", "(".repeat(n), ")".repeat(n)).into()),
        ("nested Some", format!("Dossier(title: \"t\", summary: {}", "Some(".repeat(n)).into()),
        (
            "nested in a list",
            format!("Dossier(title: \"t\", sources: {}", "[".repeat(n)).into(),
        ),
        (
            "nested in Other",
            format!(
                "Dossier(title: \"t\", sources: [Source(id: \"s\", name: \"n\", kind: Other({}",
                "(".repeat(n)
            )
            .into(),
        ),
        ("block comments", "/*".repeat(n).into()),
        ("attribute spam", "#![enable(implicit_some)]\n".repeat(10_000).into()),
        (
            "huge string",
            format!("Dossier(title: \"{}\")", "x".repeat(10 << 20)).into(),
        ),
        (
            "huge unterminated string",
            format!("Dossier(title: \"{}", "y".repeat(10 << 20)).into(),
        ),
        ("huge identifier", "D".repeat(1 << 20).into()),
        ("huge number", format!("Dossier(title: {})", "9".repeat(100_000)).into()),
        (
            "huge credibility",
            valid
                .replace("credibility: 2", &format!("credibility: {}", "9".repeat(1000)))
                .into(),
        ),
        ("negative credibility", valid.replace("credibility: 2", "credibility: -1").into()),
        ("float credibility", valid.replace("credibility: 2", "credibility: 2.5e308").into()),
        ("surrogate escape", valid.replace("Minimal", r"\u{d800}").into()),
        ("out of range escape", valid.replace("Minimal", r"\u{110000}").into()),
        ("bad escape", valid.replace("Minimal", r"\q").into()),
        ("lone backslash", valid.replace("Minimal", "\\").into()),
        ("truncated", valid.as_bytes()[..valid.len() / 2].to_vec()),
        ("cr only", valid.replace('\n', "\r").into()),
        ("all commas", ",".repeat(n).into()),
        ("all colons", "Dossier(".to_string().into_bytes().into_iter().chain(std::iter::repeat_n(b':', n)).collect()),
        (
            "many errors",
            {
                let rel = "Relation(from: \"Q\", to: \"Z\", label: \"l\", claims: [Claim(text: \"t\", sources: [\"nope\"], credibility: 0, date: \"x\")]),";
                valid.replace("relations: [", &format!("relations: [{}", rel.repeat(5_000)))
            }
            .into(),
        ),
        (
            "many duplicates",
            valid
                .replace(
                    "actors: [",
                    &format!("actors: [{}", "Actor(id: \"A\", name: \"dup\", kind: State),".repeat(5_000)),
                )
                .into(),
        ),
        (
            "escapes everywhere",
            valid.replace("\"", "\"\u{1b}[2J\u{202e}\u{7}").into(),
        ),
    ]
}

#[test]
fn no_input_ever_panics() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, bytes)) in hostile_inputs().into_iter().enumerate() {
        let path = dir.path().join(format!("hostile-{i}.ron"));
        fs::write(&path, &bytes).unwrap();
        for args in [
            vec![Path::new("check"), &path],
            vec![
                Path::new("export"),
                Path::new("--format"),
                Path::new("json"),
                &path,
            ],
        ] {
            let out = run(&args);
            assert_eq!(
                code(&out),
                1,
                "{name}: {args:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(": error: "), "{name}: {err}");
            assert!(out.stdout.is_empty(), "{name}");
            assert!(!err.contains('\x1b'), "{name}: raw escape in {err:?}");
        }
    }
}

// ---------------------------------------------------------------- README

#[test]
fn readme_shows_real_check_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("$ linkchart check {MISTAKES}\n{MISTAKES_REPORT}")),
        "README.md must show the output of `linkchart check {MISTAKES}`:\n{MISTAKES_REPORT}"
    );
    // Every transcript in the README (`$ linkchart …` followed by its
    // output up to the end of the block) is what the binary prints.
    let mut transcripts = 0;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(cmd) = line.strip_prefix("$ linkchart ") else {
            continue;
        };
        let shown: String = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .map(|l| format!("{l}\n"))
            .collect();
        let out = run(cmd.split_whitespace());
        let printed = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(printed, shown, "README transcript of `linkchart {cmd}`");
        transcripts += 1;
    }
    assert!(transcripts >= 3, "{transcripts}");
}
