//! Layout: `PageContent`s → `model::Document`.
//!
//! Per page: rulings and drawn boxes from paths (`rulings`), tables from rulings
//! (`tables`), glyphs/boxes/fields as positioned items assigned to a table cell or to
//! the page body, lines and paragraphs in each (`text`). Across pages: repeated headers,
//! footers and page numbers dropped, a table's header row repeated at the top of the
//! next page dropped; words that a narrow column cut without a hyphen
//! rejoined by the document's own words (`breaks`); a table continued on the next page
//! joined.

pub mod aligned;
pub mod breaks;
pub mod orient;
pub mod params;
pub mod rulings;
pub mod tables;
pub mod text;

use rayon::prelude::*;

use crate::model::{Block, Cell, Document, Inline, Origin, Paragraph, Row, Table};
use crate::pdf::page::{FieldValue, PageContent};
use params::LayoutParams;
use tables::Grid;
use text::{Atom, Frame, Kind, Line};

/// Every tolerance of the layout, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// The height of a page whose own height is unknown: A4 portrait, in points.
const A4_HEIGHT: f32 = 842.0;

/// One page once its glyphs are lines and its ruled tables found, before pages are
/// compared (furniture, margins, tables going on).
struct LaidPage {
    number: u32,
    /// Lines of the body (outside ruled tables).
    lines: Vec<Line>,
    /// Ruled tables.
    grids: Vec<Grid>,
    /// The atoms of each table cell, every grid's cells in turn.
    cells: Vec<Vec<Atom>>,
    width: f32,
    /// Horizontal rulings, sorted by position.
    strokes: Vec<rulings::Seg>,
}

/// One page after layout, before joining pages.
struct PageBlocks {
    blocks: Vec<Placed>,
}

/// A block with what cross-page joining needs.
struct Placed {
    block: Block,
    /// For tables: column boundaries.
    xs: Vec<f32>,
    /// For paragraphs: the lines, and the frame they were laid in.
    para: Option<(text::Para, Frame)>,
    /// For tables: the first and last paragraphs of each cell, row by row (what a row
    /// split by the page break is joined by).
    ends: Vec<Vec<CellEnds>>,
    /// Distance from the block's bottom to the page's bottom edge.
    bottom_gap: f32,
}

/// A table cell's first and last paragraphs as laid out, with the frame they wrap in.
struct CellEnds {
    col: usize,
    frame: Frame,
    first: text::Para,
    /// `None` when the cell holds one paragraph.
    last: Option<text::Para>,
}

impl CellEnds {
    fn last(&self) -> &text::Para {
        self.last.as_ref().unwrap_or(&self.first)
    }
}

/// Whether the pages hold images and no text at all: a scan.
pub fn is_scan(pages: &[PageContent]) -> bool {
    let has_text = pages.iter().any(|p| {
        p.glyphs.iter().any(|g| !g.text.trim().is_empty())
            || p.fields.iter().any(|f| match &f.value {
                FieldValue::Text(t) | FieldValue::Choice(t) => !t.trim().is_empty(),
                FieldValue::Check(_) => false,
            })
    });
    !has_text && pages.iter().any(|p| p.images > 0)
}

