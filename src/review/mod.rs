//! The review page (`restitution review`): one self-contained HTML file that shows,
//! for every document of a batch, each value of its JSON beside the place it was read
//! from, so a person can check a conversion without a second window.
//!
//! - `mod.rs`: lists nothing itself (the inputs are `batch::list`'s), converts each
//!   candidate with `provenance` on the batch pool, orders the sections (documents to
//!   check first) and writes the page.
//! - `html`: the page, the index, one section per document (header, fields laid out like
//!   the form, warnings at their field, unplaced text).
//! - `page_svg`: a PDF page drawn again as inline SVG from what the reader saw.
//! - `source_html`: the blocks of a DOCX or ODT as HTML.
//!
//! Test hooks (kept stable): every value element carries `data-champ="PATH"` (the SPEC
//! path syntax), every zone outline the same `data-champ`, every page image
//! `data-page="N"`, every warning `data-avertissement`.

mod html;
mod page_svg;
mod scan_image;
mod source_html;

use std::io::{self, Write};

use crate::batch::{self, Candidate};
use crate::error::ConvertError;
use crate::limits::Limits;
use crate::output::{Restitution, SourceFormat};
use crate::pdf::page::PageContent;

/// What the reader saw of one document, shown beside its values.
pub enum SourceView {
    /// PDF pages, drawn again as SVG from their glyphs, paths and widgets, with the
    /// picture of each scanned page (a data URL; `None` for a page with text).
    Pages(Vec<PageContent>, Vec<Option<String>>),
    /// DOCX or ODT: the neutral model's blocks, rendered as HTML.
    Blocks(crate::model::Document),
}

/// What the page holds, for the line printed once it is written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Documents shown.
    pub documents: usize,
    /// Of which with an `a_verifier` warning or unplaced text.
    pub to_check: usize,
    /// Files that yield no document (shown with their error).
    pub failed: usize,
}

/// Convert one file with `provenance` and keep what its reader saw.
pub fn review_one(
    fichier: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Restitution, SourceView), ConvertError> {
    let doc = crate::convert_traced(fichier, bytes, limits, true)?;
    // Read a second time for the view: conversion keeps only the model, and a PDF's
    // model has lost the glyph positions and rules the page drawing needs.
    let view = match doc.source.format {
        SourceFormat::Pdf => {
            let (pdf, pages) = crate::pdf::extract::extract_document(bytes, limits)?;
            let pictures = scan_image::pictures(&pdf, &pages, limits);
            SourceView::Pages(pages, pictures)
        }
        SourceFormat::Docx | SourceFormat::Odt => {
            SourceView::Blocks(crate::reader::read_model(bytes, limits)?.1)
        }
    };
    Ok((doc, view))
}

/// Review `items` (from `batch::list`) and write the page to `out`.
pub fn write(
    items: &[Candidate],
    options: &batch::Options,
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let threads = options.threads();
    let mut sections: Vec<html::Section> = Vec::with_capacity(items.len());
    let numbered: Vec<(usize, &Candidate)> = items.iter().enumerate().collect();
    batch::run::ordered(
        &numbered,
        threads,
        (threads * 4).max(16),
        |(id, item)| section(*id, item, &options.limits),
        |section| {
            // Ctrl-C: stop between documents; the page is not written.
            if options.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(io::Error::other(batch::Interrupted));
            }
            sections.extend(section);
            Ok(())
        },
    )?;
    // Files without a document first, then documents a person must look at; otherwise
    // the listing's order (stable), which depends on where the files are.
    sections.sort_by_key(|s| (!s.failed, !s.to_check));
    let summary = Summary {
        documents: sections.iter().filter(|s| !s.failed).count(),
        to_check: sections.iter().filter(|s| s.to_check && !s.failed).count(),
        failed: sections.iter().filter(|s| s.failed).count(),
    };
    html::page(out, &sections)?;
    out.flush()?;
    Ok(summary)
}

/// The section of one item; `None` for a ZIP that turned out to hold no document.
fn section(id: usize, item: &Candidate, limits: &Limits) -> Option<html::Section> {
    let bytes = match item.read(limits) {
        Ok(bytes) => bytes,
        Err(unread) => return Some(html::failure(id, &item.fichier, &unread.error)),
    };
    if item.is_probe()
        && !(crate::reader::holds_word_document(&bytes) || crate::odt::holds_text_document(&bytes))
    {
        return None;
    }
    let reviewed = batch::guarded(|| review_one(&item.fichier, &bytes, limits));
    Some(match reviewed {
        Ok((doc, view)) => batch::guarded(|| Ok(html::document(id, &doc, &view)))
            .unwrap_or_else(|error| html::failure(id, &item.fichier, &error)),
        Err(error) => html::failure(id, &item.fichier, &error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reviewed(name: &str) -> (Restitution, String) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let (doc, view) = review_one(name, &bytes, &Limits::default()).expect("converts");
        let html = match &view {
            SourceView::Pages(pages, pictures) => page_svg::pages(pages, pictures, &doc),
            SourceView::Blocks(model) => source_html::blocks(model, &doc),
        };
        (doc, html)
    }

    /// The `data-champ` attributes of the zones of `html`.
    fn zones(html: &str) -> Vec<&str> {
        html.split("class=\"zone")
            .skip(1)
            .filter_map(|rest| rest.split("data-champ=\"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn every_provenance_entry_of_a_docx_marks_its_paragraph() {
        let (doc, html) = reviewed("fixtures/samples/corse-w14.docx");
        let provenance = doc.provenance.expect("provenance");
        assert!(provenance.0.len() > 50);
        let marked = zones(&html);
        for (path, _) in &provenance.0 {
            assert!(marked.contains(&path.as_str()), "no zone for {path}");
        }
    }

    #[test]
    fn every_provenance_zone_of_a_pdf_is_drawn_on_its_page() {
        let (doc, html) = reviewed("fixtures/samples/corse-w14.pdf");
        let provenance = doc.provenance.expect("provenance");
        for (path, origine) in &provenance.0 {
            let Some(page) = origine.page else { continue };
            let start = html
                .find(&format!("data-page=\"{page}\""))
                .expect("the page is drawn");
            let end = start + html[start..].find("</svg>").expect("svg closed");
            assert!(
                zones(&html[start..end]).contains(&path.as_str()),
                "no zone for {path} on page {page}"
            );
        }
    }

    #[test]
    fn every_paragraph_of_a_value_in_a_docx_is_marked() {
        // The session cell of this sample holds three paragraphs, one value.
        let (doc, html) = reviewed("fixtures/samples/corse-w14.docx");
        let marked: Vec<&str> = html
            .split("<div class=\"zone\" data-champ=\"session.texte\">")
            .skip(1)
            .filter_map(|rest| rest.split("</p>").next())
            .collect();
        assert_eq!(marked.len(), 3, "{marked:?}");
        let value = doc.session.texte.expect("session");
        assert!(marked[2].contains("ateliers successifs") && value.contains("ateliers successifs"));
        // A value never runs on into the next row.
        assert!(!marked.iter().any(|p| p.contains("Présentiel")));
    }
}
