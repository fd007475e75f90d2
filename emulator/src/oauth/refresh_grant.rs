//! The token endpoint's `refresh_token` grant for the sign-in clients: rotated (every use
//! returns a new refresh token and retires the old one), a narrower scope may be asked for (RFC
//! 6749 §6). A Server-side Web Application sends its secret again (`client_auth.rs`; Panopto's
//! samples refresh with client_id and client_secret); an implicit client never has a refresh
//! token (RFC 6749 §4.2.2), so it may not use the grant at all.

use super::client_auth::token_client;
use super::code_grant::{issue, require, Answer};
use super::grants::{RefreshGrant, RefreshLookup};
use super::reply::{field, Form, Refusal};
use crate::oauth_clients::Flow;
use crate::state::Store;
use axum::body::Body;
use axum::http::Response;

pub fn refresh_token(store: &Store, auth: Option<&str>, form: &Form) -> Response<Body> {
    let run = || -> Answer {
        let client = token_client(store, auth, form)?;
        // RFC 6749 §5.2: unauthorized_client, "not authorized to use this authorization grant type".
        if client.flow == Flow::Implicit {
            return Err(Refusal::new(
                "unauthorized_client",
                format!(
                    "client '{}' has the implicit flow, which never issues refresh tokens (RFC 6749 §4.2.2): \
                     sign in again when the access token ends",
                    client.id
                ),
            ));
        }
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
