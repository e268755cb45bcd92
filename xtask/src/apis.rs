//! The table of APIs this workspace generates code for.
//!
//! Adding an API is one spec file plus one row here: everything else in the xtask iterates this table.

use progenitor_impl::TypeImpl;

/// One API: where its spec lives and which crates are generated from it.
pub struct Api {
    /// Short name used in messages and generated file names.
    pub name: &'static str,
    /// The spec, relative to the workspace root.
    pub spec: &'static str,
    /// Directory of the client crate, relative to the workspace root.
    pub client_dir: &'static str,
    /// The client crate's library name, as the server crate refers to it.
    pub client_lib: &'static str,
    /// Directory of the server crate, relative to the workspace root.
    pub server_dir: &'static str,
    /// Component schemas generated as hand-written types of the client crate.
    pub replacements: &'static [Replacement],
    /// The client's `inner` type (progenitor's per-client state), if it keeps any.
    pub client_inner: Option<&'static str>,
}

/// A component schema replaced by a hand-written type that lives in the client crate.
pub struct Replacement {
    /// The schema's name under `components/schemas`.
    pub schema: &'static str,
    /// The type's path inside the client crate, e.g. `wire::ChannelId`.
    pub path: &'static str,
    /// Traits the hand-written type implements, so typify can rely on them.
    pub impls: &'static [TypeImpl],
}

/// Every API of the workspace.
pub const APIS: &[Api] = &[
    Api {
        name: "xerochat",
        spec: "spec/xerochat.yaml",
        client_dir: "crates/xerochat-client",
        client_lib: "xerochat_client",
        server_dir: "crates/xerochat-server",
        replacements: &[
            Replacement {
                schema: "LegacyDateTime",
                path: "wire::LegacyDateTime",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
            Replacement {
                schema: "LegacyDate",
                path: "wire::LegacyDate",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
        ],
        client_inner: None,
    },
    Api {
        name: "bot-open-api",
        spec: "spec/bot-open-api.yaml",
        client_dir: "crates/bot-open-api-client",
        client_lib: "bot_open_api_client",
        server_dir: "crates/bot-open-api-server",
        replacements: &[
            Replacement {
                schema: "ChannelId",
                path: "wire::ChannelId",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
            Replacement {
                schema: "MessageKind",
                path: "wire::MessageKind",
                impls: &[TypeImpl::Display, TypeImpl::FromStr],
            },
        ],
        client_inner: Some("crate::auth::Session"),
    },
];
