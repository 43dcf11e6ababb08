//! The content stream interpreter: graphics state (`q Q cm w`), text objects and text
//! state, text showing, path construction and painting, Form XObjects (depth- and
//! cycle-bounded), images counted. Produces glyphs and paths in page space (points,
//! top-left origin, y downwards) through the page matrix given by `extract`.
//!
//! Glyph boxes follow poppler's `pdftotext -bbox`: advance width without character or
//! word spacing, from descent to ascent of the font (descriptor values, built-in values
//! for the standard 14, else 0.95 / −0.35 of the size). Whitespace glyphs are not
//! emitted: layout finds word breaks from the gaps (and `space_width`).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_normalization::UnicodeNormalization;

use super::fonts::{Font, FontCache};
use super::geometry::Matrix;
use super::lexer::{Operand, Operation, Operations};
use super::obj;
use super::op::Op;
use super::page::{Comment, Glyph, PageContent, Path};
use crate::error::{ConvertError, Result};
use crate::limits::{Limits, Usage, exceeded, values_exceeded};

/// Deepest `q` nesting kept; deeper saves are ignored (a hostile stream of `q`s would
/// otherwise grow the stack without bound).
const MAX_SAVED_STATES: usize = 1000;

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    line_width: f32,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    /// Lightness of the fill colour (0 black, 1 white).
    fill_lightness: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Matrix::IDENTITY,
            line_width: 1.0,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            fill_lightness: 0.0,
        }
    }
}

/// Interprets the content of the pages of one document.
pub struct Interpreter<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    fonts: HashMap<usize, Rc<Font>>,
    font_cache: FontCache<'a>,
    default_font: Rc<Font>,
    /// Work counted for the whole document (`usage.glyphs`: the pages already done).
    usage: Usage,
    /// Decoded content of Form XObjects drawn more than once, by object (within
    /// `max_cached_operations`, counted in the operations they hold).
    xobject_data: HashMap<ObjectId, Rc<Vec<u8>>>,
    cached_ops: usize,
}

/// State while interpreting one page.
struct PageRun<'p> {
    out: &'p mut PageContent,
    page_matrix: Matrix,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    // current path, in page space
    subpaths: Vec<Vec<[f32; 2]>>,
    rects: Vec<[f32; 4]>,
    start: [f32; 2],
    current: Option<[f32; 2]>,
    xobjects: Vec<ObjectId>,
    depth: usize,
}

/// `trop_volumineux` for a page that shows more glyphs than `max_glyphs_per_page`.
fn too_many_glyphs_on_a_page(limits: &Limits) -> ConvertError {
    exceeded(
        format!(
            "plus de {} caractères sur une page",
            limits.max_glyphs_per_page
        ),
        format!(
            "{} caractères (caractères d'une page)",
            limits.max_glyphs_per_page
        ),
        "max-glyphs-per-page",
    )
}

/// `trop_volumineux`: a stream over `Limits::max_stream_bytes` once decoded.
pub fn stream_too_large(limits: &Limits) -> ConvertError {
    exceeded(
        format!(
            "un flux PDF se décompresse en plus de {} octets",
            limits.max_stream_bytes
        ),
        format!("{} octets (flux PDF décompressé)", limits.max_stream_bytes),
        "max-stream-mb",
    )
}

impl<'a> Interpreter<'a> {
    pub fn new(doc: &'a Document, limits: &'a Limits, usage: Usage) -> Self {
        let font_cache = FontCache::new(limits);
        Interpreter {
            doc,
            limits,
            fonts: HashMap::new(),
            font_cache,
            default_font: Rc::new(Font::default()),
            usage,
            xobject_data: HashMap::new(),
            cached_ops: 0,
        }
    }

    /// The work counted so far (for what is read after the pages).
    pub fn into_usage(self) -> Usage {
        self.usage
    }

    /// The work counted, to count more (page content decoded by `extract`).
    pub fn usage_mut(&mut self) -> &mut Usage {
        &mut self.usage
    }

