//! Reading the model's pieces as the form's values: a paragraph's checkbox, a cell's
//! list items, a cell's text. Shared by every part of the mapper.

use crate::model::{Cell, Inline, Paragraph};
use crate::normalize::{checkbox, text};

/// The checkbox at the start of a paragraph and the label after it: a form-field box
/// (`Inline::Checkbox`) or one written as text (☒, `[X]`, a typed X). `None` when the
/// paragraph has no box; `Some((None, label))` when there is a box whose state is unknown.
pub fn leading_checkbox(p: &Paragraph) -> Option<(Option<bool>, String)> {
    let mut field_state: Option<Option<bool>> = None;
    let mut label = String::new();
    for inline in &p.inlines {
        match inline {
            Inline::Checkbox { checked } if field_state.is_none() && label.trim().is_empty() => {
                field_state = Some(*checked);
            }
            Inline::Text {
                text,
                struck: false,
            } => label.push_str(text),
            Inline::Choice { shown } => label.push_str(shown),
            _ => {}
        }
    }
    match field_state {
        Some(state) => {
            // A typed X beside a form box that shows unchecked still means checked.
            let (typed, rest) = match checkbox::leading_box(&label) {
                Some((s, rest)) => (Some(s), rest.to_string()),
                None => (None, label.clone()),
            };
            let state = match (state, typed) {
                (Some(false), Some(true)) | (None, Some(true)) => Some(true),
                (s, _) => s,
            };
            Some((state, text::clean(&rest)))
        }
        None => checkbox::leading_box(&label).map(|(s, rest)| (Some(s), text::clean(rest))),
    }
}

/// A box's state and the text of the piece it starts (`None` state: undecided).
type BoxedPiece = (Option<bool>, String);

/// A paragraph cut at each checkbox: `☒ Présentiel ☐ Distanciel` on one line gives two
/// boxed labels. Text before the first box is its own segment without a box.
pub fn checkbox_segments(p: &Paragraph) -> Vec<(Option<BoxedPiece>, String)> {
    // Rebuild the paragraph as pieces, each starting at a box.
    let mut pieces: Vec<Paragraph> = vec![Paragraph::default()];
    for inline in &p.inlines {
        match inline {
            Inline::Checkbox { .. } => pieces.push(Paragraph {
                inlines: vec![inline.clone()],
                ..Paragraph::default()
            }),
            Inline::Text { text, struck } => {
                let mut start = 0;
                for (i, c) in text.char_indices() {
                    let glyph =
                        checkbox::glyph_state(c).is_some() && !is_typed_mark_after_box(&text[..i]);
                    // "[X] Présentiel [ ] Distanciel": a box typed with brackets after a space.
                    let bracket =
                        bracket_box_at(&text[i..]) && text[..i].ends_with(char::is_whitespace);
                    if i > start && (glyph || bracket) {
                        if let Some(last) = pieces.last_mut() {
                            last.push_text(&text[start..i], *struck);
                        }
                        pieces.push(Paragraph::default());
                        start = i;
                    }
                }
                if let Some(last) = pieces.last_mut() {
                    last.push_text(&text[start..], *struck);
                }
            }
            Inline::Choice { .. } => {
                if let Some(last) = pieces.last_mut() {
                    last.inlines.push(inline.clone());
                }
            }
        }
    }
    pieces
        .iter()
        .filter(|piece| !piece.inlines.is_empty())
        .map(|piece| (leading_checkbox(piece), text::clean(&piece.text())))
        .filter(|(boxed, t)| boxed.is_some() || !t.is_empty())
        .collect()
}

/// Whether `s` starts with a box typed as brackets around a mark or a space: `[X]`,
/// `(x)`, `[ ]`, `[✓]` (what `checkbox::leading_box` reads at a piece's start).
fn bracket_box_at(s: &str) -> bool {
    let mut c = s.chars();
    let (Some(open), Some(mark), Some(close)) = (c.next(), c.next(), c.next()) else {
        return false;
    };
    let closing = match open {
        '[' => ']',
        '(' => ')',
        _ => return false,
    };
    close == closing && matches!(mark, 'X' | 'x' | ' ' | '\u{a0}' | '✓' | '✔')
}

