//! Which sign-in client a token request comes from, authenticated as its type requires, before
//! its grant is looked at (IdentityServer3's `TokenEndpointController`: the client validator
//! runs first and any failure is `invalid_client`). A Server-side Web Application proves itself
//! with its secret (HTTP Basic or the client_secret field, RFC 6749 §2.3.1); the public
//! --oauth-client and the implicit --oauth-implicit-client have none to prove (any sent is
//! ignored), as before.

use super::reply::{client_credentials, Form, Refusal};
use crate::oauth_clients::{Flow, OAuthClient};
use crate::state::Store;

/// Whether the request carries HTTP Basic credentials.
fn uses_basic(auth: Option<&str>) -> bool {
    auth.and_then(|a| a.get(..6)).is_some_and(|s| s.eq_ignore_ascii_case("basic "))
}

/// The client the request names, if it may use the sign-in grants.
pub fn token_client<'a>(store: &'a Store, auth: Option<&str>, form: &Form) -> Result<&'a OAuthClient, Refusal> {
    let (id, secret) = client_credentials(auth, form);
    let basic = uses_basic(auth);
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return Err(Refusal::new("invalid_request", "client_id is missing"));
    };
    if let Some(c) = store.cfg.oauth_clients.iter().find(|c| c.id == id) {
        if c.flow == Flow::Server {
            check_secret(c, secret.as_deref(), basic)?;
        }
        return Ok(c);
    }
    if id == store.cfg.client_id {
        return Err(Refusal::new(
            "unauthorized_client",
            format!("client '{id}' is the confidential client: it has grant_type=client_credentials only"),
        ));
    }
    Err(Refusal::invalid_client(format!("unknown client '{id}'"), basic))
}

/// A Server-side Web Application's secret "is required at /connect/token" (Panopto's
/// auth-server-side-web-app sample sends it with every code and refresh exchange).
fn check_secret(c: &OAuthClient, sent: Option<&str>, basic: bool) -> Result<(), Refusal> {
    match sent.filter(|s| !s.is_empty()) {
        None => Err(Refusal::invalid_client(
            format!(
                "client '{}' is a Server-side Web Application: send its secret (HTTP Basic or client_secret)",
                c.id
            ),
            basic,
        )),
        Some(s) if Some(s) != c.secret.as_deref() => {
            Err(Refusal::invalid_client(format!("wrong client secret for client '{}'", c.id), basic))
        }
        Some(_) => Ok(()),
    }
}
