//! The Wickr endpoint rule set from the model, resolved for each kind of
//! region. Expected URLs were worked out by hand from the rules and
//! data/partitions.json: `https://admin.wickr[-fips].{Region}.{suffix}` where
//! the suffix is the partition's `dnsSuffix`, or `dualStackDnsSuffix` with
//! dual-stack on.

use sdk_runtime::client::{Handle, ServiceInfo};
use sdk_runtime::config::Config;
use sdk_runtime::endpoint::{BuiltIns, EndpointErrorKind, Params, RuleSet};

fn wickr_rule_set() -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/wickr.json");
    let model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let trait_value = &model["shapes"]["com.amazonaws.wickr#WickrAdminApi"]["traits"]["smithy.rules#endpointRuleSet"];
    RuleSet::from_json(trait_value).unwrap()
}

fn resolve(region: Option<&str>, fips: bool, dual_stack: bool, endpoint: Option<&str>) -> Result<String, String> {
    let rules = wickr_rule_set();
    let built_ins = BuiltIns {
        region: region.map(str::to_owned),
        use_fips: fips,
        use_dual_stack: dual_stack,
        endpoint: endpoint.map(str::to_owned),
    };
    rules.resolve(&rules.params_from_built_ins(&built_ins)).map(|e| e.url().to_owned()).map_err(|e| e.to_string())
}

#[test]
fn resolution_table() {
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
fn rule_errors_have_the_rule_kind() {
    let rules = wickr_rule_set();
    let error = rules.resolve(&Params::new().with("UseFIPS", true).with("Endpoint", "https://x")).unwrap_err();
    assert_eq!(error.kind(), &EndpointErrorKind::Rule);
    // Parameters are typed by the rule set.
    let error = rules.resolve(&Params::new().with("Region", true)).unwrap_err();
    assert_eq!(error.kind(), &EndpointErrorKind::Params);
}

#[test]
fn parameters_and_built_ins_are_read_from_the_rule_set() {
    let rules = wickr_rule_set();
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
}

#[test]
fn handle_resolves_once_from_config() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/wickr.json");
    let model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let json =
        model["shapes"]["com.amazonaws.wickr#WickrAdminApi"]["traits"]["smithy.rules#endpointRuleSet"].to_string();
    let service = ServiceInfo {
        sdk_id: "Wickr",
        signing_name: "wickr",
        endpoint_rule_set_json: Box::leak(json.into_boxed_str()),
        api_version: "2024-02-01",
    };
    let handle = Handle::new(Config::builder().region("us-gov-west-1").use_fips(true).build(), service);
    let endpoint = handle.resolve_endpoint().unwrap();
    assert_eq!(endpoint.url(), "https://admin.wickr-fips.us-gov-west-1.amazonaws.com");
    assert_eq!(handle.resolve_endpoint().unwrap(), endpoint);

    let broken = ServiceInfo { endpoint_rule_set_json: "{not json", ..service };
    let error = Handle::new(Config::builder().region("us-east-1").build(), broken).resolve_endpoint().unwrap_err();
    assert_eq!(error.kind(), &EndpointErrorKind::InvalidRuleSet);
}
