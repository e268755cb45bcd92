//! The published Bot Open API client against the generated router serving the in-memory reference
//! implementation, over real HTTP on a local port.
//!
//! The client half checks what a user of `bot-open-api-client` relies on: login on first use and
//! renewal, every page of users and transcripts, every message kind read. The raw half sends what the
//! client never would, and checks that the router answers each with the spec's JSON error body.

use std::collections::HashSet;
use std::time::Duration;

use bot_open_api_client::{BotClient, ChannelId, Error, MessageKind, TranscriptQuery, UserQuery};
use bot_open_api_server::reference::{BotConfig, InMemoryBot, DEFAULT_APP_ID, DEFAULT_APP_SECRET};
use chrono::{DateTime, Datelike, Months, TimeDelta, Utc};
use futures::TryStreamExt;
use serde_json::{json, Value};

/// The channels the fixture seeds users on.
const SEEDED_CHANNELS: [ChannelId; 5] = [
    ChannelId::Webchat,
    ChannelId::Whatsapp,
    ChannelId::Telegram,
    ChannelId::Facebook,
    ChannelId::InstagramMessaging,
];

/// The fixture's WhatsApp shopper: 38 messages, custom fields and tags (see the reference's docs).
const SHOPPER: &str = "+919820012345";

/// Serves `bot` on a free local port; the server lives as long as the test's runtime.
async fn serve(bot: InMemoryBot) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, bot_open_api_server::router(bot)).await });
    format!("http://{address}")
}

/// A client of a freshly seeded bot with the default credentials.
async fn seeded_client() -> (String, BotClient) {
    let base = serve(InMemoryBot::seeded()).await;
    let client = BotClient::new(&base, DEFAULT_APP_ID, DEFAULT_APP_SECRET).expect("a client");
    (base, client)
}

fn parse(text: Option<&str>) -> DateTime<Utc> {
    let text = text.expect("a date");
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|error| panic!("`{text}` is not ISO-8601: {error}"))
        .with_timezone(&Utc)
}

#[tokio::test]
async fn logs_in_on_first_use_and_reads_the_months_usage() {
    let (_, client) = seeded_client().await;
    assert_eq!(client.session().logins(), 0);
    let now = Utc::now();
    let usage = client
        .bot_usage(now.year(), now.month(), ChannelId::Whatsapp)
        .await
        .expect("usage");
    assert!(usage.total_users > 0 && usage.total_messages >= usage.total_users);
    let idle = client
        .bot_usage(2001, 1, ChannelId::Whatsapp)
        .await
        .expect("usage of a month before the fixture");
    assert_eq!((idle.total_messages, idle.total_users), (0, 0));
    assert_eq!(client.session().logins(), 1, "one login serves every call");
}

