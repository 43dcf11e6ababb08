//! Ruling lines and drawn check boxes from a page's painted paths.
//!
//! Table borders come as stroked segments (LibreOffice), stroked rectangles' edges, or
//! thin filled rectangles (Chromium). Small squares (about 5–16 pt) are check boxes, not
//! cells: LibreOffice draws a Word legacy FORMCHECKBOX as a square, with two diagonals
//! when checked.

use crate::pdf::page::Path;

use super::params::LayoutParams;

/// Every tolerance of this stage, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// A horizontal (`y`, from `a` to `b` in x) or vertical (`x`, from `a` to `b` in y)
/// ruling segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    pub pos: f32,
    pub a: f32,
    pub b: f32,
}

/// A drawn check box: its square and its state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawnBox {
    pub rect: [f32; 4],
    pub checked: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Rulings {
    pub h: Vec<Seg>,
    pub v: Vec<Seg>,
    pub boxes: Vec<DrawnBox>,
    /// Small discs and squares drawn as paths: list bullets (Chromium draws `<ul>`
    /// markers this way).
    pub dots: Vec<[f32; 4]>,
}

fn is_dot(r: &[f32; 4]) -> bool {
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    (P.dot_min..=P.dot_max).contains(&w)
        && (P.dot_min..=P.dot_max).contains(&h)
        && (w - h).abs() <= P.dot_square_tol
}

fn is_square(r: &[f32; 4]) -> bool {
    let w = r[2] - r[0];
    let h = r[3] - r[1];
    (P.box_min..=P.box_max).contains(&w)
        && (P.box_min..=P.box_max).contains(&h)
        && (w - h).abs() <= P.box_square_tol
}

fn norm_rect(r: [f32; 4]) -> [f32; 4] {
    [
        r[0].min(r[2]),
        r[1].min(r[3]),
        r[0].max(r[2]),
        r[1].max(r[3]),
    ]
}

/// An axis-aligned rectangle given as a closed polyline of 4 or 5 points.
fn polyline_rect(pts: &[[f32; 2]]) -> Option<[f32; 4]> {
    let n = match pts.len() {
        4 => 4,
        5 if (pts[0][0] - pts[4][0]).abs() < 0.5 && (pts[0][1] - pts[4][1]).abs() < 0.5 => 4,
        _ => return None,
    };
    for i in 0..n {
        let p = pts[i];
        let q = pts[(i + 1) % n];
        if (p[0] - q[0]).abs() > 0.5 && (p[1] - q[1]).abs() > 0.5 {
            return None;
        }
    }
    let xs = pts[..n].iter().map(|p| p[0]);
    let ys = pts[..n].iter().map(|p| p[1]);
    let l = xs.clone().fold(f32::INFINITY, f32::min);
    let r = xs.fold(f32::NEG_INFINITY, f32::max);
    let t = ys.clone().fold(f32::INFINITY, f32::min);
    let b = ys.fold(f32::NEG_INFINITY, f32::max);
    (r - l > 0.5 && b - t > 0.5).then_some([l, t, r, b])
}

/// A box-sized square (or rounded square) painted on the page.
#[derive(Clone, Copy)]
struct Candidate {
    rect: [f32; 4],
    /// The last fill of this square: (paint order, lightness).
    fill: Option<(usize, f32)>,
    /// Whether some layer shows on paper: stroked, or filled darker than paper. A
    /// square only filled near white has no edge to see (Chromium paints a scrollbar's
    /// buttons so, under a table too wide for the page, an arrow in each): no box.
    visible: bool,
}

impl Candidate {
    fn new(rect: [f32; 4], path: &Path, seq: usize) -> Candidate {
        Candidate {
            rect,
            fill: path.filled.then_some((seq, path.fill_lightness)),
            visible: path.stroked || (path.filled && path.fill_lightness < P.paper),
        }
    }
}