/// A glyph right after a lone typed X (`X ☐ Présentiel`) belongs to the same box.
fn is_typed_mark_after_box(before: &str) -> bool {
    let t = before.trim_end();
    t.ends_with(['X', 'x'])
        && t[..t.len() - 1]
            .trim_end()
            .chars()
            .last()
            .is_none_or(|c| checkbox::glyph_state(c).is_some() || !c.is_alphanumeric())
}

/// The items of a list cell: one per bullet or paragraph, bullets removed, placeholders
/// dropped, each with the paragraph it was read from. A paragraph holding several typed
/// bullets (`▶ a ▶ b`) gives several items.
pub fn cell_items(cell: &Cell) -> Vec<(String, &Paragraph)> {
    paragraphs_items(&cell.paragraphs())
}

pub fn paragraphs_items<'a>(paragraphs: &[&'a Paragraph]) -> Vec<(String, &'a Paragraph)> {
    let mut items = Vec::new();
    for p in paragraphs {
        for piece in split_bullets(&p.text()) {
            let (rest, _) = text::strip_bullet(piece.trim());
            let item = text::clean(rest);
            if !item.is_empty() && !text::is_placeholder(&item) {
                items.push((item, *p));
            }
        }
    }
    items
}

/// A label and the box that goes with it, and where each was read.
pub struct Labelled<'a> {
    /// The box's state (`None`: a box whose state cannot be told).
    pub state: Option<bool>,
    /// A box was found for the label (else the label stands alone).
    pub boxed: bool,
    pub label: String,
    pub label_from: &'a Paragraph,
    /// The paragraph holding the box and the box's index among its boxes.
    pub box_from: Option<(&'a Paragraph, usize)>,
}

/// The labels of a run of paragraphs (a table row's cells in order, or a cell's
/// paragraphs) with their boxes: a box in the same paragraph before its label
/// (`☒ Présentiel ☐ Distanciel`), or a box alone in its paragraph or cell followed by the
/// label in the next one (a box in its own cell left of its label).
pub fn labelled_boxes<'a>(paragraphs: &[&'a Paragraph]) -> Vec<Labelled<'a>> {
    let mut out = Vec::new();
    let mut pending: Option<(Option<bool>, &'a Paragraph, usize)> = None;
    for &p in paragraphs {
        let mut boxes_seen = 0;
        for (boxed, whole) in checkbox_segments(p) {
            match boxed {
                Some((state, label)) => {
                    let index = boxes_seen;
                    boxes_seen += 1;
                    if label.is_empty() {
                        pending = Some((state, p, index));
                        continue;
                    }
                    pending = None;
                    out.push(Labelled {
                        state,
                        boxed: true,
                        label,
                        label_from: p,
                        box_from: Some((p, index)),
                    });
                }
                None => {
                    let (state, boxed, box_from) = match pending.take() {
                        Some((state, bp, index)) => (state, true, Some((bp, index))),
                        None => (None, false, None),
                    };
                    out.push(Labelled {
                        state,
                        boxed,
                        label: whole,
                        label_from: p,
                        box_from,
                    });
                }
            }
        }
    }
    out
}

/// Split a paragraph's text where a typed bullet starts a new item: at `▶` (and kin)
/// preceded by white space or a line break, and at a line break followed by a bullet.
fn split_bullets(s: &str) -> Vec<&str> {
    const ITEM_BULLETS: &[char] = &[
        '▶', '►', '➢', '•', '●', '▪', '\u{F0D8}', '\u{F0A7}', '\u{F0B7}',
    ];
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        if ITEM_BULLETS.contains(&c) && prev_space && i > start && !s[start..i].trim().is_empty() {
            pieces.push(&s[start..i]);
            start = i;
        }
        prev_space = c.is_whitespace();
    }
    pieces.push(&s[start..]);
    pieces
}

