//! Flat CSV tables from output lines (a SPEC document, or a batch error line
//! `{"source": {...}, "erreur": {"code", "message"}}`), for spreadsheets and databases.
//!
//! Ten files are written in one folder, one per table of `export::tables`; every row
//! starts with the document's `fichier`, `sha256` and `region_academique`, the key that
//! joins the tables:
//!
//! | file | one row per |
//! |---|---|
//! | `documents.csv` | document: session, format, animateurs, numbering, totals, the nine participant categories |
//! | `participants.csv` | participant category of a document (the same counts, one row each, with the printed label) |
//! | `retex.csv` | RETEX paragraph |
//! | `diagnostic.csv`, `projections.csv`, `plan_action.csv` | table row |
//! | `propositions.csv` | proposition phare, every field flattened |
//! | `avertissements.csv` | warning, with its `gravite` |
//! | `textes_non_repris.csv` | text that no field took, with its page and place |
//! | `erreurs.csv` | error line (a file that yields no document) |
//!
//! The rows of a document's list have `index` (from 0, as in the JSON paths). A list
//! cell joins its items with ` | `; `null` is an empty cell; booleans are `true` /
//! `false`. Headers are always written, even for an empty table. Each file is written to
//! a temporary file beside it and renamed by [`CsvWriter::finish`]: an interrupted export
//! leaves the previous files as they were. With `excel`, files are UTF-8 with a BOM, `;`
//! separated with CRLF line ends, so that a French-locale spreadsheet opens them right.
//! Unless `raw`, a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! gets a leading `'`, so that no spreadsheet runs it as a formula (OWASP).
//!
//! Lines are read one at a time: memory stays bounded whatever the number of documents.
//!
//! Use from another command (e.g. `batch --csv DIR`): create a [`CsvWriter`], give it each
//! output line as a `serde_json::Value` (`serde_json::to_value(&doc)` or of an
//! `output::ErrorLine`), in output order, then call [`CsvWriter::finish`]:
//!
//! ```no_run
//! # fn main() -> Result<(), restitution::export::ExportError> {
//! use restitution::export::CsvWriter;
//! let mut csv = CsvWriter::new("tables", Default::default())?;
//! # let lines: Vec<serde_json::Value> = Vec::new();
//! for line in &lines {
//!     csv.write_line(line)?;
//! }
//! let summary = csv.finish()?;
//! eprintln!("{} documents, {} errors", summary.documents, summary.errors);
//! # Ok(())
//! # }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::tables::{self, Cell};
pub use super::{ExportError, Summary};
use crate::atomic::Staged;

/// The UTF-8 byte order mark that tells a spreadsheet the file is UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// UTF-8 with a BOM, `;` separated, CRLF line ends: for a French-locale spreadsheet.
    pub excel: bool,
    /// Keep text cells as they are, even those a spreadsheet would take for a formula.
    pub raw: bool,
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
/// injection"): a text cell starting with one of them gets a leading `'`.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Writes output lines as the CSV tables of this module into a folder.
pub struct CsvWriter {
    tables: Vec<Table>,
    options: CsvOptions,
    summary: Summary,
}

/// The file of `table` in the CSV folder.
pub fn file_name(table: &tables::Table) -> String {
    format!("{}.csv", table.name)
}

impl CsvWriter {
    /// Start the tables in `dir` (created if missing). Nothing replaces the folder's
    /// existing files before [`CsvWriter::finish`].
    pub fn new(dir: impl AsRef<Path>, options: CsvOptions) -> Result<Self, ExportError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files = Vec::with_capacity(tables::tables().len());
        for table in tables::tables() {
            let header: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
            files.push(Table::create(
                dir,
                &file_name(table),
                &header,
                options.excel,
            )?);
        }
        Ok(CsvWriter {
            tables: files,
            options,
            summary: Summary::default(),
        })
    }

    /// Add one output line: a document's rows to every table, or an error line's row to
    /// `erreurs.csv`. A value of an unexpected type (not what the schema says) gives an
    /// empty or JSON-text cell; only a line that is neither kind is refused.
    pub fn write_line(&mut self, line: &Value) -> Result<(), ExportError> {
        let kind = tables::line_kind(line).ok_or(ExportError::NotAnOutputLine)?;
        tables::for_each_row(line, kind, |table, cells| self.write_row(table, cells))?;
        self.summary.count(kind);
        Ok(())
    }

    /// Add one row of the table at `table` (its position in `tables::tables`).
    pub fn write_row(&mut self, table: usize, cells: &[Cell]) -> Result<(), ExportError> {
        let raw = self.options.raw;
        let row: Vec<String> = cells.iter().map(|cell| csv_text(cell, raw)).collect();
        self.tables[table].write(&row)
    }

    /// Flush every table and move them all in place of the folder's files of the same
    /// name, or none of them.
    pub fn finish(self) -> Result<Summary, ExportError> {
        let staged = self
            .tables
            .into_iter()
            .map(Table::into_staged)
            .collect::<Result<Vec<_>, _>>()?;
        let dir = staged
            .first()
            .and_then(|s| s.path().parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        crate::atomic::commit_all(staged)
            .map_err(|source| ExportError::Io { path: dir, source })?;
        Ok(self.summary)
    }
}

/// A cell's CSV text; a text cell that a spreadsheet would run as a formula is
/// neutralized with a leading `'`, unless `raw`.
fn csv_text(cell: &Cell, raw: bool) -> String {
    let text = cell.text().into_owned();
    if !raw && cell.is_text() && text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

/// One CSV file being written to its temporary file beside its final path (removed if
/// the table is dropped unfinished: see `atomic::Staged`).
struct Table {
    path: PathBuf,
    writer: csv::Writer<Staged>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[String], excel: bool) -> Result<Self, ExportError> {
        let path = dir.join(name);
        let io_error = |source| ExportError::Io {
            path: path.clone(),
            source,
        };
        let mut staged = Staged::new(&path).map_err(io_error)?;
        let mut builder = csv::WriterBuilder::new();
        if excel {
            staged.write_all(BOM).map_err(io_error)?;
            builder.delimiter(b';').terminator(csv::Terminator::CRLF);
        }
        let mut table = Table {
            path: path.clone(),
            writer: builder.from_writer(staged),
        };
        table.write(header)?;
        Ok(table)
    }

    fn write(&mut self, row: &[String]) -> Result<(), ExportError> {
        self.writer
            .write_record(row)
            .map_err(|source| ExportError::Csv {
                path: self.path.clone(),
                source,
            })
    }

    /// The table's rows flushed, ready to be committed with the others.
    fn into_staged(self) -> Result<Staged, ExportError> {
        let path = self.path;
        self.writer.into_inner().map_err(|e| ExportError::Io {
            path,
            source: e.into_error(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn formulas_are_neutralized_unless_raw() {
        let text = |s: &'static str| Cell::Text(Cow::Borrowed(s));
        assert_eq!(csv_text(&text("=1+1"), false), "'=1+1");
        assert_eq!(csv_text(&text("-3 élèves"), false), "'-3 élèves");
        assert_eq!(csv_text(&text("@SOMME(A1)"), false), "'@SOMME(A1)");
        assert_eq!(csv_text(&text("\tx"), false), "'\tx");
        assert_eq!(csv_text(&text("=1+1"), true), "=1+1");
        assert_eq!(csv_text(&text("Équipes"), false), "Équipes");
        assert_eq!(
            csv_text(&Cell::Integer(-3), false),
            "-3",
            "a number is not a formula"
        );
    }
}
