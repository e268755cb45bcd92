//! The admin API, on the mock's own address: `/health` and `/__admin/…` (reset, the request
//! journal, fixtures, faults). Its OpenAPI description is `admin.yaml`, served at
//! `/__admin/openapi.{yaml,json}` and documented at `/docs/admin/`.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::control::Control;
use crate::faults::Fault;
use crate::journal::RequestFilter;
use crate::Error;

/// The admin API's description, as written.
pub const SPEC: &str = include_str!("../admin.yaml");

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

async fn fixture(State(control): State<Control>, Path(api): Path<String>) -> Response {
    match control.fixture(&api) {
        Ok(fixture) => Json(fixture).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn fixture_schema(State(control): State<Control>, Path(api): Path<String>) -> Response {
    match control.fixture_schema(&api) {
        Ok(schema) => Json(schema).into_response(),
        Err(error) => refuse(&error),
    }
}

async fn replace_fixture(
    State(control): State<Control>,
    Path(api): Path<String>,
    body: Bytes,
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

async fn add_fault(State(control): State<Control>, body: Bytes) -> Response {
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
    let mut body = json!({ "error": message });
    if let Some(path) = path {
        body["path"] = Value::String(path.to_owned());
    }
    (status, Json(body)).into_response()
}
