//! `office:text` of `content.xml`, streamed into the neutral model.
//!
//! One pass over the XML events with a few stacks, as the DOCX reader does: open
//! containers (body, table cells, text boxes), open tables, open paragraphs (a text
//! box's paragraphs sit inside an outer paragraph), the look of the open spans, open
//! fields and content controls. What LibreOffice does not show is not read: the text
//! kept in `text:tracked-changes` (deletions), field codes, notes, comments, hidden
//! text, picture descriptions.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::styles::{Styles, TextLook};
use super::{CONTENT_PART, XmlEvent, attr, local, stream_xml};
use crate::error::Result;
use crate::limits::Limits;
use crate::model::{Block, Cell, Document, Inline, Origin, Paragraph, Row, Table};
use crate::symbols;

/// The glyphs a checkbox content control shows for its state (as in the DOCX reader).
const BOX_GLYPHS: &[char] = &['☒', '☐', '☑', '✓', '✔', '✗', '✘', '■', '□', '⊠'];
const NON_BREAKING_HYPHEN: char = '\u{2011}';
const SOFT_HYPHEN: char = '\u{00AD}';
/// Most spaces one `text:s` stands for: enough for any layout by spaces, and a small
/// element cannot stand for a large text.
const MAX_SPACES: usize = 100;
/// Most grid columns or rows one table cell spans or repeats over.
const MAX_TABLE_SPAN: usize = 64;

/// Subtrees whose text is not shown where they stand.
const SKIPPED: &[&str] = &[
    "tracked-changes", // deleted text, stored apart
    "note-citation",   // a footnote's number
    "desc",            // picture descriptions (svg:desc)
    "title",           // svg:title
    "hidden-text",
    "ruby-text",
    "index-title-template",
];

pub fn read(bytes: &[u8], styles: &Styles, limits: &Limits) -> Result<Document> {
    let mut state = BodyReader::new(styles);
    stream_xml(bytes, CONTENT_PART, limits, |event| match event {
        XmlEvent::Start(e, depth) => state.start(e, depth),
        XmlEvent::End(name, depth) => state.end(name, depth),
        XmlEvent::Text(text) => state.xml_text(text),
    })?;
    Ok(state.finish())
}

/// A place blocks are added to.
struct Container {
    blocks: Vec<Block>,
    path: Vec<usize>,
    kind: ContainerKind,
    /// Open `text:list-item` (true) and `text:list-header` (false) elements.
    lists: Vec<bool>,
}

enum ContainerKind {
    Body,
    Cell {
        col_span: usize,
        row_span: usize,
        repeat: usize,
        covered: bool,
    },
    TextBox,
    /// A footnote's or endnote's body, or a comment: kept apart as `Document::notes`.
    Note,
}

struct TableBuilder {
    rows: Vec<RowBuilder>,
    path: Vec<usize>,
}

#[derive(Default)]
struct RowBuilder {
    cells: Vec<CellBuilder>,
}

struct CellBuilder {
    cell: Cell,
    repeat: usize,
    covered: bool,
}

struct ParagraphBuilder {
    paragraph: Paragraph,
    /// Blocks of text boxes anchored in this paragraph, placed after it.
    anchored: Vec<Block>,
}

/// A legacy Word form field as LibreOffice keeps it (`field:fieldmark*`).
#[derive(Default)]
struct Fieldmark {
    kind: String,
    checked: bool,
    entries: Vec<String>,
    selected: Option<usize>,
    /// A range field (`fieldmark-start`): the paragraph's inlines before its code, put
    /// back at `fieldmark-separator` so that the code is not read.
    before_code: Option<(usize, Vec<Inline>)>,
}

impl Fieldmark {
    fn is_checkbox(&self) -> bool {
        self.kind.ends_with("FORMCHECKBOX")
    }
    fn is_dropdown(&self) -> bool {
        self.kind.ends_with("FORMDROPDOWN")
    }

    /// What the field shows: a checkbox or a choice; other fields show their text.
    fn inline(&self) -> Option<Inline> {
        if self.is_checkbox() {
            Some(Inline::Checkbox {
                checked: Some(self.checked),
            })
        } else if self.is_dropdown() {
            Some(Inline::Choice {
                shown: self
                    .entries
                    .get(self.selected.unwrap_or(0))
                    .cloned()
                    .unwrap_or_default(),
            })
        } else {
            None
        }
    }
}

