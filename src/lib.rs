//! restitution: turns filled-in copies of the "Restitution — États généraux du numérique
//! territorialisés" form (October 2020) into the normalized JSON of `docs/SPEC.md`.
//!
//! The pipeline: a reader per format (`docx`, `pdf`) turns the file into the neutral
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
pub mod output;
pub mod pdf;
pub mod symbols;

use error::{ConvertError, ErrorCode, Result};
pub use limits::Limits;
use output::{Restitution, Source, SourceFormat};
use sha2::{Digest, Sha256};

/// Largest input accepted by default, in bytes (`Limits::max_input_bytes`).
pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;

/// What a file is, judged by its content (never by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Docx,
    Pdf,
}

/// Decide the format from the first bytes. A ZIP is only taken for DOCX here; the DOCX
/// reader checks that it holds `word/document.xml`.
pub fn sniff(bytes: &[u8]) -> Result<FileKind> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(FileKind::Docx);
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(FileKind::Pdf);
    }
    if head.is_empty() {
        return Err(ConvertError::unreadable("le fichier est vide"));
    }
    let what = if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "un ancien document Word (.doc) : enregistrez-le en .docx ou en PDF"
    } else {
        "ni DOCX ni PDF"
    };
    Err(ConvertError::new(ErrorCode::FormatNonPrisEnCharge, what))
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
pub fn convert_traced(name: &str, bytes: &[u8], limits: &Limits, provenance: bool) -> Result<Restitution> {
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(input_too_large(bytes.len() as u64, limits));
    }
    let kind = sniff(bytes)?;
    let document = match kind {
        FileKind::Docx => docx::read_with_limits(bytes, limits)?,
        FileKind::Pdf => pdf::read_with_limits(bytes, limits)?,
    };
    let source = Source {
        fichier: name.to_string(),
        format: match kind {
            FileKind::Docx => SourceFormat::Docx,
            FileKind::Pdf => SourceFormat::Pdf,
        },
        sha256: sha256_hex(bytes),
        octets: bytes.len() as u64,
        pages: document.pages,
        convertisseur: output::CONVERTISSEUR.to_string(),
    };
    mapper::map(&document, source, provenance)
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
    let result = if pretty { serde_json::to_string_pretty(doc) } else { serde_json::to_string(doc) };
    // Serializing plain structs of strings and numbers cannot fail.
    result.unwrap_or_default()
}
