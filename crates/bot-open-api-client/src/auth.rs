//! Logging in, and keeping the token fresh for every call.
//!
//! The token lives in the generated client's `inner` value ([`Session`]); the client's hooks
//! ([`ClientHooks`]) put it in the `Authorization` header (raw, no `Bearer`: the service refuses that),
//! and on a 401 log in again and retry once.
//!
//! Concurrent callers share one login attempt and its outcome: the first caller that finds no usable
//! token starts a login, every caller arriving while it runs awaits the same attempt, and all of them
//! get its result, success or failure. A failure is kept for a short cool-down
//! ([`DEFAULT_LOGIN_COOLDOWN`]): callers arriving in it (the rest of the same burst, which a fast
//! refusal would otherwise outrun) get the same failure without a new attempt, and the first call
//! after it tries again. So 50 callers behind a login that answers 400 (or hangs until the timeout)
//! cost one login and one wait, not 50 in a row, and a failing login endpoint is not hammered.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures::future::{BoxFuture, FutureExt, Shared};
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, AUTHORIZATION};

use crate::expiry::{self, Lifetime};
use crate::generated::{types, Client};
use crate::runtime::Transport;
use crate::Error;

/// The operation that issues tokens; it is the one call made without one.
const LOGIN_OPERATION: &str = "login";

/// A token is renewed this long before its expiry unless the client is told otherwise.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How long a failed login's outcome is given to new callers before the next call tries again,
/// unless the client is told otherwise.
pub const DEFAULT_LOGIN_COOLDOWN: Duration = Duration::from_millis(250);

/// The app credentials, the current token and the transport settings; shared by every clone of a
/// client.
#[derive(Clone)]
pub struct Session(Arc<State>);

struct State {
    app_id: String,
    app_secret: String,
    refresh_margin: Duration,
    login_cooldown: Duration,
    transport: Transport,
    slot: Mutex<Slot>,
    logins: AtomicU64,
    attempts: AtomicU64,
}

/// One login attempt, awaited by every caller that needs a token while it runs.
type Attempt = Shared<BoxFuture<'static, Result<Token, Arc<Error>>>>;

enum Slot {
    /// No token, no attempt running (at first, and after a failure's cool-down).
    Empty,
    /// The last attempt failed; until `until`, callers get this failure without a new attempt.
    Failed {
        error: Arc<Error>,
        until: Instant,
    },
    Ready(Token),
    /// An attempt is running; `id` tells it apart from a later one.
    Pending {
        id: u64,
        attempt: Attempt,
    },
}

#[derive(Clone)]
struct Token {
    value: HeaderValue,
    /// When to log in again, by this process's monotonic clock; `None` when the service gave no
    /// usable expiry: the token is used until the service refuses it.
    renew_at: Option<Instant>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("app_id", &self.0.app_id)
            .field("app_secret", &"<redacted>")
            .field("refresh_margin", &self.0.refresh_margin)
            .field("login_cooldown", &self.0.login_cooldown)
            .field("transport", &self.0.transport)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn new(
        app_id: String,
        app_secret: String,
        refresh_margin: Duration,
        login_cooldown: Duration,
        transport: Transport,
    ) -> Self {
        Self(Arc::new(State {
            app_id,
            app_secret,
            refresh_margin,
            login_cooldown,
            transport,
            slot: Mutex::new(Slot::Empty),
            logins: AtomicU64::new(0),
            attempts: AtomicU64::new(0),
        }))
    }

    /// How many times this session has logged in successfully.
    pub fn logins(&self) -> u64 {
        self.0.logins.load(Ordering::Relaxed)
    }

    /// How many login attempts this session has started, failed ones included.
    pub fn login_attempts(&self) -> u64 {
        self.0.attempts.load(Ordering::Relaxed)
    }

    /// The settings every request is sent with.
    pub fn transport(&self) -> &Transport {
        &self.0.transport
    }

    /// The secrets no error text may contain: the app secret and the current token.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut secrets = vec![self.0.app_secret.clone()];
        if let Slot::Ready(token) = &*self.slot() {
            if let Ok(text) = token.value.to_str() {
                secrets.push(text.to_owned());
            }
        }
        secrets
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A token fit to use now: the cached one, or the outcome of the login attempt running or started
    /// now.
    pub(crate) async fn token(&self, client: &Client) -> Result<HeaderValue, Error> {
        self.obtain(client, None).await
    }

    /// A token to retry with after `refused` got a 401: the current one if another caller has
    /// already replaced it, else a new login's.
    async fn replace(&self, client: &Client, refused: &HeaderValue) -> Result<HeaderValue, Error> {
        self.obtain(client, Some(refused)).await
    }

    /// Logs in now and keeps the new token, whatever the current one (joining a login already
    /// running instead of starting another).
    pub(crate) async fn renew(&self, client: &Client) -> Result<(), Error> {
        let current = match &*self.slot() {
            Slot::Ready(token) => Some(token.value.clone()),
            _ => None,
        };
        match current {
            Some(current) => self.obtain(client, Some(&current)).await.map(drop),
            None => self.obtain(client, None).await.map(drop),
        }
    }

