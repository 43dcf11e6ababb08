//! Matching the form's printed labels, tolerant of accents, case, spacing, punctuation
//! and line breaks: texts are compared word by word on their folded form.

use crate::normalize::text;

/// The words of `s` with their byte ranges: maximal runs of letters and digits.
fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push((st, i));
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

/// When `s` starts with one of `labels` (written folded; compared on folded words), the
/// text after it, with the separating spaces and colon removed.
pub fn strip_label<'a>(s: &'a str, labels: &[&str]) -> Option<&'a str> {
    match_label(s, &[((), labels)]).map(|(_, rest)| rest)
}

/// The value after a label: without the abbreviation's dot that may end the label
/// ("Région acad."), a question mark right after the label, which the label was written
/// with ("Nom de la région ?"), and the colon and spaces before the value. A question
/// mark after the colon is the value ("Nombre de parents : ?").
fn after_label(s: &str) -> &str {
    let s = s.strip_prefix('.').unwrap_or(s).trim_start();
    let s = s.strip_prefix('?').unwrap_or(s);
    s.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：')
}

/// The first entry of `table` one of whose labels starts `s`, and the text after it.
/// Labels are written folded (lower case, no accents, words separated by one space);
/// the words of `s` are folded once, whatever the size of the table.
pub fn match_label<'a, K: Copy>(s: &'a str, table: &[(K, &[&str])]) -> Option<(K, &'a str)> {
    // The text's words, compared in their label form, each with the byte offset where it
    // ends (a plural mark after a word ends it: "Animateur(s)").
    let mut found: Vec<(String, usize)> = Vec::new();
    for (a, b) in words(s).into_iter().take(LEAD_WORDS) {
        let folded = text::fold(&s[a..b]);
        if let Some(last) = found.last_mut()
            && is_plural_mark(&folded)
        {
            last.1 = if s[b..].starts_with(')') { b + 1 } else { b };
            continue;
        }
        found.push((label_word(&folded).to_string(), b));
    }
    let found_words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
    for (key, labels) in table {
        for label in *labels {
            if let Some(n) = leading_words(&found_words, label_words(label)) {
                let end = found[n - 1].1;
                return Some((*key, after_label(&s[end..])));
            }
        }
    }
    None
}

/// Plural (and feminine) marks written in parentheses after a word ("Animateur(s)",
/// "lieu(x)", "Référent(e)"), folded: a word of their own once folded.
const PLURAL_MARKS: &[&str] = &["s", "x", "es", "e"];

fn is_plural_mark(folded_word: &str) -> bool {
    PLURAL_MARKS.contains(&folded_word)
}

/// Words this long or shorter keep a final "s" or "x" ("des", "les", "aux").
const SHORT_WORD: usize = 3;

/// A folded word as labels are compared: abbreviation written in full, singular
/// ("animateurs" and "animateur", "lieux" and "lieu" are the same label word).
fn label_word(folded_word: &str) -> &str {
    let w = unabbreviated(folded_word);
    match w.strip_suffix(['s', 'x']) {
        Some(singular) if w.len() > SHORT_WORD => singular,
        _ => w,
    }
}

/// The label words of a folded text: plural marks after a word dropped, every word in
/// its label form (`label_word`). An iterator: the form's labels are matched against
/// every paragraph, and allocating their words each time cost a sixth of a conversion.
fn label_words(folded: &str) -> impl Iterator<Item = &str> {
    let mut first = true;
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .filter(move |w| {
            let keep = first || !is_plural_mark(w);
            first = false;
            keep
        })
        .map(label_word)
}

/// When `wanted` (at least one word) starts `hay`, how many words it takes.
fn leading_words<'w>(hay: &[&str], wanted: impl Iterator<Item = &'w str>) -> Option<usize> {
    let mut n = 0;
    for w in wanted {
        if hay.get(n) != Some(&w) {
            return None;
        }
        n += 1;
    }
    (n > 0).then_some(n)
}

