//! Serving a [`Dispatch`] over HTTP/1.1 with hyper: the request head is
//! routed first, so an operation whose input streams gets its body unread;
//! any other body is read whole, up to [`MAX_BODY_BYTES`]. Shutdown is
//! graceful: no new connection is taken, and those open finish their
//! requests.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::{Dispatch, MAX_BODY_BYTES, ServerRequest, ServerResponse, framework_error, handle};
use crate::stream::{BoxBody, ByteStream};

/// A running server: where it listens, and how to stop it.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ServerHandle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL (`http://127.0.0.1:PORT`): the endpoint URL a client or
    /// the AWS CLI points at.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops taking connections and waits until the open ones have finished
    /// their requests.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Listens on `addr` and serves every request with `dispatch`, on the
/// current Tokio runtime, until [`ServerHandle::shutdown`]. Give
/// `127.0.0.1:0` for a free port on the loopback interface; a server
/// reachable from the network must be asked for with another address.
pub async fn serve(addr: SocketAddr, dispatch: Arc<dyn Dispatch>) -> io::Result<ServerHandle> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let dispatch = dispatch.clone();
                    let service = hyper::service::service_fn(move |request| {
                        let dispatch = dispatch.clone();
                        async move { Ok::<_, Infallible>(respond(dispatch.as_ref(), request).await) }
                    });
                    let connection =
                        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    tokio::spawn(graceful.watch(connection));
                }
                _ = stopped.changed() => break,
            }
        }
        drop(listener);
        graceful.shutdown().await;
    });
    Ok(ServerHandle { addr, stop, task })
}

/// Routes the head, reads (or hands over) the body, serves.
async fn respond(dispatch: &dyn Dispatch, request: hyper::Request<Incoming>) -> hyper::Response<BoxBody> {
    let (parts, body) = request.into_parts();
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
    let head = ServerRequest::new(parts.method.as_str(), target, headers, Bytes::new());
    let streams = dispatch.route(&head).is_ok_and(|routed| dispatch.streams_input(routed.operation));
    let request = if streams {
        let length =
            parts.headers.get(hyper::header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse().ok());
        head.with_stream(ByteStream::once(BodyExt::boxed_unsync(body.map_err(io::Error::other)), length))
    } else {
        match Limited::new(body, MAX_BODY_BYTES).collect().await {
            Ok(collected) => head.with_body(collected.to_bytes()),
            Err(error) => {
                let too_large = error.downcast_ref::<http_body_util::LengthLimitError>().is_some();
                let response = match too_large {
                    true => framework_error(
                        dispatch.protocol(),
                        413,
                        "RequestEntityTooLargeException",
                        format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
                    ),
                    false => framework_error(
                        dispatch.protocol(),
                        400,
                        "SerializationException",
                        "the request body could not be read whole".to_owned(),
                    ),
                };
                return into_hyper(response);
            }
        }
    };
    into_hyper(handle(dispatch, request).await)
}

fn into_hyper(mut response: ServerResponse) -> hyper::Response<BoxBody> {
    let body: BoxBody = match response.take_stream().map(|stream| stream.open()) {
        Some(Ok(body)) => body,
        Some(Err(error)) => {
            tracing::error!(%error, "the response body could not be opened");
            BodyExt::boxed_unsync(Full::new(Bytes::new()).map_err(|never| match never {}))
        }
        None => BodyExt::boxed_unsync(Full::new(response.body_bytes().clone()).map_err(|never| match never {})),
    };
    let mut builder = hyper::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    builder.body(body).unwrap_or_else(|error| {
        tracing::error!(%error, "the response head is not valid HTTP");
        let mut fallback =
            hyper::Response::new(BodyExt::boxed_unsync(Full::new(Bytes::new()).map_err(|never| match never {})));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
