//! The one error type of the XeroChat client.
//!
//! The service answers HTTP 200 for errors too and tells them apart by the body; this type turns that
//! envelope into an `Err`, and keeps transport and shape problems apart from what the service said.
//! No variant carries the API key: URLs are stripped from transport errors because GET calls carry the
//! key in the query string.

use serde::de::DeserializeOwned;

use crate::types::ErrorEnvelope;

/// How much of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call: `status` is `error` or `info` (`info` when nothing changed or a
    /// delete did not happen), `message` is its message verbatim.
    #[error("the service answered `{status}`: {message}")]
    Service { status: String, message: String },
    /// The request could not be sent or the answer not read.
    #[error("could not talk to the service: {0}")]
    Transport(#[source] reqwest::Error),
    /// The service answered with a status the API does not use (500 on a database error, a proxy page...).
    #[error("the service answered HTTP {status}: {excerpt}")]
    UnexpectedStatus { status: u16, excerpt: String },
    /// The service answered 200 with a body that is not the documented JSON (an HTML page, nothing, or
    /// JSON of another shape). `path` is where in the JSON the first offending value sits
    /// (`user_info.package_id`), read against the operation's success body (or against the error
    /// envelope when the body says `status: error`/`info`); `None` when the body is not JSON at all or
    /// the problem is at its top.
    #[error(
        "the `{operation}` answer is not the documented JSON ({}{reason}); it starts with: {excerpt}",
        crate::error::at(path.as_deref())
    )]
    UnexpectedBody {
        operation: &'static str,
        path: Option<String>,
        reason: String,
        excerpt: String,
    },
    /// The call was refused before sending: the arguments cannot make a valid request.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The error the service's own envelope describes.
    pub(crate) fn from_envelope(envelope: ErrorEnvelope) -> Self {
        let message = match envelope.message {
            crate::types::ErrorMessage::String(text) => text,
            other => serde_json::to_string(&other).unwrap_or_default(),
        };
        Self::Service {
            status: envelope.status.to_string(),
            message,
        }
    }

    /// Maps progenitor's error for the call `operation`, whose success body is `S`.
    pub(crate) async fn from_generated<S: DeserializeOwned>(
        operation: &'static str,
        error: progenitor_client::Error<()>,
    ) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(reason) | E::Custom(reason) => Self::InvalidRequest(reason),
            E::CommunicationError(error)
            | E::InvalidUpgrade(error)
            | E::ResponseBodyError(error) => Self::Transport(error.without_url()),
            E::InvalidResponsePayload(body, error) => {
                // The answer's type is an untagged enum of the envelope and the success body, whose own
                // message ("did not match any variant") says nothing of where: read the body again
                // as the type it claims to be.
                let located = if claims_error(&body) {
                    locate::<ErrorEnvelope>(&body)
                } else {
                    locate::<S>(&body)
                };
                let (path, reason) = located.unwrap_or_else(|| (None, error.to_string()));
                Self::UnexpectedBody {
                    operation,
                    path,
                    reason,
                    excerpt: excerpt(&body),
                }
            }
            E::ErrorResponse(response) => Self::UnexpectedStatus {
                status: response.status().as_u16(),
                excerpt: String::new(),
            },
            E::UnexpectedResponse(response) => {
                let status = response.status().as_u16();
                let body = response.bytes().await.unwrap_or_default();
                Self::UnexpectedStatus {
                    status,
                    excerpt: excerpt(&body),
                }
            }
        }
    }

    /// The service's message, when the service itself refused the call.
    pub fn service_message(&self) -> Option<&str> {
        match self {
            Self::Service { message, .. } => Some(message),
            _ => None,
        }
    }
}

/// Whether `body` is an object whose `status` says it is the error envelope.
fn claims_error(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Status {
        status: Option<serde_json::Value>,
    }
    serde_json::from_slice::<Status>(body).is_ok_and(|found| {
        matches!(
            found.status.as_ref().and_then(serde_json::Value::as_str),
            Some("error" | "info")
        )
    })
}

/// Where (a JSON path, `None` at the top) and why `body` fails to decode as `T`; `None` when it decodes.
fn locate<T: DeserializeOwned>(body: &[u8]) -> Option<(Option<String>, String)> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let error = serde_path_to_error::deserialize::<_, T>(&mut json).err()?;
    let path = error.path().to_string();
    let path = (path != ".").then_some(path);
    Some((path, error.into_inner().to_string()))
}

/// `at `path`: ` for an error message, or nothing.
pub(crate) fn at(path: Option<&str>) -> String {
    path.map(|path| format!("at `{path}`: "))
        .unwrap_or_default()
}

/// The start of a body, for error messages: `(empty body)` when there is none.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".to_owned();
    }
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}
