//! `restitution batch` never loses a document to its name: several roots, equal names,
//! `--out-dir` files that would meet, NFD and non-UTF-8 names; and the junk of real
//! archives (macOS, Office, Windows) is skipped, not failed. `--include`, `--exclude`,
//! `--hidden`, `--verbose`.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;

/// A fresh temporary folder for one test.
fn scratch(test: &str) -> PathBuf {
    common::scratch("names", test)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, bytes).expect("write");
}

fn batch(dir: &Path, args: &[&str]) -> Output {
    common::restitution()
        .current_dir(dir)
        .arg("batch")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn fichiers(docs: &[Value]) -> Vec<String> {
    docs.iter()
        .map(|d| {
            d["source"]["fichier"]
                .as_str()
                .expect("fichier")
                .to_string()
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs with `--jobs 1` and `--jobs 2` give the same bytes; the lines of one.
fn same_for_every_jobs(dir: &Path, args: &[&str]) -> Output {
    let one = batch(dir, &[args, &["--jobs", "1"]].concat());
    let two = batch(dir, &[args, &["--jobs", "2"]].concat());
    assert_eq!(one.stdout, two.stdout, "--jobs 1 and --jobs 2 differ");
    assert_eq!(one.status.code(), two.status.code());
    one
}

#[test]
fn several_roots_are_named_after_themselves_and_never_merge() {
    let dir = scratch("roots");
    write(
        &dir.join("Corse/restitution.docx"),
        &common::sample("corse-w14.docx"),
    );
    write(
        &dir.join("Bretagne/restitution.docx"),
        &common::sample("bretagne-legacy.docx"),
    );
    write(
        &dir.join("2021/Corse/restitution.docx"),
        &common::sample("occitanie-legacy.docx"),
    );

    let out = same_for_every_jobs(&dir, &["Corse", "Bretagne"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = common::json_lines(&out.stdout);
    assert_eq!(
        fichiers(&docs),
        ["Bretagne/restitution.docx", "Corse/restitution.docx"]
    );
    assert_eq!(docs[0]["region_academique"], "Bretagne");
    assert_eq!(docs[1]["region_academique"], "Corse");

    // Two roots of the same own name: the second is numbered, every document kept.
    let out = same_for_every_jobs(&dir, &["Corse", "2021/Corse", "Bretagne"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = common::json_lines(&out.stdout);
    assert_eq!(
        fichiers(&docs),
        [
            "Bretagne/restitution.docx",
            "Corse (2)/restitution.docx",
            "Corse/restitution.docx"
        ]
    );
    assert!(
        docs[1]["region_academique"]
            .as_str()
            .unwrap_or_default()
            .contains("Occitanie"),
        "{}",
        docs[1]["region_academique"]
    );
    assert!(
        stderr(&out).contains("Corse (2)"),
        "the renaming is noted: {}",
        stderr(&out)
    );

    // `.` and `..` are named after the folders they stand for.
    let out = batch(&dir.join("Corse"), &[".", "../Bretagne"]);
    assert_eq!(
        fichiers(&common::json_lines(&out.stdout)),
        ["Bretagne/restitution.docx", "Corse/restitution.docx"]
    );

    // One folder alone: names relative to it, as before.
    let out = batch(&dir, &["Corse"]);
    assert_eq!(
        fichiers(&common::json_lines(&out.stdout)),
        ["restitution.docx"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_that_would_meet_in_the_output_or_the_out_dir_stay_distinct() {
    let dir = scratch("outdir");
    let pdf = common::sample("corse-w14.pdf");
    write(&dir.join("x.pdf"), &pdf);
    // A PDF named like the error report of `x.pdf` (candidate by its content).
    write(
        &dir.join("x.pdf.error"),
        &common::sample("bretagne-legacy.pdf"),
    );
    write(&dir.join("sub/keep.txt"), b"");
    let paths = [
        "x.pdf",
        "./x.pdf",
        "x.pdf.error",
        "sub/../x.pdf",
        "x.pdf",
        "X.PDF",
    ];
    std::fs::copy(dir.join("x.pdf"), dir.join("X.PDF")).expect("copy");
    let args = [&paths[..], &["--out-dir", "json", "-o", "all.jsonl"]].concat();
    let out = batch(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = common::json_lines(&std::fs::read(dir.join("all.jsonl")).expect("written"));
    assert_eq!(docs.len(), paths.len(), "one line per PATH given");
    let names: BTreeSet<String> = fichiers(&docs).into_iter().collect();
    assert_eq!(names.len(), paths.len(), "distinct names: {names:?}");
    for given in ["x.pdf", "./x.pdf", "x.pdf.error", "sub/../x.pdf", "X.PDF"] {
        assert!(names.contains(given), "{given} keeps its name: {names:?}");
    }

    // One file per document in --out-dir, each holding that document's line.
    let outputs: Vec<String> = common::files_under(&dir.join("json"))
        .into_iter()
        .filter(|f| !f.starts_with('.'))
        .collect();
    assert_eq!(outputs.len(), paths.len(), "{outputs:?}");
    assert!(
        outputs
            .iter()
            .all(|f| f.ends_with(".json") && !f.ends_with(".error.json")),
        "{outputs:?}"
    );
    let mut written: Vec<Value> = outputs
        .iter()
        .map(|f| {
            serde_json::from_slice(&std::fs::read(dir.join("json").join(f)).expect("read"))
                .expect("JSON")
        })
        .collect();
    let mut expected = docs.clone();
    let by_name = |a: &Value, b: &Value| {
        a["source"]["fichier"]
            .as_str()
            .cmp(&b["source"]["fichier"].as_str())
    };
    written.sort_by(by_name);
    expected.sort_by(by_name);
    assert_eq!(written, expected);

    // The same batch with two workers writes the same lines.
    let again = batch(
        &dir,
        &[&paths[..], &["--jobs", "2", "-o", "again.jsonl"]].concat(),
    );
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read(dir.join("again.jsonl")).expect("written"),
        std::fs::read(dir.join("all.jsonl")).expect("written")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decomposed_names_are_written_in_nfc_and_equal_ones_numbered() {
    let dir = scratch("nfc");
    let docx = common::sample("corse-w14.docx");
    write(
        &dir.join("root/Acade\u{301}mie/e\u{301}te\u{301}.docx"),
        &docx,
    );
    write(&dir.join("root/Acade\u{301}mie/\u{e9}t\u{e9}.docx"), &docx);
    // A zip made on a Mac: names decomposed.
    write(
        &dir.join("root/envoi.zip"),
        &common::zip_of(&[("Re\u{301}gion/compte-rendu.docx", &docx)]),
    );
    let out = same_for_every_jobs(&dir, &["root"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: BTreeSet<String> = fichiers(&common::json_lines(&out.stdout))
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = [
        "Académie/été.docx",
        "Académie/été (2).docx",
        "envoi.zip!/Région/compte-rendu.docx",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(names, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_escaped_and_never_collapse() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("latin1");
    let root = dir.join("root");
    let docx = common::sample("corse-w14.docx");
    for name in [
        &b"r\xe9sum\xe9.docx"[..],
        b"r\xe8sum\xe8.docx",
        b"r\\xE9sum\\xE9.docx",
    ] {
        write(&root.join(std::ffi::OsStr::from_bytes(name)), &docx);
    }
    let out = same_for_every_jobs(&dir, &["root", "--out-dir", "json", "-o", "all.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = fichiers(&common::json_lines(
        &std::fs::read(dir.join("all.jsonl")).expect("written"),
    ));
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>().len(),
        3,
        "distinct: {names:?}"
    );
    assert!(names.iter().all(|n| !n.contains('\u{fffd}')), "{names:?}");
    assert!(
        names.contains(&"r\\xE8sum\\xE8.docx".to_string()),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n == "r\\xE9sum\\xE9.docx"),
        "{names:?}"
    );
    assert_eq!(
        common::files_under(&dir.join("json"))
            .iter()
            .filter(|f| !f.starts_with('.'))
            .count(),
        3
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// AppleDouble metadata, as the Finder writes it beside every file (`._NAME`).
const APPLE_DOUBLE: &[u8] = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02";
/// An open Word document's lock file (`~$NAME`): the owner's name, padded.
const WORD_LOCK: &[u8] = b"\x0bJean Dupont                                                  ";

/// An académie's archive as it arrives: nested folders, a zip made on a Mac, an open
/// Word document, Windows thumbnails, a hidden folder.
fn realistic_archive(root: &Path) {
    let a = root.join("academies");
    write(
        &a.join("Corse/2020/restitution-ajaccio.docx"),
        &common::sample("corse-w14.docx"),
    );
    write(&a.join("Corse/2020/~$stitution-ajaccio.docx"), WORD_LOCK);
    write(
        &a.join("Corse/2020/.~lock.restitution-ajaccio.docx#"),
        b",Jean Dupont,poste,01.12.2020 10:00,file:///home/jean/.config;",
    );
    write(&a.join("Corse/Thumbs.db"), b"\xd0\xcf\x11\xe0 thumbnails");
    write(&a.join("Corse/desktop.ini"), b"[.ShellClassInfo]\r\n");
    write(
        &a.join("Bretagne/restitution.pdf"),
        &common::sample("bretagne-legacy.pdf"),
    );
    write(&a.join("Bretagne/._restitution.pdf"), APPLE_DOUBLE);
    write(&a.join("Bretagne/.DS_Store"), b"\0\0\0\x01Bud1");
    write(
        &a.join(".brouillons/ancien.docx"),
        &common::sample("corse-w14.docx"),
    );
    let mac_zip = common::zip_of(&[
        (
            "Occitanie/restitution.docx",
            &common::sample("occitanie-legacy.docx"),
        ),
        ("__MACOSX/Occitanie/._restitution.docx", APPLE_DOUBLE),
        ("__MACOSX/._Occitanie", APPLE_DOUBLE),
        ("Occitanie/.DS_Store", b"\0\0\0\x01Bud1"),
        ("Occitanie/Thumbs.db", b"\xd0\xcf\x11\xe0"),
    ]);
    write(&a.join("envoi-mac.zip"), &mac_zip);
}

#[test]
fn a_realistic_archive_gives_one_line_per_restitution_and_skips_the_junk() {
    let dir = scratch("junk");
    realistic_archive(&dir.join("lot"));
    let out = same_for_every_jobs(&dir, &["lot", "--verbose"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let docs = common::json_lines(&out.stdout);
    assert_eq!(
        fichiers(&docs),
        [
            "academies/Bretagne/restitution.pdf",
            "academies/Corse/2020/restitution-ajaccio.docx",
            "academies/envoi-mac.zip!/Occitanie/restitution.docx",
        ]
    );
    assert!(
        docs.iter().all(|d| d.get("erreur").is_none()),
        "every line a document"
    );
    assert_eq!(docs[1]["region_academique"], "Corse");
    // 6 junk files and 1 hidden folder in folders; in the zip, __MACOSX/ (once, however
    // many members it holds), .DS_Store and Thumbs.db.
    assert!(err.contains("convertis : 3\n"), "{err}");
    assert!(err.contains("en échec : 0"), "{err}");
    assert!(err.contains("ignorés : 10\n"), "{err}");
    for listed in [
        "academies/Corse/2020/~$stitution-ajaccio.docx",
        "academies/Corse/2020/.~lock.restitution-ajaccio.docx#",
        "academies/Corse/Thumbs.db",
        "academies/Corse/desktop.ini",
        "academies/Bretagne/._restitution.pdf",
        "academies/Bretagne/.DS_Store",
        "academies/.brouillons/",
        "academies/envoi-mac.zip!/__MACOSX/",
        "academies/envoi-mac.zip!/Occitanie/.DS_Store",
        "academies/envoi-mac.zip!/Occitanie/Thumbs.db",
    ] {
        assert!(
            err.contains(&format!("{listed} : ")),
            "--verbose lists {listed}: {err}"
        );
    }

    // Without --verbose, the junk is only counted.
    let quiet = batch(&dir, &["lot"]);
    assert!(!stderr(&quiet).contains("Thumbs.db"), "{}", stderr(&quiet));
    assert_eq!(quiet.stdout, out.stdout);

    // --hidden takes the hidden folder; junk stays junk.
    let hidden = batch(&dir, &["lot", "--hidden"]);
    let names = fichiers(&common::json_lines(&hidden.stdout));
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(
        names.contains(&"academies/.brouillons/ancien.docx".to_string()),
        "{names:?}"
    );
    assert!(
        stderr(&hidden).contains("ignorés : 9\n"),
        "{}",
        stderr(&hidden)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn include_and_exclude_globs_choose_the_candidates() {
    let dir = scratch("globs");
    realistic_archive(&dir.join("lot"));
    let names = |args: &[&str]| {
        let out = batch(&dir, &[&["lot"], args].concat());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        fichiers(&common::json_lines(&out.stdout))
    };
    assert_eq!(
        names(&["--include", "*.PDF"]),
        ["academies/Bretagne/restitution.pdf"]
    );
    assert_eq!(
        names(&["--include", "corse"]),
        ["academies/Corse/2020/restitution-ajaccio.docx"]
    );
    assert_eq!(
        names(&["--exclude", "*.zip", "--exclude", "Bretagne"]),
        ["academies/Corse/2020/restitution-ajaccio.docx"]
    );
    assert_eq!(
        names(&["--include", "*.docx", "--exclude", "2020"]),
        ["academies/envoi-mac.zip!/Occitanie/restitution.docx"]
    );

    let bad = batch(&dir, &["lot", "--include", "a[b"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a glob that cannot be read is a usage error"
    );
    assert!(bad.stdout.is_empty());
    assert!(stderr(&bad).contains("--include"), "{}", stderr(&bad));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_lock_file_named_on_the_command_line_is_still_junk_but_a_hidden_one_is_taken() {
    let dir = scratch("given");
    write(&dir.join("~$stitution.docx"), WORD_LOCK);
    write(
        &dir.join(".restitution.docx"),
        &common::sample("corse-w14.docx"),
    );
    let out = batch(&dir, &["~$stitution.docx", ".restitution.docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fichiers(&common::json_lines(&out.stdout)),
        [".restitution.docx"]
    );
    assert!(stderr(&out).contains("ignorés : 1\n"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
