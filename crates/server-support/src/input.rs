//! Reading a request into the raw parts the field tables draw from, and its body by media type.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use http_body_util::BodyExt;
use serde_json::Value;

use crate::Rejection;

/// The raw parts of one request.
#[derive(Debug, Default)]
pub struct Input {
    pub query: Vec<(String, String)>,
    /// Path parameters by name, percent-decoded.
    pub path: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
    /// The fields of a form body, when the body is one.
    pub form: Vec<(String, String)>,
    pub headers: HeaderMap,
}

/// How a declared request media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (`application/json` with any parameters, `*/*+json`).
    Json,
    /// `application/x-www-form-urlencoded`: its fields go through the operation's field table.
    Form,
    /// Text (`text/plain` and other `text/*`): the body as a string.
    Text,
    /// Anything else (`application/octet-stream`, XML, images…): the bytes as they are.
    Binary,
}

impl Input {
    /// The request's head: query, path parameters (already matched by the router), cookies, headers
    /// (moved, not copied: the body is read with them afterwards).
    pub fn from_head(parts: axum::http::request::Parts, path: Vec<(String, String)>) -> Self {
        let query = parts.uri.query().map(pairs).unwrap_or_default();
        let cookies = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|line| line.split(';'))
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                Some((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect();
        Self {
            query,
            path,
            cookies,
            form: Vec::new(),
            headers: parts.headers,
        }
    }
}

/// The media type of a request, lowercased and without parameters (`application/json`), if it has one.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
}

/// Whether a request's media type `actual` is one the spec declares as `declared` (which may carry
/// parameters or wildcards: `application/json; charset=utf-8`, `text/*`, `*/*`).
pub fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if declared == "*/*" || declared == actual {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(family) => actual.split('/').next() == Some(family),
        None => false,
    }
}

/// How much of a body over the limit is read and thrown away before the refusal is sent, so that a
/// client that sends its body without waiting (no `Expect: 100-continue`) reads the answer instead of
/// a broken pipe. A longer body is refused at once and the connection closed, as HTTP allows.
pub const DRAIN_LIMIT: usize = 16 << 20;

/// Reads the whole body, at most `limit` bytes; `headers` are the request's.
///
/// A body declared larger than `limit` is refused before any of it is read: a client waiting for
/// `100 Continue` is answered 413 (or the API's own shape) and never sends it. One that sends it
/// anyway, or a chunked body that outgrows the limit, is read to its end (up to [`DRAIN_LIMIT`]) and
/// then refused. A body that cannot be read (the client went away, the stream broke) is named so.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Rejection> {
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<usize>().ok());
    let expects_continue = headers
        .get(header::EXPECT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("100-continue"));
    if let Some(length) = length.filter(|length| *length > limit) {
        if !expects_continue && length <= DRAIN_LIMIT {
            drain(body, DRAIN_LIMIT).await;
        }
        return Err(Rejection::TooLarge(limit));
    }
    let mut body = body;
    let mut collected = Vec::with_capacity(length.unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(unreadable)?;
        let Ok(data) = frame.into_data() else {
            continue; // Trailers carry nothing the operations read.
        };
        if collected.len() + data.len() > limit {
            drain(
                body,
                DRAIN_LIMIT.saturating_sub(collected.len() + data.len()),
            )
            .await;
            return Err(Rejection::TooLarge(limit));
        }
        collected.extend_from_slice(&data);
    }
    Ok(Bytes::from(collected))
}

/// Reads and discards what is left of `body`, up to `budget` bytes or the first read error.
async fn drain(mut body: Body, budget: usize) {
    let mut left = budget;
    while let Some(Ok(frame)) = body.frame().await {
        let size = frame.data_ref().map_or(0, Bytes::len);
        if size > left {
            return;
        }
        left -= size;
    }
}

/// A body that could not be read, said as such (not as too large).
fn unreadable(error: axum::Error) -> Rejection {
    Rejection::Invalid(format!("the request body could not be read: {error}"))
}