    /// The cached token unless it is stale or is `refused`; otherwise joins the running attempt or
    /// starts one, and records its outcome once.
    async fn obtain(
        &self,
        client: &Client,
        refused: Option<&HeaderValue>,
    ) -> Result<HeaderValue, Error> {
        let (id, attempt) = {
            let mut slot = self.slot();
            match &*slot {
                Slot::Ready(token)
                    if token.fresh() && refused.is_none_or(|refused| token.value != *refused) =>
                {
                    return Ok(token.value.clone());
                }
                Slot::Pending { id, attempt } => (*id, attempt.clone()),
                Slot::Failed { error, until } if Instant::now() < *until => {
                    return Err(Error::Login(Arc::clone(error)));
                }
                _ => {
                    let id = self.0.attempts.fetch_add(1, Ordering::Relaxed) + 1;
                    let attempt = self.start(client.clone());
                    *slot = Slot::Pending {
                        id,
                        attempt: attempt.clone(),
                    };
                    (id, attempt)
                }
            }
        };
        let outcome = attempt.await;
        {
            let mut slot = self.slot();
            if matches!(&*slot, Slot::Pending { id: running, .. } if *running == id) {
                *slot = match &outcome {
                    Ok(token) => Slot::Ready(token.clone()),
                    Err(error) => Slot::Failed {
                        error: Arc::clone(error),
                        until: Instant::now() + self.0.login_cooldown,
                    },
                };
            }
        }
        outcome.map(|token| token.value).map_err(Error::Login)
    }

    /// A login attempt that can be awaited by many callers.
    fn start(&self, client: Client) -> Attempt {
        let session = self.clone();
        async move { session.login(&client).await.map_err(Arc::new) }
            .boxed()
            .shared()
    }

    async fn login(&self, client: &Client) -> Result<Token, Error> {
        let empty = |what: &str| Error::InvalidRequest(format!("the {what} is empty"));
        let body = types::LoginRequest {
            app_id: self.0.app_id.parse().map_err(|_| empty("app id"))?,
            app_secret: self.0.app_secret.parse().map_err(|_| empty("app secret"))?,
        };
        let secrets = [self.0.app_secret.as_str()];
        let sent_at = Instant::now();
        let answer = match client.login(&body).await {
            Ok(response) => {
                let server_now = expiry::date_header(response.headers());
                let response = response.into_inner();
                let expiry = response
                    .expire_at
                    .as_deref()
                    .or(response.expires_at.as_deref())
                    .map(|text| serde_json::Value::String(text.to_owned()));
                expiry::Answer {
                    token: response.auth_token,
                    expiry,
                    server_now,
                }
            }
            // A body of another shape: read it leniently (an expiry in epoch seconds or
            // milliseconds, a number); what still fails is reported without quoting the body,
            // which may carry the token.
            Err(progenitor_client::Error::InvalidResponsePayload(body, _)) => {
                expiry::Answer::read(&body)?
            }
            Err(error) => return Err(Error::from_generated::<()>("login", error, &secrets)),
        };
        let mut value =
            HeaderValue::from_str(&answer.token).map_err(|_| Error::UnexpectedBody {
                operation: "login",
                path: Some("authToken".to_owned()),
                reason: "the token is not a valid header value".to_owned(),
                excerpt: crate::error::WITHHELD.to_owned(),
            })?;
        value.set_sensitive(true);
        let lifetime = answer.lifetime();
        let renew_at = lifetime.renew_at(sent_at, self.0.refresh_margin);
        self.0.logins.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(app_id = %self.0.app_id, ?lifetime, "logged in");
        Ok(Token { value, renew_at })
    }
}

impl Token {
    /// Whether it is not yet time to log in again.
    fn fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

impl Lifetime {
    /// When to log in again, counted from `sent_at` (when the login was sent, so the time the answer
    /// took is on the safe side). A lifetime of at most `margin` is used to its end rather than
    /// renewed before every call; one the service says is already over (clock skew) is used until
    /// the service refuses it.
    fn renew_at(self, sent_at: Instant, margin: Duration) -> Option<Instant> {
        match self {
            Lifetime::Unknown | Lifetime::AlreadyOver => None,
            Lifetime::Left(left) if left > margin => sent_at.checked_add(left - margin),
            Lifetime::Left(left) => sent_at.checked_add(left),
        }
    }
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
        // The facade has obtained a token already (with its error kept whole); this finds it cached.
        let token = Box::pin(self.inner.token(self))
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
        let transport = self.inner.transport();
        let retry = request.try_clone();
        let used = request.headers().get(AUTHORIZATION).cloned();
        let response = transport
            .execute(&self.client, request, info.operation_id)
            .await?;
        if response.status() != reqwest::StatusCode::UNAUTHORIZED
            || info.operation_id == LOGIN_OPERATION
        {
            return Ok(response);
        }
        let (Some(mut retry), Some(used)) = (retry, used) else {
            return Ok(response);
        };
        match Box::pin(self.inner.replace(self, &used)).await {
            Ok(token) => {
                tracing::debug!(
                    operation = info.operation_id,
                    "token refused; retrying once with a new one"
                );
                retry.headers_mut().insert(AUTHORIZATION, token);
                transport
                    .execute(&self.client, retry, info.operation_id)
                    .await
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
    fn a_lifetime_within_the_margin_is_used_to_its_end() {
        let now = Instant::now();
        let margin = Duration::from_secs(60);
        let long = Lifetime::Left(Duration::from_secs(3600)).renew_at(now, margin);
        assert_eq!(long, now.checked_add(Duration::from_secs(3540)));
        let short = Lifetime::Left(Duration::from_secs(30)).renew_at(now, margin);
        assert_eq!(short, now.checked_add(Duration::from_secs(30)));
        let exact = Lifetime::Left(margin).renew_at(now, margin);
        assert_eq!(exact, now.checked_add(margin));
        assert_eq!(Lifetime::AlreadyOver.renew_at(now, margin), None);
        assert_eq!(Lifetime::Unknown.renew_at(now, margin), None);
    }
}
