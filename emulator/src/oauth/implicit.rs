//! The implicit flow's answer (a JavaScript Web Application's), put in the redirect's fragment:
//! `id_token` when asked for, then `access_token`, `token_type`, `expires_in` when asked for,
//! and the granted `scope` (RFC 6749 §4.2.2; OpenID Connect Core §3.2.2.5).

use super::id_token::{self, Claims};
use super::params::Valid;
use crate::faults::inc;
use crate::state::Store;

/// The issuer an id_token names: IdentityServer3's base URL as the request reached it (Panopto
/// mounts it at /Panopto/oauth2), or the emulator's name when the request had no Host.
pub fn issuer(host: Option<&str>) -> String {
    match host.filter(|h| !h.is_empty()) {
        Some(h) => format!("http://{h}/Panopto/oauth2"),
        None => "panopto-emulator".to_string(),
    }
}

/// The fragment's parameters for `user`, in order (the state is added by the redirect).
pub fn answer(store: &Store, v: &Valid, user: &str, issuer: &str) -> Vec<(&'static str, String)> {
    let rt = v.response_type;
    let access = rt.gives_token().then(|| {
        let t = store.tokens.issue(user);
        inc(&store.faults.stats.tokens_issued);
        t
    });
    let mut out = Vec::new();
    if rt.gives_id_token() {
        let now_secs = store.now_ms() / 1000;
        let claims = Claims {
            issuer,
            user,
            client_id: &v.client.id,
            nonce: v.nonce.as_deref(),
            access_token: access.as_deref(),
            now_secs,
        };
        out.push(("id_token", id_token::sign(&claims)));
    }
    if let Some(token) = access {
        out.push(("access_token", token));
        out.push(("token_type", "Bearer".to_string()));
        out.push(("expires_in", store.tokens.expires_in().to_string()));
    }
    // No refresh token in the implicit flow (RFC 6749 §4.2.2), so offline_access is not granted.
    let granted: Vec<&str> = v.scopes.iter().map(String::as_str).filter(|s| *s != "offline_access").collect();
    out.push(("scope", granted.join(" ")));
    out
}
