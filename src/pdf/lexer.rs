//! Content stream operations read in place (PDF 32000-1, 7.2 lexical conventions and
//! 7.8.2 content streams): operands borrow the decoded stream wherever they can (numbers,
//! names and strings without escapes), so reading a page allocates little.
//!
//! lopdf parses content streams with nom into owned objects; that took a seventh of a
//! conversion's instructions, for streams made mostly of `Td`, `Tf` and `TJ`. The grammar
//! is lopdf's, tolerant the same way (a minus sign inside a fraction is ignored), and a
//! malformed token ends the stream: the operations before it are kept, as readers do.

use std::borrow::Cow;

/// Arrays and dictionaries nested deeper than this end the stream (a page needs two:
/// `[(a) 10 (b)] TJ`; marked content dictionaries a few more).
const MAX_NESTING: usize = 32;

/// One operand of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'d> {
    /// An integer or a real.
    Number(f32),
    /// A name, `#xx` escapes decoded, without its slash.
    Name(Cow<'d, [u8]>),
    /// A literal or hexadecimal string, escapes decoded.
    String(Cow<'d, [u8]>),
    /// An array (of `TJ`, of a dash pattern…).
    Array(Vec<Operand<'d>>),
    /// `true`, `false`, `null` or a dictionary: nothing the interpreter reads.
    Other,
}

impl Operand<'_> {
    /// The operand as a number, when it is one.
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(v) => Some(*v),
            _ => None,
        }
    }
}

/// One operation: its operator and the operands before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation<'d> {
    /// `Tj`, `re`, `BI` (an inline image, whose data is skipped)…
    pub operator: &'d [u8],
    /// The operands, in order.
    pub operands: Vec<Operand<'d>>,
}

/// The operations of a content stream, in order; the iteration ends at the end of the
/// data or at the first malformed token.
pub struct Operations<'d> {
    data: &'d [u8],
    pos: usize,
}

impl<'d> Operations<'d> {
    /// The operations of `data`, a decoded content stream.
    pub fn new(data: &'d [u8]) -> Self {
        Operations { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skip white space and comments.
    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_whitespace(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The run of regular characters at the position (a keyword, a number's text).
    fn regular_run(&mut self) -> &'d [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The text of the number at the position: a sign, digits, a fraction (which may hold
    /// a stray minus sign). What follows is the next token, as in `1.5Tf`.
    fn number_text(&mut self) -> &'d [u8] {
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'-') {
                self.pos += 1;
            }
        }
        &self.data[start..self.pos]
    }

    /// One operand, or the operator that ends the operation (`Err(keyword)`), or `None`
    /// for a malformed token or the end of the data.
    fn token(&mut self, depth: usize) -> Option<Result<Operand<'d>, &'d [u8]>> {
        self.skip_space();
        let c = self.peek()?;
        let operand = match c {
            b'0'..=b'9' | b'+' | b'-' | b'.' => Operand::Number(number(self.number_text())?),
            b'/' => {
                self.pos += 1;
                Operand::Name(name(self.regular_run()))
            }
            b'(' => Operand::String(self.literal_string()?),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dictionary(depth + 1)?;
                Operand::Other
            }
            b'<' => Operand::String(self.hex_string()?),
            b'[' => {
                self.pos += 1;
                Operand::Array(self.array(depth + 1)?)
            }
            _ if is_regular(c) => {
                return match self.regular_run() {
                    b"true" | b"false" | b"null" => Some(Ok(Operand::Other)),
                    keyword if is_operator(keyword) => Some(Err(keyword)),
                    _ => None,
                };
            }
            // `)`, `>`, `]`, `{`, `}` out of place.
            _ => return None,
        };
        Some(Ok(operand))
    }

