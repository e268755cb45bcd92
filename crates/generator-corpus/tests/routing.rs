//! The router generated from `xtask/corpus/routing.yaml`: every method reaches its own operation,
//! templates are told apart, parameters with awkward names arrive, and what no operation takes gets
//! problem details.

mod support;

use std::sync::{Arc, Mutex};

use generator_corpus::routing::server::{self as api, types, Api};
use support::{get, send};

/// Records which operation each request reached, and what it was given.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn note(&self, what: impl Into<String>) {
        self.0.lock().unwrap().push(what.into());
    }

    fn last(&self) -> String {
        self.0.lock().unwrap().last().cloned().unwrap_or_default()
    }
}

impl Api for Recorder {
    async fn things_get(&self, _: api::ThingsGetRequest) -> api::ThingsGetResponse {
        self.note("thingsGet");
        api::ThingsGetResponse::NoContent
    }
    async fn things_put(&self, _: api::ThingsPutRequest) -> api::ThingsPutResponse {
        self.note("thingsPut");
        api::ThingsPutResponse::NoContent
    }
    async fn things_post(&self, _: api::ThingsPostRequest) -> api::ThingsPostResponse {
        self.note("thingsPost");
        api::ThingsPostResponse::Created
    }
    async fn things_delete(&self, _: api::ThingsDeleteRequest) -> api::ThingsDeleteResponse {
        self.note("thingsDelete");
        api::ThingsDeleteResponse::NoContent
    }
    async fn things_options(&self, _: api::ThingsOptionsRequest) -> api::ThingsOptionsResponse {
        self.note("thingsOptions");
        api::ThingsOptionsResponse::NoContent
    }
    async fn things_head(&self, _: api::ThingsHeadRequest) -> api::ThingsHeadResponse {
        self.note("thingsHead");
        api::ThingsHeadResponse::NoContent
    }
    async fn things_patch(&self, _: api::ThingsPatchRequest) -> api::ThingsPatchResponse {
        self.note("thingsPatch");
        api::ThingsPatchResponse::NoContent
    }
    async fn things_trace(&self, _: api::ThingsTraceRequest) -> api::ThingsTraceResponse {
        self.note("thingsTrace");
        api::ThingsTraceResponse::NoContent
    }
    async fn get_thing(&self, request: api::GetThingRequest) -> api::GetThingResponse {
        self.note(format!(
            "getThing {} {:?}",
            request.thing_id, request.verbose
        ));
        api::GetThingResponse::Ok(types::Thing {
            id: request.thing_id,
            label: None,
        })
    }
    async fn my_things(&self, _: api::MyThingsRequest) -> api::MyThingsResponse {
        self.note("myThings");
        api::MyThingsResponse::NoContent
    }
    async fn thing_parts(&self, request: api::ThingPartsRequest) -> api::ThingPartsResponse {
        self.note(format!(
            "thingParts {} {:?} {:?} {} {:?} {:?} {:?}",
            request.id,
            request.type_,
            request.self_,
            request.page_size,
            request.page_size_2,
            request.filter_name,
            request.sort_order
        ));
        api::ThingPartsResponse::Ok(vec![request.id])
    }
    async fn get_file(&self, request: api::GetFileRequest) -> api::GetFileResponse {
        self.note(format!("getFile {}", request.name));
        api::GetFileResponse::NoContent
    }
}

#[tokio::test]
async fn every_method_reaches_its_own_operation() {
    let recorder = Recorder::default();
    let router = api::router(recorder.clone());
    let methods = [
        ("GET", "thingsGet", 204),
        ("PUT", "thingsPut", 204),
        ("POST", "thingsPost", 201),
        ("DELETE", "thingsDelete", 204),
        ("OPTIONS", "thingsOptions", 204),
        ("HEAD", "thingsHead", 204),
        ("PATCH", "thingsPatch", 204),
        ("TRACE", "thingsTrace", 204),
    ];
    for (method, operation, status) in methods {
        let answer = send(&router, method, "/things", &[], "").await;
        assert_eq!(answer.status, status, "{method}");
        assert_eq!(recorder.last(), operation, "{method}");
    }
}

#[tokio::test]
async fn a_method_the_path_lacks_is_405_with_allow() {
    let router = api::router(Recorder::default());
    let answer = send(&router, "POST", "/things/mine", &[], "").await;
    answer.problem(405);
    assert_eq!(answer.header("allow"), "GET");
    let answer = send(&router, "DELETE", "/things/7", &[], "").await;
    answer.problem(405);
    assert_eq!(answer.header("allow"), "GET");
}

