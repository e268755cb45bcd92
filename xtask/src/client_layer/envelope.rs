//! Finding an API's error envelope in its model: the schema a service answers failures with inside a
//! success status (XeroChat answers everything with HTTP 200).
//!
//! Such a spec makes each operation's success response a `oneOf` of the envelope and the operation's own
//! body. The envelope is the one member every such `oneOf` shares; no extension names it, so a spec
//! needs nothing beyond the `oneOf`s to get the client's `Result` mapping.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};

use crate::model::{refs_schema, MediaKind, Operation, Status};

/// The component name of the error envelope, when at least two operations answer a `oneOf` of
/// component references and exactly one component is a member of all of them.
pub fn detect(openapi: &OpenAPI, operations: &[Operation]) -> Option<String> {
    let mut shared: Option<BTreeSet<String>> = None;
    let mut count = 0;
    for operation in operations {
        let Some(members) = success_schema(operation).and_then(|s| one_of_refs(openapi, s)) else {
            continue;
        };
        count += 1;
        shared = Some(match shared {
            None => members,
            Some(before) => before.intersection(&members).cloned().collect(),
        });
    }
    let shared = shared?;
    (count >= 2 && shared.len() == 1)
        .then(|| shared.into_iter().next())
        .flatten()
}

/// The schema of an operation's first success response (by status) with a JSON body.
pub fn success_schema(operation: &Operation) -> Option<&ReferenceOr<Schema>> {
    let mut successes: Vec<_> = operation
        .responses
        .iter()
        .filter(|response| match response.status {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(range) => range == 2,
            Status::Default => false,
        })
        .collect();
    successes.sort_by_key(|response| match response.status {
        Status::Code(code) => code,
        _ => 299,
    });
    successes.into_iter().find_map(|response| {
        response
            .media
            .iter()
            .find(|media| media.kind == MediaKind::Json)
            .and_then(|media| media.schema.as_ref())
    })
}

/// The component names of a `oneOf` whose members are all component references.
pub fn one_of_refs(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<BTreeSet<String>> {
    let SchemaKind::OneOf { one_of } = &refs_schema(openapi, schema)?.schema_kind else {
        return None;
    };
    one_of
        .iter()
        .map(|member| match member {
            ReferenceOr::Reference { reference } => {
                crate::refs::component_name(reference, crate::refs::Target::Schema).ok()
            }
            ReferenceOr::Item(_) => None,
        })
        .collect()
}

/// The member of an operation's success `oneOf` that is not `envelope`, when there is exactly one.
pub fn payload<'a>(
    openapi: &'a OpenAPI,
    schema: &'a ReferenceOr<Schema>,
    envelope: &str,
) -> Option<&'a ReferenceOr<Schema>> {
    let SchemaKind::OneOf { one_of } = &refs_schema(openapi, schema)?.schema_kind else {
        return None;
    };
    let others: Vec<_> = one_of
        .iter()
        .filter(|member| {
            !matches!(member, ReferenceOr::Reference { reference }
                if reference.rsplit('/').next() == Some(envelope))
        })
        .collect();
    match others.as_slice() {
        [only] if others.len() + 1 == one_of.len() => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;

    fn spec(yaml: &str) -> Spec {
        let raw: serde_json::Value = serde_yaml_ng::from_str(yaml).unwrap();
        Spec {
            file: "test.yaml".into(),
            openapi: serde_json::from_value(raw.clone()).unwrap(),
            raw,
        }
    }

    fn op(id: &str, result: &str) -> String {
        format!(
            "  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{result}'}}\n"
        )
    }

    const SCHEMAS: &str = "components:\n  schemas:\n    Err: {type: object}\n    A: {type: object}\n    B: {type: object}\n    AResult: {oneOf: [{$ref: '#/components/schemas/Err'}, {$ref: '#/components/schemas/A'}]}\n    BResult: {oneOf: [{$ref: '#/components/schemas/Err'}, {$ref: '#/components/schemas/B'}]}\n";

    fn document(paths: &[String]) -> Spec {
        spec(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{}{SCHEMAS}",
            paths.concat()
        ))
    }

    #[test]
    fn the_member_every_operation_shares_is_the_envelope() {
        let spec = document(&[op("a", "AResult"), op("b", "BResult"), op("c", "A")]);
        let (model, _) = crate::model::build(&spec);
        assert_eq!(
            detect(&spec.openapi, &model.operations).as_deref(),
            Some("Err")
        );
        let schema = success_schema(&model.operations[0]).unwrap();
        let ReferenceOr::Reference { reference } = payload(&spec.openapi, schema, "Err").unwrap()
        else {
            panic!("a reference")
        };
        assert_eq!(reference, "#/components/schemas/A");
    }

    #[test]
    fn one_operation_or_two_alike_name_no_envelope() {
        let spec = document(&[op("a", "AResult")]);
        let (model, _) = crate::model::build(&spec);
        assert_eq!(detect(&spec.openapi, &model.operations), None);
        let spec = document(&[op("a", "AResult"), op("b", "AResult")]);
        let (model, _) = crate::model::build(&spec);
        assert_eq!(detect(&spec.openapi, &model.operations), None);
    }
}
