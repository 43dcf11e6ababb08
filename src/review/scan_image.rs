//! The picture of a scanned page, for the review: the page's images drawn as the OCR
//! reader draws them, scaled down and embedded as a JPEG data URL below the zones, so
//! that each value read by OCR can be compared with the ink it came from.

use base64::Engine as _;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;

use crate::limits::Limits;
use crate::pdf::page::PageContent;
use crate::pdf::scan::raster;

/// Resolution of the embedded picture: 8-point text stays legible at 120 dpi, and an A4
/// page weighs about 150 KB.
const REVIEW_DPI: f32 = 120.0;
/// JPEG quality of the embedded picture (gray scans compress well at this quality).
const JPEG_QUALITY: u8 = 70;

/// One data URL per page: `Some` for a scanned page whose images could be drawn.
/// A page that cannot be drawn (an undecodable image, a limit) keeps the note instead:
/// the review still shows the values and zones.
pub fn pictures(
    doc: &lopdf::Document,
    pages: &[PageContent],
    limits: &Limits,
) -> Vec<Option<String>> {
    let scanned = crate::pdf::layout::is_scan(pages);
    pages
        .iter()
        .map(|page| {
            if !scanned || page.placed_images.is_empty() {
                return None;
            }
            let gray = raster::render(doc, page, limits).ok().flatten()?;
            jpeg_data_url(&gray, page.width)
        })
        .collect()
}

/// The page scaled to `REVIEW_DPI` and encoded as a `data:image/jpeg;base64,` URL.
fn jpeg_data_url(gray: &raster::Gray, width_pt: f32) -> Option<String> {
    let full =
        image::GrayImage::from_raw(gray.width as u32, gray.height as u32, gray.pixels.clone())?;
    let scale = (REVIEW_DPI / 72.0) * width_pt / gray.width as f32;
    let (w, h) = (
        ((gray.width as f32 * scale).round() as u32).max(1),
        ((gray.height as f32 * scale).round() as u32).max(1),
    );
    let small = image::imageops::resize(&full, w, h, FilterType::Triangle);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&small)
        .ok()?;
    Some(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pictures_of(name: &str) -> (Vec<PageContent>, Vec<Option<String>>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let bytes = std::fs::read(path).expect("fixture");
        let limits = Limits::default();
        let (pdf, pages) = crate::pdf::extract::extract_document(&bytes, &limits).expect("reads");
        let pictures = pictures(&pdf, &pages, &limits);
        (pages, pictures)
    }

    fn decoded(url: &str) -> image::DynamicImage {
        let b64 = url
            .strip_prefix("data:image/jpeg;base64,")
            .expect("a JPEG data URL");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).expect("a JPEG")
    }

    #[test]
    fn every_scanned_page_gets_its_picture_at_the_review_resolution() {
        let (pages, pictures) = pictures_of("fixtures/scan/bretagne-legacy-200dpi.pdf");
        assert_eq!(pictures.len(), pages.len());
        for (page, picture) in pages.iter().zip(&pictures) {
            let image = decoded(picture.as_deref().expect("a picture per scanned page"));
            let expected_width = (page.width * REVIEW_DPI / 72.0).round() as u32;
            assert!(
                image.width().abs_diff(expected_width) <= 1,
                "{}",
                image.width()
            );
            // Not blank: the form's rules and words are dark (a white page has none).
            let dark = image.to_luma8().pixels().filter(|p| p.0[0] < 100).count();
            assert!(dark > 1_000, "{dark} dark pixels");
        }
    }

    #[test]
    fn a_pdf_with_text_gets_no_picture() {
        let (_, pictures) = pictures_of("fixtures/samples/bretagne-legacy.pdf");
        assert!(pictures.iter().all(Option::is_none));
    }
}
