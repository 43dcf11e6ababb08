//! Scanned PDFs: pages that are images are read by OCR into the same `PageContent` as a
//! PDF with text, so that layout and the mapper treat them alike.
//!
//! Per page (pages in parallel on the rayon pool, so within `batch --jobs`):
//! - `raster`: the page's image XObjects decoded and drawn through their matrix, gray,
//!   at 300 dpi;
//! - `pixels`: skew measured and undone, ruling lines from long dark runs (→ stroked
//!   `Path`s for the table finder), check boxes from small drawn squares decided by the
//!   ink inside (→ `PageContent::scanned_boxes`, undecided ones `None`); both are then
//!   painted white;
//! - `tesseract`: the words of what is left, with boxes and confidence (→ `Glyph`s);
//!   then groups of ink of a character's size that no word covers, each read again on
//!   its own (a page-wide reading drops lone digits at the end of table cells' lines).
//!
//! Coordinates are page points of the straightened page (a skew of at most a couple of
//! degrees moves a box by a few points at most).

pub mod pixels;
pub mod raster;
pub mod tesseract;

use rayon::prelude::*;

use crate::error::Result;
use crate::limits::Limits;
use crate::model::OcrWord;
use crate::pdf::page::{PageContent, Path, ScannedBox};

/// How far (points) a vertical ruling may stick out of a box and still be its side.
const BOX_SIDE_SLACK_PT: f32 = 3.0;

/// What OCR read from a document's pages besides what it added to them.
pub struct Reading {
    /// Mean confidence of the words recognized (0–100).
    pub mean_confidence: f32,
    /// Every word recognized, with its page, box and confidence.
    pub words: Vec<OcrWord>,
}

/// Read every scanned page of `pages` by OCR, adding its words, rulings and boxes.
pub fn read(doc: &lopdf::Document, pages: &mut [PageContent], limits: &Limits) -> Result<Reading> {
    // Render first (lopdf's document is read from one thread at a time), then recognize
    // in parallel.
    let mut rendered = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        rendered.push(if page.placed_images.is_empty() {
            None
        } else {
            raster::render(doc, page, limits)?
        });
    }
    let results: Vec<Result<Option<PageScan>>> = rendered
        .into_par_iter()
        .map(|image| image.map(scan_page).transpose())
        .collect();
    let mut confidences: Vec<f32> = Vec::new();
    let mut words = Vec::new();
    for (page, result) in pages.iter_mut().zip(results) {
        let Some(mut scan) = result? else {
            continue;
        };
        confidences.extend(scan.words.iter().map(|w| w.confidence));
        words.extend(scan.words.iter().map(|w| OcrWord {
            text: w.text.clone(),
            page: page.number,
            bbox: w.bbox,
            confidence: w.confidence,
        }));
        tesseract::add_bullets(&mut scan.words, &scan.bullets);
        let borders: Vec<(f32, f32, f32)> = scan
            .lines
            .iter()
            .filter(|l| !l.horizontal)
            .map(|l| (l.pos, l.from, l.to))
            .collect();
        page.glyphs.extend(tesseract::glyphs(&scan.words, &borders));
        page.paths.extend(scan.lines.iter().map(ruling_path));
        page.scanned_boxes
            .extend(scan.squares.iter().map(|q| ScannedBox {
                rect: q.rect,
                checked: q.state(),
            }));
    }
    let mean = if confidences.is_empty() {
        0.0
    } else {
        confidences.iter().sum::<f32>() / confidences.len() as f32
    };
    Ok(Reading {
        mean_confidence: mean,
        words,
    })
}

/// What one scanned page showed.
struct PageScan {
    words: Vec<tesseract::Word>,
    /// ▶ bullets found in pixels (not recognized: no confidence of their own).
    bullets: Vec<[f32; 4]>,
    lines: Vec<pixels::Line>,
    squares: Vec<pixels::Square>,
}

