//! Every `curl` code sample of every spec (`x-codeSamples` entries labelled `curl`), run by the real
//! `curl` against the mock server in this process, with only the base URL replaced: the spec's `servers`
//! entry for the local mock becomes this test server's address.
//!
//! The samples use the mock fixture's values (keys, ids, app credentials), so each must get the
//! operation's success answer: a documented 2XX status whose JSON body fits the response schema and, for
//! XeroChat (which answers errors with HTTP 200), is not the `ErrorEnvelope` member of its `oneOf`.
//! Every sample runs against a freshly seeded server, so a sample that deletes a record does not change
//! what the next one finds. A sample that reads `$AUTH_TOKEN` gets a live token from the API's `/login`.
//!
//! `curl` must be installed: without it the test fails, it is not skipped.

use std::net::SocketAddr;
use std::process::Command;

use serde_json::{json, Value};
use spec_support::json_schema::with_components;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One `curl` sample of one operation.
struct Sample {
    api: &'static mock_server::MockApi,
    operation_id: String,
    method: String,
    path: String,
    operation: Value,
    source: String,
}

/// The `curl` samples of `spec`. An API that gives any operation code samples must give every one a
/// `curl` sample.
fn curl_samples(api: &'static mock_server::MockApi, spec: &Value) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut without = Vec::new();
    let paths = spec["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let operation_id = operation["operationId"].as_str().unwrap_or(path).to_owned();
            let curls: Vec<&str> = operation["x-codeSamples"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|sample| sample["label"] == "curl")
                .map(|sample| sample["source"].as_str().expect("a curl sample's source"))
                .collect();
            if curls.is_empty() {
                without.push(operation_id.clone());
            }
            for source in curls {
                samples.push(Sample {
                    api,
                    operation_id: operation_id.clone(),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    operation: operation.clone(),
                    source: source.to_owned(),
                });
            }
        }
    }
    assert!(
        samples.is_empty() || without.is_empty(),
        "{}: operations without a curl sample: {without:?}",
        api.name
    );
    samples
}

/// The spec's `servers` URL of the local mock: the one ending in the path the mock serves the API at.
fn local_server(spec: &Value, api: &mock_server::MockApi) -> String {
    spec["servers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|server| server["url"].as_str())
        .find(|url| url.starts_with("http://127.0.0.1:") && url.ends_with(api.path))
        .unwrap_or_else(|| panic!("{}: no servers entry for the local mock", api.name))
        .to_owned()
}

/// `source` with the local server's URL replaced by `addr`'s; it must use no other URL.
fn against(source: &str, local: &str, api_path: &str, addr: SocketAddr) -> String {
    let here = format!("http://{addr}{api_path}");
    let replaced = source.replace(local, &here);
    let urls = replaced.matches("http://").count() + replaced.matches("https://").count();
    assert_eq!(
        urls,
        replaced.matches(&format!("{here}/")).count(),
        "a sample calls a URL other than the spec's local server {local}: {source}"
    );
    replaced
}

/// The method a `curl` command sends: `-X`, else POST with data, else GET.
fn curl_method(command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    if let Some(at) = words.iter().position(|word| *word == "-X") {
        return words
            .get(at + 1)
            .unwrap_or(&"")
            .trim_matches('\'')
            .to_owned();
    }
    let sends_data = words.iter().any(|word| word.starts_with("-d"));
    if sends_data { "POST" } else { "GET" }.to_owned()
}

/// The path a command calls below `base` (`/update_user/39` of `.../api/update_user/39?...`).
fn called_path(command: &str, base: &str) -> String {
    let start = command.find(base).expect("the base URL") + base.len();
    let rest = &command[start..];
    let end = rest
        .find(|c: char| c == '?' || c == '\'' || c == '"' || c.is_whitespace())
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Whether `path` is an instance of the spec's path `template` (`/update_user/{userId}`).
fn matches_template(template: &str, path: &str) -> bool {
    let templates: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    templates.len() == segments.len()
        && templates.iter().zip(&segments).all(|(template, segment)| {
            if template.starts_with('{') && template.ends_with('}') {
                !segment.is_empty()
            } else {
                template == segment
            }
        })
}

/// The documented response for `status`: the exact code, else its `NXX` range, else `default`.
fn documented(operation: &Value, status: u16) -> Option<&Value> {
    let responses = &operation["responses"];
    responses
        .get(status.to_string())
        .or_else(|| responses.get(format!("{}XX", status / 100)))
        .or_else(|| responses.get("default"))
}

/// `schema` with the members of a top-level `oneOf` that are the error envelope left out: what a
/// success body must match. Other schemas are returned as they are.
fn success_schema(schema: &Value, spec: &Value) -> Value {
    let resolved = resolve(schema, spec);
    let Some(members) = resolved["oneOf"].as_array() else {
        return schema.clone();
    };
    let successes: Vec<Value> = members
        .iter()
        .filter(|member| member["$ref"] != "#/components/schemas/ErrorEnvelope")
        .cloned()
        .collect();
    assert!(!successes.is_empty(), "a oneOf of error envelopes only");
    json!({ "oneOf": successes })
}

fn resolve<'a>(schema: &'a Value, spec: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => resolve(spec.pointer(pointer).expect("a local $ref"), spec),
        None => schema,
    }
}

