//! How requests travel: the HTTP client a builder makes (TLS, connect timeout), the settings every
//! request is sent with (per-request timeout, user agent) and the retry loop.
//!
//! Both client crates need exactly this, so `cargo xtask codegen` writes it into each of them from one
//! template (`xtask/templates/client_runtime.rs`) rather than publishing a runtime crate of its own.
//!
//! A retry is only made where repeating the request cannot do harm:
//! - a connection that could not be made (nothing was sent), for every operation;
//! - a timeout or a broken connection, or an answer of 408, 429 or 5xx, only for operations that are
//!   safe to repeat: `GET`s, and those the spec marks `x-idempotent`. A `POST` that may have been
//!   applied is never sent twice.

use std::collections::hash_map::RandomState;
use std::error::Error as StdError;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::header::{HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, Request, Response, StatusCode};

/// How long connecting may take unless the builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt of a request may take, from sending to the last byte of the answer, unless
/// the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` sent unless the builder says otherwise: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// When and how often a failed request is sent again.
///
/// The default makes up to 3 attempts, waiting about 200 ms, then 400 ms (exponential backoff, at
/// most [`RetryPolicy::max_backoff`]), each wait drawn at random between half and all of it
/// (jitter), so that many clients failing together do not retry together. A `Retry-After` answer
/// (seconds) lengthens the wait, within the same cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt per request: no retries at all.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request may be sent in all, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; each later wait doubles it.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts, `Retry-After` included.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// Whether each wait is drawn at random between half and all of it (on by default).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// How many times a request may be sent in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1 for the first), before any `Retry-After`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        if !self.jitter {
            return full;
        }
        // Half of the wait for sure, the other half at random: never zero, never longer than `full`.
        let half = full / 2;
        half + half.mul_f64(random_fraction())
    }
}

/// A number in `[0, 1)`, random enough for jitter (no RNG dependency: the standard library seeds
/// `RandomState` randomly per instance).
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The settings every request of a client is sent with; cloned with the client.
#[derive(Debug, Clone)]
pub struct Transport {
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    /// progenitor's names of the operations that may be repeated once they may have been applied.
    idempotent: &'static [&'static str],
}

impl Transport {
    /// Settings with the given timeout (`None`: none), retry policy and user agent.
    pub(crate) fn new(
        timeout: Option<Duration>,
        retry: RetryPolicy,
        user_agent: HeaderValue,
        idempotent: &'static [&'static str],
    ) -> Self {
        Self {
            timeout,
            retry,
            user_agent,
            idempotent,
        }
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The per-attempt timeout, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sends `request` for `operation` (progenitor's name of it), retrying where that is safe.
    pub(crate) async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: Request,
        operation: &str,
    ) -> reqwest::Result<Response> {
        if request.timeout().is_none() {
            *request.timeout_mut() = self.timeout;
        }
        if !request.headers().contains_key(USER_AGENT) {
            request
                .headers_mut()
                .insert(USER_AGENT, self.user_agent.clone());
        }
        let repeatable = is_safe_method(request.method()) || self.idempotent.contains(&operation);
        let mut attempt = 1;
        loop {
            let spare = if attempt < self.retry.max_attempts {
                request.try_clone()
            } else {
                None
            };
            let outcome = http.execute(request).await;
            let Some(next) = spare else {
                return outcome;
            };
            let wait = match &outcome {
                Ok(response) if repeatable && is_retryable_status(response.status()) => {
                    retry_after(response)
                }
                Ok(_) => return outcome,
                Err(error) if never_sent(error) => None,
                Err(error) if repeatable && may_succeed_again(error) => None,
                Err(_) => return outcome,
            };
            let wait = wait
                .unwrap_or_default()
                .max(self.retry.backoff(attempt))
                .min(self.retry.max_backoff);
            tracing::debug!(
                operation,
                attempt,
                wait_ms = wait.as_millis() as u64,
                outcome = %describe_outcome(&outcome),
                "retrying"
            );
            drop(outcome);
            tokio::time::sleep(wait).await;
            request = next;
            attempt += 1;
        }
    }
}

