//! Flat CSV tables from output lines (a SPEC document, or a batch error line
//! `{"source": {...}, "erreur": {"code", "message"}}`), for spreadsheets and databases.
//!
//! Nine files are written in one folder; every row starts with the document's
//! `fichier` and `sha256`, the key that joins the tables:
//!
//! | file | one row per |
//! |---|---|
//! | `documents.csv` | document: région, session, format, animateurs, numbering, totals, the nine participant categories |
//! | `participants.csv` | participant category of a document (the same counts, one row each, with the printed label) |
//! | `retex.csv` | RETEX paragraph |
//! | `diagnostic.csv`, `projections.csv`, `plan_action.csv` | table row (`index` from 0, as in the JSON paths) |
//! | `propositions.csv` | proposition phare, every field flattened |
//! | `avertissements.csv` | warning |
//! | `erreurs.csv` | error line (a file that yields no document) |
//!
//! A list cell joins its items with ` | `; `null` is an empty cell; booleans are `true` /
//! `false`. Headers are always written, even for an empty table. Each file is written to
//! a temporary file beside it and renamed by [`CsvWriter::finish`]: an interrupted export
//! leaves the previous files as they were. With `excel`, files are UTF-8 with a BOM, `;`
//! separated with CRLF line ends, so that a French-locale spreadsheet opens them right.
//!
//! Lines are read one at a time: memory stays bounded whatever the number of documents.
//!
//! Use from another command (e.g. `batch --csv DIR`): create a [`CsvWriter`], give it each
//! output line as a `serde_json::Value` (`serde_json::to_value(&doc)` or of an
//! `output::ErrorLine`), in output order, then call [`CsvWriter::finish`]:
//!
//! ```no_run
//! # fn main() -> Result<(), restitution::export::csv::ExportError> {
//! use restitution::export::csv::CsvWriter;
//! let mut csv = CsvWriter::new("tables", false)?;
//! # let lines: Vec<serde_json::Value> = Vec::new();
//! for line in &lines {
//!     csv.write_line(line)?;
//! }
//! let summary = csv.finish()?;
//! eprintln!("{} documents, {} errors", summary.documents, summary.errors);
//! # Ok(())
//! # }
//! ```

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::atomic::Staged;
use crate::output::PARTICIPANT_CATEGORIES;

/// What joins the items of a list in one cell.
pub const LIST_SEPARATOR: &str = " | ";

/// The UTF-8 byte order mark that tells a spreadsheet the file is UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} : {}", path.display(), crate::error::io_reason(source))]
    Io { path: PathBuf, source: io::Error },
    #[error("{} : écriture CSV impossible ({source})", path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("lecture de l'entrée impossible : {}", crate::error::io_reason(.0))]
    Read(io::Error),
    #[error("ce n'est pas du JSON ({0})")]
    Json(serde_json::Error),
    #[error("ni un document (pas de « schema_version ») ni une ligne d'erreur (pas de « erreur »)")]
    NotAnOutputLine,
    #[error("ligne {line} : {source}")]
    AtLine { line: u64, source: Box<ExportError> },
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents: rows of `documents.csv`.
    pub documents: u64,
    /// Error lines: rows of `erreurs.csv`.
    pub errors: u64,
}

/// The first two columns of every table.
const KEY_COLUMNS: [&str; 2] = ["fichier", "sha256"];

/// `documents.csv`: column names and where their value is in the document (a JSON
/// pointer); the nine categories' columns follow (see [`CATEGORY_FIELDS`]).
const DOCUMENT_COLUMNS: &[(&str, &str)] = &[
    ("source_format", "/source/format"),
    ("octets", "/source/octets"),
    ("pages", "/source/pages"),
    ("region_academique", "/region_academique"),
    ("session_texte", "/session/texte"),
    ("session_dates", "/session/dates"),
    ("session_atelier", "/session/atelier"),
    ("format_valeur", "/format/valeur"),
    ("format_presentiel", "/format/presentiel"),
    ("format_distanciel", "/format/distanciel"),
    ("format_les_deux", "/format/les_deux"),
    ("animateurs_texte", "/animateurs/texte"),
    ("animateurs_noms", "/animateurs/noms"),
    ("numerotation_thematiques", "/numerotation_thematiques"),
    ("total_participants", "/total_participants"),
];

