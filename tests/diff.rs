//! The semantic diff of two versions of a chart, read from git revisions:
//! small repositories built in temporary folders with the `git` command,
//! read back by the program in process.

mod common;
mod gitrepo;

use std::path::{Path, PathBuf};

use gitrepo::Repo;
use linkchart::dossier::diff::{Change, ChartDiff, ClaimChange, diff};
use linkchart::dossier::git::{GitError, RevPath, load_at};
use linkchart::dossier::{Dossier, load_paths};
use linkchart::export::{DiffReport, Side};
use linkchart::filter::Filter;
use linkchart::graph::Chart;

const ACTORS: &str = r#"Dossier(
    title: "Test chart",
    sources: [
        Source(id: "s1", name: "Source one", kind: Human, reliability: C),
        Source(id: "s2", name: "Source two", kind: Media, reliability: B),
    ],
    actors: [
        Actor(id: "A", name: "Alpha", kind: State),
        Actor(id: "B", name: "Beta", kind: Group),
        Actor(id: "C", name: "Gamma", kind: Person),
    ],
)
"#;

const REPORT: &str = r#"Dossier(
    relations: [
        Relation(from: "A", to: "B", label: "supplies", claims: [
            Claim(text: "Alpha has supplied Beta with rifles since 2019.", sources: ["s1"], credibility: 3, cite: "¶2"),
            Claim(text: "Beta paid in cash.", sources: ["s2"], credibility: 2),
        ]),
        Relation(from: "B", to: "C", label: "employs", claims: [
            Claim(text: "Gamma is on Beta's payroll.", sources: ["s1"]),
        ]),
    ],
)
"#;

/// A repository whose first commit holds `charts/actors.ron` and
/// `charts/report.ron`.
fn base() -> Repo {
    let repo = Repo::new();
    repo.write("charts/actors.ron", ACTORS);
    repo.write("charts/report.ron", REPORT);
    repo.commit("first");
    repo
}

fn at(repo: &Repo, rev: &str, path: &str) -> Dossier {
    let r = load_at(rev, &[repo.path(path)]).unwrap_or_else(|e| panic!("{rev}: {e}"));
    match r.loaded {
        Ok(l) => l.dossier,
        Err(d) => panic!("{rev}:{path} does not load: {d:?}"),
    }
}

/// The diff of the chart at `charts` from HEAD~1 to HEAD.
fn last_commit(repo: &Repo) -> ChartDiff {
    diff(&at(repo, "HEAD~1", "charts"), &at(repo, "HEAD", "charts"))
}

/// Replaces `from` with `to` in a file of the repository and commits.
fn edit(repo: &Repo, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(repo.path(file)).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    repo.write(file, &text.replacen(from, to, 1));
    repo.commit(&format!("edit {file}"));
}

/// The one claim an edit of the report changed, nothing else changing.
fn one_changed_claim(from: &str, to: &str) -> ClaimChange {
    let repo = base();
    edit(&repo, "charts/report.ron", from, to);
    let d = last_commit(&repo);
    assert_eq!(d.claims.len(), 1, "{d:#?}");
    assert!(d.actors.is_empty() && d.relations.is_empty() && d.sources.is_empty());
    let c = d.claims.into_iter().next().unwrap();
    assert_eq!(c.change, Change::Changed);
    c
}

#[test]
fn a_changed_grade() {
    let c = one_changed_claim("credibility: 3", "credibility: 2");
    assert_eq!(c.text, "Alpha has supplied Beta with rifles since 2019.");
    let fields: Vec<_> = c
        .fields
        .iter()
        .map(|f| (f.field, f.old.to_string(), f.new.to_string()))
        .collect();
    assert_eq!(fields, [("credibility", "3".into(), "2".into())]);
}

#[test]
fn a_reworded_text() {
    let c = one_changed_claim(
        "Alpha has supplied Beta with rifles since 2019.",
        "Alpha has been supplying Beta with rifles since 2019.",
    );
    assert_eq!(c.fields[0].field, "text");
    assert_eq!(
        c.fields[0].old,
        "Alpha has supplied Beta with rifles since 2019."
    );
    assert_eq!(
        c.text,
        "Alpha has been supplying Beta with rifles since 2019."
    );
}

