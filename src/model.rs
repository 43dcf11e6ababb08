//! The neutral document model that every reader produces and the mapper reads.
//!
//! A reader (DOCX, PDF) knows nothing of the form: it turns a file into blocks in
//! reading order (paragraphs and tables), with inline checkboxes and drop-downs, and
//! records where each piece came from. The mapper knows nothing of file formats: it
//! only ever sees this model.

/// A whole document, as read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Top-level blocks in reading order.
    pub blocks: Vec<Block>,
    /// Number of pages, where the format knows it (PDF); `None` for DOCX.
    pub pages: Option<u32>,
    /// Text written beside the body: comments, footnotes and endnotes (DOCX), comment
    /// annotations (PDF). No field is read from them; what they say is reported as text
    /// no field took.
    pub notes: Vec<Paragraph>,
    /// Mean recognition confidence (0–100) when the text was read by OCR from page
    /// images (a scan); `None` for text the file holds.
    pub ocr_confidence: Option<f32>,
    /// The words recognized by OCR, with where they were read and their confidence
    /// (empty for text the file holds): the mapper warns about values read from words
    /// it was unsure of.
    pub ocr_words: Vec<OcrWord>,
}

/// A word read by OCR: its text, page (1-based), box in points from the page's top-left
/// corner, and the recognizer's confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    /// The word as recognized.
    pub text: String,
    /// Its page, from 1.
    pub page: u32,
    /// `[x0, y0, x1, y1]` in points from the page's top-left corner.
    pub bbox: [f32; 4],
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
}

/// A block: a paragraph or a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// One paragraph: a sequence of inline pieces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// Its pieces, in reading order.
    pub inlines: Vec<Inline>,
    /// `Some(level)` (0-based) when the paragraph is a list item, whatever its bullet;
    /// the bullet glyph itself is not part of the text when the format gives lists
    /// structurally (DOCX numbering), and is kept as text when it was typed.
    pub list_level: Option<u8>,
    /// Outline level when the format tells it (DOCX heading styles: 1 for "Heading 1").
    pub heading_level: Option<u8>,
    /// Where it was read.
    pub origin: Origin,
    /// Where the paragraph's boxes were drawn, on the page of `origin`, in reading order:
    /// one rectangle per `Inline::Checkbox` and per box glyph of its text (☐ ☒ ☑ and the
    /// symbol-font boxes that `normalize::checkbox::glyph_state` decides). Empty where
    /// the format has no geometry (DOCX); provenance then falls back to the paragraph.
    pub box_zones: Vec<[f32; 4]>,
}

/// An inline piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text as written. Line breaks inside a paragraph are `\n`, tabs `\t`.
    Text {
        /// The characters.
        text: String,
        /// Struck through (an option crossed out): not part of the value.
        struck: bool,
    },
    /// A checkbox: a form field, a content control, a PDF button or a drawn box.
    /// `checked` is `None` when the reader saw a box but could not tell its state.
    /// Glyphs typed as text (☒, ☐) stay in `Text`: deciding them is the mapper's job.
    Checkbox {
        /// Ticked, not ticked, or undecided.
        checked: Option<bool>,
    },
    /// The value shown by a drop-down or combo box (empty string when none).
    Choice {
        /// The entry shown.
        shown: String,
    },
}

/// A table: rows of cells laid on a grid of columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Its rows, top to bottom.
    pub rows: Vec<Row>,
    /// Where it was read.
    pub origin: Origin,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The cells that start in this row, left to right. A cell covered by a vertical
    /// merge from a row above is not repeated here: see [`Table::cell_at`].
    pub cells: Vec<Cell>,
}

/// A table cell, placed on the table's grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// First grid column this cell covers (0-based).
    pub col: usize,
    /// Number of grid columns covered (`gridSpan`), at least 1.
    pub col_span: usize,
    /// Number of rows covered (vertical merge), at least 1.
    pub row_span: usize,
    /// Content: paragraphs and nested tables.
    pub blocks: Vec<Block>,
    /// Where it was read.
    pub origin: Origin,
}

/// Where a piece of the model came from, so that every value can point at its source.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Origin {
    /// Nowhere known (made up by a reader, e.g. an empty cell).
    #[default]
    Unknown,
    /// A part of a DOCX (`word/document.xml`, `word/comments.xml`…) and the path of
    /// table/row/cell/paragraph indexes inside it, e.g. `[3, 2, 1, 0]`.
    Docx {
        /// The package part.
        part: String,
        /// Indexes from the part's body down to the piece.
        path: Vec<usize>,
    },
    /// A part of an ODT (`content.xml`) and the same kind of path as `Docx`.
    Odt {
        /// The package part.
        part: String,
        /// Indexes from the part's body down to the piece.
        path: Vec<usize>,
    },
    /// A PDF page (1-based) and the box covered, in points from the top-left corner.
    Pdf {
        /// The page, from 1.
        page: u32,
        /// `[x0, y0, x1, y1]`.
        bbox: [f32; 4],
    },
}

