//! Additions: what a body holds beyond what the spec lists, where the spec deliberately leaves room.
//! A validator accepts these values, so nobody would notice them; they are what a spec author wants to
//! hear about first (a new field, a new message kind, a new channel code).
//!
//! The rules (spec/README.md, "Open values"):
//! - a property an object schema with `properties` does not list, where `additionalProperties` is
//!   absent, `true` or `{}` (a schema without `properties` is a free-form map: nothing is extra);
//! - a value outside the `enum` of a schema marked `x-open-enum: true`;
//! - a value outside the enum member of an *open enum*: an `anyOf`/`oneOf` of a schema with an `enum`
//!   and a schema of the same `type` without one (`anyOf: [{type: string, enum: [...]}, {type: string}]`).

use serde_json::Value;

use super::schemas::{Schemas, OPEN_ENUM};
use super::spec_model::SpecModel;

/// One addition.
#[derive(Debug, Clone)]
pub struct Addition {
    /// JSON pointer into the body.
    pub instance: String,
    /// JSON pointer of the schema (or its `enum`) in the spec.
    pub spec_pointer: String,
    pub expected: String,
    pub observed: String,
}

/// Every addition in `value` against the schema at `pointer`.
pub fn additions(
    model: &SpecModel,
    schemas: &Schemas,
    pointer: &str,
    value: &Value,
) -> Vec<Addition> {
    let mut found = Vec::new();
    Walk {
        model,
        schemas,
        found: &mut found,
    }
    .walk(pointer, value, "", true, 0);
    found
}

struct Walk<'a> {
    model: &'a SpecModel,
    schemas: &'a Schemas,
    found: &'a mut Vec<Addition>,
}

