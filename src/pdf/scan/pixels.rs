//! What a scanned page's pixels show besides text: its skew, ruling lines (long dark
//! runs) and check boxes (small squares, decided by the ink inside them).

use super::raster::{Gray, PIXELS_PER_POINT, sample};

/// Largest skew looked for, in degrees (a page fed a little askew).
const MAX_SKEW_DEG: f32 = 2.5;
/// Skew steps: coarse, then fine around the best coarse one.
const SKEW_STEP_DEG: f32 = 0.1;
const SKEW_FINE_STEP_DEG: f32 = 0.02;
/// A skew smaller than this is left alone (less than a pixel across a line of text).
const MIN_SKEW_DEG: f32 = 0.03;
/// The skew is estimated on a page reduced this many times.
const SKEW_REDUCTION: usize = 2;

/// A dark run at least this long (points) is part of a ruling line: longer than any
/// glyph stroke, shorter than the narrowest table column.
const MIN_RULING_PT: f32 = 24.0;
/// Vertical rulings may be as short as a row of a table (one line of text), but must
/// end on a horizontal ruling (within `MEET_PT`).
const MIN_VERTICAL_RULING_PT: f32 = 12.0;
const MEET_PT: f32 = 3.0;
/// Gaps of this many pixels inside a run are bridged (noise, blur, JPEG).
const RUN_GAP_PX: usize = 2;
/// Check box sides, in points (as for drawn boxes in `layout::rulings`).
const BOX_MIN_PT: f32 = 5.0;
const BOX_MAX_PT: f32 = 16.0;
/// Most difference between a box's width and height, in points.
const BOX_SQUARENESS_PT: f32 = 2.5;
/// Share of the top and bottom of a square that must be dark (one row).
const BOX_SIDE_COVER: f32 = 0.75;
/// Margin erased around a box, in points.
const BOX_ERASE_MARGIN_PT: f32 = 1.0;
/// Share of a box's left and right sides that must be dark near its edge.
const BOX_STRAIGHT_SIDE: f32 = 0.92;
/// A box's side is a thin line: at its middle, at most this share of the box's width
/// dark from the edge inwards (or `BOX_MIN_SIDE_PX`, for a blurred hairline); a bold
/// letter's stem is thicker.
const BOX_MAX_SIDE_SHARE: f32 = 0.2;
const BOX_MIN_SIDE_PX: f32 = 5.0;
/// Beside a check box, this far (points) from its side, is paper: letters of a word
/// are closer to each other, and a box's label is a space (a quarter em) away.
const NEIGHBOUR_GAP_PT: f32 = 1.5;
/// ... not counting the first pixels beyond the side (the side's own blur).
const NEIGHBOUR_SKIP_PX: usize = 2;
/// ... where at most this share may be dark (a speck of noise).
const NEIGHBOUR_MAX_INK: f32 = 0.15;
/// A ▶ bullet's side, in points (from small print to a title's).
const BULLET_MIN_PT: f32 = 2.5;
const BULLET_MAX_PT: f32 = 10.0;
/// Share of its box a triangle fills (a half, blur and noise aside).
const BULLET_MIN_FILL: f32 = 0.35;
const BULLET_MAX_FILL: f32 = 0.68;
/// Mean difference (share of the width) between a blob's rows and a ▶'s.
const BULLET_SHAPE_ERROR: f32 = 0.15;
/// A box's corners are dark within this many pixels of the square found.
const BOX_CORNER_PX: usize = 1;
/// Ink inside a box (share of dark pixels, border excluded): at most `EMPTY_INK` the
/// box is empty, at least `TICKED_INK` it is ticked; between, it is undecided.
const EMPTY_INK: f32 = 0.03;
const TICKED_INK: f32 = 0.08;
/// A box drawn filled (a solid ■, a filled box with a light tick) has at least this
/// share of its inside dark; a capital letter's counters leave far more paper.
const FILLED_INK: f32 = 0.9;

/// A light threshold between ink and paper, for check boxes: halfway from Otsu's threshold to the paper's
/// usual gray, so that hairlines (a LibreOffice check box is drawn 0.1 pt wide) and
/// their blur still count as ink.
pub fn threshold(image: &Gray) -> u8 {
    let otsu = otsu(image);
    let mut hist = [0u64; 256];
    for &p in &image.pixels {
        hist[p as usize] += 1;
    }
    let paper = (otsu as usize..256).max_by_key(|&v| hist[v]).unwrap_or(255);
    ((otsu as usize + paper) / 2) as u8
}

