//! Endpoint rules: our own fixture rule sets (`fixtures/endpoints/*.json`,
//! one per group of functions, each case resolved through a client handle as
//! a call would be), the Wickr rule set from the model, caching, and
//! per-call parameters reaching the request on the wire.
//!
//! A fixture case names where each value comes from: `config` (built-ins and
//! `clientContext`), `static`, `context` and `operationContext`; it expects
//! either `url` (with `headers` and `properties`, empty when absent) or an
//! `error` (the error's text).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::Value as Json;
use test_support::{Reply, TestServer};

use sdk_runtime::client::{Handle, OperationInfo, ServiceInfo};
use sdk_runtime::config::Config;
use sdk_runtime::credentials::Credentials;
use sdk_runtime::endpoint::{Bindings, BuiltIns, EndpointErrorKind, InputParams, RuleSet, StaticValue, Value};
use sdk_runtime::error::{ConstructionError, DeserializationError};
use sdk_runtime::http::{HttpRequest, HttpResponse, Method};
use sdk_runtime::operation::{ModeledError, Operation};
use sdk_runtime::validation::{Validate, Violations};

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn service(rule_set_json: &'static str) -> ServiceInfo {
    ServiceInfo {
        sdk_id: "Fixture",
        signing_name: "fixture",
        endpoint_rule_set_json: rule_set_json,
        api_version: "1",
        protocol: &sdk_runtime::protocol::RestJson1,
    }
}

fn value(json: &Json) -> Value {
    match json {
        Json::String(s) => Value::from(s.as_str()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Array(items) => Value::Array(items.iter().map(value).collect()),
        other => panic!("not a parameter value: {other}"),
    }
}

fn static_value(json: &Json) -> StaticValue {
    match json {
        Json::String(s) => StaticValue::String(leak(s.clone())),
        Json::Bool(b) => StaticValue::Bool(*b),
        Json::Array(items) => StaticValue::StringArray(Box::leak(
            items.iter().map(|i| leak(i.as_str().unwrap().to_owned())).collect::<Vec<_>>().into_boxed_slice(),
        )),
        other => panic!("not a static value: {other}"),
    }
}

fn entries<'a>(case: &'a Json, key: &str) -> impl Iterator<Item = (&'a String, &'a Json)> {
    case.get(key).and_then(Json::as_object).into_iter().flatten()
}

/// Resolves one fixture case the way a call does: config → handle, static
/// values → the operation, the rest → the call's input parameters.
fn resolve_case(rules: &'static str, case: &Json) -> Result<Json, String> {
    let config = &case["config"];
    let mut builder = Config::builder()
        .use_fips(config["useFips"].as_bool().unwrap_or(false))
        .use_dual_stack(config["useDualStack"].as_bool().unwrap_or(false));
    if let Some(region) = config["region"].as_str() {
        builder = builder.region(region);
    }
    if let Some(endpoint) = config["endpoint"].as_str() {
        builder = builder.endpoint_url(endpoint);
    }
    for (name, v) in entries(config, "clientContext") {
        builder = builder.client_context_param(name.as_str(), value(v));
    }
    let statics: Vec<(&'static str, StaticValue)> =
        entries(case, "static").map(|(name, v)| (leak(name.clone()), static_value(v))).collect();
    let op = OperationInfo::new("Fixture").with_static_context_params(Box::leak(statics.into_boxed_slice()));
    let mut input = InputParams::new();
    for (name, v) in entries(case, "context") {
        input = input.context_param(name, Some(value(v)));
    }
    for (name, v) in entries(case, "operationContext") {
        input = input.operation_context_param(name, Some(value(v)));
    }
    let endpoint =
        Handle::new(builder.build(), service(rules)).resolve_endpoint_for(&op, &input).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({
        "url": endpoint.url(),
        "headers": endpoint.headers(),
        "properties": endpoint.properties().iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<serde_json::Map<_, _>>(),
    }))
}