    /// Interpret one page's content (already decoded bytes) into `out`.
    /// `page` (the page dictionary) is used for its annotations: the normal appearance of
    /// annotations other than widgets, links and popups (FreeText, Stamp… as written by
    /// "fill and sign" tools) is drawn like a Form XObject. Widgets are not drawn: their
    /// values come as `FieldWidget`s.
    pub fn run_page(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        page: Option<&'a Dictionary>,
        page_matrix: Matrix,
        out: &mut PageContent,
    ) -> Result<()> {
        let mut run = PageRun {
            out,
            page_matrix,
            gs: GState::default(),
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            subpaths: Vec::new(),
            rects: Vec::new(),
            start: [0.0, 0.0],
            current: None,
            xobjects: Vec::new(),
            depth: 0,
        };
        self.run_stream(content, resources, &mut run)?;
        if let Some(page) = page {
            self.annotations(page, &mut run)?;
        }
        compose_accents(&mut run.out.glyphs);
        self.usage.glyphs = self.usage.glyphs.saturating_add(run.out.glyphs.len());
        Ok(())
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Result<Rc<Font>> {
        let doc = self.doc;
        let fonts = resources.and_then(|r| obj::get_dict(doc, r, b"Font"));
        let Some(dict) = fonts
            .and_then(|f| f.get(name).ok())
            .and_then(|e| obj::as_dict(doc, e))
        else {
            return Ok(self.default_font.clone());
        };
        // Fonts are cached by the address of their dictionary in the (immutable) document,
        // which covers both indirect and direct font dictionaries.
        let key = dict as *const Dictionary as usize;
        if let Some(f) = self.fonts.get(&key) {
            return Ok(f.clone());
        }
        self.usage.load_font(self.limits)?;
        let font = Rc::new(Font::load(
            doc,
            dict,
            &mut self.font_cache,
            &mut self.usage,
        )?);
        self.fonts.insert(key, font.clone());
        Ok(font)
    }

    /// Interpret a content stream, operation by operation (a malformed token ends it: the
    /// operations before it are kept). Gives the number of operations.
    fn run_stream(
        &mut self,
        data: &[u8],
        resources: Option<&'a Dictionary>,
        run: &mut PageRun,
    ) -> Result<usize> {
        self.check_values(data)?;
        let mut count = 0;
        for op in Operations::new(data) {
            self.step(&op, resources, run)?;
            count += 1;
        }
        Ok(count)
    }

    /// The lexer holds every operand of an operation at once: count them on the bytes first
    /// (each takes a byte at least: short streams need no count).
    fn check_values(&self, data: &[u8]) -> Result<()> {
        let limit = self.limits.max_pdf_values;
        if data.len() > limit && obj::most_values(data, true) > limit {
            return Err(values_exceeded(
                "une opération de contenu",
                self.limits.max_pdf_values,
            ));
        }
        Ok(())
    }

    fn step(
        &mut self,
        op: &Operation<'_>,
        resources: Option<&'a Dictionary>,
        run: &mut PageRun,
    ) -> Result<()> {
        self.usage.operate(1, self.limits)?;
        let limits = self.limits;
        if run.out.glyphs.len() > limits.max_glyphs_per_page {
            return Err(too_many_glyphs_on_a_page(limits));
        }
        if self.usage.glyphs.saturating_add(run.out.glyphs.len()) > limits.max_glyphs {
            return Err(exceeded(
                format!("plus de {} caractères dans le document", limits.max_glyphs),
                format!("{} caractères (caractères d'un PDF)", limits.max_glyphs),
                "max-glyphs",
            ));
        }
        self.op(op, resources, run)
    }

    fn op(
        &mut self,
        op: &Operation<'_>,
        resources: Option<&'a Dictionary>,
        run: &mut PageRun,
    ) -> Result<()> {
        match Op::decode(op) {
            Op::Save if run.stack.len() < MAX_SAVED_STATES => run.stack.push(run.gs.clone()),
            Op::Save => {}
            Op::Restore => {
                if let Some(g) = run.stack.pop() {
                    run.gs = g;
                }
            }
            Op::Transform(m) => {
                let c = m.then(&run.gs.ctm);
                if c.is_finite() {
                    run.gs.ctm = c;
                }
            }
            Op::LineWidth(v) => run.gs.line_width = v,
            // Text objects and state.
            Op::BeginText => {
                run.tm = Matrix::IDENTITY;
                run.tlm = Matrix::IDENTITY;
            }
            Op::Font { name, size } => {
                if let Some(name) = name {
                    run.gs.font = Some(self.font(resources, name)?);
                }
                if let Some(s) = size {
                    run.gs.size = s;
                }
            }
            Op::CharSpacing(v) => run.gs.char_spacing = v,
            Op::WordSpacing(v) => run.gs.word_spacing = v,
            Op::HorizontalScale(v) => run.gs.hscale = v,
            Op::Leading(v) => run.gs.leading = v,
            Op::Rise(v) => run.gs.rise = v,
            Op::NextLine(x, y) => run.next_line(x, y),
            Op::NextLineSetLeading(x, y) => {
                run.gs.leading = -y;
                run.next_line(x, y);
            }
            Op::TextMatrix(m) => {
                run.tm = m;
                run.tlm = m;
            }
            Op::NextLineByLeading => run.next_line_by_leading(),
            Op::Show(s) => self.show(s, run),
            Op::NextLineShow(text) => {
                run.next_line_by_leading();
                if let Some(s) = text {
                    self.show(s, run);
                }
            }
            Op::SpacedNextLineShow { spacing, text } => {
                if let Some((aw, ac)) = spacing {
                    run.gs.word_spacing = aw;
                    run.gs.char_spacing = ac;
                }
                run.next_line_by_leading();
                if let Some(s) = text {
                    self.show(s, run);
                }
            }
            Op::ShowArray(items) => {
                for item in items {
                    match item {
                        Operand::String(s) => self.show(s, run),
                        Operand::Number(v) => {
                            let tx = -v / 1000.0 * run.gs.size * run.gs.hscale;
                            run.advance(tx);
                        }
                        _ => {}
                    }
                }
            }
            Op::FillLightness(l) => run.gs.fill_lightness = l,
            Op::FillColourSpace => run.gs.fill_lightness = 0.0,
            // Paths.
            Op::MoveTo(x, y) => {
                let p = run.to_page(x, y);
                run.subpaths.push(vec![p]);
                run.start = p;
                run.current = Some(p);
            }
            Op::LineTo(x, y) => {
                let p = run.to_page(x, y);
                run.line_to(p);
            }
            Op::CurveTo { c1, c2, end } => {
                let c1 = c1.unwrap_or_else(|| run.current_user());
                run.curve(c1, c2, end);
            }
            Op::ClosePath => run.close(),
            Op::Rect([x, y, w, h]) => run.rect(x, y, w, h),
            Op::Paint(paint) => {
                if paint.close {
                    run.close();
                }
                // An even-odd fill alone may be a ring: a box's border drawn as a fill.
                if paint.even_odd && !paint.stroke {
                    run.ring_as_stroke();
                }
                run.paint(paint.stroke, paint.fill);
            }
            Op::EndPath => run.clear_path(),
            Op::InlineImage => run.out.images += 1,
            Op::XObject(name) => self.do_xobject(name, resources, run)?,
            Op::Ignored => {}
        }
        Ok(())
    }

    fn annotations(&mut self, page: &'a Dictionary, run: &mut PageRun) -> Result<()> {
        let doc = self.doc;
        let Some(annots) = obj::get_array(doc, page, b"Annots") else {
            return Ok(());
        };
        for a in annots.iter().take(10_000) {
            let Some(d) = obj::as_dict(doc, a) else {
                continue;
            };
            if matches!(
                obj::get_name(doc, d, b"Subtype"),
                Some(b"Widget" | b"Link" | b"Popup") | None
            ) {
                continue;
            }
            let flags = obj::get_int(doc, d, b"F").unwrap_or(0);
            if flags & (2 | 32) != 0 {
                continue; // Hidden, NoView
            }
            if let Some(comment) = Self::comment(doc, d, run) {
                run.out.comments.push(comment);
            }
            let Some(n) = obj::get_dict(doc, d, b"AP").and_then(|ap| ap.get(b"N").ok()) else {
                // A note typed with a "fill" tool that wrote no appearance (viewers draw
                // its /Contents in its /Rect): its text must not be lost.
                if obj::get_name(doc, d, b"Subtype") == Some(b"FreeText") {
                    self.free_text(d, run)?;
                }
                continue;
            };
            let entry = match obj::deref(doc, n) {
                Object::Stream(_) => n,
                Object::Dictionary(states) => {
                    let Some(state) = obj::get_name(doc, d, b"AS") else {
                        continue;
                    };
                    let Ok(e) = states.get(state) else { continue };
                    e
                }
                _ => continue,
            };
            let Object::Stream(stream) = obj::deref(doc, entry) else {
                continue;
            };
            let Some(rect) = obj::get(doc, d, b"Rect")
                .and_then(|r| obj::nums(doc, r))
                .filter(|v| v.len() >= 4)
            else {
                continue;
            };
            let bbox = obj::get(doc, &stream.dict, b"BBox")
                .and_then(|r| obj::nums(doc, r))
                .filter(|v| v.len() >= 4);
            let Some(bbox) = bbox else { continue };
            let m = obj::get(doc, &stream.dict, b"Matrix")
                .and_then(|m| obj::nums(doc, m))
                .filter(|v| v.len() == 6);
            let m = m
                .map(|v| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
                .unwrap_or(Matrix::IDENTITY);
            // PDF 32000 §12.5.5: map the transformed BBox onto Rect.
            let pts = [
                m.apply(bbox[0], bbox[1]),
                m.apply(bbox[2], bbox[1]),
                m.apply(bbox[0], bbox[3]),
                m.apply(bbox[2], bbox[3]),
            ];
            let (bx0, bx1) = (
                pts.iter().map(|p| p[0]).fold(f32::MAX, f32::min),
                pts.iter().map(|p| p[0]).fold(f32::MIN, f32::max),
            );
            let (by0, by1) = (
                pts.iter().map(|p| p[1]).fold(f32::MAX, f32::min),
                pts.iter().map(|p| p[1]).fold(f32::MIN, f32::max),
            );
            let (rx0, rx1) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
            let (ry0, ry1) = (rect[1].min(rect[3]), rect[1].max(rect[3]));
            if bx1 - bx0 < 1e-3 || by1 - by0 < 1e-3 {
                continue;
            }
            let sx = (rx1 - rx0) / (bx1 - bx0);
            let sy = (ry1 - ry0) / (by1 - by0);
            let a_m = Matrix([sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy]);
            if !a_m.is_finite() {
                continue;
            }
            let saved = run.gs.clone();
            run.gs = GState {
                ctm: a_m,
                ..GState::default()
            };
            let r = self.draw_form(stream, obj::ref_id(entry), None, run);
            run.gs = saved;
            r?;
        }
        Ok(())
    }

    /// The remark of a comment annotation (a sticky note, a highlight or another text
    /// markup): its /Contents, which the page does not show.
    fn comment(doc: &Document, annot: &Dictionary, run: &PageRun) -> Option<Comment> {
        let commenting = matches!(
            obj::get_name(doc, annot, b"Subtype"),
            Some(b"Text" | b"Highlight" | b"Underline" | b"StrikeOut" | b"Squiggly" | b"Caret")
        );
        let Some(Object::String(bytes, _)) = obj::get(doc, annot, b"Contents") else {
            return None;
        };
        let text = obj::text_string(bytes);
        let rect = obj::get(doc, annot, b"Rect")
            .and_then(|r| obj::nums(doc, r))
            .filter(|v| v.len() >= 4)?;
        if !commenting || text.trim().is_empty() {
            return None;
        }
        Some(Comment {
            text,
            rect: page_rect(&run.page_matrix, &rect),
        })
    }

    /// A FreeText annotation without an appearance, drawn as a viewer would: its
    /// /Contents in Helvetica at the /DA size, from the top left of its /Rect, wrapped at
    /// its width (widths estimated, as no font program is at hand).
    fn free_text(&self, annot: &Dictionary, run: &mut PageRun) -> Result<()> {
        let doc = self.doc;
        /// Mean advance of a Helvetica letter and its space, in font sizes.
        const ADVANCE: f32 = 0.5;
        const SPACE: f32 = 0.28;
        const DEFAULT_SIZE: f32 = 10.0;
        let contents = match obj::get(doc, annot, b"Contents") {
            Some(Object::String(bytes, _)) => obj::text_string(bytes),
            _ => return Ok(()),
        };
        let Some(rect) = obj::get(doc, annot, b"Rect")
            .and_then(|r| obj::nums(doc, r))
            .filter(|v| v.len() >= 4)
        else {
            return Ok(());
        };
        let size = match obj::get(doc, annot, b"DA") {
            Some(Object::String(da, _)) => font_size_of(da),
            _ => None,
        }
        .filter(|s| s.is_finite() && *s >= 1.0 && *s <= 72.0)
        .unwrap_or(DEFAULT_SIZE);
        let [x0, top, x1, _] = page_rect(&run.page_matrix, &rect);
        let (left, right) = (x0 + 2.0, x1 - 2.0);
        let font: std::sync::Arc<str> = "Helvetica".into();
        let mut baseline = top + size;
        for line in contents.split(['\r', '\n']) {
            let mut x = left;
            for word in line.split_whitespace() {
                let width = word.chars().count() as f32 * ADVANCE * size;
                if x > left && x + width > right {
                    x = left;
                    baseline += 1.2 * size;
                }
                for c in word.chars() {
                    if run.out.glyphs.len() >= self.limits.max_glyphs_per_page {
                        return Err(too_many_glyphs_on_a_page(self.limits));
                    }
                    run.out.glyphs.push(Glyph {
                        text: c.to_string(),
                        bbox: [
                            x,
                            baseline - 0.8 * size,
                            x + ADVANCE * size,
                            baseline + 0.2 * size,
                        ],
                        baseline,
                        size,
                        font: font.clone(),
                        space_width: SPACE * size,
                    });
                    x += ADVANCE * size;
                }
                x += SPACE * size;
            }
            baseline += 1.2 * size;
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        run: &mut PageRun,
    ) -> Result<()> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| obj::get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let id = obj::ref_id(entry);
        let Object::Stream(stream) = obj::deref(doc, entry) else {
            return Ok(());
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => {
                run.out.images += 1;
                if let Some(id) = id {
                    run.out.placed_images.push(super::page::PlacedImage {
                        id,
                        matrix: run.device(),
                    });
                }
                return Ok(());
            }
            Some(b"Form") => {}
            _ => return Ok(()),
        }
        self.draw_form(stream, id, resources, run)
    }

    /// Draw a Form XObject (its /Matrix, its /Resources or the parent's).
    fn draw_form(
        &mut self,
        stream: &'a lopdf::Stream,
        id: Option<ObjectId>,
        resources: Option<&'a Dictionary>,
        run: &mut PageRun,
    ) -> Result<()> {
        let doc = self.doc;
        if run.depth >= self.limits.max_xobject_depth {
            return Err(exceeded(
                format!(
                    "Form XObjects imbriqués sur plus de {} niveaux",
                    self.limits.max_xobject_depth
                ),
                format!(
                    "{} niveaux (imbrication des XObjects)",
                    self.limits.max_xobject_depth
                ),
                "max-xobject-depth",
            ));
        }
        if let Some(id) = id
            && run.xobjects.contains(&id)
        {
            return Ok(()); // cycle
        }
        // The decoded content of a Form drawn again is kept (within a budget); otherwise
        // it is decoded again at each draw, and counted each time.
        let cached = id.and_then(|id| self.xobject_data.get(&id).cloned());
        let fresh = cached.is_none();
        let data = match cached {
            Some(data) => data,
            None => Rc::new(obj::decode_counted(stream, self.limits, &mut self.usage)?),
        };
        let matrix = obj::get(doc, &stream.dict, b"Matrix")
            .and_then(|m| obj::nums(doc, m))
            .filter(|v| v.len() == 6);
        let res = obj::get_dict(doc, &stream.dict, b"Resources").or(resources);

        let saved_gs = run.gs.clone();
        let saved_stack = run.stack.len();
        let saved_tm = (run.tm, run.tlm);
        if let Some(m) = matrix {
            let m = Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]);
            let c = m.then(&run.gs.ctm);
            if c.is_finite() {
                run.gs.ctm = c;
            }
        }
        if let Some(id) = id {
            run.xobjects.push(id);
        }
        run.depth += 1;
        let r = self.run_stream(&data, res, run);
        run.depth -= 1;
        if let (true, Some(id), Ok(ops)) = (fresh, id, &r)
            && self.cached_ops.saturating_add(*ops) <= self.limits.max_cached_operations
        {
            self.cached_ops += ops;
            self.xobject_data.insert(id, data);
        }
        if id.is_some() {
            run.xobjects.pop();
        }
        run.gs = saved_gs;
        run.stack.truncate(saved_stack);
        (run.tm, run.tlm) = saved_tm;
        run.clear_path();
        r.map(|_| ())
    }

