//! The blocks of a DOCX or ODT (the neutral model) as HTML: paragraphs, lists, tables
//! with their spans, checkboxes and drop-downs, then notes and comments. The paragraph
//! each value was read from (its `provenance` chemin) is wrapped in a zone carrying the
//! value's `data-champ`, as is the paragraph of each unplaced text. `provenance` names
//! the first paragraph of a value; the paragraphs that follow it in the same cell and
//! hold the rest of its text are wrapped too.

use std::collections::HashMap;

use serde_json::Value;

use super::html::escape;
use crate::model::{Block, Document, Inline, Paragraph, Table};
use crate::output::Restitution;

/// Deepest table nesting rendered; deeper content is shown as its text (the readers bound
/// nesting, this keeps the page's own recursion bounded whatever they allow).
const MAX_TABLE_DEPTH: usize = 32;

/// A value or an unplaced text read from a paragraph.
#[derive(Clone)]
struct Mark {
    champ: String,
    unplaced: bool,
}

struct Render<'a> {
    chemins: HashMap<*const Paragraph, String>,
    marks: HashMap<&'a str, Vec<Mark>>,
    /// The text of each string value (`loose` form), by `data-champ`.
    values: HashMap<String, String>,
    /// Marks whose value goes on in the next paragraphs, with what is left of it.
    carried: Vec<(Mark, String)>,
    out: String,
}

/// Text compared loosely: letters and digits only, lower case (values are normalized,
/// quotes and spaces may differ from the paragraph's).
fn loose(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every string leaf of `value`, by its SPEC path (`a.b[0].c`), in `loose` form.
fn string_leaves(value: &Value, path: &str, out: &mut HashMap<String, String>) {
    match value {
        Value::String(s) => {
            out.insert(path.to_string(), loose(s));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                string_leaves(item, &child, out);
            }
        }
        _ => {}
    }
}

/// The document's blocks, with the zones of `doc`'s values and unplaced text.
pub fn blocks(model: &Document, doc: &Restitution) -> String {
    let mut marks: HashMap<&str, Vec<Mark>> = HashMap::new();
    if let Some(provenance) = &doc.provenance {
        for (path, origine) in &provenance.0 {
            marks
                .entry(origine.chemin.as_str())
                .or_default()
                .push(Mark {
                    champ: path.clone(),
                    unplaced: false,
                });
        }
    }
    for (i, t) in doc.texte_non_repris.iter().enumerate() {
        marks
            .entry(t.origine.chemin.as_str())
            .or_default()
            .push(Mark {
                champ: format!("texte_non_repris[{i}].texte"),
                unplaced: true,
            });
    }
    let chemins = crate::mapper::paragraph_chemins(model)
        .into_iter()
        .map(|(p, chemin)| (p as *const Paragraph, chemin))
        .collect();
    let mut values = HashMap::new();
    if let Ok(json) = serde_json::to_value(doc) {
        string_leaves(&json, "", &mut values);
    }
    let mut render = Render {
        chemins,
        marks,
        values,
        carried: Vec::new(),
        out: String::from("<div class=\"blocs\">"),
    };
    render.blocks(&model.blocks, 0);
    if !model.notes.is_empty() {
        render.out.push_str("<h4>Notes et commentaires</h4>");
        for p in &model.notes {
            render.paragraph(p);
        }
    }
    render.out.push_str("</div>");
    render.out
}

