//! Checking one exchange against the spec, both ways: the operation, its parameters and body; the
//! answer's status, content type and body (envelope-aware), and what the spec leaves open.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::envelope::{documented_messages, envelope_of};
use super::exchange::{form_pairs, Exchange};
use super::open_values::additions;
use super::report::{Direction, Finding, Kind};
use super::schemas::{Schemas, Violation};
use super::spec_model::{
    essence, is_json, media_for, response_for, Location, Match, OperationModel, SpecModel,
};
use super::ProxyError;
use crate::MockApi;

/// The operation name of findings no operation matched.
pub const UNKNOWN: &str = "(unknown)";

/// Everything needed to check one API's traffic.
pub struct ApiChecker {
    pub model: SpecModel,
    schemas: Schemas,
    /// The documented error messages of each operation, by its index.
    messages: Vec<BTreeSet<String>>,
}

/// What checking an exchange found.
pub struct Checked {
    /// The operation's id, or [`UNKNOWN`].
    pub operation: String,
    pub findings: Vec<Finding>,
    /// The exchange's credential values, to be blanked in anything written.
    pub secrets: Vec<String>,
}

impl ApiChecker {
    pub fn new(api: &'static MockApi) -> Result<Self, ProxyError> {
        let model = SpecModel::load(api)?;
        let schemas = Schemas::new(&model.raw);
        let messages = model
            .operations
            .iter()
            .map(|operation| documented_messages(&model, &schemas, operation))
            .collect();
        Ok(Self {
            model,
            schemas,
            messages,
        })
    }

    /// Checks one exchange.
    pub fn check(&self, exchange: &Exchange) -> Checked {
        let (found, path_params) = self.model.find(&exchange.method, &exchange.path);
        let operation = match &found {
            Match::Operation(operation) => Some(*operation),
            _ => None,
        };
        let secrets = exchange.secrets(&self.model, operation);
        let mut out = Out {
            checker: self,
            exchange,
            operation: operation.map_or_else(|| UNKNOWN.to_owned(), |o| o.id.clone()),
            findings: Vec::new(),
        };
        match found {
            Match::Operation(operation) => {
                out.request(operation, &path_params);
                out.response(operation);
            }
            Match::MethodNotAllowed { allow } => out
                .push(Kind::UnknownOperation, Direction::Request)
                .spec(format!("/paths/{}", path_key(&exchange.path)))
                .expected(format!("one of the path's methods: {allow}"))
                .observed(format!("{} {}", exchange.method, exchange.path))
                .message(format!(
                    "the spec has no {} operation at this path",
                    exchange.method
                ))
                .done(),
            Match::NotFound => out
                .push(Kind::UnknownOperation, Direction::Request)
                .spec("/paths".to_owned())
                .expected("a path of the spec".to_owned())
                .observed(format!("{} {}", exchange.method, exchange.path))
                .message("no operation of the spec has this path".to_owned())
                .done(),
        }
        let mut findings = out.findings;
        for finding in &mut findings {
            finding.sanitize(&secrets);
        }
        Checked {
            operation: out.operation,
            findings,
            secrets,
        }
    }
}

/// Findings of one exchange, being collected.
struct Out<'a> {
    checker: &'a ApiChecker,
    exchange: &'a Exchange,
    operation: String,
    findings: Vec<Finding>,
}

/// One finding being built.
struct Draft<'o, 'a> {
    out: &'o mut Out<'a>,
    finding: Finding,
}

impl Draft<'_, '_> {
    fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.finding.pointer = pointer.into();
        self
    }
    fn spec(mut self, pointer: String) -> Self {
        self.finding.spec_line = self.out.checker.model.line(&pointer);
        self.finding.spec_pointer = Some(pointer);
        self
    }
    fn expected(mut self, text: String) -> Self {
        self.finding.expected = text;
        self
    }
    fn observed(mut self, text: String) -> Self {
        self.finding.observed = text;
        self
    }
    fn message(mut self, text: String) -> Self {
        self.finding.message = text;
        self
    }
    fn done(self) {
        self.out.findings.push(self.finding);
    }
}