    fn show(&mut self, bytes: &[u8], run: &mut PageRun) {
        let font = run
            .gs
            .font
            .clone()
            .unwrap_or_else(|| self.default_font.clone());
        let gs = &run.gs;
        let (fs, th, tc, tw, rise) = (
            gs.size,
            gs.hscale,
            gs.char_spacing,
            gs.word_spacing,
            gs.rise,
        );
        let (asc, desc) = (font.ascent, font.descent);
        let space = font.space_width();
        let max_glyphs = self.limits.max_glyphs_per_page;
        font.decode_each(bytes, |d| {
            // Past the glyph limit the next operation fails.
            if run.out.glyphs.len() > max_glyphs {
                return false;
            }
            // Trm = [fs·Th 0 0 fs 0 rise] × Tm × CTM × page.
            let tm_ctm = run.tm.then(&run.gs.ctm);
            let scale_m = tm_ctm.then(&run.page_matrix);
            let full = Matrix([fs * th, 0.0, 0.0, fs, 0.0, rise]).then(&scale_m);
            if !d.text.trim().is_empty() && full.is_finite() {
                let w = d.width;
                let corners = [
                    full.apply(0.0, desc),
                    full.apply(w, desc),
                    full.apply(0.0, asc),
                    full.apply(w, asc),
                ];
                let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
                for p in corners {
                    bbox[0] = bbox[0].min(p[0]);
                    bbox[1] = bbox[1].min(p[1]);
                    bbox[2] = bbox[2].max(p[0]);
                    bbox[3] = bbox[3].max(p[1]);
                }
                let origin = full.apply(0.0, 0.0);
                let vsize = scale_m.y_scale();
                let hsize = scale_m.x_scale();
                if bbox.iter().all(|v| v.is_finite()) {
                    run.out.glyphs.push(Glyph {
                        text: d.text,
                        bbox,
                        baseline: origin[1],
                        size: (fs * vsize).abs(),
                        font: font.name.clone(),
                        space_width: (space * fs * th * hsize).abs(),
                    });
                }
            }
            let mut tx = d.width * fs + tc;
            if d.is_space_code {
                tx += tw;
            }
            run.advance(tx * th);
            true
        });
    }
}

