//! Exports of the JSON output for other tools, all from the same tables (`tables`): flat
//! CSV files (`csv`), an Excel workbook (`xlsx`), a SQLite database (`sqlite`); and the
//! report of a batch, with its doublons (`report`).
//!
//! [`Exporter`] feeds every output line to the writers asked for and to the report;
//! [`ExportTee`] does it while a batch streams its lines. With `sans_doublons`, lines are
//! first kept in a temporary file: which file of a group of doublons to keep is known
//! only once every line is seen.

mod csv;
mod report;
mod sqlite;
mod tables;
mod xlsx;

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

pub use csv::{CsvOptions, CsvWriter};
pub use report::Report;

use report::ReportBuilder;
use tables::LineKind;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// An output file could not be created or written.
    #[error("{} : {}", path.display(), crate::error::io_reason(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A CSV table could not be written.
    #[error("{} : écriture CSV impossible ({source})", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// What the csv crate said.
        source: ::csv::Error,
    },
    /// The workbook could not be written.
    #[error("{} : écriture du classeur impossible ({reason})", path.display())]
    Xlsx {
        /// The workbook.
        path: PathBuf,
        /// What rust_xlsxwriter said.
        reason: String,
    },
    /// The SQLite database could not be written.
    #[error("{} : écriture de la base SQLite impossible ({reason})", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        reason: String,
    },
    /// The JSON Lines input could not be read.
    #[error("lecture de l'entrée impossible : {}", crate::error::io_reason(.0))]
    Read(io::Error),
    /// A line is not JSON.
    #[error("ce n'est pas du JSON ({0})")]
    Json(serde_json::Error),
    /// A JSON line that is neither a document nor an error line.
    #[error("ni un document (pas de « schema_version ») ni une ligne d'erreur (pas de « erreur »)")]
    NotAnOutputLine,
    /// One of the errors above, at a line of the input.
    #[error("ligne {line} : {source}")]
    AtLine {
        /// The line number, from 1.
        line: u64,
        /// What went wrong there.
        source: Box<ExportError>,
    },
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents: rows of `documents`.
    pub documents: u64,
    /// Error lines: rows of `erreurs`.
    pub errors: u64,
}

impl Summary {
    fn count(&mut self, kind: LineKind) {
        match kind {
            LineKind::Document => self.documents += 1,
            LineKind::Error => self.errors += 1,
        }
    }
}

/// Which outputs an export writes.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// The folder of the CSV files, and how they are written.
    pub csv: Option<(PathBuf, csv::CsvOptions)>,
    /// The Excel workbook to write.
    pub xlsx: Option<PathBuf>,
    /// The SQLite database to write.
    pub sqlite: Option<PathBuf>,
    /// Write only the file to keep of each group of doublons to the tables.
    pub sans_doublons: bool,
}

impl Targets {
    /// Whether any table is written.
    pub fn writes_tables(&self) -> bool {
        self.csv.is_some() || self.xlsx.is_some() || self.sqlite.is_some()
    }

    /// The files written: each CSV table, the workbook, the database.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .csv
            .iter()
            .flat_map(|(dir, _)| tables::tables().iter().map(|t| dir.join(csv::file_name(t))))
            .collect();
        files.extend(self.xlsx.iter().chain(&self.sqlite).cloned());
        files
    }
}

/// The writers asked for.
struct Writers {
    csv: Option<csv::CsvWriter>,
    xlsx: Option<xlsx::XlsxWriter>,
    sqlite: Option<sqlite::SqliteWriter>,
    summary: Summary,
}

impl Writers {
    fn new(targets: &Targets) -> Result<Self, ExportError> {
        Ok(Writers {
            csv: targets
                .csv
                .as_ref()
                .map(|(dir, options)| csv::CsvWriter::new(dir, *options))
                .transpose()?,
            xlsx: targets
                .xlsx
                .as_ref()
                .map(xlsx::XlsxWriter::new)
                .transpose()?,
            sqlite: targets
                .sqlite
                .as_ref()
                .map(sqlite::SqliteWriter::new)
                .transpose()?,
            summary: Summary::default(),
        })
    }

    fn write_line(&mut self, line: &Value, kind: LineKind) -> Result<(), ExportError> {
        tables::for_each_row(line, kind, |table, cells| {
            if let Some(csv) = &mut self.csv {
                csv.write_row(table, cells)?;
            }
            if let Some(xlsx) = &mut self.xlsx {
                xlsx.write_row(table, cells)?;
            }
            if let Some(sqlite) = &mut self.sqlite {
                sqlite.write_row(table, cells)?;
            }
            Ok(())
        })?;
        self.summary.count(kind);
        Ok(())
    }

    /// Commit every output. The SQLite transaction is committed last: if a file could
    /// not be written, the database is left as it was too.
    fn finish(self) -> Result<Summary, ExportError> {
        if let Some(csv) = self.csv {
            csv.finish()?;
        }
        if let Some(xlsx) = self.xlsx {
            xlsx.finish()?;
        }
        if let Some(sqlite) = self.sqlite {
            sqlite.finish()?;
        }
        Ok(self.summary)
    }
}

/// Feeds output lines, in output order, to the tables asked for and to the report.
pub struct Exporter {
    writers: Writers,
    report: ReportBuilder,
    /// With `sans_doublons`: the lines, kept until the doublons are known.
    spool: Option<Spool>,
}

