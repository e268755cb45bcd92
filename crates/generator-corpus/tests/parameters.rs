//! The router generated from `xtask/corpus/parameters.yaml`: parameters of every location and style
//! arrive typed, defaults fill what is absent, and a missing or malformed one is a 400 naming it.

mod support;

use axum::body::Body;
use generator_corpus::parameters::server::{self as api, Api};
use serde_json::{json, Value};
use support::send;

/// Answers with what it was given.
struct Echo;

impl Api for Echo {
    async fn search(&self, request: api::SearchRequest) -> api::SearchResponse {
        let seen = json!({
            "ids": request.ids,
            "labels": request.labels,
            "point": [request.point.x, request.point.y],
            "tag": request.tag,
            "csv": request.csv,
            "spaced": request.spaced,
            "piped": request.piped,
            "filter": request.filter.map(|f| json!([f.name, f.min])),
            "size": request.size.to_string(),
            "order": request.order.to_string(),
            "where": request.where_.map(|f| f.name),
            "trace": request.x_trace_ids,
            "session": request.session,
        });
        let Value::Object(map) = seen else {
            unreachable!()
        };
        api::SearchResponse::Ok(map.into_iter().collect())
    }
}

async fn search(path: &str, headers: &[(&str, &str)]) -> support::Answer {
    let router = api::router(Echo);
    send(&router, "GET", path, headers, Body::empty()).await
}

#[tokio::test]
async fn every_style_is_read() {
    let answer = search(
        "/search/1,2,3/.a.b/;x=4;y=5?tag=t1&tag=t2&csv=6,7&spaced=8%209&piped=10|11\
         &filter[name]=n&filter[min]=1.5&size=3&order=desc&where=%7B%22name%22%3A%22w%22%7D",
        &[("x-trace-ids", "a,b"), ("cookie", "session=s1; other=x")],
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(
        answer.json(),
        json!({
            "ids": [1, 2, 3], "labels": ["a", "b"], "point": [4, 5], "tag": ["t1", "t2"],
            "csv": [6, 7], "spaced": [8, 9], "piped": [10, 11], "filter": ["n", 1.5],
            "size": "3", "order": "desc", "where": "w", "trace": ["a", "b"], "session": "s1",
        })
    );
}

#[tokio::test]
async fn defaults_fill_what_is_absent() {
    let answer = search("/search/1/.a/;x=1;y=2", &[("cookie", "session=s")]).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    assert_eq!(
        (body["size"].clone(), body["order"].clone()),
        (json!("10"), json!("asc"))
    );
    assert_eq!(body["tag"], Value::Null);
}

#[tokio::test]
async fn missing_and_malformed_parameters_are_named() {
    let detail = search("/search/1/.a/;x=1;y=2", &[]).await.problem(400);
    assert!(detail.contains("session"), "{detail}");
    let detail = search("/search/1,x/.a/;x=1;y=2", &[("cookie", "session=s")])
        .await
        .problem(400);
    assert!(detail.contains("ids"), "{detail}");
    let detail = search("/search/1/.a/;x=1;y=2?size=500", &[("cookie", "session=s")])
        .await
        .problem(400);
    assert!(detail.contains("size"), "{detail}");
    let detail = search("/search/1/.a/;x=1;y=2?order=up", &[("cookie", "session=s")])
        .await
        .problem(400);
    assert!(detail.contains("order"), "{detail}");
    let detail = search(
        "/search/1/.a/;x=1;y=2?where=nope",
        &[("cookie", "session=s")],
    )
    .await
    .problem(400);
    assert!(detail.contains("where"), "{detail}");
}
