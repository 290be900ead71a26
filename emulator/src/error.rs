//! Why an operation failed, as the emulator decides it, and how that
//! becomes one of the model's errors.

use sdk_runtime::BuildError;
use wickr_admin_sdk::error::{
    BadRequestError, InternalServerError, RateLimitError, ResourceNotFoundError, ValidationError,
};
use wickr_admin_sdk::operation::{Error, ListNetworksError};
use wickr_admin_sdk::types::ErrorDetail;

/// An operation's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// `404 ResourceNotFoundError`: the network, user, bot, group… does not exist.
    NotFound(String),
    /// `400 BadRequestError`: the request conflicts with the state (a second
    /// data retention bot, a taken username, a reused client token).
    BadRequest(String),
    /// `422 ValidationError`: these fields are wrong, each with why.
    Invalid(Vec<(String, String)>),
    /// `429 RateLimitError` (fault injection).
    Throttled,
    /// `500 InternalServerError`.
    Internal(String),
}

impl ApiError {
    /// One invalid field.
    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Self {
        ApiError::Invalid(vec![(field.to_owned(), reason.into())])
    }

    pub(crate) fn network_not_found(network_id: &str) -> Self {
        ApiError::NotFound(format!("Network {network_id} not found"))
    }

    fn validation_error(reasons: Vec<(String, String)>) -> ValidationError {
        let message = match reasons.as_slice() {
            [(field, reason)] => format!("1 validation error detected: {field}: {reason}"),
            [(field, reason), ..] => {
                format!("{} validation errors detected; the first: {field}: {reason}", reasons.len())
            }
            [] => "validation failed".to_owned(),
        };
        let details =
            reasons.into_iter().map(|(field, reason)| ErrorDetail::builder().field(field).reason(reason).build());
        let mut error = ValidationError::builder().message(message);
        if let Ok(details) = details.collect::<Result<Vec<_>, _>>() {
            error = error.reasons(details);
        }
        error.build().expect("ValidationError has no required member")
    }
}

/// An output that could not be built is the emulator's bug.
impl From<BuildError> for ApiError {
    fn from(error: BuildError) -> Self {
        ApiError::Internal(format!("the emulator built an incomplete answer: {error}"))
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::NotFound(message) => Error::ResourceNotFoundError(
                ResourceNotFoundError::builder().message(message).build().expect("no required member"),
            ),
            ApiError::BadRequest(message) => {
                Error::BadRequestError(BadRequestError::builder().message(message).build().expect("no required member"))
            }
            ApiError::Invalid(reasons) => Error::ValidationError(ApiError::validation_error(reasons)),
            ApiError::Throttled => {
                Error::RateLimitError(RateLimitError::builder().build().expect("its one member has a default"))
            }
            ApiError::Internal(message) => Error::InternalServerError(
                InternalServerError::builder().message(message).build().expect("its one member is set"),
            ),
        }
    }
}

/// `ListNetworks` has no not-found error (it names no resource).
impl From<ApiError> for ListNetworksError {
    fn from(error: ApiError) -> Self {
        match Error::from(error) {
            Error::ValidationError(e) => ListNetworksError::ValidationError(e),
            Error::RateLimitError(e) => ListNetworksError::RateLimitError(e),
            Error::InternalServerError(e) => ListNetworksError::InternalServerError(e),
            Error::BadRequestError(e) => ListNetworksError::BadRequestError(e),
            other => ListNetworksError::BadRequestError(
                BadRequestError::builder().message(other.to_string()).build().expect("no required member"),
            ),
        }
    }
}
