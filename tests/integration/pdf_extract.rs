//! PDF content interpretation on the fixtures of `fixtures/pdf/` (made by
//! `fixtures/pdf/make_pdf_fixtures.py`; expected positions checked against
//! `pdftotext -bbox`).

use restitution::error::ErrorCode;
use restitution::internals::pdf::extract;
use restitution::internals::pdf::{FieldValue, Glyph, PageContent, Path};

fn load(name: &str) -> Vec<PageContent> {
    let path = format!("{}/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    extract(&bytes).unwrap_or_else(|e| panic!("{name}: {} {}", e.code, e.message()))
}

fn err(name: &str) -> ErrorCode {
    let path = format!("{}/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    extract(&bytes).expect_err("should fail").code
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.02
}

fn assert_box(g: &Glyph, b: [f32; 4]) {
    assert!(
        g.bbox.iter().zip(b.iter()).all(|(x, y)| close(*x, *y)),
        "{:?}: box {:?}, expected {:?}",
        g.text,
        g.bbox,
        b
    );
}

fn texts(glyphs: &[Glyph]) -> Vec<&str> {
    glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Glyphs on the baseline `y` (±0.05), left to right.
fn line(page: &PageContent, y: f32) -> Vec<&Glyph> {
    let mut v: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| (g.baseline - y).abs() < 0.05)
        .collect();
    v.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
    v
}

fn line_text(page: &PageContent, y: f32) -> String {
    line(page, y).iter().map(|g| g.text.as_str()).collect()
}

#[test]
fn standard_14_fonts_text_and_boxes() {
    let pages = load("std14.pdf");
    assert_eq!(pages.len(), 1);
    let p = &pages[0];
    assert!(close(p.width, 595.28) && close(p.height, 841.89));
    // Helvetica 12 at baseline 780 (page y 61.89): poppler box of "Équipes" is
    // [72, 53.274, 115.356, 64.374].
    let l = line(p, 841.89 - 780.0);
    let text: String = l.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(text, "Équipes«œuvre»l’été:2020-2021€");
    assert_box(l[0], [72.0, 53.274, 72.0 + 667.0 * 0.012, 64.374]);
    assert_eq!(&*l[0].font, "Helvetica");
    assert!(close(l[0].size, 12.0));
    assert!(close(l[0].space_width, 278.0 * 0.012));
    let s = l.iter().find(|g| g.text == "s").unwrap();
    assert!(close(s.bbox[2], 115.356));
    // Times-Roman line (third): poppler [72, 93.694, 110.664, 104.494] for "Équipes".
    let l = line(p, 841.89 - 740.0);
    assert_eq!(&*l[0].font, "Times-Roman");
    assert_box(l[0], [72.0, 93.694, 72.0 + 0.611 * 12.0, 104.494]);
    assert!(close(l[6].bbox[2], 110.664));
    // Courier: fixed 600.
    let l = line(p, 841.89 - 700.0);
    assert_eq!(&*l[0].font, "Courier");
    assert!(l.iter().all(|g| close(g.bbox[2] - g.bbox[0], 7.2)));
    // The rectangle and the line.
    assert_eq!(p.paths.len(), 2);
    let rect = p.paths.iter().find(|x| !x.rects.is_empty()).unwrap();
    assert!(rect.stroked && !rect.filled);
    let r = rect.rects[0];
    assert!(
        close(r[0], 72.0)
            && close(r[1], 841.89 - 600.0)
            && close(r[2], 272.0)
            && close(r[3], 841.89 - 500.0),
        "{r:?}"
    );
    assert!(close(rect.line_width, 0.5));
}

#[test]
fn type0_identity_h_with_tounicode() {
    let pages = load("raw.pdf");
    let p = &pages[0];
    // "Équipes" at 72,700, size 10, W widths, ascent 0.9 / descent 0.2 from the descriptor.
    let l = line(p, 92.0);
    assert_eq!(
        texts(&l.iter().map(|g| (*g).clone()).collect::<Vec<_>>()),
        ["É", "q", "u", "i", "p", "e", "s"]
    );
    assert_box(l[0], [72.0, 83.0, 79.0, 94.0]);
    assert_box(l[1], [79.0, 83.0, 84.56, 94.0]);
    assert_eq!(&*l[0].font, "TestSans");
    // bfrange with an array, a surrogate pair, a ligature expanded.
    assert_eq!(line_text(p, 112.0), "œ«’😀fi");
    // TJ kerning: -500 moves B 5 pt right of A's advance (6.5).
    let l = line(p, 132.0);
    assert_eq!(l.len(), 3);
    assert!(close(l[0].bbox[0], 72.0) && close(l[1].bbox[0], 83.5) && close(l[2].bbox[0], 90.0));
}

#[test]
fn simple_fonts_differences_spacing_and_symbols() {
    let pages = load("raw.pdf");
    let p = &pages[0];
    // /Differences glyph names (uni2612 has no width in Helvetica: 0, as poppler).
    let l: String = line(p, 792.0 - 620.0)
        .iter()
        .filter(|g| g.bbox[0] < 250.0)
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(l, "éœ«’fi☒");
    // Tc 2, Tw 5, Tz 80: b starts at 72 + (6.672 + 2)·0.8 + (3.336 + 2 + 5)·0.8.
    let l: Vec<&Glyph> = line(p, 792.0 - 600.0)
        .into_iter()
        .filter(|g| &*g.font == "Helvetica")
        .collect();
    assert_eq!(l.len(), 2);
    assert!(
        close(l[1].bbox[0], 72.0 + 8.672 * 0.8 + 10.336 * 0.8),
        "{:?}",
        l[1].bbox
    );
    // Narrowed by Tz: a is 6.672 · 0.8 wide.
    assert!(close(l[0].bbox[2] - l[0].bbox[0], 6.672 * 0.8));
    // TL / T* / ' / ".
    assert_eq!(line_text(p, 792.0 - 586.0), "Lignedeux");
    assert_eq!(line_text(p, 792.0 - 572.0), "Lignetrois");
    assert_eq!(line_text(p, 792.0 - 558.0), "Lignequatre");
    // Ts 5: raised 5 pt.
    assert_eq!(line_text(p, 792.0 - 563.0), "Haut");
    // Wingdings without ToUnicode: ☐ ☒ ▶ ✓; Symbol bullet; ZapfDingbats ✔ ■.
    let wd: Vec<&Glyph> = p
        .glyphs
        .iter()
        .filter(|g| &*g.font == "Wingdings-Regular")
        .collect();
    assert_eq!(
        wd.iter().map(|g| g.text.as_str()).collect::<String>(),
        "☐☒▶✓"
    );
    assert!(close(wd[0].bbox[2] - wd[0].bbox[0], 9.6));
    assert!(
        p.glyphs
            .iter()
            .any(|g| &*g.font == "Symbol" && g.text == "•")
    );
    let zd: String = p
        .glyphs
        .iter()
        .filter(|g| &*g.font == "ZapfDingbats")
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(zd, "✔■");
    // A spacing acute kerned back over "e" becomes "é".
    let tl: String = p
        .glyphs
        .iter()
        .filter(|g| &*g.font == "Times-Roman")
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(tl, "éte");
}

#[test]
fn paths_xobjects_and_images() {
    let pages = load("raw.pdf");
    let p = &pages[0];
    assert_eq!(p.images, 1, "inline image");
    // Form XObject drawn twice; the self-drawing one once (cycle cut).
    assert_eq!(p.glyphs.iter().filter(|g| g.text == "F").count(), 2);
    assert_eq!(p.glyphs.iter().filter(|g| g.text == "S").count(), 1);
    let forms: Vec<f32> = p
        .glyphs
        .iter()
        .filter(|g| g.text == "F")
        .map(|g| g.baseline)
        .collect();
    assert!(
        forms.iter().any(|y| close(*y, 792.0 - 150.0))
            && forms.iter().any(|y| close(*y, 792.0 - 100.0))
    );
    let rects: Vec<(&Path, [f32; 4])> = p
        .paths
        .iter()
        .flat_map(|x| x.rects.iter().map(move |r| (x, *r)))
        .collect();
    let has = |r: [f32; 4]| {
        rects
            .iter()
            .any(|(_, q)| q.iter().zip(r.iter()).all(|(a, b)| close(*a, *b)))
    };
    assert!(has([72.0, 192.0, 272.0, 292.0]), "stroked rect");
    assert!(
        has([300.0, 342.0, 350.0, 392.0]),
        "filled rect after the clip"
    );
    assert!(
        !has([72.0, 342.0, 172.0, 392.0]),
        "clipping path is not painted"
    );
    assert!(has([72.0, 572.0, 92.0, 592.0]), "rect scaled by cm");
    assert!(
        has([400.0, 652.0, 450.0, 662.0]) && has([400.0, 702.0, 450.0, 712.0]),
        "rects of the form XObject"
    );
    let line = p
        .paths
        .iter()
        .find(|x| {
            x.subpaths
                .iter()
                .any(|s| s.len() == 2 && close(s[0][1], 312.0))
        })
        .expect("line");
    assert!(line.stroked && close(line.line_width, 2.0));
    assert_eq!(line.subpaths[0], vec![[72.0, 312.0], [272.0, 312.0]]);
    let curve = p
        .paths
        .iter()
        .find(|x| x.subpaths.iter().any(|s| s.len() == 3))
        .expect("curve");
    assert_eq!(curve.subpaths[0].last().copied(), Some([330.0, 492.0]));
    assert_eq!(p.paths.len(), 7);
}

#[test]
fn page_rotation_landscape_and_cropbox() {
    let pages = load("raw.pdf");
    assert_eq!(pages.len(), 5);
    // /Rotate 90 with content rotated back: reads left to right at x 72, baseline 100.
    let p = &pages[1];
    assert!(close(p.width, 792.0) && close(p.height, 612.0));
    let l = line(p, 100.0);
    assert_eq!(
        l.iter().map(|g| g.text.as_str()).collect::<String>(),
        "Rotated"
    );
    assert!(close(l[0].bbox[0], 72.0));
    assert!(l[1].bbox[0] > l[0].bbox[0]);
    assert!(close(l[0].size, 12.0));
    // Landscape MediaBox.
    let p = &pages[2];
    assert!(close(p.width, 842.0) && close(p.height, 595.0));
    assert_eq!(line_text(p, 95.0), "Landscape");
    // CropBox [50 50 562 742], content split over two streams.
    let p = &pages[3];
    assert!(close(p.width, 512.0) && close(p.height, 692.0));
    let l = line(p, 42.0);
    assert_eq!(
        l.iter().map(|g| g.text.as_str()).collect::<String>(),
        "Cropped"
    );
    assert!(close(l[0].bbox[0], 50.0));
    assert_eq!(p.number, 4);
}

#[test]
fn acroform_fields() {
    let pages = load("acroform.pdf");
    let f = &pages[0].fields;
    let get = |name: &str| {
        f.iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("{name} in {f:?}"))
    };
    assert_eq!(get("presentiel").value, FieldValue::Check(true));
    let r = get("presentiel").rect;
    assert!(
        close(r[0], 200.0)
            && close(r[1], 841.89 - 769.0)
            && close(r[2], 214.0)
            && close(r[3], 841.89 - 755.0),
        "{r:?}"
    );
    assert_eq!(get("distanciel").value, FieldValue::Check(false));
    assert_eq!(
        get("nom").value,
        FieldValue::Text("Équipe « test » été".into())
    );
    assert_eq!(get("effort").value, FieldValue::Choice("Moyen".into()));
    let radios: Vec<&FieldValue> = f
        .iter()
        .filter(|x| x.name == "format")
        .map(|x| &x.value)
        .collect();
    assert_eq!(
        radios,
        [&FieldValue::Check(true), &FieldValue::Check(false)]
    );
    assert_eq!(pages[1].fields.len(), 1);
    assert_eq!(
        pages[1].fields[0].value,
        FieldValue::Text("sur la page 2".into())
    );
}

#[test]
fn encryption() {
    let plain = load("std14.pdf");
    for name in ["enc-empty-aes.pdf", "enc-empty-rc4.pdf"] {
        let pages = load(name);
        assert_eq!(pages[0].glyphs, plain[0].glyphs, "{name}");
    }
    assert_eq!(err("enc-secret.pdf"), ErrorCode::Chiffre);
}

#[test]
fn limits_and_garbage() {
    assert_eq!(err("bomb.pdf"), ErrorCode::TropVolumineux);
    for bytes in [
        &b""[..],
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"not a pdf at all",
    ] {
        let e = extract(bytes).expect_err("garbage");
        assert_eq!(
            e.code,
            ErrorCode::FichierIllisible,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Deterministic mutations of the fixtures: never a panic.
#[test]
fn mutated_files_do_not_panic() {
    let dir = format!("{}/fixtures/pdf", env!("CARGO_MANIFEST_DIR"));
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in ["raw.pdf", "std14.pdf", "acroform.pdf"] {
        let original = std::fs::read(format!("{dir}/{name}")).unwrap();
        for round in 0..150 {
            let mut b = original.clone();
            match round % 3 {
                0 => {
                    for _ in 0..8 {
                        let i = (next() as usize) % b.len();
                        b[i] = next() as u8;
                    }
                }
                1 => {
                    let cut = (next() as usize) % b.len();
                    b.truncate(cut);
                }
                _ => {
                    // Replace a digit run start with a huge or negative number.
                    let i = (next() as usize) % b.len();
                    let repl: &[u8] = if next() % 2 == 0 {
                        b"99999999999"
                    } else {
                        b"-7"
                    };
                    b.splice(i..(i + 1).min(b.len()), repl.iter().copied());
                }
            }
            let _ = extract(&b);
        }
    }
}

#[test]
fn libreoffice_sample() {
    // A copy of ../shared/samples/corse-w14.pdf (LibreOffice 7.4 export).
    let pages = load("corse-w14.pdf");
    assert_eq!(pages.len(), 8);
    // poppler: <word xMin="61.100000" yMin="99.900764" xMax="104.596000" yMax="110.300764">MINISTÈRE</word>
    let p = &pages[0];
    let l = line(p, 841.889_8 - 734.389);
    let word: String = l.iter().take(9).map(|g| g.text.as_str()).collect();
    assert_eq!(word, "MINISTÈRE");
    assert!(
        close(l[0].bbox[0], 61.1)
            && close(l[0].bbox[1], 99.900764)
            && close(l[8].bbox[2], 104.596)
            && close(l[8].bbox[3], 110.300764)
    );
    assert_eq!(&*l[0].font, "LiberationSans-Bold");
    // The subset draws its space with another code than 32: its width is still found.
    assert!(close(l[0].space_width, 0.278 * 8.0), "{}", l[0].space_width);
    let all: String = pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect();
    for needle in ["Équipes", "œuvre", "«", "»", "l'équité", "☒", "☐", "▶", "•"] {
        assert!(all.contains(needle), "{needle}");
    }
    assert!(
        !all.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)),
        "private-use characters left"
    );
    assert_eq!(
        pages[2].glyphs.iter().filter(|g| g.text == "☒").count()
            + pages[2].glyphs.iter().filter(|g| g.text == "☐").count(),
        12
    );
    // Section 3 is on a landscape page.
    assert!(close(pages[5].width, 841.89) && close(pages[5].height, 595.3));
    assert!(pages[2].paths.iter().any(|x| x.stroked));
}

#[test]
fn rotate_90_turns_the_boxes() {
    // Same content with /Rotate 90: page space (X, Y) = (H − Y0, X0) of the upright page.
    let up = load("std14.pdf");
    let rot = load("std14-rot90.pdf");
    let (u, r) = (&up[0], &rot[0]);
    assert!(close(r.width, u.height) && close(r.height, u.width));
    assert_eq!(u.glyphs.len(), r.glyphs.len());
    let h = u.height;
    for (a, b) in u.glyphs.iter().zip(r.glyphs.iter()) {
        assert_eq!(a.text, b.text);
        let want = [h - a.bbox[3], a.bbox[0], h - a.bbox[1], a.bbox[2]];
        assert!(
            b.bbox
                .iter()
                .zip(want.iter())
                .all(|(x, y)| (x - y).abs() < 0.01),
            "{:?} vs {:?}",
            b.bbox,
            want
        );
        assert!(close(a.size, b.size));
    }
}

#[test]
fn type3_font_and_annotation_appearances() {
    let pages = load("raw.pdf");
    let p = &pages[4];
    // Type3: widths through FontMatrix (50 × 0.01 × 12 = 6); poppler's default ascent/descent.
    let l = line(p, 92.0);
    assert_eq!(l.iter().map(|g| g.text.as_str()).collect::<String>(), "AB");
    assert_box(l[0], [72.0, 80.6, 78.0, 96.2]);
    assert_box(l[1], [78.0, 80.6, 85.2, 96.2]);
    assert_eq!(&*l[0].font, "Type3");
    // FreeText appearance drawn at its Rect: poppler [102, 278.384, 139.332, 289.484].
    let l = line(p, 287.0);
    assert_eq!(
        l.iter().map(|g| g.text.as_str()).collect::<String>(),
        "Rempli"
    );
    assert!(close(l[0].bbox[0], 102.0) && close(l[5].bbox[2], 139.332));
    // Stamp whose BBox is scaled ×2 onto its Rect.
    let l = line(p, 388.0);
    assert_eq!(
        l.iter().map(|g| g.text.as_str()).collect::<String>(),
        "Double"
    );
    assert!(close(l[0].size, 20.0) && close(l[5].bbox[2], 163.36));
    // Hidden annotation and widget appearance: not drawn.
    let all: String = p.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(all, "ABRempliDouble");
}

#[test]
fn acroform_written_by_hand() {
    let pages = load("forms.pdf");
    let f: Vec<(&str, &FieldValue, [f32; 4])> = pages[0]
        .fields
        .iter()
        .map(|x| (x.name.as_str(), &x.value, x.rect))
        .collect();
    let get = |name: &str| {
        f.iter()
            .filter(|x| x.0 == name)
            .map(|x| x.1.clone())
            .collect::<Vec<_>>()
    };
    // Hierarchical names; on-state /Oui.
    assert_eq!(get("section.oui"), [FieldValue::Check(true)]);
    assert_eq!(get("section.non"), [FieldValue::Check(false)]);
    // Not in /Annots: placed by /P. UTF-16BE value.
    assert_eq!(get("section.nom"), [FieldValue::Text("Été".into())]);
    // Radio kids inherit /FT and /V from their parent.
    assert_eq!(
        get("format"),
        [FieldValue::Check(true), FieldValue::Check(false)]
    );
    // /Opt pairs and /I: the shown text.
    assert_eq!(get("effort"), [FieldValue::Choice("Fort".into())]);
    // PDFDocEncoding, CR → LF.
    assert_eq!(
        get("txt"),
        [FieldValue::Text("café « ok »\n2e ligne".into())]
    );
    assert_eq!(get("multi"), [FieldValue::Choice("A\nB".into())]);
    // Push buttons are not fields of interest.
    assert!(get("btn").is_empty());
    let oui = f.iter().find(|x| x.0 == "section.oui").unwrap().2;
    assert_eq!(oui, [100.0, 80.0, 112.0, 92.0]);
    // A widget on a /Rotate 90 page: rect in the rotated page space.
    assert_eq!(pages[1].fields.len(), 1);
    assert_eq!(pages[1].fields[0].value, FieldValue::Check(true));
    assert_eq!(pages[1].fields[0].rect, [200.0, 100.0, 220.0, 120.0]);
}
