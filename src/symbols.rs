//! Symbol fonts: what Wingdings, ZapfDingbats, Symbol, OpenSymbol… draw for the codes
//! forms use as check boxes and bullets. Both readers use it: Word writes such a
//! character as `w:sym w:font="Wingdings" w:char="F0FE"`, LibreOffice as the
//! private-use character U+F0FE in a Wingdings run, and a PDF as a code of a symbol font
//! that maps to U+F0xx or has no usable `ToUnicode`.

/// Which symbol table a font name calls for. Tables follow the Unicode mappings of the
/// fonts, except that boxes with a check or a cross all read "☒" and empty boxes "☐".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolFont {
    /// Wingdings (and Webdings, OpenSymbol's Wingdings-compatible private-use area,
    /// MS Gothic / Segoe UI Symbol used for check boxes).
    Wingdings,
    /// Wingdings 2 (Word's check boxes ☒ ☑ £-box).
    Wingdings2,
    /// Wingdings 3 (arrows): no table yet, its codes are kept as they come.
    Wingdings3,
    /// ZapfDingbats / Dingbats.
    ZapfDingbats,
    /// Adobe Symbol.
    Symbol,
}

/// Classify a font's base name.
pub fn symbol_font(name: &str) -> Option<SymbolFont> {
    let n = name.to_ascii_lowercase().replace([' ', '-', '_'], "");
    if n.contains("wingdings2") {
        Some(SymbolFont::Wingdings2)
    } else if n.contains("wingdings3") {
        Some(SymbolFont::Wingdings3)
    } else if n.contains("wingdings")
        || n.contains("webdings")
        || n.contains("opensymbol")
        || n.contains("msgothic")
        || n.contains("segoeuisymbol")
    {
        Some(SymbolFont::Wingdings)
    } else if n.contains("zapfdingbats") || n.contains("dingbats") || n.contains("d050000l") {
        // D050000L: URW's ZapfDingbats, which Ghostscript and cairo embed in its place.
        Some(SymbolFont::ZapfDingbats)
    } else if n.contains("symbol") || n.contains("s050000l") {
        // S050000L: URW's Symbol (StandardSymbolsPS).
        Some(SymbolFont::Symbol)
    } else {
        None
    }
}

/// The text a symbol font draws for a one-byte code (the low byte of U+F0xx).
pub fn map(font: SymbolFont, code: u8) -> Option<String> {
    match font {
        SymbolFont::Wingdings => wingdings(code).map(str::to_string),
        SymbolFont::Wingdings2 => wingdings2(code).map(str::to_string),
        SymbolFont::Wingdings3 => None,
        SymbolFont::ZapfDingbats => zapf(code).map(str::to_string),
        SymbolFont::Symbol => symbol(code),
    }
}

fn wingdings(code: u8) -> Option<&'static str> {
    Some(match code {
        0x6C => "●", // l: filled circle bullet
        0x6E => "■", // n: filled square
        0x6F => "☐", // o: empty square (check box)
        0x70 => "☐", // p: empty square, shadowed
        0x71 => "☐", // q: ❑ shadowed square, used as an empty check box
        0x72 => "☐", // r: ❒ square, used as an empty check box
        0x73 => "◆", // s: diamond bullet
        0x74 => "◆", // t: diamond
        0x75 => "◆", // u: diamond
        0x76 => "❖", // v: diamond with cross bullet
        0x77 => "◆", // w: small diamond
        0x78 => "☒", // x: box with X
        0x9F => "•", // small bullet
        0xA1 => "○", // circle
        0xA7 => "▪", // small black square bullet
        0xA8 => "☐", // empty square (check box)
        0xD8 => "▶", // arrow bullet ➢, read as ▶
        0xE8 => "➔", // heavy right arrow bullet
        0xF0 => "⇨", // outlined right arrow
        0xFB => "✗", // ballot x
        0xFC => "✓", // check mark
        0xFD => "☒", // box with X
        0xFE => "☒", // box with check (☑), read as a checked box
        0xB7 => "•", // Symbol-compatible bullet (OpenSymbol maps Symbol's F0B7 here too)
        _ => return None,
    })
}

fn wingdings2(code: u8) -> Option<&'static str> {
    Some(match code {
        0x4F => "✗", // O: ballot script x
        0x50 => "✓", // P: check mark
        0x51 => "☒", // Q: ballot box with script x
        0x52 => "☒", // R: ☑ ballot box with check, read as a checked box
        0x53 => "☒", // S: ballot box with x
        0x54 => "☒", // T: ballot box with x, bold
        0x95 => "•", // bullet
        0x96 => "●", // black circle
        0x97 => "●", // medium black circle
        0x98 => "●", // large black circle
        0x9F => "▪", // small black square
        0xA0 => "■", // black square
        0xA1 => "■", // black medium square
        0xA2 => "■", // black large square
        0xA3 => "☐", // £: white large square, an empty box
        0xA8 => "▣", // square with small black square
        _ => return None,
    })
}

