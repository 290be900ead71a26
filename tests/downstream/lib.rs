//! A crate that depends on a generated SDK, as its users' crates do: it
//! builds inputs, nested structures and unions, reads outputs, matches enums,
//! unions and errors. `uses.rs` is compiled twice, unchanged, against
//! the SDK of `tests/fixtures/codegen/evolution_v1.json` and against that of
//! `evolution_v2.json`, which adds a member to `Thing`, the value `BLUE` to
//! `Color`, the member `triangle` to `Outline` and the error `Throttled` to
//! `PutThing`. That both modules compile shows those additions break no code
//! that compiled against the first version: `cargo xtask diff` calls them
//! `semver: minor`.
//!
//! The generated types are `#[non_exhaustive]`, so the compiler refuses, even
//! against the first version, the code the additions would break (each
//! example below is compiled by `tests/it/downstream.rs`, which checks it
//! fails with the error code it names): a struct literal,
//!
//! ```compile_fail,E0639
//! use fixture_evolution_v1_sdk::types::Thing;
//! let thing = Thing { name: "lamp".to_owned(), color: None };
//! ```
//!
//! an exhaustive `match` on an enum or a union,
//!
//! ```compile_fail,E0004
//! use fixture_evolution_v1_sdk::types::Color;
//! fn name(color: &Color) -> &str {
//!     match color {
//!         Color::Red => "red",
//!         Color::Green => "green",
//!         Color::Unknown(other) => other,
//!     }
//! }
//! ```
//!
//! ```compile_fail,E0004
//! use fixture_evolution_v1_sdk::types::Outline;
//! fn size(outline: &Outline) -> i32 {
//!     match outline {
//!         Outline::Circle(radius) => *radius,
//!         Outline::Square(side) => *side,
//!         Outline::Unknown => 0,
//!     }
//! }
//! ```
//!
//! and an exhaustive `match` on an operation's errors:
//!
//! ```compile_fail,E0004
//! use fixture_evolution_v1_sdk::operation::PutThingError;
//! fn code(error: &PutThingError) -> &str {
//!     match error {
//!         PutThingError::NotFound(_) => "NotFound",
//!     }
//! }
//! ```

/// `uses.rs` against the SDK of the first version of the model.
pub mod v1 {
    use fixture_evolution_v1_sdk as sdk;
    include!("uses.rs");
}

/// The same code against the SDK of the second version.
pub mod v2 {
    use fixture_evolution_v2_sdk as sdk;
    include!("uses.rs");
}
