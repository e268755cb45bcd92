//! Queries for the paged operations, and streams that walk every page.

use std::num::NonZeroU64;

use chrono::{DateTime, SecondsFormat, Utc};
use futures::stream::{self, Stream, TryStreamExt};

use crate::{types, BotClient, ChannelId, Error};

/// A window whose end is before its start; the service would refuse it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the window ends ({end}) before it starts ({start})")]
pub struct InvalidWindow {
    /// The start given.
    pub start: DateTime<Utc>,
    /// The end given.
    pub end: DateTime<Utc>,
}

/// A window's bounds as the queries keep them.
type Bounds = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// `[start, end]`, checked.
fn window(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Bounds, InvalidWindow> {
    if end < start {
        return Err(InvalidWindow { start, end });
    }
    Ok((Some(start), Some(end)))
}

/// A date as the service reads it: ISO-8601 in UTC with milliseconds (`2026-10-01T00:00:00.000Z`).
fn wire(date: Option<DateTime<Utc>>) -> Option<String> {
    date.map(|date| date.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Which bot users to list: the channels (at least one) and an optional window of creation dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    channels: Vec<ChannelId>,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    limit: Option<i64>,
}

impl UserQuery {
    /// Users of these channels (the service needs at least one), with no window.
    pub fn new(channels: impl IntoIterator<Item = ChannelId>) -> Self {
        Self {
            channels: channels.into_iter().collect(),
            start: None,
            end: None,
            limit: None,
        }
    }

    /// Only users in this window.
    ///
    /// # Errors
    ///
    /// [`InvalidWindow`] when `end` is before `start`.
    pub fn between(
        mut self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, InvalidWindow> {
        (self.start, self.end) = window(start, end)?;
        Ok(self)
    }

    /// Page size for [`BotClient::users`] (25 to 1000).
    pub fn page_size(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    pub(crate) fn body(&self) -> types::UsersRequest {
        types::UsersRequest {
            channel_ids: self.channels.clone(),
            start_date: wire(self.start),
            end_date: wire(self.end),
        }
    }
}

/// Whose transcript to read, on which channel, optionally within a window (at most three months back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptQuery {
    bot_user_id: String,
    channel: ChannelId,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    limit: Option<i64>,
}

impl TranscriptQuery {
    /// `bot_user_id` is the channel's user id: the phone number on WhatsApp.
    pub fn new(bot_user_id: impl Into<String>, channel: ChannelId) -> Self {
        Self {
            bot_user_id: bot_user_id.into(),
            channel,
            start: None,
            end: None,
            limit: None,
        }
    }

    /// Only messages in this window (the service refuses a start more than three months back).
    ///
    /// # Errors
    ///
    /// [`InvalidWindow`] when `end` is before `start`.
    pub fn between(
        mut self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, InvalidWindow> {
        (self.start, self.end) = window(start, end)?;
        Ok(self)
    }

    /// Only messages from `start` on (the window ends now).
    pub fn since(mut self, start: DateTime<Utc>) -> Self {
        self.start = Some(start);
        self.end = None;
        self
    }

    /// Page size for [`BotClient::transcripts`] (25 to 1000).
    pub fn page_size(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    pub(crate) fn body(&self) -> types::TranscriptsRequest {
        types::TranscriptsRequest {
            bot_user_id: self.bot_user_id.clone(),
            channel_id: self.channel.clone(),
            start_date: wire(self.start),
            end_date: wire(self.end),
        }
    }
}

impl types::UsersPage {
    /// Whether a later page exists: `hasNextPage` when sent (as a boolean or 0/1), else `page < pages`.
    pub fn has_next(&self) -> bool {
        match &self.has_next_page {
            Some(types::HasNextPage::Boolean(next)) => *next,
            Some(types::HasNextPage::Integer(next)) => *next != 0,
            None => self.page < self.pages,
        }
    }
}

/// Walks pages from 1 while `fetch` says there is a next one, yielding each page's items in order.
fn walk<'a, I, F, Fut>(fetch: F) -> impl Stream<Item = Result<I, Error>> + 'a
where
    F: Fn(NonZeroU64) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<(Vec<I>, bool), Error>> + 'a,
    I: 'a,
{
    stream::try_unfold((Some(NonZeroU64::MIN), fetch), |(page, fetch)| async move {
        let Some(current) = page else { return Ok(None) };
        let (items, more) = fetch(current).await?;
        let next = if more && !items.is_empty() {
            current.checked_add(1)
        } else {
            None
        };
        Ok(Some((
            stream::iter(items.into_iter().map(Ok)),
            (next, fetch),
        )))
    })
    .try_flatten()
}

impl BotClient {
    /// Every user matching `query`, page after page (a stream: pages are fetched as it is read).
    ///
    /// # Errors
    ///
    /// The stream yields the first error of [`BotClient::list_users`] and ends.
    pub fn users(
        &self,
        query: UserQuery,
    ) -> impl Stream<Item = Result<types::BotUser, Error>> + '_ {
        walk(move |page| {
            let query = query.clone();
            async move {
                let result = self.users_page(&query, page, query.limit).await?;
                let more = result.has_next();
                Ok((result.users, more))
            }
        })
    }

    /// Every transcript message matching `query`, oldest page first (a stream: pages are fetched as it
    /// is read).
    ///
    /// # Errors
    ///
    /// The stream yields the first error of [`BotClient::list_transcripts`] and ends.
    pub fn transcripts(
        &self,
        query: TranscriptQuery,
    ) -> impl Stream<Item = Result<types::TranscriptMessage, Error>> + '_ {
        walk(move |page| {
            let query = query.clone();
            async move {
                let result = self.transcripts_page(&query, page, query.limit).await?;
                let details = &result.pagination_details;
                let more = details.page < details.pages;
                Ok((result.transcripts, more))
            }
        })
    }
}
