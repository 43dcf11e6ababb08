//! The tables every export writes (CSV files, workbook sheets, SQLite tables): their
//! names, their columns with a kind, and the typed cells of one output line.
//!
//! One definition for the three formats, so that a column has the same name and the same
//! value everywhere. Every table starts with the key columns `fichier`, `sha256`,
//! `region_academique`; a table of a document's list then has `index` (the item's
//! position from 0, as in the JSON paths: `avertissements[].champ`).

use std::borrow::Cow;
use std::sync::OnceLock;

use serde_json::Value;

use crate::output::PARTICIPANT_CATEGORIES;

/// What joins the items of a list in one cell.
pub const LIST_SEPARATOR: &str = " | ";

/// What a column holds: it decides the SQLite type, the workbook's cell type, format and
/// width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A short text (a code, a name, a région).
    Text,
    /// A text that may run over several lines (a paragraph, a list's items joined).
    LongText,
    Integer,
    Boolean,
    /// An ISO date (`YYYY-MM-DD`).
    Date,
}

/// Where a column's value is in the line (or in the list item, for a list table).
#[derive(Debug, Clone)]
enum At {
    /// A JSON pointer, split into its keys (or list positions) once for all rows.
    Path(Vec<String>),
    /// The last item of the list at this path.
    LastItem(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    at: At,
}

/// What a table's rows are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// One row per document.
    Document,
    /// One row per item of the document's list at this key.
    List(&'static str),
    /// One row per error line.
    Error,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The table's name: the CSV file's stem, the sheet's and the SQLite table's name.
    pub name: &'static str,
    pub rows: Rows,
    /// Every column, the key columns (and `index`) first.
    pub columns: Vec<Column>,
}

impl Table {
    /// How many columns lead every row before the table's own: the key, and `index`
    /// for a list table.
    pub fn leading_columns(&self) -> usize {
        KEY_COLUMNS.len() + usize::from(matches!(self.rows, Rows::List(_)))
    }
}

/// The columns that lead every table and join them: `fichier` is unique per document.
pub const KEY_COLUMNS: [&str; 3] = ["fichier", "sha256", "region_academique"];

/// Where the key columns' values are in a line.
const KEY_POINTERS: [&str; 3] = ["/source/fichier", "/source/sha256", "/region_academique"];

/// Position of the `documents` and `erreurs` tables in [`tables`].
pub const DOCUMENTS: usize = 0;
pub const ERRORS: usize = 9;

use Kind::{Boolean as B, Date as D, Integer as I, LongText as L, Text as T};

const DOCUMENT_COLUMNS: &[ColumnSpec] = &[
    ("source_format", "/source/format", T),
    ("octets", "/source/octets", I),
    ("pages", "/source/pages", I),
    ("session_texte", "/session/texte", L),
    ("session_dates", "/session/dates", T),
    ("session_premiere_date", "/session/dates/0", D),
    // `session_derniere_date` (the list's last item) is added in `documents_table`.
    ("session_atelier", "/session/atelier", L),
    ("format_valeur", "/format/valeur", T),
    ("format_presentiel", "/format/presentiel", B),
    ("format_distanciel", "/format/distanciel", B),
    ("format_les_deux", "/format/les_deux", B),
    ("animateurs_texte", "/animateurs/texte", L),
    ("animateurs_noms", "/animateurs/noms", L),
    ("numerotation_thematiques", "/numerotation_thematiques", T),
    ("total_participants", "/total_participants", I),
];

/// For each participant category, these fields become `{categorie}_{field}` columns of
/// `documents`.
const CATEGORY_FIELDS: [(&str, Kind); 3] = [
    ("coche", B),
    ("nombre_participants", I),
    ("nombre_etablissements", I),
];

const THEME: [ColumnSpec; 3] = [
    ("thematique_numero", "/thematique/numero", I),
    ("thematique_code", "/thematique/code", T),
    ("thematique_texte", "/thematique/texte", L),
];

/// A column's name, where its value is (a JSON pointer) and its kind.
type ColumnSpec = (&'static str, &'static str, Kind);

/// The list tables: name, the document's key holding the list, columns in the item.
const LIST_TABLES: &[(&str, &str, &[ColumnSpec])] = &[
    (
        "participants",
        "participants",
        &[
            ("categorie", "/categorie", T),
            ("libelle", "/libelle", L),
            ("coche", "/coche", B),
            ("nombre_participants", "/nombre_participants", I),
            ("nombre_etablissements", "/nombre_etablissements", I),
        ],
    ),
    (
        "retex",
        "retex",
        &[("numero", "/numero", I), ("texte", "/texte", L)],
    ),
    (
        "diagnostic",
        "diagnostic",
        &[
            THEME[0],
            THEME[1],
            THEME[2],
            ("retex", "/retex", I),
            ("irritants", "/irritants", L),
            ("points_forts", "/points_forts", L),
        ],
    ),
    (
        "projections",
        "projections",
        &[
            THEME[0],
            THEME[1],
            THEME[2],
            ("irritants", "/irritants", L),
            ("besoins", "/besoins", L),
            ("axes_amelioration", "/axes_amelioration", L),
        ],
    ),
    (
        "plan_action",
        "plan_action",
        &[
            THEME[0],
            THEME[1],
            THEME[2],
            ("axes_amelioration", "/axes_amelioration", L),
            ("actions", "/actions", L),
            ("acteurs", "/acteurs", L),
            ("temporalite", "/temporalite", L),
            ("indicateurs", "/indicateurs", L),
        ],
    ),
    (
        "propositions",
        "propositions_phares",
        &[
            ("titre", "/titre", L),
            ("resume", "/resume", L),
            ("territoire", "/territoire", L),
            ("referent", "/referent", L),
            ("moyens_financiers", "/moyens/financiers", L),
            ("moyens_humains", "/moyens/humains", L),
            ("moyens_juridiques", "/moyens/juridiques", L),
            ("difficultes", "/difficultes", L),
            (
                "impacts_etablissements_nombre",
                "/impacts/etablissements/nombre",
                I,
            ),
            (
                "impacts_etablissements_texte",
                "/impacts/etablissements/texte",
                L,
            ),
            ("impacts_eleves_nombre", "/impacts/eleves/nombre", I),
            ("impacts_eleves_texte", "/impacts/eleves/texte", L),
            ("impacts_parents_nombre", "/impacts/parents/nombre", I),
            ("impacts_parents_texte", "/impacts/parents/texte", L),
            (
                "impacts_enseignants_nombre",
                "/impacts/enseignants/nombre",
                I,
            ),
            ("impacts_enseignants_texte", "/impacts/enseignants/texte", L),
            ("efforts", "/efforts", T),
            ("temporalite", "/temporalite", T),
            ("besoins_perennisation", "/besoins_perennisation", L),
        ],
    ),
    (
        "avertissements",
        "avertissements",
        &[
            ("code", "/code", T),
            ("gravite", "/gravite", T),
            ("champ", "/champ", T),
            ("message", "/message", L),
        ],
    ),
    (
        "textes_non_repris",
        "texte_non_repris",
        &[
            ("texte", "/texte", L),
            ("page", "/origine/page", I),
            ("chemin", "/origine/chemin", L),
        ],
    ),
];

const ERROR_COLUMNS: &[ColumnSpec] = &[
    ("code", "/erreur/code", T),
    ("message", "/erreur/message", L),
];

/// Every table, in the order of the files, sheets and SQLite tables: `documents`, the
/// list tables, `erreurs`.
pub fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = vec![documents_table()];
        for (name, key, columns) in LIST_TABLES {
            let mut table = Table {
                name,
                rows: Rows::List(key),
                columns: key_columns(),
            };
            table.columns.push(column("index", "", I));
            table
                .columns
                .extend(columns.iter().map(|(n, p, k)| column(n, p, *k)));
            tables.push(table);
        }
        let mut errors = Table {
            name: "erreurs",
            rows: Rows::Error,
            columns: key_columns(),
        };
        errors
            .columns
            .extend(ERROR_COLUMNS.iter().map(|(n, p, k)| column(n, p, *k)));
        tables.push(errors);
        debug_assert_eq!(tables[ERRORS].rows, Rows::Error);
        tables
    })
}

