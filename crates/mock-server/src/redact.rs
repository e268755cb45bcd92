//! Credentials out of what the journal keeps: query strings, form and JSON bodies, headers.
//!
//! A field is a credential by its name, whatever the API: XeroChat's `api_key`, the Bot Open API's
//! `appSecret` and tokens, passwords. Its value is replaced with [`REDACTED`]; the name stays, so a
//! test can still check that a credential was sent.

use serde_json::Value;

/// What a credential's value becomes.
pub const REDACTED: &str = "REDACTED";

/// Field names (compared without case, `-` and `_`) whose values are credentials.
const SECRET_FIELDS: &[&str] = &[
    "apikey",
    "appsecret",
    "secret",
    "clientsecret",
    "password",
    "token",
    "authtoken",
    "accesstoken",
    "refreshtoken",
    "authorization",
];

/// Headers whose values are credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
];

/// Whether a field called `name` holds a credential.
pub fn is_secret_field(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_FIELDS.contains(&folded.as_str())
}

/// Whether the header `name` holds a credential.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS
        .iter()
        .any(|secret| secret.eq_ignore_ascii_case(name))
}

/// A query string (or form body) with the values of credential fields replaced.
pub fn form(text: &str) -> String {
    let pairs = form_urlencoded::parse(text.as_bytes()).map(|(name, value)| {
        let value = if is_secret_field(&name) {
            REDACTED.into()
        } else {
            value
        };
        (name, value)
    });
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// A JSON value with the values of credential fields replaced, at any depth.
pub fn json(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if is_secret_field(name) {
                    *member = Value::String(REDACTED.to_owned());
                } else {
                    json(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_fields_are_replaced_and_the_rest_kept() {
        assert_eq!(
            form("api_key=1-secret&user_id=39&appSecret=s"),
            "api_key=REDACTED&user_id=39&appSecret=REDACTED"
        );
        let mut body =
            serde_json::json!({"appId": "a", "appSecret": "s", "nested": [{"authToken": "t"}]});
        json(&mut body);
        assert_eq!(
            body,
            serde_json::json!({"appId": "a", "appSecret": REDACTED, "nested": [{"authToken": REDACTED}]})
        );
        assert!(is_secret_header("Authorization"));
        assert!(!is_secret_header("content-type"));
    }
}
