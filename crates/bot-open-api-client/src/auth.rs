//! Logging in, and keeping the token fresh for every call.
//!
//! The token lives in the generated client's `inner` value ([`Session`]); the client's hooks
//! ([`ClientHooks`]) put it in the `Authorization` header (raw, no `Bearer`: the service refuses that),
//! log in on first use and shortly before expiry, and on a 401 log in again and retry once. One mutex
//! guards the token, so concurrent callers that find it stale wait for a single login.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, AUTHORIZATION};
use tokio::sync::Mutex;

use crate::generated::{types, Client};
use crate::Error;

/// The operation that issues tokens; it is the one call made without one.
const LOGIN_OPERATION: &str = "login";

/// A token is renewed this long before its expiry unless the client is told otherwise.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The app credentials and the current token; shared by every clone of a client.
#[derive(Clone)]
pub struct Session(Arc<State>);

struct State {
    app_id: String,
    app_secret: String,
    refresh_margin: Duration,
    token: Mutex<Option<Token>>,
    logins: AtomicU64,
}

#[derive(Clone)]
struct Token {
    value: HeaderValue,
    /// `None` when the service gave no readable expiry: used until it is refused.
    expires_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("app_id", &self.0.app_id)
            .field("app_secret", &"<redacted>")
            .field("refresh_margin", &self.0.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn new(app_id: String, app_secret: String, refresh_margin: Duration) -> Self {
        Self(Arc::new(State {
            app_id,
            app_secret,
            refresh_margin,
            token: Mutex::new(None),
            logins: AtomicU64::new(0),
        }))
    }

    /// How many times this session has logged in.
    pub fn logins(&self) -> u64 {
        self.0.logins.load(Ordering::Relaxed)
    }

    /// A token fit to use now: the cached one, or a new one from `/login`.
    async fn token(&self, client: &Client) -> Result<HeaderValue, Error> {
        let mut slot = self.0.token.lock().await;
        if let Some(token) = slot
            .as_ref()
            .filter(|token| token.usable(self.0.refresh_margin))
        {
            return Ok(token.value.clone());
        }
        let token = self.login(client).await?;
        *slot = Some(token.clone());
        Ok(token.value)
    }

    /// A token to retry with after `refused` got a 401: unless another caller has already replaced
    /// it, the cached token is dropped and a new one obtained.
    async fn replace(&self, client: &Client, refused: &HeaderValue) -> Result<HeaderValue, Error> {
        let mut slot = self.0.token.lock().await;
        match slot.as_ref() {
            Some(token) if token.value != *refused => return Ok(token.value.clone()),
            _ => *slot = None,
        }
        let token = self.login(client).await?;
        *slot = Some(token.clone());
        Ok(token.value)
    }

    /// Logs in now and keeps the new token, whatever the current one.
    pub(crate) async fn renew(&self, client: &Client) -> Result<(), Error> {
        let mut slot = self.0.token.lock().await;
        let token = self.login(client).await?;
        *slot = Some(token);
        Ok(())
    }

    async fn login(&self, client: &Client) -> Result<Token, Error> {
        let empty = |what: &str| Error::Login(format!("the {what} is empty"));
        let body = types::LoginRequest {
            app_id: self.0.app_id.parse().map_err(|_| empty("app id"))?,
            app_secret: self.0.app_secret.parse().map_err(|_| empty("app secret"))?,
        };
        // Boxed: `login` runs the client's hooks, which may call this function.
        let response = Box::pin(client.login(&body))
            .await
            .map_err(|error| Error::from_generated::<types::LoginResponse>("login", error))?;
        let response = response.into_inner();
        let mut value = HeaderValue::from_str(&response.auth_token).map_err(|_| {
            Error::Login("the service issued a token that is not a valid header value".to_owned())
        })?;
        value.set_sensitive(true);
        let expiry = response
            .expire_at
            .as_deref()
            .or(response.expires_at.as_deref());
        let expires_at = expiry
            .and_then(parse_expiry)
            .or_else(|| jwt_expiry(&response.auth_token));
        self.0.logins.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(app_id = %self.0.app_id, ?expires_at, "logged in");
        Ok(Token { value, expires_at })
    }
}

impl Token {
    /// Whether the token is still good `margin` from now; a margin too large to add means "renew now".
    fn usable(&self, margin: Duration) -> bool {
        let Some(expiry) = self.expires_at else {
            return true;
        };
        chrono::Duration::from_std(margin)
            .ok()
            .and_then(|margin| Utc::now().checked_add_signed(margin))
            .is_some_and(|deadline| deadline < expiry)
    }
}

/// An ISO-8601 expiry, or epoch seconds/milliseconds as some services send.
fn parse_expiry(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    let number: i64 = text.trim().parse().ok()?;
    if number > 100_000_000_000 {
        DateTime::from_timestamp_millis(number)
    } else {
        DateTime::from_timestamp(number, 0)
    }
}

/// The `exp` claim of a JWT, read without verifying it (only to know when to renew).
fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    DateTime::from_timestamp(claims.get("exp")?.as_i64()?, 0)
}

impl ClientHooks<Session> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        if info.operation_id == LOGIN_OPERATION {
            return Ok(());
        }
        let token = self
            .inner
            .token(self)
            .await
            .map_err(|error| progenitor_client::Error::Custom(error.to_string()))?;
        request.headers_mut().insert(AUTHORIZATION, token);
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let retry = request.try_clone();
        let used = request.headers().get(AUTHORIZATION).cloned();
        let response = self.client.execute(request).await?;
        if response.status() != reqwest::StatusCode::UNAUTHORIZED
            || info.operation_id == LOGIN_OPERATION
        {
            return Ok(response);
        }
        let (Some(mut retry), Some(used)) = (retry, used) else {
            return Ok(response);
        };
        match self.inner.replace(self, &used).await {
            Ok(token) => {
                tracing::debug!(
                    operation = info.operation_id,
                    "token refused; retrying once with a new one"
                );
                retry.headers_mut().insert(AUTHORIZATION, token);
                self.client.execute(retry).await
            }
            // The caller gets the service's own 401 rather than a login error about another call.
            Err(_) => Ok(response),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_expiry_in_each_form() {
        let expected = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        assert_eq!(parse_expiry(&expected.to_rfc3339()), Some(expected));
        assert_eq!(parse_expiry("1790000000"), Some(expected));
        assert_eq!(parse_expiry("1790000000000"), Some(expected));
        assert_eq!(parse_expiry("soon"), None);
    }

    #[test]
    fn reads_a_jwt_exp_claim() {
        // {"alg":"HS256"} . {"sub":"demo","exp":1790000000} . signature
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIiwiZXhwIjoxNzkwMDAwMDAwfQ.c2ln";
        assert_eq!(
            jwt_expiry(token),
            DateTime::from_timestamp(1_790_000_000, 0)
        );
        assert_eq!(jwt_expiry("not-a-jwt"), None);
    }

    #[test]
    fn a_token_near_expiry_is_not_usable() {
        let value = HeaderValue::from_static("t");
        let soon = Token {
            value: value.clone(),
            expires_at: Some(Utc::now() + chrono::Duration::seconds(30)),
        };
        assert!(!soon.usable(Duration::from_secs(60)));
        assert!(soon.usable(Duration::from_secs(5)));
        assert!(Token {
            value,
            expires_at: None
        }
        .usable(Duration::from_secs(60)));
    }
}
