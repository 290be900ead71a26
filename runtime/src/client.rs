//! The orchestrator: one [`Handle`] per client, shared by all its operations.
//!
//! [`Handle::send`] takes an operation's [`HttpRequest`] and does everything
//! between "request built" and "response received": endpoint resolution
//! (per call, with the operation's endpoint parameters, cached by their
//! values), URL assembly, default headers, credentials, SigV4 signing (again
//! on every attempt), retries with back-off, timeouts and tracing.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tracing::Instrument as _;

use crate::config::Config;
use crate::credentials::Credentials;
use crate::endpoint::{BuiltIns, Endpoint, EndpointError, InputParams, Resolver, StaticValue};
use crate::error::{
    ConstructionError, DeserializationError, SdkError, TimeoutError, TimeoutKind, TransportError, TransportErrorKind,
};
use crate::http::{HttpRequest, HttpResponse, HyperTransport, PreparedRequest, Transport};
use crate::protocol::{Protocol, error_from_response};
use crate::redact::Redactions;
use crate::retry::{RetryQuota, RetryReason, classify_response, classify_transport, jitter, random_u64};
use crate::sign::{SigningKeyCache, SigningParams, sign_request_cached};
use crate::stream::ByteStream;
use crate::validation::Validate;

/// The static description of a service, emitted once by the generator.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The `sdkId` (e.g. `Wickr`); names `AWS_ENDPOINT_URL_<SERVICE>`.
    pub sdk_id: &'static str,
    /// The SigV4 signing name (e.g. `wickr`).
    pub signing_name: &'static str,
    /// The `smithy.rules#endpointRuleSet` trait as JSON text.
    pub endpoint_rule_set_json: &'static str,
    /// The service version (e.g. `2024-02-01`), sent in the User-Agent.
    pub api_version: &'static str,
    /// The protocol the service speaks, which reads its error responses.
    pub protocol: &'static dyn Protocol,
}

/// The static description of an operation.
#[derive(Clone, Copy, Debug)]
pub struct OperationInfo {
    /// The operation's name (e.g. `GetUser`), used in traces.
    pub name: &'static str,
    /// The operation's `smithy.rules#staticContextParams`: endpoint parameter
    /// values fixed for every call of it.
    pub static_context_params: &'static [(&'static str, StaticValue)],
    /// Whether its requests are signed.
    pub auth: Auth,
}

/// Whether an operation's requests are signed with SigV4: the operation's
/// effective auth schemes, as its `@auth` and `@optionalAuth` traits and the
/// service's decide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    /// Always signed: a call without credentials or region fails before
    /// anything is sent.
    #[default]
    SigV4,
    /// `@optionalAuth`: signed when credentials and a region are available,
    /// else sent unsigned (as the AWS SDKs fall back to anonymous auth).
    OptionalSigV4,
    /// `@auth([])`: never signed; no credentials are looked up.
    None,
}

impl OperationInfo {
    /// An operation description (usable in `const` items), signed with SigV4.
    pub const fn new(name: &'static str) -> Self {
        Self { name, static_context_params: &[], auth: Auth::SigV4 }
    }

    /// The same, signed as `auth` says.
    pub const fn with_auth(self, auth: Auth) -> Self {
        Self { auth, ..self }
    }

    /// The same, with these `smithy.rules#staticContextParams` (parameter
    /// name and value).
    pub const fn with_static_context_params(self, params: &'static [(&'static str, StaticValue)]) -> Self {
        Self { static_context_params: params, ..self }
    }
}

/// A request exactly as [`Handle::send`] would first put it on the wire,
/// from [`Handle::prepare_signed`].
#[derive(Clone, Debug)]
pub struct SignedRequest {
    /// Method, absolute URL, every header (the signature's included) and body.
    pub request: PreparedRequest,
    /// Why the request carries no signature, when it does not: no credentials
    /// could be loaded, or no signing region is configured.
    pub unsigned_reason: Option<String>,
    /// The parts of the request that must not be shown.
    pub redactions: Redactions,
}

impl SignedRequest {
    /// The request as it may be printed: `@sensitive` values, credentials
    /// and user info redacted (so its signature no longer verifies).
    pub fn shown(&self) -> PreparedRequest {
        self.redactions.request(&self.request)
    }
}

