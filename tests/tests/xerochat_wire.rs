//! Wire tests of the XeroChat facade (`xerochat_client::XeroChat`) against a local mock server.
//!
//! The service is picky about where things sit: GET endpoints read `api_key` only from the query
//! string, POST endpoints only from an `application/x-www-form-urlencoded` body, and every handled
//! outcome, errors included, comes back as HTTP 200. None of that is visible in the facade's types, so
//! these tests look at what actually crosses the wire:
//!
//! - every one of the 20 operations sends the right method, path and parameters (and POSTs keep the
//!   key out of the URL), and reads the docs' success body (`docs-success` in `spec/xerochat.yaml`)
//!   into the right value;
//! - an error envelope is always an `Err`, never an `Ok`;
//! - HTML pages, empty bodies, JSON of another shape, 500s and refused connections give a clear error;
//! - the API key never shows up in `Debug` or `Display` output;
//! - calls the service would refuse anyway are refused before anything is sent.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use reqwest::Url;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use xerochat_client::types::{AllSubscribersFlowData, Flag};
use xerochat_client::{
    ContactChanges, ContactId, Error, NewContact, NewUser, ServiceMessage, UserChanges, UserLookup,
    XeroChat,
};

/// An API key in the service's format; distinctive enough that a leak cannot match by accident.
const KEY: &str = "39-Qx7Wk2p1700000000Zr4Tn8v";

/// The operations these tests call, by `operationId`.
const OPERATIONS: [&str; 20] = [
    "get_user_info",
    "create_system_user",
    "update_user",
    "get_all_packages",
    "subscriber_information",
    "get_all_labels",
    "create_label",
    "assign_label",
    "get_contact_group",
    "create_contact_group",
    "update_contact_group",
    "delete_contact_group",
    "get_contact",
    "create_contact",
    "update_contact",
    "delete_contact",
    "get_flow_campaigns",
    "get_flow_campaign_info",
    "get_single_subscriber_flow_info",
    "get_all_subscriber_flow_info",
];

/// The page the service answers an unknown method with (status 200), long enough to be cut short.
const HTML_404_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
    <title>404 Page Not Found</title>\n<style type=\"text/css\">\n::selection { background-color: \
    #E13300; color: white; }\nbody { background-color: #fff; margin: 40px; font: 13px/20px normal \
    Helvetica, Arial, sans-serif; color: #4F5155; }\n</style>\n</head>\n<body>\n<div id=\"container\">\
    \n<h1>404 Page Not Found</h1>\n<p>The page you requested was not found.</p>\n</div>\n</body>\n</html>";

/// What a database error looks like (HTTP 500).
const HTML_DATABASE_ERROR: &str = "<html><head><title>Database Error</title></head><body>\
    <h1>A Database Error Occurred</h1><p>Error Number: 1054</p></body></html>";

static SPEC: LazyLock<Value> = LazyLock::new(|| workspace_tests::spec("xerochat.yaml"));

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The spec's operation object for `operation_id`.
fn spec_operation(operation_id: &str) -> &'static Value {
    let paths = SPEC["paths"].as_object().expect("spec has paths");
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|methods| methods.values())
        .find(|operation| operation["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("no operation `{operation_id}` in spec/xerochat.yaml"))
}

/// A named example of the operation's 200 answer, from the spec.
fn example(operation_id: &str, name: &str) -> Value {
    let pointer = format!("/responses/200/content/application~1json/examples/{name}/value");
    spec_operation(operation_id)
        .pointer(&pointer)
        .cloned()
        .unwrap_or_else(|| panic!("`{operation_id}` has no example `{name}`"))
}

/// A mock server that answers every request with `response`.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A mock server that answers every request with HTTP 200 and `body` as JSON.
async fn server_answering_json(body: Value) -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(body)).await
}

/// A mock server that answers with the docs' success body of `operation_id`, and a client for it.
async fn serve_docs_success(operation_id: &str) -> (MockServer, XeroChat) {
    let server = server_answering_json(example(operation_id, "docs-success")).await;
    let xerochat = client_for(&server);
    (server, xerochat)
}

/// A client for the API served under `/api` by `server`.
fn client_for(server: &MockServer) -> XeroChat {
    XeroChat::new(&format!("{}/api", server.uri()), KEY).expect("a client")
}

