//! Text normalization (SPEC "Text normalization").

/// NFC, every run of white space (spaces, tabs, line breaks, NBSP, narrow NBSP…)
/// collapsed to one space, trimmed.
pub fn clean(s: &str) -> String {
    todo!("normalize::text::clean {s}")
}

/// Join the lines of a paragraph wrapped in a PDF: a space between lines, except after
/// a line ending with a hyphen (`Etats-` / `Collectivités`), which joins directly and
/// keeps the hyphen. The result is `clean`ed.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    todo!("normalize::text::join_lines {}", lines.len())
}

/// Remove a leading bullet marker (▶ ► • ● ▪ ➢ - – *, Wingdings private-use bullets
/// U+F0A7 U+F0D8 U+F0FC…, "1." / "a)" list numbering) and the space after it.
/// Returns the rest (not cleaned) and whether a marker was removed.
pub fn strip_bullet(s: &str) -> (&str, bool) {
    todo!("normalize::text::strip_bullet {s}")
}

/// Is this (already cleaned) text a template placeholder rather than data:
/// `à compléter` / `A compléter` (any case, optional leading `:`), `...`, `…`, an empty
/// bullet, the template's instruction texts.
pub fn is_placeholder(s: &str) -> bool {
    todo!("normalize::text::is_placeholder {s}")
}

/// A key for comparing labels: lower case, accents removed, œ→oe, every run of
/// non-alphanumeric characters turned into one space, trimmed.
/// `"Nom de la Région  académique :"` → `"nom de la region academique"`.
pub fn fold(s: &str) -> String {
    todo!("normalize::text::fold {s}")
}