#[tokio::test]
async fn templates_literals_and_segments_with_suffixes() {
    let recorder = Recorder::default();
    let router = api::router(recorder.clone());
    assert_eq!(get(&router, "/things/mine").await.status, 204);
    assert_eq!(recorder.last(), "myThings");
    let answer = get(&router, "/things/7").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), serde_json::json!({"id": 7}));
    assert_eq!(recorder.last(), "getThing 7 None");
    assert_eq!(
        get(&router, "/things/7/").await.status,
        200,
        "a trailing slash"
    );
    assert_eq!(get(&router, "/files/report.json").await.status, 204);
    assert_eq!(recorder.last(), "getFile report");
    get(&router, "/files/report.xml").await.problem(404);
    get(&router, "/nowhere").await.problem(404);
}

#[tokio::test]
async fn the_operations_parameter_wins_over_the_paths() {
    let recorder = Recorder::default();
    let router = api::router(recorder.clone());
    // The path-level `verbose` is a boolean; getThing's own is an enum of `yes` and `no`.
    assert_eq!(get(&router, "/things/7?verbose=yes").await.status, 200);
    assert_eq!(recorder.last(), "getThing 7 Some(Yes)");
    let detail = get(&router, "/things/7?verbose=true").await.problem(400);
    assert!(detail.contains("verbose"), "{detail}");
    let detail = get(&router, "/things/seven").await.problem(400);
    assert!(detail.contains("thingId"), "{detail}");
}

#[tokio::test]
async fn keywords_and_names_with_symbols_are_fields() {
    let recorder = Recorder::default();
    let router = api::router(recorder.clone());
    let answer = get(
        &router,
        "/things/a%20b/parts?type=t&self=s&page_size=5&filter.name=f&sort%20order=asc",
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(
        recorder.last(),
        r#"thingParts a b Some("t") Some("s") 20 Some(5) Some("f") Some("asc")"#,
        "page-size takes its default, page_size is another parameter"
    );
    get(&router, "/things/x/parts?page-size=3").await;
    assert!(recorder.last().contains(" 3 None "), "{}", recorder.last());
}

#[tokio::test]
async fn an_operation_left_to_the_default_is_501() {
    let router = api::router(Recorder::default());
    let detail = get(&router, "/").await.problem(501);
    assert!(detail.contains("root"), "{detail}");
}

#[tokio::test]
async fn the_example_router_answers_from_the_spec() {
    let router = api::example_router();
    let answer = get(&router, "/").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), serde_json::json!({"name": "index"}));
    // Requests are checked as the typed router checks them.
    get(&router, "/things/seven").await.problem(400);
    let answer = get(&router, "/things/7").await;
    assert_eq!(answer.status, 200, "a body built from the schema");
    assert!(answer.json()["id"].is_i64(), "{:?}", answer.json());
}

#[tokio::test]
async fn operation_of_names_the_operation_the_router_dispatches_to() {
    let recorder = Recorder::default();
    let router = api::router(recorder.clone());
    for (method, path) in [
        ("GET", "/things"),
        ("PUT", "/things"),
        ("TRACE", "/things"),
        ("HEAD", "/things"),
        ("GET", "/things/mine"),
        ("GET", "/files/report.json"),
        ("GET", "/things/x/parts"),
    ] {
        send(&router, method, path, &[], "").await;
        let reached = recorder.last();
        let operation = reached.split(' ').next().unwrap_or_default();
        assert_eq!(
            api::operation_of(method, path),
            Some(operation),
            "{method} {path}"
        );
    }
    assert_eq!(
        api::operation_of("GET", "/things/7/"),
        Some("getThing"),
        "a trailing slash"
    );
    assert_eq!(
        api::operation_of("HEAD", "/things/7"),
        Some("getThing"),
        "HEAD as GET"
    );
    assert_eq!(api::operation_of("POST", "/things/mine"), None, "405");
    assert_eq!(api::operation_of("GET", "/nowhere"), None, "404");
    assert_eq!(api::OPERATION_IDS.len(), 13);
    assert!(api::OPERATION_IDS.contains(&"getFile"));
}

#[test]
fn examples_of_gives_each_operations_documented_responses() {
    let root = api::examples_of("root").expect("root is an operation");
    assert!(
        root.iter()
            .flat_map(|response| response.examples)
            .any(|(_, body)| body.contains("index")),
        "{root:?}"
    );
    for operation in api::OPERATION_IDS {
        assert!(api::examples_of(operation).is_some(), "{operation}");
    }
    assert!(api::examples_of("noSuchOperation").is_none());
}
