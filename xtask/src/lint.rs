//! `cargo xtask lint`: checks a spec before anything is generated from it.
//!
//! Structure is checked by parsing with `openapiv3` and by progenitor's own validation; content by
//! validating every example against the schema it illustrates, so a wrong example (or a wrong schema)
//! is caught here rather than by a downstream user.

use jsonschema::Draft;
use serde_json::Value;
use spec_support::json_schema::with_components;
use spec_support::{examples, Example};

use crate::finding::Finding;
use crate::spec::Spec;

/// All findings for one spec; empty means the spec is fit to generate from.
pub fn lint(spec: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding = |owner: &str, pointer: &str, reason: String| {
        Finding::error(&spec.file, owner, pointer, reason)
    };
    if let Err(error) = progenitor_impl::validate_openapi(&spec.openapi) {
        findings.push(finding("document", "", error.to_string()));
    }
    findings.extend(
        operation_findings(spec)
            .into_iter()
            .map(|(owner, pointer, reason)| Finding::warning(&spec.file, &owner, &pointer, reason)),
    );
    let components = spec.raw.get("components").cloned().unwrap_or(Value::Null);
    for example in examples(&spec.raw) {
        for (pointer, reason) in check_example(&example, &components) {
            findings.push(finding(&example.owner, &pointer, reason));
        }
    }
    findings
}

/// What the generators and the docs need of every operation: a summary, a description and one tag.
fn operation_findings(spec: &Spec) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (path, method, operation) in spec.openapi.operations() {
        let owner = format!(
            "operation {}",
            operation.operation_id.as_deref().unwrap_or(path)
        );
        let pointer = format!("/paths/{}/{method}", spec_support::segment(path));
        if operation.summary.as_deref().is_none_or(str::is_empty) {
            found.push((owner.clone(), pointer.clone(), "has no summary".to_owned()));
        }
        if operation.description.as_deref().is_none_or(str::is_empty) {
            found.push((
                owner.clone(),
                pointer.clone(),
                "has no description".to_owned(),
            ));
        }
        if operation.tags.len() != 1 {
            found.push((
                owner,
                pointer,
                format!("has {} tags, expected exactly one", operation.tags.len()),
            ));
        }
    }
    found
}

/// Validates one example against its schema; returns `(pointer, reason)` per violation.
fn check_example(example: &Example, components: &Value) -> Vec<(String, String)> {
    let root = with_components(&example.schema, components);
    let validator = match jsonschema::options().with_draft(Draft::Draft4).build(&root) {
        Ok(validator) => validator,
        Err(error) => {
            return vec![(
                example.pointer.clone(),
                format!("its schema does not compile: {error}"),
            )]
        }
    };
    validator
        .iter_errors(&example.value)
        .map(|error| {
            (
                format!("{}#{}", example.pointer, error.instance_path()),
                error.to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn example(schema: Value, value: Value) -> Example {
        Example {
            owner: "operation op".into(),
            pointer: "/x".into(),
            id: "op.x".into(),
            schema,
            value,
        }
    }

    #[test]
    fn nullable_accepts_null_and_keeps_the_type() {
        let components = json!({"schemas": {"Id": {"type": "string", "nullable": true}}});
        let schema = json!({"$ref": "#/components/schemas/Id"});
        assert!(check_example(&example(schema.clone(), json!(null)), &components).is_empty());
        assert!(check_example(&example(schema.clone(), json!("7")), &components).is_empty());
        assert_eq!(
            check_example(&example(schema, json!(7)), &components).len(),
            1
        );
    }

    #[test]
    fn a_violation_names_the_pointer_inside_the_example() {
        let components = json!({"schemas": {"User": {"type": "object", "properties": {"id": {"type": "string"}}}}});
        let found = check_example(
            &example(
                json!({"$ref": "#/components/schemas/User"}),
                json!({"id": 39}),
            ),
            &components,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/x#/id");
        assert!(found[0].1.contains("string"), "{}", found[0].1);
    }

    #[test]
    fn nullable_without_a_type_allows_null() {
        let schema = json!({"nullable": true, "oneOf": [{"type": "string"}]});
        assert!(check_example(&example(schema, json!(null)), &Value::Null).is_empty());
    }
}