/// A control whose text is a value: a content control (`loext:content-control`) or a
/// `text:drop-down` field.
struct Control {
    checkbox: bool,
    choice: bool,
    placeholder: bool,
    /// The selected entry of a `text:drop-down`, shown when the field holds no text.
    selected: Option<String>,
    /// Text read inside, with its strike, until the control says what it is.
    text: Vec<(String, bool)>,
}

struct BodyReader<'a> {
    styles: &'a Styles,
    containers: Vec<Container>,
    tables: Vec<TableBuilder>,
    paragraphs: Vec<ParagraphBuilder>,
    /// The look of the open paragraphs and spans, with the depth they opened at.
    looks: Vec<(usize, TextLook)>,
    fieldmarks: Vec<Fieldmark>,
    /// Depth of the open `field:fieldmark` (a point field) whose parameters are read.
    point_field: Option<usize>,
    controls: Vec<Control>,
    /// Form controls (`office:forms`) by id, shown where `draw:control` anchors them.
    form_controls: HashMap<String, Vec<Inline>>,
    /// The list box or combo box of `office:forms` being read.
    form_list: Option<(Vec<String>, Option<String>)>,
    /// Depth of an element whose whole subtree is not read.
    skip_until: Option<usize>,
    /// Paragraphs of footnotes, endnotes and comments (`Document::notes`).
    notes: Vec<Paragraph>,
}

impl<'a> BodyReader<'a> {
    fn new(styles: &'a Styles) -> Self {
        BodyReader {
            styles,
            containers: vec![Container {
                blocks: Vec::new(),
                path: Vec::new(),
                kind: ContainerKind::Body,
                lists: Vec::new(),
            }],
            tables: Vec::new(),
            paragraphs: Vec::new(),
            looks: Vec::new(),
            fieldmarks: Vec::new(),
            point_field: None,
            controls: Vec::new(),
            form_controls: HashMap::new(),
            form_list: None,
            skip_until: None,
            notes: Vec::new(),
        }
    }

    fn next_path(&self) -> Vec<usize> {
        let container = self.containers.last();
        let mut path = container.map(|c| c.path.clone()).unwrap_or_default();
        path.push(container.map(|c| c.blocks.len()).unwrap_or(0));
        path
    }

    fn start(&mut self, e: &BytesStart<'_>, depth: usize) {
        if self.skip_until.is_some() {
            return;
        }
        let name = local(e);
        // A comment's author and date (`dc:creator`, `dc:date`) are not its text.
        if SKIPPED.contains(&name) || prefix(e) == "dc" {
            self.skip_until = Some(depth);
            return;
        }
        match name {
            "note-body" | "annotation" => {
                self.containers.push(Container {
                    blocks: Vec::new(),
                    path: Vec::new(),
                    kind: ContainerKind::Note,
                    lists: Vec::new(),
                });
            }
            "p" | "h" => self.start_paragraph(e, name == "h", depth),
            "span" | "a" => {
                let outer = self.current_look();
                let own = attr(e, "text:style-name")
                    .map(|s| self.styles.look("text", &s))
                    .unwrap_or_default();
                self.looks.push((depth, own.or(&outer)));
            }
            "s" => {
                let count = attr(e, "text:c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1usize)
                    .clamp(1, MAX_SPACES);
                self.push_text(&" ".repeat(count));
            }
            "tab" => self.push_text("\t"),
            "line-break" => self.push_text("\n"),
            "list-item" | "list-header" if prefix(e) == "text" => {
                if let Some(c) = self.containers.last_mut() {
                    c.lists.push(name == "list-item");
                }
            }
            // A content control offering entries (`loext:list-item`) is a drop-down.
            "list-item" => {
                if let Some(c) = self.controls.last_mut() {
                    c.choice = true;
                }
            }
            "table" => {
                let path = self.next_path();
                self.tables.push(TableBuilder {
                    rows: Vec::new(),
                    path,
                });
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(RowBuilder::default());
                }
            }
            "table-cell" | "covered-table-cell" => self.start_cell(e, name == "covered-table-cell"),
            "text-box" | "custom-shape" => {
                let mut path = self.next_path();
                path.push(0);
                self.containers.push(Container {
                    blocks: Vec::new(),
                    path,
                    kind: ContainerKind::TextBox,
                    lists: Vec::new(),
                });
            }
            "fieldmark" | "fieldmark-start" => self.start_fieldmark(e, name == "fieldmark", depth),
            "param"
                if self.point_field.is_some()
                    || self
                        .fieldmarks
                        .last()
                        .is_some_and(|f| f.before_code.is_none()) =>
            {
                self.fieldmark_param(e)
            }
            "fieldmark-separator" => self.drop_field_code(),
            "content-control" => self.start_content_control(e),
            "drop-down" => self.controls.push(Control {
                checkbox: false,
                choice: true,
                placeholder: false,
                selected: None,
                text: Vec::new(),
            }),
            "label" => {
                if attr(e, "text:current-selected").as_deref() == Some("true")
                    && let Some(c) = self.controls.last_mut()
                {
                    c.selected = attr(e, "text:value");
                }
            }
            "control" => self.anchor_form_control(e),
            "checkbox" | "listbox" | "combobox" | "option" => self.form_element(name, e),
            _ => {}
        }
    }

