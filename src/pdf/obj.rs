//! Small, panic-free accessors over lopdf objects: bounded dereferencing, typed gets
//! that answer `None` on anything unexpected, and size-limited stream decoding.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::limits::{Limits, Usage};

/// Follow references (at most 16 hops).
pub fn deref<'a>(doc: &'a Document, mut obj: &'a Object) -> &'a Object {
    for _ in 0..16 {
        match obj {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(o) => obj = o,
                None => return &Object::Null,
            },
            _ => return obj,
        }
    }
    &Object::Null
}

/// The reference id of a value, if it is one.
pub fn ref_id(obj: &Object) -> Option<ObjectId> {
    match obj {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let o = deref(doc, dict.get(key).ok()?);
    if matches!(o, Object::Null) {
        None
    } else {
        Some(o)
    }
}

pub fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(doc, dict.get(key).ok()?)
}

pub fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

pub fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    num(deref(doc, dict.get(key).ok()?))
}

pub fn get_int(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    match get(doc, dict, key)? {
        Object::Integer(i) => Some(*i),
        Object::Real(r) if r.is_finite() => Some(*r as i64),
        _ => None,
    }
}

/// A finite number.
pub fn num(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub fn num_deref(doc: &Document, obj: &Object) -> Option<f32> {
    num(deref(doc, obj))
}

/// Numbers of an array value (non-numbers → None for the whole).
pub fn nums(doc: &Document, obj: &Object) -> Option<Vec<f32>> {
    match deref(doc, obj) {
        Object::Array(a) => a.iter().map(|o| num_deref(doc, o)).collect(),
        _ => None,
    }
}

/// Why a stream could not be decoded.
#[derive(Debug)]
pub enum StreamError {
    TooLarge,
}

/// Decoded stream content, bounded by `max` bytes. A stream whose filters fail
/// for another reason yields its raw bytes (as readers do).
pub fn stream_bytes(stream: &Stream, max: usize) -> Result<Vec<u8>, StreamError> {
    match stream.decompressed_content_with_limit(max) {
        Ok(d) => Ok(d),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::TooLarge)
        }
        Err(_) => {
            if stream.content.len() > max {
                Err(StreamError::TooLarge)
            } else {
                // No filter, or an unknown or broken one: raw bytes are the best guess.
                Ok(stream.content.clone())
            }
        }
    }
}

/// A stream decoded within `max_stream_bytes` and what is left of the document's
/// decoded-bytes budget, and counted in it; `trop_volumineux` past either.
pub fn decode_counted(
    stream: &Stream,
    limits: &Limits,
    usage: &mut Usage,
) -> crate::error::Result<Vec<u8>> {
    let max = usage.decodable(limits);
    let data = match stream_bytes(stream, max) {
        Ok(d) => d,
        Err(StreamError::TooLarge) if max < limits.max_stream_bytes => {
            return Err(crate::limits::decoded_bytes_exceeded(limits));
        }
        Err(StreamError::TooLarge) => {
            return Err(super::content::stream_too_large(limits));
        }
    };
    usage.decode(data.len(), limits)?;
    Ok(data)
}

