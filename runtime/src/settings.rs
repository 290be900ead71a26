//! Checks of the two settings that end up in a URL: the region (pasted into
//! endpoint host names by the rule sets) and an endpoint URL override. A
//! value that could change where a signed request goes is refused before any
//! endpoint is resolved, and URLs are shown without their user info.

use std::borrow::Cow;

/// Whether `region` is one host label, as botocore requires of region names:
/// letters, digits and inner hyphens, at most 63 characters. Anything else
/// (`a@127.0.0.1:9/`, `evil.example/x`) would change the host or path of
/// the endpoint it is pasted into.
pub fn is_valid_region(region: &str) -> bool {
    let bytes = region.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// Why `url` cannot be an endpoint URL: the scheme is not `http` or `https`,
/// the host is missing, the port is not a number in 1..=65535, or it has user
/// info, a query or a fragment (which the operation's path and query could
/// not be joined to). A path is fine: it becomes the base of every request's.
pub fn endpoint_url_problem(url: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("it must start with http:// or https://");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some("its scheme must be http or https");
    }
    if rest.contains('#') {
        return Some("it must not have a fragment (#…)");
    }
    if rest.contains('?') {
        return Some("it must not have a query (?…)");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Some("it must not hold user info (user:password@)");
    }
    let (host, port) = split_port(authority);
    if host.is_empty() || host == "[]" {
        return Some("it has no host");
    }
    if let Some(port) = port
        && !port.parse::<u16>().is_ok_and(|port| port > 0)
    {
        return Some("its port must be a number from 1 to 65535");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it must not hold spaces or control characters");
    }
    if ::http::Uri::try_from(url).is_err() {
        return Some("it is not a valid URL");
    }
    None
}

/// `host` and the text after its port colon, if any (`[::1]:8080`, `h:80`).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let host_end = if authority.starts_with('[') { authority.find(']').map_or(authority.len(), |i| i + 1) } else { 0 };
    match authority[host_end..].rfind(':') {
        Some(i) => (&authority[..host_end + i], Some(&authority[host_end + i + 1..])),
        None => (authority, None),
    }
}

/// `url` with any user info (`user:password@`) replaced, for logs and
/// messages: a password must never reach a terminal.
pub fn without_userinfo(url: &str) -> Cow<'_, str> {
    let Some(start) = url.find("://").map(|i| i + 3) else { return Cow::Borrowed(url) };
    let authority_end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}**redacted**{}", &url[..start], &url[start + at..])),
        None => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_host_labels() {
        for ok in ["us-east-1", "eu-west-3", "local", "a", "us-iso-east-1", "A1"] {
            assert!(is_valid_region(ok), "{ok}");
        }
        for bad in
            ["", "a@127.0.0.1:18930/", "evil.example/x", "-us", "us-", "us east", "us.east", "é", &"a".repeat(64)]
        {
            assert!(!is_valid_region(bad), "{bad:?}");
        }
    }

    #[test]
    fn endpoint_urls() {
        for ok in ["https://h.example", "http://127.0.0.1:9", "https://proxy/base/", "http://[::1]:8080/x", "HTTPS://H"]
        {
            assert_eq!(endpoint_url_problem(ok), None, "{ok}");
        }
        let cases = [
            ("ftp://h", "scheme"),
            ("h.example", "http://"),
            ("https://h?x=1", "query"),
            ("https://h/base#frag", "fragment"),
            ("https://u:p@h", "user info"),
            ("http://h:99999", "port"),
            ("http://h:0", "port"),
            ("http://h:x", "port"),
            ("http://", "no host"),
            ("http://h/a b", "spaces"),
        ];
        for (url, problem) in cases {
            let found = endpoint_url_problem(url).unwrap_or_else(|| panic!("{url} accepted"));
            assert!(found.contains(problem), "{url}: {found}");
        }
    }

    #[test]
    fn userinfo_is_redacted() {
        assert_eq!(without_userinfo("https://u:secret@h:1/p@q"), "https://**redacted**@h:1/p@q");
        assert_eq!(without_userinfo("https://h/p?a@b"), "https://h/p?a@b");
        assert_eq!(without_userinfo("not a url"), "not a url");
    }
}
