//! What a state or seed file must hold to be loaded, beyond its JSON
//! shape: ids of the right form, references that resolve, one default
//! group per network, and settings within the model's and the reference's
//! rules. Every problem is reported, with where it is.

use sdk_runtime::validation::Validate;

use super::{ACTIVE, Network, PENDING, State};

pub(crate) fn problems(state: &State) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, network) in &state.networks {
        let mut report = |problem: String| problems.push(format!("network {id}: {problem}"));
        check_network(network, &mut report);
    }
    problems
}

fn digits(id: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

fn violations(value: &impl Validate, at: &str, report: &mut impl FnMut(String)) {
    if let Err(error) = value.validate() {
        for violation in error.violations() {
            report(format!("{at}.{}: {}", violation.path, violation.reason()));
        }
    }
}

fn check_network(network: &Network, report: &mut impl FnMut(String)) {
    if !digits(&network.network_id, 8, 8) {
        report("networkId must be eight digits".to_owned());
    }
    if !(1..=20).contains(&network.network_name.chars().count()) {
        report("networkName must be 1 to 20 characters".to_owned());
    }
    let defaults = network.security_groups.values().filter(|group| group.is_default).count();
    if defaults != 1 {
        report(format!("has {defaults} default security groups; a network has exactly one"));
    }
    violations(&network.settings, "settings", report);
    for group in network.security_groups.values() {
        if group.id.is_empty() || group.id.contains(char::is_whitespace) {
            report(format!("security group `{}`: its id must be non-empty, without spaces", group.id));
        }
        let at = format!("security group {}: securityGroupSettings", group.id);
        violations(&group.security_group_settings, &at, report);
        for (field, reason) in
            crate::ops::security_groups::problems(&group.security_group_settings, &serde_json::Value::Null)
        {
            report(format!("security group {}: {field}: {reason}", group.id));
        }
    }
    let mut usernames = std::collections::BTreeMap::new();
    for user in network.users.values() {
        let at = format!("user {}", user.user_id);
        if !digits(&user.user_id, 1, 10) {
            report(format!("{at}: userId must be 1 to 10 digits"));
        }
        if ![PENDING, ACTIVE].contains(&user.status) {
            report(format!("{at}: status must be 1 (pending) or 2 (active), not {}", user.status));
        }
        for group in &user.security_group_ids {
            if !network.security_groups.contains_key(group) {
                report(format!("{at}: security group {group} does not exist"));
            }
        }
        if let Some(other) = usernames.insert(user.username.to_lowercase(), at.clone()) {
            report(format!("{at}: the username {} is also {other}'s", user.username));
        }
    }
    for bot in network.bots.values() {
        let at = format!("bot {}", bot.bot_id);
        if !digits(&bot.bot_id, 1, 10) {
            report(format!("{at}: botId must be 1 to 10 digits"));
        }
        if network.users.contains_key(&bot.bot_id) {
            report(format!("{at}: a user has the same id"));
        }
        if ![PENDING, ACTIVE].contains(&bot.status) {
            report(format!("{at}: status must be 1 (pending) or 2 (active), not {}", bot.status));
        }
        if !network.security_groups.contains_key(&bot.group_id) {
            report(format!("{at}: security group {} does not exist", bot.group_id));
        }
        if let Some(other) = usernames.insert(bot.username.to_lowercase(), at.clone()) {
            report(format!("{at}: the username {} is also {other}'s", bot.username));
        }
    }
    for guest in network.guest_users.values() {
        if !crate::control::is_billing_period(&guest.billing_period) {
            report(format!("guest user {}: billingPeriod `{}` is not YYYY-MM", guest.username, guest.billing_period));
        }
    }
    if let Some(oidc) = &network.oidc {
        violations(oidc, "oidc", report);
    }
}
