//! The main document part (`word/document.xml`), streamed into the neutral model.
//!
//! One pass over the XML events, dispatched by local name and namespace URI to one
//! `read_*` method per element (`end_*` when its end matters), as calamine does. The
//! methods live beside the state they change:
//! - `runs`: runs, their text and properties, and what Word shows for them;
//! - `fields`: complex fields (`fldChar`/`instrText`) and legacy form fields (`ffData`);
//! - `content_controls`: `w:sdt`, with w14 checkboxes and drop-down lists;
//! - `tables`: tables, rows and cells with their spans and vertical merges;
//! - this module: containers (body, cells, text boxes) and paragraphs.
//!
//! A few stacks hold what is open: containers, tables, paragraphs (a text box's
//! paragraphs sit inside a run of an outer paragraph), fields and content controls.
//! What Word does not show is not read: deleted and moved-from text, field
//! instructions, hidden text, the VML fallback copy of a text box.

mod content_controls;
mod fields;
mod runs;
mod tables;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};

use super::Limits;
use super::styles::Styles;
use super::xml::{Ns, attr, local, val};
use crate::error::{PartFault, Result};
use crate::model::{Block, Document, Origin, Paragraph};
use content_controls::ContentControl;
use fields::Field;
use runs::{CharData, RunProps};
use tables::{TableBuilder, VMerge};

pub fn read(bytes: &[u8], part: &str, styles: &Styles, limits: &Limits) -> Result<Document> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| super::damaged(part, PartFault::NotUtf8).with_source(e))?;
    let mut reader = NsReader::from_str(text);
    let mut state = BodyReader::new(part, styles);
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| super::damaged(part, PartFault::InvalidXml).with_source(e))?;
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
                let ns = || Ns::of(&reader.resolver().resolve_element(e.name()).0);
                state.start(&e, depth, false, &ns);
                state.check_size(limits)?;
            }
            Event::Empty(e) => {
                let ns = || Ns::of(&reader.resolver().resolve_element(e.name()).0);
                state.start(&e, depth + 1, true, &ns);
                state.check_size(limits)?;
                state.end(local(&e), depth + 1, &ns);
            }
            Event::End(e) => {
                let ns = || Ns::of(&reader.resolver().resolve_element(e.name()).0);
                state.end(e.local_name().into_inner(), depth, &ns);
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

/// A paragraph's numbering properties (`numPr`).
#[derive(Clone, Copy)]
struct Numbering {
    /// `numId`; `None` when only `ilvl` is given (the style's numbering then applies),
    /// `Some(0)` when numbering is switched off.
    id: Option<u32>,
    level: u8,
}

struct ParagraphBuilder {
    paragraph: Paragraph,
    style: Option<String>,
    numbering: Option<Numbering>,
    outline: Option<u8>,
    /// Blocks of text boxes anchored in this paragraph, placed after it.
    anchored: Vec<Block>,
}

/// A properties element: their children name the same things differently (a `tab` in
/// `pPr` is a tab stop, a `strike` in `pPr/rPr` marks the paragraph mark, a `checked`
/// in `sdtPr` is a content control's state).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Props {
    /// `pPr`.
    Paragraph,
    /// `rPr` of a run (or of a content control).
    Run,
    /// `rPr` inside `pPr`: the paragraph mark's, not a run's.
    ParagraphMark,
    /// `sdtPr`.
    ContentControl,
}

