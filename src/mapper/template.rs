//! The form's own printed text (`template.txt`) and what is left of a paragraph once it
//! is taken away: the words a person wrote.
//!
//! Texts are compared as sequences of folded words (lower case, no accents, numbers as
//! one token), so reflow, re-casing, punctuation and line breaks do not matter. A word of
//! a paragraph is the form's when it is part of a run of three words that the form
//! prints in that order; shorter phrases of the form (a heading of one or two words,
//! "A compléter") count wherever they stand whole.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::normalize::text;

/// Words in a row that identify a piece of the form's text.
const NGRAM: usize = 3;

/// Longest run of the form's words, inside a paragraph, that leaves the text around it
/// one piece (a label word or two inside an added sentence).
const BRIDGE_WORDS: usize = 2;

/// Longest run of capitalized words of the form, in any order, that is still the form's:
/// the cover's logos side by side give lines like "MINISTÈRE TERRITOIRES".
const LOGO_WORDS: usize = 4;

/// Below this share of the form's words, a paragraph is reported whole: the form's words
/// in it are the writer's own ("suite du plan d'action").
const MIN_FORM_SHARE: f32 = 0.5;

struct Catalogue {
    /// Every run of `NGRAM` consecutive words of a phrase.
    ngrams: HashSet<String>,
    /// Every run of one or two consecutive words of a phrase: a paragraph that is
    /// nothing more (a PDF line of a heading split in two) is the form's.
    short_runs: HashSet<String>,
    /// Phrases shorter than `NGRAM` words, matched wherever they stand whole.
    short_phrases: HashSet<String>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let mut catalogue = Catalogue {
        ngrams: HashSet::new(),
        short_runs: HashSet::new(),
        short_phrases: HashSet::new(),
    };
    let phrases = include_str!("template.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "));
    for phrase in phrases {
        let words = tokens(phrase);
        if words.len() < NGRAM {
            catalogue.short_phrases.insert(words.join(" "));
        }
        for n in 1..=2 {
            for w in words.windows(n) {
                catalogue.short_runs.insert(w.join(" "));
            }
        }
        for w in words.windows(NGRAM) {
            catalogue.ngrams.insert(w.join(" "));
        }
    }
    catalogue
});

/// Whether the form prints this word (compared folded: case and accents aside).
pub fn is_form_word(word: &str) -> bool {
    CATALOGUE.short_runs.contains(&text::fold(word))
}

/// A word of a text: its folded form and its byte range in the text.
struct Word {
    folded: String,
    start: usize,
    end: usize,
}

/// Folded words; every number is the same token, so "RETEX 2" is the form's "RETEX 1".
fn words(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |a: usize, b: usize, out: &mut Vec<Word>| {
        let raw = &s[a..b];
        let folded = if raw.chars().all(|c| c.is_ascii_digit()) {
            "#".to_string()
        } else {
            text::fold(raw)
        };
        if !folded.is_empty() {
            out.push(Word {
                folded,
                start: a,
                end: b,
            });
        }
    };
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(a) = start.take() {
            push(a, i, &mut out);
        }
    }
    if let Some(a) = start {
        push(a, s.len(), &mut out);
    }
    out
}

