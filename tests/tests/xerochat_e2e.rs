//! End to end: the published client facade (`xerochat_client::XeroChat`) against the generated router
//! serving the in-memory reference implementation over real HTTP, and raw requests for the router's
//! answers to bad input.
//!
//! Every test starts its own server on `127.0.0.1:0` with a fresh fixture, mounted under `/api` like
//! the hosted services, so tests never see each other's writes.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;

use chrono::{Local, NaiveDate};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::{json, Value};
use xerochat_client::types::{self, AllSubscribersFlowData, Flag};
use xerochat_client::{
    ContactChanges, Error, NewContact, NewUser, UserChanges, UserLookup, XeroChat,
};
use xerochat_server::reference::fixture::{
    ADMIN_KEY, BOTLESS_PAGE_ID, CONTACT_GROUP_ID, CONTACT_ID, DELETED_USER_KEY, MEMBER_KEY,
    PAGE_ID, SUBSCRIBER_ID,
};
use xerochat_server::{router, InMemoryXeroChat};

const BAD_KEY: &str = "Either API Key Invalid or Member Validity Expired";
const FORM: &str = "application/x-www-form-urlencoded";

/// A running server and clients for it.
struct Served {
    /// `http://127.0.0.1:<port>/api`.
    base: String,
    admin: XeroChat,
    member: XeroChat,
    http: reqwest::Client,
}

impl Served {
    async fn start() -> Self {
        Self::start_with(InMemoryXeroChat::seeded()).await
    }

    async fn start_with(api: InMemoryXeroChat) -> Self {
        let app = axum::Router::new().nest("/api", router(api));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a local port");
        let address = listener.local_addr().expect("the bound address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let base = format!("http://{address}/api");
        Self {
            admin: XeroChat::new(&base, ADMIN_KEY).expect("a client"),
            member: XeroChat::new(&base, MEMBER_KEY).expect("a client"),
            http: reqwest::Client::new(),
            base,
        }
    }

    fn client(&self, key: &str) -> XeroChat {
        XeroChat::new(&self.base, key).expect("a client")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The status and message of a call the service refused.
#[track_caller]
fn refusal<T: Debug>(result: Result<T, Error>) -> (String, String) {
    match result {
        Err(Error::Service { message }) => ("error".to_owned(), message.to_string()),
        Err(Error::Info { message }) => ("info".to_owned(), message.to_string()),
        other => panic!("expected the service to refuse, got {other:?}"),
    }
}

#[track_caller]
fn assert_error<T: Debug>(result: Result<T, Error>, message: &str) {
    assert_eq!(refusal(result), ("error".to_owned(), message.to_owned()));
}

#[track_caller]
fn assert_info<T: Debug>(result: Result<T, Error>, message: &str) {
    assert_eq!(refusal(result), ("info".to_owned(), message.to_owned()));
}

/// Sends a raw request and reads the answer, which must be HTTP 200 with a JSON body.
async fn raw(request: reqwest::RequestBuilder) -> Value {
    let response = request.send().await.expect("the server answers");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(CONTENT_TYPE)
            .map(|value| value.as_bytes()),
        Some(&b"application/json"[..])
    );
    response.json().await.expect("a JSON body")
}

fn error_body(message: &str) -> Value {
    json!({"status": "error", "message": message})
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        name: "new_user".to_owned(),
        email: email.to_owned(),
        password: "s3cret!pass".to_owned(),
        package_id: xerochat_client::PackageId::new(16),
        expired_date: date(2031, 1, 31),
        mobile: Some("0123".to_owned()),
        address: None,
    }
}

fn contact_with_email(email: &str) -> NewContact {
    NewContact {
        email: Some(email.to_owned()),
        ..NewContact::in_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
    }
}

/// A time the server set just now (within a minute of this machine's clock).
#[track_caller]
fn assert_recent(time: xerochat_client::wire::LegacyDateTime) {
    let time = time.get().expect("a set time");
    let age = Local::now().naive_local() - time;
    assert!(age.num_seconds().abs() < 60, "{time} is not now");
}

// ---------------------------------------------------------------------------------------------
// Keys

#[tokio::test]
async fn bad_inactive_and_deleted_keys_are_refused_alike() {
    let served = Served::start().await;
    for key in [
        "39-wrongsecret",
        "39",
        "-demomemberkey",
        "999-demomemberkey",
        "x39-demomemberkey",
        DELETED_USER_KEY,
    ] {
        let client = served.client(key);
        assert_error(
            client
                .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
                .await,
            BAD_KEY,
        );
        assert_error(
            client.create_system_user(&new_user("k@test.com")).await,
            BAD_KEY,
        );
        assert_error(
            client
                .update_user(xerochat_client::UserId::new(39), &UserChanges::default())
                .await,
            BAD_KEY,
        );
        assert_error(client.get_all_packages().await, BAD_KEY);
        assert_error(
            client
                .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .get_all_labels(xerochat_client::PageId::new(PAGE_ID))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .create_label("VIP", xerochat_client::PageId::new(PAGE_ID))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .assign_label(
                    xerochat_client::PageId::new(PAGE_ID),
                    xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
                    &["2472856209402188"],
                )
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
                .await,
            BAD_KEY,
        );
        assert_error(client.create_contact_group("Group").await, BAD_KEY);
        assert_error(
            client
                .update_contact_group(
                    xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID),
                    "Renamed",
                )
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .delete_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .get_contact(xerochat_client::ContactId::new(CONTACT_ID))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .create_contact(&contact_with_email("k@test.com"))
                .await,
            BAD_KEY,
        );
        let rename = ContactChanges {
            first_name: Some("Zed".to_owned()),
            ..ContactChanges::default()
        };
        assert_error(
            client
                .update_contact(xerochat_client::ContactId::new(CONTACT_ID), &rename)
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .delete_contact(xerochat_client::ContactId::new(CONTACT_ID))
                .await,
            BAD_KEY,
        );
        assert_error(client.get_flow_campaigns().await, BAD_KEY);
        assert_error(
            client
                .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(1))
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .get_single_subscriber_flow_info(
                    xerochat_client::FlowCampaignId::new(1),
                    xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
                )
                .await,
            BAD_KEY,
        );
        assert_error(
            client
                .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(1))
                .await,
            BAD_KEY,
        );
    }
    // Nothing was changed by the refused calls.
    let member = &served.member;
    assert_eq!(
        member
            .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
            .await
            .unwrap()
            .type_,
        "Group 12"
    );
    assert_eq!(
        member
            .get_contact(xerochat_client::ContactId::new(CONTACT_ID))
            .await
            .unwrap()
            .first_name,
        "test_first_name"
    );
    assert_eq!(
        member
            .get_all_labels(xerochat_client::PageId::new(PAGE_ID))
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        member
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await
            .unwrap()
            .labels,
        ""
    );
}

#[tokio::test]
async fn admin_only_operations_refuse_a_member_key() {
    let served = Served::start().await;
    let member = &served.member;
    assert_error(
        member
            .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
            .await,
        BAD_KEY,
    );
    assert_error(member.create_system_user(&new_user("a@b.c")).await, BAD_KEY);
    assert_error(
        member
            .update_user(
                xerochat_client::UserId::new(39),
                &UserChanges {
                    name: Some("x".to_owned()),
                    ..UserChanges::default()
                },
            )
            .await,
        BAD_KEY,
    );
    assert_error(member.get_all_packages().await, BAD_KEY);
    // Nothing was changed by the refused calls.
    let user = served
        .admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    assert_eq!(user.name, "test_username");
}

