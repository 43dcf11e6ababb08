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
mod ocr;
mod retex;
mod template;
mod trace;

use crate::error::{Cause, ConvertError, Result};
use crate::model::{Block, Document, Paragraph, Table};
use crate::output::{Restitution, SCHEMA_VERSION, Source, UnplacedText, Warning, WarningCode};
use trace::{Places, Trace};

/// The form's printed words, for readers that must tell a word processor's line-end
/// hyphen from a writer's (`pdf::layout::breaks`).
pub(crate) use template::is_form_word;

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
pub enum Part<'a> {
    Paragraph(&'a Paragraph),
    Table(&'a Table, grids::GridKind),
    Introduction(&'a Table),
}

/// How many of the form's own parts and labels a document must show to be taken for
/// the form: a few words that happen to match ("Description", "Format") are not enough.
const MIN_FORM_EVIDENCE: usize = 4;

/// The `chemin` of every paragraph of `document` (body in reading order, then notes):
/// the same text `provenance` and `texte_non_repris` give, so a reviewer can find the
/// paragraph a value was read from.
pub fn paragraph_chemins(document: &Document) -> Vec<(&Paragraph, String)> {
    Places::of(document)
        .paragraphs()
        .map(|(p, chemin)| (p, chemin.to_string()))
        .collect()
}

/// Map the document onto the form. With `provenance`, the output says where every value
/// was read.
pub fn map(document: &Document, source: Source, provenance: bool) -> Result<Restitution> {
    let items = linearize(&document.blocks);
    let intro_tables: Vec<&Table> = items
        .iter()
        .filter_map(|i| match i {
            Part::Introduction(t) => Some(*t),
            _ => None,
        })
        .collect();
    let paragraphs: Vec<&Paragraph> = items
        .iter()
        .filter_map(|i| match i {
            Part::Paragraph(p) => Some(*p),
            _ => None,
        })
        .collect();
    let mut grid_kinds: Vec<grids::GridKind> = items
        .iter()
        .filter_map(|i| match i {
            Part::Table(_, kind) => Some(*kind),
            _ => None,
        })
        .collect();
    grid_kinds.dedup();
    let evidence = introduction::evidence(&intro_tables, &paragraphs)
        + 2 * grid_kinds.len()
        + fiches::evidence(&paragraphs)
        + retex::evidence(&paragraphs);
    if evidence < MIN_FORM_EVIDENCE {
        return Err(ConvertError::of(Cause::NotTheForm));
    }

    let mut warnings = Warnings::default();
    if let Some(confidence) = document.ocr_confidence {
        warnings.add(
            WarningCode::LectureOcr,
            "source",
            format!(
                "texte reconnu par OCR (Tesseract) sur une image numérisée, confiance moyenne {} %",
                confidence.round()
            ),
        );
    }
    let mut trace = Trace::default();
    // Paragraphs right after the introduction's table: the rest of a table whose last
    // rows a reader could not see as rows.
    let intro_tail: Vec<&Paragraph> = items
        .iter()
        .rposition(|i| matches!(i, Part::Introduction(_)))
        .map(|last| {
            items[last + 1..]
                .iter()
                .map_while(|i| match i {
                    Part::Paragraph(p) => Some(*p),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let intro = introduction::read(
        &intro_tables,
        &intro_tail,
        &paragraphs,
        document.ocr_confidence.is_some(),
        &mut trace,
        &mut warnings,
    );
    let retex = retex::read(&paragraphs, &mut trace, &mut warnings);
    let grids = grids::read(&items, &mut trace, &mut warnings);
    let propositions_phares = fiches::read(&items, &mut trace, &mut warnings);

    let places = Places::of(document);
    let region = intro.region.clone().unwrap_or_default();
    // The cover repeats the région's name under "RÉGION ACADÉMIQUE": the form's text too.
    let texte_non_repris = trace.unplaced(&places, |t| trace::same_text(t, &region));
    let mut tail = Warnings::default();
    for (i, unplaced) in texte_non_repris.iter().enumerate() {
        tail.add(
            WarningCode::TexteNonRepris,
            format!("texte_non_repris[{i}]"),
            unplaced_message(unplaced),
        );
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
    ocr::warn_unsure_counts(document, &trace, &places, &mut doc);
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
        let Some(next) = cur.get(name) else {
            return false;
        };
        cur = next;
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            let Some(next) = index.parse::<usize>().ok().and_then(|i| cur.get(i)) else {
                return false;
            };
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
    let split = all
        .iter()
        .position(|w| w.champ.starts_with("propositions_phares"))
        .unwrap_or(all.len());
    let tail = all.split_off(split);
    all.extend(grid.0);
    all.extend(tail);
    all.extend(unplaced.0);
    all
}

fn linearize(blocks: &[Block]) -> Vec<Part<'_>> {
    let mut items = Vec::new();
    let mut last_grid: Option<(grids::GridKind, usize)> = None;
    let mut since_grid = 0usize;
    push_blocks(blocks, &mut items, &mut last_grid, &mut since_grid, 0);
    items
}

fn push_blocks<'a>(
    blocks: &'a [Block],
    items: &mut Vec<Part<'a>>,
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
                items.push(Part::Paragraph(p));
            }
            Block::Table(t) => {
                if introduction::is_introduction(t) {
                    items.push(Part::Introduction(t));
                    continue;
                }
                let heading = items.iter().rev().find_map(|i| match i {
                    Part::Paragraph(p) if !p.text().trim().is_empty() => Some(*p),
                    _ => None,
                });
                // A table right after a form table, with its columns and no title of its
                // own, continues it (a table split in two).
                let continued = last_grid
                    .filter(|(_, cols)| *since_grid <= 1 && *cols == t.columns())
                    .map(|(k, _)| k);
                match grids::classify(t, heading, continued) {
                    Some(kind) => {
                        *last_grid = Some((kind, t.columns()));
                        *since_grid = 0;
                        items.push(Part::Table(t, kind));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Row};
    use crate::output::SourceFormat;

    fn para(t: &str) -> Paragraph {
        let mut p = Paragraph::default();
        p.push_text(t, false);
        p
    }

    fn cell(col: usize, texts: &[&str]) -> Cell {
        Cell {
            col,
            col_span: 1,
            row_span: 1,
            blocks: texts.iter().map(|t| Block::Paragraph(para(t))).collect(),
            ..Cell::default()
        }
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row { cells }
    }

    fn source() -> Source {
        Source {
            fichier: "x".into(),
            format: SourceFormat::Docx,
            sha256: String::new(),
            octets: 0,
            pages: None,
            convertisseur: String::new(),
        }
    }

    /// An introduction as pandoc lays it out: no merged cells, each box alone in the cell
    /// left of its label, "Les 2" on a row of its own after two empty cells.
    fn introduction() -> Table {
        Table {
            rows: vec![
                row(vec![
                    cell(0, &["Nom de la Région académique"]),
                    cell(1, &[""]),
                    cell(2, &["Bretagne"]),
                ]),
                row(vec![
                    cell(0, &["Date(s) et lieu(x) de la session"]),
                    cell(1, &[""]),
                    cell(
                        2,
                        &["du 12 au 14/10/2020, Rennes. Atelier\u{a0}: Inclusion"],
                    ),
                ]),
                row(vec![
                    cell(0, &["Format de la session"]),
                    cell(1, &["☐"]),
                    cell(2, &["Présentiel"]),
                    cell(3, &["☒"]),
                    cell(4, &["Distanciel"]),
                ]),
                row(vec![
                    cell(0, &[""]),
                    cell(1, &[""]),
                    cell(2, &[""]),
                    cell(3, &["☐"]),
                    cell(4, &["Les 2"]),
                ]),
                row(vec![
                    cell(0, &["Animateurs de la session"]),
                    cell(1, &[""]),
                    cell(2, &["Anne Le Goff, Yves Morvan"]),
                ]),
                row(vec![
                    cell(0, &["Participants à la session"]),
                    cell(1, &["☒"]),
                    cell(2, &["Chercheurs"]),
                    cell(3, &["Nombre de participants : une vingtaine"]),
                ]),
                row(vec![
                    cell(0, &[""]),
                    cell(1, &["☐"]),
                    cell(2, &["Opérateurs"]),
                    cell(3, &["Nombre de participants : à compléter"]),
                ]),
            ],
            ..Table::default()
        }
    }

    fn document(extra: &[&str]) -> Document {
        let mut blocks = vec![
            Block::Paragraph(para("Introduction")),
            Block::Table(introduction()),
        ];
        blocks.extend(extra.iter().map(|t| Block::Paragraph(para(t))));
        blocks.push(Block::Paragraph(para("RETEX 1 : Prêt de tablettes")));
        Document {
            blocks,
            pages: None,
            notes: Vec::new(),
            ocr_confidence: None,
            ocr_words: Vec::new(),
        }
    }

    #[test]
    fn boxes_beside_their_labels_and_rows_without_a_label() {
        let doc = map(&document(&[]), source(), false).expect("the form");
        assert_eq!(doc.region_academique.as_deref(), Some("Bretagne"));
        assert_eq!(
            doc.session.dates,
            vec!["2020-10-12", "2020-10-13", "2020-10-14"]
        );
        assert_eq!(doc.session.atelier.as_deref(), Some("Inclusion"));
        assert_eq!(
            (
                doc.format.presentiel,
                doc.format.distanciel,
                doc.format.les_deux
            ),
            (Some(false), Some(true), Some(false))
        );
        assert_eq!(doc.participants[6].coche, Some(true));
        assert_eq!(doc.participants[6].nombre_participants, Some(20));
        assert_eq!(doc.participants[7].coche, Some(false));
        assert_eq!(doc.texte_non_repris, Vec::new());
    }

    #[test]
    fn text_written_outside_the_fields_is_reported_with_a_warning() {
        let added = "Remarque du rapporteur : les échanges ont été très riches.";
        let doc = map(
            &document(&[added, "Retours d'expérience présentés lors des ateliers"]),
            source(),
            true,
        )
        .expect("the form");
        let texts: Vec<&str> = doc
            .texte_non_repris
            .iter()
            .map(|u| u.texte.as_str())
            .collect();
        assert_eq!(texts, vec![added]);
        assert_eq!(doc.texte_non_repris[0].origine.chemin, "paragraphe 2");
        let warning = doc
            .avertissements
            .iter()
            .find(|w| w.code == WarningCode::TexteNonRepris)
            .expect("a warning");
        assert_eq!(warning.champ, "texte_non_repris[0]");
        let provenance = doc.provenance.expect("asked for");
        let paths: Vec<&str> = provenance.0.iter().map(|(p, _)| p.as_str()).collect();
        for path in [
            "region_academique",
            "session.dates[2]",
            "format.distanciel",
            "participants[6].coche",
            "retex[0].texte",
        ] {
            assert!(paths.contains(&path), "{path} in {paths:?}");
        }
        assert!(
            !paths.contains(&"participants[0].coche"),
            "a category the document lacks has no origin"
        );
    }

    /// Labels retyped and moved: the région's label on the row above its value, the
    /// others abbreviated or sharing their cell with their value. Every value is read and
    /// no label is reported as added text.
    #[test]
    fn retyped_labels_in_a_one_column_table() {
        let one = |t: &[&str]| row(vec![cell(0, t)]);
        let table = Table {
            rows: vec![
                one(&["REGION ACAD. ?"]),
                one(&["Bretagne"]),
                one(&["Dates et lieux : 12/10/2020, Rennes"]),
                one(&["Format : ☐ Présentiel ☒ Distanciel ☐ Les 2"]),
                one(&["Animateurs : Anne Le Goff (DRANE, région académique Bretagne)"]),
                one(&[
                    "Participants",
                    "☒ 1er degré – Nb de participants : 12 – Nbre d'établissements : 4",
                    "☐ Chercheurs – Nb de participants : à compléter",
                ]),
            ],
            ..Table::default()
        };
        let document = Document {
            blocks: vec![
                Block::Paragraph(para("Introduction")),
                Block::Table(table),
                Block::Paragraph(para("RETEX 1 : Prêt de tablettes")),
            ],
            pages: None,
            notes: Vec::new(),
            ocr_confidence: None,
            ocr_words: Vec::new(),
        };
        let doc = map(&document, source(), false).expect("the form");
        assert_eq!(doc.region_academique.as_deref(), Some("Bretagne"));
        assert_eq!(doc.session.dates, vec!["2020-10-12"]);
        assert_eq!(doc.format.distanciel, Some(true));
        assert_eq!(
            doc.animateurs.texte.as_deref(),
            Some("Anne Le Goff (DRANE, région académique Bretagne)")
        );
        assert_eq!(doc.participants[0].coche, Some(true));
        assert_eq!(doc.participants[0].nombre_participants, Some(12));
        assert_eq!(doc.participants[0].nombre_etablissements, Some(4));
        assert_eq!(doc.participants[6].coche, Some(false));
        assert_eq!(doc.texte_non_repris, Vec::new());
    }

    /// The introduction as paragraphs (a PDF whose table had no rules, a retyped form):
    /// each label's row is the paragraphs after it.
    #[test]
    fn an_introduction_without_a_table_is_read_from_its_labels() {
        let texts = [
            "RÉGION ACADÉMIQUE",
            "BRETAGNE",
            "Introduction",
            "Nom de la Région académique",
            "Bretagne",
            "Date(s) et lieu(x) de la session",
            "12 octobre 2020, Rennes",
            "Format de la session",
            "Cocher la case correspondante",
            "☒ Présentiel ☐ Distanciel",
            "☐ Les 2",
            "Animateurs de la session",
            "Anne Le Goff",
            "Participants à la session",
            "☒ Chercheurs Nombre de participants : 4",
            "☐ Opérateurs",
            "1. Retour d'expérience",
            "RETEX 1 : Prêt de tablettes",
        ];
        let doc = Document {
            blocks: texts.iter().map(|t| Block::Paragraph(para(t))).collect(),
            pages: None,
            notes: Vec::new(),
            ocr_confidence: None,
            ocr_words: Vec::new(),
        };
        let doc = map(&doc, source(), false).expect("the form");
        assert_eq!(doc.region_academique.as_deref(), Some("Bretagne"));
        assert_eq!(doc.session.dates, vec!["2020-10-12"]);
        assert_eq!(
            doc.format.valeur,
            Some(crate::output::FormatValue::Presentiel)
        );
        assert_eq!(doc.animateurs.noms, vec!["Anne Le Goff"]);
        assert_eq!(
            (
                doc.participants[6].coche,
                doc.participants[6].nombre_participants
            ),
            (Some(true), Some(4))
        );
        assert_eq!(doc.participants[7].coche, Some(false));
        assert_eq!(doc.texte_non_repris, Vec::new());
    }

    #[test]
    fn labels_outside_the_introduction_table_still_give_their_rows() {
        // A borderless page read partly as paragraphs (the rows above), partly as a table
        // (the boxed participant rows): the format, only in the paragraphs, is read.
        let texts = [
            "Introduction",
            "Nom de la Région académique Bretagne",
            "Date(s) et lieu(x) de la session 12 octobre 2020, Rennes",
            "Format de la session ☒ Présentiel ☐ Distanciel",
            "☐ Les 2",
            "Animateurs de la session Anne Le Goff",
        ];
        let mut blocks: Vec<Block> = texts.iter().map(|t| Block::Paragraph(para(t))).collect();
        let boxed = |label: &str, count: &str| row(vec![cell(0, &[label]), cell(1, &[count])]);
        blocks.push(Block::Table(Table {
            rows: vec![
                boxed("☒ Représentants académiques", "Nombre de participants : 3"),
                boxed("☒ Chercheurs", "Nombre de participants : 4"),
                boxed("☐ Opérateurs", "Nombre de participants : à compléter"),
            ],
            ..Table::default()
        }));
        blocks.push(Block::Paragraph(para("RETEX 1 : Prêt de tablettes")));
        let doc = Document {
            blocks,
            pages: None,
            notes: Vec::new(),
            ocr_confidence: None,
            ocr_words: Vec::new(),
        };
        let doc = map(&doc, source(), false).expect("the form");
        assert_eq!(
            doc.format.valeur,
            Some(crate::output::FormatValue::Presentiel)
        );
        assert_eq!(doc.session.dates, vec!["2020-10-12"]);
        assert_eq!(doc.participants[6].nombre_participants, Some(4));
        assert_eq!(doc.total_participants, Some(7));
    }

    /// "Label : valeur" paragraphs with boxes typed as brackets, several on one line, a
    /// dash between a category and its count, and a signed closing after the last fiche.
    #[test]
    fn labelled_paragraphs_with_typed_brackets_and_a_closing() {
        let texts = [
            "Introduction",
            "Nom de la Région académique : Bretagne",
            "Date(s) et lieu(x) de la session : 12 octobre 2020, Rennes",
            "Format de la session : [ ] Présentiel [X] Distanciel [ ] Les 2",
            "Animateurs de la session : Anne Le Goff",
            "Participants à la session :",
            "[X] Chercheurs – Nombre de participants : 4",
            "[ ] Opérateurs – Nombre de participants : à compléter",
            "1. Retour d'expérience",
            "RETEX 1 : Prêt de tablettes",
            "Prêt de tablettes",
            "DESCRIPTION",
            "Résumé de la mesure : Des tablettes prêtées.",
            "BESOINS NÉCESSAIRES POUR PÉRENNISER LE DISPOSITIF",
            "Un budget annuel.",
            "Fait à Rennes, le 21 octobre 2020.",
            "La déléguée académique au numérique",
        ];
        let doc = Document {
            blocks: texts.iter().map(|t| Block::Paragraph(para(t))).collect(),
            ..Document::default()
        };
        let doc = map(&doc, source(), false).expect("the form");
        assert_eq!(
            (
                doc.format.presentiel,
                doc.format.distanciel,
                doc.format.les_deux
            ),
            (Some(false), Some(true), Some(false))
        );
        assert_eq!(doc.participants[6].libelle.as_deref(), Some("Chercheurs"));
        assert_eq!(
            (
                doc.participants[6].coche,
                doc.participants[6].nombre_participants
            ),
            (Some(true), Some(4))
        );
        assert_eq!(doc.participants[7].libelle.as_deref(), Some("Opérateurs"));
        assert_eq!(doc.participants[7].coche, Some(false));
        assert_eq!(
            doc.propositions_phares[0].besoins_perennisation.as_deref(),
            Some("Un budget annuel.")
        );
        let texts: Vec<&str> = doc
            .texte_non_repris
            .iter()
            .map(|u| u.texte.as_str())
            .collect();
        assert_eq!(
            texts,
            vec![
                "Fait à Rennes, le 21 octobre 2020.",
                "La déléguée académique au numérique"
            ]
        );
    }

    /// Rows printed without the label's row span (a web page whose rows are CSS grids):
    /// the next categories sit in the label column, boxed, their counts beside them.
    #[test]
    fn categories_moved_into_the_label_column_are_read() {
        let mut table = introduction();
        table.rows.truncate(5);
        table.rows.push(row(vec![
            cell(0, &["Participants à la session"]),
            cell(1, &["☒ Chercheurs"]),
            cell(3, &["Nombre de participants : 20"]),
        ]));
        table.rows.push(row(vec![
            cell(
                0,
                &["☒ Équipes pédagogiques, éducatives, administratives du second degré"],
            ),
            cell(3, &["Nombre de participants : 45"]),
        ]));
        table.rows.push(row(vec![
            cell(0, &["☐ Opérateurs"]),
            cell(3, &["Nombre de participants : à compléter"]),
        ]));
        let doc = Document {
            blocks: vec![
                Block::Paragraph(para("Introduction")),
                Block::Table(table),
                Block::Paragraph(para("RETEX 1 : Prêt de tablettes")),
            ],
            ..Document::default()
        };
        let doc = map(&doc, source(), false).expect("the form");
        let read = |i: usize| {
            let p = &doc.participants[i];
            (p.coche, p.nombre_participants)
        };
        assert_eq!(read(6), (Some(true), Some(20)));
        assert_eq!(read(1), (Some(true), Some(45)));
        assert_eq!(read(7), (Some(false), None));
    }

    #[test]
    fn a_few_matching_words_do_not_make_the_form() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(para("Name")),
                Block::Paragraph(para("Description")),
                Block::Paragraph(para("Impacts")),
            ],
            ..Document::default()
        };
        let error = map(&doc, source(), false).expect_err("not the form");
        assert_eq!(error.code, crate::error::ErrorCode::PasUneRestitution);
    }
}
