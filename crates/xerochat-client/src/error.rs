//! The one error type of the XeroChat client.
//!
//! The service answers HTTP 200 for errors too and tells them apart by the body; this type turns that
//! envelope into an `Err`, and keeps transport and shape problems apart from what the service said.
//! No variant carries the API key: URLs are stripped from transport errors because GET calls carry the
//! key in the query string.

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
    /// JSON of another shape).
    #[error(
        "the `{operation}` answer is not the documented JSON ({reason}); it starts with: {excerpt}"
    )]
    UnexpectedBody {
        operation: &'static str,
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

    /// Maps progenitor's error for the call `operation`.
    pub(crate) async fn from_generated(
        operation: &'static str,
        error: progenitor_client::Error<()>,
    ) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(reason) | E::Custom(reason) => Self::InvalidRequest(reason),
            E::CommunicationError(error)
            | E::InvalidUpgrade(error)
            | E::ResponseBodyError(error) => Self::Transport(error.without_url()),
            E::InvalidResponsePayload(body, error) => Self::UnexpectedBody {
                operation,
                reason: error.to_string(),
                excerpt: excerpt(&body),
            },
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
