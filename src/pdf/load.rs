//! Loading a PDF with lopdf within the limits. lopdf parses every object at load, and the
//! objects of an object stream from the offsets its index gives: a crafted stream can
//! point all its objects at one huge array (parsed once per object), or hold millions of
//! objects. So object streams are taken apart here, in lopdf's load filter, before lopdf
//! sees them: objects are counted against `max_pdf_objects` as they come, each object of
//! a stream is parsed from its own bytes only (up to the next offset), its values counted
//! first, and the stream decoded within the document's decoded-bytes budget. The objects
//! written in the file are counted on its bytes before lopdf parses them.

use std::cell::RefCell;

use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, ObjectStream, Stream};

use super::obj;
use crate::error::{Cause, ConvertError, Result};
use crate::limits::{Limits, Usage, exceeded, values_exceeded};

/// The values of all the objects of a document's object streams, in `max_pdf_values`.
const OBJECT_STREAM_VALUES_FACTOR: usize = 4;

/// Load `bytes` (an empty user password opens an encrypted file; a real one gives
/// `chiffre`), counting the object streams' decoded bytes in `usage`.
pub fn load(bytes: &[u8], limits: &Limits, usage: &mut Usage) -> Result<Document> {
    // The objects written in the file itself are parsed by lopdf before the filter sees
    // them: their values are counted on the bytes first (a file shorter than the limit
    // cannot pass it).
    if bytes.len() > limits.max_pdf_values && obj::most_values(bytes, true) > limits.max_pdf_values
    {
        return Err(values_exceeded(
            "un objet du fichier",
            limits.max_pdf_values,
        ));
    }
    // lopdf loads an encrypted file on a path of its own that calls no filter: nothing
    // would be counted and lopdf would parse the object streams itself. So the trailer's
    // /Encrypt is renamed in a copy, the copy loads like any other file (object streams
    // set aside), then it is decrypted and its object streams taken apart as usual.
    let hidden = hide_encryption(bytes);
    let source = hidden.as_deref().unwrap_or(bytes);
    let encrypted = hidden.is_some();
    let mut doc = load_once(source, limits, usage, false, encrypted)?;
    // lopdf rebuilds a damaged cross-reference table only for loads without a filter:
    // done here as lopdf would, when the page tree did not load.
    if doc.xref_recovery != Some(lopdf::xref::XrefRecovery::Reconstructed)
        && !page_tree_loaded(&doc)
        && let Ok(rebuilt) = load_once(source, limits, usage, true, encrypted)
        && page_tree_loaded(&rebuilt)
    {
        doc = rebuilt;
    }
    // Decrypted with the empty user password (and /Encrypt dropped); a file still marked
    // encrypted needs a real password.
    if doc.is_encrypted() {
        return Err(ConvertError::of(Cause::Encrypted));
    }
    Ok(doc)
}

/// The name `/Encrypt` takes in the copy of an encrypted file (same length: no offset
/// moves).
const HIDDEN_ENCRYPT: &[u8] = b"/Encryp_";

/// A copy of `bytes` with every `/Encrypt` name renamed, or `None` without one. The name
/// is a trailer key (the trailer and cross-reference streams are never encrypted); found
/// elsewhere in the file, renaming it changes nothing the converter reads.
fn hide_encryption(bytes: &[u8]) -> Option<Vec<u8>> {
    const NAME: &[u8] = b"/Encrypt";
    let ends_name = |b: Option<&u8>| b.is_none_or(|&b| b" \t\r\n\x0c\0()<>[]{}/%".contains(&b));
    let mut copy: Option<Vec<u8>> = None;
    let mut from = 0;
    while let Some(at) = bytes
        .get(from..)
        .and_then(|rest| rest.windows(NAME.len()).position(|w| w == NAME))
    {
        let at = from + at;
        if ends_name(bytes.get(at + NAME.len())) {
            copy.get_or_insert_with(|| bytes.to_vec())[at..at + NAME.len()]
                .copy_from_slice(HIDDEN_ENCRYPT);
        }
        from = at + NAME.len();
    }
    copy
}

/// Put back the `/Encrypt` of a copy made by `hide_encryption` and decrypt the document
/// with the empty user password. Objects that do not decrypt in full are kept as far as
/// they did, as lopdf does on load.
fn decrypt(doc: &mut Document) -> Result<()> {
    let Some(encrypt) = doc.trailer.remove(&HIDDEN_ENCRYPT[1..]) else {
        return Ok(());
    };
    doc.trailer.set("Encrypt", encrypt);
    if doc.authenticate_password("").is_err() {
        return Err(ConvertError::of(Cause::Encrypted));
    }
    let _ = doc.decrypt("");
    Ok(())
}

