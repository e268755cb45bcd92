//! `GET /botUsage`: a month's messages and users on one channel, counted from the transcripts.

use bot_open_api_client::wire::ChannelId;
use chrono::{Datelike, Months, NaiveDate};

use super::fixture::Fixture;
use crate::types::BotUsage;

/// The counts of the month starting on `month_date` (`YYYY-MM-01`) on `channel`: the messages sent in
/// it, and the users who sent or received at least one of them. A `monthDate` that is no first day of
/// a month is the error message: the router's pattern admits only real first days, so only a caller
/// that bypasses the router meets it.
pub(super) fn count(
    fixture: &Fixture,
    month_date: &str,
    channel: &ChannelId,
) -> Result<BotUsage, String> {
    let first_day = NaiveDate::parse_from_str(month_date, "%Y-%m-%d")
        .ok()
        .filter(|date| date.day() == 1);
    let month = first_day.and_then(|first| {
        let next = first.checked_add_months(Months::new(1))?;
        Some((
            first.and_hms_opt(0, 0, 0)?.and_utc(),
            next.and_hms_opt(0, 0, 0)?.and_utc(),
        ))
    });
    let Some((start, end)) = month else {
        return Err(format!(
            "monthDate must be the first day of a month (YYYY-MM-01), not `{month_date}`"
        ));
    };
    let mut usage = BotUsage {
        total_messages: 0,
        total_users: 0,
    };
    for user in fixture.users.iter().filter(|user| user.channel == *channel) {
        let sent = user
            .messages
            .iter()
            .filter(|seeded| start <= seeded.at && seeded.at < end)
            .count() as u64;
        usage.total_messages += sent;
        usage.total_users += u64::from(sent > 0);
    }
    Ok(usage)
}