/// Everything `server` has received.
async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The one request `server` has received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// `application/x-www-form-urlencoded` text decoded into sorted pairs (`+` is a space, `%XX` a byte).
fn decode_form(encoded: &str) -> Vec<(String, String)> {
    let mut url = Url::parse("http://form.invalid/").expect("static URL");
    url.set_query(Some(encoded));
    let mut pairs: Vec<_> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

/// Expected pairs, sorted like [`decode_form`]'s.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    pairs.sort();
    pairs
}

/// `request` is a body-less GET of `path` whose query string holds exactly `query`.
fn assert_get(request: &Request, path: &str, query: &[(&str, &str)]) {
    assert_eq!(request.method.as_str(), "GET", "method of {}", request.url);
    assert_eq!(request.url.path(), path, "path of {}", request.url);
    assert_eq!(
        decode_form(request.url.query().unwrap_or_default()),
        pairs(query),
        "query string of {path}"
    );
    assert!(
        request.body.is_empty(),
        "GET {path} sent a body: {:?}",
        String::from_utf8_lossy(&request.body)
    );
}

/// `request` is a form POST of `path` whose body holds exactly `form`, with nothing in the URL's query.
fn assert_post(request: &Request, path: &str, form: &[(&str, &str)]) {
    assert_eq!(request.method.as_str(), "POST", "method of {}", request.url);
    assert_eq!(request.url.path(), path, "path of {}", request.url);
    assert_eq!(
        request.url.query(),
        None,
        "POST {path} put something (the API key?) in the query string"
    );
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok());
    assert_eq!(
        content_type,
        Some("application/x-www-form-urlencoded"),
        "content type of POST {path}"
    );
    let body = std::str::from_utf8(&request.body).expect("form body is UTF-8");
    assert_eq!(decode_form(body), pairs(form), "form body of POST {path}");
}

/// The error's `Display`, `Debug` and whole source chain do not contain the API key.
fn assert_no_key(error: &Error) {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        texts.push(format!("{cause:?}"));
        source = cause.source();
    }
    for text in texts {
        assert!(!text.contains(KEY), "the API key leaked: {text}");
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

fn date_time(year: i32, month: u32, day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    date(year, month, day)
        .and_hms_opt(h, m, s)
        .expect("valid time")
}

fn new_user() -> NewUser {
    NewUser {
        name: "test_username".into(),
        email: "test_user+admin@test.com".into(),
        password: "p@ss w&rd=1+%".into(),
        package_id: xerochat_client::PackageId::new(16),
        expired_date: date(2020, 10, 27),
        mobile: Some("01234567891".into()),
        address: None,
    }
}

fn new_contact() -> NewContact {
    NewContact {
        contact_type_id: xerochat_client::ContactGroupId::new(67),
        email: Some("test@test.com".into()),
        phone_number: Some("+441234567891".into()),
        first_name: Some("test_first_name".into()),
        last_name: None,
    }
}

/// Calls `operation_id` through the facade with fixed arguments, keeping only success or failure.
async fn call(xerochat: &XeroChat, operation_id: &str) -> Result<(), Error> {
    match operation_id {
        "get_user_info" => xerochat
            .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
            .await
            .map(drop),
        "create_system_user" => xerochat.create_system_user(&new_user()).await.map(drop),
        "update_user" => {
            let changes = UserChanges {
                name: Some("renamed".into()),
                ..UserChanges::default()
            };
            xerochat
                .update_user(xerochat_client::UserId::new(39), &changes)
                .await
        }
        "get_all_packages" => xerochat.get_all_packages().await.map(drop),
        "subscriber_information" => xerochat
            .subscriber_information(xerochat_client::SubscriberId::new(134242424))
            .await
            .map(drop),
        "get_all_labels" => xerochat
            .get_all_labels(xerochat_client::PageId::new(1123123123123))
            .await
            .map(drop),
        "create_label" => xerochat
            .create_label("Important", xerochat_client::PageId::new(1123123123123))
            .await
            .map(drop),
        "assign_label" => {
            xerochat
                .assign_label(
                    xerochat_client::PageId::new(1123123123123),
                    xerochat_client::SubscriberId::new(134242424),
                    &["2472856209402188"],
                )
                .await
        }
        "get_contact_group" => xerochat
            .get_contact_group(xerochat_client::ContactGroupId::new(4567))
            .await
            .map(drop),
        "create_contact_group" => xerochat.create_contact_group("Group 12").await.map(drop),
        "update_contact_group" => {
            xerochat
                .update_contact_group(xerochat_client::ContactGroupId::new(4567), "Group 13")
                .await
        }
        "delete_contact_group" => xerochat
            .delete_contact_group(xerochat_client::ContactGroupId::new(2))
            .await
            .map(drop),
        "get_contact" => xerochat
            .get_contact(xerochat_client::ContactId::new(233))
            .await
            .map(drop),
        "create_contact" => xerochat.create_contact(&new_contact()).await.map(drop),
        "update_contact" => {
            let changes = ContactChanges {
                first_name: Some("Ana".into()),
                ..ContactChanges::default()
            };
            xerochat
                .update_contact(xerochat_client::ContactId::new(233), &changes)
                .await
        }
        "delete_contact" => xerochat
            .delete_contact(xerochat_client::ContactId::new(3))
            .await
            .map(drop),
        "get_flow_campaigns" => xerochat.get_flow_campaigns().await.map(drop),
        "get_flow_campaign_info" => xerochat
            .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(1))
            .await
            .map(drop),
        "get_single_subscriber_flow_info" => xerochat
            .get_single_subscriber_flow_info(
                xerochat_client::FlowCampaignId::new(1),
                xerochat_client::SubscriberId::new(2499454673490220),
            )
            .await
            .map(drop),
        "get_all_subscriber_flow_info" => xerochat
            .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(1))
            .await
            .map(drop),
        other => panic!("no call for `{other}`"),
    }
}

