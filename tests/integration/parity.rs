//! A DOCX fixture and its PDF export (LibreOffice) give the same JSON document, field
//! for field, warnings included: only `source` differs.

use crate::common;

use serde_json::Value;

fn convert(path: &std::path::Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = restitution::convert("x", &bytes)
        .unwrap_or_else(|e| panic!("{}: error[{}] {}", path.display(), e.code, e.message()));
    let mut json: Value = serde_json::from_str(&restitution::to_json(&doc, false)).expect("JSON");
    if let Some(obj) = json.as_object_mut() {
        obj.remove("source");
    }
    common::comparable(json)
}

#[test]
fn every_docx_fixture_and_its_pdf_export_agree() {
    let dir = common::fixtures_dir();
    let mut pairs = Vec::new();
    for (docx_dir, pdf_dir) in [("samples", "samples"), ("docx", "pdf-lo")] {
        for entry in std::fs::read_dir(dir.join(docx_dir))
            .expect("fixture dir")
            .flatten()
        {
            let docx = entry.path();
            if docx.extension().is_some_and(|e| e == "docx") {
                let pdf = dir
                    .join(pdf_dir)
                    .join(docx.with_extension("pdf").file_name().expect("name"));
                if pdf.exists() {
                    pairs.push((docx, pdf));
                }
            }
        }
    }
    assert!(
        pairs.len() >= 8,
        "the fixtures hold DOCX/PDF pairs ({} found)",
        pairs.len()
    );
    let mut failures = Vec::new();
    for (docx, pdf) in &pairs {
        let diffs = common::diff(&convert(docx), &convert(pdf));
        if !diffs.is_empty() {
            failures.push(format!(
                "{} vs {}:\n    {}",
                docx.display(),
                pdf.display(),
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
