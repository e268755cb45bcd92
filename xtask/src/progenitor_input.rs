//! The document handed to progenitor: the spec, adapted where progenitor 0.15.1 would panic, refuse the
//! spec, or quietly generate the wrong client.
//!
//! progenitor supports a subset of OpenAPI 3.0 (one request media type, one success and one error type
//! per operation, `form` query / `simple` path and header parameters, no cookies, …) and typify merges
//! every type that gets the same name. Rather than refusing a valid spec, the client is generated from an
//! adapted copy, and every adaptation is reported as a `Warning` naming the file, the JSON pointer of
//! what was changed and why. `spec/README.md` ("What the client generator adapts") lists the rules.
//!
//! Structural problems no adaptation can fix are `Error`s: not OpenAPI 3.0.x, a `$ref` that does not
//! resolve, an operation without an `operationId` or with a duplicate one, a path item given by
//! reference, a malformed path template. The offending operations are left out of the returned document.
//!
//! The function is pure and deterministic: the server generator calls it too, to know the client's types.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use openapiv3::{
    AdditionalProperties, Components, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, RequestBody, Response,
    Schema, SchemaData, SchemaKind, StatusCode, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::{json, Value};
use spec_support::segment;

use crate::finding::Finding;
use crate::names::snake;
use crate::refs::{self, Target, Visitor};
use crate::spec::Spec;

/// The adapted document, and one finding per adaptation (warnings) or structural problem (errors).
pub fn progenitor_input(spec: &Spec) -> (OpenAPI, Vec<Finding>) {
    let mut findings = Vec::new();
    // The spec as written but for the names of operations without an id, which progenitor requires.
    let mut named = spec.openapi.clone();
    name_operations(spec, &mut named);
    let mut openapi = named.clone();
    fix_schemas(spec, &mut openapi, &mut findings);
    let claims = component_names(spec, &mut openapi, &mut findings);
    // Operations are adapted against the components as they now are (fixed and renamed).
    let components = openapi.components.clone();
    let mut adapter = Adapter {
        file: &spec.file,
        original: &named,
        components: components.as_ref(),
        findings,
        param_origins: BTreeMap::new(),
    };
    adapter.run(&mut openapi, claims);
    (openapi, adapter.findings)
}

/// Gives every operation without an `operationId` the name the model gives it (after its method and
/// path; the model reports it), since progenitor names methods and types after it.
fn name_operations(spec: &Spec, openapi: &mut OpenAPI) {
    let ids = spec_support::operation_ids(&spec.raw);
    for (path, item) in openapi.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, slot) in operation_slots(item) {
            if let Some(operation) = slot {
                if operation.operation_id.is_none() {
                    operation.operation_id = ids.get(&(path.clone(), method.to_owned())).cloned();
                }
            }
        }
    }
}

/// Inherent methods of progenitor's `Client`, or trait methods its generated code calls on `self`: an
/// operation method of the same name would not compile.
const RESERVED_METHODS: [&str; 6] = [
    "new",
    "new_with_client",
    "api_version",
    "pre",
    "exec",
    "post",
];

/// Header parameters OpenAPI says to ignore ("SHALL be ignored") that progenitor sets itself: sending
/// them as parameters too would duplicate the header. (`Authorization`, also ignored by OpenAPI, is kept:
/// progenitor sends it as any other header, and specs that list it mean it.)
const IGNORED_HEADERS: [&str; 2] = ["accept", "content-type"];

struct Adapter<'s> {
    file: &'s str,
    original: &'s OpenAPI,
    /// What references resolve to.
    components: Option<&'s Components>,
    findings: Vec<Finding>,
    /// Where each parameter of the returned document was in the spec (for pointers).
    param_origins: BTreeMap<String, String>,
}

/// One parameter of an operation, path-level ones included, as the client will see it.
struct Param {
    /// As written (kept as is, reference included, unless `changed`).
    source: ReferenceOr<Parameter>,
    resolved: Parameter,
    pointer: String,
    changed: bool,
}

impl Param {
    fn data(&self) -> &ParameterData {
        self.resolved.parameter_data_ref()
    }

    fn name(&self) -> &str {
        &self.data().name
    }

    fn location(&self) -> &'static str {
        location(&self.resolved)
    }

    fn into_source(self) -> ReferenceOr<Parameter> {
        if self.changed {
            ReferenceOr::Item(self.resolved)
        } else {
            self.source
        }
    }
}

fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// Why an operation is left out of the client.
struct Dropped {
    pointer: String,
    reason: String,
}

impl<'s> Adapter<'s> {
    fn warn(&mut self, owner: &str, pointer: &str, reason: impl Into<String>) {
        self.findings
            .push(Finding::warning(self.file, owner, pointer, reason));
    }

    fn error(&mut self, owner: &str, pointer: &str, reason: impl Into<String>) {
        self.findings
            .push(Finding::error(self.file, owner, pointer, reason));
    }

