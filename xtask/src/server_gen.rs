//! The server crate's generated code: typed requests and responses, one trait, and an axum router.
//!
//! Modelled on "strict server" designs: per operation a request type (path, query, header and body
//! values, credentials included) and a response enum (one variant per documented status); one trait
//! with an async method per operation for the implementer; `router(impl)` does the routing, parsing,
//! checking and bad-input answers. Everything comes from the spec: nothing here knows the operations.

use std::collections::BTreeSet;

use anyhow::{anyhow, bail, Context, Result};
use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::TokenStream;
use progenitor_impl::Generator;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};
use spec_support::json_schema::with_components;

use crate::apis::Api;
use crate::client_gen;
use crate::spec::Spec;

/// Request bodies above this size are refused before parsing.
const BODY_LIMIT: usize = 1 << 20;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Generates the server module for `api`.
pub fn generate(api: &Api, spec: &Spec) -> Result<TokenStream> {
    // The server uses the client crate's types, so the two sides agree on the wire by construction.
    // The same generator with the same settings tells which type names that crate has.
    let mut generator = Generator::new(&client_gen::settings(
        api,
        &format!("::{}", api.client_lib()),
    ));
    generator
        .generate_tokens(&spec.openapi)
        .with_context(|| format!("{}: typify could not generate the types", spec.file))?;
    let type_names: BTreeSet<String> = generator
        .get_type_space()
        .iter_types()
        .map(|t| t.name())
        .collect();
    let client_lib = format_ident!("{}", api.client_lib());
    let view = SpecView {
        api,
        spec,
        type_names: &type_names,
    };

    let rejections = rejections(spec)?;
    let empty_values = if spec
        .raw
        .get("x-empty-values-are-missing")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        quote!(EmptyValues::Missing)
    } else {
        quote!(EmptyValues::Kept)
    };
    let method_enforced = spec
        .raw
        .pointer("/x-rejections/method-not-allowed")
        .is_some();
    let mut items = Vec::new();
    let mut trait_methods = Vec::new();
    let mut routes = Vec::new();
    let paths = spec
        .raw
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| anyhow!("{}: no paths", spec.file))?;
    for (path, item) in paths {
        let mut route_methods = Vec::new();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let op = view.operation(path, method, operation)?;
            items.push(op.items);
            trait_methods.push(op.trait_method);
            route_methods.push((method, op.handler));
        }
        routes.push(route(path, &route_methods, method_enforced));
    }

    Ok(quote! {
        #![allow(clippy::all, clippy::pedantic, unused_imports)]

        use std::future::Future;
        use std::sync::Arc;

        use axum::extract::{Request, State};
        use axum::http::StatusCode;
        use axum::response::{IntoResponse, Response};
        use axum::routing::{any, MethodRouter};
        use axum::Router;
        use server_support::{Answer, BodyKind, EmptyValues, Field, Kind, Operation, Rejection, Rejections, Schema, Source};

        /// Types used by the requests and responses: the client crate's own.
        pub use ::#client_lib::types;

        /// How this API answers requests it cannot take (the spec's `x-rejections`).
        pub const REJECTIONS: Rejections = #rejections;

        /// What an empty query or form value (`name=`) means to this API (the spec's
        /// `x-empty-values-are-missing`).
        pub const EMPTY_VALUES: EmptyValues = #empty_values;

        /// Bodies larger than this are refused.
        pub const BODY_LIMIT: usize = #BODY_LIMIT;

        #(#items)*

        /// The operations of the API: implement this, and serve it with [`router`].
        pub trait Api: Send + Sync + 'static {
            #(#trait_methods)*
        }

        /// Serves `api`: routes every operation (with and without a trailing slash), reads and checks the
        /// request, and answers bad input the way the spec says.
        pub fn router<A: Api>(api: A) -> Router {
            Router::new()
                #(#routes)*
                .fallback(unknown_operation)
                .with_state(Arc::new(api))
        }

        async fn unknown_operation(request: Request) -> Response {
            let message = format!("No operation at {} {}", request.method(), request.uri().path());
            REJECTIONS.respond(Rejection::UnknownOperation(message))
        }
    })
}

