//! The template mapper: finds the form's parts in the neutral model by their labels and
//! turns them into the output document. Knows nothing of file formats.
//!
//! - `introduction`: the label/value table at the start (région, session, format,
//!   animateurs, participants).
//! - `grids`: the diagnostic, projections and action-plan tables, found by their
//!   column titles (or the heading above them), continued across split tables.
//! - `retex` and `fiches`: the RETEX paragraphs and the "proposition phare" fiches, read
//!   from the document's paragraphs in order.
//!
//! Tables that are none of the form's are read as their paragraphs, so a fiche typed in
//! a table, or a PDF box taken for a table, is still found.

mod content;
mod fiches;
mod grids;
mod introduction;
mod labels;
mod retex;

use crate::error::{ConvertError, ErrorCode, Result};
use crate::model::{Block, Document, Paragraph, Table};
use crate::output::{Restitution, SCHEMA_VERSION, Source, Warning, WarningCode};

/// Warnings gathered while mapping, in the order the fields are written.
#[derive(Default)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    pub fn add(&mut self, code: WarningCode, champ: impl Into<String>, message: impl Into<String>) {
        self.0.push(Warning::new(code, champ, message));
    }
}

/// The document read as the mapper walks it: form tables kept whole, every other block
/// as its paragraphs in reading order.
pub enum Item<'a> {
    Paragraph(&'a Paragraph),
    Table(&'a Table, grids::GridKind),
    Introduction(&'a Table),
}

pub fn map(document: &Document, source: Source) -> Result<Restitution> {
    let items = linearize(&document.blocks);
    let intro_tables: Vec<&Table> = items
        .iter()
        .filter_map(|i| match i {
            Item::Introduction(t) => Some(*t),
            _ => None,
        })
        .collect();
    let grid_count = items.iter().filter(|i| matches!(i, Item::Table(..))).count();
    let paragraphs: Vec<&Paragraph> = items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) => Some(*p),
            _ => None,
        })
        .collect();
    if intro_tables.is_empty() && grid_count == 0 && !fiches::has_fiche(&paragraphs) {
        return Err(ConvertError::new(
            ErrorCode::PasUneRestitution,
            "aucune partie du formulaire « Restitution » (tableau d'introduction, tableaux, fiche proposition phare) n'a été trouvée",
        ));
    }

    let mut warnings = Warnings::default();
    let intro = introduction::read(&intro_tables, &paragraphs, &mut warnings);
    let retex = retex::read(&paragraphs, &mut warnings);
    let grids = grids::read(&items, &mut warnings);
    let propositions_phares = fiches::read(&items, &mut warnings);

    Ok(Restitution {
        schema_version: SCHEMA_VERSION.to_string(),
        source,
        region_academique: intro.region,
        numerotation_thematiques: grids.numbering,
        session: intro.session,
        format: intro.format,
        animateurs: intro.animateurs,
        participants: intro.participants,
        total_participants: intro.total_participants,
        retex,
        diagnostic: grids.diagnostic,
        projections: grids.projections,
        plan_action: grids.plan_action,
        propositions_phares,
        texte_non_repris: Vec::new(),
        avertissements: order_warnings(warnings, grids.warnings),
        provenance: None,
    })
}

/// Warnings in the order of the fields they name (the document's order): the grid
/// warnings (decided once the numbering is known) go after the RETEX ones and before
/// the fiches'.
fn order_warnings(main: Warnings, grid: Warnings) -> Vec<Warning> {
    let mut all = main.0;
    let split = all.iter().position(|w| w.champ.starts_with("propositions_phares")).unwrap_or(all.len());
    let tail = all.split_off(split);
    all.extend(grid.0);
    all.extend(tail);
    all
}

fn linearize(blocks: &[Block]) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut last_grid: Option<(grids::GridKind, usize)> = None;
    let mut since_grid = 0usize;
    push_blocks(blocks, &mut items, &mut last_grid, &mut since_grid, 0);
    items
}

fn push_blocks<'a>(
    blocks: &'a [Block],
    items: &mut Vec<Item<'a>>,
    last_grid: &mut Option<(grids::GridKind, usize)>,
    since_grid: &mut usize,
    depth: usize,
) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if !p.text().trim().is_empty() {
                    *since_grid += 1;
                }
                items.push(Item::Paragraph(p));
            }
            Block::Table(t) => {
                if introduction::is_introduction(t) {
                    items.push(Item::Introduction(t));
                    continue;
                }
                let heading = items.iter().rev().find_map(|i| match i {
                    Item::Paragraph(p) if !p.text().trim().is_empty() => Some(*p),
                    _ => None,
                });
                // A table right after a form table, with its columns and no title of its
                // own, continues it (a table split in two).
                let continued = last_grid.filter(|(_, cols)| *since_grid <= 1 && *cols == t.columns()).map(|(k, _)| k);
                match grids::classify(t, heading, continued) {
                    Some(kind) => {
                        *last_grid = Some((kind, t.columns()));
                        *since_grid = 0;
                        items.push(Item::Table(t, kind));
                    }
                    None if depth < 8 => {
                        for row in &t.rows {
                            for cell in &row.cells {
                                push_blocks(&cell.blocks, items, last_grid, since_grid, depth + 1);
                            }
                        }
                    }
                    None => {}
                }
            }
        }
    }
}
