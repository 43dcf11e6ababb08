//! The blocks of a DOCX or ODT (the neutral model) as HTML: paragraphs, lists, tables
//! with their spans, checkboxes and drop-downs, then notes and comments. The paragraph
//! each value was read from (its `provenance` chemin) is wrapped in a zone carrying the
//! value's `data-champ`, as is the paragraph of each unplaced text.

use std::collections::HashMap;

use super::html::escape;
use crate::model::{Block, Document, Inline, Paragraph, Table};
use crate::output::Restitution;

/// Deepest table nesting rendered; deeper content is shown as its text (the readers bound
/// nesting, this keeps the page's own recursion bounded whatever they allow).
const MAX_TABLE_DEPTH: usize = 32;

/// A value or an unplaced text read from a paragraph.
struct Mark {
    champ: String,
    unplaced: bool,
}

struct Render<'a> {
    chemins: HashMap<*const Paragraph, String>,
    marks: HashMap<&'a str, Vec<Mark>>,
    out: String,
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
    let mut render = Render {
        chemins,
        marks,
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
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let chemin = self
            .chemins
            .get(&(p as *const Paragraph))
            .cloned()
            .unwrap_or_default();
        let marks = self.marks.get(chemin.as_str()).map_or(&[][..], |m| &m[..]);
        let mut open = String::new();
        for m in marks {
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
