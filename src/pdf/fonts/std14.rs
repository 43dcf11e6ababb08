//! The standard 14 fonts: AFM widths (by glyph name) and poppler's built-in ascent and
//! descent, plus family substitution for non-embedded fonts without `/Widths`.

use super::data;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Std14 {
    Helvetica,
    HelveticaBold,
    HelveticaOblique,
    HelveticaBoldOblique,
    TimesRoman,
    TimesBold,
    TimesItalic,
    TimesBoldItalic,
    Courier,
    CourierBold,
    CourierOblique,
    CourierBoldOblique,
    Symbol,
    ZapfDingbats,
}

fn style(n: &str) -> (bool, bool) {
    let bold = n.contains("bold") || n.contains("black") || n.contains("heavy");
    let italic = n.contains("italic") || n.contains("oblique");
    (bold, italic)
}

impl Std14 {
    /// The standard font a base name designates (with the usual aliases: Arial for
    /// Helvetica, TimesNewRoman for Times, CourierNew for Courier).
    pub fn for_name(name: &str) -> Option<Std14> {
        let n = name.to_ascii_lowercase().replace([' ', '-', ',', '_'], "");
        if n == "symbol" || n == "symbolmt" {
            return Some(Std14::Symbol);
        }
        if n == "zapfdingbats" || n == "dingbats" {
            return Some(Std14::ZapfDingbats);
        }
        let family = if n.starts_with("helvetica")
            || n.starts_with("arial")
                && !n.starts_with("arialunicode")
                && !n.starts_with("arialnarrow")
        {
            0
        } else if n.starts_with("times") {
            1
        } else if n.starts_with("courier") {
            2
        } else {
            return None;
        };
        Some(Self::pick(family, style(&n)))
    }

    fn pick(family: u8, (bold, italic): (bool, bool)) -> Std14 {
        use Std14::*;
        match (family, bold, italic) {
            (0, false, false) => Helvetica,
            (0, true, false) => HelveticaBold,
            (0, false, true) => HelveticaOblique,
            (0, true, true) => HelveticaBoldOblique,
            (1, false, false) => TimesRoman,
            (1, true, false) => TimesBold,
            (1, false, true) => TimesItalic,
            (1, true, true) => TimesBoldItalic,
            (_, false, false) => Courier,
            (_, true, false) => CourierBold,
            (_, false, true) => CourierOblique,
            (_, true, true) => CourierBoldOblique,
        }
    }

    /// A standard font with metrics close to an unknown font's: serif names → Times,
    /// mono names → Courier, everything else → Helvetica.
    pub fn substitute(name: &str) -> Std14 {
        if let Some(s) = Self::for_name(name) {
            return s;
        }
        let n = name.to_ascii_lowercase();
        let family = if n.contains("mono") || n.contains("courier") || n.contains("consol") {
            2
        } else if n.contains("serif") && !n.contains("sans")
            || n.contains("roman")
            || n.contains("georgia")
            || n.contains("garamond")
            || n.contains("cambria")
        {
            1
        } else {
            0
        };
        Self::pick(family, style(&n))
    }

    fn table(self) -> Option<&'static [(&'static str, u16)]> {
        use Std14::*;
        Some(match self {
            Helvetica => data::HELVETICA,
            HelveticaBold => data::HELVETICA_BOLD,
            HelveticaOblique => data::HELVETICA_OBLIQUE,
            HelveticaBoldOblique => data::HELVETICA_BOLD_OBLIQUE,
            TimesRoman => data::TIMES_ROMAN,
            TimesBold => data::TIMES_BOLD,
            TimesItalic => data::TIMES_ITALIC,
            TimesBoldItalic => data::TIMES_BOLD_ITALIC,
            Symbol => data::SYMBOL_W,
            ZapfDingbats => data::ZAPF_DINGBATS_W,
            // Courier is fixed-pitch: every glyph is 600.
            Courier | CourierBold | CourierOblique | CourierBoldOblique => return None,
        })
    }

    /// AFM width of a glyph name (1/1000 em).
    pub fn width(self, glyph: &str) -> Option<f32> {
        match self.table() {
            None => Some(600.0),
            Some(t) => t
                .binary_search_by(|(n, _)| (*n).cmp(glyph))
                .ok()
                .and_then(|i| t.get(i))
                .map(|(_, w)| *w as f32),
        }
    }

    /// poppler's built-in ascent and descent (fractions of the size).
    pub fn ascent_descent(self) -> (f32, f32) {
        use Std14::*;
        match self {
            Helvetica | HelveticaBold | HelveticaOblique | HelveticaBoldOblique => (0.718, -0.207),
            // poppler uses Times-Roman's values for the whole family (measured).
            TimesRoman | TimesBold | TimesItalic | TimesBoldItalic => (0.683, -0.217),
            Courier | CourierBold | CourierOblique | CourierBoldOblique => (0.629, -0.157),
            Symbol => (1.010, -0.293),
            ZapfDingbats => (0.820, -0.143),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn widths() {
        assert_eq!(
            Std14::for_name("Helvetica-Bold"),
            Some(Std14::HelveticaBold)
        );
        assert_eq!(
            Std14::for_name("Arial,BoldItalic"),
            Some(Std14::HelveticaBoldOblique)
        );
        assert_eq!(Std14::for_name("Times-Roman"), Some(Std14::TimesRoman));
        assert_eq!(Std14::Helvetica.width("A"), Some(667.0));
        assert_eq!(Std14::TimesRoman.width("space"), Some(250.0));
        assert_eq!(Std14::Courier.width("anything"), Some(600.0));
    }
}
