//! OpenAPI 3.0 schemas as JSON Schema, for validators that know only JSON Schema.

use serde_json::{Map, Value};

/// Rewrites OpenAPI 3.0 schema dialect into JSON Schema: `nullable: true` becomes an explicit `null`.
pub fn to_json_schema(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(key, value)| (key.clone(), to_json_schema(value)))
                .collect();
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
                return match out.remove("type") {
                    Some(Value::String(kind)) => {
                        out.insert("type".to_owned(), serde_json::json!([kind, "null"]));
                        Value::Object(out)
                    }
                    _ => serde_json::json!({ "anyOf": [Value::Object(out), { "type": "null" }] }),
                };
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// A self-contained JSON Schema for `schema`: the component schemas it reaches ride along under
/// `components/schemas`, so that `#/components/schemas/...` references resolve against the result itself.
/// Only reachable components are copied, which keeps per-operation schemas small.
pub fn with_components(schema: &Value, components: &Value) -> Value {
    let mut root = match to_json_schema(schema) {
        Value::Object(map) => map,
        other => Map::from_iter([("allOf".to_owned(), Value::Array(vec![other]))]),
    };
    let all = components.get("schemas").and_then(Value::as_object);
    let mut reached = Map::new();
    let mut pending = Vec::new();
    references(schema, &mut pending);
    while let Some(name) = pending.pop() {
        if reached.contains_key(&name) {
            continue;
        }
        if let Some(component) = all.and_then(|all| all.get(&name)) {
            references(component, &mut pending);
            reached.insert(name, to_json_schema(component));
        }
    }
    root.insert(
        "components".to_owned(),
        serde_json::json!({ "schemas": reached }),
    );
    Value::Object(root)
}

/// The names of the component schemas `schema` refers to directly.
fn references(schema: &Value, found: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                found.push(name.to_owned());
            }
            map.values().for_each(|value| references(value, found));
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copies_only_reachable_components_with_nullable_rewritten() {
        let components = json!({"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "string", "nullable": true},
            "Unused": {"type": "integer"}
        }});
        let root = with_components(&json!({"$ref": "#/components/schemas/A"}), &components);
        let copied = root["components"]["schemas"].as_object().unwrap();
        assert_eq!(copied.keys().collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(copied["B"]["type"], json!(["string", "null"]));
    }
}
