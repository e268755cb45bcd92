//! The request journal: what reached each API, newest last, in a bounded ring.
//!
//! Only requests to an API are recorded (not the admin API, the docs or the specs). Credentials are
//! redacted before anything is stored ([`crate::redact`]). The journal keeps the last
//! [`DEFAULT_CAPACITY`] requests (configurable), dropping the oldest first, and keeps at most
//! [`BODY_LIMIT`] bytes of a body, so a long test run cannot grow the mock without bound.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::redact;

/// How many requests the journal keeps unless configured otherwise.
pub const DEFAULT_CAPACITY: usize = 1000;

/// How many bytes of a request body an entry keeps.
pub const BODY_LIMIT: usize = 64 * 1024;

/// One request, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The mount of the API the request reached (`xerochat`, `bot`).
    pub api: String,
    /// The operation's id in the spec (`get_user_info`, `listUsers`); `None` where the request
    /// reached no operation (an unknown path, a method the path does not have).
    pub operation: Option<String>,
    pub method: String,
    /// The path as sent, from the server's root (`/xerochat/api/get_user_info`).
    pub path: String,
    /// The query string, credentials redacted; `None` without one.
    pub query: Option<String>,
    /// Request headers, credentials redacted (names in lower case).
    pub headers: Map<String, Value>,
    /// The body, credentials redacted: JSON as JSON, a form or text as a string; `None` when empty.
    pub body: Option<Value>,
    /// Whether the body was longer than [`BODY_LIMIT`] and is cut.
    pub body_truncated: bool,
    /// The status answered; `None` when a fault dropped the connection.
    pub status: Option<u16>,
    /// The fault that shaped the answer (`delay`, `status`, `example`, `drop`), or `prefer` when a
    /// `Prefer` header picked a documented example.
    pub fault: Option<String>,
    /// When the request arrived (RFC 3339, UTC).
    pub time: String,
    /// How long the answer took, in milliseconds.
    pub duration_ms: f64,
}

/// Which entries to list: those of one API and/or one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFilter {
    pub api: Option<String>,
    pub operation: Option<String>,
}

impl RequestFilter {
    fn admits(&self, entry: &JournalEntry) -> bool {
        self.api.as_ref().is_none_or(|api| *api == entry.api)
            && self
                .operation
                .as_ref()
                .is_none_or(|operation| Some(operation) == entry.operation.as_ref())
    }
}

/// The entries a filter selects, with what the journal can tell about what it no longer holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requests {
    /// How many entries the journal keeps at most.
    pub capacity: usize,
    /// How many entries were dropped to make room since the journal was last cleared.
    pub dropped: u64,
    /// The selected entries, oldest first.
    pub requests: Vec<JournalEntry>,
}

/// The bounded journal.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    entries: VecDeque<JournalEntry>,
    dropped: u64,
}

impl Journal {
    /// A journal keeping at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::default(),
        }
    }

    pub fn record(&self, entry: JournalEntry) {
        let mut ring = self.lock();
        while ring.entries.len() >= self.capacity {
            ring.entries.pop_front();
            ring.dropped += 1;
        }
        ring.entries.push_back(entry);
    }

    pub fn list(&self, filter: &RequestFilter) -> Requests {
        let ring = self.lock();
        Requests {
            capacity: self.capacity,
            dropped: ring.dropped,
            requests: ring
                .entries
                .iter()
                .filter(|entry| filter.admits(entry))
                .cloned()
                .collect(),
        }
    }

    pub fn clear(&self) {
        *self.lock() = Ring::default();
    }

    /// The ring; a lock poisoned by a panicking thread is taken over (every update is one push or
    /// pop).
    fn lock(&self) -> MutexGuard<'_, Ring> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A request body as an entry keeps it: JSON parsed and redacted, a form redacted, other text as it
/// is, bytes that are not UTF-8 described by their length.
pub fn body(content_type: Option<&str>, bytes: &[u8], truncated: bool) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let media = content_type
        .and_then(|value| value.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if media == "application/json" || media.ends_with("+json") {
        // JSON that cannot be parsed (cut, or malformed) cannot be redacted either: it is not kept.
        return Some(match serde_json::from_slice::<Value>(bytes) {
            Ok(mut value) if !truncated => {
                redact::json(&mut value);
                value
            }
            _ => Value::String(format!(
                "<{} bytes of JSON that does not parse>",
                bytes.len()
            )),
        });
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(Value::String(format!("<{} bytes, not UTF-8>", bytes.len())));
    };
    if media == "application/x-www-form-urlencoded" {
        return Some(Value::String(redact::form(text)));
    }
    Some(Value::String(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(api: &str, operation: &str) -> JournalEntry {
        JournalEntry {
            api: api.to_owned(),
            operation: Some(operation.to_owned()),
            method: "GET".to_owned(),
            path: "/".to_owned(),
            query: None,
            headers: Map::new(),
            body: None,
            body_truncated: false,
            status: Some(200),
            fault: None,
            time: String::new(),
            duration_ms: 0.0,
        }
    }

    #[test]
    fn the_oldest_entries_make_room_and_are_counted() {
        let journal = Journal::new(2);
        for operation in ["a", "b", "c"] {
            journal.record(entry("x", operation));
        }
        let all = journal.list(&RequestFilter::default());
        let names: Vec<_> = all
            .requests
            .iter()
            .map(|e| e.operation.clone().unwrap())
            .collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!((all.capacity, all.dropped), (2, 1));
        journal.clear();
        assert_eq!(journal.list(&RequestFilter::default()).dropped, 0);
    }

    #[test]
    fn bodies_are_kept_by_media_type_with_credentials_redacted() {
        let json = body(
            Some("application/json; charset=utf-8"),
            br#"{"appSecret":"s","appId":"a"}"#,
            false,
        );
        assert_eq!(
            json,
            Some(serde_json::json!({"appSecret": "REDACTED", "appId": "a"}))
        );
        let form = body(
            Some("application/x-www-form-urlencoded"),
            b"api_key=1-k&name=n",
            false,
        );
        assert_eq!(
            form,
            Some(Value::String("api_key=REDACTED&name=n".to_owned()))
        );
        assert_eq!(body(None, b"", false), None);
        assert_eq!(
            body(None, &[0xff, 0xfe], false),
            Some(Value::String("<2 bytes, not UTF-8>".to_owned()))
        );
    }
}
