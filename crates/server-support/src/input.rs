//! Reading a request into the raw parts the field tables draw from, and its body by media type.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
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

/// Reads the whole body, at most `limit` bytes; `headers` are the request's.
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Rejection> {
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if length.is_some_and(|length| length > limit) {
        return Err(Rejection::TooLarge(limit));
    }
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let too_large = std::error::Error::source(&error)
            .is_some_and(|source| source.to_string().contains("length limit"));
        if too_large || error.to_string().contains("length limit") {
            Rejection::TooLarge(limit)
        } else {
            Rejection::Invalid(format!("the request body could not be read: {error}"))
        }
    })
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
    use super::*;

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
