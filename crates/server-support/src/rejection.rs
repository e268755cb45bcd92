//! Answers to requests a server cannot take, in the shape the API's spec declares (`x-rejections`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Why a request was not passed on to the implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The credential is missing; the text says which.
    MissingCredential(String),
    /// A parameter or the body is missing, malformed, or breaks the schema; the text says what.
    Invalid(String),
    /// No operation has this path.
    UnknownOperation(String),
    /// The path exists, but not for this method; `allow` lists the methods it has.
    MethodNotAllowed {
        message: String,
        allow: &'static str,
    },
}

/// One declared answer: an HTTP status and a JSON body in which the string `{message}` stands for the reason.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    pub status: u16,
    pub body: &'static str,
}

/// All the answers of one API, from its spec's `x-rejections`.
#[derive(Debug, Clone, Copy)]
pub struct Rejections {
    pub missing_credential: Answer,
    pub invalid_request: Answer,
    pub unknown_operation: Answer,
    /// `None` when the API does not enforce methods (the operation is served whatever the method).
    pub method_not_allowed: Option<Answer>,
}

impl Rejections {
    /// The response for `rejection`.
    pub fn respond(&self, rejection: Rejection) -> Response {
        tracing::debug!(?rejection, "request rejected");
        match rejection {
            Rejection::MissingCredential(message) => self.missing_credential.respond(&message),
            Rejection::Invalid(message) => self.invalid_request.respond(&message),
            Rejection::UnknownOperation(message) => self.unknown_operation.respond(&message),
            Rejection::MethodNotAllowed { message, allow } => {
                let answer = self.method_not_allowed.unwrap_or(self.invalid_request);
                let mut response = answer.respond(&message);
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
                response
            }
        }
    }
}

impl Answer {
    /// The answer with `{message}` replaced by `message`.
    pub fn respond(&self, message: &str) -> Response {
        let body = match serde_json::from_str::<Value>(self.body) {
            Ok(template) => fill(template, message),
            Err(_) => Value::String(message.to_owned()),
        };
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        crate::respond::json(status, &body)
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        self.respond("")
    }
}

/// Replaces `{message}` in every string of `template`.
fn fill(template: Value, message: &str) -> Value {
    match template {
        Value::String(text) => Value::String(text.replace("{message}", message)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|item| fill(item, message)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, fill(value, message)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REJECTIONS: Rejections = Rejections {
        missing_credential: Answer {
            status: 401,
            body: r#"{"statusCode":401,"message":"{message}"}"#,
        },
        invalid_request: Answer {
            status: 200,
            body: r#"{"status":"error","message":"{message}"}"#,
        },
        unknown_operation: Answer {
            status: 404,
            body: r#"{"message":"{message}"}"#,
        },
        method_not_allowed: None,
    };

    async fn body(response: Response) -> Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn fills_the_message_into_the_declared_body() {
        let response = REJECTIONS.respond(Rejection::Invalid("API Key is required".into()));
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            body(response).await,
            serde_json::json!({"status": "error", "message": "API Key is required"})
        );
    }

    #[tokio::test]
    async fn method_not_allowed_falls_back_to_invalid_request_with_allow() {
        let response = REJECTIONS.respond(Rejection::MethodNotAllowed {
            message: "use POST".into(),
            allow: "POST",
        });
        assert_eq!(response.headers()[header::ALLOW], "POST");
        assert_eq!(body(response).await["message"], "use POST");
    }
}
