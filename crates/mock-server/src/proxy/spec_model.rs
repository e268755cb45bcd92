//! What the proxy checks traffic against: one API's spec read into typed operations (by `openapiv3`),
//! each part carrying the JSON pointer of where the spec says it, so that a finding can name it.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, StatusCode};
use serde_json::Value;
use server_support::{Found, Route, Routes};
use spec_support::segment;

use super::ProxyError;
use crate::MockApi;

/// One API's spec, ready to check traffic against.
pub struct SpecModel {
    /// The spec file's text, for line numbers.
    pub text: &'static str,
    /// The spec as written (open enums keep their `enum`, for telling additions apart).
    pub raw: Value,
    /// `x-rejections`, when the spec declares it: the API's own error answers (see `envelope`).
    pub rejections: Option<Value>,
    /// `x-empty-values-are-missing`: an empty query or form value counts as absent.
    pub empty_values_are_missing: bool,
    /// `x-credential-field`: the field carrying the caller's key, never to be reported.
    pub credential_field: Option<String>,
    pub operations: Vec<OperationModel>,
    routes: Routes,
}

/// One operation of the spec.
pub struct OperationModel {
    /// Its place in [`SpecModel::operations`].
    pub index: usize,
    /// Its `operationId` (or the name the workspace's tools give one without).
    pub id: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    pub parameters: Vec<ParameterModel>,
    pub body: Option<BodyModel>,
    pub responses: Vec<ResponseModel>,
    /// Header names of the `apiKey` security schemes it may use (their values are credentials).
    pub credential_headers: Vec<String>,
}

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    pub fn name(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// One parameter, path-level and operation-level merged.
pub struct ParameterModel {
    pub name: String,
    pub location: Location,
    pub required: bool,
    /// JSON pointer of the parameter (in `components/parameters` when referenced).
    pub pointer: String,
    /// JSON pointer of its schema, when it has one.
    pub schema: Option<String>,
}

/// A request body.
pub struct BodyModel {
    pub required: bool,
    pub pointer: String,
    pub media: Vec<MediaModel>,
}

/// One media type of a body.
pub struct MediaModel {
    /// As the spec writes it: `application/json`, `text/*`, ...
    pub media_type: String,
    pub pointer: String,
    /// JSON pointer of its schema, when it has one.
    pub schema: Option<String>,
}

/// One documented response.
pub struct ResponseModel {
    pub status: StatusKey,
    pub pointer: String,
    pub media: Vec<MediaModel>,
}

/// A documented status: a code, a range (`4XX`) or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKey {
    Code(u16),
    Range(u16),
    Default,
}

impl StatusKey {
    pub fn label(self) -> String {
        match self {
            Self::Code(code) => code.to_string(),
            Self::Range(hundreds) => format!("{hundreds}XX"),
            Self::Default => "default".to_owned(),
        }
    }
}

