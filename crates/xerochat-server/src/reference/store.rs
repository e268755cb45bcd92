//! The tables of the in-memory installation, shaped like the service's database rows: the state of
//! [`InMemoryXeroChat`](super::InMemoryXeroChat), and the format of its fixtures.
//!
//! [`Store`] is what [`InMemoryXeroChat::store`](super::InMemoryXeroChat::store) hands out and
//! [`InMemoryXeroChat::replace_store`](super::InMemoryXeroChat::replace_store) takes: a test can
//! read the whole installation, or start from one of its own. In JSON, tables are objects keyed by
//! id (`"users": {"39": {...}}`); unknown fields are refused, so a misspelt column is an error rather
//! than a silently missing value. A JSON Schema of the format comes from `schemars`
//! (`schemars::schema_for!(Store)`).
//!
//! Rows keep only what some operation reads or writes; columns the API can neither set nor change
//! (a subscriber's locale, a contact's notes, ...) are answered with the service's defaults when a
//! row is turned into its wire type. Ids are `i64`, as requests carry them, so a request id is looked
//! up without conversion (a negative one simply matches nothing).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use xerochat_client::wire::LegacyDateTime;

/// Everything the reference implementation knows; guarded by one lock in [`super::InMemoryXeroChat`].
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Store {
    pub users: BTreeMap<i64, User>,
    pub packages: BTreeMap<i64, Package>,
    /// Facebook pages, by Facebook page id.
    pub pages: BTreeMap<i64, Page>,
    /// Messenger subscribers, by PSID.
    pub subscribers: BTreeMap<i64, Subscriber>,
    /// Page labels, by the installation's internal row id (the ids a subscriber's `labels` lists).
    pub labels: BTreeMap<i64, Label>,
    pub contact_groups: BTreeMap<i64, ContactGroup>,
    pub contacts: BTreeMap<i64, Contact>,
    pub flow_campaigns: BTreeMap<i64, FlowCampaign>,
    pub flow_questions: BTreeMap<i64, FlowQuestion>,
    pub flow_answers: Vec<FlowAnswer>,
    /// The next id of each table. A fixture may leave it out: restoring a store raises each sequence
    /// past the highest id of its table anyway, so created ids never collide with a fixture's.
    #[serde(default)]
    pub sequences: Sequences,
}

/// Auto-increment counters: like the database's, an id is never handed out twice, even after a
/// delete.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sequences {
    pub user: Sequence,
    pub label: Sequence,
    pub contact_group: Sequence,
    pub contact: Sequence,
}

/// The next id of one table (a number in JSON).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Sequence(i64);

impl Default for Sequence {
    fn default() -> Self {
        Self(1)
    }
}

impl Sequence {
    /// A sequence whose first id is `first`.
    pub fn starting_at(first: i64) -> Self {
        Self(first)
    }

    /// Moves the sequence past `taken`, if it is not already.
    pub fn past<'a>(&mut self, taken: impl IntoIterator<Item = &'a i64>) {
        if let Some(highest) = taken.into_iter().max() {
            self.0 = self.0.max(highest.saturating_add(1));
        }
    }

    /// Hands out the next id.
    pub fn take_next(&mut self) -> i64 {
        let id = self.0;
        self.0 = self.0.saturating_add(1);
        id
    }
}

/// `Admin` users may call the admin-only operations; `Member` users may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UserType {
    Admin,
    Member,
}

impl UserType {
    /// The value of the `user_type` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Member => "Member",
        }
    }
}

/// A user of the installation. Passwords are accepted by `create_system_user` but not kept: no
/// operation reads them back.
#[derive(Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: String,
    pub email: String,
    pub mobile: String,
    pub address: String,
    pub user_type: UserType,
    /// `status` '1'; an inactive user's key is refused.
    pub active: bool,
    /// A deleted user is invisible and its key is refused.
    pub deleted: bool,
    #[schemars(with = "String")]
    pub add_date: LegacyDateTime,
    #[schemars(with = "String")]
    pub last_login_at: LegacyDateTime,
    #[schemars(with = "String")]
    pub expired_date: LegacyDateTime,
    pub package_id: i64,
    pub last_login_ip: String,
    /// `None` for users created through the API: the service makes their key in the dashboard.
    pub api_key: Option<String>,
}

/// Shows everything but the API key, a credential.
impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("name", &self.name)
            .field("user_type", &self.user_type)
            .field("active", &self.active)
            .field("deleted", &self.deleted)
            .field("package_id", &self.package_id)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub name: String,
    pub module_ids: String,
    pub price: String,
    pub validity: String,
    pub deleted: bool,
    pub visible: bool,
    pub highlight: bool,
}

/// A Facebook page connected to the installation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub user_id: i64,
    pub name: String,
    /// Label operations need the page's bot enabled (`No Enabled Bot Found`).
    pub bot_enabled: bool,
}

/// A Messenger subscriber of a page.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscriber {
    pub page_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub email: String,
    pub phone_number: String,
    /// Internal label row ids, in the order they were assigned.
    pub labels: Vec<i64>,
}

/// A label of a page, as the installation records it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub page_id: i64,
    /// Facebook's id of the label (what `get_all_labels` answers and `assign_label` takes).
    pub facebook_id: String,
    pub name: String,
}

/// An SMS/email contact group (the service calls it a contact type).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactGroup {
    pub user_id: i64,
    pub name: String,
    #[schemars(with = "String")]
    pub created_at: LegacyDateTime,
}

/// An SMS/email contact. `email` and `phone_number` are `None` (NULL) when never set.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub user_id: i64,
    pub contact_type_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
}

/// A user-input flow campaign.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowCampaign {
    pub user_id: i64,
    pub name: String,
}

/// One question of a flow campaign; questions are asked in id order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowQuestion {
    pub campaign_id: i64,
    pub text: String,
}

/// A subscriber's answer to one question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowAnswer {
    pub subscriber_id: i64,
    pub question_id: i64,
    pub answer: String,
}

impl Store {
    /// Raises every sequence past the ids its table holds, so that rows created later never take an
    /// id a fixture already uses.
    pub(super) fn raise_sequences(&mut self) {
        self.sequences.user.past(self.users.keys());
        self.sequences.label.past(self.labels.keys());
        self.sequences
            .contact_group
            .past(self.contact_groups.keys());
        self.sequences.contact.past(self.contacts.keys());
    }
}
