//! Hand-written wire types that stand in for spec schemas the generated default would get wrong.
//!
//! The service stores "never" as `0000-00-00 00:00:00` (and `0000-00-00` for dates) and sends times
//! without a zone; chrono's types reject both and would fail a whole response over one unset field.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const UNSET_DATE_TIME: &str = "0000-00-00 00:00:00";
const UNSET_DATE: &str = "0000-00-00";
const DATE_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
const DATE_FORMAT: &str = "%Y-%m-%d";

/// A `YYYY-MM-DD HH:MM:SS` time in the service's own (unstated) zone; `None` when unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct LegacyDateTime(pub Option<NaiveDateTime>);

/// A `YYYY-MM-DD` date; `None` when unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct LegacyDate(pub Option<NaiveDate>);

/// A wire value that is neither a valid time nor the service's "unset" marker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a `{expected}` time nor the unset marker `{unset}`")]
pub struct InvalidLegacyTime {
    value: String,
    expected: &'static str,
    unset: &'static str,
}

impl LegacyDateTime {
    /// The time, or `None` when the service says "never".
    pub fn get(self) -> Option<NaiveDateTime> {
        self.0
    }
}

impl LegacyDate {
    /// The date, or `None` when the service says "never".
    pub fn get(self) -> Option<NaiveDate> {
        self.0
    }
}

impl From<NaiveDateTime> for LegacyDateTime {
    fn from(value: NaiveDateTime) -> Self {
        Self(Some(value))
    }
}

impl From<NaiveDate> for LegacyDate {
    fn from(value: NaiveDate) -> Self {
        Self(Some(value))
    }
}

/// Parses `text` as `format`, where an empty string or the `unset` marker mean "no value".
fn parse_legacy<T>(
    text: &str,
    unset: &'static str,
    format: &'static str,
    parse: impl Fn(&str, &str) -> chrono::ParseResult<T>,
) -> Result<Option<T>, InvalidLegacyTime> {
    if text.is_empty() || text == unset {
        return Ok(None);
    }
    parse(text, format)
        .map(Some)
        .map_err(|_| InvalidLegacyTime {
            value: text.to_owned(),
            expected: format,
            unset,
        })
}

impl FromStr for LegacyDateTime {
    type Err = InvalidLegacyTime;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_legacy(
            text,
            UNSET_DATE_TIME,
            DATE_TIME_FORMAT,
            NaiveDateTime::parse_from_str,
        )
        .map(Self)
    }
}

impl FromStr for LegacyDate {
    type Err = InvalidLegacyTime;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_legacy(text, UNSET_DATE, DATE_FORMAT, NaiveDate::parse_from_str).map(Self)
    }
}

/// Hour, minute and second of a time of day.
type Clock = (u32, u32, u32);

/// What the two wire types have in common: the marker they send when unset, and the date (and time
/// of day) they hold otherwise.
trait WireParts {
    const UNSET: &'static str;
    fn parts(&self) -> Option<(NaiveDate, Option<Clock>)>;
}

impl WireParts for LegacyDateTime {
    const UNSET: &'static str = UNSET_DATE_TIME;
    fn parts(&self) -> Option<(NaiveDate, Option<Clock>)> {
        self.0.map(|time| {
            (
                time.date(),
                Some((time.hour(), time.minute(), time.second())),
            )
        })
    }
}

impl WireParts for LegacyDate {
    const UNSET: &'static str = UNSET_DATE;
    fn parts(&self) -> Option<(NaiveDate, Option<Clock>)> {
        self.0.map(|date| (date, None))
    }
}

/// The wire text of a date and possibly a time, written digit by digit into a buffer on the stack:
/// this runs for every time of every answer the mock serves, and `write!` with padded fields costs
/// several times as much.
struct WireText {
    bytes: [u8; 19],
    len: usize,
}

impl WireText {
    /// `None` for a year outside `0..=9999`, which padding alone cannot write.
    fn new(date: NaiveDate, time: Option<Clock>) -> Option<Self> {
        let year = u32::try_from(date.year())
            .ok()
            .filter(|year| *year <= 9999)?;
        let mut bytes = *b"0000-00-00 00:00:00";
        let mut put = |at: usize, width: usize, mut value: u32| {
            for place in (at..at + width).rev() {
                bytes[place] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, date.month());
        put(8, 2, date.day());
        let len = match time {
            Some((hour, minute, second)) => {
                put(11, 2, hour);
                put(14, 2, minute);
                put(17, 2, second);
                19
            }
            None => 10,
        };
        Some(Self { bytes, len })
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and separators were written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// Display, serde (through the wire text) and parsing (through `FromStr`; `null` reads as unset,
/// like the marker) of the wire types.
macro_rules! wire_text_impls {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Some((date, time)) = self.parts() else {
                    return f.write_str(Self::UNSET);
                };
                if let Some(text) = WireText::new(date, time) {
                    return f.write_str(text.as_str());
                }
                write!(f, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day())?;
                match time {
                    Some((hour, minute, second)) => {
                        write!(f, " {hour:02}:{minute:02}:{second:02}")
                    }
                    None => Ok(()),
                }
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.parts() {
                    None => serializer.serialize_str(Self::UNSET),
                    Some((date, time)) => match WireText::new(date, time) {
                        Some(text) => serializer.serialize_str(text.as_str()),
                        None => serializer.collect_str(self),
                    },
                }
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
wire_text_impls!(LegacyDateTime, LegacyDate);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unset_marker_is_none_and_round_trips() {
        let unset: LegacyDateTime = serde_json::from_str("\"0000-00-00 00:00:00\"").unwrap();
        assert_eq!(unset.get(), None);
        assert_eq!(
            serde_json::to_string(&unset).unwrap(),
            "\"0000-00-00 00:00:00\""
        );
        let date: LegacyDate = serde_json::from_str("\"0000-00-00\"").unwrap();
        assert_eq!(date.get(), None);
    }

    #[test]
    fn a_real_time_parses_and_prints_the_same() {
        let time: LegacyDateTime = serde_json::from_str("\"2020-09-27 08:13:01\"").unwrap();
        assert_eq!(time.get().unwrap().to_string(), "2020-09-27 08:13:01");
        assert_eq!(
            serde_json::to_string(&time).unwrap(),
            "\"2020-09-27 08:13:01\""
        );
    }

    #[test]
    fn every_year_prints_as_chrono_pads_it() {
        for (year, wire) in [
            (7, "0007-03-04 05:06:07"),
            (2020, "2020-03-04 05:06:07"),
            (9999, "9999-03-04 05:06:07"),
            (12345, "12345-03-04 05:06:07"),
            (-1, "-001-03-04 05:06:07"),
        ] {
            let time = NaiveDate::from_ymd_opt(year, 3, 4)
                .and_then(|date| date.and_hms_opt(5, 6, 7))
                .unwrap();
            let time = LegacyDateTime::from(time);
            assert_eq!(time.to_string(), wire);
            assert_eq!(serde_json::to_string(&time).unwrap(), format!("\"{wire}\""));
            let date = LegacyDate::from(time.get().unwrap().date());
            assert_eq!(
                serde_json::to_string(&date).unwrap(),
                format!("\"{}\"", &wire[..wire.len() - 9])
            );
        }
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let error = serde_json::from_str::<LegacyDateTime>("\"yesterday\"").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`yesterday` is not a `%Y-%m-%d %H:%M:%S` time"),
            "{error}"
        );
    }
}
