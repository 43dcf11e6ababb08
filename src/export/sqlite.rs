//! One SQLite database of the tables of `export::tables`, with keys, indexes and the
//! views an analyst starts from.
//!
//! - `documents` and `erreurs` have `fichier` as primary key; every list table has
//!   (`fichier`, `index`) and a foreign key to `documents` (deleting a document deletes
//!   its rows). Texts are `TEXT`, numbers `INTEGER`, booleans `INTEGER` 0/1, dates ISO
//!   `TEXT` (`YYYY-MM-DD`, SQLite's own date form).
//! - Views: `participants_par_region` (per région and category: documents where it is
//!   checked, participants, establishments), `avertissements_par_code` (per code and
//!   gravité: warnings, documents), `propositions_phares` (each proposition phare with
//!   its fiche's fields and its document's session and animateurs).
//! - Re-running into an existing database replaces what came from the same files: a line
//!   first deletes the document or error of its `fichier`; nothing is appended twice.
//! - The whole export is one transaction: an interrupted or failed export leaves the
//!   database as it was (and leaves no database where there was none).

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::{Connection, ToSql};

use super::ExportError;
use super::tables::{self, Cell, Kind, Rows, Table};

/// The layout of the tables, in `PRAGMA user_version`: a database of another layout is
/// refused rather than mixed.
const SCHEMA_VERSION: i64 = 1;

/// How many prepared statements the connection keeps (one insert per table, two deletes).
const STATEMENT_CACHE: usize = 32;

const VIEWS: &str = r#"
CREATE VIEW IF NOT EXISTS participants_par_region AS
  SELECT region_academique, categorie,
         SUM(coche = 1) AS documents_coches,
         SUM(nombre_participants) AS participants,
         SUM(nombre_etablissements) AS etablissements
  FROM participants
  GROUP BY region_academique, categorie;
CREATE VIEW IF NOT EXISTS avertissements_par_code AS
  SELECT code, gravite, COUNT(*) AS avertissements, COUNT(DISTINCT fichier) AS documents
  FROM avertissements
  GROUP BY code, gravite;
CREATE VIEW IF NOT EXISTS propositions_phares AS
  SELECT p.*, d.source_format, d.session_premiere_date, d.session_derniere_date,
         d.session_atelier, d.animateurs_noms
  FROM propositions AS p JOIN documents AS d ON d.fichier = p.fichier;
"#;

/// The indexes beyond the primary keys: (table, columns).
const INDEXES: &[(&str, &str)] = &[
    ("documents", "region_academique"),
    ("documents", "sha256"),
    ("participants", "region_academique, categorie"),
    ("avertissements", "code, gravite"),
    ("erreurs", "code"),
];

/// Writes output rows into a database, inside one transaction.
pub struct SqliteWriter {
    /// `None` once committed.
    connection: Option<Connection>,
    path: PathBuf,
    /// Whether this export made the file: dropped without commit, it is removed.
    created: bool,
    /// The insert statement of each table.
    inserts: Vec<String>,
}

impl SqliteWriter {
    /// Open (or create) the database at `path`, make its tables and views if missing and
    /// start the transaction.
    pub fn new(path: impl AsRef<Path>) -> Result<Self, ExportError> {
        let path = path.as_ref().to_path_buf();
        let error = |e| sql_error(&path, e);
        let created = !path.exists();
        let connection = Connection::open(&path).map_err(error)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        connection
            .execute_batch("PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;")
            .map_err(error)?;
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(error)?;
        if version != 0 && version != SCHEMA_VERSION {
            return Err(ExportError::Sqlite {
                path,
                reason: format!(
                    "base écrite par une autre version (schéma {version}, attendu {SCHEMA_VERSION})"
                ),
            });
        }
        connection.execute_batch(&schema()).map_err(error)?;
        let inserts = tables::tables().iter().map(insert_statement).collect();
        Ok(SqliteWriter {
            connection: Some(connection),
            path,
            created,
            inserts,
        })
    }

