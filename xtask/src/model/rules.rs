//! The operation-level vendor extensions that become generated behaviour (`x-admin-only`,
//! `x-at-least-one-of`), read and checked against the operation they sit on, so that a rule naming a
//! field the operation does not have (a rename in the spec left the rule stale) stops codegen instead
//! of being silently ignored.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::operation::{MediaKind, Parameter, RequestBody};

/// `x-admin-only`: only an administrator's credential may call the operation.
pub const ADMIN_ONLY: &str = "x-admin-only";
/// `x-idempotent`: repeating the operation has the effect of doing it once (a read sent as `POST`), so a
/// client may send it again after it may have reached the service (a timeout, a 503).
pub const IDEMPOTENT: &str = "x-idempotent";
/// `x-at-least-one-of`: `{fields: [...], message: "..."}`.
pub const AT_LEAST_ONE_OF: &str = "x-at-least-one-of";

/// What the extensions on one operation ask of every server and client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// `x-admin-only: true`.
    pub admin_only: bool,
    /// `x-idempotent: true`; `GET` operations are idempotent whatever it says.
    pub idempotent: bool,
    /// `x-at-least-one-of`, when declared.
    pub at_least_one_of: Option<AtLeastOneOf>,
}

/// At least one of `fields` must be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtLeastOneOf {
    /// Parameter or body property names, as the spec writes them.
    pub fields: Vec<String>,
    /// The service's answer when none is given; `None` where the service does not enforce the rule
    /// (it is documentation only, and nothing refuses the request).
    pub message: Option<String>,
}

/// One problem with an extension: the pointer (relative to the operation) and the reason.
pub type Problem = (String, String);

/// Reads the rules from an operation's extensions; what is malformed is left out and reported.
pub fn read(
    openapi: &OpenAPI,
    extensions: &indexmap::IndexMap<String, Value>,
    parameters: &[Parameter],
    body: Option<&RequestBody>,
) -> (Rules, Vec<Problem>) {
    let mut problems = Vec::new();
    let admin_only = match extensions.get(ADMIN_ONLY) {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => {
            problems.push((format!("/{ADMIN_ONLY}"), "must be true or false".to_owned()));
            false
        }
    };
    let idempotent = match extensions.get(IDEMPOTENT) {
        None => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => {
            problems.push((format!("/{IDEMPOTENT}"), "must be true or false".to_owned()));
            false
        }
    };
    let at_least_one_of = extensions.get(AT_LEAST_ONE_OF).and_then(|value| {
        let known = field_names(openapi, parameters, body);
        at_least_one_of(value, &known, &mut problems)
    });
    let rules = Rules {
        admin_only,
        idempotent,
        at_least_one_of,
    };
    (rules, problems)
}

fn at_least_one_of(
    value: &Value,
    known: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) -> Option<AtLeastOneOf> {
    let at = format!("/{AT_LEAST_ONE_OF}");
    let Some(object) = value.as_object() else {
        problems.push((
            at,
            "must be an object `{fields: [...], message: ...}`".into(),
        ));
        return None;
    };
    for key in object
        .keys()
        .filter(|key| !["fields", "message"].contains(&key.as_str()))
    {
        problems.push((
            format!("{at}/{key}"),
            "is not a key of x-at-least-one-of (`fields`, `message`)".into(),
        ));
    }
    let message = match object.get("message") {
        None => None,
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.clone()),
        Some(_) => {
            problems.push((format!("{at}/message"), "must be a non-empty string".into()));
            None
        }
    };
    let Some(list) = object.get("fields").and_then(Value::as_array) else {
        problems.push((
            format!("{at}/fields"),
            "must be a list of field names".into(),
        ));
        return None;
    };
    let mut fields = Vec::new();
    for (index, field) in list.iter().enumerate() {
        let pointer = format!("{at}/fields/{index}");
        match field.as_str() {
            None => problems.push((pointer, "must be a field name (a string)".into())),
            Some(name) if !known.contains(name) => problems.push((
                pointer,
                format!(
                    "`{name}` is neither a parameter nor a body property of the operation (known: {})",
                    known.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )),
            Some(name) if fields.iter().any(|f| f == name) => {
                problems.push((pointer, format!("`{name}` is listed twice")));
            }
            Some(name) => fields.push(name.to_owned()),
        }
    }
    if list.len() < 2 {
        problems.push((
            format!("{at}/fields"),
            "needs at least two fields (one field is simply `required`)".into(),
        ));
    }
    if fields.len() != list.len() || list.len() < 2 {
        return None;
    }
    Some(AtLeastOneOf { fields, message })
}

