//! The router generated from `xtask/corpus/responses.yaml`: ranged and default statuses carry their
//! status, declared headers are sent, a response of several media types is written as its variant
//! says, and the example router picks answers by `Prefer`.

mod support;

use generator_corpus::responses::server::{self as api, types, Api};
use support::{get, send};

struct Reports;

fn report(id: &str) -> types::ReportItem {
    serde_json::from_value(serde_json::json!({"id": id, "kind": "summary"})).expect("a report")
}

impl Api for Reports {
    async fn get_report(&self, request: api::GetReportRequest) -> api::GetReportResponse {
        match request.id.as_str() {
            "csv" => api::GetReportResponse::Ok {
                body: api::GetReportOkBody::TextCsv("id,kind\n".to_owned()),
                headers: api::GetReportOkHeaders {
                    x_rate_limit: 5,
                    e_tag: None,
                },
            },
            "down" => api::GetReportResponse::Status5xx { status: 503 },
            "teapot" => api::GetReportResponse::Default {
                status: 418,
                body: serde_json::from_value(serde_json::json!({"title": "teapot"})).unwrap(),
            },
            id => api::GetReportResponse::Ok {
                body: api::GetReportOkBody::ApplicationJson(report(id)),
                headers: api::GetReportOkHeaders {
                    x_rate_limit: 9,
                    e_tag: Some("\"v1\"".to_owned()),
                },
            },
        }
    }

    async fn list_reports(&self, _: api::ListReportsRequest) -> api::ListReportsResponse {
        api::ListReportsResponse::Status2xx {
            status: 206,
            body: vec![report("a")],
        }
    }
}

#[tokio::test]
async fn statuses_headers_and_media_types_as_the_variant_says() {
    let router = api::router(Reports);
    let answer = get(&router, "/reports/r1").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-rate-limit"), "9");
    assert_eq!(answer.header("etag"), "\"v1\"");
    assert_eq!(answer.json()["id"], "r1");
    let answer = get(&router, "/reports/csv").await;
    assert_eq!(answer.header("content-type"), "text/csv");
    assert_eq!(answer.body, b"id,kind\n");
    assert_eq!(
        answer.header("etag"),
        "",
        "an absent optional header is not sent"
    );
    assert_eq!(get(&router, "/reports/down").await.status, 503);
    let answer = get(&router, "/reports/teapot").await;
    assert_eq!(
        (answer.status, answer.json()["title"].clone()),
        (418, "teapot".into())
    );
    assert_eq!(get(&router, "/reports").await.status, 206);
}

#[tokio::test]
async fn the_example_router_picks_by_prefer() {
    let router = api::example_router();
    let answer = get(&router, "/reports/x").await;
    assert_eq!(
        (answer.status, answer.json()["id"].clone()),
        (200, "r1".into()),
        "the first example"
    );
    let answer = send(
        &router,
        "GET",
        "/reports/x",
        &[("prefer", "example=large")],
        "",
    )
    .await;
    assert_eq!(answer.json()["id"], "r2");
    let answer = send(&router, "GET", "/reports/x", &[("prefer", "code=404")], "").await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.header("content-type"), "application/problem+json");
    assert!(answer.json().is_object(), "a body built from the schema");
    let answer = send(&router, "GET", "/reports/x", &[("prefer", "code=503")], "").await;
    assert_eq!(answer.status, 503, "5XX covers 503");
    send(
        &router,
        "GET",
        "/reports/x",
        &[("prefer", "example=nope")],
        "",
    )
    .await
    .problem(400);
    let answer = get(&router, "/reports").await;
    assert_eq!(answer.status, 200, "a 2XX answers 200");
    assert!(answer.json().is_array());
}

#[tokio::test]
async fn a_wildcard_media_type_is_answered_as_json() {
    let answer = get(&api::example_router(), "/anything").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "application/json");
    assert!(
        answer.json().is_object(),
        "a body built from the empty schema"
    );
}
