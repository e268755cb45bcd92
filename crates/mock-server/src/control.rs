//! The mock's control plane: every API's state, the request journal and the faults, shared by the
//! admin API ([`crate::admin`]), the request interceptor ([`crate::intercept`]) and the Rust handle
//! ([`crate::MockServer`]), which all do the same operations through it.

use std::sync::Arc;

use axum::Router;
use serde_json::Value;

use crate::faults::{Action, ActiveFault, Fault, Faults};
use crate::journal::{Journal, RequestFilter, Requests};
use crate::state::{ApiState, Handler};
use crate::{Error, MockApi};

/// A handle on the running mock's state; clones share it.
#[derive(Clone)]
pub struct Control {
    inner: Arc<Inner>,
}

struct Inner {
    apis: Vec<Mounted>,
    journal: Journal,
    faults: Faults,
}

/// One API as the control plane knows it.
pub(crate) struct Mounted {
    pub api: &'static MockApi,
    /// What answers its requests, given the paths below the API's base.
    pub handler: Handler,
    pub state: Option<Arc<dyn ApiState>>,
    /// The fixture it was started with (`--fixture`), which a reset goes back to.
    pub start_fixture: Option<Value>,
    /// Its example router, for requests with `Prefer: code=` or `Prefer: example=`.
    pub examples: Router,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let apis: Vec<_> = self.inner.apis.iter().map(|m| m.api.mount).collect();
        f.debug_struct("Control")
            .field("apis", &apis)
            .finish_non_exhaustive()
    }
}

impl Control {
    pub(crate) fn new(apis: Vec<Mounted>, journal_capacity: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                apis,
                journal: Journal::new(journal_capacity),
                faults: Faults::default(),
            }),
        }
    }

    /// The API of `name`: its mount (`bot`) or its name in `apis.toml` (`bot-open-api`).
    pub(crate) fn mounted(&self, name: &str) -> Result<&Mounted, Error> {
        self.inner
            .apis
            .iter()
            .find(|mounted| mounted.api.mount == name)
            .or_else(|| self.inner.apis.iter().find(|m| m.api.name == name))
            .ok_or_else(|| Error::UnknownApi(name.to_owned()))
    }

    fn state(&self, name: &str) -> Result<(&Mounted, &Arc<dyn ApiState>), Error> {
        let mounted = self.mounted(name)?;
        let state = mounted
            .state
            .as_ref()
            .ok_or(Error::Stateless(mounted.api.mount))?;
        Ok((mounted, state))
    }

    pub(crate) fn journal(&self) -> &Journal {
        &self.inner.journal
    }

    /// A fresh mock: every API back to the state it started with (its seed, or the fixture it was
    /// started with), the journal emptied and every fault cleared.
    pub fn reset(&self) {
        for mounted in &self.inner.apis {
            if let Some(state) = &mounted.state {
                state.reset();
                if let Some(fixture) = &mounted.start_fixture {
                    // Accepted at start, so accepted again.
                    let _ = state.replace(fixture.clone());
                }
            }
        }
        self.clear_requests();
        self.clear_faults();
    }

    /// The journal's entries that `filter` selects, oldest first. A filter naming an API or an
    /// operation that does not exist is refused rather than answered with nothing, so a typo is
    /// not mistaken for a request that was never sent.
    pub fn requests(&self, filter: &RequestFilter) -> Result<Requests, Error> {
        let api = filter
            .api
            .as_deref()
            .map(|name| self.mounted(name).map(|mounted| mounted.api))
            .transpose()?;
        if let Some(operation) = filter.operation.as_deref() {
            let known = match api {
                Some(api) => api.operation_ids.contains(&operation),
                None => self
                    .inner
                    .apis
                    .iter()
                    .any(|mounted| mounted.api.operation_ids.contains(&operation)),
            };
            if !known {
                return Err(Error::UnknownOperation {
                    api: api.map(|api| api.mount),
                    operation: operation.to_owned(),
                });
            }
        }
        let by_mount = RequestFilter {
            api: api.map(|api| api.mount.to_owned()),
            operation: filter.operation.clone(),
        };
        Ok(self.inner.journal.list(&by_mount))
    }

    /// Empties the journal.
    pub fn clear_requests(&self) {
        self.inner.journal.clear();
    }

    /// The current state of the API `api` (mount or name), as its fixture format.
    pub fn fixture(&self, api: &str) -> Result<Value, Error> {
        Ok(self.state(api)?.1.fixture())
    }

    /// Replaces the state of the API `api`; a refused fixture changes nothing.
    pub fn replace_fixture(&self, api: &str, fixture: Value) -> Result<(), Error> {
        let (mounted, state) = self.state(api)?;
        state.replace(fixture).map_err(|source| Error::Fixture {
            api: mounted.api.mount,
            source,
        })
    }

    /// The JSON Schema of the fixture format of the API `api`.
    pub fn fixture_schema(&self, api: &str) -> Result<Value, Error> {
        Ok(self.state(api)?.1.schema())
    }

    /// Registers `fault`, after checking it against its API's spec.
    pub fn add_fault(&self, fault: Fault) -> Result<ActiveFault, Error> {
        let mounted = self.mounted(&fault.api)?;
        fault.action(mounted.api).map_err(Error::Fault)?;
        let fault = Fault {
            api: mounted.api.mount.to_owned(),
            ..fault
        };
        Ok(self.inner.faults.add(fault))
    }

    /// The faults registered, with what remains of each.
    pub fn faults(&self) -> Vec<ActiveFault> {
        self.inner.faults.list()
    }

    /// Clears every fault.
    pub fn clear_faults(&self) {
        self.inner.faults.clear();
    }

    /// The fault that applies to `operation` of the API mounted at `mount`, and what it does.
    pub(crate) fn take_fault(&self, mounted: &Mounted, operation: &str) -> Option<(Fault, Action)> {
        let fault = self.inner.faults.take(mounted.api.mount, operation)?;
        let action = fault.action(mounted.api).ok()?;
        Some((fault, action))
    }

    /// The API whose operations `path` is under, and the path within it: under `/<mount>` plus the
    /// API's base path, except its spec files.
    pub(crate) fn api_of_path<'a>(&self, path: &'a str) -> Option<(&Mounted, &'a str)> {
        let api = crate::api_for_path(path)?;
        let spec_file = path
            .strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(api.mount))
            .is_some_and(|rest| rest == "/openapi.json" || rest == "/openapi.yaml");
        if spec_file {
            return None;
        }
        let rest = path.strip_prefix(api.path)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let mounted = self.inner.apis.iter().find(|m| std::ptr::eq(m.api, api))?;
        Some((mounted, if rest.is_empty() { "/" } else { rest }))
    }
}
