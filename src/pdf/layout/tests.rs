use super::*;
use crate::model::Inline;
use crate::pdf::page::{Glyph, Path};

fn glyphs(s: &str, x: f32, baseline: f32) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut cx = x;
    for c in s.chars() {
        out.push(Glyph {
            text: c.to_string(),
            bbox: [cx, baseline - 8.0, cx + 5.0, baseline + 2.0],
            baseline,
            size: 10.0,
            font: "LiberationSans".into(),
            space_width: 2.8,
        });
        cx += 5.0;
    }
    out
}

/// The text of every paragraph `build` makes of `pages`, tables included, in order.
/// A paragraph of body text above a table (at y 100 and 112): what sets the usual line
/// pitch the table's rows are measured against.
fn body_paragraph() -> Vec<Glyph> {
    let mut g = glyphs(
        "Un paragraphe ordinaire qui court sur la largeur",
        50.0,
        100.0,
    );
    g.extend(glyphs(
        "de la page et qui se poursuit sur une autre ligne.",
        50.0,
        112.0,
    ));
    g
}

/// One A4 page: the body paragraph, then each row's cells as text at (x, the row's
/// baseline), laid out.
fn body_and_cells<const N: usize>(rows: &[(f32, [(f32, &str); N])]) -> Document {
    let mut g = body_paragraph();
    for (y, cells) in rows {
        for (x, t) in cells {
            g.extend(glyphs(t, *x, *y));
        }
    }
    build(&[PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        ..Default::default()
    }])
}

/// An A4 page holding these glyphs.
fn a4_page(number: u32, glyphs: Vec<Glyph>) -> PageContent {
    PageContent {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        ..Default::default()
    }
}

/// The texts of the paragraphs of one cell of the document's first block, a table (and
/// the outline, to show when an assertion fails).
fn cell_paragraphs(doc: &Document, row: usize, col: usize) -> (Vec<String>, String) {
    let outline = crate::model::outline(doc);
    let Some(Block::Table(t)) = doc.blocks.first() else {
        panic!("{outline}")
    };
    let texts = t.rows[row].cells[col]
        .paragraphs()
        .iter()
        .map(|p| p.text())
        .collect();
    (texts, outline)
}

fn paragraph_texts(pages: &[PageContent]) -> Vec<String> {
    build(pages)
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .map(|p| p.text())
        .collect()
}

fn stroke(pts: Vec<[f32; 2]>) -> Path {
    Path {
        subpaths: vec![pts],
        rects: vec![],
        stroked: true,
        filled: false,
        line_width: 0.5,
        fill_lightness: 0.0,
    }
}

/// A 2×2 table at (50..450, 100..160) with a drawn checked box in cell (1,0).
fn table_page(number: u32) -> PageContent {
    let mut paths = Vec::new();
    for y in [100.0, 130.0, 160.0] {
        paths.push(stroke(vec![[50.0, y], [450.0, y]]));
    }
    for x in [50.0, 250.0, 450.0] {
        paths.push(stroke(vec![[x, 100.0], [x, 160.0]]));
    }
    paths.push(Path {
        subpaths: vec![],
        rects: vec![[55.0, 136.0, 64.0, 145.0]],
        stroked: true,
        filled: false,
        line_width: 0.1,
        fill_lightness: 0.0,
    });
    paths.push(stroke(vec![[55.0, 136.0], [64.0, 145.0]]));
    paths.push(stroke(vec![[55.0, 145.0], [64.0, 136.0]]));
    let mut g = glyphs("Titre", 50.0, 80.0);
    g.extend(glyphs("Nom", 55.0, 120.0));
    g.extend(glyphs("Valeur", 255.0, 120.0));
    g.extend(glyphs("Présentiel", 67.0, 144.0));
    g.extend(glyphs("▶ item un", 255.0, 144.0));
    g.extend(glyphs(&number.to_string(), 290.0, 820.0));
    PageContent {
        number,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths,
        fields: vec![],
        images: 0,
        ..Default::default()
    }
}

#[test]
fn table_with_box_and_list() {
    let doc = build(&[table_page(1)]);
    assert_eq!(doc.pages, Some(1));
    assert_eq!(doc.blocks.len(), 2, "{}", crate::model::outline(&doc));
    let Block::Paragraph(p) = &doc.blocks[0] else {
        panic!("paragraph first")
    };
    assert_eq!(p.text(), "Titre");
    let Block::Table(t) = &doc.blocks[1] else {
        panic!("table")
    };
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cells[0].text(), "Nom");
    let cell = &t.rows[1].cells[0];
    let para = cell.paragraphs()[0];
    assert_eq!(
        para.inlines.first(),
        Some(&Inline::Checkbox {
            checked: Some(true)
        })
    );
    assert_eq!(para.text().trim(), "Présentiel");
    let item = t.rows[1].cells[1].paragraphs()[0];
    assert_eq!(item.list_level, Some(0));
    assert_eq!(item.text(), "item un");
    assert!(matches!(t.origin, Origin::Pdf { page: 1, .. }));
}

#[test]
fn continued_table_joins_and_page_numbers_drop() {
    let mut p2 = table_page(2);
    p2.glyphs.retain(|g| g.baseline > 90.0);
    let mut p3 = table_page(3);
    p3.glyphs.retain(|g| g.baseline > 90.0);
    let doc = build(&[table_page(1), p2, p3]);
    let outline = crate::model::outline(&doc);
    assert_eq!(doc.blocks.len(), 2, "{outline}");
    let Block::Table(t) = &doc.blocks[1] else {
        panic!("table")
    };
    // The repeated header row "Nom | Valeur" is dropped on continuation pages.
    assert_eq!(t.rows.len(), 4, "{outline}");
    assert!(!outline.contains("P: 2"), "{outline}");
}

