//! AWS partition data for `aws.partition`: which partition a region belongs
//! to, and that partition's DNS suffixes and FIPS/dual-stack support.
//!
//! The data (`data/partitions.json`, the AWS SDKs' `partitions.json` format) is
//! compiled into the crate so resolution never reads files at run time.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex_lite::Regex;
use serde_json::Value as Json;

use super::{EndpointError, Value};

const EMBEDDED: &str = include_str!("../../data/partitions.json");

/// A parsed set of partitions.
#[derive(Clone, Debug, Default)]
pub struct Partitions {
    partitions: Vec<PartitionData>,
}

#[derive(Clone, Debug)]
struct PartitionData {
    id: String,
    region_regex: Option<Regex>,
    /// Known regions, each with the outputs it overrides.
    regions: HashMap<String, BTreeMap<String, Value>>,
    outputs: BTreeMap<String, Value>,
}

/// The partition of one region: the `outputs` object, with that region's overrides applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    outputs: BTreeMap<String, Value>,
}

impl Partition {
    fn string(&self, key: &str) -> Option<&str> {
        self.outputs.get(key).and_then(Value::as_str)
    }

    /// The partition name, e.g. `aws-cn`.
    pub fn name(&self) -> Option<&str> {
        self.string("name")
    }

    /// The DNS suffix, e.g. `amazonaws.com`.
    pub fn dns_suffix(&self) -> Option<&str> {
        self.string("dnsSuffix")
    }

    /// The dual-stack DNS suffix, e.g. `api.aws`.
    pub fn dual_stack_dns_suffix(&self) -> Option<&str> {
        self.string("dualStackDnsSuffix")
    }

    /// Whether FIPS endpoints exist.
    pub fn supports_fips(&self) -> bool {
        self.outputs.get("supportsFIPS").and_then(Value::as_bool).unwrap_or(false)
    }

    /// Whether dual-stack endpoints exist.
    pub fn supports_dual_stack(&self) -> bool {
        self.outputs.get("supportsDualStack").and_then(Value::as_bool).unwrap_or(false)
    }

    /// The partition as a rules-engine object (what `aws.partition` returns).
    pub fn to_value(&self) -> Value {
        Value::Object(self.outputs.clone())
    }
}

impl Partitions {
    /// The data compiled into this crate, parsed on first use.
    pub fn embedded() -> &'static Partitions {
        static EMBEDDED_PARTITIONS: OnceLock<Partitions> = OnceLock::new();
        EMBEDDED_PARTITIONS.get_or_init(|| {
            // The file is checked by this crate's tests; should it ever be broken,
            // resolution reports "no partition" instead of panicking.
            Partitions::from_json_str(EMBEDDED).unwrap_or_else(|e| {
                tracing::error!(error = %e, "embedded partition data is invalid");
                Partitions::default()
            })
        })
    }

    /// Parses partition data in the `partitions.json` format.
    pub fn from_json_str(text: &str) -> Result<Self, EndpointError> {
        let bad = |what: &str| EndpointError::invalid(format!("partition data: {what}"));
        let json: Json = serde_json::from_str(text).map_err(|e| bad(&e.to_string()))?;
        let list = json.get("partitions").and_then(Json::as_array).ok_or_else(|| bad("no `partitions` array"))?;
        let mut partitions = Vec::new();
        for p in list {
            let id = p.get("id").and_then(Json::as_str).ok_or_else(|| bad("a partition has no id"))?.to_owned();
            let region_regex = match p.get("regionRegex").and_then(Json::as_str) {
                Some(pattern) => Some(Regex::new(pattern).map_err(|e| bad(&format!("{id}: bad regionRegex: {e}")))?),
                None => None,
            };
            let outputs = scalar_map(p.get("outputs")).ok_or_else(|| bad(&format!("{id}: no `outputs` object")))?;
            let mut regions = HashMap::new();
            if let Some(map) = p.get("regions").and_then(Json::as_object) {
                for (name, overrides) in map {
                    let mut overrides = scalar_map(Some(overrides)).unwrap_or_default();
                    // `description` is documentation, not an output.
                    overrides.remove("description");
                    regions.insert(name.clone(), overrides);
                }
            }
            partitions.push(PartitionData { id, region_regex, regions, outputs });
        }
        Ok(Self { partitions })
    }

    /// The partition of `region`: a partition that lists the region, else one
    /// whose `regionRegex` matches, else the `aws` partition (so a region this
    /// data does not know yet still resolves, as the AWS SDKs do).
    pub fn lookup(&self, region: &str) -> Option<Partition> {
        let listed = self.partitions.iter().find_map(|p| p.regions.get(region).map(|o| (p, Some(o))));
        let matched = || {
            self.partitions
                .iter()
                .find(|p| p.region_regex.as_ref().is_some_and(|r| r.is_match(region)))
                .map(|p| (p, None))
        };
        let fallback = || self.partitions.iter().find(|p| p.id == "aws").map(|p| (p, None));
        let (data, overrides) = listed.or_else(matched).or_else(fallback)?;
        let mut outputs = data.outputs.clone();
        if let Some(overrides) = overrides {
            outputs.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Some(Partition { outputs })
    }
}

