//! The implementation called directly, without the router: what it answers, and the fixture's promises.

use std::collections::{BTreeSet, HashSet};

use bot_open_api_client::wire::{ChannelId, MessageKind};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::*;
use crate::types::{
    ErrorResponse, HasNextPage, LoginRequest as LoginBody, TranscriptsRequest, UsersPage,
    UsersRequest,
};

const SHOPPER: &str = "+919820012345";

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

async fn login(bot: &InMemoryBot) -> String {
    let body = LoginBody {
        app_id: DEFAULT_APP_ID.parse().unwrap(),
        app_secret: DEFAULT_APP_SECRET.parse().unwrap(),
    };
    match bot.login(crate::LoginRequest { body }).await {
        LoginResponse::Ok(answer) => answer.auth_token,
        other => panic!("login refused: {other:?}"),
    }
}

fn users_request(token: &str, channels: &[ChannelId], page: Option<i64>) -> ListUsersRequest {
    ListUsersRequest {
        auth_token: token.to_owned(),
        page: page
            .and_then(|page| u64::try_from(page).ok())
            .and_then(std::num::NonZeroU64::new)
            .unwrap_or(std::num::NonZeroU64::MIN),
        limit: 25,
        body: UsersRequest {
            channel_ids: channels.to_vec(),
            start_date: None,
            end_date: None,
        },
    }
}

fn transcripts_request(
    token: &str,
    bot_user_id: &str,
    channel: ChannelId,
) -> ListTranscriptsRequest {
    ListTranscriptsRequest {
        auth_token: token.to_owned(),
        page: std::num::NonZeroU64::MIN,
        limit: 25,
        body: TranscriptsRequest {
            bot_user_id: bot_user_id.to_owned(),
            channel_id: channel,
            start_date: None,
            end_date: None,
        },
    }
}

async fn users_page(bot: &InMemoryBot, request: ListUsersRequest) -> UsersPage {
    match bot.list_users(request).await {
        ListUsersResponse::Ok(page) => page,
        other => panic!("not a page: {other:?}"),
    }
}

fn assert_error(error: &ErrorResponse, status: i64, name: &str, message: &str) {
    assert_eq!(error.status_code, Some(status));
    assert_eq!(error.error.as_deref(), Some(name));
    assert!(error.message.contains(message), "{error:?}");
}

