//! The house rules of the code, checked on the code's own `use` paths:
//! no two files import each other (directly or round a circle), and no
//! layer imports one above it (README: "How the code is laid out").
//!
//! A file's imports are the `crate::…`, `super::…` and `self::…` paths in
//! it, outside comments and outside its `#[cfg(test)]` part.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first; a module may use its own layer and those
/// before it. Modules of one row do not use each other unless listed in
/// `SIDEWAYS`.
const LAYERS: &[&[&str]] = &[
    &["sanitize"],
    &["dates"],
    &["dossier"],
    &["graph"],
    &["filter"],
    &["analysis"],
    &["search", "paths", "stix", "taxii"],
    &["export"],
    &["import"],
    &["tui"],
    &["config"],
    &["cli"],
];

/// Every file of `src/` by module path (`tui::model::state`), with its text.
fn files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.insert(parts.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The text without `//` comments and without its `#[cfg(test)]` part.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a `use`-like path stands for, braces expanded:
/// `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(prefix: &[String], rest: &str, out: &mut Vec<Vec<String>>) {
    let rest = rest.trim();
    if let Some(inner) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        let (mut depth, mut cur) = (0, String::new());
        for ch in inner.chars() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if ch == ',' && depth == 0 {
                expand(prefix, &cur, out);
                cur.clear();
            } else {
                cur.push(ch);
            }
        }
        if !cur.trim().is_empty() {
            expand(prefix, &cur, out);
        }
        return;
    }
    match rest.split_once("::") {
        Some((head, tail)) if !head.trim_start().starts_with('{') => {
            let mut p = prefix.to_vec();
            match head.trim() {
                "super" => {
                    p.pop();
                }
                h => p.push(h.to_string()),
            }
            expand(&p, tail, out);
        }
        _ => {
            let mut p = prefix.to_vec();
            let name = rest.split(" as ").next().unwrap_or("").trim();
            if !name.is_empty() && name != "self" && name != "*" {
                p.push(name.to_string());
            }
            out.push(p);
        }
    }
}

/// The paths starting with `crate::`, `super::` or `self::` in `code`,
/// as written (a brace group kept whole).
fn raw_paths(code: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(head) {
            let start = from + i;
            from = start + head.len();
            // A whole word only: not `my_crate::`.
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let mut end = from;
            let mut depth = 0;
            while end < bytes.len() {
                let c = bytes[end] as char;
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    _ if depth > 0 => {}
                    c if c.is_alphanumeric() || c == '_' || c == ':' => {}
                    _ => break,
                }
                end += 1;
            }
            let head: &'static str = match head {
                "crate::" => "crate",
                "super::" => "super",
                _ => "self",
            };
            out.push((head, code[from..end].to_string()));
        }
    }
    out
}

/// Which file each file imports.
fn imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let target = |path: &[String]| -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|k| files.contains_key(k))
    };
    let mut edges = BTreeMap::new();
    for (module, text) in files {
        let here: Vec<String> = if module.is_empty() {
            vec![]
        } else {
            module.split("::").map(String::from).collect()
        };
        let mut to = BTreeSet::new();
        for (head, rest) in raw_paths(&code(text)) {
            let base: Vec<String> = match head {
                "crate" => vec![],
                "self" => here.clone(),
                _ => here[..here.len().saturating_sub(1)].to_vec(),
            };
            let mut paths = Vec::new();
            expand(&base, &rest, &mut paths);
            for p in paths {
                if let Some(t) = target(&p)
                    && &t != module
                    && !t.is_empty()
                    && !module.starts_with(&format!("{t}::"))
                {
                    to.insert(t);
                }
            }
        }
        edges.insert(module.clone(), to);
    }
    edges
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let edges = imports(&files());
    // Depth-first search for a cycle; report the first one found whole.
    fn visit(
        v: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_string(), 1);
        stack.push(v.to_string());
        for w in edges.get(v).into_iter().flatten() {
            match state.get(w.as_str()) {
                Some(1) => {
                    let i = stack.iter().position(|s| s == w).unwrap();
                    let mut circle = stack[i..].to_vec();
                    circle.push(w.clone());
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(w, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(v.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in edges.keys() {
        if !state.contains_key(v.as_str()) {
            let circle = visit(v, &edges, &mut state, &mut Vec::new());
            assert!(
                circle.is_none(),
                "import circle: {}",
                circle.unwrap().join(" → ")
            );
        }
    }
}

#[test]
fn no_layer_imports_one_above_it() {
    let files = files();
    let layer = |module: &str| -> Option<usize> {
        let top = module.split("::").next().unwrap_or("");
        LAYERS.iter().position(|row| row.contains(&top))
    };
    let mut wrong = Vec::new();
    for module in files.keys() {
        if module.is_empty() || module == "main" {
            continue;
        }
        assert!(
            layer(module).is_some(),
            "src/{} belongs to no layer: add it to LAYERS in tests/layers.rs and to the README's code map",
            module.replace("::", "/")
        );
    }
    for (from, to) in imports(&files) {
        for t in to {
            let (Some(a), Some(b)) = (layer(&from), layer(&t)) else {
                continue;
            };
            let same_row_other_module = a == b && from.split("::").next() != t.split("::").next();
            if b > a || same_row_other_module {
                wrong.push(format!("{from} uses {t}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_circles_and_braces() {
    // The parsing above, on a known case, so that the two tests cannot pass
    // by seeing nothing.
    let mut out = Vec::new();
    expand(&[], "a::{b, c::{d, e as f}, self}", &mut out);
    let got: Vec<String> = out.iter().map(|p| p.join("::")).collect();
    assert_eq!(got, ["a::b", "a::c::d", "a::c::e", "a"]);
    let edges = imports(&files());
    assert!(
        edges["tui::app"].contains("tui::model"),
        "{:?}",
        edges["tui::app"]
    );
    assert!(edges["cli"].contains("config"), "{:?}", edges["cli"]);
    assert!(edges["filter"].contains("graph"));
}