/// Names a rule may use: the parameters, and the top-level properties of the body's object schemas.
pub(super) fn field_names(
    openapi: &OpenAPI,
    parameters: &[Parameter],
    body: Option<&RequestBody>,
) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = parameters.iter().map(|p| p.name.clone()).collect();
    let media = body.into_iter().flat_map(|body| body.media.iter());
    for media in media.filter(|m| matches!(m.kind, MediaKind::Json | MediaKind::Form)) {
        if let Some(schema) = &media.schema {
            names.extend(property_names(openapi, schema));
        }
    }
    names
}

/// The top-level property names of a body schema (through `$ref` and `allOf`), in spec order.
pub fn property_names(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> Vec<String> {
    let mut names = Vec::new();
    properties(openapi, schema, &mut names, 0);
    names
}

/// The property names of an object schema, through `$ref` and `allOf`.
fn properties(
    openapi: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    names: &mut Vec<String>,
    depth: usize,
) {
    let Some(schema) = super::refs_schema(openapi, schema) else {
        return;
    };
    if depth > 16 {
        return;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            names.extend(object.properties.keys().cloned());
        }
        SchemaKind::AllOf { all_of } => {
            for part in all_of {
                properties(openapi, part, names, depth + 1);
            }
        }
        SchemaKind::Any(any) => {
            names.extend(any.properties.keys().cloned());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::spec::Spec;

    /// The findings of a one-operation spec whose operation carries `extensions`.
    fn findings(extensions: serde_json::Value) -> Vec<String> {
        let mut operation = json!({
            "operationId": "find",
            "parameters": [{"name": "a", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}},
            "responses": {"204": {"description": "ok"}}
        });
        for (key, value) in extensions.as_object().unwrap() {
            operation[key] = value.clone();
        }
        let raw = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/find": {"post": operation}},
            "components": {"schemas": {"B": {"allOf": [{"type": "object", "properties": {"b": {"type": "string"}}}]}}}
        });
        let spec = Spec {
            file: "t.yaml".into(),
            openapi: serde_json::from_value(raw.clone()).unwrap(),
            raw,
        };
        let (model, findings) = super::super::build(&spec);
        assert_eq!(model.operations.len(), 1);
        findings
            .into_iter()
            .map(|f| format!("{} {}", f.pointer, f.reason))
            .collect()
    }

    #[test]
    fn a_well_formed_rule_names_parameters_and_body_properties() {
        let found = findings(json!({
            "x-admin-only": true,
            "x-at-least-one-of": {"fields": ["a", "b"], "message": "a or b"}
        }));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_stale_or_malformed_rule_is_an_error_that_says_where() {
        let cases = [
            (
                json!({"x-admin-only": "yes"}),
                "/x-admin-only must be true or false",
            ),
            (
                json!({"x-at-least-one-of": {"fields": ["a", "renamed"]}}),
                "/x-at-least-one-of/fields/1 `renamed` is neither a parameter nor a body property",
            ),
            (
                json!({"x-at-least-one-of": {"fields": ["a", "b"], "mesage": "typo"}}),
                "/x-at-least-one-of/mesage is not a key",
            ),
            (
                json!({"x-at-least-one-of": {"fields": ["a"]}}),
                "/x-at-least-one-of/fields needs at least two fields",
            ),
            (
                json!({"x-at-least-one-of": {"fields": ["a", "b"], "message": 3}}),
                "/x-at-least-one-of/message must be a non-empty string",
            ),
            (
                json!({"x-at-least-one-of": ["a", "b"]}),
                "/x-at-least-one-of must be an object",
            ),
        ];
        for (extensions, expected) in cases {
            let found = findings(extensions.clone());
            assert!(
                found.iter().any(|f| f.contains(expected)),
                "{extensions}: {found:?}"
            );
        }
    }
}
