//! Wire tests of `bot_open_api_client::BotClient` against a local wiremock server, one per test.
//!
//! The unit tests of the client crate check its pieces in isolation; these check what actually goes
//! over the wire and how the client reacts to what comes back, because that is where the Bot Open API
//! is unusual and where a client breaks silently:
//!
//! - login: `POST /login` with `{appId, appSecret}` and no token, then the token sent raw in
//!   `Authorization` (no `Bearer`: the service answers 401 to that), and one login for many calls;
//! - request bodies and query strings of `listUsers`, `listTranscripts` and `getBotUsage`;
//! - token renewal: near an expiry given as `expireAt`, `expiresAt` or only the JWT's `exp`, once after
//!   a 401 (and only once: no retry loop), and a single login shared by concurrent calls;
//! - paging: the `users` and `transcripts` streams walk every page in order and stop on an error;
//! - open types: unknown message kinds and channel codes are kept, not a failure;
//! - errors: the service's error body, non-JSON and empty bodies, failed logins;
//! - credentials: neither the app secret nor a token shows in any `Debug` or `Display` output.
//!
//! The mock issues tokens `opaque-token-1-…`, `opaque-token-2-…` in order, so a test can tell which
//! login's token a request carried.

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bot_open_api_client::{
    types, BotClient, ChannelId, Error, MessageKind, TranscriptQuery, UserQuery,
};
use chrono::{SecondsFormat, TimeZone, Utc};
use futures::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const APP_ID: &str = "6512a0c3f1e2d40012ab34cd";
const APP_SECRET: &str = "2bb80d537b1da3e38bd30361aa855686bde0eacd";
/// Every token the mock issues contains this, so a leak check catches any of them.
const TOKEN_MARKER: &str = "opaque-token";
const PHONE: &str = "+919820012345";

/// The `n`th token the mock issues (from 1); opaque, so the client cannot read an expiry from it.
fn token(n: usize) -> String {
    format!("{TOKEN_MARKER}-{n}-5b7e91c4")
}

/// How the mock's `/login` answers the token's expiry.
#[derive(Clone, Copy, Debug)]
enum Expiry {
    /// No expiry at all (and an opaque token): the token is used until refused.
    Absent,
    /// `expireAt`, this many seconds from now (the documented name).
    ExpireAt(i64),
    /// `expiresAt`, this many seconds from now (the name some responses use).
    ExpiresAt(i64),
    /// No expiry field; the token is a JWT whose `exp` is this many seconds from now.
    JwtExp(i64),
}

/// An ISO-8601 UTC time `seconds` from now, the way the service writes it.
fn iso_in(seconds: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Unpadded base64url, for building a JWT payload.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let padded = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(padded[0]) << 16 | u32::from(padded[1]) << 8 | u32::from(padded[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The body `/login` answers with the `n`th token.
fn login_body(n: usize, expiry: Expiry) -> Value {
    match expiry {
        Expiry::Absent => json!({ "authToken": token(n) }),
        Expiry::ExpireAt(seconds) => json!({ "authToken": token(n), "expireAt": iso_in(seconds) }),
        Expiry::ExpiresAt(seconds) => {
            json!({ "authToken": token(n), "expiresAt": iso_in(seconds) })
        }
        Expiry::JwtExp(seconds) => {
            let exp = Utc::now().timestamp() + seconds;
            let payload = base64url(
                json!({ "appId": APP_ID, "exp": exp })
                    .to_string()
                    .as_bytes(),
            );
            json!({ "authToken": format!("eyJhbGciOiJIUzI1NiJ9.{payload}.{}", token(n)) })
        }
    }
}

/// A wiremock server playing the Bot Open API; `/login` issues numbered tokens.
struct Service {
    server: MockServer,
}

impl Service {
    /// A server whose `/login` answers at once.
    async fn start(expiry: Expiry) -> Self {
        Self::start_with_login_delay(expiry, Duration::ZERO).await
    }

    /// A server whose `/login` answers after `delay` (to let concurrent callers pile up).
    async fn start_with_login_delay(expiry: Expiry, delay: Duration) -> Self {
        let server = MockServer::start().await;
        let issued = Arc::new(AtomicUsize::new(0));
        Mock::given(method("POST"))
            .and(path("/login"))
            .respond_with(move |_: &Request| {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(200)
                    .set_body_json(login_body(n, expiry))
                    .set_delay(delay)
            })
            .mount(&server)
            .await;
        Self { server }
    }

    /// A server with no `/login` mock: the test mounts its own.
    async fn bare() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    fn client(&self) -> BotClient {
        BotClient::new(&self.server.uri(), APP_ID, APP_SECRET).expect("a client")
    }

    fn client_with_margin(&self, margin: Duration) -> BotClient {
        BotClient::builder(&self.server.uri(), APP_ID, APP_SECRET)
            .refresh_margin(margin)
            .build()
            .expect("a client")
    }

    /// Answers `method path` with whatever `respond` returns for the request.
    async fn route(
        &self,
        verb: &str,
        route: &str,
        respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static,
    ) {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(respond)
            .mount(&self.server)
            .await;
    }

    /// `GET /botUsage` answers a month's figures to any token.
    async fn usage_ok(&self) {
        self.route("GET", "/botUsage", |_| {
            ResponseTemplate::new(200)
                .set_body_json(json!({"totalMessages": 48213, "totalUsers": 3127}))
        })
        .await;
    }

    /// Every request the server received on `route`, in order.
    async fn requests(&self, route: &str) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .expect("request recording is on")
            .into_iter()
            .filter(|request| request.url.path() == route)
            .collect()
    }

    /// The `Authorization` values of the requests on `route`, in order (`None` when absent).
    async fn tokens_sent(&self, route: &str) -> Vec<Option<String>> {
        self.requests(route)
            .await
            .iter()
            .map(authorization)
            .collect()
    }

    /// How many `/login` requests the server received.
    async fn logins_seen(&self) -> usize {
        self.requests("/login").await.len()
    }
}

/// The request's single `Authorization` header, as text.
fn authorization(request: &Request) -> Option<String> {
    let mut values = request.headers.get_all("authorization").iter();
    let value = values.next()?.to_str().expect("ASCII header").to_owned();
    assert!(
        values.next().is_none(),
        "more than one Authorization header"
    );
    Some(value)
}

/// The request's query string as a map.
fn query_of(request: &Request) -> BTreeMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

/// The request's JSON body.
fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// The requested `page` of each request on a paged route, in order.
fn pages_requested(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|request| query_of(request).get("page").cloned().unwrap_or_default())
        .collect()
}

fn error_body(status: u16, message: &str, error: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"statusCode": status, "message": message, "error": error}))
}

