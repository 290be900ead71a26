//! STS: a role assumed with other credentials (`aws-config`'s
//! `AssumeRoleProvider`), and a web identity token exchanged for a role's
//! credentials (the SDK's STS client).

use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::ProvideCredentials as _;

use super::{Context, Role, WebIdentity, describe, from_sdk};
use crate::credentials::{Credentials, CredentialsError};

/// `sdk-runtime-<milliseconds>`, when no session name is configured: unique
/// enough to tell sessions apart in CloudTrail.
fn default_session_name() -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("sdk-runtime-{millis}")
}

/// Assumes `role` with `source` credentials.
pub(in crate::credentials) async fn assume_role(
    context: &Context,
    role: &Role,
    source: Credentials,
) -> Result<Credentials, CredentialsError> {
    let sdk_config = context.sdk_config(context.region())?;
    let mut builder = AssumeRoleProvider::builder(role.role_arn.as_str())
        .session_name(role.session_name.clone().unwrap_or_else(default_session_name))
        .configure(&sdk_config);
    if let Some(external_id) = &role.external_id {
        builder = builder.external_id(external_id.as_str());
    }
    if let Some(duration) = role.duration {
        builder = builder.session_length(duration);
    }
    let source = aws_credential_types::Credentials::new(
        source.access_key_id(),
        source.secret_access_key(),
        source.session_token().map(str::to_owned),
        source.expiry(),
        "sdk-runtime",
    );
    let provider = builder.build_from_provider(source).await;
    let assumed = provider.provide_credentials().await.map_err(|e| {
        CredentialsError::Failed(format!(
            "profile `{}`: STS AssumeRole of {} failed: {}",
            role.profile,
            role.role_arn,
            aws_smithy_types::error::display::DisplayErrorContext(&e)
        ))
    })?;
    Ok(from_sdk(&assumed))
}

/// Exchanges the token in the web identity token file for the role's credentials.
pub(in crate::credentials) async fn web_identity(
    context: &Context,
    web_identity: &WebIdentity,
) -> Result<Credentials, CredentialsError> {
    let WebIdentity { origin, role_arn, token_file, session_name } = web_identity;
    let failed = |why: String| CredentialsError::Failed(format!("{origin}: web identity for {role_arn}: {why}"));
    // Read every time: the token is rotated under us (EKS every hour or so).
    let token = std::fs::read_to_string(token_file)
        .map_err(|e| failed(format!("cannot read the token file {token_file}: {e}")))?;
    let client = aws_sdk_sts::Client::new(&context.sdk_config(context.region())?);
    let output = client
        .assume_role_with_web_identity()
        .role_arn(role_arn)
        .role_session_name(session_name.clone().unwrap_or_else(default_session_name))
        .web_identity_token(token.trim())
        .send()
        .await
        .map_err(|e| failed(format!("STS AssumeRoleWithWebIdentity failed: {}", describe(&e))))?;
    let credentials = output.credentials().ok_or_else(|| failed("STS returned no credentials".into()))?;
    let expiry = SystemTime::try_from(*credentials.expiration())
        .map_err(|_| failed("STS returned an expiry out of range".into()))?;
    Ok(Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        Some(expiry),
    ))
}
