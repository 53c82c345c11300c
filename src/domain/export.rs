//! Rules for spreadsheet exports: a cell that a spreadsheet would read as a
//! formula (CSV injection) is written as text.

/// Prefixes an apostrophe to a cell that starts with `=`, `+`, `-`, `@`, `;`
/// (a separator some spreadsheets read a formula after), a tab or a
/// carriage return, so that a spreadsheet shows it as text.
pub fn escape_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | ';' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A score for a cell: two decimals, or empty.
pub fn score_cell(score: Option<f64>) -> String {
    score.map(|s| format!("{s:.2}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_become_text() {
        for (cell, expected) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            (";=1+1", "';=1+1"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ann = Bob", "Ann = Bob"),
            ("", ""),
        ] {
            assert_eq!(escape_cell(cell), expected, "{cell:?}");
        }
        assert_eq!(score_cell(Some(7.456)), "7.46");
        assert_eq!(score_cell(None), "");
    }
}
