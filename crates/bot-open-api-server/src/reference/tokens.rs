//! The tokens `/login` issues, and the check every other call makes.
//!
//! A token looks like the service's JWTs (`header.payload.signature`, each part base64url JSON, the
//! payload carrying `sub` and `exp`), so clients that read `exp` to know when to renew work unchanged.
//! Nothing here is cryptographic: the server remembers every token it issued with its expiry, and a
//! token is good only while it is remembered and unexpired. The signature part is a checksum that
//! completes the shape. Each token is made unique by a counter in its payload (`jti`) rather than by
//! randomness, so that a run can be reproduced.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, TimeDelta, Utc};

/// The header of every token, as the service's tokens have it.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// How long an expired token is remembered: long enough to answer `jwt expired` (which tells a client
/// to log in again) rather than `invalid token`, short enough that the table does not grow forever.
const REMEMBER_EXPIRED: TimeDelta = TimeDelta::days(1);

/// The issued tokens. Every operation takes the lock briefly and never across an `.await`; a
/// poisoned lock is taken over, since no operation leaves the table half-updated.
#[derive(Default)]
pub(super) struct Tokens {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Tokens issued so far; the next one's `jti`.
    issued: u64,
    expiries: HashMap<String, DateTime<Utc>>,
}

/// A new token and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl Tokens {
    /// A new token for `subject` (the app id), valid for `lifetime` from `now`.
    pub fn issue(&self, subject: &str, lifetime: TimeDelta, now: DateTime<Utc>) -> Issued {
        let expires_at = now
            .checked_add_signed(lifetime)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut state = self.lock();
        state.issued = state.issued.wrapping_add(1);
        let token = encode(subject, state.issued, now, expires_at);
        state.expiries.retain(|_, expiry| {
            expiry
                .checked_add_signed(REMEMBER_EXPIRED)
                .is_none_or(|forget| now < forget)
        });
        state.expiries.insert(token.clone(), expires_at);
        Issued { token, expires_at }
    }

    /// `Ok` when `token` is live at `now`; otherwise the 401 message.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Result<(), &'static str> {
        if !is_jwt_shaped(token) {
            return Err("jwt malformed");
        }
        match self.lock().expiries.get(token) {
            None => Err("invalid token"),
            Some(expiry) if *expiry <= now => Err("jwt expired"),
            Some(_) => Ok(()),
        }
    }

    /// Forgets every token: each is `invalid token` from now on.
    pub fn revoke_all(&self) {
        self.lock().expiries.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn encode(subject: &str, id: u64, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> String {
    let claims = serde_json::json!({
        "sub": subject,
        "jti": id,
        "iat": now.timestamp(),
        "exp": expires_at.timestamp(),
    });
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let checksum = URL_SAFE_NO_PAD.encode(fnv1a(signed.as_bytes()).to_be_bytes());
    format!("{signed}.{checksum}")
}

/// FNV-1a, 64 bits: a stable checksum with no dependency (it guards nothing).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Three non-empty base64url parts: what a JWT library accepts before it looks inside. A `Bearer`
/// prefix fails this (the space), which is how the service comes to answer it `jwt malformed`.
fn is_jwt_shaped(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(token: &str) -> serde_json::Value {
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn issues_unique_jwt_shaped_tokens_with_sub_and_exp() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let first = tokens.issue("demo-app", TimeDelta::hours(1), now);
        let second = tokens.issue("demo-app", TimeDelta::hours(1), now);
        assert_ne!(first.token, second.token);
        assert!(is_jwt_shaped(&first.token));
        let claims = claims(&first.token);
        assert_eq!(claims["sub"], "demo-app");
        assert_eq!(claims["exp"], (now + TimeDelta::hours(1)).timestamp());
        assert_eq!(first.expires_at, now + TimeDelta::hours(1));
    }

    #[test]
    fn accepts_a_live_token_only_as_it_was_issued() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let token = tokens.issue("demo-app", TimeDelta::hours(1), now).token;
        assert_eq!(tokens.check(&token, now), Ok(()));
        assert_eq!(
            tokens.check(&format!("Bearer {token}"), now),
            Err("jwt malformed")
        );
        assert_eq!(tokens.check("", now), Err("jwt malformed"));
        assert_eq!(tokens.check("a..b", now), Err("jwt malformed"));
        assert_eq!(tokens.check("a.b.c", now), Err("invalid token"));
        assert_eq!(
            tokens.check(&format!("{token}x"), now),
            Err("invalid token")
        );
    }

    #[test]
    fn refuses_an_expired_token_then_forgets_it() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let old = tokens.issue("demo-app", TimeDelta::zero(), now).token;
        assert_eq!(tokens.check(&old, now), Err("jwt expired"));
        let later = now + REMEMBER_EXPIRED + TimeDelta::seconds(1);
        tokens.issue("demo-app", TimeDelta::hours(1), later);
        assert_eq!(tokens.check(&old, later), Err("invalid token"));
    }

    #[test]
    fn revoking_refuses_every_token() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let token = tokens.issue("demo-app", TimeDelta::hours(1), now).token;
        tokens.revoke_all();
        assert_eq!(tokens.check(&token, now), Err("invalid token"));
    }

    #[test]
    fn an_endless_lifetime_saturates() {
        let issued = Tokens::default().issue("demo-app", TimeDelta::MAX, Utc::now());
        assert_eq!(issued.expires_at, DateTime::<Utc>::MAX_UTC);
    }
}
