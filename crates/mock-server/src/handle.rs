//! [`MockServer`]: the whole mock inside a Rust test, on an ephemeral port, stopped when dropped.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::{
    ActiveFault, Config, Control, Credentials, Error, Fault, RequestFilter, Requests, APIS,
};

/// A running mock: every API, the specs, the docs and the admin API on one loopback address.
///
/// The handle does what the admin API does ([`reset`](Self::reset), [`requests`](Self::requests),
/// [`fixture`](Self::fixture), [`add_fault`](Self::add_fault), ...), without HTTP. Dropping it
/// stops the server: it accepts no more connections, and answers the requests in flight.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    credentials: Credentials,
    control: Control,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Sets a [`MockServer`] up before it starts: credentials, token lifetime, fixtures, address.
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    config: Config,
    addr: SocketAddr,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            config: Config::default(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl MockServerBuilder {
    /// The fixture credentials (defaults: [`Credentials::default`]).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = credentials;
        self
    }

    /// How long a Bot Open API token lives (default one hour).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.config.token_lifetime = lifetime;
        self
    }

    /// Starts the API `api` (mount or name) from `fixture` instead of its seed; a reset goes back
    /// to it.
    pub fn fixture(mut self, api: impl Into<String>, fixture: Value) -> Self {
        self.config.fixtures.push((api.into(), fixture));
        self
    }

    /// How many requests the journal keeps.
    pub fn journal_capacity(mut self, capacity: usize) -> Self {
        self.config.journal_capacity = capacity;
        self
    }

    /// Timeouts and the connection cap (default [`Limits::default`](crate::Limits)).
    pub fn limits(mut self, limits: crate::Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// Where to listen (default `127.0.0.1:0`, a free port).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Binds, builds the app and starts serving it on the current Tokio runtime.
    pub async fn start(self) -> Result<MockServer, Error> {
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: self.addr,
                source,
            })?;
        let addr = listener.local_addr()?;
        let (app, control) = crate::build(&self.config, addr)?;
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(crate::serve(
            listener,
            app,
            self.config.limits,
            async move {
                let _ = stop.await;
            },
        ));
        Ok(MockServer {
            addr,
            credentials: self.config.credentials,
            control,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }
}

impl MockServer {
    /// A mock with the default credentials on a free loopback port.
    pub async fn start() -> Result<Self, Error> {
        Self::builder().start().await
    }

    /// A mock set up first.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's root, `http://127.0.0.1:<port>` (docs at `/docs`, admin at `/__admin`).
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of the API `api` (mount or name): what its client takes as base URL.
    pub fn url(&self, api: &str) -> Option<String> {
        APIS.iter()
            .find(|row| row.mount == api || row.name == api)
            .map(|row| format!("http://{}{}", self.addr, row.path))
    }

    /// The XeroChat API's base URL (`…/xerochat/api`).
    pub fn xerochat_url(&self) -> String {
        self.url("xerochat").unwrap_or_default()
    }

    /// The Bot Open API's base URL (`…/bot`).
    pub fn bot_url(&self) -> String {
        self.url("bot").unwrap_or_default()
    }

    /// The credentials the APIs accept.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The control plane, to share with code that outlives a borrow of the handle.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Every API back to the state it started with; the journal emptied and the faults cleared.
    pub fn reset(&self) {
        self.control.reset();
    }

    /// The journal's entries `filter` selects, oldest first; an API or operation that does not
    /// exist is an error ([`Error::UnknownApi`], [`Error::UnknownOperation`]).
    pub fn requests(&self, filter: &RequestFilter) -> Result<Requests, Error> {
        self.control.requests(filter)
    }

    /// Empties the journal.
    pub fn clear_requests(&self) {
        self.control.clear_requests();
    }

    /// The state of the API `api` as JSON (its fixture format).
    pub fn fixture(&self, api: &str) -> Result<Value, Error> {
        self.control.fixture(api)
    }

    /// Replaces the state of the API `api`; a refused fixture changes nothing.
    pub fn set_fixture(&self, api: &str, fixture: Value) -> Result<(), Error> {
        self.control.replace_fixture(api, fixture)
    }

    /// The JSON Schema of the fixture format of the API `api`.
    pub fn fixture_schema(&self, api: &str) -> Result<Value, Error> {
        self.control.fixture_schema(api)
    }

    /// Registers a fault.
    pub fn add_fault(&self, fault: Fault) -> Result<ActiveFault, Error> {
        self.control.add_fault(fault)
    }

    /// The faults registered, with what remains of each.
    pub fn faults(&self) -> Vec<ActiveFault> {
        self.control.faults()
    }

    /// Clears every fault.
    pub fn clear_faults(&self) {
        self.control.clear_faults();
    }

    /// Stops the server and waits until it has: no new connection is accepted, and the requests in
    /// flight are answered.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            match task.await {
                Ok(result) => result?,
                Err(error) if error.is_cancelled() => {}
                Err(error) => std::panic::resume_unwind(error.into_panic()),
            }
        }
        Ok(())
    }
}

impl Drop for MockServer {
    /// Tells the server to stop; it closes its listener at once and finishes in the background.
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
