//! DOCX reader (zip + quick-xml, streamed). Knows nothing of the form.

use crate::error::Result;
use crate::model::Document;

pub fn read(bytes: &[u8]) -> Result<Document> {
    let _ = bytes;
    Err(crate::error::ConvertError::unreadable("not yet"))
}
