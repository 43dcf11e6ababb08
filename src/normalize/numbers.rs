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
    //! One table of cases per function, input → expected, read in one loop each.
    //! The cases come from two independent readings of the SPEC.
    use super::CountValue::*;
    use super::*;

    /// `parse_count`: a cell's text → exact, approximate, placeholder, empty or unreadable count.
    const COUNTS: &[(&str, CountValue)] = &[
        ("8", Exact(8)),
        ("08", Exact(8)),
        ("45000", Exact(45000)),
        ("45 000", Exact(45000)),
        ("45\u{202F}000", Exact(45000)),
        ("45\u{00A0}000", Exact(45000)),
        ("45.000", Exact(45000)),
        ("45,000", Exact(45000)),
        ("280 000", Exact(280000)),
        (": 8", Exact(8)),
        ("8 participants", Exact(8)),
        ("environ 300", Approximate(300)),
        ("~300", Approximate(300)),
        ("300+", Approximate(300)),
        ("environ 150", Approximate(150)),
        ("près de 1 200", Approximate(1200)),
        ("300 environ", Approximate(300)),
        ("plus de 40", Approximate(40)),
        ("", Empty),
        ("  ", Empty),
        ("à compléter", Placeholder),
        (": à compléter", Placeholder),
        ("...", Placeholder),
        ("tous les EPLE et écoles", Unreadable),
        ("toutes les familles", Unreadable),
        // a decimal is not a count
        ("12,5", Unreadable),
        ("entre 10 et 20", Unreadable),
        ("0", Exact(0)),
        ("85000", Exact(85000)),
        ("5000", Exact(5000)),
        ("410", Exact(410)),
        ("45\u{2009}000", Exact(45000)),
        ("45’000", Exact(45000)),
        ("1 500", Exact(1500)),
        ("3 500", Exact(3500)),
        ("12 000", Exact(12000)),
        ("1 250 000", Exact(1_250_000)),
        ("  12  ", Exact(12)),
        (":8", Exact(8)),
        ("12 établissements", Exact(12)),
        ("45 000 élèves", Exact(45000)),
        ("7 (DANE)", Exact(7)),
        ("7.", Exact(7)),
        ("Environ 300", Approximate(300)),
        ("env. 300", Approximate(300)),
        ("~ 300", Approximate(300)),
        ("≈300", Approximate(300)),
        ("300 +", Approximate(300)),
        ("+300", Approximate(300)),
        ("+ de 300", Approximate(300)),
        ("plus de 300", Approximate(300)),
        ("Plus de 1 000", Approximate(1000)),
        ("près de 300", Approximate(300)),
        ("pres de 300", Approximate(300)),
        ("au moins 300", Approximate(300)),
        ("moins de 50", Approximate(50)),
        ("autour de 300", Approximate(300)),
        ("à peu près 300", Approximate(300)),
        ("300 élèves environ", Approximate(300)),
        (": environ 20", Approximate(20)),
        ("une centaine", Approximate(100)),
        ("Une vingtaine de familles", Approximate(20)),
        ("   ", Empty),
        (":", Empty),
        ("A compléter", Placeholder),
        ("…", Placeholder),
        ("1.5", Unreadable),
        // two numbers: which one is the count?
        ("300 à 400", Unreadable),
        ("300-400", Unreadable),
        ("2 groupes de 20", Unreadable),
        ("1h30", Unreadable),
        ("50 %", Unreadable),
        ("huit", Unreadable),
        ("quelques centaines", Unreadable),
        ("99999999999999999999999", Unreadable),
    ];

    #[test]
    fn counts() {
        for (input, expected) in COUNTS {
            assert_eq!(&parse_count(input), expected, "{input:?}");
        }
    }
}
