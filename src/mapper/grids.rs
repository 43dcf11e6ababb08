//! The three tables of the form: diagnostic, projections, action plan.
//!
//! A table is recognized by its column titles (or, without a title row, by the heading
//! above it, or as the continuation of the table before it). Columns are placed by their
//! titles, so a retitled, reordered or added column is handled; a column that fits no
//! field gives `colonne_inconnue`. Rows whose cells are all empty are dropped.

use super::content::{cell_items, cell_text};
use super::labels::contains_phrase;
use super::{Part, Trace, Warnings};
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
            GridKind::Diagnostic => &[
                Field::Theme,
                Field::Retex,
                Field::Irritants,
                Field::PointsForts,
            ],
            GridKind::Projections => &[Field::Theme, Field::Irritants, Field::Besoins, Field::Axes],
            GridKind::PlanAction => &[
                Field::Theme,
                Field::Axes,
                Field::Actions,
                Field::Acteurs,
                Field::Temporalite,
                Field::Indicateurs,
            ],
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
        (
            Field::Theme,
            &[
                "thematique",
                "thematiques",
                "theme",
                "themes",
                "parmi les 5",
            ],
        ),
        (
            Field::Axes,
            &["axes", "axe", "amelioration", "leviers", "levier", "quoi"],
        ),
        (Field::Actions, &["actions", "action a mener", "comment"]),
        (Field::Acteurs, &["acteurs", "acteur", "qui"]),
        (
            Field::Temporalite,
            &["temporalite", "calendrier", "echeance", "quand"],
        ),
        (
            Field::Indicateurs,
            &["indicateurs", "indicateur", "facteurs de reussite"],
        ),
        (
            Field::Retex,
            &["retex", "retour d experience", "retours d experience"],
        ),
        (
            Field::PointsForts,
            &[
                "points forts",
                "point fort",
                "points positifs",
                "forces",
                "reussites",
            ],
        ),
        (Field::Besoins, &["besoin", "besoins"]),
        (
            Field::Irritants,
            &["irritants", "irritant", "difficultes", "points faibles"],
        ),
    ];
    candidates
        .iter()
        .filter(|(field, _)| {
            plan || !matches!(
                field,
                Field::Actions | Field::Acteurs | Field::Temporalite | Field::Indicateurs
            )
        })
        .find(|(_, words)| contains_phrase(&f, words))
        .map(|(field, _)| *field)
}

/// The title row of a table: the first of its first rows where most cells name a field.
fn title_row(table: &Table) -> Option<usize> {
    table.rows.iter().take(3).position(|row| {
        let named = row
            .cells
            .iter()
            .filter(|c| field_of(&c.text(), None).is_some())
            .count();
        named >= 2 && named * 2 >= row.cells.len()
    })
}

fn kind_from_titles(table: &Table, row: usize) -> Option<GridKind> {
    let fields: Vec<Field> = table.rows[row]
        .cells
        .iter()
        .filter_map(|c| field_of(&c.text(), None))
        .collect();
    let has = |f: Field| fields.contains(&f);
    if has(Field::Actions)
        || has(Field::Acteurs)
        || has(Field::Indicateurs)
        || has(Field::Temporalite)
    {
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
    } else if f.contains("synthese des besoins")
        || f.starts_with("projection")
        || f.starts_with("2 projection")
    {
        Some(GridKind::Projections)
    } else if f.contains("plan d action") {
        Some(GridKind::PlanAction)
    } else {
        None
    }
}

