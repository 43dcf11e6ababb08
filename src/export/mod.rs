//! Exports of the JSON output for other tools: flat CSV tables for spreadsheets and
//! databases (`csv`).

pub mod csv;
