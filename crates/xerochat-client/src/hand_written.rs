//! The facade methods written by hand (`facade-hand-written` in `apis.toml`), where the spec's shape
//! of the input is poor for callers; the generated layer does not compile while one is missing.

use crate::{types, Error, PageId, SubscriberId, XeroChat};

impl XeroChat {
    /// Assigns labels to a subscriber; unknown label ids are skipped by the service.
    ///
    /// `POST /assign_label` (`assign_label`). Returns `()` on success. The service reads `label_ids`
    /// as one comma-separated string; this takes the ids as a list (the `label_id`s of
    /// [`XeroChat::get_all_labels`] and [`XeroChat::create_label`]), joins them, and refuses a list
    /// without any id before sending ([`Error::InvalidRequest`]).
    ///
    /// # Errors
    ///
    /// What the spec documents the service answering this call with ([`Error::Service`]):
    /// [`ServiceMessage::UserIdIsNotValid`](crate::ServiceMessage::UserIdIsNotValid) when Facebook
    /// refuses the subscriber ("(#100) The user ID is not valid."),
    /// [`ServiceMessage::NoEnabledBotFound`](crate::ServiceMessage::NoEnabledBotFound),
    /// [`ServiceMessage::ApiKeyIsRequired`](crate::ServiceMessage::ApiKeyIsRequired), and the
    /// `x-missing-message` of each field (`ServiceMessage::…FieldIsRequired`). As every call, it can also fail to reach the service
    /// ([`Error::Transport`]) or get an answer outside the spec ([`Error::UnexpectedStatus`],
    /// [`Error::UnexpectedBody`]). It is a `POST`: never retried once it may have arrived.
    pub async fn assign_label(
        &self,
        page_id: PageId,
        subscriber_id: SubscriberId,
        label_ids: &[&str],
    ) -> Result<(), Error> {
        if label_ids.iter().all(|id| id.trim().is_empty()) {
            return Err(Error::InvalidRequest(
                "assign_label needs at least one label id".to_owned(),
            ));
        }
        let form = types::AssignLabelForm {
            api_key: self.credential().to_owned(),
            label_ids: label_ids.join(","),
            page_id: page_id.get(),
            subscriber_id: subscriber_id.get(),
        };
        self.send("assign_label", self.generated().assign_label(&form))
            .await
            .map(drop)
    }
}
