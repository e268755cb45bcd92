//! What the spec says about who may call an operation and what it needs at the least, turned into
//! checks the generated router runs for every operation, in the order services run them: the request
//! is read (credentials present, required fields present and well-formed), then the implementation
//! authorizes the caller ([`Access`]), then the operation's `x-at-least-one-of` rule is checked, and
//! only then is the implementation's handler called.
//!
//! Authorization is the implementation's: only it knows which credentials are valid. The router hands
//! it, for every operation, what the spec says: the operation, whether it is admin-only
//! (`x-admin-only`), and the credential wherever the spec puts it (a security scheme, or the field
//! `x-credential-field` names).

use serde_json::{Map, Value};

use crate::Rejection;

/// What an implementation needs to decide whether a caller may call an operation.
#[derive(Clone, PartialEq, Eq)]
pub struct Access {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The spec marks the operation `x-admin-only`.
    pub admin_only: bool,
    /// The credential the request carries, when it carries one as text (an API key or a token).
    pub credential: Option<String>,
}

/// Shows whether a credential came, never the credential.
impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("operation", &self.operation)
            .field("admin_only", &self.admin_only)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// The spec's access rules for one operation.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub operation: &'static str,
    pub admin_only: bool,
    /// Where in the request object the credential is: each candidate is a path of keys (a form body's
    /// field is under `body`); the first present text wins.
    pub credential: &'static [&'static [&'static str]],
    /// `x-at-least-one-of` with a message (a rule the service does not enforce has none and is not
    /// here).
    pub at_least_one_of: Option<AtLeastOneOf>,
}

/// At least one of these fields must be given, or the request is refused with `message`.
#[derive(Debug, Clone, Copy)]
pub struct AtLeastOneOf {
    /// Each field's candidate paths in the request object.
    pub fields: &'static [&'static [&'static [&'static str]]],
    pub message: &'static str,
}

impl Rules {
    /// No rule: anyone may call, nothing is needed beyond the schema.
    pub const NONE: Self = Self {
        operation: "",
        admin_only: false,
        credential: &[],
        at_least_one_of: None,
    };

    /// The access an implementation is asked to grant for the request read into `object`.
    pub fn access(&self, object: &Map<String, Value>) -> Access {
        let credential = self
            .credential
            .iter()
            .find_map(|path| lookup(object, path).and_then(Value::as_str))
            .map(str::to_owned);
        Access {
            operation: self.operation,
            admin_only: self.admin_only,
            credential,
        }
    }

    /// Refuses a request that gives none of an `x-at-least-one-of` rule's fields.
    pub fn check(&self, object: &Map<String, Value>) -> Result<(), Rejection> {
        let Some(rule) = self.at_least_one_of else {
            return Ok(());
        };
        let given = rule.fields.iter().any(|candidates| {
            candidates
                .iter()
                .any(|path| lookup(object, path).is_some_and(|value| !value.is_null()))
        });
        if given {
            Ok(())
        } else {
            Err(Rejection::Invalid(rule.message.to_owned()))
        }
    }
}

/// The value at `path` in `object`.
fn lookup<'a>(object: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter()
        .try_fold(object.get(*first)?, |value, key| value.get(*key))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const RULES: Rules = Rules {
        operation: "create_contact",
        admin_only: true,
        credential: &[&["api_key"], &["body", "api_key"]],
        at_least_one_of: Some(AtLeastOneOf {
            fields: &[&[&["body", "email"]], &[&["body", "phone_number"]]],
            message: "The email or phone_number is required",
        }),
    };

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_credential_is_found_where_the_spec_puts_it() {
        let access = RULES.access(&object(json!({"body": {"api_key": "39-x"}})));
        assert_eq!(access.credential.as_deref(), Some("39-x"));
        assert!(access.admin_only);
        assert_eq!(access.operation, "create_contact");
        assert_eq!(RULES.access(&object(json!({}))).credential, None);
        assert!(!format!("{access:?}").contains("39-x"));
    }

    #[test]
    fn one_field_of_the_rule_is_enough_and_none_is_refused_with_the_message() {
        let given = object(json!({"body": {"phone_number": "+1"}}));
        assert_eq!(RULES.check(&given), Ok(()));
        let none = object(json!({"body": {"email": null, "first_name": "Ana"}}));
        assert_eq!(
            RULES.check(&none),
            Err(Rejection::Invalid(
                "The email or phone_number is required".into()
            ))
        );
        assert_eq!(Rules::NONE.check(&none), Ok(()));
    }
}
