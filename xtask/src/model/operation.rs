//! Operations of the model: method, path, merged parameters, bodies, responses and security.

use std::collections::BTreeSet;

use openapiv3::{
    Content, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Schema,
    SecurityRequirement, SecurityScheme, StatusCode,
};
use serde_json::Value;

use super::rules::{self, Rules};
use crate::finding::Finding;
use crate::refs;
use crate::spec::Spec;

/// The eight methods of OpenAPI 3.0, in `PathItem` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "get" => Self::Get,
            "put" => Self::Put,
            "post" => Self::Post,
            "delete" => Self::Delete,
            "options" => Self::Options,
            "head" => Self::Head,
            "patch" => Self::Patch,
            "trace" => Self::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it.
    pub fn upper(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// The method as the spec writes it.
    pub fn lower(self) -> String {
        self.upper().to_ascii_lowercase()
    }
}

/// One operation.
pub struct Operation {
    pub id: String,
    pub method: Method,
    pub path: String,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path-level and operation-level parameters merged, in declaration order.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives, each a set of schemes that must all be present; empty: no credential needed.
    pub security: Vec<Vec<SecurityUse>>,
    /// What the operation's vendor extensions ask of servers and clients.
    pub rules: Rules,
    /// `x-codeSamples` that have the shape Redoc reads (`lang` and `source`), in spec order.
    pub code_samples: Vec<CodeSample>,
}

/// One `x-codeSamples` item.
pub struct CodeSample {
    pub lang: String,
    pub source: String,
}

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// OpenAPI's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// One parameter.
pub struct Parameter {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub style: Style,
    pub explode: bool,
    /// The schema, or the schema of the single media type of `content`.
    pub schema: Option<ReferenceOr<Schema>>,
    /// The value is JSON text (`content: application/json`).
    pub json: bool,
    pub description: Option<String>,
    pub missing_message: Option<String>,
    /// `x-id-type`: the component schema whose (replacement) type the facade takes for this id.
    pub id_type: Option<String>,
}

/// `x-id-type`: on a parameter or a schema property, the component schema naming the kind of id it
/// holds; the client's facade takes and returns that component's replacement type there.
pub const ID_TYPE: &str = "x-id-type";

/// How a media type's body is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    Form,
    Text,
    /// Bytes as they are: octet-stream, and what the generator cannot type (XML, multipart…).
    Binary,
}

impl MediaKind {
    pub fn of(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            Self::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Self::Form
        } else if essence.starts_with("text/") && essence != "text/xml" {
            Self::Text
        } else {
            Self::Binary
        }
    }
}

/// One media type of a body.
pub struct Media {
    pub media_type: String,
    pub kind: MediaKind,
    pub schema: Option<ReferenceOr<Schema>>,
    /// Named examples (`example` is named `example`), `$ref`s followed.
    pub examples: Vec<(String, Value)>,
}

pub struct RequestBody {
    pub required: bool,
    pub media: Vec<Media>,
}

/// A documented status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `4XX`, by its first digit.
    Range(u16),
    Default,
}

pub struct Response {
    pub status: Status,
    pub description: String,
    pub headers: Vec<Header>,
    pub media: Vec<Media>,
}

pub struct Header {
    pub name: String,
    pub required: bool,
    pub schema: Option<ReferenceOr<Schema>>,
}

/// A security scheme as a requirement uses it.
#[derive(Debug, Clone)]
pub struct SecurityUse {
    pub scheme_name: String,
    pub scheme: SchemeKind,
    pub missing_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    ApiKey { location: Location, name: String },
    Basic,
    Bearer,
}

