//! Reading and writing the API's dates: ISO-8601 strings in UTC (`2026-10-05T09:14:22.512Z`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// Shapes read as a UTC time when the text carries no zone.
const ZONELESS: [&str; 3] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
];

/// `at` as the service writes dates: milliseconds, `Z`.
pub(super) fn format(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The request field `field` read as a time. The service takes any ISO-8601 shape, so a value with an
/// offset, without a zone (read as UTC) or a bare date (midnight UTC) is accepted; anything else is
/// the 400 message.
pub(super) fn parse(field: &str, text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let zoned = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|at| at.with_timezone(&Utc));
    let zoneless = || {
        ZONELESS
            .iter()
            .find_map(|shape| NaiveDateTime::parse_from_str(text, shape).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .and_then(|date| date.and_hms_opt(0, 0, 0))
            })
            .map(|at| at.and_utc())
    };
    zoned
        .ok()
        .or_else(zoneless)
        .ok_or_else(|| format!("{field} must be a valid ISO 8601 date string, not `{text}`"))
}

/// A time window with optional ends, both included.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Window {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

impl Window {
    /// The window of a request's `startDate` and `endDate`; an end before the start is refused rather
    /// than answered with nothing, since it is always a caller's mistake.
    pub fn parse(start: Option<&str>, end: Option<&str>) -> Result<Self, String> {
        let window = Self {
            start: start.map(|text| parse("startDate", text)).transpose()?,
            end: end.map(|text| parse("endDate", text)).transpose()?,
        };
        match (window.start, window.end) {
            (Some(start), Some(end)) if end < start => {
                Err("endDate must not be before startDate".to_owned())
            }
            _ => Ok(window),
        }
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start.is_none_or(|start| start <= at) && self.end.is_none_or(|end| at <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn reads_every_iso_shape_as_utc() {
        let expected = utc("2026-10-05T09:14:22.512Z");
        for text in [
            "2026-10-05T09:14:22.512Z",
            "2026-10-05T14:44:22.512+05:30",
            "2026-10-05T14:44:22.512+0530",
            "2026-10-05T09:14:22.512",
            " 2026-10-05T09:14:22.512Z ",
        ] {
            assert_eq!(parse("startDate", text), Ok(expected), "{text}");
        }
        assert_eq!(parse("d", "2026-10-05"), Ok(utc("2026-10-05T00:00:00Z")));
        assert_eq!(
            parse("d", "2026-10-05T09:14"),
            Ok(utc("2026-10-05T09:14:00Z"))
        );
    }

    #[test]
    fn names_the_field_it_cannot_read() {
        for text in [
            "yesterday",
            "",
            "2026-13-01",
            "2026-10-05T25:00:00Z",
            "1791191403",
        ] {
            let error = parse("endDate", text).unwrap_err();
            assert!(
                error.starts_with("endDate must be a valid ISO 8601"),
                "{error}"
            );
        }
    }

    #[test]
    fn writes_milliseconds_and_z() {
        assert_eq!(
            format(utc("2026-10-05T09:14:22.512345Z")),
            "2026-10-05T09:14:22.512Z"
        );
    }

    #[test]
    fn a_window_includes_both_ends() {
        let window = Window::parse(Some("2026-10-01"), Some("2026-10-02")).unwrap();
        assert!(window.contains(utc("2026-10-01T00:00:00Z")));
        assert!(window.contains(utc("2026-10-02T00:00:00Z")));
        assert!(!window.contains(utc("2026-10-02T00:00:00.001Z")));
        assert!(Window::default().contains(utc("1970-01-01T00:00:00Z")));
        assert_eq!(
            Window::parse(Some("2026-10-02"), Some("2026-10-01")).unwrap_err(),
            "endDate must not be before startDate"
        );
    }
}
