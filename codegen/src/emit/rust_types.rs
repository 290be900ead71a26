//! How IR types are written in Rust: paths to generated types and the Rust
//! type of every value. Shared by every emitter that names a type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::ir::{Ir, Member, ShapeId, SimpleType, TimestampFormat, TypeRef, ValueType};

/// `crate::types::User` for a shape the IR holds.
pub fn type_path(ir: &Ir, id: &ShapeId) -> TokenStream {
    let shape = &ir.shapes[id];
    let module = quote::format_ident!("{}", shape.module.as_str());
    let name = &shape.rust_name;
    quote!(crate::#module::#name)
}

/// The Rust type of a value (without the `Option` nullability adds).
pub fn rust_type(ir: &Ir, value: &ValueType) -> TokenStream {
    if value.streaming {
        return quote!(sdk_runtime::stream::ByteStream);
    }
    match &value.ty {
        TypeRef::Simple(simple) => simple_type(*simple),
        TypeRef::Named(id) => type_path(ir, id),
        TypeRef::Unit => quote!(sdk_runtime::Unit),
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

/// A Rust expression for a non-optional member's `@default` value (the
/// builder converts it with `Into`); `None` for members that are `Option`s,
/// whose defaults the IR found no Rust form for.
pub fn default_expr(member: &Member) -> Option<TokenStream> {
    if member.optional {
        return None;
    }
    // A stream that is not sent or received is an empty one.
    if member.value.streaming {
        return Some(quote!(sdk_runtime::stream::ByteStream::default()));
    }
    Some(match member.default.as_ref()? {
        Value::Bool(flag) => quote!(#flag),
        Value::String(text) => quote!(#text),
        // Suffixed, so `Into` converts from the field's own type (the IR
        // checked the value fits it); an intEnum converts from `i32`.
        Value::Number(number) => {
            let literal = match &member.value.ty {
                TypeRef::Simple(SimpleType::Float) => Literal::f32_suffixed(number.as_f64()? as f32),
                TypeRef::Simple(SimpleType::Double | SimpleType::BigDecimal) => Literal::f64_suffixed(number.as_f64()?),
                TypeRef::Simple(SimpleType::Byte) => Literal::i8_suffixed(i8::try_from(number.as_i64()?).ok()?),
                TypeRef::Simple(SimpleType::Short) => Literal::i16_suffixed(i16::try_from(number.as_i64()?).ok()?),
                TypeRef::Simple(SimpleType::Long) => Literal::i64_suffixed(number.as_i64()?),
                TypeRef::Simple(SimpleType::BigInteger) => Literal::i128_suffixed(i128::from(number.as_i64()?)),
                _ => Literal::i32_suffixed(i32::try_from(number.as_i64()?).ok()?),
            };
            quote!(#literal)
        }
        Value::Array(_) => quote!(Vec::new()),
        Value::Object(_) => quote!(std::collections::BTreeMap::new()),
        Value::Null => return None,
    })
}

/// The `sdk_runtime::shape::codec` a value's JSON goes through, when its
/// Rust type's own serde is not its wire form: floats (which may be `NaN`),
/// timestamps not in epoch seconds, dense maps (which drop `null` values, as
/// restJson1 clients must: `Map<Plain>` when the values need nothing else),
/// and lists and maps of them. Written as the shape macros read it
/// (`List<Opt<Rfc3339>>`).
pub fn codec(value: &ValueType) -> Option<TokenStream> {
    match &value.ty {
        TypeRef::Simple(SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal) => Some(quote!(Float)),
        TypeRef::Simple(SimpleType::Timestamp) => match value.timestamp_format {
            Some(TimestampFormat::DateTime) => Some(quote!(Rfc3339)),
            Some(TimestampFormat::HttpDate) => Some(quote!(HttpDate)),
            Some(TimestampFormat::EpochSeconds) | None => None,
        },
        TypeRef::List { item, sparse, .. } => {
            let item = codec(item)?;
            Some(if *sparse { quote!(List<Opt<#item>>) } else { quote!(List<#item>) })
        }
        TypeRef::Map { value, sparse: true, .. } => {
            let value = codec(value)?;
            Some(quote!(Map<Opt<#value>>))
        }
        TypeRef::Map { value, sparse: false, .. } => {
            let value = codec(value).unwrap_or_else(|| quote!(Plain));
            Some(quote!(Map<#value>))
        }
        _ => None,
    }
}

/// The type a member's field holds inside its `Option` (boxed when recursive).
pub fn field_value_type(ir: &Ir, member: &Member) -> TokenStream {
    let ty = rust_type(ir, &member.value);
    if member.boxed { quote!(Box<#ty>) } else { ty }
}

/// The member field's whole type: [`field_value_type`], in an `Option` when
/// the member is optional.
pub fn field_type(ir: &Ir, member: &Member) -> TokenStream {
    let ty = field_value_type(ir, member);
    if member.optional { quote!(Option<#ty>) } else { ty }
}