impl Walk<'_> {
    fn walk(&mut self, pointer: &str, value: &Value, at: &str, extras: bool, depth: usize) {
        if depth > 64 || value.is_null() {
            return;
        }
        let Some((pointer, schema)) = self.model.resolve(pointer) else {
            return;
        };
        if schema.get(OPEN_ENUM) == Some(&Value::Bool(true)) {
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                if !values.contains(value) {
                    self.push(
                        at,
                        format!("{pointer}/enum"),
                        enum_text(values),
                        value.to_string(),
                    );
                }
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            let Some(members) = schema.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            if let Some((index, values)) = open_enum(self.model, &pointer, keyword, members) {
                if !values.contains(value) {
                    let enum_at = format!("{pointer}/{keyword}/{index}");
                    let enum_at = self.model.resolve(&enum_at).map_or(enum_at, |(p, _)| p);
                    self.push(
                        at,
                        format!("{enum_at}/enum"),
                        enum_text(&values),
                        value.to_string(),
                    );
                }
                continue;
            }
            // Descend into the first member the value satisfies; a value none satisfies is a
            // violation, reported by the validator.
            let member = (0..members.len())
                .map(|index| format!("{pointer}/{keyword}/{index}"))
                .find(|member| self.schemas.is_valid(member, value));
            if let Some(member) = member {
                self.walk(&member, value, at, extras, depth + 1);
            }
        }
        let all_of: Vec<String> = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(|members| {
                (0..members.len())
                    .map(|i| format!("{pointer}/allOf/{i}"))
                    .collect()
            })
            .unwrap_or_default();
        for member in &all_of {
            // The allOf as a whole decides what is extra: one member's properties are not extra
            // to another.
            self.walk(member, value, at, false, depth + 1);
        }
        match value {
            Value::Object(map) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                for (name, member) in map {
                    if properties.is_some_and(|p| p.contains_key(name)) {
                        let property =
                            format!("{pointer}/properties/{}", spec_support::segment(name));
                        self.walk(
                            &property,
                            member,
                            &format!("{at}/{}", spec_support::segment(name)),
                            true,
                            depth + 1,
                        );
                    }
                }
                if !extras {
                    return;
                }
                let mut known: Vec<String> = properties
                    .map(|p| p.keys().cloned().collect())
                    .unwrap_or_default();
                for member in &all_of {
                    known.extend(self.property_names(member, depth));
                }
                if known.is_empty() {
                    return;
                }
                let patterns: Vec<name_pattern::Pattern> = schema
                    .get("patternProperties")
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(|k| name_pattern::Pattern::new(k)).collect())
                    .unwrap_or_default();
                let additional = schema.get("additionalProperties");
                let open = match additional {
                    None | Some(Value::Bool(true)) => true,
                    Some(Value::Object(map)) => map.is_empty(),
                    Some(_) => false,
                };
                for (name, member) in map {
                    if known.contains(name) || patterns.iter().any(|p| p.matches(name)) {
                        continue;
                    }
                    let place = format!("{at}/{}", spec_support::segment(name));
                    if open {
                        let mut listed = known.clone();
                        listed.sort();
                        self.push(
                            &place,
                            pointer.clone(),
                            format!("properties: {}", listed.join(", ")),
                            format!("new property `{name}`: {member}"),
                        );
                    } else if matches!(additional, Some(Value::Object(_))) {
                        let schema_at = format!("{pointer}/additionalProperties");
                        self.walk(&schema_at, member, &place, true, depth + 1);
                    }
                }
            }
            Value::Array(items) if schema.get("items").is_some() => {
                let items_at = format!("{pointer}/items");
                for (index, item) in items.iter().enumerate() {
                    self.walk(&items_at, item, &format!("{at}/{index}"), true, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The properties a schema lists, its `allOf` members' included.
    fn property_names(&self, pointer: &str, depth: usize) -> Vec<String> {
        if depth > 64 {
            return Vec::new();
        }
        let Some((pointer, schema)) = self.model.resolve(pointer) else {
            return Vec::new();
        };
        let mut names: Vec<String> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let members = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..members {
            names.extend(self.property_names(&format!("{pointer}/allOf/{index}"), depth + 1));
        }
        names
    }

    fn push(&mut self, at: &str, spec_pointer: String, expected: String, observed: String) {
        self.found.push(Addition {
            instance: at.to_owned(),
            spec_pointer,
            expected,
            observed,
        });
    }
}

/// When the members are an open enum: the index of the enum member and its values.
fn open_enum(
    model: &SpecModel,
    pointer: &str,
    keyword: &str,
    members: &[Value],
) -> Option<(usize, Vec<Value>)> {
    if members.len() != 2 {
        return None;
    }
    let resolved: Vec<&Value> = (0..2)
        .map(|index| {
            model
                .resolve(&format!("{pointer}/{keyword}/{index}"))
                .map(|(_, v)| v)
        })
        .collect::<Option<_>>()?;
    let index = resolved.iter().position(|m| m.get("enum").is_some())?;
    let (closed, open) = (resolved[index], resolved[1 - index]);
    let base = closed.get("type")?;
    let open_is_base = open.get("type") == Some(base)
        && open.get("enum").is_none()
        && open.get("pattern").is_none()
        && open.get("format").is_none();
    if !open_is_base {
        return None;
    }
    Some((index, closed.get("enum")?.as_array()?.clone()))
}

fn enum_text(values: &[Value]) -> String {
    let listed: Vec<String> = values.iter().map(Value::to_string).collect();
    format!("one of {}", listed.join(", "))
}

/// `patternProperties` keys are ECMA regexes; the proxy only needs to know whether a name matches,
/// so it asks the JSON Schema validator, which already carries a regex engine.
mod name_pattern {
    pub struct Pattern(Option<jsonschema::Validator>);

    impl Pattern {
        pub fn new(pattern: &str) -> Self {
            let schema = serde_json::json!({ "type": "string", "pattern": pattern });
            Self(jsonschema::validator_for(&schema).ok())
        }

        pub fn matches(&self, name: &str) -> bool {
            self.0
                .as_ref()
                .is_some_and(|v| v.is_valid(&serde_json::Value::String(name.to_owned())))
        }
    }
}