/// Calls `operation_id` against a server answering `response`; the call must fail.
async fn failing_call(operation_id: &str, response: ResponseTemplate) -> Error {
    let server = server_answering(response).await;
    match call(&client_for(&server), operation_id).await {
        Ok(()) => panic!("`{operation_id}` turned an unusable answer into Ok"),
        Err(error) => {
            assert_no_key(&error);
            error
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Method, path, parameters and the docs' success body, operation by operation
// ---------------------------------------------------------------------------------------------

/// The operations wired up here are the client's: none is stale. (That every operation of the spec
/// has a method is `client_operations.rs`'s job; an operation added to the spec gets one without an
/// edit here, and is wired up here when it earns wire tests of its own.)
#[test]
fn the_wired_operations_are_the_clients() {
    for operation_id in OPERATIONS {
        assert!(
            xerochat_client::OPERATIONS.contains(&operation_id),
            "`{operation_id}` is not an operation of the client"
        );
    }
}

#[tokio::test]
async fn get_user_info_by_id() {
    let (server, xerochat) = serve_docs_success("get_user_info").await;
    let user = xerochat
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_user_info",
        &[("api_key", KEY), ("user_id", "39")],
    );
    assert_eq!(user.id.get(), 39);
    assert_eq!(user.name, "test_username");
    assert_eq!(user.mobile, "01234567891");
    assert_eq!(user.user_type, "Member");
    assert_eq!(user.status, Flag::X1);
    assert_eq!(user.package_id.get(), 16);
    assert_eq!(user.last_login_at.get(), None);
    assert_eq!(user.add_date.get(), Some(date_time(2020, 9, 27, 8, 13, 1)));
    assert_eq!(
        user.expired_date.get(),
        Some(date_time(2020, 10, 27, 0, 0, 0))
    );
}

#[tokio::test]
async fn get_user_info_by_email() {
    let (server, xerochat) = serve_docs_success("get_user_info").await;
    xerochat
        .get_user_info(UserLookup::Email("ana+test@example.com"))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_user_info",
        &[("api_key", KEY), ("email", "ana+test@example.com")],
    );
}

#[tokio::test]
async fn create_system_user() {
    let (server, xerochat) = serve_docs_success("create_system_user").await;
    let id = xerochat
        .create_system_user(&new_user())
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/create_system_user",
        &[
            ("api_key", KEY),
            ("name", "test_username"),
            ("email", "test_user+admin@test.com"),
            ("password", "p@ss w&rd=1+%"),
            ("package_id", "16"),
            ("expired_date", "2020-10-27"),
            ("mobile", "01234567891"),
        ],
    );
    assert_eq!(id, xerochat_client::UserId::new(29));
}

