//! One operation's request contract, as the generator writes it from the spec.

use axum::extract::Request;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{collect, BodyKind, EmptyValues, Field, Input, Rejection, Schema, Source};

/// Everything needed to turn an HTTP request into an operation's typed request.
pub struct Operation {
    pub body: BodyKind,
    /// Credentials first, then parameters and form properties, in the order they are checked.
    pub fields: &'static [Field],
    /// What an empty value means to this API.
    pub empty_values: EmptyValues,
    /// The JSON Schema of the request object: parameters at the top level, the body under `body`.
    pub schema: Schema,
    pub body_limit: usize,
}

impl Operation {
    /// Reads, checks and converts `request`, or says why it cannot be taken.
    pub async fn parse<T: DeserializeOwned>(&self, request: Request) -> Result<T, Rejection> {
        // A missing credential is answered as such whatever the body: services authenticate first.
        for field in self
            .fields
            .iter()
            .filter(|field| field.credential && field.source == Source::Header)
        {
            let present = request
                .headers()
                .get(field.name)
                .is_some_and(|value| !value.is_empty());
            if !present {
                return Err(Rejection::MissingCredential(field.missing_message()));
            }
        }
        let input = Input::read(request, self.body, self.body_limit).await?;
        let object = Value::Object(collect(input, self.fields, self.empty_values)?);
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
