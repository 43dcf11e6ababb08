//! Runs (`w:r`): their text (`t`, `tab`, `br`, `noBreakHyphen`, `sym`), the properties
//! that change what is read (struck, hidden, symbol font), and where shown text goes.
//! Insertions and moves (`ins`, `moveTo`) are read as any run; deletions and moves away
//! never reach here (`BodyReader::start` skips them).

use quick_xml::events::BytesStart;

use super::super::xml::{attr, on_off};
use super::content_controls::BOX_GLYPHS;
use super::{BodyReader, Props};
use crate::symbols;

/// The properties of the open run that change what is read.
#[derive(Default)]
pub(super) struct RunProps {
    struck: bool,
    hidden: bool,
    font: String,
}

/// What character data read now belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum CharData {
    /// Nothing: whitespace between elements, text of elements not read.
    Ignored,
    /// A run's text (`w:t`).
    RunText,
    /// A field instruction (`w:instrText`).
    FieldInstruction,
}

impl BodyReader<'_> {
    /// `w:r`: a run opens with default properties.
    pub(super) fn read_r(&mut self) {
        self.run = RunProps::default();
    }

    /// `w:rPr`: the properties of a run, or of the paragraph mark inside `pPr`.
    pub(super) fn read_r_pr(&mut self) {
        let props = if self.in_paragraph_props() {
            Props::ParagraphMark
        } else {
            Props::Run
        };
        self.props.push(props);
    }

    /// `strike`, `dstrike`, `vanish`, `rFonts` in a run's `rPr`.
    pub(super) fn read_run_property(&mut self, name: &str, e: &BytesStart<'_>) {
        match name {
            "strike" | "dstrike" => self.run.struck = on_off(e),
            "vanish" => self.run.hidden = on_off(e),
            "rFonts" => {
                self.run.font = attr(e, "ascii")
                    .or_else(|| attr(e, "hAnsi"))
                    .unwrap_or_default();
            }
            _ => {}
        }
    }

    /// `w:t`: the run's text follows.
    pub(super) fn read_t(&mut self, empty: bool) {
        self.char_data = if empty {
            CharData::Ignored
        } else {
            CharData::RunText
        };
    }

    /// `w:sym`: a character given by font and code (Wingdings boxes and ticks).
    pub(super) fn read_sym(&mut self, e: &BytesStart<'_>) {
        let font = attr(e, "font").unwrap_or_default();
        let code = attr(e, "char").and_then(|c| u32::from_str_radix(&c, 16).ok());
        if let Some(code) = code {
            let text = symbols::symbol_text(&font, code)
                .or_else(|| char::from_u32(code).map(String::from))
                .unwrap_or_else(|| "\u{FFFD}".to_string());
            self.push_text(&text);
        }
    }

    /// Add shown text to the open paragraph, unless Word would not show it here.
    pub(super) fn push_text(&mut self, text: &str) {
        if self.skip_until.is_some() || self.run.hidden || self.in_field_code() {
            return;
        }
        let Some(shown_by) = self.control_showing_text() else {
            return;
        };
        let mut text = if self.run.font.is_empty() {
            text.to_string()
        } else {
            symbols::map_private_use(&self.run.font, text)
        };
        if shown_by.checkbox {
            // The control shows its state as a glyph, already read as the checkbox.
            text.retain(|c| !BOX_GLYPHS.contains(&c) && !symbols::is_symbol_private_use(c));
        }
        if shown_by.choice {
            self.add_shown_choice(&text);
            return;
        }
        let struck = self.run.struck;
        if let Some(p) = self.paragraphs.last_mut() {
            p.paragraph.push_text(&text, struck);
        }
    }
}
