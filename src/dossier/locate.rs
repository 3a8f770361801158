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
//!
//! Long as one file: `find_many` must walk `scan`'s grammar step for step, so they sit together.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
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
    /// The value's bytes in the text: `start..end` (an unwrapped `Some(x)`
    /// spans `x` alone).
    pub start: usize,
    pub end: usize,
    fields: HashMap<String, Node>,
    items: Vec<Node>,
}

impl Node {
    /// The value of field `name` (the first, when repeated).
    pub fn field(&self, name: &str) -> Option<&Node> {
        self.fields.get(name)
    }

    /// The items of a list (or the unnamed values of a tuple).
    pub fn items(&self) -> &[Node] {
        &self.items
    }

    /// The fields of a struct, in no particular order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v))
    }

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

/// The offset of the first byte at or after `i` that is neither white
/// space nor part of a comment.
pub fn skip_space(src: &str, i: usize) -> usize {
    let mut s = Scanner {
        src,
        i,
        line: 1,
        col: 1,
    };
    s.skip_ws();
    s.i
}

/// A bracket still open where a text ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// `(`, `[` or `{`.
    pub bracket: char,
    /// What it opens, as written: `Actor(`, `claims: [`, or the bracket
    /// alone.
    pub written: String,
    /// Where that starts (the name, when there is one).
    pub at: Pos,
}

impl Open {
    /// The bracket that closes it.
    pub fn closing(&self) -> char {
        match self.bracket {
            '(' => ')',
            '[' => ']',
            _ => '}',
        }
    }
}

/// What is left open at the end of a text: brackets, outermost first, and
/// the string the text ends in, if it does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unclosed {
    pub brackets: Vec<Open>,
    pub string: Option<Pos>,
    /// Just after the last character of the text that is not blank.
    pub end: Pos,
}

