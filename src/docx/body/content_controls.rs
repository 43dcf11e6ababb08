//! Content controls (`w:sdt`): plain ones, w14 checkboxes and drop-down lists or combo
//! boxes. A run-level control shows its state: a checkbox's glyph is not text, a
//! choice's shown text becomes one `Inline::Choice`, a placeholder is no data.

use quick_xml::events::BytesStart;

use super::super::xml::{attr, on_off};
use super::BodyReader;
use crate::model::Inline;

/// The glyphs a checkbox content control shows for its state.
pub(super) const BOX_GLYPHS: &[char] = &['☒', '☐', '☑', '✓', '✔', '✗', '✘', '■', '□', '⊠'];

#[derive(PartialEq)]
enum ControlKind {
    Plain,
    /// A w14 checkbox and its state.
    Checkbox(bool),
    /// A drop-down list or combo box.
    Choice,
}

/// An open content control.
pub(super) struct ContentControl {
    kind: ControlKind,
    /// Started inside a paragraph (a run-level control).
    inline: bool,
    /// Shows its placeholder text (`showingPlcHdr`).
    placeholder: bool,
    /// Its `sdtContent` has started.
    in_content: bool,
    /// The text a run-level choice shows.
    shown: String,
}

/// How the open content controls treat the text read now.
pub(super) struct ShownBy {
    /// A run-level checkbox: its glyph is dropped.
    pub checkbox: bool,
    /// A run-level choice: the text is what it shows.
    pub choice: bool,
}

impl BodyReader<'_> {
    /// `w:sdt`: a content control opens, plain until its properties say otherwise.
    pub(super) fn read_sdt(&mut self) {
        let inline = !self.paragraphs.is_empty() && self.paragraph_open_in_current_container();
        self.controls.push(ContentControl {
            kind: ControlKind::Plain,
            inline,
            placeholder: false,
            in_content: false,
            shown: String::new(),
        });
    }

    /// `sdtPr/w14:checkbox`.
    pub(super) fn read_w14_checkbox(&mut self) {
        if let Some(c) = self.controls.last_mut() {
            c.kind = ControlKind::Checkbox(false);
        }
    }

    /// `w14:checkbox/w14:checked`.
    pub(super) fn read_w14_checked(&mut self, e: &BytesStart<'_>) {
        if let Some(c) = self.controls.last_mut() {
            let on = attr(e, "val").is_none_or(|v| v == "1" || v == "true");
            c.kind = ControlKind::Checkbox(on);
        }
    }

    /// `sdtPr/dropDownList` or `sdtPr/comboBox`.
    pub(super) fn read_sdt_choice(&mut self) {
        if let Some(c) = self.controls.last_mut() {
            c.kind = ControlKind::Choice;
        }
    }

    /// `sdtPr/showingPlcHdr`.
    pub(super) fn read_showing_plc_hdr(&mut self, e: &BytesStart<'_>) {
        if let Some(c) = self.controls.last_mut() {
            c.placeholder = on_off(e);
        }
    }

    /// `w:sdtContent`: a run-level checkbox adds its state here.
    pub(super) fn read_sdt_content(&mut self) {
        let mut checkbox = None;
        if let Some(c) = self.controls.last_mut() {
            c.in_content = true;
            if let (ControlKind::Checkbox(on), true) = (&c.kind, c.inline) {
                checkbox = Some(*on);
            }
        }
        if let Some(on) = checkbox
            && let Some(p) = self.paragraphs.last_mut()
        {
            p.paragraph
                .inlines
                .push(Inline::Checkbox { checked: Some(on) });
        }
    }

    /// `w:sdt` closes: a run-level choice adds what it shows.
    pub(super) fn end_sdt(&mut self) {
        if let Some(control) = self.controls.pop()
            && control.kind == ControlKind::Choice
            && control.inline
            && let Some(p) = self.paragraphs.last_mut()
        {
            let shown = if control.placeholder {
                String::new()
            } else {
                control.shown
            };
            p.paragraph.inlines.push(Inline::Choice { shown });
        }
    }

    /// How the content controls whose content is open treat text: `None` inside a
    /// placeholder (not data).
    pub(super) fn control_showing_text(&self) -> Option<ShownBy> {
        let mut shown_by = ShownBy {
            checkbox: false,
            choice: false,
        };
        for c in self.controls.iter().filter(|c| c.in_content) {
            if c.placeholder {
                return None;
            }
            shown_by.checkbox |= c.inline && matches!(c.kind, ControlKind::Checkbox(_));
            shown_by.choice |= c.inline && c.kind == ControlKind::Choice;
        }
        Some(shown_by)
    }

    /// Text shown by the innermost choice control.
    pub(super) fn add_shown_choice(&mut self, text: &str) {
        if let Some(c) = self
            .controls
            .iter_mut()
            .rev()
            .find(|c| c.kind == ControlKind::Choice)
        {
            c.shown.push_str(text);
        }
    }
}
