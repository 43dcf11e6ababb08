//! `restitution review`: the page is self-contained, and in a real browser (headless
//! Chromium, driven through the DevTools protocol by `tests/integration/review_browser.py`) it shows
//! every non-null leaf value of each document's JSON with its `data-champ`, every
//! warning, every unplaced text, one zone per `provenance` entry on the right page,
//! makes no network request, lights a value's zone when the value is pointed (and the
//! reverse), and renders: screenshots of a DOCX and a PDF review are not blank and show
//! the page images. Without Chromium the browser tests print a message and pass.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_restitution")
}

/// The inputs of the big review: the samples and documents of other producers and
/// shapes (unplaced text, ODT, PDF forms, pages drawn by LibreOffice).
const INPUTS: [&str; 5] = ["samples", "texte-ajoute", "odt", "pdf-form", "pdf-lo"];

fn inputs() -> Vec<PathBuf> {
    INPUTS
        .iter()
        .map(|d| common::fixtures_dir().join(d))
        .collect()
}

/// Write the review of `paths` into `dir/name`.
fn review(paths: &[PathBuf], dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let status = Command::new(bin())
        .arg("review")
        .args(paths)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("runs restitution review");
    assert!(status.success(), "review failed: {status}");
    out
}

/// The documents of `paths` as `batch --provenance` gives them, by `source.fichier`.
fn documents(paths: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(bin())
        .args(["batch", "--provenance"])
        .args(paths)
        .output()
        .expect("runs restitution batch");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|d| d.get("erreur").is_none())
        .collect()
}

/// Every leaf of the document shown as a field (everything but the lists that have
/// their own checks), with its SPEC path.
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if path.is_empty()
                    && ["provenance", "avertissements", "texte_non_repris"].contains(&k.as_str())
                {
                    continue;
                }
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(v, &child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{path}[{i}]"), out);
            }
        }
        leaf => out.push((path.to_string(), leaf.clone())),
    }
}

#[test]
fn the_page_is_self_contained_and_names_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let page = review(&inputs(), dir.path(), "revue.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Nothing to fetch: no external reference anywhere in the markup we write.
    for pattern in [
        " src=",
        "<link",
        "<iframe",
        "url(",
        "@import",
        "href=\"http",
    ] {
        assert!(!html.contains(pattern), "the page holds {pattern}");
    }
    let docs = documents(&inputs());
    assert!(docs.len() >= 25, "{} documents", docs.len());
    for doc in &docs {
        let mut found = Vec::new();
        leaves(doc, "", &mut found);
        for (path, _) in found {
            assert!(
                html.contains(&format!("data-champ=\"{path}\"")),
                "{}: no element for {path}",
                doc["source"]["fichier"]
            );
        }
    }
}

#[test]
fn hostile_names_are_escaped_and_failures_shown() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("<img src=x onerror=alert(1)>.pdf");
    std::fs::write(&hostile, b"%PDF-1.4 not really").unwrap();
    let out = dir.path().join("revue.html");
    let status = Command::new(bin())
        .arg("review")
        .arg(&hostile)
        .arg(common::fixtures_dir().join("samples/corse-w14.docx"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    // A file without a document fails the run (status 1), and still gets its section.
    assert_eq!(status.code(), Some(1));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.pdf"));
    assert!(html.contains("data-erreur=\"fichier_illisible\""));
    // The failure comes first, before the converted document.
    let failure = html.find("class=\"document echec\"").unwrap();
    let converted = html.find("corse-w14.docx</h2>").unwrap();
    assert!(failure < converted);
}

/// The installed Chromium, or `None` (with a message) when there is none.
fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        println!("chromium absent : tests de la page de revue dans un navigateur ignorés");
    }
    found
}

/// What the browser shows of `page` (see `tests/integration/review_browser.py`).
fn in_browser(chromium: &Path, page: &Path, screenshot: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/review_browser.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(chromium)
        .arg(page)
        .arg(screenshot)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "review_browser.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn class_has(class: &Value, name: &str) -> bool {
    class
        .as_str()
        .is_some_and(|c| c.split_whitespace().any(|w| w == name))
}

/// Pointing at the value lights its zone, and pointing at the zone lights the value.
fn assert_hover(report: &Value, kind: &str) {
    let hover = &report["hover"][kind];
    assert!(
        hover["champ"].is_string(),
        "no {kind} zone to point at: {report:#}"
    );
    assert!(!class_has(&hover["zone_before"], "survol"), "{hover}");
    assert!(class_has(&hover["zone_after"], "survol"), "{hover}");
    assert!(!class_has(&hover["value_before"], "survol"), "{hover}");
    assert!(class_has(&hover["value_after"], "survol"), "{hover}");
}

/// Not blank, with at least one page image (or the document's blocks) on screen and
/// drawn in.
fn assert_rendered(report: &Value) {
    let shot = &report["screenshot"];
    let pixels = shot["width"].as_u64().unwrap() * shot["height"].as_u64().unwrap();
    let dark = shot["dark"].as_u64().unwrap();
    assert!(dark * 50 > pixels, "screenshot almost blank: {shot}");
    assert!(shot["images_visible"].as_u64().unwrap() >= 1, "{shot}");
    assert!(shot["dark_in_images"].as_u64().unwrap() > 5_000, "{shot}");
}

