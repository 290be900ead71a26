//! Checks of the settings that end up in a URL. The region is pasted into
//! endpoint host names by the rule sets, so a value that could change where
//! a signed request goes is refused before any endpoint is resolved.

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
}