/// The brackets and string `src` leaves open at its end (a file cut
/// short), with where each was opened. Strings, characters and comments
/// are stepped over; a closing bracket closes the innermost open one.
pub fn unclosed(src: &str) -> Unclosed {
    let mut s = Scanner {
        src,
        i: 0,
        line: 1,
        col: 1,
    };
    let mut out = Unclosed::default();
    // The name just read, and where it starts: `Actor` before `(`,
    // `claims: ` before `[`.
    let mut name: Option<(String, Pos)> = None;
    loop {
        s.skip_ws();
        let at = s.pos();
        let Some(c) = s.peek() else { break };
        let byte_string = c == 'b' && s.peek_at(1) == Some('"');
        if c == '"' || byte_string || s.is_raw_string_start() {
            let closed = if s.is_raw_string_start() {
                s.raw_string()
            } else {
                if byte_string {
                    s.bump();
                }
                s.string()
            };
            if !closed {
                out.string = Some(at);
                break;
            }
            name = None;
            continue;
        }
        match c {
            '\'' => {
                s.bump();
                while let Some(c) = s.bump() {
                    match c {
                        '\\' => {
                            s.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                name = None;
            }
            '(' | '[' | '{' => {
                s.bump();
                let (written, at) = match name.take() {
                    Some((n, p)) => (format!("{n}{c}"), p),
                    None => (c.to_string(), at),
                };
                out.brackets.push(Open {
                    bracket: c,
                    written,
                    at,
                });
            }
            ')' | ']' | '}' => {
                s.bump();
                out.brackets.pop();
                name = None;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let word = s.ident();
                s.skip_ws();
                name = Some(if s.peek() == Some(':') {
                    s.bump();
                    (format!("{word}: "), at)
                } else {
                    (word, at)
                });
            }
            _ => {
                s.bump();
                name = None;
            }
        }
    }
    out.end = end_of_text(src);
    out
}

/// The position just after the last character of `src` that is not blank.
fn end_of_text(src: &str) -> Pos {
    let text = src.trim_end();
    let line = 1 + text.matches('\n').count();
    let col = 1 + text.rsplit('\n').next().unwrap_or("").chars().count();
    Pos { line, col }
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
                Some('"') => {
                    self.string();
                }
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

    /// Steps over a string; false when the text ends inside it.
    fn string(&mut self) -> bool {
        self.bump(); // opening quote
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return true,
                _ => {}
            }
        }
        false
    }

    /// Steps over a raw string; false when the text ends inside it.
    fn raw_string(&mut self) -> bool {
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
                    return true;
                }
            }
        }
        false
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
        let start = self.i;
        let mut node = self.value_at(depth);
        if node.end == 0 {
            node.start = start;
            node.end = self.i;
        }
        node
    }

    /// `value` after the white space: the span is set by the caller unless
    /// an unwrapped `Some(x)` gave `x`'s own.
    fn value_at(&mut self, depth: usize) -> Node {
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

/// The positions of `paths` in `src` (BOM already stripped), in one pass:
/// the same answers as `scan(src).locate(path)` for each path, without
/// building the tree of the whole document.
///
/// The wanted paths form a small trie; the walk follows the document's
/// structure exactly as `scan` does, but notes a position only at the
/// values the trie names, skips strings and comments with `memchr`, counts
/// lines and columns only when a position is taken, and stops once every
/// wanted value has been seen. Memory is the trie, whatever the file size.
pub fn find_many(src: &str, paths: &[&[Seg]]) -> Vec<Option<Pos>> {
    if paths.is_empty() {
        return Vec::new();
    }
    let mut trie = Trie::default();
    let ends: Vec<Vec<usize>> = paths.iter().map(|p| trie.insert(p)).collect();
    let mut f = Finder::new(src, trie);
    f.skip_head();
    f.value(0, Some(0));
    // The deepest node found along each path, as `Node::locate` answers.
    ends.iter()
        .map(|nodes| {
            let mut best = f.trie.nodes[0].pos;
            for &n in nodes {
                match f.trie.nodes[n].pos {
                    Some(p) => best = Some(p),
                    None => break,
                }
            }
            best
        })
        .collect()
}

/// Where a document may be cut to be parsed in pieces, on several threads:
/// inside the list that makes most of it, the value of a field of the
/// top-level struct. Found by walking the fields before that list (as
/// [`find_many`] walks), then by looking for the line its second item
/// starts with near each place a cut is wanted, so the list itself is not
/// read. The cuts are guesses: a parse of each piece proves them right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cuts<'s> {
    /// The text before the top-level value: `#![…]` attributes, spaces and
    /// comments, which say how the rest is to be read.
    pub head: &'s str,
    /// The field the list is the value of, as written.
    pub field: &'s str,
    /// The offset of the list's `[`.
    pub open: usize,
    /// Where pieces start, each just after the comma that follows an item,
    /// in order; the first piece starts after `open`, the last runs to the
    /// list's end.
    pub at: Vec<usize>,
}

/// Lists shorter than this share of the text are not cut.
const CUT_SHARE: usize = 3;

/// Where to cut `src` (BOM already stripped) into about `pieces` pieces;
/// `None` when no list of the top-level struct makes a third of it, or
/// its items do not start lines alike.
pub fn cuts(src: &str, pieces: usize) -> Option<Cuts<'_>> {
    let mut f = Finder::new(src, Trie::default());
    f.skip_head();
    let head = &src[..f.i];
    if f.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
        f.ident();
        f.skip_ws();
    }
    if f.peek_byte() != Some(b'(') {
        return None;
    }
    f.i += 1;
    let window = src.len() / CUT_SHARE;
    loop {
        f.skip_ws();
        match f.peek_byte()? {
            b')' => return None,
            b',' => {
                f.i += 1;
                continue;
            }
            _ => {}
        }
        let key_start = f.i;
        if !f.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            return None;
        }
        let field = {
            f.ident();
            &src[key_start..f.i]
        };
        f.skip_ws();
        if f.peek_byte() != Some(b':') {
            return None;
        }
        f.i += 1;
        f.skip_ws();
        if f.peek_byte() == Some(b'[') {
            let open = f.i;
            // A list that closes soon, on a line of its own at the field's
            // indentation, is stepped over; one that does not is cut.
            let end = indent_before(src, key_start)
                .map(|indent| format!("\n{indent}]"))
                .and_then(|close| {
                    let stop = (open + window).min(src.len());
                    memchr::memmem::find(&src.as_bytes()[open..stop], close.as_bytes())
                });
            if end.is_none() {
                let at = cut_list(&mut f, open, pieces)?;
                return Some(Cuts {
                    head,
                    field,
                    open,
                    at,
                });
            }
        }
        f.value(1, None);
    }
}

