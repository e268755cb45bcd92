//! One typed model per spec, built once from `openapiv3`'s types and read by every emitter.
//!
//! Building it resolves every `$ref`, merges path-level with operation-level parameters (the
//! operation's win by name and location), and sorts out bodies, responses and security; it is also
//! where constructs the generators cannot honour are found, as findings with a JSON pointer.

mod operation;
mod refs;
mod rules;
mod schema_kind;

pub use operation::{
    credentials, template_names, Location, Media, MediaKind, Operation, Parameter, Response,
    SchemeKind, Status, Style, ID_TYPE,
};
pub use refs::{boxed as refs_boxed, schema as refs_schema};
pub use rules::{property_names, AtLeastOneOf};
pub use schema_kind::{shape_of, ValueKind, ValueShape};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::finding::Finding;
use crate::spec::Spec;

/// Everything the emitters need to know of one spec.
pub struct Model {
    pub operations: Vec<Operation>,
    /// Root extensions that change how the server behaves.
    pub behaviour: Behaviour,
}

/// Root vendor extensions read by the server generator.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// `x-empty-values-are-missing`.
    pub empty_values_are_missing: bool,
    /// `x-any-method`: the service runs an operation whatever the HTTP method.
    pub any_method: bool,
    /// `x-rejections`, when declared.
    pub rejections: Option<Rejections>,
    /// `x-credential-field`: the parameter or form property that carries the caller's credential,
    /// for an API that authenticates without a security scheme.
    pub credential_field: Option<String>,
}

/// `x-rejections`: the API's own answers to requests it cannot take.
#[derive(Debug, Clone, Default)]
pub struct Rejections {
    pub answers: Vec<(String, Answer)>,
}

/// One answer of `x-rejections`.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    /// The body template as JSON text.
    pub body: String,
}

/// The answers `x-rejections` may declare; the first three are required when it is there.
pub const REJECTION_KEYS: [&str; 8] = [
    "missing-credential",
    "invalid-request",
    "unknown-operation",
    "forbidden",
    "method-not-allowed",
    "unsupported-media-type",
    "too-large",
    "not-implemented",
];

/// The root extension naming the field that carries the credential.
pub const CREDENTIAL_FIELD: &str = "x-credential-field";

/// Builds the model of `spec`, with what was found on the way.
pub fn build(spec: &Spec) -> (Model, Vec<Finding>) {
    let mut findings = Vec::new();
    let behaviour = behaviour(spec, &mut findings);
    let operations = operation::operations(spec, &mut findings);
    if let Some(field) = &behaviour.credential_field {
        let named = operations.iter().any(|operation| {
            rules::field_names(
                &spec.openapi,
                &operation.parameters,
                operation.body.as_ref(),
            )
            .contains(field)
        });
        if !named {
            findings.push(Finding::error(
                &spec.file,
                "document",
                &format!("/{CREDENTIAL_FIELD}"),
                format!("`{field}` is neither a parameter nor a body property of any operation"),
            ));
        }
    }
    let model = Model {
        operations,
        behaviour,
    };
    (model, findings)
}

/// The path of the first server URL, variables replaced by their defaults, without a trailing slash.
pub fn base_path(openapi: &OpenAPI) -> String {
    let Some(server) = openapi.servers.first() else {
        return String::new();
    };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => url.as_str(),
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        // A relative URL without its leading slash (`v3`) is still a path.
        format!("/{path}")
    }
}

fn behaviour(spec: &Spec, findings: &mut Vec<Finding>) -> Behaviour {
    let extensions = &spec.openapi.extensions;
    let flag = |name: &str, findings: &mut Vec<Finding>| match extensions.get(name) {
        None => false,
        Some(Value::Bool(value)) => *value,
        Some(_) => {
            findings.push(Finding::error(
                &spec.file,
                "document",
                &format!("/{name}"),
                "must be true or false",
            ));
            false
        }
    };
    Behaviour {
        empty_values_are_missing: flag("x-empty-values-are-missing", findings),
        any_method: flag("x-any-method", findings),
        rejections: extensions
            .get("x-rejections")
            .map(|value| rejections(spec, value, findings)),
        credential_field: match extensions.get(CREDENTIAL_FIELD) {
            None => None,
            Some(Value::String(name)) if !name.is_empty() => Some(name.clone()),
            Some(_) => {
                findings.push(Finding::error(
                    &spec.file,
                    "document",
                    &format!("/{CREDENTIAL_FIELD}"),
                    "must be the name of a parameter or form property",
                ));
                None
            }
        },
    }
}

fn rejections(spec: &Spec, value: &Value, findings: &mut Vec<Finding>) -> Rejections {
    let mut found = Rejections::default();
    let mut error = |pointer: String, reason: String| {
        findings.push(Finding::error(&spec.file, "document", &pointer, reason));
    };
    let Some(map) = value.as_object() else {
        error("/x-rejections".into(), "must be an object".into());
        return found;
    };
    for key in map
        .keys()
        .filter(|key| !REJECTION_KEYS.contains(&key.as_str()))
    {
        error(
            format!("/x-rejections/{key}"),
            format!(
                "unknown answer; the known ones are {}",
                REJECTION_KEYS.join(", ")
            ),
        );
    }
    for key in REJECTION_KEYS {
        let pointer = format!("/x-rejections/{key}");
        let Some(answer) = map.get(key) else {
            if REJECTION_KEYS[..3].contains(&key) {
                error(pointer, "is required when x-rejections is declared".into());
            }
            continue;
        };
        let status = answer
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| (100..600).contains(s));
        let Some(status) = status else {
            error(
                format!("{pointer}/status"),
                "must be an HTTP status (100-599)".into(),
            );
            continue;
        };
        let Some(body) = answer.get("body") else {
            error(format!("{pointer}/body"), "is required".into());
            continue;
        };
        let content_type = answer
            .get("content-type")
            .and_then(Value::as_str)
            .unwrap_or("application/json")
            .to_owned();
        found.answers.push((
            key.to_owned(),
            Answer {
                status,
                content_type,
                body: body.to_string(),
            },
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openapi(servers: &str) -> OpenAPI {
        let text = format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"servers":{servers}}}"#
        );
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn base_path_of_the_first_server() {
        for (servers, expected) in [
            ("[]", ""),
            (r#"[{"url":"/"}]"#, ""),
            (r#"[{"url":"https://example.com"}]"#, ""),
            (r#"[{"url":"https://example.com/"}]"#, ""),
            (
                r#"[{"url":"https://example.com/v1/"},{"url":"/v2"}]"#,
                "/v1",
            ),
            (r#"[{"url":"/api/v3"}]"#, "/api/v3"),
            (r#"[{"url":"v3"}]"#, "/v3"),
            (r#"[{"url":"http://localhost:8080/a/b?x=1"}]"#, "/a/b"),
            (
                r#"[{"url":"https://{host}/{base}","variables":{"host":{"default":"a"},"base":{"default":"api"}}}]"#,
                "/api",
            ),
            (
                r#"[{"url":"{scheme}://example.com","variables":{"scheme":{"default":"https"}}}]"#,
                "",
            ),
        ] {
            assert_eq!(base_path(&openapi(servers)), expected, "{servers}");
        }
    }
}
