//! `#[shape]` on a generated structure.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{
    Attribute, Data, DataStruct, DeriveInput, Expr, Field, Fields, GenericArgument, LitStr, PathArguments, Type,
    parse_quote, parse2,
};

/// What the macro learns about one field.
struct FieldInfo {
    ident: syn::Ident,
    /// The name callers know the member by (serde `rename`, else the field name).
    wire: String,
    /// The member's name in the model (`#[shape(member = "…")]`, else `wire`),
    /// which the CLI prints.
    member: String,
    /// The builder's value type: `T` for `Option<T>` fields, else the field type.
    value_ty: Type,
    kind: FieldKind,
    sensitive: bool,
    /// `#[shape(stream)]`: a `@streaming` blob, which the body carries, so
    /// it has no JSON form and no view.
    stream: bool,
    docs: Vec<Attribute>,
    /// The field's `#[deprecated]`, which its setters repeat so callers see it.
    deprecated: Vec<Attribute>,
    /// The builder's setter (`#[shape(setter = …)]`, else the field's name).
    setter: syn::Ident,
    /// The builder's `Option` setter (`#[shape(set = …)]`, else `set_` + the field's name).
    set: syn::Ident,
    /// `#[shape(codec = …)]`: the `sdk_runtime::shape::codec` type the field's JSON goes through.
    codec: Option<Type>,
    /// The field's own type.
    field_ty: Type,
}

