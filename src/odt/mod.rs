//! ODT reader (OpenDocument Text, what LibreOffice writes): zip + quick-xml, streamed
//! into the neutral model. Knows nothing of the form.
//!
//! `styles` reads the text and paragraph styles of `styles.xml` and of the automatic
//! styles of `content.xml` (struck text, symbol fonts, hidden text); `body` streams
//! `office:text` of `content.xml`. Pictures, meta data and settings are never opened.

mod body;
mod styles;

use std::io::{Cursor, Read};

use crate::error::{self, Cause, ConvertError, PartFault, Result};
use crate::limits::{Limits, exceeded};
use crate::model::Document;
use crate::package::Package;

/// The part holding the document's text.
pub const CONTENT_PART: &str = "content.xml";
const STYLES_PART: &str = "styles.xml";
/// What the `mimetype` entry of a text document starts with (`.odt`, and `.ott`
/// templates: `…text-template`).
pub const TEXT_MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// Read an ODT file into the neutral model.
pub fn read_with_limits(bytes: &[u8], limits: &Limits) -> Result<Document> {
    let mut archive = Package::open(bytes).map_err(|e| {
        ConvertError::of(Cause::BrokenArchive {
            package: error::Package::Odt,
        })
        .with_source(e)
    })?;
    if archive.zip.len() > limits.max_zip_entries {
        return Err(exceeded(
            format!("{} entrées dans l'archive", archive.zip.len()),
            format!("{} entrées (entrées d'un ODT)", limits.max_zip_entries),
            "max-zip-entries",
        ));
    }
    if archive.zip.index_for_name(CONTENT_PART).is_none() {
        return Err(ConvertError::of(Cause::MissingMainPart {
            package: error::Package::Odt,
            part: CONTENT_PART.to_string(),
        }));
    }
    let mut styles = styles::Styles::default();
    if archive.zip.index_for_name(STYLES_PART).is_some() {
        styles.read(
            &entry_bytes(&mut archive, STYLES_PART, limits)?,
            STYLES_PART,
            limits,
        )?;
    }
    let content = entry_bytes(&mut archive, CONTENT_PART, limits)?;
    styles.read(&content, CONTENT_PART, limits)?;
    body::read(&content, &styles, limits)
}

/// Whether a ZIP archive holds an OpenDocument text: a `content.xml` and, when the
/// archive names its type in `mimetype`, the text type.
pub fn holds_text_document(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    if archive.index_for_name(CONTENT_PART).is_none() {
        return false;
    }
    let Ok(entry) = archive.by_name("mimetype") else {
        return true;
    };
    let mut head = Vec::new();
    entry
        .take(TEXT_MIMETYPE.len() as u64)
        .read_to_end(&mut head)
        .is_ok()
        && head == TEXT_MIMETYPE.as_bytes()
}

/// `fichier_illisible` for a damaged part of an ODT.
fn damaged(part: &str, fault: PartFault) -> ConvertError {
    ConvertError::of(Cause::BrokenPart {
        package: error::Package::Odt,
        part: part.to_string(),
        fault,
    })
}

/// Inflate one entry within the limits.
fn entry_bytes(archive: &mut Package<'_>, name: &str, limits: &Limits) -> Result<Vec<u8>> {
    archive.inflate(name, limits, error::Package::Odt)
}

/// Turn one part's XML into events for `visit`, with the errors and the depth limit
/// every part shares. `visit` gets each event and the element depth.
fn stream_xml(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
    mut visit: impl FnMut(XmlEvent<'_>),
) -> Result<()> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).map_err(|_| damaged(part, PartFault::NotUtf8))?;
    let mut reader = quick_xml::Reader::from_str(text);
    // End names are checked here rather than by quick-xml, to forgive one known slip.
    reader.config_mut().check_end_names = false;
    let mut open: Vec<String> = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| damaged(part, PartFault::InvalidXml).with_source(e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(exceeded(
                        format!(
                            "{part} : imbrication XML de plus de {} niveaux",
                            limits.max_xml_depth
                        ),
                        format!("{} niveaux (profondeur XML)", limits.max_xml_depth),
                        "max-xml-depth",
                    ));
                }
                open.push(e.name().into_inner().to_string());
                visit(XmlEvent::Start(&e, depth));
            }
            Event::Empty(e) => {
                visit(XmlEvent::Start(&e, depth + 1));
                visit(XmlEvent::End(e.name().into_inner(), depth + 1));
            }
            Event::End(e) => {
                let opened = open.pop();
                if !end_matches(opened.as_deref(), e.name().into_inner()) {
                    use quick_xml::errors::IllFormedError;
                    let found = e.name().into_inner().to_string();
                    let fault = match opened {
                        Some(expected) => IllFormedError::MismatchedEndTag { expected, found },
                        None => IllFormedError::UnmatchedEndTag(found),
                    };
                    return Err(damaged(part, PartFault::InvalidXml)
                        .with_source(quick_xml::Error::IllFormed(fault)));
                }
                visit(XmlEvent::End(e.name().into_inner(), depth));
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => visit(XmlEvent::Text(
                &t.xml_content(quick_xml::XmlVersion::Implicit1_0),
            )),
            Event::CData(t) => visit(XmlEvent::Text(&t.into_inner())),
            Event::GeneralRef(r) => {
                if let Some(s) = resolve_reference(&r) {
                    visit(XmlEvent::Text(&s));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Whether an end tag closes the element `opened`. AbiWord 3 writes `</text:h>` for some
/// `<text:p>` (and the reverse): both are paragraphs, read alike, so the slip is forgiven;
/// any other mismatch is ill-formed XML.
fn end_matches(opened: Option<&str>, end: &str) -> bool {
    const PARAGRAPHS: [&str; 2] = ["text:p", "text:h"];
    match opened {
        Some(name) => name == end || (PARAGRAPHS.contains(&name) && PARAGRAPHS.contains(&end)),
        None => false,
    }
}

/// One XML event as the part readers see it.
enum XmlEvent<'a> {
    /// An element opens (an empty one opens and closes), at this depth.
    Start(&'a quick_xml::events::BytesStart<'a>, usize),
    /// An element (qualified name: `text:p`) closes, at this depth.
    End(&'a str, usize),
    Text(&'a str),
}

fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name: &str = r;
    Some(
        match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => return None,
        }
        .to_string(),
    )
}

/// The local name of an element (`text:p` → `p`).
fn local<'a>(element: &'a quick_xml::events::BytesStart<'_>) -> &'a str {
    element.local_name().into_inner()
}

/// The value of the attribute with the qualified name `name` (`text:style-name`),
/// unescaped. ODF files use the usual prefixes; the qualified name keeps `text:name`
/// apart from `form:name`.
fn attr(element: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        (a.key.into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}