/// The spaces and tabs between the start of the line and `at`, when that
/// is all there is.
fn indent_before(src: &str, at: usize) -> Option<&str> {
    let line = memchr::memrchr(b'\n', &src.as_bytes()[..at]).map_or(0, |k| k + 1);
    let indent = &src[line..at];
    indent
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
        .then_some(indent)
}

/// The cuts of the list opening at `open`: near each share of the text
/// after it, the next line that starts an item as the first item starts
/// (same indentation, same first token), after a line that ends with a
/// comma.
fn cut_list(f: &mut Finder, open: usize, pieces: usize) -> Option<Vec<usize>> {
    let src = f.src;
    f.i = open + 1;
    f.skip_ws();
    let first = f.i;
    let indent = indent_before(src, first)?;
    // The item's first token: a name and its `(`, or the bracket alone.
    let name = {
        let start = f.i;
        if f.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            f.ident();
        }
        &src[start..f.i]
    };
    let token = match f.peek_byte() {
        Some(b'(') => format!("{name}("),
        _ if !name.is_empty() => name.to_string(),
        _ => return None,
    };
    let needle = format!("\n{indent}{token}");
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let bytes = src.as_bytes();
    let span = src.len() - open;
    let mut at: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let mut from = (open + span * k / pieces).max(at.last().map_or(first, |&c| c + 1));
        while let Some(m) = finder.find(&bytes[from..]).map(|m| from + m) {
            // Back over the end of the line before: a comma, or look on.
            let mut j = m;
            while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\r') {
                j -= 1;
            }
            if j > first && bytes[j - 1] == b',' {
                at.push(j);
                break;
            }
            from = m + 1;
        }
    }
    (!at.is_empty()).then_some(at)
}

/// The wanted paths, merged: node 0 is the document.
#[derive(Default)]
struct Trie<'p> {
    nodes: Vec<TrieNode<'p>>,
    /// Nodes not seen yet; the walk stops when none are left.
    unseen: usize,
}

#[derive(Default)]
struct TrieNode<'p> {
    pos: Option<Pos>,
    fields: Vec<(&'p str, usize)>,
    /// Sorted by index.
    items: Vec<(usize, usize)>,
}

impl<'p> Trie<'p> {
    /// Adds `path`; returns the node of each of its steps.
    fn insert(&mut self, path: &[Seg<'p>]) -> Vec<usize> {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
            self.unseen = 1;
        }
        let mut at = 0;
        let mut out = Vec::with_capacity(path.len());
        for seg in path {
            let found = match *seg {
                Seg::Field(f) => self.nodes[at]
                    .fields
                    .iter()
                    .find(|(k, _)| *k == f)
                    .map(|&(_, n)| n),
                Seg::Index(i) => self.nodes[at]
                    .items
                    .binary_search_by_key(&i, |&(k, _)| k)
                    .ok()
                    .map(|k| self.nodes[at].items[k].1),
            };
            at = match found {
                Some(n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.unseen += 1;
                    match *seg {
                        Seg::Field(f) => self.nodes[at].fields.push((f, n)),
                        Seg::Index(i) => {
                            let items = &mut self.nodes[at].items;
                            let k = items.partition_point(|&(k, _)| k < i);
                            items.insert(k, (i, n));
                        }
                    }
                    n
                }
            };
            out.push(at);
        }
        out
    }

    fn field(&self, node: usize, key: &str) -> Option<usize> {
        self.nodes[node]
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, n)| n)
    }
}

/// The walk of `find_many`: `Scanner`'s grammar, step for step, on bytes.
struct Finder<'s, 'p> {
    s: &'s [u8],
    src: &'s str,
    /// Byte offset of the next character.
    i: usize,
    /// Line and column are counted up to `synced` only, when asked for.
    synced: usize,
    line: usize,
    col: usize,
    trie: Trie<'p>,
    /// Every wanted value has been seen: the rest is not read.
    done: bool,
    /// The closing brackets `skip_fast` expects (kept for its capacity).
    stack: Vec<u8>,
    /// `skip_fast` gave up at this offset: before it, values are walked
    /// step by step.
    slow_until: usize,
}