#[test]
fn acroform_fields_become_inlines() {
    use crate::pdf::page::FieldWidget;
    let mut page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Default::default()
    };
    page.glyphs = glyphs("Efforts :", 50.0, 100.0);
    page.fields.push(FieldWidget {
        name: "e".into(),
        rect: [100.0, 91.0, 160.0, 103.0],
        value: FieldValue::Choice("Faible".into()),
    });
    page.fields.push(FieldWidget {
        name: "c".into(),
        rect: [50.0, 112.0, 59.0, 121.0],
        value: FieldValue::Check(false),
    });
    page.fields.push(FieldWidget {
        name: "t".into(),
        rect: [62.0, 110.0, 300.0, 123.0],
        value: FieldValue::Text("Aucun moyen".into()),
    });
    let doc = build(&[page]);
    let paras: Vec<&Paragraph> = doc
        .blocks
        .iter()
        .filter_map(|b| {
            if let Block::Paragraph(p) = b {
                Some(p)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(paras.len(), 2, "{}", crate::model::outline(&doc));
    assert_eq!(paras[0].text(), "Efforts : Faible");
    assert_eq!(
        paras[1].inlines.first(),
        Some(&Inline::Checkbox {
            checked: Some(false)
        })
    );
    assert_eq!(paras[1].text().trim(), "Aucun moyen");
}

/// Development aid: lay out pages dumped by pdfplumber (`/tmp/pl/*.json`) and write
/// their outlines beside them. Run with `cargo test dump_outlines -- --ignored`.
#[test]
#[ignore]
fn dump_outlines() {
    let Ok(dir) = std::fs::read_dir(std::env::var("PL_DIR").unwrap_or_else(|_| "/tmp/pl".into()))
    else {
        return;
    };
    for entry in dir.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let pages: Vec<PageContent> = value
            .as_array()
            .map(|a| a.iter().map(page_from_json).collect())
            .unwrap_or_default();
        let doc = build(&pages);
        let out = path.with_extension("pdf.outline");
        std::fs::write(out, crate::model::outline(&doc)).ok();
        let source = crate::output::Source {
            fichier: String::new(),
            format: crate::output::SourceFormat::Pdf,
            sha256: String::new(),
            octets: 0,
            pages: doc.pages,
            convertisseur: String::new(),
        };
        // The mapper may not be complete yet (normalizer stubs panic): keep going.
        if let Ok(Ok(r)) = std::panic::catch_unwind(|| crate::mapper::map(&doc, source, false)) {
            std::fs::write(path.with_extension("pdf.mapped"), crate::to_json(&r, true)).ok();
        }
    }
}

fn f(v: &serde_json::Value) -> f32 {
    v.as_f64().unwrap_or(0.0) as f32
}
fn quad(v: &serde_json::Value) -> [f32; 4] {
    [f(&v[0]), f(&v[1]), f(&v[2]), f(&v[3])]
}

fn page_from_json(v: &serde_json::Value) -> PageContent {
    let empty = vec![];
    let glyphs = v["glyphs"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|g| Glyph {
            text: g["text"].as_str().unwrap_or("").to_string(),
            bbox: quad(&g["bbox"]),
            baseline: f(&g["baseline"]),
            size: f(&g["size"]),
            font: g["font"].as_str().unwrap_or("").into(),
            space_width: f(&g["space_width"]),
        })
        .collect();
    let paths = v["paths"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|p| Path {
            subpaths: p["subpaths"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|s| {
                    s.as_array()
                        .unwrap_or(&empty)
                        .iter()
                        .map(|pt| [f(&pt[0]), f(&pt[1])])
                        .collect()
                })
                .collect(),
            rects: p["rects"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(quad)
                .collect(),
            stroked: p["stroked"].as_bool().unwrap_or(false),
            filled: p["filled"].as_bool().unwrap_or(false),
            line_width: f(&p["line_width"]),
            fill_lightness: p["fill_lightness"].as_f64().unwrap_or(0.0) as f32,
        })
        .collect();
    PageContent {
        number: v["number"].as_u64().unwrap_or(0) as u32,
        width: f(&v["width"]),
        height: f(&v["height"]),
        glyphs,
        paths,
        fields: vec![],
        images: v["images"].as_u64().unwrap_or(0) as usize,
        ..Default::default()
    }
}

fn grid_paths(xs: &[f32], ys: &[f32]) -> Vec<Path> {
    let mut paths = Vec::new();
    for &y in ys {
        paths.push(stroke(vec![[xs[0], y], [xs[xs.len() - 1], y]]));
    }
    for &x in xs {
        paths.push(stroke(vec![[x, ys[0]], [x, ys[ys.len() - 1]]]));
    }
    paths
}

#[test]
fn row_split_by_page_break_is_merged() {
    let mut g1 = glyphs("Theme", 55.0, 120.0);
    g1.extend(glyphs("Points", 255.0, 120.0));
    g1.extend(glyphs("N° 3", 55.0, 750.0));
    g1.extend(glyphs("▶ Premier point qui va jusqu'au bout", 255.0, 750.0));
    g1.extend(glyphs("continue", 265.0, 762.0));
    let p1 = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g1,
        paths: grid_paths(&[50.0, 250.0, 450.0], &[100.0, 130.0, 780.0]),
        ..Default::default()
    };
    let g2 = glyphs("encore ici", 265.0, 70.0);
    let p2 = PageContent {
        number: 2,
        width: 595.0,
        height: 842.0,
        glyphs: g2,
        paths: grid_paths(&[50.0, 250.0, 450.0], &[56.0, 90.0, 130.0]),
        ..Default::default()
    };
    let doc = build(&[p1, p2]);
    let outline = crate::model::outline(&doc);
    let Some(Block::Table(t)) = doc.blocks.first() else {
        panic!("{outline}")
    };
    assert_eq!(t.rows.len(), 3, "{outline}");
    let items: Vec<String> = t.rows[1].cells[1]
        .paragraphs()
        .iter()
        .map(|p| p.text())
        .collect();
    assert_eq!(
        items,
        vec!["Premier point qui va jusqu'au bout continue encore ici".to_string()],
        "{outline}"
    );
}

#[test]
fn paragraph_continues_on_next_page() {
    let full = "Une phrase assez longue qui remplit la ligne entière"; // 52 chars → 260 pt
    let mut g1 = glyphs(full, 50.0, 780.0);
    g1.extend(glyphs(full, 50.0, 792.0));
    let mut g2 = glyphs("et qui finit ici.", 50.0, 70.0);
    g2.extend(glyphs(full, 50.0, 100.0));
    let p1 = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g1,
        ..Default::default()
    };
    let p2 = PageContent {
        number: 2,
        width: 595.0,
        height: 842.0,
        glyphs: g2,
        ..Default::default()
    };
    let texts = paragraph_texts(&[p1, p2]);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].ends_with("entière et qui finit ici."), "{texts:?}");
}

#[test]
fn pages_with_images_and_no_text_are_a_scan() {
    let scan = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        images: 1,
        ..Default::default()
    };
    assert!(is_scan(&[scan.clone(), scan]));
    assert!(!is_scan(&[table_page(1)]));
}

#[test]
fn large_page_lays_out_quickly() {
    let mut g = Vec::new();
    for row in 0..400 {
        g.extend(glyphs(&"mot ".repeat(25), 20.0, 20.0 + row as f32 * 2.0));
    }
    let xs: Vec<f32> = (0..60).map(|i| 10.0 + i as f32 * 9.0).collect();
    let ys: Vec<f32> = (0..300).map(|i| 10.0 + i as f32 * 2.7).collect();
    let mut paths = grid_paths(&xs, &ys);
    // Many tiny strokes and squares.
    for i in 0..3000 {
        let x = (i % 50) as f32 * 11.0;
        let y = (i / 50) as f32 * 13.0;
        paths.push(Path {
            subpaths: vec![],
            rects: vec![[x, y, x + 9.0, y + 9.0]],
            stroked: true,
            filled: false,
            line_width: 0.1,
            fill_lightness: 0.0,
        });
    }
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths,
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let doc = build(&[page]);
    assert!(
        start.elapsed().as_secs_f32() < 10.0,
        "{:?}",
        start.elapsed()
    );
    assert!(!doc.blocks.is_empty());
}

