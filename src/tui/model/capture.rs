//! Capture in the model: opening the forms (a claim on the selected
//! relation, a relation from the selected actor, an actor, a source, and
//! the nested forms a picker opens), checking and turning them into what
//! [`crate::export::capture`] writes, taking the outcome of a save or an
//! undo, and selecting the new item once the chart has reloaded.
//!
//! The writing itself is an [`Effect`]: the runner does it and hands the
//! outcome back to [`Model::captured`] and [`Model::undone`].

use super::effect::{CaptureJob, Effect};
use super::form::{Choice, DateState, Field, FieldId, FormKind, FormState, Made, Pickable};
use super::overlay::Overlay;
use super::pane::Pane;
use super::state::Model;
use crate::dossier::{
    Actor, ActorKind, Claim, Confidence, Item, Relation, Reliability, Source, SourceKind,
    credibility_meaning,
};
use crate::export::capture::{
    Addition, Capture, Refused, Target, claim_target, item_target, landed_item, stamp, writable,
};
use crate::search::Target as Jump;

const ACTOR_KINDS: [ActorKind; 7] = [
    ActorKind::State,
    ActorKind::Government,
    ActorKind::Military,
    ActorKind::Person,
    ActorKind::Organization,
    ActorKind::Group,
    ActorKind::Public,
];

const SOURCE_KINDS: [SourceKind; 5] = [
    SourceKind::Human,
    SourceKind::Official,
    SourceKind::Document,
    SourceKind::Media,
    SourceKind::Assessment,
];

/// A choice's value for "something else, typed below".
const OTHER: &str = "Other";

/// The fields of a claim, in the order the format writes them.
fn claim_fields(sources: Vec<Pickable>) -> Vec<Field> {
    let mut cred = vec![Choice::new("", "—", "not graded")];
    cred.extend(
        (1..=6u8).map(|c| Choice::new(&c.to_string(), &c.to_string(), credibility_meaning(c))),
    );
    let mut conf = vec![Choice::new("", "—", "no estimate")];
    conf.extend(Confidence::ALL.iter().map(|c| {
        Choice::new(
            &format!("{c:?}"),
            &format!("{c:?}"),
            &format!("{} ({})", c.words(), c.range()),
        )
    }));
    vec![
        Field::line(FieldId::Text, "text"),
        Field::pick(FieldId::Sources, "sources", sources, true),
        Field::choice(FieldId::Credibility, "credibility", cred),
        Field::choice(FieldId::Confidence, "confidence", conf),
        Field::line(FieldId::Quote, "quote"),
        Field::line(FieldId::Cite, "cite"),
        Field::line(FieldId::Date, "date"),
    ]
}

fn kind_choices<T: std::fmt::Debug>(kinds: &[T]) -> Vec<Choice> {
    let mut v: Vec<Choice> = kinds
        .iter()
        .map(|k| Choice::new(&format!("{k:?}"), &format!("{k:?}"), ""))
        .collect();
    v.push(Choice::new(
        OTHER,
        OTHER,
        "another kind: type it in the next field",
    ));
    v
}

impl Model {
    /// The chart's sources (and those made in nested forms of `form`), for
    /// a picker.
    fn source_options(&self, made: &[Made]) -> Vec<Pickable> {
        let mut v: Vec<Pickable> = self
            .chart
            .dossier
            .sources
            .iter()
            .map(|s| Pickable {
                id: s.id.clone(),
                label: s.name.clone(),
            })
            .collect();
        v.extend(made.iter().map(|m| Pickable {
            id: m.id.clone(),
            label: m.name.clone(),
        }));
        v
    }

    /// `a`: the form for a claim on the selected relation.
    pub fn open_claim_form(&mut self) {
        if self.focus == Pane::Actors {
            self.message = Some(
                "a adds a claim to the selected relation: go to the relations pane first (l)"
                    .into(),
            );
            return;
        }
        let Some(inc) = self.selected_relation() else {
            self.message = Some("no relation selected to add a claim to".into());
            return;
        };
        let r = self.chart.relation(inc.rel);
        let kind = FormKind::Claim {
            from: r.from.clone(),
            to: r.to.clone(),
            label: r.label.clone(),
        };
        let title = " Add a claim ".to_string();
        let form = FormState::new(kind, title, claim_fields(self.source_options(&[])));
        self.open_form(form);
    }