    fn end(&mut self, qualified: &str, depth: usize) {
        let name = qualified.rsplit(':').next().unwrap_or(qualified);
        if let Some(skip) = self.skip_until {
            if depth == skip {
                self.skip_until = None;
            }
            return;
        }
        if self.looks.last().is_some_and(|(d, _)| *d == depth) {
            self.looks.pop();
        }
        match name {
            "p" | "h" => self.end_paragraph(),
            "list-item" | "list-header" if qualified.starts_with("text:") => {
                if let Some(c) = self.containers.last_mut() {
                    c.lists.pop();
                }
            }
            "table-cell" | "covered-table-cell" => self.end_cell(),
            "table" => self.end_table(),
            "text-box" | "custom-shape" => self.end_text_box(),
            "note-body" | "annotation" => self.end_note(),
            "fieldmark" if self.point_field == Some(depth) => {
                self.point_field = None;
                if let Some(field) = self.fieldmarks.pop()
                    && let Some(inline) = field.inline()
                {
                    self.push_inline(inline);
                }
            }
            "fieldmark-start" => {
                if let Some(inline) = self.fieldmarks.last().and_then(Fieldmark::inline) {
                    self.push_inline(inline);
                }
            }
            "fieldmark-end" => {
                self.fieldmarks.pop();
            }
            "content-control" | "drop-down" => self.end_control(),
            "listbox" | "combobox" => self.end_form_list(),
            _ => {}
        }
    }

    fn current_look(&self) -> TextLook {
        self.looks
            .last()
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }

    fn start_paragraph(&mut self, e: &BytesStart<'_>, heading: bool, depth: usize) {
        let origin = Origin::Odt {
            part: CONTENT_PART.to_string(),
            path: self.next_path(),
        };
        let heading_level = heading.then(|| {
            attr(e, "text:outline-level")
                .and_then(|l| l.parse().ok())
                .unwrap_or(1)
        });
        let list_level = self.containers.last().and_then(|c| match c.lists.last() {
            Some(true) => u8::try_from(c.lists.len() - 1).ok(),
            _ => None,
        });
        let paragraph = Paragraph {
            origin,
            heading_level,
            list_level,
            ..Paragraph::default()
        };
        self.paragraphs.push(ParagraphBuilder {
            paragraph,
            anchored: Vec::new(),
        });
        let look = attr(e, "text:style-name")
            .map(|s| self.styles.look("paragraph", &s))
            .unwrap_or_default();
        self.looks.push((depth, look));
    }

    fn end_paragraph(&mut self) {
        let Some(builder) = self.paragraphs.pop() else {
            return;
        };
        if let Some(container) = self.containers.last_mut() {
            container.blocks.push(Block::Paragraph(builder.paragraph));
            container.blocks.extend(builder.anchored);
        }
    }

