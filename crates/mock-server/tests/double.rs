//! The mock as a test double inside a Rust test: `MockServer` starts it on a free port, gives the
//! APIs' URLs and credentials, controls its state (reset, journal, fixtures, faults) and stops it on
//! drop. The same operations over HTTP are in `admin_api.rs`.

use std::time::Duration;

use mock_server::{Error, Fault, MockServer, RequestFilter};
use serde_json::{json, Value};

/// `get_user_info` of the member, as the admin, through the mock's XeroChat URL.
async fn member_info(mock: &MockServer) -> Value {
    let url = format!(
        "{}/get_user_info?api_key={}&user_id=39",
        mock.xerochat_url(),
        mock.credentials().xerochat_admin_key
    );
    reqwest::get(url)
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}

fn only(operation: &str) -> RequestFilter {
    RequestFilter {
        operation: Some(operation.to_owned()),
        ..RequestFilter::default()
    }
}

#[tokio::test]
async fn starts_on_a_free_port_with_a_url_per_api() {
    let mock = MockServer::start().await.expect("starts");
    let other = MockServer::start().await.expect("a second one starts too");
    assert_ne!(mock.addr(), other.addr());
    assert_eq!(mock.addr().ip().to_string(), "127.0.0.1");
    assert_eq!(mock.xerochat_url(), format!("{}/xerochat/api", mock.uri()));
    assert_eq!(mock.url("xerochat"), Some(mock.xerochat_url()));
    assert_eq!(mock.bot_url(), format!("{}/bot", mock.uri()));
    assert_eq!(
        mock.url("bot-open-api"),
        Some(mock.bot_url()),
        "by name too"
    );
    assert_eq!(mock.url("nowhere"), None);
    assert_eq!(member_info(&mock).await["user_info"]["id"], "39");
    let health = reqwest::get(format!("{}/health", mock.uri()))
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    assert!(!format!("{mock:?}").contains(&mock.credentials().xerochat_admin_key));
}

