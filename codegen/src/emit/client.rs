//! The async client: `Client` with one method per operation returning a
//! fluent builder (`client.list_users().network_id("…").send().await`), each
//! input's restJson1 binding as an `Operation` impl, and each operation's
//! error enum. The machinery (endpoints, signing, retries) is the runtime's;
//! what is emitted here only declares routes and bindings.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::{field_ident, field_value_type, type_path};
use super::rustdoc::doc_attrs;
use crate::ir::{
    Binding, Ir, Member, Operation, Role, Segment, ShapeId, ShapeKind, SimpleType, TimestampFormat, TypeRef,
};

/// `src/client.rs`: the client and one method per operation.
pub fn emit_client(ir: &Ir) -> GeneratedFile {
    GeneratedFile::new("src/client.rs", client_rs(ir))
}

/// `src/operation.rs`: fluent builders, HTTP bindings and error enums.
pub fn emit_operations(ir: &Ir) -> GeneratedFile {
    GeneratedFile::new("src/operation.rs", operation_rs(ir, &ErrorEnums::new(ir)))
}

/// One error enum per distinct set of modelled errors: operations that
/// return the same errors share it (most services have one set), and each
/// operation gets an alias named after it.
struct ErrorEnums {
    /// Error set → enum name.
    names: BTreeMap<Vec<ShapeId>, String>,
}

impl ErrorEnums {
    fn new(ir: &Ir) -> ErrorEnums {
        let mut users: BTreeMap<Vec<ShapeId>, Vec<&Operation>> = BTreeMap::new();
        for op in &ir.operations {
            users.entry(op.errors.clone()).or_default().push(op);
        }
        // The most common set is the service's `Error`; a set used by one
        // operation is named after it; another shared set after its first user.
        let most_common = users.iter().max_by_key(|(_, ops)| ops.len()).map(|(set, _)| set.clone());
        let names = users
            .into_iter()
            .map(|(set, ops)| {
                let name = if Some(&set) == most_common.as_ref() {
                    "Error".to_owned()
                } else {
                    format!("{}Error", ops[0].rust_name)
                };
                (set, name)
            })
            .collect();
        ErrorEnums { names }
    }

    fn name_for(&self, op: &Operation) -> &str {
        &self.names[&op.errors]
    }
}

fn client_rs(ir: &Ir) -> String {
    let service = &ir.service;
    let sdk_id = service.sdk_id.clone().unwrap_or_else(|| service.id.name().to_owned());
    let signing_name =
        service.signing_name.clone().unwrap_or_else(|| service.endpoint_prefix.clone().unwrap_or_default());
    let rules = service.endpoint_rule_set.as_ref().map(|rules| rules.to_string()).unwrap_or_else(|| "{}".to_owned());
    let version = &service.version;
    let title = &service.title;
    let client_doc = format!(
        "A client for the {title}.\n\nEach operation has a method that returns a fluent builder; set its members, \
         then `send()` it. [`Client::send`] sends a prebuilt input instead."
    );
    let client_doc = doc_attrs(&client_doc);
    let methods = ir.operations.iter().map(|op| {
        let method = field_ident(&op.fn_name);
        let fluent = format_ident!("{}", op.rust_name);
        let docs = doc_attrs(&operation_docs(ir, op));
        quote! {
            #docs
            pub fn #method(&self) -> crate::operation::#fluent {
                crate::operation::#fluent { client: self.clone(), input: Default::default() }
            }
        }
    });
    rust_file(quote! {
        //! The client and its configuration.
        use sdk_runtime::client::{Handle, ServiceInfo};
        use sdk_runtime::config::{Config, ConfigError};
        use sdk_runtime::error::SdkError;
        use sdk_runtime::operation::Operation;

        /// What the runtime needs to know about the service.
        pub(crate) static SERVICE: ServiceInfo = ServiceInfo {
            sdk_id: #sdk_id,
            signing_name: #signing_name,
            endpoint_rule_set_json: #rules,
            api_version: #version,
        };

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client { handle: Handle }

        impl Client {
            /// A client with this configuration.
            pub fn from_conf(config: Config) -> Client {
                Client { handle: Handle::new(config, SERVICE) }
            }

            /// A client configured like the AWS SDKs: region, credentials,
            /// endpoint and FIPS/dual-stack settings from the environment and
            /// the shared `~/.aws` files.
            pub fn from_env() -> Result<Client, ConfigError> {
                Config::from_env(SERVICE.sdk_id).map(Client::from_conf)
            }

            /// The client's configuration.
            pub fn config(&self) -> &Config { self.handle.config() }

            /// Sends a prebuilt input (any operation's input type).
            pub async fn send<I: Operation>(&self, input: I) -> Result<I::Output, SdkError<I::Error>> {
                sdk_runtime::operation::invoke(&self.handle, input).await
            }

            #(#methods)*
        }
    })
}

