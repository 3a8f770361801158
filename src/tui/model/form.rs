//! The forms of capture, as state: their fields, the editing of each kind
//! of field, and the checks made as the analyst types.
//!
//! A field is a line of text (edited with `tui-input`: cursor keys, words,
//! graphemes), a choice among a few values shown with their meanings
//! (grades, kinds), or a picker that filters a list fuzzily as the analyst
//! types (sources, actors). Text is typed or pasted; what a terminal could
//! act on never gets in: line breaks and tabs become spaces, and control,
//! invisible and direction-changing characters are left out, saying so.
//!
//! What a form makes (a claim, a relation, an actor, a source) and where it
//! goes is `capture.rs`; this file knows nothing of the chart.

use std::path::PathBuf;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use tui_input::{Input, InputRequest};

use super::action::Action;
use super::cursor::Cursor;
use crate::dates::Date;
use crate::export::capture::{Landed, Stamp, Target};

/// Where the last save's item is (its file, its place in the file's
/// lists), for the reload that brings it in.
pub type Pending = (PathBuf, Landed);

/// The longest text a field takes, in characters.
pub const MAX_FIELD_CHARS: usize = 100_000;

/// The forms' fields, by what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    To,
    Label,
    Text,
    Sources,
    Credibility,
    Confidence,
    Quote,
    Cite,
    Date,
    Id,
    Name,
    Kind,
    OtherKind,
    Aliases,
    Reliability,
    Report,
    Note,
}

/// One value of a choice: what is written (empty: nothing), how it is
/// shown, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub meaning: String,
}

impl Choice {
    pub fn new(value: &str, label: &str, meaning: &str) -> Choice {
        Choice {
            value: value.to_string(),
            label: label.to_string(),
            meaning: meaning.to_string(),
        }
    }
}

/// One thing a picker offers: its id, and how it shows (and is matched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pickable {
    pub id: String,
    pub label: String,
}

/// What a field holds.
#[derive(Debug, Clone)]
pub enum Value {
    Line(Input),
    Choice {
        options: Vec<Choice>,
        sel: usize,
    },
    Pick {
        query: Input,
        options: Vec<Pickable>,
        /// Indexes into `options`, in the order chosen.
        chosen: Vec<usize>,
        /// The options matching the query, best first.
        hits: Vec<usize>,
        cur: Cursor,
        /// Several may be chosen (sources), or one (the other actor).
        multi: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub value: Value,
    /// Why the value cannot be saved, shown beside it.
    pub error: Option<String>,
    /// A note on a valid value (what a date means), shown beside it.
    pub hint: Option<String>,
}

impl Field {
    pub fn line(id: FieldId, label: &'static str) -> Field {
        Field {
            id,
            label,
            value: Value::Line(Input::default()),
            error: None,
            hint: None,
        }
    }

    pub fn choice(id: FieldId, label: &'static str, options: Vec<Choice>) -> Field {
        Field {
            id,
            label,
            value: Value::Choice { options, sel: 0 },
            error: None,
            hint: None,
        }
    }

    pub fn pick(id: FieldId, label: &'static str, options: Vec<Pickable>, multi: bool) -> Field {
        let mut f = Field {
            id,
            label,
            value: Value::Pick {
                query: Input::default(),
                hits: Vec::new(),
                options,
                chosen: Vec::new(),
                cur: Cursor::default(),
                multi,
            },
            error: None,
            hint: None,
        };
        f.refilter();
        f
    }

    /// The text typed (a line's, or a picker's query), trimmed.
    pub fn text(&self) -> &str {
        match &self.value {
            Value::Line(i) => i.value().trim(),
            Value::Pick { query, .. } => query.value().trim(),
            Value::Choice { .. } => "",
        }
    }

    /// The chosen value of a choice (empty: none).
    pub fn chosen_value(&self) -> &str {
        match &self.value {
            Value::Choice { options, sel } => options.get(*sel).map_or("", |c| c.value.as_str()),
            _ => "",
        }
    }