#[tokio::test]
async fn usage_agrees_with_the_users_and_their_transcripts() {
    let (_, client) = seeded_client().await;
    let now = Utc::now();
    let month_start = now
        .date_naive()
        .with_day(1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .expect("the first of the month")
        .and_utc();
    let users: Vec<_> = client
        .users(UserQuery::new([ChannelId::Whatsapp]))
        .try_collect()
        .await
        .expect("users");
    let (mut messages, mut talkers) = (0, 0);
    for user in &users {
        let bot_user_id = user.bot_user_id.clone().expect("a botUserId");
        let query = TranscriptQuery::new(bot_user_id, ChannelId::Whatsapp)
            .between(month_start, Utc::now())
            .expect("a window");
        let count = client
            .transcripts(query)
            .try_collect::<Vec<_>>()
            .await
            .expect("transcript")
            .len() as u64;
        messages += count;
        talkers += u64::from(count > 0);
    }
    let usage = client
        .bot_usage(now.year(), now.month(), ChannelId::Whatsapp)
        .await
        .expect("usage");
    assert_eq!(
        (usage.total_messages, usage.total_users),
        (messages, talkers)
    );
}

#[tokio::test]
async fn the_users_stream_walks_every_page_and_keeps_to_the_channels() {
    let (_, client) = seeded_client().await;
    let everyone = UserQuery::new(SEEDED_CHANNELS).page_size(25);
    let first = client
        .users_page(&everyone, std::num::NonZeroU64::MIN, Some(25))
        .await
        .expect("the first page");
    assert!(
        first.pages >= 5,
        "several pages at limit 25: {}",
        first.pages
    );
    let all: Vec<_> = client.users(everyone).try_collect().await.expect("users");
    assert_eq!(all.len() as u64, first.total);
    let ids: HashSet<_> = all.iter().map(|user| user.user_id.clone()).collect();
    assert_eq!(ids.len(), all.len(), "no user twice across pages");

    let mut per_channel = 0;
    for channel in SEEDED_CHANNELS {
        let users: Vec<_> = client
            .users(UserQuery::new([channel.clone()]).page_size(25))
            .try_collect()
            .await
            .expect("users of one channel");
        assert!(!users.is_empty(), "{channel:?}");
        for user in &users {
            assert_eq!(user.channel_name.as_deref(), channel.label(), "{user:?}");
        }
        per_channel += users.len();
    }
    assert_eq!(per_channel, all.len());

    let pair: Vec<_> = client
        .users(UserQuery::new([ChannelId::Whatsapp, ChannelId::Webchat]))
        .try_collect()
        .await
        .expect("users of two channels");
    assert!(pair
        .iter()
        .all(|user| matches!(user.channel_name.as_deref(), Some("whatsapp" | "webchat"))));
    let whatsapp = pair
        .iter()
        .filter(|user| user.channel_name.as_deref() == Some("whatsapp"));
    for user in whatsapp {
        let phone = user.bot_user_id.as_deref().expect("a botUserId");
        assert!(
            phone.starts_with('+') && phone[1..].bytes().all(|b| b.is_ascii_digit()),
            "not E.164: {phone}"
        );
    }
}

#[tokio::test]
async fn the_users_window_is_on_the_creation_date() {
    let (_, client) = seeded_client().await;
    let end = Utc::now();
    let start = end - TimeDelta::days(14);
    let query = UserQuery::new(SEEDED_CHANNELS)
        .between(start, end)
        .expect("a window");
    let recent: Vec<_> = client.users(query).try_collect().await.expect("users");
    let all: Vec<_> = client
        .users(UserQuery::new(SEEDED_CHANNELS))
        .try_collect()
        .await
        .expect("users");
    assert!(!recent.is_empty() && recent.len() < all.len());
    for user in &recent {
        let created = parse(user.created_date.as_deref());
        assert!(start <= created && created <= end, "{user:?}");
        assert!(created <= parse(user.first_interacted_date.as_deref()));
        assert!(
            parse(user.first_interacted_date.as_deref())
                <= parse(user.last_interacted_date.as_deref())
        );
    }
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_the_totals() {
    let (_, client) = seeded_client().await;
    let query = UserQuery::new([ChannelId::Whatsapp]);
    let first = client
        .users_page(&query, std::num::NonZeroU64::MIN, Some(25))
        .await
        .expect("the first page");
    assert!(first.has_next());
    let past = std::num::NonZeroU64::new(first.pages + 1).expect("non-zero");
    let beyond = client
        .users_page(&query, past, Some(25))
        .await
        .expect("a page past the end");
    assert!(beyond.users.is_empty());
    assert_eq!(
        (beyond.page, beyond.pages, beyond.total, beyond.limit),
        (first.pages + 1, first.pages, first.total, 25)
    );
    assert!(!beyond.has_next());
}

#[tokio::test]
async fn the_transcripts_carry_every_message_kind() {
    let (_, client) = seeded_client().await;
    let users: Vec<_> = client
        .users(UserQuery::new(SEEDED_CHANNELS))
        .try_collect()
        .await
        .expect("users");
    let mut kinds = HashSet::new();
    let mut senders = HashSet::new();
    let mut flows = 0;
    for user in &users {
        let channel = SEEDED_CHANNELS
            .iter()
            .find(|channel| channel.label() == user.channel_name.as_deref())
            .expect("a seeded channel")
            .clone();
        let query = TranscriptQuery::new(user.bot_user_id.clone().expect("botUserId"), channel)
            .page_size(25);
        let messages: Vec<_> = client
            .transcripts(query)
            .try_collect()
            .await
            .expect("messages");
        assert!(!messages.is_empty(), "every seeded user talked: {user:?}");
        for message in messages {
            let json = serde_json::to_value(&message).expect("serializable");
            let key = message.type_.to_string();
            assert!(
                json.get(&key).is_some_and(|content| !content.is_null()),
                "content not under `{key}`: {json}"
            );
            if message.type_ == MessageKind::Other("whatsappFlow".into()) {
                assert!(message.type_.is_other());
                assert_eq!(message.extra["whatsappFlow"]["screen"], "DELIVERY_ADDRESS");
                flows += 1;
            }
            senders.insert(message.from.expect("a sender").to_lowercase());
            kinds.insert(message.type_);
        }
    }
    for known in MessageKind::KNOWN {
        assert!(
            kinds.contains(known),
            "no `{known}` message in any transcript"
        );
    }
    assert_eq!(flows, 1);
    assert_eq!(
        senders,
        HashSet::from(["user".to_owned(), "bot".into(), "aiagent".into()])
    );
}

#[tokio::test]
async fn a_transcript_pages_oldest_first_with_the_users_profile() {
    let (_, client) = seeded_client().await;
    let query = TranscriptQuery::new(SHOPPER, ChannelId::Whatsapp).page_size(25);
    let first = client
        .transcripts_page(&query, std::num::NonZeroU64::MIN, Some(25))
        .await
        .expect("the first page");
    let details = &first.pagination_details;
    assert_eq!(
        (details.page, details.pages, details.total, details.limit),
        (1, 2, 38, 25)
    );
    let profile = first.bot_user.expect("the profile");
    assert_eq!(profile.custom_fields["name"], json!("Priya Sharma"));
    assert!(profile.tags.iter().any(|tag| tag == "repeat-customer"));

    let messages: Vec<_> = client
        .transcripts(query)
        .try_collect()
        .await
        .expect("messages");
    assert_eq!(messages.len(), 38);
    let times: Vec<_> = messages
        .iter()
        .map(|message| parse(message.created_at.as_deref()))
        .collect();
    assert!(
        times.windows(2).all(|pair| pair[0] <= pair[1]),
        "oldest first"
    );
}

#[tokio::test]
async fn a_transcript_window_may_not_start_more_than_three_months_back() {
    let (_, client) = seeded_client().await;
    let now = Utc::now();
    let too_old = now - TimeDelta::days(100);
    let query = TranscriptQuery::new(SHOPPER, ChannelId::Whatsapp)
        .between(too_old, now)
        .expect("a window");
    let error = client
        .transcripts(query)
        .try_collect::<Vec<_>>()
        .await
        .expect_err("refused");
    let Error::Api {
        status, message, ..
    } = &error
    else {
        panic!("not an API error: {error:?}")
    };
    assert_eq!(*status, 400);
    assert!(message.contains("3 months"), "{message}");

    let limit = now.checked_sub_months(Months::new(3)).expect("a date");
    let query = TranscriptQuery::new(SHOPPER, ChannelId::Whatsapp)
        .between(limit, now)
        .expect("a window");
    let messages: Vec<_> = client
        .transcripts(query)
        .try_collect()
        .await
        .expect("accepted");
    assert_eq!(messages.len(), 38);
}

#[tokio::test]
async fn an_unknown_user_has_an_empty_transcript() {
    let (_, client) = seeded_client().await;
    let query = TranscriptQuery::new("+910000000000", ChannelId::Whatsapp);
    let page = client
        .transcripts_page(&query, std::num::NonZeroU64::MIN, None)
        .await
        .expect("an empty page, not an error");
    assert!(page.transcripts.is_empty());
    assert_eq!(
        (page.pagination_details.total, page.pagination_details.limit),
        (0, 50)
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_before_use() {
    let bot = InMemoryBot::new(BotConfig {
        token_lifetime: Duration::from_secs(1),
        ..BotConfig::default()
    });
    let base = serve(bot).await;
    let client = BotClient::builder(&base, DEFAULT_APP_ID, DEFAULT_APP_SECRET)
        .refresh_margin(Duration::ZERO)
        .build()
        .expect("a client");
    let query = UserQuery::new([ChannelId::Webchat]);
    client
        .users_page(&query, std::num::NonZeroU64::MIN, None)
        .await
        .expect("first call");
    assert_eq!(client.session().logins(), 1);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    client
        .users_page(&query, std::num::NonZeroU64::MIN, None)
        .await
        .expect("a call after the token expired");
    assert_eq!(client.session().logins(), 2);
}

#[tokio::test]
async fn a_refused_token_is_replaced_and_the_call_retried() {
    let bot = InMemoryBot::seeded();
    let base = serve(bot.clone()).await;
    let client = BotClient::new(&base, DEFAULT_APP_ID, DEFAULT_APP_SECRET).expect("a client");
    let query = UserQuery::new([ChannelId::Telegram]);
    client
        .users_page(&query, std::num::NonZeroU64::MIN, None)
        .await
        .expect("first call");
    bot.revoke_tokens();
    client
        .users_page(&query, std::num::NonZeroU64::MIN, None)
        .await
        .expect("the call is retried with a new token");
    assert_eq!(client.session().logins(), 2);
}

#[tokio::test]
async fn a_wrong_secret_is_a_login_error() {
    let base = serve(InMemoryBot::seeded()).await;
    let client = BotClient::new(&base, DEFAULT_APP_ID, "not-the-secret").expect("a client");
    let error = client
        .bot_usage(2026, 10, ChannelId::Whatsapp)
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Login(_)), "{error:?}");
    assert!(!error.to_string().contains("not-the-secret"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_share_one_login() {
    let (_, client) = seeded_client().await;
    let calls = (0..50).map(|call| {
        let client = client.clone();
        tokio::spawn(async move {
            let channel = SEEDED_CHANNELS[call % SEEDED_CHANNELS.len()].clone();
            let page = std::num::NonZeroU64::MIN;
            client
                .users_page(&UserQuery::new([channel]), page, Some(25))
                .await
        })
    });
    let answers = futures::future::join_all(calls).await;
    for answer in answers {
        let page = answer.expect("the task ran").expect("the call succeeded");
        assert!(!page.users.is_empty());
    }
    assert_eq!(client.session().logins(), 1);
}

// ---- The router, raw: what the client never sends. ----

/// A live token of the bot at `base`, straight from `/login`.
async fn token(http: &reqwest::Client, base: &str) -> String {
    let answer: Value = http
        .post(format!("{base}/login"))
        .json(&json!({"appId": DEFAULT_APP_ID, "appSecret": DEFAULT_APP_SECRET}))
        .send()
        .await
        .expect("login sent")
        .json()
        .await
        .expect("login JSON");
    answer["authToken"]
        .as_str()
        .expect("an authToken")
        .to_owned()
}

/// Checks that `response` is the spec's JSON error body with `status`, and returns its message.
async fn json_error(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status().as_u16(), status, "{response:?}");
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "a {status} answered `{content_type}`, not JSON"
    );
    let text = response.text().await.expect("a body");
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("a {status} body is not JSON ({error}): {text}"));
    assert_eq!(body["statusCode"], json!(status), "{body}");
    if status != 500 {
        assert!(body["error"].is_string(), "{body}");
    }
    let message = body["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "{body}");
    message
}

fn users_body() -> Value {
    json!({"channelIds": [1014]})
}

#[tokio::test]
async fn no_authorization_is_a_json_401() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{base}/users"))
        .json(&users_body())
        .send()
        .await
        .expect("sent");
    json_error(response, 401).await;
    let response = http
        .get(format!(
            "{base}/botUsage?monthDate=2026-10-01&channelId=1014"
        ))
        .send()
        .await
        .expect("sent");
    json_error(response, 401).await;
}

/// A missing credential is answered 401 before anything else is looked at: the router promises it,
/// `server_support::fields` says "credentials come first, as the services check them first", and the
/// real service's guard runs before its body validation (an empty or non-JSON body reaches it as `{}`).
///
/// Fails today: `server_support::Operation::parse` runs `Input::read`, which refuses an empty body or
/// a non-JSON content type with 400, before `collect` looks for the credential.
#[tokio::test]
async fn a_missing_authorization_is_a_401_whatever_the_body() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    for (content_type, body) in [
        ("application/json", ""),
        ("text/plain", "hello"),
        ("application/x-www-form-urlencoded", "channelIds=1014"),
    ] {
        let response = http
            .post(format!("{base}/users"))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
        json_error(response, 401).await;
    }
}

#[tokio::test]
async fn a_bearer_prefix_an_unknown_or_expired_token_is_a_json_401() {
    let base = serve(InMemoryBot::new(BotConfig {
        token_lifetime: Duration::ZERO,
        ..BotConfig::default()
    }))
    .await;
    let http = reqwest::Client::new();
    let expired = token(&http, &base).await;
    for (authorization, expected) in [
        (format!("Bearer {expired}"), "jwt malformed"),
        ("eyJhbGciOiJIUzI1NiJ9.e30.c2ln".to_owned(), "invalid token"),
        (expired, "jwt expired"),
    ] {
        let response = http
            .post(format!("{base}/users"))
            .header("Authorization", authorization)
            .json(&users_body())
            .send()
            .await
            .expect("sent");
        assert_eq!(json_error(response, 401).await, expected);
    }

    let (base, _) = seeded_client().await;
    let live = token(&http, &base).await;
    let response = http
        .post(format!("{base}/users"))
        .header("Authorization", format!("Bearer {live}"))
        .json(&users_body())
        .send()
        .await
        .expect("sent");
    assert_eq!(json_error(response, 401).await, "jwt malformed");
    let response = http
        .post(format!("{base}/users"))
        .header("Authorization", live)
        .json(&users_body())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200, "the raw token is accepted");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_json_400() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let token = token(&http, &base).await;
    // A body of a media type the operation does not declare is a 415, in the API's JSON error shape.
    let cases = [
        ("application/json", "{\"channelIds\": [1014", 400),
        ("application/json", "", 400),
        ("text/plain", "{\"channelIds\": [1014]}", 415),
    ];
    for (content_type, body, status) in cases {
        let response = http
            .post(format!("{base}/users"))
            .header("Authorization", &token)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
        json_error(response, status).await;
    }
    let response = http
        .post(format!("{base}/login"))
        .header("Content-Type", "application/json")
        .body("appId=demo-app")
        .send()
        .await
        .expect("sent");
    json_error(response, 400).await;
    let oversized = json!({"channelIds": [1014], "padding": "x".repeat(1_100_000)});
    let response = http
        .post(format!("{base}/users"))
        .header("Authorization", &token)
        .json(&oversized)
        .send()
        .await
        .expect("sent");
    json_error(response, 413).await;
}