    /// Add one row of the table at `table` (its position in `tables::tables`). A
    /// document's or error's row first removes what the database holds of its `fichier`.
    pub fn write_row(&mut self, table: usize, cells: &[Cell]) -> Result<(), ExportError> {
        let error = |e| sql_error(&self.path, e);
        let Some(connection) = &self.connection else {
            return Err(error(rusqlite::Error::InvalidQuery));
        };
        if table == tables::DOCUMENTS || table == tables::ERRORS {
            let fichier = cells.first().map(Cell::text).unwrap_or_default();
            for delete in [
                "DELETE FROM documents WHERE fichier = ?1",
                "DELETE FROM erreurs WHERE fichier = ?1",
            ] {
                connection
                    .prepare_cached(delete)
                    .and_then(|mut s| s.execute([fichier.as_ref()]))
                    .map_err(error)?;
            }
        }
        let mut insert = connection
            .prepare_cached(&self.inserts[table])
            .map_err(error)?;
        insert
            .execute(rusqlite::params_from_iter(cells.iter().map(SqlCell)))
            .map_err(error)?;
        Ok(())
    }

    /// Commit the transaction.
    pub fn finish(mut self) -> Result<(), ExportError> {
        let error = |e| sql_error(&self.path, e);
        let Some(connection) = self.connection.take() else {
            return Ok(());
        };
        if let Err(e) = connection.execute_batch("COMMIT") {
            self.connection = Some(connection);
            return Err(error(e));
        }
        connection.close().map_err(|(_, e)| error(e))
    }
}

impl Drop for SqliteWriter {
    /// Not committed: the transaction is rolled back as the connection closes; a file
    /// this export made is removed.
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            drop(connection);
            if self.created {
                let _ = std::fs::remove_file(&self.path);
                let mut journal = self.path.clone().into_os_string();
                journal.push("-journal");
                let _ = std::fs::remove_file(journal);
            }
        }
    }
}

/// The tables, indexes and views, each made only if missing; the layout's version.
fn schema() -> String {
    let mut sql = String::new();
    for table in tables::tables() {
        sql.push_str(&create_table(table));
    }
    for (table, columns) in INDEXES {
        let name = format!("{table}_{}", columns.replace(", ", "_"));
        let quoted: Vec<String> = columns.split(", ").map(quote).collect();
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {} ON {table} ({});\n",
            quote(&name),
            quoted.join(", ")
        ));
    }
    sql.push_str(VIEWS);
    sql.push_str(&format!("PRAGMA user_version = {SCHEMA_VERSION};\n"));
    sql
}

fn create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("  {} {}", quote(&c.name), sql_type(c.kind)))
        .collect();
    match table.rows {
        Rows::Document | Rows::Error => lines.push("  PRIMARY KEY (fichier)".into()),
        Rows::List(_) => {
            lines.push("  PRIMARY KEY (fichier, \"index\")".into());
            lines.push(
                "  FOREIGN KEY (fichier) REFERENCES documents (fichier) ON DELETE CASCADE".into(),
            );
        }
    }
    format!(
        "CREATE TABLE IF NOT EXISTS {} (\n{}\n);\n",
        quote(table.name),
        lines.join(",\n")
    )
}

fn insert_statement(table: &Table) -> String {
    let names: Vec<String> = table.columns.iter().map(|c| quote(&c.name)).collect();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote(table.name),
        names.join(", "),
        marks.join(", ")
    )
}

fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text | Kind::LongText | Kind::Date => "TEXT",
        Kind::Integer | Kind::Boolean => "INTEGER",
    }
}

/// A name between double quotes (`index` is an SQL keyword).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A cell as an SQL value.
struct SqlCell<'c, 'a>(&'c Cell<'a>);

impl ToSql for SqlCell<'_, '_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Cell::Empty => ToSqlOutput::Owned(SqlValue::Null),
            Cell::Text(text) => {
                ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(text.as_bytes()))
            }
            Cell::Integer(n) => ToSqlOutput::Owned(SqlValue::Integer(*n)),
            Cell::Real(x) => ToSqlOutput::Owned(SqlValue::Real(*x)),
            Cell::Boolean(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(*b))),
            date @ Cell::Date { .. } => {
                ToSqlOutput::Owned(SqlValue::Text(date.text().into_owned()))
            }
        })
    }
}

fn sql_error(path: &Path, error: rusqlite::Error) -> ExportError {
    ExportError::Sqlite {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_valid_sql() {
        let connection = Connection::open_in_memory().expect("memory database");
        connection.execute_batch(&schema()).expect("schema");
        // Twice: every statement is made only if missing.
        connection.execute_batch(&schema()).expect("schema again");
        for table in tables::tables() {
            connection
                .prepare(&insert_statement(table))
                .expect("insert statement");
        }
    }
}
