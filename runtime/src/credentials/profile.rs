//! The selected profile's credentials, following its chain of profiles the
//! way the AWS CLI does: static keys, `credential_process`, SSO, web
//! identity, or a role assumed with another profile's (or a named source's)
//! credentials.

use std::time::Duration;

use super::services::{self, Role, Sso, WebIdentity};
use super::{
    ContainerProvider, Credentials, CredentialsError, CredentialsFuture, EnvironmentProvider, ImdsProvider,
    ProvideCredentials,
};
use crate::env::Env;
use crate::profile::{Profile, ProfileSet};

/// Reads the selected profile of the shared config and credentials files and
/// loads the credentials it describes:
///
/// * static keys: `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`;
/// * `credential_process`: see [`ProcessProvider`](super::ProcessProvider);
/// * SSO: `sso_session` (with an `[sso-session name]` section giving
///   `sso_start_url` and `sso_region`) or the legacy `sso_start_url` and
///   `sso_region` in the profile, with `sso_account_id` and `sso_role_name`;
///   the access token comes from the cache `aws sso login` writes
///   (`~/.aws/sso/cache`), the role's credentials from the SSO portal;
/// * `role_arn` with `web_identity_token_file` (and `role_session_name`):
///   STS `AssumeRoleWithWebIdentity`;
/// * `role_arn` with `source_profile` (another profile, followed in turn; its
///   own static keys win) or `credential_source` (`Environment`,
///   `Ec2InstanceMetadata` or `EcsContainer`), plus `external_id`,
///   `role_session_name`, `duration_seconds`: STS `AssumeRole`, once per role
///   in the chain.
///
/// SSO, web identity and roles need the crate's `aws-config` feature; without
/// it such a profile fails with [`CredentialsError::Unsupported`], before any
/// command runs or request is sent. STS is called in the region of
/// `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region`, else
/// `us-east-1` (as the AWS CLI does, through STS's global endpoint's region);
/// `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL` and
/// the profile's `endpoint_url` override the endpoints.
///
/// A profile that is not defined, or defines no credentials, yields
/// [`CredentialsError::NotLoaded`], so a chain moves on; a profile whose
/// settings are wrong, or whose source fails, stops it.
#[derive(Clone, Debug, Default)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
}

/// Where a profile's first credentials come from.
enum Base {
    Static(Credentials),
    Process { profile: String, command: String },
    Sso(Sso),
    WebIdentity(WebIdentity),
    Named { profile: String, source: NamedSource },
}

/// A `credential_source`.
#[derive(Clone, Copy)]
enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// A resolved profile: the first credentials, then each role assumed with
/// the credentials before it (innermost first).
struct Plan {
    base: Base,
    roles: Vec<Role>,
}

impl Plan {
    /// What of this plan needs the `aws-config` feature, if anything.
    fn needs_services(&self) -> Option<&'static str> {
        match &self.base {
            Base::Sso(_) => Some("SSO (sso_session or sso_start_url)"),
            Base::WebIdentity(_) => Some("web identity (web_identity_token_file)"),
            _ if !self.roles.is_empty() => Some("role_arn (assume-role through STS)"),
            _ => None,
        }
    }
}

impl ProfileProvider {
    /// Selects the profile from `AWS_PROFILE` (default `default`).
    pub fn new(env: Env) -> Self {
        Self { env, profile: None }
    }