fn expected(case: &Json) -> Result<Json, String> {
    let expect = &case["expect"];
    if let Some(error) = expect.get("error") {
        return Err(error.as_str().unwrap().to_owned());
    }
    let or_empty = |key: &str| expect.get(key).cloned().unwrap_or_else(|| serde_json::json!({}));
    Ok(serde_json::json!({"url": expect["url"], "headers": or_empty("headers"), "properties": or_empty("properties")}))
}

fn fixtures() -> Vec<(String, Json)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/endpoints");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), serde_json::from_str(&text).unwrap())
        })
        .collect()
}

#[test]
fn fixture_cases_resolve_as_expected() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, fixture) in fixtures() {
        let rules = leak(fixture["ruleSet"].to_string());
        for case in fixture["cases"].as_array().unwrap() {
            count += 1;
            let (got, want) = (resolve_case(rules, case), expected(case));
            if got != want {
                failures.push(format!("{file}: {}\n   got {got:?}\n  want {want:?}", case["doc"]));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 50, "only {count} cases");
}

/// The fixtures keep covering every library function and every kind of
/// expectation as they change.
#[test]
fn fixtures_cover_every_function_and_expectation() {
    fn functions(json: &Json, out: &mut BTreeSet<String>) {
        match json {
            Json::Object(map) => {
                if let Some(Json::String(name)) = map.get("fn") {
                    out.insert(name.clone());
                }
                map.values().for_each(|v| functions(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| functions(v, out)),
            _ => {}
        }
    }
    let mut used = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for (_, fixture) in fixtures() {
        functions(&fixture["ruleSet"], &mut used);
        for case in fixture["cases"].as_array().unwrap() {
            for kind in ["url", "headers", "properties", "error"] {
                if case["expect"].get(kind).is_some() {
                    kinds.insert(kind);
                }
            }
            for source in ["static", "context", "operationContext"] {
                if case.get(source).is_some() {
                    kinds.insert(source);
                }
            }
            if case["config"].get("clientContext").is_some() {
                kinds.insert("clientContext");
            }
        }
    }
    let library = [
        "aws.isVirtualHostableS3Bucket",
        "aws.parseArn",
        "aws.partition",
        "booleanEquals",
        "coalesce",
        "getAttr",
        "isSet",
        "isValidHostLabel",
        "ite",
        "not",
        "parseURL",
        "split",
        "stringEquals",
        "substring",
        "uriEncode",
    ];
    assert_eq!(used, library.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        kinds,
        BTreeSet::from([
            "clientContext",
            "context",
            "error",
            "headers",
            "operationContext",
            "properties",
            "static",
            "url"
        ])
    );
}

fn wickr_rule_set_json() -> &'static str {
    static JSON: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/wickr.json");
        let model: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        leak(model["shapes"]["com.amazonaws.wickr#WickrAdminApi"]["traits"]["smithy.rules#endpointRuleSet"].to_string())
    })
}

