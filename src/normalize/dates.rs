//! Dates (SPEC "Dates").

use std::sync::LazyLock;

use regex::Regex;

use super::text;

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// A run of days sharing a month: `12`, `12 et 13`, `5, 6 et 8`, `du 5 au 7`, `5-7`,
/// `1er`, then the month name and an optional year. Matched on folded text.
static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:du )?((?:[0-9]{{1,2}}(?:er)?(?: (?:et|au|a|&) | ?[,\-] ?| ))*[0-9]{{1,2}}(?:er)?) ([a-z]{{3,9}})(?-u:\b)(?: ([0-9]{{4}}|[0-9]{{2}})(?-u:\b))?"
    ))
    .unwrap_or_else(|_| unreachable!("constant regex"))
});

/// Numeric dates: `12/10/2020`, `12.10.2020`, `12-10-2020`, `12/10/20`.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9/.\-])([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})(?:$|[^0-9/.\-])")
        .unwrap_or_else(|_| unreachable!("constant regex"))
});

static DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]{1,2}").unwrap_or_else(|_| unreachable!("constant regex")));

/// The dates found in `s`, as ISO `YYYY-MM-DD`, in order of appearance, without
/// duplicates. `default_year` is used for a date written without a year; the boolean is
/// true when that happened (the caller warns `annee_deduite`).
pub fn parse_dates(s: &str, default_year: Option<i32>) -> (Vec<String>, bool) {
    // (position, date) pairs from both forms, then sorted by position.
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut deduced = false;
    let folded = fold_keep_separators(s);
    for caps in WRITTEN.captures_iter(&folded) {
        let (Some(all), Some(days), Some(month)) = (caps.get(0), caps.get(1), caps.get(2)) else { continue };
        let Some(month) = MONTHS.iter().find(|(m, _)| *m == month.as_str()).map(|(_, n)| *n) else { continue };
        let year = match caps.get(3) {
            Some(y) => full_year(y.as_str()),
            None => match default_year {
                Some(y) => {
                    deduced = true;
                    Some(y)
                }
                None => None,
            },
        };
        let Some(year) = year else { continue };
        let numbers: Vec<u32> = DAY.find_iter(days.as_str()).filter_map(|d| d.as_str().parse().ok()).collect();
        let is_range = days.as_str().contains(" au ") || days.as_str().contains(" a ") || days.as_str().contains('-');
        let list: Vec<u32> = match (is_range, numbers.as_slice()) {
            (true, [a, b]) if a < b && b - a <= 31 => (*a..=*b).collect(),
            _ => numbers,
        };
        for day in list {
            if let Some(d) = iso(year, month, day) {
                found.push((all.start(), d));
            }
        }
    }
    for caps in NUMERIC.captures_iter(&folded) {
        let (Some(d), Some(m), Some(y)) = (caps.get(1), caps.get(2), caps.get(3)) else { continue };
        let (Ok(day), Ok(month), Some(year)) = (d.as_str().parse(), m.as_str().parse(), full_year(y.as_str())) else {
            continue;
        };
        if let Some(date) = iso(year, month, day) {
            found.push((d.start(), date));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    let mut dates: Vec<String> = Vec::new();
    for (_, d) in found {
        if !dates.contains(&d) {
            dates.push(d);
        }
    }
    let deduced = deduced && !dates.is_empty();
    (dates, deduced)
}

/// Folded text (accents removed, lower case) where `/`, `.`, `-` and `,` survive, so
/// that numeric dates and enumerations can still be read; other punctuation is a space.
fn fold_keep_separators(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_inclusive(|c: char| matches!(c, '/' | '.' | '-' | ',' | '–')) {
        let (body, sep) = match word.char_indices().last() {
            Some((i, c)) if matches!(c, '/' | '.' | '-' | ',' | '–') => (&word[..i], Some(if c == '–' { '-' } else { c })),
            _ => (word, None),
        };
        let f = text::fold(body);
        // Keep a space where the original had one around the folded piece.
        if body.starts_with(char::is_whitespace) && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&f);
        if body.ends_with(|c: char| !c.is_alphanumeric()) && !f.is_empty() && sep.is_none() {
            out.push(' ');
        }
        if let Some(sep) = sep {
            if sep == ',' {
                out.push_str(" , ");
            } else {
                if body.ends_with(char::is_whitespace) && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push(sep);
            }
        }
    }
    // Ordinals and weekday words do not matter; collapse spaces.
    text::clean(&out.replace(" ,  ", " , "))
}

fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    match y.len() {
        4 if (1990..=2100).contains(&n) => Some(n),
        2 => Some(2000 + n),
        _ => None,
    }
}

fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days_in_month).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str) -> Vec<String> {
        parse_dates(s, Some(2020)).0
    }

    #[test]
    fn written_dates_with_weekday_ordinal_and_case() {
        assert_eq!(dates("12 Octobre 2020 (2 sessions d'1h30)"), vec!["2020-10-12"]);
        assert_eq!(dates("lundi 12 octobre 2020"), vec!["2020-10-12"]);
        assert_eq!(dates("1er octobre 2020"), vec!["2020-10-01"]);
        assert_eq!(dates("Mercredi 14 octobre 2020, 9h30 – 16h30, forum de Brest"), vec!["2020-10-14"]);
        assert_eq!(dates("le 3 février 2021"), vec!["2021-02-03"]);
        assert_eq!(dates("15 aout 2020"), vec!["2020-08-15"]);
    }

    #[test]
    fn ranges_and_enumerations_share_month_and_year() {
        assert_eq!(dates("12 et 13 octobre 2020 – ateliers départementaux"), vec!["2020-10-12", "2020-10-13"]);
        assert_eq!(dates("du 5 au 7 octobre 2020"), vec!["2020-10-05", "2020-10-06", "2020-10-07"]);
        assert_eq!(dates("Du 5 au 7 octobre 2020"), vec!["2020-10-05", "2020-10-06", "2020-10-07"]);
        assert_eq!(dates("5, 6 et 8 octobre 2020"), vec!["2020-10-05", "2020-10-06", "2020-10-08"]);
        assert_eq!(dates("5-7 octobre 2020"), vec!["2020-10-05", "2020-10-06", "2020-10-07"]);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(dates("12/10/2020"), vec!["2020-10-12"]);
        assert_eq!(dates("12.10.2020"), vec!["2020-10-12"]);
        assert_eq!(dates("12/10/20"), vec!["2020-10-12"]);
        assert_eq!(dates("12/10/2020 et 14/10/2020"), vec!["2020-10-12", "2020-10-14"]);
    }

    #[test]
    fn year_deduced_and_order_without_duplicates() {
        assert_eq!(parse_dates("Lundi 12 octobre, Brest", Some(2020)), (vec!["2020-10-12".to_string()], true));
        assert_eq!(parse_dates("12 octobre 2020", Some(2020)).1, false);
        assert_eq!(dates("14 octobre 2020 puis 12 octobre 2020 et encore 14 octobre 2020"), vec!["2020-10-14", "2020-10-12"]);
        assert_eq!(parse_dates("12 octobre", None), (vec![], false));
    }

    #[test]
    fn things_that_are_not_dates() {
        assert!(dates("Année scolaire 2020-2021, 2 sessions d'1h30").is_empty());
        assert!(dates("31 février 2020").is_empty());
        assert!(dates("").is_empty());
    }
}
