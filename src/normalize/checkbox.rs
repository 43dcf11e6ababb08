//! Checkbox glyphs and typed marks (SPEC "Checkboxes").

/// The state a checkbox glyph shows: `Some(true)` for ☒ ☑ ✓ ✔ ✗ ✘ ■ ⊠ (and their
/// private-use Wingdings/Wingdings 2 code points), `Some(false)` for ☐ □ (and theirs),
/// `None` for any other character.
///
/// Symbol fonts put their glyphs at U+F000 + the byte code (what LibreOffice PDFs and
/// re-saved DOCX carry, and what `w:sym w:char` holds). The same code means different
/// glyphs in different fonts; only the codes that are a box or a mark in Wingdings or
/// Wingdings 2 and nothing box-like in the other are mapped. Where the two fonts
/// disagree on a box state, Wingdings wins (Word's and LibreOffice's default):
/// U+F0A8 is ◻ (Wingdings) not ▣ (Wingdings 2). Left out on purpose: U+F0A1, U+F0A2,
/// U+F0A4 (circles in Wingdings, squares in Wingdings 2), Webdings codes (they collide
/// with Wingdings: U+F061 is ✓ in Webdings, ♋ in Wingdings), and `▪` (a bullet).
pub fn glyph_state(c: char) -> Option<bool> {
    match c {
        // ---- checked: Unicode ----
        '☒' // U+2612 ballot box with X
        | '☑' // U+2611 ballot box with check
        | '✓' // U+2713 check mark
        | '✔' // U+2714 heavy check mark
        | '✗' // U+2717 ballot X
        | '✘' // U+2718 heavy ballot X
        | '✕' // U+2715 multiplication X
        | '✖' // U+2716 heavy multiplication X
        | '■' // U+25A0 black square (a filled box)
        | '◼' // U+25FC black medium square
        | '⬛' // U+2B1B black large square
        | '⊠' // U+22A0 squared times
        | '▣' // U+25A3 white square containing black small square
        | '⌧' // U+2327 X in a rectangle box
        | '⮽' // U+2BBD ballot box with light X
        | '⛝' // U+26DD squared saltire
        | '❎' // U+274E negative squared cross mark
        | '✅' // U+2705 white heavy check mark
        | '🗵' // U+1F5F5 ballot box with script X
        | '🗷' // U+1F5F7 ballot box with bold script X
        | '🗹' // U+1F5F9 ballot box with bold check
        | '🗸' // U+1F5F8 light check mark
        | '🗴' // U+1F5F4 ballot script X
        // ---- checked: Wingdings (U+F000 + code) ----
        | '\u{F0FE}' // Wingdings 0xFE ☑ box with check
        | '\u{F0FD}' // Wingdings 0xFD ☒ box with X
        | '\u{F0FC}' // Wingdings 0xFC ✓ check mark
        | '\u{F0FB}' // Wingdings 0xFB ✗ ballot X
        | '\u{F078}' // Wingdings 0x78 ⌧ X in a rectangle box
        | '\u{F06E}' // Wingdings 0x6E ■ black square
        // ---- checked: Wingdings 2 ----
        | '\u{F04F}' // Wingdings 2 0x4F 🗴 ballot script X
        | '\u{F050}' // Wingdings 2 0x50 🗸 light check mark
        | '\u{F051}' // Wingdings 2 0x51 🗵 box with script X
        | '\u{F052}' // Wingdings 2 0x52 ☑ box with check
        | '\u{F053}' // Wingdings 2 0x53 ⮽ box with light X
        | '\u{F054}' // Wingdings 2 0x54 ☒ box with X
        => Some(true),

        // ---- unchecked: Unicode ----
        '☐' // U+2610 ballot box
        | '□' // U+25A1 white square
        | '❑' // U+2751 lower right shadowed white square
        | '❒' // U+2752 upper right shadowed white square
        | '❏' // U+274F lower right drop-shadowed white square
        | '❐' // U+2750 upper right drop-shadowed white square
        | '◻' // U+25FB white medium square
        | '▢' // U+25A2 white square with rounded corners
        | '⬜' // U+2B1C white large square
        | '◽' // U+25FD white medium small square
        | '🞎' // U+1F78E light white square
        // ---- unchecked: Wingdings ----
        | '\u{F0A8}' // Wingdings 0xA8 ◻ white medium square (Word's empty box)
        | '\u{F06F}' // Wingdings 0x6F □ white square
        | '\u{F070}' // Wingdings 0x70 bold white square
        | '\u{F071}' // Wingdings 0x71 ❑ shadowed white square
        | '\u{F072}' // Wingdings 0x72 ❒ shadowed white square
        // ---- unchecked: Wingdings 2 ----
        | '\u{F0A3}' // Wingdings 2 0xA3 □ white square (Word's "Wingdings 2" empty box)
        => Some(false),

        _ => None,
    }
}

