//! The rules engine's standard library and the AWS functions.
//!
//! [`Function`] names each one and its arity (checked when the rule set is
//! parsed). [`call`] runs the functions that take plain values; `isSet`,
//! `coalesce`, `ite` and `getAttr` need to see unevaluated or empty arguments
//! and live in the evaluator.

use std::collections::BTreeMap;
use std::net::Ipv6Addr;

use super::partition::Partitions;
use super::{EndpointError, Value};

/// A library function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    BooleanEquals,
    Coalesce,
    GetAttr,
    IsSet,
    IsValidHostLabel,
    Ite,
    Not,
    ParseUrl,
    Split,
    StringEquals,
    Substring,
    UriEncode,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Function {
    /// The function a rule set calls `name`.
    pub(super) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "booleanEquals" => Self::BooleanEquals,
            "coalesce" => Self::Coalesce,
            "getAttr" => Self::GetAttr,
            "isSet" => Self::IsSet,
            "isValidHostLabel" => Self::IsValidHostLabel,
            "ite" => Self::Ite,
            "not" => Self::Not,
            "parseURL" => Self::ParseUrl,
            "split" => Self::Split,
            "stringEquals" => Self::StringEquals,
            "substring" => Self::Substring,
            "uriEncode" => Self::UriEncode,
            "aws.partition" => Self::AwsPartition,
            "aws.parseArn" => Self::AwsParseArn,
            "aws.isVirtualHostableS3Bucket" => Self::AwsIsVirtualHostableS3Bucket,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::BooleanEquals => "booleanEquals",
            Self::Coalesce => "coalesce",
            Self::GetAttr => "getAttr",
            Self::IsSet => "isSet",
            Self::IsValidHostLabel => "isValidHostLabel",
            Self::Ite => "ite",
            Self::Not => "not",
            Self::ParseUrl => "parseURL",
            Self::Split => "split",
            Self::StringEquals => "stringEquals",
            Self::Substring => "substring",
            Self::UriEncode => "uriEncode",
            Self::AwsPartition => "aws.partition",
            Self::AwsParseArn => "aws.parseArn",
            Self::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }

    /// Refuses a call with the wrong number of arguments.
    pub(super) fn check_arity(self, count: usize) -> Result<(), EndpointError> {
        let (ok, expected) = match self {
            // Variadic since rules engine 1.1.
            Self::Coalesce => (count >= 2, "at least 2"),
            Self::IsSet | Self::Not | Self::ParseUrl | Self::UriEncode | Self::AwsPartition | Self::AwsParseArn => {
                (count == 1, "1")
            }
            Self::BooleanEquals
            | Self::StringEquals
            | Self::GetAttr
            | Self::IsValidHostLabel
            | Self::AwsIsVirtualHostableS3Bucket => (count == 2, "2"),
            Self::Ite | Self::Split => (count == 3, "3"),
            Self::Substring => (count == 4, "4"),
        };
        if ok {
            Ok(())
        } else {
            Err(EndpointError::invalid(format!("`{}` takes {expected} arguments, not {count}", self.name())))
        }
    }
}

/// Calls a function on values (every argument set).
pub(super) fn call(
    function: Function,
    args: Vec<Value>,
    partitions: &Partitions,
) -> Result<Option<Value>, EndpointError> {
    let name = function.name();
    let string = |i: usize| -> Result<&str, EndpointError> {
        args[i].as_str().ok_or_else(|| type_error(name, "a string", &args[i]))
    };
    let boolean = |i: usize| -> Result<bool, EndpointError> {
        args[i].as_bool().ok_or_else(|| type_error(name, "a boolean", &args[i]))
    };
    let int = |i: usize| -> Result<i64, EndpointError> {
        match &args[i] {
            Value::Int(n) => Ok(*n),
            other => Err(type_error(name, "an integer", other)),
        }
    };
    Ok(match function {
        Function::BooleanEquals => Some(Value::Bool(boolean(0)? == boolean(1)?)),
        Function::StringEquals => Some(Value::Bool(string(0)? == string(1)?)),
        Function::Not => Some(Value::Bool(!boolean(0)?)),
        Function::Substring => substring(string(0)?, int(1)?, int(2)?, boolean(3)?).map(Value::String),
        Function::IsValidHostLabel => Some(Value::Bool(is_valid_host_label(string(0)?, boolean(1)?))),
        Function::UriEncode => Some(Value::String(crate::encoding::encode_label(string(0)?))),
        Function::ParseUrl => parse_url(string(0)?),
        Function::Split => Some(Value::Array(split(string(0)?, string(1)?, int(2)?)?)),
        Function::AwsPartition => partitions.lookup(string(0)?).map(|p| p.to_value()),
        Function::AwsParseArn => parse_arn(string(0)?),
        Function::AwsIsVirtualHostableS3Bucket => {
            Some(Value::Bool(is_virtual_hostable_s3_bucket(string(0)?, boolean(1)?)))
        }
        Function::IsSet | Function::Coalesce | Function::Ite | Function::GetAttr => {
            return Err(EndpointError::invalid(format!("`{name}` cannot be called on values")));
        }
    })
}