/// Turn pages into the neutral model.
pub fn build(pages: &[PageContent]) -> Document {
    let turned: Vec<Option<PageContent>> = pages.par_iter().map(orient::upright).collect();
    let pages_upright: Vec<&PageContent> = pages
        .iter()
        .zip(&turned)
        .map(|(p, t)| t.as_ref().unwrap_or(p))
        .collect();
    // Each page is laid out on its own (pages in parallel: a third of a conversion's
    // work), then the pages are compared.
    let laid: Vec<LaidPage> = pages_upright.par_iter().map(|p| lay_out(p)).collect();

    // Page furniture: repeated lines and page numbers.
    let furniture = furniture(
        &laid
            .iter()
            .map(|page| page.lines.as_slice())
            .collect::<Vec<_>>(),
        &pages_upright,
    );
    // Right margin of body text: per page, the rightmost line end inside the margins;
    // over the pages of one width, the median of those (a page of short lines has no
    // line reaching the margin).
    let page_right: Vec<(f32, f32)> = laid
        .iter()
        .map(|page| {
            let width = page.width;
            (
                width,
                page.lines
                    .iter()
                    .map(|l| l.bbox[2])
                    .filter(|&x| x <= width - P.min_margin)
                    .fold(width * 0.5, f32::max),
            )
        })
        .collect();
    let group_right = |width: f32| -> f32 {
        let mut v: Vec<f32> = page_right
            .iter()
            .filter(|(w, _)| (w - width).abs() < 1.0)
            .map(|(_, r)| *r)
            .collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2)
            .copied()
            .unwrap_or(width * P.default_right)
    };
    // Usual line pitch over the whole document.
    let all_lines_pitch = text::usual_pitch_of(laid.iter().flat_map(|page| page.lines.windows(2)));
    let mut page_blocks: Vec<PageBlocks> = Vec::new();
    // The anchors of a text table that ended the page before.
    let mut carried: Option<(Vec<f32>, Vec<String>)> = None;
    for (idx, page) in laid.into_iter().enumerate() {
        let LaidPage {
            number,
            lines,
            mut grids,
            mut cells,
            width,
            strokes,
        } = page;
        let lines: Vec<Line> = lines
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !furniture.contains(&(idx, *i)))
            .map(|(_, l)| l)
            .collect();
        let right = group_right(width);
        // Tables without vertical rulings, from the alignment of the body's text.
        let edges: Vec<f32> = grids
            .iter()
            .flat_map(|g| [g.bbox()[1], g.bbox()[3]])
            .collect();
        let continued = carried
            .as_ref()
            .map(|(anchors, header)| aligned::Continued { anchors, header });
        let (lines, text_tables) =
            aligned::find(lines, &strokes, &edges, all_lines_pitch, continued);
        // What a continued table is compared by: its rulings, or where its columns' text starts.
        let mut join_xs: Vec<Vec<f32>> = grids.iter().map(|g| g.xs.clone()).collect();
        let text_table_xs: Vec<Vec<f32>> = text_tables.iter().map(|t| t.anchors.clone()).collect();
        for t in text_tables {
            join_xs.push(t.anchors);
            grids.push(t.grid);
            cells.extend(t.cells);
        }
        let barriers: Vec<f32> = grids.iter().map(|g| g.bbox()[1]).collect();
        let mut blocks: Vec<(f32, Placed)> = Vec::new();
        let height = pages_upright
            .get(idx)
            .map(|p| p.height)
            .unwrap_or(A4_HEIGHT);
        for para in text::paragraphs(
            lines,
            Frame {
                right,
                pitch: all_lines_pitch,
            },
            &barriers,
        ) {
            let bbox = para.bbox();
            // Ordered by the text's top, not by a tall widget's.
            let key = para
                .lines
                .first()
                .map(|l| l.baseline - l.size)
                .unwrap_or(bbox[1]);
            let p = para.to_paragraph(Origin::Pdf { page: number, bbox });
            let frame = Frame {
                right,
                pitch: all_lines_pitch,
            };
            blocks.push((
                key,
                Placed {
                    block: Block::Paragraph(p),
                    xs: Vec::new(),
                    para: Some((para, frame)),
                    ends: Vec::new(),
                    bottom_gap: height - bbox[3],
                },
            ));
        }
        let mut cell_items = cells.into_iter();
        for (grid, xs) in grids.into_iter().zip(join_xs) {
            let mut rows: Vec<Row> = (0..grid.rows()).map(|_| Row::default()).collect();
            let mut ends: Vec<Vec<CellEnds>> = (0..grid.rows()).map(|_| Vec::new()).collect();
            let cell_lines: Vec<Vec<Line>> = grid
                .cells
                .iter()
                .map(|_| text::lines(cell_items.next().unwrap_or_default()))
                .collect();
            // Where each column wraps: its widest line (cells of one column only).
            let mut wrap = vec![f32::NEG_INFINITY; grid.cols()];
            for (gc, lines) in grid.cells.iter().zip(&cell_lines) {
                if let Some(w) = wrap.get_mut(gc.col).filter(|_| gc.col_span == 1) {
                    *w = lines.iter().map(|l| l.bbox[2]).fold(*w, f32::max);
                }
            }
            for (gc, lines) in grid.cells.iter().zip(cell_lines) {
                let column_wrap = wrap
                    .get(gc.col)
                    .copied()
                    .filter(|w| gc.col_span == 1 && w.is_finite());
                // A cell's own line spacing counts (HTML prints use tall lines).
                let own = text::usual_pitch(&lines);
                let frame = Frame {
                    right: gc.rect[2] - 4.0,
                    pitch: if lines.len() > 1 {
                        own.max(all_lines_pitch)
                    } else {
                        all_lines_pitch
                    },
                };
                let mut paras = text::paragraphs(lines, frame, &[]);
                for p in &mut paras {
                    p.wrap = column_wrap;
                }
                let mut blocks: Vec<Block> = paras
                    .iter()
                    .map(|p| {
                        Block::Paragraph(p.to_paragraph(Origin::Pdf {
                            page: number,
                            bbox: p.bbox(),
                        }))
                    })
                    .collect();
                // A cell's last paragraph that wrapped wraps where its column's widest
                // line ends, short of the cell's edge by its padding; one line alone tells
                // nothing of where the column wraps.
                let wrapped = paras.last().is_some_and(|p| p.lines.len() > 1);
                let frame = match column_wrap {
                    Some(w) if wrapped => Frame {
                        right: w.min(frame.right),
                        ..frame
                    },
                    _ => frame,
                };
                let last = (paras.len() > 1).then(|| paras.pop()).flatten();
                if let (Some(first), Some(row)) = (paras.into_iter().next(), ends.get_mut(gc.row)) {
                    row.push(CellEnds {
                        col: gc.col,
                        frame,
                        first,
                        last,
                    });
                }
                if blocks.is_empty() {
                    blocks.push(Block::Paragraph(Paragraph {
                        origin: Origin::Pdf {
                            page: number,
                            bbox: gc.rect,
                        },
                        ..Default::default()
                    }));
                }
                if let Some(row) = rows.get_mut(gc.row) {
                    row.cells.push(Cell {
                        col: gc.col,
                        col_span: gc.col_span,
                        row_span: gc.row_span,
                        blocks,
                        origin: Origin::Pdf {
                            page: number,
                            bbox: gc.rect,
                        },
                    });
                }
            }
            // An empty band across the whole table at its top or bottom edge is not a row:
            // the frame of a table cut by the page break (Chromium) draws it.
            let cols = grid.cols();
            let is_band = |row: &Row| {
                cols > 1
                    && matches!(row.cells.as_slice(), [c] if c.col_span == cols && c.row_span == 1 && cell_is_empty(c))
            };
            if rows.len() > 1 && rows.last().is_some_and(is_band) {
                rows.pop();
                ends.pop();
            }
            if rows.len() > 1 && rows.first().is_some_and(is_band) {
                rows.remove(0);
                ends.remove(0);
            }
            let bbox = grid.bbox();
            let table = Table {
                rows,
                origin: Origin::Pdf { page: number, bbox },
            };
            blocks.push((
                bbox[1],
                Placed {
                    block: Block::Table(table),
                    xs,
                    para: None,
                    ends,
                    bottom_gap: height - bbox[3],
                },
            ));
        }
        blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
        carried = match blocks.last() {
            Some((
                _,
                Placed {
                    block: Block::Table(table),
                    xs,
                    bottom_gap,
                    ..
                },
            )) if *bottom_gap < P.page_end_gap && text_table_xs.iter().any(|t| t == xs) => Some((
                xs.clone(),
                table.rows.first().map(row_texts).unwrap_or_default(),
            )),
            _ => None,
        };
        page_blocks.push(PageBlocks {
            blocks: blocks.into_iter().map(|(_, b)| b).collect(),
        });
    }

    // Before joining pages: a table's repeated header is compared by its text.
    breaks::resolve(
        page_blocks
            .iter_mut()
            .flat_map(|p| p.blocks.iter_mut().map(|b| &mut b.block)),
    );
    Document {
        blocks: join_pages(page_blocks),
        pages: Some(pages.len() as u32),
        notes: comments(pages),
        ocr_confidence: None,
        ocr_words: Vec::new(),
    }
}