#[test]
fn text_field_value_joins_its_label_line() {
    use crate::pdf::page::FieldWidget;
    let mut page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Default::default()
    };
    page.glyphs = glyphs("Nombre de participants :", 50.0, 100.0);
    // The widget is taller than the text and its value has no glyph of its own.
    page.fields.push(FieldWidget {
        name: "n".into(),
        rect: [175.0, 88.0, 260.0, 104.0],
        value: FieldValue::Text("12".into()),
    });
    let texts = paragraph_texts(&[page]);
    assert_eq!(texts, vec!["Nombre de participants : 12".to_string()]);
}

#[test]
fn field_appearance_is_not_read_twice() {
    use crate::pdf::page::FieldWidget;
    let mut page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Default::default()
    };
    page.glyphs = glyphs("Territoire :", 50.0, 100.0);
    // The appearance stream of the text field shows an old value; the check box's shows ✔.
    page.glyphs.extend(glyphs("Ancien", 120.0, 100.0));
    page.glyphs.extend(glyphs("✔", 51.0, 120.0));
    page.glyphs.extend(glyphs("Oui", 65.0, 120.0));
    page.fields.push(FieldWidget {
        name: "t".into(),
        rect: [118.0, 90.0, 300.0, 103.0],
        value: FieldValue::Text("Académie".into()),
    });
    page.fields.push(FieldWidget {
        name: "c".into(),
        rect: [50.0, 111.0, 59.0, 121.0],
        value: FieldValue::Check(true),
    });
    let doc = build(&[page]);
    let paras: Vec<&Paragraph> = doc.blocks.iter().flat_map(|b| b.paragraphs()).collect();
    assert_eq!(paras.len(), 2, "{}", crate::model::outline(&doc));
    assert_eq!(paras[0].text(), "Territoire : Académie");
    assert_eq!(
        paras[1].inlines.first(),
        Some(&Inline::Checkbox {
            checked: Some(true)
        })
    );
    assert_eq!(paras[1].text().trim(), "Oui");
}

#[test]
fn drawn_discs_are_bullets() {
    let mut g = glyphs("Premier", 62.0, 100.0);
    g.extend(glyphs("Second", 62.0, 112.0));
    let disc = |y: f32| {
        let mut pts = Vec::new();
        for i in 0..=8 {
            let a = i as f32 / 8.0 * std::f32::consts::TAU;
            pts.push([54.0 + 1.8 * a.cos(), y + 1.8 * a.sin()]);
        }
        Path {
            subpaths: vec![pts],
            rects: vec![],
            stroked: false,
            filled: true,
            line_width: 0.0,
            fill_lightness: 0.0,
        }
    };
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths: vec![disc(96.0), disc(108.0)],
        ..Default::default()
    };
    let doc = build(&[page]);
    let items: Vec<(String, Option<u8>)> = doc
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .map(|p| (p.text(), p.list_level))
        .collect();
    assert_eq!(
        items,
        vec![
            ("Premier".to_string(), Some(0)),
            ("Second".to_string(), Some(0))
        ]
    );
}

#[test]
fn repeated_headers_and_footers_are_dropped() {
    let pages: Vec<PageContent> = (1..=4)
        .map(|n| {
            let mut g = glyphs("Restitution EGNT - Bretagne", 50.0, 40.0);
            g.extend(glyphs(&format!("Contenu de la page {n}"), 50.0, 300.0));
            g.extend(glyphs(&format!("Page {n} sur 4"), 260.0, 815.0));
            PageContent {
                number: n,
                width: 595.0,
                height: 842.0,
                glyphs: g,
                ..Default::default()
            }
        })
        .collect();
    let texts = paragraph_texts(&pages);
    assert_eq!(
        texts,
        (1..=4)
            .map(|n| format!("Contenu de la page {n}"))
            .collect::<Vec<_>>()
    );
}

/// A word hyphenated at a soft hyphen (U+00AD, which the PDF shows only at a line's end)
/// joins the next line without a space, as after a hyphen.
#[test]
fn a_soft_hyphen_at_a_line_end_joins_the_word() {
    let mut g = glyphs("Anne Chassagne, Rémi Fau\u{AD}", 50.0, 100.0);
    g.extend(glyphs("re et Lucie Bernard", 50.0, 112.0));
    let texts = paragraph_texts(&[a4_page(1, g)]);
    assert_eq!(texts, ["Anne Chassagne, Rémi Fau\u{AD}re et Lucie Bernard"]);
}

/// A word processor that hyphenates justified text may stretch the gap before the
/// hyphen that ends a line; the form's own words tell that the hyphen is its.
#[test]
fn a_justified_lines_hyphen_joins_its_word() {
    let mut g = glyphs(
        "les participants se projettent dans le demain de",
        50.0,
        100.0,
    );
    // The first line's text ends at x 290; "de" at 310, the hyphen 1.4 pt further
    // (half a space).
    g.extend(glyphs("de", 300.0, 100.0));
    g.extend(glyphs("-", 311.4, 100.0));
    g.extend(glyphs("main et de la semaine.", 50.0, 112.0));
    let texts = paragraph_texts(&[a4_page(1, g)]);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].ends_with(" demain et de la semaine."), "{texts:?}");
}

