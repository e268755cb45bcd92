//! The admin API over HTTP, as a test in another language would drive it; and its description,
//! served and documented next to the APIs'.

use mock_server::MockServer;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn health_reset_and_the_journal_over_http() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    assert_eq!(
        client
            .get(format!("{root}/health"))
            .send()
            .await
            .expect("health")
            .status(),
        200
    );

    let info = format!(
        "{}/get_user_info?api_key=1-demoadminkey&user_id=39",
        mock.xerochat_url()
    );
    client.get(&info).send().await.expect("answered");
    client
        .get(format!(
            "{}/get_all_packages?api_key=1-demoadminkey",
            mock.xerochat_url()
        ))
        .send()
        .await
        .expect("answered");
    client
        .post(format!("{}/login", mock.bot_url()))
        .json(&json!({"appId": "demo-app", "appSecret": "demo-secret"}))
        .send()
        .await
        .expect("answered");

    let journal = json_of(
        client
            .get(format!("{root}/__admin/requests"))
            .send()
            .await
            .expect("journal"),
    )
    .await;
    assert_eq!(
        journal["requests"].as_array().map(Vec::len),
        Some(3),
        "admin calls are not journaled: {journal}"
    );
    assert_eq!(journal["capacity"], 1000);
    let filtered = json_of(
        client
            .get(format!(
                "{root}/__admin/requests?api=xerochat&operation=get_all_packages"
            ))
            .send()
            .await
            .expect("journal"),
    )
    .await;
    let entries = filtered["requests"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{filtered}");
    assert_eq!(entries[0]["operation"], "get_all_packages");
    assert_eq!(entries[0]["query"], "api_key=REDACTED");
    let bot = json_of(
        client
            .get(format!("{root}/__admin/requests?api=bot"))
            .send()
            .await
            .expect("journal"),
    )
    .await;
    assert_eq!(bot["requests"][0]["body"]["appSecret"], "REDACTED");

    let cleared = client
        .delete(format!("{root}/__admin/requests"))
        .send()
        .await
        .expect("cleared");
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    let journal = json_of(
        client
            .get(format!("{root}/__admin/requests"))
            .send()
            .await
            .expect("journal"),
    )
    .await;
    assert_eq!(journal["requests"], json!([]));

    let mut store = json_of(
        client
            .get(format!("{root}/__admin/fixtures/xerochat"))
            .send()
            .await
            .expect("fixture"),
    )
    .await;
    store["packages"] = json!({});
    let put = client
        .put(format!("{root}/__admin/fixtures/xerochat"))
        .json(&store)
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let packages = json_of(
        client
            .get(format!(
                "{}/get_all_packages?api_key=1-demoadminkey",
                mock.xerochat_url()
            ))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(
        packages["packages"],
        json!([]),
        "no packages left: {packages}"
    );
    let reset = client
        .post(format!("{root}/__admin/reset"))
        .send()
        .await
        .expect("reset");
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let packages = json_of(
        client
            .get(format!(
                "{}/get_all_packages?api_key=1-demoadminkey",
                mock.xerochat_url()
            ))
            .send()
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(
        packages["packages"].as_array().map(Vec::len),
        Some(2),
        "seeded again (the two packages not deleted): {packages}"
    );
}

#[tokio::test]
async fn a_journal_filter_naming_nothing_is_refused_and_an_api_name_selects_as_its_mount() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    client
        .post(format!("{}/login", mock.bot_url()))
        .json(&json!({"appId": "demo-app", "appSecret": "demo-secret"}))
        .send()
        .await
        .expect("answered");
    let journal = |query: &'static str| {
        let request = client.get(format!("{root}/__admin/requests?{query}"));
        async move {
            let response = request.send().await.expect("journal");
            (response.status(), json_of(response).await)
        }
    };

    let (status, by_name) = journal("api=bot-open-api&operation=login").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_name["requests"][0]["api"], "bot", "{by_name}");

    // Each refusal names what was wrong (and, for an operation, what the API has instead).
    for (query, status, named) in [
        ("api=nowhere", StatusCode::NOT_FOUND, "`nowhere`"),
        ("api=nowhere", StatusCode::NOT_FOUND, "xerochat, bot"),
        (
            "api=bot&operation=get_user_info",
            StatusCode::BAD_REQUEST,
            "login, getBotUsage",
        ),
        ("operation=loginn", StatusCode::BAD_REQUEST, "`loginn`"),
        ("operaton=login", StatusCode::BAD_REQUEST, "`operaton`"),
    ] {
        let (answered, body) = journal(query).await;
        assert_eq!(answered, status, "{query}: {body}");
        assert!(
            body["error"]
                .as_str()
                .is_some_and(|error| error.contains(named)),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn a_method_a_path_outside_the_apis_does_not_take_is_a_json_405_with_allow() {
    let mock = MockServer::start().await.expect("starts");
    let client = Client::new();
    for (method, path, allow) in [
        (reqwest::Method::PATCH, "/__admin/reset", "POST"),
        (
            reqwest::Method::POST,
            "/__admin/requests",
            "GET,HEAD,DELETE",
        ),
        (reqwest::Method::DELETE, "/health", "GET,HEAD"),
        (reqwest::Method::PUT, "/bot/openapi.json", "GET,HEAD"),
    ] {
        let response = client
            .request(method.clone(), format!("{}{path}", mock.uri()))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_eq!(response.headers()["allow"], allow, "{path}");
        let body = json_of(response).await;
        assert_eq!(
            body["message"],
            format!("{method} is not allowed at {path}; see the Allow header")
        );
    }
}

#[tokio::test]
async fn fixtures_round_trip_and_a_bad_one_is_a_400_naming_the_path() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    for api in ["xerochat", "bot"] {
        let url = format!("{root}/__admin/fixtures/{api}");
        let state = json_of(client.get(&url).send().await.expect("fixture")).await;
        let put = client.put(&url).json(&state).send().await.expect("put");
        assert_eq!(put.status(), StatusCode::NO_CONTENT, "{api}");
        assert_eq!(
            json_of(client.get(&url).send().await.expect("fixture")).await,
            state,
            "{api}"
        );
        let schema = json_of(
            client
                .get(format!("{url}/schema"))
                .send()
                .await
                .expect("schema"),
        )
        .await;
        assert_eq!(schema["type"], "object", "{api}: {schema}");
        assert!(schema["properties"]["users"].is_object(), "{api}");
    }

    let url = format!("{root}/__admin/fixtures/xerochat");
    let before = json_of(client.get(&url).send().await.expect("fixture")).await;
    let mut bad = before.clone();
    bad["contacts"]["233"]["first_name"] = json!(["not", "a", "string"]);
    let refused = client.put(&url).json(&bad).send().await.expect("put");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error = json_of(refused).await;
    assert_eq!(error["path"], "contacts.233.first_name", "{error}");
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|e| e.contains("contacts.233.first_name")),
        "{error}"
    );
    assert_eq!(
        json_of(client.get(&url).send().await.expect("fixture")).await,
        before,
        "unchanged"
    );

    let not_json = client
        .put(&url)
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("put");
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let unknown = client
        .get(format!("{root}/__admin/fixtures/nowhere"))
        .send()
        .await
        .expect("answered");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_body_or_path_that_cannot_be_read_is_refused_as_json() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    let url = format!("{root}/__admin/fixtures/xerochat");

    // A fixture may be far larger than an API request (1 MiB; the admin API's limit and its 413 are
    // in tests/hardening.rs) ...
    let mut large = json_of(client.get(&url).send().await.expect("fixture")).await;
    large["users"]["39"]["name"] = json!("x".repeat(3 * 1024 * 1024));
    let put = client.put(&url).json(&large).send().await.expect("put");
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    // ... and a refusal quoting a large value keeps its reason readable.
    large["users"] = json!("y".repeat(3 * 1024 * 1024));
    let refused = client.put(&url).json(&large).send().await.expect("put");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error = json_of(refused).await;
    let message = error["error"].as_str().expect("a message");
    assert!(message.len() < 1100, "{} bytes", message.len());
    assert!(message.ends_with("expected a map"), "{message}");
    assert!(message.contains("bytes cut"), "{message}");

    let not_utf8 = client
        .get(format!("{root}/__admin/fixtures/%FF"))
        .send()
        .await
        .expect("answered");
    assert_eq!(not_utf8.status(), StatusCode::BAD_REQUEST);
    assert!(json_of(not_utf8).await["error"]
        .as_str()
        .is_some_and(|error| error.contains("UTF-8")));
}

