//! A waiter's builder (`WaitUntilThingReady`): the operation's input setters
//! (from the input's `#[shape]`), its definition as a
//! `sdk_runtime::waiter::Waiter` const, and `wait(max_wait)`. The polling,
//! matching and back-off are the runtime's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::describe::acceptor_lines;
use crate::emit::rust_types::type_path;
use crate::ir::{Acceptor, AcceptorState, Comparator, Ir, Matcher, Operation, PathMatcher, Waiter};
use crate::markdown::rustdoc::doc_attrs;

/// Every waiter builder of `op`.
pub fn emit(ir: &Ir, op: &Operation) -> TokenStream {
    let builders = op.waiters.iter().map(|waiter| builder(ir, op, waiter));
    quote!(#(#builders)*)
}

fn builder(ir: &Ir, op: &Operation, waiter: &Waiter) -> TokenStream {
    let fluent = &waiter.fluent;
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let doc = format!(" Waiter builder for [`Client::{0}`](crate::Client::{0}).", waiter.method);
    let definition = definition(waiter);
    let result = quote! {
        Result<sdk_runtime::waiter::FinalPoll<#output, #error>, sdk_runtime::waiter::WaiterError<#output, #error>>
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #fluent { pub(crate) client: crate::Client, pub(crate) input: #input }

        impl #fluent {
            /// The waiter as the model declares it: its delays and acceptors.
            pub const WAITER: sdk_runtime::waiter::Waiter = #definition;

            /// Polls until an acceptor ends the wait, for at most `max_wait`.
            pub async fn wait(self, max_wait: std::time::Duration) -> #result {
                self.wait_with(sdk_runtime::waiter::WaitSettings::new(max_wait)).await
            }

            /// Polls until an acceptor ends the wait, with these settings
            /// (the maximum wait, and delays other than the model's).
            pub async fn wait_with(self, settings: sdk_runtime::waiter::WaitSettings) -> #result {
                let client = self.client;
                sdk_runtime::waiter::wait(&Self::WAITER, settings, self.input, move |input| {
                    let client = client.clone();
                    async move { client.send(input).await }
                })
                .await
            }
        }
    }
}

/// The `sdk_runtime::waiter::Waiter` a waiter is, as a constant expression.
fn definition(waiter: &Waiter) -> TokenStream {
    let name = &waiter.name;
    let min = Literal::u64_unsuffixed(waiter.min_delay);
    let max = Literal::u64_unsuffixed(waiter.max_delay);
    let acceptors = waiter.acceptors.iter().map(acceptor);
    quote! {
        sdk_runtime::waiter::Waiter {
            name: #name,
            min_delay: std::time::Duration::from_secs(#min),
            max_delay: std::time::Duration::from_secs(#max),
            acceptors: &[#(#acceptors),*],
        }
    }
}

fn acceptor(acceptor: &Acceptor) -> TokenStream {
    let state = match acceptor.state {
        AcceptorState::Success => quote!(Success),
        AcceptorState::Failure => quote!(Failure),
        AcceptorState::Retry => quote!(Retry),
    };
    let path = |path: &PathMatcher| {
        let (text, expected) = (&path.path, &path.expected);
        let comparator = match path.comparator {
            Comparator::StringEquals => quote!(StringEquals),
            Comparator::BooleanEquals => quote!(BooleanEquals),
            Comparator::AllStringEquals => quote!(AllStringEquals),
            Comparator::AnyStringEquals => quote!(AnyStringEquals),
        };
        quote! {
            sdk_runtime::waiter::PathMatcher {
                path: #text,
                expected: #expected,
                comparator: sdk_runtime::waiter::Comparator::#comparator,
            }
        }
    };
    let matcher = match &acceptor.matcher {
        Matcher::Output(matcher) => {
            let matcher = path(matcher);
            quote!(Output(#matcher))
        }
        Matcher::InputOutput(matcher) => {
            let matcher = path(matcher);
            quote!(InputOutput(#matcher))
        }
        Matcher::Success(success) => quote!(Success(#success)),
        Matcher::ErrorType(name) => quote!(ErrorType(#name)),
    };
    quote! {
        sdk_runtime::waiter::Acceptor {
            state: sdk_runtime::waiter::State::#state,
            matcher: sdk_runtime::waiter::Matcher::#matcher,
        }
    }
}

/// The client's `wait_until_…` methods for `op`'s waiters.
pub fn client_methods(op: &Operation) -> TokenStream {
    let methods = op.waiters.iter().map(|waiter| {
        let method = &waiter.method;
        let fluent = &waiter.fluent;
        let docs = doc_attrs(&waiter_docs(op, waiter));
        let deprecated = waiter.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
        quote! {
            #docs
            #deprecated
            pub fn #method(&self) -> crate::operation::#fluent {
                crate::operation::#fluent { client: self.clone(), input: Default::default() }
            }
        }
    });
    quote!(#(#methods)*)
}

/// A waiter's docs: the model's text, then how it polls and what each acceptor does.
fn waiter_docs(op: &Operation, waiter: &Waiter) -> String {
    let mut text = waiter.docs.clone().unwrap_or_else(|| format!("Waits until `{}` is reached.", waiter.name));
    let every = match (waiter.min_delay, waiter.max_delay) {
        (1, 1) => "every second".to_owned(),
        (min, max) if min == max => format!("every {min} seconds"),
        (min, max) => format!("every {min} to {max} seconds (jittered, growing)"),
    };
    text.push_str(&format!(
        "\n\nSet the input of `{}`, then `wait(max_wait)` polls it {every} until an acceptor ends the wait:\n\n",
        op.name
    ));
    for line in acceptor_lines(waiter) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str("\nOtherwise an output polls again and an error ends the wait with that error.");
    text
}
