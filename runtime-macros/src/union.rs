//! Unions: one tuple variant per member plus `Unknown`, with the JSON form
//! restJson1 gives them — an object with exactly one member set. A member
//! this SDK does not know reads as `Unknown` (a newer service may send one);
//! a `null` member counts as not set; `__type` is ignored.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, Type, parse2};

use crate::structure::qualify_codec;

/// A known variant.
struct Variant {
    ident: syn::Ident,
    wire: LitStr,
    /// The member's name in the model (`member = "…"`, else the wire name).
    member: LitStr,
    ty: Type,
    codec: Option<Type>,
    sensitive: bool,
}

pub fn expand(item: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = parse2(item)?;
    let name = &input.ident;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input, "`Union` needs an enum"));
    };
    let mut variants = Vec::new();
    let mut has_unknown = false;
    for variant in &data.variants {
        match &variant.fields {
            Fields::Unit if variant.ident == "Unknown" => has_unknown = true,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                variants.push(inspect(variant, fields.unnamed[0].ty.clone())?);
            }
            _ => return Err(syn::Error::new_spanned(variant, "expected a one-value variant or a unit `Unknown`")),
        }
    }
    if !has_unknown {
        return Err(syn::Error::new_spanned(name, "a union needs a unit `Unknown` variant"));
    }
    let name_text = name.to_string();
    let wires: Vec<_> = variants.iter().map(|v| &v.wire).collect();
    let serialize_arms = variants.iter().map(|v| {
        let (ident, wire, ty) = (&v.ident, &v.wire, &v.ty);
        let value = match &v.codec {
            Some(codec) => quote!(&::sdk_runtime::shape::codec::Encoded::<#codec, #ty>::new(value)),
            None => quote!(value),
        };
        quote! {
            Self::#ident(value) => {
                let mut map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::Some(1))?;
                ::serde::ser::SerializeMap::serialize_entry(&mut map, #wire, #value)?;
                ::serde::ser::SerializeMap::end(map)
            }
        }
    });
    let deserialize_arms = variants.iter().map(|v| {
        let (ident, wire, ty) = (&v.ident, &v.wire, &v.ty);
        // The CLI's input may name the member as the model does.
        let member = (v.member.value() != v.wire.value()).then(|| {
            let member = &v.member;
            quote!(| #member)
        });
        let read = match &v.codec {
            Some(codec) => quote! {
                map.next_value::<::std::option::Option<::sdk_runtime::shape::codec::Decoded<#codec, #ty>>>()?
                    .map(::sdk_runtime::shape::codec::Decoded::into_inner)
            },
            None => quote!(map.next_value::<::std::option::Option<#ty>>()?),
        };
        quote! {
            #wire #member => if let ::std::option::Option::Some(value) = #read {
                if found.is_some() {
                    return ::std::result::Result::Err(::serde::de::Error::custom(
                        ::std::concat!("more than one member of union `", #name_text, "` is set")));
                }
                found = ::std::option::Option::Some(#name::#ident(value));
            }
        }
    });
    let debug_arms = variants.iter().map(|v| {
        let ident = &v.ident;
        let label = ident.to_string();
        if v.sensitive {
            quote! { Self::#ident(_) => f.debug_tuple(#label).field(&::sdk_runtime::Redacted).finish() }
        } else {
            quote! { Self::#ident(value) => f.debug_tuple(#label).field(value).finish() }
        }
    });
    let view_arms = variants.iter().map(|v| {
        let (ident, member) = (&v.ident, &v.member);
        quote! { Self::#ident(value) => ::std::option::Option::Some((#member, value)) }
    });
    let expecting = format!("an object with one member of union `{name_text}`");
    Ok(quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown => ::std::result::Result::Err(::serde::ser::Error::custom(
                        ::std::concat!("cannot send an unknown member of union `", #name_text, "`"))),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Members;
                impl<'de> ::serde::de::Visitor<'de> for Members {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        let mut found: ::std::option::Option<#name> = ::std::option::Option::None;
                        let mut unknown = false;
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            match key.as_str() {
                                #(#deserialize_arms)*
                                _ => {
                                    let value = map.next_value::<::std::option::Option<::serde::de::IgnoredAny>>()?;
                                    unknown |= key != "__type" && value.is_some();
                                }
                            }
                        }
                        match found {
                            ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
                            ::std::option::Option::None if unknown => ::std::result::Result::Ok(#name::Unknown),
                            ::std::option::Option::None => ::std::result::Result::Err(::serde::de::Error::custom(
                                ::std::concat!("no member of union `", #name_text, "` is set"))),
                        }
                    }
                }
                deserializer.deserialize_map(Members)
            }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms,)*
                    Self::Unknown => f.write_str("Unknown"),
                }
            }
        }

        impl ::sdk_runtime::shape::Zero for #name {
            fn zero() -> Self { Self::Unknown }
        }

        impl ::sdk_runtime::shape::View for #name {
            fn view(&self) -> ::sdk_runtime::Document {
                let member: ::std::option::Option<(&str, &dyn ::sdk_runtime::shape::View)> = match self {
                    #(#view_arms,)*
                    Self::Unknown => ::std::option::Option::None,
                };
                ::sdk_runtime::shape::union_view(member)
            }
        }

        impl #name {
            /// The wire names of the members this SDK knows.
            pub const fn members() -> &'static [&'static str] { &[#(#wires),*] }
        }
    })
}

/// A variant's `#[shape(rename = "…", codec = …, sensitive)]`.
fn inspect(variant: &syn::Variant, ty: Type) -> syn::Result<Variant> {
    let mut wire = None;
    let mut member = None;
    let mut codec = None;
    let mut sensitive = false;
    for attr in variant.attrs.iter().filter(|attr| attr.path().is_ident("shape")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("member") {
                member = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("codec") {
                codec = Some(qualify_codec(meta.value()?.parse::<Type>()?));
            } else if meta.path.is_ident("sensitive") {
                sensitive = true;
            } else {
                return Err(
                    meta.error("expected `rename = \"wire\"`, `member = \"name\"`, `codec = Type` or `sensitive`")
                );
            }
            Ok(())
        })?;
    }
    let wire = wire.ok_or_else(|| syn::Error::new_spanned(variant, "missing `#[shape(rename = \"wire\")]`"))?;
    let member = member.unwrap_or_else(|| wire.clone());
    Ok(Variant { ident: variant.ident.clone(), wire, member, ty, codec, sensitive })
}