#[test]
fn the_browser_shows_every_value_warning_and_unplaced_text() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = review(&inputs(), dir.path(), "revue.html");
    let report = in_browser(&chromium, &page, &dir.path().join("revue.png"));
    assert_eq!(
        report["requests"],
        serde_json::json!([]),
        "network requests"
    );
    assert_eq!(
        report["resources"],
        serde_json::json!([]),
        "resources loaded"
    );
    let sections = report["sections"].as_array().unwrap();
    let champs = report["champs"].as_object().unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    let docs = documents(&inputs());
    assert_eq!(sections.len(), docs.len());
    // Every section is in the index.
    assert_eq!(report["index"].as_array().unwrap().len(), sections.len());
    let mut zones_checked = 0;
    for doc in &docs {
        let fichier = doc["source"]["fichier"].as_str().unwrap();
        let section = sections
            .iter()
            .find(|s| s["fichier"] == fichier)
            .unwrap_or_else(|| panic!("no section for {fichier}"));
        let id = section["id"].as_str().unwrap();
        let in_section = |path: &str| -> Vec<&Value> {
            champs
                .get(path)
                .and_then(Value::as_array)
                .map(|all| all.iter().filter(|e| e["section"] == id).collect())
                .unwrap_or_default()
        };
        let mut found = Vec::new();
        leaves(doc, "", &mut found);
        for (path, value) in &found {
            let shown: Vec<&Value> = in_section(path)
                .into_iter()
                .filter(|e| e["zone"] == false)
                .collect();
            let ok = shown.iter().any(|e| match value {
                Value::Null => e["nul"] == true,
                Value::Bool(b) => e["checked"].as_str() == Some(if *b { "true" } else { "false" }),
                Value::String(s) => e["text"] == s.as_str(),
                other => e["text"].as_str() == Some(other.to_string().as_str()),
            });
            assert!(ok, "{fichier}: {path} = {value} not shown: {shown:?}");
        }
        for (i, t) in doc["texte_non_repris"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let path = format!("texte_non_repris[{i}].texte");
            let shown = in_section(&path);
            assert!(
                shown
                    .iter()
                    .any(|e| e["zone"] == false && e["text"] == t["texte"]),
                "{fichier}: unplaced text {i} not shown"
            );
            // Outlined on its page (PDF), or its paragraph marked (DOCX, ODT).
            let outlined = shown
                .iter()
                .any(|e| e["zone"] == true && e["page"] == t["origine"]["page"]);
            if t["origine"]["zone"].is_array() || t["origine"]["page"].is_null() {
                assert!(outlined, "{fichier}: unplaced text {i} has no zone");
            }
        }
        let got: Vec<(&Value, &Value)> = warnings
            .iter()
            .filter(|w| w["section"] == id)
            .map(|w| (&w["pour"], &w["message"]))
            .collect();
        let want: Vec<(&Value, &Value)> = doc["avertissements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| (&w["champ"], &w["message"]))
            .collect();
        assert_eq!(got.len(), want.len(), "{fichier}: warnings");
        for w in &want {
            assert!(got.contains(w), "{fichier}: warning {w:?} not shown");
        }
        // One zone per provenance entry: on its page for a PDF, around its paragraph
        // for a DOCX or ODT.
        let pdf = doc["source"]["format"] == "pdf";
        for (path, origine) in doc["provenance"].as_object().unwrap() {
            let zones: Vec<&Value> = in_section(path)
                .into_iter()
                .filter(|e| e["zone"] == true)
                .collect();
            if pdf && origine["zone"].is_array() {
                assert!(
                    zones.iter().any(|z| z["page"] == origine["page"]),
                    "{fichier}: no zone for {path} on page {}",
                    origine["page"]
                );
            } else if !pdf {
                assert!(
                    !zones.is_empty(),
                    "{fichier}: no source paragraph for {path}"
                );
            }
            zones_checked += 1;
        }
        if pdf {
            let pages: Vec<u64> = section["pages"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_u64)
                .collect();
            let count = doc["source"]["pages"].as_u64().unwrap();
            assert_eq!(pages, (1..=count).collect::<Vec<_>>(), "{fichier}: pages");
        }
    }
    assert!(zones_checked > 1_000, "{zones_checked} zones checked");
    assert_hover(&report, "page");
    assert_hover(&report, "blocks");
}

#[test]
fn screenshots_of_a_docx_and_a_pdf_review_show_the_pages() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, kind) in [("corse-w14.pdf", "page"), ("corse-w14.docx", "blocks")] {
        let file = common::fixtures_dir().join("samples").join(name);
        let page = review(&[file], dir.path(), &format!("{name}.html"));
        let report = in_browser(&chromium, &page, &dir.path().join(format!("{name}.png")));
        assert_rendered(&report);
        assert_hover(&report, kind);
        assert_eq!(
            report["requests"],
            serde_json::json!([]),
            "{name}: requests"
        );
    }
}
