//! PDF reader: positioned glyphs and ruling lines from the page content (lopdf gives
//! objects and content operations, not positioned text), then layout into the neutral
//! model. Knows nothing of the form.
//!
//! - `page`: what content interpretation produces per page (glyphs, paths, fields).
//! - `extract` (with `content`, `fonts`, `acroform`, `obj`): page content →
//!   `page::PageContent`.
//! - `layout`: `PageContent`s → `model::Document` (words, lines, paragraphs, tables,
//!   lists, checkboxes).

pub mod acroform;
pub mod content;
pub mod extract;
pub mod fonts;
mod geometry;
pub mod layout;
mod lexer;
mod load;
pub mod obj;
mod op;
pub mod page;
pub mod scan;

use crate::error::{Cause, ConvertError, Result, UnreadScan};
use crate::model::Document;

/// Read a PDF file into the neutral model: `sans_texte` for a scan without a text
/// layer, the page count in `Document::pages`.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with_limits(bytes, &crate::Limits::default())
}

/// Below this share of letters and digits among the visible characters, the text layer is
/// garbled. Any page of the form is mostly words (about 95 % letters and digits), a table
/// of figures too; a PDF whose fonts lost the map from codes to characters decodes to
/// punctuation and control codes (6 to 13 % letters and digits in the fixtures).
const MIN_ALPHANUMERIC_SHARE: f32 = 0.5;
/// Below this share of vowels among the letters, the letters are not words. French text
/// has about 43 % vowels (English 38 %, a page in capitals or a table of acronyms still
/// over 30 %); a PDF printed through PostScript whose fonts keep only glyph numbers
/// decodes to letters shifted along the code table ("5HVWLWXWLRQ" for "Restitution"):
/// 16 % in the fixtures.
const MIN_VOWEL_SHARE: f32 = 0.25;
/// Fewer visible characters than this decide nothing (a form filled in widgets, a cover).
const MIN_CHARS_TO_JUDGE: usize = 500;

/// Whether the pages hold enough text to judge and too few letters and digits in it to
/// be words or figures, or too few vowels among its letters to be words.
fn text_is_garbled(pages: &[page::PageContent]) -> bool {
    chars_are_garbled(
        pages
            .iter()
            .flat_map(|p| &p.glyphs)
            .flat_map(|g| g.text.chars()),
    )
}

/// `text_is_garbled` over the characters of the pages' glyphs.
fn chars_are_garbled(chars: impl Iterator<Item = char>) -> bool {
    let (mut visible, mut alphanumeric, mut letters, mut vowels) = (0usize, 0usize, 0usize, 0usize);
    for c in chars.filter(|c| !c.is_whitespace()) {
        visible += 1;
        alphanumeric += usize::from(c.is_alphanumeric());
        if c.is_alphabetic() {
            letters += 1;
            vowels += usize::from(is_vowel(c));
        }
    }
    let share = |part: usize, whole: usize| part as f32 / whole.max(1) as f32;
    visible >= MIN_CHARS_TO_JUDGE
        && (share(alphanumeric, visible) < MIN_ALPHANUMERIC_SHARE
            || (letters >= MIN_CHARS_TO_JUDGE && share(vowels, letters) < MIN_VOWEL_SHARE))
}

/// A Latin vowel, any case, accented or not.
fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ö'
            | 'û'
            | 'ù'
            | 'ü'
            | 'ÿ'
            | 'œ'
            | 'æ'
    )
}

/// `read` within `limits`. A scan (images, no text) is read by OCR when `limits.ocr`
/// allows it and `tesseract` is installed; otherwise it is `sans_texte`.
pub fn read_with_limits(bytes: &[u8], limits: &crate::Limits) -> Result<Document> {
    let (doc, mut pages) = extract::extract_document(bytes, limits)?;
    let unread = |why| Err(ConvertError::of(Cause::UnreadScan(why)));
    if !layout::is_scan(&pages) {
        if text_is_garbled(&pages) {
            return Err(ConvertError::of(Cause::GarbledText));
        }
        return Ok(layout::build(&pages));
    }
    if !limits.ocr {
        return unread(UnreadScan::OcrOff);
    }
    if !scan::tesseract::available() {
        return unread(UnreadScan::NoTesseract);
    }
    let reading = scan::read(&doc, &mut pages, limits)?;
    if layout::is_scan(&pages) {
        return unread(UnreadScan::NothingRecognized);
    }
    let mut document = layout::build(&pages);
    document.ocr_confidence = Some(reading.mean_confidence);
    document.ocr_words = reading.words;
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::chars_are_garbled;

    fn repeated(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars().cycle().take(2000)
    }

    #[test]
    fn words_and_figures_are_text_shifted_letters_and_punctuation_are_not() {
        assert!(!chars_are_garbled(repeated(
            "Restitution des États généraux du numérique "
        )));
        assert!(!chars_are_garbled(repeated(
            "RÉGION ACADÉMIQUE DRANE CNED 2020 "
        )));
        assert!(!chars_are_garbled(repeated("12 450 3,5 % 1 200 ")));
        // "Restitution des États généraux" printed through PostScript, codes shifted by 29.
        assert!(chars_are_garbled(repeated(
            "5HVWLWXWLRQ GHV ‹WDWV J«Q«UDX[ "
        )));
        assert!(chars_are_garbled(repeated("! \" #$ # !#% \" &# ")));
        // Too little text to judge.
        assert!(!chars_are_garbled("5HVWLWXWLRQ".chars()));
    }
}