/// The pages' comments, each a paragraph where it is attached.
fn comments(pages: &[PageContent]) -> Vec<Paragraph> {
    pages
        .iter()
        .flat_map(|page| {
            page.comments.iter().map(|c| Paragraph {
                inlines: vec![Inline::Text {
                    text: c.text.clone(),
                    struck: false,
                }],
                origin: Origin::Pdf {
                    page: page.number,
                    bbox: c.rect,
                },
                ..Default::default()
            })
        })
        .collect()
}

/// One page's rulings, ruled tables and lines, before pages are compared.
fn lay_out(page: &PageContent) -> LaidPage {
    let mut r = rulings::collect(&page.paths);
    r.boxes
        .extend(page.scanned_boxes.iter().map(|b| rulings::DrawnBox {
            rect: b.rect,
            checked: b.checked,
        }));
    let mut strokes = r.h.clone();
    strokes.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let grids = tables::find(r.h, r.v);
    let mut items = page_items(page, &r.boxes, &r.dots);
    mark_struck(&mut items, &strokes);
    // Assign items to table cells or the body.
    let mut body: Vec<Atom> = Vec::new();
    let mut cells: Vec<Vec<Atom>> = Vec::new();
    let offsets: Vec<usize> = grids
        .iter()
        .scan(0usize, |acc, g| {
            let o = *acc;
            *acc += g.cells.len();
            Some(o)
        })
        .collect();
    cells.resize_with(grids.iter().map(|g| g.cells.len()).sum(), Vec::new);
    for it in items {
        let (cx, cy) = it.center();
        let slot = grids
            .iter()
            .zip(&offsets)
            .find_map(|(g, o)| g.cell_at(cx, cy).map(|c| o + c));
        match slot.and_then(|s| cells.get_mut(s)) {
            Some(cell) => cell.push(it),
            None => body.push(it),
        }
    }
    LaidPage {
        number: page.number,
        lines: text::lines(body),
        grids,
        cells,
        width: page.width,
        strokes,
    }
}