/// The errors of `body` against `schema` (an OpenAPI schema of `spec`).
fn violations(schema: &Value, spec: &Value, body: &Value) -> Vec<String> {
    let schema = with_components(schema, &spec["components"]);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("schema compiles");
    validator.iter_errors(body).map(|e| e.to_string()).collect()
}

/// A server with the fixture's data and default credentials, on a free local port.
async fn fresh_mock() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = mock_server::app(&mock_server::Credentials::default(), addr).expect("app");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A live token of the API at `base`, from its `/login` with the default app credentials.
async fn login(base: &str) -> String {
    let credentials = mock_server::Credentials::default();
    let answer: Value = reqwest::Client::new()
        .post(format!("{base}/login"))
        .json(&json!({"appId": credentials.bot_app_id, "appSecret": credentials.bot_app_secret}))
        .send()
        .await
        .expect("login sent")
        .json()
        .await
        .expect("login JSON");
    answer["authToken"]
        .as_str()
        .unwrap_or_else(|| panic!("no authToken from {base}/login: {answer}"))
        .to_owned()
}

/// Runs `source` in `sh`, `curl` reporting the status and content type after the body.
fn run(source: String, token: Option<String>) -> (String, String, String) {
    let script = format!(
        "curl() {{ command curl -sS --max-time 10 -w '\\n%{{http_code}} %{{content_type}}' \"$@\"; }}\n{source}"
    );
    let mut command = Command::new("sh");
    command.arg("-c").arg(&script);
    if let Some(token) = token {
        command.env("AUTH_TOKEN", token);
    }
    let output = command.output().expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "the sample failed ({}): {stderr}\n{source}",
        output.status
    );
    let (body, trailer) = stdout
        .rsplit_once('\n')
        .unwrap_or_else(|| panic!("no status after the body: {stdout}"));
    let (status, content_type) = trailer.split_once(' ').unwrap_or((trailer, ""));
    (body.to_owned(), status.to_owned(), content_type.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_curl_sample_gets_the_operations_success_answer() {
    let version = Command::new("curl").arg("--version").output();
    assert!(
        version.is_ok_and(|output| output.status.success()),
        "curl is not installed: this test runs the specs' curl samples with it"
    );

    let mut ran = Vec::new();
    for api in mock_server::APIS {
        let spec = api.spec_value().expect("spec");
        let local = local_server(&spec, api);
        for sample in curl_samples(api, &spec) {
            let label = format!("{} {}", api.name, sample.operation_id);
            let addr = fresh_mock().await;
            let source = against(&sample.source, &local, api.path, addr);
            let base = format!("http://{addr}{}", sample.api.path);
            assert_eq!(curl_method(&source), sample.method, "{label}: method");
            let called = called_path(&source, &base);
            assert!(
                matches_template(&sample.path, &called),
                "{label}: the sample calls {called}, not {}",
                sample.path
            );
            let token = match source.contains("$AUTH_TOKEN") {
                true => Some(login(&base).await),
                false => None,
            };
            let (body, status, content_type) =
                tokio::task::spawn_blocking(move || run(source, token))
                    .await
                    .expect("join");

            let status: u16 = status
                .parse()
                .unwrap_or_else(|_| panic!("{label}: status `{status}`"));
            let response = documented(&sample.operation, status)
                .unwrap_or_else(|| panic!("{label}: undocumented status {status}: {body}"));
            let response = resolve(response, &spec);
            assert!(
                (200..300).contains(&status),
                "{label}: answered {status}, not a success: {body}"
            );
            assert!(
                content_type.starts_with("application/json"),
                "{label}: answered `{content_type}`"
            );
            let schema = &response["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{label}: no JSON schema for {status}");
            let body: Value = serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{label}: not JSON ({e}): {body}"));
            let errors = violations(schema, &spec, &body);
            assert!(
                errors.is_empty(),
                "{label}: {body} is not documented: {errors:?}"
            );
            let errors = violations(&success_schema(schema, &spec), &spec, &body);
            assert!(
                errors.is_empty(),
                "{label}: {body} is not a success: {errors:?}"
            );
            ran.push(label);
        }
    }
    for name in ["xerochat", "bot-open-api"] {
        assert!(
            ran.iter()
                .any(|label| label.starts_with(&format!("{name} "))),
            "no curl sample of {name} ran: {ran:?}"
        );
    }
}

#[test]
fn commands_are_read_as_curl_reads_them() {
    let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
    let source = "curl -X POST \\\n  'http://127.0.0.1:8080/x/api/update_user/39' \\\n  -d 'a=b'";
    let replaced = against(source, "http://127.0.0.1:8080/x/api", "/x/api", addr);
    assert_eq!(
        replaced,
        "curl -X POST \\\n  'http://127.0.0.1:9/x/api/update_user/39' \\\n  -d 'a=b'"
    );
    assert_eq!(curl_method(&replaced), "POST");
    assert_eq!(curl_method("curl 'http://h/x' -d 'a=b'"), "POST");
    assert_eq!(curl_method("curl 'http://h/x?a=b'"), "GET");
    let called = called_path(&replaced, "http://127.0.0.1:9/x/api");
    assert_eq!(called, "/update_user/39");
    assert!(matches_template("/update_user/{userId}", &called));
    assert!(!matches_template("/update_user/{userId}", "/update_user"));
    assert!(!matches_template("/get_contact", "/get_contacts"));
}

#[test]
#[should_panic(expected = "other than the spec's local server")]
fn a_sample_calling_another_host_is_refused() {
    let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
    against(
        "curl 'https://cytechbot.com/api/get_contact?api_key=k'",
        "http://127.0.0.1:8080/x/api",
        "/x/api",
        addr,
    );
}

#[test]
fn the_error_envelope_is_not_a_success() {
    let spec = json!({"components": {"schemas": {
        "ErrorEnvelope": {"type": "object", "required": ["status"], "properties": {"status": {"enum": ["error"]}}},
        "Thing": {"type": "object", "required": ["id"]},
        "ThingResult": {"oneOf": [{"$ref": "#/components/schemas/ErrorEnvelope"}, {"$ref": "#/components/schemas/Thing"}]}
    }}});
    let schema = json!({"$ref": "#/components/schemas/ThingResult"});
    let error = json!({"status": "error"});
    assert!(violations(&schema, &spec, &error).is_empty());
    assert!(!violations(&success_schema(&schema, &spec), &spec, &error).is_empty());
    assert!(violations(&success_schema(&schema, &spec), &spec, &json!({"id": 1})).is_empty());
}