/// The Wickr rule set from the model, resolved for each kind of region.
/// Expected URLs were worked out by hand from the rules and
/// data/partitions.json: `https://admin.wickr[-fips].{Region}.{suffix}` where
/// the suffix is the partition's `dnsSuffix`, or `dualStackDnsSuffix` with
/// dual-stack on.
#[test]
fn wickr_resolution_table() {
    let rules = RuleSet::from_json_str(wickr_rule_set_json()).unwrap();
    let resolve = |region: Option<&str>, fips: bool, dual_stack: bool, endpoint: Option<&str>| {
        let built_ins = BuiltIns {
            region: region.map(str::to_owned),
            use_fips: fips,
            use_dual_stack: dual_stack,
            endpoint: endpoint.map(str::to_owned),
        };
        let params = rules.bind(&Bindings { built_ins: Some(&built_ins), ..Bindings::default() }).unwrap();
        rules.resolve(&params).map(|e| e.url().to_owned()).map_err(|e| e.to_string())
    };
    let ok = |url: &str| Ok::<String, String>(url.to_owned());
    // (region, FIPS, dual-stack, custom endpoint, expected URL or error message)
    type Case<'a> = (Option<&'a str>, bool, bool, Option<&'a str>, Result<String, String>);
    let cases: Vec<Case> = vec![
        // Standard partition.
        (Some("us-east-1"), false, false, None, ok("https://admin.wickr.us-east-1.amazonaws.com")),
        (Some("eu-west-2"), false, false, None, ok("https://admin.wickr.eu-west-2.amazonaws.com")),
        (Some("us-east-1"), true, false, None, ok("https://admin.wickr-fips.us-east-1.amazonaws.com")),
        (Some("us-east-1"), false, true, None, ok("https://admin.wickr.us-east-1.api.aws")),
        (Some("us-east-1"), true, true, None, ok("https://admin.wickr-fips.us-east-1.api.aws")),
        // China.
        (Some("cn-north-1"), false, false, None, ok("https://admin.wickr.cn-north-1.amazonaws.com.cn")),
        (Some("cn-north-1"), true, false, None, ok("https://admin.wickr-fips.cn-north-1.amazonaws.com.cn")),
        (Some("cn-north-1"), false, true, None, ok("https://admin.wickr.cn-north-1.api.amazonwebservices.com.cn")),
        (Some("cn-north-1"), true, true, None, ok("https://admin.wickr-fips.cn-north-1.api.amazonwebservices.com.cn")),
        // GovCloud.
        (Some("us-gov-west-1"), false, false, None, ok("https://admin.wickr.us-gov-west-1.amazonaws.com")),
        (Some("us-gov-west-1"), true, false, None, ok("https://admin.wickr-fips.us-gov-west-1.amazonaws.com")),
        (Some("us-gov-west-1"), true, true, None, ok("https://admin.wickr-fips.us-gov-west-1.api.aws")),
        // ISO.
        (Some("us-iso-east-1"), false, false, None, ok("https://admin.wickr.us-iso-east-1.c2s.ic.gov")),
        (Some("us-iso-east-1"), true, false, None, ok("https://admin.wickr-fips.us-iso-east-1.c2s.ic.gov")),
        (Some("us-iso-east-1"), false, true, None, ok("https://admin.wickr.us-iso-east-1.api.aws.ic.gov")),
        (Some("us-isob-east-1"), false, false, None, ok("https://admin.wickr.us-isob-east-1.sc2s.sgov.gov")),
        // Custom endpoint, with or without a region.
        (Some("us-east-1"), false, false, Some("https://example.com"), ok("https://example.com")),
        (None, false, false, Some("http://127.0.0.1:8080/base"), ok("http://127.0.0.1:8080/base")),
        // Errors.
        (
            Some("us-east-1"),
            true,
            false,
            Some("https://example.com"),
            Err("Invalid Configuration: FIPS and custom endpoint are not supported".to_owned()),
        ),
        (
            Some("us-east-1"),
            false,
            true,
            Some("https://example.com"),
            Err("Invalid Configuration: Dualstack and custom endpoint are not supported".to_owned()),
        ),
        (None, false, false, None, Err("Invalid Configuration: Missing Region".to_owned())),
    ];
    for (region, fips, dual_stack, endpoint, expected) in cases {
        assert_eq!(
            resolve(region, fips, dual_stack, endpoint),
            expected,
            "{region:?} fips={fips} dualstack={dual_stack} {endpoint:?}"
        );
    }
}

#[test]
fn wickr_parameters_and_built_ins_are_read_from_the_rule_set() {
    let rules = RuleSet::from_json_str(wickr_rule_set_json()).unwrap();
    let mut built_ins: Vec<(&str, Option<&str>)> =
        rules.parameters().iter().map(|p| (p.name(), p.built_in())).collect();
    built_ins.sort();
    assert_eq!(
        built_ins,
        [
            ("Endpoint", Some("SDK::Endpoint")),
            ("Region", Some("AWS::Region")),
            ("UseDualStack", Some("AWS::UseDualStack")),
            ("UseFIPS", Some("AWS::UseFIPS")),
        ]
    );
    let error = rules
        .resolve(&sdk_runtime::endpoint::Params::new().with("UseFIPS", true).with("Endpoint", "https://x"))
        .unwrap_err();
    assert_eq!(error.kind(), &EndpointErrorKind::Rule);
}