impl<'a> Out<'a> {
    fn push<'o>(&'o mut self, kind: Kind, direction: Direction) -> Draft<'o, 'a> {
        let exchange = self.exchange;
        let finding = Finding {
            api: exchange.api.to_owned(),
            operation: self.operation.clone(),
            kind,
            direction,
            method: exchange.method.clone(),
            path: exchange.path.clone(),
            status: (direction == Direction::Response).then_some(exchange.status),
            pointer: String::new(),
            spec_pointer: None,
            spec_line: None,
            expected: String::new(),
            observed: String::new(),
            message: String::new(),
            exchange: exchange.seq,
        };
        Draft { out: self, finding }
    }

    fn model(&self) -> &'a SpecModel {
        &self.checker.model
    }

    fn request(&mut self, operation: &OperationModel, path_params: &[(String, String)]) {
        let model = self.model();
        let query = self.exchange.query_pairs();
        let mut declared_query = BTreeSet::new();
        for parameter in &operation.parameters {
            let values: Vec<String> = match parameter.location {
                Location::Path => path_params
                    .iter()
                    .filter(|(name, _)| *name == parameter.name)
                    .map(|(_, value)| value.clone())
                    .collect(),
                Location::Query => {
                    declared_query.insert(parameter.name.clone());
                    query
                        .iter()
                        .filter(|(name, _)| *name == parameter.name)
                        .map(|(_, value)| value.clone())
                        .collect()
                }
                Location::Header => self
                    .exchange
                    .request_headers
                    .get_all(parameter.name.as_str())
                    .iter()
                    .filter_map(|value| value.to_str().ok().map(str::to_owned))
                    .collect(),
                Location::Cookie => continue,
            };
            let values: Vec<String> = values
                .into_iter()
                .filter(|value| !(model.empty_values_are_missing && value.is_empty()))
                .collect();
            let place = format!("/{}/{}", parameter.location.name(), parameter.name);
            if values.is_empty() {
                if parameter.required {
                    self.push(Kind::MissingParameter, Direction::Request)
                        .pointer(place)
                        .spec(parameter.pointer.clone())
                        .expected(format!(
                            "{} parameter `{}`",
                            parameter.location.name(),
                            parameter.name
                        ))
                        .observed("absent".to_owned())
                        .message(format!(
                            "the required {} parameter `{}` was not sent",
                            parameter.location.name(),
                            parameter.name
                        ))
                        .done();
                }
                continue;
            }
            let Some(schema) = &parameter.schema else {
                continue;
            };
            let value = typed_values(model, schema, &values);
            self.violations(Direction::Request, schema, &value, &place);
        }
        let undeclared: BTreeSet<&str> = query
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| !declared_query.contains(*name))
            .collect();
        for name in undeclared {
            self.push(Kind::UndocumentedParameter, Direction::Request)
                .pointer(format!("/query/{name}"))
                .spec(format!("{}/parameters", operation.pointer))
                .expected("a declared query parameter".to_owned())
                .observed(format!("`{name}`"))
                .message(format!("the query parameter `{name}` is not declared"))
                .done();
        }
        let Some(body) = &operation.body else {
            return;
        };
        if self.exchange.request_body.is_empty() {
            if body.required {
                self.push(Kind::MissingBody, Direction::Request)
                    .spec(format!("{}/required", body.pointer))
                    .expected("a request body".to_owned())
                    .observed("no body".to_owned())
                    .message("the required request body was not sent".to_owned())
                    .done();
            }
            return;
        }
        let content_type = self
            .exchange
            .request_content_type()
            .unwrap_or_default()
            .to_owned();
        let Some(media) = media_for(&body.media, &content_type) else {
            let documented: Vec<&str> = body.media.iter().map(|m| m.media_type.as_str()).collect();
            self.push(Kind::UnexpectedContentType, Direction::Request)
                .spec(format!("{}/content", body.pointer))
                .expected(documented.join(", "))
                .observed(if content_type.is_empty() {
                    "no Content-Type".to_owned()
                } else {
                    content_type.clone()
                })
                .message("the request body's media type is not documented".to_owned())
                .done();
            return;
        };
        let Some(schema) = &media.schema else {
            return;
        };
        let value = if is_json(&media.media_type) {
            match serde_json::from_slice::<Value>(&self.exchange.request_body) {
                Ok(value) => value,
                Err(error) => {
                    let observed =
                        String::from_utf8_lossy(&self.exchange.request_body).into_owned();
                    self.push(Kind::MalformedBody, Direction::Request)
                        .spec(media.pointer.clone())
                        .expected(media.media_type.clone())
                        .observed(observed)
                        .message(format!("the request body is not JSON: {error}"))
                        .done();
                    return;
                }
            }
        } else if essence(&media.media_type) == "application/x-www-form-urlencoded" {
            form_object(
                model,
                schema,
                &form_pairs(&self.exchange.request_body),
                model.empty_values_are_missing,
            )
        } else {
            return;
        };
        self.violations(Direction::Request, schema, &value, "");
        self.additions(Direction::Request, schema, &value, "");
    }

    fn response(&mut self, operation: &OperationModel) {
        let exchange = self.exchange;
        let status = exchange.status;
        let documented = response_for(operation, status);
        if documented.is_none() {
            let statuses: Vec<String> = operation
                .responses
                .iter()
                .map(|r| r.status.label())
                .collect();
            self.push(Kind::UndocumentedStatus, Direction::Response)
                .spec(format!("{}/responses", operation.pointer))
                .expected(format!("one of {}", statuses.join(", ")))
                .observed(status.to_string())
                .message(format!(
                    "the status {status} is not documented for this operation"
                ))
                .done();
        }
        let content_type = exchange
            .response_content_type()
            .unwrap_or_default()
            .to_owned();
        let body = exchange.response_body.as_ref();
        let html =
            essence(&content_type) == "text/html" || body.is_some_and(|body| looks_like_html(body));
        let html_documented = documented.is_some_and(|r| {
            media_for(&r.media, "text/html").is_some_and(|m| essence(&m.media_type) == "text/html")
        });
        if html && !html_documented {
            let at = documented.map_or_else(
                || format!("{}/responses", operation.pointer),
                |r| format!("{}/content", r.pointer),
            );
            self.push(Kind::HtmlPage, Direction::Response)
                .spec(at)
                .expected(documented.map_or_else(
                    || "a documented answer".to_owned(),
                    |r| media_list(&r.media),
                ))
                .observed(format!(
                    "{status} {content_type}: {}",
                    body.map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default()
                ))
                .message(format!(
                    "an HTML page with status {status} where the operation documents none"
                ))
                .done();
            return;
        }
        let Some(documented) = documented else {
            return;
        };
        let Some(body) = body else {
            return;
        };
        // A compressed body (the client asked for it; the proxy passes it on as it is) is not read.
        let encoded = exchange
            .response_headers
            .get(axum::http::header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| !v.eq_ignore_ascii_case("identity"));
        if encoded {
            tracing::debug!(operation = %operation.id, "compressed answer: its body is not checked");
            return;
        }
        if documented.media.is_empty() {
            if !body.is_empty() {
                self.push(Kind::UnexpectedContentType, Direction::Response)
                    .spec(documented.pointer.clone())
                    .expected("no body".to_owned())
                    .observed(if content_type.is_empty() {
                        format!("{} bytes", body.len())
                    } else {
                        content_type
                    })
                    .message(format!("the {status} answer documents no body"))
                    .done();
            }
            return;
        }
        let media = match media_for(&documented.media, &content_type) {
            Some(media) => media,
            None => {
                self.push(Kind::UnexpectedContentType, Direction::Response)
                    .spec(format!("{}/content", documented.pointer))
                    .expected(media_list(&documented.media))
                    .observed(if content_type.is_empty() {
                        "no Content-Type".to_owned()
                    } else {
                        content_type.clone()
                    })
                    .message(format!(
                        "the {status} answer's media type is not documented"
                    ))
                    .done();
                // A JSON body under the wrong name is still checked against the JSON schema.
                match documented.media.iter().find(|m| is_json(&m.media_type)) {
                    Some(json) if serde_json::from_slice::<Value>(body).is_ok() => json,
                    _ => return,
                }
            }
        };
        if !is_json(&media.media_type) {
            return;
        }
        let value = match serde_json::from_slice::<Value>(body) {
            Ok(value) => value,
            Err(error) => {
                self.push(Kind::MalformedBody, Direction::Response)
                    .spec(media.pointer.clone())
                    .expected(media.media_type.clone())
                    .observed(String::from_utf8_lossy(body).into_owned())
                    .message(format!("the answer is not JSON: {error}"))
                    .done();
                return;
            }
        };
        let Some(schema) = &media.schema else {
            return;
        };
        self.response_body(operation, &media.pointer, schema, &value);
    }

    /// The answer's JSON body against its schema: as the error envelope or a success shape when the
    /// schema has an envelope, else against the schema (its closest member when it is a union).
    fn response_body(
        &mut self,
        operation: &OperationModel,
        media: &str,
        schema: &str,
        value: &Value,
    ) {
        let checker = self.checker;
        let envelope = envelope_of(&checker.model, &checker.schemas, schema);
        let Some(envelope) = envelope else {
            let member = self.closest(schema, value);
            self.violations(Direction::Response, &member, value, "");
            self.additions(Direction::Response, &member, value, "");
            return;
        };
        if envelope.holds(&checker.schemas, value) {
            self.violations(Direction::Response, &envelope.member, value, "");
            self.additions(Direction::Response, &envelope.member, value, "");
            let documented = &checker.messages[operation.index];
            if let (Some(field), Some(Value::String(message))) =
                (&envelope.message_field, envelope.message(value))
            {
                if !documented.contains(message) {
                    let listed: Vec<&str> = documented.iter().map(String::as_str).collect();
                    self.push(Kind::UndocumentedMessage, Direction::Response)
                        .pointer(format!("/{}", spec_support::segment(field)))
                        .spec(format!("{media}/examples"))
                        .expected(if listed.is_empty() {
                            "no documented message".to_owned()
                        } else {
                            format!("one of: {}", listed.join(" | "))
                        })
                        .observed(message.clone())
                        .message(
                            "an error message the spec does not document for this operation"
                                .to_owned(),
                        )
                        .done();
                }
            }
            return;
        }
        let best = envelope
            .others
            .iter()
            .min_by_key(|member| checker.schemas.violations(member, value).len())
            .cloned()
            .unwrap_or_else(|| schema.to_owned());
        self.violations(Direction::Response, &best, value, "");
        self.additions(Direction::Response, &best, value, "");
    }

    /// For a union schema the value breaks, the member with the fewest violations (their pointers say
    /// more than "matches no member"); else the schema itself.
    fn closest(&self, schema: &str, value: &Value) -> String {
        let checker = self.checker;
        if checker.schemas.is_valid(schema, value) {
            return schema.to_owned();
        }
        let Some((at, resolved)) = checker.model.resolve(schema) else {
            return schema.to_owned();
        };
        let members = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| Some((*k, resolved.get(*k)?.as_array()?.len())));
        match members {
            Some((keyword, count)) if count > 0 => (0..count)
                .map(|index| format!("{at}/{keyword}/{index}"))
                .min_by_key(|member| checker.schemas.violations(member, value).len())
                .unwrap_or_else(|| schema.to_owned()),
            _ => schema.to_owned(),
        }
    }

    fn violations(&mut self, direction: Direction, schema: &str, value: &Value, prefix: &str) {
        let found: Vec<Violation> = self.checker.schemas.violations(schema, value);
        for violation in found {
            self.push(Kind::SchemaViolation, direction)
                .pointer(format!("{prefix}{}", violation.instance))
                .spec(violation.spec_pointer)
                .expected(violation.expected)
                .observed(violation.observed)
                .message(violation.message)
                .done();
        }
    }

    fn additions(&mut self, direction: Direction, schema: &str, value: &Value, prefix: &str) {
        let checker = self.checker;
        for addition in additions(&checker.model, &checker.schemas, schema, value) {
            let message = format!("{} (the spec leaves room for it)", addition.observed);
            self.push(Kind::Addition, direction)
                .pointer(format!("{prefix}{}", addition.instance))
                .spec(addition.spec_pointer)
                .expected(addition.expected)
                .observed(addition.observed)
                .message(message)
                .done();
        }
    }
}

