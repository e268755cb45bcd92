//! The generator's own test corpus: small specs in `xtask/corpus/`, written for this repository, each
//! exercising a group of constructs. Each becomes a client and a server module of the
//! `generator-corpus` crate, so that `cargo build` proves the generated code compiles, the checked-in
//! files show every change to it in review (as snapshot tests would), and the crate's tests drive the
//! generated routers.

use std::path::Path;

use anyhow::{Context, Result};
use quote::{format_ident, quote};

use crate::apis::Api;
use crate::codegen::{generate, Report};
use crate::output::GeneratedFile;
use crate::spec::Spec;

/// Where the corpus specs are, relative to the workspace root.
pub const DIR: &str = "xtask/corpus";
/// The crate the corpus is generated into.
const CRATE: &str = "crates/generator-corpus";

/// Every corpus spec's client and server module, and the crate's `lib.rs` declaring them.
pub fn render(root: &Path) -> Result<Vec<GeneratedFile>> {
    let mut specs: Vec<String> = std::fs::read_dir(root.join(DIR))
        .with_context(|| format!("reading {DIR}"))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    specs.sort();
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for file in specs {
        let stem = file
            .rsplit_once('.')
            .map_or(file.as_str(), |(stem, _)| stem);
        let module = stem.replace('-', "_");
        let path = format!("{DIR}/{file}");
        let api = Api {
            name: stem.to_owned(),
            spec: path.clone(),
            mount: stem.to_owned(),
            reference: None,
            client_inner: None,
            facade: None,
            facade_hand_written: Vec::new(),
            replacements: Vec::new(),
        };
        let spec = Spec::load(root, &path)?;
        let generated = generate(
            &api,
            &spec,
            &format!("crate::{module}::client"),
            Report::Errors,
        )?;
        files.push(GeneratedFile::rust(
            format!("{CRATE}/src/{module}/client.rs"),
            &path,
            generated.client,
        )?);
        files.push(GeneratedFile::rust(
            format!("{CRATE}/src/{module}/server.rs"),
            &path,
            generated.server,
        )?);
        let doc = format!("The code generated from `{path}`.");
        let ident = format_ident!("{module}");
        modules.push(quote! {
            #[doc = #doc]
            pub mod #ident {
                // progenitor matches a documented code after a range that covers it (`4XX`, then
                // `404`): unreachable, and harmless, as both decode the same error type.
                #[allow(missing_docs, unreachable_patterns)]
                #[rustfmt::skip]
                pub mod client;
                #[allow(missing_docs)]
                #[rustfmt::skip]
                pub mod server;
            }
        });
    }
    files.push(GeneratedFile::rust(
        format!("{CRATE}/src/lib.rs"),
        DIR,
        quote! {
            //! The generator's corpus: the client and server generated from each spec of `xtask/corpus/`.
            #(#modules)*
        },
    )?);
    Ok(files)
}
