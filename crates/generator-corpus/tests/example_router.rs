//! The example router generated from `xtask/corpus/example-router.yaml` (what the mock serves): it
//! answers within the spec where the spec leaves it a choice.

mod support;

use generator_corpus::example_router::server as api;
use support::{get, send};

#[tokio::test]
async fn a_null_body_is_built_for_an_enum_of_null() {
    let router = api::example_router();
    let answer = send(&router, "POST", "/snapshots/s1", &[], "").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.json(), serde_json::Value::Null);
}

#[tokio::test]
async fn a_protocol_switch_is_not_the_default_answer() {
    let router = api::example_router();
    let answer = get(&router, "/serial").await;
    assert_eq!(answer.status, 400, "the documented 4XX, not a 101");
    assert_eq!(answer.header("content-type"), "application/json");
    let body = answer.json();
    assert!(
        body["request_id"].is_string() && body["message"].is_string(),
        "{body}"
    );
}

#[tokio::test]
async fn a_refused_request_gets_the_documented_answer_for_its_status() {
    let router = api::example_router();
    // The schema takes 300; the type (`format: uint8`) does not.
    let json = [("content-type", "application/json")];
    let answer = send(&router, "PUT", "/instance", &json, r#"{"slot":300}"#).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("content-type"), "application/json");
    assert!(answer.json()["request_id"].is_string());
    assert!(
        answer.header("x-mock-rejection").contains("slot"),
        "the reason is told: {:?}",
        answer.headers
    );
    assert_eq!(
        send(&router, "PUT", "/instance", &json, r#"{"slot":3}"#)
            .await
            .status,
        204
    );
    // `default` documents every status.
    let answer = get(&router, "/pets?limit=20").await;
    assert_eq!(
        (answer.status, answer.json()),
        (400, serde_json::json!({"code": 7, "message": "no"}))
    );
    assert!(answer.header("x-mock-rejection").contains("limit"));
    // Nothing documented for 400: problem details.
    let detail = get(&router, "/plain").await.problem(400);
    assert!(detail.contains("limit"), "{detail}");
}

#[tokio::test]
async fn an_operation_without_documented_responses_answers_bytes() {
    let answer = get(&api::example_router(), "/outputs/log").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "application/octet-stream");
    assert!(answer.body.is_empty());
    // The typed router's response has a variant for it: any status, bytes.
    let _ = api::DownloadOutputResponse::Default {
        status: 206,
        body: b"partial".to_vec(),
    };
}

#[tokio::test]
async fn an_operation_without_an_id_is_named_after_its_method_and_path() {
    struct Health;
    impl api::Api for Health {
        async fn get_health_probe(
            &self,
            request: api::GetHealthProbeRequest,
        ) -> api::GetHealthProbeResponse {
            let ok = request.probe == "live";
            api::GetHealthProbeResponse::Ok(
                serde_json::from_value(serde_json::json!({ "ok": ok })).expect("body"),
            )
        }
    }
    let answer = get(&api::router(Health), "/health/live").await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, serde_json::json!({"ok": true}))
    );
    let answer = get(&api::example_router(), "/health/ready").await;
    assert_eq!(answer.json(), serde_json::json!({"ok": true}));
    // The client has the operation too, under the same name.
    let _ = generator_corpus::example_router::client::Client::get_health_probe;
}
