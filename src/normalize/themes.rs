//! Theme cells (SPEC "Thématiques").

use crate::output::{Numbering, Theme, ThemeCode, WarningCode};

/// A theme cell as written: its number and the theme its words name.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeCell {
    /// The cell text, cleaned (bullet removed).
    pub texte: String,
    /// `N° 3`, `n°3`, `#3`, `3`, `Thématique 3`, `3.` → 3.
    pub numero: Option<u32>,
    /// The theme named by keywords, if any.
    pub keywords: Option<ThemeCode>,
}

/// Read a theme cell; `None` when it is empty or a placeholder.
pub fn parse_theme_cell(s: &str) -> Option<ThemeCell> {
    todo!("normalize::themes::parse_theme_cell {s}")
}

/// The code a number stands for in a numbering.
pub fn code_for(numero: u32, numbering: Numbering) -> Option<ThemeCode> {
    todo!("normalize::themes::code_for {numero} {numbering:?}")
}

/// The document's numbering, from the cells that carry both a number and keywords:
/// `Some` when they agree with one order (1 and 4 decide nothing), `None` when no cell
/// decides or the cells disagree.
pub fn infer_numbering(cells: &[ThemeCell]) -> Option<Numbering> {
    todo!("normalize::themes::infer_numbering {}", cells.len())
}

/// The output value of a cell in a document of numbering `numbering`, and the warning
/// it raises (`thematique_ambigue` for a bare 2/3/5 when the numbering is unknown,
/// `thematique_incoherente` when number and keywords disagree in every order).
pub fn resolve(cell: &ThemeCell, numbering: Option<Numbering>) -> (Theme, Option<WarningCode>) {
    todo!("normalize::themes::resolve {cell:?} {numbering:?}")
}
