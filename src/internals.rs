//! Not part of the API, and may change at any release: the pipeline's insides, for the
//! crate's own integration tests, fuzz targets, examples and the command line (atomic
//! writes, the hidden `model` subcommand).

pub use crate::atomic::{Staged, write_atomically, write_failure};
pub use crate::docx::read as read_docx;
pub use crate::limits::exceeded;
pub use crate::mapper::map;
pub use crate::pdf::read as read_pdf;
pub use crate::reader::{input_too_large, read_model};

/// The neutral document model every reader produces.
pub mod model {
    pub use crate::model::*;
}

/// What the PDF content interpreter gives for a page, before layout.
pub mod pdf {
    pub use crate::pdf::extract::extract;
    pub use crate::pdf::page::*;
}
