//! `get_all_packages` (admin only): every package that is not deleted, in id order.

use super::convert::{digits, flag};
use super::outcome::Outcome;
use super::store::Store;
use crate::types::{Package, PackageList, SuccessStatus};

/// The request carries nothing but the key, which the router has had checked.
pub(super) fn get_all_packages(store: &Store) -> Outcome<PackageList> {
    let packages = store
        .packages
        .iter()
        .filter(|(_, package)| !package.deleted)
        .map(|(id, package)| {
            Ok(Package {
                id: digits(*id)?,
                package_name: package.name.clone(),
                module_ids: package.module_ids.clone(),
                price: package.price.clone(),
                validity: package.validity.clone(),
                deleted: flag(package.deleted),
                visible: flag(package.visible),
                highlight: flag(package.highlight),
            })
        })
        .collect::<Outcome<_>>()?;
    Ok(PackageList {
        status: SuccessStatus::Success,
        packages,
    })
}
