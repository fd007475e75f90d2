//! An authorization request, checked the same way when the sign-in page is asked for (GET) and
//! when its form comes back (POST), in the order of IdentityServer3's `AuthorizeRequestValidator`
//! (the validator behind Panopto's /Panopto/oauth2 routes). Its user errors go on a page, never
//! to a redirect URI: an unknown client or redirect URI (RFC 6749 §4.1.2.1: never redirect to an
//! unverified URI), a missing or unknown response_type or response_mode, and a response_type the
//! client's flow does not allow ("Invalid flow for client" → `unauthorized_client`). Its client
//! errors (PKCE, scope, nonce) go to the client's redirect URI (§4.1.2.1, §4.2.2.1).

use super::pkce::check_challenge;
use super::response_type::ResponseType;
use super::scope_rules;
use crate::config::Config;
use crate::oauth_clients::{Flow, OAuthClient};

/// The users the sign-in page offers; any valid typed name works too.
pub const USERS: [&str; 3] = ["teacher", "ta", "student"];

/// Parameters a request may carry once; the form carries them back as hidden fields.
pub const CARRIED: [&str; 9] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
];

/// A user name: 1-64 letters, digits, '.', '-', '_' or '@'.
pub fn valid_username(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_@".contains(&b))
}

/// Where and how the client hears the outcome.
#[derive(Clone, Debug)]
pub struct Redirect {
    pub uri: String,
    /// In the fragment (implicit flow) rather than the query (code flow).
    pub fragment: bool,
    pub state: Option<String>,
}

impl Redirect {
    /// The redirect URI with `params` and the request's state, percent-encoded.
    pub fn with(&self, params: &[(&str, &str)]) -> String {
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, URL_VALUE).to_string();
        let state = self.state.as_deref().map(|s| ("state", s));
        let joined: Vec<String> =
            params.iter().copied().chain(state).map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
        let sep = if self.fragment {
            '#'
        } else if self.uri.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{sep}{}", self.uri, joined.join("&"))
    }
}

