//! Telling the service's error envelope from success, per operation.
//!
//! Each operation's generated response type is an untagged enum of the error envelope and the success
//! body, because the service answers both with HTTP 200. [`Envelope`] splits one into a `Result`.

use crate::types::{self, ErrorEnvelope};

/// A response that is either the service's error envelope or the operation's success body.
pub trait Envelope {
    /// The success body.
    type Success;
    /// `Ok` with the success body, `Err` with the envelope.
    fn into_result(self) -> Result<Self::Success, ErrorEnvelope>;
}

/// Implements [`Envelope`] for `Result => Success` pairs of generated types.
macro_rules! envelopes {
    ($($result:ident => $success:ident,)*) => {$(
        impl Envelope for types::$result {
            type Success = types::$success;
            fn into_result(self) -> Result<types::$success, ErrorEnvelope> {
                match self {
                    Self::ErrorEnvelope(envelope) => Err(envelope),
                    Self::$success(success) => Ok(success),
                }
            }
        }
    )*};
}

envelopes! {
    GetUserInfoResult => UserInfoResponse,
    CreateSystemUserResult => CreatedUser,
    UpdateUserResult => PlainSuccess,
    GetAllPackagesResult => PackageList,
    SubscriberInformationResult => SubscriberInfoResponse,
    GetAllLabelsResult => LabelList,
    CreateLabelResult => CreatedLabel,
    AssignLabelResult => LabelsAssigned,
    GetContactGroupResult => ContactGroup,
    CreateContactGroupResult => CreatedContactGroup,
    UpdateContactGroupResult => PlainSuccess,
    DeleteContactGroupResult => Deleted,
    GetContactResult => Contact,
    CreateContactResult => CreatedContact,
    UpdateContactResult => PlainSuccess,
    DeleteContactResult => Deleted,
    GetFlowCampaignsResult => FlowCampaignList,
    GetFlowCampaignInfoResult => FlowCampaignInfo,
    GetSingleSubscriberFlowInfoResult => SubscriberFlowInfo,
    GetAllSubscriberFlowInfoResult => AllSubscribersFlowInfo,
}
