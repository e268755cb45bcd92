//! The router generated from `xtask/corpus/security.yaml`: credentials of every scheme are extracted
//! into the typed request, requirements are alternatives, and a missing credential is a 401.

mod support;

use std::sync::{Arc, Mutex};

use generator_corpus::security::server::{self as api, Api};
use support::send;

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<String>>);

impl Seen {
    fn set(&self, text: String) {
        *self.0.lock().unwrap() = text;
    }
    fn get(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

impl Api for Seen {
    async fn public_info(&self, _: api::PublicInfoRequest) -> api::PublicInfoResponse {
        self.set("public".into());
        api::PublicInfoResponse::NoContent
    }
    async fn either(&self, request: api::EitherRequest) -> api::EitherResponse {
        self.set(format!(
            "{:?} {:?} {:?}",
            request.basic.map(|b| (b.username, b.password)),
            request.header_key,
            request.query_key
        ));
        api::EitherResponse::NoContent
    }
    async fn with_token(&self, request: api::WithTokenRequest) -> api::WithTokenResponse {
        self.set(request.bearer);
        api::WithTokenResponse::NoContent
    }
    async fn with_oauth(&self, request: api::WithOauthRequest) -> api::WithOauthResponse {
        self.set(format!("{:?} {:?}", request.oauth, request.oidc));
        api::WithOauthResponse::NoContent
    }
    async fn with_cookie(&self, request: api::WithCookieRequest) -> api::WithCookieResponse {
        self.set(format!("{:?}", request.cookie_key));
        api::WithCookieResponse::NoContent
    }
}

#[tokio::test]
async fn each_scheme_is_extracted() {
    let seen = Seen::default();
    let router = api::router(seen.clone());
    let call = |path: &'static str, headers: Vec<(&'static str, &'static str)>| {
        let router = router.clone();
        async move { send(&router, "GET", path, &headers, "").await.status }
    };
    assert_eq!(call("/public", vec![]).await, 204);
    assert_eq!(
        call("/either", vec![("authorization", "Basic dXNlcjpwdw==")]).await,
        204
    );
    assert_eq!(seen.get(), r#"Some(("user", "pw")) None None"#);
    assert_eq!(call("/either?key=q", vec![("x-api-key", "h")]).await, 204);
    assert_eq!(seen.get(), r#"None Some("h") Some("q")"#);
    assert_eq!(
        call("/token", vec![("authorization", "Bearer t0k")]).await,
        204
    );
    assert_eq!(seen.get(), "t0k");
    assert_eq!(
        call("/oauth", vec![("authorization", "bearer abc")]).await,
        204
    );
    assert_eq!(seen.get(), r#"Some("abc") None"#);
    assert_eq!(call("/cookie", vec![("cookie", "sid=c00k")]).await, 204);
    assert_eq!(seen.get(), r#"Some("c00k")"#);
    assert_eq!(
        call("/cookie", vec![]).await,
        204,
        "anonymous is one of the alternatives"
    );
    assert_eq!(seen.get(), "None");
}

#[tokio::test]
async fn a_missing_credential_is_a_401() {
    let router = api::router(Seen::default());
    let detail = send(&router, "GET", "/either", &[("x-api-key", "h")], "")
        .await
        .problem(401);
    assert!(
        detail.contains("basic"),
        "the first alternative is named: {detail}"
    );
    send(
        &router,
        "GET",
        "/token",
        &[("authorization", "Basic dXNlcjpwdw==")],
        "",
    )
    .await
    .problem(401);
    send(&router, "GET", "/token", &[], "").await.problem(401);
}
