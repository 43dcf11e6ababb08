//! Counts (SPEC "Numbers").

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

/// Read a count from the text of a field (label already removed).
pub fn parse_count(s: &str) -> CountValue {
    todo!("normalize::numbers::parse_count {s}")
}
