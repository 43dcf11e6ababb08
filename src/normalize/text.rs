//! Text normalization (SPEC "Text normalization").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFC, every run of white space (spaces, tabs, line breaks, NBSP, narrow NBSP…)
/// collapsed to one space, trimmed; the Unicode hyphens (U+2010, and U+2011 that pandoc
/// writes for Word's non-breaking hyphen) as the hyphen-minus people type and search for.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfc() {
        if matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}') {
            // Zero-width space, BOM, soft hyphen, word joiner: invisible, not a space.
            continue;
        }
        let c = if matches!(c, '\u{2010}' | '\u{2011}') {
            '-'
        } else {
            c
        };
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
    //! One table of cases per function, input → expected, read in one loop each.
    //! The cases come from two independent readings of the SPEC.
    use super::*;

    /// `clean`: spaces collapsed, invisible characters dropped, NFC.
    const CLEAN: &[(&str, &str)] = &[
        ("  a\u{00A0}\u{202F}b\t\nc \u{2009} ", "a b c"),
        ("E\u{301}quipes", "Équipes"),
        ("", ""),
        ("  a \t b\n\nc  ", "a b c"),
        ("45\u{202F}000", "45 000"),
        ("12\u{00A0}Octobre\u{2009}2020", "12 Octobre 2020"),
        ("a\r\nb", "a b"),
        (" \u{00A0}\t\n ", ""),
        // e + combining acute → é
        ("Re\u{0301}gion", "Région"),
        ("« pérenne » – l’État…", "« pérenne » – l’État…"),
        ("mise en œuvre", "mise en œuvre"),
        ("ab\u{200B}c\u{FEFF}", "abc"),
        ("établisse\u{00AD}ments", "établissements"),
        (
            "Jeanne\u{2011}d'Arc 2020\u{2010}2021",
            "Jeanne-d'Arc 2020-2021",
        ),
    ];

    /// `strip_bullet`: the text without its leading bullet, and whether there was one.
    const STRIP_BULLET: &[(&str, (&str, bool))] = &[
        (
            "▶ Lourdeurs administratives",
            ("Lourdeurs administratives", true),
        ),
        ("\u{F0D8} Item", ("Item", true)),
        ("• a", ("a", true)),
        ("- a", ("a", true)),
        ("1. Premier point", ("Premier point", true)),
        ("a) point", ("point", true)),
        ("▶", ("", true)),
        ("-5 degrés", ("-5 degrés", false)),
        ("■ coché", ("■ coché", false)),
        ("2020 année", ("2020 année", false)),
        ("N° 3", ("N° 3", false)),
        ("  ▶  x", ("x", true)),
        ("► a", ("a", true)),
        ("▸ a", ("a", true)),
        ("●a", ("a", true)),
        ("▪ a", ("a", true)),
        ("➢ a", ("a", true)),
        ("➤ a", ("a", true)),
        ("· a", ("a", true)),
        ("\u{F0D8} Rectorat/DSDEN", ("Rectorat/DSDEN", true)),
        ("\u{F0A7} a", ("a", true)),
        ("\u{F0B7} a", ("a", true)),
        ("\u{F076} a", ("a", true)),
        ("\u{F0E8} a", ("a", true)),
        ("o Sous-point", ("Sous-point", true)),
        ("o", ("o", false)),
        ("outils", ("outils", false)),
        ("- Comment garantir", ("Comment garantir", true)),
        ("– a", ("a", true)),
        ("* a", ("a", true)),
        ("-", ("", true)),
        ("-5 %", ("-5 %", false)),
        ("*important*", ("*important*", false)),
        ("■ Présentiel", ("■ Présentiel", false)),
        ("\u{F0FC} Présentiel", ("\u{F0FC} Présentiel", false)),
        ("☐ Distanciel", ("☐ Distanciel", false)),
        ("1. Former les équipes", ("Former les équipes", true)),
        ("12) Former", ("Former", true)),
        ("a) Former", ("Former", true)),
        ("B) Former", ("Former", true)),
        // not numbering
        ("1.", ("1.", false)),
        ("1. ", ("1. ", false)),
        ("2020. Une année", ("2020. Une année", false)),
        ("M. Dupont", ("M. Dupont", false)),
        ("1er degré", ("1er degré", false)),
        ("3 ateliers", ("3 ateliers", false)),
        ("Lourdeurs", ("Lourdeurs", false)),
        ("", ("", false)),
    ];

    /// `fold`: lower case without accents, for comparing labels.
    const FOLD: &[(&str, &str)] = &[
        (
            "Nom de la Région  académique :",
            "nom de la region academique",
        ),
        ("MODALITES DE MISE EN ŒUVRE", "modalites de mise en oeuvre"),
        ("Nombre d’établissements", "nombre d etablissements"),
        ("Date(s) et lieu(x)", "date s et lieu x"),
        ("Mise en Œuvre", "mise en oeuvre"),
        ("ex æquo", "ex aequo"),
        ("l’État d'abord", "l etat d abord"),
        (
            "  N° 3 (Gouvernance et Anticipation) ",
            "n 3 gouvernance et anticipation",
        ),
        ("ÉLEVÉ", "eleve"),
        ("Février, août", "fevrier aout"),
        ("...", ""),
        ("a\u{00A0}b", "a b"),
    ];

    /// `is_placeholder`: a cell's text → whether it is the blank form's placeholder.
    const PLACEHOLDERS: &[(&str, bool)] = &[
        ("à compléter", true),
        ("A compléter", true),
        (": à compléter", true),
        ("A COMPLETER", true),
        ("...", true),
        ("…", true),
        ("▶", true),
        ("", true),
        (
            "Texte de 2 ou 3 lignes, avec si possible, un lien vers une ressource vidéo, un article...",
            true,
        ),
        (
            "TITRE DE LA PROPOSITION PHARE / DU DISPOSITIF MIS EN PLACE / DE LA PRATIQUE GÉNÉRALISABLE",
            true,
        ),
        ("Aucun", false),
        ("12", false),
        ("à compléter avec les familles de la ville", false),
        ("Corse", false),
        ("À COMPLÉTER", true),
        ("A compléter à compléter", true),
        (" :  A compléter ", true),
        ("à compléter…", true),
        ("•", true),
        ("-", true),
        (
            "texte de 2 ou 3 lignes, avec si possible un lien vers une ressource video, un article…",
            true,
        ),
        (
            "Titre de la proposition phare / du dispositif mis en place / de la pratique généralisable",
            true,
        ),
        ("TITRE DE LA PROPOSITION PHARE", true),
        ("Faible", false),
        ("0", false),
        ("tous les EPLE et écoles", false),
        (
            "Filière académique de reconditionnement des équipements numériques",
            false,
        ),
        ("A compléter Court terme", false),
        ("Texte", false),
    ];

    #[test]
    fn clean_cases() {
        for (input, expected) in CLEAN {
            assert_eq!(clean(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn strip_bullet_cases() {
        for (input, expected) in STRIP_BULLET {
            assert_eq!(&strip_bullet(input), expected, "{input:?}");
        }
    }

    #[test]
    fn fold_cases() {
        for (input, expected) in FOLD {
            assert_eq!(fold(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn placeholder_cases() {
        for (input, expected) in PLACEHOLDERS {
            assert_eq!(is_placeholder(input), *expected, "{input:?}");
        }
    }
}
