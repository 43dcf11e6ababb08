//! ODT (issue 14): every DOCX fixture and its LibreOffice ODT conversion give the same
//! JSON document, warnings included; only `source` differs. And an ODT is recognised by
//! its content, whatever its name, with `source.format` "odt".

use crate::common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Text the ODT stores differently from the DOCX it was made from (see
/// `fixtures/gen/make_odt.py`): LibreOffice saves a PAGE field as `text:page-number` holding
/// 0 when it converts without laying out pages.
const ODT_STORED_TEXT: &[(&str, &str, &str)] = &[(
    "hauts-de-france-remanie",
    "(suite du plan d'action, page 6)",
    "(suite du plan d'action, page 0)",
)];

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The document's JSON without `source`, or its error code.
fn convert(path: &Path) -> Result<Value, String> {
    let doc = restitution::convert("x", &read(path)).map_err(|e| e.code.to_string())?;
    let mut json: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
    if let Some(obj) = json.as_object_mut() {
        obj.remove("source");
    }
    Ok(common::comparable(json))
}

/// Every ODT of `odt-lo/` with the DOCX it was converted from.
fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = common::fixtures_dir();
    let mut pairs = Vec::new();
    for docx_dir in ["docx", "samples"] {
        for entry in std::fs::read_dir(dir.join(docx_dir))
            .expect("fixture dir")
            .flatten()
        {
            let docx = entry.path();
            if docx.extension().is_some_and(|e| e == "docx") {
                let odt = dir
                    .join("odt-lo")
                    .join(docx.with_extension("odt").file_name().expect("name"));
                if odt.exists() {
                    pairs.push((docx, odt));
                }
            }
        }
    }
    pairs
}

fn with_stored_text(name: &str, json: Value) -> Value {
    let mut text = json.to_string();
    for (fixture, docx_text, odt_text) in ODT_STORED_TEXT {
        if name == *fixture {
            text = text.replace(docx_text, odt_text);
        }
    }
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn every_docx_fixture_and_its_odt_conversion_agree() {
    let pairs = pairs();
    assert!(
        pairs.len() >= 15,
        "the fixtures hold DOCX/ODT pairs ({} found)",
        pairs.len()
    );
    let mut failures = Vec::new();
    for (docx, odt) in &pairs {
        let name = odt.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let want = convert(docx).map(|json| with_stored_text(name, json));
        let got = convert(odt);
        let diffs = match (&want, &got) {
            (Ok(want), Ok(got)) => common::diff(want, got),
            _ if want == got => Vec::new(),
            _ => vec![format!("{want:?} vs {got:?}")],
        };
        if !diffs.is_empty() {
            failures.push(format!(
                "{} vs {}:\n    {}",
                docx.display(),
                odt.display(),
                diffs.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs differ:\n{}",
        failures.len(),
        pairs.len(),
        failures.join("\n")
    );
}

#[test]
fn the_pandoc_odt_and_the_pandoc_docx_agree() {
    let dir = common::fixtures_dir();
    for name in ["normandie-pandoc", "auvergne-rhone-alpes-pandoc"] {
        let docx = convert(&dir.join(format!("pandoc/{name}.docx")));
        let odt = convert(&dir.join(format!("odt/{name}.odt")));
        let diffs = common::diff(&docx.expect("DOCX converts"), &odt.expect("ODT converts"));
        assert!(diffs.is_empty(), "{name}:\n    {}", diffs.join("\n    "));
    }
}

#[test]
fn an_odt_is_known_by_its_content_and_says_odt() {
    let bytes = read(&common::fixtures_dir().join("odt/bourgogne-franche-comte-formulaire.odt"));
    assert_eq!(
        restitution::sniff(&bytes).ok(),
        Some(restitution::FileKind::Odt)
    );
    let doc = restitution::convert("sans-extension", &bytes).expect("converts");
    let json: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
    assert_eq!(json["source"]["format"], "odt");
    assert_eq!(json["source"]["pages"], Value::Null);
}

#[test]
fn an_odt_whose_mimetype_is_not_first_is_still_read() {
    // Rewrite the hand-written ODT with its entries in reverse order: `mimetype` last.
    let bytes = read(&common::fixtures_dir().join("odt/bourgogne-franche-comte-formulaire.odt"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in (0..archive.len()).rev() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).expect("inflate");
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        std::io::Write::write_all(&mut out, &data).expect("write");
    }
    let reordered = out.finish().expect("finish").into_inner();
    assert_eq!(
        restitution::sniff(&reordered).ok(),
        Some(restitution::FileKind::Docx),
        "the head alone says ZIP"
    );
    let want = convert(&common::fixtures_dir().join("odt/bourgogne-franche-comte-formulaire.odt"))
        .expect("converts");
    let doc = restitution::convert("x", &reordered).expect("converts");
    let mut got: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
    assert_eq!(got["source"]["format"], "odt");
    got.as_object_mut().map(|o| o.remove("source"));
    assert!(common::diff(&want, &common::comparable(got)).is_empty());
}

#[test]
fn batch_converts_an_odt_named_odt_or_without_extension_and_skips_a_spreadsheet() {
    let dir = std::env::temp_dir().join(format!("restitution-odt-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let odt = read(&common::fixtures_dir().join("odt/bourgogne-franche-comte-formulaire.odt"));
    std::fs::write(dir.join("atelier.odt"), &odt).expect("write");
    std::fs::write(dir.join("atelier-sans-extension"), &odt).expect("write");
    // A spreadsheet: an ODF package with content.xml but another mimetype.
    let mut sheet = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    sheet.start_file("mimetype", stored).expect("start");
    std::io::Write::write_all(
        &mut sheet,
        b"application/vnd.oasis.opendocument.spreadsheet",
    )
    .expect("write");
    sheet.start_file("content.xml", stored).expect("start");
    std::io::Write::write_all(&mut sheet, b"<office:document-content/>").expect("write");
    std::fs::write(
        dir.join("tableur"),
        sheet.finish().expect("zip").into_inner(),
    )
    .expect("write");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_restitution"))
        .arg("batch")
        .arg(&dir)
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let seen: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["source"]["fichier"].as_str().unwrap_or(""),
                l["source"]["format"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![("atelier-sans-extension", "odt"), ("atelier.odt", "odt")]
    );
    assert!(lines.iter().all(|l| l.get("erreur").is_none()));
}
