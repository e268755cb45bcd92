//! The tables of the in-memory installation, shaped like the service's database rows.
//!
//! Rows keep only what some operation reads or writes; columns the API can neither set nor change
//! (a subscriber's locale, a contact's notes, ...) are answered with the service's defaults when a
//! row is turned into its wire type. Ids are `i64`, as requests carry them, so a request id is looked
//! up without conversion (a negative one simply matches nothing).

use std::collections::BTreeMap;

use xerochat_client::wire::LegacyDateTime;

/// Everything the reference implementation knows; guarded by one lock in [`super::InMemoryXeroChat`].
#[derive(Debug)]
pub(super) struct Store {
    pub(super) users: BTreeMap<i64, User>,
    pub(super) packages: BTreeMap<i64, Package>,
    /// Facebook pages, by Facebook page id.
    pub(super) pages: BTreeMap<i64, Page>,
    /// Messenger subscribers, by PSID.
    pub(super) subscribers: BTreeMap<i64, Subscriber>,
    /// Page labels, by the installation's internal row id (the ids a subscriber's `labels` lists).
    pub(super) labels: BTreeMap<i64, Label>,
    pub(super) contact_groups: BTreeMap<i64, ContactGroup>,
    pub(super) contacts: BTreeMap<i64, Contact>,
    pub(super) flow_campaigns: BTreeMap<i64, FlowCampaign>,
    pub(super) flow_questions: BTreeMap<i64, FlowQuestion>,
    pub(super) flow_answers: Vec<FlowAnswer>,
    pub(super) sequences: Sequences,
}

/// Auto-increment counters: like the database's, an id is never handed out twice, even after a
/// delete.
#[derive(Debug)]
pub(super) struct Sequences {
    pub(super) user: Sequence,
    pub(super) label: Sequence,
    pub(super) contact_group: Sequence,
    pub(super) contact: Sequence,
}

/// The next id of one table.
#[derive(Debug)]
pub(super) struct Sequence(i64);

impl Sequence {
    /// A sequence whose first id is `first`.
    pub(super) fn starting_at(first: i64) -> Self {
        Self(first)
    }

    /// Hands out the next id.
    pub(super) fn next(&mut self) -> i64 {
        let id = self.0;
        self.0 = self.0.saturating_add(1);
        id
    }
}

/// `Admin` users may call the admin-only operations; `Member` users may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UserType {
    Admin,
    Member,
}

impl UserType {
    /// The value of the `user_type` column.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Member => "Member",
        }
    }
}

/// A user of the installation. Passwords are accepted by `create_system_user` but not kept: no
/// operation reads them back.
#[derive(Debug, Clone)]
pub(super) struct User {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) mobile: String,
    pub(super) address: String,
    pub(super) user_type: UserType,
    /// `status` '1'; an inactive user's key is refused.
    pub(super) active: bool,
    /// A deleted user is invisible and its key is refused.
    pub(super) deleted: bool,
    pub(super) add_date: LegacyDateTime,
    pub(super) last_login_at: LegacyDateTime,
    pub(super) expired_date: LegacyDateTime,
    pub(super) package_id: i64,
    pub(super) last_login_ip: String,
    /// `None` for users created through the API: the service makes their key in the dashboard.
    pub(super) api_key: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Package {
    pub(super) name: String,
    pub(super) module_ids: String,
    pub(super) price: String,
    pub(super) validity: String,
    pub(super) deleted: bool,
    pub(super) visible: bool,
    pub(super) highlight: bool,
}

/// A Facebook page connected to the installation.
#[derive(Debug, Clone)]
pub(super) struct Page {
    pub(super) user_id: i64,
    pub(super) name: String,
    /// Label operations need the page's bot enabled (`No Enabled Bot Found`).
    pub(super) bot_enabled: bool,
}

/// A Messenger subscriber of a page.
#[derive(Debug, Clone)]
pub(super) struct Subscriber {
    pub(super) page_id: i64,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) full_name: String,
    pub(super) email: String,
    pub(super) phone_number: String,
    /// Internal label row ids, in the order they were assigned.
    pub(super) labels: Vec<i64>,
}

/// A label of a page, as the installation records it.
#[derive(Debug, Clone)]
pub(super) struct Label {
    pub(super) page_id: i64,
    /// Facebook's id of the label (what `get_all_labels` answers and `assign_label` takes).
    pub(super) facebook_id: String,
    pub(super) name: String,
}

/// An SMS/email contact group (the service calls it a contact type).
#[derive(Debug, Clone)]
pub(super) struct ContactGroup {
    pub(super) user_id: i64,
    pub(super) name: String,
    pub(super) created_at: LegacyDateTime,
}

/// An SMS/email contact. `email` and `phone_number` are `None` (NULL) when never set.
#[derive(Debug, Clone)]
pub(super) struct Contact {
    pub(super) user_id: i64,
    pub(super) contact_type_id: i64,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) email: Option<String>,
    pub(super) phone_number: Option<String>,
}

/// A user-input flow campaign.
#[derive(Debug, Clone)]
pub(super) struct FlowCampaign {
    pub(super) user_id: i64,
    pub(super) name: String,
}

/// One question of a flow campaign; questions are asked in id order.
#[derive(Debug, Clone)]
pub(super) struct FlowQuestion {
    pub(super) campaign_id: i64,
    pub(super) text: String,
}

/// A subscriber's answer to one question.
#[derive(Debug, Clone)]
pub(super) struct FlowAnswer {
    pub(super) subscriber_id: i64,
    pub(super) question_id: i64,
    pub(super) answer: String,
}
