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

/// When `s` starts with one of `labels` (compared on folded words), the text after it,
/// with the separating spaces and colon removed.
pub fn strip_label<'a>(s: &'a str, labels: &[&str]) -> Option<&'a str> {
    let ws = words(s);
    for label in labels {
        let wanted: Vec<String> = text::fold(label).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        if wanted.is_empty() || ws.len() < wanted.len() {
            continue;
        }
        let matches = wanted.iter().zip(&ws).all(|(w, (a, b))| text::fold(&s[*a..*b]) == *w);
        if matches {
            let end = ws[wanted.len() - 1].1;
            let rest = s[end..].trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
            return Some(rest);
        }
    }
    None
}

/// Does the folded text contain every word of one of `phrases` (folded) in order, as
/// whole words?
pub fn contains_phrase(folded: &str, phrases: &[&str]) -> bool {
    let padded = format!(" {folded} ");
    phrases.iter().any(|p| padded.contains(&format!(" {} ", text::fold(p))))
}

/// Does the folded text start with one of `phrases`?
pub fn starts_with_phrase(folded: &str, phrases: &[&str]) -> bool {
    let padded = format!("{folded} ");
    phrases.iter().any(|p| padded.starts_with(&format!("{} ", text::fold(p))))
}
