//! Words, lines and paragraphs from positioned items (glyphs, drawn boxes, form fields).

use crate::model::{Inline, Paragraph};

use super::params::LayoutParams;

/// Every tolerance of this stage, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// What an item on the page is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text(String),
    Check(Option<bool>),
    Choice(String),
}

/// A positioned piece of a line: a glyph, a check box, a field value.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    pub kind: Kind,
    /// left, top, right, bottom
    pub bbox: [f32; 4],
    pub baseline: f32,
    pub size: f32,
    pub space_width: f32,
    /// Bold font (by its name).
    pub bold: bool,
    /// Not a glyph of the page's text (a box, a form field's value): placed on the line
    /// it overlaps rather than defining lines.
    pub floating: bool,
    /// Starts a paragraph when it starts a line (a line of a form field's value).
    pub hard: bool,
    /// Crossed out by a line through its middle.
    pub struck: bool,
    /// Read by OCR from a page image (its size is its recognized line's height).
    pub recognized: bool,
}

impl Atom {
    pub fn center(&self) -> (f32, f32) {
        (
            (self.bbox[0] + self.bbox[2]) / 2.0,
            (self.bbox[1] + self.bbox[3]) / 2.0,
        )
    }
    pub fn is_space(&self) -> bool {
        matches!(&self.kind, Kind::Text(t) if t.chars().all(char::is_whitespace))
    }
    /// A checkbox: a drawn box or field, or a box glyph (☐ ☒ …) that the mapper decides.
    fn is_box(&self) -> bool {
        match &self.kind {
            Kind::Check(_) => true,
            Kind::Text(t) => t
                .chars()
                .any(|c| crate::normalize::checkbox::glyph_state(c).is_some()),
            Kind::Choice(_) => false,
        }
    }
}

/// One line of text, items sorted left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub items: Vec<Atom>,
    pub bbox: [f32; 4],
    pub baseline: f32,
    pub size: f32,
}

/// Bullet glyphs that start a list item.
/// (Box glyphs such as ■ □ ✓ are not bullets: they are check boxes for the mapper.)
/// (AbiWord draws a DOCX's "▶" list bullets as "▲".)
const BULLETS: &[char] = &[
    '▶', '►', '▲', '▸', '●', '•', '▪', '➢', '➤', '◦', '❖', '◆', '‣', '⁃', '\u{F0D8}', '\u{F0A7}',
    '\u{F0B7}', '\u{F076}', '\u{F0D9}', '\u{F0E8}',
];

pub(super) fn is_bullet_text(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if BULLETS.contains(&c))
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

impl Line {
    fn from_items(mut items: Vec<Atom>) -> Option<Line> {
        items.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
        // Drop overprinted duplicates (fake bold).
        items.dedup_by(|b, a| {
            a.kind == b.kind
                && (a.bbox[0] - b.bbox[0]).abs() < 0.5
                && (a.baseline - b.baseline).abs() < 0.5
        });
        let first = items.first()?;
        let mut bbox = first.bbox;
        for it in &items {
            bbox = union(bbox, it.bbox);
        }
        // Bullet glyphs often come in another font and size: they do not set the line's.
        let mut text_items: Vec<&Atom> = items
            .iter()
            .filter(|i| {
                matches!(&i.kind, Kind::Text(t) if !is_bullet_text(t.trim())) && !i.is_space()
            })
            .collect();
        if text_items.is_empty() {
            text_items = items
                .iter()
                .filter(|i| matches!(i.kind, Kind::Text(_)) && !i.is_space())
                .collect();
        }
        let (baseline, size) = if text_items.is_empty() {
            (first.baseline, first.size)
        } else {
            // The median glyph size: a symbol in a fallback font or a superscript does
            // not set it.
            let mut sizes: Vec<f32> = text_items.iter().map(|i| i.size).collect();
            sizes.sort_by(f32::total_cmp);
            let size = sizes.get(sizes.len() / 2).copied().unwrap_or(first.size);
            let base = text_items
                .iter()
                .filter(|i| (i.size - size).abs() <= 0.5)
                .map(|i| i.baseline)
                .fold(f32::NEG_INFINITY, f32::max);
            let base = if base.is_finite() {
                base
            } else {
                first.baseline
            };
            (base, size)
        };
        Some(Line {
            items,
            bbox,
            baseline,
            size,
        })
    }

    /// A line of some of this line's items, on this line's baseline and size (its
    /// parts are read left to right, as the line was).
    pub(super) fn part(&self, items: Vec<Atom>) -> Option<Line> {
        Line::from_items(items).map(|l| Line {
            baseline: self.baseline,
            size: self.size,
            ..l
        })
    }

    fn content(&self) -> &[Atom] {
        let skip = self.items.iter().take_while(|i| i.is_space()).count();
        self.items.get(skip..).unwrap_or(&[])
    }

    /// Whether the line starts with a hyphen glued to a word ("-Rhône-Alpes"); a dash
    /// with a space after it does not.
    fn starts_with_glued_hyphen(&self) -> bool {
        let content = self.content();
        let Some(first) = content.first() else {
            return false;
        };
        let mut chars = item_text(first).chars();
        if chars.next() != Some('-') {
            return false;
        }
        if let Some(c) = chars.next() {
            return c.is_alphanumeric();
        }
        // The hyphen alone: the next piece must touch it (as `bullet` tells a spaced dash).
        content.get(1).is_some_and(|next| {
            !next.is_space()
                && item_text(next).starts_with(char::is_alphanumeric)
                && next.bbox[0] - first.bbox[2] <= P.spaced_dash * first.size.max(1.0)
        })
    }

