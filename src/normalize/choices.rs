//! `efforts` and `temporalite` of a proposition phare.

use crate::output::{Effort, Timeframe};

/// `Faible` → faible, `Moyen` → moyen, `Fort`/`Important`/`Élevé` → fort (any case,
/// accents optional, surrounding words allowed: "Effort moyen"). Placeholders → None.
pub fn parse_effort(s: &str) -> Option<Effort> {
    todo!("normalize::choices::parse_effort {s}")
}

/// `Court terme` / `Moyen terme` / `Long terme` (any case, `court-terme`, "à court
/// terme"…). Placeholders → None.
pub fn parse_timeframe(s: &str) -> Option<Timeframe> {
    todo!("normalize::choices::parse_timeframe {s}")
}
