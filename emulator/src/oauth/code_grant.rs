//! The token endpoint's grants for public clients (no secret): `authorization_code` (the code
//! from the sign-in page, checked against its client, redirect URI and PKCE challenge) and
//! `refresh_token` (rotated: every use returns a new one and retires the old). A refresh token is
//! issued only when the granted scope has offline_access.

use super::grants::{CodeGrant, CodeLookup, RefreshGrant, RefreshLookup};
use super::params::{s256, valid_verifier};
use super::reply::{client_credentials, field, ok, Form, Refusal};
use crate::faults::inc;
use crate::oauth_clients::{Flow, OAuthClient};
use crate::state::Store;
use axum::body::Body;
use axum::http::{Response, StatusCode};

type Answer = Result<Response<Body>, Refusal>;
use serde_json::json;

/// The public client the request names (form client_id, or HTTP Basic with any secret).
fn public_client<'a>(store: &'a Store, auth: Option<&str>, form: &Form) -> Result<&'a OAuthClient, Refusal> {
    let (id, _) = client_credentials(auth, form);
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return Err(Refusal::new("invalid_request", "client_id is missing"));
    };
    if let Some(c) = store.cfg.oauth_clients.iter().find(|c| c.id == id) {
        return Ok(c);
    }
    if id == store.cfg.client_id {
        return Err(Refusal::new(
            "unauthorized_client",
            format!("client '{id}' is the confidential client: it has grant_type=client_credentials only"),
        ));
    }
    Err(Refusal {
        status: StatusCode::UNAUTHORIZED,
        code: "invalid_client",
        description: format!("unknown client '{id}'"),
    })
}

fn require<'a>(form: &'a Form, name: &str) -> Result<&'a str, Refusal> {
    field(form, name).ok_or_else(|| Refusal::new("invalid_request", format!("{name} is missing")))
}

/// A new access token for `user`, plus a refresh token when `scope` has offline_access.
fn issue(store: &Store, client_id: &str, user: &str, scope: &str, refresh_scope: &str) -> Response<Body> {
    let access = store.tokens.issue(user);
    inc(&store.faults.stats.tokens_issued);
    let mut body = json!({"access_token": access, "token_type": "Bearer", "expires_in": store.tokens.expires_in(), "scope": scope});
    if refresh_scope.split(' ').any(|s| s == "offline_access") {
        let refresh = store.grants.issue_refresh(RefreshGrant {
            client_id: client_id.to_string(),
            user: user.to_string(),
            scope: refresh_scope.to_string(),
        });
        body["refresh_token"] = json!(refresh);
    }
    ok(&body)
}

pub fn authorization_code(store: &Store, auth: Option<&str>, form: &Form) -> Response<Body> {
    let run = || -> Answer {
        let client = public_client(store, auth, form)?;
        if client.flow != Flow::Code {
            return Err(Refusal::new(
                "unauthorized_client",
                format!("client '{}' has the implicit flow only; it gets no authorization codes", client.id),
            ));
        }
        let code = require(form, "code")?;
        let redirect_uri = require(form, "redirect_uri")?;
        let verifier = require(form, "code_verifier")?;
        if !valid_verifier(verifier) {
            return Err(Refusal::new(
                "invalid_request",
                "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)",
            ));
        }
        let grant: CodeGrant = match store.grants.redeem_code(code, &client.id) {
            CodeLookup::Valid(g) => g,
            CodeLookup::Unknown => return Err(Refusal::new("invalid_grant", "unknown authorization code")),
            CodeLookup::Used => {
                return Err(Refusal::new("invalid_grant", "the authorization code has already been used"))
            }
            CodeLookup::Expired => {
                let ttl = store.cfg.oauth_code_ttl_secs;
                return Err(Refusal::new(
                    "invalid_grant",
                    format!("the authorization code has expired (codes last {ttl} s)"),
                ));
            }
            CodeLookup::OtherClient => {
                return Err(Refusal::new("invalid_grant", "the authorization code was issued to another client"))
            }
        };
        if grant.redirect_uri != redirect_uri {
            return Err(Refusal::new(
                "invalid_grant",
                format!(
                    "redirect_uri '{redirect_uri}' does not match the authorization request's '{}'",
                    grant.redirect_uri
                ),
            ));
        }
        if s256(verifier) != grant.code_challenge {
            return Err(Refusal::new("invalid_grant", "code_verifier does not match the code_challenge (S256)"));
        }
        Ok(issue(store, &client.id, &grant.user, &grant.scope, &grant.scope))
    };
    run().unwrap_or_else(Refusal::into_response)
}

pub fn refresh_token(store: &Store, auth: Option<&str>, form: &Form) -> Response<Body> {
    let run = || -> Answer {
        let client = public_client(store, auth, form)?;
        let token = require(form, "refresh_token")?;
        let asked = field(form, "scope");
        // A narrower scope may be asked for (RFC 6749 §6), never a wider one; checked before
        // the token is used up, so a refused request leaves it valid.
        let within = |g: &RefreshGrant| match asked {
            Some(a) => match a.split(' ').find(|s| !s.is_empty() && !g.scope.split(' ').any(|x| x == *s)) {
                Some(extra) => Err(format!("scope '{extra}' was not granted to this refresh token ('{}')", g.scope)),
                None => Ok(()),
            },
            None => Ok(()),
        };
        let grant = match store.grants.rotate_refresh(token, &client.id, within) {
            RefreshLookup::Valid(g) => g,
            RefreshLookup::Unknown => return Err(Refusal::new("invalid_grant", "unknown refresh token")),
            RefreshLookup::Used => {
                return Err(Refusal::new(
                    "invalid_grant",
                    "the refresh token has already been used; each refresh returns a new one to use next time",
                ))
            }
            RefreshLookup::OtherClient => {
                return Err(Refusal::new("invalid_grant", "the refresh token was issued to another client"))
            }
            RefreshLookup::Refused(why) => return Err(Refusal::new("invalid_scope", why)),
        };
        let scope = asked.map(|a| a.split(' ').filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" "));
        let scope = scope.unwrap_or_else(|| grant.scope.clone());
        Ok(issue(store, &client.id, &grant.user, &scope, &grant.scope))
    };
    run().unwrap_or_else(Refusal::into_response)
}
