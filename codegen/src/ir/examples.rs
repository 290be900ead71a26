//! `@examples` on an operation: sample calls the docs show, with the input
//! (by member name, as the model writes it) and the output or error.

use serde_json::Value;

use crate::model::{ShapeId, Traits};

const EXAMPLES: &str = "smithy.api#examples";

/// One `@examples` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// A short title.
    pub title: String,
    /// What the example shows, as Markdown.
    pub docs: Option<String>,
    /// The input, by member name (an object; empty when the model gives none).
    pub input: Value,
    /// What the call returns.
    pub outcome: Outcome,
}

/// What an example's call gives back.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The model says nothing about the result.
    Unstated,
    /// The output, by member name.
    Output(Value),
    /// A modelled error and its members.
    Error {
        /// The error shape.
        shape: ShapeId,
        /// Its members, by name.
        content: Value,
    },
}

/// The examples an operation's `traits` carry, in the model's order. An
/// entry without a title, or whose input is not an object, is left out with
/// the reason in `warnings` (the validator does not hold examples to a form).
pub fn of_operation(traits: &Traits, warnings: &mut Vec<String>) -> Vec<Example> {
    let Some(entries) = traits.get(EXAMPLES).and_then(Value::as_array) else { return Vec::new() };
    let mut examples = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let Some(title) = entry.get("title").and_then(Value::as_str) else {
            warnings.push(format!("example {index} has no `title`; it is not shown"));
            continue;
        };
        let input = entry.get("input").cloned().unwrap_or_else(|| Value::Object(Default::default()));
        if !input.is_object() {
            warnings.push(format!("example `{title}`: its `input` is not an object; it is not shown"));
            continue;
        }
        let error = entry.get("error").and_then(|error| {
            let shape = ShapeId::parse(error.get("shapeId")?.as_str()?).ok()?;
            Some(Outcome::Error { shape, content: error.get("content").cloned().unwrap_or(Value::Null) })
        });
        let outcome = match (error, entry.get("output")) {
            (Some(error), _) => error,
            (None, Some(output)) => Outcome::Output(output.clone()),
            (None, None) => Outcome::Unstated,
        };
        let docs = entry
            .get("documentation")
            .and_then(Value::as_str)
            .map(crate::markdown::html::to_markdown)
            .filter(|text| !text.is_empty());
        examples.push(Example { title: title.to_owned(), docs, input, outcome });
    }
    examples
}
