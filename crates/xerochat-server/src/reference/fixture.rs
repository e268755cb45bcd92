//! The records [`InMemoryXeroChat`](super::InMemoryXeroChat) starts with, taken from the documented
//! examples so that the docs' calls work against it.
//!
//! | what | records |
//! |---|---|
//! | users | 1 `Admin` `admin` (`admin@xerochat.example`, key [`ADMIN_KEY`]); 39 `Member`, the docs' `get_user_info` example (key [`MEMBER_KEY`], package 16); 2, a deleted member (key [`DELETED_USER_KEY`], always refused) |
//! | packages | 1 `Trial` and 16 `everything` (the docs' list, without their `...` in `module_ids`); 17 `Legacy`, deleted, so never listed |
//! | pages (user 39) | [`PAGE_ID`] `XeroDevs`, bot enabled; [`BOTLESS_PAGE_ID`] `XeroDevs Sandbox`, bot disabled |
//! | subscriber | [`SUBSCRIBER_ID`] on `XeroDevs`, the docs' `subscriber_information` example, no labels |
//! | labels (`XeroDevs`) | `2472856209402188` `Important` (internal row 1), `2328660457215897` `Product` (row 2) |
//! | contact group (user 39) | [`CONTACT_GROUP_ID`] `Group 12`, created `2020-10-28 13:40:46` |
//! | contact (user 39) | [`CONTACT_ID`], the docs' `get_contact` example, in group 67 |
//! | flow campaigns (user 39) | 1 `Flow Campaign 1`, 2 `Flow Campaign 2`, 3 `Flow Campaign 3`, 6 `Flow Campaign 4` |
//! | flow questions | 45–49 on campaign 1 (the docs' five); campaigns 2, 3 and 6 have none |
//! | flow answers | subscribers `2499454673490220` and `3001440154747507` answered all five on campaign 1 |
//!
//! The docs' examples do not agree with each other on owners and ids, so the fixture makes them
//! consistent: every record a member can reach belongs to user 39 (the docs show the contact as user
//! 87's and the group as user 345's, users they never show), and the contact group takes the id the
//! docs' contact points at (67) with the name and time of the docs' group example (id 4567). Campaign 1
//! is named as `get_flow_campaigns` lists it (`Flow Campaign 1`; two other examples call it
//! `serial check`). Ids created later continue after the seeded ones: users from 40, contact groups
//! from 68, contacts from 234, internal label rows from 3.

use chrono::NaiveDate;
use xerochat_client::wire::LegacyDateTime;

use super::auth::key_owner;
use super::store::{
    Contact, ContactGroup, FlowAnswer, FlowCampaign, FlowQuestion, Label, Package, Page, Sequence,
    Sequences, Store, Subscriber, User, UserType,
};

/// The admin user's default key.
pub const ADMIN_KEY: &str = "1-demoadminkey";
/// The member user's default key.
pub const MEMBER_KEY: &str = "39-demomemberkey";
/// The deleted user's key: well-formed and stored, yet refused because the user is deleted.
pub const DELETED_USER_KEY: &str = "2-demodeletedkey";

/// The admin user.
pub const ADMIN_ID: i64 = 1;
/// The member user of the docs' `get_user_info` example.
pub const MEMBER_ID: i64 = 39;
/// A member user who has been deleted.
pub const DELETED_USER_ID: i64 = 2;
/// The member's page `XeroDevs`, bot enabled.
pub const PAGE_ID: i64 = 1_123_123_123_123;
/// The member's page `XeroDevs Sandbox`, bot disabled.
pub const BOTLESS_PAGE_ID: i64 = 1_123_123_123_124;
/// The subscriber of the docs' `subscriber_information` example.
pub const SUBSCRIBER_ID: i64 = 134_242_424;
/// The member's contact group.
pub const CONTACT_GROUP_ID: i64 = 67;
/// The contact of the docs' `get_contact` example.
pub const CONTACT_ID: i64 = 233;
/// The flow campaign with questions and answers.
pub const ANSWERED_FLOW_CAMPAIGN_ID: i64 = 1;

