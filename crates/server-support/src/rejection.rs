//! Answers to requests a server cannot take, in the shape the API's spec declares (`x-rejections`),
//! or as RFC 9457 problem details (`application/problem+json`) when it declares none.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Why a request was not passed on to the implementation, or why the implementation did not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The credential is missing, or the implementation does not accept it; the text says which.
    MissingCredential(String),
    /// The caller is known but may not call the operation (an `x-admin-only` one, say).
    Forbidden(String),
    /// A parameter or the body is missing, malformed, or breaks the schema; the text says what.
    Invalid(String),
    /// No operation has this path.
    UnknownOperation(String),
    /// The path exists, but not for this method; `allow` lists the methods it has.
    MethodNotAllowed { message: String, allow: String },
    /// The body's media type is not one the operation declares.
    UnsupportedMediaType(String),
    /// The body is larger than the limit (bytes).
    TooLarge(usize),
    /// The implementation does not answer this operation (the trait's default).
    NotImplemented(String),
}

/// One declared answer: an HTTP status, a content type, and a JSON body in which the string
/// `{message}` stands for the reason.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: &'static str,
}

/// All the answers of one API. The optional ones, when absent, reuse `invalid_request`'s shape
/// (`forbidden`: `missing_credential`'s): with their own HTTP status when the API reports errors by
/// status, with its status (e.g. 200 and an error envelope) when it does not.
#[derive(Debug, Clone, Copy)]
pub struct Rejections {
    pub missing_credential: Answer,
    pub invalid_request: Answer,
    pub unknown_operation: Answer,
    pub forbidden: Option<Answer>,
    pub method_not_allowed: Option<Answer>,
    pub unsupported_media_type: Option<Answer>,
    pub too_large: Option<Answer>,
    pub not_implemented: Option<Answer>,
}

const fn problem(status: u16, body: &'static str) -> Answer {
    Answer {
        status,
        content_type: "application/problem+json",
        body,
    }
}

impl Rejections {
    /// Problem details (RFC 9457), for APIs whose spec declares no `x-rejections`.
    pub const PROBLEM_JSON: Self = Self {
        missing_credential: problem(
            401,
            r#"{"type":"about:blank","title":"Unauthorized","status":401,"detail":"{message}"}"#,
        ),
        invalid_request: problem(
            400,
            r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"{message}"}"#,
        ),
        unknown_operation: problem(
            404,
            r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"{message}"}"#,
        ),
        forbidden: Some(problem(
            403,
            r#"{"type":"about:blank","title":"Forbidden","status":403,"detail":"{message}"}"#,
        )),
        method_not_allowed: Some(problem(
            405,
            r#"{"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"{message}"}"#,
        )),
        unsupported_media_type: Some(problem(
            415,
            r#"{"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"{message}"}"#,
        )),
        too_large: Some(problem(
            413,
            r#"{"type":"about:blank","title":"Content Too Large","status":413,"detail":"{message}"}"#,
        )),
        not_implemented: Some(problem(
            501,
            r#"{"type":"about:blank","title":"Not Implemented","status":501,"detail":"{message}"}"#,
        )),
    };

    /// The response for `rejection`.
    pub fn respond(&self, rejection: Rejection) -> Response {
        tracing::debug!(?rejection, "request rejected");
        let mut response = self.answer(&rejection).respond(&rejection.message());
        if let Rejection::MethodNotAllowed { allow, .. } = &rejection {
            if let Ok(allow) = HeaderValue::from_str(allow) {
                response.headers_mut().insert(header::ALLOW, allow);
            }
        }
        response
    }

    /// The HTTP status `rejection` is answered with.
    pub fn status(&self, rejection: &Rejection) -> u16 {
        self.answer(rejection).status
    }

    /// The declared answer for `rejection`, or `invalid_request`'s shape with the natural status.
    fn answer(&self, rejection: &Rejection) -> Answer {
        let fallback = |answer: Option<Answer>, status: u16| {
            answer.unwrap_or_else(|| {
                let mut answer = self.invalid_request;
                if (400..500).contains(&answer.status) {
                    answer.status = status;
                }
                answer
            })
        };
        match rejection {
            Rejection::MissingCredential(_) => self.missing_credential,
            Rejection::Invalid(_) => self.invalid_request,
            Rejection::UnknownOperation(_) => self.unknown_operation,
            Rejection::Forbidden(_) => self.forbidden.unwrap_or_else(|| {
                // A refusal of a caller looks like the API's refusal of a credential.
                let mut answer = self.missing_credential;
                if (400..500).contains(&answer.status) {
                    answer.status = 403;
                }
                answer
            }),
            Rejection::MethodNotAllowed { .. } => fallback(self.method_not_allowed, 405),
            Rejection::UnsupportedMediaType(_) => fallback(self.unsupported_media_type, 415),
            Rejection::TooLarge(_) => fallback(self.too_large, 413),
            Rejection::NotImplemented(_) => fallback(self.not_implemented, 501),
        }
    }
}

