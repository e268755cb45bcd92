//! The JSON Schemas the generated routers check requests against: self-contained (the component
//! schemas they reach ride along), checked to compile before they are written into the code.

use anyhow::Result;
use openapiv3::OpenAPI;
use serde_json::{json, Value};

/// The spec's component schemas as JSON, serialized once for every schema built from them.
pub struct JsonSchemas {
    components: Value,
}

impl JsonSchemas {
    pub fn new(openapi: &OpenAPI) -> Result<Self> {
        let components = match &openapi.components {
            Some(components) => json!({ "schemas": serde_json::to_value(&components.schemas)? }),
            None => Value::Null,
        };
        Ok(Self { components })
    }

    /// A self-contained JSON Schema (draft 4, as OpenAPI 3.0's) of `schema`.
    pub fn root(&self, schema: &Value) -> Value {
        spec_support::json_schema::with_components(schema, &self.components)
    }

    /// A validator of `schema`, or why it does not compile.
    pub fn validator(&self, schema: &Value) -> Result<jsonschema::Validator> {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&self.root(schema))
            .map_err(|error| anyhow::anyhow!("the JSON Schema does not compile: {error}"))
    }

    /// [`JsonSchemas::root`] as text, after checking that it compiles.
    pub fn text(&self, schema: &Value) -> Result<String> {
        self.validator(schema)?;
        Ok(serde_json::to_string(&self.root(schema))?)
    }
}