    /// The bullet at the start of the line, if any: the number of items it takes.
    pub fn bullet(&self) -> Option<usize> {
        let content = self.content();
        let lead = self.items.len() - content.len();
        let first = content.first()?;
        let Kind::Text(t) = &first.kind else {
            return None;
        };
        let t = t.trim();
        let Some(next) = content.get(1) else {
            return is_bullet_text(t).then_some(lead + 1);
        };
        let gap = next.bbox[0] - first.bbox[2];
        let spaced = next.is_space() || gap > P.spaced_dash * first.size.max(1.0);
        if is_bullet_text(t)
            || ((t == "o" || t == "-" || t == "–" || t == "*")
                && spaced
                && gap_after_word(content) > P.spaced_dash * first.size)
        {
            let mut n = 1;
            while content.get(n).is_some_and(Atom::is_space) {
                n += 1;
            }
            if content.len() > n || is_bullet_text(t) {
                return Some(lead + n);
            }
        }
        None
    }

    /// A bullet glyph (not a typed dash or "o", which may be text).
    fn strong_bullet(&self) -> bool {
        self.bullet().is_some()
            && matches!(self.content().first().map(|i| &i.kind), Some(Kind::Text(t)) if is_bullet_text(t.trim()))
    }

    /// The items taken by a typed number or letter at the start of the line ("1.",
    /// "12)", "a)", "(b)") when a gap follows it and text comes after.
    fn number_marker(&self) -> Option<usize> {
        let content = self.content();
        let mut marker = String::new();
        let mut n = 0;
        for (i, it) in content.iter().enumerate() {
            let gap =
                i > 0 && it.bbox[0] - content[i - 1].bbox[2] > space_threshold(&content[i - 1]);
            if it.is_space() || gap || marker.chars().count() > 5 {
                break;
            }
            marker.push_str(item_text(it));
            n += 1;
        }
        let has_text_after = content
            .get(n..)
            .is_some_and(|rest| rest.iter().any(|i| !i.is_space()));
        (is_number_marker(&marker) && has_text_after)
            .then_some(self.items.len() - content.len() + n)
    }

    /// Left edge of the text after a leading bullet or box.
    fn after_marker_x(&self) -> f32 {
        if self.bullet().is_some() {
            return self.text_x();
        }
        let content = self.content();
        let skip = if self.starts_with_box() {
            1
        } else {
            self.number_marker()
                .map(|n| n - (self.items.len() - content.len()))
                .unwrap_or(0)
        };
        content
            .get(skip..)
            .and_then(|s| s.iter().find(|i| !i.is_space()))
            .map(|i| i.bbox[0])
            .unwrap_or(self.bbox[0])
    }

    /// Left edge of the text after any bullet.
    pub fn text_x(&self) -> f32 {
        let skip = self.bullet().unwrap_or(0);
        self.items
            .get(skip..)
            .and_then(|s| s.iter().find(|i| !i.is_space()))
            .map(|i| i.bbox[0])
            .unwrap_or(self.bbox[0])
    }

    /// Width of the first word after any bullet. An opening guillemet and the word
    /// after it, or a word and the closing guillemet or high punctuation after it, are
    /// one: French typography binds them by a no-break space, so a line never wraps
    /// between them.
    fn first_word_width(&self) -> f32 {
        let skip = self.bullet().unwrap_or(0);
        let items = self.items.get(skip..).unwrap_or(&[]);
        let mut start: Option<f32> = None;
        let mut end = 0.0;
        let mut prev: Option<&Atom> = None;
        let mut word = String::new();
        let mut words = 0;
        for (i, it) in items.iter().enumerate() {
            let next_text = || {
                items[i..]
                    .iter()
                    .find(|n| !n.is_space())
                    .map(item_text)
                    .unwrap_or("")
            };
            let gap =
                it.is_space() || prev.is_some_and(|p| it.bbox[0] - p.bbox[2] > space_threshold(p));
            if gap && start.is_some() {
                let bound = word == "«" || ["»", ":", ";", "!", "?"].contains(&next_text());
                if !bound || words >= 2 {
                    break;
                }
                words += 1;
                word.clear();
            }
            if it.is_space() {
                continue;
            }
            start.get_or_insert(it.bbox[0]);
            end = it.bbox[2];
            word.push_str(item_text(it));
            prev = Some(it);
        }
        start.map(|s| end - s).unwrap_or(0.0)
    }

    pub(super) fn starts_with_box(&self) -> bool {
        match self.content().first().map(|i| &i.kind) {
            Some(Kind::Check(_)) => true,
            Some(Kind::Text(t)) => t.starts_with([
                '☒', '☐', '☑', '\u{F0FE}', '\u{F0A8}', '\u{F078}', '\u{F06F}',
            ]),
            _ => false,
        }
    }