#[test]
fn seeds_130_users_on_five_channels_with_well_formed_ids() {
    let now = Utc::now();
    let fixture = Fixture::seed(now);
    assert_eq!(fixture.users.len(), 130);
    let on = |channel: ChannelId| {
        fixture
            .users
            .iter()
            .filter(|u| u.channel == channel)
            .count()
    };
    assert_eq!(on(ChannelId::Whatsapp), 61);
    assert_eq!(on(ChannelId::Webchat), 31);
    assert_eq!(on(ChannelId::Telegram), 15);
    assert_eq!(on(ChannelId::Facebook), 14);
    assert_eq!(on(ChannelId::InstagramMessaging), 9);
    let mut user_ids = HashSet::new();
    let mut bot_user_ids = HashSet::new();
    for user in &fixture.users {
        let listing = &user.listing;
        assert!(
            listing.user_id.len() == 24 && listing.user_id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{listing:?}"
        );
        assert!(user_ids.insert(listing.user_id.clone()), "{listing:?}");
        let bot_user_id = listing.bot_user_id.clone().unwrap();
        assert!(bot_user_ids.insert(bot_user_id.clone()), "{listing:?}");
        assert_eq!(listing.channel_name.as_deref(), user.channel.label());
        assert!(listing.name.is_some());
        if user.channel == ChannelId::Whatsapp {
            let digits = bot_user_id.strip_prefix("+91").unwrap();
            assert!(digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}

#[test]
fn dates_are_consistent_and_within_the_last_60_days() {
    let now = Utc::now();
    let fixture = Fixture::seed(now);
    let mut previous_last = None;
    for user in &fixture.users {
        let read = |text: &Option<String>| utc(text.as_deref().unwrap());
        let listing = &user.listing;
        let (created, first, last) = (
            read(&listing.created_date),
            read(&listing.first_interacted_date),
            read(&listing.last_interacted_date),
        );
        assert!(now - TimeDelta::days(60) <= created, "{listing:?}");
        assert!(
            created <= first && first <= last && last < now,
            "{listing:?}"
        );
        assert_eq!(user.messages.first().unwrap().at, first);
        assert_eq!(user.messages.last().unwrap().at, last);
        assert!(user
            .messages
            .windows(2)
            .all(|pair| pair[0].at <= pair[1].at));
        if let Some(previous) = previous_last {
            assert!(last <= previous, "listed newest first");
        }
        previous_last = Some(last);
    }
}

#[test]
fn transcripts_carry_every_kind_under_its_own_key() {
    let fixture = Fixture::seed(Utc::now());
    let mut kinds = HashSet::new();
    let mut senders = BTreeSet::new();
    for message in fixture.users.iter().flat_map(|user| &user.messages) {
        let json = serde_json::to_value(&message.message).unwrap();
        let kind = json["type"].as_str().unwrap().to_owned();
        assert!(
            json.get(&kind).is_some_and(|content| !content.is_null()),
            "{json}"
        );
        senders.insert(json["from"].as_str().unwrap().to_owned());
        kinds.insert(message.message.type_.clone());
    }
    for known in MessageKind::KNOWN {
        assert!(kinds.contains(known), "no {known} message");
    }
    assert!(kinds.contains(&MessageKind::Other("whatsappFlow".into())));
    assert_eq!(kinds.len(), MessageKind::KNOWN.len() + 1);
    assert_eq!(
        senders,
        BTreeSet::from([
            "Bot".to_owned(),
            "User".into(),
            "aiAgent".into(),
            "bot".into()
        ])
    );
}

#[test]
fn the_fixture_is_the_same_on_every_run() {
    let now = Utc::now();
    let (one, two) = (Fixture::seed(now), Fixture::seed(now));
    let listings = |fixture: &Fixture| -> Vec<_> {
        fixture
            .users
            .iter()
            .map(|user| user.listing.clone())
            .collect()
    };
    assert_eq!(listings(&one), listings(&two));
    let messages = |fixture: &Fixture| -> Vec<_> {
        fixture
            .users
            .iter()
            .flat_map(|user| user.messages.iter().map(|m| m.message.clone()))
            .collect()
    };
    assert_eq!(messages(&one), messages(&two));
}

#[tokio::test]
async fn logs_in_with_the_configured_credentials_only() {
    let bot = InMemoryBot::seeded();
    let first = login(&bot).await;
    let second = login(&bot).await;
    assert_ne!(first, second, "every login issues a new token");
    let body = LoginBody {
        app_id: DEFAULT_APP_ID.parse().unwrap(),
        app_secret: "wrong".parse().unwrap(),
    };
    match bot.login(crate::LoginRequest { body }).await {
        LoginResponse::BadRequest(error) => assert_error(&error, 400, "Bad Request", "appSecret"),
        other => panic!("accepted a wrong secret: {other:?}"),
    }
}

#[tokio::test]
async fn refuses_calls_without_a_live_token() {
    let bot = InMemoryBot::new(BotConfig {
        token_lifetime: std::time::Duration::ZERO,
        ..BotConfig::default()
    });
    let expired = login(&bot).await;
    let cases = [
        (format!("Bearer {expired}"), "jwt malformed"),
        ("a.b.c".to_owned(), "invalid token"),
        (expired, "jwt expired"),
    ];
    for (token, message) in cases {
        assert_eq!(
            bot.authorize(access("get_bot_usage", &token)).await,
            Err(Rejection::MissingCredential(message.to_owned()))
        );
    }
}

/// What the router hands `authorize` for a call with `token`.
fn access(operation: &'static str, token: &str) -> Access {
    Access {
        operation,
        admin_only: false,
        credential: Some(token.to_owned()),
    }
}

#[tokio::test]
async fn a_live_token_is_let_in_and_an_operation_without_one_is_open() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    assert_eq!(bot.authorize(access("list_users", &token)).await, Ok(()));
    let anonymous = Access {
        credential: None,
        ..access("login", "")
    };
    assert_eq!(bot.authorize(anonymous).await, Ok(()));
}

#[tokio::test]
async fn revoked_tokens_are_refused_by_every_clone() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    bot.clone().revoke_tokens();
    assert_eq!(
        bot.authorize(access("list_users", &token)).await,
        Err(Rejection::MissingCredential("invalid token".to_owned()))
    );
}

#[tokio::test]
async fn pages_the_users_of_a_channel() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let mut seen = Vec::new();
    for page in 1..=3 {
        let answer = users_page(
            &bot,
            users_request(&token, &[ChannelId::Whatsapp], Some(page)),
        )
        .await;
        assert_eq!(
            (answer.page, answer.pages, answer.total, answer.limit),
            (page as u64, 3, 61, 25)
        );
        assert_eq!(answer.has_next_page, Some(HasNextPage::Boolean(page < 3)));
        assert!(answer
            .users
            .iter()
            .all(|u| u.channel_name.as_deref() == Some("whatsapp")));
        seen.extend(answer.users);
    }
    assert_eq!(seen.len(), 61);
    let past = users_page(&bot, users_request(&token, &[ChannelId::Whatsapp], Some(4))).await;
    assert!(past.users.is_empty());
    assert_eq!((past.page, past.pages, past.total), (4, 3, 61));
    assert_eq!(past.has_next_page, Some(HasNextPage::Boolean(false)));

    let none = users_page(
        &bot,
        users_request(&token, &[ChannelId::Sms, ChannelId::Other(4242)], None),
    )
    .await;
    assert_eq!((none.total, none.pages, none.users.len()), (0, 0, 0));
}