/// Fails if `text` (a `Debug` or `Display` output) shows the app secret or any token.
fn assert_no_credentials_in(label: &str, text: &str) {
    assert!(
        !text.contains(APP_SECRET),
        "{label} shows the app secret: {text}"
    );
    assert!(
        !text.contains(TOKEN_MARKER),
        "{label} shows a token: {text}"
    );
}

fn assert_error_hides_credentials(error: &Error) {
    assert_no_credentials_in("Display of the error", &error.to_string());
    assert_no_credentials_in("Debug of the error", &format!("{error:?}"));
    assert_no_credentials_in("pretty Debug of the error", &format!("{error:#?}"));
}

fn assert_debug_hides_credentials(label: &str, value: &(impl Debug + ?Sized)) {
    assert_no_credentials_in(label, &format!("{value:?}"));
    assert_no_credentials_in(label, &format!("{value:#?}"));
}

/// The error of a call that should fail, checked for leaks on the way.
fn failure<T: Debug>(result: Result<T, Error>) -> Error {
    let error = result.expect_err("the call should fail");
    assert_error_hides_credentials(&error);
    error
}

fn text_contains(haystack: &impl Display, needle: &str) -> bool {
    haystack.to_string().contains(needle)
}

/// One `/users` item as the service sends it.
fn user(n: u32) -> Value {
    json!({
        "userId": format!("6a49cc549bf31c7ff06293{n:02x}"),
        "botUserId": format!("+9198200123{n:02}"),
        "name": format!("User {n}"),
        "channelName": "whatsapp",
        "createdDate": "2026-10-01T08:00:00.000Z",
        "first interacted date": "2026-10-01T08:00:00.000Z",
        "last interacted date": "2026-10-04T17:30:00.000Z",
    })
}

/// A `/users` page.
fn users_page(page: u64, pages: u64, users: &[u32], has_next: Value) -> Value {
    json!({
        "users": users.iter().map(|&n| user(n)).collect::<Vec<_>>(),
        "page": page,
        "pages": pages,
        "total": 5,
        "limit": 25,
        "hasNextPage": has_next,
    })
}

/// One `text` transcript message.
fn text_message(text: &str) -> Value {
    json!({
        "type": "text",
        "from": "User",
        "text": {"message": text},
        "createdAt": "2026-10-05T09:14:22.512Z",
        "isPreviewUser": false,
    })
}

/// A `/transcripts` page.
fn transcripts_page(page: u64, pages: u64, transcripts: Vec<Value>) -> Value {
    json!({
        "botUser": {"customFields": {"city": "Pune"}, "tags": ["vip"]},
        "transcripts": transcripts,
        "paginationDetails": {"page": page, "pages": pages, "total": 3, "limit": 25},
    })
}

/// The requested page number of a paged request.
fn page_of(request: &Request) -> u64 {
    query_of(request)
        .get("page")
        .and_then(|page| page.parse().ok())
        .unwrap_or(1)
}

fn users_of(results: Vec<Result<types::BotUser, Error>>) -> Vec<String> {
    results
        .into_iter()
        .map(|user| user.expect("a user").user_id)
        .collect()
}

