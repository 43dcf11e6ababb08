//! Names of the facilitators (SPEC `animateurs.noms`).

use super::text;

/// Split on `–`, `-` between names (spaced), `,`, `;`, `/`, ` et `, line breaks; drop a
/// trailing parenthesis (roles, affiliations) and empty parts.
pub fn split_names(s: &str) -> Vec<String> {
    // Every space kind (NBSP, tabs…) as a plain space, so that " et " is found.
    // A line break keeps spaces around it, so that "…Vautier⏎et Sophie" splits on " et ".
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_whitespace() && c != '\n' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let spaced = spaced.replace('\n', " \n ");
    let mut parts = vec![remove_parentheses(&spaced)];
    for sep in [
        "\n", "–", "—", " - ", ",", ";", "/", " et ", " ET ", " Et ", " & ",
    ] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .iter()
        .map(|p| {
            text::clean(p)
                .trim_matches(|c: char| c == '-' || c == ':' || c.is_whitespace())
                .to_string()
        })
        .filter(|p| !p.is_empty() && !text::is_placeholder(p))
        .collect()
}

/// Text without its parenthesized parts (roles and affiliations).
fn remove_parentheses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! One table of cases per function, input → expected, read in one loop each.
    //! The cases come from two independent readings of the SPEC.
    use super::*;

    /// `split_names`: a cell's text → the names in it.
    const NAMES: &[(&str, &[&str])] = &[
        (
            "José Giudicelli – Eric Ferrari (DAN et Collectivité de Corse)",
            &["José Giudicelli", "Eric Ferrari"],
        ),
        (
            "Gwenaëlle Le Goff / Yann Kerbrat (DANE de Rennes)",
            &["Gwenaëlle Le Goff", "Yann Kerbrat"],
        ),
        (
            "Nathalie Cazals ; Didier Roumégoux ; Inès Ferrand (DANE de Toulouse)",
            &["Nathalie Cazals", "Didier Roumégoux", "Inès Ferrand"],
        ),
        (
            "Jean-Pierre Martin - Anne Durand",
            &["Jean-Pierre Martin", "Anne Durand"],
        ),
        (
            "Marie Dupont (IA-IPR), Paul Durand (DANE)",
            &["Marie Dupont", "Paul Durand"],
        ),
        ("Luc Petit,\net Hugo Blanc", &["Luc Petit", "Hugo Blanc"]),
        (
            "Luc Petit et Léa Roux\nHugo Blanc",
            &["Luc Petit", "Léa Roux", "Hugo Blanc"],
        ),
        (
            "Claire Lemonnier, Thomas Vautier et\u{a0}Sophie Marie",
            &["Claire Lemonnier", "Thomas Vautier", "Sophie Marie"],
        ),
        ("A B, C D", &["A B", "C D"]),
        ("A B et C D", &["A B", "C D"]),
        ("A B ET C D", &["A B", "C D"]),
        ("A B - C D", &["A B", "C D"]),
        ("A B — C D", &["A B", "C D"]),
        ("A B\nC D", &["A B", "C D"]),
        ("A B\r\nC D\n\n", &["A B", "C D"]),
        ("A B & C D", &["A B", "C D"]),
        (
            "Anne Martin, Paul Durand et Léa Petit",
            &["Anne Martin", "Paul Durand", "Léa Petit"],
        ),
        (
            "Jean-Pierre Martin - Marie-Claire Petit",
            &["Jean-Pierre Martin", "Marie-Claire Petit"],
        ),
        ("Anne Dupont-Durand", &["Anne Dupont-Durand"]),
        // " et " only as a word: "Bernadette" or "Etienne" are not split
        ("Bernadette Etienne", &["Bernadette Etienne"]),
        (
            "Marie Dupont (IA-IPR, DANE) et Paul Durand",
            &["Marie Dupont", "Paul Durand"],
        ),
        ("Marie Dupont (DANE (Rennes))", &["Marie Dupont"]),
        ("Marie Dupont (DANE de Rennes", &["Marie Dupont"]),
        (
            "Anne Martin, , ; Paul Durand,",
            &["Anne Martin", "Paul Durand"],
        ),
        ("  Anne\u{00A0}Martin  ", &["Anne Martin"]),
        // an initial keeps its dot
        ("Marie D. / Paul E.", &["Marie D.", "Paul E."]),
        ("à compléter", &[]),
        ("", &[]),
        ("(DANE)", &[]),
    ];

    #[test]
    fn split_names_cases() {
        for (input, expected) in NAMES {
            assert_eq!(split_names(input), *expected, "{input:?}");
        }
    }
}
