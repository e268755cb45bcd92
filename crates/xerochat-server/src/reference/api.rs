//! [`Api`] for [`InMemoryXeroChat`]: the key check for every operation ([`Api::authorize`]), then
//! each operation runs its module's function under the store's lock (see [`InMemoryXeroChat::run`]);
//! nothing is awaited while the lock is held.

use server_support::{Access, Rejection};

use super::auth::Refusal;
use super::outcome::BAD_KEY;
use super::{
    contact_groups, contacts, flows, labels, packages, subscribers, users, InMemoryXeroChat,
};
use crate::{
    Api, AssignLabelRequest, AssignLabelResponse, CreateContactGroupRequest,
    CreateContactGroupResponse, CreateContactRequest, CreateContactResponse, CreateLabelRequest,
    CreateLabelResponse, CreateSystemUserRequest, CreateSystemUserResponse,
    DeleteContactGroupRequest, DeleteContactGroupResponse, DeleteContactRequest,
    DeleteContactResponse, GetAllLabelsRequest, GetAllLabelsResponse, GetAllPackagesRequest,
    GetAllPackagesResponse, GetAllSubscriberFlowInfoRequest, GetAllSubscriberFlowInfoResponse,
    GetContactGroupRequest, GetContactGroupResponse, GetContactRequest, GetContactResponse,
    GetFlowCampaignInfoRequest, GetFlowCampaignInfoResponse, GetFlowCampaignsRequest,
    GetFlowCampaignsResponse, GetSingleSubscriberFlowInfoRequest,
    GetSingleSubscriberFlowInfoResponse, GetUserInfoRequest, GetUserInfoResponse,
    SubscriberInformationRequest, SubscriberInformationResponse, UpdateContactGroupRequest,
    UpdateContactGroupResponse, UpdateContactRequest, UpdateContactResponse, UpdateUserRequest,
    UpdateUserResponse,
};

impl Api for InMemoryXeroChat {
    /// The service's key check, for every operation and before anything else it leaves to the
    /// implementation; the spec says where the key is and which operations are admin-only.
    async fn authorize(&self, access: Access) -> Result<(), Rejection> {
        let key = access.credential.as_deref().unwrap_or_default();
        let verdict = self.lock().authenticate(key, access.admin_only);
        match verdict {
            Ok(_) => Ok(()),
            Err(refusal) => {
                tracing::debug!(operation = access.operation, ?refusal, "key refused");
                Err(match refusal {
                    Refusal::UnknownKey => Rejection::MissingCredential(BAD_KEY.to_owned()),
                    Refusal::NotAdmin => Rejection::Forbidden(BAD_KEY.to_owned()),
                })
            }
        }
    }

    async fn assign_label(&self, request: AssignLabelRequest) -> AssignLabelResponse {
        AssignLabelResponse::Ok(
            self.run("assign_label", |store| labels::assign_label(store, request)),
        )
    }

    async fn create_contact(&self, request: CreateContactRequest) -> CreateContactResponse {
        CreateContactResponse::Ok(self.run("create_contact", |store| {
            contacts::create_contact(store, request)
        }))
    }

    async fn create_contact_group(
        &self,
        request: CreateContactGroupRequest,
    ) -> CreateContactGroupResponse {
        CreateContactGroupResponse::Ok(self.run("create_contact_group", |store| {
            contact_groups::create_contact_group(store, request)
        }))
    }

    async fn create_label(&self, request: CreateLabelRequest) -> CreateLabelResponse {
        CreateLabelResponse::Ok(
            self.run("create_label", |store| labels::create_label(store, request)),
        )
    }

    async fn create_system_user(
        &self,
        request: CreateSystemUserRequest,
    ) -> CreateSystemUserResponse {
        CreateSystemUserResponse::Ok(self.run("create_system_user", |store| {
            users::create_system_user(store, request)
        }))
    }

    async fn delete_contact(&self, request: DeleteContactRequest) -> DeleteContactResponse {
        DeleteContactResponse::Ok(self.run("delete_contact", |store| {
            contacts::delete_contact(store, request)
        }))
    }