#[test]
fn an_added_and_a_removed_claim() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        r#"            Claim(text: "Beta paid in cash.", sources: ["s2"], credibility: 2),"#,
        r#"            Claim(text: "Shipments go through the northern port.", sources: ["s2"], credibility: 4),"#,
    );
    let d = last_commit(&repo);
    let got: Vec<(Change, &str)> = d
        .claims
        .iter()
        .map(|c| (c.change, c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Change::Added, "Shipments go through the northern port."),
            (Change::Removed, "Beta paid in cash."),
        ]
    );
    assert_eq!(d.claims[0].item.as_ref().unwrap().credibility, Some(4));
}

#[test]
fn a_removed_relation_lists_its_claims_as_removed() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        r#"        Relation(from: "B", to: "C", label: "employs", claims: [
            Claim(text: "Gamma is on Beta's payroll.", sources: ["s1"]),
        ]),
"#,
        "",
    );
    let d = last_commit(&repo);
    assert_eq!(d.relations.len(), 1);
    let r = &d.relations[0];
    assert_eq!(
        (r.change, r.from.as_str(), r.to.as_str(), r.label.as_str()),
        (Change::Removed, "B", "C", "employs")
    );
    let got: Vec<(Change, &str)> = d
        .claims
        .iter()
        .map(|c| (c.change, c.text.as_str()))
        .collect();
    assert_eq!(got, [(Change::Removed, "Gamma is on Beta's payroll.")]);
}

#[test]
fn a_new_actor() {
    let repo = base();
    edit(
        &repo,
        "charts/actors.ron",
        r#"        Actor(id: "C", name: "Gamma", kind: Person),"#,
        r#"        Actor(id: "C", name: "Gamma", kind: Person),
        Actor(id: "D", name: "Delta", kind: Military, aliases: ["The Fourth"]),"#,
    );
    let d = last_commit(&repo);
    assert_eq!(d.actors.len(), 1);
    assert_eq!(
        (d.actors[0].change, d.actors[0].id.as_str()),
        (Change::Added, "D")
    );
    assert_eq!(d.claims.len() + d.relations.len() + d.sources.len(), 0);
}

#[test]
fn moving_reordering_and_reformatting_change_nothing() {
    let repo = base();
    std::fs::create_dir(repo.path("charts/2024")).unwrap();
    std::fs::rename(
        repo.path("charts/report.ron"),
        repo.path("charts/2024/renamed.ron"),
    )
    .unwrap();
    repo.commit("move");
    assert!(last_commit(&repo).is_empty());

    // The claims reordered, the layout changed, a relation moved to the
    // other file.
    repo.write(
        "charts/2024/renamed.ron",
        r#"Dossier(relations: [
  Relation(from: "A", to: "B", label: "supplies", claims: [
    Claim(text: "Beta paid in cash.", credibility: 2, sources: ["s2"]),
    Claim(
        text: "Alpha has supplied Beta with rifles since 2019.",
        sources: ["s1"],
        cite: "¶2",
        credibility: 3,
    ),
  ]),
])
"#,
    );
    let actors = ACTORS.replace(
        "    ],\n)\n",
        "    ],\n    relations: [Relation(from: \"B\", to: \"C\", label: \"employs\", claims: [Claim(text: \"Gamma is on Beta's payroll.\", sources: [\"s1\"])])],\n)\n",
    );
    repo.write("charts/actors.ron", &actors);
    repo.commit("reshuffle");
    assert!(last_commit(&repo).is_empty(), "{:#?}", last_commit(&repo));
    // Against the first version too.
    assert!(diff(&at(&repo, "HEAD~2", "charts"), &at(&repo, "HEAD", "charts")).is_empty());
}

#[test]
fn a_bad_revision_is_named() {
    let repo = base();
    let e = load_at("no-such-branch", &[repo.path("charts")]).unwrap_err();
    assert!(
        matches!(&e, GitError::BadRevision { rev, .. } if rev == "no-such-branch"),
        "{e:?}"
    );
    assert!(e.to_string().contains("`no-such-branch`"), "{e}");
    let e = load_at("HEAD~5", &[repo.path("charts")]).unwrap_err();
    assert!(
        matches!(&e, GitError::BadRevision { rev, .. } if rev == "HEAD~5"),
        "{e:?}"
    );
}

