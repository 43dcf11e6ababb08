//! Tables drawn without vertical rulings (borderless HTML or pandoc tables, tables with
//! row rules only): columns from text alignment, rows from horizontal rules when there
//! are some, else from the vertical gaps between lines.
//!
//! As in pdfplumber's "text" strategy and Camelot's stream mode, a column gutter is an
//! x range that stays empty down a block of consecutive lines. A line whose pieces all
//! start where columns start may cross a gutter (a cell spanning columns). Only strong
//! evidence makes a table (at least three columns with two lines holding text in two of
//! them or more, or rules spanning the columns), so ordinary paragraphs never do.

use super::rulings::Seg;
use super::tables::{self, Grid};
use super::text::{Atom, Kind, Line, is_bullet_text};

use super::params::LayoutParams;

/// Every tolerance of this stage, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// A table found by alignment, with the items of each of its cells.
pub struct TextTable {
    pub grid: Grid,
    /// Where each column's text usually starts, then the right edge: what a table
    /// continued on the next page is compared by.
    pub anchors: Vec<f32>,
    /// Items of each grid cell, in the order of `grid.cells`.
    pub cells: Vec<Vec<Atom>>,
}

/// A piece of a line: items closer than a gutter.
struct Piece {
    x0: f32,
    items: Vec<Atom>,
}

/// A text table that ended the page before: where its columns' text starts (then its
/// right edge), and its header row's cell texts.
#[derive(Clone, Copy)]
pub struct Continued<'a> {
    pub anchors: &'a [f32],
    pub header: &'a [String],
}

/// Split a page's body lines (top to bottom) into tables found by alignment and the
/// lines left in the body. `rules` are the page's horizontal rulings; `barriers` the
/// tops and bottoms of ruled tables, which no text table crosses.
/// `pitch` is the document's usual baseline pitch (in font sizes). `continued` is the
/// text table that ended the page before: lines at the top of this page whose pieces
/// all start where its columns start continue it, even in fewer columns than a new
/// table needs; its header repeated above them is left out, as a ruled table's is.
pub fn find(
    lines: Vec<Line>,
    rules: &[Seg],
    barriers: &[f32],
    pitch: f32,
    continued: Option<Continued>,
) -> (Vec<Line>, Vec<TextTable>) {
    if lines.len() > P.max_lines {
        return (lines, Vec::new());
    }
    let pieces: Vec<Vec<[f32; 2]>> = lines.iter().map(piece_spans).collect();
    let joined = joined_rules(rules);
    // Tables found from line `from` on, by alignment alone.
    let search = |from: usize, floor: usize| {
        let mut blocks: Vec<(usize, usize, Vec<[f32; 2]>)> = Vec::new();
        let mut i = from;
        while i < lines.len() {
            if pieces[i].len() < 2 {
                i += 1;
                continue;
            }
            // Rows laid out each on its own under a header (no column lines up).
            if let Some((end, _)) = stacked_rows(&lines, &pieces, i, barriers, pitch) {
                blocks.push((i, end, Vec::new()));
                i = end;
                continue;
            }
            let (end, columns) = grow(&lines, &pieces, i, barriers, &joined);
            // The table's first lines may stand above its first line in two columns
            // (header cells, a cell centred in a tall row): its rules are judged with them.
            let top = blocks.last().map(|b| b.1).unwrap_or(floor);
            let start = header_start(&lines, &pieces, (i, end), top, &columns);
            let start = ruled_header_start(&lines, &pieces, (start, end), top, &columns, rules);
            if is_table(&lines[start..end], &pieces[start..end], &columns, rules) {
                blocks.push((start, end, columns));
                i = end;
            } else if let Some((end, _)) = boxed_rows(&lines, &pieces, i, barriers, pitch) {
                blocks.push((i, end, Vec::new()));
                i = end;
            } else {
                i += 1;
            }
        }
        blocks
    };
    let mut carried: Option<&[f32]> = None;
    // The repeated header's lines, at the top of the page, when they are left out.
    let mut repeated = 0;
    let from_top = search(0, 0);
    let mut blocks = Vec::new();
    match continued.and_then(|c| Some((c, continuation(&lines, &pieces, c, barriers, &joined)?))) {
        // Under a repeated header, rows that make a table of their own with it are read
        // so (the pages' tables are then joined by their header).
        Some((c, (skip, end))) if skip == 0 || from_top.first().is_none_or(|b| b.0 > skip) => {
            blocks.push((skip, end, columns_at(c.anchors)));
            blocks.extend(search(end, end));
            carried = Some(c.anchors);
            repeated = skip;
        }
        _ => blocks = from_top,
    }
    if blocks.is_empty() {
        return (lines, Vec::new());
    }
    let mut body = Vec::new();
    let mut tables_out = Vec::new();
    let mut lines = lines.into_iter().enumerate().skip(repeated).peekable();
    for (start, end, columns) in blocks {
        let mut block = Vec::new();
        while let Some((k, line)) = lines.next_if(|(k, _)| *k < end) {
            if k < start {
                body.push(line)
            } else {
                block.push(line)
            }
        }
        let table = if columns.is_empty() {
            build_stacked(&block, pitch).map(|t| (t, Vec::new()))
        } else {
            build(&block, &columns, rules, pitch)
        };
        match table {
            Some((mut t, strays)) => {
                // A continuation keeps the columns of the table it continues.
                if let Some(anchors) = carried.take().filter(|_| start == repeated) {
                    t.anchors = anchors.to_vec();
                }
                tables_out.push(t);
                body.extend(strays);
            }
            // Lines that make no grid stay text: nothing is lost.
            None => body.extend(block),
        }
    }
    body.extend(lines.map(|(_, l)| l));
    (body, tables_out)
}

/// The narrowest gutter on this line: `P.gutter_min_em`, and two of the font's spaces
/// (a monospaced font's space is 0.6 em: one space between words is no gutter).
/// The lines at the top of a page that continue this table: after the lines that
/// repeat its header (each piece's text found in a header cell, all the header's letters
/// and no more), a block whose pieces
/// all start at the anchors, with text in two columns on one line at least or under the
/// repeated header. Its first line holds two pieces, or one in a column other than the
/// first (the end of a cell split by the page break: a body paragraph would start at
/// the left column). Returns the header's lines and the end of the block.
fn continuation(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    continued: Continued,
    barriers: &[f32],
    rules: &[Seg],
) -> Option<(usize, usize)> {
    let starts = continued.anchors.split_last().map(|(_, s)| s)?;
    let at_anchor = |x: f32| starts.iter().any(|a| (a - x).abs() <= P.align_tol);
    let inner = |x: f32| starts.iter().skip(1).any(|a| (a - x).abs() <= P.align_tol);
    let letters = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    let header: Vec<String> = continued.header.iter().map(|t| letters(t)).collect();
    // The letters of each line's pieces when each is found in a header cell.
    let header_letters = |line: &Line| -> Option<usize> {
        let texts: Vec<String> = pieces_of(line)
            .iter()
            .map(|p| {
                let words = p.items.iter().filter_map(|i| match &i.kind {
                    Kind::Text(t) => Some(t.as_str()),
                    _ => None,
                });
                letters(&words.collect::<String>())
            })
            .collect();
        let found = texts
            .iter()
            .all(|t| !t.is_empty() && header.iter().any(|h| h.contains(t.as_str())));
        (found && !texts.is_empty()).then(|| texts.iter().map(|t| t.chars().count()).sum())
    };
    // The header is repeated when lines found in it hold exactly its letters.
    let total: usize = header.iter().map(|h| h.chars().count()).sum();
    let mut seen = 0;
    let mut skip = 0;
    for (k, line) in lines.iter().enumerate() {
        match header_letters(line) {
            Some(n) if total > 0 && seen + n <= total => seen += n,
            _ => break,
        }
        if seen == total {
            skip = k + 1;
            break;
        }
    }
    match pieces.get(skip)?.as_slice() {
        [] => return None,
        [only] if !inner(only[0]) => return None,
        _ => {}
    }
    let (end, _) = grow(lines, pieces, skip, barriers, rules);
    // Under a repeated header, one column's lines go on too (`grow` stops at a line
    // spanning its only column).
    let end = if skip > 0 {
        end.max(one_column_end(lines, pieces, skip, starts))
    } else {
        end
    };
    let block = &pieces[skip..end];
    (block.iter().flatten().all(|s| at_anchor(s[0]))
        && (skip > 0 || block.iter().any(|p| p.len() >= 2)))
    .then_some((skip, end))
}

