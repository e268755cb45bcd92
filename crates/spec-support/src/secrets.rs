//! Which names carry credentials, and JSON values with them blanked out.
//!
//! The validating proxy writes reports and recordings of real traffic, and `cargo xtask examples
//! import` turns recordings into spec examples: neither may keep an API key, an app secret or a token.
//! Both decide by the same rule, kept here: a field, parameter or header is secret when its name says
//! so (`api_key`, `appSecret`, `authToken`, `Authorization`, `password`, ...), whatever the API.

use serde_json::Value;

/// What a redacted value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Words that make a name secret, compared against the name lower-cased with `_`, `-` and `.` removed.
const SECRET_WORDS: [&str; 9] = [
    "apikey",
    "secret",
    "token",
    "password",
    "passwd",
    "authorization",
    "cookie",
    "credential",
    "signature",
];

/// Whether a field, parameter or header of this name carries a credential.
pub fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_WORDS.iter().any(|word| folded.contains(word))
}

/// Replaces the value of every secret-named member (at any depth) with [`REDACTED`], and every
/// string anywhere that contains one of `known` (secret values seen elsewhere in the exchange, e.g. a
/// key the service echoes back) with that value blanked; returns the secret values it blanked, so
/// they can be scrubbed from other text too.
pub fn redact(value: &mut Value, known: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    walk(value, known, &mut found);
    found
}

fn walk(value: &mut Value, known: &[String], found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (name, member) in map.iter_mut() {
                if is_secret_name(name) && !member.is_null() {
                    collect_strings(member, found);
                    *member = Value::String(REDACTED.to_owned());
                } else {
                    walk(member, known, found);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, known, found)),
        Value::String(text) => {
            let scrubbed = scrub(text, known);
            if scrubbed != *text {
                *text = scrubbed;
            }
        }
        _ => {}
    }
}

fn collect_strings(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.is_empty() => found.push(text.clone()),
        Value::Number(number) => found.push(number.to_string()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, found)),
        Value::Object(map) => map.values().for_each(|item| collect_strings(item, found)),
        _ => {}
    }
}

/// `text` with every occurrence of a known secret value replaced by [`REDACTED`]. Values shorter than
/// four characters are left alone: blanking them would blank ordinary words and numbers.
pub fn scrub(text: &str, known: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in known.iter().filter(|secret| secret.chars().count() >= 4) {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_that_carry_credentials() {
        for name in [
            "api_key",
            "apiKey",
            "appSecret",
            "authToken",
            "Authorization",
            "refresh-token",
            "password",
            "Set-Cookie",
            "X-Api-Key",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["appId", "message", "status", "user_id", "email", "keyword"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn redacts_members_and_scrubs_echoed_values() {
        let mut body = json!({
            "authToken": "eyJ.abc.def",
            "nested": [{"appSecret": "s3cret-value"}],
            "message": "key 1-abcdefg was refused",
            "count": 3
        });
        let found = redact(&mut body, &["1-abcdefg".to_owned()]);
        assert_eq!(
            body,
            json!({
                "authToken": REDACTED,
                "nested": [{"appSecret": REDACTED}],
                "message": "key [redacted] was refused",
                "count": 3
            })
        );
        assert_eq!(found, ["eyJ.abc.def", "s3cret-value"]);
        assert_eq!(scrub("abc", &["ab".to_owned()]), "abc");
    }
}