impl Paragraph {
    /// The paragraph's text: text runs concatenated, drop-down values included,
    /// struck text left out, checkboxes left out.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for inline in &self.inlines {
            match inline {
                Inline::Text {
                    text,
                    struck: false,
                } => out.push_str(text),
                Inline::Choice { shown } => out.push_str(shown),
                _ => {}
            }
        }
        out
    }

    /// The paragraph's checkboxes, in order.
    pub fn checkboxes(&self) -> impl Iterator<Item = Option<bool>> + '_ {
        self.inlines.iter().filter_map(|i| match i {
            Inline::Checkbox { checked } => Some(*checked),
            _ => None,
        })
    }

    /// Append text, merged into the last text piece when it has the same `struck`.
    pub fn push_text(&mut self, text: &str, struck: bool) {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text {
            text: last,
            struck: s,
        }) = self.inlines.last_mut()
            && *s == struck
        {
            last.push_str(text);
            return;
        }
        self.inlines.push(Inline::Text {
            text: text.to_string(),
            struck,
        });
    }
}

impl Block {
    /// All paragraphs of this block, nested tables included, in reading order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        collect_paragraphs(std::slice::from_ref(self), &mut out);
        out
    }
}

impl Cell {
    /// All paragraphs of the cell, nested tables flattened in reading order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        collect_paragraphs(&self.blocks, &mut out);
        out
    }

    /// The cell's text, paragraphs separated by `\n`.
    pub fn text(&self) -> String {
        self.paragraphs()
            .iter()
            .map(|p| p.text())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn collect_paragraphs<'a>(blocks: &'a [Block], out: &mut Vec<&'a Paragraph>) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push(p),
            Block::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        collect_paragraphs(&cell.blocks, out);
                    }
                }
            }
        }
    }
}

impl Table {
    /// Number of grid columns (the widest row).
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.col + c.col_span.max(1))
                    .max()
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }

    /// The cell covering grid position (`row`, `col`), looking up through vertical
    /// merges and across horizontal spans. Returns the cell and the row it starts in.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<(usize, &Cell)> {
        // Look up from `row`: the first cell covering the column either reaches `row`
        // (a vertical merge) or proves that nothing does.
        for r in (0..=row.min(self.rows.len().checked_sub(1)?)).rev() {
            let covering = self.rows[r]
                .cells
                .iter()
                .find(|c| c.col <= col && col < c.col + c.col_span.max(1));
            if let Some(cell) = covering {
                return (r + cell.row_span.max(1) > row).then_some((r, cell));
            }
        }
        None
    }
}

/// A plain-text outline of the model, for debugging readers (`restitution model FILE`).
pub fn outline(document: &Document) -> String {
    let mut out = String::new();
    outline_blocks(&document.blocks, 0, &mut out);
    out
}

fn outline_blocks(blocks: &[Block], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                out.push_str(&pad);
                out.push('P');
                if let Some(level) = p.list_level {
                    out.push_str(&format!(" li{level}"));
                }
                if let Some(level) = p.heading_level {
                    out.push_str(&format!(" h{level}"));
                }
                out.push_str(": ");
                for inline in &p.inlines {
                    match inline {
                        Inline::Text { text, struck } => {
                            let shown = text.replace('\n', "⏎").replace('\t', "⇥");
                            if *struck {
                                out.push_str(&format!("~~{shown}~~"));
                            } else {
                                out.push_str(&shown);
                            }
                        }
                        Inline::Checkbox { checked } => out.push_str(match checked {
                            Some(true) => "[x]",
                            Some(false) => "[ ]",
                            None => "[?]",
                        }),
                        Inline::Choice { shown } => out.push_str(&format!("{{{shown}}}")),
                    }
                }
                out.push('\n');
            }
            Block::Table(t) => {
                out.push_str(&format!(
                    "{pad}TABLE {} rows × {} cols\n",
                    t.rows.len(),
                    t.columns()
                ));
                for (r, row) in t.rows.iter().enumerate() {
                    for cell in &row.cells {
                        out.push_str(&format!(
                            "{pad}  [r{r} c{} span {}×{}]\n",
                            cell.col, cell.row_span, cell.col_span
                        ));
                        outline_blocks(&cell.blocks, depth + 2, out);
                    }
                }
            }
        }
    }
}