#[tokio::test]
async fn faults_over_http() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    let faults = format!("{root}/__admin/faults");
    let created = client
        .post(&faults)
        .json(&json!({"api": "bot", "operation": "listUsers", "times": 1, "status": 502, "body": "bad gateway", "content_type": "text/plain"}))
        .send()
        .await
        .expect("created");
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(json_of(created).await["id"], 1);
    let listed = json_of(client.get(&faults).send().await.expect("listed")).await;
    assert_eq!(listed["faults"][0]["operation"], "listUsers");

    let answer = client
        .post(format!("{}/users", mock.bot_url()))
        .json(&json!({"channelIds": [1014]}))
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 502);
    assert_eq!(answer.text().await.expect("text"), "bad gateway");
    assert_eq!(
        json_of(client.get(&faults).send().await.expect("listed")).await["faults"],
        json!([]),
        "spent"
    );

    client
        .post(&faults)
        .json(&json!({"api": "bot", "operation": "login", "drop": true}))
        .send()
        .await
        .expect("created");
    let dropped = client
        .post(format!("{}/login", mock.bot_url()))
        .json(&json!({}))
        .send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert_eq!(
        client
            .delete(&faults)
            .send()
            .await
            .expect("cleared")
            .status(),
        StatusCode::NO_CONTENT
    );
    let login = client
        .post(format!("{}/login", mock.bot_url()))
        .json(&json!({"appId": "demo-app", "appSecret": "demo-secret"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(login.status(), 200);

    for (bad, path) in [
        (
            json!({"api": "bot", "operation": "login", "delay_ms": "soon"}),
            Some("delay_ms"),
        ),
        (
            json!({"api": "bot", "operation": "login", "drop": true, "colour": "red"}),
            None,
        ),
        (
            json!({"api": "bot", "operation": "login", "status": 500, "example": "realistic-conflict"}),
            None,
        ),
    ] {
        let refused = client
            .post(&faults)
            .json(&bad)
            .send()
            .await
            .expect("answered");
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{bad}");
        let error = json_of(refused).await;
        if let Some(path) = path {
            assert_eq!(error["path"], path, "{error}");
        }
    }
    // A body that is not JSON at all is refused as a whole.
    let cut = client
        .post(&faults)
        .header("content-type", "application/json")
        .body(r#"{"api": "bot""#)
        .send()
        .await
        .expect("answered");
    assert_eq!(cut.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(cut).await["path"], ".");
}

#[tokio::test]
async fn the_admin_api_is_described_and_documented() {
    let mock = MockServer::start().await.expect("starts");
    let (client, root) = (Client::new(), mock.uri());
    let spec = json_of(
        client
            .get(format!("{root}/__admin/openapi.json"))
            .send()
            .await
            .expect("spec"),
    )
    .await;
    assert_eq!(spec["servers"][0]["url"], root);
    for path in [
        "/health",
        "/__admin/reset",
        "/__admin/requests",
        "/__admin/fixtures/{api}",
        "/__admin/fixtures/{api}/schema",
        "/__admin/faults",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is described");
    }
    let yaml = client
        .get(format!("{root}/__admin/openapi.yaml"))
        .send()
        .await
        .expect("yaml");
    assert_eq!(yaml.status(), 200);
    let index = client
        .get(format!("{root}/docs"))
        .send()
        .await
        .expect("docs")
        .text()
        .await
        .expect("text");
    assert!(index.contains("href=\"/docs/admin/\""), "{index}");
    let page = client
        .get(format!("{root}/docs/admin/"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
}
