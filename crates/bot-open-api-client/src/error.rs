//! The one error type of the Bot Open API client.
//!
//! No variant carries a credential: the app secret never leaves the session, the token header is
//! marked sensitive, and URLs are stripped from transport errors.

use serde::de::DeserializeOwned;

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
    /// The body is not the documented JSON (an HTML page, nothing, or another shape). `path` is where in
    /// the JSON the first offending value sits (`transcripts[3].createdAt`), read against the
    /// operation's success body; `None` when the body is not JSON at all or the problem is at its top.
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
    /// The call was refused before sending.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// Maps progenitor's error for the call `operation`, whose success body is `S`.
    pub(crate) fn from_generated<S: DeserializeOwned>(
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
            E::InvalidResponsePayload(body, error) => {
                // serde_json names line and column; the path names the field. An error status's body
                // that does not decode arrives here too (progenitor drops the status): when the body
                // reads as a success, the error shape is the one it failed.
                let located = locate::<S>(&body).or_else(|| locate::<ErrorResponse>(&body));
                let (path, reason) = located.unwrap_or_else(|| (None, error.to_string()));
                Self::UnexpectedBody {
                    operation,
                    path,
                    reason,
                    excerpt: excerpt(&body),
                }
            }
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
