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
    let Some(first) = groups.next() else {
        return false;
    };
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) {
        return false;
    }
    let rest: Vec<&str> = groups.collect();
    rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3 && digits(g)))
}

/// Words that make a number approximate, before it (folded) …
const APPROX_BEFORE: &[&str] = &[
    "environ",
    "env",
    "approximativement",
    "pres de",
    "plus de",
    "moins de",
    "au moins",
    "de l ordre de",
    "a peu pres",
    "autour de",
    "quelque",
    "quelques",
    "une",
];
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
    if let Some(n) = round_number(t) {
        return CountValue::Approximate(n);
    }
    // Symbols of approximation. An apostrophe between digits groups thousands (45’000).
    let mut approx = false;
    let mut core = t.replace(['’', '\''], " ");
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
    if let Some(rest) = core
        .strip_prefix("+ de")
        .or_else(|| core.strip_prefix("+de"))
        .or_else(|| core.strip_prefix('>'))
        .or_else(|| core.strip_prefix('+'))
    {
        core = rest.trim().to_string();
        approx = true;
    }
    // Normalize every space kind to a plain space (clean already did), then split the
    // leading number from the words around it.
    let (before, number, after) = split_number(&core);
    let Some(number) = number else {
        return CountValue::Unreadable;
    };
    // A second number or a percentage: which one would be the count?
    if after.contains(|c: char| c.is_ascii_digit() || c == '%') {
        return CountValue::Unreadable;
    }
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
        if APPROX_AFTER
            .iter()
            .any(|w| fa == *w || fa.ends_with(&format!(" {w}")))
        {
            approx = true;
        } else if fa.split(' ').count() > 3 || fa.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            return CountValue::Unreadable;
        }
    }
    if approx {
        CountValue::Approximate(number)
    } else {
        CountValue::Exact(number)
    }
}

