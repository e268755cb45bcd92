//! The messages the spec documents for each operation, for the facade methods' `# Errors` docs and, in
//! an API with an error envelope, the `ServiceMessage` enum callers match on instead of comparing text.
//!
//! Read from the spec, the single source: the error envelope's named examples (`status: error` or
//! `info`) of each operation, the `x-missing-message`s of its parameters, form properties and security
//! schemes, its `x-at-least-one-of` message, and, in an API without an envelope, the `message` of each
//! error status' examples.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{refs_schema, Operation, Status};
use crate::spec::Spec;

/// How the service says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// In the error envelope with `status: error`.
    Error,
    /// In the error envelope with `status: info`: nothing changed, or a delete did not happen.
    Info,
    /// The body of an error status (an API without an envelope).
    Status(u16),
}

/// One documented message of one operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub kind: Kind,
    pub text: String,
}

/// The documented messages of `operation`, in a stable order, without repeats.
pub fn of_operation(spec: &Spec, operation: &Operation, envelope: bool) -> Vec<Message> {
    let mut found = BTreeSet::new();
    for response in &operation.responses {
        let status = match response.status {
            Status::Code(code) => Some(code),
            _ => None,
        };
        for media in &response.media {
            for (_, value) in &media.examples {
                let Some(text) = value.get("message").and_then(Value::as_str) else {
                    continue;
                };
                let kind = match (
                    envelope,
                    value.get("status").and_then(Value::as_str),
                    status,
                ) {
                    (true, Some("error"), _) => Kind::Error,
                    (true, Some("info"), _) => Kind::Info,
                    (false, _, Some(code)) if code >= 400 => Kind::Status(code),
                    _ => continue,
                };
                found.insert(Message {
                    kind,
                    text: text.to_owned(),
                });
            }
        }
    }
    let missing = if envelope {
        Kind::Error
    } else {
        Kind::Status(400)
    };
    for parameter in &operation.parameters {
        if let Some(text) = &parameter.missing_message {
            found.insert(Message {
                kind: missing,
                text: text.clone(),
            });
        }
    }
    for text in body_missing_messages(spec, operation) {
        found.insert(Message {
            kind: missing,
            text,
        });
    }
    for alternative in &operation.security {
        for scheme in alternative {
            if let Some(text) = &scheme.missing_message {
                let kind = if envelope {
                    Kind::Error
                } else {
                    Kind::Status(401)
                };
                found.insert(Message {
                    kind,
                    text: text.clone(),
                });
            }
        }
    }
    if let Some(text) = operation
        .rules
        .at_least_one_of
        .as_ref()
        .and_then(|rule| rule.message.clone())
    {
        found.insert(Message {
            kind: missing,
            text,
        });
    }
    found.into_iter().collect()
}

/// The `x-missing-message`s of the properties of the operation's body schemas.
fn body_missing_messages(spec: &Spec, operation: &Operation) -> Vec<String> {
    let Some(body) = &operation.body else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    for media in &body.media {
        let Some(schema) = media
            .schema
            .as_ref()
            .and_then(|s| refs_schema(&spec.openapi, s))
        else {
            continue;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            continue;
        };
        for property in object.properties.values() {
            let Some(property) = crate::model::refs_boxed(&spec.openapi, property) else {
                continue;
            };
            if let Some(text) = property
                .schema_data
                .extensions
                .get("x-missing-message")
                .and_then(Value::as_str)
            {
                texts.push(text.to_owned());
            }
        }
    }
    texts
}

/// One variant of the generated message enum: a fixed text, or a text around one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    /// The text before the number, or the whole text.
    pub prefix: String,
    /// The text after the number, when the message has one (`The contact ID (3) has been deleted`).
    pub suffix: Option<String>,
    /// The message as documented.
    pub example: String,
}

/// The variants for `texts`, named after their words (`No Matching User Found`:
/// `NoMatchingUserFound`), one per template: a message with a number in it (not a `#code`) matches
/// any number there.
pub fn variants(texts: &BTreeSet<String>) -> Vec<Variant> {
    let mut variants: Vec<Variant> = Vec::new();
    for text in texts {
        // The service pads some messages (` No Matching Subscriber Found`): one variant either way.
        let text = &text.trim().to_owned();
        let (prefix, suffix) = match number_span(text) {
            Some((start, end)) => (text[..start].to_owned(), Some(text[end..].to_owned())),
            None => (text.clone(), None),
        };
        if variants
            .iter()
            .any(|v| v.prefix == prefix && v.suffix == suffix)
        {
            continue;
        }
        let mut name = variant_name(text);
        let base = name.clone();
        let mut counter = 2;
        while name == "Other" || variants.iter().any(|v| v.name == name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        variants.push(Variant {
            name,
            prefix,
            suffix,
            example: text.clone(),
        });
    }
    variants
}

/// The byte span of the one number in `text` that stands for a value (`12` in `… with the ID: 12`);
/// `None` when there is none, more than one, or it is a code (`(#100)`).
fn number_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index].is_ascii_digit() {
            let start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                index += 1;
            }
            let code = start > 0 && bytes[start - 1] == b'#';
            if !code {
                spans.push((start, index));
            }
        } else {
            index += 1;
        }
    }
    match spans.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// PascalCase of the message's words (letters only), without a leading "The".
fn variant_name(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty())
        .collect();
    let words = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("the") && !rest.is_empty() => rest,
        _ => &words[..],
    };
    let name: String = words
        .iter()
        .map(|word| crate::names::pascal(word))
        .collect();
    if name.is_empty() {
        "Unnamed".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_with_a_number_become_one_template() {
        let texts: BTreeSet<String> = [
            "The contact ID (3) has been deleted",
            "The contact ID (7) has been deleted",
            "(#100) The user ID is not valid.",
            "No Matching User Found",
            "User not found with the ID: 12",
        ]
        .map(str::to_owned)
        .into();
        let variants = variants(&texts);
        let names: Vec<_> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "UserIdIsNotValid",
                "NoMatchingUserFound",
                "ContactIdHasBeenDeleted",
                "UserNotFoundWithTheId"
            ]
        );
        assert_eq!(variants[0].suffix, None, "a #code is text");
        assert_eq!(variants[2].prefix, "The contact ID (");
        assert_eq!(variants[2].suffix.as_deref(), Some(") has been deleted"));
        assert_eq!(variants[3].suffix.as_deref(), Some(""));
    }
}