#[tokio::test]
async fn update_user() {
    let (server, xerochat) = serve_docs_success("update_user").await;
    let changes = UserChanges {
        name: Some("test_username".into()),
        package_id: Some(xerochat_client::PackageId::new(16)),
        expired_date: Some(date(2020, 10, 27)),
        active: Some(false),
        ..UserChanges::default()
    };
    xerochat
        .update_user(xerochat_client::UserId::new(39), &changes)
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/update_user/39",
        &[
            ("api_key", KEY),
            ("name", "test_username"),
            ("package_id", "16"),
            ("expired_date", "2020-10-27"),
            ("status", "0"),
        ],
    );
}

#[tokio::test]
async fn get_all_packages() {
    let (server, xerochat) = serve_docs_success("get_all_packages").await;
    let packages = xerochat.get_all_packages().await.expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_all_packages",
        &[("api_key", KEY)],
    );
    assert_eq!(packages.len(), 2);
    assert_eq!(packages[0].id.get(), 1);
    assert_eq!(packages[0].package_name, "Trial");
    assert_eq!(packages[1].id.get(), 16);
    assert_eq!(packages[1].price, "112.35");
    assert_eq!(packages[1].visible, Flag::X1);
}

#[tokio::test]
async fn subscriber_information() {
    let (server, xerochat) = serve_docs_success("subscriber_information").await;
    let subscriber = xerochat
        .subscriber_information(xerochat_client::SubscriberId::new(134242424))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/subscriber_information",
        &[("api_key", KEY), ("subscriber_id", "134242424")],
    );
    assert_eq!(subscriber.subscriber_id, "134242424");
    assert_eq!(subscriber.labels, "");
    assert_eq!(subscriber.page_name.as_deref(), Some("XeroDevs"));
    assert_eq!(subscriber.page_id, "1123123123123");
    assert_eq!(subscriber.phone_number, "01234567891");
    assert_eq!(subscriber.subscribed_at.get(), None);
    assert_eq!(subscriber.birthdate.get(), None);
    assert_eq!(subscriber.last_subscriber_interaction_time.get(), None);
}

#[tokio::test]
async fn get_all_labels() {
    let (server, xerochat) = serve_docs_success("get_all_labels").await;
    let labels = xerochat
        .get_all_labels(xerochat_client::PageId::new(1123123123123))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_all_labels",
        &[("api_key", KEY), ("page_id", "1123123123123")],
    );
    let labels: Vec<_> = labels
        .iter()
        .map(|label| (label.label_id.as_str(), label.label_name.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("2472856209402188", "Important"),
            ("2328660457215897", "Product")
        ]
    );
}

#[tokio::test]
async fn create_label() {
    let (server, xerochat) = serve_docs_success("create_label").await;
    let label_id = xerochat
        .create_label(
            "Important & urgent",
            xerochat_client::PageId::new(1123123123123),
        )
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/create_label",
        &[
            ("api_key", KEY),
            ("label_name", "Important & urgent"),
            ("page_id", "1123123123123"),
        ],
    );
    assert_eq!(label_id, "012345678790", "the leading zero survives");
}

#[tokio::test]
async fn assign_label() {
    let (server, xerochat) = serve_docs_success("assign_label").await;
    xerochat
        .assign_label(
            xerochat_client::PageId::new(1123123123123),
            xerochat_client::SubscriberId::new(134242424),
            &["6243946525492645", "9452768492754035"],
        )
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/assign_label",
        &[
            ("api_key", KEY),
            ("label_ids", "6243946525492645,9452768492754035"),
            ("page_id", "1123123123123"),
            ("subscriber_id", "134242424"),
        ],
    );
}

#[tokio::test]
async fn get_contact_group() {
    let (server, xerochat) = serve_docs_success("get_contact_group").await;
    let group = xerochat
        .get_contact_group(xerochat_client::ContactGroupId::new(4567))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_contact_group",
        &[("api_key", KEY), ("contact_type_id", "4567")],
    );
    assert_eq!(group.id.get(), 4567);
    assert_eq!(group.user_id.get(), 345);
    assert_eq!(group.type_, "Group 12");
    assert_eq!(
        group.created_at.get(),
        Some(date_time(2020, 10, 28, 13, 40, 46))
    );
    assert_eq!(group.deleted, Flag::X0);
}

