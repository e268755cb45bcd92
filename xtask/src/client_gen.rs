//! The client crate's generated code, from progenitor used as a library.

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::apis::Api;
use crate::spec::Spec;

/// Settings shared by the client and the server generator, so both sides get the same types.
///
/// `crate_path` is how generated code names the client crate: `crate` inside the client itself, the
/// client's library name from the server crate.
pub fn settings(api: &Api, crate_path: &str) -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        // Ordered maps: deterministic `Debug` output and serialization.
        .with_map_type("::std::collections::BTreeMap");
    for replacement in &api.replacements {
        settings.with_replacement(
            &replacement.schema,
            format!("{crate_path}::{}", replacement.path),
            replacement.impls.iter().map(|&i| i.into()),
        );
    }
    settings
}

/// The generated client, and the names of the types it defines.
pub struct Client {
    pub tokens: TokenStream,
    pub type_names: BTreeSet<String>,
}

/// Generates the client: progenitor's `Client`, one method per operation, and the `types` module.
pub fn generate(api: &Api, spec: &Spec) -> Result<Client> {
    let mut settings = settings(api, "crate");
    if let Some(inner) = &api.client_inner {
        settings.with_inner_type(
            inner
                .parse::<TokenStream>()
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec.openapi)
        .with_context(|| format!("{}: progenitor could not generate the client", spec.file))?;
    let type_names = generator
        .get_type_space()
        .iter_types()
        .map(|t| t.name())
        .collect();
    Ok(Client { tokens, type_names })
}
