//! Small helpers over quick-xml shared by the part readers.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

/// The vocabularies the DOCX reader tells apart, known by their namespace URI whatever
/// prefix a document binds them to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ns {
    /// WordprocessingML, Transitional or ISO 29500 Strict.
    Word,
    /// Word 2010 additions (`w14`): content-control checkboxes.
    Word2010,
    /// Markup compatibility (`mc`): `AlternateContent` and its fallback.
    Compatibility,
    /// Anything else (drawings, VML, later Word extensions).
    Other,
}

/// WordprocessingML in both conformance classes: Strict documents differ only by URI.
const WORD_URIS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const WORD_2010_URI: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const COMPATIBILITY_URI: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

impl Ns {
    /// The vocabulary of an element from its resolved namespace. An element in no
    /// namespace is read as WordprocessingML, and an undeclared prefix at its usual
    /// meaning (`w`, `w14`, `mc`): damaged parts lose no text for a missing declaration.
    pub fn of(resolved: &ResolveResult<'_>) -> Ns {
        match resolved {
            ResolveResult::Bound(Namespace(uri)) => match *uri {
                uri if WORD_URIS.contains(&uri) => Ns::Word,
                WORD_2010_URI => Ns::Word2010,
                COMPATIBILITY_URI => Ns::Compatibility,
                _ => Ns::Other,
            },
            ResolveResult::Unbound => Ns::Word,
            ResolveResult::Unknown(prefix) => match prefix.as_str() {
                "w" => Ns::Word,
                "w14" => Ns::Word2010,
                "mc" => Ns::Compatibility,
                _ => Ns::Other,
            },
        }
    }
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), unescaped.
pub fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        if key.into_inner() == local {
            Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string()),
            )
        } else {
            None
        }
    })
}

/// The value of a `val` attribute parsed as a number, `None` when absent or not one.
pub fn val<T: std::str::FromStr>(element: &BytesStart<'_>) -> Option<T> {
    attr(element, "val").and_then(|v| v.parse().ok())
}

/// The local name of an element (`w:p` → `p`).
pub fn local<'a>(element: &'a BytesStart<'_>) -> &'a str {
    element.local_name().into_inner()
}

/// An OOXML on/off property: absent value, `1`, `true`, `on` mean on.
pub fn on_off(element: &BytesStart<'_>) -> bool {
    match attr(element, "val") {
        None => true,
        Some(v) => !matches!(v.as_str(), "0" | "false" | "off" | "none"),
    }
}

/// The `Target` of the officeDocument relationship in `_rels/.rels`.
pub fn office_document_target(rels: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(rels).ok()?;
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e)) | Ok(Event::Start(e)) if local(&e) == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attr(&e, "Target")?;
                    return Some(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}
