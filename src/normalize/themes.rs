//! Theme cells (SPEC "Thématiques").

use super::text;
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

/// The number at the start of a folded cell, after an optional prefix word ("N° 3"
/// folds to "n 3", "#3" to "3", "Thématique 3" to "thematique 3").
fn leading_number(folded: &str) -> Option<u32> {
    const PREFIXES: &[&str] = &["thematique", "theme", "th", "numero", "num", "no", "n"];
    let mut words = folded.split(' ');
    let first = words.next()?;
    let word = if PREFIXES.contains(&first) { words.next()? } else { first };
    // "n3": the prefix glued to the number.
    let digits = word.strip_prefix('n').filter(|d| d.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(word);
    let is_number = (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if is_number { digits.parse().ok() } else { None }
}

/// Keywords per theme, folded, tried in this order.
const KEYWORDS: &[(ThemeCode, &[&str])] = &[
    (ThemeCode::Gouvernance, &["gouvernance", "anticipation"]),
    (ThemeCode::EgalAcces, &["egal acces", "egalite", "fracture", "inclusi"]),
    (ThemeCode::TravaillerEnsemble, &["travailler ensemble", "culture numerique professionnelle", "collaborati"]),
    (ThemeCode::NumeriqueResponsable, &["responsable", "souverain", "ethique", "durable"]),
    (ThemeCode::EnseignerApprendre, &["enseigner", "apprendre", "pedagogi"]),
];

fn keyword_code(folded: &str) -> Option<ThemeCode> {
    KEYWORDS.iter().find(|(_, words)| words.iter().any(|w| folded.contains(w))).map(|(code, _)| *code)
}

/// Read a theme cell; `None` when it is empty or a placeholder.
pub fn parse_theme_cell(s: &str) -> Option<ThemeCell> {
    let (rest, _) = text::strip_bullet(s.trim());
    let texte = text::clean(rest);
    if texte.is_empty() || text::is_placeholder(&texte) {
        return None;
    }
    let folded = text::fold(&texte);
    let numero = leading_number(&folded);
    Some(ThemeCell { texte, numero, keywords: keyword_code(&folded) })
}

/// The code a number stands for in a numbering.
pub fn code_for(numero: u32, numbering: Numbering) -> Option<ThemeCode> {
    use ThemeCode::*;
    let order = match numbering {
        Numbering::Preambule => [EgalAcces, TravaillerEnsemble, Gouvernance, NumeriqueResponsable, EnseignerApprendre],
        Numbering::Section1 => [EgalAcces, EnseignerApprendre, TravaillerEnsemble, NumeriqueResponsable, Gouvernance],
    };
    order.get((numero as usize).checked_sub(1)?).copied()
}

/// The document's numbering, from the cells that carry both a number and keywords:
/// `Some` when they agree with one order (1 and 4 decide nothing), `None` when no cell
/// decides or the cells disagree.
pub fn infer_numbering(cells: &[ThemeCell]) -> Option<Numbering> {
    let mut votes: Option<Numbering> = None;
    for cell in cells {
        let (Some(n), Some(code)) = (cell.numero, cell.keywords) else { continue };
        let pre = code_for(n, Numbering::Preambule) == Some(code);
        let sec = code_for(n, Numbering::Section1) == Some(code);
        let vote = match (pre, sec) {
            (true, false) => Numbering::Preambule,
            (false, true) => Numbering::Section1,
            _ => continue,
        };
        match votes {
            None => votes = Some(vote),
            Some(v) if v != vote => return None,
            _ => {}
        }
    }
    votes
}

/// The output value of a cell in a document of numbering `numbering`, and the warning
/// it raises (`thematique_ambigue` for a bare 2/3/5 when the numbering is unknown,
/// `thematique_incoherente` when number and keywords disagree in every order).
///
/// A number outside 1–5 names no theme: the code comes from keywords only, and a bare
/// out-of-range number gives `thematique_incoherente`.
pub fn resolve(cell: &ThemeCell, numbering: Option<Numbering>) -> (Theme, Option<WarningCode>) {
    let theme = |code| Theme { numero: cell.numero, code, texte: cell.texte.clone() };
    match (cell.numero, cell.keywords) {
        (Some(n), Some(code)) => {
            let fits = |o| code_for(n, o) == Some(code);
            let warning = (!fits(Numbering::Preambule) && !fits(Numbering::Section1)).then_some(WarningCode::ThematiqueIncoherente);
            (theme(Some(code)), warning)
        }
        (None, Some(code)) => (theme(Some(code)), None),
        (Some(n), None) => {
            if !(1..=5).contains(&n) {
                return (theme(None), Some(WarningCode::ThematiqueIncoherente));
            }
            match numbering {
                Some(o) => (theme(code_for(n, o)), None),
                None => {
                    let ambiguous = code_for(n, Numbering::Preambule) != code_for(n, Numbering::Section1);
                    (theme(code_for(n, Numbering::Preambule)), ambiguous.then_some(WarningCode::ThematiqueAmbigue))
                }
            }
        }
        (None, None) => (theme(None), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ThemeCode::*;

    fn cell(s: &str) -> ThemeCell {
        parse_theme_cell(s).expect("a theme")
    }

    #[test]
    fn numbers_and_keywords() {
        let c = cell("▶ N° 3 (Gouvernance et Anticipation)");
        assert_eq!((c.numero, c.keywords, c.texte.as_str()), (Some(3), Some(Gouvernance), "N° 3 (Gouvernance et Anticipation)"));
        for (s, n) in [("n°3", 3), ("#3", 3), ("3", 3), ("Thématique 3", 3), ("3.", 3), ("No 2", 2), ("Thème 5", 5), ("N3", 3)] {
            assert_eq!(cell(s).numero, Some(n), "{s}");
        }
        assert_eq!(cell("Thématique 1 – Égal accès au numérique").keywords, Some(EgalAcces));
        assert_eq!(cell("Enseigner et apprendre").keywords, Some(EnseignerApprendre));
        assert_eq!(cell("Culture numérique professionnelle").keywords, Some(TravaillerEnsemble));
        assert_eq!(cell("Numérique responsable et souverain").keywords, Some(NumeriqueResponsable));
        assert_eq!(parse_theme_cell("▶"), None);
        assert_eq!(parse_theme_cell("à compléter"), None);
    }

    #[test]
    fn numbering_inference() {
        assert_eq!(infer_numbering(&[cell("N° 3 (Gouvernance et Anticipation)")]), Some(Numbering::Preambule));
        assert_eq!(infer_numbering(&[cell("Thématique 5 – Gouvernance et anticipation"), cell("Thématique 2")]), Some(Numbering::Section1));
        assert_eq!(infer_numbering(&[cell("N° 4 – Numérique responsable"), cell("N° 1 égalité")]), None, "1 and 4 decide nothing");
        assert_eq!(infer_numbering(&[cell("N° 3 gouvernance"), cell("N° 5 gouvernance")]), None, "disagreement");
        assert_eq!(infer_numbering(&[cell("N° 4")]), None);
    }

    #[test]
    fn resolution() {
        let (t, w) = resolve(&cell("Thématique 2"), Some(Numbering::Section1));
        assert_eq!((t.code, w), (Some(EnseignerApprendre), None));
        let (t, w) = resolve(&cell("N° 3"), None);
        assert_eq!((t.code, w), (Some(Gouvernance), Some(WarningCode::ThematiqueAmbigue)));
        let (t, w) = resolve(&cell("N° 4"), None);
        assert_eq!((t.code, w), (Some(NumeriqueResponsable), None));
        let (t, w) = resolve(&cell("N° 1"), None);
        assert_eq!((t.code, w), (Some(EgalAcces), None));
        let (t, w) = resolve(&cell("N° 2 – Gouvernance"), Some(Numbering::Preambule));
        assert_eq!((t.code, w), (Some(Gouvernance), Some(WarningCode::ThematiqueIncoherente)));
        let (t, w) = resolve(&cell("Ateliers divers"), None);
        assert_eq!((t.numero, t.code, w), (None, None, None));
    }

    #[test]
    fn code_tables() {
        assert_eq!(code_for(3, Numbering::Preambule), Some(Gouvernance));
        assert_eq!(code_for(3, Numbering::Section1), Some(TravaillerEnsemble));
        assert_eq!(code_for(5, Numbering::Section1), Some(Gouvernance));
        assert_eq!(code_for(6, Numbering::Section1), None);
        assert_eq!(code_for(0, Numbering::Section1), None);
    }
}