/// The end of the lines from `start` that stay in one column: each starts at the same
/// column start, at a row's distance at most from the line above.
fn one_column_end(lines: &[Line], pieces: &[Vec<[f32; 2]>], start: usize, starts: &[f32]) -> usize {
    let column = |k: usize| match pieces.get(k).map(Vec::as_slice) {
        Some([only]) => starts
            .iter()
            .position(|a| (a - only[0]).abs() <= P.align_tol),
        _ => None,
    };
    let Some(first) = column(start) else {
        return start;
    };
    let mut end = start + 1;
    while let (Some(line), Some(prev)) = (lines.get(end), lines.get(end - 1)) {
        let white = (line.baseline - line.size) - prev.baseline;
        if white > P.max_row_gap_em * line.size.max(1.0) || column(end) != Some(first) {
            break;
        }
        end += 1;
    }
    end
}

/// Where a table found in lines `start..end` really starts: the lines just above it (not
/// before `floor`) whose pieces each start at a column's start and stay inside it (or
/// inside the table, from a column after the first), in the table's text size, are the
/// top of header cells aligned to their bottom, or of cells centred in a tall row.
fn header_start(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    (start, end): (usize, usize),
    floor: usize,
    columns: &[[f32; 2]],
) -> usize {
    let size = lines[start].size.max(1.0);
    let right = pieces[start..end]
        .iter()
        .flatten()
        .map(|s| s[1])
        .fold(f32::NEG_INFINITY, f32::max);
    // A piece starting at a column other than the first may span the columns after it
    // (a merged cell), not the table's edge.
    let inside_a_column = |s: &[f32; 2]| {
        columns.iter().enumerate().any(|(k, c)| {
            let next = columns.get(k + 1).map(|n| n[0]).unwrap_or(f32::INFINITY);
            let end = if k > 0 { right } else { next - P.align_tol };
            (s[0] - c[0]).abs() <= P.align_tol && s[1] < end + P.align_tol
        })
    };
    let beyond_first = |spans: &[[f32; 2]]| spans.iter().any(|s| s[0] > columns[0][1]);
    let mut top = start;
    while top > floor {
        let (line, below) = (&lines[top - 1], &lines[top]);
        let white = (below.baseline - below.size) - line.baseline;
        let same_size = (line.size - size).abs() <= P.header_size_tol * size;
        let max_gap = if beyond_first(&pieces[top - 1]) && beyond_first(&pieces[top]) {
            P.centred_row_gap_em
        } else {
            P.max_row_gap_em
        };
        if white > max_gap * size || !same_size || !pieces[top - 1].iter().all(inside_a_column) {
            break;
        }
        top -= 1;
    }
    top
}

/// Where a table really starts when a band between two rules spanning it stands just
/// above it: a header row (a web page's `thead`, its cells centred, so its text need
/// not start where the columns' text starts). Its lines, in the table's text size,
/// stay between the rules' ends.
fn ruled_header_start(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    (start, end): (usize, usize),
    floor: usize,
    columns: &[[f32; 2]],
    rules: &[Seg],
) -> usize {
    let (Some(first), Some(last)) = (columns.first(), columns.last()) else {
        return start;
    };
    if start == 0 || start <= floor {
        return start;
    }
    let width = last[1] - first[0];
    let spanning: Vec<Seg> = joined_rules(rules)
        .into_iter()
        .filter(|r| r.a <= first[0] && r.b.min(last[1]) - r.a.max(first[0]) >= P.rule_share * width)
        .collect();
    let size = lines[start].size.max(1.0);
    // The header's bottom rule: the first below the line above the table, and above
    // the table's last line (the table found may start inside the header: cells
    // centred vertically put the middle lines of the tallest header cells first).
    let last_baseline = lines[end.max(start + 1) - 1].baseline;
    let Some(bottom) = spanning
        .iter()
        .filter(|r| r.pos > lines[start - 1].baseline && r.pos < last_baseline)
        .min_by(|a, b| a.pos.total_cmp(&b.pos))
    else {
        return start;
    };
    let mut top = start;
    while top > floor {
        let line = &lines[top - 1];
        let inside = pieces[top - 1]
            .iter()
            .all(|s| s[0] >= bottom.a && s[1] <= bottom.b);
        if !inside || (line.size - size).abs() > P.header_size_tol * size {
            break;
        }
        top -= 1;
        // The header's top rule closes it.
        let above = top
            .checked_sub(1)
            .map(|k| lines[k].baseline)
            .unwrap_or(f32::NEG_INFINITY);
        if spanning.iter().any(|r| {
            r.pos < line.baseline - line.size * 0.5
                && r.pos > above
                && (r.a - bottom.a).abs() <= P.rule_join_tol
        }) {
            return top;
        }
    }
    start
}

/// Columns laid out by anchors (column starts, then the right edge), as `grow` would
/// find them: each ends a cell's padding before the next starts.
fn columns_at(anchors: &[f32]) -> Vec<[f32; 2]> {
    anchors
        .windows(2)
        .map(|w| [w[0], w[1] - 2.0 * P.cell_pad])
        .collect()
}

fn gutter_min(line: &Line) -> f32 {
    let space = line
        .items
        .iter()
        .map(|i| i.space_width)
        .filter(|w| w.is_finite())
        .fold(0.0f32, f32::max);
    (P.gutter_min_em * line.size.max(1.0)).max(P.gutter_spaces * space)
}

/// The line's ink, left to right, cut where the gap is gutter-wide.
fn pieces_of(line: &Line) -> Vec<Piece> {
    piece_groups(line)
        .into_iter()
        .map(|(span, items)| Piece {
            x0: span[0],
            items: items.into_iter().cloned().collect(),
        })
        .collect()
}

/// The x extents of the line's pieces (as `pieces_of`, without copying the items).
fn piece_spans(line: &Line) -> Vec<[f32; 2]> {
    piece_groups(line)
        .into_iter()
        .map(|(span, _)| span)
        .collect()
}

/// The line's ink cut where the gap is gutter-wide: each piece's extent and items. A
/// list bullet stays with the text after it (an indented list item in a cell).
fn piece_groups(line: &Line) -> Vec<([f32; 2], Vec<&Atom>)> {
    let min = gutter_min(line);
    let bullet_gap = P.bullet_gap_em * line.size.max(1.0);
    let mut out: Vec<([f32; 2], Vec<&Atom>)> = Vec::new();
    for it in line.items.iter().filter(|i| !i.is_space()) {
        match out.last_mut() {
            Some((span, items))
                if it.bbox[0] - span[1] < min
                    || (it.bbox[0] - span[1] < bullet_gap && is_lone_bullet(items)) =>
            {
                span[1] = span[1].max(it.bbox[2]);
                items.push(it);
            }
            _ => out.push(([it.bbox[0], it.bbox[2]], vec![it])),
        }
    }
    out
}

fn is_lone_bullet(items: &[&Atom]) -> bool {
    matches!(items, [only] if matches!(&only.kind, Kind::Text(t) if is_bullet_text(t)))
}

