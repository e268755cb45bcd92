//! The label operations: `get_all_labels`, `create_label`, `assign_label`.
//!
//! Labels live on a page of the key's user whose bot is enabled; any other page is answered as a
//! page without an enabled bot. Facebook is not called: `create_label` makes up Facebook's label id
//! (a 16-digit string derived from the internal row id, so a fresh store hands out the same ids
//! every time), and `assign_label` records the labels the way the service does after Facebook has
//! accepted them: the internal row ids are appended to the subscriber's `labels`.

use super::outcome::{error, Outcome, INVALID_SUBSCRIBER, NO_ENABLED_BOT, NO_MATCHING_LABEL};
use super::store::{Label, Store};
use crate::types::{self, CreatedLabel, LabelList, LabelsAssigned, SuccessStatus};
use crate::{AssignLabelRequest, CreateLabelRequest, GetAllLabelsRequest};

/// Facebook label ids made up by `create_label` are this plus the internal row id.
const FACEBOOK_LABEL_ID_BASE: i64 = 5_000_000_000_000_000;

/// A page's labels, in the order they were recorded.
pub(super) fn get_all_labels(store: &Store, request: GetAllLabelsRequest) -> Outcome<LabelList> {
    let user_id = store.caller(&request.api_key)?;
    let label_info: Vec<types::Label> = if store.has_enabled_bot(user_id, request.page_id) {
        store
            .labels
            .values()
            .filter(|label| label.page_id == request.page_id)
            .map(|label| types::Label {
                label_id: label.facebook_id.clone(),
                label_name: label.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    if label_info.is_empty() {
        return Err(error(NO_MATCHING_LABEL));
    }
    Ok(LabelList {
        status: SuccessStatus::Success,
        label_info,
    })
}

/// Records a new label on the page and answers its (made-up) Facebook id.
pub(super) fn create_label(
    store: &mut Store,
    request: CreateLabelRequest,
) -> Outcome<CreatedLabel> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    if !store.has_enabled_bot(user_id, form.page_id) {
        return Err(error(NO_ENABLED_BOT));
    }
    let row_id = store.sequences.label.take_next();
    let facebook_id = FACEBOOK_LABEL_ID_BASE.saturating_add(row_id).to_string();
    store.labels.insert(
        row_id,
        Label {
            page_id: form.page_id,
            facebook_id: facebook_id.clone(),
            name: form.label_name,
        },
    );
    tracing::debug!(row_id, %facebook_id, "label created");
    Ok(CreatedLabel {
        status: SuccessStatus::Success,
        label_id: facebook_id,
    })
}

/// Adds the page's labels named in `label_ids` to the subscriber; ids the page does not have are
/// skipped, and a label the subscriber already has is not added twice.
pub(super) fn assign_label(
    store: &mut Store,
    request: AssignLabelRequest,
) -> Outcome<LabelsAssigned> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    if !store.has_enabled_bot(user_id, form.page_id) {
        return Err(error(NO_ENABLED_BOT));
    }
    let row_ids: Vec<i64> = form
        .label_ids
        .split(',')
        .map(str::trim)
        .filter_map(|wanted| {
            store
                .labels
                .iter()
                .find(|(_, label)| label.page_id == form.page_id && label.facebook_id == wanted)
                .map(|(row_id, _)| *row_id)
        })
        .collect();
    let subscriber = store
        .subscribers
        .get_mut(&form.subscriber_id)
        .filter(|subscriber| subscriber.page_id == form.page_id)
        .ok_or_else(|| error(INVALID_SUBSCRIBER))?;
    for row_id in row_ids {
        if !subscriber.labels.contains(&row_id) {
            subscriber.labels.push(row_id);
        }
    }
    Ok(LabelsAssigned {
        success: true,
        status: SuccessStatus::Success,
    })
}

impl Store {
    /// Whether `page_id` is a page of `user_id` with its bot enabled.
    fn has_enabled_bot(&self, user_id: i64, page_id: i64) -> bool {
        self.pages
            .get(&page_id)
            .is_some_and(|page| page.user_id == user_id && page.bot_enabled)
    }
}