    /// Uses the named profile regardless of `AWS_PROFILE`.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads the files and loads the credentials the profile describes.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let set = ProfileSet::load(&self.env).map_err(CredentialsError::Profile)?;
        let name = self.profile.as_deref().unwrap_or(set.selected_name()).to_owned();
        let plan = resolve(&set, &name)?;
        if let Some(what) = plan.needs_services()
            && !services::AVAILABLE
        {
            return Err(services::unavailable(&format!("profile `{name}`"), what));
        }
        let context = services::Context::new(&self.env, set.get(&name));
        let mut credentials = match &plan.base {
            Base::Static(credentials) => credentials.clone(),
            Base::Process { profile, command } => {
                let program = super::process::program(command);
                super::process::run(command, &format!("profile `{profile}` credential_process `{program}`")).await?
            }
            Base::Sso(sso) => services::sso(&context, sso).await?,
            Base::WebIdentity(web_identity) => services::web_identity(&context, web_identity).await?,
            Base::Named { profile, source } => self.named(profile, *source).await?,
        };
        for role in &plan.roles {
            credentials = services::assume_role(&context, role, credentials).await?;
        }
        Ok(credentials)
    }

    async fn named(&self, profile: &str, source: NamedSource) -> Result<Credentials, CredentialsError> {
        let (name, result) = match source {
            NamedSource::Environment => ("Environment", EnvironmentProvider::new(self.env.clone()).load()),
            NamedSource::Ec2InstanceMetadata => {
                ("Ec2InstanceMetadata", ImdsProvider::new(self.env.clone()).provide_credentials().await)
            }
            NamedSource::EcsContainer => {
                ("EcsContainer", ContainerProvider::new(self.env.clone()).provide_credentials().await)
            }
        };
        // The profile asked for this source: finding nothing there is an error, not a reason to move on.
        result.map_err(|e| match e {
            CredentialsError::NotLoaded(why) => {
                CredentialsError::Failed(format!("profile `{profile}` credential_source {name}: {why}"))
            }
            other => other,
        })
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

fn invalid(message: String) -> CredentialsError {
    CredentialsError::InvalidConfiguration(message)
}

/// Follows `selected`'s chain of `source_profile`s down to where its first
/// credentials come from.
fn resolve(set: &ProfileSet, selected: &str) -> Result<Plan, CredentialsError> {
    let mut roles = Vec::new();
    let mut visited: Vec<&str> = Vec::new();
    let mut name = selected;
    let base = loop {
        let Some(profile) = set.get(name) else {
            return Err(match visited.last() {
                None => CredentialsError::NotLoaded(format!("profile `{name}` is not defined")),
                Some(from) => invalid(format!("profile `{from}` has source_profile `{name}`, which is not defined")),
            });
        };
        if visited.contains(&name) {
            return Err(invalid(format!(
                "the profiles' source_profile settings loop: {} -> {name}",
                visited.join(" -> ")
            )));
        }
        visited.push(name);
        let is_source = visited.len() > 1;
        // Further down a chain, a profile's own keys end it.
        if is_source && let Some(credentials) = static_keys(profile)? {
            break Base::Static(credentials);
        }
        // `role_arn` with `web_identity_token_file` is a base of its own, not a link.
        let Some(role_arn) = profile.get("role_arn").filter(|_| profile.get("web_identity_token_file").is_none())
        else {
            break base(set, profile, is_source)?;
        };
        roles.push(role(profile, role_arn)?);
        match (profile.get("source_profile"), profile.get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(invalid(format!("profile `{name}` sets both source_profile and credential_source")));
            }
            (None, None) => {
                return Err(invalid(format!(
                    "profile `{name}` has role_arn but neither source_profile nor credential_source"
                )));
            }
            (None, Some(source)) => break named(name, source)?,
            // A profile may assume its role with its own keys.
            (Some(source), None) if source == name => break base(set, profile, is_source)?,
            (Some(source), None) => name = source,
        }
    };
    roles.reverse();
    Ok(Plan { base, roles })
}

/// A profile's own first credentials (it is not a link to another profile).
fn base(set: &ProfileSet, profile: &Profile, is_source: bool) -> Result<Base, CredentialsError> {
    let name = profile.name();
    if let Some(source) = profile.get("credential_source") {
        return named(name, source);
    }
    if let Some(token_file) = profile.get("web_identity_token_file") {
        let role_arn = profile
            .get("role_arn")
            .ok_or_else(|| invalid(format!("profile `{name}` has web_identity_token_file but no role_arn")))?;
        return Ok(Base::WebIdentity(WebIdentity {
            origin: format!("profile `{name}`"),
            role_arn: role_arn.to_owned(),
            token_file: token_file.to_owned(),
            session_name: profile.get("role_session_name").map(str::to_owned),
        }));
    }
    if let Some(sso) = sso(set, profile)? {
        return Ok(Base::Sso(sso));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(Base::Process { profile: name.to_owned(), command: command.to_owned() });
    }
    match static_keys(profile)? {
        Some(credentials) => Ok(Base::Static(credentials)),
        None if is_source => Err(invalid(format!("profile `{name}`, used as a source_profile, has no credentials"))),
        None => Err(CredentialsError::NotLoaded(format!(
            "profile `{name}` has no credentials (keys, credential_process, SSO or role_arn)"
        ))),
    }
}

