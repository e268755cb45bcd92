//! Writing the responses of generated response enums: bodies by media type, and declared headers.

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

/// `value` as an `application/json` response with `status`.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    json_as(status.as_u16(), "application/json", value)
}

/// `value` serialized as JSON, sent as `content_type` (`application/json; charset=utf-8`,
/// `application/problem+json`…) with `status`.
///
/// A value that cannot be serialized (a map with non-string keys, say) is a bug in the
/// implementation, answered with a JSON 500 rather than a panic.
pub fn json_as<T: Serialize>(status: u16, content_type: &'static str, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => bytes(status, content_type, body),
        Err(error) => {
            tracing::error!(%error, "response body could not be serialized");
            let body = serde_json::json!({ "message": format!("response could not be serialized: {error}") });
            bytes(500, "application/json", body.to_string().into_bytes())
        }
    }
}

/// Text sent as `content_type`.
pub fn text(status: u16, content_type: &'static str, body: String) -> Response {
    bytes(status, content_type, body.into_bytes())
}

/// Bytes sent as `content_type`.
pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = empty(status);
    *response.body_mut() = Body::from(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    response
}

/// A response without a body.
pub fn empty(status: u16) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// Sets a declared response header from a typed value, serialized as the `simple` style does: a
/// scalar as text, an array joined with commas, an object as `key,value` pairs.
pub fn set_header<T: Serialize>(response: &mut Response, name: &'static str, value: &T) {
    let text = match serde_json::to_value(value) {
        Ok(value) => simple(&value),
        Err(error) => {
            tracing::error!(%error, header = name, "response header could not be serialized");
            return;
        }
    };
    match (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(&text),
    ) {
        (Ok(name), Ok(value)) => {
            response.headers_mut().insert(name, value);
        }
        _ => tracing::error!(header = name, "response header value is not valid in HTTP"),
    }
}

fn simple(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(simple).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, value)| [key.clone(), simple(value)])
            .collect::<Vec<_>>()
            .join(","),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_simple_style() {
        let mut response = empty(200);
        set_header(&mut response, "x-rate-limit", &7);
        set_header(&mut response, "x-tags", &["a", "b"]);
        assert_eq!(response.headers()["x-rate-limit"], "7");
        assert_eq!(response.headers()["x-tags"], "a,b");
    }

    #[test]
    fn json_keeps_the_declared_media_type() {
        let response = json_as(
            201,
            "application/json; charset=utf-8",
            &serde_json::json!({}),
        );
        assert_eq!(response.status(), 201);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json; charset=utf-8"
        );
    }
}
