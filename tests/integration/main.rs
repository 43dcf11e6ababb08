//! The integration tests: one crate (one link, one test binary), a module per area. They
//! run the library through its public API (and `restitution::internals` where a reader's
//! model is the point), or the `restitution` binary itself.
//!
//! Where a new test goes:
//! - a document that must convert to a given JSON, or fail with a given code: no code at
//!   all, a fixture and its sidecar under `fixtures/` (`fixtures.rs` finds it);
//! - the PDF reader's glyphs and paths: `pdf_extract`; its paragraphs and tables:
//!   `pdf_layout`; scanned PDFs (OCR): `scan`; ODT: `odt`;
//! - two formats of one form agreeing: `parity`; where values were read: `provenance`;
//! - the command line (arguments, messages, exit codes, the README's commands): `cli`;
//! - `batch`: `batch` (the tree, the lines), `batch_names` (names), `batch_faults`
//!   (files that change or break mid-run);
//! - exports: `export` (CSV), `export_data` (workbook, SQLite, report); the JSON Schema:
//!   `schema`; the review page: `review`;
//! - hostile inputs and limits: `hostile` (time and memory bounds), `hostile_io` (paths,
//!   pipes, outputs), `limits` (each `Limits` field).
//!
//! Shared helpers (fixtures, scratch folders, a JSON diff) are in `common`.

mod common;

mod batch;
mod batch_faults;
mod batch_names;
mod cli;
mod export;
mod export_data;
mod fixtures;
mod hostile;
mod hostile_io;
mod limits;
mod odt;
mod parity;
mod pdf_extract;
mod pdf_layout;
mod provenance;
mod review;
mod scan;
mod schema;
