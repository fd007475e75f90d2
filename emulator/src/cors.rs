//! CORS for the REST API, the S3 endpoint and the inspection API, driven by --cors-origin.
//! Panopto allows CORS per API client by origin; the upload endpoint's CORS is undocumented, so
//! the emulator applies the same list to both and exposes what a browser uploader must read
//! (ETag of each part, Date for clock-skew correction, x-amz-request-id). The Panda API gets the
//! same rules plus `Range` and `Location`, which its resumable protocol is read from.
//! The token endpoint also allows the origins of the registered redirect URIs, as
//! IdentityServer3 does per client (Panopto's "CORS Origin URL"). Whether the REST API and API
//! v1 do is unknown (no public source shows CORS headers there): only --cors-origin by default,
//! the clients' origins too with --client-cors-on-apis. Those APIs and the token endpoint
//! expose `Retry-After` so a page can honour API v1's 429.

use crate::config::Config;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};

pub const EXPOSE: &str = "ETag, Date, x-amz-request-id, x-amz-version-id";
/// With --hide-etag: what a server without the ETag CORS rule exposes.
pub const EXPOSE_WITHOUT_ETAG: &str = "Date, x-amz-request-id, x-amz-version-id";
pub const METHODS: &str = "GET, PUT, POST, DELETE, HEAD";
/// What a Panda client must read: the held range and a moved upload location.
pub const EXPOSE_PANDA: &str = "Range, Location";
/// What a client of the token-protected APIs must read besides: when to retry after a 429.
pub const EXPOSE_API: &str = "Retry-After";

/// Which rules a path gets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// S3 upload endpoint and inspection: --cors-origin only.
    Upload,
    /// The token endpoint: also the OAuth clients' origins.
    Token,
    /// REST and API v1: the OAuth clients' origins only with --client-cors-on-apis.
    Api,
    Panda,
}

/// The Access-Control-Expose-Headers value for a response: Panda responses also expose
/// [`EXPOSE_PANDA`] unless --panda-hide-headers, API responses [`EXPOSE_API`].
pub fn expose(cfg: &Config, surface: Surface) -> String {
    let base = if cfg.hide_etag { EXPOSE_WITHOUT_ETAG } else { EXPOSE };
    match surface {
        Surface::Panda if !cfg.panda_hide_headers => format!("{base}, {EXPOSE_PANDA}"),
        Surface::Api | Surface::Token => format!("{base}, {EXPOSE_API}"),
        _ => base.to_string(),
    }
}

pub fn allowed<'a>(cfg: &Config, headers: &'a HeaderMap, surface: Surface) -> Option<&'a str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let listed = cfg.cors_origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin));
    let for_clients = surface == Surface::Token || (surface == Surface::Api && cfg.client_cors_on_apis);
    let client = for_clients && cfg.client_origins.iter().any(|o| o.eq_ignore_ascii_case(origin));
    (listed || client).then_some(origin)
}

/// Adds CORS headers to an actual (non-preflight) response when the origin is allowed.
pub fn decorate(cfg: &Config, req_headers: &HeaderMap, resp: &mut Response<Body>, surface: Surface) {
    let Some(origin) = allowed(cfg, req_headers, surface) else { return };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Ok(v) = HeaderValue::from_str(&expose(cfg, surface)) {
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
}

/// Answers an OPTIONS preflight: 204 with the allow-lists, or 403 without any CORS header.
pub fn preflight(cfg: &Config, req_headers: &HeaderMap, surface: Surface) -> Response<Body> {
    let Some(origin) = allowed(cfg, req_headers, surface) else {
        let mut r = Response::new(Body::from(
            "CORS preflight rejected: this origin is not allowed (see --cors-origin and --oauth-client)\n",
        ));
        *r.status_mut() = StatusCode::FORBIDDEN;
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        return r;
    };
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NO_CONTENT;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Headers, Access-Control-Request-Method"),
    );
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(METHODS));
    // Echo what the browser asks for (authorization, content-type, x-amz-date,
    // x-amz-content-sha256, x-amz-security-token, x-amz-user-agent, content-range, ...).
    if let Some(req) = req_headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, req.clone());
    }
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    if let Ok(v) = HeaderValue::from_str(&expose(cfg, surface)) {
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
    r
}