    /// `n`: the form for a relation from the selected actor, with its first
    /// claim.
    pub fn open_relation_form(&mut self) {
        let Some(from) = self.chart.dossier.actors.get(self.actors.sel) else {
            self.message = Some("no actor selected".into());
            return;
        };
        let actors: Vec<Pickable> = self
            .chart
            .dossier
            .actors
            .iter()
            .map(|a| Pickable {
                id: a.id.clone(),
                label: a.name.clone(),
            })
            .collect();
        let mut fields = vec![
            Field::pick(FieldId::To, "to", actors, false),
            Field::line(FieldId::Label, "label"),
        ];
        fields.extend(claim_fields(self.source_options(&[])));
        let title = format!(" Add a relation from {} ", from.name);
        let kind = FormKind::Relation {
            from: from.id.clone(),
        };
        self.open_form(FormState::new(kind, title, fields));
    }

    /// `N`: the form for an actor.
    pub fn open_actor_form(&mut self) {
        let form = actor_form();
        self.open_form(form);
    }

    /// `S`: the form for a source.
    pub fn open_source_form(&mut self) {
        let form = self.source_form();
        self.open_form(form);
    }

    fn source_form(&self) -> FormState {
        let mut rel = vec![Choice::new("", "—", "not graded")];
        rel.extend(Reliability::ALL.iter().map(|r| {
            Choice::new(
                &r.letter().to_string(),
                &r.letter().to_string(),
                r.meaning(),
            )
        }));
        let mut reports = vec![Choice::new("", "—", "no report")];
        reports.extend(
            self.chart
                .dossier
                .reports()
                .iter()
                .map(|r| Choice::new(&r.id, &r.id, &r.title)),
        );
        let fields = vec![
            Field::line(FieldId::Id, "id"),
            Field::line(FieldId::Name, "name"),
            Field::choice(FieldId::Kind, "kind", kind_choices(&SOURCE_KINDS)),
            Field::line(FieldId::OtherKind, "other kind"),
            Field::choice(FieldId::Reliability, "reliability", rel),
            Field::choice(FieldId::Report, "report", reports),
            Field::line(FieldId::Note, "note"),
        ];
        FormState::new(FormKind::Source, " Add a source ".into(), fields)
    }

    /// Shows `form`, once it is known which file it writes to and that the
    /// file can be written (a read-only file is refused before anything is
    /// typed).
    fn open_form(&mut self, mut form: FormState) {
        self.retarget(&mut form);
        if let Err(e) = &form.target {
            self.message = Some(e.clone());
            return;
        }
        self.overlay = Overlay::Form(Box::new(form));
    }

    /// Works out (again) which file `form` writes to, from the sources
    /// chosen so far, and whether it can be written; a new file target
    /// takes a fresh fingerprint.
    pub fn retarget(&self, form: &mut FormState) {
        let first_source = || {
            form.field(FieldId::Sources)
                .and_then(|f| f.picked().first().map(|s| s.to_string()))
        };
        let roots = &self.live.files;
        let chart = &self.chart;
        let target = match &form.kind {
            FormKind::Claim { from, to, label } => chart
                .dossier
                .relations
                .iter()
                .position(|r| r.from == *from && r.to == *to && r.label == *label)
                .ok_or_else(|| "the relation is no longer in the chart".to_string())
                .and_then(|r| {
                    claim_target(chart, r, first_source().and_then(|s| chart.source_ix(&s)))
                }),
            FormKind::Relation { .. } => match first_source() {
                Some(s) if chart.source_ix(&s).is_none() => {
                    match form.made.iter().find(|m| m.id == s) {
                        Some(m) => Ok(Target {
                            name: m.file.clone(),
                            path: m.path.clone(),
                            create: false,
                        }),
                        None => item_target(chart, roots, None),
                    }
                }
                s => item_target(chart, roots, s.and_then(|s| chart.source_ix(&s))),
            },
            FormKind::Actor | FormKind::Source => item_target(chart, roots, None),
        };
        let target = target.and_then(|t| writable(&t).map(|()| t));
        let moved = match (&form.target, &target) {
            (Ok(a), Ok(b)) => a.path != b.path,
            _ => true,
        };
        if moved && let Ok(t) = &target {
            form.stamp = stamp(&t.path);
        }
        form.target = target;
    }

