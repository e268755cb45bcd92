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
mod store;
mod subscribers;
mod users;

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub use fixture::KeyError;

use crate::types::ErrorEnvelope;
use outcome::Outcome;
use store::Store;

/// The XeroChat API, kept in memory. Implements [`Api`](crate::Api); share it through
/// [`router`](crate::router).
pub struct InMemoryXeroChat {
    store: Mutex<Store>,
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
            store: Mutex::new(store),
        }
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
