//! One request and its answer as the proxy saw them, and the secrets they carry.

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use serde_json::Value;
use spec_support::secrets::is_secret_name;

use super::spec_model::{is_json, OperationModel, SpecModel};

/// A forwarded request and the upstream's answer.
pub struct Exchange {
    /// Sequence number in this run.
    pub seq: u64,
    pub api: &'static str,
    pub method: String,
    /// The path relative to the API's base path (`/get_user_info`), as sent (percent-encoded).
    pub path: String,
    pub query: Option<String>,
    pub request_headers: HeaderMap,
    pub request_body: Bytes,
    pub status: u16,
    pub response_headers: HeaderMap,
    /// The answer's body; `None` when it was not seen whole (the client went away, or it was larger
    /// than the proxy keeps for checking).
    pub response_body: Option<Bytes>,
}

impl Exchange {
    /// The query string's pairs, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_pairs(self.query.as_deref().unwrap_or_default().as_bytes())
    }

    pub fn request_content_type(&self) -> Option<&str> {
        content_type(&self.request_headers)
    }

    pub fn response_content_type(&self) -> Option<&str> {
        content_type(&self.response_headers)
    }

    /// Every credential value in the exchange: secret-named (or the spec's credential field) query
    /// parameters, form fields and JSON members of the request, the operation's credential headers
    /// and secret-named headers, and secret-named members of a JSON answer (a login's token). They are
    /// blanked wherever they appear in a report or a recording.
    pub fn secrets(&self, model: &SpecModel, operation: Option<&OperationModel>) -> Vec<String> {
        let credential =
            |name: &str| is_secret_name(name) || model.credential_field.as_deref() == Some(name);
        let mut found: Vec<String> = self
            .query_pairs()
            .into_iter()
            .filter(|(name, _)| credential(name))
            .map(|(_, value)| value)
            .collect();
        let credential_headers = operation
            .map(|o| o.credential_headers.as_slice())
            .unwrap_or_default();
        for (name, value) in &self.request_headers {
            let named = credential_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name.as_str()));
            if named || is_secret_name(name.as_str()) {
                if let Ok(value) = value.to_str() {
                    found.push(value.to_owned());
                    // `Bearer <token>`: the token alone may be echoed elsewhere.
                    if let Some((_, token)) = value.split_once(' ') {
                        found.push(token.to_owned());
                    }
                }
            }
        }
        match self.request_content_type() {
            Some(ct) if is_json(ct) => {
                if let Ok(mut body) = serde_json::from_slice::<Value>(&self.request_body) {
                    found.extend(spec_support::secrets::redact(&mut body, &[]));
                }
            }
            _ => found.extend(
                form_pairs(&self.request_body)
                    .into_iter()
                    .filter(|(name, _)| credential(name))
                    .map(|(_, value)| value),
            ),
        }
        if let Some(body) = &self.response_body {
            if let Ok(mut body) = serde_json::from_slice::<Value>(body) {
                found.extend(spec_support::secrets::redact(&mut body, &[]));
            }
        }
        found.retain(|secret| !secret.is_empty() && secret != spec_support::secrets::REDACTED);
        found.sort();
        found.dedup();
        found
    }
}

/// `application/x-www-form-urlencoded` pairs, decoded.
pub fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::CONTENT_TYPE)?.to_str().ok()
}