/// Credentials are refreshed this long before they expire, so a request is
/// never signed with credentials that lapse while it is in flight.
const CREDENTIALS_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A client's shared machinery; cheap to clone.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: ServiceInfo,
    endpoints: Resolver,
    transport: Result<Arc<dyn Transport>, String>,
    credentials: Mutex<Option<Arc<Credentials>>>,
    /// The last SigV4 signing key, reused until the day or credentials change.
    signing_keys: SigningKeyCache,
    quota: RetryQuota,
    user_agent: String,
    /// Why the configuration cannot be used ([`Config::validate`]), if it cannot.
    invalid: Option<String>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.inner.service.sdk_id)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Whether a response is read whole, or a successful one's body handed over unread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Receive {
    Whole,
    Streaming,
}

/// How one attempt failed before a response arrived.
enum AttemptError {
    Transport(TransportError),
    Timeout(TimeoutError),
}

impl From<TransportError> for AttemptError {
    /// A transport's own deadline (connect, read) is reported as the timeout it is.
    fn from(error: TransportError) -> Self {
        match error.timeout() {
            Some(timeout) => AttemptError::Timeout(timeout.clone()),
            None => AttemptError::Transport(error),
        }
    }
}

impl Handle {
    /// A handle for `service` with `config`. Never fails: problems with the
    /// endpoint or transport are reported by the first [`send`](Self::send).
    pub fn new(config: Config, service: ServiceInfo) -> Self {
        let transport = match config.transport() {
            Some(transport) => Ok(transport.clone()),
            None => HyperTransport::with_timeouts(config.connect_timeout(), config.read_timeout())
                .map(|t| Arc::new(t) as Arc<dyn Transport>)
                .map_err(|e| e.to_string()),
        };
        let mut user_agent = format!(
            "sdk-runtime/{} api/{}/{} os/{} lang/rust",
            env!("CARGO_PKG_VERSION"),
            service.sdk_id.to_ascii_lowercase().replace(' ', "-"),
            service.api_version,
            std::env::consts::OS,
        );
        if let Some(app) = config.app_name() {
            user_agent.push_str(" app/");
            user_agent.push_str(app);
        }
        let invalid = config.validate().err().map(|e| e.to_string());
        let built_ins = BuiltIns {
            // A region that is not a host label never reaches a host name.
            region: config.region().filter(|_| invalid.is_none()).map(str::to_owned),
            use_fips: config.use_fips(),
            use_dual_stack: config.use_dual_stack(),
            endpoint: config.endpoint_url().map(str::to_owned),
        };
        let endpoints =
            Resolver::new(service.endpoint_rule_set_json, built_ins, config.client_context_params().clone());
        Self {
            inner: Arc::new(Inner {
                config,
                service,
                endpoints,
                transport,
                credentials: Mutex::new(None),
                signing_keys: SigningKeyCache::default(),
                quota: RetryQuota::new(),
                user_agent,
                invalid,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service description.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// Validates `input` unless the configuration turned validation off.
    pub fn validate<T: Validate + ?Sized, E>(&self, input: &T) -> Result<(), SdkError<E>> {
        if self.inner.config.validate_input() {
            input.validate()?;
        }
        Ok(())
    }

    /// Resolves the endpoint from the configuration alone (built-ins and
    /// client context parameters): what a call of an operation without
    /// endpoint parameters of its own uses.
    pub fn resolve_endpoint(&self) -> Result<Arc<Endpoint>, EndpointError> {
        self.inner.endpoints.resolve(&[], &InputParams::new())
    }

    /// Resolves the endpoint for one call of `op` whose input binds `input`:
    /// exactly what [`send_with`](Self::send_with) uses. Cached by the full
    /// set of parameter values.
    pub fn resolve_endpoint_for(
        &self,
        op: &OperationInfo,
        input: &InputParams,
    ) -> Result<Arc<Endpoint>, EndpointError> {
        self.inner.endpoints.resolve(op.static_context_params, input)
    }

    /// Sends `request` and returns the final response, whatever its status:
    /// after retries, a non-2xx response is returned as `Ok` so the caller can
    /// map its error code to the operation's modelled errors (see
    /// [`error_from_response`]). `Err` means no usable response: endpoint,
    /// construction, transport or timeout failures.
    ///
    /// Must run inside a Tokio runtime with I/O and time enabled (the
    /// transport, back-off and timeouts use them).
    ///
    /// The endpoint is resolved with `op`'s static context parameters only;
    /// an operation whose input binds endpoint parameters uses
    /// [`send_with`](Self::send_with).
    pub async fn send<E>(&self, op: &OperationInfo, request: HttpRequest) -> Result<HttpResponse, SdkError<E>> {
        self.send_with(op, &InputParams::new(), request).await
    }

    /// [`send`](Self::send), with the endpoint parameters the call's input
    /// binds (see [`Operation::endpoint_params`](crate::operation::Operation::endpoint_params)).
    pub async fn send_with<E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
    ) -> Result<HttpResponse, SdkError<E>> {
        Ok(self.send_traced(op, input, request, Receive::Whole).await?.0)
    }

    /// [`send_with`](Self::send_with) for an operation whose output streams:
    /// returns once a successful response's head arrives, with its body
    /// unread. An error response is read whole (and retried as any other);
    /// the timeouts cover the wait for the head, not the reading of the body.
    pub async fn send_streaming_with<E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
    ) -> Result<(HttpResponse, ByteStream), SdkError<E>> {
        let (head, body) = self.send_traced(op, input, request, Receive::Streaming).await?;
        Ok((head, body.unwrap_or_default()))
    }

    /// Sends in a traced span, within the operation timeout.
    async fn send_traced<E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
        receive: Receive,
    ) -> Result<(HttpResponse, Option<ByteStream>), SdkError<E>> {
        let span = tracing::info_span!(
            "operation",
            service = self.inner.service.sdk_id,
            operation = op.name,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let work = self.send_inner(op, input, request, receive);
        let result = match self.inner.config.operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, work).instrument(span.clone()).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::Timeout(TimeoutError::new(TimeoutKind::Operation, limit))),
            },
            None => work.instrument(span.clone()).await,
        };
        match &result {
            Ok((response, _)) => {
                span.record("status", response.status());
            }
            Err(e) => {
                let _entered = span.enter();
                tracing::debug!(error = %ErrorSummary(e), "operation failed");
            }
        }
        result
    }

    /// [`invoke_with`](Self::invoke_with) for an operation whose output
    /// streams: `output` reads the head and takes the body unread.
    pub async fn invoke_streaming_with<O, E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
        output: impl FnOnce(&HttpResponse, ByteStream) -> Result<O, DeserializationError>,
        modelled: impl FnOnce(&str, &HttpResponse) -> Option<Result<E, DeserializationError>>,
    ) -> Result<O, SdkError<E>> {
        let (head, body) = self.send_streaming_with(op, input, request).await?;
        if head.is_success() {
            output(&head, body).map_err(SdkError::Deserialization)
        } else {
            Err(error_from_response(self.inner.service.protocol, &head, modelled))
        }
    }

    /// Sends, then reads the output with `output` on success, or maps the
    /// error code with `modelled` (as in [`error_from_response`]). Resolves
    /// the endpoint as [`send`](Self::send) does.
    pub async fn invoke<O, E>(
        &self,
        op: &OperationInfo,
        request: HttpRequest,
        output: impl FnOnce(&HttpResponse) -> Result<O, DeserializationError>,
        modelled: impl FnOnce(&str, &HttpResponse) -> Option<Result<E, DeserializationError>>,
    ) -> Result<O, SdkError<E>> {
        self.invoke_with(op, &InputParams::new(), request, output, modelled).await
    }

    /// [`invoke`](Self::invoke), with the endpoint parameters the call's
    /// input binds.
    pub async fn invoke_with<O, E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
        output: impl FnOnce(&HttpResponse) -> Result<O, DeserializationError>,
        modelled: impl FnOnce(&str, &HttpResponse) -> Option<Result<E, DeserializationError>>,
    ) -> Result<O, SdkError<E>> {
        let response = self.send_with(op, input, request).await?;
        if response.is_success() {
            output(&response).map_err(SdkError::Deserialization)
        } else {
            Err(error_from_response(self.inner.service.protocol, &response, modelled))
        }
    }

    /// Everything [`send`](Self::send) does before its first attempt goes on
    /// the wire (endpoint, URL, default and invocation headers, SigV4
    /// signature), without sending: what a dry run shows. When no credentials
    /// can be loaded or no signing region is configured, the request comes
    /// back unsigned, with the reason, rather than as an error.
    ///
    /// The endpoint is resolved from the configuration alone; for an
    /// operation with endpoint parameters use
    /// [`prepare_signed_with`](Self::prepare_signed_with).
    pub async fn prepare_signed<E>(&self, request: &HttpRequest) -> Result<SignedRequest, SdkError<E>> {
        self.check_config()?;
        let endpoint = self.resolve_endpoint().map_err(SdkError::Endpoint)?;
        self.prepare_signed_at(&endpoint, request, Auth::SigV4).await
    }

    /// [`prepare_signed`](Self::prepare_signed) for a call of `op` whose input
    /// binds `input`: the endpoint [`send_with`](Self::send_with) would use,
    /// signed as `op`'s [`Auth`] says.
    pub async fn prepare_signed_with<E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: &HttpRequest,
    ) -> Result<SignedRequest, SdkError<E>> {
        self.check_config()?;
        let endpoint = self.resolve_endpoint_for(op, input).map_err(SdkError::Endpoint)?;
        self.prepare_signed_at(&endpoint, request, op.auth).await
    }

    /// Refuses a configuration [`Config::validate`] rejects, before any
    /// endpoint is resolved.
    fn check_config(&self) -> Result<(), ConstructionError> {
        match &self.inner.invalid {
            Some(problem) => Err(ConstructionError::new(format!("invalid configuration: {problem}"))),
            None => Ok(()),
        }
    }

    async fn prepare_signed_at<E>(
        &self,
        endpoint: &Endpoint,
        request: &HttpRequest,
        auth: Auth,
    ) -> Result<SignedRequest, SdkError<E>> {
        let mut prepared = self.prepare(request, endpoint)?;
        set_attempt_headers(&mut prepared, &invocation_id(), 1, self.inner.config.retry().max_attempts());
        let redactions = request.redactions().clone();
        let unsigned = |request, reason: String| {
            Ok(SignedRequest { request, unsigned_reason: Some(reason), redactions: redactions.clone() })
        };
        if auth == Auth::None {
            return unsigned(prepared, "the operation is never signed (its auth schemes are empty)".to_owned());
        }
        let (name, region) = match self.signing_scope(endpoint) {
            Ok(scope) => scope,
            Err(e) => return unsigned(prepared, e.to_string()),
        };
        let credentials = match self.credentials::<E>().await {
            Ok(credentials) => credentials,
            Err(e) => return unsigned(prepared, ErrorSummary(&e).to_string()),
        };
        self.sign(&mut prepared, &credentials, &name, &region)?;
        Ok(SignedRequest { request: prepared, unsigned_reason: None, redactions: request.redactions().clone() })
    }

    async fn send_inner<E>(
        &self,
        op: &OperationInfo,
        input: &InputParams,
        request: HttpRequest,
        receive: Receive,
    ) -> Result<(HttpResponse, Option<ByteStream>), SdkError<E>> {
        self.check_config()?;
        let endpoint = self.resolve_endpoint_for(op, input).map_err(SdkError::Endpoint)?;
        let base = self.prepare(&request, &endpoint)?;
        let transport = self
            .inner
            .transport
            .as_ref()
            .map_err(|e| SdkError::Construction(ConstructionError::new(format!("no HTTP client: {e}"))))?;
        let scope = match (op.auth, self.signing_scope(&endpoint)) {
            (Auth::None, _) => None,
            (_, Ok(scope)) => Some(scope),
            (Auth::OptionalSigV4, Err(why)) => {
                tracing::debug!(%why, "sending unsigned: the operation's auth is optional");
                None
            }
            (Auth::SigV4, Err(why)) => return Err(why.into()),
        };
        // What the logs may show of the URL, worked out only if they are shown.
        let shown_url = ShownUrl { redactions: request.redactions(), url: &base.url };

        let retry = self.inner.config.retry();
        // A body read from the caller's reader cannot be sent twice.
        let max_attempts = match request.body_stream() {
            Some(stream) if !stream.is_replayable() => 1,
            _ => retry.max_attempts(),
        };
        let invocation_id = invocation_id();
        let mut quota_spent = 0;
        let mut attempt = 1;
        loop {
            let mut prepared = base.clone();
            set_attempt_headers(&mut prepared, &invocation_id, attempt, max_attempts);
            if let Some((name, region)) = &scope {
                match self.credentials::<E>().await {
                    // Signed afresh each attempt: the date (and so the signature) must be current.
                    Ok(credentials) => self.sign(&mut prepared, &credentials, name, region)?,
                    Err(why) if op.auth == Auth::OptionalSigV4 => {
                        tracing::debug!(why = %ErrorSummary(&why), "sending unsigned: the operation's auth is optional");
                    }
                    Err(why) => return Err(why),
                }
            }

            let attempt_span = tracing::debug_span!("attempt", attempt, status = tracing::field::Empty);
            let outcome =
                self.attempt(transport.as_ref(), prepared, &shown_url, receive).instrument(attempt_span.clone()).await;
            tracing::Span::current().record("attempts", attempt);
            let reason = match &outcome {
                Ok((response, _)) => {
                    attempt_span.record("status", response.status());
                    if response.is_success() {
                        self.inner.quota.release(quota_spent);
                        return outcome.map_err(into_sdk_error);
                    }
                    // A body that cannot be parsed still has a status to classify by.
                    // The error shape's name classifies: a query-compatible
                    // service's code is its awsQuery alias, not a known name.
                    let error = self.inner.service.protocol.read_error(response).ok();
                    let code = error.as_ref().and_then(|error| error.shape.as_deref().or(error.meta.code()));
                    classify_response(response.status(), code)
                }
                Err(AttemptError::Transport(e)) => classify_transport(e),
                Err(AttemptError::Timeout(_)) => Some(RetryReason::TransportError),
            };
            let Some(reason) = reason else { return outcome.map_err(into_sdk_error) };
            if attempt >= max_attempts {
                tracing::debug!(attempts = attempt, "giving up: no attempts left");
                return outcome.map_err(into_sdk_error);
            }
            if retry.uses_quota() {
                match self.inner.quota.acquire(reason) {
                    Some(cost) => quota_spent += cost,
                    None => {
                        tracing::debug!("giving up: the client's retry quota is exhausted");
                        return outcome.map_err(into_sdk_error);
                    }
                }
            }
            let delay = retry.backoff(attempt - 1, jitter());
            tracing::debug!(?reason, ?delay, next_attempt = attempt + 1, "retrying");
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            attempt += 1;
        }
    }

    /// One attempt: the whole response, or (for [`Receive::Streaming`]) a
    /// successful response's head and its body unread; an error response is
    /// always read whole, to be classified and mapped.
    async fn attempt(
        &self,
        transport: &dyn Transport,
        request: PreparedRequest,
        shown_url: &ShownUrl<'_>,
        receive: Receive,
    ) -> Result<(HttpResponse, Option<ByteStream>), AttemptError> {
        tracing::debug!(method = %request.method, url = %shown_url, "sending request");
        let sent = async {
            match receive {
                Receive::Whole => transport.send(request).await.map(|response| (response, None)),
                Receive::Streaming => {
                    let (head, body) = transport.send_streaming(request).await?;
                    if head.is_success() {
                        return Ok((head, Some(body)));
                    }
                    let body = body.collect().await.map_err(|e| TransportError::new(TransportErrorKind::Io, e))?;
                    Ok((head.with_body(body), None))
                }
            }
        };
        let result = match self.inner.config.attempt_timeout() {
            Some(limit) => match tokio::time::timeout(limit, sent).await {
                Ok(result) => result.map_err(AttemptError::from),
                Err(_) => Err(AttemptError::Timeout(TimeoutError::new(TimeoutKind::Attempt, limit))),
            },
            None => sent.await.map_err(AttemptError::from),
        };
        match &result {
            Ok((response, _)) => tracing::debug!(status = response.status(), "received response"),
            Err(AttemptError::Transport(e)) => tracing::debug!(error = %e, "transport error"),
            Err(AttemptError::Timeout(e)) => tracing::debug!(error = %e, "attempt timed out"),
        }
        result
    }

    /// The SigV4 signing name and region: the endpoint's overrides, else the
    /// service's name and the configured region.
    fn signing_scope(&self, endpoint: &Endpoint) -> Result<(String, String), ConstructionError> {
        let (name_override, region_override) = endpoint.sigv4_overrides();
        let name = name_override.unwrap_or(self.inner.service.signing_name).to_owned();
        let region = region_override
            .or(self.inner.config.region())
            .ok_or_else(|| ConstructionError::new("no region is configured, so the request cannot be signed"))?
            .to_owned();
        Ok((name, region))
    }

    /// Builds the request that is signed and sent: URL, endpoint headers,
    /// `Content-Type` for bodies, `User-Agent`.
    fn prepare(&self, request: &HttpRequest, endpoint: &Endpoint) -> Result<PreparedRequest, ConstructionError> {
        let mut url = request.url(endpoint.url())?;
        if let Some(prefix) = request.host_prefix_text()
            && !self.inner.config.disable_host_prefix()
        {
            url = crate::http::prefix_host(&url, prefix)?;
        }
        let mut prepared = PreparedRequest {
            method: request.method().clone(),
            url,
            headers: request.headers().to_vec(),
            body: request.body_bytes().cloned().unwrap_or_default(),
            stream: request.body_stream().cloned(),
        };
        for (name, values) in endpoint.headers() {
            for value in values {
                prepared.headers.push((name.clone(), value.clone()));
            }
        }
        if request.body_bytes().is_some() && prepared.header("content-type").is_none() {
            prepared.headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        crate::http::compress(&mut prepared, request.compression(), self.inner.config.request_compression())?;
        if request.checksum_required() {
            let body = match &prepared.stream {
                None => &prepared.body,
                Some(stream) => stream.as_bytes().ok_or_else(|| {
                    ConstructionError::new("`Content-MD5` is required, but the body streams and cannot be read twice")
                })?,
            };
            let digest = <md5::Md5 as md5::Digest>::digest(body);
            prepared.set_header("content-md5", crate::encoding::encode_base64(digest));
        }
        match prepared.stream.as_ref().map(ByteStream::length) {
            Some(Some(length)) => prepared.set_header("content-length", length.to_string()),
            // Of unknown length: sent chunked.
            Some(None) => {}
            None if !prepared.body.is_empty() => prepared.set_header("content-length", prepared.body.len().to_string()),
            None => {}
        }
        prepared.set_header("user-agent", self.inner.user_agent.as_str());
        // Reject what hyper would reject later, while the error can still name the header.
        for (name, value) in &prepared.headers {
            if !crate::http::is_header_name(name) {
                return Err(ConstructionError::new(format!("invalid header name {name:?}")));
            }
            if !crate::http::is_header_value(value) {
                return Err(ConstructionError::new(format!("header `{name}` has an invalid value")));
            }
        }
        Ok(prepared)
    }

    /// Signs `request` for now with `credentials` in the given scope.
    fn sign(
        &self,
        request: &mut PreparedRequest,
        credentials: &Credentials,
        name: &str,
        region: &str,
    ) -> Result<(), ConstructionError> {
        let params = SigningParams { credentials, region, name, time: SystemTime::now(), content_sha256_header: false };
        sign_request_cached(request, &params, &self.inner.signing_keys)
            .map_err(|e| ConstructionError::with_source("could not sign the request", e))
    }

    async fn credentials<E>(&self) -> Result<Arc<Credentials>, SdkError<E>> {
        let now = SystemTime::now();
        if let Some(cached) = self.cached_credentials()
            && !cached.expires_within(now, CREDENTIALS_REFRESH_MARGIN)
        {
            return Ok(cached);
        }
        let provider = self
            .inner
            .config
            .credentials_provider()
            .ok_or_else(|| ConstructionError::new("no credentials provider is configured"))?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| ConstructionError::with_source("could not load credentials", e))?;
        let credentials = Arc::new(credentials);
        *self.inner.credentials.lock().unwrap_or_else(|p| p.into_inner()) = Some(credentials.clone());
        Ok(credentials)
    }

    fn cached_credentials(&self) -> Option<Arc<Credentials>> {
        self.inner.credentials.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// The headers that identify one attempt of one invocation.
fn set_attempt_headers(request: &mut PreparedRequest, invocation_id: &str, attempt: u32, max_attempts: u32) {
    request.set_header("amz-sdk-invocation-id", invocation_id);
    request.set_header("amz-sdk-request", format!("attempt={attempt}; max={max_attempts}"));
}

fn into_sdk_error<E>(error: AttemptError) -> SdkError<E> {
    match error {
        AttemptError::Transport(e) => SdkError::Transport(e),
        AttemptError::Timeout(e) => SdkError::Timeout(e),
    }
}

/// A random id shared by all attempts of one invocation (lets the service
/// correlate retries), formatted as a version-4 UUID.
fn invocation_id() -> String {
    let (a, b) = (random_u64(), random_u64());
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    // The uuid crate sets the version and variant bits and writes the text.
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// A request's URL as logs may show it ([`Redactions::url`]), written only
/// when a log event that shows it is enabled.
struct ShownUrl<'a> {
    redactions: &'a Redactions,
    url: &'a str,
}

impl fmt::Display for ShownUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redactions.url(self.url))
    }
}