#[test]
fn a_revision_whose_file_does_not_parse() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3,",
        "credibility: 3,,",
    );
    repo.write("charts/report.ron", REPORT);
    repo.commit("fixed");
    let r = load_at("HEAD~1", &[repo.path("charts")]).unwrap();
    let diags = r.loaded.unwrap_err();
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let bad = diags.iter().find(|d| d.is_error()).expect("an error");
    let name = format!("HEAD~1:{}", repo.path("charts/report.ron").display());
    assert_eq!(bad.file, name, "{shown:?}");
    assert_eq!((bad.line, bad.col.is_some()), (Some(4), true), "{shown:?}");
    assert!(shown[0].starts_with(&format!("{name}:4:")), "{shown:?}");
}

#[test]
fn a_path_absent_at_the_revision() {
    let repo = base();
    repo.write("charts/late.ron", "Dossier(relations: [])\n");
    repo.commit("late");
    let e = load_at("HEAD~1", &[repo.path("charts/late.ron")]).unwrap_err();
    assert!(
        matches!(&e, GitError::Absent { rev, .. } if rev == "HEAD~1"),
        "{e:?}"
    );
    assert!(e.to_string().contains("late.ron"), "{e}");
    // Gone from the work tree but there at the revision: still read.
    std::fs::remove_file(repo.path("charts/late.ron")).unwrap();
    assert!(load_at("HEAD", &[repo.path("charts/late.ron")]).is_ok());
}

#[test]
fn a_folder_not_in_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.ron"), ACTORS).unwrap();
    let e = load_at("HEAD", &[dir.path().to_path_buf()]).unwrap_err();
    assert!(matches!(&e, GitError::NotInRepo { .. }), "{e:?}");
    assert!(e.to_string().contains("not in a git repository"), "{e}");
}

#[test]
fn revisions_by_tag_hash_reflog_date_and_relative_path() {
    let repo = Repo::new();
    repo.write("charts/actors.ron", ACTORS);
    repo.write("charts/report.ron", REPORT);
    let two_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 2 * 86_400;
    repo.commit_dated("first", &format!("{two_days_ago} +0000"));
    repo.git(&["tag", "v1"]);
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3",
        "credibility: 1",
    );
    let first = repo.git(&["rev-parse", "HEAD~1"]);
    for rev in [
        "v1",
        first.trim(),
        &first[..8],
        "main@{yesterday}",
        "HEAD^",
        "main~1",
    ] {
        let d = diff(&at(&repo, rev, "charts"), &at(&repo, "HEAD", "charts"));
        assert_eq!(d.claims.len(), 1, "{rev}");
    }
    // A path relative to the current folder, resolved in the repository
    // that holds it; an empty PATH is the current folder.
    let rp = RevPath::parse("v1:").unwrap();
    assert_eq!(rp.path, Path::new("."));
    let cwd = std::env::current_dir().unwrap();
    let rel = pathdiff(&repo.path("charts"), &cwd);
    let r = load_at("v1", &[rel]).unwrap();
    assert!(r.loaded.is_ok());
}

#[test]
fn reading_a_revision_touches_neither_work_tree_nor_index() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3",
        "credibility: 2",
    );
    repo.write("charts/report.ron", "uncommitted change\n");
    let status = repo.git(&["status", "--porcelain"]); // refreshes the index
    let index = repo.path(".git/index");
    let seen = || {
        let meta = std::fs::metadata(&index).unwrap();
        (meta.modified().unwrap(), std::fs::read(&index).unwrap())
    };
    let before = seen();
    let _ = at(&repo, "HEAD~1", "charts/actors.ron");
    let _ = load_at("HEAD~1", &[repo.path("charts")]).unwrap();
    assert!(before == seen(), "the index was written");
    assert_eq!(repo.git(&["status", "--porcelain"]), status);
    assert_eq!(
        std::fs::read_to_string(repo.path("charts/report.ron")).unwrap(),
        "uncommitted change\n"
    );
}

