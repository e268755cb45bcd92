//! The Rust types of parameters, bodies and responses: the client crate's, found by running typify
//! with the client's settings and progenitor's naming, so client and server share one set of types.
//!
//! A schema the client has no type for (a parameter or media type progenitor does not take) gets its
//! type here, emitted into the server crate's `types` module next to the client's re-exported ones.

use std::collections::BTreeSet;

use anyhow::{anyhow, Context, Result};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};
use typify::{TypeDetails, TypeSpace, TypeSpaceSettings};

use crate::apis::Api;
use crate::client_gen;

/// The type space of one API's server.
pub struct Types {
    space: TypeSpace,
    /// Names of the types the client crate defines.
    client_names: BTreeSet<String>,
    /// How the server refers to the client crate (`::petstore_client`).
    client_path: TokenStream,
}

impl Types {
    /// Types for `api`, seeded with every component schema of the client's (adapted) document.
    pub fn new(
        api: &Api,
        openapi: &OpenAPI,
        client_path: &str,
        client_names: BTreeSet<String>,
    ) -> Result<Self> {
        let mut settings = TypeSpaceSettings::default();
        settings
            .with_type_mod("types")
            .with_struct_builder(false)
            .with_derive(client_gen::DERIVE.to_owned())
            .with_map_type(client_gen::MAP_TYPE);
        for replacement in &api.replacements {
            settings.with_replacement(
                &replacement.schema,
                format!("{client_path}::{}", replacement.path),
                replacement.impls.iter().map(|&i| i.into()),
            );
        }
        let mut space = TypeSpace::new(&settings);
        let schemas = openapi
            .components
            .iter()
            .flat_map(|components| components.schemas.iter())
            .map(|(name, schema)| Ok((name.clone(), schemars(schema)?)))
            .collect::<Result<Vec<_>>>()?;
        space
            .add_ref_types(schemas)
            .map_err(|error| anyhow!("typify: {error}"))?;
        Ok(Self {
            space,
            client_names,
            client_path: client_path
                .parse()
                .map_err(|error| anyhow!("client path `{client_path}`: {error}"))?,
        })
    }

    /// The Rust type of `schema`, named `name` (progenitor's convention) if it needs a type of its own.
    pub fn rust_type(&mut self, schema: &ReferenceOr<Schema>, name: &str) -> Result<TokenStream> {
        let converted = schemars(schema)?;
        let id = self
            .space
            .add_type_with_name(&converted, Some(name.to_owned()))
            .map_err(|error| anyhow!("typify: {error}"))?;
        let ty = self
            .space
            .get_type(&id)
            .map_err(|error| anyhow!("typify: {error}"))?;
        Ok(ty.ident())
    }

    /// The server crate's `types` module: the client's types, plus those only the server needs.
    pub fn module(&self) -> Result<TokenStream> {
        let client = &self.client_path;
        // Rendering the type space is the costly part: skip it when the client has every named type.
        let local = if self.space.iter_types().any(|ty| self.is_local(&ty)) {
            self.local_items()?
        } else {
            Vec::new()
        };
        if local.is_empty() {
            return Ok(quote! {
                /// Types used by the requests and responses: the client crate's own.
                pub use #client::types;
            });
        }
        Ok(quote! {
            /// Types used by the requests and responses: the client crate's own, and those of inputs
            /// the client does not send.
            pub mod types {
                pub use #client::types::*;
                #(#local)*
            }
        })
    }

    /// Whether `ty` is a named type (struct, enum, newtype) the client crate does not define.
    fn is_local(&self, ty: &typify::Type<'_>) -> bool {
        matches!(
            ty.details(),
            TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)
        ) && !self.client_names.contains(&ty.name())
    }

    /// typify's items for types the client crate does not have: their definitions, and the impls
    /// that mention one of them.
    fn local_items(&self) -> Result<Vec<syn::Item>> {
        let file: syn::File = syn::parse2(self.space.to_stream()).context("typify's output")?;
        let local: BTreeSet<String> = file
            .items
            .iter()
            .filter_map(defined_name)
            .filter(|name| !self.client_names.contains(name))
            .collect();
        Ok(file
            .items
            .into_iter()
            .filter(|item| match item {
                syn::Item::Impl(item) => mentions(quote!(#item), &local),
                other => defined_name(other).is_some_and(|name| local.contains(&name)),
            })
            .collect())
    }
}

/// The type an item defines.
fn defined_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(item) => Some(item.ident.to_string()),
        syn::Item::Enum(item) => Some(item.ident.to_string()),
        syn::Item::Type(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

/// Whether `tokens` use one of `names` as an identifier.
fn mentions(tokens: TokenStream, names: &BTreeSet<String>) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => names.contains(&ident.to_string()),
        proc_macro2::TokenTree::Group(group) => mentions(group.stream(), names),
        _ => false,
    })
}

/// An OpenAPI 3.0 schema as the JSON Schema typify reads.
pub fn schemars(schema: &ReferenceOr<Schema>) -> Result<schemars::schema::Schema> {
    let value = serde_json::to_value(schema)?;
    serde_json::from_value(json_schema(value)).context("schema as JSON Schema")
}

/// OpenAPI 3.0's dialect rewritten as JSON Schema: `nullable`, boolean `exclusiveMinimum`/`Maximum`,
/// and keywords JSON Schema does not know dropped. Walks schema positions only, so a property named
/// `example` or `nullable` is left alone.
pub fn json_schema(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    let mut out = Map::new();
    for (key, value) in map {
        let value = match key.as_str() {
            "discriminator" | "xml" | "externalDocs" | "example" | "nullable" => continue,
            "properties" | "patternProperties" | "definitions" => match value {
                Value::Object(members) => Value::Object(
                    members
                        .into_iter()
                        .map(|(name, schema)| (name, json_schema(schema)))
                        .collect(),
                ),
                other => other,
            },
            "items" | "additionalProperties" | "not" => json_schema(value),
            "allOf" | "oneOf" | "anyOf" => match value {
                Value::Array(members) => {
                    Value::Array(members.into_iter().map(json_schema).collect())
                }
                other => other,
            },
            _ => value,
        };
        out.insert(key, value);
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(exclusive)) = out.get(flag).cloned() {
            out.remove(flag);
            if exclusive {
                if let Some(limit) = out.remove(bound) {
                    out.insert(flag.to_owned(), limit);
                }
            }
        }
    }
    if nullable {
        return serde_json::json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
    }
    Value::Object(out)
}