#[tokio::test]
async fn stops_when_shut_down_or_dropped() {
    let mock = MockServer::start().await.expect("starts");
    let addr = mock.addr();
    mock.shutdown().await.expect("stops");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "nobody listens after shutdown"
    );

    let mock = MockServer::start().await.expect("starts");
    let addr = mock.addr();
    drop(mock);
    // The server stops in the background: wait (bounded) until the port refuses connections.
    let refused = tokio::time::timeout(Duration::from_secs(10), async {
        while tokio::net::TcpStream::connect(addr).await.is_ok() {
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(
        refused.is_ok(),
        "the port is closed after the handle is dropped"
    );
}

#[tokio::test]
async fn credentials_and_token_lifetime_are_configurable() {
    let credentials = mock_server::Credentials {
        bot_app_secret: "other-secret".to_owned(),
        ..Default::default()
    };
    let mock = MockServer::builder()
        .credentials(credentials)
        .token_lifetime(Duration::ZERO)
        .start()
        .await
        .expect("starts");
    let client = reqwest::Client::new();
    let login = |secret: &'static str| {
        client
            .post(format!("{}/login", mock.bot_url()))
            .json(&json!({"appId": "demo-app", "appSecret": secret}))
            .send()
    };
    assert_eq!(login("demo-secret").await.expect("answered").status(), 400);
    let token: Value = login("other-secret")
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    let users = client
        .post(format!("{}/users", mock.bot_url()))
        .header("authorization", token["authToken"].as_str().expect("token"))
        .json(&json!({"channelIds": [1014]}))
        .send()
        .await
        .expect("answered");
    assert_eq!(users.status(), 401);
    let body: Value = users.json().await.expect("JSON");
    assert_eq!(
        body["message"], "jwt expired",
        "a zero lifetime issues expired tokens"
    );
}

#[tokio::test]
async fn reset_brings_every_api_back_and_empties_journal_and_faults() {
    let mock = MockServer::start().await.expect("starts");
    let mut store = mock.fixture("xerochat").expect("state");
    store["users"]["39"]["name"] = json!("renamed");
    mock.set_fixture("xerochat", store).expect("accepted");
    assert_eq!(member_info(&mock).await["user_info"]["name"], "renamed");
    mock.add_fault(Fault::new("bot", "login").status(503, json!({})))
        .expect("fault");

    mock.reset();
    assert_eq!(
        member_info(&mock).await["user_info"]["name"],
        "test_username"
    );
    assert!(mock.faults().is_empty());
    let journal = mock
        .requests(&RequestFilter::default())
        .expect("the journal");
    assert_eq!(
        journal.requests.len(),
        1,
        "only the request after the reset: {journal:?}"
    );
}

#[tokio::test]
async fn a_start_fixture_is_what_reset_goes_back_to() {
    let seed = MockServer::start().await.expect("starts");
    let mut store = seed.fixture("xerochat").expect("state");
    store["users"]["39"]["name"] = json!("from the fixture");
    let mock = MockServer::builder()
        .fixture("xerochat", store)
        .start()
        .await
        .expect("starts");
    assert_eq!(
        member_info(&mock).await["user_info"]["name"],
        "from the fixture"
    );
    let mut changed = mock.fixture("xerochat").expect("state");
    changed["users"]["39"]["name"] = json!("changed");
    mock.set_fixture("xerochat", changed).expect("accepted");
    mock.reset();
    assert_eq!(
        member_info(&mock).await["user_info"]["name"],
        "from the fixture"
    );

    let refused = MockServer::builder()
        .fixture("xerochat", json!({"users": 1}))
        .start()
        .await
        .expect_err("a bad start fixture stops the start");
    assert!(
        matches!(&refused, Error::Fixture { source, .. } if source.path == "users"),
        "{refused}"
    );
}

#[tokio::test]
async fn the_journal_names_api_and_operation_and_redacts_credentials() {
    let mock = MockServer::start().await.expect("starts");
    member_info(&mock).await;
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{}/login", mock.bot_url()))
        .json(&json!({"appId": "demo-app", "appSecret": "demo-secret"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("JSON");
    let token = login["authToken"].as_str().expect("token").to_owned();
    client
        .post(format!("{}/users", mock.bot_url()))
        .header("authorization", &token)
        .json(&json!({"channelIds": [1014]}))
        .send()
        .await
        .expect("users");
    reqwest::get(format!("{}/no-such-thing", mock.bot_url()))
        .await
        .expect("404");

    let all = mock
        .requests(&RequestFilter::default())
        .expect("the journal");
    let everything = serde_json::to_string(&all).expect("JSON");
    for secret in [
        &mock.credentials().xerochat_admin_key,
        &mock.credentials().bot_app_secret,
        &token,
    ] {
        assert!(
            !everything.contains(secret.as_str()),
            "a credential in the journal: {everything}"
        );
    }
    let operations: Vec<_> = all
        .requests
        .iter()
        .map(|e| (e.api.as_str(), e.operation.as_deref()))
        .collect();
    assert_eq!(
        operations,
        [
            ("xerochat", Some("get_user_info")),
            ("bot", Some("login")),
            ("bot", Some("listUsers")),
            ("bot", None)
        ]
    );
    let info = &all.requests[0];
    assert_eq!((info.method.as_str(), info.status), ("GET", Some(200)));
    assert_eq!(info.path, "/xerochat/api/get_user_info");
    assert_eq!(info.query.as_deref(), Some("api_key=REDACTED&user_id=39"));
    assert!(
        info.duration_ms >= 0.0 && info.time.ends_with('Z'),
        "{info:?}"
    );
    let login = &all.requests[1];
    assert_eq!(
        login.body,
        Some(json!({"appId": "demo-app", "appSecret": "REDACTED"}))
    );
    assert_eq!(all.requests[2].headers["authorization"], "REDACTED");
    assert_eq!(all.requests[3].status, Some(404));

    let bot = mock
        .requests(&RequestFilter {
            api: Some("bot".into()),
            ..Default::default()
        })
        .expect("the journal");
    assert_eq!(bot.requests.len(), 3);
    assert_eq!(
        mock.requests(&only("listUsers"))
            .expect("the journal")
            .requests
            .len(),
        1
    );
    assert!(matches!(
        mock.requests(&only("listUser")),
        Err(Error::UnknownOperation { operation, .. }) if operation == "listUser"
    ));
    mock.clear_requests();
    assert!(mock
        .requests(&RequestFilter::default())
        .expect("the journal")
        .requests
        .is_empty());
}

#[tokio::test]
async fn the_journal_is_bounded() {
    let mock = MockServer::builder()
        .journal_capacity(3)
        .start()
        .await
        .expect("starts");
    for _ in 0..5 {
        member_info(&mock).await;
    }
    let journal = mock
        .requests(&RequestFilter::default())
        .expect("the journal");
    assert_eq!(
        (journal.requests.len(), journal.capacity, journal.dropped),
        (3, 3, 2)
    );
}

#[tokio::test]
async fn a_refused_fixture_names_the_path_and_changes_nothing() {
    let mock = MockServer::start().await.expect("starts");
    let before = mock.fixture("xerochat").expect("state");
    let mut bad = before.clone();
    bad["users"]["39"]["name"] = json!(5);
    let error = mock.set_fixture("xerochat", bad).expect_err("refused");
    assert!(
        matches!(&error, Error::Fixture { source, .. } if source.path == "users.39.name"),
        "{error}"
    );
    assert_eq!(mock.fixture("xerochat").expect("state"), before);

    let mut state = mock.fixture("bot").expect("state");
    state["users"][1]["messages"][0]["createdAt"] = json!("not a date");
    let error = mock.set_fixture("bot", state).expect_err("refused");
    assert!(
        matches!(&error, Error::Fixture { source, .. } if source.path == "users[1].messages[0].createdAt"),
        "{error}"
    );
    assert!(matches!(mock.fixture("nowhere"), Err(Error::UnknownApi(_))));
}

#[tokio::test]
async fn fixture_schemas_describe_the_fixtures() {
    let mock = MockServer::start().await.expect("starts");
    for api in ["xerochat", "bot"] {
        let schema = mock.fixture_schema(api).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let fixture = mock.fixture(api).expect("state");
        assert!(
            validator.is_valid(&fixture),
            "{api}: its own state fits its schema"
        );
        assert!(!validator.is_valid(&json!({"users": "none"})), "{api}");
    }
}

#[tokio::test]
async fn faults_apply_the_given_number_of_times() {
    let mock = MockServer::start().await.expect("starts");
    let active = mock
        .add_fault(
            Fault::new("xerochat", "get_user_info")
                .times(2)
                .status(503, json!({"down": true})),
        )
        .expect("registered");
    assert_eq!(active.fault.times, Some(2));
    let url = format!(
        "{}/get_user_info?api_key={}&user_id=39",
        mock.xerochat_url(),
        mock.credentials().xerochat_admin_key
    );
    for left in [Some(1), None] {
        let answer = reqwest::get(&url).await.expect("answered");
        assert_eq!(answer.status(), 503);
        assert_eq!(
            answer.json::<Value>().await.expect("JSON"),
            json!({"down": true})
        );
        assert_eq!(mock.faults().first().and_then(|f| f.fault.times), left);
    }
    assert_eq!(
        reqwest::get(&url).await.expect("answered").status(),
        200,
        "spent"
    );
    let faults: Vec<_> = mock
        .requests(&RequestFilter::default())
        .expect("the journal")
        .requests
        .into_iter()
        .map(|e| e.fault)
        .collect();
    assert_eq!(
        faults,
        [Some("status".to_owned()), Some("status".to_owned()), None]
    );
}

#[tokio::test]
async fn a_fault_can_answer_a_documented_example_or_delay() {
    let mock = MockServer::start().await.expect("starts");
    mock.add_fault(
        Fault::new("bot", "login")
            .times(1)
            .example("realistic-conflict"),
    )
    .expect("registered");
    let client = reqwest::Client::new();
    let login = || {
        client
            .post(format!("{}/login", mock.bot_url()))
            .json(&json!({"appId": "demo-app", "appSecret": "demo-secret"}))
            .send()
    };
    let conflict = login().await.expect("answered");
    assert_eq!(conflict.status(), 409);
    assert_eq!(
        conflict.json::<Value>().await.expect("JSON")["message"],
        "Conflict"
    );

    let delay = Duration::from_millis(300);
    mock.add_fault(Fault::new("bot", "login").times(1).delay(delay))
        .expect("registered");
    let started = std::time::Instant::now();
    let answer = login().await.expect("answered");
    assert!(started.elapsed() >= delay, "answered only after the delay");
    assert_eq!(answer.status(), 200, "then the usual answer");
}

#[tokio::test]
async fn a_drop_fault_closes_the_connection_without_an_answer() {
    let mock = MockServer::start().await.expect("starts");
    mock.add_fault(
        Fault::new("xerochat", "get_user_info")
            .times(1)
            .drop_connection(),
    )
    .expect("registered");
    let url = format!(
        "{}/get_user_info?api_key={}&user_id=39",
        mock.xerochat_url(),
        mock.credentials().xerochat_admin_key
    );
    let error = reqwest::get(&url).await.expect_err("no answer");
    assert!(error.is_request() || error.is_connect(), "{error:?}");
    assert_eq!(
        reqwest::get(&url).await.expect("answered").status(),
        200,
        "the next call is answered"
    );
    let journal = mock.requests(&only("get_user_info")).expect("the journal");
    let first = &journal.requests[0];
    assert_eq!((first.fault.as_deref(), first.status), (Some("drop"), None));
}

#[tokio::test]
async fn faults_are_checked_against_the_spec() {
    let mock = MockServer::start().await.expect("starts");
    let refusals = [
        Fault::new("xerochat", "no_such_operation").drop_connection(),
        Fault::new("bot", "login").example("no-such-example"),
        Fault::new("bot", "login"),
        Fault::new("bot", "login")
            .drop_connection()
            .delay(Duration::from_millis(1)),
        Fault::new("bot", "login").times(0).drop_connection(),
    ];
    for fault in refusals {
        assert!(
            matches!(mock.add_fault(fault.clone()), Err(Error::Fault(_))),
            "{fault:?}"
        );
    }
    assert!(matches!(
        mock.add_fault(Fault::new("nowhere", "x").drop_connection()),
        Err(Error::UnknownApi(_))
    ));
    assert!(mock.faults().is_empty());
}

#[tokio::test]
async fn prefer_picks_a_documented_answer_of_a_stateful_api() {
    let mock = MockServer::start().await.expect("starts");
    let client = reqwest::Client::new();
    let url = format!(
        "{}/get_user_info?api_key={}&user_id=39",
        mock.xerochat_url(),
        mock.credentials().xerochat_admin_key
    );
    let documented = client
        .get(&url)
        .header("prefer", "example=docs-error-no-matching-user")
        .send()
        .await
        .expect("answered");
    assert_eq!(documented.status(), 200);
    let body: Value = documented.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"status": "error", "message": "No Matching User Found"}),
        "the example, not user 39"
    );

    let unauthorized = client
        .post(format!("{}/users", mock.bot_url()))
        .header("prefer", "code=401")
        .header("authorization", "a.b.c")
        .json(&json!({"channelIds": [1014]}))
        .send()
        .await
        .expect("answered");
    assert_eq!(unauthorized.status(), 401);
    let journal = mock
        .requests(&RequestFilter::default())
        .expect("the journal");
    assert!(
        journal
            .requests
            .iter()
            .all(|e| e.fault.as_deref() == Some("prefer")),
        "{journal:?}"
    );
}