#[test]
fn the_work_tree_against_a_revision() {
    let repo = base();
    let text = std::fs::read_to_string(repo.path("charts/report.ron")).unwrap();
    repo.write(
        "charts/report.ron",
        &text.replace("Beta paid in cash.", "Beta paid it in cash."),
    );
    let now = load_paths(&[repo.path("charts")]).unwrap().dossier;
    let d = diff(&at(&repo, "HEAD", "charts"), &now);
    assert_eq!(d.claims.len(), 1);
    assert_eq!(d.claims[0].change, Change::Changed);
}

#[test]
fn rev_path_arguments() {
    let p = |s: &str| RevPath::parse(s).map(|r| (r.rev, r.path));
    assert_eq!(
        p("HEAD~1:charts"),
        Some(("HEAD~1".into(), PathBuf::from("charts")))
    );
    assert_eq!(
        p("main@{2024-01-01 10:00}:a.ron"),
        Some(("main@{2024-01-01 10:00}".into(), PathBuf::from("a.ron")))
    );
    assert_eq!(
        p("HEAD^{/fix: typo}:x"),
        Some(("HEAD^{/fix: typo}".into(), PathBuf::from("x")))
    );
    assert_eq!(p("plain.ron"), None);
    assert_eq!(p(":x"), None);
    // An existing file wins over a revision.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a:b.ron");
    std::fs::write(&odd, "x").unwrap();
    assert_eq!(RevPath::parse(odd.to_str().unwrap()), None);
}

/// `path` relative to `base` (both absolute).
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    let path = std::fs::canonicalize(path).unwrap();
    let base = std::fs::canonicalize(base).unwrap();
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in base.components().skip(common) {
        out.push("..");
    }
    for c in path.components().skip(common) {
        out.push(c);
    }
    out
}

/// A commit that changes a grade, rewords a claim, replaces the claim of
/// one relation with a dated one, regrades a source and adds an actor.
fn busy_commit() -> Repo {
    let repo = base();
    let text = std::fs::read_to_string(repo.path("charts/report.ron"))
        .unwrap()
        .replace("credibility: 3", "credibility: 2")
        .replace("Beta paid in cash.", "Beta paid it in cash.")
        .replace(
            r#"Claim(text: "Gamma is on Beta's payroll.", sources: ["s1"]),"#,
            r#"Claim(text: "Gamma was hired in 2020.", sources: ["s2"], date: "2020-03", quote: "hired"),"#,
        );
    repo.write("charts/report.ron", &text);
    let actors = ACTORS.replace("reliability: C", "reliability: B").replace(
        r#"        Actor(id: "C", name: "Gamma", kind: Person),"#,
        r#"        Actor(id: "C", name: "Gamma", kind: Person),
        Actor(id: "D", name: "Delta", kind: Military, aliases: ["The Fourth"]),"#,
    );
    repo.write("charts/actors.ron", &actors);
    repo.commit("busy");
    repo
}

fn chart_at(repo: &Repo, rev: &str) -> Chart {
    Chart::from_loaded(
        load_at(rev, &[repo.path("charts")])
            .unwrap()
            .loaded
            .unwrap(),
    )
}

/// The report of HEAD~1 → HEAD under `filter` (built for each side).
fn report_of(repo: &Repo, filter: impl Fn(&Chart) -> Filter, out: impl FnOnce(&DiffReport)) {
    let (old, new) = (chart_at(repo, "HEAD~1"), chart_at(repo, "HEAD"));
    let (fo, fn_) = (filter(&old), filter(&new));
    let d = diff(&old.dossier, &new.dossier);
    let side = |chart, filter, label| Side {
        chart,
        filter,
        label,
        commit: None,
    };
    let r = DiffReport::new(
        d,
        side(&old, &fo, "HEAD~1:charts"),
        side(&new, &fn_, "HEAD:charts"),
    );
    out(&r);
}