struct BodyReader<'a> {
    part: String,
    styles: &'a Styles,
    containers: Vec<Container>,
    tables: Vec<TableBuilder>,
    paragraphs: Vec<ParagraphBuilder>,
    fields: Vec<Field>,
    controls: Vec<ContentControl>,
    run: RunProps,
    /// The open properties elements, innermost last.
    props: Vec<Props>,
    /// What character data read now belongs to.
    char_data: CharData,
    /// Depth of an element whose whole subtree is not read (deleted text, fallbacks).
    skip_until: Option<usize>,
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
            controls: Vec::new(),
            run: RunProps::default(),
            props: Vec::new(),
            char_data: CharData::Ignored,
            skip_until: None,
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
            .max(self.controls.len());
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

    /// The innermost open properties element.
    fn in_props(&self) -> Option<Props> {
        self.props.last().copied()
    }

    /// Inside `pPr` (its `rPr` included).
    fn in_paragraph_props(&self) -> bool {
        matches!(
            self.in_props(),
            Some(Props::Paragraph | Props::ParagraphMark)
        )
    }

    /// An element opens (`empty`: and closes at once) at `depth`. Its namespace, `ns`,
    /// is resolved only for the local names read here: most elements (run formatting,
    /// drawings) are not, and resolving every name would cost a tenth of the reading time.
    fn start(&mut self, e: &BytesStart<'_>, depth: usize, empty: bool, ns: &dyn Fn() -> Ns) {
        if self.skip_until.is_some() {
            return;
        }
        let word = || ns() == Ns::Word;
        let in_props = self.in_props();
        let name = local(e);
        match name {
            // Not shown by Word: the whole subtree is skipped.
            "del" | "moveFrom" | "delText" | "delInstrText" | "pPrChange" | "rPrChange"
            | "tblPrChange" | "tcPrChange" | "trPrChange" | "sectPrChange" | "numberingChange"
                if !empty && word() =>
            {
                self.skip_until = Some(depth);
            }
            "Fallback" if !empty && ns() == Ns::Compatibility => self.skip_until = Some(depth),
            "p" if word() => self.read_p(),
            "pPr" if word() => self.props.push(Props::Paragraph),
            "pStyle" | "numId" | "ilvl" | "outlineLvl" if self.in_paragraph_props() && word() => {
                self.read_paragraph_property(name, e)
            }
            "r" if word() => self.read_r(),
            "rPr" if word() => self.read_r_pr(),
            "strike" | "dstrike" | "vanish" | "rFonts"
                if in_props == Some(Props::Run) && word() =>
            {
                self.read_run_property(name, e)
            }
            "t" if word() => self.read_t(empty),
            "tab" if !self.in_paragraph_props() && word() => self.push_text("\t"),
            "br" | "cr" if word() => self.push_text("\n"),
            "noBreakHyphen" if word() => self.push_text("-"),
            "sym" if word() => self.read_sym(e),
            "fldChar" if word() => self.read_fld_char(e),
            "instrText" if word() => self.read_instr_text(empty),
            "checkBox" if word() => self.read_ff_check_box(),
            "default" if word() => self.read_ff_default(e),
            "checked" => match ns() {
                Ns::Word => self.read_ff_checked(e),
                Ns::Word2010 if in_props == Some(Props::ContentControl) => self.read_w14_checked(e),
                _ => {}
            },
            "ddList" if word() => self.read_ff_dd_list(),
            "result" if word() => self.read_ff_result(e),
            "listEntry" if word() => self.read_ff_list_entry(e),
            "sdt" if word() => self.read_sdt(),
            "sdtPr" if word() => self.props.push(Props::ContentControl),
            "checkbox" if in_props == Some(Props::ContentControl) && ns() == Ns::Word2010 => {
                self.read_w14_checkbox()
            }
            "dropDownList" | "comboBox" if in_props == Some(Props::ContentControl) && word() => {
                self.read_sdt_choice()
            }
            "showingPlcHdr" if in_props == Some(Props::ContentControl) && word() => {
                self.read_showing_plc_hdr(e)
            }
            "sdtContent" if word() => self.read_sdt_content(),
            "tbl" if word() => self.read_tbl(),
            "tr" if word() => self.read_tr(),
            "gridBefore" if word() => self.read_grid_before(e),
            "tc" if word() => self.read_tc(),
            "gridSpan" if word() => self.read_grid_span(e),
            "vMerge" if word() => self.read_v_merge(e),
            "txbxContent" if word() => self.read_txbx_content(),
            _ => {}
        }
    }

    /// An element closes at `depth`; `ns` as for `start`.
    fn end(&mut self, name: &str, depth: usize, ns: &dyn Fn() -> Ns) {
        if let Some(skip) = self.skip_until {
            if depth == skip {
                self.skip_until = None;
            }
            return;
        }
        let word = || ns() == Ns::Word;
        match name {
            "p" if word() => self.end_p(),
            "pPr" | "rPr" | "sdtPr" if word() => {
                self.props.pop();
            }
            "t" | "instrText" if word() => self.char_data = CharData::Ignored,
            "sdt" if word() => self.end_sdt(),
            "tc" if word() => self.end_tc(),
            "tbl" if word() => self.end_tbl(),
            "txbxContent" if word() => self.end_txbx_content(),
            _ => {}
        }
    }

    /// Character data: run text or a field instruction.
    fn text(&mut self, text: &str) {
        if self.skip_until.is_some() {
            return;
        }
        match self.char_data {
            CharData::Ignored => {}
            CharData::RunText => self.push_text(text),
            CharData::FieldInstruction => self.add_instruction(text),
        }
    }

    /// The origin of a block started now in the innermost container.
    fn origin(&self) -> Origin {
        Origin::Docx {
            part: self.part.clone(),
            path: self.next_path(),
        }
    }

    /// The path of a block started now in the innermost container.
    fn next_path(&self) -> Vec<usize> {
        let container = self.containers.last();
        let mut path = container.map(|c| c.path.clone()).unwrap_or_default();
        path.push(container.map(|c| c.blocks.len()).unwrap_or(0));
        path
    }

    /// `w:p`: a paragraph opens.
    fn read_p(&mut self) {
        self.blocks += 1;
        let origin = self.origin();
        self.paragraphs.push(ParagraphBuilder {
            paragraph: Paragraph {
                origin,
                ..Paragraph::default()
            },
            style: None,
            numbering: None,
            outline: None,
            anchored: Vec::new(),
        });
    }

    /// `pStyle`, `numId`, `ilvl`, `outlineLvl` in `pPr`.
    fn read_paragraph_property(&mut self, name: &str, e: &BytesStart<'_>) {
        let Some(p) = self.paragraphs.last_mut() else {
            return;
        };
        match name {
            "pStyle" => p.style = attr(e, "val"),
            "numId" => {
                p.numbering = Some(Numbering {
                    id: Some(val(e).unwrap_or(0)),
                    level: p.numbering.map(|n| n.level).unwrap_or(0),
                });
            }
            "ilvl" => {
                p.numbering = Some(Numbering {
                    id: p.numbering.and_then(|n| n.id),
                    level: val(e).unwrap_or(0),
                });
            }
            "outlineLvl" => p.outline = val(e),
            _ => {}
        }
    }

    /// `w:p` closes: its list and heading levels, from its own properties or its style.
    fn end_p(&mut self) {
        let Some(builder) = self.paragraphs.pop() else {
            return;
        };
        let style_list_level = || {
            builder
                .style
                .as_deref()
                .and_then(|s| self.styles.list_level(s))
        };
        let mut paragraph = builder.paragraph;
        paragraph.list_level = match builder.numbering {
            Some(Numbering { id: Some(0), .. }) => None,
            Some(Numbering { id: Some(_), level }) => Some(level),
            // An ilvl without numId: the style's numbering at that level.
            Some(Numbering { id: None, level }) => style_list_level().map(|_| level),
            None => style_list_level(),
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

    /// `w:txbxContent`: a text box opens, its blocks a container of their own.
    fn read_txbx_content(&mut self) {
        let mut path = self.origin_path();
        path.push(0);
        self.containers.push(Container {
            blocks: Vec::new(),
            path,
            kind: ContainerKind::TextBox,
        });
    }

    /// `w:txbxContent` closes: its blocks go after the anchoring paragraph.
    fn end_txbx_content(&mut self) {
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
            ocr_words: Vec::new(),
        }
    }
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

    /// Read a whole part as given (its own namespace declarations).
    fn read_part(xml: &str) -> Document {
        read(
            xml.as_bytes(),
            "word/document.xml",
            &Styles::default(),
            &Limits::default(),
        )
        .expect("reads")
    }

    #[test]
    fn namespaces_are_known_by_uri_not_prefix() {
        // ISO 29500 Strict URI under an unusual prefix, with a w14 checkbox under another.
        let strict = read_part(
            r#"<x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main" xmlns:c="http://schemas.microsoft.com/office/word/2010/wordml"><x:body><x:p><x:sdt><x:sdtPr><c:checkbox><c:checked c:val="1"/></c:checkbox></x:sdtPr><x:sdtContent><x:r><x:t>☒</x:t></x:r></x:sdtContent></x:sdt><x:r><x:t> Oui</x:t></x:r></x:p><x:tbl><x:tr><x:tc><x:p><x:r><x:t>cellule</x:t></x:r></x:p></x:tc></x:tr></x:tbl></x:body></x:document>"#,
        );
        assert_eq!(
            outline(&strict),
            "P: [x] Oui\nTABLE 1 rows × 1 cols\n  [r0 c0 span 1×1]\n    P: cellule\n"
        );
        // The default namespace counts as a prefix does.
        let default = read_part(
            r#"<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body><p><r><t>sans préfixe</t></r></p></body></document>"#,
        );
        assert_eq!(texts(&default), vec!["sans préfixe"]);
        // `w` bound to another vocabulary is not WordprocessingML: no paragraph, no text.
        let foreign = read_part(
            r#"<d:document xmlns:d="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w="urn:autre"><d:body><d:p><w:r><w:t>étranger</w:t></w:r><d:r><d:t>lu</d:t></d:r></d:p><w:p/></d:body></d:document>"#,
        );
        assert_eq!(texts(&foreign), vec!["lu"]);
    }

    #[test]
    fn drawingml_tables_and_fallback_outside_mc_are_not_word_elements() {
        let doc = read_body(
            r#"<w:p><w:r><w:t>avant</w:t></w:r></w:p><a:tbl xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:tr><a:tc><w:p><w:r><w:t>dans a:tc</w:t></w:r></w:p></a:tc></a:tr></a:tbl><w:p><w:r><w:t>après</w:t></w:r></w:p>"#,
        );
        assert_eq!(doc.blocks.len(), 3, "a DrawingML table is not a Word table");
        assert_eq!(texts(&doc), vec!["avant", "dans a:tc", "après"]);
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
