//! PDF reader: positioned glyphs and ruling lines from the page content (lopdf gives
//! objects and content operations, not positioned text), then layout into the neutral
//! model. Knows nothing of the form.
//!
//! - `page`: what content interpretation produces per page (glyphs, paths, fields).
//! - content interpretation and fonts turn page content into `page::PageContent`.
//! - layout turns `PageContent`s into `model::Document` (words, lines, paragraphs,
//!   tables, lists, checkboxes).

pub mod acroform;
pub mod content;
pub mod extract;
pub mod fonts;
pub mod obj;
pub mod page;

use crate::error::{ConvertError, Result};
use crate::model::Document;

/// Read a PDF file into the neutral model.
pub fn read(bytes: &[u8]) -> Result<Document> {
    let _ = bytes;
    Err(ConvertError::new(crate::error::ErrorCode::FormatNonPrisEnCharge, "la lecture des PDF n'est pas encore disponible"))
}
