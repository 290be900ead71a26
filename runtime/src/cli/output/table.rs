//! `--output table`: the AWS CLI's boxed tables, by its rules.
//!
//! The response becomes sections, each with a title (the operation's name
//! at the top, then each member's), optional column headers and rows:
//!
//! - an object's scalar members are one row under their sorted names as
//!   headers (a single one is a `name | value` row), and each member that is
//!   a list or an object a section one level deeper;
//! - a list of objects is one header row (the union of their scalar keys,
//!   sorted) with a row per object, repeating the title and headers before
//!   each object when the objects have nested members;
//! - a list of scalars is a row per item; a list of lists of scalars a row
//!   per list.
//!
//! Every section is as wide as the widest one needs (each nesting level adds
//! a `|` on both sides); columns share a section's width in proportion to
//! their widest cell plus four, rounded half to even, corrections taken from
//! the first columns when over and the last when under. A section with one
//! row turns vertical (`header | value`) when the table is wider than the
//! terminal (80 columns when stdout is not one). Widths count East Asian
//! wide, full-width and ambiguous characters as two columns. With colour,
//! cells are bold blue and nesting bars dim yellow, and every write ends
//! with a reset, as the AWS CLI's colorama does.

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::python::str_of;

/// Writes `value` as a table titled `title`; `width` is the terminal's.
/// `Err(message)` when the response does not fit the AWS CLI's table model
/// (rows of different lengths), in which case nothing is written.
pub(super) fn write(value: &Value, title: &str, color: bool, width: usize, out: &mut dyn Write) -> Result<(), String> {
    let mut table = Table::default();
    if !table.build(Some(title), value, 0)? {
        return Ok(());
    }
    let mut stream = Stream { out, color };
    table.render(width, &mut stream).map_err(|e| e.to_string())
}

/// Display columns, as the AWS CLI counts them.
fn text_length(text: &str) -> usize {
    text.chars().map(|c| usize::from(east_asian_width::east_asian_width((u32::from(c), true)).as_u8())).sum()
}

/// Whether a value is Python-falsy: the AWS CLI prints no table for those.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    columns: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn new(title: &str, indent_level: usize) -> Section {
        Section { title: title.to_owned(), indent_level, ..Section::default() }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.columns.get_or_insert(headers.len());
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let columns = *self.columns.get_or_insert(row.len());
        if row.len() != columns {
            return Err(format!("Row should have {columns} elements, instead it has {}", row.len()));
        }
        self.update_max_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|cell| text_length(cell)).collect();
        } else {
            for (width, cell) in self.max_widths.iter_mut().zip(row) {
                *width = (*width).max(text_length(cell));
            }
        }
    }

    /// Each column's width with `padding`, scaled to add up to `max_width`.
    fn column_widths(&self, padding: usize, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        if unscaled.is_empty() {
            return unscaled;
        }
        let scale = max_width as f64 / unscaled.iter().sum::<usize>() as f64;
        let mut scaled: Vec<i64> = unscaled.iter().map(|w| (scale * *w as f64).round_ties_even() as i64).collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> =
                if off_by < 0 { (0..scaled.len()).rev().collect() } else { (0..scaled.len()).collect() };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let outer = 2 * self.indent_level;
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum();
        (text_length(&self.title) + 2 + outer).max(columns + 2 + outer)
    }
}

#[derive(Default)]
struct Table {
    sections: Vec<Section>,
}