fn texts_of(messages: &[types::TranscriptMessage]) -> Vec<String> {
    messages
        .iter()
        .map(|message| {
            message
                .text
                .as_ref()
                .and_then(|text| text.message.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn page(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).expect("pages count from 1")
}

// ---------------------------------------------------------------------------------------------------
// 1. Login and the Authorization header

#[tokio::test]
async fn login_posts_the_credentials_and_calls_send_the_raw_token() {
    let service = Service::start(Expiry::ExpireAt(3600)).await;
    service.usage_ok().await;
    let client = service.client();

    let usage = client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!((usage.total_messages, usage.total_users), (48213, 3127));

    let logins = service.requests("/login").await;
    assert_eq!(logins.len(), 1);
    let login = &logins[0];
    assert_eq!(login.method.as_str(), "POST");
    assert_eq!(
        body(login),
        json!({"appId": APP_ID, "appSecret": APP_SECRET})
    );
    assert_eq!(authorization(login), None, "login must not carry a token");
    let content_type = login
        .headers
        .get("content-type")
        .map(|value| value.to_str().unwrap());
    assert_eq!(content_type, Some("application/json"));

    let usage_calls = service.requests("/botUsage").await;
    assert_eq!(usage_calls.len(), 1);
    let call = &usage_calls[0];
    assert_eq!(call.method.as_str(), "GET");
    assert_eq!(
        authorization(call).as_deref(),
        Some(token(1).as_str()),
        "the token goes raw into Authorization, without `Bearer `"
    );
    assert_eq!(
        query_of(call),
        BTreeMap::from([
            ("monthDate".to_owned(), "2026-10-01".to_owned()),
            ("channelId".to_owned(), "1014".to_owned()),
        ])
    );
}

#[tokio::test]
async fn one_login_serves_several_sequential_calls() {
    let service = Service::start(Expiry::ExpireAt(3600)).await;
    service.usage_ok().await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_json(users_page(1, 1, &[1], json!(false)))
        })
        .await;
    let client = service.client();

    for month in 1..=3 {
        client
            .bot_usage(2026, month, ChannelId::Webchat)
            .await
            .unwrap();
    }
    client
        .users_page(&UserQuery::new([ChannelId::Whatsapp]), page(1), None)
        .await
        .unwrap();

    assert_eq!(client.session().logins(), 1);
    assert_eq!(service.logins_seen().await, 1);
    let expected = Some(token(1));
    assert_eq!(
        service.tokens_sent("/botUsage").await,
        vec![expected.clone(); 3]
    );
    assert_eq!(service.tokens_sent("/users").await, vec![expected]);
}

#[tokio::test]
async fn clones_share_the_session() {
    let service = Service::start(Expiry::Absent).await;
    service.usage_ok().await;
    let client = service.client();
    let clone = client.clone();

    client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    clone
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();

    assert_eq!(clone.session().logins(), 1);
    assert_eq!(service.logins_seen().await, 1);
}

// ---------------------------------------------------------------------------------------------------
// 2. Request bodies and query strings

#[tokio::test]
async fn list_users_sends_channels_window_page_and_limit() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_json(users_page(2, 3, &[3, 4], json!(true)))
        })
        .await;
    let client = service.client();
    let query = UserQuery::new([ChannelId::Whatsapp, ChannelId::Webchat])
        .between(
            Utc.with_ymd_and_hms(2026, 9, 28, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 5, 0, 0, 0).unwrap(),
        )
        .expect("a window");

    let result = client.users_page(&query, page(2), Some(100)).await.unwrap();
    assert_eq!(result.users.len(), 2);
    assert!(result.has_next());

    let requests = service.requests("/users").await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "POST");
    assert_eq!(
        body(&requests[0]),
        json!({
            "channelIds": [1014, 1010],
            "startDate": "2026-09-28T00:00:00.000Z",
            "endDate": "2026-10-05T00:00:00.000Z",
        })
    );
    assert_eq!(
        query_of(&requests[0]),
        BTreeMap::from([
            ("page".to_owned(), "2".to_owned()),
            ("limit".to_owned(), "100".to_owned()),
        ])
    );
    assert_eq!(authorization(&requests[0]), Some(token(1)));
}

#[tokio::test]
async fn list_users_without_window_or_limit_sends_neither() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_json(users_page(1, 1, &[1], json!(false)))
        })
        .await;
    let client = service.client();

    client
        .users_page(&UserQuery::new([ChannelId::Telegram]), page(1), None)
        .await
        .unwrap();

    let requests = service.requests("/users").await;
    assert_eq!(body(&requests[0]), json!({"channelIds": [1016]}));
    assert_eq!(
        query_of(&requests[0]),
        BTreeMap::from([("page".to_owned(), "1".to_owned())])
    );
}

