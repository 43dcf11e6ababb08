//! Scanned PDFs (`fixtures/scan/`, made by `fixtures/gen/make_scans.py`): read by OCR, they
//! reach the bar against the truths of the PDFs they were printed from — at least
//! 95 % of fields and 99 % of check boxes right, and no box wrong without a warning on it.
//! OCR is not exact, so their expectations stay `.expected.json.pending` and are scored
//! here field by field, as `tools/score.py` does (that test is ignored until the bar is
//! reached). Needs `tesseract` with French data: without it, the OCR tests print that
//! they were skipped.

use crate::common;

use std::collections::BTreeMap;

use serde_json::Value;

/// Least share of fields right over the scans.
const MIN_FIELDS: f64 = 0.95;
/// Least share of check boxes right.
const MIN_BOXES: f64 = 0.99;

fn tesseract_present() -> bool {
    std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "fra")
        })
}

/// The scans and their expected JSON (pending or not).
fn scans() -> Vec<(std::path::PathBuf, Value)> {
    let dir = common::fixtures_dir().join("scan");
    let mut out = Vec::new();
    for name in common::files_under(&dir) {
        if !name.ends_with(".pdf") {
            continue;
        }
        let file = dir.join(&name);
        let expected = ["expected.json", "expected.json.pending"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{name}: no expected JSON"));
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(expected).expect("expected")).unwrap();
        out.push((file, want));
    }
    assert!(out.len() >= 4, "the scan fixtures are there");
    out
}

/// Leaf values by path, as score.py flattens them (warnings, provenance and unplaced
/// text apart; the bytes' identity not scored).
fn flatten(v: &Value, path: String, out: &mut BTreeMap<String, Value>) {
    const SKIP: [&str; 5] = [
        "source.sha256",
        "source.octets",
        "source.fichier",
        "source.convertisseur",
        "schema_version",
    ];
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if path.is_empty()
                    && ["avertissements", "provenance", "texte_non_repris"].contains(&k.as_str())
                {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(v, p, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(v, format!("{path}[{i}]"), out);
            }
        }
        _ if SKIP.contains(&path.as_str()) => {}
        Value::String(s) => {
            let s: String = s.replace(['\u{a0}', '\u{202f}', '\u{2009}'], " ");
            out.insert(path, Value::String(s));
        }
        _ => {
            out.insert(path, v.clone());
        }
    }
}

fn is_box(path: &str) -> bool {
    path.ends_with(".coche")
        || ["format.presentiel", "format.distanciel", "format.les_deux"].contains(&path)
}

#[test]
fn scans_without_ocr_are_sans_texte() {
    let (file, _) = scans().remove(0);
    let bytes = std::fs::read(&file).unwrap();
    let limits = restitution::Limits {
        ocr: false,
        ..Default::default()
    };
    let err = restitution::convert_with("scan.pdf", &bytes, &limits).unwrap_err();
    assert_eq!(err.code, restitution::error::ErrorCode::SansTexte);
    assert!(err.message().contains("--sans-ocr"), "{}", err.message());
}

#[test]
fn a_scan_is_read_by_ocr() {
    if !tesseract_present() {
        println!("skipped: tesseract absent (apt install tesseract-ocr tesseract-ocr-fra)");
        return;
    }
    let (file, want) = scans()
        .into_iter()
        .find(|(f, _)| f.to_string_lossy().contains("bretagne"))
        .expect("the Bretagne scan");
    let bytes = std::fs::read(&file).unwrap();
    let doc = restitution::convert("scan.pdf", &bytes)
        .unwrap_or_else(|e| panic!("error[{}] {}", e.code, e.message()));
    let got: Value = serde_json::from_str(&restitution::to_json(&doc, false)).unwrap();
    let first = &got["avertissements"][0];
    assert_eq!(first["code"], "lecture_ocr");
    assert_eq!(first["gravite"], "a_verifier");
    assert_eq!(first["champ"], "source");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("confiance moyenne")),
        "{first}"
    );
    for path in ["/region_academique", "/source/pages", "/session/dates"] {
        assert_eq!(got.pointer(path), want.pointer(path), "{path}");
    }
}

