//! Words cut by a narrow column. A word processor that cannot fit a word in a table
//! column cuts it where the column ends, without a hyphen ("candidatu" / "res"); a PDF
//! keeps no trace of which line ends were such cuts. Geometry alone cannot tell
//! "Temporali|té" from "souhaitée|pour" (both lines fill the column), so such line ends
//! are first written as [`BREAK_MARK`] and decided here by the document's own words:
//!
//! - pieces are joined when the joined word is written elsewhere in the document and
//!   not every piece is (so "pour|tant" stays apart; a single letter is no word here:
//!   "établissement|s"), the longest such run first;
//! - a piece of at most three letters (`P.short_tail`) that is no word of the document,
//!   or a single letter or digit, is joined to the unknown piece before it
//!   ("candidatu|res", "formé|s", "202|1");
//! - a mark right before a hyphen glued to the next word was a compound word cut before
//!   its hyphen ("Auvergne|-Rhône-Alpes"): no space (a dash bullet is followed by one);
//! - a piece followed by an apostrophe is an elided word ("l'", "d'", "qu'"), which starts
//!   a word of its own: the mark before it was a space ("pendant|l'année");
//! - every other mark was a space.
//!
//! A hyphen that ends a line between two lower-case letters is marked too
//! ([`HYPHEN_MARK`]): a word processor that hyphenates automatically puts one there
//! ("admi-|nistratives"), and so does a writer's compound ("demi-|groupes"). The hyphen is
//! dropped when the word without it is written elsewhere in the document or printed by
//! the form (the words of its labels and instructions, which a hyphenating word
//! processor cuts too), and kept otherwise, as SPEC's rule for line-ending hyphens says.

use std::collections::HashSet;

use super::text::{BREAK_MARK, HYPHEN_MARK};
use crate::model::{Block, Inline};

use super::params::LayoutParams;

/// Every tolerance of this stage, documented in `params.rs`.
const P: &LayoutParams = &LayoutParams::DEFAULT;

/// French word endings that are never words on their own: after a line end, such a
/// piece that the document does not write alone ends the unknown piece before it
/// ("inspec|tion", "collec|tifs" cut by a narrow column, the whole word written
/// nowhere else in the document).
const BOUND_ENDINGS: &[&str] = &[
    "tion", "tions", "sion", "sions", "ation", "ations", "ement", "ements", "ique", "iques",
    "ités", "ance", "ances", "ence", "ences", "isme", "ismes", "iste", "istes", "ible", "ibles",
    "able", "ables", "tifs", "tives", "ures", "eurs", "teurs", "trices", "ments",
];

/// Replace every break mark in the blocks' text by nothing or a space.
pub fn resolve<'a>(blocks: impl IntoIterator<Item = &'a mut Block>) {
    let mut texts: Vec<(usize, &mut String)> = Vec::new();
    let mut groups = 0;
    for b in blocks {
        collect(std::slice::from_mut(b), None, &mut groups, &mut texts);
    }
    let marked = |t: &str| t.contains([BREAK_MARK, HYPHEN_MARK]);
    if !texts.iter().any(|(_, t)| marked(t)) {
        return;
    }
    let mut words: HashSet<String> = HashSet::new();
    for (_, t) in &texts {
        known_words(t, &mut words);
    }
    for (_, t) in texts.iter_mut() {
        if t.contains(HYPHEN_MARK) {
            **t = dehyphenate(t, &words);
        }
    }
    // A cut confirmed anywhere in a table cell (or a paragraph) says its column cuts words.
    let narrow: HashSet<usize> = texts
        .iter()
        .filter(|(_, t)| t.contains(BREAK_MARK) && decide(t, &words, false).1)
        .map(|(g, _)| *g)
        .collect();
    for (g, t) in texts {
        if t.contains(BREAK_MARK) {
            *t = decide(t, &words, narrow.contains(&g)).0;
        }
    }
}

/// The blocks' texts, each with its group: the table cell it is in, or its paragraph.
fn collect<'a>(
    blocks: &'a mut [Block],
    group: Option<usize>,
    groups: &mut usize,
    out: &mut Vec<(usize, &'a mut String)>,
) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                let g = group.unwrap_or_else(|| {
                    *groups += 1;
                    *groups
                });
                for i in &mut p.inlines {
                    if let Inline::Text { text, .. } = i {
                        out.push((g, text));
                    }
                }
            }
            Block::Table(t) => {
                for row in &mut t.rows {
                    for cell in &mut row.cells {
                        *groups += 1;
                        collect(&mut cell.blocks, Some(*groups), groups, out);
                    }
                }
            }
        }
    }
}

