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
//! which arrives here as [`Error::Service`] with the service's message, never as `Ok`. Calls the spec
//! says the service refuses (`x-at-least-one-of`) are refused before sending with
//! [`Error::InvalidRequest`] and the service's message. An answer that does not decode is
//! [`Error::UnexpectedBody`], naming the operation and the JSON path of the offending value. Unset
//! timestamps (`0000-00-00 00:00:00`) read as `None`.
//!
//! ```no_run
//! use xerochat_client::{NewContact, XeroChat};
//!
//! # async fn demo() -> Result<(), xerochat_client::Error> {
//! let xerochat = XeroChat::new("https://cytechbot.com/api", "39-abcdefg1700000000hijklmn");
//!
//! let group = xerochat.create_contact_group("Newsletter").await?;
//! let contact = xerochat
//!     .create_contact(&NewContact {
//!         contact_type_id: group,
//!         email: Some("ana@example.com".into()),
//!         first_name: Some("Ana".into()),
//!         ..NewContact::default()
//!     })
//!     .await?;
//! let row = xerochat.get_contact(contact).await?;
//! println!("{} {:?}", row.first_name, row.email);
//!
//! match xerochat.get_contact(999_999).await {
//!     Err(error) => println!("refused: {}", error.service_message().unwrap_or("?")),
//!     Ok(_) => unreachable!("no such contact"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The progenitor client, with both envelope variants of every answer, stays reachable through
//! [`XeroChat::generated`] and the [`types`] module.

mod envelope;
mod error;
mod hand_written;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
#[rustfmt::skip]
mod generated;
mod inputs;
#[allow(clippy::too_many_arguments)]
#[rustfmt::skip]
mod operations;
pub mod wire;

use std::fmt;
use std::future::Future;

use progenitor_client::ResponseValue;

pub use envelope::Envelope;
pub use error::Error;
pub use generated::{types, Client as GeneratedClient};
pub use inputs::{ContactChanges, NewContact, NewUser, UserChanges, UserLookup};
pub use operations::*;

/// The API key, kept out of `Debug` output.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A client bound to one installation and one API key.
#[derive(Clone, Debug)]
pub struct XeroChat {
    inner: GeneratedClient,
    api_key: ApiKey,
}

impl XeroChat {
    /// A client for the API at `base_url` (e.g. `https://cytechbot.com/api`), with a default HTTP client.
    pub fn new(base_url: &str, api_key: impl Into<String>) -> Self {
        Self {
            inner: GeneratedClient::new(base_url),
            api_key: ApiKey(api_key.into()),
        }
    }

    /// A client that sends its requests through `http` (for timeouts, proxies, connection pools).
    pub fn with_http_client(
        base_url: &str,
        api_key: impl Into<String>,
        http: reqwest::Client,
    ) -> Self {
        Self {
            inner: GeneratedClient::new_with_client(base_url, http),
            api_key: ApiKey(api_key.into()),
        }
    }

    /// The generated client, for the raw answers (both envelope variants); it needs the key passed
    /// explicitly.
    pub fn generated(&self) -> &GeneratedClient {
        &self.inner
    }

    /// The key, for the generated methods: they put it where the spec's `x-credential-field` says.
    fn credential(&self) -> &str {
        &self.api_key.0
    }

    /// Awaits a generated call and splits its answer into the success body or [`Error`]; every
    /// generated method ends here.
    async fn send<R: Envelope<Error = types::ErrorEnvelope>>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<ResponseValue<R>, progenitor_client::Error<()>>>,
    ) -> Result<R::Success, Error> {
        let outcome = match call.await {
            Ok(response) => response
                .into_inner()
                .into_result()
                .map_err(Error::from_envelope),
            Err(error) => Err(Error::from_generated::<R::Success>(operation, error).await),
        };
        match &outcome {
            Ok(_) => tracing::debug!(operation, "call succeeded"),
            Err(error) => tracing::debug!(operation, %error, "call failed"),
        }
        outcome
    }
}
