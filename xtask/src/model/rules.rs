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
/// `x-at-least-one-of`: `{fields: [...], message: "..."}`.
pub const AT_LEAST_ONE_OF: &str = "x-at-least-one-of";

/// What the extensions on one operation ask of every server and client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// `x-admin-only: true`.
    pub admin_only: bool,
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
    let at_least_one_of = extensions.get(AT_LEAST_ONE_OF).and_then(|value| {
        let known = field_names(openapi, parameters, body);
        at_least_one_of(value, &known, &mut problems)
    });
    let rules = Rules {
        admin_only,
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
            properties(openapi, schema, &mut names, 0);
        }
    }
    names
}

/// The property names of an object schema, through `$ref` and `allOf`.
fn properties(
    openapi: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    names: &mut BTreeSet<String>,
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