    /// `C-n` in a picker: a nested form for a new source (the claim's
    /// sources) or actor (a relation's other end). Saving it writes the
    /// item and chooses it in the picker.
    pub fn open_nested_form(&mut self) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        let nested = match form.focused().id {
            FieldId::Sources => self.source_form(),
            FieldId::To => actor_form(),
            _ => {
                form.note = Some("C-n makes a new source or actor in their pickers".into());
                return;
            }
        };
        let Overlay::Form(parent) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        let mut nested = nested;
        self.retarget(&mut nested);
        if let Err(e) = &nested.target {
            let mut parent = parent;
            parent.note = Some(e.clone());
            self.overlay = Overlay::Form(parent);
            return;
        }
        nested.made = parent.made.clone();
        nested.parent = Some(parent);
        self.overlay = Overlay::Form(Box::new(nested));
    }

    /// Esc in a form: closes it (back to the form it was opened from), or,
    /// when something was typed, asks first.
    pub fn cancel_form(&mut self) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        if form.dirty() && !form.confirm_cancel {
            form.confirm_cancel = true;
            form.note =
                Some("discard what you typed? Esc again discards it; any other key goes on".into());
            return;
        }
        let Overlay::Form(form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if let Some(parent) = form.parent {
            self.overlay = Overlay::Form(parent);
        } else {
            self.message = Some("nothing was written".into());
        }
    }

    /// `C-s` in a form: checks it, and asks for the item to be written
    /// into its file. A form that would not make a valid chart is not
    /// saved: its fields are marked and nothing is written.
    pub fn save_form(&mut self) {
        let Overlay::Form(mut form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        let checked = self.check(&mut form);
        self.retarget(&mut form);
        let job = match (checked, &form.target) {
            (Err(why), _) => {
                form.note = Some(format!("not saved: {why}"));
                if let Some(i) = form.first_error() {
                    form.focus = i;
                }
                None
            }
            (Ok(_), Err(e)) => {
                form.note = Some(format!("not saved: {e}"));
                None
            }
            (Ok(addition), Ok(target)) => Some(CaptureJob {
                addition,
                target: target.clone(),
                stamp: form.stamp,
            }),
        };
        if let Some(job) = job {
            form.note = Some(format!("saving to {}…", job.target.name));
            self.saving = Some(job.target.name.clone());
            self.effects.push(Effect::Capture(Box::new(job)));
        }
        self.overlay = Overlay::Form(form);
    }

    /// Checks every field of `form`, marking the wrong ones; the item when
    /// all is well, else why not (the first problem).
    fn check(&self, form: &mut FormState) -> Result<Addition, String> {
        let chart = &self.chart;
        let mut problems: Vec<(FieldId, String)> = Vec::new();
        let mut need = |form: &FormState, id: FieldId, what: &str| {
            if form.field(id).is_some() && form.text(id).is_empty() {
                problems.push((id, format!("{what} is empty")));
            }
        };
        for (id, what) in [
            (FieldId::Text, "the text"),
            (FieldId::Label, "the label"),
            (FieldId::Id, "the id"),
            (FieldId::Name, "the name"),
        ] {
            need(form, id, what);
        }
        let picked = |id: FieldId| -> Vec<String> {
            form.field(id)
                .map(|f| f.picked().iter().map(|s| s.to_string()).collect())
                .unwrap_or_default()
        };
        let sources = picked(FieldId::Sources);
        if form.field(FieldId::Sources).is_some() {
            let typed = form.text(FieldId::Sources);
            if sources.is_empty() {
                problems.push((
                    FieldId::Sources,
                    if typed.is_empty() {
                        "no source chosen (type to find one, Enter adds it)".into()
                    } else {
                        format!("`{typed}` was typed but not chosen (Enter adds it)")
                    },
                ));
            }
            for s in &sources {
                if chart.source_ix(s).is_none() && !form.made.iter().any(|m| m.id == *s) {
                    problems.push((
                        FieldId::Sources,
                        format!("no source `{s}` in the chart now"),
                    ));
                }
            }
        }
        let to = picked(FieldId::To);
        if form.field(FieldId::To).is_some() && to.is_empty() {
            problems.push((
                FieldId::To,
                "no actor chosen (type to find one, Enter takes it)".into(),
            ));
        }
        if let Some(f) = form.field(FieldId::Date) {
            match super::form::date_state(f.text()) {
                DateState::Partial => problems.push((
                    FieldId::Date,
                    format!(
                        "`{}` is not a whole date: YYYY, YYYY-MM or YYYY-MM-DD",
                        f.text()
                    ),
                )),
                DateState::Wrong(why) => problems.push((FieldId::Date, why)),
                DateState::Empty | DateState::Valid(_) => {}
            }
        }
        let kind = form
            .field(FieldId::Kind)
            .map(|f| f.chosen_value().to_string());
        if kind.as_deref() == Some(OTHER) && form.text(FieldId::OtherKind).is_empty() {
            problems.push((FieldId::OtherKind, "the other kind is empty".into()));
        }
        let id = form.text(FieldId::Id);
        let taken = match form.kind {
            FormKind::Actor => chart.actor_ix(&id).is_some(),
            FormKind::Source => chart.source_ix(&id).is_some(),
            _ => false,
        } || form.made.iter().any(|m| m.id == id);
        if !id.is_empty() && taken {
            problems.push((
                FieldId::Id,
                format!("`{id}` is taken: ids are unique in the chart"),
            ));
        }
        for f in &mut form.fields {
            if !problems.iter().any(|(id, _)| *id == f.id) && f.id != FieldId::Date {
                f.error = None;
            }
        }
        for (id, why) in &problems {
            form.mark(*id, why.clone());
        }
        if let Some((id, why)) = problems.first() {
            let label = form.field(*id).map_or("", |f| f.label);
            return Err(format!("{label}: {why}"));
        }
        let claim = || Claim {
            text: form.text(FieldId::Text),
            sources: sources.clone(),
            credibility: form
                .field(FieldId::Credibility)
                .and_then(|f| f.chosen_value().parse().ok()),
            confidence: form.field(FieldId::Confidence).and_then(|f| {
                Confidence::ALL
                    .into_iter()
                    .find(|c| format!("{c:?}") == f.chosen_value())
            }),
            quote: form.opt(FieldId::Quote),
            cite: form.opt(FieldId::Cite),
            date: form.opt(FieldId::Date),
        };
        let other = form.text(FieldId::OtherKind);
        Ok(match &form.kind {
            FormKind::Claim { from, to, label } => Addition::Claim {
                from: from.clone(),
                to: to.clone(),
                label: label.clone(),
                claim: claim(),
            },
            FormKind::Relation { from } => Addition::Relation(Relation {
                from: from.clone(),
                to: to.first().cloned().unwrap_or_default(),
                label: form.text(FieldId::Label),
                claims: vec![claim()],
            }),
            FormKind::Actor => Addition::Actor(Actor {
                id,
                name: form.text(FieldId::Name),
                kind: ACTOR_KINDS
                    .into_iter()
                    .find(|k| Some(format!("{k:?}")) == kind)
                    .unwrap_or(ActorKind::Other(other)),
                aliases: Some(
                    form.text(FieldId::Aliases)
                        .split(',')
                        .map(|a| a.trim().to_string())
                        .filter(|a| !a.is_empty())
                        .collect::<Vec<_>>(),
                )
                .filter(|v| !v.is_empty()),
                note: form.opt(FieldId::Note),
            }),
            FormKind::Source => Addition::Source(Source {
                id,
                name: form.text(FieldId::Name),
                kind: SOURCE_KINDS
                    .into_iter()
                    .find(|k| Some(format!("{k:?}")) == kind)
                    .unwrap_or(SourceKind::Other(other)),
                reliability: form.field(FieldId::Reliability).and_then(|f| {
                    Reliability::ALL
                        .into_iter()
                        .find(|r| r.letter().to_string() == f.chosen_value())
                }),
                report: form
                    .field(FieldId::Report)
                    .map(|f| f.chosen_value().to_string())
                    .filter(|r| !r.is_empty()),
                note: form.opt(FieldId::Note),
            }),
        })
    }

    /// A save's outcome: the form closes (a nested one hands its item to
    /// the form it was opened from) and the capture can be undone; or the
    /// form stays, saying why nothing was written. Returns the message for
    /// the status bar.
    ///
    /// The outcome may come after the reload its write caused (the save
    /// runs off the input thread): the new item is then selected at once.
    pub fn captured(&mut self, result: Result<Capture, Refused>) -> String {
        self.saving = None;
        let Overlay::Form(form) = &mut self.overlay else {
            return match result {
                Ok(c) => format!("added {} to {}", c.what, c.name),
                Err(e) => e.0,
            };
        };
        let cap = match result {
            Ok(c) => c,
            Err(e) => {
                form.note = Some(e.0.clone());
                return format!("not saved: {}", e.0);
            }
        };
        let mut msg = format!("added {} to {} · u undoes", cap.what, cap.name);
        if cap.rebased {
            msg = format!("{} had changed since the form opened: {msg}", cap.name);
        }
        let Overlay::Form(mut form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return msg;
        };
        let (id, name) = (form.text(FieldId::Id), form.text(FieldId::Name));
        let field = match &form.kind {
            FormKind::Actor => FieldId::To,
            _ => FieldId::Sources,
        };
        match form.parent.take() {
            Some(mut parent) => {
                parent.made.push(Made {
                    id: id.clone(),
                    path: cap.path.clone(),
                    file: cap.name.clone(),
                    name: name.clone(),
                });
                parent.add_and_pick(field, Pickable { id, label: name });
                self.retarget(&mut parent);
                parent.note = Some(msg.clone());
                self.overlay = Overlay::Form(parent);
            }
            None => self.pending = Some((cap.path.clone(), cap.landed)),
        }
        self.captures.push(cap);
        if self.pending.is_some() {
            // Selected now if the chart has it already, else by the reload.
            self.message = Some(msg.clone());
            self.select_pending();
            return self.message.take().unwrap_or(msg);
        }
        msg
    }

    /// `u`: asks for the last capture to be undone.
    pub fn undo_capture(&mut self) {
        if let Some(name) = &self.saving {
            self.message = Some(format!(
                "still saving to {name}: u waits until it is written"
            ));
        } else if self.captures.is_empty() {
            self.message = Some("nothing to undo: no addition made in this session".into());
        } else {
            self.effects.push(Effect::Undo);
        }
    }

    /// An undo's outcome, for the last capture: gone from the list when it
    /// was undone. Returns the message for the status bar.
    pub fn undone(&mut self, result: Result<(), Refused>) -> String {
        match result {
            Ok(()) => match self.captures.pop() {
                Some(c) => format!("undone: {} is as it was before the {}", c.name, c.what),
                None => "undone".into(),
            },
            Err(e) => e.0,
        }
    }

    /// After a reload: the item the last save made, selected (a claim in
    /// its relation's claims), once the chart has it.
    pub fn select_pending(&mut self) {
        let Some((path, landed)) = self.pending.clone() else {
            return;
        };
        let Some(item) = landed_item(&self.chart, &path, landed) else {
            return;
        };
        self.pending = None;
        if let Some(m) = &mut self.message
            && !m.ends_with("u undoes")
        {
            m.push_str(" · u undoes");
        }
        match item {
            Item::Claim { rel, claim } => {
                if !self.filter.claim_visible(&self.chart, rel, claim) {
                    let before = self.message.take().map(|m| m + " · ").unwrap_or_default();
                    self.message = Some(format!(
                        "{before}the new claim is hidden by the filter (F clears every filter)"
                    ));
                    return;
                }
                if self.selected_relation().map(|i| i.rel) == Some(rel) {
                    self.focus = Pane::Claims;
                    self.refresh_claims(Some(claim));
                } else {
                    self.jump(Jump::Claim(rel, claim));
                }
            }
            Item::Relation(r) => self.jump(Jump::Relation(r)),
            Item::Actor(a) => self.jump(Jump::Actor(a)),
            Item::Source(_) | Item::Report(_) => {}
        }
    }
}

/// The form for an actor.
fn actor_form() -> FormState {
    let fields = vec![
        Field::line(FieldId::Id, "id"),
        Field::line(FieldId::Name, "name"),
        Field::choice(FieldId::Kind, "kind", kind_choices(&ACTOR_KINDS)),
        Field::line(FieldId::OtherKind, "other kind"),
        Field::line(FieldId::Aliases, "aliases"),
        Field::line(FieldId::Note, "note"),
    ];
    FormState::new(FormKind::Actor, " Add an actor ".into(), fields)
}
