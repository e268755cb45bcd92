//! `cargo xtask codegen`: every generated file of the workspace, from the specs.

use std::path::Path;

use anyhow::{bail, Result};

use crate::apis;
use crate::mock_gen::{self, MockRow};
use crate::output::{sync, GeneratedFile, Outcome};
use crate::spec::Spec;
use crate::{client_gen, lint, registry_gen, server_gen};

/// Lints every spec and renders every generated file (nothing is written yet).
pub fn render(root: &Path) -> Result<Vec<GeneratedFile>> {
    let apis = apis::load(root)?;
    let mut files = Vec::new();
    let mut mock_rows = Vec::new();
    for api in &apis {
        let spec = Spec::load(root, &api.spec)?;
        let findings = lint::lint(&spec);
        for finding in &findings {
            eprintln!("{finding}");
        }
        // Warnings are advice: only an error stops generation.
        let errors = findings.iter().filter(|finding| finding.is_error()).count();
        if errors > 0 {
            bail!(
                "{}: {errors} error(s); fix the spec before generating",
                spec.file
            );
        }
        let client = client_gen::generate(api, &spec)?;
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.client_dir()),
            &api.spec,
            client.tokens,
        )?);
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.server_dir()),
            &api.spec,
            server_gen::generate(api, &spec)?,
        )?);
        files.push(GeneratedFile::rust(
            format!("tests/src/generated/{}.rs", api.snake()),
            &api.spec,
            registry_gen::api_module(api, &spec, &client.type_names)?,
        )?);
        mock_rows.push(MockRow {
            api,
            path: mock_gen::mount_path(api, &spec.raw),
        });
    }
    files.push(GeneratedFile::rust(
        "tests/src/generated/mod.rs",
        "the table of APIs",
        registry_gen::index_module(&apis),
    )?);
    files.push(GeneratedFile::rust(
        mock_gen::FILE,
        "the table of APIs",
        mock_gen::module(&mock_rows),
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
