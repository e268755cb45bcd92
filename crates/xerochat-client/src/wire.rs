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

impl fmt::Display for LegacyDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            // Field by field: chrono's `format` re-parses its pattern on every call.
            Some(time) => write!(
                f,
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute(),
                time.second()
            ),
            None => f.write_str(UNSET_DATE_TIME),
        }
    }
}

impl fmt::Display for LegacyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(date) => write!(
                f,
                "{:04}-{:02}-{:02}",
                date.year(),
                date.month(),
                date.day()
            ),
            None => f.write_str(UNSET_DATE),
        }
    }
}

/// Serde through `Display`/`FromStr`; `null` reads as unset, like the marker.
macro_rules! serde_via_string {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
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
serde_via_string!(LegacyDateTime, LegacyDate);

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
