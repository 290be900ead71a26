//! `src/client.rs`: the `Client`, with one method per operation returning
//! the operation's fluent builder, and what the runtime needs to know about
//! the service. The machinery (endpoints, signing, retries) is the runtime's.

use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use crate::config::Config;
use crate::ir::{Ir, Operation};
use crate::markdown::rustdoc::doc_attrs;

/// The rule set of a service whose model has none: the configured endpoint
/// URL, else an error that says to configure one.
const NO_RULES: &str = r#"{"version":"1.0","parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint","required":false,"documentation":"The endpoint URL."}},"rules":[{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"}}},{"type":"error","conditions":[],"error":"the service's model has no endpoint rules: configure an endpoint URL"}]}"#;

/// `src/client.rs`.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    let service = &ir.service;
    let sdk_id = service.sdk_id.clone().unwrap_or_else(|| service.id.name().to_owned());
    let signing_name =
        service.signing_name.clone().unwrap_or_else(|| service.endpoint_prefix.clone().unwrap_or_default());
    let rules = match &service.endpoint_rule_set {
        Some(rules) => rules.to_string(),
        None => NO_RULES.to_owned(),
    };
    let version = &service.version;
    let protocol = crate::emit::protocol::generator(ir).runtime_protocol(ir);
    let client_doc = doc_attrs(&format!(
        "A client for the {}.\n\nEach operation has a method that returns a fluent builder; set its members, \
         then `send()` it. [`Client::send`](crate::Client::send) sends a prebuilt input instead.",
        service.title
    ));
    let methods = ir.operations.iter().map(|op| {
        let method = &op.fn_name;
        let fluent = &op.fluent;
        let docs = doc_attrs(&operation_docs(ir, op));
        let waiters = super::operations::waiter::client_methods(op);
        let examples = super::examples::rustdoc(ir, op, &config.crate_ident());
        let deprecated = super::types::deprecated(&op.deprecated);
        quote! {
            #docs
            #examples
            #deprecated
            pub fn #method(&self) -> crate::operation::#fluent {
                crate::operation::#fluent { client: self.clone(), input: Default::default() }
            }

            #waiters
        }
    });
    let file = rust_file(quote! {
        //! The client and its configuration.
        use sdk_runtime::client::{Handle, ServiceInfo, SignedRequest};
        use sdk_runtime::config::{Config, ConfigError};
        use sdk_runtime::error::SdkError;
        use sdk_runtime::operation::Operation;

        /// What the runtime needs to know about the service: its ids, version,
        /// endpoint rules and protocol (for code that builds a [`Handle`] of its
        /// own, such as the endpoint tests).
        pub static SERVICE: ServiceInfo = ServiceInfo {
            sdk_id: #sdk_id,
            signing_name: #signing_name,
            endpoint_rule_set_json: #rules,
            api_version: #version,
            protocol: #protocol,
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

            /// The request [`send`](Self::send) would send for `input` (method,
            /// URL, signed headers, body), without sending it.
            pub async fn dry_run<I: Operation>(&self, input: I) -> Result<SignedRequest, SdkError<I::Error>> {
                sdk_runtime::operation::dry_run(&self.handle, input).await
            }

            #(#methods)*
        }
    });
    vec![GeneratedFile::new("src/client.rs", file)]
}

/// An operation's docs: the model's text, then its route, errors and constraints.
fn operation_docs(ir: &Ir, op: &Operation) -> String {
    let mut text = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.name));
    text.push_str("\n\n");
    text.push_str(&super::describe::operation_summary(ir, op));
    text
}