impl Table {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("a section was just added")
    }

    fn new_section(&mut self, title: &str, indent_level: usize) {
        self.sections.push(Section::new(title, indent_level));
    }

    /// The AWS CLI's `_build_table`: whether there is anything to print.
    fn build(&mut self, title: Option<&str>, value: &Value, indent_level: usize) -> Result<bool, String> {
        if is_falsy(value) {
            return Ok(false);
        }
        if let Some(title) = title {
            self.new_section(title, indent_level);
        }
        match value {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.list_of_objects(items, indent_level, title)?;
                } else {
                    for item in items {
                        match item {
                            Value::Array(cells) if cells.iter().all(is_scalar) => {
                                self.current().add_row(cells.iter().map(str_of).collect())?;
                            }
                            scalar if is_scalar(scalar) => self.current().add_row(vec![str_of(scalar)])?,
                            other => {
                                self.build(None, other, 0)?;
                            }
                        }
                    }
                }
            }
            Value::Object(map) => self.object(map, indent_level)?,
            _ => {}
        }
        Ok(true)
    }

    fn object(&mut self, map: &Map<String, Value>, indent_level: usize) -> Result<(), String> {
        let (headers, more) = split_keys(map);
        if headers.len() == 1 {
            let row = vec![headers[0].to_owned(), str_of(&map[headers[0]])];
            self.current().add_row(row)?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|key| str_of(&map[*key])).collect();
            self.current().add_header(headers.iter().map(|h| (*h).to_owned()).collect());
            self.current().add_row(row)?;
        }
        for key in more {
            self.build(Some(key), &map[key], indent_level + 1)?;
        }
        Ok(())
    }

    fn list_of_objects(&mut self, items: &[Value], indent_level: usize, title: Option<&str>) -> Result<(), String> {
        let mut headers: Vec<&str> = Vec::new();
        let mut more: Vec<&str> = Vec::new();
        for map in items.iter().filter_map(Value::as_object) {
            let (h, m) = split_keys(map);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort_unstable();
        headers.dedup();
        more.sort_unstable();
        more.dedup();
        let header_row: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        self.current().add_header(header_row.clone());
        for (i, item) in items.iter().enumerate() {
            let map = item.as_object();
            if i > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or_default(), indent_level);
                self.current().add_header(header_row.clone());
            }
            let row = headers.iter().map(|h| map.and_then(|m| m.get(*h)).map(str_of).unwrap_or_default()).collect();
            self.current().add_row(row)?;
            for key in &more {
                if let Some(value) = map.and_then(|m| m.get(*key)) {
                    self.build(Some(key), value, indent_level + 1)?;
                }
            }
        }
        Ok(())
    }

    fn render(&mut self, terminal_width: usize, out: &mut Stream<'_>) -> io::Result<()> {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            self.turn_vertical();
            max_width = self.max_width();
        }
        out.write(&format!("{}\n", "-".repeat(max_width)))?;
        for section in &self.sections {
            render_section(section, max_width, out)?;
        }
        Ok(())
    }

    fn max_width(&self) -> usize {
        self.sections.iter().map(Section::total_width).max().unwrap_or(0)
    }

    /// Sections of one row become `header | value` rows.
    fn turn_vertical(&mut self) {
        for section in &mut self.sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut vertical = Section::new(&section.title, section.indent_level);
                for (header, cell) in section.headers.iter().zip(&section.rows[0]) {
                    // Two columns each time: cannot fail.
                    let _ = vertical.add_row(vec![header.clone(), cell.clone()]);
                }
                *section = vertical;
            }
        }
    }
}

/// Sorted keys of the scalar members, then of the others.
fn split_keys(map: &Map<String, Value>) -> (Vec<&str>, Vec<&str>) {
    let scalars = map.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.as_str()).collect();
    let others = map.iter().filter(|(_, v)| !is_scalar(v)).map(|(k, _)| k.as_str()).collect();
    (scalars, others)
}

/// Where the table is written: with colour, each write is followed by a
/// reset, as colorama's auto-reset does in the AWS CLI.
struct Stream<'a> {
    out: &'a mut dyn Write,
    color: bool,
}

const RESET: &str = "\u{1b}[0m";

impl Stream<'_> {
    fn write(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())?;
        if self.color {
            self.out.write_all(RESET.as_bytes())?;
        }
        Ok(())
    }

    /// A line of a section `level` deep, between its nesting bars.
    fn line(&mut self, level: usize, text: &str) -> io::Result<()> {
        let bar = if self.color { format!("\u{1b}[2m\u{1b}[33m|{RESET}") } else { "|".to_owned() };
        let bars = bar.repeat(level);
        self.write(&bars)?;
        self.write(text)?;
        self.write(&bars)?;
        self.write("\n")
    }

    fn cell(&self, text: &str) -> String {
        if self.color { format!("\u{1b}[1m\u{1b}[34m{text}{RESET}") } else { text.to_owned() }
    }
}

