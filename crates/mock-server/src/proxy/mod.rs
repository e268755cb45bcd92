//! The validating proxy (`mock-server proxy`): serves the mock's layout (`/<mount>` + the spec's base
//! path), forwards every request to the API's real service unchanged, streams the answer back
//! unchanged, and checks both against the spec on the side. What disagrees becomes a finding in a
//! JSON-lines report; each exchange can be recorded, to become a spec example
//! (`cargo xtask examples import`).
//!
//! The client never waits for the checks: they run after the answer has streamed through, on a copy.

mod cli;
mod envelope;
mod exchange;
mod forward;
mod open_values;
mod record;
mod report;
mod schemas;
mod spec_model;
mod validate;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::sync::Notify;

pub use cli::{run, ProxyArgs};
pub use record::FORMAT as RECORDING_FORMAT;
pub use report::{Direction, Finding, Kind};

use exchange::Exchange;
use forward::{bad_gateway, json_response, Tee};
use record::Recorder;
use report::Reporter;
use validate::ApiChecker;

use crate::MockApi;

/// The largest request body the proxy takes (it reads request bodies whole to check them).
const REQUEST_LIMIT: usize = 64 << 20;
/// The largest answer body the proxy keeps a copy of for checking; larger ones stream through unchecked.
const CAPTURE_LIMIT: usize = 16 << 20;
/// Where the proxy answers its summary.
pub const REPORT_PATH: &str = "/__proxy/report";

/// What can stop the proxy from starting.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("unknown API `{name}` in --upstream; the APIs are: {known}")]
    UnknownApi { name: String, known: String },
    #[error("--upstream `{given}`: {reason}")]
    BadUpstream { given: String, reason: String },
    #[error("the {api} spec cannot be read: {reason}")]
    Spec { api: &'static str, reason: String },
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    #[error("building the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// What the proxy forwards where, and what it writes.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// `(API name or mount, upstream base URL)`: the URL stands for the spec's first server URL, so
    /// `/xerochat/api/get_user_info` goes to `<url>/get_user_info`.
    pub upstreams: Vec<(String, String)>,
    /// The JSON-lines report (created, or truncated).
    pub report: PathBuf,
    /// Where recordings go, when wanted.
    pub record: Option<PathBuf>,
}

/// A running proxy's shared state.
#[derive(Clone)]
pub struct Proxy {
    state: Arc<ProxyState>,
}

struct ProxyState {
    client: reqwest::Client,
    apis: Vec<Upstreamed>,
    reporter: Reporter,
    recorder: Option<Recorder>,
    sequence: AtomicU64,
    /// Exchanges whose checks have not finished.
    pending: AtomicUsize,
    settled: Notify,
}

/// An API with an upstream.
struct Upstreamed {
    api: &'static MockApi,
    base: String,
    checker: Arc<ApiChecker>,
}

