//! Per operation: the typed request, and the `Operation` table the runtime reads it with.

use anyhow::{Context, Result};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

use super::types::Types;
use super::Sources;
use crate::model::{
    self, Behaviour, Location, MediaKind, Operation, SchemeKind, Style, ValueKind, ValueShape,
};
use crate::names::{pascal, snake, Scope};

/// One field of a request struct.
struct StructField {
    ident: Ident,
    ty: TokenStream,
    optional: bool,
    doc: String,
}

/// The request struct (and body enum) of `operation`, and its `Operation` table.
pub struct Request {
    pub items: TokenStream,
    pub table: TokenStream,
}

pub fn request(
    sources: &Sources<'_>,
    types: &mut Types,
    operation: &Operation,
    pascal_id: &str,
    behaviour: &Behaviour,
) -> Result<Request> {
    let lenient_form = behaviour.empty_values_are_missing;
    let (openapi, schemas, adapted) = (sources.openapi, &sources.schemas, &sources.adapted);
    let request_ident = format_ident!("{pascal_id}Request");
    let mut scope = Scope::with(&["body"]);
    let mut fields = Vec::new();

    let mut alternatives = Vec::new();
    let credential_keys: Vec<(String, String)> = model::credentials(operation)
        .into_iter()
        .map(|(scheme, everywhere)| {
            let key = scope.unique(snake(&scheme.scheme_name));
            let ty = match scheme.scheme {
                SchemeKind::Basic => quote!(server_support::BasicCredentials),
                _ => quote!(String),
            };
            fields.push(StructField {
                ident: format_ident!("{key}"),
                ty,
                optional: !everywhere,
                doc: format!(
                    "The credential of the `{}` security scheme.",
                    scheme.scheme_name
                ),
            });
            (scheme.scheme_name, key)
        })
        .collect();
    for alternative in &operation.security {
        let credentials = alternative.iter().map(|scheme| {
            let key = &credential_keys
                .iter()
                .find(|(name, _)| *name == scheme.scheme_name)
                .expect("every scheme has a key")
                .1;
            let name = &scheme.scheme_name;
            let kind = match &scheme.scheme {
                SchemeKind::ApiKey { location, name } => {
                    let source = source(*location);
                    let name = if *location == Location::Header {
                        name.to_ascii_lowercase()
                    } else {
                        name.clone()
                    };
                    quote!(Scheme::ApiKey { source: #source, name: #name })
                }
                SchemeKind::Basic => quote!(Scheme::Basic),
                SchemeKind::Bearer => quote!(Scheme::Bearer),
            };
            let missing = option_str(scheme.missing_message.as_deref());
            quote!(Credential { key: #key, name: #name, scheme: #kind, missing_message: #missing })
        });
        alternatives.push(quote!(&[#(#credentials),*]));
    }

    let mut table = Vec::new();
    let mut properties = Map::new();
    // The schema names parameters as the wire does (what the runtime's `by_wire_name` keys them by).
    let wire = |parameter: &model::Parameter| {
        if parameter.location == Location::Header {
            parameter.name.to_ascii_lowercase()
        } else {
            parameter.name.clone()
        }
    };
    let shared = |name: &str| {
        operation
            .parameters
            .iter()
            .filter(|p| wire(p) == name)
            .count()
            > 1
    };
    let mut required = Vec::new();
    // Where each field the spec names lands in the request object, for the access rules.
    let mut places: Vec<(String, Vec<String>)> = credential_keys
        .iter()
        .map(|(_, key)| (String::new(), vec![key.clone()]))
        .collect();
    for parameter in &operation.parameters {
        let key = scope.unique(snake(&parameter.name));
        places.push((parameter.name.clone(), vec![key.clone()]));
        let schema = parameter.schema.clone().unwrap_or_else(any_schema);
        let typed = adapted
            .parameter(&operation.id, parameter)
            .unwrap_or_else(|| schema.clone());
        let ty = types
            .rust_type(
                &typed,
                &pascal(&format!("{}-{}", operation.id, parameter.name)),
            )
            .with_context(|| format!("operation {}: parameter {}", operation.id, parameter.name))?;
        let default = model_default(openapi, &schema);
        let shape = if parameter.json {
            quote!(Shape::Json)
        } else {
            shape_tokens(&model::shape_of(openapi, &schema))
        };
        let name = wire(parameter);
        let source = source(parameter.location);
        let style = style(parameter.style);
        let explode = parameter.explode;
        let is_required = parameter.required;
        let default_text = option_str(default.as_ref().map(Value::to_string).as_deref());
        let missing = option_str(parameter.missing_message.as_deref());
        table.push(quote! {
            Field { key: #key, name: #name, source: #source, style: #style, explode: #explode, shape: #shape, required: #is_required, default: #default_text, missing_message: #missing }
        });
        let schema_name = if shared(&name) {
            key.clone()
        } else {
            name.clone()
        };
        properties.insert(schema_name.clone(), serde_json::to_value(&schema)?);
        if is_required {
            required.push(Value::String(schema_name));
        }
        fields.push(StructField {
            ident: format_ident!("{key}"),
            ty,
            optional: !is_required && default.is_none(),
            doc: parameter
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", parameter.name)),
        });
    }
    let mut params_schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        params_schema["required"] = Value::Array(required);
    }
    let params_schema = schemas.text(&params_schema)?;

    let mut items = Vec::new();
    let body = match &operation.body {
        None => quote!(None),
        Some(body) => {
            let several = body.media.len() > 1;
            let body_ident = format_ident!("{pascal_id}Body");
            let mut variants = Vec::new();
            let mut media_tables = Vec::new();
            let mut variant_scope = Scope::default();
            let mut single_type = None;
            for media in &body.media {
                let ty = match (media.kind, &media.schema) {
                    (MediaKind::Json | MediaKind::Form, Some(schema)) => types
                        .rust_type(
                            &adapted
                                .body(&operation.id, &media.media_type)
                                .unwrap_or_else(|| schema.clone()),
                            &pascal(&format!("{}-body", operation.id)),
                        )
                        .with_context(|| format!("operation {}: request body", operation.id))?,
                    (MediaKind::Json, None) => quote!(::serde_json::Value),
                    (MediaKind::Form, None) => quote!(::std::collections::BTreeMap<String, String>),
                    (MediaKind::Text, _) => quote!(String),
                    (MediaKind::Binary, _) => quote!(Vec<u8>),
                };
                let variant = variant_scope.unique(pascal(&media.media_type));
                if let Some(schema) = &media.schema {
                    let prefix: Vec<String> = if several {
                        vec!["body".to_owned(), variant.clone()]
                    } else {
                        vec!["body".to_owned()]
                    };
                    for property in model::property_names(openapi, schema) {
                        let mut path = prefix.clone();
                        path.push(property.clone());
                        places.push((property, path));
                    }
                }
                let variant_ident = format_ident!("{variant}");
                let doc = format!("A `{}` body.", media.media_type);
                variants.push(quote!(#[doc = #doc] #variant_ident(#ty),));
                single_type = Some(ty);
                let media_type = &media.media_type;
                let kind = match media.kind {
                    MediaKind::Json => quote!(BodyKind::Json),
                    MediaKind::Form => quote!(BodyKind::Form),
                    MediaKind::Text => quote!(BodyKind::Text),
                    MediaKind::Binary => quote!(BodyKind::Binary),
                };
                let form_fields = match (media.kind, &media.schema) {
                    (MediaKind::Form, Some(schema)) => form_fields(openapi, schema),
                    _ => Vec::new(),
                };
                let body_schema = match (&media.schema, media.kind) {
                    (Some(schema), MediaKind::Json | MediaKind::Form | MediaKind::Text) => {
                        schemas.text(&serde_json::to_value(schema)?)?
                    }
                    _ => "{}".to_owned(),
                };
                let variant_name = if several {
                    quote!(Some(#variant))
                } else {
                    quote!(None)
                };
                let schema_ident = format_ident!(
                    "{}_BODY_{}",
                    snake(pascal_id).to_uppercase(),
                    media_tables.len()
                );
                items.push(quote!(static #schema_ident: Schema = Schema::new(#body_schema);));
                media_tables.push(quote! {
                    Media { media_type: #media_type, kind: #kind, fields: &[#(#form_fields),*], schema: &#schema_ident, variant: #variant_name }
                });
            }
            let ty = if several {
                let doc = format!("The body of `{}`, by media type.", operation.id);
                items.push(quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
                    pub enum #body_ident { #(#variants)* }
                });
                quote!(#body_ident)
            } else {
                single_type.unwrap_or_else(|| quote!(::serde_json::Value))
            };
            fields.push(StructField {
                ident: format_ident!("body"),
                ty,
                optional: !body.required,
                doc: "The request body.".to_owned(),
            });
            let required = body.required;
            quote!(Some(Body { required: #required, media: &[#(#media_tables),*], lenient_form: #lenient_form }))
        }
    };

    let struct_fields = fields.iter().map(|field| {
        let StructField {
            ident,
            ty,
            optional,
            doc,
        } = field;
        if *optional {
            quote!(#[doc = #doc] #[serde(default)] pub #ident: Option<#ty>,)
        } else {
            quote!(#[doc = #doc] pub #ident: #ty,)
        }
    });
    let doc = format!(
        "The request of `{}` ({} {}).",
        operation.id,
        operation.method.upper(),
        operation.path
    );
    items.push(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        pub struct #request_ident { #(#struct_fields)* }
    });
    let access = access_rules(operation, behaviour, &places, &credential_keys);
    Ok(Request {
        items: quote!(#(#items)*),
        table: quote! {
            Operation {
                security: Security { alternatives: &[#(#alternatives),*] },
                fields: &[#(#table),*],
                body: #body,
                empty_values: EMPTY_VALUES,
                schema: Schema::new(#params_schema),
                body_limit: BODY_LIMIT,
                access: #access,
            }
        },
    })
}

/// The operation's access rules: its credential's places (the security schemes' keys, then the
/// field `x-credential-field` names), `x-admin-only`, and an enforced `x-at-least-one-of`.
fn access_rules(
    operation: &Operation,
    behaviour: &Behaviour,
    places: &[(String, Vec<String>)],
    credential_keys: &[(String, String)],
) -> TokenStream {
    let paths_of = |name: &str| -> Vec<TokenStream> {
        places
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, path)| quote!(&[#(#path),*]))
            .collect()
    };
    let mut credential: Vec<TokenStream> =
        places
            .iter()
            .filter(|(field, _)| field.is_empty())
            .zip(credential_keys)
            .filter(|(_, (scheme, _))| {
                // Basic credentials are a pair, not one text.
                !operation.security.iter().flatten().any(|used| {
                    used.scheme_name == *scheme && matches!(used.scheme, SchemeKind::Basic)
                })
            })
            .map(|((_, path), _)| quote!(&[#(#path),*]))
            .collect();
    if let Some(field) = &behaviour.credential_field {
        credential.extend(paths_of(field));
    }
    let id = &operation.id;
    let admin_only = operation.rules.admin_only;
    let at_least_one_of = match &operation.rules.at_least_one_of {
        Some(model::AtLeastOneOf {
            fields,
            message: Some(message),
        }) => {
            let fields = fields.iter().map(|field| {
                let paths = paths_of(field);
                quote!(&[#(#paths),*])
            });
            quote!(Some(server_support::AtLeastOneOf { fields: &[#(#fields),*], message: #message }))
        }
        _ => quote!(None),
    };
    quote! {
        server_support::Rules {
            operation: #id,
            admin_only: #admin_only,
            credential: &[#(#credential),*],
            at_least_one_of: #at_least_one_of,
        }
    }
}

/// A schema that takes anything, for parameters declared without one.
fn any_schema() -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    })
}

/// The properties of a form body: required ones first, each group in spec order, because the
/// services report the first missing one.
fn form_fields(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> Vec<TokenStream> {
    let Some(resolved) = model::refs_schema(openapi, schema) else {
        return Vec::new();
    };
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema_kind else {
        return Vec::new();
    };
    let (mandatory, optional): (Vec<_>, Vec<_>) = object
        .properties
        .iter()
        .partition(|(name, _)| object.required.contains(name));
    mandatory
        .into_iter()
        .map(|entry| (entry, true))
        .chain(optional.into_iter().map(|entry| (entry, false)))
        .map(|((name, property), is_required)| {
            let unboxed = match property {
                ReferenceOr::Item(item) => ReferenceOr::Item((**item).clone()),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            };
            let shape = shape_tokens(&model::shape_of(openapi, &unboxed));
            let missing = match property {
                ReferenceOr::Item(item) => item.schema_data.extensions.get("x-missing-message").and_then(Value::as_str).map(str::to_owned),
                ReferenceOr::Reference { .. } => None,
            };
            let missing = option_str(missing.as_deref());
            quote! {
                Field { key: #name, name: #name, source: Source::Form, style: Style::Form, explode: true, shape: #shape, required: #is_required, default: None, missing_message: #missing }
            }
        })
        .collect()
}

fn model_default(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<Value> {
    model::refs_schema(openapi, schema)?
        .schema_data
        .default
        .clone()
}

fn source(location: Location) -> TokenStream {
    match location {
        Location::Path => quote!(Source::Path),
        Location::Query => quote!(Source::Query),
        Location::Header => quote!(Source::Header),
        Location::Cookie => quote!(Source::Cookie),
    }
}

fn style(style: Style) -> TokenStream {
    match style {
        Style::Form => quote!(Style::Form),
        Style::Simple => quote!(Style::Simple),
        Style::Label => quote!(Style::Label),
        Style::Matrix => quote!(Style::Matrix),
        Style::SpaceDelimited => quote!(Style::SpaceDelimited),
        Style::PipeDelimited => quote!(Style::PipeDelimited),
        Style::DeepObject => quote!(Style::DeepObject),
    }
}

fn kind(kind: ValueKind) -> TokenStream {
    match kind {
        ValueKind::String => quote!(Kind::String),
        ValueKind::Integer => quote!(Kind::Integer),
        ValueKind::Number => quote!(Kind::Number),
        ValueKind::Boolean => quote!(Kind::Boolean),
        ValueKind::Any => quote!(Kind::Any),
    }
}

fn shape_tokens(shape: &ValueShape) -> TokenStream {
    match shape {
        ValueShape::Scalar(k) => {
            let k = kind(*k);
            quote!(Shape::Scalar(#k))
        }
        ValueShape::Array(k) => {
            let k = kind(*k);
            quote!(Shape::Array(#k))
        }
        ValueShape::Object(properties) => {
            let properties = properties.iter().map(|(name, k)| {
                let k = kind(*k);
                quote!((#name, #k))
            });
            quote!(Shape::Object(&[#(#properties),*]))
        }
    }
}

/// `Some("text")` or `None`, as tokens.
pub fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}