    fn components(&self) -> Option<&'s Components> {
        self.components
    }

    fn run(&mut self, openapi: &mut OpenAPI, mut claims: BTreeMap<String, String>) {
        let original = self.original;
        if !openapi.openapi.trim().starts_with("3.0.") {
            let reason = format!(
                "`openapi: {}`: progenitor reads OpenAPI 3.0.x documents only",
                openapi.openapi
            );
            self.error("document", "/openapi", reason);
        }
        for (pointer, reason) in refs::check(original) {
            let owner = owner_of(original, &pointer);
            self.error(&owner, &pointer, reason);
        }
        self.paths(openapi);
        self.titles(openapi, &mut claims);
        self.inline_names(openapi, &mut claims);
        // progenitor's own checks, as a backstop: everything they refuse should already be an error above.
        if let Err(error) = progenitor_impl::validate_openapi(original) {
            if !self.findings.iter().any(Finding::is_error) {
                self.error("document", "", error.to_string());
            }
        }
    }

    /// Adapts every operation; leaves out path items and operations progenitor cannot take.
    fn paths(&mut self, openapi: &mut OpenAPI) {
        let original = std::mem::take(&mut openapi.paths.paths);
        let mut ids = BTreeSet::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in original {
            let pointer = format!("/paths/{}", segment(&path));
            let mut item = match item {
                ReferenceOr::Reference { reference } => {
                    let reason = format!(
                        "the path item is a reference (`{reference}`): progenitor refuses them, so the \
                         client has none of its operations"
                    );
                    self.error("document", &pointer, reason);
                    continue;
                }
                ReferenceOr::Item(item) => item,
            };
            let names = match crate::model::template_names(&path) {
                Ok(names) => names,
                Err(reason) => {
                    let reason = format!("malformed path template: {reason}");
                    self.error("document", &pointer, reason);
                    continue;
                }
            };
            let shared = std::mem::take(&mut item.parameters);
            for (method, slot) in operation_slots(&mut item) {
                let Some(operation) = slot.as_mut() else {
                    continue;
                };
                let pointer = format!("{pointer}/{method}");
                let Some(id) = operation.operation_id.clone() else {
                    let reason = "has no operationId: the client names its methods (and the \
                                  server its handlers) after it, so the operation is left out";
                    self.error(&format!("operation {method} {path}"), &pointer, reason);
                    *slot = None;
                    continue;
                };
                let owner = format!("operation {id}");
                if !ids.insert(id.clone()) {
                    let reason = format!("operationId `{id}` is used by an earlier operation too");
                    self.error(&owner, &pointer, reason);
                    *slot = None;
                    continue;
                }
                let method_name = snake(&id);
                if let Some(other) = methods.get(&method_name) {
                    let reason = format!(
                        "operationId `{id}` and the earlier `{other}` both become the client method \
                         `{method_name}`: the client leaves this operation out"
                    );
                    self.warn(&owner, &pointer, reason);
                    *slot = None;
                    continue;
                }
                if RESERVED_METHODS.contains(&method_name.as_str()) {
                    let reason = format!(
                        "operationId `{id}` becomes the client method `{method_name}`, a name progenitor's \
                         `Client` already uses: the client leaves this operation out"
                    );
                    self.warn(&owner, &pointer, reason);
                    *slot = None;
                    continue;
                }
                if matches!(method, "options" | "trace") {
                    let reason = format!(
                        "progenitor writes `{method}` requests with a reqwest method that does not \
                         exist, so the client leaves this operation out (the server serves it)"
                    );
                    self.warn(&owner, &pointer, reason);
                    *slot = None;
                    continue;
                }
                methods.insert(method_name, id.clone());
                let context = OperationContext {
                    owner: &owner,
                    pointer: &pointer,
                    path_pointer: &format!("/paths/{}", segment(&path)),
                    names: &names,
                    shared: &shared,
                };
                if let Err(dropped) = self.operation(&context, operation) {
                    let reason =
                        format!("{}; the client leaves this operation out", dropped.reason);
                    self.warn(&owner, &dropped.pointer, reason);
                    *slot = None;
                }
            }
            openapi.paths.paths.insert(path, ReferenceOr::Item(item));
        }
    }

    fn operation(
        &mut self,
        context: &OperationContext,
        operation: &mut Operation,
    ) -> Result<(), Dropped> {
        let has_body = self.request_body(context, operation);
        let parameters = self.parameters(context, operation, has_body)?;
        for (index, param) in parameters.iter().enumerate() {
            let at = format!("{}/parameters/{index}", context.pointer);
            self.param_origins.insert(at, param.pointer.clone());
        }
        operation.parameters = parameters.into_iter().map(Param::into_source).collect();
        self.responses(context, operation);
        Ok(())
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters

    /// The parameters the client sends, path-level ones included (the returned document has them on
    /// each operation instead).
    fn parameters(
        &mut self,
        context: &OperationContext,
        operation: &Operation,
        has_body: bool,
    ) -> Result<Vec<Param>, Dropped> {
        let owner = context.owner;
        let mut all: Vec<Param> = Vec::new();
        let listed = context
            .shared
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{}/parameters/{i}", context.path_pointer), p))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{}/parameters/{i}", context.pointer), p)),
            );
        for (pointer, source) in listed {
            // An unresolvable reference is already an error.
            let Some(resolved) = resolve(self.components(), source).cloned() else {
                continue;
            };
            let param = Param {
                source: source.clone(),
                resolved,
                pointer,
                changed: false,
            };
            // An operation's parameter overrides the path item's of the same name and location.
            match all
                .iter()
                .position(|p| p.name() == param.name() && p.location() == param.location())
            {
                Some(index) => all[index] = param,
                None => all.push(param),
            }
        }

        let mut kept = Vec::new();
        for mut param in all {
            let name = param.name().to_owned();
            let pointer = param.pointer.clone();
            let is_content = matches!(param.data().format, ParameterSchemaOrContent::Content(_));
            let structured = self.structured(&param.data().format);
            match &mut param.resolved {
                Parameter::Cookie { .. } => {
                    let reason = format!(
                        "cookie parameter `{name}`: progenitor cannot send cookies, so the client leaves \
                         it out"
                    );
                    self.warn(owner, &pointer, reason);
                    continue;
                }
                Parameter::Header { .. }
                    if IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) =>
                {
                    let reason = format!(
                        "header parameter `{name}`: OpenAPI says `Accept` and `Content-Type` header \
                         parameters are ignored, and progenitor sets both itself, so the client leaves it \
                         out"
                    );
                    self.warn(owner, &pointer, reason);
                    continue;
                }
                Parameter::Path { .. } if is_content => {
                    return Err(Dropped {
                        pointer,
                        reason: format!(
                            "path parameter `{name}` is described with `content`: progenitor writes only \
                             parameters with a `schema`"
                        ),
                    });
                }
                _ if is_content => {
                    let reason = format!(
                        "{} parameter `{name}` is described with `content`: progenitor writes only \
                         parameters with a `schema`, so the client leaves it out",
                        param.location()
                    );
                    self.warn(owner, &pointer, reason);
                    continue;
                }
                Parameter::Path {
                    parameter_data,
                    style,
                } => {
                    if *style != PathStyle::Simple {
                        return Err(Dropped {
                            pointer,
                            reason: format!(
                                "path parameter `{name}` has style `{}`: progenitor writes only `simple` \
                                 path parameters",
                                path_style(style)
                            ),
                        });
                    }
                    if !context.names.contains(&name) {
                        let reason = format!(
                            "path parameter `{name}` is not in the path template: the client leaves it out"
                        );
                        self.warn(owner, &pointer, reason);
                        continue;
                    }
                    if structured {
                        return Err(Dropped {
                            pointer,
                            reason: format!(
                                "path parameter `{name}` is an array or object: the client writes only \
                                 scalar values into a path"
                            ),
                        });
                    }
                    if !parameter_data.required {
                        parameter_data.required = true;
                        param.changed = true;
                        let reason = format!(
                            "path parameter `{name}` is not marked required: OpenAPI requires path \
                             parameters, and so does the client"
                        );
                        self.warn(owner, &pointer, reason);
                    }
                }
                Parameter::Query {
                    parameter_data,
                    style,
                    ..
                } => {
                    if *style != QueryStyle::Form {
                        let reason = format!(
                            "query parameter `{name}` has style `{}`: progenitor writes only `form` query \
                             parameters, so the client leaves it out",
                            query_style(style)
                        );
                        self.warn(owner, &pointer, reason);
                        continue;
                    }
                    if parameter_data.explode == Some(false) && structured {
                        let reason = format!(
                            "query parameter `{name}` has `explode: false`: the client sends it exploded \
                             (one `name=value` pair per item or property)"
                        );
                        self.warn(owner, &pointer, reason);
                        parameter_data.explode = None;
                        param.changed = true;
                    }
                }
                Parameter::Header { .. } => {
                    if structured {
                        let reason = format!(
                            "header parameter `{name}` is an array or object: the client writes only \
                             scalar header values, so it leaves it out"
                        );
                        self.warn(owner, &pointer, reason);
                        continue;
                    }
                }
            }
            kept.push(param);
        }

        // Every name in the template needs a path parameter, or progenitor panics.
        for name in context.names {
            let declared = kept
                .iter()
                .any(|p| p.location() == "path" && p.name() == name);
            if !declared {
                let reason = format!(
                    "the path template names `{{{name}}}` but no parameter declares it: the client takes \
                     it as a string"
                );
                self.warn(owner, context.pointer, reason);
                let resolved: Parameter = serde_json::from_value(json!({
                    "name": name, "in": "path", "required": true, "schema": {"type": "string"}
                }))
                .expect("a path parameter");
                kept.push(Param {
                    source: ReferenceOr::Item(resolved.clone()),
                    resolved,
                    pointer: context.pointer.to_owned(),
                    changed: true,
                });
            }
        }

        // progenitor keys parameters by name alone, and names arguments by their snake_case form.
        let mut by_name: BTreeMap<String, Param> = BTreeMap::new();
        for param in kept {
            let name = param.name().to_owned();
            let Some(earlier) = by_name.remove(&name) else {
                by_name.insert(name, param);
                continue;
            };
            let (keep, lose) = if param.location() == "path" && earlier.location() != "path" {
                (param, earlier)
            } else {
                (earlier, param)
            };
            let reason = format!(
                "`{name}` is both a {} and a {} parameter: progenitor tells parameters apart by name \
                 only, so the client sends only the {} one",
                keep.location(),
                lose.location(),
                keep.location()
            );
            self.warn(owner, &lose.pointer, reason);
            by_name.insert(name, keep);
        }
        let mut arguments: BTreeSet<String> = BTreeSet::new();
        if has_body {
            arguments.insert("body".to_owned());
        }
        let mut params = Vec::new();
        for (name, param) in by_name {
            let argument = snake(&name);
            if !arguments.insert(argument.clone()) {
                let reason = format!(
                    "parameter `{name}` would be the client argument `{argument}`, which another \
                     parameter or the body already is: the client leaves it out"
                );
                self.warn(owner, &param.pointer, reason);
                continue;
            }
            params.push(param);
        }
        Ok(params)
    }

    /// Whether a parameter's value is an array or object (no `Display`, so no path or header value).
    fn structured(&self, format: &ParameterSchemaOrContent) -> bool {
        let ParameterSchemaOrContent::Schema(schema) = format else {
            return false;
        };
        let Some(schema) = resolve(self.components(), schema) else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(_) | Type::Object(_)) => true,
            SchemaKind::Any(any) => {
                matches!(any.typ.as_deref(), Some("array" | "object"))
                    || !any.properties.is_empty()
                    || any.items.is_some()
            }
            _ => false,
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Request body

    /// Keeps one media type progenitor can send; returns whether the operation still has a body.
    fn request_body(&mut self, context: &OperationContext, operation: &mut Operation) -> bool {
        let owner = context.owner;
        let pointer = format!("{}/requestBody", context.pointer);
        let Some(source) = &operation.request_body else {
            return false;
        };
        let Some(body) = resolve(self.components(), source).cloned() else {
            return false;
        };
        if body.content.is_empty() {
            return false;
        }
        let listed = || {
            body.content
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ranked = body
            .content
            .keys()
            .enumerate()
            .filter_map(|(index, media)| body_rank(media).map(|rank| (rank, index)))
            .min();
        let (index, canonical) = match ranked {
            Some(((_, canonical), index)) => (index, canonical),
            None => {
                // Raw bytes are the only way left to send a body of another media type: fine for a
                // string (`*/*`, `image/png`, …), not for structured data (XML, multipart).
                let raw = body.content.values().position(|media_type| {
                    media_type.schema.as_ref().is_none_or(|schema| {
                        resolve(self.components(), schema).is_some_and(|schema| {
                            matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)))
                        })
                    })
                });
                match raw {
                    Some(index) => (index, "application/octet-stream"),
                    None => {
                        let reason = format!(
                            "request body media type(s) {}: progenitor sends only JSON, form, \
                             octet-stream and plain-text bodies, so the client sends no body",
                            listed()
                        );
                        self.warn(owner, &pointer, reason);
                        operation.request_body = None;
                        return false;
                    }
                }
            }
        };
        let (media, media_type) = body.content.get_index(index).expect("a ranked media type");
        let (mut media, mut media_type) = (media.clone(), media_type.clone());
        let media_pointer = format!("{pointer}/content/{}", segment(&media));
        // Sent as raw bytes instead of as its own media type.
        let as_raw = body_rank(&media).is_none();
        let mut changed = body.content.len() > 1;
        if body.content.len() > 1 {
            let reason = format!(
                "several request media types ({}): progenitor sends one, so the client sends `{media}`",
                listed()
            );
            self.warn(owner, &pointer, reason);
        }
        if !progenitor_accepts(&media) {
            let reason = if !as_raw {
                format!("the client sends this `{media}` body with `Content-Type: {canonical}`")
            } else {
                format!(
                    "progenitor cannot send `{media}`: the client sends the body as raw bytes with \
                     `Content-Type: {canonical}`"
                )
            };
            self.warn(owner, &media_pointer, reason);
            media = canonical.to_owned();
            changed = true;
        }
        match canonical {
            "application/json" | "application/x-www-form-urlencoded" => {
                if !media_type.encoding.is_empty() {
                    let reason =
                        "`encoding` is not read by progenitor (it panics on it): the client \
                                  serializes the body with serde";
                    self.warn(owner, &format!("{media_pointer}/encoding"), reason);
                    media_type.encoding.clear();
                    changed = true;
                }
                if media_type.schema.is_none() {
                    let (schema, what) = if canonical == "application/json" {
                        (json!({}), "any JSON value")
                    } else {
                        (
                            json!({"type": "object", "additionalProperties": {"type": "string"}}),
                            "a map of strings",
                        )
                    };
                    let reason = format!("the body has no schema: the client takes {what}");
                    self.warn(owner, &media_pointer, reason);
                    media_type.schema = Some(ReferenceOr::Item(schema_of(schema)));
                    changed = true;
                }
            }
            "application/octet-stream" => {
                let fits = media_type
                    .schema
                    .as_ref()
                    .and_then(|schema| resolve(self.components(), schema))
                    .is_some_and(is_binary_string);
                if !fits {
                    // A body sent as raw bytes instead of its own media type is reported once, above.
                    if !as_raw {
                        let reason =
                            "the client sends this body as raw bytes: progenitor takes only \
                                      `{type: string, format: binary}` for it";
                        self.warn(owner, &media_pointer, reason);
                    }
                    media_type.schema = Some(ReferenceOr::Item(schema_of(
                        json!({"type": "string", "format": "binary"}),
                    )));
                    changed = true;
                }
            }
            _ => {
                let fits = media_type
                    .schema
                    .as_ref()
                    .and_then(|schema| resolve(self.components(), schema))
                    .is_some_and(is_plain_string);
                if !fits {
                    let reason =
                        "the client sends this body as a plain string: progenitor takes only \
                                  `{type: string}` for text";
                    self.warn(owner, &media_pointer, reason);
                    media_type.schema =
                        Some(ReferenceOr::Item(schema_of(json!({"type": "string"}))));
                    changed = true;
                }
            }
        }
        if changed {
            let mut content = body.content.clone();
            content.clear();
            content.insert(media, media_type);
            operation.request_body = Some(ReferenceOr::Item(RequestBody { content, ..body }));
        }
        true
    }

    // ---------------------------------------------------------------------------------------------
    // Responses

    fn responses(&mut self, context: &OperationContext, operation: &mut Operation) {
        let owner = context.owner;
        let pointer = format!("{}/responses", context.pointer);
        self.websocket(context, operation);
        let websocket = operation.extensions.contains_key("x-dropshot-websocket");

        // Each response: a JSON media type progenitor recognizes, with a schema and no encoding.
        let statuses: Vec<Option<StatusCode>> = operation
            .responses
            .default
            .iter()
            .map(|_| None)
            .chain(operation.responses.responses.keys().cloned().map(Some))
            .collect();
        for status in &statuses {
            let slot = match status {
                None => operation.responses.default.as_mut(),
                Some(status) => operation.responses.responses.get_mut(status),
            }
            .expect("a listed status");
            let response_pointer = format!("{pointer}/{}", status_key(status.as_ref()));
            let Some(mut response) = resolve(self.components(), slot).cloned() else {
                continue;
            };
            if self.normalize_response(owner, &response_pointer, &mut response) {
                *slot = ReferenceOr::Item(response);
            }
        }

        // progenitor's view: (status, kind) in its order, default first.
        let responses: Vec<Outcome> = statuses
            .iter()
            .map(|status| {
                let slot = match status {
                    None => operation.responses.default.as_ref(),
                    Some(status) => operation.responses.responses.get(status),
                }
                .expect("a listed status");
                let progenitor_status = match status {
                    None if websocket => Status::Code(101),
                    None => Status::Default,
                    Some(StatusCode::Code(code)) => Status::Code(*code),
                    Some(StatusCode::Range(range)) => Status::Range(*range),
                };
                let kind = resolve(self.components(), slot)
                    .map_or(Kind::Empty, |r| kind(r, progenitor_status));
                Outcome {
                    key: status.clone(),
                    status: progenitor_status,
                    kind,
                }
            })
            .collect();
        let mut removed: BTreeSet<Option<StatusCode>> = BTreeSet::new();
        let mut warn_removed = |this: &mut Self, key: &Option<StatusCode>, reason: String| {
            removed.insert(key.clone());
            let at = format!("{pointer}/{}", status_key(key.as_ref()));
            this.warn(owner, &at, reason);
        };

        // 1. The success type: the first typed success response, else the first success response.
        let successes: Vec<&Outcome> = sorted(
            responses
                .iter()
                .filter(|r| r.status.is_success() && r.status != Status::Default),
        );
        let primary = successes
            .iter()
            .find(|r| matches!(r.kind, Kind::Typed(_)))
            .or(successes.first())
            .copied();

        // 2. A `default` that would be a second success type becomes the error type of 4XX and 5XX.
        let default = responses.iter().find(|r| r.status == Status::Default);
        let mut folded = false;
        if let (Some(default), Some(primary)) = (default, primary) {
            // As progenitor will see them: without the success responses step 3 leaves out.
            let survivors: Vec<Outcome> = responses
                .iter()
                .filter(|r| {
                    !r.status.is_success() || r.status == Status::Default || r.kind == primary.kind
                })
                .cloned()
                .collect();
            if default.kind != primary.kind && in_success_set(&survivors, default) {
                let source = operation
                    .responses
                    .default
                    .take()
                    .expect("a default response");
                let mut ranges = Vec::new();
                for range in [4, 5] {
                    let key = StatusCode::Range(range);
                    if !operation.responses.responses.contains_key(&key) {
                        operation.responses.responses.insert(key, source.clone());
                        ranges.push(format!("{range}XX"));
                    }
                }
                let reason = format!(
                    "`default` has another type than the {} success response, and progenitor would \
                     read it as both: the client reads it as the error type, for {}",
                    primary.status,
                    if ranges.is_empty() {
                        "no status (4XX and 5XX are declared)".to_owned()
                    } else {
                        format!("statuses {}", ranges.join(" and "))
                    }
                );
                self.warn(owner, &format!("{pointer}/default"), reason);
                folded = true;
            }
        }

        // 3. Other success responses of another type are not decoded.
        if let Some(primary) = primary {
            for other in &successes {
                if other.kind != primary.kind {
                    let reason = format!(
                        "the {} response has another type than the {} response: progenitor decodes one \
                         success type, so the client does not decode this one as a success",
                        other.status, primary.status
                    );
                    warn_removed(self, &other.key, reason);
                }
            }
        }

        // 4. The error type: the first typed error response, else the first; the others are not decoded.
        let mut errors: Vec<Outcome> = responses
            .iter()
            .filter(|r| r.status.is_error() && r.status != Status::Default)
            .cloned()
            .collect();
        if folded {
            for range in [4, 5] {
                let key = Some(StatusCode::Range(range));
                if !responses.iter().any(|r| r.key == key) {
                    errors.push(Outcome {
                        key,
                        status: Status::Range(range),
                        kind: default.expect("folded").kind.clone(),
                    });
                }
            }
        } else if let Some(default) = default {
            errors.push(default.clone());
        }
        let errors = sorted(errors.iter());
        let primary_error = errors
            .iter()
            .find(|r| matches!(r.kind, Kind::Typed(_)))
            .or(errors.first())
            .copied();
        if let Some(primary_error) = primary_error {
            for other in &errors {
                if other.kind != primary_error.kind {
                    let reason = format!(
                        "the {} response has another type than the {} response: progenitor decodes one \
                         error type, so the client does not decode this one",
                        other.status, primary_error.status
                    );
                    warn_removed(self, &other.key, reason);
                }
            }
        }

        for key in removed {
            match key {
                None => operation.responses.default = None,
                Some(status) => {
                    operation.responses.responses.shift_remove(&status);
                }
            }
        }
    }

    /// The response's JSON media type, as progenitor finds it; `true` if the response changed.
    fn normalize_response(&mut self, owner: &str, pointer: &str, response: &mut Response) -> bool {
        let mut changed = false;
        if !response.content.keys().any(|media| progenitor_json(media)) {
            if let Some(media) = response.content.keys().find(|m| json_like(m)).cloned() {
                let reason = format!(
                    "`{media}` is decoded as JSON: progenitor types only `application/json`, so the \
                     client reads this body as `application/json` (and asks for it)"
                );
                self.warn(
                    owner,
                    &format!("{pointer}/content/{}", segment(&media)),
                    reason,
                );
                let content = std::mem::take(&mut response.content);
                for (key, value) in content {
                    let key = if key == media {
                        "application/json".to_owned()
                    } else {
                        key
                    };
                    response.content.insert(key, value);
                }
                changed = true;
            }
        }
        let Some((media, media_type)) = response
            .content
            .iter_mut()
            .find(|(media, _)| progenitor_json(media))
        else {
            return changed;
        };
        let media_pointer = format!("{pointer}/content/{}", segment(media));
        if media_type.schema.is_none() {
            let reason = "the JSON body has no schema: the client reads any JSON value";
            self.findings
                .push(Finding::warning(self.file, owner, &media_pointer, reason));
            media_type.schema = Some(ReferenceOr::Item(schema_of(json!({}))));
            changed = true;
        }
        if !media_type.encoding.is_empty() {
            let reason =
                "`encoding` on a response body means nothing to progenitor (it panics on it): \
                          left out";
            self.findings.push(Finding::warning(
                self.file,
                owner,
                &format!("{media_pointer}/encoding"),
                reason,
            ));
            media_type.encoding.clear();
            changed = true;
        }
        changed
    }

    /// `x-dropshot-websocket` (a progenitor extension) where progenitor would refuse it: left out.
    fn websocket(&mut self, context: &OperationContext, operation: &mut Operation) {
        if !operation.extensions.contains_key("x-dropshot-websocket") {
            return;
        }
        // progenitor reads a websocket's `default` response as its 101.
        let upgrade = operation.responses.default.is_some()
            || operation
                .responses
                .responses
                .contains_key(&StatusCode::Code(101));
        let paginated = operation.extensions.contains_key("x-dropshot-pagination");
        if upgrade && !paginated {
            return;
        }
        let reason = if paginated {
            "`x-dropshot-websocket` together with `x-dropshot-pagination`: progenitor refuses the pair, \
             so the client treats the operation as plain HTTP"
        } else {
            "`x-dropshot-websocket` without a 101 or `default` response: progenitor refuses it, so the client treats \
             the operation as plain HTTP"
        };
        self.warn(
            context.owner,
            &format!("{}/x-dropshot-websocket", context.pointer),
            reason,
        );
        operation.extensions.shift_remove("x-dropshot-websocket");
    }

    // ---------------------------------------------------------------------------------------------
    // Type names

    /// Names progenitor derives for inline parameter, body and response schemas; see [`component_names`].
    fn inline_names(&mut self, openapi: &mut OpenAPI, claims: &mut BTreeMap<String, String>) {
        let mut hoisted = Vec::new();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, slot) in operation_slots(item) {
                if let Some(operation) = slot {
                    let pointer = format!("/paths/{}/{method}", segment(path));
                    let mut site = Site {
                        adapter: self,
                        claims,
                        hoisted: &mut hoisted,
                        taken: openapi.components.as_ref(),
                        pointer,
                    };
                    site.operation(operation);
                }
            }
        }
        if !hoisted.is_empty() {
            let components = openapi.components.get_or_insert_with(Components::default);
            for Hoisted { name, schema, .. } in hoisted {
                components.schemas.insert(name, ReferenceOr::Item(schema));
            }
        }
    }

    /// Inline schemas with a `title` (typify names them after it): a later, different one loses it.
    fn titles(&mut self, openapi: &mut OpenAPI, claims: &mut BTreeMap<String, String>) {
        struct Titles<'c> {
            claims: &'c mut BTreeMap<String, String>,
            stripped: Vec<(String, String)>,
        }
        impl Visitor for Titles<'_> {
            fn schema(&mut self, pointer: &str, schema: &mut Schema) {
                let Some(title) = &schema.schema_data.title else {
                    return;
                };
                if !names_a_type(schema) {
                    return;
                }
                let type_name = rust_type_name(title);
                if let Some(component) = component_root(pointer) {
                    // A component is named after itself; only a nullable one also has an inner type,
                    // named after its title, which must not be the component's own name.
                    if !schema.schema_data.nullable {
                        return;
                    }
                    if rust_type_name(&component) == type_name {
                        self.stripped.push((
                            pointer.to_owned(),
                            format!(
                                "the title would name this nullable component's inner type `{type_name}`, \
                                 like the component itself: the client ignores the title"
                            ),
                        ));
                        schema.schema_data.title = None;
                        return;
                    }
                }
                let json = serde_json::to_string(schema).unwrap_or_default();
                match self.claims.get(&type_name) {
                    None => {
                        self.claims.insert(type_name, json);
                    }
                    Some(claimed) if *claimed == json => {}
                    Some(_) => {
                        self.stripped.push((
                            pointer.to_owned(),
                            format!(
                                "the title makes this schema the type `{type_name}`, a name another schema \
                                 already has (typify would merge the two): the client ignores the title"
                            ),
                        ));
                        schema.schema_data.title = None;
                    }
                }
            }
        }
        let mut titles = Titles {
            claims,
            stripped: Vec::new(),
        };
        refs::walk(openapi, &mut titles);
        for (pointer, reason) in titles.stripped {
            let owner = owner_of(self.original, &pointer);
            self.warn(&owner, &pointer, reason);
        }
    }
}

