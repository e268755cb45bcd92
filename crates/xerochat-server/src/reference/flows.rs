//! The flow campaign operations, each on the key's user's campaigns only: a campaign of another user
//! is answered as unknown.
//!
//! Answers are sent as the service sends them: each item keys its question's id `id` (the docs show
//! `question_id`), in question order. With no answers, the answer is the service's `id: null,
//! flow_name: null, data: []`.

use std::collections::BTreeMap;

use super::convert::digits;
use super::outcome::{error, Outcome, FLOW_CAMPAIGN_NOT_FOUND};
use super::store::{FlowCampaign, FlowQuestion, Store};
use crate::types;
use crate::types::{
    AllSubscribersFlowInfo, EmptyArray, FlowAnswer, FlowAnswersBySubscriber, FlowCampaignInfo,
    FlowCampaignList, SubscriberFlowInfo,
};
use crate::{
    GetAllSubscriberFlowInfoRequest, GetFlowCampaignInfoRequest, GetFlowCampaignsRequest,
    GetSingleSubscriberFlowInfoRequest,
};

/// The user's campaigns in id order; `[]` when there are none.
pub(super) fn get_flow_campaigns(
    store: &Store,
    request: GetFlowCampaignsRequest,
) -> Outcome<FlowCampaignList> {
    let user_id = store.caller(&request.api_key)?;
    let campaigns = store
        .flow_campaigns
        .iter()
        .filter(|(_, campaign)| campaign.user_id == user_id)
        .map(|(id, campaign)| {
            Ok(types::FlowCampaign {
                id: digits(*id)?,
                flow_name: campaign.name.clone(),
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    Ok(FlowCampaignList::from(campaigns))
}

/// A campaign and its questions; a campaign without questions has `[null]`, as the service answers it.
pub(super) fn get_flow_campaign_info(
    store: &Store,
    request: GetFlowCampaignInfoRequest,
) -> Outcome<FlowCampaignInfo> {
    let user_id = store.caller(&request.api_key)?;
    let campaign = own_campaign(store, user_id, request.flow_campaign_id)?;
    let mut questions: Vec<Option<String>> = questions(store, request.flow_campaign_id)
        .map(|(_, question)| Some(question.text.clone()))
        .collect();
    if questions.is_empty() {
        questions.push(None);
    }
    Ok(FlowCampaignInfo {
        id: digits(request.flow_campaign_id)?,
        flow_name: campaign.name.clone(),
        questions,
    })
}

/// One subscriber's answers to a campaign.
pub(super) fn get_single_subscriber_flow_info(
    store: &Store,
    request: GetSingleSubscriberFlowInfoRequest,
) -> Outcome<SubscriberFlowInfo> {
    let user_id = store.caller(&request.api_key)?;
    let campaign = own_campaign(store, user_id, request.flow_campaign_id)?;
    let data = answers(store, request.flow_campaign_id)
        .filter(|(subscriber_id, _)| *subscriber_id == request.subscriber_id)
        .map(|(_, answer)| answer)
        .collect::<Outcome<Vec<_>>>()?;
    if data.is_empty() {
        return Ok(SubscriberFlowInfo {
            id: None,
            flow_name: None,
            data,
        });
    }
    Ok(SubscriberFlowInfo {
        id: Some(digits(request.flow_campaign_id)?),
        flow_name: Some(campaign.name.clone()),
        data,
    })
}

/// Every subscriber's answers to a campaign, keyed by subscriber id.
pub(super) fn get_all_subscriber_flow_info(
    store: &Store,
    request: GetAllSubscriberFlowInfoRequest,
) -> Outcome<AllSubscribersFlowInfo> {
    let user_id = store.caller(&request.api_key)?;
    let campaign = own_campaign(store, user_id, request.flow_campaign_id)?;
    let mut by_subscriber: BTreeMap<String, Vec<FlowAnswer>> = BTreeMap::new();
    for (subscriber_id, answer) in answers(store, request.flow_campaign_id) {
        by_subscriber
            .entry(subscriber_id.to_string())
            .or_default()
            .push(answer?);
    }
    if by_subscriber.is_empty() {
        return Ok(AllSubscribersFlowInfo {
            id: None,
            flow_name: None,
            data: EmptyArray::from(Vec::new()).into(),
        });
    }
    Ok(AllSubscribersFlowInfo {
        id: Some(digits(request.flow_campaign_id)?),
        flow_name: Some(campaign.name.clone()),
        data: FlowAnswersBySubscriber::from(by_subscriber).into(),
    })
}

/// The campaign `campaign_id`, if it is `user_id`'s.
fn own_campaign(store: &Store, user_id: i64, campaign_id: i64) -> Outcome<&FlowCampaign> {
    store
        .flow_campaigns
        .get(&campaign_id)
        .filter(|campaign| campaign.user_id == user_id)
        .ok_or_else(|| error(FLOW_CAMPAIGN_NOT_FOUND))
}

/// A campaign's questions, in id order.
fn questions(store: &Store, campaign_id: i64) -> impl Iterator<Item = (i64, &FlowQuestion)> {
    store
        .flow_questions
        .iter()
        .filter(move |(_, question)| question.campaign_id == campaign_id)
        .map(|(id, question)| (*id, question))
}

/// Every answer to a campaign's questions with the subscriber who gave it, in question order.
fn answers(
    store: &Store,
    campaign_id: i64,
) -> impl Iterator<Item = (i64, Outcome<FlowAnswer>)> + '_ {
    questions(store, campaign_id).flat_map(move |(question_id, question)| {
        store
            .flow_answers
            .iter()
            .filter(move |answer| answer.question_id == question_id)
            .map(move |answer| {
                let wire = digits(question_id).map(|id| FlowAnswer {
                    id: Some(id),
                    question_id: None,
                    question: Some(question.text.clone()),
                    answer: answer.answer.clone(),
                });
                (answer.subscriber_id, wire)
            })
    })
}
