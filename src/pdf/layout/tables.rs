//! Tables from ruling lines: segments snapped and merged, grouped into connected grids,
//! cells found between rulings with their spans from the missing internal rulings.

use super::rulings::Seg;

use super::params::LayoutParams;

/// Every tolerance of this stage, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// One grid cell: rows `row..row+row_span`, columns `col..col+col_span`.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub rect: [f32; 4],
}

/// A table found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, left to right (n_cols + 1 values).
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (n_rows + 1 values).
    pub ys: Vec<f32>,
    /// Cells in row-major order of their top-left position.
    pub cells: Vec<GridCell>,
    /// For each (row, col), the index of the cell covering it.
    owner: Vec<usize>,
    /// Rows laid out each on its own (their cells do not line up with the next row's):
    /// each row's cell boundaries, left to right; cell `k` of a row is in column `k`.
    /// Empty for an ordinary grid.
    row_xs: Vec<Vec<f32>>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    pub fn bbox(&self) -> [f32; 4] {
        [
            self.xs.first().copied().unwrap_or(0.0),
            self.ys.first().copied().unwrap_or(0.0),
            self.xs.last().copied().unwrap_or(0.0),
            self.ys.last().copied().unwrap_or(0.0),
        ]
    }
    pub fn contains(&self, x: f32, y: f32) -> bool {
        let b = self.bbox();
        x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]
    }
    /// The cell holding point (x, y), if inside the grid.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        if !self.contains(x, y) {
            return None;
        }
        if !self.row_xs.is_empty() {
            let r = self.ys.partition_point(|&v| v <= y).checked_sub(1)?;
            let bounds = self.row_xs.get(r.min(self.rows().checked_sub(1)?))?;
            if x < *bounds.first()? || x > *bounds.last()? {
                return None;
            }
            let k = bounds
                .partition_point(|&v| v <= x)
                .checked_sub(1)?
                .min(bounds.len().checked_sub(2)?);
            let first = self.owner.get(r)?;
            return Some(first + k);
        }
        let c = self
            .xs
            .partition_point(|&v| v <= x)
            .checked_sub(1)?
            .min(self.cols().checked_sub(1)?);
        let r = self
            .ys
            .partition_point(|&v| v <= y)
            .checked_sub(1)?
            .min(self.rows().checked_sub(1)?);
        self.owner.get(r * self.cols() + c).copied()
    }
}

impl Grid {
    /// A grid of rows laid out each on its own: each row's band (top, bottom) and its
    /// cell boundaries, left to right; cell `k` of a row is in column `k`. `None` when
    /// a row has no cell.
    pub fn from_rows(rows: &[([f32; 2], Vec<f32>)]) -> Option<Grid> {
        if rows.is_empty() || rows.iter().any(|(_, xs)| xs.len() < 2) {
            return None;
        }
        let mut ys: Vec<f32> = rows.iter().map(|(band, _)| band[0]).collect();
        ys.push(rows.last()?.0[1]);
        let row_xs: Vec<Vec<f32>> = rows.iter().map(|(_, xs)| xs.clone()).collect();
        let mut cells = Vec::new();
        let mut first = Vec::with_capacity(rows.len());
        for (r, bounds) in row_xs.iter().enumerate() {
            first.push(cells.len());
            for (k, w) in bounds.windows(2).enumerate() {
                cells.push(GridCell {
                    row: r,
                    col: k,
                    row_span: 1,
                    col_span: 1,
                    rect: [w[0], ys[r], w[1], ys[r + 1]],
                });
            }
        }
        let most = row_xs.iter().map(Vec::len).max()?;
        let mut xs = row_xs.iter().find(|r| r.len() == most)?.clone();
        let left = row_xs
            .iter()
            .filter_map(|r| r.first())
            .copied()
            .fold(f32::INFINITY, f32::min);
        let right = row_xs
            .iter()
            .filter_map(|r| r.last())
            .copied()
            .fold(f32::NEG_INFINITY, f32::max);
        if let Some(x) = xs.first_mut() {
            *x = left;
        }
        if let Some(x) = xs.last_mut() {
            *x = right;
        }
        Some(Grid {
            xs,
            ys,
            cells,
            owner: first,
            row_xs,
        })
    }
}

