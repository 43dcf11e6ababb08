//! Which reader a file calls for, judged by its content (never by its name), and the
//! reading itself into the neutral model.

use crate::error::{Cause, ConvertError, Result};
use crate::{Limits, docx, limits, model, odt, pdf};

/// What a file is, judged by its content (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Word document (Office Open XML, Transitional or Strict).
    Docx,
    /// An OpenDocument text.
    Odt,
    /// A PDF.
    Pdf,
}

/// Decide the format from the first bytes. A ZIP whose first entry is the `mimetype`
/// of an OpenDocument text (ODF puts it first, stored) is ODT; another ZIP is taken for
/// DOCX here, and `convert` looks inside it (`zip_kind`).
pub fn sniff(bytes: &[u8]) -> Result<FileKind> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"PK\x03\x04") && starts_with_odt_mimetype(head) {
        return Ok(FileKind::Odt);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(FileKind::Docx);
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(FileKind::Pdf);
    }
    if head.is_empty() {
        return Err(ConvertError::of(Cause::Empty));
    }
    Err(ConvertError::of(
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            Cause::LegacyWord
        } else {
            Cause::UnknownFormat
        },
    ))
}

/// Whether the first local entry of a ZIP is `mimetype`, stored, holding the ODF text
/// type (ODF 1.2 part 3, 3.3).
fn starts_with_odt_mimetype(head: &[u8]) -> bool {
    const NAME: &[u8] = b"mimetype";
    let field = |at: usize| {
        head.get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let (Some(name_len), Some(extra_len)) = (field(26), field(28)) else {
        return false;
    };
    let data = 30 + name_len + extra_len;
    name_len == NAME.len()
        && head.get(30..30 + name_len) == Some(NAME)
        && head
            .get(data..)
            .is_some_and(|d| d.starts_with(odt::TEXT_MIMETYPE.as_bytes()))
}

/// The format of a whole file: as `sniff` says, except that a ZIP sniffed as DOCX that
/// holds no Word document but an OpenDocument text (its `mimetype` not first) is ODT.
pub fn file_kind(bytes: &[u8]) -> Result<FileKind> {
    let kind = sniff(bytes)?;
    if kind == FileKind::Docx && !holds_word_document(bytes) && odt::holds_text_document(bytes) {
        return Ok(FileKind::Odt);
    }
    Ok(kind)
}

/// Whether a ZIP archive holds a Word main part (`word/…`).
pub fn holds_word_document(bytes: &[u8]) -> bool {
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(zip) => zip
            .file_names()
            .any(|name| name.is_ok_and(|n| n.starts_with("word/"))),
        Err(_) => false,
    }
}

/// Read a file into the neutral model with the reader its content calls for.
pub fn read_model(bytes: &[u8], limits: &Limits) -> Result<(FileKind, model::Document)> {
    let kind = file_kind(bytes)?;
    let document = match kind {
        FileKind::Docx => docx::read_with_limits(bytes, limits)?,
        FileKind::Odt => odt::read_with_limits(bytes, limits)?,
        FileKind::Pdf => pdf::read_with_limits(bytes, limits)?,
    };
    Ok((kind, document))
}

/// `trop_volumineux` for an input of `size` bytes.
pub fn input_too_large(size: u64, limits: &Limits) -> ConvertError {
    limits::exceeded(
        format!("fichier de {size} octets"),
        format!("{} octets (taille d'un fichier)", limits.max_input_bytes),
        "max-input-mb",
    )
}
