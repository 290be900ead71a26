//! SSO: the access token `aws sso login` cached, exchanged at the SSO portal
//! (`GetRoleCredentials`, the SDK's SSO client) for a role's credentials.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha1::{Digest, Sha1};

use super::{Context, Sso, describe};
use crate::credentials::{Credentials, CredentialsError, json};

/// `~/.aws/sso/cache/<sha1 of the key, in hex>.json`, where the AWS CLI keeps
/// the token of an SSO session (keyed by its name) or of a legacy profile
/// (keyed by its start URL).
fn token_path(context: &Context, key: &str) -> Result<PathBuf, CredentialsError> {
    let home = context.env.home_dir().ok_or_else(|| {
        CredentialsError::InvalidConfiguration("cannot find the SSO token cache: HOME is not set".into())
    })?;
    let hash: String = Sha1::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    Ok(home.join(".aws").join("sso").join("cache").join(format!("{hash}.json")))
}

/// The cached access token, if it has not expired.
fn cached_token(context: &Context, sso: &Sso) -> Result<String, CredentialsError> {
    let login = format!("run `aws sso login --profile {}`", sso.profile);
    let failed = |why: String| CredentialsError::Failed(format!("profile `{}` SSO: {why}", sso.profile));
    let path = token_path(context, &sso.cache_key)?;
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(failed(format!(
                "no cached token for {} ({} does not exist); {login}",
                sso.start_url,
                path.display()
            )));
        }
        Err(e) => return Err(failed(format!("cannot read {}: {e}", path.display()))),
    };
    let in_file = |why: String| failed(format!("{}: {why}", path.display()));
    let object = json::object(&text).map_err(in_file)?;
    let token = json::text(&object, "accessToken").map_err(in_file)?.ok_or_else(|| in_file("no accessToken".into()))?;
    let expires = json::text(&object, "expiresAt").map_err(in_file)?.ok_or_else(|| in_file("no expiresAt".into()))?;
    let expiry = json::timestamp(expires).ok_or_else(|| in_file("expiresAt is not an RFC 3339 timestamp".into()))?;
    if expiry <= SystemTime::now() {
        return Err(failed(format!("the cached token expired at {expires}; {login}")));
    }
    Ok(token.to_owned())
}

/// The role's credentials from the SSO portal.
pub(in crate::credentials) async fn sso(context: &Context, sso: &Sso) -> Result<Credentials, CredentialsError> {
    let token = cached_token(context, sso)?;
    let failed = |why: String| {
        CredentialsError::Failed(format!(
            "profile `{}` SSO: role {} of account {}: {why}",
            sso.profile, sso.role_name, sso.account_id
        ))
    };
    let client = aws_sdk_sso::Client::new(&context.sdk_config(&sso.region)?);
    let output = client
        .get_role_credentials()
        .account_id(&sso.account_id)
        .role_name(&sso.role_name)
        .access_token(token)
        .send()
        .await
        .map_err(|e| failed(format!("GetRoleCredentials failed: {}", describe(&e))))?;
    let role = output.role_credentials().ok_or_else(|| failed("the portal returned no credentials".into()))?;
    let (Some(access_key_id), Some(secret_access_key)) = (role.access_key_id(), role.secret_access_key()) else {
        return Err(failed("the portal returned incomplete credentials".into()));
    };
    let expiry = u64::try_from(role.expiration())
        .ok()
        .and_then(|millis| UNIX_EPOCH.checked_add(Duration::from_millis(millis)))
        .ok_or_else(|| failed("the portal returned an expiry out of range".into()))?;
    Ok(Credentials::new(access_key_id, secret_access_key, role.session_token().map(str::to_owned), Some(expiry)))
}
