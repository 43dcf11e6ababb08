//! `restitution batch`: a tree of DOCX, PDF, a zip archive of both, junk and broken
//! files gives one line per candidate, sorted, with the right error codes, the same
//! for every `--jobs`; `--out-dir` and `--incremental`.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

/// A fresh temporary folder for one test.
fn scratch(test: &str) -> PathBuf {
    common::scratch("batch", test)
}

/// The batch root: two documents, a zip archive of both (with a text file and a nested
/// archive, both skipped), junk, a PNG named .pdf, a truncated DOCX, a DOCX without an
/// extension, a spreadsheet-like ZIP and a symbolic link (skipped).
fn tree(root: &Path) {
    let docx = common::sample("corse-w14.docx");
    let pdf = common::sample("corse-w14.pdf");
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).expect("docs");
    std::fs::write(root.join("a-corse.docx"), &docx).expect("write");
    std::fs::write(root.join("b-corse.pdf"), &pdf).expect("write");
    let nested = common::zip_of(&[("x.docx", &docx)]);
    let archive = common::zip_of(&[
        ("inner/corse.pdf", &pdf),
        (
            "inner/bretagne.docx",
            &common::sample("bretagne-legacy.docx"),
        ),
        ("inner/lisez-moi.txt", b"bonjour"),
        ("inner/nested.zip", &nested),
    ]);
    std::fs::write(docs.join("archive.zip"), archive).expect("write");
    std::fs::write(docs.join("notes.txt"), "pas un document").expect("write");
    std::fs::write(
        docs.join("image.pdf"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    )
    .expect("write");
    std::fs::write(docs.join("tronque.docx"), &docx[..docx.len() / 3]).expect("write");
    std::fs::write(docs.join("sans-extension"), &docx).expect("write");
    std::fs::write(
        docs.join("classeur.xlsx"),
        common::zip_of(&[("xl/workbook.xml", b"<workbook/>")]),
    )
    .expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("a-corse.docx"), docs.join("lien.docx")).expect("symlink");
}

const SKIPPED: usize = if cfg!(unix) { 5 } else { 4 };

const EXPECTED: [(&str, Option<&str>); 7] = [
    ("a-corse.docx", None),
    ("b-corse.pdf", None),
    ("docs/archive.zip!/inner/bretagne.docx", None),
    ("docs/archive.zip!/inner/corse.pdf", None),
    ("docs/image.pdf", Some("format_non_pris_en_charge")),
    ("docs/sans-extension", None),
    ("docs/tronque.docx", Some("fichier_illisible")),
];

