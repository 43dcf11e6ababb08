//! The PDF reader's model of the sample PDFs (LibreOffice exports of the sample DOCX
//! files): tables, spans, list items, drawn check boxes, joined lines, landscape page.

use restitution::internals::model::{Block, Cell, Document, Inline, Origin, Paragraph, Table};
use serde_json::Value;

fn sample(name: &str) -> Document {
    let path = format!("{}/fixtures/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    restitution::internals::read_pdf(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn expected(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/samples/{name}.expected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .expect("JSON")
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| {
            if let Block::Table(t) = b {
                Some(t)
            } else {
                None
            }
        })
        .collect()
}

fn table_with<'a>(doc: &'a Document, needle: &str) -> &'a Table {
    tables(doc)
        .into_iter()
        .find(|t| {
            t.rows
                .iter()
                .flat_map(|r| &r.cells)
                .any(|c| c.text().contains(needle))
        })
        .unwrap_or_else(|| {
            panic!(
                "no table holds {needle:?}:\n{}",
                restitution::internals::model::outline(doc)
            )
        })
}

fn cell(t: &Table, row: usize, col: usize) -> &Cell {
    t.cell_at(row, col)
        .map(|(_, c)| c)
        .unwrap_or_else(|| panic!("no cell at {row},{col}"))
}

fn items(c: &Cell) -> Vec<(String, Option<u8>)> {
    c.paragraphs()
        .iter()
        .map(|p| (p.text().trim().to_string(), p.list_level))
        .collect()
}

fn all_paragraphs(doc: &Document) -> Vec<&Paragraph> {
    doc.blocks.iter().flat_map(|b| b.paragraphs()).collect()
}

/// The check boxes of a cell's paragraphs, in order.
fn boxes(c: &Cell) -> Vec<Option<bool>> {
    c.paragraphs().iter().flat_map(|p| p.checkboxes()).collect()
}

#[test]
fn corse_introduction_table_has_the_docx_shape() {
    let doc = sample("corse-w14.pdf");
    assert_eq!(doc.pages, Some(8));
    let t = table_with(&doc, "Nom de la Région académique");
    assert_eq!(
        (t.rows.len(), t.columns()),
        (14, 3),
        "{}",
        restitution::internals::model::outline(&doc)
    );
    let region = cell(t, 0, 1);
    assert_eq!(
        (region.col, region.col_span, region.text().as_str()),
        (1, 2, "Corse")
    );
    let session = cell(t, 1, 1);
    assert_eq!(session.paragraphs().len(), 3);
    assert!(
        session
            .text()
            .starts_with("12 Octobre 2020 (2 sessions d'1h30)")
    );
    let format = cell(t, 2, 0);
    assert_eq!(format.row_span, 2);
    assert!(format.text().starts_with("Format de la session"));
    let participants = cell(t, 5, 0);
    assert_eq!(participants.row_span, 9);
    // Typed ☒/☐ glyphs stay text for the mapper.
    assert!(cell(t, 2, 1).text().contains("☒ Présentiel"));
    assert!(
        cell(t, 13, 1)
            .text()
            .contains("☐ Représentants de la filière EdTech")
    );
    assert!(matches!(t.origin, Origin::Pdf { page: 3, .. }));
    assert!(matches!(cell(t, 0, 0).origin, Origin::Pdf { page: 3, .. }));
}

#[test]
fn corse_diagnostic_cells_hold_list_items() {
    let doc = sample("corse-w14.pdf");
    let t = table_with(&doc, "Points forts");
    assert_eq!((t.rows.len(), t.columns()), (6, 4));
    let li = |s: &str| (s.to_string(), Some(0));
    assert_eq!(
        items(cell(t, 1, 0)),
        vec![li("N° 3 (Gouvernance et Anticipation)")]
    );
    assert_eq!(
        items(cell(t, 1, 3)),
        vec![
            li("Partenariat ancien et rôdé"),
            li("Mobilisation synchrone")
        ]
    );
    assert_eq!(
        items(cell(t, 2, 2)),
        vec![
            li("Partenariat éclaté sur de nombreux acteurs"),
            li("Lourdeurs administratives"),
            li("Multiplicité des intervenants locaux sur une même commune")
        ]
    );
    // An empty template row keeps its (empty) bullets.
    assert_eq!(items(cell(t, 5, 2)), vec![li("")]);
}

