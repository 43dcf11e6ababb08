//! The names a batch writes: `source.fichier` of each candidate and the `--out-dir` file
//! of each document. A name is readable (NFC, invalid bytes escaped) and no two
//! candidates ever share one: the later of two equal names is numbered, never skipped.

use std::collections::HashSet;
use std::ffi::OsStr;

use unicode_normalization::UnicodeNormalization;

/// A file name as text: in NFC (macOS writes names decomposed, NFD), with each byte that
/// is not UTF-8 written `\xE9`, so that two different names never collapse into one (as
/// they would with `�`).
pub fn display_name(name: &OsStr) -> String {
    escaped(name.as_encoded_bytes())
}

/// Bytes that should be UTF-8 as text, as `display_name` writes them.
pub fn escaped(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.extend(chunk.valid().nfc());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// `name` with the number `n` before the extension of its last component:
/// `a/x.pdf` → `a/x (2).pdf`, `Corse` → `Corse (2)`, `.cache` → `.cache (2)`.
pub fn numbered(name: &str, n: usize) -> String {
    let (folder, base) = match name.rsplit_once('/') {
        Some((folder, base)) => (Some(folder), base),
        None => (None, name),
    };
    let base = match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{base} ({n})"),
    };
    match folder {
        Some(folder) => format!("{folder}/{base}"),
        None => base,
    }
}

/// Distinct names for `names`, in their order: the first of equal names keeps it, each
/// later one gets the lowest number whose name no other entry has or was given.
/// `None` where the name is kept.
pub fn distinct(names: &[&str]) -> Vec<Option<String>> {
    let mut taken: HashSet<String> = names.iter().map(|n| n.to_string()).collect();
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|&name| {
            if seen.insert(name) {
                return None;
            }
            let free = (2..)
                .map(|n| numbered(name, n))
                .find(|c| !taken.contains(c))
                .unwrap_or_default();
            taken.insert(free.clone());
            Some(free)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_nfc() {
        let decomposed = "Re\u{301}gion.docx";
        assert_eq!(display_name(OsStr::new(decomposed)), "R\u{e9}gion.docx");
    }

    #[cfg(unix)]
    #[test]
    fn invalid_bytes_are_escaped_and_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = display_name(OsStr::from_bytes(b"r\xe9sum\xe9.pdf"));
        assert_eq!(latin1, "r\\xE9sum\\xE9.pdf");
        assert_ne!(
            display_name(OsStr::from_bytes(b"\xe9.pdf")),
            display_name(OsStr::from_bytes(b"\xe8.pdf"))
        );
    }

    #[test]
    fn numbers_go_before_the_extension_of_the_last_component() {
        assert_eq!(numbered("a.b/x.pdf", 2), "a.b/x (2).pdf");
        assert_eq!(numbered("Corse", 3), "Corse (3)");
        assert_eq!(numbered("d/.cache", 2), "d/.cache (2)");
        assert_eq!(numbered("lot.zip!/x.docx", 2), "lot.zip!/x (2).docx");
    }

    #[test]
    fn later_equal_names_are_numbered_around_existing_ones() {
        let names = ["x.pdf", "x.pdf", "x (2).pdf", "x.pdf", "y.pdf"];
        assert_eq!(
            distinct(&names),
            [
                None,
                Some("x (3).pdf".into()),
                None,
                Some("x (4).pdf".into()),
                None
            ]
        );
    }
}
