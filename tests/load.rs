//! The library's loader, validator, graph and JSON export, tested through the
//! public API: every error class with its full message, every valid variant
//! of the format, and the bundled dossier.

use std::fs;
use std::path::Path;

use linkchart::dossier::{
    self, ActorKind, BUNDLED, BUNDLED_NAME, Confidence, Diagnostic, Dossier, Loaded, Reliability,
    Severity, SourceKind, load_path, load_str,
};
use linkchart::graph::Chart;

/// A small valid dossier. Tests derive their inputs from it by replacing
/// one piece, so the line and column numbers below refer to this layout.
const BASE: &str = r#"Dossier(
    title: "Test",
    reports: [
        Report(id: "rep", title: "A report", date: "2022-06"),
    ],
    sources: [
        Source(id: "src-a", name: "Source A", kind: Human, reliability: C, report: "rep"),
        Source(id: "src-b", name: "Source B", kind: Media),
    ],
    actors: [
        Actor(id: "GOT", name: "Government of Tunisia", kind: Government),
        Actor(id: "GOI", name: "Government of Israel", kind: Government),
    ],
    relations: [
        Relation(
            from: "GOT",
            to: "GOI",
            label: "cooperation",
            claims: [
                Claim(text: "They cooperate.", sources: ["src-a", "src-b"], credibility: 3, confidence: Likely),
            ],
        ),
    ],
)
"#;

const FILE: &str = "test.ron";

/// BASE with the first `from` replaced by `to`; fails if `from` is absent,
/// so a test can never silently test BASE itself.
fn edit(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "test input lacks {from:?}");
    src.replacen(from, to, 1)
}

fn base_with(from: &str, to: &str) -> String {
    edit(BASE, from, to)
}

fn ok(text: &str) -> Loaded {
    match load_str(FILE, text) {
        Ok(l) => l,
        Err(diags) => panic!(
            "expected a valid dossier, got:\n{}",
            lines(&diags).join("\n")
        ),
    }
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// Every diagnostic of a dossier that must fail, as displayed.
fn fail(text: &str) -> Vec<String> {
    match load_str(FILE, text) {
        Ok(l) => panic!("expected errors, loaded with warnings {:?}", l.warnings),
        Err(diags) => {
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "failed without an error: {diags:?}"
            );
            lines(&diags)
        }
    }
}

