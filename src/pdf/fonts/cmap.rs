//! CMap parsing: `ToUnicode` CMaps (`bfchar`, `bfrange`) and embedded encoding CMaps of
//! Type0 fonts (`cidchar`, `cidrange`), with their codespace ranges.
//!
//! Bounded: a range contributes at most `MAX_RANGE` codes (the rest is ignored); a CMap is
//! read within a budget of entries (`Limits::max_cmap_entries`, an entry counting once per
//! character of its text) and refused past it. Malformed input is skipped token by token,
//! never fatal.

use std::collections::HashMap;

const MAX_RANGE: u32 = 0x1_0000;
/// Tokens read per entry of the budget (a `bfrange` line is three), plus a header.
const TOKENS_PER_ENTRY: usize = 4;
const HEADER_TOKENS: usize = 4096;
/// Codes that show a space, kept to find the width of a space.
const MAX_SPACE_CODES: usize = 8;

/// A code is its byte length (1–4) and its big-endian value.
pub type Code = (u8, u32);

#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// Codespace ranges: byte length, low, high.
    pub codespaces: Vec<(u8, u32, u32)>,
    /// code → Unicode text (ToUnicode).
    pub unicode: HashMap<Code, String>,
    /// code → CID (encoding CMaps).
    pub cids: HashMap<Code, u32>,
    /// CID ranges kept as ranges: len, low, high, first CID.
    pub cid_ranges: Vec<(u8, u32, u32, u32)>,
    /// Codes whose text is a space.
    pub space_codes: Vec<Code>,
    /// Entries read, as counted against the budget.
    pub entries: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Num(i64),
    Name(Vec<u8>),
    Kw(Vec<u8>),
    Open,
    Close,
}

/// The tokens of `data`, or None past `max` tokens.
fn tokenize(data: &[u8], max: usize) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut i = 0;
    let n = data.len();
    while i < n {
        if toks.len() > max {
            return None;
        }
        let c = data[i];
        match c {
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' => {
                if data.get(i + 1) == Some(&b'<') {
                    i += 2;
                    continue;
                }
                i += 1;
                let mut digits = Vec::new();
                while i < n && data[i] != b'>' {
                    if data[i].is_ascii_hexdigit() {
                        digits.push(data[i]);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                let bytes = digits
                    .chunks(2)
                    .map(|p| (hexval(p[0]) << 4) | hexval(p.get(1).copied().unwrap_or(b'0')))
                    .collect();
                toks.push(Tok::Hex(bytes));
            }
            b'>' => {
                i += 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal string: kept as bytes (rare in CMaps).
                i += 1;
                let mut depth = 1;
                let mut bytes = Vec::new();
                while i < n {
                    let ch = data[i];
                    if ch == b'\\' {
                        if let Some(&e) = data.get(i + 1) {
                            bytes.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                other => other,
                            });
                        }
                        i += 2;
                        continue;
                    }
                    if ch == b'(' {
                        depth += 1;
                    } else if ch == b')' {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    bytes.push(ch);
                    i += 1;
                }
                toks.push(Tok::Hex(bytes));
            }
            b'/' => {
                i += 1;
                let s = i;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                toks.push(Tok::Name(data[s..i].to_vec()));
            }
            _ if c.is_ascii_whitespace() || c == 0 => {
                i += 1;
            }
            _ => {
                let s = i;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                if i == s {
                    i += 1;
                    continue;
                }
                let word = &data[s..i];
                match std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<i64>().ok())
                {
                    Some(v) => toks.push(Tok::Num(v)),
                    None => toks.push(Tok::Kw(word.to_vec())),
                }
            }
        }
    }
    Some(toks)
}

fn is_delim(c: u8) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'%' | b'{' | b'}' | 0
        )
}

fn hexval(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn code_of(bytes: &[u8]) -> Option<Code> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let mut v: u32 = 0;
    for &b in bytes {
        v = (v << 8) | b as u32;
    }
    Some((bytes.len() as u8, v))
}

/// UTF-16BE → String (surrogate pairs joined; lone surrogates dropped).
pub fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| ((p[0] as u16) << 8) | p.get(1).copied().unwrap_or(0) as u16)
        .collect();
    char::decode_utf16(units).filter_map(|r| r.ok()).collect()
}

fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    super::glyph_name_to_unicode(name)
}

/// A CMap being read, with what is left of its budget.
struct Reader {
    cm: CMap,
    left: usize,
}

