//! Queries for the paged operations, and streams that walk every page.

use std::num::NonZeroU64;

use futures::stream::{self, Stream, TryStreamExt};

use crate::{types, BotClient, ChannelId, Error};

/// Which bot users to list: the channels (at least one) and an optional window of creation dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    channels: Vec<ChannelId>,
    start: Option<String>,
    end: Option<String>,
    limit: Option<i64>,
}

impl UserQuery {
    pub fn new(channels: impl IntoIterator<Item = ChannelId>) -> Self {
        Self {
            channels: channels.into_iter().collect(),
            start: None,
            end: None,
            limit: None,
        }
    }

    /// Only users in this window (ISO-8601 UTC strings, e.g. `2026-10-01T00:00:00.000Z`).
    pub fn between(mut self, start: impl Into<String>, end: impl Into<String>) -> Self {
        self.start = Some(start.into());
        self.end = Some(end.into());
        self
    }

    /// Page size for [`BotClient::users`] (25 to 1000).
    pub fn page_size(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }

    pub(crate) fn body(&self) -> types::UsersRequest {
        types::UsersRequest {
            channel_ids: self.channels.clone(),
            start_date: self.start.clone(),
            end_date: self.end.clone(),
        }
    }
}

/// Whose transcript to read, on which channel, optionally within a window (at most three months back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptQuery {
    bot_user_id: String,
    channel: ChannelId,
    start: Option<String>,
    end: Option<String>,
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

    /// Only messages in this window (ISO-8601 UTC strings).
    pub fn between(mut self, start: impl Into<String>, end: impl Into<String>) -> Self {
        self.start = Some(start.into());
        self.end = Some(end.into());
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
            start_date: self.start.clone(),
            end_date: self.end.clone(),
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
    /// Every user matching `query`, page after page.
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

    /// Every transcript message matching `query`, oldest page first.
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