    async fn delete_contact_group(
        &self,
        request: DeleteContactGroupRequest,
    ) -> DeleteContactGroupResponse {
        DeleteContactGroupResponse::Ok(self.run("delete_contact_group", |store| {
            contact_groups::delete_contact_group(store, request)
        }))
    }

    async fn get_all_labels(&self, request: GetAllLabelsRequest) -> GetAllLabelsResponse {
        GetAllLabelsResponse::Ok(self.run("get_all_labels", |store| {
            labels::get_all_labels(store, request)
        }))
    }

    async fn get_all_packages(&self, _request: GetAllPackagesRequest) -> GetAllPackagesResponse {
        GetAllPackagesResponse::Ok(self.run("get_all_packages", |store| {
            packages::get_all_packages(store)
        }))
    }

    async fn get_all_subscriber_flow_info(
        &self,
        request: GetAllSubscriberFlowInfoRequest,
    ) -> GetAllSubscriberFlowInfoResponse {
        GetAllSubscriberFlowInfoResponse::Ok(self.run("get_all_subscriber_flow_info", |store| {
            flows::get_all_subscriber_flow_info(store, request)
        }))
    }

    async fn get_contact(&self, request: GetContactRequest) -> GetContactResponse {
        GetContactResponse::Ok(
            self.run("get_contact", |store| contacts::get_contact(store, request)),
        )
    }

    async fn get_contact_group(&self, request: GetContactGroupRequest) -> GetContactGroupResponse {
        GetContactGroupResponse::Ok(self.run("get_contact_group", |store| {
            contact_groups::get_contact_group(store, request)
        }))
    }

    async fn get_flow_campaign_info(
        &self,
        request: GetFlowCampaignInfoRequest,
    ) -> GetFlowCampaignInfoResponse {
        GetFlowCampaignInfoResponse::Ok(self.run("get_flow_campaign_info", |store| {
            flows::get_flow_campaign_info(store, request)
        }))
    }

    async fn get_flow_campaigns(
        &self,
        request: GetFlowCampaignsRequest,
    ) -> GetFlowCampaignsResponse {
        GetFlowCampaignsResponse::Ok(self.run("get_flow_campaigns", |store| {
            flows::get_flow_campaigns(store, request)
        }))
    }

    async fn get_single_subscriber_flow_info(
        &self,
        request: GetSingleSubscriberFlowInfoRequest,
    ) -> GetSingleSubscriberFlowInfoResponse {
        GetSingleSubscriberFlowInfoResponse::Ok(
            self.run("get_single_subscriber_flow_info", |store| {
                flows::get_single_subscriber_flow_info(store, request)
            }),
        )
    }

    async fn get_user_info(&self, request: GetUserInfoRequest) -> GetUserInfoResponse {
        GetUserInfoResponse::Ok(self.run("get_user_info", |store| {
            users::get_user_info(store, request)
        }))
    }

    async fn subscriber_information(
        &self,
        request: SubscriberInformationRequest,
    ) -> SubscriberInformationResponse {
        SubscriberInformationResponse::Ok(self.run("subscriber_information", |store| {
            subscribers::subscriber_information(store, request)
        }))
    }

    async fn update_contact(&self, request: UpdateContactRequest) -> UpdateContactResponse {
        UpdateContactResponse::Ok(self.run("update_contact", |store| {
            contacts::update_contact(store, request)
        }))
    }

    async fn update_contact_group(
        &self,
        request: UpdateContactGroupRequest,
    ) -> UpdateContactGroupResponse {
        UpdateContactGroupResponse::Ok(self.run("update_contact_group", |store| {
            contact_groups::update_contact_group(store, request)
        }))
    }

    async fn update_user(&self, request: UpdateUserRequest) -> UpdateUserResponse {
        UpdateUserResponse::Ok(self.run("update_user", |store| users::update_user(store, request)))
    }
}
