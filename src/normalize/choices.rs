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
    use super::*;

    #[test]
    fn efforts() {
        assert_eq!(parse_effort("Faible"), Some(Effort::Faible));
        assert_eq!(parse_effort("Effort moyen"), Some(Effort::Moyen));
        assert_eq!(parse_effort("Fort"), Some(Effort::Fort));
        assert_eq!(parse_effort("Important"), Some(Effort::Fort));
        assert_eq!(parse_effort("Élevé"), Some(Effort::Fort));
        assert_eq!(parse_effort("elevé"), Some(Effort::Fort));
        assert_eq!(parse_effort("A compléter"), None);
        assert_eq!(parse_effort("Faible / Moyen / Fort"), None);
    }

    #[test]
    fn timeframes() {
        assert_eq!(parse_timeframe("Court terme"), Some(Timeframe::CourtTerme));
        assert_eq!(
            parse_timeframe("à court-terme"),
            Some(Timeframe::CourtTerme)
        );
        assert_eq!(parse_timeframe("Moyen terme"), Some(Timeframe::MoyenTerme));
        assert_eq!(parse_timeframe("LONG TERME"), Some(Timeframe::LongTerme));
        assert_eq!(parse_timeframe("A compléter"), None);
    }
}

#[cfg(test)]
mod more_tests {
    //! More cases, from a second, independent reading of the SPEC.
    use super::*;

    #[test]
    fn efforts() {
        assert_eq!(parse_effort("Faible"), Some(Effort::Faible));
        assert_eq!(parse_effort("faible"), Some(Effort::Faible));
        assert_eq!(parse_effort("FAIBLE"), Some(Effort::Faible));
        assert_eq!(parse_effort("Moyen"), Some(Effort::Moyen));
        assert_eq!(parse_effort("effort moyen"), Some(Effort::Moyen));
        assert_eq!(parse_effort("Effort moyen."), Some(Effort::Moyen));
        assert_eq!(parse_effort("Fort"), Some(Effort::Fort));
        assert_eq!(parse_effort("Important"), Some(Effort::Fort));
        assert_eq!(parse_effort("Élevé"), Some(Effort::Fort));
        assert_eq!(parse_effort("Elevé"), Some(Effort::Fort));
        assert_eq!(parse_effort("élevé"), Some(Effort::Fort));
        assert_eq!(parse_effort("Modéré"), Some(Effort::Moyen));
        assert_eq!(parse_effort("peu important"), Some(Effort::Faible));
        assert_eq!(parse_effort("A compléter Faible"), Some(Effort::Faible));
        assert_eq!(parse_effort("A compléter\nFaible"), Some(Effort::Faible));
    }

    #[test]
    fn efforts_unknown() {
        assert_eq!(parse_effort(""), None);
        assert_eq!(parse_effort("A compléter"), None);
        assert_eq!(parse_effort("à compléter"), None);
        assert_eq!(parse_effort("..."), None);
        assert_eq!(parse_effort("Faible / Moyen / Fort"), None);
        assert_eq!(parse_effort("Effort"), None);
        assert_eq!(parse_effort("confortable"), None);
    }

    #[test]
    fn timeframes() {
        assert_eq!(parse_timeframe("Court terme"), Some(Timeframe::CourtTerme));
        assert_eq!(parse_timeframe("court-terme"), Some(Timeframe::CourtTerme));
        assert_eq!(
            parse_timeframe("à court terme"),
            Some(Timeframe::CourtTerme)
        );
        assert_eq!(parse_timeframe("COURT TERME"), Some(Timeframe::CourtTerme));
        assert_eq!(parse_timeframe("Moyen terme"), Some(Timeframe::MoyenTerme));
        assert_eq!(parse_timeframe("moyen-terme"), Some(Timeframe::MoyenTerme));
        assert_eq!(parse_timeframe("Long terme"), Some(Timeframe::LongTerme));
        assert_eq!(
            parse_timeframe("à long terme (2 ans)"),
            Some(Timeframe::LongTerme)
        );
        assert_eq!(
            parse_timeframe("A compléter Court terme"),
            Some(Timeframe::CourtTerme)
        );
        assert_eq!(parse_timeframe("Court"), Some(Timeframe::CourtTerme));
        assert_eq!(parse_timeframe("CT"), Some(Timeframe::CourtTerme));
        assert_eq!(parse_timeframe("MT"), Some(Timeframe::MoyenTerme));
        assert_eq!(parse_timeframe("LT"), Some(Timeframe::LongTerme));
    }

    #[test]
    fn timeframes_unknown() {
        assert_eq!(parse_timeframe(""), None);
        assert_eq!(parse_timeframe("A compléter"), None);
        assert_eq!(parse_timeframe(": à compléter"), None);
        assert_eq!(
            parse_timeframe("Court terme / Moyen terme / Long terme"),
            None
        );
        assert_eq!(parse_timeframe("court et moyen terme"), None);
        assert_eq!(parse_timeframe("Rentrée 2021"), None);
        assert_eq!(parse_timeframe("un long travail"), None);
    }
}