fn batch(args: &[&str], dir: &Path) -> Output {
    common::restitution()
        .current_dir(dir)
        .arg("batch")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

#[test]
fn one_line_per_candidate_sorted_with_error_codes() {
    let dir = scratch("lines");
    tree(&dir.join("root"));
    let out = batch(&["root", "--jobs", "2"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some files failed: {stderr}");
    let docs = common::json_lines(&out.stdout);
    let got: Vec<(&str, Option<&str>)> = docs
        .iter()
        .map(|d| {
            (
                d["source"]["fichier"].as_str().expect("fichier"),
                d["erreur"]["code"].as_str(),
            )
        })
        .collect();
    assert_eq!(got, EXPECTED);
    for doc in &docs {
        let source = &doc["source"];
        assert_eq!(
            source["sha256"].as_str().map(str::len),
            Some(64),
            "{source}"
        );
        if doc.get("erreur").is_none() {
            assert_eq!(doc["schema_version"], "1.1");
        }
    }
    assert_eq!(docs[0]["region_academique"], "Corse");
    assert_eq!(docs[2]["region_academique"], "Bretagne");
    assert_eq!(docs[3]["source"]["pages"], 8);
    // A truncated DOCX is still recognized as one; a PNG is not a PDF, whatever its name.
    assert_eq!(docs[6]["source"]["format"], "docx");
    assert_eq!(docs[4]["source"]["format"], Value::Null);
    assert!(stderr.contains("convertis : 5\n"), "{stderr}");
    assert!(
        stderr.contains("en échec : 2 (fichier_illisible 1, format_non_pris_en_charge 1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("ignorés : {SKIPPED}\n")),
        "{stderr}"
    );
    assert!(stderr.contains("à vérifier : "), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_is_identical_for_every_jobs_value_and_written_whole() {
    let dir = scratch("jobs");
    tree(&dir.join("root"));
    let one = batch(&["root", "--jobs", "1"], &dir);
    let two = batch(&["root", "--jobs", "2"], &dir);
    let many = batch(&["root", "--jobs", "7"], &dir);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(one.stderr, two.stderr);

    let to_file = batch(&["root", "-o", "out.jsonl"], &dir);
    assert!(to_file.stdout.is_empty());
    assert_eq!(
        std::fs::read(dir.join("out.jsonl")).expect("written"),
        one.stdout
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out.jsonl" && n != "root")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_dir_mirrors_the_tree_and_incremental_skips_unchanged_documents() {
    let dir = scratch("outdir");
    tree(&dir.join("root"));
    let first = batch(&["root", "--out-dir", "json", "-o", "first.jsonl"], &dir);
    assert_eq!(first.status.code(), Some(1));
    assert_eq!(
        common::files_under(&dir.join("json")),
        [
            ".restitution-index.json",
            "a-corse.docx.json",
            "b-corse.pdf.json",
            "docs/archive.zip/inner/bretagne.docx.json",
            "docs/archive.zip/inner/corse.pdf.json",
            "docs/image.pdf.error.json",
            "docs/sans-extension.json",
            "docs/tronque.docx.error.json",
        ]
    );
    let text = std::fs::read_to_string(dir.join("json/a-corse.docx.json")).expect("written");
    assert!(
        text.starts_with("{\n  \"schema_version\": \"1.1\","),
        "pretty JSON"
    );
    let error: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("json/docs/tronque.docx.error.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(error["erreur"]["code"], "fichier_illisible");

    // Nothing changed: every converted document is taken from its file, same lines.
    let second = batch(
        &[
            "root",
            "--out-dir",
            "json",
            "--incremental",
            "-o",
            "second.jsonl",
        ],
        &dir,
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("convertis : 5 (dont 5 inchangés)"),
        "{stderr}"
    );
    let read = |name: &str| std::fs::read(dir.join(name)).expect("jsonl");
    assert_eq!(read("first.jsonl"), read("second.jsonl"));

    // One document replaced by another: converted again, its file rewritten.
    std::fs::write(
        dir.join("root/a-corse.docx"),
        common::sample("bretagne-legacy.docx"),
    )
    .expect("write");
    let third = batch(&["root", "--out-dir", "json", "--incremental"], &dir);
    assert!(
        third.stdout.is_empty(),
        "with --out-dir and no -o, nothing on stdout"
    );
    let stderr = String::from_utf8_lossy(&third.stderr);
    assert!(
        stderr.contains("convertis : 5 (dont 4 inchangés)"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("json/a-corse.docx.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(doc["region_academique"], "Bretagne");

    let temporary: Vec<_> = common::files_under(&dir)
        .into_iter()
        .filter(|f| f.ends_with(".tmp"))
        .collect();
    assert!(temporary.is_empty(), "{temporary:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn paths_from_stdin_keep_the_path_as_given_and_all_converted_exits_0() {
    let dir = scratch("stdin");
    tree(&dir.join("root"));
    let mut child = common::restitution()
        .current_dir(&dir)
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"root/b-corse.pdf\nroot/a-corse.docx\n\nroot/docs/notes.txt\n")
        .expect("write");
    let out = child.wait_with_output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let names: Vec<String> = common::json_lines(&out.stdout)
        .iter()
        .map(|d| d["source"]["fichier"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["root/a-corse.docx", "root/b-corse.pdf"]);
    assert!(stderr.contains("ignorés : 1\n"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_given_as_a_path_is_opened_and_a_missing_path_gets_an_error_line() {
    let dir = scratch("zip");
    std::fs::write(
        dir.join("lot.ZIP"),
        common::zip_of(&[("a/b.docx", &common::sample("corse-w14.docx"))]),
    )
    .expect("write");
    let out = batch(&["lot.ZIP"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = common::json_lines(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"]["fichier"], "lot.ZIP!/a/b.docx");

    std::fs::write(dir.join("broken.zip"), b"PK\x03\x04 not really").expect("write");
    let out = batch(&["broken.zip"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let docs = common::json_lines(&out.stdout);
    assert_eq!(docs[0]["source"]["fichier"], "broken.zip");
    assert_eq!(docs[0]["erreur"]["code"], "fichier_illisible");

    // A missing path is that path's failure, as in `convert`: an error line, the others
    // still converted.
    let out = batch(&["does-not-exist", "lot.ZIP"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let docs = common::json_lines(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"]["fichier"], "does-not-exist");
    assert_eq!(docs[0]["erreur"]["code"], "fichier_illisible");
    assert_eq!(docs[1]["source"]["fichier"], "lot.ZIP!/a/b.docx");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn library_batch_over_documents_in_memory() {
    let docx = common::sample("corse-w14.docx");
    let items: Vec<_> = (0..6)
        .map(|i| restitution::batch::Candidate::in_memory(format!("copie-{i}.docx"), docx.clone()))
        .chain([restitution::batch::Candidate::in_memory(
            "vide.pdf",
            Vec::new(),
        )])
        .collect();
    let mut out = Vec::new();
    let options = restitution::batch::Options {
        jobs: 2,
        ..Default::default()
    };
    let summary = restitution::batch::run(&items, &options, &mut out, &|| {}).expect("runs");
    assert_eq!(summary.converted, 6);
    assert_eq!(summary.failed_total(), 1);
    let docs = common::json_lines(&out);
    assert_eq!(docs.len(), 7);
    assert_eq!(docs[6]["erreur"]["code"], "fichier_illisible");
    assert_eq!(docs[6]["source"]["octets"], 0);
}

#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("devnull");
    std::fs::write(dir.join("a.docx"), common::sample("corse-w14.docx")).expect("write");
    let out = batch(&["a.docx", "-o", "/dev/null"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is still a device"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_writes_csv_tables_while_it_streams() {
    let root = scratch("csv");
    tree(&root);
    let tables = root.join("tables");
    let out = common::restitution()
        .arg("batch")
        .arg(&root)
        .args(["--jobs", "2", "--excel", "--csv"])
        .arg(&tables)
        .output()
        .expect("runs");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let documents = lines
        .iter()
        .filter(|l| l.get("schema_version").is_some())
        .count();
    let errors = lines.iter().filter(|l| l.get("erreur").is_some()).count();
    assert!(
        documents >= 4 && errors >= 2,
        "{documents} documents, {errors} errors"
    );
    let rows = |name: &str| {
        let bytes = std::fs::read(tables.join(name)).expect("table written");
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{name}: --excel writes a BOM"
        );
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        reader.records().count()
    };
    assert_eq!(rows("documents.csv"), documents);
    assert_eq!(rows("erreurs.csv"), errors);
    let _ = std::fs::remove_dir_all(&root);
}

/// Edit the JSON of `json/REL` by hand. With `reindex`, also record its new bytes in the
/// index of `--incremental`, as if the batch had written them, so that only the check
/// under test can refuse the file.
fn tamper(out_dir: &Path, rel: &str, reindex: bool, edit: impl FnOnce(&mut String)) {
    let path = out_dir.join(rel);
    let mut text = std::fs::read_to_string(&path).expect("cached file");
    edit(&mut text);
    std::fs::write(&path, &text).expect("write");
    if reindex {
        let index_path = out_dir.join(".restitution-index.json");
        let mut index: Value =
            serde_json::from_slice(&std::fs::read(&index_path).expect("index")).expect("JSON");
        index[rel]["sha256"] = Value::from(restitution::sha256_hex(text.as_bytes()));
        std::fs::write(
            &index_path,
            serde_json::to_string_pretty(&index).expect("JSON"),
        )
        .expect("write");
    }
}

#[test]
fn incremental_reuses_only_what_it_can_trust_and_force_reuses_nothing() {
    let dir = scratch("trust");
    let root = dir.join("root");
    std::fs::create_dir_all(&root).expect("root");
    std::fs::write(root.join("a.docx"), common::sample("corse-w14.docx")).expect("write");
    std::fs::write(root.join("b.pdf"), common::sample("corse-w14.pdf")).expect("write");
    std::fs::write(root.join("c.docx"), common::sample("bretagne-legacy.docx")).expect("write");
    let out_dir = dir.join("json");
    let first = batch(&["root", "--out-dir", "json", "-o", "first.jsonl"], &dir);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let reference = std::fs::read(dir.join("first.jsonl")).expect("written");
    let converted_file = std::fs::read(out_dir.join("a.docx.json")).expect("written");

    // Runs again; the lines are always those of a full run. The summary line.
    let again = |extra: &[&str]| {
        let out = batch(
            &[
                &[
                    "root",
                    "--out-dir",
                    "json",
                    "--incremental",
                    "-o",
                    "again.jsonl",
                ],
                extra,
            ]
            .concat(),
            &dir,
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(
            std::fs::read(dir.join("again.jsonl")).expect("written"),
            reference,
            "same lines as a full run"
        );
        stderr
            .lines()
            .find(|l| l.starts_with("convertis :"))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(again(&[]), "convertis : 3 (dont 3 inchangés)");

    type Edit = Box<dyn FnOnce(&mut String)>;
    let cases: Vec<(&str, bool, Edit)> = vec![
        (
            "edited by hand",
            false,
            Box::new(|t: &mut String| *t = t.replacen("\"Corse\"", "\"Normandie\"", 1)),
        ),
        (
            "no longer the output types",
            true,
            Box::new(|t: &mut String| *t = t.replacen("\"source\"", "\"origine\"", 1)),
        ),
        (
            "truncated",
            true,
            Box::new(|t: &mut String| t.truncate(t.len() / 2)),
        ),
        (
            "older convertisseur",
            true,
            Box::new(|t: &mut String| *t = replace_value(t, "convertisseur", "restitution 0.1.0")),
        ),
        (
            "other schema_version",
            true,
            Box::new(|t: &mut String| *t = replace_value(t, "schema_version", "1.0")),
        ),
        (
            "other fichier",
            true,
            Box::new(|t: &mut String| *t = replace_value(t, "fichier", "autre/a.docx")),
        ),
    ];
    for (case, reindex, edit) in cases {
        tamper(&out_dir, "a.docx.json", reindex, edit);
        assert_eq!(
            again(&[]),
            "convertis : 3 (dont 2 inchangés)",
            "{case}: converted again"
        );
        assert_eq!(
            std::fs::read(out_dir.join("a.docx.json")).expect("rewritten"),
            converted_file,
            "{case}: file rewritten"
        );
    }

    // Without the index, nothing can be trusted; --force reuses nothing either.
    std::fs::remove_file(out_dir.join(".restitution-index.json")).expect("index");
    assert_eq!(again(&[]), "convertis : 3");
    assert_eq!(again(&[]), "convertis : 3 (dont 3 inchangés)");
    assert_eq!(again(&["--force"]), "convertis : 3");

    // Files converted with other settings are not reused: OCR off then on again, and a
    // limit changed (any limit may turn a document into an error).
    assert_eq!(again(&["--sans-ocr"]), "convertis : 3");
    assert_eq!(again(&["--sans-ocr"]), "convertis : 3 (dont 3 inchangés)");
    assert_eq!(again(&[]), "convertis : 3", "OCR on again");
    assert_eq!(again(&["--max-pdf-pages", "1999"]), "convertis : 3");
    assert_eq!(again(&[]), "convertis : 3", "default limits again");
    assert_eq!(again(&[]), "convertis : 3 (dont 3 inchangés)");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `text` with the first string value of `key` replaced (the test knows the key exists).
fn replace_value(text: &str, key: &str, value: &str) -> String {
    let start = text.find(&format!("\"{key}\": \"")).expect("key") + key.len() + 5;
    let end = start + text[start..].find('"').expect("end of value");
    format!("{}{value}{}", &text[..start], &text[end..])
}

#[test]
fn out_dir_files_whose_input_is_gone_are_listed_and_left_in_place() {
    let dir = scratch("stale");
    let root = dir.join("root");
    std::fs::create_dir_all(&root).expect("root");
    std::fs::write(root.join("a.docx"), common::sample("corse-w14.docx")).expect("write");
    std::fs::write(root.join("b.pdf"), common::sample("corse-w14.pdf")).expect("write");
    let first = batch(&["root", "--out-dir", "json"], &dir);
    assert_eq!(first.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&first.stderr).contains("laissé en place"));

    std::fs::remove_file(root.join("b.pdf")).expect("remove");
    let second = batch(&["root", "--out-dir", "json", "--incremental"], &dir);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    let note = stderr
        .lines()
        .find(|l| l.contains("laissé en place"))
        .unwrap_or_default();
    assert!(note.starts_with("note : json/b.pdf.json : "), "{stderr}");
    assert_eq!(stderr.matches("laissé en place").count(), 1, "{stderr}");
    assert!(dir.join("json/b.pdf.json").is_file(), "listed, not removed");
    let _ = std::fs::remove_dir_all(&dir);
}
