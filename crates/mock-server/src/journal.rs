//! The request journal: what reached each API, newest last, in a bounded ring.
//!
//! Only requests to an API are recorded (not the admin API, the docs or the specs). A request is kept
//! as it arrived ([`Arrival`]: cheap to take on every request) and turned into a [`JournalEntry`],
//! credentials redacted ([`crate::redact`]), only when the journal is read: nothing unredacted ever
//! leaves the journal, and the requests' path does no work that only a reader needs. The journal keeps the last
//! [`DEFAULT_CAPACITY`] requests (configurable), dropping the oldest first, and keeps at most
//! [`BODY_LIMIT`] bytes of a body, so a long test run cannot grow the mock without bound.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::http::{header, Method};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::redact;

mod head;

pub(crate) use head::Head;

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

/// Which entries to list: those of one API (its mount or name) and/or one operation (its
/// `operationId`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFilter {
    pub api: Option<String>,
    pub operation: Option<String>,
}

impl RequestFilter {
    fn admits(&self, arrival: &Arrival) -> bool {
        self.api.as_deref().is_none_or(|api| api == arrival.api)
            && self
                .operation
                .as_deref()
                .is_none_or(|operation| Some(operation) == arrival.operation)
    }
}

/// One request as it arrived, with what became of it: what the journal stores. Its `Debug` shows
/// no header, query or body (they may hold credentials until [`Arrival::entry`] redacts them).
pub(crate) struct Arrival {
    pub api: &'static str,
    pub operation: Option<&'static str>,
    pub method: Method,
    /// The path, query and headers.
    pub head: Head,
    /// At most [`BODY_LIMIT`] bytes of the body.
    pub body: Bytes,
    pub body_truncated: bool,
    pub status: Option<u16>,
    pub fault: Option<&'static str>,
    pub time: SystemTime,
    pub duration: Duration,
}

impl std::fmt::Debug for Arrival {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrival")
            .field("api", &self.api)
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.head.path())
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl Arrival {
    /// The entry a reader sees: credentials redacted, times formatted.
    pub fn entry(&self) -> JournalEntry {
        let content_type = self
            .head
            .header(header::CONTENT_TYPE.as_str())
            .and_then(|value| std::str::from_utf8(value).ok());
        JournalEntry {
            api: self.api.to_owned(),
            operation: self.operation.map(str::to_owned),
            method: self.method.to_string(),
            path: self.head.path().to_owned(),
            query: self.head.query().map(redact::form),
            headers: headers(&self.head),
            body: body(content_type, &self.body, self.body_truncated),
            body_truncated: self.body_truncated,
            status: self.status,
            fault: self.fault.map(str::to_owned),
            time: chrono::DateTime::<chrono::Utc>::from(self.time)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            duration_ms: self.duration.as_secs_f64() * 1000.0,
        }
    }
}

/// The request headers as an entry shows them: credentials redacted, repeated headers joined.
fn headers(head: &Head) -> Map<String, Value> {
    let mut kept = Map::new();
    for (name, value) in head.headers() {
        if redact::is_secret_header(name) {
            kept.insert(name.to_owned(), Value::from(redact::REDACTED));
            continue;
        }
        let value = String::from_utf8_lossy(value);
        match kept.get_mut(name) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(&value);
            }
            _ => {
                kept.insert(name.to_owned(), Value::String(value.into_owned()));
            }
        }
    }
    kept
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
    entries: VecDeque<Arrival>,
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

    pub(crate) fn record(&self, entry: Arrival) {
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
                .filter(|arrival| filter.admits(arrival))
                .map(Arrival::entry)
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
    use axum::http::{HeaderMap, Uri};

    use super::*;

    fn entry(api: &'static str, operation: &'static str) -> Arrival {
        Arrival {
            api,
            operation: Some(operation),
            method: Method::GET,
            head: Head::new(&Uri::from_static("/"), &HeaderMap::new()),
            body: Bytes::new(),
            body_truncated: false,
            status: Some(200),
            fault: None,
            time: SystemTime::UNIX_EPOCH,
            duration: Duration::ZERO,
        }
    }

    #[test]
    fn an_entry_is_redacted_when_read_and_its_debug_shows_no_credential() {
        let journal = Journal::new(4);
        let mut arrival = entry("xerochat", "get_user_info");
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "token-secret".parse().unwrap());
        headers.append(header::AUTHORIZATION, "token-secret2".parse().unwrap());
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        headers.insert("x-trace", "a".parse().unwrap());
        headers.append("x-trace", "b".parse().unwrap());
        arrival.head = Head::new(
            &Uri::from_static("/xerochat/api/get_user_info?api_key=1-secret&user_id=39"),
            &headers,
        );
        arrival.body = Bytes::from_static(b"api_key=1-secret&name=n");
        assert!(!format!("{arrival:?}").contains("secret"));
        journal.record(arrival);
        let listed = journal.list(&RequestFilter::default());
        let text = serde_json::to_string(&listed).unwrap();
        assert!(!text.contains("secret"), "{text}");
        let entry = &listed.requests[0];
        assert_eq!(entry.query.as_deref(), Some("api_key=REDACTED&user_id=39"));
        assert_eq!(entry.path, "/xerochat/api/get_user_info");
        assert_eq!(entry.headers["authorization"], "REDACTED");
        assert_eq!(entry.headers["x-trace"], "a, b");
        assert_eq!(
            entry.headers["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(entry.time, "1970-01-01T00:00:00.000Z");
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
