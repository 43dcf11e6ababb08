//! Data for analysts: `batch` and `export` with `--xlsx`, `--sqlite`, `--rapport`,
//! `--sans-doublons`, and the CSV rules (formula neutralization, `textes_non_repris`).
//! Every output is read back by another reader (openpyxl, LibreOffice, SQLite, the csv
//! crate) and compared with counts taken from the JSON Lines.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;
use serde_json::Value;

const SAMPLES: [&str; 6] = [
    "bretagne-legacy.docx",
    "bretagne-legacy.pdf",
    "corse-w14.docx",
    "corse-w14.pdf",
    "occitanie-legacy.docx",
    "occitanie-legacy.pdf",
];

/// Each list table and the document's key that holds its items.
const LIST_TABLES: [(&str, &str); 8] = [
    ("participants", "participants"),
    ("retex", "retex"),
    ("diagnostic", "diagnostic"),
    ("projections", "projections"),
    ("plan_action", "plan_action"),
    ("propositions", "propositions_phares"),
    ("avertissements", "avertissements"),
    ("textes_non_repris", "texte_non_repris"),
];

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-data-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn restitution(args: &[&str], stdin: &str) -> Output {
    let mut child = common::restitution()
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

fn text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn read_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("JSON lines");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The rows each table should have, counted in the JSON lines: (table, rows).
fn expected_counts(lines: &[Value]) -> Vec<(&'static str, usize)> {
    let docs: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("schema_version").is_some())
        .collect();
    let mut counts = vec![("documents", docs.len())];
    for (table, key) in LIST_TABLES {
        counts.push((
            table,
            docs.iter()
                .map(|d| d[key].as_array().expect(key).len())
                .sum(),
        ));
    }
    counts.push((
        "erreurs",
        lines.iter().filter(|l| l.get("erreur").is_some()).count(),
    ));
    counts
}

/// A folder with the shipped samples, and a file that is not a document (an error line).
fn samples_folder(name: &str) -> PathBuf {
    let dir = fresh_dir(name).join("formulaires");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for sample in SAMPLES {
        std::fs::copy(
            common::fixtures_dir().join("samples").join(sample),
            dir.join(sample),
        )
        .expect("copy sample");
    }
    std::fs::write(dir.join("note.pdf"), "pas un PDF").expect("write");
    dir
}

fn count_rows(db: &Connection, table: &str) -> usize {
    db.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |row| {
        row.get::<_, i64>(0)
    })
    .expect("count") as usize
}

#[test]
fn a_batch_of_the_samples_into_a_workbook_and_a_database() {
    let input = samples_folder("batch");
    let out = input.parent().expect("parent").to_path_buf();
    let (jsonl, xlsx, db) = (
        out.join("lot.jsonl"),
        out.join("lot.xlsx"),
        out.join("lot.sqlite"),
    );
    let run = restitution(
        &[
            "batch",
            text(&input),
            "-o",
            text(&jsonl),
            "--xlsx",
            text(&xlsx),
            "--sqlite",
            text(&db),
        ],
        "",
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "note.pdf fails: {stderr}");
    let lines = read_lines(&jsonl);
    let counts = expected_counts(&lines);
    assert_eq!(counts[0], ("documents", SAMPLES.len()));
    assert_eq!(counts.last(), Some(&("erreurs", 1)));

    check_database(&db, &lines, &counts);
    check_workbook_with_openpyxl(&xlsx, &lines, &counts);
    check_workbook_with_libreoffice(&xlsx, &counts);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 4, "no temporary file left: {leftovers:?}");
}