/// Glyphs crossed by a horizontal stroke through their middle (between a fifth and
/// three fifths of the size above the baseline) are struck out. `strokes` are sorted by
/// position.
fn mark_struck(items: &mut [Atom], strokes: &[rulings::Seg]) {
    if strokes.is_empty() {
        return;
    }
    for it in items.iter_mut() {
        if !matches!(it.kind, Kind::Text(_)) || it.floating {
            continue;
        }
        let (lo_y, hi_y) = (it.baseline - 0.6 * it.size, it.baseline - 0.2 * it.size);
        let cx = (it.bbox[0] + it.bbox[2]) / 2.0;
        let lo = strokes.partition_point(|s| s.pos < lo_y);
        it.struck = strokes[lo..]
            .iter()
            .take_while(|s| s.pos <= hi_y)
            .any(|s| s.a <= cx && s.b >= cx && s.b - s.a < 2000.0);
    }
}

/// Glyphs, drawn boxes and form fields of a page as layout items.
fn page_items(page: &PageContent, boxes: &[rulings::DrawnBox], dots: &[[f32; 4]]) -> Vec<Atom> {
    let mut items: Vec<Atom> =
        Vec::with_capacity(page.glyphs.len().min(P.max_items_per_page) + boxes.len());
    // What a field's appearance draws (a check mark, a value) is given by the field
    // itself: glyphs and drawn boxes inside filled fields are left out.
    let mut covered: Vec<[f32; 4]> = page
        .fields
        .iter()
        .filter(|f| match &f.value {
            FieldValue::Check(_) => {
                f.rect[2] - f.rect[0] <= P.check_field_max
                    && f.rect[3] - f.rect[1] <= P.check_field_max
            }
            FieldValue::Text(t) | FieldValue::Choice(t) => !t.trim().is_empty(),
        })
        .map(|f| f.rect)
        .filter(|r| r.iter().all(|v| v.is_finite()))
        .collect();
    covered.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let widest = covered.iter().map(|r| r[2] - r[0]).fold(0.0f32, f32::max);
    let is_covered = |x: f32, y: f32| {
        let lo = covered.partition_point(|r| r[0] < x - widest - 1.0);
        covered[lo..]
            .iter()
            .take_while(|r| r[0] <= x)
            .any(|r| x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3])
    };
    // Glyphs come in runs of one font: decide boldness once per run.
    let mut last_font: (&str, bool) = ("", false);
    for g in page.glyphs.iter().take(P.max_items_per_page) {
        // A glyph that decodes to nothing known (U+FFFD) is left out.
        if !(g.bbox.iter().all(|v| v.is_finite()) && g.baseline.is_finite() && g.size.is_finite())
            || g.text.is_empty()
            || g.text.chars().all(|c| c == '\u{FFFD}')
        {
            continue;
        }
        if !covered.is_empty()
            && is_covered((g.bbox[0] + g.bbox[2]) / 2.0, (g.bbox[1] + g.bbox[3]) / 2.0)
        {
            continue;
        }
        // A hyphen glyph named "hyphen" often maps to U+2010: it was typed as '-'.
        let text = if g.text.contains('\u{2010}') {
            g.text.replace('\u{2010}', "-")
        } else {
            g.text.clone()
        };
        items.push(Atom {
            kind: Kind::Text(text),
            bbox: g.bbox,
            baseline: g.baseline,
            size: g.size.abs(),
            space_width: if g.space_width.is_finite() {
                g.space_width
            } else {
                0.0
            },
            bold: if &*g.font == last_font.0 {
                last_font.1
            } else {
                last_font = (&g.font, is_bold(&g.font));
                last_font.1
            },
            floating: false,
            hard: false,
            struck: false,
            recognized: &*g.font == crate::pdf::scan::tesseract::OCR_FONT,
        });
    }
    for b in boxes {
        if !covered.is_empty()
            && is_covered((b.rect[0] + b.rect[2]) / 2.0, (b.rect[1] + b.rect[3]) / 2.0)
        {
            continue;
        }
        items.push(Atom {
            kind: Kind::Check(b.checked),
            bbox: b.rect,
            baseline: b.rect[3],
            size: b.rect[3] - b.rect[1],
            space_width: 0.0,
            bold: false,
            floating: true,
            hard: false,
            struck: false,
            recognized: false,
        });
    }
    for d in dots {
        let size = ((d[3] - d[1]) * 2.5).max(4.0);
        items.push(Atom {
            kind: Kind::Text("•".into()),
            bbox: *d,
            baseline: d[3] + 0.2 * size,
            size,
            space_width: 0.0,
            bold: false,
            floating: true,
            hard: false,
            struck: false,
            recognized: false,
        });
    }
    for f in &page.fields {
        let r = f.rect;
        if !r.iter().all(|v| v.is_finite()) {
            continue;
        }
        match &f.value {
            FieldValue::Check(on) => items.push(Atom {
                kind: Kind::Check(Some(*on)),
                bbox: r,
                baseline: r[3],
                size: r[3] - r[1],
                space_width: 0.0,
                bold: false,
                floating: true,
                hard: false,
                struck: false,
                recognized: false,
            }),
            FieldValue::Choice(shown) => {
                let size = (r[3] - r[1]).clamp(P.choice_min_size, P.choice_max_size);
                let baseline = r[3] - (r[3] - r[1] - size) / 2.0 - 0.2 * size;
                items.push(Atom {
                    kind: Kind::Choice(shown.clone()),
                    bbox: r,
                    baseline,
                    size,
                    space_width: 0.0,
                    bold: false,
                    floating: true,
                    hard: false,
                    struck: false,
                    recognized: false,
                })
            }
            FieldValue::Text(value) => {
                // Each line of the value is one piece of text inside the widget (a viewer
                // wraps or shrinks it to fit; its words never leave the field).
                let value_lines: Vec<&str> = value
                    .split(['\n', '\r'])
                    .filter(|l| !l.trim().is_empty())
                    .collect();
                let n = value_lines.len().max(1) as f32;
                let line_h = (r[3] - r[1]) / n;
                let size = (line_h / P.field_line_pitch).clamp(1.0, P.field_max_size);
                let width = (r[2] - r[0] - 2.0 * P.field_pad).max(1.0);
                for (i, l) in value_lines.iter().enumerate() {
                    let text = l.split_whitespace().collect::<Vec<_>>().join(" ");
                    let top = r[1] + i as f32 * line_h;
                    let w = (text.chars().count() as f32 * size * P.field_advance_em).min(width);
                    items.push(Atom {
                        kind: Kind::Text(text),
                        bbox: [
                            r[0] + P.field_pad,
                            top,
                            r[0] + P.field_pad + w,
                            top + line_h,
                        ],
                        baseline: top + line_h * 0.8,
                        size,
                        space_width: size * P.field_space_em,
                        bold: false,
                        floating: true,
                        hard: true,
                        struck: false,
                        recognized: false,
                    });
                }
            }
        }
    }
    items
}

