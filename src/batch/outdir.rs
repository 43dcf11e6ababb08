//! The files of `--out-dir`: where each document goes, distinct for every candidate, and
//! the files already there that no candidate of the batch writes any more.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The index of `--incremental`, at the top of the out-dir (see `cache`).
pub const INDEX_NAME: &str = ".restitution-index.json";

/// Where one document goes: `NAME.json` when converted, `NAME.error.json` otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `NAME.json` relative to the out-dir, `/`-separated (the key of the index).
    pub rel: String,
    pub json: PathBuf,
    pub error: PathBuf,
}

/// The targets of documents named `fichiers`, in their order. Each mirrors its `fichier`
/// below `dir`, an archive's members in a folder named after the archive
/// (`a.zip!/x/y.docx` → `DIR/a.zip/x/y.docx.json`); empty, `.` and `..` components are
/// dropped, so nothing lands outside `dir`. Names that would still meet (`x.pdf` and
/// `./x.pdf`; the file `x.pdf.error` and the error report of `x.pdf`; a file and a
/// folder; names differing only by case, which are one file on macOS and Windows) are
/// numbered at the end, the later one `x.pdf (2).json` (never a name that looks like
/// the error report of another).
pub fn targets(dir: &Path, fichiers: &[&str]) -> Vec<Target> {
    let mirrored: Vec<Vec<String>> = fichiers.iter().map(|f| mirror(f)).collect();
    let folders: HashSet<String> = mirrored
        .iter()
        .flat_map(|parts| folder_keys(parts))
        .collect();
    let mut files: HashSet<String> = HashSet::from([INDEX_NAME.to_lowercase()]);
    mirrored
        .iter()
        .map(|parts| {
            let stem = parts.join("/");
            let free = (1..)
                .map(|n| {
                    if n == 1 {
                        stem.clone()
                    } else {
                        format!("{stem} ({n})")
                    }
                })
                .find(|stem| {
                    [json_name(stem), error_name(stem)]
                        .iter()
                        .all(|name| !files.contains(&key(name)) && !folders.contains(&key(name)))
                })
                .unwrap_or_default();
            files.insert(key(&json_name(&free)));
            files.insert(key(&error_name(&free)));
            Target {
                rel: json_name(&free),
                json: dir.join(json_name(&free)),
                error: dir.join(error_name(&free)),
            }
        })
        .collect()
}

/// The `fichier` as path components below the out-dir.
fn mirror(fichier: &str) -> Vec<String> {
    let parts: Vec<String> = fichier
        .replace("!/", "/")
        .split('/')
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
        .map(str::to_string)
        .collect();
    if parts.is_empty() {
        vec!["document".to_string()]
    } else {
        parts
    }
}

/// The folders a target needs, as keys.
fn folder_keys(parts: &[String]) -> Vec<String> {
    (1..parts.len())
        .map(|n| key(&parts[..n].join("/")))
        .collect()
}

/// Names are compared without case: one file on case-insensitive file systems.
fn key(name: &str) -> String {
    name.to_lowercase()
}

fn json_name(stem: &str) -> String {
    format!("{stem}.json")
}

fn error_name(stem: &str) -> String {
    format!("{stem}.error.json")
}

/// The `.json` files under `dir` that none of `targets` writes (their input is gone,
/// renamed, or not part of this batch), sorted. Hidden files (the index, temporary
/// files) are not outputs; symbolic links are not followed.
pub fn stale(dir: &Path, targets: &[Target]) -> Vec<PathBuf> {
    let written: HashSet<&Path> = targets
        .iter()
        .flat_map(|t| [t.json.as_path(), t.error.as_path()])
        .collect();
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            match entry.file_type() {
                Ok(t) if t.is_dir() => folders.push(entry.path()),
                Ok(t) if t.is_file() && name.ends_with(".json") && !name.starts_with('.') => {
                    let path = entry.path();
                    if !written.contains(path.as_path()) {
                        found.push(path);
                    }
                }
                _ => {}
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(fichiers: &[&str]) -> Vec<String> {
        targets(Path::new("/out"), fichiers)
            .into_iter()
            .map(|t| t.rel)
            .collect()
    }

    #[test]
    fn the_tree_is_mirrored_and_stays_inside() {
        assert_eq!(
            rels(&[
                "a/b.docx",
                "x/arch.zip!/in/c.pdf",
                "../../etc/passwd",
                "/abs/d.pdf",
                "urgent!.docx",
                ".."
            ]),
            [
                "a/b.docx.json",
                "x/arch.zip/in/c.pdf.json",
                "etc/passwd.json",
                "abs/d.pdf.json",
                "urgent!.docx.json",
                "document.json"
            ]
        );
        let t = &targets(Path::new("/out"), &["a/b.docx"])[0];
        assert_eq!(t.json, Path::new("/out/a/b.docx.json"));
        assert_eq!(t.error, Path::new("/out/a/b.docx.error.json"));
    }

    #[test]
    fn names_that_would_meet_are_numbered() {
        assert_eq!(
            rels(&["x.pdf", "./x.pdf", "../x.pdf"]),
            ["x.pdf.json", "x.pdf (2).json", "x.pdf (3).json"]
        );
        assert_eq!(
            rels(&["x.pdf", "x.pdf.error"]),
            ["x.pdf.json", "x.pdf.error (2).json"]
        );
        assert_eq!(rels(&["X.pdf", "x.PDF"]), ["X.pdf.json", "x.PDF (2).json"]);
        assert_eq!(
            rels(&["a.zip!/x.pdf", "a.zip/x.pdf"]),
            ["a.zip/x.pdf.json", "a.zip/x.pdf (2).json"]
        );
        // A file whose report would be a folder another document needs.
        assert_eq!(
            rels(&["d", "d.json/y.pdf"]),
            ["d (2).json", "d.json/y.pdf.json"]
        );
        assert_eq!(
            rels(&[".restitution-index"]),
            [".restitution-index (2).json"]
        );
    }
}
