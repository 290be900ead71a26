//! `tests/endpoint_tests.rs`, for a model whose service carries
//! `smithy.rules#endpointTests`: one Rust test per case. Each case's
//! parameters go where a real call takes them from — built-ins and client
//! context parameters into the configuration, static context parameters into
//! the operation's description, the rest into what the input binds — and the
//! endpoint is resolved through the client's own resolver. A case with
//! `operationInputs` builds each input and resolves through its operation.
//! A case this SDK cannot set up is emitted ignored, with the reason.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{PLACEHOLDER, docs, ignored};
use crate::emit::protocol::static_param;
use crate::emit::rust_types::type_path;
use crate::emit::values;
use crate::ir::Ir;
use crate::ir::endpoints::{EndpointTest, Expectation, ParamValue};

/// The tests, each written with the placeholder name, and the id its name comes from.
pub fn tests(ir: &Ir) -> Vec<(String, TokenStream)> {
    ir.service
        .endpoint_tests
        .iter()
        .enumerate()
        .map(|(index, case)| {
            let id = format!("endpoint_case_{}", index + 1);
            let docs = docs(&id, &case.documentation);
            let body = match test(ir, case) {
                Ok(body) => {
                    let name = format_ident!("{}", PLACEHOLDER);
                    quote! {
                        #docs
                        #[test]
                        fn #name() { #body }
                    }
                }
                Err(why) => ignored(docs, &why),
            };
            (id, body)
        })
        .collect()
}

/// Where a case's parameter values go.
#[derive(Default)]
struct Setup {
    config: Vec<TokenStream>,
    statics: Vec<TokenStream>,
    input: Vec<TokenStream>,
}

fn test(ir: &Ir, case: &EndpointTest) -> Result<TokenStream, String> {
    let expected = expected(case)?;
    let statics: BTreeSet<&str> =
        ir.operations.iter().flat_map(|op| op.static_context_params.iter().map(|(name, _)| name.as_str())).collect();
    let mut setup = Setup::default();
    for (name, value) in &case.params {
        route(ir, &statics, name, value, &mut setup)?;
    }
    if case.operation_inputs.is_empty() {
        unset_built_ins(ir, &case.params)?;
        let Setup { config, statics, input } = setup;
        return Ok(quote! {
            let config = sdk_runtime::config::Config::builder() #(#config)* .build();
            let op = sdk_runtime::client::OperationInfo::new("EndpointTest").with_static_context_params(&[#(#statics),*]);
            let input = sdk_runtime::endpoint::InputParams::new() #(#input)*;
            sdk_runtime::protocol_test::assert_endpoint(crate::client::SERVICE, config, &op, &input, &#expected);
        });
    }
    let mut calls = Vec::new();
    for call in &case.operation_inputs {
        let op = ir
            .operations
            .iter()
            .find(|op| op.name == call.operation || op.id.name() == call.operation)
            .ok_or_else(|| format!("operation `{}` is not in the model", call.operation))?;
        let mut config = setup.config.clone();
        let mut params = case.params.clone();
        for (built_in, value) in &call.built_ins {
            let setting = built_in_setting(built_in, value)?;
            config.push(setting);
            // A built-in set for the call counts as set for the check below.
            if let Some(param) = ir.service.rule_params.values().find(|p| p.built_in.as_deref() == Some(built_in)) {
                params.insert(param.name.clone(), value.clone());
            }
        }
        for (name, value) in &call.client_params {
            let value = param_value(name, value)?;
            config.push(quote!(.client_context_param(#name, #value)));
        }
        unset_built_ins(ir, &params)?;
        let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
        let input = values::structure_value(ir, &type_path(ir, &op.input), members, &call.params)
            .map_err(|why| format!("operationParams: {why}"))?;
        calls.push(quote! {
            let config = sdk_runtime::config::Config::builder() #(#config)* .build();
            sdk_runtime::protocol_test::assert_endpoint_for(crate::client::SERVICE, config, &#input, &#expected);
        });
    }
    Ok(quote!(#(#calls)*))
}

/// Sends one parameter where a real call takes it from.
fn route(ir: &Ir, statics: &BTreeSet<&str>, name: &str, value: &Value, setup: &mut Setup) -> Result<(), String> {
    let param = ir
        .service
        .rule_params
        .get(name)
        .ok_or_else(|| format!("the case sets `{name}`, which the rule set does not declare"))?;
    if let Some(built_in) = &param.built_in {
        setup.config.push(built_in_setting(built_in, value)?);
    } else if ir.service.client_context_params.iter().any(|p| p.name == name) {
        let value = param_value(name, value)?;
        setup.config.push(quote!(.client_context_param(#name, #value)));
    } else if statics.contains(name) {
        let value =
            ParamValue::from_json(value).ok_or_else(|| format!("`{name}` is not a string, boolean or string array"))?;
        setup.statics.push(static_param(name, &value));
    } else {
        let value = param_value(name, value)?;
        setup.input.push(quote!(.context_param(#name, Some(#value))));
    }
    Ok(())
}

/// The configuration setter of a built-in.
fn built_in_setting(built_in: &str, value: &Value) -> Result<TokenStream, String> {
    Ok(match (built_in, value) {
        ("AWS::Region", Value::String(region)) => quote!(.region(#region)),
        ("AWS::UseFIPS", Value::Bool(flag)) => quote!(.use_fips(#flag)),
        ("AWS::UseDualStack", Value::Bool(flag)) => quote!(.use_dual_stack(#flag)),
        ("SDK::Endpoint", Value::String(url)) => quote!(.endpoint_url(#url)),
        _ => return Err(format!("the built-in `{built_in}` has no configuration setting in this SDK")),
    })
}

/// The configuration always gives the boolean built-ins a value (false),
/// so a case that leaves one unset can only be run when the parameter's
/// default is the same.
fn unset_built_ins(ir: &Ir, params: &BTreeMap<String, Value>) -> Result<(), String> {
    for param in ir.service.rule_params.values() {
        let boolean = matches!(param.built_in.as_deref(), Some("AWS::UseFIPS" | "AWS::UseDualStack"));
        if boolean && !param.has_default && !params.contains_key(&param.name) {
            return Err(format!("`{}` has no default, and the configuration always sets it", param.name));
        }
    }
    Ok(())
}

/// A parameter value as a Rust expression the runtime's `Value` converts from.
fn param_value(name: &str, value: &Value) -> Result<TokenStream, String> {
    Ok(match ParamValue::from_json(value) {
        Some(ParamValue::String(text)) => quote!(#text),
        Some(ParamValue::Bool(flag)) => quote!(#flag),
        Some(ParamValue::StringArray(items)) => quote!(&[#(#items),*][..]),
        None => return Err(format!("`{name}` is not a string, boolean or string array")),
    })
}

fn expected(case: &EndpointTest) -> Result<TokenStream, String> {
    match &case.expect {
        Some(Expectation::Error(message)) => Ok(quote!(sdk_runtime::protocol_test::ExpectedEndpoint::Error(#message))),
        Some(Expectation::Endpoint { url, headers, properties }) => {
            let headers = headers.iter().map(|(name, values)| quote!((#name, &[#(#values),*][..])));
            let properties = serde_json::to_string(properties).map_err(|e| e.to_string())?;
            Ok(
                quote!(sdk_runtime::protocol_test::ExpectedEndpoint::Endpoint { url: #url, headers: &[#(#headers),*], properties: #properties }),
            )
        }
        None => Err("the case expects neither an endpoint nor an error".to_owned()),
    }
}
