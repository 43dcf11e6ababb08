//! Text normalization (SPEC "Text normalization").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFC, every run of white space (spaces, tabs, line breaks, NBSP, narrow NBSP…)
/// collapsed to one space, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfc() {
        if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
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
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push_str(line);
    }
    clean(&out)
}

/// Bullet characters that start list items (not ■, which is also a checked box).
const BULLETS: &[char] = &[
    '▶', '►', '▸', '▹', '▷', '•', '●', '◦', '▪', '▫', '➢', '➤', '➔', '→', '⇨', '❖', '◆', '◇', '♦', '–', '—', '-', '*',
    '·', '∙', '○', '⁃', '\u{F0D8}', '\u{F0A7}', '\u{F0B7}', '\u{F076}', '\u{F0E8}', '\u{F0E0}', '\u{F09F}', '\u{F0A1}',
];

/// List numbering at the start of `t`: `1.` `12)` `a)` `iv.` followed by white space and
/// more text. Returns the byte length of the marker (without the space).
fn numbering_marker(t: &str) -> Option<usize> {
    let end = t.find(['.', ')'])?;
    let marker = &t[..end];
    let is_number = (1..=2).contains(&marker.len()) && marker.bytes().all(|b| b.is_ascii_digit());
    let is_letter = marker.len() == 1 && marker.bytes().all(|b| b.is_ascii_alphabetic());
    let is_roman = (1..=4).contains(&marker.len()) && marker.bytes().all(|b| b"ivxIVX".contains(&b));
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
        if matches!(c, '-' | '–' | '—' | '*') && !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            return (s, false);
        }
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
    if t.chars().all(|c| c == '.' || c == '…' || c.is_whitespace() || BULLETS.contains(&c)) {
        return true;
    }
    let f = fold(t);
    if f == "a completer" || f == "a remplir" || f == "a preciser" {
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
        assert_eq!(join_lines(&["Cohérence des actions Etats-", "Collectivités surtout"]), "Cohérence des actions Etats-Collectivités surtout");
        assert_eq!(join_lines(&["Année scolaire 2020-", "2021"]), "Année scolaire 2020-2021");
        assert_eq!(join_lines(&["à Saint-", "Orens-de-Gameville"]), "à Saint-Orens-de-Gameville");
        assert_eq!(join_lines(&["une ligne", " et la suite "]), "une ligne et la suite");
    }

    #[test]
    fn strip_bullet_removes_markers_only() {
        assert_eq!(strip_bullet("▶ Lourdeurs administratives"), ("Lourdeurs administratives", true));
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
        for p in ["à compléter", "A compléter", ": à compléter", "A COMPLETER", "...", "…", "▶", "", "Texte de 2 ou 3 lignes, avec si possible, un lien vers une ressource vidéo, un article...", "TITRE DE LA PROPOSITION PHARE / DU DISPOSITIF MIS EN PLACE / DE LA PRATIQUE GÉNÉRALISABLE"] {
            assert!(is_placeholder(p), "{p}");
        }
        for d in ["Aucun", "12", "à compléter avec les familles de la ville", "Corse"] {
            assert!(!is_placeholder(d), "{d}");
        }
    }

    #[test]
    fn fold_compares_labels() {
        assert_eq!(fold("Nom de la Région  académique :"), "nom de la region academique");
        assert_eq!(fold("MODALITES DE MISE EN ŒUVRE"), "modalites de mise en oeuvre");
        assert_eq!(fold("Nombre d’établissements"), "nombre d etablissements");
        assert_eq!(fold("Date(s) et lieu(x)"), "date s et lieu x");
    }
}
