//! One operation's request contract, as the generator writes it from the spec.

use axum::extract::Request;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{collect, BodyKind, Field, Input, Rejection, Schema};

/// Everything needed to turn an HTTP request into an operation's typed request.
pub struct Operation {
    pub body: BodyKind,
    /// Credentials first, then parameters and form properties, in the order they are checked.
    pub fields: &'static [Field],
    /// The JSON Schema of the request object: parameters at the top level, the body under `body`.
    pub schema: Schema,
    pub body_limit: usize,
}

impl Operation {
    /// Reads, checks and converts `request`, or says why it cannot be taken.
    pub async fn parse<T: DeserializeOwned>(&self, request: Request) -> Result<T, Rejection> {
        let input = Input::read(request, self.body, self.body_limit).await?;
        let object = Value::Object(collect(input, self.fields)?);
        self.schema.check(&object)?;
        serde_path_to_error::deserialize(object).map_err(|error| {
            let path = error.path().to_string();
            Rejection::Invalid(if path == "." {
                error.into_inner().to_string()
            } else {
                format!("{path}: {}", error.into_inner())
            })
        })
    }
}