fn is_bold(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    f.contains("bold")
        || f.contains("black")
        || f.contains("heavy")
        || f.contains("semibold")
        || f.ends_with(",b")
}

/// Indexes (page, line) of page furniture: a line repeated at the same place on most
/// pages (headers, footers: measured from the top, or from the bottom, of their own
/// page), or a lone page number near the top or bottom.
fn furniture(
    pages_lines: &[&[Line]],
    pages: &[&PageContent],
) -> std::collections::HashSet<(usize, usize)> {
    use std::collections::HashMap;
    let mut out = std::collections::HashSet::new();
    let n = pages_lines.len();
    let mut seen: HashMap<(String, i32), Vec<(usize, usize)>> = HashMap::new();
    for (p, lines) in pages_lines.iter().enumerate() {
        let height = pages.get(p).map(|pg| pg.height).unwrap_or(A4_HEIGHT);
        for (i, l) in lines.iter().enumerate() {
            let t = l.text();
            let at_bottom = l.bbox[1] > height * (1.0 - P.furniture_band);
            let in_margin = l.bbox[3] < height * P.furniture_band || at_bottom;
            if !in_margin {
                continue;
            }
            let key_text: String = t
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            if is_page_number(&t) {
                out.insert((p, i));
            }
            // A footer's place is its distance from the page's bottom: a landscape page
            // among portrait ones (the plan d'action) has it at another height.
            let from_edge = if at_bottom {
                -(height - l.baseline)
            } else {
                l.baseline
            };
            seen.entry((key_text, (from_edge / P.furniture_step).round() as i32))
                .or_default()
                .push((p, i));
        }
    }
    if n >= 3 {
        for (_, hits) in seen {
            let mut distinct: Vec<usize> = hits.iter().map(|h| h.0).collect();
            distinct.dedup();
            if distinct.len() * 2 > n {
                out.extend(hits);
            }
        }
    }
    out
}

fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("page").map(str::trim).unwrap_or(&lower);
    let rest = rest.replace(" sur ", "/").replace(' ', "");
    if !rest.is_empty()
        && rest.len() <= 6
        && rest.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
    {
        return true;
    }
    !rest.is_empty()
        && rest.len() <= 9
        && rest.chars().all(|c| c.is_ascii_digit() || c == '/')
        && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Concatenate pages. A table whose next block (first on the next page) is a table
/// with the same columns continues it (a repeated header row dropped, a row split by
/// the page break merged); a paragraph whose full last line ends a page continues on
/// the next one. Paragraphs that open a page by repeating the header of a table that
/// ended the page before are that header, repeated (see `repeated_header_len`): dropped.
fn join_pages(pages: Vec<PageBlocks>) -> Vec<Block> {
    let mut out: Vec<Placed> = Vec::new();
    for page in pages {
        let mut first = true;
        let skip = match out.last() {
            Some(Placed {
                block: Block::Table(table),
                bottom_gap,
                ..
            }) if *bottom_gap < P.page_end_gap => repeated_header_len(table, &page.blocks),
            _ => 0,
        };
        for placed in page.blocks.into_iter().skip(skip) {
            let is_first = std::mem::replace(&mut first, false);
            let Some(prev) = out.last_mut().filter(|_| is_first) else {
                out.push(placed);
                continue;
            };
            match (&mut prev.block, placed.block) {
                (Block::Table(prev_table), Block::Table(next))
                    if same_columns(&prev.xs, &placed.xs)
                        || repeats_header(prev_table, &next, &prev.xs, &placed.xs) =>
                {
                    append_rows(
                        prev_table,
                        next.rows,
                        prev.bottom_gap,
                        &mut prev.ends,
                        placed.ends,
                    );
                    prev.bottom_gap = placed.bottom_gap;
                }
                (Block::Paragraph(prev_para), next_block @ Block::Paragraph(_)) => {
                    let joined = match (&mut prev.para, &placed.para) {
                        (Some((p, frame)), Some((next, _)))
                            if text::continues_across_pages(p, next, *frame) =>
                        {
                            p.right_max = p.right_max.max(next.right_max);
                            p.lines.extend(next.lines.iter().cloned());
                            *prev_para = p.to_paragraph(prev_para.origin.clone());
                            true
                        }
                        _ => false,
                    };
                    if joined {
                        prev.bottom_gap = placed.bottom_gap;
                    } else {
                        out.push(Placed {
                            block: next_block,
                            ..placed
                        });
                    }
                }
                (_, block) => out.push(Placed { block, ..placed }),
            }
        }
    }
    out.into_iter().map(|p| p.block).collect()
}

