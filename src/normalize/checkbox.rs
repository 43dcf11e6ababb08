//! Checkbox glyphs and typed marks (SPEC "Checkboxes").

/// The state a checkbox glyph shows: `Some(true)` for ☒ ☑ ✓ ✔ ✗ ✘ ■ ⊠ (and their
/// private-use Wingdings/Wingdings 2 code points), `Some(false)` for ☐ □ (and theirs),
/// `None` for any other character.
pub fn glyph_state(c: char) -> Option<bool> {
    match c {
        '☒' | '☑' | '✓' | '✔' | '✗' | '✘' | '■' | '⊠' | '⌧' | '▣' | '🗹' | '🗷' | '🗵' | '🗸' => Some(true),
        '☐' | '□' | '◻' | '❑' | '❒' | '❏' | '❐' | '▢' | '⬜' => Some(false),
        // Wingdings code points written as private-use characters (symbols.rs maps
        // them when the font is known; these are the common ones when it is not).
        '\u{F0FE}' | '\u{F0FD}' | '\u{F078}' | '\u{F0FC}' | '\u{F0FB}' => Some(true),
        '\u{F0A8}' | '\u{F06F}' | '\u{F071}' | '\u{F070}' => Some(false),
        // Wingdings 2's boxes, as LibreOffice exports them when it substitutes
        // OpenSymbol and the font name is lost.
        '\u{F051}' | '\u{F052}' | '\u{F053}' | '\u{F054}' => Some(true),
        '\u{F0A3}' | '\u{F02A}' => Some(false),
        _ => None,
    }
}

/// A checkbox written as text at the start of `s`: a glyph (`☒ Présentiel`), a typed
/// mark in or before a box (`[X] Présentiel`, `X ☐ Présentiel`, `☐X Présentiel`,
/// `(x) Présentiel`). Returns the state and the rest of the text after the box.
pub fn leading_box(s: &str) -> Option<(bool, &str)> {
    let t = s.trim_start();
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    let after = |i: usize| t[i..].trim_start();
    // A glyph, possibly with a typed X in or right after it.
    if let Some(state) = glyph_state(first) {
        let rest = after(first.len_utf8());
        if !state && let Some(r) = typed_x(rest) {
            return Some((true, r));
        }
        return Some((state, rest));
    }
    // Brackets: [X] [ ] (x) ( ).
    if first == '[' || first == '(' {
        let close = if first == '[' { ']' } else { ')' };
        let inner_end = t.find(close)?;
        let inner = t[1..inner_end].trim();
        let rest = after(inner_end + 1);
        return match inner {
            "" => Some((false, rest)),
            "x" | "X" | "✓" | "✔" | "☒" => Some((true, rest)),
            _ => None,
        };
    }
    // A typed X before a label or before an empty box.
    typed_x(t).map(|rest| match rest.chars().next().and_then(glyph_state) {
        Some(_) => (true, after(t.len() - rest.len() + rest.chars().next().map_or(0, char::len_utf8))),
        None => (true, rest),
    })
}

/// `X Label` / `x Label` / `X☐`: a lone X followed by a space or a box.
fn typed_x(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c != 'X' && c != 'x' {
        return None;
    }
    let rest = &s[1..];
    let next = rest.chars().next()?;
    if next.is_whitespace() || glyph_state(next).is_some() {
        let trimmed = rest.trim_start();
        return (!trimmed.is_empty()).then_some(trimmed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs() {
        for c in ['☒', '☑', '✓', '✔', '✗', '✘', '■', '⊠', '\u{F0FE}', '\u{F0FD}', '\u{F078}'] {
            assert_eq!(glyph_state(c), Some(true), "{c}");
        }
        for c in ['☐', '□', '\u{F0A8}', '\u{F06F}'] {
            assert_eq!(glyph_state(c), Some(false), "{c}");
        }
        assert_eq!(glyph_state('a'), None);
        assert_eq!(glyph_state('▶'), None);
    }

    #[test]
    fn leading_boxes() {
        assert_eq!(leading_box("☒ Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("☐ Distanciel"), Some((false, "Distanciel")));
        assert_eq!(leading_box("[X] Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("[ ] Présentiel"), Some((false, "Présentiel")));
        assert_eq!(leading_box("(x) Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("X ☐ Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("☐X Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("☐ X Présentiel"), Some((true, "Présentiel")));
        assert_eq!(leading_box("X Chercheurs"), Some((true, "Chercheurs")));
        assert_eq!(leading_box("Chercheurs"), None);
        assert_eq!(leading_box("Xavier Dupont"), None);
        assert_eq!(leading_box("(DANE)"), None);
    }
}