/// Only the errors of a dossier that must fail.
fn errors(text: &str) -> Vec<String> {
    match load_str(FILE, text) {
        Ok(l) => panic!("expected errors, loaded with warnings {:?}", l.warnings),
        Err(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

fn base_model() -> Dossier {
    ok(BASE).dossier
}

// ---------------------------------------------------------------- errors

#[test]
fn unknown_actor_suggests_the_near_miss() {
    assert_eq!(
        fail(&base_with(r#"to: "GOI""#, r#"to: "GOX""#)),
        [
            "test.ron:12:9: warning: actor `GOI`: Government of Israel has no relations",
            "test.ron:17:17: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?",
        ]
    );
}

#[test]
fn unknown_actor_without_near_miss_has_no_suggestion() {
    assert_eq!(
        errors(&base_with(r#"from: "GOT""#, r#"from: "USA""#)),
        ["test.ron:16:19: error: relation USA → GOI \"cooperation\": unknown actor `USA`"]
    );
}

#[test]
fn actor_named_instead_of_id_suggests_the_id() {
    assert_eq!(
        errors(&base_with(r#"to: "GOI""#, r#"to: "Government of Israel""#)),
        [
            "test.ron:17:17: error: relation GOT → Government of Israel \"cooperation\": \
             unknown actor `Government of Israel`; did you mean `GOI`? (relations name actors by id)"
        ]
    );
}

#[test]
fn unknown_source_in_a_claim() {
    assert_eq!(
        fail(&base_with(r#"["src-a", "src-b"]"#, r#"["src-a", "src-c"]"#)),
        [
            "test.ron:8:9: warning: source `src-b`: no claim cites this source",
            "test.ron:20:67: error: relation GOT → GOI \"cooperation\", claim 1: unknown source `src-c`; did you mean `src-a`?",
        ]
    );
}

#[test]
fn unknown_report_on_a_source() {
    assert_eq!(
        fail(&base_with(r#"report: "rep""#, r#"report: "rpe""#)),
        ["test.ron:7:84: error: source `src-a`: unknown report `rpe`; did you mean `rep`?"]
    );
}

#[test]
fn duplicate_actor_id() {
    assert_eq!(
        fail(&base_with(r#"Actor(id: "GOI""#, r#"Actor(id: "GOT""#)),
        [
            "test.ron:12:19: error: duplicate actor id `GOT` (first defined on line 11)",
            "test.ron:17:17: error: relation GOT → GOI \"cooperation\": unknown actor `GOI`; did you mean `GOT`?",
        ]
    );
}

#[test]
fn duplicate_source_id() {
    assert_eq!(
        fail(&base_with(r#"Source(id: "src-b""#, r#"Source(id: "src-a""#)),
        [
            "test.ron:8:20: error: duplicate source id `src-a` (first defined on line 7)",
            "test.ron:20:67: error: relation GOT → GOI \"cooperation\", claim 1: unknown source `src-b`; did you mean `src-a`?",
        ]
    );
}

#[test]
fn duplicate_report_id() {
    let text = base_with(
        r#"date: "2022-06"),"#,
        "date: \"2022-06\"),\n        Report(id: \"rep\", title: \"Another\"),",
    );
    assert_eq!(
        fail(&text),
        ["test.ron:5:20: error: duplicate report id `rep` (first defined on line 4)"]
    );
}

#[test]
fn empty_sources_list() {
    let text = base_with(
        r#"
        Source(id: "src-a", name: "Source A", kind: Human, reliability: C, report: "rep"),
        Source(id: "src-b", name: "Source B", kind: Media),
    "#,
        "",
    );
    assert_eq!(
        fail(&text),
        [
            "test.ron:6:14: error: `sources` is empty; a dossier needs at least one source",
            "test.ron:17:58: error: relation GOT → GOI \"cooperation\", claim 1: unknown source `src-a`",
            "test.ron:17:67: error: relation GOT → GOI \"cooperation\", claim 1: unknown source `src-b`",
        ]
    );
}

#[test]
fn empty_actors_list() {
    let text = base_with(
        r#"
        Actor(id: "GOT", name: "Government of Tunisia", kind: Government),
        Actor(id: "GOI", name: "Government of Israel", kind: Government),
    "#,
        "",
    );
    assert_eq!(
        fail(&text),
        [
            "test.ron:10:13: error: `actors` is empty; a dossier needs at least one actor",
            "test.ron:13:19: error: relation GOT → GOI \"cooperation\": unknown actor `GOT`",
            "test.ron:14:17: error: relation GOT → GOI \"cooperation\": unknown actor `GOI`",
        ]
    );
}

#[test]
fn relation_with_no_claims() {
    let text = base_with(
        r#"
                Claim(text: "They cooperate.", sources: ["src-a", "src-b"], credibility: 3, confidence: Likely),
            "#,
        "",
    );
    assert_eq!(
        fail(&text),
        [
            "test.ron:7:9: warning: source `src-a`: no claim cites this source",
            "test.ron:8:9: warning: source `src-b`: no claim cites this source",
            "test.ron:19:21: error: relation GOT → GOI \"cooperation\": `claims` is empty; a relation needs at least one claim",
        ]
    );
}

#[test]
fn claim_with_no_sources() {
    assert_eq!(
        errors(&base_with(r#"sources: ["src-a", "src-b"]"#, "sources: []")),
        [
            "test.ron:20:57: error: relation GOT → GOI \"cooperation\", claim 1: `sources` is empty; a claim needs at least one source"
        ]
    );
}

#[test]
fn empty_title_label_text_and_id() {
    let mut text = base_with(r#"title: "Test""#, r#"title: "  ""#);
    text = edit(&text, r#"Actor(id: "GOI""#, r#"Actor(id: """#);
    text = edit(&text, r#"label: "cooperation""#, r#"label: """#);
    text = edit(&text, r#"text: "They cooperate.""#, r#"text: """#);
    assert_eq!(
        fail(&text),
        [
            "test.ron:2:12: error: the title is empty",
            "test.ron:12:19: error: empty actor id",
            "test.ron:17:17: error: relation GOT → GOI \"\": unknown actor `GOI`; did you mean `GOT`?",
            "test.ron:18:20: error: relation GOT → GOI \"\": the label is empty",
            "test.ron:20:29: error: relation GOT → GOI \"\", claim 1: the claim's text is empty",
        ]
    );
}

#[test]
fn credibility_zero_and_seven_are_out_of_range() {
    for c in [0, 7] {
        assert_eq!(
            fail(&base_with("credibility: 3", &format!("credibility: {c}"))),
            [format!(
                "test.ron:20:90: error: relation GOT → GOI \"cooperation\", claim 1: \
                 credibility {c} is out of range; expected 1 (confirmed) to 6 (cannot be judged)"
            )]
        );
    }
}

#[test]
fn credibility_too_big_for_a_number_is_a_parse_error() {
    assert_eq!(
        fail(&base_with("credibility: 3", "credibility: 300")),
        ["test.ron:20:90: error: number out of range (credibility is 1 to 6)"]
    );
}

#[test]
fn credibility_one_to_six_is_fine() {
    for c in 1..=6 {
        let l = ok(&base_with("credibility: 3", &format!("credibility: {c}")));
        assert_eq!(l.dossier.relations[0].claims[0].credibility, Some(c));
    }
}

#[test]
fn malformed_report_date() {
    assert_eq!(
        fail(&base_with(r#"date: "2022-06""#, r#"date: "June 2022""#)),
        [
            "test.ron:4:52: error: report `rep`: malformed date `June 2022`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD"
        ]
    );
}

#[test]
fn malformed_claim_date() {
    assert_eq!(
        fail(&base_with(
            "confidence: Likely)",
            r#"confidence: Likely, date: "2022-13")"#
        )),
        [
            "test.ron:20:119: error: relation GOT → GOI \"cooperation\", claim 1: malformed date `2022-13`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD"
        ]
    );
}

#[test]
fn well_formed_dates_at_every_precision() {
    for date in ["2022", "2022-06", "2022-06-30", "2024-02-29"] {
        let text = base_with(
            "confidence: Likely)",
            &format!(r#"confidence: Likely, date: "{date}")"#),
        );
        let text = edit(&text, r#"date: "2022-06""#, &format!(r#"date: "{date}""#));
        let l = ok(&text);
        assert_eq!(l.dossier.reports()[0].date.as_deref(), Some(date));
        assert_eq!(l.dossier.relations[0].claims[0].date.as_deref(), Some(date));
    }
}

#[test]
fn unknown_field_suggests_the_field() {
    assert_eq!(
        fail(&base_with("credibility: 3", "credibilty: 3")),
        [
            "test.ron:20:77: error: unknown field `credibilty` in `Claim`; expected one of `text`, `sources`, \
             `credibility`, `confidence`, `quote`, `cite`, `date`; did you mean `credibility`?"
        ]
    );
    assert_eq!(
        fail(&base_with("title:", "titel:")),
        [
            "test.ron:2:5: error: unknown field `titel` in `Dossier`; expected one of `title`, `summary`, \
             `reports`, `sources`, `actors`, `relations`; did you mean `title`?"
        ]
    );
}

#[test]
fn unknown_enum_value_suggests_the_value() {
    assert_eq!(
        fail(&base_with("confidence: Likely", "confidence: Likley")),
        [
            "test.ron:20:105: error: unknown value `Likley` in `Confidence`; expected one of `AlmostNoChance`, \
             `VeryUnlikely`, `Unlikely`, `RoughlyEvenChance`, `Likely`, `VeryLikely`, `AlmostCertain`; \
             did you mean `Likely`?"
        ]
    );
    assert_eq!(
        fail(&base_with("kind: Government", "kind: Goverment")),
        [
            "test.ron:11:63: error: unknown value `Goverment` in `ActorKind`; expected one of `State`, \
             `Government`, `Military`, `Person`, `Organization`, `Group`, `Public`, `Other`; \
             did you mean `Government`?"
        ]
    );
}

#[test]
fn unknown_enum_value_without_near_miss() {
    assert_eq!(
        fail(&base_with("reliability: C", "reliability: G")),
        [
            "test.ron:7:73: error: unknown value `G` in `Reliability`; expected one of `A`, `B`, `C`, `D`, `E`, `F`"
        ]
    );
}

#[test]
fn missing_required_field() {
    assert_eq!(
        fail(&base_with(", kind: Media", "")),
        ["test.ron:8:45: error: missing required field `kind` in `Source`"]
    );
    assert_eq!(
        fail(&base_with("    title: \"Test\",\n", "")),
        ["test.ron:23:1: error: missing required field `title` in `Dossier`"]
    );
}

#[test]
fn wrong_struct_name() {
    assert_eq!(
        fail(&base_with(r#"Actor(id: "GOI""#, r#"Source(id: "GOI""#)),
        ["test.ron:12:9: error: expected `Actor(`, found `Source(`"]
    );
}

#[test]
fn syntax_error_has_line_and_column() {
    assert_eq!(
        fail(&base_with(
            r#"label: "cooperation","#,
            r#"label: "cooperation""#
        )),
        ["test.ron:19:13: error: Expected comma"]
    );
}

#[test]
fn text_after_the_dossier() {
    assert_eq!(
        fail(&format!("{BASE}\nextra")),
        ["test.ron:24:2: error: unexpected text after the end of the dossier"]
    );
}

#[test]
fn a_file_cut_short_says_what_is_left_open_and_where() {
    // Cut in the middle of the first claim: five brackets are open, the
    // innermost first, each where it was opened.
    let cut = &BASE[..BASE.find("credibility: 3").unwrap()];
    let d = fail(cut);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("test.ron:20:76: "), "{}", d[0]);
    assert!(
        d[0].ends_with(
            ": error: the file ends before `Claim(` opened at 20:17 is closed (a `)` is missing); \
             also open: `claims: [` at 19:13, `Relation(` at 15:9, `relations: [` at 14:5, \
             `Dossier(` at 1:1"
        ),
        "{}",
        d[0]
    );
    // Only the last parenthesis missing; ron says "Expected comma" or the
    // like at the end.
    let d = fail(&BASE[..BASE.len() - 3]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].ends_with(
            ": error: the file ends before `Dossier(` opened at 1:1 is closed (a `)` is missing)"
        ),
        "{}",
        d[0]
    );
    assert_eq!(
        fail("Dossier(title: \"x\""),
        [
            "test.ron:1:19: error: the file ends before `Dossier(` opened at 1:1 is closed (a `)` is missing)"
        ]
    );
    assert_eq!(
        fail("Dossier(\n  actors: [\n    Actor(id: \"A\", name: \"A\", kind: State),\n"),
        [
            "test.ron:3:44: error: the file ends before `actors: [` opened at 2:3 is closed (a `]` is missing); also open: `Dossier(` at 1:1"
        ]
    );
    assert_eq!(
        fail("Dossier(title: \"never closed"),
        [
            "test.ron:1:16: error: the file ends inside the string opened at 1:16 (a closing `\"` is missing); also open: `Dossier(` at 1:1"
        ]
    );
    // A mistake in the middle stays ron's, where it is: see
    // `syntax_error_has_line_and_column`.
}

#[test]
fn a_file_that_is_not_a_dossier_says_what_was_expected() {
    let expected = "is not a dossier: linkchart reads RON text that starts with `Dossier(`";
    for (name, text, start) in [
        (
            "README.md",
            "# linkchart\n\nBrowse a graph.\n",
            "# linkchart",
        ),
        ("x.json", "{\"a\": 1}\n", "{\"a\": 1}"),
        ("notes.ron", "hello world\n", "hello world"),
        ("list.ron", "[1, 2]", "[1, 2]"),
    ] {
        let d = load_str(name, text).unwrap_err();
        assert_eq!(
            lines(&d),
            [format!(
                "{name}:1:1: error: {name} {expected}; this file starts with `{start}`"
            )],
        );
    }
    // A long first line is cut.
    let d = load_str("long.txt", &"word ".repeat(40)).unwrap_err();
    assert!(
        lines(&d)[0].ends_with("starts with `word word word word word word word word…`"),
        "{:?}",
        lines(&d)
    );
    // A misspelt `Dossier(` is ron's own message, with the name it found.
    assert_eq!(
        fail(&BASE.replacen("Dossier(", "Dosier(", 1)),
        ["test.ron:1:1: error: expected `Dossier(`, found `Dosier(`"]
    );
}

#[test]
fn empty_file() {
    let msg = "test.ron:1:1: error: the file is empty; a dossier starts with `Dossier(`";
    for text in ["", "  \n\n\t", "\u{feff}", "\r\n"] {
        assert_eq!(fail(text), [msg], "{text:?}");
    }
}

#[test]
fn all_problems_are_reported_at_once_sorted_by_line() {
    let mut text = base_with(r#"date: "2022-06""#, r#"date: "2022-6""#);
    text = edit(&text, r#"report: "rep""#, r#"report: "rap""#);
    text = edit(&text, r#"Source(id: "src-b""#, r#"Source(id: "src-a""#);
    text = edit(&text, r#"to: "GOI""#, r#"to: "GOX""#);
    text = edit(&text, "credibility: 3", "credibility: 9");
    let got = fail(&text);
    assert_eq!(
        got,
        [
            "test.ron:4:52: error: report `rep`: malformed date `2022-6`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD",
            "test.ron:7:84: error: source `src-a`: unknown report `rap`; did you mean `rep`?",
            "test.ron:8:20: error: duplicate source id `src-a` (first defined on line 7)",
            "test.ron:12:9: warning: actor `GOI`: Government of Israel has no relations",
            "test.ron:17:17: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?",
            "test.ron:20:67: error: relation GOT → GOX \"cooperation\", claim 1: unknown source `src-b`; did you mean `src-a`?",
            "test.ron:20:90: error: relation GOT → GOX \"cooperation\", claim 1: credibility 9 is out of range; expected 1 (confirmed) to 6 (cannot be judged)",
        ]
    );
    // And the diagnostics themselves carry the positions, in order.
    let diags = load_str(FILE, &text).unwrap_err();
    let positions: Vec<(usize, usize)> = diags
        .iter()
        .map(|d| (d.line.unwrap(), d.col.unwrap()))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
    assert!(diags.iter().all(|d| d.file == FILE));
}

#[test]
fn diagnostic_fields() {
    let diags = load_str(FILE, &base_with(r#"to: "GOI""#, r#"to: "GOX""#)).unwrap_err();
    let e = diags.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.file, FILE);
    assert_eq!((e.line, e.col), (Some(17), Some(17)));
    assert_eq!(
        e.context.as_deref(),
        Some("relation GOT → GOX \"cooperation\"")
    );
    assert_eq!(e.message, "unknown actor `GOX`; did you mean `GOT`?");
}

#[test]
fn terminal_escapes_in_an_unknown_id_are_shown_inert() {
    let d = errors(&base_with(r#"to: "GOI""#, r#"to: "\u{1b}]0;pwned\u{7}""#));
    assert_eq!(
        d,
        [
            "test.ron:17:17: error: relation GOT → ␛]0;pwned␇ \"cooperation\": unknown actor `␛]0;pwned␇`"
        ]
    );
    assert!(d.iter().all(|l| !l.contains('\x1b') && !l.contains('\x07')));
}

// ---------------------------------------------------------------- files

#[test]
fn not_utf8_via_load_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    let bytes = BASE.replacen("Test", "Te\u{ff}st", 1).into_bytes();
    let bytes: Vec<u8> = {
        // Write ÿ as the single Latin-1 byte 0xff.
        let s = String::from_utf8(bytes).unwrap();
        let (a, b) = s.split_once('\u{ff}').unwrap();
        [a.as_bytes(), &[0xff], b.as_bytes()].concat()
    };
    fs::write(&path, bytes).unwrap();
    let diags = load_path(&path).unwrap_err();
    assert_eq!(
        lines(&diags),
        [format!(
            "{}:2:15: error: not UTF-8 text: invalid byte 0xff; dossiers are UTF-8",
            path.display()
        )]
    );
}

#[test]
fn binary_garbage_via_load_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.ron");
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(&path, &garbage).unwrap();
    let diags = load_path(&path).unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    let msg = diags[0].to_string();
    assert!(msg.starts_with(&format!("{}:", path.display())), "{msg}");
    assert!(msg.contains(": error: "), "{msg}");
    assert!(diags[0].line.is_some(), "{msg}");

    // Bytes that are valid UTF-8 but full of controls: a parse error, inert.
    let controls: Vec<u8> = (0u8..0x20).cycle().take(1000).collect();
    fs::write(&path, &controls).unwrap();
    let diags = load_path(&path).unwrap_err();
    for d in lines(&diags) {
        assert!(d.chars().all(|c| c == '\n' || !c.is_control()), "{d:?}");
    }
}

#[test]
fn a_directory() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        lines(&load_path(dir.path()).unwrap_err()),
        [format!(
            "{}: error: is a directory, not a dossier file",
            dir.path().display()
        )]
    );
}

#[test]
fn a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.ron");
    assert_eq!(
        lines(&load_path(&path).unwrap_err()),
        [format!("{}: error: no such file", path.display())]
    );
}

#[test]
fn load_path_reads_a_valid_file_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("good.ron");
    let text = format!("\u{feff}{}", BASE.replace('\n', "\r\n"));
    fs::write(&path, &text).unwrap();
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    let l = load_path(&path).unwrap();
    assert_eq!(l.dossier, base_model());
    assert_eq!(fs::read(&path).unwrap(), text.as_bytes());
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn deep_nesting_never_panics() {
    let n = 200_000;
    let shapes = [
        "[".repeat(n),
        "(".repeat(n),
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}{}", "(".repeat(n), ")".repeat(n)),
        format!("Dossier(title: {}", "[".repeat(n)),
        format!("Dossier(title: \"t\", sources: {}", "[".repeat(n)),
        format!(
            "Dossier(title: \"t\", sources: [Source(id: \"s\", name: \"n\", kind: Other({}",
            "(".repeat(n)
        ),
        format!("Dossier(title: \"t\", summary: {}", "Some(".repeat(n)),
        "{".repeat(n),
        "#![enable(implicit_some)]".repeat(n / 25),
        "/*".repeat(n),
    ];
    for text in &shapes {
        let diags = load_str(FILE, text).unwrap_err();
        assert!(diags.iter().any(Diagnostic::is_error));
        assert!(diags.iter().all(|d| d.file == FILE));
    }
}

#[test]
fn deep_nesting_via_load_path_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.ron");
    fs::write(&path, "[".repeat(200_000)).unwrap();
    assert!(load_path(&path).is_err());
}

// ---------------------------------------------------------------- warnings

#[test]
fn warnings_alone_load_ok() {
    let text = base_with(
        "kind: Government),\n    ],",
        "kind: Government),\n        Actor(id: \"USA\", name: \"United States\", kind: State),\n    ],",
    );
    let text = edit(
        &text,
        "kind: Media),",
        "kind: Media),\n        Source(id: \"src-c\", name: \"Source C\", kind: Other(\"rumour\")),",
    );
    let l = ok(&text);
    assert_eq!(
        lines(&l.warnings),
        [
            "test.ron:9:9: warning: source `src-c`: no claim cites this source",
            "test.ron:14:9: warning: actor `USA`: United States has no relations",
        ]
    );
    assert!(l.warnings.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(l.dossier.actors.len(), 3);
}

#[test]
fn base_has_no_warnings() {
    assert!(ok(BASE).warnings.is_empty());
}

// ---------------------------------------------------------------- valid variants

#[test]
fn base_model_is_what_was_written() {
    let d = base_model();
    assert_eq!(d.title, "Test");
    assert_eq!(d.summary, None);
    assert_eq!(d.reports().len(), 1);
    assert_eq!(d.sources[0].kind, SourceKind::Human);
    assert_eq!(d.sources[0].reliability, Some(Reliability::C));
    assert_eq!(d.sources[0].report.as_deref(), Some("rep"));
    assert_eq!(d.sources[1].reliability, None);
    assert_eq!(d.actors[0].kind, ActorKind::Government);
    assert!(d.actors[0].aliases().is_empty());
    let c = &d.relations[0].claims[0];
    assert_eq!(c.sources, ["src-a", "src-b"]);
    assert_eq!(c.credibility, Some(3));
    assert_eq!(c.confidence, Some(Confidence::Likely));
    assert_eq!(
        (c.quote.as_ref(), c.cite.as_ref(), c.date.as_ref()),
        (None, None, None)
    );
}

#[test]
fn bom_and_crlf() {
    let text = format!("\u{feff}{}", BASE.replace('\n', "\r\n"));
    assert_eq!(ok(&text).dossier, base_model());
    // Positions in a CRLF file with a BOM are those of the same file without.
    let bad = text.replacen(r#"to: "GOI""#, r#"to: "GOX""#, 1);
    assert_eq!(
        errors(&bad),
        [
            "test.ron:17:17: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?"
        ]
    );
    let bad = text.replacen("credibility: 3", "credibilty: 3", 1);
    let e = &errors(&bad)[0];
    assert!(
        e.starts_with("test.ron:20:77: error: unknown field `credibilty`"),
        "{e}"
    );
}

#[test]
fn crlf_inside_a_string_becomes_lf() {
    let text = base_with("They cooperate.", "They\r\ncooperate.");
    assert_eq!(
        ok(&text).dossier.relations[0].claims[0].text,
        "They\ncooperate."
    );
}

#[test]
fn implicit_some_header() {
    let text = format!("#![enable(implicit_some)]\n{BASE}");
    assert_eq!(ok(&text).dossier, base_model());
    // Positions count the header's line.
    assert_eq!(
        errors(&text.replacen(r#"to: "GOI""#, r#"to: "GOX""#, 1)),
        [
            "test.ron:18:17: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?"
        ]
    );
}

#[test]
fn some_for_optional_fields() {
    let mut text = base_with("reliability: C", "reliability: Some(C)");
    text = edit(&text, r#"report: "rep""#, r#"report: Some("rep")"#);
    text = edit(&text, r#"date: "2022-06""#, r#"date: Some("2022-06")"#);
    text = edit(&text, "credibility: 3", "credibility: Some(3)");
    text = edit(&text, "confidence: Likely", "confidence: Some(Likely)");
    assert_eq!(ok(&text).dossier, base_model());
    // With the header as well.
    assert_eq!(
        ok(&format!("#![enable(implicit_some)]\n{text}")).dossier,
        base_model()
    );
    // An unknown id inside Some(…) is still found and placed.
    let bad = edit(&text, r#"Some("rep")"#, r#"Some("rpe")"#);
    assert_eq!(
        fail(&bad),
        ["test.ron:7:95: error: source `src-a`: unknown report `rpe`; did you mean `rep`?"]
    );
}

#[test]
fn unnamed_structs() {
    let mut text = BASE.to_string();
    for name in ["Report(", "Source(", "Actor(", "Relation(", "Claim("] {
        text = text.replace(name, "(");
    }
    assert_eq!(ok(&text).dossier, base_model());
    // The top-level struct name may go too.
    let text = edit(&text, "Dossier(", "(");
    assert_eq!(ok(&text).dossier, base_model());
    // Errors still have their places.
    assert_eq!(
        errors(&text.replacen(r#"to: "GOI""#, r#"to: "GOX""#, 1)),
        [
            "test.ron:17:17: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?"
        ]
    );
}

#[test]
fn optional_fields_written_and_other_kinds() {
    let text = r#"Dossier(
    title: "Full",
    summary: "Every optional field.",
    reports: [Report(id: "r", title: "R", publisher: "P", date: "2021", url: "https://example.org/r")],
    sources: [Source(id: "s", name: "S", kind: Other("leak"), reliability: F, report: "r", note: "n")],
    actors: [Actor(id: "a", name: "A", kind: Other("tribe"), aliases: ["Alpha", "Al"], note: "note")],
    relations: [Relation(from: "a", to: "a", label: "self", claims: [
        Claim(text: "t", sources: ["s"], credibility: 6, confidence: AlmostNoChance,
              quote: "q", cite: "¶1", date: "2021-01-31"),
    ])],
)"#;
    let d = ok(text).dossier;
    assert_eq!(d.summary.as_deref(), Some("Every optional field."));
    assert_eq!(d.reports()[0].url.as_deref(), Some("https://example.org/r"));
    assert_eq!(d.sources[0].kind, SourceKind::Other("leak".into()));
    assert_eq!(d.sources[0].reliability, Some(Reliability::F));
    assert_eq!(d.actors[0].kind, ActorKind::Other("tribe".into()));
    assert_eq!(d.actors[0].aliases(), ["Alpha", "Al"]);
    let c = &d.relations[0].claims[0];
    assert_eq!(c.confidence, Some(Confidence::AlmostNoChance));
    assert_eq!(c.quote.as_deref(), Some("q"));
    assert_eq!(c.cite.as_deref(), Some("¶1"));
}

#[test]
fn every_grade_and_confidence_word_parses() {
    for r in ["A", "B", "C", "D", "E", "F"] {
        let l = ok(&base_with("reliability: C", &format!("reliability: {r}")));
        assert_eq!(
            l.dossier.sources[0]
                .reliability
                .unwrap()
                .letter()
                .to_string(),
            r
        );
    }
    for w in [
        "AlmostNoChance",
        "VeryUnlikely",
        "Unlikely",
        "RoughlyEvenChance",
        "Likely",
        "VeryLikely",
        "AlmostCertain",
    ] {
        let l = ok(&base_with(
            "confidence: Likely",
            &format!("confidence: {w}"),
        ));
        assert_eq!(
            format!("{:?}", l.dossier.relations[0].claims[0].confidence.unwrap()),
            w
        );
    }
}

#[test]
fn escapes_in_text_are_decoded_then_sanitised() {
    let text = base_with(
        r#"text: "They cooperate.""#,
        r#"text: "They \"cooperate\".\nSecond line\u{1b}[2J\u{7}, tab\there, \u{202e}evil""#,
    );
    let d = ok(&text).dossier;
    assert_eq!(
        d.relations[0].claims[0].text,
        "They \"cooperate\".\nSecond line␛[2J␇, tab   here, \\u{202e}evil"
    );
    // Every string is sanitised, not just claim text.
    let text = base_with(
        r#"name: "Government of Tunisia""#,
        r#"name: "GOT\u{1b}]52;c;ZXZpbA==\u{7}""#,
    );
    let d = ok(&text).dossier;
    assert_eq!(d.actors[0].name, "GOT␛]52;c;ZXZpbA==␇");
    // Raw control characters in the file, not escapes, too.
    let text = base_with("Test", "Te\x1b[31mst\x7f");
    assert_eq!(ok(&text).dossier.title, "Te␛[31mst␡");
}

#[test]
fn raw_strings() {
    let text = base_with(
        r#"text: "They cooperate.""#,
        r##"text: r#"They said "yes" \n"#"##,
    );
    let d = ok(&text).dossier;
    assert_eq!(d.relations[0].claims[0].text, r#"They said "yes" \n"#);
}

#[test]
fn comments_are_allowed() {
    let text = base_with(
        "    title: \"Test\",\n",
        "    // a line comment\n    title: /* inline */ \"Test\", /* block\n (with brackets [ */\n",
    );
    assert_eq!(ok(&text).dossier, base_model());
}

#[test]
fn very_long_text() {
    let long = "x".repeat(1 << 20);
    let text = base_with("They cooperate.", &long);
    let l = ok(&text);
    assert_eq!(l.dossier.relations[0].claims[0].text.len(), 1 << 20);
    // And a long text with an error after it still gets its position.
    let bad = edit(&text, "credibility: 3", "credibility: 7");
    let e = &errors(&bad)[0];
    assert!(
        e.starts_with(&format!("test.ron:20:{}: error: ", 90 + (1 << 20) - 15)),
        "{}",
        &e[..80]
    );
}

#[test]
fn arabic_and_cjk_text() {
    let mut text = base_with(
        r#"name: "Government of Tunisia""#,
        r#"name: "الحكومة التونسية""#,
    );
    text = edit(
        &text,
        r#"name: "Government of Israel""#,
        r#"name: "以色列政府 이스라엘 정부""#,
    );
    text = edit(
        &text,
        r#"text: "They cooperate.""#,
        r#"text: "تتعاون الحكومتان سرا。两国政府秘密合作 👍""#,
    );
    text = edit(&text, r#"id: "GOT""#, r#"id: "تونس""#);
    text = edit(&text, r#"from: "GOT""#, r#"from: "تونس""#);
    let d = ok(&text).dossier;
    assert_eq!(d.actors[0].name, "الحكومة التونسية");
    assert_eq!(d.actors[1].name, "以色列政府 이스라엘 정부");
    assert_eq!(
        d.relations[0].claims[0].text,
        "تتعاون الحكومتان سرا。两国政府秘密合作 👍"
    );
    assert_eq!(d.relations[0].from, "تونس");
    // Columns count characters, not bytes.
    let bad = edit(&text, "credibility: 3", "credibility: 0");
    let e = &errors(&bad)[0];
    let line = bad.lines().nth(19).unwrap();
    let col = line
        .find("0,")
        .map(|b| line[..b].chars().count() + 1)
        .unwrap();
    assert!(e.starts_with(&format!("test.ron:20:{col}: error: ")), "{e}");
}

#[test]
fn relation_from_an_actor_to_itself() {
    let text = base_with(r#"to: "GOI""#, r#"to: "GOT""#);
    let l = load_str(FILE, &text).unwrap();
    // GOI is left without relations: only a warning.
    assert_eq!(
        lines(&l.warnings),
        ["test.ron:12:9: warning: actor `GOI`: Government of Israel has no relations"]
    );
    let chart = Chart::new(l.dossier);
    let got = chart.actor_ix("GOT").unwrap();
    assert_eq!(chart.ends(0), (got, got));
    let inc: Vec<_> = chart.incident(got).collect();
    assert_eq!(inc.len(), 1, "a self-relation appears once: {inc:?}");
    assert_eq!((inc[0].rel, inc[0].other), (0, got));
}

#[test]
fn several_relations_between_the_same_pair_stay_apart_and_a_repeat_joins() {
    // Another label between the same pair is another relation; the same
    // from, to and label again is the same relation (FORMAT.md: a chart of
    // several files), its claims in the order written.
    let second = r#"
        Relation(
            from: "GOI",
            to: "GOT",
            label: "visits",
            claims: [Claim(text: "Officials visited.", sources: ["src-a"])],
        ),
        Relation(
            from: "GOT",
            to: "GOI",
            label: "cooperation",
            claims: [Claim(text: "Same label: the same relation.", sources: ["src-b"])],
        ),
    ],
)
"#;
    let text = base_with("\n    ],\n)\n", second);
    let l = ok(&text);
    assert_eq!(l.dossier.relations.len(), 2);
    assert_eq!(
        l.dossier.relations[0]
            .claims
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["They cooperate.", "Same label: the same relation."]
    );
    let chart = Chart::new(l.dossier);
    assert_eq!(chart.graph.node_count(), 2);
    assert_eq!(chart.graph.edge_count(), 2);
    let (got, goi) = (
        chart.actor_ix("GOT").unwrap(),
        chart.actor_ix("GOI").unwrap(),
    );
    let mut rels: Vec<_> = chart.incident(got).map(|i| i.rel).collect();
    rels.sort();
    assert_eq!(rels, [0, 1]);
    assert!(chart.incident(got).all(|i| i.other == goi));
    assert_eq!(chart.incident(got).filter(|i| i.outgoing).count(), 1);
    assert_eq!(chart.incident(goi).count(), 2);
    assert_eq!(chart.ends(1), (goi, got));
    assert_eq!(chart.total_claims(), 3);
    let src_a = chart.source_ix("src-a").unwrap() as u32;
    let src_b = chart.source_ix("src-b").unwrap() as u32;
    assert_eq!(chart.claim_sources(0, 0), [src_a, src_b]);
    assert_eq!(chart.claim_sources(0, 1), [src_b]);
    assert_eq!(chart.claim_sources(1, 0), [src_a]);
    // Each claim still knows where it was written.
    let p = &l.provenance;
    assert_eq!(p.claim(0, 1).map(|c| (c.rel, c.claim)), Some((2, 0)));
    assert_eq!(p.claim(1, 0).map(|c| (c.rel, c.claim)), Some((1, 0)));
}

#[test]
fn relations_may_be_left_out() {
    let text = base_with(
        "    relations: [\n        Relation(\n            from: \"GOT\",",
        "    xrelations: [\n        Relation(\n            from: \"GOT\",",
    );
    // Sanity: the unknown field is caught…
    assert!(fail(&text)[0].contains("unknown field `xrelations`"));
    // …and a dossier without relations loads, with warnings for everything.
    let text = r#"Dossier(
    title: "Only actors",
    sources: [Source(id: "s", name: "S", kind: Human)],
    actors: [Actor(id: "a", name: "A", kind: Person)],
)"#;
    let l = ok(text);
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
}

// ---------------------------------------------------------------- bundled

#[test]
fn bundled_dossier_validates() {
    let l = match load_str(BUNDLED_NAME, BUNDLED) {
        Ok(l) => l,
        Err(diags) => panic!("{}", lines(&diags).join("\n")),
    };
    assert!(!l.dossier.actors.is_empty());
    assert!(!l.dossier.relations.is_empty());
    for w in &l.warnings {
        eprintln!("{w}");
    }
}

#[test]
fn bundled_dossier_is_the_data_file() {
    let on_disk = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED_NAME))
        .expect("data/tunisia-israel.ron exists");
    assert_eq!(on_disk, BUNDLED);
    let from_path = load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED_NAME)).unwrap();
    assert_eq!(
        from_path.dossier,
        load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier
    );
}

#[test]
fn readme_example_is_valid() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```ron\n")
        .expect("README has a ```ron example")
        + "```ron\n".len();
    let len = readme[start..].find("```").expect("the example is closed");
    let example = &readme[start..start + len];
    let l = match load_str("README.md", example) {
        Ok(l) => l,
        Err(diags) => panic!("{}", lines(&diags).join("\n")),
    };
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

// ---------------------------------------------------------------- JSON

fn round_trip(d: &Dossier) {
    let json = linkchart::export::json(d);
    let back: Dossier = serde_json::from_str(&json).expect("the export parses back");
    assert_eq!(&back, d);
}

#[test]
fn json_export_round_trips() {
    round_trip(&base_model());
    round_trip(&load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier);
    let full = r#"Dossier(
    title: "Full",
    summary: "s",
    reports: [Report(id: "r", title: "R", publisher: "P", date: "2021", url: "https://example.org/r")],
    sources: [Source(id: "s", name: "S", kind: Other("leak"), reliability: F, report: "r", note: "n")],
    actors: [Actor(id: "a", name: "\u{1b}A", kind: Other("tribe"), aliases: ["Alpha"], note: "x")],
    relations: [Relation(from: "a", to: "a", label: "self", claims: [
        Claim(text: "t", sources: ["s"], credibility: 6, confidence: AlmostCertain,
              quote: "q", cite: "¶1", date: "2021-01-31"),
    ])],
)"#;
    round_trip(&ok(full).dossier);
}

#[test]
fn json_export_uses_the_format_field_names() {
    let json = linkchart::export::json(&base_model());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["title"], "Test");
    assert_eq!(v["reports"][0]["date"], "2022-06");
    assert_eq!(v["sources"][0]["reliability"], "C");
    assert_eq!(v["sources"][0]["kind"], "Human");
    assert_eq!(v["actors"][1]["id"], "GOI");
    let claim = &v["relations"][0]["claims"][0];
    assert_eq!(claim["credibility"], 3);
    assert_eq!(claim["confidence"], "Likely");
    assert_eq!(claim["sources"], serde_json::json!(["src-a", "src-b"]));
}

#[test]
fn json_export_omits_absent_optional_fields() {
    let json = linkchart::export::json(&base_model());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        ["actors", "relations", "reports", "sources", "title"]
    );
    assert_eq!(keys(&v["reports"][0]), ["date", "id", "title"]);
    assert_eq!(
        keys(&v["sources"][0]),
        ["id", "kind", "name", "reliability", "report"]
    );
    assert_eq!(keys(&v["sources"][1]), ["id", "kind", "name"]);
    assert_eq!(keys(&v["actors"][0]), ["id", "kind", "name"]);
    assert_eq!(
        keys(&v["relations"][0]["claims"][0]),
        ["confidence", "credibility", "sources", "text"]
    );
    assert!(!json.contains("null"), "{json}");
}

#[test]
fn json_export_is_sanitised_text() {
    let text = base_with("Test", r"Te\u{1b}[2Jst");
    let json = linkchart::export::json(&ok(&text).dossier);
    assert!(json.contains("Te␛[2Jst"), "{json}");
    assert!(!json.contains("\\u001b"), "{json}");
}

#[test]
fn dossier_module_reexports() {
    // The names other code relies on are reachable where documented.
    let _: fn(&str, &str) -> Result<Loaded, Vec<Diagnostic>> = dossier::load_str;
    let _: fn(&Path) -> Result<Loaded, Vec<Diagnostic>> = dossier::load_path;
}
