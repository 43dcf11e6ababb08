//! Text normalization (SPEC "Text normalization").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFC, every run of white space (spaces, tabs, line breaks, NBSP, narrow NBSP…)
/// collapsed to one space, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfc() {
        if matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}') {
            // Zero-width space, BOM, soft hyphen, word joiner: invisible, not a space.
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Join the lines of a paragraph wrapped in a PDF: a space between lines, except after
/// a line ending with a hyphen (`Etats-` / `Collectivités`), which joins directly and
/// keeps the hyphen. The result is `clean`ed.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        // A hyphen glued to a word joins the next line directly ("Etats-" "Collectivités");
        // a spaced dash ("Paris -") does not.
        let hyphenated = out.ends_with('-') && !out.ends_with(" -");
        if !out.is_empty() && !hyphenated {
            out.push(' ');
        }
        out.push_str(line);
    }
    clean(&out)
}

/// Bullet characters that start list items (not ■, which is also a checked box).
const BULLETS: &[char] = &[
    '▶', '►', '▸', '▹', '▷', '•', '●', '◦', '▪', '▫', '➢', '➤', '➔', '→', '⇨', '❖', '◆', '◇', '♦',
    '–', '—', '-', '*', '·', '∙', '○', '⁃', '\u{F0D8}', '\u{F0A7}', '\u{F0B7}', '\u{F076}',
    '\u{F0E8}', '\u{F0E0}', '\u{F09F}', '\u{F0A1}',
];

/// List numbering at the start of `t`: `1.` `12)` `a)` `iv.` followed by white space and
/// more text. Returns the byte length of the marker (without the space).
fn numbering_marker(t: &str) -> Option<usize> {
    let end = t.find(['.', ')'])?;
    let marker = &t[..end];
    let is_number = (1..=2).contains(&marker.len()) && marker.bytes().all(|b| b.is_ascii_digit());
    // A letter only with ")" ("a) point"): "M. Dupont" is a name.
    let is_letter = marker.len() == 1
        && marker.bytes().all(|b| b.is_ascii_alphabetic())
        && t.as_bytes().get(end) == Some(&b')');
    let is_roman =
        (1..=4).contains(&marker.len()) && marker.bytes().all(|b| b"ivxIVX".contains(&b));
    let rest = &t[end + 1..];
    let followed = rest.starts_with([' ', '\t']) && !rest.trim_start().is_empty();
    ((is_number || is_letter || is_roman) && followed).then_some(end)
}

/// Remove a leading bullet marker (▶ ► • ● ▪ ➢ - – *, Wingdings private-use bullets
/// U+F0A7 U+F0D8 U+F0B7…, "1." / "a)" list numbering) and the space after it.
/// Returns the rest (not cleaned) and whether a marker was removed.
pub fn strip_bullet(s: &str) -> (&str, bool) {
    let t = s.trim_start();
    if let Some(c) = t.chars().next()
        && BULLETS.contains(&c)
    {
        let rest = &t[c.len_utf8()..];
        // "-5" or "–" glued to a word is not a bullet; a lone marker is an empty item.
        if matches!(c, '-' | '–' | '—' | '*')
            && !rest.is_empty()
            && !rest.starts_with(char::is_whitespace)
        {
            return (s, false);
        }
        return (rest.trim_start(), true);
    }
    // Word's "o" sub-bullet, as exported to text.
    if let Some(rest) = t.strip_prefix("o ").filter(|r| !r.trim().is_empty()) {
        return (rest.trim_start(), true);
    }
    if let Some(end) = numbering_marker(t) {
        return (t[end + 1..].trim_start(), true);
    }
    (s, false)
}

/// The template's instruction texts and unchanged headings, folded.
const TEMPLATE_TEXTS: &[&str] = &[
    "texte de 2 ou 3 lignes avec si possible un lien vers une ressource video un article",
    "titre de la proposition phare du dispositif mis en place de la pratique generalisable",
    "titre de la proposition phare",
];