/// Append the rows of a table's continuation. Its first row is dropped when it repeats
/// the header; it is merged into the last row when the row was split by the page break:
/// the table reached the bottom of its page, and the continued row has an empty cell
/// where the last row has text, or a cell starting in lower case (a sentence going on).
/// `ends` and `next_ends` are the first and last paragraphs of the cells of each row.
fn append_rows(
    table: &mut Table,
    mut rows: Vec<Row>,
    bottom_gap: f32,
    ends: &mut Vec<Vec<CellEnds>>,
    mut next_ends: Vec<Vec<CellEnds>>,
) {
    if let (Some(head), Some(first_row)) = (table.rows.first(), rows.first())
        && row_texts(head) == row_texts(first_row)
        && row_texts(head).iter().any(|t| !t.is_empty())
    {
        rows.remove(0);
        if next_ends.len() > rows.len() {
            next_ends.remove(0);
        }
    }
    // Empty cells under a merged cell are that cell's, before the rows are compared.
    let n = table.rows.len();
    extend_merged_cells(table, &mut rows);
    let split = bottom_gap < P.page_end_gap
        && match (table.rows.last(), rows.first()) {
            (Some(last), Some(next)) => {
                let same_shape = last
                    .cells
                    .iter()
                    .map(|c| (c.col, c.col_span))
                    .eq(next.cells.iter().map(|c| (c.col, c.col_span)));
                let empty_where_full = last
                    .cells
                    .iter()
                    .zip(&next.cells)
                    .any(|(a, b)| cell_is_empty(b) && !cell_is_empty(a));
                // Every filled cell goes on mid-sentence.
                let lower_start = next.cells.iter().any(|c| !cell_is_empty(c))
                    && next.cells.iter().filter(|c| !cell_is_empty(c)).all(|c| {
                        c.paragraphs().first().is_some_and(|p| {
                            p.list_level.is_none()
                                && p.text()
                                    .trim_start()
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_lowercase)
                        })
                    });
                same_shape && (empty_where_full || lower_start)
            }
            _ => false,
        };
    let mut rows = rows.into_iter();
    let mut next_ends = next_ends.into_iter();
    if split && let (Some(last), Some(next)) = (table.rows.last_mut(), rows.next()) {
        let mut first_ends = next_ends.next().unwrap_or_default();
        let mut last_ends = ends.last_mut();
        for (a, b) in last.cells.iter_mut().zip(next.cells) {
            if cell_is_empty(&b) {
                continue;
            }
            // The cell's paragraphs as laid out on both pages, when known.
            let before = last_ends
                .as_deref()
                .and_then(|r| r.iter().find(|e| e.col == a.col));
            let after = first_ends.iter().position(|e| e.col == b.col);
            // The last line before the break was full: the next part's first word would
            // not have fitted at its end, so the paragraph went on (a new paragraph, an
            // unmarked item, starts on a fresh line only when there was room).
            let full_line = match (before, after.and_then(|k| first_ends.get(k))) {
                (Some(e), Some(f)) => text::continues_across_pages(e.last(), &f.first, e.frame),
                _ => false,
            };
            let mut blocks = b.blocks.into_iter();
            // The first paragraph goes on the last one when it is not a new item: it
            // carries on a sentence (an unmarked item starts with a capital).
            if let Some(Block::Paragraph(p)) = blocks.next() {
                let continues = p.list_level.is_none() && !p.text().trim().is_empty();
                match a.blocks.last_mut() {
                    Some(Block::Paragraph(q))
                        if continues && (full_line || sentence_goes_on(&q.text(), &p.text())) =>
                    {
                        join_paragraph(q, p)
                    }
                    _ => {
                        if cell_is_empty(a) {
                            a.blocks.clear();
                        }
                        a.blocks.push(Block::Paragraph(p));
                    }
                }
            }
            a.blocks.extend(blocks);
            // The merged cell now ends where its continuation ends.
            if let (Some(k), Some(row)) = (after, last_ends.as_deref_mut())
                && let Some(e) = row.iter_mut().find(|e| e.col == a.col)
            {
                let f = first_ends.swap_remove(k);
                e.last = Some(f.last.unwrap_or(f.first));
            }
        }
        // The merged cells extended over that row lose it.
        for (r, row) in table.rows.iter_mut().enumerate() {
            for c in &mut row.cells {
                if r + c.row_span > n {
                    c.row_span -= 1;
                }
            }
        }
    }
    table.rows.extend(rows);
    ends.extend(next_ends);
}