/// Add spans to a sorted union of spans, joining those closer than `min`.
fn union_with(union: &[[f32; 2]], spans: &[[f32; 2]], min: f32) -> Vec<[f32; 2]> {
    let mut all: Vec<[f32; 2]> = union.iter().chain(spans).copied().collect();
    all.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s[0] - last[1] < min => last[1] = last[1].max(s[1]),
            _ => out.push(s),
        }
    }
    out
}

/// Extend a block from line `start` as far as its gutters hold. Returns the end (one
/// past the last line) and the columns (ink extents between gutters).
fn grow(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    start: usize,
    barriers: &[f32],
    rules: &[Seg],
) -> (usize, Vec<[f32; 2]>) {
    let min = gutter_min(&lines[start]);
    let size = lines[start].size.max(1.0);
    let mut columns = union_with(&[], &pieces[start], min);
    let mut starts: Vec<f32> = pieces[start].iter().map(|s| s[0]).collect();
    let mut end = start + 1;
    while let (Some(line), Some(prev)) = (lines.get(end), lines.get(end - 1)) {
        let white = (line.baseline - line.size) - prev.baseline;
        let crosses_barrier = barriers
            .iter()
            .any(|&y| y >= prev.baseline && y <= line.baseline);
        let spans = &pieces[end];
        let beyond_first = columns.len() >= 2 && spans.iter().any(|s| s[0] > columns[0][1]);
        // A line whose pieces all start where columns start goes on the table.
        let at_starts = !spans.is_empty()
            && spans
                .iter()
                .all(|s| starts.iter().any(|x| (x - s[0]).abs() <= P.align_tol));
        let max_gap = if columns.len() >= 2 && under_rule(rules, &columns, prev, line, at_starts) {
            P.ruled_row_gap_em
        } else if beyond_first {
            P.centred_row_gap_em
        } else {
            P.max_row_gap_em
        };
        if white > max_gap * size || line.size > P.heading_scale * size || crosses_barrier {
            break;
        }
        // A line starting its pieces where columns start may span some of them (a
        // merged cell); any other line must leave the gutters open.
        let aligned = spans
            .iter()
            .all(|s| starts.iter().any(|x| (x - s[0]).abs() <= P.align_tol));
        let joined = union_with(&columns, spans, min);
        if aligned {
            if spans.iter().any(|s| spans_all(s, &columns)) {
                break;
            }
        } else if joined.len() >= columns.len() && joined.len() >= 2 {
            columns = joined;
        } else {
            break;
        }
        starts.extend(spans.iter().map(|s| s[0]));
        end += 1;
    }
    (end, columns)
}

/// Whether two lines stand under a rule (joined pieces, sorted by height) spanning
/// these columns, above the upper line (a table's top or header rule), and either over
/// another below the lower line (the table's bottom rule) or with the lower line's
/// pieces starting where columns start (a table cut by the page break has no bottom
/// rule on this page).
fn under_rule(
    rules: &[Seg],
    columns: &[[f32; 2]],
    upper: &Line,
    lower: &Line,
    at_starts: bool,
) -> bool {
    let (Some(left), Some(right)) = (columns.first(), columns.last()) else {
        return false;
    };
    let width = right[1] - left[0];
    let spans = |r: &&Seg| r.b.min(right[1]) - r.a.max(left[0]) >= P.rule_share * width;
    let below = rules.partition_point(|r| r.pos <= lower.baseline);
    rules[..below]
        .iter()
        .any(|r| r.pos < upper.baseline - upper.size && spans(&r))
        && (at_starts || rules[below..].iter().any(|r| spans(&r)))
}

/// Whether a span crosses every gutter between these columns.
fn spans_all(s: &[f32; 2], columns: &[[f32; 2]]) -> bool {
    match (columns.first(), columns.last()) {
        (Some(first), Some(last)) => s[0] <= first[1] && s[1] >= last[0],
        _ => false,
    }
}

/// Strong evidence only: every column holds text on two lines at least, and two lines
/// hold text in three columns, or two in two columns between two rules spanning them.
/// (A gap stretched in one justified line, or a number before a hanging indent above
/// paragraphs, is no column.)
fn is_table(lines: &[Line], pieces: &[Vec<[f32; 2]>], columns: &[[f32; 2]], rules: &[Seg]) -> bool {
    if columns.len() < 2 || lines.len() < 2 {
        return false;
    }
    let column_of = |x: f32| {
        columns
            .iter()
            .position(|c| x >= c[0] - P.align_tol && x <= c[1])
    };
    let mut support = vec![0usize; columns.len()];
    let mut widths = Vec::with_capacity(pieces.len());
    for spans in pieces {
        let mut cols: Vec<usize> = spans.iter().filter_map(|s| column_of(s[0])).collect();
        cols.dedup();
        for &c in &cols {
            support[c] += 1;
        }
        widths.push(cols.len());
    }
    if support.iter().any(|&n| n < 2) {
        return false;
    }
    let lines_over = |n: usize| widths.iter().filter(|&&w| w >= n).count();
    lines_over(P.min_columns) >= P.min_multi_lines
        || (columns.len() >= P.min_columns
            && support.iter().all(|&n| n >= P.staggered_support)
            && lines_over(2) >= P.staggered_support)
        || (lines_over(2) >= P.min_multi_lines && spanning_rules(lines, columns, rules).len() >= 2)
}

/// The rules across the block (between its first line's top and its last line's
/// bottom, or just outside) that cover most of its width.
fn spanning_rules(lines: &[Line], columns: &[[f32; 2]], rules: &[Seg]) -> Vec<Seg> {
    let (Some(first), Some(last), Some(left), Some(right)) =
        (lines.first(), lines.last(), columns.first(), columns.last())
    else {
        return Vec::new();
    };
    let (top, bottom) = (first.baseline - 2.0 * first.size, last.baseline + last.size);
    let width = right[1] - left[0];
    joined_rules(rules)
        .iter()
        .filter(|r| r.pos >= top && r.pos <= bottom)
        .filter(|r| r.b.min(right[1]) - r.a.max(left[0]) >= P.rule_share * width)
        .copied()
        .collect()
}

/// Rules drawn cell by cell (a browser draws each cell's border) joined into one rule
/// where they meet at one height.
fn joined_rules(rules: &[Seg]) -> Vec<Seg> {
    let mut sorted = rules.to_vec();
    sorted.sort_by(|p, q| p.pos.total_cmp(&q.pos).then(p.a.total_cmp(&q.a)));
    let mut out: Vec<Seg> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last)
                if (r.pos - last.pos).abs() <= P.rule_join_tol
                    && r.a <= last.b + P.rule_join_tol =>
            {
                last.b = last.b.max(r.b)
            }
            _ => out.push(r),
        }
    }
    out
}