/// Is `c` a typed cross (`X`, `x`)?
fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×')
}

/// `X` or `x` standing alone at the start of `t`: followed by white space or nothing.
/// Returns the text after it.
fn lone_x(t: &str) -> Option<&str> {
    let mut chars = t.chars();
    let c = chars.next()?;
    let after = chars.as_str();
    (is_x(c) && (after.is_empty() || after.starts_with(char::is_whitespace))).then_some(after)
}

/// A checkbox written as text at the start of `s`: a glyph (`☒ Présentiel`), a typed
/// mark in or before a box (`[X] Présentiel`, `X ☐ Présentiel`, `☐X Présentiel`,
/// `(x) Présentiel`). Returns the state and the rest of the text after the box.
///
/// Also: `[ ]`, `( )`, `[]` (unchecked), a glyph in brackets (`[✓]`), and a lone `X`
/// typed where the box was (`X Présentiel`, or a cell holding only `X`). An `X` that
/// starts a word (`Xavier`) is not a mark. The rest has its leading spaces removed.
pub fn leading_box(s: &str) -> Option<(bool, &str)> {
    let t = s.trim_start();
    let mut chars = t.chars();
    let first = chars.next()?;
    let after_first = chars.as_str();

    // A glyph, possibly with an X typed right after an empty box (`☐X`, `☐ X`).
    if let Some(state) = glyph_state(first) {
        let rest = after_first.trim_start();
        if !state && let Some(after_x) = lone_x(rest) {
            return Some((true, after_x.trim_start()));
        }
        return Some((state, rest));
    }

    // A box drawn with brackets: `[X]`, `(x)`, `[ ]`, `( )`, `[✓]`.
    if first == '[' || first == '(' {
        let close = if first == '[' { ']' } else { ')' };
        let inner_end = after_first.find(close)?;
        let inner = after_first[..inner_end].trim();
        let rest = after_first[inner_end + close.len_utf8()..].trim_start();
        let mut inner_chars = inner.chars();
        let state = match (inner_chars.next(), inner_chars.next()) {
            (None, _) => false,
            (Some(c), None) if is_x(c) => true,
            (Some(c), None) => glyph_state(c)?,
            _ => return None,
        };
        return Some((state, rest));
    }

    // An X typed against the box (`X☐ Présentiel`).
    if is_x(first)
        && let Some(next) = after_first
            .chars()
            .next()
            .filter(|c| glyph_state(*c).is_some())
    {
        return Some((true, after_first[next.len_utf8()..].trim_start()));
    }

    // An X typed before the box (`X ☐ Présentiel`) or instead of it (`X Présentiel`).
    if let Some(after_x) = lone_x(t) {
        let rest = after_x.trim_start();
        if let Some(next) = rest.chars().next()
            && glyph_state(next).is_some()
        {
            return Some((true, rest[next.len_utf8()..].trim_start()));
        }
        return Some((true, rest));
    }
    None
}

#[cfg(test)]
mod tests {
    //! One table of cases per function, input → expected, read in one loop each.
    //! The cases come from two independent readings of the SPEC.
    use super::*;