    /// Whether the line's glyphs are all bold (`Some(true)`), none (`Some(false)`), or mixed.
    fn weight(&self) -> Option<bool> {
        let mut glyphs = self
            .items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Text(_)) && !i.is_space());
        let first = glyphs.next()?.bold;
        glyphs.all(|i| i.bold == first).then_some(first)
    }

    /// Plain text of the line, struck text included.
    pub fn text(&self) -> String {
        let mut inlines = Vec::new();
        render(&self.items, &mut inlines);
        let s: String = inlines
            .iter()
            .filter_map(|i| {
                if let Inline::Text { text, .. } = i {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        s.trim().to_string()
    }
}

/// "1." "12)" "a)" "(b)": a number (up to three digits) or one letter, closed by a
/// full stop or a parenthesis.
fn is_number_marker(t: &str) -> bool {
    let inner = t.strip_prefix('(').unwrap_or(t);
    let Some(body) = inner.strip_suffix(['.', ')']) else {
        return false;
    };
    let digits = !body.is_empty() && body.len() <= 3 && body.chars().all(|c| c.is_ascii_digit());
    let letter = body.chars().count() == 1 && body.chars().all(|c| c.is_ascii_lowercase());
    digits || letter
}

fn item_text(it: &Atom) -> &str {
    match &it.kind {
        Kind::Text(t) => t.trim(),
        _ => "",
    }
}

fn gap_after_word(content: &[Atom]) -> f32 {
    match (content.first(), content.get(1)) {
        (Some(a), Some(b)) if b.is_space() => {
            b.bbox[2] - a.bbox[2] + content.get(2).map(|c| c.bbox[0] - b.bbox[2]).unwrap_or(0.0)
        }
        (Some(a), Some(b)) => b.bbox[0] - a.bbox[2],
        _ => 0.0,
    }
}

fn space_threshold(it: &Atom) -> f32 {
    let size = it.size.max(1.0);
    // The font's space width is a hint only (a subset without a space glyph reports a
    // default width): letters of a word touch, words are ~0.25 em apart.
    if it.space_width > 0.0 {
        (P.word_gap_space_share * it.space_width)
            .clamp(P.word_gap_min_em * size, P.word_gap_max_em * size)
    } else {
        P.word_gap_default_em * size
    }
}

/// Append text to the inlines, merging with a last text of the same kind.
fn push_text(inlines: &mut Vec<Inline>, t: &str, struck: bool) {
    if t.is_empty() {
        return;
    }
    if let Some(Inline::Text { text, struck: s }) = inlines.last_mut()
        && *s == struck
    {
        text.push_str(t);
        return;
    }
    inlines.push(Inline::Text {
        text: t.to_string(),
        struck,
    });
}

fn ends_with_space(inlines: &[Inline]) -> bool {
    matches!(inlines.last(), Some(Inline::Text { text, .. }) if text.ends_with(' '))
}

/// Render items into inlines: words apart where the gap is a space's, struck text
/// apart from plain text, boxes and drop-downs in their place.
fn render(items: &[Atom], inlines: &mut Vec<Inline>) {
    let mut prev: Option<&Atom> = None;
    for (n, it) in items.iter().enumerate() {
        if it.is_space() {
            if !inlines.is_empty() && !ends_with_space(inlines) {
                push_text(inlines, " ", it.struck && prev.is_some_and(|p| p.struck));
            }
            prev = Some(it);
            continue;
        }
        if let Some(p) = prev {
            let gap = it.bbox[0] - p.bbox[2];
            let threshold = match (&p.kind, &it.kind) {
                // A hyphen that ends the line after a letter, less than a space away: a
                // justified line's hyphenation, its gap stretched ("de|-" for "de-|main").
                (Kind::Text(a), Kind::Text(b))
                    if b == "-" && n + 1 == items.len() && a.ends_with(char::is_alphabetic) =>
                {
                    space_threshold(p).max(p.space_width)
                }
                (Kind::Text(_), Kind::Text(_)) => space_threshold(p),
                // A box and its label are always apart.
                _ => -2.0,
            };
            if gap > threshold && !inlines.is_empty() && !ends_with_space(inlines) {
                push_text(inlines, " ", p.struck && it.struck);
            }
        }
        match &it.kind {
            Kind::Text(t) => push_text(inlines, t, it.struck),
            Kind::Check(c) => inlines.push(Inline::Checkbox { checked: *c }),
            Kind::Choice(c) => inlines.push(Inline::Choice { shown: c.clone() }),
        }
        prev = Some(it);
    }
}

fn trim_end(inlines: &mut [Inline]) {
    if let Some(Inline::Text { text, .. }) = inlines.last_mut() {
        let n = text.trim_end().len();
        text.truncate(n);
    }
}

/// Join each line to the one before it when they are set on one row though their
/// baselines differ: a form filler prints a value in a smaller font at the top of its
/// field, a few points above the label's baseline (`lines_set_together`).
fn join_lines_set_together(groups: Vec<Vec<Atom>>) -> Vec<Vec<Atom>> {
    let mut out: Vec<Vec<Atom>> = Vec::with_capacity(groups.len());
    for g in groups {
        match out.last_mut() {
            Some(last) if lines_set_together(last, &g) => last.extend(g),
            _ => out.push(g),
        }
    }
    out
}

/// Whether two lines of text of different sizes (by `P.mixed_size_ratio`) overlap
/// vertically (by `P.mixed_size_overlap`) and have pieces within `P.mixed_size_reach_ems` of
/// each other (text in another column, a logo's lettering, keeps its own line).
fn lines_set_together(a: &[Atom], b: &[Atom]) -> bool {
    let size = |l: &[Atom]| l.iter().map(|i| i.size).fold(f32::INFINITY, f32::min);
    let extent = |l: &[Atom]| {
        l.iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(t, bo), i| {
                (t.min(i.bbox[1]), bo.max(i.bbox[3]))
            })
    };
    // OCR gives each recognized line its own height: sizes say nothing there.
    if a.iter().chain(b).any(|i| i.recognized) {
        return false;
    }
    let (sa, sb) = (size(a), size(b));
    let (small, large) = (sa.min(sb), sa.max(sb));
    if !(small > 0.0 && large >= P.mixed_size_ratio * small && large.is_finite()) {
        return false;
    }
    let ((ta, ba), (tb, bb)) = (extent(a), extent(b));
    let lower = (ba - ta).min(bb - tb);
    if !(lower > 0.0 && ba.min(bb) - ta.max(tb) >= P.mixed_size_overlap * lower) {
        return false;
    }
    let reach = P.mixed_size_reach_ems * large;
    a.iter().any(|p| {
        b.iter()
            .any(|q| q.bbox[0] - p.bbox[2] <= reach && p.bbox[0] - q.bbox[2] <= reach)
    })
}

/// Group items into lines: text by baseline, then boxes and fields attached to the line
/// they sit on.
pub fn lines(items: Vec<Atom>) -> Vec<Line> {
    let (mut text, boxes): (Vec<Atom>, Vec<Atom>) = items
        .into_iter()
        .partition(|i| matches!(i.kind, Kind::Text(_)) && !i.floating);
    text.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut groups: Vec<Vec<Atom>> = Vec::new();
    let mut anchor = f32::NEG_INFINITY;
    let mut anchor_size = 0.0f32;
    for it in text {
        let tol = P.baseline_tol_em * it.size.max(anchor_size).max(P.baseline_tol_min_size);
        match groups.last_mut() {
            Some(g) if it.baseline - anchor <= tol => {
                anchor_size = anchor_size.max(it.size);
                g.push(it);
            }
            _ => {
                anchor = it.baseline;
                anchor_size = it.size;
                groups.push(vec![it]);
            }
        }
    }
    let mut groups = join_lines_set_together(groups);
    // Attach boxes and field values to a line they overlap vertically.
    let mut extra: Vec<Atom> = Vec::new();
    let spans: Vec<(f32, f32, f32)> = groups
        .iter()
        .map(|g| {
            let base = g
                .iter()
                .map(|i| i.baseline)
                .fold(f32::NEG_INFINITY, f32::max);
            let size = g.iter().map(|i| i.size).fold(0.0f32, f32::max);
            (
                base - P.line_ascent_em * size,
                base + P.line_descent_em * size,
                base,
            )
        })
        .collect();
    // Spans are in baseline order: look only near each item.
    for b in boxes {
        let (_, cy) = b.center();
        let (top, bottom) = (b.bbox[1], b.bbox[3]);
        let reach = (bottom - top).max(0.0) + 40.0;
        let lo = spans.partition_point(|s| s.2 < top - reach);
        let near = spans
            .iter()
            .enumerate()
            .skip(lo)
            .take_while(|(_, s)| s.2 <= bottom + reach);
        let best = if matches!(b.kind, Kind::Check(_)) {
            // A box sits on the line its centre is in.
            near.filter(|(_, (t, bo, _))| cy >= *t - 1.0 && cy <= *bo + 1.0)
                .min_by(|(_, x), (_, y)| (x.2 - bottom).abs().total_cmp(&(y.2 - bottom).abs()))
                .map(|(i, _)| i)
        } else {
            // A field's value goes on the line its widget covers most (widgets are often
            // taller than their label's line).
            near.map(|(i, (t, bo, _))| {
                (
                    i,
                    (bo.min(bottom) - t.max(top)).max(0.0) / (bo - t).min(bottom - top).max(0.1),
                )
            })
            .filter(|(_, overlap)| *overlap >= 0.5)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
            .map(|(i, _)| i)
        };
        match best.and_then(|i| groups.get_mut(i)) {
            Some(g) => g.push(b),
            None => extra.push(b),
        }
    }
    // Lone boxes and field values on the same row join each other.
    extra.sort_by(|a, b| a.center().1.total_cmp(&b.center().1));
    let mut merged_extra: Vec<Vec<Atom>> = Vec::new();
    for e in extra {
        match merged_extra.last_mut() {
            Some(last)
                if last
                    .first()
                    .is_some_and(|f| (f.center().1 - e.center().1).abs() < P.extra_row_tol) =>
            {
                last.push(e)
            }
            _ => merged_extra.push(vec![e]),
        }
    }
    groups.extend(merged_extra);
    let mut out: Vec<Line> = groups
        .into_iter()
        .filter_map(Line::from_items)
        .flat_map(split_after_values)
        .collect();
    out.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox[0].total_cmp(&b.bbox[0]))
    });
    out
}

