//! The validating proxy against an upstream that drifts from the specs on purpose: every drift is
//! found with the right kind, operation and pointers; the client gets the upstream's answers byte for
//! byte; no credential reaches the report or the recordings.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::Router;
use mock_server::proxy::{Proxy, ProxyConfig};
use serde_json::{json, Value};

const API_KEY: &str = "1-supersecretkey1700000000abcdefg";
const APP_SECRET: &str = "app-secret-that-must-not-leak";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.token-signature-must-not-leak";

/// What the upstream received, to check that the proxy forwards requests unchanged.
type Seen = Arc<Mutex<Vec<(String, String, HeaderMap)>>>;

fn user(id: Value) -> Value {
    json!({
        "id": id, "name": "test_username", "email": "test_user@test.com", "mobile": "01234567891",
        "address": "Heaven 21", "user_type": "Member", "status": "1", "add_date": "2020-09-27 08:13:01",
        "last_login_at": "0000-00-00 00:00:00", "expired_date": "2020-10-27 00:00:00", "package_id": "16",
        "last_login_ip": "127.0.0.1"
    })
}

fn json_answer(status: StatusCode, content_type: &str, body: &Value) -> Response {
    (
        status,
        [("content-type", content_type), ("x-upstream", "drifting")],
        body.to_string(),
    )
        .into_response()
}

/// XeroChat's `get_user_info`, drifting by `user_id`.
async fn get_user_info(Query(query): Query<BTreeMap<String, String>>) -> Response {
    let ok = |user: Value| json!({"status": "success", "user_info": user});
    let json_ct = "application/json";
    match query.get("user_id").map(String::as_str) {
        // The id changes type: a number where the spec says a string of digits.
        Some("1") => json_answer(StatusCode::OK, json_ct, &ok(user(json!(39)))),
        // A required field goes missing.
        Some("2") => {
            let mut user = user(json!("39"));
            user.as_object_mut().unwrap().remove("email");
            json_answer(StatusCode::OK, json_ct, &ok(user))
        }
        // A new field appears.
        Some("3") => {
            let mut user = user(json!("39"));
            user["nickname"] = json!("tess");
            json_answer(StatusCode::OK, json_ct, &ok(user))
        }
        // An error message the spec does not document.
        Some("4") => json_answer(
            StatusCode::OK,
            json_ct,
            &json!({"status": "error", "message": "Database on fire"}),
        ),
        // The service's HTML error page, with status 200.
        Some("5") => (
            StatusCode::OK,
            [("content-type", "text/html; charset=UTF-8")],
            "<!DOCTYPE html><html><body><h1>404 Page Not Found</h1></body></html>",
        )
            .into_response(),
        // The right body under the wrong content type.
        Some("6") => json_answer(StatusCode::OK, "text/plain", &ok(user(json!("39")))),
        // A status the spec does not document.
        Some("7") => json_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            json_ct,
            &json!({"status": "error", "message": "maintenance"}),
        ),
        // A documented error message.
        Some("8") => json_answer(
            StatusCode::OK,
            json_ct,
            &json!({"status": "error", "message": "No Matching User Found"}),
        ),
        // An undocumented message that echoes the caller's key.
        Some("9") => json_answer(
            StatusCode::OK,
            json_ct,
            &json!({"status": "error", "message": format!("Key {API_KEY} is not valid")}),
        ),
        _ => json_answer(StatusCode::OK, json_ct, &ok(user(json!("39")))),
    }
}

async fn login() -> Response {
    json_answer(
        StatusCode::OK,
        "application/json",
        &json!({"authToken": TOKEN, "expireAt": "2026-10-06T09:10:03.000Z"}),
    )
}

/// A transcript page with a message kind the spec does not list and a new profile field.
async fn transcripts() -> Response {
    let page = json!({
        "botUser": {"customFields": {}, "segment": "vip"},
        "transcripts": [
            {"from": "User", "type": "text", "text": {"message": "hi"}, "createdAt": "2026-10-01T10:00:00.000Z"},
            {"from": "Bot", "type": "whatsappFlow", "whatsappFlow": {"flowId": "7"}, "createdAt": "2026-10-01T10:00:01.000Z"}
        ],
        "paginationDetails": {"page": 1, "pages": 1, "total": 2, "limit": 50}
    });
    json_answer(StatusCode::OK, "application/json", &page)
}

