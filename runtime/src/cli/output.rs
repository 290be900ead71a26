//! Printing a response as the AWS CLI prints it: `--output json | text |
//! table | yaml | yaml-stream | off` (one module per format), after
//! `--query`, and where the AWS CLI applies it.
//!
//! A paginated command's pages are printed as the AWS CLI prints them:
//! `json`, `table` and `yaml` print one merged result (every page's items
//! under the items member, then `NextToken` when `--max-items` left some;
//! the pages' other members are dropped, as botocore's merge drops them),
//! with `--query` applied to it; `text` prints each page's items as they
//! came, the query applied page by page, then the `NextToken`;
//! `yaml-stream` prints each whole page, queried, as a document; `off`
//! prints nothing. An empty response prints nothing in any format.

use std::io::{self, Write};

use serde_json::{Map, Value};

mod json;
mod python;
mod table;
mod text;
mod yaml;

pub(super) use json::write as write_json;
pub(super) use yaml::{key as yaml_key, scalar as yaml_scalar};

/// The output formats, as `--output`, `AWS_DEFAULT_OUTPUT` and the
/// profile's `output` name them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Format {
    #[default]
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
    Off,
}

impl Format {
    /// Every format's name, for `--output`'s values.
    pub(super) const NAMES: [&'static str; 6] = ["json", "text", "table", "yaml", "yaml-stream", "off"];

    pub(super) fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            "off" => Format::Off,
            _ => return None,
        })
    }

    /// The format, where the AWS CLI looks for it: the flag, then
    /// `AWS_DEFAULT_OUTPUT`, then the profile's `output`, then `json`.
    pub(super) fn resolve(flag: Option<&str>, env: Option<&str>, profile: Option<&str>) -> Result<Format, String> {
        let (name, from) = match (flag, env, profile) {
            (Some(name), _, _) => (name, "--output"),
            (None, Some(name), _) => (name, "AWS_DEFAULT_OUTPUT"),
            (None, None, Some(name)) => (name, "the profile's `output`"),
            (None, None, None) => return Ok(Format::Json),
        };
        Format::parse(name.trim())
            .ok_or_else(|| format!("Unknown output type: {name} (from {from}); valid: {}", Format::NAMES.join(", ")))
    }
}

