//! Symbol fonts: the characters that Wingdings, Wingdings 2, Webdings, Symbol and
//! ZapfDingbats draw for the codes that forms use as checkboxes and bullets.
//!
//! Word writes such a character as `w:sym w:font="Wingdings" w:char="F0FE"`, LibreOffice
//! as the private-use character U+F0FE in a Wingdings run, and a PDF as code 0xFE in a
//! Wingdings font without a usable ToUnicode. Every reader maps them here to the
//! Unicode character the font draws, so that the rest of the pipeline sees ☒ ☐ ▶ •.

/// The Unicode character a symbol font draws for `code` (0x20..=0xFF, or the
/// private-use form 0xF020..=0xF0FF), when it is one that forms use; `None` otherwise.
pub fn symbol_char(font: &str, code: u32) -> Option<char> {
    let code = if (0xF000..=0xF0FF).contains(&code) { code - 0xF000 } else { code };
    if code > 0xFF {
        return None;
    }
    let font = font.to_ascii_lowercase();
    let table: &[(u32, char)] = if font.contains("wingdings 2") || font.contains("wingdings2") {
        WINGDINGS_2
    } else if font.contains("wingdings 3") || font.contains("wingdings3") {
        WINGDINGS_3
    } else if font.contains("wingdings") {
        WINGDINGS
    } else if font.contains("webdings") {
        WEBDINGS
    } else if font.contains("zapf") || font.contains("dingbats") {
        ZAPF_DINGBATS
    } else if font.contains("symbol") && !font.contains("segoe") && !font.contains("opensymbol") {
        SYMBOL
    } else {
        return None;
    };
    table.iter().find(|(c, _)| *c == code).map(|(_, ch)| *ch)
}

/// Is this a private-use character of the kind symbol fonts are written with?
pub fn is_symbol_private_use(c: char) -> bool {
    ('\u{F020}'..='\u{F0FF}').contains(&c)
}

/// Map private-use characters written in a symbol-font run to what the font draws;
/// other characters are kept.
pub fn map_private_use(font: &str, text: &str) -> String {
    text.chars()
        .map(|c| if is_symbol_private_use(c) { symbol_char(font, c as u32).unwrap_or(c) } else { c })
        .collect()
}

// Wingdings (Microsoft's Wingdings 2.x code chart).
const WINGDINGS: &[(u32, char)] = &[
    (0x6C, '●'), // black circle
    (0x6E, '■'), // black square
    (0x6F, '☐'), // white square, used as an empty box
    (0x70, '☐'), // white square (bold outline)
    (0x71, '☐'), // ❑ shadowed white square, used as an empty box
    (0x72, '☐'), // ❒ shadowed white square
    (0x76, '❖'), // black diamond minus white X, a bullet
    (0x77, '⬥'), // black medium diamond, a bullet
    (0x78, '☒'), // ⌧ X in a rectangle box
    (0x9F, '•'), // bullet
    (0xA1, '○'), // white circle
    (0xA7, '▪'), // black small square, a bullet
    (0xA8, '☐'), // ◻ white medium square, the usual empty box
    (0xD8, '➢'), // three-D top-lighted rightwards arrowhead, a bullet
    (0xE0, '➔'), // arrows used as bullets
    (0xE8, '➔'),
    (0xF0, '⇨'),
    (0xFB, '✗'), // ballot x
    (0xFC, '✓'), // check mark
    (0xFD, '☒'), // ballot box with x
    (0xFE, '☑'), // ballot box with bold check
];

// Wingdings 2.
const WINGDINGS_2: &[(u32, char)] = &[
    (0x2A, '☐'), // ballot box
    (0x4F, '✗'), // ballot x
    (0x50, '✓'), // check mark
    (0x51, '☒'), // ballot box with x
    (0x52, '☑'), // ballot box with check
    (0x53, '☒'), // ballot box with x (bold)
    (0x54, '☒'), // ballot box with script x
    (0x97, '•'), // bullets
    (0x98, '•'),
    (0xA3, '☐'), // white square
    (0xA4, '☐'),
];

// Wingdings 3: arrowheads used as bullets.
const WINGDINGS_3: &[(u32, char)] = &[(0x7D, '▶'), (0x75, '▶'), (0xC6, '▶'), (0x84, '▶')];

// Webdings.
const WEBDINGS: &[(u32, char)] = &[(0x63, '☐'), (0x61, '✓'), (0x72, '✗'), (0x34, '▶'), (0x3D, '•')];

// Symbol.
const SYMBOL: &[(u32, char)] = &[(0xB7, '•'), (0xD6, '✓'), (0xA8, '♦'), (0xAE, '→')];

// ZapfDingbats (ITC), the standard-14 dingbat font.
const ZAPF_DINGBATS: &[(u32, char)] = &[
    (0x33, '✓'),
    (0x34, '✔'),
    (0x35, '✗'),
    (0x36, '✘'),
    (0x37, '✗'),
    (0x38, '✘'),
    (0x6C, '●'),
    (0x6E, '■'),
    (0x6F, '☐'), // ❏
    (0x70, '☐'), // ❐
    (0x71, '☐'), // ❑
    (0x72, '☐'), // ❒
    (0x75, '◆'),
    (0xA4, '❥'),
    (0xA8, '♣'),
    (0xD8, '➘'),
    (0xE0, '➠'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wingdings_boxes_in_both_code_forms() {
        assert_eq!(symbol_char("Wingdings", 0xF0FE), Some('☑'));
        assert_eq!(symbol_char("Wingdings", 0xFD), Some('☒'));
        assert_eq!(symbol_char("Wingdings", 0xF0A8), Some('☐'));
        assert_eq!(symbol_char("Wingdings", 0xF06F), Some('☐'));
        assert_eq!(symbol_char("Wingdings", 0xF078), Some('☒'));
        assert_eq!(symbol_char("Wingdings", 0xF0D8), Some('➢'));
    }

    #[test]
    fn wingdings_2_is_not_wingdings() {
        assert_eq!(symbol_char("Wingdings 2", 0xF054), Some('☒'));
        assert_eq!(symbol_char("Wingdings 2", 0xF0A3), Some('☐'));
        assert_eq!(symbol_char("Wingdings", 0xF054), None);
    }

    #[test]
    fn unknown_fonts_and_codes_are_none() {
        assert_eq!(symbol_char("Arial", 0xF0FE), None);
        assert_eq!(symbol_char("Wingdings", 0x41), None);
        assert_eq!(map_private_use("Wingdings", "\u{F0A8} Chercheurs"), "☐ Chercheurs");
        assert_eq!(map_private_use("Calibri", "\u{F0A8}"), "\u{F0A8}");
    }
}
