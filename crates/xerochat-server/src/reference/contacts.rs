//! The SMS/email contact operations, each on the key's user's contacts only: a contact of another
//! user is answered as unknown.
//!
//! Emails and phone numbers must be unique among the user's contacts (the service's rule; scoping it
//! to the user keeps one customer's contacts from blocking another's). Emails compare without regard
//! to ASCII case, phone numbers exactly. Deleting removes the row; its id is not handed out again.

use super::convert::digits;
use super::outcome::{
    contact_deleted, error, info, Outcome, CONTACT_EMAIL_TAKEN, CONTACT_NOT_DELETED,
    CONTACT_NOT_FOUND, CONTACT_PHONE_TAKEN, CONTACT_UNCHANGED,
};
use super::store::{Contact, Store};
use crate::types::{self, CreatedContact, Deleted, Flag, PlainSuccess, SuccessStatus};
use crate::{CreateContactRequest, DeleteContactRequest, GetContactRequest, UpdateContactRequest};

/// The contact's bare row, as the service really sends it (with `status` and
/// `sms_email_sequence_campaign_ids`).
pub(super) fn get_contact(store: &Store, request: GetContactRequest) -> Outcome<types::Contact> {
    let user_id = store.caller(&request.api_key)?;
    let contact = store
        .contacts
        .get(&request.contact_id)
        .filter(|contact| contact.user_id == user_id)
        .ok_or_else(|| error(CONTACT_NOT_FOUND))?;
    Ok(types::Contact {
        id: digits(request.contact_id)?,
        user_id: digits(contact.user_id)?,
        contact_type_id: contact.contact_type_id.to_string(),
        first_name: contact.first_name.clone(),
        last_name: contact.last_name.clone(),
        phone_number: contact.phone_number.clone(),
        email: contact.email.clone(),
        notes: String::new(),
        unsubscribed: Flag::X0,
        deleted: Flag::X0,
        status: Some(Flag::X1),
        sms_email_sequence_campaign_ids: Some(String::new()),
    })
}

/// Creates a contact in one of the user's groups; answers its id as an integer. A group that is not
/// the user's gets the docs' `The contact ID does not exist`.
pub(super) fn create_contact(
    store: &mut Store,
    request: CreateContactRequest,
) -> Outcome<CreatedContact> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    if store
        .contact_groups
        .get(&form.contact_type_id)
        .filter(|group| group.user_id == user_id)
        .is_none()
    {
        return Err(error(CONTACT_NOT_FOUND));
    }
    check_unique(
        store,
        user_id,
        None,
        form.email.as_deref(),
        form.phone_number.as_deref(),
    )?;
    let id = store.sequences.contact.take_next();
    store.contacts.insert(
        id,
        Contact {
            user_id,
            contact_type_id: form.contact_type_id,
            first_name: form.first_name.unwrap_or_default(),
            last_name: form.last_name.unwrap_or_default(),
            email: form.email,
            phone_number: form.phone_number,
        },
    );
    tracing::debug!(contact_id = id, "contact created");
    Ok(CreatedContact {
        status: SuccessStatus::Success,
        new_contact_id: id,
    })
}

/// Replaces the names given, and fills in the email and phone number only where the contact has
/// none yet. When that changes nothing, the answer is `info`.
pub(super) fn update_contact(
    store: &mut Store,
    request: UpdateContactRequest,
) -> Outcome<PlainSuccess> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    let id = request.contact_id;
    let contact = store
        .contacts
        .get(&id)
        .filter(|contact| contact.user_id == user_id)
        .ok_or_else(|| error(CONTACT_NOT_FOUND))?;
    let first_name = form.first_name.filter(|name| *name != contact.first_name);
    let last_name = form.last_name.filter(|name| *name != contact.last_name);
    let email = form.email.filter(|_| is_empty(&contact.email));
    let phone_number = form
        .phone_number
        .filter(|_| is_empty(&contact.phone_number));
    if first_name.is_none() && last_name.is_none() && email.is_none() && phone_number.is_none() {
        return Err(info(CONTACT_UNCHANGED));
    }
    check_unique(
        store,
        user_id,
        Some(id),
        email.as_deref(),
        phone_number.as_deref(),
    )?;
    let contact = store
        .contacts
        .get_mut(&id)
        .ok_or_else(|| error(CONTACT_NOT_FOUND))?;
    if let Some(first_name) = first_name {
        contact.first_name = first_name;
    }
    if let Some(last_name) = last_name {
        contact.last_name = last_name;
    }
    if email.is_some() {
        contact.email = email;
    }
    if phone_number.is_some() {
        contact.phone_number = phone_number;
    }
    Ok(PlainSuccess {
        status: SuccessStatus::Success,
    })
}

/// Deletes a contact; one that is not there (or not the user's) is a delete that did not happen.
pub(super) fn delete_contact(store: &mut Store, request: DeleteContactRequest) -> Outcome<Deleted> {
    let form = request.body;
    let user_id = store.caller(&form.api_key)?;
    let id = form.contact_id;
    if store
        .contacts
        .get(&id)
        .filter(|contact| contact.user_id == user_id)
        .is_none()
    {
        return Err(info(CONTACT_NOT_DELETED));
    }
    store.contacts.remove(&id);
    Ok(Deleted {
        status: SuccessStatus::Success,
        message: contact_deleted(id),
    })
}

/// An email or phone number column that holds nothing (NULL or empty).
fn is_empty(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(str::is_empty)
}

/// Refuses an email or phone number that another of the user's contacts (not `except`) already has.
fn check_unique(
    store: &Store,
    user_id: i64,
    except: Option<i64>,
    email: Option<&str>,
    phone_number: Option<&str>,
) -> Outcome<()> {
    let others = || {
        store
            .contacts
            .iter()
            .filter(move |(id, contact)| contact.user_id == user_id && Some(**id) != except)
            .map(|(_, contact)| contact)
    };
    if let Some(email) = email {
        if others().any(|contact| {
            contact
                .email
                .as_deref()
                .is_some_and(|taken| taken.eq_ignore_ascii_case(email))
        }) {
            return Err(error(CONTACT_EMAIL_TAKEN));
        }
    }
    if let Some(phone_number) = phone_number {
        if others().any(|contact| contact.phone_number.as_deref() == Some(phone_number)) {
            return Err(error(CONTACT_PHONE_TAKEN));
        }
    }
    Ok(())
}
