//! Error envelopes: APIs that answer failures with a success status and tell them apart by the body
//! (XeroChat answers `{"status":"error","message":...}` with HTTP 200).
//!
//! Nothing here names an API; the envelope is read from the spec:
//! - a response schema that is a `oneOf` (or `anyOf`) has an *envelope member* when the API declares
//!   `x-rejections` and one of its answers' bodies (the `{message}` placeholder filled in) satisfies
//!   that member: the API's own error shape;
//! - the field whose value is `{message}` in that answer is the *message field*;
//! - a body is the envelope when it has every property of the member whose schema is an `enum` (the
//!   discriminators: `status: [error, info]`) with a value in it; otherwise it is a success body;
//! - the messages the spec documents for an operation are those of its named examples that are
//!   envelopes, its `x-missing-message`s (parameters, body properties, security schemes) and its
//!   `x-at-least-one-of` message. An envelope with any other message is an `undocumented-message`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::schemas::Schemas;
use super::spec_model::{OperationModel, SpecModel};

/// The envelope member of a response schema.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// JSON pointer of the member schema (`…/oneOf/0`).
    pub member: String,
    /// The other members: the success shapes.
    pub others: Vec<String>,
    /// Properties whose values say "this is the envelope", with the values allowed.
    discriminators: Vec<(String, Vec<Value>)>,
    /// The member property holding the message.
    pub message_field: Option<String>,
}

/// The envelope of the response schema at `pointer`, when it has one.
pub fn envelope_of(model: &SpecModel, schemas: &Schemas, pointer: &str) -> Option<Envelope> {
    let (at, schema) = model.resolve(pointer)?;
    let (keyword, members) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| Some((*keyword, schema.get(*keyword)?.as_array()?)))?;
    if members.len() < 2 {
        return None;
    }
    let answers = model.rejections.as_ref()?.as_object()?;
    let members: Vec<String> = (0..members.len())
        .map(|index| format!("{at}/{keyword}/{index}"))
        .collect();
    for answer in answers.values() {
        let Some(body) = answer.get("body") else {
            continue;
        };
        let (sample, message_field) = filled(body);
        let Some(found) = members.iter().position(|m| schemas.is_valid(m, &sample)) else {
            continue;
        };
        let member = members[found].clone();
        let discriminators = model
            .resolve(&member)
            .and_then(|(member_at, resolved)| {
                let properties = resolved.get("properties")?.as_object()?;
                Some(
                    properties
                        .keys()
                        .filter_map(|name| {
                            let property =
                                format!("{member_at}/properties/{}", spec_support::segment(name));
                            let (_, schema) = model.resolve(&property)?;
                            let values = schema.get("enum")?.as_array()?.clone();
                            Some((name.clone(), values))
                        })
                        .collect(),
                )
            })
            .unwrap_or_default();
        let others = members.iter().filter(|m| **m != member).cloned().collect();
        return Some(Envelope {
            member,
            others,
            discriminators,
            message_field,
        });
    }
    None
}

impl Envelope {
    /// Whether `body` is this envelope rather than a success body.
    pub fn holds(&self, schemas: &Schemas, body: &Value) -> bool {
        if self.discriminators.is_empty() {
            return schemas.is_valid(&self.member, body);
        }
        self.discriminators
            .iter()
            .all(|(name, values)| body.get(name).is_some_and(|value| values.contains(value)))
    }

    /// The message of an envelope body.
    pub fn message<'a>(&self, body: &'a Value) -> Option<&'a Value> {
        body.get(self.message_field.as_deref()?)
    }
}

/// An `x-rejections` body with `{message}` replaced by a sample message, and the field it was in.
fn filled(body: &Value) -> (Value, Option<String>) {
    let mut field = None;
    let sample = match body {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(name, value)| {
                    let value = match value {
                        Value::String(text) if text.contains("{message}") => {
                            field = Some(name.clone());
                            Value::String(text.replace("{message}", "a reason"))
                        }
                        other => other.clone(),
                    };
                    (name.clone(), value)
                })
                .collect(),
        ),
        other => other.clone(),
    };
    (sample, field)
}

/// The error messages the spec documents for `operation` (see the module docs).
pub fn documented_messages(
    model: &SpecModel,
    schemas: &Schemas,
    operation: &OperationModel,
) -> BTreeSet<String> {
    let mut messages = BTreeSet::new();
    if let Some(node) = model.raw.pointer(&operation.pointer) {
        let mut seen = BTreeSet::new();
        extension_messages(model, node, &mut messages, &mut seen);
        let security = node.get("security").or_else(|| model.raw.get("security"));
        let names = security
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|requirement| requirement.keys());
        for name in names {
            let pointer = format!(
                "/components/securitySchemes/{}",
                spec_support::segment(name)
            );
            if let Some(message) = model
                .resolve(&pointer)
                .and_then(|(_, scheme)| scheme.get("x-missing-message")?.as_str())
            {
                messages.insert(message.to_owned());
            }
        }
    }
    for response in &operation.responses {
        for media in &response.media {
            let Some(schema) = &media.schema else {
                continue;
            };
            let Some(envelope) = envelope_of(model, schemas, schema) else {
                continue;
            };
            let examples = model
                .raw
                .pointer(&format!("{}/examples", media.pointer))
                .and_then(Value::as_object);
            for example in examples.into_iter().flatten().map(|(_, e)| e) {
                let example = spec_support::resolve(&model.raw, example);
                let Some(value) = example.get("value") else {
                    continue;
                };
                if envelope.holds(schemas, value) {
                    if let Some(message) = envelope.message(value).and_then(Value::as_str) {
                        messages.insert(message.to_owned());
                    }
                }
            }
        }
    }
    messages
}

/// `x-missing-message`s and `x-at-least-one-of` messages under `node`, following `$ref`s once each.
fn extension_messages(
    model: &SpecModel,
    node: &Value,
    messages: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
) {
    match node {
        Value::Object(map) => {
            if let Some(message) = map.get("x-missing-message").and_then(Value::as_str) {
                messages.insert(message.to_owned());
            }
            if let Some(message) = map
                .get("x-at-least-one-of")
                .and_then(|rule| rule.get("message"))
                .and_then(Value::as_str)
            {
                messages.insert(message.to_owned());
            }
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if seen.insert(reference.to_owned()) {
                    if let Some(target) = reference
                        .strip_prefix('#')
                        .and_then(|pointer| model.raw.pointer(pointer))
                    {
                        extension_messages(model, target, messages, seen);
                    }
                }
            }
            for (name, value) in map {
                // Examples and responses hold no extensions of requests.
                if name != "examples" && name != "responses" {
                    extension_messages(model, value, messages, seen);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| extension_messages(model, item, messages, seen)),
        _ => {}
    }
}
