//! The shapes and places of this repository's vendor extensions (`spec/README.md` lists them), checked
//! wherever they occur, so that a typo in a value or an extension put where nothing reads it is
//! reported instead of silently doing nothing. The extensions that become behaviour are read (and
//! their meaning checked against the operation) by [`crate::model`]; this module checks the rest, and
//! where every extension may sit.

use serde_json::Value;

use crate::finding::Finding;
use crate::spec::Spec;

/// Extensions that only mean something on an operation.
const ON_OPERATIONS: [&str; 5] = [
    "x-admin-only",
    "x-idempotent",
    "x-at-least-one-of",
    "x-path-inferred",
    "x-codeSamples",
];

/// The HTTP methods a path item holds operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every misplaced or malformed extension of `spec`.
pub fn check(spec: &Spec) -> Vec<Finding> {
    let mut found = Vec::new();
    walk(&spec.raw, &mut Vec::new(), &mut |path, key, value| {
        let pointer = pointer(path, key);
        let mut report = |error: bool, reason: String| {
            let finding = if error {
                Finding::error(&spec.file, "document", &pointer, reason)
            } else {
                Finding::warning(&spec.file, "document", &pointer, reason)
            };
            found.push(finding);
        };
        if ON_OPERATIONS.contains(&key) && !is_operation(path) {
            report(
                false,
                "is read only on an operation; here it does nothing".into(),
            );
            return;
        }
        match key {
            "x-missing-message" if value.as_str().is_none_or(|text| text.trim().is_empty()) => {
                report(true, "must be the message, a non-empty string".into());
            }
            "x-path-inferred" | "x-open-enum" | "x-idempotent" if !value.is_boolean() => {
                report(true, "must be true or false".into());
            }
            "x-id-type" => {
                for reason in id_type(spec, path, value) {
                    report(true, reason);
                }
            }
            "x-codeSamples" => {
                for reason in code_samples(value) {
                    report(true, reason);
                }
            }
            _ => {}
        }
    });
    found
}

/// What is wrong with an `x-id-type`: it names a component schema (the kind of id, documented there)
/// and sits on a parameter or a schema property of type integer or string.
fn id_type(spec: &Spec, path: &[String], value: &Value) -> Vec<String> {
    let mut reasons = Vec::new();
    match value.as_str() {
        Some(kind) if !kind.is_empty() => {
            if spec
                .raw
                .pointer(&format!("/components/schemas/{kind}"))
                .is_none()
            {
                reasons.push(format!(
                    "names `{kind}`, which is not a component schema (the kind of id is one)"
                ));
            }
        }
        _ => reasons.push("must be the name of a component schema (a string)".into()),
    }
    let on_parameter =
        matches!(path, [.., list, index] if list == "parameters" && index.parse::<usize>().is_ok());
    let on_property = matches!(path, [.., properties, _] if properties == "properties");
    if !on_parameter && !on_property {
        reasons.push("is read only on a parameter or a schema property".into());
    }
    let here = path.iter().try_fold(&spec.raw, |node, key| {
        node.get(key)
            .or_else(|| key.parse::<usize>().ok().and_then(|i| node.get(i)))
    });
    let schema = here.map(|node| {
        if on_parameter {
            node.get("schema").unwrap_or(node)
        } else {
            node
        }
    });
    let typed = schema
        .and_then(|schema| schema.get("type"))
        .and_then(Value::as_str);
    if !matches!(typed, Some("integer" | "string")) {
        reasons.push("must sit on an integer or string value (an inline `type`)".into());
    }
    reasons
}

/// What is wrong with an `x-codeSamples` list (Redoc's shape: `{lang, label?, source}` items).
fn code_samples(value: &Value) -> Vec<String> {
    let Some(items) = value.as_array() else {
        return vec!["must be a list of `{lang, label, source}`".into()];
    };
    let mut reasons = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let text = |key: &str| item.get(key).and_then(Value::as_str);
        if text("lang").is_none_or(str::is_empty) || text("source").is_none_or(str::is_empty) {
            reasons.push(format!(
                "item {index} needs a `lang` and a `source` (strings)"
            ));
        }
        if item.get("label").is_some_and(|label| !label.is_string()) {
            reasons.push(format!("item {index}: `label` must be a string"));
        }
    }
    reasons
}

