//! PDF reader: positioned glyphs and ruling lines from the page content (lopdf gives
//! objects and content operations, not positioned text), then layout into the neutral
//! model. Knows nothing of the form.
//!
//! - `page`: what content interpretation produces per page (glyphs, paths, fields).
//! - `extract` (with `content`, `fonts`, `acroform`, `obj`): page content →
//!   `page::PageContent`.
//! - `layout`: `PageContent`s → `model::Document` (words, lines, paragraphs, tables,
//!   lists, checkboxes).

pub mod acroform;
pub mod content;
pub mod extract;
pub mod fonts;
pub mod layout;
mod load;
pub mod obj;
pub mod page;
pub mod scan;

use crate::error::Result;
use crate::model::Document;

/// Read a PDF file into the neutral model: `sans_texte` for a scan without a text
/// layer, the page count in `Document::pages`.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with_limits(bytes, &crate::Limits::default())
}

/// `read` within `limits`. A scan (images, no text) is read by OCR when `limits.ocr`
/// allows it and `tesseract` is installed; otherwise it is `sans_texte`.
pub fn read_with_limits(bytes: &[u8], limits: &crate::Limits) -> Result<Document> {
    let (doc, mut pages) = extract::extract_document(bytes, limits)?;
    if !layout::is_scan(&pages) {
        return layout::document(&pages, "");
    }
    if !limits.ocr {
        return layout::document(&pages, "elle a été désactivée (option --sans-ocr)");
    }
    if !scan::tesseract::available() {
        return layout::document(&pages, scan::tesseract::INSTALL_HINT);
    }
    let reading = scan::read(&doc, &mut pages, limits)?;
    let mut document = layout::document(
        &pages,
        "aucun texte n'a été reconnu dans les images des pages",
    )?;
    document.ocr_confidence = Some(reading.mean_confidence);
    document.ocr_words = reading.words;
    Ok(document)
}