/// A JSON object of strings and booleans as rules-engine values.
fn scalar_map(json: Option<&Json>) -> Option<BTreeMap<String, Value>> {
    let obj = json?.as_object()?;
    Some(
        obj.iter()
            .filter_map(|(k, v)| match v {
                Json::String(s) => Some((k.clone(), Value::String(s.clone()))),
                Json::Bool(b) => Some((k.clone(), Value::Bool(*b))),
                _ => None,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_maps_regions() {
        let partitions = Partitions::from_json_str(EMBEDDED).unwrap();
        let name = |region: &str| partitions.lookup(region).and_then(|p| p.name().map(str::to_owned));
        assert_eq!(name("us-east-1").as_deref(), Some("aws"));
        assert_eq!(name("cn-north-1").as_deref(), Some("aws-cn"));
        assert_eq!(name("us-gov-west-1").as_deref(), Some("aws-us-gov"));
        assert_eq!(name("us-iso-east-1").as_deref(), Some("aws-iso"));
        // Not listed, but matches the regex.
        assert_eq!(name("us-isob-south-9").as_deref(), Some("aws-iso-b"));
        // Unknown shapes fall back to `aws`.
        assert_eq!(name("mars-north-1").as_deref(), Some("aws"));
        let cn = partitions.lookup("cn-north-1").unwrap();
        assert_eq!(cn.dns_suffix(), Some("amazonaws.com.cn"));
        assert!(cn.supports_fips() && cn.supports_dual_stack());
    }

    #[test]
    fn a_listed_region_overrides_its_partitions_outputs() {
        let partitions = Partitions::from_json_str(
            r#"{"partitions":[{"id":"aws","regionRegex":"^(us|eu)-\\w+-\\d+$",
                "outputs":{"name":"aws","dnsSuffix":"amazonaws.com","supportsFIPS":true,"supportsDualStack":true},
                "regions":{"eu-old-1":{"description":"Old","supportsFIPS":false,"dnsSuffix":"old.example"}}}]}"#,
        )
        .unwrap();
        let old = partitions.lookup("eu-old-1").unwrap();
        assert_eq!((old.name(), old.dns_suffix()), (Some("aws"), Some("old.example")));
        assert!(!old.supports_fips() && old.supports_dual_stack());
        // `description` is documentation, not an output.
        assert!(!matches!(old.to_value(), Value::Object(ref o) if o.contains_key("description")));
        // A region matched by the regex alone has the partition's own outputs.
        let new = partitions.lookup("eu-new-1").unwrap();
        assert_eq!(new.dns_suffix(), Some("amazonaws.com"));
        assert!(new.supports_fips());
    }

    #[test]
    fn bad_data_is_an_error_that_says_what_is_wrong() {
        for (bad, expected) in [
            ("", "EOF while parsing"),
            ("{}", "no `partitions` array"),
            (r#"{"partitions":[{}]}"#, "a partition has no id"),
            (r#"{"partitions":[{"id":"x"}]}"#, "x: no `outputs` object"),
            (r#"{"partitions":[{"id":"x","regionRegex":"(","outputs":{}}]}"#, "x: bad regionRegex"),
        ] {
            let error = Partitions::from_json_str(bad).unwrap_err();
            assert_eq!(error.kind(), &crate::endpoint::EndpointErrorKind::InvalidRuleSet, "{bad}");
            let message = error.to_string();
            assert!(message.starts_with("invalid endpoint rule set: partition data: "), "{message}");
            assert!(message.contains(expected), "{bad}: {message}");
        }
    }
}
