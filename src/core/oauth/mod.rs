//! OAuth2 sign-in for a page with no back end, against Panopto's
//! `/Panopto/oauth2/connect/authorize` and `/connect/token`: the authorization code flow with
//! PKCE (S256) as a public client (a client secret never belongs in a page), the implicit flow
//! where a server offers no code flow for the client, and refresh tokens (scope
//! `offline_access`). Pure build + parse: the engine drives the popup and the requests.

pub mod authorize;
pub mod base64url;
pub mod pkce;
pub mod token;