fn scan_page(image: raster::Gray) -> Result<PageScan> {
    let ink = pixels::Ink::of(&image, pixels::otsu(&image));
    let skew = pixels::skew(&ink);
    let (mut image, ink) = match pixels::straighten(&image, skew) {
        Some(straight) => {
            let ink = pixels::Ink::of(&straight, pixels::otsu(&straight));
            (straight, ink)
        }
        None => (image, ink),
    };
    // Rulings at Otsu's threshold (a shaded cell is not ink), boxes at a lighter one
    // (their hairline borders are).
    let mut lines = pixels::rulings(&ink);
    let light = pixels::Ink::of(&image, pixels::threshold(&image));
    let squares = pixels::squares(&light);
    let bullets = pixels::triangles(&ink);
    // A box's side that runs into a ruling is no column border.
    lines.retain(|l| {
        l.horizontal
            || !squares.iter().any(|q| {
                let r = q.rect;
                l.pos >= r[0] - BOX_SIDE_SLACK_PT
                    && l.pos <= r[2] + BOX_SIDE_SLACK_PT
                    && l.to - l.from <= r[3] - r[1] + 2.0 * BOX_SIDE_SLACK_PT
            })
    });
    drop((ink, light));
    let mut rects: Vec<[f32; 4]> = squares.iter().map(|q| q.rect).collect();
    rects.extend(&bullets);
    pixels::erase(&mut image, &lines, &rects);
    let mut words = tesseract::words(&image)?;
    tesseract::reread_cells(&image, &table_cells(&lines), &mut words)?;
    // What the page's recognition left unread (a lone digit at the end of a cell's
    // line), read again group by group.
    let boxes: Vec<[f32; 4]> = words.iter().map(|w| w.bbox).collect();
    let unread = pixels::unread(&pixels::Ink::of(&image, pixels::otsu(&image)), &boxes);
    words.extend(tesseract::words_in(&image, &unread)?);
    Ok(PageScan {
        words,
        bullets,
        lines,
        squares,
    })
}

/// A cell this small (points) is not read again on its own: nothing but a check box or
/// a bullet fits in it.
const MIN_CELL_PT: f32 = 8.0;
/// A cell is read inside its rulings by this much (points): their erased remains.
const CELL_INSET_PT: f32 = 0.5;

/// The cells (pixel boxes, end exclusive) of the tables with more than one column that
/// the rulings draw (found as layout finds them in a PDF's rulings).
fn table_cells(lines: &[pixels::Line]) -> Vec<[usize; 4]> {
    use crate::pdf::layout::rulings::Seg;
    let seg = |l: &pixels::Line| Seg {
        pos: l.pos,
        a: l.from,
        b: l.to,
    };
    let h: Vec<Seg> = lines.iter().filter(|l| l.horizontal).map(seg).collect();
    let v: Vec<Seg> = lines.iter().filter(|l| !l.horizontal).map(seg).collect();
    let s = raster::PIXELS_PER_POINT;
    let px = |v: f32| (v.max(0.0) * s) as usize;
    crate::pdf::layout::tables::find(h, v)
        .into_iter()
        .filter(|g| g.cols() > 1)
        .flat_map(|g| g.cells)
        .filter(|c| c.rect[2] - c.rect[0] >= MIN_CELL_PT && c.rect[3] - c.rect[1] >= MIN_CELL_PT)
        .map(|c| {
            let r = c.rect;
            [
                px(r[0] + CELL_INSET_PT),
                px(r[1] + CELL_INSET_PT),
                px(r[2] - CELL_INSET_PT),
                px(r[3] - CELL_INSET_PT),
            ]
        })
        .collect()
}

/// A ruling as the stroked segment a PDF with text would draw.
fn ruling_path(l: &pixels::Line) -> Path {
    let segment = if l.horizontal {
        vec![[l.from, l.pos], [l.to, l.pos]]
    } else {
        vec![[l.pos, l.from], [l.pos, l.to]]
    };
    Path {
        subpaths: vec![segment],
        rects: Vec::new(),
        stroked: true,
        filled: false,
        line_width: l.thickness,
        fill_lightness: 0.0,
    }
}