/// "une centaine", "une vingtaine de familles": a round number in words.
fn round_number(t: &str) -> Option<u64> {
    const ROUND: &[(&str, u64)] = &[
        ("dizaine", 10),
        ("douzaine", 12),
        ("quinzaine", 15),
        ("vingtaine", 20),
        ("trentaine", 30),
        ("quarantaine", 40),
        ("cinquantaine", 50),
        ("soixantaine", 60),
        ("centaine", 100),
        ("millier", 1000),
    ];
    let f = text::fold(t);
    let rest = f.strip_prefix("environ ").unwrap_or(&f);
    let word = rest
        .strip_prefix("une ")
        .or_else(|| rest.strip_prefix("un "))?
        .split(' ')
        .next()?;
    ROUND.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// Split `s` around its number: the text before, the value, the text after.
fn split_number(s: &str) -> (&str, Option<u64>, &str) {
    let Some(start) = s.find(|c: char| c.is_ascii_digit()) else {
        return (s, None, "");
    };
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

#[cfg(test)]
mod more_tests {
    //! More cases, from a second, independent reading of the SPEC.
    use super::CountValue::*;
    use super::*;

    #[test]
    fn exact_numbers() {
        assert_eq!(parse_count("8"), Exact(8));
        assert_eq!(parse_count("08"), Exact(8));
        assert_eq!(parse_count("0"), Exact(0));
        assert_eq!(parse_count("45000"), Exact(45000));
        assert_eq!(parse_count("85000"), Exact(85000));
        assert_eq!(parse_count("5000"), Exact(5000));
        assert_eq!(parse_count("410"), Exact(410));
        assert_eq!(parse_count("45 000"), Exact(45000));
        assert_eq!(parse_count("45\u{00A0}000"), Exact(45000));
        assert_eq!(parse_count("45\u{202F}000"), Exact(45000));
        assert_eq!(parse_count("45\u{2009}000"), Exact(45000));
        assert_eq!(parse_count("45.000"), Exact(45000));
        assert_eq!(parse_count("45,000"), Exact(45000));
        assert_eq!(parse_count("45’000"), Exact(45000));
        assert_eq!(parse_count("1 500"), Exact(1500));
        assert_eq!(parse_count("3 500"), Exact(3500));
        assert_eq!(parse_count("12 000"), Exact(12000));
        assert_eq!(parse_count("280 000"), Exact(280000));
        assert_eq!(parse_count("1 250 000"), Exact(1_250_000));
        assert_eq!(parse_count("  12  "), Exact(12));
    }

    #[test]
    fn leading_colon_and_trailing_words() {
        assert_eq!(parse_count(": 8"), Exact(8));
        assert_eq!(parse_count(":8"), Exact(8));
        assert_eq!(parse_count("8 participants"), Exact(8));
        assert_eq!(parse_count("12 établissements"), Exact(12));
        assert_eq!(parse_count("45 000 élèves"), Exact(45000));
        assert_eq!(parse_count("7 (DANE)"), Exact(7));
        assert_eq!(parse_count("7."), Exact(7));
    }

    #[test]
    fn approximate_numbers() {
        assert_eq!(parse_count("environ 150"), Approximate(150));
        assert_eq!(parse_count("Environ 300"), Approximate(300));
        assert_eq!(parse_count("env. 300"), Approximate(300));
        assert_eq!(parse_count("~300"), Approximate(300));
        assert_eq!(parse_count("~ 300"), Approximate(300));
        assert_eq!(parse_count("≈300"), Approximate(300));
        assert_eq!(parse_count("300+"), Approximate(300));
        assert_eq!(parse_count("300 +"), Approximate(300));
        assert_eq!(parse_count("+300"), Approximate(300));
        assert_eq!(parse_count("+ de 300"), Approximate(300));
        assert_eq!(parse_count("plus de 300"), Approximate(300));
        assert_eq!(parse_count("Plus de 1 000"), Approximate(1000));
        assert_eq!(parse_count("près de 300"), Approximate(300));
        assert_eq!(parse_count("pres de 300"), Approximate(300));
        assert_eq!(parse_count("au moins 300"), Approximate(300));
        assert_eq!(parse_count("moins de 50"), Approximate(50));
        assert_eq!(parse_count("autour de 300"), Approximate(300));
        assert_eq!(parse_count("à peu près 300"), Approximate(300));
        assert_eq!(parse_count("300 environ"), Approximate(300));
        assert_eq!(parse_count("300 élèves environ"), Approximate(300));
        assert_eq!(parse_count(": environ 20"), Approximate(20));
        assert_eq!(parse_count("une centaine"), Approximate(100));
        assert_eq!(parse_count("Une vingtaine de familles"), Approximate(20));
    }

    #[test]
    fn placeholders_and_empty() {
        assert_eq!(parse_count(""), Empty);
        assert_eq!(parse_count("   "), Empty);
        assert_eq!(parse_count(":"), Empty);
        assert_eq!(parse_count("à compléter"), Placeholder);
        assert_eq!(parse_count("A compléter"), Placeholder);
        assert_eq!(parse_count(": à compléter"), Placeholder);
        assert_eq!(parse_count("..."), Placeholder);
        assert_eq!(parse_count("…"), Placeholder);
    }

    #[test]
    fn unreadable() {
        assert_eq!(parse_count("tous les EPLE et écoles"), Unreadable);
        assert_eq!(parse_count("toutes les familles"), Unreadable);
        // a decimal is not a count
        assert_eq!(parse_count("12,5"), Unreadable);
        assert_eq!(parse_count("1.5"), Unreadable);
        // two numbers: which one is the count?
        assert_eq!(parse_count("300 à 400"), Unreadable);
        assert_eq!(parse_count("300-400"), Unreadable);
        assert_eq!(parse_count("2 groupes de 20"), Unreadable);
        assert_eq!(parse_count("1h30"), Unreadable);
        assert_eq!(parse_count("50 %"), Unreadable);
        assert_eq!(parse_count("huit"), Unreadable);
        assert_eq!(parse_count("quelques centaines"), Unreadable);
        assert_eq!(parse_count("99999999999999999999999"), Unreadable);
    }
}