#[tokio::test]
async fn filters_users_on_their_creation_date() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let now = Utc::now();
    let start = now - TimeDelta::days(7);
    let mut request = users_request(&token, &[ChannelId::Whatsapp, ChannelId::Webchat], None);
    request.limit = 1000;
    request.body.start_date = Some(dates::format(start));
    request.body.end_date = Some(dates::format(now));
    let answer = users_page(&bot, request.clone()).await;
    assert!(answer.total > 0 && answer.total < 92, "{}", answer.total);
    for user in &answer.users {
        let created = utc(user.created_date.as_deref().unwrap());
        assert!(start <= created && created <= now);
    }
    request.body.start_date = Some("last week".to_owned());
    match bot.list_users(request).await {
        ListUsersResponse::BadRequest(error) => {
            assert_error(&error, 400, "Bad Request", "startDate")
        }
        other => panic!("accepted a bad date: {other:?}"),
    }
}

#[tokio::test]
async fn refuses_bad_paging_and_empty_channels() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let mut cases = Vec::new();
    // A page below 1 cannot be built: the request type's `page` is a `NonZeroU64`.
    for (limit, message) in [
        (10, "limit must not be less than 25"),
        (5000, "limit must not be greater than 1000"),
    ] {
        let mut request = users_request(&token, &[ChannelId::Whatsapp], None);
        request.limit = limit;
        cases.push((request, message));
    }
    cases.push((users_request(&token, &[], None), "channelIds"));
    for (request, message) in cases {
        match bot.list_users(request).await {
            ListUsersResponse::BadRequest(error) => {
                assert_error(&error, 400, "Bad Request", message)
            }
            other => panic!("accepted: {other:?}"),
        }
    }
}

#[tokio::test]
async fn answers_a_transcript_page_with_the_profile() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let request = transcripts_request(&token, SHOPPER, ChannelId::Whatsapp);
    let ListTranscriptsResponse::Ok(first) = bot.list_transcripts(request.clone()).await else {
        panic!("no page")
    };
    let details = &first.pagination_details;
    assert_eq!(
        (details.page, details.pages, details.total, details.limit),
        (1, 2, 38, 25)
    );
    assert_eq!(first.transcripts.len(), 25);
    let profile = first.bot_user.unwrap();
    assert_eq!(profile.custom_fields["city"], Value::from("Mumbai"));
    assert!(profile.tags.contains(&"repeat-customer".to_owned()));

    let mut second = request;
    second.page = std::num::NonZeroU64::new(2).unwrap();
    let ListTranscriptsResponse::Ok(second) = bot.list_transcripts(second).await else {
        panic!("no page")
    };
    assert_eq!(second.transcripts.len(), 13);
    let first_at = first.transcripts[24].created_at.clone().unwrap();
    let second_at = second.transcripts[0].created_at.clone().unwrap();
    assert!(utc(&first_at) <= utc(&second_at), "oldest first");
}

#[tokio::test]
async fn narrows_a_transcript_to_its_window() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let now = Utc::now();
    let mut request = transcripts_request(&token, SHOPPER, ChannelId::Whatsapp);
    request.body.start_date = Some(dates::format(now - TimeDelta::days(1)));
    let ListTranscriptsResponse::Ok(recent) = bot.list_transcripts(request.clone()).await else {
        panic!("no page")
    };
    assert_eq!(recent.pagination_details.total, 3, "only today's session");

    request.body.start_date = Some(dates::format(now - TimeDelta::days(95)));
    match bot.list_transcripts(request.clone()).await {
        ListTranscriptsResponse::BadRequest(error) => assert_error(
            &error,
            400,
            "Bad Request",
            "startDate must not be older than 3 months",
        ),
        other => panic!("accepted: {other:?}"),
    }
    let three_months = now.checked_sub_months(chrono::Months::new(3)).unwrap();
    request.body.start_date = Some(dates::format(three_months));
    assert!(matches!(
        bot.list_transcripts(request).await,
        ListTranscriptsResponse::Ok(_)
    ));
}

