//! Fonts: from a font dictionary to, for each code of a shown string, its Unicode text
//! and advance width.
//!
//! - simple fonts (Type1, TrueType, MMType1, Type3): one-byte codes, `/Encoding` (base
//!   encoding + `/Differences` glyph names → Unicode through the Adobe Glyph List),
//!   `/Widths` + `/FirstChar`, `MissingWidth`, AFM widths of the standard 14 fonts;
//! - `Type0` fonts: codes split by the encoding CMap's codespace ranges (Identity-H/V:
//!   two bytes), CIDs via the embedded CMap or identity, widths from `/W` and `/DW`;
//! - `ToUnicode` wins over `/Encoding` (PDF 32000 §9.10.2);
//! - symbol fonts (Wingdings, ZapfDingbats, Symbol, OpenSymbol…) map their private-use
//!   or raw codes through `symbols`;
//! - ligatures (U+FB00–FB06) are expanded to letters.

pub mod cmap;
pub mod data;
pub mod std14;

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::obj;
use crate::error::Result;
use crate::limits::{Limits, Usage, cmap_entries_exceeded};
use crate::symbols::{self, SymbolFont};
use cmap::CMap;

/// Default ascent and descent (fractions of the size) when the font descriptor gives
/// none: poppler's values, so that boxes compare with `pdftotext -bbox`.
pub const DEFAULT_ASCENT: f32 = 0.95;
pub const DEFAULT_DESCENT: f32 = -0.35;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Simple,
    /// Type3: glyph space → text space matrix.
    Type3([f32; 6]),
    Type0,
}

/// A loaded font.
#[derive(Debug, Clone)]
pub struct Font {
    /// Base name, subset prefix removed.
    pub name: std::sync::Arc<str>,
    kind: Kind,
    to_unicode: Option<Rc<CMap>>,
    /// Simple fonts: code → glyph name.
    names: Vec<Option<String>>,
    /// Simple fonts: codes named by `/Differences` (they take precedence over symbol tables).
    differences: Vec<bool>,
    /// Simple fonts: widths (glyph units) from FirstChar.
    first_char: u32,
    widths: Vec<f32>,
    missing_width: f32,
    std14: Option<std14::Std14>,
    /// Type0.
    codespaces: Vec<(u8, u32, u32)>,
    enc_cmap: Option<Rc<CMap>>,
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    /// Ascent and descent as fractions of the font size (text space).
    pub ascent: f32,
    pub descent: f32,
    symbol: Option<SymbolFont>,
    /// Width of a space at size 1 in text space (computed once at load).
    space: f32,
    /// Simple fonts: (text, width in glyph units) per code, computed once at load.
    simple: Vec<(String, f32)>,
    /// Type0 with a UCS-2/UTF-16 predefined CMap: codes are Unicode values.
    unicode_codes: bool,
}

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Unicode text (may be empty, or several chars for ligatures).
    pub text: String,
    /// Advance width in text space units for size 1 (glyph width / 1000 for most fonts).
    pub width: f32,
    /// The single-byte code 32: word spacing applies.
    pub is_space_code: bool,
}

impl Default for Font {
    /// Helvetica with StandardEncoding: for text shown before any `Tf`.
    fn default() -> Self {
        let mut f = Font::helvetica_fields();
        f.build_simple_table();
        f
    }
}

impl Font {
    /// Helvetica's fields, its code table not built yet: the start of every loaded font
    /// (which builds its own table once its encoding is known).
    fn helvetica_fields() -> Font {
        Font {
            name: "Helvetica".into(),
            kind: Kind::Simple,
            to_unicode: None,
            names: (0..256).map(|c| name_of(&data::STANDARD, c)).collect(),
            differences: vec![false; 256],
            first_char: 0,
            widths: Vec::new(),
            missing_width: 0.0,
            std14: Some(std14::Std14::Helvetica),
            codespaces: Vec::new(),
            enc_cmap: None,
            cid_widths: HashMap::new(),
            default_width: 1000.0,
            ascent: 0.718,
            descent: -0.207,
            symbol: None,
            space: 0.278,
            simple: Vec::new(),
            unicode_codes: false,
        }
    }
}

