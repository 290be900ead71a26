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
/// `fluent = path::Type` (as often as there are such builders: an
/// operation's, its waiters') gives a builder whose `input` field holds this
/// structure a setter per field too.
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

/// Misuse of each macro: what the compiler shows (the `compile_error!` the
/// expansion becomes), checked on the expansion itself, as a compile-fail
/// test would check it but without building a crate per case.
#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    /// The message of the `compile_error!` that `result` expands to.
    fn error(result: syn::Result<TokenStream>) -> String {
        match result {
            Ok(tokens) => panic!("expanded without an error: {tokens}"),
            Err(error) => {
                // What the user sees is the compile_error! the error becomes.
                let shown = error.to_compile_error().to_string();
                assert!(shown.contains("compile_error"), "{shown}");
                error.to_string()
            }
        }
    }

    #[test]
    fn shape_misuse_is_explained() {
        let item = quote!(
            struct S {
                a: Option<String>,
            }
        );
        let cases = [
            (quote!(), item.clone(), "`#[shape]` needs `builder = Name`"),
            (
                quote!(builder = B, colour = red),
                item.clone(),
                "expected `sensitive`, `builder = Name` or `fluent = path::Type`",
            ),
            (
                quote!(builder = B),
                quote!(
                    struct S(String);
                ),
                "`#[shape]` needs a struct with named fields",
            ),
            (
                quote!(builder = B),
                quote!(
                    struct S {
                        #[shape(secret)]
                        a: Option<String>,
                    }
                ),
                "expected `sensitive`, `stream`, `default = …`, `setter = name`, `set = name`, `codec = Type` or `member = \"name\"`",
            ),
            (
                quote!(builder = B, fluent = F),
                quote!(
                    struct S {
                        a: String,
                    }
                ),
                "`fluent` needs a structure whose fields are all `Option`s",
            ),
        ];
        for (attr, item, expected) in cases {
            assert_eq!(error(crate::structure::expand(attr, item)), expected);
        }
    }

    #[test]
    fn enum_misuse_is_explained() {
        use crate::enums::{Kind, expand};
        let cases = [
            (
                quote!(
                    struct E;
                ),
                "expected an enum",
            ),
            (
                quote!(
                    enum E {
                        #[shape(value = "A")]
                        A {
                            x: i32,
                        },
                        Unknown(String),
                    }
                ),
                "expected a unit variant or `Unknown(_)`",
            ),
            (
                quote!(
                    enum E {
                        A,
                        Unknown(String),
                    }
                ),
                "missing `#[shape(value = …)]`",
            ),
            (
                quote!(
                    enum E {
                        #[shape(wire = "A")]
                        A,
                        Unknown(String),
                    }
                ),
                "expected `value = <literal>`",
            ),
        ];
        for (item, expected) in cases {
            assert_eq!(error(expand(item, Kind::String)), expected);
        }
    }

    #[test]
    fn union_misuse_is_explained() {
        let cases = [
            (
                quote!(
                    struct U;
                ),
                "`Union` needs an enum",
            ),
            (
                quote!(
                    enum U {
                        #[shape(rename = "a")]
                        A(String, i32),
                        Unknown,
                    }
                ),
                "expected a one-value variant or a unit `Unknown`",
            ),
            (
                quote!(
                    enum U {
                        #[shape(rename = "a")]
                        A(String),
                    }
                ),
                "a union needs a unit `Unknown` variant",
            ),
            (
                quote!(
                    enum U {
                        A(String),
                        Unknown,
                    }
                ),
                "missing `#[shape(rename = \"wire\")]`",
            ),
            (
                quote!(
                    enum U {
                        #[shape(wire = "a")]
                        A(String),
                        Unknown,
                    }
                ),
                "expected `rename = \"wire\"`, `member = \"name\"`, `codec = Type` or `sensitive`",
            ),
        ];
        for (item, expected) in cases {
            assert_eq!(error(crate::union::expand(item)), expected);
        }
    }
}