/// Schemas progenitor's conversion to JSON Schema would panic on (`todo!`).
fn fix_schemas(spec: &Spec, openapi: &mut OpenAPI, findings: &mut Vec<Finding>) {
    struct Fixer<'f> {
        spec: &'f Spec,
        findings: &'f mut Vec<Finding>,
    }
    impl Visitor for Fixer<'_> {
        fn schema(&mut self, pointer: &str, schema: &mut Schema) {
            if let SchemaKind::Type(Type::String(string)) = &mut schema.schema_kind {
                let values = string.enumeration.iter().flatten().map(String::as_str);
                if variant_names_clash(values) {
                    let reason =
                        "these enum values differ only in case or punctuation, and typify cannot \
                                  name them apart (it panics): the client takes any string";
                    let owner = owner_of(&self.spec.openapi, pointer);
                    self.findings
                        .push(Finding::warning(&self.spec.file, &owner, pointer, reason));
                    string.enumeration.clear();
                }
            }
            let SchemaKind::Any(any) = &mut schema.schema_kind else {
                return;
            };
            let mut fixed = Vec::new();
            let values = any.enumeration.iter().filter_map(Value::as_str);
            if variant_names_clash(values) {
                fixed.push(
                    "these enum values differ only in case or punctuation, and typify cannot name them \
                     apart (it panics): the client ignores the `enum`"
                        .to_owned(),
                );
                any.enumeration.clear();
            }
            match any.typ.as_deref() {
                Some("file") => {
                    fixed.push(
                        "`type: file` (Swagger 2) is not an OpenAPI 3.0 type (progenitor panics on it): \
                         the client reads it as `type: string, format: binary`"
                            .to_owned(),
                    );
                    any.typ = Some("string".to_owned());
                    any.format = Some("binary".to_owned());
                }
                Some("boolean" | "object" | "array" | "number" | "string" | "integer") | None => {}
                Some(typ) => {
                    fixed.push(format!(
                        "`type: {typ}` is not an OpenAPI 3.0 type (progenitor panics on it): the client \
                         ignores it"
                    ));
                    any.typ = None;
                }
            }
            if any.exclusive_minimum == Some(true) && any.minimum.is_none() {
                fixed.push(
                    "`exclusiveMinimum` without `minimum` (progenitor panics on it): ignored"
                        .to_owned(),
                );
                any.exclusive_minimum = None;
            }
            if any.exclusive_maximum == Some(true) && any.maximum.is_none() {
                fixed.push(
                    "`exclusiveMaximum` without `maximum` (progenitor panics on it): ignored"
                        .to_owned(),
                );
                any.exclusive_maximum = None;
            }
            for reason in fixed {
                let owner = owner_of(&self.spec.openapi, pointer);
                self.findings
                    .push(Finding::warning(&self.spec.file, &owner, pointer, reason));
            }
        }
    }
    refs::walk(openapi, &mut Fixer { spec, findings });
}

