//! The server crate's generated code: typed requests and responses, one trait, a router, and an
//! implementation answering from the spec's examples.
//!
//! Modelled on "strict server" designs: per operation a request type (parameters, credentials, body)
//! and a response enum (one variant per documented status); one trait with an async method per
//! operation, each defaulting to "not implemented"; `router(impl)` does the routing, parsing, checking
//! and bad-input answers through `server-support`'s tables. Everything comes from the spec's model.

mod adapted;
mod json_schemas;
mod request;
mod response;
mod synthesize;
mod types;

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::apis::Api;
use crate::finding::Finding;
use crate::model::{Model, REJECTION_KEYS};
use crate::spec::Spec;

/// Request bodies above this size are refused before parsing.
const BODY_LIMIT: usize = 1 << 20;

/// Generates the server module of `api` from its model. `client_view` is the document the client was
/// generated from (`progenitor_input`'s), `client_path` how the server names the client crate
/// (`::petstore_client`), `client_names` the types that crate defines. Warnings found on the way
/// are added to `findings`.
pub fn generate(
    api: &Api,
    spec: &Spec,
    model: &Model,
    client_view: &openapiv3::OpenAPI,
    client_path: &str,
    client_names: BTreeSet<String>,
    findings: &mut Vec<Finding>,
) -> Result<TokenStream> {
    let openapi = &spec.openapi;
    let mut types = types::Types::new(api, client_view, client_path, client_names)?;
    let sources = Sources {
        openapi,
        file: &spec.file,
        adapted: adapted::Adapted {
            openapi: client_view,
        },
        schemas: json_schemas::JsonSchemas::new(openapi)?,
    };
    let mut items = Vec::new();
    let mut trait_methods = Vec::new();
    let mut dispatch_arms = Vec::new();
    let mut example_arms = Vec::new();
    let mut operation_ids = Vec::new();
    let mut example_lookups = Vec::new();
    // Operation ids that differ only in case or punctuation (`getPets`, `get_pets`) get numbered names.
    let mut method_scope = crate::names::Scope::default();
    for (index, operation) in model.operations.iter().enumerate() {
        let method_name = method_scope.unique(crate::names::snake(&operation.id));
        let pascal_id = crate::names::pascal(&method_name);
        let request = request::request(
            &sources,
            &mut types,
            operation,
            &pascal_id,
            &model.behaviour,
        )
        .with_context(|| spec.file.clone())?;
        let responses = response::responses(&sources, &mut types, operation, &pascal_id, findings)
            .with_context(|| spec.file.clone())?;
        let snake = format_ident!("{method_name}");
        let request_ident = format_ident!("{pascal_id}Request");
        let response_ident = format_ident!("{pascal_id}Response");
        let table_ident = format_ident!("{}", method_name.to_uppercase());
        let examples_ident = format_ident!("{}_EXAMPLES", method_name.to_uppercase());
        let operation_id = &operation.id;
        operation_ids.push(quote!(#operation_id));
        example_lookups.push(quote!(#operation_id => Some(#examples_ident),));
        let (request_items, table) = (request.items, request.table);
        let (response_items, examples) = (responses.items, responses.examples);
        items.push(quote! {
            #request_items
            #response_items
            static #table_ident: Operation = #table;
            static #examples_ident: &[ExampleResponse] = #examples;
        });
        let summary = operation
            .summary
            .clone()
            .unwrap_or_else(|| operation.id.clone());
        let description = operation.description.clone().unwrap_or_default();
        let not_implemented = format!("{} is not implemented", operation.id);
        trait_methods.push(quote! {
            #[doc = #summary]
            #[doc = ""]
            #[doc = #description]
            fn #snake(&self, request: #request_ident) -> impl Future<Output = #response_ident> + Send {
                let _ = request;
                async { #response_ident::Rejected(Rejection::NotImplemented(#not_implemented.to_owned())) }
            }
        });
        dispatch_arms.push(quote! {
            #index => match #table_ident.admit::<#request_ident, _, _>(request, params, |access| api.authorize(access)).await {
                Ok(request) => api.#snake(request).await.into_response(),
                Err(rejection) => REJECTIONS.respond(rejection),
            },
        });
        // Without `x-rejections`, a refused request gets the operation's documented answer for the
        // status (as Prism does), so the mock stays within the spec; with it, the declared answer.
        let refuse = if model.behaviour.rejections.is_some() {
            quote!(REJECTIONS.respond(rejection))
        } else {
            quote!(server_support::examples::reject(#examples_ident, &REJECTIONS, rejection))
        };
        example_arms.push(quote! {
            #index => {
                let headers = request.headers().clone();
                match #table_ident.parse::<#request_ident>(request, params).await {
                    Ok(_) => server_support::examples::answer(#examples_ident, &headers)
                        .unwrap_or_else(|rejection| REJECTIONS.respond(rejection)),
                    Err(rejection) => #refuse,
                }
            }
        });
    }
    let routes = routes(model);
    let rejections = rejections(model);
    let empty_values = if model.behaviour.empty_values_are_missing {
        quote!(EmptyValues::Missing)
    } else {
        quote!(EmptyValues::Kept)
    };
    let types_module = types.module()?;
    Ok(quote! {
        #![allow(clippy::all, clippy::pedantic, unused_imports)]

        use std::future::Future;
        use std::sync::Arc;

        use axum::extract::Request;
        use axum::response::{IntoResponse, Response};
        use axum::Router;
        use server_support::{
            Answer, Body, BodyKind, Credential, EmptyValues, ExampleKind, ExampleResponse, Field, Found,
            Kind, Media, Operation, Rejection, Rejections, Route, Routes, Schema, Scheme, Security,
            Shape, Source, Style,
        };
        use server_support::examples::Status as ExampleStatus;

        #types_module

        /// How this API answers requests it cannot take (the spec's `x-rejections`, or problem details).
        pub const REJECTIONS: Rejections = #rejections;

        /// What an empty query or form value (`name=`) means to this API (the spec's
        /// `x-empty-values-are-missing`).
        pub const EMPTY_VALUES: EmptyValues = #empty_values;

        /// Bodies larger than this are refused.
        pub const BODY_LIMIT: usize = #BODY_LIMIT;

        #(#items)*

        /// The operations of the API: implement those you serve, and serve them with [`router`]. An
        /// operation left out answers "not implemented" in the API's own error shape.
        pub trait Api: Send + Sync + 'static {
            /// Decides whether the caller may call `access.operation`, for every operation, before
            /// its `x-at-least-one-of` rule is checked and its method is called. `access` carries
            /// what the spec says: the credential wherever the spec puts it, and whether the
            /// operation is `x-admin-only`. Refuse with [`Rejection::MissingCredential`] (an unknown
            /// or invalid credential) or [`Rejection::Forbidden`] (a known caller without the
            /// right); the router answers in the API's own shape. By default everyone may call.
            fn authorize(&self, access: server_support::Access) -> impl Future<Output = Result<(), Rejection>> + Send {
                let _ = access;
                async { Ok(()) }
            }

            #(#trait_methods)*
        }

        static ROUTES: Routes = #routes;

        /// Every operation's id (the spec's `operationId`, or the name given to an operation without
        /// one), in the order of the spec.
        pub const OPERATION_IDS: &[&str] = &[#(#operation_ids),*];

        /// The id of the operation a request with `method` and `path` (relative to the API's base path)
        /// reaches, as [`router`] finds it; `None` where it reaches none (404, 405). For those who
        /// observe requests (a journal, a fault injector) and need the operation without routing twice.
        pub fn operation_of(method: &str, path: &str) -> Option<&'static str> {
            match ROUTES.find(method, path) {
                Found::Operation { index, .. } => OPERATION_IDS.get(index).copied(),
                _ => None,
            }
        }

        /// The documented responses of the operation `operation_id` with their named examples, as
        /// [`example_router`] answers them (pass them to `server_support::examples::answer`).
        pub fn examples_of(operation_id: &str) -> Option<&'static [ExampleResponse]> {
            match operation_id {
                #(#example_lookups)*
                _ => None,
            }
        }

        /// Serves `api`: finds the operation, reads and checks the request, and answers bad input the
        /// way the spec says.
        pub fn router<A: Api>(api: A) -> Router {
            let api = Arc::new(api);
            Router::new().fallback(move |request: Request| {
                let api = Arc::clone(&api);
                async move { handle(&*api, request).await }
            })
        }

        /// Serves every operation from the spec's examples, after checking the request as [`router`]
        /// does. `Prefer: code=NNN` and `Prefer: example=NAME` pick the answer.
        pub fn example_router() -> Router {
            Router::new().fallback(|request: Request| async move {
                match route(&request) {
                    Ok((index, params)) => match index {
                        #(#example_arms)*
                        _ => unknown(&request_line(&request)),
                    },
                    Err(response) => response,
                }
            })
        }

        /// Answers one request as [`router`] does (its path is the one below the spec's server URL),
        /// for a server that calls the API without an axum router in between.
        pub async fn handle<A: Api>(api: &A, request: Request) -> Response {
            match route(&request) {
                Ok((index, params)) => match index {
                    #(#dispatch_arms)*
                    _ => unknown(&request_line(&request)),
                },
                Err(response) => response,
            }
        }

        /// The operation a request reaches, or the answer when it reaches none.
        fn route(request: &Request) -> Result<(usize, Vec<(String, String)>), Response> {
            match ROUTES.find(request.method().as_str(), request.uri().path()) {
                Found::Operation { index, params } => Ok((index, params)),
                Found::MethodNotAllowed { allow } => Err(REJECTIONS.respond(Rejection::MethodNotAllowed {
                    message: format!("{} is not allowed here; the path has {allow}", request_line(request)),
                    allow,
                })),
                Found::NotFound => Err(unknown(&request_line(request))),
            }
        }

        fn request_line(request: &Request) -> String {
            format!("{} {}", request.method(), request.uri().path())
        }

        fn unknown(line: &str) -> Response {
            REJECTIONS.respond(Rejection::UnknownOperation(format!("No operation at {line}")))
        }
    })
}

/// What the emitters of every operation read: the spec, the client's view of it, and its JSON Schemas.
pub struct Sources<'a> {
    pub openapi: &'a openapiv3::OpenAPI,
    /// The spec file, for findings.
    pub file: &'a str,
    pub adapted: adapted::Adapted<'a>,
    pub schemas: json_schemas::JsonSchemas,
}

/// The route table: one entry per path, its operations by method.
fn routes(model: &Model) -> TokenStream {
    let mut paths: Vec<&str> = Vec::new();
    for operation in &model.operations {
        if !paths.contains(&operation.path.as_str()) {
            paths.push(&operation.path);
        }
    }
    let entries = paths.iter().map(|path| {
        let operations = model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, operation)| operation.path == *path)
            .map(|(index, operation)| {
                let method = operation.method.upper();
                quote!((#method, #index))
            });
        quote!(Route { template: #path, operations: &[#(#operations),*] })
    });
    if model.behaviour.any_method {
        quote!(Routes::any_method(&[#(#entries),*]))
    } else {
        quote!(Routes::new(&[#(#entries),*]))
    }
}

/// `x-rejections` as a `Rejections` value, problem details where it says nothing.
fn rejections(model: &Model) -> TokenStream {
    let Some(declared) = &model.behaviour.rejections else {
        return quote!(Rejections::PROBLEM_JSON);
    };
    let answer = |key: &str| {
        declared
            .answers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, answer)| {
                let (status, content_type, body) =
                    (answer.status, &answer.content_type, &answer.body);
                quote!(Answer { status: #status, content_type: #content_type, body: #body })
            })
    };
    let required =
        |key: &str| answer(key).unwrap_or_else(|| quote!(Rejections::PROBLEM_JSON.invalid_request));
    let optional = |key: &str| match answer(key) {
        Some(answer) => quote!(Some(#answer)),
        None => quote!(None),
    };
    let [missing, invalid, unknown, forbidden, method, media, large, not_implemented] =
        REJECTION_KEYS;
    let (missing, invalid, unknown) = (required(missing), required(invalid), required(unknown));
    let forbidden = optional(forbidden);
    let (method, media, large, not_implemented) = (
        optional(method),
        optional(media),
        optional(large),
        optional(not_implemented),
    );
    quote! {
        Rejections {
            missing_credential: #missing,
            invalid_request: #invalid,
            unknown_operation: #unknown,
            forbidden: #forbidden,
            method_not_allowed: #method,
            unsupported_media_type: #media,
            too_large: #large,
            not_implemented: #not_implemented,
        }
    }
}
