//! `POST /users`: the users of some channels created in a window, page by page.

use super::dates::Window;
use super::fixture::Fixture;
use super::paging::Paging;
use crate::types::{HasNextPage, UsersPage, UsersRequest};

/// The page `paging` of the users `request` asks for, or the 400 message.
pub(super) fn list(
    fixture: &Fixture,
    request: &UsersRequest,
    paging: Paging,
) -> Result<UsersPage, String> {
    if request.channel_ids.is_empty() {
        return Err("channelIds must contain at least 1 elements".to_owned());
    }
    let window = Window::parse(request.start_date.as_deref(), request.end_date.as_deref())?;
    let matching = fixture
        .users
        .iter()
        .filter(|user| request.channel_ids.contains(&user.channel) && window.contains(user.created))
        .map(|user| user.listing.clone())
        .collect();
    let page = paging.apply(matching);
    Ok(UsersPage {
        has_next_page: Some(HasNextPage::Boolean(page.has_next())),
        limit: page.limit,
        page: page.page,
        pages: page.pages,
        total: page.total,
        users: page.items,
    })
}
