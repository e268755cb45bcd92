//! What the mock can do with an API's state: reset it, read it, replace it, describe its format.
//!
//! An API served by a stateful reference implementation hands the mock an [`ApiState`] next to its
//! router ([`Served`]); an API answering from its spec's examples has no state, and the fixture
//! operations say so.

use std::future::Future;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tower::ServiceExt;

/// An API as the mock serves it: what answers its requests, and its state where it keeps one.
pub struct Served {
    pub handler: Handler,
    pub state: Option<Arc<dyn ApiState>>,
}

impl Served {
    /// An API without state (answering from its spec's examples, say).
    pub fn stateless(router: Router) -> Self {
        Self {
            handler: Handler::from_router(router),
            state: None,
        }
    }
}

/// What answers an API's requests, whose paths are those below the API's base path: a generated
/// router, or the generated `handle` function of a server crate called directly (which spares each
/// request the router's own dispatch).
#[derive(Clone)]
pub struct Handler(Arc<dyn Fn(Request) -> BoxFuture<'static, Response> + Send + Sync>);

impl Handler {
    /// A handler calling `answer` for each request.
    pub fn new<F, A>(answer: F) -> Self
    where
        F: Fn(Request) -> A + Send + Sync + 'static,
        A: Future<Output = Response> + Send + 'static,
    {
        Self(Arc::new(move |request| Box::pin(answer(request))))
    }

    /// A handler passing each request to `router`.
    pub fn from_router(router: Router) -> Self {
        Self::new(move |request| {
            let router = router.clone();
            async move {
                match router.oneshot(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            }
        })
    }

    /// The answer to `request`.
    pub fn call(&self, request: Request) -> impl Future<Output = Response> + Send + 'static {
        (self.0)(request)
    }
}

/// The state of one API, as JSON: the fixture format of the admin API's `/__admin/fixtures/{api}`.
pub trait ApiState: Send + Sync {
    /// Back to the state the implementation was built with.
    fn reset(&self);
    /// The whole state now.
    fn fixture(&self) -> Value;
    /// Replaces the whole state; a fixture that is refused changes nothing.
    fn replace(&self, fixture: Value) -> Result<(), FixtureError>;
    /// The JSON Schema of the fixture format.
    fn schema(&self) -> Value;
}

/// A fixture an API refuses, and where in it the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct FixtureError {
    /// A JSON path into the fixture (`users.39.api_key`, `users[2].messages[0].createdAt`; `.` for
    /// the whole document).
    pub path: String,
    /// What is wrong there.
    pub reason: String,
}

/// Reads a fixture as `T`, naming the path of the first value that does not fit.
pub fn read_fixture<T: DeserializeOwned>(fixture: Value) -> Result<T, FixtureError> {
    serde_path_to_error::deserialize(fixture).map_err(|error| FixtureError {
        path: error.path().to_string(),
        reason: crate::shortened(error.into_inner().to_string()),
    })
}