#[tokio::test]
async fn custom_keys_replace_the_default_ones() {
    let api = InMemoryXeroChat::with_keys("1-otheradmin", "39-othermember").unwrap();
    let served = Served::start_with(api).await;
    assert_error(served.admin.get_all_packages().await, BAD_KEY);
    assert_error(served.member.get_flow_campaigns().await, BAD_KEY);
    assert_eq!(
        served
            .client("1-otheradmin")
            .get_all_packages()
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        served
            .client("39-othermember")
            .get_flow_campaigns()
            .await
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn keys_without_the_user_id_shape_are_rejected_with_a_clear_error() {
    for (admin, member) in [
        ("admin", "39-x"),
        ("39-x", "39-y"),
        ("1-", "39-x"),
        ("1-x", "1-y"),
        ("1-x", "039x"),
        ("1-x", ""),
    ] {
        let error = InMemoryXeroChat::with_keys(admin, member).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("key must read `"), "{text}");
        assert!(
            !text.contains("-x") && !text.contains("-y"),
            "a key is quoted: {text}"
        );
    }
    let error = InMemoryXeroChat::with_keys("1-x", "40-y").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the member key must read `39-<secret>`: the member user's id, a dash, then at least one character"
    );
}

// ---------------------------------------------------------------------------------------------
// Users and packages (admin only)

#[tokio::test]
async fn get_user_info_finds_the_docs_user_by_id_or_email() {
    let served = Served::start().await;
    let user = served
        .admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    assert_eq!(user.id.to_string(), "39");
    assert_eq!(user.name, "test_username");
    assert_eq!(user.email, "test_user@test.com");
    assert_eq!(user.mobile, "01234567891");
    assert_eq!(user.address, "Heaven 21");
    assert_eq!(user.user_type, "Member");
    assert_eq!(user.status, Flag::X1);
    assert_eq!(user.add_date.to_string(), "2020-09-27 08:13:01");
    assert_eq!(user.last_login_at.get(), None);
    assert_eq!(user.expired_date.to_string(), "2020-10-27 00:00:00");
    assert_eq!(user.package_id.to_string(), "16");
    assert_eq!(user.last_login_ip, "127.0.0.1");

    let by_email = served
        .admin
        .get_user_info(UserLookup::Email("TEST_USER@test.com"))
        .await
        .unwrap();
    assert_eq!(by_email, user);

    let admin = served
        .admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(1)))
        .await
        .unwrap();
    assert_eq!(admin.user_type, "Admin");
}

#[tokio::test]
async fn get_user_info_answers_no_matching_user() {
    let served = Served::start().await;
    let admin = &served.admin;
    assert_error(
        admin
            .get_user_info(UserLookup::Id(xerochat_client::UserId::new(12)))
            .await,
        "No Matching User Found",
    );
    assert_error(
        admin
            .get_user_info(UserLookup::Email("nobody@test.com"))
            .await,
        "No Matching User Found",
    );
    // The deleted user is not found.
    assert_error(
        admin
            .get_user_info(UserLookup::Id(xerochat_client::UserId::new(2)))
            .await,
        "No Matching User Found",
    );

    // Both given: the user must match both. Neither given: as if nothing matched.
    let generated = admin.generated();
    let both = generated
        .get_user_info(ADMIN_KEY, Some("test_user@test.com"), Some(39))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        both,
        types::GetUserInfoResult::UserInfoResponse(_)
    ));
    let mismatch = generated
        .get_user_info(ADMIN_KEY, Some("test_user@test.com"), Some(1))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serde_json::to_value(mismatch).unwrap(),
        error_body("No Matching User Found")
    );
    let neither = generated
        .get_user_info(ADMIN_KEY, None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serde_json::to_value(neither).unwrap(),
        error_body("No Matching User Found")
    );
}

#[tokio::test]
async fn create_system_user_then_get_returns_the_user() {
    let served = Served::start().await;
    let admin = &served.admin;
    let id = admin
        .create_system_user(&new_user("new@test.com"))
        .await
        .unwrap();
    assert_eq!(id, xerochat_client::UserId::new(40));

    let user = admin.get_user_info(UserLookup::Id(id)).await.unwrap();
    assert_eq!(user.id.to_string(), "40");
    assert_eq!(user.name, "new_user");
    assert_eq!(user.email, "new@test.com");
    assert_eq!(user.mobile, "0123");
    assert_eq!(user.address, "");
    assert_eq!(user.user_type, "Member");
    assert_eq!(user.status, Flag::X1);
    assert_recent(user.add_date);
    assert_eq!(user.last_login_at.get(), None);
    assert_eq!(user.expired_date.to_string(), "2031-01-31 00:00:00");
    assert_eq!(user.package_id.to_string(), "16");

    let next = admin
        .create_system_user(&new_user("other@test.com"))
        .await
        .unwrap();
    assert_eq!(next, xerochat_client::UserId::new(41));

    // The success body carries the id as a JSON integer.
    let body = raw(served.http.post(served.url("/create_system_user")).form(&[
        ("api_key", ADMIN_KEY),
        ("name", "raw"),
        ("email", "raw@test.com"),
        ("password", "pw"),
        ("package_id", "1"),
        ("expired_date", "2030-01-01"),
    ]))
    .await;
    assert_eq!(body, json!({"status": "success", "id": 42}));
}

#[tokio::test]
async fn create_system_user_refuses_a_taken_email_and_an_unknown_package() {
    let served = Served::start().await;
    let admin = &served.admin;
    assert_error(
        admin
            .create_system_user(&new_user("test_user@test.com"))
            .await,
        "Email already exists",
    );
    assert_error(
        admin
            .create_system_user(&new_user("Test_User@Test.com"))
            .await,
        "Email already exists",
    );
    // The deleted user's email stays taken.
    assert_error(
        admin
            .create_system_user(&new_user("former_member@test.com"))
            .await,
        "Email already exists",
    );
    admin
        .create_system_user(&new_user("fresh@test.com"))
        .await
        .unwrap();
    assert_error(
        admin.create_system_user(&new_user("fresh@test.com")).await,
        "Email already exists",
    );
    // Package 17 is deleted, 99 does not exist.
    for package_id in [17, 99] {
        let user = NewUser {
            package_id: xerochat_client::PackageId::new(package_id),
            ..new_user("pkg@test.com")
        };
        assert_error(
            admin.create_system_user(&user).await,
            "No Matching Package Found",
        );
    }
}

#[tokio::test]
async fn update_user_applies_values_then_get_shows_them() {
    let served = Served::start().await;
    let admin = &served.admin;
    admin
        .update_user(
            xerochat_client::UserId::new(39),
            &UserChanges {
                name: Some("renamed".to_owned()),
                mobile: Some("0999".to_owned()),
                address: Some("Earth 1".to_owned()),
                package_id: Some(xerochat_client::PackageId::new(1)),
                expired_date: Some(date(2030, 5, 6)),
                active: None,
            },
        )
        .await
        .unwrap();
    let user = admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    assert_eq!(user.name, "renamed");
    assert_eq!(user.mobile, "0999");
    assert_eq!(user.address, "Earth 1");
    assert_eq!(user.package_id.to_string(), "1");
    assert_eq!(user.expired_date.to_string(), "2030-05-06 00:00:00");
    assert_eq!(user.email, "test_user@test.com");
}