/// Merge collinear overlapping segments after snapping their positions.
fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.retain(|s| s.pos.is_finite() && s.a.is_finite() && s.b.is_finite() && s.b - s.a >= 0.0);
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    // Cluster positions.
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].pos - segs[j - 1].pos <= P.snap {
            j += 1;
        }
        let group = &mut segs[i..j];
        let pos = group.iter().map(|s| s.pos).sum::<f32>() / group.len() as f32;
        group.sort_by(|a, b| a.a.total_cmp(&b.a));
        let mut cur: Option<Seg> = None;
        for s in group.iter() {
            match &mut cur {
                Some(c) if s.a <= c.b + P.snap * 2.0 => c.b = c.b.max(s.b),
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(Seg {
                        pos,
                        a: s.a,
                        b: s.b,
                    });
                }
            }
        }
        if let Some(c) = cur {
            out.push(c);
        }
        i = j;
    }
    out.retain(|s| s.b - s.a >= P.min_len);
    out
}

struct Dsu(Vec<usize>);
impl Dsu {
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.0.get(x) {
            if p == x {
                break;
            }
            let gp = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(x) {
                *slot = gp;
            }
            x = p;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.0.get_mut(ra)
        {
            *slot = rb;
        }
    }
}

/// Cluster sorted values within `P.snap`, returning cluster means.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut group: Vec<f32> = Vec::new();
    for x in v {
        if let Some(&last) = group.last()
            && x - last > P.snap * 2.0
        {
            out.push(group.iter().sum::<f32>() / group.len() as f32);
            group.clear();
        }
        group.push(x);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<f32>() / group.len() as f32);
    }
    out
}

/// Find the tables drawn by these rulings.
pub fn find(h: Vec<Seg>, v: Vec<Seg>) -> Vec<Grid> {
    let h = merge(h);
    let mut v = merge(v);
    v.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let nh = h.len();
    let mut dsu = Dsu((0..nh + v.len()).collect());
    let tol = P.snap * 2.0;
    for (i, hs) in h.iter().enumerate() {
        let lo = v.partition_point(|s| s.pos < hs.a - tol);
        for (k, vs) in v[lo..]
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.pos <= hs.b + tol)
        {
            if hs.pos >= vs.a - tol && hs.pos <= vs.b + tol {
                dsu.union(i, nh + lo + k);
            }
        }
    }
    // Group the segments by component.
    let mut comps: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for (i, s) in h.iter().enumerate() {
        comps.entry(dsu.find(i)).or_default().0.push(*s);
    }
    for (k, s) in v.iter().enumerate() {
        comps.entry(dsu.find(nh + k)).or_default().1.push(*s);
    }
    let mut grids: Vec<Grid> = comps
        .into_values()
        .filter_map(|(hs, vs)| from_segments(&hs, &vs).map(|g| independent_rows(g, &vs)))
        .collect();
    grids.sort_by(|a, b| a.bbox()[1].total_cmp(&b.bbox()[1]));
    grids
}

fn covers(segs: &[Seg], pos: f32, a: f32, b: f32) -> bool {
    // Does some segment at `pos` cover most of the span a..b?
    let mid = (a + b) / 2.0;
    let half = ((b - a) / 2.0 - P.snap * 2.0).max(0.0);
    // `segs` is sorted by position.
    let lo = segs.partition_point(|s| s.pos < pos - P.snap * 2.0);
    segs[lo..]
        .iter()
        .take_while(|s| s.pos <= pos + P.snap * 2.0)
        .any(|s| s.a <= mid - half + P.snap && s.b >= mid + half - P.snap)
}