fn concentric(a: &[f32; 4], b: &[f32; 4]) -> bool {
    let within = |outer: &[f32; 4], inner: &[f32; 4]| {
        (0..2).all(|i| inner[i] >= outer[i] - 1.0 && inner[i] - outer[i] <= P.layer_margin)
            && (2..4).all(|i| inner[i] <= outer[i] + 1.0 && outer[i] - inner[i] <= P.layer_margin)
    };
    within(a, b) || within(b, a)
}

/// A small filled shape: a tick, a dot, or the inside of a box painted over its border.
#[derive(Debug, Clone, Copy)]
struct Paint {
    rect: [f32; 4],
    seq: usize,
    lightness: f32,
}

/// Collect rulings and check boxes from the page's paths.
pub fn collect(paths: &[Path]) -> Rulings {
    let mut out = Rulings::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Segments that are neither horizontal nor vertical (crosses, ticks), as their
    // bounding boxes: they decide a box's state.
    let mut marks: Vec<[f32; 4]> = Vec::new();
    // Small filled shapes (a fill inside a box).
    let mut fills: Vec<Paint> = Vec::new();

    let add_rect = |rect: [f32; 4],
                    path: &Path,
                    seq: usize,
                    out: &mut Rulings,
                    candidates: &mut Vec<Candidate>,
                    fills: &mut Vec<Paint>| {
        let r = norm_rect(rect);
        let (w, h) = (r[2] - r[0], r[3] - r[1]);
        if !r.iter().all(|v| v.is_finite()) {
            return;
        }
        if is_square(&r) {
            candidates.push(Candidate::new(r, path, seq));
            return;
        }
        if path.stroked {
            out.h.push(Seg {
                pos: r[1],
                a: r[0],
                b: r[2],
            });
            out.h.push(Seg {
                pos: r[3],
                a: r[0],
                b: r[2],
            });
            out.v.push(Seg {
                pos: r[0],
                a: r[1],
                b: r[3],
            });
            out.v.push(Seg {
                pos: r[2],
                a: r[1],
                b: r[3],
            });
        } else if path.filled {
            if is_dot(&r) && w < P.box_min {
                fills.push(Paint {
                    rect: r,
                    seq,
                    lightness: path.fill_lightness,
                });
                out.dots.push(r);
            } else if h <= P.thin && w > h {
                out.h.push(Seg {
                    pos: (r[1] + r[3]) / 2.0,
                    a: r[0],
                    b: r[2],
                });
            } else if w <= P.thin && h > w {
                out.v.push(Seg {
                    pos: (r[0] + r[2]) / 2.0,
                    a: r[1],
                    b: r[3],
                });
            } else if w < P.box_max && h < P.box_max {
                fills.push(Paint {
                    rect: r,
                    seq,
                    lightness: path.fill_lightness,
                });
            }
        }
    };

    for (seq, path) in paths.iter().enumerate() {
        if out.h.len() + out.v.len() > P.max_segments {
            break;
        }
        for rect in &path.rects {
            add_rect(*rect, path, seq, &mut out, &mut candidates, &mut fills);
        }
        for sub in &path.subpaths {
            if let Some(r) = polyline_rect(sub) {
                add_rect(r, path, seq, &mut out, &mut candidates, &mut fills);
                continue;
            }
            // A rounded square (Chromium's check box): a closed curve of box size.
            if sub.len() >= 8
                && let (Some(first), Some(last)) = (sub.first(), sub.last())
                && (first[0] - last[0]).abs() < 1.0
                && (first[1] - last[1]).abs() < 1.0
                && let Some(bb) = bounds(sub)
                && is_square(&bb)
            {
                candidates.push(Candidate::new(bb, path, seq));
                continue;
            }
            // A disc or circle of bullet size.
            if sub.len() >= 4
                && (path.filled || path.stroked)
                && let (Some(first), Some(last)) = (sub.first(), sub.last())
                && (first[0] - last[0]).abs() < 0.5
                && (first[1] - last[1]).abs() < 0.5
                && let Some(bb) = bounds(sub)
                && is_dot(&bb)
            {
                if path.filled {
                    fills.push(Paint {
                        rect: bb,
                        seq,
                        lightness: path.fill_lightness,
                    });
                }
                out.dots.push(bb);
                continue;
            }
            if path.filled && !path.stroked {
                // A thin filled polygon is a border (Chromium draws bevelled table
                // borders as trapezoids).
                if let Some(bb) = bounds(sub) {
                    let (w, h) = (bb[2] - bb[0], bb[3] - bb[1]);
                    if h <= P.thin && w > P.border_min_aspect * P.thin.max(h) {
                        out.h.push(Seg {
                            pos: (bb[1] + bb[3]) / 2.0,
                            a: bb[0],
                            b: bb[2],
                        });
                        continue;
                    }
                    if w <= P.thin && h > P.border_min_aspect * P.thin.max(w) {
                        out.v.push(Seg {
                            pos: (bb[0] + bb[2]) / 2.0,
                            a: bb[1],
                            b: bb[3],
                        });
                        continue;
                    }
                }
                // A filled non-rectangular shape (a tick, a rounded box): keep its extent.
                // (A lone point, such as the `m` pdftocairo writes after `h`, paints nothing.)
                if let Some(bb) = bounds(sub)
                    && bb[2] - bb[0] < P.box_max + P.mark_overhang
                    && bb[3] - bb[1] < P.box_max + P.mark_overhang
                    && bb[2] - bb[0] > P.min_ink
                    && bb[3] - bb[1] > P.min_ink
                {
                    fills.push(Paint {
                        rect: bb,
                        seq,
                        lightness: path.fill_lightness,
                    });
                }
                continue;
            }
            if !path.stroked {
                continue;
            }
            for pair in sub.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                let (dx, dy) = ((q[0] - p[0]).abs(), (q[1] - p[1]).abs());
                if !(p[0].is_finite() && p[1].is_finite() && q[0].is_finite() && q[1].is_finite()) {
                    continue;
                }
                if dy <= 0.5 && dx > 0.5 {
                    out.h.push(Seg {
                        pos: (p[1] + q[1]) / 2.0,
                        a: p[0].min(q[0]),
                        b: p[0].max(q[0]),
                    });
                } else if dx <= 0.5 && dy > 0.5 {
                    out.v.push(Seg {
                        pos: (p[0] + q[0]) / 2.0,
                        a: p[1].min(q[1]),
                        b: p[1].max(q[1]),
                    });
                } else if dx > 0.5 && dy > 0.5 {
                    marks.push([
                        p[0].min(q[0]),
                        p[1].min(q[1]),
                        p[0].max(q[0]),
                        p[1].max(q[1]),
                    ]);
                }
            }
        }
    }

    squares_from_segments(&mut out, &mut candidates);

    // Decide each candidate's state from what lies inside it.
    marks.sort_by(|a, b| a[0].total_cmp(&b[0]));
    fills.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
    // The same box is often painted in layers (a fill, then a border, or a border then
    // its inside): merge candidates that are one inside the other, a few points apart,
    // whatever lies between them in any sort order.
    candidates.sort_by(|a, b| a.rect[1].total_cmp(&b.rect[1]));
    let mut merged: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let same = merged
            .iter_mut()
            .rev()
            .take_while(|m| m.rect[1] > c.rect[1] - P.layer_margin)
            .find(|m| concentric(&m.rect, &c.rect));
        match same {
            Some(m) => {
                m.fill = match (m.fill, c.fill) {
                    (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
                    (a, b) => a.or(b),
                };
                m.visible |= c.visible;
                if c.rect[2] - c.rect[0] > m.rect[2] - m.rect[0] {
                    m.rect = c.rect;
                }
            }
            None => merged.push(c),
        }
    }
    // A square inside another box, not one of its layers, is a mark in it (a filled
    // square drawn in a box's ring): ink when filled, nothing else.
    // (`merged` is in order of tops, within a layer's margin: only boxes whose top is a
    // box's size above are looked at, a few of them.)
    let inside_another = |c: &Candidate| {
        let lo = merged.partition_point(|o| o.rect[1] < c.rect[1] - P.box_max - P.layer_margin);
        merged[lo..]
            .iter()
            .take_while(|o| o.rect[1] <= c.rect[1] + P.layer_margin)
            .take(64)
            .any(|o| {
                o.rect != c.rect
                    && o.rect[0] <= c.rect[0]
                    && o.rect[1] <= c.rect[1]
                    && o.rect[2] >= c.rect[2]
                    && o.rect[3] >= c.rect[3]
            })
    };
    let (inner, candidates): (Vec<Candidate>, Vec<Candidate>) =
        merged.iter().copied().partition(inside_another);
    fills.extend(inner.iter().filter_map(|c| {
        c.fill.map(|(seq, lightness)| Paint {
            rect: c.rect,
            seq,
            lightness,
        })
    }));
    fills.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
    for c in candidates.iter().filter(|c| c.visible) {
        let r = c.rect;
        let inside = |m: &[f32; 4]| {
            m[0] >= r[0] - 1.0 && m[2] <= r[2] + 1.0 && m[1] >= r[1] - 1.0 && m[3] <= r[3] + 1.0
        };
        let lo = marks.partition_point(|m| m[0] < r[0] - 1.0);
        let has_mark = marks[lo..].iter().take_while(|m| m[0] <= r[2]).any(inside);
        let lo = fills.partition_point(|m| m.rect[0] < r[0] - 1.0);
        let inner = fills[lo..]
            .iter()
            .take_while(|m| m.rect[0] <= r[2])
            .filter(|m| inside(&m.rect));
        let checked = has_mark || has_ink(c, inner);
        out.boxes.push(DrawnBox {
            rect: r,
            checked: Some(checked),
        });
    }
    // A dot inside a box is its fill, not a bullet.
    if !out.boxes.is_empty() {
        let boxes = &out.boxes;
        out.dots.retain(|d| {
            let (cx, cy) = ((d[0] + d[2]) / 2.0, (d[1] + d[3]) / 2.0);
            !boxes
                .iter()
                .any(|b| cx >= b.rect[0] && cx <= b.rect[2] && cy >= b.rect[1] && cy <= b.rect[3])
        });
    }
    out
}

