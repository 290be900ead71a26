//! The generated validators and types at work, on the real SDK: every
//! constraint kind at its boundary and one past it in both directions, paths
//! of nested violations, all violations reported together, builders that
//! name missing members, redacted `Debug`, and open enums.

use wickr_admin_sdk::input::{
    BatchCreateUserRequest, BatchDeleteUserRequest, CreateNetworkRequest, ListUsersRequest, UpdateSecurityGroupRequest,
};
use wickr_admin_sdk::types::{AccessLevel, BatchCreateUserRequestItem, SecurityGroupSettings, UserStatus};
use wickr_admin_sdk::{Validate, Violation};

/// The violations of `value`, as `path: message` lines.
fn violations(value: &impl Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.violations().iter().map(Violation::to_string).collect(),
    }
}

fn network(name: &str) -> CreateNetworkRequest {
    CreateNetworkRequest::builder().network_name(name).access_level(AccessLevel::Standard).build().unwrap()
}

fn list_users(network_id: &str, max_results: Option<i32>) -> ListUsersRequest {
    ListUsersRequest::builder().network_id(network_id).set_max_results(max_results).build().unwrap()
}

#[test]
fn string_length_counts_characters_at_both_bounds() {
    assert_eq!(violations(&network("")), ["networkName: length 0 is not between 1 and 20"]);
    assert!(violations(&network("a")).is_empty());
    assert!(violations(&network(&"ü".repeat(20))).is_empty(), "20 characters (40 bytes) fit");
    assert_eq!(violations(&network(&"a".repeat(21))), ["networkName: length 21 is not between 1 and 20"]);
}

#[test]
fn exact_length_and_pattern() {
    assert_eq!(
        violations(&list_users("1234567", None)),
        ["networkId: length 7 is not between 8 and 8", "networkId: does not match the pattern `^[0-9]{8}$`",]
    );
    assert!(violations(&list_users("12345678", None)).is_empty());
    assert_eq!(violations(&list_users("123456789", None)).len(), 2);
    assert_eq!(violations(&list_users("1234567a", None)), ["networkId: does not match the pattern `^[0-9]{8}$`"]);
}

#[test]
fn integer_range_at_both_bounds() {
    assert_eq!(violations(&list_users("12345678", Some(0))), ["maxResults: value 0 is not between 1 and 100"]);
    assert!(violations(&list_users("12345678", Some(1))).is_empty());
    assert!(violations(&list_users("12345678", Some(100))).is_empty());
    assert_eq!(violations(&list_users("12345678", Some(101))), ["maxResults: value 101 is not between 1 and 100"]);
}

#[test]
fn nested_range_reports_its_path() {
    let update = |minutes: i32| {
        UpdateSecurityGroupRequest::builder()
            .network_id("12345678")
            .group_id("g1")
            .security_group_settings(
                SecurityGroupSettings::builder().max_non_sso_session_minutes(minutes).build().unwrap(),
            )
            .build()
            .unwrap()
    };
    assert_eq!(
        violations(&update(-1)),
        ["securityGroupSettings.maxNonSsoSessionMinutes: value -1 is not between 0 and 525600"]
    );
    assert!(violations(&update(0)).is_empty());
    assert!(violations(&update(525_600)).is_empty());
    assert_eq!(violations(&update(525_601)).len(), 1);
}

#[test]
fn list_length_at_the_bound() {
    let delete = |count: usize| {
        let ids: Vec<String> = (0..count).map(|i| i.to_string()).collect();
        BatchDeleteUserRequest::builder().network_id("12345678").user_ids(ids).build().unwrap()
    };
    assert!(violations(&delete(0)).is_empty(), "no lower bound is modelled");
    assert!(violations(&delete(50)).is_empty());
    assert_eq!(violations(&delete(51)), ["userIds: length 51 is not at most 50"]);
}

fn user(groups: &[&str]) -> BatchCreateUserRequestItem {
    BatchCreateUserRequestItem::builder()
        .username("ada@example.com")
        .security_group_ids(groups.iter().map(|g| g.to_string()).collect::<Vec<_>>())
        .build()
        .unwrap()
}

#[test]
fn a_violation_three_levels_deep_names_its_path() {
    let users = vec![user(&["g"]), user(&["g"]), user(&["g"]), user(&["g", "has space"])];
    let request = BatchCreateUserRequest::builder().network_id("12345678").users(users).build().unwrap();
    assert_eq!(violations(&request), ["users[3].securityGroupIds[1]: does not match the pattern `^[\\S]+$`"]);
}

#[test]
fn every_violation_is_reported() {
    let users = vec![user(&[""]); 51];
    let request =
        BatchCreateUserRequest::builder().network_id("1").client_token("bad token!").users(users).build().unwrap();
    let found = violations(&request);
    // clientToken: pattern; networkId: length and pattern; users: length; and each of 51 users.
    assert_eq!(found.len(), 1 + 2 + 1 + 51, "{found:#?}");
    assert_eq!(found[0], "clientToken: does not match the pattern `^[a-zA-Z0-9-_:]+$`");
    assert!(found.contains(&"networkId: length 1 is not between 8 and 8".to_owned()));
    assert!(found.contains(&"users: length 51 is not at most 50".to_owned()));
    assert!(found.contains(&"users[50].securityGroupIds[0]: does not match the pattern `^[\\S]+$`".to_owned()));
}

#[test]
fn missing_required_input_members_are_violations() {
    let empty = ListUsersRequest::builder().build().unwrap();
    assert_eq!(violations(&empty), ["networkId: is required but was not set"]);
}

#[test]
fn builders_name_every_missing_required_member() {
    let error = BatchCreateUserRequestItem::builder().first_name("Ada").build().unwrap_err();
    assert_eq!(error.missing_members(), ["securityGroupIds", "username"]);
    assert_eq!(
        error.to_string(),
        "cannot build BatchCreateUserRequestItem: required member(s) not set: securityGroupIds, username"
    );
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let item = BatchCreateUserRequestItem::builder()
        .username("ada@example.com")
        .security_group_ids(vec!["g".to_owned()])
        .first_name("Ada")
        .last_name("Lovelace")
        .build()
        .unwrap();
    let printed = format!("{item:?}");
    assert!(!printed.contains("Ada") && !printed.contains("Lovelace"), "{printed}");
    assert!(printed.contains("first_name: *** Sensitive Data Redacted ***"), "{printed}");
    assert!(printed.contains("ada@example.com"), "non-sensitive members still print: {printed}");
    let builder = BatchCreateUserRequestItem::builder().first_name("Ada");
    assert!(!format!("{builder:?}").contains("Ada"));
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let level: AccessLevel = serde_json::from_str("\"ULTRA\"").unwrap();
    assert_eq!(level, AccessLevel::Unknown("ULTRA".to_owned()));
    assert_eq!(serde_json::to_string(&level).unwrap(), "\"ULTRA\"");
    assert_eq!(serde_json::from_str::<AccessLevel>("\"PREMIUM\"").unwrap(), AccessLevel::Premium);
    let status: UserStatus = serde_json::from_str("7").unwrap();
    assert_eq!(status, UserStatus::Unknown(7));
    assert_eq!(serde_json::to_string(&status).unwrap(), "7");
    assert_eq!(serde_json::from_str::<UserStatus>("2").unwrap(), UserStatus::Active);
}

#[test]
fn wire_names_and_optional_members_in_json() {
    let request = list_users("12345678", Some(5));
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json, serde_json::json!({"networkId": "12345678", "maxResults": 5}), "unset members are left out");
}
