//! The key check every operation starts with, as the service does it.
//!
//! A key reads `<userId>-<secret>`: the digits before the first `-` select the user, and the whole key
//! must be that user's key. The user must be active and not deleted. Every failure, and a member key
//! on an admin-only operation, gets the same answer, so a caller learns nothing about which part was
//! wrong. The member's `expired_date` is not checked: the fixture's member (from the docs) expired in
//! 2020, and the key check is what the behaviour notes describe.

use super::outcome::{error, Outcome, BAD_KEY};
use super::store::{Store, UserType};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// Any active user; the operation then works on that user's records.
    AnyUser,
    /// Only `Admin` users (the spec's `x-admin-only`).
    AdminOnly,
}

/// The user id a key names: the ASCII digits before its first `-`, if the key has that shape and
/// something after the `-`.
pub(super) fn key_owner(api_key: &str) -> Option<i64> {
    let (owner, secret) = api_key.split_once('-')?;
    if owner.is_empty() || !owner.bytes().all(|byte| byte.is_ascii_digit()) || secret.is_empty() {
        return None;
    }
    owner.parse().ok()
}

impl Store {
    /// The id of the user `api_key` belongs to, when that user may call an operation that needs
    /// `access`.
    pub(super) fn authenticate(&self, api_key: &str, access: Access) -> Outcome<i64> {
        let user_id = key_owner(api_key).ok_or_else(|| error(BAD_KEY))?;
        let user = self
            .users
            .get(&user_id)
            .filter(|user| user.api_key.as_deref() == Some(api_key))
            .filter(|user| user.active && !user.deleted)
            .filter(|user| access == Access::AnyUser || user.user_type == UserType::Admin)
            .ok_or_else(|| error(BAD_KEY))?;
        tracing::trace!(user_id, user_type = user.user_type.as_str(), "key accepted");
        Ok(user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::key_owner;

    #[test]
    fn the_owner_is_the_digits_before_the_first_dash() {
        assert_eq!(key_owner("39-abc-def"), Some(39));
        assert_eq!(key_owner("39abc"), None);
        assert_eq!(key_owner("-abc"), None);
        assert_eq!(key_owner("39-"), None);
        assert_eq!(key_owner("+39-abc"), None);
        assert_eq!(key_owner("99999999999999999999-abc"), None);
    }
}
