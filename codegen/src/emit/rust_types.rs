//! How IR types are written in Rust: paths to generated types and the Rust
//! type of every value. Shared by every emitter that names a type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use serde_json::Value;

use crate::ir::{Ir, Member, Role, ShapeId, ShapeKind, SimpleType, TypeRef, ValueType};

/// The module of the generated crate a shape's type lives in.
pub fn module_of(ir: &Ir, id: &ShapeId) -> &'static str {
    match ir.shape(id).map(|shape| &shape.kind) {
        Some(ShapeKind::Structure(structure)) => match structure.role {
            Role::Input => "input",
            Role::Output => "output",
            Role::Error { .. } => "error",
            Role::Data => "types",
        },
        _ => "types",
    }
}

/// `crate::types::User` for a shape.
pub fn type_path(ir: &Ir, id: &ShapeId) -> TokenStream {
    let module = format_ident!("{}", module_of(ir, id));
    let name = format_ident!("{}", rust_name(ir, id));
    quote!(crate::#module::#name)
}

/// The Rust name of a generated type.
pub fn rust_name<'a>(ir: &'a Ir, id: &'a ShapeId) -> &'a str {
    ir.shape(id).map(|shape| shape.rust_name.as_str()).unwrap_or(id.name())
}

/// The Rust type of a value (without the `Option` nullability adds).
pub fn rust_type(ir: &Ir, value: &ValueType) -> TokenStream {
    match &value.ty {
        TypeRef::Simple(simple) => simple_type(*simple),
        TypeRef::Named(id) => type_path(ir, id),
        TypeRef::List { item, sparse, .. } => {
            let item = nullable(rust_type(ir, item), *sparse);
            quote!(Vec<#item>)
        }
        TypeRef::Map { key, value, sparse } => {
            let key = rust_type(ir, key);
            let value = nullable(rust_type(ir, value), *sparse);
            quote!(std::collections::BTreeMap<#key, #value>)
        }
    }
}

fn nullable(ty: TokenStream, sparse: bool) -> TokenStream {
    if sparse { quote!(Option<#ty>) } else { ty }
}

/// Smithy's simple types in Rust. Big numbers keep the widest native type:
/// models that need more precision are rare and JSON numbers carry no more.
pub fn simple_type(simple: SimpleType) -> TokenStream {
    match simple {
        SimpleType::Blob => quote!(sdk_runtime::Blob),
        SimpleType::Boolean => quote!(bool),
        SimpleType::String => quote!(String),
        SimpleType::Byte => quote!(i8),
        SimpleType::Short => quote!(i16),
        SimpleType::Integer => quote!(i32),
        SimpleType::Long => quote!(i64),
        SimpleType::Float => quote!(f32),
        SimpleType::Double | SimpleType::BigDecimal => quote!(f64),
        SimpleType::BigInteger => quote!(i128),
        SimpleType::Timestamp => quote!(sdk_runtime::DateTime),
        SimpleType::Document => quote!(sdk_runtime::Document),
    }
}

/// Whether a member's Rust field is an `Option`: the IR's nullability, plus
/// members whose `@default` has no simple Rust form.
pub fn is_option(member: &Member) -> bool {
    member.optional || default_expr(member).is_none() && member.default.is_some()
}

/// A Rust expression for a non-optional member's `@default` value (the
/// builder converts it with `Into`); `None` when there is no default or it has
/// no simple Rust form.
pub fn default_expr(member: &Member) -> Option<TokenStream> {
    if member.optional {
        return None;
    }
    Some(match member.default.as_ref()? {
        Value::Bool(flag) => quote!(#flag),
        Value::String(text) => quote!(#text),
        Value::Number(number) => {
            let literal: TokenStream = number.to_string().parse().ok()?;
            quote!(#literal)
        }
        Value::Array(items) if items.is_empty() => quote!(Vec::new()),
        Value::Object(entries) if entries.is_empty() => quote!(std::collections::BTreeMap::new()),
        _ => return None,
    })
}

/// A field identifier, raw (`r#type`) when the symbol table escaped it.
pub fn field_ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The type a member's field holds inside its `Option` (boxed when recursive).
pub fn field_value_type(ir: &Ir, member: &Member) -> TokenStream {
    let ty = rust_type(ir, &member.value);
    if member.boxed { quote!(Box<#ty>) } else { ty }
}
