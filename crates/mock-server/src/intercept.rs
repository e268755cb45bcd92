//! What happens to every request to an API before and after its router: the operation it reaches
//! (from the generated router's own route table), the fault that applies to it, a `Prefer` header
//! that picks a documented answer, the call of the API's router with the path below its mount, and
//! the journal entry.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::control::{Control, Mounted};
use crate::faults::{Action, Fault};
use crate::journal::{self, Arrival, Head};
use crate::serve::Connection;

/// The header that picks a documented answer, looked up on every request: a constant name is not
/// parsed each time.
const PREFER: HeaderName = HeaderName::from_static("prefer");

/// The header a dropped-connection fault answers with when the app is served without
/// [`crate::serve`] (which alone can drop a connection).
const FAULT_HEADER: &str = "x-mock-fault";

/// Answers a request to the API `mounted`, whose path below the API's base is `within`, that
/// arrived at `started` on `connection` (`None` where the app is not served by [`crate::serve`]).
pub async fn intercept(
    control: &Control,
    mounted: &Mounted,
    within: &str,
    request: Request,
    started: Instant,
    connection: Option<&Connection>,
) -> Response {
    let operation = (mounted.api.operation_of)(request.method().as_str(), within);
    let mut arrival = Arrival {
        api: mounted.api.mount,
        operation,
        method: request.method().clone(),
        head: Head::new(request.uri(), request.headers()),
        body: Bytes::new(),
        body_truncated: false,
        status: None,
        fault: None,
        time: SystemTime::now(),
        duration: Duration::ZERO,
    };
    let (request, captured) = capture_body(request);

    let fault = operation.and_then(|operation| control.take_fault(mounted, operation));
    let mut dropped = false;
    let response = match fault {
        Some((fault, action)) => {
            arrival.fault = Some(fault.kind());
            match action {
                Action::Delay(delay) => {
                    tokio::time::sleep(delay).await;
                    let prefers_example = prefers_an_example(request.headers());
                    answer(mounted, within, request, prefers_example).await
                }
                Action::Status => {
                    drain(request).await;
                    status_answer(&fault)
                }
                Action::Example => {
                    drain(request).await;
                    example_answer(mounted, &fault)
                }
                Action::Drop => {
                    drain(request).await;
                    match connection {
                        Some(connection) => {
                            connection.drop_connection();
                            dropped = true;
                            // Hyper tries to write this and finds the connection gone.
                            StatusCode::INTERNAL_SERVER_ERROR.into_response()
                        }
                        None => {
                            let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
                            response.headers_mut().insert(
                                FAULT_HEADER,
                                HeaderValue::from_static("drop needs mock_server::serve"),
                            );
                            response
                        }
                    }
                }
            }
        }
        None => {
            let prefers_example = prefers_an_example(request.headers());
            if prefers_example {
                arrival.fault = Some("prefer");
            }
            answer(mounted, within, request, prefers_example).await
        }
    };

    arrival.status = (!dropped).then(|| response.status().as_u16());
    if let Some(captured) = captured {
        let mut captured = captured.lock().unwrap_or_else(PoisonError::into_inner);
        arrival.body = Bytes::from(std::mem::take(&mut captured.bytes));
        arrival.body_truncated = captured.truncated;
    }
    arrival.duration = started.elapsed();
    control.journal().record(arrival);
    response
}

/// The API's own answer: its router, or its example router when `Prefer` asks for a documented
/// answer (`prefers_example`, as Prism does), also for an API served by a stateful implementation.
/// The router sees the path below the API's base (`/get_user_info`), as if it were served at the
/// root.
async fn answer(
    mounted: &Mounted,
    within: &str,
    request: Request,
    prefers_example: bool,
) -> Response {
    let (mut parts, body) = request.into_parts();
    // `within` is the end of the path (but for the base itself, `/`), so the target below the base
    // is the end of the request's own target, query included.
    let path = parts.uri.path();
    let target = parts
        .uri
        .path_and_query()
        .map_or(path, |target| target.as_str());
    let below = match path.strip_suffix(within) {
        Some(base) => Uri::try_from(&target[base.len()..]),
        None => match parts.uri.query() {
            Some(query) => Uri::try_from(format!("{within}?{query}")),
            None => Uri::try_from(within),
        },
    };
    match below {
        Ok(uri) => parts.uri = uri,
        Err(error) => {
            let message = format!("the path cannot be passed on: {error}");
            return mounted
                .api
                .rejections
                .respond(server_support::Rejection::Invalid(message));
        }
    }
    let request = Request::from_parts(parts, body);
    if prefers_example {
        match mounted.examples.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    } else {
        mounted.handler.call(request).await
    }
}

/// Whether `Prefer` names a status code or an example.
fn prefers_an_example(headers: &HeaderMap) -> bool {
    headers
        .get_all(PREFER)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split([',', ';']))
        .filter_map(|token| token.split_once('='))
        .any(|(key, _)| {
            let key = key.trim();
            key.eq_ignore_ascii_case("code") || key.eq_ignore_ascii_case("example")
        })
}

/// A `status` fault's answer.
fn status_answer(fault: &Fault) -> Response {
    let status = fault
        .status
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, body) = match (&fault.body, &fault.content_type) {
        (None, _) => return status.into_response(),
        (Some(Value::String(text)), Some(content_type)) => (content_type.clone(), text.clone()),
        (Some(value), content_type) => (
            content_type
                .clone()
                .unwrap_or_else(|| "application/json".to_owned()),
            value.to_string(),
        ),
    };
    let mut response = (status, body).into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// An `example` fault's answer: the documented example, with its documented status.
fn example_answer(mounted: &Mounted, fault: &Fault) -> Response {
    let examples = (mounted.api.examples_of)(&fault.operation).unwrap_or_default();
    let mut prefer = HeaderMap::new();
    let name = fault.example.as_deref().unwrap_or_default();
    if let Ok(value) = HeaderValue::from_str(&format!("example={name}")) {
        prefer.insert(PREFER, value);
    }
    server_support::examples::answer(examples, &prefer)
        .unwrap_or_else(|rejection| mounted.api.rejections.respond(rejection))
}

/// The first [`journal::BODY_LIMIT`] bytes of a body, as it streams past.
#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    truncated: bool,
}

/// `request` with a body that copies what is read of it into the returned capture; the body still
/// streams to the router as it came, so the router's own limits apply to it unchanged.
fn capture_body(request: Request) -> (Request, Option<Arc<Mutex<Captured>>>) {
    if request.body().size_hint().exact() == Some(0) {
        // Nothing to keep (a GET, say): the body is passed on as it is.
        return (request, None);
    }
    let captured = Arc::new(Mutex::new(Captured::default()));
    let sink = Arc::clone(&captured);
    let (parts, body) = request.into_parts();
    let stream = body.into_data_stream().map(move |chunk| {
        if let Ok(bytes) = &chunk {
            let mut captured = sink.lock().unwrap_or_else(PoisonError::into_inner);
            let room = journal::BODY_LIMIT.saturating_sub(captured.bytes.len());
            if bytes.len() > room {
                captured.truncated = true;
            }
            let kept = bytes.len().min(room);
            captured.bytes.extend_from_slice(&bytes[..kept]);
        }
        chunk
    });
    (
        Request::from_parts(parts, Body::from_stream(stream)),
        Some(captured),
    )
}

/// Reads the body of a request answered without its router, so the journal has it; a body past the
/// journal's limit is cut there.
async fn drain(request: Request) {
    let mut stream = request.into_body().into_data_stream();
    let mut read = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        read += chunk.len();
        if read > journal::BODY_LIMIT {
            break;
        }
    }
}
