//! [`SecureRandom`] from `crypto.getRandomValues` (the PKCE verifier and the `state` must be
//! unguessable; `Math.random` is not).

use crate::engine::ports::SecureRandom;

pub struct WebCrypto;

impl SecureRandom for WebCrypto {
    fn fill(&self, buf: &mut [u8]) {
        let crypto = web_sys::window().and_then(|w| w.crypto().ok());
        let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(buf).is_ok());
        // Every browser that runs wasm has Web Crypto; without it, refuse to make up
        // guessable values: an all-zero state is rejected by the sign-in's own check.
        if !filled {
            buf.fill(0);
        }
    }
}
