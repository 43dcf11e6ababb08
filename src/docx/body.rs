//! The main document part (`word/document.xml`), streamed into the neutral model.
//!
//! One pass over the XML events with a few stacks: open containers (body, table cells,
//! text boxes), open tables, open paragraphs (a text box's paragraphs sit inside a run
//! of an outer paragraph), open fields and open content controls. What Word does not
//! show is not read: deleted and moved-from text, field instructions, hidden text, the
//! VML fallback copy of a text box.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Limits;
use super::styles::Styles;
use super::xml::{attr, local, on_off, prefix};
use crate::error::{ConvertError, Result};
use crate::model::{Block, Cell, Document, Inline, Origin, Paragraph, Row, Table};
use crate::symbols;

/// The glyphs a checkbox content control shows for its state.
const BOX_GLYPHS: &[char] = &['☒', '☐', '☑', '✓', '✔', '✗', '✘', '■', '□', '⊠'];

pub fn read(bytes: &[u8], part: &str, styles: &Styles, limits: &Limits) -> Result<Document> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ConvertError::unreadable(format!("le DOCX est endommagé : sa partie {part} n'est pas du XML UTF-8 valide ; enregistrez-le à nouveau depuis Word ou LibreOffice")))?;
    let mut reader = Reader::from_str(text);
    let mut state = BodyReader::new(part, styles);
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ConvertError::unreadable(format!("le DOCX est endommagé : XML invalide dans sa partie {part} ; enregistrez-le à nouveau depuis Word ou LibreOffice ({e})")))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(crate::limits::exceeded(
                        format!(
                            "{part} : imbrication XML de plus de {} niveaux",
                            limits.max_xml_depth
                        ),
                        format!("{} niveaux (profondeur XML)", limits.max_xml_depth),
                        "max-xml-depth",
                    ));
                }
                state.start(&e, depth, false);
                state.check_size(limits)?;
            }
            Event::Empty(e) => {
                state.start(&e, depth + 1, true);
                state.check_size(limits)?;
                state.end(local(&e), depth + 1);
            }
            Event::End(e) => {
                let name = e.local_name().into_inner().to_string();
                state.end(&name, depth);
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => state.text(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
            Event::CData(t) => {
                let raw = t.into_inner();
                state.text(&raw);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => match r.into_inner().as_ref() {
                        "amp" => Some("&".into()),
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "quot" => Some("\"".into()),
                        "apos" => Some("'".into()),
                        _ => None,
                    },
                };
                if let Some(s) = resolved {
                    state.text(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(state.finish())
}

/// A place blocks are added to.
struct Container {
    blocks: Vec<Block>,
    path: Vec<usize>,
    kind: ContainerKind,
}

enum ContainerKind {
    Body,
    Cell { grid_span: usize, v_merge: VMerge },
    TextBox,
}

#[derive(Clone, Copy, PartialEq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

struct TableBuilder {
    rows: Vec<RowBuilder>,
    path: Vec<usize>,
}

#[derive(Default)]
struct RowBuilder {
    grid_before: usize,
    cells: Vec<(Cell, VMerge)>,
}

struct ParagraphBuilder {
    paragraph: Paragraph,
    style: Option<String>,
    num: Option<(u32, u8)>,
    outline: Option<u8>,
    /// Blocks of text boxes anchored in this paragraph, placed after it.
    anchored: Vec<Block>,
}

#[derive(Default)]
struct RunProps {
    struck: bool,
    hidden: bool,
    font: String,
}

#[derive(PartialEq)]
enum FieldPhase {
    Instruction,
    Result,
}

struct Field {
    phase: FieldPhase,
    instruction: String,
    checkbox: Option<(bool, Option<bool>)>,
    dropdown: Option<(Option<usize>, Vec<String>)>,
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

#[derive(PartialEq)]
enum SdtKind {
    Plain,
    Checkbox(bool),
    Choice,
}

struct Sdt {
    kind: SdtKind,
    /// Started inside a paragraph (a run-level control).
    inline: bool,
    placeholder: bool,
    in_content: bool,
    shown: String,
}

struct BodyReader<'a> {
    part: String,
    styles: &'a Styles,
    containers: Vec<Container>,
    tables: Vec<TableBuilder>,
    paragraphs: Vec<ParagraphBuilder>,
    fields: Vec<Field>,
    sdts: Vec<Sdt>,
    run: RunProps,
    /// Depth of an element whose whole subtree is not read (deleted text, fallbacks).
    skip_until: Option<usize>,
    in_text: bool,
    in_instr: bool,
    in_ppr: bool,
    in_rpr: bool,
    in_sdt_pr: bool,
    /// Paragraphs and tables started.
    blocks: usize,
}

impl<'a> BodyReader<'a> {
    fn new(part: &str, styles: &'a Styles) -> Self {
        BodyReader {
            part: part.to_string(),
            styles,
            containers: vec![Container {
                blocks: Vec::new(),
                path: Vec::new(),
                kind: ContainerKind::Body,
            }],
            tables: Vec::new(),
            paragraphs: Vec::new(),
            fields: Vec::new(),
            sdts: Vec::new(),
            run: RunProps::default(),
            skip_until: None,
            in_text: false,
            in_instr: false,
            in_ppr: false,
            in_rpr: false,
            in_sdt_pr: false,
            blocks: 0,
        }
    }

    /// `trop_volumineux` past `max_blocks` blocks or `max_table_depth` nested containers
    /// (each level lengthens the path every paragraph keeps), open fields or open content
    /// controls (each piece of text looks through them all).
    fn check_size(&self, limits: &Limits) -> Result<()> {
        if self.blocks > limits.max_blocks {
            return Err(crate::limits::exceeded(
                format!(
                    "{} : plus de {} paragraphes et tableaux",
                    self.part, limits.max_blocks
                ),
                format!(
                    "{} blocs (paragraphes et tableaux d'un DOCX)",
                    limits.max_blocks
                ),
                "max-blocks",
            ));
        }
        let nesting = self
            .containers
            .len()
            .saturating_sub(1)
            .max(self.fields.len())
            .max(self.sdts.len());
        if nesting > limits.max_table_depth {
            return Err(crate::limits::exceeded(
                format!(
                    "{} : tableaux, champs ou contrôles imbriqués sur plus de {} niveaux",
                    self.part, limits.max_table_depth
                ),
                format!(
                    "{} niveaux (tableaux imbriqués d'un DOCX)",
                    limits.max_table_depth
                ),
                "max-table-depth",
            ));
        }
        Ok(())
    }

    fn origin(&self) -> Origin {
        let container = self.containers.last();
        let mut path = container.map(|c| c.path.clone()).unwrap_or_default();
        path.push(container.map(|c| c.blocks.len()).unwrap_or(0));
        Origin::Docx {
            part: self.part.clone(),
            path,
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, depth: usize, empty: bool) {
        if self.skip_until.is_some() {
            return;
        }
        let name = local(e);
        let ns = prefix(e);
        match name {
            // Not shown by Word: skip the whole subtree.
            "del" | "moveFrom" | "delText" | "delInstrText" | "pPrChange" | "rPrChange"
            | "tblPrChange" | "tcPrChange" | "trPrChange" | "sectPrChange" | "numberingChange"
                if !empty =>
            {
                self.skip_until = Some(depth);
            }
            "Fallback" if ns == "mc" && !empty => self.skip_until = Some(depth),
            "p" if ns == "w" || ns.is_empty() => {
                self.blocks += 1;
                let origin = self.origin();
                self.paragraphs.push(ParagraphBuilder {
                    paragraph: Paragraph {
                        origin,
                        ..Paragraph::default()
                    },
                    style: None,
                    num: None,
                    outline: None,
                    anchored: Vec::new(),
                });
            }
            "pPr" => self.in_ppr = true,
            "rPr" => self.in_rpr = true,
            "pStyle" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "numId" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    let id = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    p.num = Some((id, p.num.map(|n| n.1).unwrap_or(0)));
                }
            }
            "ilvl" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    let level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    p.num = Some((p.num.map(|n| n.0).unwrap_or(u32::MAX), level));
                }
            }
            "outlineLvl" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "r" if ns == "w" || ns.is_empty() => self.run = RunProps::default(),
            "strike" | "dstrike" if self.in_rpr && !self.in_ppr => self.run.struck = on_off(e),
            "vanish" if self.in_rpr && !self.in_ppr => self.run.hidden = on_off(e),
            "rFonts" if self.in_rpr && !self.in_ppr => {
                self.run.font = attr(e, "ascii")
                    .or_else(|| attr(e, "hAnsi"))
                    .unwrap_or_default();
            }
            "t" if ns == "w" || ns.is_empty() => self.in_text = !empty,
            "instrText" => self.in_instr = !empty,
            "tab" if !self.in_ppr => self.push_text("\t"),
            "br" | "cr" => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            "sym" => {
                let font = attr(e, "font").unwrap_or_default();
                let code = attr(e, "char").and_then(|c| u32::from_str_radix(&c, 16).ok());
                if let Some(code) = code {
                    let text = symbols::symbol_text(&font, code)
                        .or_else(|| char::from_u32(code).map(String::from))
                        .unwrap_or_else(|| "\u{FFFD}".to_string());
                    self.push_text(&text);
                }
            }
            "fldChar" => match attr(e, "fldCharType").as_deref() {
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
            },
            "checkBox" if ns == "w" => {
                if let Some(f) = self.fields.last_mut() {
                    f.checkbox = Some((false, None));
                }
            }
            "default" => {
                if let Some(f) = self.fields.last_mut() {
                    let on = attr(e, "val").is_some_and(|v| v == "1" || v == "true" || v == "on");
                    if let Some(cb) = f.checkbox.as_mut() {
                        cb.0 = on;
                    }
                }
            }
            "checked" if ns == "w" => {
                if let Some(f) = self.fields.last_mut()
                    && let Some(cb) = f.checkbox.as_mut()
                {
                    cb.1 = Some(on_off(e));
                }
            }
            "ddList" => {
                if let Some(f) = self.fields.last_mut() {
                    f.dropdown = Some((None, Vec::new()));
                }
            }
            "result" => {
                if let Some(f) = self.fields.last_mut()
                    && let Some(dd) = f.dropdown.as_mut()
                {
                    dd.0 = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "listEntry" => {
                if let Some(f) = self.fields.last_mut()
                    && let Some(dd) = f.dropdown.as_mut()
                {
                    dd.1.push(attr(e, "val").unwrap_or_default());
                }
            }
            "sdt" => {
                let inline =
                    !self.paragraphs.is_empty() && self.paragraph_open_in_current_container();
                self.sdts.push(Sdt {
                    kind: SdtKind::Plain,
                    inline,
                    placeholder: false,
                    in_content: false,
                    shown: String::new(),
                });
            }
            "sdtPr" => self.in_sdt_pr = true,
            "checkbox" if self.in_sdt_pr => {
                if let Some(s) = self.sdts.last_mut() {
                    s.kind = SdtKind::Checkbox(false);
                }
            }
            "checked" if self.in_sdt_pr => {
                if let Some(s) = self.sdts.last_mut() {
                    let on = attr(e, "val").is_none_or(|v| v == "1" || v == "true");
                    s.kind = SdtKind::Checkbox(on);
                }
            }
            "dropDownList" | "comboBox" if self.in_sdt_pr => {
                if let Some(s) = self.sdts.last_mut() {
                    s.kind = SdtKind::Choice;
                }
            }
            "showingPlcHdr" if self.in_sdt_pr => {
                if let Some(s) = self.sdts.last_mut() {
                    s.placeholder = on_off(e);
                }
            }
            "sdtContent" => {
                let mut checkbox = None;
                if let Some(s) = self.sdts.last_mut() {
                    s.in_content = true;
                    if let (SdtKind::Checkbox(on), true) = (&s.kind, s.inline) {
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
            "tbl" => {
                self.blocks += 1;
                let container = self.containers.last();
                let mut path = container.map(|c| c.path.clone()).unwrap_or_default();
                path.push(container.map(|c| c.blocks.len()).unwrap_or(0));
                self.tables.push(TableBuilder {
                    rows: Vec::new(),
                    path,
                });
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(RowBuilder::default());
                }
            }
            "gridBefore" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.grid_before = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0)
                        .min(64);
                }
            }
            "tc" => {
                let mut path = self
                    .tables
                    .last()
                    .map(|t| t.path.clone())
                    .unwrap_or_default();
                if let Some(t) = self.tables.last() {
                    path.push(t.rows.len().saturating_sub(1));
                    path.push(t.rows.last().map(|r| r.cells.len()).unwrap_or(0));
                }
                self.containers.push(Container {
                    blocks: Vec::new(),
                    path,
                    kind: ContainerKind::Cell {
                        grid_span: 1,
                        v_merge: VMerge::None,
                    },
                });
            }
            "gridSpan" => {
                if let Some(Container {
                    kind: ContainerKind::Cell { grid_span, .. },
                    ..
                }) = self.containers.last_mut()
                {
                    *grid_span = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(Container {
                    kind: ContainerKind::Cell { v_merge, .. },
                    ..
                }) = self.containers.last_mut()
                {
                    *v_merge = if attr(e, "val").as_deref() == Some("restart") {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
            }
            "txbxContent" => {
                let mut path = self.origin_path();
                path.push(0);
                self.containers.push(Container {
                    blocks: Vec::new(),
                    path,
                    kind: ContainerKind::TextBox,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str, depth: usize) {
        if let Some(skip) = self.skip_until {
            if depth == skip {
                self.skip_until = None;
            }
            return;
        }
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            "t" => self.in_text = false,
            "instrText" => self.in_instr = false,
            "sdtPr" => self.in_sdt_pr = false,
            "sdt" => {
                if let Some(sdt) = self.sdts.pop()
                    && sdt.kind == SdtKind::Choice
                    && sdt.inline
                    && let Some(p) = self.paragraphs.last_mut()
                {
                    let shown = if sdt.placeholder {
                        String::new()
                    } else {
                        sdt.shown
                    };
                    p.paragraph.inlines.push(Inline::Choice { shown });
                }
            }
            "tc" => self.end_cell(),
            "tbl" => self.end_table(),
            "txbxContent" => {
                if let Some(container) = self.containers.pop() {
                    match self.paragraphs.last_mut() {
                        Some(p) => p.anchored.extend(container.blocks),
                        None => {
                            if let Some(parent) = self.containers.last_mut() {
                                parent.blocks.extend(container.blocks);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip_until.is_some() {
            return;
        }
        if self.in_instr {
            if let Some(f) = self.fields.last_mut() {
                f.instruction.push_str(text);
            }
            return;
        }
        if self.in_text {
            self.push_text(text);
        }
    }

    /// Add shown text to the open paragraph, unless Word would not show it here.
    fn push_text(&mut self, text: &str) {
        if self.skip_until.is_some() || self.run.hidden {
            return;
        }
        // Field instructions, and the result of legacy checkbox/drop-down fields.
        if self
            .fields
            .iter()
            .any(|f| f.phase == FieldPhase::Instruction || f.is_form_choice())
        {
            return;
        }
        let mut divert = false;
        let mut in_checkbox = false;
        for sdt in &self.sdts {
            if !sdt.in_content {
                continue;
            }
            if sdt.placeholder {
                return;
            }
            in_checkbox |= sdt.inline && matches!(sdt.kind, SdtKind::Checkbox(_));
            if sdt.inline && sdt.kind == SdtKind::Choice {
                divert = true;
            }
        }
        let mut text = if self.run.font.is_empty() {
            text.to_string()
        } else {
            symbols::map_private_use(&self.run.font, text)
        };
        if in_checkbox {
            // The control shows its state as a glyph, already read as the checkbox.
            text.retain(|c| !BOX_GLYPHS.contains(&c) && !symbols::is_symbol_private_use(c));
        }
        if divert {
            if let Some(sdt) = self
                .sdts
                .iter_mut()
                .rev()
                .find(|s| s.kind == SdtKind::Choice)
            {
                sdt.shown.push_str(&text);
            }
            return;
        }
        let struck = self.run.struck;
        if let Some(p) = self.paragraphs.last_mut() {
            p.paragraph.push_text(&text, struck);
        }
    }

    fn emit_form_field(&mut self) {
        let Some(field) = self.fields.last_mut() else {
            return;
        };
        if field.emitted || field.phase != FieldPhase::Instruction {
            return;
        }
        let inline = if let Some((default, checked)) = field.checkbox {
            Some(Inline::Checkbox {
                checked: Some(checked.unwrap_or(default)),
            })
        } else {
            field
                .dropdown
                .as_ref()
                .map(|(result, entries)| Inline::Choice {
                    shown: entries
                        .get(result.unwrap_or(0))
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

    fn paragraph_open_in_current_container(&self) -> bool {
        // A paragraph is open in the current container when the innermost container
        // was opened before the innermost paragraph (a text box opens inside a paragraph).
        match (self.paragraphs.last(), self.containers.last()) {
            (Some(p), Some(c)) => match &p.paragraph.origin {
                Origin::Docx { path, .. } => {
                    path.len() == c.path.len() + 1 && path.starts_with(&c.path)
                }
                _ => true,
            },
            _ => false,
        }
    }

    fn origin_path(&self) -> Vec<usize> {
        match self.paragraphs.last().map(|p| &p.paragraph.origin) {
            Some(Origin::Docx { path, .. }) => path.clone(),
            _ => self
                .containers
                .last()
                .map(|c| c.path.clone())
                .unwrap_or_default(),
        }
    }

    fn end_paragraph(&mut self) {
        let Some(builder) = self.paragraphs.pop() else {
            return;
        };
        let mut paragraph = builder.paragraph;
        paragraph.list_level = match builder.num {
            Some((0, _)) => None,
            Some((u32::MAX, level)) => {
                // An ilvl without numId: the style's numbering at that level.
                builder
                    .style
                    .as_deref()
                    .and_then(|s| self.styles.list_level(s))
                    .map(|_| level)
            }
            Some((_, level)) => Some(level),
            None => builder
                .style
                .as_deref()
                .and_then(|s| self.styles.list_level(s)),
        };
        paragraph.heading_level = builder
            .outline
            .filter(|l| *l < 9)
            .map(|l| l + 1)
            .or_else(|| {
                builder
                    .style
                    .as_deref()
                    .and_then(|s| self.styles.heading_level(s))
            });
        if let Some(container) = self.containers.last_mut() {
            container.blocks.push(Block::Paragraph(paragraph));
            container.blocks.extend(builder.anchored);
        }
    }

    fn end_cell(&mut self) {
        if !matches!(
            self.containers.last().map(|c| &c.kind),
            Some(ContainerKind::Cell { .. })
        ) {
            return;
        }
        let Some(container) = self.containers.pop() else {
            return;
        };
        let ContainerKind::Cell { grid_span, v_merge } = container.kind else {
            return;
        };
        let origin = Origin::Docx {
            part: self.part.clone(),
            path: container.path,
        };
        let cell = Cell {
            col: 0,
            col_span: grid_span,
            row_span: 1,
            blocks: container.blocks,
            origin,
        };
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.cells.push((cell, v_merge));
        }
    }

    fn end_table(&mut self) {
        let Some(builder) = self.tables.pop() else {
            return;
        };
        let origin = Origin::Docx {
            part: self.part.clone(),
            path: builder.path,
        };
        let mut rows: Vec<Row> = Vec::with_capacity(builder.rows.len());
        for row in builder.rows {
            let mut col = row.grid_before;
            let mut cells = Vec::with_capacity(row.cells.len());
            for (mut cell, v_merge) in row.cells {
                cell.col = col;
                col += cell.col_span;
                if v_merge == VMerge::Continue && merge_into_owner(&mut rows, &cell) {
                    continue;
                }
                cells.push(cell);
            }
            rows.push(Row { cells });
        }
        let table = Table { rows, origin };
        if let Some(container) = self.containers.last_mut() {
            container.blocks.push(Block::Table(table));
        }
    }

    fn finish(mut self) -> Document {
        let blocks = self
            .containers
            .drain(..1)
            .next()
            .map(|c| c.blocks)
            .unwrap_or_default();
        Document {
            blocks,
            pages: None,
            notes: Vec::new(),
            ocr_confidence: None,
        }
    }
}

/// A `vMerge` continuation cell: extend the cell above it that starts the merge (its
/// content, normally empty, is appended so nothing is lost). False when there is none.
fn merge_into_owner(rows: &mut [Row], cell: &Cell) -> bool {
    for row in rows.iter_mut().rev() {
        if let Some(owner) = row
            .cells
            .iter_mut()
            .find(|c| c.col == cell.col && c.col_span == cell.col_span)
        {
            owner.row_span += 1;
            let has_text = cell
                .paragraphs()
                .iter()
                .any(|p| !p.text().trim().is_empty() || p.checkboxes().next().is_some());
            if has_text {
                owner.blocks.extend(cell.blocks.iter().cloned());
            }
            return true;
        }
        if row
            .cells
            .iter()
            .any(|c| c.col <= cell.col && cell.col < c.col + c.col_span)
        {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outline;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    fn read_body(body: &str) -> Document {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        );
        read(
            xml.as_bytes(),
            "word/document.xml",
            &Styles::default(),
            &Limits::default(),
        )
        .expect("reads")
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .flat_map(|b| b.paragraphs())
            .map(|p| p.text())
            .collect()
    }

    #[test]
    fn runs_breaks_tabs_symbols_and_entities() {
        let doc = read_body(
            r#"<w:p><w:r><w:t xml:space="preserve">A &amp; B&#233; </w:t></w:r><w:r><w:tab/><w:t>c</w:t><w:br/><w:t>d</w:t><w:noBreakHyphen/><w:t>e</w:t><w:sym w:font="Wingdings" w:char="F0FE"/></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc), vec!["A & Bé \tc\nd-e☒"]);
    }

    #[test]
    fn tracked_changes_read_as_accepted() {
        let doc = read_body(
            r#"<w:p><w:r><w:t>garde </w:t></w:r><w:del><w:r><w:delText>supprimé </w:delText></w:r></w:del><w:ins><w:r><w:t>ajouté</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>parti</w:t></w:r></w:moveFrom></w:p>"#,
        );
        assert_eq!(texts(&doc), vec!["garde ajouté"]);
    }

    #[test]
    fn field_instructions_are_dropped_and_results_kept() {
        let doc = read_body(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>lien</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc), vec!["lien"]);
    }

    #[test]
    fn legacy_checkbox_uses_checked_then_default() {
        let field = |ff: &str| {
            format!(
                r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox>{ff}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> Oui</w:t></w:r></w:p>"#
            )
        };
        let doc = read_body(&format!(
            "{}{}{}",
            field(r#"<w:default w:val="0"/><w:checked/>"#),
            field(r#"<w:default w:val="1"/>"#),
            field(r#"<w:default w:val="1"/><w:checked w:val="0"/>"#)
        ));
        let states: Vec<Option<bool>> = doc
            .blocks
            .iter()
            .flat_map(|b| b.paragraphs())
            .flat_map(|p| p.checkboxes())
            .collect();
        assert_eq!(states, vec![Some(true), Some(true), Some(false)]);
        assert_eq!(texts(&doc)[0], " Oui");
    }

    #[test]
    fn legacy_dropdown_picks_the_result_entry() {
        let doc = read_body(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="2"/><w:listEntry w:val="A compléter"/><w:listEntry w:val="Faible"/><w:listEntry w:val="Moyen"/></w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Moyen</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        assert_eq!(outline(&doc), "P: {Moyen}\n");
    }

    #[test]
    fn content_control_checkbox_and_dropdown() {
        let doc = read_body(
            r#"<w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t> Présentiel</w:t></w:r></w:p><w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="0"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☐ Distanciel</w:t></w:r></w:sdtContent></w:sdt></w:p><w:p><w:sdt><w:sdtPr><w:dropDownList><w:listItem w:value="Court terme"/></w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>Court terme</w:t></w:r></w:sdtContent></w:sdt></w:p>"#,
        );
        assert_eq!(
            outline(&doc),
            "P: [x] Présentiel\nP: [ ] Distanciel\nP: {Court terme}\n"
        );
    }

    #[test]
    fn placeholder_content_is_not_data() {
        let doc = read_body(
            r#"<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Cliquez ici pour entrer du texte.</w:t></w:r></w:sdtContent></w:sdt></w:p>"#,
        );
        assert_eq!(texts(&doc), vec![""]);
    }

    #[test]
    fn text_box_is_read_once_after_its_anchor() {
        let doc = read_body(
            r#"<w:p><w:r><w:t>ancre</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>dans la boîte</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>dans la boîte</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc), vec!["ancre", "dans la boîte"]);
    }

    #[test]
    fn spans_and_vertical_merges() {
        let doc = read_body(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>N° 3</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("a table")
        };
        assert_eq!(t.columns(), 3);
        assert_eq!(t.rows[0].cells[0].row_span, 2);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
        assert_eq!(
            t.rows[1].cells.len(),
            2,
            "the continuation cell is not repeated"
        );
        let (start, theme) = t.cell_at(1, 0).expect("covered");
        assert_eq!((start, theme.text().as_str()), (0, "N° 3"));
        assert_eq!(
            t.cell_at(1, 2).map(|(_, c)| c.text()),
            Some("c".to_string())
        );
    }

    #[test]
    fn nested_tables_stay_in_their_cell() {
        let doc = read_body(
            r#"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>dedans</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>après</w:t></w:r></w:p>"#,
        );
        assert_eq!(doc.blocks.len(), 2);
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("a table")
        };
        assert!(matches!(t.rows[0].cells[0].blocks[0], Block::Table(_)));
        assert_eq!(texts(&doc), vec!["dedans", "", "après"]);
    }

    #[test]
    fn struck_text_is_kept_apart() {
        let doc = read_body(
            r#"<w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>Faible</w:t></w:r><w:r><w:t>Moyen</w:t></w:r></w:p>"#,
        );
        assert_eq!(outline(&doc), "P: ~~Faible~~Moyen\n");
    }

    #[test]
    fn invalid_xml_is_unreadable_and_depth_is_bounded() {
        let broken = read(
            b"<w:document><w:body><w:p></w:body>",
            "word/document.xml",
            &Styles::default(),
            &Limits::default(),
        );
        assert_eq!(
            broken.map_err(|e| e.code),
            Err(crate::error::ErrorCode::FichierIllisible)
        );
        let deep = format!("<a>{}{}</a>", "<b>".repeat(600), "</b>".repeat(600));
        let too_deep = read(
            deep.as_bytes(),
            "word/document.xml",
            &Styles::default(),
            &Limits::default(),
        );
        assert_eq!(
            too_deep.map_err(|e| e.code),
            Err(crate::error::ErrorCode::TropVolumineux)
        );
    }
}
