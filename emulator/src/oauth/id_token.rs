//! The id_token of an implicit `id_token token` (or `id_token`) answer: a JWT whose payload has
//! the claims IdentityServer3's `DefaultTokenService.CreateIdentityTokenAsync` puts in every
//! identity token (iss, sub, aud, nonce, iat, exp; at_hash beside an access token).
//!
//! Deviation, on purpose: real IdentityServer3 signs RS256 with its certificate, published at
//! /.well-known/jwks. The emulator signs HS256 with a random key made at start-up and publishes
//! nothing: the element never reads an id_token (it only needs the access token), and a client
//! that did verify one would need Panopto's real keys anyway.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// IdentityServer3's default `Client.IdentityTokenLifetime`: 300 s.
pub const LIFETIME_SECS: u64 = 300;

/// What an id_token says, besides its times.
pub struct Claims<'a> {
    pub issuer: &'a str,
    pub user: &'a str,
    pub client_id: &'a str,
    pub nonce: Option<&'a str>,
    /// The access token issued with it, if any (for at_hash).
    pub access_token: Option<&'a str>,
    pub now_secs: u64,
}

/// 32 random bytes for this process (two v4 UUIDs: 244 random bits).
fn key() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()].iter().flat_map(|u| *u.as_bytes()).collect())
}

/// HMAC-SHA256 (RFC 2104), written out rather than pulled in as a crate: a dozen lines.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// OpenID Connect Core §3.2.2.9 (the implicit flow's at_hash): the left half of the SHA-256 of
/// the access token, base64url.
fn at_hash(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(access_token.as_bytes())[..16])
}

/// The payload, in the order IdentityServer3 writes its claims.
pub fn payload(c: &Claims) -> Value {
    let mut p = serde_json::Map::new();
    p.insert("iss".into(), json!(c.issuer));
    p.insert("aud".into(), json!(c.client_id));
    p.insert("exp".into(), json!(c.now_secs + LIFETIME_SECS));
    p.insert("nbf".into(), json!(c.now_secs));
    if let Some(n) = c.nonce {
        p.insert("nonce".into(), json!(n));
    }
    p.insert("iat".into(), json!(c.now_secs));
    if let Some(t) = c.access_token {
        p.insert("at_hash".into(), json!(at_hash(t)));
    }
    p.insert("sub".into(), json!(c.user));
    Value::Object(p)
}

/// The signed JWT: header.payload.signature, each base64url without padding (RFC 7519).
pub fn sign(c: &Claims) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let signing_input = format!("{}.{}", enc(&json!({"typ": "JWT", "alg": "HS256"})), enc(&payload(c)));
    let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(key(), signing_input.as_bytes()));
    format!("{signing_input}.{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_test_cases_2_and_6() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        let long_key = [0xaau8; 131];
        let mac = hmac_sha256(&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(hex::encode(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    #[test]
    fn the_jwt_carries_the_claims_and_verifies_with_the_process_key() {
        let c = Claims {
            issuer: "http://127.0.0.1:1/Panopto/oauth2",
            user: "teacher",
            client_id: "js-app",
            nonce: Some("n-1"),
            access_token: Some("tok"),
            now_secs: 1000,
        };
        let jwt = sign(&c);
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let body: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(
            (body["sub"].as_str(), body["aud"].as_str(), body["nonce"].as_str()),
            (Some("teacher"), Some("js-app"), Some("n-1"))
        );
        assert_eq!((body["iat"].as_u64(), body["exp"].as_u64()), (Some(1000), Some(1300)));
        let mac = hmac_sha256(key(), format!("{}.{}", parts[0], parts[1]).as_bytes());
        assert_eq!(URL_SAFE_NO_PAD.encode(mac), parts[2]);
        let no_nonce = payload(&Claims { nonce: None, access_token: None, ..c });
        assert!(no_nonce.get("nonce").is_none() && no_nonce.get("at_hash").is_none());
    }
}
