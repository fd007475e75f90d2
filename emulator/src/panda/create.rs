//! `POST /videos/upload.json`: creating an upload session, as the host site's back end does on
//! Panda. The body is JSON `{"file_size": N, "file_name": "..."}` or the same as a form
//! (`file_size=N&file_name=...`); the answer is 201 `{"id": N, "location": "http://.../panda/upload/KEY"}`.
//! No token is needed (the endpoint stands for the back end), but a token that is sent must be
//! valid, by the REST API's own check.

use super::model::{error, MAX_FILE_SIZE};
use super::store::Env;
use crate::bearer::authorized;
use crate::rest::json_response;
use crate::sigv4_verify::query_pairs;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};

pub const PATH: &str = "/videos/upload.json";
const BODY_LIMIT: usize = 64 * 1024;
const SHAPE: &str = "a JSON object {\"file_size\": N, \"file_name\": \"...\"} or a form file_size=N&file_name=...";

pub async fn handle(env: &Env, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::POST {
        let mut r = error(StatusCode::METHOD_NOT_ALLOWED, format!("{PATH} only accepts POST."));
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    if req.headers().contains_key(header::AUTHORIZATION) && !authorized(&env.store, req.headers()) {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            "The Authorization header does not carry a valid bearer token (unknown or expired). The header is \
             optional here, but a token that is sent must be valid.",
        );
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return r;
    }
    let media = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let base = env.base_url(req.headers());
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, format!("The body must be {SHAPE}, at most 64 KiB."));
    };
    let (file_size, file_name) = match parse(media.as_deref(), &bytes) {
        Ok(x) => x,
        Err(msg) => return error(StatusCode::BAD_REQUEST, msg),
    };
    let rec = env.uploads.create(file_name, file_size, env.store.now_rfc3339());
    json_response(StatusCode::CREATED, &json!({"id": rec.id, "location": rec.location(&base)}))
}

/// The body by its Content-Type; without a usable one (fetch labels a string text/plain), by
/// its first character.
fn parse(media: Option<&str>, body: &[u8]) -> Result<(u64, String), String> {
    let text = std::str::from_utf8(body).map_err(|_| format!("The body is not UTF-8 text; it must be {SHAPE}."))?;
    if text.trim().is_empty() {
        return Err(format!("The body is empty; it must be {SHAPE}."));
    }
    match media {
        Some("application/json") => from_json(text),
        Some("application/x-www-form-urlencoded") => from_form(text),
        _ if text.trim_start().starts_with('{') => from_json(text),
        _ if text.contains('=') => from_form(text),
        _ => Err(format!("The body is neither JSON nor a form; it must be {SHAPE}.")),
    }
}

fn from_json(text: &str) -> Result<(u64, String), String> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("The body is not valid JSON ({e}); it must be {SHAPE}."))?;
    let Value::Object(m) = v else { return Err(format!("The JSON body is not an object; it must be {SHAPE}.")) };
    let size = match field(&m, "file_size")? {
        Value::Number(n) => match n.as_u64() {
            Some(n) => n,
            None => return Err(format!("file_size must be a positive integer (bytes), got {n}.")),
        },
        other => return Err(format!("file_size must be a positive integer (a JSON number), got {other}.")),
    };
    let name = match field(&m, "file_name")? {
        Value::String(s) => s.clone(),
        other => return Err(format!("file_name must be a non-empty string, got {other}.")),
    };
    checked(size, name)
}

fn field<'a>(m: &'a Map<String, Value>, name: &str) -> Result<&'a Value, String> {
    m.get(name).ok_or_else(|| format!("{name} is required ({SHAPE})."))
}

fn from_form(text: &str) -> Result<(u64, String), String> {
    let pairs = query_pairs(Some(text));
    let one = |name: &str| -> Result<String, String> {
        let mut it = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone());
        let v = it.next().ok_or_else(|| format!("{name} is required ({SHAPE})."))?;
        match it.next() {
            Some(_) => Err(format!("{name} is given more than once.")),
            None => Ok(v),
        }
    };
    let raw = one("file_size")?;
    let size = if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        raw.parse::<u64>().map_err(|_| format!("file_size {raw} is too large (at most {MAX_FILE_SIZE} bytes)."))?
    } else {
        return Err(format!("file_size must be a positive integer (bytes), got '{raw}'."));
    };
    checked(size, one("file_name")?)
}

fn checked(size: u64, name: String) -> Result<(u64, String), String> {
    if size == 0 {
        return Err("file_size must be a positive integer (bytes), got 0.".into());
    }
    if size > MAX_FILE_SIZE {
        return Err(format!("file_size {size} is more than the {MAX_FILE_SIZE} bytes (5 TiB) an upload may have."));
    }
    if name.trim().is_empty() {
        return Err("file_name must be a non-empty string.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("file_name must not contain control characters.".into());
    }
    Ok((size, name))
}
