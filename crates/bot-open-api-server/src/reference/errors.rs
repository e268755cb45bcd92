//! The error bodies the implementation answers, in the service's shape (the spec's `x-rejections`):
//! `{statusCode, message, error}`, where `error` names the status. A refused token is answered by
//! the router, from the refusal `authorize` gives.

use crate::types::ErrorResponse;

/// A 400 body.
pub(super) fn bad_request(message: impl Into<String>) -> ErrorResponse {
    body(400, message, Some("Bad Request"))
}

fn body(status: i64, message: impl Into<String>, error: Option<&str>) -> ErrorResponse {
    ErrorResponse {
        status_code: Some(status),
        message: message.into(),
        error: error.map(str::to_owned),
    }
}
