//! The spec's schemas as compiled JSON Schema validators, keyed by where they sit in the spec, and
//! their violations mapped back to the spec: each one names the keyword that failed by JSON pointer
//! into the spec file, not into the validator's rewritten copy.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// A made-up base URI: it makes the validator report each failing keyword's absolute location
/// (after `$ref`s are followed), which is what maps back to the spec.
const BASE: &str = "https://spec.invalid/schema.json";

/// The extension that marks an `enum` as open: values outside it are additions, not violations.
pub const OPEN_ENUM: &str = "x-open-enum";

/// Compiled validators of one spec.
pub struct Schemas {
    /// The spec as the validators see it: open enums' `enum` removed.
    spec: Value,
    cache: Mutex<HashMap<String, Arc<Compiled>>>,
}

/// One schema, compiled with the components it reaches.
struct Compiled {
    /// JSON pointer of the schema in the spec.
    root: String,
    validator: Option<jsonschema::Validator>,
}

/// One way a value breaks a schema.
#[derive(Debug, Clone)]
pub struct Violation {
    /// JSON pointer into the value (for a missing property: where it should be).
    pub instance: String,
    /// JSON pointer of the failing keyword in the spec.
    pub spec_pointer: String,
    /// What the schema asks, e.g. `type: "string"`.
    pub expected: String,
    /// What was there (`absent` for a missing property).
    pub observed: String,
    /// The validator's explanation.
    pub message: String,
}

