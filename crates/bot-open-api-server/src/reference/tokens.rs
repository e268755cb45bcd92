//! The tokens `/login` issues, and the check every other call makes.
//!
//! Tokens are HS256 JWTs, as the service issues them (`header.payload.signature`, each part base64url;
//! the payload carries `sub`, `jti`, `iat` and `exp`), so clients that read `exp` to know when to
//! renew work unchanged. The signing key is 256 random bits drawn when the bot starts, and each token
//! carries a 128-bit random id: a token cannot be guessed from others, nor forged. Nothing is stored
//! per token, so the cost of a login does not grow with the number of logins, and an expired token
//! needs no eviction: its `exp` says it is expired. Revoking every token draws a new key, as the
//! service does when it rotates its signing key.

use std::sync::{PoisonError, RwLock};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, TimeDelta, Utc};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

/// The header of every token, as the service's tokens have it.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Issues and checks tokens with a key only this process knows.
pub(super) struct Tokens {
    random: SystemRandom,
    key: RwLock<hmac::Key>,
}

/// A new token and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The claims this implementation reads back.
#[derive(serde::Deserialize)]
struct Claims {
    exp: i64,
}

impl Default for Tokens {
    fn default() -> Self {
        let random = SystemRandom::new();
        let key = fresh_key(&random);
        Self {
            random,
            key: RwLock::new(key),
        }
    }
}

impl Tokens {
    /// A new token for `subject` (the app id), valid for `lifetime` from `now`.
    pub fn issue(&self, subject: &str, lifetime: TimeDelta, now: DateTime<Utc>) -> Issued {
        let expires_at = now
            .checked_add_signed(lifetime)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut id = [0_u8; 16];
        // The system's generator fails only where no OS randomness exists; a zero id is then still
        // unforgeable, because the signature is.
        let _ = self.random.fill(&mut id);
        let claims = serde_json::json!({
            "sub": subject,
            "jti": URL_SAFE_NO_PAD.encode(id),
            "iat": now.timestamp(),
            "exp": expires_at.timestamp(),
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = hmac::sign(&self.key(), signed.as_bytes());
        let token = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.as_ref()));
        Issued { token, expires_at }
    }

    /// `Ok` when `token` is one of this bot's and live at `now`; otherwise the 401 message, worded
    /// as the service's JWT library words it.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Result<(), &'static str> {
        if !is_jwt_shaped(token) {
            return Err("jwt malformed");
        }
        let (signed, signature) = token.rsplit_once('.').ok_or("jwt malformed")?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| "invalid token")?;
        hmac::verify(&self.key(), signed.as_bytes(), &signature).map_err(|_| "invalid token")?;
        let payload = signed.split_once('.').map_or("", |(_, payload)| payload);
        let claims: Claims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or("invalid token")?;
        if claims.exp <= now.timestamp() {
            return Err("jwt expired");
        }
        Ok(())
    }

    /// Refuses every token issued so far (`invalid token` from now on): a new signing key.
    pub fn revoke_all(&self) {
        let key = fresh_key(&self.random);
        *self.key.write().unwrap_or_else(PoisonError::into_inner) = key;
    }

    fn key(&self) -> hmac::Key {
        self.key
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// 256 random bits as an HMAC-SHA256 key.
fn fresh_key(random: &SystemRandom) -> hmac::Key {
    hmac::Key::generate(hmac::HMAC_SHA256, random).unwrap_or_else(|_| {
        // Only where the OS has no randomness: a key from the clock is still unknown to callers.
        let seed = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        hmac::Key::new(hmac::HMAC_SHA256, &seed.to_le_bytes())
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
    fn refuses_an_expired_token() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let old = tokens.issue("demo-app", TimeDelta::zero(), now).token;
        assert_eq!(tokens.check(&old, now), Err("jwt expired"));
        let live = tokens.issue("demo-app", TimeDelta::hours(1), now).token;
        assert_eq!(
            tokens.check(&live, now + TimeDelta::hours(2)),
            Err("jwt expired")
        );
    }

    #[test]
    fn a_token_cannot_be_forged_or_guessed() {
        let tokens = Tokens::default();
        let now = Utc::now();
        let issued: Vec<String> = (0..64)
            .map(|_| tokens.issue("demo-app", TimeDelta::hours(1), now).token)
            .collect();
        // Same subject, same instant: still all different, and the ids share nothing predictable.
        let ids: std::collections::HashSet<String> = issued
            .iter()
            .map(|token| claims(token)["jti"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), issued.len());
        assert!(ids
            .iter()
            .all(|id| URL_SAFE_NO_PAD.decode(id).unwrap().len() == 16));
        // A payload changed (a later `exp`) keeps the old signature: refused.
        let (header, rest) = issued[0].split_once('.').unwrap();
        let (_, signature) = rest.split_once('.').unwrap();
        let mut forged = claims(&issued[0]);
        forged["exp"] = serde_json::json!(i64::MAX);
        let payload = URL_SAFE_NO_PAD.encode(forged.to_string());
        let forged = format!("{header}.{payload}.{signature}");
        assert_eq!(tokens.check(&forged, now), Err("invalid token"));
        // Another bot's token (another key) is refused too.
        let other = Tokens::default()
            .issue("demo-app", TimeDelta::hours(1), now)
            .token;
        assert_eq!(tokens.check(&other, now), Err("invalid token"));
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
