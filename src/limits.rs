//! The limits that keep a hostile file from exhausting the machine. One struct, with the
//! defaults below, passed down to the readers and the batch; each limit has a flag of
//! `convert` and `batch`, and exceeding one gives `trop_volumineux` naming the limit and
//! its flag.
//!
//! Some limits bound one thing (a stream, an operation); the others bound the work done
//! for the whole document and are counted in a `Usage` each time the work is done: a
//! stream shared by 2,000 pages is decoded, and counted, 2,000 times.

use crate::error::{Cause, ConvertError};

const MB: u64 = 1024 * 1024;

/// Bounds on what one conversion may use, so that time and memory stay bounded by the
/// input's size whatever the input; going over one gives `trop_volumineux`. The command
/// line sets each with a `--max-…` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Size of an input file (or of an archive member once inflated), in bytes.
    pub max_input_bytes: u64,
    /// Bytes inflated from one zip entry of a DOCX.
    pub max_inflated_bytes: u64,
    /// Inflated / compressed size of one zip entry of a DOCX (zip bombs).
    pub max_zip_ratio: u64,
    /// Entries in a DOCX archive.
    pub max_zip_entries: usize,
    /// Entries in a `.zip` archive given to `batch`.
    pub max_archive_entries: u64,
    /// Element nesting in an XML part (tables nested in tables count too).
    pub max_xml_depth: usize,
    /// Pages of a PDF.
    pub max_pdf_pages: usize,
    /// Objects of a PDF.
    pub max_pdf_objects: usize,
    /// Decoded size of one PDF stream, in bytes.
    pub max_stream_bytes: usize,
    /// Nesting of PDF Form XObjects.
    pub max_xobject_depth: usize,
    /// Bytes decoded from the streams of a PDF, counted each time a stream is read (pages
    /// sharing a content stream, Forms drawn again, field values, object streams).
    pub max_decoded_bytes: u64,
    /// Content operations interpreted for a PDF (a Form drawn again counts again), and
    /// other repeated work (choices of a form field).
    pub max_operations: u64,
    /// Values (numbers, names, strings, array elements) in one content operation or in one
    /// object of an object stream, and in all the objects of a PDF's object streams
    /// together (four times as many).
    pub max_pdf_values: usize,
    /// Characters on one PDF page.
    pub max_glyphs_per_page: usize,
    /// Characters in one PDF. Every page's glyphs are kept until the document is mapped
    /// and the slowest layout measured takes about 4 µs a glyph: 1M keeps a document
    /// under 10 s and 1 GiB (2.8M took 10 s and 690 MB).
    pub max_glyphs: usize,
    /// Fonts loaded for one PDF.
    pub max_fonts: usize,
    /// CMap entries of the fonts of a PDF (each CMap counted once; an entry that maps to
    /// several characters counts once per character).
    pub max_cmap_entries: usize,
    /// Decoded Form XObject operations kept for reuse.
    pub max_cached_operations: usize,
    /// Paragraphs and tables of a DOCX.
    pub max_blocks: usize,
    /// Tables nested in tables of a DOCX (each level lengthens every paragraph's path);
    /// also the fields, and the content controls, open at once.
    pub max_table_depth: usize,
    /// Pixels of one image decoded from a PDF, and of one page rendered from a scan for
    /// OCR.
    pub max_image_pixels: u64,
    /// Whether a scanned PDF (images, no text) is read by OCR (`tesseract`); off
    /// (`--sans-ocr`), a scan stays `sans_texte` and no external program is run.
    pub ocr: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 100 * MB,
            max_inflated_bytes: 256 * MB,
            max_zip_ratio: 200,
            max_zip_entries: 10_000,
            max_archive_entries: 100_000,
            max_xml_depth: 512,
            max_pdf_pages: 2_000,
            max_pdf_objects: 1_000_000,
            max_stream_bytes: 64 * MB as usize,
            max_xobject_depth: 8,
            max_decoded_bytes: 256 * MB,
            max_operations: 10_000_000,
            max_pdf_values: 1_000_000,
            max_glyphs_per_page: 200_000,
            max_glyphs: 1_000_000,
            max_fonts: 10_000,
            max_cmap_entries: 1_000_000,
            max_cached_operations: 2_000_000,
            max_blocks: 200_000,
            max_table_depth: 32,
            max_image_pixels: 100_000_000,
            ocr: true,
        }
    }
}

