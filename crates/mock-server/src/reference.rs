//! The hand-written implementations the mock serves for the APIs whose row in `apis.toml` names a
//! `reference`: one function per name, building the API's router from the fixture credentials. APIs
//! without one are served from their spec's examples (see `generated.rs`).

use anyhow::Result;
use axum::Router;
use bot_open_api_server::reference::{BotConfig, InMemoryBot};
use xerochat_server::reference::InMemoryXeroChat;

use crate::Credentials;

/// XeroChat, seeded with an admin and a member user holding the given keys.
pub fn xerochat(credentials: &Credentials) -> Result<Router> {
    let api = InMemoryXeroChat::with_keys(
        &credentials.xerochat_admin_key,
        &credentials.xerochat_member_key,
    )?;
    Ok(xerochat_server::router(api))
}

/// The Bot Open API, accepting the given app credentials at login.
pub fn bot(credentials: &Credentials) -> Result<Router> {
    let api = InMemoryBot::new(BotConfig {
        app_id: credentials.bot_app_id.clone(),
        app_secret: credentials.bot_app_secret.clone(),
        ..BotConfig::default()
    });
    Ok(bot_open_api_server::router(api))
}
