//! Faults: answers a test arranges for an operation instead of (or before) the implementation's.
//!
//! A fault names an API (its mount) and an operation, and does one thing: delay the answer, answer
//! a given status and body, answer one of the operation's documented examples, or drop the
//! connection without answering. It applies to the next `times` matching requests (every one when
//! `times` is left out); the oldest fault that matches a request applies, and a spent one is
//! removed.

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::MockApi;

/// A fault as the admin API takes it (`POST /__admin/faults`) and lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The API's mount (`xerochat`, `bot`).
    pub api: String,
    /// The operation's id in the spec.
    pub operation: String,
    /// How many requests it applies to; every one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Wait this long, then answer as usual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Answer this status, with `body` (JSON; a string with `content_type` is sent as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The media type of `body`; `application/json` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Answer the operation's documented example of this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Close the connection without answering.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
}

impl Fault {
    /// A fault on `operation` of `api` that does nothing yet: set one action with the builders.
    pub fn new(api: impl Into<String>, operation: impl Into<String>) -> Self {
        Self {
            api: api.into(),
            operation: operation.into(),
            times: None,
            delay_ms: None,
            status: None,
            body: None,
            content_type: None,
            example: None,
            drop: false,
        }
    }

    /// Applies to the next `times` matching requests only.
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// Delays the answer by `delay`.
    pub fn delay(mut self, delay: std::time::Duration) -> Self {
        self.delay_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// Answers `status` with `body` as JSON.
    pub fn status(mut self, status: u16, body: Value) -> Self {
        self.status = Some(status);
        self.body = Some(body);
        self
    }

    /// Answers the documented example `name`.
    pub fn example(mut self, name: impl Into<String>) -> Self {
        self.example = Some(name.into());
        self
    }

    /// Drops the connection without answering.
    pub fn drop_connection(mut self) -> Self {
        self.drop = true;
        self
    }

    /// What the fault does, checked against the API it names: exactly one action, an operation the
    /// API has, an example the operation documents, a status HTTP can send.
    pub(crate) fn action(&self, api: &MockApi) -> Result<Action, FaultError> {
        if !api.operation_ids.contains(&self.operation.as_str()) {
            return Err(FaultError(crate::unknown_operation(
                Some(api.mount),
                &self.operation,
            )));
        }
        if self.times == Some(0) {
            return Err(FaultError("`times` must be at least 1".to_owned()));
        }
        let given = [
            self.delay_ms.is_some(),
            self.status.is_some(),
            self.example.is_some(),
            self.drop,
        ];
        if given.iter().filter(|given| **given).count() != 1 {
            return Err(FaultError(
                "give exactly one of `delay_ms`, `status` (with `body`), `example` and `drop: true`"
                    .to_owned(),
            ));
        }
        if (self.body.is_some() || self.content_type.is_some()) && self.status.is_none() {
            return Err(FaultError(
                "`body` and `content_type` go with `status`".to_owned(),
            ));
        }
        if let Some(delay) = self.delay_ms {
            return Ok(Action::Delay(std::time::Duration::from_millis(delay)));
        }
        if let Some(status) = self.status {
            if !(100..=999).contains(&status) || (100..200).contains(&status) {
                return Err(FaultError(format!(
                    "{status} is not a status a fault can answer"
                )));
            }
            return Ok(Action::Status);
        }
        if let Some(name) = &self.example {
            let documented = (api.examples_of)(&self.operation)
                .unwrap_or_default()
                .iter()
                .flat_map(|response| response.examples)
                .any(|(example, _)| example == name);
            if !documented {
                return Err(FaultError(format!(
                    "`{}` documents no example `{name}`",
                    self.operation
                )));
            }
            return Ok(Action::Example);
        }
        Ok(Action::Drop)
    }

    /// The name of what it does, as the journal shows it.
    pub(crate) fn kind(&self) -> &'static str {
        if self.delay_ms.is_some() {
            "delay"
        } else if self.status.is_some() {
            "status"
        } else if self.example.is_some() {
            "example"
        } else {
            "drop"
        }
    }
}

/// What a checked fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Delay(std::time::Duration),
    Status,
    Example,
    Drop,
}

/// A fault the mock refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FaultError(pub String);

/// A registered fault, with what remains of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActiveFault {
    /// Its number, in order of registration.
    pub id: u64,
    /// The fault as registered; `times` counts down as it applies.
    #[serde(flatten)]
    pub fault: Fault,
}

/// The registered faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    inner: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    next_id: u64,
    faults: Vec<ActiveFault>,
}

impl Faults {
    pub fn add(&self, fault: Fault) -> ActiveFault {
        let mut registry = self.lock();
        registry.next_id += 1;
        let active = ActiveFault {
            id: registry.next_id,
            fault,
        };
        registry.faults.push(active.clone());
        active
    }

    pub fn list(&self) -> Vec<ActiveFault> {
        self.lock().faults.clone()
    }

    pub fn clear(&self) {
        self.lock().faults.clear();
    }

    /// The fault that applies to a request of `operation` of `api`, counted as applied.
    pub fn take(&self, api: &str, operation: &str) -> Option<Fault> {
        let mut registry = self.lock();
        let position = registry
            .faults
            .iter()
            .position(|active| active.fault.api == api && active.fault.operation == operation)?;
        let active = &mut registry.faults[position];
        let fault = active.fault.clone();
        match &mut active.fault.times {
            Some(1) => {
                registry.faults.remove(position);
            }
            Some(times) => *times -= 1,
            None => {}
        }
        Some(fault)
    }

    /// The registry; a lock poisoned by a panicking thread is taken over (updates are one step).
    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