fn documents_table() -> Table {
    let mut columns = key_columns();
    for (name, pointer, kind) in DOCUMENT_COLUMNS {
        columns.push(column(name, pointer, *kind));
        if *name == "session_premiere_date" {
            columns.push(Column {
                name: "session_derniere_date".into(),
                kind: D,
                at: At::LastItem(keys("/session/dates")),
            });
        }
    }
    for (index, category) in PARTICIPANT_CATEGORIES.iter().enumerate() {
        for (field, kind) in CATEGORY_FIELDS {
            // The nine categories are always present, in this order (SPEC).
            columns.push(column(
                &format!("{category}_{field}"),
                &format!("/participants/{index}/{field}"),
                kind,
            ));
        }
    }
    Table {
        name: "documents",
        rows: Rows::Document,
        columns,
    }
}

fn key_columns() -> Vec<Column> {
    KEY_COLUMNS
        .iter()
        .zip(KEY_POINTERS)
        .map(|(name, pointer)| column(name, pointer, T))
        .collect()
}

fn column(name: &str, pointer: &str, kind: Kind) -> Column {
    Column {
        name: name.to_string(),
        kind,
        at: At::Path(keys(pointer)),
    }
}

/// The keys of a JSON pointer (these pointers have no escaped `/` or `~`).
fn keys(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(str::to_string).collect()
}

/// The value at `keys` in `value`, as `Value::pointer` finds it, without parsing a
/// pointer for every cell.
fn at_path<'a>(value: &'a Value, keys: &[String]) -> Option<&'a Value> {
    keys.iter().try_fold(value, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// One cell's value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Integer(i64),
    Real(f64),
    Boolean(bool),
    /// A valid ISO date in a date column.
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
}

impl Cell<'_> {
    /// The cell as text: a date in ISO form, a boolean `true`/`false`, empty for none.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Integer(n) => Cow::Owned(n.to_string()),
            Cell::Real(x) => Cow::Owned(x.to_string()),
            Cell::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Date { year, month, day } => Cow::Owned(format!("{year:04}-{month:02}-{day:02}")),
        }
    }

    /// Whether the cell came from text a person wrote (the only cells a spreadsheet
    /// could take for a formula).
    pub fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_))
    }
}