fn load_once(
    bytes: &[u8],
    limits: &Limits,
    usage: &mut Usage,
    reconstruct: bool,
    encrypted: bool,
) -> Result<Document> {
    let options = LoadOptions {
        max_decompressed_size: Some(usage.decodable(limits)),
        filter: Some(admit),
        force_reconstruct: reconstruct,
        ..Default::default()
    };
    let guard = || {
        let mut guard = Guard::new(limits.clone(), usage.clone());
        // Encrypted object streams are taken apart once decrypted.
        guard.set_aside = encrypted.then(Vec::new);
        guard
    };
    GUARD.with(|g| *g.borrow_mut() = Some(guard()));
    let loaded = Document::load_mem_with_options(bytes, options);
    let mut guard = GUARD.with(|g| g.borrow_mut().take()).unwrap_or_else(guard);
    if let Some(error) = guard.error.take() {
        return Err(error);
    }
    let mut doc = match loaded {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(super::content::stream_too_large(limits));
        }
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::InvalidPassword) => {
            return Err(ConvertError::of(Cause::Encrypted));
        }
        Err(e) => {
            return Err(ConvertError::of(Cause::BrokenPdf).with_source(e));
        }
    };
    if let Some(containers) = guard.set_aside.take() {
        decrypt(&mut doc)?;
        for container in containers {
            if let Some(Object::Stream(stream)) = doc.objects.get(&(container, 0)) {
                guard.take_apart(container, stream)?;
            }
        }
    }
    *usage = guard.usage;
    add_members(&mut doc, guard.members);
    Ok(doc)
}

/// Objects of object streams join the document as lopdf would add them: never replacing
/// an object, and only from the stream the cross-reference data names (if it names one).
fn add_members(doc: &mut Document, members: Vec<(u32, ObjectId, Object)>) {
    for (container, id, object) in members {
        let allowed = match doc.reference_table.get(id.0) {
            Some(XrefEntry::Compressed { container: c, .. }) => *c == container,
            Some(XrefEntry::Free | XrefEntry::UnusableFree) => false,
            Some(XrefEntry::Normal { .. }) | None => true,
        };
        if allowed {
            doc.objects.entry(id).or_insert(object);
        }
    }
}

fn page_tree_loaded(doc: &Document) -> bool {
    let Ok(catalog) = doc.catalog() else {
        return false;
    };
    obj::get_dict(doc, catalog, b"Pages")
        .is_some_and(|pages| obj::get_array(doc, pages, b"Kids").is_some())
}

thread_local! {
    /// The state of the load under way on this thread (lopdf's filter is a plain `fn`).
    static GUARD: RefCell<Option<Guard>> = const { RefCell::new(None) };
}

struct Guard {
    limits: Limits,
    usage: Usage,
    objects: usize,
    values: usize,
    /// Objects taken out of object streams: their stream, id and value.
    members: Vec<(u32, ObjectId, Object)>,
    /// The first limit passed: every object after it is dropped.
    error: Option<ConvertError>,
    /// Object streams left whole until the document is decrypted (an encrypted file).
    set_aside: Option<Vec<u32>>,
}

/// lopdf's load filter: counts every object and takes object streams apart. lopdf keeps
/// the object it passed (changed in place) when the answer is `Some`, whose value it uses
/// only for the objects of the object streams it parses itself, and it parses none here.
fn admit(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    GUARD.with(|g| {
        let mut g = g.borrow_mut();
        let Some(guard) = g.as_mut() else {
            return Some((id, Object::Null));
        };
        if guard.error.is_some() {
            return None;
        }
        match guard.admit(id, object) {
            Ok(()) => Some((id, Object::Null)),
            Err(e) => {
                guard.error = Some(e);
                None
            }
        }
    })
}

impl Guard {
    fn new(limits: Limits, usage: Usage) -> Self {
        Guard {
            limits,
            usage,
            objects: 0,
            values: 0,
            members: Vec::new(),
            error: None,
            set_aside: None,
        }
    }

    fn count_objects(&mut self, n: usize) -> Result<()> {
        self.objects = self.objects.saturating_add(n);
        if self.objects > self.limits.max_pdf_objects {
            return Err(exceeded(
                format!("plus de {} objets dans le PDF", self.limits.max_pdf_objects),
                format!("{} objets (objets d'un PDF)", self.limits.max_pdf_objects),
                "max-pdf-objects",
            ));
        }
        Ok(())
    }