#[tokio::test]
async fn a_limit_out_of_range_malformed_or_empty_is_a_json_400_naming_limit() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let token = token(&http, &base).await;
    for (path, body) in [
        ("users", users_body()),
        (
            "transcripts",
            json!({"botUserId": SHOPPER, "channelId": 1014}),
        ),
    ] {
        for limit in ["10", "1001", "ten", ""] {
            let response = http
                .post(format!("{base}/{path}?limit={limit}"))
                .header("Authorization", &token)
                .json(&body)
                .send()
                .await
                .expect("sent");
            let message = json_error(response, 400).await;
            assert!(message.contains("limit"), "{path} limit={limit}: {message}");
        }
    }
    let response = http
        .post(format!("{base}/users?page=0"))
        .header("Authorization", &token)
        .json(&users_body())
        .send()
        .await
        .expect("sent");
    assert!(json_error(response, 400).await.contains("page"));
}

#[tokio::test]
async fn a_users_body_without_channels_or_with_a_bad_date_is_a_json_400() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let token = token(&http, &base).await;
    for (body, named) in [
        (
            json!({"startDate": "2026-10-01T00:00:00.000Z"}),
            "channelIds",
        ),
        (json!({"channelIds": []}), "channelIds"),
        (json!({"channelIds": ["whatsapp"]}), "channelIds"),
        (
            json!({"channelIds": [1014], "startDate": "last week"}),
            "startDate",
        ),
        (
            json!({"channelIds": [1014], "endDate": "2026-02-30"}),
            "endDate",
        ),
    ] {
        let response = http
            .post(format!("{base}/users"))
            .header("Authorization", &token)
            .json(&body)
            .send()
            .await
            .expect("sent");
        let message = json_error(response, 400).await;
        assert!(message.contains(named), "{body}: {message}");
    }
}

