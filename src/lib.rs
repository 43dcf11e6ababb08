//! restitution: turns filled-in copies of the "Restitution — États généraux du numérique
//! territorialisés" form (October 2020) into the normalized JSON of `docs/SPEC.md`.
//!
//! The pipeline: a reader per format (`docx`, `odt`, `pdf`) turns the file into the neutral
//! `model::Document`; the `mapper` finds the form's parts in it and, with the small
//! `normalize` functions, builds the `output::Restitution` that serde writes.
#![forbid(unsafe_code)]

pub mod atomic;
pub mod batch;
pub mod docx;
pub mod error;
pub mod export;
pub mod limits;
pub mod mapper;
pub mod model;
pub mod normalize;
pub mod odt;
pub mod output;
mod package;
pub mod pdf;
pub mod review;
pub mod symbols;

use error::{Cause, ConvertError, Result};
pub use limits::Limits;
use output::{Restitution, Source, SourceFormat};
use sha2::{Digest, Sha256};

/// Largest input accepted by default, in bytes (`Limits::max_input_bytes`).
pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;

/// What a file is, judged by its content (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Docx,
    Odt,
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

/// Convert one file's bytes with the default limits. `name` is what goes into
/// `source.fichier`.
pub fn convert(name: &str, bytes: &[u8]) -> Result<Restitution> {
    convert_with(name, bytes, &Limits::default())
}

/// Convert one file's bytes within `limits`.
pub fn convert_with(name: &str, bytes: &[u8], limits: &Limits) -> Result<Restitution> {
    convert_traced(name, bytes, limits, false)
}

/// Convert one file's bytes within `limits`; with `provenance`, the document says where
/// every value was read (`provenance`, SPEC "Nothing lost").
pub fn convert_traced(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    provenance: bool,
) -> Result<Restitution> {
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(input_too_large(bytes.len() as u64, limits));
    }
    let (kind, document) = read_model(bytes, limits)?;
    let source = Source {
        fichier: name.to_string(),
        format: match kind {
            FileKind::Docx => SourceFormat::Docx,
            FileKind::Odt => SourceFormat::Odt,
            FileKind::Pdf => SourceFormat::Pdf,
        },
        sha256: sha256_hex(bytes),
        octets: bytes.len() as u64,
        pages: document.pages,
        convertisseur: output::CONVERTISSEUR.to_string(),
    };
    mapper::map(&document, source, provenance)
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

/// The SHA-256 of `bytes`, as 64 lowercase hex digits (`source.sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JSON text of a document: pretty (two-space indent) or compact.
pub fn to_json(doc: &Restitution, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(doc)
    } else {
        serde_json::to_string(doc)
    };
    // Serializing plain structs of strings and numbers cannot fail.
    result.unwrap_or_default()
}
