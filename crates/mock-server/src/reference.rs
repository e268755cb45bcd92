//! The hand-written implementations the mock serves for the APIs whose row in `apis.toml` names a
//! `reference`: one function per name, building the API's router and its state from the mock's
//! [`Config`]. APIs without one are served from their spec's examples (see `generated.rs`).

use std::sync::Arc;

use anyhow::Result;
use bot_open_api_server::reference::{BotConfig, BotState, InMemoryBot};
use serde_json::Value;
use xerochat_server::reference::{InMemoryXeroChat, Store};

use crate::state::{read_fixture, ApiState, FixtureError, Handler, Served};
use crate::Config;

/// XeroChat, seeded with an admin and a member user holding the configured keys.
pub fn xerochat(config: &Config) -> Result<Served> {
    let api = InMemoryXeroChat::with_keys(
        &config.credentials.xerochat_admin_key,
        &config.credentials.xerochat_member_key,
    )?;
    Ok(Served {
        handler: Handler::new({
            let api = api.clone();
            move |request| {
                let api = api.clone();
                async move { xerochat_server::handle(&api, request).await }
            }
        }),
        state: Some(Arc::new(XeroChatState(api))),
    })
}

/// The Bot Open API, accepting the configured app credentials at login and issuing tokens of the
/// configured lifetime.
pub fn bot(config: &Config) -> Result<Served> {
    let api = InMemoryBot::new(BotConfig {
        app_id: config.credentials.bot_app_id.clone(),
        app_secret: config.credentials.bot_app_secret.clone(),
        token_lifetime: config.token_lifetime,
    });
    Ok(Served {
        handler: Handler::new({
            let api = api.clone();
            move |request| {
                let api = api.clone();
                async move { bot_open_api_server::handle(&api, request).await }
            }
        }),
        state: Some(Arc::new(BotApiState(api))),
    })
}

/// XeroChat's state: its [`Store`].
struct XeroChatState(InMemoryXeroChat);

impl ApiState for XeroChatState {
    fn reset(&self) {
        self.0.reset();
    }

    fn fixture(&self) -> Value {
        serde_json::to_value(self.0.store()).unwrap_or_default()
    }

    fn replace(&self, fixture: Value) -> Result<(), FixtureError> {
        let store: Store = read_fixture(fixture)?;
        self.0.replace_store(store).map_err(|error| FixtureError {
            path: error.path,
            reason: error.reason,
        })
    }

    fn schema(&self) -> Value {
        serde_json::to_value(schemars::schema_for!(Store)).unwrap_or_default()
    }
}

/// The Bot Open API's state: its [`BotState`].
struct BotApiState(InMemoryBot);

impl ApiState for BotApiState {
    fn reset(&self) {
        self.0.reset();
    }

    fn fixture(&self) -> Value {
        serde_json::to_value(self.0.state()).unwrap_or_default()
    }

    fn replace(&self, fixture: Value) -> Result<(), FixtureError> {
        let state: BotState = read_fixture(fixture)?;
        self.0.replace_state(state).map_err(|error| FixtureError {
            path: error.path,
            reason: error.reason,
        })
    }

    fn schema(&self) -> Value {
        serde_json::to_value(schemars::schema_for!(BotState)).unwrap_or_default()
    }
}
