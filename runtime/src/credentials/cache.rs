//! Keeps temporary credentials until shortly before they expire, and fetches
//! new ones once however many callers ask at the same time.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsFuture, ProvideCredentials, SharedCredentialsProvider};

/// How long before expiry credentials are fetched again by default: the
/// margin the client's `Handle` keeps (a request is never signed with
/// credentials that may lapse while it is in flight), so the two agree.
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Caches what another provider returns.
///
/// Credentials without an expiry (static keys) are kept for good; temporary
/// ones until they expire within the refresh margin. One caller then fetches
/// while any others wait for its result (single flight), so a burst of
/// requests costs one call to the container endpoint, IMDS or STS. If the
/// fetch fails while the cached credentials have not yet expired, those are
/// returned and the failure is logged: a brief outage of the source does not
/// fail requests that can still be signed.
pub struct CachingProvider {
    inner: SharedCredentialsProvider,
    margin: Duration,
    cached: Mutex<Option<Credentials>>,
    /// Held while fetching; the cache is checked again once it is acquired.
    refreshing: tokio::sync::Mutex<()>,
}

impl CachingProvider {
    /// Caches `inner`, fetching again five minutes before expiry (the margin
    /// the client keeps itself, so the two agree).
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self::from_shared(Arc::new(inner))
    }

    /// Caches a shared provider.
    pub fn from_shared(inner: SharedCredentialsProvider) -> Self {
        Self {
            inner,
            margin: DEFAULT_REFRESH_MARGIN,
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// Fetches again once the credentials expire within `margin`.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    fn current(&self) -> Option<Credentials> {
        self.cached.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The cached credentials, unless they are due for a refresh.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        self.current().filter(|c| !c.expires_within(now, self.margin))
    }

    async fn load(&self) -> Result<Credentials, super::CredentialsError> {
        if let Some(credentials) = self.fresh(SystemTime::now()) {
            return Ok(credentials);
        }
        let _only_one = self.refreshing.lock().await;
        // Whoever held the lock before may have fetched already.
        let now = SystemTime::now();
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        match self.inner.provide_credentials().await {
            Ok(credentials) => {
                tracing::debug!(expiry = ?credentials.expiry(), "fetched credentials");
                *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => match self.current().filter(|c| !c.expires_within(now, Duration::ZERO)) {
                Some(still_valid) => {
                    tracing::warn!(%error, "could not refresh credentials; using the cached ones until they expire");
                    Ok(still_valid)
                }
                None => Err(error),
            },
        }
    }
}

impl ProvideCredentials for CachingProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

impl fmt::Debug for CachingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cached credentials' own Debug redacts them; their expiry is enough here.
        let cached = self.current();
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .field("margin", &self.margin)
            .field("cached", &cached.is_some())
            .field("expiry", &cached.and_then(|c| c.expiry()))
            .finish()
    }
}
