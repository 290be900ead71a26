//! The AWS SDK clients' HTTP client, over this crate's transport: STS and
//! SSO requests go out through the same hyper and rustls setup (ring, the
//! Mozilla roots) as every other request, and `aws-config` needs no HTTP
//! stack or TLS provider of its own.

use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;

use crate::error::TransportErrorKind;
use crate::http::{HyperTransport, Method, PreparedRequest, Transport};

/// An [`HttpClient`] for the SDK's clients.
#[derive(Clone, Debug)]
pub(super) struct TransportClient {
    transport: HyperTransport,
}

impl TransportClient {
    /// A client whose connections are limited to `connect_timeout`.
    pub(super) fn new(connect_timeout: Duration) -> Result<Self, String> {
        let transport = HyperTransport::new(Some(connect_timeout)).map_err(|e| e.to_string())?;
        Ok(Self { transport })
    }
}

impl HttpClient for TransportClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        // One pooled transport serves every connector; the read limit is applied per call.
        SharedHttpConnector::new(Connector { transport: self.transport.clone(), read_timeout: settings.read_timeout() })
    }
}

#[derive(Debug)]
struct Connector {
    transport: HyperTransport,
    read_timeout: Option<Duration>,
}

impl HttpConnector for Connector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let transport = self.transport.clone();
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            let prepared = prepare(&request)?;
            let sent = transport.send(prepared);
            let response = match read_timeout {
                Some(limit) => tokio::time::timeout(limit, sent)
                    .await
                    .map_err(|_| ConnectorError::timeout(format!("no response within {limit:?}").into()))?,
                None => sent.await,
            }
            .map_err(|e| match e.kind() {
                TransportErrorKind::Connect | TransportErrorKind::Io => ConnectorError::io(e.into()),
                TransportErrorKind::Other => ConnectorError::other(e.into(), None),
            })?;
            let status = StatusCode::try_from(response.status()).map_err(|e| ConnectorError::other(e.into(), None))?;
            let mut converted = Response::new(status, SdkBody::from(response.body().clone()));
            for (name, value) in response.headers() {
                converted.headers_mut().append(name.to_owned(), value.to_owned());
            }
            Ok::<HttpResponse, ConnectorError>(converted)
        })
    }
}

/// The SDK's request as this crate's; only in-memory bodies (all that STS and SSO send).
fn prepare(request: &HttpRequest) -> Result<PreparedRequest, ConnectorError> {
    let method = Method::from_bytes(request.method().as_bytes())
        .map_err(|e| ConnectorError::user(format!("invalid method: {e}").into()))?;
    let body = request
        .body()
        .bytes()
        .map(Bytes::copy_from_slice)
        .ok_or_else(|| ConnectorError::user("streaming request bodies are not supported here".into()))?;
    let headers = request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    Ok(PreparedRequest { method, url: request.uri().to_owned(), headers, body, stream: None })
}