/// The grid drawn by these horizontal and vertical segments (already merged), if they
/// make at least two cells.
pub fn from_segments(hs: &[Seg], vs: &[Seg]) -> Option<Grid> {
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    let mut hs = hs.to_vec();
    let mut vs = vs.to_vec();
    hs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    vs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let (hs, vs) = (hs.as_slice(), vs.as_slice());
    let mut xs_raw: Vec<f32> = vs.iter().map(|s| s.pos).collect();
    let mut ys_raw: Vec<f32> = hs.iter().map(|s| s.pos).collect();
    // Outer borders missing: the extents of the other direction count as boundaries.
    let hx0 = hs.iter().map(|s| s.a).fold(f32::INFINITY, f32::min);
    let hx1 = hs.iter().map(|s| s.b).fold(f32::NEG_INFINITY, f32::max);
    let vy0 = vs.iter().map(|s| s.a).fold(f32::INFINITY, f32::min);
    let vy1 = vs.iter().map(|s| s.b).fold(f32::NEG_INFINITY, f32::max);
    // (Only when they stand beyond the rulings by more than `P.overhang`.)
    let (vx0, vx1) = (
        xs_raw.iter().copied().fold(f32::INFINITY, f32::min),
        xs_raw.iter().copied().fold(f32::NEG_INFINITY, f32::max),
    );
    let (hy0, hy1) = (
        ys_raw.iter().copied().fold(f32::INFINITY, f32::min),
        ys_raw.iter().copied().fold(f32::NEG_INFINITY, f32::max),
    );
    if hx0 < vx0 - P.overhang {
        xs_raw.push(hx0);
    }
    if hx1 > vx1 + P.overhang {
        xs_raw.push(hx1);
    }
    if vy0 < hy0 - P.overhang {
        ys_raw.push(vy0);
    }
    if vy1 > hy1 + P.overhang {
        ys_raw.push(vy1);
    }
    let xs: Vec<f32> = cluster(xs_raw)
        .into_iter()
        .filter(|&x| x >= hx0 - P.snap * 2.0 && x <= hx1 + P.snap * 2.0)
        .collect();
    let ys: Vec<f32> = cluster(ys_raw)
        .into_iter()
        .filter(|&y| y >= vy0 - P.snap * 2.0 && y <= vy1 + P.snap * 2.0)
        .collect();
    // Drop slivers (double borders).
    let xs = drop_slivers(xs);
    let ys = drop_slivers(ys);
    let (nr, nc) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if nr == 0 || nc == 0 || nr.saturating_mul(nc) > 100_000 {
        return None;
    }
    // Boundary presence.
    // v_edge[r][j]: vertical ruling at xs[j] across row r (j in 0..=nc).
    let v_edge = |r: usize, j: usize| covers(vs, xs[j], ys[r], ys[r + 1]);
    let h_edge = |i: usize, c: usize| covers(hs, ys[i], xs[c], xs[c + 1]);
    let mut owner = vec![usize::MAX; nr * nc];
    let mut cells = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if owner[r * nc + c] != usize::MAX {
                continue;
            }
            let mut cs = 1;
            while c + cs < nc && !v_edge(r, c + cs) && owner[r * nc + c + cs] == usize::MAX {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < nr
                && (c..c + cs).all(|k| !h_edge(r + rs, k) && owner[(r + rs) * nc + k] == usize::MAX)
            {
                rs += 1;
            }
            let id = cells.len();
            for rr in r..r + rs {
                for cc in c..c + cs {
                    owner[rr * nc + cc] = id;
                }
            }
            cells.push(GridCell {
                row: r,
                col: c,
                row_span: rs,
                col_span: cs,
                rect: [xs[c], ys[r], xs[c + cs], ys[r + rs]],
            });
        }
    }
    if cells.len() < 2 {
        return None;
    }
    Some(Grid {
        xs,
        ys,
        cells,
        owner,
        row_xs: Vec::new(),
    })
}

