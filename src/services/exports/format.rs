//! Writing an export table as CSV (cells that look like formulas escaped)
//! or as an Excel workbook (text as text, numbers as numbers).

use anyhow::Context as _;
use rust_xlsxwriter::{Format, Workbook};

use crate::domain::export::escape_cell;

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(Option<f64>),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn as_csv(&self) -> String {
        match self {
            Cell::Text(text) => escape_cell(text),
            Cell::Number(value) => value.map(|v| format!("{v:.2}")).unwrap_or_default(),
        }
    }
}

/// A header row and the rows under it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

pub fn to_csv(table: &Table) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(table.header.iter().map(|h| escape_cell(h)))?;
    for row in &table.rows {
        writer.write_record(row.iter().map(Cell::as_csv))?;
    }
    writer
        .into_inner()
        .map_err(|error| anyhow::anyhow!("{error}"))
        .context("cannot finish the CSV")
}

pub fn to_xlsx(table: &Table, sheet_name: &str) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new().set_bold();
    for (column, heading) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(column)?, heading, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1)?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c)?;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Cell::Number(Some(value)) => {
                    sheet.write_number(r, c, (value * 100.0).round() / 100.0)?;
                }
                Cell::Number(None) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook
        .save_to_buffer()
        .context("cannot write the workbook")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_and_escapes_formulas() {
        let table = Table {
            header: vec!["Name".into(), "Score".into()],
            rows: vec![vec![
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::Number(Some(7.456)),
            ]],
        };
        let text = String::from_utf8(to_csv(&table).unwrap()).unwrap();
        assert_eq!(text, "Name,Score\n\"'=HYPERLINK(\"\"x\"\")\",7.46\n");
        assert!(!to_xlsx(&table, "Shortlist").unwrap().is_empty());
    }
}