#[test]
fn handles_cache_by_the_full_parameter_set() {
    let handle =
        Handle::new(Config::builder().region("us-gov-west-1").use_fips(true).build(), service(wickr_rule_set_json()));
    let endpoint = handle.resolve_endpoint().unwrap();
    assert_eq!(endpoint.url(), "https://admin.wickr-fips.us-gov-west-1.amazonaws.com");
    assert!(Arc::ptr_eq(&handle.resolve_endpoint().unwrap(), &endpoint));

    let rules = leak(fixtures().into_iter().find(|(f, _)| f == "binding.json").unwrap().1["ruleSet"].to_string());
    let handle = Handle::new(Config::builder().region("us-east-1").build(), service(rules));
    const PLAIN: OperationInfo = OperationInfo::new("Plain");
    const BETA: OperationInfo =
        OperationInfo::new("Beta").with_static_context_params(&[("Stage", StaticValue::String("beta"))]);
    let tenant = |t: &str| InputParams::new().context_param("Tenant", Some(t));
    let url =
        |op: &OperationInfo, input: &InputParams| handle.resolve_endpoint_for(op, input).unwrap().url().to_owned();
    assert_eq!(url(&PLAIN, &InputParams::new()), "https://us-east-1.example.com/prod");
    assert_eq!(url(&BETA, &InputParams::new()), "https://us-east-1.example.com/beta");
    assert_eq!(url(&PLAIN, &tenant("a")), "https://a.example.com/prod");
    assert_eq!(url(&PLAIN, &tenant("b")), "https://b.example.com/prod");
    assert_eq!(url(&BETA, &tenant("b")), "https://b.example.com/beta");
    let first = handle.resolve_endpoint_for(&BETA, &tenant("a")).unwrap();
    assert!(Arc::ptr_eq(&first, &handle.resolve_endpoint_for(&BETA, &tenant("a")).unwrap()));
    // The static value and an equal input value bind the same set, so share a result.
    let same = handle.resolve_endpoint_for(&PLAIN, &tenant("a").context_param("Stage", Some("beta"))).unwrap();
    assert!(Arc::ptr_eq(&first, &same));

    let broken = Handle::new(Config::builder().region("us-east-1").build(), service("{not json"));
    assert_eq!(broken.resolve_endpoint().unwrap_err().kind(), &EndpointErrorKind::InvalidRuleSet);
    assert_eq!(
        broken.resolve_endpoint_for(&BETA, &tenant("a")).unwrap_err().kind(),
        &EndpointErrorKind::InvalidRuleSet
    );
}

/// A rule set that puts a context parameter into the path and a static one
/// into a header, so the server sees what each call resolved.
const ROUTED: &str = r#"{"version": "1.0",
    "parameters": {
        "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint"},
        "Bucket": {"type": "string"},
        "Stage": {"type": "string", "required": true, "default": "v1"}},
    "rules": [
        {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}, {"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
         "endpoint": {"url": "{Endpoint}/{Bucket}", "headers": {"x-stage": ["{Stage}"]}}},
        {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
         "endpoint": {"url": "{Endpoint}/no-bucket", "headers": {"x-stage": ["{Stage}"]}}},
        {"type": "error", "conditions": [], "error": "no endpoint"}]}"#;

const PUT_THING: OperationInfo =
    OperationInfo::new("PutThing").with_static_context_params(&[("Stage", StaticValue::String("v2"))]);

/// An operation whose `bucket` member is a `@contextParam`, as generated code would declare it.
#[derive(serde::Serialize)]
struct PutThingInput {
    bucket: Option<String>,
}

impl Validate for PutThingInput {
    fn validate_into(&self, _: &mut Violations) {}
}