/// What `Finder::token` read.
enum Token {
    /// A string or character literal.
    Done,
    /// An identifier or number.
    Name,
    /// An opening bracket, with the closing one it expects.
    Open(u8),
    /// Nothing: a character no value starts with.
    Stray,
}

/// Which of the group's items stand for the trie node: all of them (each
/// by its index), or only the one inside a `Some(…)` that `scan` unwraps.
#[derive(Clone, Copy)]
enum Items {
    ByIndex,
    Unwrapped,
}

impl<'s, 'p> Finder<'s, 'p> {
    fn new(src: &'s str, trie: Trie<'p>) -> Self {
        Finder {
            s: src.as_bytes(),
            src,
            i: 0,
            synced: 0,
            line: 1,
            col: 1,
            trie,
            done: false,
            stack: Vec::new(),
            slow_until: 0,
        }
    }

    /// Steps over what comes before the top-level value: spaces, comments
    /// and `#![…]` attributes.
    fn skip_head(&mut self) {
        self.skip_ws();
        while self.peek_byte() == Some(b'#') {
            self.skip_balanced_after(b'[', b']');
            self.skip_ws();
        }
    }
}

impl Finder<'_, '_> {
    fn peek_byte(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek(&self) -> Option<char> {
        match *self.s.get(self.i)? {
            b if b < 0x80 => Some(b as char),
            _ => self.src[self.i..].chars().next(),
        }
    }

    /// Steps over one character.
    fn bump(&mut self) {
        if let Some(&b) = self.s.get(self.i) {
            self.i += utf8_len(b);
        }
    }

    /// The position of the next character: counts the lines and characters
    /// skipped since the last position taken.
    fn pos(&mut self) -> Pos {
        if self.synced > self.i {
            (self.synced, self.line, self.col) = (0, 1, 1);
        }
        let gap = &self.s[self.synced..self.i];
        match memchr::memrchr(b'\n', gap) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap).count();
                self.col = 1 + chars_in(&gap[last + 1..]);
            }
            None => self.col += chars_in(gap),
        }
        self.synced = self.i;
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn skip_ws(&mut self) {
        loop {
            // Runs of spaces (indentation) eight bytes at a time.
            while let Some(chunk) = self.s.get(self.i..self.i + 8) {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default())
                    ^ u64::from_le_bytes(*b"        ");
                self.i += x.trailing_zeros() as usize / 8;
                if x != 0 {
                    break;
                }
            }
            let Some(b) = self.peek_byte() else { return };
            match b {
                b if ASCII_SPACE[b as usize] => self.i += 1,
                b'/' if self.s.get(self.i + 1) == Some(&b'/') => {
                    self.i = match memchr::memchr(b'\n', &self.s[self.i..]) {
                        Some(k) => self.i + k + 1,
                        None => self.s.len(),
                    };
                }
                b'/' if self.s.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        // Only `*` and `/` matter, and no byte of a wider
                        // character is either.
                        let Some(k) = memchr::memchr2(b'*', b'/', &self.s[self.i..]) else {
                            self.i = self.s.len();
                            return;
                        };
                        let at = self.i + k;
                        let next = self.s.get(at + 1).copied();
                        self.i = at + 1;
                        match (self.s[at], next) {
                            (b'*', Some(b'/')) => {
                                self.i += 1;
                                depth -= 1;
                            }
                            (b'/', Some(b'*')) => {
                                self.i += 1;
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                b if b < 0x80 => return,
                _ => match self.peek() {
                    Some(c) if c.is_whitespace() => self.i += c.len_utf8(),
                    _ => return,
                },
            }
        }
    }

    /// As `Scanner::skip_balanced_after`, for the `#![…]` attributes.
    fn skip_balanced_after(&mut self, open: u8, close: u8) {
        self.i = match memchr::memchr(open, &self.s[self.i..]) {
            Some(k) => self.i + k + 1,
            None => self.s.len(),
        };
        let mut depth = 1;
        while depth > 0 {
            self.skip_ws();
            match self.peek_byte() {
                None => return,
                Some(b'"') => self.string(b'"'),
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

    /// A string (or character literal) from its opening `quote`: up to the
    /// next unescaped `quote`, or the end.
    fn string(&mut self, quote: u8) {
        self.i += 1;
        loop {
            let Some(k) = memchr::memchr2(quote, b'\\', &self.s[self.i..]) else {
                self.i = self.s.len();
                return;
            };
            let at = self.i + k;
            self.i = at + 1;
            if self.s[at] == quote {
                return;
            }
            self.bump(); // the escaped character
        }
    }

    fn raw_string(&mut self) {
        self.i += 1; // r or b
        if self.peek_byte() == Some(b'r') {
            self.i += 1;
        }
        let mut hashes = 0;
        while self.peek_byte() == Some(b'#') {
            self.i += 1;
            hashes += 1;
        }
        self.bump(); // the opening quote, or whatever stands there
        loop {
            let Some(k) = memchr::memchr(b'"', &self.s[self.i..]) else {
                self.i = self.s.len();
                return;
            };
            self.i += k + 1;
            let mut n = 0;
            while n < hashes && self.peek_byte() == Some(b'#') {
                self.i += 1;
                n += 1;
            }
            if n == hashes {
                return;
            }
        }
    }

    /// Steps over an identifier (or number); returns it.
    fn ident(&mut self) -> &str {
        let start = self.i;
        while let Some(&b) = self.s.get(self.i) {
            if b < 0x80 {
                if !ASCII_IDENT[b as usize] {
                    break;
                }
                self.i += 1;
            } else {
                match self.peek() {
                    Some(c) if c.is_alphanumeric() => self.i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        &self.src[start..self.i]
    }

    fn is_raw_string_start(&self) -> bool {
        let at = |k| self.s.get(self.i + k).copied();
        matches!(
            (at(0), at(1), at(2)),
            (Some(b'r'), Some(b'"' | b'#'), _) | (Some(b'b'), Some(b'r'), Some(b'"' | b'#'))
        )
    }

    /// As `Scanner::value`; `node` is the trie node this value stands for.
    fn value(&mut self, depth: usize, node: Option<usize>) {
        self.skip_ws();
        if let Some(n) = node {
            let p = self.pos();
            let slot = &mut self.trie.nodes[n].pos;
            if slot.is_none() {
                self.trie.unseen -= 1;
            }
            *slot = Some(p);
        }
        if depth > MAX_DEPTH {
            return self.finish(node);
        }
        if node.is_none() && self.skip_fast(depth) {
            return;
        }
        let mut named = false;
        let mut some = false;
        match self.peek() {
            Some('"') => {
                self.string(b'"');
                return self.finish(node);
            }
            Some('\'') => {
                self.string(b'\'');
                return self.finish(node);
            }
            Some(_) if self.is_raw_string_start() => {
                self.raw_string();
                return self.finish(node);
            }
            Some('b') if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                self.string(b'"');
                return self.finish(node);
            }
            Some(c) if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                some = self.ident() == "Some";
                named = true;
                self.skip_ws();
            }
            _ => {}
        }
        match self.peek_byte() {
            Some(b'(') => {
                self.i += 1;
                match node {
                    // `scan` replaces `Some(x)` by `x` when x is all there
                    // is: look ahead to know which the trie node stands for.
                    Some(_) if some => {
                        let (start, synced, line, col) = (self.i, self.synced, self.line, self.col);
                        let (fields, items) = self.group(b')', depth, None, Items::ByIndex);
                        (self.i, self.synced, self.line, self.col) = (start, synced, line, col);
                        let how = if fields == 0 && items == 1 {
                            Items::Unwrapped
                        } else {
                            Items::ByIndex
                        };
                        self.group(b')', depth, node, how);
                    }
                    _ => {
                        self.group(b')', depth, node, Items::ByIndex);
                    }
                }
            }
            Some(b'[') if !named => {
                self.i += 1;
                self.group(b']', depth, node, Items::ByIndex);
            }
            Some(b'{') if !named => {
                self.i += 1;
                self.group(b'}', depth, node, Items::ByIndex);
            }
            _ => {}
        }
        self.finish(node)
    }

    /// Steps over a value nobody asked for, as `value(depth, None)` would,
    /// in one loop over its tokens with a stack of the brackets to close
    /// rather than a call per value. It follows `group`'s reading exactly: a
    /// field's key in `(…)` is read as a key (so `r#x: 1` is no raw string),
    /// any other token as a value, anything else as a stray character.
    /// Past the depth limit `value` stops nesting brackets; there this gives
    /// up, consuming nothing, and returns false.
    fn skip_fast(&mut self, depth: usize) -> bool {
        if self.i < self.slow_until {
            return false;
        }
        let start = self.i;
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        // The value's first token: unlike the tokens inside it, a stray
        // character is left to the caller, and only `(` may follow a name.
        match self.token() {
            Token::Open(close) => stack.push(close),
            Token::Name => {
                self.skip_ws();
                if self.peek_byte() == Some(b'(') {
                    self.i += 1;
                    stack.push(b')');
                }
            }
            Token::Stray | Token::Done => {}
        }
        let mut after_key = false;
        let ok = loop {
            let Some(&close) = stack.last() else {
                break true;
            };
            if depth + stack.len() > MAX_DEPTH {
                break false;
            }
            self.skip_ws();
            let Some(b) = self.peek_byte() else {
                break true;
            };
            if b == close {
                self.i += 1;
                stack.pop();
                continue;
            }
            if b == b',' {
                self.i += 1;
                continue;
            }
            if close == b')'
                && !after_key
                && self.peek().is_some_and(|c| c.is_alphabetic() || c == '_')
            {
                let key = self.i;
                self.ident();
                self.skip_ws();
                if self.peek_byte() == Some(b':') {
                    self.i += 1;
                    after_key = true;
                    continue;
                }
                self.i = key;
            }
            after_key = false;
            match self.token() {
                Token::Open(c) => stack.push(c),
                Token::Stray => self.bump(),
                Token::Name | Token::Done => {}
            }
        };
        self.stack = stack;
        if !ok {
            self.slow_until = self.i;
            self.i = start;
        }
        ok
    }

    /// Reads the token at a value's start: a string or character literal,
    /// a name (identifier or number), or an opening bracket (stepped over).
    /// A stray character is not consumed.
    fn token(&mut self) -> Token {
        match self.peek_byte() {
            Some(b'"') => self.string(b'"'),
            Some(b'\'') => self.string(b'\''),
            Some(_) if self.is_raw_string_start() => self.raw_string(),
            Some(b'b') if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                self.string(b'"');
            }
            Some(b @ (b'(' | b'[' | b'{')) => {
                self.i += 1;
                return Token::Open(match b {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                });
            }
            _ => {
                return match self.peek() {
                    Some(c) if c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.') => {
                        self.ident();
                        Token::Name
                    }
                    _ => Token::Stray,
                };
            }
        }
        Token::Done
    }

    /// After a wanted value: stop when nothing else is wanted.
    fn finish(&mut self, node: Option<usize>) {
        if node.is_some() && self.trie.unseen == 0 {
            self.done = true;
        }
    }

    /// As `Scanner::group`: the contents up to `close`. Returns how many
    /// fields and items it holds.
    fn group(
        &mut self,
        close: u8,
        depth: usize,
        node: Option<usize>,
        how: Items,
    ) -> (usize, usize) {
        let (mut fields, mut items) = (0, 0);
        // Index into the node's sorted items: they come in order.
        let mut next_item = 0;
        loop {
            if self.done {
                return (fields, items);
            }
            self.skip_ws();
            match self.peek_byte() {
                None => return (fields, items),
                Some(c) if c == close => {
                    self.i += 1;
                    return (fields, items);
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let start = self.i;
            if close == b')' && self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
                let key_end = {
                    self.ident();
                    self.i
                };
                self.skip_ws();
                if self.peek_byte() == Some(b':') {
                    self.i += 1;
                    fields += 1;
                    let key = &self.src[start..key_end];
                    // The first of repeated fields counts, as in `scan`.
                    let child = match (node, how) {
                        (Some(n), Items::ByIndex) => self
                            .trie
                            .field(n, key)
                            .filter(|&c| self.trie.nodes[c].pos.is_none()),
                        _ => None,
                    };
                    self.value(depth + 1, child);
                    continue;
                }
                self.i = start;
            }
            let child = match (node, how) {
                (Some(n), Items::ByIndex) => {
                    let list = &self.trie.nodes[n].items;
                    while next_item < list.len() && list[next_item].0 < items {
                        next_item += 1;
                    }
                    list.get(next_item)
                        .filter(|&&(k, _)| k == items)
                        .map(|&(_, c)| c)
                }
                (Some(n), Items::Unwrapped) => (items == 0).then_some(n),
                (None, _) => None,
            };
            items += 1;
            let before = self.i;
            self.value(depth + 1, child);
            if self.done {
                return (fields, items);
            }
            self.skip_ws();
            if close == b'}' && self.peek_byte() == Some(b':') {
                self.i += 1;
                self.value(depth + 1, None);
            }
            if self.i == before {
                // Nothing consumed: step over the stray character.
                self.bump();
            }
        }
    }
}

/// The ASCII characters `char::is_whitespace` accepts.
const ASCII_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8 as char).is_whitespace();
        b += 1;
    }
    t
};

