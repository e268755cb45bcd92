//! The one error type of the Bot Open API client.
//!
//! No variant carries a credential: the app secret never leaves the session, the token header is
//! marked sensitive, and URLs are stripped from transport errors.

use crate::generated::types::ErrorResponse;

/// How much of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call with a documented error status (400, 401, 409, 500...).
    #[error("the service answered HTTP {status}: {message}")]
    Api {
        status: u16,
        message: String,
        body: ErrorResponse,
    },
    /// No token could be obtained (the login call failed); the text says why.
    #[error("login failed: {0}")]
    Login(String),
    /// The request could not be sent or the answer not read.
    #[error("could not talk to the service: {0}")]
    Transport(#[source] reqwest::Error),
    /// The service answered a status the API does not document.
    #[error("the service answered HTTP {status}")]
    UnexpectedStatus { status: u16 },
    /// The body is not the documented JSON (an HTML page, nothing, or another shape).
    #[error(
        "the `{operation}` answer is not the documented JSON ({reason}); it starts with: {excerpt}"
    )]
    UnexpectedBody {
        operation: &'static str,
        reason: String,
        excerpt: String,
    },
    /// The call was refused before sending.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// Maps progenitor's error for the call `operation`.
    pub(crate) fn from_generated(
        operation: &'static str,
        error: progenitor_client::Error<ErrorResponse>,
    ) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(reason) => Self::InvalidRequest(reason),
            // The hooks report a failed login this way.
            E::Custom(reason) => Self::Login(reason),
            E::CommunicationError(error)
            | E::InvalidUpgrade(error)
            | E::ResponseBodyError(error) => Self::Transport(error.without_url()),
            E::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let body = response.into_inner();
                Self::Api {
                    status,
                    message: body.message.clone(),
                    body,
                }
            }
            E::InvalidResponsePayload(body, error) => Self::UnexpectedBody {
                operation,
                reason: error.to_string(),
                excerpt: excerpt(&body),
            },
            E::UnexpectedResponse(response) => Self::UnexpectedStatus {
                status: response.status().as_u16(),
            },
        }
    }

    /// The HTTP status the service answered, when it answered one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::UnexpectedStatus { status } => Some(*status),
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