impl PageRun<'_> {
    fn next_line(&mut self, x: f32, y: f32) {
        let m = Matrix::translation(x, y).then(&self.tlm);
        if m.is_finite() {
            self.tlm = m;
            self.tm = m;
        }
    }

    /// `T*`: the start of the next line, one leading down.
    fn next_line_by_leading(&mut self) {
        let leading = self.gs.leading;
        self.next_line(0.0, -leading);
    }

    fn advance(&mut self, tx: f32) {
        let m = Matrix::translation(tx, 0.0).then(&self.tm);
        if m.is_finite() {
            self.tm = m;
        }
    }

    fn device(&self) -> Matrix {
        self.gs.ctm.then(&self.page_matrix)
    }

    fn to_page(&self, x: f32, y: f32) -> [f32; 2] {
        self.device().apply(x, y)
    }

    /// The current point back in user space (for `v`), approximately: we keep page space.
    fn current_user(&self) -> [f32; 2] {
        let Some(p) = self.current else {
            return [0.0, 0.0];
        };
        self.device().unapply(p[0], p[1]).unwrap_or([0.0, 0.0])
    }

    fn line_to(&mut self, p: [f32; 2]) {
        match self.subpaths.last_mut() {
            Some(sp) if self.current.is_some() => {
                if sp.len() < 100_000 {
                    sp.push(p)
                }
            }
            _ => {
                self.subpaths.push(vec![p]);
                self.start = p;
            }
        }
        self.current = Some(p);
    }

    /// Bézier curve from the current point: flattened to its midpoint and end point.
    fn curve(&mut self, c1: [f32; 2], c2: [f32; 2], end: [f32; 2]) {
        let p0 = self.current_user();
        let t = 0.5f32;
        let u = 1.0 - t;
        let bx = u * u * u * p0[0]
            + 3.0 * u * u * t * c1[0]
            + 3.0 * u * t * t * c2[0]
            + t * t * t * end[0];
        let by = u * u * u * p0[1]
            + 3.0 * u * u * t * c1[1]
            + 3.0 * u * t * t * c2[1]
            + t * t * t * end[1];
        let mid = self.to_page(bx, by);
        let e = self.to_page(end[0], end[1]);
        if self.current.is_some() {
            self.line_to(mid);
        }
        self.line_to(e);
    }

    fn close(&mut self) {
        if let Some(sp) = self.subpaths.last_mut()
            && let (Some(first), Some(last)) = (sp.first().copied(), sp.last().copied())
            && sp.len() > 1
            && first != last
        {
            sp.push(first);
        }
        self.current = Some(self.start);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let m = self.device();
        let p = [
            m.apply(x, y),
            m.apply(x + w, y),
            m.apply(x + w, y + h),
            m.apply(x, y + h),
        ];
        if m.keeps_axes() {
            let xs = [p[0][0], p[2][0]];
            let ys = [p[0][1], p[2][1]];
            let r = [
                xs[0].min(xs[1]),
                ys[0].min(ys[1]),
                xs[0].max(xs[1]),
                ys[0].max(ys[1]),
            ];
            if r.iter().all(|v| v.is_finite()) && self.rects.len() < 100_000 {
                self.rects.push(r);
            }
        } else if self.subpaths.len() < 100_000 {
            self.subpaths.push(vec![p[0], p[1], p[2], p[3], p[0]]);
        }
        self.start = p[0];
        self.current = Some(p[0]);
    }

    fn clear_path(&mut self) {
        self.subpaths.clear();
        self.rects.clear();
        self.current = None;
    }

    /// A path of two rectangles one inside the other filled by the even-odd rule paints
    /// only the ring between them (WeasyPrint draws a check box's border so): it is
    /// recorded as that ring stroked, so that the box is not taken for a filled one.
    fn ring_as_stroke(&mut self) {
        let ([a, b], true) = (self.rects.as_slice(), self.subpaths.is_empty()) else {
            return;
        };
        let contains =
            |o: &[f32; 4], i: &[f32; 4]| o[0] < i[0] && o[1] < i[1] && o[2] > i[2] && o[3] > i[3];
        let (outer, inner) = match (contains(a, b), contains(b, a)) {
            (true, _) => (*a, *b),
            (_, true) => (*b, *a),
            _ => return,
        };
        let margins = [
            inner[0] - outer[0],
            inner[1] - outer[1],
            outer[2] - inner[2],
            outer[3] - inner[3],
        ];
        let width = margins.iter().sum::<f32>() / 4.0;
        let mid: [f32; 4] = std::array::from_fn(|k| (outer[k] + inner[k]) / 2.0);
        self.rects.clear();
        self.current = None;
        if self.out.paths.len() < 1_000_000 {
            self.out.paths.push(Path {
                subpaths: Vec::new(),
                rects: vec![mid],
                stroked: true,
                filled: false,
                // Rectangles are in device space already.
                line_width: width,
                fill_lightness: self.gs.fill_lightness,
            });
        }
    }

    fn paint(&mut self, stroked: bool, filled: bool) {
        let subpaths: Vec<Vec<[f32; 2]>> = std::mem::take(&mut self.subpaths)
            .into_iter()
            .filter(|s| !s.is_empty() && s.iter().all(|p| p[0].is_finite() && p[1].is_finite()))
            .collect();
        let rects = std::mem::take(&mut self.rects);
        self.current = None;
        if subpaths.is_empty() && rects.is_empty() {
            return;
        }
        let lw = self.gs.line_width * self.device().mean_scale();
        if self.out.paths.len() < 1_000_000 {
            self.out.paths.push(Path {
                subpaths,
                rects,
                stroked,
                filled,
                line_width: if lw.is_finite() { lw } else { 0.0 },
                fill_lightness: self.gs.fill_lightness,
            });
        }
    }
}

