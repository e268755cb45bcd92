//! Every `curl` example of the published XeroChat-family docs, run as written against the mock server
//! (only the host replaced), gets a JSON answer of the shape the spec documents for that operation.
//!
//! The examples use the docs' placeholders (`api_key=api_key`, `user_id=user_id`, `{userId}`), so most
//! answers are error envelopes: the point is that every one of them is a documented answer, not a
//! framework page. One docs example lacks its closing quote (`get_flow_campaigns`); it is closed here,
//! which is the only edit besides the host.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use spec_support::json_schema::with_components;

const SEEDS: [&str; 4] = [
    "xerochat-api.txt",
    "cytechbot-api.txt",
    "interativebot-api.txt",
    "nulu-flowboard-api.txt",
];

/// Where the saved docs pages are: the directory `XEROCHAT_DOCS_DIR` names. They are third-party pages,
/// so the repository does not hold them, and the test reads nothing outside it unless told where.
fn seeds_dir() -> Option<PathBuf> {
    std::env::var_os("XEROCHAT_DOCS_DIR").map(PathBuf::from)
}

/// The `curl` commands of a docs page, continuation lines joined.
fn curl_commands(page: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        let line = line.trim();
        if let Some(command) = current.as_mut() {
            let continues = line.ends_with('\\');
            command.push(' ');
            command.push_str(line.trim_end_matches('\\').trim());
            if !continues {
                commands.push(current.take().unwrap_or_default());
            }
        } else if line.starts_with("curl ") {
            if line.ends_with('\\') {
                current = Some(line.trim_end_matches('\\').trim().to_owned());
            } else {
                commands.push(line.to_owned());
            }
        }
    }
    commands
}

/// The command with its `https://<host>/api` replaced by the mock's address and an unclosed quote closed.
fn against(command: &str, addr: SocketAddr) -> String {
    let mut command = command.to_owned();
    while let Some(start) = command.find("https://") {
        let Some(end) = command[start..]
            .find("/api")
            .map(|offset| start + offset + "/api".len())
        else {
            break;
        };
        command.replace_range(start..end, &format!("http://{addr}/xerochat/api"));
    }
    if command.matches('\'').count() % 2 == 1 {
        command.push('\'');
    }
    command
}

/// The operation a command calls: the path segment after `/api/`.
fn operation(command: &str) -> Option<String> {
    let rest = &command[command.find("/api/")? + "/api/".len()..];
    let end = rest.find(['/', '?', '\'', ' ']).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

/// The spec's 200 schema of `operation`, as self-contained JSON Schema.
fn response_schema(spec: &Value, operation: &str) -> Value {
    let paths = spec["paths"].as_object().expect("paths");
    let item = paths
        .iter()
        .find(|(path, _)| path.trim_start_matches('/').split('/').next() == Some(operation))
        .map(|(_, item)| item)
        .unwrap_or_else(|| panic!("no path for {operation}"));
    let operation = item
        .as_object()
        .and_then(|methods| methods.values().next())
        .expect("one method");
    with_components(
        &operation["responses"]["200"]["content"]["application/json"]["schema"],
        &spec["components"],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_docs_curl_example_gets_a_documented_answer() {
    let Some(dir) = seeds_dir() else {
        eprintln!("skipped: set XEROCHAT_DOCS_DIR to the directory of the saved docs pages");
        return;
    };
    // Told where the pages are, every one must be there: a missing page is a failure, not a skip.
    if let Some(absent) = SEEDS.iter().find(|seed| !dir.join(seed).is_file()) {
        panic!("the docs page {absent} is not in {}", dir.display());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = mock_server::app(&mock_server::Credentials::default(), addr).expect("app");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let spec: Value =
        serde_yaml_ng::from_str(include_str!("../../../spec/xerochat.yaml")).expect("spec");
    let mut ran = 0;
    for seed in SEEDS {
        let page =
            std::fs::read_to_string(dir.join(seed)).unwrap_or_else(|e| panic!("{seed}: {e}"));
        let commands = curl_commands(&page);
        assert_eq!(
            commands.len(),
            20,
            "{seed}: expected the docs' 20 curl examples"
        );
        for command in commands {
            let operation =
                operation(&command).unwrap_or_else(|| panic!("{seed}: no operation in {command}"));
            let shell = format!(
                "{} -sS --max-time 10 -w '\\n%{{http_code}}'",
                against(&command, addr)
            );
            let output = tokio::task::spawn_blocking(move || {
                Command::new("sh").arg("-c").arg(&shell).output()
            })
            .await
            .expect("join")
            .expect("curl runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let (body, status) = stdout
                .rsplit_once('\n')
                .unwrap_or_else(|| panic!("{seed} {operation}: no status in {stdout}"));
            assert_eq!(
                status,
                "200",
                "{seed} {operation}: status; stderr {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let body: Value = serde_json::from_str(body)
                .unwrap_or_else(|e| panic!("{seed} {operation}: not JSON ({e}): {body}"));
            let schema = response_schema(&spec, &operation);
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .build(&schema)
                .expect("schema compiles");
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{seed} {operation}: {body} does not match the documented shape: {errors:?}"
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 80);
}

#[test]
fn commands_are_read_whole() {
    let page = "x\ncurl -X POST \\\n'https://h.example/api/create_label' \\\n-d 'a=b'\ny";
    assert_eq!(
        curl_commands(page),
        vec!["curl -X POST 'https://h.example/api/create_label' -d 'a=b'"]
    );
    let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
    assert_eq!(
        against("curl 'https://h.example/api/x", addr),
        "curl 'http://127.0.0.1:9/xerochat/api/x'"
    );
}