/// A browser's print footer ("file:///… n/4") on a landscape page among portrait ones is
/// at another height from the top, at the same distance from the bottom.
#[test]
fn a_footer_on_a_landscape_page_is_dropped_too() {
    let pages: Vec<PageContent> = (1..=4)
        .map(|n| {
            let (width, height) = if n == 3 {
                (842.0, 595.0)
            } else {
                (595.0, 842.0)
            };
            let mut g = glyphs(&format!("Contenu de la page {n}"), 50.0, 300.0);
            g.extend(glyphs(
                &format!("file:///tmp/restitution.html {n}/4"),
                24.0,
                height - 17.0,
            ));
            PageContent {
                number: n,
                width,
                height,
                glyphs: g,
                ..Default::default()
            }
        })
        .collect();
    let texts = paragraph_texts(&pages);
    assert_eq!(
        texts,
        (1..=4)
            .map(|n| format!("Contenu de la page {n}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn merged_cell_cut_by_page_break_is_extended() {
    let doc = merged_label_over_a_page_break("Trois");
    let outline = crate::model::outline(&doc);
    let Some(Block::Table(t)) = doc.blocks.first() else {
        panic!("{outline}")
    };
    assert_eq!(t.rows.len(), 5, "{outline}");
    let (start, merged) = t.cell_at(4, 0).expect("covered");
    assert_eq!(
        (start, merged.row_span, merged.text().as_str()),
        (1, 4, "Participants"),
        "{outline}"
    );
    assert_eq!(
        t.cell_at(4, 1).map(|(_, c)| c.text()),
        Some("Quatre".to_string())
    );
}

#[test]
fn a_row_split_by_a_page_break_beside_a_merged_cell_is_joined() {
    // The continuation's first row holds the end of the last row's text (lower case),
    // beside the empty part of the merged label cell.
    let doc = merged_label_over_a_page_break("et la suite");
    let outline = crate::model::outline(&doc);
    let Some(Block::Table(t)) = doc.blocks.first() else {
        panic!("{outline}")
    };
    assert_eq!(t.rows.len(), 4, "{outline}");
    assert_eq!(
        t.cell_at(2, 1).map(|(_, c)| c.text()),
        Some("Deux et la suite".to_string()),
        "{outline}"
    );
    let (start, merged) = t.cell_at(3, 0).expect("covered");
    assert_eq!((start, merged.row_span), (1, 3), "{outline}");
}

/// Page 1: column 0 merges rows 1 and 2 (no ruling there at y=160), the table reaching
/// the page's foot; page 2: two more rows, `first` then "Quatre", beside an empty
/// column 0.
fn merged_label_over_a_page_break(first: &str) -> Document {
    let mut paths = vec![
        stroke(vec![[50.0, 100.0], [450.0, 100.0]]),
        stroke(vec![[50.0, 130.0], [450.0, 130.0]]),
        stroke(vec![[250.0, 160.0], [450.0, 160.0]]),
        stroke(vec![[50.0, 780.0], [450.0, 780.0]]),
    ];
    for x in [50.0, 250.0, 450.0] {
        paths.push(stroke(vec![[x, 100.0], [x, 780.0]]));
    }
    let mut g1 = glyphs("Titre", 55.0, 120.0);
    g1.extend(glyphs("Valeur", 255.0, 120.0));
    g1.extend(glyphs("Participants", 55.0, 150.0));
    g1.extend(glyphs("Un", 255.0, 150.0));
    g1.extend(glyphs("Deux", 255.0, 200.0));
    let p1 = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g1,
        paths,
        ..Default::default()
    };
    let mut g2 = glyphs(first, 255.0, 80.0);
    g2.extend(glyphs("Quatre", 255.0, 110.0));
    let mut paths2 = vec![
        stroke(vec![[50.0, 56.0], [450.0, 56.0]]),
        stroke(vec![[250.0, 90.0], [450.0, 90.0]]),
        stroke(vec![[50.0, 120.0], [450.0, 120.0]]),
    ];
    for x in [50.0, 250.0, 450.0] {
        paths2.push(stroke(vec![[x, 56.0], [x, 120.0]]));
    }
    let p2 = PageContent {
        number: 2,
        width: 595.0,
        height: 842.0,
        glyphs: g2,
        paths: paths2,
        ..Default::default()
    };
    build(&[p1, p2])
}

#[test]
fn struck_out_options_are_struck_text() {
    let mut g = glyphs("Court terme", 50.0, 100.0);
    g.extend(glyphs("Moyen terme", 50.0, 118.0));
    g.extend(glyphs("Long terme", 50.0, 136.0));
    // Strike-through lines at mid height; an underline below the second baseline.
    let paths = vec![
        stroke(vec![[50.0, 97.0], [105.0, 97.0]]),
        stroke(vec![[50.0, 119.5], [105.0, 119.5]]),
        stroke(vec![[50.0, 133.0], [100.0, 133.0]]),
    ];
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths,
        ..Default::default()
    };
    let doc = build(&[page]);
    let paras: Vec<&Paragraph> = doc.blocks.iter().flat_map(|b| b.paragraphs()).collect();
    assert_eq!(paras.len(), 3, "{}", crate::model::outline(&doc));
    assert_eq!(
        paras[0].inlines,
        vec![Inline::Text {
            text: "Court terme".into(),
            struck: true
        }]
    );
    assert_eq!(paras[1].text(), "Moyen terme");
    assert_eq!(paras[2].text(), "");
}

fn field_page(glyph_lines: &[(&str, f32, f32)], fields: Vec<(&str, [f32; 4])>) -> Vec<String> {
    use crate::pdf::page::FieldWidget;
    let mut page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Default::default()
    };
    for (text, x, y) in glyph_lines {
        page.glyphs.extend(glyphs(text, *x, *y));
    }
    for (value, rect) in fields {
        page.fields.push(FieldWidget {
            name: value.into(),
            rect,
            value: FieldValue::Text(value.into()),
        });
    }
    paragraph_texts(&[page])
}

#[test]
fn text_printed_after_a_widget_is_not_its_value() {
    // The label's end printed after the widget, on the widget's line.
    let texts = field_page(
        &[
            ("Nombre d'élèves", 50.0, 100.0),
            ("concernés :", 140.0, 112.0),
        ],
        vec![("2 500", [50.0, 103.0, 130.0, 115.0])],
    );
    assert_eq!(texts, vec!["Nombre d'élèves", "2 500", "concernés :"]);
}

#[test]
fn a_label_under_a_widget_starts_a_paragraph() {
    let texts = field_page(
        &[
            ("Nombre d'élèves concernés :", 50.0, 100.0),
            ("Nombre de parents concernés :", 50.0, 124.0),
        ],
        vec![
            ("2 500", [50.0, 103.0, 300.0, 115.0]),
            ("300", [50.0, 127.0, 300.0, 139.0]),
        ],
    );
    assert_eq!(
        texts,
        vec![
            "Nombre d'élèves concernés :",
            "2 500",
            "Nombre de parents concernés :",
            "300"
        ]
    );
}

#[test]
fn a_heading_after_a_multi_line_widget_is_its_own_paragraph() {
    let texts = field_page(
        &[
            ("RETEX :", 50.0, 100.0),
            ("Diagnostic des points forts", 50.0, 140.0),
        ],
        vec![("Premier retour\nSecond retour", [50.0, 103.0, 400.0, 129.0])],
    );
    assert_eq!(
        texts,
        vec![
            "RETEX :",
            "Premier retour",
            "Second retour",
            "Diagnostic des points forts"
        ]
    );
}

#[test]
fn unmarked_items_of_a_row_split_by_a_page_break_stay_apart() {
    let mut g1 = glyphs("Theme", 55.0, 120.0);
    g1.extend(glyphs("Irritants", 255.0, 120.0));
    g1.extend(glyphs("N° 3", 55.0, 750.0));
    g1.extend(glyphs("Outils de mesure peu fiables", 255.0, 750.0));
    let p1 = PageContent {
        paths: grid_paths(&[50.0, 250.0, 450.0], &[100.0, 130.0, 780.0]),
        ..a4_page(1, g1)
    };
    let mut g2 = glyphs("Manque de temps", 255.0, 70.0);
    g2.extend(glyphs("et de moyens", 255.0, 82.0));
    let p2 = PageContent {
        paths: grid_paths(&[50.0, 250.0, 450.0], &[56.0, 90.0, 130.0]),
        ..a4_page(2, g2)
    };
    let doc = build(&[p1, p2]);
    let (items, outline) = cell_paragraphs(&doc, 1, 1);
    assert_eq!(
        items,
        vec![
            "Outils de mesure peu fiables".to_string(),
            "Manque de temps et de moyens".to_string()
        ],
        "{outline}"
    );
}

