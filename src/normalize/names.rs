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
    use super::*;

    #[test]
    fn samples() {
        assert_eq!(
            split_names("José Giudicelli – Eric Ferrari (DAN et Collectivité de Corse)"),
            vec!["José Giudicelli", "Eric Ferrari"]
        );
        assert_eq!(
            split_names("Gwenaëlle Le Goff / Yann Kerbrat (DANE de Rennes)"),
            vec!["Gwenaëlle Le Goff", "Yann Kerbrat"]
        );
        assert_eq!(
            split_names("Nathalie Cazals ; Didier Roumégoux ; Inès Ferrand (DANE de Toulouse)"),
            vec!["Nathalie Cazals", "Didier Roumégoux", "Inès Ferrand"]
        );
    }

    #[test]
    fn separators_and_hyphenated_names() {
        assert_eq!(
            split_names("Jean-Pierre Martin - Anne Durand"),
            vec!["Jean-Pierre Martin", "Anne Durand"]
        );
        assert_eq!(
            split_names("Marie Dupont (IA-IPR), Paul Durand (DANE)"),
            vec!["Marie Dupont", "Paul Durand"]
        );
        assert_eq!(
            split_names("Luc Petit,\net Hugo Blanc"),
            vec!["Luc Petit", "Hugo Blanc"]
        );
        assert_eq!(
            split_names("Luc Petit et Léa Roux\nHugo Blanc"),
            vec!["Luc Petit", "Léa Roux", "Hugo Blanc"]
        );
        assert!(split_names("à compléter").is_empty());
        assert_eq!(
            split_names("Claire Lemonnier, Thomas Vautier et\u{a0}Sophie Marie"),
            vec!["Claire Lemonnier", "Thomas Vautier", "Sophie Marie"]
        );
    }
}

#[cfg(test)]
mod more_tests {
    //! More cases, from a second, independent reading of the SPEC.
    use super::*;

    #[test]
    fn samples() {
        assert_eq!(
            split_names("José Giudicelli – Eric Ferrari (DAN et Collectivité de Corse)"),
            ["José Giudicelli", "Eric Ferrari"]
        );
        assert_eq!(
            split_names("Gwenaëlle Le Goff / Yann Kerbrat (DANE de Rennes)"),
            ["Gwenaëlle Le Goff", "Yann Kerbrat"]
        );
        assert_eq!(
            split_names("Nathalie Cazals ; Didier Roumégoux ; Inès Ferrand (DANE de Toulouse)"),
            ["Nathalie Cazals", "Didier Roumégoux", "Inès Ferrand"]
        );
    }

    #[test]
    fn every_separator() {
        assert_eq!(split_names("A B, C D"), ["A B", "C D"]);
        assert_eq!(split_names("A B et C D"), ["A B", "C D"]);
        assert_eq!(split_names("A B ET C D"), ["A B", "C D"]);
        assert_eq!(split_names("A B - C D"), ["A B", "C D"]);
        assert_eq!(split_names("A B — C D"), ["A B", "C D"]);
        assert_eq!(split_names("A B\nC D"), ["A B", "C D"]);
        assert_eq!(split_names("A B\r\nC D\n\n"), ["A B", "C D"]);
        assert_eq!(split_names("A B & C D"), ["A B", "C D"]);
        assert_eq!(
            split_names("Anne Martin, Paul Durand et Léa Petit"),
            ["Anne Martin", "Paul Durand", "Léa Petit"]
        );
    }

    #[test]
    fn hyphenated_names_stay_whole() {
        assert_eq!(
            split_names("Jean-Pierre Martin - Marie-Claire Petit"),
            ["Jean-Pierre Martin", "Marie-Claire Petit"]
        );
        assert_eq!(split_names("Anne Dupont-Durand"), ["Anne Dupont-Durand"]);
        // " et " only as a word: "Bernadette" or "Etienne" are not split
        assert_eq!(split_names("Bernadette Etienne"), ["Bernadette Etienne"]);
    }

    #[test]
    fn parentheses_are_not_names() {
        assert_eq!(
            split_names("Marie Dupont (IA-IPR), Paul Durand (DANE)"),
            ["Marie Dupont", "Paul Durand"]
        );
        assert_eq!(
            split_names("Marie Dupont (IA-IPR, DANE) et Paul Durand"),
            ["Marie Dupont", "Paul Durand"]
        );
        assert_eq!(
            split_names("Marie Dupont (DANE (Rennes))"),
            ["Marie Dupont"]
        );
        assert_eq!(
            split_names("Marie Dupont (DANE de Rennes"),
            ["Marie Dupont"]
        );
    }

    #[test]
    fn empty_parts_and_placeholders() {
        assert!(split_names("").is_empty());
        assert!(split_names("à compléter").is_empty());
        assert!(split_names("(DANE)").is_empty());
        assert_eq!(
            split_names("Anne Martin, , ; Paul Durand,"),
            ["Anne Martin", "Paul Durand"]
        );
        assert_eq!(split_names("  Anne\u{00A0}Martin  "), ["Anne Martin"]);
        // an initial keeps its dot
        assert_eq!(split_names("Marie D. / Paul E."), ["Marie D.", "Paul E."]);
    }
}