#[tokio::test]
async fn list_transcripts_sends_user_and_channel_and_omits_absent_dates() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/transcripts", |_| {
            ResponseTemplate::new(200).set_body_json(transcripts_page(
                1,
                1,
                vec![text_message("hi")],
            ))
        })
        .await;
    let client = service.client();

    let without_window = TranscriptQuery::new(PHONE, ChannelId::Whatsapp);
    let result = client
        .transcripts_page(&without_window, page(1), Some(50))
        .await
        .unwrap();
    assert_eq!(texts_of(&result.transcripts), ["hi"]);
    let profile = result.bot_user.expect("botUser");
    assert_eq!(profile.tags, ["vip"]);
    assert_eq!(profile.custom_fields.get("city"), Some(&json!("Pune")));

    let with_window = TranscriptQuery::new(PHONE, ChannelId::Whatsapp)
        .between(
            Utc.with_ymd_and_hms(2026, 8, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        )
        .expect("a window");
    client
        .transcripts_page(&with_window, page(3), None)
        .await
        .unwrap();

    let requests = service.requests("/transcripts").await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        body(&requests[0]),
        json!({"botUserId": PHONE, "channelId": 1014}),
        "absent dates are left out, not sent as null"
    );
    assert_eq!(
        query_of(&requests[0]),
        BTreeMap::from([
            ("page".to_owned(), "1".to_owned()),
            ("limit".to_owned(), "50".to_owned()),
        ])
    );
    assert_eq!(
        body(&requests[1]),
        json!({
            "botUserId": PHONE,
            "channelId": 1014,
            "startDate": "2026-08-01T00:00:00.000Z",
            "endDate": "2026-10-01T00:00:00.000Z",
        })
    );
    assert_eq!(
        query_of(&requests[1]),
        BTreeMap::from([("page".to_owned(), "3".to_owned())])
    );
}

#[tokio::test]
async fn an_impossible_month_is_refused_before_sending() {
    let service = Service::start(Expiry::Absent).await;
    service.usage_ok().await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 13, ChannelId::Whatsapp).await);
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(service.requests("/botUsage").await.is_empty());
}

// ---------------------------------------------------------------------------------------------------
// 3. Renewal before expiry

/// Three usage calls on a client with `margin`; answers the logins counted by the client.
async fn logins_for_three_calls(expiry: Expiry, margin: Option<Duration>) -> (u64, Service) {
    let service = Service::start(expiry).await;
    service.usage_ok().await;
    let client = match margin {
        Some(margin) => service.client_with_margin(margin),
        None => service.client(),
    };
    for _ in 0..3 {
        client
            .bot_usage(2026, 10, ChannelId::Whatsapp)
            .await
            .unwrap();
    }
    (client.session().logins(), service)
}

const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn a_token_that_lives_no_longer_than_the_margin_is_used_until_it_expires() {
    // A 5 s token and a margin of an hour: renewing "an hour before expiry" would mean a login
    // before every call; the token is used as it is instead.
    for expiry in [Expiry::ExpireAt(5), Expiry::ExpiresAt(5), Expiry::JwtExp(5)] {
        let (logins, service) = logins_for_three_calls(expiry, Some(HOUR)).await;
        assert_eq!(logins, 1, "{expiry:?}");
        assert_eq!(service.logins_seen().await, 1, "{expiry:?}");
        let sent = service.tokens_sent("/botUsage").await;
        assert_eq!(sent.len(), 3, "{expiry:?}");
        assert!(
            sent.iter().all(|each| each == &sent[0]),
            "{expiry:?}: one token for all: {sent:?}"
        );
    }
}

#[tokio::test]
async fn a_token_already_expired_by_our_clock_is_used_until_refused() {
    // The service's clock is ahead of ours (or the expiry is garbled): a login before every call
    // would not help, the 401 path renews when the service really refuses it.
    let (logins, service) = logins_for_three_calls(Expiry::ExpireAt(-30), None).await;
    assert_eq!(logins, 1);
    assert_eq!(service.logins_seen().await, 1);
}

#[tokio::test]
async fn a_token_is_renewed_once_its_margin_is_reached() {
    // 10 s to live (9 to 10 once the expiry is written to the second), renewed 8 s before expiry:
    // at most 2 s in, the token is due for renewal.
    let service = Service::start(Expiry::ExpireAt(10)).await;
    service.usage_ok().await;
    let client = service.client_with_margin(Duration::from_secs(8));
    client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!(client.session().logins(), 1);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!(client.session().logins(), 2);
    assert_eq!(
        service.tokens_sent("/botUsage").await,
        vec![Some(token(1)), Some(token(1)), Some(token(2))]
    );
}

#[tokio::test]
async fn a_token_an_hour_from_expiry_is_kept() {
    for expiry in [
        Expiry::ExpireAt(3600),
        Expiry::ExpiresAt(3600),
        Expiry::JwtExp(3600),
    ] {
        let (logins, service) = logins_for_three_calls(expiry, None).await;
        assert_eq!(logins, 1);
        assert_eq!(service.logins_seen().await, 1);
        let sent = service.tokens_sent("/botUsage").await;
        assert_eq!(sent.len(), 3);
        assert!(
            sent.iter().all(|each| each == &sent[0]),
            "one token for all: {sent:?}"
        );
        assert!(sent[0].as_deref().unwrap().ends_with(&token(1)), "{sent:?}");
    }
}

#[tokio::test]
async fn a_huge_refresh_margin_does_not_panic() {
    // `Duration::MAX` is longer than any lifetime: the token is used as it is; nothing overflows.
    let service = Service::start(Expiry::ExpireAt(3600)).await;
    service.usage_ok().await;
    let client = service.client_with_margin(Duration::MAX);

    let calls = tokio::spawn(async move {
        for _ in 0..2 {
            client.bot_usage(2026, 10, ChannelId::Whatsapp).await?;
        }
        Ok::<_, Error>(client.session().logins())
    });

    let logins = calls
        .await
        .expect("a call panicked with refresh_margin(Duration::MAX)")
        .unwrap();
    assert_eq!(logins, 1);
}