#[tokio::test]
async fn update_user_ignores_empty_values_and_succeeds_without_changes() {
    let served = Served::start().await;
    let admin = &served.admin;
    let before = admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    admin
        .update_user(xerochat_client::UserId::new(39), &UserChanges::default())
        .await
        .unwrap();
    admin
        .update_user(
            xerochat_client::UserId::new(39),
            &UserChanges {
                name: Some(String::new()),
                address: Some(String::new()),
                ..UserChanges::default()
            },
        )
        .await
        .unwrap();
    let body = raw(served.http.post(served.url("/update_user/39")).form(&[
        ("api_key", ADMIN_KEY),
        ("name", ""),
        ("mobile", ""),
    ]))
    .await;
    assert_eq!(body, json!({"status": "success"}));
    assert_eq!(
        admin
            .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
            .await
            .unwrap(),
        before
    );
}

#[tokio::test]
async fn update_user_answers_user_not_found() {
    let served = Served::start().await;
    let changes = UserChanges {
        name: Some("x".to_owned()),
        ..UserChanges::default()
    };
    assert_error(
        served
            .admin
            .update_user(xerochat_client::UserId::new(12), &changes)
            .await,
        "User not found with the ID: 12",
    );
    assert_error(
        served
            .admin
            .update_user(xerochat_client::UserId::new(2), &changes)
            .await,
        "User not found with the ID: 2",
    );
    assert_error(
        served
            .admin
            .update_user(
                xerochat_client::UserId::new(39),
                &UserChanges {
                    package_id: Some(xerochat_client::PackageId::new(17)),
                    ..UserChanges::default()
                },
            )
            .await,
        "No Matching Package Found",
    );
}

#[tokio::test]
async fn an_inactive_users_key_is_refused_until_reactivated() {
    let served = Served::start().await;
    let deactivate = UserChanges {
        active: Some(false),
        ..UserChanges::default()
    };
    served
        .admin
        .update_user(xerochat_client::UserId::new(39), &deactivate)
        .await
        .unwrap();
    assert_error(served.member.get_flow_campaigns().await, BAD_KEY);
    let user = served
        .admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    assert_eq!(user.status, Flag::X0);

    let reactivate = UserChanges {
        active: Some(true),
        ..UserChanges::default()
    };
    served
        .admin
        .update_user(xerochat_client::UserId::new(39), &reactivate)
        .await
        .unwrap();
    assert_eq!(served.member.get_flow_campaigns().await.unwrap().len(), 4);
}

#[tokio::test]
async fn get_all_packages_lists_the_packages_that_are_not_deleted() {
    let served = Served::start().await;
    let packages = served.admin.get_all_packages().await.unwrap();
    let ids: Vec<i64> = packages.iter().map(|package| package.id.get()).collect();
    assert_eq!(ids, [1, 16]);
    let everything = &packages[1];
    assert_eq!(everything.package_name, "everything");
    assert_eq!(everything.price, "112.35");
    assert_eq!(everything.validity, "700");
    assert_eq!(everything.module_ids, "251,80,202,201,88,206");
    assert_eq!(everything.deleted, Flag::X0);
    assert_eq!(everything.visible, Flag::X1);
    assert_eq!(packages[0].package_name, "Trial");
    assert_eq!(packages[0].price, "0");
}

// ---------------------------------------------------------------------------------------------
// Subscribers and labels

#[tokio::test]
async fn subscriber_information_answers_the_docs_subscriber() {
    let served = Served::start().await;
    let subscriber = served
        .member
        .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
        .await
        .unwrap();
    assert_eq!(subscriber.subscriber_id, "134242424");
    assert_eq!(subscriber.labels, "");
    assert_eq!(subscriber.first_name, "test_first_name");
    assert_eq!(subscriber.last_name, "test_last_name");
    assert_eq!(subscriber.full_name, "test_full_name");
    assert_eq!(subscriber.page_name.as_deref(), Some("XeroDevs"));
    assert_eq!(subscriber.page_id, "1123123123123");
    assert_eq!(subscriber.unavailable, Flag::X0);
    assert_eq!(subscriber.email, "test@test.com");
    assert_eq!(subscriber.phone_number, "01234567891");
    assert_eq!(subscriber.subscribed_at.get(), None);
    assert_eq!(subscriber.birthdate.get(), None);

    // The wire body is the docs' example.
    let body = raw(served
        .http
        .get(served.url("/subscriber_information"))
        .query(&[("api_key", MEMBER_KEY), ("subscriber_id", "134242424")]))
    .await;
    assert_eq!(
        body["subscriber_info"]["subscribed_at"],
        "0000-00-00 00:00:00"
    );
    assert_eq!(body["subscriber_info"]["birthdate"], "0000-00-00");
    assert_eq!(body["status"], "success");
}

#[tokio::test]
async fn subscriber_information_answers_no_matching_subscriber() {
    let served = Served::start().await;
    assert_error(
        served
            .member
            .subscriber_information(xerochat_client::SubscriberId::new(999))
            .await,
        "No Matching Subscriber Found",
    );
    // The subscriber is on the member's page, not the admin's.
    assert_error(
        served
            .admin
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await,
        "No Matching Subscriber Found",
    );
}

#[tokio::test]
async fn get_all_labels_lists_the_docs_labels() {
    let served = Served::start().await;
    let labels = served
        .member
        .get_all_labels(xerochat_client::PageId::new(PAGE_ID))
        .await
        .unwrap();
    let labels: Vec<(&str, &str)> = labels
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
    for page in [BOTLESS_PAGE_ID, 42] {
        assert_error(
            served
                .member
                .get_all_labels(xerochat_client::PageId::new(page))
                .await,
            "No Matching Label Found",
        );
    }
    assert_error(
        served
            .admin
            .get_all_labels(xerochat_client::PageId::new(PAGE_ID))
            .await,
        "No Matching Label Found",
    );
}

#[tokio::test]
async fn create_label_then_get_all_labels_lists_it() {
    let served = Served::start().await;
    let label_id = served
        .member
        .create_label("VIP", xerochat_client::PageId::new(PAGE_ID))
        .await
        .unwrap();
    assert!(
        (15..=16).contains(&label_id.len()) && label_id.bytes().all(|b| b.is_ascii_digit()),
        "{label_id}"
    );
    let second = served
        .member
        .create_label("Lead", xerochat_client::PageId::new(PAGE_ID))
        .await
        .unwrap();
    assert_ne!(second, label_id);
    let labels = served
        .member
        .get_all_labels(xerochat_client::PageId::new(PAGE_ID))
        .await
        .unwrap();
    assert_eq!(labels.len(), 4);
    assert_eq!(labels[2].label_id, label_id);
    assert_eq!(labels[2].label_name, "VIP");

    // Deterministic: a fresh server hands out the same id.
    let again = Served::start().await;
    assert_eq!(
        again
            .member
            .create_label("VIP", xerochat_client::PageId::new(PAGE_ID))
            .await
            .unwrap(),
        label_id
    );

    // The success body carries the id as a string.
    let body = raw(served.http.post(served.url("/create_label")).form(&[
        ("api_key", MEMBER_KEY),
        ("label_name", "Raw"),
        ("page_id", "1123123123123"),
    ]))
    .await;
    assert!(body["label_id"].is_string(), "{body}");
    assert_eq!(body["status"], "success");
}

#[tokio::test]
async fn create_label_needs_an_enabled_bot() {
    let served = Served::start().await;
    for page in [BOTLESS_PAGE_ID, 42] {
        assert_error(
            served
                .member
                .create_label("VIP", xerochat_client::PageId::new(page))
                .await,
            "No Enabled Bot Found",
        );
    }
    assert_error(
        served
            .admin
            .create_label("VIP", xerochat_client::PageId::new(PAGE_ID))
            .await,
        "No Enabled Bot Found",
    );
}