/// The ZapfDingbats glyphs forms use: code in the font's built-in encoding, glyph name
/// (a PDF rewriter may name them in `/Differences`), and text.
const ZAPF: &[(u8, &str, &str)] = &[
    (0x33, "a20", "✓"),  // check mark
    (0x34, "a21", "✔"),  // heavy check mark
    (0x35, "a22", "✕"),  // multiplication x
    (0x36, "a23", "✖"),  // heavy multiplication x
    (0x37, "a24", "✗"),  // ballot x
    (0x38, "a25", "✘"),  // heavy ballot x
    (0x6C, "a71", "●"),  // black circle
    (0x6D, "a72", "❍"),  // shadowed circle
    (0x6E, "a73", "■"),  // black square
    (0x6F, "a74", "☐"),  // ❏ shadowed white square, an empty box
    (0x70, "a203", "☐"), // ❐
    (0x71, "a75", "☐"),  // ❑
    (0x72, "a204", "☐"), // ❒
    (0x73, "a76", "▲"),  // triangle up
    (0x74, "a77", "▼"),  // triangle down
    (0x75, "a78", "◆"),  // black diamond
    (0x76, "a79", "❖"),  // diamond minus white x
    (0xA8, "a190", "♣"), // club
    (0xAB, "a191", "♠"), // spade region
    (0xD5, "a161", "→"), // right arrow
    (0xE0, "a185", "➠"),
];

fn zapf(code: u8) -> Option<&'static str> {
    ZAPF.iter().find(|(c, _, _)| *c == code).map(|(_, _, t)| *t)
}

/// The text of a ZapfDingbats glyph by its name ("a73" → "■").
pub fn zapf_glyph(name: &str) -> Option<&'static str> {
    ZAPF.iter().find(|(_, n, _)| *n == name).map(|(_, _, t)| *t)
}

fn symbol(code: u8) -> Option<String> {
    Some(
        match code {
            0xB7 => "•", // bullet
            0xA8 => "♣", // club
            0xA9 => "♦", // diamond
            0xAE => "→", // arrow right
            0xD6 => "√", // radical
            0xD7 => "·", // dot math
            0xB4 => "×", // multiply
            0xB0 => "°", // degree
            0xBE => "—", // horizontal bar
            // Other codes: the PDF reader falls back to the Symbol encoding's glyph names.
            _ => return None,
        }
        .to_string(),
    )
}

/// Is this a private-use character of the kind symbol fonts are addressed with?
pub fn is_symbol_private_use(c: char) -> bool {
    ('\u{F020}'..='\u{F0FF}').contains(&c)
}

/// What `font` draws for `code` (a one-byte code, or its private-use form U+F0xx).
pub fn symbol_text(font: &str, code: u32) -> Option<String> {
    let code = u8::try_from(code & 0xFF).ok()?;
    symbol_font(font).and_then(|f| map(f, code))
}

/// Private-use characters written in a symbol-font run, replaced by what the font
/// draws; other characters are kept.
pub fn map_private_use(font: &str, text: &str) -> String {
    let Some(sym) = symbol_font(font) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match is_symbol_private_use(c)
            .then(|| map(sym, (c as u32 & 0xFF) as u8))
            .flatten()
        {
            Some(s) => out.push_str(&s),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn names() {
        assert_eq!(
            symbol_font("Wingdings-Regular"),
            Some(SymbolFont::Wingdings)
        );
        assert_eq!(symbol_font("OpenSymbol"), Some(SymbolFont::Wingdings));
        assert_eq!(symbol_font("ZapfDingbats"), Some(SymbolFont::ZapfDingbats));
        assert_eq!(symbol_font("Symbol"), Some(SymbolFont::Symbol));
        assert_eq!(symbol_font("LiberationSans"), None);
        assert_eq!(symbol_font("Wingdings 2"), Some(SymbolFont::Wingdings2));
        assert_eq!(map(SymbolFont::Wingdings2, 0xA3), Some("☐".to_string()));
        assert_eq!(map(SymbolFont::Wingdings2, 0x53), Some("☒".to_string()));
        assert_eq!(map(SymbolFont::Wingdings, 0xFE), Some("☒".to_string()));
        assert_eq!(map(SymbolFont::Wingdings, 0xA8), Some("☐".to_string()));
        assert_eq!(map(SymbolFont::Symbol, 0xB7), Some("•".to_string()));
        assert_eq!(map(SymbolFont::ZapfDingbats, 0x34), Some("✔".to_string()));
        assert_eq!(
            symbol_font("NHNAFS+D050000L"),
            Some(SymbolFont::ZapfDingbats)
        );
        assert_eq!(symbol_font("S050000L"), Some(SymbolFont::Symbol));
        assert_eq!(zapf_glyph("a73"), Some("■"));
        assert_eq!(zapf_glyph("a20"), Some("✓"));
        assert_eq!(zapf_glyph("A"), None);
    }

    #[test]
    fn wingdings_boxes_in_both_code_forms() {
        assert_eq!(symbol_text("Wingdings", 0xF0FE).as_deref(), Some("☒"));
        assert_eq!(symbol_text("Wingdings", 0xFD).as_deref(), Some("☒"));
        assert_eq!(symbol_text("Wingdings", 0xF0A8).as_deref(), Some("☐"));
        assert_eq!(symbol_text("Wingdings", 0xF06F).as_deref(), Some("☐"));
        assert_eq!(symbol_text("Wingdings", 0xF078).as_deref(), Some("☒"));
    }

    #[test]
    fn wingdings_2_is_not_wingdings() {
        assert_eq!(symbol_text("Wingdings 2", 0xF054).as_deref(), Some("☒"));
        assert_eq!(symbol_text("Wingdings 2", 0xF0A3).as_deref(), Some("☐"));
        assert_eq!(symbol_text("Wingdings", 0xF054), None);
    }

    #[test]
    fn unknown_fonts_and_codes_are_kept() {
        assert_eq!(symbol_text("Arial", 0xF0FE), None);
        assert_eq!(
            map_private_use("Wingdings", "\u{F0A8} Chercheurs"),
            "☐ Chercheurs"
        );
        assert_eq!(map_private_use("Calibri", "\u{F0A8}"), "\u{F0A8}");
    }
}