impl Reader {
    /// Map `code` to `text`; false when the budget is spent.
    fn unicode(&mut self, code: Code, text: String) -> bool {
        let cost = text.chars().count().max(1);
        if cost > self.left {
            return false;
        }
        self.left -= cost;
        self.cm.entries += cost;
        if text == " " && self.cm.space_codes.len() < MAX_SPACE_CODES {
            self.cm.space_codes.push(code);
        }
        self.cm.unicode.insert(code, text);
        true
    }

    /// Map `code` to a CID; false when the budget is spent.
    fn cid(&mut self, code: Code, cid: u32) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        self.cm.entries += 1;
        self.cm.cids.insert(code, cid);
        true
    }

    /// The text of a `bfrange` destination string, or None when its length alone is over
    /// the budget (a crafted destination can hold millions of characters).
    fn range_units(&self, dst: &[u8]) -> Option<Vec<u16>> {
        if dst.len() / 2 > self.left {
            return None;
        }
        Some(
            dst.chunks(2)
                .map(|p| ((p[0] as u16) << 8) | p.get(1).copied().unwrap_or(0) as u16)
                .collect(),
        )
    }
}

impl CMap {
    /// Parse within the default budget of entries (tests).
    #[cfg(test)]
    pub fn parse(data: &[u8]) -> CMap {
        Self::parse_within(data, crate::Limits::default().max_cmap_entries).unwrap_or_default()
    }