/// The ASCII characters of `Scanner::ident`.
const ASCII_IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'#' | b'.' | b'+' | b'-');
        b += 1;
    }
    t
};

/// The length of the UTF-8 sequence that `lead` begins (1 for a stray
/// continuation byte, which valid text never starts a character with).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Characters in valid UTF-8 bytes: the bytes that are not continuations.
fn chars_in(b: &[u8]) -> usize {
    b.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_skips_strings_comments_and_characters() {
        let u = unclosed(
            "Dossier( // ( [\n  /* ) */ title: r#\"(\"#, a: '(', b: \"[\",\n  actors: [ Actor(\n",
        );
        let open: Vec<(&str, Pos)> = u
            .brackets
            .iter()
            .map(|o| (o.written.as_str(), o.at))
            .collect();
        assert_eq!(
            open,
            [
                ("Dossier(", Pos { line: 1, col: 1 }),
                ("actors: [", Pos { line: 3, col: 3 }),
                ("Actor(", Pos { line: 3, col: 13 }),
            ]
        );
        assert_eq!(u.string, None);
        assert_eq!(u.end, Pos { line: 3, col: 19 });
        // Closed brackets are gone; a string the text ends in is found.
        let u = unclosed("Dossier(a: [1, (2)], b: \"open");
        assert_eq!(u.brackets.len(), 1);
        assert_eq!(u.string, Some(Pos { line: 1, col: 25 }));
        assert!(unclosed("Dossier(title: \"t\")\n").brackets.is_empty());
    }

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

    #[test]
    fn find_many_answers_as_the_tree_does() {
        // One long line of wide characters, CRLF, a repeated field, `Some`
        // unwrapped and not, a map, and a path past the end of a list.
        let src = "\u{3000}( t: \"日本語 \\\" (\", a: [ 'x', r#\"]\"#, \"é\" ],\r\n a: [9], \
                   s: Some([1, 2]), n: Some(1, 2), m: { \"k\": (v: 1), 2: 3 }, z: 'ü' )";
        let paths: Vec<Vec<Seg>> = vec![
            vec![],
            vec![Seg::Field("t")],
            vec![Seg::Field("a"), Seg::Index(2)],
            vec![Seg::Field("a"), Seg::Index(7), Seg::Field("q")],
            vec![Seg::Field("s"), Seg::Index(1)],
            vec![Seg::Field("n"), Seg::Index(1)],
            vec![Seg::Field("m"), Seg::Index(1)],
            vec![Seg::Field("m"), Seg::Index(0), Seg::Field("v")],
            vec![Seg::Field("z")],
            vec![Seg::Field("nope"), Seg::Index(0)],
        ];
        let refs: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let tree = scan(src);
        let want: Vec<_> = refs.iter().map(|p| tree.locate(p)).collect();
        assert_eq!(find_many(src, &refs), want);
        let at = |l, c| Some(Pos { line: l, col: c });
        assert_eq!(want[2], at(1, 37)); // after wide characters
        assert_eq!(want[3], at(1, 22)); // the first `a`, not the repeat
        assert_eq!(want[4], at(2, 22)); // inside `Some([…])`
        assert_eq!(want[5], at(2, 38)); // `Some(1, 2)` is not unwrapped
        assert_eq!(want[6], at(2, 60)); // a map's second key
        assert_eq!(want[9], at(1, 2)); // the document
        assert!(find_many(src, &[]).is_empty());
    }
}
