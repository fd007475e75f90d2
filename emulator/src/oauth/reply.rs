//! What every token endpoint answer shares: JSON with `Cache-Control: no-store`, errors in
//! RFC 6749 §5.2's shape (`{"error", "error_description"}`), and how a client names itself
//! (HTTP Basic or form fields, RFC 6749 §2.3.1).

use crate::rest::json_response;
use crate::sigv4_verify::query_pairs;
use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use base64::Engine;
use serde_json::{json, Value};

pub type Form = [(String, String)];

/// RFC 6749 §5.1: token responses must not be cached.
pub fn no_store(r: &mut Response<Body>) {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

pub fn error(status: StatusCode, code: &str, description: &str) -> Response<Body> {
    let mut r = json_response(status, &json!({"error": code, "error_description": description}));
    no_store(&mut r);
    r
}

pub fn bad(code: &str, description: impl AsRef<str>) -> Response<Body> {
    error(StatusCode::BAD_REQUEST, code, description.as_ref())
}

/// An error answer before it becomes a response: small, so `?` can carry it cheaply.
pub struct Refusal {
    pub status: StatusCode,
    pub code: &'static str,
    pub description: String,
    /// Whether to answer `WWW-Authenticate: Basic`: RFC 6749 §5.2 asks for it with a 401 to a
    /// client that authenticated with the Authorization header.
    pub challenge: bool,
}

impl Refusal {
    /// A 400 with `code`.
    pub fn new(code: &'static str, description: impl Into<String>) -> Refusal {
        Refusal { status: StatusCode::BAD_REQUEST, code, description: description.into(), challenge: false }
    }

    /// A 401 `invalid_client`; `basic`: the client sent HTTP Basic credentials.
    pub fn invalid_client(description: impl Into<String>, basic: bool) -> Refusal {
        Refusal {
            status: StatusCode::UNAUTHORIZED,
            code: "invalid_client",
            description: description.into(),
            challenge: basic,
        }
    }

    pub fn into_response(self) -> Response<Body> {
        let mut r = error(self.status, self.code, &self.description);
        if self.challenge {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
        }
        r
    }
}

pub fn ok(v: &Value) -> Response<Body> {
    let mut r = json_response(StatusCode::OK, v);
    no_store(&mut r);
    r
}

/// A form field; an empty one counts as missing.
pub fn field<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// Client id and secret from HTTP Basic auth (client_secret_basic) if present, else from the form
/// (client_secret_post); both are standard and real clients use either.
pub fn client_credentials(req_auth: Option<&str>, form: &Form) -> (Option<String>, Option<String>) {
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