/// What kind of output line this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Document,
    Error,
}

/// Whether `line` is a document, an error line, or neither (`None`).
pub fn line_kind(line: &Value) -> Option<LineKind> {
    let object = line.as_object()?;
    if object.contains_key("erreur") {
        Some(LineKind::Error)
    } else if object.contains_key("schema_version") {
        Some(LineKind::Document)
    } else {
        None
    }
}

/// Give every row of `line` to `emit`, as (table position in [`tables`], cells), table
/// by table in order: a document's `documents` row before its list rows.
pub fn for_each_row<'a, E>(
    line: &'a Value,
    kind: LineKind,
    mut emit: impl FnMut(usize, &[Cell<'a>]) -> Result<(), E>,
) -> Result<(), E> {
    let mut cells = Vec::new();
    for (position, table) in tables().iter().enumerate() {
        match (table.rows, kind) {
            (Rows::Document, LineKind::Document) | (Rows::Error, LineKind::Error) => {
                cells.clear();
                cells.extend(table.columns.iter().map(|c| value_cell(line, c)));
                emit(position, &cells)?;
            }
            (Rows::List(key), LineKind::Document) => {
                let items = line[key].as_array().map(Vec::as_slice).unwrap_or_default();
                for (index, item) in items.iter().enumerate() {
                    cells.clear();
                    cells.extend(
                        table.columns[..KEY_COLUMNS.len()]
                            .iter()
                            .map(|c| value_cell(line, c)),
                    );
                    cells.push(Cell::Integer(index as i64));
                    cells.extend(
                        table.columns[table.leading_columns()..]
                            .iter()
                            .map(|c| value_cell(item, c)),
                    );
                    emit(position, &cells)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn value_cell<'a>(value: &'a Value, column: &Column) -> Cell<'a> {
    let found = match &column.at {
        At::Path(keys) => at_path(value, keys),
        At::LastItem(keys) => at_path(value, keys)
            .and_then(Value::as_array)
            .and_then(|items| items.last()),
    };
    typed(found, column.kind)
}

/// A value as a cell of a column of `kind`. A value of another type than the schema says
/// keeps its text (a list joined, an object as JSON) rather than being lost.
pub fn typed(value: Option<&Value>, kind: Kind) -> Cell<'_> {
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::String(s)) if kind == Kind::Date => {
            iso_date(s).unwrap_or(Cell::Text(Cow::Borrowed(s)))
        }
        Some(Value::String(s)) => Cell::Text(Cow::Borrowed(s)),
        Some(Value::Bool(b)) => Cell::Boolean(*b),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Cell::Integer(i),
            None => Cell::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Some(Value::Array(items)) => {
            let texts: Vec<String> = items
                .iter()
                .map(|item| typed(Some(item), Kind::Text).text().into_owned())
                .collect();
            Cell::Text(Cow::Owned(texts.join(LIST_SEPARATOR)))
        }
        Some(object @ Value::Object(_)) => Cell::Text(Cow::Owned(object.to_string())),
    }
}

/// `YYYY-MM-DD` as a date cell, if it is a real date.
fn iso_date(text: &str) -> Option<Cell<'static>> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some(Cell::Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_are_typed_by_value_and_column() {
        assert_eq!(typed(None, T), Cell::Empty);
        assert_eq!(typed(Some(&json!(null)), I), Cell::Empty);
        assert_eq!(typed(Some(&json!(45000)), I), Cell::Integer(45000));
        assert_eq!(typed(Some(&json!(false)), B), Cell::Boolean(false));
        assert_eq!(
            typed(Some(&json!("2020-10-12")), D),
            Cell::Date {
                year: 2020,
                month: 10,
                day: 12
            }
        );
        assert_eq!(
            typed(Some(&json!("2020-02-30")), D).text(),
            "2020-02-30",
            "not a date: kept as text"
        );
        assert_eq!(typed(Some(&json!("2020-10-12")), T).text(), "2020-10-12");
        assert_eq!(typed(Some(&json!(["a", "b"])), L).text(), "a | b");
        assert_eq!(typed(Some(&json!([])), L).text(), "");
    }

    #[test]
    fn paths_find_what_pointers_find() {
        let doc = json!({"session": {"dates": ["2020-10-12", "2020-10-13"]}, "a": null});
        for pointer in [
            "/session/dates/1",
            "/session/dates/2",
            "/session/x",
            "/a",
            "/a/b",
            "",
        ] {
            assert_eq!(
                at_path(&doc, &keys(pointer)),
                doc.pointer(pointer),
                "{pointer}"
            );
        }
    }

    #[test]
    fn every_table_has_the_key_and_distinct_columns() {
        for table in tables() {
            let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names[..3], KEY_COLUMNS, "{}", table.name);
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", table.name);
        }
        assert_eq!(tables()[DOCUMENTS].name, "documents");
        assert_eq!(tables()[ERRORS].name, "erreurs");
    }
}
