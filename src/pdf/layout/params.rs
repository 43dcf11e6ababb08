//! Every tolerance of the PDF layout, named and documented in one place (like
//! pdfminer.six's `LAParams`). Each stage reads its fields from [`LayoutParams::DEFAULT`]
//! through a module constant `P`:
//!
//! - `rulings.rs`: filled and stroked paths become rulings (`thin`, `min_ink`,
//!   `max_segments`, `border_min_aspect`), list bullets (`dot_*`) and check boxes
//!   (`box_min`, `box_max`, `box_square_tol`, `layer_margin`, `mark_overhang`), ticked
//!   or not (`paper`, `dark`, `contrast`, `background_share`);
//! - `tables.rs`: rulings are snapped and joined into ruled grids (`snap`, `min_len`,
//!   `double_border` (also for sliver rows and columns), `overhang`, `min_independent_rows`, `independent_factor`);
//! - `text.rs`: glyphs become words (`word_gap_*`) and lines (`baseline_tol_*`,
//!   `mixed_size_*`, `line_*`, `extra_row_tol`), lines paragraphs (`indent_tol`,
//!   `bullet_level_tol`, `size_change`, `paragraph_pitch_extra_em`, `centre_tol`,
//!   `max_outdent`, `spaced_dash`, `word_break_slack`) in a frame whose usual pitch is
//!   measured (`pitch_*`);
//! - `breaks.rs`: words cut at a line end are joined (`short_tail`);
//! - `aligned.rs`: tables without rules are found by the alignment of their columns (every
//!   field of that group);
//! - `mod.rs`: pages are laid out and tables continued across pages (`max_items_per_page`,
//!   `page_end_gap`, `min_margin`, `default_right`), page furniture dropped
//!   (`furniture_*`), form fields' values placed as text (`check_field_max`, `field_*`,
//!   `choice_*`).
//!
//! Units are given on each field: points (1/72 inch), ems (multiples of the font size
//! concerned), shares (0..1), lightness (0 black .. 1 white) or counts.

