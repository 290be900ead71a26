//! Open enums: known values as unit variants, anything else kept in `Unknown`
//! so a value a newer service sends survives a round trip through this SDK
//! (a server's validation refuses it: `Validate` records it when enums are closed).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Expr, Fields, Lit, parse2};

/// Which wire type the enum has.
pub enum Kind {
    /// JSON strings.
    String,
    /// JSON integers.
    Int,
}

pub fn expand(item: TokenStream, kind: Kind) -> syn::Result<TokenStream> {
    let input: DeriveInput = parse2(item)?;
    let name = &input.ident;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input, "expected an enum"));
    };
    let mut known = Vec::new();
    for variant in &data.variants {
        match &variant.fields {
            Fields::Unit => known.push((&variant.ident, wire_value(variant)?)),
            Fields::Unnamed(_) if variant.ident == "Unknown" => {}
            _ => return Err(syn::Error::new_spanned(variant, "expected a unit variant or `Unknown(_)`")),
        }
    }
    let idents: Vec<_> = known.iter().map(|(ident, _)| *ident).collect();
    let values: Vec<_> = known.iter().map(|(_, value)| value).collect();
    Ok(match kind {
        Kind::String => quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self { #(Self::#idents => #values,)* Self::Unknown(value) => value.as_str() }
                }
                /// Every value the model lists.
                pub const fn values() -> &'static [&'static str] { &[#(#values),*] }
            }
            impl ::sdk_runtime::shape::Zero for #name {
                fn zero() -> Self { Self::Unknown(::std::string::String::new()) }
            }
            impl ::sdk_runtime::validation::Validate for #name {
                fn validate_into(&self, v: &mut ::sdk_runtime::validation::Violations) {
                    if let Self::Unknown(value) = self { v.unknown_enum_value(value, Self::values()); }
                }
            }
            impl ::sdk_runtime::shape::View for #name {
                fn view(&self) -> ::sdk_runtime::Document { ::sdk_runtime::Document::from(self.as_str()) }
            }
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value { #(#values => Self::#idents,)* other => Self::Unknown(other.to_owned()) }
                }
            }
            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> { Ok(Self::from(value)) }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_str()))
                }
            }
        },
        Kind::Int => quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn value(&self) -> i32 {
                    match self { #(Self::#idents => #values,)* Self::Unknown(value) => *value }
                }
                /// Every value the model lists.
                pub const fn values() -> &'static [i32] { &[#(#values),*] }
            }
            impl ::sdk_runtime::shape::Zero for #name {
                fn zero() -> Self { Self::Unknown(0) }
            }
            impl ::sdk_runtime::validation::Validate for #name {
                fn validate_into(&self, v: &mut ::sdk_runtime::validation::Violations) {
                    if let Self::Unknown(value) = self { v.unknown_enum_value(value, Self::values()); }
                }
            }
            impl ::sdk_runtime::shape::View for #name {
                fn view(&self) -> ::sdk_runtime::Document { ::sdk_runtime::Document::from(self.value()) }
            }
            impl ::std::convert::From<i32> for #name {
                fn from(value: i32) -> Self {
                    match value { #(#values => Self::#idents,)* other => Self::Unknown(other) }
                }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    write!(f, "{}", self.value())
                }
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_i32(self.value())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <i32 as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value))
                }
            }
        },
    })
}

/// The `#[shape(value = …)]` literal of a variant.
fn wire_value(variant: &syn::Variant) -> syn::Result<Lit> {
    for attr in &variant.attrs {
        if !attr.path().is_ident("shape") {
            continue;
        }
        let mut found = None;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("value")
                && let Expr::Lit(expr) = meta.value()?.parse::<Expr>()?
            {
                found = Some(expr.lit);
                return Ok(());
            }
            Err(meta.error("expected `value = <literal>`"))
        })?;
        if let Some(lit) = found {
            return Ok(lit);
        }
    }
    Err(syn::Error::new_spanned(variant, "missing `#[shape(value = …)]`"))
}
