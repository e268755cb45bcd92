//! Loading a spec file once, in the two forms the xtask needs.

use std::path::Path;

use anyhow::{Context, Result};
use openapiv3::OpenAPI;
use serde_json::Value;

/// A parsed spec: the raw JSON tree (for examples and vendor extensions) and the typed document.
pub struct Spec {
    /// Path relative to the workspace root, as shown in messages.
    pub file: String,
    pub raw: Value,
    pub openapi: OpenAPI,
}

impl Spec {
    pub fn load(root: &Path, file: &str) -> Result<Self> {
        let text =
            std::fs::read_to_string(root.join(file)).with_context(|| format!("reading {file}"))?;
        let raw: Value =
            serde_yaml_ng::from_str(&text).with_context(|| format!("{file}: not valid YAML"))?;
        let openapi: OpenAPI = serde_json::from_value(raw.clone())
            .with_context(|| format!("{file}: not an OpenAPI 3.0 document"))?;
        Ok(Self {
            file: file.to_owned(),
            raw,
            openapi,
        })
    }
}
