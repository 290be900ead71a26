//! A value the model writes as JSON, by member name (a test case's
//! `params`, an example's input), as a Rust expression of the generated
//! type: built through the same builders and constructors a caller uses.
//! Blobs are given as text and timestamps as epoch seconds, as the
//! `smithy.test` traits write them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::rust_types::{field_value_type, rust_type, type_path};
use crate::ir::{Ir, Member, ShapeId, ShapeKind, SimpleType, TypeRef, ValueType};

/// A value of `ty` built from `json`; the error says which part has no form.
pub fn value(ir: &Ir, ty: &ValueType, json: &Value) -> Result<TokenStream, String> {
    if ty.streaming {
        let text = json.as_str().ok_or_else(|| format!("expected a stream's text, found {json}"))?;
        return Ok(quote!(sdk_runtime::stream::ByteStream::from(#text.as_bytes().to_vec())));
    }
    Ok(match &ty.ty {
        TypeRef::Simple(simple) => simple_value(*simple, json)?,
        TypeRef::Named(id) => named(ir, id, json)?,
        TypeRef::Unit => quote!(sdk_runtime::Unit {}),
        TypeRef::List { item, sparse, .. } => {
            let items = json.as_array().ok_or_else(|| format!("expected a list, found {json}"))?;
            let items = items
                .iter()
                .map(|item_json| match (item_json, sparse) {
                    (Value::Null, true) => Ok(quote!(None)),
                    (_, true) => value(ir, item, item_json).map(|v| quote!(Some(#v))),
                    (_, false) => value(ir, item, item_json),
                })
                .collect::<Result<Vec<_>, _>>()?;
            // Typed, so an all-`None` or empty list still has one type.
            let item_ty = rust_type(ir, item);
            let item_ty = if *sparse { quote!(Option<#item_ty>) } else { item_ty };
            quote!(Vec::<#item_ty>::from([#(#items),*]))
        }
        TypeRef::Map { key, value: entry, sparse } => {
            let entries = json.as_object().ok_or_else(|| format!("expected a map, found {json}"))?;
            let entries = entries
                .iter()
                .map(|(k, v)| {
                    let k = value(ir, key, &Value::String(k.clone()))?;
                    let v = match (v, sparse) {
                        (Value::Null, true) => quote!(None),
                        (_, true) => {
                            let v = value(ir, entry, v)?;
                            quote!(Some(#v))
                        }
                        (_, false) => value(ir, entry, v)?,
                    };
                    Ok(quote!((#k, #v)))
                })
                .collect::<Result<Vec<_>, String>>()?;
            let key_ty = rust_type(ir, key);
            let value_ty = rust_type(ir, entry);
            let value_ty = if *sparse { quote!(Option<#value_ty>) } else { value_ty };
            quote!(std::collections::BTreeMap::<#key_ty, #value_ty>::from([#(#entries),*]))
        }
    })
}

fn simple_value(simple: SimpleType, json: &Value) -> Result<TokenStream, String> {
    let number = || json.as_f64().ok_or_else(|| format!("expected a number, found {json}"));
    let integer = || json.as_i64().ok_or_else(|| format!("expected an integer, found {json}"));
    Ok(match simple {
        SimpleType::String => {
            let text = json.as_str().ok_or_else(|| format!("expected text, found {json}"))?;
            quote!(String::from(#text))
        }
        SimpleType::Boolean => {
            let flag = json.as_bool().ok_or_else(|| format!("expected a boolean, found {json}"))?;
            quote!(#flag)
        }
        SimpleType::Byte => lit(Literal::i8_suffixed(i8::try_from(integer()?).map_err(|e| e.to_string())?)),
        SimpleType::Short => lit(Literal::i16_suffixed(i16::try_from(integer()?).map_err(|e| e.to_string())?)),
        SimpleType::Integer => lit(Literal::i32_suffixed(i32::try_from(integer()?).map_err(|e| e.to_string())?)),
        SimpleType::Long => lit(Literal::i64_suffixed(integer()?)),
        SimpleType::BigInteger => lit(Literal::i128_suffixed(i128::from(integer()?))),
        SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal => {
            let float = simple == SimpleType::Float;
            match json.as_str() {
                Some("NaN") if float => quote!(f32::NAN),
                Some("NaN") => quote!(f64::NAN),
                Some("Infinity") if float => quote!(f32::INFINITY),
                Some("Infinity") => quote!(f64::INFINITY),
                Some("-Infinity") if float => quote!(f32::NEG_INFINITY),
                Some("-Infinity") => quote!(f64::NEG_INFINITY),
                _ if float => lit(Literal::f32_suffixed(number()? as f32)),
                _ => lit(Literal::f64_suffixed(number()?)),
            }
        }
        SimpleType::Timestamp => match json.as_i64() {
            Some(seconds) => quote!(sdk_runtime::DateTime::from_secs(#seconds)),
            None => {
                let seconds = Literal::f64_suffixed(number()?);
                quote!(sdk_runtime::DateTime::from_secs_f64(#seconds).unwrap())
            }
        },
        SimpleType::Blob => {
            let text = json.as_str().ok_or_else(|| format!("expected a blob as text, found {json}"))?;
            quote!(sdk_runtime::Blob::from(#text.as_bytes()))
        }
        SimpleType::Document => {
            let text = json.to_string();
            quote!(serde_json::from_str::<sdk_runtime::Document>(#text).unwrap())
        }
    })
}

fn lit(literal: Literal) -> TokenStream {
    quote!(#literal)
}

fn named(ir: &Ir, id: &ShapeId, json: &Value) -> Result<TokenStream, String> {
    let shape = ir.shapes.get(id).ok_or_else(|| format!("`{id}` has no Rust type"))?;
    let path = type_path(ir, id);
    Ok(match &shape.kind {
        ShapeKind::Enum(_) => {
            let text = json.as_str().ok_or_else(|| format!("expected an enum value, found {json}"))?;
            quote!(#path::from(#text))
        }
        ShapeKind::IntEnum(_) => {
            let number = Literal::i32_suffixed(
                json.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or("expected an intEnum value")?,
            );
            quote!(#path::from(#number))
        }
        ShapeKind::Structure(structure) => structure_value(ir, &path, &structure.members, json)?,
        ShapeKind::Union(members) => {
            let object = json.as_object().ok_or_else(|| format!("expected a union, found {json}"))?;
            let (name, member_json) = object
                .iter()
                .find(|(_, value)| !value.is_null())
                .ok_or_else(|| format!("no member of union `{id}` is set"))?;
            // A member the model does not have is one a newer service sends: `Unknown`.
            let Some(member) = members.iter().find(|m| &m.name == name) else { return Ok(quote!(#path::Unknown)) };
            let variant = &member.variant;
            let inner = value(ir, &member.value, member_json)?;
            let inner = if member.boxed { quote!(Box::new(#inner)) } else { inner };
            quote!(#path::#variant(#inner))
        }
    })
}

/// The first key of `object` that names none of `members`.
pub fn unknown_member<'a>(members: &[Member], object: &'a serde_json::Map<String, Value>) -> Option<&'a str> {
    object.keys().map(String::as_str).find(|name| !members.iter().any(|m| m.name == *name))
}

/// A structure through its builder: the members `json` sets, and the zero
/// value for a required member it leaves out (as a response reads it).
pub fn structure_value(ir: &Ir, path: &TokenStream, members: &[Member], json: &Value) -> Result<TokenStream, String> {
    let object = json.as_object().ok_or_else(|| format!("expected a structure, found {json}"))?;
    if let Some(name) = unknown_member(members, object) {
        return Err(format!("the structure has no member `{name}`"));
    }
    let mut setters = Vec::new();
    for member in members {
        let setter = &member.setter;
        match object.get(&member.name) {
            Some(Value::Null) | None if member.optional => {}
            Some(Value::Null) | None if member.default.is_some() => {}
            Some(Value::Null) | None => {
                let ty = field_value_type(ir, member);
                setters.push(quote!(.#setter(<#ty as sdk_runtime::shape::Zero>::zero())));
            }
            Some(member_json) => {
                let value = value(ir, &member.value, member_json)?;
                setters.push(quote!(.#setter(#value)));
            }
        }
    }
    Ok(quote!(#path::builder() #(#setters)* .build().unwrap()))
}