/// Words (runs of letters and digits, lower-cased) that touch no break mark.
fn known_words(text: &str, words: &mut HashSet<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let is_mark = |c: Option<&char>| c.is_some_and(|&c| c == BREAK_MARK || c == HYPHEN_MARK);
        let touches = (start > 0 && is_mark(chars.get(start - 1)))
            || is_mark(chars.get(i))
            || (chars.get(i) == Some(&'-') && is_mark(chars.get(i + 1)));
        if !touches {
            words.insert(chars[start..i].iter().collect::<String>().to_lowercase());
        }
    }
}

/// The text with each hyphen mark decided: the hyphen before it dropped when the word
/// joined without it is one of the document's words or the form's, kept otherwise.
fn dehyphenate(text: &str, words: &HashSet<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == HYPHEN_MARK {
            continue;
        }
        if c == '-' && chars.get(i + 1) == Some(&HYPHEN_MARK) {
            let before = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>();
            let after = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>();
            let joined: String = before.iter().rev().copied().collect::<String>() + &after;
            let known =
                words.contains(&joined.to_lowercase()) || crate::mapper::is_form_word(&joined);
            if !before.is_empty() && !after.is_empty() && known {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The text with each mark decided, and whether the document's words confirmed a cut
/// in it. A chain is the letters around consecutive marks ("d'ens|eigna|nts": pieces
/// "ens", "eigna", "nts"). `narrow`: the text's column is known to cut words, so two
/// unknown pieces of letters around a mark are one word cut there too
/// ("environneme|ntal" in the cell of "Méconnaissa|nce").
fn decide(text: &str, words: &HashSet<String>, narrow: bool) -> (String, bool) {
    let known = |w: &str| words.contains(&w.to_lowercase());
    let mut confirmed = false;
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            // A mark before a hyphen glued to a word: a compound cut before its hyphen.
            let before_compound = chars.get(i + 1) == Some(&'-')
                && chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
            match chars[i] {
                BREAK_MARK if before_compound => {}
                // A mark with no letters before it (a chain start is a word): a space.
                BREAK_MARK => out.push(' '),
                c => out.push(c),
            }
            i += 1;
            continue;
        }
        // The chain: words separated by single marks.
        let mut chain: Vec<String> = Vec::new();
        loop {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            chain.push(chars[start..i].iter().collect());
            let goes_on = chars.get(i) == Some(&BREAK_MARK)
                && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
            if !goes_on {
                break;
            }
            i += 1;
        }
        // The chain ends on an elided word: an apostrophe, then a letter.
        let elided = chars.get(i).is_some_and(|c| ['\'', '\u{2019}'].contains(c))
            && chars.get(i + 1).is_some_and(|c| c.is_alphabetic());
        // Groups: the longest run of pieces that makes a known word.
        let mut groups: Vec<String> = Vec::new();
        let mut k = 0;
        while k < chain.len() {
            let end = (k + 1..chain.len())
                .rev()
                .find(|&j| {
                    let run = &chain[k..=j];
                    let word = |p: &String| known(p) && p.chars().count() > 1;
                    known(&run.concat()) && !run.iter().all(word)
                })
                .unwrap_or(k);
            confirmed |= end > k;
            groups.push(chain[k..=end].concat());
            k = end + 1;
        }
        for (n, g) in groups.iter().enumerate() {
            // One letter or digit alone is no evidence of a word ("Date(s)", "N° 1").
            let short_tail = n > 0
                && g.chars().count() <= P.short_tail
                && (g.chars().count() == 1 || !known(g))
                && groups.get(n - 1).is_some_and(|prev| {
                    // Digits go on digits, letters on letters ("trée|202" is no word).
                    let digit_end = prev.chars().last().is_some_and(|c| c.is_ascii_digit());
                    !known(prev) && g.starts_with(|c: char| c.is_ascii_digit()) == digit_end
                });
            let letters = |w: &str| w.chars().all(char::is_alphabetic);
            let both_unknown = narrow
                && n > 0
                && letters(g)
                && !known(g)
                && groups
                    .get(n - 1)
                    .is_some_and(|prev| letters(prev) && !known(prev));
            let bound_ending = n > 0
                && !known(g)
                && BOUND_ENDINGS.contains(&g.to_lowercase().as_str())
                && groups
                    .get(n - 1)
                    .is_some_and(|prev| letters(prev) && !known(prev));
            let elided = elided && n + 1 == groups.len();
            let joined = !elided && (short_tail || both_unknown || bound_ending);
            confirmed |= short_tail && !elided;
            if n > 0 && !joined {
                out.push(' ');
            }
            out.push_str(g);
        }
    }
    (out, confirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> HashSet<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    /// One text decided as `resolve` does: narrow when it confirms a cut itself.
    fn decide_one(text: &str, words: &HashSet<String>) -> String {
        let narrow = decide(text, words, false).1;
        decide(text, words, narrow).0
    }

    #[test]
    fn a_line_end_hyphen_goes_when_the_document_writes_the_word_without_it() {
        let mark = HYPHEN_MARK;
        let w = words(&["administratives", "groupes", "demi"]);
        assert_eq!(
            dehyphenate(
                &format!("éducatives admi-{mark}nistratives du premier degré"),
                &w
            ),
            "éducatives administratives du premier degré"
        );
        // A word of the form's text (here "représentés", in a participants label).
        assert_eq!(
            dehyphenate(
                &format!("Nombre d'établissements repré-{mark}sentés : 15"),
                &w
            ),
            "Nombre d'établissements représentés : 15"
        );
        // A compound the document never writes joined keeps its hyphen.
        assert_eq!(
            dehyphenate(&format!("cours en demi-{mark}groupes alternant"), &w),
            "cours en demi-groupes alternant"
        );
    }

    #[test]
    fn an_ending_that_is_never_a_word_ends_the_unknown_piece_before_it() {
        let mark = BREAK_MARK;
        let w = words(&["corps", "d"]);
        assert_eq!(
            decide_one(&format!("Corps d'inspec{mark}tion"), &w),
            "Corps d'inspection"
        );
        // A known word before it stays a word of its own, and an ending the document
        // writes alone is a word.
        let w = words(&["corps", "inspec"]);
        assert_eq!(decide_one(&format!("inspec{mark}tion"), &w), "inspec tion");
        let w = words(&["tion"]);
        assert_eq!(decide_one(&format!("inspec{mark}tion"), &w), "inspec tion");
        // Other pieces stay apart.
        let w = words(&[]);
        assert_eq!(decide_one(&format!("Moyen{mark}terme"), &w), "Moyen terme");
    }

    #[test]
    fn a_plural_s_cut_off_a_known_word_is_joined_when_the_plural_is_written() {
        let mark = BREAK_MARK;
        let w = words(&[
            "établissement",
            "établissements",
            "s",
            "nombre",
            "labellisés",
        ]);
        assert_eq!(
            decide_one(&format!("Nombre d'établissement{mark}s labellisés"), &w),
            "Nombre d'établissements labellisés"
        );
    }

    #[test]
    fn a_compound_cut_before_its_hyphen_is_joined() {
        let mark = BREAK_MARK;
        let w = words(&["région", "auvergne", "rhône", "alpes"]);
        assert_eq!(
            decide_one(&format!("Région Auvergne{mark}-Rhône-Alpes"), &w),
            "Région Auvergne-Rhône-Alpes"
        );
        // A dash bullet has a space after it: a line end before it stays a space.
        assert_eq!(
            decide_one(&format!("Région{mark}- Alpes"), &w),
            "Région - Alpes"
        );
    }

    #[test]
    fn a_cut_word_written_elsewhere_is_joined() {
        let w = words(&["temporalité", "souhaitée", "pour"]);
        assert_eq!(
            decide_one("Temporali\u{FDD0}té souhaitée\u{FDD0}pour", &w),
            "Temporalité souhaitée pour"
        );
        // Two known words stay apart, even when they make a third one.
        let w = words(&["pour", "tant", "pourtant"]);
        assert_eq!(decide_one("pour\u{FDD0}tant", &w), "pour tant");
    }

    #[test]
    fn a_short_unknown_tail_is_joined_to_an_unknown_piece() {
        let w = words(&["appel", "à"]);
        assert_eq!(
            decide_one("Appel à candidatu\u{FDD0}res", &w),
            "Appel à candidatures"
        );
        // A longer unknown word after a line end is a word of its own.
        assert_eq!(
            decide_one("Des formations\u{FDD0}courtes", &w),
            "Des formations courtes"
        );
        // A known word before it: a line end between words.
        assert_eq!(decide_one("Appel\u{FDD0}res", &w), "Appel res");
        // A single letter or digit is joined even when written alone elsewhere.
        let w = words(&["s", "1", "nombre"]);
        assert_eq!(decide_one("formé\u{FDD0}s 202\u{FDD0}1", &w), "formés 2021");
        assert_eq!(decide_one("nombre\u{FDD0}s", &w), "nombre s");
        // Digits do not end a word of letters.
        assert_eq!(decide_one("trée\u{FDD0}202\u{FDD0}1", &w), "trée 2021");
    }

    #[test]
    fn in_a_text_with_a_confirmed_cut_two_unknown_pieces_are_one_word() {
        let w = words(&["méconnaissance", "de", "l", "impact", "du"]);
        assert_eq!(
            decide_one(
                "Méconnaissa\u{FDD0}nce de l'impact environneme\u{FDD0}ntal du",
                &w
            ),
            "Méconnaissance de l'impact environnemental du"
        );
        // Without a confirmed cut, unknown pieces stay apart.
        assert_eq!(
            decide_one("l'impact environneme\u{FDD0}ntal du", &w),
            "l'impact environneme ntal du"
        );
        // A known piece stays a word of its own.
        assert_eq!(
            decide_one("Méconnaissa\u{FDD0}nce du\u{FDD0}ntal", &w),
            "Méconnaissance du ntal"
        );
    }

    #[test]
    fn a_cut_confirmed_in_a_cell_tells_its_other_paragraphs() {
        let para = |t: &str| {
            let mut p = crate::model::Paragraph::default();
            p.push_text(t, false);
            Block::Paragraph(p)
        };
        let cell = crate::model::Cell {
            blocks: vec![para("Méconnaissa\u{FDD0}nce"), para("d'inspec\u{FDD0}teur")],
            ..Default::default()
        };
        let table = crate::model::Table {
            rows: vec![crate::model::Row { cells: vec![cell] }],
            ..Default::default()
        };
        let mut blocks = [
            Block::Table(table),
            para("Voir la méconnaissance"),
            para("d'inspec\u{FDD0}teur"),
        ];
        resolve(blocks.iter_mut());
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text(),
                Block::Table(t) => t.rows[0].cells[0].text(),
            })
            .collect();
        // In the cell, "d'inspecteur" is joined after "Méconnaissance"; alone, not.
        assert_eq!(
            texts,
            [
                "Méconnaissance\nd'inspecteur",
                "Voir la méconnaissance",
                "d'inspec teur"
            ]
        );
    }

    #[test]
    fn an_elided_word_after_a_line_end_starts_a_word() {
        // "l" is a single letter and "pendant" no word of the document: without the
        // apostrophe, it would be a plural's tail.
        let w = words(&["travail", "scolaire"]);
        assert_eq!(
            decide_one("Travail pendant\u{FDD0}l'année scolaire", &w),
            "Travail pendant l'année scolaire"
        );
        assert_eq!(
            decide_one("accès pendant\u{FDD0}qu\u{2019}il", &w),
            "accès pendant qu\u{2019}il"
        );
        // A cut word whose tail the document writes elided is still joined.
        let w = words(&["jusqu", "à"]);
        assert_eq!(decide_one("jus\u{FDD0}qu'à", &w), "jusqu'à");
    }

    #[test]
    fn a_word_cut_twice_is_joined_as_a_whole() {
        let w = words(&["l", "en", "enseignement", "hybride"]);
        assert_eq!(
            decide_one(
                "l'en\u{FDD0}seig\u{FDD0}nem\u{FDD0}ent\u{FDD0}hyb\u{FDD0}ride",
                &w
            ),
            "l'enseignement hybride"
        );
    }

    #[test]
    fn the_document_words_leave_out_the_pieces() {
        let mut w = HashSet::new();
        known_words("Temporali\u{FDD0}té TEMPORALITÉ", &mut w);
        assert_eq!(w, words(&["temporalité"]));
    }
}
