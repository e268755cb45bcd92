//! Reading a request into the raw parts the field tables draw from.

use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::{header, HeaderMap};
use serde_json::Value;

use crate::Rejection;

/// Where an operation's body comes from, per its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No request body is declared; any body is ignored.
    None,
    /// `application/x-www-form-urlencoded`. A body of another type is read as an empty form, as a
    /// form-reading service does (its fields are then missing, and reported as such).
    Form,
    /// `application/json`; `required` says whether an empty body is acceptable.
    Json { required: bool },
}

/// The raw parts of one request.
#[derive(Debug, Default)]
pub struct Input {
    pub query: Vec<(String, String)>,
    pub path: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    pub json: Option<Value>,
    pub headers: HeaderMap,
}

impl Input {
    /// Reads `request`, taking at most `limit` bytes of body.
    pub async fn read(request: Request, body: BodyKind, limit: usize) -> Result<Self, Rejection> {
        let (mut parts, payload) = request.into_parts();
        let path = match RawPathParams::from_request_parts(&mut parts, &()).await {
            Ok(params) => params
                .iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            Err(rejection) => return Err(Rejection::Invalid(rejection.body_text())),
        };
        let query = parts.uri.query().map(pairs).unwrap_or_default();
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let mut input = Self {
            query,
            path,
            headers: parts.headers,
            ..Self::default()
        };
        if body == BodyKind::None {
            return Ok(input);
        }
        let bytes = axum::body::to_bytes(payload, limit).await.map_err(|_| {
            Rejection::Invalid(format!("the request body is larger than {limit} bytes"))
        })?;
        match body {
            BodyKind::None => {}
            BodyKind::Form => {
                if content_type == "application/x-www-form-urlencoded" {
                    let text = std::str::from_utf8(&bytes)
                        .map_err(|_| Rejection::Invalid("the form body is not UTF-8".to_owned()))?;
                    input.form = pairs(text);
                }
            }
            BodyKind::Json { required } => {
                if bytes.is_empty() {
                    if required {
                        return Err(Rejection::Invalid(
                            "a JSON request body is required".to_owned(),
                        ));
                    }
                } else if content_type != "application/json" {
                    return Err(Rejection::Invalid(format!(
                        "the request body must be application/json, not `{content_type}`"
                    )));
                } else {
                    let value = serde_json::from_slice(&bytes).map_err(|error| {
                        Rejection::Invalid(format!("the request body is not valid JSON: {error}"))
                    })?;
                    input.json = Some(value);
                }
            }
        }
        Ok(input)
    }
}

/// `a=1&b=2` as decoded pairs.
fn pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}
