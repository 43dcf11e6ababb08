//! Complex fields (`fldChar` begin/separate/end around `instrText`) and the legacy form
//! fields they carry (`ffData`: FORMCHECKBOX, FORMDROPDOWN). A field's instruction is
//! never text; a form field shows its state, read from `ffData`, instead of its result.

use quick_xml::events::BytesStart;

use super::super::xml::{attr, on_off, val};
use super::BodyReader;
use super::runs::CharData;
use crate::model::Inline;

/// Which part of a field is being read.
#[derive(PartialEq)]
enum FieldPhase {
    /// Between `begin` and `separate`: the instruction.
    Instruction,
    /// Between `separate` and `end`: the result Word shows.
    Result,
}

/// A legacy form checkbox (`ffData/checkBox`).
struct FormCheckbox {
    /// `default`: the state when `checked` is absent.
    default: bool,
    /// `checked`, when given.
    checked: Option<bool>,
}

/// A legacy form drop-down (`ffData/ddList`).
struct FormDropdown {
    /// `result`: index of the chosen entry (the first when absent).
    result: Option<usize>,
    /// `listEntry` values, in order.
    entries: Vec<String>,
}

/// An open field.
pub(super) struct Field {
    phase: FieldPhase,
    instruction: String,
    checkbox: Option<FormCheckbox>,
    dropdown: Option<FormDropdown>,
    /// Its checkbox or choice was added to the paragraph.
    emitted: bool,
}

impl Field {
    /// Legacy form checkboxes and drop-downs show their state, not their result text.
    fn is_form_choice(&self) -> bool {
        let instr = self.instruction.to_ascii_uppercase();
        self.checkbox.is_some()
            || self.dropdown.is_some()
            || instr.contains("FORMCHECKBOX")
            || instr.contains("FORMDROPDOWN")
    }
}

impl BodyReader<'_> {
    /// Inside a field's instruction, or the result of a legacy checkbox/drop-down field:
    /// nothing there is shown text.
    pub(super) fn in_field_code(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.phase == FieldPhase::Instruction || f.is_form_choice())
    }

    /// `w:fldChar`: a field begins, its result starts (`separate`), or it ends.
    pub(super) fn read_fld_char(&mut self, e: &BytesStart<'_>) {
        match attr(e, "fldCharType").as_deref() {
            Some("begin") => self.fields.push(Field {
                phase: FieldPhase::Instruction,
                instruction: String::new(),
                checkbox: None,
                dropdown: None,
                emitted: false,
            }),
            Some("separate") => {
                self.emit_form_field();
                if let Some(f) = self.fields.last_mut() {
                    f.phase = FieldPhase::Result;
                }
            }
            Some("end") => {
                self.emit_form_field();
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// `w:instrText`: the field instruction follows.
    pub(super) fn read_instr_text(&mut self, empty: bool) {
        self.char_data = if empty {
            CharData::Ignored
        } else {
            CharData::FieldInstruction
        };
    }

    /// Character data of `w:instrText`.
    pub(super) fn add_instruction(&mut self, text: &str) {
        if let Some(f) = self.fields.last_mut() {
            f.instruction.push_str(text);
        }
    }

    /// `ffData/checkBox`: the field is a form checkbox, unchecked until told.
    pub(super) fn read_ff_check_box(&mut self) {
        if let Some(f) = self.fields.last_mut() {
            f.checkbox = Some(FormCheckbox {
                default: false,
                checked: None,
            });
        }
    }

    /// `checkBox/default`.
    pub(super) fn read_ff_default(&mut self, e: &BytesStart<'_>) {
        if let Some(f) = self.fields.last_mut() {
            let on = attr(e, "val").is_some_and(|v| v == "1" || v == "true" || v == "on");
            if let Some(cb) = f.checkbox.as_mut() {
                cb.default = on;
            }
        }
    }

    /// `checkBox/checked`.
    pub(super) fn read_ff_checked(&mut self, e: &BytesStart<'_>) {
        if let Some(f) = self.fields.last_mut()
            && let Some(cb) = f.checkbox.as_mut()
        {
            cb.checked = Some(on_off(e));
        }
    }

    /// `ffData/ddList`: the field is a form drop-down.
    pub(super) fn read_ff_dd_list(&mut self) {
        if let Some(f) = self.fields.last_mut() {
            f.dropdown = Some(FormDropdown {
                result: None,
                entries: Vec::new(),
            });
        }
    }

    /// `ddList/result`.
    pub(super) fn read_ff_result(&mut self, e: &BytesStart<'_>) {
        if let Some(f) = self.fields.last_mut()
            && let Some(dd) = f.dropdown.as_mut()
        {
            dd.result = val(e);
        }
    }

    /// `ddList/listEntry`.
    pub(super) fn read_ff_list_entry(&mut self, e: &BytesStart<'_>) {
        if let Some(f) = self.fields.last_mut()
            && let Some(dd) = f.dropdown.as_mut()
        {
            dd.entries.push(attr(e, "val").unwrap_or_default());
        }
    }

    /// At the end of a form field's instruction: its state, once, into the paragraph.
    fn emit_form_field(&mut self) {
        let Some(field) = self.fields.last_mut() else {
            return;
        };
        if field.emitted || field.phase != FieldPhase::Instruction {
            return;
        }
        let inline = if let Some(cb) = &field.checkbox {
            Some(Inline::Checkbox {
                checked: Some(cb.checked.unwrap_or(cb.default)),
            })
        } else {
            field.dropdown.as_ref().map(|dd| Inline::Choice {
                shown: dd
                    .entries
                    .get(dd.result.unwrap_or(0))
                    .cloned()
                    .unwrap_or_default(),
            })
        };
        field.emitted = true;
        if let Some(inline) = inline
            && let Some(p) = self.paragraphs.last_mut()
        {
            p.paragraph.inlines.push(inline);
        }
    }
}
