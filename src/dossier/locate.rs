//! Where things are in the source text.
//!
//! ron reports positions for syntax and type errors, but a successfully
//! parsed value carries none. To point semantic errors (an unknown id, a
//! duplicate) at a line and column, this module scans the RON text once into
//! a tree of start positions that mirrors its structure, and answers
//! queries such as `relations[3].claims[1].sources[0]`.
//!
//! It only runs on text ron has already accepted, so it can be lenient: it
//! never fails, it just finds less.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

#[derive(Debug, Default)]
pub struct Node {
    pub pos: Option<Pos>,
    fields: HashMap<String, Node>,
    items: Vec<Node>,
}

impl Node {
    /// The position of the value at `path`, or of its deepest ancestor found.
    pub fn locate(&self, path: &[Seg]) -> Option<Pos> {
        let mut node = self;
        let mut best = self.pos;
        for seg in path {
            let next = match seg {
                Seg::Field(f) => node.fields.get(*f),
                Seg::Index(i) => node.items.get(*i),
            };
            match next {
                Some(n) => {
                    node = n;
                    best = n.pos.or(best);
                }
                None => break,
            }
        }
        best
    }
}

/// The positions of several paths in `src` (BOM already stripped), in the
/// order asked: each that of the value at its path, or of its deepest
/// ancestor found. The one way the loader asks for positions.
pub fn find_many(src: &str, paths: &[&[Seg]]) -> Vec<Option<Pos>> {
    if paths.is_empty() {
        return Vec::new();
    }
    let tree = scan(src);
    paths.iter().map(|p| tree.locate(p)).collect()
}

/// Scans `src` (BOM already stripped) into a position tree.
pub fn scan(src: &str) -> Node {
    let mut s = Scanner {
        src,
        i: 0,
        line: 1,
        col: 1,
    };
    s.skip_ws();
    // `#![enable(...)]` attributes come before the value.
    while s.peek() == Some('#') {
        s.skip_balanced_after('[', ']');
        s.skip_ws();
    }
    s.value(0)
}

struct Scanner<'a> {
    src: &'a str,
    /// Byte offset of the next character.
    i: usize,
    line: usize,
    col: usize,
}

const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.i..].chars().next()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.src[self.i..].chars().nth(k)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn skip_ws(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips to `open`, then past its matching `close`.
    fn skip_balanced_after(&mut self, open: char, close: char) {
        while let Some(c) = self.bump() {
            if c == open {
                break;
            }
        }
        let mut depth = 1;
        while depth > 0 {
            self.skip_ws();
            match self.peek() {
                None => return,
                Some('"') => self.string(),
                Some(c) => {
                    self.bump();
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                    }
                }
            }
        }
    }

    fn string(&mut self) {
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.bump(); // r or b
        if self.peek() == Some('r') {
            self.bump();
        }
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut n = 0;
                while n < hashes && self.peek() == Some('#') {
                    self.bump();
                    n += 1;
                }
                if n == hashes {
                    return;
                }
            }
        }
    }

    fn ident(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '#' || c == '.' || c == '+' || c == '-' {
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        out
    }

    fn is_raw_string_start(&self) -> bool {
        matches!(
            (self.peek(), self.peek_at(1), self.peek_at(2)),
            (Some('r'), Some('"' | '#'), _) | (Some('b'), Some('r'), Some('"' | '#'))
        )
    }

    fn value(&mut self, depth: usize) -> Node {
        self.skip_ws();
        let mut node = Node {
            pos: Some(self.pos()),
            ..Node::default()
        };
        if depth > MAX_DEPTH {
            return node;
        }
        let mut name = String::new();
        match self.peek() {
            Some('"') => {
                self.string();
                return node;
            }
            Some('\'') => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                return node;
            }
            Some(_) if self.is_raw_string_start() => {
                self.raw_string();
                return node;
            }
            Some('b') if self.peek_at(1) == Some('"') => {
                self.bump();
                self.string();
                return node;
            }
            Some(c) if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                name = self.ident();
                self.skip_ws();
            }
            _ => {}
        }
        match self.peek() {
            Some('(') => {
                self.bump();
                self.group(&mut node, ')', depth);
                if name == "Some" && node.fields.is_empty() && node.items.len() == 1 {
                    return node.items.pop().unwrap_or_default();
                }
            }
            Some('[') if name.is_empty() => {
                self.bump();
                self.group(&mut node, ']', depth);
            }
            Some('{') if name.is_empty() => {
                self.bump();
                self.group(&mut node, '}', depth);
            }
            _ => {}
        }
        node
    }

    /// The contents of a `(…)`, `[…]` or `{…}` up to `close`.
    fn group(&mut self, node: &mut Node, close: char, depth: usize) {
        loop {
            self.skip_ws();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            // `name: value` inside parentheses is a struct field.
            let start = self.i;
            let (line, col) = (self.line, self.col);
            if close == ')' && self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
                let key = self.ident();
                self.skip_ws();
                if self.peek() == Some(':') {
                    self.bump();
                    let value = self.value(depth + 1);
                    node.fields.entry(key).or_insert(value);
                    continue;
                }
                self.i = start;
                self.line = line;
                self.col = col;
            }
            let before = self.i;
            let item = self.value(depth + 1);
            self.skip_ws();
            if close == '}' && self.peek() == Some(':') {
                self.bump();
                self.value(depth + 1);
            }
            node.items.push(item);
            if self.i == before {
                // Nothing consumed: step over the stray character.
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_and_items() {
        let src = "#![enable(implicit_some)]\nDossier(\n  title: \"t // not a comment\",\n  // a comment with ( and [\n  actors: [\n    Actor(id: \"A\"),\n    (id: \"B\", aliases: Some([\"x\", \"y\"])),\n  ],\n)";
        let tree = scan(src);
        let p = |path: &[Seg]| tree.locate(path).map(|p| (p.line, p.col));
        assert_eq!(p(&[Seg::Field("title")]), Some((3, 10)));
        assert_eq!(p(&[Seg::Field("actors"), Seg::Index(0)]), Some((6, 5)));
        assert_eq!(
            p(&[Seg::Field("actors"), Seg::Index(1), Seg::Field("id")]),
            Some((7, 10))
        );
        assert_eq!(
            p(&[
                Seg::Field("actors"),
                Seg::Index(1),
                Seg::Field("aliases"),
                Seg::Index(1)
            ]),
            Some((7, 35))
        );
        // Missing steps fall back to the deepest ancestor found.
        assert_eq!(
            p(&[Seg::Field("actors"), Seg::Index(9), Seg::Field("id")]),
            Some((5, 11))
        );
    }

    #[test]
    fn raw_strings_and_block_comments() {
        let src = "( /* a /* nested */ ( */ a: r#\"x\"(\"#, b: 'c', d: [1, -2.5e3] )";
        let tree = scan(src);
        assert_eq!(tree.locate(&[Seg::Field("b")]).map(|p| p.col), Some(42));
        assert_eq!(
            tree.locate(&[Seg::Field("d"), Seg::Index(1)])
                .map(|p| p.col),
            Some(54)
        );
    }
}