fn render_section(section: &Section, max_width: usize, out: &mut Stream<'_>) -> io::Result<()> {
    let level = section.indent_level;
    let width = max_width - 2 * level;
    if !section.title.is_empty() {
        out.line(level, &center(&section.title, text_length(&section.title), width, "|", "|"))?;
        if section.headers.is_empty() && section.rows.is_empty() {
            out.line(level, &format!("+{}+", "-".repeat(width.saturating_sub(2))))?;
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, width);
        let mut line = String::new();
        for (i, (w, header)) in widths.iter().zip(&section.headers).enumerate() {
            line.push_str(&center(header, text_length(header), *w, if i == 0 { "|" } else { "" }, "|"));
        }
        out.line(level, &line_break(&widths))?;
        out.line(level, &line)?;
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(4, width);
        if widths.is_empty() {
            return Ok(());
        }
        out.line(level, &line_break(&widths))?;
        for row in &section.rows {
            let mut line = String::new();
            for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
                let left = if i == 0 { "|" } else { "" };
                line.push_str(&align_left(&out.cell(cell), text_length(cell), *w, left, "|"));
            }
            out.line(level, &line)?;
        }
        out.line(level, &line_break(&widths))?;
    }
    Ok(())
}

/// `+-----+------+`.
fn line_break(widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            line.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    line
}

/// `text` (`length` columns wide) centred in `width` columns between the edges.
fn center(text: &str, length: usize, width: usize, left: &str, right: &str) -> String {
    let start = (width / 2) as i64 - (length / 2) as i64 - 1;
    let so_far = left.len() as i64 + start + length as i64;
    let right_spaces = width as i64 - right.len() as i64 - so_far;
    format!("{left}{}{text}{}{right}", spaces(start), spaces(right_spaces))
}

/// `text` (`length` columns wide) after two spaces, padded to `width`.
fn align_left(text: &str, length: usize, width: usize, left: &str, right: &str) -> String {
    let needed = length + 2 + left.len() + right.len();
    let padding = if width >= needed { 2 } else { 0 };
    let so_far = left.len() + padding + length;
    format!(
        "{left}{}{text}{}{right}",
        spaces(padding as i64),
        spaces(width as i64 - so_far as i64 - right.len() as i64)
    )
}

/// `n` spaces, none when `n` is negative (Python's `' ' * n`).
fn spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(value: Value, width: usize) -> String {
        let mut out = Vec::new();
        write(&value, "Op", false, width, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    // Expected outputs printed by the AWS CLI 1.46.3's TableFormatter.
    #[test]
    fn one_scalar_member_is_a_name_value_row() {
        assert_eq!(
            table(json!({"a": 1}), 80),
            "------------\n|    Op    |\n+----+-----+\n|  a |  1  |\n+----+-----+\n"
        );
    }

    #[test]
    fn a_row_wider_than_the_terminal_turns_vertical() {
        let value = json!({"alpha": "x".repeat(40), "beta": "y".repeat(40)});
        let (x, y) = ("x".repeat(40), "y".repeat(40));
        let dashes = "-".repeat(43);
        assert_eq!(
            table(value.clone(), 200),
            format!(
                "{}\n|{}Op{}|\n+{dashes}+-{dashes}+\n|{}alpha{}|{}beta{} |\n+{dashes}+-{dashes}+\n|  {x} |  {y}  |\n+{dashes}+-{dashes}+\n",
                "-".repeat(90),
                " ".repeat(43),
                " ".repeat(43),
                " ".repeat(19),
                " ".repeat(19),
                " ".repeat(19),
                " ".repeat(20),
            )
        );
        assert_eq!(
            table(value, 80),
            format!(
                "{}\n|{}Op{}|\n+-------+{}+\n|  alpha|  {x}   |\n|  beta |  {y}   |\n+-------+{}+\n",
                "-".repeat(55),
                " ".repeat(25),
                " ".repeat(26),
                "-".repeat(45),
                "-".repeat(45),
            )
        );
    }

    #[test]
    fn ragged_rows_are_an_error_and_falsy_values_print_nothing() {
        let mut out = Vec::new();
        assert_eq!(
            write(&json!([[1, 2], [3]]), "Op", false, 80, &mut out),
            Err("Row should have 2 elements, instead it has 1".to_owned())
        );
        assert_eq!(table(json!(0), 80), "");
        assert_eq!(table(json!({}), 80), "");
    }
}
