//! Extracting the credentials an operation's security requirements name.
//!
//! OpenAPI lists requirements as alternatives (any one will do), each a set of schemes that must all be
//! present. The first alternative fully present wins and its credentials go into the typed request;
//! when none is, the answer names what the first alternative misses. Presence is all that is checked
//! here: whether a credential is *valid* is the implementation's business.

use base64::Engine;
use serde_json::{json, Map, Value};

use crate::{Input, Rejection, Source};

/// How a scheme carries its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `apiKey` in a header, query parameter or cookie named `name`.
    ApiKey { source: Source, name: &'static str },
    /// HTTP `Basic`: a username and a password.
    Basic,
    /// HTTP `Bearer`, and OAuth 2 / OpenID Connect access tokens.
    Bearer,
}

/// One scheme of a requirement, and where its value goes in the request object.
#[derive(Debug, Clone, Copy)]
pub struct Credential {
    pub key: &'static str,
    /// The scheme's name in the spec, for messages.
    pub name: &'static str,
    pub scheme: Scheme,
    /// The spec's `x-missing-message` for the scheme.
    pub missing_message: Option<&'static str>,
}

/// An operation's security requirements: alternatives of schemes that must all be present. No
/// alternatives, or an empty one, means anonymous calls are accepted.
#[derive(Debug, Clone, Copy)]
pub struct Security {
    pub alternatives: &'static [&'static [Credential]],
}

impl Security {
    pub const NONE: Self = Self { alternatives: &[] };

    /// Puts the credentials of the first satisfied alternative into `out`.
    pub fn extract(&self, input: &Input, out: &mut Map<String, Value>) -> Result<(), Rejection> {
        if self.alternatives.is_empty() || self.alternatives.iter().any(|a| a.is_empty()) {
            // Anonymous is allowed, but credentials that are there are still passed on.
            for credential in self.alternatives.iter().flat_map(|a| a.iter()) {
                if let Some(value) = credential.read(input) {
                    out.insert(credential.key.to_owned(), value);
                }
            }
            return Ok(());
        }
        let mut first_missing = None;
        for alternative in self.alternatives {
            let found: Vec<_> = alternative.iter().map(|c| (c, c.read(input))).collect();
            if let Some((missing, _)) = found.iter().find(|(_, value)| value.is_none()) {
                first_missing.get_or_insert(*missing);
                continue;
            }
            for (credential, value) in found {
                out.insert(credential.key.to_owned(), value.unwrap_or(Value::Null));
            }
            return Ok(());
        }
        let message = first_missing.map_or_else(
            || "A credential is required".to_owned(),
            |missing| missing.missing_message(),
        );
        Err(Rejection::MissingCredential(message))
    }
}

impl Credential {
    /// The spec's message, or one naming the scheme and where it goes.
    pub fn missing_message(&self) -> String {
        if let Some(message) = self.missing_message {
            return message.to_owned();
        }
        match self.scheme {
            Scheme::ApiKey { source, name } => {
                let place = match source {
                    Source::Header => "header",
                    Source::Cookie => "cookie",
                    _ => "query parameter",
                };
                format!("The {name} {place} is required ({})", self.name)
            }
            Scheme::Basic => format!("HTTP Basic credentials are required ({})", self.name),
            Scheme::Bearer => format!("A Bearer token is required ({})", self.name),
        }
    }

    fn read(&self, input: &Input) -> Option<Value> {
        let present = |value: &str| (!value.is_empty()).then(|| Value::String(value.to_owned()));
        match self.scheme {
            Scheme::ApiKey { source, name } => match source {
                Source::Header => header(input, name).and_then(present),
                Source::Cookie => last(&input.cookies, name).and_then(present),
                _ => last(&input.query, name).and_then(present),
            },
            Scheme::Bearer => authorization(input, "bearer").and_then(present),
            Scheme::Basic => {
                let encoded = authorization(input, "basic")?;
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded.trim())
                    .ok()?;
                let text = String::from_utf8(decoded).ok()?;
                let (username, password) = text.split_once(':')?;
                Some(json!({ "username": username, "password": password }))
            }
        }
    }
}