#[test]
fn the_briefing_of_the_changes() {
    let repo = busy_commit();
    report_of(&repo, Filter::all, |r| {
        let md = r.markdown("2026-12-04");
        let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            sections,
            [
                "## New claims",
                "## Changed claims",
                "## Removed claims",
                "## Actors",
                "## Sources"
            ]
        );
        assert!(md.starts_with("# What changed: Test chart\n"), "{md}");
        assert!(
            md.contains("From: `HEAD~1:charts` · To: `HEAD:charts`"),
            "{md}"
        );
        assert!(
            md.contains(
                "**Summary:** claims: 1 new, 2 changed, 1 removed; actors: 1 new; sources: 1 changed."
            ),
            "{md}"
        );
        // A new claim with its grade, date and quote; footnoted.
        assert!(
            md.contains(
                "    - Gamma was hired in 2020.\n      B?[^1] · 2020-03 · in report.ron · “hired”"
            ),
            "{md}"
        );
        // Changes written out, between the text and the grades.
        assert!(md.contains("    - Alpha has supplied Beta with rifles since 2019.\n      changed: credibility 3 → 2\n      B2[^2]"), "{md}");
        assert!(
            md.contains("changed: reworded (was “Beta paid in cash.”)"),
            "{md}"
        );
        // A removed claim keeps the grade it had.
        has(
            &md,
            &[
                "    - Gamma is on Beta's payroll.\n      C?[^2]",
                "- New: **Delta** (D) — military; also known as The Fourth",
                "- Changed: **Source one** (s1) — human, reliability B (usually reliable): reliability C → B",
                "[^1]: Source two — media, reliability B (usually reliable)\n[^2]: Source one — human",
            ],
        );
        assert!(md.ends_with("Filters: none (all sources)\n"), "{md}");
    });
}

#[test]
fn the_json_of_the_changes() {
    let repo = busy_commit();
    report_of(&repo, Filter::all, |r| {
        let v: serde_json::Value = serde_json::from_str(&r.json()).unwrap();
        for list in ["actors", "relations", "claims", "sources", "reports"] {
            assert!(v[list].is_array(), "{list}");
        }
        let changes: Vec<(&str, &str)> = v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["change"].as_str().unwrap(), c["text"].as_str().unwrap()))
            .collect();
        assert_eq!(
            changes,
            [
                ("changed", "Alpha has supplied Beta with rifles since 2019."),
                ("changed", "Beta paid it in cash."),
                ("added", "Gamma was hired in 2020."),
                ("removed", "Gamma is on Beta's payroll."),
            ]
        );
        assert_eq!(
            v["claims"][1]["fields"]["text"]["old"],
            "Beta paid in cash."
        );
        assert_eq!(
            v["sources"][0]["fields"]["reliability"],
            serde_json::json!({"old": "C", "new": "B"})
        );
        assert_eq!(v["actors"][0]["id"], "D");
        assert_eq!(
            (v["old"].as_str(), v["new"].as_str()),
            (Some("HEAD~1:charts"), Some("HEAD:charts"))
        );
    });
}

