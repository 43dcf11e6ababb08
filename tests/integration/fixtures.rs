//! Every fixture (a document with a `.expected.json` or `.expected-error` sidecar) converts
//! to its whole expected JSON, or fails with its expected error code.

use crate::common;

use serde_json::Value;

#[test]
fn every_fixture_gives_its_expected_output() {
    let mut failures = Vec::new();
    let cases = common::manifest();
    assert!(!cases.is_empty(), "the manifest lists fixtures");
    for case in &cases {
        let bytes =
            std::fs::read(&case.file).unwrap_or_else(|e| panic!("{}: {e}", case.file.display()));
        let label = case
            .file
            .strip_prefix(common::fixtures_dir())
            .unwrap_or(&case.file)
            .display()
            .to_string();
        match (&case.expected, &case.error) {
            (Some(expected), _) => {
                let want: Value = serde_json::from_str(
                    &std::fs::read_to_string(expected).expect("expected JSON"),
                )
                .expect("expected file is JSON");
                // source.fichier is what the caller names the file: name it as expected.
                let name = want["source"]["fichier"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                match restitution::convert(&name, &bytes) {
                    Ok(doc) => {
                        let got: Value = serde_json::from_str(&restitution::to_json(&doc, true))
                            .expect("our JSON");
                        // Warning messages are for people: compare codes and fields.
                        let diffs = common::diff(
                            &common::comparable(want.clone()),
                            &common::comparable(got),
                        );
                        if !diffs.is_empty() {
                            failures.push(format!("{label}:\n    {}", diffs.join("\n    ")));
                        }
                    }
                    Err(e) => failures.push(format!("{label}: error[{}] {}", e.code, e.message())),
                }
            }
            (None, Some(code)) => match restitution::convert(&label, &bytes) {
                Ok(_) => failures.push(format!("{label}: converted, want error {code}")),
                Err(e) if e.code.as_str() != code => failures.push(format!(
                    "{label}: error {} ({}), want {code}",
                    e.code,
                    e.message()
                )),
                Err(_) => {}
            },
            _ => failures.push(format!("{label}: manifest entry without expected or error")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn two_runs_give_byte_identical_output() {
    for case in common::manifest().iter().filter(|c| c.expected.is_some()) {
        let bytes = std::fs::read(&case.file).expect("fixture");
        let first = restitution::convert("x", &bytes).map(|d| restitution::to_json(&d, true));
        let second = restitution::convert("x", &bytes).map(|d| restitution::to_json(&d, true));
        assert_eq!(first, second, "{}", case.file.display());
    }
}