    /// The elements of an array, after its `[`, up to and including its `]`.
    fn array(&mut self, depth: usize) -> Option<Vec<Operand<'d>>> {
        if depth > MAX_NESTING {
            return None;
        }
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(items);
            }
            // A keyword inside an array is malformed.
            items.push(self.token(depth)?.ok()?);
        }
    }

    /// Skip a dictionary, after its `<<`, up to and including its `>>`.
    fn dictionary(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_NESTING {
            return None;
        }
        loop {
            self.skip_space();
            if self.data[self.pos..].starts_with(b">>") {
                self.pos += 2;
                return Some(());
            }
            self.token(depth)?.ok()?;
        }
    }

    /// A literal string, from its `(`: balanced parentheses, escapes, end-of-line markers
    /// read as `\n` (7.3.4.2).
    fn literal_string(&mut self) -> Option<Cow<'d, [u8]>> {
        self.pos += 1;
        let start = self.pos;
        // Without escapes or line ends the string is the data itself.
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    self.pos += 1;
                    return Some(Cow::Borrowed(&self.data[start..self.pos - 1]));
                }
                b')' => depth -= 1,
                b'\\' | b'\r' => break,
                _ => {}
            }
            self.pos += 1;
        }
        let mut out = self.data[start..self.pos].to_vec();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' if depth == 0 => return Some(Cow::Owned(out)),
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                b'\\' => self.escape(&mut out)?,
                _ => out.push(c),
            }
        }
        None
    }

    /// The character after a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let c = self.peek()?;
        self.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0C),
            b'0'..=b'7' => {
                // Up to three octal digits; overflow past a byte is ignored (7.3.4.2).
                let mut value = u16::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u16::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            // A backslash before an end of line continues the string on the next line.
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            // `\(`, `\)`, `\\`, and any other character stands for itself.
            other => out.push(other),
        }
        Some(())
    }

    /// A hexadecimal string, from its `<`: white space ignored, a final odd digit
    /// followed by 0 (7.3.4.3).
    fn hex_string(&mut self) -> Option<Cow<'d, [u8]>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            if c == b'>' {
                out.extend(high.map(|h| h << 4));
                return Some(Cow::Owned(out));
            }
            if is_whitespace(c) {
                continue;
            }
            let digit = (c as char).to_digit(16)? as u8;
            match high.take() {
                Some(h) => out.push(h << 4 | digit),
                None => high = Some(digit),
            }
        }
    }

    /// Skip an inline image after its `BI`: the dictionary up to `ID`, one white-space
    /// character, the data, then `EI` (8.9.7). The data is binary: its end is the first
    /// `EI` between white space (or at the end), as Poppler and lopdf find it.
    fn skip_inline_image(&mut self) -> Option<()> {
        loop {
            match self.token(1)? {
                Err(b"ID") => break,
                Err(_) => return None,
                Ok(_) => {}
            }
        }
        // The single white-space character after `ID` (CR LF counts as one).
        if self.data[self.pos..].starts_with(b"\r\n") {
            self.pos += 2;
        } else if self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
        let rest = &self.data[self.pos..];
        let end = rest.windows(3).enumerate().find_map(|(i, w)| {
            (is_whitespace(w[0])
                && &w[1..] == b"EI"
                && rest.get(i + 3).is_none_or(|&c| !is_regular(c)))
            .then_some(i + 3)
        })?;
        self.pos += end;
        Some(())
    }
}

impl<'d> Iterator for Operations<'d> {
    type Item = Operation<'d>;

    fn next(&mut self) -> Option<Operation<'d>> {
        let mut operands = Vec::new();
        loop {
            match self.token(0) {
                Some(Ok(operand)) => operands.push(operand),
                Some(Err(operator)) => {
                    if operator == b"BI" {
                        self.skip_inline_image().or_else(|| {
                            self.pos = self.data.len();
                            None
                        })?;
                    }
                    return Some(Operation { operator, operands });
                }
                None => {
                    // Nothing more is read after a malformed token.
                    self.pos = self.data.len();
                    return None;
                }
            }
        }
    }
}