/// Whether the method promises that repeating the request changes nothing.
fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// 408, 429 and 5xx: the service may answer differently a moment later.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500..=599)
}

/// No connection was made: the request never left this process.
fn never_sent(error: &reqwest::Error) -> bool {
    error.is_connect()
}

/// A failure that says nothing against the next attempt (unlike a request that cannot be built).
fn may_succeed_again(error: &reqwest::Error) -> bool {
    error.is_timeout() || error.is_request() || error.is_body() || error.is_decode()
}

/// The `Retry-After` of an answer, when it gives seconds.
fn retry_after(response: &Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

fn describe_outcome(outcome: &reqwest::Result<Response>) -> String {
    match outcome {
        Ok(response) => format!("HTTP {}", response.status().as_u16()),
        Err(error) => transport_kind(error).to_owned(),
    }
}

/// What kind of transport failure `error` is, in a few words read from its source chain: "timed
/// out", "connection refused", … (reqwest's own text says only "error sending request").
pub fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        return "timed out";
    }
    let mut source: Option<&(dyn StdError + 'static)> = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::TimedOut => return "timed out",
                K::ConnectionRefused => return "connection refused",
                K::ConnectionReset => return "connection reset",
                K::ConnectionAborted => return "connection aborted",
                K::NotConnected | K::BrokenPipe => return "connection closed",
                K::AddrNotAvailable | K::NotFound => return "address not found",
                _ => {}
            }
        }
        let text = cause.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return "host not found";
        }
        if text.contains("certificate") || text.contains("tls") || text.contains("TLS") {
            return "TLS handshake failed";
        }
        if text.contains("connection closed before message completed")
            || text.contains("IncompleteMessage")
        {
            return "connection closed";
        }
        source = cause.source();
    }
    if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "could not read the answer"
    } else if error.is_builder() {
        "could not build the request"
    } else {
        "could not send the request"
    }
}

/// What a client builder refuses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The base URL is `https`, and the crate was built without a TLS feature (`rustls`, `native-tls`).
    #[error("the base URL `{url}` is https, and this build has no TLS: enable the `rustls` or `native-tls` feature")]
    TlsUnavailable {
        /// The URL as given.
        url: String,
    },
    /// The user agent is not a valid header value.
    #[error("the user agent is not a valid HTTP header value")]
    InvalidUserAgent,
    /// TLS could not be set up (the platform's certificate verifier, mostly).
    #[error("TLS could not be set up: {0}")]
    Tls(#[source] Box<dyn StdError + Send + Sync>),
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built: {0}")]
    Http(#[source] reqwest::Error),
}

/// The TLS this build of the crate has (`rustls` or `native-tls`, its features), or `None`: then an
/// `https` base URL is refused when a client is built.
pub const fn tls_backend() -> Option<&'static str> {
    if cfg!(feature = "rustls") {
        Some("rustls")
    } else if cfg!(feature = "native-tls") {
        Some("native-tls")
    } else {
        None
    }
}

/// The base URL as requests are made from it: absolute `http(s)`, no query or fragment, no trailing
/// slash (progenitor appends `/operation`, so `https://host/api/` would send `//operation`).
pub fn normalize_base_url(text: &str) -> Result<String, BuildError> {
    let invalid = |reason| BuildError::InvalidBaseUrl {
        url: text.to_owned(),
        reason,
    };
    let url = reqwest::Url::parse(text.trim()).map_err(|_| invalid("not an absolute URL"))?;
    match url.scheme() {
        "http" => {}
        "https" if tls_backend().is_some() => {}
        "https" => {
            return Err(BuildError::TlsUnavailable {
                url: text.to_owned(),
            })
        }
        _ => return Err(invalid("the scheme is neither http nor https")),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials do not belong in the base URL"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The HTTP client a builder makes when it is given none: the crate's TLS choice, `connect_timeout`.
pub fn http_client(connect_timeout: Option<Duration>) -> Result<reqwest::Client, BuildError> {
    let mut builder = reqwest::Client::builder();
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    #[cfg(feature = "rustls")]
    {
        builder = builder.tls_backend_preconfigured(rustls_config()?);
    }
    #[cfg(all(feature = "native-tls", not(feature = "rustls")))]
    {
        builder = builder.tls_backend_native();
    }
    builder.build().map_err(BuildError::Http)
}

/// rustls with the `ring` provider (light to build, unlike reqwest's default `aws-lc-rs`) and the
/// platform's certificate verifier, passed to reqwest ready-made.
///
/// reqwest is built without a provider of its own (`rustls-no-provider`), so a `reqwest::Client`
/// built elsewhere in the process needs a process-wide one: `ring` is installed as that default
/// unless the application has installed one already (its choice wins).
#[cfg(feature = "rustls")]
pub fn rustls_config() -> Result<rustls::ClientConfig, BuildError> {
    use std::sync::Arc;

    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race against another installer is fine: either provider serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|error| BuildError::Tls(Box::new(error)))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| BuildError::Tls(Box::new(error)))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(config)
}