/// The bar. Not reached yet: 88.4 % of fields (score.py) and 63/72 boxes over the
/// six scans (every box right on the five scanner-like ones; the phone-photo-like scan's
/// ☑/☒ glyph boxes are not found and stay undecided with `case_indecise`, but its
/// "Distanciel" option is not read at all, `null` without a warning): run with
/// `--ignored`.
#[test]
#[ignore = "OCR does not reach the issue's bar yet; cargo test --test integration scan:: -- --ignored"]
fn scans_reach_the_bar() {
    if !tesseract_present() {
        println!("skipped: tesseract absent (apt install tesseract-ocr tesseract-ocr-fra)");
        return;
    }
    let (mut fields, mut fields_ok, mut boxes, mut boxes_ok) = (0usize, 0usize, 0usize, 0usize);
    let mut report = Vec::new();
    let mut silent_wrong_boxes = Vec::new();
    for (file, want) in scans() {
        let label = file.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&file).unwrap();
        let doc = restitution::convert(&label, &bytes)
            .unwrap_or_else(|e| panic!("{label}: error[{}] {}", e.code, e.message()));
        let got: Value = serde_json::from_str(&restitution::to_json(&doc, false)).unwrap();
        let ocr = got["avertissements"]
            .as_array()
            .and_then(|w| w.first())
            .map(|w| (w["code"].clone(), w["champ"].clone()));
        assert_eq!(
            ocr,
            Some((Value::from("lecture_ocr"), Value::from("source"))),
            "{label}: the lecture_ocr warning comes first"
        );
        let warned: Vec<&str> = got["avertissements"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w["champ"].as_str())
            .collect();
        let (mut e, mut g) = (BTreeMap::new(), BTreeMap::new());
        flatten(&want, String::new(), &mut e);
        flatten(&got, String::new(), &mut g);
        let keys: std::collections::BTreeSet<&String> = e.keys().chain(g.keys()).collect();
        for k in keys {
            let right = e.contains_key(k) && e.get(k) == g.get(k);
            fields += 1;
            fields_ok += usize::from(right);
            if is_box(k) {
                boxes += 1;
                boxes_ok += usize::from(right);
                if !right && !warned.contains(&k.as_str()) {
                    silent_wrong_boxes.push(format!("{label}: {k}"));
                }
            }
            if !right {
                report.push(format!(
                    "{label}: {k}: want {} got {}",
                    e.get(k).map_or("<absent>".into(), Value::to_string),
                    g.get(k).map_or("<absent>".into(), Value::to_string)
                ));
            }
        }
    }
    let field_share = fields_ok as f64 / fields as f64;
    let box_share = boxes_ok as f64 / boxes as f64;
    println!(
        "scans: fields {fields_ok}/{fields} ({:.1} %), boxes {boxes_ok}/{boxes} ({:.1} %)",
        100.0 * field_share,
        100.0 * box_share
    );
    assert!(
        silent_wrong_boxes.is_empty(),
        "boxes wrong without a warning:\n{}",
        silent_wrong_boxes.join("\n")
    );
    assert!(
        field_share >= MIN_FIELDS && box_share >= MIN_BOXES,
        "fields {:.1} %, boxes {:.1} %:\n{}",
        100.0 * field_share,
        100.0 * box_share,
        report.join("\n")
    );
}

/// Counts read from words the recognizer was unsure of are flagged `nombre_illisible`
/// (`a_verifier`); the same counts read with confidence are not.
#[test]
fn unsure_counts_are_flagged() {
    if !tesseract_present() {
        println!("skipped: tesseract absent (apt install tesseract-ocr tesseract-ocr-fra)");
        return;
    }
    let (file, _) = scans()
        .into_iter()
        .find(|(f, _)| f.to_string_lossy().contains("occitanie"))
        .expect("the Occitanie scan");
    let bytes = std::fs::read(&file).unwrap();
    let (_, mut document) =
        restitution::internals::read_model(&bytes, &restitution::Limits::default())
            .unwrap_or_else(|e| panic!("error[{}] {}", e.code, e.message()));
    let source = || restitution::output::Source {
        fichier: "scan.pdf".into(),
        format: restitution::output::SourceFormat::Pdf,
        sha256: String::new(),
        octets: 0,
        pages: document.pages,
        convertisseur: String::new(),
    };
    let flagged = |doc: &restitution::output::Restitution| -> Vec<(String, String)> {
        let v: Value = serde_json::from_str(&restitution::to_json(doc, false)).unwrap();
        v["avertissements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| {
                w["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("lu par OCR"))
            })
            .map(|w| {
                assert_eq!(w["code"], "nombre_illisible", "{w}");
                assert_eq!(w["gravite"], "a_verifier", "{w}");
                (w["champ"].as_str().unwrap().to_string(), w.to_string())
            })
            .collect()
    };
    let sure = restitution::internals::map(&document, source(), false).unwrap();
    assert_eq!(flagged(&sure), Vec::new(), "no count read with doubt");
    for word in &mut document.ocr_words {
        if word.text.contains(|c: char| c.is_ascii_digit()) {
            word.confidence = 10.0;
        }
    }
    let unsure = restitution::internals::map(&document, source(), false).unwrap();
    let champs: Vec<String> = flagged(&unsure).into_iter().map(|(c, _)| c).collect();
    // Every count read as a number is flagged (unless already warned about).
    let v: Value = serde_json::from_str(&restitution::to_json(&unsure, false)).unwrap();
    let warned: Vec<&str> = v["avertissements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["champ"].as_str())
        .collect();
    let mut counts = 0;
    for (i, p) in v["participants"].as_array().unwrap().iter().enumerate() {
        for key in ["nombre_participants", "nombre_etablissements"] {
            if p[key].is_number() {
                counts += 1;
                let champ = format!("participants[{i}].{key}");
                assert!(
                    warned.contains(&champ.as_str()),
                    "{champ} not flagged: {champs:?}"
                );
            }
        }
    }
    assert!(counts >= 5, "the scan's counts were read ({counts})");
}
