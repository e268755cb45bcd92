//! Every example of an OpenAPI 3.0 document, with the schema it illustrates.
//!
//! Both the spec linter (which validates examples against their schemas) and the snapshot tests (which
//! deserialize them into the generated types) walk the same examples, so the walk lives here once.

use serde_json::Value;

use crate::operation_ids::METHODS;

/// One example value found in a spec.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it belongs: `operation <operationId>` or `component <name>`.
    pub owner: String,
    /// JSON pointer of the example's value inside the spec.
    pub pointer: String,
    /// A stable, file-name-safe identifier: `<owner>.<place>.<example name>`.
    pub id: String,
    /// The schema the example illustrates, as written (often a `$ref`); `{}` (anything) where the
    /// media type or parameter declares none.
    pub schema: Value,
    /// The example value, with `$ref`s to `components/examples` followed.
    pub value: Value,
}

impl Example {
    /// The component name when the schema is a plain `$ref` to `#/components/schemas/<name>`.
    pub fn schema_name(&self) -> Option<&str> {
        self.schema
            .get("$ref")?
            .as_str()?
            .strip_prefix("#/components/schemas/")
    }
}

/// Every example of the document: parameters, request bodies, responses and component schemas.
pub fn examples(spec: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    let paths = spec.get("paths").and_then(Value::as_object);
    let ids = crate::operation_ids(spec);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id_base = ids
                .get(&(path.clone(), method.to_owned()))
                .cloned()
                .unwrap_or_else(|| path.clone());
            let owner = format!("operation {id_base}");
            let base = format!("/paths/{}/{method}", segment(path));
            let walk = Walk {
                spec,
                owner: &owner,
                id_base: &id_base,
            };
            let parameters = operation.get("parameters").and_then(Value::as_array);
            for (index, parameter) in parameters.into_iter().flatten().enumerate() {
                let parameter = resolve(spec, parameter);
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
                let schema = parameter.get("schema").cloned().unwrap_or_else(any);
                walk.holder(
                    &mut found,
                    parameter,
                    &schema,
                    &format!("{base}/parameters/{index}"),
                    &format!("param-{name}"),
                );
            }
            if let Some(body) = operation.get("requestBody") {
                walk.media(
                    &mut found,
                    resolve(spec, body),
                    &format!("{base}/requestBody"),
                    "request",
                );
            }
            let responses = operation.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                walk.media(
                    &mut found,
                    resolve(spec, response),
                    &format!("{base}/responses/{status}"),
                    status,
                );
            }
        }
    }
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let owner = format!("component {name}");
        let walk = Walk {
            spec,
            owner: &owner,
            id_base: name,
        };
        let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        if let Some(value) = schema.get("example") {
            found.push(walk.example(
                format!("/components/schemas/{}/example", segment(name)),
                "schema.example",
                &reference,
                value.clone(),
            ));
        }
    }
    found
}

struct Walk<'a> {
    spec: &'a Value,
    owner: &'a str,
    id_base: &'a str,
}

impl Walk<'_> {
    /// Examples of every media type of a request body or response.
    fn media(&self, found: &mut Vec<Example>, holder: &Value, pointer: &str, place: &str) {
        let content = holder.get("content").and_then(Value::as_object);
        for (media_type, media) in content.into_iter().flatten() {
            let schema = media.get("schema").cloned().unwrap_or_else(any);
            let place = if content.is_some_and(|c| c.len() > 1) {
                format!("{place}-{media_type}")
            } else {
                place.to_owned()
            };
            self.holder(
                found,
                media,
                &schema,
                &format!("{pointer}/content/{}", segment(media_type)),
                &place,
            );
        }
    }

    /// The `example` and `examples` of one parameter or media type.
    fn holder(
        &self,
        found: &mut Vec<Example>,
        holder: &Value,
        schema: &Value,
        pointer: &str,
        place: &str,
    ) {
        if let Some(value) = holder.get("example") {
            found.push(self.example(
                format!("{pointer}/example"),
                &format!("{place}.example"),
                schema,
                value.clone(),
            ));
        }
        let named = holder.get("examples").and_then(Value::as_object);
        for (name, example) in named.into_iter().flatten() {
            let example = resolve(self.spec, example);
            if let Some(value) = example.get("value") {
                let pointer = format!("{pointer}/examples/{}/value", segment(name));
                found.push(self.example(
                    pointer,
                    &format!("{place}.{name}"),
                    schema,
                    value.clone(),
                ));
            }
        }
    }

    fn example(&self, pointer: String, place: &str, schema: &Value, value: Value) -> Example {
        let id = format!("{}.{place}", self.id_base).replace(['/', ' ', '{', '}'], "_");
        Example {
            owner: self.owner.to_owned(),
            pointer,
            id,
            schema: schema.clone(),
            value,
        }
    }
}

/// The schema of a media type or parameter that declares none: anything.
fn any() -> Value {
    Value::Object(serde_json::Map::new())
}

/// Follows a local `$ref` (`#/...`) until it reaches a value.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => spec
            .pointer(pointer)
            .map_or(value, |target| resolve(spec, target)),
        None => value,
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn segment(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_named_response_examples_with_their_schema() {
        let spec = json!({
            "paths": {"/a/b": {"get": {
                "operationId": "op",
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"},
                    "examples": {"one": {"value": {"x": 1}}, "two": {"$ref": "#/components/examples/Two"}}
                }}}}
            }}},
            "components": {"examples": {"Two": {"value": {"x": 2}}}}
        });
        let found = examples(&spec);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].schema_name(), Some("Thing"));
        assert_eq!(found[0].id, "op.200.one");
        assert_eq!(
            found[0].pointer,
            "/paths/~1a~1b/get/responses/200/content/application~1json/examples/one/value"
        );
        assert_eq!(found[1].value, json!({"x": 2}));
    }

    #[test]
    fn finds_parameter_examples() {
        let spec = json!({"paths": {"/p": {"post": {
            "operationId": "op",
            "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}, "example": 2}],
            "responses": {}
        }}}});
        let found = examples(&spec);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "op.param-page.example");
        assert_eq!(found[0].value, json!(2));
    }

    #[test]
    fn an_example_without_a_schema_illustrates_anything() {
        let spec = json!({"paths": {"/": {"get": {
            "operationId": "op",
            "responses": {"200": {"content": {"application/json": {
                "examples": {"foo": {"value": {"versions": []}}}
            }}}}
        }}}});
        let found = examples(&spec);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].schema, json!({}));
        assert_eq!(found[0].schema_name(), None);
    }
}
