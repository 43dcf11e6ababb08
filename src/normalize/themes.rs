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

/// Words written before a theme number, folded.
const NUMBER_PREFIXES: &[&str] = &["thematique", "theme", "th", "numero", "num", "no", "n"];

/// The number at the start of a folded cell, after an optional prefix word ("N° 3"
/// folds to "n 3", "#3" to "3", "Thématique 3" to "thematique 3").
fn leading_number(folded: &str) -> Option<u32> {
    let words: Vec<&str> = folded.split(' ').collect();
    let as_number = |w: &str| {
        // "n3": the prefix glued to the number.
        let digits = w
            .strip_prefix('n')
            .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(w);
        let is_number =
            (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if is_number { digits.parse().ok() } else { None }
    };
    // At the start, after any prefix words ("3", "N° 3", "Thématique n° 3")…
    let first = words.iter().position(|w| !NUMBER_PREFIXES.contains(w))?;
    if let Some(n) = as_number(words[first]) {
        return Some(n);
    }
    // … or anywhere right after a prefix word ("Gouvernance (thématique 3)").
    words.windows(2).find_map(|w| {
        if NUMBER_PREFIXES.contains(&w[0]) {
            as_number(w[1])
        } else {
            None
        }
    })
}

/// Keywords per theme, folded, tried in this order.
const KEYWORDS: &[(ThemeCode, &[&str])] = &[
    (ThemeCode::Gouvernance, &["gouvernance", "anticipation"]),
    (
        ThemeCode::EgalAcces,
        &["egal acces", "egalite", "fracture", "inclusi"],
    ),
    (
        ThemeCode::TravaillerEnsemble,
        &[
            "travailler ensemble",
            "culture numerique professionnelle",
            "collaborati",
        ],
    ),
    (
        ThemeCode::NumeriqueResponsable,
        &["responsable", "souverain", "ethique", "durable"],
    ),
    (
        ThemeCode::EnseignerApprendre,
        &["enseigner", "apprendre", "pedagogi"],
    ),
];

fn keyword_code(folded: &str) -> Option<ThemeCode> {
    KEYWORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| folded.contains(w)))
        .map(|(code, _)| *code)
}

/// Read a theme cell; `None` when it is empty or a placeholder.
pub fn parse_theme_cell(s: &str) -> Option<ThemeCell> {
    // Bullets go, but not a leading "3." or "3)": that is the theme's number.
    let trimmed = s.trim();
    let rest = if trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
        trimmed
    } else {
        text::strip_bullet(trimmed).0
    };
    let texte = text::clean(rest);
    if texte.is_empty() || text::is_placeholder(&texte) {
        return None;
    }
    let folded = text::fold(&texte).replace('º', "o");
    // A label left without its number ("N°", "Thématique n°") is an empty cell.
    if folded.split(' ').all(|w| NUMBER_PREFIXES.contains(&w)) {
        return None;
    }
    let numero = leading_number(&folded);
    Some(ThemeCell {
        texte,
        numero,
        keywords: keyword_code(&folded),
    })
}

/// The code a number stands for in a numbering.
pub fn code_for(numero: u32, numbering: Numbering) -> Option<ThemeCode> {
    use ThemeCode::*;
    let order = match numbering {
        Numbering::Preambule => [
            EgalAcces,
            TravaillerEnsemble,
            Gouvernance,
            NumeriqueResponsable,
            EnseignerApprendre,
        ],
        Numbering::Section1 => [
            EgalAcces,
            EnseignerApprendre,
            TravaillerEnsemble,
            NumeriqueResponsable,
            Gouvernance,
        ],
    };
    order.get((numero as usize).checked_sub(1)?).copied()
}