/// The path as a `paths` key segment (for an operation that is not there: the path as sent).
fn path_key(path: &str) -> String {
    spec_support::segment(if path.is_empty() { "/" } else { path })
}

fn media_list(media: &[super::spec_model::MediaModel]) -> String {
    media
        .iter()
        .map(|m| m.media_type.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn looks_like_html(body: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&body[..body.len().min(256)])
        .trim_start()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// The JSON type a schema asks for, following `$ref`s and single-typed unions.
fn schema_type(model: &SpecModel, pointer: &str) -> Option<String> {
    let (at, schema) = model.resolve(pointer)?;
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        return Some(kind.to_owned());
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        if let Some(members) = schema.get(keyword).and_then(Value::as_array) {
            if let Some(kind) =
                (0..members.len()).find_map(|i| schema_type(model, &format!("{at}/{keyword}/{i}")))
            {
                return Some(kind);
            }
        }
    }
    None
}

/// Text from a query, header or form as the JSON value its schema expects (as text when it does not
/// read as that type: then the schema check names it).
fn typed(model: &SpecModel, schema: &str, text: &str) -> Value {
    let parsed = match schema_type(model, schema).as_deref() {
        Some("integer") => text.parse::<i64>().ok().map(Value::from),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
        Some("boolean") => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

/// The values of one parameter as its schema expects: an array for an array schema (repeated or
/// comma-separated values), else the first value.
fn typed_values(model: &SpecModel, schema: &str, values: &[String]) -> Value {
    if schema_type(model, schema).as_deref() == Some("array") {
        let items = model.resolve(schema).map(|(at, _)| format!("{at}/items"));
        let parts: Vec<&str> = if values.len() == 1 {
            values[0].split(',').collect()
        } else {
            values.iter().map(String::as_str).collect()
        };
        return Value::Array(
            parts
                .into_iter()
                .map(|part| match &items {
                    Some(items) => typed(model, items, part),
                    None => Value::String(part.to_owned()),
                })
                .collect(),
        );
    }
    typed(model, schema, &values[0])
}

/// A form body as the object its schema describes.
fn form_object(
    model: &SpecModel,
    schema: &str,
    pairs: &[(String, String)],
    empty_is_missing: bool,
) -> Value {
    let properties = model.resolve(schema).map(|(at, _)| at);
    let mut grouped: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, value) in pairs {
        if empty_is_missing && value.is_empty() {
            continue;
        }
        grouped
            .entry(name.trim_end_matches("[]"))
            .or_default()
            .push(value.clone());
    }
    let object = grouped
        .into_iter()
        .map(|(name, values)| {
            let property = properties
                .as_ref()
                .map(|at| format!("{at}/properties/{}", spec_support::segment(name)))
                .filter(|p| model.raw.pointer(p).is_some());
            let value = match property {
                Some(property) => typed_values(model, &property, &values),
                None if values.len() == 1 => Value::String(values[0].clone()),
                None => Value::Array(values.into_iter().map(Value::String).collect()),
            };
            (name.to_owned(), value)
        })
        .collect();
    Value::Object(object)
}
