//! Checkbox glyphs and typed marks (SPEC "Checkboxes").

/// The state a checkbox glyph shows: `Some(true)` for ☒ ☑ ✓ ✔ ✗ ✘ ■ ⊠ (and their
/// private-use Wingdings/Wingdings 2 code points), `Some(false)` for ☐ □ (and theirs),
/// `None` for any other character.
pub fn glyph_state(c: char) -> Option<bool> {
    todo!("normalize::checkbox::glyph_state {c}")
}

/// A checkbox written as text at the start of `s`: a glyph (`☒ Présentiel`), a typed
/// mark in or before a box (`[X] Présentiel`, `X ☐ Présentiel`, `☐X Présentiel`,
/// `(x) Présentiel`). Returns the state and the rest of the text after the box.
pub fn leading_box(s: &str) -> Option<(bool, &str)> {
    todo!("normalize::checkbox::leading_box {s}")
}