/// HTTP Basic credentials, as the typed request carries them.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
pub struct BasicCredentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for BasicCredentials {
    /// The password never appears in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

fn header<'a>(input: &'a Input, name: &str) -> Option<&'a str> {
    input.headers.get(name)?.to_str().ok()
}

fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The credentials of an `Authorization: <scheme> <credentials>` header, the scheme matched whatever
/// its case.
fn authorization<'a>(input: &'a Input, scheme: &str) -> Option<&'a str> {
    let value = header(input, "authorization")?;
    let (given, rest) = value.split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: Credential = Credential {
        key: "api_key",
        name: "apiKey",
        scheme: Scheme::ApiKey {
            source: Source::Header,
            name: "x-api-key",
        },
        missing_message: None,
    };
    const BEARER: Credential = Credential {
        key: "bearer",
        name: "bearer",
        scheme: Scheme::Bearer,
        missing_message: None,
    };
    const BASIC: Credential = Credential {
        key: "basic",
        name: "basic",
        scheme: Scheme::Basic,
        missing_message: Some("log in"),
    };

    fn input(headers: &[(&str, &str)]) -> Input {
        let mut input = Input::default();
        for (name, value) in headers {
            let name: axum::http::HeaderName = name.parse().unwrap();
            input.headers.append(name, value.parse().unwrap());
        }
        input
    }

    fn extract(security: Security, input: &Input) -> Result<Value, Rejection> {
        let mut out = Map::new();
        security
            .extract(input, &mut out)
            .map(|()| Value::Object(out))
    }

    #[test]
    fn the_first_satisfied_alternative_wins() {
        let security = Security {
            alternatives: &[&[BASIC], &[KEY, BEARER]],
        };
        let both = input(&[("x-api-key", "k"), ("authorization", "Bearer t")]);
        assert_eq!(
            extract(security, &both),
            Ok(json!({"api_key": "k", "bearer": "t"}))
        );
        let basic = input(&[("authorization", "Basic dXNlcjpwYXNz")]);
        assert_eq!(
            extract(security, &basic),
            Ok(json!({"basic": {"username": "user", "password": "pass"}}))
        );
        assert_eq!(
            extract(security, &input(&[("x-api-key", "k")])),
            Err(Rejection::MissingCredential("log in".into()))
        );
    }

    #[test]
    fn an_empty_alternative_allows_anonymous_calls() {
        let security = Security {
            alternatives: &[&[KEY], &[]],
        };
        assert_eq!(extract(security, &input(&[])), Ok(json!({})));
        assert_eq!(
            extract(security, &input(&[("x-api-key", "k")])),
            Ok(json!({"api_key": "k"}))
        );
    }

    #[test]
    fn api_keys_in_query_and_cookie() {
        const QUERY: Credential = Credential {
            key: "k",
            name: "k",
            scheme: Scheme::ApiKey {
                source: Source::Query,
                name: "key",
            },
            missing_message: None,
        };
        const COOKIE: Credential = Credential {
            key: "c",
            name: "c",
            scheme: Scheme::ApiKey {
                source: Source::Cookie,
                name: "sid",
            },
            missing_message: None,
        };
        let input = Input {
            query: vec![("key".into(), "q".into())],
            cookies: vec![("sid".into(), "s".into())],
            ..Input::default()
        };
        let security = Security {
            alternatives: &[&[QUERY, COOKIE]],
        };
        assert_eq!(extract(security, &input), Ok(json!({"k": "q", "c": "s"})));
        let missing = Security {
            alternatives: &[&[KEY]],
        };
        assert_eq!(
            extract(missing, &input),
            Err(Rejection::MissingCredential(
                "The x-api-key header is required (apiKey)".into()
            ))
        );
    }
}