/// A line cut after each form field value that printed text follows: the value is
/// the field's own, the text after it (the end of a label, the next label) is not.
fn split_after_values(mut line: Line) -> Vec<Line> {
    let cuts: Vec<usize> = (1..line.items.len())
        .filter(|&i| line.items[i - 1].hard && !line.items[i].hard && !line.items[i].is_space())
        .collect();
    if cuts.is_empty() {
        return vec![line];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut items = std::mem::take(&mut line.items);
    for &cut in cuts.iter().rev() {
        let rest = items.split_off(cut);
        out.extend(line.part(rest));
    }
    out.extend(line.part(items));
    out.reverse();
    out
}

/// A paragraph under construction, with what the next line is judged against.
#[derive(Debug, Clone)]
pub struct Para {
    pub lines: Vec<Line>,
    pub bullet: bool,
    pub level: u8,
    /// Rightmost line end so far.
    pub right_max: f32,
    /// Where text wraps in a table column (its widest line), when known: a line ending
    /// there may have been broken inside a word (see [`super::breaks`]).
    pub wrap: Option<f32>,
}

impl Para {
    pub fn bbox(&self) -> [f32; 4] {
        let mut it = self.lines.iter();
        let first = it.next().map(|l| l.bbox).unwrap_or([0.0; 4]);
        it.fold(first, |acc, l| union(acc, l.bbox))
    }

    /// Build the model paragraph: lines joined with a space, or directly after a
    /// line-ending hyphen or slash; the bullet left out.
    pub fn to_paragraph(&self, origin: crate::model::Origin) -> Paragraph {
        let mut inlines: Vec<Inline> = Vec::new();
        let mut box_zones = Vec::new();
        for (n, line) in self.lines.iter().enumerate() {
            let skip = if n == 0 && self.bullet {
                line.bullet().unwrap_or(0)
            } else {
                0
            };
            let items = line.items.get(skip..).unwrap_or(&[]);
            if n > 0 && !inlines.is_empty() {
                trim_end(&mut inlines);
                // Lines break after a hyphen or a slash inside a word ("Rectorat/DSDEN/|élus"),
                // or at a soft hyphen (U+00AD, shown only there, dropped by `normalize`):
                // nothing was there to keep.
                let glued = matches!(inlines.last(), Some(Inline::Text { text, .. })
                    if text.ends_with(['-', '/', '\u{AD}']) && text.chars().rev().nth(1).is_some_and(char::is_alphanumeric));
                // Or before the hyphen of a compound too long for a narrow column
                // ("Auvergne|-Rhône-Alpes"): a dash that starts a line glued to a word is
                // no bullet (a bullet dash has a space after it).
                let ends_word = matches!(inlines.last(), Some(Inline::Text { text, .. })
                    if text.chars().last().is_some_and(char::is_alphanumeric));
                // A hyphen between two lower-case letters may be the word processor's
                // (automatic hyphenation): `breaks` decides it by the document's words.
                let hyphenated = glued
                    && matches!(inlines.last(), Some(Inline::Text { text, .. })
                        if text.ends_with('-') && text.chars().rev().nth(1).is_some_and(char::is_lowercase))
                    && line
                        .content()
                        .first()
                        .is_some_and(|first| item_text(first).starts_with(char::is_lowercase));
                if hyphenated {
                    let mut buf = [0u8; 4];
                    push_text(&mut inlines, HYPHEN_MARK.encode_utf8(&mut buf), false);
                }
                let glued = glued || (ends_word && line.starts_with_glued_hyphen());
                if !glued {
                    let cut = self
                        .lines
                        .get(n - 1)
                        .is_some_and(|prev| self.word_break(prev, line, &inlines));
                    let mut buf = [0u8; 4];
                    let sep: &str = if cut {
                        BREAK_MARK.encode_utf8(&mut buf)
                    } else {
                        " "
                    };
                    push_text(&mut inlines, sep, false);
                }
            }
            render(items, &mut inlines);
            box_zones.extend(items.iter().filter(|it| it.is_box()).map(|it| it.bbox));
        }
        trim_end(&mut inlines);
        if let Some(Inline::Text { text, .. }) = inlines.first_mut() {
            let t = text.trim_start().to_string();
            *text = t;
        }
        inlines.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
        Paragraph {
            inlines,
            list_level: self.bullet.then_some(self.level),
            heading_level: None,
            origin,
            box_zones,
        }
    }
}

impl Para {
    /// Whether the break between `prev` and `line` may be inside a word (a word wider
    /// than a narrow column, cut where the column ends, without a hyphen): the line
    /// before holds one word, ending in a letter at the column's edge, and this one
    /// goes on in lower case. [`super::breaks::resolve`] decides once the whole document's words are known.
    fn word_break(&self, prev: &Line, line: &Line, so_far: &[Inline]) -> bool {
        let Some(edge) = self.wrap else {
            return false;
        };
        let ends_letter = matches!(so_far.last(), Some(Inline::Text { text, .. })
            if text.chars().last().is_some_and(char::is_alphanumeric));
        // A word in capitals goes on in capitals ("RETE|X").
        let capitals = so_far.last().is_some_and(|i| {
            matches!(i, Inline::Text { text, .. }
                if text.split_whitespace().last().is_some_and(|w| w.chars().all(char::is_uppercase)))
        });
        let next_lower = line.content().first().is_some_and(|i| {
            matches!(&i.kind, Kind::Text(t)
                if t.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()
                    || (capitals && c.is_uppercase())))
        });
        // Word processors cut only a word that does not fit on a line of its own: it
        // stands alone on the line before (after the item's bullet).
        let skip = usize::from(prev.bullet().is_some());
        let alone = prev.text().split_whitespace().skip(skip).count() == 1;
        alone
            && ends_letter
            && next_lower
            && prev.bbox[2] >= edge - P.word_break_slack * prev.size.max(1.0)
    }
}