#[derive(Debug)]
enum NoErrors {}

impl ModeledError for NoErrors {
    fn from_code(
        _: &str,
        _: &sdk_runtime::http::HttpResponse,
    ) -> Option<Result<Self, sdk_runtime::error::DeserializationError>> {
        None
    }
}

impl Operation for PutThingInput {
    type Output = Json;
    type Error = NoErrors;
    const INFO: OperationInfo = PUT_THING;

    fn endpoint_params(&self) -> InputParams {
        InputParams::new().context_param("Bucket", self.bucket.as_deref())
    }

    fn to_request(&self) -> Result<HttpRequest, ConstructionError> {
        Ok(HttpRequest::new(Method::PUT, "/things"))
    }

    fn read_output(response: &HttpResponse) -> Result<Json, DeserializationError> {
        response.json()
    }
}

/// A server on 127.0.0.1 that accepts every request, and a client of
/// `rules` whose `SDK::Endpoint` is that server, signing as `AKID`/`SECRET`.
async fn accepting_server_and_client(rules: &'static str) -> (TestServer, Handle) {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .endpoint_url(server.url())
        .build();
    (server, Handle::new(config, service(rules)))
}

#[tokio::test]
async fn each_call_is_sent_to_the_endpoint_its_parameters_resolve_to() {
    let (server, handle) = accepting_server_and_client(ROUTED).await;
    let get = || HttpRequest::new(Method::GET, "/things");
    let bucket = |b: &str| InputParams::new().context_param("Bucket", Some(b));
    handle.send_with::<()>(&PUT_THING, &bucket("b1"), get()).await.unwrap();
    handle.send_with::<()>(&PUT_THING, &bucket("b2"), get()).await.unwrap();
    handle.send::<()>(&OperationInfo::new("Plain"), get()).await.unwrap();
    sdk_runtime::operation::invoke(&handle, PutThingInput { bucket: Some("b3".into()) }).await.unwrap();
    sdk_runtime::operation::invoke(&handle, PutThingInput { bucket: None }).await.unwrap();
    let dry = handle.prepare_signed_with::<()>(&PUT_THING, &bucket("b4"), &get()).await.unwrap();
    assert_eq!(dry.request.url, format!("{}/b4/things", server.url()));

    let seen: Vec<(String, Option<String>)> =
        server.received().iter().map(|r| (r.path().to_owned(), r.header("x-stage").map(str::to_owned))).collect();
    let row = |path: &str, stage: &str| (path.to_owned(), Some(stage.to_owned()));
    assert_eq!(
        seen,
        [
            row("/b1/things", "v2"),
            row("/b2/things", "v2"),
            row("/no-bucket/things", "v1"),
            row("/b3/things", "v2"),
            row("/no-bucket/things", "v2"),
        ]
    );
}

/// A rule set whose endpoint names its own SigV4 scope in `authSchemes`.
const SCOPED: &str = r#"{"version": "1.0",
    "parameters": {
        "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint"},
        "Region": {"type": "string", "builtIn": "AWS::Region"}},
    "rules": [
        {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
         "endpoint": {"url": "{Endpoint}", "properties": {"authSchemes": [
             {"name": "sigv4a", "signingName": "wrong", "signingRegionSet": ["*"]},
             {"name": "sigv4", "signingName": "other-name", "signingRegion": "eu-west-9"}]}}},
        {"type": "error", "conditions": [], "error": "no endpoint"}]}"#;

#[tokio::test]
async fn the_endpoints_auth_scheme_sets_the_signing_name_and_region() {
    let (server, handle) = accepting_server_and_client(SCOPED).await;
    handle.send::<()>(&OperationInfo::new("Plain"), HttpRequest::new(Method::GET, "/things")).await.unwrap();
    let received = server.received();
    let authorization = test_support::verify_sigv4(&received[0], "AKID", "SECRET").expect("a valid signature");
    assert_eq!((authorization.region.as_str(), authorization.service.as_str()), ("eu-west-9", "other-name"));
}