    /// The ids chosen in a picker, in order.
    pub fn picked(&self) -> Vec<&str> {
        match &self.value {
            Value::Pick {
                options, chosen, ..
            } => chosen.iter().map(|&i| options[i].id.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// Anything typed or chosen.
    pub fn dirty(&self) -> bool {
        match &self.value {
            Value::Line(i) => !i.value().is_empty(),
            Value::Choice { sel, .. } => *sel != 0,
            Value::Pick { query, chosen, .. } => !query.value().is_empty() || !chosen.is_empty(),
        }
    }

    /// The input edited by text keys: a line, or a picker's query.
    fn input_mut(&mut self) -> Option<&mut Input> {
        match &mut self.value {
            Value::Line(i) => Some(i),
            Value::Pick { query, .. } => Some(query),
            Value::Choice { .. } => None,
        }
    }

    /// Matches a picker's options against its query again.
    fn refilter(&mut self) {
        let Value::Pick {
            query,
            options,
            chosen,
            hits,
            cur,
            ..
        } = &mut self.value
        else {
            return;
        };
        let q = query.value().trim();
        let free = (0..options.len()).filter(|i| !chosen.contains(i));
        *hits = if q.is_empty() {
            free.collect()
        } else {
            let matcher = SkimMatcherV2::default().ignore_case();
            let mut scored: Vec<(i64, usize)> = free
                .filter_map(|i| {
                    let o = &options[i];
                    let text = format!("{} {}", o.id, o.label);
                    matcher.fuzzy_match(&text, q).map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| i).collect()
        };
        *cur = Cursor::default();
    }

    /// Checks the value as it is typed: a date must be one (or be on its
    /// way to one).
    fn check_as_typed(&mut self) {
        if self.id != FieldId::Date {
            self.error = None;
            return;
        }
        (self.error, self.hint) = match date_state(self.text()) {
            DateState::Empty => (None, Some("YYYY, YYYY-MM or YYYY-MM-DD".into())),
            DateState::Valid(what) => (None, Some(format!("✓ {what}"))),
            DateState::Partial => (None, Some("… YYYY, YYYY-MM or YYYY-MM-DD".into())),
            DateState::Wrong(why) => (Some(why), None),
        };
    }
}

/// What a date field holds, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateState {
    Empty,
    /// A date; what span it names.
    Valid(String),
    /// Not a date yet, but the start of one.
    Partial,
    Wrong(String),
}

/// Where the date typed so far stands.
pub fn date_state(s: &str) -> DateState {
    if s.is_empty() {
        return DateState::Empty;
    }
    if Date::parse(s).is_some() {
        let what = match s.len() {
            4 => "a year",
            7 => "a month",
            _ => "a day",
        };
        return DateState::Valid(what.to_string());
    }
    // `2024-0` is on its way to `2024-05`: the shape of `YYYY-MM-DD` so
    // far, with each piece that is complete a real one.
    const SHAPE: &[u8] = b"dddd-dd-dd";
    let fits = s.len() < SHAPE.len()
        && s.bytes().zip(SHAPE).all(|(b, &want)| match want {
            b'd' => b.is_ascii_digit(),
            _ => b == b'-',
        });
    let done_ok = || {
        let pieces: Vec<&str> = s.split('-').collect();
        // Every complete piece but the last typed must make a date.
        let complete = match pieces.last() {
            Some(p) if p.len() == if pieces.len() == 1 { 4 } else { 2 } => pieces.len(),
            _ => pieces.len() - 1,
        };
        complete == 0 || Date::parse(&pieces[..complete].join("-")).is_some()
    };
    if fits && done_ok() {
        DateState::Partial
    } else {
        DateState::Wrong(format!(
            "not a date: YYYY, YYYY-MM or YYYY-MM-DD ({})",
            crate::sanitize::sanitize(s)
        ))
    }
}

/// Which form, and what it adds to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A claim on the relation `from` → `to` named `label` (ids and label
    /// as the chart shows them).
    Claim {
        from: String,
        to: String,
        label: String,
    },
    /// A relation from the actor `from`, with its first claim.
    Relation {
        from: String,
    },
    Actor,
    Source,
}

/// Something a nested form made: not in the chart until it reloads, but
/// chosen already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub id: String,
    /// The file it was written to, and its name on screen.
    pub path: PathBuf,
    pub file: String,
    pub name: String,
}

/// An open form.
#[derive(Debug, Clone)]
pub struct FormState {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The file the item goes into (it may change with the sources
    /// chosen), or why it cannot be written.
    pub target: Result<Target, String>,
    /// The target file's fingerprint when the form opened.
    pub stamp: Stamp,
    /// A message of the form's own (why it was not saved, what a paste
    /// left out), until the next key.
    pub note: Option<String>,
    /// Esc was pressed with something typed: another Esc discards it.
    pub confirm_cancel: bool,
    /// The form this one was opened from (a new source from a claim's
    /// sources), shown again when this one closes.
    pub parent: Option<Box<FormState>>,
    /// Sources and actors made in nested forms.
    pub made: Vec<Made>,
}

/// What a text key does to the line under the cursor.
pub fn input_request(action: Action) -> Option<InputRequest> {
    Some(match action {
        Action::CharLeft => InputRequest::GoToPrevChar,
        Action::CharRight => InputRequest::GoToNextChar,
        Action::WordLeft => InputRequest::GoToPrevWord,
        Action::WordRight => InputRequest::GoToNextWord,
        Action::LineStart => InputRequest::GoToStart,
        Action::LineEnd => InputRequest::GoToEnd,
        Action::DeleteChar => InputRequest::DeletePrevChar,
        Action::DeleteForward => InputRequest::DeleteNextChar,
        Action::DeleteWord => InputRequest::DeletePrevWord,
        Action::DeleteToStart => InputRequest::DeleteFromStart,
        Action::DeleteToEnd => InputRequest::DeleteTillEnd,
        _ => return None,
    })
}

/// Text made safe to put in a field: line breaks and tabs become spaces
/// (`\r\n` one space), control, invisible and direction-changing characters
/// are left out. Returns the text, and how many breaks became spaces and
/// how many characters were left out.
pub fn clean(text: &str) -> (String, usize, usize) {
    let mut out = String::with_capacity(text.len());
    let (mut breaks, mut dropped) = (0, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' => {
                breaks += 1;
                out.push(' ');
            }
            c if c.is_control() || crate::sanitize::is_escaped(c) => dropped += 1,
            c => out.push(c),
        }
    }
    (out, breaks, dropped)
}

impl FormState {
    pub fn new(kind: FormKind, title: String, fields: Vec<Field>) -> FormState {
        let mut f = FormState {
            kind,
            title,
            fields,
            focus: 0,
            target: Err("no file yet".into()),
            stamp: None,
            note: None,
            confirm_cancel: false,
            parent: None,
            made: Vec::new(),
        };
        for field in &mut f.fields {
            field.check_as_typed();
        }
        f
    }

    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// The trimmed text of field `id` (empty when there is none).
    pub fn text(&self, id: FieldId) -> String {
        self.field(id)
            .map_or(String::new(), |f| f.text().to_string())
    }

