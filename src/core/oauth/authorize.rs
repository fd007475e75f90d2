//! The authorization request (the URL the sign-in window opens) and what comes back to the
//! redirect page: a code, tokens (implicit flow, in the fragment), or an error, with the
//! `state` that ties the answer to the request this page made.
//!
//! Panopto's OAuth server is IdentityServer3's (reference/panopto-api.md §13): a request whose
//! flow the client does not allow is an error page in the window, never an answer, so the
//! element asks for exactly the flow the page configured (`oauth-flow`) and guesses nothing.

use crate::core::uri_encode::{parse_query, uri_encode};

/// The code flow's scopes: the REST API, an id, and a refresh token (Panopto's samples:
/// "offline access scope is needed to get refresh token").
pub const CODE_SCOPE: &str = "openid api offline_access";
/// The implicit flow's: a `token` response is for resource scopes only (IdentityServer3
/// refuses `openid` with it as `invalid_scope`), and it never gives a refresh token.
pub const IMPLICIT_SCOPE: &str = "api";

/// The callback page answers over a `BroadcastChannel` of this name plus the request's
/// `state` too (js/oauth-callback.js): a popup cut off from its opener by an identity
/// provider's `Cross-Origin-Opener-Policy` still reaches the page that way.
pub const CHANNEL_PREFIX: &str = "panopto-uploader-sign-in:";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flow {
    /// `response_type=token`: what Panopto's browser client type, the *JavaScript Web
    /// Application*, does.
    #[default]
    Implicit,
    /// Authorization code with PKCE (S256) and no secret, for a Panopto that accepts it.
    Code,
}

impl Flow {
    /// The `oauth-flow` attribute's value.
    pub fn attribute(self) -> &'static str {
        match self {
            Flow::Implicit => "implicit",
            Flow::Code => "code",
        }
    }

    pub fn from_attribute(v: &str) -> Option<Flow> {
        [Flow::Implicit, Flow::Code].into_iter().find(|f| f.attribute() == v)
    }
}

pub struct AuthorizeRequest<'a> {
    /// `scheme://host[:port]` of the Panopto server.
    pub origin: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    /// The PKCE challenge (code flow only).
    pub challenge: &'a str,
    pub flow: Flow,
}

impl AuthorizeRequest<'_> {
    pub fn url(&self) -> String {
        let mut params = vec![
            ("response_type", if self.flow == Flow::Code { "code" } else { "token" }),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", if self.flow == Flow::Code { CODE_SCOPE } else { IMPLICIT_SCOPE }),
            ("state", self.state),
        ];
        if self.flow == Flow::Code {
            params.extend([("code_challenge", self.challenge), ("code_challenge_method", "S256")]);
        }
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", uri_encode(v))).collect();
        format!("{}/Panopto/oauth2/connect/authorize?{}", self.origin, query.join("&"))
    }
}

/// What the redirect page received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Code { code: String, state: String },
    Tokens { access_token: String, expires_in: Option<u64>, state: String },
    Error { error: String, description: Option<String>, state: Option<String> },
}

/// Read the redirect URL: parameters in the query (code flow) or the fragment (implicit).
/// `None` when it carries none of them (not an answer to a sign-in).
pub fn parse_callback(url: &str) -> Option<Callback> {
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
    let mut params = parse_query(query);
    params.extend(parse_query(fragment));
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    if let Some(error) = get("error") {
        return Some(Callback::Error { error, description: get("error_description"), state: get("state") });
    }
    let state = get("state").unwrap_or_default();
    if let Some(code) = get("code") {
        return Some(Callback::Code { code, state });
    }
    get("access_token").map(|access_token| Callback::Tokens {
        access_token,
        expires_in: get("expires_in").and_then(|e| e.parse().ok()),
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_authorize_url_carries_pkce_and_state_encoded() {
        let r = AuthorizeRequest {
            origin: "https://school.hosted.panopto.com",
            client_id: "lms page",
            redirect_uri: "https://lms.example/pkg/oauth-callback.html",
            state: "s1",
            challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            flow: Flow::Code,
        };
        assert_eq!(
            r.url(),
            "https://school.hosted.panopto.com/Panopto/oauth2/connect/authorize?response_type=code&client_id=lms%20page\
             &redirect_uri=https%3A%2F%2Flms.example%2Fpkg%2Foauth-callback.html&scope=openid%20api%20offline_access\
             &state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
        let implicit = AuthorizeRequest { flow: Flow::Implicit, ..r }.url();
        assert!(implicit.contains("response_type=token&") && !implicit.contains("code_challenge"), "{implicit}");
        assert!(implicit.contains("&scope=api&state=s1"), "resource scopes only, no openid: {implicit}");
        assert_eq!(Flow::from_attribute("code"), Some(Flow::Code));
        assert_eq!((Flow::from_attribute("pkce"), Flow::default()), (None, Flow::Implicit));
    }

    #[test]
    fn callbacks_of_every_kind() {
        let cb = |u| parse_callback(u).unwrap();
        assert_eq!(cb("https://lms/cb?code=abc&state=s1"), Callback::Code { code: "abc".into(), state: "s1".into() });
        assert_eq!(
            cb("https://lms/cb#access_token=t%2B1&token_type=Bearer&expires_in=3600&state=s2"),
            Callback::Tokens { access_token: "t+1".into(), expires_in: Some(3600), state: "s2".into() }
        );
        assert_eq!(
            cb("https://lms/cb?error=access_denied&error_description=The%20user%20said%20no&state=s3"),
            Callback::Error {
                error: "access_denied".into(),
                description: Some("The user said no".into()),
                state: Some("s3".into())
            }
        );
        assert_eq!(parse_callback("https://lms/cb"), None);
        assert_eq!(parse_callback("https://lms/cb?code="), None, "an empty code is no code");
    }
}