fn named(profile: &str, source: &str) -> Result<Base, CredentialsError> {
    let source = match source {
        "Environment" => NamedSource::Environment,
        "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
        "EcsContainer" => NamedSource::EcsContainer,
        other => {
            return Err(invalid(format!(
                "profile `{profile}` has credential_source `{other}`; expected Environment, Ec2InstanceMetadata or EcsContainer"
            )));
        }
    };
    Ok(Base::Named { profile: profile.to_owned(), source })
}

fn static_keys(profile: &Profile) -> Result<Option<Credentials>, CredentialsError> {
    match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
        (Some(access), Some(secret)) => {
            Ok(Some(Credentials::new(access, secret, profile.get("aws_session_token").map(str::to_owned), None)))
        }
        (None, None) => Ok(None),
        _ => Err(invalid(format!(
            "profile `{}` sets only one of aws_access_key_id and aws_secret_access_key",
            profile.name()
        ))),
    }
}

fn role(profile: &Profile, role_arn: &str) -> Result<Role, CredentialsError> {
    let name = profile.name();
    let duration = match profile.get("duration_seconds") {
        None => None,
        Some(text) => {
            Some(text.parse::<u64>().ok().filter(|s| (900..=43_200).contains(s)).map(Duration::from_secs).ok_or_else(
                || invalid(format!("profile `{name}` duration_seconds is {text:?}; expected 900 to 43200")),
            )?)
        }
    };
    Ok(Role {
        profile: name.to_owned(),
        role_arn: role_arn.to_owned(),
        session_name: profile.get("role_session_name").map(str::to_owned),
        external_id: profile.get("external_id").map(str::to_owned),
        duration,
    })
}

