//! An in-memory, stateful reference implementation of the XeroChat API: [`InMemoryXeroChat`].
//!
//! Serve it with [`router`](crate::router) to get a test double that behaves like the real
//! service: what one call creates, the next one reads; keys, scoping, duplicates, `info` answers and
//! messages are the service's (see the spec's operation descriptions). Nothing is persisted and no
//! Facebook call is made.
//!
//! ```
//! use xerochat_server::{router, InMemoryXeroChat};
//!
//! // Mounted under `/api`, like the hosted services; hand `app` to `axum::serve`.
//! let app: axum::Router = axum::Router::new().nest("/api", router(InMemoryXeroChat::seeded()));
//! # drop(app);
//! ```
//!
//! # Fixture
//!
//! [`InMemoryXeroChat::seeded`] starts from the documented examples; [`fixture`] lists the records and
//! holds their ids and keys as constants. In short: admin user 1 (key `1-demoadminkey`), member user
//! 39 (key `39-demomemberkey`, the docs' `get_user_info` example) and a deleted user 2; packages 1
//! and 16 (and a deleted 17); member 39's page `XeroDevs` (1123123123123, bot enabled) with subscriber
//! 134242424 and labels `Important` and `Product`, and a page without an enabled bot; contact group 67
//! and contact 233; flow campaigns 1, 2, 3 and 6, campaign 1 with questions 45–49 and the answers of
//! subscribers 2499454673490220 and 3001440154747507.
//!
//! # Behaviour
//!
//! - **Keys.** The user id before the first `-` selects the user; the key must be that user's, and
//!   the user active and not deleted. Anything else, and a member key on an admin-only operation, is
//!   `Either API Key Invalid or Member Validity Expired`. The key is checked in one place for every
//!   operation (the generated router's `authorize` call), after the router's checks of required
//!   fields and before the spec's `x-at-least-one-of` rules; which operations are admin-only is the
//!   spec's `x-admin-only`, read by the generator.
//! - **Scoping.** Every member operation works on the key's user's records only (pages and their
//!   subscribers and labels, contact groups, contacts, flow campaigns); another user's record is
//!   answered exactly like a missing one. The admin's own records are scoped the same way (the
//!   fixture gives the admin none). Admin-only operations see every user and package.
//! - **Ids.** Ids read from the store are sent as strings of digits, ids of rows just created as
//!   integers. Created ids continue after the fixture's and are never reused.
//! - **Times.** Rows created now get the local wall-clock time (`YYYY-MM-DD HH:MM:SS`); times the API
//!   never sets are unset (`0000-00-00 00:00:00`).
//! - **Concurrency.** One mutex guards the whole store, and every operation does its reading and
//!   writing under one hold of it, so concurrent calls never lose an update. It is never held across
//!   an `.await`; a lock poisoned by a panicking thread is taken over rather than propagated.
//!
//! Where the service's answer is not documented, the choice is made in the module of the operation
//! and the message is marked *not documented* in `outcome.rs`.

mod api;
mod auth;
mod contact_groups;
mod contacts;
mod convert;
pub mod fixture;
mod flows;
mod labels;
mod outcome;
mod packages;
pub mod store;
mod subscribers;
mod users;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use fixture::KeyError;
pub use store::Store;

use crate::types::ErrorEnvelope;
use outcome::Outcome;

/// The XeroChat API, kept in memory. Implements [`Api`](crate::Api); share it through
/// [`router`](crate::router). Clones share their state, so a test can keep a clone of the instance it
/// serves to read or replace the installation ([`store`](Self::store),
/// [`replace_store`](Self::replace_store), [`reset`](Self::reset)).
#[derive(Clone)]
pub struct InMemoryXeroChat {
    store: Arc<Mutex<Store>>,
    /// The installation it was built with, for [`reset`](Self::reset).
    seed: Arc<Store>,
}

/// A store [`InMemoryXeroChat::replace_store`] refuses, and where in it (a JSON path such as
/// `users.39.api_key`). The offending value is not quoted: it may be a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct StoreError {
    /// Where the problem is, as a JSON path into the store's serialized form.
    pub path: String,
    /// What is wrong there.
    pub reason: String,
}

/// Shows nothing of the store: it holds API keys.
impl fmt::Debug for InMemoryXeroChat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryXeroChat").finish_non_exhaustive()
    }
}