/// Whether typify fails to give these enum values distinct variant names: it tries their PascalCase,
/// then their PascalCase with `_` and other non-identifier characters written as `X`.
fn variant_names_clash<'a>(values: impl Iterator<Item = &'a str> + Clone) -> bool {
    let distinct = |names: Vec<String>| {
        let count = names.len();
        names.into_iter().collect::<BTreeSet<_>>().len() == count
    };
    let plain = values.clone().map(rust_type_name).collect();
    if distinct(plain) {
        return false;
    }
    let marked = values
        .map(|value| {
            let marked: String = value
                .chars()
                .map(|c| {
                    if c == '_' || !c.is_alphanumeric() {
                        'X'
                    } else {
                        c
                    }
                })
                .collect();
            rust_type_name(&marked)
        })
        .collect();
    !distinct(marked)
}

/// typify gives every type one name and merges any later type of the same name into the first,
/// silently (an error body typed as the success body, a request body typed as a query parameter).
/// Each type name is therefore claimed by one schema: component names first (here), then titled inline
/// schemas ([`Adapter::titles`]), then the names progenitor derives for inline parameter, body and
/// response schemas (`<OperationId><Parameter>`, `<OperationId>Body`, `<OperationId>Response`,
/// [`Site`]). A later, different schema with a claimed name is renamed: a component gets a number, a
/// titled schema loses its title, an inline operation schema moves to `components/schemas` under a
/// longer name. Returns the claims: type name → the claiming schema's JSON.
fn component_names(
    spec: &Spec,
    openapi: &mut OpenAPI,
    findings: &mut Vec<Finding>,
) -> BTreeMap<String, String> {
    let mut claims: BTreeMap<String, String> = BTreeMap::new();
    let Some(components) = &mut openapi.components else {
        return claims;
    };
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let keys: BTreeSet<String> = components.schemas.keys().cloned().collect();
    for (name, schema) in components.schemas.iter() {
        let json = serde_json::to_string(schema).unwrap_or_default();
        let type_name = rust_type_name(name);
        if let Entry::Vacant(slot) = claims.entry(type_name.clone()) {
            slot.insert(json);
            continue;
        }
        let new = (2..)
            .map(|n| format!("{name}{n}"))
            .find(|candidate| {
                !keys.contains(candidate) && !claims.contains_key(&rust_type_name(candidate))
            })
            .expect("a free name");
        let reason = format!(
            "`{name}` and an earlier schema both become the type `{type_name}`: the client calls this one \
             `{}`",
            rust_type_name(&new)
        );
        claims.insert(rust_type_name(&new), json);
        let pointer = format!("/components/schemas/{}", segment(name));
        findings.push(Finding::warning(
            &spec.file,
            &format!("component {name}"),
            &pointer,
            reason,
        ));
        renames.insert(name.clone(), new);
    }
    if renames.is_empty() {
        return claims;
    }
    let schemas = std::mem::take(&mut components.schemas);
    for (name, schema) in schemas {
        let name = renames.get(&name).cloned().unwrap_or(name);
        components.schemas.insert(name, schema);
    }
    struct Renamer<'r>(&'r BTreeMap<String, String>);
    impl Visitor for Renamer<'_> {
        fn reference(&mut self, _: &str, target: Target, reference: &mut String) {
            if target != Target::Schema {
                return;
            }
            if let Some(new) = refs::component_name(reference, target)
                .ok()
                .and_then(|name| self.0.get(&name))
            {
                *reference = format!("#/components/schemas/{}", segment(new));
            }
        }
    }
    refs::walk(openapi, &mut Renamer(&renames));
    claims
}

