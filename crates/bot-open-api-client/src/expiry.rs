//! Reading a login answer's token and how long it lives.
//!
//! The service names the expiry `expireAt` or `expiresAt` and writes it as an ISO-8601 string; other
//! deployments send epoch seconds or milliseconds, as a number or a string. Any of these is read; with
//! none, the JWT's own `exp` claim is. The lifetime is the expiry minus the service's clock (its
//! `Date` header) when it sends one, so a client whose clock is off still renews on time.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, DATE};
use serde_json::Value;

use crate::error::{Error, WITHHELD};

/// Epoch values above this are milliseconds (it is the year 5138 in seconds).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// What a login answered.
pub(crate) struct Answer {
    pub token: String,
    /// `expireAt` or `expiresAt`, as sent.
    pub expiry: Option<Value>,
    /// The service's clock when it answered (`Date`).
    pub server_now: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("token", &"<redacted>")
            .field("expiry", &self.expiry)
            .field("server_now", &self.server_now)
            .finish()
    }
}

/// How long a token has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifetime {
    /// No readable expiry: the token is used until refused.
    Unknown,
    /// The expiry is already past by the clock it is compared with (the service's or, without a
    /// `Date`, ours): clocks disagree, so the token is used until refused.
    AlreadyOver,
    Left(Duration),
}

impl Answer {
    /// Reads a login body that did not decode as the spec's type. Fails only without a token; the
    /// error never quotes the body (it may hold the token).
    pub fn read(body: &[u8]) -> Result<Self, Error> {
        let unexpected = |path: Option<&str>, reason: &str| Error::UnexpectedBody {
            operation: "login",
            path: path.map(str::to_owned),
            reason: reason.to_owned(),
            excerpt: WITHHELD.to_owned(),
        };
        let value: Value =
            serde_json::from_slice(body).map_err(|_| unexpected(None, "the body is not JSON"))?;
        let Some(object) = value.as_object() else {
            return Err(unexpected(None, "the body is not a JSON object"));
        };
        let token = match object.get("authToken") {
            Some(Value::String(token)) if !token.is_empty() => token.clone(),
            Some(_) => return Err(unexpected(Some("authToken"), "not a non-empty string")),
            None => return Err(unexpected(None, "missing field `authToken`")),
        };
        let expiry = object
            .get("expireAt")
            .or_else(|| object.get("expiresAt"))
            .cloned();
        Ok(Self {
            token,
            expiry,
            server_now: None,
        })
    }

    /// The token's lifetime from the moment the service answered.
    pub fn lifetime(&self) -> Lifetime {
        let expires_at = self
            .expiry
            .as_ref()
            .and_then(parse_expiry)
            .or_else(|| jwt_expiry(&self.token));
        let Some(expires_at) = expires_at else {
            return Lifetime::Unknown;
        };
        let now = self.server_now.unwrap_or_else(Utc::now);
        match (expires_at - now).to_std() {
            Ok(left) if !left.is_zero() => Lifetime::Left(left),
            _ => Lifetime::AlreadyOver,
        }
    }
}

/// The `Date` of an answer, at the end of the second it names (it is truncated to the second, so
/// the lifetime read against it errs on the short side).
pub(crate) fn date_header(headers: &HeaderMap) -> Option<DateTime<Utc>> {
    let text = headers.get(DATE)?.to_str().ok()?;
    DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|date| date.with_timezone(&Utc) + chrono::TimeDelta::seconds(1))
}

/// An expiry as ISO-8601 text, or epoch seconds or milliseconds as a number or as text.
pub(crate) fn parse_expiry(value: &Value) -> Option<DateTime<Utc>> {
    let number = match value {
        Value::String(text) => {
            let text = text.trim();
            if let Ok(time) = DateTime::parse_from_rfc3339(text) {
                return Some(time.with_timezone(&Utc));
            }
            if let Ok(time) = text.parse::<chrono::NaiveDateTime>() {
                return Some(time.and_utc());
            }
            text.parse::<f64>().ok()?
        }
        Value::Number(number) => number.as_f64()?,
        _ => return None,
    };
    if !number.is_finite() || number <= 0.0 {
        return None;
    }
    let whole = number as i64;
    if whole > MILLIS_THRESHOLD {
        DateTime::from_timestamp_millis(whole)
    } else {
        DateTime::from_timestamp(whole, 0)
    }
}

/// The `exp` claim of a JWT, read without verifying it (only to know when to renew).
pub(crate) fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    DateTime::from_timestamp(claims.get("exp")?.as_i64()?, 0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_the_expiry_in_each_form() {
        let expected = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        for value in [
            json!(expected.to_rfc3339()),
            json!("2026-09-21T14:13:20.000Z"),
            json!(1_790_000_000),
            json!("1790000000"),
            json!(1_790_000_000_000_i64),
            json!("1790000000000"),
            json!(1_790_000_000.0),
        ] {
            assert_eq!(parse_expiry(&value), Some(expected), "{value}");
        }
        assert_eq!(parse_expiry(&json!("soon")), None);
        assert_eq!(parse_expiry(&json!(null)), None);
        assert_eq!(parse_expiry(&json!(-5)), None);
    }

    #[test]
    fn reads_a_jwt_exp_claim() {
        // {"alg":"HS256"} . {"sub":"demo","exp":1790000000} . signature
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIiwiZXhwIjoxNzkwMDAwMDAwfQ.c2ln";
        assert_eq!(
            jwt_expiry(token),
            DateTime::from_timestamp(1_790_000_000, 0)
        );
        assert_eq!(jwt_expiry("not-a-jwt"), None);
    }

    #[test]
    fn the_lifetime_is_counted_on_the_services_clock() {
        let server_now = DateTime::from_timestamp(1_000_000_000, 0).unwrap();
        let answer = Answer {
            token: "t".into(),
            expiry: Some(json!(1_000_003_600)),
            server_now: Some(server_now),
        };
        // Our clock is decades later: the service's says an hour is left.
        assert_eq!(answer.lifetime(), Lifetime::Left(Duration::from_secs(3600)));
        let past = Answer {
            expiry: Some(json!(999_999_000)),
            ..answer
        };
        assert_eq!(past.lifetime(), Lifetime::AlreadyOver);
    }

    #[test]
    fn a_body_of_another_shape_is_read_without_quoting_it() {
        let answer = Answer::read(br#"{"authToken":"eyJsecret","expiresAt":1790000000}"#).unwrap();
        assert_eq!(answer.token, "eyJsecret");
        assert_eq!(answer.expiry, Some(json!(1_790_000_000)));
        let error = Answer::read(br#"{"authToken":12345678,"expireAt":"x"}"#).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("authToken") && !text.contains("12345678"),
            "{text}"
        );
        let error = Answer::read(br#"{"token":"eyJsecret"}"#).unwrap_err();
        assert!(!error.to_string().contains("eyJsecret"), "{error}");
    }
}