/// A label whose words a PDF interleaved with its value's (a label wrapped in a narrow
/// cell beside a one-line value: "Nom de la Région Normandie académique"): the text
/// without the label's words, when `s` starts with the label's first word and holds all
/// of its words in order within `INTERLEAVED_SLACK` more words. Labels of fewer than
/// three words are not tried: they would match ordinary text.
pub fn strip_interleaved_label(s: &str, labels: &[&str]) -> Option<String> {
    let ws = words(s);
    let folded: Vec<String> = ws.iter().map(|(a, b)| text::fold(&s[*a..*b])).collect();
    labels.iter().find_map(|label| {
        let wanted: Vec<&str> = label.split(' ').filter(|w| !w.is_empty()).collect();
        if wanted.len() < 3 || folded.first().map(String::as_str) != wanted.first().copied() {
            return None;
        }
        let mut matched = Vec::with_capacity(wanted.len());
        let mut next = 0;
        for (i, f) in folded
            .iter()
            .enumerate()
            .take(wanted.len() + INTERLEAVED_SLACK)
        {
            if wanted.get(next) == Some(&f.as_str()) {
                matched.push(i);
                next += 1;
            }
        }
        if next < wanted.len() {
            return None;
        }
        let mut rest = String::new();
        let mut from = 0;
        let mut prev: Option<usize> = None;
        for i in matched {
            let (a, b) = ws[i];
            // Between two of the label's words side by side: the label's own punctuation
            // ("Date(s)"), not the value's.
            if prev.is_none_or(|p| p + 1 != i) {
                rest.push_str(&s[from..a]);
                rest.push(' ');
            }
            from = b;
            prev = Some(i);
        }
        rest.push_str(&s[from..]);
        let rest = text::clean(rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':'));
        Some(rest.trim_start_matches([':', ' ']).to_string())
    })
}

/// Extra words a value may put among an interleaved label's: a whole line of a value
/// beside the label's wrapped first line, in a value column of a web page as wide as
/// its text (a dozen words: "Jeudi 15 octobre 2020 – Clermont-Ferrand, Lyon et
/// Grenoble en").
const INTERLEAVED_SLACK: usize = 12;

/// Labels and headings are at most this many words long.
const LEAD_WORDS: usize = 12;

/// The folded text of the first words of `s` (enough to recognize a label or heading),
/// abbreviations written in full, and the number of words `s` has (counted up to a bound).
pub fn lead(s: &str) -> (String, usize) {
    let ws = words(s);
    let folded: Vec<String> = ws
        .iter()
        .take(LEAD_WORDS)
        .map(|(a, b)| unabbreviated(&text::fold(&s[*a..*b])).to_string())
        .collect();
    (folded.join(" "), ws.len())
}

/// Abbreviations people write for the words of the form's labels ("Nb de participants",
/// "Nbre d'élèves", "Région acad.", "Nb d'étab."), folded, and the word each stands for.
/// Labels are written in full everywhere else: every comparison of a text with a label
/// goes through `unabbreviated`, so this list is the only place an abbreviation is known.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("nb", "nombre"),
    ("nbr", "nombre"),
    ("nbre", "nombre"),
    ("nbres", "nombre"),
    ("acad", "academique"),
    ("etab", "etablissements"),
    ("etabs", "etablissements"),
    ("etabl", "etablissements"),
    ("etablt", "etablissements"),
    ("etablts", "etablissements"),
];
// Not listed: "rep" (réseau d'éducation prioritaire) and "ens" (École normale
// supérieure) are words of their own in what people write here.

/// The full word a folded word abbreviates, or the word itself.
pub fn unabbreviated(folded_word: &str) -> &str {
    ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == folded_word)
        .map_or(folded_word, |(_, full)| full)
}

/// Does the folded text contain one of `phrases` (written folded: lower case, no
/// accents, single spaces) as whole words? Words are compared in their label form:
/// abbreviations in full, singular, plural marks dropped (`label_words`).
pub fn contains_phrase(folded: &str, phrases: &[&str]) -> bool {
    let hay: Vec<&str> = label_words(folded).collect();
    phrases
        .iter()
        .any(|p| (0..hay.len()).any(|k| leading_words(&hay[k..], label_words(p)).is_some()))
}