/// `.route(...)` calls for one path, with and without a trailing slash.
fn route(path: &str, methods: &[(&str, TokenStream)], enforced: bool) -> TokenStream {
    let method_router = if enforced {
        let allow = methods
            .iter()
            .map(|(m, _)| m.to_uppercase())
            .collect::<Vec<_>>()
            .join(", ");
        let calls = methods.iter().map(|(method, handler)| {
            let method = format_ident!("{method}");
            quote!(.#method(#handler::<A>))
        });
        let message = format!("{path} accepts only {allow}");
        quote! {
            MethodRouter::new()
                #(#calls)*
                .fallback(|| async {
                    REJECTIONS.respond(Rejection::MethodNotAllowed { message: #message.to_owned(), allow: #allow })
                })
        }
    } else {
        // The service reads parameters from where the spec puts them whatever the method.
        let (_, handler) = &methods[0];
        quote!(any(#handler::<A>))
    };
    let slashed = format!("{}/", path.trim_end_matches('/'));
    quote! {
        .route(#path, #method_router)
        .route(#slashed, #method_router)
    }
}

/// `x-rejections` as a `Rejections` value.
fn rejections(spec: &Spec) -> Result<TokenStream> {
    let answer = |key: &str| -> Result<Option<TokenStream>> {
        let Some(value) = spec.raw.pointer(&format!("/x-rejections/{key}")) else {
            return Ok(None);
        };
        let status = value
            .get("status")
            .and_then(Value::as_u64)
            .ok_or_else(|| anyhow!("{}: x-rejections.{key}.status", spec.file))?;
        let status = u16::try_from(status)?;
        let body = value
            .get("body")
            .ok_or_else(|| anyhow!("{}: x-rejections.{key}.body", spec.file))?
            .to_string();
        Ok(Some(quote!(Answer { status: #status, body: #body })))
    };
    let required = |key: &str| {
        answer(key)?.ok_or_else(|| anyhow!("{}: x-rejections.{key} is required", spec.file))
    };
    let missing_credential = required("missing-credential")?;
    let invalid_request = required("invalid-request")?;
    let unknown_operation = required("unknown-operation")?;
    let method_not_allowed = match answer("method-not-allowed")? {
        Some(answer) => quote!(Some(#answer)),
        None => quote!(None),
    };
    Ok(quote! {
        Rejections {
            missing_credential: #missing_credential,
            invalid_request: #invalid_request,
            unknown_operation: #unknown_operation,
            method_not_allowed: #method_not_allowed,
        }
    })
}

/// The spec and what the generator knows of its generated types.
struct SpecView<'a> {
    api: &'a Api,
    spec: &'a Spec,
    type_names: &'a BTreeSet<String>,
}

/// What one operation contributes to the generated module.
struct GeneratedOperation {
    items: TokenStream,
    trait_method: TokenStream,
    handler: TokenStream,
}

/// A credential an operation requires in a header (an `apiKey` security scheme).
struct Credential {
    header: String,
    scheme: String,
    /// `x-missing-message` of the scheme, as an `Option<&str>` literal.
    missing_message: TokenStream,
}

/// One field of a request type.
struct RequestField {
    wire: String,
    ident: proc_macro2::Ident,
    ty: TokenStream,
    required: bool,
    doc: String,
}

impl SpecView<'_> {
    fn operation(&self, path: &str, method: &str, operation: &Value) -> Result<GeneratedOperation> {
        let spec = self.spec;
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| anyhow!("{}: {method} {path} has no operationId", spec.file))?;
        let where_ = format!("{}: operation {id}", spec.file);
        let snake = format_ident!("{}", id.to_snake_case());
        let pascal = id.to_pascal_case();
        let request_ident = format_ident!("{pascal}Request");
        let response_ident = format_ident!("{pascal}Response");
        let handler = format_ident!("handle_{}", id.to_snake_case());
        let operation_static = format_ident!("{}", id.to_shouty_snake_case());

        let mut fields = Vec::new();
        let mut field_table = Vec::new();
        let mut schema_properties = Map::new();
        let mut schema_required = Vec::new();

        // Credentials first: the services check them before anything else.
        for Credential {
            header,
            scheme,
            missing_message,
        } in self.header_credentials(operation)?
        {
            fields.push(RequestField {
                wire: header.clone(),
                ident: format_ident!("{}", header.to_snake_case()),
                ty: quote!(String),
                required: true,
                doc: format!("The `{header}` header ({scheme})."),
            });
            field_table.push(quote! {
                Field { name: #header, source: Source::Header, kind: Kind::String, required: true, credential: true, missing_message: #missing_message }
            });
        }

        let parameters = operation
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for parameter in &parameters {
            let parameter = spec_support::resolve(&spec.raw, parameter);
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("{where_}: a parameter has no name"))?;
            let location = parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let source = match location {
                "query" => quote!(Source::Query),
                "path" => quote!(Source::Path),
                "header" => quote!(Source::Header),
                other => bail!("{where_}: parameter {name} is in `{other}`, which the server generator does not support"),
            };
            let required = location == "path"
                || parameter
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            let schema = parameter
                .get("schema")
                .ok_or_else(|| anyhow!("{where_}: parameter {name} has no schema"))?;
            let kind = self
                .kind(schema)
                .with_context(|| format!("{where_}: parameter {name}"))?;
            let missing = missing_message(parameter);
            field_table.push(quote! {
                Field { name: #name, source: #source, kind: #kind, required: #required, credential: false, missing_message: #missing }
            });
            fields.push(RequestField {
                wire: name.to_owned(),
                ident: format_ident!("{}", name.to_snake_case()),
                ty: self
                    .rust_type(schema)
                    .with_context(|| format!("{where_}: parameter {name}"))?,
                required,
                doc: parameter
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or(name)
                    .to_owned(),
            });
            schema_properties.insert(name.to_owned(), schema.clone());
            if required {
                schema_required.push(Value::String(name.to_owned()));
            }
        }

        let body_kind = match operation.get("requestBody") {
            None => quote!(BodyKind::None),
            Some(body) => {
                let body = spec_support::resolve(&spec.raw, body);
                let required = body
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let content = body
                    .get("content")
                    .and_then(Value::as_object)
                    .ok_or_else(|| anyhow!("{where_}: request body without content"))?;
                if content.len() != 1 {
                    bail!("{where_}: the request body must have exactly one media type");
                }
                let (media_type, media) = content.iter().next().expect("one media type");
                let schema = media
                    .get("schema")
                    .ok_or_else(|| anyhow!("{where_}: request body without schema"))?;
                fields.push(RequestField {
                    wire: "body".to_owned(),
                    ident: format_ident!("body"),
                    ty: self
                        .rust_type(schema)
                        .with_context(|| format!("{where_}: request body"))?,
                    required,
                    doc: "The request body.".to_owned(),
                });
                schema_properties.insert("body".to_owned(), schema.clone());
                if required {
                    schema_required.push(Value::String("body".to_owned()));
                }
                match media_type.as_str() {
                    "application/x-www-form-urlencoded" => {
                        field_table.extend(
                            self.form_fields(schema)
                                .with_context(|| format!("{where_}: form body"))?,
                        );
                        quote!(BodyKind::Form)
                    }
                    "application/json" => quote!(BodyKind::Json { required: #required }),
                    other => bail!("{where_}: request bodies of type {other} are not supported"),
                }
            }
        };

        let request_fields = fields.iter().map(|field| {
            let RequestField {
                wire,
                ident,
                ty,
                required,
                doc,
            } = field;
            let ty = if *required {
                quote!(#ty)
            } else {
                quote!(Option<#ty>)
            };
            let default = (!required).then(|| quote!(#[serde(default)]));
            quote! {
                #[doc = #doc]
                #[serde(rename = #wire)]
                #default
                pub #ident: #ty,
            }
        });

        let request_schema = with_components(
            &json!({ "type": "object", "properties": schema_properties, "required": schema_required }),
            spec.raw.get("components").unwrap_or(&Value::Null),
        );
        let request_schema = serde_json::to_string(&request_schema)?;

        let (response_enum, response_impl) = self.responses(&where_, &response_ident, operation)?;

        let summary = operation
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or(id);
        let request_doc = format!("The request of `{id}` ({} {path}).", method.to_uppercase());
        let response_doc = format!("The responses of `{id}`, one variant per documented status.");
        let method_doc = operation
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(summary);
        let items = quote! {
            #[doc = #request_doc]
            #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
            pub struct #request_ident {
                #(#request_fields)*
            }

            #[doc = #response_doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #response_ident {
                #response_enum
            }

            impl IntoResponse for #response_ident {
                fn into_response(self) -> Response {
                    match self {
                        #response_impl
                    }
                }
            }

            static #operation_static: Operation = Operation {
                body: #body_kind,
                fields: &[#(#field_table),*],
                empty_values: EMPTY_VALUES,
                schema: Schema::new(#request_schema),
                body_limit: BODY_LIMIT,
            };

            async fn #handler<A: Api>(State(api): State<Arc<A>>, request: Request) -> Response {
                match #operation_static.parse::<#request_ident>(request).await {
                    Ok(request) => api.#snake(request).await.into_response(),
                    Err(rejection) => REJECTIONS.respond(rejection),
                }
            }
        };
        let trait_method = quote! {
            #[doc = #summary]
            #[doc = ""]
            #[doc = #method_doc]
            fn #snake(&self, request: #request_ident) -> impl Future<Output = #response_ident> + Send;
        };
        Ok(GeneratedOperation {
            items,
            trait_method,
            handler: quote!(#handler),
        })
    }

    /// The `apiKey`-in-header security schemes this operation requires.
    fn header_credentials(&self, operation: &Value) -> Result<Vec<Credential>> {
        let requirements = operation
            .get("security")
            .or_else(|| self.spec.raw.get("security"));
        let mut headers = Vec::new();
        for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
            for scheme_name in requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, _)| name)
            {
                let scheme = self
                    .spec
                    .raw
                    .pointer(&format!(
                        "/components/securitySchemes/{}",
                        spec_support::segment(scheme_name)
                    ))
                    .ok_or_else(|| {
                        anyhow!("{}: unknown security scheme {scheme_name}", self.spec.file)
                    })?;
                match (scheme.get("type").and_then(Value::as_str), scheme.get("in").and_then(Value::as_str)) {
                    (Some("apiKey"), Some("header")) => {
                        let name = scheme.get("name").and_then(Value::as_str).unwrap_or("Authorization");
                        headers.push(Credential {
                            header: name.to_ascii_lowercase(),
                            scheme: scheme_name.clone(),
                            missing_message: missing_message(scheme),
                        });
                    }
                    _ => bail!("{}: security scheme {scheme_name} is not an apiKey header, which the server generator does not support", self.spec.file),
                }
            }
        }
        Ok(headers)
    }

    /// The field table entries of a flat form body's properties: required ones first, each group in
    /// spec order, because the service reports the first missing one.
    fn form_fields(&self, schema: &Value) -> Result<Vec<TokenStream>> {
        let schema = spec_support::resolve(&self.spec.raw, schema);
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| anyhow!("a form body must be an object with properties"))?;
        let (mandatory, optional): (Vec<_>, Vec<_>) = properties
            .iter()
            .partition(|(name, _)| required.contains(name.as_str()));
        mandatory
            .into_iter()
            .map(|entry| (entry, true))
            .chain(optional.into_iter().map(|entry| (entry, false)))
            .map(|((name, property), is_required)| {
                let kind = self.kind(property).with_context(|| format!("property {name}"))?;
                let missing = missing_message(property);
                Ok(quote! {
                    Field { name: #name, source: Source::Form, kind: #kind, required: #is_required, credential: false, missing_message: #missing }
                })
            })
            .collect()
    }

    /// The JSON kind a text value of `schema` is converted to.
    fn kind(&self, schema: &Value) -> Result<TokenStream> {
        let schema = spec_support::resolve(&self.spec.raw, schema);
        Ok(match schema.get("type").and_then(Value::as_str) {
            Some("string") => quote!(Kind::String),
            Some("integer") => quote!(Kind::Integer),
            Some("number") => quote!(Kind::Number),
            Some("boolean") => quote!(Kind::Boolean),
            other => bail!("values of type {other:?} cannot be read from text"),
        })
    }

    /// The Rust type of a parameter or body schema.
    fn rust_type(&self, schema: &Value) -> Result<TokenStream> {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            if let Some(replacement) = self.api.replacements.iter().find(|r| r.schema == name) {
                return format!("::{}::{}", self.api.client_lib(), replacement.path)
                    .parse()
                    .map_err(|e| anyhow!("{e}"));
            }
            if !self.type_names.contains(name) {
                bail!("component `{name}` has no generated type of the same name; name components in PascalCase");
            }
            let ident = format_ident!("{name}");
            return Ok(quote!(types::#ident));
        }
        Ok(
            match (
                schema.get("type").and_then(Value::as_str),
                schema.get("format").and_then(Value::as_str),
            ) {
                (Some("string"), _) => quote!(String),
                (Some("integer"), Some("int32")) => quote!(i32),
                (Some("integer"), _) => quote!(i64),
                (Some("number"), _) => quote!(f64),
                (Some("boolean"), _) => quote!(bool),
                _ => bail!("inline schema {schema} is not supported: use a $ref to a component"),
            },
        )
    }

    /// The response enum's variants and their `into_response` arms.
    fn responses(
        &self,
        where_: &str,
        ident: &proc_macro2::Ident,
        operation: &Value,
    ) -> Result<(TokenStream, TokenStream)> {
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .ok_or_else(|| anyhow!("{where_}: no responses"))?;
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for (status, response) in responses {
            let response = spec_support::resolve(&self.spec.raw, response);
            let code: u16 = status.parse().map_err(|_| {
                anyhow!("{where_}: response `{status}`: only numeric statuses are supported")
            })?;
            let variant = format_ident!("{}", variant_name(code));
            let doc = response
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or(status)
                .to_owned();
            let schema = response.pointer("/content/application~1json/schema");
            match schema {
                Some(schema) => {
                    let ty = self
                        .rust_type(schema)
                        .with_context(|| format!("{where_}: response {status}"))?;
                    variants.push(quote!(#[doc = #doc] #variant(#ty),));
                    arms.push(quote! {
                        #ident::#variant(body) => server_support::json(StatusCode::from_u16(#code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), &body),
                    });
                }
                None => {
                    variants.push(quote!(#[doc = #doc] #variant,));
                    arms.push(quote! {
                        #ident::#variant => StatusCode::from_u16(#code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
                    });
                }
            }
        }
        if variants.is_empty() {
            bail!("{where_}: no responses");
        }
        Ok((quote!(#(#variants)*), quote!(#(#arms)*)))
    }
}

/// `x-missing-message` as an `Option<&str>` literal.
fn missing_message(holder: &Value) -> TokenStream {
    match holder.get("x-missing-message").and_then(Value::as_str) {
        Some(message) => quote!(Some(#message)),
        None => quote!(None),
    }
}

/// A response variant's name, from its status.
fn variant_name(code: u16) -> String {
    match axum_reason(code) {
        Some(reason) => reason.to_pascal_case(),
        None => format!("Status{code}"),
    }
}

/// The canonical reason phrase of the statuses APIs commonly document.
fn axum_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        204 => "no content",
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        409 => "conflict",
        422 => "unprocessable entity",
        429 => "too many requests",
        500 => "internal server error",
        503 => "service unavailable",
        _ => return None,
    })
}
