//! Rust identifiers from spec names, as progenitor makes them: any text becomes a valid identifier, and a
//! scope keeps them from colliding. The server generator names its items with these, and the client's
//! adaptation predicts progenitor's method names with them.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// `text` as a snake_case identifier: non-identifier characters become word breaks, a leading digit
/// gets a `_`, and keywords get a trailing `_` (`type` → `type_`, `x-rate.limit` → `x_rate_limit`).
pub fn snake(text: &str) -> String {
    identifier(text, |t| t.to_snake_case())
}

/// `text` as a PascalCase identifier, as progenitor names types (`list-pets` → `ListPets`).
pub fn pascal(text: &str) -> String {
    identifier(text, |t| t.to_pascal_case())
}

fn identifier(text: &str, case: impl Fn(&str) -> String) -> String {
    let words = text
        .replace('\'', "")
        .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-");
    let out = case(&words);
    let out = match out.chars().next() {
        None => case("x"),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("_{out}"),
    };
    if typify::accept_as_ident(&out) {
        out
    } else {
        format!("{out}_")
    }
}

/// Hands out identifiers unique within one scope (`id`, then `id_2`).
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub fn with(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    pub fn unique(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{wanted}_{n}");
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_name_is_an_identifier() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("X-Rate-Limit"), "x_rate_limit");
        assert_eq!(snake("page size"), "page_size");
        assert_eq!(snake("filter.name"), "filter_name");
        assert_eq!(snake("$top"), "top");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("---"), "x");
        assert_eq!(pascal("list-pets"), "ListPets");
        assert_eq!(pascal("getUserInfo"), "GetUserInfo");
    }

    #[test]
    fn scopes_avoid_collisions() {
        let mut scope = Scope::with(&["body"]);
        assert_eq!(scope.unique(snake("page-size")), "page_size");
        assert_eq!(scope.unique(snake("page_size")), "page_size_2");
        assert_eq!(scope.unique(snake("body")), "body_2");
    }
}
