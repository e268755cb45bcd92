//! Typed async client for the XeroChat form API, also sold as CyTechBot, InterativeBot and Nulu
//! Flowboard.
//!
//! [`XeroChat`] is built once from the service's base URL and your API key. It has one method per
//! operation of the API, named after its `operationId` and generated from the spec (so [`OPERATIONS`]
//! lists them all). Each puts the key where the service reads it (the query string of GET calls, the
//! form body of POST calls), takes the other values positionally or, where some are optional, as an
//! `<Op>Input` struct (into which [`UserLookup`], [`NewUser`] and [`UserChanges`] convert), and returns
//! the success body, unwrapped where it is only a wrapper (`get_user_info` returns the `user_info`).
//!
//! Each call returns `Result<_, Error>`: the service answers errors with HTTP 200 and an error envelope,
//! which arrives here as [`Error::Service`] (or [`Error::Info`] when the service did nothing, an update
//! that changes nothing or a delete that did not happen) with the service's message as a
//! [`ServiceMessage`], never as `Ok`. Calls the spec
//! says the service refuses (`x-at-least-one-of`) are refused before sending with
//! [`Error::InvalidRequest`] and the service's message. An answer that does not decode is
//! [`Error::UnexpectedBody`], naming the operation and the JSON path of the offending value. Unset
//! timestamps (`0000-00-00 00:00:00`) read as `None`.
//!
//! ```no_run
//! use xerochat_client::{ContactId, NewContact, ServiceMessage, XeroChat};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let xerochat = XeroChat::new("https://cytechbot.com/api", "39-abcdefg1700000000hijklmn")?;
//!
//! let group = xerochat.create_contact_group("Newsletter").await?;
//! let contact = xerochat
//!     .create_contact(&NewContact {
//!         email: Some("ana@example.com".into()),
//!         first_name: Some("Ana".into()),
//!         ..NewContact::in_group(group)
//!     })
//!     .await?;
//! let row = xerochat.get_contact(contact).await?;
//! println!("{} {:?}", row.first_name, row.email);
//!
//! match xerochat.get_contact(ContactId::new(999_999)).await {
//!     Err(error) if error.service_message() == Some(&ServiceMessage::ContactIdDoesNotExist) => {
//!         println!("no such contact")
//!     }
//!     Err(error) => return Err(error.into()),
//!     Ok(_) => unreachable!("no such contact"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Ids are typed ([`ids`]): the id an answer carries is passed to the next call as it is, and a
//! contact id cannot stand where a contact group id is expected.
//!
//! # Resilience
//!
//! [`XeroChat::builder`] sets the base URL (a trailing slash is dropped), the connect timeout (default
//! [`DEFAULT_CONNECT_TIMEOUT`]), the per-request timeout (default [`DEFAULT_TIMEOUT`]), the
//! [`RetryPolicy`] (default: 3 attempts, exponential backoff from 200 ms with jitter), the user agent
//! and, if you need proxies or your own pool, the [`reqwest::Client`]. A request is sent again only
//! where that is safe: when no connection could be made (nothing was sent), and, for reads (`GET`),
//! after a timeout or a 408, 429 or 5xx answer. The service's `POST`s create, change or delete, and are
//! never sent twice once they may have arrived. [`Error::is_retryable`], [`Error::is_timeout`] and
//! [`Error::status`] tell callers what happened.
//!
//! # Features
//!
//! - `rustls` (default): HTTPS through rustls with the `ring` provider.
//! - `native-tls`: HTTPS through the platform's TLS (OpenSSL, Secure Transport, SChannel).
//!
//! Without either, an `https` base URL is refused by [`XeroChatBuilder::build`].
//!
//! The progenitor client, with both envelope variants of every answer, stays reachable through
//! [`XeroChat::generated`] and the [`types`] module.

#![warn(missing_docs)]

mod builder;
mod envelope;
mod error;
mod hand_written;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
#[rustfmt::skip]
mod generated;
pub mod ids;
mod inputs;
#[allow(clippy::too_many_arguments)]
#[rustfmt::skip]
mod operations;
#[rustfmt::skip]
mod runtime;
pub mod wire;

use std::fmt;
use std::future::Future;

use progenitor_client::{ClientHooks, OperationInfo, ResponseValue};

pub use builder::XeroChatBuilder;
pub use envelope::Envelope;
pub use error::Error;
pub use generated::{types, Client as GeneratedClient};
pub use ids::{ContactGroupId, ContactId, FlowCampaignId, PackageId, PageId, SubscriberId, UserId};
pub use inputs::{ContactChanges, NewContact, NewUser, UserChanges, UserLookup};
pub use operations::*;
pub use reqwest;
pub use runtime::{
    tls_backend, BuildError, RetryPolicy, Transport, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};

/// The API key, kept out of `Debug` output.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A client bound to one installation and one API key; cheap to clone (clones share the connection
/// pool).
#[derive(Clone, Debug)]
pub struct XeroChat {
    inner: GeneratedClient,
    api_key: ApiKey,
}

impl XeroChat {
    /// A client for the API at `base_url` (e.g. `https://cytechbot.com/api`) with the builder's
    /// defaults: a shortcut for `XeroChat::builder(base_url, api_key).build()`.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when the base URL is not an absolute `http(s)` URL, or is `https` in a build
    /// without a TLS feature.
    pub fn new(base_url: &str, api_key: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder(base_url, api_key).build()
    }

    /// A builder for a client with timeouts, retries, a user agent or an HTTP client of your own.
    pub fn builder(base_url: &str, api_key: impl Into<String>) -> XeroChatBuilder {
        XeroChatBuilder::new(base_url, api_key.into())
    }

    /// The generated client, for the raw answers (both envelope variants); it needs the key passed
    /// explicitly. Its calls go through the same timeouts and retries.
    pub fn generated(&self) -> &GeneratedClient {
        &self.inner
    }

    /// The settings every request is sent with (timeout, retry policy).
    pub fn transport(&self) -> &Transport {
        &self.inner.inner
    }

    /// The key, for the generated methods: they put it where the spec's `x-credential-field` says.
    fn credential(&self) -> &str {
        &self.api_key.0
    }

    /// Awaits a generated call and splits its answer into the success body or [`Error`]; every
    /// generated method ends here. No error leaves here with the key in its text.
    async fn send<R: Envelope<Error = types::ErrorEnvelope>>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<ResponseValue<R>, progenitor_client::Error<()>>>,
    ) -> Result<R::Success, Error> {
        let secrets = [self.credential()];
        let outcome = match call.await {
            Ok(response) => response
                .into_inner()
                .into_result()
                .map_err(|envelope| Error::from_envelope(envelope, &secrets)),
            Err(error) => {
                Err(Error::from_generated::<R::Success>(operation, error, &secrets).await)
            }
        };
        match &outcome {
            Ok(_) => tracing::debug!(operation, "call succeeded"),
            Err(error) => tracing::debug!(operation, %error, "call failed"),
        }
        outcome
    }
}

/// Every request goes through the transport's timeout, user agent and retry loop.
impl ClientHooks<Transport> for GeneratedClient {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner
            .execute(&self.client, request, info.operation_id)
            .await
    }
}
