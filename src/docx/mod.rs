//! DOCX reader: zip + quick-xml, streamed. Knows nothing of the form.
//!
//! One module per part, as calamine does: `styles` (paragraph styles: list numbering
//! and heading levels inherited through `basedOn`) and `body` (the main document part
//! streamed into the neutral model; comments, footnotes and endnotes too, kept apart as
//! `Document::notes`). Media, headers and footers are never opened.

mod body;
mod styles;
mod xml;

use crate::error::{self, Cause, ConvertError, PartFault, Result};
use crate::model::Document;
use crate::package::Package;

pub use crate::limits::Limits;
use crate::limits::exceeded;

const MAIN_PART_DEFAULT: &str = "word/document.xml";

/// Read a DOCX file into the neutral model.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with_limits(bytes, &Limits::default())
}

pub fn read_with_limits(bytes: &[u8], limits: &Limits) -> Result<Document> {
    let mut archive = Package::open(bytes).map_err(|e| {
        ConvertError::of(Cause::BrokenArchive {
            package: error::Package::Docx,
        })
        .with_source(e)
    })?;
    if archive.zip.len() > limits.max_zip_entries {
        return Err(exceeded(
            format!("{} entrées dans l'archive", archive.zip.len()),
            format!("{} entrées (entrées d'un DOCX)", limits.max_zip_entries),
            "max-zip-entries",
        ));
    }
    let main_part = main_part_name(&mut archive, limits)?;
    if archive.zip.index_for_name(&main_part).is_none() {
        return Err(ConvertError::of(Cause::MissingMainPart {
            package: error::Package::Docx,
            part: MAIN_PART_DEFAULT.to_string(),
        }));
    }
    let styles_part = match main_part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/styles.xml"),
        None => "styles.xml".to_string(),
    };
    let styles = match archive.zip.index_for_name(&styles_part) {
        Some(_) => styles::read(
            &entry_bytes(&mut archive, &styles_part, limits)?,
            &styles_part,
            limits,
        )?,
        None => styles::Styles::default(),
    };
    let document = entry_bytes(&mut archive, &main_part, limits)?;
    let mut model = body::read(&document, &main_part, &styles, limits)?;
    // What a person wrote beside the body: no field is read from it, but it is text of
    // theirs and must not be lost.
    let dir = main_part
        .rsplit_once('/')
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();
    for name in NOTE_PARTS {
        let part = format!("{dir}{name}");
        if archive.zip.index_for_name(&part).is_some() {
            let notes = body::read(
                &entry_bytes(&mut archive, &part, limits)?,
                &part,
                &styles,
                limits,
            )?;
            model
                .notes
                .extend(notes.blocks.iter().flat_map(|b| b.paragraphs()).cloned());
        }
    }
    Ok(model)
}

/// The parts that hold comments, footnotes and endnotes, beside the main part.
const NOTE_PARTS: [&str; 3] = ["comments.xml", "footnotes.xml", "endnotes.xml"];

/// The main document part named by `_rels/.rels` (officeDocument), or the usual name.
/// `fichier_illisible` for a damaged part of a DOCX.
fn damaged(part: &str, fault: PartFault) -> ConvertError {
    ConvertError::of(Cause::BrokenPart {
        package: error::Package::Docx,
        part: part.to_string(),
        fault,
    })
}

fn main_part_name(archive: &mut Package, limits: &Limits) -> Result<String> {
    if archive.zip.index_for_name("_rels/.rels").is_none() {
        return Ok(MAIN_PART_DEFAULT.to_string());
    }
    let rels = entry_bytes(archive, "_rels/.rels", limits)?;
    Ok(xml::office_document_target(&rels).unwrap_or_else(|| MAIN_PART_DEFAULT.to_string()))
}

/// Inflate one entry within the limits.
fn entry_bytes(archive: &mut Package, name: &str, limits: &Limits) -> Result<Vec<u8>> {
    archive.inflate(name, limits, error::Package::Docx)
}