#[tokio::test]
async fn create_contact_group() {
    let (server, xerochat) = serve_docs_success("create_contact_group").await;
    let id = xerochat
        .create_contact_group("Group 12")
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/create_contact_group",
        &[("api_key", KEY), ("name", "Group 12")],
    );
    assert_eq!(id, xerochat_client::ContactGroupId::new(276));
}

#[tokio::test]
async fn update_contact_group() {
    let (server, xerochat) = serve_docs_success("update_contact_group").await;
    xerochat
        .update_contact_group(xerochat_client::ContactGroupId::new(4567), "Group 13")
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/update_contact_group/4567",
        &[("api_key", KEY), ("name", "Group 13")],
    );
}

#[tokio::test]
async fn delete_contact_group() {
    let (server, xerochat) = serve_docs_success("delete_contact_group").await;
    let message = xerochat
        .delete_contact_group(xerochat_client::ContactGroupId::new(2))
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/delete_contact_group",
        &[("api_key", KEY), ("contact_type_id", "2")],
    );
    assert_eq!(message, "The contact type ID (2) has been deleted");
}

#[tokio::test]
async fn get_contact() {
    let (server, xerochat) = serve_docs_success("get_contact").await;
    let contact = xerochat
        .get_contact(xerochat_client::ContactId::new(233))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_contact",
        &[("api_key", KEY), ("contact_id", "233")],
    );
    assert_eq!(contact.id.get(), 233);
    assert_eq!(contact.contact_type_id, "67");
    assert_eq!(contact.first_name, "test_first_name");
    assert_eq!(contact.email.as_deref(), Some("test@test.com"));
    assert_eq!(contact.phone_number.as_deref(), Some("01234567891"));
    assert_eq!(contact.unsubscribed, Flag::X0);
    assert_eq!(contact.status, None, "the docs' row has no `status`");
}

#[tokio::test]
async fn create_contact() {
    let (server, xerochat) = serve_docs_success("create_contact").await;
    let id = xerochat
        .create_contact(&new_contact())
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/create_contact",
        &[
            ("api_key", KEY),
            ("contact_type_id", "67"),
            ("email", "test@test.com"),
            ("phone_number", "+441234567891"),
            ("first_name", "test_first_name"),
        ],
    );
    assert_eq!(id, xerochat_client::ContactId::new(45));
}

#[tokio::test]
async fn update_contact() {
    let (server, xerochat) = serve_docs_success("update_contact").await;
    let changes = ContactChanges {
        first_name: Some("Ana María".into()),
        phone_number: Some("01234567891".into()),
        ..ContactChanges::default()
    };
    xerochat
        .update_contact(xerochat_client::ContactId::new(233), &changes)
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/update_contact/233",
        &[
            ("api_key", KEY),
            ("first_name", "Ana María"),
            ("phone_number", "01234567891"),
        ],
    );
}

#[tokio::test]
async fn delete_contact() {
    let (server, xerochat) = serve_docs_success("delete_contact").await;
    let message = xerochat
        .delete_contact(xerochat_client::ContactId::new(3))
        .await
        .expect("docs success");
    assert_post(
        &only_request(&server).await,
        "/api/delete_contact",
        &[("api_key", KEY), ("contact_id", "3")],
    );
    assert_eq!(message, "The contact ID (3) has been deleted");
}

#[tokio::test]
async fn get_flow_campaigns() {
    let (server, xerochat) = serve_docs_success("get_flow_campaigns").await;
    let campaigns = xerochat.get_flow_campaigns().await.expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_flow_campaigns",
        &[("api_key", KEY)],
    );
    let ids: Vec<i64> = campaigns.iter().map(|campaign| campaign.id.get()).collect();
    assert_eq!(ids, [1, 2, 3, 6]);
    assert_eq!(campaigns[3].flow_name, "Flow Campaign 4");
}

#[tokio::test]
async fn get_flow_campaign_info() {
    let (server, xerochat) = serve_docs_success("get_flow_campaign_info").await;
    let info = xerochat
        .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(1))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_flow_campaign_info",
        &[("api_key", KEY), ("flow_campaign_id", "1")],
    );
    assert_eq!(info.id.get(), 1);
    assert_eq!(info.flow_name, "serial check");
    assert_eq!(info.questions.len(), 5);
    assert_eq!(
        info.questions[1].as_deref(),
        Some("What is your favorite pet?")
    );
}

