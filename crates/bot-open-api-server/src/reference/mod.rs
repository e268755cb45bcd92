//! An in-memory, stateful implementation of the Bot Open API, for tests, demos and the mock server.
//!
//! [`InMemoryBot`] implements the generated [`Api`] trait; serve it with [`crate::router`]:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use bot_open_api_server::reference::InMemoryBot;
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, bot_open_api_server::router(InMemoryBot::seeded())).await
//! # }
//! ```
//!
//! # The fixture
//!
//! Everything is seeded at construction, deterministically, relative to the moment of construction
//! ("now"), so that date windows and the transcripts' three-month rule behave as on the real service
//! whatever the day the tests run. Only the dates move with "now"; ids, names and message content
//! are the same on every run.
//!
//! - **Credentials**: appId `demo-app`, appSecret `demo-secret` ([`BotConfig::default`]); tokens live one
//!   hour unless [`BotConfig::token_lifetime`] says otherwise.
//! - **130 bot users**: 61 on WhatsApp (1014, `botUserId` an E.164 number `+91…`), 31 on webchat (1010, a
//!   UUID), 15 on Telegram (1016, a numeric chat id), 14 on Facebook (1017, a 16-digit page-scoped id) and
//!   9 on Instagram (1021, a 17-digit id). Each has a 24-hex `userId`, a `name`, a `channelName` and
//!   `createdDate`, `first interacted date` and `last interacted date` spread over the last 60 days. The
//!   listing is ordered by last interaction, newest first.
//! - **A transcript for every user**, whose first and last messages are the user's first and last
//!   interaction. Most users have one to three short text conversations. Three *showcase* users have
//!   scripted ones that together carry every documented message kind plus `whatsappFlow`, a kind newer
//!   than the docs, its content under a `whatsappFlow` key:
//!
//!   | botUserId | channel | name | kinds |
//!   |---|---|---|---|
//!   | `+919820012345` | 1014 | Priya Sharma | 38 messages: text (buttons, rating), template, list, dynamicList, dynamicReply, productMulti, productSingle, order, reply, location, whatsappFlow, formResponse, pdf, image, audio, contact |
//!   | `3f6c1a52-8d0e-4b7a-9c21-5e4d7f8a9b10` | 1010 | Rohan Mehta | 20 messages: text, card, xls, ppt, form, formResponse, attachment, doc, carousel, video, pdf |
//!   | `5310942877` | 1016 | Ananya Iyer | 9 messages: text, location, image, audio, video |
//!
//!   Messages come `from` `User`, `Bot` (once spelt `bot`, as the service's case varies) and `aiAgent`;
//!   a human agent's messages are `Bot` with `isFromAgent: true`.
//! - **Custom fields and tags** for every user; the showcase users have rich ones.
//!
//! # Behaviour
//!
//! - `login`: the configured credentials get 200 `{authToken, expireAt}`, anything else 400. Tokens are
//!   HS256 JWTs (the payload carrying `sub`, `jti`, `iat` and `exp`) signed with a random key drawn
//!   when the bot starts, with a random 128-bit `jti`: they cannot be guessed or forged.
//! - Every other call needs a live token issued here, raw in `Authorization`: a `Bearer` prefix or any
//!   other shape is 401 `jwt malformed`, an unknown token 401 `invalid token`, an expired one 401
//!   `jwt expired`.
//! - `getBotUsage` counts the messages of the month on the channel and the users who sent or got them.
//!   A `monthDate` that is not the first day of a real month (`2026-13-01`) breaks the spec's pattern
//!   and is refused by the router with 400.
//! - `listUsers` filters on the channels and on `createdDate` within `startDate..=endDate` (either end
//!   optional), then pages. `listTranscripts` returns one user's messages within the window, oldest
//!   first; the window defaults to the last three months and may not start earlier (a minute's grace
//!   covers the request's own travel time). An unknown `botUserId` is not an error: the real service
//!   does not say, and an empty transcript is what a client walking users should see for a user who
//!   never talked, so it is 200 with no messages and an empty profile.
//! - Paging: `page` from 1 (default 1), `limit` 25 to 1000 (default 50); a page past the end is empty
//!   with the right totals. Dates are read as ISO-8601 (with or without a zone, or a bare date);
//!   anything else is 400.
//! - Shared state is one token table behind a `std` mutex and the fixture behind a `std` read-write
//!   lock, neither held across an `.await`; a poisoned lock is recovered, not propagated. No input
//!   makes a handler panic.
//!
//! # State
//!
//! [`InMemoryBot::state`] reads the users and transcripts as data ([`BotState`]),
//! [`InMemoryBot::replace_state`] replaces them, and [`InMemoryBot::reset`] goes back to the seed.

