//! `src/server.rs` (the crate's `server` feature): the service as a trait
//! with one async method per operation, the router that reads each request
//! into its typed input and writes what the handler returns, and `serve`.
//!
//! Which operation a request is for, how its input is read and how an
//! output or error is written are the protocol's ([`ProtocolGenerator`]);
//! the rest is the same for every protocol: the trait, the dispatch, the
//! modelled validation error an operation answers invalid input with.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ProtocolGenerator, generator};
use crate::config::Config;
use crate::emit::GeneratedFile;
use crate::emit::format::rust_file;
use crate::emit::rust_types::type_path;
use crate::ir::validation_error::{self, ValidationErrorForm};
use crate::ir::{ErrorSet, Ir, Operation};
use crate::markdown::rustdoc::doc_attrs;

/// `src/server.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let protocol = generator(ir);
    let methods = ir.operations.iter().map(|op| trait_method(ir, op));
    let routes = protocol.server_routes(ir);
    let route = protocol.route(ir);
    let arms = ir.operations.iter().enumerate().map(|(index, op)| {
        let index = Literal::usize_unsuffixed(index);
        let input = type_path(ir, &op.input);
        let method = &op.fn_name;
        quote! {
            #index => Box::pin(sdk_runtime::server::serve_operation::<#input, _, _>(
                protocol, request, routed.labels, self.observer.as_ref(), move |input| self.service.#method(input),
            )),
        }
    });
    let streaming: Vec<_> = ir
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| ir.streaming_payload(&op.input).is_some())
        .map(|(index, _)| Literal::usize_unsuffixed(index))
        .collect();
    let streams_input = if streaming.is_empty() {
        quote!()
    } else {
        quote! {
            fn streams_input(&self, operation: usize) -> bool { matches!(operation, #(#streaming)|*) }
        }
    };
    let operations = ir.operations.iter().map(|op| server_operation(ir, protocol, op));
    let errors = ir.error_sets.iter().map(|set| server_error(ir, protocol, set));
    let service_docs = doc_attrs(&format!(
        "The {} as a server implements it: one method per operation, taking its input (already \
         validated) and returning its output or one of its errors.\n\n\
         Every method has a default that answers `501 NotImplemented`, so an operation a later model \
         adds breaks no implementation. Run one with [`serve`] or [`serve_local`].",
        ir.service.title
    ));
    let file = rust_file(quote! {
        //! The server side of the service (feature `server`): implement
        //! [`Service`], then [`serve`] it. Requests are read as the client
        //! writes them, validated with the client's validators (unknown enum
        //! values refused too), and never reach a handler when invalid.
        use std::future::Future;

        use sdk_runtime::error::ConstructionError;
        use sdk_runtime::server::{
            Dispatch, Failure, HandlerResult, Labels, RequestError, RouteError, Routed, ServerRequest, ServerResponse,
        };

        #service_docs
        pub trait Service: Send + Sync + 'static {
            #(#methods)*
        }

        #routes

        /// A [`Service`]'s requests, routed to its methods: what [`serve`] runs.
        pub struct Router<S> {
            service: S,
            observer: Option<sdk_runtime::server::Observer>,
        }

        impl<S: Service> Router<S> {
            /// Routes requests to `service`.
            pub fn new(service: S) -> Self {
                Router { service, observer: None }
            }

            /// The same router, telling `observer` of every call it answers.
            pub fn observed(mut self, observer: sdk_runtime::server::Observer) -> Self {
                self.observer = Some(observer);
                self
            }

            /// The service.
            pub fn service(&self) -> &S {
                &self.service
            }
        }

        impl<S: Service> Dispatch for Router<S> {
            fn protocol(&self) -> &'static dyn sdk_runtime::protocol::Protocol {
                crate::client::SERVICE.protocol
            }

            fn route(&self, request: &ServerRequest) -> Result<Routed, RouteError> {
                #route
            }

            #streams_input

            fn call(&self, routed: Routed, request: ServerRequest) -> sdk_runtime::server::BoxFuture<'_, ServerResponse> {
                let protocol = self.protocol();
                match routed.operation {
                    #(#arms)*
                    _ => Box::pin(async move {
                        sdk_runtime::server::framework_error(protocol, 404, "UnknownOperationException", "no such operation".to_owned())
                    }),
                }
            }
        }

        /// Serves `service` on `addr` until the handle is shut down. Give
        /// `127.0.0.1:0` for a free port on the loopback interface (see
        /// [`serve_local`]); any other address is reachable from the network.
        pub async fn serve<S: Service>(
            addr: std::net::SocketAddr,
            service: S,
        ) -> std::io::Result<sdk_runtime::server::ServerHandle> {
            sdk_runtime::server::serve(addr, std::sync::Arc::new(Router::new(service))).await
        }

        /// Serves `service` on 127.0.0.1, on a free port ([`ServerHandle::url`](sdk_runtime::server::ServerHandle::url) says which).
        pub async fn serve_local<S: Service>(service: S) -> std::io::Result<sdk_runtime::server::ServerHandle> {
            serve(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), service).await
        }

        #(#operations)*
        #(#errors)*
    });
    vec![GeneratedFile::new("src/server.rs", file)]
}