/// Keeping credentials out of error text: whatever the service echoes back (a message quoting the
/// key, an HTML error page with the request URL) passes through here before it reaches an error.
/// What stands where a secret was.
pub(crate) const REDACTED: &str = "<redacted>";

/// `text` with every occurrence of each secret (and of its URL-encoded form) replaced by
/// [`REDACTED`]. Secrets shorter than 4 characters are left alone: they would match by chance.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut clean = text.to_owned();
    for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
        clean = clean.replace(secret, REDACTED);
        let encoded: String =
            form_urlencoded_byte_serialize(secret.as_bytes());
        if encoded != *secret {
            clean = clean.replace(&encoded, REDACTED);
        }
    }
    clean
}

/// The `application/x-www-form-urlencoded` form of `bytes`, as a query string or form body carries it.
fn form_urlencoded_byte_serialize(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_their_encoded_forms_are_replaced() {
        let text = "bad key 1-abc/def+ghi (sent as 1-abc%2Fdef%2Bghi)";
        assert_eq!(
            redact(text, &["1-abc/def+ghi"]),
            "bad key <redacted> (sent as <redacted>)"
        );
        assert_eq!(redact("a b c", &["b"]), "a b c", "too short to redact");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_within_half() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .jitter(false);
        let waits: Vec<_> = (1..=4).map(|retry| policy.backoff(retry)).collect();
        assert_eq!(
            waits,
            [100, 200, 350, 350].map(Duration::from_millis).to_vec()
        );
        let jittered = policy.jitter(true);
        for retry in 1..=4 {
            let wait = jittered.backoff(retry);
            let full = waits[retry as usize - 1];
            assert!(wait >= full / 2 && wait <= full, "{wait:?} of {full:?}");
        }
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
        assert_eq!(RetryPolicy::none().attempts(), 1);
    }

    #[test]
    fn base_urls_lose_their_trailing_slash_and_bad_ones_are_refused() {
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080/xerochat/api/").unwrap(),
            "http://127.0.0.1:8080/xerochat/api"
        );
        assert_eq!(
            normalize_base_url("http://host").unwrap(),
            "http://host"
        );
        for bad in ["host/api", "ftp://host/api", "http://host/api?x=1", "http://u:p@host"] {
            assert!(
                matches!(normalize_base_url(bad), Err(BuildError::InvalidBaseUrl { .. })),
                "{bad}"
            );
        }
        let https = normalize_base_url("https://host/api");
        if cfg!(any(feature = "rustls", feature = "native-tls")) {
            assert_eq!(https.unwrap(), "https://host/api");
        } else {
            assert!(matches!(https, Err(BuildError::TlsUnavailable { .. })));
        }
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn with_rustls_an_https_client_builds_and_plain_reqwest_clients_still_work() {
        http_client(Some(Duration::from_secs(1))).expect("rustls with ring");
        // The provider installed on the way serves clients built without this crate's help.
        reqwest::Client::builder().build().expect("a plain reqwest client");
    }

    #[test]
    fn retryable_statuses() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(status).unwrap()));
        }
        for status in [200, 400, 401, 404, 409] {
            assert!(!is_retryable_status(StatusCode::from_u16(status).unwrap()));
        }
    }
}