/// What a request's method and path reach.
pub enum Match<'a> {
    Operation(&'a OperationModel),
    /// The path exists, not with this method.
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

impl SpecModel {
    /// Reads the embedded spec of `api`.
    pub fn load(api: &'static MockApi) -> Result<Self, ProxyError> {
        let invalid = |reason: String| ProxyError::Spec {
            api: api.name,
            reason,
        };
        let raw = api
            .spec_value()
            .map_err(|error| invalid(format!("{error:#}")))?;
        let openapi: OpenAPI =
            serde_json::from_value(raw.clone()).map_err(|error| invalid(error.to_string()))?;
        let ids = spec_support::operation_ids(&raw);
        let mut operations = Vec::new();
        let mut routes = Vec::new();
        for (path, item) in openapi.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let mut methods = Vec::new();
            for (method, operation) in item.iter() {
                let pointer = format!("/paths/{}/{method}", segment(path));
                let id = ids
                    .get(&(path.clone(), method.to_owned()))
                    .cloned()
                    .unwrap_or_else(|| format!("{method} {path}"));
                let mut parameters: Vec<ParameterModel> = Vec::new();
                let declared = item
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("/paths/{}/parameters/{i}", segment(path)), p))
                    .chain(
                        operation
                            .parameters
                            .iter()
                            .enumerate()
                            .map(|(i, p)| (format!("{pointer}/parameters/{i}"), p)),
                    );
                for (at, parameter) in declared {
                    let Some(parameter) = parameter_model(&openapi, at, parameter) else {
                        continue;
                    };
                    // The operation's own declaration wins over the path's, by name and location.
                    parameters.retain(|p: &ParameterModel| {
                        p.name != parameter.name || p.location != parameter.location
                    });
                    parameters.push(parameter);
                }
                let body = operation
                    .request_body
                    .as_ref()
                    .and_then(|body| body_model(&openapi, &format!("{pointer}/requestBody"), body));
                let mut responses = Vec::new();
                for (status, response) in &operation.responses.responses {
                    let key = match status {
                        StatusCode::Code(code) => StatusKey::Code(*code),
                        StatusCode::Range(hundreds) => StatusKey::Range(*hundreds),
                    };
                    let at = format!("{pointer}/responses/{}", segment(&status.to_string()));
                    responses.push(response_model(&openapi, key, at, response));
                }
                if let Some(response) = &operation.responses.default {
                    let at = format!("{pointer}/responses/default");
                    responses.push(response_model(&openapi, StatusKey::Default, at, response));
                }
                let security = operation.security.as_ref().or(openapi.security.as_ref());
                let schemes = openapi.components.as_ref().map(|c| &c.security_schemes);
                let credential_headers = security
                    .into_iter()
                    .flatten()
                    .flat_map(|requirement| requirement.keys())
                    .filter_map(|name| match schemes?.get(name)? {
                        ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { name, .. }) => {
                            Some(name.clone())
                        }
                        ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { .. }) => {
                            Some("Authorization".to_owned())
                        }
                        _ => None,
                    })
                    .collect();
                methods.push((method.to_ascii_uppercase(), operations.len()));
                operations.push(OperationModel {
                    index: operations.len(),
                    id,
                    pointer,
                    parameters,
                    body,
                    responses,
                    credential_headers,
                });
            }
            let methods: &'static [(&'static str, usize)] = Box::leak(
                methods
                    .into_iter()
                    .map(|(method, index)| (&*Box::leak(method.into_boxed_str()), index))
                    .collect(),
            );
            routes.push(Route {
                template: Box::leak(path.clone().into_boxed_str()),
                operations: methods,
            });
        }
        // The route table lives as long as the process: one per API, built once at start-up.
        let routes: &'static [Route] = Box::leak(routes.into_boxed_slice());
        let flag = |name: &str| raw.get(name).and_then(Value::as_bool).unwrap_or(false);
        let routes = if flag("x-any-method") {
            Routes::any_method(routes)
        } else {
            Routes::new(routes)
        };
        Ok(Self {
            text: api.spec,
            rejections: raw.get("x-rejections").cloned(),
            empty_values_are_missing: flag("x-empty-values-are-missing"),
            credential_field: raw
                .get("x-credential-field")
                .and_then(Value::as_str)
                .map(str::to_owned),
            raw,
            operations,
            routes,
        })
    }

    /// The operation for a method and a path relative to the API's base path.
    pub fn find(&self, method: &str, path: &str) -> (Match<'_>, Vec<(String, String)>) {
        let path = if path.is_empty() { "/" } else { path };
        match self.routes.find(method, path) {
            Found::Operation { index, params } => {
                (Match::Operation(&self.operations[index]), params)
            }
            Found::MethodNotAllowed { allow } => (Match::MethodNotAllowed { allow }, Vec::new()),
            Found::NotFound => (Match::NotFound, Vec::new()),
        }
    }

    /// The value at a JSON pointer of the spec, following `$ref`s on the way and at the end; with the
    /// pointer of where it really is.
    pub fn resolve(&self, pointer: &str) -> Option<(String, &Value)> {
        let mut at = pointer.to_owned();
        let mut value = self.raw.pointer(pointer)?;
        for _ in 0..32 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    let target = target.strip_prefix('#')?;
                    value = self.raw.pointer(target)?;
                    at = target.to_owned();
                }
                None => return Some((at, value)),
            }
        }
        None
    }

    /// The 1-based line of a pointer in the spec file (of the deepest node the text shows).
    pub fn line(&self, pointer: &str) -> Option<usize> {
        spec_support::locate::locate(self.text, pointer).map(|located| located.line)
    }
}

