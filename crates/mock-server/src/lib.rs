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
//! `mock-server proxy` (module [`proxy`]) serves the same layout in front of the real services and
//! reports where they and the specs disagree.
//!
//! The table of APIs, [`APIS`], is generated from `apis.toml` by `cargo xtask codegen`.

mod docs;
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
mod logging;
pub mod proxy;
mod reference;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use server_support::{Rejection, Rejections};
use tower::ServiceExt;

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
    let mut roots = Vec::new();
    for api in APIS {
        let served =
            (api.router)(credentials).with_context(|| format!("building the {} API", api.name))?;
        roots.push((api.path, served.clone()));
        router = router.nest(api.path, served);
    }
    let roots: Arc<[(&'static str, Router)]> = roots.into();
    Ok(router
        .merge(docs.router())
        .fallback(move |request: Request| unknown_path(Arc::clone(&roots), request))
        .layer(axum::middleware::from_fn(logging::log_request)))
}

/// Paths no router took: an API's path with a trailing slash (`/petstore/v1/`, which nesting does not
/// pass on) goes to that API as its `/`; anything else is answered in the shape of the API whose
/// mount it is under, and as a JSON 404 elsewhere.
async fn unknown_path(roots: Arc<[(&'static str, Router)]>, request: Request) -> Response {
    let root = roots
        .iter()
        .find(|(path, _)| request.uri().path().strip_suffix('/') == Some(path));
    if let Some((_, served)) = root {
        let uri = match request.uri().query() {
            Some(query) => format!("/?{query}"),
            None => "/".to_owned(),
        };
        if let Ok(uri) = uri.parse() {
            let mut request = request;
            *request.uri_mut() = uri;
            return match served.clone().oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(roots: Arc<[(&'static str, Router)]>, uri: &str) -> (u16, String) {
        let request = Request::builder()
            .uri(uri)
            .body(axum::body::Body::empty())
            .expect("request");
        let response = unknown_path(roots, request).await;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn an_api_path_with_a_trailing_slash_reaches_the_apis_root() {
        let api = Router::new()
            .fallback(|request: Request| async move { format!("api saw {}", request.uri()) });
        let roots: Arc<[(&'static str, Router)]> = vec![("/pets/v1", api)].into();
        assert_eq!(
            answer(Arc::clone(&roots), "/pets/v1/?limit=2").await,
            (200, "api saw /?limit=2".to_owned())
        );
        assert_eq!(answer(Arc::clone(&roots), "/pets/v1/").await.1, "api saw /");
        assert_eq!(answer(roots, "/elsewhere/").await.0, 404);
    }
}
