//! The facade methods written by hand (`facade-hand-written` in `apis.toml`), where the spec's shape
//! of the input is poor for callers; the generated layer does not compile while one is missing.

use crate::{types, Error, XeroChat};

impl XeroChat {
    /// Assigns labels to a subscriber; unknown label ids are skipped by the service.
    ///
    /// `POST /assign_label` (`assign_label`). The service reads `label_ids` as one comma-separated
    /// string; this takes the ids as a list, joins them, and refuses a list without any id before
    /// sending.
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
            api_key: self.credential().to_owned(),
            label_ids: label_ids.join(","),
            page_id,
            subscriber_id,
        };
        self.send("assign_label", self.generated().assign_label(&form))
            .await
            .map(drop)
    }
}