/// A compiled `--query`.
#[derive(Clone, Debug)]
pub(super) struct Query(jmespath::Expression<'static>);

impl Query {
    /// The expression, or the parser's message (`Bad value for --query …`).
    pub(super) fn compile(text: &str) -> Result<Query, String> {
        jmespath::compile(text).map(Query).map_err(|e| format!("Bad value for --query {text}: {e}"))
    }

    fn apply(&self, value: &Value) -> Result<Value, String> {
        let found = self.0.search(value).map_err(|e| e.to_string())?;
        serde_json::to_value(&*found).map_err(|e| e.to_string())
    }
}

/// How to print: the format, the query, colour for tables, the title of a
/// table (the operation's name) and the terminal's width.
#[derive(Clone, Debug)]
pub(super) struct Printer {
    pub(super) format: Format,
    pub(super) query: Option<Query>,
    pub(super) color: bool,
    pub(super) title: &'static str,
    pub(super) terminal_width: usize,
}

/// What came back.
#[derive(Debug)]
pub(super) enum Response {
    /// One response (an operation without pages, or `--no-paginate`).
    Single(Value),
    /// The pages of a paginated operation.
    Pages(Pages),
}

/// A paginated operation's pages as the service sent them, the first and
/// last trimmed to `--starting-token` and `--max-items`.
#[derive(Debug)]
pub(super) struct Pages {
    pub(super) pages: Vec<Value>,
    /// The output member holding each page's items.
    pub(super) items: &'static str,
    /// Where `--max-items` stopped, when items are left.
    pub(super) resume: Option<String>,
}

/// The key of the resume token in a merged result.
const NEXT_TOKEN: &str = "NextToken";

impl Pages {
    /// botocore's `build_full_result`: every page's items, then `NextToken`.
    fn merged(&self) -> Value {
        let mut items: Option<Vec<Value>> = None;
        for page in &self.pages {
            match page.get(self.items) {
                Some(Value::Array(page_items)) => items.get_or_insert_with(Vec::new).extend(page_items.iter().cloned()),
                None | Some(Value::Null) => {}
                Some(_) => {}
            }
        }
        let mut merged = Map::new();
        if let Some(items) = items {
            merged.insert(self.items.to_owned(), Value::Array(items));
        }
        if let Some(token) = &self.resume {
            merged.insert(NEXT_TOKEN.to_owned(), Value::String(token.clone()));
        }
        Value::Object(merged)
    }
}

impl Printer {
    /// Prints `response`; `Err` is a message for stderr (a query that
    /// failed on this data, rows a table cannot hold, a closed stdout).
    pub(super) fn print(&self, response: &Response, out: &mut dyn Write) -> Result<(), String> {
        match (self.format, response) {
            (Format::Off, _) => Ok(()),
            (Format::Text, Response::Pages(pages)) => {
                for page in &pages.pages {
                    let items = page.get(pages.items).cloned().unwrap_or(Value::Null);
                    let current = Value::Object(Map::from_iter([(pages.items.to_owned(), items)]));
                    self.text(&current, out)?;
                }
                if let Some(token) = &pages.resume {
                    let inner = Map::from_iter([(NEXT_TOKEN.to_owned(), Value::String(token.clone()))]);
                    self.text(&Value::Object(Map::from_iter([(NEXT_TOKEN.to_owned(), Value::Object(inner))])), out)?;
                }
                Ok(())
            }
            (Format::Text, Response::Single(value)) => self.text(value, out),
            (Format::YamlStream, Response::Pages(pages)) => {
                for page in &pages.pages {
                    yaml::write_page(&self.queried(page)?, out).map_err(io_error)?;
                }
                Ok(())
            }
            (Format::YamlStream, Response::Single(value)) => {
                let value = self.queried(value)?;
                if is_empty_object(&value) {
                    return Ok(());
                }
                yaml::write_page(&value, out).map_err(io_error)
            }
            (format, response) => {
                let (whole, merged) = match response {
                    Response::Single(value) => (value.clone(), false),
                    Response::Pages(pages) => (pages.merged(), true),
                };
                let value = self.queried(&whole)?;
                match format {
                    Format::Json => {
                        let last = (merged && self.query.is_none()).then_some(NEXT_TOKEN);
                        json::write(&value, last, out).map_err(io_error)
                    }
                    Format::Yaml => yaml::write(&value, out).map_err(io_error),
                    _ => table::write(&value, self.title, self.color, self.terminal_width, out),
                }
            }
        }
    }

    fn queried(&self, value: &Value) -> Result<Value, String> {
        match &self.query {
            Some(query) => query.apply(value),
            None => Ok(value.clone()),
        }
    }

    fn text(&self, value: &Value, out: &mut dyn Write) -> Result<(), String> {
        text::write(&self.queried(value)?, out).map_err(io_error)
    }
}

fn is_empty_object(value: &Value) -> bool {
    matches!(value, Value::Object(map) if map.is_empty())
}

fn io_error(error: io::Error) -> String {
    format!("cannot write the output: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_environment_which_beats_the_profile() {
        assert_eq!(Format::resolve(Some("text"), Some("table"), Some("yaml")), Ok(Format::Text));
        assert_eq!(Format::resolve(None, Some("table"), Some("yaml")), Ok(Format::Table));
        assert_eq!(Format::resolve(None, None, Some("yaml-stream")), Ok(Format::YamlStream));
        assert_eq!(Format::resolve(None, None, None), Ok(Format::Json));
        let error = Format::resolve(None, Some("xml"), None).unwrap_err();
        assert!(error.starts_with("Unknown output type: xml (from AWS_DEFAULT_OUTPUT)"), "{error}");
    }

    #[test]
    fn an_invalid_query_names_the_expression() {
        let error = Query::compile("users[").unwrap_err();
        assert!(error.starts_with("Bad value for --query users[: "), "{error}");
    }
}