/// A table whose rows are laid out each on its own (a web page whose table rows are
/// flex boxes or CSS grids, each cell as wide as its content): no column lines up with
/// the next row's, so no gutter runs down the table. The header fixes the columns:
/// from line `start`, a header line of `k` pieces (three or more), then rows each
/// starting on a line of `k` pieces (one per cell) further below the line above than
/// a line's pitch; the other lines of a row stay centred in its cells. Strong evidence
/// only: rows whose cells stand at different places, or a cell starting under another
/// header cell than its own (else the columns line up and `grow` finds them). Returns
/// the end of the table and each row's lines.
fn stacked_rows(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    start: usize,
    barriers: &[f32],
    pitch: f32,
) -> Option<(usize, Vec<[usize; 2]>)> {
    let k = pieces[start].len();
    if k < P.min_columns {
        return None;
    }
    let size = lines[start].size.max(1.0);
    let mut rows: Vec<[usize; 2]> = vec![[start, start + 1]];
    let mut bounds = cell_bounds(&pieces[start]);
    let mut end = start + 1;
    while let (Some(line), Some(prev)) = (lines.get(end), lines.get(end - 1)) {
        let white = (line.baseline - line.size) - prev.baseline;
        let crosses = barriers
            .iter()
            .any(|&y| y >= prev.baseline && y <= line.baseline);
        let spans = &pieces[end];
        // (A header's text may be a little smaller than the rows'.)
        if white > P.max_row_gap_em * size
            || line.size > P.heading_scale * size
            || line.size * P.heading_scale < size
            || crosses
            || spans.is_empty()
            || spans.len() > k
        {
            break;
        }
        // A row starts below its cells' padding (a header's lines, centred, may start
        // elsewhere a line's pitch apart).
        let drop = line.baseline - prev.baseline;
        if spans.len() == k && drop > (pitch + P.row_break_em) * line.size {
            rows.push([end, end + 1]);
            bounds = cell_bounds(spans);
        } else if spans.iter().all(|s| {
            // Centred in one cell of the row (a header's lines are centred).
            let c = bounds.partition_point(|&b| b <= (s[0] + s[1]) / 2.0);
            c >= 1 && c < bounds.len()
        }) {
            if let Some(r) = rows.last_mut() {
                r[1] = end + 1;
            }
        } else {
            break;
        }
        end += 1;
    }
    let starts = |r: &[usize; 2]| pieces[r[0]].iter().map(|s| s[0]).collect::<Vec<f32>>();
    let data: Vec<Vec<f32>> = rows.iter().skip(1).map(starts).collect();
    let differ = data.iter().any(|a| {
        data.iter()
            .any(|b| a.iter().zip(b).any(|(x, y)| (x - y).abs() > P.align_tol))
    });
    // A cell of a row starting under another header cell than its own.
    let header = cell_bounds(&pieces[start]);
    let astray = data.iter().any(|row| {
        row.iter()
            .enumerate()
            .any(|(j, &x)| header.partition_point(|&b| b <= x) != j + 1)
    });
    (!data.is_empty() && (differ || astray)).then_some((end, rows))
}

/// Rows each led by a check box with its other cells beside it, laid out each on its
/// own without a header (flex boxes sized by their content: the form's participant
/// categories, each with its counts): from line `start`, a row starts on each line led
/// by a box and holding two pieces or more; the lines below it, a line's pitch apart and
/// led by no box, are its own (a label or a count wrapped in its cell). A line further
/// below, or of another size, ends the block. Returns the end of the block and each
/// row's lines, when `P.min_boxed_rows` rows are found.
fn boxed_rows(
    lines: &[Line],
    pieces: &[Vec<[f32; 2]>],
    start: usize,
    barriers: &[f32],
    pitch: f32,
) -> Option<(usize, Vec<[usize; 2]>)> {
    let leads = |j: usize| lines[j].starts_with_box() && pieces[j].len() >= 2;
    if !leads(start) {
        return None;
    }
    let size = lines[start].size.max(1.0);
    let mut rows: Vec<[usize; 2]> = vec![[start, start + 1]];
    let mut end = start + 1;
    while let (Some(line), Some(prev)) = (lines.get(end), lines.get(end - 1)) {
        let white = (line.baseline - line.size) - prev.baseline;
        let crosses = barriers
            .iter()
            .any(|&y| y >= prev.baseline && y <= line.baseline);
        if white > P.max_row_gap_em * size
            || line.size > P.heading_scale * size
            || line.size * P.heading_scale < size
            || crosses
            || pieces[end].is_empty()
        {
            break;
        }
        if leads(end) {
            rows.push([end, end + 1]);
        } else if line.starts_with_box()
            || line.baseline - prev.baseline > (pitch + P.row_break_em) * line.size
        {
            break;
        } else if let Some(r) = rows.last_mut() {
            r[1] = end + 1;
        }
        end += 1;
    }
    (rows.len() >= P.min_boxed_rows).then_some((end, rows))
}

/// A row's cell boundaries from the pieces of its first line: halfway between one
/// piece's end and the next's start, open at both ends.
fn cell_bounds(spans: &[[f32; 2]]) -> Vec<f32> {
    let mut out = vec![f32::NEG_INFINITY];
    out.extend(spans.windows(2).map(|w| (w[0][1] + w[1][0]) / 2.0));
    out.push(f32::INFINITY);
    out
}

/// Lay a grid of rows each with its own cells over a block that `stacked_rows` or
/// `boxed_rows` found.
fn build_stacked(block: &[Line], pitch: f32) -> Option<TextTable> {
    let pieces: Vec<Vec<[f32; 2]>> = block.iter().map(piece_spans).collect();
    let whole = |found: Option<(usize, Vec<[usize; 2]>)>| found.filter(|f| f.0 == block.len());
    let (_, rows) = whole(stacked_rows(block, &pieces, 0, &[], pitch))
        .or_else(|| whole(boxed_rows(block, &pieces, 0, &[], pitch)))?;
    let left = pieces
        .iter()
        .flatten()
        .map(|s| s[0])
        .fold(f32::INFINITY, f32::min)
        - 1.0;
    let right = pieces
        .iter()
        .flatten()
        .map(|s| s[1])
        .fold(f32::NEG_INFINITY, f32::max)
        + P.cell_pad;
    let top = |l: &Line| l.bbox[1].min(l.baseline - l.size) - 1.0;
    let mut specs: Vec<([f32; 2], Vec<f32>)> = Vec::with_capacity(rows.len());
    for (n, r) in rows.iter().enumerate() {
        let first = block.get(r[0])?;
        let last = block.get(r[1] - 1)?;
        let bottom = match rows.get(n + 1) {
            Some(next) => top(block.get(next[0])?),
            None => last.bbox[3].max(last.baseline) + 1.0,
        };
        let mut xs = cell_bounds(&pieces[r[0]]);
        if let Some(a) = xs.first_mut() {
            *a = left;
        }
        if let Some(b) = xs.last_mut() {
            *b = right;
        }
        specs.push(([top(first), bottom], xs));
    }
    let grid = Grid::from_rows(&specs)?;
    let mut cells: Vec<Vec<Atom>> = vec![Vec::new(); grid.cells.len()];
    let mut first_cell = 0;
    let mut lines = block.iter();
    for (r, spec) in rows.iter().zip(&specs) {
        for _ in r[0]..r[1] {
            let line = lines.next()?;
            for p in pieces_of(line) {
                let c = spec.1.partition_point(|&b| b <= p.x0).saturating_sub(1);
                let c = c.min(spec.1.len().saturating_sub(2));
                if let Some(cell) = cells.get_mut(first_cell + c) {
                    cell.extend(p.items);
                }
            }
        }
        first_cell += spec.1.len() - 1;
    }
    let header = rows.first()?;
    let mut anchors: Vec<f32> = pieces[header[0]].iter().map(|s| s[0]).collect();
    anchors.push(right);
    Some(TextTable {
        grid,
        anchors,
        cells,
    })
}

