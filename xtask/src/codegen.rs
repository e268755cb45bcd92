//! `cargo xtask codegen`: every generated file of the workspace, from the specs.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Result};
use proc_macro2::TokenStream;

use crate::apis::{self, Api};
use crate::mock_gen::{self, MockRow};
use crate::output::{sync, GeneratedFile, Outcome};
use crate::spec::Spec;
use crate::{client_gen, corpus, lint, model, registry_gen, server_gen};

/// Lints every spec and renders every generated file (nothing is written yet).
pub fn render(root: &Path) -> Result<Vec<GeneratedFile>> {
    let apis = apis::load(root)?;
    let mut files = Vec::new();
    let mut mock_rows = Vec::new();
    for api in &apis {
        let spec = Spec::load(root, &api.spec)?;
        let generated = generate(api, &spec, &format!("::{}", api.client_lib()), Report::All)?;
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.client_dir()),
            &api.spec,
            generated.client,
        )?);
        files.push(GeneratedFile::rust(
            format!("{}/src/generated.rs", api.server_dir()),
            &api.spec,
            generated.server,
        )?);
        files.push(GeneratedFile::rust(
            format!("tests/src/generated/{}.rs", api.snake()),
            &api.spec,
            registry_gen::api_module(api, &spec, &generated.type_names)?,
        )?);
        mock_rows.push(MockRow {
            api,
            path: mock_gen::mount_path(api, &spec.openapi),
        });
    }
    files.push(GeneratedFile::rust(
        "tests/src/generated/mod.rs",
        "the table of APIs",
        registry_gen::index_module(&apis),
    )?);
    files.extend(corpus::render(root)?);
    files.push(GeneratedFile::rust(
        mock_gen::FILE,
        "the table of APIs",
        mock_gen::module(&mock_rows),
    )?);
    Ok(files)
}

/// The client and server code of one spec.
pub struct Generated {
    pub client: TokenStream,
    pub server: TokenStream,
    /// The names of the types the client defines.
    pub type_names: BTreeSet<String>,
}

/// How much of a spec's findings `generate` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Every finding: the specs users edit.
    All,
    /// Errors only: the generator's corpus, whose warnings are deliberate and tested.
    Errors,
}

/// Builds the model of `spec`, stops on its errors (printing them), and generates the client and the
/// server; the server names the client by `client_path`.
pub fn generate(api: &Api, spec: &Spec, client_path: &str, report: Report) -> Result<Generated> {
    let (model, mut findings) = model::build(spec);
    findings.extend(lint::lint(spec));
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let print = |findings: &[crate::finding::Finding]| {
        for finding in findings {
            if report == Report::All || finding.is_error() {
                eprintln!("{finding}");
            }
        }
    };
    if errors > 0 {
        print(&findings);
        bail!(
            "{}: {errors} error(s); fix the spec before generating",
            spec.file
        );
    }
    let client = client_gen::generate(api, spec)?;
    let server = server_gen::generate(
        api,
        spec,
        &model,
        client_path,
        client.type_names.clone(),
        &mut findings,
    )?;
    print(&findings);
    Ok(Generated {
        client: client.tokens,
        server,
        type_names: client.type_names,
    })
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