/// Which of the form's tables `table` is, if any.
pub fn classify(
    table: &Table,
    heading: Option<&Paragraph>,
    continued: Option<GridKind>,
) -> Option<GridKind> {
    if table.columns() < 3 {
        return None;
    }
    if let Some(row) = title_row(table) {
        return kind_from_titles(table, row)
            .or(continued)
            .or_else(|| heading.and_then(kind_from_heading));
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

/// One filled row, before themes are resolved, with the paragraphs each value came from.
struct RawRow<'a> {
    theme: Option<(ThemeCell, Vec<&'a Paragraph>)>,
    retex: Option<(u32, Vec<&'a Paragraph>)>,
    lists: Vec<(Field, Vec<(String, &'a Paragraph)>)>,
}

impl<'a> RawRow<'a> {
    /// The items of `field`'s column, recorded in `trace` under `path[j]`.
    fn list(&self, field: Field, path: &str, trace: &mut Trace<'a>) -> Vec<String> {
        let items: Vec<&(String, &Paragraph)> = self
            .lists
            .iter()
            .filter(|(f, _)| *f == field)
            .flat_map(|(_, items)| items.iter())
            .collect();
        for (j, (_, from)) in items.iter().enumerate() {
            trace.leaf(format!("{path}[{j}]"), &[from]);
        }
        items.into_iter().map(|(item, _)| item.clone()).collect()
    }
}

pub fn read<'a>(items: &[Part<'a>], trace: &mut Trace<'a>, warnings: &mut Warnings) -> Grids {
    let mut grid_warnings = Warnings::default();
    let mut rows: [Vec<RawRow>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut seen = [false; 3];
    let mut columns_of: [Option<Vec<Option<Field>>>; 3] = [None, None, None];
    for item in items {
        let Part::Table(table, kind) = item else {
            continue;
        };
        let k = *kind as usize;
        seen[k] = true;
        let (first_data, columns) = match title_row(table) {
            Some(title) => {
                let columns = columns_from_titles(table, title, *kind, &mut grid_warnings);
                // The titles of the form's columns were read as such; an unknown
                // column's title is text the form does not have.
                for cell in &table.rows[title].cells {
                    if columns.get(cell.col).is_some_and(Option::is_some) {
                        trace.take_all(&cell.paragraphs());
                    }
                }
                (title + 1, columns)
            }
            None => {
                let columns = columns_of[k].clone().unwrap_or_else(|| {
                    let defaults = kind.default_columns();
                    (0..table.columns())
                        .map(|c| defaults.get(c).copied())
                        .collect()
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
    for (k, kind) in [
        GridKind::Diagnostic,
        GridKind::Projections,
        GridKind::PlanAction,
    ]
    .iter()
    .enumerate()
    {
        if !seen[k] {
            warnings.add(
                WarningCode::SectionAbsente,
                kind.champ(),
                format!("tableau « {} » introuvable", kind.champ()),
            );
        }
    }

    let cells: Vec<ThemeCell> = rows
        .iter()
        .flatten()
        .filter_map(|r| r.theme.as_ref().map(|(c, _)| c.clone()))
        .collect();
    let numbering = themes::infer_numbering(&cells);
    // The numbering is read from the theme cells: the first numbered one stands for them.
    if numbering.is_some()
        && let Some((_, from)) = rows
            .iter()
            .flatten()
            .filter_map(|r| r.theme.as_ref())
            .find(|(c, _)| c.numero.is_some())
    {
        trace.leaf("numerotation_thematiques", from);
    }
    let mut resolve = |row: &RawRow<'a>, path: String, trace: &mut Trace<'a>| {
        row.theme.as_ref().map(|(c, from)| {
            let (theme, warning) = themes::resolve(c, numbering);
            if let Some(code) = warning {
                let message = match code {
                    WarningCode::ThematiqueAmbigue => {
                        format!("« {} » : numéro lu dans l'ordre du Préambule", c.texte)
                    }
                    _ => format!(
                        "« {} » : le numéro et l'intitulé ne concordent pas",
                        c.texte
                    ),
                };
                grid_warnings.add(code, path.clone(), message);
            }
            trace.leaf(format!("{path}.texte"), from);
            if theme.numero.is_some() {
                trace.leaf(format!("{path}.numero"), from);
            }
            if theme.code.is_some() {
                trace.leaf(format!("{path}.code"), from);
            }
            theme
        })
    };
    let [diag_rows, proj_rows, plan_rows] = rows;
    let mut diagnostic = Vec::with_capacity(diag_rows.len());
    for (i, r) in diag_rows.iter().enumerate() {
        let path = format!("diagnostic[{i}]");
        if let Some((_, from)) = &r.retex {
            trace.leaf(format!("{path}.retex"), from);
        }
        diagnostic.push(DiagnosticRow {
            thematique: resolve(r, format!("{path}.thematique"), trace),
            retex: r.retex.as_ref().map(|(n, _)| *n),
            irritants: r.list(Field::Irritants, &format!("{path}.irritants"), trace),
            points_forts: r.list(Field::PointsForts, &format!("{path}.points_forts"), trace),
        });
    }
    let mut projections = Vec::with_capacity(proj_rows.len());
    for (i, r) in proj_rows.iter().enumerate() {
        let path = format!("projections[{i}]");
        projections.push(ProjectionRow {
            thematique: resolve(r, format!("{path}.thematique"), trace),
            irritants: r.list(Field::Irritants, &format!("{path}.irritants"), trace),
            besoins: r.list(Field::Besoins, &format!("{path}.besoins"), trace),
            axes_amelioration: r.list(Field::Axes, &format!("{path}.axes_amelioration"), trace),
        });
    }
    let mut plan_action = Vec::with_capacity(plan_rows.len());
    for (i, r) in plan_rows.iter().enumerate() {
        let path = format!("plan_action[{i}]");
        plan_action.push(PlanActionRow {
            thematique: resolve(r, format!("{path}.thematique"), trace),
            axes_amelioration: r.list(Field::Axes, &format!("{path}.axes_amelioration"), trace),
            actions: r.list(Field::Actions, &format!("{path}.actions"), trace),
            acteurs: r.list(Field::Acteurs, &format!("{path}.acteurs"), trace),
            temporalite: r.list(Field::Temporalite, &format!("{path}.temporalite"), trace),
            indicateurs: r.list(Field::Indicateurs, &format!("{path}.indicateurs"), trace),
        });
    }
    Grids {
        numbering,
        diagnostic,
        projections,
        plan_action,
        warnings: grid_warnings,
    }
}

/// The field of each grid column, from the title row; unknown titles are reported.
fn columns_from_titles(
    table: &Table,
    title: usize,
    kind: GridKind,
    warnings: &mut Warnings,
) -> Vec<Option<Field>> {
    let mut columns = vec![None; table.columns()];
    for cell in &table.rows[title].cells {
        let name = text::clean(&cell.text());
        let field = field_of(&name, Some(kind)).filter(|f| kind_accepts(kind, *f));
        if field.is_none() && !name.is_empty() {
            warnings.add(
                WarningCode::ColonneInconnue,
                kind.champ(),
                format!("colonne « {name} » non reconnue : son contenu est dans texte_non_repris"),
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

fn read_row<'a>(table: &'a Table, r: usize, columns: &[Option<Field>]) -> Option<RawRow<'a>> {
    let mut row = RawRow {
        theme: None,
        retex: None,
        lists: Vec::new(),
    };
    let mut own_content = false;
    for (c, field) in columns.iter().enumerate() {
        let Some(field) = field else { continue };
        let Some((start_row, cell)) = table.cell_at(r, c) else {
            continue;
        };
        if cell.col != c {
            continue;
        }
        let own = start_row == r;
        match field {
            Field::Theme => {
                // A merged theme cell belongs to every row it spans.
                row.theme = themes::parse_theme_cell(&cell_text(cell)).map(|t| (t, written(cell)));
                own_content |= own && row.theme.is_some();
            }
            Field::Retex if own => {
                row.retex = first_number(&cell_text(cell)).map(|n| (n, written(cell)));
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

/// The paragraphs of a cell that hold text.
fn written(cell: &crate::model::Cell) -> Vec<&Paragraph> {
    cell.paragraphs()
        .into_iter()
        .filter(|p| !p.text().trim().is_empty())
        .collect()
}

/// The RETEX number of a cell: `▶ 1 :` → 1, `RETEX 2` → 2.
fn first_number(s: &str) -> Option<u32> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}