/// Every operation of the spec, in path then method order.
pub(super) fn operations(spec: &Spec, findings: &mut Vec<Finding>) -> Vec<Operation> {
    let openapi = &spec.openapi;
    let mut found = Vec::new();
    let mut ids = BTreeSet::new();
    let mut shapes: Vec<(String, String)> = Vec::new();
    let derived_ids = spec_support::operation_ids(&spec.raw);
    for (path, item) in &openapi.paths.paths {
        let path_pointer = format!("/paths/{}", spec_support::segment(path));
        let ReferenceOr::Item(item) = item else {
            findings.push(Finding::error(
                &spec.file,
                "document",
                &path_pointer,
                "path items by $ref are not supported",
            ));
            continue;
        };
        let shape = template_shape(path);
        if let Some((other, _)) = shapes.iter().find(|(_, s)| *s == shape) {
            findings.push(Finding::error(&spec.file, "document", &path_pointer, format!("the same path as `{other}` but for parameter names: requests cannot tell them apart")));
        }
        shapes.push((path.clone(), shape));
        for (method, operation) in item.iter() {
            let Some(method) = Method::parse(method) else {
                continue;
            };
            let pointer = format!("{path_pointer}/{}", method.lower());
            let mut context = Context {
                spec,
                pointer: &pointer,
                owner: String::new(),
                findings,
            };
            let id = match operation.operation_id.clone() {
                Some(id) => id,
                None => {
                    let Some(id) = derived_ids.get(&(path.clone(), method.lower())).cloned() else {
                        continue;
                    };
                    context.warning(
                        "",
                        format!("has no operationId: the generators name it `{id}`, after its method and path"),
                    );
                    id
                }
            };
            context.owner = format!("operation {id}");
            if !ids.insert(id.clone()) {
                context.error("/operationId", "is used by another operation too");
                continue;
            }
            let parameters = context.parameters(path, &item.parameters, &operation.parameters);
            let body = operation
                .request_body
                .as_ref()
                .and_then(|body| context.body(body));
            let responses = context.responses(&operation.responses);
            let security =
                context.security(operation.security.as_ref().or(openapi.security.as_ref()));
            let (rules, problems) =
                rules::read(openapi, &operation.extensions, &parameters, body.as_ref());
            for (at, reason) in problems {
                context.error(&at, reason);
            }
            found.push(Operation {
                id,
                method,
                path: path.clone(),
                pointer,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                parameters,
                body,
                responses,
                security,
                rules,
                code_samples: code_samples(&operation.extensions),
            });
        }
    }
    found
}

/// The well-formed items of `x-codeSamples` (the lint reports the others).
fn code_samples(extensions: &indexmap::IndexMap<String, Value>) -> Vec<CodeSample> {
    let items = extensions.get("x-codeSamples").and_then(Value::as_array);
    items
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            Some(CodeSample {
                lang: text("lang")?,
                source: text("source")?,
            })
        })
        .collect()
}

/// A template with parameter names blanked: two paths of the same shape are ambiguous.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut inside = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                inside = true;
                shape.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => shape.push(c),
            _ => {}
        }
    }
    shape
}

/// The parameter names of a path template, checked as progenitor parses it.
pub fn template_names(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err("a path must start with `/`".to_owned());
    }
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("`}` without `{`".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "`{` without `}`".to_owned())?;
        let name = &after[..close];
        if name.is_empty() || name.contains(['/', '{']) {
            return Err(format!("`{{{name}}}` is not a parameter name"));
        }
        names.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(names)
}