/// The profile's SSO settings, if it has any.
fn sso(set: &ProfileSet, profile: &Profile) -> Result<Option<Sso>, CredentialsError> {
    let name = profile.name();
    let session = profile.get("sso_session");
    let keys = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
    if session.is_none() && keys.iter().all(|k| profile.get(k).is_none()) {
        return Ok(None);
    }
    let (account_id, role_name) = match (profile.get("sso_account_id"), profile.get("sso_role_name")) {
        (Some(account), Some(role)) => (account.to_owned(), role.to_owned()),
        _ => {
            return Err(invalid(format!(
                "profile `{name}` uses SSO but does not set both sso_account_id and sso_role_name"
            )));
        }
    };
    let required = |section: &Profile, what: &str, key: &str| {
        section.get(key).map(str::to_owned).ok_or_else(|| invalid(format!("{what} does not set {key}")))
    };
    let (start_url, region, cache_key) = match session {
        Some(session_name) => {
            let section = set.sso_session(session_name).ok_or_else(|| {
                invalid(format!(
                    "profile `{name}` has sso_session `{session_name}`, but the config file has no [sso-session {session_name}] section"
                ))
            })?;
            let what = format!("[sso-session {session_name}]");
            let start_url = required(section, &what, "sso_start_url")?;
            let region = required(section, &what, "sso_region")?;
            for (key, value) in [("sso_start_url", &start_url), ("sso_region", &region)] {
                if profile.get(key).is_some_and(|v| v != value.as_str()) {
                    return Err(invalid(format!("profile `{name}` {key} differs from its sso_session's")));
                }
            }
            (start_url, region, session_name.to_owned())
        }
        None => {
            let what = format!("profile `{name}`");
            let start_url = required(profile, &what, "sso_start_url")?;
            let region = required(profile, &what, "sso_region")?;
            (start_url.clone(), region, start_url)
        }
    };
    Ok(Some(Sso { profile: name.to_owned(), account_id, role_name, start_url, region, cache_key }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(config: &str, selected: &str) -> Result<Plan, CredentialsError> {
        resolve(&ProfileSet::parse(Some(config), None, selected).unwrap(), selected)
    }

    fn describe(plan: &Plan) -> String {
        let base = match &plan.base {
            Base::Static(c) => format!("static {}", c.access_key_id()),
            Base::Process { profile, .. } => format!("process of {profile}"),
            Base::Sso(sso) => format!("sso {} {} {}", sso.start_url, sso.region, sso.cache_key),
            Base::WebIdentity(w) => format!("web identity {}", w.role_arn),
            Base::Named { source, .. } => match source {
                NamedSource::Environment => "named Environment".into(),
                NamedSource::Ec2InstanceMetadata => "named Ec2InstanceMetadata".into(),
                NamedSource::EcsContainer => "named EcsContainer".into(),
            },
        };
        let roles: Vec<&str> = plan.roles.iter().map(|r| r.role_arn.as_str()).collect();
        format!("{base} then {roles:?}")
    }

    const CHAINS: &str = "\
[profile a]
role_arn = arn:role/a
source_profile = b
[profile b]
role_arn = arn:role/b
source_profile = c
aws_access_key_id = AKB
aws_secret_access_key = SKB
[profile c]
credential_process = /bin/helper
[profile d]
role_arn = arn:role/d
source_profile = c
[profile self]
role_arn = arn:role/self
source_profile = self
aws_access_key_id = AKSELF
aws_secret_access_key = SKSELF
[profile named]
role_arn = arn:role/named
credential_source = EcsContainer
[profile web]
role_arn = arn:role/web
web_identity_token_file = /var/token
[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
[profile sso-legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-2
sso_account_id = 111122223333
sso_role_name = Admin
[profile loop1]
role_arn = arn:role/1
source_profile = loop2
[profile loop2]
role_arn = arn:role/2
source_profile = loop1
[profile both]
role_arn = arn:role/x
source_profile = c
credential_source = Environment
[profile dangling]
role_arn = arn:role/x
source_profile = nowhere
[profile empty]
region = us-east-1
";

    #[test]
    fn chains_resolve_as_the_cli_resolves_them() {
        for (profile, expected) in [
            // b's own keys end the chain even though b has a role too.
            ("a", r#"static AKB then ["arn:role/a"]"#),
            ("d", r#"process of c then ["arn:role/d"]"#),
            ("self", r#"static AKSELF then ["arn:role/self"]"#),
            ("named", r#"named EcsContainer then ["arn:role/named"]"#),
            ("web", "web identity arn:role/web then []"),
            ("sso-new", "sso https://corp.awsapps.com/start eu-west-1 corp then []"),
            ("sso-legacy", "sso https://old.awsapps.com/start us-east-2 https://old.awsapps.com/start then []"),
        ] {
            let resolved = plan(CHAINS, profile).unwrap_or_else(|e| panic!("{profile}: {e}"));
            assert_eq!(describe(&resolved), expected, "{profile}");
        }
    }

    #[test]
    fn broken_chains_say_what_is_wrong() {
        for (profile, expected) in [
            ("loop1", "loop: loop1 -> loop2 -> loop1"),
            ("both", "sets both source_profile and credential_source"),
            ("dangling", "source_profile `nowhere`, which is not defined"),
        ] {
            let error = plan(CHAINS, profile).err().unwrap();
            assert!(matches!(error, CredentialsError::InvalidConfiguration(_)), "{profile}: {error:?}");
            assert!(error.to_string().contains(expected), "{profile}: {error}");
        }
        for profile in ["empty", "undefined"] {
            let error = plan(CHAINS, profile).err().unwrap();
            assert!(matches!(error, CredentialsError::NotLoaded(_)), "{profile}: {error:?}");
        }
        let bad_sso = "[profile s]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = r\n";
        assert!(plan(bad_sso, "s").err().unwrap().to_string().contains("no [sso-session nope] section"));
        let half_sso = "[profile s]\nsso_start_url = https://x\nsso_region = us-east-1\nsso_account_id = 1\n";
        assert!(plan(half_sso, "s").err().unwrap().to_string().contains("sso_account_id and sso_role_name"));
        let bad_source = "[profile n]\nrole_arn = r\ncredential_source = Laptop\n";
        assert!(plan(bad_source, "n").err().unwrap().to_string().contains("credential_source `Laptop`"));
    }
}