fn name_of(table: &[&str; 256], code: usize) -> Option<String> {
    table
        .get(code)
        .filter(|n| !n.is_empty())
        .map(|n| n.to_string())
}

/// Remove a subset prefix ("ABCDEF+Name" → "Name").
pub fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Glyph name → Unicode text (Adobe Glyph List, `uniXXXX`, `uXXXX[XX]`, suffixes after
/// '.', ligature components joined by '_').
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    if name.is_empty() || name == ".notdef" {
        return None;
    }
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(component).collect();
        return parts;
    }
    component(base)
}

fn component(name: &str) -> Option<String> {
    if let Ok(i) = data::AGL.binary_search_by(|(n, _)| (*n).cmp(name)) {
        return data::AGL
            .get(i)
            .and_then(|(_, cp)| char::from_u32(*cp))
            .map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|k| hex.get(k * 4..k * 4 + 4))
            .filter_map(|h| u16::from_str_radix(h, 16).ok())
            .collect();
        let s: String = char::decode_utf16(units).filter_map(|r| r.ok()).collect();
        return if s.is_empty() { None } else { Some(s) };
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

/// Expand ligatures, drop control characters, compose (NFC) base + combining marks.
pub fn clean_text(s: &str) -> String {
    let out = clean_chars(s);
    if unicode_normalization::is_nfc(&out) {
        out
    } else {
        use unicode_normalization::UnicodeNormalization;
        out.nfc().collect()
    }
}

fn clean_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{FEFF}' => {}
            '\t' | '\n' | '\r' | '\u{A0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The CMaps of a document's fonts, parsed once per stream (fonts often share one), and
/// the limits their decoding and entries are counted against.
pub struct FontCache<'l> {
    limits: &'l Limits,
    cmaps: HashMap<ObjectId, Rc<CMap>>,
}

impl<'l> FontCache<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        FontCache {
            limits,
            cmaps: HashMap::new(),
        }
    }

    /// The CMap stream `o` refers to, parsed once; an error past a limit.
    fn cmap(
        &mut self,
        doc: &Document,
        o: Option<&Object>,
        usage: &mut Usage,
    ) -> Result<Option<Rc<CMap>>> {
        let Some(o) = o else { return Ok(None) };
        let id = obj::ref_id(o);
        if let Some(cached) = id.and_then(|id| self.cmaps.get(&id)) {
            return Ok(Some(cached.clone()));
        }
        let Object::Stream(stream) = obj::deref(doc, o) else {
            return Ok(None);
        };
        let data = obj::decode_counted(stream, self.limits, usage)?;
        let left = usage.cmap_entries_left(self.limits);
        let cmap =
            CMap::parse_within(&data, left).ok_or_else(|| cmap_entries_exceeded(self.limits))?;
        usage.read_cmap_entries(cmap.entries, self.limits)?;
        let cmap = Rc::new(cmap);
        if let Some(id) = id {
            self.cmaps.insert(id, cmap.clone());
        }
        Ok(Some(cmap))
    }
}

impl Font {
    /// Load a font dictionary: what cannot be read falls back to defaults; an error only
    /// past a limit (its CMaps' entries or decoded bytes).
    pub fn load(
        doc: &Document,
        dict: &Dictionary,
        cache: &mut FontCache,
        usage: &mut Usage,
    ) -> Result<Font> {
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let base = obj::get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let name: std::sync::Arc<str> = strip_subset(&base).into();
        let to_unicode = cache
            .cmap(doc, dict.get(b"ToUnicode").ok(), usage)?
            .filter(|c| !c.unicode.is_empty());
        let symbol = symbols::symbol_font(&name);
        let mut font = Font {
            name,
            to_unicode,
            symbol,
            std14: None,
            ..Font::helvetica_fields()
        };
        if subtype == b"Type0" {
            font.load_type0(doc, dict, cache, usage)?;
        } else {
            font.load_simple(doc, dict, subtype == b"Type3", subtype == b"TrueType");
        }
        font.build_simple_table();
        font.space = font.compute_space_width();
        Ok(font)
    }

