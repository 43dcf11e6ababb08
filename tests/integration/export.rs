//! `export --csv`: the fixtures' expected documents and an error line, as JSON lines,
//! become CSV tables that a real CSV reader opens with the right columns and text.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use restitution::export::{CsvOptions, CsvWriter, ExportError, Summary, Targets};

/// The CSV tables alone, as `restitution export --csv DIR` writes them.
fn export_jsonl(input: &[u8], dir: &Path, options: CsvOptions) -> Result<Summary, ExportError> {
    let targets = Targets {
        csv: Some((dir.to_path_buf(), options)),
        ..Targets::default()
    };
    Ok(restitution::export::export_jsonl(input, &targets)?.summary)
}
use serde_json::Value;

const TABLES: [&str; 10] = [
    "documents.csv",
    "participants.csv",
    "retex.csv",
    "diagnostic.csv",
    "projections.csv",
    "plan_action.csv",
    "propositions.csv",
    "avertissements.csv",
    "textes_non_repris.csv",
    "erreurs.csv",
];

/// Cells as written in the JSON (no formula neutralization), comma separated.
const RAW: CsvOptions = CsvOptions {
    excel: false,
    raw: true,
};
/// The same for a French-locale spreadsheet.
const RAW_EXCEL: CsvOptions = CsvOptions {
    excel: true,
    raw: true,
};

const ERROR_LINE: &str = r#"{"source": {"fichier": "archive.zip!/photo.pdf", "format": null, "sha256": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "octets": 3, "pages": null}, "erreur": {"code": "format_non_pris_en_charge", "message": "ni DOCX ni PDF : une image"}}"#;

/// Every fixture's expected document, in path order.
fn documents() -> Vec<Value> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.to_string_lossy().ends_with(".expected.json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&common::fixtures_dir(), &mut files);
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("JSON"))
        .collect()
}

