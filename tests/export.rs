//! The exports: golden files of the bundled dossier's briefing, DOT and
//! GraphML; filters respected in every scope; hostile text kept inert and
//! the formats valid (checked with `dot` and `xmllint` when installed); and
//! safe file writing.
//!
//! Golden files live in tests/golden/. After an intended change, regenerate
//! them with `UPDATE_GOLDEN=1 cargo test --test export` and read the diff.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use linkchart::dossier::{ActorKind, BUNDLED, BUNDLED_NAME, Reliability, load_str};
use linkchart::export::write::{slug, unique_path, write_atomic, write_unique};
use linkchart::export::{self, Scope, select};
use linkchart::filter::{Counts, Filter};
use linkchart::graph::Chart;
use linkchart::paths::{chains, shortest_paths};

const DATE: &str = "2024-05-01";

fn bundled() -> Chart {
    let loaded = load_str(BUNDLED_NAME, BUNDLED).expect("the bundled dossier loads");
    Chart::new(loaded.dossier)
}

fn all(chart: &Chart) -> (Filter, Counts) {
    let filter = Filter::all(chart);
    let counts = Counts::compute(chart, &filter);
    (filter, counts)
}

fn ix(chart: &Chart, id: &str) -> usize {
    chart
        .actor_ix(id)
        .unwrap_or_else(|| panic!("no actor {id}"))
}

fn rel_ix(chart: &Chart, from: &str, to: &str, label: &str) -> usize {
    chart
        .dossier
        .relations
        .iter()
        .position(|r| r.from == from && r.to == to && r.label == label)
        .unwrap_or_else(|| panic!("no relation {from} → {to} {label}"))
}