impl InMemoryXeroChat {
    /// The documented fixture with the default keys, [`fixture::ADMIN_KEY`] and
    /// [`fixture::MEMBER_KEY`].
    pub fn seeded() -> Self {
        Self::from_store(fixture::store(
            fixture::ADMIN_KEY.to_owned(),
            fixture::MEMBER_KEY.to_owned(),
        ))
    }

    /// The documented fixture with other keys for the admin (user 1) and the member (user 39).
    ///
    /// Each key must select its user the way the service reads keys: `1-<secret>` and
    /// `39-<secret>`, with a non-empty secret.
    pub fn with_keys(admin_key: &str, member_key: &str) -> Result<Self, KeyError> {
        fixture::check_key("admin", fixture::ADMIN_ID, admin_key)?;
        fixture::check_key("member", fixture::MEMBER_ID, member_key)?;
        Ok(Self::from_store(fixture::store(
            admin_key.to_owned(),
            member_key.to_owned(),
        )))
    }

    fn from_store(store: Store) -> Self {
        Self {
            seed: Arc::new(store.clone()),
            store: Arc::new(Mutex::new(store)),
        }
    }

    /// A copy of the whole installation as it is now.
    pub fn store(&self) -> Store {
        self.lock().clone()
    }

    /// Replaces the whole installation with `store`, after checking that every API key selects its
    /// own user (`<userId>-<secret>`), as the service reads keys; sequences are raised past the ids
    /// `store` holds. A refused store changes nothing.
    pub fn replace_store(&self, mut store: Store) -> Result<(), StoreError> {
        for (id, user) in &store.users {
            let selects_its_user = user
                .api_key
                .as_deref()
                .is_none_or(|key| auth::key_owner(key) == Some(*id));
            if !selects_its_user {
                return Err(StoreError {
                    path: format!("users.{id}.api_key"),
                    reason: format!("the key of user {id} must read `{id}-<secret>`"),
                });
            }
        }
        store.raise_sequences();
        *self.lock() = store;
        Ok(())
    }

    /// Back to the installation this instance was built with (the seeded one, with its keys).
    pub fn reset(&self) {
        *self.lock() = (*self.seed).clone();
    }

    /// The store, under its lock; a lock poisoned by a panicking thread is taken over.
    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one operation on the store under the lock, and turns its outcome into the operation's
    /// result type (the success body or the envelope).
    fn run<S, R>(&self, operation: &'static str, work: impl FnOnce(&mut Store) -> Outcome<S>) -> R
    where
        R: From<S> + From<ErrorEnvelope>,
    {
        let outcome = work(&mut self.lock());
        match outcome {
            Ok(success) => R::from(success),
            Err(envelope) => {
                tracing::debug!(operation, status = %envelope.status, message = ?envelope.message, "refused");
                R::from(envelope)
            }
        }
    }
}

#[cfg(test)]
mod state_tests {
    use super::*;

    #[test]
    fn the_store_round_trips_through_json_without_showing_keys_in_debug() {
        let api = InMemoryXeroChat::seeded();
        let json = serde_json::to_value(api.store()).expect("serializes");
        assert_eq!(json["users"]["39"]["api_key"], fixture::MEMBER_KEY);
        let store: Store = serde_json::from_value(json.clone()).expect("deserializes");
        api.replace_store(store).expect("its own store is accepted");
        assert_eq!(serde_json::to_value(api.store()).expect("json"), json);
        assert!(!format!("{:?}", api.store()).contains(fixture::MEMBER_KEY));
    }

    #[test]
    fn a_key_that_selects_another_user_is_refused_and_nothing_changes() {
        let api = InMemoryXeroChat::seeded();
        let mut store = api.store();
        store.users.clear();
        let mut bad = api.store();
        if let Some(member) = bad.users.get_mut(&fixture::MEMBER_ID) {
            member.api_key = Some("1-stolen".to_owned());
        }
        let error = api.replace_store(bad).expect_err("refused");
        assert_eq!(error.path, "users.39.api_key");
        assert_eq!(api.store().users.len(), 3, "unchanged");
        api.replace_store(store).expect("no users is a store");
        assert!(api.store().users.is_empty());
        api.reset();
        assert_eq!(api.store().users.len(), 3);
    }

    #[test]
    fn sequences_are_raised_past_the_ids_a_store_holds() {
        let api = InMemoryXeroChat::seeded();
        let mut store = api.store();
        store.sequences = store::Sequences::default();
        api.replace_store(store).expect("accepted");
        let json = serde_json::to_value(api.store()).expect("json");
        assert_eq!(json["sequences"]["user"], 40);
        assert_eq!(json["sequences"]["contact"], 234);
    }
}