/// A key given to [`InMemoryXeroChat::with_keys`](super::InMemoryXeroChat::with_keys) that cannot
/// select its user. The key itself is not quoted: it is a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the {role} key must read `{user_id}-<secret>`: the {role} user's id, a dash, then at least one character"
)]
pub struct KeyError {
    role: &'static str,
    user_id: i64,
}

/// Checks that `key` selects the user `user_id`, as the service reads keys.
pub(super) fn check_key(role: &'static str, user_id: i64, key: &str) -> Result<(), KeyError> {
    if key_owner(key) == Some(user_id) {
        Ok(())
    } else {
        Err(KeyError { role, user_id })
    }
}

/// The seeded installation, with these keys for the admin and the member.
pub(super) fn store(admin_key: String, member_key: String) -> Store {
    Store {
        users: [
            (ADMIN_ID, admin(admin_key)),
            (DELETED_USER_ID, deleted_member()),
            (MEMBER_ID, member(member_key)),
        ]
        .into(),
        packages: packages().into(),
        pages: [
            (
                PAGE_ID,
                Page {
                    user_id: MEMBER_ID,
                    name: "XeroDevs".to_owned(),
                    bot_enabled: true,
                },
            ),
            (
                BOTLESS_PAGE_ID,
                Page {
                    user_id: MEMBER_ID,
                    name: "XeroDevs Sandbox".to_owned(),
                    bot_enabled: false,
                },
            ),
        ]
        .into(),
        subscribers: [(SUBSCRIBER_ID, subscriber())].into(),
        labels: [
            (1, label("2472856209402188", "Important")),
            (2, label("2328660457215897", "Product")),
        ]
        .into(),
        contact_groups: [(
            CONTACT_GROUP_ID,
            ContactGroup {
                user_id: MEMBER_ID,
                name: "Group 12".to_owned(),
                created_at: at(2020, 10, 28, (13, 40, 46)),
            },
        )]
        .into(),
        contacts: [(
            CONTACT_ID,
            Contact {
                user_id: MEMBER_ID,
                contact_type_id: CONTACT_GROUP_ID,
                first_name: "test_first_name".to_owned(),
                last_name: "test_last_name".to_owned(),
                email: Some("test@test.com".to_owned()),
                phone_number: Some("01234567891".to_owned()),
            },
        )]
        .into(),
        flow_campaigns: [
            (1, "Flow Campaign 1"),
            (2, "Flow Campaign 2"),
            (3, "Flow Campaign 3"),
            (6, "Flow Campaign 4"),
        ]
        .map(|(id, name)| {
            let campaign = FlowCampaign {
                user_id: MEMBER_ID,
                name: name.to_owned(),
            };
            (id, campaign)
        })
        .into(),
        flow_questions: QUESTIONS
            .map(|(id, text)| {
                let question = FlowQuestion {
                    campaign_id: ANSWERED_FLOW_CAMPAIGN_ID,
                    text: text.to_owned(),
                };
                (id, question)
            })
            .into(),
        flow_answers: flow_answers(),
        sequences: Sequences {
            user: Sequence::starting_at(40),
            label: Sequence::starting_at(3),
            contact_group: Sequence::starting_at(68),
            contact: Sequence::starting_at(234),
        },
    }
}

/// The docs' five questions of campaign 1, by question id.
const QUESTIONS: [(i64, &str); 5] = [
    (45, "What do you like to do?"),
    (46, "What is your favorite pet?"),
    (47, "What is your favorite color?"),
    (48, "Who is your favorite author?"),
    (49, "Which country do you love to live in?"),
];

/// The docs' answers to [`QUESTIONS`], per subscriber, in question order.
const ANSWERS: [(i64, [&str; 5]); 2] = [
    (
        2_499_454_673_490_220,
        [
            "Reading, Traveling, Watching Movies",
            "Dog",
            "Black",
            "Sigmund Freud",
            "France",
        ],
    ),
    (
        3_001_440_154_747_507,
        [
            "Traveling, Watching Movies",
            "Cat",
            "Blue",
            "William Shakespeare",
            "Germany",
        ],
    ),
];

fn flow_answers() -> Vec<FlowAnswer> {
    ANSWERS
        .iter()
        .flat_map(|(subscriber_id, answers)| {
            QUESTIONS
                .iter()
                .zip(answers)
                .map(|((question_id, _), answer)| FlowAnswer {
                    subscriber_id: *subscriber_id,
                    question_id: *question_id,
                    answer: (*answer).to_owned(),
                })
        })
        .collect()
}

