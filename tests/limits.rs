//! Each limit of `restitution::Limits`, lowered, refuses a shipped form with
//! `trop_volumineux` and a message naming the limit's flag; the defaults accept it.

use restitution::error::ErrorCode;
use restitution::Limits;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/samples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("sample")
}

fn refused(name: &str, limits: Limits, flag: &str) {
    let err = restitution::convert_with(name, &sample(name), &limits).expect_err("over the limit");
    assert_eq!(err.code, ErrorCode::TropVolumineux, "{name} {flag}: {}", err.message);
    assert!(err.message.contains(&format!("--{flag}")), "{name}: {}", err.message);
}

#[test]
fn every_limit_is_enforced_and_named() {
    let d = Limits::default;
    for name in ["corse-w14.docx", "corse-w14.pdf"] {
        assert!(restitution::convert_with(name, &sample(name), &d()).is_ok());
        refused(name, Limits { max_input_bytes: 1000, ..d() }, "max-input-mb");
    }
    let docx = "corse-w14.docx";
    refused(docx, Limits { max_inflated_bytes: 1000, ..d() }, "max-inflated-mb");
    refused(docx, Limits { max_zip_entries: 3, ..d() }, "max-zip-entries");
    refused(docx, Limits { max_xml_depth: 4, ..d() }, "max-xml-depth");
    let pdf = "corse-w14.pdf";
    refused(pdf, Limits { max_pdf_pages: 3, ..d() }, "max-pdf-pages");
    refused(pdf, Limits { max_pdf_objects: 10, ..d() }, "max-pdf-objects");
    refused(pdf, Limits { max_stream_bytes: 100, ..d() }, "max-stream-mb");
}

#[test]
fn the_zip_bomb_fixture_names_the_ratio_limit() {
    let path = format!("{}/fixtures/malformed/bombe-zip.docx", env!("CARGO_MANIFEST_DIR"));
    let err = restitution::convert("bombe-zip.docx", &std::fs::read(path).expect("fixture")).expect_err("bomb");
    assert_eq!(err.code, ErrorCode::TropVolumineux);
    assert!(err.message.contains("--max-zip-ratio"), "{}", err.message);
}