fn check_database(path: &Path, lines: &[Value], counts: &[(&str, usize)]) {
    let db = Connection::open(path).expect("open the database");
    for (table, rows) in counts {
        assert_eq!(count_rows(&db, table), *rows, "{table}");
    }
    let mut check = db.prepare("PRAGMA foreign_key_check").expect("pragma");
    let violations: Vec<String> = check
        .query_map([], |row| row.get::<_, String>(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert!(violations.is_empty(), "{violations:?}");
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");

    // Typed columns, and values as in the JSON.
    let first = lines
        .iter()
        .find(|l| l.get("schema_version").is_some())
        .expect("a document");
    let fichier = first["source"]["fichier"].as_str().expect("fichier");
    let (octets, presentiel, date): (i64, i64, String) = db
        .query_row(
            "SELECT octets, format_presentiel, session_premiere_date FROM documents WHERE fichier = ?1",
            [fichier],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("the first document");
    assert_eq!(Some(octets), first["source"]["octets"].as_i64());
    assert_eq!(
        Some(presentiel == 1),
        first["format"]["presentiel"].as_bool()
    );
    assert_eq!(Some(date.as_str()), first["session"]["dates"][0].as_str());

    // The views an analyst starts from.
    let warnings: i64 = db
        .query_row(
            "SELECT SUM(avertissements) FROM avertissements_par_code",
            [],
            |r| r.get(0),
        )
        .expect("view");
    assert_eq!(
        warnings as usize,
        counts
            .iter()
            .find(|(t, _)| *t == "avertissements")
            .expect("count")
            .1
    );
    let checked: i64 = db
        .query_row(
            "SELECT SUM(documents_coches) FROM participants_par_region",
            [],
            |r| r.get(0),
        )
        .expect("view");
    let checked_in_json = lines
        .iter()
        .flat_map(|l| l["participants"].as_array().into_iter().flatten())
        .filter(|p| p["coche"] == Value::Bool(true))
        .count();
    assert_eq!(checked as usize, checked_in_json);
    let propositions = count_rows(&db, "propositions_phares");
    assert_eq!(
        propositions,
        counts
            .iter()
            .find(|(t, _)| *t == "propositions")
            .expect("count")
            .1
    );
    let gravity: String = db
        .query_row("SELECT gravite FROM avertissements LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("gravite");
    assert!(
        ["a_verifier", "information"].contains(&gravity.as_str()),
        "{gravity}"
    );
}

/// The workbook read by openpyxl: per sheet, its rows, header, frozen cell, filter, and
/// the Python types of a few columns.
const OPENPYXL_SCRIPT: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    types = {name: sorted({type(r[i]).__name__ for r in rows[1:] if r[i] is not None}) for i, name in enumerate(header)}
    first = {name: (v.isoformat() if hasattr(v, "isoformat") else v) for name, v in zip(header, rows[1])} if len(rows) > 1 else {}
    out[ws.title] = {"rows": len(rows) - 1, "header": header, "freeze": ws.freeze_panes,
                     "filter": ws.auto_filter.ref, "types": types, "first": first}
print(json.dumps(out))
"#;

fn check_workbook_with_openpyxl(path: &Path, lines: &[Value], counts: &[(&str, usize)]) {
    let run = Command::new("python3")
        .args(["-c", OPENPYXL_SCRIPT, text(path)])
        .output();
    let output = match run {
        Ok(output) if output.status.success() => output,
        Ok(output)
            if String::from_utf8_lossy(&output.stderr).contains("No module named 'openpyxl'") =>
        {
            println!("openpyxl absent : lecture du classeur par openpyxl non vérifiée");
            return;
        }
        Ok(output) => panic!("openpyxl: {}", String::from_utf8_lossy(&output.stderr)),
        Err(_) => {
            println!("python3 absent : lecture du classeur par openpyxl non vérifiée");
            return;
        }
    };
    let sheets: Value = serde_json::from_slice(&output.stdout).expect("openpyxl's JSON");
    let names: Vec<&str> = sheets
        .as_object()
        .expect("sheets")
        .keys()
        .map(String::as_str)
        .collect();
    let tables: Vec<&str> = counts.iter().map(|(t, _)| *t).collect();
    assert_eq!(names, tables, "one sheet per table, in order");
    for (table, rows) in counts {
        let sheet = &sheets[table];
        assert_eq!(sheet["rows"], *rows, "{table}");
        assert_eq!(sheet["freeze"], "A2", "{table}: header row frozen");
        assert!(
            sheet["filter"]
                .as_str()
                .is_some_and(|f| f.starts_with("A1:")),
            "{table}: autofilter"
        );
        assert_eq!(sheet["header"][0], "fichier", "{table}");
        assert_eq!(sheet["header"][2], "region_academique", "{table}");
    }
    let types = |table: &str, column: &str| sheets[table]["types"][column].clone();
    assert_eq!(types("documents", "octets"), serde_json::json!(["int"]));
    assert_eq!(
        types("documents", "total_participants"),
        serde_json::json!(["int"])
    );
    assert_eq!(
        types("documents", "format_presentiel"),
        serde_json::json!(["bool"])
    );
    assert_eq!(
        types("documents", "session_premiere_date"),
        serde_json::json!(["datetime"])
    );
    assert_eq!(types("participants", "coche"), serde_json::json!(["bool"]));
    assert_eq!(
        types("propositions", "impacts_eleves_nombre"),
        serde_json::json!(["int"])
    );
    assert_eq!(
        types("avertissements", "gravite"),
        serde_json::json!(["str"])
    );
    assert_eq!(types("erreurs", "code"), serde_json::json!(["str"]));

    let doc = lines
        .iter()
        .find(|l| l.get("schema_version").is_some())
        .expect("a document");
    let first = &sheets["documents"]["first"];
    assert_eq!(first["fichier"], doc["source"]["fichier"]);
    assert_eq!(first["region_academique"], doc["region_academique"]);
    let date = first["session_premiere_date"].as_str().expect("a date");
    assert_eq!(Some(&date[..10]), doc["session"]["dates"][0].as_str());
    assert_eq!(first["total_participants"], doc["total_participants"]);
}

/// LibreOffice's CSV of the workbook's first sheet (`documents`).
fn check_workbook_with_libreoffice(path: &Path, counts: &[(&str, usize)]) {
    let out = path.with_extension("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        path.with_extension("lo-profile").display()
    );
    let run = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            text(&out),
            text(path),
        ])
        .output();
    match run {
        Ok(output) if output.status.success() => {}
        _ => {
            println!(
                "soffice absent ou en échec : conversion du classeur par LibreOffice non vérifiée"
            );
            return;
        }
    }
    let csv_path = out.join("lot.csv");
    if !csv_path.exists() {
        // soffice says "source file could not be loaded" and exits 0 without Calc.
        println!("LibreOffice sans Calc : conversion du classeur par LibreOffice non vérifiée");
        return;
    }
    let mut reader = csv::Reader::from_path(&csv_path).expect("LibreOffice's CSV");
    assert_eq!(reader.headers().expect("header").get(0), Some("fichier"));
    assert_eq!(reader.records().count(), counts[0].1, "documents");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(path.with_extension("lo-profile"));
}

#[test]
fn a_docx_its_pdf_and_a_copy_are_one_doublon_group() {
    let dir = fresh_dir("doublons");
    let input = dir.join("lot");
    std::fs::create_dir_all(input.join("copies")).expect("mkdir");
    let samples = common::fixtures_dir().join("samples");
    std::fs::copy(samples.join("corse-w14.docx"), input.join("corse.docx")).expect("copy");
    std::fs::copy(samples.join("corse-w14.pdf"), input.join("corse.pdf")).expect("copy");
    std::fs::copy(
        samples.join("corse-w14.docx"),
        input.join("copies/corse.docx"),
    )
    .expect("copy");
    std::fs::copy(
        samples.join("bretagne-legacy.docx"),
        input.join("bretagne.docx"),
    )
    .expect("copy");
    let (rapport, db, csv_dir) = (
        dir.join("rapport.json"),
        dir.join("lot.sqlite"),
        dir.join("csv"),
    );
    let jsonl = dir.join("lot.jsonl");
    let args = [
        "batch",
        text(&input),
        "-o",
        text(&jsonl),
        "--rapport",
        text(&rapport),
    ];
    let run = restitution(
        &[
            &args[..],
            &[
                "--sans-doublons",
                "--sqlite",
                text(&db),
                "--csv",
                text(&csv_dir),
            ],
        ]
        .concat(),
        "",
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("doublons : 1 groupe(s), 3 fichier(s)"),
        "{stderr}"
    );

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&rapport).expect("rapport")).expect("JSON");
    let groups = report["doublons"].as_array().expect("doublons");
    assert_eq!(groups.len(), 1, "{report:#}");
    let files: Vec<(&str, &str)> = groups[0]["fichiers"]
        .as_array()
        .expect("fichiers")
        .iter()
        .map(|f| {
            (
                f["fichier"].as_str().expect("fichier"),
                f["raison"].as_str().unwrap_or("garder"),
            )
        })
        .collect();
    assert_eq!(
        groups[0]["garder"], "copies/corse.docx",
        "a DOCX first, then by name"
    );
    assert_eq!(
        files,
        [
            ("copies/corse.docx", "garder"),
            ("corse.docx", "fichier_identique"),
            ("corse.pdf", "meme_restitution")
        ]
    );
    assert_eq!(report["documents"], 4);
    let formats: Vec<(&str, &str, u64)> = report["documents_par_region_et_format"]
        .as_array()
        .expect("per région")
        .iter()
        .map(|r| {
            (
                r["region_academique"].as_str().unwrap(),
                r["format"].as_str().unwrap(),
                r["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("Bretagne", "docx", 1),
            ("Corse", "docx", 2),
            ("Corse", "pdf", 1)
        ]
    );

    // The JSON lines keep every file; the tables only the one to keep of each group.
    assert_eq!(read_lines(&jsonl).len(), 4);
    let db = Connection::open(&db).expect("open");
    let mut statement = db
        .prepare("SELECT fichier FROM documents ORDER BY fichier")
        .expect("select");
    let kept: Vec<String> = statement
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(kept, ["bretagne.docx", "copies/corse.docx"]);
    let mut reader = csv::Reader::from_path(csv_dir.join("documents.csv")).expect("documents.csv");
    assert_eq!(reader.records().count(), 2);
}

#[test]
fn a_database_is_updated_by_file_never_appended_twice() {
    let input = samples_folder("rerun");
    let out = input.parent().expect("parent").to_path_buf();
    let (jsonl, db_path) = (out.join("lot.jsonl"), out.join("base.sqlite"));
    restitution(&["batch", text(&input), "-o", text(&jsonl)], "");
    let lines = read_lines(&jsonl);
    let counts = expected_counts(&lines);
    let all: String = lines.iter().map(|l| format!("{l}\n")).collect();

    for _ in 0..2 {
        let run = restitution(&["export", "--sqlite", text(&db_path), "-"], &all);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let db = Connection::open(&db_path).expect("open");
    for (table, rows) in &counts {
        assert_eq!(count_rows(&db, table), *rows, "{table} after two runs");
    }
    drop(db);

    // One file again, with one warning less: its rows are replaced, the others stay.
    let mut changed = lines
        .iter()
        .find(|l| {
            l["avertissements"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        })
        .expect("a warning")
        .clone();
    changed["avertissements"]
        .as_array_mut()
        .expect("list")
        .pop();
    let run = restitution(
        &["export", "--sqlite", text(&db_path), "-"],
        &format!("{changed}\n"),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let db = Connection::open(&db_path).expect("open");
    assert_eq!(count_rows(&db, "documents"), counts[0].1);
    let warnings = counts
        .iter()
        .find(|(t, _)| *t == "avertissements")
        .expect("count")
        .1;
    assert_eq!(count_rows(&db, "avertissements"), warnings - 1);

    // A broken line: nothing of that run is kept (one transaction).
    let broken = format!("{}\n{{\"source\":\n", lines[0]);
    let run = restitution(&["export", "--sqlite", text(&db_path), "-"], &broken);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(count_rows(&db, "avertissements"), warnings - 1);

    // The same into a new database: none is left behind.
    let fresh = out.join("nouvelle.sqlite");
    let run = restitution(&["export", "--sqlite", text(&fresh), "-"], &broken);
    assert_eq!(run.status.code(), Some(1));
    assert!(!fresh.exists(), "a failed export leaves no database");
}

/// Every fixture's expected document, as JSON lines.
fn fixture_lines() -> Vec<Value> {
    common::manifest()
        .iter()
        .filter_map(|case| case.expected.as_ref())
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("JSON"))
        .collect()
}

#[test]
fn csv_tables_have_the_region_the_gravity_and_the_texts_not_taken() {
    let lines = fixture_lines();
    let dir = fresh_dir("csv-fixtures");
    let all: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let run = restitution(&["export", "--csv", text(&dir), "--csv-brut", "-"], &all);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (table, rows) in expected_counts(&lines) {
        let mut reader = csv::Reader::from_path(dir.join(format!("{table}.csv"))).expect(table);
        let header = reader.headers().expect("header").clone();
        assert_eq!(
            &header.iter().take(3).collect::<Vec<_>>(),
            &["fichier", "sha256", "region_academique"],
            "{table}"
        );
        let records: Vec<csv::StringRecord> =
            reader.records().map(|r| r.expect("record")).collect();
        assert_eq!(records.len(), rows, "{table}");
    }
    assert!(
        expected_counts(&lines)
            .iter()
            .any(|(t, n)| *t == "textes_non_repris" && *n > 0),
        "the fixtures exercise it"
    );

    // The text not taken and the warnings, row by row as in the JSON.
    let mut reader =
        csv::Reader::from_path(dir.join("textes_non_repris.csv")).expect("textes_non_repris");
    let header = reader.headers().expect("header").clone();
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let items = lines.iter().flat_map(|d| {
        d["texte_non_repris"]
            .as_array()
            .expect("list")
            .iter()
            .map(move |t| (d, t))
    });
    for ((doc, item), row) in items.zip(reader.records()) {
        let row = row.expect("record");
        assert_eq!(
            &row[at("region_academique")],
            doc["region_academique"].as_str().unwrap_or("")
        );
        assert_eq!(&row[at("texte")], item["texte"].as_str().expect("texte"));
        assert_eq!(
            &row[at("chemin")],
            item["origine"]["chemin"].as_str().expect("chemin")
        );
        assert_eq!(
            row[at("page")].to_string(),
            item["origine"]["page"]
                .as_i64()
                .map(|p| p.to_string())
                .unwrap_or_default()
        );
    }
    let mut reader =
        csv::Reader::from_path(dir.join("avertissements.csv")).expect("avertissements");
    let header = reader.headers().expect("header").clone();
    let gravite = header.iter().position(|h| h == "gravite").expect("gravite");
    let warnings = lines
        .iter()
        .flat_map(|d| d["avertissements"].as_array().expect("list").iter());
    for (warning, row) in warnings.zip(reader.records()) {
        assert_eq!(
            &row.expect("record")[gravite],
            warning["gravite"].as_str().expect("gravite")
        );
    }
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralized_unless_raw() {
    let mut doc = fixture_lines().remove(0);
    doc["session"]["atelier"] = Value::from("=HYPERLINK(\"http://x\";\"clic\")");
    doc["animateurs"]["texte"] = Value::from("-2 personnes");
    doc["retex"] = serde_json::json!([{"numero": 1, "texte": "@SOMME(A1:A9)"}, {"numero": 2, "texte": "\tTab"}]);
    let input = format!("{doc}\n");
    let cells = |raw: bool| -> Vec<String> {
        let dir = fresh_dir(if raw { "csv-raw" } else { "csv-safe" });
        let args = [
            &["export", "--csv", text(&dir)][..],
            if raw { &["--csv-brut"][..] } else { &[][..] },
            &["-"],
        ]
        .concat();
        let run = restitution(&args, &input);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let documents = csv::Reader::from_path(dir.join("documents.csv"))
            .expect("documents")
            .records()
            .next()
            .expect("row")
            .expect("record");
        let header = csv::Reader::from_path(dir.join("documents.csv"))
            .expect("documents")
            .headers()
            .expect("header")
            .clone();
        let at = |name: &str| header.iter().position(|h| h == name).expect(name);
        let mut cells = vec![
            documents[at("session_atelier")].to_string(),
            documents[at("animateurs_texte")].to_string(),
        ];
        let mut retex = csv::Reader::from_path(dir.join("retex.csv")).expect("retex");
        cells.extend(retex.records().map(|r| r.expect("record")[5].to_string()));
        cells.push(documents[at("octets")].to_string());
        cells
    };
    let octets = doc["source"]["octets"].to_string();
    assert_eq!(
        cells(false),
        [
            "'=HYPERLINK(\"http://x\";\"clic\")",
            "'-2 personnes",
            "'@SOMME(A1:A9)",
            "'\tTab",
            octets.as_str()
        ]
    );
    assert_eq!(
        cells(true),
        [
            "=HYPERLINK(\"http://x\";\"clic\")",
            "-2 personnes",
            "@SOMME(A1:A9)",
            "\tTab",
            octets.as_str()
        ]
    );
}