/// A vertically merged cell cut by the page break: an empty cell at the top of the
/// continuation, under a merged cell reaching the last row, extends that cell.
fn extend_merged_cells(table: &mut Table, rows: &mut [Row]) {
    let n = table.rows.len();
    let Some(first) = rows.first_mut() else {
        return;
    };
    first.cells.retain(|next| {
        if !cell_is_empty(next) {
            return true;
        }
        for r in (0..n).rev() {
            let Some(row) = table.rows.get_mut(r) else {
                continue;
            };
            if let Some(cell) = row
                .cells
                .iter_mut()
                .find(|c| c.col == next.col && c.col_span == next.col_span)
            {
                if r + cell.row_span == n && cell.row_span > 1 {
                    cell.row_span += next.row_span;
                    return false;
                }
                return true;
            }
        }
        true
    });
}

fn cell_is_empty(c: &Cell) -> bool {
    c.paragraphs().iter().all(|p| {
        p.text().trim().is_empty() && p.list_level.is_none() && p.checkboxes().next().is_none()
    })
}

/// Whether `next` carries on the sentence of `text`: it starts in lower case or with a
/// digit, or `text` stopped on a comma or a hyphen.
fn sentence_goes_on(text: &str, next: &str) -> bool {
    let (text, next) = (text.trim(), next.trim());
    !text.is_empty()
        && (next.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
            || text.ends_with([',', '-']))
}

/// Join a paragraph continued after a page break: a space, or nothing after a hyphen.
fn join_paragraph(q: &mut Paragraph, p: Paragraph) {
    let text = q.text();
    let hyphen = text.trim_end().ends_with('-');
    if let Some(crate::model::Inline::Text { text, .. }) = q.inlines.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    if !hyphen {
        q.push_text(" ", false);
    }
    for inline in p.inlines {
        match inline {
            crate::model::Inline::Text { text, struck } => q.push_text(&text, struck),
            other => q.inlines.push(other),
        }
    }
}

fn same_columns(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.len() >= 2 && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 3.0)
}

/// A table at the top of a page whose first row repeats the header of the table that
/// ended the page before, in as many columns, continues it even where its columns'
/// text starts elsewhere (an alignment table's anchors come from the text in it:
/// bullets on one page, a header word on the other).
fn repeats_header(prev: &Table, next: &Table, prev_xs: &[f32], next_xs: &[f32]) -> bool {
    match (prev.rows.first(), next.rows.first()) {
        (Some(head), Some(first)) => {
            prev_xs.len() == next_xs.len()
                && prev_xs.len() >= 3
                && row_texts(head) == row_texts(first)
                && row_texts(head).iter().filter(|t| !t.is_empty()).count() >= 2
        }
        _ => false,
    }
}

/// How many paragraphs at the top of a page are the header of `table` (which ended the
/// page before) repeated: a browser prints a table's header row (`thead`) again on each
/// page the table runs onto, and when no table is found around it its cells' lines come
/// out as paragraphs, interleaved where the cells are centred. They are that header when
/// their words are the header row's words, each as often, and no more.
fn repeated_header_len(table: &Table, blocks: &[Placed]) -> usize {
    let Some(head) = table.rows.first() else {
        return 0;
    };
    let mut want: Vec<String> = row_texts(head)
        .iter()
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    want.sort_unstable();
    // One word alone repeats too easily (a lone "Thématique" heading).
    if want.len() < 2 {
        return 0;
    }
    let mut seen: Vec<String> = Vec::new();
    for (k, placed) in blocks.iter().enumerate() {
        let Block::Paragraph(p) = &placed.block else {
            return 0;
        };
        seen.extend(p.text().split_whitespace().map(str::to_string));
        if seen.len() > want.len() {
            return 0;
        }
        if seen.len() == want.len() {
            seen.sort_unstable();
            return if seen == want { k + 1 } else { 0 };
        }
    }
    0
}

fn row_texts(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| c.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[cfg(test)]
mod tests;
