//! --idp-coop: an identity provider's sign-in page between the sign-in request and Panopto's
//! consent page, on a second listening address (another origin). It models schools whose Panopto
//! sign-in goes through Microsoft Entra ID, whose sign-in pages send
//! `Cross-Origin-Opener-Policy: same-origin` since February 2026: a popup that passes through
//! them is cut off from its opener for good (`popup.closed` reads true, `window.opener` is null;
//! estuary/ui PR #1996, AzureAD/microsoft-authentication-library-for-js PR #8118).
//!
//! The hop: a valid GET of the authorize endpoint without the marker `idp=done` is answered 302
//! to `/idp/sign-in?return_to=<the same request, with idp=done>` here; the page's
//! `#idp-continue` link goes back, and the marked request shows the consent page.

use crate::oauth::page;
use crate::oauth_clients::origin_of;
use crate::sigv4_verify::query_pairs;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use std::net::SocketAddr;

/// The parameter that says the request has been through the identity provider.
const MARKER: (&str, &str) = ("idp", "done");
const SIGN_IN_PATH: &str = "/idp/sign-in";

/// Whether an authorize request came back from the identity provider.
pub fn has_marker(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == MARKER.0 && v == MARKER.1)
}

/// Where a sign-in request goes first: the identity provider's page, told to return to the
/// same request (absolute, as the browser addressed it: `host` is its Host header) marked.
pub fn sign_in_location(idp: SocketAddr, host: &str, path: &str, query: Option<&str>) -> String {
    let query = query.filter(|q| !q.is_empty()).map_or(String::new(), |q| format!("{q}&"));
    let return_to = format!("http://{host}{path}?{query}{}={}", MARKER.0, MARKER.1);
    let enc = percent_encoding::utf8_percent_encode(&return_to, percent_encoding::NON_ALPHANUMERIC);
    format!("http://{idp}{SIGN_IN_PATH}?return_to={enc}")
}

/// Why `return_to` is not a way back to this emulator's authorize endpoint, if it is not: an
/// http URL on the emulator's own port whose path is the authorize path (the page must not
/// become an open redirect).
fn check_return_to(return_to: &str, emulator_port: u16) -> Result<(), String> {
    let Some(rest) = return_to.strip_prefix("http://") else {
        return Err(format!("return_to '{return_to}' is not an http:// URL"));
    };
    let Some(origin) = origin_of(return_to) else {
        return Err(format!("return_to '{return_to}' has no usable host"));
    };
    let port = origin.rsplit_once(':').and_then(|(_, p)| p.parse::<u16>().ok()).unwrap_or(80);
    if port != emulator_port || return_to.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Err(format!("return_to '{return_to}' is not on the emulator's port {emulator_port}"));
    }
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    if !path.trim_end_matches('/').eq_ignore_ascii_case(page::ACTION) {
        return Err(format!("return_to '{return_to}' is not the sign-in request ({})", page::ACTION));
    }
    Ok(())
}

fn coop(mut r: Response<Body>) -> Response<Body> {
    r.headers_mut().insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    r
}

fn sign_in_page(return_to: &str) -> Response<Body> {
    let body = format!(
        "<h1>School sign-in (identity provider)</h1>\n\
         <p>This page stands for a school's identity provider, such as Microsoft Entra ID. Like \
         Entra's sign-in pages it is sent with <code>Cross-Origin-Opener-Policy: same-origin</code>, \
         so a popup that comes here has lost its opener.</p>\n\
         <p><a id=\"idp-continue\" href=\"{}\">Continue to Panopto</a></p>",
        page::esc(return_to)
    );
    coop(page::html(StatusCode::OK, "School sign-in", &body))
}

/// Everything the identity provider's listener answers: its sign-in page, or 404.
pub async fn handle(emulator_port: u16, req: Request<Body>) -> Response<Body> {
    let on_page = req.uri().path() == SIGN_IN_PATH && matches!(*req.method(), Method::GET | Method::HEAD);
    if !on_page {
        let mut r = Response::new(Body::from("Not found: the identity provider has only GET /idp/sign-in\n"));
        *r.status_mut() = StatusCode::NOT_FOUND;
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        return coop(r);
    }
    let pairs = query_pairs(req.uri().query());
    let return_to = pairs.iter().find(|(k, _)| k == "return_to").map_or("", |(_, v)| v.as_str());
    match check_return_to(return_to, emulator_port) {
        Ok(()) => sign_in_page(return_to),
        Err(why) => coop(page::error(StatusCode::BAD_REQUEST, "invalid_request", &why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_the_same_request_marked() {
        let idp: SocketAddr = "127.0.0.1:9".parse().unwrap();
        let loc = sign_in_location(idp, "localhost:8080", "/Panopto/oauth2/connect/authorize", Some("a=1&b=x%20y"));
        let back = query_pairs(loc.split_once('?').map(|(_, q)| q)).remove(0).1;
        assert_eq!(back, "http://localhost:8080/Panopto/oauth2/connect/authorize?a=1&b=x%20y&idp=done");
        assert!(check_return_to(&back, 8080).is_ok());
        assert!(has_marker(&query_pairs(back.split_once('?').map(|(_, q)| q))));
        for bad in [
            "https://localhost:8080/Panopto/oauth2/connect/authorize",
            "http://localhost:8081/Panopto/oauth2/connect/authorize",
            "http://localhost/Panopto/oauth2/connect/authorize",
            "http://localhost:8080/Panopto/oauth2/connect/token",
            "http://u@localhost:8080/Panopto/oauth2/connect/authorize",
            "javascript:alert(1)",
            "",
        ] {
            assert!(check_return_to(bad, 8080).is_err(), "{bad}");
        }
        assert!(check_return_to("http://127.0.0.1:80/panopto/oauth2/connect/authorize/?x", 80).is_ok());
    }
}