// ---------------------------------------------------------------------------------------------------
// 4. A refused token: log in again, retry once

#[tokio::test]
async fn a_refused_token_is_replaced_and_the_call_retried_once() {
    let service = Service::start(Expiry::Absent).await;
    let first = token(1);
    service
        .route("GET", "/botUsage", move |request| {
            if authorization(request).as_deref() == Some(first.as_str()) {
                error_body(401, "jwt expired", "Unauthorized")
            } else {
                ResponseTemplate::new(200)
                    .set_body_json(json!({"totalMessages": 7, "totalUsers": 2}))
            }
        })
        .await;
    let client = service.client();

    let usage = client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!((usage.total_messages, usage.total_users), (7, 2));

    assert_eq!(client.session().logins(), 2);
    assert_eq!(service.logins_seen().await, 2);
    assert_eq!(
        service.tokens_sent("/botUsage").await,
        vec![Some(token(1)), Some(token(2))],
        "the retry carries the new token"
    );

    // The new token is kept for the next call.
    client
        .bot_usage(2026, 11, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!(client.session().logins(), 2);
    assert_eq!(
        service.tokens_sent("/botUsage").await.last(),
        Some(&Some(token(2)))
    );
}

#[tokio::test]
async fn a_refused_retry_fails_with_the_401_without_looping() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("GET", "/botUsage", |_| {
            error_body(401, "jwt malformed", "Unauthorized")
        })
        .await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    match &error {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(*status, 401);
            assert_eq!(message, "jwt malformed");
        }
        other => panic!("expected Error::Api 401, got {other:?}"),
    }
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        service.requests("/botUsage").await.len(),
        2,
        "one call, one retry"
    );
    assert_eq!(service.logins_seen().await, 2);
    assert_eq!(client.session().logins(), 2);
}

#[tokio::test]
async fn a_refused_post_is_retried_with_its_body() {
    let service = Service::start(Expiry::Absent).await;
    let first = token(1);
    service
        .route("POST", "/users", move |request| {
            if authorization(request).as_deref() == Some(first.as_str()) {
                error_body(401, "jwt expired", "Unauthorized")
            } else {
                ResponseTemplate::new(200).set_body_json(users_page(1, 1, &[1], json!(false)))
            }
        })
        .await;
    let client = service.client();

    let query = UserQuery::new([ChannelId::Whatsapp])
        .between(
            Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 2, 0, 0, 0).unwrap(),
        )
        .expect("a window");
    client.users_page(&query, page(1), Some(25)).await.unwrap();

    let requests = service.requests("/users").await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        body(&requests[0]),
        body(&requests[1]),
        "the retry resends the same body"
    );
    assert_eq!(query_of(&requests[0]), query_of(&requests[1]));
    assert_eq!(authorization(&requests[1]), Some(token(2)));
}

#[tokio::test]
async fn a_failed_re_login_leaves_the_caller_the_services_401() {
    let service = Service::bare().await;
    let logins = Arc::new(AtomicUsize::new(0));
    service
        .route("POST", "/login", move |_| {
            match logins.fetch_add(1, Ordering::SeqCst) {
                0 => ResponseTemplate::new(200).set_body_json(login_body(1, Expiry::Absent)),
                _ => error_body(409, "Conflict", "Conflict"),
            }
        })
        .await;
    service
        .route("GET", "/botUsage", |_| {
            error_body(401, "jwt expired", "Unauthorized")
        })
        .await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    assert!(
        matches!(&error, Error::Api { status: 401, message, .. } if message == "jwt expired"),
        "{error:?}"
    );
    assert_eq!(service.logins_seen().await, 2);
    assert_eq!(
        client.session().logins(),
        1,
        "the refused login is not counted"
    );
    assert_eq!(
        service.requests("/botUsage").await.len(),
        1,
        "no retry without a new token"
    );
}

// ---------------------------------------------------------------------------------------------------
// 5. Concurrent calls share one login

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_on_a_fresh_client_log_in_once() {
    let service =
        Service::start_with_login_delay(Expiry::ExpireAt(3600), Duration::from_millis(200)).await;
    service.usage_ok().await;
    let client = service.client();

    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.bot_usage(2026, 10, ChannelId::Whatsapp).await })
    });
    for result in futures::future::join_all(calls).await {
        result.expect("the task ran").expect("the call succeeded");
    }

    assert_eq!(client.session().logins(), 1);
    assert_eq!(service.logins_seen().await, 1);
    assert_eq!(
        service.tokens_sent("/botUsage").await,
        vec![Some(token(1)); 8]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_refused_together_log_in_again_once() {
    // The slow login makes all eight calls wait for, and then send, the first token; the slow 401
    // makes them all be refused before any of them has logged in again.
    let service = Service::start_with_login_delay(Expiry::Absent, Duration::from_millis(200)).await;
    let first = token(1);
    service
        .route("GET", "/botUsage", move |request| {
            if authorization(request).as_deref() == Some(first.as_str()) {
                error_body(401, "jwt expired", "Unauthorized").set_delay(Duration::from_millis(100))
            } else {
                ResponseTemplate::new(200)
                    .set_body_json(json!({"totalMessages": 1, "totalUsers": 1}))
            }
        })
        .await;
    let client = service.client();

    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.bot_usage(2026, 10, ChannelId::Whatsapp).await })
    });
    for result in futures::future::join_all(calls).await {
        result.expect("the task ran").expect("the call succeeded");
    }

    assert_eq!(
        client.session().logins(),
        2,
        "one login, one shared re-login"
    );
    assert_eq!(service.logins_seen().await, 2);
    let sent = service.tokens_sent("/botUsage").await;
    assert_eq!(sent.len(), 16, "every call refused once, retried once");
    assert_eq!(
        sent.iter().filter(|sent| **sent == Some(token(1))).count(),
        8
    );
    assert_eq!(
        sent.iter().filter(|sent| **sent == Some(token(2))).count(),
        8
    );
}

