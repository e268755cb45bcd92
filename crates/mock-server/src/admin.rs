//! The admin API, on the mock's own address: `/health` and `/__admin/…` (reset, the request
//! journal, fixtures, faults). Its OpenAPI description is `admin.yaml`, served at
//! `/__admin/openapi.{yaml,json}` and documented at `/docs/admin/`.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use server_support::input::read_body;
use server_support::rejection::Rejection;

use crate::control::Control;
use crate::faults::Fault;
use crate::journal::RequestFilter;
use crate::Error;

/// The admin API's description, as written.
pub const SPEC: &str = include_str!("../admin.yaml");

/// The largest body the admin API reads: a fixture is an API's whole state, so it may be far
/// larger than any API request.
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The admin routes, on `control`.
pub fn router(control: Control) -> Router {
    Router::new()
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/__admin/reset", post(reset))
        .route("/__admin/requests", get(requests).delete(clear_requests))
        .route("/__admin/fixtures/{api}", get(fixture).put(replace_fixture))
        .route("/__admin/fixtures/{api}/schema", get(fixture_schema))
        .route(
            "/__admin/faults",
            get(faults).post(add_fault).delete(clear_faults),
        )
        .with_state(control)
}

/// A request body, read as the APIs read theirs ([`server_support::input::read_body`]: a body
/// declared over [`BODY_LIMIT`] is refused before `100 Continue`, one sent anyway is drained so the
/// client reads the answer); one that cannot be read is refused in the admin API's error shape (413
/// or 400) rather than as axum's plain text.
struct Body(Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Response;

    async fn from_request(request: Request, _: &S) -> Result<Self, Response> {
        let (parts, body) = request.into_parts();
        read_body(&parts.headers, body, BODY_LIMIT)
            .await
            .map(Body)
            .map_err(|rejection| match rejection {
                Rejection::TooLarge(limit) => problem(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body is larger than {limit} bytes"),
                    None,
                ),
                // Otherwise the body could not be read (the only other refusal of `read_body`).
                other => problem(StatusCode::BAD_REQUEST, other.message(), None),
            })
    }
}

/// The `{api}` of a path; a segment that is not UTF-8 once decoded is refused in the admin API's
/// error shape.
struct ApiName(String);

impl<S: Send + Sync> FromRequestParts<S> for ApiName {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(api)| ApiName(api))
            .map_err(|rejection| problem(StatusCode::BAD_REQUEST, rejection.body_text(), None))
    }
}

async fn reset(State(control): State<Control>) -> StatusCode {
    control.reset();
    StatusCode::NO_CONTENT
}

/// The journal, filtered; a query parameter other than `api` and `operation`, an unknown API or
/// an unknown operation is refused (a typo would otherwise read as "never called").
async fn requests(
    State(control): State<Control>,
    filter: Result<Query<RequestFilter>, QueryRejection>,
) -> Response {
    let Query(filter) = match filter {
        Ok(filter) => filter,
        Err(rejection) => return problem(StatusCode::BAD_REQUEST, rejection.body_text(), None),
    };
    match control.requests(&filter) {
        Ok(requests) => Json(requests).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn clear_requests(State(control): State<Control>) -> StatusCode {
    control.clear_requests();
    StatusCode::NO_CONTENT
}

async fn fixture(State(control): State<Control>, ApiName(api): ApiName) -> Response {
    match control.fixture(&api) {
        Ok(fixture) => Json(fixture).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn fixture_schema(State(control): State<Control>, ApiName(api): ApiName) -> Response {
    match control.fixture_schema(&api) {
        Ok(schema) => Json(schema).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn replace_fixture(
    State(control): State<Control>,
    ApiName(api): ApiName,
    Body(body): Body,
) -> Response {
    let fixture: Value = match serde_json::from_slice(&body) {
        Ok(fixture) => fixture,
        Err(error) => {
            return problem(
                StatusCode::BAD_REQUEST,
                format!("not JSON: {error}"),
                Some("."),
            )
        }
    };
    match control.replace_fixture(&api, fixture) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => refuse(&error),
    }
}

async fn faults(State(control): State<Control>) -> Response {
    Json(json!({ "faults": control.faults() })).into_response()
}

async fn add_fault(State(control): State<Control>, Body(body): Body) -> Response {
    let fault: Fault =
        match serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&body)) {
            Ok(fault) => fault,
            Err(error) => {
                // A body that is not JSON at all has no place in it: the whole body (`.`) is at fault.
                let path = match error.path().to_string() {
                    unknown if unknown == "?" => ".".to_owned(),
                    path => path,
                };
                return problem(
                    StatusCode::BAD_REQUEST,
                    error.into_inner().to_string(),
                    Some(&path),
                );
            }
        };
    match control.add_fault(fault) {
        Ok(active) => (StatusCode::CREATED, Json(active)).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn clear_faults(State(control): State<Control>) -> StatusCode {
    control.clear_faults();
    StatusCode::NO_CONTENT
}

/// An error of the control plane as an answer: 404 for an unknown API, 409 for an API without state,
/// 400 for an unknown operation or a refused fixture or fault.
fn refuse(error: &Error) -> Response {
    match error {
        Error::UnknownApi(_) => problem(StatusCode::NOT_FOUND, error.to_string(), None),
        Error::Stateless(_) => problem(StatusCode::CONFLICT, error.to_string(), None),
        Error::Fixture { source, .. } => problem(
            StatusCode::BAD_REQUEST,
            error.to_string(),
            Some(&source.path),
        ),
        _ => problem(StatusCode::BAD_REQUEST, error.to_string(), None),
    }
}

/// `{"error": message, "path": json-path}`, the admin API's error shape.
fn problem(status: StatusCode, message: String, path: Option<&str>) -> Response {
    let mut body = json!({ "error": crate::shortened(message) });
    if let Some(path) = path {
        body["path"] = Value::String(path.to_owned());
    }
    (status, Json(body)).into_response()
}