/// Otsu's threshold on the histogram.
pub fn otsu(image: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &image.pixels {
        hist[p as usize] += 1;
    }
    let total = image.pixels.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut weight_b, mut sum_b) = (0.0f64, 0.0f64);
    let (mut best, mut best_var) = (128u8, -1.0f64);
    for (t, &n) in hist.iter().enumerate() {
        weight_b += n as f64;
        if weight_b == 0.0 {
            continue;
        }
        let weight_f = total - weight_b;
        if weight_f == 0.0 {
            break;
        }
        sum_b += t as f64 * n as f64;
        let mean_b = sum_b / weight_b;
        let mean_f = (sum_all - sum_b) / weight_f;
        let var = weight_b * weight_f * (mean_b - mean_f).powi(2);
        if var > best_var {
            best_var = var;
            best = t as u8;
        }
    }
    best
}

/// Dark pixels (`true`) of an image.
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub dark: Vec<bool>,
}

impl Ink {
    pub fn of(image: &Gray, threshold: u8) -> Ink {
        Ink {
            width: image.width,
            height: image.height,
            dark: image.pixels.iter().map(|&p| p <= threshold).collect(),
        }
    }

    fn at(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

/// The page's skew in degrees (positive: lines of text go down to the right), from the
/// projection profile: the angle at which dark pixels gather in the fewest, fullest rows.
pub fn skew(ink: &Ink) -> f32 {
    let r = SKEW_REDUCTION;
    let mut points: Vec<(f32, f32)> = Vec::new();
    for y in (0..ink.height).step_by(r) {
        for x in (0..ink.width).step_by(r) {
            if ink.at(x, y) {
                points.push(((x / r) as f32, (y / r) as f32));
            }
        }
    }
    if points.len() < 100 {
        return 0.0;
    }
    let rows = ink.height / r + ink.width / r + 2;
    let mut bins = vec![0u32; rows * 2];
    let offset = (ink.width / r) as f32 * (MAX_SKEW_DEG + 0.5).to_radians().tan() + 1.0;
    let mut score = |deg: f32| {
        bins.iter_mut().for_each(|b| *b = 0);
        let t = deg.to_radians().tan();
        for &(x, y) in &points {
            let row = (y - x * t + offset).round();
            if row >= 0.0 && (row as usize) < bins.len() {
                bins[row as usize] += 1;
            }
        }
        bins.iter()
            .map(|&b| u64::from(b) * u64::from(b))
            .sum::<u64>()
    };
    let best = |from: f32, to: f32, step: f32, score: &mut dyn FnMut(f32) -> u64| {
        let n = ((to - from) / step).round() as i32;
        (0..=n)
            .map(|i| from + i as f32 * step)
            .map(|a| (a, score(a)))
            .max_by_key(|&(_, s)| s)
            .map_or(0.0, |(a, _)| a)
    };
    let coarse = best(-MAX_SKEW_DEG, MAX_SKEW_DEG, SKEW_STEP_DEG, &mut score);
    best(
        coarse - SKEW_STEP_DEG,
        coarse + SKEW_STEP_DEG,
        SKEW_FINE_STEP_DEG,
        &mut score,
    )
}

/// The image turned by `-deg` about its centre (undoing a skew of `deg`), white where
/// nothing comes from.
pub fn straighten(image: &Gray, deg: f32) -> Option<Gray> {
    if deg.abs() < MIN_SKEW_DEG {
        return None;
    }
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (image.width as f32 / 2.0, image.height as f32 / 2.0);
    let mut out = Gray::new(image.width, image.height, 255);
    let (max_x, max_y) = (image.width as f32 - 1.0, image.height as f32 - 1.0);
    for y in 0..image.height {
        let dy = y as f32 - cy;
        for x in 0..image.width {
            let dx = x as f32 - cx;
            // Source point: the output point turned by +deg.
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            if (0.0..=max_x).contains(&sx) && (0.0..=max_y).contains(&sy) {
                out.pixels[y * image.width + x] = sample(image, sx, sy);
            }
        }
    }
    Some(out)
}

/// A ruling found in pixels, in page points: horizontal (`y`, `x0..x1`) or vertical.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub horizontal: bool,
    pub pos: f32,
    pub from: f32,
    pub to: f32,
    pub thickness: f32,
}

/// A dark run along one row (or column): index, start, end (exclusive).
type Run = (usize, usize, usize);

/// Runs of dark pixels at least `min` long along `len`-long lines, gaps bridged.
fn runs(n: usize, len: usize, min: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<Run> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut start: Option<usize> = None;
        let mut last_dark = 0;
        for j in 0..len {
            if dark(i, j) {
                if start.is_none() {
                    start = Some(j);
                }
                last_dark = j;
            } else if let Some(s) = start
                && j - last_dark > RUN_GAP_PX
            {
                if last_dark + 1 - s >= min {
                    out.push((i, s, last_dark + 1));
                }
                start = None;
            }
        }
        if let Some(s) = start
            && last_dark + 1 - s >= min
        {
            out.push((i, s, last_dark + 1));
        }
    }
    out
}

