//! PKCE (RFC 7636) with the S256 method: the verifier stays in the page's memory, only its
//! hash goes in the authorization URL, so a code caught on the way (in a redirect, a log, a
//! browser extension) is worthless without it.

use super::base64url;
use sha2::{Digest, Sha256};

/// A verifier from 32 random bytes: 43 characters of the unreserved set (RFC 7636 §4.1
/// asks for 43–128 and recommends this construction).
pub fn verifier(random: &[u8; 32]) -> String {
    base64url::encode(random)
}

/// `code_challenge` for `code_challenge_method=S256`: BASE64URL(SHA256(ASCII(verifier))).
pub fn challenge(verifier: &str) -> String {
    base64url::encode(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc_7636_appendix_b() {
        let random: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
            240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let v = verifier(&random);
        assert_eq!(v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&v), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
