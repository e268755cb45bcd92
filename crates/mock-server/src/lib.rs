//! The workspace's embedded default: every API of `apis.toml` on its generated router, with its spec and
//! interactive documentation, from one address. An API whose row names a `reference` is served by that
//! hand-written implementation (module `reference`), any other from its spec's examples.
//!
//! | path | what |
//! |---|---|
//! | `/<mount>/…` followed by the path of the spec's first server URL | the API (`/xerochat/api/…`, `/bot/…`) |
//! | `/<mount>/openapi.yaml`, `/<mount>/openapi.json` | its spec, in both formats |
//! | `/docs` | an index of the documentation pages, one per API (`/docs/<mount>/`), served offline |
//!
//! The table of APIs, [`APIS`], is generated from `apis.toml` by `cargo xtask codegen`.

mod docs;
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
mod logging;
mod reference;

use std::net::SocketAddr;

use anyhow::{Context, Result};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use server_support::{Rejection, Rejections};

pub use docs::ApiDocs;
pub use generated::APIS;

/// One API as the mock serves it: a row of the generated [`APIS`].
#[derive(Debug)]
pub struct MockApi {
    /// The API's name in `apis.toml`.
    pub name: &'static str,
    /// Its top-level path segment: the docs are at `/docs/<mount>/`, the spec at `/<mount>/openapi.*`.
    pub mount: &'static str,
    /// Where its operations are served: `/<mount>` and the path of the spec's first server URL.
    pub path: &'static str,
    /// The spec file's text, as written.
    pub spec: &'static str,
    pub format: SpecFormat,
    /// How the API answers requests it cannot take, for paths no operation matches.
    pub rejections: &'static Rejections,
    /// Builds the API's router.
    pub router: fn(&Credentials) -> Result<Router>,
}

/// The format a spec file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFormat {
    Json,
    Yaml,
}

impl MockApi {
    /// The spec, parsed.
    pub fn spec_value(&self) -> Result<serde_json::Value> {
        let parsed = match self.format {
            SpecFormat::Json => serde_json::from_str(self.spec).map_err(anyhow::Error::from),
            SpecFormat::Yaml => serde_yaml_ng::from_str(self.spec).map_err(anyhow::Error::from),
        };
        parsed.with_context(|| format!("the embedded {} spec", self.name))
    }

    /// Whether `path` is this API's: at or under `/<mount>`.
    fn owns(&self, path: &str) -> bool {
        path.strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(self.mount))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// The API a request path belongs to: the one with the longest mount that prefixes it, segment-wise.
pub fn api_for_path(path: &str) -> Option<&'static MockApi> {
    APIS.iter()
        .filter(|api| api.owns(path))
        .max_by_key(|api| api.mount.len())
}

/// The fixture credentials, overridable from the command line or the environment.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub xerochat_admin_key: String,
    pub xerochat_member_key: String,
    pub bot_app_id: String,
    pub bot_app_secret: String,
}

/// XeroChat API key of the seeded admin user (id 1).
pub const DEFAULT_XEROCHAT_ADMIN_KEY: &str = "1-demoadminkey";
/// XeroChat API key of the seeded member user (id 39).
pub const DEFAULT_XEROCHAT_MEMBER_KEY: &str = "39-demomemberkey";
/// Bot Open API app id accepted by `/bot/login`.
pub const DEFAULT_BOT_APP_ID: &str = "demo-app";
/// Bot Open API app secret accepted by `/bot/login`.
pub const DEFAULT_BOT_APP_SECRET: &str = "demo-secret";

impl Default for Credentials {
    fn default() -> Self {
        Self {
            xerochat_admin_key: DEFAULT_XEROCHAT_ADMIN_KEY.to_owned(),
            xerochat_member_key: DEFAULT_XEROCHAT_MEMBER_KEY.to_owned(),
            bot_app_id: DEFAULT_BOT_APP_ID.to_owned(),
            bot_app_secret: DEFAULT_BOT_APP_SECRET.to_owned(),
        }
    }
}

/// The whole application for a server reachable at `public`: every API, its spec and docs.
pub fn app(credentials: &Credentials, public: SocketAddr) -> Result<Router> {
    let docs = ApiDocs::load(public)?;
    let mut router = Router::new();
    for api in APIS {
        let served =
            (api.router)(credentials).with_context(|| format!("building the {} API", api.name))?;
        router = router.nest(api.path, served);
    }
    Ok(router
        .merge(docs.router())
        .fallback(unknown_path)
        .layer(axum::middleware::from_fn(logging::log_request)))
}

/// Paths no router took (including the bare mount points, which nesting leaves to the outer router):
/// answered in the shape of the API whose mount they are under, and as a JSON 404 elsewhere.
async fn unknown_path(request: Request) -> Response {
    let path = request.uri().path();
    let message = format!("No operation at {} {path}", request.method());
    match api_for_path(path) {
        Some(api) => api.rejections.respond(Rejection::UnknownOperation(message)),
        None => {
            let body = serde_json::json!({ "message": message, "see": "/docs" });
            server_support::json(StatusCode::NOT_FOUND, &body)
        }
    }
}