    /// Parse `data` reading at most `budget` entries; None past it.
    pub fn parse_within(data: &[u8], budget: usize) -> Option<CMap> {
        let toks = tokenize(
            data,
            budget
                .saturating_mul(TOKENS_PER_ENTRY)
                .saturating_add(HEADER_TOKENS),
        )?;
        let mut r = Reader {
            cm: CMap::default(),
            left: budget,
        };
        let mut i = 0;
        while i < toks.len() {
            let Tok::Kw(kw) = &toks[i] else {
                i += 1;
                continue;
            };
            i += 1;
            match kw.as_slice() {
                b"begincodespacerange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if let (Some((l1, a)), Some((l2, b))) = (code_of(lo), code_of(hi))
                            && l1 == l2
                            && r.cm.codespaces.len() < 1000
                        {
                            r.cm.codespaces.push((l1, a.min(b), a.max(b)));
                        }
                        i += 2;
                    }
                }
                b"beginbfchar" => {
                    while let (Some(Tok::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                        let text = match dst {
                            Tok::Hex(d) => Some(utf16be(d)),
                            Tok::Name(n) => glyph_name_text(n),
                            _ => break,
                        };
                        if let (Some(code), Some(text)) = (code_of(src), text)
                            && !r.unicode(code, text)
                        {
                            return None;
                        }
                        i += 2;
                    }
                }
                b"beginbfrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        i += 2;
                        let (Some((len, a)), Some((_, b))) = (code_of(lo), code_of(hi)) else {
                            // skip the destination
                            if let Some(Tok::Open) = toks.get(i) {
                                while i < toks.len() && toks[i] != Tok::Close {
                                    i += 1;
                                }
                            }
                            i += 1;
                            continue;
                        };
                        let count = b.saturating_sub(a).saturating_add(1).min(MAX_RANGE);
                        match toks.get(i) {
                            Some(Tok::Hex(dst)) => {
                                i += 1;
                                let mut units = r.range_units(dst)?;
                                if units.is_empty() {
                                    continue;
                                }
                                for k in 0..count {
                                    let text: String = char::decode_utf16(units.iter().copied())
                                        .filter_map(|r| r.ok())
                                        .collect();
                                    if !r.unicode((len, a.saturating_add(k)), text) {
                                        return None;
                                    }
                                    if let Some(last) = units.last_mut() {
                                        *last = last.wrapping_add(1);
                                    }
                                }
                            }
                            Some(Tok::Open) => {
                                i += 1;
                                let mut k = 0u32;
                                while let Some(t) = toks.get(i) {
                                    i += 1;
                                    let text = match t {
                                        Tok::Close => break,
                                        Tok::Hex(d) => Some(utf16be(d)),
                                        Tok::Name(nm) => glyph_name_text(nm),
                                        _ => None,
                                    };
                                    if let Some(text) = text
                                        && k < count
                                        && !r.unicode((len, a.saturating_add(k)), text)
                                    {
                                        return None;
                                    }
                                    k += 1;
                                }
                            }
                            Some(Tok::Name(nm)) => {
                                i += 1;
                                if let Some(text) = glyph_name_text(nm)
                                    && !r.unicode((len, a), text)
                                {
                                    return None;
                                }
                            }
                            _ => break,
                        }
                    }
                }
                b"begincidchar" => {
                    while let (Some(Tok::Hex(src)), Some(Tok::Num(cid))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if let Some(code) = code_of(src)
                            && *cid >= 0
                            && !r.cid(code, *cid as u32)
                        {
                            return None;
                        }
                        i += 2;
                    }
                }
                b"begincidrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(Tok::Num(cid))) =
                        (toks.get(i), toks.get(i + 1), toks.get(i + 2))
                    {
                        if let (Some((len, a)), Some((_, b))) = (code_of(lo), code_of(hi))
                            && *cid >= 0
                            && r.cm.cid_ranges.len() < 100_000
                        {
                            r.cm.cid_ranges.push((len, a.min(b), a.max(b), *cid as u32));
                        }
                        i += 3;
                    }
                }
                _ => {}
            }
        }
        Some(r.cm)
    }

    /// CID of a code per `cidchar`/`cidrange`, if any.
    pub fn cid(&self, code: Code) -> Option<u32> {
        if let Some(c) = self.cids.get(&code) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .find(|(len, lo, hi, _)| *len == code.0 && *lo <= code.1 && code.1 <= *hi)
            .map(|(_, lo, _, first)| first.saturating_add(code.1 - lo))
    }

    /// Split the next code off `bytes` using the codespace ranges (1 byte if none match;
    /// `default_len` when there are no codespace ranges).
    pub fn next_code_len(codespaces: &[(u8, u32, u32)], bytes: &[u8], default_len: usize) -> usize {
        if codespaces.is_empty() {
            return default_len.clamp(1, bytes.len().max(1));
        }
        for n in 1..=4usize {
            if n > bytes.len() {
                break;
            }
            let mut v: u32 = 0;
            for &b in &bytes[..n] {
                v = (v << 8) | b as u32;
            }
            if codespaces
                .iter()
                .any(|(len, lo, hi)| *len as usize == n && *lo <= v && v <= *hi)
            {
                return n;
            }
        }
        // No match: take the length of the shortest codespace (bounded by what is left).
        let shortest = codespaces.iter().map(|c| c.0 as usize).min().unwrap_or(1);
        shortest.clamp(1, bytes.len().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_forms() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar <01> <00C9> <02> <D83DDE00> endbfchar
2 beginbfrange <10> <12> <0061> <20> <21> [<0153> <00AB>] endbfrange
1 beginbfchar <03> /eacute endbfchar
endcmap";
        let cm = CMap::parse(src);
        assert_eq!(cm.codespaces, vec![(1, 0, 255)]);
        assert_eq!(cm.unicode.get(&(1, 1)).map(String::as_str), Some("É"));
        assert_eq!(cm.unicode.get(&(1, 2)).map(String::as_str), Some("😀"));
        assert_eq!(cm.unicode.get(&(1, 0x12)).map(String::as_str), Some("c"));
        assert_eq!(cm.unicode.get(&(1, 0x21)).map(String::as_str), Some("«"));
        assert_eq!(cm.unicode.get(&(1, 3)).map(String::as_str), Some("é"));
    }

    #[test]
    fn two_byte_codespace() {
        let cm = CMap::parse(b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0041> <0042> <0041> endbfrange");
        assert_eq!(
            CMap::next_code_len(&cm.codespaces, &[0, 0x41, 0, 0x42], 1),
            2
        );
        assert_eq!(cm.unicode.get(&(2, 0x42)).map(String::as_str), Some("B"));
    }

    #[test]
    fn the_budget_counts_characters_and_refuses_past_it() {
        let range = b"1 beginbfrange <0000> <00FF> <00410042> endbfrange";
        let cm = CMap::parse_within(range, 512).expect("256 entries of two characters");
        assert_eq!((cm.unicode.len(), cm.entries), (256, 512));
        assert!(CMap::parse_within(range, 511).is_none());
        // A destination longer than the budget is refused before it is decoded.
        let long = format!(
            "1 beginbfrange <0000> <FFFF> <{}> endbfrange",
            "0041".repeat(10_000)
        );
        assert!(CMap::parse_within(long.as_bytes(), 9_999).is_none());
        let spaces = CMap::parse(b"2 beginbfchar <03> <0020> <04> <0041> endbfchar");
        assert_eq!(spaces.space_codes, vec![(1, 3)]);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            &b"beginbfrange <"[..],
            b"beginbfchar <01>",
            b"begincidrange <00> <FF>",
            b"<<<>>>]]][[(\\",
            b"beginbfrange <0000> <FFFFFFFF> <0041>",
        ] {
            let _ = CMap::parse(s);
        }
    }
}
