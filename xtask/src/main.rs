//! Workspace automation: checks the specs in `spec/` and generates the client and server crates from them.

mod add_api;
mod apis;
mod client_gen;
mod client_layer;
mod codegen;
mod corpus;
mod examples_import;
mod extension_shapes;
mod finding;
mod lint;
mod mock_gen;
mod model;
mod names;
mod output;
mod progenitor_input;
mod refs;
mod registry_gen;
mod samples_gen;
mod scaffold;
mod server_gen;
mod spec;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Checks the OpenAPI specs and generates the crates built from them")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every spec: structure, progenitor's rules, and every example against its schema.
    Lint,
    /// Lint, then regenerate every generated file (only files whose content changed are written).
    Codegen {
        /// Write nothing; print a diff and fail if any generated file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Print the table of APIs for scripts: one line per API, tab-separated: name, spec file, the path
    /// the mock serves it at, and its reference implementation (`-` for none: served from examples).
    Apis,
    /// Add an API from an OpenAPI 3.0 document: copy the spec into `spec/`, list it in `apis.toml`,
    /// scaffold its client and server crates, and generate them. Changes nothing if any step fails.
    AddApi {
        /// The API's name: lowercase letters, digits and dashes (crates `NAME-client`, `NAME-server`;
        /// the mock serves it under `/NAME`).
        name: String,
        /// The spec, YAML (`.yaml`, `.yml`) or JSON (`.json`); copied as it is.
        spec_file: PathBuf,
    },
    /// Work on the specs' examples.
    Examples {
        #[command(subcommand)]
        command: ExamplesCommand,
    },
}

#[derive(Subcommand)]
enum ExamplesCommand {
    /// Turn the validating proxy's recordings (`mock-server proxy --record DIR`) into named `service-…`
    /// examples on the matching responses of the specs: redacted, deduplicated, checked against the
    /// schema, inserted into the YAML text; the specs still pass the lint.
    Import {
        /// The recordings' directory.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<bool> {
    let root = workspace_root();
    match cli.command {
        Command::Lint => {
            let mut clean = true;
            for api in apis::load(&root)? {
                let spec = spec::Spec::load(&root, &api.spec)?;
                // What the model builder finds (constructs the generators cannot honour, malformed
                // extensions) is part of the lint, as codegen stops on it too.
                let mut findings = model::build(&spec).1;
                findings.extend(lint::lint(&spec));
                let findings = finding::dedupe(findings);
                for finding in &findings {
                    println!("{finding}");
                }
                // Warnings are advice: only errors fail the lint.
                let errors = findings.iter().filter(|f| f.is_error()).count();
                println!(
                    "{}: {errors} error(s), {} warning(s)",
                    spec.file,
                    findings.len() - errors
                );
                clean &= errors == 0;
            }
            Ok(clean)
        }
        Command::Apis => {
            for api in apis::load(&root)? {
                let spec = spec::Spec::load(&root, &api.spec)?;
                let reference = api.reference.as_deref().unwrap_or("-");
                let mount = mock_gen::mount_path(&api, &spec.openapi);
                println!("{}\t{}\t{mount}\t{reference}", api.name, api.spec);
            }
            Ok(true)
        }
        Command::Codegen { check } => {
            let fresh = codegen::run(&root, check)?;
            if check && !fresh {
                eprintln!("generated files are stale: run `cargo xtask codegen`");
                return Ok(false);
            }
            Ok(true)
        }
        Command::Examples {
            command: ExamplesCommand::Import { dir },
        } => {
            let imported = examples_import::import(&root, &apis::load(&root)?, &dir)?;
            examples_import::report(&imported);
            Ok(true)
        }
        Command::AddApi { name, spec_file } => {
            let added = add_api::add_with(&root, &name, &spec_file, codegen::render)?;
            add_api::report(&added);
            Ok(true)
        }
    }
}

/// The workspace root: the xtask crate sits one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    /// Generated files must match the specs; this fails the same way `cargo xtask codegen --check` does.
    #[test]
    fn generated_files_are_fresh() {
        let root = super::workspace_root();
        let fresh = super::codegen::run(&root, true).expect("codegen renders");
        assert!(
            fresh,
            "generated files are stale (diff above): run `cargo xtask codegen`"
        );
    }
}