/// Is this (already cleaned) text a template placeholder rather than data:
/// `à compléter` / `A compléter` (any case, optional leading `:`), `...`, `…`, an empty
/// bullet, the template's instruction texts.
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim().trim_start_matches([':', ' ']).trim();
    if t.is_empty() {
        return true;
    }
    let (rest, bullet) = strip_bullet(t);
    if bullet && rest.trim().is_empty() {
        return true;
    }
    if t.chars()
        .all(|c| c == '.' || c == '…' || c.is_whitespace() || BULLETS.contains(&c))
    {
        return true;
    }
    let f = fold(t);
    // "à compléter", possibly repeated ("A compléter à compléter").
    let rest = f
        .replace("a completer", " ")
        .replace("a remplir", " ")
        .replace("a preciser", " ");
    if rest.trim().is_empty() {
        return true;
    }
    TEMPLATE_TEXTS.iter().any(|tpl| f == *tpl)
}

/// A key for comparing labels: lower case, accents removed, œ→oe, every run of
/// non-alphanumeric characters turned into one space, trimmed.
/// `"Nom de la Région  académique :"` → `"nom de la region academique"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut push = |l: char, out: &mut String| {
        if l.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(l);
        } else {
            space = true;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), &mut out);
            continue;
        }
        match c {
            'œ' | 'Œ' => "oe".chars().for_each(|l| push(l, &mut out)),
            'æ' | 'Æ' => "ae".chars().for_each(|l| push(l, &mut out)),
            'ß' => "ss".chars().for_each(|l| push(l, &mut out)),
            _ => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    d.to_lowercase().for_each(|l| push(l, &mut out));
                }
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_every_space_kind_and_composes() {
        assert_eq!(clean("  a\u{00A0}\u{202F}b\t\nc \u{2009} "), "a b c");
        assert_eq!(clean("E\u{301}quipes"), "Équipes");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn join_lines_keeps_hyphenated_words_whole() {
        assert_eq!(
            join_lines(&["Cohérence des actions Etats-", "Collectivités surtout"]),
            "Cohérence des actions Etats-Collectivités surtout"
        );
        assert_eq!(
            join_lines(&["Année scolaire 2020-", "2021"]),
            "Année scolaire 2020-2021"
        );
        assert_eq!(
            join_lines(&["à Saint-", "Orens-de-Gameville"]),
            "à Saint-Orens-de-Gameville"
        );
        assert_eq!(
            join_lines(&["une ligne", " et la suite "]),
            "une ligne et la suite"
        );
    }

    #[test]
    fn strip_bullet_removes_markers_only() {
        assert_eq!(
            strip_bullet("▶ Lourdeurs administratives"),
            ("Lourdeurs administratives", true)
        );
        assert_eq!(strip_bullet("\u{F0D8} Item"), ("Item", true));
        assert_eq!(strip_bullet("• a"), ("a", true));
        assert_eq!(strip_bullet("- a"), ("a", true));
        assert_eq!(strip_bullet("1. Premier point"), ("Premier point", true));
        assert_eq!(strip_bullet("a) point"), ("point", true));
        assert_eq!(strip_bullet("▶"), ("", true));
        assert_eq!(strip_bullet("-5 degrés"), ("-5 degrés", false));
        assert_eq!(strip_bullet("■ coché"), ("■ coché", false));
        assert_eq!(strip_bullet("2020 année"), ("2020 année", false));
        assert_eq!(strip_bullet("N° 3"), ("N° 3", false));
    }

    #[test]
    fn placeholders() {
        for p in [
            "à compléter",
            "A compléter",
            ": à compléter",
            "A COMPLETER",
            "...",
            "…",
            "▶",
            "",
            "Texte de 2 ou 3 lignes, avec si possible, un lien vers une ressource vidéo, un article...",
            "TITRE DE LA PROPOSITION PHARE / DU DISPOSITIF MIS EN PLACE / DE LA PRATIQUE GÉNÉRALISABLE",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for d in [
            "Aucun",
            "12",
            "à compléter avec les familles de la ville",
            "Corse",
        ] {
            assert!(!is_placeholder(d), "{d}");
        }
    }

    #[test]
    fn fold_compares_labels() {
        assert_eq!(
            fold("Nom de la Région  académique :"),
            "nom de la region academique"
        );
        assert_eq!(
            fold("MODALITES DE MISE EN ŒUVRE"),
            "modalites de mise en oeuvre"
        );
        assert_eq!(fold("Nombre d’établissements"), "nombre d etablissements");
        assert_eq!(fold("Date(s) et lieu(x)"), "date s et lieu x");
    }
}

#[cfg(test)]
mod more_tests {
    //! More cases, from a second, independent reading of the SPEC.
    use super::*;

    #[test]
    fn clean_collapses_every_kind_of_space() {
        assert_eq!(clean("  a \t b\n\nc  "), "a b c");
        assert_eq!(clean("45\u{202F}000"), "45 000");
        assert_eq!(clean("12\u{00A0}Octobre\u{2009}2020"), "12 Octobre 2020");
        assert_eq!(clean("a\r\nb"), "a b");
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \u{00A0}\t\n "), "");
    }

    #[test]
    fn clean_is_nfc_and_keeps_typography() {
        // e + combining acute → é
        assert_eq!(clean("Re\u{0301}gion"), "Région");
        assert_eq!(clean("« pérenne » – l’État…"), "« pérenne » – l’État…");
        assert_eq!(clean("mise en œuvre"), "mise en œuvre");
    }

    #[test]
    fn clean_drops_invisible_characters() {
        assert_eq!(clean("ab\u{200B}c\u{FEFF}"), "abc");
        assert_eq!(clean("établisse\u{00AD}ments"), "établissements");
    }

    #[test]
    fn join_lines_spaces_and_hyphens() {
        assert_eq!(
            join_lines(&["Cohérence des actions Etats-", "Collectivités surtout"]),
            "Cohérence des actions Etats-Collectivités surtout"
        );
        assert_eq!(
            join_lines(&["Année scolaire 2020-", "2021"]),
            "Année scolaire 2020-2021"
        );
        assert_eq!(
            join_lines(&[
                "clôture académique à Saint-",
                "Orens-de-Gameville (13h30 – 16h30)"
            ]),
            "clôture académique à Saint-Orens-de-Gameville (13h30 – 16h30)"
        );
        assert_eq!(
            join_lines(&[
                "Equipement des établissements-",
                "Formation des enseignants"
            ]),
            "Equipement des établissements-Formation des enseignants"
        );
        assert_eq!(
            join_lines(&["Eviter une comitologie", "inutile."]),
            "Eviter une comitologie inutile."
        );
    }

    #[test]
    fn join_lines_cleans_and_skips_empty_lines() {
        assert_eq!(join_lines(&["  a  ", "", " \u{00A0} ", "b\tc "]), "a b c");
        assert_eq!(join_lines::<&str>(&[]), "");
        // a spaced dash at a line end is not a broken word
        assert_eq!(join_lines(&["Paris -", "Lyon"]), "Paris - Lyon");
        let owned = vec![String::from("un"), String::from("deux")];
        assert_eq!(join_lines(&owned), "un deux");
    }

    #[test]
    fn strip_bullet_glyphs() {
        assert_eq!(
            strip_bullet("▶ Lourdeurs administratives"),
            ("Lourdeurs administratives", true)
        );
        assert_eq!(strip_bullet("▶"), ("", true));
        assert_eq!(strip_bullet("  ▶  x"), ("x", true));
        assert_eq!(strip_bullet("► a"), ("a", true));
        assert_eq!(strip_bullet("▸ a"), ("a", true));
        assert_eq!(strip_bullet("• a"), ("a", true));
        assert_eq!(strip_bullet("●a"), ("a", true));
        assert_eq!(strip_bullet("▪ a"), ("a", true));
        assert_eq!(strip_bullet("➢ a"), ("a", true));
        assert_eq!(strip_bullet("➤ a"), ("a", true));
        assert_eq!(strip_bullet("· a"), ("a", true));
        assert_eq!(
            strip_bullet("\u{F0D8} Rectorat/DSDEN"),
            ("Rectorat/DSDEN", true)
        );
        assert_eq!(strip_bullet("\u{F0A7} a"), ("a", true));
        assert_eq!(strip_bullet("\u{F0B7} a"), ("a", true));
        assert_eq!(strip_bullet("\u{F076} a"), ("a", true));
        assert_eq!(strip_bullet("\u{F0E8} a"), ("a", true));
        assert_eq!(strip_bullet("o Sous-point"), ("Sous-point", true));
        assert_eq!(strip_bullet("o"), ("o", false));
        assert_eq!(strip_bullet("outils"), ("outils", false));
    }

    #[test]
    fn strip_bullet_dashes_need_a_space() {
        assert_eq!(
            strip_bullet("- Comment garantir"),
            ("Comment garantir", true)
        );
        assert_eq!(strip_bullet("– a"), ("a", true));
        assert_eq!(strip_bullet("* a"), ("a", true));
        assert_eq!(strip_bullet("-"), ("", true));
        assert_eq!(strip_bullet("-5 %"), ("-5 %", false));
        assert_eq!(strip_bullet("*important*"), ("*important*", false));
    }

    #[test]
    fn strip_bullet_keeps_checkbox_glyphs() {
        assert_eq!(strip_bullet("■ Présentiel"), ("■ Présentiel", false));
        assert_eq!(
            strip_bullet("\u{F0FC} Présentiel"),
            ("\u{F0FC} Présentiel", false)
        );
        assert_eq!(strip_bullet("☐ Distanciel"), ("☐ Distanciel", false));
    }

    #[test]
    fn strip_bullet_numbering() {
        assert_eq!(
            strip_bullet("1. Former les équipes"),
            ("Former les équipes", true)
        );
        assert_eq!(strip_bullet("12) Former"), ("Former", true));
        assert_eq!(strip_bullet("a) Former"), ("Former", true));
        assert_eq!(strip_bullet("B) Former"), ("Former", true));
        // not numbering
        assert_eq!(strip_bullet("1."), ("1.", false));
        assert_eq!(strip_bullet("1. "), ("1. ", false));
        assert_eq!(strip_bullet("2020. Une année"), ("2020. Une année", false));
        assert_eq!(strip_bullet("M. Dupont"), ("M. Dupont", false));
        assert_eq!(strip_bullet("1er degré"), ("1er degré", false));
        assert_eq!(strip_bullet("3 ateliers"), ("3 ateliers", false));
        assert_eq!(strip_bullet("Lourdeurs"), ("Lourdeurs", false));
        assert_eq!(strip_bullet(""), ("", false));
    }

    #[test]
    fn placeholders() {
        for p in [
            "à compléter",
            "A compléter",
            "A COMPLETER",
            "À COMPLÉTER",
            ": à compléter",
            "A compléter à compléter",
            " :  A compléter ",
            "à compléter…",
            "...",
            "…",
            "",
            "▶",
            "•",
            "-",
            "Texte de 2 ou 3 lignes, avec si possible, un lien vers une ressource vidéo, un article...",
            "texte de 2 ou 3 lignes, avec si possible un lien vers une ressource video, un article…",
            "TITRE DE LA PROPOSITION PHARE / DU DISPOSITIF MIS EN PLACE / DE LA PRATIQUE GÉNÉRALISABLE",
            "Titre de la proposition phare / du dispositif mis en place / de la pratique généralisable",
            "TITRE DE LA PROPOSITION PHARE",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
    }

    #[test]
    fn not_placeholders() {
        for p in [
            "Faible",
            "0",
            "Aucun",
            "tous les EPLE et écoles",
            "Filière académique de reconditionnement des équipements numériques",
            "A compléter Court terme",
            "Texte",
        ] {
            assert!(!is_placeholder(p), "{p:?} should not be a placeholder");
        }
    }

    #[test]
    fn fold_examples() {
        assert_eq!(
            fold("Nom de la Région  académique :"),
            "nom de la region academique"
        );
        assert_eq!(fold("Mise en Œuvre"), "mise en oeuvre");
        assert_eq!(fold("ex æquo"), "ex aequo");
        assert_eq!(fold("l’État d'abord"), "l etat d abord");
        assert_eq!(
            fold("  N° 3 (Gouvernance et Anticipation) "),
            "n 3 gouvernance et anticipation"
        );
        assert_eq!(fold("ÉLEVÉ"), "eleve");
        assert_eq!(fold("Février, août"), "fevrier aout");
        assert_eq!(fold("..."), "");
        assert_eq!(fold("a\u{00A0}b"), "a b");
    }
}