/// For each participant category, these fields become `{categorie}_{field}` columns.
const CATEGORY_FIELDS: [&str; 3] = ["coche", "nombre_participants", "nombre_etablissements"];

/// A table with one row per item of a list of the document.
struct ListTable {
    file: &'static str,
    /// The document's key holding the list.
    key: &'static str,
    /// Whether rows carry the item's position (from 0, as in `avertissements[].champ`).
    indexed: bool,
    /// Column names and where their value is in the item (a JSON pointer).
    columns: &'static [(&'static str, &'static str)],
}

const THEME_COLUMNS: [(&str, &str); 3] = [
    ("thematique_numero", "/thematique/numero"),
    ("thematique_code", "/thematique/code"),
    ("thematique_texte", "/thematique/texte"),
];

const LIST_TABLES: &[ListTable] = &[
    ListTable {
        file: "participants.csv",
        key: "participants",
        indexed: true,
        columns: &[
            ("categorie", "/categorie"),
            ("libelle", "/libelle"),
            ("coche", "/coche"),
            ("nombre_participants", "/nombre_participants"),
            ("nombre_etablissements", "/nombre_etablissements"),
        ],
    },
    ListTable { file: "retex.csv", key: "retex", indexed: false, columns: &[("numero", "/numero"), ("texte", "/texte")] },
    ListTable {
        file: "diagnostic.csv",
        key: "diagnostic",
        indexed: true,
        columns: &[
            THEME_COLUMNS[0],
            THEME_COLUMNS[1],
            THEME_COLUMNS[2],
            ("retex", "/retex"),
            ("irritants", "/irritants"),
            ("points_forts", "/points_forts"),
        ],
    },
    ListTable {
        file: "projections.csv",
        key: "projections",
        indexed: true,
        columns: &[
            THEME_COLUMNS[0],
            THEME_COLUMNS[1],
            THEME_COLUMNS[2],
            ("irritants", "/irritants"),
            ("besoins", "/besoins"),
            ("axes_amelioration", "/axes_amelioration"),
        ],
    },
    ListTable {
        file: "plan_action.csv",
        key: "plan_action",
        indexed: true,
        columns: &[
            THEME_COLUMNS[0],
            THEME_COLUMNS[1],
            THEME_COLUMNS[2],
            ("axes_amelioration", "/axes_amelioration"),
            ("actions", "/actions"),
            ("acteurs", "/acteurs"),
            ("temporalite", "/temporalite"),
            ("indicateurs", "/indicateurs"),
        ],
    },
    ListTable {
        file: "propositions.csv",
        key: "propositions_phares",
        indexed: true,
        columns: &[
            ("titre", "/titre"),
            ("resume", "/resume"),
            ("territoire", "/territoire"),
            ("referent", "/referent"),
            ("moyens_financiers", "/moyens/financiers"),
            ("moyens_humains", "/moyens/humains"),
            ("moyens_juridiques", "/moyens/juridiques"),
            ("difficultes", "/difficultes"),
            ("impacts_etablissements_nombre", "/impacts/etablissements/nombre"),
            ("impacts_etablissements_texte", "/impacts/etablissements/texte"),
            ("impacts_eleves_nombre", "/impacts/eleves/nombre"),
            ("impacts_eleves_texte", "/impacts/eleves/texte"),
            ("impacts_parents_nombre", "/impacts/parents/nombre"),
            ("impacts_parents_texte", "/impacts/parents/texte"),
            ("impacts_enseignants_nombre", "/impacts/enseignants/nombre"),
            ("impacts_enseignants_texte", "/impacts/enseignants/texte"),
            ("efforts", "/efforts"),
            ("temporalite", "/temporalite"),
            ("besoins_perennisation", "/besoins_perennisation"),
        ],
    },
    ListTable {
        file: "avertissements.csv",
        key: "avertissements",
        indexed: false,
        columns: &[("code", "/code"), ("champ", "/champ"), ("message", "/message")],
    },
];

/// `erreurs.csv`: columns and where their value is in the error line.
const ERROR_COLUMNS: &[(&str, &str)] = &[("code", "/erreur/code"), ("message", "/erreur/message")];

