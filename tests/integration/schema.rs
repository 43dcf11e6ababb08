//! The JSON Schema of `restitution schema`: a valid draft 2020-12 schema that every
//! fixture's expected JSON, every conversion and every error line satisfies, and that
//! rejects broken documents.

use crate::common;

use std::path::{Path, PathBuf};

use restitution::error::{Cause, ConvertError, UnreadScan};
use restitution::output::{ErrorLine, ErrorSource, SourceFormat, json_schema};
use serde_json::{Value, json};

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&json_schema()).expect("the generated schema compiles")
}

/// Every validation error of `instance`, as `path: message` lines.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            expected_files(&path, out);
        } else if path.to_string_lossy().ends_with(".expected.json") {
            out.push(path);
        }
    }
}

fn all_expected() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    expected_files(&common::fixtures_dir(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let value =
                serde_json::from_str(&std::fs::read_to_string(&p).expect("read")).expect("JSON");
            (p, value)
        })
        .collect()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = json_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("not a valid 2020-12 schema: {e}");
    }
}

#[test]
fn every_expected_fixture_output_is_valid() {
    let validator = validator();
    let cases = all_expected();
    assert!(
        cases.len() >= 20,
        "found {} expected JSON files",
        cases.len()
    );
    let mut failures = Vec::new();
    for (path, value) in &cases {
        let errs = errors(&validator, value);
        if !errs.is_empty() {
            failures.push(format!("{}:\n    {}", path.display(), errs.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_conversion_and_error_line_is_valid() {
    let validator = validator();
    let mut failures = Vec::new();
    for case in common::manifest() {
        let bytes = std::fs::read(&case.file).expect("fixture");
        let name = case.file.display().to_string();
        let line = match restitution::convert(&name, &bytes) {
            Ok(doc) => serde_json::to_value(&doc).expect("document to JSON"),
            Err(err) => {
                let source = ErrorSource {
                    fichier: name.clone(),
                    format: None,
                    sha256: None,
                    octets: Some(bytes.len() as u64),
                    pages: None,
                };
                serde_json::to_value(ErrorLine::new(source, &err)).expect("error line to JSON")
            }
        };
        let errs = errors(&validator, &line);
        if !errs.is_empty() {
            failures.push(format!("{name}:\n    {}", errs.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_lines_are_valid() {
    let validator = validator();
    let full = ErrorLine::new(
        ErrorSource {
            fichier: "archive.zip!/a/b.pdf".into(),
            format: Some(SourceFormat::Pdf),
            sha256: Some("0".repeat(64)),
            octets: Some(12),
            pages: Some(1),
        },
        &ConvertError::of(Cause::UnreadScan(UnreadScan::OcrOff)),
    );
    let value = serde_json::to_value(&full).expect("JSON");
    assert_eq!(value["erreur"]["code"], "sans_texte");
    assert_eq!(errors(&validator, &value), Vec::<String>::new());

    let written = json!({
        "source": {"fichier": "image.pdf", "format": null, "sha256": "ab".repeat(32), "octets": 3, "pages": null},
        "erreur": {"code": "format_non_pris_en_charge", "message": "ni DOCX ni PDF"}
    });
    assert_eq!(errors(&validator, &written), Vec::<String>::new());
}

fn a_document() -> Value {
    all_expected()
        .into_iter()
        .next()
        .expect("one expected file")
        .1
}

#[test]
fn broken_documents_are_rejected() {
    let validator = validator();
    assert!(validator.is_valid(&a_document()));

    let mut broken: Vec<(&str, Value)> = Vec::new();
    let mut doc = a_document();
    doc.as_object_mut()
        .expect("object")
        .remove("total_participants");
    broken.push(("missing key", doc));

    let mut doc = a_document();
    doc["format"]["valeur"] = json!("en_ligne");
    broken.push(("wrong format value", doc));

    let mut doc = a_document();
    doc["source"]["format"] = json!("rtf");
    broken.push(("wrong source format", doc));

    let mut doc = a_document();
    doc["avertissements"] = json!([{"code": "inconnu", "champ": "x", "message": "m"}]);
    broken.push(("unknown warning code", doc));

    let mut doc = a_document();
    doc["participants"][0]["categorie"] = json!("parents");
    broken.push(("unknown participant category", doc));

    let mut doc = a_document();
    doc["participants"].as_array_mut().expect("array").pop();
    broken.push(("eight participant categories", doc));

    let mut doc = a_document();
    doc["session"]["dates"] = json!(["12/10/2020"]);
    broken.push(("date not ISO", doc));

    let mut doc = a_document();
    doc["schema_version"] = json!("2");
    broken.push(("other schema version", doc));

    let mut doc = a_document();
    doc["region_academique"] = json!(3);
    broken.push(("number for a string", doc));

    let mut doc = a_document();
    doc["extra"] = json!(true);
    broken.push(("unknown key", doc));

    let mut doc = a_document();
    doc["erreur"] = json!({"code": "chiffre", "message": "m"});
    broken.push(("both a document and an error", doc));

    broken.push(("error line with a wrong code", json!({
        "source": {"fichier": "a.pdf", "format": null, "sha256": null, "octets": null, "pages": null},
        "erreur": {"code": "autre", "message": "m"}
    })));
    broken.push(("error line without message", json!({
        "source": {"fichier": "a.pdf", "format": null, "sha256": null, "octets": null, "pages": null},
        "erreur": {"code": "chiffre"}
    })));

    for (what, doc) in &broken {
        assert!(!validator.is_valid(doc), "{what}: accepted");
    }
}

#[test]
fn the_command_prints_the_schema_and_docs_schema_json_is_up_to_date() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_restitution"))
        .arg("schema")
        .output()
        .expect("run");
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    assert_eq!(printed, json_schema());

    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema.json");
    let text = std::fs::read(&committed).expect("docs/schema.json");
    assert!(
        text == out.stdout,
        "docs/schema.json is out of date: run `cargo run -- schema > docs/schema.json`"
    );
}

/// Every property of every object in the schema says what it holds (issue 9: a consumer
/// reads the schema, not the code).
#[test]
fn every_property_has_a_description() {
    fn walk(value: &serde_json::Value, path: &str, missing: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        if prop
                            .get("description")
                            .and_then(serde_json::Value::as_str)
                            .is_none_or(str::is_empty)
                        {
                            missing.push(format!("{path}.{name}"));
                        }
                    }
                }
                for (k, v) in map {
                    walk(v, &format!("{path}/{k}"), missing);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, path, missing)),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    walk(&restitution::output::json_schema(), "", &mut missing);
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:?}"
    );
}
