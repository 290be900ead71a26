//! Macros that keep generated SDK code declarative: the generator writes a
//! plain struct or enum, and these add what every shape of that kind needs.
//!
//! - [`macro@shape`] on a structure: serde attributes for optional fields, a
//!   builder whose `build()` names every missing required member, a
//!   `Debug` that redacts `#[shape(sensitive)]` fields, and the `View` the
//!   CLI prints.
//! - [`StringEnum`] / [`IntEnum`] on an enum: wire values, an `Unknown`
//!   variant that keeps values this SDK does not know, and serde.
//! - [`Union`] on a union's enum: serde with an `Unknown` variant, and a
//!   redacting `Debug`.
//!
//! Use them through `sdk_runtime`, which re-exports them.

mod enums;
mod structure;
mod union;

use proc_macro::TokenStream;

/// Completes a generated structure (see the crate docs). Field attributes:
/// `#[shape(sensitive)]` redacts the field in `Debug`; `#[shape(default = EXPR)]`
/// fills an unset field; `#[shape(setter = name)]` and `#[shape(set = name)]`
/// name the builder's setters where the generator chose other names than
/// the field's and `set_` + the field's; `#[shape(member = "name")]` gives
/// the model's member name where it is not the JSON name. On the struct, `builder = Name`
/// (required) names the builder, `sensitive` redacts every field, and
/// `fluent = path::Type` gives an operation's fluent builder, whose
/// `input` field holds this structure, a setter per field too.
#[proc_macro_attribute]
pub fn shape(attr: TokenStream, item: TokenStream) -> TokenStream {
    structure::expand(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Implements a string enum: `as_str`, `values`, `From<&str>`, `Display` and
/// serde. Each unit variant carries `#[shape(value = "WIRE")]`; the
/// `Unknown(String)` variant receives any other value.
#[proc_macro_derive(StringEnum, attributes(shape))]
pub fn string_enum(item: TokenStream) -> TokenStream {
    enums::expand(item.into(), enums::Kind::String).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Implements an integer enum: `value`, `values`, `From<i32>`, `Display` and
/// serde. Each unit variant carries `#[shape(value = 1)]`; the `Unknown(i32)`
/// variant receives any other value.
#[proc_macro_derive(IntEnum, attributes(shape))]
pub fn int_enum(item: TokenStream) -> TokenStream {
    enums::expand(item.into(), enums::Kind::Int).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Implements a union: serde in restJson1's form (one member set; an
/// unknown member reads as the unit `Unknown` variant), a `Debug` that
/// redacts `#[shape(sensitive)]` variants, and `members()`. Each variant
/// holds one value and carries `#[shape(rename = "wire")]`;
/// `#[shape(codec = …)]` when its JSON goes through a codec, and
/// `member = "name"` when the model's name is not the wire name.
#[proc_macro_derive(Union, attributes(shape))]
pub fn union(item: TokenStream) -> TokenStream {
    union::expand(item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