impl Schemas {
    pub fn new(raw: &Value) -> Self {
        let mut spec = raw.clone();
        open_enums_opened(&mut spec);
        Self {
            spec,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `value` satisfies the schema at `pointer` (a schema that cannot be compiled accepts all).
    pub fn is_valid(&self, pointer: &str, value: &Value) -> bool {
        self.compiled(pointer)
            .validator
            .as_ref()
            .is_none_or(|validator| validator.is_valid(value))
    }

    /// The violations of the schema at `pointer` by `value`, one per place in the value: where one
    /// value breaks several keywords (a string where an integer enum is expected breaks `type` and
    /// `enum`), the `type` says it best, else the first.
    pub fn violations(&self, pointer: &str, value: &Value) -> Vec<Violation> {
        let mut kept: Vec<Violation> = Vec::new();
        for violation in self.all_violations(pointer, value) {
            match kept.iter_mut().find(|k| k.instance == violation.instance) {
                Some(known) => {
                    if violation.spec_pointer.ends_with("/type")
                        && !known.spec_pointer.ends_with("/type")
                    {
                        *known = violation;
                    }
                }
                None => kept.push(violation),
            }
        }
        kept
    }

    fn all_violations(&self, pointer: &str, value: &Value) -> Vec<Violation> {
        let compiled = self.compiled(pointer);
        let Some(validator) = &compiled.validator else {
            return Vec::new();
        };
        validator
            .iter_errors(value)
            .map(|error| {
                let mut instance = error.instance_path().as_str().to_owned();
                let fragment = error
                    .absolute_keyword_location()
                    .and_then(|uri| uri.fragment().map(|f| f.as_str().to_owned()))
                    .map(|f| decode(&f))
                    .unwrap_or_else(|| error.schema_path().as_str().to_owned());
                let spec_pointer = self.spec_pointer(&compiled.root, &fragment);
                let observed = match error.kind() {
                    ValidationErrorKind::Required { property } => {
                        let name = property.as_str().unwrap_or_default();
                        instance = format!("{instance}/{}", spec_support::segment(name));
                        "absent".to_owned()
                    }
                    _ => error.instance().to_string(),
                };
                let expected = match error.kind() {
                    ValidationErrorKind::Required { property } => {
                        format!("required: {}", property.as_str().unwrap_or_default())
                    }
                    _ => {
                        let keyword = spec_pointer.rsplit('/').next().unwrap_or_default();
                        let wanted = self
                            .spec
                            .pointer(&spec_pointer)
                            .map_or_else(String::new, Value::to_string);
                        format!("{keyword}: {wanted}")
                    }
                };
                Violation {
                    instance,
                    spec_pointer,
                    expected,
                    observed,
                    message: error.to_string(),
                }
            })
            .collect()
    }

    fn compiled(&self, pointer: &str) -> Arc<Compiled> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(compiled) = cache.get(pointer) {
            return Arc::clone(compiled);
        }
        let validator = self.spec.pointer(pointer).and_then(|schema| {
            let components = self.spec.get("components").cloned().unwrap_or(Value::Null);
            let document = spec_support::json_schema::with_components(schema, &components);
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .with_base_uri(BASE)
                .build(&document)
                .inspect_err(|error| {
                    tracing::warn!(%pointer, %error, "a schema of the spec does not compile; not checked");
                })
                .ok()
        });
        let compiled = Arc::new(Compiled {
            root: pointer.to_owned(),
            validator,
        });
        cache.insert(pointer.to_owned(), Arc::clone(&compiled));
        compiled
    }

    /// The spec pointer of a keyword location in the compiled copy of the schema at `root`: the copy
    /// holds the schema itself at its root and the components at their own paths, and wraps a
    /// `nullable` schema without `type` in `anyOf: [schema, {type: null}]`.
    fn spec_pointer(&self, root: &str, fragment: &str) -> String {
        let (mut at, rest) = if fragment.starts_with("/components/") {
            (String::new(), fragment)
        } else {
            (root.to_owned(), fragment)
        };
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        let mut index = 0;
        while index < segments.len() {
            let segment = segments[index];
            let here = self.spec.pointer(&at);
            let wrapped = segment == "anyOf"
                && here.is_some_and(|node| {
                    node.get("nullable") == Some(&Value::Bool(true)) && node.get("anyOf").is_none()
                });
            if wrapped {
                // `anyOf/0` is the schema itself; `anyOf/1` is the added `null`: its `nullable`.
                if segments.get(index + 1) == Some(&"1") {
                    return format!("{at}/nullable");
                }
                index += 2;
                continue;
            }
            at.push('/');
            at.push_str(segment);
            index += 1;
        }
        at
    }
}

/// Percent-decodes a URI fragment (the validator escapes `{`, `}` and the like in pointers).
fn decode(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Removes the `enum` of every schema marked [`OPEN_ENUM`], so that validators accept other values.
fn open_enums_opened(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get(OPEN_ENUM) == Some(&Value::Bool(true)) {
                map.remove("enum");
            }
            map.values_mut().for_each(open_enums_opened);
        }
        Value::Array(items) => items.iter_mut().for_each(open_enums_opened),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "required": ["user"],
                "properties": {"user": {"$ref": "#/components/schemas/User"}}
            }}}}}}}},
            "components": {"schemas": {
                "User": {"type": "object", "required": ["id", "name"], "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string"},
                    "nick": {"nullable": true, "oneOf": [{"type": "string"}]},
                    "kind": {"type": "string", "enum": ["a"], "x-open-enum": true}
                }},
                "Id": {"type": "string", "pattern": "^[0-9]+$"}
            }}
        })
    }

    const SCHEMA: &str = "/paths/~1a/get/responses/200/content/application~1json/schema";

    #[test]
    fn violations_point_into_the_spec() {
        let schemas = Schemas::new(&spec());
        let found =
            schemas.violations(SCHEMA, &json!({"user": {"id": 39, "nick": 5, "kind": "b"}}));
        let mut places: Vec<_> = found
            .iter()
            .map(|v| {
                (
                    v.instance.as_str(),
                    v.spec_pointer.as_str(),
                    v.observed.as_str(),
                )
            })
            .collect();
        places.sort();
        assert_eq!(
            places,
            [
                ("/user/id", "/components/schemas/Id/type", "39"),
                ("/user/name", "/components/schemas/User/required", "absent"),
                (
                    "/user/nick",
                    "/components/schemas/User/properties/nick",
                    "5"
                ),
            ],
            "{found:#?}"
        );
        let id = found.iter().find(|v| v.instance == "/user/id").unwrap();
        assert_eq!(id.expected, "type: \"string\"");
        assert!(schemas.is_valid(
            SCHEMA,
            &json!({"user": {"id": "1", "name": "n", "nick": null}})
        ));
    }
}
