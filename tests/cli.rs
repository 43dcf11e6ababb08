//! The command line: output on stdout, errors as one line on stderr with a code, exit
//! codes, `-o` writing whole files.

mod common;

use std::process::Command;

fn restitution() -> Command {
    Command::new(env!("CARGO_BIN_EXE_restitution"))
}

#[test]
fn convert_prints_the_document_with_the_path_as_given() {
    let dir = common::fixtures_dir();
    let out = restitution().current_dir(&dir).args(["convert", "samples/corse-w14.docx"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(doc["source"]["fichier"], "samples/corse-w14.docx");
    assert_eq!(doc["region_academique"], "Corse");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("{\n  \"schema_version\": \"1.1\","));
}

#[test]
fn compact_output_is_one_line() {
    let dir = common::fixtures_dir();
    let out = restitution().current_dir(&dir).args(["convert", "--compact", "samples/corse-w14.docx"]).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn output_file_is_written_whole() {
    let tmp = std::env::temp_dir().join(format!("restitution-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp dir");
    let target = tmp.join("out.json");
    let input = common::fixtures_dir().join("samples/bretagne-legacy.docx");
    let out = restitution().arg("convert").arg(&input).arg("-o").arg(&target).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).expect("written")).expect("JSON");
    assert_eq!(doc["region_academique"], "Bretagne");
    let leftovers: Vec<_> = std::fs::read_dir(&tmp).expect("dir").flatten().filter(|e| e.file_name() != "out.json").collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_file_that_is_not_a_document_gives_a_coded_error_line() {
    let tmp = std::env::temp_dir().join(format!("restitution-cli-png-{}.docx", std::process::id()));
    std::fs::write(&tmp, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let out = restitution().arg("convert").arg(&tmp).output().expect("runs");
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error[format_non_pris_en_charge]: "), "{err}");
}

#[test]
fn a_missing_file_is_unreadable() {
    let out = restitution().args(["convert", "no/such/file.pdf"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[fichier_illisible]: no/such/file.pdf: "));
}

#[test]
fn usage_errors_exit_2() {
    let out = restitution().args(["convert"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = restitution().args(["frobnicate"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_explains_the_error_codes() {
    let out = restitution().args(["convert", "--help"]).output().expect("runs");
    let help = String::from_utf8(out.stdout).expect("UTF-8");
    for code in ["format_non_pris_en_charge", "fichier_illisible", "chiffre", "sans_texte", "pas_une_restitution", "trop_volumineux"] {
        assert!(help.contains(code), "--help names {code}");
    }
}