/// Lay a grid over the block and put each piece of each line in the cell where it
/// starts. A piece that starts in no cell (left of the first column, right of the
/// last) comes back as a line of its own, for the body.
fn build(
    block: &[Line],
    columns: &[[f32; 2]],
    rules: &[Seg],
    pitch: f32,
) -> Option<(TextTable, Vec<Line>)> {
    let first = block.first()?;
    let last = block.last()?;
    let top = block
        .iter()
        .map(|l| l.bbox[1])
        .fold(first.baseline - first.size, f32::min)
        - 1.0;
    let bottom = block
        .iter()
        .map(|l| l.bbox[3])
        .fold(last.baseline, f32::max)
        + 1.0;
    let (left, right) = (columns.first()?[0] - 1.0, columns.last()?[1] + P.cell_pad);
    // Column boundaries: where the rules drawn under each cell meet, else a cell's
    // padding after its text, short of the next column.
    let ends: Vec<f32> = rules
        .iter()
        .filter(|r| r.pos >= top && r.pos <= bottom)
        .flat_map(|r| [r.a, r.b])
        .collect();
    let mut xs = vec![left];
    for pair in columns.windows(2) {
        let (ink_end, next_ink) = (pair[0][1], pair[1][0]);
        let padded = (ink_end + P.cell_pad).min(next_ink - 0.5);
        let edge = ends
            .iter()
            .copied()
            .filter(|&e| e > ink_end && e < next_ink)
            .min_by(|a, b| (a - padded).abs().total_cmp(&(b - padded).abs()));
        xs.push(edge.unwrap_or(padded));
    }
    xs.push(right);
    let vs: Vec<Seg> = xs
        .iter()
        .map(|&x| Seg {
            pos: x,
            a: top,
            b: bottom,
        })
        .collect();
    let mut hs = vec![
        Seg {
            pos: top,
            a: left,
            b: right,
        },
        Seg {
            pos: bottom,
            a: left,
            b: right,
        },
    ];
    // Rows: the rules inside the table (a rule only under some columns leaves the
    // others' cells spanning rows), and the gaps between rows where no rule runs.
    let inner_rules: Vec<Seg> = rules
        .iter()
        .filter(|r| r.pos > top + 1.0 && r.pos < bottom - 1.0 && r.b > left && r.a < right)
        .map(|r| Seg {
            pos: r.pos,
            a: r.a.max(left),
            b: r.b.min(right),
        })
        .collect();
    let ruled = |band: [f32; 2]| {
        inner_rules
            .iter()
            .any(|r| r.pos >= band[0] && r.pos <= band[1])
    };
    hs.extend(
        centred_rows(
            block,
            &xs,
            unsplit_paragraphs(block, &xs, pitch, gap_rows(block, &xs, pitch)),
        )
        .into_iter()
        .filter(|band| !ruled(*band))
        .map(|band| Seg {
            pos: (band[0] + band[1]) / 2.0,
            a: left,
            b: right,
        }),
    );
    hs.extend(inner_rules.iter().copied());
    let grid = tables::from_segments(&hs, &vs)?;
    let mut cells: Vec<Vec<Atom>> = vec![Vec::new(); grid.cells.len()];
    let mut starts: Vec<Vec<f32>> = vec![Vec::new(); grid.cols()];
    let mut strays = Vec::new();
    for line in block {
        let y = line.baseline - 0.3 * line.size;
        for piece in pieces_of(line) {
            match grid
                .cell_at(piece.x0 + 0.5, y)
                .and_then(|c| cells.get_mut(c))
            {
                Some(cell) => cell.extend(piece.items),
                None => strays.extend(line.part(piece.items)),
            }
            let col = grid
                .xs
                .partition_point(|&x| x <= piece.x0 + 0.5)
                .saturating_sub(1);
            if let Some(s) = starts.get_mut(col) {
                s.push(piece.x0);
            }
        }
    }
    let mut anchors: Vec<f32> = starts
        .iter()
        .zip(&grid.xs)
        .map(|(s, &x)| usual_start(s).unwrap_or(x))
        .collect();
    anchors.push(right);
    let table = TextTable {
        grid,
        anchors,
        cells,
    };
    Some((table, strays))
}

/// The white bands between rows, from the vertical gaps: where a line starts further
/// below every line above it than the usual pitch allows (paragraphs inside a cell
/// stay closer than rows, which add the cells' padding), or where paragraphs start in
/// two columns at once below every line above (cells are top-aligned; in pandoc's
/// tables paragraphs inside a cell are further apart than rows). Lines of neighbouring
/// cells may interleave. Each band runs from the last baseline above to the next
/// line's top.
fn gap_rows(block: &[Line], xs: &[f32], pitch: f32) -> Vec<[f32; 2]> {
    let mut out = Vec::new();
    // The table's usual text size: the median line's.
    let mut sizes: Vec<f32> = block.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let usual = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let mut lowest = f32::NEG_INFINITY;
    // The last baseline in each column, and where its row's list items start.
    let mut last: Vec<Option<f32>> = vec![None; xs.len()];
    let mut bullets: Vec<Option<f32>> = vec![None; xs.len()];
    for line in block {
        let drop = line.baseline - lowest;
        let mut pieces: Vec<Placed> = pieces_of(line).iter().map(|p| placed(p, xs)).collect();
        pieces.dedup_by_key(|p| p.col);
        // A paragraph starts in a column when it is further below the column's last
        // line than a line's pitch in its text size, or in the table's usual size when
        // larger (smaller text keeps the line height of the text around it: CSS's strut).
        let starts = |p: &Placed| {
            last.get(p.col)
                .copied()
                .flatten()
                .is_none_or(|b| p.baseline - b > (pitch + P.paragraph_gap_em) * p.size.max(usual))
        };
        let cells_start = pieces.len() >= 2 && drop > 0.0 && pieces.iter().all(starts);
        // One more item of a list stays in the list's cell, however far below (list
        // items may be further apart than rows): alone on its line, or beside more
        // items of the lists of other columns, none in the first (the column whose
        // new text starts a row; a page break may have left it above).
        let goes_on =
            |p: &Placed| {
                p.bullet.is_some_and(|x| {
                    bullets
                        .get(p.col)
                        .copied()
                        .flatten()
                        .is_some_and(|b| (b - x).abs() <= P.align_tol)
                        && last.get(p.col).copied().flatten().is_some_and(|b| {
                            p.baseline - b <= P.list_item_gap_pitches * pitch * p.size
                        })
                })
            };
        let list_goes_on = match pieces.as_slice() {
            [p] => goes_on(p),
            ps => !ps.is_empty() && ps.iter().all(|p| p.col > 0 && goes_on(p)),
        };
        let row_break = (drop > (pitch + P.row_break_em) * line.size.max(usual) || cells_start)
            && !list_goes_on;
        if row_break && lowest.is_finite() {
            out.push([lowest, line.baseline - line.size]);
            bullets.fill(None);
        }
        lowest = lowest.max(line.baseline);
        for p in pieces {
            if let Some(slot) = last.get_mut(p.col) {
                *slot = Some(p.baseline);
            }
            if let (Some(x), Some(slot)) = (p.bullet, bullets.get_mut(p.col)) {
                *slot = Some(x);
            }
        }
    }
    out
}

/// The row gaps left when no column has a paragraph running across them: a line just
/// above and the next line just below, in one column, a line's pitch apart. (Beside
/// a paragraph centred in a tall row, paragraphs may start in two other columns at once.)
fn unsplit_paragraphs(
    block: &[Line],
    xs: &[f32],
    pitch: f32,
    bands: Vec<[f32; 2]>,
) -> Vec<[f32; 2]> {
    let mut pieces: Vec<Placed> = block
        .iter()
        .flat_map(|l| {
            pieces_of(l)
                .iter()
                .map(|p| placed(p, xs))
                .collect::<Vec<_>>()
        })
        .collect();
    pieces.sort_by(|a, b| a.col.cmp(&b.col).then(a.baseline.total_cmp(&b.baseline)));
    let runs_across = |band: &[f32; 2]| {
        pieces.windows(2).any(|w| {
            w[0].col == w[1].col
                && w[0].baseline <= band[0] + P.align_tol
                && w[1].baseline - w[1].size >= band[1] - P.align_tol
                && w[1].baseline - w[0].baseline <= (pitch + P.paragraph_gap_em) * w[1].size
        })
    };
    bands.into_iter().filter(|b| !runs_across(b)).collect()
}

