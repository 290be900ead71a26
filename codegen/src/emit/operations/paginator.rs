//! `into_paginator()` (every page) and `items()` (every item of every page)
//! for a `@paginated` operation whose tokens and items are top-level members.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_types::{rust_type, type_path};
use crate::ir::{Ir, Member, Operation, TypeRef};

pub fn emit(ir: &Ir, op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else { return quote!() };
    let input_members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let output_members = ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default();
    let find = |members: &'_ [Member], name: &str| members.iter().find(|m| m.name == name).cloned();
    let (Some(input_token), Some([output_token])) = (&pagination.input_token, pagination.output_token.as_deref())
    else {
        return quote!();
    };
    let (Some(input_token), Some(output_token)) =
        (find(input_members, input_token), find(output_members, output_token))
    else {
        return quote!();
    };
    let error = &op.error_type;
    let set = &input_token.field;
    let get = &output_token.field;
    let output = type_path(ir, &op.output);
    let get_token = if output_token.optional { quote!(page.#get.clone()) } else { quote!(Some(page.#get.clone())) };
    let items = match pagination.items.as_deref() {
        Some([items]) => find(output_members, items).and_then(|member| {
            let TypeRef::List { item, sparse, .. } = &member.value.ty else { return None };
            // A `@sparse` list's items may be null: each is an `Option`.
            let item_type = rust_type(ir, item);
            let item_type = if *sparse { quote!(Option<#item_type>) } else { item_type };
            let field = &member.field;
            let take = if member.optional { quote!(page.#field.unwrap_or_default()) } else { quote!(page.#field) };
            let doc = format!(" Every `{}` item of every page, fetching pages as needed.", member.name);
            Some(quote! {
                #[doc = #doc]
                pub fn items(self) -> impl sdk_runtime::paginate::Stream<Item = Result<#item_type, SdkError<#error>>> {
                    sdk_runtime::paginate::items(self.into_paginator(), |page| #take)
                }
            })
        }),
        _ => None,
    };
    quote! {
        /// Every page, fetching the next while the service returns a new token.
        pub fn into_paginator(self) -> impl sdk_runtime::paginate::Stream<Item = Result<#output, SdkError<#error>>> {
            let client = self.client;
            sdk_runtime::paginate::pages(
                self.input,
                move |input| {
                    let client = client.clone();
                    async move { client.send(input).await }
                },
                |page: &#output| #get_token,
                |input, token| input.#set = token,
            )
        }

        #items
    }
}