/// PDF white space (7.2.2, Table 1).
fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C | 0)
}

/// Neither white space nor a delimiter (7.2.2, Table 2).
fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !b"()<>[]{}/%".contains(&c)
}

/// An operator: letters, digits (not first: `d0`, `d1`) and `*`, `'`, `"`.
fn is_operator(word: &[u8]) -> bool {
    word.first().is_some_and(|c| !c.is_ascii_digit())
        && word
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || b"*'\"".contains(c))
}

/// A number: `12`, `-3.5`, `.5`, `4.`; a minus sign inside the fraction
/// (`0.00-4142502`, written by some producers) is ignored, as pdf.js and Poppler do.
fn number(text: &[u8]) -> Option<f32> {
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, text),
    };
    let dot = digits.iter().position(|&c| c == b'.');
    let (whole, fraction) = match dot {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, &digits[digits.len()..]),
    };
    let plain = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let fraction_ok = fraction.iter().all(|&c| c.is_ascii_digit() || c == b'-');
    if !plain(whole)
        || !fraction_ok
        || (whole.is_empty() && !fraction.iter().any(u8::is_ascii_digit))
    {
        return None;
    }
    let mut value = 0f64;
    for &c in whole {
        value = value * 10.0 + f64::from(c - b'0');
    }
    let mut scale = 0.1;
    for &c in fraction.iter().filter(|c| c.is_ascii_digit()) {
        value += f64::from(c - b'0') * scale;
        scale /= 10.0;
    }
    let value = if negative { -value } else { value } as f32;
    value.is_finite().then_some(value)
}