// ---------------------------------------------------------------------------------------------------
// 6. Paging streams

/// Serves three `/users` pages of 2, 2 and 1 users with these `hasNextPage` values.
async fn three_user_pages(has_next: [Value; 3]) -> Service {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", move |request| {
            let (users, next): (&[u32], _) = match page_of(request) {
                1 => (&[1, 2], has_next[0].clone()),
                2 => (&[3, 4], has_next[1].clone()),
                3 => (&[5], has_next[2].clone()),
                _ => return error_body(400, "no such page", "Bad Request"),
            };
            ResponseTemplate::new(200).set_body_json(users_page(page_of(request), 3, users, next))
        })
        .await;
    service
}

async fn walk_three_user_pages(has_next: [Value; 3]) {
    let service = three_user_pages(has_next).await;
    let client = service.client();
    let query = UserQuery::new([ChannelId::Whatsapp]).page_size(25);

    let users: Vec<_> = client.users(query).collect().await;

    let expected: Vec<String> = (1..=5)
        .map(|n| user(n)["userId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(users_of(users), expected);
    let requests = service.requests("/users").await;
    assert_eq!(pages_requested(&requests), ["1", "2", "3"]);
    for request in &requests {
        assert_eq!(
            query_of(request).get("limit").map(String::as_str),
            Some("25")
        );
        assert_eq!(body(request), json!({"channelIds": [1014]}));
    }
    assert_eq!(client.session().logins(), 1, "one login for the whole walk");
}

#[tokio::test]
async fn users_walks_every_page_with_boolean_has_next_page() {
    walk_three_user_pages([json!(true), json!(true), json!(false)]).await;
}

#[tokio::test]
async fn users_walks_every_page_with_numeric_has_next_page() {
    walk_three_user_pages([json!(1), json!(1), json!(0)]).await;
}

#[tokio::test]
async fn transcripts_walks_pagination_details() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/transcripts", |request| {
            let messages = match page_of(request) {
                1 => vec![text_message("one"), text_message("two")],
                2 => vec![text_message("three")],
                _ => return error_body(400, "no such page", "Bad Request"),
            };
            ResponseTemplate::new(200).set_body_json(transcripts_page(
                page_of(request),
                2,
                messages,
            ))
        })
        .await;
    let client = service.client();

    let messages: Vec<_> = client
        .transcripts(TranscriptQuery::new(PHONE, ChannelId::Whatsapp))
        .collect()
        .await;
    let messages: Vec<_> = messages
        .into_iter()
        .map(|message| message.unwrap())
        .collect();

    assert_eq!(texts_of(&messages), ["one", "two", "three"]);
    let requests = service.requests("/transcripts").await;
    assert_eq!(pages_requested(&requests), ["1", "2"]);
    for request in &requests {
        assert_eq!(
            body(request),
            json!({"botUserId": PHONE, "channelId": 1014})
        );
    }
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_after_page_one() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |request| match page_of(request) {
            1 => ResponseTemplate::new(200).set_body_json(users_page(1, 3, &[1, 2], json!(true))),
            _ => error_body(500, "Internal server error", "Internal Server Error"),
        })
        .await;
    let client = service.client();

    let mut results: Vec<_> = client
        .users(UserQuery::new([ChannelId::Whatsapp]))
        .collect()
        .await;

    assert_eq!(results.len(), 3, "two users, then the error, then the end");
    let error = failure(results.pop().unwrap().map(|user| user.user_id));
    assert!(
        matches!(&error, Error::Api { status: 500, message, .. } if message == "Internal server error"),
        "{error:?}"
    );
    assert_eq!(users_of(results).len(), 2);
    // `listUsers` is a read (`x-idempotent`): the 500 is retried by the default policy, 3 attempts.
    assert_eq!(
        pages_requested(&service.requests("/users").await),
        ["1", "2", "2", "2"]
    );
}

