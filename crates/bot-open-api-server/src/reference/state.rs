//! The bot's users and transcripts as data: what [`InMemoryBot::state`](super::InMemoryBot::state)
//! hands out and [`InMemoryBot::replace_state`](super::InMemoryBot::replace_state) takes, so a test
//! can read the whole fixture or start from one of its own.
//!
//! The format is the API's own: each user as `listUsers` lists it, its profile and its messages as
//! `listTranscripts` answers them, so a fixture can be written from recorded answers. Issued tokens
//! are not part of it: they are the callers' sessions, not the bot's data.

use bot_open_api_client::wire::ChannelId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dates;
use super::fixture::{Fixture, SeededUser};
use super::messages::SeededMessage;
use crate::types::{BotUser, BotUserProfile, TranscriptMessage};

/// Every user the bot knows, with their transcripts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotState {
    pub users: Vec<BotStateUser>,
}

/// One bot user. `user.createdDate` and every message's `createdAt` must be ISO-8601 dates: the
/// listing filters on the first, transcripts and usage on the others.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BotStateUser {
    /// The channel's numeric code (1014 WhatsApp, 1010 webchat, ...).
    #[schemars(with = "i64")]
    pub channel_id: ChannelId,
    /// The user as `listUsers` lists it.
    #[schemars(with = "Map<String, Value>")]
    pub user: BotUser,
    /// The custom fields and tags `listTranscripts` answers with.
    #[schemars(with = "Map<String, Value>")]
    pub profile: BotUserProfile,
    /// The transcript, oldest first, as `listTranscripts` answers it.
    #[schemars(with = "Vec<Map<String, Value>>")]
    pub messages: Vec<TranscriptMessage>,
}

/// A state [`InMemoryBot::replace_state`](super::InMemoryBot::replace_state) refuses, and where in
/// it (a JSON path such as `users[3].messages[0].createdAt`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct StateError {
    /// Where the problem is, as a JSON path into the state's serialized form.
    pub path: String,
    /// What is wrong there.
    pub reason: String,
}

impl From<&Fixture> for BotState {
    fn from(fixture: &Fixture) -> Self {
        let users = fixture
            .users
            .iter()
            .map(|seeded| BotStateUser {
                channel_id: seeded.channel.clone(),
                user: seeded.listing.clone(),
                profile: seeded.profile.clone(),
                messages: seeded
                    .messages
                    .iter()
                    .map(|message| message.message.clone())
                    .collect(),
            })
            .collect();
        Self { users }
    }
}

impl TryFrom<BotState> for Fixture {
    type Error = StateError;

    fn try_from(state: BotState) -> Result<Self, StateError> {
        let mut users = Vec::with_capacity(state.users.len());
        for (index, user) in state.users.into_iter().enumerate() {
            let at = |path: String, text: Option<&str>| {
                dates::parse("date", text.unwrap_or_default()).map_err(|_| StateError {
                    path,
                    reason: "must be an ISO-8601 date".to_owned(),
                })
            };
            let created = at(
                format!("users[{index}].user.createdDate"),
                user.user.created_date.as_deref(),
            )?;
            let messages = user
                .messages
                .into_iter()
                .enumerate()
                .map(|(position, message)| {
                    let path = format!("users[{index}].messages[{position}].createdAt");
                    Ok(SeededMessage {
                        at: at(path, message.created_at.as_deref())?,
                        message,
                    })
                })
                .collect::<Result<_, StateError>>()?;
            users.push(SeededUser {
                channel: user.channel_id,
                created,
                listing: user.user,
                profile: user.profile,
                messages,
            });
        }
        Ok(Fixture::from_users(users))
    }
}