/// The row gaps left when rows hold cells centred vertically (the browser's default):
/// a gap between two rows goes when a column holding text in one of them only, off
/// the middle of that row, sits on the middle of the two rows together (a label
/// beside a value whose paragraphs the gaps split).
fn centred_rows(block: &[Line], xs: &[f32], mut bands: Vec<[f32; 2]>) -> Vec<[f32; 2]> {
    // Each column's first and last baseline in each row, and the text size.
    let extents = |bands: &[[f32; 2]]| {
        let mut rows = vec![vec![None::<[f32; 2]>; xs.len() + 1]; bands.len() + 1];
        let mut size = 0.0f32;
        for line in block {
            let row = bands.partition_point(|b| b[1] <= line.baseline - line.size);
            for p in pieces_of(line).iter().map(|p| placed(p, xs)) {
                size = size.max(p.size);
                if let Some(slot) = rows.get_mut(row).and_then(|r| r.get_mut(p.col)) {
                    let e = slot.get_or_insert([p.baseline, p.baseline]);
                    *e = [e[0].min(p.baseline), e[1].max(p.baseline)];
                }
            }
        }
        (rows, size.max(1.0))
    };
    let middle = |cells: &[Option<[f32; 2]>]| {
        let (top, bottom) = cells
            .iter()
            .flatten()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(t, b), e| {
                (t.min(e[0]), b.max(e[1]))
            });
        (top + bottom) / 2.0
    };
    let mut k = 0;
    while k < bands.len() {
        let (rows, size) = extents(&bands);
        let (above, below) = (&rows[k], &rows[k + 1]);
        let both: Vec<Option<[f32; 2]>> = above
            .iter()
            .zip(below)
            .map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => Some([a[0].min(b[0]), a[1].max(b[1])]),
                (a, b) => a.or(*b),
            })
            .collect();
        let tol = P.centre_tol_em * size;
        // Cells of one row all starting on one baseline are aligned to the top (a word
        // processor's table): a shorter cell there is no sign of centring.
        let top_aligned = |own: &[Option<[f32; 2]>]| {
            let mut firsts = own.iter().flatten().map(|e| e[0]);
            firsts.next().is_some_and(|f| {
                let rest: Vec<f32> = firsts.collect();
                !rest.is_empty() && rest.iter().all(|x| (x - f).abs() <= tol)
            })
        };
        let joins = |own: &[Option<[f32; 2]>], other: &[Option<[f32; 2]>]| {
            !top_aligned(own)
                && own.iter().zip(other).any(|(e, o)| match (e, o) {
                    (Some(e), None) => {
                        let mid = (e[0] + e[1]) / 2.0;
                        (mid - middle(own)).abs() > tol && (mid - middle(&both)).abs() <= tol
                    }
                    _ => false,
                })
        };
        if joins(above, below) || joins(below, above) {
            bands.remove(k);
        } else {
            k += 1;
        }
    }
    bands
}

/// A line's piece as rows are found: its column, its own baseline (a line gathers text
/// a little above or below) and text size (a line may gather cells in two sizes), and
/// where it starts when it starts with a list bullet.
struct Placed {
    col: usize,
    baseline: f32,
    size: f32,
    bullet: Option<f32>,
}

fn placed(p: &Piece, xs: &[f32]) -> Placed {
    let (baseline, size) = p
        .items
        .iter()
        .fold((f32::NEG_INFINITY, 0.0f32), |(b, s), i| {
            (b.max(i.baseline), s.max(i.size))
        });
    let bullet = p
        .items
        .first()
        .filter(|i| matches!(&i.kind, Kind::Text(t) if is_bullet_text(t)))
        .map(|_| p.x0);
    Placed {
        col: xs.partition_point(|&x| x <= p.x0 + 0.5),
        baseline,
        size,
        bullet,
    }
}

