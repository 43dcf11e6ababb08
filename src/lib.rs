//! restitution: turns filled-in copies of the "Restitution — États généraux du numérique
//! territorialisés" form (October 2020) into the normalized JSON of `docs/SPEC.md`.
//!
//! The pipeline: a reader per format (`docx`, `odt`, `pdf`) turns the file into the neutral
//! `model::Document`; the `mapper` finds the form's parts in it and, with the small
//! `normalize` functions, builds the `output::Restitution` that serde writes.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The public API: conversion entry points below, and these modules.
pub mod batch;
pub mod error;
pub mod export;
pub mod output;
pub mod review;

// The pipeline itself: readers, neutral model, mapper, normalizers. Private; tests, fuzz
// targets, examples and the CLI's hidden `model` command reach them through `internals`.
mod atomic;
mod docx;
mod limits;
mod mapper;
mod model;
mod normalize;
mod odt;
mod package;
mod pdf;
mod reader;
mod symbols;

#[doc(hidden)]
pub mod internals;

use error::Result;
pub use limits::Limits;
use output::{Restitution, Source, SourceFormat};
pub use reader::{FileKind, sniff};
use sha2::{Digest, Sha256};

/// Largest input accepted by default, in bytes (`Limits::max_input_bytes`).
pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;

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
        return Err(reader::input_too_large(bytes.len() as u64, limits));
    }
    let (kind, document) = reader::read_model(bytes, limits)?;
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
