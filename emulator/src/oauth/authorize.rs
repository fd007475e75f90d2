//! `/Panopto/oauth2/connect/authorize`: GET shows the sign-in and consent page for a valid
//! request (after the identity provider's page with --idp-coop, see `idp.rs`); the page's form
//! POSTs the request's parameters back with the user's choice, and the answer is a redirect to
//! the client: `?code=..&state=..` (code flow), `#access_token=..` / `#id_token=..` (implicit
//! flow) or `error=access_denied` (Deny). The POST is checked like the GET, since its hidden
//! fields are as open to tampering as a URL.

use super::grants::CodeGrant;
use super::implicit;
use super::page;
use super::params::{valid_username, validate, Redirect, Rejection, Valid};
use crate::idp;
use crate::sigv4_verify::query_pairs;
use crate::state::Store;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::Arc;

pub const PATH: &str = "/panopto/oauth2/connect/authorize";
const BODY_LIMIT: usize = 64 * 1024;

pub fn is_authorize_path(path: &str) -> bool {
    path.trim_end_matches('/').eq_ignore_ascii_case(PATH)
}

fn redirect(location: String) -> Response<Body> {
    let Ok(v) = HeaderValue::from_str(&location) else {
        return page::error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "the redirect URI could not be built");
    };
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    r.headers_mut().insert(header::LOCATION, v);
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn redirect_error(to: &Redirect, code: &str, description: &str) -> Response<Body> {
    redirect(to.with(&[("error", code), ("error_description", description)]))
}

fn reject(r: Rejection) -> Response<Body> {
    match r {
        Rejection::Page { code, description } => page::error(StatusCode::BAD_REQUEST, code, &description),
        Rejection::Redirect { to, code, description } => redirect_error(&to, code, &description),
    }
}

/// Where the emulator listens and, with --idp-coop, its identity provider.
#[derive(Clone, Copy)]
pub struct Addrs {
    pub bound: SocketAddr,
    pub idp: Option<SocketAddr>,
}

pub async fn handle(store: Arc<Store>, req: Request<Body>, addrs: Addrs) -> Response<Body> {
    // The address the browser used (the Host header), for the IdP's way back and the id_token's
    // issuer; the listening address when a client sent none.
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string);
    let host = host.unwrap_or_else(|| addrs.bound.to_string());
    match *req.method() {
        Method::GET | Method::HEAD => {
            let pairs = query_pairs(req.uri().query());
            match (validate(&store.cfg, &pairs), addrs.idp) {
                // Only a request fit for the consent page goes through the identity provider;
                // the marker is not carried further (it is not among the form's fields).
                (Ok(_), Some(idp_addr)) if !idp::has_marker(&pairs) => {
                    redirect(idp::sign_in_location(idp_addr, &host, req.uri().path(), req.uri().query()))
                }
                (Ok(v), _) => page::consent(&v, None, "", None),
                (Err(r), _) => reject(r),
            }
        }
        Method::POST => {
            let Ok(bytes) = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await else {
                return page::error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "the form could not be read (64 KiB at most)",
                );
            };
            let form = query_pairs(Some(&String::from_utf8_lossy(&bytes)));
            match validate(&store.cfg, &form) {
                Ok(v) => decide(&store, &v, &form, &implicit::issuer(Some(&host))),
                Err(r) => reject(r),
            }
        }
        _ => {
            let mut r = page::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "invalid_request",
                "the authorization endpoint takes GET (the sign-in page) and POST (its form)",
            );
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
            r
        }
    }
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim())
}

fn decide(store: &Store, v: &Valid, form: &[(String, String)], issuer: &str) -> Response<Body> {
    match field(form, "decision") {
        Some("allow") => {}
        Some("deny") => return redirect_error(&v.to, "access_denied", "The user denied the request."),
        _ => {
            return page::error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "decision must be allow or deny (the Allow and Deny buttons send it)",
            )
        }
    }
    let chosen = field(form, "user").filter(|u| !u.is_empty());
    let typed = field(form, "username").unwrap_or("");
    // A typed name wins: the select always has a value, the text field only when used.
    let user = if typed.is_empty() { chosen.unwrap_or("") } else { typed };
    if user.is_empty() {
        return page::consent(v, chosen, typed, Some("Choose a user or type a user name."));
    }
    if !valid_username(user) {
        let problem = format!("'{user}' is not a valid user name: use 1 to 64 letters, digits, '.', '-', '_' or '@'.");
        return page::consent(v, chosen, typed, Some(&problem));
    }
    if v.response_type.is_code() {
        let code = store.grants.issue_code(CodeGrant {
            client_id: v.client.id.clone(),
            redirect_uri: v.to.uri.clone(),
            code_challenge: v.code_challenge.clone().unwrap_or_default(),
            user: user.to_string(),
            scope: v.scopes.join(" "),
        });
        return redirect(v.to.with(&[("code", &code)]));
    }
    let answer = implicit::answer(store, v, user, issuer);
    let params: Vec<(&str, &str)> = answer.iter().map(|(k, val)| (*k, val.as_str())).collect();
    redirect(v.to.with(&params))
}
