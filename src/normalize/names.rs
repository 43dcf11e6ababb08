//! Names of the facilitators (SPEC `animateurs.noms`).

/// Split on `–`, `-` between names (spaced), `,`, `;`, `/`, ` et `, line breaks; drop a
/// trailing parenthesis (roles, affiliations) and empty parts.
pub fn split_names(s: &str) -> Vec<String> {
    todo!("normalize::names::split_names {s}")
}