/// Whether the paint inside a box shows ink: its background (the last fill covering most
/// of it) is dark, or a smaller shape painted later stands out from that background.
/// The colours decide, not the operators: a CSS box filled dark is ticked, a white box
/// with a grey ring is not.
fn has_ink<'p>(c: &Candidate, inner: impl Iterator<Item = &'p Paint>) -> bool {
    let area = |r: &[f32; 4]| (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0);
    let box_area = area(&c.rect).max(f32::EPSILON);
    let (big, small): (Vec<&Paint>, Vec<&Paint>) =
        inner.partition(|p| area(&p.rect) >= P.background_share * box_area);
    let background = big
        .iter()
        .map(|p| (p.seq, p.lightness))
        .chain(c.fill)
        .max_by_key(|(seq, _)| *seq);
    let (bg_seq, bg_lightness) = background.unwrap_or((0, 1.0));
    bg_lightness < P.dark
        || small
            .iter()
            .any(|p| p.seq >= bg_seq && (p.lightness - bg_lightness).abs() > P.contrast)
}

fn bounds(pts: &[[f32; 2]]) -> Option<[f32; 4]> {
    let first = pts.first()?;
    let mut bb = [first[0], first[1], first[0], first[1]];
    for p in pts {
        bb[0] = bb[0].min(p[0]);
        bb[1] = bb[1].min(p[1]);
        bb[2] = bb[2].max(p[0]);
        bb[3] = bb[3].max(p[1]);
    }
    bb.iter().all(|v| v.is_finite()).then_some(bb)
}

