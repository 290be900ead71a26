//! The integration tests, one binary (each test binary costs a link):
//!
//! | module | what it checks |
//! |---|---|
//! | [`model_validation`], [`model_fuzz`], [`model_docs`] | the loader and validator: every problem reported with its shape, no panic on any input, documentation carried |
//! | [`architecture`] | ARCHITECTURE.md names only paths that exist |
//! | [`determinism`] | same model, same output, whatever the JSON key order |
//! | [`reference_docs`] | the Markdown API reference: headers, links and anchors that resolve |
//! | [`naming`] | the naming obstacle course's generated crate, over HTTP |
//! | [`generality`] | what published models use: shared inputs, ECMA-262 patterns, enum-keyed maps, defaults |
//! | [`generated_validation`], [`generated_roundtrip`] | the Wickr SDK's validators and JSON forms |
//! | [`client_operations`], [`client_behaviour`] | the Wickr SDK's client over HTTP on 127.0.0.1 |
//! | [`cli`] | the generated `wickr-admin` tool, run as a user runs it |
//! | [`cli_output`] | what generated tools print: whole outputs by member name, dry-run bodies |
//! | [`cli_formats`] | every `--output` format and `--query` against the AWS CLI's own output; completion, skeletons |
//! | [`diff`] | the API change report |
//! | [`downstream`] | the error codes of `tests/downstream`'s `compile_fail` examples |
//! | [`waiters`] | the waiters fixture's `wait_until_…` over HTTP, and its tool's `wait` commands |
//! | [`streaming`] | `@streaming` bodies over HTTP, larger than memory should hold, and through the tool |
//! | [`memory`] | the allocator that counts what each thread holds, for [`streaming`] |
//! | [`traits`] | behaviour traits over HTTP: `@auth`, `@optionalAuth` |
//! | [`wire_shapes`] | unions, documents, lists and maps, blobs, timestamps and recursive shapes through a fixture's client and back |
//! | [`sensitive`] | `@sensitive` labels, query parameters, headers and body members: sent, but never shown |
//! | [`server`] | the generated server and the mocks on it: retries, pages, waiters, unmatched calls, validation answers, malformed requests |
//! | [`aws_json`] | the awsJson protocol over HTTP: targets, typed errors, query-compatible codes, pages, waiters, the tool |

mod architecture;
mod aws_json;
mod cli;
mod cli_formats;
mod cli_output;
mod client_behaviour;
mod client_operations;
mod determinism;
mod diff;
mod downstream;
mod generality;
mod generated_roundtrip;
mod generated_validation;
mod memory;
mod model_docs;
mod model_fuzz;
mod model_validation;
mod naming;
mod reference_docs;
mod sensitive;
mod server;
mod streaming;
mod traits;
mod waiters;
mod wire_shapes;

/// Counts what each thread holds (see [`memory`]).
#[global_allocator]
static ALLOCATOR: memory::Counting = memory::Counting;
