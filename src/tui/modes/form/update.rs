//! A form's `update`: moving between fields, editing lines, choosing in
//! choices and pickers, opening a nested form, saving and cancelling.
//! Every key is the form's: typed characters go into the focused field.

use crate::tui::model::form::{FieldId, Value, input_request};
use crate::tui::model::{Action, Handled, Model, Overlay};

/// A form's keys.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let Overlay::Form(form) = &mut m.overlay else {
        return Handled::Yes;
    };
    if let Some(name) = &m.saving {
        form.note = Some(waiting(name));
        return Handled::Yes;
    }
    // A note lasts until the next key; so does a question.
    form.note = None;
    if action != Action::Cancel {
        form.confirm_cancel = false;
    }
    match action {
        Action::Cancel => m.cancel_form(),
        Action::Save => m.save_form(),
        Action::NewItem => m.open_nested_form(),
        Action::NextField => form.step(1),
        Action::PrevField => form.step(-1),
        Action::Down | Action::Up => form.choose(action),
        Action::Confirm => {
            let picker = matches!(form.focused().value, Value::Pick { .. });
            if picker && form.pick() {
                retarget(m);
            } else {
                form.step(1);
            }
        }
        Action::Input(c) => form.type_text(c.encode_utf8(&mut [0; 4])),
        a => {
            if let Some(req) = input_request(a) {
                let sources = form.focused().id == FieldId::Sources;
                form.edit(req);
                if sources {
                    // Backspace may have taken back the first source.
                    retarget(m);
                }
            }
        }
    }
    Handled::Yes
}

/// Text pasted into the form (bracketed paste): typed at the cursor of
/// the focused field, line breaks and control characters made inert.
pub fn paste(m: &mut Model, text: &str) {
    if let Overlay::Form(form) = &mut m.overlay {
        if let Some(name) = &m.saving {
            form.note = Some(format!("{} (the paste was not taken)", waiting(name)));
            return;
        }
        form.note = None;
        form.confirm_cancel = false;
        form.type_text(text);
    }
}

/// What a key in a form says while its item is being written: the form
/// is not changed under a save.
fn waiting(name: &str) -> String {
    format!("saving to {name}…: the form answers once it is written")
}

/// Works out the form's file again (the first source may have changed).
fn retarget(m: &mut Model) {
    let Overlay::Form(mut form) = std::mem::replace(&mut m.overlay, Overlay::None) else {
        return;
    };
    m.retarget(&mut form);
    m.overlay = Overlay::Form(form);
}