impl Proxy {
    /// Reads the specs of the APIs named in `config` and opens the report (and recording directory).
    pub fn new(config: &ProxyConfig) -> Result<Self, ProxyError> {
        let mut apis: Vec<Upstreamed> = Vec::new();
        for (name, url) in &config.upstreams {
            let api = crate::APIS
                .iter()
                .find(|api| api.name == name || api.mount == name)
                .ok_or_else(|| ProxyError::UnknownApi {
                    name: name.clone(),
                    known: crate::APIS
                        .iter()
                        .map(|api| api.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            let parsed = reqwest::Url::parse(url).map_err(|error| ProxyError::BadUpstream {
                given: format!("{name}={url}"),
                reason: error.to_string(),
            })?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
                return Err(ProxyError::BadUpstream {
                    given: format!("{name}={url}"),
                    reason: "must be an http(s) URL without a query".to_owned(),
                });
            }
            apis.retain(|known| known.api.name != api.name);
            apis.push(Upstreamed {
                api,
                base: url.trim_end_matches('/').to_owned(),
                checker: Arc::new(ApiChecker::new(api)?),
            });
        }
        let client = reqwest::Client::builder()
            // The client sees the upstream's redirects as they are.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        let recorder = config.record.as_deref().map(Recorder::create).transpose()?;
        Ok(Self {
            state: Arc::new(ProxyState {
                client,
                apis,
                reporter: Reporter::create(&config.report)?,
                recorder,
                sequence: AtomicU64::new(0),
                pending: AtomicUsize::new(0),
                settled: Notify::new(),
            }),
        })
    }

    /// The proxy's routes: [`REPORT_PATH`], and every other path forwarded.
    pub fn router(&self) -> Router {
        Router::new()
            .route(REPORT_PATH, get(summary))
            .fallback(forward)
            .with_state(Arc::clone(&self.state))
    }

    /// Waits until every exchange seen so far has been checked and reported.
    pub async fn settle(&self) {
        self.state.settle().await;
    }

    /// The summary per operation, as JSON (what `GET /__proxy/report` answers).
    pub fn summary(&self) -> serde_json::Value {
        self.state.reporter.summary()
    }

    /// The summary as a table for the terminal.
    pub fn summary_text(&self) -> String {
        self.state.reporter.summary_text()
    }

    /// Where each API is forwarded, for the banner.
    pub fn routes(&self) -> Vec<(&'static str, &'static str, String)> {
        self.state
            .apis
            .iter()
            .map(|u| (u.api.name, u.api.path, u.base.clone()))
            .collect()
    }
}

impl ProxyState {
    async fn settle(&self) {
        loop {
            let notified = self.settled.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// `GET /__proxy/report`: the summary, once the checks in flight are done (waiting 10 s at most).
async fn summary(State(state): State<Arc<ProxyState>>) -> Response {
    let settled = tokio::time::timeout(Duration::from_secs(10), state.settle())
        .await
        .is_ok();
    let mut body = state.reporter.summary();
    body["pending"] = serde_json::json!(state.pending.load(Ordering::SeqCst));
    body["settled"] = serde_json::json!(settled);
    json_response(StatusCode::OK, &body)
}

async fn forward(State(state): State<Arc<ProxyState>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(api) = crate::api_for_path(&path) else {
        let body = serde_json::json!({
            "error": "not found",
            "message": format!("no API is mounted at {path}"),
            "mounts": crate::APIS.iter().map(|api| api.path).collect::<Vec<_>>(),
        });
        return json_response(StatusCode::NOT_FOUND, &body);
    };
    let Some(upstream) = state.apis.iter().find(|u| u.api.name == api.name) else {
        let body = serde_json::json!({
            "error": "bad gateway",
            "message": format!("no upstream for the {} API: start the proxy with --upstream {}=URL", api.name, api.mount),
            "api": api.name,
        });
        return json_response(StatusCode::BAD_GATEWAY, &body);
    };
    let Some(relative) = path
        .strip_prefix(api.path)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    else {
        let body = serde_json::json!({
            "error": "not found",
            "message": format!("{path} is not under the {} API's base path {}", api.name, api.path),
        });
        return json_response(StatusCode::NOT_FOUND, &body);
    };
    let relative = relative.to_owned();
    let query = request.uri().query().map(str::to_owned);
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, REQUEST_LIMIT).await {
        Ok(body) => body,
        Err(error) => {
            let body = serde_json::json!({
                "error": "request body",
                "message": format!("the request body could not be read (the proxy takes up to {REQUEST_LIMIT} bytes): {error}"),
            });
            return json_response(StatusCode::PAYLOAD_TOO_LARGE, &body);
        }
    };
    let target = match &query {
        Some(query) => format!("{}{relative}?{query}", upstream.base),
        None => format!("{}{relative}", upstream.base),
    };
    let sent = state
        .client
        .request(parts.method.clone(), target)
        .headers(forward::upstream_headers(&parts.headers))
        .body(body.clone())
        .send()
        .await;
    let answer = match sent {
        Ok(answer) => answer,
        Err(error) => {
            let reason = forward::reason(&error);
            tracing::warn!(api = api.name, %reason, "upstream failed");
            return bad_gateway(api.name, &host_of(&upstream.base), &reason);
        }
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let length = answer.content_length();
    let (tee, captured) = Tee::new(answer.bytes_stream(), CAPTURE_LIMIT, length);
    let mut response = Response::new(Body::from_stream(tee));
    *response.status_mut() =
        StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    *response.headers_mut() = forward::client_headers(&headers);

    let seq = state.sequence.fetch_add(1, Ordering::SeqCst) + 1;
    state.pending.fetch_add(1, Ordering::SeqCst);
    let checker = Arc::clone(&upstream.checker);
    let state = Arc::clone(&state);
    tokio::spawn(async move {
        let captured = captured.await.ok().and_then(|c| c.body);
        let exchange = Exchange {
            seq,
            api: api.name,
            method: parts.method.as_str().to_owned(),
            path: relative,
            query,
            request_headers: parts.headers,
            request_body: body,
            status: status.as_u16(),
            response_headers: headers,
            response_body: captured,
        };
        let state_for_check = Arc::clone(&state);
        let checked = tokio::task::spawn_blocking(move || {
            let checked = checker.check(&exchange);
            state_for_check
                .reporter
                .exchange(exchange.api, &checked.operation, &checked.findings);
            if let Some(recorder) = &state_for_check.recorder {
                recorder.record(&exchange, &checked.operation, &checked.secrets);
            }
        })
        .await;
        if let Err(error) = checked {
            tracing::error!(%error, "checking an exchange failed");
        }
        state.pending.fetch_sub(1, Ordering::SeqCst);
        state.settled.notify_waiters();
    });
    response
}

/// `scheme://host[:port]` of a URL, for messages (its path may be long; it holds no secrets but keeps
/// messages short).
fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|| url.to_owned())
}
