//! What a parameter's text turns into: the JSON kind of a schema, and its shape (scalar, array,
//! object), so that the server converts `?limit=10` to the number its schema expects.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::refs;

/// The JSON kind of a scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Integer,
    Number,
    Boolean,
    /// Not one type (`oneOf` of several, no `type`): decided from the text.
    Any,
}

/// The shape of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueShape {
    Scalar(ValueKind),
    Array(ValueKind),
    Object(Vec<(String, ValueKind)>),
}

/// The shape of `schema`.
pub fn shape_of(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> ValueShape {
    let Some(resolved) = refs::schema(openapi, schema) else {
        return ValueShape::Scalar(ValueKind::Any);
    };
    match &resolved.schema_kind {
        SchemaKind::Type(Type::Array(array)) => ValueShape::Array(
            array
                .items
                .as_ref()
                .and_then(|items| refs::boxed(openapi, items))
                .map_or(ValueKind::Any, |items| kind(openapi, items, 0)),
        ),
        SchemaKind::Type(Type::Object(object)) => ValueShape::Object(
            object
                .properties
                .iter()
                .map(|(name, property)| {
                    let kind = refs::boxed(openapi, property)
                        .map_or(ValueKind::Any, |property| kind(openapi, property, 0));
                    (name.clone(), kind)
                })
                .collect(),
        ),
        _ => ValueShape::Scalar(kind(openapi, resolved, 0)),
    }
}

fn kind(openapi: &OpenAPI, schema: &Schema, depth: usize) -> ValueKind {
    if depth > 16 {
        return ValueKind::Any;
    }
    let of = |members: &[ReferenceOr<Schema>]| -> Vec<ValueKind> {
        members
            .iter()
            .map(|member| {
                refs::schema(openapi, member)
                    .map_or(ValueKind::Any, |s| kind(openapi, s, depth + 1))
            })
            .collect()
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => ValueKind::String,
        SchemaKind::Type(Type::Integer(_)) => ValueKind::Integer,
        SchemaKind::Type(Type::Number(_)) => ValueKind::Number,
        SchemaKind::Type(Type::Boolean(_)) => ValueKind::Boolean,
        SchemaKind::Type(_) => ValueKind::Any,
        SchemaKind::AllOf { all_of } => of(all_of)
            .into_iter()
            .find(|kind| *kind != ValueKind::Any)
            .unwrap_or(ValueKind::Any),
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            let kinds = of(members);
            match kinds.split_first() {
                Some((first, rest)) if rest.iter().all(|kind| kind == first) => *first,
                _ => ValueKind::Any,
            }
        }
        SchemaKind::Not { .. } => ValueKind::Any,
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => ValueKind::String,
            Some("integer") => ValueKind::Integer,
            Some("number") => ValueKind::Number,
            Some("boolean") => ValueKind::Boolean,
            _ => {
                let values: Vec<_> = any.enumeration.iter().collect();
                if !values.is_empty() && values.iter().all(|v| v.is_string()) {
                    ValueKind::String
                } else {
                    ValueKind::Any
                }
            }
        },
    }
}
