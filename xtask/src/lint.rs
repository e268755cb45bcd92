//! `cargo xtask lint`: checks a spec before anything is generated from it.
//!
//! Findings come in two weights. Errors stop codegen: the document is not OpenAPI 3.0.x, a `$ref` does
//! not resolve, an operation has no `operationId` or a duplicate one (progenitor's own validation and
//! [`crate::refs`]), or an example does not match its schema. Warnings are advice: how the client
//! generator adapts the spec ([`crate::progenitor_input`]), and the house style (a summary, a
//! description and exactly one tag per operation), which is an error only in a spec whose root opts in
//! with `x-house-style: true`.
//!
//! Examples are validated against the schema they illustrate, so a wrong example (or a wrong schema)
//! is caught here rather than by a downstream user.

use jsonschema::Draft;
use serde_json::Value;
use spec_support::json_schema::with_components;
use spec_support::{examples, Example};

use crate::finding::{Finding, Severity};
use crate::progenitor_input::progenitor_input;
use crate::spec::Spec;

/// The root extension that makes the house style binding.
pub const HOUSE_STYLE: &str = "x-house-style";

/// All findings for one spec; no error means the spec is fit to generate from.
pub fn lint(spec: &Spec) -> Vec<Finding> {
    // Structure (errors) and the client's adaptations (warnings).
    let (_, adaptations) = progenitor_input(spec);
    lint_adapted(spec, adaptations)
}

/// [`lint`] for a caller that already adapted the spec for progenitor (`adaptations` are that run's
/// findings), so the adaptation runs once per codegen.
pub fn lint_adapted(spec: &Spec, adaptations: Vec<Finding>) -> Vec<Finding> {
    let mut findings = adaptations;
    findings.extend(house_style(spec));
    findings.extend(crate::extension_shapes::check(spec));
    // Examples are read from the raw document by following references, which needs them to resolve.
    if crate::refs::check(&spec.openapi).is_empty() {
        let components = spec.raw.get("components").cloned().unwrap_or(Value::Null);
        let mut validators = Validators::default();
        for example in examples(&spec.raw) {
            for (pointer, reason) in validators.check(&example, &components) {
                findings.push(Finding::error(&spec.file, &example.owner, &pointer, reason));
            }
        }
    }
    findings
}

/// What the docs and the generated code's documentation expect of every operation: a summary, a
/// description and one tag. Warnings, or errors where the root says `x-house-style: true`.
fn house_style(spec: &Spec) -> Vec<Finding> {
    let mut found = Vec::new();
    let severity = match spec.openapi.extensions.get(HOUSE_STYLE) {
        Some(Value::Bool(true)) => Severity::Error,
        None | Some(Value::Bool(false)) => Severity::Warning,
        Some(other) => {
            found.push(Finding::warning(
                &spec.file,
                "document",
                &format!("/{HOUSE_STYLE}"),
                format!("must be `true` or `false`, not `{other}`: the house style stays advice"),
            ));
            Severity::Warning
        }
    };
    for (path, method, operation) in spec.openapi.operations() {
        let owner = format!(
            "operation {}",
            operation.operation_id.as_deref().unwrap_or(path)
        );
        let pointer = format!("/paths/{}/{method}", spec_support::segment(path));
        let mut push = |reason: String| {
            let mut finding = Finding::error(&spec.file, &owner, &pointer, reason);
            finding.severity = severity;
            found.push(finding);
        };
        if operation.summary.as_deref().is_none_or(str::is_empty) {
            push("has no summary".to_owned());
        }
        if operation.description.as_deref().is_none_or(str::is_empty) {
            push("has no description".to_owned());
        }
        if operation.tags.len() != 1 {
            push(format!(
                "has {} tags, expected exactly one",
                operation.tags.len()
            ));
        }
    }
    found
}

/// Validates one example against its schema; returns `(pointer, reason)` per violation.
/// Compiled schemas by their text: examples mostly share a handful of schemas (every example of a
/// response, say), and compiling is the costly part of checking one.
#[derive(Default)]
struct Validators {
    compiled: std::collections::HashMap<String, Result<jsonschema::Validator, String>>,
}

impl Validators {
    /// Validates one example against its schema; returns `(pointer, reason)` per violation.
    fn check(&mut self, example: &Example, components: &Value) -> Vec<(String, String)> {
        let validator = self
            .compiled
            .entry(example.schema.to_string())
            .or_insert_with(|| {
                let root = with_components(&example.schema, components);
                jsonschema::options()
                    .with_draft(Draft::Draft4)
                    .build(&root)
                    .map_err(|error| error.to_string())
            });
        let validator = match validator {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_example(example: &Example, components: &Value) -> Vec<(String, String)> {
        Validators::default().check(example, components)
    }

    fn spec(text: &str) -> Spec {
        let raw: Value = serde_yaml_ng::from_str(text).expect("YAML");
        let openapi = serde_json::from_value(raw.clone()).expect("OpenAPI 3.0");
        Spec {
            file: "test.yaml".to_owned(),
            raw,
            openapi,
        }
    }

    /// One operation with neither summary, description nor tag, under the given root extension.
    fn bare(root: &str) -> Spec {
        spec(&format!(
            "openapi: 3.0.3
info: {{title: t, version: '1'}}
{root}
paths:
  /a:
    get:
      operationId: getA
      responses: {{'204': {{description: Nothing.}}}}
"
        ))
    }

    fn summary(findings: &[Finding]) -> Vec<(Severity, &str)> {
        findings
            .iter()
            .map(|f| (f.severity, f.reason.as_str()))
            .collect()
    }

    #[test]
    fn house_style_is_advice_unless_the_spec_opts_in() {
        let expected = |severity| {
            vec![
                (severity, "has no summary"),
                (severity, "has no description"),
                (severity, "has 0 tags, expected exactly one"),
            ]
        };
        assert_eq!(summary(&lint(&bare(""))), expected(Severity::Warning));
        assert_eq!(
            summary(&lint(&bare("x-house-style: false"))),
            expected(Severity::Warning)
        );
        assert_eq!(
            summary(&lint(&bare("x-house-style: true"))),
            expected(Severity::Error)
        );
        let findings = lint(&bare("x-house-style: yes please"));
        assert_eq!(findings[0].pointer, "/x-house-style");
        assert!(findings.iter().all(|f| !f.is_error()), "{findings:#?}");
    }

    #[test]
    fn structure_is_always_an_error() {
        let findings = lint(&spec(
            "openapi: 3.0.3
info: {title: t, version: '1'}
x-house-style: false
paths:
  /a:
    get:
      operationId: same
      summary: A
      description: A.
      tags: [a]
      responses:
        '200':
          description: A.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
              examples:
                realistic-a: {value: {id: 1}}
  /b:
    get:
      operationId: same
      summary: B
      description: B.
      tags: [b]
      responses: {'204': {description: B.}}
",
        ));
        let errors: Vec<(&str, &str)> = findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| (f.pointer.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                (
                    "/paths/~1a/get/responses/200/content/application~1json/schema",
                    "`#/components/schemas/Missing` names no component: it does not resolve"
                ),
                (
                    "/paths/~1b/get",
                    "operationId `same` is used by an earlier operation too"
                ),
            ],
            "{findings:#?}"
        );
    }

    #[test]
    fn a_wrong_example_is_an_error() {
        let findings = lint(&spec(
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      summary: A
      description: A.
      tags: [a]
      responses:
        '200':
          description: A.
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
              examples:
                realistic-a: {value: {id: 1}}
",
        ));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].is_error());
        assert!(findings[0].pointer.ends_with("#/id"), "{}", findings[0]);
    }

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