/// The documents as JSON lines, the error line in the middle, and a blank line.
fn jsonl(docs: &[Value]) -> String {
    let mut lines: Vec<String> = docs
        .iter()
        .map(|d| serde_json::to_string(d).expect("JSON"))
        .collect();
    lines.insert(lines.len() / 2, ERROR_LINE.to_string());
    lines.push(String::new());
    lines.join("\n") + "\n"
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A table as its header and records, read by the csv crate (which refuses rows whose
/// length differs from the header's).
fn read_table(path: &Path, excel: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = if excel {
        bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or_else(|| panic!("{}: no BOM", path.display()))
            .to_vec()
    } else {
        assert!(
            !bytes.starts_with(b"\xEF\xBB\xBF"),
            "{}: BOM without --excel",
            path.display()
        );
        bytes
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.len(), header.len(), "{} row {i}", path.display());
    }
    (header, records)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn joined(value: &Value) -> String {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("text"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn tables_from_every_fixture() {
    let docs = documents();
    assert!(docs.len() >= 20, "{} expected documents", docs.len());
    let dir = fresh_dir("plain");
    let summary = export_jsonl(jsonl(&docs).as_bytes(), &dir, RAW).expect("export");
    assert_eq!(
        summary,
        Summary {
            documents: docs.len() as u64,
            errors: 1
        }
    );

    let mut tables = std::collections::HashMap::new();
    for name in TABLES {
        let (header, records) = read_table(&dir.join(name), false);
        assert_eq!(header[..2], ["fichier", "sha256"], "{name}");
        tables.insert(name, (header, records));
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        TABLES.len(),
        "only the tables, no temporary file left: {names:?}"
    );

    // documents.csv: one row per document, in input order, keyed by fichier and sha256.
    let (header, rows) = &tables["documents.csv"];
    assert_eq!(header.len(), 3 + 16 + 9 * 3);
    assert_eq!(rows.len(), docs.len());
    for (doc, row) in docs.iter().zip(rows) {
        assert_eq!(row[0], text(&doc["source"]["fichier"]));
        assert_eq!(row[1], text(&doc["source"]["sha256"]));
        assert_eq!(
            row[column(header, "region_academique")],
            text(&doc["region_academique"])
        );
        assert_eq!(
            row[column(header, "session_texte")],
            text(&doc["session"]["texte"])
        );
        assert_eq!(
            row[column(header, "session_dates")],
            joined(&doc["session"]["dates"])
        );
        assert_eq!(
            row[column(header, "animateurs_noms")],
            joined(&doc["animateurs"]["noms"])
        );
        assert_eq!(
            row[column(header, "format_valeur")],
            text(&doc["format"]["valeur"])
        );
        assert_eq!(
            row[column(header, "format_les_deux")],
            text(&doc["format"]["les_deux"])
        );
        assert_eq!(
            row[column(header, "total_participants")],
            text(&doc["total_participants"])
        );
        for p in doc["participants"].as_array().expect("participants") {
            let category = p["categorie"].as_str().expect("categorie");
            for field in ["coche", "nombre_participants", "nombre_etablissements"] {
                assert_eq!(
                    row[column(header, &format!("{category}_{field}"))],
                    text(&p[field]),
                    "{category}_{field}"
                );
            }
        }
    }
    let dates = column(header, "session_dates");
    assert!(
        rows.iter().any(|r| r[dates].contains(" | ")),
        "a document with several dates"
    );

    // The list tables: one row per item, cells as in the JSON, lists joined.
    let count = |key: &str| {
        docs.iter()
            .map(|d| d[key].as_array().expect(key).len())
            .sum::<usize>()
    };
    for (table, key) in [
        ("participants.csv", "participants"),
        ("retex.csv", "retex"),
        ("diagnostic.csv", "diagnostic"),
        ("projections.csv", "projections"),
        ("plan_action.csv", "plan_action"),
        ("propositions.csv", "propositions_phares"),
        ("avertissements.csv", "avertissements"),
    ] {
        assert_eq!(tables[table].1.len(), count(key), "{table}");
        assert!(count(key) > 0, "the fixtures exercise {table}");
    }
    let (header, rows) = &tables["plan_action.csv"];
    let items = docs.iter().flat_map(|d| {
        d["plan_action"]
            .as_array()
            .expect("plan_action")
            .iter()
            .enumerate()
            .map(move |(i, r)| (d, i, r))
    });
    for ((doc, index, item), row) in items.zip(rows) {
        assert_eq!(row[0], text(&doc["source"]["fichier"]));
        assert_eq!(row[column(header, "index")], index.to_string());
        assert_eq!(
            row[column(header, "thematique_code")],
            text(&item["thematique"]["code"])
        );
        for list in [
            "axes_amelioration",
            "actions",
            "acteurs",
            "temporalite",
            "indicateurs",
        ] {
            assert_eq!(row[column(header, list)], joined(&item[list]), "{list}");
        }
    }
    let (header, rows) = &tables["propositions.csv"];
    let items = docs
        .iter()
        .flat_map(|d| d["propositions_phares"].as_array().expect("fiches").iter());
    for (item, row) in items.zip(rows) {
        assert_eq!(
            row[column(header, "difficultes")],
            joined(&item["difficultes"])
        );
        assert_eq!(
            row[column(header, "moyens_humains")],
            text(&item["moyens"]["humains"])
        );
        assert_eq!(
            row[column(header, "impacts_eleves_nombre")],
            text(&item["impacts"]["eleves"]["nombre"])
        );
        assert_eq!(
            row[column(header, "impacts_eleves_texte")],
            text(&item["impacts"]["eleves"]["texte"])
        );
        assert_eq!(
            row[column(header, "temporalite")],
            text(&item["temporalite"])
        );
    }

    // Accents and ligatures come back as written.
    let (header, rows) = &tables["participants.csv"];
    let libelle = column(header, "libelle");
    assert!(
        rows.iter()
            .any(|r| r[libelle].starts_with("Équipes pédagogiques")),
        "Équipes"
    );
    let all_cells: Vec<&String> = tables
        .values()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .collect();
    assert!(all_cells.iter().any(|c| c.contains("Mise en œuvre")), "œ");
    assert!(all_cells.iter().any(|c| c.contains("Égal accès")), "É");

    // erreurs.csv: the error line.
    let (header, rows) = &tables["erreurs.csv"];
    assert_eq!(
        header,
        &["fichier", "sha256", "region_academique", "code", "message"]
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "archive.zip!/photo.pdf");
    assert_eq!(rows[0][3], "format_non_pris_en_charge");
    assert_eq!(rows[0][4], "ni DOCX ni PDF : une image");
}

#[test]
fn excel_tables_have_a_bom_semicolons_and_the_same_cells() {
    let docs = documents();
    let plain = fresh_dir("compare-plain");
    let excel = fresh_dir("compare-excel");
    export_jsonl(jsonl(&docs).as_bytes(), &plain, RAW).expect("export");
    export_jsonl(jsonl(&docs).as_bytes(), &excel, RAW_EXCEL).expect("export --excel");
    for name in TABLES {
        let bytes = std::fs::read(excel.join(name)).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBFfichier;sha256;"), "{name}");
        let first_line = bytes.split(|&b| b == b'\n').next().expect("a line");
        assert!(first_line.ends_with(b"\r"), "{name}: CRLF");
        assert_eq!(
            read_table(&excel.join(name), true),
            read_table(&plain.join(name), false),
            "{name}"
        );
    }
}

#[test]
fn headers_are_written_for_an_empty_input() {
    let dir = fresh_dir("empty");
    assert_eq!(
        export_jsonl("".as_bytes(), &dir, RAW).expect("export"),
        Summary::default()
    );
    for name in TABLES {
        let (header, rows) = read_table(&dir.join(name), false);
        assert!(header.len() > 2 && rows.is_empty(), "{name}");
    }
}

#[test]
fn the_writer_takes_lines_one_by_one() {
    let dir = fresh_dir("writer");
    let docs = documents();
    let mut writer = CsvWriter::new(&dir, RAW).expect("new");
    for doc in &docs[..2] {
        writer.write_line(doc).expect("a document");
    }
    writer
        .write_line(&serde_json::from_str(ERROR_LINE).expect("JSON"))
        .expect("an error line");
    assert!(
        writer.write_line(&serde_json::json!({"a": 1})).is_err(),
        "neither kind"
    );
    assert!(
        writer.write_line(&serde_json::json!([1])).is_err(),
        "not an object"
    );
    assert!(
        !dir.join("documents.csv").exists(),
        "nothing in place before finish"
    );
    assert_eq!(
        writer.finish().expect("finish"),
        Summary {
            documents: 2,
            errors: 1
        }
    );
    assert_eq!(read_table(&dir.join("documents.csv"), false).1.len(), 2);

    // Dropped without finish: nothing replaced, no temporary file left.
    let mut writer = CsvWriter::new(&dir, RAW).expect("new");
    writer.write_line(&docs[2]).expect("a document");
    drop(writer);
    assert_eq!(read_table(&dir.join("documents.csv"), false).1.len(), 2);
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), TABLES.len());
}

fn run_export(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = common::restitution()
        .arg("export")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let mut input = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut input, stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

#[test]
fn command_line_from_stdin_and_from_a_file() {
    let docs = documents();
    let dir = fresh_dir("cli");
    let csv_dir = dir.to_str().expect("utf-8 path");
    let out = run_export(&["--csv", csv_dir, "--excel", "-"], &jsonl(&docs));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        read_table(&dir.join("documents.csv"), true).1.len(),
        docs.len()
    );

    let file = dir.with_extension("jsonl");
    std::fs::write(&file, jsonl(&docs[..3])).expect("write input");
    let out = run_export(&["--csv", csv_dir, file.to_str().expect("utf-8 path")], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read_table(&dir.join("documents.csv"), false).1.len(), 3);

    // A broken line: exit 1 naming the line, the previous tables left as they were.
    let broken = format!(
        "{}\n{{\"source\": \n",
        serde_json::to_string(&docs[0]).expect("JSON")
    );
    let out = run_export(&["--csv", csv_dir, "-"], &broken);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ligne 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read_table(&dir.join("documents.csv"), false).1.len(), 3);
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        TABLES.len(),
        "no temporary file left"
    );

    let out = run_export(&["--csv", csv_dir, "/nonexistent/in.jsonl"], "");
    assert_eq!(out.status.code(), Some(1));
    let out = run_export(&["-"], "");
    assert_eq!(out.status.code(), Some(2), "a table output is required");
}