    fn admit(&mut self, id: ObjectId, object: &mut Object) -> Result<()> {
        self.count_objects(1)?;
        let Object::Stream(stream) = object else {
            return Ok(());
        };
        if !stream.dict.has_type(b"ObjStm") {
            return Ok(());
        }
        // lopdf must not parse it again: it is no longer marked as an object stream.
        stream.dict.remove(b"Type");
        if let Some(set_aside) = &mut self.set_aside {
            set_aside.push(id.0);
            return Ok(());
        }
        self.take_apart(id.0, stream)
    }

    /// Parse the objects of an object stream, each from its own bytes.
    fn take_apart(&mut self, container: u32, stream: &Stream) -> Result<()> {
        let content = obj::decode_counted(stream, &self.limits, &mut self.usage)?;
        let first = stream
            .dict
            .get(b"First")
            .ok()
            .and_then(|f| f.as_i64().ok())
            .and_then(|f| usize::try_from(f).ok())
            .unwrap_or(0);
        let Some(index) = content.get(..first) else {
            return Ok(());
        };
        let mut entries = index_entries(index);
        self.count_objects(entries.len())?;
        // Offsets in order; an offset given twice is kept once (objects cannot overlap).
        entries.sort_by_key(|&(_, offset)| offset);
        entries.dedup_by_key(|&mut (_, offset)| offset);
        let body = content.get(first..).unwrap_or_default();
        for (k, &(number, offset)) in entries.iter().enumerate() {
            let end = entries
                .get(k + 1)
                .map_or(body.len(), |&(_, next)| next)
                .min(body.len());
            let Some(bytes) = body.get(offset..end) else {
                continue;
            };
            if let Some(object) = self.parse_member(number, bytes)? {
                self.members.push((container, (number, 0), object));
            }
        }
        Ok(())
    }

    /// One object of an object stream, parsed from its bytes alone, values counted first.
    fn parse_member(&mut self, number: u32, bytes: &[u8]) -> Result<Option<Object>> {
        let values = obj::most_values(bytes, false);
        if values > self.limits.max_pdf_values {
            return Err(values_exceeded(
                "un objet de flux d'objets",
                self.limits.max_pdf_values,
            ));
        }
        self.values = self.values.saturating_add(values);
        let total = self
            .limits
            .max_pdf_values
            .saturating_mul(OBJECT_STREAM_VALUES_FACTOR);
        if self.values > total {
            return Err(values_exceeded("les flux d'objets (au total)", total));
        }
        let head = format!("{number} 0 ");
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(1));
        dict.set("First", Object::Integer(head.len() as i64));
        let one = Stream::new(dict, [head.as_bytes(), bytes].concat());
        let parsed = ObjectStream::new_with_limit(&one, None).ok();
        Ok(parsed.and_then(|mut s| s.objects.remove(&(number, 0))))
    }
}

/// The (object number, offset) pairs of an object stream's index.
fn index_entries(index: &[u8]) -> Vec<(u32, usize)> {
    let text = String::from_utf8_lossy(index);
    let numbers: Vec<Option<u64>> = text
        .split(['\r', '\n'])
        .flat_map(|line| {
            line.split('%')
                .next()
                .unwrap_or_default()
                .split_whitespace()
        })
        .map(|n| n.parse().ok())
        .collect();
    numbers
        .chunks_exact(2)
        .filter_map(|pair| {
            Some((
                u32::try_from(pair[0]?).ok()?,
                usize::try_from(pair[1]?).ok()?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_encrypt_name_is_hidden_and_nothing_moves() {
        let bytes = b"<< /EncryptMetadata false >>\ntrailer\n<< /Size 3 /Encrypt 6 0 R /Root 1 0 R >>\n<</Encrypt<</V 2>>>>";
        let hidden = hide_encryption(bytes).expect("an /Encrypt key");
        assert_eq!(hidden.len(), bytes.len());
        let text = String::from_utf8(hidden).expect("text");
        assert_eq!(text.matches("/Encryp_").count(), 2, "{text}");
        assert!(text.contains("/EncryptMetadata false"), "{text}");
        assert_eq!(hide_encryption(b"<< /EncryptMetadata true >>"), None);
        assert_eq!(hide_encryption(b"trailer << /Size 1 >>"), None);
    }
}