    /// `leading_box`: a paragraph → the state of the box (glyph or typed mark) it starts with and the label after it.
    const LEADING_BOXES: &[(&str, Option<(bool, &str)>)] = &[
        ("☒ Présentiel", Some((true, "Présentiel"))),
        ("☐ Distanciel", Some((false, "Distanciel"))),
        ("[X] Présentiel", Some((true, "Présentiel"))),
        ("[ ] Présentiel", Some((false, "Présentiel"))),
        ("(x) Présentiel", Some((true, "Présentiel"))),
        ("X ☐ Présentiel", Some((true, "Présentiel"))),
        ("☐X Présentiel", Some((true, "Présentiel"))),
        ("☐ X Présentiel", Some((true, "Présentiel"))),
        ("X Chercheurs", Some((true, "Chercheurs"))),
        ("Chercheurs", None),
        ("Xavier Dupont", None),
        ("(DANE)", None),
        ("  ☐Les 2", Some((false, "Les 2"))),
        ("\u{F0FE} Présentiel", Some((true, "Présentiel"))),
        ("\u{F0A8} Distanciel", Some((false, "Distanciel"))),
        ("■ Présentiel", Some((true, "Présentiel"))),
        ("☒", Some((true, ""))),
        (
            "☒ Équipes pédagogiques, éducatives administratives du premier degré",
            Some((
                true,
                "Équipes pédagogiques, éducatives administratives du premier degré",
            )),
        ),
        ("[x] Présentiel", Some((true, "Présentiel"))),
        ("[ X ] Présentiel", Some((true, "Présentiel"))),
        ("(X) Présentiel", Some((true, "Présentiel"))),
        ("[ ] Distanciel", Some((false, "Distanciel"))),
        ("[] Distanciel", Some((false, "Distanciel"))),
        ("( ) Distanciel", Some((false, "Distanciel"))),
        ("[✓] Présentiel", Some((true, "Présentiel"))),
        ("x☐ Présentiel", Some((true, "Présentiel"))),
        ("X☒ Présentiel", Some((true, "Présentiel"))),
        ("☐ x", Some((true, ""))),
        ("X Présentiel", Some((true, "Présentiel"))),
        ("x Présentiel", Some((true, "Présentiel"))),
        ("X", Some((true, ""))),
        ("Présentiel", None),
        ("☐ Xavier", Some((false, "Xavier"))),
        ("(DANE de Rennes)", None),
        ("[note] texte", None),
        ("[X texte", None),
        ("", None),
        ("   ", None),
        ("▶ Lourdeurs", None),
    ];

    /// `glyph_state`: a character → checked, unchecked, or not a box glyph (symbol-font
    /// private-use code points included).
    const GLYPHS: &[(char, Option<bool>)] = &[
        ('☒', Some(true)),
        ('☑', Some(true)),
        ('✓', Some(true)),
        ('✔', Some(true)),
        ('✗', Some(true)),
        ('✘', Some(true)),
        ('■', Some(true)),
        ('⊠', Some(true)),
        ('\u{F0FE}', Some(true)),
        ('\u{F0FD}', Some(true)),
        ('\u{F078}', Some(true)),
        ('☐', Some(false)),
        ('□', Some(false)),
        ('\u{F0A8}', Some(false)),
        ('\u{F06F}', Some(false)),
        ('▣', Some(true)),
        ('⌧', Some(true)),
        ('🗹', Some(true)),
        ('🗷', Some(true)),
        ('⮽', Some(true)),
        ('✅', Some(true)),
        ('\u{F0FC}', Some(true)),
        ('\u{F0FB}', Some(true)),
        ('\u{F052}', Some(true)),
        ('\u{F053}', Some(true)),
        ('\u{F054}', Some(true)),
        ('\u{F051}', Some(true)),
        ('\u{F050}', Some(true)),
        ('\u{F04F}', Some(true)),
        ('❑', Some(false)),
        ('❒', Some(false)),
        ('❏', Some(false)),
        ('◻', Some(false)),
        ('▢', Some(false)),
        ('⬜', Some(false)),
        ('\u{F071}', Some(false)),
        ('\u{F072}', Some(false)),
        ('\u{F0A3}', Some(false)),
        ('X', None),
        ('x', None),
        ('a', None),
        (' ', None),
        ('▶', None),
        ('▪', None),
        ('•', None),
        ('-', None),
        ('\u{F0D8}', None),
        ('\u{F0A7}', None),
        ('\u{F0B7}', None),
        ('\u{F0A2}', None),
        ('\u{F061}', None),
        ('○', None),
    ];

    #[test]
    fn leading_boxes() {
        for (input, expected) in LEADING_BOXES {
            assert_eq!(&leading_box(input), expected, "{input:?}");
        }
    }

    #[test]
    fn glyphs() {
        for (c, expected) in GLYPHS {
            assert_eq!(&glyph_state(*c), expected, "U+{:04X}", *c as u32);
        }
    }
}