/// The most values one operation of a content stream holds (`operators`: a keyword ends
/// an operation; in a whole file, `obj` and `endobj` end an object, and stream data is
/// skipped), or the values of one object (`operators` false: every token counts).
/// A value is a number, name, string, keyword, or an array or dictionary and each of its
/// elements. The parsers (lopdf for objects, `lexer` for content streams) keep every
/// operand of an operation or object at once, so this is counted on the bytes before
/// they are parsed.
pub fn most_values(data: &[u8], operators: bool) -> usize {
    let mut i = 0;
    let (mut count, mut most, mut depth) = (0usize, 0usize, 0usize);
    while let Some(&c) = data.get(i) {
        match c {
            b'%' => i = skip_until(data, i, |b| b == b'\n' || b == b'\r'),
            b'(' => {
                i = skip_literal_string(data, i);
                count += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                i += 2;
                depth += 1;
                count += 1;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                i += 2;
                depth = depth.saturating_sub(1);
            }
            b'<' => {
                i = skip_until(data, i, |b| b == b'>');
                count += 1;
            }
            b'[' => {
                i += 1;
                depth += 1;
                count += 1;
            }
            b']' => {
                i += 1;
                depth = depth.saturating_sub(1);
            }
            b'/' => {
                i = skip_until(data, i + 1, is_delimiter);
                count += 1;
            }
            _ if is_delimiter(c) => i += 1,
            _ => {
                let start = i;
                i = skip_until(data, i, is_delimiter);
                let word = &data[start..i];
                if operators && depth == 0 && is_operator(word) {
                    most = most.max(count);
                    count = 0;
                    match word {
                        b"ID" => i = skip_inline_image(data, i),
                        // A whole file read this way: its streams' data is not values.
                        b"stream" => i = skip_past(data, i, b"endstream"),
                        _ => {}
                    }
                } else {
                    count += 1;
                }
            }
        }
    }
    most.max(count)
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace()
        || b == 0
        || matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

fn is_operator(word: &[u8]) -> bool {
    let first = word.first().copied().unwrap_or(b'0');
    (first.is_ascii_alphabetic() || first == b'\'' || first == b'"')
        && !matches!(word, b"true" | b"false" | b"null")
}

/// The index of the first byte from `i` on that `stop` accepts (or the end).
fn skip_until(data: &[u8], i: usize, stop: impl Fn(u8) -> bool) -> usize {
    data.get(i..)
        .and_then(|rest| rest.iter().position(|&b| stop(b)))
        .map_or(data.len(), |p| i + p)
}

/// Past a literal string starting at `i` (nested parentheses, backslash escapes).
fn skip_literal_string(data: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = data.get(i) {
        match b {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// Past the next `marker` from `i` (or the end).
fn skip_past(data: &[u8], i: usize, marker: &[u8]) -> usize {
    let rest = data.get(i..).unwrap_or_default();
    rest.windows(marker.len())
        .position(|w| w == marker)
        .map_or(data.len(), |p| i + p + marker.len())
}

/// Past the data of an inline image (`ID` … `EI`).
fn skip_inline_image(data: &[u8], i: usize) -> usize {
    let rest = data.get(i..).unwrap_or_default();
    let end = rest
        .windows(3)
        .position(|w| w[0].is_ascii_whitespace() && &w[1..] == b"EI");
    end.map_or(data.len(), |p| i + p + 3)
}

/// A PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if bytes.len() >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
        return super::fonts::cmap::utf16be(&bytes[2..]);
    }
    if bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
        // UTF-16LE with BOM (not in the specification, written by some producers).
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|p| p[0] as u16 | ((p.get(1).copied().unwrap_or(0) as u16) << 8))
            .collect();
        return char::decode_utf16(units).filter_map(|r| r.ok()).collect();
    }
    if bytes.len() >= 3 && bytes[..3] == [0xEF, 0xBB, 0xBF] {
        return String::from_utf8_lossy(&bytes[3..]).into_owned();
    }
    // Each byte value is looked up once (a field value can be a stream of megabytes).
    let mut memo: Vec<Option<String>> = vec![None; 256];
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        let text = memo[b as usize].get_or_insert_with(|| pdf_doc_char(b));
        out.push_str(text);
    }
    out
}

/// One byte of PDFDocEncoding.
fn pdf_doc_char(b: u8) -> String {
    let name = super::fonts::data::PDF_DOC
        .get(b as usize)
        .copied()
        .unwrap_or("");
    if b == b'\n' || b == b'\r' || b == b'\t' {
        return (b as char).to_string();
    }
    super::fonts::glyph_name_to_unicode(name).unwrap_or_else(|| {
        if b >= 0x20 {
            (b as char).to_string()
        } else {
            String::new()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_per_operation_or_object() {
        assert_eq!(
            most_values(b"1 0 0 1 10 20 cm BT /F1 12 Tf [(a) -20 (b)] TJ ET", true),
            6
        );
        assert_eq!(
            most_values(
                b"1 2 3 4 5 6 7 n BI /W 1 ID \x01 2 3 4 5 6 7 8 9 EI Q",
                true
            ),
            7
        );
        assert_eq!(
            most_values(b"<< /Kids [1 0 R 2 0 R] /Count 2 >>", false),
            11
        );
        assert_eq!(most_values(b"(a (nested) \\) string) 1", false), 2);
        let file = b"%PDF-1.7\n1 0 obj << /A [1 2 3] >> endobj 2 0 obj << /Length 9 >> stream\n1 2 3 4 5 endstream endobj";
        assert_eq!(most_values(file, true), 6);
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xFE\xFF\x00\xC9\x00t\x00\xE9"), "Été");
        assert_eq!(
            text_string(b"caf\xE9 \xAB ok \xBB \x90 \x92"),
            "café « ok » ’ ™"
        );
        assert_eq!(text_string(b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0"), "déjà");
        assert_eq!(text_string(b"\xFF\xFEa\x00b\x00"), "ab");
        assert_eq!(text_string(b"\xFE\xFF\xD8"), "");
        assert_eq!(text_string(b"a\nb"), "a\nb");
    }
}
