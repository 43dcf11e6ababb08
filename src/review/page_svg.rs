//! A PDF page drawn again as inline SVG from what the reader saw: its rules and boxes
//! (paths), its glyphs (grouped into runs, each stretched to the width the PDF gave it,
//! so lines keep their place whatever font the browser picks), its form widgets, and on
//! top the zone of every value (`provenance`) and of every unplaced text.
//!
//! Why a redraw rather than a rasterized image: no new dependency, text that stays sharp
//! at any zoom (8-point text is legible), a few dozen KB per page, and it shows exactly
//! what the converter read (a value missing from the drawing was never read).
//!
//! A scanned page (images, no text) has nothing to redraw: its picture (`scan_image`) is
//! embedded instead, sized to the page, below the zones.

use super::html::escape;
use crate::output::Restitution;
use crate::pdf::page::{FieldValue, PageContent};

/// A glyph further than this many font sizes from the previous one starts a new run.
const RUN_BREAK_EMS: f32 = 1.5;
/// A gap wider than this many font sizes between glyphs of a run is a space.
const SPACE_EMS: f32 = 0.15;
/// Baselines closer than this (points) are the same line.
const SAME_BASELINE: f32 = 0.5;
/// Thinnest rule drawn (points): a PDF line width of 0 means "thinnest the device can".
const MIN_STROKE: f32 = 0.3;
/// Zones thinner than this (points) are widened so they can be seen and pointed at.
const MIN_ZONE: f64 = 3.0;

/// One outlined zone.
struct Zone<'a> {
    champ: String,
    rect: [f64; 4],
    unplaced: bool,
    title: &'a str,
}

/// Every page of a document, with the zones of its values and unplaced text.
pub fn pages(pages: &[PageContent], pictures: &[Option<String>], doc: &Restitution) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        let picture = pictures.get(i).and_then(Option::as_deref);
        let mut zones: Vec<Zone> = Vec::new();
        if let Some(provenance) = &doc.provenance {
            for (path, origine) in &provenance.0 {
                if let (Some(n), Some(rect)) = (origine.page, origine.zone)
                    && n == page.number
                {
                    zones.push(Zone {
                        champ: path.clone(),
                        rect,
                        unplaced: false,
                        title: path,
                    });
                }
            }
        }
        for (i, t) in doc.texte_non_repris.iter().enumerate() {
            if let (Some(n), Some(rect)) = (t.origine.page, t.origine.zone)
                && n == page.number
            {
                zones.push(Zone {
                    champ: format!("texte_non_repris[{i}].texte"),
                    rect,
                    unplaced: true,
                    title: "texte non repris",
                });
            }
        }
        out.push_str(&page_svg(page, picture, &mut zones));
    }
    out
}

fn page_svg(page: &PageContent, picture: Option<&str>, zones: &mut [Zone]) -> String {
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    let n = page.number;
    let mut out = format!(
        "<figure class=\"page\"><figcaption>Page {n}</figcaption>\
         <svg class=\"page-img\" data-page=\"{n}\" viewBox=\"0 0 {w:.1} {h:.1}\" role=\"img\" aria-label=\"Page {n}\">\
         <rect class=\"fond\" x=\"0\" y=\"0\" width=\"{w:.1}\" height=\"{h:.1}\"/>"
    );
    out.push_str(&scan_background(page, picture));
    paths(page, &mut out);
    widgets(page, &mut out);
    glyph_runs(page, &mut out);
    // Larger zones first, so that a small zone inside a large one can still be pointed.
    zones.sort_by(|a, b| area(b.rect).total_cmp(&area(a.rect)));
    for z in zones.iter() {
        let [x0, y0, x1, y1] = z.rect;
        let (wz, hz) = ((x1 - x0).max(MIN_ZONE), (y1 - y0).max(MIN_ZONE));
        out.push_str(&format!(
            "<rect class=\"zone{cls}\" data-champ=\"{champ}\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{wz:.1}\" height=\"{hz:.1}\"><title>{title}</title></rect>",
            cls = if z.unplaced { " non-repris" } else { "" },
            champ = escape(&z.champ),
            title = escape(z.title),
        ));
    }
    out.push_str("</svg></figure>");
    out
}

fn area(r: [f64; 4]) -> f64 {
    (r[2] - r[0]).abs() * (r[3] - r[1]).abs()
}

/// A scanned page's picture, stretched over the page; a note when it could not be drawn.
fn scan_background(page: &PageContent, picture: Option<&str>) -> String {
    if let Some(url) = picture {
        // A data URL holds no quote or angle bracket: no escaping to do.
        return format!(
            "<image class=\"scan\" href=\"{url}\" x=\"0\" y=\"0\" width=\"{w:.1}\" height=\"{h:.1}\" preserveAspectRatio=\"none\"/>",
            w = page.width.max(1.0),
            h = page.height.max(1.0),
        );
    }
    if page.glyphs.is_empty() && page.images > 0 {
        "<text class=\"note-scan\" x=\"20\" y=\"40\">Page numérisée : son image n'est pas reprise dans la revue.</text>".to_string()
    } else {
        String::new()
    }
}