fn trait_method(ir: &Ir, op: &Operation) -> TokenStream {
    let method = &op.fn_name;
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let summary = op.docs.as_deref().map(crate::markdown::prose::first_sentence).unwrap_or_default();
    let docs = doc_attrs(format!("`{}`: {summary}", op.name).trim_end_matches(": "));
    quote! {
        #docs
        fn #method(
            &self,
            input: #input,
        ) -> impl Future<Output = HandlerResult<#output, crate::operation::#error>> + Send {
            let _ = input;
            async { Err(Failure::NotImplemented) }
        }
    }
}

/// `ServerOperation` for an operation's input.
fn server_operation(ir: &Ir, protocol: &dyn ProtocolGenerator, op: &Operation) -> TokenStream {
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let read = protocol.read_request(ir, op);
    let write = protocol.write_output(ir, op);
    let validation = validation_error::of_operation(ir, op).map(|form| validation_error(ir, op, &form));
    quote! {
        impl sdk_runtime::server::ServerOperation for #input {
            fn read_request(request: &mut ServerRequest, labels: &Labels) -> Result<Self, RequestError> {
                #read
            }

            fn write_output(output: #output) -> Result<ServerResponse, ConstructionError> {
                #write
            }

            #validation
        }
    }
}

/// `validation_error`: the operation's own error filled with the violations.
fn validation_error(ir: &Ir, op: &Operation, form: &ValidationErrorForm) -> TokenStream {
    let error_path = type_path(ir, &form.error);
    let variant = &ir.shapes[&form.error].rust_name;
    let error_type = &op.error_type;
    let setter = |shape: &crate::ir::ShapeId, member: &str| {
        ir.structure(shape)
            .and_then(|structure| structure.members.iter().find(|m| m.name == member))
            .map(|member| member.setter.clone())
    };
    let message = form
        .message
        .as_ref()
        .and_then(|member| setter(&form.error, member))
        .map(|setter| quote!(.#setter(sdk_runtime::server::validation_message(violations))));
    let list = form.list.as_ref().and_then(|list| {
        let (member, path, reason) =
            (setter(&form.error, &list.member)?, setter(&list.item, &list.path)?, setter(&list.item, &list.reason)?);
        let item = type_path(ir, &list.item);
        Some(quote! {
            .#member(
                violations
                    .violations()
                    .iter()
                    .map(|violation| #item::builder().#path(violation.path.clone()).#reason(violation.reason()).build())
                    .collect::<Result<Vec<_>, _>>()
                    .ok()?,
            )
        })
    });
    // An error with neither member to fill (only headers, say) is still the
    // answer the client expects; the violations then have nowhere to go.
    let violations = match message.is_none() && list.is_none() {
        true => quote!(_violations),
        false => quote!(violations),
    };
    quote! {
        fn validation_error(#violations: &sdk_runtime::validation::ValidationError) -> Option<Self::Error> {
            let error = #error_path::builder() #message #list .build().ok()?;
            Some(crate::operation::#error_type::#variant(error))
        }
    }
}

/// `ServerError` for an error set's enum: each error as the protocol writes it.
fn server_error(ir: &Ir, protocol: &dyn ProtocolGenerator, set: &ErrorSet) -> TokenStream {
    let name = &set.name;
    let arms = set.errors.iter().map(|id| {
        let variant = &ir.shapes[id].rust_name;
        let write = protocol.write_error(ir, id);
        quote!(Self::#variant(error) => #write,)
    });
    let body = if set.errors.is_empty() { quote!(match *self {}) } else { quote!(match self { #(#arms)* }) };
    quote! {
        impl sdk_runtime::server::ServerError for crate::operation::#name {
            fn to_response(&self) -> Result<ServerResponse, ConstructionError> {
                #body
            }
        }
    }
}
