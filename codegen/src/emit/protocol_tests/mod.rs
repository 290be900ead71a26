//! `tests/protocol_tests.rs`, for a model whose operations and errors carry
//! `smithy.test` cases: one Rust test per case, as smithy-rs generates them.
//! A request case builds the input from its `params` through the builders,
//! has the client's `dry_run` make the request, and compares it with the
//! case; a response case reads the case's response with the operation's
//! own `read_output` (or error mapping) and compares the result with the
//! value built from `params`. A case whose `params` have no Rust form is
//! emitted ignored, with the reason.

mod endpoints;
mod server;

use proc_macro2::TokenStream;
use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::type_path;
use super::values;
use crate::config::Config;
use crate::ir::protocol_tests::{RequestTest, ResponseTest};
use crate::ir::{Ir, Member, Operation, ShapeId, ShapeKind};
use crate::symbols;

/// `tests/protocol_tests.rs` and `tests/endpoint_tests.rs`, for the cases the model has.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    let krate = quote::format_ident!("{}", config.crate_ident());
    let mut files = Vec::new();
    if has_protocol_cases(ir) {
        files.push(protocol_tests(ir, &krate));
    }
    if !ir.service.endpoint_tests.is_empty() {
        files.push(endpoint_tests(ir, &krate));
    }
    files
}

/// The endpoint tests of the service's `smithy.rules#endpointTests`.
fn endpoint_tests(ir: &Ir, krate: &proc_macro2::Ident) -> GeneratedFile {
    let tests = named(endpoints::tests(ir), krate);
    let file = rust_file(quote! {
        //! The endpoint tests of the model's `smithy.rules#endpointTests`: each
        //! case's parameters set where a call takes them from, and the endpoint
        //! resolved by the client's own resolver.

        #(#tests)*
    });
    GeneratedFile::new("tests/endpoint_tests.rs", file)
}

/// The request, response and error cases of the model's `smithy.test` traits.
fn protocol_tests(ir: &Ir, krate: &proc_macro2::Ident) -> GeneratedFile {
    let mut cases: Vec<(String, TokenStream)> = Vec::new();
    for (index, op) in ir.operations.iter().enumerate() {
        for case in &op.request_tests {
            if case.for_client() {
                cases.push((format!("{}_request", case.id), request_test(ir, op, case)));
            }
            if case.for_server() {
                cases.push((format!("{}_server_request", case.id), server::request_test(ir, index, op, case)));
            }
        }
        for case in &op.response_tests {
            if case.for_client() {
                cases.push((format!("{}_response", case.id), response_test(ir, op, case)));
            }
            if case.for_server() {
                cases.push((format!("{}_server_response", case.id), server::response_test(ir, op, case)));
            }
        }
    }
    for (id, shape) in &ir.shapes {
        let ShapeKind::Structure(structure) = &shape.kind else { continue };
        // An error's cases run against the first operation that returns it.
        let Some(op) = ir.operations.iter().find(|op| op.errors.contains(id)) else { continue };
        for case in &structure.error_tests {
            if case.for_client() {
                cases.push((format!("{}_{}_error", case.id, op.name), error_test(ir, op, id, case)));
            }
            if case.for_server() {
                cases.push((format!("{}_{}_server_error", case.id, op.name), server::error_test(ir, op, id, case)));
            }
        }
    }
    let tests = named(cases, krate);
    let file = rust_file(quote! {
        //! The protocol tests of the model's `smithy.test` cases.
        #![allow(clippy::bool_assert_comparison, irrefutable_let_patterns)]

        use #krate::Client;
        use sdk_runtime::protocol_test::{ExpectedRequest, assert_request, assert_same, response, service_error};

        fn client(endpoint: &str) -> Client {
            Client::from_conf(sdk_runtime::protocol_test::config(endpoint))
        }

        /// A service that implements nothing: request cases are only routed and read.
        #[cfg(feature = "server")]
        struct Unimplemented;

        #[cfg(feature = "server")]
        impl #krate::server::Service for Unimplemented {}

        #(#tests)*
    });
    GeneratedFile::new("tests/protocol_tests.rs", file)
}

/// Whether the model has protocol or endpoint test cases (which need the
/// runtime's `protocol-test` feature as a dev-dependency).
pub fn has_cases(ir: &Ir) -> bool {
    has_protocol_cases(ir) || !ir.service.endpoint_tests.is_empty()
}

/// Whether any operation or error carries `smithy.test` cases.
fn has_protocol_cases(ir: &Ir) -> bool {
    ir.operations.iter().any(|op| !op.request_tests.is_empty() || !op.response_tests.is_empty())
        || ir.shapes.values().any(|shape| matches!(&shape.kind, ShapeKind::Structure(s) if !s.error_tests.is_empty()))
}

/// The tests, each named from its case id (through the symbol provider) and
/// retargeted at the SDK crate.
fn named(cases: Vec<(String, TokenStream)>, krate: &proc_macro2::Ident) -> Vec<TokenStream> {
    let names = symbols::test_names(cases.iter().map(|(id, _)| id.as_str()));
    names.iter().zip(cases).map(|(name, (_, body))| retarget(body, name, krate)).collect()
}

