//! Friendlier inputs for the generated methods, where the spec's own types are awkward: a lookup enum
//! instead of two optional values, dates instead of the service's date strings, `active` instead of
//! `'0'`/`'1'`, and a `Debug` that hides the password. Each converts into the generated `<Op>Input` the
//! method takes; where the generated input is already right, it is only re-exported under its old name.

use chrono::NaiveDate;

use crate::types;
use crate::wire::LegacyDate;
use crate::{CreateSystemUserInput, GetUserInfoInput, UpdateUserInput};

/// A contact to create in a contact group; it needs an email or a phone number.
pub type NewContact = crate::CreateContactInput;

/// Changes to a contact; the service fills email and phone number only where they are still empty.
pub type ContactChanges = crate::UpdateContactInput;

/// Which user `get_user_info` looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserLookup<'a> {
    Id(i64),
    Email(&'a str),
}

impl From<UserLookup<'_>> for GetUserInfoInput {
    fn from(lookup: UserLookup<'_>) -> Self {
        match lookup {
            UserLookup::Id(id) => Self {
                user_id: Some(id),
                email: None,
            },
            UserLookup::Email(email) => Self {
                user_id: None,
                email: Some(email.to_owned()),
            },
        }
    }
}

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password: String,
    pub package_id: i64,
    pub expired_date: NaiveDate,
    pub mobile: Option<String>,
    pub address: Option<String>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("package_id", &self.package_id)
            .field("expired_date", &self.expired_date)
            .finish_non_exhaustive()
    }
}

impl From<&NewUser> for CreateSystemUserInput {
    fn from(user: &NewUser) -> Self {
        Self {
            name: user.name.clone(),
            email: user.email.clone(),
            password: user.password.clone(),
            package_id: user.package_id,
            expired_date: LegacyDate::from(user.expired_date),
            mobile: user.mobile.clone(),
            address: user.address.clone(),
        }
    }
}

impl From<NewUser> for CreateSystemUserInput {
    fn from(user: NewUser) -> Self {
        Self::from(&user)
    }
}

/// Changes to a user; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub address: Option<String>,
    pub package_id: Option<i64>,
    pub expired_date: Option<NaiveDate>,
    /// `Some(false)` deactivates the user, `Some(true)` activates it.
    pub active: Option<bool>,
}

impl From<&UserChanges> for UpdateUserInput {
    fn from(changes: &UserChanges) -> Self {
        Self {
            name: changes.name.clone(),
            mobile: changes.mobile.clone(),
            address: changes.address.clone(),
            package_id: changes.package_id,
            expired_date: changes.expired_date.map(LegacyDate::from),
            status: changes.active.map(|active| {
                if active {
                    types::UpdateUserFormStatus::X1
                } else {
                    types::UpdateUserFormStatus::X0
                }
            }),
        }
    }
}

impl From<UserChanges> for UpdateUserInput {
    fn from(changes: UserChanges) -> Self {
        Self::from(&changes)
    }
}