impl Render<'_> {
    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        // A value goes on only within one cell (or the body), never across a table edge.
        self.carried.clear();
        for block in blocks {
            match block {
                Block::Paragraph(p) => self.paragraph(p),
                Block::Table(t) if depth < MAX_TABLE_DEPTH => self.table(t, depth + 1),
                Block::Table(t) => {
                    for row in &t.rows {
                        for cell in &row.cells {
                            for p in cell.paragraphs() {
                                self.paragraph(p);
                            }
                        }
                    }
                }
            }
        }
    }

    fn table(&mut self, t: &Table, depth: usize) {
        self.carried.clear();
        self.out.push_str("<table class=\"source-table\">");
        for row in &t.rows {
            self.out.push_str("<tr>");
            for cell in &row.cells {
                let span = |n: usize, name: &str| {
                    if n > 1 {
                        format!(" {name}=\"{n}\"")
                    } else {
                        String::new()
                    }
                };
                self.out.push_str(&format!(
                    "<td{}{}>",
                    span(cell.col_span, "colspan"),
                    span(cell.row_span, "rowspan")
                ));
                self.blocks(&cell.blocks, depth);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>");
        }
        self.out.push_str("</table>");
        self.carried.clear();
    }

    /// The marks of paragraph `p`: those `provenance` gives its chemin, then those of a
    /// value begun above whose rest starts with this paragraph's text. Remembers the
    /// values that go on after it.
    fn marks_of(&mut self, chemin: &str, p: &Paragraph) -> Vec<Mark> {
        let text = loose(&p.inlines.iter().map(inline_text).collect::<String>());
        let mut marks: Vec<Mark> = Vec::new();
        let mut carried = Vec::new();
        let mut take = |mark: Mark, rest: &str, marks: &mut Vec<Mark>| {
            if let Some(after) = rest.strip_prefix(text.as_str())
                && !text.is_empty()
            {
                if !after.is_empty() {
                    carried.push((mark.clone(), after.to_string()));
                }
                marks.push(mark);
                true
            } else {
                false
            }
        };
        for mark in self.marks.get(chemin).map_or(&[][..], |m| &m[..]) {
            let value = self.values.get(&mark.champ).cloned().unwrap_or_default();
            // The first paragraph is marked whatever its text (a number, a box).
            if !take(mark.clone(), &value, &mut marks) {
                marks.push(mark.clone());
            }
        }
        for (mark, rest) in std::mem::take(&mut self.carried) {
            if !marks.iter().any(|m| m.champ == mark.champ) {
                take(mark, &rest, &mut marks);
            }
        }
        self.carried = carried;
        marks
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let chemin = self
            .chemins
            .get(&(p as *const Paragraph))
            .cloned()
            .unwrap_or_default();
        let marks = self.marks_of(&chemin, p);
        let mut open = String::new();
        for m in &marks {
            open.push_str(&format!(
                "<div class=\"zone{}\" data-champ=\"{}\">",
                if m.unplaced { " non-repris" } else { "" },
                escape(&m.champ)
            ));
        }
        let close = "</div>".repeat(marks.len());
        let mut class = String::from("para");
        if let Some(level) = p.heading_level {
            class.push_str(&format!(" titre titre-{}", level.min(6)));
        }
        let indent = match p.list_level {
            Some(level) => {
                class.push_str(" puce");
                format!(" style=\"margin-left:{}em\"", 1 + usize::from(level.min(8)))
            }
            None => String::new(),
        };
        let mut text = String::new();
        for inline in &p.inlines {
            match inline {
                Inline::Text {
                    text: t,
                    struck: false,
                } => text.push_str(&escape(t)),
                Inline::Text {
                    text: t,
                    struck: true,
                } => text.push_str(&format!("<s>{}</s>", escape(t))),
                Inline::Checkbox { checked } => text.push_str(match checked {
                    Some(true) => "<span class=\"case cochee\">✕</span>",
                    Some(false) => "<span class=\"case\"></span>",
                    None => "<span class=\"case indecise\">?</span>",
                }),
                Inline::Choice { shown } => text.push_str(&format!(
                    "<span class=\"liste-choix\">{}</span>",
                    escape(shown)
                )),
            }
        }
        self.out.push_str(&format!(
            "{open}<p class=\"{class}\" data-chemin=\"{}\"{indent}>{text}</p>{close}",
            escape(&chemin)
        ));
    }
}

/// The text of an inline, as the mapper reads it (a box or a list shows no letters).
fn inline_text(inline: &Inline) -> &str {
    match inline {
        Inline::Text { text, .. } => text,
        Inline::Choice { shown } => shown,
        Inline::Checkbox { .. } => "",
    }
}
