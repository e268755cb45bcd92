//! The `mock-server` binary as a user runs it: the start-up banner, the served specs and docs,
//! credentials from the environment, a clear error for a taken address, and a graceful stop.

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-server"))
        .args(["--addr", "127.0.0.1:0"])
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    let output = Command::new(env!("CARGO_BIN_EXE_mock-server"))
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
