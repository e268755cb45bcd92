//! Findings: one JSON line each in the report file, and a summary per operation (calls, findings by
//! kind, the first example of each) for `GET /__proxy/report` and the end of the run.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::{json, Value};

use super::ProxyError;

/// What kind of disagreement between the spec and the service a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// No operation of the spec has this method and path.
    UnknownOperation,
    /// A required parameter was not sent.
    MissingParameter,
    /// A query parameter or form field the operation does not declare.
    UndocumentedParameter,
    /// A required request body was not sent.
    MissingBody,
    /// A response status the operation does not document (nor a range or `default` covering it).
    UndocumentedStatus,
    /// A `Content-Type` the request body or the response does not document.
    UnexpectedContentType,
    /// An HTML page where the operation documents none (a status-200 error page, a login wall).
    HtmlPage,
    /// A body that does not parse as its content type says.
    MalformedBody,
    /// A value that breaks its schema.
    SchemaViolation,
    /// An error envelope whose message the spec does not document for the operation.
    UndocumentedMessage,
    /// A value where the spec deliberately leaves room (new property, new enum value of an open enum).
    Addition,
}

impl Kind {
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Request,
    Response,
}

/// One finding, as written to the report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub api: String,
    /// The operation's id; `(unknown)` when nothing matched.
    pub operation: String,
    pub kind: Kind,
    pub direction: Direction,
    pub method: String,
    /// The request path, relative to the API's base path, without the query string.
    pub path: String,
    /// The response status (`null` for findings about the request alone).
    pub status: Option<u16>,
    /// JSON pointer into the body (`/query/<name>`, `/header/<name>`, ... for parameters).
    pub pointer: String,
    /// JSON pointer into the spec file of what the spec says here.
    pub spec_pointer: Option<String>,
    /// 1-based line of `spec_pointer` in the spec file.
    pub spec_line: Option<usize>,
    pub expected: String,
    pub observed: String,
    /// A sentence for humans.
    pub message: String,
    /// Sequence number of the exchange (the recording's file name starts with it).
    pub exchange: u64,
}

/// How long `expected`, `observed` and `message` may be in the report.
const MAX_TEXT: usize = 240;

impl Finding {
    /// Truncates the free texts and blanks every secret value of the exchange in them.
    pub fn sanitize(&mut self, secrets: &[String]) {
        for text in [
            &mut self.expected,
            &mut self.observed,
            &mut self.message,
            &mut self.path,
            &mut self.pointer,
        ] {
            *text = truncate(&spec_support::secrets::scrub(text, secrets));
        }
    }
}

/// `text` cut to [`MAX_TEXT`] characters, marked with `…` when cut.
pub fn truncate(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_TEXT).collect();
    cut.push('…');
    cut
}

/// Writes findings and keeps the summary.
pub struct Reporter {
    file: Mutex<File>,
    summary: Mutex<Summary>,
}

#[derive(Default)]
struct Summary {
    exchanges: u64,
    operations: BTreeMap<(String, String), Operation>,
}

#[derive(Default)]
struct Operation {
    calls: u64,
    counts: BTreeMap<Kind, u64>,
    first: BTreeMap<Kind, Finding>,
}

impl Reporter {
    /// Creates (truncates) the report file.
    pub fn create(path: &Path) -> Result<Self, ProxyError> {
        let file = File::create(path).map_err(|source| ProxyError::Io {
            what: format!("creating the report {}", path.display()),
            source,
        })?;
        Ok(Self {
            file: Mutex::new(file),
            summary: Mutex::new(Summary::default()),
        })
    }

    /// Records one exchange of `operation` and its findings.
    pub fn exchange(&self, api: &str, operation: &str, findings: &[Finding]) {
        let mut lines = String::new();
        for finding in findings {
            match serde_json::to_string(finding) {
                Ok(line) => {
                    lines.push_str(&line);
                    lines.push('\n');
                }
                Err(error) => tracing::error!(%error, "a finding does not serialize"),
            }
        }
        if !lines.is_empty() {
            let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(error) = file.write_all(lines.as_bytes()) {
                tracing::error!(%error, "cannot write the report");
            }
        }
        let mut summary = self.summary.lock().unwrap_or_else(|p| p.into_inner());
        summary.exchanges += 1;
        let entry = summary
            .operations
            .entry((api.to_owned(), operation.to_owned()))
            .or_default();
        entry.calls += 1;
        for finding in findings {
            *entry.counts.entry(finding.kind).or_default() += 1;
            // Checks finish in any order; the first example is the earliest exchange's.
            let first = entry
                .first
                .entry(finding.kind)
                .or_insert_with(|| finding.clone());
            if finding.exchange < first.exchange {
                *first = finding.clone();
            }
        }
    }

    /// The summary as JSON: `exchanges`, and per operation `calls`, `findings` (count by kind) and
    /// `first` (the first finding of each kind).
    pub fn summary(&self) -> Value {
        let summary = self.summary.lock().unwrap_or_else(|p| p.into_inner());
        let operations: Vec<Value> = summary
            .operations
            .iter()
            .map(|((api, operation), entry)| {
                let counts: serde_json::Map<String, Value> = entry
                    .counts
                    .iter()
                    .map(|(kind, count)| (kind.name(), json!(count)))
                    .collect();
                let first: serde_json::Map<String, Value> = entry
                    .first
                    .iter()
                    .map(|(kind, finding)| (kind.name(), json!(finding)))
                    .collect();
                json!({
                    "api": api,
                    "operation": operation,
                    "calls": entry.calls,
                    "findings": counts,
                    "first": first,
                })
            })
            .collect();
        json!({ "exchanges": summary.exchanges, "operations": operations })
    }

    /// The summary as a table for a terminal.
    pub fn summary_text(&self) -> String {
        let summary = self.summary.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = format!("validating proxy: {} exchange(s)\n", summary.exchanges);
        for ((api, operation), entry) in &summary.operations {
            let counts: Vec<String> = entry
                .counts
                .iter()
                .map(|(kind, count)| format!("{} ×{count}", kind.name()))
                .collect();
            let counts = if counts.is_empty() {
                "no findings".to_owned()
            } else {
                counts.join(", ")
            };
            out.push_str(&format!(
                "  {api} {operation}: {} call(s), {counts}\n",
                entry.calls
            ));
            for finding in entry.first.values() {
                let spec = match (&finding.spec_pointer, finding.spec_line) {
                    (Some(pointer), Some(line)) => format!(" (spec {pointer}, line {line})"),
                    (Some(pointer), None) => format!(" (spec {pointer})"),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "      {} {} {}: {}{spec}\n",
                    finding.kind.name(),
                    match finding.direction {
                        Direction::Request => "request",
                        Direction::Response => "response",
                    },
                    if finding.pointer.is_empty() {
                        "(body)"
                    } else {
                        &finding.pointer
                    },
                    finding.message,
                ));
            }
        }
        out
    }
}
