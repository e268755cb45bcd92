//! The mock server's table of APIs (`crates/mock-server/src/generated.rs`), from `apis.toml`.
//!
//! The mock mounts every API, serves its spec and documents it; generating the table from the same
//! table codegen reads means an API added with `cargo xtask add-api` is served with no hand edit.

use std::path::Path;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::apis::Api;

/// The generated file, relative to the workspace root.
pub const FILE: &str = "crates/mock-server/src/generated.rs";

/// Where the mock's copies of the specs go: the mock embeds its specs, and a published crate can
/// embed only files inside its own directory.
pub const SPECS_DIR: &str = "crates/mock-server/specs";

/// The mock's copy of `api`'s spec, byte for byte: `specs/<name>.<extension of the spec>`.
pub fn spec_copy(root: &Path, api: &Api) -> anyhow::Result<crate::output::GeneratedFile> {
    use anyhow::Context;
    let contents = std::fs::read_to_string(root.join(&api.spec))
        .with_context(|| format!("reading {}", api.spec))?;
    Ok(crate::output::GeneratedFile {
        path: Path::new(SPECS_DIR).join(copy_name(api)),
        contents,
    })
}

/// The file name of `api`'s spec copy: named after the API, so two specs of one name cannot collide.
fn copy_name(api: &Api) -> String {
    let extension = Path::new(&api.spec)
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or("yaml");
    format!("{}.{extension}", api.name)
}

/// The format a spec file is written in, by its extension (`.json` is JSON, anything else YAML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn of(file: &str) -> Self {
        let json = Path::new(file)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if json {
            Self::Json
        } else {
            Self::Yaml
        }
    }
}

/// Where the mock serves `api`: `/<mount>` followed by the path of the spec's first server URL, so a
/// client configured with the spec's base path needs only the host replaced.
pub fn mount_path(api: &Api, openapi: &OpenAPI) -> String {
    format!("/{}{}", api.mount, crate::model::base_path(openapi))
}

/// One API as the mock's table needs it.
pub struct MockRow<'a> {
    pub api: &'a Api,
    /// `mount_path` of the API.
    pub path: String,
}

/// The module: `APIS`, one `MockApi` per row, and the router builders of APIs served from their
/// examples.
pub fn module(rows: &[MockRow<'_>]) -> TokenStream {
    let mut entries = Vec::new();
    let mut builders = Vec::new();
    for MockRow { api, path } in rows {
        let name = &api.name;
        let mount = &api.mount;
        // `include_str!` from `src/generated.rs`.
        let spec = format!("../specs/{}", copy_name(api));
        let format = match Format::of(&api.spec) {
            Format::Json => quote!(crate::SpecFormat::Json),
            Format::Yaml => quote!(crate::SpecFormat::Yaml),
        };
        let server = format_ident!("{}", api.server_lib());
        let router = match &api.reference {
            Some(reference) => {
                let function = format_ident!("{}", reference.replace('-', "_"));
                quote!(crate::reference::#function)
            }
            None => {
                let function = format_ident!("{}_from_examples", api.snake());
                let doc = format!(
                    " `{name}` answering from its spec's examples (the table names no reference)."
                );
                builders.push(quote! {
                    #[doc = #doc]
                    fn #function(_config: &crate::Config) -> anyhow::Result<crate::Served> {
                        Ok(crate::Served::stateless(#server::example_router()))
                    }
                });
                quote!(#function)
            }
        };
        entries.push(quote! {
            crate::MockApi {
                name: #name,
                mount: #mount,
                path: #path,
                spec: include_str!(#spec),
                format: #format,
                rejections: &#server::REJECTIONS,
                router: #router,
                example_router: #server::example_router,
                operation_ids: #server::OPERATION_IDS,
                operation_of: #server::operation_of,
                examples_of: #server::examples_of,
            },
        });
    }
    quote! {
        /// Every API of `apis.toml`, in its order.
        pub static APIS: &[crate::MockApi] = &[#(#entries)*];

        #(#builders)*
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workspace's own specs give the mounts the mock has always used.
    #[test]
    fn the_workspace_mounts_are_unchanged() {
        let root = crate::workspace_root();
        let mut found = Vec::new();
        for api in crate::apis::load(&root).expect("table") {
            let spec = crate::spec::Spec::load(&root, &api.spec).expect("spec");
            found.push((api.name.clone(), mount_path(&api, &spec.openapi)));
        }
        assert!(
            found.contains(&("xerochat".into(), "/xerochat/api".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("bot-open-api".into(), "/bot".into())),
            "{found:?}"
        );
    }

    #[test]
    fn the_spec_copies_are_the_specs_named_after_their_api() {
        let root = crate::workspace_root();
        for api in crate::apis::load(&root).expect("table") {
            let copy = spec_copy(&root, &api).expect("copied");
            let original = std::fs::read_to_string(root.join(&api.spec)).expect("spec");
            assert_eq!(copy.contents, original, "{}", api.name);
            let name = copy
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name");
            assert!(name.starts_with(&format!("{}.", api.name)), "{name}");
            assert!(copy.path.starts_with(SPECS_DIR), "{}", copy.path.display());
        }
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of("spec/a.json"), Format::Json);
        assert_eq!(Format::of("spec/a.JSON"), Format::Json);
        assert_eq!(Format::of("spec/a.yaml"), Format::Yaml);
        assert_eq!(Format::of("spec/a.yml"), Format::Yaml);
    }
}