/// The most common start among these (within `P.align_tol`), the leftmost on a tie.
fn usual_start(starts: &[f32]) -> Option<f32> {
    let mut sorted = starts.to_vec();
    sorted.sort_by(f32::total_cmp);
    let mut best: Option<(usize, f32)> = None;
    for (i, &x) in sorted.iter().enumerate() {
        let n = sorted[i..]
            .iter()
            .take_while(|&&y| y - x <= P.align_tol)
            .count();
        if best.is_none_or(|(m, _)| n > m) {
            best = Some((n, x));
        }
    }
    best.map(|(_, x)| x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::text::{self, tests::word_items};

    /// Lines of text, each given as (pieces at x, baseline).
    fn page(rows: &[(&[(&str, f32)], f32)]) -> Vec<Line> {
        let mut items = Vec::new();
        for (pieces, y) in rows {
            for (t, x) in pieces.iter() {
                items.extend(word_items(t, *x, *y));
            }
        }
        text::lines(items)
    }

    /// The cell texts of the one table `find` makes of `lines`, all of them taken.
    fn the_only_table(lines: Vec<Line>, rules: &[Seg], pitch: f32) -> Vec<Vec<String>> {
        let (body, tables) = find(lines, rules, &[], pitch, None);
        assert!(body.is_empty());
        assert_eq!(tables.len(), 1);
        texts(&tables[0])
    }

    fn texts(t: &TextTable) -> Vec<Vec<String>> {
        let mut rows = vec![Vec::new(); t.grid.rows()];
        for (gc, items) in t.grid.cells.iter().zip(&t.cells) {
            let s: String = text::lines(items.clone())
                .iter()
                .map(|l| l.text())
                .collect::<Vec<_>>()
                .join(" ");
            rows[gc.row].push(s);
        }
        rows
    }

    #[test]
    fn three_aligned_columns_make_a_table_with_rows_from_gaps() {
        let lines = page(&[
            (
                &[
                    ("Theme", 50.0),
                    ("Irritants", 200.0),
                    ("Points forts", 350.0),
                ],
                100.0,
            ),
            (
                &[("N° 4", 50.0), ("Outils peu", 200.0), ("Eleves", 350.0)],
                118.0,
            ),
            (&[("fiables", 200.0), ("motives", 350.0)], 130.0),
            (
                &[
                    ("N° 5", 50.0),
                    ("Peu de temps", 200.0),
                    ("Ressources", 350.0),
                ],
                148.0,
            ),
        ]);
        assert_eq!(
            the_only_table(lines, &[], 1.2),
            vec![
                vec!["Theme", "Irritants", "Points forts"],
                vec!["N° 4", "Outils peu fiables", "Eleves motives"],
                vec!["N° 5", "Peu de temps", "Ressources"],
            ]
        );
    }

    /// A web page's table (pandoc's CSS): no rules, cells centred vertically, so the
    /// label column's lines interleave with the value's and few lines hold text in all
    /// three columns; the value's paragraphs are further apart than a row break.
    #[test]
    fn centred_cells_make_rows_around_the_label_they_centre_on() {
        let lines = page(&[
            (&[("12 Octobre 2020", 188.0)], 81.25),
            (&[("Atelier : offre", 188.0)], 106.25),
            (&[("Date et lieu", 80.0)], 113.75),
            (&[("numerique", 188.0)], 121.25),
            (&[("de la session", 80.0)], 128.75),
            (&[("2 ateliers", 188.0)], 146.25),
            (&[("participants", 188.0)], 161.25),
            (
                &[
                    ("Format", 80.0),
                    ("Presentiel", 188.0),
                    ("Distanciel", 330.0),
                ],
                200.6,
            ),
            (&[("Cocher la case", 80.0)], 225.0),
            (&[("correspondante", 80.0), ("Les 2", 330.0)], 240.0),
            (&[("Animateurs", 80.0), ("Jose Giudicelli", 188.0)], 268.75),
            (&[("de la session", 80.0), ("Corse", 188.0)], 283.75),
            (
                &[
                    ("Participants", 80.0),
                    ("Equipes", 188.0),
                    ("Nombre : 8", 330.0),
                ],
                318.0,
            ),
        ]);
        assert_eq!(
            the_only_table(lines, &[], 1.5),
            vec![
                vec![
                    "Date et lieu de la session",
                    "12 Octobre 2020 Atelier : offre numerique 2 ateliers participants",
                    ""
                ],
                vec!["Format", "Presentiel", "Distanciel"],
                vec!["Cocher la case correspondante", "", "Les 2"],
                vec!["Animateurs de la session", "Jose Giudicelli Corse", ""],
                vec!["Participants", "Equipes", "Nombre : 8"],
            ]
        );
    }

    /// Beside a tall centred label, paragraphs start in the label's and the counts'
    /// columns on one line while the category's paragraph runs on across it: one row.
    #[test]
    fn a_paragraph_running_across_a_gap_keeps_its_row_whole() {
        let lines = page(&[
            (&[("Participants", 80.0), ("Nombre de", 330.0)], 312.5),
            (
                &[("a la session", 80.0), ("participants : 8", 330.0)],
                327.5,
            ),
            (&[("Equipes du", 188.0)], 332.5),
            (&[("premier", 188.0)], 347.5),
            (&[("Cocher les", 80.0), ("Nombre", 330.0)], 352.5),
            (&[("degre", 188.0)], 362.5),
            (&[("correspondantes", 80.0), ("d'etab : 3", 330.0)], 367.5),
            (&[("Equipes second", 188.0), ("Nombre : 12", 330.0)], 400.0),
        ]);
        assert_eq!(
            the_only_table(lines, &[], 1.5),
            vec![
                vec![
                    "Participants a la session Cocher les correspondantes",
                    "Equipes du premier degre",
                    "Nombre de participants : 8 Nombre d'etab : 3"
                ],
                vec!["", "Equipes second", "Nombre : 12"],
            ]
        );
    }

    /// A browser draws the rules above and below a table body cell by cell; the body's
    /// first line holds text in one column only (the other cell is centred lower).
    #[test]
    fn two_columns_between_rules_drawn_cell_by_cell_make_a_table() {
        let rules: Vec<Seg> = [90.0, 160.0]
            .iter()
            .flat_map(|&y| [[45.0, 300.0], [300.0, 400.0]].map(|[a, b]| Seg { pos: y, a, b }))
            .collect();
        let lines = page(&[
            (&[("Associations", 210.0)], 105.0),
            (&[("actifs", 210.0), ("Nombre : 1", 320.0)], 117.0),
            (&[("locale", 210.0)], 129.0),
            (&[("Elus", 210.0), ("Nombre : 7", 320.0)], 150.0),
        ]);
        assert_eq!(
            the_only_table(lines, &rules, 1.2),
            vec![
                vec!["Associations actifs locale", "Nombre : 1"],
                vec!["Elus", "Nombre : 7"],
            ]
        );
    }

    /// Lists in cells: each bullet stays with its item's text, in the item's column.
    #[test]
    fn bullets_in_cells_are_no_columns() {
        let item = |t: &'static str, x: f32| [("•", x), (t, x + 15.0)];
        let row = |first: Option<&'static str>, a: &'static str, b: &'static str| {
            let mut pieces: Vec<(&str, f32)> = first.map(|t| (t, 50.0)).into_iter().collect();
            pieces.extend(item(a, 200.0));
            pieces.extend(item(b, 350.0));
            pieces
        };
        let rows = [
            (row(Some("N° 4"), "Outils", "Eleves"), 100.0),
            (row(None, "Temps", "Acces"), 112.0),
            (row(Some("N° 5"), "Peu", "Aide"), 136.0),
        ];
        let lines = page(
            &rows
                .iter()
                .map(|(p, y)| (p.as_slice(), *y))
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            the_only_table(lines, &[], 1.2),
            vec![
                vec!["N° 4", "• Outils • Temps", "• Eleves • Acces"],
                vec!["N° 5", "• Peu", "• Aide"],
            ]
        );
    }

    /// Cells centred vertically: a row's first line may be one more item of the list in
    /// the same column of the row above, far below it; it starts a row.
    #[test]
    fn a_list_item_far_below_its_list_starts_a_row() {
        let line = |pieces: &[(&'static str, f32, bool)]| -> Vec<(&'static str, f32)> {
            pieces
                .iter()
                .flat_map(|&(t, x, bullet)| match bullet {
                    true => vec![("•", x), (t, x + 15.0)],
                    false => vec![(t, x)],
                })
                .collect()
        };
        let rows = [
            (
                line(&[
                    ("N° 3", 50.0, false),
                    ("Lourdeurs", 200.0, true),
                    ("Ancien", 350.0, true),
                ]),
                100.0,
            ),
            (line(&[("Mobilisation", 350.0, true)]), 115.0),
            (line(&[("Eclate", 200.0, true)]), 150.0),
            (line(&[("Volonte", 350.0, true)]), 165.0),
            (line(&[("2 :", 50.0, false)]), 172.5),
            (line(&[("Multiple", 200.0, true)]), 180.0),
            (line(&[("Connaissance", 350.0, true)]), 195.0),
            (
                line(&[
                    ("3 :", 50.0, false),
                    ("ENT", 200.0, true),
                    ("Collab", 350.0, true),
                ]),
                230.0,
            ),
            (
                line(&[("Autonomes", 200.0, true), ("Offre", 350.0, true)]),
                245.0,
            ),
        ];
        let lines = page(
            &rows
                .iter()
                .map(|(p, y)| (p.as_slice(), *y))
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            the_only_table(lines, &[], 1.5),
            vec![
                vec!["N° 3", "• Lourdeurs", "• Ancien • Mobilisation"],
                vec!["2 :", "• Eclate • Multiple", "• Volonte • Connaissance"],
                vec!["3 :", "• ENT • Autonomes", "• Collab • Offre"],
            ]
        );
    }

    /// A web page's `thead` between two rules drawn cell by cell, its cells centred: a
    /// header row, though its text does not start where the columns' text starts.
    #[test]
    fn a_header_between_rules_is_the_tables_first_row() {
        let rules: Vec<Seg> = [28.0, 72.0]
            .iter()
            .flat_map(|&y| [[45.0, 300.0], [300.0, 400.0]].map(|[a, b]| Seg { pos: y, a, b }))
            .collect();
        let lines = page(&[
            (&[("Nom de la", 70.0)], 40.0),
            (&[("Corse", 250.0)], 52.0),
            (&[("academique", 75.0)], 64.0),
            (
                &[
                    ("Format", 50.0),
                    ("Presentiel", 200.0),
                    ("Distanciel", 330.0),
                ],
                90.0,
            ),
            (&[("Cocher", 50.0), ("Oui", 200.0), ("Les 2", 330.0)], 110.0),
        ]);
        assert_eq!(
            the_only_table(lines, &rules, 1.2),
            vec![
                vec!["Nom de la academique", "Corse", ""],
                vec!["Format", "Presentiel", "Distanciel"],
                vec!["Cocher", "Oui", "Les 2"],
            ]
        );
    }

    #[test]
    fn paragraphs_and_two_columns_without_rules_are_no_table() {
        let lines = page(&[
            (
                &[(
                    "Un paragraphe ordinaire qui court sur toute la largeur",
                    50.0,
                )],
                100.0,
            ),
            (&[("de la page sans colonnes", 50.0)], 112.0),
            (&[("Moyens financiers :", 50.0), ("Budget", 200.0)], 130.0),
            (&[("Moyens humains :", 50.0), ("Un charge", 200.0)], 142.0),
        ]);
        let (body, tables) = find(lines, &[], &[], 1.2, None);
        assert!(tables.is_empty());
        assert_eq!(body.len(), 4);
    }

    #[test]
    fn two_columns_between_rules_make_a_table_with_rows_from_the_rules() {
        let rules = [90.0, 116.0, 142.0].map(|y| Seg {
            pos: y,
            a: 45.0,
            b: 400.0,
        });
        let lines = page(&[
            (&[("Moyens financiers :", 50.0), ("Budget", 200.0)], 100.0),
            (&[("de la Region", 200.0)], 112.0),
            (&[("Moyens humains :", 50.0), ("Un charge", 200.0)], 126.0),
        ]);
        assert_eq!(
            the_only_table(lines, &rules, 1.2),
            vec![
                vec!["Moyens financiers :", "Budget de la Region"],
                vec!["Moyens humains :", "Un charge"]
            ]
        );
    }

    #[test]
    fn a_paragraph_after_a_table_is_not_a_row() {
        let lines = page(&[
            (
                &[
                    ("Theme", 50.0),
                    ("Irritants", 200.0),
                    ("Points forts", 350.0),
                ],
                100.0,
            ),
            (
                &[("N° 4", 50.0), ("Outils", 200.0), ("Eleves", 350.0)],
                118.0,
            ),
            (
                &[(
                    "Un paragraphe ordinaire qui court sur toute la largeur de la page",
                    50.0,
                )],
                136.0,
            ),
        ]);
        let (body, tables) = find(lines, &[], &[], 1.2, None);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].grid.rows(), 2);
        assert_eq!(body.len(), 1);
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::*;
    use crate::pdf::layout::text::{self, tests::word_items};

    #[test]
    fn a_hanging_number_and_one_stretched_gap_are_no_table() {
        // "1." before a hanging indent, paragraphs under it, one justified line with a
        // wide gap: a column of one line, another holding numbers only.
        let mut items = word_items("1.", 50.0, 100.0);
        items.extend(word_items("PREAMBULE", 70.0, 100.0));
        items.extend(word_items("Le texte du paragraphe qui va", 70.0, 112.0));
        items.extend(word_items("avec un blanc", 240.0, 112.0));
        items.extend(word_items("Encore du texte ordinaire ici", 70.0, 124.0));
        items.extend(word_items("2.", 50.0, 136.0));
        items.extend(word_items("TRADUCTION", 70.0, 136.0));
        let (body, tables) = find(text::lines(items), &[], &[], 1.2, None);
        assert!(tables.is_empty());
        assert_eq!(body.len(), 4);
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;
    use crate::pdf::layout::text::{self, tests::word_items};

    #[test]
    fn header_cells_aligned_to_their_bottom_belong_to_the_table() {
        // pandoc/LibreOffice: "Thématique / concernée / (parmi les 5)" ends on the line
        // of the other headings; a larger heading above is not part of it.
        let mut items: Vec<Atom> = word_items("Diagnostic", 50.0, 70.0)
            .into_iter()
            .map(|i| Atom { size: 14.0, ..i })
            .collect();
        items.extend(word_items("Thematique", 50.0, 88.0));
        items.extend(word_items("concernee", 50.0, 100.0));
        for (t, x) in [
            ("(parmi 5)", 50.0),
            ("RETEX", 200.0),
            ("Points forts", 350.0),
        ] {
            items.extend(word_items(t, x, 112.0));
        }
        for (t, x) in [("N° 4", 50.0), ("1 :", 200.0), ("Eleves", 350.0)] {
            items.extend(word_items(t, x, 130.0));
        }
        let (body, tables) = find(text::lines(items), &[], &[], 1.2, None);
        assert_eq!(body.len(), 1, "the heading stays a paragraph");
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        let first: Vec<String> = t
            .grid
            .cells
            .iter()
            .zip(&t.cells)
            .filter(|(c, _)| c.row == 0 && c.col == 0)
            .map(|(_, items)| {
                text::lines(items.clone())
                    .iter()
                    .map(|l| l.text())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(first, vec!["Thematique concernee (parmi 5)"]);
    }
}

#[cfg(test)]
mod row_tests {
    use super::*;
    use crate::pdf::layout::text::{self, tests::word_items};

    fn rows(t: &TextTable) -> Vec<Vec<String>> {
        let mut rows = vec![vec![String::new(); t.grid.cols()]; t.grid.rows()];
        for (gc, items) in t.grid.cells.iter().zip(&t.cells) {
            rows[gc.row][gc.col] = text::lines(items.clone())
                .iter()
                .map(|l| l.text())
                .collect::<Vec<_>>()
                .join(" / ");
        }
        rows
    }

    #[test]
    fn a_list_item_far_below_the_last_one_stays_in_its_cell() {
        // Pitch 12 (1.2 em); the second item of the middle cell 24 below the first
        // (list items further apart than rows); a row label then starts a row.
        let mut items = Vec::new();
        for (t, x, y) in [
            ("Theme", 50.0, 100.0),
            ("Actions", 200.0, 100.0),
            ("Acteurs", 350.0, 100.0),
            ("N° 4", 50.0, 118.0),
            ("•", 200.0, 118.0),
            ("Rediger", 215.0, 118.0),
            ("DRANE", 350.0, 118.0),
            ("un cahier", 215.0, 130.0),
            ("•", 200.0, 154.0),
            ("Appel", 215.0, 154.0),
            ("N° 5", 50.0, 178.0),
            ("Former", 200.0, 178.0),
            ("EAFC", 350.0, 178.0),
        ] {
            items.extend(word_items(t, x, y));
        }
        let (_, tables) = find(text::lines(items), &[], &[], 1.2, None);
        assert_eq!(tables.len(), 1);
        assert_eq!(
            rows(&tables[0]),
            vec![
                vec!["Theme", "Actions", "Acteurs"],
                vec!["N° 4", "• Rediger / un cahier / • Appel", "DRANE"],
                vec!["N° 5", "Former", "EAFC"],
            ]
        );
    }

    #[test]
    fn rows_start_where_cells_start_together_even_when_paragraphs_are_further_apart() {
        // Pitch 14 (1.4 em); paragraphs inside a cell 22 apart; the last row only 17
        // below the line above it, starting in two columns at once.
        let mut items = Vec::new();
        for (t, x, y) in [
            ("Format", 50.0, 100.0),
            ("Presentiel", 200.0, 100.0),
            ("Distanciel", 350.0, 100.0),
            ("Nom de la", 50.0, 118.0),
            ("Valeur", 200.0, 118.0),
            ("Region", 50.0, 132.0),
            ("Atelier", 200.0, 140.0),
            ("Animateurs", 50.0, 157.0),
            ("Anne", 200.0, 157.0),
            ("Rene", 350.0, 157.0),
        ] {
            items.extend(word_items(t, x, y));
        }
        let (_, tables) = find(text::lines(items), &[], &[], 1.4, None);
        assert_eq!(tables.len(), 1);
        assert_eq!(
            rows(&tables[0]),
            vec![
                vec!["Format", "Presentiel", "Distanciel"],
                vec!["Nom de la / Region", "Valeur / Atelier", ""],
                vec!["Animateurs", "Anne", "Rene"],
            ]
        );
    }
}

#[cfg(test)]
mod speed_tests {
    use super::*;
    use crate::pdf::layout::text::{self, tests::word_items};

    #[test]
    fn a_page_of_two_column_lines_is_searched_quickly() {
        // Every line could start a block that grows to the page's end and is refused.
        let mut items = Vec::new();
        for k in 0..P.max_lines {
            let y = 20.0 + 12.0 * k as f32;
            items.extend(word_items("Cle", 50.0, y));
            items.extend(word_items("valeur", 200.0, y));
        }
        let lines = text::lines(items);
        let started = std::time::Instant::now();
        let (body, tables) = find(lines, &[], &[], 1.2, None);
        assert!(tables.is_empty() && body.len() == P.max_lines);
        assert!(
            started.elapsed().as_secs_f32() < 10.0,
            "{:?}",
            started.elapsed()
        );
    }
}
