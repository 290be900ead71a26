//! The rules engine's standard library and the AWS functions.
//!
//! Every function receives already-evaluated arguments; `None` is the empty
//! optional. Only `isSet` and `coalesce` look at empty arguments: every other
//! function returns the empty optional when given one, so the condition that
//! called it does not match.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::partition::Partitions;
use super::{EndpointError, Value};

pub(super) fn call(
    name: &str,
    args: Vec<Option<Value>>,
    partitions: &Partitions,
) -> Result<Option<Value>, EndpointError> {
    match name {
        "isSet" => {
            let [value] = arity(name, args)?;
            return Ok(Some(Value::Bool(value.is_some())));
        }
        "coalesce" => return Ok(args.into_iter().flatten().next()),
        _ => {}
    }
    // Every other function needs all of its arguments.
    let Some(args) = args.into_iter().collect::<Option<Vec<Value>>>() else { return Ok(None) };
    let result = match name {
        "booleanEquals" => {
            let [a, b] = arity(name, args)?;
            Value::Bool(boolean(name, &a)? == boolean(name, &b)?)
        }
        "stringEquals" => {
            let [a, b] = arity(name, args)?;
            Value::Bool(string(name, &a)? == string(name, &b)?)
        }
        "not" => {
            let [a] = arity(name, args)?;
            Value::Bool(!boolean(name, &a)?)
        }
        "getAttr" => {
            let [value, path] = arity(name, args)?;
            let path = super::parse_path(string(name, &path)?)?;
            return Ok(super::get_path(&value, &path));
        }
        "substring" => {
            let [input, start, end, reverse] = arity(name, args)?;
            return Ok(substring(
                string(name, &input)?,
                int(name, &start)?,
                int(name, &end)?,
                boolean(name, &reverse)?,
            )
            .map(Value::String));
        }
        "isValidHostLabel" => {
            let [value, allow_sub_domains] = arity(name, args)?;
            Value::Bool(is_valid_host_label(string(name, &value)?, boolean(name, &allow_sub_domains)?))
        }
        "uriEncode" => {
            let [value] = arity(name, args)?;
            Value::String(crate::encoding::encode_label(string(name, &value)?))
        }
        "parseURL" => {
            let [value] = arity(name, args)?;
            return Ok(parse_url(string(name, &value)?));
        }
        "split" => {
            let [value, delimiter, limit] = arity(name, args)?;
            Value::Array(split(string(name, &value)?, string(name, &delimiter)?, int(name, &limit)?))
        }
        "aws.partition" => {
            let [region] = arity(name, args)?;
            return Ok(partitions.lookup(string(name, &region)?).map(|p| p.to_value()));
        }
        "aws.parseArn" => {
            let [value] = arity(name, args)?;
            return Ok(parse_arn(string(name, &value)?));
        }
        "aws.isVirtualHostableS3Bucket" => {
            let [value, allow_sub_domains] = arity(name, args)?;
            Value::Bool(is_virtual_hostable_s3_bucket(string(name, &value)?, boolean(name, &allow_sub_domains)?))
        }
        _ => return Err(EndpointError::invalid(format!("unknown function `{name}`"))),
    };
    Ok(Some(result))
}

fn arity<T, const N: usize>(name: &str, args: Vec<T>) -> Result<[T; N], EndpointError> {
    let count = args.len();
    args.try_into().map_err(|_| EndpointError::invalid(format!("`{name}` takes {N} arguments, not {count}")))
}

fn string<'v>(name: &str, value: &'v Value) -> Result<&'v str, EndpointError> {
    value
        .as_str()
        .ok_or_else(|| EndpointError::invalid(format!("`{name}` expects a string, not a {}", value.type_name())))
}

fn boolean(name: &str, value: &Value) -> Result<bool, EndpointError> {
    value
        .as_bool()
        .ok_or_else(|| EndpointError::invalid(format!("`{name}` expects a boolean, not a {}", value.type_name())))
}

fn int(name: &str, value: &Value) -> Result<i64, EndpointError> {
    match value {
        Value::Int(i) => Ok(*i),
        other => Err(EndpointError::invalid(format!("`{name}` expects an integer, not a {}", other.type_name()))),
    }
}

/// `[start, end)` of an ASCII string, counted from the end when `reverse`.
fn substring(input: &str, start: i64, end: i64, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start < 0 || end <= start {
        return None;
    }
    let len = input.len() as i64;
    if end > len {
        return None;
    }
    let (from, to) = if reverse { (len - end, len - start) } else { (start, end) };
    Some(input[from as usize..to as usize].to_owned())
}

