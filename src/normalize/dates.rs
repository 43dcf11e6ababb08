//! Dates (SPEC "Dates").

use std::sync::LazyLock;

use regex_lite::Regex;

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
    Regex::new(r"\b(?:du )?((?:[0-9]{1,2}(?:er|eme|e)?(?: (?:et|au|a|&) | ?[,\-] ?| ))*[0-9]{1,2}(?:er|eme|e)?) ([a-z]{3,9})\b\.?(?: ([0-9]{4}|[0-9]{2})\b)?")
    .unwrap_or_else(|_| unreachable!("constant regex"))
});

/// Numeric dates: `12/10/2020`, `12.10.2020`, `12-10-2020`, `12/10/20`.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9/.\-])([0-9]{1,2})([/.\-])([0-9]{1,2})([/.\-])([0-9]{4}|[0-9]{2})(?:$|[^0-9/.\-])")
        .unwrap_or_else(|_| unreachable!("constant regex"))
});

/// Days written before a numeric date and sharing its month: `du 12 au ` (14/10/2020),
/// `12, 13 et ` (14/10/2020). Matched on the folded text that ends right before it.
static DAYS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9/.\-])(?:du )?((?:[0-9]{1,2}(?:er)? ?, ?)*[0-9]{1,2}(?:er)? (?:et|au|a|&) )$",
    )
    .unwrap_or_else(|_| unreachable!("constant regex"))
});

/// ISO dates: `2020-10-12`.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9\-])([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[^0-9\-])")
        .unwrap_or_else(|_| unreachable!("constant regex"))
});

static DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,2}").unwrap_or_else(|_| unreachable!("constant regex")));