/// Spacing accents drawn over a letter → their combining marks.
/// An annotation's /Rect (user space: x0 y0 x1 y1) in page space: left, top, right,
/// bottom.
fn page_rect(page_matrix: &Matrix, rect: &[f32]) -> [f32; 4] {
    let a = page_matrix.apply(rect[0], rect[1]);
    let b = page_matrix.apply(rect[2], rect[3]);
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[0].max(b[0]),
        a[1].max(b[1]),
    ]
}

/// The size a default appearance string (`/DA`, "/Helv 10 Tf 0 g") sets.
fn font_size_of(da: &[u8]) -> Option<f32> {
    Operations::new(da)
        .filter(|op| op.operator == b"Tf")
        .find_map(|op| match op.operands.last() {
            Some(Operand::Number(n)) => Some(*n),
            _ => None,
        })
}

fn combining_for(c: char) -> Option<char> {
    Some(match c {
        '\u{B4}' | '\u{2CA}' => '\u{301}',
        '`' | '\u{2CB}' => '\u{300}',
        '\u{A8}' => '\u{308}',
        '^' | '\u{2C6}' => '\u{302}',
        '\u{2DC}' | '~' => '\u{303}',
        '\u{B8}' => '\u{327}',
        '\u{2DA}' => '\u{30A}',
        '\u{2C7}' => '\u{30C}',
        '\u{AF}' | '\u{2C9}' => '\u{304}',
        '\u{2D8}' => '\u{306}',
        '\u{2D9}' => '\u{307}',
        '\u{2DD}' => '\u{30B}',
        '\u{2DB}' => '\u{328}',
        c if ('\u{300}'..='\u{36F}').contains(&c) => c,
        _ => return None,
    })
}

