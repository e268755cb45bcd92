//! Small conversions from store values to the generated wire types.

use chrono::{Local, NaiveTime, SubsecRound};
use xerochat_client::wire::{LegacyDate, LegacyDateTime};

use super::outcome::{error, Outcome};
use crate::types::error::ConversionError;
use crate::types::Flag;

/// An id read from the store, sent the way the service sends database ids: a JSON string of digits
/// (`DbId` and the flow-info id types).
///
/// Store ids are never negative, so this cannot fail in practice; if it ever did, the caller gets an
/// error envelope rather than a panic.
pub(super) fn digits<T>(id: i64) -> Outcome<T>
where
    T: TryFrom<String, Error = ConversionError>,
{
    T::try_from(id.to_string()).map_err(|conversion| {
        tracing::error!(id, %conversion, "a store id is not a string of digits");
        error(format!("internal error: the id {id} cannot be sent"))
    })
}

/// The installation's wall-clock time, to the second, as the service stores it.
pub(super) fn now() -> LegacyDateTime {
    LegacyDateTime::from(Local::now().naive_local().trunc_subsecs(0))
}

/// A database flag column.
pub(super) fn flag(set: bool) -> Flag {
    if set {
        Flag::X1
    } else {
        Flag::X0
    }
}

/// A date stored in a date-time column, at midnight (as MySQL stores `2020-10-27` in a `DATETIME`).
pub(super) fn midnight(date: LegacyDate) -> LegacyDateTime {
    LegacyDateTime(date.get().map(|day| day.and_time(NaiveTime::MIN)))
}
