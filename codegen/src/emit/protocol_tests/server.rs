//! The same `smithy.test` cases run against the generated server (feature
//! `server`): a request case's request is routed to its operation and read
//! into the input its `params` give; a response case's `params` are written
//! by the server, with the case's status and modelled headers, and read back
//! by the client as the same value; an error case likewise.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{PLACEHOLDER, case_value, configured_host, docs, ignored};
use crate::emit::rust_types::type_path;
use crate::ir::protocol_tests::{RequestTest, ResponseTest};
use crate::ir::{Binding, Ir, Member, Operation, ShapeId};

/// The request as the case gives it, routed and read by the server.
pub fn request_test(ir: &Ir, index: usize, op: &Operation, case: &RequestTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let input_type = type_path(ir, &op.input);
    let (members, expected) = match case_value(ir, &op.input, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let sends_body = members.iter().any(|m| matches!(m.binding, Binding::Body | Binding::Payload));
    if case.body.is_none() && sends_body {
        return ignored(docs, "the case gives no body for a server to read");
    }
    let method = &case.method;
    let path = path_below_endpoint(case);
    let target = match case.query_params.is_empty() {
        true => path.to_owned(),
        false => format!("{path}?{}", case.query_params.join("&")),
    };
    let headers = case.headers.iter().map(|(name, value)| quote!((#name, #value)));
    let body = case.body.clone().unwrap_or_default();
    let index = Literal::usize_unsuffixed(index);
    let name = format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[cfg(feature = "server")]
        #[test]
        fn #name() {
            use sdk_runtime::operation::Operation as _;
            use sdk_runtime::server::{Dispatch as _, ServerOperation as _};
            let mut expected = #expected;
            // The client filled the tokens the case leaves unset.
            expected.fill_idempotency_tokens(|| "00000000-0000-4000-8000-000000000000".to_owned());
            let headers: &[(&str, &str)] = &[#(#headers),*];
            let body = sdk_runtime::protocol_test::encoded_body(headers, #body);
            let mut request = sdk_runtime::server::ServerRequest::new(#method, #target, headers.iter().copied(), body);
            request.decode_content().expect("the body's encoding is read");
            let router = crate::server::Router::new(Unimplemented);
            let routed = router.route(&request).expect("the request is routed");
            assert_eq!(routed.operation, #index, "routed to another operation");
            let input = #input_type::read_request(&mut request, &routed.labels).expect("the request is read");
            assert_same(&input, &expected);
        }
    }
}

/// The request's path as a server mounted at the case's endpoint sees it: an
/// endpoint with a base path (`example.com/custom`) is a server behind a
/// proxy that strips that path, so the case's `/custom/Op` reaches it as
/// `/Op`.
fn path_below_endpoint(case: &RequestTest) -> &str {
    let base = configured_host(case).split_once('/').map_or("", |(_, path)| path.trim_end_matches('/'));
    match case.uri.strip_prefix('/').and_then(|uri| uri.strip_prefix(base)) {
        Some("") if !base.is_empty() => "/",
        Some(rest) if !base.is_empty() && rest.starts_with('/') => rest,
        _ => &case.uri,
    }
}

/// The case's output, written by the server and read back by the client.
pub fn response_test(ir: &Ir, op: &Operation, case: &ResponseTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let (members, expected) = match case_value(ir, &op.output, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let input = type_path(ir, &op.input);
    let code = case.code;
    let headers = modelled_headers(members, case);
    let name = format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[cfg(feature = "server")]
        #[tokio::test]
        async fn #name() {
            use sdk_runtime::operation::Operation as _;
            use sdk_runtime::server::ServerOperation as _;
            let expected = #expected;
            let response = #input::write_output(expected.clone()).expect("the output is written");
            assert_eq!(response.status(), #code, "the status");
            #(#headers)*
            let response = response.into_http_response().await.expect("the body is read");
            let output = #input::read_output(&response).expect("the client reads it back");
            assert_same(&output, &expected);
        }
    }
}

/// The case's error, written by the server and read back by the client.
pub fn error_test(ir: &Ir, op: &Operation, error: &ShapeId, case: &ResponseTest) -> TokenStream {
    let docs = docs(&case.id, &case.documentation);
    let (members, expected) = match case_value(ir, error, &case.params, &docs) {
        Ok(found) => found,
        Err(skipped) => return skipped,
    };
    let input = type_path(ir, &op.input);
    let errors = &op.error_type;
    let variant = &ir.shapes[error].rust_name;
    let code = case.code;
    let headers = modelled_headers(members, case);
    let name = format_ident!("{}", PLACEHOLDER);
    quote! {
        #docs
        #[cfg(feature = "server")]
        #[tokio::test]
        async fn #name() {
            use sdk_runtime::server::ServerError as _;
            let expected = #expected;
            let written = crate::operation::#errors::#variant(expected.clone());
            let response = written.to_response().expect("the error is written");
            assert_eq!(response.status(), #code, "the status");
            #(#headers)*
            let response = response.into_http_response().await.expect("the body is read");
            let crate_error = service_error::<#input>(&crate::client::SERVICE, &response);
            let crate::operation::#errors::#variant(actual) = crate_error else {
                panic!("read as another error: {crate_error:?}")
            };
            assert_same(&actual, &expected);
        }
    }
}

/// Assertions that each header the case lists and a member is bound to (or
/// prefixed by) is in the response.
fn modelled_headers(members: &[Member], case: &ResponseTest) -> Vec<TokenStream> {
    case.headers
        .keys()
        .filter(|name| {
            members.iter().any(|member| match &member.binding {
                Binding::Header(header) => header.eq_ignore_ascii_case(name),
                Binding::PrefixHeaders(prefix) => name.to_ascii_lowercase().starts_with(&prefix.to_ascii_lowercase()),
                _ => false,
            })
        })
        .map(|name| quote!(assert!(response.header_value(#name).is_some(), "the header `{}` is missing", #name);))
        .collect()
}