    /// Text of the XML: runs of white space read as one space, none at the start of a
    /// paragraph (ODF 6.1.2); `text:s`, `text:tab` and `text:line-break` carry the white
    /// space that counts.
    fn xml_text(&mut self, text: &str) {
        if self.skip_until.is_some() || self.paragraphs.is_empty() {
            return;
        }
        let mut collapsed = String::with_capacity(text.len());
        for c in text.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                // Read as the DOCX reader reads `w:noBreakHyphen` and `w:softHyphen`.
                NON_BREAKING_HYPHEN => '-',
                SOFT_HYPHEN => continue,
                c => c,
            };
            if !(c == ' ' && collapsed.ends_with(' ')) {
                collapsed.push(c);
            }
        }
        let at_start = self.controls.is_empty()
            && self
                .paragraphs
                .last()
                .is_some_and(|p| p.paragraph.inlines.is_empty());
        self.push_text(if at_start {
            collapsed.trim_start()
        } else {
            &collapsed
        });
    }

    /// Add shown text to the open paragraph (or to the open control), unless it is not
    /// shown here.
    fn push_text(&mut self, text: &str) {
        if self.skip_until.is_some() || self.paragraphs.is_empty() || self.point_field.is_some() {
            return;
        }
        // The result of a legacy checkbox or drop-down is its state, already read.
        if self
            .fieldmarks
            .iter()
            .any(|f| f.is_checkbox() || f.is_dropdown())
        {
            return;
        }
        let look = self.current_look();
        if look.hidden == Some(true) {
            return;
        }
        let mut text = match &look.font {
            Some(font) => symbols::map_private_use(font, text),
            None => text.to_string(),
        };
        let struck = look.struck == Some(true);
        if let Some(control) = self.controls.last_mut() {
            if control.placeholder {
                return;
            }
            if control.checkbox {
                // The control shows its state as a glyph, already read as the checkbox.
                text.retain(|c| !BOX_GLYPHS.contains(&c) && !symbols::is_symbol_private_use(c));
            } else {
                control.text.push((text, struck));
                return;
            }
        }
        if let Some(p) = self.paragraphs.last_mut() {
            p.paragraph.push_text(&text, struck);
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.skip_until.is_some() {
            return;
        }
        if let Some(p) = self.paragraphs.last_mut() {
            p.paragraph.inlines.push(inline);
        }
    }

    fn start_cell(&mut self, e: &BytesStart<'_>, covered: bool) {
        let mut path = self
            .tables
            .last()
            .map(|t| t.path.clone())
            .unwrap_or_default();
        if let Some(t) = self.tables.last() {
            path.push(t.rows.len().saturating_sub(1));
            path.push(t.rows.last().map(|r| r.cells.len()).unwrap_or(0));
        }
        let kind = ContainerKind::Cell {
            col_span: count(e, "table:number-columns-spanned", MAX_TABLE_SPAN),
            row_span: count(e, "table:number-rows-spanned", MAX_TABLE_SPAN),
            repeat: count(e, "table:number-columns-repeated", MAX_TABLE_SPAN),
            covered,
        };
        self.containers.push(Container {
            blocks: Vec::new(),
            path,
            kind,
            lists: Vec::new(),
        });
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
        let ContainerKind::Cell {
            col_span,
            row_span,
            repeat,
            covered,
        } = container.kind
        else {
            return;
        };
        let origin = Origin::Odt {
            part: CONTENT_PART.to_string(),
            path: container.path,
        };
        let cell = Cell {
            col: 0,
            col_span,
            row_span,
            blocks: container.blocks,
            origin,
        };
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.cells.push(CellBuilder {
                cell,
                repeat,
                covered,
            });
        }
    }

    fn end_table(&mut self) {
        let Some(builder) = self.tables.pop() else {
            return;
        };
        let origin = Origin::Odt {
            part: CONTENT_PART.to_string(),
            path: builder.path,
        };
        let mut table = Table {
            rows: Vec::new(),
            origin,
        };
        for row in builder.rows {
            let (cells, covered) = lay_out_row(row.cells);
            table.rows.push(Row { cells });
            let r = table.rows.len() - 1;
            for cell in &covered {
                merge_covered(&mut table, r, cell);
            }
        }
        if let Some(container) = self.containers.last_mut() {
            container.blocks.push(Block::Table(table));
        }
    }

    fn end_note(&mut self) {
        if !matches!(
            self.containers.last().map(|c| &c.kind),
            Some(ContainerKind::Note)
        ) {
            return;
        }
        let Some(container) = self.containers.pop() else {
            return;
        };
        self.notes
            .extend(container.blocks.iter().flat_map(Block::paragraphs).cloned());
    }

    fn end_text_box(&mut self) {
        if !matches!(
            self.containers.last().map(|c| &c.kind),
            Some(ContainerKind::TextBox)
        ) {
            return;
        }
        let Some(container) = self.containers.pop() else {
            return;
        };
        match self.paragraphs.last_mut() {
            Some(p) => p.anchored.extend(container.blocks),
            None => {
                if let Some(parent) = self.containers.last_mut() {
                    parent.blocks.extend(container.blocks);
                }
            }
        }
    }

    fn start_fieldmark(&mut self, e: &BytesStart<'_>, point: bool, depth: usize) {
        let kind = attr(e, "field:type").unwrap_or_default();
        let mut field = Fieldmark {
            kind,
            ..Fieldmark::default()
        };
        if point {
            self.point_field = Some(depth);
        } else if !field.is_checkbox() && !field.is_dropdown() {
            let inlines = self
                .paragraphs
                .last()
                .map(|p| p.paragraph.inlines.clone())
                .unwrap_or_default();
            field.before_code = Some((self.paragraphs.len(), inlines));
        }
        self.fieldmarks.push(field);
    }

    fn fieldmark_param(&mut self, e: &BytesStart<'_>) {
        let Some(field) = self.fieldmarks.last_mut() else {
            return;
        };
        let value = attr(e, "field:value").unwrap_or_default();
        match attr(e, "field:name").as_deref() {
            Some("Checkbox_Checked") => field.checked = value == "true",
            Some("Dropdown_ListEntry") => field.entries.push(value),
            Some("Dropdown_Selected") => field.selected = value.parse().ok(),
            _ => {}
        }
    }

    /// Text between `fieldmark-start` and `fieldmark-separator` is the field's code.
    fn drop_field_code(&mut self) {
        let open = self.paragraphs.len();
        let Some((at, inlines)) = self
            .fieldmarks
            .last_mut()
            .and_then(|f| f.before_code.take())
        else {
            return;
        };
        if at == open
            && let Some(p) = self.paragraphs.last_mut()
        {
            p.paragraph.inlines = inlines;
        }
    }

    fn start_content_control(&mut self, e: &BytesStart<'_>) {
        let on = |name: &str| attr(e, name).as_deref() == Some("true");
        let checkbox = on("loext:checkbox");
        let control = Control {
            checkbox,
            choice: on("loext:dropdown") || on("loext:combobox"),
            placeholder: on("loext:showing-place-holder"),
            selected: None,
            text: Vec::new(),
        };
        self.controls.push(control);
        if checkbox {
            self.push_inline(Inline::Checkbox {
                checked: Some(on("loext:checked")),
            });
        }
    }

    fn end_control(&mut self) {
        let Some(control) = self.controls.pop() else {
            return;
        };
        if control.choice {
            let mut shown: String = control.text.iter().map(|(t, _)| t.as_str()).collect();
            if shown.trim().is_empty() {
                shown = control.selected.unwrap_or_default();
            }
            if control.placeholder {
                shown.clear();
            }
            self.push_inline(Inline::Choice { shown });
        } else {
            for (text, struck) in control.text {
                if let Some(outer) = self.controls.last_mut() {
                    outer.text.push((text, struck));
                } else if let Some(p) = self.paragraphs.last_mut() {
                    p.paragraph.push_text(&text, struck);
                }
            }
        }
    }

    /// `office:forms`: the state of each check box, list box and combo box, by id.
    fn form_element(&mut self, name: &str, e: &BytesStart<'_>) {
        if prefix(e) != "form" {
            return;
        }
        let id = attr(e, "form:id").or_else(|| attr(e, "xml:id"));
        match name {
            "checkbox" => {
                let state = attr(e, "form:current-state").or_else(|| attr(e, "form:state"));
                let checked = match state.as_deref() {
                    Some("checked") => Some(true),
                    Some("unchecked") | None => Some(false),
                    _ => None,
                };
                let mut inlines = vec![Inline::Checkbox { checked }];
                if let Some(label) = attr(e, "form:label").filter(|l| !l.trim().is_empty()) {
                    inlines.push(Inline::Text {
                        text: format!(" {label}"),
                        struck: false,
                    });
                }
                if let Some(id) = id {
                    self.form_controls.insert(id, inlines);
                }
            }
            "listbox" | "combobox" => {
                let value = attr(e, "form:current-value").or_else(|| attr(e, "form:value"));
                self.form_list = Some((id.into_iter().collect(), value));
            }
            "option" => {
                let selected = ["form:current-selected", "form:selected"]
                    .iter()
                    .any(|a| attr(e, a).as_deref() == Some("true"));
                if selected
                    && let Some((_, value)) = self.form_list.as_mut()
                    && value.is_none()
                {
                    *value = attr(e, "form:label").or_else(|| attr(e, "form:value"));
                }
            }
            _ => {}
        }
    }

    fn end_form_list(&mut self) {
        let Some((ids, value)) = self.form_list.take() else {
            return;
        };
        for id in ids {
            self.form_controls.insert(
                id,
                vec![Inline::Choice {
                    shown: value.clone().unwrap_or_default(),
                }],
            );
        }
    }

    /// `draw:control`: the form control it names, where it stands in the text.
    fn anchor_form_control(&mut self, e: &BytesStart<'_>) {
        let Some(id) = attr(e, "draw:control") else {
            return;
        };
        let Some(inlines) = self.form_controls.get(&id).cloned() else {
            return;
        };
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } => self.push_text(&text),
                other => self.push_inline(other),
            }
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
            notes: self.notes,
            ocr_confidence: None,
            ocr_words: Vec::new(),
        }
    }
}

