//! Typed async client for the XeroChat form API, also sold as CyTechBot, InterativeBot and Nulu
//! Flowboard.
//!
//! [`XeroChat`] is built once from the service's base URL and your API key, and puts the key where the
//! service reads it (the query string of GET calls, the form body of POST calls). Each call returns
//! `Result<_, Error>`: the service answers errors with HTTP 200 and an error envelope, which arrives
//! here as [`Error::Service`] with the service's message, never as `Ok`. Unset timestamps
//! (`0000-00-00 00:00:00`) read as `None`.
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
//! The generated client stays reachable through [`XeroChat::generated`] and the [`types`] module.

mod envelope;
mod error;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
#[rustfmt::skip]
mod generated;
mod inputs;
pub mod wire;

use std::fmt;
use std::future::Future;

pub use envelope::Envelope;
pub use error::Error;
pub use generated::{types, Client as GeneratedClient};
pub use inputs::{ContactChanges, NewContact, NewUser, UserChanges, UserLookup};

use progenitor_client::ResponseValue;

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

    /// The generated client, for calls the facade does not cover; it needs the key passed explicitly.
    pub fn generated(&self) -> &GeneratedClient {
        &self.inner
    }

    fn key(&self) -> &str {
        &self.api_key.0
    }

    /// Awaits a generated call and splits its answer into success or [`Error`].
    async fn call<R: Envelope>(
        operation: &'static str,
        call: impl Future<Output = Result<ResponseValue<R>, progenitor_client::Error<()>>>,
    ) -> Result<R::Success, Error> {
        let outcome = match call.await {
            Ok(response) => response
                .into_inner()
                .into_result()
                .map_err(Error::from_envelope),
            Err(error) => Err(Error::from_generated(operation, error).await),
        };
        match &outcome {
            Ok(_) => tracing::debug!(operation, "call succeeded"),
            Err(error) => tracing::debug!(operation, %error, "call failed"),
        }
        outcome
    }

    /// A user's account, by id or email. Admin only.
    pub async fn get_user_info(&self, user: UserLookup<'_>) -> Result<types::UserInfo, Error> {
        let (id, email) = match user {
            UserLookup::Id(id) => (Some(id), None),
            UserLookup::Email(email) => (None, Some(email)),
        };
        let response = Self::call(
            "get_user_info",
            self.inner.get_user_info(self.key(), email, id),
        )
        .await?;
        Ok(response.user_info)
    }

    /// Creates a user; returns the new user's id. Admin only.
    pub async fn create_system_user(&self, user: &NewUser) -> Result<i64, Error> {
        let form = user.form(self.key());
        Ok(
            Self::call("create_system_user", self.inner.create_system_user(&form))
                .await?
                .id,
        )
    }

    /// Updates a user's non-empty fields (the service ignores empty ones). Admin only.
    pub async fn update_user(&self, user_id: i64, changes: &UserChanges) -> Result<(), Error> {
        let form = changes.form(self.key());
        Self::call("update_user", self.inner.update_user(user_id, &form))
            .await
            .map(drop)
    }

    /// Every package that is not deleted. Admin only.
    pub async fn get_all_packages(&self) -> Result<Vec<types::Package>, Error> {
        Ok(
            Self::call("get_all_packages", self.inner.get_all_packages(self.key()))
                .await?
                .packages,
        )
    }

    /// A Messenger subscriber, by PSID.
    pub async fn subscriber_information(
        &self,
        subscriber_id: i64,
    ) -> Result<types::SubscriberInfo, Error> {
        let call = self.inner.subscriber_information(self.key(), subscriber_id);
        Ok(Self::call("subscriber_information", call)
            .await?
            .subscriber_info)
    }

    /// The labels of a bot-enabled page.
    pub async fn get_all_labels(&self, page_id: i64) -> Result<Vec<types::Label>, Error> {
        Ok(Self::call(
            "get_all_labels",
            self.inner.get_all_labels(self.key(), page_id),
        )
        .await?
        .label_info)
    }

    /// Creates a label on a bot-enabled page; returns its label id.
    pub async fn create_label(&self, page_id: i64, label_name: &str) -> Result<String, Error> {
        let form = types::CreateLabelForm {
            api_key: self.key().to_owned(),
            label_name: label_name.to_owned(),
            page_id,
        };
        Ok(Self::call("create_label", self.inner.create_label(&form))
            .await?
            .label_id)
    }

    /// Assigns labels to a subscriber; unknown label ids are skipped by the service.
    pub async fn assign_label(
        &self,
        page_id: i64,
        subscriber_id: i64,
        label_ids: &[&str],
    ) -> Result<(), Error> {
        if label_ids.iter().all(|id| id.trim().is_empty()) {
            return Err(Error::InvalidRequest(
                "assign_label needs at least one label id".to_owned(),
            ));
        }
        let form = types::AssignLabelForm {
            api_key: self.key().to_owned(),
            label_ids: label_ids.join(","),
            page_id,
            subscriber_id,
        };
        Self::call("assign_label", self.inner.assign_label(&form))
            .await
            .map(drop)
    }

    /// A contact group.
    pub async fn get_contact_group(
        &self,
        contact_type_id: i64,
    ) -> Result<types::ContactGroup, Error> {
        Self::call(
            "get_contact_group",
            self.inner.get_contact_group(self.key(), contact_type_id),
        )
        .await
    }

    /// Creates a contact group; returns its id.
    pub async fn create_contact_group(&self, name: &str) -> Result<i64, Error> {
        let form = types::CreateContactGroupForm {
            api_key: self.key().to_owned(),
            name: name.to_owned(),
        };
        Ok(Self::call(
            "create_contact_group",
            self.inner.create_contact_group(&form),
        )
        .await?
        .contact_type_id)
    }

    /// Renames a contact group. Renaming to the same name is refused with status `info`.
    pub async fn update_contact_group(
        &self,
        contact_type_id: i64,
        name: &str,
    ) -> Result<(), Error> {
        let form = types::UpdateContactGroupForm {
            api_key: self.key().to_owned(),
            name: name.to_owned(),
        };
        Self::call(
            "update_contact_group",
            self.inner.update_contact_group(contact_type_id, &form),
        )
        .await
        .map(drop)
    }

    /// Deletes a contact group; returns the service's confirmation.
    pub async fn delete_contact_group(&self, contact_type_id: i64) -> Result<String, Error> {
        let form = types::DeleteContactGroupForm {
            api_key: self.key().to_owned(),
            contact_type_id,
        };
        Ok(Self::call(
            "delete_contact_group",
            self.inner.delete_contact_group(&form),
        )
        .await?
        .message)
    }

    /// A contact.
    pub async fn get_contact(&self, contact_id: i64) -> Result<types::Contact, Error> {
        Self::call(
            "get_contact",
            self.inner.get_contact(self.key(), contact_id),
        )
        .await
    }

    /// Creates a contact (email or phone number required, both unique); returns its id.
    pub async fn create_contact(&self, contact: &NewContact) -> Result<i64, Error> {
        let given =
            |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
        if !given(&contact.email) && !given(&contact.phone_number) {
            return Err(Error::InvalidRequest(
                "a contact needs an email or a phone number".to_owned(),
            ));
        }
        let form = contact.form(self.key());
        Ok(
            Self::call("create_contact", self.inner.create_contact(&form))
                .await?
                .new_contact_id,
        )
    }

    /// Updates a contact: names always, email and phone number only where they are still empty.
    pub async fn update_contact(
        &self,
        contact_id: i64,
        changes: &ContactChanges,
    ) -> Result<(), Error> {
        let form = changes.form(self.key());
        Self::call(
            "update_contact",
            self.inner.update_contact(contact_id, &form),
        )
        .await
        .map(drop)
    }

    /// Deletes a contact; returns the service's confirmation.
    pub async fn delete_contact(&self, contact_id: i64) -> Result<String, Error> {
        let form = types::DeleteContactForm {
            api_key: self.key().to_owned(),
            contact_id,
        };
        Ok(
            Self::call("delete_contact", self.inner.delete_contact(&form))
                .await?
                .message,
        )
    }

    /// Every flow campaign of the account.
    pub async fn get_flow_campaigns(&self) -> Result<Vec<types::FlowCampaign>, Error> {
        Ok(Self::call(
            "get_flow_campaigns",
            self.inner.get_flow_campaigns(self.key()),
        )
        .await?
        .0)
    }

    /// A flow campaign and its questions.
    pub async fn get_flow_campaign_info(
        &self,
        flow_campaign_id: i64,
    ) -> Result<types::FlowCampaignInfo, Error> {
        Self::call(
            "get_flow_campaign_info",
            self.inner
                .get_flow_campaign_info(self.key(), flow_campaign_id),
        )
        .await
    }

    /// One subscriber's answers to a flow campaign.
    pub async fn get_single_subscriber_flow_info(
        &self,
        flow_campaign_id: i64,
        subscriber_id: i64,
    ) -> Result<types::SubscriberFlowInfo, Error> {
        let call =
            self.inner
                .get_single_subscriber_flow_info(self.key(), flow_campaign_id, subscriber_id);
        Self::call("get_single_subscriber_flow_info", call).await
    }

    /// Every subscriber's answers to a flow campaign, keyed by subscriber id.
    pub async fn get_all_subscriber_flow_info(
        &self,
        flow_campaign_id: i64,
    ) -> Result<types::AllSubscribersFlowInfo, Error> {
        let call = self
            .inner
            .get_all_subscriber_flow_info(self.key(), flow_campaign_id);
        Self::call("get_all_subscriber_flow_info", call).await
    }
}
