//! From PDF bytes to `PageContent`s: load with lopdf (an empty user password opens an
//! encrypted file; a real one gives `chiffre`), walk the pages (at most `max_pdf_pages`), set
//! up each page's space (CropBox or MediaBox, `/Rotate`), interpret its content and place
//! the AcroForm widgets.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::Interpreter;
use super::geometry::Matrix;
use super::obj;
use super::page::PageContent;
use super::{acroform, load};
use crate::error::{Cause, ConvertError, Result};
use crate::limits::{Limits, Usage, decoded_bytes_exceeded, exceeded};

/// One page's geometry: its size once displayed and the matrix from default user space
/// to page space (top-left origin, y downwards, rotation applied).
#[derive(Debug, Clone, Copy)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub matrix: Matrix,
}

/// Read every page, within the default limits.
pub fn extract(bytes: &[u8]) -> Result<Vec<PageContent>> {
    extract_with(bytes, &Limits::default())
}

/// Read every page, within `limits`.
pub fn extract_with(bytes: &[u8], limits: &Limits) -> Result<Vec<PageContent>> {
    extract_document(bytes, limits).map(|(_, pages)| pages)
}

/// Read every page, within `limits`, and keep the loaded document (OCR decodes the
/// images of a scan from it).
pub fn extract_document(bytes: &[u8], limits: &Limits) -> Result<(Document, Vec<PageContent>)> {
    let mut usage = Usage::default();
    let doc = load::load(bytes, limits, &mut usage)?;
    if doc.objects.len() > limits.max_pdf_objects {
        return Err(exceeded(
            format!("{} objets dans le PDF", doc.objects.len()),
            format!("{} objets (objets d'un PDF)", limits.max_pdf_objects),
            "max-pdf-objects",
        ));
    }
    // Walk the page tree no further than needed to know the limit is passed.
    let max_pages = limits.max_pdf_pages;
    let page_ids: Vec<ObjectId> = doc.page_iter().take(max_pages.saturating_add(1)).collect();
    if page_ids.len() > max_pages {
        return Err(exceeded(
            format!("plus de {max_pages} pages"),
            format!("{max_pages} pages (pages d'un PDF)"),
            "max-pdf-pages",
        ));
    }
    let pages: Vec<(u32, ObjectId)> = page_ids
        .into_iter()
        .enumerate()
        .map(|(i, id)| (i as u32 + 1, id))
        .collect();
    if pages.is_empty() {
        return Err(ConvertError::of(Cause::NoReadablePage));
    }
    // A page whose /Contents names objects the file does not hold lost its content.
    let lost = pages
        .iter()
        .filter(|&&(_, id)| contents_missing(&doc, id))
        .count();
    if lost == pages.len() {
        return Err(ConvertError::of(Cause::PageContentMissing));
    }
    let mut interp = Interpreter::new(&doc, limits, usage);
    let mut out = Vec::with_capacity(pages.len());
    let mut geometries = Vec::with_capacity(pages.len());
    for &(number, page_id) in &pages {
        let page = doc.get_dictionary(page_id).ok();
        let geo = page
            .map(|p| geometry(&doc, p))
            .unwrap_or_else(default_geometry);
        let mut pc = PageContent {
            number,
            width: geo.width,
            height: geo.height,
            ..Default::default()
        };
        let data = page_content(&doc, page_id, number, limits, interp.usage_mut())?;
        let resources = page_resources(&doc, page_id);
        interp.run_page(&data, resources, page, geo.matrix, &mut pc)?;
        out.push(pc);
        geometries.push((page_id, geo));
    }
    let mut usage = interp.into_usage();
    acroform::place_fields(&doc, &geometries, &mut out, limits, &mut usage)?;
    Ok((doc, out))
}

/// A page's content streams, decoded within the stream limit and the document's budget
/// (pages sharing a stream decode it, and count it, each time).
fn page_content(
    doc: &Document,
    page_id: ObjectId,
    number: u32,
    limits: &Limits,
    usage: &mut Usage,
) -> Result<Vec<u8>> {
    let max = usage.decodable(limits);
    let data = doc
        .get_page_content_with_limit(page_id, max)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
                if max < limits.max_stream_bytes =>
            {
                decoded_bytes_exceeded(limits)
            }
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                super::content::stream_too_large(limits)
            }
            other => ConvertError::of(Cause::BrokenPageContent { page: number }).with_source(other),
        })?;
    usage.decode(data.len(), limits)?;
    Ok(data)
}