/// The dates found in `s`, as ISO `YYYY-MM-DD`, in order of appearance, without
/// duplicates. `default_year` is used for a date written without a year; the boolean is
/// true when that happened (the caller warns `annee_deduite`).
pub fn parse_dates(s: &str, default_year: Option<i32>) -> (Vec<String>, bool) {
    // (position, date) pairs from both forms, then sorted by position.
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut deduced = false;
    let folded = without_weekdays(&fold_keep_separators(s));
    let runs = written_runs(&folded);
    for (k, run) in runs.iter().enumerate() {
        // A run without a year takes the year of the run right after it when only a
        // connector stands between them ("5 octobre et 12 novembre 2020"), and joins it as
        // a range across months ("du 30 septembre au 2 octobre 2020").
        let next = runs
            .get(k + 1)
            .filter(|n| is_connector(&folded[run.end..n.start]));
        let carried = run
            .year
            .is_none()
            .then(|| next.and_then(|n| n.year))
            .flatten();
        let year = match run.year.or(carried) {
            Some(y) => y,
            None => match default_year {
                Some(y) => {
                    deduced = true;
                    y
                }
                None => continue,
            },
        };
        let is_range = run.days_text.contains(" au ")
            || run.days_text.contains(" a ")
            || run.days_text.contains('-');
        let list: Vec<u32> = match (is_range, run.days.as_slice()) {
            (true, [a, b]) if a < b && b - a <= 31 => (*a..=*b).collect(),
            _ => run.days.clone(),
        };
        for day in &list {
            if let Some(d) = iso(year, run.month, *day) {
                found.push((run.start, d));
            }
        }
        // A range across months: the days after this run's last one, up to the next run.
        if let (Some(next), Some(last)) = (next, list.last())
            && is_range_connector(&folded[run.end..next.start])
            && next.days.len() == 1
            && next.month != run.month
        {
            let mut date = (year, run.month, *last);
            for _ in 0..62 {
                date = next_day(date);
                if (date.1, date.2) == (next.month, next.days[0]) {
                    break;
                }
                if let Some(d) = iso(date.0, date.1, date.2) {
                    found.push((run.start, d));
                }
            }
        }
    }
    for caps in NUMERIC.captures_iter(&folded) {
        let (Some(d), Some(sep1), Some(m), Some(sep2), Some(y)) = (
            caps.get(1),
            caps.get(2),
            caps.get(3),
            caps.get(4),
            caps.get(5),
        ) else {
            continue;
        };
        // One separator throughout: "12/10.2020" is not a date.
        if sep1.as_str() != sep2.as_str() {
            continue;
        }
        let (Ok(day), Ok(month), Some(year)) = (
            d.as_str().parse(),
            m.as_str().parse(),
            full_year(y.as_str()),
        ) else {
            continue;
        };
        // Days written before it share its month: "du 12 au 14/10/2020" (a range),
        // "12, 13 et 14/10/2020" (an enumeration).
        let mut days: Vec<u32> = Vec::new();
        let mut start = d.start();
        if let Some(lead) = DAYS_BEFORE
            .captures(&folded[..d.start()])
            .and_then(|c| c.get(1))
        {
            days = DAY
                .find_iter(lead.as_str())
                .filter_map(|x| x.as_str().parse().ok())
                .collect();
            let is_range = lead.as_str().contains(" au ") || lead.as_str().contains(" a ");
            if let ([first], true) = (days.as_slice(), is_range)
                && *first < day
            {
                days = (*first..day).collect();
            }
            start = lead.start();
        }
        days.push(day);
        for day in days {
            if let Some(date) = iso(year, month, day) {
                found.push((start, date));
            }
        }
    }
    for caps in ISO.captures_iter(&folded) {
        let (Some(y), Some(m), Some(d)) = (caps.get(1), caps.get(2), caps.get(3)) else {
            continue;
        };
        let (Ok(year), Ok(month), Ok(day)) =
            (y.as_str().parse(), m.as_str().parse(), d.as_str().parse())
        else {
            continue;
        };
        if let Some(date) = iso(year, month, day) {
            found.push((y.start(), date));
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

/// Days written with one month name: `12 et 13 octobre 2020`.
struct Run<'a> {
    start: usize,
    end: usize,
    days_text: &'a str,
    days: Vec<u32>,
    month: u32,
    year: Option<i32>,
}

fn written_runs(folded: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    for caps in WRITTEN.captures_iter(folded) {
        let (Some(all), Some(days), Some(month)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let Some(month) = MONTHS
            .iter()
            .find(|(m, _)| *m == month.as_str())
            .map(|(_, n)| *n)
        else {
            continue;
        };
        runs.push(Run {
            start: all.start(),
            end: all.end(),
            days_text: days.as_str(),
            days: DAY
                .find_iter(days.as_str())
                .filter_map(|d| d.as_str().parse().ok())
                .collect(),
            month,
            year: caps.get(3).and_then(|y| full_year(y.as_str())),
        });
    }
    runs
}

/// Only words that join dates stand between two runs.
fn is_connector(between: &str) -> bool {
    between.split([' ', ',', '-']).all(|w| {
        matches!(
            w,
            "" | "et" | "au" | "a" | "&" | "du" | "le" | "puis" | "jusqu"
        )
    })
}

fn is_range_connector(between: &str) -> bool {
    let words: Vec<&str> = between
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .any(|w| matches!(*w, "au" | "a" | "-" | "jusqu"))
}

fn next_day((year, month, day): (i32, u32, u32)) -> (i32, u32, u32) {
    if iso(year, month, day + 1).is_some() {
        (year, month, day + 1)
    } else if month == 12 {
        (year + 1, 1, 1)
    } else {
        (year, month + 1, 1)
    }
}

/// Folded text without weekday names, which may sit inside enumerations
/// ("lundi 12 et mardi 13 octobre").
fn without_weekdays(folded: &str) -> String {
    const WEEKDAYS: &[&str] = &[
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let kept: Vec<&str> = folded
        .split(' ')
        .filter(|w| !WEEKDAYS.contains(w))
        .collect();
    kept.join(" ")
}

/// Folded text (accents removed, lower case) where `/`, `.`, `-` and `,` survive, so
/// that numeric dates and enumerations can still be read; other punctuation is a space.
fn fold_keep_separators(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_inclusive(['/', '.', '-', ',', '–']) {
        let (body, sep) = match word.char_indices().last() {
            Some((i, c)) if matches!(c, '/' | '.' | '-' | ',' | '–') => {
                (&word[..i], Some(if c == '–' { '-' } else { c }))
            }
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
    //! One table of cases, input → expected, read in one loop. The cases come from two
    //! independent readings of the SPEC.
    use super::*;

    /// `parse_dates`: (text, the document's year, the ISO dates in order without
    /// duplicates, whether a year was deduced).
    const DATES: &[(&str, Option<i32>, &[&str], bool)] = &[
        (
            "12 Octobre 2020 (2 sessions d'1h30)",
            Some(2020),
            &["2020-10-12"],
            false,
        ),
        ("lundi 12 octobre 2020", Some(2020), &["2020-10-12"], false),
        ("1er octobre 2020", Some(2020), &["2020-10-01"], false),
        (
            "Mercredi 14 octobre 2020, 9h30 – 16h30, forum de Brest",
            Some(2020),
            &["2020-10-14"],
            false,
        ),
        ("le 3 février 2021", Some(2020), &["2021-02-03"], false),
        ("15 aout 2020", Some(2020), &["2020-08-15"], false),
        (
            "12 et 13 octobre 2020 – ateliers départementaux",
            Some(2020),
            &["2020-10-12", "2020-10-13"],
            false,
        ),
        (
            "du 5 au 7 octobre 2020",
            Some(2020),
            &["2020-10-05", "2020-10-06", "2020-10-07"],
            false,
        ),
        (
            "Du 5 au 7 octobre 2020",
            Some(2020),
            &["2020-10-05", "2020-10-06", "2020-10-07"],
            false,
        ),
        (
            "5, 6 et 8 octobre 2020",
            Some(2020),
            &["2020-10-05", "2020-10-06", "2020-10-08"],
            false,
        ),
        (
            "5-7 octobre 2020",
            Some(2020),
            &["2020-10-05", "2020-10-06", "2020-10-07"],
            false,
        ),
        (
            "lundi 12 et mardi 13 octobre 2020",
            Some(2020),
            &["2020-10-12", "2020-10-13"],
            false,
        ),
        (
            "du 30 septembre au 2 octobre 2020",
            Some(2020),
            &["2020-09-30", "2020-10-01", "2020-10-02"],
            false,
        ),
        (
            "5 octobre et 12 novembre 2020",
            Some(2020),
            &["2020-10-05", "2020-11-12"],
            false,
        ),
        (
            "le 2ème jour, 2e octobre 2020",
            Some(2020),
            &["2020-10-02"],
            false,
        ),
        ("2020-10-12", Some(2020), &["2020-10-12"], false),
        ("12/10/2020", Some(2020), &["2020-10-12"], false),
        ("12.10.2020", Some(2020), &["2020-10-12"], false),
        ("12/10/20", Some(2020), &["2020-10-12"], false),
        (
            "12/10/2020 et 14/10/2020",
            Some(2020),
            &["2020-10-12", "2020-10-14"],
            false,
        ),
        ("Lundi 12 octobre, Brest", Some(2020), &["2020-10-12"], true),
        (
            "14 octobre 2020 puis 12 octobre 2020 et encore 14 octobre 2020",
            Some(2020),
            &["2020-10-14", "2020-10-12"],
            false,
        ),
        ("12 octobre", None, &[], false),
        ("12 Octobre 2020", Some(2020), &["2020-10-12"], false),
        ("12 OCTOBRE 2020", Some(2020), &["2020-10-12"], false),
        ("Lundi 12 Octobre 2020", Some(2020), &["2020-10-12"], false),
        (
            "2e jour, le 2ème octobre 2020",
            Some(2020),
            &["2020-10-02"],
            false,
        ),
        ("le 3 fevrier 2021", Some(2020), &["2021-02-03"], false),
        ("28 août 2020", Some(2020), &["2020-08-28"], false),
        ("28 aout 2020", Some(2020), &["2020-08-28"], false),
        ("1 décembre 2020", Some(2020), &["2020-12-01"], false),
        ("1 decembre 2020", Some(2020), &["2020-12-01"], false),
        ("14 oct. 2020", Some(2020), &["2020-10-14"], false),
        ("14 sept 2020", Some(2020), &["2020-09-14"], false),
        ("14 Janv. 2021", Some(2020), &["2021-01-14"], false),
        (
            "12 Octobre 2020 (2 sessions d'1h30) Atelier : Les partenariats pour construire une offre numérique éducative 2 ateliers successifs avec 2 groupes différents d'environ 20 participants",
            Some(2020),
            &["2020-10-12"],
            false,
        ),
        (
            "Mercredi 14 octobre 2020, 9h30 – 16h30, forum de Brest Atelier : Pour un numérique responsable et souverain",
            Some(2020),
            &["2020-10-14"],
            false,
        ),
        (
            "12 et 13 octobre 2020 – ateliers départementaux puis clôture académique à Saint-Orens-de-Gameville (13h30 – 16h30) Atelier : Restitution en mode Pecha Kucha",
            Some(2020),
            &["2020-10-12", "2020-10-13"],
            false,
        ),
        (
            "12 et 13 octobre 2020",
            Some(2020),
            &["2020-10-12", "2020-10-13"],
            false,
        ),
        (
            "5 – 7 octobre 2020",
            Some(2020),
            &["2020-10-05", "2020-10-06", "2020-10-07"],
            false,
        ),
        // reversed range: its two ends only
        (
            "7-5 octobre 2020",
            Some(2020),
            &["2020-10-07", "2020-10-05"],
            false,
        ),
        ("12-10-2020", Some(2020), &["2020-10-12"], false),
        ("le 1/9/2020 à 14h", Some(2020), &["2020-09-01"], false),
        (
            "12/10/2020 puis 14/10/2020",
            Some(2020),
            &["2020-10-12", "2020-10-14"],
            false,
        ),
        (
            "14/10/2020, 12 octobre 2020 et le 14 octobre 2020",
            Some(2020),
            &["2020-10-14", "2020-10-12"],
            false,
        ),
        ("12 octobre", Some(2020), &["2020-10-12"], true),
        (
            "Lundi 12 et mardi 13 Octobre, Toulouse",
            Some(2020),
            &["2020-10-12", "2020-10-13"],
            true,
        ),
        (
            "12 octobre, et aussi le 5 novembre 2021",
            Some(2020),
            &["2020-10-12", "2021-11-05"],
            true,
        ),
        // leap years
        ("29 février 2020", Some(2020), &["2020-02-29"], false),
        (
            "du 12 au 14/10/2020",
            None,
            &["2020-10-12", "2020-10-13", "2020-10-14"],
            false,
        ),
        (
            "Les 12, 13 et 15/10/20 à Caen",
            None,
            &["2020-10-12", "2020-10-13", "2020-10-15"],
            false,
        ),
        (
            "07/10/20 et 08/10/20",
            None,
            &["2020-10-07", "2020-10-08"],
            false,
        ),
        ("2 sessions le 12/10/2020", None, &["2020-10-12"], false),
        ("Salle 3, 12/10/2020", None, &["2020-10-12"], false),
        (
            "Année scolaire 2020-2021, 2 sessions d'1h30",
            Some(2020),
            &[],
            false,
        ),
        ("31 février 2020", Some(2020), &[], false),
        ("", Some(2020), &[], false),
        ("12/10.2020", Some(2020), &[], false),
        ("Année scolaire 2020-2021", Some(2020), &[], false),
        ("2 sessions d'1h30", Some(2020), &[], false),
        ("9h30 – 16h30", Some(2020), &[], false),
        (
            "2 ateliers successifs avec 2 groupes",
            Some(2020),
            &[],
            false,
        ),
        ("31 février 2021", Some(2020), &[], false),
        ("30/02/2020", Some(2020), &[], false),
        ("12/13/2020", Some(2020), &[], false),
        ("version 1.2.3", Some(2020), &[], false),
        ("29 février 2021", Some(2020), &[], false),
        ("12 octobre 2020", Some(2020), &["2020-10-12"], false),
        (
            "5 octobre et 12 novembre 2020",
            Some(2019),
            &["2020-10-05", "2020-11-12"],
            false,
        ),
    ];

    #[test]
    fn dates() {
        for (input, year, expected, deduced) in DATES {
            assert_eq!(
                parse_dates(input, *year),
                (expected.iter().map(|d| d.to_string()).collect(), *deduced),
                "{input:?} in {year:?}"
            );
        }
    }
}