/// Runs on neighbouring lines that overlap make one ruling (its thickness).
fn merge(mut runs: Vec<Run>, horizontal: bool) -> Vec<Line> {
    runs.sort_by_key(|r| (r.1, r.0));
    // Each group: first index, last index, start, end.
    let mut groups: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (i, a, b) in runs {
        let found = groups.iter_mut().rev().take(64).find(|g| {
            i <= g.1 + 1 && i >= g.0 && a < g.3 && b > g.2 && {
                let overlap = b.min(g.3) - a.max(g.2);
                overlap * 2 >= (b - a).min(g.3 - g.2)
            }
        });
        match found {
            Some(g) => {
                g.1 = g.1.max(i);
                g.2 = g.2.min(a);
                g.3 = g.3.max(b);
            }
            None => groups.push((i, i, a, b)),
        }
    }
    let s = PIXELS_PER_POINT;
    groups
        .into_iter()
        // A thick dark block (a picture, a filled area) is not a line.
        .filter(|g| ((g.1 - g.0 + 1) as f32) < 4.0 * s)
        .map(|(i0, i1, a, b)| Line {
            horizontal,
            pos: (i0 + i1 + 1) as f32 / 2.0 / s,
            from: a as f32 / s,
            to: b as f32 / s,
            thickness: (i1 - i0 + 1) as f32 / s,
        })
        .collect()
}

/// Horizontal and vertical rulings of the page.
pub fn rulings(ink: &Ink) -> Vec<Line> {
    let min = (MIN_RULING_PT * PIXELS_PER_POINT) as usize;
    let h = runs(ink.height, ink.width, min, |y, x| ink.at(x, y));
    let min_v = (MIN_VERTICAL_RULING_PT * PIXELS_PER_POINT) as usize;
    let v = runs(ink.width, ink.height, min_v, |x, y| ink.at(x, y));
    let mut out = merge(h, true);
    // A table's vertical borders meet its horizontal ones; a tall letter's stem does not.
    let meets = |v: &Line| {
        out.iter().any(|h| {
            h.from - MEET_PT <= v.pos
                && v.pos <= h.to + MEET_PT
                && ((h.pos - v.from).abs() <= MEET_PT || (h.pos - v.to).abs() <= MEET_PT)
        })
    };
    let v: Vec<Line> = merge(v, false).into_iter().filter(meets).collect();
    out.extend(v);
    out
}

/// A check box found in pixels: its square in page points and its state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Square {
    pub rect: [f32; 4],
    /// Share of dark pixels inside, border excluded.
    pub ink: f32,
}

impl Square {
    /// Ticked, empty, or `None` when the ink inside is too little to call it ticked and
    /// too much to call it empty.
    pub fn state(&self) -> Option<bool> {
        if self.ink >= TICKED_INK {
            Some(true)
        } else if self.ink <= EMPTY_INK {
            Some(false)
        } else {
            None
        }
    }
}