/// The prefix of an element's name (`text:p` → `text`).
fn prefix<'a>(e: &'a BytesStart<'_>) -> &'a str {
    e.name()
        .into_inner()
        .split_once(':')
        .map(|(p, _)| p)
        .unwrap_or_default()
}

/// A count attribute (spans, repeats, spaces): at least 1, at most `max`.
fn count(e: &BytesStart<'_>, name: &str, max: usize) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1usize)
        .clamp(1, max)
}

/// Place a row's cells on the grid: in ODF every grid position has an element, a
/// covered cell standing where a span from the left or from above reaches. Returns the
/// cells that start here and the covered cells (with their column) that hold text.
/// A repeated cell (`number-columns-repeated`, a spreadsheet habit Writer does not
/// write) is placed once and moves the next cells on; a repeated row is read once, so
/// that a small hostile file cannot multiply its cells.
fn lay_out_row(builders: Vec<CellBuilder>) -> (Vec<Cell>, Vec<Cell>) {
    let mut col = 0;
    let mut cells = Vec::new();
    let mut covered = Vec::new();
    for CellBuilder {
        mut cell,
        repeat,
        covered: is_covered,
    } in builders
    {
        cell.col = col;
        col += repeat;
        if !is_covered {
            cells.push(cell);
        } else if has_content(&cell) {
            covered.push(cell);
        }
    }
    (cells, covered)
}

