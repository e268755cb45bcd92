//! The router generated from `xtask/corpus/bodies.yaml`: a body is read by its media type, several
//! media types on one operation reach their own variant, and an undeclared one is a 415.

mod support;

use generator_corpus::bodies::server::{self as api, types, Api};
use support::send;

struct Pets;

fn pet(name: String, age: Option<u64>) -> types::Pet {
    serde_json::from_value(serde_json::json!({"id": 1, "name": name, "age": age})).expect("a pet")
}

impl Api for Pets {
    async fn add_pet(&self, request: api::AddPetRequest) -> api::AddPetResponse {
        let (name, age) = match request.body {
            api::AddPetBody::ApplicationJsonCharsetUtf8(new) => {
                (format!("json:{}", new.name.as_str()), new.age)
            }
            api::AddPetBody::ApplicationXWwwFormUrlencoded(new) => {
                (format!("form:{}", new.name.as_str()), new.age)
            }
            api::AddPetBody::TextPlain(text) => (format!("text:{text}"), None),
        };
        api::AddPetResponse::Created(pet(name, age))
    }

    async fn patch_pet(&self, request: api::PatchPetRequest) -> api::PatchPetResponse {
        let name = match request.body {
            Some(patch) => patch.name.as_str().to_owned(),
            None => "unchanged".to_owned(),
        };
        api::PatchPetResponse::Ok(pet(name, None))
    }

    async fn put_photo(&self, request: api::PutPhotoRequest) -> api::PutPhotoResponse {
        assert_eq!(request.body, b"\x89PNG\x00\xff".to_vec());
        api::PutPhotoResponse::NoContent
    }
}

#[tokio::test]
async fn several_media_types_reach_their_own_variant() {
    let router = api::router(Pets);
    for (content_type, body, name) in [
        ("application/json", r#"{"name":"Rex","age":3}"#, "json:Rex"),
        (
            "application/json; charset=utf-8",
            r#"{"name":"Rex"}"#,
            "json:Rex",
        ),
        (
            "application/x-www-form-urlencoded",
            "name=Tom&age=2",
            "form:Tom",
        ),
        ("text/plain", "Felix", "text:Felix"),
    ] {
        let answer = send(
            &router,
            "POST",
            "/pets",
            &[("content-type", content_type)],
            body,
        )
        .await;
        assert_eq!(
            answer.status,
            201,
            "{content_type}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(
            answer.header("content-type"),
            "application/json; charset=utf-8"
        );
        assert_eq!(answer.json()["name"], name, "{content_type}");
    }
    let answer = send(
        &router,
        "POST",
        "/pets",
        &[("content-type", "application/x-www-form-urlencoded")],
        "name=Tom&age=2",
    )
    .await;
    assert_eq!(
        answer.json()["age"],
        2,
        "form fields are typed by the schema"
    );
}

#[tokio::test]
async fn bad_bodies_are_refused_by_kind() {
    let router = api::router(Pets);
    let detail = send(
        &router,
        "POST",
        "/pets",
        &[("content-type", "application/xml")],
        "<pet/>",
    )
    .await
    .problem(415);
    assert!(detail.contains("application/xml"), "{detail}");
    let detail = send(&router, "POST", "/pets", &[], "").await.problem(400);
    assert!(detail.contains("required"), "{detail}");
    let detail = send(
        &router,
        "POST",
        "/pets",
        &[("content-type", "application/json")],
        r#"{"age":1}"#,
    )
    .await
    .problem(400);
    assert!(detail.contains("name"), "{detail}");
    let detail = send(
        &router,
        "POST",
        "/pets",
        &[("content-type", "application/json")],
        "{",
    )
    .await
    .problem(400);
    assert!(detail.contains("JSON"), "{detail}");
    let big = vec![b'x'; (1 << 20) + 1];
    send(
        &router,
        "POST",
        "/pets",
        &[("content-type", "text/plain")],
        big,
    )
    .await
    .problem(413);
}

#[tokio::test]
async fn optional_json_variants_and_bytes() {
    let router = api::router(Pets);
    let answer = send(
        &router,
        "PATCH",
        "/pets/1",
        &[("content-type", "application/merge-patch+json")],
        r#"{"name":"Max"}"#,
    )
    .await;
    assert_eq!(answer.json()["name"], "Max");
    let answer = send(&router, "PATCH", "/pets/1", &[], "").await;
    assert_eq!(answer.json()["name"], "unchanged", "the body is optional");
    let answer = send(
        &router,
        "PUT",
        "/pets/1/photo",
        &[("content-type", "application/octet-stream")],
        b"\x89PNG\x00\xff".to_vec(),
    )
    .await;
    assert_eq!(answer.status, 204);
}