#[test]
fn a_cell_whose_last_line_was_full_goes_on_after_the_page_break_even_in_capitals() {
    // The item wrapped twice in its column; the word after the page break ("France",
    // 30 pt) would not have fitted at the end of its last line: the item goes on, though
    // the word starts with a capital.
    let mut g1 = glyphs("Theme", 55.0, 120.0);
    g1.extend(glyphs("Axes", 255.0, 120.0));
    g1.extend(glyphs("N° 4", 55.0, 726.0));
    g1.extend(glyphs("▶ Héberger les services", 255.0, 726.0));
    g1.extend(glyphs("numériques des écoles", 265.0, 738.0));
    g1.extend(glyphs("et des lycées en", 265.0, 750.0));
    let p1 = PageContent {
        paths: grid_paths(&[50.0, 250.0, 450.0], &[100.0, 130.0, 780.0]),
        ..a4_page(1, g1)
    };
    let p2 = PageContent {
        paths: grid_paths(&[50.0, 250.0, 450.0], &[56.0, 90.0, 130.0]),
        ..a4_page(2, glyphs("France", 265.0, 70.0))
    };
    let doc = build(&[p1, p2]);
    let (items, outline) = cell_paragraphs(&doc, 1, 1);
    assert_eq!(
        items,
        ["Héberger les services numériques des écoles et des lycées en France"],
        "{outline}"
    );
}

#[test]
fn a_header_repeated_as_paragraphs_at_the_top_of_the_next_page_is_dropped() {
    // Page 1: a ruled table down to the page's end, its header "Theme concerné |
    // Irritants". Page 2 repeats the header without its rules, its centred cells'
    // lines interleaved ("Theme" / "Irritants" / "concerné"), then body text.
    let page = |number: u32, glyphs: Vec<Glyph>, paths: Vec<Path>| PageContent {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        paths,
        ..Default::default()
    };
    let mut g1 = glyphs("Theme concerné", 55.0, 120.0);
    g1.extend(glyphs("Irritants", 255.0, 120.0));
    g1.extend(glyphs("N° 3", 55.0, 770.0));
    g1.extend(glyphs("Peu de temps", 255.0, 770.0));
    let p1 = || {
        page(
            1,
            g1.clone(),
            grid_paths(&[50.0, 250.0, 450.0], &[100.0, 130.0, 800.0]),
        )
    };
    let header_lines = |last: &str| {
        let mut g = glyphs("Theme", 75.0, 60.0);
        g.extend(glyphs("Irritants", 280.0, 66.0));
        g.extend(glyphs(last, 70.0, 72.0));
        g.extend(glyphs("Suite du texte de la page.", 50.0, 120.0));
        g
    };
    let texts = |doc: &Document| -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text()),
                Block::Table(_) => None,
            })
            .collect()
    };
    let doc = build(&[p1(), page(2, header_lines("concerné"), Vec::new())]);
    let outline = crate::model::outline(&doc);
    assert!(
        matches!(doc.blocks.first(), Some(Block::Table(_))),
        "{outline}"
    );
    assert_eq!(texts(&doc), ["Suite du texte de la page."], "{outline}");
    // One word more than the header: text of its own, kept.
    let doc = build(&[p1(), page(2, header_lines("concerné ici"), Vec::new())]);
    let outline = crate::model::outline(&doc);
    assert_eq!(texts(&doc).len(), 4, "{outline}");
}

#[test]
fn a_borderless_table_goes_on_at_the_top_of_the_next_page_in_fewer_columns() {
    // Page 1: a three-column table without rulings ending the page; page 2: two more
    // rows whose first column is empty (a label spanning the rows).
    // Body text at the usual pitch (1.2 em).
    let mut g1 = body_paragraph();
    g1.extend(glyphs("Format", 50.0, 760.0));
    g1.extend(glyphs("Presentiel", 200.0, 760.0));
    g1.extend(glyphs("Distanciel", 350.0, 760.0));
    g1.extend(glyphs("Participants", 50.0, 780.0));
    g1.extend(glyphs("Chercheurs", 200.0, 780.0));
    g1.extend(glyphs("Nombre : 2", 350.0, 780.0));
    g1.extend(glyphs("Elus", 200.0, 800.0));
    g1.extend(glyphs("Nombre : 7", 350.0, 800.0));
    let mut g2 = glyphs("Operateurs", 200.0, 60.0);
    g2.extend(glyphs("Nombre : 3", 350.0, 60.0));
    g2.extend(glyphs("EdTech", 200.0, 80.0));
    g2.extend(glyphs("Nombre : 4", 350.0, 80.0));
    g2.extend(glyphs(
        "Un paragraphe ordinaire qui court sur la largeur de la page.",
        50.0,
        120.0,
    ));
    let p1 = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g1,
        ..Default::default()
    };
    let p2 = PageContent {
        number: 2,
        width: 595.0,
        height: 842.0,
        glyphs: g2,
        ..Default::default()
    };
    let doc = build(&[p1, p2]);
    let outline = crate::model::outline(&doc);
    let Some(Block::Table(t)) = doc.blocks.get(1) else {
        panic!("{outline}")
    };
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text()).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["Format", "Presentiel", "Distanciel"],
            vec!["Participants", "Chercheurs", "Nombre : 2"],
            vec!["", "Elus", "Nombre : 7"],
            vec!["", "Operateurs", "Nombre : 3"],
            vec!["", "EdTech", "Nombre : 4"],
        ],
        "{outline}"
    );
    assert_eq!(doc.blocks.len(), 3, "{outline}");
}

#[test]
fn a_word_cut_by_a_narrow_column_is_joined_by_the_document_words() {
    // A narrow first column (text from x 52, nine glyphs wide) where words were cut
    // without a hyphen; the wide second column holds the document's other words.
    let mut g = glyphs("Appel à", 52.0, 115.0);
    g.extend(glyphs("candidatu", 52.0, 127.0));
    g.extend(glyphs("res", 52.0, 139.0));
    g.extend(glyphs("Temporali", 52.0, 165.0));
    g.extend(glyphs("té", 52.0, 177.0));
    g.extend(glyphs("souhaitée", 52.0, 189.0));
    g.extend(glyphs("pour une", 52.0, 201.0));
    g.extend(glyphs("Voir la TEMPORALITÉ pour une", 105.0, 115.0));
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths: grid_paths(&[50.0, 100.0, 300.0], &[100.0, 150.0, 210.0]),
        ..Default::default()
    };
    let doc = build(&[page]);
    let outline = crate::model::outline(&doc);
    let Some(Block::Table(t)) = doc.blocks.first() else {
        panic!("{outline}")
    };
    let text = |r: usize| -> Vec<String> {
        t.rows[r].cells[0]
            .paragraphs()
            .iter()
            .map(|p| p.text())
            .collect()
    };
    // "res": a short piece nobody wrote, after a cut one; "Temporalité" is written
    // elsewhere; "pour" is a word of its own.
    assert_eq!(text(0), vec!["Appel à candidatures"], "{outline}");
    assert_eq!(text(1), vec!["Temporalité souhaitée pour une"], "{outline}");
}

