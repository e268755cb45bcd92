//! A test double for every API of the workspace: the APIs of `apis.toml` on their generated routers
//! (stateful reference implementations where the table names one, the spec's examples otherwise),
//! their specs and documentation, and an admin API to reset them, read what they were sent, load
//! fixtures and inject faults. Run it as the `mock-server` binary, or start it inside a Rust test:
//!
//! ```no_run
//! # async fn demo() -> Result<(), mock_server::Error> {
//! use mock_server::{Fault, MockServer, RequestFilter};
//!
//! let mock = MockServer::start().await?;
//! let base = mock.xerochat_url(); // http://127.0.0.1:<port>/xerochat/api
//! let key = &mock.credentials().xerochat_admin_key;
//! // ... point the code under test at `base` ...
//! mock.add_fault(Fault::new("xerochat", "get_user_info").times(1).drop_connection())?;
//! let sent = mock.requests(&RequestFilter { operation: Some("get_user_info".into()), ..Default::default() })?;
//! mock.reset(); // every API back to its seed, journal and faults cleared
//! # let _ = (base, key, sent); Ok(()) }
//! // dropped: the server stops
//! ```
//!
//! | path | what |
//! |---|---|
//! | `/<mount>/…` followed by the path of the spec's first server URL | the API (`/xerochat/api/…`, `/bot/…`) |
//! | `/<mount>/openapi.yaml`, `/<mount>/openapi.json` | its spec, in both formats |
//! | `/docs` | an index of the documentation pages, one per API (`/docs/<mount>/`) and one for the admin API (`/docs/admin/`), served offline |
//! | `/health` | 200 while the server runs |
//! | `/__admin/…` | the admin API (module [`admin`](mod@admin); its OpenAPI description at `/__admin/openapi.yaml`) |
//!
//! # What the admin API (and the handle) can do
//!
//! - **Reset** (`POST /__admin/reset`, [`MockServer::reset`]): every API back to the state it
//!   started with, the journal emptied, the faults cleared.
//! - **Journal** (`GET /__admin/requests?api=&operation=`, [`MockServer::requests`]): each request
//!   to an API with its API, operation id (from the generated router's route table), method, path,
//!   query, headers, body, status, time and duration. Credentials (`api_key`, `appSecret`, tokens,
//!   `Authorization`, passwords) are redacted whenever the journal is read: no entry leaves the mock
//!   with one. The journal keeps the last [`journal::DEFAULT_CAPACITY`] requests and
//!   [`journal::BODY_LIMIT`] bytes of each body.
//! - **Fixtures** (`GET`/`PUT /__admin/fixtures/{api}`, schema at `…/schema`): an API's whole state
//!   as JSON, read or replaced; a refused fixture is a 400 naming the JSON path and changes nothing.
//! - **Faults** (`POST`/`GET`/`DELETE /__admin/faults`, [`Fault`]): delay, a given status and body,
//!   a documented example, or a dropped connection, for the next `times` calls of an operation.
//! - **`Prefer`**: `Prefer: code=404` or `Prefer: example=NAME` on any API request answers the
//!   spec's documented example, as Prism does, even where a stateful implementation serves the API.
//!
//! `mock-server proxy` (module [`proxy`]) serves the same layout in front of the real services and
//! reports where they and the specs disagree.
//!
//! The table of APIs, [`APIS`], is generated from `apis.toml` by `cargo xtask codegen`.

pub mod admin;
mod app;
mod control;
mod docs;
pub mod faults;
#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;
mod handle;
mod intercept;
pub mod journal;
pub mod log_format;
pub mod log_writer;
pub mod proxy;
pub mod redact;
mod reference;
mod serve;
mod state;

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use serde_json::Value;
use server_support::{ExampleResponse, Rejection, Rejections};

