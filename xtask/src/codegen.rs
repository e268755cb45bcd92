//! `cargo xtask codegen`: every generated file of the workspace, from the specs.

use std::path::Path;

use anyhow::{bail, Result};

use crate::apis;
use crate::output::{sync, GeneratedFile, Outcome};
use crate::spec::Spec;
use crate::{client_gen, lint, model, registry_gen, server_gen};

/// Lints every spec and renders every generated file (nothing is written yet).
pub fn render(root: &Path) -> Result<Vec<GeneratedFile>> {
    let apis = apis::load(root)?;
    let mut files = Vec::new();
    for api in &apis {
        let spec = Spec::load(root, &api.spec)?;
        let (model, mut findings) = model::build(&spec);
        findings.extend(lint::lint(&spec));
        if findings.iter().any(|f| f.is_error()) {
            for finding in &findings {
                eprintln!("{finding}");
            }
            bail!(
                "{}: {} finding(s); fix the spec before generating",
                spec.file,
                findings.len()
            );
        }
        let client = client_gen::generate(api, &spec)?;
        let server =
            server_gen::generate(api, &spec, &model, client.type_names.clone(), &mut findings)?;
        for finding in &findings {
            eprintln!("{finding}");
        }
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.client_dir()),
            &api.spec,
            client.tokens,
        )?);
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.server_dir()),
            &api.spec,
            server,
        )?);
        files.push(GeneratedFile::rust(
            format!("tests/src/generated/{}.rs", api.snake()),
            &api.spec,
            registry_gen::api_module(api, &spec, &client.type_names)?,
        )?);
    }
    files.push(GeneratedFile::rust(
        "tests/src/generated/mod.rs",
        "the table of APIs",
        registry_gen::index_module(&apis),
    )?);
    Ok(files)
}

/// Brings every generated file up to date, or with `check` reports the stale ones. Returns whether all
/// files were already fresh.
pub fn run(root: &Path, check: bool) -> Result<bool> {
    let mut fresh = true;
    for file in render(root)? {
        match sync(root, &file, check)? {
            Outcome::Unchanged => {}
            Outcome::Written => {
                fresh = false;
                println!("wrote {}", file.path.display());
            }
            Outcome::Stale(diff) => {
                fresh = false;
                println!("{diff}");
            }
        }
    }
    Ok(fresh)
}
