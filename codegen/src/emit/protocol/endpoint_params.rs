//! What an operation tells the runtime before a request is sent: in `INFO`
//! its auth and static context parameters, and `endpoint_params()`, the
//! values its input binds through `@contextParam` members and
//! `operationContextParams` paths.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::auth::Auth;
use crate::ir::endpoints::{ParamValue, PathStep};
use crate::ir::{Ir, Member, Operation, ShapeKind, SimpleType, TypeRef, ValueType};

/// `OperationInfo::new(name)`, with its auth and static context parameters
/// when they are not the defaults.
pub fn operation_info(op: &Operation) -> TokenStream {
    let name = &op.name;
    let mut info = quote!(sdk_runtime::client::OperationInfo::new(#name));
    match op.auth {
        Auth::SigV4 => {}
        Auth::OptionalSigV4 => info = quote!(#info.with_auth(sdk_runtime::client::Auth::OptionalSigV4)),
        Auth::None => info = quote!(#info.with_auth(sdk_runtime::client::Auth::None)),
    }
    if op.static_context_params.is_empty() {
        return info;
    }
    let params = op.static_context_params.iter().map(|(name, value)| static_param(name, value));
    quote!(#info.with_static_context_params(&[#(#params),*]))
}

/// One `(name, StaticValue)` entry of an `OperationInfo`'s static context parameters.
pub fn static_param(name: &str, value: &ParamValue) -> TokenStream {
    let value = match value {
        ParamValue::String(text) => quote!(String(#text)),
        ParamValue::Bool(flag) => quote!(Bool(#flag)),
        ParamValue::StringArray(items) => quote!(StringArray(&[#(#items),*])),
    };
    quote!((#name, sdk_runtime::endpoint::StaticValue::#value))
}

/// `fn endpoint_params`, when the input binds any parameter.
pub fn endpoint_params(ir: &Ir, op: &Operation, members: &[Member]) -> TokenStream {
    let mut binds = Vec::new();
    for member in members {
        let Some(name) = &member.context_param else { continue };
        let field = &member.field;
        let present = if member.optional { quote!(self.#field.as_ref()) } else { quote!(Some(&self.#field)) };
        if let Some(value) = leaf(ir, &member.value, present) {
            binds.push(quote!(.context_param(#name, #value)));
        }
    }
    for (name, path) in &op.operation_context_params {
        if let Some(value) = walk(ir, members, path, quote!(self)) {
            binds.push(quote!(.operation_context_param(#name, #value)));
        }
    }
    if binds.is_empty() {
        return quote!();
    }
    quote! {
        fn endpoint_params(&self) -> sdk_runtime::endpoint::InputParams {
            sdk_runtime::endpoint::InputParams::new() #(#binds)*
        }
    }
}

/// `present`, an `Option<&T>` of a value of type `value`, as the rules
/// engine's `Option<Value>`: strings and enums as text, booleans, lists of
/// either as string arrays.
fn leaf(ir: &Ir, value: &ValueType, present: TokenStream) -> Option<TokenStream> {
    let text = |ty: &ValueType| match &ty.ty {
        TypeRef::Simple(SimpleType::String) => true,
        TypeRef::Named(id) => matches!(ir.shapes.get(id).map(|shape| &shape.kind), Some(ShapeKind::Enum(_))),
        _ => false,
    };
    let convert = match &value.ty {
        TypeRef::Simple(SimpleType::Boolean) => quote!(.copied()),
        TypeRef::List { item, .. } if text(item) => {
            quote!(.map(|items| items.iter().map(|item| item.to_string()).collect::<Vec<String>>()))
        }
        _ if text(value) => quote!(.map(|value| value.to_string())),
        _ => return None,
    };
    Some(quote!(#present #convert .map(sdk_runtime::endpoint::Value::from)))
}

/// The value `path` selects from `base` (a structure with `members`), as
/// an `Option<Value>`. The IR checked every path against the shapes.
fn walk(ir: &Ir, members: &[Member], path: &[PathStep], base: TokenStream) -> Option<TokenStream> {
    let (PathStep::Field(name), rest) = path.split_first()? else { return None };
    let member = members.iter().find(|member| &member.name == name)?;
    let field = &member.field;
    let mut present = if member.optional { quote!(#base.#field.as_ref()) } else { quote!(Some(&#base.#field)) };
    let mut value = &member.value;
    let mut rest = rest;
    // Fields of nested structures.
    while let Some((PathStep::Field(name), tail)) = rest.split_first() {
        let TypeRef::Named(id) = &value.ty else { return None };
        let member = ir.structure(id)?.members.iter().find(|member| &member.name == name)?;
        let field = &member.field;
        present = if member.optional {
            quote!(#present.and_then(|value| value.#field.as_ref()))
        } else {
            quote!(#present.map(|value| &value.#field))
        };
        value = &member.value;
        rest = tail;
    }
    match rest {
        [] => leaf(ir, value, present),
        [PathStep::Keys] => Some(quote! {
            #present.map(|map| map.keys().map(|key| key.to_string()).collect::<Vec<String>>())
                .map(sdk_runtime::endpoint::Value::from)
        }),
        [PathStep::Each, tail @ ..] => {
            let TypeRef::List { item, .. } = &value.ty else { return None };
            let each = match tail {
                [] => quote!(Some(item).map(|value| value.to_string())),
                _ => {
                    let TypeRef::Named(id) = &item.ty else { return None };
                    let members = &ir.structure(id)?.members;
                    let inner = walk(ir, members, tail, quote!(item))?;
                    // The inner walk gives a `Value`; a projection keeps strings.
                    quote!(#inner.and_then(|value| value.as_str().map(str::to_owned)))
                }
            };
            Some(quote! {
                #present.map(|items| items.iter().filter_map(|item| #each).collect::<Vec<String>>())
                    .map(sdk_runtime::endpoint::Value::from)
            })
        }
        _ => None,
    }
}