    fn descriptor_metrics(&mut self, doc: &Document, fd: Option<&Dictionary>) {
        let mut ascent = None;
        let mut descent = None;
        if let Some(fd) = fd {
            // As poppler: ignore 0 and absurd values, fix signs.
            if let Some(a) = obj::get_num(doc, fd, b"Ascent") {
                let t = (a * 0.001).abs();
                if t != 0.0 && t < 3.0 {
                    ascent = Some(t);
                }
            }
            if let Some(d) = obj::get_num(doc, fd, b"Descent") {
                let t = -(d * 0.001).abs();
                if t != 0.0 && t > -3.0 {
                    descent = Some(t);
                }
            }
            if let Some(mw) = obj::get_num(doc, fd, b"MissingWidth") {
                self.missing_width = mw;
            }
        }
        // As poppler: a standard-14 font (or alias) that is not embedded uses the built-in
        // metrics, whatever its descriptor says.
        let embedded = fd
            .is_some_and(|fd| fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3"));
        let builtin = if !embedded {
            std14::Std14::for_name(&self.name).map(|s| s.ascent_descent())
        } else {
            None
        };
        if builtin.is_some() {
            ascent = None;
            descent = None;
        }
        self.ascent = ascent.or(builtin.map(|b| b.0)).unwrap_or(DEFAULT_ASCENT);
        self.descent = descent.or(builtin.map(|b| b.1)).unwrap_or(DEFAULT_DESCENT);
    }

    fn load_simple(&mut self, doc: &Document, dict: &Dictionary, type3: bool, truetype: bool) {
        self.std14 = std14::Std14::for_name(&self.name);
        if type3 {
            let m = obj::get(doc, dict, b"FontMatrix")
                .and_then(|o| obj::nums(doc, o))
                .filter(|v| v.len() == 6);
            let mut fm = [0.001, 0.0, 0.0, 0.001, 0.0, 0.0];
            if let Some(m) = m {
                fm.copy_from_slice(&m[..6]);
            }
            self.kind = Kind::Type3(fm);
            self.std14 = None;
        }
        // Base encoding.
        let builtin_table: &[&str; 256] = match self.std14 {
            Some(std14::Std14::Symbol) => &data::SYMBOL,
            Some(std14::Std14::ZapfDingbats) => &data::ZAPF_DINGBATS,
            // TrueType without /Encoding: WinAnsi is what Windows producers mean (the
            // specification's StandardEncoding would turn é into Ø).
            _ if truetype => &data::WIN_ANSI,
            _ => &data::STANDARD,
        };
        let mut table = builtin_table;
        let mut diffs: Option<&Vec<Object>> = None;
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(t) = base_encoding(n) {
                    table = t;
                }
            }
            Some(Object::Dictionary(d)) => {
                if let Some(t) = obj::get_name(doc, d, b"BaseEncoding").and_then(base_encoding) {
                    table = t;
                }
                diffs = obj::get_array(doc, d, b"Differences");
            }
            _ => {}
        }
        self.names = (0..256).map(|c| name_of(table, c)).collect();
        if let Some(diffs) = diffs {
            let mut code: i64 = 0;
            for item in diffs.iter().take(10_000) {
                match obj::deref(doc, item) {
                    Object::Integer(i) => code = *i,
                    Object::Real(r) if r.is_finite() => code = *r as i64,
                    Object::Name(n) => {
                        if (0..256).contains(&code) {
                            let c = code as usize;
                            if let Some(slot) = self.names.get_mut(c) {
                                *slot = Some(String::from_utf8_lossy(n).into_owned());
                            }
                            if let Some(d) = self.differences.get_mut(c) {
                                *d = true;
                            }
                        }
                        code = code.saturating_add(1);
                    }
                    _ => {}
                }
            }
        }
        // Widths.
        self.first_char = obj::get_int(doc, dict, b"FirstChar")
            .filter(|v| (0..=255).contains(v))
            .unwrap_or(0) as u32;
        if let Some(w) = obj::get_array(doc, dict, b"Widths") {
            self.widths = w
                .iter()
                .take(256)
                .map(|o| obj::num_deref(doc, o).unwrap_or(0.0))
                .collect();
        }
        let fd = obj::get_dict(doc, dict, b"FontDescriptor");
        if self.widths.is_empty() && self.std14.is_none() && !type3 {
            // No widths and not a standard font: substitute by family (Helvetica if unknown).
            self.std14 = Some(std14::Std14::substitute(&self.name));
        }
        if let Kind::Type3(_) = self.kind {
            // poppler ignores a Type3 FontBBox for text boxes: its defaults, as elsewhere.
            self.ascent = DEFAULT_ASCENT;
            self.descent = DEFAULT_DESCENT;
            if self.name.is_empty() {
                self.name = obj::get_name(doc, dict, b"Name")
                    .map(|n| String::from_utf8_lossy(n).into())
                    .unwrap_or_else(|| "Type3".into());
            }
        } else {
            self.descent_metrics_simple(doc, fd);
        }
    }

    fn descent_metrics_simple(&mut self, doc: &Document, fd: Option<&Dictionary>) {
        self.descriptor_metrics(doc, fd);
    }

    fn load_type0(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        cache: &mut FontCache,
        usage: &mut Usage,
    ) -> Result<()> {
        self.kind = Kind::Type0;
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Stream(_)) => {
                if let Some(cm) = cache.cmap(doc, dict.get(b"Encoding").ok(), usage)? {
                    self.codespaces = cm.codespaces.clone();
                    self.enc_cmap = Some(cm);
                }
            }
            Some(Object::Name(n)) => {
                // Identity-H / Identity-V and predefined CMaps: two-byte codes, CID = code.
                self.codespaces = vec![(2, 0, 0xFFFF)];
                // UCS-2 / UTF-16 CMaps: the code is the Unicode value.
                let n = String::from_utf8_lossy(n);
                self.unicode_codes = n.contains("UCS2") || n.contains("UTF16");
            }
            _ => self.codespaces = vec![(2, 0, 0xFFFF)],
        }
        if self.codespaces.is_empty() {
            self.codespaces = vec![(2, 0, 0xFFFF)];
        }
        let desc = obj::get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| obj::as_dict(doc, o));
        let mut fd = None;
        if let Some(desc) = desc {
            if let Some(dw) = obj::get_num(doc, desc, b"DW") {
                self.default_width = dw;
            }
            if let Some(w) = obj::get_array(doc, desc, b"W") {
                self.cid_widths = parse_w(doc, w);
            }
            fd = obj::get_dict(doc, desc, b"FontDescriptor");
            if self.name.is_empty()
                && let Some(n) = obj::get_name(doc, desc, b"BaseFont")
            {
                self.name = strip_subset(&String::from_utf8_lossy(n)).into();
            }
        }
        self.descriptor_metrics(doc, fd);
        Ok(())
    }

    /// Glyph space → text space scale (x) for widths: 1/1000, or Type3's FontMatrix.
    fn width_scale(&self) -> f32 {
        match &self.kind {
            Kind::Type3(m) => m[0],
            _ => 0.001,
        }
    }

    fn simple_width(&self, code: u32) -> f32 {
        if !self.widths.is_empty() {
            if let Some(w) = code
                .checked_sub(self.first_char)
                .and_then(|i| self.widths.get(i as usize))
            {
                return *w;
            }
            return self.missing_width;
        }
        if let Some(s) = self.std14 {
            let name = self
                .names
                .get(code as usize)
                .and_then(|n| n.as_deref())
                .unwrap_or("");
            // A glyph the standard font does not have draws nothing (poppler: width 0).
            return s.width(name).unwrap_or(self.missing_width);
        }
        self.missing_width
    }

    fn unicode_of(&self, code: u32, len: u8) -> Option<String> {
        let tu = self.to_unicode.as_ref().and_then(|cm| {
            cm.unicode.get(&(len, code)).or_else(|| {
                // Producers that declare other code lengths in the ToUnicode CMap.
                (1..=4u8)
                    .filter(|l| *l != len && (*l >= 4 || code < (1u32 << (8 * *l as u32))))
                    .find_map(|l| cm.unicode.get(&(l, code)))
            })
        });
        let tu = tu.filter(|s| !s.is_empty() && !s.chars().all(|c| c == '\0'));
        if let Some(sym) = self.symbol {
            if let Some(t) = tu {
                let mut chars = t.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    // Private use U+F0xx, or a ToUnicode that just repeats the code.
                    let raw = ('\u{F000}'..='\u{F0FF}').contains(&c)
                        || (len == 1
                            && c as u32 == code
                            && code >= 0x21
                            && sym != SymbolFont::Symbol);
                    if raw {
                        return symbols::map(sym, (c as u32 & 0xFF) as u8)
                            .or_else(|| Some(t.clone()));
                    }
                }
                return Some(t.clone());
            }
            let differenced = self
                .differences
                .get(code as usize)
                .copied()
                .unwrap_or(false);
            if !differenced
                && len == 1
                && let Some(s) = symbols::map(sym, (code & 0xFF) as u8)
            {
                return Some(s);
            }
            // A rewriter re-encodes ZapfDingbats with its glyph names ("a73").
            if differenced
                && sym == SymbolFont::ZapfDingbats
                && let Some(name) = self.names.get(code as usize).and_then(|n| n.as_deref())
                && let Some(s) = symbols::zapf_glyph(name)
            {
                return Some(s.to_string());
            }
        } else if let Some(t) = tu {
            return Some(t.clone());
        }
        if self.kind == Kind::Type0 && self.unicode_codes {
            return char::from_u32(code).map(String::from);
        }
        if self.kind != Kind::Type0 {
            let name = self.names.get(code as usize).and_then(|n| n.as_deref());
            if let Some(u) = name.and_then(glyph_name_to_unicode) {
                return Some(u);
            }
            // Names like "g12" or none: printable ASCII codes are most likely themselves.
            if (0x20..0x7F).contains(&code) {
                return char::from_u32(code).map(String::from);
            }
            if let Some(u) =
                name_of(&data::WIN_ANSI, code as usize).and_then(|n| glyph_name_to_unicode(&n))
            {
                return Some(u);
            }
        }
        None
    }

    /// Split a shown string into codes, calling `f` for each until it answers false.
    pub fn decode_each(&self, bytes: &[u8], mut f: impl FnMut(Decoded) -> bool) {
        let scale = self.width_scale();
        if self.kind == Kind::Type0 {
            let mut i = 0;
            while i < bytes.len() {
                let rest = bytes.get(i..).unwrap_or(&[]);
                let n = CMap::next_code_len(&self.codespaces, rest, 2)
                    .min(rest.len())
                    .max(1);
                let mut v: u32 = 0;
                for &b in rest.iter().take(n) {
                    v = (v << 8) | b as u32;
                }
                i += n;
                let cid = self
                    .enc_cmap
                    .as_ref()
                    .and_then(|c| c.cid((n as u8, v)))
                    .unwrap_or(v);
                let w = self
                    .cid_widths
                    .get(&cid)
                    .copied()
                    .unwrap_or(self.default_width);
                let text = self
                    .unicode_of(v, n as u8)
                    .map(|t| clean_text(&t))
                    .unwrap_or_else(|| "\u{FFFD}".to_string());
                if !f(Decoded {
                    text,
                    width: w * scale,
                    is_space_code: n == 1 && v == 32,
                }) {
                    return;
                }
            }
        } else {
            for &b in bytes {
                let Some((text, width)) = self.simple.get(b as usize) else {
                    continue;
                };
                if !f(Decoded {
                    text: text.clone(),
                    width: *width * scale,
                    is_space_code: b == 32,
                }) {
                    return;
                }
            }
        }
    }

    /// Simple fonts: text and width of every code, computed once.
    fn build_simple_table(&mut self) {
        if self.kind == Kind::Type0 {
            return;
        }
        self.simple = (0..256u32)
            .map(|code| {
                let text = self
                    .unicode_of(code, 1)
                    .map(|t| clean_text(&t))
                    .unwrap_or_else(|| "\u{FFFD}".to_string());
                (text, self.simple_width(code))
            })
            .collect();
    }

    /// Width of a space at size 1 in text space.
    pub fn space_width(&self) -> f32 {
        self.space
    }

    fn compute_space_width(&self) -> f32 {
        let scale = self.width_scale();
        if self.kind == Kind::Type0 {
            if let Some(tu) = &self.to_unicode {
                for &(len, code) in &tu.space_codes {
                    let cid = self
                        .enc_cmap
                        .as_ref()
                        .and_then(|c| c.cid((len, code)))
                        .unwrap_or(code);
                    let w = self
                        .cid_widths
                        .get(&cid)
                        .copied()
                        .unwrap_or(self.default_width);
                    if w > 0.0 {
                        return w * scale;
                    }
                }
            }
            return self.fallback_space();
        }
        // The code that draws a space (subset fonts often put another glyph at 32).
        if let Some(w) = self
            .simple
            .iter()
            .find(|(t, _)| t == " ")
            .map(|(_, w)| *w)
            .filter(|w| *w > 0.0)
        {
            return w * scale;
        }
        if let Kind::Type3(_) = self.kind {
            return 0.25;
        }
        self.fallback_space()
    }

    /// No space glyph: the space of a standard font of the same kind.
    fn fallback_space(&self) -> f32 {
        std14::Std14::substitute(&self.name)
            .width("space")
            .map(|w| w * 0.001)
            .unwrap_or(0.25)
    }
}

