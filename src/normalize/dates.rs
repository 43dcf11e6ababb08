//! Dates (SPEC "Dates").

/// The dates found in `s`, as ISO `YYYY-MM-DD`, in order of appearance, without
/// duplicates. `default_year` is used for a date written without a year; the boolean is
/// true when that happened (the caller warns `annee_deduite`).
pub fn parse_dates(s: &str, default_year: Option<i32>) -> (Vec<String>, bool) {
    todo!("normalize::dates::parse_dates {s} {default_year:?}")
}