/// Squares drawn as four separate short strokes: two short horizontal segments of the
/// same extent, a side apart, with short verticals at both ends. They become check box
/// candidates and leave the rulings.
fn squares_from_segments(out: &mut Rulings, candidates: &mut Vec<Candidate>) {
    let short = |s: &Seg| (P.box_min..=P.box_max).contains(&(s.b - s.a));
    let mut hs: Vec<usize> = (0..out.h.len()).filter(|&i| short(&out.h[i])).collect();
    if hs.len() < 2 {
        return;
    }
    hs.sort_by(|&i, &j| {
        let (a, b) = (out.h[i], out.h[j]);
        a.a.total_cmp(&b.a)
            .then(a.b.total_cmp(&b.b))
            .then(a.pos.total_cmp(&b.pos))
    });
    let mut vs: Vec<Seg> = out.v.iter().copied().filter(|s| short(s)).collect();
    vs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut drop_h = vec![false; out.h.len()];
    let mut drop_v: Vec<[f32; 4]> = Vec::new();
    for w in 0..hs.len() {
        let top = out.h[hs[w]];
        if drop_h[hs[w]] {
            continue;
        }
        // Look only at the next few segments with the same extent.
        for &j in hs.iter().skip(w + 1).take(8) {
            let bot = out.h[j];
            if (bot.a - top.a).abs() > 1.0 || (bot.b - top.b).abs() > 1.0 || drop_h[j] {
                continue;
            }
            let side = top.b - top.a;
            let gap = (bot.pos - top.pos).abs();
            if (gap - side).abs() > P.box_square_tol {
                continue;
            }
            let (y0, y1) = (top.pos.min(bot.pos), top.pos.max(bot.pos));
            let has_v = |x: f32| {
                let lo = vs.partition_point(|s| s.pos < x - 1.0);
                vs[lo..]
                    .iter()
                    .take_while(|s| s.pos <= x + 1.0)
                    .any(|s| (s.a - y0).abs() < 1.5 && (s.b - y1).abs() < 1.5)
            };
            if has_v(top.a) && has_v(top.b) {
                drop_h[hs[w]] = true;
                drop_h[j] = true;
                let rect = [top.a, y0, top.b, y1];
                drop_v.push(rect);
                candidates.push(Candidate {
                    rect,
                    fill: None,
                    visible: true,
                });
                break;
            }
        }
    }
    if drop_v.is_empty() {
        return;
    }
    let mut i = 0;
    out.h.retain(|_| {
        let keep = !drop_h.get(i).copied().unwrap_or(false);
        i += 1;
        keep
    });
    drop_v.sort_by(|a, b| a[0].total_cmp(&b[0]));
    out.v.retain(|s| {
        if !short(s) {
            return true;
        }
        let lo = drop_v.partition_point(|r| r[0] < s.pos - P.box_max - 1.0);
        !drop_v[lo..]
            .iter()
            .take_while(|r| r[0] <= s.pos + 1.0)
            .any(|r| {
                ((s.pos - r[0]).abs() < 1.0 || (s.pos - r[2]).abs() < 1.0)
                    && (s.a - r[1]).abs() < 1.5
                    && (s.b - r[3]).abs() < 1.5
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(
        rects: Vec<[f32; 4]>,
        subpaths: Vec<Vec<[f32; 2]>>,
        stroked: bool,
        filled: bool,
    ) -> Path {
        Path {
            subpaths,
            rects,
            stroked,
            filled,
            line_width: 0.5,
            fill_lightness: 0.0,
        }
    }

    #[test]
    fn crossed_square_is_checked_box_not_ruling() {
        let paths = vec![
            path(vec![[10.0, 10.0, 19.3, 19.3]], vec![], true, false),
            path(
                vec![],
                vec![
                    vec![[10.0, 10.0], [19.3, 19.3]],
                    vec![[10.0, 19.3], [19.3, 10.0]],
                ],
                true,
                false,
            ),
            path(vec![[40.0, 10.0, 49.3, 19.3]], vec![], true, false),
        ];
        let r = collect(&paths);
        assert!(r.h.is_empty() && r.v.is_empty());
        assert_eq!(r.boxes.len(), 2);
        assert_eq!(r.boxes[0].checked, Some(true));
        assert_eq!(r.boxes[1].checked, Some(false));
    }

    #[test]
    fn thin_filled_rects_are_rulings() {
        let paths = vec![
            path(vec![[10.0, 10.0, 200.0, 10.8]], vec![], false, true),
            path(vec![[10.0, 10.0, 10.8, 100.0]], vec![], false, true),
            path(vec![[20.0, 20.0, 200.0, 60.0]], vec![], false, true),
        ];
        let r = collect(&paths);
        assert_eq!(r.h.len(), 1);
        assert_eq!(r.v.len(), 1);
    }

    #[test]
    fn rounded_filled_square_with_tick_is_checked() {
        let mut round = Vec::new();
        for i in 0..=16 {
            let a = i as f32 / 16.0 * std::f32::consts::TAU;
            round.push([15.0 + 6.0 * a.cos(), 15.0 + 6.0 * a.sin()]);
        }
        let tick = vec![
            [11.0, 15.0],
            [14.0, 18.0],
            [19.0, 11.0],
            [14.0, 16.0],
            [11.0, 15.0],
        ];
        let r = collect(&[
            path(vec![], vec![round.clone()], false, true),
            path(vec![], vec![tick], false, true),
        ]);
        assert_eq!(r.boxes.len(), 1);
        assert_eq!(r.boxes[0].checked, Some(true));
        // A white box with a ring.
        let r = collect(&[Path {
            fill_lightness: 1.0,
            ..path(vec![], vec![round], true, true)
        }]);
        assert_eq!(r.boxes[0].checked, Some(false));
    }

    fn white(p: Path) -> Path {
        Path {
            fill_lightness: 1.0,
            ..p
        }
    }

    #[test]
    fn a_box_filled_dark_is_checked_whatever_draws_it() {
        // CSS boxes: a dark square filled then stroked (checked), a white one (not).
        let paths = vec![
            Path {
                fill_lightness: 0.2,
                ..path(vec![[10.0, 10.0, 16.7, 16.7]], vec![], false, true)
            },
            Path {
                fill_lightness: 0.2,
                ..path(vec![[10.3, 10.3, 16.3, 16.3]], vec![], true, false)
            },
            white(path(vec![[40.0, 10.0, 46.7, 16.7]], vec![], false, true)),
            path(vec![[40.3, 10.3, 46.3, 16.3]], vec![], true, false),
            // The same dark square drawn with `B` (Ghostscript).
            Path {
                fill_lightness: 0.2,
                ..path(vec![[70.0, 10.0, 76.7, 16.7]], vec![], true, true)
            },
        ];
        let states: Vec<_> = collect(&paths)
            .boxes
            .iter()
            .map(|b| (b.rect[0], b.checked))
            .collect();
        assert_eq!(
            states,
            vec![(10.0, Some(true)), (40.0, Some(false)), (70.0, Some(true))]
        );
    }

    #[test]
    fn a_square_only_filled_near_white_is_no_box_even_with_a_mark_inside() {
        // Chromium's scrollbar button under a table too wide for the page: a square
        // filled near white, no border, a grey arrow in it.
        let arrow = vec![[16.0, 12.0], [16.0, 18.0], [12.0, 15.0], [16.0, 12.0]];
        let button = |x: f32| Path {
            fill_lightness: 0.988,
            ..path(vec![[x, 10.0, x + 13.5, 21.25]], vec![], false, true)
        };
        let paths = vec![
            button(10.0),
            Path {
                fill_lightness: 0.545,
                ..path(vec![], vec![arrow], false, true)
            },
            // The same square with a border is a box.
            button(40.0),
            path(vec![[40.0, 10.0, 53.5, 21.25]], vec![], true, false),
        ];
        let boxes: Vec<_> = collect(&paths).boxes.iter().map(|b| b.rect[0]).collect();
        assert_eq!(boxes, vec![40.0]);
    }

    #[test]
    fn a_white_inside_painted_over_a_dark_square_is_an_empty_box() {
        let paths = vec![
            path(vec![[10.0, 10.0, 20.0, 20.0]], vec![], false, true),
            white(path(vec![[11.0, 11.0, 19.0, 19.0]], vec![], false, true)),
        ];
        assert_eq!(collect(&paths).boxes[0].checked, Some(false));
    }

    #[test]
    fn a_lone_point_filled_in_a_white_box_is_no_ink() {
        // pdftocairo: `... h x y m f` fills the ring and a one-point subpath.
        let mut round = Vec::new();
        for i in 0..=16 {
            let a = i as f32 / 16.0 * std::f32::consts::TAU;
            round.push([15.0 + 4.0 * a.cos(), 15.0 + 4.0 * a.sin()]);
        }
        let paths = vec![
            white(path(
                vec![],
                vec![round.clone(), vec![[11.0, 15.0]]],
                false,
                true,
            )),
            path(vec![], vec![round], true, false),
            path(vec![], vec![vec![[12.0, 15.0]]], false, true),
        ];
        assert_eq!(collect(&paths).boxes[0].checked, Some(false));
    }

    #[test]
    fn a_light_tick_on_a_dark_box_and_a_dark_tick_on_a_white_box_are_ink() {
        let tick = vec![
            [11.0, 15.0],
            [14.0, 18.0],
            [19.0, 11.0],
            [14.0, 16.0],
            [11.0, 15.0],
        ];
        let paths = vec![
            white(path(vec![[10.0, 10.0, 20.0, 20.0]], vec![], true, true)),
            path(vec![], vec![tick.clone()], false, true),
        ];
        assert_eq!(collect(&paths).boxes[0].checked, Some(true));
        // A white tick on a white box shows nothing.
        let paths = vec![
            white(path(vec![[10.0, 10.0, 20.0, 20.0]], vec![], true, true)),
            white(path(vec![], vec![tick], false, true)),
        ];
        assert_eq!(collect(&paths).boxes[0].checked, Some(false));
    }

    #[test]
    fn square_of_four_lines_is_a_box() {
        let sq = vec![
            vec![[10.0, 10.0], [20.0, 10.0]],
            vec![[20.0, 10.0], [20.0, 20.0]],
            vec![[20.0, 20.0], [10.0, 20.0]],
            vec![[10.0, 20.0], [10.0, 10.0]],
        ];
        let mut paths = vec![path(vec![], sq, true, false)];
        paths.push(path(
            vec![],
            vec![vec![[0.0, 50.0], [300.0, 50.0]]],
            true,
            false,
        ));
        let r = collect(&paths);
        assert_eq!(r.boxes.len(), 1);
        assert_eq!(r.boxes[0].checked, Some(false));
        assert_eq!(r.h.len(), 1);
        assert!(r.v.is_empty());
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn a_box_painted_twice_is_one_box_even_with_others_between() {
        let fill = |r: [f32; 4]| Path {
            subpaths: vec![],
            rects: vec![r],
            stroked: false,
            filled: true,
            line_width: 0.0,
            fill_lightness: 1.0,
        };
        let border = |r: [f32; 4]| Path {
            subpaths: vec![],
            rects: vec![r],
            stroked: true,
            filled: false,
            line_width: 0.5,
            fill_lightness: 0.0,
        };
        // Box A (white fill + border, unchecked) and box B at the same height.
        let paths = vec![
            fill([163.1, 155.1, 169.4, 161.4]),
            fill([289.0, 155.0, 295.5, 161.5]),
            border([163.25, 155.25, 169.25, 161.25]),
            border([289.1, 155.1, 295.4, 161.4]),
        ];
        let r = collect(&paths);
        assert_eq!(r.boxes.len(), 2, "{:?}", r.boxes);
        assert!(
            r.boxes.iter().all(|b| b.checked == Some(false)),
            "{:?}",
            r.boxes
        );
    }
}