    /// The text of field `id`, `None` when empty.
    pub fn opt(&self, id: FieldId) -> Option<String> {
        Some(self.text(id)).filter(|s| !s.is_empty())
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    /// Anything typed or chosen.
    pub fn dirty(&self) -> bool {
        self.fields.iter().any(Field::dirty)
    }

    /// Moves the focus `by` fields, round.
    pub fn step(&mut self, by: isize) {
        let n = self.fields.len() as isize;
        self.focus = ((self.focus as isize + by).rem_euclid(n)) as usize;
    }

    /// Types `text` at the cursor of the focused line or query, cleaned;
    /// says in the form's note what cleaning changed. A choice takes the
    /// first of its values whose label starts with the first character.
    pub fn type_text(&mut self, text: &str) {
        let (clean, breaks, dropped) = clean(text);
        let mut notes = Vec::new();
        if breaks > 0 {
            notes.push(match breaks {
                1 => "1 line break or tab became a space".to_string(),
                n => format!("{n} line breaks or tabs became spaces"),
            });
        }
        if dropped > 0 {
            notes.push(format!(
                "{} left out",
                crate::export::count(dropped as u64, "control or invisible character")
            ));
        }
        let field = self.focused_mut();
        if let Value::Choice { options, sel } = &mut field.value {
            if let Some(c) = clean.chars().next() {
                let c = c.to_lowercase().to_string();
                let n = options.len();
                if let Some(k) = (1..=n)
                    .map(|k| (*sel + k) % n)
                    .find(|&k| options[k].label.to_lowercase().starts_with(&c))
                {
                    *sel = k;
                }
            }
        } else if let Some(input) = field.input_mut() {
            let value = input.value();
            let at = value
                .char_indices()
                .nth(input.cursor())
                .map_or(value.len(), |(b, _)| b);
            let room = MAX_FIELD_CHARS.saturating_sub(value.chars().count());
            let taken: String = clean.chars().take(room).collect();
            if taken.chars().count() < clean.chars().count() {
                notes.push(format!(
                    "cut: a field holds at most {MAX_FIELD_CHARS} characters"
                ));
            }
            let cursor = input.cursor() + taken.chars().count();
            let new = format!("{}{taken}{}", &value[..at], &value[at..]);
            *input = Input::new(new).with_cursor(cursor);
            field.refilter();
            field.check_as_typed();
        }
        if !notes.is_empty() {
            self.note = Some(format!("pasted: {}", notes.join(", ")));
        }
    }

    /// A text key (cursor move or deletion) on the focused field. In a
    /// picker with nothing typed, deleting backwards takes back the last
    /// chosen.
    pub fn edit(&mut self, req: InputRequest) {
        let field = self.focused_mut();
        if let Value::Pick { query, chosen, .. } = &mut field.value
            && query.value().is_empty()
            && req == InputRequest::DeletePrevChar
        {
            chosen.pop();
            field.refilter();
            return;
        }
        if let Some(input) = field.input_mut() {
            input.handle(req);
            field.refilter();
            field.check_as_typed();
        }
    }

    /// Up or Down: the next value of a choice, the next hit of a picker.
    pub fn choose(&mut self, action: Action) {
        match &mut self.focused_mut().value {
            Value::Choice { options, sel } => {
                let n = options.len();
                *sel = match action {
                    Action::Down => (*sel + 1) % n,
                    Action::Up => (*sel + n - 1) % n,
                    _ => *sel,
                };
            }
            Value::Pick { hits, cur, .. } => cur.apply(action, hits.len(), 5),
            Value::Line(_) => {}
        }
    }

    /// Enter in a picker: chooses the highlighted hit (in place of the
    /// chosen one when only one may be), and clears the query. Returns
    /// false when there was nothing to choose.
    pub fn pick(&mut self) -> bool {
        let field = self.focused_mut();
        let Value::Pick {
            query,
            chosen,
            hits,
            cur,
            multi,
            ..
        } = &mut field.value
        else {
            return false;
        };
        let Some(&hit) = hits.get(cur.sel) else {
            return false;
        };
        if !*multi {
            chosen.clear();
        }
        chosen.push(hit);
        *query = Input::default();
        field.error = None;
        field.refilter();
        true
    }

    /// Adds `option` to the picker `id` and chooses it (a source or actor
    /// made in a nested form).
    pub fn add_and_pick(&mut self, id: FieldId, option: Pickable) {
        let Some(field) = self.field_mut(id) else {
            return;
        };
        if let Value::Pick {
            options,
            chosen,
            multi,
            query,
            ..
        } = &mut field.value
        {
            options.push(option);
            if !*multi {
                chosen.clear();
            }
            chosen.push(options.len() - 1);
            *query = Input::default();
        }
        field.error = None;
        field.refilter();
    }

    /// Marks `id` as wrong, saying why.
    pub fn mark(&mut self, id: FieldId, why: impl Into<String>) {
        if let Some(f) = self.field_mut(id) {
            f.error = Some(why.into());
        }
    }

    /// The first field marked wrong.
    pub fn first_error(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.error.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_typed() {
        assert_eq!(date_state(""), DateState::Empty);
        for s in [
            "2",
            "202",
            "2024",
            "2024-",
            "2024-0",
            "2024-02-",
            "2024-02-2",
        ] {
            assert!(
                matches!(date_state(s), DateState::Partial | DateState::Valid(_)),
                "{s}"
            );
        }
        assert_eq!(date_state("2024"), DateState::Valid("a year".into()));
        assert_eq!(date_state("2024-02-29"), DateState::Valid("a day".into()));
        for s in [
            "2023-02-29",
            "2024-13",
            "24-01",
            "2024/01",
            "x",
            "2024-01-01-",
        ] {
            assert!(matches!(date_state(s), DateState::Wrong(_)), "{s}");
        }
    }

    #[test]
    fn pasted_text_is_made_inert() {
        assert_eq!(
            clean("a\r\nb\tc\u{1b}[31m\u{202e}د\u{200f}"),
            ("a b c[31mد".to_string(), 2, 3)
        );
        assert_eq!(clean("\"q\" \\ $x"), ("\"q\" \\ $x".to_string(), 0, 0));
    }
}