fn parameter_model(
    openapi: &OpenAPI,
    at: String,
    parameter: &ReferenceOr<Parameter>,
) -> Option<ParameterModel> {
    let (pointer, parameter) = match parameter {
        ReferenceOr::Item(parameter) => (at, parameter),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            let target = openapi.components.as_ref()?.parameters.get(name)?;
            match target {
                ReferenceOr::Item(parameter) => (
                    format!("/components/parameters/{}", segment(name)),
                    parameter,
                ),
                ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    let location = match parameter {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    };
    let data = parameter.parameter_data_ref();
    let schema = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(_) => Some(format!("{pointer}/schema")),
        openapiv3::ParameterSchemaOrContent::Content(content) => content
            .iter()
            .find(|(_, media)| media.schema.is_some())
            .map(|(name, _)| format!("{pointer}/content/{}/schema", segment(name))),
    };
    Some(ParameterModel {
        name: data.name.clone(),
        location,
        required: data.required || location == Location::Path,
        pointer,
        schema,
    })
}

fn body_model(
    openapi: &OpenAPI,
    at: &str,
    body: &ReferenceOr<openapiv3::RequestBody>,
) -> Option<BodyModel> {
    let (pointer, body) = match body {
        ReferenceOr::Item(body) => (at.to_owned(), body),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            match openapi.components.as_ref()?.request_bodies.get(name)? {
                ReferenceOr::Item(body) => {
                    (format!("/components/requestBodies/{}", segment(name)), body)
                }
                ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    Some(BodyModel {
        required: body.required,
        media: media_models(&pointer, &body.content),
        pointer,
    })
}

fn response_model(
    openapi: &OpenAPI,
    status: StatusKey,
    at: String,
    response: &ReferenceOr<openapiv3::Response>,
) -> ResponseModel {
    let resolved = match response {
        ReferenceOr::Item(response) => Some((at.clone(), response)),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(
                |name| match openapi.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(response) => {
                        Some((format!("/components/responses/{}", segment(name)), response))
                    }
                    ReferenceOr::Reference { .. } => None,
                },
            ),
    };
    match resolved {
        Some((pointer, response)) => ResponseModel {
            status,
            media: media_models(&pointer, &response.content),
            pointer,
        },
        None => ResponseModel {
            status,
            pointer: at,
            media: Vec::new(),
        },
    }
}

fn media_models(pointer: &str, content: &openapiv3::Content) -> Vec<MediaModel> {
    content
        .iter()
        .map(|(media_type, media)| {
            let at = format!("{pointer}/content/{}", segment(media_type));
            MediaModel {
                media_type: media_type.clone(),
                schema: media.schema.as_ref().map(|_| format!("{at}/schema")),
                pointer: at,
            }
        })
        .collect()
}

/// The documented response for `status`: the code itself, else its range, else `default`.
pub fn response_for(operation: &OperationModel, status: u16) -> Option<&ResponseModel> {
    let find = |key: StatusKey| operation.responses.iter().find(|r| r.status == key);
    find(StatusKey::Code(status))
        .or_else(|| find(StatusKey::Range(status / 100)))
        .or_else(|| find(StatusKey::Default))
}

/// The documented media type a received `Content-Type` matches (its essence against exact types
/// first, then `type/*`, then `*/*`).
pub fn media_for<'a>(media: &'a [MediaModel], content_type: &str) -> Option<&'a MediaModel> {
    let received = essence(content_type);
    let main = received.split('/').next().unwrap_or_default();
    media
        .iter()
        .find(|m| essence(&m.media_type) == received)
        .or_else(|| {
            media
                .iter()
                .find(|m| essence(&m.media_type) == format!("{main}/*"))
        })
        .or_else(|| media.iter().find(|m| essence(&m.media_type) == "*/*"))
}

/// A media type without parameters, lower-cased: `application/json; charset=utf-8` is `application/json`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or any `+json` type.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}
