//! The one error type of the XeroChat client.
//!
//! The service answers HTTP 200 for errors too and tells them apart by the body; this type turns that
//! envelope into an `Err`, and keeps transport and shape problems apart from what the service said.
//! No variant carries the API key: URLs are stripped from transport errors because GET calls carry the
//! key in the query string, and every text the service sends back (messages, bodies) has the key
//! replaced before it reaches an error.

use serde::de::DeserializeOwned;

use crate::runtime::redact;
use crate::types::{ErrorEnvelope, ErrorStatus};
use crate::ServiceMessage;

/// How much of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call (`status: error`); `message` is its documented message, or
    /// `Other` with its text.
    #[error("the service refused the call: {message}")]
    Service {
        /// What the service said.
        message: ServiceMessage,
    },
    /// The service did nothing and said so with `status: info`: an update that changes nothing, or a
    /// delete that did not happen. Not a failure to reach or use the service.
    #[error("the service did nothing: {message}")]
    Info {
        /// What the service said.
        message: ServiceMessage,
    },
    /// The request could not be sent or the answer not read; the message names the kind ("timed
    /// out", "connection refused"), the source is reqwest's error (without the URL, which carries the
    /// key).
    #[error("could not talk to the service: {kind}")]
    Transport {
        /// The kind of failure, in a few words.
        kind: &'static str,
        /// reqwest's error.
        #[source]
        source: reqwest::Error,
    },
    /// The service answered with a status the API does not use (500 on a database error, a proxy page...).
    #[error("the service answered HTTP {status}: {excerpt}")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The start of the body, credentials removed.
        excerpt: String,
    },
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
        /// The operation called.
        operation: &'static str,
        /// Where the first offending value sits.
        path: Option<String>,
        /// Why it does not decode.
        reason: String,
        /// The start of the body, credentials removed.
        excerpt: String,
    },
    /// The call was refused before sending: the arguments cannot make a valid request.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The error the service's own envelope describes.
    pub(crate) fn from_envelope(envelope: ErrorEnvelope, secrets: &[&str]) -> Self {
        let text = match envelope.message {
            crate::types::ErrorMessage::String(text) => text,
            other => serde_json::to_string(&other).unwrap_or_default(),
        };
        let message = ServiceMessage::parse(&redact(&text, secrets));
        match envelope.status {
            ErrorStatus::Info => Self::Info { message },
            ErrorStatus::Error => Self::Service { message },
        }
    }

    /// Maps progenitor's error for the call `operation`, whose success body is `S`.
    pub(crate) async fn from_generated<S: DeserializeOwned>(
        operation: &'static str,
        error: progenitor_client::Error<()>,
        secrets: &[&str],
    ) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(reason) | E::Custom(reason) => {
                Self::InvalidRequest(redact(&reason, secrets))
            }
            E::CommunicationError(error)
            | E::InvalidUpgrade(error)
            | E::ResponseBodyError(error) => Self::transport(error),
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
                    reason: redact(&reason, secrets),
                    excerpt: redact(&excerpt(&body), secrets),
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
                    excerpt: redact(&excerpt(&body), secrets),
                }
            }
        }
    }

    fn transport(error: reqwest::Error) -> Self {
        Self::Transport {
            kind: crate::runtime::transport_kind(&error),
            source: error.without_url(),
        }
    }

    /// The service's message, when the service itself refused the call or did nothing.
    pub fn service_message(&self) -> Option<&ServiceMessage> {
        match self {
            Self::Service { message } | Self::Info { message } => Some(message),
            _ => None,
        }
    }

    /// Whether the service answered `status: info`: it did nothing (see [`Error::Info`]).
    pub fn is_info(&self) -> bool {
        matches!(self, Self::Info { .. })
    }

    /// The HTTP status of an answer outside the API (the service answers its own errors with 200).
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::UnexpectedStatus { status, .. } => Some(*status),
            Self::Transport { source, .. } => source.status().map(|status| status.as_u16()),
            _ => None,
        }
    }

    /// Whether the request timed out (connecting, or waiting for the answer).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport { source, .. } if source.is_timeout())
    }

    /// Whether the same call may succeed if made again later: a transport failure, or a status of
    /// 408, 429 or 5xx. The client has already retried where that was safe (see [`RetryPolicy`]);
    /// this tells the caller whether trying again later is worth it (for a `POST`, only if making
    /// the change twice is acceptable).
    ///
    /// [`RetryPolicy`]: crate::RetryPolicy
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { source, .. } => !source.is_builder(),
            Self::UnexpectedStatus { status, .. } => reqwest::StatusCode::from_u16(*status)
                .is_ok_and(crate::runtime::is_retryable_status),
            _ => false,
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