fn has_content(cell: &Cell) -> bool {
    cell.paragraphs().iter().any(|p| {
        !p.text().trim().is_empty() || p.inlines.iter().any(|i| !matches!(i, Inline::Text { .. }))
    })
}

/// Text in a covered cell is kept in the cell that covers it (nothing is lost).
fn merge_covered(table: &mut Table, row: usize, covered: &Cell) {
    let Some((start, owner)) = table.cell_at(row, covered.col) else {
        return;
    };
    let owner_col = owner.col;
    if let Some(owner) = table.rows[start]
        .cells
        .iter_mut()
        .find(|c| c.col == owner_col)
    {
        owner.blocks.extend(covered.blocks.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outline;

    const NS: &str = r#"xmlns:office="o" xmlns:text="t" xmlns:table="ta" xmlns:draw="d" xmlns:form="f" xmlns:loext="l" xmlns:field="fi" xmlns:svg="s" xmlns:xml="x""#;

    fn read_text(body: &str) -> Document {
        let xml = format!(
            "<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        read(xml.as_bytes(), &Styles::default(), &Limits::default()).expect("reads")
    }

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .flat_map(|b| b.paragraphs())
            .map(|p| p.text())
            .collect()
    }

    #[test]
    fn white_space_is_collapsed_and_spaces_tabs_breaks_are_kept() {
        let doc = read_text(
            "<text:p>  a \n  b<text:s text:c=\"2\"/>c<text:tab/>d<text:line-break/>e\u{2011}f\u{AD}g</text:p>",
        );
        assert_eq!(texts(&doc), vec!["a b  c\td\ne-fg"]);
    }

    #[test]
    fn tracked_deletions_and_descriptions_are_not_read_and_notes_are_kept_apart() {
        let doc = read_text(
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>supprimé</text:p></text:deletion></text:changed-region></text:tracked-changes>\
             <text:p>garde<text:change text:change-id=\"c1\"/> <text:change-start text:change-id=\"c2\"/>inséré<text:change-end text:change-id=\"c2\"/>\
             <text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>note</text:p></text:note-body></text:note>\
             <office:annotation><dc:creator>Rapporteur</dc:creator><dc:date>2020-10-20</dc:date><text:p>à revoir</text:p></office:annotation>\
             <draw:frame><draw:image/><svg:desc>Marianne</svg:desc></draw:frame></text:p>",
        );
        assert_eq!(texts(&doc), vec!["garde inséré"]);
        let notes: Vec<String> = doc.notes.iter().map(Paragraph::text).collect();
        assert_eq!(notes, vec!["note", "à revoir"]);
    }

    #[test]
    fn headings_and_nested_lists_give_levels() {
        let doc = read_text(
            "<text:h text:outline-level=\"2\">Titre</text:h><text:list><text:list-item><text:p>un</text:p>\
             <text:list><text:list-item><text:p>deux</text:p></text:list-item></text:list></text:list-item>\
             <text:list-header><text:p>entête</text:p></text:list-header></text:list><text:p>fin</text:p>",
        );
        assert_eq!(
            outline(&doc),
            "P h2: Titre\nP li0: un\nP li1: deux\nP: entête\nP: fin\n"
        );
    }

    #[test]
    fn spans_cover_the_grid_and_covered_cells_keep_their_text() {
        let doc = read_text(
            "<table:table><table:table-row><table:table-cell table:number-rows-spanned=\"2\"><text:p>N° 3</text:p></table:table-cell>\
             <table:table-cell table:number-columns-spanned=\"2\"><text:p>a</text:p></table:table-cell><table:covered-table-cell/></table:table-row>\
             <table:table-row><table:covered-table-cell><text:p>reste</text:p></table:covered-table-cell>\
             <table:table-cell table:number-columns-repeated=\"2\"><text:p>b</text:p></table:table-cell></table:table-row></table:table>",
        );
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("a table")
        };
        assert_eq!(t.columns(), 3);
        assert_eq!(
            (t.rows[0].cells[0].row_span, t.rows[0].cells[1].col_span),
            (2, 2)
        );
        assert_eq!(
            t.rows[1].cells.iter().map(|c| c.col).collect::<Vec<_>>(),
            vec![1],
            "a repeated cell is placed once"
        );
        let (start, theme) = t.cell_at(1, 0).expect("covered");
        assert_eq!((start, theme.text().as_str()), (0, "N° 3\nreste"));
    }

    #[test]
    fn text_boxes_follow_their_paragraph() {
        let doc = read_text(
            "<text:p>avant<draw:frame><draw:text-box><text:p>dans la zone</text:p></draw:text-box></draw:frame></text:p><text:p>après</text:p>",
        );
        assert_eq!(texts(&doc), vec!["avant", "dans la zone", "après"]);
    }

    #[test]
    fn form_controls_are_checkboxes_and_choices_where_they_are_anchored() {
        let doc = read_text(
            "<office:forms><form:form><form:checkbox form:id=\"c1\" form:current-state=\"checked\" form:state=\"unchecked\" form:label=\"Présentiel\"/>\
             <form:checkbox xml:id=\"c2\" form:state=\"checked\"/><form:checkbox form:id=\"c3\"/>\
             <form:listbox form:id=\"l1\"><form:option form:label=\"Court terme\"/><form:option form:label=\"Long terme\" form:current-selected=\"true\"/></form:listbox>\
             <form:combobox form:id=\"k1\" form:current-value=\"Moyen\"/></form:form></office:forms>\
             <text:p><draw:control draw:control=\"c1\"/></text:p><text:p><draw:control draw:control=\"c2\"/> X <draw:control draw:control=\"c3\"/></text:p>\
             <text:p><draw:control draw:control=\"l1\"/><draw:control draw:control=\"k1\"/><draw:control draw:control=\"inconnu\"/></text:p>",
        );
        assert_eq!(
            outline(&doc),
            "P: [x] Présentiel\nP: [x] X [ ]\nP: {Long terme}{Moyen}\n"
        );
    }

    #[test]
    fn drop_down_fields_show_their_text_or_their_selected_entry() {
        let doc = read_text(
            "<text:p><text:drop-down><text:label text:value=\"Faible\"/><text:label text:value=\"Moyen\" text:current-selected=\"true\"/>Moyen</text:drop-down></text:p>\
             <text:p><text:drop-down><text:label text:value=\"Faible\" text:current-selected=\"true\"/></text:drop-down></text:p>\
             <text:p>Nombre : <text:placeholder text:placeholder-type=\"text\">&lt;nombre&gt;</text:placeholder></text:p>",
        );
        assert_eq!(
            outline(&doc),
            "P: {Moyen}\nP: {Faible}\nP: Nombre : <nombre>\n"
        );
    }

    #[test]
    fn content_controls_as_libreoffice_writes_them() {
        let doc = read_text(
            "<text:p><loext:content-control loext:checkbox=\"true\" loext:checked=\"true\">☒</loext:content-control> Les 2</text:p>\
             <text:p><loext:content-control><loext:list-item loext:value=\"Faible\"/><loext:list-item loext:value=\"Moyen\"/>Moyen</loext:content-control></text:p>\
             <text:p>N : <loext:content-control loext:showing-place-holder=\"true\">Cliquez ici</loext:content-control></text:p>\
             <text:p><loext:content-control>texte libre</loext:content-control></text:p>",
        );
        assert_eq!(
            outline(&doc),
            "P: [x] Les 2\nP: {Moyen}\nP: N : \nP: texte libre\n"
        );
    }

    #[test]
    fn legacy_form_fields_as_libreoffice_writes_them() {
        let doc = read_text(
            "<text:p><field:fieldmark field:type=\"vnd.oasis.opendocument.field.FORMCHECKBOX\"><field:param field:name=\"Checkbox_Checked\" field:value=\"true\"/></field:fieldmark> Oui\
             <field:fieldmark field:type=\"vnd.oasis.opendocument.field.FORMCHECKBOX\"/> Non</text:p>\
             <text:p><field:fieldmark field:type=\"vnd.oasis.opendocument.field.FORMDROPDOWN\"><field:param field:name=\"Dropdown_ListEntry\" field:value=\"A compléter\"/>\
             <field:param field:name=\"Dropdown_ListEntry\" field:value=\"Moyen\"/><field:param field:name=\"Dropdown_Selected\" field:value=\"1\"/></field:fieldmark></text:p>\
             <text:p>N : <field:fieldmark-start field:type=\"vnd.oasis.opendocument.field.FORMTEXT\"/> FORMTEXT <field:fieldmark-separator/>14<field:fieldmark-end/></text:p>",
        );
        assert_eq!(outline(&doc), "P: [x] Oui[ ] Non\nP: {Moyen}\nP: N : 14\n");
    }

    #[test]
    fn symbol_fonts_struck_and_hidden_text_follow_the_styles() {
        let mut styles = Styles::default();
        let part = r#"<office:document-content xmlns:office="o" xmlns:style="s" xmlns:fo="f" xmlns:svg="v" xmlns:text="t"><office:font-face-decls><style:font-face style:name="W" svg:font-family="Wingdings"/></office:font-face-decls><office:automatic-styles>
            <style:style style:name="T1" style:family="text"><style:text-properties style:font-name="W"/></style:style>
            <style:style style:name="T2" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>
            <style:style style:name="T3" style:family="text"><style:text-properties text:display="none"/></style:style></office:automatic-styles></office:document-content>"#;
        styles
            .read(part.as_bytes(), CONTENT_PART, &Limits::default())
            .expect("styles");
        let body = format!(
            "<office:document-content {NS}><office:body><office:text><text:p><text:span text:style-name=\"T1\">\u{F0FE}</text:span> Oui \
             <text:span text:style-name=\"T2\">Faible</text:span><text:span text:style-name=\"T3\">caché</text:span>Moyen</text:p></office:text></office:body></office:document-content>"
        );
        let doc = read(body.as_bytes(), &styles, &Limits::default()).expect("reads");
        assert_eq!(outline(&doc), "P: ☒ Oui ~~Faible~~Moyen\n");
    }

    #[test]
    fn a_paragraph_closed_as_a_heading_is_forgiven_other_mismatches_are_not() {
        // AbiWord 3 writes this; both elements are paragraphs.
        let slip = b"<office:text><text:h>Titre</text:p><text:p>Texte</text:h></office:text>";
        let doc = read(slip, &Styles::default(), &Limits::default()).expect("reads");
        assert_eq!(outline(&doc), "P h1: Titre\nP: Texte\n");
        let crossed = read(
            b"<office:text><text:p><text:span>x</text:p></text:span></office:text>",
            &Styles::default(),
            &Limits::default(),
        );
        assert_eq!(
            crossed.map_err(|e| e.code),
            Err(crate::error::ErrorCode::FichierIllisible)
        );
    }

    #[test]
    fn invalid_xml_is_unreadable_and_depth_is_bounded() {
        let broken = read(
            b"<office:text><text:p></office:text>",
            &Styles::default(),
            &Limits::default(),
        );
        assert_eq!(
            broken.map_err(|e| e.code),
            Err(crate::error::ErrorCode::FichierIllisible)
        );
        let deep = format!(
            "<a>{}{}</a>",
            "<text:span>".repeat(600),
            "</text:span>".repeat(600)
        );
        let too_deep = read(deep.as_bytes(), &Styles::default(), &Limits::default());
        assert_eq!(
            too_deep.map_err(|e| e.code),
            Err(crate::error::ErrorCode::TropVolumineux)
        );
    }
}
