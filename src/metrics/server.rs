//! The `/metrics` endpoint: a small HTTP/1 server (hyper) on the engine's runtime. GET /metrics
//! only; a bearer token when `bearer_token_file` is set; a bounded number of connections, each
//! with a time limit on its request head and on its whole life, and request bodies never read.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use crate::secret::Secret;

/// The Prometheus text format's media type.
pub const PROMETHEUS_TEXT: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;
/// OpenMetrics' media type.
pub const OPENMETRICS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Scrapes served at once; more connections wait to be accepted.
const MAX_CONNECTIONS: usize = 8;
/// Time a client has to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection's whole life: idle keep-alive connections cannot hold the slots for ever.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);
/// A token file is one line; anything longer is not one.
const MAX_TOKEN_BYTES: u64 = 4096;

/// Makes the text of a scrape: `true` for OpenMetrics, else Prometheus' text format.
pub type Render = Arc<dyn Fn(bool) -> String + Send + Sync>;

/// The endpoint, bound and ready to serve.
pub struct Endpoint {
    listener: std::net::TcpListener,
    token: Option<Secret>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("listener", &self.listener.local_addr().ok())
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Reads the bearer token: the file's first line, trimmed; at most [`MAX_TOKEN_BYTES`].
pub fn read_token(path: &Path) -> Result<Secret, String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TOKEN_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.len() as u64 > MAX_TOKEN_BYTES {
        return Err(format!(
            "{} is over {MAX_TOKEN_BYTES} bytes: it should hold one token",
            path.display()
        ));
    }
    let token = text.lines().next().unwrap_or("").trim();
    if token.is_empty() {
        return Err(format!("{} holds no token", path.display()));
    }
    Ok(Secret::new(token))
}

impl Endpoint {
    /// Binds `listen` (with the token from `token_file`, when given). A token file that cannot
    /// be read opens no port: the endpoint is never served unprotected by mistake.
    pub fn bind(listen: SocketAddr, token_file: Option<&Path>) -> Result<Endpoint, String> {
        let token = token_file.map(read_token).transpose()?;
        let listener = std::net::TcpListener::bind(listen)
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        Ok(Endpoint { listener, token })
    }

    /// Where it listens.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves scrapes until the runtime stops.
    pub fn serve(self, render: Render) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(async move {
            let listener = match tokio::net::TcpListener::from_std(self.listener) {
                Ok(l) => l,
                Err(err) => {
                    tracing::warn!("the metrics endpoint cannot start: {err}");
                    return;
                }
            };
            let token = self.token.map(Arc::new);
            let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
            loop {
                let Ok(permit) = slots.clone().acquire_owned().await else {
                    return;
                };
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(err) => {
                        // Out of file descriptors and the like: wait a little, then go on.
                        tracing::warn!("the metrics endpoint cannot accept: {err}");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        continue;
                    }
                };
                let render = render.clone();
                let token = token.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let response = answer(&request, token.as_deref(), &render);
                        async move { Ok::<_, std::convert::Infallible>(response) }
                    });
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEAD_TIMEOUT)
                        .max_buf_size(16 * 1024)
                        .serve_connection(TokioIo::new(stream), service);
                    match tokio::time::timeout(CONNECTION_LIFETIME, connection).await {
                        Ok(Err(err)) => tracing::debug!("a metrics connection ended: {err}"),
                        Ok(Ok(())) => {}
                        Err(_) => tracing::debug!("a metrics connection was open too long"),
                    }
                    drop(permit);
                });
            }
        })
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Whether `given` (an Authorization header) carries `token`; compared in constant time.
fn authorised(given: Option<&HeaderValue>, token: &Secret) -> bool {
    let Some(given) = given.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(presented) = given
        .strip_prefix("Bearer ")
        .or_else(|| given.strip_prefix("bearer "))
    else {
        return false;
    };
    let (a, b) = (presented.trim().as_bytes(), token.expose().as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The answer to one request.
fn answer(
    request: &Request<Incoming>,
    token: Option<&Secret>,
    render: &Render,
) -> Response<Full<Bytes>> {
    if request.uri().path() != "/metrics" {
        return plain(StatusCode::NOT_FOUND, "Roomsign serves /metrics only.\n");
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "Use GET.\n");
    }
    if let Some(token) = token {
        if !authorised(request.headers().get(AUTHORIZATION), token) {
            let mut response = plain(StatusCode::UNAUTHORIZED, "A bearer token is needed.\n");
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"roomsign\""),
            );
            return response;
        }
    }
    let openmetrics = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/openmetrics-text"));
    let text = render(openmetrics);
    let mut response = Response::new(Full::new(Bytes::from(text)));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static(if openmetrics {
            OPENMETRICS_TEXT
        } else {
            PROMETHEUS_TEXT
        }),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bearer_token_passes() {
        let token = Secret::new("s3cret");
        let header = |v: &'static str| HeaderValue::from_static(v);
        assert!(authorised(Some(&header("Bearer s3cret")), &token));
        assert!(!authorised(Some(&header("Bearer s3cre")), &token));
        assert!(!authorised(Some(&header("Bearer s3cretx")), &token));
        assert!(!authorised(Some(&header("Basic s3cret")), &token));
        assert!(!authorised(None, &token));
    }

    #[test]
    fn a_token_file_without_a_token_opens_no_port() {
        let dir = tempfile::tempdir().expect("temp dir");
        let empty = dir.path().join("token");
        std::fs::write(&empty, "\n").expect("write");
        let bound = Endpoint::bind("127.0.0.1:0".parse().expect("addr"), Some(&empty));
        assert!(bound.is_err());
        let missing = dir.path().join("missing");
        assert!(Endpoint::bind("127.0.0.1:0".parse().expect("addr"), Some(&missing)).is_err());
    }
}
