//! `POST /transcripts`: one user's messages in a window of at most three months, page by page.

use chrono::{DateTime, Months, TimeDelta, Utc};

use super::dates::Window;
use super::fixture::Fixture;
use super::paging::Paging;
use crate::types::{BotUserProfile, PaginationDetails, TranscriptsPage, TranscriptsRequest};

/// How far back a window may start.
const HISTORY: Months = Months::new(3);

/// Slack on [`HISTORY`], so that a client asking for exactly three months back is not refused for
/// the time its request took to arrive.
const GRACE: TimeDelta = TimeDelta::minutes(1);

/// The page `paging` of the messages `request` asks for, at `now`, or the 400 message.
///
/// A user the bot does not know gets an empty transcript and profile rather than an error: the
/// service documents no "not found", and for a client "no messages" is the truthful answer.
pub(super) fn list(
    fixture: &Fixture,
    request: &TranscriptsRequest,
    paging: Paging,
    now: DateTime<Utc>,
) -> Result<TranscriptsPage, String> {
    let requested = Window::parse(request.start_date.as_deref(), request.end_date.as_deref())?;
    let earliest = now.checked_sub_months(HISTORY).unwrap_or(now);
    if let Some(start) = requested.start {
        if start < earliest.checked_sub_signed(GRACE).unwrap_or(earliest) {
            return Err("startDate must not be older than 3 months from current date".to_owned());
        }
    }
    let window = Window {
        start: Some(requested.start.unwrap_or(earliest)),
        end: Some(requested.end.unwrap_or(now)),
    };
    let user = fixture.user(&request.bot_user_id, &request.channel_id);
    let messages = user
        .map(|user| {
            user.messages
                .iter()
                .filter(|seeded| window.contains(seeded.at))
                .map(|seeded| seeded.message.clone())
                .collect()
        })
        .unwrap_or_default();
    let page = paging.apply(messages);
    Ok(TranscriptsPage {
        bot_user: Some(user.map_or_else(BotUserProfile::default, |user| user.profile.clone())),
        pagination_details: PaginationDetails {
            limit: page.limit,
            page: page.page,
            pages: page.pages,
            total: page.total,
        },
        transcripts: page.items,
    })
}