/// The placeholder name tests are written with, replaced by [`retarget`].
pub(super) const PLACEHOLDER: &str = "__protocol_test__";

/// A test as it stands in the test crate: the placeholder named, and the
/// SDK's own paths (`crate::input::X`, from the shared type writers) taking
/// the SDK crate's name, since `tests/` is a crate of its own.
fn retarget(tokens: TokenStream, name: &symbols::RustName, krate: &proc_macro2::Ident) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if ident == PLACEHOLDER => TokenTree::Ident(name.ident()),
            TokenTree::Ident(ident) if ident == "crate" => TokenTree::Ident(krate.clone()),
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), retarget(group.stream(), name, krate));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

pub(super) fn docs(id: &str, documentation: &Option<String>) -> TokenStream {
    let text = match documentation {
        Some(text) => format!("`{id}`: {text}"),
        None => format!("`{id}`."),
    };
    let lines = crate::markdown::rustdoc::doc_attrs(&text);
    quote!(#lines)
}

/// The members of the structure `shape` and the value a case's `params`
/// give it; `Err` is the ignored test saying why no value can be written.
pub(super) fn case_value<'ir>(
    ir: &'ir Ir,
    shape: &ShapeId,
    params: &serde_json::Value,
    docs: &TokenStream,
) -> Result<(&'ir [Member], TokenStream), TokenStream> {
    let members = ir.structure(shape).map(|s| s.members.as_slice()).unwrap_or_default();
    values::structure_value(ir, &type_path(ir, shape), members, params)
        .map(|value| (members, value))
        .map_err(|why| ignored(docs.clone(), &format!("params: {why}")))
}

/// A test whose case cannot be written: ignored, saying why.
pub(super) fn ignored(docs: TokenStream, why: &str) -> TokenStream {
    let name = quote::format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[test]
        #[ignore = #why]
        fn #name() {}
    }
}

/// The case's configured host; without one, a resolved host with a base path
/// (`example.com/custom`) stands for the configured endpoint, as the case for
/// endpoints with paths has it.
fn configured_host(case: &RequestTest) -> &str {
    match (&case.host, &case.resolved_host) {
        (Some(host), _) => host.as_str(),
        (None, Some(resolved)) if resolved.contains('/') => resolved.as_str(),
        _ => "example.com",
    }
}

fn request_test(ir: &Ir, op: &Operation, case: &RequestTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let (_, input) = match case_value(ir, &op.input, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let endpoint = format!("https://{}", configured_host(case));
    let method = &case.method;
    let uri = &case.uri;
    let strs = |list: &[String]| quote!(&[#(#list),*]);
    let query_params = strs(&case.query_params);
    let forbid_query_params = strs(&case.forbid_query_params);
    let require_query_params = strs(&case.require_query_params);
    let forbid_headers = strs(&case.forbid_headers);
    let require_headers = strs(&case.require_headers);
    let headers = case.headers.iter().map(|(name, value)| quote!((#name, #value)));
    let option = |value: &Option<String>| match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let resolved_host = option(&case.resolved_host);
    let body = option(&case.body);
    let body_media_type = option(&case.body_media_type);
    let name = quote::format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[tokio::test]
        async fn #name() {
            let input = #input;
            let sent = client(#endpoint).dry_run(input).await.expect("the request is built");
            assert_request(&sent.request, &ExpectedRequest {
                method: #method,
                uri: #uri,
                query_params: #query_params,
                forbid_query_params: #forbid_query_params,
                require_query_params: #require_query_params,
                headers: &[#(#headers),*],
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                resolved_host: #resolved_host,
                body: #body,
                body_media_type: #body_media_type,
            });
        }
    }
}

/// `let response = …;` for a response case.
fn case_response(case: &ResponseTest) -> TokenStream {
    let code = case.code;
    let headers = case.headers.iter().map(|(name, value)| quote!((#name, #value)));
    let body = case.body.clone().unwrap_or_default();
    quote!(let response = response(#code, &[#(#headers),*], #body);)
}

fn response_test(ir: &Ir, op: &Operation, case: &ResponseTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let (_, expected) = match case_value(ir, &op.output, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let input = type_path(ir, &op.input);
    let response = case_response(case);
    let name = quote::format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[test]
        fn #name() {
            #response
            let output = <#input as sdk_runtime::operation::Operation>::read_output(&response).expect("the response is read");
            assert_same(&output, &#expected);
        }
    }
}

fn error_test(ir: &Ir, op: &Operation, error: &ShapeId, case: &ResponseTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let (_, expected) = match case_value(ir, error, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let input = type_path(ir, &op.input);
    let errors = &op.error_type;
    let variant = &ir.shapes[error].rust_name;
    let response = case_response(case);
    let name = quote::format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[test]
        fn #name() {
            #response
            let crate_error = service_error::<#input>(&crate::client::SERVICE, &response);
            let crate::operation::#errors::#variant(actual) = crate_error else {
                panic!("read as another error: {crate_error:?}")
            };
            assert_same(&actual, &#expected);
        }
    }
}