/// Writes output lines as the CSV tables of this module into a folder.
pub struct CsvWriter {
    documents: Table,
    lists: Vec<Table>,
    errors: Table,
    summary: Summary,
}

impl CsvWriter {
    /// Start the tables in `dir` (created if missing). Nothing replaces the folder's
    /// existing files before [`CsvWriter::finish`].
    pub fn new(dir: impl AsRef<Path>, excel: bool) -> Result<Self, ExportError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Io { path: dir.to_path_buf(), source })?;

        let mut header = columns(&[]);
        header.extend(DOCUMENT_COLUMNS.iter().map(|(name, _)| name.to_string()));
        for category in PARTICIPANT_CATEGORIES {
            header.extend(CATEGORY_FIELDS.iter().map(|field| format!("{category}_{field}")));
        }
        let documents = Table::create(dir, "documents.csv", &header, excel)?;

        let mut lists = Vec::with_capacity(LIST_TABLES.len());
        for spec in LIST_TABLES {
            let index: &[&str] = if spec.indexed { &["index"] } else { &[] };
            let mut header = columns(index);
            header.extend(spec.columns.iter().map(|(name, _)| name.to_string()));
            lists.push(Table::create(dir, spec.file, &header, excel)?);
        }

        let mut header = columns(&[]);
        header.extend(ERROR_COLUMNS.iter().map(|(name, _)| name.to_string()));
        let errors = Table::create(dir, "erreurs.csv", &header, excel)?;

        Ok(CsvWriter { documents, lists, errors, summary: Summary::default() })
    }

    /// Add one output line: a document's rows to every table, or an error line's row to
    /// `erreurs.csv`. A value of an unexpected type (not what the schema says) gives an
    /// empty or JSON-text cell; only a line that is neither kind is refused.
    pub fn write_line(&mut self, line: &Value) -> Result<(), ExportError> {
        let is_object = line.is_object();
        if is_object && line.get("erreur").is_some() {
            let mut row = key(line);
            row.extend(ERROR_COLUMNS.iter().map(|(_, pointer)| cell(line.pointer(pointer))));
            self.errors.write(&row)?;
            self.summary.errors += 1;
            return Ok(());
        }
        if !is_object || line.get("schema_version").is_none() {
            return Err(ExportError::NotAnOutputLine);
        }
        self.write_document(line)?;
        self.summary.documents += 1;
        Ok(())
    }

    fn write_document(&mut self, doc: &Value) -> Result<(), ExportError> {
        let mut row = key(doc);
        row.extend(DOCUMENT_COLUMNS.iter().map(|(_, pointer)| cell(doc.pointer(pointer))));
        let participants = doc["participants"].as_array().map(Vec::as_slice).unwrap_or_default();
        for category in PARTICIPANT_CATEGORIES {
            let found = participants.iter().find(|p| p["categorie"].as_str() == Some(category));
            row.extend(CATEGORY_FIELDS.iter().map(|field| cell(found.and_then(|p| p.get(*field)))));
        }
        self.documents.write(&row)?;

        for (spec, table) in LIST_TABLES.iter().zip(&mut self.lists) {
            let items = doc[spec.key].as_array().map(Vec::as_slice).unwrap_or_default();
            for (index, item) in items.iter().enumerate() {
                let mut row = key(doc);
                if spec.indexed {
                    row.push(index.to_string());
                }
                row.extend(spec.columns.iter().map(|(_, pointer)| cell(item.pointer(pointer))));
                table.write(&row)?;
            }
        }
        Ok(())
    }

    /// Flush every table and move them all in place of the folder's files of the same
    /// name, or none of them.
    pub fn finish(self) -> Result<Summary, ExportError> {
        let tables = std::iter::once(self.documents).chain(self.lists).chain(std::iter::once(self.errors));
        let staged = tables.map(Table::into_staged).collect::<Result<Vec<_>, _>>()?;
        let dir = staged.first().and_then(|s| s.path().parent()).map(Path::to_path_buf).unwrap_or_default();
        crate::atomic::commit_all(staged).map_err(|source| ExportError::Io { path: dir, source })?;
        Ok(self.summary)
    }
}