fn grey(lightness: f32) -> String {
    let v = (lightness.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("rgb({v},{v},{v})")
}

fn paths(page: &PageContent, out: &mut String) {
    for path in &page.paths {
        if !path.stroked && !path.filled {
            continue;
        }
        let fill = if path.filled {
            grey(path.fill_lightness)
        } else {
            "none".to_string()
        };
        let stroke = if path.stroked { "#000" } else { "none" };
        out.push_str(&format!(
            "<g fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{:.2}\">",
            path.line_width.max(MIN_STROKE)
        ));
        for [x0, y0, x1, y1] in &path.rects {
            out.push_str(&format!(
                "<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                (x1 - x0).abs(),
                (y1 - y0).abs()
            ));
        }
        if path.subpaths.iter().any(|s| s.len() > 1) {
            out.push_str("<path d=\"");
            for sub in path.subpaths.iter().filter(|s| s.len() > 1) {
                for (i, [x, y]) in sub.iter().enumerate() {
                    let op = if i == 0 { 'M' } else { 'L' };
                    out.push_str(&format!("{op}{x:.1} {y:.1}"));
                }
            }
            out.push_str("\"/>");
        }
        out.push_str("</g>");
    }
}

fn widgets(page: &PageContent, out: &mut String) {
    for field in &page.fields {
        let [x0, y0, x1, y1] = field.rect;
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        out.push_str(&format!(
            "<rect class=\"widget\" x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"/>"
        ));
        let size = (h * 0.7).clamp(4.0, 10.0);
        match &field.value {
            FieldValue::Check(true) => out.push_str(&format!(
                "<text class=\"valeur-widget\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size:.1}\" text-anchor=\"middle\">✕</text>",
                x0 + w / 2.0,
                y0 + h / 2.0 + size * 0.35
            )),
            FieldValue::Check(false) => {}
            FieldValue::Text(text) | FieldValue::Choice(text) => {
                for (i, line) in text.lines().enumerate() {
                    let y = y0 + size * (i as f32 + 1.0);
                    if y > y1 + size {
                        break;
                    }
                    out.push_str(&format!(
                        "<text class=\"valeur-widget\" x=\"{:.1}\" y=\"{y:.1}\" font-size=\"{size:.1}\">{}</text>",
                        x0 + 1.0,
                        escape(line)
                    ));
                }
            }
        }
    }
}

/// Glyphs on one baseline, in one font and size, close together.
struct Run {
    x0: f32,
    x1: f32,
    baseline: f32,
    size: f32,
    font: std::sync::Arc<str>,
    text: String,
}

impl Run {
    fn flush(self, out: &mut String) {
        if self.text.trim().is_empty() {
            return;
        }
        let font = self.font.to_ascii_lowercase();
        let mut class = String::new();
        if font.contains("bold") || font.contains("black") || font.contains("heavy") {
            class.push_str(" g");
        }
        if font.contains("italic") || font.contains("oblique") {
            class.push_str(" i");
        }
        let width = self.x1 - self.x0;
        let length = if width > 0.5 {
            format!(" textLength=\"{width:.1}\" lengthAdjust=\"spacingAndGlyphs\"")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<text class=\"t{}\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\"{length}>{}</text>",
            class,
            self.x0,
            self.baseline,
            self.size.max(1.0),
            escape(&self.text)
        ));
    }
}

fn glyph_runs(page: &PageContent, out: &mut String) {
    let mut run: Option<Run> = None;
    for g in &page.glyphs {
        let size = g.size.abs().max(1.0);
        if let Some(r) = run.as_mut() {
            let gap = g.bbox[0] - r.x1;
            let same = r.font == g.font
                && (r.size - size).abs() < 0.1
                && (r.baseline - g.baseline).abs() < SAME_BASELINE
                && gap > -0.5 * size
                && gap < RUN_BREAK_EMS * size;
            if same {
                if gap > SPACE_EMS * size && !r.text.ends_with(' ') && !g.text.starts_with(' ') {
                    r.text.push(' ');
                }
                r.text.push_str(&g.text);
                r.x1 = r.x1.max(g.bbox[2]);
                continue;
            }
        }
        if let Some(done) = run.take() {
            done.flush(out);
        }
        if g.text.trim().is_empty() {
            continue;
        }
        run = Some(Run {
            x0: g.bbox[0],
            x1: g.bbox[2],
            baseline: g.baseline,
            size,
            font: g.font.clone(),
            text: g.text.clone(),
        });
    }
    if let Some(done) = run {
        done.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::Glyph;

    fn glyph(text: &str, x: f32) -> Glyph {
        Glyph {
            text: text.to_string(),
            bbox: [x, 90.0, x + 5.0, 100.0],
            baseline: 98.0,
            size: 10.0,
            font: "Helvetica".into(),
            space_width: 2.5,
        }
    }

    #[test]
    fn glyphs_become_runs_with_spaces_and_escaped_text() {
        let page = PageContent {
            number: 2,
            width: 595.0,
            height: 842.0,
            glyphs: vec![
                glyph("<", 10.0),
                glyph("a", 15.0),
                glyph("b", 22.0),
                glyph("c", 200.0),
            ],
            ..Default::default()
        };
        let svg = page_svg(&page, None, &mut []);
        assert!(svg.contains("data-page=\"2\""));
        assert!(svg.contains(">&lt;a b</text>"), "{svg}");
        assert!(svg.contains(">c</text>"), "{svg}");
        assert_eq!(svg.matches("<text").count(), 2);
    }
}
