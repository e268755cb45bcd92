//! Sending requests to a generated router in-process and reading the answer.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

/// What a router answered.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The `detail` of a problem-details answer, after checking it is one with `status`.
    pub fn problem(&self, status: u16) -> String {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), "application/problem+json");
        let body = self.json();
        assert_eq!(body["status"], status);
        body["detail"].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends `method path` with `headers` and `body` to `router`.
pub async fn send(
    router: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(body.into()).expect("a valid request"))
        .await
        .expect("routers are infallible");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body")
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// `GET path` with no headers.
pub async fn get(router: &Router, path: &str) -> Answer {
    send(router, "GET", path, &[], Body::empty()).await
}
