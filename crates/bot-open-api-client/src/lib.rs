//! Typed async client for the Netcore Cloud Bot Open API 1.0.0: bot usage, bot users and conversation
//! transcripts.
//!
//! [`BotClient`] is built from the base URL and the app's id and secret. It logs in on first use, keeps
//! the token, renews it shortly before it expires and once more if the service refuses it (concurrent
//! calls share one login), and sends it the way the service wants it (raw `Authorization`, no
//! `Bearer`). Channel codes and message kinds are open ([`wire`]): values this version does not know
//! are kept, not a failure.
//!
//! Every operation of the API has a method named after its `operationId`, generated from the spec
//! ([`OPERATIONS`] lists them): [`BotClient::get_bot_usage`], [`BotClient::list_users`],
//! [`BotClient::list_transcripts`]; `login` is the session's, and [`BotClient::login`] only logs in
//! eagerly (to check the credentials at startup). On top of them, [`BotClient::users`] and
//! [`BotClient::transcripts`] walk every page, and [`BotClient::bot_usage`] takes a year and month. An
//! answer that does not decode is [`Error::UnexpectedBody`], naming the operation and the JSON path of
//! the offending value (`users[1].userId`).
//!
//! ```no_run
//! use bot_open_api_client::{BotClient, ChannelId, TranscriptQuery, UserQuery};
//! use chrono::{TimeZone, Utc};
//! use futures::TryStreamExt;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let bot = BotClient::new(
//!     "https://open-api.conversationalcommerce.netcorecloud.com",
//!     "my-app-id",
//!     "my-app-secret",
//! )?;
//!
//! let usage = bot.bot_usage(2026, 10, ChannelId::Whatsapp).await?;
//! println!("{} messages from {} users", usage.total_messages, usage.total_users);
//!
//! let query = UserQuery::new([ChannelId::Whatsapp]).between(
//!     Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
//!     Utc.with_ymd_and_hms(2026, 10, 8, 0, 0, 0).unwrap(),
//! )?;
//! let users: Vec<_> = bot.users(query).try_collect().await?;
//!
//! for user in &users {
//!     let Some(phone) = &user.bot_user_id else { continue };
//!     let query = TranscriptQuery::new(phone.clone(), ChannelId::Whatsapp);
//!     let messages: Vec<_> = bot.transcripts(query).try_collect().await?;
//!     for message in &messages {
//!         println!("{:?}: {}", message.from, message.type_);
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Dates are `chrono` values: queries take [`chrono::DateTime<Utc>`](chrono::DateTime) (a window that
//! ends before it starts is refused before sending), and the answers' ISO-8601 strings read as dates
//! through [`types::BotUser::created`], [`types::TranscriptMessage::created`] and their siblings,
//! leniently (with or without zone or milliseconds; `None` rather than a failed page when a date is
//! unreadable).
//!
//! # Resilience
//!
//! [`BotClient::builder`] sets the base URL (a trailing slash is dropped), the connect timeout (default
//! [`DEFAULT_CONNECT_TIMEOUT`]), the per-request timeout (default [`DEFAULT_TIMEOUT`]), the
//! [`RetryPolicy`] (default: 3 attempts, exponential backoff from 200 ms with jitter), the user agent,
//! the token refresh margin and, if you need one, the [`reqwest::Client`]. A request is sent again
//! when no connection could be made (nothing was sent) and, for the reads (`getBotUsage`, and
//! `listUsers` and `listTranscripts`, which the spec marks `x-idempotent`), after a timeout or a 408,
//! 429 or 5xx answer; `login` is not repeated once it may have arrived. A failed login is shared by
//! every call waiting for it (and by calls in the short cool-down after it) and tried again by the
//! next call, not by each waiter.
//! [`Error::is_retryable`], [`Error::is_timeout`] and [`Error::status`] tell callers what happened.
//!
//! # Features
//!
//! - `rustls` (default): HTTPS through rustls with the `ring` provider.
//! - `native-tls`: HTTPS through the platform's TLS (OpenSSL, Secure Transport, SChannel).
//!
//! Without either, an `https` base URL is refused by [`BotClientBuilder::build`].
//!
//! The generated client stays reachable through [`BotClient::generated`] and the [`types`] module.

#![warn(missing_docs)]

mod auth;
mod builder;
mod dates;
mod error;
mod expiry;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
#[rustfmt::skip]
mod generated;
#[allow(clippy::too_many_arguments)]
#[rustfmt::skip]
mod operations;
mod paging;
#[rustfmt::skip]
mod runtime;
pub mod wire;

use std::future::Future;
use std::num::NonZeroU64;

use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;

pub use auth::{Session, DEFAULT_LOGIN_COOLDOWN, DEFAULT_REFRESH_MARGIN};
pub use builder::BotClientBuilder;
pub use error::Error;
pub use generated::{types, Client as GeneratedClient};
pub use operations::*;
pub use paging::{InvalidWindow, TranscriptQuery, UserQuery};
pub use reqwest;
pub use runtime::{
    tls_backend, BuildError, RetryPolicy, Transport, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use wire::{ChannelId, MessageKind};

/// A client bound to one app's credentials; cheap to clone (clones share the session and the
/// connection pool).
#[derive(Clone, Debug)]
pub struct BotClient {
    inner: GeneratedClient,
}

impl BotClient {
    /// A client for the API at `base_url` with the builder's defaults: a shortcut for
    /// `BotClient::builder(base_url, app_id, app_secret).build()`.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when the base URL is not an absolute `http(s)` URL, or is `https` in a build
    /// without a TLS feature.
    pub fn new(
        base_url: &str,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Result<Self, BuildError> {
        Self::builder(base_url, app_id, app_secret).build()
    }

    /// A builder for a client with timeouts, retries, a refresh margin, a user agent or an HTTP
    /// client of your own.
    pub fn builder(
        base_url: &str,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> BotClientBuilder {
        BotClientBuilder::new(base_url, app_id.into(), app_secret.into())
    }

    /// The generated client; its calls go through the same login, token handling, timeouts and
    /// retries.
    pub fn generated(&self) -> &GeneratedClient {
        &self.inner
    }

    /// The login state shared by this client and its clones.
    pub fn session(&self) -> &Session {
        &self.inner.inner
    }

    /// Logs in now, replacing the current token: to check the credentials at startup rather than on
    /// the first call. Other calls log in by themselves when they need to.
    ///
    /// `POST /login` (`login`). Returns `()` once a token is kept.
    ///
    /// # Errors
    ///
    /// [`Error::Login`], whose source is the failure: HTTP 400 ([`Error::Api`]) for a wrong app id or
    /// secret, a transport failure ([`Error::Transport`], `is_timeout()`), or an answer without a
    /// token ([`Error::UnexpectedBody`], which never quotes the answer).
    pub async fn login(&self) -> Result<(), Error> {
        self.session().renew(&self.inner).await
    }

    /// Awaits a generated call and maps its error; every generated method ends here. The token is
    /// obtained first, so that a failed login arrives whole ([`Error::Login`]); renewal after a 401
    /// happens in the generated client's hooks.
    async fn send<R: DeserializeOwned>(
        &self,
        operation: &'static str,
        call: impl Future<
            Output = Result<ResponseValue<R>, progenitor_client::Error<types::ErrorResponse>>,
        >,
    ) -> Result<R, Error> {
        if let Err(error) = self.session().token(&self.inner).await {
            tracing::debug!(operation, %error, "no token");
            return Err(error);
        }
        match call.await {
            Ok(response) => Ok(response.into_inner()),
            Err(error) => {
                let secrets = self.session().secrets();
                let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
                let error = Error::from_generated::<R>(operation, error, &secrets);
                tracing::debug!(operation, %error, "call failed");
                Err(error)
            }
        }
    }

    /// Message and user counts of one channel in one month (`month` 1 to 12).
    ///
    /// Returns the [`types::BotUsage`] of [`BotClient::get_bot_usage`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for a month outside 1..=12, before sending; otherwise those of
    /// [`BotClient::get_bot_usage`].
    pub async fn bot_usage(
        &self,
        year: i32,
        month: u32,
        channel: ChannelId,
    ) -> Result<types::BotUsage, Error> {
        if !(1..=12).contains(&month) {
            return Err(Error::InvalidRequest(format!(
                "month {month} is not 1..=12"
            )));
        }
        let month_date: types::GetBotUsageMonthDate =
            format!("{year:04}-{month:02}-01").parse().map_err(
                |error: types::error::ConversionError| Error::InvalidRequest(error.to_string()),
            )?;
        self.get_bot_usage(&month_date, &channel).await
    }

    /// One page of bot users (`page` from 1; `limit` 25 to 1000, the service's default when `None`).
    ///
    /// Returns the [`types::UsersPage`]; [`BotClient::users`] walks every page.
    ///
    /// # Errors
    ///
    /// Those of [`BotClient::list_users`].
    pub async fn users_page(
        &self,
        query: &UserQuery,
        page: NonZeroU64,
        limit: Option<i64>,
    ) -> Result<types::UsersPage, Error> {
        let input = ListUsersInput {
            limit,
            page: Some(page),
        };
        self.list_users(input, &query.body()).await
    }

    /// One page of a user's transcript, with the user's custom fields and tags.
    ///
    /// Returns the [`types::TranscriptsPage`]; [`BotClient::transcripts`] walks every page.
    ///
    /// # Errors
    ///
    /// Those of [`BotClient::list_transcripts`].
    pub async fn transcripts_page(
        &self,
        query: &TranscriptQuery,
        page: NonZeroU64,
        limit: Option<i64>,
    ) -> Result<types::TranscriptsPage, Error> {
        let input = ListTranscriptsInput {
            limit,
            page: Some(page),
        };
        self.list_transcripts(input, &query.body()).await
    }
}
