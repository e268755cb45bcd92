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
    code_samples: &TokenStream,
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
        } else {
            let type_name = typify_type_name(name);
            if !generated_type_names.contains(&type_name) {
                bail!(
                    "{}: component `{name}` has no generated type (expected `{}::types::{type_name}`, the name typify gives it)",
                    spec.file,
                    api.client_lib()
                );
            }
            let ident = format_ident!("{type_name}");
            quote!(#client::types::#ident)
        };
        arms.push(quote!(#name => crate::roundtrip::<#path>(value),));
    }
    let body = if arms.is_empty() {
        // A spec without component schemas: nothing to dispatch on (and no unused-code warnings).
        quote! {
            let _ = (schema, value);
            None
        }
    } else {
        quote! {
            Some(match schema {
                #(#arms)*
                _ => return None,
            })
        }
    };
    Ok(quote! {
        /// Deserializes `value` as the type generated for `schema`, or `None` for an unknown schema.
        pub fn roundtrip(schema: &str, value: serde_json::Value) -> Option<Result<crate::Roundtrip, serde_json::Error>> {
            #body
        }

        #code_samples
    })
}

/// The name typify 0.8 gives the type of the component schema `component`.
///
/// Progenitor hands the components to typify by their names, and typify names each type by sanitizing
/// the name into a Pascal-case identifier (`typify-impl` `util::sanitize`, `Case::Pascal`). Its own
/// function is private, so this repeats its rules: drop `'`, turn every character that cannot continue
/// an identifier into `-`, convert to Pascal case with `heck`, put `X` before a name that cannot start
/// an identifier, and append `_` to a keyword.
pub fn typify_type_name(component: &str) -> String {
    use heck::ToPascalCase;
    let cased = match component {
        "+1" => "plus1".to_pascal_case(),
        "-1" => "minus1".to_pascal_case(),
        _ => component
            .replace('\'', "")
            .replace(|c| !unicode_ident::is_xid_continue(c), "-")
            .to_pascal_case(),
    };
    let prefix = "x".to_pascal_case();
    let name = match cased.chars().next() {
        None => prefix,
        Some(c) if unicode_ident::is_xid_start(c) => cased,
        Some(_) => format!("{prefix}{cased}"),
    };
    if !typify::accept_as_ident(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// The parent module: one child per API, the table of APIs and their specs, and a dispatch on the
/// API's name.
pub fn index_module(apis: &[Api]) -> TokenStream {
    let modules: Vec<_> = apis
        .iter()
        .map(|api| format_ident!("{}", api.snake()))
        .collect();
    let names: Vec<_> = apis.iter().map(|api| api.name.as_str()).collect();
    let specs: Vec<_> = apis.iter().map(|api| api.spec.as_str()).collect();
    let count = proc_macro2::Literal::usize_unsuffixed(apis.len());
    quote! {
        #(pub mod #modules;)*

        /// Every API of the workspace: its name and its spec file, relative to the workspace root
        /// (YAML or JSON, by extension).
        pub const SPECS: [(&str, &str); #count] = [#((#names, #specs),)*];

        /// The Rust code samples of the API `api`'s spec.
        pub fn code_samples(api: &str) -> Vec<crate::CodeSample> {
            match api {
                #(#names => #modules::code_samples(),)*
                _ => Vec::new(),
            }
        }

        /// Deserializes `value` as the type the API `api` generates for `schema`.
        pub fn roundtrip(api: &str, schema: &str, value: serde_json::Value) -> Option<Result<crate::Roundtrip, serde_json::Error>> {
            match api {
                #(#names => #modules::roundtrip(schema, value),)*
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::typify_type_name;

    #[test]
    fn component_names_become_typify_type_names() {
        for (component, expected) in [
            ("Pet", "Pet"),
            ("ErrorEnvelope", "ErrorEnvelope"),
            ("pet", "Pet"),
            ("new_pet", "NewPet"),
            ("pet-list", "PetList"),
            ("Pet.Status", "PetStatus"),
            ("user's pet", "UsersPet"),
            ("200Response", "X200response"),
            ("self", "Self_"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("HTTPError", "HttpError"),
        ] {
            assert_eq!(typify_type_name(component), expected, "{component}");
        }
    }

    /// The rule above against typify itself: progenitor generates a client whose components have
    /// awkward names, and each must come out under the predicted name.
    #[test]
    fn the_prediction_matches_what_progenitor_generates() {
        let components = [
            "pet",
            "new_pet",
            "pet-list",
            "Pet.Status",
            "200Response",
            "self",
            "HTTPError",
        ];
        let schemas: serde_json::Map<String, serde_json::Value> = components
            .iter()
            .map(|name| {
                let schema = serde_json::json!({
                    "type": "object",
                    "properties": { "id": { "type": "integer" } }
                });
                (name.to_string(), schema)
            })
            .collect();
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "names", "version": "1" },
            "paths": {},
            "components": { "schemas": schemas }
        });
        let openapi: openapiv3::OpenAPI = serde_json::from_value(document).expect("document");
        let mut generator =
            progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
        generator.generate_tokens(&openapi).expect("generates");
        let names: std::collections::BTreeSet<String> = generator
            .get_type_space()
            .iter_types()
            .map(|t| t.name())
            .collect();
        for component in components {
            let predicted = typify_type_name(component);
            assert!(
                names.contains(&predicted),
                "{component} → {predicted} not in {names:?}"
            );
        }
    }
}
