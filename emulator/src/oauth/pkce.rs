//! PKCE (RFC 7636) for the public --oauth-client: the S256 challenge sent to the authorize
//! endpoint and the verifier sent to the token endpoint. (A Server-side Web Application does not
//! use it: see `code_grant.rs`.)

use base64::Engine;
use sha2::{Digest, Sha256};

/// RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~].
pub fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// BASE64URL(SHA256(verifier)) without padding: the S256 challenge (RFC 7636 §4.2).
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The request's S256 challenge, or why it is not one. Stricter than IdentityServer3, which also
/// takes `plain`: a page has no reason to send it, and OAuth 2.1 drops it.
pub fn check_challenge(pairs: &[(String, String)]) -> Result<String, String> {
    let challenge = get(pairs, "code_challenge").filter(|c| !c.is_empty());
    let Some(challenge) = challenge else {
        return Err("code_challenge is required: this client uses PKCE (code_challenge_method=S256)".into());
    };
    match get(pairs, "code_challenge_method") {
        Some("S256") => {}
        None => {
            return Err("code_challenge_method is missing; it must be S256 (plain, the default, is not accepted)".into())
        }
        Some(m) => return Err(format!("code_challenge_method '{m}' is not supported; use S256")),
    }
    let ok = challenge.len() == 43 && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
    if !ok {
        return Err(format!(
            "code_challenge '{challenge}' is not an S256 challenge: 43 characters of BASE64URL(SHA-256(code_verifier)), no padding"
        ));
    }
    Ok(challenge.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_rfc7636_appendix_b() {
        let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(valid_verifier(v));
        assert_eq!(s256(v), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert!(!valid_verifier(&"a".repeat(42)) && !valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
    }
}
