//! The generated table of APIs, as served: every API of `apis.toml` is mounted where the table says,
//! its spec is served in both formats and listed in the docs index, and unknown paths under its mount
//! are answered in its shape. Nothing here names an API, so an added API is checked with no change.

use std::net::SocketAddr;

use axum::http::Method;
use mock_server::{api_for_path, Credentials, MockApi, APIS};
use serde_json::Value;
use server_support::Rejection;

/// The whole app on a free loopback port, served until the test ends.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("address");
    let app = mock_server::app(&Credentials::default(), addr).expect("app");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Status and body of the answer the mock gives a path no router takes under `api`'s mount.
async fn unknown_answer(api: &MockApi, method: &Method, path: &str) -> (u16, Vec<u8>) {
    let message = format!("No operation at {method} {path}");
    let response = api.rejections.respond(Rejection::UnknownOperation(message));
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, body.to_vec())
}

/// Every operation of `spec`: method and path with each `{parameter}` filled in.
fn operations(spec: &Value) -> Vec<(Method, String)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        let filled: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') && segment.ends_with('}') {
                    "1"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item.get(method).is_some() {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                found.push((method, filled.clone()));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_api_is_mounted_and_its_spec_served_in_both_formats() {
    assert!(!APIS.is_empty());
    let base = serve().await;
    let client = reqwest::Client::new();
    let index = client
        .get(format!("{base}/docs"))
        .send()
        .await
        .expect("docs")
        .text()
        .await
        .expect("text");
    for api in APIS {
        let spec = api.spec_value().expect("the embedded spec parses");
        assert!(
            index.contains(&format!("href=\"/docs/{}/\"", api.mount)),
            "{} is in the docs index",
            api.name
        );

        let json: Value = client
            .get(format!("{base}/{}/openapi.json", api.mount))
            .send()
            .await
            .expect("json spec")
            .json()
            .await
            .expect("JSON");
        let yaml = client
            .get(format!("{base}/{}/openapi.yaml", api.mount))
            .send()
            .await
            .expect("yaml spec")
            .text()
            .await
            .expect("text");
        let yaml: Value = serde_yaml_ng::from_str(&yaml).expect("YAML");
        for served in [&json, &yaml] {
            assert_eq!(served["info"], spec["info"], "{}", api.name);
            assert_eq!(served["paths"], spec["paths"], "{}", api.name);
            assert_eq!(
                served["servers"][0]["url"],
                format!("{base}{}", api.path),
                "{}: the served spec points at this server",
                api.name
            );
        }

        let operations = operations(&spec);
        assert!(!operations.is_empty(), "{} has operations", api.name);
        for (method, path) in operations {
            let full = format!("{}{path}", api.path);
            let response = client
                .request(method.clone(), format!("{base}{full}"))
                .send()
                .await
                .expect("answered");
            let answer = (
                response.status().as_u16(),
                response.bytes().await.expect("body").to_vec(),
            );
            assert_ne!(
                answer,
                unknown_answer(api, &method, &full).await,
                "{} {method} {full} reaches the API's router",
                api.name
            );
        }

        // The API's base path, with or without a trailing slash or a query, is its router's `/`.
        let mut roots = Vec::new();
        for root in [
            api.path.to_owned(),
            format!("{}/", api.path),
            format!("{}?probe=1", api.path),
            format!("{}/?probe=1", api.path),
        ] {
            let response = client
                .get(format!("{base}{root}"))
                .send()
                .await
                .expect("answered");
            roots.push((
                response.status().as_u16(),
                response.bytes().await.expect("body").to_vec(),
            ));
        }
        assert!(
            roots.iter().all(|root| *root == roots[0]),
            "{}: every form of the base",
            api.name
        );
        if spec["paths"]["/"]["get"].is_null() {
            assert_eq!(
                roots[0],
                unknown_answer(api, &Method::GET, "/").await,
                "{}: the base path reaches the API's router as `/`",
                api.name
            );
        }

        let nowhere = format!("{}/no-such-operation", api.path);
        let response = client
            .get(format!("{base}{nowhere}"))
            .send()
            .await
            .expect("answered");
        let (status, _) = unknown_answer(api, &Method::GET, &nowhere).await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{}: an unknown path is answered in its shape",
            api.name
        );
    }
}

#[test]
fn paths_belong_to_the_api_of_their_mount() {
    for api in APIS {
        for path in [
            format!("/{}", api.mount),
            format!("/{}/", api.mount),
            format!("{}/anything", api.path),
        ] {
            assert_eq!(
                api_for_path(&path).map(|a| a.name),
                Some(api.name),
                "{path}"
            );
        }
        assert!(api_for_path(&format!("/{}x", api.mount)).is_none());
    }
    assert!(api_for_path("/").is_none());
    assert!(api_for_path("/docs").is_none());
}
