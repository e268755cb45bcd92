//! What an operation answers: its success body, or the service's error or info envelope, with the
//! service's own messages.
//!
//! Messages the spec or the docs give are used verbatim. Where neither says what the service answers,
//! the message is marked *(not documented)* and follows the service's wording of its neighbours.

use crate::types::{ErrorEnvelope, ErrorMessage, ErrorStatus};

/// Success, or the envelope the service answers instead (always with HTTP 200).
pub(super) type Outcome<T> = Result<T, ErrorEnvelope>;

/// `{"status":"error","message":...}`.
pub(super) fn error(message: impl Into<String>) -> ErrorEnvelope {
    envelope(ErrorStatus::Error, message.into())
}

/// `{"status":"info","message":...}`: an update that changed nothing, or a delete that did not happen.
pub(super) fn info(message: impl Into<String>) -> ErrorEnvelope {
    envelope(ErrorStatus::Info, message.into())
}

fn envelope(status: ErrorStatus, message: String) -> ErrorEnvelope {
    ErrorEnvelope {
        status,
        message: ErrorMessage::String(message),
    }
}

/// A bad, inactive or deleted user's key, or a member key on an admin-only operation.
pub(super) const BAD_KEY: &str = "Either API Key Invalid or Member Validity Expired";

pub(super) const NO_MATCHING_USER: &str = "No Matching User Found";
pub(super) const EMAIL_EXISTS: &str = "Email already exists";
/// *(Not documented.)* A `package_id` that names no package, or a deleted one.
pub(super) const NO_MATCHING_PACKAGE: &str = "No Matching Package Found";

pub(super) fn user_not_found(user_id: i64) -> String {
    format!("User not found with the ID: {user_id}")
}

pub(super) const NO_MATCHING_SUBSCRIBER: &str = "No Matching Subscriber Found";
pub(super) const NO_MATCHING_LABEL: &str = "No Matching Label Found";
pub(super) const NO_ENABLED_BOT: &str = "No Enabled Bot Found";
/// Facebook's answer, passed on, when the subscriber is not one of the page's.
pub(super) const INVALID_SUBSCRIBER: &str = "(#100) The user ID is not valid.";

/// *(Not documented.)* A contact group that is not one of the key's user's.
pub(super) const CONTACT_GROUP_NOT_FOUND: &str = "The contact type ID does not exist";
pub(super) const CONTACT_GROUP_UNCHANGED: &str = "Make sure, you changed the contact group name";
pub(super) const CONTACT_GROUP_NOT_DELETED: &str = "Unable to delete the contact group";

pub(super) fn contact_group_deleted(contact_type_id: i64) -> String {
    format!("The contact type ID ({contact_type_id}) has been deleted")
}

/// Also what `create_contact` answers for a contact group that is not the user's (the docs' example).
pub(super) const CONTACT_NOT_FOUND: &str = "The contact ID does not exist";
pub(super) const CONTACT_UNCHANGED: &str = "Make sure you changed to update the contact";
pub(super) const CONTACT_NOT_DELETED: &str = "Unable to delete the contact";
/// *(Not documented.)* The email belongs to another contact of the user (CodeIgniter's wording).
pub(super) const CONTACT_EMAIL_TAKEN: &str = "The email field must contain a unique value";
/// *(Not documented.)* The phone number belongs to another contact of the user.
pub(super) const CONTACT_PHONE_TAKEN: &str = "The phone_number field must contain a unique value";

pub(super) fn contact_deleted(contact_id: i64) -> String {
    format!("The contact ID ({contact_id}) has been deleted")
}

pub(super) const FLOW_CAMPAIGN_NOT_FOUND: &str = "The flow campaign ID does not exist";
