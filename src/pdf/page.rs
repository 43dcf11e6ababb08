//! The interface between content interpretation and layout: what one page holds, in
//! page space (points, origin at the top-left corner, y growing downwards).

/// One glyph drawn on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Unicode text of the glyph (usually one char; ligatures expanded, e.g. "fi";
    /// symbol-font checkbox and bullet glyphs mapped to ☒ ☐ ▶ • …).
    pub text: String,
    /// Box: left, top, right, bottom.
    pub bbox: [f32; 4],
    /// Baseline y.
    pub baseline: f32,
    /// Effective font size (size × text matrix scale × CTM scale).
    pub size: f32,
    /// Font resource's base name, subset prefix removed ("Wingdings", "DejaVuSans-Bold").
    pub font: std::sync::Arc<str>,
    /// Width of a space in this font at this size, for word spacing decisions.
    pub space_width: f32,
}

/// One painted path, in page space, after the CTM.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Subpaths as polylines (curves flattened to their end points or a few points).
    pub subpaths: Vec<Vec<[f32; 2]>>,
    /// Rectangles given by `re`, kept apart because tables and boxes are mostly these:
    /// left, top, right, bottom.
    pub rects: Vec<[f32; 4]>,
    /// Painted by a stroke operator (`S`, `s`, `B`…).
    pub stroked: bool,
    /// Painted by a fill operator (`f`, `B`…).
    pub filled: bool,
    /// Stroke width in page units, after the CTM.
    pub line_width: f32,
    /// Lightness of the fill colour when painted (0 black, 1 white).
    pub fill_lightness: f32,
}

/// An interactive form field's widget on this page (AcroForm).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldWidget {
    /// Fully qualified field name.
    pub name: String,
    /// left, top, right, bottom.
    pub rect: [f32; 4],
    /// Its value.
    pub value: FieldValue,
}

/// The value of a form field, by field type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `/Btn` check box or radio button: on or off.
    Check(bool),
    /// `/Tx` text value (may hold line breaks).
    Text(String),
    /// `/Ch` selected value(s), shown text.
    Choice(String),
}

/// Everything layout needs from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContent {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points (after `/Rotate`).
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Glyphs shown, in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Paths painted (rules, boxes, fills).
    pub paths: Vec<Path>,
    /// Form field widgets.
    pub fields: Vec<FieldWidget>,
    /// Number of images drawn (a page with images and no glyphs is a scan).
    pub images: usize,
    /// Image XObjects drawn, with where: what OCR reads a scanned page from.
    pub placed_images: Vec<PlacedImage>,
    /// Check boxes found in a scan's pixels (OCR), with their state when it could be
    /// told; laid out like drawn boxes.
    pub scanned_boxes: Vec<ScannedBox>,
    /// Comments attached to the page (sticky notes, highlights with a remark): text
    /// beside the page's own, like a DOCX's comments.
    pub comments: Vec<Comment>,
}

/// A comment annotation's text and where it is attached, in page space.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Its `/Contents`.
    pub text: String,
    /// left, top, right, bottom.
    pub rect: [f32; 4],
}

/// An image XObject drawn on a page: its object and the matrix (CTM) that maps its unit
/// square to page space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    /// Object number and generation of the image XObject.
    pub id: (u32, u16),
    /// The CTM when it was drawn.
    pub matrix: crate::pdf::geometry::Matrix,
}

/// A check box found in a scan: its square (page space) and its state, `None` when the
/// ink inside it was neither clearly absent nor clearly present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScannedBox {
    /// left, top, right, bottom.
    pub rect: [f32; 4],
    /// Ticked, empty, or undecided.
    pub checked: Option<bool>,
}
