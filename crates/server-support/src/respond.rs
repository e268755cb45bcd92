//! Writing JSON responses.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;

/// `value` as an `application/json` response with `status`.
///
/// A value that cannot be serialized (a map with non-string keys, say) is a bug in the
/// implementation, answered with a JSON 500 rather than a panic.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let (status, body) = match serde_json::to_vec(value) {
        Ok(body) => (status, body),
        Err(error) => {
            tracing::error!(%error, "response body could not be serialized");
            let body = serde_json::json!({ "message": format!("response could not be serialized: {error}") });
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                body.to_string().into_bytes(),
            )
        }
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
