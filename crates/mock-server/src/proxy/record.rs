//! Recordings: each exchange as a JSON file, credentials blanked, for `cargo xtask examples import`.
//!
//! A recording names the API and operation, so the importer finds the response of the spec it
//! illustrates without matching paths again. Layout (`service-recording/1`):
//! `{format, api, operation, method, path, query: [[name, value]...], request: {headers, content_type,
//! body}, response: {status, headers, content_type, body}}`, where a body is JSON when its media type
//! is (a form body becomes an object), text otherwise, and `null` when absent, binary or not seen whole.

use std::path::{Path, PathBuf};

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};
use spec_support::secrets::{is_secret_name, redact, scrub, REDACTED};

use super::exchange::{form_pairs, Exchange};
use super::spec_model::{essence, is_json};
use super::ProxyError;

/// The format tag recordings carry.
pub const FORMAT: &str = "service-recording/1";

/// Writes recordings into one directory.
pub struct Recorder {
    dir: PathBuf,
}

impl Recorder {
    /// Uses `dir`, creating it when needed.
    pub fn create(dir: &Path) -> Result<Self, ProxyError> {
        std::fs::create_dir_all(dir).map_err(|source| ProxyError::Io {
            what: format!("creating the recording directory {}", dir.display()),
            source,
        })?;
        Ok(Self {
            dir: dir.to_owned(),
        })
    }

    /// Writes one exchange as `<seq>-<api>-<operation>.json`.
    pub fn record(&self, exchange: &Exchange, operation: &str, secrets: &[String]) {
        let recording = recording(exchange, operation, secrets);
        let safe: String = operation
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = self
            .dir
            .join(format!("{:06}-{}-{safe}.json", exchange.seq, exchange.api));
        let text = serde_json::to_string_pretty(&recording).unwrap_or_default();
        if let Err(error) = std::fs::write(&path, text + "\n") {
            tracing::error!(%error, path = %path.display(), "cannot write a recording");
        }
    }
}

/// The recording of an exchange, with every credential blanked.
pub fn recording(exchange: &Exchange, operation: &str, secrets: &[String]) -> Value {
    let query: Vec<Value> = exchange
        .query_pairs()
        .into_iter()
        .map(|(name, value)| {
            let value = if is_secret_name(&name) || secrets.contains(&value) {
                REDACTED.to_owned()
            } else {
                scrub(&value, secrets)
            };
            json!([name, value])
        })
        .collect();
    let request_type = exchange.request_content_type().map(str::to_owned);
    let response_type = exchange.response_content_type().map(str::to_owned);
    json!({
        "format": FORMAT,
        "api": exchange.api,
        "operation": operation,
        "method": exchange.method,
        "path": scrub(&exchange.path, secrets),
        "query": query,
        "request": {
            "headers": headers(&exchange.request_headers, secrets),
            "content_type": request_type,
            "body": body(Some(&exchange.request_body), request_type.as_deref(), secrets),
        },
        "response": {
            "status": exchange.status,
            "headers": headers(&exchange.response_headers, secrets),
            "content_type": response_type,
            "body": body(exchange.response_body.as_deref(), response_type.as_deref(), secrets),
        },
    })
}

fn headers(headers: &HeaderMap, secrets: &[String]) -> Value {
    let mut out = Map::new();
    for (name, value) in headers {
        let value = match value.to_str() {
            _ if is_secret_name(name.as_str()) => REDACTED.to_owned(),
            Ok(text) => scrub(text, secrets),
            Err(_) => continue,
        };
        out.insert(name.as_str().to_owned(), Value::String(value));
    }
    Value::Object(out)
}

fn body(bytes: Option<&[u8]>, content_type: Option<&str>, secrets: &[String]) -> Value {
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return Value::Null;
    };
    let content_type = content_type.unwrap_or_default();
    let mut value = if is_json(content_type) {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => value,
            Err(_) => Value::String(String::from_utf8_lossy(bytes).into_owned()),
        }
    } else if essence(content_type) == "application/x-www-form-urlencoded" {
        Value::Object(
            form_pairs(bytes)
                .into_iter()
                .map(|(name, value)| (name, Value::String(value)))
                .collect(),
        )
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => Value::String(text.to_owned()),
            Err(_) => return Value::Null,
        }
    };
    redact(&mut value, secrets);
    value
}