fn type_error(name: &str, expected: &str, got: &Value) -> EndpointError {
    EndpointError::invalid(format!("`{name}` expects {expected}, not {}", got.type_name()))
}

/// `[start, end)` of an ASCII string, counted from the end when `reverse`;
/// the empty optional when the string is not ASCII or too short.
fn substring(input: &str, start: i64, end: i64, reverse: bool) -> Option<String> {
    let len = i64::try_from(input.len()).ok()?;
    if !input.is_ascii() || start < 0 || start >= end || end > len {
        return None;
    }
    let (from, to) = if reverse { (len - end, len - start) } else { (start, end) };
    // In range by the checks above, and ASCII, so on character boundaries.
    input.get(usize::try_from(from).ok()?..usize::try_from(to).ok()?).map(str::to_owned)
}

/// One RFC 1123 label: 1–63 ASCII letters, digits and hyphens, not starting
/// with a hyphen; with `allow_sub_domains`, one or more such labels joined by
/// dots (so no empty label, and no leading or trailing dot).
pub(super) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains { value.split('.').all(label_ok) } else { label_ok(value) }
}

/// Splits on `delimiter`: `limit` 0 splits at every occurrence, 1 not at
/// all, n > 1 into at most n parts (the last keeps the rest).
fn split(value: &str, delimiter: &str, limit: i64) -> Result<Vec<Value>, EndpointError> {
    if delimiter.is_empty() {
        return Err(EndpointError::invalid("`split` was given an empty delimiter"));
    }
    let parts: Vec<&str> = match usize::try_from(limit) {
        Ok(0) => value.split(delimiter).collect(),
        Ok(n) => value.splitn(n, delimiter).collect(),
        Err(_) => return Err(EndpointError::invalid(format!("`split` was given a negative limit, {limit}"))),
    };
    Ok(parts.into_iter().map(Value::from).collect())
}

/// Parses `scheme://authority[/path]` for http(s) URLs. The empty optional
/// for anything else, and for URLs with a query, a fragment or user info.
fn parse_url(text: &str) -> Option<Value> {
    let (scheme, rest) = text.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (host, is_ip) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        // An IPv6 literal, possibly with a zone (`fe80::1%25en0`).
        let address = address.split_once("%25").map_or(address, |(a, _)| a);
        if address.parse::<Ipv6Addr>().is_err() || !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        (address, true)
    } else {
        let host = match authority.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None => authority,
        };
        (host, is_dotted_quad(host))
    };
    if host.is_empty() {
        return None;
    }
    let normalized_path = match path {
        "" => "/".to_owned(),
        p if p.ends_with('/') => p.to_owned(),
        p => format!("{p}/"),
    };
    let mut url = BTreeMap::new();
    url.insert("scheme".to_owned(), Value::String(scheme.to_ascii_lowercase()));
    url.insert("authority".to_owned(), Value::String(authority.to_owned()));
    url.insert("path".to_owned(), Value::String(path.to_owned()));
    url.insert("normalizedPath".to_owned(), Value::String(normalized_path));
    url.insert("isIp".to_owned(), Value::Bool(is_ip));
    Some(Value::Object(url))
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<u16>().is_ok()
}

