// Included by lib.rs into `v1` and `v2`, each with its own `sdk`: the code
// a user of the SDK writes, as the compiler lets it be written outside the crate.

use sdk::input::PutThingInput;
use sdk::operation::PutThingError;
use sdk::output::PutThingOutput;
use sdk::types::{Color, Outline, Thing};
use sdk::{BuildError, Client, SdkError};

/// An input with a nested structure and a union, built as code outside the
/// crate must: structures with their builders, unions by variant.
pub fn input(id: &str, name: &str) -> Result<PutThingInput, BuildError> {
    let thing = Thing::builder().name(name).color(Color::Red).build()?;
    PutThingInput::builder().id(id).thing(thing).outline(Outline::Circle(2)).build()
}

/// Sends a `PutThing` through the fluent builder and returns the stored name.
pub async fn put(client: &Client, id: &str, name: &str) -> Result<Option<String>, SdkError<PutThingError>> {
    let thing = Thing::builder().name(name).build().expect("the name is set");
    let output: PutThingOutput = client.put_thing().id(id).thing(thing).send().await?;
    // Fields are still read directly.
    Ok(output.thing.map(|thing| thing.name))
}

/// An enum matched with a wildcard arm, which values a later model adds reach.
pub fn color(color: &Color) -> &str {
    match color {
        Color::Red => "red",
        Color::Green => "green",
        Color::Unknown(other) => other,
        _ => "a color this code does not know",
    }
}

/// A union matched with a wildcard arm.
pub fn outline(outline: &Outline) -> String {
    match outline {
        Outline::Circle(radius) => format!("a circle of radius {radius}"),
        Outline::Square(side) => format!("a square of side {side}"),
        _ => "an outline this code does not know".to_owned(),
    }
}

/// An operation's errors matched with a wildcard arm, which errors a later
/// model adds reach.
pub fn error(error: &SdkError<PutThingError>) -> String {
    match error.as_service_error() {
        Some(PutThingError::NotFound(not_found)) => format!("no such thing ({not_found})"),
        Some(other) => format!("another error: {other}"),
        None => error.to_string(),
    }
}
