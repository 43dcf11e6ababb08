//! Shared by the integration tests: the fixtures (found by their sidecars) and a JSON diff that names
//! the differing paths.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// An empty scratch folder for one test, named by its module and test (and the process,
/// so that two runs at once do not meet).
pub fn scratch(area: &str, test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("restitution-{area}-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The `restitution` binary, to run.
pub fn restitution() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_restitution"))
}

/// Where a shared sample is (`fixtures/samples/NAME`).
pub fn sample_path(name: &str) -> PathBuf {
    fixtures_dir().join("samples").join(name)
}

/// A shared sample's bytes.
pub fn sample(name: &str) -> Vec<u8> {
    let path = sample_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A zip archive of `members` (name, bytes), in memory.
pub fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

/// Every file under `dir`, recursively (links are not followed into folders).
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(files(&path))
        } else {
            out.push(path)
        }
    }
    out
}

/// No temporary output file is left anywhere under `dir`.
pub fn no_temporary_files(dir: &Path) {
    let tmp: Vec<_> = files(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".tmp"))
        .collect();
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
}

/// The JSON lines of a batch's output, each parsed.
pub fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// One fixture: a document and its expected JSON or error code.
pub struct Case {
    pub file: PathBuf,
    pub expected: Option<PathBuf>,
    pub error: Option<String>,
}

/// Folders of `fixtures/` that hold no document with a sidecar: generator inputs
/// (`truths`, `assets`), the PDF reader's own test files (`pdf`, tests/integration/pdf_*.rs), the
/// inputs of tests/integration/hostile.rs (`hostile`), and the scans, which tests/integration/scan.rs converts
/// (OCR is slow and needs tesseract).
const NOT_DOCUMENTS: &[&str] = &["truths", "assets", "pdf", "hostile", "scan", "gen"];

/// What sits beside the documents and is not one.
fn is_document(name: &str) -> bool {
    const NOT_ENDINGS: &[&str] = &[
        ".expected.json",
        ".expected-error",
        ".pending",
        ".html",
        ".md",
        ".py",
        ".sh",
    ];
    !NOT_ENDINGS.iter().any(|end| name.ends_with(end))
        && !matches!(name, "manifest.json" | "corse-seed.truth.json")
        && !name.starts_with('.')
}

/// Every fixture, found by its sidecar: `NAME.expected.json` (the whole expected JSON)
/// or `NAME.expected-error` (the error code). A document whose sidecar is still
/// `NAME.expected.json.pending` (the converter does not pass it yet) is left out. A
/// document with no sidecar at all is a mistake: the test says so.
pub fn manifest() -> Vec<Case> {
    let dir = fixtures_dir();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !NOT_DOCUMENTS.contains(&e.file_name().to_string_lossy().as_ref()))
        .map(|e| e.path())
        .collect();
    folders.sort();
    let mut cases = Vec::new();
    for folder in folders {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("fixture folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| is_document(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let beside = |ending: &str| {
                let mut name = file.clone().into_os_string();
                name.push(ending);
                PathBuf::from(name)
            };
            let (expected, error) = (beside(".expected.json"), beside(".expected-error"));
            if beside(".expected.json.pending").exists() {
                continue;
            }
            let case = if expected.exists() {
                Case {
                    file,
                    expected: Some(expected),
                    error: None,
                }
            } else if error.exists() {
                let code = std::fs::read_to_string(&error).expect("expected-error");
                Case {
                    file,
                    expected: None,
                    error: Some(code.trim().to_string()),
                }
            } else {
                panic!("{}: no expectation beside it", file.display());
            };
            cases.push(case);
        }
    }
    cases
}

/// Every JSON path where `got` differs from `want`, with both values.
pub fn diff(want: &Value, got: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at("", want, got, &mut out);
    out
}

fn diff_at(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let wk: Vec<&String> = w.keys().collect();
            let gk: Vec<&String> = g.keys().collect();
            if wk != gk {
                out.push(format!("{path}: keys {wk:?} != {gk:?}"));
            }
            for (k, wv) in w {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match g.get(k) {
                    Some(gv) => diff_at(&p, wv, gv, out),
                    None => out.push(format!("{p}: missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            for i in 0..w.len().max(g.len()) {
                let p = format!("{path}[{i}]");
                match (w.get(i), g.get(i)) {
                    (Some(wv), Some(gv)) => diff_at(&p, wv, gv, out),
                    (Some(wv), None) => out.push(format!("{p}: missing, want {wv}")),
                    (None, Some(gv)) => out.push(format!("{p}: extra {gv}")),
                    (None, None) => {}
                }
            }
        }
        _ if want != got => out.push(format!("{path}: want {want} got {got}")),
        _ => {}
    }
}

/// The document as a truth can predict it: warnings without their messages (consumers
/// rely on codes and fields; messages are free text for people) and unplaced texts
/// without their origins (a truth knows what was written, not where a producer put it).
pub fn comparable(mut doc: Value) -> Value {
    for (list, key) in [
        ("avertissements", "message"),
        ("texte_non_repris", "origine"),
    ] {
        if let Some(items) = doc.get_mut(list).and_then(Value::as_array_mut) {
            for item in items {
                if let Some(obj) = item.as_object_mut() {
                    obj.remove(key);
                }
            }
        }
    }
    doc
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir").flatten() {
            if entry.file_type().expect("type").is_dir() {
                stack.push(entry.path());
            } else {
                out.push(
                    entry
                        .path()
                        .strip_prefix(dir)
                        .expect("under")
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    out.sort();
    out
}