/// Four dot-separated decimal numbers of at most 255 (leading zeros allowed,
/// as the reference implementation allows them).
fn is_dotted_quad(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `arn:partition:service:region:account:resource`, with the resource split on
/// `:` and `/` (empty pieces kept). Partition, service and resource must not be empty.
fn parse_arn(text: &str) -> Option<Value> {
    let mut parts = text.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(Value::from).collect();
    let mut arn = BTreeMap::new();
    arn.insert("partition".to_owned(), Value::from(partition));
    arn.insert("service".to_owned(), Value::from(service));
    arn.insert("region".to_owned(), Value::from(region));
    arn.insert("accountId".to_owned(), Value::from(account));
    arn.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Object(arn))
}

/// Whether an S3 bucket name can be the first label(s) of a host: 3–63
/// characters of lower-case letters, digits and hyphens, starting and ending
/// with a letter or digit. With `allow_sub_domains`, dots may join such
/// labels (each non-empty, starting and ending with a letter or digit; the
/// 3–63 bound is on the whole name, as in the reference implementation), and
/// a name shaped like an IPv4 address (four all-digit labels) is refused.
fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let label_ok = |label: &str| {
        let edge = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        edge(label.bytes().next())
            && edge(label.bytes().last())
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !(3..=63).contains(&value.len()) {
        return false;
    }
    if allow_sub_domains {
        let ip_shaped =
            value.split('.').count() == 4 && value.split('.').all(|l| l.bytes().all(|b| b.is_ascii_digit()));
        value.split('.').all(label_ok) && !ip_shaped
    } else {
        label_ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    fn run(function: Function, args: Vec<Value>) -> Result<Option<Value>, EndpointError> {
        call(function, args, Partitions::embedded())
    }

    #[test]
    fn names_and_arities() {
        for name in ["isSet", "not", "coalesce", "ite", "split", "aws.partition", "aws.isVirtualHostableS3Bucket"] {
            assert_eq!(Function::from_name(name).map(Function::name), Some(name));
        }
        assert_eq!(Function::from_name("aws.nope"), None);
        assert!(Function::Coalesce.check_arity(5).is_ok());
        assert!(Function::Coalesce.check_arity(1).is_err());
        assert!(Function::Substring.check_arity(3).is_err());
    }

    #[test]
    fn substring_cases() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 7, true).as_deref(), Some("abcdef"));
        assert_eq!(substring("abc", 0, 3, false).as_deref(), Some("abc"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcü", 0, 2, false), None);
        assert_eq!(substring("abc", 2, 1, false), None);
        assert_eq!(substring("abc", 1, 1, false), None);
        assert_eq!(substring("abc", -1, 1, false), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("0abc", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("trailing-", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("", true));
    }

    #[test]
    fn splits_as_specified() {
        let split = |v: &str, d: &str, n: i64| {
            split(v, d, n).map(|parts| parts.iter().map(|p| p.as_str().unwrap().to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(split("a--b--c", "--", 0).unwrap(), ["a", "b", "c"]);
        assert_eq!(split("a--b--c", "--", 2).unwrap(), ["a", "b--c"]);
        assert_eq!(split("a--b--c", "--", 1).unwrap(), ["a--b--c"]);
        assert_eq!(split("", "--", 0).unwrap(), [""]);
        assert_eq!(split("--", "--", 0).unwrap(), ["", ""]);
        assert_eq!(split("----", "--", 0).unwrap(), ["", "", ""]);
        assert_eq!(split("--b--", "--", 0).unwrap(), ["", "b", ""]);
        assert_eq!(split("--x-s3--azid--suffix", "--", 0).unwrap(), ["", "x-s3", "azid", "suffix"]);
        assert_eq!(split("--x-s3--azid--suffix", "--", 2).unwrap(), ["", "x-s3--azid--suffix"]);
        assert_eq!(split("abc", "x", 0).unwrap(), ["abc"]);
        assert!(split("abc", "", 0).is_err());
        assert!(split("abc", "b", -1).is_err());
    }

    #[test]
    fn urls() {
        let url = |text: &str| match parse_url(text) {
            Some(Value::Object(map)) => {
                let get = |k: &str| map[k].clone();
                Some((get("scheme"), get("authority"), get("path"), get("normalizedPath"), get("isIp")))
            }
            _ => None,
        };
        let row = |scheme: &str, authority: &str, path: &str, normalized: &str, ip: bool| {
            Some((s(scheme), s(authority), s(path), s(normalized), Value::Bool(ip)))
        };
        assert_eq!(url("https://example.com"), row("https", "example.com", "", "/", false));
        assert_eq!(url("http://example.com:80/foo/bar"), row("http", "example.com:80", "/foo/bar", "/foo/bar/", false));
        assert_eq!(url("https://127.0.0.1"), row("https", "127.0.0.1", "", "/", true));
        assert_eq!(url("HTTPS://[fe80::1]/"), row("https", "[fe80::1]", "/", "/", true));
        assert_eq!(url("https://[fe80::1%25en0]:8443"), row("https", "[fe80::1%25en0]:8443", "", "/", true));
        assert_eq!(url("https://256.0.0.1"), row("https", "256.0.0.1", "", "/", false));
        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/#frag",
            "example.com",
            "ftp://x",
            "https://",
            "https://h:port",
            "https://u@h",
            "https://[not-ip]",
            "https://exa mple.com",
            "https://:443",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn arns() {
        let Some(Value::Object(arn)) = parse_arn("arn:aws:iam::012345678910:user/johndoe") else { panic!() };
        assert_eq!(arn["region"], s(""));
        assert_eq!(arn["resourceId"], Value::Array(vec![s("user"), s("johndoe")]));
        let Some(Value::Object(arn)) = parse_arn("arn:aws:s3:::bucket_name") else { panic!() };
        assert_eq!((arn["region"].clone(), arn["accountId"].clone()), (s(""), s("")));
        let Some(Value::Object(arn)) = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:") else { panic!() };
        assert_eq!(arn["resourceId"], Value::Array(vec![s("outpost"), s("")]));
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
        assert_eq!(parse_arn("arn::s3:::x"), None);
        assert_eq!(parse_arn("arn:aws::::x"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-1"), None);
    }

    #[test]
    fn s3_buckets() {
        for (name, single, dotted) in [
            ("bucket-name", true, true),
            ("bucket--with-multiple-dash", true, true),
            ("bucket.name", false, true),
            ("a.b.c", false, true),
            ("BucketName", false, false),
            ("bucket_name", false, false),
            ("-bucket-name", false, false),
            ("bucket-name-", false, false),
            ("aa", false, false),
            (".bucket-name", false, false),
            ("bucket-name.", false, false),
            ("192.168.5.4", false, false),
            ("999.1.1.1", false, false),
            ("192.168.5.4.5", false, true),
            ("bucket-.name", false, false),
            ("bucket.-name", false, false),
            ("bucket..name", false, false),
        ] {
            assert_eq!(is_virtual_hostable_s3_bucket(name, false), single, "{name}");
            assert_eq!(is_virtual_hostable_s3_bucket(name, true), dotted, "{name} with dots");
        }
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), true));
    }

    #[test]
    fn value_functions() {
        assert_eq!(run(Function::UriEncode, vec![s("a/b c~_.-ü*")]).unwrap(), Some(s("a%2Fb%20c~_.-%C3%BC%2A")));
        assert_eq!(run(Function::StringEquals, vec![s("a"), s("a")]).unwrap(), Some(Value::Bool(true)));
        assert_eq!(
            run(Function::BooleanEquals, vec![Value::Bool(true), Value::Bool(false)]).unwrap(),
            Some(Value::Bool(false))
        );
        assert_eq!(run(Function::Not, vec![Value::Bool(false)]).unwrap(), Some(Value::Bool(true)));
        // Wrong types are the rule set's fault.
        assert!(run(Function::Not, vec![s("x")]).is_err());
        assert!(run(Function::StringEquals, vec![s("x"), Value::Bool(true)]).is_err());
        assert!(run(Function::IsSet, vec![s("x")]).is_err());
    }
}
