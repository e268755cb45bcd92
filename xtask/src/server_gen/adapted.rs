//! The client's view of each operation: the schemas progenitor was handed after `progenitor_input`
//! adapted the spec (inline schemas that clash moved to components, path-level parameters copied
//! down). The server types a schema the client also types from this view, so both name it the same.

use openapiv3::{OpenAPI, ParameterSchemaOrContent, ReferenceOr, Schema, StatusCode};

use crate::model::{self, Location, Status};
use crate::refs;

/// The adapted document and lookups into it.
pub struct Adapted<'a> {
    pub openapi: &'a OpenAPI,
}

impl<'a> Adapted<'a> {
    fn resolve<T: refs::Component>(&self, item: &'a ReferenceOr<T>) -> Option<&'a T> {
        refs::resolve(self.openapi.components.as_ref(), item).ok()
    }

    fn operation(&self, id: &str) -> Option<&'a openapiv3::Operation> {
        self.openapi
            .operations()
            .map(|(_, _, operation)| operation)
            .find(|operation| operation.operation_id.as_deref() == Some(id))
    }

    /// The client's schema of a parameter, when the client takes it.
    pub fn parameter(&self, id: &str, parameter: &model::Parameter) -> Option<ReferenceOr<Schema>> {
        let operation = self.operation(id)?;
        operation.parameters.iter().find_map(|candidate| {
            let candidate = self.resolve(candidate)?;
            let data = candidate.parameter_data_ref();
            let location = match candidate {
                openapiv3::Parameter::Path { .. } => Location::Path,
                openapiv3::Parameter::Query { .. } => Location::Query,
                openapiv3::Parameter::Header { .. } => Location::Header,
                openapiv3::Parameter::Cookie { .. } => Location::Cookie,
            };
            if data.name != parameter.name || location != parameter.location {
                return None;
            }
            match &data.format {
                ParameterSchemaOrContent::Schema(schema) => Some(schema.clone()),
                ParameterSchemaOrContent::Content(_) => None,
            }
        })
    }

    /// The client's schema of a request body of `media_type`, when the client sends that one.
    pub fn body(&self, id: &str, media_type: &str) -> Option<ReferenceOr<Schema>> {
        let body = self.resolve(self.operation(id)?.request_body.as_ref()?)?;
        body.content.get(media_type)?.schema.clone()
    }

    /// The client's schema of a response body, when the client reads that one.
    pub fn response(
        &self,
        id: &str,
        status: Status,
        media_type: &str,
    ) -> Option<ReferenceOr<Schema>> {
        let responses = &self.operation(id)?.responses;
        let response = match status {
            Status::Default => responses.default.as_ref()?,
            Status::Code(code) => responses.responses.get(&StatusCode::Code(code))?,
            Status::Range(digit) => responses.responses.get(&StatusCode::Range(digit))?,
        };
        let response = self.resolve(response)?;
        response.content.get(media_type)?.schema.clone()
    }
}
