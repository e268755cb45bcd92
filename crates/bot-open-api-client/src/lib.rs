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
//! use futures::TryStreamExt;
//!
//! # async fn demo() -> Result<(), bot_open_api_client::Error> {
//! let bot = BotClient::new(
//!     "https://open-api.conversationalcommerce.netcorecloud.com",
//!     "my-app-id",
//!     "my-app-secret",
//! );
//!
//! let usage = bot.bot_usage(2026, 10, ChannelId::Whatsapp).await?;
//! println!("{} messages from {} users", usage.total_messages, usage.total_users);
//!
//! let query = UserQuery::new([ChannelId::Whatsapp])
//!     .between("2026-10-01T00:00:00.000Z", "2026-10-08T00:00:00.000Z");
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
//! The generated client stays reachable through [`BotClient::generated`] and the [`types`] module.

mod auth;
mod error;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
#[rustfmt::skip]
mod generated;
#[allow(clippy::too_many_arguments)]
#[rustfmt::skip]
mod operations;
mod paging;
pub mod wire;

use std::future::Future;
use std::num::NonZeroU64;
use std::time::Duration;

use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;

pub use auth::{Session, DEFAULT_REFRESH_MARGIN};
pub use error::Error;
pub use generated::{types, Client as GeneratedClient};
pub use operations::*;
pub use paging::{TranscriptQuery, UserQuery};
pub use wire::{ChannelId, MessageKind};

/// A client bound to one app's credentials.
#[derive(Clone, Debug)]
pub struct BotClient {
    inner: GeneratedClient,
}

/// Options for a [`BotClient`].
pub struct BotClientBuilder {
    base_url: String,
    app_id: String,
    app_secret: String,
    http: Option<reqwest::Client>,
    refresh_margin: Duration,
}

impl std::fmt::Debug for BotClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotClientBuilder")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl BotClientBuilder {
    /// Sends requests through `http` (timeouts, proxies, connection pools).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long before its expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`]).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    pub fn build(self) -> BotClient {
        let session = Session::new(self.app_id, self.app_secret, self.refresh_margin);
        let inner = match self.http {
            Some(http) => GeneratedClient::new_with_client(&self.base_url, http, session),
            None => GeneratedClient::new(&self.base_url, session),
        };
        BotClient { inner }
    }
}

impl BotClient {
    /// A client for the API at `base_url` with default options.
    pub fn new(base_url: &str, app_id: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self::builder(base_url, app_id, app_secret).build()
    }

    /// A client with options.
    pub fn builder(
        base_url: &str,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> BotClientBuilder {
        BotClientBuilder {
            base_url: base_url.to_owned(),
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            http: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// The generated client; its calls go through the same login and token handling.
    pub fn generated(&self) -> &GeneratedClient {
        &self.inner
    }

    /// The login state shared by this client and its clones.
    pub fn session(&self) -> &Session {
        &self.inner.inner
    }

    /// Logs in now, replacing the current token: to check the credentials at startup rather than on
    /// the first call. Other calls log in by themselves when they need to.
    pub async fn login(&self) -> Result<(), Error> {
        self.session().renew(&self.inner).await
    }

    /// Awaits a generated call and maps its error; every generated method ends here (login and token
    /// renewal happen in the generated client's hooks).
    async fn send<R: DeserializeOwned>(
        &self,
        operation: &'static str,
        call: impl Future<
            Output = Result<ResponseValue<R>, progenitor_client::Error<types::ErrorResponse>>,
        >,
    ) -> Result<R, Error> {
        match call.await {
            Ok(response) => Ok(response.into_inner()),
            Err(error) => {
                let error = Error::from_generated::<R>(operation, error);
                tracing::debug!(operation, %error, "call failed");
                Err(error)
            }
        }
    }

    /// Message and user counts of one channel in one month.
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
