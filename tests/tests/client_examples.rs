//! The clients' `examples/` run against a freshly seeded mock, as their docs say to run them
//! (`cargo run --example … -- --base-url …`): each example's `run` is compiled in here and called
//! with the mock's address.

#[allow(dead_code)]
#[path = "../../crates/xerochat-client/examples/contacts.rs"]
mod contacts;

#[allow(dead_code)]
#[path = "../../crates/bot-open-api-client/examples/users.rs"]
mod users;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_xerochat_example_runs_against_the_mock() {
    let mock = mock_server::MockServer::start().await.expect("mock");
    let base = mock.uri();
    let summary = contacts::run(
        &format!("{base}/xerochat/api"),
        mock_server::DEFAULT_XEROCHAT_MEMBER_KEY,
    )
    .await
    .expect("the example succeeds");
    assert!(summary.contains("created contact group"), "{summary}");
    assert!(
        summary.contains("Ana <ana.example@example.com>"),
        "{summary}"
    );
    assert!(summary.contains("does not exist, as expected"), "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_example_runs_against_the_mock() {
    let mock = mock_server::MockServer::start().await.expect("mock");
    let base = mock.uri();
    let summary = users::run(
        &format!("{base}/bot"),
        mock_server::DEFAULT_BOT_APP_ID,
        mock_server::DEFAULT_BOT_APP_SECRET,
    )
    .await
    .expect("the example succeeds");
    assert!(summary.contains("WhatsApp users this week"), "{summary}");
}