/// One RFC 1123 label (letters, digits, hyphens; not starting with a hyphen;
/// 1–63 characters), or several joined by dots when `allow_sub_domains`.
pub(super) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains { value.split('.').all(label_ok) } else { label_ok(value) }
}

/// Splits on `delimiter`; `limit` 0 means no limit, else at most `limit` parts.
fn split(value: &str, delimiter: &str, limit: i64) -> Vec<Value> {
    if delimiter.is_empty() {
        return vec![Value::String(value.to_owned())];
    }
    let parts: Vec<&str> = if limit > 0 {
        value.splitn(usize::try_from(limit).unwrap_or(usize::MAX), delimiter).collect()
    } else {
        value.split(delimiter).collect()
    };
    parts.into_iter().map(Value::from).collect()
}

/// Parses `scheme://authority[/path]`; rejects queries, fragments and
/// anything that is not http(s).
fn parse_url(text: &str) -> Option<Value> {
    let (scheme, rest) = text.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    if rest.contains('?') || rest.contains('#') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') || authority.chars().any(char::is_whitespace) {
        return None;
    }
    let host = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let after = &authority[end + 1..];
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        &authority[..=end]
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None => authority,
        }
    };
    if host.is_empty() {
        return None;
    }
    let is_ip = host.parse::<Ipv4Addr>().is_ok()
        || host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).is_some_and(|h| h.parse::<Ipv6Addr>().is_ok());
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
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<u16>().is_ok()
}

/// `arn:partition:service:region:account:resource`, with the resource split on `:` and `/`.
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

/// Whether an S3 bucket name can be used as a host label: 3–63 characters of
/// lower-case letters, digits and hyphens (and dots between labels when
/// `allow_sub_domains`), starting and ending with a letter or digit, and not
/// shaped like an IPv4 address.
fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if value.len() < 3 || value.len() > 63 {
        return false;
    }
    if value.bytes().any(|b| b.is_ascii_uppercase()) || value.parse::<Ipv4Addr>().is_ok() {
        return false;
    }
    let edges_ok = |label: &str| {
        label.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && label.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
    };
    if allow_sub_domains {
        value.split('.').all(|label| edges_ok(label) && is_valid_host_label(label, false))
    } else {
        edges_ok(value) && is_valid_host_label(value, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<Value> {
        Some(Value::from(v))
    }

    fn run(name: &str, args: Vec<Option<Value>>) -> Option<Value> {
        call(name, args, Partitions::embedded()).unwrap()
    }

    #[test]
    fn substring_cases() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcü", 0, 2, false), None);
        assert_eq!(substring("abc", 2, 1, false), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("0abc", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
    }

    #[test]
    fn urls() {
        let url = parse_url("http://example.com:80/foo/bar").unwrap();
        let Value::Object(map) = url else { panic!() };
        assert_eq!(map["authority"], Value::from("example.com:80"));
        assert_eq!(map["path"], Value::from("/foo/bar"));
        assert_eq!(map["normalizedPath"], Value::from("/foo/bar/"));
        assert_eq!(map["isIp"], Value::Bool(false));
        let Some(Value::Object(ip)) = parse_url("https://[fe80::1]") else { panic!() };
        assert_eq!((ip["isIp"].clone(), ip["normalizedPath"].clone()), (Value::Bool(true), Value::from("/")));
        let Some(Value::Object(ip)) = parse_url("https://127.0.0.1:8443") else { panic!() };
        assert_eq!(ip["isIp"], Value::Bool(true));
        for bad in
            ["https://example.com:8443?foo=bar", "example.com", "ftp://x", "https://", "https://h:port", "https://u@h"]
        {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn arns() {
        let Some(Value::Object(arn)) = parse_arn("arn:aws:iam::012345678910:user/johndoe") else { panic!() };
        assert_eq!(arn["region"], Value::from(""));
        assert_eq!(arn["resourceId"], Value::Array(vec![Value::from("user"), Value::from("johndoe")]));
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
    }

    #[test]
    fn s3_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    }

    #[test]
    fn optional_arguments() {
        assert_eq!(run("isSet", vec![None]), Some(Value::Bool(false)));
        assert_eq!(run("stringEquals", vec![None, s("a")]), None);
        assert_eq!(run("coalesce", vec![None, s("b")]), s("b"));
        assert_eq!(run("uriEncode", vec![s("a/b c")]), s("a%2Fb%20c"));
        assert_eq!(
            run("split", vec![s("a--b--c"), s("--"), Some(Value::Int(2))]),
            Some(Value::Array(vec![Value::from("a"), Value::from("b--c")]))
        );
        assert!(call("not", vec![s("x")], Partitions::embedded()).is_err());
        assert!(call("not", vec![], Partitions::embedded()).is_err());
    }
}