/// An inline schema moved to `components/schemas` under `name`, to keep `type_name` for another.
struct Hoisted {
    name: String,
    schema: Schema,
    type_name: String,
    json: String,
}

/// Where an operation is, for messages and pointers.
struct OperationContext<'c> {
    owner: &'c str,
    pointer: &'c str,
    path_pointer: &'c str,
    names: &'c [String],
    shared: &'c [ReferenceOr<Parameter>],
}

/// Claims the type names of one operation's inline schemas, moving those that clash to components.
struct Site<'a, 's, 'c> {
    adapter: &'a mut Adapter<'s>,
    claims: &'c mut BTreeMap<String, String>,
    hoisted: &'c mut Vec<Hoisted>,
    /// Component names already in use.
    taken: Option<&'c Components>,
    pointer: String,
}

impl Site<'_, '_, '_> {
    fn operation(&mut self, operation: &mut Operation) {
        let id = operation.operation_id.clone().unwrap_or_default();
        let components = self.adapter.components();
        // The body first, then the responses (successes before errors), then the parameters.
        if let Some(body) = &mut operation.request_body {
            if let Some(mut resolved) = resolve(components, body).cloned() {
                let mut changed = false;
                if let Some((media, media_type)) = resolved.content.iter_mut().next() {
                    if body_rank(media).is_some_and(|(rank, _)| rank <= 3) {
                        let pointer = format!(
                            "{}/requestBody/content/{}/schema",
                            self.pointer,
                            segment(media)
                        );
                        changed = self.claim(
                            &mut media_type.schema,
                            &format!("{id}-body"),
                            &format!("{id}-request-body"),
                            &pointer,
                        );
                    }
                }
                if changed {
                    *body = ReferenceOr::Item(resolved);
                }
            }
        }

        let mut statuses: Vec<(Status, Option<StatusCode>)> = operation
            .responses
            .responses
            .keys()
            .map(|status| {
                let progenitor = match status {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(range) => Status::Range(*range),
                };
                (progenitor, Some(status.clone()))
            })
            .collect();
        if operation.responses.default.is_some() {
            statuses.push((Status::Default, None));
        }
        statuses.sort_by_key(|(status, _)| {
            (
                *status == Status::Default,
                !status.is_success(),
                status.value(),
            )
        });
        for (_, status) in statuses {
            let slot = match &status {
                None => operation.responses.default.as_mut(),
                Some(status) => operation.responses.responses.get_mut(status),
            }
            .expect("a listed status");
            let Some(mut resolved) = resolve(components, slot).cloned() else {
                continue;
            };
            let key = status_key(status.as_ref());
            let Some((media, media_type)) = resolved
                .content
                .iter_mut()
                .find(|(media, _)| progenitor_json(media))
            else {
                continue;
            };
            let pointer = format!(
                "{}/responses/{key}/content/{}/schema",
                self.pointer,
                segment(media)
            );
            if self.claim(
                &mut media_type.schema,
                &format!("{id}-response"),
                &format!("{id}-response-{key}"),
                &pointer,
            ) {
                *slot = ReferenceOr::Item(resolved);
            }
        }

        let mut order: Vec<usize> = (0..operation.parameters.len()).collect();
        order.sort_by_key(|&i| {
            resolve(components, &operation.parameters[i])
                .map(|p| p.parameter_data_ref().name.clone())
        });
        for index in order {
            let slot = &mut operation.parameters[index];
            let Some(mut resolved) = resolve(components, slot).cloned() else {
                continue;
            };
            let location = location(&resolved);
            let data = match &mut resolved {
                Parameter::Query { parameter_data, .. }
                | Parameter::Header { parameter_data, .. }
                | Parameter::Path { parameter_data, .. }
                | Parameter::Cookie { parameter_data, .. } => parameter_data,
            };
            let name = data.name.clone();
            let ParameterSchemaOrContent::Schema(schema) = &mut data.format else {
                continue;
            };
            let mut schema = Some(schema.clone());
            let at = format!("{}/parameters/{index}", self.pointer);
            let origin = self.adapter.param_origins.get(&at).cloned().unwrap_or(at);
            let pointer = format!("{origin}/schema");
            if self.claim(
                &mut schema,
                &format!("{id}-{name}"),
                &format!("{id}-{location}-{name}"),
                &pointer,
            ) {
                data.format = ParameterSchemaOrContent::Schema(schema.expect("claimed"));
                *slot = ReferenceOr::Item(resolved);
            }
        }
    }

    /// Claims `hint` for an inline schema; if a different schema has it, moves this one to
    /// `components/schemas` under a name derived from `longer`. Returns whether the schema moved.
    fn claim(
        &mut self,
        schema: &mut Option<ReferenceOr<Schema>>,
        hint: &str,
        longer: &str,
        pointer: &str,
    ) -> bool {
        let Some(ReferenceOr::Item(inline)) = schema else {
            return false;
        };
        if inline.schema_data.title.is_some() || !names_a_type(inline) {
            return false;
        }
        let type_name = rust_type_name(hint);
        let json = serde_json::to_string(inline).unwrap_or_default();
        match self.claims.get(&type_name) {
            None => {
                self.claims.insert(type_name, json);
                return false;
            }
            Some(claimed) if *claimed == json => return false,
            Some(_) => {}
        }
        let base = rust_type_name(longer);
        let free = |candidate: &String| {
            !self.claims.contains_key(candidate)
                && !self
                    .taken
                    .is_some_and(|c| c.schemas.contains_key(candidate.as_str()))
                && !self.hoisted.iter().any(|h| h.name == *candidate)
        };
        // An identical schema with the same name moved already (a 400 and a 500 body): one type.
        let earlier = self
            .hoisted
            .iter()
            .find(|h| h.type_name == type_name && h.json == json)
            .map(|h| h.name.clone());
        let new = earlier.clone().unwrap_or_else(|| {
            std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}{n}")))
                .find(free)
                .expect("a free name")
        });
        let owner = owner_of(self.adapter.original, pointer);
        let reason = format!(
            "this schema would be the type `{type_name}`, a name another schema already has (typify \
             would merge the two): the client names it `{new}`"
        );
        self.adapter.warn(&owner, pointer, reason);
        if earlier.is_none() {
            self.claims.insert(new.clone(), json.clone());
            self.hoisted.push(Hoisted {
                name: new.clone(),
                schema: inline.clone(),
                type_name,
                json,
            });
        }
        *schema = Some(ReferenceOr::Reference {
            reference: format!("#/components/schemas/{}", segment(&new)),
        });
        true
    }
}

