//! `Validate` for every structure and union: `required` (for operation inputs,
//! whose members are all optional in Rust), `length`, `range`, `pattern` and
//! `uniqueItems`, walked recursively, every violation recorded with its path;
//! enum values are handed to the enum's own check (a server's validation
//! refuses values the model does not list). Only the model drives what is checked.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::GeneratedFile;
use super::format::rust_file;
use crate::config::Config;
use crate::ir::pattern::Engine;
use crate::ir::{Constraints, Ir, Member, Shape, ShapeId, ShapeKind, SimpleType, TypeRef, ValueType};

/// `src/validation.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let checked = shapes_with_checks(ir);
    let mut impls = Vec::new();
    let mut unchecked = Vec::new();
    let mut modules = BTreeSet::new();
    for shape in ir.shapes.values() {
        match &shape.kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) if checked.contains(&shape.id) => {
                impls.push(validate_impl(shape, &checked));
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) => unchecked.push(local_path(shape)),
            _ => continue,
        }
        modules.insert(shape.module);
    }
    // Paths through the modules (`types::User`) read better than from the
    // crate root, and print without spaces inside the macro call.
    let modules = modules.into_iter().map(|module| format_ident!("{}", module.as_str()));
    let imports = if impls.is_empty() {
        quote!()
    } else {
        quote!(
            use sdk_runtime::validation::{Validate, Violations};
        )
    };
    let nothing =
        if unchecked.is_empty() { quote!() } else { quote!(sdk_runtime::nothing_to_validate!(#(#unchecked),*);) };
    vec![GeneratedFile::new(
        "src/validation.rs",
        rust_file(quote! {
            //! Client-side checks of the model's constraints: `validate()` on
            //! every structure returns all violations with their paths.
            use crate::{#(#modules),*};
            #imports
            #(#impls)*
            #nothing
        }),
    )]
}

/// Shapes with something to check, directly or through what they contain.
fn shapes_with_checks(ir: &Ir) -> BTreeSet<ShapeId> {
    // Enums check themselves (a server refuses values the model does not list).
    let mut checked: BTreeSet<ShapeId> = ir
        .shapes
        .values()
        .filter(|shape| matches!(shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)))
        .map(|shape| shape.id.clone())
        .collect();
    loop {
        let before = checked.len();
        for shape in ir.shapes.values() {
            let members = match &shape.kind {
                ShapeKind::Structure(structure) => &structure.members,
                ShapeKind::Union(members) => members,
                _ => continue,
            };
            if members.iter().any(|m| (m.required && m.optional) || value_has_checks(&m.value, &checked)) {
                checked.insert(shape.id.clone());
            }
        }
        if checked.len() == before {
            return checked;
        }
    }
}

fn value_has_checks(value: &ValueType, checked: &BTreeSet<ShapeId>) -> bool {
    let constraints = &value.constraints;
    let pattern = constraints.pattern.as_ref().is_some_and(|pattern| pattern.rust.is_some());
    constraints.length.is_some()
        || constraints.range.is_some()
        || pattern
        || match &value.ty {
            TypeRef::Simple(_) | TypeRef::Unit => false,
            TypeRef::Named(id) => checked.contains(id),
            TypeRef::List { item, unique, .. } => *unique || value_has_checks(item, checked),
            TypeRef::Map { key, value, .. } => value_has_checks(key, checked) || value_has_checks(value, checked),
        }
}

/// `types::User` for a shape: its path from the module's import.
fn local_path(shape: &Shape) -> TokenStream {
    let module = format_ident!("{}", shape.module.as_str());
    let name = &shape.rust_name;
    quote!(#module::#name)
}

fn validate_impl(shape: &Shape, checked: &BTreeSet<ShapeId>) -> TokenStream {
    let path = local_path(shape);
    let body = match &shape.kind {
        ShapeKind::Structure(structure) => {
            let checks = structure.members.iter().map(|member| member_checks(member, checked));
            quote!(#(#checks)*)
        }
        ShapeKind::Union(members) => {
            let arms = members.iter().map(|member| {
                let variant = &member.variant;
                let wire = &member.name; // paths use model member names, as callers know them
                let checks = value_checks(&member.value, quote!(value), checked);
                if checks.is_empty() {
                    quote!(Self::#variant(_) => {})
                } else {
                    quote!(Self::#variant(value) => { let mut v = v.field(#wire); #checks })
                }
            });
            quote!(match self { #(#arms)* Self::Unknown => {} })
        }
        _ => quote!(),
    };
    quote! {
        impl Validate for #path {
            fn validate_into(&self, v: &mut Violations) { #body }
        }
    }
}

fn member_checks(member: &Member, checked: &BTreeSet<ShapeId>) -> TokenStream {
    let field = &member.field;
    let wire = &member.name; // paths use model member names, as callers know them
    let optional = member.optional;
    // A required member can only be missing where its field is an `Option`.
    let required = if member.required && optional { quote!(v.required(#wire, &self.#field);) } else { quote!() };
    let checks = value_checks(&member.value, quote!(value), checked);
    if checks.is_empty() {
        return required;
    }
    if optional {
        quote! { #required if let Some(value) = &self.#field { let mut v = v.field(#wire); #checks } }
    } else {
        quote! { { let value = &self.#field; let mut v = v.field(#wire); #checks } }
    }
}

/// Statements checking `value` (a reference) against `ty`'s constraints and
/// everything nested in it, recording into `v`; empty when there is nothing
/// to check.
fn value_checks(ty: &ValueType, value: TokenStream, checked: &BTreeSet<ShapeId>) -> TokenStream {
    let mut checks = constraint_checks(&ty.ty, &ty.constraints, &value);
    match &ty.ty {
        TypeRef::Named(id) if checked.contains(id) => checks.extend(quote!(#value.validate_into(&mut v);)),
        TypeRef::List { item, sparse, unique } => {
            if *unique {
                checks.extend(quote!(v.unique_items(#value);));
            }
            let item_checks = value_checks(item, quote!(item), checked);
            if !item_checks.is_empty() {
                let each = if *sparse { quote!(if let Some(item) = item { #item_checks }) } else { item_checks };
                checks.extend(quote! {
                    for (index, item) in #value.iter().enumerate() { let mut v = v.index(index); #each }
                });
            }
        }
        TypeRef::Map { key, value: entry, sparse } => {
            let key_checks = value_checks(key, quote!(key), checked);
            // Map keys are strings or string enums.
            let key_text = if matches!(key.ty, TypeRef::Named(_)) { quote!(key.as_str()) } else { quote!(key) };
            let entry_checks = value_checks(entry, quote!(item), checked);
            if entry_checks.is_empty() && !key_checks.is_empty() {
                checks.extend(quote! {
                    for key in #value.keys() { let mut v = v.key(#key_text); #key_checks }
                });
            } else if !entry_checks.is_empty() {
                let entry_checks =
                    if *sparse { quote!(if let Some(item) = item { #entry_checks }) } else { entry_checks };
                checks.extend(quote! {
                    for (key, item) in #value { let mut v = v.key(#key_text); #key_checks #entry_checks }
                });
            }
        }
        _ => {}
    }
    checks
}

fn constraint_checks(ty: &TypeRef, constraints: &Constraints, value: &TokenStream) -> TokenStream {
    let mut checks = TokenStream::new();
    let bound = |b: Option<u64>| match b {
        Some(b) => {
            let b = Literal::u64_unsuffixed(b);
            quote!(Some(#b))
        }
        None => quote!(None),
    };
    if let Some(length) = &constraints.length {
        let (min, max) = (bound(length.min), bound(length.max));
        checks.extend(match ty {
            TypeRef::Simple(SimpleType::String) => quote!(v.length_chars(#value, #min, #max);),
            TypeRef::Simple(SimpleType::Blob) => quote!(v.length(#value.0.len(), #min, #max);),
            // Only string enums are named types with a length.
            TypeRef::Named(_) => quote!(v.length_chars(#value.as_str(), #min, #max);),
            _ => quote!(v.length(#value.len(), #min, #max);),
        });
    }
    if let Some(range) = &constraints.range {
        let float = matches!(ty, TypeRef::Simple(SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal));
        let number = |n: &Option<serde_json::Number>| match n {
            Some(n) if float => {
                let n = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                quote!(Some(#n))
            }
            Some(n) => {
                let n = Literal::i128_unsuffixed(
                    n.as_i64().map(i128::from).unwrap_or_else(|| n.as_f64().unwrap_or_default() as i128),
                );
                quote!(Some(#n))
            }
            None => quote!(None),
        };
        let (min, max) = (number(&range.min), number(&range.max));
        // Widen to the check's type, except where the value already is it.
        checks.extend(match ty {
            TypeRef::Simple(SimpleType::Double | SimpleType::BigDecimal) => quote!(v.range_float(*#value, #min, #max);),
            _ if float => quote!(v.range_float(f64::from(*#value), #min, #max);),
            TypeRef::Simple(SimpleType::BigInteger) => quote!(v.range_int(*#value, #min, #max);),
            TypeRef::Named(_) => quote!(v.range_int(i128::from(#value.value()), #min, #max);),
            _ => quote!(v.range_int(i128::from(*#value), #min, #max);),
        });
    }
    // A pattern without a Rust form is left unchecked (the IR warned).
    if let Some(crate::ir::Pattern { model, rust: Some(translation) }) = &constraints.pattern {
        let value = if matches!(ty, TypeRef::Named(_)) { quote!(#value.as_str()) } else { quote!(#value) };
        let rust = &translation.pattern;
        checks.extend(match translation.engine {
            Engine::Lite if model == rust => quote!(v.pattern(#value, #model);),
            Engine::Lite => quote!(v.translated_pattern(#value, #model, #rust);),
            Engine::Unicode => quote!(v.unicode_pattern(#value, #model, #rust);),
        });
    }
    checks
}