fn tokens(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .flat_map(|w| w.folded.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The pieces of `s` that are not the form's text, each cleaned, in order. Empty when
/// `s` is all the form's (or only punctuation and numbers).
pub fn added_text(s: &str) -> Vec<String> {
    let ws = words(s);
    if ws.is_empty() {
        return Vec::new();
    }
    let c = &*CATALOGUE;
    let key = |range: &[Word]| {
        range
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if ws.len() <= 2 && c.short_runs.contains(&key(&ws)) {
        return Vec::new();
    }
    let mut form = vec![false; ws.len()];
    for i in 0..ws.len().saturating_sub(NGRAM - 1) {
        if c.ngrams.contains(&key(&ws[i..i + NGRAM])) {
            form[i..i + NGRAM].iter_mut().for_each(|f| *f = true);
        }
    }
    for n in (1..NGRAM).filter(|n| *n <= ws.len()) {
        for i in 0..=ws.len() - n {
            if c.short_phrases.contains(&key(&ws[i..i + n])) {
                form[i..i + n].iter_mut().for_each(|f| *f = true);
            }
        }
    }
    // A short run of words left between two runs of the form's text is the form's too
    // when the form prints it (a label word the n-grams missed at a line's edge). At the
    // paragraph's start or end, such a run is the form's only once the rest is mostly
    // the form's (a header cell's next line that a PDF line joins to its neighbours'
    // cells: "Irritants principaux Besoin répondre aux"); it does not count towards
    // that share.
    let mut at_edges = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if form[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < ws.len() && !form[i] {
            i += 1;
        }
        let run = &ws[start..i];
        let printed = run.len() <= BRIDGE_WORDS && c.short_runs.contains(&key(run));
        let logos = run.len() <= LOGO_WORDS
            && run.iter().all(|w| {
                c.short_runs.contains(&w.folded) && s[w.start..].starts_with(char::is_uppercase)
            });
        if (printed && start > 0 && i < ws.len()) || logos {
            form[start..i].iter_mut().for_each(|f| *f = true);
        } else if printed && (start > 0 || i < ws.len()) {
            at_edges.push(start..i);
        }
    }
    let share = form.iter().filter(|f| **f).count() as f32 / form.len() as f32;
    if share < MIN_FORM_SHARE {
        return written(s).into_iter().collect();
    }
    for run in at_edges {
        form[run].iter_mut().for_each(|f| *f = true);
    }
    pieces(s, &ws, &form)
}

/// A piece of text as reported: cleaned, its bullet removed; `None` for a placeholder or
/// what has no letter (a page number, punctuation).
fn written(piece: &str) -> Option<String> {
    let (rest, _) = text::strip_bullet(piece.trim());
    let piece = text::clean(rest);
    (piece.chars().any(char::is_alphabetic) && !text::is_placeholder(&piece)).then_some(piece)
}

/// The spans of words not marked `form`, cut where the form's text runs longer than a
/// bridge; a span of numbers alone (a page number) is not text.
fn pieces(s: &str, ws: &[Word], form: &[bool]) -> Vec<String> {
    let mut out = Vec::new();
    let mut span: Option<(usize, usize)> = None;
    let mut gap = 0;
    let flush = |span: &mut Option<(usize, usize)>, out: &mut Vec<String>| {
        if let Some((a, b)) = span.take() {
            out.extend(written(&s[a..b]));
        }
    };
    for (w, is_form) in ws.iter().zip(form) {
        if *is_form {
            gap += 1;
            if gap > BRIDGE_WORDS {
                flush(&mut span, &mut out);
            }
            continue;
        }
        gap = 0;
        span = Some(match span {
            Some((a, _)) => (a, w.end),
            None => (w.start, w.end),
        });
        // Keep closing punctuation with the words.
        if let Some((a, b)) = span {
            let tail = s[b..]
                .chars()
                .take_while(|c| {
                    matches!(c, '.' | '!' | '?' | '…' | ')' | '»' | '"' | ' ' | '\u{a0}')
                })
                .map(char::len_utf8)
                .sum::<usize>();
            span = Some((a, b + tail));
        }
    }
    flush(&mut span, &mut out);
    out
}

/// Is all of `s` the form's own text?
pub fn is_form_text(s: &str) -> bool {
    added_text(s).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_text_leaves_nothing_however_it_is_written() {
        for s in [
            "Rappel des 5 thématiques proposées et les questions pouvant être abordées lors des ateliers.",
            "RAPPEL DES 5 THEMATIQUES PROPOSEES ET LES QUESTIONS POUVANT ETRE ABORDEES",
            "lors des ateliers.",
            "IMPACTS",
            "BANQUE des",
            "Nombre de participants : à compléter",
            "RETEX 2 : A compléter",
            "Thématique concernée (parmi les 5)",
            "Irritants principaux Besoin répondre aux",
            "12",
            "▶",
            "Page 3 sur 8",
        ] {
            assert_eq!(added_text(s), Vec::<String>::new(), "{s}");
        }
    }

    #[test]
    fn words_a_person_added_are_kept() {
        assert_eq!(
            added_text(
                "Au cours de cet atelier, les participants sont invités à se projeter dans le numérique éducatif de demain. Nous avons ajouté un temps d'échange libre."
            ),
            vec!["Nous avons ajouté un temps d'échange libre."]
        );
        assert_eq!(
            added_text("Remarque du rapporteur : atelier très riche."),
            vec!["Remarque du rapporteur : atelier très riche."]
        );
        assert_eq!(added_text("Commentaires"), vec!["Commentaires"]);
        assert_eq!(added_text("RÉGION ACADÉMIQUE CORSE"), vec!["CORSE"]);
        assert_eq!(
            added_text("(suite du plan d'action, page 6)"),
            vec!["(suite du plan d'action, page 6)"]
        );
        assert_eq!(added_text("MINISTÈRE TERRITOIRES"), Vec::<String>::new());
        assert_eq!(added_text("pas de retour"), vec!["pas de retour"]);
    }
}