#[tokio::test]
async fn assign_label_adds_internal_ids_visible_in_subscriber_information() {
    let served = Served::start().await;
    let member = &served.member;
    member
        .assign_label(
            xerochat_client::PageId::new(PAGE_ID),
            xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
            &["2328660457215897", "9999999999999999"],
        )
        .await
        .unwrap();
    assert_eq!(
        member
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await
            .unwrap()
            .labels,
        "2"
    );

    let vip = member
        .create_label("VIP", xerochat_client::PageId::new(PAGE_ID))
        .await
        .unwrap();
    member
        .assign_label(
            xerochat_client::PageId::new(PAGE_ID),
            xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
            &[" 2472856209402188", &vip, "2328660457215897"],
        )
        .await
        .unwrap();
    assert_eq!(
        member
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await
            .unwrap()
            .labels,
        "2,1,3"
    );

    // Only unknown ids: skipped, still a success.
    member
        .assign_label(
            xerochat_client::PageId::new(PAGE_ID),
            xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
            &["123"],
        )
        .await
        .unwrap();
    assert_eq!(
        member
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await
            .unwrap()
            .labels,
        "2,1,3"
    );

    let body = raw(served.http.post(served.url("/assign_label")).form(&[
        ("api_key", MEMBER_KEY),
        ("label_ids", "2472856209402188"),
        ("page_id", "1123123123123"),
        ("subscriber_id", "134242424"),
    ]))
    .await;
    assert_eq!(body, json!({"success": true, "status": "success"}));
}

#[tokio::test]
async fn assign_label_refusals() {
    let served = Served::start().await;
    let member = &served.member;
    assert_error(
        member
            .assign_label(
                xerochat_client::PageId::new(BOTLESS_PAGE_ID),
                xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
                &["2472856209402188"],
            )
            .await,
        "No Enabled Bot Found",
    );
    assert_error(
        served
            .admin
            .assign_label(
                xerochat_client::PageId::new(PAGE_ID),
                xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
                &["2472856209402188"],
            )
            .await,
        "No Enabled Bot Found",
    );
    assert_error(
        member
            .assign_label(
                xerochat_client::PageId::new(PAGE_ID),
                xerochat_client::SubscriberId::new(555),
                &["2472856209402188"],
            )
            .await,
        "(#100) The user ID is not valid.",
    );
    assert_eq!(
        member
            .subscriber_information(xerochat_client::SubscriberId::new(SUBSCRIBER_ID))
            .await
            .unwrap()
            .labels,
        ""
    );
}

// ---------------------------------------------------------------------------------------------
// Contact groups

#[tokio::test]
async fn the_seeded_contact_group_is_the_docs_group() {
    let served = Served::start().await;
    let group = served
        .member
        .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
        .await
        .unwrap();
    assert_eq!(group.id.to_string(), "67");
    assert_eq!(group.user_id.to_string(), "39");
    assert_eq!(group.type_, "Group 12");
    assert_eq!(group.created_at.to_string(), "2020-10-28 13:40:46");
    assert_eq!(group.deleted, Flag::X0);
    // Another user's group is not found.
    assert_error(
        served
            .admin
            .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
            .await,
        "The contact type ID does not exist",
    );
}

#[tokio::test]
async fn create_contact_group_then_get_then_rename() {
    let served = Served::start().await;
    let member = &served.member;
    let id = member.create_contact_group("Newsletter").await.unwrap();
    assert_eq!(id, xerochat_client::ContactGroupId::new(68));
    let group = member.get_contact_group(id).await.unwrap();
    assert_eq!(group.id.to_string(), "68");
    assert_eq!(group.user_id.to_string(), "39");
    assert_eq!(group.type_, "Newsletter");
    assert_recent(group.created_at);

    assert_info(
        member.update_contact_group(id, "Newsletter").await,
        "Make sure, you changed the contact group name",
    );
    member.update_contact_group(id, "Weekly").await.unwrap();
    assert_eq!(member.get_contact_group(id).await.unwrap().type_, "Weekly");

    let body = raw(served
        .http
        .post(served.url("/create_contact_group"))
        .form(&[("api_key", MEMBER_KEY), ("name", "Raw")]))
    .await;
    assert_eq!(body, json!({"status": "success", "contact_type_id": 69}));
}

#[tokio::test]
async fn unknown_contact_groups_are_refused() {
    let served = Served::start().await;
    assert_error(
        served
            .member
            .get_contact_group(xerochat_client::ContactGroupId::new(4567))
            .await,
        "The contact type ID does not exist",
    );
    assert_error(
        served
            .member
            .update_contact_group(xerochat_client::ContactGroupId::new(4567), "x")
            .await,
        "The contact type ID does not exist",
    );
    assert_error(
        served
            .admin
            .update_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID), "x")
            .await,
        "The contact type ID does not exist",
    );
    assert_eq!(
        served
            .member
            .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
            .await
            .unwrap()
            .type_,
        "Group 12"
    );
}

#[tokio::test]
async fn delete_contact_group_then_get_is_refused() {
    let served = Served::start().await;
    let member = &served.member;
    let id = member.create_contact_group("Temp").await.unwrap();
    assert_eq!(
        member.delete_contact_group(id).await.unwrap(),
        format!("The contact type ID ({id}) has been deleted")
    );
    assert_error(
        member.get_contact_group(id).await,
        "The contact type ID does not exist",
    );
    assert_info(
        member.delete_contact_group(id).await,
        "Unable to delete the contact group",
    );
    // Another user cannot delete the member's group.
    assert_info(
        served
            .admin
            .delete_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
            .await,
        "Unable to delete the contact group",
    );
    member
        .get_contact_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
        .await
        .unwrap();
    // Ids are not reused after a delete.
    assert_eq!(
        member.create_contact_group("Next").await.unwrap(),
        xerochat_client::ContactGroupId::new(id.get() + 1)
    );
}

// ---------------------------------------------------------------------------------------------
// Contacts

#[tokio::test]
async fn the_seeded_contact_is_the_docs_contact() {
    let served = Served::start().await;
    let contact = served
        .member
        .get_contact(xerochat_client::ContactId::new(CONTACT_ID))
        .await
        .unwrap();
    assert_eq!(contact.id.to_string(), "233");
    assert_eq!(contact.user_id.to_string(), "39");
    assert_eq!(contact.contact_type_id, "67");
    assert_eq!(contact.first_name, "test_first_name");
    assert_eq!(contact.last_name, "test_last_name");
    assert_eq!(contact.phone_number.as_deref(), Some("01234567891"));
    assert_eq!(contact.email.as_deref(), Some("test@test.com"));
    assert_eq!(contact.notes, "");
    assert_eq!(contact.unsubscribed, Flag::X0);
    assert_eq!(contact.deleted, Flag::X0);
    assert_eq!(contact.status, Some(Flag::X1));
    assert_error(
        served
            .admin
            .get_contact(xerochat_client::ContactId::new(CONTACT_ID))
            .await,
        "The contact ID does not exist",
    );
}

