//! A value built from a schema, for responses the spec gives no example of: the mock still answers
//! with a body that the schema accepts (checked before it is used).

use openapiv3::{
    OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value};

use super::json_schemas::JsonSchemas;
use crate::model::refs_schema;

/// A value `schema` accepts, or why none could be built.
pub fn synthesize(
    openapi: &OpenAPI,
    schemas: &JsonSchemas,
    schema: &ReferenceOr<Schema>,
) -> Result<Value, String> {
    let value = build(openapi, schema, 0).ok_or("the schema is too deep or broken")?;
    let resolved = refs_schema(openapi, schema)
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| e.to_string())?;
    if resolved.is_some_and(|resolved| resolved.get("enum") == Some(&json!([null]))) {
        // `{type: string, enum: [null]}` (schemars' `()`, as dropshot writes it) accepts no value
        // under OpenAPI 3.0's rules, which want `nullable: true` too; the service answers `null`,
        // which is what its clients read, so that is the answer.
        return Ok(Value::Null);
    }
    let schema = serde_json::to_value(schema).map_err(|e| e.to_string())?;
    let validator = schemas.validator(&schema).map_err(|e| e.to_string())?;
    let failure = validator.iter_errors(&value).next().map(|error| {
        format!(
            "a built value fails it at `{}`: {error}",
            error.instance_path()
        )
    });
    match failure {
        None => Ok(value),
        Some(failure) => Err(failure),
    }
}

fn build(openapi: &OpenAPI, schema: &ReferenceOr<Schema>, depth: usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    let schema = refs_schema(openapi, schema)?;
    if let Some(example) = &schema.schema_data.example {
        return Some(example.clone());
    }
    if let Some(default) = &schema.schema_data.default {
        return Some(default.clone());
    }
    let boxed = |item: &ReferenceOr<Box<Schema>>| -> ReferenceOr<Schema> {
        match item {
            ReferenceOr::Item(item) => ReferenceOr::Item((**item).clone()),
            ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                reference: reference.clone(),
            },
        }
    };
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            // `enum: [null]` is how some generators (schemars' `()`) write "always null".
            match string.enumeration.first() {
                Some(Some(first)) => return Some(Value::String(first.clone())),
                Some(None) => return Some(Value::Null),
                None => {}
            }
            let text = match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-01-31".to_owned(),
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                    "2024-01-31T12:00:00Z".to_owned()
                }
                VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
                    "uuid" => "00000000-0000-4000-8000-000000000000".to_owned(),
                    "email" => "user@example.com".to_owned(),
                    "uri" | "url" => "https://example.com/".to_owned(),
                    "ipv4" => "192.0.2.1".to_owned(),
                    _ => "string".to_owned(),
                },
                _ => "string".to_owned(),
            };
            // A pattern wins over the format's sample: the schema checks the pattern either way.
            let text = string.pattern.as_deref().and_then(matching).unwrap_or(text);
            let min = string.min_length.unwrap_or(0);
            let mut text = text;
            while text.chars().count() < min {
                text.push('x');
            }
            if let Some(max) = string.max_length {
                text = text.chars().take(max).collect();
            }
            Value::String(text)
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            match integer.enumeration.first() {
                Some(Some(first)) => return Some(json!(first)),
                Some(None) => return Some(Value::Null),
                None => {}
            }
            let mut value = integer
                .minimum
                .unwrap_or(0)
                .max(integer.maximum.map_or(i64::MIN, |m| m.min(0)));
            if integer.exclusive_minimum && integer.minimum == Some(value) {
                value += 1;
            }
            if let Some(multiple) = integer.multiple_of.filter(|m| *m > 0) {
                value = (value + multiple - 1).div_euclid(multiple) * multiple;
            }
            json!(value)
        }
        SchemaKind::Type(Type::Number(number)) => {
            match number.enumeration.first() {
                Some(Some(first)) => return Some(json!(first)),
                Some(None) => return Some(Value::Null),
                None => {}
            }
            let mut value = number.minimum.unwrap_or(0.0);
            if let Some(max) = number.maximum {
                value = value.min(max);
            }
            if number.exclusive_minimum && number.minimum == Some(value) {
                value += number.maximum.map_or(1.0, |max| (max - value) / 2.0);
            }
            json!(value)
        }
        SchemaKind::Type(Type::Boolean(boolean)) => match boolean.enumeration.first() {
            Some(None) => Value::Null,
            Some(Some(first)) => json!(first),
            None => json!(true),
        },
        SchemaKind::Type(Type::Array(array)) => {
            let count = array.min_items.unwrap_or(1).max(1);
            let item = match &array.items {
                Some(items) => build(openapi, &boxed(items), depth + 1)?,
                None => Value::String("item".to_owned()),
            };
            if array.unique_items && count > 1 {
                return None;
            }
            Value::Array(vec![item; count])
        }
        SchemaKind::Type(Type::Object(object)) => {
            let mut map = Map::new();
            for (name, property) in &object.properties {
                if object.required.contains(name) || depth < 2 {
                    if let Some(value) = build(openapi, &boxed(property), depth + 1) {
                        map.insert(name.clone(), value);
                    } else if object.required.contains(name) {
                        return None;
                    }
                }
            }
            Value::Object(map)
        }
        SchemaKind::OneOf { one_of } => build(openapi, one_of.first()?, depth + 1)?,
        SchemaKind::AnyOf { any_of } => build(openapi, any_of.first()?, depth + 1)?,
        SchemaKind::AllOf { all_of } => {
            let mut merged = Map::new();
            for member in all_of {
                match build(openapi, member, depth + 1)? {
                    Value::Object(map) => merged.extend(map),
                    other => return Some(other),
                }
            }
            Value::Object(merged)
        }
        SchemaKind::Not { .. } => return None,
        SchemaKind::Any(any) => {
            if let Some(first) = any.enumeration.first() {
                return Some(first.clone());
            }
            if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                let mut map = Map::new();
                for (name, property) in &any.properties {
                    if any.required.contains(name) {
                        map.insert(name.clone(), build(openapi, &boxed(property), depth + 1)?);
                    }
                }
                Value::Object(map)
            } else {
                match any.typ.as_deref() {
                    Some("string") => json!("string"),
                    Some("integer") | Some("number") => json!(0),
                    Some("boolean") => json!(true),
                    Some("array") => json!([]),
                    _ => {
                        if schema.schema_data.nullable {
                            Value::Null
                        } else {
                            json!({})
                        }
                    }
                }
            }
        }
    })
}

