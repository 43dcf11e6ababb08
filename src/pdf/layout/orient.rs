//! Pages whose text runs down, up or upside down (a page shown sideways by `/Rotate`
//! while its content is upright, or the reverse) are turned so that text reads left to
//! right before layout.

use crate::pdf::page::{Comment, FieldWidget, Glyph, PageContent, Path, ScannedBox};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    /// Text runs top to bottom.
    Down,
    /// Text runs bottom to top.
    Up,
    /// Text runs right to left, upside down.
    Flip,
}

/// The direction most of the page's text runs in, from consecutive glyphs.
fn direction(page: &PageContent) -> Option<Turn> {
    let (mut right, mut down, mut up, mut left) = (0usize, 0usize, 0usize, 0usize);
    for w in page.glyphs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.text.trim().is_empty() || b.text.trim().is_empty() || (a.size - b.size).abs() > 0.5 {
            continue;
        }
        let (ax, ay) = ((a.bbox[0] + a.bbox[2]) / 2.0, (a.bbox[1] + a.bbox[3]) / 2.0);
        let (bx, by) = ((b.bbox[0] + b.bbox[2]) / 2.0, (b.bbox[1] + b.bbox[3]) / 2.0);
        let (dx, dy) = (bx - ax, by - ay);
        let reach = 1.5 * a.size.max(1.0);
        if dx.abs().max(dy.abs()) > reach || dx.abs().max(dy.abs()) < 0.05 {
            continue;
        }
        if dx.abs() > 3.0 * dy.abs() {
            if dx > 0.0 { right += 1 } else { left += 1 }
        } else if dy.abs() > 3.0 * dx.abs() {
            if dy > 0.0 { down += 1 } else { up += 1 }
        }
    }
    let total = right + down + up + left;
    if total < 8 {
        return None;
    }
    let (best, turn) = [
        (down, Some(Turn::Down)),
        (up, Some(Turn::Up)),
        (left, Some(Turn::Flip)),
        (right, None),
    ]
    .into_iter()
    .max_by_key(|(n, _)| *n)?;
    if best * 10 < total * 6 { None } else { turn }
}

/// The page turned upright, or `None` when it already reads left to right.
pub fn upright(page: &PageContent) -> Option<PageContent> {
    let turn = direction(page)?;
    let (w, h) = (page.width, page.height);
    let point = |p: [f32; 2]| -> [f32; 2] {
        match turn {
            Turn::Down => [p[1], w - p[0]],
            Turn::Up => [h - p[1], p[0]],
            Turn::Flip => [w - p[0], h - p[1]],
        }
    };
    let rect = |r: [f32; 4]| -> [f32; 4] {
        let a = point([r[0], r[1]]);
        let b = point([r[2], r[3]]);
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[0].max(b[0]),
            a[1].max(b[1]),
        ]
    };
    let (width, height) = match turn {
        Turn::Down | Turn::Up => (h, w),
        Turn::Flip => (w, h),
    };
    let glyphs = page
        .glyphs
        .iter()
        .map(|g| {
            let bbox = rect(g.bbox);
            // The baseline sits about a fifth of the size above the box's bottom.
            Glyph {
                bbox,
                baseline: bbox[3] - 0.2 * g.size,
                ..g.clone()
            }
        })
        .collect();
    let paths = page
        .paths
        .iter()
        .map(|p| Path {
            subpaths: p
                .subpaths
                .iter()
                .map(|s| s.iter().map(|q| point(*q)).collect())
                .collect(),
            rects: p.rects.iter().map(|r| rect(*r)).collect(),
            ..p.clone()
        })
        .collect();
    let fields = page
        .fields
        .iter()
        .map(|f| FieldWidget {
            rect: rect(f.rect),
            ..f.clone()
        })
        .collect();
    Some(PageContent {
        number: page.number,
        width,
        height,
        glyphs,
        paths,
        fields,
        images: page.images,
        // Images are not drawn again from a turned page.
        placed_images: Vec::new(),
        scanned_boxes: page
            .scanned_boxes
            .iter()
            .map(|b| ScannedBox {
                rect: rect(b.rect),
                ..*b
            })
            .collect(),
        comments: page
            .comments
            .iter()
            .map(|c| Comment {
                rect: rect(c.rect),
                ..c.clone()
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_running_down_is_turned() {
        // "Bonjour le monde" written downwards at x = 700 on a landscape page.
        let mut glyphs = Vec::new();
        let mut y = 72.0;
        for c in "Bonjour le monde".chars() {
            glyphs.push(Glyph {
                text: c.to_string(),
                bbox: [700.0, y, 711.0, y + 6.0],
                baseline: y,
                size: 12.0,
                font: "Helvetica".into(),
                space_width: 3.3,
            });
            y += 6.0;
        }
        let page = PageContent {
            number: 1,
            width: 842.0,
            height: 595.0,
            glyphs,
            ..Default::default()
        };
        let up = upright(&page).expect("turned");
        assert_eq!((up.width, up.height), (595.0, 842.0));
        let first = &up.glyphs[0];
        let second = &up.glyphs[1];
        assert!(second.bbox[0] > first.bbox[0]);
        assert!((first.bbox[1] - second.bbox[1]).abs() < 0.01);
        assert!(upright(&up).is_none());
    }
}
