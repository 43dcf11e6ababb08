//! `efforts` and `temporalite` of a proposition phare.

use super::text;
use crate::output::{Effort, Timeframe};

/// `Faible` → faible, `Moyen` → moyen, `Fort`/`Important`/`Élevé` → fort (any case,
/// accents optional, surrounding words allowed: "Effort moyen"). Placeholders → None.
pub fn parse_effort(s: &str) -> Option<Effort> {
    let f = format!(" {} ", text::fold(s));
    let has = |w: &str| f.contains(&format!(" {w} "));
    let found: Vec<Effort> = [
        (has("faible") || has("faibles") || has("limite") || has("leger"), Effort::Faible),
        (has("moyen") || has("moyens") || has("modere") || has("moyenne"), Effort::Moyen),
        (has("fort") || has("forts") || has("important") || has("importants") || has("eleve") || has("eleves") || has("forte"), Effort::Fort),
    ]
    .into_iter()
    .filter_map(|(hit, e)| hit.then_some(e))
    .collect();
    only(&found)
}

/// `Court terme` / `Moyen terme` / `Long terme` (any case, `court-terme`, "à court
/// terme"…). Placeholders → None.
pub fn parse_timeframe(s: &str) -> Option<Timeframe> {
    let f = format!(" {} ", text::fold(s));
    let found: Vec<Timeframe> = [
        (f.contains(" court terme ") || f.contains(" ct "), Timeframe::CourtTerme),
        (f.contains(" moyen terme ") || f.contains(" mt "), Timeframe::MoyenTerme),
        (f.contains(" long terme ") || f.contains(" lt "), Timeframe::LongTerme),
    ]
    .into_iter()
    .filter_map(|(hit, t)| hit.then_some(t))
    .collect();
    only(&found)
}

/// The option named, when exactly one is: text naming several (the template's list left
/// as it was) decides nothing.
fn only<T: Copy>(found: &[T]) -> Option<T> {
    match found {
        [one] => Some(*one),
        _ => None,
    }
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
        assert_eq!(parse_timeframe("à court-terme"), Some(Timeframe::CourtTerme));
        assert_eq!(parse_timeframe("Moyen terme"), Some(Timeframe::MoyenTerme));
        assert_eq!(parse_timeframe("LONG TERME"), Some(Timeframe::LongTerme));
        assert_eq!(parse_timeframe("A compléter"), None);
    }
}