/// The document's numbering, from the cells that carry both a number and keywords:
/// `Some` when they agree with one order (1 and 4 decide nothing), `None` when no cell
/// decides or the cells disagree.
pub fn infer_numbering(cells: &[ThemeCell]) -> Option<Numbering> {
    let mut votes: Option<Numbering> = None;
    for cell in cells {
        let (Some(n), Some(code)) = (cell.numero, cell.keywords) else {
            continue;
        };
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
    let theme = |code| Theme {
        numero: cell.numero,
        code,
        texte: cell.texte.clone(),
    };
    match (cell.numero, cell.keywords) {
        (Some(n), Some(code)) => {
            let fits = |o| code_for(n, o) == Some(code);
            let warning = (!fits(Numbering::Preambule) && !fits(Numbering::Section1))
                .then_some(WarningCode::ThematiqueIncoherente);
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
                    let ambiguous =
                        code_for(n, Numbering::Preambule) != code_for(n, Numbering::Section1);
                    (
                        theme(code_for(n, Numbering::Preambule)),
                        ambiguous.then_some(WarningCode::ThematiqueAmbigue),
                    )
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
        assert_eq!(
            (c.numero, c.keywords, c.texte.as_str()),
            (
                Some(3),
                Some(Gouvernance),
                "N° 3 (Gouvernance et Anticipation)"
            )
        );
        for (s, n) in [
            ("n°3", 3),
            ("#3", 3),
            ("3", 3),
            ("Thématique 3", 3),
            ("3.", 3),
            ("No 2", 2),
            ("Thème 5", 5),
            ("N3", 3),
        ] {
            assert_eq!(cell(s).numero, Some(n), "{s}");
        }
        assert_eq!(
            cell("Thématique 1 – Égal accès au numérique").keywords,
            Some(EgalAcces)
        );
        assert_eq!(
            cell("Enseigner et apprendre").keywords,
            Some(EnseignerApprendre)
        );
        assert_eq!(
            cell("Culture numérique professionnelle").keywords,
            Some(TravaillerEnsemble)
        );
        assert_eq!(
            cell("Numérique responsable et souverain").keywords,
            Some(NumeriqueResponsable)
        );
        assert_eq!(parse_theme_cell("▶"), None);
        assert_eq!(parse_theme_cell("à compléter"), None);
    }

    #[test]
    fn numbering_inference() {
        assert_eq!(
            infer_numbering(&[cell("N° 3 (Gouvernance et Anticipation)")]),
            Some(Numbering::Preambule)
        );
        assert_eq!(
            infer_numbering(&[
                cell("Thématique 5 – Gouvernance et anticipation"),
                cell("Thématique 2")
            ]),
            Some(Numbering::Section1)
        );
        assert_eq!(
            infer_numbering(&[cell("N° 4 – Numérique responsable"), cell("N° 1 égalité")]),
            None,
            "1 and 4 decide nothing"
        );
        assert_eq!(
            infer_numbering(&[cell("N° 3 gouvernance"), cell("N° 5 gouvernance")]),
            None,
            "disagreement"
        );
        assert_eq!(infer_numbering(&[cell("N° 4")]), None);
    }

    #[test]
    fn resolution() {
        let (t, w) = resolve(&cell("Thématique 2"), Some(Numbering::Section1));
        assert_eq!((t.code, w), (Some(EnseignerApprendre), None));
        let (t, w) = resolve(&cell("N° 3"), None);
        assert_eq!(
            (t.code, w),
            (Some(Gouvernance), Some(WarningCode::ThematiqueAmbigue))
        );
        let (t, w) = resolve(&cell("N° 4"), None);
        assert_eq!((t.code, w), (Some(NumeriqueResponsable), None));
        let (t, w) = resolve(&cell("N° 1"), None);
        assert_eq!((t.code, w), (Some(EgalAcces), None));
        let (t, w) = resolve(&cell("N° 2 – Gouvernance"), Some(Numbering::Preambule));
        assert_eq!(
            (t.code, w),
            (Some(Gouvernance), Some(WarningCode::ThematiqueIncoherente))
        );
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

#[cfg(test)]
mod more_tests {
    //! More cases, from a second, independent reading of the SPEC.
    use super::*;
    use ThemeCode::*;

    fn cell(s: &str) -> ThemeCell {
        parse_theme_cell(s).expect("a theme cell")
    }

    #[test]
    fn parse_sample_cells() {
        assert_eq!(
            cell("▶ N° 3 (Gouvernance et Anticipation)"),
            ThemeCell {
                texte: "N° 3 (Gouvernance et Anticipation)".into(),
                numero: Some(3),
                keywords: Some(Gouvernance)
            }
        );
        assert_eq!(
            cell("▶ N° 3"),
            ThemeCell {
                texte: "N° 3".into(),
                numero: Some(3),
                keywords: None
            }
        );
        assert_eq!(
            cell("\u{F0D8} N° 3"),
            ThemeCell {
                texte: "N° 3".into(),
                numero: Some(3),
                keywords: None
            }
        );
        assert_eq!(
            cell("N° 4"),
            ThemeCell {
                texte: "N° 4".into(),
                numero: Some(4),
                keywords: None
            }
        );
        assert_eq!(
            cell("N° 4 – Numérique responsable et souverain"),
            ThemeCell {
                texte: "N° 4 – Numérique responsable et souverain".into(),
                numero: Some(4),
                keywords: Some(NumeriqueResponsable)
            }
        );
        assert_eq!(
            cell("Thématique 5 – Gouvernance et anticipation"),
            ThemeCell {
                texte: "Thématique 5 – Gouvernance et anticipation".into(),
                numero: Some(5),
                keywords: Some(Gouvernance)
            }
        );
        assert_eq!(
            cell("Thématique 1 – Égal accès au numérique").keywords,
            Some(EgalAcces)
        );
        assert_eq!(
            cell("Thématique 2 – Enseigner et apprendre").keywords,
            Some(EnseignerApprendre)
        );
        assert_eq!(
            cell("Thématique 3 – Travailler ensemble autrement").keywords,
            Some(TravaillerEnsemble)
        );
        assert_eq!(
            cell("Thématique 2"),
            ThemeCell {
                texte: "Thématique 2".into(),
                numero: Some(2),
                keywords: None
            }
        );
        assert_eq!(cell("  Thématique\u{00A0}3 ").texte, "Thématique 3");
    }

    #[test]
    fn parse_numbers() {
        for (s, n) in [
            ("N° 3", 3),
            ("n°3", 3),
            ("Nº 3", 3),
            ("N°3 Gouvernance", 3),
            ("No 3", 3),
            ("no. 3", 3),
            ("#3", 3),
            ("# 3", 3),
            ("3", 3),
            ("3.", 3),
            ("3 -", 3),
            ("3 – Gouvernance", 3),
            ("3) Gouvernance", 3),
            ("(3) Gouvernance", 3),
            ("3 (Gouvernance)", 3),
            ("Thématique 3", 3),
            ("thematique 3", 3),
            ("THÉMATIQUE 3", 3),
            ("Thème 3", 3),
            ("Thématique n° 3", 3),
            ("Gouvernance (thématique 3)", 3),
            ("N° 6", 6),
        ] {
            assert_eq!(cell(s).numero, Some(n), "{s:?}");
        }
        for s in [
            "Gouvernance",
            "Partenariats",
            "1er degré",
            "Thématiques multiples",
        ] {
            assert_eq!(cell(s).numero, None, "{s:?}");
        }
    }

    #[test]
    fn parse_keywords() {
        for (s, code) in [
            ("Gouvernance", Gouvernance),
            ("nouveaux outils d'anticipation", Gouvernance),
            ("Garantir un égal accès au numérique pour tous", EgalAcces),
            ("Égalité d'accès", EgalAcces),
            ("Fracture numérique", EgalAcces),
            ("Numérique inclusif", EgalAcces),
            ("Inclusion", EgalAcces),
            ("Travailler ensemble autrement", TravaillerEnsemble),
            (
                "Culture numérique professionnelle commune",
                TravaillerEnsemble,
            ),
            ("Travail collaboratif", TravaillerEnsemble),
            ("Collaboration", TravaillerEnsemble),
            ("Numérique responsable", NumeriqueResponsable),
            ("Souveraineté", NumeriqueResponsable),
            ("Éthique", NumeriqueResponsable),
            ("Développement durable", NumeriqueResponsable),
            (
                "Enseigner et apprendre avec le numérique",
                EnseignerApprendre,
            ),
            ("Apprendre", EnseignerApprendre),
            ("Pédagogie", EnseignerApprendre),
            ("Continuité pédagogique", EnseignerApprendre),
            // several themes: the first named
            ("Gouvernance, numérique responsable", Gouvernance),
        ] {
            assert_eq!(cell(s).keywords, Some(code), "{s:?}");
        }
        assert_eq!(cell("N° 3").keywords, None);
        assert_eq!(cell("Partenariats").keywords, None);
    }

    #[test]
    fn empty_and_placeholder_cells() {
        assert_eq!(parse_theme_cell(""), None);
        assert_eq!(parse_theme_cell("▶"), None);
        assert_eq!(parse_theme_cell("  ▶  "), None);
        assert_eq!(parse_theme_cell("\u{F0D8}"), None);
        assert_eq!(parse_theme_cell("à compléter"), None);
        assert_eq!(parse_theme_cell("..."), None);
        assert_eq!(parse_theme_cell("▶ N°"), None);
        assert_eq!(parse_theme_cell("Thématique n° "), None);
    }

    #[test]
    fn code_for_both_orders() {
        use Numbering::*;
        let pre: Vec<_> = (1..=5).map(|n| code_for(n, Preambule)).collect();
        assert_eq!(
            pre,
            [
                Some(EgalAcces),
                Some(TravaillerEnsemble),
                Some(Gouvernance),
                Some(NumeriqueResponsable),
                Some(EnseignerApprendre)
            ]
        );
        let s1: Vec<_> = (1..=5).map(|n| code_for(n, Section1)).collect();
        assert_eq!(
            s1,
            [
                Some(EgalAcces),
                Some(EnseignerApprendre),
                Some(TravaillerEnsemble),
                Some(NumeriqueResponsable),
                Some(Gouvernance)
            ]
        );
        assert_eq!(code_for(0, Preambule), None);
        assert_eq!(code_for(6, Section1), None);
    }

    #[test]
    fn numbering_from_samples() {
        // corse: "N° 3 (Gouvernance et Anticipation)" → préambule
        let corse = [
            cell("▶ N° 3 (Gouvernance et Anticipation)"),
            cell("▶ N° 3"),
            cell("▶ N° 3"),
        ];
        assert_eq!(infer_numbering(&corse), Some(Numbering::Preambule));
        // bretagne: every cell is 4 → nothing decided
        let bretagne = [
            cell("N° 4 – Numérique responsable et souverain"),
            cell("N° 4"),
            cell("N° 4"),
        ];
        assert_eq!(infer_numbering(&bretagne), None);
        // occitanie: section 1
        let occitanie = [
            cell("Thématique 5 – Gouvernance et anticipation"),
            cell("Thématique 1 – Égal accès au numérique"),
            cell("Thématique 2 – Enseigner et apprendre"),
            cell("Thématique 3 – Travailler ensemble autrement"),
            cell("Thématique 5"),
            cell("Thématique 1"),
            cell("Thématique 2"),
            cell("Thématique 3"),
        ];
        assert_eq!(infer_numbering(&occitanie), Some(Numbering::Section1));
    }

    #[test]
    fn numbering_undecided() {
        assert_eq!(infer_numbering(&[]), None);
        // 1 and 4 agree with both orders
        assert_eq!(
            infer_numbering(&[cell("1 Égal accès"), cell("4 Responsable")]),
            None
        );
        // bare numbers and bare keywords decide nothing
        assert_eq!(infer_numbering(&[cell("N° 3"), cell("Gouvernance")]), None);
        // cells that disagree with each other
        assert_eq!(
            infer_numbering(&[cell("3 Gouvernance"), cell("5 Gouvernance")]),
            None
        );
        // a cell matching neither order decides nothing
        assert_eq!(
            infer_numbering(&[cell("2 Gouvernance"), cell("5 Gouvernance")]),
            Some(Numbering::Section1)
        );
        assert_eq!(infer_numbering(&[cell("2 Gouvernance")]), None);
    }

    #[test]
    fn resolve_samples() {
        let (t, w) = resolve(
            &cell("▶ N° 3 (Gouvernance et Anticipation)"),
            Some(Numbering::Preambule),
        );
        assert_eq!(
            t,
            Theme {
                numero: Some(3),
                code: Some(Gouvernance),
                texte: "N° 3 (Gouvernance et Anticipation)".into()
            }
        );
        assert_eq!(w, None);
        let (t, w) = resolve(&cell("▶ N° 3"), Some(Numbering::Preambule));
        assert_eq!(
            t,
            Theme {
                numero: Some(3),
                code: Some(Gouvernance),
                texte: "N° 3".into()
            }
        );
        assert_eq!(w, None);
        // bretagne: numbering unknown, 4 is never ambiguous
        let (t, w) = resolve(&cell("N° 4"), None);
        assert_eq!(
            t,
            Theme {
                numero: Some(4),
                code: Some(NumeriqueResponsable),
                texte: "N° 4".into()
            }
        );
        assert_eq!(w, None);
        // occitanie: bare numbers read in section-1 order
        for (s, n, code) in [
            ("Thématique 5", 5, Gouvernance),
            ("Thématique 1", 1, EgalAcces),
            ("Thématique 2", 2, EnseignerApprendre),
            ("Thématique 3", 3, TravaillerEnsemble),
        ] {
            let (t, w) = resolve(&cell(s), Some(Numbering::Section1));
            assert_eq!(
                t,
                Theme {
                    numero: Some(n),
                    code: Some(code),
                    texte: s.into()
                }
            );
            assert_eq!(w, None);
        }
        let (t, w) = resolve(
            &cell("Thématique 5 – Gouvernance et anticipation"),
            Some(Numbering::Section1),
        );
        assert_eq!(t.code, Some(Gouvernance));
        assert_eq!(w, None);
    }

    #[test]
    fn resolve_ambiguous_bare_numbers() {
        for (n, code) in [
            (2, TravaillerEnsemble),
            (3, Gouvernance),
            (5, EnseignerApprendre),
        ] {
            let (t, w) = resolve(&cell(&format!("N° {n}")), None);
            assert_eq!(t.code, Some(code), "{n}");
            assert_eq!(w, Some(WarningCode::ThematiqueAmbigue), "{n}");
        }
        for (n, code) in [(1, EgalAcces), (4, NumeriqueResponsable)] {
            let (t, w) = resolve(&cell(&format!("N° {n}")), None);
            assert_eq!(t.code, Some(code));
            assert_eq!(w, None);
        }
    }

    #[test]
    fn resolve_incoherent_and_odd_cells() {
        // number and keywords match neither order: keywords win, with a warning
        let (t, w) = resolve(&cell("N° 2 Gouvernance"), Some(Numbering::Preambule));
        assert_eq!(
            t,
            Theme {
                numero: Some(2),
                code: Some(Gouvernance),
                texte: "N° 2 Gouvernance".into()
            }
        );
        assert_eq!(w, Some(WarningCode::ThematiqueIncoherente));
        let (_, w) = resolve(&cell("N° 2 Gouvernance"), None);
        assert_eq!(w, Some(WarningCode::ThematiqueIncoherente));
        // keywords matching the other order than the document's: keywords, no warning
        let (t, w) = resolve(&cell("N° 3 Gouvernance"), Some(Numbering::Section1));
        assert_eq!(t.code, Some(Gouvernance));
        assert_eq!(w, None);
        // keywords only
        let (t, w) = resolve(&cell("Gouvernance"), None);
        assert_eq!(
            t,
            Theme {
                numero: None,
                code: Some(Gouvernance),
                texte: "Gouvernance".into()
            }
        );
        assert_eq!(w, None);
        // a number outside 1..=5
        let (t, w) = resolve(&cell("N° 6"), Some(Numbering::Preambule));
        assert_eq!(
            t,
            Theme {
                numero: Some(6),
                code: None,
                texte: "N° 6".into()
            }
        );
        assert_eq!(w, Some(WarningCode::ThematiqueIncoherente));
        let (t, w) = resolve(&cell("N° 7 Gouvernance"), None);
        assert_eq!(t.code, Some(Gouvernance));
        assert_eq!(w, Some(WarningCode::ThematiqueIncoherente));
        // free text
        let (t, w) = resolve(&cell("Partenariats"), None);
        assert_eq!(
            t,
            Theme {
                numero: None,
                code: None,
                texte: "Partenariats".into()
            }
        );
        assert_eq!(w, None);
    }
}
