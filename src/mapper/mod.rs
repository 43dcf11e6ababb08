//! The template mapper: finds the form's parts in the neutral model. Knows nothing of
//! file formats.

use crate::error::Result;
use crate::model::Document;
use crate::output::{Restitution, Source};

pub fn map(document: &Document, source: Source) -> Result<Restitution> {
    let _ = (document, source);
    Err(crate::error::ConvertError::new(crate::error::ErrorCode::PasUneRestitution, "not yet"))
}
