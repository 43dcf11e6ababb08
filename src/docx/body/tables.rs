//! Tables (`w:tbl`, `w:tr`, `w:tc`): cells are containers; `gridBefore` and `gridSpan`
//! place them in columns, `vMerge` continuations extend the cell above.

use quick_xml::events::BytesStart;

use super::super::xml::{attr, val};
use super::{BodyReader, Container, ContainerKind};
use crate::model::{Block, Cell, Origin, Row, Table};

/// The most grid columns one `gridBefore` or `gridSpan` may cover: bounds the column
/// arithmetic of a hostile file; a real form has a handful.
const MAX_GRID_SPAN: usize = 64;

/// A cell's place in a vertical merge (`vMerge`).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum VMerge {
    None,
    Restart,
    Continue,
}

/// An open table.
pub(super) struct TableBuilder {
    rows: Vec<RowBuilder>,
    path: Vec<usize>,
}

/// A row of an open table.
#[derive(Default)]
struct RowBuilder {
    /// Grid columns skipped before the first cell.
    grid_before: usize,
    cells: Vec<(Cell, VMerge)>,
}

impl BodyReader<'_> {
    /// `w:tbl`: a table opens.
    pub(super) fn read_tbl(&mut self) {
        self.blocks += 1;
        let path = self.next_path();
        self.tables.push(TableBuilder {
            rows: Vec::new(),
            path,
        });
    }

    /// `w:tr`: a row opens.
    pub(super) fn read_tr(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.rows.push(RowBuilder::default());
        }
    }

    /// `trPr/gridBefore`.
    pub(super) fn read_grid_before(&mut self, e: &BytesStart<'_>) {
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.grid_before = val(e).unwrap_or(0).min(MAX_GRID_SPAN);
        }
    }

    /// `w:tc`: a cell opens, a container of its own.
    pub(super) fn read_tc(&mut self) {
        let mut path = self
            .tables
            .last()
            .map(|t| t.path.clone())
            .unwrap_or_default();
        if let Some(t) = self.tables.last() {
            path.push(t.rows.len().saturating_sub(1));
            path.push(t.rows.last().map(|r| r.cells.len()).unwrap_or(0));
        }
        self.containers.push(Container {
            blocks: Vec::new(),
            path,
            kind: ContainerKind::Cell {
                grid_span: 1,
                v_merge: VMerge::None,
            },
        });
    }

    /// `tcPr/gridSpan`.
    pub(super) fn read_grid_span(&mut self, e: &BytesStart<'_>) {
        if let Some(Container {
            kind: ContainerKind::Cell { grid_span, .. },
            ..
        }) = self.containers.last_mut()
        {
            *grid_span = val(e).unwrap_or(1).clamp(1, MAX_GRID_SPAN);
        }
    }

    /// `tcPr/vMerge`: `restart` starts a merge, anything else continues one.
    pub(super) fn read_v_merge(&mut self, e: &BytesStart<'_>) {
        if let Some(Container {
            kind: ContainerKind::Cell { v_merge, .. },
            ..
        }) = self.containers.last_mut()
        {
            *v_merge = if attr(e, "val").as_deref() == Some("restart") {
                VMerge::Restart
            } else {
                VMerge::Continue
            };
        }
    }

    /// `w:tc` closes: the cell joins its row.
    pub(super) fn end_tc(&mut self) {
        if !matches!(
            self.containers.last().map(|c| &c.kind),
            Some(ContainerKind::Cell { .. })
        ) {
            return;
        }
        let Some(container) = self.containers.pop() else {
            return;
        };
        let ContainerKind::Cell { grid_span, v_merge } = container.kind else {
            return;
        };
        let origin = Origin::Docx {
            part: self.part.clone(),
            path: container.path,
        };
        let cell = Cell {
            col: 0,
            col_span: grid_span,
            row_span: 1,
            blocks: container.blocks,
            origin,
        };
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.cells.push((cell, v_merge));
        }
    }

    /// `w:tbl` closes: cells get their columns, continuations merge into their owner.
    pub(super) fn end_tbl(&mut self) {
        let Some(builder) = self.tables.pop() else {
            return;
        };
        let origin = Origin::Docx {
            part: self.part.clone(),
            path: builder.path,
        };
        let mut rows: Vec<Row> = Vec::with_capacity(builder.rows.len());
        for row in builder.rows {
            let mut col = row.grid_before;
            let mut cells = Vec::with_capacity(row.cells.len());
            for (mut cell, v_merge) in row.cells {
                cell.col = col;
                col += cell.col_span;
                if v_merge == VMerge::Continue && merge_into_owner(&mut rows, &cell) {
                    continue;
                }
                cells.push(cell);
            }
            rows.push(Row { cells });
        }
        let table = Table { rows, origin };
        if let Some(container) = self.containers.last_mut() {
            container.blocks.push(Block::Table(table));
        }
    }
}

/// A `vMerge` continuation cell: extend the cell above it that starts the merge (its
/// content, normally empty, is appended so nothing is lost). False when there is none.
fn merge_into_owner(rows: &mut [Row], cell: &Cell) -> bool {
    for row in rows.iter_mut().rev() {
        if let Some(owner) = row
            .cells
            .iter_mut()
            .find(|c| c.col == cell.col && c.col_span == cell.col_span)
        {
            owner.row_span += 1;
            let has_text = cell
                .paragraphs()
                .iter()
                .any(|p| !p.text().trim().is_empty() || p.checkboxes().next().is_some());
            if has_text {
                owner.blocks.extend(cell.blocks.iter().cloned());
            }
            return true;
        }
        if row
            .cells
            .iter()
            .any(|c| c.col <= cell.col && cell.col < c.col + c.col_span)
        {
            return false;
        }
    }
    false
}
