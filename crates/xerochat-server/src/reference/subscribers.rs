//! `subscriber_information`: a Messenger subscriber of one of the key's user's pages.
//!
//! Subscribers of other users' pages are answered as unknown. Columns the API cannot set (gender,
//! locale, timezone, error messages, referrer, times) are answered with the service's empty values;
//! this implementation is a newer version of the service, so `last_error_message_conversation_broadcast`
//! is sent.

use xerochat_client::wire::{LegacyDate, LegacyDateTime};

use super::outcome::{error, Outcome, NO_MATCHING_SUBSCRIBER};
use super::store::Store;
use crate::types::{Flag, SubscriberInfo, SubscriberInfoResponse, SuccessStatus};
use crate::SubscriberInformationRequest;

pub(super) fn subscriber_information(
    store: &Store,
    request: SubscriberInformationRequest,
) -> Outcome<SubscriberInfoResponse> {
    let user_id = store.caller(&request.api_key)?;
    let (subscriber, page) = store
        .subscribers
        .get(&request.subscriber_id)
        .and_then(|subscriber| Some((subscriber, store.pages.get(&subscriber.page_id)?)))
        .filter(|(_, page)| page.user_id == user_id)
        .ok_or_else(|| error(NO_MATCHING_SUBSCRIBER))?;
    let labels: Vec<String> = subscriber.labels.iter().map(i64::to_string).collect();
    Ok(SubscriberInfoResponse {
        status: SuccessStatus::Success,
        subscriber_info: SubscriberInfo {
            subscriber_id: request.subscriber_id.to_string(),
            labels: labels.join(","),
            first_name: subscriber.first_name.clone(),
            last_name: subscriber.last_name.clone(),
            full_name: subscriber.full_name.clone(),
            gender: String::new(),
            locale: String::new(),
            timezone: String::new(),
            page_name: Some(page.name.clone()),
            page_id: subscriber.page_id.to_string(),
            unavailable: Flag::X0,
            last_error_message: String::new(),
            last_error_message_conversation_broadcast: Some(String::new()),
            refferer_source: String::new(),
            subscribed_at: LegacyDateTime::default(),
            email: subscriber.email.clone(),
            phone_number: subscriber.phone_number.clone(),
            birthdate: LegacyDate::default(),
            last_subscriber_interaction_time: LegacyDateTime::default(),
        },
    })
}