#[test]
fn corse_hyphenated_line_end_joins_without_space() {
    let doc = sample("corse-w14.pdf");
    let t = table_with(&doc, "Besoin");
    let texts: Vec<String> = (0..4)
        .flat_map(|c| items(cell(t, 1, c)))
        .map(|(s, _)| s)
        .collect();
    assert!(
        texts.iter().any(|s| s == "Cohérence des actions Etats-Collectivités surtout dans le lien Equipement des établissements-Formation des enseignants"),
        "{texts:?}"
    );
}

#[test]
fn corse_landscape_page_table() {
    let doc = sample("corse-w14.pdf");
    let t = table_with(&doc, "Indicateurs et facteurs de réussite");
    assert_eq!((t.rows.len(), t.columns()), (3, 6));
    assert!(matches!(t.origin, Origin::Pdf { page: 6, .. }));
    assert_eq!(
        items(cell(t, 2, 3)),
        vec![("Rectorat/CdC/EPLE/A-IPR".to_string(), Some(0))]
    );
    assert_eq!(
        cell(t, 0, 4).text(),
        "Temporalité souhaitée pour une mise en œuvre"
    );
}

/// The drawn boxes of the introduction table: format (3) then participants (9).
fn drawn_boxes(doc: &Document) -> (Vec<Option<bool>>, Vec<Option<bool>>) {
    let t = table_with(doc, "Nom de la Région académique");
    let format: Vec<Option<bool>> = [(2, 1), (2, 2), (3, 2)]
        .iter()
        .flat_map(|&(r, c)| boxes(cell(t, r, c)))
        .collect();
    let participants: Vec<Option<bool>> = (5..14).flat_map(|r| boxes(cell(t, r, 1))).collect();
    (format, participants)
}

fn expected_boxes(name: &str) -> (Vec<Option<bool>>, Vec<Option<bool>>) {
    let e = expected(name);
    let f = &e["format"];
    let format = ["presentiel", "distanciel", "les_deux"]
        .iter()
        .map(|k| f[k].as_bool())
        .collect();
    let participants = e["participants"]
        .as_array()
        .map(|a| a.iter().map(|p| p["coche"].as_bool()).collect())
        .unwrap_or_default();
    (format, participants)
}

#[test]
fn legacy_drawn_checkboxes_read_as_expected() {
    for name in ["bretagne-legacy.pdf", "occitanie-legacy.pdf"] {
        let doc = sample(name);
        let (format, participants) = drawn_boxes(&doc);
        let (want_format, want_participants) = expected_boxes(name);
        assert_eq!(format, want_format, "{name} format");
        assert_eq!(participants, want_participants, "{name} participants");
        // A drawn box is an inline before its label, not a table cell.
        let t = table_with(&doc, "Nom de la Région académique");
        assert_eq!((t.rows.len(), t.columns()), (14, 3), "{name}");
        let p = cell(t, 2, 1).paragraphs()[0].clone();
        assert!(
            matches!(p.inlines.first(), Some(Inline::Checkbox { .. })),
            "{name}: {:?}",
            p.inlines
        );
        assert_eq!(p.text().trim(), "Présentiel");
    }
}

#[test]
fn legacy_line_end_hyphens_join() {
    for name in ["bretagne-legacy.pdf", "occitanie-legacy.pdf"] {
        let doc = sample(name);
        let texts: Vec<String> = all_paragraphs(&doc).iter().map(|p| p.text()).collect();
        assert!(
            texts.iter().any(|t| t.contains("Année scolaire 2020-2021")),
            "{name}"
        );
    }
    let doc = sample("occitanie-legacy.pdf");
    let t = table_with(&doc, "Date(s) et lieu(x)");
    assert!(
        cell(t, 1, 1)
            .text()
            .contains("clôture académique à Saint-Orens-de-Gameville (13h30 – 16h30)")
    );
}

#[test]
fn occitanie_has_two_fiches_and_no_page_furniture() {
    let doc = sample("occitanie-legacy.pdf");
    assert_eq!(doc.pages, Some(9));
    let texts: Vec<String> = all_paragraphs(&doc).iter().map(|p| p.text()).collect();
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.starts_with("Résumé de la mesure"))
            .count(),
        2
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Territoire concerné : Région académique Occitanie"))
    );
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert!(
        restitution::internals::read_pdf(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF")
            .is_err()
    );
    assert!(restitution::internals::read_pdf(b"").is_err());
}