impl Rejection {
    /// The reason, as the answer's `{message}` reads it.
    pub fn message(&self) -> String {
        match self {
            Self::MissingCredential(message)
            | Self::Forbidden(message)
            | Self::Invalid(message)
            | Self::UnknownOperation(message)
            | Self::MethodNotAllowed { message, .. }
            | Self::UnsupportedMediaType(message)
            | Self::NotImplemented(message) => message.clone(),
            Self::TooLarge(limit) => format!("the request body is larger than {limit} bytes"),
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
        let mut response = Response::new(Body::from(body.to_string()));
        *response.status_mut() = status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(self.content_type)
                .unwrap_or(HeaderValue::from_static("application/json")),
        );
        response
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

    const ENVELOPE: Rejections = Rejections {
        missing_credential: Answer {
            status: 401,
            content_type: "application/json",
            body: r#"{"statusCode":401,"message":"{message}"}"#,
        },
        invalid_request: Answer {
            status: 200,
            content_type: "application/json",
            body: r#"{"status":"error","message":"{message}"}"#,
        },
        unknown_operation: Answer {
            status: 404,
            content_type: "application/json",
            body: r#"{"message":"{message}"}"#,
        },
        forbidden: None,
        method_not_allowed: None,
        unsupported_media_type: None,
        too_large: None,
        not_implemented: None,
    };

    async fn body(response: Response) -> Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn fills_the_message_into_the_declared_body() {
        let response = ENVELOPE.respond(Rejection::Invalid("API Key is required".into()));
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            body(response).await,
            serde_json::json!({"status": "error", "message": "API Key is required"})
        );
    }

    #[tokio::test]
    async fn an_envelope_api_keeps_its_status_for_undeclared_answers() {
        let response = ENVELOPE.respond(Rejection::MethodNotAllowed {
            message: "use POST".into(),
            allow: "POST".into(),
        });
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[header::ALLOW], "POST");
        assert_eq!(body(response).await["message"], "use POST");
    }

    #[tokio::test]
    async fn problem_details_by_default() {
        let response =
            Rejections::PROBLEM_JSON.respond(Rejection::NotImplemented("listPets".into()));
        assert_eq!(response.status(), 501);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let body = body(response).await;
        assert_eq!(body["detail"], "listPets");
        assert_eq!(body["status"], 501);
        let response = Rejections::PROBLEM_JSON.respond(Rejection::TooLarge(10));
        assert_eq!(response.status(), 413);
    }

    #[tokio::test]
    async fn a_status_api_gets_the_natural_status_in_its_own_shape() {
        let api = Rejections {
            invalid_request: Answer {
                status: 400,
                content_type: "application/json",
                body: r#"{"error":"{message}"}"#,
            },
            ..ENVELOPE
        };
        let response = api.respond(Rejection::UnsupportedMediaType("xml".into()));
        assert_eq!(response.status(), 415);
        assert_eq!(body(response).await["error"], "xml");
    }

    #[tokio::test]
    async fn a_forbidden_caller_is_answered_like_a_refused_credential_with_403() {
        let response = ENVELOPE.respond(Rejection::Forbidden("admins only".into()));
        assert_eq!(response.status(), 403);
        assert_eq!(
            body(response).await,
            serde_json::json!({"statusCode": 401, "message": "admins only"})
        );
        let response = Rejections::PROBLEM_JSON.respond(Rejection::Forbidden("no".into()));
        assert_eq!(response.status(), 403);
    }
}
