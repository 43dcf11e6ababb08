//! Shared by the integration tests: the fixtures' manifest and a JSON diff that names
//! the differing paths.

// Each test crate uses a part of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// One entry of `fixtures/manifest.json`: a file and its expected JSON or error code.
pub struct Case {
    pub file: PathBuf,
    pub expected: Option<PathBuf>,
    pub error: Option<String>,
}

pub fn manifest() -> Vec<Case> {
    let dir = fixtures_dir();
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("fixtures/manifest.json");
    let entries: Vec<Value> = serde_json::from_str(&text).expect("manifest is JSON");
    entries
        .iter()
        .map(|e| Case {
            file: dir.join(e["file"].as_str().expect("file")),
            expected: e
                .get("expected")
                .and_then(Value::as_str)
                .map(|p| dir.join(p)),
            error: e.get("error").and_then(Value::as_str).map(str::to_string),
        })
        .collect()
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
