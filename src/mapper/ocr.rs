//! Doubts of a scan read by OCR: a count read from a word the recognizer was unsure of
//! gets `nombre_illisible` (`gravite` `a_verifier`), the SPEC code for a number a person
//! should check. Text values have no code of their own for this: the document's
//! `lecture_ocr` warning covers them.

use super::trace::{Places, Trace};
use crate::model::{Document, OcrWord};
use crate::output::{Restitution, Warning, WarningCode};

/// A word recognized with less confidence than this (0–100) may be misread. Tesseract
/// gives 90 and more to words it read cleanly.
pub const LOW_CONFIDENCE: f32 = 70.0;

/// Leaves that hold a count (the paths end so); a count's warning names the field
/// (`participants[2].nombre_participants`, `propositions_phares[0].impacts.eleves`).
const COUNT_LEAVES: [&str; 3] = [".nombre_participants", ".nombre_etablissements", ".nombre"];

/// Add a `nombre_illisible` warning for every count whose text holds a number (a word
/// with a digit) read with low confidence, unless the field already has one; each goes after the warnings of
/// the fields before it.
pub fn warn_unsure_counts(
    document: &Document,
    trace: &Trace,
    places: &Places,
    doc: &mut Restitution,
) {
    let unsure: Vec<&OcrWord> = document
        .ocr_words
        .iter()
        .filter(|w| w.confidence < LOW_CONFIDENCE && w.text.contains(|c: char| c.is_ascii_digit()))
        .collect();
    if unsure.is_empty() {
        return;
    }
    let values = serde_json::to_value(&*doc).unwrap_or_default();
    let provenance = trace.provenance(places, |path| {
        COUNT_LEAVES.iter().any(|end| path.ends_with(end)) && is_number(&values, path)
    });
    for (path, origine) in provenance.0 {
        let (Some(page), Some(zone)) = (origine.page, origine.zone) else {
            continue;
        };
        let Some(word) = unsure
            .iter()
            .find(|w| w.page == page && inside(w.bbox, zone))
        else {
            continue;
        };
        let champ = path.strip_suffix(".nombre").unwrap_or(&path).to_string();
        if doc.avertissements.iter().any(|w| w.champ == champ) {
            continue;
        }
        let warning = Warning::new(
            WarningCode::NombreIllisible,
            &champ,
            format!(
                "« {} » lu par OCR avec une confiance de {} % : à vérifier",
                word.text,
                word.confidence.round()
            ),
        );
        let at = doc
            .avertissements
            .iter()
            .position(|w| field_rank(&values, &w.champ) > field_rank(&values, &champ))
            .unwrap_or(doc.avertissements.len());
        doc.avertissements.insert(at, warning);
    }
}

/// Whether the leaf at `path` (`a.b[2].c`) is a JSON number.
fn is_number(values: &serde_json::Value, path: &str) -> bool {
    let pointer: String = path
        .replace(['[', '.'], "/")
        .replace(']', "")
        .split('/')
        .map(|p| format!("/{p}"))
        .collect();
    values.pointer(&pointer).is_some_and(|v| v.is_number())
}

/// The place of a field's top-level key among the document's keys (warnings go in the
/// document's order).
fn field_rank(values: &serde_json::Value, champ: &str) -> usize {
    let key = champ.split(['.', '[']).next().unwrap_or_default();
    values
        .as_object()
        .and_then(|m| m.keys().position(|k| k == key))
        .unwrap_or(usize::MAX)
}

/// Whether a word's centre lies in a zone (zones are rounded to 0.1 pt).
fn inside(word: [f32; 4], zone: [f64; 4]) -> bool {
    let x = f64::from(word[0] + word[2]) / 2.0;
    let y = f64::from(word[1] + word[3]) / 2.0;
    zone[0] <= x && x <= zone[2] && zone[1] <= y && y <= zone[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_zones_and_order() {
        let v =
            serde_json::json!({"source": {}, "participants": [{"n": 3, "t": "3"}], "retex": []});
        assert!(is_number(&v, "participants[0].n"));
        assert!(!is_number(&v, "participants[0].t"));
        assert!(!is_number(&v, "participants[1].n"));
        assert!(field_rank(&v, "source") < field_rank(&v, "participants[0].n"));
        assert!(field_rank(&v, "participants[0].n") < field_rank(&v, "retex"));
        assert!(inside([10.0, 10.0, 20.0, 14.0], [9.9, 9.9, 20.1, 14.1]));
        assert!(!inside([10.0, 10.0, 20.0, 14.0], [30.0, 9.9, 40.0, 14.1]));
    }
}