/// A filled AcroForm (fixtures/gen/make_acroform.py, reportlab): text, check box and
/// choice fields read in their cells like typed text.
#[test]
fn acroform_fields_read_in_their_cells() {
    let doc = fixture("pdf-form/auvergne-rhone-alpes-formulaire.pdf");
    let t = table_with(&doc, "Nom de la Région académique");
    assert_eq!((t.rows.len(), t.columns()), (14, 3));
    assert_eq!(cell(t, 0, 1).text(), "Auvergne-Rhône-Alpes");
    let presentiel = cell(t, 2, 1).paragraphs()[0].clone();
    assert_eq!(
        presentiel.checkboxes().collect::<Vec<_>>(),
        vec![Some(true)]
    );
    assert!(presentiel.text().contains("Présentiel"));
    let choices: Vec<Inline> = all_paragraphs(&doc)
        .iter()
        .flat_map(|p| {
            p.inlines
                .iter()
                .filter(|i| matches!(i, Inline::Choice { .. }))
                .cloned()
        })
        .collect();
    assert_eq!(
        choices,
        vec![
            Inline::Choice {
                shown: "Moyen".into()
            },
            Inline::Choice {
                shown: "Long terme".into()
            }
        ]
    );
}

fn fixture(path: &str) -> Document {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    restitution::internals::read_pdf(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Options struck through in LibreOffice (a stroke through the glyphs) are struck text.
#[test]
fn struck_options_are_struck() {
    let doc = fixture("pdf-lo/normandie-glyphes.pdf");
    let paras = all_paragraphs(&doc);
    let i = paras
        .iter()
        .position(|p| p.text().starts_with("TEMPORALITÉ NÉCESSAIRE"))
        .expect("heading");
    let struck = |p: &Paragraph| {
        p.inlines
            .iter()
            .all(|x| matches!(x, Inline::Text { struck: true, .. }))
    };
    let options: Vec<(String, bool)> = paras[i + 1..i + 4]
        .iter()
        .map(|p| {
            (
                p.inlines
                    .iter()
                    .map(|x| {
                        if let Inline::Text { text, .. } = x {
                            text.as_str()
                        } else {
                            ""
                        }
                    })
                    .collect(),
                struck(p),
            )
        })
        .collect();
    assert_eq!(
        options,
        vec![
            ("Court terme".to_string(), true),
            ("Moyen terme".to_string(), false),
            ("Long terme".to_string(), true)
        ]
    );
}

/// A page shown sideways (/Rotate 90 over upright content) reads left to right.
#[test]
fn sideways_page_reads_left_to_right() {
    let doc = fixture("pdf/std14-rot90.pdf");
    let first = all_paragraphs(&doc)
        .first()
        .map(|p| p.text())
        .unwrap_or_default();
    assert_eq!(first, "Équipes « œuvre » l’été : 2020-2021 €");
}

/// Tables drawn without vertical lines (no border at all, or a rule under each cell):
/// columns from the alignment of their text, rows from the gaps or the rules.
#[test]
fn borderless_and_row_ruled_tables_are_tables() {
    for path in [
        "pdf-chromium-sans-bordure/auvergne-rhone-alpes.pdf",
        "pdf-chromium-filets/auvergne-rhone-alpes.pdf",
    ] {
        let doc = fixture(path);
        let outline = restitution::internals::model::outline(&doc);
        let intro = table_with(&doc, "Nom de la Région académique");
        assert_eq!(intro.columns(), 3, "{path}\n{outline}");
        assert_eq!(cell(intro, 0, 1).text(), "Auvergne-Rhône-Alpes", "{path}");
        assert_eq!(
            cell(intro, 1, 1).paragraphs().len(),
            2,
            "{path}: session and atelier"
        );
        let diagnostic = table_with(&doc, "Outils de mesure peu fiables");
        assert_eq!(diagnostic.columns(), 4, "{path}");
        let strong = vec![
            ("Élèves très motivés".to_string(), Some(0)),
            ("Appui des collectivités".to_string(), Some(0)),
        ];
        assert_eq!(items(cell(diagnostic, 1, 3)), strong, "{path}\n{outline}");
        let plan = table_with(&doc, "Créer un label");
        assert_eq!(plan.columns(), 6, "{path}");
        let acteurs = vec![
            ("DRANE".to_string(), Some(0)),
            ("Région Auvergne-Rhône-Alpes".to_string(), Some(0)),
        ];
        assert_eq!(items(cell(plan, 1, 3)), acteurs, "{path}\n{outline}");
        // Ordinary paragraphs stay paragraphs.
        assert!(
            all_paragraphs(&doc).iter().any(|p| p
                .text()
                .starts_with("Résumé de la mesure : Un label régional")),
            "{path}"
        );
    }
    // The rules leave the first column's label cells spanning rows.
    let doc = fixture("pdf-chromium-filets/auvergne-rhone-alpes.pdf");
    let intro = table_with(&doc, "Nom de la Région académique");
    let format = cell(intro, 2, 0);
    assert!(
        format.text().starts_with("Format de la session") && format.row_span == 2,
        "{}",
        restitution::internals::model::outline(&doc)
    );
}

/// The check boxes of a document in reading order: introduction table, then the rest.
fn all_boxes(doc: &Document) -> Vec<Option<bool>> {
    all_paragraphs(doc)
        .iter()
        .flat_map(|p| p.checkboxes())
        .collect()
}

fn fixture_expected(path: &str) -> Value {
    let full = format!(
        "{}/fixtures/{path}.expected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}")))
        .expect("JSON")
}

