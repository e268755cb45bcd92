//! A lookup from schema name to generated type, for the example round-trip tests.
//!
//! The tests read every example straight from the specs; to deserialize one into "its generated type"
//! they need the Rust type behind a schema name, which only the generator knows. Emitting the table
//! here means a new example (or a new schema) needs no test code change.

use std::collections::BTreeSet;

use anyhow::{bail, Result};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::apis::Api;
use crate::spec::Spec;

/// The module for one API: `roundtrip(schema, value)` dispatching on every component schema.
pub fn api_module(
    api: &Api,
    spec: &Spec,
    generated_type_names: &BTreeSet<String>,
) -> Result<TokenStream> {
    let client = format_ident!("{}", api.client_lib());
    let mut arms = Vec::new();
    for name in spec
        .openapi
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
    {
        let path: TokenStream = if let Some(replacement) =
            api.replacements.iter().find(|r| &r.schema == name)
        {
            format!("{}::{}", api.client_lib(), replacement.path)
                .parse()
                .map_err(|e| anyhow::anyhow!("{e}"))?
        } else if generated_type_names.contains(name) {
            let ident = format_ident!("{name}");
            quote!(#client::types::#ident)
        } else {
            bail!("{}: component `{name}` has no generated type of the same name; name components in PascalCase", spec.file);
        };
        arms.push(quote!(#name => crate::roundtrip::<#path>(value),));
    }
    Ok(quote! {
        /// Deserializes `value` as the type generated for `schema`, or `None` for an unknown schema.
        pub fn roundtrip(schema: &str, value: serde_json::Value) -> Option<Result<crate::Roundtrip, serde_json::Error>> {
            Some(match schema {
                #(#arms)*
                _ => return None,
            })
        }
    })
}

/// The parent module: one child per API and a dispatch on the API's name.
pub fn index_module(apis: &[Api]) -> TokenStream {
    let modules: Vec<_> = apis
        .iter()
        .map(|api| format_ident!("{}", api.snake()))
        .collect();
    let names: Vec<_> = apis.iter().map(|api| api.name.as_str()).collect();
    quote! {
        #(pub mod #modules;)*

        /// Deserializes `value` as the type the API `api` generates for `schema`.
        pub fn roundtrip(api: &str, schema: &str, value: serde_json::Value) -> Option<Result<crate::Roundtrip, serde_json::Error>> {
            match api {
                #(#names => #modules::roundtrip(schema, value),)*
                _ => None,
            }
        }
    }
}
