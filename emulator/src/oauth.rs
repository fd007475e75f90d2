//! `POST /Panopto/oauth2/connect/token`: an OAuth2 client-credentials token endpoint in the
//! shape of Panopto's identity server, so a client (or the demo page) can fetch and refresh
//! bearer tokens. The client id and secret are dummies (--client-id, --client-secret).
//! Errors follow RFC 6749 §5.2: `{"error": "invalid_client"}` etc.

use crate::faults::inc;
use crate::rest::json_response;
use crate::sigv4_verify::query_pairs;
use crate::state::Store;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use base64::Engine;
use serde_json::json;
use std::sync::Arc;

pub const PATH: &str = "/panopto/oauth2/connect/token";
const BODY_LIMIT: usize = 64 * 1024;

pub fn is_token_path(path: &str) -> bool {
    path.trim_end_matches('/').eq_ignore_ascii_case(PATH)
}

fn error(status: StatusCode, code: &str, description: &str) -> Response<Body> {
    let mut r = json_response(status, &json!({"error": code, "error_description": description}));
    no_store(&mut r);
    r
}

/// RFC 6749 §5.1: token responses must not be cached.
fn no_store(r: &mut Response<Body>) {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Client credentials from HTTP Basic auth (client_secret_basic) if present, else from the form
/// (client_secret_post); both are standard and real clients use either.
fn client_credentials(req_auth: Option<&str>, form: &[(String, String)]) -> (Option<String>, Option<String>) {
    // The scheme is case-insensitive; header values that reach here are visible ASCII.
    let basic = req_auth.filter(|v| v.len() > 6 && v[..6].eq_ignore_ascii_case("basic ")).map(|v| &v[6..]);
    if let Some(b64) = basic {
        if let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
            let s = String::from_utf8_lossy(&raw).into_owned();
            let (id, secret) = s.split_once(':').unwrap_or((&s, ""));
            // Basic credentials are form-urlencoded first (RFC 6749 §2.3.1).
            let dec = |x: &str| query_pairs(Some(&format!("v={x}"))).pop().map(|(_, v)| v).unwrap_or_default();
            return (Some(dec(id)), Some(dec(secret)));
        }
    }
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    (get("client_id"), get("client_secret"))
}

pub async fn handle(store: Arc<Store>, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::POST {
        let mut r = error(StatusCode::METHOD_NOT_ALLOWED, "invalid_request", "The token endpoint only accepts POST.");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let auth = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_string);
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await else {
        return error(StatusCode::BAD_REQUEST, "invalid_request", "The request body could not be read.");
    };
    let form = query_pairs(Some(&String::from_utf8_lossy(&bytes)));
    let cfg = &store.cfg;
    let (id, secret) = client_credentials(auth.as_deref(), &form);
    if id.as_deref() != Some(cfg.client_id.as_str()) || secret.as_deref() != Some(cfg.client_secret.as_str()) {
        let mut r = error(StatusCode::UNAUTHORIZED, "invalid_client", "Unknown client or wrong client secret.");
        if auth.is_some() {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
        }
        return r;
    }
    match form.iter().find(|(n, _)| n == "grant_type").map(|(_, v)| v.as_str()) {
        Some("client_credentials") => {}
        None => return error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is required."),
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only grant_type=client_credentials is supported.",
            )
        }
    }
    let token = store.tokens.issue();
    inc(&store.faults.stats.tokens_issued);
    let mut r = json_response(
        StatusCode::OK,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": store.tokens.expires_in()}),
    );
    no_store(&mut r);
    r
}
