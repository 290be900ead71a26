//! Single sign-on (OIDC) and OpenTDF configuration. The emulator reaches
//! no identity provider: a test of an OIDC configuration answers with the
//! endpoints a provider at the issuer URL would typically publish, and
//! token exchanges answer with made-up tokens.

use wickr_admin_sdk::input::{
    GetOidcInfoRequest, GetOpentdfConfigRequest, RegisterOidcConfigRequest, RegisterOidcConfigTestRequest,
    RegisterOpentdfConfigRequest,
};
use wickr_admin_sdk::output::{
    GetOidcInfoResponse, GetOpentdfConfigResponse, RegisterOidcConfigResponse, RegisterOidcConfigTestResponse,
    RegisterOpentdfConfigResponse,
};
use wickr_admin_sdk::types::{OidcConfigInfo, OidcTokenInfo};

use super::{convert, given, network, network_mut};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::ids;
use crate::state::Opentdf;

/// Where the identity provider sends users back to.
const REDIRECT_URL: &str = "https://messaging-pro-prod.wickr.com/deeplink/oidc.php";

/// The issuer without a trailing `/`, if it is an http(s) URL with a host.
fn issuer_url(issuer: &str) -> Result<&str, ApiError> {
    let rest = issuer.strip_prefix("https://").or_else(|| issuer.strip_prefix("http://"));
    match rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default()) {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(issuer.trim_end_matches('/')),
        _ => Err(ApiError::invalid("issuer", "The issuer must be an http(s):// URL")),
    }
}

pub(crate) fn register_oidc(
    ctx: &mut Ctx<'_>,
    input: RegisterOidcConfigRequest,
) -> Result<RegisterOidcConfigResponse, ApiError> {
    let issuer = issuer_url(input.issuer.as_deref().unwrap_or_default())?.to_owned();
    let network = network_mut(ctx.state, &input.network_id)?;
    let company_id = given(input.company_id);
    let info = OidcConfigInfo::builder()
        .application_name(format!("Wickr-{company_id}"))
        .set_client_id(input.user_id.clone())
        .company_id(company_id)
        .scopes(given(input.scopes))
        .issuer(issuer)
        .set_secret(input.secret)
        .redirect_url(REDIRECT_URL)
        .set_user_id(input.user_id)
        .set_custom_username(input.custom_username)
        .application_id(1)
        .set_sso_token_buffer_minutes(input.sso_token_buffer_minutes)
        .set_extra_auth_params(input.extra_auth_params)
        .build()?;
    let output = convert(&info)?;
    network.oidc = Some(info);
    Ok(output)
}

pub(crate) fn get_oidc(ctx: &mut Ctx<'_>, input: GetOidcInfoRequest) -> Result<GetOidcInfoResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let info = network
        .oidc
        .clone()
        .ok_or_else(|| ApiError::NotFound(format!("Network {} has no OIDC configuration", network.network_id)))?;
    // An authorization code is exchanged for (made-up) tokens.
    let tokens = match input.code {
        None => None,
        Some(_) => {
            let verifier = input.code_verifier.unwrap_or_else(|| ids::secret(43));
            Some(
                OidcTokenInfo::builder()
                    .code_challenge(pkce_challenge(&verifier))
                    .code_verifier(verifier)
                    .access_token(ids::secret(40))
                    .id_token(ids::secret(40))
                    .refresh_token(ids::secret(40))
                    .token_type("Bearer")
                    .expires_in(3600)
                    .build()?,
            )
        }
    };
    Ok(GetOidcInfoResponse::builder().openid_connect_info(info).set_token_info(tokens).build()?)
}

/// PKCE's S256 challenge: the verifier's SHA-256, base64url without padding.
fn pkce_challenge(verifier: &str) -> String {
    let hex = ids::sha256_hex(verifier);
    let bytes: Vec<u8> =
        (0..hex.len()).step_by(2).filter_map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok()).collect();
    sdk_runtime::encoding::encode_base64(bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

pub(crate) fn test_oidc(
    ctx: &mut Ctx<'_>,
    input: RegisterOidcConfigTestRequest,
) -> Result<RegisterOidcConfigTestResponse, ApiError> {
    let issuer = issuer_url(input.issuer.as_deref().unwrap_or_default())?.to_owned();
    network(ctx.state, &input.network_id)?;
    let mut scopes: Vec<String> = ["openid", "profile", "email"].map(str::to_owned).to_vec();
    for scope in given(input.scopes).split_whitespace() {
        if !scopes.iter().any(|known| known == scope) {
            scopes.push(scope.to_owned());
        }
    }
    let strings = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect::<Vec<_>>();
    Ok(RegisterOidcConfigTestResponse::builder()
        .token_endpoint(format!("{issuer}/oauth2/token"))
        .userinfo_endpoint(format!("{issuer}/oauth2/userinfo"))
        .response_types_supported(strings(&["code"]))
        .scopes_supported(scopes)
        .authorization_endpoint(format!("{issuer}/oauth2/authorize"))
        .end_session_endpoint(format!("{issuer}/oauth2/logout"))
        .logout_endpoint(format!("{issuer}/oauth2/logout"))
        .grant_types_supported(strings(&["authorization_code", "refresh_token"]))
        .revocation_endpoint(format!("{issuer}/oauth2/revoke"))
        .token_endpoint_auth_methods_supported(strings(&["client_secret_basic", "client_secret_post"]))
        .microsoft_multi_refresh_token(issuer.contains("login.microsoftonline.com"))
        .issuer(issuer)
        .build()?)
}

pub(crate) fn register_opentdf(
    ctx: &mut Ctx<'_>,
    input: RegisterOpentdfConfigRequest,
) -> Result<RegisterOpentdfConfigResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let config = Opentdf {
        client_id: given(input.client_id),
        client_secret: given(input.client_secret),
        domain: given(input.domain),
        provider: given(input.provider),
    };
    for (field, value) in [("clientId", &config.client_id), ("domain", &config.domain), ("provider", &config.provider)]
    {
        if value.trim().is_empty() {
            return Err(ApiError::invalid(field, "must not be empty"));
        }
    }
    let output = opentdf_view(&config)?;
    // A dry run only checks the configuration.
    if input.dry_run != Some(true) {
        network.opentdf = Some(config);
    }
    Ok(output)
}

pub(crate) fn get_opentdf(
    ctx: &mut Ctx<'_>,
    input: GetOpentdfConfigRequest,
) -> Result<GetOpentdfConfigResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let config = network
        .opentdf
        .as_ref()
        .ok_or_else(|| ApiError::NotFound(format!("Network {} has no OpenTDF configuration", network.network_id)))?;
    convert(&opentdf_view(config)?)
}

fn opentdf_view(config: &Opentdf) -> Result<RegisterOpentdfConfigResponse, ApiError> {
    Ok(RegisterOpentdfConfigResponse::builder()
        .client_id(&config.client_id)
        .client_secret(&config.client_secret)
        .domain(&config.domain)
        .provider(&config.provider)
        .build()?)
}