/// Written between two lines in place of the space where a word may have been cut;
/// a noncharacter (Unicode's internal-use code points), never text of a document.
pub const BREAK_MARK: char = '\u{FDD0}';

/// Written after a hyphen that ends a line and joins two lower-case letters
/// ("admi-|nistratives", "demi-|groupes"): `breaks` decides whether the word processor
/// put it there (dropped) or the writer did (kept).
pub const HYPHEN_MARK: char = '\u{FDD1}';

/// Layout context for paragraph building.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Right edge where text wraps.
    pub right: f32,
    /// Usual baseline pitch divided by font size.
    pub pitch: f32,
}

/// Split lines (top to bottom) into paragraphs. `barriers` are y positions (table tops)
/// that a paragraph never crosses.
pub fn paragraphs(lines: Vec<Line>, frame: Frame, barriers: &[f32]) -> Vec<Para> {
    // List levels: bullet x positions, clustered, ranked.
    let mut bullet_xs: Vec<f32> = lines
        .iter()
        .filter(|l| l.bullet().is_some())
        .map(|l| l.content().first().map(|i| i.bbox[0]).unwrap_or(l.bbox[0]))
        .collect();
    bullet_xs.sort_by(f32::total_cmp);
    bullet_xs.dedup_by(|b, a| (*b - *a).abs() < P.bullet_level_tol);
    let level_of = |x: f32| -> u8 {
        let n = bullet_xs
            .iter()
            .filter(|&&b| b < x - P.bullet_level_tol)
            .count();
        n.min(8) as u8
    };

    let mut out: Vec<Para> = Vec::new();
    for line in lines {
        let bullet = line.bullet().is_some();
        let starts_new = match out.last() {
            None => true,
            Some(p) => breaks(p, &line, frame, barriers),
        };
        if starts_new {
            let level = if bullet {
                level_of(
                    line.content()
                        .first()
                        .map(|i| i.bbox[0])
                        .unwrap_or(line.bbox[0]),
                )
            } else {
                0
            };
            let right_max = line.bbox[2];
            out.push(Para {
                lines: vec![line],
                bullet,
                level,
                right_max,
                wrap: None,
            });
        } else if let Some(p) = out.last_mut() {
            p.right_max = p.right_max.max(line.bbox[2]);
            p.lines.push(line);
        }
    }
    out
}