/// Everything but the unreserved characters is encoded, so values survive any parser.
const URL_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub enum Rejection {
    /// Shown on a 400 page: the redirect URI cannot be trusted.
    Page { code: &'static str, description: String },
    /// Sent to the client's redirect URI.
    Redirect { to: Redirect, code: &'static str, description: String },
}

/// A request fit for the consent page.
pub struct Valid {
    pub client: OAuthClient,
    pub to: Redirect,
    pub response_type: ResponseType,
    /// The scopes asked for, each once, in the order given.
    pub scopes: Vec<String>,
    /// The public client's S256 challenge, checked; a Server-side Web Application's as sent (its
    /// flow has no PKCE: IdentityServer3 checks a challenge only for a proof-key client).
    pub code_challenge: Option<String>,
    /// Echoed in the id_token.
    pub nonce: Option<String>,
    /// The request's own parameters, to carry through the form unchanged.
    pub carried: Vec<(String, String)>,
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

pub fn validate(cfg: &Config, pairs: &[(String, String)]) -> Result<Valid, Rejection> {
    let twice = CARRIED.iter().copied().find(|n| pairs.iter().filter(|(k, _)| k == n).count() > 1);
    let page = |code, description: String| Rejection::Page { code, description };
    // Which client, where to and how to answer are not known for sure while these are doubled.
    if let Some(n @ ("client_id" | "redirect_uri" | "response_type" | "response_mode")) = twice {
        return Err(page("invalid_request", format!("parameter '{n}' was given more than once")));
    }
    let Some(client_id) = get(pairs, "client_id") else {
        return Err(page("invalid_request", "client_id is missing".into()));
    };
    let Some(client) = cfg.oauth_clients.iter().find(|c| c.id == client_id) else {
        return Err(page("invalid_client", format!("unknown client '{client_id}'")));
    };
    let Some(uri) = get(pairs, "redirect_uri") else {
        return Err(page("invalid_request", format!("redirect_uri is missing (client '{client_id}')")));
    };
    if !client.has_redirect(uri) {
        return Err(page(
            "invalid_request",
            format!(
                "redirect URI not registered for client '{client_id}': '{uri}' (registered: {})",
                client.redirect_uris.join(", ")
            ),
        ));
    }
    // "Missing response_type" and "Response type not supported" are user errors in
    // IdentityServer3 since 1.5.3 (commit 0a0e80b7, "Changed error behavior for missing/invalid
    // response types"): a page, not a redirect.
    let Some(raw_type) = get(pairs, "response_type") else {
        return Err(page("unsupported_response_type", "response_type is missing".into()));
    };
    let Some(rt) = ResponseType::parse(raw_type) else {
        return Err(page(
            "unsupported_response_type",
            format!(
                "response_type '{raw_type}' is not supported: the known ones are code, token, id_token, \
                 id_token token and the hybrid code id_token, code token, code id_token token"
            ),
        ));
    };
    let to = Redirect { uri: uri.to_string(), fragment: !rt.is_code(), state: get(pairs, "state").map(str::to_string) };
    let fail = |code, description: String| Rejection::Redirect { to: to.clone(), code, description };
    if let Some(n) = twice {
        return Err(fail("invalid_request", format!("parameter '{n}' was given more than once")));
    }
    // A proof-key client's challenge is checked before anything else about the flow
    // (IdentityServer3: `RequestMatchesProofKeyFlow`, then `ValidateProofKeyParameters`).
    let code_challenge = match (rt, client.flow) {
        (ResponseType::Code, Flow::Code) => Some(check_challenge(pairs).map_err(|d| fail("invalid_request", d))?),
        (ResponseType::Code, Flow::Server) => get(pairs, "code_challenge").map(str::to_string),
        _ => None,
    };
    check_mode(get(pairs, "response_mode"), rt).map_err(|d| page("unsupported_response_type", d))?;
    if !rt.allowed_for(client.flow) {
        return Err(page(
            "unauthorized_client",
            format!(
                "client '{client_id}' does not allow response_type '{}': its flow is {}",
                rt.as_str(),
                client.flow.describe()
            ),
        ));
    }
    let scopes = scope_rules::check(rt, get(pairs, "scope")).map_err(|(code, d)| fail(code, d))?;
    let nonce = get(pairs, "nonce").map(str::to_string);
    // IdentityServer3: "Nonce required for implicit and hybrid flow with openid scope".
    if rt.is_implicit() && nonce.is_none() && scopes.iter().any(|s| s == "openid") {
        return Err(fail("invalid_request", "Nonce required for implicit flow with openid scope".into()));
    }
    let carried = pairs.iter().filter(|(k, _)| CARRIED.contains(&k.as_str())).cloned().collect();
    Ok(Valid { client: client.clone(), to, response_type: rt, scopes, code_challenge, nonce, carried })
}

/// `response_mode`, as IdentityServer3's `AllowedResponseModesForFlow` allows it: the flow's own
/// mode (query for code, fragment otherwise). IdentityServer3 also has form_post, which the
/// emulator does not (it would need a self-submitting page); it is refused like an unknown mode.
fn check_mode(mode: Option<&str>, rt: ResponseType) -> Result<(), String> {
    match mode {
        None => Ok(()),
        Some(m) if m == rt.default_mode() => Ok(()),
        Some("form_post") => Err("response_mode form_post is not emulated; leave response_mode out".into()),
        Some(m @ ("query" | "fragment")) => Err(format!(
            "response_mode '{m}' is not allowed with response_type '{}': it answers in the {}",
            rt.as_str(),
            rt.default_mode()
        )),
        Some(m) => Err(format!("response_mode '{m}' is not supported: use query (code) or fragment (implicit)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_and_redirects() {
        assert!(valid_username("a.b-c_d@e") && !valid_username("") && !valid_username("a b"));
        assert!(!valid_username(&"a".repeat(65)));
        let r = Redirect { uri: "http://p.test/cb?x=1".into(), fragment: false, state: Some("a b&c".into()) };
        assert_eq!(r.with(&[("code", "k")]), "http://p.test/cb?x=1&code=k&state=a%20b%26c");
        let r = Redirect { uri: "http://p.test/cb".into(), fragment: true, state: None };
        assert_eq!(r.with(&[("error", "access_denied")]), "http://p.test/cb#error=access_denied");
    }

    #[test]
    fn response_modes_follow_the_flow() {
        assert!(check_mode(None, ResponseType::Token).is_ok());
        assert!(check_mode(Some("fragment"), ResponseType::IdTokenToken).is_ok());
        assert!(check_mode(Some("query"), ResponseType::Code).is_ok());
        assert!(check_mode(Some("query"), ResponseType::Token).unwrap_err().contains("fragment"));
        assert!(check_mode(Some("fragment"), ResponseType::Code).unwrap_err().contains("query"));
        assert!(check_mode(Some("form_post"), ResponseType::Code).unwrap_err().contains("not emulated"));
        assert!(check_mode(Some("jwt"), ResponseType::Code).is_err());
    }
}
