//! The key check, as the service does it, in one place for every operation: the generated router
//! asks [`InMemoryXeroChat::authorize`](super::InMemoryXeroChat) before anything the spec leaves to
//! the implementation, with the key wherever the operation carries it and whether the spec marks the
//! operation `x-admin-only`.
//!
//! A key reads `<userId>-<secret>`: the digits before the first `-` select the user, and the whole key
//! must be that user's key. The user must be active and not deleted. Every failure, and a member key
//! on an admin-only operation, gets the same answer, so a caller learns nothing about which part was
//! wrong. The member's `expired_date` is not checked: the fixture's member (from the docs) expired in
//! 2020, and the key check is what the behaviour notes describe.

use super::outcome::{error, Outcome, BAD_KEY};
use super::store::{Store, User, UserType};

/// The user id a key names: the ASCII digits before its first `-`, if the key has that shape and
/// something after the `-`.
pub(super) fn key_owner(api_key: &str) -> Option<i64> {
    let (owner, secret) = api_key.split_once('-')?;
    if owner.is_empty() || !owner.bytes().all(|byte| byte.is_ascii_digit()) || secret.is_empty() {
        return None;
    }
    owner.parse().ok()
}

/// Why a key is refused; the service answers both with [`BAD_KEY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The key selects no active user, or is not that user's key.
    UnknownKey,
    /// A member's key on an admin-only operation.
    NotAdmin,
}

impl Store {
    /// The user `api_key` belongs to, when that user may call an operation (an admin-only one when
    /// `admin_only`).
    pub(super) fn authenticate(&self, api_key: &str, admin_only: bool) -> Result<i64, Refusal> {
        let (user_id, user) = self.key_user(api_key).ok_or(Refusal::UnknownKey)?;
        if admin_only && user.user_type != UserType::Admin {
            return Err(Refusal::NotAdmin);
        }
        tracing::trace!(user_id, user_type = user.user_type.as_str(), "key accepted");
        Ok(user_id)
    }

    /// The id of the user calling with `api_key`, for an operation that works on that user's
    /// records. The router has had the key authorized already; a user deleted or deactivated since
    /// is refused as the service would.
    pub(super) fn caller(&self, api_key: &str) -> Outcome<i64> {
        self.key_user(api_key)
            .map(|(user_id, _)| user_id)
            .ok_or_else(|| error(BAD_KEY))
    }

    /// The active, not deleted user whose key `api_key` is.
    fn key_user(&self, api_key: &str) -> Option<(i64, &User)> {
        let user_id = key_owner(api_key)?;
        let user = self
            .users
            .get(&user_id)
            .filter(|user| user.api_key.as_deref() == Some(api_key))
            .filter(|user| user.active && !user.deleted)?;
        Some((user_id, user))
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