struct Context<'a> {
    spec: &'a Spec,
    pointer: &'a str,
    owner: String,
    findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    /// `at` is relative to the operation, or absolute when it starts with `/paths/`.
    fn place(&self, at: &str) -> String {
        if at.starts_with("/paths/") {
            at.to_owned()
        } else {
            format!("{}{at}", self.pointer)
        }
    }

    fn error(&mut self, at: &str, reason: impl Into<String>) {
        let pointer = self.place(at);
        self.findings.push(Finding::error(
            &self.spec.file,
            &self.owner,
            &pointer,
            reason,
        ));
    }

    fn warning(&mut self, at: &str, reason: impl Into<String>) {
        let pointer = self.place(at);
        self.findings.push(Finding::warning(
            &self.spec.file,
            &self.owner,
            &pointer,
            reason,
        ));
    }

    fn parameters(
        &mut self,
        path: &str,
        path_level: &[ReferenceOr<openapiv3::Parameter>],
        operation_level: &[ReferenceOr<openapiv3::Parameter>],
    ) -> Vec<Parameter> {
        let mut merged: Vec<Parameter> = Vec::new();
        let path_pointer = format!("/paths/{}/parameters", spec_support::segment(path));
        let levels = [
            (path_pointer.as_str(), path_level),
            ("/parameters", operation_level),
        ];
        for (at, list) in levels {
            for (index, parameter) in list.iter().enumerate() {
                let at = format!("{at}/{index}");
                let parameter =
                    match refs::resolve(self.spec.openapi.components.as_ref(), parameter) {
                        Ok(parameter) => parameter,
                        Err(reason) => {
                            self.error(&at, reason);
                            continue;
                        }
                    };
                let Some(parameter) = self.parameter(parameter, &at) else {
                    continue;
                };
                // The operation's parameter wins over the path's of the same name and location.
                match merged
                    .iter_mut()
                    .find(|p| p.name == parameter.name && p.location == parameter.location)
                {
                    Some(existing) => *existing = parameter,
                    None => merged.push(parameter),
                }
            }
        }
        // A malformed template is an error `progenitor_input` reports; it declares no names here.
        let names = template_names(path).unwrap_or_default();
        for name in &names {
            if !merged
                .iter()
                .any(|p| p.location == Location::Path && &p.name == name)
            {
                self.warning(
                    "",
                    format!("the path parameter `{name}` is not declared: it is read as a string"),
                );
                merged.push(Parameter {
                    name: name.clone(),
                    location: Location::Path,
                    required: true,
                    style: Style::Simple,
                    explode: false,
                    schema: Some(ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(
                            Default::default(),
                        )),
                    })),
                    json: false,
                    description: None,
                    missing_message: None,
                    id_type: None,
                });
            }
        }
        merged.retain(|p| p.location != Location::Path || names.contains(&p.name));
        // Headers the HTTP layer owns are ignored, as the spec says.
        merged.retain(|p| {
            !(p.location == Location::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&p.name.to_ascii_lowercase().as_str()))
        });
        merged
    }

    fn parameter(&mut self, parameter: &openapiv3::Parameter, at: &str) -> Option<Parameter> {
        use openapiv3::Parameter as P;
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            P::Path { style, .. } => (
                Location::Path,
                match style {
                    PathStyle::Simple => Style::Simple,
                    PathStyle::Label => Style::Label,
                    PathStyle::Matrix => Style::Matrix,
                },
            ),
            P::Query { style, .. } => (
                Location::Query,
                match style {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                },
            ),
            P::Header { .. } => (Location::Header, Style::Simple),
            P::Cookie { .. } => (Location::Cookie, Style::Form),
        };
        let (schema, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (Some(schema.clone()), false),
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.iter().next() else {
                    self.error(at, "a parameter with `content` needs one media type");
                    return None;
                };
                if MediaKind::of(media_type) != MediaKind::Json {
                    self.warning(
                        at,
                        format!("parameter content {media_type} is read as text"),
                    );
                }
                (
                    media.schema.clone(),
                    MediaKind::of(media_type) == MediaKind::Json,
                )
            }
        };
        if location == Location::Path && !data.required {
            self.warning(at, "a path parameter is always required (`required: true`)");
        }
        Some(Parameter {
            name: data.name.clone(),
            location,
            required: data.required || location == Location::Path,
            style,
            explode: data.explode.unwrap_or(style == Style::Form),
            schema,
            json,
            description: data.description.clone(),
            missing_message: data
                .extensions
                .get("x-missing-message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            id_type: data
                .extensions
                .get(ID_TYPE)
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    fn body(&mut self, body: &ReferenceOr<openapiv3::RequestBody>) -> Option<RequestBody> {
        let body = match refs::resolve(self.spec.openapi.components.as_ref(), body) {
            Ok(body) => body,
            Err(reason) => {
                self.error("/requestBody", reason);
                return None;
            }
        };
        if body.content.is_empty() {
            self.warning(
                "/requestBody",
                "declares no media type; the body is ignored",
            );
            return None;
        }
        let media = self.media(&body.content, "/requestBody");
        Some(RequestBody {
            required: body.required,
            media,
        })
    }

    fn media(&mut self, content: &Content, at: &str) -> Vec<Media> {
        let mut found = Vec::new();
        for (media_type, media) in content {
            let kind = MediaKind::of(media_type);
            let essence = media_type.split(';').next().unwrap_or_default().trim();
            if kind == MediaKind::Binary
                && essence != "application/octet-stream"
                && !essence.contains('*')
                && !essence.starts_with("image/")
            {
                self.warning(
                    &format!("{at}/content/{}", spec_support::segment(media_type)),
                    format!("{media_type} bodies cannot be typed: they are handled as bytes"),
                );
            }
            let mut examples = Vec::new();
            if let Some(value) = &media.example {
                examples.push(("example".to_owned(), value.clone()));
            }
            for (name, example) in &media.examples {
                match refs::resolve(self.spec.openapi.components.as_ref(), example) {
                    Ok(example) => {
                        if let Some(value) = &example.value {
                            examples.push((name.clone(), value.clone()));
                        }
                    }
                    Err(reason) => self.error(
                        &format!(
                            "{at}/content/{}/examples/{name}",
                            spec_support::segment(media_type)
                        ),
                        reason,
                    ),
                }
            }
            found.push(Media {
                media_type: media_type.clone(),
                kind,
                schema: media.schema.clone(),
                examples,
            });
        }
        found
    }

    fn responses(&mut self, responses: &openapiv3::Responses) -> Vec<Response> {
        let mut found = Vec::new();
        let declared = responses
            .responses
            .iter()
            .map(|(code, response)| {
                let status = match code {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(range) => Status::Range(*range),
                };
                (status, code.to_string(), response)
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|response| (Status::Default, "default".to_owned(), response)),
            );
        for (status, name, response) in declared {
            let at = format!("/responses/{name}");
            let response = match refs::resolve(self.spec.openapi.components.as_ref(), response) {
                Ok(response) => response,
                Err(reason) => {
                    self.error(&at, reason);
                    continue;
                }
            };
            let mut headers = Vec::new();
            for (header_name, header) in &response.headers {
                match refs::resolve(self.spec.openapi.components.as_ref(), header) {
                    Ok(header) => headers.push(Header {
                        name: header_name.clone(),
                        required: header.required,
                        schema: match &header.format {
                            ParameterSchemaOrContent::Schema(schema) => Some(schema.clone()),
                            ParameterSchemaOrContent::Content(content) => {
                                content.values().next().and_then(|m| m.schema.clone())
                            }
                        },
                    }),
                    Err(reason) => self.error(&format!("{at}/headers/{header_name}"), reason),
                }
            }
            let media = self.media(&response.content, &at);
            found.push(Response {
                status,
                description: response.description.clone(),
                headers,
                media,
            });
        }
        if found.is_empty() {
            // OpenAPI asks for at least one, but generators (dropshot's free-form responses) write
            // `responses: {}`; progenitor reads it as any answer, bytes of any status, and so do we.
            self.warning(
                "/responses",
                "declares no response: any status, the body as bytes (a `default` response)",
            );
            found.push(Response {
                status: Status::Default,
                description: "Any answer: the spec documents none.".to_owned(),
                headers: Vec::new(),
                media: vec![Media {
                    media_type: "application/octet-stream".to_owned(),
                    kind: MediaKind::Binary,
                    schema: None,
                    examples: Vec::new(),
                }],
            });
        }
        found
    }

    fn security(
        &mut self,
        requirements: Option<&Vec<SecurityRequirement>>,
    ) -> Vec<Vec<SecurityUse>> {
        let mut alternatives = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            let mut uses = Vec::new();
            for scheme_name in requirement.keys() {
                let schemes = self
                    .spec
                    .openapi
                    .components
                    .as_ref()
                    .map(|c| &c.security_schemes);
                let Some(scheme) = schemes.and_then(|s| s.get(scheme_name)) else {
                    self.error(
                        "/security",
                        format!("the security scheme `{scheme_name}` is not declared"),
                    );
                    continue;
                };
                let scheme = match refs::resolve(self.spec.openapi.components.as_ref(), scheme) {
                    Ok(scheme) => scheme,
                    Err(reason) => {
                        self.error("/security", reason);
                        continue;
                    }
                };
                let (kind, extensions) = match scheme {
                    SecurityScheme::APIKey {
                        location,
                        name,
                        extensions,
                        ..
                    } => (
                        SchemeKind::ApiKey {
                            location: match location {
                                openapiv3::APIKeyLocation::Query => Location::Query,
                                openapiv3::APIKeyLocation::Header => Location::Header,
                                openapiv3::APIKeyLocation::Cookie => Location::Cookie,
                            },
                            name: name.clone(),
                        },
                        extensions,
                    ),
                    SecurityScheme::HTTP {
                        scheme, extensions, ..
                    } => {
                        if scheme.eq_ignore_ascii_case("basic") {
                            (SchemeKind::Basic, extensions)
                        } else {
                            if !scheme.eq_ignore_ascii_case("bearer") {
                                self.warning(
                                    "/security",
                                    format!(
                                        "HTTP scheme `{scheme}` is read as a bearer-like token"
                                    ),
                                );
                            }
                            (SchemeKind::Bearer, extensions)
                        }
                    }
                    SecurityScheme::OAuth2 { extensions, .. }
                    | SecurityScheme::OpenIDConnect { extensions, .. } => {
                        (SchemeKind::Bearer, extensions)
                    }
                };
                uses.push(SecurityUse {
                    scheme_name: scheme_name.clone(),
                    scheme: kind,
                    missing_message: extensions
                        .get("x-missing-message")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                });
            }
            alternatives.push(uses);
        }
        alternatives
    }
}

/// A helper for emitters: the security schemes an operation may carry, each once, with whether every
/// alternative needs it.
pub fn credentials(operation: &Operation) -> Vec<(SecurityUse, bool)> {
    let mut found: Vec<(SecurityUse, bool)> = Vec::new();
    for alternative in &operation.security {
        for scheme in alternative {
            if found
                .iter()
                .any(|(s, _)| s.scheme_name == scheme.scheme_name)
            {
                continue;
            }
            let everywhere = operation
                .security
                .iter()
                .all(|a| a.iter().any(|s| s.scheme_name == scheme.scheme_name));
            found.push((scheme.clone(), everywhere));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(
            template_shape("/pets/{id}"),
            template_shape("/pets/{petId}")
        );
        assert_ne!(
            template_shape("/pets/{id}"),
            template_shape("/pets/{id}/photos")
        );
        assert_eq!(template_names("/a/{x}/b/{y}.json").unwrap(), ["x", "y"]);
    }
}