/// `trop_volumineux`: what went over, the limit's value and the flag that sets it.
pub fn exceeded(
    what: impl std::fmt::Display,
    limit: impl std::fmt::Display,
    flag: &str,
) -> ConvertError {
    ConvertError::of(Cause::Limit {
        what: what.to_string(),
        limit: limit.to_string(),
        flag: flag.to_string(),
    })
}

/// Work and memory used so far for one document, checked against its `Limits`.
#[derive(Debug, Default, Clone)]
pub struct Usage {
    pub decoded_bytes: u64,
    pub operations: u64,
    pub glyphs: usize,
    pub fonts: usize,
    pub cmap_entries: usize,
}

impl Usage {
    /// Count `bytes` decoded; an error past `max_decoded_bytes`.
    pub fn decode(&mut self, bytes: usize, limits: &Limits) -> Result<(), ConvertError> {
        self.decoded_bytes = self.decoded_bytes.saturating_add(bytes as u64);
        if self.decoded_bytes > limits.max_decoded_bytes {
            return Err(decoded_bytes_exceeded(limits));
        }
        Ok(())
    }

    /// What may still be decoded (the largest stream to accept next).
    pub fn decodable(&self, limits: &Limits) -> usize {
        let left = limits.max_decoded_bytes.saturating_sub(self.decoded_bytes);
        usize::try_from(left)
            .unwrap_or(usize::MAX)
            .min(limits.max_stream_bytes)
    }

    /// Count `n` operations; an error past `max_operations`.
    pub fn operate(&mut self, n: u64, limits: &Limits) -> Result<(), ConvertError> {
        self.operations = self.operations.saturating_add(n);
        if self.operations > limits.max_operations {
            return Err(exceeded(
                format!(
                    "plus de {} opérations dans le document",
                    limits.max_operations
                ),
                format!(
                    "{} opérations (opérations de dessin d'un PDF)",
                    limits.max_operations
                ),
                "max-operations",
            ));
        }
        Ok(())
    }

    /// Count a font loaded; an error past `max_fonts`.
    pub fn load_font(&mut self, limits: &Limits) -> Result<(), ConvertError> {
        self.fonts = self.fonts.saturating_add(1);
        if self.fonts > limits.max_fonts {
            return Err(exceeded(
                format!("plus de {} polices dans le document", limits.max_fonts),
                format!("{} polices (polices d'un PDF)", limits.max_fonts),
                "max-fonts",
            ));
        }
        Ok(())
    }

    /// CMap entries that may still be read.
    pub fn cmap_entries_left(&self, limits: &Limits) -> usize {
        limits.max_cmap_entries.saturating_sub(self.cmap_entries)
    }

    /// Count `n` CMap entries; an error past `max_cmap_entries`.
    pub fn read_cmap_entries(&mut self, n: usize, limits: &Limits) -> Result<(), ConvertError> {
        self.cmap_entries = self.cmap_entries.saturating_add(n);
        if self.cmap_entries > limits.max_cmap_entries {
            return Err(cmap_entries_exceeded(limits));
        }
        Ok(())
    }
}

/// `trop_volumineux` for the document's decoded bytes.
pub fn decoded_bytes_exceeded(limits: &Limits) -> ConvertError {
    exceeded(
        format!(
            "les flux du PDF se décompressent en plus de {} octets au total",
            limits.max_decoded_bytes
        ),
        format!(
            "{} octets (flux décompressés d'un PDF, relectures comprises)",
            limits.max_decoded_bytes
        ),
        "max-decoded-mb",
    )
}

/// `trop_volumineux` for the fonts' CMap entries.
pub fn cmap_entries_exceeded(limits: &Limits) -> ConvertError {
    exceeded(
        format!(
            "plus de {} entrées dans les tables de caractères (CMap) des polices",
            limits.max_cmap_entries
        ),
        format!(
            "{} entrées (CMap des polices d'un PDF)",
            limits.max_cmap_entries
        ),
        "max-cmap-entries",
    )
}

/// `trop_volumineux` for too many values in one operation or object.
pub fn values_exceeded(where_: &str, limit: usize) -> ConvertError {
    exceeded(
        format!("plus de {limit} valeurs dans {where_}"),
        format!("{limit} valeurs (valeurs d'une opération ou d'un objet PDF)"),
        "max-pdf-values",
    )
}
