//! Forwarding: the request goes upstream unchanged but for `Host` (and hop-by-hop headers, which
//! belong to one connection), and the answer streams back unchanged while a copy is kept for checking.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, Response, StatusCode};
use futures::Stream;
use tokio::sync::oneshot;

/// Headers of one connection, not of the message (RFC 9110 §7.6.1), plus `Host`, which names the
/// proxy: the client library sets the upstream's.
const NOT_FORWARDED: [&str; 9] = [
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
];

/// The request's headers as they go upstream.
pub fn upstream_headers(headers: &HeaderMap) -> HeaderMap {
    filtered(headers, false)
}

/// The answer's headers as they go back to the client.
pub fn client_headers(headers: &HeaderMap) -> HeaderMap {
    filtered(headers, true)
}

fn filtered(headers: &HeaderMap, response: bool) -> HeaderMap {
    let named_in_connection: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::try_from(name.trim()).ok())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let hop = NOT_FORWARDED.contains(&name.as_str())
            || named_in_connection.contains(name)
            // The body is re-framed on each connection; a length stays, chunking does not.
            || name == header::TRANSFER_ENCODING
            // The client library sets the length of the body it sends.
            || (!response && name == header::CONTENT_LENGTH);
        if !hop {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The answer's body as seen by the proxy.
pub struct Captured {
    /// The body, when it was seen whole and within the limit.
    pub body: Option<Bytes>,
}

/// A body stream that passes every chunk on and keeps a copy (up to `limit` bytes), handed over when
/// the stream ends, fails, or is dropped. A server stops polling a body once it has sent the
/// `Content-Length` it announced, so a drop after exactly that many bytes is a whole body too; any
/// other drop means the client went away.
pub struct Tee<S> {
    inner: Pin<Box<S>>,
    copy: Vec<u8>,
    limit: usize,
    overflowed: bool,
    received: u64,
    length: Option<u64>,
    done: Option<oneshot::Sender<Captured>>,
}

impl<S> Tee<S> {
    /// `length`: the answer's `Content-Length`, when it has one.
    pub fn new(inner: S, limit: usize, length: Option<u64>) -> (Self, oneshot::Receiver<Captured>) {
        let (sender, receiver) = oneshot::channel();
        let tee = Self {
            inner: Box::pin(inner),
            copy: Vec::new(),
            limit,
            overflowed: false,
            received: 0,
            length,
            done: Some(sender),
        };
        (tee, receiver)
    }

    fn finish(&mut self, whole: bool) {
        if let Some(done) = self.done.take() {
            let body =
                (whole && !self.overflowed).then(|| Bytes::from(std::mem::take(&mut self.copy)));
            let _ = done.send(Captured { body });
        }
    }
}

impl<S> Stream for Tee<S>
where
    S: Stream<Item = Result<Bytes, reqwest::Error>>,
{
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = self.inner.as_mut().poll_next(cx);
        match &polled {
            Poll::Ready(Some(Ok(chunk))) => {
                self.received += chunk.len() as u64;
                if !self.overflowed {
                    if self.copy.len() + chunk.len() > self.limit {
                        self.overflowed = true;
                        self.copy = Vec::new();
                    } else {
                        self.copy.extend_from_slice(chunk);
                    }
                }
            }
            Poll::Ready(Some(Err(_))) => self.finish(false),
            Poll::Ready(None) => self.finish(true),
            Poll::Pending => {}
        }
        polled
    }
}

impl<S> Drop for Tee<S> {
    fn drop(&mut self) {
        let whole = self.length == Some(self.received);
        self.finish(whole);
    }
}

/// 502 with a JSON body saying what went wrong upstream (never the query string: it may hold keys).
pub fn bad_gateway(api: &str, upstream: &str, reason: &str) -> Response<Body> {
    let body = serde_json::json!({
        "error": "bad gateway",
        "message": format!("the {api} upstream ({upstream}) could not be reached: {reason}"),
        "api": api,
        "upstream": upstream,
    });
    json_response(StatusCode::BAD_GATEWAY, &body)
}

/// A JSON answer of the proxy itself.
pub fn json_response(status: StatusCode, body: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// A reqwest error's chain, for the 502 message (reqwest's top-level message alone says little).
pub fn reason(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "connection failed".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    // The URL (with its query) is part of reqwest's own message, never of its causes'.
    text
}