fn base_encoding(name: &[u8]) -> Option<&'static [&'static str; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&data::WIN_ANSI),
        b"MacRomanEncoding" => Some(&data::MAC_ROMAN),
        b"StandardEncoding" => Some(&data::STANDARD),
        b"PDFDocEncoding" => Some(&data::PDF_DOC),
        // MacExpert has small caps and fractions only; Standard is the closest usable.
        b"MacExpertEncoding" => Some(&data::STANDARD),
        _ => None,
    }
}

/// `/W` array: `c [w1 w2 …]` or `c_first c_last w`. Bounded.
fn parse_w(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut map = HashMap::new();
    let mut i = 0;
    while i < w.len() && map.len() < 200_000 {
        let Some(first) = w.get(i).and_then(|o| obj::num_deref(doc, o)) else {
            i += 1;
            continue;
        };
        match w.get(i + 1).map(|o| obj::deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate().take(65_536) {
                    if let Some(v) = obj::num_deref(doc, o) {
                        map.insert((first.max(0.0) as u32).saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = obj::num(o);
                let v = w.get(i + 2).and_then(|o| obj::num_deref(doc, o));
                if let (Some(last), Some(v)) = (last, v) {
                    let a = first.max(0.0) as u32;
                    let b = last.max(0.0) as u32;
                    let count = b.saturating_sub(a).min(65_535);
                    for k in 0..=count {
                        map.insert(a.saturating_add(k), v);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_name_to_unicode("oe").as_deref(), Some("œ"));
        assert_eq!(glyph_name_to_unicode("guillemotleft").as_deref(), Some("«"));
        assert_eq!(glyph_name_to_unicode("quoteright").as_deref(), Some("’"));
        assert_eq!(glyph_name_to_unicode("uni2612").as_deref(), Some("☒"));
        assert_eq!(glyph_name_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_unicode("Euro").as_deref(), Some("€"));
        assert_eq!(glyph_name_to_unicode("g123"), None);
    }

    #[test]
    fn ligatures() {
        assert_eq!(clean_text("\u{FB01}n\u{FB03}"), "finffi");
    }

    #[test]
    fn subset() {
        assert_eq!(
            strip_subset("BAAAAA+LiberationSans-Bold"),
            "LiberationSans-Bold"
        );
        assert_eq!(strip_subset("Arial+Bold"), "Arial+Bold");
    }
}