/// Boxes decided by their paint, whatever operators drew them: CSS squares filled dark
/// (checked) or white with a border, the same through Ghostscript, Chromium's boxes
/// redrawn by pdftocairo (a ring stroked over a white fill).
#[test]
fn drawn_boxes_are_decided_by_their_ink() {
    for path in [
        "pdf-chromium-cases-css/auvergne-rhone-alpes.pdf",
        "pdf-ghostscript/auvergne-rhone-alpes-cases-css.pdf",
        "pdf-ghostscript/auvergne-rhone-alpes.pdf",
        "pdf-pdftocairo/auvergne-rhone-alpes.pdf",
        "pdf-mutool/auvergne-rhone-alpes.pdf",
    ] {
        let e = fixture_expected(path);
        let f = &e["format"];
        let mut want: Vec<Option<bool>> = ["presentiel", "distanciel", "les_deux"]
            .iter()
            .map(|k| f[k].as_bool())
            .collect();
        want.extend(
            e["participants"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p["coche"].as_bool()),
        );
        let fiche = &e["propositions_phares"][0];
        want.extend(
            ["faible", "moyen", "fort"]
                .iter()
                .map(|v| Some(fiche["efforts"] == *v)),
        );
        want.extend(
            ["court_terme", "moyen_terme", "long_terme"]
                .iter()
                .map(|v| Some(fiche["temporalite"] == *v)),
        );
        assert_eq!(all_boxes(&fixture(path)), want, "{path}");
    }
}

/// One zone per box, inside its paragraph, left to right on a line.
#[test]
fn box_zones_follow_the_boxes() {
    for path in [
        "pdf-chromium-sans-bordure/auvergne-rhone-alpes.pdf",
        "pdf-chromium-cases-css/auvergne-rhone-alpes.pdf",
        "pdf-pdftocairo/auvergne-rhone-alpes.pdf",
        "pdf-pandoc-lo/auvergne-rhone-alpes.pdf",
    ] {
        let doc = fixture(path);
        let mut zones = 0;
        for p in all_paragraphs(&doc) {
            let glyphs = p
                .text()
                .chars()
                .filter(|c| matches!(c, '☐' | '☒' | '☑'))
                .count();
            assert_eq!(
                p.box_zones.len(),
                p.checkboxes().count() + glyphs,
                "{path}: {:?}",
                p.text()
            );
            let Origin::Pdf { bbox, .. } = p.origin else {
                panic!("{path}: no PDF origin")
            };
            for z in &p.box_zones {
                assert!(
                    z[0] >= bbox[0] - 0.5
                        && z[2] <= bbox[2] + 0.5
                        && z[1] >= bbox[1] - 0.5
                        && z[3] <= bbox[3] + 0.5,
                    "{path}: {z:?} outside {bbox:?}"
                );
            }
            assert!(
                p.box_zones
                    .windows(2)
                    .all(|w| w[1][0] > w[0][0] || w[1][1] > w[0][3]),
                "{path}: {:?}",
                p.box_zones
            );
            zones += p.box_zones.len();
        }
        assert_eq!(zones, 18, "{path}: 3 format, 9 participants, 6 fiche boxes");
    }
}
