//! The contact group (contact type) operations, each on the key's user's groups only: a group of
//! another user is answered as unknown.
//!
//! Deleting a group removes its row (the id is not handed out again); the group's contacts are left
//! as they are, since nothing documents a cascade.

use super::convert::{digits, now};
use super::outcome::{
    contact_group_deleted, error, info, Outcome, CONTACT_GROUP_NOT_DELETED,
    CONTACT_GROUP_NOT_FOUND, CONTACT_GROUP_UNCHANGED,
};
use super::store::{ContactGroup, Store};
use crate::types::{self, CreatedContactGroup, Deleted, Flag, PlainSuccess, SuccessStatus};
use crate::{
    CreateContactGroupRequest, DeleteContactGroupRequest, GetContactGroupRequest,
    UpdateContactGroupRequest,
};

/// The group's bare row.
pub(super) fn get_contact_group(
    store: &Store,
    request: GetContactGroupRequest,
) -> Outcome<types::ContactGroup> {
    let user_id = store.caller(&request.api_key)?;
    let group = store
        .contact_groups
        .get(&request.contact_type_id)
        .filter(|group| group.user_id == user_id)
        .ok_or_else(|| error(CONTACT_GROUP_NOT_FOUND))?;
    Ok(types::ContactGroup {
        id: digits(request.contact_type_id)?,
        user_id: digits(group.user_id)?,
        type_: group.name.clone(),
        created_at: group.created_at,
        deleted: Flag::X0,
    })
}

/// Creates a group; answers its id as an integer. Names need not be unique.
pub(super) fn create_contact_group(
    store: &mut Store,
    request: CreateContactGroupRequest,
) -> Outcome<CreatedContactGroup> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    let id = store.sequences.contact_group.take_next();
    store.contact_groups.insert(
        id,
        ContactGroup {
            user_id,
            name: form.name,
            created_at: now(),
        },
    );
    tracing::debug!(contact_type_id = id, "contact group created");
    Ok(CreatedContactGroup {
        status: SuccessStatus::Success,
        contact_type_id: id,
    })
}

/// Renames a group; the same name again changes nothing and is answered `info`.
pub(super) fn update_contact_group(
    store: &mut Store,
    request: UpdateContactGroupRequest,
) -> Outcome<PlainSuccess> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    let group = store
        .contact_groups
        .get_mut(&request.contact_type_id)
        .filter(|group| group.user_id == user_id)
        .ok_or_else(|| error(CONTACT_GROUP_NOT_FOUND))?;
    if group.name == form.name {
        return Err(info(CONTACT_GROUP_UNCHANGED));
    }
    group.name = form.name;
    Ok(PlainSuccess {
        status: SuccessStatus::Success,
    })
}

/// Deletes a group; a group that is not there (or not the user's) is a delete that did not happen.
pub(super) fn delete_contact_group(
    store: &mut Store,
    request: DeleteContactGroupRequest,
) -> Outcome<Deleted> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    let id = form.contact_type_id;
    if store
        .contact_groups
        .get(&id)
        .filter(|group| group.user_id == user_id)
        .is_none()
    {
        return Err(info(CONTACT_GROUP_NOT_DELETED));
    }
    store.contact_groups.remove(&id);
    Ok(Deleted {
        status: SuccessStatus::Success,
        message: contact_group_deleted(id),
    })
}