/// The layout's tolerances; see the module doc for where each stage uses them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutParams {
    // --- Rulings and check boxes (`rulings.rs`) ---
    /// A check box is a square at least this wide (in points); a smaller square is a dot.
    pub box_min: f32,
    /// A check box is a square at most this wide (in points); a larger one is a frame.
    pub box_max: f32,
    /// A check box's width and height differ by at most this (in points): a square, even
    /// with its border drawn as four segments.
    pub box_square_tol: f32,
    /// A small disc or square drawn as a path is a list bullet when both its sides are at
    /// least this (in points) ...
    pub dot_min: f32,
    /// ... and at most this (in points) ...
    pub dot_max: f32,
    /// ... and differ by at most this (in points).
    pub dot_square_tol: f32,
    /// A thin filled polygon is a border when it is this many times longer than thick
    /// (Chromium draws bevelled table borders as trapezoids).
    pub border_min_aspect: f32,
    /// A filled non-rectangular shape (a tick, a rounded box) up to this much (in points)
    /// wider and taller than the largest box is kept as a box or a mark in one.
    pub mark_overhang: f32,
    /// A filled rectangle at most this thick is a ruling (Chromium cell borders).
    pub thin: f32,
    /// A filled shape narrower or lower than this paints nothing visible.
    pub min_ink: f32,
    /// Most segments considered on one page (protection against pathological files).
    pub max_segments: usize,
    /// A fill this light or lighter is paper: a square filled so, and not stroked, is not
    /// seen.
    pub paper: f32,
    /// Squares one inside the other with at most this margin on every side are layers of
    /// one box.
    pub layer_margin: f32,
    /// A background darker than this is ink: a box filled with a dark colour is ticked.
    pub dark: f32,
    /// Ink differs this much in lightness from the background it is drawn on.
    pub contrast: f32,
    /// A shape covering at least this share of a box is its background, not a mark in it.
    pub background_share: f32,
    // --- Ruled tables (`tables.rs`) ---
    /// Snap tolerance for positions, in points.
    pub snap: f32,
    /// Ruling segments shorter than this are ignored.
    pub min_len: f32,
    /// Each cell's own border is drawn (a browser draws every cell's box): two verticals
    /// closer than this (in points) are one cell boundary.
    pub double_border: f32,
    /// Fewest rows with two cells or more that make a table of independent rows (each row
    /// a CSS grid or flex box sized by its content).
    pub min_independent_rows: usize,
    /// Rows laid each on its own make at least this many times more distinct inner
    /// boundaries than the row that has most (a table's rows share theirs).
    pub independent_factor: usize,
    /// Rulings extending beyond the other direction's rulings by more than this (in points)
    /// bound an outer row or column of their own: borders that overhang a little, or a frame
    /// cut by a page break, make no sliver row or column.
    pub overhang: f32,
    // --- Lines and paragraphs (`text.rs`) ---
    /// Text this many times larger or smaller than a line's smallest text may be set on that
    /// line with another baseline (a flattened form field's value beside its label).
    pub mixed_size_ratio: f32,
    /// ... when it overlaps the line's extent by this share of the lower of the two heights
    pub mixed_size_overlap: f32,
    /// ... and stands within this many (larger) font sizes of a piece of the line (text in
    /// another column, a logo's lettering, keeps its own line).
    pub mixed_size_reach_ems: f32,
    /// How far (in ems) short of its column's widest line a line may end and still have
    /// been cut inside a word: the next glyph did not fit, and no letter is wider ("m" is
    /// 0.83 em in Helvetica and Liberation Sans, "W" 0.94).
    pub word_break_slack: f32,
    /// A gap after a typed dash (or "o", "*") wider than this many ems is a space: the dash
    /// is a bullet, not the hyphen of a word.
    pub spaced_dash: f32,
    /// Line starts this close (in points) share one indent: a paragraph starts where a line
    /// starts further in or out than this.
    pub indent_tol: f32,
    /// A gap between glyphs wider than this share of the font's space width is a word
    /// space (the space width is a hint only: a subset without a space glyph reports a
    /// default width) ...
    pub word_gap_space_share: f32,
    /// ... but never narrower than this (in ems): letters of a word touch ...
    pub word_gap_min_em: f32,
    /// ... nor wider than this (in ems): words are ~0.25 em apart.
    pub word_gap_max_em: f32,
    /// The word space threshold (in ems) of a font that reports no space width.
    pub word_gap_default_em: f32,
    /// Glyphs whose baselines are this close (in ems of the larger size) are on one line ...
    pub baseline_tol_em: f32,
    /// ... with sizes taken as at least this (in points: tiny glyphs keep a tolerance).
    pub baseline_tol_min_size: f32,
    /// A line spans this far above its baseline (in ems) for boxes and field values
    /// overlapping it ...
    pub line_ascent_em: f32,
    /// ... and this far below it (in ems).
    pub line_descent_em: f32,
    /// Lone boxes and field values whose centres are this close in height (in points)
    /// are on one row.
    pub extra_row_tol: f32,
    /// Bullets this close in x (in points) are at one list level.
    pub bullet_level_tol: f32,
    /// Lines whose font sizes differ by more than this (in points) are not one paragraph.
    pub size_change: f32,
    /// A line lower than the frame's usual pitch plus this (in ems) starts a paragraph.
    pub paragraph_pitch_extra_em: f32,
    /// Lines whose centres are this close (in points) are centred together (titles,
    /// column headings).
    pub centre_tol: f32,
    /// A paragraph's second line starting this much (in points) left of its first starts
    /// another paragraph (a first line indented so far is no indent).
    pub max_outdent: f32,
    /// Two lines count in the usual pitch when their sizes are this close (in points) ...
    pub pitch_size_tol: f32,
    /// ... and their pitch (in ems) is above this ...
    pub pitch_min: f32,
    /// ... and below this (wider gaps separate paragraphs, not lines).
    pub pitch_max: f32,
    /// The usual pitch (in ems) when no pair of lines tells.
    pub pitch_default: f32,
    /// The usual pitch is kept at least this (in ems) ...
    pub pitch_clamp_min: f32,
    /// ... and at most this.
    pub pitch_clamp_max: f32,
    // --- Line breaks inside words (`breaks.rs`) ---
    /// The longest tail of a cut word joined without the document's confirmation: longer
    /// unknown words after a line end are more likely words of their own.
    pub short_tail: usize,
    // --- Tables found by alignment, without rules (`aligned.rs`) ---
    /// A gap between two pieces of a line at least this wide (in ems of the line's size)
    /// may be a column gutter; word spaces are about 0.3 em.
    pub gutter_min_em: f32,
    /// A gutter is at least this many of the font's spaces wide.
    pub gutter_spaces: f32,
    /// Lines further apart than this (white space between them, in ems of the table's
    /// text) are not rows of one table.
    pub max_row_gap_em: f32,
    /// Cells centred vertically (the browser's default) leave more white between a row's
    /// lines in one column and the next row's: a line with text outside the first column
    /// stays in the table across this much (in ems).
    pub centred_row_gap_em: f32,
    /// Between two rules spanning the columns (a table's top or header rule and its bottom
    /// rule: web tables with row rules only), rows of cells centred in tall rows stay in the
    /// table across this much white (in ems): the rules close the table, not the white.
    pub ruled_row_gap_em: f32,
    /// A cell's text is centred in its row when its middle is this close to the row's (in
    /// ems of its text size).
    pub centre_tol_em: f32,
    /// A line larger than the table's text by this factor is a heading after the table.
    pub heading_scale: f32,
    /// Lines above a table are its header's only in its text size, within this share.
    pub header_size_tol: f32,
    /// Without rules, a row starts where the baseline pitch exceeds the block's usual pitch
    /// by this much (in ems): cell padding, where paragraphs inside a cell are closer.
    pub row_break_em: f32,
    /// A line lower than the usual pitch by this much (in ems) starts a paragraph: any
    /// white beyond the pitch (a cell's padding may be under 2 pt), past baseline jitter.
    pub paragraph_gap_em: f32,
    /// List items in a cell stand at most this many line pitches apart (one item's last
    /// line to the next's first): an item further below its list starts another row.
    pub list_item_gap_pitches: f32,
    /// A list bullet this close (in ems) before text is that text's, not a column.
    pub bullet_gap_em: f32,
    /// Piece starts this close (in points) share one alignment.
    pub align_tol: f32,
    /// Fewest columns holding text on one line, for a table found by alignment alone.
    pub min_columns: usize,
    /// Fewest lines with text in that many columns.
    pub min_multi_lines: usize,
    /// Cells centred vertically stagger their columns' lines, so few lines hold text in
    /// every column: that many columns, each with text on this many lines, and this many
    /// lines with text in two columns, make a table too.
    pub staggered_support: usize,
    /// Fewest rows each led by a check box, with cells beside it, that make a table without
    /// a header or aligned columns: two could be a pair of boxed paragraphs, three are a list
    /// laid out as rows (the form's participant categories).
    pub min_boxed_rows: usize,
    /// A rule is a row separator when it covers this share of the table's width.
    pub rule_share: f32,
    /// Rule pieces this close (in points) in height and end to start are one rule.
    pub rule_join_tol: f32,
    /// Pages with more body lines than this are not searched (each search grows blocks
    /// line by line: protection against pathological files).
    pub max_lines: usize,
    /// Room left between a column's text and the next column's boundary, like a ruled
    /// cell's padding (the cell's paragraphs wrap at its boundary minus 4 pt).
    pub cell_pad: f32,
    // --- Pages and tables across pages (`mod.rs`) ---
    /// Most glyphs laid out on one page (protection against pathological files).
    pub max_items_per_page: usize,
    /// A table ending less than this above the page's bottom edge may go on on the next
    /// page (a row split by the page break, a text table continued).
    pub page_end_gap: f32,
    /// The narrowest page margin: a line ending closer to the page's right edge is page
    /// furniture or a drawing's text, not the body's right margin (10 mm).
    pub min_margin: f32,
    /// Where the body's right margin is taken to be, as a share of the page's width, when
    /// no page of that width has a line that tells (a page of short lines).
    pub default_right: f32,
    /// Page furniture (headers, footers, page numbers) stands in this share of the page's
    /// height at its top or at its bottom.
    pub furniture_band: f32,
    /// Lines of furniture repeated on several pages are at the same distance from their
    /// page's edge within this step (in points).
    pub furniture_step: f32,

    // --- Form fields laid out as text (`mod.rs`) ---
    /// A check box field at most this wide and high (in points) is given by its value,
    /// so what its appearance draws inside is left out; a larger one is a frame.
    pub check_field_max: f32,
    /// A text field's value starts this far inside its left edge (in points), a viewer's
    /// padding.
    pub field_pad: f32,
    /// A text field's lines are this many font sizes apart ...
    pub field_line_pitch: f32,
    /// ... in a font of at most this size (in points): a tall field does not make its
    /// value a heading.
    pub field_max_size: f32,
    /// A drop-down's shown value, in a font between these sizes (in points) ...
    pub choice_min_size: f32,
    /// ... and this.
    pub choice_max_size: f32,
    /// Width of a value's character and of its space (in ems): the value is not drawn, so
    /// its extent is estimated as Helvetica's mean advance ...
    pub field_advance_em: f32,
    /// ... and Helvetica's space.
    pub field_space_em: f32,
}