fn overlap_x(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    (a[2].min(b[2]) - a[0].max(b[0])).max(0.0)
}

/// Compose a base letter and an accent drawn over it (as a combining mark or a spacing
/// accent glyph) into one glyph (NFC), when their boxes overlap horizontally and they sit
/// on about the same line. The base is the glyph drawn just before or just after.
pub fn compose_accents(glyphs: &mut Vec<Glyph>) {
    let mut removed = vec![false; glyphs.len()];
    let mut any = false;
    for i in 0..glyphs.len() {
        let Some(mark) = single_char(&glyphs[i].text).and_then(combining_for) else {
            continue;
        };
        let accent_box = glyphs[i].bbox;
        let accent_base = glyphs[i].baseline;
        let aw = (accent_box[2] - accent_box[0]).max(0.01);
        for j in [i.checked_sub(1), i.checked_add(1)].into_iter().flatten() {
            if removed.get(j).copied().unwrap_or(true) {
                continue;
            }
            let Some(base) = glyphs.get(j) else { continue };
            let Some(bc) = single_char(&base.text) else {
                continue;
            };
            if !bc.is_alphabetic() || combining_for(bc).is_some() {
                continue;
            }
            let bw = (base.bbox[2] - base.bbox[0]).max(0.01);
            let ov = overlap_x(&accent_box, &base.bbox);
            let same_line = (base.baseline - accent_base).abs() < base.size.max(1.0);
            // A zero-width combining mark sits at the end of its base (or inside it).
            let zero_width_on_base = aw < 0.5
                && accent_box[0] >= base.bbox[0] - 0.1
                && accent_box[2] <= base.bbox[2] + 0.5;
            if same_line && (ov >= 0.5 * aw.min(bw) && aw >= 0.5 || zero_width_on_base) {
                let composed: String = [bc, mark].iter().collect::<String>().nfc().collect();
                if composed.chars().count() == 1 {
                    if let Some(b) = glyphs.get_mut(j) {
                        b.text = composed;
                    }
                    if let Some(r) = removed.get_mut(i) {
                        *r = true;
                        any = true;
                    }
                    break;
                }
            }
        }
    }
    if any {
        let mut k = 0;
        glyphs.retain(|_| {
            let keep = !removed.get(k).copied().unwrap_or(false);
            k += 1;
            keep
        });
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x0: f32, x1: f32) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: [x0, 0.0, x1, 10.0],
            baseline: 8.0,
            size: 10.0,
            font: "F".into(),
            space_width: 2.5,
        }
    }

    #[test]
    fn accents_compose() {
        let mut v = vec![g("E", 0.0, 6.0), g("\u{301}", 1.0, 5.0), g("q", 6.0, 11.0)];
        compose_accents(&mut v);
        assert_eq!(
            v.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(),
            ["É", "q"]
        );
        let mut v = vec![g("\u{B4}", 1.0, 5.0), g("e", 0.5, 6.0)];
        compose_accents(&mut v);
        assert_eq!(v[0].text, "é");
        // A zero-width combining mark drawn right after its base.
        let mut v = vec![g("e", 0.0, 5.0), g("\u{300}", 5.0, 5.0), g("x", 5.0, 10.0)];
        compose_accents(&mut v);
        assert_eq!(
            v.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(),
            ["è", "x"]
        );
        // Not overlapping: kept apart.
        let mut v = vec![g("e", 0.0, 5.0), g("^", 8.0, 12.0)];
        compose_accents(&mut v);
        assert_eq!(v.len(), 2);
    }

    /// A one-page PDF (200 × 200) drawing this content stream.
    fn one_page_pdf(content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>".to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (n, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", n + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn an_even_odd_ring_is_a_box_border_not_a_filled_box() {
        // WeasyPrint's unchecked box: two squares filled by the even-odd rule (a ring);
        // the same squares by the nonzero rule paint a solid square; a checked box adds
        // a filled square inside the ring.
        let pages = crate::pdf::extract::extract(&one_page_pdf(
            "0 g 10 10 17 17 re 11 11 15 15 re f*\n\
             50 10 17 17 re 51 11 15 15 re f\n\
             90 10 17 17 re 91 11 15 15 re f* 93 13 11 11 re f",
        ))
        .expect("PDF");
        let ring = &pages[0].paths[0];
        assert!(ring.stroked && !ring.filled, "{ring:?}");
        assert!((ring.line_width - 1.0).abs() < 0.01, "{ring:?}");
        let mut boxes = crate::pdf::layout::rulings::collect(&pages[0].paths).boxes;
        boxes.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
        let states: Vec<Option<bool>> = boxes.iter().map(|b| b.checked).collect();
        assert_eq!(states, [Some(false), Some(true), Some(true)]);
    }
}
