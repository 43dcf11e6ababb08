//! Content stream operators, typed (as pdf-rs does): each [`Operation`] the lexer reads
//! is decoded once into an [`Op`] with its operands checked and converted, so that the interpreter
//! (`content.rs`) acts on meanings, not on operator strings and operand indexes.
//!
//! An operation whose operands are missing or of the wrong type decodes to
//! [`Op::Ignored`], as readers ignore it (PDF 32000-1, 7.8.2: operands precede their
//! operator; extra leading operands are ignored).

use super::geometry::Matrix;
use super::lexer::{Operand, Operation};

/// One content stream operation the interpreter acts on (PDF 32000-1, Table 51).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op<'o> {
    /// `q`: push the graphics state.
    Save,
    /// `Q`: pop it.
    Restore,
    /// `cm`: concatenate a matrix to the CTM.
    Transform(Matrix),
    /// `w`: line width.
    LineWidth(f32),
    /// `BT`: begin a text object (text and line matrices reset).
    BeginText,
    /// `Tf`: font resource name and size, each when given.
    Font {
        /// The resource name in `/Font`.
        name: Option<&'o [u8]>,
        /// The size in text space units.
        size: Option<f32>,
    },
    /// `Tc`: character spacing.
    CharSpacing(f32),
    /// `Tw`: word spacing.
    WordSpacing(f32),
    /// `Tz`: horizontal scaling, as a factor (the operand is a percentage).
    HorizontalScale(f32),
    /// `TL`: leading.
    Leading(f32),
    /// `Ts`: text rise.
    Rise(f32),
    /// `Td`: move to the start of the next line, offset by (x, y).
    NextLine(f32, f32),
    /// `TD`: the same, also setting the leading to −y.
    NextLineSetLeading(f32, f32),
    /// `Tm`: set the text and line matrices.
    TextMatrix(Matrix),
    /// `T*`: move to the start of the next line by the leading.
    NextLineByLeading,
    /// `Tj`: show a string.
    Show(&'o [u8]),
    /// `'`: next line, then show a string (when given).
    NextLineShow(Option<&'o [u8]>),
    /// `"`: set word and character spacing (when both given), next line, show.
    SpacedNextLineShow {
        /// Word and character spacing.
        spacing: Option<(f32, f32)>,
        /// The string shown.
        text: Option<&'o [u8]>,
    },
    /// `TJ`: show strings, with numbers that move the next glyph (thousandths of an em).
    ShowArray(&'o [Operand<'o>]),
    /// `g`, `rg`, `k`, `sc`, `scn`: a fill colour, kept as its lightness (0 black, 1
    /// white): a dark square is a ticked box.
    FillLightness(f32),
    /// `cs`: a new fill colour space starts at its initial colour, black in the usual
    /// ones.
    FillColourSpace,
    /// `m`: begin a subpath.
    MoveTo(f32, f32),
    /// `l`: straight segment.
    LineTo(f32, f32),
    /// `c`, `v`, `y`: Bézier curve; the control points `v` and `y` leave out are `None`
    /// (`v`: the first is the current point; `y`: the second is the end point).
    CurveTo {
        /// First control point (`None` for `v`).
        c1: Option<[f32; 2]>,
        /// Second control point.
        c2: [f32; 2],
        /// End point.
        end: [f32; 2],
    },
    /// `h`: close the subpath.
    ClosePath,
    /// `re`: rectangle x, y, width, height.
    Rect([f32; 4]),
    /// `S`, `s`, `f`, `F`, `f*`, `B`, `B*`, `b`, `b*`: paint the path.
    Paint(Paint),
    /// `n`: end the path without painting it.
    EndPath,
    /// `BI`: an inline image.
    InlineImage,
    /// `Do`: draw an XObject by resource name.
    XObject(&'o [u8]),
    /// Every other operator (clipping `W`, `ET`, marked content, colour spaces for
    /// strokes…), and operations whose operands do not fit.
    Ignored,
}

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    /// Close the current subpath first (`s`, `b`, `b*`).
    pub close: bool,
    /// Stroke it.
    pub stroke: bool,
    /// Fill it.
    pub fill: bool,
    /// Fill by the even-odd rule (`f*`, `B*`, `b*`).
    pub even_odd: bool,
}

