//! `src/mock.rs` (the crate's `test-util` feature): a mock of the service
//! for tests of code that uses the SDK. It is the generated server, run on
//! 127.0.0.1 with `sdk_runtime::server::mock::MockEngine` as every
//! operation's handler, so calls cross real HTTP through the whole client.

use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::type_path;
use crate::config::Config;
use crate::ir::Ir;
use crate::markdown::rustdoc::doc_attrs;

/// `src/mock.rs`.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    let krate = quote::format_ident!("{}", config.crate_ident());
    let rules = ir.operations.iter().map(|op| {
        let rule = &op.mock_rule;
        let input = type_path(ir, &op.input);
        let name = &op.name;
        let docs = doc_attrs(&format!("A rule for `{name}` calls: add answers, then `add()` it."));
        quote! {
            #docs
            pub fn #rule(&self) -> Rule<#input> {
                Rule::new(self.engine.clone(), #name)
            }
        }
    });
    let handlers = ir.operations.iter().map(|op| {
        let method = &op.fn_name;
        let input = type_path(ir, &op.input);
        let output = type_path(ir, &op.output);
        let error = &op.error_type;
        let name = &op.name;
        quote! {
            fn #method(
                &self,
                input: #input,
            ) -> impl std::future::Future<Output = HandlerResult<#output, crate::operation::#error>> + Send {
                std::future::ready(self.0.answer(#name, input))
            }
        }
    });
    let file_operations = ir.operations.iter().map(|op| {
        let input = type_path(ir, &op.input);
        let name = &op.name;
        quote!(sdk_runtime::server::mock_file::FileOperation::of::<#input>(#name))
    });
    let named_errors = ir.error_sets.iter().map(|set| {
        let enum_name = &set.name;
        let names: Vec<_> = set.errors.iter().map(|id| id.name()).collect();
        let arms = set.errors.iter().map(|id| {
            let name = id.name();
            let path = type_path(ir, id);
            let variant = &ir.shapes[id].rust_name;
            quote! {
                #name => Some(sdk_runtime::de::from_value_strict::<#path>(members).map(Self::#variant).map_err(|e| e.to_string())),
            }
        });
        let body = if set.errors.is_empty() {
            quote! { let _ = (name, members); None }
        } else {
            quote! { match name { #(#arms)* _ => None } }
        };
        quote! {
            impl sdk_runtime::server::mock_file::NamedErrors for crate::operation::#enum_name {
                const NAMES: &'static [&'static str] = &[#(#names),*];
                fn from_json(name: &str, members: serde_json::Value) -> Option<Result<Self, String>> { #body }
            }
        }
    });
    let binary = &config.cli.binary;
    let first = ir.operations.first().map(|op| {
        let output = type_path(ir, &op.output).to_string().replace(' ', "").replace("crate::", &format!("{krate}::"));
        (op.mock_rule.clone(), op.fn_name.clone(), output)
    });
    let example = match first {
        Some((rule, method, output)) => format!(
            "```no_run\n\
             # async fn demo() -> Result<(), Box<dyn std::error::Error>> {{\n\
             let mock = {krate}::mock::MockServer::start().await?;\n\
             mock.{rule}().respond({output}::builder().build()?).add();\n\
             let client = mock.client();\n\
             // … the code under test calls `client.{method}()` …\n\
             mock.verify()?; // every answer given, every call matched\n\
             # Ok(()) }}\n\
             ```"
        ),
        None => String::new(),
    };
    let server_docs = doc_attrs(&format!(
        "A mock of the {} on 127.0.0.1, for tests of code that uses this SDK: set rules with the \
         `on_…` methods, hand [`client`](Self::client) to the code under test, then [`verify`](Self::verify). \
         Every call goes over HTTP through the whole client (validation, signing, retries, pagination, \
         waiters), is recorded with its typed input ([`calls`](Self::calls)), and is answered by the first \
         rule that takes it; one that no rule takes is answered with an error naming its operation, its \
         input and why each rule did not take it.\n\n{example}",
        ir.service.title
    ));
    let file = rust_file(quote! {
        //! Mocks for tests of code that uses this SDK (feature `test-util`).
        use std::sync::Arc;

        use sdk_runtime::server::HandlerResult;
        use sdk_runtime::server::mock::{MockEngine, MockReport, Mode, Rule};

        #server_docs
        pub struct MockServer {
            engine: Arc<MockEngine>,
            handle: sdk_runtime::server::ServerHandle,
        }

        impl MockServer {
            /// Starts a mock whose calls take the first rule that matches.
            pub async fn start() -> std::io::Result<MockServer> {
                Self::start_with(Mode::FirstMatch).await
            }

            /// Starts a mock whose rules are matched in `mode`.
            pub async fn start_with(mode: Mode) -> std::io::Result<MockServer> {
                let engine = Arc::new(MockEngine::new(crate::client::SERVICE.protocol, mode));
                let handle = crate::server::serve_local(Mocked(engine.clone())).await?;
                Ok(MockServer { engine, handle })
            }

            /// The mock's URL, for any client's endpoint URL setting.
            pub fn url(&self) -> String {
                self.handle.url()
            }

            /// A client configuration for the mock: its URL, a region, test
            /// credentials, and retries without waiting; change what the test needs.
            pub fn config(&self) -> sdk_runtime::config::ConfigBuilder {
                sdk_runtime::server::mock::client_config(&self.url())
            }

            /// A client of the mock.
            pub fn client(&self) -> crate::Client {
                crate::Client::from_conf(self.config().build())
            }

            /// The inputs of every call of the operation whose input is `I`, in order.
            pub fn calls<I: Clone + 'static>(&self) -> Vec<I> {
                self.engine.calls()
            }

            /// `Ok` when every rule gave all its answers and every call found a rule.
            pub fn verify(&self) -> Result<(), MockReport> {
                self.engine.verify()
            }

            /// Stops the mock, letting calls in flight finish.
            pub async fn shutdown(self) {
                self.handle.shutdown().await
            }

            #(#rules)*
        }

        /// The service as `mock-server` (the tool's command, with this feature)
        /// serves a rules file.
        pub static FILE_SPEC: sdk_runtime::server::mock_file::MockFileSpec = sdk_runtime::server::mock_file::MockFileSpec {
            binary: #binary,
            protocol: crate::client::SERVICE.protocol,
            operations: &[#(#file_operations),*],
            router: file_router,
        };

        fn file_router(
            engine: Arc<MockEngine>,
            observer: Option<sdk_runtime::server::Observer>,
        ) -> Box<dyn sdk_runtime::server::Dispatch> {
            let router = crate::server::Router::new(Mocked(engine));
            Box::new(match observer {
                Some(observer) => router.observed(observer),
                None => router,
            })
        }

        #(#named_errors)*

        /// Every operation answered by the engine.
        struct Mocked(Arc<MockEngine>);

        impl crate::server::Service for Mocked {
            #(#handlers)*
        }
    });
    vec![GeneratedFile::new("src/mock.rs", file)]
}
