//! Small helpers over quick-xml shared by the part readers.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

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

/// The local name of an element (`w:p` → `p`).
pub fn local<'a>(element: &'a BytesStart<'_>) -> &'a str {
    element.local_name().into_inner()
}

/// The prefix of an element's name (`w:p` → `w`), empty when none.
pub fn prefix<'a>(element: &'a BytesStart<'_>) -> &'a str {
    element
        .name()
        .into_inner()
        .split_once(':')
        .map(|(p, _)| p)
        .unwrap_or_default()
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