impl<'o> Op<'o> {
    /// Decode one operation.
    pub fn decode(op: &'o Operation<'_>) -> Op<'o> {
        Self::decode_operands(op.operator, &op.operands).unwrap_or(Op::Ignored)
    }

    fn decode_operands(operator: &[u8], a: &'o [Operand<'o>]) -> Option<Op<'o>> {
        let n = |i: usize| a.get(i).and_then(Operand::number);
        let string = |i: usize| match a.get(i) {
            Some(Operand::String(s)) => Some(&**s),
            _ => None,
        };
        let name = |i: usize| match a.get(i) {
            Some(Operand::Name(s)) => Some(&**s),
            _ => None,
        };
        let paint = |close, stroke, fill, even_odd| {
            Some(Op::Paint(Paint {
                close,
                stroke,
                fill,
                even_odd,
            }))
        };
        Some(match operator {
            b"q" => Op::Save,
            b"Q" => Op::Restore,
            b"cm" => Op::Transform(matrix(a)?),
            b"w" => Op::LineWidth(n(0)?),
            b"BT" => Op::BeginText,
            b"Tf" => Op::Font {
                name: name(0),
                size: n(1),
            },
            b"Tc" => Op::CharSpacing(n(0)?),
            b"Tw" => Op::WordSpacing(n(0)?),
            b"Tz" => Op::HorizontalScale(n(0)? / 100.0),
            b"TL" => Op::Leading(n(0)?),
            b"Ts" => Op::Rise(n(0)?),
            b"Td" => Op::NextLine(n(0)?, n(1)?),
            b"TD" => Op::NextLineSetLeading(n(0)?, n(1)?),
            b"Tm" => Op::TextMatrix(matrix(a)?),
            b"T*" => Op::NextLineByLeading,
            b"Tj" => Op::Show(string(0)?),
            b"'" => Op::NextLineShow(string(0)),
            b"\"" => Op::SpacedNextLineShow {
                spacing: n(0).zip(n(1)),
                text: string(2),
            },
            b"TJ" => match a.first() {
                Some(Operand::Array(items)) => Op::ShowArray(items),
                _ => return None,
            },
            b"g" | b"rg" | b"k" | b"sc" | b"scn" => {
                let v: Vec<f32> = a.iter().filter_map(Operand::number).collect();
                Op::FillLightness(lightness(&v)?)
            }
            b"cs" => Op::FillColourSpace,
            b"m" => Op::MoveTo(n(0)?, n(1)?),
            b"l" => Op::LineTo(n(0)?, n(1)?),
            b"c" => {
                let v = last_numbers::<6>(a)?;
                Op::CurveTo {
                    c1: Some([v[0], v[1]]),
                    c2: [v[2], v[3]],
                    end: [v[4], v[5]],
                }
            }
            b"v" => {
                let v = last_numbers::<4>(a)?;
                Op::CurveTo {
                    c1: None,
                    c2: [v[0], v[1]],
                    end: [v[2], v[3]],
                }
            }
            b"y" => {
                let v = last_numbers::<4>(a)?;
                Op::CurveTo {
                    c1: Some([v[0], v[1]]),
                    c2: [v[2], v[3]],
                    end: [v[2], v[3]],
                }
            }
            b"h" => Op::ClosePath,
            b"re" => Op::Rect(last_numbers::<4>(a)?),
            b"S" => paint(false, true, false, false)?,
            b"s" => paint(true, true, false, false)?,
            b"f" | b"F" => paint(false, false, true, false)?,
            b"f*" => paint(false, false, true, true)?,
            b"B" => paint(false, true, true, false)?,
            b"B*" => paint(false, true, true, true)?,
            b"b" => paint(true, true, true, false)?,
            b"b*" => paint(true, true, true, true)?,
            b"n" => Op::EndPath,
            b"BI" => Op::InlineImage,
            b"Do" => Op::XObject(name(0)?),
            _ => Op::Ignored,
        })
    }
}

/// The last `N` operands as numbers (extra leading operands are ignored, as readers do).
fn last_numbers<const N: usize>(a: &[Operand]) -> Option<[f32; N]> {
    let start = a.len().checked_sub(N)?;
    let mut out = [0.0; N];
    for (slot, operand) in out.iter_mut().zip(&a[start..]) {
        *slot = operand.number()?;
    }
    Some(out)
}

fn matrix(a: &[Operand]) -> Option<Matrix> {
    last_numbers::<6>(a).map(Matrix)
}

/// Lightness (0 black, 1 white) of a colour given as gray, RGB or CMYK components;
/// `None` for other operand counts (a pattern name alone, an unknown space).
fn lightness(v: &[f32]) -> Option<f32> {
    let l = match v {
        [g] => *g,
        // Rec. 709 luma weights.
        [r, g, b] => 0.2126 * r + 0.7152 * g + 0.0722 * b,
        [c, m, y, k] => (1.0 - k) * (1.0 - (0.2126 * c + 0.7152 * m + 0.0722 * y)),
        _ => return None,
    };
    l.is_finite().then(|| l.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::lexer::Operations;

    /// The first operation of `data`, decoded.
    fn decoded(data: &str) -> String {
        let op = Operations::new(data.as_bytes())
            .next()
            .expect("one operation");
        format!("{:?}", Op::decode(&op))
    }

    #[test]
    fn operators_decode_with_their_operands() {
        let cases: &[(&str, &str)] = &[
            ("q", "Save"),
            ("2 w", "LineWidth(2.0)"),
            ("w", "Ignored"),
            ("50 Tz", "HorizontalScale(0.5)"),
            ("1 Td", "Ignored"),
            ("/F1 Tf", "Font { name: Some([70, 49]), size: None }"),
            ("1 Tj", "Ignored"),
            ("'", "NextLineShow(None)"),
            ("1 1 1 rg", "FillLightness(1.0)"),
            ("0 0 0 1 k", "FillLightness(0.0)"),
            ("/P0 scn", "Ignored"),
            // Extra leading operands are ignored: the last four make the rectangle.
            ("9 1 2 3 4 re", "Rect([1.0, 2.0, 3.0, 4.0])"),
            (
                "1 2 3 4 y",
                "CurveTo { c1: Some([1.0, 2.0]), c2: [3.0, 4.0], end: [3.0, 4.0] }",
            ),
            (
                "b*",
                "Paint(Paint { close: true, stroke: true, fill: true, even_odd: true })",
            ),
            ("W", "Ignored"),
            ("/Span BDC", "Ignored"),
        ];
        for (data, want) in cases {
            assert_eq!(decoded(data), *want, "{data}");
        }
    }
}
