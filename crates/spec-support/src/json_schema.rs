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

/// A self-contained JSON Schema for `schema`: the document's `components` ride along so that
/// `#/components/schemas/...` references resolve against the result itself.
pub fn with_components(schema: &Value, components: &Value) -> Value {
    let mut root = match to_json_schema(schema) {
        Value::Object(map) => map,
        other => Map::from_iter([("allOf".to_owned(), Value::Array(vec![other]))]),
    };
    root.insert("components".to_owned(), to_json_schema(components));
    Value::Object(root)
}