mod dates;
mod errors;
mod fixture;
mod messages;
mod paging;
mod showcase;
pub mod state;
mod tokens;
mod transcripts;
mod usage;
mod users;

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use server_support::{Access, Rejection};

use crate::types;
use crate::{
    Api, GetBotUsageRequest, GetBotUsageResponse, ListTranscriptsRequest, ListTranscriptsResponse,
    ListUsersRequest, ListUsersResponse, LoginRequest, LoginResponse,
};
use fixture::Fixture;
use paging::Paging;
use tokens::Tokens;

pub use state::{BotState, BotStateUser, StateError};

/// The app id [`BotConfig::default`] accepts.
pub const DEFAULT_APP_ID: &str = "demo-app";
/// The app secret [`BotConfig::default`] accepts.
pub const DEFAULT_APP_SECRET: &str = "demo-secret";
/// How long a token lives unless configured otherwise.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// The bot's credentials and token lifetime.
#[derive(Clone)]
pub struct BotConfig {
    /// The `appId` `/login` accepts.
    pub app_id: String,
    /// The `appSecret` `/login` accepts.
    pub app_secret: String,
    /// How long an issued token is accepted; zero issues tokens that are already expired.
    pub token_lifetime: Duration,
}

impl Default for BotConfig {
    fn default() -> Self {
        Self {
            app_id: DEFAULT_APP_ID.to_owned(),
            app_secret: DEFAULT_APP_SECRET.to_owned(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
        }
    }
}

impl fmt::Debug for BotConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotConfig")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("token_lifetime", &self.token_lifetime)
            .finish()
    }
}

/// The in-memory Bot Open API. Clones share their state, so a test can keep a handle on the instance
/// it serves (to [revoke](Self::revoke_tokens) tokens, say).
#[derive(Clone)]
pub struct InMemoryBot {
    shared: Arc<Shared>,
}

struct Shared {
    config: BotConfig,
    /// `config.token_lifetime` as chrono counts it (saturated: a lifetime past chrono's range is forever).
    token_lifetime: TimeDelta,
    /// Replaced whole, never changed in place: a handler takes the `Arc` (the lock is held only for
    /// that) and reads a consistent fixture however long it works.
    fixture: RwLock<Arc<Fixture>>,
    tokens: Tokens,
}

impl InMemoryBot {
    /// A bot with `config`'s credentials, seeded with the fixture described in the module docs.
    pub fn new(config: BotConfig) -> Self {
        let token_lifetime = TimeDelta::from_std(config.token_lifetime).unwrap_or(TimeDelta::MAX);
        Self {
            shared: Arc::new(Shared {
                token_lifetime,
                fixture: RwLock::new(Arc::new(Fixture::seed(Utc::now()))),
                tokens: Tokens::default(),
                config,
            }),
        }
    }

    /// A bot with the default credentials (`demo-app` / `demo-secret`) and token lifetime.
    pub fn seeded() -> Self {
        Self::new(BotConfig::default())
    }

    /// Refuses every token issued so far, as the service does when it rotates its signing key: the
    /// next call with one is 401 and the client must log in again.
    pub fn revoke_tokens(&self) {
        self.shared.tokens.revoke_all();
    }

