//! The router generated from `xtask/corpus/access.yaml`: the spec's access extensions are behaviour.
//! Every operation asks the implementation's `authorize` with what the spec says (the credential
//! wherever it is, `x-admin-only`), before the operation's `x-at-least-one-of` rule, which the router
//! enforces with the spec's message on parameters, form and JSON bodies alike.

mod support;

use std::sync::{Arc, Mutex};

use generator_corpus::access::server::{self as api, Api};
use server_support::{Access, Rejection};
use support::{get, send, Answer};

/// Lets `admin` call everything and `member` what is not admin-only; remembers what it was asked.
#[derive(Clone, Default)]
struct Gate(Arc<Mutex<Vec<Access>>>);

impl Gate {
    fn asked(&self) -> Vec<Access> {
        self.0.lock().unwrap().clone()
    }
}

impl Api for Gate {
    async fn authorize(&self, access: Access) -> Result<(), Rejection> {
        self.0.lock().unwrap().push(access.clone());
        match (access.credential.as_deref(), access.admin_only) {
            (Some("admin"), _) | (Some("member"), false) | (None, false) => Ok(()),
            (Some("member"), true) => Err(Rejection::Forbidden("admins only".into())),
            _ => Err(Rejection::MissingCredential("who are you?".into())),
        }
    }
    async fn get_reports(&self, _: api::GetReportsRequest) -> api::GetReportsResponse {
        api::GetReportsResponse::NoContent
    }
    async fn add_note(&self, _: api::AddNoteRequest) -> api::AddNoteResponse {
        api::AddNoteResponse::NoContent
    }
    async fn add_item(&self, _: api::AddItemRequest) -> api::AddItemResponse {
        api::AddItemResponse::NoContent
    }
    async fn get_secure(&self, _: api::GetSecureRequest) -> api::GetSecureResponse {
        api::GetSecureResponse::NoContent
    }
    async fn put_loose(&self, _: api::PutLooseRequest) -> api::PutLooseResponse {
        api::PutLooseResponse::NoContent
    }
}

async fn form(router: &axum::Router, path: &str, body: &'static str) -> Answer {
    let headers = [("content-type", "application/x-www-form-urlencoded")];
    send(router, "POST", path, &headers, body).await
}

#[tokio::test]
async fn the_implementation_is_asked_with_the_credential_and_the_admin_flag() {
    let gate = Gate::default();
    let router = api::router(gate.clone());
    assert_eq!(get(&router, "/reports?key=admin&from=1").await.status, 204);
    assert_eq!(
        form(&router, "/notes", "key=member&title=t").await.status,
        204
    );
    let asked = gate.asked();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0].operation, "getReports");
    assert!(asked[0].admin_only);
    assert_eq!(asked[0].credential.as_deref(), Some("admin"));
    // The credential field of a form body is found in the body.
    assert_eq!(asked[1].operation, "addNote");
    assert!(!asked[1].admin_only);
    assert_eq!(asked[1].credential.as_deref(), Some("member"));
}

#[tokio::test]
async fn an_admin_only_operation_refuses_a_member_in_the_apis_shape() {
    let router = api::router(Gate::default());
    let answer = get(&router, "/reports?key=member&from=1").await;
    assert_eq!(answer.problem(403), "admins only");
    let answer = send(
        &router,
        "GET",
        "/secure",
        &[("authorization", "Bearer member")],
        "",
    )
    .await;
    assert_eq!(answer.problem(403), "admins only");
    let answer = send(
        &router,
        "GET",
        "/secure",
        &[("authorization", "Bearer admin")],
        "",
    )
    .await;
    assert_eq!(answer.status, 204);
}

#[tokio::test]
async fn the_caller_is_authorized_before_the_at_least_one_of_rule() {
    let router = api::router(Gate::default());
    // Missing required fields come first, with the spec's message; then the caller; then the rule.
    assert_eq!(
        get(&router, "/reports?from=1").await.problem(400),
        "key needed"
    );
    assert_eq!(
        get(&router, "/reports?key=nobody").await.problem(401),
        "who are you?"
    );
    assert_eq!(
        get(&router, "/reports?key=admin").await.problem(400),
        "give from or to"
    );
    assert_eq!(get(&router, "/reports?key=admin&to=3").await.status, 204);
}

#[tokio::test]
async fn the_rule_reads_form_and_json_bodies_and_every_media_type() {
    let router = api::router(Gate::default());
    let note = form(&router, "/notes", "key=member").await;
    assert_eq!(note.problem(400), "a note needs a title or a text");
    assert_eq!(
        form(&router, "/notes", "key=member&text=x").await.status,
        204
    );

    let json = [("content-type", "application/json")];
    let empty = send(&router, "POST", "/items", &json, "{}").await;
    assert_eq!(empty.problem(400), "name or tag");
    let tagged = send(&router, "POST", "/items", &json, r#"{"tag":"x"}"#).await;
    assert_eq!(tagged.status, 204);
    assert_eq!(form(&router, "/items", "name=y").await.status, 204);
    assert_eq!(
        form(&router, "/items", "other=y").await.problem(400),
        "name or tag"
    );
}

#[tokio::test]
async fn a_rule_without_a_message_is_documentation_only() {
    let router = api::router(Gate::default());
    assert_eq!(send(&router, "PUT", "/loose", &[], "").await.status, 204);
}

#[tokio::test]
async fn the_example_router_enforces_the_rules_without_an_implementation() {
    let router = api::example_router();
    let answer = get(&router, "/reports?key=anyone").await;
    assert_eq!(answer.problem(400), "give from or to");
    assert_eq!(get(&router, "/reports?key=anyone&from=2").await.status, 204);
}
