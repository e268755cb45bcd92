//! `cargo xtask codegen`: every generated file of the workspace, from the specs.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Result};
use proc_macro2::TokenStream;

use crate::apis::{self, Api};
use crate::mock_gen::{self, MockRow};
use crate::output::{sync, GeneratedFile, Outcome};
use crate::progenitor_input::progenitor_input;
use crate::spec::Spec;
use crate::{client_gen, client_layer, corpus, lint, model, registry_gen, server_gen};

/// Lints every spec and renders every generated file (nothing is written yet).
///
/// Each API, and the corpus, renders on a thread of its own: the specs are independent, and this is what
/// a user waits for after every spec edit.
pub fn render(root: &Path) -> Result<Vec<GeneratedFile>> {
    let apis = apis::load(root)?;
    let (rendered, corpus) = std::thread::scope(|scope| {
        let corpus = scope.spawn(|| corpus::render(root));
        let jobs: Vec<_> = apis
            .iter()
            .map(|api| scope.spawn(move || render_api(root, api)))
            .collect();
        let rendered: Vec<_> = jobs.into_iter().map(join).collect();
        (rendered, join(corpus))
    });
    let mut files = Vec::new();
    let mut mock_rows = Vec::new();
    for (api, result) in apis.iter().zip(rendered) {
        let (api_files, path) = result?;
        files.extend(api_files);
        mock_rows.push(MockRow { api, path });
    }
    files.push(GeneratedFile::rust(
        "tests/src/generated/mod.rs",
        "the table of APIs",
        registry_gen::index_module(&apis),
    )?);
    files.extend(corpus?);
    files.push(GeneratedFile::rust(
        mock_gen::FILE,
        "the table of APIs",
        mock_gen::module(&mock_rows),
    )?);
    Ok(files)
}

/// The result of a rendering thread; a panic in it (a bug) becomes an error.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    handle
        .join()
        .unwrap_or_else(|_| bail!("a rendering thread panicked"))
}

/// One API's generated files (client, server, the tests' registry) and the path the mock mounts it at.
fn render_api(root: &Path, api: &Api) -> Result<(Vec<GeneratedFile>, String)> {
    let spec = Spec::load(root, &api.spec)?;
    let generated = generate(api, &spec, &format!("::{}", api.client_lib()), Report::All)?;
    let mut files = vec![
        mock_gen::spec_copy(root, api)?,
        GeneratedFile::rust(
            format!("{}/src/generated.rs", api.client_dir()),
            &api.spec,
            generated.client,
        )?,
        GeneratedFile::rust(
            format!("{}/src/generated.rs", api.server_dir()),
            &api.spec,
            generated.server,
        )?,
        GeneratedFile::rust(
            format!("tests/src/generated/{}.rs", api.snake()),
            &api.spec,
            registry_gen::api_module(api, &spec, &generated.type_names, &generated.code_samples)?,
        )?,
    ];
    if let Some(layer) = generated.client_layer {
        files.push(GeneratedFile::rust(
            format!("{}/{}", api.client_dir(), client_layer::FILE),
            &api.spec,
            layer,
        )?);
        files.push(GeneratedFile::verbatim(
            format!("{}/{}", api.client_dir(), client_layer::RUNTIME_FILE),
            client_layer::RUNTIME_TEMPLATE_PATH,
            client_layer::RUNTIME_TEMPLATE,
        ));
    }
    Ok((files, mock_gen::mount_path(api, &spec.openapi)))
}

/// The client and server code of one spec.
pub struct Generated {
    pub client: TokenStream,
    /// The client's facade layer, for an API that declares a facade.
    pub client_layer: Option<TokenStream>,
    pub server: TokenStream,
    /// The names of the types the client defines.
    pub type_names: BTreeSet<String>,
    /// The spec's Rust code samples, as functions for the workspace tests.
    pub code_samples: TokenStream,
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
    let (client_view, adaptations) = progenitor_input(spec);
    findings.extend(lint::lint_adapted(spec, adaptations));
    let mut findings = crate::finding::dedupe(findings);
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
    let client = client_gen::generate_adapted(api, &spec.file, &client_view)?;
    let client_layer = client_layer::generate(api, spec, &model, &client.tokens)?;
    let server = server_gen::generate(
        api,
        spec,
        &model,
        &client_view,
        client_path,
        client.type_names.clone(),
        &mut findings,
    )?;
    print(&findings);
    let code_samples = crate::samples_gen::module(&spec.file, &model)?;
    Ok(Generated {
        client: client.tokens,
        client_layer,
        server,
        code_samples,
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