// -------------------------------------------------------------------------------------------------
// progenitor's model of responses

/// A response status as progenitor orders them (`default` last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Code(u16),
    Range(u16),
    Default,
}

impl Status {
    fn value(self) -> u16 {
        match self {
            Status::Code(code) => code,
            Status::Range(range) => range * 100,
            Status::Default => 1000,
        }
    }

    /// progenitor's success set (`default` is in both sets).
    fn is_success(self) -> bool {
        matches!(
            self,
            Status::Default | Status::Code(101) | Status::Code(200..=299) | Status::Range(2)
        )
    }

    fn is_error(self) -> bool {
        matches!(
            self,
            Status::Default | Status::Code(400..=599) | Status::Range(4..=5)
        )
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(range) => write!(f, "{range}XX"),
            Status::Default => f.write_str("`default`"),
        }
    }
}

/// What progenitor makes of a response body; two responses of one set must agree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// JSON with this schema (a `$ref`, or the inline schema's JSON).
    Typed(String),
    /// A websocket upgrade (101 without JSON).
    Upgrade,
    /// Another media type: a byte stream.
    Raw,
    Empty,
}

#[derive(Debug, Clone)]
struct Outcome {
    /// `None` for `default`.
    key: Option<StatusCode>,
    status: Status,
    kind: Kind,
}