/// A short string `pattern` matches: the first alternative, each repetition at its minimum, and from
/// each class a letter or digit where it has one. `None` for what `regex-syntax` cannot read (ECMA
/// look-arounds, back-references), which then falls back to a plain sample.
fn matching(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    write_match(&hir, &mut out)?;
    Some(out)
}

fn write_match(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let contains = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            let pick = ['a', 'A', '0'].into_iter().find(|c| contains(*c));
            out.push(pick.or_else(|| class.ranges().first().map(|r| r.start()))?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(char::from(class.ranges().first()?.start()));
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min {
                write_match(&repetition.sub, out)?;
            }
        }
        HirKind::Capture(capture) => write_match(&capture.sub, out)?,
        HirKind::Concat(items) => {
            for item in items {
                write_match(item, out)?;
            }
        }
        HirKind::Alternation(items) => write_match(items.first()?, out)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_match_patterns() {
        for pattern in [
            "[a-z-]+\\.[a-z-]+",
            "^[0-9]{4}-[0-9]{2}-01$",
            "^(foo|bar)[A-Z]\\d{2,}$",
            "^\\S+@\\S+$",
        ] {
            let text = matching(pattern).expect(pattern);
            assert!(
                jsonschema::is_valid(&json!({"pattern": pattern}), &json!(text)),
                "{pattern}: {text}"
            );
        }
        assert_eq!(matching("[a-z-]+\\.[a-z-]+").as_deref(), Some("a.a"));
        assert_eq!(matching("(?=x)"), None, "look-arounds are not read");
    }
}