/// Whether the page's /Contents refers to an object that is not in the file.
fn contents_missing(doc: &Document, page_id: ObjectId) -> bool {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return true;
    };
    let missing = |o: &Object| matches!(o, Object::Reference(id) if !doc.objects.contains_key(id));
    match page.get(b"Contents") {
        Ok(Object::Array(parts)) => !parts.is_empty() && parts.iter().all(missing),
        Ok(o) => missing(o),
        Err(_) => false,
    }
}

/// The page's resources: its own or inherited from the page tree.
fn page_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..64 {
        if let Some(r) = obj::get_dict(doc, node, b"Resources") {
            return Some(r);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// An inheritable page attribute (MediaBox, CropBox, Rotate).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(v) = obj::get(doc, node, key) {
            return Some(v);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

fn rect_of(doc: &Document, o: Option<&Object>) -> Option<[f32; 4]> {
    let v = obj::nums(doc, o?)?;
    if v.len() < 4 {
        return None;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    if r[2] - r[0] < 1.0 || r[3] - r[1] < 1.0 {
        None
    } else {
        Some(r)
    }
}

fn default_geometry() -> PageGeometry {
    geometry_for([0.0, 0.0, 595.276, 841.89], 0)
}

/// Page geometry from CropBox (clipped to MediaBox) or MediaBox, and Rotate.
pub fn geometry(doc: &Document, page: &Dictionary) -> PageGeometry {
    let media =
        rect_of(doc, inherited(doc, page, b"MediaBox")).unwrap_or([0.0, 0.0, 595.276, 841.89]);
    let crop = rect_of(doc, inherited(doc, page, b"CropBox"))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|c| c[2] - c[0] >= 1.0 && c[3] - c[1] >= 1.0)
        .unwrap_or(media);
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(obj::num)
        .map(|r| r as i64)
        .unwrap_or(0);
    geometry_for(crop, rotate)
}

/// The matrix from user space to page space for a box and a rotation (multiple of 90,
/// clockwise as displayed).
pub fn geometry_for(b: [f32; 4], rotate: i64) -> PageGeometry {
    let [x0, y0, x1, y1] = b;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate.rem_euclid(360) {
        // X = y - y0, Y = x - x0
        90 => PageGeometry {
            width: h,
            height: w,
            matrix: Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]),
        },
        // X = x1 - x, Y = y - y0
        180 => PageGeometry {
            width: w,
            height: h,
            matrix: Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]),
        },
        // X = y1 - y, Y = x1 - x
        270 => PageGeometry {
            width: h,
            height: w,
            matrix: Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]),
        },
        // X = x - x0, Y = y1 - y
        _ => PageGeometry {
            width: w,
            height: h,
            matrix: Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn rotations() {
        let g = geometry_for([0.0, 0.0, 600.0, 800.0], 0);
        assert_eq!(g.matrix.apply(10.0, 790.0), [10.0, 10.0]);
        let g = geometry_for([0.0, 0.0, 600.0, 800.0], 90);
        assert_eq!((g.width, g.height), (800.0, 600.0));
        // user (0,0) bottom-left → displayed top-left
        assert_eq!(g.matrix.apply(0.0, 0.0), [0.0, 0.0]);
        assert_eq!(g.matrix.apply(600.0, 800.0), [800.0, 600.0]);
        let g = geometry_for([0.0, 0.0, 600.0, 800.0], 270);
        assert_eq!(g.matrix.apply(600.0, 800.0), [0.0, 0.0]);
        let g = geometry_for([0.0, 0.0, 600.0, 800.0], 180);
        assert_eq!(g.matrix.apply(600.0, 0.0), [0.0, 0.0]);
        assert_eq!(g.matrix.apply(0.0, 800.0), [600.0, 800.0]);
    }

    #[test]
    fn garbage_is_unreadable() {
        let e = extract(b"%PDF-1.4 garbage").unwrap_err();
        assert_eq!(e.code, ErrorCode::FichierIllisible);
    }
}