/// The body as JSON, as a string, or as form pairs, by `kind`.
pub fn decode_body(kind: BodyKind, bytes: &[u8]) -> Result<Decoded, Rejection> {
    Ok(match kind {
        BodyKind::Json => Decoded::Value(serde_json::from_slice(bytes).map_err(|error| {
            Rejection::Invalid(format!("the request body is not valid JSON: {error}"))
        })?),
        BodyKind::Text => Decoded::Value(Value::String(
            String::from_utf8(bytes.to_vec())
                .map_err(|_| Rejection::Invalid("the request body is not UTF-8 text".to_owned()))?,
        )),
        BodyKind::Form => {
            Decoded::Form(pairs(std::str::from_utf8(bytes).map_err(|_| {
                Rejection::Invalid("the form body is not UTF-8".to_owned())
            })?))
        }
        BodyKind::Binary => Decoded::Bytes(bytes.to_vec()),
    })
}

/// A body read by its kind.
#[derive(Debug)]
pub enum Decoded {
    Value(Value),
    Form(Vec<(String, String)>),
    Bytes(Vec<u8>),
}

/// `a=1&b=2` as decoded pairs.
pub fn pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use futures_util::StreamExt;

    use super::*;

    /// A streamed body of `chunks` chunks of `size` bytes (an error instead of chunk `fail_at`), and
    /// how many chunks were read from it.
    fn streamed(chunks: usize, size: usize, fail_at: Option<usize>) -> (Body, Arc<AtomicUsize>) {
        let read = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&read);
        let stream = futures_util::stream::iter(0..chunks).map(move |index| {
            counter.fetch_add(1, Ordering::SeqCst);
            if Some(index) == fail_at {
                Err(std::io::Error::other("connection reset"))
            } else {
                Ok(Bytes::from(vec![b'a'; size]))
            }
        });
        (Body::from_stream(stream), read)
    }

    fn head(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        headers
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_read_whole() {
        let (body, _) = streamed(4, 10, None);
        assert_eq!(
            read_body(&HeaderMap::new(), body, 40).await.unwrap().len(),
            40
        );
    }

    #[tokio::test]
    async fn a_declared_oversize_body_awaiting_continue_is_refused_unread() {
        let (body, read) = streamed(8, 10, None);
        let headers = head(&[("content-length", "80"), ("expect", "100-continue")]);
        assert_eq!(
            read_body(&headers, body, 40).await,
            Err(Rejection::TooLarge(40))
        );
        assert_eq!(
            read.load(Ordering::SeqCst),
            0,
            "nothing read, so no 100 Continue"
        );
    }

    #[tokio::test]
    async fn an_oversize_body_sent_anyway_is_drained_before_the_refusal() {
        let (body, read) = streamed(8, 10, None);
        let headers = head(&[("content-length", "80")]);
        assert_eq!(
            read_body(&headers, body, 40).await,
            Err(Rejection::TooLarge(40))
        );
        assert_eq!(read.load(Ordering::SeqCst), 8);
        // Chunked: found too large while reading, then drained too.
        let (body, read) = streamed(8, 10, None);
        assert_eq!(
            read_body(&HeaderMap::new(), body, 40).await,
            Err(Rejection::TooLarge(40))
        );
        assert_eq!(read.load(Ordering::SeqCst), 8);
    }

    #[tokio::test]
    async fn a_broken_body_is_named_as_such_not_as_too_large() {
        let (body, _) = streamed(4, 10, Some(2));
        let Err(Rejection::Invalid(message)) = read_body(&HeaderMap::new(), body, 1000).await
        else {
            panic!("a broken stream is an invalid request");
        };
        assert!(
            message.starts_with("the request body could not be read"),
            "{message}"
        );
        assert!(message.contains("connection reset"), "{message}");
    }

    #[test]
    fn media_types_match_with_parameters_and_wildcards() {
        assert!(media_matches(
            "application/json; charset=utf-8",
            "application/json"
        ));
        assert!(media_matches("text/*", "text/csv"));
        assert!(media_matches("*/*", "image/png"));
        assert!(!media_matches("application/json", "application/xml"));
        assert!(!media_matches("text/*", "application/text"));
    }

    #[test]
    fn cookies_are_split_into_pairs() {
        let request = axum::http::Request::builder()
            .uri("/x?a=1")
            .header("cookie", "session=abc; theme=dark")
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        let input = Input::from_head(parts, Vec::new());
        assert_eq!(
            input.cookies,
            [
                ("session".into(), "abc".into()),
                ("theme".into(), "dark".into())
            ]
        );
        assert_eq!(input.query, [("a".into(), "1".into())]);
    }
}