#[tokio::test]
async fn get_single_subscriber_flow_info() {
    let (server, xerochat) = serve_docs_success("get_single_subscriber_flow_info").await;
    let info = xerochat
        .get_single_subscriber_flow_info(
            xerochat_client::FlowCampaignId::new(1),
            xerochat_client::SubscriberId::new(2499454673490220),
        )
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_single_subscriber_flow_info",
        &[
            ("api_key", KEY),
            ("flow_campaign_id", "1"),
            ("subscriber_id", "2499454673490220"),
        ],
    );
    assert_eq!(info.id.as_deref().map(String::as_str), Some("1"));
    assert_eq!(info.flow_name.as_deref(), Some("Flow Campaign 1"));
    assert_eq!(info.data.len(), 5);
    let first = &info.data[0];
    assert_eq!(first.question_id.as_deref().map(String::as_str), Some("45"));
    assert_eq!(first.question.as_deref(), Some("What do you like to do?"));
    assert_eq!(first.answer, "Reading, Traveling, Watching Movies");
}

#[tokio::test]
async fn get_all_subscriber_flow_info() {
    let (server, xerochat) = serve_docs_success("get_all_subscriber_flow_info").await;
    let info = xerochat
        .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(1))
        .await
        .expect("docs success");
    assert_get(
        &only_request(&server).await,
        "/api/get_all_subscriber_flow_info",
        &[("api_key", KEY), ("flow_campaign_id", "1")],
    );
    assert_eq!(info.flow_name.as_deref(), Some("serial check"));
    let AllSubscribersFlowData::FlowAnswersBySubscriber(by_subscriber) = &info.data else {
        panic!("answers keyed by subscriber expected, got {:?}", info.data);
    };
    let subscribers: Vec<&str> = by_subscriber.keys().map(String::as_str).collect();
    assert_eq!(subscribers, ["2499454673490220", "3001440154747507"]);
    assert_eq!(by_subscriber["3001440154747507"][1].answer, "Cat");
}

// ---------------------------------------------------------------------------------------------
// 2. The error envelope is an Err
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_error_envelope_is_a_service_error() {
    let server =
        server_answering_json(example("get_user_info", "docs-error-no-matching-user")).await;
    let error = client_for(&server)
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(12)))
        .await
        .expect_err("an error envelope is not a success");
    assert!(
        matches!(&error, Error::Service { message } if *message == ServiceMessage::NoMatchingUserFound),
        "{error:?}"
    );
    assert_eq!(
        error
            .service_message()
            .map(|message| message.text().into_owned())
            .as_deref(),
        Some("No Matching User Found")
    );
    assert!(
        error.to_string().contains("No Matching User Found"),
        "{error}"
    );
    assert_no_key(&error);
}

#[tokio::test]
async fn an_info_envelope_is_an_error_with_status_info() {
    let server =
        server_answering_json(example("update_contact", "service-info-nothing-changed")).await;
    let changes = ContactChanges {
        first_name: Some("test_first_name".into()),
        ..ContactChanges::default()
    };
    let error = client_for(&server)
        .update_contact(xerochat_client::ContactId::new(233), &changes)
        .await
        .expect_err("`info` means nothing changed");
    assert!(
        matches!(&error, Error::Info { .. }) && error.is_info(),
        "{error:?}"
    );
    assert_eq!(
        error.service_message(),
        Some(&ServiceMessage::MakeSureYouChangedToUpdateTheContact)
    );
}

#[tokio::test]
async fn a_facebook_error_object_is_a_service_error_holding_its_json() {
    let server = server_answering_json(example("create_label", "service-error-facebook")).await;
    let error = client_for(&server)
        .create_label("Important", xerochat_client::PageId::new(1123123123123))
        .await
        .expect_err("Facebook refused");
    let message = error.service_message().expect("a service error").text();
    let object: Value = serde_json::from_str(&message).expect("the message is Facebook's JSON");
    assert_eq!(object["type"], "OAuthException");
    assert_eq!(object["code"], 190);
    assert_eq!(object["fbtrace_id"], "AbCdEfGhIjK");
}

