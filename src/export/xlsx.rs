//! One Excel workbook (`.xlsx`) of the tables of `export::tables`: one sheet per table,
//! named as the CSV file, with typed cells (numbers, booleans, real dates), the header
//! row frozen with an autofilter, widths from the longest value, long text wrapped.
//!
//! Sheets are written in "constant memory" mode: each row goes to a temporary file as it
//! comes, so memory stays bounded whatever the number of documents. The workbook is
//! saved to a temporary file beside its path, then renamed: an interrupted export leaves
//! the previous workbook as it was.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::ExportError;
use super::tables::{self, Cell, Kind};

/// A sheet has at most this many rows, the header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;
/// A cell holds at most this many characters (Excel's limit); longer text is cut.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths, in characters: never narrower than `MIN_WIDTH`, a short-text column
/// never wider than `MAX_TEXT_WIDTH`, a long-text column (wrapped) never wider than
/// `MAX_LONG_TEXT_WIDTH`.
const MIN_WIDTH: usize = 8;
const MAX_TEXT_WIDTH: usize = 30;
const MAX_LONG_TEXT_WIDTH: usize = 60;
/// Room for the autofilter's arrow beside a header.
const FILTER_ARROW_WIDTH: usize = 3;
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Writes output rows into a workbook, sheet by sheet as they come.
pub struct XlsxWriter {
    workbook: Workbook,
    path: PathBuf,
    /// The temporary file beside `path` (random name, created exclusively: see
    /// `atomic`), made at once so that a folder that cannot be written fails the export
    /// before any work; removed if the workbook is not saved.
    tmp: tempfile::TempPath,
    sheets: Vec<SheetState>,
    wrap: Format,
    date: Format,
}

/// What is known of a sheet while rows come: the next row and each column's widest text.
struct SheetState {
    next_row: u32,
    widths: Vec<usize>,
}

impl XlsxWriter {
    /// Start a workbook to be saved at `path`. Nothing replaces `path` before
    /// [`XlsxWriter::finish`].
    pub fn new(path: impl AsRef<Path>) -> Result<Self, ExportError> {
        let path = path.as_ref().to_path_buf();
        // The error names the workbook the user asked for, not the temporary file.
        let tmp =
            crate::atomic::temporary_path_beside(&path).map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
        let error = |e| xlsx_error(&path, e);
        let mut workbook = Workbook::new();
        let header = Format::new().set_bold();
        let mut sheets = Vec::new();
        for table in tables::tables() {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(error)?;
            sheet.set_name(table.name).map_err(error)?;
            for (col, column) in table.columns.iter().enumerate() {
                sheet
                    .write_string_with_format(0, col as u16, &column.name, &header)
                    .map_err(error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(error)?;
            let widths = table
                .columns
                .iter()
                .map(|c| c.name.chars().count() + FILTER_ARROW_WIDTH)
                .collect();
            sheets.push(SheetState {
                next_row: 1,
                widths,
            });
        }
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        let date = Format::new()
            .set_num_format(DATE_FORMAT)
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        Ok(XlsxWriter {
            workbook,
            path,
            tmp,
            sheets,
            wrap,
            date,
        })
    }

    /// Add one row of the table at `table` (its position in `tables::tables`).
    pub fn write_row(&mut self, table: usize, cells: &[Cell]) -> Result<(), ExportError> {
        let state = &mut self.sheets[table];
        let row = state.next_row;
        if row >= MAX_ROWS {
            let name = tables::tables()[table].name;
            return Err(ExportError::Xlsx {
                path: self.path.clone(),
                reason: format!(
                    "la feuille « {name} » dépasse {MAX_ROWS} lignes, la limite d'Excel"
                ),
            });
        }
        state.next_row += 1;
        let columns = &tables::tables()[table].columns;
        let sheet = self
            .workbook
            .worksheet_from_index(table)
            .map_err(|e| xlsx_error(&self.path, e))?;
        for (col, (cell, column)) in cells.iter().zip(columns).enumerate() {
            let width = write_cell(
                sheet,
                row,
                col as u16,
                cell,
                column.kind,
                &self.wrap,
                &self.date,
            )
            .map_err(|e| xlsx_error(&self.path, e))?;
            let widest = &mut state.widths[col];
            *widest = (*widest).max(width);
        }
        Ok(())
    }

    /// Set the widths and autofilters, then save the workbook in place of `path`.
    pub fn finish(mut self) -> Result<(), ExportError> {
        let path = self.path.clone();
        let error = |e| xlsx_error(&path, e);
        for (index, (table, state)) in tables::tables().iter().zip(&self.sheets).enumerate() {
            let sheet = self.workbook.worksheet_from_index(index).map_err(error)?;
            let last_col = (table.columns.len() - 1) as u16;
            sheet
                .autofilter(0, 0, state.next_row - 1, last_col)
                .map_err(error)?;
            for (col, (column, widest)) in table.columns.iter().zip(&state.widths).enumerate() {
                let most = if column.kind == Kind::LongText {
                    MAX_LONG_TEXT_WIDTH
                } else {
                    MAX_TEXT_WIDTH
                };
                sheet
                    .set_column_width(col as u16, (*widest).clamp(MIN_WIDTH, most) as f64)
                    .map_err(error)?;
            }
        }
        self.workbook.save(&*self.tmp).map_err(error)?;
        self.tmp.persist(&path).map_err(|e| ExportError::Io {
            path: path.clone(),
            source: e.error,
        })?;
        Ok(())
    }
}

/// Write one cell with its type; returns the width its text takes, in characters.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    kind: Kind,
    wrap: &Format,
    date: &Format,
) -> Result<usize, XlsxError> {
    match cell {
        Cell::Empty => return Ok(0),
        Cell::Text(text) => {
            let text = cut(text);
            if kind == Kind::LongText {
                sheet.write_string_with_format(row, col, text, wrap)?;
            } else {
                sheet.write_string(row, col, text)?;
            }
        }
        Cell::Integer(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Real(x) => {
            sheet.write_number(row, col, *x)?;
        }
        Cell::Boolean(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Date { year, month, day } => {
            let value = ExcelDateTime::from_ymd(*year, *month, *day)?;
            sheet.write_datetime_with_format(row, col, &value, date)?;
        }
    }
    Ok(cell
        .text()
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0))
}

/// Text cut to what a cell can hold.
fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

fn xlsx_error(path: &Path, error: XlsxError) -> ExportError {
    ExportError::Xlsx {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let long = "é".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(cut(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cut("court"), "court");
    }
}