#[tokio::test]
async fn create_contact_then_get_returns_the_contact() {
    let served = Served::start().await;
    let member = &served.member;
    let id = member
        .create_contact(&NewContact {
            contact_type_id: xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID),
            email: Some("ana@example.com".to_owned()),
            phone_number: None,
            first_name: Some("Ana".to_owned()),
            last_name: None,
        })
        .await
        .unwrap();
    assert_eq!(id, xerochat_client::ContactId::new(234));
    let contact = member.get_contact(id).await.unwrap();
    assert_eq!(contact.id.to_string(), "234");
    assert_eq!(contact.user_id.to_string(), "39");
    assert_eq!(contact.contact_type_id, "67");
    assert_eq!(contact.first_name, "Ana");
    assert_eq!(contact.last_name, "");
    assert_eq!(contact.email.as_deref(), Some("ana@example.com"));
    assert_eq!(contact.phone_number, None);

    // A phone number alone is enough; the id comes back as a JSON integer.
    let body = raw(served.http.post(served.url("/create_contact")).form(&[
        ("api_key", MEMBER_KEY),
        ("contact_type_id", "67"),
        ("phone_number", "5550100"),
    ]))
    .await;
    assert_eq!(body, json!({"status": "success", "new_contact_id": 235}));
    let body = raw(served
        .http
        .get(served.url("/get_contact"))
        .query(&[("api_key", MEMBER_KEY), ("contact_id", "235")]))
    .await;
    assert_eq!(body["email"], Value::Null);
    assert_eq!(body["phone_number"], "5550100");
    assert_eq!(body["id"], "235");
}

#[tokio::test]
async fn create_contact_refusals() {
    let served = Served::start().await;
    let member = &served.member;
    // Neither email nor phone number (the facade refuses this itself, so use the generated client).
    let form = types::CreateContactForm {
        api_key: MEMBER_KEY.to_owned(),
        contact_type_id: CONTACT_GROUP_ID,
        email: None,
        phone_number: None,
        first_name: Some("Ana".to_owned()),
        last_name: None,
    };
    let answer = member
        .generated()
        .create_contact(&form)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serde_json::to_value(answer).unwrap(),
        error_body("The email or phone_number is required")
    );
    let body = raw(served.http.post(served.url("/create_contact")).form(&[
        ("api_key", MEMBER_KEY),
        ("contact_type_id", "67"),
        ("email", ""),
        ("phone_number", ""),
    ]))
    .await;
    assert_eq!(body, error_body("The email or phone_number is required"));

    // Email and phone number are unique among the user's contacts.
    assert_error(
        member
            .create_contact(&contact_with_email("TEST@test.com"))
            .await,
        "The email field must contain a unique value",
    );
    assert_error(
        member
            .create_contact(&NewContact {
                phone_number: Some("01234567891".to_owned()),
                ..NewContact::in_group(xerochat_client::ContactGroupId::new(CONTACT_GROUP_ID))
            })
            .await,
        "The phone_number field must contain a unique value",
    );
    member
        .create_contact(&contact_with_email("once@test.com"))
        .await
        .unwrap();
    assert_error(
        member
            .create_contact(&contact_with_email("once@test.com"))
            .await,
        "The email field must contain a unique value",
    );

    // The group must be one of the user's.
    assert_error(
        member
            .create_contact(&NewContact {
                contact_type_id: xerochat_client::ContactGroupId::new(4567),
                ..contact_with_email("new@test.com")
            })
            .await,
        "The contact ID does not exist",
    );
}

#[tokio::test]
async fn update_contact_replaces_names_and_fills_only_empty_email_or_phone() {
    let served = Served::start().await;
    let member = &served.member;
    let id = member
        .create_contact(&contact_with_email("ana@example.com"))
        .await
        .unwrap();

    member
        .update_contact(
            id,
            &ContactChanges {
                email: Some("other@example.com".to_owned()),
                phone_number: Some("5550100".to_owned()),
                first_name: Some("Ana".to_owned()),
                last_name: Some("Lima".to_owned()),
            },
        )
        .await
        .unwrap();
    let contact = member.get_contact(id).await.unwrap();
    assert_eq!(contact.email.as_deref(), Some("ana@example.com"));
    assert_eq!(contact.phone_number.as_deref(), Some("5550100"));
    assert_eq!(contact.first_name, "Ana");
    assert_eq!(contact.last_name, "Lima");

    // The same names again, and an email when the contact has one: nothing changes.
    assert_info(
        member
            .update_contact(
                id,
                &ContactChanges {
                    email: Some("third@example.com".to_owned()),
                    first_name: Some("Ana".to_owned()),
                    ..ContactChanges::default()
                },
            )
            .await,
        "Make sure you changed to update the contact",
    );
    member
        .update_contact(
            id,
            &ContactChanges {
                last_name: Some("Souza".to_owned()),
                ..ContactChanges::default()
            },
        )
        .await
        .unwrap();
    let contact = member.get_contact(id).await.unwrap();
    assert_eq!(contact.last_name, "Souza");
    assert_eq!(contact.email.as_deref(), Some("ana@example.com"));
}

#[tokio::test]
async fn update_contact_refusals() {
    let served = Served::start().await;
    let member = &served.member;
    // The facade refuses it unsent with the spec's message (`x-at-least-one-of`), which is what the
    // server answers when the request is sent anyway.
    const NOTHING: &str =
        "You should at least provide value for first name or last name or email or phone number";
    let unsent = member
        .update_contact(
            xerochat_client::ContactId::new(CONTACT_ID),
            &ContactChanges::default(),
        )
        .await;
    assert!(
        matches!(&unsent, Err(Error::InvalidRequest(message)) if message == NOTHING),
        "{unsent:?}"
    );
    let form = types::UpdateContactForm {
        api_key: MEMBER_KEY.to_owned(),
        email: None,
        phone_number: None,
        first_name: None,
        last_name: None,
    };
    let sent = member
        .generated()
        .update_contact(CONTACT_ID, &form)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(serde_json::to_value(sent).unwrap(), error_body(NOTHING));
    let rename = ContactChanges {
        first_name: Some("Zed".to_owned()),
        ..ContactChanges::default()
    };
    assert_error(
        member
            .update_contact(xerochat_client::ContactId::new(999), &rename)
            .await,
        "The contact ID does not exist",
    );
    assert_error(
        served
            .admin
            .update_contact(xerochat_client::ContactId::new(CONTACT_ID), &rename)
            .await,
        "The contact ID does not exist",
    );
    // Filling in a phone number another contact has.
    let id = member
        .create_contact(&contact_with_email("ana@example.com"))
        .await
        .unwrap();
    assert_error(
        member
            .update_contact(
                id,
                &ContactChanges {
                    phone_number: Some("01234567891".to_owned()),
                    ..ContactChanges::default()
                },
            )
            .await,
        "The phone_number field must contain a unique value",
    );
    assert_eq!(member.get_contact(id).await.unwrap().phone_number, None);
}

#[tokio::test]
async fn delete_contact_then_get_is_refused() {
    let served = Served::start().await;
    let member = &served.member;
    let id = member
        .create_contact(&contact_with_email("gone@example.com"))
        .await
        .unwrap();
    assert_eq!(
        member.delete_contact(id).await.unwrap(),
        format!("The contact ID ({id}) has been deleted")
    );
    assert_error(
        member.get_contact(id).await,
        "The contact ID does not exist",
    );
    assert_info(
        member.delete_contact(id).await,
        "Unable to delete the contact",
    );
    assert_info(
        served
            .admin
            .delete_contact(xerochat_client::ContactId::new(CONTACT_ID))
            .await,
        "Unable to delete the contact",
    );
    member
        .get_contact(xerochat_client::ContactId::new(CONTACT_ID))
        .await
        .unwrap();
    // The email is free again.
    member
        .create_contact(&contact_with_email("gone@example.com"))
        .await
        .unwrap();
}