#[test]
fn filters_apply_to_both_versions() {
    let repo = busy_commit();
    // Only source two: the claims on source one go, with source one.
    let only_s2 = |c: &Chart| {
        let mut f = Filter::all(c);
        let s1 = c.source_ix("s1").unwrap();
        f.sources[s1] = false;
        f
    };
    report_of(&repo, only_s2, |r| {
        let texts: Vec<&str> = r.diff.claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Beta paid it in cash.", "Gamma was hired in 2020."]);
        assert!(r.diff.sources.is_empty());
        let md = r.markdown("2026-12-04");
        assert!(md.contains("(under the current filter)"), "{md}");
        assert!(md.ends_with("Filters: sources 1/2\n"), "{md}");
    });
    // A date range: undated claims hidden, and counted.
    let in_2020 = |c: &Chart| {
        let mut f = Filter::all(c);
        let y = linkchart::dates::Date::parse("2020");
        f.dates = linkchart::dates::Range::new(y, y).unwrap();
        f
    };
    report_of(&repo, in_2020, |r| {
        let texts: Vec<&str> = r.diff.claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Gamma was hired in 2020."]);
        assert_eq!(r.undated_hidden, 3);
        let md = r.markdown("2026-12-04");
        assert!(
            md.contains("Date range: 2020; 3 changed undated claims hidden."),
            "{md}"
        );
        let v: serde_json::Value = serde_json::from_str(&r.json()).unwrap();
        assert_eq!(v["date_range"]["undated_hidden"], 3);
    });
    // No source graded A: no claim and no source is left; the new actor,
    // in no relation, stays while its kind passes.
    let grade_a = |c: &Chart| {
        let mut f = Filter::all(c);
        f.min_reliability = Some(linkchart::dossier::Reliability::A);
        f
    };
    report_of(&repo, grade_a, |r| {
        assert!(r.diff.claims.is_empty() && r.diff.sources.is_empty());
        assert_eq!(r.diff.actors.len(), 1);
    });
    let nothing = |c: &Chart| {
        let mut f = grade_a(c);
        f.actor_kinds = vec!["state".to_string()];
        f
    };
    report_of(&repo, nothing, |r| {
        assert!(r.is_empty());
        assert!(
            r.markdown("d")
                .contains("**Summary:** no changes under the current filter.")
        );
    });
}

// ── The command ─────────────────────────────────────────────────────────

/// `linkchart diff ARGS…`: exit code, stdout, stderr.
fn cli(args: &[String]) -> (Option<i32>, String, String) {
    let mut all = vec!["diff".to_string()];
    all.extend(args.iter().cloned());
    let out = common::run(&all);
    (
        out.status.code(),
        common::stdout(&out),
        common::stderr(&out),
    )
}

/// `linkchart diff EXTRA… HEAD~1:charts HEAD:charts` in `repo`.
fn last_commit_cli(repo: &Repo, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.extend([rev("HEAD~1", repo, "charts"), rev("HEAD", repo, "charts")]);
    cli(&args)
}

/// Fails, showing `text`, unless it holds every one of `parts`.
fn has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "no {p:?} in:\n{text}");
    }
}

/// `REV:PATH` for a path of the repository.
fn rev(rev: &str, repo: &Repo, path: &str) -> String {
    format!("{rev}:{}", repo.path(path).display())
}