fn kind(response: &Response, status: Status) -> Kind {
    if let Some(media_type) = response
        .content
        .iter()
        .find_map(|(media, media_type)| progenitor_json(media).then_some(media_type))
    {
        let key = match &media_type.schema {
            Some(ReferenceOr::Reference { reference }) => format!("ref {reference}"),
            Some(schema) => serde_json::to_string(schema).unwrap_or_default(),
            None => "{}".to_owned(),
        };
        Kind::Typed(key)
    } else if status == Status::Code(101) {
        Kind::Upgrade
    } else if !response.content.is_empty() {
        Kind::Raw
    } else {
        Kind::Empty
    }
}

/// Sorted as progenitor sorts them (stable, by status value).
fn sorted<'a>(responses: impl Iterator<Item = &'a Outcome>) -> Vec<&'a Outcome> {
    let mut responses: Vec<&Outcome> = responses.collect();
    responses.sort_by_key(|r| r.status.value());
    responses
}

/// Whether progenitor counts `default` among the success responses: it drops it when the sorted
/// success responses end with `2XX, default`.
fn in_success_set(responses: &[Outcome], default: &Outcome) -> bool {
    let set = sorted(responses.iter().filter(|r| r.status.is_success()));
    let n = set.len();
    !(n >= 2 && set[n - 2].status == Status::Range(2) && set[n - 1].status == default.status)
}

