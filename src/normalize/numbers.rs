//! Counts (SPEC "Numbers").

use super::text;

/// What a count field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountValue {
    /// Nothing written.
    Empty,
    /// A template placeholder (`à compléter`, `...`).
    Placeholder,
    /// A number as written: `8`, `08`, `45 000`, `45.000`, `45,000`.
    Exact(u64),
    /// An approximate number: `environ 300`, `~300`, `300+`, `près de 300`.
    Approximate(u64),
    /// Text that is not a number (`tous les EPLE et écoles`).
    Unreadable,
}

/// An integer as written: plain digits, or thousands grouped by one kind of separator
/// (space, dot or comma) in groups of three: `45000`, `45 000`, `45.000`, `45,000`.
fn is_grouped_integer(raw: &str) -> bool {
    let mut groups = raw.split([' ', '.', ',']);
    let Some(first) = groups.next() else { return false };
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) {
        return false;
    }
    let rest: Vec<&str> = groups.collect();
    rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3 && digits(g)))
}

/// Words that make a number approximate, before it (folded) …
const APPROX_BEFORE: &[&str] =
    &["environ", "env", "approximativement", "pres de", "plus de", "moins de", "au moins", "de l ordre de", "a peu pres", "quelque", "quelques", "une"];
/// … or after it.
const APPROX_AFTER: &[&str] = &["environ", "env", "approximativement", "a peu pres"];

/// Read a count from the text of a field (label already removed).
///
/// A number followed by a word naming what is counted (`8 participants`, `12
/// établissements`) is exact: the number is clear. A decimal (`12,5`) is not a count.
pub fn parse_count(s: &str) -> CountValue {
    let t = text::clean(s);
    let t = t.trim_start_matches([':', ' ']).trim();
    if t.is_empty() {
        return CountValue::Empty;
    }
    if text::is_placeholder(t) {
        return CountValue::Placeholder;
    }
    // Symbols of approximation.
    let mut approx = false;
    let mut core = t.to_string();
    for sym in ["~", "≈", "+/-", "±", "env."] {
        if let Some(rest) = core.strip_prefix(sym) {
            core = rest.trim().to_string();
            approx = true;
        }
    }
    if let Some(rest) = core.strip_suffix('+') {
        core = rest.trim().to_string();
        approx = true;
    }
    if let Some(rest) = core.strip_prefix("+ de").or_else(|| core.strip_prefix("+de")).or_else(|| core.strip_prefix('>')) {
        core = rest.trim().to_string();
        approx = true;
    }
    // Normalize every space kind to a plain space (clean already did), then split the
    // leading number from the words around it.
    let (before, number, after) = split_number(&core);
    let Some(number) = number else { return CountValue::Unreadable };
    let fb = text::fold(before);
    let fa = text::fold(after);
    if !fb.is_empty() {
        if APPROX_BEFORE.iter().any(|w| fb == *w) {
            approx = true;
        } else {
            return CountValue::Unreadable;
        }
    }
    if !fa.is_empty() {
        if APPROX_AFTER.iter().any(|w| fa == *w) {
            approx = true;
        } else if fa.split(' ').count() > 3 || fa.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return CountValue::Unreadable;
        }
    }
    if approx { CountValue::Approximate(number) } else { CountValue::Exact(number) }
}

/// Split `s` around its number: the text before, the value, the text after.
fn split_number(s: &str) -> (&str, Option<u64>, &str) {
    let Some(start) = s.find(|c: char| c.is_ascii_digit()) else { return (s, None, "") };
    let bytes = s.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        let c = bytes[end];
        let digit_follows = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() || (matches!(c, b' ' | b'.' | b',') && digit_follows) {
            end += 1;
        } else {
            break;
        }
    }
    let raw = &s[start..end];
    if !is_grouped_integer(raw) {
        return (&s[..start], None, &s[end..]);
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (&s[..start], digits.parse().ok(), &s[end..])
}

#[cfg(test)]
mod tests {
    use super::CountValue::*;
    use super::*;

    #[test]
    fn exact_numbers_with_thousands_separators() {
        assert_eq!(parse_count("8"), Exact(8));
        assert_eq!(parse_count("08"), Exact(8));
        assert_eq!(parse_count("45000"), Exact(45000));
        assert_eq!(parse_count("45 000"), Exact(45000));
        assert_eq!(parse_count("45\u{202F}000"), Exact(45000));
        assert_eq!(parse_count("45\u{00A0}000"), Exact(45000));
        assert_eq!(parse_count("45.000"), Exact(45000));
        assert_eq!(parse_count("45,000"), Exact(45000));
        assert_eq!(parse_count("280 000"), Exact(280000));
        assert_eq!(parse_count(": 8"), Exact(8));
        assert_eq!(parse_count("8 participants"), Exact(8));
    }

    #[test]
    fn approximate_numbers() {
        assert_eq!(parse_count("environ 300"), Approximate(300));
        assert_eq!(parse_count("~300"), Approximate(300));
        assert_eq!(parse_count("300+"), Approximate(300));
        assert_eq!(parse_count("environ 150"), Approximate(150));
        assert_eq!(parse_count("près de 1 200"), Approximate(1200));
        assert_eq!(parse_count("300 environ"), Approximate(300));
        assert_eq!(parse_count("plus de 40"), Approximate(40));
    }

    #[test]
    fn placeholders_empty_and_unreadable() {
        assert_eq!(parse_count(""), Empty);
        assert_eq!(parse_count("  "), Empty);
        assert_eq!(parse_count("à compléter"), Placeholder);
        assert_eq!(parse_count(": à compléter"), Placeholder);
        assert_eq!(parse_count("..."), Placeholder);
        assert_eq!(parse_count("tous les EPLE et écoles"), Unreadable);
        assert_eq!(parse_count("toutes les familles"), Unreadable);
        assert_eq!(parse_count("12,5"), Unreadable);
        assert_eq!(parse_count("entre 10 et 20"), Unreadable);
    }
}
