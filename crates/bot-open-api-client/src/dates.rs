//! The answers' dates as `chrono` values.
//!
//! The service writes dates as ISO-8601 strings in UTC (`2026-10-06T09:10:03.000Z`). The wire types
//! keep the strings as sent (a date the service garbles must not fail a whole page); these accessors
//! read them leniently: with or without milliseconds or zone (a zone-less time is UTC), or a plain
//! date (midnight UTC). `None` when the service sent none or nothing readable.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::types::{BotUser, TranscriptMessage};

/// A date of an answer, read leniently.
pub(crate) fn read(text: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text?.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    if let Ok(time) = text.parse::<NaiveDateTime>() {
        return Some(time.and_utc());
    }
    if let Ok(time) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f") {
        return Some(time.and_utc());
    }
    text.parse::<NaiveDate>()
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc())
}

impl BotUser {
    /// When the user was created (`createdDate`).
    pub fn created(&self) -> Option<DateTime<Utc>> {
        read(self.created_date.as_deref())
    }

    /// When the user first interacted (`first interacted date`).
    pub fn first_interacted(&self) -> Option<DateTime<Utc>> {
        read(self.first_interacted_date.as_deref())
    }

    /// When the user last interacted (`last interacted date`).
    pub fn last_interacted(&self) -> Option<DateTime<Utc>> {
        read(self.last_interacted_date.as_deref())
    }
}

impl TranscriptMessage {
    /// When the message was sent (`createdAt`).
    pub fn created(&self) -> Option<DateTime<Utc>> {
        read(self.created_at.as_deref())
    }

    /// When the message was last updated (`updatedAt`).
    pub fn updated(&self) -> Option<DateTime<Utc>> {
        read(self.updated_at.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn reads_the_forms_seen_and_none_for_the_rest() {
        let expected = Utc.with_ymd_and_hms(2026, 10, 6, 9, 10, 3).unwrap();
        for text in [
            "2026-10-06T09:10:03.000Z",
            "2026-10-06T09:10:03Z",
            "2026-10-06T11:10:03+02:00",
            "2026-10-06T09:10:03",
            "2026-10-06 09:10:03",
        ] {
            assert_eq!(read(Some(text)), Some(expected), "{text}");
        }
        assert_eq!(
            read(Some("2026-10-06")),
            Some(Utc.with_ymd_and_hms(2026, 10, 6, 0, 0, 0).unwrap())
        );
        assert_eq!(read(Some("yesterday")), None);
        assert_eq!(read(None), None);
    }
}