/// An operation's docs: the model's text, then its route, errors and constraints.
fn operation_docs(ir: &Ir, op: &Operation) -> String {
    let mut text = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.name));
    text.push_str("\n\n");
    text.push_str(&super::describe::operation_summary(ir, op));
    text
}

fn operation_rs(ir: &Ir, errors: &ErrorEnums) -> String {
    let enums = errors.names.iter().map(|(set, name)| error_enum(ir, name, set));
    let error_displays = ir.shapes.values().filter_map(|shape| match &shape.kind {
        ShapeKind::Structure(s) if matches!(s.role, Role::Error { .. }) => Some(error_display(ir, &shape.id)),
        _ => None,
    });
    let operations = ir.operations.iter().map(|op| operation(ir, op, errors.name_for(op)));
    rust_file(quote! {
        //! Each operation: its fluent builder, its HTTP binding and its errors.
        use sdk_runtime::error::{ConstructionError, DeserializationError, SdkError};
        use sdk_runtime::http::{HttpRequest, HttpResponse, Method};
        use sdk_runtime::operation::{ModeledError, Operation};

        #(#enums)*
        #(#error_displays)*
        #(#operations)*
    })
}

fn error_enum(ir: &Ir, name: &str, set: &[ShapeId]) -> TokenStream {
    let name = format_ident!("{}", name);
    let variants: Vec<_> = set.iter().map(|id| format_ident!("{}", super::rust_types::rust_name(ir, id))).collect();
    let paths: Vec<_> = set.iter().map(|id| type_path(ir, id)).collect();
    let codes: Vec<_> = set.iter().map(|id| id.name().to_owned()).collect();
    let docs = set.iter().map(|id| {
        let text = ir.shape(id).and_then(|s| s.docs.clone()).unwrap_or_else(|| format!("The `{}` error.", id.name()));
        doc_attrs(&text)
    });
    quote! {
        /// The errors the operation can return, as the model describes them.
        #[derive(Debug)]
        pub enum #name { #(#docs #variants(#paths),)* }

        impl ModeledError for #name {
            fn from_code(code: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
                match code {
                    #(#codes => Some(serde_json::from_slice(body).map(Self::#variants)),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self { #(Self::#variants(error) => error.fmt(f),)* }
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `Display` and `Error` for an error structure: its name and message.
fn error_display(ir: &Ir, id: &ShapeId) -> TokenStream {
    let path = type_path(ir, id);
    let code = id.name();
    let with_message = format!("{code}: {{}}");
    let message = ir.structure(id).and_then(|s| s.members.iter().find(|m| m.name.eq_ignore_ascii_case("message")));
    let body = match message {
        Some(member) if super::rust_types::is_option(member) => {
            let field = field_ident(&member.rust_name);
            quote! {
                match &self.#field { Some(message) => write!(f, #with_message, message), None => f.write_str(#code) }
            }
        }
        Some(member) => {
            let field = field_ident(&member.rust_name);
            quote!(write!(f, #with_message, self.#field))
        }
        None => quote!(f.write_str(#code)),
    };
    quote! {
        impl std::fmt::Display for #path {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { #body }
        }
        impl std::error::Error for #path {}
    }
}

fn operation(ir: &Ir, op: &Operation, error: &str) -> TokenStream {
    let fluent = format_ident!("{}", op.rust_name);
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = format_ident!("{}", error);
    let error_alias = format_ident!("{}Error", op.rust_name);
    let alias = if error == error_alias {
        quote!()
    } else {
        let doc = format!(" The errors of `{}`.", op.name);
        quote!(#[doc = #doc] pub type #error_alias = #error;)
    };
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let setters = members.iter().map(|member| setter(ir, member));
    let name = &op.name;
    let fluent_doc = format!(
        " Fluent builder for [`Client::{}`](crate::Client::{}).",
        op.fn_name.trim_start_matches("r#"),
        op.fn_name.trim_start_matches("r#")
    );
    let tokens = idempotency_tokens(members);
    let to_request = to_request(op, members);
    let read_output = read_output(ir, op);
    let paginator = op.pagination.as_ref().map(|_| paginator(ir, op, &error_alias)).unwrap_or_default();
    quote! {
        #alias

        #[doc = #fluent_doc]
        #[derive(Clone, Debug)]
        pub struct #fluent { pub(crate) client: crate::Client, pub(crate) input: #input }

        impl #fluent {
            #(#setters)*

            /// Validates the input, then sends it; nothing is sent when it is invalid.
            pub async fn send(self) -> Result<#output, SdkError<#error_alias>> { self.client.send(self.input).await }

            #paginator
        }

        impl Operation for #input {
            type Output = #output;
            type Error = #error_alias;
            const INFO: sdk_runtime::client::OperationInfo = sdk_runtime::client::OperationInfo::new(#name);
            #tokens
            fn to_request(&self) -> Result<HttpRequest, ConstructionError> { #to_request }
            fn read_output(response: &HttpResponse) -> Result<#output, DeserializationError> { #read_output }
        }
    }
}

fn setter(ir: &Ir, member: &Member) -> TokenStream {
    let field = field_ident(&member.rust_name);
    let ty = field_value_type(ir, member);
    let docs = match &member.docs {
        Some(text) => doc_attrs(text.split("\n\n").next().unwrap_or(text)),
        None => doc_attrs(&format!("Sets `{}`.", member.name)),
    };
    quote! {
        #docs
        pub fn #field(mut self, value: impl Into<#ty>) -> Self {
            self.input.#field = Some(value.into());
            self
        }
    }
}

fn idempotency_tokens(members: &[Member]) -> TokenStream {
    let fields: Vec<_> = members.iter().filter(|m| m.idempotency_token).map(|m| field_ident(&m.rust_name)).collect();
    if fields.is_empty() {
        return quote!();
    }
    quote! {
        fn fill_idempotency_tokens(&mut self) {
            #(self.#fields.get_or_insert_with(sdk_runtime::operation::idempotency_token);)*
        }
    }
}

/// Method, path with encoded labels, literal then member query parameters,
/// headers, and the body.
fn to_request(op: &Operation, members: &[Member]) -> TokenStream {
    let method = format_ident!("{}", op.http.method);
    // Labels are encoded into local variables the path's format string names.
    let mut path = String::new();
    let mut labels = Vec::new();
    for segment in &op.http.uri.segments {
        match segment {
            Segment::Literal(text) => path.push_str(&format!("/{}", text.replace('{', "{{").replace('}', "}}"))),
            Segment::Label { name, greedy } => {
                let member = members.iter().find(|m| &m.name == name);
                let field = member.map(|m| field_ident(&m.rust_name)).unwrap_or_else(|| format_ident!("missing"));
                let variable = format_ident!("{}_label", field.to_string().trim_start_matches("r#"));
                path.push_str(&format!("/{{{variable}}}"));
                let value = match member.map(|m| &m.value.ty) {
                    Some(TypeRef::Simple(SimpleType::String)) => quote!(self.#field.as_deref()),
                    _ => quote!(self.#field.as_ref().map(|v| v.to_string()).as_deref()),
                };
                labels.push(quote!(let #variable = sdk_runtime::operation::label(#value, #name, #greedy)?;));
            }
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    let path = if labels.is_empty() { quote!(#path) } else { quote!(format!(#path)) };
    let literal_query = op.http.uri.query.iter().map(|(key, value)| {
        let value = value.clone().unwrap_or_default();
        quote!(let request = request.query(#key, #value);)
    });
    let mut bound = Vec::new();
    let mut parts = Vec::new();
    let mut payload = None;
    let mut has_body = false;
    for member in members {
        let field = field_ident(&member.rust_name);
        let wire = &member.json_name;
        match &member.binding {
            Binding::Body => has_body = true,
            Binding::Payload => {
                bound.push(wire.clone());
                payload = Some(field);
            }
            Binding::Label | Binding::ResponseCode => bound.push(wire.clone()),
            Binding::Query(key) => {
                bound.push(wire.clone());
                parts.push(query_or_header(member, &field, key, false));
            }
            Binding::Header(name) => {
                bound.push(wire.clone());
                parts.push(query_or_header(member, &field, name, true));
            }
            Binding::QueryParams => {
                bound.push(wire.clone());
                parts.push(quote! {
                    for (key, value) in self.#field.iter().flatten() {
                        request = request.query_if_absent(key.clone(), value.to_string());
                    }
                });
            }
            Binding::PrefixHeaders(prefix) => {
                bound.push(wire.clone());
                parts.push(quote! {
                    for (key, value) in self.#field.iter().flatten() {
                        request = request.header(format!("{}{}", #prefix, key), value.to_string());
                    }
                });
            }
        }
    }
    let body = match (payload, has_body) {
        (Some(field), _) => quote!(sdk_runtime::operation::with_payload(request, self.#field.as_ref())),
        (None, true) => quote!(sdk_runtime::operation::with_body(request, self, &[#(#bound),*])),
        (None, false) => quote!(Ok(request)),
    };
    let mutable = if parts.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        #(#labels)*
        let #mutable request = HttpRequest::new(Method::#method, #path);
        #(#literal_query)*
        #(#parts)*
        #body
    }
}

/// Adds a query parameter or header for a member, when set. Lists repeat the
/// query key, or join header values with commas.
fn query_or_header(member: &Member, field: &proc_macro2::Ident, key: &str, header: bool) -> TokenStream {
    let add = if header { quote!(header) } else { quote!(query) };
    let default_format = if header { TimestampFormat::HttpDate } else { TimestampFormat::DateTime };
    match &member.value.ty {
        TypeRef::List { item, .. } => {
            let text = text_of(&item.ty, item.timestamp_format.unwrap_or(default_format), quote!(item));
            if header {
                quote! {
                    if let Some(value) = &self.#field {
                        let items: Vec<String> = value.iter().map(|item| Ok::<_, ConstructionError>(#text)).collect::<Result<_, _>>()?;
                        request = request.#add(#key, items.join(","));
                    }
                }
            } else {
                quote! {
                    for item in self.#field.iter().flatten() { request = request.#add(#key, #text); }
                }
            }
        }
        ty => {
            let text = text_of(ty, member.value.timestamp_format.unwrap_or(default_format), quote!(value));
            quote! { if let Some(value) = &self.#field { request = request.#add(#key, #text); } }
        }
    }
}

/// A value as query or header text.
fn text_of(ty: &TypeRef, format: TimestampFormat, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::Simple(SimpleType::String) => quote!(#value.clone()),
        TypeRef::Simple(SimpleType::Timestamp) => {
            let format = timestamp_format(format);
            quote!(sdk_runtime::operation::timestamp(#value, #format)?)
        }
        _ => quote!(#value.to_string()),
    }
}

fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(sdk_runtime::encoding::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(sdk_runtime::encoding::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(sdk_runtime::encoding::TimestampFormat::EpochSeconds),
    }
}

/// The output from the body, with header-bound members and the status code.
fn read_output(ir: &Ir, op: &Operation) -> TokenStream {
    let members = ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default();
    let headers = members.iter().filter_map(|member| {
        let Binding::Header(name) = &member.binding else { return None };
        let wire = &member.json_name;
        let kind = match &member.value.ty {
            TypeRef::Simple(SimpleType::String) => quote!(sdk_runtime::operation::HeaderKind::String),
            TypeRef::Simple(SimpleType::Timestamp) => {
                let format = timestamp_format(member.value.timestamp_format.unwrap_or(TimestampFormat::HttpDate));
                quote!(sdk_runtime::operation::HeaderKind::Timestamp(#format))
            }
            TypeRef::List { .. } => quote!(sdk_runtime::operation::HeaderKind::List),
            TypeRef::Named(id) if matches!(ir.shape(id).map(|s| &s.kind), Some(ShapeKind::Enum(_))) => {
                quote!(sdk_runtime::operation::HeaderKind::String)
            }
            _ => quote!(sdk_runtime::operation::HeaderKind::Scalar),
        };
        Some(quote!((#wire, #name, #kind)))
    });
    let status = match members.iter().find(|m| m.binding == Binding::ResponseCode) {
        Some(member) => {
            let wire = &member.json_name;
            quote!(Some(#wire))
        }
        None => quote!(None),
    };
    quote!(sdk_runtime::operation::output(response, &[#(#headers),*], #status))
}

/// `into_paginator()` (pages) and `items()` for a `@paginated` operation with
/// top-level token and items members.
fn paginator(ir: &Ir, op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
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
    let set = field_ident(&input_token.rust_name);
    let get = field_ident(&output_token.rust_name);
    let output = type_path(ir, &op.output);
    let get_token = if super::rust_types::is_option(&output_token) {
        quote!(page.#get.clone())
    } else {
        quote!(Some(page.#get.clone()))
    };
    let items = match pagination.items.as_deref() {
        Some([items]) => find(output_members, items).map(|member| {
            let field = field_ident(&member.rust_name);
            let item_type = match &member.value.ty {
                TypeRef::List { item, .. } => super::rust_types::rust_type(ir, item),
                _ => return quote!(),
            };
            let take = if super::rust_types::is_option(&member) {
                quote!(page.#field.unwrap_or_default())
            } else {
                quote!(page.#field)
            };
            let doc = format!(" Every `{}` item of every page, fetching pages as needed.", member.name);
            quote! {
                #[doc = #doc]
                pub fn items(self) -> impl sdk_runtime::paginate::Stream<Item = Result<#item_type, SdkError<#error>>> {
                    sdk_runtime::paginate::items(self.into_paginator(), |page| #take)
                }
            }
        }),
        _ => None,
    }
    .unwrap_or_default();
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