#[tokio::test]
async fn an_error_on_transcripts_page_two_ends_the_stream_after_page_one() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/transcripts", |request| match page_of(request) {
            1 => ResponseTemplate::new(200).set_body_json(transcripts_page(
                1,
                2,
                vec![text_message("one")],
            )),
            _ => error_body(400, "startDate must be within 3 months", "Bad Request"),
        })
        .await;
    let client = service.client();

    let mut results: Vec<_> = client
        .transcripts(TranscriptQuery::new(PHONE, ChannelId::Whatsapp))
        .collect()
        .await;

    assert_eq!(results.len(), 2);
    let error = failure(results.pop().unwrap().map(|message| message.type_));
    assert_eq!(error.status(), Some(400));
    assert_eq!(texts_of(&[results.pop().unwrap().unwrap()]), ["one"]);
    assert_eq!(
        pages_requested(&service.requests("/transcripts").await),
        ["1", "2"]
    );
}

// ---------------------------------------------------------------------------------------------------
// 7. Open types: unknown values are kept

#[tokio::test]
async fn users_page_fields_are_read_as_the_service_names_them() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_json(users_page(1, 1, &[7], json!(false)))
        })
        .await;
    let client = service.client();

    let users = client
        .users_page(&UserQuery::new([ChannelId::Whatsapp]), page(1), None)
        .await
        .unwrap()
        .users;

    let [user] = users.as_slice() else {
        panic!("one user expected: {users:?}")
    };
    assert_eq!(user.channel_name.as_deref(), Some("whatsapp"));
    assert_eq!(user.name.as_deref(), Some("User 7"));
    assert_eq!(user.bot_user_id.as_deref(), Some("+919820012307"));
    assert_eq!(
        user.first_interacted_date.as_deref(),
        Some("2026-10-01T08:00:00.000Z")
    );
    assert_eq!(
        user.last_interacted_date.as_deref(),
        Some("2026-10-04T17:30:00.000Z")
    );
}

#[tokio::test]
async fn an_unknown_message_kind_is_kept_with_its_content() {
    let flow = json!({"flowId": "1234567890", "flowToken": "abc", "screen": "WELCOME"});
    let service = Service::start(Expiry::Absent).await;
    let page_body = transcripts_page(
        1,
        1,
        vec![
            text_message("before"),
            json!({"type": "whatsappFlow", "from": "bot", "whatsappFlow": flow, "isFromAgent": false}),
            text_message("after"),
        ],
    );
    service
        .route("POST", "/transcripts", move |_| {
            ResponseTemplate::new(200).set_body_json(page_body.clone())
        })
        .await;
    let client = service.client();

    let result = client
        .transcripts_page(
            &TranscriptQuery::new(PHONE, ChannelId::Whatsapp),
            page(1),
            None,
        )
        .await
        .expect("an unknown kind must not fail the page");

    let kinds: Vec<_> = result
        .transcripts
        .iter()
        .map(|message| message.type_.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            MessageKind::Text,
            MessageKind::Other("whatsappFlow".into()),
            MessageKind::Text
        ]
    );
    let message = &result.transcripts[1];
    assert!(message.type_.is_other());
    assert_eq!(message.extra.get("whatsappFlow"), Some(&flow));
    assert_eq!(message.is_from_agent, Some(false));
    assert_eq!(
        message.from.as_ref().map(|from| from.0.as_str()),
        Some("bot")
    );
}

#[tokio::test]
async fn an_unknown_channel_code_round_trips() {
    let service = Service::start(Expiry::Absent).await;
    service.usage_ok().await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_json(users_page(1, 1, &[1], json!(false)))
        })
        .await;
    service
        .route("POST", "/transcripts", |_| {
            ResponseTemplate::new(200).set_body_json(transcripts_page(1, 1, vec![]))
        })
        .await;
    let client = service.client();
    let new_channel = ChannelId::Other(1099);

    client
        .users_page(
            &UserQuery::new([new_channel.clone(), ChannelId::Whatsapp]),
            page(1),
            None,
        )
        .await
        .unwrap();
    client
        .transcripts_page(
            &TranscriptQuery::new(PHONE, new_channel.clone()),
            page(1),
            None,
        )
        .await
        .unwrap();
    client.bot_usage(2026, 10, new_channel).await.unwrap();

    let users_request = &service.requests("/users").await[0];
    assert_eq!(body(users_request)["channelIds"], json!([1099, 1014]));
    let sent: types::UsersRequest = users_request.body_json().unwrap();
    assert!(
        matches!(
            sent.channel_ids.as_slice(),
            [ChannelId::Other(1099), ChannelId::Whatsapp]
        ),
        "{:?}",
        sent.channel_ids
    );
    let transcripts_request = &service.requests("/transcripts").await[0];
    let sent: types::TranscriptsRequest = transcripts_request.body_json().unwrap();
    assert!(
        matches!(sent.channel_id, ChannelId::Other(1099)),
        "{:?}",
        sent.channel_id
    );
    let usage_request = &service.requests("/botUsage").await[0];
    assert_eq!(
        query_of(usage_request).get("channelId").map(String::as_str),
        Some("1099")
    );
}

// ---------------------------------------------------------------------------------------------------
// 8. Errors and bad responses

