//! The table of APIs this workspace generates code for: `apis.toml` at the workspace root.
//!
//! It is the only list of APIs: everything in the xtask iterates it, and what the crates need of it
//! (the tests' registry, the mock's mounts) is generated from it.

use std::path::Path;

use anyhow::{bail, Context, Result};
use progenitor_impl::TypeImpl;
use serde::Deserialize;

/// The table's file, relative to the workspace root.
pub const TABLE: &str = "apis.toml";

/// One API: where its spec lives and how its crates are generated and served.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Api {
    /// Short name (lowercase, digits, dashes): crate names, messages, the tests' registry.
    pub name: String,
    /// The spec, relative to the workspace root.
    pub spec: String,
    /// The mock serves the API at `/<mount>` followed by the path of the spec's first server URL.
    pub mount: String,
    /// A stateful implementation the mock serves instead of the spec's examples.
    #[serde(default)]
    pub reference: Option<String>,
    /// The client's `inner` type (progenitor's per-client state), if it keeps any.
    #[serde(default)]
    pub client_inner: Option<String>,
    /// Component schemas generated as hand-written types of the client crate.
    #[serde(default)]
    pub replacements: Vec<Replacement>,
    /// The client crate's hand-written facade type (e.g. `XeroChat`): codegen gives it one method per
    /// operation in `src/operations.rs`. Without it the crate has only the generated `Client`.
    #[serde(default)]
    pub facade: Option<String>,
    /// Operations whose facade method is hand-written (the session's own login); the generated layer
    /// lists them and fails to compile while one is missing.
    #[serde(default)]
    pub facade_hand_written: Vec<String>,
}

/// A component schema replaced by a hand-written type that lives in the client crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// The schema's name under `components/schemas`.
    pub schema: String,
    /// The type's path inside the client crate, e.g. `wire::ChannelId`.
    pub path: String,
    /// Traits the hand-written type implements, so typify can rely on them.
    #[serde(default)]
    pub impls: Vec<Impl>,
}

/// The traits a replacement may declare (typify's `TypeSpaceImpl`, by name).
#[derive(Debug, Clone, Copy, Deserialize)]
pub enum Impl {
    Display,
    FromStr,
    Default,
}

impl From<Impl> for TypeImpl {
    fn from(value: Impl) -> Self {
        match value {
            Impl::Display => TypeImpl::Display,
            Impl::FromStr => TypeImpl::FromStr,
            Impl::Default => TypeImpl::Default,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[serde(default)]
    api: Vec<Api>,
}

impl Api {
    /// Directory of the client crate, relative to the workspace root.
    pub fn client_dir(&self) -> String {
        format!("crates/{}-client", self.name)
    }

    /// Directory of the server crate, relative to the workspace root.
    pub fn server_dir(&self) -> String {
        format!("crates/{}-server", self.name)
    }

    /// The client crate's library name, as Rust code refers to it.
    pub fn client_lib(&self) -> String {
        format!("{}_client", self.snake())
    }

    /// The server crate's library name, as Rust code refers to it.
    pub fn server_lib(&self) -> String {
        format!("{}_server", self.snake())
    }

    /// The name as a Rust identifier (`bot-open-api` → `bot_open_api`).
    pub fn snake(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// Whether `name` can name an API: lowercase ASCII letters, digits and single dashes, starting with a
/// letter, so that `<name>-client` is a valid crate name and `<name>` a module name.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--")
}

/// Reads the table from `root`.
pub fn load(root: &Path) -> Result<Vec<Api>> {
    let path = root.join(TABLE);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {TABLE}"))?;
    parse(&text)
}

/// Parses the table's text, checking names and mounts are valid and unique.
pub fn parse(text: &str) -> Result<Vec<Api>> {
    let table: Table = toml::from_str(text).with_context(|| format!("{TABLE} is malformed"))?;
    let mut seen = std::collections::BTreeSet::new();
    for api in &table.api {
        if !valid_name(&api.name) {
            bail!(
                "{TABLE}: `{}` is not a valid API name (lowercase letters, digits, dashes)",
                api.name
            );
        }
        if !valid_name(&api.mount) {
            bail!(
                "{TABLE}: API {}: mount `{}` is not a valid path segment",
                api.name,
                api.mount
            );
        }
        if let Some(facade) = &api.facade {
            if syn::parse_str::<syn::Ident>(facade).is_err() {
                bail!(
                    "{TABLE}: API {}: facade `{facade}` is not a Rust type name",
                    api.name
                );
            }
        } else if !api.facade_hand_written.is_empty() {
            bail!(
                "{TABLE}: API {}: facade-hand-written names methods of a facade it does not declare",
                api.name
            );
        }
        if !seen.insert(api.name.clone()) || !seen.insert(format!("mount:{}", api.mount)) {
            bail!(
                "{TABLE}: API {} or its mount `{}` is listed twice",
                api.name,
                api.mount
            );
        }
    }
    Ok(table.api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_table_parses() {
        let apis = load(&crate::workspace_root()).expect("apis.toml parses");
        assert!(apis.iter().any(|api| api.name == "xerochat"));
    }

    #[test]
    fn names_must_be_crate_and_module_friendly() {
        for good in ["petstore", "bot-open-api", "v2"] {
            assert!(valid_name(good), "{good}");
        }
        for bad in [
            "",
            "Pet",
            "2pet",
            "pet_store",
            "pet-",
            "pet--store",
            "pet store",
            "../x",
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn duplicates_are_refused() {
        let row = "[[api]]\nname = \"a\"\nspec = \"spec/a.yaml\"\nmount = \"a\"\n";
        assert!(parse(&format!("{row}{row}")).is_err());
        assert_eq!(parse(row).unwrap().len(), 1);
    }
}
