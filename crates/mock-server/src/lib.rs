//! The workspace's embedded default: both APIs, served by their in-memory reference implementations on
//! the generated routers, with their specs and interactive documentation, from one address.
//!
//! | path | what |
//! |---|---|
//! | `/xerochat/api/…` | the XeroChat API |
//! | `/bot/…` | the Bot Open API |
//! | `/xerochat/openapi.yaml`, `/xerochat/openapi.json`, `/bot/openapi.yaml`, `/bot/openapi.json` | the specs |
//! | `/docs` | an index of the documentation pages, one per API, served offline |

mod docs;
mod logging;

use std::net::SocketAddr;

use anyhow::Result;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use bot_open_api_server::reference::{BotConfig, InMemoryBot};
use server_support::Rejection;
use xerochat_server::reference::InMemoryXeroChat;

pub use docs::ApiDocs;

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

/// The whole application for a server reachable at `public`: both APIs, their specs and docs.
pub fn app(credentials: &Credentials, public: SocketAddr) -> Result<Router> {
    let xerochat = InMemoryXeroChat::with_keys(
        &credentials.xerochat_admin_key,
        &credentials.xerochat_member_key,
    )?;
    let bot = InMemoryBot::new(BotConfig {
        app_id: credentials.bot_app_id.clone(),
        app_secret: credentials.bot_app_secret.clone(),
        ..BotConfig::default()
    });
    let docs = ApiDocs::load(public)?;
    Ok(Router::new()
        .nest("/xerochat/api", xerochat_server::router(xerochat))
        .nest("/bot", bot_open_api_server::router(bot))
        .merge(docs.router())
        .fallback(unknown_path)
        .layer(axum::middleware::from_fn(logging::log_request)))
}

/// Paths no router took (including the bare mount points, which nesting leaves to the outer router):
/// answered in the shape of the API whose prefix they carry, and as a JSON 404 elsewhere.
async fn unknown_path(request: Request) -> Response {
    let path = request.uri().path();
    let message = format!("No operation at {} {path}", request.method());
    let rejections = if path.starts_with("/bot") {
        &bot_open_api_server::REJECTIONS
    } else if path.starts_with("/xerochat") {
        &xerochat_server::REJECTIONS
    } else {
        let body = serde_json::json!({ "message": message, "see": "/docs" });
        return server_support::json(StatusCode::NOT_FOUND, &body);
    };
    rejections.respond(Rejection::UnknownOperation(message))
}