/// On a multi-threaded runtime, so that the server really handles the calls in parallel.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_all_succeed_with_distinct_ids() {
    let served = Served::start().await;
    let calls = (0..50).map(|n| {
        let member = served.member.clone();
        async move {
            let email = format!("concurrent{n}@example.com");
            let id = member.create_contact(&contact_with_email(&email)).await;
            (email, id)
        }
    });
    let created = futures::future::join_all(calls.map(tokio::spawn)).await;
    let mut ids = HashSet::new();
    let mut by_id = BTreeMap::new();
    for outcome in created {
        let (email, id) = outcome.expect("the task ran");
        let id = id.unwrap_or_else(|error| panic!("{email}: {error}"));
        assert!(ids.insert(id), "id {id} handed out twice");
        by_id.insert(id, email);
    }
    assert_eq!(ids.len(), 50);
    for (id, email) in by_id {
        let contact = served.member.get_contact(id).await.unwrap();
        assert_eq!(contact.email.as_deref(), Some(email.as_str()));
    }
}

// ---------------------------------------------------------------------------------------------
// Flow campaigns

#[tokio::test]
async fn get_flow_campaigns_lists_the_users_campaigns() {
    let served = Served::start().await;
    let campaigns = served.member.get_flow_campaigns().await.unwrap();
    let campaigns: Vec<(i64, &str)> = campaigns
        .iter()
        .map(|campaign| (campaign.id.get(), campaign.flow_name.as_str()))
        .collect();
    assert_eq!(
        campaigns,
        [
            (1, "Flow Campaign 1"),
            (2, "Flow Campaign 2"),
            (3, "Flow Campaign 3"),
            (6, "Flow Campaign 4"),
        ]
    );
    assert!(served.admin.get_flow_campaigns().await.unwrap().is_empty());
    let body = raw(served
        .http
        .get(served.url("/get_flow_campaigns"))
        .query(&[("api_key", ADMIN_KEY)]))
    .await;
    assert_eq!(body, json!([]));
}

#[tokio::test]
async fn get_flow_campaign_info_lists_the_questions() {
    let served = Served::start().await;
    let info = served
        .member
        .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(1))
        .await
        .unwrap();
    assert_eq!(info.id.to_string(), "1");
    assert_eq!(info.flow_name, "Flow Campaign 1");
    assert_eq!(
        info.questions,
        [
            "What do you like to do?",
            "What is your favorite pet?",
            "What is your favorite color?",
            "Who is your favorite author?",
            "Which country do you love to live in?",
        ]
        .map(|question| Some(question.to_owned()))
    );
    let empty = served
        .member
        .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(6))
        .await
        .unwrap();
    assert_eq!(empty.flow_name, "Flow Campaign 4");
    assert_eq!(empty.questions, vec![None::<String>]);
    for campaign in [99, 4] {
        assert_error(
            served
                .member
                .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(campaign))
                .await,
            "The flow campaign ID does not exist",
        );
    }
    assert_error(
        served
            .admin
            .get_flow_campaign_info(xerochat_client::FlowCampaignId::new(1))
            .await,
        "The flow campaign ID does not exist",
    );
}

#[tokio::test]
async fn get_single_subscriber_flow_info_answers_keyed_by_id() {
    let served = Served::start().await;
    let info = served
        .member
        .get_single_subscriber_flow_info(
            xerochat_client::FlowCampaignId::new(1),
            xerochat_client::SubscriberId::new(2_499_454_673_490_220),
        )
        .await
        .unwrap();
    assert_eq!(info.id.as_deref().map(String::as_str), Some("1"));
    assert_eq!(info.flow_name.as_deref(), Some("Flow Campaign 1"));
    let answers: Vec<(Option<&str>, Option<&str>, &str)> = info
        .data
        .iter()
        .map(|answer| {
            (
                answer.id.as_deref().map(String::as_str),
                answer.question.as_deref(),
                answer.answer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            (
                Some("45"),
                Some("What do you like to do?"),
                "Reading, Traveling, Watching Movies"
            ),
            (Some("46"), Some("What is your favorite pet?"), "Dog"),
            (Some("47"), Some("What is your favorite color?"), "Black"),
            (
                Some("48"),
                Some("Who is your favorite author?"),
                "Sigmund Freud"
            ),
            (
                Some("49"),
                Some("Which country do you love to live in?"),
                "France"
            ),
        ]
    );
    assert!(info.data.iter().all(|answer| answer.question_id.is_none()));

    let body = raw(served
        .http
        .get(served.url("/get_single_subscriber_flow_info"))
        .query(&[
            ("api_key", MEMBER_KEY),
            ("flow_campaign_id", "1"),
            ("subscriber_id", "3001440154747507"),
        ]))
    .await;
    assert_eq!(
        body["data"][1],
        json!({"id": "46", "question": "What is your favorite pet?", "answer": "Cat"})
    );
}

#[tokio::test]
async fn get_single_subscriber_flow_info_without_answers_is_null() {
    let served = Served::start().await;
    for (campaign, subscriber) in [(1, SUBSCRIBER_ID), (2, 2_499_454_673_490_220)] {
        let info = served
            .member
            .get_single_subscriber_flow_info(
                xerochat_client::FlowCampaignId::new(campaign),
                xerochat_client::SubscriberId::new(subscriber),
            )
            .await
            .unwrap();
        assert_eq!(info.id, None);
        assert_eq!(info.flow_name, None);
        assert!(info.data.is_empty());
    }
    let body = raw(served
        .http
        .get(served.url("/get_single_subscriber_flow_info"))
        .query(&[
            ("api_key", MEMBER_KEY),
            ("flow_campaign_id", "1"),
            ("subscriber_id", "134242424"),
        ]))
    .await;
    assert_eq!(body, json!({"id": null, "flow_name": null, "data": []}));
    assert_error(
        served
            .member
            .get_single_subscriber_flow_info(
                xerochat_client::FlowCampaignId::new(99),
                xerochat_client::SubscriberId::new(SUBSCRIBER_ID),
            )
            .await,
        "The flow campaign ID does not exist",
    );
}

#[tokio::test]
async fn get_all_subscriber_flow_info_is_keyed_by_subscriber() {
    let served = Served::start().await;
    let info = served
        .member
        .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(1))
        .await
        .unwrap();
    assert_eq!(info.id.as_deref().map(String::as_str), Some("1"));
    assert_eq!(info.flow_name.as_deref(), Some("Flow Campaign 1"));
    let AllSubscribersFlowData::FlowAnswersBySubscriber(data) = info.data else {
        panic!("expected answers keyed by subscriber, got {:?}", info.data)
    };
    let subscribers: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(subscribers, ["2499454673490220", "3001440154747507"]);
    let answers: Vec<&str> = data["3001440154747507"]
        .iter()
        .map(|answer| answer.answer.as_str())
        .collect();
    assert_eq!(
        answers,
        [
            "Traveling, Watching Movies",
            "Cat",
            "Blue",
            "William Shakespeare",
            "Germany"
        ]
    );

    let body = raw(served
        .http
        .get(served.url("/get_all_subscriber_flow_info"))
        .query(&[("api_key", MEMBER_KEY), ("flow_campaign_id", "1")]))
    .await;
    assert_eq!(
        body["data"]["2499454673490220"][0],
        json!({"id": "45", "question": "What do you like to do?", "answer": "Reading, Traveling, Watching Movies"})
    );
}

