//! Shared pieces of the workspace tests: reading the specs, and deserializing an example as the type
//! generated for its schema.

#[rustfmt::skip]
pub mod generated;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A Rust code sample of a spec (`x-codeSamples`): it runs against a mock at the base URL it is given.
pub struct CodeSample {
    pub operation: &'static str,
    pub run: fn(String) -> SampleRun,
}

/// A running code sample; `Err` is the first error its `?`s met.
pub type SampleRun =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Box<dyn std::error::Error>>>>>;

/// An example read back through its generated type.
#[derive(Debug)]
pub struct Roundtrip {
    /// The typed value's `Debug` form, for the snapshot.
    pub typed: String,
    /// The typed value serialized again.
    pub json: Value,
}

/// Deserializes `value` as `T`, then serializes it back.
pub fn roundtrip<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    value: Value,
) -> Result<Roundtrip, serde_json::Error> {
    let typed: T = serde_json::from_value(value)?;
    Ok(Roundtrip {
        typed: format!("{typed:#?}"),
        json: serde_json::to_value(&typed)?,
    })
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A spec of the workspace as JSON, by file name under `spec/` (`xerochat.yaml`).
pub fn spec(file: &str) -> Value {
    spec_at(&format!("spec/{file}"))
}

/// A spec as JSON, by its path relative to the workspace root (as `apis.toml` and
/// [`generated::SPECS`] give it): JSON when the file ends in `.json`, YAML otherwise.
pub fn spec_at(relative: &str) -> Value {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    let parsed = if json {
        serde_json::from_str(&text).map_err(|error| error.to_string())
    } else {
        serde_yaml_ng::from_str(&text).map_err(|error| error.to_string())
    };
    parsed.unwrap_or_else(|error| panic!("parsing {}: {error}", path.display()))
}