impl LayoutParams {
    /// The values every stage uses: tuned on the fixtures (see each field).
    pub const DEFAULT: LayoutParams = LayoutParams {
        box_min: 5.0,
        box_max: 16.0,
        box_square_tol: 2.5,
        dot_min: 1.5,
        dot_max: 7.0,
        dot_square_tol: 1.0,
        border_min_aspect: 3.0,
        mark_overhang: 2.0,
        thin: 2.0,
        min_ink: 0.1,
        max_segments: 20_000,
        paper: 0.95,
        layer_margin: 2.5,
        dark: 0.6,
        contrast: 0.3,
        background_share: 0.5,
        snap: 1.5,
        min_len: 3.0,
        double_border: 4.0,
        min_independent_rows: 2,
        independent_factor: 2,
        overhang: 12.0,
        mixed_size_ratio: 1.25,
        mixed_size_overlap: 0.4,
        mixed_size_reach_ems: 3.0,
        word_break_slack: 1.0,
        spaced_dash: 0.2,
        indent_tol: 2.5,
        word_gap_space_share: 0.4,
        word_gap_min_em: 0.1,
        word_gap_max_em: 0.2,
        word_gap_default_em: 0.15,
        baseline_tol_em: 0.4,
        baseline_tol_min_size: 2.0,
        line_ascent_em: 0.9,
        line_descent_em: 0.35,
        extra_row_tol: 3.0,
        bullet_level_tol: 4.0,
        size_change: 1.0,
        paragraph_pitch_extra_em: 0.3,
        centre_tol: 2.0,
        max_outdent: 40.0,
        pitch_size_tol: 0.5,
        pitch_min: 0.8,
        pitch_max: 2.5,
        pitch_default: 1.2,
        pitch_clamp_min: 1.0,
        pitch_clamp_max: 2.0,
        short_tail: 3,
        gutter_min_em: 0.6,
        gutter_spaces: 2.0,
        max_row_gap_em: 1.6,
        centred_row_gap_em: 3.2,
        ruled_row_gap_em: 6.0,
        centre_tol_em: 0.25,
        heading_scale: 1.3,
        header_size_tol: 0.1,
        row_break_em: 0.35,
        paragraph_gap_em: 0.1,
        list_item_gap_pitches: 2.0,
        bullet_gap_em: 2.0,
        align_tol: 2.0,
        min_columns: 3,
        min_multi_lines: 2,
        staggered_support: 3,
        min_boxed_rows: 3,
        rule_share: 0.9,
        rule_join_tol: 1.0,
        max_lines: 1_000,
        cell_pad: 4.0,
        max_items_per_page: 200_000,
        page_end_gap: 110.0,
        min_margin: 28.0,
        default_right: 0.85,
        furniture_band: 0.1,
        furniture_step: 3.0,
        check_field_max: 24.0,
        field_pad: 2.0,
        field_line_pitch: 1.2,
        field_max_size: 11.0,
        choice_min_size: 4.0,
        choice_max_size: 12.0,
        field_advance_em: 0.5,
        field_space_em: 0.28,
    };
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}
