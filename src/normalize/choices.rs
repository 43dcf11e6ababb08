//! `efforts` and `temporalite` of a proposition phare.

use crate::output::{Effort, Timeframe};

use super::text::{fold, is_placeholder};

/// The folded words of `s`, without a leading template `a completer` (a value may be
/// written after it: "A compléter Faible").
fn words(s: &str) -> Vec<String> {
    let f = fold(s);
    let f = f.strip_prefix("a completer").unwrap_or(&f);
    f.split_whitespace().map(str::to_string).collect()
}

/// The one value named, or `None` when none or several different ones are named.
fn only<T: PartialEq + Copy>(found: &[T]) -> Option<T> {
    let first = *found.first()?;
    found.iter().all(|v| *v == first).then_some(first)
}

/// `Faible` → faible, `Moyen` → moyen, `Fort`/`Important`/`Élevé` → fort (any case,
/// accents optional, surrounding words allowed: "Effort moyen"). Placeholders → None.
///
/// Also `Modéré(e)`/`Moyenne` → moyen, `Forte`/`Importante`/`Élevée`/`Conséquent` →
/// fort, and `peu important`/`peu élevé` → faible. Text naming several levels (the
/// template's list `Faible / Moyen / Fort` left as is) → None.
pub fn parse_effort(s: &str) -> Option<Effort> {
    if is_placeholder(s) {
        return None;
    }
    let w = words(s);
    let mut found = Vec::new();
    for (i, word) in w.iter().enumerate() {
        let after_peu = i > 0 && w[i - 1] == "peu";
        let v = match word.as_str() {
            "faible" | "faibles" => Some(Effort::Faible),
            "moyen" | "moyenne" | "moyens" | "moyennes" | "modere" | "moderee" => {
                Some(Effort::Moyen)
            }
            "fort" | "forte" | "forts" | "fortes" | "important" | "importante" | "importants"
            | "eleve" | "elevee" | "eleves" | "consequent" | "consequente" => Some(if after_peu {
                Effort::Faible
            } else {
                Effort::Fort
            }),
            _ => None,
        };
        found.extend(v);
    }
    only(&found)
}

/// `Court terme` / `Moyen terme` / `Long terme` (any case, `court-terme`, "à court
/// terme"…). Placeholders → None.
///
/// Also the bare words (`Court`, `Moyen`, `Long`) when they are the whole text, and the
/// abbreviations `CT`, `MT`, `LT` alone. Text naming several terms (`court et moyen
/// terme`, the template's list) → None.
pub fn parse_timeframe(s: &str) -> Option<Timeframe> {
    if is_placeholder(s) {
        return None;
    }
    let w = words(s);
    let as_term = |word: &str| match word {
        "court" => Some(Timeframe::CourtTerme),
        "moyen" => Some(Timeframe::MoyenTerme),
        "long" => Some(Timeframe::LongTerme),
        _ => None,
    };
    if w.len() == 1 {
        let abbreviation = match w[0].as_str() {
            "ct" => Some(Timeframe::CourtTerme),
            "mt" => Some(Timeframe::MoyenTerme),
            "lt" => Some(Timeframe::LongTerme),
            other => as_term(other),
        };
        return abbreviation;
    }
    if !w.iter().any(|x| x == "terme" || x == "termes") {
        return None;
    }
    let found: Vec<Timeframe> = w.iter().filter_map(|x| as_term(x)).collect();
    only(&found)
}

#[cfg(test)]
mod tests {
    //! One table of cases per function, input → expected, read in one loop each.
    //! The cases come from two independent readings of the SPEC.
    use super::*;

    /// `parse_effort`: a cell's text → the effort it names, `None` when it names none or several.
    const EFFORTS: &[(&str, Option<Effort>)] = &[
        ("Faible", Some(Effort::Faible)),
        ("Effort moyen", Some(Effort::Moyen)),
        ("Fort", Some(Effort::Fort)),
        ("Important", Some(Effort::Fort)),
        ("Élevé", Some(Effort::Fort)),
        ("elevé", Some(Effort::Fort)),
        ("A compléter", None),
        ("Faible / Moyen / Fort", None),
        ("faible", Some(Effort::Faible)),
        ("FAIBLE", Some(Effort::Faible)),
        ("Moyen", Some(Effort::Moyen)),
        ("effort moyen", Some(Effort::Moyen)),
        ("Effort moyen.", Some(Effort::Moyen)),
        ("Elevé", Some(Effort::Fort)),
        ("élevé", Some(Effort::Fort)),
        ("Modéré", Some(Effort::Moyen)),
        ("peu important", Some(Effort::Faible)),
        ("A compléter Faible", Some(Effort::Faible)),
        ("A compléter\nFaible", Some(Effort::Faible)),
        ("", None),
        ("à compléter", None),
        ("...", None),
        ("Effort", None),
        ("confortable", None),
    ];

    /// `parse_timeframe`: a cell's text → the timeframe it names, `None` when it names none or several.
    const TIMEFRAMES: &[(&str, Option<Timeframe>)] = &[
        ("Court terme", Some(Timeframe::CourtTerme)),
        ("à court-terme", Some(Timeframe::CourtTerme)),
        ("Moyen terme", Some(Timeframe::MoyenTerme)),
        ("LONG TERME", Some(Timeframe::LongTerme)),
        ("A compléter", None),
        ("court-terme", Some(Timeframe::CourtTerme)),
        ("à court terme", Some(Timeframe::CourtTerme)),
        ("COURT TERME", Some(Timeframe::CourtTerme)),
        ("moyen-terme", Some(Timeframe::MoyenTerme)),
        ("Long terme", Some(Timeframe::LongTerme)),
        ("à long terme (2 ans)", Some(Timeframe::LongTerme)),
        ("A compléter Court terme", Some(Timeframe::CourtTerme)),
        ("Court", Some(Timeframe::CourtTerme)),
        ("CT", Some(Timeframe::CourtTerme)),
        ("MT", Some(Timeframe::MoyenTerme)),
        ("LT", Some(Timeframe::LongTerme)),
        ("", None),
        (": à compléter", None),
        ("Court terme / Moyen terme / Long terme", None),
        ("court et moyen terme", None),
        ("Rentrée 2021", None),
        ("un long travail", None),
    ];

    #[test]
    fn efforts() {
        for (input, expected) in EFFORTS {
            assert_eq!(&parse_effort(input), expected, "{input:?}");
        }
    }

    #[test]
    fn timeframes() {
        for (input, expected) in TIMEFRAMES {
            assert_eq!(&parse_timeframe(input), expected, "{input:?}");
        }
    }
}