/// Does the folded text start with one of `phrases` (written folded) as whole words?
/// Words are compared in their label form, as in `contains_phrase`.
pub fn starts_with_phrase(folded: &str, phrases: &[&str]) -> bool {
    let hay: Vec<&str> = label_words(folded).collect();
    phrases
        .iter()
        .any(|p| leading_words(&hay, label_words(p)).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_on_folded_words() {
        assert_eq!(
            strip_label(
                "Nombre d’établissements concernés : 12",
                &["nombre d etablissements concernes"]
            ),
            Some("12")
        );
        assert_eq!(
            strip_label(
                "NOMBRE D'ELEVES CONCERNES 3 500",
                &["nombre d eleves concernes"]
            ),
            Some("3 500")
        );
        assert_eq!(
            strip_label("Nombre d'élèves", &["nombre d eleves concernes"]),
            None
        );
        assert_eq!(
            match_label(
                "Moyens humains : Aucun",
                &[
                    (1, &["moyens financiers"][..]),
                    (2, &["moyens humains"][..])
                ]
            ),
            Some((2, "Aucun"))
        );
    }

    #[test]
    fn abbreviated_labels_are_their_full_words() {
        assert_eq!(
            strip_label("Nbre d'établissements : 21", &["nombre d etablissements"]),
            Some("21")
        );
        assert_eq!(
            strip_label("NB D'ÉLÈVES: 3 500", &["nombre d eleves"]),
            Some("3 500")
        );
        assert!(contains_phrase("region acad", &["region academique"]));
        assert_eq!(
            strip_label("Région acad. ? Bretagne", &["region academique"]),
            Some("Bretagne")
        );
        assert_eq!(
            strip_label("Nombre de parents : ?", &["nombre de parents"]),
            Some("?")
        );
        assert!(starts_with_phrase(
            "nb de participants 4",
            &["nombre de participants"]
        ));
        assert_eq!(lead("Nbr d'étab. : 4").0, "nombre d etablissements 4");
        // Only whole words are abbreviations: "nbx" and "rep" stay themselves.
        assert!(!contains_phrase(
            "nbx de participants",
            &["nombre de participants"]
        ));
        assert!(!contains_phrase("college rep", &["college representants"]));
    }

    #[test]
    fn plural_marks_and_number_do_not_matter() {
        assert_eq!(
            strip_label(
                "Animateur(s) : Anne Le Goff",
                &["animateurs de la session", "animateurs"]
            ),
            Some("Anne Le Goff")
        );
        assert_eq!(
            strip_label("Nombre de participant(s) : 24", &["nombre de participants"]),
            Some("24")
        );
        assert!(starts_with_phrase(
            "dates et lieux de la session",
            &["date s et lieu x de la session"]
        ));
        assert!(contains_phrase("participant s", &["participants"]));
        // Short words keep their final letter; a mark opening the text is a word.
        assert!(!contains_phrase("de", &["des"]));
        assert!(!starts_with_phrase("x presentiel", &["presentiel"]));
    }

    #[test]
    fn a_label_interleaved_with_its_value_is_taken_out() {
        let labels = &["nom de la region academique"];
        assert_eq!(
            strip_interleaved_label("Nom de la Région Normandie académique", labels).as_deref(),
            Some("Normandie")
        );
        assert_eq!(
            strip_interleaved_label("Nom de la Région académique : Corse", labels).as_deref(),
            Some("Corse")
        );
        assert_eq!(
            strip_interleaved_label("Normandie, nom de la région académique", labels),
            None
        );
        assert_eq!(strip_interleaved_label("Nom de famille", labels), None);
        // The label's last word after a whole line of its value.
        let session = &["date s et lieu x de la session"];
        assert_eq!(
            strip_interleaved_label(
                "Date(s) et lieu(x) de la Jeudi 15 octobre 2020 – Clermont-Ferrand, Lyon et Grenoble en session multiplex",
                session
            )
            .as_deref(),
            Some("Jeudi 15 octobre 2020 – Clermont-Ferrand, Lyon et Grenoble en multiplex")
        );
    }

    #[test]
    fn phrases_are_whole_words() {
        assert!(contains_phrase(
            "representants des usagers familles",
            &["usagers"]
        ));
        assert!(!contains_phrase("elusive", &["elus"]));
        assert!(starts_with_phrase("impacts", &["impacts"]));
        assert!(!starts_with_phrase("impactsx", &["impacts"]));
        assert_eq!(
            lead("Résumé de la mesure : texte").0,
            "resume de la mesure texte"
        );
    }
}