/// A grid whose rows were each laid out on their own, rebuilt by the order of cells in
/// each row. A web page whose table rows are CSS grids or flex boxes sizes each row's
/// cells by their content: the boundaries of one row stand nowhere in the others, so
/// the union of all boundaries cuts every row into slivers (and joins cells whose
/// boundaries two rows put a few points apart). The header row fixes the columns: cell
/// `k` of each row is column `k`. An ordinary table, even with merged cells, shares
/// its inner boundaries between rows and is kept as it is.
fn independent_rows(grid: Grid, vs: &[Seg]) -> Grid {
    let tol = P.snap * 2.0;
    let rows: Vec<Vec<f32>> = grid
        .ys
        .windows(2)
        .map(|w| {
            let (top, bottom) = (w[0], w[1]);
            let mut xs: Vec<f32> = vs
                .iter()
                .filter(|s| s.a <= top + tol && s.b >= bottom - tol)
                .map(|s| s.pos)
                .collect();
            xs.sort_by(f32::total_cmp);
            xs.dedup_by(|b, a| *b - *a < P.double_border);
            xs
        })
        .collect();
    // Inner boundaries of rows of two cells or more: how many distinct ones all rows
    // make, against the most one row has.
    let inner: Vec<&[f32]> = rows
        .iter()
        .filter(|r| r.len() >= 3)
        .map(|r| &r[1..r.len() - 1])
        .collect();
    let most = inner.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut all: Vec<f32> = inner.iter().flat_map(|r| r.iter().copied()).collect();
    all.sort_by(f32::total_cmp);
    all.dedup_by(|b, a| *b - *a <= tol);
    // Rows of one table share their boundaries: a cell merged across columns removes
    // some, but one row (the header) holds most. Rows sized each by its content make
    // several times more boundaries than any row has.
    if inner.len() < P.min_independent_rows || all.len() < most * P.independent_factor {
        return grid;
    }
    let mut cells = Vec::new();
    let mut first = Vec::with_capacity(rows.len());
    for (r, bounds) in rows.iter().enumerate() {
        first.push(cells.len());
        for (k, w) in bounds.windows(2).enumerate() {
            cells.push(GridCell {
                row: r,
                col: k,
                row_span: 1,
                col_span: 1,
                rect: [w[0], grid.ys[r], w[1], grid.ys[r + 1]],
            });
        }
    }
    // The columns as the first row with most cells has them, the outer edges as the
    // widest rows have them (the grid's box holds every row).
    let most_cells = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut xs = rows
        .iter()
        .find(|r| r.len() == most_cells)
        .cloned()
        .unwrap_or_default();
    let left = rows
        .iter()
        .filter_map(|r| r.first())
        .copied()
        .fold(f32::INFINITY, f32::min);
    let right = rows
        .iter()
        .filter_map(|r| r.last())
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    if xs.len() < 3 {
        return grid;
    }
    if let Some(x) = xs.first_mut() {
        *x = left;
    }
    if let Some(x) = xs.last_mut() {
        *x = right;
    }
    Grid {
        xs,
        ys: grid.ys,
        cells,
        owner: first,
        row_xs: rows,
    }
}