/// Rows of the document's first table, as cell texts.
fn first_table_rows(doc: &Document) -> Vec<Vec<String>> {
    let Some(t) = doc.blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    }) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text()).collect())
        .collect()
}

/// Two pages, the first opening with a paragraph at the usual pitch (1.2 em).
fn two_pages(mut g1: Vec<Glyph>, g2: Vec<Glyph>) -> Document {
    g1.extend(body_paragraph());
    let page = |number, glyphs| PageContent {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        ..Default::default()
    };
    build(&[page(1, g1), page(2, g2)])
}

#[test]
fn a_borderless_table_goes_on_with_the_end_of_a_cell_alone_on_the_next_page() {
    // The page break cuts a label cell: its last words open page 2 alone in the middle
    // column, then the table goes on in two columns.
    let mut g1 = glyphs("Format", 50.0, 760.0);
    g1.extend(glyphs("Presentiel", 200.0, 760.0));
    g1.extend(glyphs("Distanciel", 350.0, 760.0));
    g1.extend(glyphs("Participants", 50.0, 780.0));
    g1.extend(glyphs("Chercheurs", 200.0, 780.0));
    g1.extend(glyphs("Nombre : 2", 350.0, 780.0));
    g1.extend(glyphs("Elus, cadres", 200.0, 800.0));
    g1.extend(glyphs("Nombre : 7", 350.0, 800.0));
    let mut g2 = glyphs("et des collectivites", 200.0, 60.0);
    g2.extend(glyphs("Operateurs", 200.0, 80.0));
    g2.extend(glyphs("Nombre : 3", 350.0, 80.0));
    g2.extend(glyphs("EdTech", 200.0, 100.0));
    g2.extend(glyphs("Nombre : 4", 350.0, 100.0));
    let doc = two_pages(g1, g2);
    let outline = crate::model::outline(&doc);
    assert_eq!(
        first_table_rows(&doc),
        vec![
            vec!["Format", "Presentiel", "Distanciel"],
            vec!["Participants", "Chercheurs", "Nombre : 2"],
            vec!["", "Elus, cadres et des collectivites", "Nombre : 7"],
            vec!["", "Operateurs", "Nombre : 3"],
            vec!["", "EdTech", "Nombre : 4"],
        ],
        "{outline}"
    );
    // A paragraph at the left margin on top of the next page is no continuation.
    let mut g1 = glyphs("Format", 50.0, 760.0);
    g1.extend(glyphs("Presentiel", 200.0, 760.0));
    g1.extend(glyphs("Distanciel", 350.0, 760.0));
    g1.extend(glyphs("Participants", 50.0, 780.0));
    g1.extend(glyphs("Chercheurs", 200.0, 780.0));
    g1.extend(glyphs("Nombre : 2", 350.0, 780.0));
    let g2 = glyphs("Suite du texte", 50.0, 60.0);
    let doc = two_pages(g1, g2);
    assert_eq!(first_table_rows(&doc).len(), 2);
    assert!(matches!(doc.blocks.last(), Some(Block::Paragraph(_))));
}

#[test]
fn a_table_whose_header_is_repeated_on_the_next_page_goes_on_there() {
    // Page 1 ends in a row split by the page break; page 2 repeats the header, then
    // the row's end, then one more row. Column text starts elsewhere on each page
    // (bullets on page 1, the lines wrapped under them on page 2).
    let header = |g: &mut Vec<Glyph>, y: f32| {
        g.extend(glyphs("Theme", 50.0, y));
        g.extend(glyphs("Irritants", 200.0, y));
        g.extend(glyphs("Besoins", 350.0, y));
    };
    let mut g1 = Vec::new();
    header(&mut g1, 760.0);
    g1.extend(glyphs("N° 5", 50.0, 780.0));
    g1.extend(glyphs("Decisions prises", 200.0, 780.0));
    g1.extend(glyphs("Associer les", 350.0, 780.0));
    g1.extend(glyphs("ecoles sans", 200.0, 792.0));
    g1.extend(glyphs("parents", 350.0, 792.0));
    let mut g2 = Vec::new();
    header(&mut g2, 60.0);
    g2.extend(glyphs("les usagers", 212.0, 80.0));
    g2.extend(glyphs("familles", 362.0, 80.0));
    g2.extend(glyphs("dans les ecoles", 212.0, 92.0));
    g2.extend(glyphs("au pilotage", 362.0, 92.0));
    g2.extend(glyphs("N° 2", 50.0, 112.0));
    g2.extend(glyphs("Formation", 212.0, 112.0));
    g2.extend(glyphs("Tutorat", 362.0, 112.0));
    let doc = two_pages(g1, g2);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(rows.len(), 3, "{outline}");
    assert_eq!(rows[0], vec!["Theme", "Irritants", "Besoins"], "{outline}");
    assert_eq!(rows[2], vec!["N° 2", "Formation", "Tutorat"], "{outline}");
    assert_eq!(
        rows[1],
        vec![
            "N° 5",
            "Decisions prises ecoles sans les usagers dans les ecoles",
            "Associer les parents familles au pilotage"
        ],
        "{outline}"
    );
}

#[test]
fn the_end_of_a_row_under_a_repeated_header_goes_on_the_row() {
    // Page 1: a borderless table whose last row the page break cuts; page 2: its header
    // repeated (where the header's text starts, not the rows'), then the row's last
    // word alone in the middle column, then a paragraph.
    let header = |g: &mut Vec<Glyph>, y: f32| {
        g.extend(glyphs("Theme", 50.0, y));
        g.extend(glyphs("Irritants", 200.0, y));
        g.extend(glyphs("Besoins", 350.0, y));
    };
    let mut g1 = Vec::new();
    header(&mut g1, 740.0);
    for (k, (a, b)) in [("Peu d'outils", "Former"), ("de mesure", "les equipes")]
        .iter()
        .enumerate()
    {
        let y = 760.0 + 12.0 * k as f32;
        g1.extend(glyphs(a, 212.0, y));
        g1.extend(glyphs(b, 362.0, y));
    }
    g1.extend(glyphs("N° 4", 50.0, 760.0));
    g1.extend(glyphs("N° 2", 50.0, 788.0));
    g1.extend(glyphs("Peu d'echanges", 212.0, 788.0));
    g1.extend(glyphs("Partager", 362.0, 788.0));
    let mut g2 = Vec::new();
    header(&mut g2, 60.0);
    g2.extend(glyphs("entre les trois", 212.0, 80.0));
    g2.extend(glyphs(
        "Un paragraphe ordinaire qui court sur la largeur de la page.",
        50.0,
        120.0,
    ));
    let doc = two_pages(g1, g2);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(rows.len(), 3, "{outline}");
    assert_eq!(
        rows[2],
        vec!["N° 2", "Peu d'echanges entre les trois", "Partager"],
        "{outline}"
    );
    // The repeated header is no text of its own.
    assert!(!outline.contains("P: Theme Irritants Besoins"), "{outline}");
}

