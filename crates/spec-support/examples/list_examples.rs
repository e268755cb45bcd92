//! Lists every operation and every example of an OpenAPI 3.0 document, with the line each example
//! stands on: what the linter and the snapshot tests walk.
//!
//! Usage: `cargo run -p chatbot-openapi-spec-support --example list_examples -- spec/xerochat.yaml`
//! (a `.json` file is read as JSON, anything else as YAML).

use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: list_examples SPEC");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {file}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let parsed: Result<Value, String> = if file.ends_with(".json") {
        serde_json::from_str(&text).map_err(|error| error.to_string())
    } else {
        serde_yaml_ng::from_str(&text).map_err(|error| error.to_string())
    };
    let spec = match parsed {
        Ok(spec) => spec,
        Err(error) => {
            eprintln!("{file} is not an OpenAPI document: {error}");
            return ExitCode::FAILURE;
        }
    };
    for ((path, method), id) in spec_support::operation_ids(&spec) {
        println!("operation {id}: {} {path}", method.to_uppercase());
    }
    for example in spec_support::examples(&spec) {
        let line = spec_support::locate::locate(&text, &example.pointer)
            .map_or_else(|| "?".to_owned(), |located| located.line.to_string());
        let schema = example.schema_name().unwrap_or("(inline schema)");
        println!("{file}:{line}  {}  {schema}", example.id);
    }
    ExitCode::SUCCESS
}