/// Compares `actual` with tests/golden/`name`, or writes it there when
/// `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\n\
             Create it with: UPDATE_GOLDEN=1 cargo test --test export",
            path.display()
        )
    });
    if expected != actual {
        let (n, (want, got)) = expected
            .lines()
            .map(Some)
            .chain(std::iter::repeat(None))
            .zip(actual.lines().map(Some).chain(std::iter::repeat(None)))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, (None, None)));
        panic!(
            "the output differs from golden file {} (first at line {}):\n  \
             golden: {want:?}\n  output: {got:?}\n\
             If the change is intended, regenerate with: \
             UPDATE_GOLDEN=1 cargo test --test export, and review the diff.",
            path.display(),
            n + 1,
        );
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs `dot -Tsvg` on `text`: it must succeed without a word on stderr.
/// Skips (with a message) when Graphviz is not installed.
fn check_dot(text: &str) {
    if !have("dot") {
        eprintln!("note: `dot` (Graphviz) not installed; DOT not rendered");
        return;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot failed or warned: {stderr}\n{text}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

/// Checks that `text` is well-formed XML: our own small checker always,
/// and `xmllint --noout` when installed.
fn check_xml(text: &str) {
    if let Err(e) = well_formed(text) {
        panic!("not well-formed XML: {e}\n{text}");
    }
    if !have("xmllint") {
        eprintln!("note: `xmllint` not installed; XML checked by the test's own parser only");
        return;
    }
    let mut child = Command::new("xmllint")
        .args(["--noout", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "xmllint: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Renders `md` with `cmark-gfm` (GitHub's Markdown, with footnotes and
/// tables) when installed and checks that the text made no structure of its
/// own: no emphasis, code, tables, quotes, raw HTML or stray links, and the
/// headings and list items the briefing writes.
fn check_markdown_html(md: &str, headings: usize, items: usize) {
    if !have("cmark-gfm") {
        eprintln!("note: `cmark-gfm` not installed; Markdown not rendered");
        return;
    }
    let mut child = Command::new("cmark-gfm")
        .args([
            "-e",
            "footnotes",
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "autolink",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(md.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    for tag in [
        "<em>",
        "<code>",
        "<pre>",
        "<table>",
        "<blockquote>",
        "<script",
        "<del>",
        "<hr",
        "<h3",
        "<img",
        "<!--",
    ] {
        assert!(
            !html.contains(tag),
            "{tag} in the rendered briefing:\n{html}"
        );
    }
    assert_eq!(html.matches("<h1>").count(), 1, "{html}");
    assert_eq!(html.matches("<h2>").count(), headings, "{html}");
    // List items: ours, plus the footnotes section's.
    let notes = md.lines().filter(|l| l.starts_with("[^")).count();
    assert_eq!(html.matches("<li").count(), items + notes, "{html}");
    for link in html.split("<a href=\"").skip(1) {
        assert!(
            link.starts_with('#') || link.starts_with("https://"),
            "link {link}"
        );
    }
}

/// A small XML well-formedness check: tags nest and close, attribute values
/// are quoted and hold no `<`, every `&` starts a known entity or character
/// reference, no raw `<` or `>` sequence `]]>` in text, and no character
/// XML 1.0 forbids.
fn well_formed(text: &str) -> Result<(), String> {
    fn entity(rest: &str) -> bool {
        let Some(end) = rest.find(';') else {
            return false;
        };
        let name = &rest[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    }
    for c in text.chars() {
        let ok = matches!(c as u32, 0x9 | 0xa | 0xd | 0x20..=0xd7ff | 0xe000..=0xfffd | 0x10000..);
        if !ok {
            return Err(format!("illegal character U+{:04X}", c as u32));
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    let mut roots = 0;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<?") {
            let end = r.find("?>").ok_or("unclosed <?")?;
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").ok_or("unclosed comment")?;
            if r[..end].contains("--") {
                return Err("`--` inside a comment".into());
            }
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unclosed end tag")?;
            let name = r[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').ok_or("unclosed tag")?;
            let tag = &r[..end];
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
            {
                return Err(format!("bad tag name in <{tag}>"));
            }
            // Attributes: name="value" with no `<` and valid entities.
            let mut attrs = tag[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs
                    .find('=')
                    .ok_or(format!("attribute without value in <{tag}>"))?;
                let after = &attrs[eq + 1..];
                let q = after.chars().next().ok_or("missing quote")?;
                if q != '"' && q != '\'' {
                    return Err(format!("unquoted attribute in <{tag}>"));
                }
                let close = after[1..].find(q).ok_or("unclosed attribute value")?;
                let value = &after[1..1 + close];
                if value.contains('<') {
                    return Err(format!("`<` in an attribute value in <{tag}>"));
                }
                for (i, _) in value.match_indices('&') {
                    if !entity(&value[i..]) {
                        return Err(format!("bare `&` in an attribute value in <{tag}>"));
                    }
                }
                attrs = after[close + 2..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !empty {
                stack.push(name);
            }
            rest = &r[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            if !stack.is_empty() {
                for (i, _) in chunk.match_indices('&') {
                    if !entity(&chunk[i..]) {
                        return Err(format!("bare `&` in text: {chunk:?}"));
                    }
                }
                if chunk.contains("]]>") {
                    return Err(format!("`]]>` in text: {chunk:?}"));
                }
            } else if !chunk.trim().is_empty() {
                return Err(format!("text outside the root element: {chunk:?}"));
            }
            rest = &rest[end..];
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

// ── Golden files of the bundled dossier ──────────────────────────────────

#[test]
fn golden_briefing_dossier() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let md = export::markdown(&chart, &filter, &counts, &Scope::Dossier, DATE);
    golden("briefing-dossier.md", &md);
}

#[test]
fn golden_briefing_actor() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let scope = Scope::Actor {
        actor: ix(&chart, "GOT"),
        depth: 1,
    };
    let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
    golden("briefing-got.md", &md);
}

#[test]
fn golden_briefing_path() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let chains = shortest_paths(
        &chart,
        &counts,
        ix(&chart, "TN-BIZ"),
        ix(&chart, "US"),
        false,
        8,
    );
    assert!(!chains.is_empty());
    let md = export::markdown(
        &chart,
        &filter,
        &counts,
        &Scope::Path {
            chains: &chains,
            directed: false,
        },
        DATE,
    );
    golden("briefing-path-tn-biz-us.md", &md);
}

#[test]
fn a_path_briefing_says_it_is_directed_and_covers_longer_chains() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let brief = |chains: &[linkchart::paths::Chain], directed: bool| {
        export::markdown(
            &chart,
            &filter,
            &counts,
            &Scope::Path { chains, directed },
            DATE,
        )
    };
    let (got, us) = (ix(&chart, "GOT"), ix(&chart, "US"));
    let directed = chains(&chart, &counts, got, us, true, 0, 8);
    let md = brief(&directed, true);
    assert!(
        md.contains("along a directed path (each relation followed in its own direction)"),
        "{md}"
    );
    assert!(!brief(&directed, false).contains("directed"));
    // Chains of several lengths: every relation of every chain once, and
    // the hops as a range.
    let (biz, us) = (ix(&chart, "TN-BIZ"), ix(&chart, "US"));
    let mixed = chains(&chart, &counts, biz, us, false, 1, 20);
    let (short, long) = (
        mixed.iter().map(|c| c.hops.len()).min().unwrap(),
        mixed.iter().map(|c| c.hops.len()).max().unwrap(),
    );
    assert!(short < long, "chains of one length only");
    let md = brief(&mixed, false);
    assert!(
        md.contains(&format!(
            "in {short} to {long} hops by {} chains",
            mixed.len()
        )),
        "{md}"
    );
    let sel = select(
        &chart,
        &filter,
        &counts,
        &Scope::Path {
            chains: &mixed,
            directed: false,
        },
    );
    let bullets = md.lines().filter(|l| l.starts_with("- **")).count();
    assert_eq!(bullets, sel.relations.len(), "{md}");
    for r in &sel.relations {
        let label = &chart.relation(*r).label;
        assert!(md.contains(&format!(": {label} — ")), "{label}: {md}");
    }
}

#[test]
fn golden_dot() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    let text = export::dot(&chart, &filter, &counts, &sel);
    golden("chart.dot", &text);
    check_dot(&text);
}

#[test]
fn golden_graphml() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    let text = export::graphml(&chart, &filter, &counts, &sel);
    golden("chart.graphml", &text);
    check_xml(&text);
}

#[test]
fn exports_are_deterministic() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let scope = Scope::Actor {
        actor: ix(&chart, "GOI"),
        depth: 2,
    };
    let a = export::markdown(&chart, &filter, &counts, &scope, DATE);
    let b = export::markdown(&chart, &filter, &counts, &scope, DATE);
    assert_eq!(a, b);
    let sel = select(&chart, &filter, &counts, &scope);
    assert_eq!(
        export::dot(&chart, &filter, &counts, &sel),
        export::dot(&chart, &filter, &counts, &sel)
    );
}

// ── Selections and filters ───────────────────────────────────────────────

#[test]
fn dossier_scope_covers_every_visible_relation() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    // Every relation once, strongest first.
    let mut all = sel.relations.clone();
    all.sort();
    assert_eq!(all, (0..chart.dossier.relations.len()).collect::<Vec<_>>());
    assert!(
        sel.relations
            .windows(2)
            .all(|w| counts.rank_key(w[0]) <= counts.rank_key(w[1]))
    );
    assert_eq!(
        sel.actors,
        (0..chart.dossier.actors.len()).collect::<Vec<_>>()
    );
}

#[test]
fn a_filtered_out_source_leaves_every_scope() {
    let chart = bundled();
    let isr = chart.source_ix("isr-dip").unwrap();
    let mut filter = Filter::all(&chart);
    filter.sources[isr] = false;
    let counts = Counts::compute(&chart, &filter);
    // Relations resting on the Israeli diplomatic source alone.
    let strategic = rel_ix(&chart, "GOI", "TUN", "strategic interest");
    let optimism = rel_ix(&chart, "GOI", "GOT", "optimism about ties");

    // Dossier.
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    assert!(!sel.relations.contains(&strategic) && !sel.relations.contains(&optimism));
    assert_eq!(sel.relations.len(), chart.dossier.relations.len() - 2);
    let md = export::markdown(&chart, &filter, &counts, &Scope::Dossier, DATE);
    assert!(!md.contains("]: Israeli diplomatic source"), "{md}");
    assert!(!md.contains("strategic interest") && !md.contains("optimism about ties"));
    // The dossier's own summary is marked as unfiltered.
    assert!(
        md.contains("\nDossier summary (written for the whole dossier, unfiltered): JaFaJ reports")
    );
    // Its claims go, the other source's stay.
    assert!(!md.contains("Tunisia rests on the Mediterranean Sea and borders Libya."));
    assert!(md.contains("Libya is Tunisia's neighbour."));
    // Support is recounted: secret ties rested on isr-dip and an assessment.
    assert!(
        md.contains("**Government of Tunisia → Government of Israel**: secret ties — assessment only, 1 claim from 1 assessment"),
        "{md}"
    );
    assert!(md.ends_with("Filters: sources 4/5\n"), "{md}");
    assert!(md.contains("under the current filter"));

    // Actor: Tunisia was a neighbour of the GOI only through the strategic
    // interest.
    let goi = ix(&chart, "GOI");
    let tun = ix(&chart, "TUN");
    let scope = Scope::Actor {
        actor: goi,
        depth: 1,
    };
    let (f_all, c_all) = all(&chart);
    assert!(select(&chart, &f_all, &c_all, &scope).actors.contains(&tun));
    let sel = select(&chart, &filter, &counts, &scope);
    assert_eq!(sel.actors[0], goi);
    assert!(!sel.actors.contains(&tun));
    assert!(!sel.relations.contains(&strategic));
    let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
    assert!(!md.contains("]: Israeli diplomatic source") && !md.contains("strategic interest"));

    // Path: a chain found before the filter changed loses the hidden hop.
    let chains = shortest_paths(&chart, &c_all, tun, ix(&chart, "US"), false, 50);
    let through: Vec<_> = chains
        .iter()
        .filter(|c| c.hops.iter().any(|h| h.rel == strategic))
        .cloned()
        .collect();
    assert!(
        !through.is_empty(),
        "a chain from TUN to US through the strategic interest"
    );
    let scope = Scope::Path {
        chains: &through,
        directed: false,
    };
    let before = select(&chart, &f_all, &c_all, &scope);
    let after = select(&chart, &filter, &counts, &scope);
    assert!(before.relations.contains(&strategic));
    assert!(!after.relations.contains(&strategic));
    let gone: Vec<_> = before
        .relations
        .iter()
        .filter(|r| !after.relations.contains(r))
        .collect();
    assert!(gone.iter().all(|&&r| !counts.relation_visible(r)));
    assert!(after.relations.iter().all(|r| before.relations.contains(r)));
    let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
    assert!(md.contains("strategic interest — filtered out"), "{md}");
    assert!(!md.contains("]: Israeli diplomatic source"));
}

#[test]
fn actor_scope_grows_with_depth_and_orders_by_ring() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let got = ix(&chart, "GOT");
    let one = select(
        &chart,
        &filter,
        &counts,
        &Scope::Actor {
            actor: got,
            depth: 1,
        },
    );
    let two = select(
        &chart,
        &filter,
        &counts,
        &Scope::Actor {
            actor: got,
            depth: 2,
        },
    );
    assert_eq!(one.actors[0], got);
    for &r in &one.relations {
        let (a, b) = chart.ends(r);
        assert!(a == got || b == got);
    }
    assert!(two.relations.len() > one.relations.len());
    // The actor's own relations come first.
    assert_eq!(&two.relations[..one.relations.len()], &one.relations[..]);
    let md = export::markdown(
        &chart,
        &filter,
        &counts,
        &Scope::Actor {
            actor: got,
            depth: 2,
        },
        DATE,
    );
    assert!(md.contains("## Relations of Government of Tunisia\n"));
    assert!(md.contains("## Relations of actors 1 hop away\n"));
    assert!(md.contains("**Bottom line:** Within 2 hops, Government of Tunisia reaches"));
}

#[test]
fn strict_filter_leaves_an_honest_empty_briefing() {
    let chart = bundled();
    let mut filter = Filter::all(&chart);
    // Every source in the bundled dossier is C or F.
    filter.min_reliability = Some(Reliability::B);
    let counts = Counts::compute(&chart, &filter);
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    assert!(sel.relations.is_empty() && sel.actors.is_empty());
    let md = export::markdown(&chart, &filter, &counts, &Scope::Dossier, DATE);
    assert!(
        md.contains(
            "**Bottom line:** The dossier has no relations visible under the current filter."
        ),
        "{md}"
    );
    assert!(md.ends_with("Filters: reliability A–B\n"));
    let scope = Scope::Actor {
        actor: ix(&chart, "GOT"),
        depth: 1,
    };
    let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
    assert!(
        md.contains("Government of Tunisia has no relations visible under the current filter.")
    );
    check_dot(&export::dot(&chart, &filter, &counts, &sel));
    check_xml(&export::graphml(&chart, &filter, &counts, &sel));
    let md = export::markdown(
        &chart,
        &filter,
        &counts,
        &Scope::Path {
            chains: &[],
            directed: false,
        },
        DATE,
    );
    assert!(md.contains("No chain to show"));
}

#[test]
fn kind_filter_keeps_unrelated_actors_out() {
    let chart = bundled();
    let mut filter = Filter::all(&chart);
    filter.actor_kinds = vec!["state".into()];
    let counts = Counts::compute(&chart, &filter);
    let sel = select(&chart, &filter, &counts, &Scope::Dossier);
    for &a in &sel.actors {
        assert_eq!(chart.dossier.actors[a].kind, ActorKind::State);
    }
    for &r in &sel.relations {
        let (a, b) = chart.ends(r);
        assert_eq!(chart.dossier.actors[a].kind, ActorKind::State);
        assert_eq!(chart.dossier.actors[b].kind, ActorKind::State);
    }
    assert!(!sel.relations.is_empty());
    check_dot(&export::dot(&chart, &filter, &counts, &sel));
}

#[test]
fn snippets_for_the_clipboard() {
    let chart = bundled();
    let (filter, counts) = all(&chart);
    let r = rel_ix(&chart, "TN-MIL", "GOT", "influence");
    let md = export::markdown_relation(&chart, &filter, &counts, r);
    assert!(
        md.starts_with("- **Tunisia's military commanders → Government of Tunisia**: influence — corroborated, 2 claims from 2 sources, 2 independent origins\n    - "),
        "{md}"
    );
    assert!(md.contains("\n[^1]: ") && md.contains("\n[^2]: "), "{md}");
    assert!(!md.contains("Filters:") && !md.contains("Bottom line"));
    let md = export::markdown_claim(&chart, &filter, r, 0);
    assert!(
        md.starts_with(
            "**Tunisia's military commanders → Government of Tunisia**: influence\n\n- "
        ),
        "{md}"
    );
    assert!(md.contains("\n[^1]: "));
}

#[test]
fn admiralty_codes() {
    let chart = bundled();
    let r = rel_ix(&chart, "GOT", "GOI", "intelligence cooperation");
    let claim = chart.claim(r, 0);
    let s = chart.claim_sources(r, 0)[0] as usize;
    let code = export::admiralty(&chart, s, claim);
    assert_eq!(code.len(), 2);
    assert!(code.starts_with(chart.dossier.sources[s].reliability.unwrap().letter()));
}

// ── Hostile text ─────────────────────────────────────────────────────────

const HOSTILE: &str = "Dossier(
    title: \"T<i>tle\\\" &amp; ]]> \u{1b}]0;pwned\u{7} *x* | y\\nline two\",
    summary: \"# not a heading\\n- not a list\\n> not a quote\",
    reports: [Report(id: \"r\", title: \"Rep<>ort \\\"x\\\" ]]>\", url: \"https://e.x/?a=1&b=<2>\")],
    sources: [
        Source(id: \"s1\", name: \"Src *bold* [^9] <b>\u{1b}[31m\", kind: Other(\"K\\\"ind<>&\"), reliability: B, report: \"r\"),
        Source(id: \"s2\", name: \"Plain source\", kind: Human),
    ],
    actors: [
        Actor(id: \"E\\\"V<&>IL\", name: \"Evil \u{1b}]52;c;ZXZpbA==\u{7} \\\"Corp\\\" <script>&amp; ]]> | *b* [x](y)\\nsecond line\", kind: Other(\"Cult\\\\N\"), aliases: [\"a;b\", \"<c>\"], note: \"n\u{fffe}\u{ffff}\u{202e}\u{0}\u{7f}\u{85}\"),
        Actor(id: \"GOOD\", name: \"#1 _Good_ \\\\G -- \\\\\", kind: Person),
    ],
    relations: [
        Relation(from: \"E\\\"V<&>IL\", to: \"GOOD\", label: \"links \u{1b}[2J -> \\\"x\\\" ]]> <!-- --> \\\\N \\\\G\\n| a | b |\", claims: [
            Claim(
                text: \"# Heading\\n- item\\n> quote\\n[^9]: fake footnote\\n```\\n| a | b |\\n|---|---|\\n<script>alert(1)</script>\",
                sources: [\"s1\", \"s2\"],
                credibility: 2,
                quote: \"\u{1b}]52;c;ZXZpbA==\u{7} </data> ]]> & *q*\",
                cite: \"¶1 *\\\\*\",
            ),
        ]),
        Relation(from: \"GOOD\", to: \"GOOD\", label: \"self\", claims: [
            Claim(text: \"1. numbered\", sources: [\"s2\"]),
        ]),
    ],
)";

fn hostile() -> Chart {
    let loaded = load_str("hostile.ron", HOSTILE).unwrap_or_else(|d| panic!("{d:?}"));
    Chart::new(loaded.dossier)
}

/// The hostile dossier as built in code, without the loader's sanitising:
/// the exports must still keep it inert.
fn raw_hostile() -> Chart {
    let mut chart = hostile();
    let d = &mut chart.dossier;
    d.actors[0].name =
        "Evil \x1b]52;c;ZXZpbA==\x07 \"Corp\" <x>\r\n\u{fffe}\u{ffff}\x0b\x0c".into();
    d.relations[0].label = "raw \x1b[2J\x00 \x08 ]]> \"".into();
    d.relations[0].claims[0].text = "raw\x1b]0;t\x07 text\r\n# h".into();
    d.relations[0].claims[0].date = Some("2024\x1b[31m".into());
    chart
}

fn assert_inert(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c < ' ' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{202e}';
        assert!(!bad, "{what}: U+{:04X} in the output:\n{text}", c as u32);
    }
}

#[test]
fn hostile_text_in_dot_stays_in_its_strings() {
    for chart in [hostile(), raw_hostile()] {
        let (filter, counts) = all(&chart);
        let sel = select(&chart, &filter, &counts, &Scope::Dossier);
        assert_eq!(sel.relations.len(), 2);
        let text = export::dot(&chart, &filter, &counts, &sel);
        assert_inert("dot", &text);
        // No text breaks out onto a line of its own: one line per statement.
        let statements: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("//") && !l.is_empty())
            .collect();
        assert_eq!(statements.len(), 1 + 3 + 2 + 2 + 1, "{text}");
        for l in &statements[1..statements.len() - 1] {
            assert!(l.starts_with("  ") && l.ends_with("];"), "{l}");
        }
        // Graphviz escapes (\N, \G) arrive as literal backslashes.
        assert!(text.contains(r"(Cult\\N)"), "{text}");
        check_dot(&text);
    }
}

#[test]
fn hostile_text_in_graphml_is_well_formed() {
    for chart in [hostile(), raw_hostile()] {
        let (filter, counts) = all(&chart);
        let sel = select(&chart, &filter, &counts, &Scope::Dossier);
        let text = export::graphml(&chart, &filter, &counts, &sel);
        assert_inert("graphml", &text);
        check_xml(&text);
        assert!(!text.contains("<script>") && !text.contains("]]>\n") && !text.contains("<x>"));
        assert!(
            text.contains("T&lt;i&gt;tle&quot; &amp;amp; ]]&gt;"),
            "{text}"
        );
        assert_eq!(text.matches("<node ").count(), 2);
        assert_eq!(text.matches("<edge ").count(), 2);
        // Every key used is declared.
        for key in text.split("<data key=\"").skip(1) {
            let key = &key[..key.find('"').unwrap()];
            assert!(
                text.contains(&format!("<key id=\"{key}\"")),
                "undeclared key {key}"
            );
        }
    }
}

#[test]
fn hostile_text_in_markdown_cannot_make_structure() {
    for (raw, chart) in [(false, hostile()), (true, raw_hostile())] {
        let (filter, counts) = all(&chart);
        let scopes = [Scope::Dossier, Scope::Actor { actor: 0, depth: 2 }];
        for scope in scopes {
            let md = export::markdown(&chart, &filter, &counts, &scope, "2024\x1b[2J");
            assert_inert("markdown", &md);
            for line in md.lines() {
                let t = line.trim_start();
                // Headings are ours; nothing else starts a block.
                assert!(
                    !t.starts_with('#') || t.starts_with("# Briefing: ") || t.starts_with("## "),
                    "{line}"
                );
                assert!(
                    !t.starts_with('>') && !t.starts_with("```") && !t.starts_with('|'),
                    "{line}"
                );
                assert!(!t.starts_with("1.") && !t.starts_with("[^9]"), "{line}");
                if t.starts_with("[^") {
                    assert!(t.starts_with("[^1]: ") || t.starts_with("[^2]: "), "{line}");
                }
                // Structure characters in text are escaped.
                for (i, c) in line.char_indices() {
                    if matches!(c, '<' | '`' | '|' | '[') {
                        let escaped = line[..i].ends_with('\\');
                        let footnote = c == '[' && line[i..].starts_with("[^");
                        assert!(escaped || footnote, "unescaped {c:?} in {line}");
                    }
                }
            }
            // Two relations with a claim each; headings: Relations, or the
            // two rings of the actor scope.
            let headings = if matches!(scope, Scope::Dossier) {
                1
            } else {
                2
            };
            check_markdown_html(&md, headings, 4);
            // The claim stays one bullet: its text on one line.
            assert!(raw || md.contains(r"    - \# Heading - item > quote \[^9\]: fake footnote \`\`\` \| a \| b \| \|---\|---\| \<script>alert(1)\</script>"), "{md}");
        }
    }
}

// ── Writing files ────────────────────────────────────────────────────────

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn write_atomic_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.md");
    write_atomic(&path, b"first", false).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"first");
    assert_eq!(names(dir.path()), ["out.md"]);

    let err = write_atomic(&path, b"second", false).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(err.to_string().contains("out.md"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"first");
    assert_eq!(names(dir.path()), ["out.md"]);

    write_atomic(&path, b"second", true).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"second");
    assert_eq!(names(dir.path()), ["out.md"]);
}

#[test]
fn write_atomic_leaves_nothing_behind_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    // The folder does not exist.
    let missing = dir.path().join("no-such-folder").join("out.md");
    let err = write_atomic(&missing, b"x", false).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert!(err.to_string().contains("out.md"), "{err}");
    assert!(names(dir.path()).is_empty());

    // The target is a folder: the temporary file is written, the rename
    // fails, and the temporary file is removed.
    let sub = dir.path().join("taken");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("inside"), b"keep").unwrap();
    assert!(write_atomic(&sub, b"x", true).is_err());
    assert_eq!(
        write_atomic(&sub, b"x", false).unwrap_err().kind(),
        io::ErrorKind::AlreadyExists
    );
    assert_eq!(names(dir.path()), ["taken"]);
    assert_eq!(fs::read(sub.join("inside")).unwrap(), b"keep");

    // Not a file name at all.
    assert!(write_atomic(Path::new("/"), b"x", true).is_err());
}

#[cfg(unix)]
#[test]
fn write_atomic_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::write(ro.join("old.md"), b"old").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores folder permissions; the test means nothing then.
    let probe = ro.join(".probe");
    if fs::write(&probe, b"").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("note: running with privileges that ignore permissions; read-only case skipped");
        return;
    }
    let err = write_atomic(&ro.join("new.md"), b"x", false).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
    assert!(write_atomic(&ro.join("old.md"), b"x", true).is_err());
    assert_eq!(names(&ro), ["old.md"]);
    assert_eq!(fs::read(ro.join("old.md")).unwrap(), b"old");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn write_atomic_symlinks_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A dangling symlink is a name in use.
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let err = write_atomic(&link, b"x", false).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert!(!dir.path().join("nowhere").exists());
    // Replacing keeps the file's permissions.
    let path = dir.path().join("shared.md");
    fs::write(&path, b"old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&path, b"new", true).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(names(dir.path()), ["link.md", "shared.md"]);
}

#[test]
fn unique_paths_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        unique_path(d, "briefing-got-2024-05-01", "md"),
        d.join("briefing-got-2024-05-01.md")
    );
    fs::write(d.join("briefing-got-2024-05-01.md"), b"1").unwrap();
    assert_eq!(
        unique_path(d, "briefing-got-2024-05-01", "md"),
        d.join("briefing-got-2024-05-01-2.md")
    );
    fs::write(d.join("briefing-got-2024-05-01-2.md"), b"2").unwrap();
    assert_eq!(
        unique_path(d, "briefing-got-2024-05-01", "md"),
        d.join("briefing-got-2024-05-01-3.md")
    );
    assert_eq!(unique_path(d, "plain", ""), d.join("plain"));

    let p: PathBuf = write_unique(d, "briefing-got-2024-05-01", "md", b"3").unwrap();
    assert_eq!(p, d.join("briefing-got-2024-05-01-3.md"));
    assert_eq!(fs::read(&p).unwrap(), b"3");
    assert_eq!(
        fs::read(d.join("briefing-got-2024-05-01.md")).unwrap(),
        b"1"
    );
    assert_eq!(names(d).len(), 3);
}

#[test]
fn slugs_for_file_names() {
    assert_eq!(slug("Government of Tunisia"), "government-of-tunisia");
    assert_eq!(slug("TN-BIZ"), "tn-biz");
    assert_eq!(slug("../../etc/passwd"), "etc-passwd");
    assert_eq!(slug("Evil ␛]52;c;x␇ \"Corp\""), "evil-52-c-x-corp");
    assert_eq!(slug(""), "unnamed");
    let chart = bundled();
    let name = &chart.dossier.actors[ix(&chart, "TN-BIZ")].name;
    assert_eq!(
        format!("briefing-{}-{DATE}.md", slug(name)),
        "briefing-dubai-based-tunisian-businessman-2024-05-01.md"
    );
}

/// Every valid dossier among the test data, in every scope, with and
/// without a filter: no panic, DOT that renders, well-formed GraphML, and a
/// briefing ending with its filter line.
#[test]
fn every_test_dossier_exports_cleanly() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = fs::read_dir(data.join("valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain(
            fs::read_dir(&data)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file()),
        )
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let mut exported = 0;
    for file in files {
        let Ok(loaded) = linkchart::dossier::load_path(&file) else {
            continue;
        };
        let chart = Chart::new(loaded.dossier);
        let mut strict = Filter::all(&chart);
        strict.hide_assessments = true;
        strict.min_credibility = Some(3);
        for filter in [Filter::all(&chart), strict] {
            let counts = Counts::compute(&chart, &filter);
            let n = chart.dossier.actors.len();
            let chains = shortest_paths(&chart, &counts, 0, n - 1, false, 8);
            let scopes = [
                Scope::Dossier,
                Scope::Actor { actor: 0, depth: 1 },
                Scope::Actor {
                    actor: n - 1,
                    depth: 3,
                },
                Scope::Path {
                    chains: &chains,
                    directed: false,
                },
            ];
            for scope in scopes {
                let md = export::markdown(&chart, &filter, &counts, &scope, DATE);
                assert!(
                    md.starts_with("# Briefing: ") && md.contains("\nFilters: "),
                    "{}",
                    file.display()
                );
                assert_inert("markdown", &md);
                let sel = select(&chart, &filter, &counts, &scope);
                let dot = export::dot(&chart, &filter, &counts, &sel);
                assert_inert("dot", &dot);
                check_dot(&dot);
                let xml = export::graphml(&chart, &filter, &counts, &sel);
                assert_inert("graphml", &xml);
                check_xml(&xml);
            }
        }
        exported += 1;
    }
    assert!(exported >= 3, "only {exported} dossiers exported");
}