enum FieldKind {
    Optional,
    Required,
    Default(Expr),
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    // `DeriveInput` reads a struct item as well as `ItemStruct` does, and
    // needs only syn's "derive" feature (which serde_derive builds anyway).
    let mut item: DeriveInput = parse2(item)?;
    let mut all_sensitive = false;
    let mut builder: Option<syn::Ident> = None;
    let mut fluents: Vec<syn::Path> = Vec::new();
    let arguments = syn::meta::parser(|meta| {
        if meta.path.is_ident("sensitive") {
            all_sensitive = true;
            Ok(())
        } else if meta.path.is_ident("builder") {
            builder = Some(meta.value()?.parse()?);
            Ok(())
        } else if meta.path.is_ident("fluent") {
            fluents.push(meta.value()?.parse()?);
            Ok(())
        } else {
            Err(meta.error("expected `sensitive`, `builder = Name` or `fluent = path::Type`"))
        }
    });
    syn::parse::Parser::parse2(arguments, attr.clone())?;
    // The generator decides every name; the macro invents none of the types.
    let builder = builder.ok_or_else(|| syn::Error::new_spanned(&item.ident, "`#[shape]` needs `builder = Name`"))?;
    let span = item.ident.clone();
    let Data::Struct(DataStruct { fields: Fields::Named(named), .. }) = &mut item.data else {
        return Err(syn::Error::new_spanned(span, "`#[shape]` needs a struct with named fields"));
    };
    let name = item.ident.clone();
    let mut fields = Vec::new();
    let mut default_fns = Vec::new();
    for field in named.named.iter_mut() {
        let info = inspect(field, all_sensitive)?;
        if let Some(codec) = &info.codec {
            let codec = quote!(#codec).to_string();
            let ser =
                LitStr::new(&format!("::sdk_runtime::shape::codec::serialize::<{codec}, _, _>"), info.ident.span());
            let de =
                LitStr::new(&format!("::sdk_runtime::shape::codec::deserialize::<{codec}, _, _>"), info.ident.span());
            field.attrs.push(parse_quote!(#[serde(serialize_with = #ser, deserialize_with = #de)]));
        }
        match &info.kind {
            _ if info.stream => field.attrs.push(parse_quote!(#[serde(skip)])),
            FieldKind::Optional => {
                field.attrs.push(parse_quote!(#[serde(default, skip_serializing_if = "Option::is_none")]))
            }
            FieldKind::Default(expr) => {
                let function = format_ident!("__default_{}_{}", name.to_string().to_lowercase(), plain(&info.ident));
                let path = LitStr::new(&function.to_string(), function.span());
                let ty = &info.value_ty;
                field.attrs.push(parse_quote!(#[serde(default = #path)]));
                default_fns.push(quote! {
                    #[doc(hidden)]
                    fn #function() -> #ty { ::std::convert::Into::into(#expr) }
                });
            }
            FieldKind::Required => {}
        }
        // The CLI's input names members as the model does (as the AWS CLI's
        // does), at every depth; responses use the JSON name.
        if info.member != info.wire {
            let member = LitStr::new(&info.member, info.ident.span());
            field.attrs.push(parse_quote!(#[serde(alias = #member)]));
        }
        fields.push((info, field.attrs.clone()));
    }

    let wire = wire_struct(&mut item, &fields);
    let fields: Vec<FieldInfo> = fields.into_iter().map(|(info, _)| info).collect();
    let builder_doc = format!("A builder for [`{name}`].");
    let name_text = name.to_string();
    let idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    let value_tys: Vec<_> = fields.iter().map(|f| &f.value_ty).collect();
    let setters = fields.iter().map(setter);
    let required_checks = fields.iter().filter(|f| matches!(f.kind, FieldKind::Required)).map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        quote! { if self.#ident.is_none() { missing.push(#wire); } }
    });
    let finish = fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        match &f.kind {
            FieldKind::Optional => quote! { #ident: self.#ident },
            FieldKind::Required => quote! {
                #ident: self.#ident.ok_or_else(|| ::sdk_runtime::BuildError::missing(#name_text, ::std::vec![#wire]))?
            },
            FieldKind::Default(expr) => quote! {
                #ident: self.#ident.unwrap_or_else(|| ::std::convert::Into::into(#expr))
            },
        }
    });
    let zeros = fields.iter().map(|f| {
        let ident = &f.ident;
        match &f.kind {
            FieldKind::Optional => quote! { #ident: ::std::option::Option::None },
            FieldKind::Required => quote! { #ident: ::sdk_runtime::shape::Zero::zero() },
            FieldKind::Default(expr) => quote! { #ident: ::std::convert::Into::into(#expr) },
        }
    });
    // The struct and its builder print the same fields, redacted the same way.
    let debug_fields: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let ident = &f.ident;
            let label = plain(ident);
            if f.sensitive {
                quote! { .field(#label, &::sdk_runtime::Redacted) }
            } else {
                quote! { .field(#label, &self.#ident) }
            }
        })
        .collect();
    let view_members = fields.iter().filter(|f| !f.stream).map(|f| {
        let (ident, member) = (&f.ident, &f.member);
        match f.kind {
            FieldKind::Optional => quote!(.optional(#member, &self.#ident)),
            _ => quote!(.member(#member, &self.#ident)),
        }
    });
    let builder_name_text = builder.to_string();
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    let fluent_setters = match fluents.first() {
        Some(_) if fields.iter().all(|f| matches!(f.kind, FieldKind::Optional)) => {
            fluents.iter().map(|fluent| fluent_setters(fluent, &fields)).collect()
        }
        Some(fluent) => {
            return Err(syn::Error::new_spanned(fluent, "`fluent` needs a structure whose fields are all `Option`s"));
        }
        None => TokenStream::new(),
    };

    Ok(quote! {
        #item

        impl #impl_generics #name #type_generics #where_clause {
            #[doc = #builder_doc]
            // Qualified: a field's setter may be called `default` too.
            pub fn builder() -> #builder { <#builder as ::std::default::Default>::default() }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_text) #(#debug_fields)* .finish()
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Default, PartialEq)]
        pub struct #builder { #(#idents: ::std::option::Option<#value_tys>,)* }

        impl #builder {
            #(#setters)*

            /// Builds the value; the error names every required member that is not set.
            pub fn build(self) -> ::std::result::Result<#name, ::sdk_runtime::BuildError> {
                let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
                #(#required_checks)*
                if !missing.is_empty() {
                    return Err(::sdk_runtime::BuildError::missing(#name_text, missing));
                }
                Ok(#name { #(#finish,)* })
            }
        }

        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#builder_name_text) #(#debug_fields)* .finish()
            }
        }

        #wire

        impl ::sdk_runtime::shape::Zero for #name {
            fn zero() -> Self { #name { #(#zeros,)* } }
        }

        impl ::sdk_runtime::shape::View for #name {
            fn view(&self) -> ::sdk_runtime::Document {
                ::sdk_runtime::shape::ViewMembers::default() #(#view_members)* .finish()
            }
        }

        #(#default_fns)*

        #fluent_setters
    })
}

/// The setters of an operation's fluent builder, which holds this input in
/// its `input` field: the same names and docs as the builder's.
fn fluent_setters(fluent: &syn::Path, fields: &[FieldInfo]) -> TokenStream {
    let setters = fields.iter().map(|field| {
        let FieldInfo { ident, value_ty, docs, deprecated, setter, .. } = field;
        quote! {
            #(#docs)*
            #(#deprecated)*
            pub fn #setter(mut self, value: impl ::std::convert::Into<#value_ty>) -> Self {
                self.input.#ident = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    quote! {
        impl #fluent {
            #(#setters)*
        }
    }
}

/// Reads a field's `#[shape(…)]` attributes (removing them) and its type.
fn inspect(field: &mut Field, all_sensitive: bool) -> syn::Result<FieldInfo> {
    let ident = field.ident.clone().ok_or_else(|| syn::Error::new_spanned(&*field, "expected a named field"))?;
    let mut sensitive = all_sensitive;
    let mut stream = false;
    let mut default = None;
    let mut setter = None;
    let mut set = None;
    let mut codec = None;
    let mut member = None;
    let mut kept = Vec::new();
    for attr in std::mem::take(&mut field.attrs) {
        if attr.path().is_ident("shape") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("sensitive") {
                    sensitive = true;
                    Ok(())
                } else if meta.path.is_ident("stream") {
                    stream = true;
                    Ok(())
                } else if meta.path.is_ident("default") {
                    default = Some(meta.value()?.parse::<Expr>()?);
                    Ok(())
                } else if meta.path.is_ident("setter") {
                    setter = Some(meta.value()?.parse::<syn::Ident>()?);
                    Ok(())
                } else if meta.path.is_ident("set") {
                    set = Some(meta.value()?.parse::<syn::Ident>()?);
                    Ok(())
                } else if meta.path.is_ident("codec") {
                    codec = Some(qualify_codec(meta.value()?.parse::<Type>()?));
                    Ok(())
                } else if meta.path.is_ident("member") {
                    member = Some(meta.value()?.parse::<LitStr>()?.value());
                    Ok(())
                } else {
                    Err(meta.error(
                        "expected `sensitive`, `stream`, `default = …`, `setter = name`, `set = name`, `codec = Type` or `member = \"name\"`",
                    ))
                }
            })?;
        } else {
            kept.push(attr);
        }
    }
    field.attrs = kept;
    let wire = serde_rename(&field.attrs)?.unwrap_or_else(|| plain(&ident));
    let member = member.unwrap_or_else(|| wire.clone());
    let docs = field.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect();
    let deprecated = field.attrs.iter().filter(|a| a.path().is_ident("deprecated")).cloned().collect();
    let (kind, value_ty) = match (option_inner(&field.ty), default) {
        (Some(inner), _) => (FieldKind::Optional, inner.clone()),
        (None, Some(expr)) => (FieldKind::Default(expr), field.ty.clone()),
        (None, None) => (FieldKind::Required, field.ty.clone()),
    };
    let setter = setter.unwrap_or_else(|| ident.clone());
    let set = set.unwrap_or_else(|| format_ident!("set_{}", plain(&ident)));
    let field_ty = field.ty.clone();
    Ok(FieldInfo {
        ident,
        wire,
        member,
        value_ty,
        kind,
        sensitive,
        stream,
        docs,
        deprecated,
        setter,
        set,
        codec,
        field_ty,
    })
}

/// `fn member(value)` and `fn set_member(Option)` on the builder.
fn setter(field: &FieldInfo) -> TokenStream {
    let FieldInfo { ident, value_ty, docs, deprecated, setter, set, .. } = field;
    let set_doc = format!("Sets or clears `{}`.", field.wire);
    quote! {
        #(#docs)*
        #(#deprecated)*
        pub fn #setter(mut self, value: impl ::std::convert::Into<#value_ty>) -> Self {
            self.#ident = Some(value.into());
            self
        }
        #[doc = #set_doc]
        #(#deprecated)*
        pub fn #set(mut self, value: ::std::option::Option<#value_ty>) -> Self {
            self.#ident = value;
            self
        }
    }
}

/// For a structure with required members: the form it is read from, with
/// those members optional, and a `TryFrom` that reports a missing one — or,
/// under Smithy's client error correction (while a response is read), fills
/// it with its zero value. The structure's `Deserialize` goes through it.
fn wire_struct(item: &mut DeriveInput, fields: &[(FieldInfo, Vec<Attribute>)]) -> TokenStream {
    if !fields.iter().any(|(f, _)| matches!(f.kind, FieldKind::Required)) {
        return TokenStream::new();
    }
    let name = &item.ident;
    let wire = format_ident!("{}__Wire", name);
    let wire_text = LitStr::new(&wire.to_string(), wire.span());
    item.attrs.push(parse_quote!(#[serde(try_from = #wire_text)]));
    let name_text = name.to_string();
    let definitions = fields.iter().map(|(f, attrs)| {
        let ident = &f.ident;
        let attrs = attrs.iter().filter(|a| a.path().is_ident("serde"));
        match f.kind {
            FieldKind::Required => {
                let ty = &f.value_ty;
                // The codec lifted over the `Option` the wire form adds.
                let codec = f.codec.as_ref().map(|codec| {
                    let codec = quote!(::sdk_runtime::shape::codec::Opt<#codec>).to_string();
                    let de = LitStr::new(
                        &format!("::sdk_runtime::shape::codec::deserialize::<{codec}, _, _>"),
                        ident.span(),
                    );
                    quote!(#[serde(deserialize_with = #de)])
                });
                let rename = (f.wire != plain(ident)).then(|| {
                    let wire = &f.wire;
                    quote!(#[serde(rename = #wire)])
                });
                let alias = (f.member != f.wire).then(|| {
                    let member = &f.member;
                    quote!(#[serde(alias = #member)])
                });
                quote! { #rename #alias #codec #[serde(default)] #ident: ::std::option::Option<#ty> }
            }
            _ => {
                let ty = &f.field_ty;
                quote! { #(#attrs)* #ident: #ty }
            }
        }
    });
    let takes = fields.iter().map(|(f, _)| {
        let ident = &f.ident;
        let wire = &f.wire;
        match f.kind {
            FieldKind::Required => quote! {
                #ident: match wire.#ident {
                    ::std::option::Option::Some(value) => value,
                    ::std::option::Option::None => ::sdk_runtime::shape::missing(#name_text, #wire)?,
                }
            },
            _ => quote! { #ident: wire.#ident },
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #[derive(::serde::Deserialize)]
        struct #wire { #(#definitions,)* }

        impl ::std::convert::TryFrom<#wire> for #name {
            type Error = ::sdk_runtime::shape::MissingMember;
            fn try_from(wire: #wire) -> ::std::result::Result<Self, Self::Error> {
                ::std::result::Result::Ok(#name { #(#takes,)* })
            }
        }
    }
}

/// A codec type as generated code writes it (`Opt<Rfc3339>`), each name
/// taken from `sdk_runtime::shape::codec`.
pub fn qualify_codec(mut ty: Type) -> Type {
    fn visit(ty: &mut Type) {
        let Type::Path(path) = ty else { return };
        for segment in path.path.segments.iter_mut() {
            if let PathArguments::AngleBracketed(args) = &mut segment.arguments {
                for arg in args.args.iter_mut() {
                    if let GenericArgument::Type(inner) = arg {
                        visit(inner);
                    }
                }
            }
        }
        if path.qself.is_none() && path.path.leading_colon.is_none() && path.path.segments.len() == 1 {
            let segment = path.path.segments[0].clone();
            *ty = parse_quote!(::sdk_runtime::shape::codec::#segment);
        }
    }
    visit(&mut ty);
    ty
}

/// `T` when `ty` is `Option<T>` (as written: `Option`, `std::option::Option`, …).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The `rename` of a field's `#[serde(…)]` attribute, if any.
fn serde_rename(attrs: &[Attribute]) -> syn::Result<Option<String>> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        })?;
    }
    Ok(rename)
}

/// An identifier without its `r#` prefix.
fn plain(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}
