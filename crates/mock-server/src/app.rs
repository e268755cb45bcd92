//! The whole application as one service: a request to an API goes straight to the interceptor and
//! the API's generated router; everything else (docs, specs, the admin API, `/health`, unknown
//! paths) to an axum router. Every request is logged on the way out.
//!
//! Why not one axum router with the APIs nested and the interceptor and the logger as middleware:
//! each of those layers clones its inner service and boxes a future per request, and nesting
//! rebuilds the URI, which cost the shipped server about a tenth of its throughput on the requests
//! it exists for. The interceptor knows the API a path belongs to anyway (it has to, for the
//! journal), so it hands the request on itself.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use tower::{Service, ServiceExt};

use crate::control::Control;
use crate::intercept;
use crate::serve::Connection;

/// The mock's application: serve it with [`crate::serve`], or turn it into an axum [`Router`]
/// ([`App::into_router`]) to serve it some other way.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    control: Control,
    /// Docs, specs, the admin API and the answer to unknown paths.
    rest: Router,
}

impl App {
    pub(crate) fn new(control: Control, rest: Router) -> Self {
        Self {
            inner: Arc::new(Inner { control, rest }),
        }
    }

    /// The app as a router (its fallback), for `axum::serve` and other tower servers. A fault that
    /// drops the connection needs [`crate::serve`]; elsewhere it answers 503 and says so.
    pub fn into_router(self) -> Router {
        Router::new().fallback_service(self)
    }

    /// Answers one request, and logs it.
    pub async fn handle(&self, request: Request) -> Response {
        self.answer(request, None).await
    }

    /// Answers one request that came on `connection`, which a fault may drop, and logs it.
    pub(crate) async fn answer(
        &self,
        request: Request,
        connection: Option<&Connection>,
    ) -> Response {
        let started = Instant::now();
        let method = request.method().clone();
        // A clone of the URI shares its bytes: the path is not copied.
        let uri = request.uri().clone();
        let response = match self.inner.control.api_of_path(uri.path()) {
            Some((mounted, within)) => {
                let control = &self.inner.control;
                intercept::intercept(control, mounted, within, request, started, connection).await
            }
            None => match self.inner.rest.clone().oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            },
        };
        // Method, path, status and duration; never the query string, which carries XeroChat keys.
        tracing::info!(
            %method,
            path = uri.path(),
            status = response.status().as_u16(),
            micros = started.elapsed().as_micros() as u64,
            "request"
        );
        response
    }
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let app = self.clone();
        Box::pin(async move { Ok(app.handle(request).await) })
    }
}
