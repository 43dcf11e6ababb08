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
mod template;
mod trace;

use crate::error::{ConvertError, ErrorCode, Result};
use crate::model::{Block, Document, Paragraph, Table};
use crate::output::{Restitution, SCHEMA_VERSION, Source, UnplacedText, Warning, WarningCode};
use trace::{Places, Trace};

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

/// How many of the form's own parts and labels a document must show to be taken for
/// the form: a few words that happen to match ("Description", "Format") are not enough.
const MIN_FORM_EVIDENCE: usize = 4;

/// Map the document onto the form. With `provenance`, the output says where every value
/// was read.
pub fn map(document: &Document, source: Source, provenance: bool) -> Result<Restitution> {
    let items = linearize(&document.blocks);
    let intro_tables: Vec<&Table> = items
        .iter()
        .filter_map(|i| match i {
            Item::Introduction(t) => Some(*t),
            _ => None,
        })
        .collect();
    let paragraphs: Vec<&Paragraph> = items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) => Some(*p),
            _ => None,
        })
        .collect();
    let mut grid_kinds: Vec<grids::GridKind> = items
        .iter()
        .filter_map(|i| match i {
            Item::Table(_, kind) => Some(*kind),
            _ => None,
        })
        .collect();
    grid_kinds.dedup();
    let evidence = introduction::evidence(&intro_tables)
        + 2 * grid_kinds.len()
        + fiches::evidence(&paragraphs)
        + retex::evidence(&paragraphs);
    if evidence < MIN_FORM_EVIDENCE {
        return Err(ConvertError::new(
            ErrorCode::PasUneRestitution,
            "trop peu des libellés du formulaire « Restitution » (tableau d'introduction, tableaux, fiche proposition phare) ont été trouvés",
        ));
    }

    let mut warnings = Warnings::default();
    let mut trace = Trace::default();
    let intro = introduction::read(&intro_tables, &paragraphs, &mut trace, &mut warnings);
    let retex = retex::read(&paragraphs, &mut trace, &mut warnings);
    let grids = grids::read(&items, &mut trace, &mut warnings);
    let propositions_phares = fiches::read(&items, &mut trace, &mut warnings);

    let places = Places::of(document);
    let region = intro.region.clone().unwrap_or_default();
    // The cover repeats the région's name under "RÉGION ACADÉMIQUE": the form's text too.
    let texte_non_repris = trace.unplaced(&places, |t| trace::same_text(t, &region));
    let mut tail = Warnings::default();
    for (i, unplaced) in texte_non_repris.iter().enumerate() {
        tail.add(WarningCode::TexteNonRepris, format!("texte_non_repris[{i}]"), unplaced_message(unplaced));
    }

    let mut doc = Restitution {
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
        texte_non_repris,
        avertissements: order_warnings(warnings, grids.warnings, tail),
        provenance: None,
    };
    if provenance {
        let values = serde_json::to_value(&doc).unwrap_or_default();
        doc.provenance = Some(trace.provenance(&places, |path| leaf_is_set(&values, path)));
    }
    Ok(doc)
}

fn unplaced_message(unplaced: &UnplacedText) -> String {
    let mut shown: String = unplaced.texte.chars().take(60).collect();
    if shown.len() < unplaced.texte.len() {
        shown.push('…');
    }
    format!("texte écrit hors des champs du formulaire : « {shown} »")
}

/// Is the value at `path` (`participants[3].coche`) present and not null?
fn leaf_is_set(doc: &serde_json::Value, path: &str) -> bool {
    let mut cur = doc;
    for part in path.split('.') {
        let (name, indexes) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        let Some(next) = cur.get(name) else { return false };
        cur = next;
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Some(next) = index.parse::<usize>().ok().and_then(|i| cur.get(i)) else { return false };
            cur = next;
        }
    }
    !cur.is_null()
}

/// Warnings in the order of the fields they name (the document's order): the grid
/// warnings (decided once the numbering is known) go after the RETEX ones and before
/// the fiches', the unplaced texts' last.
fn order_warnings(main: Warnings, grid: Warnings, unplaced: Warnings) -> Vec<Warning> {
    let mut all = main.0;
    let split = all.iter().position(|w| w.champ.starts_with("propositions_phares")).unwrap_or(all.len());
    let tail = all.split_off(split);
    all.extend(grid.0);
    all.extend(tail);
    all.extend(unplaced.0);
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
