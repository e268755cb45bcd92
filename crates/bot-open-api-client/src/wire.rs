//! Open enumerations for values the service keeps adding to.
//!
//! The spec lists the channel codes and message kinds known today; a closed Rust enum would fail a
//! whole page of results the day the service sends a new one. These types name the known values and
//! keep any other as it came.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines an open enum over a wire value: known variants by name, anything else kept in `Other`.
/// Equality is on the wire value, so `Other` never duplicates a known variant.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident($wire:ty, $borrowed:ty) {
            $($(#[$vmeta:meta])* $variant:ident = $value:expr, $label:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", stringify!($value), "` (", $label, ").")] $variant,)*
            /// A value this version does not know yet, kept as the service sent it.
            Other($wire),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value from its wire form; unknown values become `Other`.
            pub fn from_wire(value: $wire) -> Self {
                $(if value == $value { return Self::$variant; })*
                Self::Other(value)
            }

            /// The value as the service writes it.
            pub fn wire(&self) -> $borrowed {
                match self {
                    $(Self::$variant => $value.into(),)*
                    Self::Other(value) => value.clone().into(),
                }
            }

            /// The documented name, or `None` for a value this version does not know.
            pub fn label(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($label),)*
                    Self::Other(_) => None,
                }
            }

            /// Whether this is a value this version does not know.
            pub fn is_other(&self) -> bool {
                matches!(self, Self::Other(_))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.wire() == other.wire()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.wire().hash(state);
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.wire().serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$wire>::deserialize(deserializer).map(Self::from_wire)
            }
        }
    };
}

open_enum! {
    /// A messaging channel, by its numeric code.
    ChannelId(i64, i64) {
        Webchat = 1010, "webchat";
        Workflow = 1011, "workflow";
        GoogleBusinessMessages = 1012, "googleBusinessMessages";
        General = 1013, "general";
        Whatsapp = 1014, "whatsapp";
        RcsBusinessMessages = 1015, "RCSBusinessMessages";
        Telegram = 1016, "telegram";
        Facebook = 1017, "facebook";
        Sms = 1018, "sms";
        HangoutsChat = 1019, "hangoutsChat";
        Google = 1020, "google";
        InstagramMessaging = 1021, "instagramMessaging";
    }
}

open_enum! {
    /// The kind of a transcript message; its content sits under the key of the same name.
    MessageKind(String, String) {
        Text = "text", "text";
        Attachment = "attachment", "attachment";
        Card = "card", "card";
        Carousel = "carousel", "carousel";
        List = "list", "list";
        Reply = "reply", "reply";
        Order = "order", "order";
        Template = "template", "template";
        ProductSingle = "productSingle", "productSingle";
        ProductMulti = "productMulti", "productMulti";
        DynamicList = "dynamicList", "dynamicList";
        DynamicReply = "dynamicReply", "dynamicReply";
        Form = "form", "form";
        FormResponse = "formResponse", "formResponse";
        Location = "location", "location";
        Contact = "contact", "contact";
        Audio = "audio", "audio";
        Video = "video", "video";
        Image = "image", "image";
        Pdf = "pdf", "pdf";
        Doc = "doc", "doc";
        Xls = "xls", "xls";
        Ppt = "ppt", "ppt";
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.wire())
    }
}

impl FromStr for ChannelId {
    type Err = std::num::ParseIntError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim().parse().map(Self::from_wire)
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.wire())
    }
}

impl FromStr for MessageKind {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_wire(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_as_their_variant() {
        let channel: ChannelId = serde_json::from_str("1014").unwrap();
        assert_eq!(channel, ChannelId::Whatsapp);
        assert_eq!(channel.label(), Some("whatsapp"));
        assert_eq!(serde_json::to_string(&channel).unwrap(), "1014");
    }

    #[test]
    fn unknown_codes_are_kept() {
        let channel: ChannelId = serde_json::from_str("1099").unwrap();
        assert_eq!(channel, ChannelId::Other(1099));
        assert!(channel.is_other());
        assert_eq!(serde_json::to_string(&channel).unwrap(), "1099");
        assert_eq!(
            ChannelId::Other(1014),
            ChannelId::Whatsapp,
            "equality is on the wire value"
        );
    }

    #[test]
    fn unknown_kinds_are_kept() {
        let kind: MessageKind = serde_json::from_str("\"whatsappFlow\"").unwrap();
        assert_eq!(kind, MessageKind::Other("whatsappFlow".into()));
        assert_eq!(serde_json::to_string(&kind).unwrap(), "\"whatsappFlow\"");
        assert_eq!(
            "productMulti".parse::<MessageKind>().unwrap(),
            MessageKind::ProductMulti
        );
        assert_eq!(MessageKind::KNOWN.len(), 23);
    }
}