async fn upstream(seen: Seen) -> SocketAddr {
    let record = move |request: Request| {
        let seen = Arc::clone(&seen);
        async move {
            let (parts, _) = request.into_parts();
            seen.lock().unwrap().push((
                parts.uri.path().to_owned(),
                parts.uri.query().unwrap_or_default().to_owned(),
                parts.headers,
            ));
        }
    };
    let app = Router::new()
        .route("/x/api/get_user_info", any(get_user_info))
        .route("/b/login", post(login))
        .route("/b/transcripts", post(transcripts))
        .fallback(|| async {
            (
                StatusCode::OK,
                [("content-type", "text/html")],
                "<html><body>404 Page Not Found</body></html>",
            )
        })
        .layer(axum::middleware::from_fn(
            move |request: Request, next: axum::middleware::Next| {
                let record = record.clone();
                async move {
                    let (parts, body) = request.into_parts();
                    let copy = Request::from_parts(parts.clone(), axum::body::Body::empty());
                    record(copy).await;
                    next.run(Request::from_parts(parts, body)).await
                }
            },
        ));
    serve(app).await
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir =
        std::env::temp_dir().join(format!("proxy-test-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Answer {
    status: u16,
    content_type: Option<String>,
    upstream_header: Option<String>,
    body: Vec<u8>,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    Answer {
        status: response.status().as_u16(),
        content_type: header("content-type"),
        upstream_header: header("x-upstream"),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

fn findings(report: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(report)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The line the finding names in the spec holds the key its pointer ends with.
fn assert_line_matches(finding: &Value) {
    let api = finding["api"].as_str().unwrap();
    let spec = mock_server::APIS
        .iter()
        .find(|a| a.name == api)
        .unwrap()
        .spec;
    let pointer = finding["spec_pointer"].as_str().unwrap();
    let line = finding["spec_line"].as_u64().unwrap() as usize;
    let text = spec
        .lines()
        .nth(line - 1)
        .unwrap()
        .trim_start()
        .trim_start_matches("- ");
    let last = pointer.rsplit('/').next().unwrap().replace("~1", "/");
    let key = text
        .split(':')
        .next()
        .unwrap()
        .trim_matches(|c| c == '\'' || c == '"');
    assert_eq!(
        key, last,
        "line {line} of the {api} spec for {pointer}: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finds_every_drift_and_passes_answers_through_unchanged() {
    let seen: Seen = Arc::default();
    let upstream = upstream(Arc::clone(&seen)).await;
    let dir = scratch("drift");
    let report = dir.join("drift.jsonl");
    let recordings = dir.join("recordings");
    let proxy = Proxy::new(&ProxyConfig {
        upstreams: vec![
            ("xerochat".into(), format!("http://{upstream}/x/api")),
            ("bot".into(), format!("http://{upstream}/b/")),
        ],
        report: report.clone(),
        record: Some(recordings.clone()),
    })
    .unwrap();
    let proxied = serve(proxy.router()).await;
    let client = reqwest::Client::new();

    // Every answer reaches the client as the upstream sent it.
    for user_id in 0..=9 {
        let path = format!("get_user_info?api_key={API_KEY}&user_id={user_id}");
        let through = send(
            client
                .get(format!("http://{proxied}/xerochat/api/{path}"))
                .header("x-trace", "t-1"),
        )
        .await;
        let direct = send(client.get(format!("http://{upstream}/x/api/{path}"))).await;
        assert_eq!(through.status, direct.status, "user_id {user_id}");
        assert_eq!(
            through.content_type, direct.content_type,
            "user_id {user_id}"
        );
        assert_eq!(
            through.upstream_header, direct.upstream_header,
            "user_id {user_id}"
        );
        assert_eq!(through.body, direct.body, "user_id {user_id}");
    }
    // The upstream saw the request as sent: path, query and headers.
    {
        let seen = seen.lock().unwrap();
        let (path, query, headers) = &seen[0];
        assert_eq!(path, "/x/api/get_user_info");
        assert_eq!(query, &format!("api_key={API_KEY}&user_id=0"));
        assert_eq!(headers.get("x-trace").unwrap(), "t-1");
        assert_eq!(
            headers.get("host").unwrap().to_str().unwrap(),
            upstream.to_string()
        );
    }
    let unknown = send(client.get(format!(
        "http://{proxied}/xerochat/api/no_such_operation?api_key={API_KEY}"
    )))
    .await;
    assert_eq!(unknown.status, 200);
    assert!(String::from_utf8_lossy(&unknown.body).contains("404 Page Not Found"));

    let login = send(
        client
            .post(format!("http://{proxied}/bot/login"))
            .json(&json!({"appId": "app-1", "appSecret": APP_SECRET})),
    )
    .await;
    assert!(String::from_utf8_lossy(&login.body).contains(TOKEN));
    let page = send(
        client
            .post(format!("http://{proxied}/bot/transcripts"))
            .header("authorization", TOKEN)
            .json(&json!({"botUserId": "+919820012345", "channelId": 1014})),
    )
    .await;
    assert_eq!(page.status, 200);
    // A request the spec refuses is still forwarded (the drift is reported, not enforced).
    let refused = send(
        client
            .post(format!("http://{proxied}/bot/transcripts"))
            .header("authorization", TOKEN)
            .json(&json!({"botUserId": "+919820012345", "channelId": "whatsapp"})),
    )
    .await;
    assert_eq!(refused.status, 200);

    // The summary waits for the checks in flight.
    let summary: Value = client
        .get(format!("http://{proxied}/__proxy/report"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["exchanges"], 14, "{summary:#}");
    let get_user_info = summary["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operation"] == "get_user_info")
        .unwrap();
    assert_eq!(get_user_info["calls"], 10);
    assert_eq!(get_user_info["findings"]["undocumented-message"], 2);
    assert_eq!(get_user_info["first"]["html-page"]["kind"], "html-page");

    let found = findings(&report);
    let one = |kind: &str, pointer: &str| -> Value {
        let matching: Vec<&Value> = found
            .iter()
            .filter(|f| f["kind"] == kind && f["pointer"] == pointer)
            .collect();
        assert_eq!(matching.len(), 1, "{kind} at {pointer:?} in {found:#?}");
        matching[0].clone()
    };

    let id = one("schema-violation", "/user_info/id");
    assert_eq!(id["operation"], "get_user_info");
    assert_eq!(id["direction"], "response");
    assert_eq!(id["spec_pointer"], "/components/schemas/UserId/type");
    assert_eq!(id["observed"], "39");
    assert_line_matches(&id);

    let email = one("schema-violation", "/user_info/email");
    assert_eq!(
        email["spec_pointer"],
        "/components/schemas/UserInfo/required"
    );
    assert_eq!(email["observed"], "absent");
    assert_line_matches(&email);

    let nickname = one("addition", "/user_info/nickname");
    assert_eq!(nickname["spec_pointer"], "/components/schemas/UserInfo");
    assert_line_matches(&nickname);

    // Checks finish in any order: the report's lines are sorted by exchange here.
    let mut fire: Vec<&Value> = found
        .iter()
        .filter(|f| f["kind"] == "undocumented-message")
        .collect();
    fire.sort_by_key(|f| f["exchange"].as_u64());
    assert_eq!(fire.len(), 2);
    assert_eq!(fire[0]["pointer"], "/message");
    assert_eq!(fire[0]["observed"], "Database on fire");
    assert_eq!(
        fire[0]["spec_pointer"],
        "/paths/~1get_user_info/get/responses/200/content/application~1json/examples"
    );
    assert!(fire[0]["expected"]
        .as_str()
        .unwrap()
        .contains("No Matching User Found"));
    assert_line_matches(fire[0]);
    assert_eq!(fire[1]["observed"], "Key [redacted] is not valid");

    let html = one("html-page", "");
    assert_eq!(html["operation"], "get_user_info");
    assert_eq!(html["status"], 200);
    assert_line_matches(&html);

    let content_type = one("unexpected-content-type", "");
    assert_eq!(content_type["observed"], "text/plain");
    assert_eq!(content_type["expected"], "application/json");
    assert_eq!(
        content_type["spec_pointer"],
        "/paths/~1get_user_info/get/responses/200/content"
    );

    let status = one("undocumented-status", "");
    assert_eq!(status["observed"], "503");
    assert_eq!(status["operation"], "get_user_info");
    assert_line_matches(&status);

    let unknown = one("unknown-operation", "");
    assert_eq!(unknown["operation"], "(unknown)");
    assert_eq!(unknown["direction"], "request");
    assert_eq!(unknown["observed"], "GET /no_such_operation");

    // Exchanges 13 and 14 got the same page: the first one's findings.
    let in_13 = |kind: &str, pointer: &str| -> Value {
        let matching: Vec<&Value> = found
            .iter()
            .filter(|f| f["kind"] == kind && f["pointer"] == pointer && f["exchange"] == 13)
            .collect();
        assert_eq!(matching.len(), 1, "{kind} at {pointer:?} in {found:#?}");
        matching[0].clone()
    };
    let kind = in_13("addition", "/transcripts/1/type");
    assert_eq!(kind["operation"], "listTranscripts");
    assert_eq!(
        kind["spec_pointer"],
        "/components/schemas/MessageKind/anyOf/0/enum"
    );
    assert_line_matches(&kind);
    let content = in_13("addition", "/transcripts/1/whatsappFlow");
    assert_eq!(
        content["spec_pointer"],
        "/components/schemas/TranscriptMessage"
    );
    in_13("addition", "/botUser/segment");

    let request = one("schema-violation", "/channelId");
    assert_eq!(request["direction"], "request");
    assert_eq!(request["operation"], "listTranscripts");
    assert!(request["spec_pointer"]
        .as_str()
        .unwrap()
        .starts_with("/components/schemas/ChannelId/"));

    // The documented message, the clean answers and the login found nothing.
    assert!(!found
        .iter()
        .any(|f| f["observed"] == "No Matching User Found"));
    assert!(!found.iter().any(|f| f["operation"] == "login"));
    let by_exchange = |n: u64| found.iter().filter(|f| f["exchange"] == n).count();
    assert_eq!(by_exchange(1), 0, "user_id 0 is clean");

    // Nothing secret is written anywhere.
    let mut written = std::fs::read_to_string(&report).unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(&recordings).unwrap() {
        written.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        files += 1;
    }
    assert_eq!(files, 14);
    for secret in [API_KEY, APP_SECRET, TOKEN, "token-signature-must-not-leak"] {
        assert!(!written.contains(secret), "{secret} was written");
    }
    assert!(written.contains("[redacted]"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_with_a_message() {
    // A port nothing listens on: bind one, then drop the listener.
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let dir = scratch("unreachable");
    let proxy = Proxy::new(&ProxyConfig {
        upstreams: vec![("xerochat".into(), format!("http://{closed}/api"))],
        report: dir.join("drift.jsonl"),
        record: None,
    })
    .unwrap();
    let proxied = serve(proxy.router()).await;
    let answer = send(reqwest::Client::new().get(format!(
        "http://{proxied}/xerochat/api/get_user_info?api_key={API_KEY}"
    )))
    .await;
    assert_eq!(answer.status, 502);
    let body: Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{body}"
    );
    assert!(!String::from_utf8_lossy(&answer.body).contains(API_KEY));
    // An API without an upstream is a 502 too; a path outside every API a 404.
    let bot = send(reqwest::Client::new().post(format!("http://{proxied}/bot/login"))).await;
    assert_eq!(bot.status, 502);
    let nowhere = send(reqwest::Client::new().get(format!("http://{proxied}/elsewhere"))).await;
    assert_eq!(nowhere.status, 404);
    let _ = std::fs::remove_dir_all(dir);
}