/// Whether paragraph `next`, first on a page, continues `p`, last on the page before.
pub fn continues_across_pages(p: &Para, next: &Para, frame: Frame) -> bool {
    match next.lines.first() {
        Some(line) => !next.bullet && !breaks_at(p, line, frame, &[], false),
        None => false,
    }
}

fn breaks(p: &Para, line: &Line, frame: Frame, barriers: &[f32]) -> bool {
    breaks_at(p, line, frame, barriers, true)
}

fn breaks_at(p: &Para, line: &Line, frame: Frame, barriers: &[f32], same_page: bool) -> bool {
    let Some(prev) = p.lines.last() else {
        return true;
    };
    let Some(first) = p.lines.first() else {
        return true;
    };
    // A form field's value starts a paragraph and ends it: its lines stand alone.
    if line.strong_bullet()
        || line.starts_with_box()
        || line.content().first().is_some_and(|i| i.hard)
        || prev.items.last().is_some_and(|i| i.hard)
    {
        return true;
    }
    if barriers
        .iter()
        .any(|&y| y >= prev.bbox[3] - 1.0 && y <= line.bbox[1] + 1.0)
    {
        return true;
    }
    if !same_page {
        // Across a page break only a full last line (checked below) can continue.
        let room = frame.right - prev.bbox[2];
        if room > 0.25 * (frame.right - first.bbox[0]).max(1.0) {
            return true;
        }
    }
    if (line.size - prev.size).abs() > P.size_change {
        return true;
    }
    if let (Some(a), Some(b)) = (prev.weight(), line.weight())
        && a != b
    {
        return true;
    }
    let size = line.size.max(prev.size).max(1.0);
    let pitch = line.baseline - prev.baseline;
    if same_page && pitch > size * (frame.pitch + P.paragraph_pitch_extra_em) {
        return true;
    }
    // Would the first word of this line have fitted on the previous one?
    let prev_text = prev.text();
    // A line going on in lower case after a line without a full stop continues the
    // sentence, wherever the previous line ended (hand-broken lines).
    let starts_lower = line.content().first().is_some_and(
        |i| matches!(&i.kind, Kind::Text(t) if t.chars().next().is_some_and(char::is_lowercase)),
    );
    // A closing guillemet or high punctuation never starts a line on its own: it was
    // bound to the word before by a no-break space.
    let starts_closing = line
        .content()
        .first()
        .is_some_and(|i| ["»", ":", ";", "!", "?"].contains(&item_text(i)));
    // Nor does a hyphen glued to a word: the line before ends the compound's first part.
    let sentence_goes_on = (starts_lower && !prev_text.ends_with(['.', ':', ';', '!', '?']))
        || starts_closing
        || line.starts_with_glued_hyphen();
    if !prev_text.ends_with('-') && !sentence_goes_on {
        // An indented block (a quotation, a narrower column) wraps at its own right
        // edge: once the paragraph has two lines, its widest line tells where.
        let right = if p.lines.len() >= 2 {
            frame.right.min(p.right_max + 1.0)
        } else {
            frame.right
        };
        let room = right - prev.bbox[2];
        if line.first_word_width() + 0.3 * size < room - 0.5 {
            return true;
        }
    }
    // A typed dash or "o" may be a bullet or the text of a wrapped line: its own x counts.
    let x = if line.bullet().is_some() {
        line.content()
            .first()
            .map(|i| i.bbox[0])
            .unwrap_or(line.bbox[0])
    } else {
        line.text_x()
    };
    let numbered = first.number_marker().is_some();
    if numbered && line.number_marker().is_some() && (x - first.bbox[0]).abs() <= P.indent_tol {
        // The next numbered item.
        return true;
    }
    // Centred lines (titles, column headings) share their centre, not their left edge.
    let centre = |l: &Line| (l.bbox[0] + l.bbox[2]) / 2.0;
    if !p.bullet
        && (centre(line) - centre(prev)).abs() < P.centre_tol
        && (x - prev.text_x()).abs() > P.indent_tol
    {
        return false;
    }
    if p.bullet && line.bullet().is_some() {
        // A sibling item with the same typed marker.
        let bx = first
            .content()
            .first()
            .map(|i| i.bbox[0])
            .unwrap_or(first.bbox[0]);
        if (x - bx).abs() <= P.indent_tol {
            return true;
        }
    }
    if p.lines.len() == 1 {
        // After a bullet, a box or a number, a line goes on under the text (a hanging
        // indent) or under the marker.
        if p.bullet || first.starts_with_box() || numbered {
            let bx = first
                .content()
                .first()
                .map(|i| i.bbox[0])
                .unwrap_or(first.bbox[0]);
            return (x - first.after_marker_x()).abs() > P.indent_tol
                && (x - bx).abs() > P.indent_tol;
        }
        let fx = first.text_x();
        x > fx + P.indent_tol || fx - x > P.max_outdent
    } else {
        let cont = p.lines.get(1).map(Line::text_x).unwrap_or(x);
        (x - cont).abs() > P.indent_tol
    }
}

/// The usual baseline pitch (as a multiple of the font size) among these lines.
pub fn usual_pitch(lines: &[Line]) -> f32 {
    usual_pitch_of(lines.windows(2))
}