#[tokio::test]
async fn get_all_subscriber_flow_info_without_answers_has_an_empty_array() {
    let served = Served::start().await;
    let info = served
        .member
        .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(6))
        .await
        .unwrap();
    assert_eq!(info.id, None);
    assert_eq!(info.flow_name, None);
    assert!(
        matches!(&info.data, AllSubscribersFlowData::EmptyArray(items) if items.is_empty()),
        "{:?}",
        info.data
    );
    let body = raw(served
        .http
        .get(served.url("/get_all_subscriber_flow_info"))
        .query(&[("api_key", MEMBER_KEY), ("flow_campaign_id", "2")]))
    .await;
    assert_eq!(body, json!({"id": null, "flow_name": null, "data": []}));
    assert_error(
        served
            .member
            .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(99))
            .await,
        "The flow campaign ID does not exist",
    );
    assert_error(
        served
            .admin
            .get_all_subscriber_flow_info(xerochat_client::FlowCampaignId::new(1))
            .await,
        "The flow campaign ID does not exist",
    );
}

// ---------------------------------------------------------------------------------------------
// The generated router's answers to bad input (raw HTTP)

#[tokio::test]
async fn a_missing_api_key_is_api_key_is_required() {
    let served = Served::start().await;
    let http = &served.http;
    // No key at all, on a GET and on a POST operation.
    let body = raw(http.get(served.url("/get_flow_campaigns"))).await;
    assert_eq!(body, error_body("API Key is required"));
    let body = raw(http
        .post(served.url("/create_contact_group"))
        .form(&[("name", "x")]))
    .await;
    assert_eq!(body, error_body("API Key is required"));
    // An empty key is a missing key.
    let body = raw(http
        .get(served.url("/get_flow_campaigns"))
        .query(&[("api_key", "")]))
    .await;
    assert_eq!(body, error_body("API Key is required"));
    // A key in a header is not read.
    let body = raw(http
        .get(served.url("/get_flow_campaigns"))
        .header("api_key", MEMBER_KEY)
        .header("X-API-Key", MEMBER_KEY))
    .await;
    assert_eq!(body, error_body("API Key is required"));
    // GET operations read the query only; POST operations the form only.
    let body = raw(http
        .get(served.url("/get_flow_campaigns"))
        .form(&[("api_key", MEMBER_KEY)]))
    .await;
    assert_eq!(body, error_body("API Key is required"));
    let body = raw(http
        .post(served.url("/create_contact_group"))
        .query(&[("api_key", MEMBER_KEY)])
        .form(&[("name", "x")]))
    .await;
    assert_eq!(body, error_body("API Key is required"));
}

#[tokio::test]
async fn a_json_body_is_not_read() {
    let served = Served::start().await;
    let body = raw(served
        .http
        .post(served.url("/create_contact_group"))
        .json(&json!({"api_key": MEMBER_KEY, "name": "x"})))
    .await;
    assert_eq!(body, error_body("API Key is required"));
    let body = raw(served
        .http
        .post(served.url("/create_system_user"))
        .json(&json!({"api_key": ADMIN_KEY})))
    .await;
    assert_eq!(body, error_body("API Key is required"));
}

#[tokio::test]
async fn a_missing_required_parameter_gets_the_specs_message() {
    let served = Served::start().await;
    let http = &served.http;
    let gets = [
        (
            "/subscriber_information",
            "The subscriber_id field is required",
        ),
        ("/get_all_labels", "The page_id field is required"),
        ("/get_contact_group", "The contact type ID is required"),
        ("/get_contact", "The contact_id field is required"),
        (
            "/get_flow_campaign_info",
            "The flow_campaign_id field is required",
        ),
        (
            "/get_all_subscriber_flow_info",
            "The flow_campaign_id field is required",
        ),
        (
            "/get_single_subscriber_flow_info",
            "The flow_campaign_id field is required",
        ),
    ];
    for (path, message) in gets {
        let body = raw(http.get(served.url(path)).query(&[("api_key", MEMBER_KEY)])).await;
        assert_eq!(body, error_body(message), "{path}");
    }
    let body = raw(http
        .get(served.url("/get_single_subscriber_flow_info"))
        .query(&[("api_key", MEMBER_KEY), ("flow_campaign_id", "1")]))
    .await;
    assert_eq!(body, error_body("The subscriber_id field is required"));
    // An empty value is no value, for an integer field too (the service reads fields with `empty()`).
    let body = raw(http
        .get(served.url("/get_contact"))
        .query(&[("api_key", MEMBER_KEY), ("contact_id", "")]))
    .await;
    assert_eq!(body, error_body("The contact_id field is required"));

    let posts = [
        ("/create_contact_group", "The contact type name is required"),
        (
            "/update_contact_group/67",
            "The contact type name is required",
        ),
        (
            "/delete_contact_group",
            "The contact_type_id field is required",
        ),
        ("/create_contact", "The contact_type_id field is required"),
        ("/delete_contact", "The contact_id field is required"),
        ("/create_label", "The label_name field is required"),
        ("/assign_label", "The label_ids field is required"),
    ];
    for (path, message) in posts {
        let body = raw(http
            .post(served.url(path))
            .form(&[("api_key", MEMBER_KEY), ("name", "")]))
        .await;
        assert_eq!(body, error_body(message), "{path}");
    }

    // create_system_user: each required property missing in turn.
    let complete = [
        ("name", "n"),
        ("email", "e@x.com"),
        ("password", "p"),
        ("package_id", "16"),
        ("expired_date", "2030-01-01"),
    ];
    for (missing, _) in complete {
        let mut form = vec![("api_key", ADMIN_KEY)];
        form.extend(complete.iter().filter(|(name, _)| *name != missing));
        let body = raw(http.post(served.url("/create_system_user")).form(&form)).await;
        assert_eq!(
            body,
            error_body(&format!("The {missing} field is required")),
            "{missing}"
        );
    }
}

/// The first missing form property in the spec's order is the one named: `CreateSystemUserForm`
/// lists (and requires) `api_key, name, email, password, package_id, expired_date` in this order.
#[tokio::test]
async fn missing_form_properties_are_reported_in_the_specs_order() {
    let served = Served::start().await;
    let body = raw(served
        .http
        .post(served.url("/create_system_user"))
        .form(&[("api_key", ADMIN_KEY)]))
    .await;
    assert_eq!(body, error_body("The name field is required"));
}

#[tokio::test]
async fn both_path_forms_work() {
    let served = Served::start().await;
    for path in ["/get_user_info", "/get_user_info/"] {
        let body = raw(served
            .http
            .get(served.url(path))
            .query(&[("api_key", ADMIN_KEY), ("user_id", "39")]))
        .await;
        assert_eq!(body["status"], "success", "{path}: {body}");
        assert_eq!(body["user_info"]["id"], "39");
    }
    for path in ["/update_contact_group/67", "/update_contact_group/67/"] {
        let body = raw(served
            .http
            .post(served.url(path))
            .form(&[("api_key", MEMBER_KEY), ("name", path)]))
        .await;
        assert_eq!(body, json!({"status": "success"}), "{path}");
    }
}

