//! Per operation: the response enum (one variant per documented status), how each variant is written,
//! and the table of examples the example implementation answers from.

use anyhow::{Context, Result};
use openapiv3::OpenAPI;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::adapted::Adapted;
use super::json_schemas::JsonSchemas;
use super::synthesize::synthesize;
use super::types::Types;
use super::Sources;
use crate::finding::Finding;
use crate::model::{Media, MediaKind, Operation, Response, Status};
use crate::names::{pascal, snake, Scope};

pub struct Responses {
    pub items: TokenStream,
    pub examples: TokenStream,
}

/// The response enum of `operation` and its example table.
pub fn responses(
    sources: &Sources<'_>,
    types: &mut Types,
    operation: &Operation,
    pascal_id: &str,
    findings: &mut Vec<Finding>,
) -> Result<Responses> {
    let (openapi, schemas, adapted) = (sources.openapi, &sources.schemas, &sources.adapted);
    let file = sources.file;
    let enum_ident = format_ident!("{pascal_id}Response");
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut items = Vec::new();
    let mut examples = Vec::new();
    let mut scope = Scope::with(&["Rejected"]);
    for response in &operation.responses {
        let variant = format_ident!("{}", scope.unique(variant_name(response.status)));
        let doc = if response.description.is_empty() {
            status_text(response.status)
        } else {
            response.description.clone()
        };
        let body = body(
            adapted, types, operation, response, pascal_id, &variant, &mut items,
        )?;
        let headers = headers(types, operation, response, pascal_id, &variant)?;
        let status_field = !matches!(response.status, Status::Code(_));
        let status = match response.status {
            Status::Code(code) => quote!(#code),
            _ => quote!(status),
        };
        let write = match &body {
            Some(body) => body.write.clone(),
            None => quote!(server_support::respond::empty(#status)),
        };
        let set_headers = headers.iter().map(|header| {
            let (name, ident, required) = (&header.name, &header.ident, header.required);
            if required {
                quote!(server_support::respond::set_header(&mut response, #name, &headers.#ident);)
            } else {
                quote!(if let Some(value) = &headers.#ident { server_support::respond::set_header(&mut response, #name, value); })
            }
        });
        if !status_field && headers.is_empty() {
            match &body {
                Some(body) => {
                    let ty = &body.ty;
                    variants.push(quote!(#[doc = #doc] #variant(#ty),));
                    arms.push(quote!(Self::#variant(body) => #write,));
                }
                None => {
                    variants.push(quote!(#[doc = #doc] #variant,));
                    arms.push(quote!(Self::#variant => #write,));
                }
            }
        } else {
            let mut fields = Vec::new();
            let mut bindings = Vec::new();
            if status_field {
                fields.push(quote!(#[doc = "The HTTP status sent."] status: u16,));
                bindings.push(quote!(status));
            }
            if let Some(body) = &body {
                let ty = &body.ty;
                fields.push(quote!(#[doc = "The body."] body: #ty,));
                bindings.push(quote!(body));
            }
            if !headers.is_empty() {
                let headers_ident = format_ident!("{pascal_id}{variant}Headers");
                let header_fields = headers.iter().map(|header| {
                    let (ident, ty, name) = (&header.ident, &header.ty, &header.name);
                    let doc = format!("The `{name}` header.");
                    if header.required {
                        quote!(#[doc = #doc] pub #ident: #ty,)
                    } else {
                        quote!(#[doc = #doc] pub #ident: Option<#ty>,)
                    }
                });
                let doc = format!(
                    "The headers of `{}`'s {} response.",
                    operation.id,
                    status_text(response.status)
                );
                items.push(quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, PartialEq, Default)]
                    pub struct #headers_ident { #(#header_fields)* }
                });
                fields.push(quote!(#[doc = "The declared headers."] headers: #headers_ident,));
                bindings.push(quote!(headers));
            }
            variants.push(quote!(#[doc = #doc] #variant { #(#fields)* },));
            arms.push(quote! {
                Self::#variant { #(#bindings),* } => {
                    #[allow(unused_mut)]
                    let mut response = #write;
                    #(#set_headers)*
                    response
                }
            });
        }
        examples.push(example_entry(
            openapi, schemas, file, operation, response, findings,
        )?);
    }
    let doc = format!(
        "The responses of `{}`, one variant per documented status.",
        operation.id
    );
    items.push(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #enum_ident {
            #(#variants)*
            /// Not a documented answer: the request is refused, or the operation is not implemented,
            /// and answered the way this API answers such requests.
            Rejected(Rejection),
        }

        impl IntoResponse for #enum_ident {
            fn into_response(self) -> Response {
                match self {
                    #(#arms)*
                    Self::Rejected(rejection) => REJECTIONS.respond(rejection),
                }
            }
        }
    });
    Ok(Responses {
        items: quote!(#(#items)*),
        examples: quote!(&[#(#examples),*]),
    })
}

/// A variant's body type and how it is written (with `body` and `status` in scope).
struct Body {
    ty: TokenStream,
    write: TokenStream,
}

fn body(
    adapted: &Adapted<'_>,
    types: &mut Types,
    operation: &Operation,
    response: &Response,
    pascal_id: &str,
    variant: &Ident,
    items: &mut Vec<TokenStream>,
) -> Result<Option<Body>> {
    let status = match response.status {
        Status::Code(code) => quote!(#code),
        _ => quote!(status),
    };
    let mut typed = Vec::new();
    for media in &response.media {
        let ty = media_type(adapted, types, operation, response.status, media)?;
        typed.push((media, ty));
    }
    match typed.as_slice() {
        [] => Ok(None),
        [(media, ty)] => Ok(Some(Body {
            ty: ty.clone(),
            write: write(media, &status, quote!(body)),
        })),
        several => {
            let enum_ident = format_ident!("{pascal_id}{variant}Body");
            let mut scope = Scope::default();
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for (media, ty) in several {
                let name = format_ident!("{}", scope.unique(pascal(&media.media_type)));
                let doc = format!("A `{}` body.", media.media_type);
                variants.push(quote!(#[doc = #doc] #name(#ty),));
                let write = write(media, &status, quote!(body));
                arms.push(quote!(#enum_ident::#name(body) => #write,));
            }
            let doc = format!("A body of `{}`, by media type.", operation.id);
            items.push(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #enum_ident { #(#variants)* }
            });
            Ok(Some(Body {
                ty: quote!(#enum_ident),
                write: quote!(match body { #(#arms)* }),
            }))
        }
    }
}

fn media_type(
    adapted: &Adapted<'_>,
    types: &mut Types,
    operation: &Operation,
    status: Status,
    media: &Media,
) -> Result<TokenStream> {
    Ok(match (media.kind, &media.schema) {
        (MediaKind::Json, Some(schema)) => types
            .rust_type(
                &adapted
                    .response(&operation.id, status, &media.media_type)
                    .unwrap_or_else(|| schema.clone()),
                &pascal(&format!("{}-response", operation.id)),
            )
            .with_context(|| format!("operation {}: response body", operation.id))?,
        (MediaKind::Json, None) => quote!(::serde_json::Value),
        (MediaKind::Text, _) => quote!(String),
        (MediaKind::Form, _) => quote!(::std::collections::BTreeMap<String, String>),
        (MediaKind::Binary, _) => quote!(Vec<u8>),
    })
}

fn write(media: &Media, status: &TokenStream, body: TokenStream) -> TokenStream {
    let content_type = &media.media_type;
    match media.kind {
        MediaKind::Json | MediaKind::Form => {
            quote!(server_support::respond::json_as(#status, #content_type, &#body))
        }
        MediaKind::Text => quote!(server_support::respond::text(#status, #content_type, #body)),
        MediaKind::Binary => quote!(server_support::respond::bytes(#status, #content_type, #body)),
    }
}

struct HeaderField {
    name: String,
    ident: Ident,
    ty: TokenStream,
    required: bool,
}

fn headers(
    types: &mut Types,
    operation: &Operation,
    response: &Response,
    pascal_id: &str,
    variant: &Ident,
) -> Result<Vec<HeaderField>> {
    let mut scope = Scope::default();
    let mut found = Vec::new();
    for header in &response.headers {
        if header.name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let ty = match &header.schema {
            Some(schema) => types
                .rust_type(
                    schema,
                    &pascal(&format!("{pascal_id}-{variant}-{}", header.name)),
                )
                .with_context(|| format!("operation {}: header {}", operation.id, header.name))?,
            None => quote!(String),
        };
        found.push(HeaderField {
            name: header.name.to_ascii_lowercase(),
            ident: format_ident!("{}", scope.unique(snake(&header.name))),
            ty,
            required: header.required,
        });
    }
    Ok(found)
}

/// The example table entry of one response; synthesizes an example from the schema when the spec has
/// none.
fn example_entry(
    openapi: &OpenAPI,
    schemas: &JsonSchemas,
    file: &str,
    operation: &Operation,
    response: &Response,
    findings: &mut Vec<Finding>,
) -> Result<TokenStream> {
    let status = match response.status {
        Status::Code(code) => quote!(ExampleStatus::Code(#code)),
        Status::Range(digit) => quote!(ExampleStatus::Range(#digit)),
        Status::Default => quote!(ExampleStatus::Default),
    };
    let media = response
        .media
        .iter()
        .find(|m| m.kind == MediaKind::Json)
        .or_else(|| response.media.first());
    let Some(media) = media else {
        return Ok(
            quote!(ExampleResponse { status: #status, content_type: None, kind: ExampleKind::Json, examples: &[] }),
        );
    };
    // A wildcard (`*/*`, `application/*`, `text/*`) is no content type to send: the mock answers it
    // as JSON or plain text, which the wildcard covers.
    let (content_type, media_kind) = match concrete(&media.media_type) {
        Some((content_type, kind)) => (content_type.to_owned(), kind),
        None => (media.media_type.clone(), media.kind),
    };
    let kind = match media_kind {
        MediaKind::Text => quote!(ExampleKind::Text),
        _ => quote!(ExampleKind::Json),
    };
    let mut examples: Vec<(String, Value)> = media.examples.clone();
    if examples.is_empty() && matches!(media_kind, MediaKind::Json | MediaKind::Text) {
        match media.schema.as_ref().map(|schema| synthesize(openapi, schemas, schema)) {
            Some(Ok(value)) => examples.push(("synthesized".to_owned(), value)),
            Some(Err(reason)) => findings.push(Finding::warning(
                file,
                &format!("operation {}", operation.id),
                &operation.pointer,
                format!("no example for the {} response, and none could be built from its schema ({reason}): the mock answers it without a body", status_text(response.status)),
            )),
            None => examples.push(("synthesized".to_owned(), Value::Object(Default::default()))),
        }
    }
    let examples = examples.iter().map(|(name, value)| {
        let text = value.to_string();
        quote!((#name, #text))
    });
    Ok(
        quote!(ExampleResponse { status: #status, content_type: Some(#content_type), kind: #kind, examples: &[#(#examples),*] }),
    )
}

/// The content type the mock sends for a wildcard media type, and how it writes it.
fn concrete(media_type: &str) -> Option<(&'static str, MediaKind)> {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    match essence {
        "*/*" | "application/*" => Some(("application/json", MediaKind::Json)),
        "text/*" => Some(("text/plain", MediaKind::Text)),
        _ => None,
    }
}

/// A response variant's name, from its status.
fn variant_name(status: Status) -> String {
    match status {
        Status::Code(code) => match reason(code) {
            Some(reason) => pascal(reason),
            None => format!("Status{code}"),
        },
        Status::Range(digit) => format!("Status{digit}xx"),
        Status::Default => "Default".to_owned(),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(digit) => format!("{digit}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// The canonical reason phrase of a status, where HTTP defines one.
fn reason(code: u16) -> Option<&'static str> {
    http::StatusCode::from_u16(code).ok()?.canonical_reason()
}
