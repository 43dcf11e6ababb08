//! The three tables of the form: diagnostic, projections, action plan.
//!
//! A table is recognized by its column titles (or, without a title row, by the heading
//! above it, or as the continuation of the table before it). Columns are placed by their
//! titles, so a retitled, reordered or added column is handled; a column that fits no
//! field gives `colonne_inconnue`. Rows whose cells are all empty are dropped.

use super::content::{cell_items, cell_text};
use super::labels::contains_phrase;
use super::{Item, Warnings};
use crate::model::{Paragraph, Table};
use crate::normalize::text;
use crate::normalize::themes::{self, ThemeCell};
use crate::output::{DiagnosticRow, Numbering, PlanActionRow, ProjectionRow, WarningCode};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GridKind {
    Diagnostic,
    Projections,
    PlanAction,
}

impl GridKind {
    fn champ(self) -> &'static str {
        match self {
            GridKind::Diagnostic => "diagnostic",
            GridKind::Projections => "projections",
            GridKind::PlanAction => "plan_action",
        }
    }

    /// Column fields in the template's order, used when a table has no title row.
    fn default_columns(self) -> &'static [Field] {
        match self {
            GridKind::Diagnostic => &[Field::Theme, Field::Retex, Field::Irritants, Field::PointsForts],
            GridKind::Projections => &[Field::Theme, Field::Irritants, Field::Besoins, Field::Axes],
            GridKind::PlanAction => {
                &[Field::Theme, Field::Axes, Field::Actions, Field::Acteurs, Field::Temporalite, Field::Indicateurs]
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Theme,
    Retex,
    Irritants,
    PointsForts,
    Besoins,
    Axes,
    Actions,
    Acteurs,
    Temporalite,
    Indicateurs,
}

/// The field a column title names, for a table of `kind` (or any kind when `None`).
/// Order matters: "Axes d'amélioration … répondre aux besoins … aux irritants" is the
/// axes column, not the besoins or irritants one.
fn field_of(title: &str, kind: Option<GridKind>) -> Option<Field> {
    let f = text::fold(title);
    if f.is_empty() {
        return None;
    }
    let plan = kind.is_none_or(|k| k == GridKind::PlanAction);
    let candidates: &[(Field, &[&str])] = &[
        (Field::Theme, &["thematique", "thematiques", "theme", "themes", "parmi les 5"]),
        (Field::Axes, &["axes", "axe", "amelioration", "leviers", "levier", "quoi"]),
        (Field::Actions, &["actions", "action a mener", "comment"]),
        (Field::Acteurs, &["acteurs", "acteur", "qui"]),
        (Field::Temporalite, &["temporalite", "calendrier", "echeance", "quand"]),
        (Field::Indicateurs, &["indicateurs", "indicateur", "facteurs de reussite"]),
        (Field::Retex, &["retex", "retour d experience", "retours d experience"]),
        (Field::PointsForts, &["points forts", "point fort", "points positifs", "forces", "reussites"]),
        (Field::Besoins, &["besoin", "besoins"]),
        (Field::Irritants, &["irritants", "irritant", "difficultes", "points faibles"]),
    ];
    candidates
        .iter()
        .filter(|(field, _)| plan || !matches!(field, Field::Actions | Field::Acteurs | Field::Temporalite | Field::Indicateurs))
        .find(|(_, words)| contains_phrase(&f, words))
        .map(|(field, _)| *field)
}

/// The title row of a table: the first of its first rows where most cells name a field.
fn title_row(table: &Table) -> Option<usize> {
    table.rows.iter().take(3).position(|row| {
        let named = row.cells.iter().filter(|c| field_of(&c.text(), None).is_some()).count();
        named >= 2 && named * 2 >= row.cells.len()
    })
}

fn kind_from_titles(table: &Table, row: usize) -> Option<GridKind> {
    let fields: Vec<Field> = table.rows[row].cells.iter().filter_map(|c| field_of(&c.text(), None)).collect();
    let has = |f: Field| fields.contains(&f);
    if has(Field::Actions) || has(Field::Acteurs) || has(Field::Indicateurs) || has(Field::Temporalite) {
        Some(GridKind::PlanAction)
    } else if has(Field::Retex) || has(Field::PointsForts) {
        Some(GridKind::Diagnostic)
    } else if has(Field::Besoins) || (has(Field::Irritants) && has(Field::Axes)) {
        Some(GridKind::Projections)
    } else {
        None
    }
}

fn kind_from_heading(heading: &Paragraph) -> Option<GridKind> {
    let f = text::fold(&heading.text());
    if f.contains("diagnostic") {
        Some(GridKind::Diagnostic)
    } else if f.contains("synthese des besoins") || f.starts_with("projection") || f.starts_with("2 projection") {
        Some(GridKind::Projections)
    } else if f.contains("plan d action") {
        Some(GridKind::PlanAction)
    } else {
        None
    }
}

/// Which of the form's tables `table` is, if any.
pub fn classify(table: &Table, heading: Option<&Paragraph>, continued: Option<GridKind>) -> Option<GridKind> {
    if table.columns() < 3 {
        return None;
    }
    if let Some(row) = title_row(table) {
        return kind_from_titles(table, row).or(continued).or_else(|| heading.and_then(kind_from_heading));
    }
    continued.or_else(|| heading.and_then(kind_from_heading))
}

pub struct Grids {
    pub numbering: Option<Numbering>,
    pub diagnostic: Vec<DiagnosticRow>,
    pub projections: Vec<ProjectionRow>,
    pub plan_action: Vec<PlanActionRow>,
    pub warnings: Warnings,
}

/// One filled row, before themes are resolved.
struct RawRow {
    theme: Option<ThemeCell>,
    retex: Option<u32>,
    lists: Vec<(Field, Vec<String>)>,
}

impl RawRow {
    fn list(&self, field: Field) -> Vec<String> {
        self.lists.iter().filter(|(f, _)| *f == field).flat_map(|(_, items)| items.iter().cloned()).collect()
    }
}

pub fn read(items: &[Item<'_>], warnings: &mut Warnings) -> Grids {
    let mut grid_warnings = Warnings::default();
    let mut rows: [Vec<RawRow>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut seen = [false; 3];
    let mut columns_of: [Option<Vec<Option<Field>>>; 3] = [None, None, None];
    for item in items {
        let Item::Table(table, kind) = item else { continue };
        let k = *kind as usize;
        seen[k] = true;
        let (first_data, columns) = match title_row(table) {
            Some(title) => {
                let columns = columns_from_titles(table, title, *kind, &mut grid_warnings);
                (title + 1, columns)
            }
            None => {
                let columns = columns_of[k].clone().unwrap_or_else(|| {
                    let defaults = kind.default_columns();
                    (0..table.columns()).map(|c| defaults.get(c).copied()).collect()
                });
                (0, columns)
            }
        };
        for r in first_data..table.rows.len() {
            if let Some(row) = read_row(table, r, &columns) {
                rows[k].push(row);
            }
        }
        columns_of[k] = Some(columns);
    }
    for (k, kind) in [GridKind::Diagnostic, GridKind::Projections, GridKind::PlanAction].iter().enumerate() {
        if !seen[k] {
            warnings.add(WarningCode::SectionAbsente, kind.champ(), format!("tableau « {} » introuvable", kind.champ()));
        }
    }

    let cells: Vec<ThemeCell> = rows.iter().flatten().filter_map(|r| r.theme.clone()).collect();
    let numbering = themes::infer_numbering(&cells);
    let mut resolve = |cell: &Option<ThemeCell>, champ: String| {
        cell.as_ref().map(|c| {
            let (theme, warning) = themes::resolve(c, numbering);
            if let Some(code) = warning {
                let message = match code {
                    WarningCode::ThematiqueAmbigue => format!("« {} » : numéro lu dans l'ordre du Préambule", c.texte),
                    _ => format!("« {} » : le numéro et l'intitulé ne concordent pas", c.texte),
                };
                grid_warnings.add(code, champ, message);
            }
            theme
        })
    };
    let [diag_rows, proj_rows, plan_rows] = rows;
    let diagnostic = diag_rows
        .iter()
        .enumerate()
        .map(|(i, r)| DiagnosticRow {
            thematique: resolve(&r.theme, format!("diagnostic[{i}].thematique")),
            retex: r.retex,
            irritants: r.list(Field::Irritants),
            points_forts: r.list(Field::PointsForts),
        })
        .collect();
    let projections = proj_rows
        .iter()
        .enumerate()
        .map(|(i, r)| ProjectionRow {
            thematique: resolve(&r.theme, format!("projections[{i}].thematique")),
            irritants: r.list(Field::Irritants),
            besoins: r.list(Field::Besoins),
            axes_amelioration: r.list(Field::Axes),
        })
        .collect();
    let plan_action = plan_rows
        .iter()
        .enumerate()
        .map(|(i, r)| PlanActionRow {
            thematique: resolve(&r.theme, format!("plan_action[{i}].thematique")),
            axes_amelioration: r.list(Field::Axes),
            actions: r.list(Field::Actions),
            acteurs: r.list(Field::Acteurs),
            temporalite: r.list(Field::Temporalite),
            indicateurs: r.list(Field::Indicateurs),
        })
        .collect();
    Grids { numbering, diagnostic, projections, plan_action, warnings: grid_warnings }
}

/// The field of each grid column, from the title row; unknown titles are reported.
fn columns_from_titles(table: &Table, title: usize, kind: GridKind, warnings: &mut Warnings) -> Vec<Option<Field>> {
    let mut columns = vec![None; table.columns()];
    for cell in &table.rows[title].cells {
        let name = text::clean(&cell.text());
        let field = field_of(&name, Some(kind)).filter(|f| kind_accepts(kind, *f));
        if field.is_none() && !name.is_empty() {
            warnings.add(
                WarningCode::ColonneInconnue,
                kind.champ(),
                format!("colonne « {name} » non reconnue : son contenu n'est pas repris"),
            );
        }
        if let Some(slot) = columns.get_mut(cell.col) {
            *slot = field;
        }
    }
    columns
}

fn kind_accepts(kind: GridKind, field: Field) -> bool {
    kind.default_columns().contains(&field)
}

fn read_row(table: &Table, r: usize, columns: &[Option<Field>]) -> Option<RawRow> {
    let mut row = RawRow { theme: None, retex: None, lists: Vec::new() };
    let mut own_content = false;
    for (c, field) in columns.iter().enumerate() {
        let Some(field) = field else { continue };
        let Some((start_row, cell)) = table.cell_at(r, c) else { continue };
        if cell.col != c {
            continue;
        }
        let own = start_row == r;
        match field {
            Field::Theme => {
                // A merged theme cell belongs to every row it spans.
                row.theme = themes::parse_theme_cell(&cell_text(cell));
                own_content |= own && row.theme.is_some();
            }
            Field::Retex if own => {
                row.retex = first_number(&cell_text(cell));
                own_content |= row.retex.is_some();
            }
            _ if own => {
                let items = cell_items(cell);
                own_content |= !items.is_empty();
                row.lists.push((*field, items));
            }
            _ => {}
        }
    }
    own_content.then_some(row)
}

/// The RETEX number of a cell: `▶ 1 :` → 1, `RETEX 2` → 2.
fn first_number(s: &str) -> Option<u32> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..].chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}