/// A channel code the spec does not list (`ChannelId` is open: new codes appear without notice) is a
/// valid request in every place a code goes, answered with the operation's success, not refused.
#[tokio::test]
async fn an_unknown_channel_code_is_not_refused() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let token = token(&http, &base).await;
    let usage = http
        .get(format!(
            "{base}/botUsage?monthDate=2026-10-01&channelId=1099"
        ))
        .header("Authorization", &token)
        .send()
        .await
        .expect("sent");
    let users = http
        .post(format!("{base}/users"))
        .header("Authorization", &token)
        .json(&json!({"channelIds": [1099, 1014]}))
        .send()
        .await
        .expect("sent");
    let transcripts = http
        .post(format!("{base}/transcripts"))
        .header("Authorization", &token)
        .json(&json!({"botUserId": SHOPPER, "channelId": 1099}))
        .send()
        .await
        .expect("sent");
    for (operation, response, key) in [
        ("botUsage", usage, "totalMessages"),
        ("users", users, "users"),
        ("transcripts", transcripts, "transcripts"),
    ] {
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(status, 200, "{operation} refused channel 1099: {body}");
        assert!(body.get(key).is_some(), "{operation}: {body}");
    }
}

#[tokio::test]
async fn a_bad_month_is_answered_in_json() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    let token = token(&http, &base).await;
    let usage = |month: &str| {
        http.get(format!("{base}/botUsage?monthDate={month}&channelId=1014"))
            .header("Authorization", &token)
            .send()
    };
    let message = json_error(usage("2026-10-15").await.expect("sent"), 400).await;
    assert!(message.contains("monthDate"), "{message}");
    // A month that does not exist breaks the spec's pattern as well: the same 400.
    let message = json_error(usage("2026-13-01").await.expect("sent"), 400).await;
    assert!(message.contains("monthDate"), "{message}");
    let response = usage("2026-10-01").await.expect("sent");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405_with_allow() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    for (method, path, allow) in [
        (reqwest::Method::GET, "users", "POST"),
        (reqwest::Method::PUT, "transcripts/", "POST"),
        (reqwest::Method::GET, "login", "POST"),
        (reqwest::Method::POST, "botUsage", "GET"),
    ] {
        let response = http
            .request(method.clone(), format!("{base}/{path}"))
            .send()
            .await
            .expect("sent");
        assert_eq!(
            response
                .headers()
                .get(reqwest::header::ALLOW)
                .map(|v| v.as_bytes()),
            Some(allow.as_bytes()),
            "{method} /{path}"
        );
        json_error(response, 405).await;
    }
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    for path in ["nope", "users/extra", "v1/users", ""] {
        let response = http
            .post(format!("{base}/{path}"))
            .json(&users_body())
            .send()
            .await
            .expect("sent");
        json_error(response, 404).await;
    }
}

#[tokio::test]
async fn login_refusals_are_json_400s() {
    let (base, _) = seeded_client().await;
    let http = reqwest::Client::new();
    for body in [
        json!({"appId": DEFAULT_APP_ID, "appSecret": "wrong"}),
        json!({"appId": DEFAULT_APP_ID, "appSecret": ""}),
        json!({"appId": DEFAULT_APP_ID}),
        json!([]),
    ] {
        let response = http
            .post(format!("{base}/login"))
            .json(&body)
            .send()
            .await
            .expect("sent");
        json_error(response, 400).await;
    }
    let answer: Value = http
        .post(format!("{base}/login/"))
        .json(&json!({"appId": DEFAULT_APP_ID, "appSecret": DEFAULT_APP_SECRET}))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    let expiry = parse(answer["expireAt"].as_str());
    assert!(expiry > Utc::now() + TimeDelta::minutes(59));
    let token = answer["authToken"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "JWT-shaped: {token}");
}