/// A wall-clock time; the fixture's times are all valid, so this is never unset.
fn at(year: i32, month: u32, day: u32, (hour, minute, second): (u32, u32, u32)) -> LegacyDateTime {
    LegacyDateTime(
        NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|date| date.and_hms_opt(hour, minute, second)),
    )
}

fn admin(api_key: String) -> User {
    User {
        name: "admin".to_owned(),
        email: "admin@xerochat.example".to_owned(),
        mobile: String::new(),
        address: String::new(),
        user_type: UserType::Admin,
        active: true,
        deleted: false,
        add_date: at(2020, 9, 1, (9, 0, 0)),
        last_login_at: LegacyDateTime::default(),
        expired_date: LegacyDateTime::default(),
        package_id: 0,
        last_login_ip: String::new(),
        api_key: Some(api_key),
    }
}

fn member(api_key: String) -> User {
    User {
        name: "test_username".to_owned(),
        email: "test_user@test.com".to_owned(),
        mobile: "01234567891".to_owned(),
        address: "Heaven 21".to_owned(),
        user_type: UserType::Member,
        active: true,
        deleted: false,
        add_date: at(2020, 9, 27, (8, 13, 1)),
        last_login_at: LegacyDateTime::default(),
        expired_date: at(2020, 10, 27, (0, 0, 0)),
        package_id: 16,
        last_login_ip: "127.0.0.1".to_owned(),
        api_key: Some(api_key),
    }
}

fn deleted_member() -> User {
    User {
        name: "former_member".to_owned(),
        email: "former_member@test.com".to_owned(),
        mobile: String::new(),
        address: String::new(),
        user_type: UserType::Member,
        active: true,
        deleted: true,
        add_date: at(2020, 9, 2, (11, 30, 0)),
        last_login_at: LegacyDateTime::default(),
        expired_date: at(2020, 10, 2, (0, 0, 0)),
        package_id: 1,
        last_login_ip: String::new(),
        api_key: Some(DELETED_USER_KEY.to_owned()),
    }
}

fn packages() -> [(i64, Package); 3] {
    let package = |name: &str, module_ids: &str, price: &str, validity: &str| Package {
        name: name.to_owned(),
        module_ids: module_ids.to_owned(),
        price: price.to_owned(),
        validity: validity.to_owned(),
        deleted: false,
        visible: true,
        highlight: false,
    };
    [
        (
            1,
            Package {
                visible: false,
                ..package("Trial", "251,80,79,263,65", "0", "0")
            },
        ),
        (
            16,
            package("everything", "251,80,202,201,88,206", "112.35", "700"),
        ),
        (
            17,
            Package {
                deleted: true,
                ..package("Legacy", "251,80", "9.99", "30")
            },
        ),
    ]
}

fn subscriber() -> Subscriber {
    Subscriber {
        page_id: PAGE_ID,
        first_name: "test_first_name".to_owned(),
        last_name: "test_last_name".to_owned(),
        full_name: "test_full_name".to_owned(),
        email: "test@test.com".to_owned(),
        phone_number: "01234567891".to_owned(),
        labels: Vec::new(),
    }
}

fn label(facebook_id: &str, name: &str) -> Label {
    Label {
        page_id: PAGE_ID,
        facebook_id: facebook_id.to_owned(),
        name: name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keys_have_the_shape_with_keys_demands() {
        assert_eq!(check_key("admin", ADMIN_ID, ADMIN_KEY), Ok(()));
        assert_eq!(check_key("member", MEMBER_ID, MEMBER_KEY), Ok(()));
        assert_eq!(
            check_key("deleted", DELETED_USER_ID, DELETED_USER_KEY),
            Ok(())
        );
    }

    #[test]
    fn every_seeded_time_is_set() {
        let store = store(ADMIN_KEY.to_owned(), MEMBER_KEY.to_owned());
        for user in store.users.values() {
            assert!(user.add_date.get().is_some(), "{}", user.name);
        }
        for group in store.contact_groups.values() {
            assert!(group.created_at.get().is_some(), "{}", group.name);
        }
    }
}