#[tokio::test]
async fn a_400_carries_the_service_message() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            error_body(400, "limit must not be less than 25", "Bad Request")
        })
        .await;
    let client = service.client();

    let error = failure(
        client
            .users_page(&UserQuery::new([ChannelId::Whatsapp]), page(1), Some(10))
            .await,
    );
    match &error {
        Error::Api {
            status,
            message,
            body,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(message, "limit must not be less than 25");
            assert_eq!(body.status_code, Some(400));
            assert_eq!(body.error.as_deref(), Some("Bad Request"));
        }
        other => panic!("expected Error::Api 400, got {other:?}"),
    }
    assert!(
        text_contains(&error, "limit must not be less than 25"),
        "{error}"
    );
    assert!(text_contains(&error, "400"), "{error}");
}

#[tokio::test]
async fn an_html_page_is_an_unexpected_body() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            ResponseTemplate::new(200).set_body_raw(
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "text/html",
            )
        })
        .await;
    let client = service.client();

    let error = failure(
        client
            .users_page(&UserQuery::new([ChannelId::Whatsapp]), page(1), None)
            .await,
    );
    match &error {
        Error::UnexpectedBody {
            operation, excerpt, ..
        } => {
            assert_eq!(*operation, "listUsers");
            assert!(excerpt.starts_with("<html>"), "{excerpt}");
        }
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
    assert!(
        text_contains(&error, "502 Bad Gateway"),
        "the message quotes the body: {error}"
    );
}

#[tokio::test]
async fn a_wrong_typed_nested_field_is_named_with_its_path() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("POST", "/users", |_| {
            let mut body = users_page(1, 1, &[1, 2], json!(false));
            body["users"][1]["userId"] = json!({"$oid": "6a49cc549bf31c7ff0629302"});
            ResponseTemplate::new(200).set_body_json(body)
        })
        .await;
    let client = service.client();

    let error = failure(
        client
            .users_page(&UserQuery::new([ChannelId::Whatsapp]), page(1), None)
            .await,
    );
    match &error {
        Error::UnexpectedBody {
            operation, path, ..
        } => {
            assert_eq!(*operation, "listUsers");
            assert_eq!(path.as_deref(), Some("users[1].userId"));
        }
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains("`listUsers`"), "{text}");
    assert!(text.contains("`users[1].userId`"), "{text}");
    assert!(text.contains("invalid type: map"), "{text}");
}

#[tokio::test]
async fn an_empty_body_is_an_error() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("GET", "/botUsage", |_| ResponseTemplate::new(200))
        .await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    assert!(
        matches!(&error, Error::UnexpectedBody { excerpt, .. } if excerpt.contains("empty")),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_undocumented_status_is_reported_as_such() {
    let service = Service::start(Expiry::Absent).await;
    service
        .route("GET", "/botUsage", |_| {
            ResponseTemplate::new(503).set_body_string("Service Unavailable")
        })
        .await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    assert!(
        matches!(error, Error::UnexpectedStatus { status: 503 }),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn a_failed_login_is_a_login_error_with_the_service_message() {
    let service = Service::bare().await;
    service
        .route("POST", "/login", |_| {
            error_body(400, "appSecret should not be empty", "Bad Request")
        })
        .await;
    service.usage_ok().await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    match &error {
        Error::Login(cause) => {
            assert_eq!(cause.status(), Some(400), "{cause}");
            assert!(
                cause.to_string().contains("appSecret should not be empty"),
                "{cause}"
            );
        }
        other => panic!("expected Error::Login, got {other:?}"),
    }
    assert!(
        text_contains(&error, "appSecret should not be empty"),
        "{error}"
    );
    assert!(
        service.requests("/botUsage").await.is_empty(),
        "no call without a token"
    );
    assert_eq!(client.session().logins(), 0);
}

#[tokio::test]
async fn a_login_answering_html_is_a_login_error() {
    let service = Service::bare().await;
    service
        .route("POST", "/login", |_| {
            ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html")
        })
        .await;
    service.usage_ok().await;
    let client = service.client();

    let error = failure(client.bot_usage(2026, 10, ChannelId::Whatsapp).await);
    assert!(
        matches!(&error, Error::Login(cause) if matches!(**cause, Error::UnexpectedBody { .. })),
        "{error:?}"
    );
    assert!(service.requests("/botUsage").await.is_empty());
}

// ---------------------------------------------------------------------------------------------------
// 9. Credentials never leak

#[tokio::test]
async fn debug_of_client_and_session_hides_secret_and_token() {
    let service = Service::start(Expiry::ExpireAt(3600)).await;
    service.usage_ok().await;
    let client = service.client();
    client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .unwrap();
    assert_eq!(client.session().logins(), 1, "a token is cached now");

    assert_debug_hides_credentials("Debug of the client", &client);
    assert_debug_hides_credentials("Debug of the session", client.session());
    assert_debug_hides_credentials("Debug of the generated client", client.generated());
    assert!(
        format!("{client:?}").contains(APP_ID),
        "the app id is not secret and helps debugging"
    );
}

#[test]
fn debug_of_the_builder_hides_the_secret() {
    let builder = BotClient::builder("http://127.0.0.1:9", APP_ID, APP_SECRET).refresh_margin(HOUR);
    assert_debug_hides_credentials("Debug of the builder", &builder);
}
