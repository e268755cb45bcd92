//! [`BotClientBuilder`]: the options of a [`BotClient`], with defaults fit for production.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::auth::{Session, DEFAULT_LOGIN_COOLDOWN, DEFAULT_REFRESH_MARGIN};
use crate::runtime::{self, BuildError, RetryPolicy, Transport};
use crate::{BotClient, GeneratedClient};

/// Options for a [`BotClient`]; [`BotClientBuilder::build`] checks them.
///
/// Defaults: connect timeout [`DEFAULT_CONNECT_TIMEOUT`](crate::DEFAULT_CONNECT_TIMEOUT) (10 s),
/// per-request timeout [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT) (30 s, each attempt), the default
/// [`RetryPolicy`] (3 attempts), user agent [`DEFAULT_USER_AGENT`](crate::DEFAULT_USER_AGENT), refresh
/// margin [`DEFAULT_REFRESH_MARGIN`] (60 s), login cool-down [`DEFAULT_LOGIN_COOLDOWN`] (250 ms), and an HTTP client of the crate's TLS choice.
#[derive(Clone)]
pub struct BotClientBuilder {
    base_url: String,
    app_id: String,
    app_secret: String,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    refresh_margin: Duration,
    login_cooldown: Duration,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for BotClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotClientBuilder")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("refresh_margin", &self.refresh_margin)
            .field("login_cooldown", &self.login_cooldown)
            .field("custom_http_client", &self.http.is_some())
            .finish()
    }
}

impl BotClientBuilder {
    pub(crate) fn new(base_url: &str, app_id: String, app_secret: String) -> Self {
        Self {
            base_url: base_url.to_owned(),
            app_id,
            app_secret,
            connect_timeout: Some(runtime::DEFAULT_CONNECT_TIMEOUT),
            timeout: Some(runtime::DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            user_agent: runtime::DEFAULT_USER_AGENT.to_owned(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            login_cooldown: DEFAULT_LOGIN_COOLDOWN,
            http: None,
        }
    }

    /// How long connecting may take (`None`: no limit). Applies to the HTTP client the builder makes,
    /// not to one given with [`BotClientBuilder::http_client`] (set it there).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt of a request may take, from sending to the end of the answer (`None`: no
    /// limit). Applies to every request, the login's too, through any HTTP client.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// When failed requests are sent again ([`RetryPolicy::none`] for never).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` of every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long before its expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`]). A token
    /// that lives no longer than the margin is used until it expires instead.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// How long a failed login is reported to new callers before the next call tries again (default
    /// [`DEFAULT_LOGIN_COOLDOWN`]); `Duration::ZERO` lets the very next call try again.
    pub fn login_cooldown(mut self, cooldown: Duration) -> Self {
        self.login_cooldown = cooldown;
        self
    }

    /// Sends requests through `http` (proxies, connection pools, TLS settings of your own). The
    /// per-request timeout, user agent and retries still apply; the connect timeout is `http`'s.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when the base URL is not an absolute `http(s)` URL without query, or is
    /// `https` in a build without a TLS feature; when the user agent is not a header value; when the
    /// HTTP client cannot be built.
    pub fn build(self) -> Result<BotClient, BuildError> {
        let base_url = runtime::normalize_base_url(&self.base_url)?;
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let http = match self.http {
            Some(http) => http,
            None => runtime::http_client(self.connect_timeout)?,
        };
        let transport = Transport::new(self.timeout, self.retry, user_agent, crate::IDEMPOTENT);
        let session = Session::new(
            self.app_id,
            self.app_secret,
            self.refresh_margin,
            self.login_cooldown,
            transport,
        );
        Ok(BotClient {
            inner: GeneratedClient::new_with_client(&base_url, http, session),
        })
    }
}