/// Export a stream of JSON lines (blank lines skipped) as CSV tables in `dir`.
pub fn export_jsonl(input: impl BufRead, dir: impl AsRef<Path>, excel: bool) -> Result<Summary, ExportError> {
    let mut writer = CsvWriter::new(dir, excel)?;
    let mut input = input;
    let mut buffer = String::new();
    let mut number = 0u64;
    loop {
        buffer.clear();
        number += 1;
        let at_line = |source| ExportError::AtLine { line: number, source: Box::new(source) };
        if input.read_line(&mut buffer).map_err(|e| at_line(ExportError::Read(e)))? == 0 {
            break;
        }
        if buffer.trim().is_empty() {
            continue;
        }
        let line: Value = serde_json::from_str(&buffer).map_err(|e| at_line(ExportError::Json(e)))?;
        writer.write_line(&line).map_err(at_line)?;
    }
    writer.finish()
}

/// The key columns' names followed by `more`.
fn columns(more: &[&str]) -> Vec<String> {
    KEY_COLUMNS.iter().chain(more).map(|c| c.to_string()).collect()
}

/// The key cells of a line: its `source.fichier` and `source.sha256`.
fn key(line: &Value) -> Vec<String> {
    KEY_COLUMNS.iter().map(|k| cell(line["source"].get(*k))).collect()
}

/// A value as a cell: text as is, `null` or missing empty, a list's items joined.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(items)) => {
            items.iter().map(|item| cell(Some(item))).collect::<Vec<_>>().join(LIST_SEPARATOR)
        }
        Some(object @ Value::Object(_)) => object.to_string(),
    }
}

/// One CSV file being written to a temporary file beside its final path (removed if the
/// table is dropped unfinished).
struct Table {
    path: PathBuf,
    writer: csv::Writer<Staged>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[String], excel: bool) -> Result<Self, ExportError> {
        let path = dir.join(name);
        let io_error = |source| ExportError::Io { path: path.clone(), source };
        let mut file = Staged::new(&path).map_err(io_error)?;
        let mut builder = csv::WriterBuilder::new();
        if excel {
            file.write_all(BOM).map_err(io_error)?;
            builder.delimiter(b';').terminator(csv::Terminator::CRLF);
        }
        let mut table = Table { path, writer: builder.from_writer(file) };
        table.write(header)?;
        Ok(table)
    }

    fn write(&mut self, row: &[String]) -> Result<(), ExportError> {
        self.writer.write_record(row).map_err(|source| ExportError::Csv { path: self.path.clone(), source })
    }

    /// The table's temporary file, with every row written to it.
    fn into_staged(self) -> Result<Staged, ExportError> {
        let path = self.path;
        self.writer.into_inner().map_err(|e| ExportError::Io { path, source: e.into_error() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells() {
        assert_eq!(cell(None), "");
        assert_eq!(cell(Some(&json!(null))), "");
        assert_eq!(cell(Some(&json!("Équipes"))), "Équipes");
        assert_eq!(cell(Some(&json!(45000))), "45000");
        assert_eq!(cell(Some(&json!(false))), "false");
        assert_eq!(cell(Some(&json!(["2020-10-12", "2020-10-13"]))), "2020-10-12 | 2020-10-13");
        assert_eq!(cell(Some(&json!([]))), "");
    }

    #[test]
    fn list_tables_have_distinct_files_and_columns() {
        for spec in LIST_TABLES {
            let mut names: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), spec.columns.len(), "{}", spec.file);
        }
    }
}

/// A writer that passes JSON lines through to `inner` and also feeds each complete line
/// to a [`CsvWriter`]: how `batch --csv DIR` writes its tables while it streams.
pub struct CsvTee<W: Write> {
    inner: W,
    csv: CsvWriter,
    pending: Vec<u8>,
}

impl<W: Write> CsvTee<W> {
    pub fn new(inner: W, csv: CsvWriter) -> Self {
        CsvTee { inner, csv, pending: Vec::new() }
    }

    /// Commit the tables (after the last line).
    pub fn finish(self) -> Result<Summary, ExportError> {
        self.csv.finish()
    }
}

impl<W: Write> Write for CsvTee<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write_all(buf)?;
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            if line.trim_ascii().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_slice(&line).map_err(std::io::Error::other)?;
            self.csv.write_line(&value).map_err(std::io::Error::other)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