#[tokio::test]
async fn an_unknown_user_has_an_empty_transcript() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    for (bot_user_id, channel) in [
        ("+910000000000", ChannelId::Whatsapp),
        (SHOPPER, ChannelId::Telegram),
    ] {
        let request = transcripts_request(&token, bot_user_id, channel);
        let ListTranscriptsResponse::Ok(page) = bot.list_transcripts(request).await else {
            panic!("not a page")
        };
        assert!(page.transcripts.is_empty());
        assert_eq!(page.pagination_details.total, 0);
        assert_eq!(page.bot_user, Some(types::BotUserProfile::default()));
    }
}

#[tokio::test]
async fn counts_a_months_usage_from_the_transcripts() {
    let bot = InMemoryBot::seeded();
    let token = login(&bot).await;
    let now = Utc::now();
    let month = now.format("%Y-%m-01").to_string();
    let usage = |month_date: &str, channel: ChannelId| GetBotUsageRequest {
        auth_token: token.clone(),
        month_date: month_date.parse().unwrap(),
        channel_id: channel,
    };
    let GetBotUsageResponse::Ok(counted) =
        bot.get_bot_usage(usage(&month, ChannelId::Whatsapp)).await
    else {
        panic!("no usage")
    };
    let fixture = bot.fixture();
    let in_month = |at: DateTime<Utc>| at.format("%Y-%m-01").to_string() == month;
    let whatsapp = fixture
        .users
        .iter()
        .filter(|u| u.channel == ChannelId::Whatsapp);
    let expected_messages: usize = whatsapp
        .clone()
        .map(|u| u.messages.iter().filter(|m| in_month(m.at)).count())
        .sum();
    let expected_users = whatsapp
        .filter(|u| u.messages.iter().any(|m| in_month(m.at)))
        .count();
    assert_eq!(counted.total_messages, expected_messages as u64);
    assert_eq!(counted.total_users, expected_users as u64);
    assert!(counted.total_users > 0, "the shopper talked today");

    let GetBotUsageResponse::Ok(idle) = bot
        .get_bot_usage(usage("2001-01-01", ChannelId::Whatsapp))
        .await
    else {
        panic!("no usage")
    };
    assert_eq!((idle.total_messages, idle.total_users), (0, 0));
    // The request type refuses what breaks the spec's pattern: a day other than the first
    // (`2026-10-05`), `October`, and a month that does not exist (`2026-13-01`, `2026-00-01`).
    for bad in ["2026-10-05", "October", "2026-13-01", "2026-00-01"] {
        assert!(
            bad.parse::<crate::types::GetBotUsageMonthDate>().is_err(),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_state_round_trips_and_a_replaced_state_is_served() {
    let bot = InMemoryBot::seeded();
    let state = bot.state();
    assert_eq!(state.users.len(), 130);
    let json = serde_json::to_value(&state).expect("serializes");
    let again: BotState = serde_json::from_value(json.clone()).expect("deserializes");
    bot.replace_state(again).expect("its own state is accepted");
    assert_eq!(serde_json::to_value(bot.state()).expect("json"), json);

    let mut one = state.clone();
    one.users
        .retain(|user| user.channel_id == ChannelId::Telegram);
    let telegram = one.users.len();
    bot.replace_state(one).expect("accepted");
    let token = login(&bot).await;
    let page = users_page(
        &bot,
        users_request(&token, &[ChannelId::Telegram, ChannelId::Whatsapp], None),
    )
    .await;
    assert_eq!(page.total, telegram as u64, "{page:?}");

    bot.reset();
    assert_eq!(bot.state().users.len(), 130);
    assert!(
        matches!(
            bot.authorize(access("listUsers", &token)).await,
            Err(Rejection::MissingCredential(_))
        ),
        "a reset forgets the tokens"
    );
}

#[test]
fn a_state_with_a_bad_date_is_refused_whole_naming_the_place() {
    let bot = InMemoryBot::seeded();
    let mut state = bot.state();
    state.users.truncate(3);
    state.users[2].messages[0].created_at = Some("yesterday".to_owned());
    let error = bot.replace_state(state).expect_err("refused");
    assert_eq!(error.path, "users[2].messages[0].createdAt");
    assert_eq!(bot.state().users.len(), 130, "nothing changed");
}
