//! Small, panic-free accessors over lopdf objects: bounded dereferencing, typed gets
//! that answer `None` on anything unexpected, and size-limited stream decoding.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

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
    if matches!(o, Object::Null) { None } else { Some(o) }
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

pub fn get_stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
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
    Other,
}

/// Decoded stream content, bounded by `max` bytes. A stream whose filters fail
/// for another reason yields its raw bytes (as readers do).
pub fn stream_bytes(stream: &Stream, max: usize) -> Result<Vec<u8>, StreamError> {
    match stream.decompressed_content_with_limit(max) {
        Ok(d) => Ok(d),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Err(StreamError::TooLarge),
        Err(_) => {
            if stream.content.len() > max {
                Err(StreamError::TooLarge)
            } else if stream.filters().map(|f| f.is_empty()).unwrap_or(true) {
                Ok(stream.content.clone())
            } else {
                // Unknown or broken filter: raw bytes are still the best guess.
                Ok(stream.content.clone())
            }
        }
    }
}

/// A PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if bytes.len() >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
        return super::fonts::cmap::utf16be(&bytes[2..]);
    }
    if bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
        // UTF-16LE with BOM (not in the specification, written by some producers).
        let units: Vec<u16> = bytes[2..].chunks(2).map(|p| p[0] as u16 | ((p.get(1).copied().unwrap_or(0) as u16) << 8)).collect();
        return char::decode_utf16(units).filter_map(|r| r.ok()).collect();
    }
    if bytes.len() >= 3 && bytes[..3] == [0xEF, 0xBB, 0xBF] {
        return String::from_utf8_lossy(&bytes[3..]).into_owned();
    }
    bytes
        .iter()
        .map(|&b| {
            let name = super::fonts::data::PDF_DOC.get(b as usize).copied().unwrap_or("");
            if b == b'\n' || b == b'\r' || b == b'\t' {
                return (b as char).to_string();
            }
            super::fonts::glyph_name_to_unicode(name).unwrap_or_else(|| if b >= 0x20 { (b as char).to_string() } else { String::new() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xFE\xFF\x00\xC9\x00t\x00\xE9"), "Été");
        assert_eq!(text_string(b"caf\xE9 \xAB ok \xBB \x90 \x92"), "café « ok » ’ ™");
        assert_eq!(text_string(b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0"), "déjà");
        assert_eq!(text_string(b"\xFF\xFEa\x00b\x00"), "ab");
        assert_eq!(text_string(b"\xFE\xFF\xD8"), "");
        assert_eq!(text_string(b"a\nb"), "a\nb");
    }
}
