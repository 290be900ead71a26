//! Structures: public fields with serde wire names; `#[sdk_runtime::shape]`
//! adds the builder and the redacting `Debug`. Every structure is
//! `#[non_exhaustive]`, so a member a later model adds does not break code
//! outside the crate; that code builds values with the builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, docs_or};
use crate::emit::rust_types::{codec, default_expr, field_type};
use crate::ir::{Ir, Member, Role, Shape, Structure};

pub fn emit(ir: &Ir, shape: &Shape, structure: &Structure) -> TokenStream {
    let name = &shape.rust_name;
    let docs = docs_or(&shape.docs, || fallback_docs(ir, shape, structure));
    let fields = structure.members.iter().map(|member| field(ir, member));
    let mut shape_args = Vec::new();
    if shape.sensitive {
        shape_args.push(quote!(sensitive));
    }
    let builder = &structure.builder;
    shape_args.push(quote!(builder = #builder));
    // An operation input's fluent builder, and each of its waiters'
    // builders, get their setters from the macro too.
    if let Some(op) = ir.operations.iter().find(|op| op.input == shape.id) {
        for fluent in std::iter::once(&op.fluent).chain(op.waiters.iter().map(|waiter| &waiter.fluent)) {
            shape_args.push(quote!(fluent = crate::operation::#fluent));
        }
    }
    let attr = quote!(#[sdk_runtime::shape(#(#shape_args),*)]);
    // Inputs have only optional members, so an empty one is a valid start.
    let derive =
        if structure.role == Role::Input { quote!(Clone, Default, PartialEq) } else { quote!(Clone, PartialEq) };
    let deprecated = deprecated(&shape.deprecated);
    quote! {
        #docs
        #deprecated
        #attr
        #[derive(#derive, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

fn fallback_docs(ir: &Ir, shape: &Shape, structure: &Structure) -> String {
    let operation = |pick: fn(&crate::ir::Operation) -> &crate::ir::ShapeId| {
        ir.operations.iter().find(|op| pick(op) == &shape.id).map(|op| op.name.clone())
    };
    match &structure.role {
        Role::Input => match operation(|op| &op.input) {
            Some(op) => format!("The input of the `{op}` operation."),
            None => "An operation input.".to_owned(),
        },
        Role::Output => match operation(|op| &op.output) {
            Some(op) => format!("The output of the `{op}` operation."),
            None => "An operation output.".to_owned(),
        },
        Role::Error { .. } => format!("The `{}` error.", shape.id.name()),
        Role::Data => format!("The `{}` structure.", shape.id.name()),
    }
}

fn field(ir: &Ir, member: &Member) -> TokenStream {
    let ident = &member.field;
    let docs = docs_or(&member.docs, || format!("The `{}` member.", member.name));
    let mut serde_args = Vec::new();
    if member.json_name != ident.as_str() {
        let wire = &member.json_name;
        serde_args.push(quote!(rename = #wire));
    }
    let serde = if serde_args.is_empty() { quote!() } else { quote!(#[serde(#(#serde_args),*)]) };
    let mut shape_args = Vec::new();
    if member.value.sensitive {
        shape_args.push(quote!(sensitive));
    }
    if member.value.streaming {
        shape_args.push(quote!(stream));
    }
    if let Some(expr) = default_expr(member) {
        shape_args.push(quote!(default = #expr));
    }
    if let Some(codec) = codec(&member.value) {
        let codec = if member.optional { quote!(Opt<#codec>) } else { codec };
        shape_args.push(quote!(codec = #codec));
    }
    // The macro's setters are the field's name and `set_` + it unless told otherwise.
    if member.setter != member.field {
        let setter = &member.setter;
        shape_args.push(quote!(setter = #setter));
    }
    // The CLI prints the model's name, which `@jsonName` may differ from.
    if member.json_name != member.name {
        let name = &member.name;
        shape_args.push(quote!(member = #name));
    }
    if member.option_setter.as_str() != format!("set_{}", member.field) {
        let set = &member.option_setter;
        shape_args.push(quote!(set = #set));
    }
    let shape = if shape_args.is_empty() { quote!() } else { quote!(#[shape(#(#shape_args),*)]) };
    let ty = field_type(ir, member);
    let deprecated = deprecated(&member.deprecated);
    quote! {
        #docs
        #deprecated
        #serde
        #shape
        pub #ident: #ty,
    }
}