    /// The users and transcripts as they are now.
    pub fn state(&self) -> BotState {
        BotState::from(&*self.fixture())
    }

    /// Replaces every user and transcript with `state`'s (issued tokens stay valid). A refused state
    /// (a date that does not parse) changes nothing.
    pub fn replace_state(&self, state: BotState) -> Result<(), StateError> {
        let fixture = Fixture::try_from(state)?;
        *self
            .shared
            .fixture
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(fixture);
        Ok(())
    }

    /// Back to the seeded fixture, dated from now, and forgets every token issued.
    pub fn reset(&self) {
        let fixture = Arc::new(Fixture::seed(Utc::now()));
        *self
            .shared
            .fixture
            .write()
            .unwrap_or_else(PoisonError::into_inner) = fixture;
        self.shared.tokens.revoke_all();
    }

    /// The fixture now; a lock poisoned by a panicking thread is taken over (it only ever holds a
    /// whole fixture).
    fn fixture(&self) -> Arc<Fixture> {
        Arc::clone(
            &self
                .shared
                .fixture
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

impl fmt::Debug for InMemoryBot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryBot")
            .field("config", &self.shared.config)
            .field("users", &self.fixture().users.len())
            .finish_non_exhaustive()
    }
}

impl Api for InMemoryBot {
    /// Every operation that takes a token gets it checked here, before its own checks: a token this
    /// bot issued and that has not expired. An operation without one (`login`) is open.
    async fn authorize(&self, access: Access) -> Result<(), Rejection> {
        let Some(token) = access.credential.as_deref() else {
            return Ok(());
        };
        self.shared
            .tokens
            .check(token, Utc::now())
            .map_err(|reason| Rejection::MissingCredential(reason.to_owned()))
    }

    async fn get_bot_usage(&self, request: GetBotUsageRequest) -> GetBotUsageResponse {
        match usage::count(&self.fixture(), &request.month_date, &request.channel_id) {
            Ok(usage) => GetBotUsageResponse::Ok(usage),
            Err(message) => GetBotUsageResponse::BadRequest(errors::bad_request(message)),
        }
    }

    async fn login(&self, request: LoginRequest) -> LoginResponse {
        let config = &self.shared.config;
        let body = request.body;
        if *body.app_id != config.app_id || *body.app_secret != config.app_secret {
            return LoginResponse::BadRequest(errors::bad_request("invalid appId or appSecret"));
        }
        let issued =
            self.shared
                .tokens
                .issue(&config.app_id, self.shared.token_lifetime, Utc::now());
        LoginResponse::Ok(types::LoginResponse {
            auth_token: issued.token,
            expire_at: Some(dates::format(issued.expires_at)),
            expires_at: None,
        })
    }

    async fn list_transcripts(&self, request: ListTranscriptsRequest) -> ListTranscriptsResponse {
        let answer = Paging::new(
            Some(i64::try_from(request.page.get()).unwrap_or(i64::MAX)),
            Some(request.limit),
        )
        .and_then(|paging| transcripts::list(&self.fixture(), &request.body, paging, Utc::now()));
        match answer {
            Ok(page) => ListTranscriptsResponse::Ok(page),
            Err(message) => ListTranscriptsResponse::BadRequest(errors::bad_request(message)),
        }
    }

    async fn list_users(&self, request: ListUsersRequest) -> ListUsersResponse {
        let answer = Paging::new(
            Some(i64::try_from(request.page.get()).unwrap_or(i64::MAX)),
            Some(request.limit),
        )
        .and_then(|paging| users::list(&self.fixture(), &request.body, paging));
        match answer {
            Ok(page) => ListUsersResponse::Ok(page),
            Err(message) => ListUsersResponse::BadRequest(errors::bad_request(message)),
        }
    }
}

#[cfg(test)]
mod tests;
