//! The admin-only user operations: `get_user_info`, `create_system_user`, `update_user`.
//!
//! Deleted users are invisible to lookups and updates, but their email stays taken: the deleted row
//! still holds it. Emails compare without regard to ASCII case, as MySQL's default collation
//! compares them. A `package_id` must name a package that is not deleted (*not documented*: nothing
//! says what the service does with an unknown package, and a user on a package that does not exist
//! is no state a reference should produce).

use xerochat_client::wire::LegacyDateTime;

use super::convert::{digits, flag, midnight, now};
use super::outcome::{
    error, user_not_found, Outcome, EMAIL_EXISTS, NO_MATCHING_PACKAGE, NO_MATCHING_USER,
};
use super::store::{Store, User, UserType};
use crate::types::{
    CreatedUser, PlainSuccess, SuccessStatus, UpdateUserFormStatus, UserInfo, UserInfoResponse,
};
use crate::{CreateSystemUserRequest, GetUserInfoRequest, UpdateUserRequest};

/// A user by id or email; when both are given, the user must match both. With neither, the service
/// answers as if nothing matched.
pub(super) fn get_user_info(
    store: &Store,
    request: GetUserInfoRequest,
) -> Outcome<UserInfoResponse> {
    let (id, user) = store
        .users
        .iter()
        .filter(|(_, user)| !user.deleted)
        .find(|(id, user)| {
            request.user_id.is_none_or(|wanted| **id == wanted)
                && request
                    .email
                    .as_deref()
                    .is_none_or(|wanted| user.email.eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| error(NO_MATCHING_USER))?;
    Ok(UserInfoResponse {
        status: SuccessStatus::Success,
        user_info: user_info(*id, user)?,
    })
}

/// Creates an active member without a key (the service makes keys in the dashboard); answers the
/// new id as an integer.
pub(super) fn create_system_user(
    store: &mut Store,
    request: CreateSystemUserRequest,
) -> Outcome<CreatedUser> {
    let form = request.body;
    if store
        .users
        .values()
        .any(|user| user.email.eq_ignore_ascii_case(&form.email))
    {
        return Err(error(EMAIL_EXISTS));
    }
    check_package(store, form.package_id)?;
    let id = store.sequences.user.take_next();
    let user = User {
        name: form.name,
        email: form.email,
        mobile: form.mobile.unwrap_or_default(),
        address: form.address.unwrap_or_default(),
        user_type: UserType::Member,
        active: true,
        deleted: false,
        add_date: now(),
        last_login_at: LegacyDateTime::default(),
        expired_date: midnight(form.expired_date),
        package_id: form.package_id,
        last_login_ip: String::new(),
        api_key: None,
    };
    store.users.insert(id, user);
    tracing::debug!(user_id = id, "user created");
    Ok(CreatedUser {
        id,
        status: SuccessStatus::Success,
    })
}

/// Applies the values given (the router has already dropped empty ones) and answers success even
/// when nothing changed.
pub(super) fn update_user(store: &mut Store, request: UpdateUserRequest) -> Outcome<PlainSuccess> {
    let package_check = request
        .body
        .package_id
        .map(|package_id| check_package(store, package_id));
    let user = store
        .users
        .get_mut(&request.user_id)
        .filter(|user| !user.deleted)
        .ok_or_else(|| error(user_not_found(request.user_id)))?;
    package_check.transpose()?;
    let form = request.body;
    if let Some(name) = form.name {
        user.name = name;
    }
    if let Some(mobile) = form.mobile {
        user.mobile = mobile;
    }
    if let Some(address) = form.address {
        user.address = address;
    }
    if let Some(package_id) = form.package_id {
        user.package_id = package_id;
    }
    if let Some(expired_date) = form.expired_date {
        user.expired_date = midnight(expired_date);
    }
    if let Some(status) = form.status {
        user.active = status == UpdateUserFormStatus::X1;
    }
    Ok(PlainSuccess {
        status: SuccessStatus::Success,
    })
}

/// A package a user may be put on: one that exists and is not deleted.
fn check_package(store: &Store, package_id: i64) -> Outcome<()> {
    match store.packages.get(&package_id) {
        Some(package) if !package.deleted => Ok(()),
        _ => Err(error(NO_MATCHING_PACKAGE)),
    }
}

fn user_info(id: i64, user: &User) -> Outcome<UserInfo> {
    Ok(UserInfo {
        id: digits(id)?,
        name: user.name.clone(),
        email: user.email.clone(),
        mobile: user.mobile.clone(),
        address: user.address.clone(),
        user_type: user.user_type.as_str().to_owned(),
        status: flag(user.active),
        add_date: user.add_date,
        last_login_at: user.last_login_at,
        expired_date: user.expired_date,
        package_id: digits(user.package_id)?,
        last_login_ip: user.last_login_ip.clone(),
    })
}
