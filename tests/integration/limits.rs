//! Each limit of `restitution::Limits`, lowered, refuses a shipped form with
//! `trop_volumineux` and a message naming the limit's flag; the defaults accept it.

use restitution::Limits;
use restitution::error::ErrorCode;

use crate::common;

fn refused(name: &str, limits: Limits, flag: &str) {
    let err = restitution::convert_with(name, &common::sample(name), &limits)
        .expect_err("over the limit");
    assert_eq!(
        err.code,
        ErrorCode::TropVolumineux,
        "{name} {flag}: {}",
        err.message()
    );
    assert!(
        err.message().contains(&format!("--{flag}")),
        "{name}: {}",
        err.message()
    );
}

#[test]
fn every_limit_is_enforced_and_named() {
    let d = Limits::default;
    for name in ["corse-w14.docx", "corse-w14.pdf"] {
        assert!(restitution::convert_with(name, &common::sample(name), &d()).is_ok());
        refused(
            name,
            Limits {
                max_input_bytes: 1000,
                ..d()
            },
            "max-input-mb",
        );
    }
    let docx = "corse-w14.docx";
    refused(
        docx,
        Limits {
            max_inflated_bytes: 1000,
            ..d()
        },
        "max-inflated-mb",
    );
    refused(
        docx,
        Limits {
            max_zip_entries: 3,
            ..d()
        },
        "max-zip-entries",
    );
    refused(
        docx,
        Limits {
            max_xml_depth: 4,
            ..d()
        },
        "max-xml-depth",
    );
    let pdf = "corse-w14.pdf";
    refused(
        pdf,
        Limits {
            max_pdf_pages: 3,
            ..d()
        },
        "max-pdf-pages",
    );
    refused(
        pdf,
        Limits {
            max_pdf_objects: 10,
            ..d()
        },
        "max-pdf-objects",
    );
    refused(
        pdf,
        Limits {
            max_stream_bytes: 100,
            ..d()
        },
        "max-stream-mb",
    );
}

#[test]
fn the_zip_bomb_fixture_names_the_ratio_limit() {
    let path = format!(
        "{}/fixtures/malformed/bombe-zip.docx",
        env!("CARGO_MANIFEST_DIR")
    );
    let err = restitution::convert("bombe-zip.docx", &std::fs::read(path).expect("fixture"))
        .expect_err("bomb");
    assert_eq!(err.code, ErrorCode::TropVolumineux);
    assert!(
        err.message().contains("--max-zip-ratio"),
        "{}",
        err.message()
    );
}

#[test]
fn the_flags_set_the_limits_of_convert_and_batch() {
    let pdf = format!(
        "{}/fixtures/samples/corse-w14.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = |args: &[&str]| common::restitution().args(args).output().expect("run");
    let out = run(&["convert", &pdf, "--max-pdf-pages", "3"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error[trop_volumineux]") && err.contains("--max-pdf-pages"),
        "{err}"
    );
    assert!(
        run(&["convert", &pdf, "--max-pdf-pages", "8"])
            .status
            .success()
    );
    let out = run(&["batch", &pdf, "--max-input-mb", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one error line");
    assert_eq!(line["erreur"]["code"], "trop_volumineux");
    assert!(
        line["erreur"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("--max-input-mb")
    );
}

/// Each flag added for issue 10, lowered on the command line of `convert` and `batch`,
/// refuses a file with `trop_volumineux` naming that flag.
#[test]
fn every_new_flag_bites_through_the_command_line() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let pdf = root.join("samples/corse-w14.pdf");
    let docx = root.join("samples/corse-w14.docx");
    let cases: [(&str, &str, &std::path::Path); 9] = [
        ("max-decoded-mb", "0", &pdf),
        ("max-operations", "100", &pdf),
        ("max-pdf-values", "3", &pdf),
        ("max-glyphs-per-page", "10", &pdf),
        ("max-glyphs", "100", &pdf),
        ("max-fonts", "1", &pdf),
        ("max-cmap-entries", "10", &pdf),
        ("max-blocks", "10", &docx),
        ("max-table-depth", "0", &docx),
    ];
    for (flag, value, file) in cases {
        let out = common::restitution()
            .arg("convert")
            .arg(file)
            .args([&format!("--{flag}"), value])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "--{flag}: {err}");
        assert!(
            err.starts_with("error[trop_volumineux]") && err.contains(&format!("--{flag})")),
            "--{flag}: {err}"
        );
        let out = common::restitution()
            .arg("batch")
            .arg(file)
            .args([&format!("--{flag}"), value])
            .output()
            .expect("run");
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one line");
        assert_eq!(line["erreur"]["code"], "trop_volumineux", "--{flag}");
        assert!(
            line["erreur"]["message"]
                .as_str()
                .unwrap_or_default()
                .contains(&format!("--{flag})")),
            "--{flag}: {line}"
        );
    }
}

/// A Form drawn ten times is decoded once while cached: within 1 MB of decoded streams.
/// With `--max-cached-operations 0` it is decoded at each draw (4 MB) and refused.
#[test]
fn the_form_cache_flag_bites() {
    let pdf = format!(
        "{}/fixtures/hostile/xobject-cache.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = |extra: &[&str]| {
        let out = common::restitution()
            .args(["convert", &pdf, "--max-decoded-mb", "1"])
            .args(extra)
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let cached = run(&[]);
    assert!(
        cached.starts_with("error[") && !cached.contains("--max-decoded-mb"),
        "{cached}"
    );
    let uncached = run(&["--max-cached-operations", "0"]);
    assert!(
        uncached.starts_with("error[trop_volumineux]") && uncached.contains("--max-decoded-mb)"),
        "{uncached}"
    );
}
