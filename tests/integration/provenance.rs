//! `provenance` (SPEC "Nothing lost"): every non-null leaf read from a document has an
//! origin; in a PDF, its zone is on the right page and holds the value's words, as
//! `pdftotext -bbox-layout` (poppler, an independent reader) places them; a checkbox's
//! zone is the box.

use crate::common;

use std::process::Command;

use serde_json::Value;

/// Leaves that are not read from the document.
const NOT_READ: &[&str] = &[
    "schema_version",
    "source",
    "avertissements",
    "provenance",
    "texte_non_repris",
];

/// Largest checkbox zone, in points (SPEC check: the box, not its label).
const MAX_BOX: f64 = 40.0;

/// Slack around a zone when looking for the words in it, in points.
const SLACK: f64 = 2.0;

/// Leaves whose value is a code or a normalized form, not words of the document.
const DERIVED: &[&str] = &[
    "categorie",
    "code",
    "valeur",
    "numerotation_thematiques",
    "efforts",
    "temporalite",
    "dates",
];

/// Is `path` a leaf whose value is derived from what was read rather than copied?
fn derived(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = last.split('[').next().unwrap_or(last);
    DERIVED.contains(&name)
}

fn leaves(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if path.is_empty() && NOT_READ.contains(&k.as_str()) {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{path}[{i}]"), out);
            }
        }
        Value::Null => {}
        other => out.push((path, other.clone())),
    }
}

/// A word as poppler places it: page (1-based), box, folded text.
struct Word {
    page: u64,
    bbox: [f64; 4],
    text: String,
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn poppler_words(pdf: &std::path::Path) -> Option<Vec<Word>> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let xml = String::from_utf8_lossy(&out.stdout).to_string();
    let number = |s: &str, key: &str| -> f64 {
        s.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let mut words = Vec::new();
    for (page, chunk) in xml.split("<page ").skip(1).enumerate() {
        for w in chunk.split("<word ").skip(1) {
            let text = w
                .split('>')
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or_default();
            let text = text
                .replace("&apos;", "'")
                .replace("&amp;", "&")
                .replace("&quot;", "\"");
            let bbox = [
                number(w, "xMin"),
                number(w, "yMin"),
                number(w, "xMax"),
                number(w, "yMax"),
            ];
            words.push(Word {
                page: page as u64 + 1,
                bbox,
                text: fold(&text),
            });
        }
    }
    Some(words)
}

fn inside(word: &[f64; 4], zone: &[f64; 4]) -> bool {
    let (cx, cy) = ((word[0] + word[2]) / 2.0, (word[1] + word[3]) / 2.0);
    cx >= zone[0] - SLACK && cx <= zone[2] + SLACK && cy >= zone[1] - SLACK && cy <= zone[3] + SLACK
}

#[test]
fn every_value_read_from_a_pdf_points_at_its_words() {
    let Some(_) = Command::new("pdftotext").arg("-v").output().ok() else {
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed");
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in common::manifest().iter().filter(|c| c.expected.is_some()) {
        let is_pdf = case
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if !is_pdf
            || case
                .file
                .components()
                .any(|c| c.as_os_str() == "errors" || c.as_os_str() == "malformed")
        {
            continue;
        }
        let bytes = std::fs::read(&case.file).expect("fixture");
        let doc =
            restitution::convert_traced("x.pdf", &bytes, &restitution::Limits::default(), true)
                .expect("converts");
        let json: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
        let provenance = json["provenance"]
            .as_object()
            .expect("provenance asked for")
            .clone();
        let words = poppler_words(&case.file).expect("pdftotext runs");
        let mut values = Vec::new();
        leaves(&json, String::new(), &mut values);
        let name = case
            .file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        for (path, value) in values {
            let Some(origine) = provenance.get(&path) else {
                failures.push(format!("{name}: {path} has no origin"));
                continue;
            };
            let page = origine["page"].as_u64().unwrap_or(0);
            let zone: Vec<f64> = origine["zone"]
                .as_array()
                .map(|z| z.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            let Ok(zone) = <[f64; 4]>::try_from(zone) else {
                failures.push(format!("{name}: {path} has no zone"));
                continue;
            };
            checked += 1;
            if path.ends_with(".coche") || path.starts_with("format.") && !path.ends_with("valeur")
            {
                if zone[2] - zone[0] > MAX_BOX || zone[3] - zone[1] > MAX_BOX {
                    failures.push(format!("{name}: {path} zone {zone:?} is larger than a box"));
                }
                continue;
            }
            // A text value: one of its words at least stands in the zone on that page.
            // poppler does not print the values of form fields (they live in widgets).
            let Value::String(text) = value else { continue };
            if derived(&path) || case.file.to_string_lossy().contains("pdf-form") {
                continue;
            }
            let wanted: Vec<String> = text
                .split_whitespace()
                .map(fold)
                .filter(|w| w.len() >= 3)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            // A value that a page break split points at its first part, which may hold
            // only short words ("N° 4 –" at the foot of the page): its first word counts.
            let first = text.split_whitespace().next().map(fold).unwrap_or_default();
            let found = words.iter().any(|w| {
                w.page == page
                    && inside(&w.bbox, &zone)
                    && (wanted.iter().any(|x| {
                        w.text.contains(x.as_str())
                            || x.contains(w.text.as_str()) && w.text.len() >= 3
                    }) || w.text == first)
            });
            if !found {
                failures.push(format!(
                    "{name}: {path} = {text:?}: no word of it in zone {zone:?} on page {page}"
                ));
            }
        }
    }
    assert!(checked > 500, "only {checked} values checked");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_value_read_from_a_docx_has_a_place_in_its_structure() {
    for case in common::manifest().iter().filter(|c| c.expected.is_some()) {
        if !case
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        {
            continue;
        }
        let bytes = std::fs::read(&case.file).expect("fixture");
        let doc =
            restitution::convert_traced("x.docx", &bytes, &restitution::Limits::default(), true)
                .expect("converts");
        let json: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
        let provenance = json["provenance"]
            .as_object()
            .expect("provenance asked for");
        let mut values = Vec::new();
        leaves(&json, String::new(), &mut values);
        for (path, _) in values {
            let origine = provenance
                .get(&path)
                .unwrap_or_else(|| panic!("{}: {path} has no origin", case.file.display()));
            assert!(
                origine["page"].is_null() && origine["zone"].is_null(),
                "{path}: a DOCX has no pages"
            );
            assert!(
                origine["chemin"]
                    .as_str()
                    .is_some_and(|c| c.contains("paragraphe")),
                "{path}: {origine}"
            );
        }
        // Without the option, no provenance.
        let plain = restitution::convert("x.docx", &bytes).expect("converts");
        assert!(plain.provenance.is_none());
    }
}