/// Formats an `SdkError` without needing `E: Display`.
struct ErrorSummary<'a, E>(&'a SdkError<E>);

impl<E> fmt::Display for ErrorSummary<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            SdkError::Validation(e) => e.fmt(f),
            SdkError::Construction(e) => e.fmt(f),
            SdkError::Endpoint(e) => e.fmt(f),
            SdkError::Transport(e) => e.fmt(f),
            SdkError::Timeout(e) => e.fmt(f),
            SdkError::Unmodeled(e) => e.fmt(f),
            SdkError::Deserialization(e) => e.fmt(f),
            SdkError::Pagination(e) => e.fmt(f),
            SdkError::Service(e) => e.meta().fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules that use the configured endpoint URL, else fail.
    const RULES: &str = r#"{"version":"1.0",
        "parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint","required":false}},
        "rules":[{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"}}},
                 {"type":"error","conditions":[],"error":"no endpoint"}]}"#;
    const SERVICE: ServiceInfo = ServiceInfo {
        sdk_id: "Test",
        signing_name: "test",
        endpoint_rule_set_json: RULES,
        api_version: "1",
        protocol: &crate::protocol::RestJson1,
    };

    /// A transport that counts what it is asked to send: a dry run must not use it.
    #[derive(Debug, Default)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl Transport for Counting {
        fn send(&self, _: PreparedRequest) -> crate::http::TransportFuture<'_> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Box::pin(async { Ok(HttpResponse::new(200, Vec::<(String, String)>::new(), "{}")) })
        }
    }

    fn request() -> HttpRequest {
        HttpRequest::new(crate::http::Method::POST, "/things/a%20b").query("q", "1 2").json_body(&[1, 2]).unwrap()
    }

    #[tokio::test]
    async fn prepare_signed_signs_without_sending() {
        let transport = Arc::new(Counting::default());
        let config = Config::builder()
            .region("eu-west-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None))
            .endpoint_url("https://example.com/base")
            .transport(transport.clone())
            .build();
        let signed = Handle::new(config, SERVICE).prepare_signed::<()>(&request()).await.unwrap();
        assert_eq!(signed.unsigned_reason, None);
        let r = &signed.request;
        assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://example.com/base/things/a%20b?q=1%202"));
        assert_eq!(&r.body[..], b"[1,2]");
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("host"), Some("example.com"));
        assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
        assert_eq!(r.header("amz-sdk-invocation-id").map(str::len), Some(36));
        let auth = r.header("authorization").unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{auth}");
        assert!(auth.contains("/eu-west-1/test/aws4_request"), "{auth}");
        assert_eq!(transport.0.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn prepare_signed_without_credentials_or_region_is_unsigned() {
        let no_credentials = Config::builder().region("eu-west-1").endpoint_url("https://example.com").build();
        let no_region = Config::builder()
            .credentials(Credentials::new("AKID", "SECRET", None, None))
            .endpoint_url("https://example.com")
            .build();
        for (config, reason) in [(no_credentials, "credentials"), (no_region, "region")] {
            let signed = Handle::new(config, SERVICE).prepare_signed::<()>(&request()).await.unwrap();
            assert!(signed.unsigned_reason.as_deref().unwrap().contains(reason), "{:?}", signed.unsigned_reason);
            assert_eq!(signed.request.header("authorization"), None);
            assert_eq!(signed.request.url, "https://example.com/things/a%20b?q=1%202");
        }
        // No endpoint at all is an error, as it is for `send`.
        let error = Handle::new(Config::builder().build(), SERVICE).prepare_signed::<()>(&request()).await.unwrap_err();
        assert!(matches!(error, SdkError::Endpoint(_)), "{error:?}");
    }

    #[test]
    fn invocation_ids_look_like_uuids() {
        let id = invocation_id();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        assert_ne!(invocation_id(), id);
    }
}
