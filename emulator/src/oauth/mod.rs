//! Panopto's OAuth2 endpoints, in the shape of its identity server, IdentityServer3 (its route
//! table: /connect/authorize, /connect/token, ...; comppolicylab/pingpong's discovery fixture):
//! `/Panopto/oauth2/connect/authorize` (sign-in and consent page, `authorize.rs`) and
//! `POST /Panopto/oauth2/connect/token` (form body, JSON answers with no-store), which takes
//! `client_credentials` for the confidential --client-id (here, unchanged since before the sign-in
//! existed) and `authorization_code` / `refresh_token` for the sign-in clients (`code_grant.rs`,
//! `refresh_grant.rs`, each client authenticated as its type requires by `client_auth.rs`).
//! Errors follow RFC 6749 §5.2: `{"error": "invalid_grant", "error_description": "..."}`.

pub mod authorize;
pub mod client_auth;
pub mod code_grant;
pub mod grants;
pub mod id_token;
pub mod implicit;
pub mod page;
pub mod params;
pub mod pkce;
pub mod refresh_grant;
pub mod reply;
pub mod response_type;
pub mod scope_rules;

use crate::faults::inc;
use crate::sigv4_verify::query_pairs;
use crate::state::Store;
use crate::tokens::SERVICE_USER;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use reply::{bad, client_credentials, error, ok, Form};
use serde_json::json;
use std::sync::Arc;

pub const TOKEN_PATH: &str = "/panopto/oauth2/connect/token";
const BODY_LIMIT: usize = 64 * 1024;

pub fn is_token_path(path: &str) -> bool {
    path.trim_end_matches('/').eq_ignore_ascii_case(TOKEN_PATH)
}

pub async fn token_endpoint(store: Arc<Store>, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::POST {
        let mut r = error(StatusCode::METHOD_NOT_ALLOWED, "invalid_request", "The token endpoint only accepts POST.");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let auth = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_string);
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await else {
        return bad("invalid_request", "The request body could not be read (64 KiB at most).");
    };
    let form = query_pairs(Some(&String::from_utf8_lossy(&bytes)));
    let auth = auth.as_deref();
    match form.iter().find(|(n, _)| n == "grant_type").map(|(_, v)| v.as_str()) {
        Some("client_credentials") => client_credentials_grant(&store, auth, &form),
        Some("authorization_code") => code_grant::authorization_code(&store, auth, &form),
        Some("refresh_token") => refresh_grant::refresh_token(&store, auth, &form),
        None | Some("") => bad("invalid_request", "grant_type is required."),
        Some(other) => bad(
            "unsupported_grant_type",
            format!(
                "grant_type '{other}' is not supported: use client_credentials (confidential client), \
                 authorization_code or refresh_token (sign-in clients)"
            ),
        ),
    }
}

/// A back end's token for the confidential client, acting as the service user.
fn client_credentials_grant(store: &Store, auth: Option<&str>, form: &Form) -> Response<Body> {
    let cfg = &store.cfg;
    let (id, secret) = client_credentials(auth, form);
    if id.as_deref() != Some(cfg.client_id.as_str()) || secret.as_deref() != Some(cfg.client_secret.as_str()) {
        let mut r = error(StatusCode::UNAUTHORIZED, "invalid_client", "Unknown client or wrong client secret.");
        if auth.is_some() {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
        }
        return r;
    }
    let token = store.tokens.issue(SERVICE_USER);
    inc(&store.faults.stats.tokens_issued);
    ok(&json!({"access_token": token, "token_type": "Bearer", "expires_in": store.tokens.expires_in()}))
}