/// The whole text of a cell, paragraphs joined by a space, cleaned; a single leading
/// bullet removed.
pub fn cell_text(cell: &Cell) -> String {
    let joined = cell
        .paragraphs()
        .iter()
        .map(|p| p.text())
        .collect::<Vec<_>>()
        .join("\n");
    let (rest, _) = text::strip_bullet(joined.trim());
    text::clean(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(inlines: Vec<Inline>) -> Paragraph {
        Paragraph {
            inlines,
            ..Paragraph::default()
        }
    }

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.to_string(),
            struck: false,
        }
    }

    #[test]
    fn boxes_on_one_line_are_cut_apart() {
        let p = paragraph(vec![text("☒ Présentiel ☐ Distanciel ☐ Les 2")]);
        let segs: Vec<(Option<bool>, String)> = checkbox_segments(&p)
            .into_iter()
            .filter_map(|(b, _)| b)
            .collect();
        assert_eq!(
            segs,
            vec![
                (Some(true), "Présentiel".into()),
                (Some(false), "Distanciel".into()),
                (Some(false), "Les 2".into())
            ]
        );
        let p = paragraph(vec![
            Inline::Checkbox {
                checked: Some(false),
            },
            text(" Faible "),
            Inline::Checkbox {
                checked: Some(true),
            },
            text(" Moyen"),
        ]);
        let segs: Vec<(Option<bool>, String)> = checkbox_segments(&p)
            .into_iter()
            .filter_map(|(b, _)| b)
            .collect();
        assert_eq!(
            segs,
            vec![(Some(false), "Faible".into()), (Some(true), "Moyen".into())]
        );
    }

    #[test]
    fn a_box_alone_in_its_cell_goes_with_the_next_label() {
        let boxes = [
            paragraph(vec![text("☒")]),
            paragraph(vec![text("Présentiel")]),
            paragraph(vec![Inline::Checkbox {
                checked: Some(false),
            }]),
            paragraph(vec![text("Distanciel")]),
        ];
        let refs: Vec<&Paragraph> = boxes.iter().collect();
        let got: Vec<(Option<bool>, bool, String)> = labelled_boxes(&refs)
            .into_iter()
            .map(|l| (l.state, l.boxed, l.label))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(true), true, "Présentiel".into()),
                (Some(false), true, "Distanciel".into())
            ]
        );
    }

    #[test]
    fn a_typed_x_before_a_box_stays_with_it() {
        let p = paragraph(vec![text("X ☐ Présentiel")]);
        let segs: Vec<(Option<bool>, String)> = checkbox_segments(&p)
            .into_iter()
            .filter_map(|(b, _)| b)
            .collect();
        assert_eq!(segs, vec![(Some(true), "Présentiel".into())]);
    }

    #[test]
    fn leading_boxes_from_fields_and_glyphs() {
        let p = paragraph(vec![
            Inline::Checkbox {
                checked: Some(true),
            },
            text(" Chercheurs"),
        ]);
        assert_eq!(
            leading_checkbox(&p),
            Some((Some(true), "Chercheurs".into()))
        );
        let p = paragraph(vec![text("☐ Opérateurs")]);
        assert_eq!(
            leading_checkbox(&p),
            Some((Some(false), "Opérateurs".into()))
        );
        assert_eq!(leading_checkbox(&paragraph(vec![text("Opérateurs")])), None);
    }

    #[test]
    fn cell_items_split_typed_bullets() {
        let cell = Cell {
            blocks: vec![crate::model::Block::Paragraph(paragraph(vec![text(
                "▶ Partenariat ancien ▶ Mobilisation synchrone",
            )]))],
            ..Cell::default()
        };
        let items: Vec<String> = cell_items(&cell)
            .into_iter()
            .map(|(item, _)| item)
            .collect();
        assert_eq!(items, vec!["Partenariat ancien", "Mobilisation synchrone"]);
    }
}