pub use app::App;
pub use control::Control;
pub use docs::ApiDocs;
pub use faults::{ActiveFault, Fault, FaultError};
pub use generated::APIS;
pub use handle::{MockServer, MockServerBuilder};
pub use journal::{JournalEntry, RequestFilter, Requests};
pub use serve::{serve, Connection, Limits};
pub use state::{ApiState, FixtureError, Handler, Served};

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
    /// Builds the API's router (and its state, where it keeps one).
    pub router: fn(&Config) -> anyhow::Result<Served>,
    /// The router answering from the spec's examples, for `Prefer`.
    pub example_router: fn() -> Router,
    /// The ids of its operations.
    pub operation_ids: &'static [&'static str],
    /// The operation a method and a path (below [`path`](Self::path)) reach, from the generated
    /// router's route table.
    pub operation_of: fn(&str, &str) -> Option<&'static str>,
    /// An operation's documented responses and examples.
    pub examples_of: fn(&str) -> Option<&'static [ExampleResponse]>,
}

/// The format a spec file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFormat {
    Json,
    Yaml,
}

impl MockApi {
    /// The spec, parsed.
    pub fn spec_value(&self) -> anyhow::Result<Value> {
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

/// The fixture credentials, overridable from the command line or the environment. `Debug` shows
/// the ids, never the keys or secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub xerochat_admin_key: String,
    pub xerochat_member_key: String,
    pub bot_app_id: String,
    pub bot_app_secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("xerochat_admin_key", &"<redacted>")
            .field("xerochat_member_key", &"<redacted>")
            .field("bot_app_id", &self.bot_app_id)
            .field("bot_app_secret", &"<redacted>")
            .finish()
    }
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

impl Credentials {
    /// Whether these are the documented defaults (public, so fine to print).
    pub fn are_defaults(&self) -> bool {
        *self == Self::default()
    }
}

/// How the mock is set up.
#[derive(Debug, Clone)]
pub struct Config {
    pub credentials: Credentials,
    /// How long a Bot Open API token lives.
    pub token_lifetime: Duration,
    /// Fixtures to load at start, by API (mount or name); a reset goes back to them.
    pub fixtures: Vec<(String, Value)>,
    /// How many requests the journal keeps.
    pub journal_capacity: usize,
    /// Timeouts and the connection cap of the server.
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            credentials: Credentials::default(),
            token_lifetime: bot_open_api_server::reference::DEFAULT_TOKEN_LIFETIME,
            fixtures: Vec::new(),
            journal_capacity: journal::DEFAULT_CAPACITY,
            limits: Limits::default(),
        }
    }
}