fn drop_slivers(v: Vec<f32>) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(v.len());
    for x in v {
        match out.last() {
            Some(&last) if x - last < P.double_border => {}
            _ => out.push(x),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hseg(y: f32, a: f32, b: f32) -> Seg {
        Seg { pos: y, a, b }
    }

    #[test]
    fn grid_with_row_and_col_spans() {
        // Two columns; row 0 spans both (no inner vertical there); rows 1-2 in column 0
        // are merged (no horizontal at y=40 in column 0).
        let h = vec![
            hseg(0.0, 0.0, 200.0),
            hseg(20.0, 0.0, 200.0),
            hseg(40.0, 100.0, 200.0),
            hseg(60.0, 0.0, 200.0),
        ];
        let v = vec![
            hseg(0.0, 0.0, 60.0),
            hseg(100.0, 20.0, 60.0),
            hseg(200.0, 0.0, 60.0),
        ];
        let grids = find(h, v);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows(), g.cols()), (3, 2));
        let spans: Vec<_> = g
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span))
            .collect();
        assert_eq!(
            spans,
            vec![(0, 0, 1, 2), (1, 0, 2, 1), (1, 1, 1, 1), (2, 1, 1, 1)]
        );
        assert_eq!(g.cell_at(50.0, 50.0), Some(1));
        assert_eq!(g.cell_at(150.0, 50.0), Some(3));
        assert_eq!(g.cell_at(300.0, 50.0), None);
    }

    /// Each cell's box: its four sides.
    fn boxed(cells: &[[f32; 4]]) -> (Vec<Seg>, Vec<Seg>) {
        let (mut h, mut v) = (Vec::new(), Vec::new());
        for &[x0, y0, x1, y1] in cells {
            h.extend([hseg(y0, x0, x1), hseg(y1, x0, x1)]);
            v.extend([hseg(x0, y0, y1), hseg(x1, y0, y1)]);
        }
        (h, v)
    }

    #[test]
    fn rows_sized_each_by_their_content_keep_their_cells_in_order() {
        // Three rows of three cells each, as a CSS grid per row draws them: no inner
        // boundary stands where another row's does.
        let rows = [
            [0.0, 0.0, 80.0, 140.0, 300.0],
            [0.0, 20.0, 120.0, 170.0, 300.0],
            [0.0, 40.0, 60.0, 230.0, 300.0],
        ];
        let mut cells = Vec::new();
        for [x0, y0, a, b, x1] in rows {
            cells.extend([
                [x0, y0, a, y0 + 20.0],
                [a, y0, b, y0 + 20.0],
                [b, y0, x1, y0 + 20.0],
            ]);
        }
        let (h, v) = boxed(&cells);
        let grids = find(h, v);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows(), g.cols()), (3, 3));
        let placed: Vec<_> = g.cells.iter().map(|c| (c.row, c.col, c.col_span)).collect();
        assert_eq!(
            placed,
            (0..3)
                .flat_map(|r| (0..3).map(move |c| (r, c, 1)))
                .collect::<Vec<_>>()
        );
        // A point is in the cell of its own row's boundaries.
        assert_eq!(g.cell_at(100.0, 30.0), Some(3));
        assert_eq!(g.cell_at(100.0, 10.0), Some(1));
        assert_eq!(g.cell_at(100.0, 50.0), Some(7));
    }

    #[test]
    fn a_table_with_merged_cells_keeps_its_columns() {
        // Four columns; the second row merges the middle two, the third the last two.
        let cells = [
            [0.0, 0.0, 50.0, 20.0],
            [50.0, 0.0, 100.0, 20.0],
            [100.0, 0.0, 150.0, 20.0],
            [150.0, 0.0, 200.0, 20.0],
            [0.0, 20.0, 50.0, 40.0],
            [50.0, 20.0, 150.0, 40.0],
            [150.0, 20.0, 200.0, 40.0],
            [0.0, 40.0, 50.0, 60.0],
            [50.0, 40.0, 100.0, 60.0],
            [100.0, 40.0, 200.0, 60.0],
        ];
        let (h, v) = boxed(&cells);
        let g = &find(h, v)[0];
        assert_eq!((g.rows(), g.cols()), (3, 4));
        let row1: Vec<_> = g
            .cells
            .iter()
            .filter(|c| c.row == 1)
            .map(|c| (c.col, c.col_span))
            .collect();
        assert_eq!(row1, vec![(0, 1), (1, 2), (3, 1)]);
    }

    #[test]
    fn split_segments_are_joined_and_separate_tables_kept_apart() {
        let h = vec![
            hseg(0.0, 0.0, 50.0),
            hseg(0.3, 50.0, 100.0),
            hseg(30.0, 0.0, 100.0),
            hseg(200.0, 0.0, 100.0),
            hseg(230.0, 0.0, 100.0),
        ];
        let v = vec![
            hseg(0.0, 0.0, 30.0),
            hseg(50.0, 0.0, 30.0),
            hseg(100.0, 0.0, 30.0),
            hseg(0.0, 200.0, 230.0),
            hseg(60.0, 200.0, 230.0),
            hseg(100.0, 200.0, 230.0),
        ];
        let grids = find(h, v);
        assert_eq!(grids.len(), 2);
        assert_eq!(grids[0].cols(), 2);
        assert!((grids[1].xs[1] - 60.0).abs() < 0.01);
    }
}