#[tokio::test]
async fn the_method_is_not_enforced_only_where_parameters_sit() {
    let served = Served::start().await;
    // The docs' curl for get_flow_campaign_info: POST with a query string.
    let body = raw(served
        .http
        .post(served.url("/get_flow_campaign_info"))
        .query(&[("api_key", MEMBER_KEY), ("flow_campaign_id", "1")]))
    .await;
    assert_eq!(body["flow_name"], "Flow Campaign 1");
    // Parameters of a GET operation sent in a form body are not seen.
    let body = raw(served
        .http
        .post(served.url("/get_flow_campaign_info"))
        .query(&[("api_key", MEMBER_KEY)])
        .form(&[("flow_campaign_id", "1")]))
    .await;
    assert_eq!(body, error_body("The flow_campaign_id field is required"));
    // A POST operation through PUT.
    let body = raw(served
        .http
        .put(served.url("/create_contact_group"))
        .form(&[("api_key", MEMBER_KEY), ("name", "Put")]))
    .await;
    assert_eq!(body["status"], "success");
}

#[tokio::test]
async fn an_unknown_path_gets_the_json_error_envelope() {
    let served = Served::start().await;
    // `""` is the mount point itself (`/api`). (`/api/` is the outer router's business: axum's
    // `nest` does not pass it to the nested router.)
    for path in ["/no_such_operation", "/get_user_info/extra/segments", ""] {
        let body = raw(served
            .http
            .get(served.url(path))
            .query(&[("api_key", ADMIN_KEY)]))
        .await;
        assert_eq!(body["status"], "error", "{path}");
        assert!(body["message"].is_string(), "{path}: {body}");
    }
    let body = raw(served
        .http
        .post(served.url("/create_contacts"))
        .form(&[("api_key", MEMBER_KEY)]))
    .await;
    assert_eq!(body, error_body("No operation at POST /create_contacts"));
}

#[tokio::test]
async fn a_non_integer_id_gets_a_clear_error_envelope() {
    let served = Served::start().await;
    let body = raw(served
        .http
        .get(served.url("/get_contact"))
        .query(&[("api_key", MEMBER_KEY), ("contact_id", "abc")]))
    .await;
    assert_eq!(
        body,
        error_body("The contact_id field must be an integer, not `abc`")
    );
    let body = raw(served
        .http
        .post(served.url("/update_contact/abc"))
        .form(&[("api_key", MEMBER_KEY), ("first_name", "x")]))
    .await;
    assert_eq!(
        body,
        error_body("The contact_id field must be an integer, not `abc`")
    );
    let body = raw(served.http.post(served.url("/delete_contact")).form(&[
        ("api_key", MEMBER_KEY),
        ("contact_id", "99999999999999999999"),
    ]))
    .await;
    assert_eq!(body["status"], "error");
    assert!(
        body["message"].as_str().unwrap().contains("contact_id"),
        "{body}"
    );
    let body = raw(served
        .http
        .get(served.url("/get_user_info"))
        .query(&[("api_key", ADMIN_KEY), ("user_id", "1.5")]))
    .await;
    assert_eq!(
        body,
        error_body("The user_id field must be an integer, not `1.5`")
    );
}

#[tokio::test]
async fn values_outside_the_schema_get_an_error_envelope() {
    let served = Served::start().await;
    let body = raw(served
        .http
        .post(served.url("/update_user/39"))
        .form(&[("api_key", ADMIN_KEY), ("status", "2")]))
    .await;
    assert_eq!(body["status"], "error", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("status"),
        "{body}"
    );
    for expired_date in ["tomorrow", "2020-13-45"] {
        let body = raw(served.http.post(served.url("/create_system_user")).form(&[
            ("api_key", ADMIN_KEY),
            ("name", "n"),
            ("email", "e@x.com"),
            ("password", "p"),
            ("package_id", "16"),
            ("expired_date", expired_date),
        ]))
        .await;
        assert_eq!(body["status"], "error", "{expired_date}: {body}");
    }
    // Nothing was created or changed.
    assert_error(
        served
            .admin
            .get_user_info(UserLookup::Email("e@x.com"))
            .await,
        "No Matching User Found",
    );
    let user = served
        .admin
        .get_user_info(UserLookup::Id(xerochat_client::UserId::new(39)))
        .await
        .unwrap();
    assert_eq!(user.status, Flag::X1);
}

/// A value that passes the schema's pattern but is no date is refused with a message that names the
/// field, like every other refusal of a value.
#[tokio::test]
async fn an_impossible_date_is_refused_naming_the_field() {
    let served = Served::start().await;
    for (path, form) in [
        (
            "/create_system_user",
            vec![
                ("api_key", ADMIN_KEY),
                ("name", "n"),
                ("email", "e@x.com"),
                ("password", "p"),
                ("package_id", "16"),
                ("expired_date", "2020-13-45"),
            ],
        ),
        (
            "/update_user/39",
            vec![("api_key", ADMIN_KEY), ("expired_date", "2020-02-30")],
        ),
    ] {
        let body = raw(served.http.post(served.url(path)).form(&form)).await;
        assert_eq!(body["status"], "error", "{path}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("expired_date"),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn an_oversized_body_gets_an_error_envelope() {
    let served = Served::start().await;
    let mut form = format!("api_key={MEMBER_KEY}&name=");
    form.push_str(&"x".repeat(1024 * 1024 + 1));
    let body = raw(served
        .http
        .post(served.url("/create_contact_group"))
        .header(CONTENT_TYPE, FORM)
        .body(form))
    .await;
    assert_eq!(body["status"], "error", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("larger"),
        "{body}"
    );
    // The group was not created: the next id is still the first one.
    assert_eq!(
        served.member.create_contact_group("After").await.unwrap(),
        xerochat_client::ContactGroupId::new(68)
    );
}

#[tokio::test]
async fn odd_ids_and_text_never_break_the_server() {
    let served = Served::start().await;
    let http = &served.http;
    for id in ["-1", "0", "9223372036854775807", "-9223372036854775808"] {
        for (path, name) in [
            ("/get_contact", "contact_id"),
            ("/get_contact_group", "contact_type_id"),
            ("/get_flow_campaign_info", "flow_campaign_id"),
            ("/get_all_subscriber_flow_info", "flow_campaign_id"),
            ("/subscriber_information", "subscriber_id"),
            ("/get_all_labels", "page_id"),
        ] {
            let body = raw(http
                .get(served.url(path))
                .query(&[("api_key", MEMBER_KEY), (name, id)]))
            .await;
            assert_eq!(body["status"], "error", "{path} {id}: {body}");
        }
        let body = raw(http
            .get(served.url("/get_user_info"))
            .query(&[("api_key", ADMIN_KEY), ("user_id", id)]))
        .await;
        assert_eq!(body, error_body("No Matching User Found"), "{id}");
        let body = raw(http
            .post(served.url(&format!("/update_user/{id}")))
            .form(&[("api_key", ADMIN_KEY), ("name", "x")]))
        .await;
        assert_eq!(
            body,
            error_body(&format!("User not found with the ID: {id}"))
        );
        let body = raw(http.post(served.url("/create_contact")).form(&[
            ("api_key", MEMBER_KEY),
            ("contact_type_id", id),
            ("email", "odd@example.com"),
        ]))
        .await;
        assert_eq!(body, error_body("The contact ID does not exist"), "{id}");
    }
    // Unicode and very long values are just text.
    let name = "Grüße 👋 ".repeat(2000);
    let id = served.member.create_contact_group(&name).await.unwrap();
    assert_eq!(
        served.member.get_contact_group(id).await.unwrap().type_,
        name
    );
    let key = format!("39-{}", "k".repeat(10_000));
    assert_error(served.client(&key).get_flow_campaigns().await, BAD_KEY);
}