#[test]
fn a_line_broken_after_a_slash_inside_a_word_is_joined_without_a_space() {
    let mut g = glyphs("Acteurs : Rectorat/DSDEN/", 50.0, 100.0);
    g.extend(glyphs("élus/Collectivités et / ou", 50.0, 112.0));
    g.extend(glyphs("les parents", 50.0, 124.0));
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        ..Default::default()
    };
    let texts = paragraph_texts(&[page]);
    // A slash after a space ("et / ou") is a word of its own: the next line is not glued.
    assert_eq!(
        texts,
        ["Acteurs : Rectorat/DSDEN/élus/Collectivités et / ou les parents"]
    );
}

#[test]
fn a_compound_cut_before_its_hyphen_is_joined_without_a_space() {
    // A narrow column: "-Rhône-Alpes" does not fit after "Auvergne".
    let mut g = glyphs("Région Auvergne", 50.0, 100.0);
    g.extend(glyphs("-Rhône-Alpes et les", 50.0, 112.0));
    g.extend(glyphs("communes du Puy", 50.0, 124.0));
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        ..Default::default()
    };
    assert_eq!(
        paragraph_texts(&[page]),
        ["Région Auvergne-Rhône-Alpes et les communes du Puy"]
    );
}

#[test]
fn a_smaller_value_set_above_its_labels_baseline_is_on_the_labels_line() {
    // A flattened form: the value (6 pt) printed at the top of its field, 5 pt above the
    // baseline of its label (9 pt). A logo's lettering as far off in another column stays
    // on its own line.
    let sized = |s: &str, x: f32, baseline: f32, size: f32| -> Vec<Glyph> {
        glyphs(s, x, baseline)
            .into_iter()
            .map(|mut g| {
                g.size = size;
                g.bbox[1] = baseline - 0.75 * size;
                g.bbox[3] = baseline + 0.2 * size;
                g
            })
            .collect()
    };
    let mut g = sized("Résumé :", 40.0, 112.4, 9.0);
    g.extend(sized("Un label", 100.0, 107.6, 6.0));
    g.extend(sized("NATIONALE", 470.0, 103.8, 9.0));
    let page = PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        ..Default::default()
    };
    let texts = paragraph_texts(&[page]);
    assert!(
        texts.contains(&"Résumé : Un label".to_string()),
        "{texts:?}"
    );
    assert!(texts.contains(&"NATIONALE".to_string()), "{texts:?}");
}

#[test]
fn a_ruled_header_band_whose_tallest_cell_starts_above_the_others_heads_its_table() {
    // A web table's header between two rules: cells centred vertically, so the
    // three-line header cell of the middle column starts above the one-line cells
    // beside it, its first line centred (not where the column's text starts).
    let mut g = body_paragraph();
    g.extend(glyphs("Axes", 215.0, 212.0));
    g.extend(glyphs("Theme", 50.0, 224.0));
    g.extend(glyphs("ou leviers", 205.0, 224.0));
    g.extend(glyphs("Besoin", 350.0, 224.0));
    g.extend(glyphs("retenus", 207.0, 236.0));
    for (y, cells) in [
        (270.0, ["N 4", "Creer un label", "Former"]),
        (290.0, ["N 2", "Un reseau", "Partager"]),
    ] {
        for (x, t) in [50.0, 200.0, 350.0].into_iter().zip(cells) {
            g.extend(glyphs(t, x, y));
        }
    }
    let paths = [200.0, 250.0, 300.0]
        .into_iter()
        .map(|y| stroke(vec![[45.0, y], [500.0, y]]))
        .collect();
    let doc = build(&[PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths,
        ..Default::default()
    }]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(
        rows.first().map(Vec::as_slice),
        Some(
            ["Theme", "Axes ou leviers retenus", "Besoin"]
                .map(String::from)
                .as_slice()
        ),
        "{outline}"
    );
    assert_eq!(rows.len(), 3, "{outline}");
}

#[test]
fn a_header_word_left_of_the_first_column_is_not_lost() {
    // A ruled header band whose first cell's first line is centred wider than the
    // column's text below: it starts left of where the table's first column starts. It
    // cannot go in a cell; it stays text.
    let mut g = body_paragraph();
    g.extend(glyphs("Thematique concernee", 20.0, 212.0));
    g.extend(glyphs("Axes", 200.0, 224.0));
    g.extend(glyphs("Besoin", 350.0, 224.0));
    for (y, cells) in [
        (270.0, ["N 4", "Creer un label", "Former"]),
        (290.0, ["N 2", "Un reseau", "Partager"]),
    ] {
        for (x, t) in [80.0, 200.0, 350.0].into_iter().zip(cells) {
            g.extend(glyphs(t, x, y));
        }
    }
    let paths = [200.0, 250.0, 300.0]
        .into_iter()
        .map(|y| stroke(vec![[15.0, y], [500.0, y]]))
        .collect();
    let doc = build(&[PageContent {
        paths,
        ..a4_page(1, g)
    }]);
    let outline = crate::model::outline(&doc);
    for word in ["Thematique", "Axes", "Besoin", "Former", "Partager"] {
        assert!(outline.contains(word), "{word}: {outline}");
    }
}

#[test]
fn rows_far_apart_under_a_header_rule_stay_in_their_table() {
    // A web table with rules only above and below its header and at its bottom: cells
    // centred in tall rows leave more white between rows than between paragraphs.
    let mut g = body_paragraph();
    for (y, cells) in [
        (
            215.0,
            [(50.0, "Theme"), (200.0, "RETEX"), (350.0, "Irritants")],
        ),
        (250.0, [(50.0, "N 2"), (200.0, "1 :"), (350.0, "Connexion")]),
        (262.0, [(50.0, "Enseigner"), (200.0, ""), (350.0, "")]),
        (300.0, [(50.0, "N 3"), (200.0, ""), (350.0, "")]),
        (
            312.0,
            [(50.0, "Travailler"), (200.0, "2 :"), (350.0, "Temps")],
        ),
        (324.0, [(50.0, "ensemble"), (200.0, ""), (350.0, "")]),
    ] {
        for (x, t) in cells {
            g.extend(glyphs(t, x, y));
        }
    }
    let paths = [200.0, 230.0, 340.0]
        .into_iter()
        .map(|y| stroke(vec![[45.0, y], [500.0, y]]))
        .collect();
    let doc = build(&[PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        paths,
        ..Default::default()
    }]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        vec!["Theme", "N 2 Enseigner", "N 3 Travailler ensemble"],
        "{outline}"
    );
}

