//! One type per kind of id, so that an id read from one answer is passed to the next call as it is,
//! and a contact id cannot be given where a contact group id is expected.
//!
//! The service sends ids read from its database as JSON strings (`"39"`) and the ids of rows it has
//! just created as integers, and takes them as integers. These types read either form, write the
//! string form (the wire form of the answers they stand in for; `x-id-type` in the spec names them),
//! and the facade methods take them where the spec marks a parameter with `x-id-type`.

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::types::error::ConversionError;

macro_rules! id_types {
    ($($(#[$meta:meta])* $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i64);

        impl $name {
            /// The id with this number.
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The number, as the service takes it.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.trim().parse().map(Self)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ConversionError;
            fn try_from(text: &str) -> Result<Self, Self::Error> {
                parse_digits(text).map(Self)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ConversionError;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::try_from(text.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(IdVisitor).map(Self)
            }
        }
    )*};
}

id_types! {
    /// A user of the installation.
    UserId;
    /// A package (plan).
    PackageId;
    /// A contact group (the service calls it a contact type).
    ContactGroupId;
    /// An SMS/email contact.
    ContactId;
    /// A user-input flow campaign.
    FlowCampaignId;
    /// A Facebook page.
    PageId;
    /// A Messenger subscriber (PSID).
    SubscriberId;
}

/// Digits only, as the spec's pattern says (no sign, no spaces).
fn parse_digits(text: &str) -> Result<i64, ConversionError> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err("an id is a string of digits".into());
    }
    text.parse()
        .map_err(|_| ConversionError::from("an id beyond 64 bits"))
}

/// Reads an id sent as a string of digits or as a non-negative integer.
struct IdVisitor;

impl de::Visitor<'_> for IdVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id: a string of digits or a non-negative integer")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        parse_digits(text).map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<i64, E> {
        if id < 0 {
            return Err(E::invalid_value(de::Unexpected::Signed(id), &self));
        }
        Ok(id)
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<i64, E> {
        i64::try_from(id).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(id), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_wire_forms_and_writes_the_string_one() {
        let read: ContactId = serde_json::from_str("\"39\"").unwrap();
        assert_eq!(read, ContactId::new(39));
        let created: ContactId = serde_json::from_str("39").unwrap();
        assert_eq!(created, read);
        assert_eq!(serde_json::to_string(&read).unwrap(), "\"39\"");
        assert_eq!(read.to_string(), "39");
        assert_eq!(format!("{read:?}"), "ContactId(39)");
    }

    #[test]
    fn refuses_what_is_not_an_id() {
        for bad in ["\"\"", "\"-3\"", "\"3a\"", "-3", "\"99999999999999999999\""] {
            assert!(serde_json::from_str::<UserId>(bad).is_err(), "{bad}");
        }
        assert!(UserId::try_from("12 ").is_err());
        assert_eq!(UserId::try_from("12".to_owned()).unwrap().get(), 12);
    }
}
