//! The one error type of the Bot Open API client.
//!
//! No variant carries a credential: the app secret and the token are removed from every text the
//! service sends back (a message that echoes them), a login answer is never quoted, the token header
//! is marked sensitive, and URLs are stripped from transport errors.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::generated::types::ErrorResponse;
use crate::runtime::redact;

/// How much of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// What an error says instead of quoting a body that may carry a credential (the login answer).
pub(crate) const WITHHELD: &str = "(withheld: the answer carries the token)";

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call with a documented error status (400, 401, 409, 500...).
    #[error("the service answered HTTP {status}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The service's message, credentials removed.
        message: String,
        /// The whole error body, credentials removed from its message.
        body: ErrorResponse,
    },
    /// No token could be obtained: the login call failed. The source is that failure (the service's
    /// answer, a timeout...); every caller that waited for the same login attempt gets it.
    #[error("login failed: {0}")]
    Login(#[source] Arc<Error>),
    /// The request could not be sent or the answer not read; the message names the kind ("timed
    /// out", "connection refused"), the source is reqwest's error (without the URL).
    #[error("could not talk to the service: {kind}")]
    Transport {
        /// The kind of failure, in a few words.
        kind: &'static str,
        /// reqwest's error.
        #[source]
        source: reqwest::Error,
    },
    /// The service answered a status the API does not document.
    #[error("the service answered HTTP {status}")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
    },
    /// The body is not the documented JSON (an HTML page, nothing, or another shape). `path` is where in
    /// the JSON the first offending value sits (`transcripts[3].createdAt`), read against the
    /// operation's success body; `None` when the body is not JSON at all or the problem is at its top.
    #[error(
        "the `{operation}` answer is not the documented JSON ({}{reason}); it starts with: {excerpt}",
        crate::error::at(path.as_deref())
    )]
    UnexpectedBody {
        /// The operation called.
        operation: &'static str,
        /// Where the first offending value sits.
        path: Option<String>,
        /// Why it does not decode.
        reason: String,
        /// The start of the body, credentials removed (withheld entirely for the login answer).
        excerpt: String,
    },
    /// The call was refused before sending.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// Maps progenitor's error for the call `operation`, whose success body is `S`; `secrets` are
    /// removed from every text the service sent back.
    pub(crate) fn from_generated<S: DeserializeOwned>(
        operation: &'static str,
        error: progenitor_client::Error<ErrorResponse>,
        secrets: &[&str],
    ) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(reason) | E::Custom(reason) => {
                Self::InvalidRequest(redact(&reason, secrets))
            }
            E::CommunicationError(error)
            | E::InvalidUpgrade(error)
            | E::ResponseBodyError(error) => Self::Transport {
                kind: crate::runtime::transport_kind(&error),
                source: error.without_url(),
            },
            E::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let mut body = response.into_inner();
                body.message = redact(&body.message, secrets);
                if let Some(name) = &mut body.error {
                    *name = redact(name, secrets);
                }
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
                let login = operation == "login";
                Self::UnexpectedBody {
                    operation,
                    path,
                    // serde quotes the offending value; in a login answer that may be the token.
                    reason: if login {
                        WITHHELD.to_owned()
                    } else {
                        redact(&reason, secrets)
                    },
                    excerpt: if login {
                        WITHHELD.to_owned()
                    } else {
                        redact(&excerpt(&body), secrets)
                    },
                }
            }
            E::UnexpectedResponse(response) => Self::UnexpectedStatus {
                status: response.status().as_u16(),
            },
        }
    }

    /// The HTTP status the service answered, when it answered one (for a failed login, the login's).
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::UnexpectedStatus { status } => Some(*status),
            Self::Login(cause) => cause.status(),
            Self::Transport { source, .. } => source.status().map(|status| status.as_u16()),
            _ => None,
        }
    }

    /// Whether the request (or the login it needed) timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport { source, .. } => source.is_timeout(),
            Self::Login(cause) => cause.is_timeout(),
            _ => false,
        }
    }

    /// Whether the same call may succeed if made again later: a transport failure, or a status of
    /// 408, 429 or 5xx (for a failed login, whether the login may). The client has already retried
    /// where that was safe (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { source, .. } => !source.is_builder(),
            Self::Api { status, .. } | Self::UnexpectedStatus { status } => {
                reqwest::StatusCode::from_u16(*status)
                    .is_ok_and(crate::runtime::is_retryable_status)
            }
            Self::Login(cause) => cause.is_retryable(),
            _ => false,
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