/// Whether `path` (keys from the root) is an operation: `paths`, a path, a method.
fn is_operation(path: &[String]) -> bool {
    matches!(path, [paths, _, method] if paths == "paths" && METHODS.contains(&method.as_str()))
}

/// Calls `visit(path, key, value)` for every `x-` key of every object under `value`.
fn walk(value: &Value, path: &mut Vec<String>, visit: &mut impl FnMut(&[String], &str, &Value)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key.starts_with("x-") {
                    visit(path, key, child);
                }
                // Examples and extension values are data, not spec: their keys mean nothing here.
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                path.push(key.clone());
                walk(child, path, visit);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(index.to_string());
                walk(child, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

fn pointer(path: &[String], key: &str) -> String {
    path.iter()
        .chain(std::iter::once(&key.to_owned()))
        .map(|segment| format!("/{}", spec_support::segment(segment)))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check_raw(raw: Value) -> Vec<String> {
        let spec = Spec {
            file: "t.yaml".into(),
            openapi: serde_json::from_value(raw.clone()).unwrap(),
            raw,
        };
        check(&spec)
            .into_iter()
            .map(|f| format!("{:?} {} {}", f.severity, f.pointer, f.reason))
            .collect()
    }

    #[test]
    fn malformed_and_misplaced_extensions_are_reported_where_they_are() {
        let found = check_raw(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "x-admin-only": true,
            "paths": {"/a/{b}": {"get": {
                "x-path-inferred": "yes",
                "x-codeSamples": [{"lang": "curl"}, {"lang": "Rust", "source": "x", "label": 2}],
                "parameters": [{"name": "b", "in": "path", "required": true, "schema": {"type": "string"}, "x-missing-message": ""}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"x-missing-message": 1}}}}}
            }}}
        }));
        let expected = [
            "Warning /x-admin-only is read only on an operation",
            "Error /paths/~1a~1{b}/get/x-path-inferred must be true or false",
            "Error /paths/~1a~1{b}/get/x-codeSamples item 0 needs a `lang` and a `source`",
            "Error /paths/~1a~1{b}/get/x-codeSamples item 1: `label` must be a string",
            "Error /paths/~1a~1{b}/get/parameters/0/x-missing-message must be the message",
        ];
        for expected in expected {
            assert!(
                found.iter().any(|f| f.starts_with(expected)),
                "{expected}: {found:?}"
            );
        }
        // An example's keys are data, not extensions.
        assert_eq!(found.len(), expected.len(), "{found:?}");
    }

    #[test]
    fn id_types_name_a_component_and_sit_on_a_parameter_or_property() {
        let found = check_raw(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "x-idempotent": "yes",
                "parameters": [
                    {"name": "good", "in": "query", "schema": {"type": "integer"}, "x-id-type": "ThingId"},
                    {"name": "unknown", "in": "query", "schema": {"type": "integer"}, "x-id-type": "Nope"},
                    {"name": "object", "in": "query", "schema": {"type": "object"}, "x-id-type": "ThingId"},
                    {"name": "number", "in": "query", "schema": {"type": "integer"}, "x-id-type": 3}
                ],
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"schemas": {
                "ThingId": {"type": "string", "x-id-type": "ThingId"},
                "Thing": {"type": "object", "properties": {"id": {"type": "integer", "x-id-type": "ThingId"}}}
            }}
        }));
        let expected = [
            "Error /paths/~1a/post/x-idempotent must be true or false",
            "Error /paths/~1a/post/parameters/1/x-id-type names `Nope`, which is not a component schema",
            "Error /paths/~1a/post/parameters/2/x-id-type must sit on an integer or string value",
            "Error /paths/~1a/post/parameters/3/x-id-type must be the name of a component schema",
            "Error /components/schemas/ThingId/x-id-type is read only on a parameter or a schema property",
        ];
        for expected in expected {
            assert!(
                found.iter().any(|f| f.starts_with(expected)),
                "{expected}: {found:?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:?}");
    }
}