#[test]
fn list_items_starting_at_once_in_two_columns_stay_in_their_row() {
    // A borderless table whose cells hold bulleted lists further apart than the line
    // pitch: the second items of two columns start on one line, the first column empty
    // there. They go on their lists; the next row starts where the first column has text.
    let doc = body_and_cells(&[
        (200.0, [(50.0, "Theme"), (200.0, "• Un"), (350.0, "• Deux")]),
        (222.0, [(50.0, ""), (200.0, "• Trois"), (350.0, "• Quatre")]),
        (
            250.0,
            [(50.0, "Autre"), (200.0, "• Cinq"), (350.0, "• Six")],
        ),
    ]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        vec!["Theme", "Autre"],
        "{outline}"
    );
}

#[test]
fn a_row_under_a_lone_cell_is_not_joined_to_it_when_its_cells_are_top_aligned() {
    // A word processor's borderless table: "Les 2" alone in the last column on a row of
    // its own, then a row whose label has fewer lines than its value, both starting on
    // one baseline (cells aligned to the top, not centred).
    let doc = body_and_cells(&[
        (
            200.0,
            [
                (50.0, "Format"),
                (200.0, "Presentiel"),
                (350.0, "Distanciel"),
            ],
        ),
        (212.0, [(50.0, "session"), (200.0, ""), (350.0, "")]),
        (240.0, [(50.0, ""), (200.0, ""), (350.0, "Les 2")]),
        (
            254.0,
            [(50.0, "Animateurs"), (200.0, "Claire"), (350.0, "")],
        ),
        (266.0, [(50.0, "session"), (200.0, "Thomas"), (350.0, "")]),
        (278.0, [(50.0, ""), (200.0, "Sophie"), (350.0, "")]),
        (
            306.0,
            [
                (50.0, "Participants"),
                (200.0, "Equipes"),
                (350.0, "Nombre : 2"),
            ],
        ),
    ]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(
        rows.get(1),
        Some(&vec![String::new(), String::new(), "Les 2".into()]),
        "{outline}"
    );
    assert_eq!(rows.len(), 4, "{outline}");
}

#[test]
fn rows_laid_out_each_on_its_own_line_up_under_their_header() {
    // A web table whose rows are flex boxes without borders: each row's cells as wide
    // as their content, so no column lines up with the next row's.
    let doc = body_and_cells(&[
        (
            200.0,
            [(70.0, "Theme"), (250.0, "Irritants"), (400.0, "Besoin")],
        ),
        (
            218.0,
            [
                (50.0, "N 4 Numerique"),
                (140.0, "Outils peu"),
                (330.0, "Former"),
            ],
        ),
        (
            230.0,
            [(50.0, "responsable"), (140.0, "fiables"), (330.0, "")],
        ),
        (
            248.0,
            [
                (50.0, "N 5"),
                (100.0, "Peu de temps dans les"),
                (260.0, "Partager"),
            ],
        ),
        (260.0, [(50.0, ""), (100.0, "emplois"), (260.0, "")]),
    ]);
    let outline = crate::model::outline(&doc);
    assert_eq!(
        first_table_rows(&doc),
        vec![
            vec!["Theme", "Irritants", "Besoin"],
            vec!["N 4 Numerique responsable", "Outils peu fiables", "Former"],
            vec!["N 5", "Peu de temps dans les emplois", "Partager"],
        ],
        "{outline}"
    );
}

#[test]
fn smaller_text_at_the_line_height_around_it_is_one_paragraph_not_a_row() {
    // wkhtmltopdf: a label's small italic hint keeps the line height of the table's
    // text (CSS's strut), so its lines are further apart than its own size's pitch;
    // beside it, a count's second paragraph starts on the same line. One row.
    let small = |s: &str, x: f32, baseline: f32| -> Vec<Glyph> {
        glyphs(s, x, baseline)
            .into_iter()
            .map(|g| Glyph {
                size: 6.0,
                bbox: [g.bbox[0], baseline - 5.0, g.bbox[2], baseline + 1.0],
                ..g
            })
            .collect()
    };
    let mut g = body_paragraph();
    g.extend(glyphs("Participants", 50.0, 200.0));
    g.extend(glyphs("Equipes", 200.0, 200.0));
    g.extend(glyphs("Nombre : 32", 350.0, 200.0));
    g.extend(small("Cocher les cases", 50.0, 212.0));
    g.extend(small("puis completer", 50.0, 224.0));
    g.extend(glyphs("Etablis : 21", 350.0, 224.0));
    g.extend(glyphs("Autres", 50.0, 250.0));
    g.extend(glyphs("Chercheurs", 200.0, 250.0));
    g.extend(glyphs("Nombre : 11", 350.0, 250.0));
    let doc = build(&[PageContent {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        ..Default::default()
    }]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(rows.len(), 2, "{outline}");
    assert!(
        rows[0][2].contains("21") && rows[0][0].contains("completer"),
        "{outline}"
    );
}

#[test]
fn rows_each_led_by_a_box_are_a_table_without_header_or_aligned_columns() {
    // A web page whose participant rows are flex boxes without borders: each row a box
    // and its label, then its counts as far right as the label is long; a label or a
    // count wrapped in its cell interleaves with the other cell's lines.
    let doc = body_and_cells(&[
        (
            200.0,
            [(50.0, "☒ Equipes du second"), (260.0, "Nombre : 45")],
        ),
        (212.0, [(50.0, "degre"), (260.0, "Etablis : 30")]),
        (230.0, [(50.0, "☒ Chercheurs"), (200.0, "Nombre : 2")]),
        (
            248.0,
            [(50.0, "☐ Operateurs bien nommes"), (300.0, "Nombre de")],
        ),
        (260.0, [(50.0, ""), (300.0, "participants : 1")]),
    ]);
    let outline = crate::model::outline(&doc);
    let rows = first_table_rows(&doc);
    assert_eq!(rows.len(), 3, "{outline}");
    assert_eq!(rows[0][0], "☒ Equipes du second degre", "{outline}");
    assert!(
        rows[0][1].contains("45") && rows[0][1].contains("30"),
        "{outline}"
    );
    assert_eq!(rows[1], vec!["☒ Chercheurs", "Nombre : 2"], "{outline}");
    assert_eq!(
        rows[2],
        vec!["☐ Operateurs bien nommes", "Nombre de participants : 1"],
        "{outline}"
    );
}
