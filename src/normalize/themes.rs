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
    //! One table of cases per function (per field for `parse_theme_cell`), input →
    //! expected, read in one loop each. The cases come from two independent readings of
    //! the SPEC; the three sample documents' cells are among them.
    use super::*;
    use Numbering::*;
    use ThemeCode::*;
    use WarningCode::*;

    fn cell(s: &str) -> ThemeCell {
        parse_theme_cell(s).expect("a theme cell")
    }

    /// `parse_theme_cell`, whole: (cell, texte, numero, keywords).
    const CELLS: &[(&str, &str, Option<u32>, Option<ThemeCode>)] = &[
        (
            "▶ N° 3 (Gouvernance et Anticipation)",
            "N° 3 (Gouvernance et Anticipation)",
            Some(3),
            Some(Gouvernance),
        ),
        ("▶ N° 3", "N° 3", Some(3), None),
        ("\u{F0D8} N° 3", "N° 3", Some(3), None),
        ("N° 4", "N° 4", Some(4), None),
        (
            "N° 4 – Numérique responsable et souverain",
            "N° 4 – Numérique responsable et souverain",
            Some(4),
            Some(NumeriqueResponsable),
        ),
        (
            "Thématique 5 – Gouvernance et anticipation",
            "Thématique 5 – Gouvernance et anticipation",
            Some(5),
            Some(Gouvernance),
        ),
        ("Thématique 2", "Thématique 2", Some(2), None),
        ("  Thématique\u{00A0}3 ", "Thématique 3", Some(3), None),
    ];

    /// `parse_theme_cell` → `None`: empty, a bullet alone, a placeholder, a bare label.
    const NOT_THEMES: &[&str] = &[
        "",
        "▶",
        "  ▶  ",
        "\u{F0D8}",
        "à compléter",
        "...",
        "▶ N°",
        "Thématique n° ",
    ];

    /// `parse_theme_cell(..).numero`.
    const NUMBERS: &[(&str, Option<u32>)] = &[
        ("N° 3", Some(3)),
        ("n°3", Some(3)),
        ("Nº 3", Some(3)),
        ("N°3 Gouvernance", Some(3)),
        ("N3", Some(3)),
        ("No 2", Some(2)),
        ("No 3", Some(3)),
        ("no. 3", Some(3)),
        ("#3", Some(3)),
        ("# 3", Some(3)),
        ("3", Some(3)),
        ("3.", Some(3)),
        ("3 -", Some(3)),
        ("3 – Gouvernance", Some(3)),
        ("3) Gouvernance", Some(3)),
        ("(3) Gouvernance", Some(3)),
        ("3 (Gouvernance)", Some(3)),
        ("Thématique 3", Some(3)),
        ("thematique 3", Some(3)),
        ("THÉMATIQUE 3", Some(3)),
        ("Thème 3", Some(3)),
        ("Thème 5", Some(5)),
        ("Thématique n° 3", Some(3)),
        ("Gouvernance (thématique 3)", Some(3)),
        ("N° 6", Some(6)),
        ("Gouvernance", None),
        ("Partenariats", None),
        ("1er degré", None),
        ("Thématiques multiples", None),
    ];

    /// `parse_theme_cell(..).keywords`.
    const KEYWORDS: &[(&str, Option<ThemeCode>)] = &[
        ("Thématique 1 – Égal accès au numérique", Some(EgalAcces)),
        (
            "Thématique 2 – Enseigner et apprendre",
            Some(EnseignerApprendre),
        ),
        (
            "Thématique 3 – Travailler ensemble autrement",
            Some(TravaillerEnsemble),
        ),
        ("Enseigner et apprendre", Some(EnseignerApprendre)),
        (
            "Culture numérique professionnelle",
            Some(TravaillerEnsemble),
        ),
        (
            "Numérique responsable et souverain",
            Some(NumeriqueResponsable),
        ),
        ("Gouvernance", Some(Gouvernance)),
        ("nouveaux outils d'anticipation", Some(Gouvernance)),
        (
            "Garantir un égal accès au numérique pour tous",
            Some(EgalAcces),
        ),
        ("Égalité d'accès", Some(EgalAcces)),
        ("Fracture numérique", Some(EgalAcces)),
        ("Numérique inclusif", Some(EgalAcces)),
        ("Inclusion", Some(EgalAcces)),
        ("Travailler ensemble autrement", Some(TravaillerEnsemble)),
        (
            "Culture numérique professionnelle commune",
            Some(TravaillerEnsemble),
        ),
        ("Travail collaboratif", Some(TravaillerEnsemble)),
        ("Collaboration", Some(TravaillerEnsemble)),
        ("Numérique responsable", Some(NumeriqueResponsable)),
        ("Souveraineté", Some(NumeriqueResponsable)),
        ("Éthique", Some(NumeriqueResponsable)),
        ("Développement durable", Some(NumeriqueResponsable)),
        (
            "Enseigner et apprendre avec le numérique",
            Some(EnseignerApprendre),
        ),
        ("Apprendre", Some(EnseignerApprendre)),
        ("Pédagogie", Some(EnseignerApprendre)),
        ("Continuité pédagogique", Some(EnseignerApprendre)),
        // several themes: the first named
        ("Gouvernance, numérique responsable", Some(Gouvernance)),
        ("N° 3", None),
        ("Partenariats", None),
    ];

    /// `infer_numbering`: a document's theme cells → its numbering, `None` when they
    /// decide nothing.
    const INFERENCES: &[(&[&str], Option<Numbering>)] = &[
        (&["N° 3 (Gouvernance et Anticipation)"], Some(Preambule)),
        (
            &["Thématique 5 – Gouvernance et anticipation", "Thématique 2"],
            Some(Section1),
        ),
        // corse: "N° 3 (Gouvernance et Anticipation)" → préambule
        (
            &["▶ N° 3 (Gouvernance et Anticipation)", "▶ N° 3", "▶ N° 3"],
            Some(Preambule),
        ),
        // bretagne: every cell is 4 → nothing decided
        (
            &["N° 4 – Numérique responsable et souverain", "N° 4", "N° 4"],
            None,
        ),
        // occitanie: section 1
        (
            &[
                "Thématique 5 – Gouvernance et anticipation",
                "Thématique 1 – Égal accès au numérique",
                "Thématique 2 – Enseigner et apprendre",
                "Thématique 3 – Travailler ensemble autrement",
                "Thématique 5",
                "Thématique 1",
                "Thématique 2",
                "Thématique 3",
            ],
            Some(Section1),
        ),
        (&[], None),
        (&["N° 4"], None),
        // 1 and 4 agree with both orders
        (&["N° 4 – Numérique responsable", "N° 1 égalité"], None),
        (&["1 Égal accès", "4 Responsable"], None),
        // bare numbers and bare keywords decide nothing
        (&["N° 3", "Gouvernance"], None),
        // cells that disagree with each other
        (&["N° 3 gouvernance", "N° 5 gouvernance"], None),
        (&["3 Gouvernance", "5 Gouvernance"], None),
        // a cell matching neither order decides nothing
        (&["2 Gouvernance", "5 Gouvernance"], Some(Section1)),
        (&["2 Gouvernance"], None),
    ];

    /// `resolve`: (cell, numbering, numero, code, warning); the theme's texte is the
    /// cell's.
    #[allow(clippy::type_complexity)]
    const RESOLUTIONS: &[(
        &str,
        Option<Numbering>,
        Option<u32>,
        Option<ThemeCode>,
        Option<WarningCode>,
    )] = &[
        (
            "▶ N° 3 (Gouvernance et Anticipation)",
            Some(Preambule),
            Some(3),
            Some(Gouvernance),
            None,
        ),
        ("▶ N° 3", Some(Preambule), Some(3), Some(Gouvernance), None),
        // occitanie: bare numbers read in section-1 order
        (
            "Thématique 5",
            Some(Section1),
            Some(5),
            Some(Gouvernance),
            None,
        ),
        (
            "Thématique 1",
            Some(Section1),
            Some(1),
            Some(EgalAcces),
            None,
        ),
        (
            "Thématique 2",
            Some(Section1),
            Some(2),
            Some(EnseignerApprendre),
            None,
        ),
        (
            "Thématique 3",
            Some(Section1),
            Some(3),
            Some(TravaillerEnsemble),
            None,
        ),
        (
            "Thématique 5 – Gouvernance et anticipation",
            Some(Section1),
            Some(5),
            Some(Gouvernance),
            None,
        ),
        // numbering unknown: 1 and 4 are never ambiguous, 2, 3 and 5 are
        ("N° 1", None, Some(1), Some(EgalAcces), None),
        ("N° 4", None, Some(4), Some(NumeriqueResponsable), None),
        (
            "N° 2",
            None,
            Some(2),
            Some(TravaillerEnsemble),
            Some(ThematiqueAmbigue),
        ),
        (
            "N° 3",
            None,
            Some(3),
            Some(Gouvernance),
            Some(ThematiqueAmbigue),
        ),
        (
            "N° 5",
            None,
            Some(5),
            Some(EnseignerApprendre),
            Some(ThematiqueAmbigue),
        ),
        // number and keywords match neither order: keywords win, with a warning
        (
            "N° 2 – Gouvernance",
            Some(Preambule),
            Some(2),
            Some(Gouvernance),
            Some(ThematiqueIncoherente),
        ),
        (
            "N° 2 Gouvernance",
            Some(Preambule),
            Some(2),
            Some(Gouvernance),
            Some(ThematiqueIncoherente),
        ),
        (
            "N° 2 Gouvernance",
            None,
            Some(2),
            Some(Gouvernance),
            Some(ThematiqueIncoherente),
        ),
        // keywords matching the other order than the document's: keywords, no warning
        (
            "N° 3 Gouvernance",
            Some(Section1),
            Some(3),
            Some(Gouvernance),
            None,
        ),
        // keywords only
        ("Gouvernance", None, None, Some(Gouvernance), None),
        // a number outside 1..=5
        (
            "N° 6",
            Some(Preambule),
            Some(6),
            None,
            Some(ThematiqueIncoherente),
        ),
        (
            "N° 7 Gouvernance",
            None,
            Some(7),
            Some(Gouvernance),
            Some(ThematiqueIncoherente),
        ),
        // free text
        ("Ateliers divers", None, None, None, None),
        ("Partenariats", None, None, None, None),
    ];

    /// `code_for`: a number in a numbering → its theme.
    const CODES: &[(u32, Numbering, Option<ThemeCode>)] = &[
        (1, Preambule, Some(EgalAcces)),
        (2, Preambule, Some(TravaillerEnsemble)),
        (3, Preambule, Some(Gouvernance)),
        (4, Preambule, Some(NumeriqueResponsable)),
        (5, Preambule, Some(EnseignerApprendre)),
        (0, Preambule, None),
        (1, Section1, Some(EgalAcces)),
        (2, Section1, Some(EnseignerApprendre)),
        (3, Section1, Some(TravaillerEnsemble)),
        (4, Section1, Some(NumeriqueResponsable)),
        (5, Section1, Some(Gouvernance)),
        (6, Section1, None),
        (0, Section1, None),
    ];

    #[test]
    fn cells() {
        for (input, texte, numero, keywords) in CELLS {
            let expected = ThemeCell {
                texte: texte.to_string(),
                numero: *numero,
                keywords: *keywords,
            };
            assert_eq!(parse_theme_cell(input), Some(expected), "{input:?}");
        }
        for input in NOT_THEMES {
            assert_eq!(parse_theme_cell(input), None, "{input:?}");
        }
    }

    #[test]
    fn numbers() {
        for (input, expected) in NUMBERS {
            assert_eq!(&cell(input).numero, expected, "{input:?}");
        }
    }

    #[test]
    fn keywords() {
        for (input, expected) in KEYWORDS {
            assert_eq!(&cell(input).keywords, expected, "{input:?}");
        }
    }

    #[test]
    fn inferences() {
        for (cells, expected) in INFERENCES {
            let cells: Vec<ThemeCell> = cells.iter().map(|s| cell(s)).collect();
            assert_eq!(&infer_numbering(&cells), expected, "{cells:?}");
        }
    }

    #[test]
    fn resolutions() {
        for (input, numbering, numero, code, warning) in RESOLUTIONS {
            let c = cell(input);
            let theme = Theme {
                numero: *numero,
                code: *code,
                texte: c.texte.clone(),
            };
            assert_eq!(
                resolve(&c, *numbering),
                (theme, *warning),
                "{input:?} in {numbering:?}"
            );
        }
    }

    #[test]
    fn codes() {
        for (numero, numbering, expected) in CODES {
            assert_eq!(
                &code_for(*numero, *numbering),
                expected,
                "{numero} in {numbering:?}"
            );
        }
    }
}