#[tokio::test]
async fn every_operation_turns_an_error_envelope_into_err() {
    let envelope =
        json!({"status": "error", "message": "Either API Key Invalid or Member Validity Expired"});
    for operation_id in OPERATIONS {
        let error = failing_call(
            operation_id,
            ResponseTemplate::new(200).set_body_json(&envelope),
        )
        .await;
        assert_eq!(
            error.service_message(),
            Some(&ServiceMessage::EitherApiKeyInvalidOrMemberValidityExpired),
            "`{operation_id}`: {error:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Unusable answers give a clear error
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_html_page_with_status_200_is_an_unexpected_body() {
    for operation_id in OPERATIONS {
        let error = failing_call(
            operation_id,
            ResponseTemplate::new(200).set_body_raw(HTML_404_PAGE, "text/html"),
        )
        .await;
        let Error::UnexpectedBody {
            operation, excerpt, ..
        } = &error
        else {
            panic!("`{operation_id}`: expected UnexpectedBody, got {error:?}");
        };
        assert_eq!(*operation, operation_id);
        assert!(excerpt.starts_with("<!DOCTYPE html>"), "{excerpt}");
        assert!(
            excerpt.chars().count() <= 201 && excerpt.ends_with('…'),
            "a long page is cut short: {excerpt}"
        );
        let text = error.to_string();
        assert!(text.contains(&format!("`{operation_id}`")), "{text}");
        assert!(text.contains("<!DOCTYPE html>"), "{text}");
    }
}

#[tokio::test]
async fn an_empty_body_is_an_unexpected_body() {
    for operation_id in OPERATIONS {
        let error = failing_call(operation_id, ResponseTemplate::new(200)).await;
        assert!(
            matches!(&error, Error::UnexpectedBody { operation, excerpt, .. }
                if *operation == operation_id && excerpt == "(empty body)"),
            "`{operation_id}`: {error:?}"
        );
    }
}

#[tokio::test]
async fn json_of_another_shape_is_an_unexpected_body() {
    for operation_id in OPERATIONS {
        let error = failing_call(
            operation_id,
            ResponseTemplate::new(200).set_body_json(json!({"unexpected": true})),
        )
        .await;
        assert!(
            matches!(&error, Error::UnexpectedBody { operation, excerpt, .. }
                if *operation == operation_id && excerpt.contains("unexpected")),
            "`{operation_id}`: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_created_id_sent_as_a_string_is_an_unexpected_body() {
    let server = server_answering_json(json!({"status": "success", "id": "29"})).await;
    let error = client_for(&server)
        .create_system_user(&new_user())
        .await
        .expect_err("the id must be a JSON integer");
    assert!(
        matches!(
            &error,
            Error::UnexpectedBody {
                operation: "create_system_user",
                ..
            }
        ),
        "{error:?}"
    );
    assert_no_key(&error);
}

#[tokio::test]
async fn a_wrong_typed_nested_field_is_named_with_its_path() {
    let mut body = example("get_user_info", "docs-success");
    body["user_info"]["package_id"] = json!({"id": 16});
    let server = server_answering_json(body).await;
    let error = client_for(&server)
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .expect_err("package_id must be a string");
    let Error::UnexpectedBody {
        operation, path, ..
    } = &error
    else {
        panic!("expected UnexpectedBody, got {error:?}");
    };
    assert_eq!(*operation, "get_user_info");
    assert_eq!(path.as_deref(), Some("user_info.package_id"));
    let text = error.to_string();
    assert!(text.contains("`get_user_info`"), "{text}");
    assert!(text.contains("`user_info.package_id`"), "{text}");
    assert!(text.contains("invalid type: map"), "{text}");
    assert!(!text.contains("untagged enum"), "{text}");
    assert_no_key(&error);
}

#[tokio::test]
async fn a_path_in_a_bare_array_answer_counts_items() {
    let mut body = example("get_flow_campaigns", "docs-success");
    body[2]["flow_name"] = json!(7);
    let server = server_answering_json(body).await;
    let error = client_for(&server)
        .get_flow_campaigns()
        .await
        .expect_err("flow_name must be a string");
    assert!(
        matches!(&error, Error::UnexpectedBody { path: Some(path), .. } if path == "[2].flow_name"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_malformed_error_envelope_is_read_as_the_envelope() {
    let server = server_answering_json(json!({"status": "error", "message": ["a", "list"]})).await;
    let error = client_for(&server)
        .get_contact(xerochat_client::ContactId::new(233))
        .await
        .expect_err("the message must be a string or an object");
    let Error::UnexpectedBody { path, reason, .. } = &error else {
        panic!("expected UnexpectedBody, got {error:?}");
    };
    // The envelope's field, not the success body's missing `id`.
    assert_eq!(path.as_deref(), Some("message"), "{reason}");
}

#[tokio::test]
async fn a_body_that_is_not_json_has_no_path() {
    let error = failing_call(
        "get_contact",
        ResponseTemplate::new(200).set_body_raw(HTML_404_PAGE, "text/html"),
    )
    .await;
    assert!(
        matches!(&error, Error::UnexpectedBody { path: None, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_500_with_an_html_body_is_an_unexpected_status() {
    for operation_id in OPERATIONS {
        let error = failing_call(
            operation_id,
            ResponseTemplate::new(500).set_body_raw(HTML_DATABASE_ERROR, "text/html"),
        )
        .await;
        let Error::UnexpectedStatus { status, excerpt } = &error else {
            panic!("`{operation_id}`: expected UnexpectedStatus, got {error:?}");
        };
        assert_eq!(*status, 500);
        assert!(excerpt.contains("A Database Error Occurred"), "{excerpt}");
        let text = error.to_string();
        assert!(text.contains("500"), "{text}");
        assert!(text.contains("A Database Error Occurred"), "{text}");
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("bound address");
    drop(listener);
    let xerochat = XeroChat::builder(&format!("http://{address}/api"), KEY)
        .retry_policy(xerochat_client::RetryPolicy::none())
        .build()
        .expect("a client");
    for operation_id in OPERATIONS {
        let error = call(&xerochat, operation_id)
            .await
            .expect_err("nobody listens");
        assert!(
            matches!(error, Error::Transport { .. }),
            "`{operation_id}`: {error:?}"
        );
        assert_no_key(&error);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Credentials never leak
// ---------------------------------------------------------------------------------------------

#[test]
fn the_client_debug_hides_the_key() {
    let xerochat = XeroChat::new("https://cytechbot.com/api", KEY);
    for text in [format!("{xerochat:?}"), format!("{xerochat:#?}")] {
        assert!(!text.contains(KEY), "the API key leaked: {text}");
    }
}

#[test]
fn new_user_debug_hides_the_password() {
    let user = new_user();
    let text = format!("{user:?}");
    assert!(
        !text.contains(&user.password),
        "the password leaked: {text}"
    );
    assert!(text.contains("test_username"), "{text}");
}

#[tokio::test]
async fn a_transport_error_of_a_get_call_does_not_show_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("bound address");
    drop(listener);
    // The key travels in the query string of GET calls, so it is in the URL reqwest failed to reach.
    let error = XeroChat::new(&format!("http://{address}/api"), KEY)
        .expect("a client")
        .get_contact(ContactId::new(233))
        .await
        .expect_err("nobody listens");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_no_key(&error);
}

#[tokio::test]
async fn an_unexpected_body_of_a_get_call_does_not_show_the_key() {
    let error = failing_call(
        "get_user_info",
        ResponseTemplate::new(200).set_body_raw(HTML_404_PAGE, "text/html"),
    )
    .await;
    assert!(matches!(error, Error::UnexpectedBody { .. }), "{error:?}");
    assert_no_key(&error);
}

// ---------------------------------------------------------------------------------------------
// 5. Requests refused before sending
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_contact_without_email_or_phone_is_refused_unsent() {
    let (server, xerochat) = serve_docs_success("create_contact").await;
    let contact = NewContact {
        first_name: Some("Ana".into()),
        ..NewContact::in_group(xerochat_client::ContactGroupId::new(67))
    };
    let error = xerochat
        .create_contact(&contact)
        .await
        .expect_err("the service would refuse it");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn assigning_no_label_is_refused_unsent() {
    let (server, xerochat) = serve_docs_success("assign_label").await;
    let error = xerochat
        .assign_label(
            xerochat_client::PageId::new(1123123123123),
            xerochat_client::SubscriberId::new(134242424),
            &[],
        )
        .await
        .expect_err("no label to assign");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}
