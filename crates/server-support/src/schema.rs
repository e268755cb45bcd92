//! Checking a request against the JSON Schema the generator took from the spec.

use std::sync::OnceLock;

use serde_json::Value;

use crate::Rejection;

/// A JSON Schema compiled on first use (the text is generated, `nullable` already rewritten).
pub struct Schema {
    text: &'static str,
    compiled: OnceLock<Result<jsonschema::Validator, String>>,
}

impl Schema {
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            compiled: OnceLock::new(),
        }
    }

    /// `Ok` when `value` satisfies the schema; otherwise the first violation, with where it is.
    pub fn check(&self, value: &Value) -> Result<(), Rejection> {
        self.check_at(value, "")
    }

    /// [`Schema::check`] for a request body: places are named from `body`.
    pub fn check_body(&self, value: &Value) -> Result<(), Rejection> {
        self.check_at(value, "body")
    }

    fn check_at(&self, value: &Value, root: &str) -> Result<(), Rejection> {
        let compiled = self.compiled.get_or_init(|| {
            let schema: Value =
                serde_json::from_str(self.text).map_err(|error| error.to_string())?;
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .build(&schema)
                .map_err(|error| error.to_string())
        });
        let validator = compiled.as_ref().map_err(|error| {
            Rejection::Invalid(format!(
                "the server's schema for this request is broken: {error}"
            ))
        })?;
        // The common case, valid input, takes the validator's fast path (no error collection).
        if validator.is_valid(value) {
            return Ok(());
        }
        match validator.iter_errors(value).next() {
            None => Ok(()),
            Some(error) => {
                let place = format!("{root}{}", error.instance_path());
                let place = place.trim_start_matches('/').replace('/', ".");
                Err(Rejection::Invalid(if place.is_empty() {
                    error.to_string()
                } else {
                    format!("{place}: {error}")
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static PAGING: Schema =
        Schema::new(r#"{"type":"object","properties":{"limit":{"type":"integer","minimum":25}}}"#);

    #[test]
    fn names_the_offending_field() {
        assert!(PAGING.check(&json!({"limit": 50})).is_ok());
        let Err(Rejection::Invalid(message)) = PAGING.check(&json!({"limit": 10})) else {
            panic!("accepted")
        };
        assert!(
            message.starts_with("limit: 10 is less than the minimum of 25"),
            "{message}"
        );
    }
}
