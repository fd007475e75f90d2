//! The one bearer-token check of every Panopto-facing API (REST sessionUpload/upload, API v1, and
//! Panda's optional token): `Authorization: Bearer <token>`, case-insensitive scheme, answered
//! with the user the token acts for. Each API words its own 401.

use crate::faults::inc;
use crate::state::Store;
use crate::tokens::TokenCheck;
use axum::http::{header, HeaderMap};

/// The user of a valid bearer token in `headers`, else None. An expired token
/// (--token-ttl-secs) is refused like an unknown one, as on Panopto, but counted apart.
pub fn caller(store: &Store, headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    if v.len() < 7 || !v[..7].eq_ignore_ascii_case("bearer ") {
        return None;
    }
    match store.tokens.check(v[7..].trim()) {
        TokenCheck::Valid(user) => Some(user),
        TokenCheck::Expired => {
            inc(&store.faults.stats.expired_token_rejections);
            None
        }
        TokenCheck::Unknown => None,
    }
}

/// Whether `headers` carry a valid bearer token.
pub fn authorized(store: &Store, headers: &HeaderMap) -> bool {
    caller(store, headers).is_some()
}
