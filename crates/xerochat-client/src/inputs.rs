//! Friendlier inputs for the generated methods, where the spec's own types are awkward: a lookup enum
//! instead of two optional values, dates instead of the service's date strings, `active` instead of
//! `'0'`/`'1'`, and a `Debug` that hides the password. Each converts into the generated `<Op>Input` the
//! method takes; where the generated input is already right, it is only re-exported under its old name.

use chrono::NaiveDate;

use crate::types;
use crate::wire::LegacyDate;
use crate::{CreateSystemUserInput, GetUserInfoInput, PackageId, UpdateUserInput, UserId};

/// A contact to create in a contact group; it needs an email or a phone number.
pub type NewContact = crate::CreateContactInput;

impl NewContact {
    /// A contact in the group `contact_type_id` with nothing else set yet; fill in an email or a
    /// phone number (the service needs one) with struct update syntax:
    /// `NewContact { email: Some(..), ..NewContact::in_group(group) }`.
    pub fn in_group(contact_type_id: crate::ContactGroupId) -> Self {
        Self {
            contact_type_id,
            email: None,
            phone_number: None,
            first_name: None,
            last_name: None,
        }
    }
}

/// Changes to a contact; the service fills email and phone number only where they are still empty.
pub type ContactChanges = crate::UpdateContactInput;

/// Which user `get_user_info` looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserLookup<'a> {
    /// By id.
    Id(UserId),
    /// By email address.
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
    /// The user's name.
    pub name: String,
    /// The user's email address; must not belong to another user.
    pub email: String,
    /// The user's password (hidden from `Debug`).
    pub password: String,
    /// The user's package (see `get_all_packages`).
    pub package_id: PackageId,
    /// The last day of the user's validity.
    pub expired_date: NaiveDate,
    /// The user's mobile number, as text (leading zeros matter).
    pub mobile: Option<String>,
    /// The user's address.
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
    /// A new name.
    pub name: Option<String>,
    /// A new mobile number.
    pub mobile: Option<String>,
    /// A new address.
    pub address: Option<String>,
    /// A new package.
    pub package_id: Option<PackageId>,
    /// A new last day of validity.
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