fn status_key(status: Option<&StatusCode>) -> String {
    status.map_or_else(|| "default".to_owned(), ToString::to_string)
}

// -------------------------------------------------------------------------------------------------
// Media types

/// The media type progenitor types a response with: exactly `application/json`, parameters allowed.
fn progenitor_json(media: &str) -> bool {
    media == "application/json" || media.starts_with("application/json;")
}

/// JSON under another spelling: `Application/JSON`, `application/problem+json`, …
fn json_like(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The request media types progenitor can send, best first, with the name progenitor knows them by.
fn body_rank(media: &str) -> Option<(u8, &'static str)> {
    let essence = essence(media);
    match essence.as_str() {
        "application/json" if media == "application/json" => Some((0, "application/json")),
        "application/json" => Some((1, "application/json")),
        e if e.starts_with("application/") && e.ends_with("+json") => Some((2, "application/json")),
        "application/x-www-form-urlencoded" => Some((3, "application/x-www-form-urlencoded")),
        "application/octet-stream" => Some((4, "application/octet-stream")),
        "text/plain" => Some((5, "text/plain")),
        "text/x-markdown" => Some((5, "text/x-markdown")),
        _ => None,
    }
}

/// Whether progenitor parses this request media type as it is (it compares the text before `;`).
fn progenitor_accepts(media: &str) -> bool {
    let end = media.find(';').unwrap_or(media.len());
    matches!(
        &media[..end],
        "application/json"
            | "application/x-www-form-urlencoded"
            | "application/octet-stream"
            | "text/plain"
            | "text/x-markdown"
    )
}

/// The only schema progenitor takes for an octet-stream body.
fn is_binary_string(schema: &Schema) -> bool {
    matches!(
        schema,
        Schema {
            schema_data: SchemaData { nullable: false, discriminator: None, default: None, .. },
            schema_kind: SchemaKind::Type(Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                pattern: None,
                enumeration,
                min_length: None,
                max_length: None,
            })),
        } if enumeration.is_empty()
    )
}

/// The only schema progenitor takes for a text body.
fn is_plain_string(schema: &Schema) -> bool {
    matches!(
        schema,
        Schema {
            schema_data: SchemaData { nullable: false, discriminator: None, default: None, .. },
            schema_kind: SchemaKind::Type(Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Empty,
                pattern: None,
                enumeration,
                min_length: None,
                max_length: None,
            })),
        } if enumeration.is_empty()
    )
}

// -------------------------------------------------------------------------------------------------
// Helpers

fn schema_of(value: Value) -> Schema {
    serde_json::from_value(value).expect("a literal schema")
}

/// The eight operation slots of a path item, in progenitor's order.
fn operation_slots(item: &mut PathItem) -> [(&'static str, &mut Option<Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

/// Follows references to the item; `None` if one does not resolve (already reported by `refs::check`).
fn resolve<'a, T: refs::Component>(
    components: Option<&'a Components>,
    item: &'a ReferenceOr<T>,
) -> Option<&'a T> {
    refs::resolve(components, item).ok()
}

/// Who a pointer belongs to, for messages: `operation <id>`, `component <name>` or `document`.
fn owner_of(openapi: &OpenAPI, pointer: &str) -> String {
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    match parts.as_slice() {
        ["paths", path, method, ..] => {
            let path = unescape(path);
            let operation = openapi
                .paths
                .paths
                .get(&path)
                .and_then(ReferenceOr::as_item)
                .and_then(|item| item.iter().find(|(m, _)| m == method))
                .map(|(_, operation)| operation);
            match operation {
                Some(operation) => match &operation.operation_id {
                    Some(id) => format!("operation {id}"),
                    None => format!("operation {method} {path}"),
                },
                None => format!("path {path}"),
            }
        }
        ["components", _, name, ..] => format!("component {}", unescape(name)),
        _ => "document".to_owned(),
    }
}

/// The component's name, if `pointer` is a component schema itself.
fn component_root(pointer: &str) -> Option<String> {
    pointer
        .strip_prefix("/components/schemas/")
        .filter(|rest| !rest.contains('/'))
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
}

/// Whether typify gives this inline schema a name of its own (a struct, enum or newtype, or a
/// container of one, named after it): everything but plain scalars, maps and arrays of those, and
/// references. When unsure, it does.
fn names_a_type(schema: &Schema) -> bool {
    let inner = |schema: &ReferenceOr<Box<Schema>>| match schema {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => names_a_type(schema),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty()
                || s.pattern.is_some()
                || s.min_length.is_some()
                || s.max_length.is_some()
        }
        SchemaKind::Type(Type::Number(n)) => !n.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(b)) => !b.enumeration.is_empty(),
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref().is_some_and(inner),
        SchemaKind::Type(Type::Object(o)) => {
            !o.properties.is_empty()
                || match &o.additional_properties {
                    Some(AdditionalProperties::Schema(extra)) => match extra.as_ref() {
                        ReferenceOr::Reference { .. } => false,
                        ReferenceOr::Item(schema) => names_a_type(schema),
                    },
                    _ => false,
                }
        }
        SchemaKind::Any(any) => *any != openapiv3::AnySchema::default(),
        // A single subschema is that subschema (typify's `allOf: [$ref]` is the referenced type).
        SchemaKind::AllOf { all_of: only }
        | SchemaKind::OneOf { one_of: only }
        | SchemaKind::AnyOf { any_of: only }
            if only.len() == 1 =>
        {
            match &only[0] {
                ReferenceOr::Reference { .. } => false,
                ReferenceOr::Item(schema) => names_a_type(schema),
            }
        }
        _ => true,
    }
}

/// A type (or enum variant) name as typify writes it: PascalCase of the identifier characters, `X`
/// before a leading digit, with typify's special cases.
fn rust_type_name(name: &str) -> String {
    let pascal = match name {
        "+1" => "Plus1".to_owned(),
        "-1" => "Minus1".to_owned(),
        _ => {
            let cleaned: String = name
                .replace('\'', "")
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            cleaned.to_pascal_case()
        }
    };
    match pascal.chars().next() {
        None => "X".to_owned(),
        Some(c) if c.is_alphabetic() => pascal,
        Some(_) => format!("X{pascal}"),
    }
}

fn path_style(style: &PathStyle) -> &'static str {
    match style {
        PathStyle::Matrix => "matrix",
        PathStyle::Label => "label",
        PathStyle::Simple => "simple",
    }
}

fn query_style(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form => "form",
        QueryStyle::SpaceDelimited => "spaceDelimited",
        QueryStyle::PipeDelimited => "pipeDelimited",
        QueryStyle::DeepObject => "deepObject",
    }
}

#[cfg(test)]
mod tests;
