//! The token endpoint's `authorization_code` grant: the code from the sign-in page, checked
//! against its client and redirect URI, then PKCE as the client's type has it. A public
//! --oauth-client proves the code with its S256 verifier (RFC 7636 §4.6); a Server-side Web
//! Application has proved itself with its secret (`client_auth.rs`) and must send no verifier.
//! A refresh token comes with the tokens only when the granted scope has offline_access.

use super::client_auth::token_client;
use super::grants::{CodeGrant, CodeLookup, RefreshGrant};
use super::pkce::{s256, valid_verifier};
use super::reply::{field, ok, Form, Refusal};
use crate::faults::inc;
use crate::oauth_clients::{Flow, OAuthClient};
use crate::state::Store;
use axum::body::Body;
use axum::http::Response;
use serde_json::json;

pub type Answer = Result<Response<Body>, Refusal>;

pub fn require<'a>(form: &'a Form, name: &str) -> Result<&'a str, Refusal> {
    field(form, name).ok_or_else(|| Refusal::new("invalid_request", format!("{name} is missing")))
}

/// A new access token for `user`, plus a refresh token when `refresh_scope` has offline_access.
pub fn issue(store: &Store, client_id: &str, user: &str, scope: &str, refresh_scope: &str) -> Response<Body> {
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

/// The code's grant, used up by this first attempt whatever follows.
fn redeem(store: &Store, code: &str, client: &OAuthClient, redirect_uri: &str) -> Result<CodeGrant, Refusal> {
    let grant = match store.grants.redeem_code(code, &client.id) {
        CodeLookup::Valid(g) => g,
        CodeLookup::Unknown => return Err(Refusal::new("invalid_grant", "unknown authorization code")),
        CodeLookup::Used => return Err(Refusal::new("invalid_grant", "the authorization code has already been used")),
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
    Ok(grant)
}

pub fn authorization_code(store: &Store, auth: Option<&str>, form: &Form) -> Response<Body> {
    let run = || -> Answer {
        let client = token_client(store, auth, form)?;
        if client.flow == Flow::Implicit {
            return Err(Refusal::new(
                "unauthorized_client",
                format!("client '{}' has the implicit flow only; it gets no authorization codes", client.id),
            ));
        }
        let code = require(form, "code")?;
        let redirect_uri = require(form, "redirect_uri")?;
        let grant = if client.flow == Flow::Server {
            let grant = redeem(store, code, client, redirect_uri)?;
            // IdentityServer3's TokenRequestValidator: "Unexpected code_verifier with Flow
            // AuthorizationCode" (invalid_grant, after the code is removed); a live Panopto
            // answered so to a Server-side Web Application that sent PKCE with its secret
            // (comppolicylab/pingpong commit 028f0b08).
            if field(form, "code_verifier").is_some() {
                return Err(Refusal::new(
                    "invalid_grant",
                    format!(
                        "unexpected code_verifier: client '{}' is a Server-side Web Application, whose codes \
                         are redeemed with the client secret alone (no PKCE); the code is now used up",
                        client.id
                    ),
                ));
            }
            grant
        } else {
            let verifier = require(form, "code_verifier")?;
            if !valid_verifier(verifier) {
                return Err(Refusal::new(
                    "invalid_request",
                    "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)",
                ));
            }
            let grant = redeem(store, code, client, redirect_uri)?;
            if s256(verifier) != grant.code_challenge {
                return Err(Refusal::new("invalid_grant", "code_verifier does not match the code_challenge (S256)"));
            }
            grant
        };
        Ok(issue(store, &client.id, &grant.user, &grant.scope, &grant.scope))
    };
    run().unwrap_or_else(Refusal::into_response)
}
