//! The `mock-server` binary as a user runs it: the start-up banner, the served specs and docs,
//! credentials from the environment, a clear error for a taken address, the request log on stderr
//! (plain text or JSON, no colour on a pipe, no credentials), and a graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running `mock-server`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(envs: &[(&str, &str)]) -> Server {
    launch(
        mock_server_command()
            .envs(envs.iter().copied())
            .stderr(Stdio::null()),
    )
}

/// The binary's command, its output not yet set up.
fn mock_server_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mock-server"))
}

/// Starts `command` on a free port and waits for the banner that names the address; the command
/// says where stderr goes.
fn launch(command: &mut Command) -> Server {
    let mut child = command
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("mock-server starts");
    let mut banner = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut banner)
        .expect("banner");
    let url = banner
        .trim()
        .strip_prefix("mock-server listening on ")
        .expect("banner names the address")
        .to_owned();
    Server { child, url }
}

async fn get_json(url: &str) -> Value {
    let response = reqwest::get(url).await.expect("answered");
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn serves_both_apis_their_specs_and_docs() {
    let server = start(&[]);
    let user = get_json(&format!(
        "{}/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39",
        server.url
    ))
    .await;
    assert_eq!(user["user_info"]["id"], "39");
    for (api, mount) in [("xerochat", "/xerochat/api"), ("bot", "/bot")] {
        let spec = get_json(&format!("{}/{api}/openapi.json", server.url)).await;
        assert_eq!(
            spec["servers"][0]["url"],
            format!("{}{mount}", server.url),
            "the served spec points at this server"
        );
        let yaml = reqwest::get(format!("{}/{api}/openapi.yaml", server.url))
            .await
            .expect("yaml")
            .text()
            .await
            .expect("text");
        assert!(yaml.contains("openapi: 3.0.3"), "{api} YAML");
    }
    let index = reqwest::get(format!("{}/docs", server.url))
        .await
        .expect("docs")
        .text()
        .await
        .expect("text");
    assert!(
        index.contains("href=\"/docs/xerochat/\"") && index.contains("href=\"/docs/bot/\""),
        "{index}"
    );
    let page = reqwest::get(format!("{}/docs/bot/", server.url))
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let unknown = reqwest::get(format!("{}/nowhere", server.url))
        .await
        .expect("answered");
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn credentials_come_from_the_environment() {
    let server = start(&[
        ("XEROCHAT_ADMIN_KEY", "1-changedkey"),
        ("BOT_APP_SECRET", "changed-secret"),
    ]);
    let old = get_json(&format!(
        "{}/xerochat/api/get_all_packages?api_key=1-demoadminkey",
        server.url
    ))
    .await;
    assert_eq!(
        old["message"],
        "Either API Key Invalid or Member Validity Expired"
    );
    let new = get_json(&format!(
        "{}/xerochat/api/get_all_packages?api_key=1-changedkey",
        server.url
    ))
    .await;
    assert_eq!(new["status"], "success");
    let login = reqwest::Client::new()
        .post(format!("{}/bot/login", server.url))
        .json(&serde_json::json!({"appId": "demo-app", "appSecret": "changed-secret"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);
}

#[test]
fn a_taken_address_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("address").to_string();
    let output = mock_server_command()
        .args(["--addr", &addr])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
}

#[test]
fn stops_gracefully_on_sigterm() {
    let mut server = start(&[]);
    let status = Command::new("kill")
        .arg(server.child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = server.child.wait().expect("exits");
    assert!(exit.success(), "graceful shutdown exits 0, got {exit}");
}

#[test]
fn help_lists_every_flag_with_its_environment_variable() {
    for command in [&[][..], &["proxy"][..]] {
        let output = mock_server_command()
            .args(command)
            .arg("--help")
            .output()
            .expect("runs");
        assert!(output.status.success());
        let help = String::from_utf8_lossy(&output.stdout);
        let flags = flag_blocks(&help);
        assert!(flags.len() > 3, "{command:?}: flags found in {help}");
        for (flag, block) in flags {
            if flag == "--help" || flag == "--version" {
                continue;
            }
            assert!(
                block.contains("[env: "),
                "{command:?} {flag} names no variable: {block}"
            );
        }
    }
}

/// Each `--flag` of a `--help` text with the text that describes it (up to the next flag).
fn flag_blocks(help: &str) -> Vec<(String, String)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        let flag = trimmed
            .strip_prefix("-h, ")
            .or_else(|| trimmed.strip_prefix("-V, "))
            .unwrap_or(trimmed)
            .split([' ', ','])
            .next()
            .filter(|word| word.starts_with("--") && line.starts_with("  "));
        match (flag, blocks.last_mut()) {
            (Some(flag), _) if line.len() - trimmed.len() <= 6 => {
                blocks.push((flag.to_owned(), format!("{line}\n")))
            }
            (_, Some((_, block))) => {
                block.push_str(line);
                block.push('\n');
            }
            (_, None) => {}
        }
    }
    blocks
}

#[tokio::test]
async fn a_fixture_file_and_the_token_lifetime_are_taken_at_start() {
    let dir = std::env::temp_dir().join(format!("mock-server-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let seed = mock_server::MockServer::start().await.expect("starts");
    let mut store = seed.fixture("xerochat").expect("state");
    store["users"]["39"]["name"] = "from a file".into();
    let file = dir.join("xerochat.json");
    std::fs::write(&file, store.to_string()).expect("written");

    let fixture = format!("xerochat={}", file.display());
    let server = launch(
        mock_server_command()
            .args(["--fixture", &fixture, "--token-lifetime", "0s"])
            .stderr(Stdio::null()),
    );
    let user = get_json(&format!(
        "{}/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39",
        server.url
    ))
    .await;
    assert_eq!(user["user_info"]["name"], "from a file");
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{}/bot/login", server.url))
        .json(&serde_json::json!({"appId": "demo-app", "appSecret": "demo-secret"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("JSON");
    let users = client
        .post(format!("{}/bot/users", server.url))
        .header("authorization", login["authToken"].as_str().expect("token"))
        .json(&serde_json::json!({"channelIds": [1014]}))
        .send()
        .await
        .expect("answered");
    assert_eq!(users.status(), 401, "a zero lifetime: expired at once");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_fixture_file_stops_the_start_naming_the_path() {
    let dir = std::env::temp_dir().join(format!("mock-server-bad-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bot.json");
    std::fs::write(&file, r#"{"users": [{"channelId": "whatsapp"}]}"#).expect("written");
    let output = mock_server_command()
        .args([
            "--addr",
            "127.0.0.1:0",
            "--fixture",
            &format!("bot={}", file.display()),
        ])
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("users[0].channelId"), "{stderr}");
}

/// The binary started with `args`, and its stderr lines as they are written.
fn start_with_logs(args: &[&str]) -> (Server, std::sync::mpsc::Receiver<String>) {
    let mut server = launch(
        mock_server_command()
            .args(args)
            .env_remove("RUST_LOG")
            .stderr(Stdio::piped()),
    );
    let stderr = server.child.stderr.take().expect("stderr");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (server, lines)
}

#[tokio::test]
async fn each_request_is_logged_on_stderr_without_colour_or_credentials_in_both_formats() {
    for format in ["text", "json"] {
        let (server, lines) = start_with_logs(&["--log-format", format]);
        let user = format!(
            "{}/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39",
            server.url
        );
        get_json(&user).await;
        get_json(&format!("{}/health", server.url)).await;
        // Lines are written in batches while the server runs: both arrive without a shutdown.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut requests = Vec::new();
        while requests.len() < 2 {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("{format}: request lines so far: {requests:?}"));
            assert!(
                !line.contains('\x1b'),
                "{format}: colour on a pipe: {line:?}"
            );
            assert!(
                !line.contains("demoadminkey"),
                "{format}: a key in the log: {line}"
            );
            if line.contains("request") {
                requests.push(line);
            }
        }
        for (line, path) in requests
            .iter()
            .zip(["/xerochat/api/get_user_info", "/health"])
        {
            if format == "json" {
                let event: Value = serde_json::from_str(line).expect("a JSON line");
                assert_eq!(event["level"], "INFO", "{line}");
                assert_eq!(event["fields"]["path"], path, "{line}");
                assert_eq!(event["fields"]["status"], 200, "{line}");
            } else {
                assert!(line.contains(" INFO "), "{line}");
                assert!(
                    line.contains(&format!(
                        "request method=GET path=\"{path}\" status=200 micros="
                    )),
                    "{line}"
                );
            }
        }
    }
}
