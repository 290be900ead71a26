//! Whether an operation's requests are signed: its effective auth schemes.
//!
//! Smithy decides them in order: the operation's `@auth` list, else the
//! service's `@auth` list, else every auth-scheme trait the service carries.
//! The SDK signs with SigV4 only, so what matters is whether that list is
//! empty (never signed) and whether `@optionalAuth` lets a call go unsigned.

use serde_json::Value;

use crate::model::Traits;

/// How an operation's requests are signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    /// Always signed with SigV4.
    #[default]
    SigV4,
    /// `@optionalAuth`: signed when credentials are available, else unsigned.
    OptionalSigV4,
    /// `@auth([])`: never signed.
    None,
}

const AUTH: &str = "smithy.api#auth";
const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";

/// The auth of an operation with `traits`, of a service with `service`.
pub fn of_operation(traits: &Traits, service: &Traits) -> Auth {
    let schemes = traits.get(AUTH).or_else(|| service.get(AUTH)).and_then(Value::as_array);
    match schemes {
        Some(schemes) if schemes.is_empty() => Auth::None,
        _ if traits.contains_key(OPTIONAL_AUTH) => Auth::OptionalSigV4,
        _ => Auth::SigV4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(json: &str) -> Traits {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_operation_list_wins_over_the_service_list() {
        let none = traits(r#"{"smithy.api#auth": []}"#);
        let sigv4 = traits(r#"{"smithy.api#auth": ["aws.auth#sigv4"]}"#);
        let optional = traits(r#"{"smithy.api#optionalAuth": {}}"#);
        let plain = traits("{}");
        assert_eq!(of_operation(&none, &plain), Auth::None);
        assert_eq!(of_operation(&plain, &none), Auth::None, "the service's empty list applies");
        assert_eq!(of_operation(&sigv4, &none), Auth::SigV4, "the operation's own list wins");
        assert_eq!(of_operation(&optional, &plain), Auth::OptionalSigV4);
        assert_eq!(of_operation(&plain, &sigv4), Auth::SigV4);
        assert_eq!(of_operation(&plain, &plain), Auth::SigV4);
    }
}