/// Small squares whose four sides are drawn: check boxes, with the ink inside them.
/// Found from their two vertical sides (dark vertical runs, a box's width apart) and
/// then from full rows between them, paired a box's height apart: a box often touches a
/// table's ruling or the box above it, so neither it nor its sides stand apart as blobs.
pub fn squares(ink: &Ink) -> Vec<Square> {
    let s = PIXELS_PER_POINT;
    let (min, max) = (BOX_MIN_PT * s, BOX_MAX_PT * s);
    // Vertical runs at least a box side long, by column; longer ones may be the sides
    // of boxes stacked on each other or running into a ruling.
    let mut by_column: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ink.width];
    for (x, a, b) in runs(ink.width, ink.height, min as usize, |x, y| ink.at(x, y)) {
        by_column[x].push((a, b));
    }
    let tolerance = (BOX_SQUARENESS_PT * s) as usize;
    let mut out: Vec<Square> = Vec::new();
    for x0 in 0..ink.width {
        for &(a, b) in &by_column[x0] {
            let lo = x0 + min as usize;
            let hi = (x0 + max as usize + tolerance).min(ink.width - 1);
            let right = by_column.get(lo..=hi).unwrap_or_default();
            for (x1, column) in (lo..).zip(right) {
                for &(c, d) in column {
                    let (y0, y1) = (a.max(c), b.min(d));
                    if y1 <= y0 || ((y1 - y0) as f32) < min {
                        continue;
                    }
                    for q in squares_between(ink, x0, x1, y0, y1 - 1) {
                        let seen = out.iter().any(|o| {
                            let (r, n) = (o.rect, q.rect);
                            (r[0] - n[0]).abs() < (n[2] - n[0]) / 2.0
                                && (r[1] - n[1]).abs() < (n[3] - n[1]) / 2.0
                        });
                        if !seen {
                            out.push(q);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The squares with sides at columns `x0` and `x1` within rows `y0..=y1`: pairs of full
/// rows (a top and a bottom) about the width apart.
fn squares_between(ink: &Ink, x0: usize, x1: usize, y0: usize, y1: usize) -> Vec<Square> {
    let w = (x1 - x0 + 1) as f32;
    let tolerance = BOX_SQUARENESS_PT * PIXELS_PER_POINT;
    // A hairline blurred over two rows counts on either.
    let full = |y: usize| {
        let next = (y + 1).min(ink.height - 1);
        (x0..=x1)
            .filter(|&x| ink.at(x, y) || ink.at(x, next))
            .count() as f32
            >= BOX_SIDE_COVER * w
    };
    // Bands of consecutive full rows: a box's top or bottom (or a ruling merged with it).
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for y in y0..=y1 {
        if !full(y) {
            continue;
        }
        match bands.last_mut() {
            Some(band) if band.1 + 1 == y => band.1 = y,
            _ => bands.push((y, y)),
        }
    }
    let mut out = Vec::new();
    for (i, top) in bands.iter().enumerate() {
        for bottom in &bands[i + 1..] {
            // The box's own top (bottom) is the last (first) row of its band.
            let (t, b) = (top.1, bottom.0);
            let h = (b + 1 - t) as f32;
            if (w - h).abs() <= tolerance
                && let Some(q) = square_at(ink, x0, t, x1, b)
            {
                out.push(q);
                break;
            }
        }
    }
    out
}

/// The square x0..=x1 × y0..=y1, its top and bottom drawn, if its left and right sides
/// are straight thin lines, with its ink.
fn square_at(ink: &Ink, x0: usize, y0: usize, x1: usize, y1: usize) -> Option<Square> {
    let s = PIXELS_PER_POINT;
    let w = (x1 - x0 + 1) as f32;
    let h = (y1 + 1).checked_sub(y0)? as f32;
    if h < BOX_MIN_PT * s || (w - h).abs() > BOX_SQUARENESS_PT * s {
        return None;
    }
    // The border: a band along each side, about a tenth of the side.
    let band = ((w.min(h) * 0.12).round() as usize).max(2);
    // Left and right: straight, dark down nearly the whole side (a "D" curves away).
    let side = |xs: std::ops::RangeInclusive<usize>| {
        (y0..=y1)
            .filter(|&y| xs.clone().any(|x| ink.at(x, y)))
            .count() as f32
            >= BOX_STRAIGHT_SIDE * h
    };
    if !side(x0..=x0 + band / 2) || !side(x1 - band / 2..=x1) {
        return None;
    }
    // Sharp corners and unbroken middles of the top and bottom: a letter's bowl or
    // arch ("o", "n", "u") rounds its corners or leaves a gap between its stems.
    let near = BOX_CORNER_PX;
    let dark_near = |x: usize, y: usize| {
        (y.saturating_sub(near)..=(y + near).min(ink.height - 1))
            .any(|y| (x.saturating_sub(near)..=(x + near).min(ink.width - 1)).any(|x| ink.at(x, y)))
    };
    let xm = (x0 + x1) / 2;
    if ![(x0, y0), (x1, y0), (x0, y1), (x1, y1), (xm, y0), (xm, y1)]
        .iter()
        .all(|&(x, y)| dark_near(x, y))
    {
        return None;
    }
    // Thin: a box's sides are lines, a bold letter's stems are thick. The dark run
    // through each side's middle, across it, both ways.
    let (xm, ym) = ((x0 + x1) / 2, (y0 + y1) / 2);
    let across = |x: usize, y: usize, horizontal: bool| {
        let (len, at) = if horizontal {
            (ink.width, x)
        } else {
            (ink.height, y)
        };
        let dark = |i: usize| {
            if horizontal {
                ink.at(i, y)
            } else {
                ink.at(x, i)
            }
        };
        let before = (0..at).rev().take_while(|&i| dark(i)).count();
        let after = (at..len).take_while(|&i| dark(i)).count();
        (before + after) as f32
    };
    // Inside: the square less twice the border band (the border and its blur).
    let inset = 2 * band;
    if x0 + inset >= x1.saturating_sub(inset) || y0 + inset >= y1.saturating_sub(inset) {
        return None;
    }
    let (ix0, ix1, iy0, iy1) = (x0 + inset, x1 - inset, y0 + inset, y1 - inset);
    let dark = (iy0..=iy1)
        .map(|y| (ix0..=ix1).filter(|&x| ink.at(x, y)).count())
        .sum::<usize>();
    let area = (ix1 - ix0 + 1) * (iy1 - iy0 + 1);
    let inside = dark as f32 / area as f32;
    let most = (BOX_MAX_SIDE_SHARE * w).max(BOX_MIN_SIDE_PX);
    // A box filled with ink has no inner edge to measure: a dark run right across its
    // middle, and ink over most of its inside (a capital's middle bar, "E", "B", also
    // runs across, but its counters are paper). A side may run into a ruling (thicker
    // there), never two facing sides.
    let filled = across(x0, ym, true) >= w && inside >= FILLED_INK;
    let thin = |a: f32, b: f32| a.min(b) <= most;
    let thin_sides = thin(across(x0, ym, true), across(x1, ym, true))
        && thin(across(xm, y0, false), across(xm, y1, false));
    if !(filled || thin_sides) {
        return None;
    }
    if crowded(ink, x0, y0, x1, y1) {
        return None;
    }
    Some(Square {
        rect: [
            x0 as f32 / s,
            y0 as f32 / s,
            (x1 + 1) as f32 / s,
            (y1 + 1) as f32 / s,
        ],
        ink: inside,
    })
}

/// Whether ink touches the square x0..=x1 × y0..=y1 from the left or the right at its
/// middle (between `NEIGHBOUR_SKIP_PX` and `NEIGHBOUR_GAP_PT` beyond its side): a letter
/// among the letters of a word, where a check box stands apart from its label by a
/// space, or the rest of a letter inside which a square was found. A ruling the box
/// runs into is no neighbour.
fn crowded(ink: &Ink, x0: usize, y0: usize, x1: usize, y1: usize) -> bool {
    let gap = (NEIGHBOUR_GAP_PT * PIXELS_PER_POINT) as usize;
    let h = y1 + 1 - y0;
    let (m0, m1) = (y0 + h / 3, y1 - h / 3);
    // A ruling goes on half a box beyond it, up and down; a letter's stroke around a
    // square found inside the letter does not.
    let (above, below) = (y0.saturating_sub(h / 2), (y1 + h / 2).min(ink.height - 1));
    let ruling = |x: usize| (above..=below).all(|y| ink.at(x, y));
    let touched = |xs: Vec<usize>| {
        if xs.iter().any(|&x| ruling(x)) {
            return false;
        }
        let dark = xs
            .iter()
            .map(|&x| (m0..=m1).filter(|&y| ink.at(x, y)).count())
            .sum::<usize>();
        dark as f32 > NEIGHBOUR_MAX_INK * (xs.len() * (m1 + 1 - m0)) as f32
    };
    let left: Vec<usize> = (x0.saturating_sub(gap)..x0.saturating_sub(NEIGHBOUR_SKIP_PX)).collect();
    let right: Vec<usize> = (x1 + 1 + NEIGHBOUR_SKIP_PX..=(x1 + gap).min(ink.width - 1)).collect();
    (!left.is_empty() && touched(left)) || (!right.is_empty() && touched(right))
}

/// Solid triangles pointing right (the form's ▶ bullets), in page points: dark blobs of
/// a bullet's size, about half filled, full height at the left and a point at the right.
/// Recognizers read them as ">", "»", "B", "D" or join them to the next word.
pub fn triangles(ink: &Ink) -> Vec<[f32; 4]> {
    let s = PIXELS_PER_POINT;
    let (min, max) = (BULLET_MIN_PT * s, BULLET_MAX_PT * s);
    let mut seen = vec![false; ink.dark.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let mut blob = Vec::new();
    for start in 0..ink.dark.len() {
        if !ink.dark[start] || seen[start] {
            continue;
        }
        // The blob (4-connected), given up once larger than any bullet.
        seen[start] = true;
        stack.push(start);
        blob.clear();
        let too_big = (max * max) as usize;
        while let Some(i) = stack.pop() {
            blob.push(i);
            let (x, y) = (i % ink.width, i / ink.width);
            let mut visit = |j: usize| {
                if ink.dark[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < ink.width {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - ink.width);
            }
            if y + 1 < ink.height {
                visit(i + ink.width);
            }
        }
        if blob.len() > too_big {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for &i in &blob {
            let (x, y) = (i % ink.width, i / ink.width);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let (w, h) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
        if w < min || h < min || w > max || h > max || !(0.6..=1.3).contains(&(w / h)) {
            continue;
        }
        let fill = blob.len() as f32 / (w * h);
        if !(BULLET_MIN_FILL..=BULLET_MAX_FILL).contains(&fill) {
            continue;
        }
        // Rows: each starts at the left side and is as long as a triangle's row there
        // (full width at the middle, nothing at the top and bottom); a letter's rows
        // (E, P, D, L) are not.
        let mut rows = vec![(0usize, usize::MAX); y1 - y0 + 1];
        for &i in &blob {
            let (x, y) = (i % ink.width - x0, i / ink.width - y0);
            rows[y].0 += 1;
            rows[y].1 = rows[y].1.min(x);
        }
        let error: f32 = rows
            .iter()
            .enumerate()
            .map(|(r, &(n, first))| {
                let expected = w * (1.0 - ((2.0 * r as f32 + 1.0) / h - 1.0).abs());
                let offset = if n == 0 { 0.0 } else { first as f32 };
                ((n as f32 - expected).abs() + offset) / w
            })
            .sum::<f32>()
            / h;
        if error <= BULLET_SHAPE_ERROR {
            out.push([
                x0 as f32 / s,
                y0 as f32 / s,
                (x1 + 1) as f32 / s,
                (y1 + 1) as f32 / s,
            ]);
        }
    }
    out
}

/// A blob of ink this tall (points) may be a character no recognizer read: a digit of
/// small print is 5 pt, a scanner's dust speck under 1 pt.
const UNREAD_MIN_HEIGHT_PT: f32 = 4.0;
/// ... and at most this tall or wide (larger: a picture, a logo, a remnant of a ruling).
const UNREAD_MAX_SIDE_PT: f32 = 20.0;
/// ... and at least this wide (narrower: a leftover edge of an erased ruling; a "1" of
/// small print is about a point wide with its blur).
const UNREAD_MIN_WIDTH_PT: f32 = 0.6;
/// A blob this close (points) to a recognized word's box is part of it: recognizers'
/// boxes may leave out a word's last stroke, and a space between words is wider.
const UNREAD_WORD_SLACK_PT: f32 = 1.5;
/// Blobs closer than this many of their heights on one row are letters of one group.
const UNREAD_JOIN_HEIGHTS: f32 = 0.8;
/// Most groups of unread ink looked at again on a page (bounds the time of a page full
/// of pictures).
const UNREAD_MAX_GROUPS: usize = 200;

/// Groups of ink (pixel boxes x0, y0, x1, y1, end exclusive) that no recognized word
/// covers, of a character's size: what a page-wide recognition dropped (a lone digit at
/// the end of a table cell's line, "4" after "Nombre de participants :"), to be read on
/// its own. `words` are the recognized words' boxes in page points.
pub fn unread(ink: &Ink, words: &[[f32; 4]]) -> Vec<[usize; 4]> {
    let s = PIXELS_PER_POINT;
    let (min_h, max_side, min_w) = (
        UNREAD_MIN_HEIGHT_PT * s,
        UNREAD_MAX_SIDE_PT * s,
        UNREAD_MIN_WIDTH_PT * s,
    );
    let mut seen = vec![false; ink.dark.len()];
    let mut stack = Vec::new();
    let mut blobs: Vec<[usize; 4]> = Vec::new();
    for start in 0..ink.dark.len() {
        if !ink.dark[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % ink.width, i / ink.width);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            // 8-connected: a blurred glyph's strokes touch at corners.
            for ny in y.saturating_sub(1)..=(y + 1).min(ink.height - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(ink.width - 1) {
                    let j = ny * ink.width + nx;
                    if ink.dark[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        let (w, h) = ((x1 + 1 - x0) as f32, (y1 + 1 - y0) as f32);
        if h < min_h || h > max_side || w > max_side || w < min_w {
            continue;
        }
        let (bx0, by0, bx1, by1) = (
            x0 as f32 / s,
            y0 as f32 / s,
            (x1 + 1) as f32 / s,
            (y1 + 1) as f32 / s,
        );
        let read = words.iter().any(|b| {
            bx0 <= b[2] + UNREAD_WORD_SLACK_PT
                && bx1 >= b[0] - UNREAD_WORD_SLACK_PT
                && by0 <= b[3] + UNREAD_WORD_SLACK_PT
                && by1 >= b[1] - UNREAD_WORD_SLACK_PT
        });
        if !read {
            blobs.push([x0, y0, x1 + 1, y1 + 1]);
        }
    }
    // Letters of one word or number: on one row, close together.
    blobs.sort_by_key(|b| (b[0], b[1]));
    let mut groups: Vec<[usize; 4]> = Vec::new();
    for b in blobs {
        let joined = groups.iter_mut().find(|g| {
            let h = (g[3] - g[1]).max(b[3] - b[1]) as f32;
            let overlap = g[3].min(b[3]) as f32 - g[1].max(b[1]) as f32;
            let gap = b[0] as f32 - g[2] as f32;
            overlap >= 0.5 * (g[3] - g[1]).min(b[3] - b[1]) as f32 && gap <= UNREAD_JOIN_HEIGHTS * h
        });
        match joined {
            Some(g) => {
                *g = [
                    g[0].min(b[0]),
                    g[1].min(b[1]),
                    g[2].max(b[2]),
                    g[3].max(b[3]),
                ]
            }
            None => groups.push(b),
        }
    }
    groups.truncate(UNREAD_MAX_GROUPS);
    groups
}

/// Paint white over rulings and boxes so the text recognizer does not read them as
/// letters (`|`, `_`, `O`, `X`).
pub fn erase(image: &mut Gray, lines: &[Line], squares: &[[f32; 4]]) {
    let s = PIXELS_PER_POINT;
    let mut clear = |x0: f32, y0: f32, x1: f32, y1: f32| {
        let px = |v: f32, max: usize| ((v * s).max(0.0) as usize).min(max);
        let (x0, x1) = (px(x0, image.width), px(x1, image.width));
        let (y0, y1) = (px(y0, image.height), px(y1, image.height));
        for y in y0..y1 {
            image.pixels[y * image.width + x0..y * image.width + x1].fill(255);
        }
    };
    // A pixel or two beyond the measured edges (blur).
    let m = 2.0 / s;
    for l in lines {
        let half = l.thickness / 2.0 + m;
        if l.horizontal {
            clear(l.from - m, l.pos - half, l.to + m, l.pos + half);
        } else {
            clear(l.pos - half, l.from - m, l.pos + half, l.to + m);
        }
    }
    // A box's border may be a little outside the square measured from its inner rows.
    let m = BOX_ERASE_MARGIN_PT;
    for r in squares {
        clear(r[0] - m, r[1] - m, r[2] + m, r[3] + m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(w: usize, h: usize) -> Gray {
        Gray::new(w, h, 255)
    }

    fn fill(g: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize, v: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                g.pixels[y * g.width + x] = v;
            }
        }
    }

    /// A square of `side` px with a 3 px border at (x, y), ticked with a cross or not.
    fn square(g: &mut Gray, x: usize, y: usize, side: usize, ticked: bool) {
        fill(g, x, y, x + side, y + 3, 0);
        fill(g, x, y + side - 3, x + side, y + side, 0);
        fill(g, x, y, x + 3, y + side, 0);
        fill(g, x + side - 3, y, x + side, y + side, 0);
        if ticked {
            for i in 0..side {
                fill(g, x + i, y + i, (x + i + 3).min(x + side), y + i + 1, 0);
                let xr = x + side - 1 - i;
                fill(g, xr.saturating_sub(2), y + i, xr + 1, y + i + 1, 0);
            }
        }
    }

    #[test]
    fn boxes_are_found_and_decided() {
        let mut g = page(400, 200);
        square(&mut g, 20, 20, 40, true);
        square(&mut g, 100, 20, 40, false);
        // A letter-sized blob that is no square (a filled disc-ish cross).
        fill(&mut g, 200, 20, 240, 30, 0);
        fill(&mut g, 215, 20, 225, 60, 0);
        let ink = Ink::of(&g, threshold(&g));
        let mut found = squares(&ink);
        found.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].state(), Some(true));
        assert_eq!(found[1].state(), Some(false));
        // A faint speck inside is neither.
        let mut g = page(400, 200);
        square(&mut g, 20, 20, 40, false);
        fill(&mut g, 36, 36, 40, 40, 0);
        let ink = Ink::of(&g, 128);
        let found = squares(&ink);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].state(), None, "ink {}", found[0].ink);
    }

    #[test]
    fn stacked_boxes_are_found_and_thick_letters_are_not() {
        // Two boxes sharing an edge, their sides one long run each.
        let mut g = page(400, 200);
        square(&mut g, 20, 20, 40, true);
        square(&mut g, 20, 57, 40, false);
        // A bold "n"-like square: stems a third of its width.
        fill(&mut g, 200, 20, 240, 24, 0);
        fill(&mut g, 200, 20, 214, 60, 0);
        fill(&mut g, 226, 20, 240, 60, 0);
        fill(&mut g, 200, 56, 240, 60, 0);
        let mut found = squares(&Ink::of(&g, 128));
        found.sort_by(|a, b| a.rect[1].total_cmp(&b.rect[1]));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|q| q.rect[0] < 10.0));
        assert_eq!(found[0].state(), Some(true));
        assert_eq!(found[1].state(), Some(false));
    }

    #[test]
    fn capitals_with_a_middle_bar_are_no_boxes() {
        // A "B"-like capital: a stem, three bars, a straight back; its counters paper.
        let mut g = page(400, 200);
        fill(&mut g, 20, 20, 26, 60, 0);
        fill(&mut g, 20, 20, 58, 24, 0);
        fill(&mut g, 20, 38, 58, 42, 0);
        fill(&mut g, 20, 56, 58, 60, 0);
        fill(&mut g, 53, 20, 58, 60, 0);
        // A ticked box on the same row is found.
        square(&mut g, 200, 20, 40, true);
        let found = squares(&Ink::of(&g, 128));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].rect[0] > 40.0);
        assert_eq!(found[0].state(), Some(true));
    }

    #[test]
    fn ink_no_word_covers_is_found_by_groups() {
        let s = PIXELS_PER_POINT;
        let mut g = page(1200, 400);
        // A "word" the recognizer read, and a digit after it that it dropped.
        fill(&mut g, 100, 100, 400, 130, 0);
        fill(&mut g, 430, 100, 436, 130, 0);
        // Two letters of one unread word, close together.
        fill(&mut g, 600, 100, 615, 130, 0);
        fill(&mut g, 620, 100, 635, 130, 0);
        // A speck of dust and a long remnant of a ruling are no characters.
        fill(&mut g, 800, 100, 803, 103, 0);
        fill(&mut g, 900, 300, 1190, 302, 0);
        let read = [[100.0 / s, 100.0 / s, 400.0 / s, 130.0 / s]];
        let mut found = unread(&Ink::of(&g, 128), &read);
        found.sort();
        assert_eq!(found, vec![[430, 100, 436, 130], [600, 100, 635, 130]]);
    }

    #[test]
    fn long_runs_are_rulings() {
        let mut g = page(600, 400);
        fill(&mut g, 10, 100, 590, 103, 0);
        fill(&mut g, 300, 100, 302, 390, 0);
        // A tall stroke that meets no horizontal ruling is no border.
        fill(&mut g, 500, 200, 503, 390, 0);
        // Text-sized strokes are not.
        fill(&mut g, 10, 200, 40, 203, 0);
        let lines = rulings(&Ink::of(&g, 128));
        assert_eq!(lines.len(), 2, "{lines:?}");
        let h = lines.iter().find(|l| l.horizontal).unwrap();
        assert!((h.pos - 101.5 / PIXELS_PER_POINT).abs() < 0.01);
        assert!((h.to - h.from - 580.0 / PIXELS_PER_POINT).abs() < 0.01);
    }

    #[test]
    fn skew_is_measured_and_undone() {
        // Horizontal bars of "text", drawn turned by 1.5°.
        let mut g = page(1600, 800);
        for k in 0..12 {
            fill(&mut g, 100, 100 + k * 50, 1500, 108 + k * 50, 0);
        }
        let turned = straighten(&g, -1.5).unwrap();
        let found = skew(&Ink::of(&turned, 128));
        assert!((found - 1.5).abs() < 0.15, "found {found}");
        let back = straighten(&turned, found).unwrap();
        let left = skew(&Ink::of(&back, 128));
        assert!(left.abs() < 0.15, "left {left}");
    }
}