/// A name's text with its `#xx` escapes decoded (7.3.5); a `#` not followed by two
/// hexadecimal digits stands for itself.
fn name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let escaped = (raw[i] == b'#')
            .then(|| Some(hex(*raw.get(i + 1)?)? << 4 | hex(*raw.get(i + 2)?)?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Operand<'_>>)> {
        Operations::new(data)
            .map(|op| {
                (
                    String::from_utf8_lossy(op.operator).into_owned(),
                    op.operands,
                )
            })
            .collect()
    }

    fn s(b: &[u8]) -> Operand<'_> {
        Operand::String(Cow::Borrowed(b))
    }

    #[test]
    fn operands_of_each_kind() {
        use Operand::*;
        let data = b"0.5 g 1 0 0 1 -2.5 .5 cm /F#201 9 Tf [(a)-20<4142 4>] TJ true null << /MCID 3 /D [1 (x)] >> BDC";
        assert_eq!(
            ops(data),
            vec![
                ("g".into(), vec![Number(0.5)]),
                (
                    "cm".into(),
                    vec![
                        Number(1.0),
                        Number(0.0),
                        Number(0.0),
                        Number(1.0),
                        Number(-2.5),
                        Number(0.5)
                    ]
                ),
                ("Tf".into(), vec![Name(Cow::Borrowed(b"F 1")), Number(9.0)]),
                (
                    "TJ".into(),
                    vec![Array(vec![s(b"a"), Number(-20.0), s(b"AB@")])]
                ),
                ("BDC".into(), vec![Other, Other, Other]),
            ]
        );
    }

    #[test]
    fn literal_strings_decode_escapes_and_nesting() {
        let cases: &[(&[u8], &[u8])] = &[
            (b"(a(b)c) Tj", b"a(b)c"),
            (b"(a\\)b) Tj", b"a)b"),
            (b"(\\101\\0601\\n\\\\) Tj", b"A01\n\\"),
            (b"(line\\\r\nnext) Tj", b"linenext"),
            (b"(cr\rlf\r\nend) Tj", b"cr\nlf\nend"),
            (b"(\\q) Tj", b"q"),
        ];
        for (data, want) in cases {
            let got = ops(data);
            assert_eq!(
                got,
                vec![("Tj".into(), vec![s(want)])],
                "{}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn numbers_as_producers_write_them() {
        let cases: &[(&[u8], Option<f32>)] = &[
            (b"12", Some(12.0)),
            (b"-3.25", Some(-3.25)),
            (b"+.5", Some(0.5)),
            (b"4.", Some(4.0)),
            (b"0.00-4", Some(0.004)),
            (b"-", None),
            (b".", None),
            (b"+", None),
        ];
        for (text, want) in cases {
            assert_eq!(number(text), *want, "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn numbers_end_where_their_characters_end() {
        use Operand::Number;
        assert_eq!(ops(b"1.5Tf"), vec![("Tf".into(), vec![Number(1.5)])]);
        assert_eq!(
            ops(b"1-2 m"),
            vec![("m".into(), vec![Number(1.0), Number(-2.0)])]
        );
    }

    #[test]
    fn a_malformed_token_ends_the_stream_and_keeps_what_came_before() {
        assert_eq!(ops(b"q 1 w ) Q").len(), 2);
        assert_eq!(ops(b"q (unterminated Tj").len(), 1);
        assert_eq!(ops(b"q <4G> Tj Q").len(), 1);
        assert_eq!(ops(b"q [1 Tj] TJ Q").len(), 1);
        // Too deep an array.
        let deep = [&b"["[..].repeat(MAX_NESTING + 2)[..], b"] TJ"].concat();
        assert!(ops(&deep).is_empty());
    }

    #[test]
    fn comments_are_skipped_and_inline_images_jumped_over() {
        let data = b"% a comment\nq %another\n1 w\nBI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q";
        let got: Vec<String> = ops(data).into_iter().map(|(o, _)| o).collect();
        assert_eq!(got, ["q", "w", "BI", "Q"]);
    }
}

/// The lexer reads every content stream of the PDF fixtures as lopdf's parser does.
#[cfg(test)]
mod same_as_lopdf {
    use super::*;
    use lopdf::Object;
    use lopdf::content::Content;

    /// lopdf's operand in the lexer's terms (an inline image's data is skipped).
    fn operand(o: &Object) -> Operand<'_> {
        match o {
            Object::Integer(i) => Operand::Number(*i as f32),
            Object::Real(r) => Operand::Number(*r),
            Object::Name(n) => Operand::Name(Cow::Borrowed(n)),
            Object::String(s, _) => Operand::String(Cow::Borrowed(s)),
            Object::Array(a) => Operand::Array(a.iter().map(operand).collect()),
            _ => Operand::Other,
        }
    }

    /// The PDFs of the producers' folders (not the hostile and malformed inputs, some of
    /// which hold millions of operations).
    fn pdfs(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        const NOT_PRODUCERS: &[&str] = &["hostile", "malformed", "errors", "fuzz-regressions"];
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if NOT_PRODUCERS.iter().any(|n| name == *n) {
                continue;
            }
            if path.is_dir() {
                pdfs(&path, out);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_page_of_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        pdfs(&root, &mut files);
        let mut streams = 0;
        for file in files {
            let Ok(doc) = lopdf::Document::load(&file) else {
                continue;
            };
            for (_, page) in doc.get_pages() {
                let data = doc.get_page_content(page);
                let theirs: Vec<_> = Content::decode_iter(&data).map_while(Result::ok).collect();
                let ours: Vec<Operation> = Operations::new(&data).collect();
                assert_eq!(ours.len(), theirs.len(), "{}", file.display());
                for (a, b) in ours.iter().zip(&theirs) {
                    assert_eq!(a.operator, b.operator.as_bytes(), "{}", file.display());
                    if a.operator != b"BI" {
                        let b: Vec<Operand> = b.operands.iter().map(operand).collect();
                        assert_eq!(a.operands, b, "{}", file.display());
                    }
                }
                streams += 1;
            }
        }
        assert!(streams > 500, "only {streams} content streams read");
    }
}