#[test]
fn the_command_between_revisions_and_the_work_tree() {
    let repo = busy_commit();
    let (code, md, _) = last_commit_cli(&repo, &[]);
    assert_eq!(code, Some(0));
    assert!(
        md.contains(
            "**Summary:** claims: 1 new, 2 changed, 1 removed; actors: 1 new; sources: 1 changed."
        ),
        "{md}"
    );
    let head = repo.git(&["rev-parse", "--short", "HEAD~1"]);
    assert!(
        md.contains(&format!(
            "From: `{}` ({})",
            rev("HEAD~1", &repo, "charts"),
            head.trim()
        )),
        "{md}"
    );
    // --exit-code: 1 with changes, 0 without; the work tree is HEAD.
    let (code, _, _) = cli(&[
        "--exit-code".into(),
        rev("HEAD~1", &repo, "charts"),
        repo.path("charts").display().to_string(),
    ]);
    assert_eq!(code, Some(1));
    let (code, md, _) = cli(&[
        "--exit-code".into(),
        rev("HEAD", &repo, "charts"),
        repo.path("charts").display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{md}");
    assert!(md.contains("**Summary:** no changes."), "{md}");
    // JSON.
    let (code, json, _) = last_commit_cli(&repo, &["--format", "json"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["claims"].as_array().unwrap().len(), 4);
    assert_eq!(v["old_commit"].as_str(), Some(head.trim()));
    // Filters apply to both versions; a source only one version has is fine.
    let (code, md, err) = last_commit_cli(&repo, &["--source", "s2"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(md.contains("Filters: sources 1/2"), "{md}");
    let (code, _, err) = last_commit_cli(&repo, &["--source", "s9"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown source `s9`"), "{err}");
}

#[test]
fn the_command_names_what_is_not_there() {
    let repo = base();
    let new = repo.path("charts").display().to_string();
    let (code, _, err) = cli(&["no-such-tag:charts".replace("charts", &new), new.clone()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("bad revision `no-such-tag`"), "{err}");
    let (code, _, err) = cli(&[rev("HEAD", &repo, "charts/none.ron"), new.clone()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("none.ron: no such file or folder at revision `HEAD`"),
        "{err}"
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("a.ron"), ACTORS).unwrap();
    let (code, _, err) = cli(&[format!("HEAD:{}", outside.path().display()), new]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(&format!(
            "{}: not in a git repository",
            outside.path().display()
        )),
        "{err}"
    );
}

#[test]
fn the_command_when_an_old_version_does_not_load() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3,",
        "credibility: 3,,",
    );
    repo.write("charts/report.ron", REPORT);
    repo.commit("fixed");
    let (code, out, err) = last_commit_cli(&repo, &[]);
    assert_eq!(code, Some(1));
    assert!(out.is_empty());
    let file = rev("HEAD~1", &repo, "charts/report.ron");
    assert!(err.contains(&format!("{file}:4:")), "{err}");
    assert!(err.contains("the old version"), "{err}");
}

// ── The explorer's marks ────────────────────────────────────────────────

/// `linkchart render --changed-since REV --size SIZE --keys KEYS charts`.
fn marks(repo: &Repo, rev: &str, size: &str, keys: &str) -> (Option<i32>, String, String) {
    let out = common::run([
        "render",
        "--changed-since",
        rev,
        "--size",
        size,
        "--keys",
        keys,
        repo.path("charts").to_str().unwrap(),
    ]);
    (
        out.status.code(),
        common::stdout(&out),
        common::stderr(&out),
    )
}

#[test]
fn the_explorer_marks_what_changed() {
    let repo = busy_commit();
    // The changes in full, then the chart's warning (Delta has no
    // relations yet) and the filter's figures.
    let (code, screen, err) = marks(&repo, "HEAD~1", "130x30", "");
    assert_eq!(code, Some(0), "{err}");
    let title = screen.lines().next().unwrap();
    assert!(
        title.contains(
            "since HEAD~1: claims +1 ~2 −1 · actors +1 · sources ~1 │ 1 warning (E) · 2 files"
        ),
        "{title}"
    );
    let (code, screen, err) = marks(&repo, "HEAD~1", "120x30", "");
    assert_eq!(code, Some(0), "{err}");
    // Actors: changed relations (•), added (+).
    assert!(screen.contains("▸•STA Alpha"), "{screen}");
    assert!(screen.contains(" +MIL Delta"), "{screen}");
    // The relation and the claims with their change.
    has(
        &screen,
        &[
            "▸~→ Beta · supplies",
            "~ changed since HEAD~1: credibility 3 → 2",
            "~ changed since HEAD~1: reworded (was “Beta paid in cash.”)",
        ],
    );
    // Beta's relation to Gamma: a new claim, and the removed one at the end.
    let (_, screen, _) = marks(&repo, "HEAD~1", "120x30", "j Tab j");
    assert!(
        screen.contains("B → C · employs (1 · 1 independent · 1 removed)"),
        "{screen}"
    );
    assert!(screen.contains("+ new since HEAD~1"), "{screen}");
    let new = screen
        .find("Gamma was hired in 2020.")
        .expect("the new claim");
    let gone = screen
        .find("−  Gamma is on Beta's payroll.")
        .expect("the removed claim");
    assert!(new < gone, "{screen}");
    assert!(
        screen.contains("C? Source one · removed since HEAD~1"),
        "{screen}"
    );
}

#[test]
fn only_what_changed() {
    let repo = base();
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3",
        "credibility: 2",
    );
    let (_, all, _) = marks(&repo, "HEAD~1", "100x30", "j");
    assert!(all.contains("Relations of B (2)"), "{all}");
    let (_, only, _) = marks(&repo, "HEAD~1", "100x30", "C j");
    assert!(only.contains("Actors 2/3 changed"), "{only}");
    assert!(!only.contains("Gamma"), "{only}");
    // Beta keeps only the relation that changed.
    assert!(only.contains("Relations of B (1)"), "{only}");
    assert!(only.contains("▸~← Alpha · supplies"), "{only}");
    // And back.
    let (_, back, _) = marks(&repo, "HEAD~1", "100x30", "C C");
    assert!(back.contains("Actors 3 "), "{back}");
    assert!(back.contains("PER Gamma"), "{back}");
    // Nothing changed: said so, and the panes stay as they are.
    let (code, none, _) = marks(&repo, "HEAD", "100x30", "C");
    assert_eq!(code, Some(0));
    assert!(
        none.lines()
            .next()
            .unwrap()
            .contains("since HEAD: no changes"),
        "{none}"
    );
    assert!(none.contains("nothing changed since HEAD"), "{none}");
}

#[test]
fn changed_since_a_revision_that_is_not_there() {
    let repo = base();
    let (code, _, err) = marks(&repo, "no-such-tag", "80x24", "");
    assert_eq!(code, Some(2));
    assert!(err.contains("bad revision `no-such-tag`"), "{err}");
    // The chart at the revision does not load: its file and place named.
    edit(
        &repo,
        "charts/report.ron",
        "credibility: 3,",
        "credibility: 3,,",
    );
    repo.write("charts/report.ron", REPORT);
    repo.commit("fixed");
    let (code, _, err) = marks(&repo, "HEAD~1", "80x24", "");
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{}:4:", rev("HEAD~1", &repo, "charts/report.ron"))),
        "{err}"
    );
}

/// The relation from Beta to Gamma, as the report writes it.
const EMPLOYS: &str = r#"        Relation(from: "B", to: "C", label: "employs", claims: [
            Claim(text: "Gamma is on Beta's payroll.", sources: ["s1"]),
        ]),
"#;

#[test]
fn the_explorer_lists_a_removed_relation() {
    let repo = base();
    edit(&repo, "charts/report.ron", EMPLOYS, "");
    // Beta: its live relation, then the removed one, struck through.
    let (code, screen, err) = marks(&repo, "HEAD~1", "120x30", "j");
    assert_eq!(code, Some(0), "{err}");
    has(
        &screen,
        &[
            "Relations of B (1 · 1 removed)",
            "▸ ← Alpha · supplies",
            "−→ Gamma · employs",
            "1 claim · removed since HEAD~1",
        ],
    );
    // Selected, its claims as they were, each marked removed.
    let (_, screen, _) = marks(&repo, "HEAD~1", "120x30", "j Tab j");
    has(
        &screen,
        &[
            "▸−→ Gamma · employs",
            "B → C · employs (removed since HEAD~1 · 1)",
            "−  Gamma is on Beta's payroll.",
            "C? Source one · removed since HEAD~1",
        ],
    );
    // Enter goes to Gamma, the same relation selected from its side.
    let (_, screen, _) = marks(&repo, "HEAD~1", "120x30", "j Tab j Enter");
    has(
        &screen,
        &[
            "Relations of C (0 · 1 removed)",
            "▸−← Beta · employs",
            "B → C · employs (removed since HEAD~1 · 1)",
        ],
    );
    // Only what changed keeps Gamma, whose only change is the loss.
    let (_, screen, _) = marks(&repo, "HEAD~1", "120x30", "C j");
    has(
        &screen,
        &[
            "Actors 2/3 changed",
            "▸•PER Gamma",
            "Relations of C (0 · 1 removed)",
            "−← Beta · employs",
        ],
    );
    // Gamma removed as well: named from the old chart, and Enter says
    // there is nowhere to go.
    let actors = std::fs::read_to_string(repo.path("charts/actors.ron")).unwrap();
    repo.write(
        "charts/actors.ron",
        &actors.replace(
            "        Actor(id: \"C\", name: \"Gamma\", kind: Person),\n",
            "",
        ),
    );
    repo.commit("Gamma gone");
    let (code, screen, err) = marks(&repo, "HEAD~2", "120x30", "j Tab j Enter");
    assert_eq!(code, Some(0), "{err}");
    has(
        &screen,
        &[
            "Relations of B (1 · 1 removed)",
            "▸−→ Gamma · employs",
            "C was removed since HEAD~2 too",
        ],
    );
}
