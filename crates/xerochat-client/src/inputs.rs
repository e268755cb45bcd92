//! What callers pass to the facade: the forms' fields without the API key, which the client adds.

use chrono::NaiveDate;

use crate::types;
use crate::wire::LegacyDate;

/// Which user `get_user_info` looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserLookup<'a> {
    Id(i64),
    Email(&'a str),
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

impl NewUser {
    pub(crate) fn form(&self, api_key: &str) -> types::CreateSystemUserForm {
        types::CreateSystemUserForm {
            api_key: api_key.to_owned(),
            name: self.name.clone(),
            email: self.email.clone(),
            password: self.password.clone(),
            package_id: self.package_id,
            expired_date: LegacyDate::from(self.expired_date),
            mobile: self.mobile.clone(),
            address: self.address.clone(),
        }
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

impl UserChanges {
    pub(crate) fn form(&self, api_key: &str) -> types::UpdateUserForm {
        types::UpdateUserForm {
            api_key: api_key.to_owned(),
            name: self.name.clone(),
            mobile: self.mobile.clone(),
            address: self.address.clone(),
            package_id: self.package_id,
            expired_date: self.expired_date.map(LegacyDate::from),
            status: self.active.map(|active| {
                if active {
                    types::UpdateUserFormStatus::X1
                } else {
                    types::UpdateUserFormStatus::X0
                }
            }),
        }
    }
}

/// A contact to create in a contact group; it needs an email or a phone number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub contact_type_id: i64,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl NewContact {
    pub(crate) fn form(&self, api_key: &str) -> types::CreateContactForm {
        types::CreateContactForm {
            api_key: api_key.to_owned(),
            contact_type_id: self.contact_type_id,
            email: self.email.clone(),
            phone_number: self.phone_number.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
        }
    }
}

/// Changes to a contact; the service fills email and phone number only where they are still empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactChanges {
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl ContactChanges {
    pub(crate) fn form(&self, api_key: &str) -> types::UpdateContactForm {
        types::UpdateContactForm {
            api_key: api_key.to_owned(),
            email: self.email.clone(),
            phone_number: self.phone_number.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
        }
    }
}
