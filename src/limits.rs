//! The limits that keep a hostile file from exhausting the machine. One struct, with the
//! defaults below, passed down to the readers and the batch; each limit has a flag of
//! `convert` and `batch`, and exceeding one gives `trop_volumineux` naming the limit and
//! its flag.

use crate::error::ConvertError;

const MB: u64 = 1024 * 1024;

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
        }
    }
}

/// `trop_volumineux`: what went over, the limit's value and the flag that sets it.
pub fn exceeded(what: impl std::fmt::Display, limit: impl std::fmt::Display, flag: &str) -> ConvertError {
    ConvertError::too_large(format!("{what}, au-delà de la limite de {limit} (option --{flag})"))
}