/// The usual baseline pitch over pairs of consecutive lines, one above the other (lines
/// side by side, in columns of a table whose cells are centred vertically, interleave
/// closer than a line's pitch).
pub fn usual_pitch_of<'a>(pairs: impl Iterator<Item = &'a [Line]>) -> f32 {
    let mut ratios: Vec<f32> = pairs
        .filter(|w| w.len() == 2)
        .filter(|w| (w[0].size - w[1].size).abs() < P.pitch_size_tol && w[0].size > 1.0)
        .filter(|w| w[0].bbox[0] < w[1].bbox[2] && w[1].bbox[0] < w[0].bbox[2])
        .map(|w| (w[1].baseline - w[0].baseline) / w[0].size)
        .filter(|r| *r > P.pitch_min && *r < P.pitch_max)
        .collect();
    if ratios.is_empty() {
        return P.pitch_default;
    }
    ratios.sort_by(f32::total_cmp);
    ratios
        .get(ratios.len() / 10)
        .copied()
        .unwrap_or(P.pitch_default)
        .clamp(P.pitch_clamp_min, P.pitch_clamp_max)
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Glyphs of a string at (x, baseline), 10 pt, 5 pt per char, spaces as gaps.
    pub fn word_items(s: &str, x: f32, baseline: f32) -> Vec<Atom> {
        let mut out = Vec::new();
        let mut cx = x;
        for c in s.chars() {
            if c != ' ' {
                out.push(Atom {
                    kind: Kind::Text(c.to_string()),
                    bbox: [cx, baseline - 8.0, cx + 5.0, baseline + 2.0],
                    baseline,
                    size: 10.0,
                    space_width: 2.8,
                    bold: false,
                    floating: false,
                    hard: false,
                    struck: false,
                    recognized: false,
                });
            }
            cx += 5.0;
        }
        out
    }

    fn frame() -> Frame {
        Frame {
            right: 300.0,
            pitch: 1.2,
        }
    }

    fn texts(items: Vec<Atom>) -> Vec<(String, Option<u8>)> {
        let ls = lines(items);
        let pitch = usual_pitch(&ls);
        paragraphs(ls, Frame { pitch, ..frame() }, &[])
            .iter()
            .map(|p| {
                let para = p.to_paragraph(crate::model::Origin::Unknown);
                (para.text(), para.list_level)
            })
            .collect()
    }

    /// Two columns of a table whose cells are centred vertically interleave their
    /// lines closer than a line's pitch: the pitch is read down one column.
    #[test]
    fn usual_pitch_ignores_lines_side_by_side() {
        let mut items = Vec::new();
        for (k, y) in [40.0, 55.0, 70.0].into_iter().enumerate() {
            items.extend(word_items(
                &format!("Un paragraphe sur la largeur {k}"),
                50.0,
                y,
            ));
        }
        for y in [100.0, 115.0, 130.0, 145.0] {
            items.extend(word_items("Libelle", 50.0, y));
            items.extend(word_items("Valeur", 200.0, y + 9.0));
        }
        let pitch = usual_pitch(&lines(items));
        assert!((pitch - 1.5).abs() < 0.01, "{pitch}");
    }

    #[test]
    fn wrapped_lines_join_and_hyphen_keeps() {
        // Line width 50 chars * 5 = 250 → right at 300 (x=50).
        let mut items = word_items("Cohérence des actions Etats-", 50.0, 100.0);
        // Make the first line reach the right edge.
        items.extend(word_items("xxxxxxxxxxxxxxxxxxxx", 195.0, 100.0));
        items.extend(word_items("Collectivités surtout", 50.0, 112.0));
        items.extend(word_items("Nouveau paragraphe", 50.0, 136.0));
        let t = texts(items);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(
            t[0].0,
            "Cohérence des actions Etats- xxxxxxxxxxxxxxxxxxxx Collectivités surtout"
        );
        assert_eq!(t[1].0, "Nouveau paragraphe");

        let mut items = word_items("Année scolaire 2020-", 50.0, 100.0);
        items.extend(word_items("2021 et suite", 50.0, 112.0));
        let t = texts(items);
        assert_eq!(t[0].0, "Année scolaire 2020-2021 et suite");
    }

    #[test]
    fn bullets_make_items_and_continuations_stay() {
        let mut items = word_items(
            "▶ Premier point qui est long et qui va à la ligne ici",
            50.0,
            100.0,
        );
        items.extend(word_items("suite", 60.0, 112.0));
        items.extend(word_items("▶ Second", 50.0, 124.0));
        items.extend(word_items("Texte", 50.0, 150.0));
        let t = texts(items);
        assert_eq!(
            t,
            vec![
                (
                    "Premier point qui est long et qui va à la ligne ici suite".to_string(),
                    Some(0)
                ),
                ("Second".to_string(), Some(0)),
                ("Texte".to_string(), None)
            ]
        );
    }

    #[test]
    fn short_lines_are_separate_paragraphs() {
        let mut items = word_items("Nombre de participants : 8", 50.0, 100.0);
        items.extend(word_items("Nombre d'établissements", 50.0, 112.0));
        let t = texts(items);
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn box_inline_before_text() {
        let mut items = vec![Atom {
            kind: Kind::Check(Some(true)),
            bbox: [50.0, 92.0, 59.0, 101.0],
            baseline: 101.0,
            size: 9.0,
            space_width: 0.0,
            bold: false,
            floating: true,
            hard: false,
            struck: false,
            recognized: false,
        }];
        items.extend(word_items("Présentiel", 62.0, 100.0));
        let ls = lines(items);
        assert_eq!(ls.len(), 1);
        let ps = paragraphs(ls, frame(), &[]);
        let p = ps[0].to_paragraph(crate::model::Origin::Unknown);
        assert_eq!(
            p.inlines,
            vec![
                Inline::Checkbox {
                    checked: Some(true)
                },
                Inline::Text {
                    text: " Présentiel".into(),
                    struck: false
                }
            ]
        );
    }
}

#[cfg(test)]
mod dash_tests {
    use super::tests::word_items;
    use super::*;

    #[test]
    fn a_dash_starting_a_wrapped_line_is_text() {
        // "José Giudicelli – Eric Ferrari" wrapped before the dash: the first line is full.
        let mut items = word_items(
            "José Giudicelli et encore beaucoup d'autres noms ici",
            50.0,
            100.0,
        );
        items.extend(word_items("– Eric Ferrari", 50.0, 112.0));
        let ls = lines(items);
        let ps = paragraphs(
            ls,
            Frame {
                right: 310.0,
                pitch: 1.2,
            },
            &[],
        );
        assert_eq!(ps.len(), 1);
        assert_eq!(
            ps[0].to_paragraph(crate::model::Origin::Unknown).text(),
            "José Giudicelli et encore beaucoup d'autres noms ici – Eric Ferrari"
        );
        // After a short line, a dash starts an item.
        let mut items = word_items("Liste :", 50.0, 100.0);
        items.extend(word_items("- premier", 50.0, 112.0));
        items.extend(word_items("- second", 50.0, 124.0));
        let ps = paragraphs(
            lines(items),
            Frame {
                right: 310.0,
                pitch: 1.2,
            },
            &[],
        );
        let t: Vec<_> = ps
            .iter()
            .map(|p| p.to_paragraph(crate::model::Origin::Unknown))
            .map(|p| (p.text(), p.list_level))
            .collect();
        assert_eq!(
            t,
            vec![
                ("Liste :".into(), None),
                ("premier".into(), Some(0)),
                ("second".into(), Some(0))
            ]
        );
    }
}

#[cfg(test)]
mod block_tests {
    use super::tests::word_items;
    use super::*;

    #[test]
    fn indented_block_wraps_at_its_own_right_edge() {
        // The text frame ends at 270, the quotation wraps at 250: "in" would have fitted
        // in the frame, not in the quotation.
        let mut items = word_items("Permission is granted to copy", 100.0, 100.0);
        items.extend(word_items("distribute and modify this doc", 100.0, 112.0));
        items.extend(word_items("under the terms of the licence", 100.0, 124.0));
        items.extend(word_items("in the section", 100.0, 136.0));
        let ps = paragraphs(
            lines(items),
            Frame {
                right: 270.0,
                pitch: 1.2,
            },
            &[],
        );
        assert_eq!(ps.len(), 1);
        let last = ps
            .last()
            .map(|p| p.to_paragraph(crate::model::Origin::Unknown).text())
            .unwrap_or_default();
        assert!(last.ends_with("licence in the section"), "{last}");
    }
}

#[cfg(test)]
mod quote_tests {
    use super::tests::word_items;
    use super::*;

    fn texts(items: Vec<Atom>, right: f32) -> Vec<(String, Option<u8>)> {
        let ps = paragraphs(lines(items), Frame { right, pitch: 1.2 }, &[]);
        ps.iter()
            .map(|p| p.to_paragraph(crate::model::Origin::Unknown))
            .map(|p| (p.text(), p.list_level))
            .collect()
    }

    #[test]
    fn a_line_starting_with_an_opening_guillemet_goes_on() {
        // "« établissement" did not fit after "label" (the guillemet alone would have).
        let mut items = word_items("▶ Un label pour les collèges et les lycées", 50.0, 100.0);
        items.extend(word_items(
            "« établissement numérique responsable »",
            60.0,
            112.0,
        ));
        let t = texts(items, 290.0);
        assert_eq!(
            t,
            vec![(
                "Un label pour les collèges et les lycées « établissement numérique responsable »"
                    .to_string(),
                Some(0)
            )]
        );
    }

    #[test]
    fn a_line_starting_with_a_closing_guillemet_goes_on() {
        let mut items = word_items(
            "▶ Un label « établissement numérique responsable",
            50.0,
            100.0,
        );
        items.extend(word_items("» pour les collèges", 60.0, 112.0));
        let t = texts(items, 305.0);
        assert_eq!(
            t,
            vec![(
                "Un label « établissement numérique responsable » pour les collèges".to_string(),
                Some(0)
            )]
        );
    }
}

#[cfg(test)]
mod numbered_tests {
    use super::tests::word_items;
    use super::*;

    fn texts(items: Vec<Atom>) -> Vec<String> {
        let ps = paragraphs(
            lines(items),
            Frame {
                right: 300.0,
                pitch: 1.2,
            },
            &[],
        );
        ps.iter()
            .map(|p| p.to_paragraph(crate::model::Origin::Unknown).text())
            .collect()
    }

    #[test]
    fn a_numbered_item_wrapped_under_its_text_stays_one() {
        for (first, second) in [("1.", "2."), ("a)", "b)"), ("12.", "13.")] {
            let mut items = word_items(
                &format!("{first} Premier point qui est long et qui va à la fin"),
                50.0,
                100.0,
            );
            let indent = 50.0 + 5.0 * (first.chars().count() as f32 + 1.0);
            items.extend(word_items("ligne ici", indent, 112.0));
            items.extend(word_items(&format!("{second} Second point"), 50.0, 124.0));
            items.extend(word_items("Texte", 50.0, 150.0));
            let t = texts(items);
            assert_eq!(
                t,
                vec![
                    format!("{first} Premier point qui est long et qui va à la fin ligne ici"),
                    format!("{second} Second point"),
                    "Texte".into()
                ]
            );
        }
    }
}
