//! Static files from --www at `/` (index.html for directories), with the content types a
//! wasm web component needs (`application/wasm`, `text/javascript` for .js/.mjs).

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::ServeDir;

pub async fn serve(www: Option<&Path>, csp: Option<&str>, req: Request<Body>) -> Response<Body> {
    let Some(dir) = www else {
        let mut r = Response::new(Body::from("Not found (no --www directory is configured)\n"));
        *r.status_mut() = StatusCode::NOT_FOUND;
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        return r;
    };
    let path = req.uri().path().to_ascii_lowercase();
    let svc = ServeDir::new(dir).append_index_html_on_directories(true);
    let mut resp = match svc.oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(e) => {
            let mut r = Response::new(Body::from(format!("static file error: {e}\n")));
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    };
    if resp.status().is_success() {
        let ct = if path.ends_with(".wasm") {
            Some("application/wasm")
        } else if path.ends_with(".js") || path.ends_with(".mjs") {
            Some("text/javascript; charset=utf-8")
        } else {
            None
        };
        if let Some(ct) = ct {
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
    }
    if let Some(v) = csp.and_then(|c| HeaderValue::from_str(c).ok()) {
        resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}