/// What an export did: the rows written and the report of every line seen.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The rows written.
    pub summary: Summary,
    /// The report of every line seen.
    pub report: Report,
}

impl Exporter {
    /// An exporter writing to `targets` (files are created now, committed by `finish`).
    pub fn new(targets: &Targets) -> Result<Self, ExportError> {
        let spool = if targets.sans_doublons && targets.writes_tables() {
            Some(Spool::new()?)
        } else {
            None
        };
        Ok(Exporter {
            writers: Writers::new(targets)?,
            report: ReportBuilder::default(),
            spool,
        })
    }

    /// Add one output line; only a line that is neither a document nor an error line is
    /// refused.
    pub fn write_line(&mut self, line: &Value) -> Result<(), ExportError> {
        let kind = tables::line_kind(line).ok_or(ExportError::NotAnOutputLine)?;
        self.report.add(line);
        match &mut self.spool {
            Some(spool) => spool.keep(line),
            None => self.writers.write_line(line, kind),
        }
    }

    /// Write what was kept (without the doublons) and commit every output.
    pub fn finish(mut self) -> Result<Finished, ExportError> {
        let report = self.report.report();
        if let Some(spool) = self.spool.take() {
            let left_out = report.left_out();
            spool.replay(|line| self.write_kept(line, &left_out))?;
        }
        let summary = self.writers.finish()?;
        Ok(Finished { summary, report })
    }

    fn write_kept(&mut self, line: &Value, left_out: &BTreeSet<String>) -> Result<(), ExportError> {
        let fichier = line
            .pointer("/source/fichier")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match tables::line_kind(line) {
            Some(kind) if !left_out.contains(fichier) => self.writers.write_line(line, kind),
            _ => Ok(()),
        }
    }
}

/// Lines kept in a temporary file, removed when dropped.
struct Spool {
    path: PathBuf,
    /// `None` once replayed.
    file: Option<BufWriter<File>>,
}

impl Spool {
    fn new() -> Result<Self, ExportError> {
        let path = std::env::temp_dir().join(unique_name("restitution-lignes", ".jsonl"));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|source| ExportError::Io {
                path: path.clone(),
                source,
            })?;
        Ok(Spool {
            path,
            file: Some(BufWriter::new(file)),
        })
    }

    fn keep(&mut self, line: &Value) -> Result<(), ExportError> {
        let io_error = |source| ExportError::Io {
            path: self.path.clone(),
            source,
        };
        let Some(file) = self.file.as_mut() else {
            return Err(io_error(io::Error::other("déjà relu")));
        };
        serde_json::to_writer(&mut *file, line).map_err(|e| io_error(e.into()))?;
        file.write_all(b"\n").map_err(io_error)
    }

    fn replay(
        mut self,
        mut each: impl FnMut(&Value) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let io_error = |source| ExportError::Io {
            path: self.path.clone(),
            source,
        };
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let mut file = file.into_inner().map_err(|e| io_error(e.into_error()))?;
        file.rewind().map_err(io_error)?;
        read_jsonl(BufReader::new(file), &mut each)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Read JSON lines (blank lines skipped), giving each to `each`; an error names its line.
pub fn read_jsonl(
    mut input: impl BufRead,
    mut each: impl FnMut(&Value) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut buffer = String::new();
    let mut number = 0u64;
    loop {
        buffer.clear();
        number += 1;
        let at_line = |source| ExportError::AtLine {
            line: number,
            source: Box::new(source),
        };
        if input
            .read_line(&mut buffer)
            .map_err(|e| at_line(ExportError::Read(e)))?
            == 0
        {
            return Ok(());
        }
        if buffer.trim().is_empty() {
            continue;
        }
        let line: Value =
            serde_json::from_str(&buffer).map_err(|e| at_line(ExportError::Json(e)))?;
        each(&line).map_err(at_line)?;
    }
}

/// Export a stream of JSON lines to the targets.
pub fn export_jsonl(input: impl BufRead, targets: &Targets) -> Result<Finished, ExportError> {
    let mut exporter = Exporter::new(targets)?;
    read_jsonl(input, |line| exporter.write_line(line))?;
    exporter.finish()
}

/// A writer that passes JSON lines through to `inner` and also feeds each complete line
/// to an [`Exporter`]: how `batch --csv/--xlsx/--sqlite/--rapport` write while lines
/// stream.
pub struct ExportTee<W: Write> {
    inner: W,
    exporter: Exporter,
    pending: Vec<u8>,
}

impl<W: Write> ExportTee<W> {
    /// Pass lines through to `inner` and feed them to `exporter`.
    pub fn new(inner: W, exporter: Exporter) -> Self {
        ExportTee {
            inner,
            exporter,
            pending: Vec::new(),
        }
    }

    /// Commit the outputs (after the last line).
    pub fn finish(self) -> Result<Finished, ExportError> {
        self.exporter.finish()
    }
}

impl<W: Write> Write for ExportTee<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write_all(buf)?;
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            if line.trim_ascii().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_slice(&line).map_err(io::Error::other)?;
            self.exporter.write_line(&value).map_err(io::Error::other)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `{stem}-{pid}-{n}{suffix}`: distinct within and across processes.
fn unique_name(stem: &str, suffix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{stem}-{}-{}{suffix}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
