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

use crate::error::Result;
use crate::model::Document;

/// Read a PDF file into the neutral model: `sans_texte` for a scan without a text
/// layer, the page count in `Document::pages`.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with_limits(bytes, &crate::Limits::default())
}

/// `read` within `limits`.
pub fn read_with_limits(bytes: &[u8], limits: &crate::Limits) -> Result<Document> {
    let pages = extract::extract_with(bytes, limits)?;
    layout::document(&pages)
}