/// What can go wrong building, starting or controlling the mock.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("no API is mounted at `{0}` (the mounts: {mounts})", mounts = mounts())]
    UnknownApi(String),
    #[error("{}", unknown_operation(*.api, .operation))]
    UnknownOperation {
        /// The API named with it, if one was.
        api: Option<&'static str>,
        operation: String,
    },
    #[error("`{0}` keeps no state: it answers from its spec's examples")]
    Stateless(&'static str),
    #[error("the {api} fixture is refused at {}: {}", .source.path, .source.reason)]
    Fixture {
        api: &'static str,
        source: FixtureError,
    },
    #[error("the fault is refused: {0}")]
    Fault(FaultError),
    #[error("building the {api} API: {reason}")]
    Build { api: &'static str, reason: String },
    #[error("an embedded spec does not parse: {0}")]
    Spec(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// `text` with its middle cut when it is long: a refusal quotes the value it refuses, and a
/// multi-megabyte value quoted whole would bury the reason (which ends the message).
pub(crate) fn shortened(text: String) -> String {
    const HEAD: usize = 600;
    const TAIL: usize = 300;
    // Room for what a message adds around a reason that was shortened already, so it is not cut
    // twice.
    if text.len() <= 1024 {
        return text;
    }
    // 0 and the length are always char boundaries.
    let head = (0..=HEAD)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let tail = (text.len() - TAIL..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    format!(
        "{} … ({} bytes cut) … {}",
        &text[..head],
        tail - head,
        &text[tail..]
    )
}

/// Which operations there are instead of `operation`: those of `api`, or of every API.
fn unknown_operation(api: Option<&str>, operation: &str) -> String {
    match api.and_then(|mount| APIS.iter().find(|api| api.mount == mount)) {
        Some(api) => format!(
            "`{}` has no operation `{operation}`; it has {}",
            api.mount,
            api.operation_ids.join(", ")
        ),
        None => format!(
            "no API has an operation `{operation}` (the mounts: {})",
            mounts()
        ),
    }
}

fn mounts() -> String {
    APIS.iter()
        .map(|api| api.mount)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole application for a server reachable at `public` with the default [`Config`] but these
/// credentials, as an axum router: every API, its spec and docs, and the admin API.
pub fn app(credentials: &Credentials, public: SocketAddr) -> anyhow::Result<Router> {
    let config = Config {
        credentials: credentials.clone(),
        ..Config::default()
    };
    Ok(build(&config, public)?.0.into_router())
}

/// The whole application for a server reachable at `public`, and the control plane of its state.
/// Serve the app with [`serve`] (which alone can drop connections for a fault).
pub fn build(config: &Config, public: SocketAddr) -> Result<(App, Control), Error> {
    let docs = ApiDocs::load(public).map_err(|error| Error::Spec(format!("{error:#}")))?;
    let mut mounted = Vec::new();
    for api in APIS {
        let served = (api.router)(config).map_err(|error| Error::Build {
            api: api.name,
            reason: format!("{error:#}"),
        })?;
        mounted.push(control::Mounted {
            api,
            handler: served.handler,
            state: served.state,
            start_fixture: None,
            examples: (api.example_router)(),
        });
    }
    for (name, fixture) in &config.fixtures {
        let Some(entry) = mounted
            .iter_mut()
            .find(|m| m.api.mount == name || m.api.name == name)
        else {
            return Err(Error::UnknownApi(name.clone()));
        };
        let state = entry
            .state
            .as_ref()
            .ok_or(Error::Stateless(entry.api.mount))?;
        state
            .replace(fixture.clone())
            .map_err(|source| Error::Fixture {
                api: entry.api.mount,
                source,
            })?;
        entry.start_fixture = Some(fixture.clone());
    }
    let control = Control::new(mounted, config.journal_capacity);
    let rest = docs
        .router()
        .merge(admin::router(control.clone()))
        .method_not_allowed_fallback(wrong_method)
        .fallback(unknown_path);
    Ok((App::new(control.clone(), rest), control))
}

/// A method the docs, specs or admin API do not take at that path: a JSON 405, its `Allow` header
/// set by the router (the APIs answer this in their own shape).
async fn wrong_method(request: Request) -> Response {
    let message = format!(
        "{} is not allowed at {}; see the Allow header",
        request.method(),
        request.uri().path()
    );
    let body = serde_json::json!({ "message": message, "see": "/docs" });
    server_support::json(StatusCode::METHOD_NOT_ALLOWED, &body)
}

/// Paths nothing serves: answered in the shape of the API whose mount they are under (its spec
/// files are served, its operations are below its base path), and as a JSON 404 elsewhere.
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

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn a_long_text_keeps_its_ends_and_says_how_much_was_cut() {
        let short = "é".repeat(400);
        assert_eq!(shortened(short.clone()), short, "800 bytes are kept whole");

        // Two-byte chars at odd offsets: the cuts must fall between chars.
        let long = format!("a{}b", "é".repeat(5000));
        let cut = shortened(long.clone());
        assert!(cut.starts_with("aé") && cut.ends_with("éb"), "{cut}");
        let kept = cut.replace(" … (", "|").replace(" bytes cut) … ", "|");
        let parts: Vec<_> = kept.split('|').collect();
        assert_eq!(parts.len(), 3, "{cut}");
        let removed: usize = parts[1].parse().expect("a count");
        assert_eq!(parts[0].len() + removed + parts[2].len(), long.len());
        assert!(cut.len() < 1000, "{}", cut.len());
    }
}
